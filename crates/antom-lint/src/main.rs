//! `antom-lint`: checks captured Antom Checkout Payment payloads against the schemas.

mod check;
mod cli;
mod config;
mod correlate;
mod input;
mod output;
mod records;
mod summary;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use antom_schema::mask::mask_text;
use antom_schema::rules::{self, RULES};
use antom_schema::{Severity, Validator};
use clap::Parser;

use crate::check::Report;
use crate::cli::{Cli, Color, Command, Correlate, FailOn, LintArgs, OutputFormat};
use crate::config::Severities;
use crate::output::Out;
use crate::summary::Summary;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Rules) => list_rules(),
        Some(Command::Explain { rule }) => explain(rule),
        None => lint(&cli.lint),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            let _ = writeln!(
                std::io::stderr(),
                "antom-lint: {}",
                antom_schema::mask::mask_text(&message)
            );
            ExitCode::from(2)
        }
    }
}

fn list_rules() -> Result<u8, String> {
    let mut out = Out::new(std::io::stdout().lock());
    let width = RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in RULES {
        let sev = match r.lenient {
            Some(l) if l != r.severity => format!("{}/{}", r.severity, l),
            _ => r.severity.to_string(),
        };
        out.line(&format!("{:width$}  {:13}  {}", r.id, sev, r.summary))
            .map_err(|e| e.to_string())?;
        out.line(&format!("{:width$}  {:13}  source: {}", "", "", r.source))
            .map_err(|e| e.to_string())?;
    }
    out.line(
        "\nSeverity a/b: a in requests and acknowledgements, b in responses and notifications.",
    )
    .map_err(|e| e.to_string())?;
    Ok(0)
}

fn explain(id: &str) -> Result<u8, String> {
    let rule = rules::rule(id)
        .ok_or_else(|| format!("unknown rule `{id}` (run `antom-lint rules` for the list)"))?;
    let mut out = Out::new(std::io::stdout().lock());
    let text = format!(
        "{}\n\n{}\n\nDefault severity: {}\nSource: {}\n\n{}",
        rule.id,
        rule.summary,
        rule.severity_text(),
        rule.source,
        rule.doc
    );
    out.line(&text).map_err(|e| e.to_string())?;
    Ok(0)
}

