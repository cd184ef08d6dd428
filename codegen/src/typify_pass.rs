//! Runs typify over the projected bundle.

use heck::ToUpperCamelCase;
use serde_json::{json, Value};
use typify::{TypeSpace, TypeSpacePatch, TypeSpaceSettings};

use crate::bundle::{json_string_def, Bundle};

/// What typify emits for the bundle, before [`crate::postprocess`] fixes it up.
pub fn run(bundle: &Bundle) -> Result<syn::File, String> {
    let mut settings = TypeSpaceSettings::default();
    settings
        .with_derive("PartialEq".to_string())
        // Unknown members are kept in a map that keeps their order (serde_json's
        // preserve_order is on in the workspace).
        .with_map_type("::serde_json::Map".to_string())
        // typify would pick `DateTime<Utc>` and lose the offsets the API sends (`+08:30`).
        // `Timestamp` is a `DateTime<FixedOffset>` that also remembers the exact text, so a
        // `Z` stays a `Z` on the way back out.
        .with_conversion(
            schema(json!({"type": "string", "format": "date-time"})),
            "crate::Timestamp",
            std::iter::empty(),
        )
        // `f64` would turn `1` into `1.0` on the way back out; `Number` keeps the value as sent.
        .with_conversion(
            schema(json!({"type": "number"})),
            "::serde_json::Number",
            std::iter::empty(),
        );
    // typify names types with heck's UpperCamelCase (`ThreeDSResult` would become
    // `ThreeDsResult`); the Rust name stays the schema's name, so the one can be found from the
    // other.
    for name in bundle.defs.keys() {
        let sanitized = name.to_upper_camel_case();
        if &sanitized != name {
            settings.with_patch(sanitized, TypeSpacePatch::default().with_rename(name));
        }
    }
    for name in &bundle.open_enums {
        settings.with_replacement(name.to_upper_camel_case(), name, std::iter::empty());
    }
    for (name, value_type) in &bundle.scalars {
        settings.with_replacement(
            name.to_upper_camel_case(),
            format!("crate::Scalar<{value_type}>"),
            std::iter::empty(),
        );
    }
    for content in &bundle.json_strings {
        settings.with_replacement(
            json_string_def(content),
            format!("crate::JsonString<{content}>"),
            std::iter::empty(),
        );
    }

    let mut type_space = TypeSpace::new(&settings);
    let defs = bundle
        .defs
        .iter()
        .map(|(name, value)| {
            serde_json::from_value::<schemars::schema::Schema>(value.clone())
                .map(|s| (name.clone(), s))
                .map_err(|e| format!("{name}: the projected schema is not a schemars schema: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    type_space
        .add_ref_types(defs)
        .map_err(|e| format!("typify: {e}"))?;
    syn::parse2(type_space.to_stream()).map_err(|e| format!("typify output does not parse: {e}"))
}

fn schema(value: Value) -> schemars::schema::SchemaObject {
    serde_json::from_value(value).expect("a literal schema object")
}
