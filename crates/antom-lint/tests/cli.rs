//! Runs the built `antom-lint` binary over the fixtures.

mod common;

use assert_cmd::Command;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Findings other than documents-disagree notes: the request fixtures leave out
/// settlementStrategy, as the pages' own samples do.
fn without_disagreements(findings: Vec<Value>) -> Vec<Value> {
    findings
        .into_iter()
        .filter(|f| f["rule"] != "documents-disagree")
        .collect()
}

fn rules_of(findings: &[Value]) -> Vec<&str> {
    findings.iter().filter_map(|f| f["rule"].as_str()).collect()
}

#[test]
fn valid_payload_exits_zero() {
    let o = lint(&["pay.request.valid.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    assert!(
        stdout(&o).contains("1 record checked (pay.request: 1); 0 errors"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn unknown_field_in_request_is_an_error_with_suggestion_and_position() {
    let o = lint(&["pay.request.typo.json"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("pay.request.typo.json:7:3: error[unknown-field]"),
        "{out}"
    );
    assert!(out.contains("did you mean \"paymentExpiryTime\"?"), "{out}");
    assert!(out.contains("  7 |   \"paymentExpireTime\""), "{out}");
}

#[test]
fn json_output_has_one_object_per_finding_and_a_summary() {
    let o = lint(&[
        "--format",
        "json",
        "pay.request.typo.json",
        "pay.request.valid.json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let (findings, summary) = json_lines(&o);
    let findings = without_disagreements(findings);
    assert_eq!(findings.len(), 1);
    let f = &findings[0];
    for key in [
        "file", "record", "line", "column", "kind", "rule", "severity", "pointer", "message",
    ] {
        assert!(f.get(key).is_some(), "missing {key} in {f}");
    }
    assert_eq!(f["pointer"], "/paymentExpireTime");
    assert_eq!(f["kind"], "pay.request");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(7), Some(3))
    );
    assert_eq!(summary["records"], 2);
    assert_eq!(summary["by_kind"]["pay.request"], 2);
    assert_eq!(summary["by_severity"]["error"], 1);
}

#[test]
fn ndjson_records_envelopes_and_malformed_lines_are_all_counted() {
    let o = lint(&["--format", "json", "mixed.ndjson"]);
    assert_eq!(o.status.code(), Some(1));
    let (findings, summary) = json_lines(&o);
    // Six non-blank lines: six records, the broken and the truncated one included.
    assert_eq!(summary["records"], 6, "{summary}");
    assert_eq!(summary["by_kind"]["unresolved"], 2);
    let malformed: Vec<_> = findings
        .iter()
        .filter(|f| f["rule"] == "malformed-json")
        .collect();
    assert_eq!(malformed.len(), 2);
    assert_eq!(
        (
            malformed[0]["record"].as_u64(),
            malformed[0]["line"].as_u64()
        ),
        (Some(5), Some(6))
    );
    assert_eq!(
        (
            malformed[1]["record"].as_u64(),
            malformed[1]["line"].as_u64()
        ),
        (Some(6), Some(7))
    );
    // An envelope with a string body, resolved by path and direction.
    let typo = findings
        .iter()
        .find(|f| f["rule"] == "unknown-field")
        .expect("unknown-field");
    assert_eq!(typo["kind"], "inquiryPayment.request");
    assert!(typo["message"]
        .as_str()
        .unwrap()
        .contains("\"paymentRequestId\""));
    // An object body: the position is the member inside the line.
    let ty = findings
        .iter()
        .find(|f| f["rule"] == "schema/type")
        .expect("schema/type");
    assert_eq!(
        (
            ty["kind"].as_str(),
            ty["line"].as_u64(),
            ty["column"].as_u64()
        ),
        (Some("pay.response"), Some(5), Some(185))
    );
    // A bare payload: inferred, and said so.
    let inferred = findings
        .iter()
        .find(|f| f["rule"] == "kind-inferred")
        .expect("kind-inferred");
    assert_eq!(inferred["kind"], "notifyPayment.notification");
    assert!(inferred["message"]
        .as_str()
        .unwrap()
        .contains("confidence high"));
}

#[test]
fn forced_ndjson_and_json_input() {
    let o = lint(&[
        "--input",
        "ndjson",
        "--format",
        "json",
        "pay.request.valid.json",
    ]);
    let (_, summary) = json_lines(&o);
    // Read line by line, a pretty-printed file is many broken records.
    assert!(summary["records"].as_u64().unwrap() > 1);
    let o = lint(&["--input", "json", "--format", "json", "mixed.ndjson"]);
    let (findings, summary) = json_lines(&o);
    assert_eq!(summary["records"], 1);
    assert_eq!(rules_of(&findings), ["malformed-json"]);
}

#[test]
fn har_requests_responses_notifications_and_acks() {
    let o = lint(&["--format", "json", "capture.har"]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let (_, summary) = json_lines(&o);
    assert_eq!(summary["records"], 4, "{summary}");
    for kind in [
        "pay.request",
        "pay.response",
        "notifyPayment.notification",
        "notification.ack",
    ] {
        assert_eq!(summary["by_kind"][kind], 1, "{kind} in {summary}");
    }
    let o = lint(&[
        "--input",
        "har",
        "--format",
        "json",
        "pay.request.valid.json",
    ]);
    let (findings, summary) = json_lines(&o);
    assert_eq!(summary["records"], 1);
    assert_eq!(rules_of(&findings), ["malformed-json"]);
}

#[test]
fn standard_input() {
    let text = std::fs::read(fixtures().join("pay.request.typo.json")).unwrap();
    let o = Command::cargo_bin("antom-lint")
        .unwrap()
        .args([
            "--no-config",
            "--kind",
            "pay.request",
            "--format",
            "json",
            "-",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let findings = without_disagreements(json_lines(&o).0);
    assert_eq!(findings[0]["file"], "<stdin>");
    assert_eq!(findings[0]["rule"], "unknown-field");
}

#[test]
fn kind_resolution_ambiguous_unknown_and_forced() {
    let o = lint(&["--format", "json", "ambiguous.json", "unknown.json"]);
    assert_eq!(o.status.code(), Some(1));
    let (findings, summary) = json_lines(&o);
    assert_eq!(rules_of(&findings), ["kind-ambiguous", "kind-unresolved"]);
    let message = findings[0]["message"].as_str().unwrap();
    assert!(
        message.contains("inquiryPayment.request") && message.contains("cancel.request"),
        "{message}"
    );
    assert_eq!(summary["by_kind"]["unresolved"], 2);
    let o = lint(&["--kind", "inquiryPayment.request", "ambiguous.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
}

#[test]
fn malformed_inputs_are_findings_and_counted() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("antom-lint-malformed");
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad-utf8.ndjson");
    std::fs::write(&bad, b"{\"a\": \"\xff\xfe\"}\n{\"result\": {\"resultCode\": \"SUCCESS\", \"resultStatus\": \"S\"}}\n").unwrap();
    let o = lint(&["--format", "json", "empty.json", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let (findings, summary) = json_lines(&o);
    assert_eq!(summary["records"], 3, "{summary}");
    let rules = rules_of(&findings);
    assert!(
        rules.contains(&"empty-input") && rules.contains(&"invalid-utf8"),
        "{rules:?}"
    );
}

#[test]
fn duplicate_keys_are_errors() {
    let o = lint(&["--format", "json", "duplicate.notification.ack.json"]);
    assert_eq!(o.status.code(), Some(1));
    let (findings, _) = json_lines(&o);
    assert_eq!(rules_of(&findings), ["duplicate-key"]);
    assert_eq!(
        (
            findings[0]["line"].as_u64(),
            findings[0]["pointer"].as_str()
        ),
        (Some(3), Some("/result"))
    );
}

#[test]
fn exit_status_two_for_usage_and_read_errors() {
    assert_eq!(lint(&["does-not-exist.json"]).status.code(), Some(2));
    assert_eq!(
        lint(&["--warn", "no-such-rule", "pay.request.valid.json"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        lint(&["--kind", "pay.nothing", "pay.request.valid.json"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        lint(&["--format", "xml", "pay.request.valid.json"])
            .status
            .code(),
        Some(2)
    );
    let explain = Command::cargo_bin("antom-lint")
        .unwrap()
        .args(["explain", "no-such-rule"])
        .output()
        .unwrap();
    assert_eq!(explain.status.code(), Some(2));
    // A read error wins over findings, and the readable files are still checked.
    let o = lint(&[
        "--format",
        "json",
        "does-not-exist.json",
        "pay.request.typo.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does-not-exist.json"));
    assert_eq!(json_lines(&o).1["records"], 1);
}

#[test]
fn fail_on_and_severity_flags() {
    // A new member in a response: a warning, so exit 0 unless warnings fail the run.
    assert_eq!(
        lint(&["pay.response.new-things.json"]).status.code(),
        Some(0)
    );
    assert_eq!(
        lint(&["--fail-on", "warning", "pay.response.new-things.json"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        lint(&["--deny", "unknown-field", "pay.response.new-things.json"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        lint(&["--warn", "unknown-field", "pay.request.typo.json"])
            .status
            .code(),
        Some(0)
    );
    let o = lint(&[
        "--allow",
        "unknown-field",
        "--fail-on",
        "warning",
        "--format",
        "json",
        "pay.request.typo.json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(without_disagreements(json_lines(&o).0).is_empty());
    // A family at once.
    assert_eq!(
        lint(&["--warn", "kind-*", "ambiguous.json"]).status.code(),
        Some(0)
    );
}

#[test]
fn config_file_is_found_upwards_and_flags_override_it() {
    let dir = fixtures().join("config-dir");
    let run = |args: &[&str], cwd: &Path| {
        Command::cargo_bin("antom-lint")
            .unwrap()
            .current_dir(cwd)
            .args(args)
            .output()
            .unwrap()
    };
    // The file turns unknown-field off, and sets fail-on = warning.
    let o = run(&["pay.response.json"], &dir);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    // Found from a subdirectory too.
    let sub = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-config-here");
    std::fs::create_dir_all(&sub).unwrap();
    let o = run(
        &[
            "--config",
            dir.join("antom-lint.toml").to_str().unwrap(),
            dir.join("pay.response.json").to_str().unwrap(),
        ],
        &sub,
    );
    assert_eq!(o.status.code(), Some(0));
    // --warn beats the file; with fail-on = warning from the file the run fails.
    let o = run(&["--warn", "unknown-field", "pay.response.json"], &dir);
    assert_eq!(o.status.code(), Some(1));
    // A broken config file is a usage error.
    let broken = sub.join("antom-lint.toml");
    std::fs::write(&broken, "fail-on = 3\n").unwrap();
    assert_eq!(
        run(&["--config", broken.to_str().unwrap(), "x.json"], &sub)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn directories_with_include_and_exclude() {
    let o = lint(&["--format", "json", "tree"]);
    let (_, summary) = json_lines(&o);
    assert_eq!(summary["records"], 2, "notes.txt is not read by default");
    let o = lint(&["--format", "json", "--exclude", "sub", "tree"]);
    assert_eq!(json_lines(&o).1["records"], 1);
    assert_eq!(o.status.code(), Some(0));
    let o = lint(&["--format", "json", "--include", "*.b.json", "tree"]);
    assert_eq!(json_lines(&o).1["records"], 1);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn github_annotations() {
    let o = lint(&[
        "--format",
        "github",
        "pay.request.typo.json",
        "pay.response.new-things.json",
    ]);
    let out = stdout(&o);
    // The typo fixture, like the pages' samples, has no settlementStrategy: a notice.
    assert!(
        out.starts_with("::notice file=pay.request.typo.json,line=1,col=1,title=antom-lint documents-disagree::"),
        "{out}"
    );
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| !l.contains("documents-disagree"))
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with(
            "::error file=pay.request.typo.json,line=7,col=3,title=antom-lint unknown-field::"
        ),
        "{out}"
    );
    assert!(
        lines[1].starts_with("::warning file=pay.response.new-things.json,line=8,col=3,"),
        "{out}"
    );
}

const CARD_SECRETS: &[&str] = &["4111111111111111", "4111 1111 1111 1111", "846", "2031"];

#[test]
fn card_data_never_appears_in_any_format() {
    for format in ["human", "json", "sarif", "github"] {
        for extra in [&["--kind", "pay.request"][..], &["--color", "always"][..]] {
            let mut args = vec!["--format", format, "card-capture.json"];
            args.extend_from_slice(extra);
            let o = lint(&args);
            let out = all_output(&o);
            for secret in CARD_SECRETS {
                assert!(
                    !out.contains(secret),
                    "{format}: output contains {secret}:\n{out}"
                );
            }
            assert!(out.contains("card-data-unmasked"), "{format}: {out}");
        }
    }
    // The same payload in an NDJSON envelope with a string body, and in a HAR capture.
    let text = std::fs::read_to_string(fixtures().join("card-capture.json")).unwrap();
    let compact: Value = serde_json::from_str(&text).unwrap();
    let envelope =
        serde_json::json!({"kind": "pay.request", "body": compact.to_string()}).to_string();
    let o = Command::cargo_bin("antom-lint")
        .unwrap()
        .args(["--no-config", "--input", "ndjson", "--format", "human"])
        .write_stdin(envelope)
        .output()
        .unwrap();
    let out = all_output(&o);
    for secret in CARD_SECRETS {
        assert!(
            !out.contains(secret),
            "envelope: output contains {secret}:\n{out}"
        );
    }
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let schema_text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the SARIF 2.1.0 schema must sit at {}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&schema_text).expect("SARIF schema parses");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("SARIF schema compiles");
    let o = lint(&[
        "--format",
        "sarif",
        "pay.request.typo.json",
        "mixed.ndjson",
        "empty.json",
        "card-capture.json",
        "capture.har",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&o.stdout).expect("SARIF output is one JSON document");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF output is invalid:\n{}",
        errors.join("\n")
    );
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "unknown-field"
        && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 7));
}

#[test]
fn rules_and_explain() {
    let run = |args: &[&str]| {
        Command::cargo_bin("antom-lint")
            .unwrap()
            .args(args)
            .output()
            .unwrap()
    };
    let o = run(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    // Every rule of the registry, with its summary and source.
    for r in antom_schema::rules::RULES {
        assert!(
            out.contains(r.id) && out.contains(r.summary) && out.contains(&r.source.to_string()),
            "{} missing from:\n{out}",
            r.id
        );
    }
    // Sources name public pages, never internal file ids.
    assert!(out.contains(
        "https://global.alipay.com/docs/ac/cashierpay/apm_api \"Create a payment request\""
    ));
    assert!(!out.contains("000_b04d3a467010f84f") && !out.contains("_f439ac3e5c4b731d"));
    let o = run(&["explain", "unknown-field"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("paymentExpireTime")
            && out.contains("Default severity: error; warning where Antom writes"),
        "{out}"
    );
}

fn run_bin(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("antom-lint")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn explain_a_result_code() {
    // Any case; a result code is not a rule id.
    let o = run_bin(&["explain", "payment_in_process"]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let out = stdout(&o);
    for part in [
        "PAYMENT_IN_PROCESS (U)",
        "Status: U (unknown, still in process)",
        "Meaning: ",
        "What to do next: ",
        "Listed by the tables of: pay, inquiryPayment, notifyPayment",
        "https://global.alipay.com/docs/ac/ams/payment_cashier",
    ] {
        assert!(out.contains(part), "{part} missing from:\n{out}");
    }
    let o = run_bin(&["explain", "ACCESS_DENIED"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Status: F (failure, final)"));
    // Rule ids still explain the rule.
    let o = run_bin(&["explain", "result-code-undocumented"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Default severity: note"));
}

#[test]
fn explain_something_unknown_is_a_usage_error() {
    let o = run_bin(&["explain", "NOT_A_RULE_OR_CODE"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("NOT_A_RULE_OR_CODE")
            && err.contains("antom-lint rules")
            && err.contains("antom-lint codes"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn codes_lists_the_catalog() {
    let catalog: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../schema/result-codes.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let codes = catalog["codes"].as_array().unwrap();
    let o = run_bin(&["codes"]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let out = stdout(&o);
    assert!(out.starts_with("CODE "), "{out}");
    assert!(out.contains(&format!("{} codes.", codes.len())), "{out}");
    for c in codes {
        let row = out
            .lines()
            .find(|l| l.split_whitespace().next() == c["code"].as_str())
            .unwrap_or_else(|| panic!("{} missing", c["code"]));
        let fields: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(Some(fields[1]), c["status"].as_str(), "{row}");
        let apis: Vec<&str> = c["apis"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert!(row.ends_with(&apis.join(", ")), "{row}");
    }

    // One API's table, named in any case.
    let o = run_bin(&["codes", "--api", "Cancel"]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let out = stdout(&o);
    assert!(
        out.contains("CANCEL_WINDOW_EXCEED") && !out.contains("CAPTURE_IN_PROCESS"),
        "{out}"
    );
    let rows: Vec<&str> = out.lines().skip(1).take_while(|l| !l.is_empty()).collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.contains("cancel")), "{out}");

    let o = run_bin(&["codes", "--api", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("unknown API `nope`") && err.contains("notifyCapture"),
        "{err}"
    );
}

#[test]
fn acknowledgement_asking_for_a_resend_is_a_note() {
    let o = Command::cargo_bin("antom-lint")
        .unwrap()
        .args(["--no-config", "--kind", "notification.ack", "--fail-on", "warning"])
        .write_stdin(r#"{"result": {"resultCode": "PROCESS_FAIL", "resultStatus": "F", "resultMessage": "busy"}}"#)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let out = stdout(&o);
    assert!(
        out.contains("note[ack-requests-resend]") && out.contains("up to 8 times within 24 hours"),
        "{out}"
    );
    assert!(out.contains("0 errors, 0 warnings, 1 note"), "{out}");
}

/// A reader that stops early (`antom-lint rules | head -1`, the lint output piped into `head`)
/// ends the command quietly with status 0, as ripgrep does: no "Broken pipe" on standard error
/// and no failing status.
#[test]
fn closed_output_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    // Enough findings to fill a pipe several times over: 1,000 pay requests with a typo.
    let capture = std::env::temp_dir().join(format!(
        "antom-lint-closed-output-{}.ndjson",
        std::process::id()
    ));
    let line = r#"{"kind": "pay.request", "body": {"paymentExpireTime": "2024-01-01T00:00:00Z"}}"#;
    std::fs::write(&capture, format!("{line}\n").repeat(1000)).unwrap();
    let capture_arg = capture.to_str().unwrap();
    let commands: &[&[&str]] = &[
        &["rules"],
        &["rules", "--format", "markdown"],
        &["explain", "unknown-field"],
        &["explain", "PAYMENT_IN_PROCESS"],
        &["codes"],
        &["--no-config", capture_arg],
        &["--no-config", "-j", "1", capture_arg],
        &["--no-config", "--format", "json", capture_arg],
        &["--no-config", "--format", "sarif", capture_arg],
        &["--no-config", "--format", "github", capture_arg],
    ];
    for args in commands {
        for lines_read in [0, 1] {
            let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("antom-lint"))
                .args(*args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            // Read this many lines, then go away like `head` does.
            let mut reader = BufReader::new(child.stdout.take().unwrap());
            for _ in 0..lines_read {
                let mut first = String::new();
                reader.read_line(&mut first).unwrap();
            }
            drop(reader);
            let o = child.wait_with_output().unwrap();
            assert_eq!(
                o.status.code(),
                Some(0),
                "{args:?} after {lines_read} lines: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(
                o.stderr.is_empty(),
                "{args:?} after {lines_read} lines: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
    std::fs::remove_file(&capture).unwrap();
}

/// Small files travel between the threads in batches: a directory of 500 files (several
/// batches, a few of them holding a large file) gives every file's finding once, in the order
/// of the files, whatever the number of threads.
#[test]
fn many_small_files_keep_their_order_on_every_thread_count() {
    let dir = std::env::temp_dir().join(format!("antom-lint-many-files-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..500 {
        // Every 97th file is large (over 64 KB), so batches of one job fall among the others.
        let padding = if i % 97 == 0 {
            "x".repeat(70_000)
        } else {
            String::new()
        };
        let body = format!(
            r#"{{"paymentRequestId": "r{i}", "paymentAmount": {{"currency": "USD", "value": "1"}}, "typo{i}": "{padding}"}}"#
        );
        std::fs::write(dir.join(format!("pay.request.{i:04}.json")), body).unwrap();
    }
    let run = |threads: &str| -> Vec<(String, String)> {
        let out = Command::cargo_bin("antom-lint")
            .unwrap()
            .args(["--no-config", "--format", "json", "-j", threads])
            .arg(&dir)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|v| v["rule"] == "unknown-field")
            .map(|v| {
                (
                    v["file"].as_str().unwrap().to_string(),
                    v["pointer"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let one = run("1");
    let expected: Vec<String> = (0..500).map(|i| format!("/typo{i}")).collect();
    assert_eq!(
        one.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>(),
        expected,
        "one finding per file, in file order"
    );
    for threads in ["2", "3", "8"] {
        assert_eq!(run(threads), one, "-j {threads}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
