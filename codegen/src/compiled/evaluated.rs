//! What `unevaluatedProperties` sees as evaluated, as the `jsonschema` crate marks it:
//! the members named by `properties`, everything after `additionalProperties`, and what
//! `$ref`, `allOf`, `anyOf` and `if`/`then`/`else` evaluate, some of it only when a condition
//! holds.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::Value;

use super::{def_key, Cx, Gen, Result};

/// Properties an `unevaluatedProperties` sees as evaluated (the `jsonschema` crate's
/// `mark_evaluated_properties`): names, or every member, unconditionally, plus what applies
/// only when a condition (a boolean expression over the instance) holds.
#[derive(Default)]
pub(super) struct Evaluated {
    pub(super) names: BTreeSet<String>,
    pub(super) all: bool,
    pub(super) conditional: Vec<(TokenStream, Evaluated)>,
}

impl Evaluated {
    pub(super) fn is_empty(&self) -> bool {
        self.names.is_empty() && !self.all && self.conditional.is_empty()
    }

    pub(super) fn merge(&mut self, other: Evaluated) {
        self.names.extend(other.names);
        self.all |= other.all;
        self.conditional.extend(other.conditional);
    }

    /// Flattens the conditional parts: (conditions that must all hold, names or `None` for
    /// every member), leaving out names `known` covers anyway.
    pub(super) fn flatten(
        &self,
        conditions: &[TokenStream],
        known: &BTreeSet<String>,
        out: &mut Vec<(Vec<TokenStream>, Option<Vec<String>>)>,
    ) {
        if self.all {
            out.push((conditions.to_vec(), None));
        } else {
            let names: Vec<String> = self.names.difference(known).cloned().collect();
            if !names.is_empty() {
                out.push((conditions.to_vec(), Some(names)));
            }
        }
        for (condition, inner) in &self.conditional {
            let mut all = conditions.to_vec();
            all.push(condition.clone());
            inner.flatten(&all, known, out);
        }
    }
}

impl Gen<'_> {
    /// What `unevaluatedProperties` sees as evaluated by `schema` (applied to the object `v`),
    /// as the `jsonschema` crate marks it; `seen` guards against `$ref` cycles.
    pub(super) fn evaluated(
        &mut self,
        cx: &Cx,
        schema: &Value,
        v: &Ident,
        seen: &mut Vec<String>,
    ) -> Result<Evaluated> {
        let mut out = Evaluated::default();
        let Value::Object(obj) = schema else {
            // A boolean schema evaluates nothing.
            return Ok(out);
        };
        self.check_keywords(cx, obj)?;
        if let Some(Value::Object(props)) = obj.get("properties") {
            out.names.extend(props.keys().cloned());
        }
        if obj.contains_key("additionalProperties") {
            out.all = true;
        }
        match obj.get("unevaluatedProperties") {
            None | Some(Value::Bool(false)) => {}
            Some(Value::Bool(true)) => out.all = true,
            Some(_) => {
                return Err(cx
                    .at("unevaluatedProperties")
                    .err("only `unevaluatedProperties: false` is implemented"))
            }
        }
        if let Some(reference) = obj.get("$ref") {
            let key = reference
                .as_str()
                .and_then(def_key)
                .ok_or_else(|| {
                    cx.at("$ref")
                        .err(format!("$ref {reference} is not `#/$defs/<key>`"))
                })?
                .to_string();
            if !seen.contains(&key) {
                seen.push(key.clone());
                let target = self
                    .defs(cx.variant)
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| cx.err(format!("no $defs/{key}")))?;
                let sub = Cx {
                    key: key.clone(),
                    pointer: String::new(),
                    ..cx.clone()
                };
                out.merge(self.evaluated(&sub, &target, v, seen)?);
                seen.pop();
            }
        }
        if let Some(Value::Array(all)) = obj.get("allOf") {
            // When the schema holding the `unevaluatedProperties` is valid, so is each `allOf`
            // branch: what they evaluate counts unconditionally.
            for (i, sub) in all.iter().enumerate() {
                let e = self.evaluated(&cx.at("allOf").at(i), sub, v, seen)?;
                out.merge(e);
            }
        }
        if let Some(Value::Array(any)) = obj.get("anyOf") {
            for (i, sub) in any.iter().enumerate() {
                let e = self.evaluated(&cx.at("anyOf").at(i), sub, v, seen)?;
                if !e.is_empty() {
                    let c = self.expr(&cx.at("anyOf").at(i), sub, v)?;
                    out.conditional.push((c, e));
                }
            }
        }
        if let Some(condition) = obj.get("if") {
            let mut when = self.evaluated(&cx.at("if"), condition, v, seen)?;
            if let Some(then) = obj.get("then") {
                when.merge(self.evaluated(&cx.at("then"), then, v, seen)?);
            }
            let otherwise = match obj.get("else") {
                Some(e) => self.evaluated(&cx.at("else"), e, v, seen)?,
                None => Evaluated::default(),
            };
            if !when.is_empty() || !otherwise.is_empty() {
                let c = self.expr(&cx.at("if"), condition, v)?;
                if !when.is_empty() {
                    out.conditional.push((c.clone(), when));
                }
                if !otherwise.is_empty() {
                    out.conditional.push((quote!(!#c), otherwise));
                }
            }
        }
        Ok(out)
    }
}
