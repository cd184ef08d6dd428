//! Cutting inputs into records: one JSON payload, NDJSON lines, envelopes, HAR entries.

use antom_schema::source::SourceMap;
use antom_schema::{Catalog, Direction, Finding, Kind, Role, Severity};
use serde_json::Value;

use crate::cli::InputFormat;
use crate::input::Source;

/// How offsets in a record's text map to offsets in its source.
#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    /// The text is a verbatim slice of the source starting at this offset.
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
    /// JSON text to check.
    Text(String),
    /// Nothing to check: the record is broken (rule, message, offset in the record).
    Broken(&'static str, String, usize),
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

/// One payload to check.
pub struct Record {
    /// 1-based number of the record in its source.
    pub number: usize,
    pub payload: Payload,
    pub anchor: Anchor,
    pub hints: Hints,
    /// Findings made while reading (envelope problems), with offsets in the source.
    pub early: Vec<(Finding, usize)>,
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

/// Works out the format of a source.
pub fn detect(source: &Source, forced: Option<InputFormat>) -> InputFormat {
    if let Some(f) = forced {
        return f;
    }
    let name = source
        .file_name
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    if name.ends_with(".har") {
        return InputFormat::Har;
    }
    if name.ends_with(".ndjson") || name.ends_with(".jsonl") {
        return InputFormat::Ndjson;
    }
    let text = String::from_utf8_lossy(&source.bytes);
    match serde_json::from_str::<Value>(&text) {
        Ok(v) if is_har(&v) => InputFormat::Har,
        Ok(_) => InputFormat::Json,
        Err(_) => {
            let mut lines = text.lines().filter(|l| !l.trim().is_empty());
            let first = lines.next();
            let more = lines.next().is_some();
            if more && first.is_some_and(|l| serde_json::from_str::<Value>(l).is_ok()) {
                InputFormat::Ndjson
            } else {
                InputFormat::Json
            }
        }
    }
}

/// Cuts a source into records.
pub fn split(index: usize, source: &Source, format: InputFormat, catalog: &Catalog) -> Vec<Record> {
    match format {
        InputFormat::Json => vec![whole(index, source)],
        InputFormat::Ndjson => ndjson(index, source),
        InputFormat::Har => har(index, source, catalog),
    }
}

fn record(_source: usize, number: usize, payload: Payload, anchor: Anchor) -> Record {
    Record {
        number,
        payload,
        anchor,
        hints: Hints::default(),
        early: Vec::new(),
    }
}

/// Text of a byte slice, or the offset of its first invalid byte.
fn utf8(bytes: &[u8]) -> Result<&str, usize> {
    std::str::from_utf8(bytes).map_err(|e| e.valid_up_to())
}

fn whole(index: usize, source: &Source) -> Record {
    let mut base = 0;
    let mut bytes = &source.bytes[..];
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        base = 3;
        bytes = &bytes[3..];
    }
    let mut rec = match utf8(bytes) {
        Err(at) => record(
            index,
            1,
            Payload::Broken(
                "invalid-utf8",
                format!("invalid UTF-8 at byte {}", base + at),
                at,
            ),
            Anchor::Slice(base),
        ),
        Ok(text) if text.trim().is_empty() => record(
            index,
            1,
            Payload::Broken("empty-input", "the input is empty".into(), 0),
            Anchor::Slice(base),
        ),
        Ok(text) => record(
            index,
            1,
            Payload::Text(text.to_string()),
            Anchor::Slice(base),
        ),
    };
    unwrap_envelope(&mut rec);
    rec
}

fn ndjson(index: usize, source: &Source) -> Vec<Record> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = &source.bytes;
    while start < bytes.len() || (start == 0 && bytes.is_empty()) {
        let end = bytes[start..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |p| start + p);
        let mut line = &bytes[start..end];
        if line.ends_with(b"\r") {
            line = &line[..line.len() - 1];
        }
        let mut base = start;
        if start == 0 && line.starts_with(b"\xEF\xBB\xBF") {
            line = &line[3..];
            base = 3;
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            let number = out.len() + 1;
            let mut rec = match utf8(line) {
                Err(at) => record(
                    index,
                    number,
                    Payload::Broken(
                        "invalid-utf8",
                        format!("invalid UTF-8 at byte {}", base + at),
                        at,
                    ),
                    Anchor::Slice(base),
                ),
                Ok(text) => record(
                    index,
                    number,
                    Payload::Text(text.to_string()),
                    Anchor::Slice(base),
                ),
            };
            unwrap_envelope(&mut rec);
            out.push(rec);
        }
        if end >= bytes.len() {
            break;
        }
        start = end + 1;
    }
    if out.is_empty() {
        out.push(record(
            index,
            1,
            Payload::Broken("empty-input", "the input holds no record".into(), 0),
            Anchor::Slice(0),
        ));
    }
    out
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

/// Replaces an envelope by its body, keeping what it says about the kind.
fn unwrap_envelope(rec: &mut Record) {
    let Payload::Text(text) = &rec.payload else {
        return;
    };
    let text = text.clone();
    let text = text.as_str();
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let is_envelope = map.keys().all(|k| ENVELOPE_KEYS.contains(&k.as_str()))
        && ["kind", "path", "url", "direction"]
            .iter()
            .any(|k| map.contains_key(*k))
        && (map.contains_key("body") || map.contains_key("kind"));
    if !is_envelope {
        return;
    }
    let spans = SourceMap::scan(text);
    let anchor = rec.anchor;
    let at = |ptr: &str| anchor.map(spans.locate(ptr).unwrap_or(0));
    let mut early = Vec::new();
    let mut bad = |ptr: &str, message: String| {
        early.push((
            Finding::new("envelope-invalid", Severity::Error, ptr, message),
            at(ptr),
        ));
    };
    match map.get("kind") {
        Some(Value::String(k)) => rec.hints.envelope_kind = Some(k.clone()),
        Some(other) if !other.is_null() => {
            bad("/kind", "the envelope's kind must be a string".into())
        }
        _ => {}
    }
    let path = map
        .get("path")
        .or_else(|| map.get("url"))
        .and_then(Value::as_str)
        .map(url_path);
    let direction = map.get("direction").and_then(Value::as_str);
    if let Some(path) = path {
        match direction {
            Some("request" | "merchant-to-antom") => set_http(rec, path, true),
            Some("response" | "antom-to-merchant") => set_http(rec, path, false),
            Some(other) => bad(
                "/direction",
                format!("direction \"{other}\" is neither request nor response"),
            ),
            None => bad(
                "",
                "the envelope gives a path but no direction (request or response)".into(),
            ),
        }
    }
    let payload = match map.get("body") {
        Some(Value::String(body)) => {
            let offset = at("/body");
            rec.anchor = Anchor::Embedded(offset);
            if body.trim().is_empty() {
                Payload::Broken(
                    "malformed-json",
                    "the envelope's body is an empty string".into(),
                    0,
                )
            } else {
                Payload::Text(body.clone())
            }
        }
        Some(Value::Null) | None => {
            bad("", "the envelope has no body".into());
            Payload::Missing
        }
        Some(_) => match spans.span("/body") {
            Some(span) => {
                let body = text.get(span.start..span.end).unwrap_or("").to_string();
                rec.anchor = Anchor::Slice(anchor.map(span.start));
                Payload::Text(body)
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

fn set_http(rec: &mut Record, path: String, request: bool) {
    let bare = path.split(['?', '#']).next().unwrap_or("");
    if bare.starts_with("/ams/api/") {
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

fn har(index: usize, source: &Source, catalog: &Catalog) -> Vec<Record> {
    let text = match utf8(&source.bytes) {
        Ok(t) => t,
        Err(at) => {
            return vec![record(
                index,
                1,
                Payload::Broken("invalid-utf8", format!("invalid UTF-8 at byte {at}"), at),
                Anchor::Slice(0),
            )]
        }
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(_) => return vec![whole(index, source)],
    };
    let Some(entries) = value.pointer("/log/entries").and_then(Value::as_array) else {
        let mut rec = record(
            index,
            1,
            Payload::Broken(
                "malformed-json",
                "the HAR capture has no log.entries array".into(),
                0,
            ),
            Anchor::Slice(0),
        );
        rec.hints = Hints::default();
        return vec![rec];
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
        if !request_text.trim().is_empty() {
            let ptr = format!("/log/entries/{i}/request/postData/text");
            let at = spans.locate(&ptr).unwrap_or(0);
            let mut rec = record(
                index,
                out.len() + 1,
                Payload::Text(request_text.to_string()),
                Anchor::Embedded(at),
            );
            set_http(&mut rec, path.clone(), true);
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
                Some(Ok(t)) => Payload::Text(t),
                Some(Err(e)) => Payload::Broken(
                    "invalid-utf8",
                    format!(
                        "the decoded response body is not UTF-8 (byte {})",
                        e.utf8_error().valid_up_to()
                    ),
                    0,
                ),
                None => Payload::Broken(
                    "malformed-json",
                    "the response body is marked base64 but does not decode".into(),
                    0,
                ),
            }
        } else {
            Payload::Text(body.to_string())
        };
        let mut rec = record(index, out.len() + 1, payload, Anchor::Embedded(at));
        set_http(&mut rec, path.clone(), false);
        out.push(rec);
    }
    out
}

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
}
