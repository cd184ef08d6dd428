//! Checking one record: parse, duplicate keys, card data, kind, schema.

use antom_schema::correlate::Observation;
use antom_schema::mask::{self, mask_text};
use antom_schema::resolve::{self, ResolvedBy, Unresolved};
use antom_schema::semantic;
use std::cell::{Cell, OnceCell};

use antom_schema::source::{
    escape_token, locate_pointer, outline, parse_value, LineIndex, Outline, SourceMap,
};
use antom_schema::{Finding, SchemaError, Severity, Validator};
use serde_json::Value;

use crate::correlate::Loc;
use crate::records::{Anchor, Frame, Payload, Record};

/// A finding placed in its input.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub file: String,
    pub record: usize,
    pub line: usize,
    pub column: usize,
    pub kind: Option<String>,
    pub rule: &'static str,
    pub severity: Severity,
    pub pointer: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// Other places the finding involves: in the same payload, or in other records of the run
    /// (cross-message rules).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedReport>,
    /// The text of the report's line (for human output; never serialized).
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Report {
    /// A report of `finding` at a place of the input. Every text taken from the finding is
    /// masked here, the one place findings become output, so no card data can slip through.
    pub fn masked(
        finding: &Finding,
        file: String,
        record: usize,
        (line, column): (usize, usize),
        kind: Option<String>,
    ) -> Report {
        Report {
            file,
            record,
            line,
            column,
            kind,
            rule: finding.rule,
            severity: finding.severity,
            pointer: mask_text(&finding.pointer),
            message: mask_text(&finding.message),
            expected: finding.expected.as_deref().map(mask_text),
            found: finding.found.as_deref().map(mask_text),
            suggestion: finding.suggestion.as_deref().map(mask_text),
            related: Vec::new(),
            source_line: None,
        }
    }
}

/// Another place a finding refers to.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RelatedReport {
    pub file: String,
    pub record: usize,
    pub line: usize,
    pub column: usize,
    pub kind: Option<String>,
    pub pointer: String,
    pub message: String,
}

/// Where a record comes from.
#[derive(Debug)]
pub struct Origin {
    /// What to call it in output, unmasked: the path as given, or `<stdin>`.
    pub name: String,
    /// The same, masked, as every report shows it.
    pub masked: std::sync::Arc<str>,
    /// The file name used for kind resolution (`None` for standard input).
    pub file_name: Option<String>,
    /// Index of the input in the run.
    pub index: usize,
}

impl Origin {
    pub fn new(name: String, file_name: Option<String>) -> Origin {
        Origin {
            masked: mask_text(&name).into(),
            name,
            file_name,
            index: 0,
        }
    }
}

/// What every record of a run is checked with.
pub struct Context<'a> {
    pub validator: &'a Validator,
    /// `--kind`.
    pub forced_kind: Option<&'a str>,
    /// Keep the text of the line of each report (human output shows it).
    pub snippets: bool,
    /// Keep what the cross-message rules need.
    pub correlate: bool,
    /// `--max-record-size`, for the reports of records that exceed it.
    pub max: usize,
}

/// Where each top-level member of a payload sits in the file: what locations of the
/// cross-message rules point at.
struct Places {
    /// `(pointer, line, column)` of each top-level member.
    places: Vec<(String, usize, usize)>,
    /// Line and column of the payload itself.
    root: (usize, usize),
}

impl Places {
    /// Line and column of a pointer: its top-level member, else the payload.
    pub fn place(&self, pointer: &str) -> (usize, usize) {
        let top = match pointer.get(1..).and_then(|p| p.find('/')) {
            Some(i) => &pointer[..i + 1],
            None => pointer,
        };
        self.places
            .iter()
            .find(|(p, _, _)| p == top)
            .map_or(self.root, |(_, l, c)| (*l, *c))
    }
}

/// The outcome of one record.
pub struct Checked {
    /// The kind it was checked as, if any.
    pub kind: Option<String>,
    pub reports: Vec<Report>,
    /// What the cross-message rules need of the payload, when it parsed, its kind is known
    /// and correlation is on (read here, on the worker; applied in input order).
    pub observation: Option<Observation<Loc>>,
}

/// Finds where pointers sit in a payload's text: the top level from one quick pass, deeper
/// pointers from a full map built only when a finding needs one.
struct Locator<'t> {
    text: &'t str,
    /// Top-level members (nested values skipped over).
    outline: Outline,
    /// Some object repeats a key (found while parsing).
    repeated: Cell<bool>,
    map: OnceCell<SourceMap>,
    /// Deep pointers located by following them through the text so far.
    followed: Cell<usize>,
}

/// Up to this many deep pointers per record are found by following them through the text;
/// beyond that one full map serves the rest.
const FOLLOW_AT_MOST: usize = 4;

impl Locator<'_> {
    fn map(&self) -> &SourceMap {
        self.map.get_or_init(|| SourceMap::scan(self.text))
    }

    fn locate(&self, pointer: &str) -> usize {
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
}

