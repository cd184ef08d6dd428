//! The rule registry ([`antom_schema::rules`]) against the running linter: every rule fires on
//! a fixture of its own and stays silent on Antom's clean documented samples, and the README's
//! rule table is the registry's.
//!
//! A new rule is its file under `crates/antom-schema/src/rules/` (see [`antom_schema::rules`])
//! and one row of [`FIXTURES`] here; `every_rule_fires_on_its_fixture` names any rule without
//! one.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use antom_schema::lint::{check_record, CheckOptions};
use antom_schema::resolve::Hints;
use antom_schema::rules::{self, Rule, RULES};
use antom_schema::{Schemas, Validator};
use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

/// What a fixture gives the linter.
enum Input {
    /// One payload of a kind (`--kind KIND`) on standard input.
    Kind(&'static str, &'static str),
    /// Standard input as given, with these arguments (no `--kind`): for what reading an input
    /// or resolving a kind reports.
    Stdin(&'static [&'static str], &'static [u8]),
    /// Several messages, as NDJSON `{"kind", "body"}` envelopes on standard input: what the
    /// cross-message rules compare.
    Flow(&'static [(&'static str, &'static str)]),
    /// A payload of `x.request` in a stand-in schema set ([`STAND_IN`]): for the schema
    /// keywords Antom's schemas do not use (yet), which any schema set given to
    /// `Validator::with_schemas` may.
    StandIn(&'static str),
}

/// Pay request `R1` of 100 SGD for order `O1`, and Antom's answer naming its payment `P1`.
const PAY_R1: (&str, &str) = (
    "pay.request",
    r#"{"paymentRequestId": "R1", "paymentAmount": {"currency": "SGD", "value": "100"}, "order": {"referenceOrderId": "O1"}, "paymentExpiryTime": "2024-01-01T00:00:00Z"}"#,
);
const PAID_R1: (&str, &str) = (
    "pay.response",
    r#"{"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}, "paymentRequestId": "R1", "paymentId": "P1", "paymentAmount": {"currency": "SGD", "value": "100"}, "paymentCreateTime": "2024-01-02T00:00:00Z"}"#,
);

/// A test-only public key as Antom's (the signature rules report only with a key).
const ANTOM_KEY: &[&str] = &[
    "--antom-public-key",
    "crates/antom-signature/tests/keys/test_a_public_spki.pem",
];

/// At least one input per rule that makes it fire.
static FIXTURES: &[(&Rule, Input)] = &[
    (
        &rules::ACK_REQUESTS_RESEND,
        Input::Kind(
            "notification.ack",
            r#"{"result": {"resultCode": "PROCESS_FAIL", "resultStatus": "F", "resultMessage": "later"}}"#,
        ),
    ),
    (
        &rules::ACTION_FORM_MISMATCH,
        Input::Kind(
            "pay.response",
            r#"{"paymentActionForm": "{\"paymentActionFormType\": \"RedirectActionForm\", \"method\": \"GET\", \"redirectUrl\": \"https://a.example/pay\"}", "redirectActionForm": {"method": "GET", "redirectUrl": "https://b.example/pay"}}"#,
        ),
    ),
    (
        &rules::AMOUNT_CURRENCY_MISMATCH,
        Input::Kind(
            "pay.request",
            r#"{"paymentAmount": {"currency": "USD", "value": "1"}, "order": {"orderAmount": {"currency": "EUR", "value": "1"}}}"#,
        ),
    ),
    (
        &rules::APP_REDIRECT_NOT_DEEP_LINK,
        Input::Kind(
            "pay.request",
            r#"{"env": {"terminalType": "APP"}, "paymentRedirectUrl": "http://shop.example/back"}"#,
        ),
    ),
    (
        &rules::BLIK_CLIENT_IP_LOCAL,
        Input::Kind(
            "pay.request",
            r#"{"paymentMethod": {"paymentMethodType": "BLIK"}, "env": {"clientIp": "192.168.0.1"}}"#,
        ),
    ),
    (
        &rules::CAPTURE_AMOUNT_MISMATCH,
        Input::Flow(&[
            PAY_R1,
            PAID_R1,
            (
                "capture.request",
                r#"{"captureRequestId": "C1", "paymentId": "P1", "captureAmount": {"currency": "SGD", "value": "50"}}"#,
            ),
        ]),
    ),
    (
        &rules::CARD_DATA_UNMASKED,
        Input::Kind(
            "pay.request",
            r#"{"paymentMethod": {"paymentMethodMetaData": {"cvv": "123"}}}"#,
        ),
    ),
    (
        &rules::CHINESE_CHARACTERS,
        Input::Kind("pay.request", r#"{"paymentRequestId": "绿茶-1"}"#),
    ),
    (
        &rules::CLIENT_IP_MALFORMED,
        Input::Kind("pay.request", r#"{"env": {"clientIp": "114.121.121.01"}}"#),
    ),
    (
        &rules::DOCUMENTS_DISAGREE,
        Input::Kind("pay.request", r#"{"paymentRequestId": "R1"}"#),
    ),
    (
        &rules::DUPLICATE_KEY,
        Input::Kind("notification.ack", r#"{"result": {}, "result": {}}"#),
    ),
    (
        &rules::DUPLICATE_SUCCESSFUL_PAYMENT,
        Input::Flow(&[
            PAY_R1,
            PAID_R1,
            (
                "pay.request",
                r#"{"paymentRequestId": "R2", "paymentAmount": {"currency": "SGD", "value": "100"}, "order": {"referenceOrderId": "O1"}}"#,
            ),
            (
                "pay.response",
                r#"{"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}, "paymentRequestId": "R2", "paymentId": "P2"}"#,
            ),
        ]),
    ),
    (
        &rules::EMBEDDED_JSON,
        Input::Kind("pay.response", r#"{"paymentActionForm": "{not json"}"#),
    ),
    (
        &rules::EMBEDDED_JSON_SCHEMA,
        Input::Kind(
            "pay.response",
            r#"{"paymentActionForm": "{\"paymentActionFormType\": 5}"}"#,
        ),
    ),
    (&rules::EMPTY_INPUT, Input::Stdin(&[], b" \n")),
    (
        &rules::ENVELOPE_INVALID,
        Input::Stdin(&[], br#"{"kind": "pay.nothing", "body": {}}"#),
    ),
    (
        &rules::EXPIRY_BEFORE_CREATION,
        Input::Flow(&[PAY_R1, PAID_R1]),
    ),
    (
        &rules::INVALID_UTF8,
        Input::Stdin(&[], b"{\"paymentRequestId\": \"\xff\"}"),
    ),
    (
        &rules::KIND_AMBIGUOUS,
        Input::Stdin(&[], br#"{"paymentRequestId": "R1"}"#),
    ),
    (
        &rules::KIND_INFERRED,
        Input::Stdin(
            &[],
            br#"{"notifyType": "PAYMENT_RESULT", "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}, "paymentRequestId": "R1", "paymentId": "P1"}"#,
        ),
    ),
    (&rules::KIND_UNRESOLVED, Input::Stdin(&[], br#"{"zz": 1}"#)),
    (
        &rules::MALFORMED_JSON,
        Input::Kind("pay.request", r#"{"paymentRequestId": "#),
    ),
    (
        &rules::NOTIFY_URL_NOT_HTTPS,
        Input::Kind(
            "pay.request",
            r#"{"paymentNotifyUrl": "http://shop.example/notify"}"#,
        ),
    ),
    (
        &rules::PAYMENT_AMOUNT_MISMATCH,
        Input::Flow(&[
            PAY_R1,
            (
                "notifyPayment.notification",
                r#"{"notifyType": "PAYMENT_RESULT", "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}, "paymentRequestId": "R1", "paymentId": "P1", "paymentAmount": {"currency": "SGD", "value": "200"}}"#,
            ),
        ]),
    ),
    (
        &rules::PAYMENT_REQUEST_UNSEEN,
        Input::Flow(&[(
            "notifyPayment.notification",
            r#"{"notifyType": "PAYMENT_RESULT", "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}, "paymentRequestId": "R9", "paymentId": "P9"}"#,
        )]),
    ),
    (
        &rules::PAYMENT_STATUS_INCONSISTENT,
        Input::Kind(
            "inquiryPayment.response",
            r#"{"paymentStatus": "SUCCESS", "paymentResultCode": "PAYMENT_IN_PROCESS"}"#,
        ),
    ),
    (
        &rules::PAYMENT_TIME_BEFORE_CREATION,
        Input::Kind(
            "pay.response",
            r#"{"paymentTime": "2024-01-01T00:00:00Z", "paymentCreateTime": "2024-01-02T00:00:00Z"}"#,
        ),
    ),
    (
        &rules::RECORD_TOO_LARGE,
        Input::Stdin(
            &["--max-record-size", "16"],
            br#"{"paymentRequestId": "R1"}"#,
        ),
    ),
    (
        &rules::REFUND_EXCEEDS_PAYMENT,
        Input::Flow(&[
            PAY_R1,
            PAID_R1,
            (
                "refund.request",
                r#"{"refundRequestId": "F1", "paymentId": "P1", "refundAmount": {"currency": "SGD", "value": "200"}}"#,
            ),
        ]),
    ),
    (
        &rules::REQUEST_ID_REUSED,
        Input::Flow(&[
            PAY_R1,
            (
                "pay.request",
                r#"{"paymentRequestId": "R1", "paymentAmount": {"currency": "SGD", "value": "999"}}"#,
            ),
        ]),
    ),
    (
        &rules::RESULT_CODE_UNDOCUMENTED,
        Input::Kind(
            "pay.response",
            r#"{"result": {"resultCode": "SOME_NEW_CODE", "resultStatus": "F", "resultMessage": "new"}}"#,
        ),
    ),
    (
        &rules::RESULT_STATUS_INCONSISTENT,
        Input::Kind(
            "pay.response",
            r#"{"result": {"resultCode": "PAYMENT_IN_PROCESS", "resultStatus": "S", "resultMessage": "in process"}}"#,
        ),
    ),
    (
        &rules::SCHEMA_ANY_OF,
        Input::Kind(
            "consult.response",
            r#"{"paymentOptions": [{"paymentMethodType": 5}]}"#,
        ),
    ),
    (&rules::SCHEMA_CONST, Input::StandIn(r#"{"fixed": "B"}"#)),
    (
        &rules::SCHEMA_ENUM,
        Input::Kind("cancel.response", r#"{"result": {"resultStatus": "X"}}"#),
    ),
    (
        &rules::SCHEMA_FORMAT,
        Input::Kind("pay.request", r#"{"paymentExpiryTime": "tomorrow"}"#),
    ),
    (&rules::SCHEMA_ITEMS, Input::StandIn(r#"{"list": [1]}"#)),
    (
        &rules::SCHEMA_LENGTH,
        Input::Kind(
            "pay.request",
            r#"{"paymentRequestId": "0123456789012345678901234567890123456789012345678901234567890123456789"}"#,
        ),
    ),
    (&rules::SCHEMA_NOT, Input::StandIn(r#"{"notText": "text"}"#)),
    (&rules::SCHEMA_ONE_OF, Input::StandIn(r#"{"exactlyOne": "ab"}"#)),
    (&rules::SCHEMA_OTHER, Input::StandIn(r#"{"nonEmpty": {}}"#)),
    (
        &rules::SCHEMA_PATTERN,
        Input::Kind(
            "pay.request",
            r#"{"paymentAmount": {"currency": "usd", "value": "1"}}"#,
        ),
    ),
    (&rules::SCHEMA_RANGE, Input::StandIn(r#"{"count": 0}"#)),
    (&rules::SCHEMA_REQUIRED, Input::Kind("pay.request", "{}")),
    (
        &rules::SCHEMA_TYPE,
        Input::Kind("pay.request", r#"{"paymentRequestId": 5}"#),
    ),
    (
        &rules::SIGNATURE_INVALID,
        Input::Stdin(
            ANTOM_KEY,
            br#"{"method": "POST", "path": "/ams/api/v1/payments/pay", "direction": "response", "headers": {"client-id": "C1", "response-time": "1", "signature": "algorithm=RSA256,keyVersion=1,signature=QQ%3D%3D"}, "body": "{\"result\": {\"resultCode\": \"SUCCESS\", \"resultStatus\": \"S\", \"resultMessage\": \"success\"}}"}"#,
        ),
    ),
    (
        &rules::SIGNATURE_MISSING,
        Input::Stdin(
            ANTOM_KEY,
            br#"{"method": "POST", "path": "/ams/api/v1/payments/pay", "direction": "response", "headers": {"client-id": "C1", "response-time": "1"}, "body": "{\"result\": {\"resultCode\": \"SUCCESS\", \"resultStatus\": \"S\", \"resultMessage\": \"success\"}}"}"#,
        ),
    ),
    (
        &rules::SIGNATURE_UNVERIFIABLE,
        Input::Stdin(
            ANTOM_KEY,
            br#"{"method": "POST", "path": "/ams/api/v1/payments/pay", "direction": "response", "headers": {"client-id": "C1", "response-time": "1", "signature": "algorithm=RSA256,keyVersion=1,signature=QQ%3D%3D"}, "body": {"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}}}"#,
        ),
    ),
    (
        &rules::UNKNOWN_ENUM_VALUE,
        Input::Kind("pay.request", r#"{"productCode": "CASHIER_PAYMNT"}"#),
    ),
    (
        &rules::UNKNOWN_FIELD,
        Input::Kind(
            "pay.request",
            r#"{"paymentExpireTime": "2024-01-01T00:00:00Z"}"#,
        ),
    ),
];

/// A schema set of one message kind, `x.request`, using the keywords Antom's schemas leave
/// out.
const STAND_IN: &str = r#"{
    "type": "object",
    "properties": {
        "fixed": {"const": "A"},
        "list": {"type": "array", "minItems": 2},
        "notText": {"not": {"type": "string"}},
        "exactlyOne": {"oneOf": [{"type": "string"}, {"maxLength": 5}]},
        "nonEmpty": {"type": "object", "minProperties": 1},
        "count": {"type": "integer", "minimum": 1}
    }
}"#;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the linter with `args`, `input` on standard input.
fn run(args: &[&str], input: &[u8]) -> Output {
    let mut child = std::process::Command::cargo_bin("antom-lint")
        .expect("binary built")
        .current_dir(workspace())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).expect("input written");
    drop(stdin);
    child.wait_with_output().expect("runs")
}

/// The finding objects of JSON lines output (the summary line left out).
fn findings(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .filter(|v| v.get("summary").is_none())
        .collect()
}

/// The ids of the rules a fixture makes fire.
fn fired(input: &Input) -> Vec<String> {
    let base = ["--no-config", "--format", "json"];
    let from_cli = |args: &[&str], stdin: &[u8]| -> Vec<String> {
        let all: Vec<&str> = base.iter().chain(args).copied().collect();
        let output = run(&all, stdin);
        findings(&output)
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    match input {
        Input::Kind(kind, payload) => from_cli(&["--kind", kind], payload.as_bytes()),
        Input::Stdin(args, bytes) => from_cli(args, bytes),
        Input::Flow(messages) => {
            let mut ndjson = String::new();
            for (kind, body) in *messages {
                let body: Value = serde_json::from_str(body).expect("fixture body parses");
                ndjson.push_str(&serde_json::json!({"kind": kind, "body": body}).to_string());
                ndjson.push('\n');
            }
            from_cli(&["--input", "ndjson"], ndjson.as_bytes())
        }
        Input::StandIn(payload) => {
            let catalog = r#"{"baseUri": "https://stand-in.invalid/", "kinds": [{"id": "x.request", "api": "x", "role": "request", "method": "POST", "path": "/x", "direction": "merchant-to-antom", "schema": "x.request.schema.json"}]}"#;
            let schemas = Schemas::from_files([
                ("catalog.json".to_string(), catalog.to_string()),
                ("x.request.schema.json".to_string(), STAND_IN.to_string()),
            ])
            .expect("the stand-in schemas load");
            let validator = Validator::with_schemas(schemas).expect("the stand-in compiles");
            let hints = Hints {
                kind: Some("x.request"),
                ..Hints::default()
            };
            check_record(&validator, payload, &hints, CheckOptions::default())
                .expect("checks")
                .findings
                .iter()
                .map(|l| l.finding.rule.id.to_string())
                .collect()
        }
    }
}

#[test]
fn every_rule_fires_on_its_fixture() {
    let missing: Vec<&str> = RULES
        .iter()
        .filter(|r| !FIXTURES.iter().any(|(f, _)| f == *r))
        .map(|r| r.id)
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a fixture (add a row to FIXTURES in {}): {missing:?}",
        file!()
    );
    for (rule, input) in FIXTURES {
        let fired = fired(input);
        assert!(
            fired.iter().any(|id| id == rule.id),
            "{}: its fixture made only {fired:?} fire",
            rule.id
        );
        for id in &fired {
            assert!(
                rules::by_id(id).is_some(),
                "{id} (from the fixture of {}) is not in the registry",
                rule.id
            );
        }
    }
}

/// Notes that the documented samples cause by design: the pages disagree about a member
/// (`documents-disagree`), and a page shows a notification without its pay request
/// (`payment-request-unseen`).
const NOTES_ON_SAMPLES: &[&Rule] = &[&rules::DOCUMENTS_DISAGREE, &rules::PAYMENT_REQUEST_UNSEEN];

#[test]
fn rules_stay_silent_on_the_clean_documented_samples() {
    let root = workspace();
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("conformance/samples/manifest.json")).unwrap(),
    )
    .unwrap();
    let valid: Vec<String> = manifest["samples"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["definition"].is_null() && s["expect"]["valid"] == true)
        .map(|s| format!("conformance/samples/{}", s["file"].as_str().unwrap()))
        .collect();
    assert!(valid.len() > 30, "{}", valid.len());
    let mut args = vec![
        "--config",
        "conformance/samples/antom-lint.toml",
        "--format",
        "json",
    ];
    args.extend(valid.iter().map(String::as_str));
    let output = run(&args, b"");
    // A finding the configuration lists as a known defect of the page comes as a note
    // saying so; any other finding is a rule that does not stay silent.
    let loud: Vec<String> = findings(&output)
        .iter()
        .filter(|f| {
            let known = f["message"].as_str().unwrap().contains(" (known: ");
            let by_design = NOTES_ON_SAMPLES.iter().any(|r| f["rule"] == r.id);
            !(f["severity"] == "note" && (known || by_design))
        })
        .map(|f| {
            format!(
                "{} {} {} {}",
                f["file"], f["rule"], f["pointer"], f["message"]
            )
        })
        .collect();
    assert!(loud.is_empty(), "{loud:#?}");
    assert_eq!(output.status.code(), Some(0));
}

const START: &str = "<!-- rules:start -->";
const END: &str = "<!-- rules:end -->";

/// `UPDATE_README=1 cargo test -p antom-lint --test rules` rewrites the table.
#[test]
fn readme_rule_table_is_the_registry() {
    let output = run(&["rules", "--format", "markdown"], b"");
    assert_eq!(output.status.code(), Some(0));
    let table = String::from_utf8(output.stdout).unwrap();
    let path = workspace().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (Some(start), Some(end)) = (readme.find(START), readme.find(END)) else {
        panic!("README.md has no {START} ... {END} block");
    };
    let current = &readme[start + START.len()..end];
    let wanted = format!("\n{table}");
    if current == wanted {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{START}{wanted}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    panic!(
        "README.md's rule table is stale; refresh it with\n  UPDATE_README=1 cargo test -p antom-lint --test rules readme\n(or paste the output of `cargo run -p antom-lint -- rules --format markdown` between {START} and {END})"
    );
}
