//! Checking one record: the library's [`lint::check_record_placed`], its findings placed in
//! the input (file, record, line, column) and masked as reports.

use antom_schema::correlate::Observation;
use antom_schema::lint::{self, CheckOptions};
use antom_schema::mask::mask_text;
use antom_schema::resolve;
use antom_schema::rules::{self, Rule};
use antom_schema::{Finding, SchemaError, Severity, Validator};

use crate::correlate::Loc;
use crate::records::{Frame, Payload, Record};
use crate::signatures::Keys;

/// A finding placed in its input.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub file: String,
    pub record: usize,
    pub line: usize,
    pub column: usize,
    pub kind: Option<String>,
    /// Serialized as its id.
    pub rule: &'static Rule,
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
    /// The public keys that check signatures, when any is configured.
    pub signatures: Option<&'a Keys>,
}

/// The outcome of one record.
pub struct Checked {
    /// The kind it was checked as, if any.
    pub kind: Option<String>,
    pub reports: Vec<Report>,
    /// Where the record starts, and what the cross-message rules need of the payload, when
    /// it parsed, its kind is known and correlation is on (read here, on the worker; applied
    /// in input order).
    pub observation: Option<(Loc, Observation<Loc>)>,
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
            ..Report::masked(
                &too_large_finding(size, limit),
                origin.masked.to_string(),
                record,
                (line, 1),
                None,
            )
        }],
        observation: None,
    }
}

fn too_large_finding(size: u64, limit: usize) -> Finding {
    lint::input_finding(
        &rules::RECORD_TOO_LARGE,
        format!("the record holds {size} bytes, more than --max-record-size ({limit}); it was skipped unread"),
    )
    .with_expected(format!("at most {limit} bytes"))
    .with_found(format!("{size} bytes"))
}

/// Checks one record with the library ([`lint::check_record_placed`]) and places its
/// findings in the input. Only a schema that fails to compile is an error here (exit status
/// 2).
pub fn check(
    ctx: &Context<'_>,
    origin: &Origin,
    frame: &Frame<'_>,
    record: &Record,
) -> Result<Checked, SchemaError> {
    // (finding, offset in the frame, offsets of its related pointers in the frame)
    let mut placed: Vec<(Finding, usize, Vec<usize>)> = record
        .early
        .iter()
        .map(|(f, at)| (f.clone(), *at, vec![*at; f.related.len()]))
        .collect();
    let mut kind = None;
    let mut observation = None;
    match &record.payload {
        Payload::Missing => {}
        Payload::Broken(rule, message, offset) => {
            let at = record.anchor.map(*offset);
            placed.push((lint::input_finding(rule, message.clone()), at, Vec::new()));
        }
        Payload::Slice(_) | Payload::Owned(_) => {
            let text = record.text(frame).unwrap_or("");
            let hints = resolve::Hints {
                kind: ctx.forced_kind,
                envelope_kind: record.hints.envelope_kind.as_deref(),
                http: record.hints.http.as_ref().map(|(p, d)| (p.as_str(), *d)),
                file_name: origin.file_name.as_deref(),
                only: record.hints.only,
            };
            let options = if ctx.correlate {
                CheckOptions::with_facts()
            } else {
                CheckOptions::default()
            };
            let kinds = ctx.validator.catalog().kinds();
            let checked =
                lint::check_record_placed(ctx.validator, text, &hints, options, |offset| {
                    let (line, column) = frame.line_col(record.anchor.map(offset));
                    (line, column)
                })?;
            if let (Some(k), Some(facts)) = (&checked.kind, checked.facts) {
                let kind_index = kinds.iter().position(|c| c.id == *k).unwrap_or(0);
                let loc = |(line, column)| {
                    Loc::new(origin.index, kind_index, record.number, line, column)
                };
                let here = loc(frame.line_col(record.anchor.map(0)));
                observation = Some((here, facts.relocate(loc)));
            }
            kind = checked.kind;
            for l in checked.findings {
                let related = l.related.iter().map(|r| record.anchor.map(*r)).collect();
                placed.push((l.finding, record.anchor.map(l.offset), related));
            }
        }
    }
    if let (Some(keys), Some(http)) = (ctx.signatures, &record.http) {
        if let Some(finding) = keys.check(http, record.text(frame), frame.bytes) {
            placed.push((finding, http.at, Vec::new()));
        }
    }
    let mut reports = Vec::with_capacity(placed.len());
    for (f, offset, related_at) in placed {
        let (line, column) = frame.line_col(offset);
        let related = f
            .related
            .iter()
            .zip(related_at)
            .map(|(r, at)| {
                let (line, column) = frame.line_col(at);
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
