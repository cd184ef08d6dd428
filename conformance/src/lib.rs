//! Shared helpers of the conformance suite: where the schema files, the catalog, the
//! documented samples and their manifest live, and how to read them.
//!
//! The tests under `tests/` do the proving; this module only loads inputs so that each test
//! reads them the same way.

pub mod gen;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

/// Base URI under which every schema file is registered (see `schema/README.md`).
pub const SCHEMA_BASE_URI: &str = "https://antom-checkout.invalid/schema/";

/// The workspace root (the directory holding `schema/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("conformance/ sits inside the workspace")
        .to_path_buf()
}

/// Reads and parses a JSON file, panicking with the path on failure (test helper).
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// One message kind of `schema/catalog.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogKind {
    pub id: String,
    pub api: String,
    pub role: String,
    pub method: String,
    pub path: Option<String>,
    pub direction: String,
    pub type_name: String,
    pub schema: String,
}

#[derive(Debug, Deserialize)]
struct Catalog {
    kinds: Vec<CatalogKind>,
}

/// Every kind of the catalog, in catalog order.
pub fn catalog() -> Vec<CatalogKind> {
    let value = read_json(&workspace_root().join("schema/catalog.json"));
    let catalog: Catalog =
        serde_json::from_value(value).expect("catalog.json has the documented shape");
    catalog.kinds
}

/// Every schema file under `schema/defs` and `schema/messages`, as (path relative to
/// `schema/`, parsed document), sorted by path.
pub fn schema_files() -> Vec<(String, Value)> {
    let root = workspace_root().join("schema");
    let mut out = Vec::new();
    for dir in ["defs", "messages"] {
        let mut entries: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("cannot list schema/{dir}: {e}"))
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((format!("{dir}/{name}"), read_json(&path)));
        }
    }
    out
}

/// Collects every `$ref` string inside a schema document, with the JSON Pointer of the
/// object that holds it.
pub fn collect_refs(value: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref" {
                    if let Value::String(target) = child {
                        out.push((pointer.to_string(), target.clone()));
                    }
                } else {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    collect_refs(child, &format!("{pointer}/{escaped}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_refs(child, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}