/// A record that was not read because it is too large.
pub fn too_large(origin: &Origin, record: usize, line: usize, size: u64, limit: usize) -> Checked {
    Checked {
        kind: None,
        reports: vec![Report {
            file: origin.masked.to_string(),
            record,
            line,
            column: 1,
            kind: None,
            rule: "record-too-large",
            severity: Severity::Error,
            pointer: String::new(),
            message: format!(
                "the record holds {size} bytes, more than --max-record-size ({limit}); it was skipped unread"
            ),
            expected: Some(format!("at most {limit} bytes")),
            found: Some(format!("{size} bytes")),
            suggestion: None,
            related: Vec::new(),
            source_line: None,
        }],
        observation: None,
    }
}

/// Checks one record. Only a schema that fails to compile is an error here (exit status 2).
pub fn check(
    ctx: &Context<'_>,
    origin: &Origin,
    frame: &Frame<'_>,
    record: &Record,
) -> Result<Checked, SchemaError> {
    let mut placed: Vec<(Finding, usize)> = record.early.clone();
    let mut kind = None;
    let mut observation = None;
    let mut locator = None;
    match &record.payload {
        Payload::Missing => {}
        Payload::Broken(rule, message, offset) => {
            placed.push((
                Finding::new(rule, Severity::Error, "", message.clone()),
                record.anchor.map(*offset),
            ));
        }
        Payload::Slice(_) | Payload::Owned(_) => {
            let text = record.text(frame).unwrap_or("");
            let l = Locator {
                text,
                outline: outline(text),
                repeated: Cell::new(false),
                map: OnceCell::new(),
                followed: Cell::new(0),
            };
            let value;
            (kind, value) = check_text(ctx, origin, record, &l, &mut placed)?;
            if let (Some(value), Some(k), true) = (value, &kind, ctx.correlate) {
                let at = places(frame, record, &l);
                let kind_index = ctx
                    .validator
                    .catalog()
                    .kinds()
                    .iter()
                    .position(|c| c.id == *k)
                    .unwrap_or(0);
                observation = Some(Observation::read(k, &value, |pointer| {
                    let (line, column) = at.place(pointer);
                    Loc::new(origin.index, kind_index, record.number, line, column)
                }));
            }
            locator = Some(l);
        }
    }
    let mut reports = Vec::with_capacity(placed.len());
    for (f, offset) in placed {
        let (line, column) = frame.line_col(offset);
        let related = f
            .related
            .iter()
            .map(|r| {
                let at = locator.as_ref().map_or(0, |l| l.locate(&r.pointer));
                let (line, column) = frame.line_col(record.anchor.map(at));
                RelatedReport {
                    file: origin.masked.to_string(),
                    record: record.number,
                    line,
                    column,
                    kind: kind.clone(),
                    pointer: mask_text(&r.pointer),
                    message: mask_text(&r.message),
                }
            })
            .collect();
        reports.push(Report {
            related,
            source_line: ctx.snippets.then(|| frame.line_text(line)),
            ..Report::masked(
                &f,
                origin.masked.to_string(),
                record.number,
                (line, column),
                kind.clone(),
            )
        });
    }
    reports.sort_by_key(|r| (r.line, r.column));
    Ok(Checked {
        kind,
        reports,
        observation,
    })
}

/// Where the top-level members of a parsed payload sit in the file.
fn places(frame: &Frame<'_>, record: &Record, l: &Locator<'_>) -> Places {
    let root = frame.line_col(record.anchor.map(l.outline.start));
    let places = match record.anchor {
        Anchor::Embedded(_) => Vec::new(),
        Anchor::Slice(_) => {
            let offsets: Vec<usize> = l
                .outline
                .members
                .iter()
                .map(|m| record.anchor.map(m.span.key.unwrap_or(m.span.start)))
                .collect();
            l.outline
                .members
                .iter()
                .zip(frame.line_cols(&offsets))
                .map(|(m, (line, column))| (format!("/{}", escape_token(&m.name)), line, column))
                .collect()
        }
    };
    Places { places, root }
}

