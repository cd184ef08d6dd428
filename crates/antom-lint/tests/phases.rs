//! The two phases on the command line: a capture cut into shards, each checked with
//! `--facts`, then `antom-lint correlate` over all the facts, finds exactly what one run over
//! the same files finds; `antom-lint filter` streams findings and facts in input order.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use common::fixtures;
use serde_json::{json, Value};

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("antom-lint-phases")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str], stdin: Option<Vec<u8>>) -> Output {
    let mut cmd = Command::cargo_bin("antom-lint").unwrap();
    cmd.current_dir(dir).args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    cmd.output().unwrap()
}

fn lines(o: &Output) -> Vec<Value> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .split('\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Every request and response body of the flow-mistakes capture (five cross-message mistakes
/// among nine exchanges) as NDJSON envelopes, cut into three files so that flows cross file
/// boundaries.
fn shards(dir: &Path) -> Vec<String> {
    let har: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("flow-mistakes.har")).unwrap(),
    )
    .unwrap();
    let mut records = Vec::new();
    for e in har["log"]["entries"].as_array().unwrap() {
        let url = e["request"]["url"].as_str().unwrap();
        let path = &url[url.find("/ams/").unwrap_or(0)..];
        for (direction, body) in [
            ("request", &e["request"]["postData"]["text"]),
            ("response", &e["response"]["content"]["text"]),
        ] {
            if let Some(text) = body.as_str() {
                let body: Value = serde_json::from_str(text).unwrap();
                records.push(
                    json!({"method": "POST", "path": path, "direction": direction, "body": body})
                        .to_string(),
                );
            }
        }
    }
    assert!(records.len() >= 12, "{}", records.len());
    let per = records.len().div_ceil(3);
    let mut names = Vec::new();
    for (i, chunk) in records.chunks(per).enumerate() {
        let name = format!("part-{i}.ndjson");
        std::fs::write(dir.join(&name), chunk.join("\n") + "\n").unwrap();
        names.push(name);
    }
    names
}

fn findings_and_summary(all: Vec<Value>) -> (Vec<String>, Vec<Value>) {
    let (summaries, findings): (Vec<Value>, Vec<Value>) =
        all.into_iter().partition(|l| l.get("summary").is_some());
    let mut findings: Vec<String> = findings.iter().map(|f| f.to_string()).collect();
    findings.sort();
    (
        findings,
        summaries
            .into_iter()
            .map(|s| s["summary"].clone())
            .collect(),
    )
}

/// Summaries of several runs add up (records, per kind, per severity).
fn merge(summaries: &[Value]) -> Value {
    let mut total = json!({"records": 0, "by_kind": {}, "by_severity": {}});
    for s in summaries {
        total["records"] =
            json!(total["records"].as_u64().unwrap() + s["records"].as_u64().unwrap());
        for field in ["by_kind", "by_severity"] {
            for (k, v) in s[field].as_object().unwrap() {
                let now = total[field][k].as_u64().unwrap_or(0);
                total[field][k] = json!(now + v.as_u64().unwrap());
            }
        }
    }
    total
}

#[test]
fn sharded_checks_then_correlate_equal_one_run() {
    let dir = scratch("shards");
    let names = shards(&dir);
    let mut args = vec!["--no-config", "--format", "json"];
    args.extend(names.iter().map(String::as_str));
    let single = run(&dir, &args, None);
    assert_eq!(single.status.code(), Some(1), "the capture has errors");
    let (single_findings, single_summary) = findings_and_summary(lines(&single));
    let cross_rules = [
        "capture-amount-mismatch",
        "refund-exceeds-payment",
        "payment-amount-mismatch",
        "request-id-reused",
        "duplicate-successful-payment",
    ];
    let cross = single_findings
        .iter()
        .filter(|f| {
            cross_rules
                .iter()
                .any(|r| f.contains(&format!("\"rule\":\"{r}\"")))
        })
        .count();
    assert!(
        cross >= 3,
        "cross-message findings in the single run: {cross}"
    );

    // Phase 1, shard by shard (in reverse order: the order of the shards does not matter).
    let mut all = Vec::new();
    let mut facts = Vec::new();
    for name in names.iter().rev() {
        let facts_file = format!("{name}.facts");
        let o = run(
            &dir,
            &[
                "--no-config",
                "--format",
                "json",
                "--facts",
                &facts_file,
                name,
            ],
            None,
        );
        assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
        all.extend(lines(&o));
        facts.push(facts_file);
    }
    // Phase 2, over the facts of every shard.
    let mut args = vec!["correlate", "--format", "json"];
    args.extend(facts.iter().map(String::as_str));
    let o = run(&dir, &args, None);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{o:?}");
    all.extend(lines(&o));

    let (sharded_findings, summaries) = findings_and_summary(all);
    assert_eq!(sharded_findings, single_findings);
    assert_eq!(summaries.len(), names.len() + 1);
    assert_eq!(merge(&summaries), single_summary[0]);

    // The facts hold no payload text: no request id of the capture appears in them.
    let text: String = facts
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap())
        .collect();
    assert!(!text.is_empty());
    assert!(!text.contains("paymentRequestId\":\"") && !text.contains("\"referenceOrderId\""));
}

#[test]
fn filter_streams_findings_and_facts_in_input_order() {
    let dir = scratch("filter");
    let names = shards(&dir);
    let input = std::fs::read(dir.join(&names[0])).unwrap();
    let o = run(&dir, &["filter", "--name", &names[0]], Some(input.clone()));
    assert_eq!(o.status.code(), Some(0), "findings never fail a filter");
    let out = lines(&o);
    let (last, body) = out.split_last().unwrap();
    assert_eq!(
        last["summary"]["records"],
        input.iter().filter(|b| **b == b'\n').count()
    );
    let mut record = 0;
    let mut facts = 0;
    for l in body {
        let (what, at) = match (l.get("finding"), l.get("facts")) {
            (Some(f), None) => ("finding", f["record"].as_u64().unwrap()),
            (None, Some(f)) => {
                facts += 1;
                assert!(f["keys"].as_array().is_some_and(|k| !k.is_empty()), "{f}");
                ("facts", f["at"]["record"].as_u64().unwrap())
            }
            _ => panic!("neither a finding nor facts: {l}"),
        };
        assert!(at >= record, "{what} of record {at} after record {record}");
        record = at;
        if what == "finding" {
            assert_eq!(l["finding"]["file"], names[0].as_str());
        }
    }
    assert!(facts > 0);

    // Its facts, fed to correlate, give the cross-message findings of that file.
    let facts: String = body
        .iter()
        .filter_map(|l| l.get("facts"))
        .map(|f| f.to_string() + "\n")
        .collect();
    let c = run(&dir, &["correlate", "-"], Some(facts.into_bytes()));
    assert!(matches!(c.status.code(), Some(0 | 1)), "{c:?}");
    let one = run(&dir, &["--no-config", "--format", "json", &names[0]], None);
    let (single, _) = findings_and_summary(lines(&one));
    let mut streamed: Vec<String> = body
        .iter()
        .filter_map(|l| l.get("finding"))
        .map(Value::to_string)
        .chain(
            lines(&c)
                .into_iter()
                .filter(|l| l.get("summary").is_none())
                .map(|l| l.to_string()),
        )
        .collect();
    streamed.sort();
    assert_eq!(streamed, single);
}

#[test]
fn broken_facts_are_a_usage_error() {
    let dir = scratch("broken");
    let o = run(&dir, &["correlate", "-"], Some(b"{\"at\": 1}\n".to_vec()));
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("line 1") && err.contains("antom-lint-facts/1"),
        "{err}"
    );
}
