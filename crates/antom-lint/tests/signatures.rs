//! Signatures of captured traffic: `--antom-public-key`, `--merchant-public-key` and the
//! `[signatures]` table, over a HAR capture and an NDJSON log signed here, in the test, with
//! the test-only keys of `antom-signature` (`crates/antom-signature/tests/keys/`).
//!
//! Key A (RSA 2048) plays Antom, key B (RSA 3072) the merchant, except where a test says
//! otherwise.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use antom_signature::{SignedMessage, SigningKey};
use assert_cmd::Command;
use common::{all_output, json_lines};
use serde_json::{json, Value};

const CLIENT_ID: &str = "SANDBOX_5YBX2K2ZAB8D07412";
const PAY_PATH: &str = "/ams/api/v1/payments/pay";
const INQUIRY_PATH: &str = "/ams/api/v1/payments/inquiryPayment";
const NOTIFY_URL: &str = "https://shop.example.com/antom/notify";
const NOTIFY_PATH: &str = "/antom/notify";

// The bodies as they travel: spacing and member order are part of what is signed.
const PAY_REQUEST: &str = r#"{"productCode": "CASHIER_PAYMENT", "paymentRequestId": "PAY-SIG-0001", "paymentAmount": {"currency": "SGD", "value": "4200"}, "paymentMethod": {"paymentMethodType": "ALIPAY_CN"}, "paymentRedirectUrl": "https://shop.example.com/orders/ORDER-SIG-1/result", "paymentNotifyUrl": "https://shop.example.com/antom/notify", "order": {"referenceOrderId": "ORDER-SIG-1", "orderDescription": "Espresso machine", "orderAmount": {"currency": "SGD", "value": "4200"}}, "env": {"terminalType": "WEB", "clientIp": "1.178.216.0"}, "settlementStrategy": {"settlementCurrency": "SGD"}}"#;
const PAY_RESPONSE: &str = r#"{"result": {"resultCode": "PAYMENT_IN_PROCESS", "resultStatus": "U", "resultMessage": "payment in process"}, "paymentRequestId": "PAY-SIG-0001", "paymentId": "20240301194010800100188570271839001", "paymentAmount": {"currency": "SGD", "value": "4200"}, "paymentCreateTime": "2024-03-01T10:00:00+08:00", "normalUrl": "https://open-sea-global.alipay.com/pay/ok"}"#;
const NOTIFY_PAYMENT: &str = r#"{"notifyType": "PAYMENT_RESULT", "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}, "paymentRequestId": "PAY-SIG-0001", "paymentId": "20240301194010800100188570271839001", "paymentAmount": {"currency": "SGD", "value": "4200"}, "paymentCreateTime": "2024-03-01T10:00:00+08:00", "paymentTime": "2024-03-01T10:00:09+08:00"}"#;
const ACK: &str =
    r#"{"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}}"#;
const INQUIRY_REQUEST: &str = r#"{"paymentRequestId": "PAY-SIG-0001"}"#;
const INQUIRY_RESPONSE: &str = r#"{"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "Success"}, "paymentStatus": "SUCCESS", "paymentRequestId": "PAY-SIG-0001", "paymentId": "20240301194010800100188570271839001", "paymentAmount": {"currency": "SGD", "value": "4200"}, "paymentCreateTime": "2024-03-01T10:00:00+08:00", "paymentTime": "2024-03-01T10:00:09+08:00"}"#;

const MERCHANT_TIME: &str = "1709258400000";
const RESPONSE_TIME: &str = "2024-03-01T10:00:01+08:00";
// Antom's notifications carry an ISO 8601 request-time.
const NOTIFY_TIME: &str = "2024-03-01T10:00:10+08:00";

fn keys_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../antom-signature/tests/keys")
}

fn key_file(name: &str) -> String {
    keys_dir().join(name).to_string_lossy().into_owned()
}

/// Antom's stand-in public key (pair A), as PEM.
fn antom_public() -> String {
    key_file("test_a_public_spki.pem")
}

/// The merchant's stand-in public key (pair B), as bare base64.
fn merchant_public() -> String {
    key_file("test_b_public_spki.b64")
}

fn signing_key(name: &str) -> SigningKey {
    SigningKey::parse(&std::fs::read_to_string(keys_dir().join(name)).unwrap()).unwrap()
}

fn antom_signer() -> SigningKey {
    signing_key("test_a_private_pkcs8.pem")
}