fn check_text(
    ctx: &Context<'_>,
    origin: &Origin,
    record: &Record,
    l: &Locator<'_>,
    placed: &mut Vec<(Finding, usize)>,
) -> Result<(Option<String>, Option<Value>), SchemaError> {
    let validator = ctx.validator;
    let text = l.text;
    let anchor = record.anchor;
    let value: Value = match parse_value(text) {
        Ok((v, repeated)) => {
            l.repeated.set(repeated);
            v
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
            placed.push((
                Finding::new("malformed-json", Severity::Error, "", message),
                anchor.map(offset),
            ));
            return Ok((None, None));
        }
    };
    let locate = |f: &Finding| anchor.map(f.offset.unwrap_or_else(|| l.locate(&f.pointer)));
    if l.repeated.get() {
        let index = LineIndex::new(text.as_bytes());
        for f in l.map().duplicate_findings(&index, text) {
            let at = locate(&f);
            placed.push((f, at));
        }
    }
    for f in card_data(&value) {
        let at = locate(&f);
        placed.push((f, at));
    }
    let hints = resolve::Hints {
        kind: ctx.forced_kind,
        envelope_kind: record.hints.envelope_kind.as_deref(),
        http: record.hints.http.as_ref().map(|(p, d)| (p.as_str(), *d)),
        file_name: origin.file_name.as_deref(),
        only: record.hints.only,
    };
    if let Some(k) = hints
        .envelope_kind
        .filter(|k| validator.catalog().get(k).is_none())
    {
        let f = Finding::new(
            "envelope-invalid",
            Severity::Error,
            "",
            format!(
                "the envelope names kind \"{}\", which is not in the catalog",
                mask_text(k)
            ),
        );
        placed.push((f, anchor.map(0)));
    }
    let resolution = match resolve::resolve(validator, &hints, &value)? {
        Ok(r) => r,
        Err(why) => {
            let f = match why {
                Unresolved::Ambiguous(kinds) => Finding::new(
                    "kind-ambiguous",
                    Severity::Error,
                    "",
                    format!("the payload fits several kinds equally well ({}); name one with --kind, an envelope or the file name", kinds.join(", ")),
                ),
                Unresolved::Unknown => Finding::new(
                    "kind-unresolved",
                    Severity::Error,
                    "",
                    "the payload matches no message kind of the catalog".to_string(),
                ),
                Unresolved::NoSuchKind(k) => Finding::new("kind-unresolved", Severity::Error, "", format!("unknown kind \"{}\"", mask_text(&k))),
            };
            placed.push((f, anchor.map(0)));
            return Ok((None, None));
        }
    };
    if resolution.by == ResolvedBy::Inferred {
        let confidence = resolution.confidence.map_or("unknown", |c| c.as_str());
        let runner = resolution
            .runner_up
            .as_deref()
            .map(|r| format!(", next best {r}"))
            .unwrap_or_default();
        let f = Finding::new(
            "kind-inferred",
            Severity::Note,
            "",
            format!(
                "checked as {} (inferred from its members, confidence {confidence}{runner})",
                resolution.kind
            ),
        );
        placed.push((f, anchor.map(0)));
    }
    for f in validator.validate(&resolution.kind, &value)? {
        let at = locate(&f);
        placed.push((f, at));
    }
    for f in semantic::check(validator, &resolution.kind, &value) {
        let at = locate(&f);
        placed.push((f, at));
    }
    Ok((Some(resolution.kind), Some(value)))
}

/// serde_json appends "at line L column C"; the report has its own position.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Card numbers and verification codes kept in clear text.
fn card_data(value: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk_card_data(value, &mut path, None, &mut out);
    out
}

/// One step of the path to a value (the pointer is only spelled out for a finding).
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

fn pointer_of(path: &[Step<'_>]) -> String {
    let mut p = String::new();
    for step in path {
        p.push('/');
        match step {
            Step::Key(k) => p.push_str(&escape_token(k)),
            Step::Index(i) => p.push_str(&i.to_string()),
        }
    }
    p
}

fn walk_card_data<'v>(
    value: &'v Value,
    path: &mut Vec<Step<'v>>,
    key: Option<&str>,
    out: &mut Vec<Finding>,
) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                path.push(Step::Key(k));
                walk_card_data(v, path, Some(k), out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Step::Index(i));
                walk_card_data(v, path, None, out);
                path.pop();
            }
        }
        Value::String(_) | Value::Number(_) => {
            let number;
            let text = match value {
                Value::String(s) => s.as_str(),
                // Only a number of 12 digits or more can be a card number; no text for the
                // others.
                Value::Number(n) if n.as_u64().is_some_and(|u| u < 100_000_000_000) => "",
                Value::Number(n) if n.as_i64().is_some_and(|i| i > -100_000_000_000) => "",
                other => {
                    number = other.to_string();
                    number.as_str()
                }
            };
            let verification = key.is_some_and(mask::is_verification_field);
            let digits = match value {
                Value::String(s) => s.bytes().any(|b| b.is_ascii_digit()),
                _ => true,
            };
            if verification && digits {
                out.push(Finding::new(
                    "card-data-unmasked",
                    Severity::Warning,
                    pointer_of(path),
                    "a card verification code is stored in clear text (value not shown)",
                ));
            } else if mask::may_hold_card_number(text) && mask::contains_card_number(text) {
                out.push(Finding::new(
                    "card-data-unmasked",
                    Severity::Warning,
                    pointer_of(path),
                    if text.chars().count() <= 40 {
                        format!(
                            "a full card number is stored in clear text (shown here as {})",
                            mask_text(text)
                        )
                    } else {
                        "a full card number is stored in clear text inside this string".to_string()
                    },
                ));
            }
        }
        _ => {}
    }
}
