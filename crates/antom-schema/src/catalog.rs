//! The message kinds listed in `schema/catalog.json` (the model and its parser live in
//! [`antom_schema_core::catalog`]), and the error of everything that reads the schemas.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

pub use antom_schema_core::catalog::{Catalog, Direction, Kind, Role};

use crate::embedded;

/// The catalog embedded in this crate.
pub fn embedded() -> Result<Catalog, SchemaError> {
    let text = embedded::file("catalog.json").ok_or(SchemaError::CatalogMissing)?;
    parse(text)
}

/// Reads a catalog from the text of a `catalog.json`, with this crate's error.
pub fn parse(text: &str) -> Result<Catalog, SchemaError> {
    Catalog::from_json(text).map_err(|e| SchemaError::CatalogInvalid {
        source: Arc::new(e),
    })
}

/// A cause kept inside a [`SchemaError`]: shared, so that the error stays `Clone` (a kind
/// that does not compile reports the same error on every use).
pub type Cause = Arc<dyn StdError + Send + Sync>;

/// Why the schemas could not be read, compiled or used.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum SchemaError {
    /// The schema files hold no `catalog.json`.
    CatalogMissing,
    /// `catalog.json` is not a catalog (not JSON, or a kind lacks a member).
    CatalogInvalid {
        /// What the JSON parser said.
        source: Arc<serde_json::Error>,
    },
    /// A schema file is not JSON.
    FileInvalid {
        /// The file, relative to `schema/`.
        path: String,
        /// What the JSON parser said.
        source: Arc<serde_json::Error>,
    },
    /// No schema file has this path: the catalog names a file the set lacks, or a caller
    /// asked for one.
    FileMissing {
        /// The message kind whose schema it is, when a kind asked for it.
        kind: Option<String>,
        /// The file, relative to `schema/`.
        path: String,
    },
    /// The schema files could not be registered together (a duplicate or malformed `$id`).
    Registry {
        /// What the JSON Schema library said.
        source: Cause,
    },
    /// A schema file does not compile (a bad `$ref`, pattern or keyword).
    DoesNotCompile {
        /// The message kind whose schema it is, when a kind asked for it.
        kind: Option<String>,
        /// The file, relative to `schema/`.
        path: String,
        /// What the JSON Schema library said.
        source: Cause,
    },
    /// No message kind of the catalog has this id.
    UnknownKind {
        /// The id asked for.
        id: String,
    },
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind_prefix = |f: &mut fmt::Formatter<'_>, kind: &Option<String>| match kind {
            Some(kind) => write!(f, "{kind}: "),
            None => Ok(()),
        };
        match self {
            SchemaError::CatalogMissing => {
                f.write_str("schema/catalog.json is missing from the schema files")
            }
            SchemaError::CatalogInvalid { source } => {
                write!(f, "schema/catalog.json does not parse: {source}")
            }
            SchemaError::FileInvalid { path, source } => {
                write!(f, "schema/{path} does not parse: {source}")
            }
            SchemaError::FileMissing { kind, path } => {
                kind_prefix(f, kind)?;
                write!(f, "schema file schema/{path} is missing")
            }
            SchemaError::Registry { source } => {
                write!(f, "registering the schema files failed: {source}")
            }
            SchemaError::DoesNotCompile { kind, path, source } => {
                kind_prefix(f, kind)?;
                write!(f, "schema/{path} does not compile: {source}")
            }
            SchemaError::UnknownKind { id } => write!(f, "unknown message kind `{id}`"),
        }
    }
}

impl StdError for SchemaError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SchemaError::CatalogInvalid { source } | SchemaError::FileInvalid { source, .. } => {
                Some(source.as_ref())
            }
            SchemaError::Registry { source } | SchemaError::DoesNotCompile { source, .. } => {
                Some(source.as_ref())
            }
            SchemaError::CatalogMissing
            | SchemaError::FileMissing { .. }
            | SchemaError::UnknownKind { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_cause_and_sources_are_kept() {
        let json = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
        let e = SchemaError::FileInvalid {
            path: "defs/Amount.schema.json".into(),
            source: Arc::new(json),
        };
        assert!(e
            .to_string()
            .starts_with("schema/defs/Amount.schema.json does not parse: EOF"));
        assert!(e.source().is_some());
        let e = SchemaError::FileMissing {
            kind: Some("pay.request".into()),
            path: "messages/pay.request.schema.json".into(),
        };
        assert_eq!(
            e.to_string(),
            "pay.request: schema file schema/messages/pay.request.schema.json is missing"
        );
        assert!(e.source().is_none());
        assert_eq!(
            SchemaError::UnknownKind { id: "x".into() }.to_string(),
            "unknown message kind `x`"
        );
        assert!(matches!(
            parse("{}"),
            Err(SchemaError::CatalogInvalid { .. })
        ));
    }

    #[test]
    fn the_embedded_catalog_reads() {
        let catalog = embedded().unwrap();
        assert!(catalog.get("pay.request").is_some());
    }
}