fn merchant_signer() -> SigningKey {
    signing_key("test_b_private_pkcs8.b64")
}

/// The `signature` header value for one message.
fn sign(key: &SigningKey, version: u32, path: &str, time: &str, body: &str) -> String {
    let message = SignedMessage {
        method: "POST",
        path,
        client_id: CLIENT_ID,
        time,
        body: body.as_bytes(),
    };
    key.sign_header(&message, version).unwrap().to_string()
}

fn har_headers(pairs: &[(&str, &str)]) -> Value {
    let mut list =
        vec![json!({"name": "Content-Type", "value": "application/json; charset=UTF-8"})];
    list.extend(
        pairs
            .iter()
            .map(|(name, value)| json!({"name": name, "value": value})),
    );
    Value::Array(list)
}

fn har_entry(url: &str, request: (Value, &str), response: (Value, Value)) -> Value {
    json!({
        "startedDateTime": "2024-03-01T10:00:00.000+08:00",
        "time": 120,
        "request": {
            "method": "POST",
            "url": url,
            "httpVersion": "HTTP/1.1",
            "headers": request.0,
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": -1,
            "postData": {"mimeType": "application/json; charset=UTF-8", "text": request.1}
        },
        "response": {
            "status": 200,
            "statusText": "OK",
            "httpVersion": "HTTP/1.1",
            "headers": response.0,
            "cookies": [],
            "content": response.1,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1
        },
        "cache": {},
        "timings": {"send": 1, "wait": 100, "receive": 19}
    })
}

fn text_content(body: &str) -> Value {
    json!({"size": body.len(), "mimeType": "application/json", "text": body})
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// How to spoil one message of a capture after it was signed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Spoil {
    None,
    /// One byte of the pay response body changed (HAR record 2, NDJSON record 2).
    PayResponseBody,
    /// One byte of the notification body changed (HAR record 3, NDJSON record 3).
    NotificationBody,
    /// One byte of the pay request body changed (record 1).
    PayRequestBody,
    /// The notification without its signature header.
    NotificationUnsigned,
}

/// Changes one byte: the `4200` of the payment amount becomes `4201`... in the first place
/// it occurs, or the resultMessage's first letter where there is no amount.
fn one_byte_changed(body: &str) -> String {
    let at = body
        .find("\"value\": \"4200\"")
        .map(|i| i + "\"value\": \"420".len())
        .unwrap_or_else(|| body.find("success").unwrap());
    let mut bytes = body.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'0' { b'1' } else { b'S' };
    String::from_utf8(bytes).unwrap()
}

