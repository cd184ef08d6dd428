//! The closed variant of a schema, used to find what Antom may add without breaking anyone.
//!
//! Responses and notifications are open: unknown members and enum values outside the listed
//! ones are valid. To report them anyway (as warnings), each file is also compiled in a closed
//! form: every open enumeration `{"anyOf": [{"$ref": X}, {"type": "string"}]}` keeps only its
//! first branch, and every object schema that declares `properties` and says nothing about
//! further members gets `unevaluatedProperties: false`. Whatever the closed form rejects and the
//! real one accepts is an unknown member or an unknown enum value.

use antom_schema_core::keywords::{SUBSCHEMA, SUBSCHEMA_LIST, SUBSCHEMA_MAP};
use antom_schema_core::shape::open_enum_ref;
use serde_json::{Map, Value};

/// `if` and `not` are left as written: they are conditions, and closing them would change
/// what they match (a rule's `if` would stop matching, and its `then` would never apply).
const CONDITIONS: &[&str] = &["if", "not"];

/// The closed variant of one schema document.
pub fn close(schema: &Value) -> Value {
    close_at(schema, false)
}

/// Keywords whose subschemas apply to the same instance as their parent. The parent's
/// `unevaluatedProperties` already sees the members they declare; closing them on their own
/// would refuse every member their siblings declare (the `then` that fixes a notification's
/// `notifyType` would refuse every other member of the notification).
const IN_PLACE: &[&str] = &["then", "else", "allOf", "anyOf", "oneOf"];

/// `in_place`: `schema` applies to the instance of its parent (see [`IN_PLACE`]).
fn close_at(schema: &Value, in_place: bool) -> Value {
    let Value::Object(obj) = schema else {
        return schema.clone();
    };
    let sub = |key: &str, value: &Value| close_at(value, IN_PLACE.contains(&key));
    let mut out = Map::new();
    for (key, value) in obj {
        let k = key.as_str();
        let new = if SUBSCHEMA.contains(&k) && !CONDITIONS.contains(&k) {
            sub(key, value)
        } else if SUBSCHEMA_MAP.contains(&k) {
            match value {
                Value::Object(m) => {
                    Value::Object(m.iter().map(|(k, v)| (k.clone(), close(v))).collect())
                }
                other => other.clone(),
            }
        } else if SUBSCHEMA_LIST.contains(&k) {
            match value {
                Value::Array(items) => Value::Array(items.iter().map(|v| sub(key, v)).collect()),
                other => other.clone(),
            }
        } else {
            value.clone()
        };
        out.insert(key.clone(), new);
    }
    if let Some(reference) = open_enum_ref(obj) {
        out.remove("anyOf");
        let branch = serde_json::json!({"$ref": reference});
        if out.contains_key("$ref") {
            let mut all = match out.remove("allOf") {
                Some(Value::Array(a)) => a,
                _ => Vec::new(),
            };
            all.push(branch);
            out.insert("allOf".into(), Value::Array(all));
        } else {
            out.insert("$ref".into(), Value::String(reference.to_string()));
        }
    }
    if !in_place
        && out.contains_key("properties")
        && !out.contains_key("additionalProperties")
        && !out.contains_key("unevaluatedProperties")
    {
        out.insert("unevaluatedProperties".into(), Value::Bool(false));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn closes_objects_and_enums() {
        let s = json!({
            "type": "object",
            "properties": {
                "properties": {"type": "object", "properties": {"a": {}}},
                "status": {"anyOf": [{"$ref": "S.schema.json"}, {"type": "string"}], "description": "d"}
            },
            "enum": [{"properties": {}}]
        });
        let c = close(&s);
        assert_eq!(c["unevaluatedProperties"], json!(false));
        assert_eq!(
            c["properties"]["properties"]["unevaluatedProperties"],
            json!(false)
        );
        assert!(c["properties"].get("unevaluatedProperties").is_none());
        assert_eq!(
            c["properties"]["status"],
            json!({"$ref": "S.schema.json", "description": "d"})
        );
        assert_eq!(c["enum"], json!([{"properties": {}}]));
    }
}

#[cfg(test)]
mod in_place_tests {
    use super::*;
    use serde_json::json;

    /// A rule's `then` applies to the object itself: the object's own closing covers what the
    /// branch declares, so the branch is not closed on its own (it would refuse every sibling).
    #[test]
    fn leaves_in_place_branches_to_their_parent() {
        let schema = json!({
            "type": "object",
            "properties": {"notifyType": {"type": "string"}, "paymentId": {"type": "string"}},
            "allOf": [{"if": {"required": ["notifyType"]},
                       "then": {"properties": {"notifyType": {"enum": ["PAYMENT_RESULT"]}}}}]
        });
        let closed = close(&schema);
        assert_eq!(closed["unevaluatedProperties"], json!(false));
        assert!(closed["allOf"][0]["then"]
            .get("unevaluatedProperties")
            .is_none());
        // An object reached through `properties` is closed as before.
        let nested =
            close(&json!({"properties": {"a": {"type": "object", "properties": {"b": {}}}}}));
        assert_eq!(
            nested["properties"]["a"]["unevaluatedProperties"],
            json!(false)
        );
    }
}
