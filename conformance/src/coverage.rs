//! Which schema members a set of instances exercises.
//!
//! A member is identified by the schema file that declares it and its name
//! (`defs/Amount.schema.json#value`): the same model reached from several places counts once,
//! which is what a reader of the schema wants to know ("is `Goods.goodsUnitAmount` ever
//! tried?").

use std::collections::BTreeSet;

use serde_json::Value;

use crate::gen::SchemaSet;

/// A declared member: (schema file, member name).
pub type Member = (String, String);

/// Every member declared by the schemas reachable from `file` (following `$ref`, including
/// the schemas that `allOf` rules give to members, such as the payment method metadata).
pub fn declared(set: &SchemaSet, file: &str) -> BTreeSet<Member> {
    let mut out = BTreeSet::new();
    let mut visited = BTreeSet::new();
    let doc = set.file(file).clone();
    declared_in(set, file, &doc, &mut out, &mut visited);
    out
}

fn declared_in(
    set: &SchemaSet,
    file: &str,
    schema: &Value,
    out: &mut BTreeSet<Member>,
    visited: &mut BTreeSet<String>,
) {
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        let target = crate::gen::join(file, target);
        if visited.insert(target.clone()) {
            let doc = set.file(&target).clone();
            declared_in(set, &target, &doc, out, visited);
        }
        return;
    }
    match schema {
        Value::Object(map) => {
            if let Some(props) = map.get("properties").and_then(Value::as_object) {
                // `properties` inside a condition (`if`) or a rule's `then` only constrains
                // members declared elsewhere; only a schema with a type declares members.
                if map.get("type").is_some() {
                    for name in props.keys() {
                        out.insert((file.to_string(), name.clone()));
                    }
                }
            }
            for (key, child) in map {
                if key != "if" {
                    declared_in(set, file, child, out, visited);
                }
            }
        }
        Value::Array(items) => {
            for child in items {
                declared_in(set, file, child, out, visited);
            }
        }
        Value::String(text) => {
            // A string holding JSON with a schema of its own (paymentActionForm).
            if let Some(inner) = schema.get("contentSchema") {
                if let Ok(decoded) = serde_json::from_str::<Value>(text) {
                    visit(set, file, inner, &decoded, out);
                }
            }
        }
        _ => {}
    }
}

/// Records the declared members present in `value`, an instance of the schema file `file`.
pub fn exercised(set: &SchemaSet, file: &str, value: &Value, out: &mut BTreeSet<Member>) {
    let doc = set.file(file).clone();
    visit(set, file, &doc, value, out);
}

fn visit(set: &SchemaSet, file: &str, schema: &Value, value: &Value, out: &mut BTreeSet<Member>) {
    let (file, schema) = set.resolve(file, schema);
    match value {
        Value::Array(items) => {
            if let Some(item) = schema.get("items") {
                for v in items {
                    visit(set, &file, item, v, out);
                }
            }
        }
        Value::Object(object) => {
            let Some(props) = schema.get("properties").and_then(Value::as_object) else {
                // A map: every value follows the `additionalProperties` schema.
                if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
                    for v in object.values() {
                        visit(set, &file, values, v, out);
                    }
                }
                return;
            };
            for (name, member) in object {
                let Some(mut sub) = props.get(name).cloned() else {
                    continue;
                };
                out.insert((file.clone(), name.clone()));
                // A rule may give the member a schema of its own (payment method metadata).
                for rule in schema
                    .get("allOf")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let (Some(cond), Some(then)) = (rule.get("if"), rule.get("then")) {
                        if crate::gen::matches(cond, &Value::Object(object.clone())) {
                            if let Some(own) = then
                                .get("properties")
                                .and_then(|p| p.get(name))
                                .filter(|s| s.get("$ref").is_some())
                            {
                                sub = own.clone();
                            }
                        }
                    }
                }
                visit(set, &file, &sub, member, out);
            }
        }
        Value::String(text) => {
            // A string holding JSON with a schema of its own (paymentActionForm).
            if let Some(inner) = schema.get("contentSchema") {
                if let Ok(decoded) = serde_json::from_str::<Value>(text) {
                    visit(set, &file, inner, &decoded, out);
                }
            }
        }
        _ => {}
    }
}
