//! Embeds the checked-in bundle (`bundle/`, written by `cargo run -p antom-codegen`) and
//! rebuilds from it the per-file view the validator works with.
//!
//! `bundle/antom-checkout.schema.json` holds every schema file of `schema/` as `$defs/<key>`
//! (`pay.request` for a message, `Amount` for a shared model) with `$schema` and `$id` removed
//! and each relative `$ref` turned into `#/$defs/<key>`. Undoing exactly that gives the files
//! back, so the library validates with the very document non-Rust users get, and error
//! locations still name `messages/pay.request.schema.json`; the received copies of what Antom
//! writes (`$defs/received.<key>`) become files under `received/`. `catalog.json` (not a schema) is
//! embedded as the generator copied it into the bundle. The crate's tests check that the rebuilt files equal
//! `schema/`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

use antom_schema_core::catalog::Catalog;
use antom_schema_core::{keywords, reference};
use serde_json::{Map, Value};

const BUNDLE_FILE: &str = "antom-checkout.schema.json";
const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
const FIX: &str = "run `cargo run -p antom-codegen` to regenerate it";

fn read(path: &Path) -> String {
    println!("cargo:rerun-if-changed={}", path.display());
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}; {FIX}", path.display()))
}

fn parse(path: &Path, text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{}: {e}; {FIX}", path.display()))
}

/// Prefix of the received copies of what Antom writes (`received.pay.response`).
const RECEIVED: &str = "received.";

/// Path under `schema/` of the file behind bundle key `key`; the received copies go under
/// `received/` (`received.Amount` -> `received/defs/Amount.schema.json`).
fn path_of(key: &str, kinds: &BTreeMap<String, String>) -> String {
    if let Some(rest) = key.strip_prefix(RECEIVED) {
        return format!("received/{}", path_of(rest, kinds));
    }
    match kinds.get(key) {
        Some(schema) => schema.clone(),
        None => format!("defs/{key}.schema.json"),
    }
}

/// `#/$defs/Amount` seen from `messages/pay.request.schema.json` -> `../defs/Amount.schema.json`.
fn file_ref(from: &str, reference: &str, kinds: &BTreeMap<String, String>) -> String {
    let (key, fragment) = reference::def_target(reference)
        .unwrap_or_else(|| panic!("bundle: $ref {reference} does not point into $defs; {FIX}"));
    let path = reference::relative(from, &path_of(key, kinds));
    if fragment.is_empty() {
        path
    } else {
        format!("{path}#{fragment}")
    }
}

fn unbundle(value: &Value, from: &str, kinds: &BTreeMap<String, String>) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => Value::String(file_ref(from, r, kinds)),
                        // Data, not schemas.
                        (k, _) if keywords::DATA.contains(&k) => v.clone(),
                        _ => unbundle(v, from, kinds),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| unbundle(v, from, kinds)).collect())
        }
        other => other.clone(),
    }
}

#[path = "build/rules_index.rs"]
mod rules_index;

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    rules_index::write(&manifest, &out_dir);
    let bundle_dir = manifest.join("bundle");
    println!("cargo:rerun-if-changed={}", bundle_dir.display());
    // A copy of schema/catalog.json the generator keeps fresh: nothing outside the crate.
    let catalog_path = bundle_dir.join("catalog.json");
    let catalog_text = read(&catalog_path);
    let catalog = Catalog::from_json(&catalog_text)
        .unwrap_or_else(|e| panic!("{}: {e}; {FIX}", catalog_path.display()));
    let base_uri = catalog.base_uri();
    // Kind id (the bundle key of a message) -> its schema file.
    let kinds: BTreeMap<String, String> = catalog
        .kinds()
        .iter()
        .map(|k| (k.id.clone(), k.schema.clone()))
        .collect();

    let bundle_path = bundle_dir.join(BUNDLE_FILE);
    let bundle = parse(&bundle_path, &read(&bundle_path));
    let defs = bundle["$defs"]
        .as_object()
        .unwrap_or_else(|| panic!("{}: no $defs; {FIX}", bundle_path.display()));

    let files_dir = out_dir.join("schema");
    let mut code = String::from(
        "/// Every file of `schema/`, rebuilt from the bundle: (path relative to `schema/`, contents).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    let _ = writeln!(
        code,
        "    (\"catalog.json\", include_str!({:?})),",
        catalog_path.display().to_string()
    );
    for (key, def) in defs {
        let rel = path_of(key, &kinds);
        let mut doc = Map::new();
        doc.insert("$schema".into(), Value::String(DRAFT.into()));
        doc.insert("$id".into(), Value::String(format!("{base_uri}{rel}")));
        if let Value::Object(body) = unbundle(def, &rel, &kinds) {
            doc.extend(body);
        }
        let path = files_dir.join(&rel);
        fs::create_dir_all(path.parent().unwrap()).expect("create OUT_DIR/schema");
        let mut text = serde_json::to_string_pretty(&Value::Object(doc)).unwrap();
        text.push('\n');
        fs::write(&path, text).expect("write a rebuilt schema file");
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");

    let mut names: Vec<String> = fs::read_dir(&bundle_dir)
        .unwrap_or_else(|e| panic!("{}: {e}; {FIX}", bundle_dir.display()))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    code.push_str(
        "/// Every file of the published bundle (`bundle/`): (file name, contents).\npub static BUNDLE_FILES: &[(&str, &str)] = &[\n",
    );
    for name in names {
        let path = bundle_dir.join(&name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    fs::write(out_dir.join("embedded.rs"), code).expect("write embedded.rs");
}
