//! Helpers shared by the integration tests that run the built `antom-lint` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// `tests/fixtures/`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The linter, run in the fixtures directory without any configuration file.
pub fn lint(args: &[&str]) -> Output {
    Command::cargo_bin("antom-lint")
        .expect("binary built")
        .current_dir(fixtures())
        .arg("--no-config")
        .args(args)
        .output()
        .expect("runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard output and standard error together.
pub fn all_output(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// JSON lines output: (findings, summary).
pub fn json_lines(o: &Output) -> (Vec<Value>, Value) {
    let mut lines: Vec<Value> = stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let summary = lines.pop().expect("a summary line");
    (lines, summary["summary"].clone())
}
