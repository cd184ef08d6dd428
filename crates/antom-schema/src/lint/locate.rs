//! Where a JSON Pointer sits in a payload's text.

use std::cell::{Cell, OnceCell};

use crate::source::{locate_pointer, outline, Outline, SourceMap};

/// Finds where pointers sit in a payload's text: the top level from one quick pass, deeper
/// pointers by following them through the text, and a full map only when a record needs
/// many (or repeats a key, which makes following ambiguous).
pub(crate) struct Locator<'t> {
    text: &'t str,
    /// Top-level members (nested values skipped over).
    pub(crate) outline: Outline,
    /// Some object repeats a key (found while parsing).
    pub(crate) repeated: Cell<bool>,
    map: OnceCell<SourceMap>,
    /// Deep pointers located by following them through the text so far.
    followed: Cell<usize>,
}

/// Up to this many deep pointers per record are found by following them through the text;
/// beyond that one full map serves the rest.
const FOLLOW_AT_MOST: usize = 4;

impl<'t> Locator<'t> {
    pub(crate) fn new(text: &'t str) -> Locator<'t> {
        Locator {
            text,
            outline: outline(text),
            repeated: Cell::new(false),
            map: OnceCell::new(),
            followed: Cell::new(0),
        }
    }

    /// The full source map (built on first use).
    pub(crate) fn map(&self) -> &SourceMap {
        self.map.get_or_init(|| SourceMap::scan(self.text))
    }

    /// Byte offset of the value a pointer names (or of the nearest enclosing value).
    pub(crate) fn locate(&self, pointer: &str) -> usize {
        if !self.repeated.get() && self.outline.complete {
            if let Some(at) = self.outline.locate_shallow(pointer) {
                return at;
            }
            if !pointer.get(1..).unwrap_or("/").contains('/') {
                // A missing top-level member: shown at the payload.
                return self.outline.start;
            }
            if self.map.get().is_none() && self.followed.get() < FOLLOW_AT_MOST {
                self.followed.set(self.followed.get() + 1);
                return locate_pointer(self.text, self.outline.start, pointer);
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
        self.outline
            .members
            .iter()
            .find(|m| crate::pointer::escape(&m.name) == top)
            .map_or(self.outline.start, |m| m.span.key.unwrap_or(m.span.start))
    }
}
