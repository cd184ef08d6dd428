//! Cutting inputs into records: one JSON payload, NDJSON lines, envelopes, HAR entries.

use std::ops::Range;

use antom_schema::rules::{self, Rule};
use antom_schema::source::{outline, LineIndex, SourceMap};
use antom_schema::{Catalog, Direction, Finding, Kind, Role};
use serde_json::Value;

use crate::cli::InputFormat;

/// The bytes that a record's offsets refer to (a whole file, or one NDJSON line) and where
/// they sit in their file.
pub struct Frame<'a> {
    pub bytes: &'a [u8],
    /// The 1-based line of the file on which `bytes` start.
    pub first_line: usize,
    /// The bytes are one line (no index is needed to place an offset).
    single: bool,
    lines: std::cell::OnceCell<LineIndex>,
}

impl<'a> Frame<'a> {
    /// A whole file.
    pub fn file(bytes: &'a [u8]) -> Frame<'a> {
        Frame {
            bytes,
            first_line: 1,
            single: false,
            lines: std::cell::OnceCell::new(),
        }
    }

    /// One line of a file (without its line break).
    pub fn line(bytes: &'a [u8], line: usize) -> Frame<'a> {
        Frame {
            bytes,
            first_line: line,
            single: true,
            lines: std::cell::OnceCell::new(),
        }
    }

    fn index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.bytes))
    }

    /// 1-based line and column in the file of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let (line, column) = if self.single {
            // One NDJSON line: no index needed; characters are the bytes that do not
            // continue a UTF-8 sequence.
            let offset = offset.min(self.bytes.len());
            (1, chars(&self.bytes[..offset]) + 1)
        } else {
            self.index().line_col_bytes(self.bytes, offset)
        };
        (line + self.first_line - 1, column)
    }

    /// The text of a line of the file (lossy), without its line break.
    pub fn line_text(&self, line: usize) -> String {
        let Some(start) = line
            .checked_sub(self.first_line)
            .and_then(|l| self.index().line_start(l + 1))
        else {
            return String::new();
        };
        let start = start.min(self.bytes.len());
        let end =
            memchr::memchr(b'\n', &self.bytes[start..]).map_or(self.bytes.len(), |p| start + p);
        String::from_utf8_lossy(&self.bytes[start..end])
            .trim_end_matches('\r')
            .to_string()
    }
}

/// Characters in UTF-8 bytes (bytes that do not continue a sequence).
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

/// How offsets in a record's text map to offsets in its frame.
#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    /// The text is a verbatim slice of the frame starting at this offset.
    Slice(usize),
    /// The text was decoded from a JSON string that starts at this offset; every position
    /// inside it is reported at the string.
    Embedded(usize),
}

impl Anchor {
    pub fn map(self, offset: usize) -> usize {
        match self {
            Anchor::Slice(base) => base + offset,
            Anchor::Embedded(at) => at,
        }
    }
}

