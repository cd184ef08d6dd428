//! Cutting inputs into records: one JSON payload, NDJSON lines, envelopes, HAR entries.
//!
//! This module holds the record (the payload to check, what its surroundings say about its
//! kind) and the plain formats; [`envelope`] unwraps NDJSON envelopes, [`har`] reads HAR
//! captures, [`http`] describes the HTTP message a payload travelled in and [`frame`] places
//! offsets in their file.

mod envelope;
mod frame;
mod har;
mod http;

use std::ops::Range;

use antom_schema::rules::{self, Rule};
use antom_schema::source::outline;
use antom_schema::{Catalog, Direction, Finding, Kind};
use serde_json::Value;

use crate::cli::InputFormat;
use envelope::unwrap_envelope;

pub use frame::Frame;
pub use http::{url_path, Body, Exchange, Headers, Http, SIGNING_HEADERS};

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
        InputFormat::Har => har::har(bytes, catalog),
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
