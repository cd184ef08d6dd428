//! Hostile inputs: each is reported (or found clean), the run goes on, the exit status is 0
//! or 1 (never a crash), and the summary counts every record.
//!
//! Small inputs are committed under `tests/hostile/`; the huge ones are made here.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("antom-lint-hostile");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn lint(args: &[&str]) -> Output {
    Command::cargo_bin("antom-lint")
        .unwrap()
        .current_dir(corpus())
        .args(["--no-config", "--format", "json"])
        .args(args)
        .output()
        .unwrap()
}

/// Runs the linter and checks what every hostile input must give: status 0 or 1, no panic,
/// the expected record count. Returns the findings.
fn survives(args: &[&str], records: u64) -> Vec<Value> {
    let o = lint(args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{args:?}: status {:?}, stderr {stderr}",
        o.status
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON lines"))
        .collect();
    let (summary, findings) = lines.split_last().expect("a summary");
    assert_eq!(
        summary["summary"]["records"], records,
        "{args:?}: {summary}"
    );
    findings.to_vec()
}

fn rules(findings: &[Value]) -> Vec<&str> {
    findings.iter().filter_map(|f| f["rule"].as_str()).collect()
}

#[test]
fn nesting_100000_deep() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let file = scratch("deep.json");
    std::fs::write(&file, &deep).unwrap();
    let f = survives(&[file.to_str().unwrap()], 1);
    assert!(rules(&f).contains(&"malformed-json"), "{f:?}");
    // The same as an envelope body on NDJSON lines, objects this time, and unclosed.
    let body = "{\"a\":".repeat(100_000);
    let text = format!(
        "{{\"kind\":\"pay.request\",\"body\":{body}1{}}}\n{body}\n",
        "}".repeat(100_000)
    );
    let file = scratch("deep.ndjson");
    std::fs::write(&file, text).unwrap();
    let f = survives(&[file.to_str().unwrap()], 2);
    assert_eq!(rules(&f), ["malformed-json", "malformed-json"], "{f:?}");
}

#[test]
fn string_of_100_mb() {
    let mut text = String::with_capacity(101 << 20);
    text.push_str("{\"kind\":\"notification.ack\",\"body\":{\"result\":{\"resultCode\":\"");
    text.push_str(&"x".repeat(100 << 20));
    text.push_str("\",\"resultStatus\":\"S\"}}}\n");
    let file = scratch("huge-string.ndjson");
    std::fs::write(&file, &text).unwrap();
    // Over the default maximum: reported, skipped, counted.
    let f = survives(&[file.to_str().unwrap()], 1);
    assert_eq!(rules(&f), ["record-too-large"], "{f:?}");
    // Under a raised maximum: checked (the code is longer than the schema allows).
    let f = survives(&["--max-record-size", "200M", file.to_str().unwrap()], 1);
    assert!(!rules(&f).contains(&"record-too-large"), "{f:?}");
    assert!(!f.is_empty());
    let file = scratch("huge-string.json");
    std::fs::write(&file, text.trim_end()).unwrap();
    let f = survives(&[file.to_str().unwrap()], 1);
    assert_eq!(rules(&f), ["record-too-large"], "{f:?}");
}

