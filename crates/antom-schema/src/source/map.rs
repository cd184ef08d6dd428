//! The source map: one recursive pass over a JSON text that records, for every JSON Pointer,
//! where its member name and value sit, and every key written twice in one object. It never
//! fails: on text that is not JSON it stops and keeps what it has seen. The linter builds it
//! only when a finding must be placed deeper than the top level and the text repeats keys
//! (otherwise [`super::locate_pointer`] follows the pointer through the text).

use std::collections::HashMap;

use crate::finding::Finding;
use crate::mask;
use crate::pointer;
use crate::rules;

use super::lines::LineIndex;

/// Where one value sits in the text (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Start of the member name (the opening quote) when the value is an object member.
    pub key: Option<usize>,
    /// First byte of the value.
    pub start: usize,
    /// One past the last byte of the value.
    pub end: usize,
}

/// A key written twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Pointer of the member (object pointer + key).
    pub pointer: String,
    /// Offset of the repeated name's opening quote.
    pub offset: usize,
    /// Offset of the first occurrence.
    pub first: usize,
}

/// Spans of every value and the duplicate keys of one JSON text.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    pub(super) spans: HashMap<String, Span>,
    duplicates: Vec<DuplicateKey>,
}

/// Deeper texts are not mapped (the scan is recursive; `serde_json` refuses anything nested
/// deeper than 128 levels before a map is ever wanted).
const MAX_DEPTH: usize = 256;

impl SourceMap {
    /// Scans a JSON text.
    pub fn scan(text: &str) -> SourceMap {
        let mut scanner = Scanner {
            bytes: text.as_bytes(),
            text,
            pos: 0,
            map: SourceMap::default(),
        };
        scanner.ws();
        scanner.value(String::new(), None, 0);
        scanner.map
    }

    /// The span of the value at this pointer.
    pub fn span(&self, pointer: &str) -> Option<Span> {
        self.spans.get(pointer).copied()
    }

    /// The best offset to show for a pointer: the member name if there is one, else the value;
    /// for a pointer that does not exist (a missing member), its nearest existing ancestor.
    pub fn locate(&self, pointer: &str) -> Option<usize> {
        let mut p = pointer;
        loop {
            if let Some(span) = self.spans.get(p) {
                return Some(span.key.unwrap_or(span.start));
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }

    /// Keys repeated inside one object, in text order.
    pub fn duplicates(&self) -> &[DuplicateKey] {
        &self.duplicates
    }

    /// One `duplicate-key` finding per repeated key.
    pub fn duplicate_findings(&self, line_index: &LineIndex, text: &str) -> Vec<Finding> {
        self.duplicates
            .iter()
            .map(|d| {
                let (line, col) = line_index.line_col(text, d.first);
                let name = d.pointer.rsplit('/').next().unwrap_or("");
                let name = mask::mask_text(&pointer::unescape(name));
                // Found in the text, before any kind is known.
                rules::DUPLICATE_KEY
                    .finding(
                        None,
                        d.pointer.clone(),
                        format!(
                            "key \"{name}\" appears more than once in the same object (first at line {line}, column {col}); parsers disagree about which value wins"
                        ),
                    )
                    .at_offset(d.offset)
            })
            .collect()
    }
}

/// Decodes the JSON string whose opening quote is at `pos` (lenient: unpaired surrogates and
/// unknown escapes are kept as best it can); `None` when the text ends first.
pub(super) fn decode_string(text: &str, pos: usize) -> Option<String> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        pos,
        map: SourceMap::default(),
    };
    scanner.string()
}

pub(super) struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
    map: SourceMap,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while self.pos < self.bytes.len()
            && matches!(self.bytes[self.pos], b' ' | b'\t' | b'\n' | b'\r')
        {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Reads a value starting at `pos`; returns false when the text is not JSON here.
    fn value(&mut self, pointer: String, key: Option<usize>, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let start = self.pos;
        let ok = match self.peek() {
            Some(b'{') => self.object(&pointer, depth),
            Some(b'[') => self.array(&pointer, depth),
            Some(b'"') => self.string().is_some(),
            Some(_) => self.scalar(),
            None => false,
        };
        if ok {
            self.map.spans.insert(
                pointer,
                Span {
                    key,
                    start,
                    end: self.pos,
                },
            );
        }
        ok
    }

    fn scalar(&mut self) -> bool {
        let start = self.pos;
        while self.pos < self.bytes.len()
            && !matches!(
                self.bytes[self.pos],
                b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b':' | b'"'
            )
        {
            self.pos += 1;
        }
        self.pos > start
    }

    /// Reads a string and returns its decoded contents.
    fn string(&mut self) -> Option<String> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        let mut chunk = self.pos;
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'"' => {
                    out.push_str(self.text.get(chunk..self.pos)?);
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(self.text.get(chunk..self.pos)?);
                    let esc = *self.bytes.get(self.pos + 1)?;
                    self.pos += 2;
                    match esc {
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi)
                                && self.bytes.get(self.pos) == Some(&b'\\')
                                && self.bytes.get(self.pos + 1) == Some(&b'u')
                            {
                                self.pos += 2;
                                let lo = self.hex4()?;
                                char::from_u32(
                                    0x10000
                                        + ((hi - 0xD800) << 10)
                                        + (lo.wrapping_sub(0xDC00) & 0x3FF),
                                )
                            } else {
                                char::from_u32(hi)
                            };
                            out.push(c.unwrap_or('\u{FFFD}'));
                        }
                        other => out.push(char::from(other)),
                    }
                    chunk = self.pos;
                }
                _ => self.pos += 1,
            }
        }
        None
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        let v = u32::from_str_radix(digits, 16).ok()?;
        self.pos += 4;
        Some(v)
    }

    fn object(&mut self, pointer_: &str, depth: usize) -> bool {
        self.pos += 1;
        let mut seen: HashMap<String, usize> = HashMap::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return true;
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return false;
            }
            let key_start = self.pos;
            let Some(key) = self.string() else {
                return false;
            };
            let child = pointer::join(pointer_, &key);
            if let Some(first) = seen.get(&key) {
                self.map.duplicates.push(DuplicateKey {
                    pointer: child.clone(),
                    offset: key_start,
                    first: *first,
                });
            } else {
                seen.insert(key, key_start);
            }
            self.ws();
            if self.peek() != Some(b':') {
                return false;
            }
            self.pos += 1;
            self.ws();
            if !self.value(child, Some(key_start), depth + 1) {
                return false;
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return true;
                }
                _ => return false,
            }
        }
    }

    fn array(&mut self, pointer: &str, depth: usize) -> bool {
        self.pos += 1;
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return true;
        }
        let mut index = 0usize;
        loop {
            self.ws();
            if !self.value(format!("{pointer}/{index}"), None, depth + 1) {
                return false;
            }
            index += 1;
            self.ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return true;
                }
                _ => return false,
            }
        }
    }
}
