//! The README's main command: `antom-lint` over Antom's documented samples with the corpus's
//! own configuration. Every finding the pages cause is a recorded, known defect (a note);
//! anything else fails. Also the `[[known]]` mechanism itself.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn documented_samples_lint_clean_with_their_known_defects() {
    let out = Command::cargo_bin("antom-lint")
        .unwrap()
        .current_dir(workspace())
        .args([
            "--config",
            "conformance/samples/antom-lint.toml",
            "conformance/samples/",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let lines = json_lines(&out.stdout);
    let summary = &lines.last().expect("summary line")["summary"];
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every message sample of the manifest is a record (fragments are excluded by the config).
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace().join("conformance/samples/manifest.json")).unwrap(),
    )
    .unwrap();
    let messages = manifest["samples"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| !s["kind"].is_null())
        .count();
    assert_eq!(summary["records"], messages, "{summary}");
    assert!(
        summary["by_severity"].get("error").is_none_or(|n| n == 0),
        "{summary}"
    );
    assert!(
        summary["by_severity"].get("warning").is_none_or(|n| n == 0),
        "{summary}"
    );
    let notes: Vec<&Value> = lines
        .iter()
        .filter(|l| {
            l["severity"] == "note" && l["message"].as_str().unwrap_or("").contains("(known: ")
        })
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n["pointer"] == "/orderCodeForm/expireTime"),
        "the masked expireTime is reported as a known defect"
    );
    assert!(
        notes
            .iter()
            .any(|n| n["pointer"] == "/paymentResultInfo/threeDSResult/caav"),
        "caav is reported as a known defect"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "no stale known entries: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn known_entries_turn_findings_into_notes_and_stale_ones_are_reported() {
    let dir = std::env::temp_dir().join(format!("antom-lint-known-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("pay.response.masked.json"),
        r#"{"result": {"resultCode": "SUCCESS", "resultStatus": "S"}, "paymentCreateTime": "***"}"#,
    )
    .unwrap();
    let config = dir.join("antom-lint.toml");
    let run = |toml: &str| {
        std::fs::write(&config, toml).unwrap();
        Command::cargo_bin("antom-lint")
            .unwrap()
            .current_dir(&dir)
            .args(["pay.response.masked.json", "--format", "json"])
            .output()
            .unwrap()
    };
    let plain = run("");
    assert_eq!(
        plain.status.code(),
        Some(1),
        "an invalid date-time is an error"
    );
    let known = run("[[known]]\nfile = \"pay.response.masked.json\"\nrule = \"schema/format\"\npointer = \"/paymentCreateTime\"\nreason = \"masked on purpose\"\n");
    assert_eq!(known.status.code(), Some(0));
    let lines = json_lines(&known.stdout);
    assert_eq!(lines[0]["severity"], "note");
    assert!(lines[0]["message"]
        .as_str()
        .unwrap()
        .ends_with("(known: masked on purpose)"));
    let stale = run("[[known]]\nfile = \"pay.response.masked.json\"\nrule = \"schema/format\"\npointer = \"/elsewhere\"\nreason = \"x\"\n");
    assert_eq!(stale.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stale.stderr).contains("did not occur"));
    std::fs::remove_dir_all(&dir).ok();
}
