//! Reads `schema/` and turns it into one namespace of definitions that typify can digest.
//!
//! The schema files are written for validators (draft 2020-12, one file per model, relative
//! `$ref`s, conditional rules). typify 0.8 cannot follow `$ref` across files and panics on
//! `if`/`then`/`else`, so every file becomes `$defs/<Name>` of one bundle and each schema goes
//! through [`project`], which keeps the shape of the data and drops what only validation needs.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use antom_schema_core::catalog::Kind;
use antom_schema_core::shape::{self, ScalarType};
use serde_json::{json, Map, Value};

use crate::schema_bundle::{read_catalog, read_json};

/// What the generator knows about one property of an object model.
#[derive(Debug, Clone)]
pub struct Prop {
    pub required: bool,
    /// The schema allows an explicit `null` (`"type": [..., "null"]`).
    pub nullable: bool,
}

/// An object model, as far as the post-processing of typify's output needs it.
#[derive(Debug, Clone)]
pub struct ObjectModel {
    /// Properties by JSON name.
    pub props: BTreeMap<String, Prop>,
    /// `required`, in the order the schema lists it (the order of constructor arguments).
    pub required: Vec<String>,
    /// `additionalProperties: false`.
    pub closed: bool,
}

/// A string enumeration defined in its own file.
#[derive(Debug, Clone)]
pub struct EnumModel {
    pub values: Vec<String>,
    pub description: Option<String>,
}

#[derive(Debug, Default)]
pub struct Bundle {
    pub kinds: Vec<Kind>,
    /// Projected schemas by Rust type name, ready for typify.
    pub defs: BTreeMap<String, Value>,
    pub objects: BTreeMap<String, ObjectModel>,
    pub enums: BTreeMap<String, EnumModel>,
    /// Enumerations referenced through the open shape `anyOf: [{$ref}, {type: string}]`.
    pub open_enums: BTreeSet<String>,
    /// Definitions that appear as the `contentSchema` of a JSON-holding string.
    pub json_strings: BTreeSet<String>,
    /// Scalars the API may send as a JSON value or as a string (`BooleanValue`, ...), by
    /// definition name, with the Rust type of their value (`bool`, `i64`, ...).
    pub scalars: BTreeMap<String, &'static str>,
}

/// The Rust value type of a definition of the scalar shape (see [`shape::scalar`]).
fn scalar_value_type(schema: &Value) -> Option<&'static str> {
    let (ty, _) = shape::scalar(schema.as_object()?)?;
    Some(match ty {
        ScalarType::Boolean => "bool",
        ScalarType::Integer => "i64",
        ScalarType::Number => "::serde_json::Number",
        _ => return None,
    })
}

/// Name of the replaced type standing for a string that holds JSON of definition `content`.
pub fn json_string_def(content: &str) -> String {
    format!("JsonString{content}")
}

/// The Rust name of a definition file stem (`Result` would shadow `std::result::Result`).
pub fn rust_name(stem: &str) -> String {
    match stem {
        "Result" => "ApiResult".to_string(),
        other => other.to_string(),
    }
}

type Error = String;

impl Bundle {
    pub fn load(schema_dir: &Path) -> Result<Bundle, Error> {
        let mut bundle = Bundle::default();
        let catalog = read_catalog(schema_dir)?;
        let mut message_names = BTreeMap::new();
        for kind in catalog.kinds() {
            if kind.type_name.is_empty() {
                return Err(format!("catalog.json: {} has no typeName", kind.id));
            }
            message_names.insert(kind.schema.clone(), kind.type_name.clone());
            bundle.kinds.push(kind.clone());
        }

        let mut files: Vec<(String, PathBuf)> = Vec::new();
        for dir in ["defs", "messages"] {
            let mut entries = fs::read_dir(schema_dir.join(dir))
                .map_err(|e| format!("{}: {e}", schema_dir.join(dir).display()))?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| e.to_string())?;
            entries.sort();
            for path in entries {
                let file = path.file_name().unwrap().to_string_lossy().to_string();
                let Some(stem) = file.strip_suffix(".schema.json") else {
                    continue;
                };
                let rel = format!("{dir}/{file}");
                let name = if dir == "messages" {
                    message_names
                        .get(&rel)
                        .cloned()
                        .ok_or_else(|| format!("{rel} is not listed in catalog.json"))?
                } else {
                    rust_name(stem)
                };
                files.push((name, path));
            }
        }
        for kind in &bundle.kinds {
            if !files.iter().any(|(name, _)| name == &kind.type_name) {
                return Err(format!(
                    "catalog.json names {} but its schema file is missing",
                    kind.id
                ));
            }
        }

