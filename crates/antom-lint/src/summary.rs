//! Counting records and findings.

use std::collections::BTreeMap;

use antom_schema::Severity;
use serde::Serialize;

use crate::check::Report;

/// Totals of a run.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Records read (every payload, broken ones included).
    pub records: usize,
    /// Records per message kind they were checked as (`unresolved` when none).
    pub by_kind: BTreeMap<String, usize>,
    /// Findings per severity.
    pub by_severity: BTreeMap<&'static str, usize>,
}

impl Summary {
    pub fn new() -> Summary {
        let mut s = Summary::default();
        for sev in [Severity::Error, Severity::Warning, Severity::Note] {
            s.by_severity.insert(sev.as_str(), 0);
        }
        s
    }

    pub fn add_record(&mut self, kind: Option<&str>) {
        self.records += 1;
        *self
            .by_kind
            .entry(kind.unwrap_or("unresolved").to_string())
            .or_default() += 1;
    }

    pub fn add_report(&mut self, report: &Report) {
        *self
            .by_severity
            .entry(report.severity.as_str())
            .or_default() += 1;
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.by_severity
            .get(severity.as_str())
            .copied()
            .unwrap_or(0)
    }
}
