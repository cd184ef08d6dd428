//! The library embeds the checked-in bundle, and the schema files it rebuilds from it are
//! exactly those of `schema/`: library and published files cannot diverge, and nothing is lost
//! on the way through the bundle.

use std::collections::BTreeSet;
use std::path::Path;

use antom_schema::{embedded, Schemas};
use serde_json::Value;

fn schema_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema"))
}

fn on_disk() -> Vec<(String, Value)> {
    let mut files = Vec::new();
    for dir in ["defs", "messages"] {
        for entry in std::fs::read_dir(schema_dir().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if name.ends_with(".schema.json") {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push((
                    format!("{dir}/{name}"),
                    serde_json::from_str(&text).unwrap(),
                ));
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[test]
fn rebuilt_files_equal_the_schema_directory() {
    let disk = on_disk();
    let embedded_paths: BTreeSet<&str> = embedded::FILES
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| *p != "catalog.json" && !p.starts_with("received/"))
        .collect();
    let disk_paths: BTreeSet<&str> = disk.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        embedded_paths, disk_paths,
        "the bundle and schema/ hold different files: run `cargo run -p antom-codegen`"
    );
    let mut differ = Vec::new();
    for (path, value) in &disk {
        let rebuilt: Value = serde_json::from_str(embedded::file(path).unwrap()).unwrap();
        if &rebuilt != value {
            differ.push(path.as_str());
        }
    }
    assert!(
        differ.is_empty(),
        "rebuilt from the bundle, these differ from schema/ (stale bundle? run `cargo run -p antom-codegen`): {differ:?}"
    );
    let catalog = std::fs::read_to_string(schema_dir().join("catalog.json")).unwrap();
    assert_eq!(embedded::file("catalog.json"), Some(catalog.as_str()));
}

#[test]
fn rebuilt_files_keep_their_ids_and_member_order() {
    let schemas = Schemas::embedded().unwrap();
    for (path, value) in on_disk() {
        assert_eq!(
            schemas.id_of(&path),
            format!("https://antom-checkout.invalid/schema/{path}")
        );
        let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
        assert_eq!(keys(schemas.file(&path).unwrap()), keys(&value), "{path}");
    }
}

#[test]
fn published_files_are_embedded_byte_for_byte() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/bundle"));
    let mut names = Vec::new();
    for (name, text) in embedded::BUNDLE_FILES {
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            *text,
            "{name}"
        );
        names.push(*name);
    }
    for name in [
        "antom-checkout.schema.json",
        "openapi.json",
        "pay.request.schema.json",
    ] {
        assert!(names.contains(&name), "{name} is not embedded");
    }
    let bundle: Value =
        serde_json::from_str(embedded::bundle_file("antom-checkout.schema.json").unwrap()).unwrap();
    assert_eq!(
        bundle["$id"],
        "https://antom-checkout.invalid/schema/antom-checkout.schema.json"
    );
    let documented = bundle["$defs"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|k| !k.starts_with("received."))
        .count();
    assert_eq!(documented, on_disk().len());
}
