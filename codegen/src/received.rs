//! The received form of what Antom writes: the schemas a consumer validates Antom's responses
//! and notifications against.
//!
//! `schema/` states every documented limit. Antom's own output does not keep all of them (a
//! consult response has sent `logo.logoName` values longer than the documented 12 characters),
//! and a consumer that rejected a genuine response or notification would drop real payments.
//! So each response and notification kind, and every shared model it reaches, also gets a
//! copy under `$defs/received.<key>` without the documented limits Antom does not always keep:
//! `maxLength`, `minLength`, `maxItems`, `minItems`, `pattern`, and every `format` except
//! `date-time` (a consumer must be able to read a date-time). Structure, JSON types, required
//! members, enumerations and conditional rules stay. The files that catalog.json lists under
//! `encodings` (how an amount or a scalar is written) are not relaxed: a response whose amount
//! is not a string of minor units cannot be read, whoever wrote it.
//!
//! The entry points `<kind>.schema.json` of responses and notifications refer to the received
//! form; `$defs/<kind>` keeps the documented one, so a consumer can tell an error (the received
//! form fails) from a documented limit Antom did not keep (only the documented form fails).

use std::collections::{BTreeSet, VecDeque};

use antom_schema_core::keywords::{relaxed_in_received, DATA, SUBSCHEMA_MAP};
use antom_schema_core::reference;
use serde_json::{Map, Value};

/// Prefix of the received copies in `$defs`.
pub const PREFIX: &str = "received.";

fn refs_in(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, sub) in map {
                if key == "$ref" {
                    if let Some((target, _)) = sub.as_str().and_then(reference::def_target) {
                        out.push(target.to_string());
                    }
                } else if !DATA.contains(&key.as_str()) {
                    refs_in(sub, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs_in(v, out)),
        _ => {}
    }
}

/// The relaxed copy of one bundled schema; `relaxed` tells which keys have a received copy.
fn relax(value: &Value, relaxed: &BTreeSet<String>) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, sub) in map {
                let k = key.as_str();
                if relaxed_in_received(k, sub) {
                    continue;
                }
                let new = if DATA.contains(&k) {
                    sub.clone()
                } else if k == "$ref" {
                    match sub.as_str().and_then(reference::def_target) {
                        Some((key, fragment)) if relaxed.contains(key) => {
                            Value::String(reference::def_ref(&format!("{PREFIX}{key}"), fragment))
                        }
                        _ => sub.clone(),
                    }
                } else if SUBSCHEMA_MAP.contains(&k) {
                    match sub {
                        Value::Object(m) => Value::Object(
                            m.iter()
                                .map(|(name, s)| (name.clone(), relax(s, relaxed)))
                                .collect(),
                        ),
                        other => other.clone(),
                    }
                } else {
                    relax(sub, relaxed)
                };
                out.insert(key.clone(), new);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| relax(v, relaxed)).collect()),
        other => other.clone(),
    }
}

/// The received copies for the kinds `antom_kinds` (bundle keys), given the bundle's `$defs`
/// and the keys of the encoding files: `(received key, schema)` in a stable order (the kinds
/// first, then the models by name).
pub fn copies(
    defs: &Map<String, Value>,
    antom_kinds: &[String],
    encodings: &BTreeSet<String>,
) -> Result<Vec<(String, Value)>, String> {
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = antom_kinds.iter().cloned().collect();
    while let Some(key) = queue.pop_front() {
        if encodings.contains(&key) || !reached.insert(key.clone()) {
            continue;
        }
        let schema = defs
            .get(&key)
            .ok_or_else(|| format!("the bundle has no $defs/{key}"))?;
        let mut targets = Vec::new();
        refs_in(schema, &mut targets);
        queue.extend(targets);
    }
    let kinds: BTreeSet<&String> = antom_kinds.iter().collect();
    let order = antom_kinds
        .iter()
        .chain(reached.iter().filter(|k| !kinds.contains(k)));
    Ok(order
        .map(|key| (format!("{PREFIX}{key}"), relax(&defs[key], &reached)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn limits_go_structure_stays() {
        let defs = json!({
            "pay.response": {"type": "object", "required": ["logo"], "properties": {
                "logo": {"$ref": "#/$defs/Logo"},
                "amount": {"$ref": "#/$defs/Amount"},
                "pattern": {"type": "string", "maxLength": 3}
            }},
            "Logo": {"type": "object", "properties": {
                "logoName": {"type": "string", "maxLength": 12, "pattern": "^a", "format": "email"},
                "at": {"type": "string", "format": "date-time"},
                "kind": {"enum": ["maxLength"]}
            }},
            "Amount": {"type": "object", "properties": {"value": {"type": "string", "pattern": "^[0-9]+$"}}},
            "Unreached": {"type": "string", "maxLength": 1}
        });
        let defs = defs.as_object().unwrap();
        let encodings: BTreeSet<String> = ["Amount".to_string()].into();
        let out = copies(defs, &["pay.response".into()], &encodings).unwrap();
        let keys: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["received.pay.response", "received.Logo"]);
        assert_eq!(
            out[0].1,
            json!({"type": "object", "required": ["logo"], "properties": {
                "logo": {"$ref": "#/$defs/received.Logo"},
                "amount": {"$ref": "#/$defs/Amount"},
                "pattern": {"type": "string"}
            }})
        );
        assert_eq!(
            out[1].1["properties"],
            json!({
                "logoName": {"type": "string"},
                "at": {"type": "string", "format": "date-time"},
                "kind": {"enum": ["maxLength"]}
            })
        );
    }
}
