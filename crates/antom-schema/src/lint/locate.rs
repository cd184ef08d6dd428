//! Where a JSON Pointer sits in a payload's text.

use std::cell::{Cell, OnceCell};

use crate::pointer;
use crate::source::{locate_pointer, outline, Outline, SourceMap};

/// Finds where pointers sit in a payload's text: the top level from one quick pass, deeper
/// pointers by following them through the text, and a full map only when a record needs
/// many (or repeats a key, which makes following ambiguous).
pub(crate) struct Locator<'t> {
    text: &'t str,
    /// Top-level members (nested values skipped over), read on first use: the parse usually
    /// tells where the top-level names are ([`Locator::parsed`]).
    outline: OnceCell<Outline>,
    /// The top-level member names as they stand in the text, from the parse (`None`: not
    /// parsed, not an object, or a name with an escape).
    top_keys: Option<Vec<&'t str>>,
    /// Some object repeats a key (found while parsing).
    pub(crate) repeated: Cell<bool>,
    map: OnceCell<SourceMap>,
    /// Deep pointers located by following them through the text so far.
    followed: Cell<usize>,
}

/// Up to this many deep pointers per record are found by following them through the text;
/// beyond that one full map serves the rest.
const FOLLOW_AT_MOST: usize = 16;

impl<'t> Locator<'t> {
    pub(crate) fn new(text: &'t str) -> Locator<'t> {
        Locator {
            text,
            outline: OnceCell::new(),
            top_keys: None,
            repeated: Cell::new(false),
            map: OnceCell::new(),
            followed: Cell::new(0),
        }
    }

    /// What the parse of the text told: whether a key repeats, and the top-level names.
    pub(crate) fn parsed(&mut self, repeated: bool, top_keys: Option<Vec<&'t str>>) {
        self.repeated.set(repeated);
        self.top_keys = top_keys;
    }

    fn outline(&self) -> &Outline {
        self.outline.get_or_init(|| outline(self.text))
    }

    /// Byte offset of the top-level member name (its opening quote) `name`, from the parse;
    /// `None` when the parse did not say (then the outline does).
    fn parsed_key(&self, name: &str) -> Option<Option<usize>> {
        if self.repeated.get() {
            return None;
        }
        let keys = self.top_keys.as_ref()?;
        let base = self.text.as_ptr() as usize;
        Some(
            keys.iter()
                .find(|k| **k == name)
                .map(|k| k.as_ptr() as usize - base - 1),
        )
    }

    /// Offset of the first value: after any leading white space.
    fn start(&self) -> usize {
        match &self.top_keys {
            Some(_) => {
                self.text.len() - self.text.trim_start_matches([' ', '\t', '\n', '\r']).len()
            }
            None => self.outline().start,
        }
    }

    /// The full source map (built on first use).
    pub(crate) fn map(&self) -> &SourceMap {
        self.map.get_or_init(|| SourceMap::scan(self.text))
    }

    /// Byte offset of the value a pointer names (or of the nearest enclosing value).
    pub(crate) fn locate(&self, pointer: &str) -> usize {
        if !self.repeated.get() && (self.top_keys.is_some() || self.outline().complete) {
            if pointer.is_empty() {
                return self.start();
            }
            if let Some(token) = pointer.strip_prefix('/').filter(|t| !t.contains('/')) {
                let at = match self.parsed_key(&pointer::unescape(token)) {
                    Some(at) => at,
                    None => self.outline().locate_shallow(pointer),
                };
                // A missing top-level member: shown at the payload.
                return at.unwrap_or_else(|| self.start());
            }
            if !pointer.get(1..).unwrap_or("/").contains('/') {
                return self.start();
            }
            if self.map.get().is_none() && self.followed.get() < FOLLOW_AT_MOST {
                self.followed.set(self.followed.get() + 1);
                return locate_pointer(self.text, self.start(), pointer);
            }
        }
        self.map().locate(pointer).unwrap_or(0)
    }

    /// Byte offset of a pointer's top-level member (its key), else of the payload: where the
    /// facts of the cross-message rules point.
    pub(crate) fn top_level(&self, pointer: &str) -> usize {
        let top = match pointer.get(1..).and_then(|p| p.find('/')) {
            Some(i) => &pointer[1..i + 1],
            None => pointer.get(1..).unwrap_or(""),
        };
        if let Some(at) = self.parsed_key(&pointer::unescape(top)) {
            return at.unwrap_or_else(|| self.start());
        }
        let outline = self.outline();
        outline
            .members
            .iter()
            .find(|m| pointer::escape(&m.name) == top)
            .map_or(outline.start, |m| m.span.key.unwrap_or(m.span.start))
    }
}

#[cfg(test)]
mod tests {
    use super::Locator;
    use crate::source::parse_value_keyed;

    /// The top-level names the parse lends give the same places as the outline, whatever the
    /// text: escaped names, repeated keys, white space, arrays and scalars at the top.
    #[test]
    fn parsed_names_place_as_the_outline_does() {
        let texts = [
            r#"{"a": 1, "b": {"a": 2}, "c": [1, {"d": 3}]}"#,
            "  \n\t{\"x\":\"y\",\"paymentId\" : \"p\"}  ",
            r#"{"a\"b": 1, "a/b": 2, "t~n": 3}"#,
            r#"{"a": 1, "a": 2}"#,
            r#"[{"a": 1}]"#,
            r#""text""#,
            r#"{}"#,
            r#"{"é": {"ü": 1}, "z": 2}"#,
        ];
        let pointers = [
            "",
            "/a",
            "/b",
            "/b/a",
            "/c/1/d",
            "/x",
            "/paymentId",
            "/a\"b",
            "/a~1b",
            "/t~0n",
            "/missing",
            "/0",
            "/0/a",
            "/é",
            "/é/ü",
            "/z",
            "nope",
            "a/b",
        ];
        for text in texts {
            let parsed = parse_value_keyed(text).unwrap();
            let mut fast = Locator::new(text);
            fast.parsed(parsed.repeated, parsed.top_keys);
            let slow = Locator::new(text);
            slow.repeated.set(parsed.repeated);
            for p in pointers {
                assert_eq!(fast.locate(p), slow.locate(p), "{text:?} {p:?}");
                assert_eq!(fast.top_level(p), slow.top_level(p), "{text:?} {p:?}");
            }
        }
    }
}
