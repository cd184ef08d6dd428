//! Positions in the raw text of a payload.
//!
//! `serde_json` forgets where a value was written and silently keeps the last of two equal
//! keys. This small scanner reads the same text once more and records, for every JSON Pointer,
//! where its member name and value sit, and every key that appears twice in one object. It
//! never fails: on text that is not JSON it stops and keeps what it has seen.

use std::collections::HashMap;

use serde_json::Value;

use crate::finding::Finding;
use crate::mask;
use crate::rules;

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

/// Parses a JSON text exactly like `serde_json::from_str::<Value>` (same errors, same
/// value: of two equal keys the last one wins) and tells whether any object repeated a key,
/// which `serde_json` does not. Finding repeats costs nothing extra: the map insert that
/// builds each object says when it replaced a value.
pub fn parse_value(text: &str) -> Result<(Value, bool), serde_json::Error> {
    let repeated = std::cell::Cell::new(false);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde::de::DeserializeSeed::deserialize(Build(&repeated), &mut de)?;
    de.end()?;
    Ok((value, repeated.get()))
}

/// Builds a [`Value`] and notes repeated keys in the cell.
#[derive(Clone, Copy)]
struct Build<'c>(&'c std::cell::Cell<bool>);

impl<'de> serde::de::DeserializeSeed<'de> for Build<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Build<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        serde::de::DeserializeSeed::deserialize(self, de)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = serde_json::Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let value = access.next_value_seed(self)?;
            if map.insert(key, value).is_some() {
                self.0.set(true);
            }
        }
        Ok(Value::Object(map))
    }
}

/// Spans of every value and the duplicate keys of one JSON text.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    spans: HashMap<String, Span>,
    duplicates: Vec<DuplicateKey>,
}

/// Deeper texts are not mapped (the scan is recursive; `serde_json` refuses anything nested
/// deeper than 128 levels before a map is ever wanted).
const MAX_DEPTH: usize = 256;

/// Escapes one reference token of a JSON Pointer.
pub fn escape_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1").into()
    } else {
        token.into()
    }
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

/// One member of the top-level object, as [`outline`] sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The decoded member name.
    pub name: String,
    /// Where the member name (its opening quote) and its value sit.
    pub span: Span,
}

/// What one quick pass over a JSON text tells, without building anything per value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// The first value was read to its end (brackets balanced, strings closed).
    pub complete: bool,
    /// Offset of the first value.
    pub start: usize,
    /// One past the first value (where the scan stopped when it is not complete).
    pub end: usize,
    /// Only white space follows the first value.
    pub alone: bool,
    /// The top-level object repeats a key (then [`SourceMap::scan`] says where).
    pub duplicates: bool,
    /// The members of the top-level value when it is an object, in text order.
    pub members: Vec<Member>,
}

impl Outline {
    /// The member of the top-level object with this name (the first, if repeated).
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }

    /// The offset to show for a pointer when it names the root or a top-level member.
    pub fn locate_shallow(&self, pointer: &str) -> Option<usize> {
        if pointer.is_empty() {
            return Some(self.start);
        }
        let token = pointer.strip_prefix('/')?;
        if token.contains('/') {
            return None;
        }
        let name = token.replace("~1", "/").replace("~0", "~");
        self.member(&name)
            .map(|m| m.span.key.unwrap_or(m.span.start))
    }
}

