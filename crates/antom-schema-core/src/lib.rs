//! Plumbing shared by every part of the Antom Checkout schema workspace.
//!
//! The generator (`antom-codegen`), the validation library (`antom-schema`, at run time and
//! in its build script), the typed messages (`antom-types`) and the conformance suite all
//! read the same schema files and the same catalog. What they must agree on lives here, once:
//!
//! - [`pointer`](mod@pointer): JSON Pointer reference tokens (escaping, unescaping, building, splitting);
//! - [`reference`](mod@reference): relative `$ref`s between the files of `schema/`, and the `#/$defs/<key>`
//!   references of the published bundle;
//! - [`catalog`]: the typed model of `schema/catalog.json` (message kinds, roles, directions)
//!   and its parser;
//! - [`shape`]: the two `anyOf` shapes the schemas use (an open enumeration, a scalar sent as
//!   JSON or as a string);
//! - [`keywords`]: which JSON Schema keywords hold subschemas, which hold data, and which
//!   limits the received form of Antom's messages relaxes;
//! - [`secrets`]: the member names whose values are card data or other secrets.
//!
//! The crate depends on `serde` and `serde_json` only.

#![warn(missing_docs)]

pub mod catalog;
pub mod keywords;
pub mod pointer;
pub mod reference;
pub mod secrets;
pub mod shape;
