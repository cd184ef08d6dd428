//! Following one JSON Pointer through the raw text, without mapping all of it: what the
//! linter uses to place a finding when the text repeats no key.

use crate::pointer;

use super::map::decode_string;
use super::outline::{skip_string, skip_value, skip_ws};

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
        let token = pointer::unescape(token);
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
            decode_string(text, i).is_some_and(|k| k == name)
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
