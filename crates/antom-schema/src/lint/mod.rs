//! The linter's engine: everything `antom-lint` reports about payloads, as a library.
//!
//! Linting has two phases:
//!
//! 1. [`check_record`] checks one payload's text on its own: JSON syntax, repeated keys, card
//!    data kept in clear, which message kind it is, its schema, and the rules the pages state
//!    within one payload ([`crate::semantic`]). It returns the findings, each with the byte
//!    offset it points at, and, when asked, the payload's [`Facts`]: the few keyed values the
//!    cross-message rules need (ids as digests, amounts, times), never the payload itself.
//! 2. A [`Correlator`] takes the facts of many records, in any grouping, and finds what only
//!    several messages together show (a capture above the authorized amount, a reused request
//!    id, two successful payments for one order).
//!
//! Reading inputs (files, NDJSON, HAR, envelopes), configuration, severity overrides and
//! output formats belong to the caller; [`input_finding`] makes the findings about inputs that
//! cannot be read, from the same rule registry ([`crate::rules`]).
//!
//! ```
//! use antom_schema::lint::{check_record, CheckOptions};
//! use antom_schema::resolve::Hints;
//! use antom_schema::Validator;
//!
//! let validator = Validator::new().unwrap();
//! let hints = Hints { kind: Some("notification.ack"), ..Hints::default() };
//! let text = r#"{"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "ok", "extra": 1}}"#;
//! let checked = check_record(&validator, text, &hints, CheckOptions::default()).unwrap();
//! assert_eq!(checked.kind.as_deref(), Some("notification.ack"));
//! let f = &checked.findings[0];
//! assert_eq!(f.finding.rule, &antom_schema::rules::UNKNOWN_FIELD);
//! assert_eq!(f.finding.pointer, "/result/extra");
//! assert_eq!(&text[f.offset..f.offset + 7], "\"extra\"");
//! ```

mod card;
mod locate;

use serde_json::Value;

use crate::correlate::Observation;
use crate::finding::Finding;
use crate::mask::mask_text;
use crate::resolve::{self, Hints, ResolvedBy, Unresolved};
use crate::rules::{self, Rule};
use crate::semantic;
use crate::source::{parse_value_keyed, LineIndex, Parsed};
use crate::{SchemaError, Validator};

pub use crate::correlate::Correlator;
use locate::Locator;

/// What one payload tells the cross-message rules (see [`crate::correlate`]), with the byte
/// offsets (in the payload's text) of the members it came from.
pub type Facts<L = usize> = Observation<L>;

/// What [`check_record`] does beyond the single-payload checks.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct CheckOptions {
    /// Also read the payload's [`Facts`] for the cross-message rules.
    pub facts: bool,
}

impl CheckOptions {
    /// Options that read the facts too.
    pub fn with_facts() -> CheckOptions {
        CheckOptions { facts: true }
    }
}

/// A finding and where it points in the payload's text.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Located {
    pub finding: Finding,
    /// Byte offset in the text of the value (or member name) the finding points at.
    pub offset: usize,
    /// Byte offsets of the finding's related pointers, in the same order.
    pub related: Vec<usize>,
}

/// The outcome of checking one payload.
#[derive(Debug)]
#[non_exhaustive]
pub struct RecordCheck<L = usize> {
    /// The message kind it was checked as (`None`: it did not parse, or no kind fits).
    pub kind: Option<String>,
    /// Every finding, in the order the checks ran (syntax and repeated keys, card data, kind,
    /// schema, rules); sort by offset to show them in text order.
    pub findings: Vec<Located>,
    /// Its facts, when asked for, the payload parsed and its kind is known.
    pub facts: Option<Facts<L>>,
}

/// Checks one payload's JSON text: everything `antom-lint` reports about a single record.
///
/// Only a schema that does not compile is an error; anything wrong with the payload is a
/// finding. Never panics, whatever the text.
pub fn check_record(
    validator: &Validator,
    text: &str,
    hints: &Hints<'_>,
    options: CheckOptions,
) -> Result<RecordCheck, SchemaError> {
    check_record_placed(validator, text, hints, options, |offset| offset)
}

/// [`check_record`], with the facts' locations given by `place` (from a byte offset in the
/// text to the caller's location type: a line and column in a file, a record number, ...).
pub fn check_record_placed<L>(
    validator: &Validator,
    text: &str,
    hints: &Hints<'_>,
    options: CheckOptions,
    place: impl Fn(usize) -> L,
) -> Result<RecordCheck<L>, SchemaError> {
    let mut locator = Locator::new(text);
    let mut placed: Vec<(Finding, usize)> = Vec::new();
    let mut kind = None;
    let mut facts = None;
    if let Some(value) = parse(text, &mut locator, &mut placed) {
        kind = check_value(validator, hints, &value, &locator, &mut placed)?;
        if let (Some(k), true) = (&kind, options.facts) {
            facts = Some(Observation::read(k, &value, |p| {
                place(locator.top_level(p))
            }));
        }
    }
    let findings: Vec<Located> = placed
        .into_iter()
        .map(|(finding, offset)| Located {
            related: finding
                .related
                .iter()
                .map(|r| locator.locate(&r.pointer))
                .collect(),
            finding,
            offset,
        })
        .collect();
    Ok(RecordCheck {
        kind,
        findings,
        facts,
    })
}

