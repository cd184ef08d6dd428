//! The cross-message rules in a run: feeds every checked record to an
//! [`antom_schema::correlate::Correlator`] and turns what it finds into reports that point at
//! both records.
//!
//! Only a location (file index, record number, byte offset, kind) is kept per fact, never a
//! payload; see the library module for what is kept per payment.

use antom_schema::correlate::{Correlator, Linked};
use antom_schema::mask::mask_text;

use crate::check::{Checked, RelatedReport, Report};
use crate::cli::Correlate;
use crate::input::Source;
use crate::records::Record;

/// Where a value sits: which source, which record, which byte, which kind of message.
#[derive(Debug, Clone)]
pub struct Loc {
    source: usize,
    record: usize,
    offset: usize,
    kind: String,
}

/// Cross-message state of a run.
pub struct Cross {
    mode: Correlate,
    state: Correlator<Loc>,
    current: Option<usize>,
}

impl Cross {
    pub fn new(mode: Correlate) -> Cross {
        Cross {
            mode,
            state: Correlator::new(),
            current: None,
        }
    }

    /// Feeds one checked record; returns the cross-message findings it completes (with
    /// `--correlate file`, also those that close the previous file).
    pub fn observe(
        &mut self,
        sources: &[Source],
        index: usize,
        record: &Record,
        checked: &Checked,
    ) -> Vec<Report> {
        let mut out = Vec::new();
        if self.mode == Correlate::Off {
            return out;
        }
        if self.mode == Correlate::File && self.current.is_some_and(|c| c != index) {
            let done = std::mem::replace(&mut self.state, Correlator::new());
            out.extend(done.finish().into_iter().map(|l| report(l, sources)));
        }
        self.current = Some(index);
        let (Some(kind), Some((value, spans))) = (&checked.kind, &checked.parsed) else {
            return out;
        };
        let locate = |pointer: &str| Loc {
            source: index,
            record: record.number,
            offset: record.anchor.map(spans.locate(pointer).unwrap_or(0)),
            kind: kind.clone(),
        };
        let linked = self.state.observe(kind, value, locate);
        out.extend(linked.into_iter().map(|l| report(l, sources)));
        out
    }

    /// The findings that need the whole run (or the last file).
    pub fn finish(self, sources: &[Source]) -> Vec<Report> {
        if self.mode == Correlate::Off {
            return Vec::new();
        }
        self.state
            .finish()
            .into_iter()
            .map(|l| report(l, sources))
            .collect()
    }
}

fn place(loc: &Loc, sources: &[Source]) -> (String, usize, usize) {
    match sources.get(loc.source) {
        Some(s) => {
            let (line, column) = s.line_col(loc.offset);
            (mask_text(&s.name), line, column)
        }
        None => ("<unknown>".into(), 1, 1),
    }
}

fn report(linked: Linked<Loc>, sources: &[Source]) -> Report {
    let (file, line, column) = place(&linked.at, sources);
    let f = linked.finding;
    Report {
        file,
        record: linked.at.record,
        line,
        column,
        kind: Some(linked.at.kind.clone()),
        rule: f.rule,
        severity: f.severity,
        pointer: mask_text(&f.pointer),
        message: mask_text(&f.message),
        expected: f.expected.as_deref().map(mask_text),
        found: f.found.as_deref().map(mask_text),
        suggestion: f.suggestion.as_deref().map(mask_text),
        related: linked
            .related
            .into_iter()
            .map(|r| {
                let (file, line, column) = place(&r.at, sources);
                RelatedReport {
                    file,
                    record: r.at.record,
                    line,
                    column,
                    kind: Some(r.at.kind.clone()),
                    pointer: mask_text(&r.pointer),
                    message: mask_text(&r.message),
                }
            })
            .collect(),
    }
}