fn lint(args: &LintArgs) -> Result<u8, String> {
    // Configuration: the file, then flags.
    let config_path = if args.no_config {
        None
    } else if let Some(p) = &args.config {
        Some(p.clone())
    } else {
        std::env::current_dir()
            .ok()
            .and_then(|d| config::discover(&d))
    };
    let config = match &config_path {
        Some(p) => config::load(p)?,
        None => config::ConfigFile::default(),
    };
    let mut severities = Severities::default();
    severities.apply_config(&config)?;
    for r in &args.allow {
        severities.set(r, None)?;
    }
    for r in &args.warn {
        severities.set(r, Some(Severity::Warning))?;
    }
    for r in &args.deny {
        severities.set(r, Some(Severity::Error))?;
    }
    let format = args.format.or(config.format).unwrap_or(OutputFormat::Human);
    let fail_on = match args.fail_on.or(config.fail_on).unwrap_or(FailOn::Error) {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
    };
    let include = if args.include.is_empty() {
        &config.include
    } else {
        &args.include
    };
    let exclude: Vec<String> = config
        .exclude
        .iter()
        .chain(&args.exclude)
        .cloned()
        .collect();
    let filters = input::Filters::new(include, &exclude)?;

    let validator = Validator::new().map_err(|e| format!("internal error: {e}"))?;
    if let Some(kind) = &args.kind {
        if validator.catalog().get(kind).is_none() {
            let ids: Vec<&str> = validator
                .catalog()
                .kinds()
                .iter()
                .map(|k| k.id.as_str())
                .collect();
            return Err(format!(
                "unknown kind `{kind}`; known kinds: {}",
                ids.join(", ")
            ));
        }
    }

    let (sources, read_errors) = input::read_all(&args.paths, &filters);
    for e in &read_errors {
        let _ = writeln!(
            std::io::stderr(),
            "antom-lint: {}",
            antom_schema::mask::mask_text(e)
        );
    }

    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let human = output::Human { color };
    let mut out = Out::new(std::io::stdout().lock());
    let io = |e: std::io::Error| format!("cannot write output: {e}");
    let mut sink = Sink {
        severities: &severities,
        known: &config.known,
        known_used: vec![false; config.known.len()],
        format,
        human: &human,
        sources: &sources,
        summary: Summary::new(),
        worst: None,
        sarif: Vec::new(),
    };
    let mode = args
        .correlate
        .or(config.correlate)
        .unwrap_or(Correlate::Run);
    let mut cross = correlate::Cross::new(mode);
    for (index, source) in sources.iter().enumerate() {
        let fmt = records::detect(source, args.input);
        for record in records::split(index, source, fmt, validator.catalog()) {
            let mut checked = check::check(&validator, source, &record, args.kind.as_deref())
                .map_err(|e| format!("internal error: {e}"))?;
            sink.summary.add_record(checked.kind.as_deref());
            let mut reports = std::mem::take(&mut checked.reports);
            reports.sort_by_key(|r| (r.line, r.column));
            reports.extend(cross.observe(&sources, index, &record, &checked));
            sink.emit(&mut out, reports)?;
        }
    }
    sink.emit(&mut out, cross.finish(&sources))?;
    let summary = &sink.summary;
    match format {
        OutputFormat::Human => human.summary(&mut out, summary).map_err(io)?,
        OutputFormat::Json => output::json_summary(&mut out, summary).map_err(io)?,
        OutputFormat::Sarif => output::sarif(&mut out, &sink.sarif, summary).map_err(io)?,
        OutputFormat::Github => {}
    }
    out.flush().map_err(io)?;
    for (known, used) in config.known.iter().zip(&sink.known_used) {
        if !used {
            let _ = writeln!(
                std::io::stderr(),
                "antom-lint: known finding {} at {} in {} did not occur (stale entry in the config?)",
                known.rule,
                known.pointer,
                known.file
            );
        }
    }
    if !read_errors.is_empty() {
        return Ok(2);
    }
    Ok(u8::from(sink.worst.is_some_and(|w| w >= fail_on)))
}

/// Where reports go: severity overrides, counting, then the chosen output format.
struct Sink<'a> {
    severities: &'a Severities,
    known: &'a [config::Known],
    /// Which `known` entries matched a finding (an entry that never matches is stale).
    known_used: Vec<bool>,
    format: OutputFormat,
    human: &'a output::Human,
    sources: &'a [input::Source],
    summary: Summary,
    worst: Option<Severity>,
    /// SARIF is one document: its results are written at the end.
    sarif: Vec<Report>,
}

impl Sink<'_> {
    fn emit<W: Write>(&mut self, out: &mut Out<W>, reports: Vec<Report>) -> Result<(), String> {
        let io = |e: std::io::Error| format!("cannot write output: {e}");
        for mut r in reports {
            let Some(severity) = self.severities.resolve(r.rule, r.severity) else {
                continue;
            };
            r.severity = severity;
            if let Some(i) = self
                .known
                .iter()
                .position(|k| k.matches(&r.file, r.rule, &r.pointer))
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
                OutputFormat::Human => {
                    let source = self.sources.iter().find(|s| mask_text(&s.name) == r.file);
                    self.human.report(out, &r, source).map_err(io)?
                }
                OutputFormat::Json => output::json_report(out, &r).map_err(io)?,
                OutputFormat::Github => output::github_report(out, &r).map_err(io)?,
                OutputFormat::Sarif => self.sarif.push(r),
            }
        }
        Ok(())
    }
}