/// Parses the text, noting repeated keys; a text that does not parse is a finding.
fn parse<'t>(
    text: &'t str,
    locator: &mut Locator<'t>,
    placed: &mut Vec<(Finding, usize)>,
) -> Option<Value> {
    match parse_value_keyed(text) {
        Ok(Parsed {
            value,
            repeated,
            top_keys,
        }) => {
            locator.parsed(repeated, top_keys);
            if repeated {
                let index = LineIndex::new(text.as_bytes());
                for f in locator.map().duplicate_findings(&index, text) {
                    let at = f.offset.unwrap_or_else(|| locator.locate(&f.pointer));
                    placed.push((f, at));
                }
            }
            Some(value)
        }
        Err(e) => {
            let index = LineIndex::new(text.as_bytes());
            let offset = index.offset_of(text.as_bytes(), e.line(), e.column());
            let what = if e.is_eof() {
                "the JSON text ends too early (truncated?)"
            } else {
                "the JSON text does not parse"
            };
            let message = format!("{what}: {}", strip_position(&e.to_string()));
            placed.push((rules::MALFORMED_JSON.finding(None, "", message), offset));
            None
        }
    }
}

/// Card data, kind resolution, schema and single-payload rules of a parsed payload; returns
/// the kind it was checked as.
fn check_value(
    validator: &Validator,
    hints: &Hints<'_>,
    value: &Value,
    locator: &Locator<'_>,
    placed: &mut Vec<(Finding, usize)>,
) -> Result<Option<String>, SchemaError> {
    let locate = |f: &Finding| f.offset.unwrap_or_else(|| locator.locate(&f.pointer));
    for f in card::card_data(value) {
        let at = locate(&f);
        placed.push((f, at));
    }
    if let Some(k) = hints
        .envelope_kind
        .filter(|k| validator.catalog().get(k).is_none())
    {
        placed.push((
            input_finding(
                &rules::ENVELOPE_INVALID,
                format!(
                    "the envelope names kind \"{}\", which is not in the catalog",
                    mask_text(k)
                ),
            ),
            0,
        ));
    }
    let resolution = match resolve::resolve(validator, hints, value)? {
        Ok(r) => r,
        Err(why) => {
            let (rule, message): (&'static Rule, String) = match why {
                Unresolved::Ambiguous(kinds) => (&rules::KIND_AMBIGUOUS, format!(
                    "the payload fits several kinds equally well ({}); name one with --kind, an envelope or the file name",
                    kinds.join(", ")
                )),
                Unresolved::Unknown => (&rules::KIND_UNRESOLVED, "the payload matches no message kind of the catalog".to_string()),
                Unresolved::NoSuchKind(k) => (&rules::KIND_UNRESOLVED, format!("unknown kind \"{}\"", mask_text(&k))),
            };
            placed.push((rule.finding(None, "", message), 0));
            return Ok(None);
        }
    };
    if resolution.by == ResolvedBy::Inferred {
        let confidence = resolution.confidence.map_or("unknown", |c| c.as_str());
        let runner = resolution
            .runner_up
            .as_deref()
            .map(|r| format!(", next best {r}"))
            .unwrap_or_default();
        let role = validator.catalog().get(&resolution.kind).map(|k| k.role);
        let f = rules::KIND_INFERRED.finding(
            role,
            "",
            format!(
                "checked as {} (inferred from its members, confidence {confidence}{runner})",
                resolution.kind
            ),
        );
        placed.push((f, 0));
    }
    for f in validator.validate(&resolution.kind, value)? {
        let at = locate(&f);
        placed.push((f, at));
    }
    for f in semantic::check(validator, &resolution.kind, value) {
        let at = locate(&f);
        placed.push((f, at));
    }
    Ok(Some(resolution.kind))
}

/// A finding about an input rather than a payload (`empty-input`, `invalid-utf8`,
/// `record-too-large`, `envelope-invalid`, `malformed-json` of an envelope): at the whole
/// record, no kind known, with the rule's default severity.
pub fn input_finding(rule: &'static Rule, message: impl Into<String>) -> Finding {
    rule.finding(None, "", message)
}

/// serde_json appends "at line L column C"; the finding has its own position.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
