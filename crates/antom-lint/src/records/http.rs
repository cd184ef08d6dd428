//! The HTTP message a record's body travelled in (HAR entries, envelopes with headers): which
//! leg of an exchange it is, its headers, how its body was captured, and what its path says
//! about the message kind.

use std::ops::Range;

use antom_schema::{Direction, Kind, Role};

use super::Record;

/// Which leg of an exchange an HTTP message is, by the path it travelled on and whether it
/// was the request or the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exchange {
    /// The merchant's request to an Antom API (`/ams/api/...`).
    ApiRequest,
    /// Antom's response to an API request.
    ApiResponse,
    /// A notification Antom posted to one of the merchant's own URLs.
    Notification,
    /// The merchant's answer to a notification.
    Ack,
}

impl Exchange {
    pub(super) fn of(path: &str, request: bool) -> Exchange {
        match (is_antom_path(path), request) {
            (true, true) => Exchange::ApiRequest,
            (true, false) => Exchange::ApiResponse,
            (false, true) => Exchange::Notification,
            (false, false) => Exchange::Ack,
        }
    }
}

/// The headers an HTTP message was captured with.
pub enum Headers {
    /// The headers that take part in signing (`client-id`, `request-time`, `response-time`,
    /// `signature`), names in lower case (a HAR entry).
    List(Vec<(String, String)>),
    /// The `headers` object of an envelope, as a range of the frame: read only when a key is
    /// configured.
    Object(Range<usize>),
}

/// How a record's body was captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// The payload text is the body exactly as it travelled (a HAR body, an envelope's body
    /// string).
    Raw,
    /// The body was logged as a JSON value (an envelope's body object): the bytes that
    /// travelled are gone.
    Parsed,
}

/// The HTTP message a record's body travelled in, as captured: what its signature covers.
pub struct Http {
    pub exchange: Exchange,
    /// The request's method (`POST`).
    pub method: String,
    /// The request target as captured: the path, with its query string if it had one.
    pub target: String,
    pub headers: Headers,
    /// A HAR response's request headers (their `client-id` names the merchant when the
    /// response does not repeat it).
    pub request_headers: Option<Headers>,
    pub body: Body,
    /// Where in the frame to report what the signature check finds (the signature header, or
    /// the headers when it is missing).
    pub at: usize,
}

/// The headers a signature involves (HTTP header names are case-insensitive).
pub const SIGNING_HEADERS: &[&str] = &["client-id", "request-time", "response-time", "signature"];

/// The path of a URL (`https://host/a/b?x` gives `/a/b?x`); a path stays as it is.
pub fn url_path(url: &str) -> String {
    match url.split_once("://") {
        Some((_, rest)) => rest
            .find('/')
            .map_or_else(|| "/".to_string(), |i| rest[i..].to_string()),
        None => url.to_string(),
    }
}

/// True for a path of Antom's API (`/ams/api/...`); any other path is one of the merchant's
/// own URLs, where Antom posts notifications.
pub(super) fn is_antom_path(path: &str) -> bool {
    path.split(['?', '#'])
        .next()
        .unwrap_or("")
        .starts_with("/ams/api/")
}

pub(super) fn set_http(rec: &mut Record, path: String, request: bool) {
    if is_antom_path(&path) {
        let dir = if request {
            Direction::MerchantToAntom
        } else {
            Direction::AntomToMerchant
        };
        rec.hints.http = Some((path, dir));
    } else {
        // A merchant's own URL: Antom posts notifications there and reads the ack back.
        rec.hints.only = Some(if request { is_notification } else { is_ack });
    }
}

fn is_notification(kind: &Kind) -> bool {
    kind.role == Role::Notification
}

fn is_ack(kind: &Kind) -> bool {
    kind.role == Role::Ack
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            url_path("https://open-sea-global.alipay.com/ams/api/v1/payments/pay?x=1"),
            "/ams/api/v1/payments/pay?x=1"
        );
        assert_eq!(url_path("/notify"), "/notify");
        assert_eq!(url_path("https://host"), "/");
    }
}