#[test]
fn records_over_the_maximum_are_skipped_and_counted() {
    let line = format!(
        "{{\"kind\":\"notification.ack\",\"body\":{{\"result\":{{\"resultCode\":\"{}\",\"resultStatus\":\"S\"}}}}}}",
        "y".repeat(5000)
    );
    let ok = "{\"kind\":\"notification.ack\",\"body\":{\"result\":{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"success\"}}}";
    let file = scratch("mixed-sizes.ndjson");
    std::fs::write(&file, format!("{ok}\n{line}\n{ok}\n{line}")).unwrap();
    let f = survives(&["--max-record-size", "4K", file.to_str().unwrap()], 4);
    let too_large: Vec<_> = f
        .iter()
        .filter(|f| f["rule"] == "record-too-large")
        .map(|f| (f["record"].as_u64(), f["line"].as_u64()))
        .collect();
    assert_eq!(too_large, [(Some(2), Some(2)), (Some(4), Some(4))]);
    // Standard input, no extension: the format is found from the first line.
    let o = Command::cargo_bin("antom-lint")
        .unwrap()
        .args([
            "--no-config",
            "--format",
            "json",
            "--max-record-size",
            "4K",
            "-",
        ])
        .write_stdin(format!("{ok}\n{line}\n{ok}\n"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("\"records\":3"));
}

#[test]
fn numbers_out_of_range_and_negative_zero() {
    let f = survives(&["numbers.ndjson"], 3);
    // serde_json refuses 1e400 (out of range) and keeps -0 and -1e-400 (as -0.0).
    assert_eq!(
        f.iter()
            .filter(|f| f["rule"] == "malformed-json")
            .map(|f| f["record"].as_u64())
            .collect::<Vec<_>>(),
        [Some(1)]
    );
}

#[test]
fn nan_and_infinity_literals() {
    let f = survives(&["nan-infinity.ndjson"], 3);
    assert_eq!(
        rules(&f).iter().filter(|r| **r == "malformed-json").count(),
        3
    );
}

#[test]
fn lone_surrogates() {
    let f = survives(&["lone-surrogates.ndjson"], 3);
    assert_eq!(
        rules(&f).iter().filter(|r| **r == "malformed-json").count(),
        3,
        "{f:?}"
    );
}

#[test]
fn invalid_utf8() {
    let f = survives(&["invalid-utf8.ndjson"], 3);
    let bad: Vec<_> = f
        .iter()
        .filter(|f| f["rule"] == "invalid-utf8")
        .map(|f| f["record"].as_u64())
        .collect();
    assert_eq!(bad, [Some(1), Some(2)]);
}

#[test]
fn byte_order_mark() {
    let f = survives(&["bom.pay.request.json"], 1);
    assert!(about_the_input(&f).is_empty(), "{f:?}");
}

#[test]
fn crlf_line_ends() {
    let f = survives(&["crlf.ndjson"], 2);
    assert!(about_the_input(&f).is_empty(), "{f:?}");
}

/// Findings other than the documents-disagree notes (these pay requests, like the pages'
/// samples, leave out settlementStrategy).
fn about_the_input(findings: &[Value]) -> Vec<&Value> {
    findings
        .iter()
        .filter(|f| f["rule"] != "documents-disagree")
        .collect()
}

#[test]
fn empty_and_whitespace_only_files() {
    let f = survives(&["empty.json", "whitespace.json"], 2);
    assert_eq!(rules(&f), ["empty-input", "empty-input"]);
    let f = survives(&["--input", "ndjson", "empty.json", "whitespace.json"], 2);
    assert_eq!(rules(&f), ["empty-input", "empty-input"]);
}

#[test]
fn truncated_last_ndjson_line() {
    let f = survives(&["truncated.ndjson"], 2);
    assert_eq!(rules(&f), ["malformed-json"]);
    assert_eq!(f[0]["record"], 2);
}

#[test]
fn har_with_missing_and_base64_bodies() {
    let f = survives(&["bodies.har"], 6);
    let r = rules(&f);
    assert!(r.contains(&"invalid-utf8"), "{r:?}");
    assert!(r.contains(&"malformed-json"), "{r:?}");
}

#[test]
fn duplicate_keys() {
    let f = survives(&["duplicate-keys.notification.ack.json"], 1);
    let dups: Vec<_> = f
        .iter()
        .filter(|f| f["rule"] == "duplicate-key")
        .map(|f| f["pointer"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(dups, ["/result/resultMessage", "/result"]);
}

#[test]
fn array_of_10000_entries() {
    let items: Vec<String> = (0..10_000).map(|i| format!("{{\"n\":{i}}}")).collect();
    let text = format!(
        "{{\"result\":{{\"resultCode\":\"SUCCESS\",\"resultStatus\":\"S\",\"resultMessage\":\"success\"}},\"paymentMethods\":[{}]}}",
        items.join(",")
    );
    let file = scratch("wide.notification.ack.json");
    std::fs::write(&file, text).unwrap();
    let f = survives(&[file.to_str().unwrap()], 1);
    assert!(!f.is_empty());
    // An object of 10,000 members, one of them repeated at the end.
    let members: Vec<String> = (0..10_000).map(|i| format!("\"k{i}\":{i}")).collect();
    let text = format!("{{{},\"k5\":0}}", members.join(","));
    let file = scratch("wide-object.notification.ack.json");
    std::fs::write(&file, text).unwrap();
    let f = survives(&[file.to_str().unwrap()], 1);
    assert!(rules(&f).contains(&"duplicate-key"));
}

#[test]
fn the_whole_corpus_in_one_run_on_several_threads() {
    let one = lint(&["-j", "1", "."]);
    let four = lint(&["-j", "4", "."]);
    assert_eq!(one.stdout, four.stdout, "output does not depend on --jobs");
    let f = survives(&["-j", "3", "."], 26);
    assert!(!f.is_empty());
}

/// A syntax error after non-ASCII text is reported at its column counted in characters (the
/// parser counts bytes): the caret lands on the offending character.
#[test]
fn malformed_json_column_counts_characters() {
    let text = "{\"orderDescription\": \"café crème ☕\", oops}\n";
    let path = scratch("non-ascii-syntax.json");
    std::fs::write(&path, text).unwrap();
    let f = survives(&[path.to_str().unwrap()], 1);
    let error = f
        .iter()
        .find(|f| f["rule"] == "malformed-json")
        .expect("a malformed-json finding");
    let column = error["column"].as_u64().unwrap() as usize;
    let oops = text[..text.find("oops").unwrap()].chars().count() + 1;
    assert_eq!(column, oops, "{error}");
}
