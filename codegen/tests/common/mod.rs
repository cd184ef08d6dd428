//! What the generator's integration tests share: running the built binary, and scratch
//! paths under the test target directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `antom-codegen` with these arguments.
pub fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_antom-codegen"))
        .args(args)
        .output()
        .expect("antom-codegen runs")
}

/// A fresh scratch path (file or directory) named `name`: whatever an earlier run left
/// there is removed, the parent exists.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("antom-codegen");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_dir_all(&path);
    let _ = std::fs::remove_file(&path);
    path
}
