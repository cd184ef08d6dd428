//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::signatures::KeyFile;

/// Lint captured Antom Checkout Payment payloads (requests, responses, notifications)
/// against the API's JSON Schemas.
///
/// Reads files, directories (recursively) or standard input (no path, or `-`). Each input is
/// a single JSON payload, NDJSON (one payload or envelope per line) or a HAR 1.2 capture,
/// detected from the content unless --input says. Exit status: 0 clean, 1 findings at or
/// above --fail-on, 2 usage error or unreadable input.
#[derive(Debug, Parser)]
#[command(name = "antom-lint", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub lint: LintArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every rule: id, default severity, summary and the page it comes from.
    Rules {
        /// `human` (default), or `markdown`: the table of the README.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
    /// Print the documentation of one rule, or what a result code means.
    Explain {
        /// Rule id (e.g. unknown-field) or result code (e.g. PAYMENT_IN_PROCESS, any case).
        #[arg(value_name = "RULE_OR_CODE")]
        rule: String,
    },
    /// List every result code Antom documents: code, status and the APIs whose table lists it.
    Codes {
        /// Only the codes of this API's table (pay, capture, notifyPayment, ...).
        #[arg(long)]
        api: Option<String>,
    },
    /// Run the cross-message rules over facts written by `--facts` or `filter` (files, or `-`
    /// for standard input), in any order or grouping: they are ordered by file name and
    /// record number first. Prints the cross-message findings and a summary (records: 0).
    Correlate {
        /// Facts files (NDJSON); none or `-` reads standard input.
        #[arg(value_name = "FACTS")]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
        format: OutputFormat,
        /// Lowest severity that makes the exit status 1.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Payments the cross-message state follows at once (see the main command).
        #[arg(long, value_name = "PAYMENTS", value_parser = clap::value_parser!(u32).range(1..))]
        correlate_window: Option<u32>,
    },
    /// For pipes and data engines: NDJSON records on standard input; on standard output, in
    /// input order, one `{"finding": ...}` line per finding and one `{"facts": ...}` line per
    /// record the cross-message rules need (for `correlate`), then `{"summary": ...}`. Exit
    /// status 0 whatever the findings; 2 only when the input cannot be read.
    Filter {
        /// What findings call the input (default `<stdin>`); also a hint for kinds.
        #[arg(long)]
        name: Option<String>,
        /// Message kind of every record (as for the main command).
        #[arg(long)]
        kind: Option<String>,
        /// Largest record read (as for the main command).
        #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
        max_record_size: usize,
    },
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Files or directories to read; `-` or nothing reads standard input.
    pub paths: Vec<PathBuf>,

    /// Input format; detected from the content (and the .ndjson/.jsonl/.har extensions) when absent.
    #[arg(long, value_enum)]
    pub input: Option<InputFormat>,

    /// Message kind of every payload (a catalog id such as pay.request), overriding envelopes,
    /// HAR URLs, file names and inference.
    #[arg(long)]
    pub kind: Option<String>,

    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,

    /// Lowest severity that makes the exit status 1.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Report RULE as a warning (repeatable; `schema/*` names a whole family).
    #[arg(long, value_name = "RULE")]
    pub warn: Vec<String>,

    /// Report RULE as an error (repeatable).
    #[arg(long, value_name = "RULE")]
    pub deny: Vec<String>,

    /// Do not report RULE at all (repeatable).
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,

    /// Only read files matching this glob when walking directories (repeatable; default:
    /// *.json, *.ndjson, *.jsonl, *.har).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// Skip files and directories matching this glob when walking directories (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Which records the cross-message rules compare: all records of the run (default),
    /// only records of the same file, or none.
    #[arg(long, value_enum)]
    pub correlate: Option<Correlate>,

    /// How many payments the cross-message state follows at once: after this many new
    /// payments the oldest are forgotten, keeping memory bounded on captures of any size
    /// (two generations of this many, about 0.6 KB per payment; default 25000).
    #[arg(long, value_name = "PAYMENTS", value_parser = clap::value_parser!(u32).range(1..))]
    pub correlate_window: Option<u32>,

    /// Write each record's facts (what the cross-message rules compare) to FILE as NDJSON,
    /// for `antom-lint correlate`, instead of running the cross-message rules here.
    #[arg(long, value_name = "FILE")]
    pub facts: Option<PathBuf>,

    /// Antom's public key (bare base64 or PEM), to verify the signatures of the responses and
    /// notifications captured with their headers (HAR entries, NDJSON envelopes with
    /// `headers`). `FILE` is the default key, `VERSION=FILE` the key of a keyVersion
    /// (repeatable). Replaces the keys of the configuration's [signatures] table.
    #[arg(long, value_name = "[VERSION=]FILE", value_parser = parse_key_file)]
    pub antom_public_key: Vec<KeyFile>,

    /// The merchant's own public key, to verify the signatures of its requests to Antom (as
    /// --antom-public-key).
    #[arg(long, value_name = "[VERSION=]FILE", value_parser = parse_key_file)]
    pub merchant_public_key: Vec<KeyFile>,

    /// Configuration file; by default `antom-lint.toml` is searched from the current
    /// directory upwards.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore any configuration file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

    /// Worker threads checking records (default: one per core). Output order does not
    /// depend on it.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Largest record read (an NDJSON line, or a whole JSON or HAR file), in bytes with an
    /// optional K, M or G suffix (powers of 1024); larger records are reported and skipped.
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
    pub max_record_size: usize,

    /// Colors in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// One JSON payload (or envelope) per file.
    Json,
    /// One JSON payload or envelope per line.
    Ndjson,
    /// HTTP Archive 1.2.
    Har,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// Readable, with the offending line and a caret.
    Human,
    /// JSON lines: one object per finding, then a summary object.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// How `antom-lint rules` lists the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// Aligned text, with each rule's source page.
    Human,
    /// A Markdown table (what the README shows between its `rules` markers).
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Errors fail the run.
    Error,
    /// Warnings and errors fail the run.
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Correlate {
    /// Every record of the run together (a HAR, NDJSON files, a whole directory).
    Run,
    /// The records of each file separately.
    File,
    /// No cross-message rules.
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// `FILE` or `VERSION=FILE`.
fn parse_key_file(text: &str) -> Result<KeyFile, String> {
    KeyFile::parse_flag(text)
}

/// `123`, `64K`, `16M`, `1G` (powers of 1024; a trailing `B` or `iB` is accepted).
pub fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let t = t
        .strip_suffix("iB")
        .or_else(|| t.strip_suffix('B'))
        .unwrap_or(t);
    let (digits, unit) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&t[..i], c.to_ascii_uppercase()),
        _ => (t, ' '),
    };
    let shift = match unit {
        ' ' => 0,
        'K' => 10,
        'M' => 20,
        'G' => 30,
        _ => return Err(format!("unknown size unit in `{text}` (use K, M or G)")),
    };
    let n: usize = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a size (e.g. 16M)"))?;
    n.checked_mul(1 << shift)
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{text}` is not a usable size"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes() {
        use super::parse_size;
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("2KiB"), Ok(2048));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("0").is_err() && parse_size("x").is_err() && parse_size("3T").is_err());
    }
}
