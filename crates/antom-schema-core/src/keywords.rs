//! Tables of JSON Schema (draft 2020-12) keywords, for the code that walks or rewrites the
//! schema files: which keywords hold subschemas, which hold instance data, and which limits
//! the received form of what Antom writes relaxes.

use serde_json::Value;

/// Keywords whose value is instance data, never a schema: a walk must not look for `$ref`s or
/// keywords inside them (`"enum": ["maxLength"]` is a value, `"required": ["$ref"]` a name).
pub const DATA: &[&str] = &["enum", "const", "required", "examples", "default"];

/// Keywords whose value is one subschema.
pub const SUBSCHEMA: &[&str] = &[
    "items",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "if",
    "then",
    "else",
    "not",
    "contains",
    "propertyNames",
    "contentSchema",
];

/// Keywords whose value maps names (member names, patterns, definition keys; never keywords)
/// to subschemas.
pub const SUBSCHEMA_MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Keywords whose value is a list of subschemas.
pub const SUBSCHEMA_LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Documented limits the received form of responses and notifications drops whatever their
/// value: Antom's own output does not always keep them.
pub const RELAXED_LIMITS: &[&str] = &["maxLength", "minLength", "maxItems", "minItems", "pattern"];

/// The one `format` the received form keeps: a consumer must be able to read a date-time.
pub const KEPT_FORMAT: &str = "date-time";

/// True when the received form drops `keyword` with this `value`: one of the
/// [`RELAXED_LIMITS`], or a `format` other than [`KEPT_FORMAT`].
pub fn relaxed_in_received(keyword: &str, value: &Value) -> bool {
    RELAXED_LIMITS.contains(&keyword) || (keyword == "format" && value != KEPT_FORMAT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_tables_do_not_overlap() {
        let tables = [
            DATA,
            SUBSCHEMA,
            SUBSCHEMA_MAP,
            SUBSCHEMA_LIST,
            RELAXED_LIMITS,
        ];
        for (i, a) in tables.iter().enumerate() {
            for b in &tables[i + 1..] {
                for k in *a {
                    assert!(!b.contains(k), "{k} is in two tables");
                }
            }
        }
    }

    #[test]
    fn what_the_received_form_relaxes() {
        assert!(relaxed_in_received("maxLength", &json!(12)));
        assert!(relaxed_in_received("pattern", &json!("^a")));
        assert!(relaxed_in_received("format", &json!("email")));
        assert!(!relaxed_in_received("format", &json!("date-time")));
        assert!(!relaxed_in_received("type", &json!("string")));
        assert!(!relaxed_in_received("enum", &json!(["A"])));
    }
}
