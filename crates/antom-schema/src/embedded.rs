//! The schemas embedded at compile time by `build.rs`, from the checked-in bundle
//! (`crates/antom-schema/bundle/`, written by `cargo run -p antom-codegen`).
//!
//! [`file()`] serves the files of `schema/` (`catalog.json`, `defs/...`, `messages/...`), rebuilt
//! from the bundle's `$defs`; [`bundle_file`] serves the published files themselves
//! (`antom-checkout.schema.json`, `<kind>.schema.json`, `openapi.json`), byte for byte.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The contents of one schema file, by its path relative to `schema/` (`defs/Amount.schema.json`).
pub fn file(path: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}

/// The contents of one published bundle file, by name (`antom-checkout.schema.json`,
/// `pay.request.schema.json`, `openapi.json`).
pub fn bundle_file(name: &str) -> Option<&'static str> {
    BUNDLE_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}