/// Keys seen in one open object: a short list, or a set once the object grows.
enum Keys<'a> {
    Few(Vec<std::borrow::Cow<'a, str>>),
    Many(std::collections::HashSet<std::borrow::Cow<'a, str>>),
}

impl<'a> Keys<'a> {
    /// Records a key; false when the object already had it.
    fn insert(&mut self, key: std::borrow::Cow<'a, str>) -> bool {
        match self {
            Keys::Few(list) => {
                if list.contains(&key) {
                    return false;
                }
                list.push(key);
                if list.len() > 32 {
                    let set = std::mem::take(list).into_iter().collect();
                    *self = Keys::Many(set);
                }
                true
            }
            Keys::Many(set) => set.insert(key),
        }
    }
}

/// Reads the top level of a JSON text once, iteratively: where the first value starts and
/// ends, whether it stands alone, whether a top-level object repeats a key, and the members of
/// a top-level object. Values nested inside are skipped over, not read (repeated keys deeper
/// down are [`parse_value`]'s to notice). Lenient like [`SourceMap::scan`] (scalars are not
/// checked): it is a guide for placing findings, `serde_json` decides what is valid.
pub fn outline(text: &str) -> Outline {
    let bytes = text.as_bytes();
    let mut out = Outline::default();
    let mut pos = skip_ws(bytes, 0);
    out.start = pos;
    // One entry per open container: its keys when it is an object.
    let mut stack: Vec<Option<Keys<'_>>> = Vec::new();
    // A member of the top-level object whose value is being read: name and key offset.
    let mut pending: Option<(String, usize, usize)> = None;
    // After a value inside a container: expect `,` or the closing bracket.
    loop {
        // Read one value at `pos`.
        pos = skip_ws(bytes, pos);
        match bytes.get(pos) {
            Some(b'{' | b'[') if !stack.is_empty() => match skip_value(bytes, pos) {
                Some(p) => pos = p,
                None => break,
            },
            Some(b'{') => {
                pos = skip_ws(bytes, pos + 1);
                if bytes.get(pos) == Some(&b'}') {
                    pos += 1;
                } else {
                    stack.push(Some(Keys::Few(Vec::new())));
                    match read_key(text, pos, &mut stack, &mut out, &mut pending) {
                        Some(p) => pos = p,
                        None => break,
                    }
                    continue;
                }
            }
            Some(b'[') => {
                pos = skip_ws(bytes, pos + 1);
                if bytes.get(pos) == Some(&b']') {
                    pos += 1;
                } else {
                    stack.push(None);
                    continue;
                }
            }
            Some(b'"') => match skip_string(bytes, pos) {
                Some(p) => pos = p,
                None => break,
            },
            Some(_) => {
                let s = pos;
                while pos < bytes.len()
                    && !matches!(
                        bytes[pos],
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b':' | b'"'
                    )
                {
                    pos += 1;
                }
                if pos == s {
                    break;
                }
            }
            None => break,
        }
        // A value ended at `pos`; close containers and move to the next value.
        let mut next = false;
        loop {
            if stack.len() == 1 {
                if let Some((name, key, start)) = pending.take() {
                    out.members.push(Member {
                        name,
                        span: Span {
                            key: Some(key),
                            start,
                            end: pos,
                        },
                    });
                }
            }
            if stack.is_empty() {
                out.complete = true;
                out.end = pos;
                out.alone = skip_ws(bytes, pos) == bytes.len();
                return out;
            }
            pos = skip_ws(bytes, pos);
            let in_object = stack.last().is_some_and(Option::is_some);
            match bytes.get(pos) {
                Some(b',') => {
                    pos = skip_ws(bytes, pos + 1);
                    if in_object {
                        match read_key(text, pos, &mut stack, &mut out, &mut pending) {
                            Some(p) => pos = p,
                            None => {
                                out.end = pos;
                                return out;
                            }
                        }
                    }
                    next = true;
                    break;
                }
                Some(b'}') if in_object => {
                    pos += 1;
                    stack.pop();
                }
                Some(b']') if !in_object => {
                    pos += 1;
                    stack.pop();
                }
                _ => break,
            }
        }
        if !next {
            break;
        }
    }
    out.end = pos;
    out
}

/// Reads `"key" :` at `pos` inside the innermost (object) container; returns the offset of
/// the value.
fn read_key<'a>(
    text: &'a str,
    pos: usize,
    stack: &mut [Option<Keys<'a>>],
    out: &mut Outline,
    pending: &mut Option<(String, usize, usize)>,
) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(pos) != Some(&b'"') {
        return None;
    }
    let end = skip_string(bytes, pos)?;
    let raw = text.get(pos + 1..end - 1)?;
    let key: std::borrow::Cow<'a, str> = if raw.contains('\\') {
        let mut scanner = Scanner {
            bytes,
            text,
            pos,
            map: SourceMap::default(),
        };
        std::borrow::Cow::Owned(scanner.string()?)
    } else {
        std::borrow::Cow::Borrowed(raw)
    };
    let depth = stack.len();
    let name = (depth == 1).then(|| key.to_string());
    if let Some(Some(keys)) = stack.last_mut() {
        if !keys.insert(key) {
            out.duplicates = true;
        }
    }
    let colon = skip_ws(bytes, end);
    if bytes.get(colon) != Some(&b':') {
        return None;
    }
    let value = skip_ws(bytes, colon + 1);
    if let Some(name) = name {
        *pending = Some((name, pos, value));
    }
    Some(value)
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while pos < bytes.len() && matches!(bytes[pos], b' ' | b'\t' | b'\n' | b'\r') {
        pos += 1;
    }
    pos
}

