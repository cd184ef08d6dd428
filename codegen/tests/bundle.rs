//! The published bundle (`crates/antom-schema/bundle/`): fresh, self-contained, the full
//! schemas (not the typify projection), and an OpenAPI document built on the same schemas.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{codegen, scratch};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn committed() -> PathBuf {
    root().join("crates/antom-schema/bundle")
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every `$ref` in a document.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    ("enum" | "const" | "examples" | "example", _) => {}
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// The `$defs` key a kind is accepted against: what Antom writes has a received form.
fn accepted(id: &str) -> String {
    if id.ends_with(".response") || id.ends_with(".notification") {
        format!("received.{id}")
    } else {
        id.to_string()
    }
}

fn kind_ids() -> Vec<String> {
    read(&root().join("schema/catalog.json"))["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn bundle_written_elsewhere_equals_the_checked_in_one() {
    let dir = scratch("fresh");
    let out = codegen(&["--bundle", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names = |d: &Path| -> BTreeSet<String> {
        std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(names(&dir), names(&committed()));
    for name in names(&dir) {
        assert_eq!(
            std::fs::read(dir.join(&name)).unwrap(),
            std::fs::read(committed().join(&name)).unwrap(),
            "{name} is stale: run `cargo run -p antom-codegen`"
        );
    }
    // Only the bundle was asked for: a second run in check mode finds it fresh.
    let out = codegen(&["--check", "--bundle", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn check_names_the_stale_bundle_file_and_the_command() {
    let dir = scratch("edited");
    assert!(codegen(&["--bundle", dir.to_str().unwrap()])
        .status
        .success());
    let file = dir.join("openapi.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("3.1.0", "3.1.1", 1)).unwrap();
    std::fs::remove_file(dir.join("pay.request.schema.json")).unwrap();
    let out = codegen(&["--check", "--bundle", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("openapi.json differs")
            && stderr.contains("pay.request.schema.json is missing")
            && stderr.contains("cargo run -p antom-codegen -- --bundle"),
        "{stderr}"
    );
}

#[test]
fn bundle_is_self_contained_and_keeps_the_validation_keywords() {
    let bundle = read(&committed().join("antom-checkout.schema.json"));
    assert_eq!(
        bundle["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let defs = bundle["$defs"].as_object().unwrap();
    let files = std::fs::read_dir(root().join("schema/defs"))
        .unwrap()
        .count()
        + std::fs::read_dir(root().join("schema/messages"))
            .unwrap()
            .count();
    let documented = defs.keys().filter(|k| !k.starts_with("received.")).count();
    assert_eq!(documented, files, "one $defs entry per schema file");
    for id in kind_ids() {
        assert!(defs.contains_key(&id), "{id} missing from $defs");
        assert!(defs.contains_key(&accepted(&id)), "{id}: no received form");
    }
    // The received forms keep no documented length, pattern or non-date-time format, except
    // in the encodings they share with the documented schemas (Amount, BooleanValue, ...).
    for (key, def) in defs.iter().filter(|(k, _)| k.starts_with("received.")) {
        let text = serde_json::to_string(def).unwrap();
        for relaxed in ["\"maxLength\"", "\"pattern\"", "\"format\":\"email\""] {
            assert!(!text.contains(relaxed), "{key} keeps {relaxed}");
        }
    }
    let amount_ref = defs["received.pay.response"]["properties"]["paymentAmount"]["$ref"].clone();
    assert_eq!(amount_ref, "#/$defs/Amount", "an encoding is not relaxed");
    let mut all = Vec::new();
    refs(&bundle, &mut all);
    for r in &all {
        let target = r
            .strip_prefix("#/$defs/")
            .unwrap_or_else(|| panic!("$ref {r} leaves the bundle"));
        assert!(defs.contains_key(target), "$ref {r} names no definition");
    }
    let text = serde_json::to_string(&bundle).unwrap();
    for kept in [
        "\"allOf\"",
        "\"if\"",
        "\"pattern\"",
        "\"maxLength\"",
        "\"contentSchema\"",
        "\"contentMediaType\"",
        "\"$comment\"",
    ] {
        assert!(text.contains(kept), "{kept} was dropped from the bundle");
    }
    // The open-enum shape survives as written: anyOf [{"$ref": <enum>}, {"type": "string"}].
    fn open_enums(value: &Value) -> usize {
        match value {
            Value::Object(map) => {
                let here = map
                    .get("anyOf")
                    .and_then(Value::as_array)
                    .is_some_and(|arms| {
                        arms.len() == 2
                            && arms[0]["$ref"]
                                .as_str()
                                .is_some_and(|r| r.starts_with("#/$defs/"))
                            && arms[1] == serde_json::json!({"type": "string"})
                    });
                usize::from(here) + map.values().map(open_enums).sum::<usize>()
            }
            Value::Array(items) => items.iter().map(open_enums).sum(),
            _ => 0,
        }
    }
    assert!(
        open_enums(&bundle) > 0,
        "open enumerations lost their shape"
    );
}

#[test]
fn each_kind_file_points_into_the_bundle() {
    let bundle = read(&committed().join("antom-checkout.schema.json"));
    let base = bundle["$id"]
        .as_str()
        .unwrap()
        .strip_suffix("antom-checkout.schema.json")
        .unwrap()
        .to_string();
    for id in kind_ids() {
        let doc = read(&committed().join(format!("{id}.schema.json")));
        assert_eq!(doc["$id"], format!("{base}{id}.schema.json"));
        assert_eq!(
            doc["$ref"],
            format!("antom-checkout.schema.json#/$defs/{}", accepted(&id))
        );
    }
}

#[test]
fn openapi_uses_the_bundle_schemas_and_the_documented_samples() {
    let bundle = read(&committed().join("antom-checkout.schema.json"));
    let api = read(&committed().join("openapi.json"));
    assert_eq!(api["openapi"], "3.1.0");

    // components/schemas is the bundle's $defs, references re-rooted.
    let reroot = serde_json::to_string(&bundle["$defs"])
        .unwrap()
        .replace("\"#/$defs/", "\"#/components/schemas/");
    assert_eq!(
        serde_json::to_string(&api["components"]["schemas"]).unwrap(),
        reroot
    );
    let mut all = Vec::new();
    refs(&api, &mut all);
    for r in &all {
        assert!(
            api.pointer(r.strip_prefix('#').unwrap()).is_some(),
            "$ref {r} is dangling"
        );
    }

    let paths = api["paths"].as_object().unwrap();
    let webhooks = api["webhooks"].as_object().unwrap();
    let mut examples = BTreeSet::new();
    let mut collect = |op: &Value, request: &str, response: &str| {
        let req = &op["requestBody"]["content"]["application/json"];
        let res = &op["responses"]["200"]["content"]["application/json"];
        assert_eq!(
            req["schema"]["$ref"],
            format!("#/components/schemas/{}", accepted(request))
        );
        assert_eq!(
            res["schema"]["$ref"],
            format!("#/components/schemas/{}", accepted(response))
        );
        let params: Vec<&str> = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["$ref"].as_str().unwrap())
            .collect();
        assert_eq!(
            params,
            [
                "#/components/parameters/client-id",
                "#/components/parameters/request-time",
                "#/components/parameters/signature"
            ]
        );
        for (kind, media) in [(request, req), (response, res)] {
            for name in media["examples"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|e| e.0)
            {
                examples.insert(format!("{kind}.{name}.json"));
            }
        }
    };
    let mut apis = 0;
    for id in kind_ids() {
        let (api_name, role) = id.split_once('.').unwrap();
        match role {
            "request" => {
                let path = format!("/ams/api/v1/payments/{api_name}");
                collect(&paths[&path]["post"], &id, &format!("{api_name}.response"));
                apis += 1;
            }
            "notification" => collect(&webhooks[api_name]["post"], &id, "notification.ack"),
            _ => {}
        }
    }
    assert_eq!(paths.len(), apis);
    assert_eq!(webhooks.len(), 3);

    // The examples are exactly the valid documented message samples.
    let manifest = read(&root().join("conformance/samples/manifest.json"));
    let documented: BTreeSet<String> = manifest["samples"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            s["kind"].is_string()
                && s["origin"] == "documented sample"
                && s["expect"]["valid"] == true
        })
        .map(|s| s["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(examples, documented);
}
