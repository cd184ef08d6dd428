//! NDJSON envelopes: a payload wrapped with what it is (`kind`, or `method`, `path` and
//! `direction`), and possibly its headers.

use antom_schema::rules;
use antom_schema::source::outline;
use serde_json::Value;

use super::http::{is_antom_path, set_http, url_path, Body, Exchange, Headers, Http};
use super::{utf8, Anchor, Payload, Record};

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
pub(super) fn unwrap_envelope(rec: &mut Record, frame: &[u8]) {
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