/// One past the end of the value that starts at `pos` (strings and containers of any depth,
/// without recursion); `None` when the text ends first.
fn skip_value(bytes: &[u8], pos: usize) -> Option<usize> {
    let (open, close) = match bytes.get(pos)? {
        b'"' => return skip_string(bytes, pos),
        b'{' => (b'{', b'}'),
        b'[' => (b'[', b']'),
        _ => {
            let rest = &bytes[pos..];
            let len = rest
                .iter()
                .position(|b| {
                    matches!(
                        b,
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b':' | b'"'
                    )
                })
                .unwrap_or(rest.len());
            return (len > 0).then_some(pos + len);
        }
    };
    // Outside strings, the brackets of one kind balance within a value of that kind, so only
    // quotes and that kind need looking at (memchr finds them several bytes at a time).
    let mut depth = 0usize;
    let mut i = pos;
    loop {
        i += memchr::memchr3(b'"', open, close, bytes.get(i..)?)?;
        match bytes[i] {
            b'"' => {
                i = skip_string(bytes, i)?;
                continue;
            }
            b if b == open => depth += 1,
            _ => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
        }
        i += 1;
    }
}

/// Where [`SourceMap::locate`] would place a pointer, found by following the pointer through
/// the text instead of mapping all of it: the member name if there is one, else the value;
/// for a pointer that does not exist, its nearest existing ancestor. `root` is the offset of
/// the first value. Meant for texts without repeated keys (where the map would keep the
/// last of two equal keys, this finds the first).
pub fn locate_pointer(text: &str, root: usize, pointer: &str) -> usize {
    let bytes = text.as_bytes();
    let mut best = root;
    let mut pos = root;
    let Some(path) = pointer.strip_prefix('/') else {
        return best;
    };
    for token in path.split('/') {
        let token: std::borrow::Cow<'_, str> = if token.contains('~') {
            token.replace("~1", "/").replace("~0", "~").into()
        } else {
            token.into()
        };
        let found = match bytes.get(pos) {
            Some(b'{') => find_member(text, pos, &token),
            Some(b'[') => token
                .parse::<usize>()
                .ok()
                .filter(|_| {
                    token.bytes().all(|b| b.is_ascii_digit())
                        && (token.len() == 1 || !token.starts_with('0'))
                })
                .and_then(|index| find_item(bytes, pos, index).map(|at| (at, at))),
            _ => None,
        };
        match found {
            Some((shown, value)) => {
                best = shown;
                pos = value;
            }
            None => break,
        }
    }
    best
}

