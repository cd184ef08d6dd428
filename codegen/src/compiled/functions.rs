//! The functions of the generated file and their names: one per (variant, `$defs` entry),
//! queued as `$ref`s reach them; one helper per distinct subschema that has to be a boolean
//! expression (`anyOf` alternatives, `if`, `not`); one per pattern.

use std::collections::{BTreeMap, HashMap, VecDeque};

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use super::keywords::{Ty, ANNOTATIONS};
use super::{closed, def_key, pattern, Cx, Gen, Result, Variant};

fn snake(key: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            previous_lower = true;
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    out.trim_matches('_').to_string()
}

pub(super) fn lit_str(s: &str) -> Literal {
    Literal::string(s)
}

impl<'a> Gen<'a> {
    pub(super) fn new(documented: &'a Map<String, Value>) -> Gen<'a> {
        let closed = documented
            .iter()
            .map(|(k, v)| (k.clone(), closed::close(v)))
            .collect();
        Gen {
            documented,
            closed,
            def_fns: HashMap::new(),
            names: HashMap::new(),
            queue: VecDeque::new(),
            items: Vec::new(),
            helpers: HashMap::new(),
            helper_counts: HashMap::new(),
            patterns: BTreeMap::new(),
            pattern_items: Vec::new(),
            vars: 0,
        }
    }

    pub(super) fn defs(&self, variant: Variant) -> &Map<String, Value> {
        match variant {
            Variant::Documented => self.documented,
            Variant::Closed => &self.closed,
        }
    }

    pub(super) fn claim(&mut self, name: &str, what: String) -> Result<()> {
        if let Some(other) = self.names.insert(name.to_string(), what.clone()) {
            return Err(format!(
                "the compiled validator: {what} and {other} would both be named `{name}`"
            ));
        }
        Ok(())
    }

    /// The function validating `$defs/<key>` in `variant`, queued for generation.
    pub(super) fn def_fn(&mut self, variant: Variant, key: &str) -> Result<Ident> {
        if let Some(f) = self.def_fns.get(&(variant, key.to_string())) {
            return Ok(f.clone());
        }
        if !self.defs(variant).contains_key(key) {
            return Err(format!("the compiled validator: no $defs/{key}"));
        }
        let name = format!("{}_{}", variant.prefix(), snake(key));
        self.claim(&name, format!("$defs/{key} ({variant:?})"))?;
        let ident = format_ident!("{name}");
        self.def_fns
            .insert((variant, key.to_string()), ident.clone());
        self.queue.push_back((variant, key.to_string()));
        Ok(ident)
    }

    pub(super) fn var(&mut self, base: &str) -> Ident {
        self.vars += 1;
        format_ident!("{base}{}", self.vars)
    }

    pub(super) fn run(&mut self) -> Result<()> {
        while let Some((variant, key)) = self.queue.pop_front() {
            let ident = self.def_fns[&(variant, key.clone())].clone();
            let schema = self.defs(variant)[&key].clone();
            let cx = Cx {
                variant,
                owner: ident.to_string(),
                key: key.clone(),
                pointer: String::new(),
            };
            let doc = format!(
                " `$defs/{key}`{}.",
                match variant {
                    Variant::Documented => "",
                    Variant::Closed => ", closed",
                }
            );
            let item = self.function(&cx, &ident, &doc, &schema)?;
            self.items.push(item);
        }
        Ok(())
    }

    pub(super) fn function(
        &mut self,
        cx: &Cx,
        ident: &Ident,
        doc: &str,
        schema: &Value,
    ) -> Result<TokenStream> {
        let saved = self.vars;
        self.vars = 0;
        let v = format_ident!("v");
        let code = self.node(cx, schema, &v)?;
        self.vars = saved;
        Ok(match code {
            Some(body) if body.is_empty() => quote! {
                #[doc = #doc]
                fn #ident(_: &Value) -> bool { true }
            },
            Some(body) => quote! {
                #[doc = #doc]
                fn #ident(#v: &Value) -> bool {
                    #body
                    true
                }
            },
            None => quote! {
                #[doc = #doc]
                fn #ident(_: &Value) -> bool { false }
            },
        })
    }

    /// A boolean expression: whether `v` is valid against `schema`.
    pub(super) fn expr(&mut self, cx: &Cx, schema: &Value, v: &Ident) -> Result<TokenStream> {
        let obj = match schema {
            Value::Bool(true) => return Ok(quote!(true)),
            Value::Bool(false) => return Ok(quote!(false)),
            Value::Object(obj) => obj,
            _ => return Err(cx.err("a schema is neither an object nor a boolean")),
        };
        let meaningful: Vec<&str> = obj
            .keys()
            .map(String::as_str)
            .filter(|k| !ANNOTATIONS.contains(k))
            .collect();
        match meaningful.as_slice() {
            [] => return Ok(quote!(true)),
            ["$ref"] => {
                let f = self.reference(cx, &obj["$ref"])?;
                return Ok(quote!(#f(#v)));
            }
            ["type"] => {
                if let Value::String(t) = &obj["type"] {
                    match Ty::parse(t) {
                        Some(Ty::String) => return Ok(quote!(#v.is_string())),
                        Some(Ty::Boolean) => return Ok(quote!(#v.is_boolean())),
                        Some(Ty::Null) => return Ok(quote!(#v.is_null())),
                        Some(Ty::Object) => return Ok(quote!(#v.is_object())),
                        Some(Ty::Array) => return Ok(quote!(#v.is_array())),
                        Some(Ty::Number) => return Ok(quote!(#v.is_number())),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        let text = serde_json::to_string(schema).map_err(|e| e.to_string())?;
        if let Some(f) = self.helpers.get(&(cx.variant, text.clone())) {
            return Ok(quote!(#f(#v)));
        }
        let count = self.helper_counts.entry(cx.owner.clone()).or_default();
        *count += 1;
        let name = format!("{}_{}", cx.owner, count);
        self.claim(
            &name,
            format!("a subschema of $defs/{} at {}", cx.key, cx.pointer),
        )?;
        let ident = format_ident!("{name}");
        self.helpers.insert((cx.variant, text), ident.clone());
        let doc = format!(" `$defs/{}` at `{}`.", cx.key, cx.pointer);
        let sub = Cx {
            owner: name,
            ..cx.clone()
        };
        let item = self.function(&sub, &ident, &doc, schema)?;
        self.items.push(item);
        Ok(quote!(#ident(#v)))
    }

    pub(super) fn reference(&mut self, cx: &Cx, reference: &Value) -> Result<Ident> {
        let target = reference
            .as_str()
            .and_then(def_key)
            .ok_or_else(|| cx.err(format!("$ref {reference} is not `#/$defs/<key>`")))?;
        if !self.defs(cx.variant).contains_key(target) {
            return Err(cx.err(format!("$ref {reference}: no $defs/{target}")));
        }
        self.def_fn(cx.variant, target)
    }

    pub(super) fn pattern(&mut self, p: &str) -> Result<Ident> {
        if let Some(f) = self.patterns.get(p) {
            return Ok(f.clone());
        }
        let name = format!("pattern_{}", self.patterns.len() + 1);
        let item = pattern::function(&name, p)?;
        let ident = format_ident!("{name}");
        self.patterns.insert(p.to_string(), ident.clone());
        self.pattern_items.push(item);
        Ok(ident)
    }
}
