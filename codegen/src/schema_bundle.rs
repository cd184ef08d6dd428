//! The full schemas as one self-contained draft 2020-12 document, for every language.
//!
//! Unlike the typify projection of `bundle.rs`, nothing is dropped: each file of `schema/`
//! becomes `$defs/<key>` of `antom-checkout.schema.json` as written (validation keywords,
//! open enumerations, `contentSchema`, `$comment`s), with its `$schema` and `$id` removed and
//! every relative `$ref` rewritten to `#/$defs/<key>`. The key of a message is its kind id
//! (`pay.request`), the key of a shared model its file stem (`Amount`). The mapping is one to
//! one, so `antom-schema` rebuilds the original files from the bundle it embeds (its tests prove
//! the round trip).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use antom_schema_core::catalog::{Catalog, Role};
use antom_schema_core::{keywords, reference};
use serde_json::{json, Map, Value};

use crate::received;
use crate::COMMAND;

pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
pub const BUNDLE_FILE: &str = "antom-checkout.schema.json";

type Error = String;

/// A message kind of `catalog.json`, with what the published documents need.
#[derive(Debug, Clone)]
pub struct CatalogKind {
    pub id: String,
    pub api: String,
    pub role: Role,
    pub path: Option<String>,
    pub endpoint: Option<String>,
    pub description: String,
}

/// The bundle and what the OpenAPI document is made from.
#[derive(Debug)]
pub struct SchemaBundle {
    pub base_uri: String,
    pub kinds: Vec<CatalogKind>,
    /// `$defs` of the bundle: messages in catalog order, then shared models by name.
    pub defs: Map<String, Value>,
}

impl CatalogKind {
    /// Responses and notifications: what Antom writes.
    pub fn antom_writes(&self) -> bool {
        self.role.antom_writes()
    }

    /// The `$defs` key a message of this kind is validated against: the documented schema for
    /// what the merchant writes, the received form (see [`received`]) for what Antom writes.
    pub fn accepted_key(&self) -> String {
        if self.antom_writes() {
            format!("{}{}", received::PREFIX, self.id)
        } else {
            self.id.clone()
        }
    }
}

impl SchemaBundle {
    pub fn load(schema_dir: &Path) -> Result<SchemaBundle, Error> {
        let catalog = read_catalog(schema_dir)?;
        let base_uri = catalog.base_uri().to_string();
        // Relative path (`messages/pay.request.schema.json`) -> key (`pay.request`).
        let mut keys: BTreeMap<String, String> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        let mut message_files = BTreeMap::new();
        for k in catalog.kinds() {
            message_files.insert(
                k.schema.clone(),
                CatalogKind {
                    id: k.id.clone(),
                    api: k.api.clone(),
                    role: k.role,
                    path: k.path.clone(),
                    endpoint: k.endpoint.clone(),
                    description: String::new(),
                },
            );
            keys.insert(k.schema.clone(), k.id.clone());
            order.push(k.schema.clone());
        }

        let mut files: BTreeMap<String, Value> = BTreeMap::new();
        for dir in ["messages", "defs"] {
            let listing = fs::read_dir(schema_dir.join(dir))
                .map_err(|e| format!("{}: {e}", schema_dir.join(dir).display()))?;
            for entry in listing {
                let path = entry.map_err(|e| e.to_string())?.path();
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                let Some(stem) = name.strip_suffix(".schema.json") else {
                    continue;
                };
                let rel = format!("{dir}/{name}");
                if dir == "messages" {
                    if !keys.contains_key(&rel) {
                        return Err(format!("{rel} is not listed in catalog.json"));
                    }
                } else {
                    if keys.values().any(|k| k == stem) {
                        return Err(format!("{rel}: its name is also a message kind id"));
                    }
                    keys.insert(rel.clone(), stem.to_string());
                    order.push(rel.clone());
                }
                files.insert(rel, read_json(&path)?);
            }
        }
        // Messages keep the catalog order; shared models follow, sorted by name.
        order[message_files.len()..].sort_by(|a, b| keys[a].cmp(&keys[b]));

        let mut kinds = Vec::new();
        let mut defs = Map::new();
        for rel in &order {
            let doc = files
                .get(rel)
                .ok_or_else(|| format!("catalog.json names {rel} but the file is missing"))?;
            let expected_id = format!("{base_uri}{rel}");
            if doc["$id"] != json!(expected_id) || doc["$schema"] != json!(DRAFT) {
                return Err(format!(
                    "{rel}: expected \"$schema\": \"{DRAFT}\" and \"$id\": \"{expected_id}\""
                ));
            }
            // Filtered, not removed: `Map::remove` would reorder the members.
            let body: Map<String, Value> = doc
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(k, _)| *k != "$schema" && *k != "$id")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let body = rewrite_refs(Value::Object(body), rel, &keys, "")?;
            if let Some(kind) = message_files.get_mut(rel.as_str()) {
                kind.description = doc["description"].as_str().unwrap_or_default().to_string();
                kinds.push(kind.clone());
            }
            defs.insert(keys[rel].clone(), body);
        }
        let encodings = catalog
            .encodings()
            .iter()
            .map(|rel| {
                keys.get(rel)
                    .cloned()
                    .ok_or_else(|| format!("catalog.json: encoding {rel} names no schema file"))
            })
            .collect::<Result<BTreeSet<_>, _>>()?;
        let antom_kinds: Vec<String> = kinds
            .iter()
            .filter(|k| k.antom_writes())
            .map(|k| k.id.clone())
            .collect();
        for (key, schema) in received::copies(&defs, &antom_kinds, &encodings)? {
            defs.insert(key, schema);
        }
        Ok(SchemaBundle {
            base_uri,
            kinds,
            defs,
        })
    }

    pub fn id(&self) -> String {
        format!("{}{BUNDLE_FILE}", self.base_uri)
    }

    /// `antom-checkout.schema.json`.
    pub fn document(&self) -> Value {
        let kinds: Vec<&str> = self.kinds.iter().map(|k| k.id.as_str()).collect();
        json!({
            "$schema": DRAFT,
            "$id": self.id(),
            "title": "Antom Checkout Payment API",
            "description": format!(
                "Every request, response and notification of the Antom Checkout Payment server API, and the merchant's acknowledgement, with the shared models, in one self-contained document. #/$defs/<kind> ({}) and #/$defs/<Name> are the documented schemas. What Antom writes (responses, notifications) is accepted against #/$defs/received.<kind>, the same schema without the documented lengths, patterns and formats (date-time aside) that Antom's own messages do not always keep: validate those against it, and treat what only #/$defs/<kind> rejects as a warning. The root itself accepts anything. The <kind>.schema.json files beside this one refer to the schema each kind is accepted against.",
                kinds.join(", ")
            ),
            "$comment": format!("@generated by `{COMMAND}` from schema/ (one $defs entry per file); do not edit."),
            "$defs": self.defs,
        })
    }

    /// `<kind>.schema.json`: one small entry point per message kind.
    pub fn kind_document(&self, kind: &CatalogKind) -> Value {
        let mut doc = json!({
            "$schema": DRAFT,
            "$id": format!("{}{}.schema.json", self.base_uri, kind.id),
            "title": kind.id,
        });
        if !kind.description.is_empty() {
            doc["description"] = json!(kind.description);
        }
        doc["$comment"] = json!(format!(
            "@generated by `{COMMAND}`; do not edit. Load {BUNDLE_FILE} beside this file first: it is registered under its $id and holds the schema."
        ));
        doc["$ref"] = json!(format!("{BUNDLE_FILE}#/$defs/{}", kind.accepted_key()));
        doc
    }
}