/// In the object at `pos`: the offsets of the member name and of the value of `name`.
fn find_member(text: &str, pos: usize, name: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = skip_ws(bytes, pos + 1);
    if bytes.get(i) == Some(&b'}') {
        return None;
    }
    loop {
        if bytes.get(i) != Some(&b'"') {
            return None;
        }
        let key_start = i;
        let key_end = skip_string(bytes, i)?;
        let raw = text.get(i + 1..key_end - 1)?;
        let matches = if raw.contains('\\') {
            let mut scanner = Scanner {
                bytes,
                text,
                pos: i,
                map: SourceMap::default(),
            };
            scanner.string().is_some_and(|k| k == name)
        } else {
            raw == name
        };
        i = skip_ws(bytes, key_end);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        let value = skip_ws(bytes, i + 1);
        if matches {
            return Some((key_start, value));
        }
        i = skip_ws(bytes, skip_value(bytes, value)?);
        match bytes.get(i)? {
            b',' => i = skip_ws(bytes, i + 1),
            _ => return None,
        }
    }
}

/// In the array at `pos`: the offset of item `index`.
fn find_item(bytes: &[u8], pos: usize, index: usize) -> Option<usize> {
    let mut i = skip_ws(bytes, pos + 1);
    if bytes.get(i) == Some(&b']') {
        return None;
    }
    for _ in 0..index {
        i = skip_ws(bytes, skip_value(bytes, i)?);
        match bytes.get(i)? {
            b',' => i = skip_ws(bytes, i + 1),
            _ => return None,
        }
    }
    Some(i)
}

