//! Positions in the raw text of a payload, and parsing that notices repeated keys.
//!
//! `serde_json` forgets where a value was written and silently keeps the last of two equal
//! keys. The linter parses each payload once with [`parse_value`] (the `serde_json` value
//! plus whether any key repeats) and reads its top level once with [`outline`]; a finding is
//! placed by following its pointer through the text ([`locate_pointer`]), or, when keys
//! repeat, from a full [`SourceMap`] (which also lists every repeated key). [`LineIndex`]
//! turns the byte offsets all of these return into line and column numbers.
//!
//! - `parse.rs`: [`parse_value`]
//! - `map.rs`: [`SourceMap`], [`Span`], [`DuplicateKey`]
//! - `outline.rs`: [`outline`], [`Outline`], [`Member`] (and the value-skipping helpers)
//! - `follow.rs`: [`locate_pointer`]
//! - `lines.rs`: [`LineIndex`]

mod follow;
mod lines;
mod map;
mod outline;
mod parse;
#[cfg(test)]
mod tests;

pub use follow::locate_pointer;
pub use lines::LineIndex;
pub use map::{DuplicateKey, SourceMap, Span};
pub use outline::{outline, Member, Outline};
pub use parse::parse_value;
pub(crate) use parse::{parse_value_keyed, Parsed};

/// Escapes one reference token of a JSON Pointer (the same as [`crate::pointer::escape`],
/// kept under this path for existing callers).
pub use crate::pointer::escape as escape_token;
