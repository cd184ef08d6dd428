//! `openapi.json`: the Checkout Payment API as an OpenAPI 3.1 document.
//!
//! `components/schemas` is the `$defs` of the schema bundle, key for key, with each
//! `#/$defs/<key>` reference turned into `#/components/schemas/<key>`: the document is
//! self-contained (tools such as Swagger UI, Spectral or Prism need nothing beside it) and
//! describes every message with exactly the bundle's schemas. Operations and webhooks come from
//! the catalog, examples from the documented samples of `conformance/samples/manifest.json`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Map, Value};

use crate::schema_bundle::{read_json, CatalogKind, SchemaBundle, DRAFT};
use crate::COMMAND;

type Error = String;

const SIGNATURE_HEADERS: [&str; 3] = ["client-id", "request-time", "signature"];

/// Documented, valid samples of each kind as OpenAPI `examples` maps.
fn examples(samples_dir: &Path) -> Result<BTreeMap<String, Map<String, Value>>, Error> {
    let manifest = read_json(&samples_dir.join("manifest.json"))?;
    let mut by_kind: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for entry in manifest["samples"]
        .as_array()
        .ok_or("manifest.json: `samples` is not an array")?
    {
        let (Some(kind), Some(file)) = (entry["kind"].as_str(), entry["file"].as_str()) else {
            continue;
        };
        if entry["origin"] != "documented sample" || entry["expect"]["valid"] != true {
            continue;
        }
        let name = file
            .strip_prefix(&format!("{kind}."))
            .and_then(|f| f.strip_suffix(".json"))
            .ok_or_else(|| format!("manifest.json: {file} is not named <kind>.<name>.json"))?;
        let value = read_json(&samples_dir.join(file))?;
        let sources: Vec<String> = entry["sources"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| {
                format!(
                    "{} \"{}\"",
                    s["seed"].as_str().unwrap_or_default(),
                    s["section"].as_str().unwrap_or_default()
                )
            })
            .collect();
        let mut description = format!(
            "Sample from Antom's documentation ({}), kept as published: conformance/samples/{file}.",
            sources.join("; ")
        );
        let defects: Vec<String> = entry["defects"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                let at = d["pointer"].as_str().or(d["location"].as_str());
                format!(
                    "{}: {}",
                    at.unwrap_or("(whole sample)"),
                    d["what"].as_str().unwrap_or_default()
                )
            })
            .collect();
        if !defects.is_empty() {
            description
                .push_str(" Known defects, valid under the schema but reported by antom-lint: ");
            description.push_str(&defects.join("; "));
        }
        by_kind.entry(kind.to_string()).or_default().insert(
            name.to_string(),
            json!({
                "summary": format!("Documented sample: {kind} ({name})"),
                "description": description,
                "value": value,
            }),
        );
    }
    Ok(by_kind)
}

fn body(kind: &CatalogKind, examples: &BTreeMap<String, Map<String, Value>>) -> Value {
    let key = kind.accepted_key();
    let mut media = json!({"schema": {"$ref": format!("#/components/schemas/{key}")}});
    if let Some(examples) = examples.get(&kind.id) {
        media["examples"] = Value::Object(examples.clone());
    }
    json!({"application/json": media})
}

fn header_params() -> Value {
    Value::Array(
        SIGNATURE_HEADERS
            .iter()
            .map(|h| json!({"$ref": format!("#/components/parameters/{h}")}))
            .collect(),
    )
}

fn components_parameters() -> Value {
    json!({
        "client-id": {
            "name": "client-id",
            "in": "header",
            "required": true,
            "description": "The client ID Antom assigned to the merchant. It tells the receiver whose keys sign and verify the message, and it is part of the signed content.",
            "schema": {"type": "string"},
        },
        "request-time": {
            "name": "request-time",
            "in": "header",
            "required": true,
            "description": "When the sender sent the message. It is part of the signed content, so it must reach the verifier exactly as sent.",
            "schema": {"type": "string"},
        },
        "signature": {
            "name": "signature",
            "in": "header",
            "required": true,
            "description": "The signature of the message; the signature proper is the text after `signature=` in the header value. It covers the HTTP method, the request URI, client-id, request-time and the raw body, and the receiver verifies it with the sender's public key: the pages' notification handler rejects a notification whose signature is missing or does not verify.",
            "schema": {"type": "string"},
        },
    })
}

const JSON_BODY: &str =
    "A JSON object (`Content-Type: application/json`); the signature covers the body exactly as sent.";