/// A HAR capture: a pay request and its response, a notifyPayment posted to the merchant's
/// `/antom/notify` with the acknowledgement, and an inquiry whose response is base64.
/// Records: 1 pay.request, 2 pay.response, 3 notification, 4 ack, 5 inquiry request, 6
/// inquiry response. Antom signs with `antom_version` of key `antom`.
fn make_har(spoil: Spoil, antom: &SigningKey, antom_version: u32) -> String {
    let merchant = merchant_signer();
    let pay_request_sig = sign(&merchant, 1, PAY_PATH, MERCHANT_TIME, PAY_REQUEST);
    let pay_response_sig = sign(antom, antom_version, PAY_PATH, RESPONSE_TIME, PAY_RESPONSE);
    let notify_sig = sign(
        antom,
        antom_version,
        NOTIFY_PATH,
        NOTIFY_TIME,
        NOTIFY_PAYMENT,
    );
    let inquiry_request_sig = sign(&merchant, 1, INQUIRY_PATH, MERCHANT_TIME, INQUIRY_REQUEST);
    let inquiry_response_sig = sign(
        antom,
        antom_version,
        INQUIRY_PATH,
        RESPONSE_TIME,
        INQUIRY_RESPONSE,
    );
    let body = |which: Spoil, text: &str| {
        if spoil == which {
            one_byte_changed(text)
        } else {
            text.to_string()
        }
    };
    let mut notify_headers = vec![
        ("client-id", CLIENT_ID),
        ("request-time", NOTIFY_TIME),
        ("signature", notify_sig.as_str()),
    ];
    if spoil == Spoil::NotificationUnsigned {
        notify_headers.pop();
    }
    let entries = vec![
        har_entry(
            &format!("https://open-sea-global.alipay.com{PAY_PATH}"),
            (
                har_headers(&[
                    ("Client-Id", CLIENT_ID),
                    ("Request-Time", MERCHANT_TIME),
                    ("Signature", pay_request_sig.as_str()),
                ]),
                &body(Spoil::PayRequestBody, PAY_REQUEST),
            ),
            (
                har_headers(&[
                    ("client-id", CLIENT_ID),
                    ("response-time", RESPONSE_TIME),
                    ("signature", pay_response_sig.as_str()),
                ]),
                text_content(&body(Spoil::PayResponseBody, PAY_RESPONSE)),
            ),
        ),
        har_entry(
            NOTIFY_URL,
            (
                har_headers(&notify_headers),
                &body(Spoil::NotificationBody, NOTIFY_PAYMENT),
            ),
            // The acknowledgement is not signed.
            (har_headers(&[]), text_content(ACK)),
        ),
        har_entry(
            &format!("https://open-sea-global.alipay.com{INQUIRY_PATH}"),
            (
                har_headers(&[
                    ("client-id", CLIENT_ID),
                    ("request-time", MERCHANT_TIME),
                    ("signature", inquiry_request_sig.as_str()),
                ]),
                INQUIRY_REQUEST,
            ),
            (
                // HTTP/2 captures have lower-case names; this response leaves out client-id,
                // which then comes from its request, as the SDKs use their own client id.
                har_headers(&[
                    ("response-time", RESPONSE_TIME),
                    ("signature", inquiry_response_sig.as_str()),
                ]),
                json!({
                    "size": INQUIRY_RESPONSE.len(),
                    "mimeType": "application/json",
                    "encoding": "base64",
                    "text": base64(INQUIRY_RESPONSE.as_bytes())
                }),
            ),
        ),
    ];
    let capture = json!({
        "log": {
            "version": "1.2",
            "creator": {"name": "antom-lint tests", "version": "1"},
            "entries": entries
        }
    });
    serde_json::to_string_pretty(&capture).unwrap()
}

