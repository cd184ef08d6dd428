//! `antom-lint`: checks captured Antom Checkout Payment payloads against the schemas.
//!
//! The binary is [`main`]; the library part also exposes [`harness`], the entry points of
//! the fuzz targets (kept here so that `cargo test` builds and runs them).

mod check;
mod cli;
mod config;
mod correlate;
pub mod harness;
mod input;
mod output;
mod records;
mod run;
mod summary;

use std::io::Write;
use std::process::ExitCode;

use antom_schema::rules::{self, RULES};
use clap::Parser;

use crate::cli::{Cli, Command};
use crate::output::Out;

/// The `antom-lint` command: parses the arguments, runs, and gives the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Rules) => list_rules(),
        Some(Command::Explain { rule }) => explain(rule),
        Some(Command::Codes { api }) => run::list_codes(api.as_deref()),
        None => run::lint(&cli.lint),
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
    let Some(rule) = rules::rule(id) else {
        return run::explain_code(id);
    };
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
