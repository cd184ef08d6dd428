//! One schema as statements on a value: the checks of each JSON type (strings, arrays,
//! numbers; objects in [`super::object`]), the type dispatch, and the applicators (`$ref`,
//! `allOf`, `anyOf`, `if`/`then`/`else`, `not`).

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::Value;

use super::functions::lit_str;
use super::keywords::{limit, narrow, Kind, Ty, KINDS};
use super::{Code, Cx, Gen, Result};

impl Gen<'_> {
    /// Statements checking `v` (a `&Value`) against `schema`.
    pub(super) fn node(&mut self, cx: &Cx, schema: &Value, v: &Ident) -> Result<Code> {
        let obj = match schema {
            Value::Bool(true) => return Ok(Some(quote!())),
            Value::Bool(false) => return Ok(None),
            Value::Object(obj) => obj,
            _ => return Err(cx.err("a schema is neither an object nor a boolean")),
        };
        self.check_keywords(cx, obj)?;

        // `type`, narrowed by a string `enum` or `const`.
        let mut types: Option<BTreeSet<Ty>> = match obj.get("type") {
            None => None,
            Some(Value::String(t)) => {
                Some([Ty::parse(t).ok_or_else(|| cx.err(format!("unknown type {t:?}")))?].into())
            }
            Some(Value::Array(list)) => Some(
                list.iter()
                    .map(|t| {
                        t.as_str()
                            .and_then(Ty::parse)
                            .ok_or_else(|| cx.err(format!("unknown type {t}")))
                    })
                    .collect::<Result<_>>()?,
            ),
            Some(other) => return Err(cx.at("type").err(format!("unsupported value {other}"))),
        };
        let mut string_checks = Vec::new();
        let s = self.var("s");
        if let Some(values) = obj.get("enum") {
            let values: Vec<&str> = values
                .as_array()
                .ok_or_else(|| cx.at("enum").err("not an array"))?
                .iter()
                .map(|x| {
                    x.as_str()
                        .ok_or_else(|| cx.at("enum").err(format!("non-string value {x}")))
                })
                .collect::<Result<_>>()?;
            if values.is_empty() {
                return Ok(None);
            }
            let mut unique = BTreeSet::new();
            let values: Vec<&str> = values.into_iter().filter(|x| unique.insert(*x)).collect();
            let lits = values.iter().map(|x| lit_str(x));
            string_checks.push(if values.len() == 1 {
                let only = values[0];
                quote!(if #s != #only { return false; })
            } else {
                quote!(if !matches!(#s.as_str(), #(#lits)|*) {
                    return false;
                })
            });
            types = Some(narrow(types, Ty::String));
        }
        if let Some(value) = obj.get("const") {
            let text = value
                .as_str()
                .ok_or_else(|| cx.at("const").err(format!("non-string value {value}")))?;
            string_checks.push(quote! {
                if #s != #text { return false; }
            });
            types = Some(narrow(types, Ty::String));
        }
        if let Some(n) = obj.get("maxLength") {
            let n = limit(cx, "maxLength", n)?;
            string_checks.push(quote! {
                if !super::chars_at_most(#s, #n) { return false; }
            });
        }
        if let Some(n) = obj.get("minLength") {
            let n = limit(cx, "minLength", n)?;
            string_checks.push(quote! {
                if !super::chars_at_least(#s, #n) { return false; }
            });
        }
        if let Some(p) = obj.get("pattern") {
            let p = p
                .as_str()
                .ok_or_else(|| cx.at("pattern").err("not a string"))?;
            let f = self.pattern(p).map_err(|e| cx.at("pattern").err(e))?;
            string_checks.push(quote! {
                if !#f(#s) { return false; }
            });
        }
        if let Some(format) = obj.get("format") {
            match format.as_str() {
                Some("date-time") => string_checks.push(quote! {
                    if !super::date_time(#s) { return false; }
                }),
                Some("email") => string_checks.push(quote! {
                    if !super::email(#v) { return false; }
                }),
                _ => {
                    return Err(cx.at("format").err(format!(
                        "format {format} is not implemented by the compiled validator"
                    )))
                }
            }
        }

        let mut array_checks = Vec::new();
        let a = self.var("a");
        if let Some(n) = obj.get("maxItems") {
            let n = limit(cx, "maxItems", n)?;
            array_checks.push(quote!(if #a.len() > #n { return false; }));
        }
        if let Some(n) = obj.get("minItems") {
            let n = limit(cx, "minItems", n)?;
            array_checks.push(quote!(if #a.len() < #n { return false; }));
        }
        if let Some(items) = obj.get("items") {
            let x = self.var("x");
            match self.node(&cx.at("items"), items, &x)? {
                Some(body) if body.is_empty() => {}
                Some(body) => array_checks.push(quote! {
                    for #x in #a { #body }
                }),
                None => array_checks.push(quote!(if !#a.is_empty() { return false; })),
            }
        }

        let m = self.var("m");
        let object_checks = self.object(cx, obj, v, &m)?;

        let n = self.var("n");
        let number_checks = match &types {
            Some(t) if t.contains(&Ty::Integer) && !t.contains(&Ty::Number) => {
                quote!(if !super::is_integer(#n) { return false; })
            }
            _ => quote!(),
        };

        // The type dispatch, with the checks of each JSON type.
        let mut arms = Vec::new();
        let mut allowed_kinds = 0;
        let mut restricted = false;
        for kind in KINDS {
            let allowed = match &types {
                None => true,
                Some(t) => match kind {
                    Kind::Object => t.contains(&Ty::Object),
                    Kind::Array => t.contains(&Ty::Array),
                    Kind::String => t.contains(&Ty::String),
                    Kind::Number => t.contains(&Ty::Number) || t.contains(&Ty::Integer),
                    Kind::Bool => t.contains(&Ty::Boolean),
                    Kind::Null => t.contains(&Ty::Null),
                },
            };
            if !allowed {
                restricted = true;
                continue;
            }
            allowed_kinds += 1;
            let (bound, wild, body): (TokenStream, TokenStream, Code) = match kind {
                Kind::Object => (
                    quote!(Value::Object(#m)),
                    quote!(Value::Object(_)),
                    object_checks.clone(),
                ),
                Kind::Array => (
                    quote!(Value::Array(#a)),
                    quote!(Value::Array(_)),
                    Some(quote!(#(#array_checks)*)),
                ),
                Kind::String => (
                    quote!(Value::String(#s)),
                    quote!(Value::String(_)),
                    Some(quote!(#(#string_checks)*)),
                ),
                Kind::Number => (
                    quote!(Value::Number(#n)),
                    quote!(Value::Number(_)),
                    Some(number_checks.clone()),
                ),
                Kind::Bool => (
                    quote!(Value::Bool(_)),
                    quote!(Value::Bool(_)),
                    Some(quote!()),
                ),
                Kind::Null => (quote!(Value::Null), quote!(Value::Null), Some(quote!())),
            };
            // A pattern that binds only where the checks use the binding.
            let pattern = match &body {
                Some(b) if !b.is_empty() => bound,
                _ => wild,
            };
            arms.push((kind, pattern, body));
        }
        let mut parts: Vec<TokenStream> = Vec::new();
        if allowed_kinds == 0 {
            return Ok(None);
        }
        if restricted && arms.len() == 1 {
            let (kind, pattern, body) = arms.pop().unwrap();
            let Some(body) = body else {
                return Ok(None);
            };
            parts.push(match kind {
                Kind::Bool => quote!(if !#v.is_boolean() { return false; }),
                Kind::Null => quote!(if !#v.is_null() { return false; }),
                _ if body.is_empty() => quote!(if !matches!(#v, #pattern) {
                    return false;
                }),
                _ => quote! {
                    let #pattern = #v else { return false; };
                    #body
                },
            });
        } else {
            let busy: Vec<_> = arms
                .iter()
                .filter(|(_, _, body)| body.as_ref().is_none_or(|b| !b.is_empty()))
                .collect();
            if restricted {
                let arms = arms.iter().map(|(_, pattern, body)| match body {
                    Some(body) if body.is_empty() => quote!(#pattern => {}),
                    Some(body) => quote!(#pattern => { #body }),
                    None => quote!(#pattern => return false,),
                });
                parts.push(quote! {
                    match #v {
                        #(#arms)*
                        _ => return false,
                    }
                });
            } else if busy.len() == 1 {
                let (_, pattern, body) = busy[0];
                parts.push(match body {
                    Some(body) => quote!(if let #pattern = #v { #body }),
                    None => quote!(if matches!(#v, #pattern) {
                        return false;
                    }),
                });
            } else if !busy.is_empty() {
                let arms = busy.iter().map(|(_, pattern, body)| match body {
                    Some(body) => quote!(#pattern => { #body }),
                    None => quote!(#pattern => return false,),
                });
                parts.push(quote! {
                    match #v {
                        #(#arms)*
                        _ => {}
                    }
                });
            }
        }

        if let Some(reference) = obj.get("$ref") {
            let f = self.reference(&cx.at("$ref"), reference)?;
            parts.push(quote!(if !#f(#v) { return false; }));
        }
        if let Some(all) = obj.get("allOf") {
            let all = all
                .as_array()
                .ok_or_else(|| cx.at("allOf").err("not an array"))?;
            for (i, sub) in all.iter().enumerate() {
                match self.node(&cx.at("allOf").at(i), sub, v)? {
                    Some(code) => parts.push(code),
                    None => return Ok(None),
                }
            }
        }
        if let Some(any) = obj.get("anyOf") {
            let any = any
                .as_array()
                .ok_or_else(|| cx.at("anyOf").err("not an array"))?;
            let mut alternatives = Vec::new();
            let mut always = false;
            for (i, sub) in any.iter().enumerate() {
                let e = self.expr(&cx.at("anyOf").at(i), sub, v)?;
                match e.to_string().as_str() {
                    "true" => always = true,
                    "false" => {}
                    _ => alternatives.push(e),
                }
            }
            if !always {
                if alternatives.is_empty() {
                    return Ok(None);
                }
                parts.push(quote!(if !(#(#alternatives)||*) { return false; }));
            }
        }
        if let Some(condition) = obj.get("if") {
            let then = match obj.get("then") {
                Some(t) => self.node(&cx.at("then"), t, v)?,
                None => Some(quote!()),
            };
            let otherwise = match obj.get("else") {
                Some(e) => self.node(&cx.at("else"), e, v)?,
                None => Some(quote!()),
            };
            let then_empty = then.as_ref().is_some_and(TokenStream::is_empty);
            let else_empty = otherwise.as_ref().is_some_and(TokenStream::is_empty);
            if !(then_empty && else_empty) {
                let c = self.expr(&cx.at("if"), condition, v)?;
                let then = then.unwrap_or_else(|| quote!(return false;));
                let otherwise = otherwise.unwrap_or_else(|| quote!(return false;));
                parts.push(if else_empty {
                    quote!(if #c { #then })
                } else if then_empty {
                    quote!(if !(#c) { #otherwise })
                } else {
                    quote!(if #c { #then } else { #otherwise })
                });
            }
        }
        if let Some(not) = obj.get("not") {
            let c = self.expr(&cx.at("not"), not, v)?;
            parts.push(quote!(if #c { return false; }));
        }
        Ok(Some(quote!(#(#parts)*)))
    }
}
