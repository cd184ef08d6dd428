//! The outline: one iterative pass over the top level of a JSON text (where the first value
//! starts and ends, whether it stands alone, the members of a top-level object and whether
//! one repeats), skipping nested values without reading them; and the skipping helpers the
//! pointer follower shares.

use crate::pointer;

use super::map::{decode_string, Span};

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
        let name = pointer::unescape(token);
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
        std::borrow::Cow::Owned(decode_string(text, pos)?)
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

pub(super) fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while pos < bytes.len() && matches!(bytes[pos], b' ' | b'\t' | b'\n' | b'\r') {
        pos += 1;
    }
    pos
}

/// One past the end of the value that starts at `pos` (strings and containers of any depth,
/// without recursion); `None` when the text ends first.
pub(super) fn skip_value(bytes: &[u8], pos: usize) -> Option<usize> {
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

/// One past the closing quote of the string that opens at `pos`.
pub(super) fn skip_string(bytes: &[u8], pos: usize) -> Option<usize> {
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