        let files = files
            .into_iter()
            .map(|(name, path)| read_json(&path).map(|schema| (name, path, schema)))
            .collect::<Result<Vec<_>, _>>()?;
        for (name, _, schema) in &files {
            if let Some(value_type) = scalar_value_type(schema) {
                bundle.scalars.insert(name.clone(), value_type);
            }
        }
        for (name, path, schema) in files {
            if bundle.scalars.contains_key(&name) {
                // A hand-written generic type stands for it (see typify_pass).
                bundle.defs.insert(name, json!({}));
                continue;
            }
            let mut cx = Projection {
                file: path.display().to_string(),
                bundle: &mut bundle,
            };
            let projected = cx.project(&schema, "")?;
            bundle.record_model(&name, &schema, &path)?;
            if bundle.defs.insert(name.clone(), projected).is_some() {
                return Err(format!("two schema files define the Rust type {name}"));
            }
        }
        for content in bundle.json_strings.clone() {
            bundle.defs.insert(json_string_def(&content), json!({}));
        }
        for open in &bundle.open_enums {
            if !bundle.enums.contains_key(open) {
                return Err(format!(
                    "{open} is used as an open enumeration but is not one"
                ));
            }
        }
        Ok(bundle)
    }

    fn record_model(&mut self, name: &str, schema: &Value, path: &Path) -> Result<(), Error> {
        if let Some(values) = schema.get("enum") {
            let values = values
                .as_array()
                .and_then(|v| v.iter().map(|v| v.as_str().map(str::to_string)).collect())
                .ok_or_else(|| {
                    format!("{}: only string enumerations are supported", path.display())
                })?;
            self.enums.insert(
                name.to_string(),
                EnumModel {
                    values,
                    description: schema["description"].as_str().map(str::to_string),
                },
            );
            return Ok(());
        }
        if schema["type"] != "object" {
            return Ok(());
        }
        let required: Vec<String> = schema["required"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let mut props = BTreeMap::new();
        if let Some(properties) = schema["properties"].as_object() {
            for (prop, sub) in properties {
                let nullable = sub["type"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|t| t == "null"));
                props.insert(
                    prop.clone(),
                    Prop {
                        required: required.contains(prop),
                        nullable,
                    },
                );
            }
        }
        self.objects.insert(
            name.to_string(),
            ObjectModel {
                props,
                required,
                closed: schema["additionalProperties"] == false,
            },
        );
        Ok(())
    }
}

/// Keywords that only validate (typify either panics on them or cannot use them), plus the
/// annotations whose job the bundle takes over (`$id`, `title`, ...).
const DROPPED: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "title",
    "allOf",
    "if",
    "then",
    "else",
    "not",
    "unevaluatedProperties",
    // Length and pattern limits would turn every such string into a validating newtype (and pull
    // regress into antom-types); the validator checks them on the full schemas.
    "pattern",
    "maxLength",
    "minLength",
    "examples",
];

/// Keywords whose meaning the projection keeps.
const KEPT: &[&str] = &[
    "type",
    "description",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "enum",
    "$ref",
    "anyOf",
    "format",
    "contentMediaType",
    "contentSchema",
];

struct Projection<'a> {
    file: String,
    bundle: &'a mut Bundle,
}

