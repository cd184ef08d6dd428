//! The object keywords (`properties`, `required`, `additionalProperties`,
//! `unevaluatedProperties: false`) as the checks on an object's map: a lookup per declared
//! member for small objects, else one pass over the instance's members dispatched by name.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

use super::functions::lit_str;
use super::{Code, Cx, Gen, Result};

/// Above this many declared members an object's members are dispatched by one `match` over the
/// instance's members instead of one map lookup per declared member.
const LOOKUPS_AT_MOST: usize = 4;

/// Above this many names a member `match` first dispatches on the name's length.
const FLAT_MATCH_AT_MOST: usize = 8;

impl Gen<'_> {
    /// The checks of the object keywords on `m` (the map of `v`).
    pub(super) fn object(
        &mut self,
        cx: &Cx,
        obj: &Map<String, Value>,
        v: &Ident,
        m: &Ident,
    ) -> Result<Code> {
        let empty = Map::new();
        let props = match obj.get("properties") {
            None => &empty,
            Some(Value::Object(p)) => p,
            Some(_) => return Err(cx.at("properties").err("not an object")),
        };
        let required: Vec<&str> = match obj.get("required") {
            None => Vec::new(),
            Some(Value::Array(r)) => r
                .iter()
                .map(|n| {
                    n.as_str()
                        .ok_or_else(|| cx.at("required").err("a non-string name"))
                })
                .collect::<Result<_>>()?,
            Some(_) => return Err(cx.at("required").err("not an array")),
        };
        let mut unique = BTreeSet::new();
        let required: Vec<&str> = required.into_iter().filter(|r| unique.insert(*r)).collect();
        let additional = obj.get("additionalProperties");
        let unevaluated_closed = match obj.get("unevaluatedProperties") {
            None | Some(Value::Bool(true)) => false,
            Some(Value::Bool(false)) => additional.is_none(),
            Some(_) => {
                return Err(cx
                    .at("unevaluatedProperties")
                    .err("only `unevaluatedProperties: false` is implemented"))
            }
        };

        // Members evaluated besides `properties`, when unevaluated ones are refused.
        let mut extra_names: Vec<String> = Vec::new();
        let mut conditional: Vec<(Vec<TokenStream>, Option<Vec<String>>)> = Vec::new();
        let mut everything_evaluated = false;
        if unevaluated_closed {
            let mut own = obj.clone();
            own.remove("unevaluatedProperties");
            let e = self.evaluated(cx, &Value::Object(own), v, &mut Vec::new())?;
            everything_evaluated = e.all;
            let declared: BTreeSet<String> = props.keys().cloned().collect();
            extra_names = e.names.difference(&declared).cloned().collect();
            let known: BTreeSet<String> = e.names.clone();
            for (condition, inner) in &e.conditional {
                inner.flatten(std::slice::from_ref(condition), &known, &mut conditional);
            }
        }
        let refuse_others = unevaluated_closed && !everything_evaluated;

        // Each declared member's checks, on `x`; `k` is the member's name.
        let x = self.var("x");
        let k = self.var("k");
        let seen = self.var("seen");
        let mut members: Vec<(String, Code)> = Vec::new();
        for (name, sub) in props {
            let code = self.node(&cx.at("properties").at(name), sub, &x)?;
            members.push((name.clone(), code));
        }

        let mut parts = Vec::new();
        let fallback_uses_name = additional.is_none()
            && refuse_others
            && conditional.iter().any(|(_, names)| names.is_some());
        let fallback: Option<TokenStream> = match additional {
            Some(Value::Bool(false)) => Some(quote!({
                return false;
            })),
            Some(Value::Bool(true)) => None,
            Some(schema) => match self.node(&cx.at("additionalProperties"), schema, &x)? {
                Some(body) if body.is_empty() => None,
                Some(body) => Some(quote!({ #body })),
                None => Some(quote!({
                    return false;
                })),
            },
            None if refuse_others => {
                let alternatives: Vec<TokenStream> = conditional
                    .iter()
                    .map(|(conditions, names)| {
                        let names = names.as_ref().map(|names| {
                            let lits = names.iter().map(|n| lit_str(n));
                            quote!(matches!(#k.as_str(), #(#lits)|*))
                        });
                        let all = conditions.iter().cloned().chain(names);
                        quote!((#(#all)&&*))
                    })
                    .collect();
                Some(if alternatives.is_empty() {
                    quote!({
                        return false;
                    })
                } else {
                    quote!({ if !(#(#alternatives)||*) { return false; } })
                })
            }
            None => None,
        };

        let iterate = fallback.is_some() || members.len() > LOOKUPS_AT_MOST;
        if !iterate {
            for name in &required {
                parts.push(quote!(if !#m.contains_key(#name) { return false; }));
            }
            for (name, code) in &members {
                match code {
                    Some(body) if body.is_empty() => {}
                    Some(body) => parts.push(quote! {
                        if let Some(#x) = #m.get(#name) { #body }
                    }),
                    None => parts.push(quote!(if #m.contains_key(#name) { return false; })),
                }
            }
            return Ok(Some(quote!(#(#parts)*)));
        }

        // One pass over the instance's members; required declared members set a bit.
        let bits: Vec<&str> = required
            .iter()
            .copied()
            .filter(|r| props.contains_key(*r))
            .take(64)
            .collect();
        for name in &required {
            if !bits.contains(name) {
                parts.push(quote!(if !#m.contains_key(#name) { return false; }));
            }
        }
        let mut arms: Vec<(String, TokenStream)> = Vec::new();
        for (name, code) in &members {
            let bit = bits.iter().position(|b| b == name).map(|i| {
                let bit = Literal::u64_unsuffixed(1u64 << i);
                quote!(#seen |= #bit;)
            });
            let body = match code {
                Some(body) => quote!({ #body #bit }),
                None => quote!({
                    return false;
                }),
            };
            arms.push((name.clone(), body));
        }
        if refuse_others {
            for name in &extra_names {
                arms.push((name.clone(), quote!({})));
            }
        }
        let fallback = fallback.unwrap_or_else(|| quote!({}));
        let loop_ = if arms.is_empty() && !fallback_uses_name {
            quote! {
                for #x in #m.values() {
                    #fallback
                }
            }
        } else {
            let dispatch = member_match(&k, &arms, &fallback);
            quote! {
                for (#k, #x) in #m {
                    #dispatch
                }
            }
        };
        if bits.is_empty() {
            parts.push(loop_);
        } else {
            let mask = if bits.len() == 64 {
                Literal::u64_unsuffixed(u64::MAX)
            } else {
                Literal::u64_unsuffixed((1u64 << bits.len()) - 1)
            };
            parts.push(quote! {
                let mut #seen: u64 = 0;
                #loop_
                if #seen != #mask { return false; }
            });
        }
        Ok(Some(quote!(#(#parts)*)))
    }
}

/// Dispatch on a member name `k` (a `&String`): one block per name, the `fallback` block for
/// any other name; by length first when there are many names.
fn member_match(k: &Ident, arms: &[(String, TokenStream)], fallback: &TokenStream) -> TokenStream {
    let flat = |arms: &[&(String, TokenStream)]| match arms {
        [] => quote!(#fallback),
        [(name, body)] if fallback.to_string() == "{ }" => quote!(if #k == #name #body),
        [(name, body)] => quote!(if #k == #name #body else #fallback),
        _ => {
            let arms = arms.iter().map(|(name, body)| quote!(#name => #body));
            quote! {
                match #k.as_str() {
                    #(#arms)*
                    _ => #fallback
                }
            }
        }
    };
    if arms.len() <= FLAT_MATCH_AT_MOST {
        return flat(&arms.iter().collect::<Vec<_>>());
    }
    let mut by_len: BTreeMap<usize, Vec<&(String, TokenStream)>> = BTreeMap::new();
    for arm in arms {
        by_len.entry(arm.0.len()).or_default().push(arm);
    }
    let groups = by_len.iter().map(|(len, arms)| {
        let len = Literal::usize_unsuffixed(*len);
        let inner = flat(arms);
        quote!(#len => { #inner })
    });
    quote! {
        match #k.len() {
            #(#groups)*
            _ => #fallback
        }
    }
}
