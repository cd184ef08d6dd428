//! The set of schema files a validator works from: the embedded ones (the files of `schema/`,
//! rebuilt from the embedded bundle, see [`crate::embedded`]), or any other set given as
//! (path, text) pairs (tests use small stand-ins).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use antom_schema_core::reference;

use crate::catalog::{self, Catalog, SchemaError};
use crate::embedded;

/// Parsed schema files and the catalog that names them.
#[derive(Debug, Clone)]
pub struct Schemas {
    catalog: Catalog,
    files: BTreeMap<String, Value>,
}

impl Schemas {
    /// The files embedded in this crate at build time (rebuilt from the bundle).
    pub fn embedded() -> Result<Schemas, SchemaError> {
        Schemas::from_files(
            embedded::FILES
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string())),
        )
    }

    /// A set of files: paths relative to the schema directory (`catalog.json`,
    /// `messages/pay.request.schema.json`, ...) with their text. Files not ending in `.json`
    /// are ignored.
    pub fn from_files(
        files: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Schemas, SchemaError> {
        let mut parsed = BTreeMap::new();
        let mut catalog_text = None;
        for (path, text) in files {
            if path == "catalog.json" {
                catalog_text = Some(text);
                continue;
            }
            if !path.ends_with(".json") {
                continue;
            }
            let value: Value =
                serde_json::from_str(&text).map_err(|e| SchemaError::FileInvalid {
                    path: path.clone(),
                    source: Arc::new(e),
                })?;
            parsed.insert(path, value);
        }
        let catalog_text = catalog_text.ok_or(SchemaError::CatalogMissing)?;
        Ok(Schemas {
            catalog: catalog::parse(&catalog_text)?,
            files: parsed,
        })
    }

    /// The catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// A parsed schema file by path relative to the schema directory.
    pub fn file(&self, path: &str) -> Option<&Value> {
        self.files.get(path)
    }

    /// Every schema file (path, parsed contents).
    pub fn files(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.files.iter().map(|(p, v)| (p.as_str(), v))
    }

    /// The URI a file is registered under: its `$id`, or the catalog's base URI plus its path.
    pub fn id_of(&self, path: &str) -> String {
        self.files
            .get(path)
            .and_then(|v| v.get("$id"))
            .and_then(Value::as_str)
            .map_or_else(
                || format!("{}{path}", self.catalog.base_uri()),
                str::to_string,
            )
    }

    /// Resolves a `$ref` written in `from` to (file path, JSON Pointer inside that file).
    pub fn resolve_ref(&self, from: &str, reference: &str) -> Option<(String, String)> {
        let (path_part, fragment) = reference::split(reference);
        let target = if let Some(rest) = path_part.strip_prefix(self.catalog.base_uri()) {
            rest.to_string()
        } else if path_part.contains("://") {
            return None;
        } else {
            reference::resolve(from, path_part)?
        };
        if !self.files.contains_key(&target) {
            return None;
        }
        Some((target, fragment.to_string()))
    }
}
