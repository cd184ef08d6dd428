//! Checking one record: parse, duplicate keys, card data, kind, schema.

use antom_schema::mask::{self, mask_text};
use antom_schema::resolve::{self, ResolvedBy, Unresolved};
use antom_schema::semantic;
use antom_schema::source::{LineIndex, SourceMap};
use antom_schema::{Finding, SchemaError, Severity, Validator};
use serde_json::Value;

use crate::input::Source;
use crate::records::{Payload, Record};

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

/// The outcome of one record.
pub struct Checked {
    /// The kind it was checked as, if any.
    pub kind: Option<String>,
    pub reports: Vec<Report>,
    /// The parsed payload and where its values sit, when it parsed and its kind is known
    /// (for the cross-message rules).
    pub parsed: Option<(Value, SourceMap)>,
}

/// Checks one record. Only a schema that fails to compile is an error here (exit status 2).
pub fn check(
    validator: &Validator,
    source: &Source,
    record: &Record,
    forced_kind: Option<&str>,
) -> Result<Checked, SchemaError> {
    let mut placed: Vec<(Finding, usize)> = record.early.clone();
    let mut kind = None;
    let mut parsed = None;
    match &record.payload {
        Payload::Missing => {}
        Payload::Broken(rule, message, offset) => {
            placed.push((
                Finding::new(rule, Severity::Error, "", message.clone()),
                record.anchor.map(*offset),
            ));
        }
        Payload::Text(text) => {
            kind = check_text(
                validator,
                source,
                record,
                text,
                forced_kind,
                &mut placed,
                &mut parsed,
            )?;
        }
    }
    let reports = placed
        .into_iter()
        .map(|(f, offset)| {
            let (line, column) = source.line_col(offset);
            let related = f
                .related
                .iter()
                .map(|r| {
                    let at = parsed
                        .as_ref()
                        .and_then(|(_, spans): &(Value, SourceMap)| spans.locate(&r.pointer))
                        .unwrap_or(0);
                    let (line, column) = source.line_col(record.anchor.map(at));
                    RelatedReport {
                        file: mask_text(&source.name),
                        record: record.number,
                        line,
                        column,
                        kind: kind.clone(),
                        pointer: mask_text(&r.pointer),
                        message: mask_text(&r.message),
                    }
                })
                .collect();
            Report {
                file: mask_text(&source.name),
                record: record.number,
                line,
                column,
                kind: kind.clone(),
                rule: f.rule,
                severity: f.severity,
                pointer: mask_text(&f.pointer),
                message: mask_text(&f.message),
                expected: f.expected.as_deref().map(mask_text),
                found: f.found.as_deref().map(mask_text),
                suggestion: f.suggestion.as_deref().map(mask_text),
                related,
            }
        })
        .collect();
    Ok(Checked {
        kind,
        reports,
        parsed,
    })
}

fn check_text(
    validator: &Validator,
    source: &Source,
    record: &Record,
    text: &str,
    forced_kind: Option<&str>,
    placed: &mut Vec<(Finding, usize)>,
    parsed: &mut Option<(Value, SourceMap)>,
) -> Result<Option<String>, SchemaError> {
    let anchor = record.anchor;
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
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
            return Ok(None);
        }
    };
    let spans = SourceMap::scan(text);
    let locate = |f: &Finding| {
        anchor.map(
            f.offset
                .unwrap_or_else(|| spans.locate(&f.pointer).unwrap_or(0)),
        )
    };
    let index = LineIndex::new(text.as_bytes());
    for f in spans.duplicate_findings(&index, text) {
        let at = locate(&f);
        placed.push((f, at));
    }
    for f in card_data(&value, "") {
        let at = locate(&f);
        placed.push((f, at));
    }
    let hints = resolve::Hints {
        kind: forced_kind,
        envelope_kind: record.hints.envelope_kind.as_deref(),
        http: record.hints.http.as_ref().map(|(p, d)| (p.as_str(), *d)),
        file_name: source.file_name.as_deref(),
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
    *parsed = Some((value, spans));
    Ok(Some(resolution.kind))
}

/// serde_json appends "at line L column C"; the report has its own position.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Card numbers and verification codes kept in clear text.
fn card_data(value: &Value, pointer: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    walk_card_data(value, pointer, None, &mut out);
    out
}

fn walk_card_data(value: &Value, pointer: &str, key: Option<&str>, out: &mut Vec<Finding>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let child = format!("{pointer}/{}", antom_schema::source::escape_token(k));
                walk_card_data(v, &child, Some(k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk_card_data(v, &format!("{pointer}/{i}"), None, out);
            }
        }
        Value::String(_) | Value::Number(_) => {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let verification = key.is_some_and(|k| {
                let k = k.to_ascii_lowercase();
                mask::is_secret_field(&k)
                    && (k.contains("cv") || k.contains("security") || k == "cid" || k == "csc")
            });
            if verification && text.chars().any(|c| c.is_ascii_digit()) {
                out.push(Finding::new(
                    "card-data-unmasked",
                    Severity::Warning,
                    pointer,
                    "a card verification code is stored in clear text (value not shown)",
                ));
            } else if mask::contains_card_number(&text) {
                out.push(Finding::new(
                    "card-data-unmasked",
                    Severity::Warning,
                    pointer,
                    if text.chars().count() <= 40 {
                        format!(
                            "a full card number is stored in clear text (shown here as {})",
                            mask_text(&text)
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
