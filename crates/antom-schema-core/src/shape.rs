//! The two `anyOf` shapes the schemas use (`schema/README.md`), recognised the same way by
//! the generator, the validator and the instance generator of the conformance suite.

use serde_json::{Map, Value};

/// The enumeration file an open enumeration refers to: the shape is exactly
/// `{"anyOf": [{"$ref": X}, {"type": "string"}]}` (a listed value, or any other string Antom
/// may add later), and the result is `X`. `None` for any other schema.
pub fn open_enum_ref(schema: &Map<String, Value>) -> Option<&str> {
    let [known, other] = schema.get("anyOf")?.as_array()?.as_slice() else {
        return None;
    };
    let reference = known
        .as_object()
        .filter(|o| o.len() == 1)?
        .get("$ref")?
        .as_str()?;
    let other = other.as_object()?;
    (other.len() == 1 && other.get("type").and_then(Value::as_str) == Some("string"))
        .then_some(reference)
}

/// The JSON type of a scalar the API accepts either as a JSON value or as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScalarType {
    /// `true` / `false`, or the same as a string.
    Boolean,
    /// An integer, or its decimal digits as a string.
    Integer,
    /// A number, or its text as a string.
    Number,
}

/// The scalar shape `{"anyOf": [{"type": "boolean" | "integer" | "number"}, {"type":
/// "string", ...}]}`: the native branch's type, and the native branch itself. The string
/// branch may carry further keywords (a `pattern`, an `enum`) saying which strings are
/// accepted; the native branch holds nothing but its `type`.
pub fn scalar(schema: &Map<String, Value>) -> Option<(ScalarType, &Value)> {
    let [native, text] = schema.get("anyOf")?.as_array()?.as_slice() else {
        return None;
    };
    if text.as_object()?.get("type").and_then(Value::as_str) != Some("string") {
        return None;
    }
    let ty = match native
        .as_object()
        .filter(|o| o.len() == 1)?
        .get("type")?
        .as_str()?
    {
        "boolean" => ScalarType::Boolean,
        "integer" => ScalarType::Integer,
        "number" => ScalarType::Number,
        _ => return None,
    };
    Some((ty, native))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn open_enumerations() {
        let open = map(
            json!({"anyOf": [{"$ref": "S.schema.json"}, {"type": "string"}], "description": "d"}),
        );
        assert_eq!(open_enum_ref(&open), Some("S.schema.json"));
        for other in [
            json!({"anyOf": [{"$ref": "S.schema.json", "description": "x"}, {"type": "string"}]}),
            json!({"anyOf": [{"$ref": "S.schema.json"}, {"type": "string", "maxLength": 3}]}),
            json!({"anyOf": [{"$ref": "S.schema.json"}, {"type": "integer"}]}),
            json!({"anyOf": [{"$ref": "S.schema.json"}]}),
            json!({"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}),
            json!({"$ref": "S.schema.json"}),
        ] {
            assert_eq!(open_enum_ref(&map(other.clone())), None, "{other}");
        }
    }

    #[test]
    fn scalars() {
        let boolean = map(
            json!({"anyOf": [{"type": "boolean"}, {"type": "string", "enum": ["true", "false"]}]}),
        );
        assert_eq!(scalar(&boolean).map(|s| s.0), Some(ScalarType::Boolean));
        assert_eq!(
            scalar(&boolean).map(|s| s.1),
            Some(&json!({"type": "boolean"}))
        );
        let integer =
            map(json!({"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^[0-9]+$"}]}));
        assert_eq!(scalar(&integer).map(|s| s.0), Some(ScalarType::Integer));
        let number = map(json!({"anyOf": [{"type": "number"}, {"type": "string"}]}));
        assert_eq!(scalar(&number).map(|s| s.0), Some(ScalarType::Number));
        for other in [
            json!({"anyOf": [{"type": "object"}, {"type": "string"}]}),
            json!({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]}),
            json!({"anyOf": [{"type": "integer"}, {"type": "number"}]}),
            json!({"anyOf": [{"$ref": "S.schema.json"}, {"type": "string"}]}),
        ] {
            assert!(scalar(&map(other.clone())).is_none(), "{other}");
        }
    }
}
