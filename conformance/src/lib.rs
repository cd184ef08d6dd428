//! Shared helpers of the conformance suite: where the schema files, the catalog, the
//! documented samples and their manifest live, and how to read them.
//!
//! The tests under `tests/` do the proving; this module only loads inputs so that each test
//! reads them the same way.

pub mod coverage;
pub mod gen;
pub mod mutate;

use std::path::{Path, PathBuf};

use antom_schema_core::catalog::Catalog;
use antom_schema_core::pointer;
use serde::Deserialize;
use serde_json::Value;

/// One message kind of `schema/catalog.json` (the model of `antom-schema-core`).
pub use antom_schema_core::catalog::Kind as CatalogKind;

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

/// `schema/catalog.json`, parsed.
pub fn read_catalog() -> Catalog {
    let path = workspace_root().join("schema/catalog.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Catalog::from_json(&text).unwrap_or_else(|e| panic!("{} is not a catalog: {e}", path.display()))
}

/// Every kind of the catalog, in catalog order.
pub fn catalog() -> Vec<CatalogKind> {
    read_catalog().kinds().to_vec()
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
                    collect_refs(child, &pointer::join(pointer, key), out);
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

/// One entry of `conformance/samples/manifest.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct Sample {
    /// File name inside `conformance/samples/`.
    pub file: String,
    /// Catalog id of the message, or `None` for a fragment.
    pub kind: Option<String>,
    /// For a fragment: the definition it illustrates.
    pub definition: Option<String>,
    /// Where the sample comes from (seed page and section); empty for written samples.
    #[serde(default)]
    pub sources: Vec<Value>,
    /// `documented sample`, `written from the SDK inventory ...` or `constructed: ...`.
    pub origin: String,
    /// Defects of the document recorded for this sample.
    #[serde(default)]
    pub defects: Vec<Value>,
    /// The `.original.txt` holding the unparsable page text this file repairs.
    pub repaired_from: Option<String>,
    /// The verdict the schemas give.
    pub expect: Expect,
}

/// The expected schema verdict of a sample.
#[derive(Debug, Clone, Deserialize)]
pub struct Expect {
    /// Schema file (relative to `schema/`) the sample is checked against.
    pub schema: String,
    /// Where inside the sample file the instance sits (`""` for the whole file).
    pub instance_pointer: String,
    /// Whether the instance is valid.
    pub valid: bool,
    /// JSON Pointers of the errors, sorted, without duplicates.
    pub errors: Vec<String>,
}

/// The sample directory.
pub fn samples_dir() -> PathBuf {
    workspace_root().join("conformance/samples")
}

/// Every manifest entry, in file-name order.
pub fn samples() -> Vec<Sample> {
    #[derive(Deserialize)]
    struct Manifest {
        samples: Vec<Sample>,
    }
    let manifest: Manifest =
        serde_json::from_value(read_json(&samples_dir().join("manifest.json")))
            .expect("manifest.json has the documented shape");
    manifest.samples
}

impl Sample {
    /// The whole sample file, parsed.
    pub fn document(&self) -> Value {
        read_json(&samples_dir().join(&self.file))
    }

    /// The instance the verdict is about.
    pub fn instance(&self) -> Value {
        let doc = self.document();
        doc.pointer(&self.expect.instance_pointer)
            .cloned()
            .unwrap_or_else(|| {
                panic!(
                    "{}: no value at {}",
                    self.file, self.expect.instance_pointer
                )
            })
    }

    /// The sample's name without `.json`, used for snapshot names.
    pub fn stem(&self) -> &str {
        self.file.strip_suffix(".json").unwrap_or(&self.file)
    }
}

/// Instance generation options for a kind: unknown members and enum values only where Antom
/// writes (responses and notifications).
pub fn gen_options(kind: &CatalogKind) -> gen::GenOptions {
    gen::GenOptions {
        unknowns: kind.role.antom_writes(),
    }
}

/// A proptest runner whose failures persist to
/// `conformance/proptest-regressions/<name>.txt` and are replayed first on every run; cases
/// from `PROPTEST_CASES` (256 by default).
pub fn persisted_runner(name: &str) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};
    let path: &'static str = Box::leak(format!("proptest-regressions/{name}.txt").into_boxed_str());
    TestRunner::new(Config {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(path))),
        ..Config::default()
    })
}

/// Key paths where two JSON values differ (`path: left vs right`), for readable test
/// failures.
pub fn differences(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let p = format!("{path}/{key}");
                match (x.get(key), y.get(key)) {
                    (Some(l), Some(r)) => differences(l, r, &p, out),
                    (l, r) => out.push(format!("{p}: {l:?} vs {r:?}")),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (l, r)) in x.iter().zip(y).enumerate() {
                differences(l, r, &format!("{path}/{i}"), out);
            }
        }
        _ if a != b => out.push(format!("{path}: {a} vs {b}")),
        _ => {}
    }
}
