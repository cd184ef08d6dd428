//! The validator compiled from the schemas: `crates/antom-schema/src/compiled/generated.rs`.
//!
//! The `jsonschema` crate interprets a compiled schema tree at run time. The schemas here are
//! fixed at build time, so this generator turns them into plain Rust instead: one function per
//! (variant, `$defs` entry) that walks a `serde_json::Value` and returns a bool, stopping at
//! the first problem. It only answers "valid or not": the findings of an invalid payload
//! (pointers, messages) still come from the `jsonschema` crate.
//!
//! Two variants are generated, over the bundle's `$defs` (see [`crate::schema_bundle`]):
//! - **documented**: the schemas as written; this also covers the received form of what Antom
//!   writes, which the bundle holds as `$defs/received.<key>`;
//! - **closed**: every `$defs` entry passed through `antom-schema`'s own closing transform
//!   (`crates/antom-schema/src/closed.rs`, compiled into this generator as it is, so both always
//!   agree): objects that declare `properties` and say nothing about other members get
//!   `unevaluatedProperties: false`, open enumerations keep only their enumeration.
//!
//! Entry points, per message kind: `clean` gives the verdict `Validator::validate` starts from
//! (the documented schema where the merchant writes, the closed documented one where Antom
//! writes) and `accepted` the one of `Validator::is_valid` (the documented schema where the
//! merchant writes, the received form where Antom writes).
//!
//! Keywords: `type` (one or a list), `enum` and `const` (strings), `properties`, `required`,
//! `additionalProperties` (a boolean or a schema), `unevaluatedProperties: false` (with the
//! annotation rules of the `jsonschema` crate for `properties`, `additionalProperties`,
//! `$ref`, `allOf`, `anyOf`, `if`/`then`/`else`), `items`, `maxItems`, `minItems`,
//! `maxLength`, `minLength` (Unicode code points), `pattern` (see [`pattern`]), `format`
//! `date-time` and `email`, `$ref` to a whole `$defs` entry, `allOf`, `anyOf`, `if`/`then`/`else`,
//! `not`; annotations (`$comment`, `description`, `title`, `contentMediaType`, `contentSchema`,
//! ...) are ignored, as draft 2020-12 says. Anything else is refused with an error naming the
//! keyword and where it is, so a schema change cannot slip past the generated code.

mod evaluated;
mod functions;
mod keywords;
mod node;
mod object;
mod pattern;

#[path = "../../../crates/antom-schema/src/closed.rs"]
#[allow(dead_code)]
mod closed;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::Path;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::{Map, Value};

use crate::schema_bundle::SchemaBundle;
use crate::COMMAND;

/// Where the generated validator goes, relative to the workspace root.
pub const OUT: &str = "crates/antom-schema/src/compiled/generated.rs";

type Result<T> = std::result::Result<T, String>;

/// The key of a reference to a whole bundle definition (`#/$defs/<key>`); `None` for any
/// other reference (one into a definition, or outside the bundle).
fn def_key(reference: &str) -> Option<&str> {
    antom_schema_core::reference::def_target(reference)
        .filter(|(_, rest)| rest.is_empty())
        .map(|(key, _)| key)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Variant {
    Documented,
    Closed,
}

impl Variant {
    fn prefix(self) -> &'static str {
        match self {
            Variant::Documented => "d",
            Variant::Closed => "c",
        }
    }
}

/// Statements that `return false` when the instance is invalid, or `None` when no instance
/// is valid (a `false` schema, or types that exclude each other).
type Code = Option<TokenStream>;

/// Where the code being generated is: for helper names and error messages.
#[derive(Clone)]
struct Cx {
    variant: Variant,
    /// Name of the function being generated (helpers are named after it).
    owner: String,
    /// `$defs` key and JSON Pointer inside it, for errors.
    key: String,
    pointer: String,
}

impl Cx {
    fn at(&self, token: impl std::fmt::Display) -> Cx {
        Cx {
            pointer: format!("{}/{token}", self.pointer),
            ..self.clone()
        }
    }

    fn err(&self, what: impl std::fmt::Display) -> String {
        format!(
            "the compiled validator: $defs/{} at {}: {what}",
            self.key,
            if self.pointer.is_empty() {
                "/"
            } else {
                &self.pointer
            }
        )
    }
}

/// The generator: what it has generated and what is still to do.
struct Gen<'a> {
    documented: &'a Map<String, Value>,
    closed: Map<String, Value>,
    /// Function of each (variant, `$defs` key) asked for so far.
    def_fns: HashMap<(Variant, String), Ident>,
    /// Every function name given out, with what it is (to refuse collisions).
    names: HashMap<String, String>,
    queue: VecDeque<(Variant, String)>,
    items: Vec<TokenStream>,
    /// Helper function of each (variant, subschema text).
    helpers: HashMap<(Variant, String), Ident>,
    helper_counts: HashMap<String, usize>,
    /// Function of each pattern, and the pattern functions.
    patterns: BTreeMap<String, Ident>,
    pattern_items: Vec<TokenStream>,
    /// Counter for local variable names within one function.
    vars: usize,
}

