//! The keywords: which the generator implements and which it ignores (annotations), the JSON
//! types of `type` and the kinds of `serde_json::Value` they dispatch on, and the checks of
//! keyword values shared by the other modules.

use std::collections::BTreeSet;

use proc_macro2::Literal;
use serde_json::{Map, Value};

use super::{Cx, Gen, Result};

/// Keywords that never make an instance invalid (annotations in draft 2020-12).
pub(super) const ANNOTATIONS: &[&str] = &[
    "$comment",
    "description",
    "title",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
];

/// Keywords the generator implements.
pub(super) const IMPLEMENTED: &[&str] = &[
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "unevaluatedProperties",
    "items",
    "maxItems",
    "minItems",
    "maxLength",
    "minLength",
    "pattern",
    "format",
    "$ref",
    "allOf",
    "anyOf",
    "if",
    "then",
    "else",
    "not",
];

/// JSON types of the `type` keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Ty {
    Null,
    Boolean,
    Object,
    Array,
    Number,
    Integer,
    String,
}

impl Ty {
    pub(super) fn parse(name: &str) -> Option<Ty> {
        Some(match name {
            "null" => Ty::Null,
            "boolean" => Ty::Boolean,
            "object" => Ty::Object,
            "array" => Ty::Array,
            "number" => Ty::Number,
            "integer" => Ty::Integer,
            "string" => Ty::String,
            _ => return None,
        })
    }
}

/// The kinds of `serde_json::Value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

pub(super) const KINDS: [Kind; 6] = [
    Kind::Object,
    Kind::Array,
    Kind::String,
    Kind::Number,
    Kind::Bool,
    Kind::Null,
];

impl Gen<'_> {
    pub(super) fn check_keywords(&self, cx: &Cx, obj: &Map<String, Value>) -> Result<()> {
        for key in obj.keys() {
            if !IMPLEMENTED.contains(&key.as_str()) && !ANNOTATIONS.contains(&key.as_str()) {
                return Err(cx.err(format!(
                    "keyword `{key}` is not implemented by the compiled validator (codegen/src/compiled/)"
                )));
            }
        }
        Ok(())
    }
}

pub(super) fn narrow(types: Option<BTreeSet<Ty>>, only: Ty) -> BTreeSet<Ty> {
    match types {
        None => [only].into(),
        Some(t) if t.contains(&only) => [only].into(),
        Some(_) => BTreeSet::new(),
    }
}

pub(super) fn limit(cx: &Cx, keyword: &str, value: &Value) -> Result<Literal> {
    value.as_u64().map(Literal::u64_unsuffixed).ok_or_else(|| {
        cx.at(keyword)
            .err(format!("{value} is not a non-negative integer"))
    })
}