/// Rewrites every relative `$ref` of a schema file (at `rel` under `schema/`) into a pointer
/// into the bundle. Refuses what would not survive bundling: nested `$id`s, anchors, dynamic
/// references.
fn rewrite_refs(
    value: Value,
    rel: &str,
    keys: &BTreeMap<String, String>,
    pointer: &str,
) -> Result<Value, Error> {
    Ok(match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, sub) in map {
                let here = format!("{pointer}/{key}");
                match key.as_str() {
                    "$id" | "$anchor" | "$dynamicAnchor" | "$dynamicRef" | "$recursiveRef" => {
                        return Err(format!(
                            "{rel} at {here}: `{key}` cannot be bundled; schema/README.md allows only relative $refs to whole files"
                        ));
                    }
                    "$ref" => {
                        let reference = sub
                            .as_str()
                            .ok_or_else(|| format!("{rel} at {here}: $ref is not a string"))?;
                        let target = bundle_ref(rel, reference, keys).ok_or_else(|| {
                            format!("{rel} at {here}: $ref {reference} names no schema file")
                        })?;
                        out.insert(key, Value::String(target));
                    }
                    // Member names and enum values are data, not schemas.
                    k if keywords::DATA.contains(&k) => {
                        out.insert(key, sub);
                    }
                    _ => {
                        out.insert(key, rewrite_refs(sub, rel, keys, &here)?);
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| rewrite_refs(v, rel, keys, &format!("{pointer}/{i}")))
                .collect::<Result<_, _>>()?,
        ),
        other => other,
    })
}

/// `../defs/Amount.schema.json` written in `messages/pay.request.schema.json` ->
/// `#/$defs/Amount`; a fragment (`#/properties/x`) is kept after the key.
fn bundle_ref(from: &str, reference: &str, keys: &BTreeMap<String, String>) -> Option<String> {
    let (path, fragment) = reference::split(reference);
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return None;
    }
    let target = reference::resolve(from, path)?;
    Some(reference::def_ref(keys.get(&target)?, fragment))
}

/// `catalog.json` of the schema directory, parsed.
pub fn read_catalog(schema_dir: &Path) -> Result<Catalog, Error> {
    let path = schema_dir.join("catalog.json");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Catalog::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn read_json(path: &Path) -> Result<Value, Error> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Pretty JSON with a final newline: the form of every published file.
pub fn to_text(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value serializes");
    text.push('\n');
    text
}