/// An NDJSON log of envelopes with headers and raw string bodies: 1 pay request, 2 pay
/// response, 3 notification (posted to the merchant's URL, direction antom-to-merchant), 4
/// acknowledgement (merchant-to-antom).
fn make_ndjson(spoil: Spoil) -> String {
    let (antom, merchant) = (antom_signer(), merchant_signer());
    let body = |which: Spoil, text: &str| {
        if spoil == which {
            one_byte_changed(text)
        } else {
            text.to_string()
        }
    };
    let lines = [
        json!({
            "method": "POST", "path": PAY_PATH, "direction": "request",
            "headers": {"client-id": CLIENT_ID, "request-time": MERCHANT_TIME,
                        "signature": sign(&merchant, 1, PAY_PATH, MERCHANT_TIME, PAY_REQUEST)},
            "body": body(Spoil::PayRequestBody, PAY_REQUEST)
        }),
        json!({
            "method": "POST", "path": PAY_PATH, "direction": "response",
            "headers": {"client-id": CLIENT_ID, "response-time": RESPONSE_TIME,
                        "signature": sign(&antom, 1, PAY_PATH, RESPONSE_TIME, PAY_RESPONSE)},
            "body": body(Spoil::PayResponseBody, PAY_RESPONSE)
        }),
        json!({
            "method": "POST", "path": NOTIFY_URL, "direction": "antom-to-merchant",
            "headers": {"Client-Id": CLIENT_ID, "Request-Time": NOTIFY_TIME,
                        "Signature": sign(&antom, 1, NOTIFY_PATH, NOTIFY_TIME, NOTIFY_PAYMENT)},
            "body": body(Spoil::NotificationBody, NOTIFY_PAYMENT)
        }),
        json!({
            "method": "POST", "path": NOTIFY_PATH, "direction": "merchant-to-antom",
            "headers": {"content-type": "application/json"},
            "body": ACK
        }),
    ];
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "antom-lint-signatures-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// The linter in `dir`, without a configuration file unless `args` names one.
fn lint_in(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::cargo_bin("antom-lint").unwrap();
    cmd.current_dir(dir).args(["--format", "json"]);
    if !args.contains(&"--config") {
        cmd.arg("--no-config");
    }
    cmd.args(args).output().unwrap()
}

/// (rule, severity, file name, record, kind) of each signature finding.
fn signature_findings(output: &Output) -> Vec<(String, String, String, u64, String)> {
    let (findings, _) = json_lines(output);
    findings
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("signature-"))
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                Path::new(f["file"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                f["record"].as_u64().unwrap(),
                f["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn rules_and_records(output: &Output) -> Vec<(String, u64)> {
    signature_findings(output)
        .into_iter()
        .map(|(rule, _, _, record, _)| (rule, record))
        .collect()
}

fn both_keys<'a>(antom: &'a str, merchant: &'a str) -> Vec<&'a str> {
    vec![
        "--antom-public-key",
        antom,
        "--merchant-public-key",
        merchant,
    ]
}

#[test]
fn the_right_keys_find_nothing_wrong() {
    let dir = scratch("right");
    let har = write(
        &dir,
        "capture.har",
        &make_har(Spoil::None, &antom_signer(), 1),
    );
    let log = write(&dir, "traffic.ndjson", &make_ndjson(Spoil::None));
    let (a, m) = (antom_public(), merchant_public());
    let mut args = both_keys(&a, &m);
    args.extend([har.as_str(), log.as_str()]);
    let o = lint_in(&dir, &args);
    assert_eq!(signature_findings(&o), vec![], "{}", all_output(&o));
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let (_, summary) = json_lines(&o);
    assert_eq!(summary["records"], 10);
}

#[test]
fn without_keys_headers_change_nothing() {
    let dir = scratch("nokeys");
    let signed = make_har(Spoil::NotificationBody, &antom_signer(), 1);
    // The same capture with every header taken out.
    let mut stripped: Value = serde_json::from_str(&signed).unwrap();
    for entry in stripped["log"]["entries"].as_array_mut().unwrap() {
        entry["request"]["headers"] = json!([]);
        entry["response"]["headers"] = json!([]);
    }
    let signed_path = write(&dir, "signed.har", &signed);
    let stripped_path = write(
        &dir,
        "stripped.har",
        &serde_json::to_string_pretty(&stripped).unwrap(),
    );
    let with_headers = lint_in(&dir, &[&signed_path]);
    let without = lint_in(&dir, &[&stripped_path]);
    assert_eq!(signature_findings(&with_headers), vec![]);
    let shape = |o: &Output| {
        let (findings, summary) = json_lines(o);
        let rules: Vec<(Value, Value, Value)> = findings
            .iter()
            .map(|f| (f["rule"].clone(), f["record"].clone(), f["kind"].clone()))
            .collect();
        (rules, summary)
    };
    assert_eq!(shape(&with_headers), shape(&without));
    assert_eq!(with_headers.status.code(), without.status.code());
    let log = write(&dir, "traffic.ndjson", &make_ndjson(Spoil::PayResponseBody));
    assert_eq!(signature_findings(&lint_in(&dir, &[&log])), vec![]);
}

#[test]
fn a_byte_changed_after_signing_is_signature_invalid_at_that_record() {
    let dir = scratch("tampered");
    let (a, m) = (antom_public(), merchant_public());
    for (spoil, record) in [(Spoil::PayResponseBody, 2), (Spoil::NotificationBody, 3)] {
        let har = write(&dir, "capture.har", &make_har(spoil, &antom_signer(), 1));
        let mut args = both_keys(&a, &m);
        args.push(&har);
        let o = lint_in(&dir, &args);
        let found = signature_findings(&o);
        assert_eq!(found.len(), 1, "{found:?}");
        let (rule, severity, file, at, _) = &found[0];
        assert_eq!(
            (rule.as_str(), severity.as_str(), file.as_str(), *at),
            ("signature-invalid", "error", "capture.har", record)
        );
        assert_eq!(o.status.code(), Some(1));

        let log = write(&dir, "traffic.ndjson", &make_ndjson(spoil));
        let mut args = both_keys(&a, &m);
        args.push(&log);
        let o = lint_in(&dir, &args);
        let (findings, _) = json_lines(&o);
        let signature: Vec<&Value> = findings
            .iter()
            .filter(|f| f["rule"] == "signature-invalid")
            .collect();
        assert_eq!(signature.len(), 1, "{findings:?}");
        assert_eq!(signature[0]["record"], record);
        // One record per line: the finding is on the record's line.
        assert_eq!(signature[0]["line"], record);
        assert!(
            signature[0]["message"]
                .as_str()
                .unwrap()
                .contains("does not verify with Antom's public key (keyVersion 1)"),
            "{}",
            signature[0]
        );
    }
}

#[test]
fn the_wrong_key_fails_every_message_antom_signed() {
    let dir = scratch("wrong");
    let har = write(
        &dir,
        "capture.har",
        &make_har(Spoil::None, &antom_signer(), 1),
    );
    let log = write(&dir, "traffic.ndjson", &make_ndjson(Spoil::None));
    // Key B is not Antom's: pay response, notification and inquiry response fail; the
    // merchant's requests are not checked without its key and the acknowledgement is never
    // signed.
    let wrong = merchant_public();
    let o = lint_in(&dir, &["--antom-public-key", &wrong, &har, &log]);
    let found = signature_findings(&o);
    let places: Vec<(&str, &str, u64, &str)> = found
        .iter()
        .map(|(rule, _, file, record, kind)| (rule.as_str(), file.as_str(), *record, kind.as_str()))
        .collect();
    assert_eq!(
        places,
        vec![
            ("signature-invalid", "capture.har", 2, "pay.response"),
            (
                "signature-invalid",
                "capture.har",
                3,
                "notifyPayment.notification"
            ),
            (
                "signature-invalid",
                "capture.har",
                6,
                "inquiryPayment.response"
            ),
            ("signature-invalid", "traffic.ndjson", 2, "pay.response"),
            (
                "signature-invalid",
                "traffic.ndjson",
                3,
                "notifyPayment.notification"
            ),
        ]
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_missing_signature_header_is_signature_missing() {
    let dir = scratch("missing");
    let har = write(
        &dir,
        "capture.har",
        &make_har(Spoil::NotificationUnsigned, &antom_signer(), 1),
    );
    let a = antom_public();
    let o = lint_in(&dir, &["--antom-public-key", &a, &har]);
    let found = signature_findings(&o);
    assert_eq!(
        found,
        vec![(
            "signature-missing".to_string(),
            "warning".to_string(),
            "capture.har".to_string(),
            3,
            "notifyPayment.notification".to_string()
        )]
    );
    // A warning: the run fails only with --fail-on warning.
    assert_eq!(o.status.code(), Some(0));
    let o = lint_in(
        &dir,
        &["--antom-public-key", &a, "--fail-on", "warning", &har],
    );
    assert_eq!(o.status.code(), Some(1));

    // The findings point at the signature header of the HAR entry, or at the headers when
    // there is none.
    let (findings, _) = json_lines(&o);
    let missing = findings
        .iter()
        .find(|f| f["rule"] == "signature-missing")
        .unwrap();
    let text = std::fs::read_to_string(&har).unwrap();
    let line = text
        .lines()
        .nth(missing["line"].as_u64().unwrap() as usize - 1);
    assert!(line.unwrap().contains("\"headers\""), "{line:?}");

    // Captures of the merchant's side without any signature: every message Antom signs.
    let flow = common::fixtures().join("flow.har");
    let o = lint_in(&dir, &["--antom-public-key", &a, flow.to_str().unwrap()]);
    let found = signature_findings(&o);
    assert!(!found.is_empty());
    assert!(found
        .iter()
        .all(|(rule, _, _, _, kind)| rule == "signature-missing"
            && (kind.ends_with(".response") || kind.ends_with(".notification"))));
}

#[test]
fn a_body_logged_as_an_object_or_missing_headers_are_unverifiable() {
    let dir = scratch("unverifiable");
    let antom = antom_signer();
    let notification: Value = serde_json::from_str(NOTIFY_PAYMENT).unwrap();
    let lines = [
        // The body as a JSON object: the bytes that were signed are gone.
        json!({
            "method": "POST", "path": NOTIFY_PATH, "direction": "request",
            "headers": {"client-id": CLIENT_ID, "request-time": NOTIFY_TIME,
                        "signature": sign(&antom, 1, NOTIFY_PATH, NOTIFY_TIME, NOTIFY_PAYMENT)},
            "body": notification
        }),
        // No request-time header.
        json!({
            "method": "POST", "path": NOTIFY_PATH, "direction": "request",
            "headers": {"client-id": CLIENT_ID,
                        "signature": sign(&antom, 1, NOTIFY_PATH, NOTIFY_TIME, NOTIFY_PAYMENT)},
            "body": NOTIFY_PAYMENT
        }),
        // No client-id and no response-time.
        json!({
            "method": "POST", "path": PAY_PATH, "direction": "response",
            "headers": {"signature": sign(&antom, 1, PAY_PATH, RESPONSE_TIME, PAY_RESPONSE)},
            "body": PAY_RESPONSE
        }),
        // Without headers at all, an envelope is not checked.
        json!({"method": "POST", "path": PAY_PATH, "direction": "response", "body": PAY_RESPONSE}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let log = write(&dir, "log.ndjson", &text);
    let a = antom_public();
    let o = lint_in(&dir, &["--antom-public-key", &a, &log]);
    assert_eq!(
        rules_and_records(&o),
        vec![
            ("signature-unverifiable".to_string(), 1),
            ("signature-unverifiable".to_string(), 2),
            ("signature-unverifiable".to_string(), 3),
        ]
    );
    let (findings, _) = json_lines(&o);
    let messages: Vec<&str> = findings
        .iter()
        .filter(|f| f["rule"] == "signature-unverifiable")
        .map(|f| {
            assert_eq!(f["severity"], "note");
            f["message"].as_str().unwrap()
        })
        .collect();
    assert!(
        messages[0].contains("logged as a JSON value"),
        "{messages:?}"
    );
    assert!(messages[1].contains("without its request-time header"));
    assert!(messages[2].contains("without its client-id and response-time header"));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn the_merchant_key_checks_the_merchants_requests() {
    let dir = scratch("merchant");
    let m = merchant_public();
    let har = write(
        &dir,
        "capture.har",
        &make_har(Spoil::PayRequestBody, &antom_signer(), 1),
    );
    let log = write(&dir, "traffic.ndjson", &make_ndjson(Spoil::None));
    let o = lint_in(&dir, &["--merchant-public-key", &m, &har, &log]);
    assert_eq!(
        rules_and_records(&o),
        vec![("signature-invalid".to_string(), 1)],
        "{}",
        all_output(&o)
    );
    let (findings, _) = json_lines(&o);
    let f = findings
        .iter()
        .find(|f| f["rule"] == "signature-invalid")
        .unwrap();
    assert_eq!(f["kind"], "pay.request");
    assert!(f["message"]
        .as_str()
        .unwrap()
        .contains("merchant's request does not verify with the merchant's public key"));
    assert!(f["expected"]
        .as_str()
        .unwrap()
        .contains("\"POST /ams/api/v1/payments/pay\""));

    // Antom's key in the merchant's place: both requests of the HAR, and the NDJSON one.
    let wrong = antom_public();
    let clean = write(
        &dir,
        "clean.har",
        &make_har(Spoil::None, &antom_signer(), 1),
    );
    let o = lint_in(&dir, &["--merchant-public-key", &wrong, &clean, &log]);
    let found: Vec<(String, String, u64)> = signature_findings(&o)
        .into_iter()
        .map(|(rule, _, file, record, _)| (rule, file, record))
        .collect();
    assert_eq!(
        found,
        vec![
            ("signature-invalid".into(), "clean.har".into(), 1),
            ("signature-invalid".into(), "clean.har".into(), 5),
            ("signature-invalid".into(), "traffic.ndjson".into(), 1),
        ]
    );
}

#[test]
fn keys_come_from_the_config_file_relative_to_it() {
    let dir = scratch("config");
    let keys = dir.join("conf/keys");
    std::fs::create_dir_all(&keys).unwrap();
    std::fs::copy(antom_public(), keys.join("antom.pem")).unwrap();
    std::fs::copy(merchant_public(), keys.join("merchant.b64")).unwrap();
    let config = write(
        &dir.join("conf"),
        "antom-lint.toml",
        "[signatures]\nantom-public-key = \"keys/antom.pem\"\nmerchant-public-key = { default = \"keys/merchant.b64\" }\n",
    );
    let har = write(
        &dir,
        "capture.har",
        &make_har(Spoil::NotificationBody, &antom_signer(), 1),
    );
    // Run from elsewhere: the key paths are relative to the configuration file.
    let o = lint_in(Path::new("/"), &["--config", &config, &har]);
    assert_eq!(
        rules_and_records(&o),
        vec![("signature-invalid".to_string(), 3)],
        "{}",
        all_output(&o)
    );
    // A key on the command line replaces the file's key of that side only.
    let wrong_antom = merchant_public();
    let o = lint_in(
        Path::new("/"),
        &[
            "--config",
            &config,
            "--antom-public-key",
            &wrong_antom,
            &har,
        ],
    );
    let found = rules_and_records(&o);
    assert_eq!(
        found,
        vec![
            ("signature-invalid".to_string(), 2),
            ("signature-invalid".to_string(), 3),
            ("signature-invalid".to_string(), 6),
        ]
    );
    // An unreadable key file is a usage error (exit status 2), naming the file.
    let broken = write(
        &dir.join("conf"),
        "broken.toml",
        "[signatures]\nantom-public-key = \"keys/none.pem\"\n",
    );
    let o = lint_in(Path::new("/"), &["--config", &broken, &har]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        all_output(&o).contains("keys/none.pem"),
        "{}",
        all_output(&o)
    );
}

#[test]
fn keys_by_key_version() {
    let dir = scratch("versions");
    // Antom signs with key B under keyVersion 2.
    let har = write(
        &dir,
        "capture.har",
        &make_har(Spoil::None, &merchant_signer(), 2),
    );
    let (a, b) = (antom_public(), merchant_public());
    let v1 = format!("1={a}");
    let v2 = format!("2={b}");
    let o = lint_in(
        &dir,
        &["--antom-public-key", &v1, "--antom-public-key", &v2, &har],
    );
    assert_eq!(signature_findings(&o), vec![], "{}", all_output(&o));

    // The default key (A) for versions without a key of their own: wrong for keyVersion 2.
    let o = lint_in(&dir, &["--antom-public-key", &a, &har]);
    assert_eq!(rules_and_records(&o).len(), 3);
    let o = lint_in(
        &dir,
        &["--antom-public-key", &a, "--antom-public-key", &v2, &har],
    );
    assert_eq!(signature_findings(&o), vec![]);

    // Only keyVersion 1 and no default key: keyVersion 2 has no key at all.
    let o = lint_in(&dir, &["--antom-public-key", &v1, &har]);
    let (findings, _) = json_lines(&o);
    let invalid: Vec<&Value> = findings
        .iter()
        .filter(|f| f["rule"] == "signature-invalid")
        .collect();
    assert_eq!(invalid.len(), 3);
    assert!(invalid[0]["message"]
        .as_str()
        .unwrap()
        .contains("names keyVersion 2, and neither a key for that version nor a default key"));

    // The same as a table of the configuration file.
    let config = write(
        &dir,
        "antom-lint.toml",
        &format!("[signatures]\nantom-public-key = {{ 1 = {a:?}, 2 = {b:?} }}\n"),
    );
    let o = lint_in(&dir, &["--config", &config, &har]);
    assert_eq!(signature_findings(&o), vec![], "{}", all_output(&o));

    // Two keys for one version is a usage error.
    let o = lint_in(
        &dir,
        &["--antom-public-key", &v2, "--antom-public-key", &v2, &har],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_malformed_header_is_signature_invalid() {
    let dir = scratch("malformed");
    let line = json!({
        "method": "POST", "path": PAY_PATH, "direction": "response",
        "headers": {"client-id": CLIENT_ID, "response-time": RESPONSE_TIME,
                    "signature": "algorithm=RSA512,keyVersion=1,signature=QQ%3D%3D"},
        "body": PAY_RESPONSE
    });
    let log = write(&dir, "log.ndjson", &format!("{line}\n"));
    let a = antom_public();
    let o = lint_in(&dir, &["--antom-public-key", &a, &log]);
    let (findings, _) = json_lines(&o);
    let f = findings
        .iter()
        .find(|f| f["rule"] == "signature-invalid")
        .expect("a finding");
    assert!(
        f["message"].as_str().unwrap().contains("does not parse"),
        "{f}"
    );
}

#[test]
fn a_notify_path_with_a_query_string_verifies_either_way() {
    let dir = scratch("query");
    let antom = antom_signer();
    let target = "/antom/notify?shop=7";
    let lines: String = [
        sign(&antom, 1, NOTIFY_PATH, NOTIFY_TIME, NOTIFY_PAYMENT),
        sign(&antom, 1, target, NOTIFY_TIME, NOTIFY_PAYMENT),
    ]
    .iter()
    .map(|signature| {
        let line = json!({
            "method": "POST", "url": format!("https://shop.example.com{target}"),
            "direction": "request",
            "headers": {"client-id": CLIENT_ID, "request-time": NOTIFY_TIME, "signature": signature},
            "body": NOTIFY_PAYMENT
        });
        format!("{line}\n")
    })
    .collect();
    let log = write(&dir, "log.ndjson", &lines);
    let a = antom_public();
    let o = lint_in(&dir, &["--antom-public-key", &a, &log]);
    assert_eq!(signature_findings(&o), vec![], "{}", all_output(&o));
}

#[test]
fn notifications_posted_to_the_merchants_url_are_resolved_among_notifications() {
    let dir = scratch("kinds");
    // Without keys: the notification goes antom-to-merchant on the merchant's own URL, and
    // the acknowledgement merchant-to-antom; both HAR and NDJSON resolve them by their shape
    // among the notification kinds and the acknowledgement.
    let har = write(
        &dir,
        "capture.har",
        &make_har(Spoil::None, &antom_signer(), 1),
    );
    let log = write(&dir, "traffic.ndjson", &make_ndjson(Spoil::None));
    for (path, kinds) in [
        (
            &har,
            json!({"pay.request": 1, "pay.response": 1, "notifyPayment.notification": 1,
                   "notification.ack": 1, "inquiryPayment.request": 1, "inquiryPayment.response": 1}),
        ),
        (
            &log,
            json!({"pay.request": 1, "pay.response": 1, "notifyPayment.notification": 1,
                   "notification.ack": 1}),
        ),
    ] {
        let o = lint_in(&dir, &[path]);
        let (findings, summary) = json_lines(&o);
        assert_eq!(summary["by_kind"], kinds, "{findings:?}");
        let errors: Vec<&Value> = findings
            .iter()
            .filter(|f| f["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let inferred: Vec<(u64, &str)> = findings
            .iter()
            .filter(|f| f["rule"] == "kind-inferred")
            .map(|f| (f["record"].as_u64().unwrap(), f["kind"].as_str().unwrap()))
            .collect();
        assert_eq!(
            inferred,
            vec![(3, "notifyPayment.notification"), (4, "notification.ack")]
        );
    }
}

#[test]
fn key_material_and_card_data_never_show() {
    let dir = scratch("secrets");
    // A private key given as the public key: a usage error that does not echo the file.
    let private = key_file("test_a_private_pkcs8.b64");
    let har = write(
        &dir,
        "capture.har",
        &make_har(Spoil::None, &antom_signer(), 1),
    );
    let o = lint_in(&dir, &["--antom-public-key", &private, &har]);
    assert_eq!(o.status.code(), Some(2));
    let out = all_output(&o);
    assert!(out.contains("does not hold a usable public key"), "{out}");
    let secret = std::fs::read_to_string(&private).unwrap();
    for piece in secret.as_bytes().chunks(24) {
        assert!(
            !out.contains(std::str::from_utf8(piece).unwrap().trim()),
            "{out}"
        );
    }

    // A card payment whose request was changed after signing: the finding does not repeat
    // the card number.
    let card = r#"{"productCode": "CASHIER_PAYMENT", "paymentRequestId": "PAY-SIG-CARD", "paymentAmount": {"currency": "SGD", "value": "4200"}, "paymentMethod": {"paymentMethodType": "CARD", "paymentMethodMetaData": {"cardNo": "4111111111111111", "cvv": "123", "expiryYear": "31", "expiryMonth": "12"}}, "order": {"referenceOrderId": "ORDER-SIG-2"}, "env": {"terminalType": "WEB"}}"#;
    let line = json!({
        "method": "POST", "path": PAY_PATH, "direction": "request",
        "headers": {"client-id": CLIENT_ID, "request-time": MERCHANT_TIME,
                    "signature": sign(&merchant_signer(), 1, PAY_PATH, MERCHANT_TIME, card)},
        "body": one_byte_changed(card)
    });
    let log = write(&dir, "card.ndjson", &format!("{line}\n"));
    let m = merchant_public();
    for format in ["json", "human", "sarif", "github"] {
        let o = Command::cargo_bin("antom-lint")
            .unwrap()
            .current_dir(&dir)
            .args([
                "--no-config",
                "--format",
                format,
                "--merchant-public-key",
                &m,
                &log,
            ])
            .output()
            .unwrap();
        let out = all_output(&o);
        assert!(out.contains("signature-invalid"), "{out}");
        assert!(!out.contains("4111111111111111"), "{format}: {out}");
    }
}
