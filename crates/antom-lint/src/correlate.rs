//! The cross-message rules in a run: feeds every checked record to an
//! [`antom_schema::correlate::Correlator`] and turns what it finds into reports that point at
//! both records.
//!
//! Only a location (file name, record number, line, column, kind) is kept per fact, never a
//! payload; see the library module for what is kept per payment.

use std::collections::HashMap;
use std::sync::Arc;

use antom_schema::correlate::{Correlator, Linked};
use antom_schema::mask::mask_text;

use crate::check::{Checked, RelatedReport, Report};
use crate::cli::Correlate;

/// Where a value sits: which input and kind (indices into the run's inputs and the
/// catalog), which record, which line and column. 24 bytes, no allocation: the correlator
/// keeps several per payment. Numbers beyond 4,294,967,295 are shown as that number.
#[derive(Debug, Clone, Copy)]
pub struct Loc {
    record: u64,
    line: u32,
    column: u32,
    file: u32,
    kind: u16,
}

fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Loc {
    /// Record `record` of input `input`, checked as catalog kind number `kind`.
    pub fn new(input: usize, kind: usize, record: usize, line: usize, column: usize) -> Loc {
        Loc {
            record: record as u64,
            line: narrow(line),
            column: narrow(column),
            file: narrow(input),
            kind: u16::try_from(kind).unwrap_or(u16::MAX),
        }
    }
}

impl Loc {
    /// The same place by name: the file as reports name it, the kind's id.
    pub fn at(&self, file: &Arc<str>, kinds: &[String]) -> crate::phases::At {
        crate::phases::At {
            file: file.to_string(),
            record: self.record as usize,
            line: self.line as usize,
            column: self.column as usize,
            kind: kinds.get(usize::from(self.kind)).cloned(),
        }
    }
}

/// Names a [`Loc`] refers to by index.
pub struct Names {
    /// Masked names of the inputs seen, by input index.
    files: HashMap<u32, Arc<str>>,
    /// Catalog kind ids, in catalog order.
    kinds: Vec<String>,
}

/// Cross-message state of a run.
pub struct Cross {
    mode: Correlate,
    state: Correlator<Loc>,
    current: Option<usize>,
    names: Names,
}

impl Cross {
    /// `kinds`: the catalog's kind ids in catalog order (what [`Loc::new`] counts in).
    pub fn new(mode: Correlate, window: usize, kinds: Vec<String>) -> Cross {
        Cross {
            mode,
            state: Correlator::with_window(window),
            current: None,
            names: Names {
                files: HashMap::new(),
                kinds,
            },
        }
    }

    /// Feeds one checked record of input `index` (named `file`, masked); returns the
    /// cross-message findings it completes (with `--correlate file`, also those that close
    /// the previous file).
    pub fn observe(&mut self, file: &Arc<str>, index: usize, checked: &mut Checked) -> Vec<Report> {
        let mut out = Vec::new();
        if self.mode == Correlate::Off {
            return out;
        }
        if self.mode == Correlate::File && self.current.is_some_and(|c| c != index) {
            let window = self.state.window();
            let done = std::mem::replace(&mut self.state, Correlator::with_window(window));
            out.extend(done.finish().into_iter().map(|l| report(&self.names, l)));
        }
        self.current = Some(index);
        self.names
            .files
            .entry(narrow(index))
            .or_insert_with(|| file.clone());
        if let Some((_, observation)) = checked.observation.take() {
            let linked = self.state.apply(observation);
            out.extend(linked.into_iter().map(|l| report(&self.names, l)));
        }
        out
    }

    /// The findings that need the whole run (or the last file).
    pub fn finish(self) -> Vec<Report> {
        if self.mode == Correlate::Off {
            return Vec::new();
        }
        let names = self.names;
        self.state
            .finish()
            .into_iter()
            .map(|l| report(&names, l))
            .collect()
    }
}

impl Names {
    /// `files` by input index, `kinds` the catalog's ids in catalog order.
    pub fn new(files: Vec<Arc<str>>, kinds: Vec<String>) -> Names {
        Names {
            files: files
                .into_iter()
                .enumerate()
                .map(|(i, f)| (narrow(i), f))
                .collect(),
            kinds,
        }
    }
}

/// A cross-message finding as a report that names both records.
pub fn report(names: &Names, linked: Linked<Loc>) -> Report {
    let file = |at: &Loc| {
        names
            .files
            .get(&at.file)
            .map_or_else(String::new, |f| f.to_string())
    };
    let kind = |at: &Loc| names.kinds.get(usize::from(at.kind)).cloned();
    let at = &linked.at;
    let f = linked.finding;
    Report {
        related: linked
            .related
            .into_iter()
            .map(|r| RelatedReport {
                file: file(&r.at),
                record: r.at.record as usize,
                line: r.at.line as usize,
                column: r.at.column as usize,
                kind: kind(&r.at),
                pointer: mask_text(&r.pointer),
                message: mask_text(&r.message),
            })
            .collect(),
        ..Report::masked(
            &f,
            file(at),
            at.record as usize,
            (at.line as usize, at.column as usize),
            kind(at),
        )
    }
}
