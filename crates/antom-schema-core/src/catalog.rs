//! The typed model of `schema/catalog.json`: every message kind of the API, with its role,
//! direction, HTTP path and schema file, and the files that say how a value is written.

use std::fmt;

use serde::Deserialize;

/// What a message is in its exchange.
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
    /// True where the merchant writes the message (requests, acknowledgements): such
    /// messages are checked strictly.
    pub fn merchant_writes(self) -> bool {
        matches!(self, Role::Request | Role::Ack)
    }

    /// True where Antom writes the message (responses, notifications): such messages are
    /// accepted against their received form, and may hold members and values a schema does
    /// not list yet.
    pub fn antom_writes(self) -> bool {
        !self.merchant_writes()
    }

    /// The name `catalog.json` uses (`request`, `response`, `notification`, `ack`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Request => "request",
            Role::Response => "response",
            Role::Notification => "notification",
            Role::Ack => "ack",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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

impl Direction {
    /// The name `catalog.json` uses (`merchant-to-antom`, `antom-to-merchant`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Direction::MerchantToAntom => "merchant-to-antom",
            Direction::AntomToMerchant => "antom-to-merchant",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One message kind of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
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
    /// Where a message without an API path travels, in words (the merchant's notify URL, the
    /// body of the answer to a notification); `None` when the catalog does not say.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// Who sends it.
    pub direction: Direction,
    /// Name of the generated Rust type (empty when the catalog does not give one).
    #[serde(default)]
    pub type_name: String,
    /// Schema file, relative to `schema/`.
    pub schema: String,
}

/// The whole catalog: the base URI of the schema files, the encoding files and the kinds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    base_uri: String,
    #[serde(default)]
    encodings: Vec<String>,
    kinds: Vec<Kind>,
}

impl Catalog {
    /// Reads a catalog from the text of a `catalog.json`.
    pub fn from_json(text: &str) -> Result<Catalog, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The URI the schema files are registered under (`$id` prefix).
    pub fn base_uri(&self) -> &str {
        &self.base_uri
    }

    /// The files (relative to `schema/`) that say how a value is written (an amount, a
    /// scalar sent as JSON or as a string): their constraints hold whoever writes a message.
    pub fn encodings(&self) -> &[String] {
        &self.encodings
    }

    /// Every kind, in catalog order.
    pub fn kinds(&self) -> &[Kind] {
        &self.kinds
    }

    /// The kind with this id.
    pub fn get(&self, id: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.id == id)
    }

    /// The kind whose schema is the file `schema` (relative to `schema/`).
    pub fn by_schema(&self, schema: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.schema == schema)
    }

    /// The kind for an HTTP path (the URL's path, query ignored) and direction.
    pub fn by_path(&self, path: &str, direction: Direction) -> Option<&Kind> {
        let path = bare_path(path);
        self.kinds
            .iter()
            .find(|k| k.direction == direction && k.path.as_deref() == Some(path))
    }

    /// True when some kind uses this HTTP path.
    pub fn is_api_path(&self, path: &str) -> bool {
        let path = bare_path(path);
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

/// A URL path without its query or fragment and without a final `/`.
fn bare_path(path: &str) -> &str {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    path.trim_end_matches('/')
}

/// `sample_pay` ends with `pay` after a separator, so a name like `01_pay.request.json` matches.
fn is_prefix_sep(whole: &str, tail: &str) -> bool {
    let head = &whole[..whole.len() - tail.len()];
    head.ends_with(['_', '-', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{
      "$comment": "ignored",
      "baseUri": "https://example.invalid/schema/",
      "encodings": ["defs/Amount.schema.json"],
      "kinds": [
        {"id": "pay.request", "api": "pay", "role": "request", "method": "POST",
         "path": "/ams/api/v1/payments/pay", "direction": "merchant-to-antom",
         "typeName": "PayRequest", "schema": "messages/pay.request.schema.json"},
        {"id": "pay.response", "api": "pay", "role": "response", "method": "POST",
         "path": "/ams/api/v1/payments/pay", "direction": "antom-to-merchant",
         "typeName": "PayResponse", "schema": "messages/pay.response.schema.json"},
        {"id": "inquiryPayment.request", "api": "inquiryPayment", "role": "request",
         "method": "POST", "path": "/ams/api/v1/payments/inquiryPayment",
         "direction": "merchant-to-antom", "schema": "messages/inquiryPayment.request.schema.json"},
        {"id": "notification.ack", "api": "notification", "role": "ack", "method": "POST",
         "path": null, "endpoint": "the answer to a notification",
         "direction": "merchant-to-antom", "typeName": "NotificationAck",
         "schema": "messages/notification.ack.schema.json"}
      ]
    }"#;

    #[test]
    fn parses_the_documented_shape() {
        let catalog = Catalog::from_json(TEXT).unwrap();
        assert_eq!(catalog.base_uri(), "https://example.invalid/schema/");
        assert_eq!(catalog.encodings(), ["defs/Amount.schema.json"]);
        assert_eq!(catalog.kinds().len(), 4);
        let ack = catalog.get("notification.ack").unwrap();
        assert_eq!(ack.role, Role::Ack);
        assert_eq!(ack.path, None);
        assert_eq!(
            ack.endpoint.as_deref(),
            Some("the answer to a notification")
        );
        assert_eq!(catalog.get("inquiryPayment.request").unwrap().type_name, "");
        assert_eq!(
            catalog
                .by_schema("messages/pay.response.schema.json")
                .map(|k| k.id.as_str()),
            Some("pay.response")
        );
        assert!(Catalog::from_json(r#"{"kinds": []}"#).is_err());
        let bad_role = TEXT.replace("\"ack\"", "\"answer\"");
        assert!(Catalog::from_json(&bad_role).is_err());
    }

    #[test]
    fn roles_and_directions_keep_their_catalog_names() {
        for role in [Role::Request, Role::Response, Role::Notification, Role::Ack] {
            let back: Role = serde_json::from_value(role.as_str().into()).unwrap();
            assert_eq!(back, role);
            assert_eq!(role.to_string(), role.as_str());
            assert_ne!(role.merchant_writes(), role.antom_writes());
        }
        assert!(Role::Ack.merchant_writes() && Role::Notification.antom_writes());
        for direction in [Direction::MerchantToAntom, Direction::AntomToMerchant] {
            let back: Direction = serde_json::from_value(direction.as_str().into()).unwrap();
            assert_eq!(back, direction);
        }
    }

    #[test]
    fn lookups() {
        let catalog = Catalog::from_json(TEXT).unwrap();
        let id = |k: Option<&Kind>| k.map(|k| k.id.clone());
        assert_eq!(
            id(catalog.by_path("/ams/api/v1/payments/pay/?x=1", Direction::AntomToMerchant)),
            Some("pay.response".into())
        );
        assert!(catalog.is_api_path("/ams/api/v1/payments/pay#top"));
        assert!(!catalog.is_api_path("/elsewhere"));
        assert_eq!(
            id(catalog.by_file_name("01_pay.request.json")),
            Some("pay.request".into())
        );
        assert_eq!(
            id(catalog.by_file_name("x/inquiryPayment.request.json")),
            Some("inquiryPayment.request".into())
        );
        assert_eq!(id(catalog.by_file_name("nothing.json")), None);
    }
}
