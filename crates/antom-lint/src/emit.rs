//! Writing results in input order: the cross-message rules, severity overrides and known
//! entries, counting, the chosen output format, and the progress line.

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use antom_schema::mask::mask_text;
use antom_schema::Severity;

use crate::check::{Checked, Report};
use crate::cli::OutputFormat;
use crate::config::{self, Severities};
use crate::correlate;
use crate::input::Job;
use crate::output::{self, Out};
use crate::phases::FactsOut;
use crate::summary::Summary;
use crate::Stop;

/// Writes results in order: counting, the cross-message rules, the chosen format.
pub(crate) struct Emitter<'a, W: Write> {
    pub(crate) out: Out<std::io::BufWriter<W>>,
    pub(crate) sink: Sink<'a>,
    pub(crate) cross: correlate::Cross,
    pub(crate) progress: Progress,
    pub(crate) facts: Option<FactsOut>,
    /// The catalog's kind ids in catalog order.
    pub(crate) kinds: Vec<String>,
}

impl<W: Write> Emitter<'_, W> {
    pub(crate) fn accept(&mut self, job: &Job, checked: Vec<Checked>) -> Result<(), Stop> {
        let file: Arc<str> = job.origin.masked.clone();
        for mut c in checked {
            self.sink.summary.add_record(c.kind.as_deref());
            let mut reports = std::mem::take(&mut c.reports);
            reports.extend(self.cross.observe(&file, job.input, &mut c));
            self.sink.emit(&mut self.out, reports)?;
            if let (Some(facts), Some(observation)) = (&mut self.facts, c.observation.take()) {
                facts.write(&mut self.out, observation, &file, &self.kinds)?;
            }
        }
        self.progress.tick(self.sink.summary.records);
        Ok(())
    }
}

/// A line on standard error that says how far a long run has got (human output to a
/// terminal only).
pub(crate) struct Progress {
    pub(crate) enabled: bool,
    pub(crate) started: Instant,
    pub(crate) last: Instant,
    pub(crate) shown: bool,
}

impl Progress {
    pub(crate) fn new(enabled: bool) -> Progress {
        let now = Instant::now();
        Progress {
            enabled,
            started: now,
            last: now,
            shown: false,
        }
    }

    pub(crate) fn tick(&mut self, records: usize) {
        if !self.enabled || self.last.elapsed() < Duration::from_millis(250) {
            return;
        }
        self.last = Instant::now();
        if self.started.elapsed() < Duration::from_secs(1) {
            return;
        }
        self.shown = true;
        let rate = records as f64 / self.started.elapsed().as_secs_f64();
        let _ = write!(
            std::io::stderr(),
            "\r\x1b[Kantom-lint: {records} records checked ({rate:.0}/s)"
        );
    }

    pub(crate) fn clear(&mut self) {
        if self.shown {
            let _ = write!(std::io::stderr(), "\r\x1b[K");
            self.shown = false;
        }
    }
}

/// Where reports go: severity overrides, counting, then the chosen output format.
pub(crate) struct Sink<'a> {
    pub(crate) severities: &'a Severities,
    pub(crate) known: &'a [config::Known],
    /// Which `known` entries matched a finding (an entry that never matches is stale).
    pub(crate) known_used: Vec<bool>,
    pub(crate) format: OutputFormat,
    pub(crate) human: &'a output::Human,
    pub(crate) summary: Summary,
    pub(crate) worst: Option<Severity>,
    /// The SARIF log being written (results go out as they come).
    pub(crate) sarif: Option<output::Sarif>,
    /// Each finding as `{"finding": ...}` (`filter`).
    pub(crate) wrap: bool,
}

impl Sink<'_> {
    pub(crate) fn emit<W: Write>(
        &mut self,
        out: &mut Out<W>,
        reports: Vec<Report>,
    ) -> Result<(), Stop> {
        let io = Stop::write;
        for mut r in reports {
            let Some(severity) = self.severities.resolve(r.rule.id, r.severity) else {
                continue;
            };
            r.severity = severity;
            if let Some(i) = self
                .known
                .iter()
                .position(|k| k.matches(&r.file, r.rule.id, &r.pointer))
            {
                self.known_used[i] = true;
                r.severity = Severity::Note;
                r.message = format!(
                    "{} (known: {})",
                    r.message,
                    mask_text(&self.known[i].reason)
                );
            }
            self.summary.add_report(&r);
            self.worst = self.worst.max(Some(r.severity));
            match self.format {
                OutputFormat::Human => self.human.report(out, &r).map_err(io)?,
                OutputFormat::Json if self.wrap => output::json_finding(out, &r).map_err(io)?,
                OutputFormat::Json => output::json_report(out, &r).map_err(io)?,
                OutputFormat::Github => output::github_report(out, &r).map_err(io)?,
                OutputFormat::Sarif => {
                    if self.sarif.is_none() {
                        self.sarif = Some(output::Sarif::start(out).map_err(io)?);
                    }
                    if let Some(sarif) = &mut self.sarif {
                        sarif.result(out, &r).map_err(io)?;
                    }
                }
            }
        }
        Ok(())
    }
}
