//! Positions in the raw text of a payload.
//!
//! `serde_json` forgets where a value was written and silently keeps the last of two equal
//! keys. This small scanner reads the same text once more and records, for every JSON Pointer,
//! where its member name and value sit, and every key that appears twice in one object. It
//! never fails: on text that is not JSON it stops and keeps what it has seen.

use std::collections::HashMap;

use crate::finding::{Finding, Severity};
use crate::mask;

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
    spans: HashMap<String, Span>,
    duplicates: Vec<DuplicateKey>,
}

const MAX_DEPTH: usize = 512;

/// Escapes one reference token of a JSON Pointer.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

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
                let name = mask::mask_text(&name.replace("~1", "/").replace("~0", "~"));
                let mut f = Finding::new(
                    "duplicate-key",
                    Severity::Error,
                    d.pointer.clone(),
                    format!(
                        "key \"{name}\" appears more than once in the same object (first at line {line}, column {col}); parsers disagree about which value wins"
                    ),
                );
                f.offset = Some(d.offset);
                f
            })
            .collect()
    }
}

struct Scanner<'a> {
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

    fn object(&mut self, pointer: &str, depth: usize) -> bool {
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
            let child = format!("{pointer}/{}", escape_token(&key));
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

/// Line starts of a text, to turn byte offsets into 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes a text (bytes, so that text with invalid UTF-8 can be indexed too).
    pub fn new(bytes: &[u8]) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        self.line_col_bytes(text.as_bytes(), offset)
    }

    /// As [`LineIndex::line_col`], over bytes that may not be UTF-8.
    pub fn line_col_bytes(&self, bytes: &[u8], offset: usize) -> (usize, usize) {
        let offset = offset.min(bytes.len());
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = String::from_utf8_lossy(&bytes[start..offset])
            .chars()
            .count()
            + 1;
        (line, col)
    }

    /// Byte offset of a 1-based line and column (column counted in characters).
    pub fn offset_of(&self, bytes: &[u8], line: usize, column: usize) -> usize {
        let Some(start) = self.line_start(line) else {
            return bytes.len();
        };
        let rest = &bytes[start.min(bytes.len())..];
        let text = String::from_utf8_lossy(rest);
        let skip: usize = text
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        (start + skip).min(bytes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_duplicates() {
        let text = "{\n  \"a\": {\"b\": [1, {\"c\": 2}]},\n  \"a\": 3,\n  \"x/y\": true\n}";
        let map = SourceMap::scan(text);
        let idx = LineIndex::new(text.as_bytes());
        let c = map.locate("/a/b/1/c").unwrap();
        assert_eq!(&text[c..c + 3], "\"c\"");
        assert_eq!(map.duplicates().len(), 1);
        assert_eq!(idx.line_col(text, map.duplicates()[0].offset), (3, 3));
        assert!(map.span("/x~1y").is_some());
        assert_eq!(map.locate("/x~1y/missing"), map.span("/x~1y").unwrap().key);
    }

    #[test]
    fn never_panics_on_garbage() {
        for text in [
            "",
            "{",
            "{\"a\"",
            "[1,",
            "\"\\u12",
            "{\"a\":\"\\ud800\\u\"}",
            "}}}",
            "\"é",
        ] {
            let _ = SourceMap::scan(text);
        }
    }
}