/// One past the closing quote of the string that opens at `pos`.
fn skip_string(bytes: &[u8], pos: usize) -> Option<usize> {
    let mut i = pos + 1;
    loop {
        let rest = bytes.get(i..)?;
        let at = memchr::memchr2(b'"', b'\\', rest)?;
        i += at;
        if bytes[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
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

    /// Byte offset of a (1-based) line and byte column, as serde_json reports positions (its
    /// columns count bytes, not characters), moved back to a character boundary.
    pub fn offset_of(&self, bytes: &[u8], line: usize, column: usize) -> usize {
        let Some(start) = self.line_start(line) else {
            return bytes.len();
        };
        let mut at = (start + column.saturating_sub(1)).min(bytes.len());
        while at > start && at < bytes.len() && (bytes[at] & 0xC0) == 0x80 {
            at -= 1;
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsing_finds_repeated_keys_and_otherwise_matches_serde_json() {
        let cases = [
            (
                r#"{"a": 1, "b": {"c": [1, 2.5, -3, "x", null, true]}}"#,
                false,
            ),
            (r#"{"a": 1, "a": 2}"#, true),
            (r#"[{"x": {"y": 1, "y": {"z": 2}}}]"#, true),
            (r#"{"k\u0065y": 1, "key": 2}"#, true),
            (r#"{"n": 1e400}"#, false),
            (r#"{"n": 18446744073709551616, "m": -0, "o": 1.0}"#, false),
            ("\"\\ud800\"", false),
            ("  7  ", false),
        ];
        for (text, repeated) in cases {
            let expected = serde_json::from_str::<Value>(text).map_err(|e| e.to_string());
            let got = parse_value(text);
            assert_eq!(
                got.as_ref().map(|(v, _)| v).map_err(|e| e.to_string()),
                expected.as_ref().map_err(Clone::clone),
                "{text}"
            );
            if let Ok((value, r)) = got {
                assert_eq!(r, repeated, "{text}");
                // Same member order too.
                assert_eq!(
                    serde_json::to_string(&value).unwrap(),
                    serde_json::to_string(&expected.unwrap()).unwrap()
                );
            }
        }
        for bad in [
            "",
            "{",
            r#"{"a": 1,}"#,
            "[1] 2",
            "{\"a\" 1}",
            "nul",
            "[NaN]",
        ] {
            assert_eq!(
                parse_value(bad).map(|(v, _)| v).map_err(|e| e.to_string()),
                serde_json::from_str::<Value>(bad).map_err(|e| e.to_string()),
                "{bad}"
            );
        }
        let deep = "[".repeat(100_000);
        assert!(parse_value(&deep).is_err());
    }

    #[test]
    fn the_outline_reads_the_top_level_as_the_map_does() {
        for text in [
            r#"{"kind": "pay.request", "body": {"a": [1, {"b": "}]"}], "a": 2}}  "#,
            r#"[{"x": 1}, [2, [3]], "s"]"#,
            r#"{"k": 1, "j": {"n": {}}, "s": "{[\"", "e": []}"#,
        ] {
            let (o, map) = (outline(text), SourceMap::scan(text));
            assert!(o.complete, "{text}");
            assert_eq!(
                map.span(""),
                Some(Span {
                    key: None,
                    start: o.start,
                    end: o.end
                })
            );
            for m in &o.members {
                assert_eq!(
                    map.span(&format!("/{}", escape_token(&m.name))),
                    Some(m.span)
                );
            }
        }
        // Repeated keys are seen at the top level only; deeper ones are the parser's.
        assert!(!outline(r#"{"b": {"a": 1, "a": 2}}"#).duplicates);
        assert!(outline(r#"{"a": {}, "a": 2}"#).duplicates);
        // An unterminated nested value leaves the outline incomplete.
        assert!(!outline(r#"{"body": {"a": "x"#).complete);
    }

    #[test]
    fn following_a_pointer_agrees_with_the_map() {
        let texts = [
            "{\n  \"a\": {\"b\": [1, {\"c\": 2}, [], {}]},\n  \"x/y\": true, \"t~n\": null\n}",
            r#"{"s": "br{ac}e[s] \" and \\", "k\u0065y": {"deep": [[0, [1, {"z": -1.5e3}]]]}}"#,
            r#"  [ {"a" : "x"} , 12 , "str" , [ ] , { } ]  "#,
            r#"{"e": {}, "f": [], "g": "", "h": [{"i": [{"j": {"k": "v"}}]}]}"#,
            "\"just a string\"",
            "42",
        ];
        for text in texts {
            let map = SourceMap::scan(text);
            let root = skip_ws(text.as_bytes(), 0);
            let mut pointers: Vec<String> = map.spans.keys().cloned().collect();
            for p in map.spans.keys() {
                for tail in ["/missing", "/0", "/1", "/99", "/key", "/-1", "/01"] {
                    pointers.push(format!("{p}{tail}"));
                }
            }
            assert!(pointers.len() >= 8, "{text}");
            for p in &pointers {
                assert_eq!(
                    Some(locate_pointer(text, root, p)),
                    map.locate(p),
                    "pointer {p:?} in {text}"
                );
            }
        }
    }

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
    fn outline_members_duplicates_and_depth() {
        let text =
            " {\"a\": {\"b\": [1, {\"c\": 2, \"c\": 3}]}, \"x\\/y\": \"s\\\"\", \"e\": {}}\n";
        let o = outline(text);
        assert!(o.complete && o.alone && !o.duplicates, "{o:?}");
        assert_eq!(o.start, 1);
        let names: Vec<&str> = o.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["a", "x/y", "e"]);
        let a = o.member("a").unwrap().span;
        assert_eq!(&text[a.start..a.end], "{\"b\": [1, {\"c\": 2, \"c\": 3}]}");
        assert_eq!(o.locate_shallow("/x~1y"), Some(text.find("\"x").unwrap()));
        assert!(!outline("{\"a\": 1, \"b\": {\"a\": 2}}").duplicates);
        assert!(outline("{\"a\": 1, \"b\": 2, \"a\": 3}").duplicates);
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let o = outline(&deep);
        assert!(o.complete && o.alone);
        let o = outline(&"{\"a\":".repeat(100_000));
        assert!(!o.complete);
        let o = outline("{\"k\": 1}\n{\"k\": 2}");
        assert!(o.complete && !o.alone);
        let many: Vec<String> = (0..100).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}, \"k7\": 0}}", many.join(", "));
        assert!(outline(&text).duplicates);
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
            "{\"a\\",
            "{\"\\u12\": 1}",
            "[1 2]",
            "{\"a\" 1}",
        ] {
            let _ = SourceMap::scan(text);
            let _ = outline(text);
        }
    }
}
