//! The message kinds listed in `schema/catalog.json`.

use serde::Deserialize;

use crate::embedded;

/// Who produces a message and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Role {
    /// The merchant's call to an Antom API.
    Request,
    /// Antom's synchronous answer to a request.
    Response,
    /// An asynchronous notification Antom posts to the merchant's notify URL.
    Notification,
    /// The merchant's answer to a notification.
    Ack,
}

impl Role {
    /// True where the merchant writes the message: such messages are checked strictly.
    pub fn merchant_writes(self) -> bool {
        matches!(self, Role::Request | Role::Ack)
    }
}

/// Which side sends a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Sent by the merchant (requests, acknowledgements).
    MerchantToAntom,
    /// Sent by Antom (responses, notifications).
    AntomToMerchant,
}

/// One message kind of the catalog.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kind {
    /// Stable id used everywhere, e.g. `pay.request`.
    pub id: String,
    /// The API the message belongs to, e.g. `pay`.
    pub api: String,
    /// Request, response, notification or acknowledgement.
    pub role: Role,
    /// HTTP method (always `POST` in this API).
    pub method: String,
    /// HTTP path of the API for requests and responses; `None` for notifications and the ack,
    /// which travel to and from the merchant's own notify URL.
    pub path: Option<String>,
    /// Who sends it.
    pub direction: Direction,
    /// Name of the generated Rust type.
    #[serde(default)]
    pub type_name: String,
    /// Schema file, relative to `schema/`.
    pub schema: String,
}

#[derive(Deserialize)]
struct CatalogFile {
    #[serde(rename = "baseUri")]
    base_uri: String,
    kinds: Vec<Kind>,
}

/// The list of message kinds.
#[derive(Debug, Clone)]
pub struct Catalog {
    base_uri: String,
    kinds: Vec<Kind>,
}

/// The catalog or a schema file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError(pub String);

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SchemaError {}

impl Catalog {
    /// The catalog embedded in this crate.
    pub fn embedded() -> Result<Catalog, SchemaError> {
        let text = embedded::file("catalog.json")
            .ok_or_else(|| SchemaError("schema/catalog.json is not embedded".into()))?;
        Catalog::from_json(text)
    }

    /// Reads a catalog from the text of a `catalog.json`.
    pub fn from_json(text: &str) -> Result<Catalog, SchemaError> {
        let file: CatalogFile = serde_json::from_str(text)
            .map_err(|e| SchemaError(format!("catalog.json does not parse: {e}")))?;
        Ok(Catalog {
            base_uri: file.base_uri,
            kinds: file.kinds,
        })
    }

    /// The URI the schema files are registered under (`$id` prefix).
    pub fn base_uri(&self) -> &str {
        &self.base_uri
    }

    /// Every kind, in catalog order.
    pub fn kinds(&self) -> &[Kind] {
        &self.kinds
    }

    /// The kind with this id.
    pub fn get(&self, id: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.id == id)
    }

    /// The kind for an HTTP path (the URL's path, query ignored) and direction.
    pub fn by_path(&self, path: &str, direction: Direction) -> Option<&Kind> {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        let path = path.trim_end_matches('/');
        self.kinds
            .iter()
            .find(|k| k.direction == direction && k.path.as_deref() == Some(path))
    }

    /// True when some kind uses this HTTP path.
    pub fn is_api_path(&self, path: &str) -> bool {
        let path = path.split(['?', '#']).next().unwrap_or(path);
        let path = path.trim_end_matches('/');
        self.kinds.iter().any(|k| k.path.as_deref() == Some(path))
    }

    /// The kind whose id appears in a file name (`pay.request.json`, `x.pay.response.ndjson`).
    /// The longest matching id wins, and only whole dot-separated parts count, so
    /// `inquiryPayment.request` is never read as `pay.request`.
    pub fn by_file_name(&self, name: &str) -> Option<&Kind> {
        let parts: Vec<&str> = name.split(['.', '/', '\\']).collect();
        let mut best: Option<&Kind> = None;
        for kind in &self.kinds {
            let id_parts: Vec<&str> = kind.id.split('.').collect();
            let found = parts.windows(id_parts.len()).any(|w| {
                w.iter()
                    .zip(&id_parts)
                    .all(|(a, b)| a.ends_with(b) && (a == b || is_prefix_sep(a, b)))
            });
            if found && best.is_none_or(|b| b.id.len() < kind.id.len()) {
                best = Some(kind);
            }
        }
        best
    }
}

/// `sample_pay` ends with `pay` after a separator, so a name like `01_pay.request.json` matches.
fn is_prefix_sep(whole: &str, tail: &str) -> bool {
    let head = &whole[..whole.len() - tail.len()];
    head.ends_with(['_', '-', ' '])
}
