//! The two phases on the command line: checking writes each record's facts (`--facts FILE`,
//! or `{"facts": ...}` lines in `antom-lint filter`), and `antom-lint correlate FACTS...`
//! runs the cross-message rules over facts from any number of runs.
//!
//! A facts line is `{"at": {"file", "record", "line", "column", "kind"}, "keys": [...],
//! "facts": {...}}`: where the record is, the ids it names (hex digests: facts that share one
//! belong to the same flow, which is how a distributed job groups them), and the facts
//! themselves ([`antom_schema::correlate::Observation`], format
//! [`antom_schema::correlate::FACTS_FORMAT`]). No payload text is in it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::sync::Arc;

use antom_schema::correlate::{Correlator, Observation};
use antom_schema::Severity;
use serde::{Deserialize, Serialize};

use crate::cli::{FailOn, OutputFormat};
use crate::correlate::{self, Loc};
use crate::output::{self, Out};
use crate::summary::Summary;
use crate::Stop;

/// Where a record is, by name: what a facts line carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct At {
    pub file: String,
    pub record: usize,
    pub line: usize,
    pub column: usize,
    pub kind: Option<String>,
}

/// One line of facts.
#[derive(Serialize, Deserialize)]
pub struct FactsLine {
    pub at: At,
    pub keys: Vec<String>,
    pub facts: Observation<At>,
}

impl FactsLine {
    /// The facts of a checked record, located by name (`file` as reports name it, `kinds`
    /// the catalog's ids in catalog order).
    pub fn new(
        observation: Observation<Loc>,
        record: Loc,
        file: &Arc<str>,
        kinds: &[String],
    ) -> FactsLine {
        let keys = observation.keys();
        FactsLine {
            at: record.at(file, kinds),
            keys,
            facts: observation.relocate(|loc: Loc| loc.at(file, kinds)),
        }
    }
}

/// `antom-lint correlate FACTS...`.
pub struct CorrelateArgs<'a> {
    pub files: &'a [PathBuf],
    pub format: OutputFormat,
    pub fail_on: FailOn,
    pub window: usize,
}

/// Reads every facts line, orders them by file name and record number (so the result does
/// not depend on how the facts were grouped or in which order they come), runs the
/// cross-message rules, and writes their findings with a summary (records: 0; add the
/// summaries of the checking runs to get the counts of one run over everything).
pub fn correlate(args: &CorrelateArgs<'_>) -> Result<u8, Stop> {
    let mut lines: Vec<FactsLine> = Vec::new();
    let sources: Vec<PathBuf> = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.to_vec()
    };
    for path in &sources {
        let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
            Box::new(BufReader::new(std::io::stdin().lock()))
        } else {
            let file = std::fs::File::open(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Box::new(BufReader::new(file))
        };
        for (n, line) in reader.lines().enumerate() {
            let line = line.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let facts: FactsLine = serde_json::from_str(&line).map_err(|e| {
                format!(
                    "{} line {}: not a facts line of {}: {e}",
                    path.display(),
                    n + 1,
                    antom_schema::correlate::FACTS_FORMAT
                )
            })?;
            lines.push(facts);
        }
    }
    lines.sort_by(|a, b| (&a.at.file, a.at.record).cmp(&(&b.at.file, b.at.record)));

    // Only the kind ids are needed here: the catalog, not a validator (whose schemas and
    // registries take a while to build).
    let catalog = antom_schema::catalog::embedded().map_err(|e| format!("internal error: {e}"))?;
    let kinds: Vec<String> = catalog.kinds().iter().map(|k| k.id.clone()).collect();
    let mut files: Vec<Arc<str>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut state: Correlator<Loc> = Correlator::with_window(args.window);
    let mut linked = Vec::new();
    for line in lines {
        // Every place a line's facts point at is in its own record, so in its file.
        let file = *index.entry(line.at.file.clone()).or_insert_with(|| {
            files.push(line.at.file.as_str().into());
            files.len() - 1
        });
        let facts = line.facts.relocate(|at: At| {
            let kind = at
                .kind
                .as_deref()
                .and_then(|k| kinds.iter().position(|c| c == k))
                .unwrap_or(0);
            Loc::new(file, kind, at.record, at.line, at.column)
        });
        linked.extend(state.apply(facts));
    }
    linked.extend(state.finish());

    let names = correlate::Names::new(files, kinds);
    let mut out = Out::new(std::io::BufWriter::new(std::io::stdout().lock()));
    let mut summary = Summary::new();
    let mut worst = None;
    let human = output::Human { color: false };
    let mut sarif = match args.format {
        OutputFormat::Sarif => Some(output::Sarif::start(&mut out).map_err(Stop::write)?),
        _ => None,
    };
    let io = Stop::write;
    for l in linked {
        let r = correlate::report(&names, l);
        summary.add_report(&r);
        worst = worst.max(Some(r.severity));
        match args.format {
            OutputFormat::Human => human.report(&mut out, &r).map_err(io)?,
            OutputFormat::Json => output::json_report(&mut out, &r).map_err(io)?,
            OutputFormat::Github => output::github_report(&mut out, &r).map_err(io)?,
            OutputFormat::Sarif => {
                if let Some(s) = &mut sarif {
                    s.result(&mut out, &r).map_err(io)?;
                }
            }
        }
    }
    match args.format {
        OutputFormat::Human => human.summary(&mut out, &summary).map_err(io)?,
        OutputFormat::Json => output::json_summary(&mut out, &summary).map_err(io)?,
        OutputFormat::Sarif => {
            if let Some(s) = sarif {
                s.finish(&mut out, &summary).map_err(io)?;
            }
        }
        OutputFormat::Github => {}
    }
    out.flush().map_err(io)?;
    let fail_on = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    Ok(u8::from(worst.is_some_and(|w| w >= fail_on)))
}

/// Where `--facts` or `filter` writes facts lines.
pub enum FactsOut {
    /// A file of its own (`--facts FILE`).
    File(std::io::BufWriter<std::fs::File>),
    /// Interleaved with the findings on standard output, as `{"facts": ...}` (`filter`).
    Inline,
}

impl FactsOut {
    pub fn create(path: &std::path::Path) -> Result<FactsOut, Stop> {
        let file = std::fs::File::create(path)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(FactsOut::File(std::io::BufWriter::new(file)))
    }

    /// Writes one record's facts (nothing for a record that tells the rules nothing).
    pub fn write<W: Write>(
        &mut self,
        out: &mut Out<W>,
        (record, observation): (Loc, Observation<Loc>),
        file: &Arc<str>,
        kinds: &[String],
    ) -> Result<(), Stop> {
        if observation.is_empty() {
            return Ok(());
        }
        let line = FactsLine::new(observation, record, file, kinds);
        let text = serde_json::to_string(&line).map_err(|e| format!("internal error: {e}"))?;
        match self {
            FactsOut::File(w) => {
                writeln!(w, "{text}").map_err(|e| format!("cannot write the facts: {e}"))?
            }
            FactsOut::Inline => out
                .raw_line(&format!("{{\"facts\":{text}}}"))
                .map_err(Stop::write)?,
        }
        Ok(())
    }

    pub fn finish(self) -> Result<(), Stop> {
        if let FactsOut::File(mut w) = self {
            w.flush()
                .map_err(|e| format!("cannot write the facts: {e}"))?;
        }
        Ok(())
    }
}
