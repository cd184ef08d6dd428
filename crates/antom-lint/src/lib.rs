//! `antom-lint`: checks captured Antom Checkout Payment payloads against the schemas.
//!
//! The binary is [`main`]; the library part also exposes [`harness`], the entry points of
//! the fuzz targets (kept here so that `cargo test` builds and runs them).

mod check;
mod cli;
mod config;
mod correlate;
mod describe;
mod emit;
pub mod harness;
mod input;
mod output;
mod phases;
mod records;
mod run;
mod signatures;
mod summary;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

/// The `antom-lint` command: parses the arguments, runs, and gives the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Rules { format }) => describe::write_listing(&describe::rules(*format)),
        Some(Command::Explain { rule }) => match antom_schema::rules::by_id(rule) {
            Some(rule) => describe::write_listing(&describe::explain(rule)),
            None => describe::explain_code(rule),
        },
        Some(Command::Codes { api }) => describe::list_codes(api.as_deref()),
        Some(Command::Correlate {
            files,
            format,
            fail_on,
            correlate_window,
        }) => phases::correlate(&phases::CorrelateArgs {
            files,
            format: *format,
            fail_on: *fail_on,
            window: correlate_window
                .map_or(antom_schema::correlate::DEFAULT_WINDOW, |w| w as usize),
        }),
        Some(Command::Filter {
            name,
            kind,
            max_record_size,
        }) => run::filter(name.as_deref(), kind.as_deref(), *max_record_size),
        None => run::lint(&cli.lint),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Stop::OutputClosed) => ExitCode::SUCCESS,
        Err(Stop::Failed(message)) => {
            let _ = writeln!(
                std::io::stderr(),
                "antom-lint: {}",
                antom_schema::mask::mask_text(&message)
            );
            ExitCode::from(2)
        }
    }
}

/// Why a command ends before its normal end.
#[derive(Debug)]
pub(crate) enum Stop {
    /// A usage error, an unreadable configuration, an internal error: said on standard
    /// error, exit status 2.
    Failed(String),
    /// The reader of standard output went away (`antom-lint ... | head -1`): there is no one
    /// left to tell anything, so the command ends quietly with status 0, as ripgrep and the
    /// usual Unix filters do.
    OutputClosed,
}

impl From<String> for Stop {
    fn from(message: String) -> Stop {
        Stop::Failed(message)
    }
}

impl Stop {
    /// A failed write to standard output.
    pub(crate) fn write(e: std::io::Error) -> Stop {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Stop::OutputClosed
        } else {
            Stop::Failed(format!("cannot write output: {e}"))
        }
    }
}