/// The generated file for the schemas in `schema_dir`.
pub fn generate(schema_dir: &Path) -> Result<String> {
    let bundle = SchemaBundle::load(schema_dir)?;
    let mut gen = Gen::new(&bundle.defs);
    let mut clean = Vec::new();
    let mut accepted = Vec::new();
    let mut kinds = Vec::new();
    for kind in &bundle.kinds {
        let id = kind.id.as_str();
        kinds.push(id.to_string());
        let (c, a) = if kind.antom_writes() {
            (
                gen.def_fn(Variant::Closed, id)?,
                gen.def_fn(Variant::Documented, &kind.accepted_key())?,
            )
        } else {
            let f = gen.def_fn(Variant::Documented, id)?;
            (f.clone(), f)
        };
        clean.push(quote!(#id => #c(v),));
        accepted.push(quote!(#id => #a(v),));
    }
    gen.run()?;
    let items = &gen.items;
    let pattern_items = &gen.pattern_items;
    let pattern_arms = gen.patterns.iter().map(|(p, f)| quote!(#p => #f(s),));
    let count = kinds.len();
    let tokens = quote! {
        use serde_json::Value;

        /// Every message kind, in catalog order.
        pub(super) const KINDS: [&str; #count] = [#(#kinds),*];

        /// The verdict `Validator::validate` starts from: the documented schema where the
        /// merchant writes, the closed documented schema where Antom writes.
        pub(super) fn clean(kind: &str, v: &Value) -> Option<bool> {
            Some(match kind {
                #(#clean)*
                _ => return None,
            })
        }

        /// The verdict of `Validator::is_valid`: the documented schema where the merchant
        /// writes, the received form where Antom writes.
        pub(super) fn accepted(kind: &str, v: &Value) -> Option<bool> {
            Some(match kind {
                #(#accepted)*
                _ => return None,
            })
        }

        /// Whether `s` matches `pattern`, for each pattern of the schemas.
        pub(super) fn pattern(pattern: &str, s: &str) -> Option<bool> {
            Some(match pattern {
                #(#pattern_arms)*
                _ => return None,
            })
        }

        #(#pattern_items)*
        #(#items)*
    };
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the generated validator does not parse: {e}"))?;
    Ok(format!(
        "// @generated by `{COMMAND}` from schema/ (codegen/src/compiled/); do not edit.\n{}",
        prettyplease::unparse(&file)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The code of `$defs/k`, both variants.
    fn compile(schema: Value) -> Result<String> {
        let defs = json!({ "k": schema });
        let defs = defs.as_object().unwrap();
        let mut gen = Gen::new(defs);
        gen.def_fn(Variant::Documented, "k")?;
        gen.def_fn(Variant::Closed, "k")?;
        gen.run()?;
        let items = &gen.items;
        Ok(quote!(#(#items)*).to_string())
    }

    #[test]
    fn refuses_what_it_does_not_implement_naming_it_and_where() {
        for (schema, what) in [
            (
                json!({"type": "integer", "minimum": 1}),
                "keyword `minimum`",
            ),
            (
                json!({"properties": {"a": {"oneOf": [{}, {}]}}}),
                "keyword `oneOf`",
            ),
            (
                json!({"patternProperties": {"^a": {}}}),
                "keyword `patternProperties`",
            ),
            (
                json!({"properties": {"a": {"format": "uri"}}}),
                "format \"uri\"",
            ),
            (json!({"enum": ["a", 1]}), "non-string value 1"),
            (json!({"const": true}), "non-string value true"),
            (
                json!({"$ref": "#/$defs/k/properties/a"}),
                "is not `#/$defs/<key>`",
            ),
            (json!({"$ref": "#/$defs/nowhere"}), "no $defs/nowhere"),
            (
                json!({"properties": {"a": {}}, "unevaluatedProperties": {"type": "string"}}),
                "only `unevaluatedProperties: false`",
            ),
            (json!({"pattern": "^\\d+$"}), "escaped punctuation"),
            (json!({"type": "decimal"}), "unknown type"),
        ] {
            let err = compile(schema.clone()).expect_err(&schema.to_string());
            assert!(err.contains(what), "{schema}: {err}");
            assert!(err.contains("$defs/k"), "{schema}: {err}");
        }
        let err = compile(json!({"properties": {"a": {"items": {"minimum": 0}}}})).unwrap_err();
        assert!(err.contains("at /properties/a/items"), "{err}");
    }

    #[test]
    fn annotations_and_everything_implemented_compile() {
        let code = compile(json!({
            "$comment": "c", "title": "t", "description": "d",
            "type": "object",
            "required": ["a"],
            "properties": {
                "a": {"type": "string", "maxLength": 3, "minLength": 1, "pattern": "^[a-z]+$"},
                "b": {"type": ["array", "null"], "items": {"enum": ["x", "y"]}, "maxItems": 2, "minItems": 1},
                "c": {"anyOf": [{"type": "integer"}, {"type": "string", "const": "z"}]},
                "d": {"type": "string", "format": "date-time"},
                "e": {"type": "string", "format": "email", "contentMediaType": "application/json", "contentSchema": {"$ref": "#/$defs/k"}},
                "f": {"not": {"type": "null"}},
                "g": {"additionalProperties": {"type": "number"}}
            },
            "allOf": [{"if": {"properties": {"a": {"const": "x"}}}, "then": {"required": ["b"]}, "else": {"required": ["c"]}}]
        }))
        .unwrap();
        assert!(code.contains("fn d_k"), "{code}");
        // Repeated names and values are one check each (a repeated bit would never be set).
        let code = compile(json!({
            "required": ["a", "a"],
            "properties": {"a": {"enum": ["x", "x", "y"]}, "b": {}, "c": {}, "d": {}, "e": {}},
            "additionalProperties": false
        }))
        .unwrap();
        assert!(code.contains("!= 1"), "{code}");
        assert_eq!(code.matches("\"x\"").count(), 2, "{code}");
        assert!(code.contains("fn c_k"), "{code}");
    }
}
