//! The rules beyond the schema, through the built binary: a realistic HAR capture lints
//! clean, a copy with five seeded mistakes reports each once at the right records, and
//! cross-message findings name both records in every output format.

mod common;

use assert_cmd::Command;
use common::*;
use serde_json::Value;
use std::path::Path;

/// Findings other than the notes saying which kind a notification was inferred as, and the
/// documents-disagree notes (the captured pay requests leave out settlementStrategy, as the
/// pages' samples do).
fn real(findings: &[Value]) -> Vec<&Value> {
    findings
        .iter()
        .filter(|f| f["rule"] != "kind-inferred" && f["rule"] != "documents-disagree")
        .collect()
}

#[test]
fn the_realistic_capture_lints_clean() {
    // Card: pay (authorization), notifyPayment, capture, notifyCapture, refund, notifyRefund;
    // APM: pay, notifyPayment, inquiryPayment. Each with its response or acknowledgement.
    let o = lint(&["--format", "json", "--fail-on", "warning", "flow.har"]);
    let (findings, summary) = json_lines(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(real(&findings), Vec::<&Value>::new());
    assert_eq!(summary["records"], 18);
}

/// The five mistakes seeded in flow-mistakes.har: (rule, record, related records).
const SEEDED: &[(&str, u64, &[u64])] = &[
    // Card pay request: paymentNotifyUrl is http://.
    ("notify-url-not-https", 1, &[]),
    // Capture request: SGD 4100 captured of SGD 4200 authorized (record 1).
    ("capture-amount-mismatch", 5, &[1]),
    // Refund request: SGD 5000 refunded of SGD 4100 captured (record 5).
    ("refund-exceeds-payment", 9, &[5]),
    // APM payment uses the card payment's referenceOrderId; both succeed (first: record 2).
    ("duplicate-successful-payment", 15, &[2]),
    // Inquiry reports HKD 1000 for a pay request of HKD 100 (record 13).
    ("payment-amount-mismatch", 18, &[13]),
];

#[test]
fn five_seeded_mistakes_are_each_reported_once_at_the_right_records() {
    let o = lint(&["--format", "json", "flow-mistakes.har"]);
    assert_eq!(o.status.code(), Some(1));
    let (findings, summary) = json_lines(&o);
    let got: Vec<(&str, u64, Vec<u64>)> = real(&findings)
        .iter()
        .map(|f| {
            let related = f["related"]
                .as_array()
                .map(|r| {
                    r.iter()
                        .filter(|r| r["record"] != f["record"])
                        .map(|r| r["record"].as_u64().unwrap())
                        .collect()
                })
                .unwrap_or_default();
            (
                f["rule"].as_str().unwrap(),
                f["record"].as_u64().unwrap(),
                related,
            )
        })
        .collect();
    let want: Vec<(&str, u64, Vec<u64>)> = SEEDED
        .iter()
        .map(|(r, n, rel)| (*r, *n, rel.to_vec()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(summary["records"], 18);
    // Every related entry says where: file, line, column, kind.
    for f in real(&findings) {
        for r in f["related"].as_array().into_iter().flatten() {
            assert_eq!(r["file"], "flow-mistakes.har");
            assert!(
                r["line"].as_u64().unwrap() > 1 && r["kind"].is_string(),
                "{r}"
            );
        }
    }
}

#[test]
fn related_records_appear_in_human_and_github_output() {
    let o = lint(&["flow-mistakes.har"]);
    let out = stdout(&o);
    assert!(
        out.contains("error[capture-amount-mismatch]")
            && out.contains(
                "related: flow-mistakes.har:29:7 (pay.request, record 1) at /paymentAmount"
            ),
        "{out}"
    );
    let o = lint(&["--format", "github", "flow-mistakes.har"]);
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.contains("capture-amount-mismatch"))
        .expect("annotation");
    assert!(
        line.starts_with("::error file=flow-mistakes.har,line=127"),
        "{line}"
    );
    assert!(
        line.contains("%0Arelated: flow-mistakes.har:29:7 (pay.request, record 1)"),
        "{line}"
    );
}

#[test]
fn sarif_carries_related_locations_and_stays_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(&path).expect("the SARIF schema in tests/data"),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("SARIF schema compiles");
    let o = lint(&["--format", "sarif", "flow-mistakes.har"]);
    let log: Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let results = log["runs"][0]["results"].as_array().unwrap();
    let refund = results
        .iter()
        .find(|r| r["ruleId"] == "refund-exceeds-payment")
        .expect("refund finding");
    let rel = &refund["relatedLocations"][0];
    assert_eq!(rel["id"], 1);
    assert_eq!(rel["properties"]["record"], 5);
    assert_eq!(
        rel["physicalLocation"]["artifactLocation"]["uri"],
        "flow-mistakes.har"
    );
    assert!(refund["message"]["text"]
        .as_str()
        .unwrap()
        .contains("[flow-mistakes.har record 5](1)"));
}

#[test]
fn correlation_scope_can_be_narrowed_or_turned_off() {
    for scope in ["off", "file"] {
        let o = lint(&[
            "--format",
            "json",
            "--correlate",
            scope,
            "flow-mistakes.har",
        ]);
        let (findings, _) = json_lines(&o);
        let rules: Vec<&str> = real(&findings)
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        if scope == "off" {
            assert_eq!(rules, vec!["notify-url-not-https"]);
        } else {
            assert_eq!(rules.len(), 5, "{rules:?}");
        }
    }
    // A window of one payment still follows each flow message by message, but by the time
    // the APM payment succeeds the card payment's order is two generations old.
    for (window, expected) in [("1", 4), ("2", 5)] {
        let o = lint(&[
            "--format",
            "json",
            "--correlate-window",
            window,
            "flow-mistakes.har",
        ]);
        let (findings, summary) = json_lines(&o);
        let rules: Vec<&str> = real(&findings)
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules.len(), expected, "window {window}: {rules:?}");
        assert_eq!(
            rules.contains(&"duplicate-successful-payment"),
            window == "2"
        );
        assert_eq!(summary["records"], 18);
    }
    let o = lint(&["--correlate-window", "0", "flow-mistakes.har"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn records_in_separate_files_are_correlated_in_one_run() {
    let dir = std::env::temp_dir().join(format!("antom-lint-correlate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Walked by name: the capture comes before the pay request it belongs to.
    std::fs::write(dir.join("a.capture.request.json"), r#"{"captureRequestId": "C1", "paymentId": "P1", "captureAmount": {"currency": "SGD", "value": "10"}}"#).unwrap();
    std::fs::write(dir.join("b.pay.request.json"), r#"{"productCode": "CASHIER_PAYMENT", "paymentRequestId": "R1", "paymentAmount": {"currency": "SGD", "value": "4200"}, "paymentMethod": {"paymentMethodType": "CARD"}, "paymentRedirectUrl": "https://s.example/r", "order": {"referenceOrderId": "O1", "orderDescription": "tea", "orderAmount": {"currency": "SGD", "value": "4200"}}, "env": {"terminalType": "WEB"}}"#).unwrap();
    std::fs::write(dir.join("c.pay.response.json"), r#"{"result": {"resultStatus": "S", "resultCode": "SUCCESS"}, "paymentRequestId": "R1", "paymentId": "P1", "paymentAmount": {"currency": "SGD", "value": "4200"}}"#).unwrap();
    let o = lint(&["--format", "json", dir.to_str().unwrap()]);
    let (findings, _) = json_lines(&o);
    let f: Vec<&Value> = real(&findings);
    assert_eq!(f.len(), 1, "{findings:?}");
    assert_eq!(f[0]["rule"], "capture-amount-mismatch");
    assert!(f[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("a.capture.request.json"));
    assert!(f[0]["related"][0]["file"]
        .as_str()
        .unwrap()
        .ends_with("b.pay.request.json"));
    let o = lint(&[
        "--format",
        "json",
        "--correlate",
        "file",
        dir.to_str().unwrap(),
    ]);
    assert!(real(&json_lines(&o).0).is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn card_data_stays_masked_in_the_new_findings() {
    let dir = std::env::temp_dir().join(format!("antom-lint-card-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let request = |cvv: &str| {
        format!(
            r#"{{"kind": "pay.request", "body": {{"productCode": "CASHIER_PAYMENT", "paymentRequestId": "4111111111111111", "paymentAmount": {{"currency": "SGD", "value": "4200"}}, "paymentMethod": {{"paymentMethodType": "CARD", "paymentMethodMetaData": {{"cardNo": "4111111111111111", "cvv": "{cvv}", "expiryMonth": "06", "expiryYear": "28"}}}}, "paymentRedirectUrl": "https://s.example/r", "paymentNotifyUrl": "http://s.example/n", "order": {{"referenceOrderId": "4111111111111111茶", "orderAmount": {{"currency": "USD", "value": "4200"}}}}, "env": {{"terminalType": "WEB", "clientIp": "4111111111111111"}}}}}}"#
        )
    };
    let path = dir.join("cards.ndjson");
    std::fs::write(&path, format!("{}\n{}\n", request("737"), request("738"))).unwrap();
    for format in ["human", "json", "sarif", "github"] {
        let o = lint(&["--format", format, path.to_str().unwrap()]);
        let out = format!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr));
        assert!(out.contains("request-id-reused"), "{format}: {out}");
        for secret in ["4111111111111111", "\"737\"", "\"738\"", "737,", "738,"] {
            assert!(
                !out.contains(secret),
                "{format}: output contains {secret}:\n{out}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn rules_lists_every_new_rule_with_its_page() {
    let o = Command::cargo_bin("antom-lint")
        .unwrap()
        .arg("rules")
        .output()
        .unwrap();
    let out = stdout(&o);
    for id in [
        "action-form-mismatch",
        "amount-currency-mismatch",
        "app-redirect-not-deep-link",
        "blik-client-ip-local",
        "capture-amount-mismatch",
        "chinese-characters",
        "client-ip-malformed",
        "duplicate-successful-payment",
        "embedded-json-schema",
        "expiry-before-creation",
        "notify-url-not-https",
        "payment-amount-mismatch",
        "payment-request-unseen",
        "payment-status-inconsistent",
        "payment-time-before-creation",
        "refund-exceeds-payment",
        "request-id-reused",
        "result-status-inconsistent",
    ] {
        let at = out
            .find(&format!("{id} "))
            .unwrap_or_else(|| panic!("{id} missing:\n{out}"));
        let next = out[at..].lines().nth(1).unwrap_or("");
        assert!(
            next.contains("source: https://") && next.contains('"'),
            "{id} has no page reference: {next}"
        );
    }
}