impl Projection<'_> {
    fn project(&mut self, schema: &Value, pointer: &str) -> Result<Value, Error> {
        let obj = schema
            .as_object()
            .ok_or_else(|| format!("{} at {pointer}: expected a schema object", self.file))?;
        for key in obj.keys() {
            if !DROPPED.contains(&key.as_str()) && !KEPT.contains(&key.as_str()) {
                return Err(format!(
                    "{} at {pointer}: the generator does not know the keyword `{key}`; teach codegen/src/bundle.rs what it means for the Rust types",
                    self.file
                ));
            }
        }

        // A string holding JSON: a typed wrapper that keeps the text and decodes on demand.
        if let Some(content) = obj.get("contentSchema") {
            if obj.get("contentMediaType").and_then(Value::as_str) != Some("application/json") {
                return Err(format!(
                    "{} at {pointer}: contentSchema without contentMediaType application/json",
                    self.file
                ));
            }
            let target = self.ref_target(content, pointer)?;
            self.bundle.json_strings.insert(target.clone());
            return Ok(with_description(
                json!({"$ref": format!("#/$defs/{}", json_string_def(&target))}),
                obj,
            ));
        }

        // The open-enumeration shape: a reference to the hand-emitted open enum.
        if obj.contains_key("anyOf") {
            if shape::open_enum_ref(obj).is_none() {
                return Err(format!(
                    "{} at {pointer}: anyOf is only understood as the open-enum shape [{{\"$ref\": ...}}, {{\"type\": \"string\"}}]",
                    self.file
                ));
            }
            let target = self.ref_target(&obj["anyOf"][0], pointer)?;
            self.bundle.open_enums.insert(target.clone());
            return Ok(with_description(
                json!({"$ref": format!("#/$defs/{target}")}),
                obj,
            ));
        }

        let mut out = Map::new();
        for (key, value) in obj {
            match key.as_str() {
                k if DROPPED.contains(&k) => {}
                "$ref" => {
                    let target = self.ref_target(schema, pointer)?;
                    out.insert(key.clone(), json!(format!("#/$defs/{target}")));
                    if self.bundle.scalars.contains_key(&target) {
                        // Only the reference (and its description) says what a scalar is.
                        return Ok(with_description(Value::Object(out), obj));
                    }
                }
                "properties" => {
                    let mut props = Map::new();
                    for (name, sub) in value.as_object().into_iter().flatten() {
                        props.insert(
                            name.clone(),
                            self.project(sub, &format!("{pointer}/properties/{name}"))?,
                        );
                    }
                    out.insert(key.clone(), Value::Object(props));
                }
                "items" => {
                    out.insert(
                        key.clone(),
                        self.project(value, &format!("{pointer}/items"))?,
                    );
                }
                "additionalProperties" => match value {
                    Value::Bool(false) => {
                        out.insert(key.clone(), value.clone());
                    }
                    // A map whose values follow a schema (`amountLimitInfoMap`).
                    Value::Object(_) => {
                        let sub =
                            self.project(value, &format!("{pointer}/additionalProperties"))?;
                        out.insert(key.clone(), sub);
                    }
                    _ => {
                        return Err(format!(
                            "{} at {pointer}: additionalProperties must be false or a schema",
                            self.file
                        ))
                    }
                },
                "format" if value == "email" => {}
                "format" if value == "date-time" => {
                    out.insert(key.clone(), value.clone());
                }
                "format" => {
                    return Err(format!(
                        "{} at {pointer}: unknown format {value}",
                        self.file
                    ));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        // Objects Antom writes keep what they do not declare: `{}` makes typify emit a
        // flattened `extra` map (it ignores an absent or `true` additionalProperties).
        if out.get("type") == Some(&json!("object"))
            && out.contains_key("properties")
            && !out.contains_key("additionalProperties")
        {
            out.insert("additionalProperties".into(), json!({}));
        }
        Ok(Value::Object(out))
    }

    /// The Rust name a relative `$ref` points at.
    fn ref_target(&self, schema: &Value, pointer: &str) -> Result<String, Error> {
        let reference = schema
            .get("$ref")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{} at {pointer}: expected a $ref", self.file))?;
        let file = reference.rsplit('/').next().unwrap_or(reference);
        let stem = file
            .strip_suffix(".schema.json")
            .filter(|_| !reference.contains('#'))
            .ok_or_else(|| {
                format!(
                    "{} at {pointer}: $ref {reference} is not a relative reference to a definition file",
                    self.file
                )
            })?;
        if reference.contains("messages/") {
            return Err(format!(
                "{} at {pointer}: $ref into messages/ is not supported",
                self.file
            ));
        }
        Ok(rust_name(stem))
    }
}

fn with_description(mut schema: Value, from: &Map<String, Value>) -> Value {
    if let Some(d) = from.get("description") {
        schema["description"] = d.clone();
    }
    schema
}
