//! The cross-message rules in a run: feeds every checked record to an
//! [`antom_schema::correlate::Correlator`] and turns what it finds into reports that point at
//! both records.
//!
//! Only a location (file name, record number, line, column, kind) is kept per fact, never a
//! payload; see the library module for what is kept per payment.

use std::sync::Arc;

use antom_schema::correlate::{Correlator, Linked};
use antom_schema::mask::mask_text;

use crate::check::{Checked, RelatedReport, Report};
use crate::cli::Correlate;

/// Where a value sits: which file, which record, which line and column, which kind.
#[derive(Debug, Clone)]
pub struct Loc {
    file: Arc<str>,
    record: usize,
    line: usize,
    column: usize,
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

    /// Feeds one checked record of input `index` (named `file`, masked); returns the
    /// cross-message findings it completes (with `--correlate file`, also those that close
    /// the previous file).
    pub fn observe(&mut self, file: &Arc<str>, index: usize, checked: &Checked) -> Vec<Report> {
        let mut out = Vec::new();
        if self.mode == Correlate::Off {
            return out;
        }
        if self.mode == Correlate::File && self.current.is_some_and(|c| c != index) {
            let done = std::mem::replace(&mut self.state, Correlator::new());
            out.extend(done.finish().into_iter().map(report));
        }
        self.current = Some(index);
        let (Some(kind), Some(parsed)) = (&checked.kind, &checked.parsed) else {
            return out;
        };
        let locate = |pointer: &str| {
            let (line, column) = parsed.place(pointer);
            Loc {
                file: file.clone(),
                record: checked.record,
                line,
                column,
                kind: kind.clone(),
            }
        };
        let linked = self.state.observe(kind, &parsed.value, locate);
        out.extend(linked.into_iter().map(report));
        out
    }

    /// The findings that need the whole run (or the last file).
    pub fn finish(self) -> Vec<Report> {
        if self.mode == Correlate::Off {
            return Vec::new();
        }
        self.state.finish().into_iter().map(report).collect()
    }
}

fn report(linked: Linked<Loc>) -> Report {
    let at = &linked.at;
    let f = linked.finding;
    Report {
        related: linked
            .related
            .into_iter()
            .map(|r| RelatedReport {
                file: r.at.file.to_string(),
                record: r.at.record,
                line: r.at.line,
                column: r.at.column,
                kind: Some(r.at.kind.clone()),
                pointer: mask_text(&r.pointer),
                message: mask_text(&r.message),
            })
            .collect(),
        ..Report::masked(
            &f,
            at.file.to_string(),
            at.record,
            (at.line, at.column),
            Some(at.kind.clone()),
        )
    }
}