/// The payload of a record.
pub enum Payload {
    /// JSON text to check: a range of the frame (valid UTF-8).
    Slice(Range<usize>),
    /// JSON text to check, decoded from a string of the frame.
    Owned(String),
    /// Nothing to check: the record is broken (rule, message, offset in the record).
    Broken(&'static Rule, String, usize),
    /// Nothing to check (an envelope without a body; its finding is already recorded).
    Missing,
}

/// What the surroundings of a payload say about its kind.
#[derive(Default)]
pub struct Hints {
    pub envelope_kind: Option<String>,
    pub http: Option<(String, Direction)>,
    pub only: Option<fn(&Kind) -> bool>,
}

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
    fn of(path: &str, request: bool) -> Exchange {
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

/// One payload to check.
pub struct Record {
    /// 1-based number of the record in its source.
    pub number: usize,
    pub payload: Payload,
    pub anchor: Anchor,
    pub hints: Hints,
    /// Findings made while reading (envelope problems), with offsets in the frame.
    pub early: Vec<(Finding, usize)>,
    /// The HTTP message the payload was captured in, with its headers (HAR entries, envelopes
    /// with a `headers` member).
    pub http: Option<Http>,
}

impl Record {
    fn new(number: usize, payload: Payload, anchor: Anchor) -> Record {
        Record {
            number,
            payload,
            anchor,
            hints: Hints::default(),
            early: Vec::new(),
            http: None,
        }
    }

    /// A record that could not be read at all.
    pub fn broken(number: usize, rule: &'static Rule, message: String) -> Record {
        Record::new(number, Payload::Broken(rule, message, 0), Anchor::Slice(0))
    }

    /// The JSON text to check, if any.
    pub fn text<'a>(&'a self, frame: &Frame<'a>) -> Option<&'a str> {
        match &self.payload {
            Payload::Slice(r) => simdutf8::basic::from_utf8(frame.bytes.get(r.clone())?).ok(),
            Payload::Owned(s) => Some(s),
            _ => None,
        }
    }
}

fn is_notification(kind: &Kind) -> bool {
    kind.role == Role::Notification
}

fn is_ack(kind: &Kind) -> bool {
    kind.role == Role::Ack
}

fn is_har(value: &Value) -> bool {
    value
        .get("log")
        .and_then(|l| l.get("entries"))
        .is_some_and(Value::is_array)
}

/// The format a file name announces, if any.
pub fn by_name(file_name: Option<&str>) -> Option<InputFormat> {
    let name = file_name.unwrap_or("").to_ascii_lowercase();
    if name.ends_with(".har") {
        Some(InputFormat::Har)
    } else if name.ends_with(".ndjson") || name.ends_with(".jsonl") {
        Some(InputFormat::Ndjson)
    } else {
        None
    }
}

/// Works out the format of a text read whole (the name said nothing).
pub fn detect(bytes: &[u8]) -> InputFormat {
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    // One quick pass settles the usual case, a single value, without parsing it.
    let shape = outline(&text);
    if shape.complete && shape.alone {
        if shape.member("log").is_none() {
            return InputFormat::Json;
        }
        return match serde_json::from_str::<Value>(&text) {
            Ok(v) if is_har(&v) => InputFormat::Har,
            _ => InputFormat::Json,
        };
    }
    if serde_json::from_str::<Value>(&text).is_ok() {
        return InputFormat::Json;
    }
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next();
    let more = lines.next().is_some();
    if more && first.is_some_and(|l| serde_json::from_str::<Value>(l).is_ok()) {
        InputFormat::Ndjson
    } else {
        InputFormat::Json
    }
}

/// Cuts a whole-file frame (JSON or HAR) into records.
pub fn split_whole(bytes: &[u8], format: InputFormat, catalog: &Catalog) -> Vec<Record> {
    match format {
        InputFormat::Har => har(bytes, catalog),
        InputFormat::Json | InputFormat::Ndjson => vec![whole(bytes)],
    }
}

/// Text of a byte slice, or the offset of its first invalid byte.
fn utf8(bytes: &[u8]) -> Result<&str, usize> {
    simdutf8::compat::from_utf8(bytes).map_err(|e| e.valid_up_to())
}

fn whole(bytes: &[u8]) -> Record {
    let base = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = &bytes[base..];
    let mut rec = match utf8(body) {
        Err(at) => Record::new(
            1,
            Payload::Broken(
                &rules::INVALID_UTF8,
                format!("invalid UTF-8 at byte {}", base + at),
                at,
            ),
            Anchor::Slice(base),
        ),
        Ok(text) if text.trim().is_empty() => Record::new(
            1,
            Payload::Broken(&rules::EMPTY_INPUT, "the input is empty".into(), 0),
            Anchor::Slice(base),
        ),
        Ok(_) => Record::new(1, Payload::Slice(base..bytes.len()), Anchor::Slice(base)),
    };
    unwrap_envelope(&mut rec, bytes);
    rec
}

/// One NDJSON line (without its line break) as a record; `first` when it is the file's
/// first line (which may start with a byte order mark).
pub fn ndjson_line(number: usize, line: &[u8], first: bool) -> Record {
    let mut end = line.len();
    if line.ends_with(b"\r") {
        end -= 1;
    }
    let base = if first && line.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut rec = match utf8(&line[base.min(end)..end]) {
        Err(at) => Record::new(
            number,
            Payload::Broken(
                &rules::INVALID_UTF8,
                format!("invalid UTF-8 at byte {}", base + at),
                at,
            ),
            Anchor::Slice(base),
        ),
        Ok(_) => Record::new(number, Payload::Slice(base..end), Anchor::Slice(base)),
    };
    unwrap_envelope(&mut rec, line);
    rec
}

/// True when a line holds nothing but white space (not a record).
pub fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

const ENVELOPE_KEYS: &[&str] = &[
    "kind",
    "body",
    "method",
    "path",
    "url",
    "direction",
    "headers",
    "status",
];

/// Replaces an envelope by its body, keeping what it says about the kind. Only the small
/// members of the envelope are parsed here; the body is parsed once, when it is checked.
fn unwrap_envelope(rec: &mut Record, frame: &[u8]) {
    let Payload::Slice(range) = &rec.payload else {
        return;
    };
    let Some(text) = frame.get(range.clone()).and_then(|b| utf8(b).ok()) else {
        return;
    };
    let shape = outline(text);
    if !shape.complete || !shape.alone || !text[shape.start..].starts_with('{') {
        return;
    }
    let has = |k: &str| shape.member(k).is_some();
    let is_envelope = shape
        .members
        .iter()
        .all(|m| ENVELOPE_KEYS.contains(&m.name.as_str()))
        && ["kind", "path", "url", "direction"].iter().any(|k| has(k))
        && (has("body") || has("kind"));
    if !is_envelope {
        return;
    }
    // The small members, parsed; a member that does not parse makes the line a plain
    // (malformed) payload, reported as such when it is checked.
    let small = |name: &str| -> Result<Option<Value>, ()> {
        match shape.member(name) {
            None => Ok(None),
            Some(m) if name == "body" || name == "headers" => {
                // Only the type matters here (string, null or other).
                let first = text.as_bytes().get(m.span.start).copied();
                Ok(Some(match first {
                    Some(b'"') => serde_json::from_str::<Value>(&text[m.span.start..m.span.end])
                        .map_err(|_| ())?,
                    Some(b'n') if &text[m.span.start..m.span.end] == "null" => Value::Null,
                    _ => Value::Bool(true),
                }))
            }
            Some(m) => serde_json::from_str(&text[m.span.start..m.span.end])
                .map(Some)
                .map_err(|_| ()),
        }
    };
    let (Ok(kind), Ok(path), Ok(url), Ok(direction), Ok(body)) = (
        small("kind"),
        small("path"),
        small("url"),
        small("direction"),
        small("body"),
    ) else {
        return;
    };
    let base = range.start;
    let anchor = rec.anchor;
    let at = |ptr: &str| anchor.map(shape.locate_shallow(ptr).unwrap_or(0));
    let mut early = Vec::new();
    let mut bad = |ptr: &str, message: String| {
        early.push((rules::ENVELOPE_INVALID.finding(None, ptr, message), at(ptr)));
    };
    match &kind {
        Some(Value::String(k)) => rec.hints.envelope_kind = Some(k.clone()),
        Some(other) if !other.is_null() => {
            bad("/kind", "the envelope's kind must be a string".into())
        }
        _ => {}
    }
    let path = path
        .as_ref()
        .or(url.as_ref())
        .and_then(Value::as_str)
        .map(url_path);
    let direction = direction.as_ref().and_then(Value::as_str);
    let mut exchange = None;
    if let Some(path) = path {
        let api = is_antom_path(&path);
        let request = match direction {
            Some("request") => Some(true),
            Some("response") => Some(false),
            // The way the message went. On an Antom API path the merchant sends the request
            // and Antom answers; on the merchant's own URL Antom sends the request (a
            // notification) and the merchant answers (the acknowledgement).
            Some("merchant-to-antom") => Some(api),
            Some("antom-to-merchant") => Some(!api),
            Some(other) => {
                bad(
                    "/direction",
                    format!("direction \"{other}\" is neither request nor response"),
                );
                None
            }
            None => {
                bad(
                    "",
                    "the envelope gives a path but no direction (request or response)".into(),
                );
                None
            }
        };
        if let Some(request) = request {
            exchange = Some((Exchange::of(&path, request), path.clone()));
            set_http(rec, path, request);
        }
    }
    // With its headers, an envelope carries what a signature covers.
    let headers = shape
        .member("headers")
        .filter(|m| text[m.span.start..].starts_with('{'));
    if let (Some((exchange, target)), Some(headers)) = (exchange, headers) {
        let method = match small("method") {
            Ok(Some(Value::String(m))) => m,
            _ => "POST".to_string(),
        };
        rec.http = Some(Http {
            exchange,
            method,
            target,
            headers: Headers::Object(base + headers.span.start..base + headers.span.end),
            request_headers: None,
            body: if matches!(body, Some(Value::String(_))) {
                Body::Raw
            } else {
                Body::Parsed
            },
            at: at("/headers"),
        });
    }
    let payload = match body {
        Some(Value::String(body)) => {
            rec.anchor = Anchor::Embedded(at("/body"));
            if body.trim().is_empty() {
                Payload::Broken(
                    &rules::MALFORMED_JSON,
                    "the envelope's body is an empty string".into(),
                    0,
                )
            } else {
                Payload::Owned(body)
            }
        }
        Some(Value::Null) | None => {
            bad("", "the envelope has no body".into());
            Payload::Missing
        }
        Some(_) => match shape.member("body") {
            Some(m) => {
                rec.anchor = Anchor::Slice(anchor.map(m.span.start));
                Payload::Slice(base + m.span.start..base + m.span.end)
            }
            None => Payload::Missing,
        },
    };
    rec.early.extend(early);
    rec.payload = payload;
}

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
fn is_antom_path(path: &str) -> bool {
    path.split(['?', '#'])
        .next()
        .unwrap_or("")
        .starts_with("/ams/api/")
}

fn set_http(rec: &mut Record, path: String, request: bool) {
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

fn har(bytes: &[u8], catalog: &Catalog) -> Vec<Record> {
    let text = match utf8(bytes) {
        Ok(t) => t,
        Err(at) => {
            return vec![Record::new(
                1,
                Payload::Broken(
                    &rules::INVALID_UTF8,
                    format!("invalid UTF-8 at byte {at}"),
                    at,
                ),
                Anchor::Slice(0),
            )]
        }
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(_) => return vec![whole(bytes)],
    };
    let Some(entries) = value.pointer("/log/entries").and_then(Value::as_array) else {
        return vec![Record::new(
            1,
            Payload::Broken(
                &rules::MALFORMED_JSON,
                "the HAR capture has no log.entries array".into(),
                0,
            ),
            Anchor::Slice(0),
        )];
    };
    let spans = SourceMap::scan(text);
    let mut out = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let url = entry
            .pointer("/request/url")
            .and_then(Value::as_str)
            .unwrap_or("");
        let path = url_path(url);
        let api = catalog.is_api_path(&path);
        let request_text = entry
            .pointer("/request/postData/text")
            .and_then(Value::as_str)
            .unwrap_or("");
        let notification = !api && looks_like_notification(request_text);
        if !api && !notification {
            continue;
        }
        let method = entry
            .pointer("/request/method")
            .and_then(Value::as_str)
            .unwrap_or("POST");
        let http = |side: &str, request: bool| {
            let (headers, signature_at) = har_headers(entry, i, side, &spans);
            let at = signature_at
                .or_else(|| spans.locate(&format!("/log/entries/{i}/{side}/headers")))
                .unwrap_or(0);
            Http {
                exchange: Exchange::of(&path, request),
                method: method.to_string(),
                target: path.clone(),
                headers,
                request_headers: (!request).then(|| har_headers(entry, i, "request", &spans).0),
                body: Body::Raw,
                at,
            }
        };
        if !request_text.trim().is_empty() {
            let ptr = format!("/log/entries/{i}/request/postData/text");
            let at = spans.locate(&ptr).unwrap_or(0);
            let mut rec = Record::new(
                out.len() + 1,
                Payload::Owned(request_text.to_string()),
                Anchor::Embedded(at),
            );
            set_http(&mut rec, path.clone(), true);
            rec.http = Some(http("request", true));
            out.push(rec);
        }
        let content = entry.pointer("/response/content");
        let body = content
            .and_then(|c| c.get("text"))
            .and_then(Value::as_str)
            .unwrap_or("");
        if body.trim().is_empty() {
            continue;
        }
        let ptr = format!("/log/entries/{i}/response/content/text");
        let at = spans.locate(&ptr).unwrap_or(0);
        let base64 = content
            .and_then(|c| c.get("encoding"))
            .and_then(Value::as_str)
            == Some("base64");
        let payload = if base64 {
            match decode_base64(body).map(String::from_utf8) {
                Some(Ok(t)) if t.trim().is_empty() => Payload::Broken(
                    &rules::MALFORMED_JSON,
                    "the decoded response body is empty".into(),
                    0,
                ),
                Some(Ok(t)) => Payload::Owned(t),
                Some(Err(e)) => Payload::Broken(
                    &rules::INVALID_UTF8,
                    format!(
                        "the decoded response body is not UTF-8 (byte {})",
                        e.utf8_error().valid_up_to()
                    ),
                    0,
                ),
                None => Payload::Broken(
                    &rules::MALFORMED_JSON,
                    "the response body is marked base64 but does not decode".into(),
                    0,
                ),
            }
        } else {
            Payload::Owned(body.to_string())
        };
        let mut rec = Record::new(out.len() + 1, payload, Anchor::Embedded(at));
        set_http(&mut rec, path.clone(), false);
        rec.http = Some(http("response", false));
        out.push(rec);
    }
    out
}

/// The headers of a HAR entry's `request` or `response` that take part in signing, and where
/// the (first) signature header's value sits in the file.
fn har_headers(
    entry: &Value,
    index: usize,
    side: &str,
    spans: &SourceMap,
) -> (Headers, Option<usize>) {
    let mut found = Vec::new();
    let mut signature_at = None;
    let list = entry
        .get(side)
        .and_then(|m| m.get("headers"))
        .and_then(Value::as_array);
    for (j, header) in list.into_iter().flatten().enumerate() {
        let (Some(name), Some(value)) = (
            header.get("name").and_then(Value::as_str),
            header.get("value").and_then(Value::as_str),
        ) else {
            continue;
        };
        let name = name.to_ascii_lowercase();
        if !SIGNING_HEADERS.contains(&name.as_str()) {
            continue;
        }
        if name == "signature" && signature_at.is_none() {
            signature_at = spans.locate(&format!("/log/entries/{index}/{side}/headers/{j}/value"));
        }
        found.push((name, value.to_string()));
    }
    (Headers::List(found), signature_at)
}

/// The headers a signature involves (HTTP header names are case-insensitive).
pub const SIGNING_HEADERS: &[&str] = &["client-id", "request-time", "response-time", "signature"];

/// Antom's notifications all carry `notifyType`; other traffic to the merchant is skipped.
fn looks_like_notification(body: &str) -> bool {
    serde_json::from_str::<Value>(body).is_ok_and(|v| v.get("notifyType").is_some())
}

/// Standard base64 (padding optional, white space ignored).
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64() {
        assert_eq!(decode_base64("eyJhIjoxfQ==").unwrap(), b"{\"a\":1}");
        assert!(decode_base64("***").is_none());
    }

    #[test]
    fn paths() {
        assert_eq!(
            url_path("https://open-sea-global.alipay.com/ams/api/v1/payments/pay?x=1"),
            "/ams/api/v1/payments/pay?x=1"
        );
        assert_eq!(url_path("/notify"), "/notify");
        assert_eq!(url_path("https://host"), "/");
    }

    #[test]
    fn frame_positions() {
        let f = Frame::file(b"ab\ncd\n");
        assert_eq!(f.line_col(4), (2, 2));
        assert_eq!(f.line_text(2), "cd");
        let f = Frame::line("é{\"a\"".as_bytes(), 7);
        assert_eq!(f.line_col(2), (7, 2));
        assert_eq!(f.line_text(7), "é{\"a\"");
    }
}