fn operation(
    request: &CatalogKind,
    response: &CatalogKind,
    examples: &BTreeMap<String, Map<String, Value>>,
) -> Value {
    json!({
        "operationId": request.api,
        "summary": format!("{} API", request.api),
        "description": request.description,
        "tags": ["payments"],
        "parameters": header_params(),
        "requestBody": {
            "required": true,
            "description": format!("`{}`. {JSON_BODY}", request.id),
            "content": body(request, examples),
        },
        "responses": {
            "200": {
                "description": format!("`{}`: {}", response.id, response.description),
                "content": body(response, examples),
            }
        },
    })
}

fn webhook(
    notification: &CatalogKind,
    ack: &CatalogKind,
    examples: &BTreeMap<String, Map<String, Value>>,
) -> Value {
    let endpoint = notification
        .endpoint
        .as_deref()
        .unwrap_or("merchant notify URL");
    json!({
        "post": {
            "operationId": notification.api,
            "summary": format!("{} notification", notification.api),
            "description": format!("{} Sent to the {endpoint}.", notification.description),
            "tags": ["notifications"],
            "parameters": header_params(),
            "requestBody": {
                "required": true,
                "description": format!("`{}`. {JSON_BODY}", notification.id),
                "content": body(notification, examples),
            },
            "responses": {
                "200": {
                    "description": format!("`{}`: {} Without it, Antom sends the notification again.", ack.id, ack.description),
                    "content": body(ack, examples),
                }
            },
        }
    })
}

/// `#/$defs/<key>` -> `#/components/schemas/<key>` everywhere a `$ref` is.
fn to_components(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => {
                            Value::String(r.replacen("#/$defs/", "#/components/schemas/", 1))
                        }
                        ("enum" | "const" | "required", _) => v.clone(),
                        _ => to_components(v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(to_components).collect()),
        other => other.clone(),
    }
}

pub fn document(bundle: &SchemaBundle, samples_dir: &Path) -> Result<Value, Error> {
    let examples = examples(samples_dir)?;
    let by_id: BTreeMap<&str, &CatalogKind> =
        bundle.kinds.iter().map(|k| (k.id.as_str(), k)).collect();
    let ack = by_id
        .get("notification.ack")
        .ok_or("catalog.json has no notification.ack")?;
    let mut paths = Map::new();
    let mut webhooks = Map::new();
    for kind in &bundle.kinds {
        match kind.role.as_str() {
            "request" => {
                let path = kind
                    .path
                    .as_deref()
                    .ok_or_else(|| format!("catalog.json: {} has no path", kind.id))?;
                let response_id = format!("{}.response", kind.api);
                let response = by_id
                    .get(response_id.as_str())
                    .ok_or_else(|| format!("catalog.json: {} has no {response_id}", kind.id))?;
                paths.insert(
                    path.to_string(),
                    json!({"post": operation(kind, response, &examples)}),
                );
            }
            "notification" => {
                webhooks.insert(kind.api.clone(), webhook(kind, ack, &examples));
            }
            "response" | "ack" => {}
            other => {
                return Err(format!(
                    "catalog.json: {} has unknown role {other}",
                    kind.id
                ))
            }
        }
    }
    let schemas: Map<String, Value> = bundle
        .defs
        .iter()
        .map(|(k, v)| (k.clone(), to_components(v)))
        .collect();
    Ok(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Antom Checkout Payment API",
            "version": env!("CARGO_PKG_VERSION"),
            "summary": "The server API of Antom (Alipay's global acquiring platform) Checkout Payment, with its notifications.",
            "description": format!("Requests the merchant sends to Antom and the responses it gets back, and the asynchronous notifications Antom sends to the merchant with the acknowledgement the merchant returns. Every message is signed (header parameters client-id, request-time, signature). The schemas are those of {} (the same $defs, here under components/schemas); examples are the documented samples. @generated by `{COMMAND}` from schema/ and conformance/samples/; do not edit.", crate::schema_bundle::BUNDLE_FILE),
            "license": {"name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0"},
        },
        "jsonSchemaDialect": DRAFT,
        "tags": [
            {"name": "payments", "description": "Calls the merchant makes to Antom (HTTPS POST)."},
            {"name": "notifications", "description": "Notifications Antom POSTs to the merchant's notify URL; the merchant answers each with notification.ack."},
        ],
        "paths": paths,
        "webhooks": webhooks,
        "components": {
            "schemas": schemas,
            "parameters": components_parameters(),
        },
    }))
}
