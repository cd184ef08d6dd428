//! The files of `schema/`, embedded at compile time by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The contents of one embedded file, by its path relative to `schema/` (`defs/Amount.schema.json`).
pub fn file(path: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}
