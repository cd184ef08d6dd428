//! HAR 1.2 captures: the request and response bodies of the entries that are Antom API calls
//! or notifications, each with the HTTP message it travelled in.

use antom_schema::rules;
use antom_schema::source::SourceMap;
use antom_schema::Catalog;
use serde_json::Value;

use super::http::{set_http, url_path, Body, Exchange, Headers, Http, SIGNING_HEADERS};
use super::{utf8, whole, Anchor, Payload, Record};

pub(super) fn har(bytes: &[u8], catalog: &Catalog) -> Vec<Record> {
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
}
