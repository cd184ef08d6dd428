//! The Antom Checkout Payment API schemas, ready to validate captured payloads.
//!
//! The schemas are embedded at build time from the checked-in bundle (`bundle/`, the same
//! self-contained document and OpenAPI file published for other languages), which rebuilds
//! the files of the workspace's `schema/` directory ([`embedded`]). [`Validator`]
//! compiles each message kind on first use (JSON Schema draft 2020-12, format checks on, every
//! file registered under its `$id`, nothing fetched from the network) and reports every
//! problem of a payload as a [`Finding`] with a stable rule id (see [`rules`]). [`resolve`]
//! works out which message kind a payload is. Findings never contain card data ([`mask`]).

pub mod catalog;
mod closed;
pub mod compiled;
pub mod correlate;
pub mod embedded;
pub mod finding;
pub mod known;
pub mod lint;
pub mod mask;
pub mod resolve;
pub mod result_codes;
pub mod rules;
pub mod schemas;
pub mod semantic;
pub mod source;
mod validator;

pub use antom_schema_core::pointer;
pub use catalog::{Catalog, Direction, Kind, Role, SchemaError};
pub use finding::{Finding, RelatedPointer, Severity};
pub use resolve::{Confidence, Resolution, ResolvedBy};
pub use schemas::Schemas;
pub use validator::{SchemaViolation, Validator};
