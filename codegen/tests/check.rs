//! The checked-in `generated.rs` is what the schemas give, `--check` notices when it is not, and
//! the output does not depend on anything but the schemas.

use std::path::{Path, PathBuf};

mod common;
use common::{codegen, scratch};

fn generated() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/antom-types/src/generated.rs")
}

#[test]
fn checked_in_file_is_fresh() {
    let out = codegen(&["--check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn check_fails_on_an_edited_file() {
    let copy = scratch("edited.rs");
    let mut text = std::fs::read_to_string(generated()).unwrap();
    text = text.replacen(
        "pub struct PayRequest {",
        "pub struct PayRequest {\n    pub edited: bool,",
        1,
    );
    std::fs::write(&copy, &text).unwrap();
    let out = codegen(&["--check", "--out", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("edited.rs is stale"), "{stderr}");
    assert!(stderr.contains("cargo run -p antom-codegen"), "{stderr}");
    // The file was only compared, not rewritten.
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), text);
}

#[test]
fn output_is_deterministic() {
    let first = scratch("first.rs");
    let second = scratch("second.rs");
    for path in [&first, &second] {
        let _ = std::fs::remove_file(path);
        let out = codegen(&["--out", path.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let first = std::fs::read(first).unwrap();
    assert_eq!(first, std::fs::read(second).unwrap());
    assert_eq!(first, std::fs::read(generated()).unwrap());
}

#[test]
fn unknown_keyword_is_refused() {
    let dir = scratch("schema");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema"),
        &dir,
    );
    let amount = dir.join("defs/Amount.schema.json");
    let text = std::fs::read_to_string(&amount).unwrap();
    std::fs::write(
        &amount,
        text.replacen(
            "\"type\": \"object\",",
            "\"type\": \"object\", \"oneOf\": [],",
            1,
        ),
    )
    .unwrap();
    let out = codegen(&[
        "--check",
        "--schema",
        dir.to_str().unwrap(),
        "--out",
        scratch("unused.rs").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Amount.schema.json") && stderr.contains("`oneOf`"),
        "{stderr}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
