//! Which message kind a payload is.
//!
//! In order: the kind named by the caller (`--kind`); the HTTP metadata of an envelope or a
//! HAR entry (path and direction); a catalog id in the file name; the payload's shape. Shape
//! inference ranks every candidate kind and reports what it chose and how sure it is; a tie or
//! no match at all is reported as such, never silently guessed.

use serde_json::Value;

use crate::catalog::{Direction, Kind, SchemaError};
use crate::validator::Validator;

/// How the kind of a payload was found. More ways may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResolvedBy {
    /// Named by the caller (`--kind`).
    Given,
    /// From an envelope's `kind` member.
    Envelope,
    /// From an HTTP path and direction (envelope or HAR entry).
    HttpPath,
    /// From a catalog id in the file name.
    FileName,
    /// Inferred from the payload's members.
    Inferred,
}

/// How sure an inference is; compare levels rather than match them (finer levels may be
/// added).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Confidence {
    /// Barely ahead of the next kind.
    Low,
    /// Clearly the best match, but the payload has problems for it.
    Medium,
    /// The payload is valid for this kind and no other kind fits as well.
    High,
}

impl Confidence {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// A resolved kind. Made by [`resolve`] only; fields may be added.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Resolution {
    /// Catalog id.
    pub kind: String,
    /// Where it came from.
    pub by: ResolvedBy,
    /// For inferred kinds: how sure, and the runner-up when there was one.
    pub confidence: Option<Confidence>,
    /// For inferred kinds: the next best kind.
    pub runner_up: Option<String>,
}

/// Why no kind could be chosen. More reasons may be added.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unresolved {
    /// Several kinds fit equally well (their ids).
    Ambiguous(Vec<String>),
    /// No kind fits at all.
    Unknown,
    /// The caller named a kind that is not in the catalog.
    NoSuchKind(String),
}

/// What is known about a payload besides its contents.
#[derive(Debug, Clone, Default)]
pub struct Hints<'a> {
    /// A kind named by the caller.
    pub kind: Option<&'a str>,
    /// A kind named by an envelope.
    pub envelope_kind: Option<&'a str>,
    /// The HTTP path the payload travelled on, and in which direction.
    pub http: Option<(&'a str, Direction)>,
    /// The file the payload was read from.
    pub file_name: Option<&'a str>,
    /// Limits inference to these kinds (for example only notifications, for a body POSTed to a
    /// merchant's notify URL).
    pub only: Option<fn(&Kind) -> bool>,
}

/// Resolves the kind of a payload (see the module documentation for the order).
pub fn resolve(
    validator: &Validator,
    hints: &Hints<'_>,
    payload: &Value,
) -> Result<Result<Resolution, Unresolved>, SchemaError> {
    let catalog = validator.catalog();
    let given = |kind: &str, by| {
        if catalog.get(kind).is_some() {
            Ok(Resolution {
                kind: kind.to_string(),
                by,
                confidence: None,
                runner_up: None,
            })
        } else {
            Err(Unresolved::NoSuchKind(kind.to_string()))
        }
    };
    if let Some(kind) = hints.kind {
        return Ok(given(kind, ResolvedBy::Given));
    }
    if let Some(kind) = hints.envelope_kind.filter(|k| catalog.get(k).is_some()) {
        return Ok(given(kind, ResolvedBy::Envelope));
    }
    if let Some((path, direction)) = hints.http {
        if let Some(kind) = catalog.by_path(path, direction) {
            return Ok(given(&kind.id, ResolvedBy::HttpPath));
        }
    }
    if let Some(kind) = hints.file_name.and_then(|name| catalog.by_file_name(name)) {
        return Ok(given(&kind.id, ResolvedBy::FileName));
    }
    infer(validator, payload, hints.only)
}

/// One candidate's standing.
#[derive(Debug, Clone)]
struct Score {
    kind: String,
    score: i64,
    clean: bool,
}

/// Ranks every kind (or those `only` admits) by how well the payload's members fit it.
///
/// Each member the kind declares at the top level counts for, each member it does not declare
/// counts against, and each schema error costs a little. A kind that declares none of the
/// payload's members is not a candidate. Inside the crate only: [`resolve`] with no hint
/// but `only` does the same.
pub(crate) fn infer(
    validator: &Validator,
    payload: &Value,
    only: Option<fn(&Kind) -> bool>,
) -> Result<Result<Resolution, Unresolved>, SchemaError> {
    let Value::Object(members) = payload else {
        return Ok(Err(Unresolved::Unknown));
    };
    let mut scores = Vec::new();
    for kind in validator.catalog().kinds() {
        if only.is_some_and(|f| !f(kind)) {
            continue;
        }
        let declared = validator.known_names(&kind.id)?.top_level();
        let matched = members
            .keys()
            .filter(|k| declared.contains(&k.as_str()))
            .count() as i64;
        if matched == 0 {
            continue;
        }
        let unknown = members.len() as i64 - matched;
        let errors = validator.error_count(&kind.id, payload)? as i64;
        scores.push(Score {
            kind: kind.id.clone(),
            score: 3 * matched - 3 * unknown - errors,
            clean: errors == 0 && unknown == 0,
        });
    }
    scores.sort_by_key(|s| std::cmp::Reverse(s.score));
    let Some(best) = scores.first() else {
        return Ok(Err(Unresolved::Unknown));
    };
    let tied: Vec<String> = scores
        .iter()
        .filter(|s| s.score == best.score)
        .map(|s| s.kind.clone())
        .collect();
    if tied.len() > 1 {
        return Ok(Err(Unresolved::Ambiguous(tied)));
    }
    let second = scores.get(1);
    let margin = second.map_or(i64::MAX, |s| best.score - s.score);
    let confidence = if best.clean && second.is_none_or(|s| !s.clean) {
        Confidence::High
    } else if margin >= 3 {
        Confidence::Medium
    } else {
        Confidence::Low
    };
    Ok(Ok(Resolution {
        kind: best.kind.clone(),
        by: ResolvedBy::Inferred,
        confidence: Some(confidence),
        runner_up: second.map(|s| s.kind.clone()),
    }))
}
