//! `antom-lint`: checks captured Antom Checkout Payment payloads against the schemas.
//!
//! The binary is [`main`]; the library part also exposes [`harness`], the entry points of
//! the fuzz targets (kept here so that `cargo test` builds and runs them).

mod check;
mod cli;
mod config;
mod correlate;
mod describe;
pub mod harness;
mod input;
mod output;
mod records;
mod run;
mod summary;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

/// The `antom-lint` command: parses the arguments, runs, and gives the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Rules { format }) => run::write_listing(&describe::rules(*format)),
        Some(Command::Explain { rule }) => match antom_schema::rules::by_id(rule) {
            Some(rule) => run::write_listing(&describe::explain(rule)),
            None => run::explain_code(rule),
        },
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
