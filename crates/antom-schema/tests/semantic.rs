//! Each single-payload rule with a payload that triggers it and one that does not.

use std::sync::OnceLock;

use antom_schema::rules::{self, Rule};
use antom_schema::{result_codes, semantic, Finding, Severity, Validator};
use serde_json::{json, Value};

fn validator() -> &'static Validator {
    static V: OnceLock<Validator> = OnceLock::new();
    V.get_or_init(|| Validator::new().expect("embedded schemas load"))
}

fn findings(kind: &str, payload: &Value) -> Vec<Finding> {
    semantic::check(validator(), kind, payload)
}

/// (rule, pointer) of every finding.
fn hits(kind: &str, payload: &Value) -> Vec<(&'static Rule, String)> {
    findings(kind, payload)
        .into_iter()
        .map(|f| (f.rule, f.pointer))
        .collect()
}

fn has(kind: &str, payload: &Value, rule: &Rule, pointer: &str) -> bool {
    hits(kind, payload)
        .iter()
        .any(|(r, p)| *r == rule && p == pointer)
}

fn fires(kind: &str, payload: &Value, rule: &Rule) -> bool {
    hits(kind, payload).iter().any(|(r, _)| *r == rule)
}

/// A pay request that breaks no rule of this module.
fn pay_request() -> Value {
    json!({
        "productCode": "CASHIER_PAYMENT",
        "paymentRequestId": "PAY-0001",
        "paymentAmount": {"currency": "HKD", "value": "100"},
        "paymentMethod": {"paymentMethodType": "ALIPAY_HK"},
        "settlementStrategy": {"settlementCurrency": "USD"},
        "paymentRedirectUrl": "https://shop.example.com/result",
        "paymentNotifyUrl": "https://shop.example.com/notify",
        "order": {
            "referenceOrderId": "ORDER-1",
            "orderDescription": "Green tea",
            "orderAmount": {"currency": "HKD", "value": "100"},
            "goods": [{"goodsName": "Tea", "referenceGoodsId": "SKU-1"}]
        },
        "env": {"terminalType": "WEB", "clientIp": "1.178.216.0"}
    })
}

fn with(mut base: Value, pointer: &str, value: Value) -> Value {
    *base.pointer_mut(pointer).expect("pointer exists") = value;
    base
}

#[test]
fn a_clean_pay_request_has_no_findings() {
    assert_eq!(hits("pay.request", &pay_request()), vec![]);
    assert_eq!(hits("createPaymentSession.request", &pay_request()), vec![]);
}

#[test]
fn chinese_characters() {
    for pointer in [
        "/paymentRequestId",
        "/order/referenceOrderId",
        "/order/orderDescription",
        "/order/goods/0/goodsName",
    ] {
        let p = with(pay_request(), pointer, json!("绿茶-1"));
        assert!(
            has("pay.request", &p, &rules::CHINESE_CHARACTERS, pointer),
            "{pointer}"
        );
    }
    let p = with(
        pay_request(),
        "/order/orderDescription",
        json!("Thé vert, ½ kg — ok"),
    );
    assert!(!fires("pay.request", &p, &rules::CHINESE_CHARACTERS));
    let p = with(
        pay_request(),
        "/order/orderDescription",
        json!("tea，green"),
    );
    assert!(
        fires("pay.request", &p, &rules::CHINESE_CHARACTERS),
        "full-width comma"
    );
}

#[test]
fn notify_url_must_be_https() {
    let p = with(
        pay_request(),
        "/paymentNotifyUrl",
        json!("http://shop.example.com/n"),
    );
    assert!(has(
        "pay.request",
        &p,
        &rules::NOTIFY_URL_NOT_HTTPS,
        "/paymentNotifyUrl"
    ));
    let p = with(
        pay_request(),
        "/paymentNotifyUrl",
        json!("shop.example.com/n"),
    );
    assert!(fires("pay.request", &p, &rules::NOTIFY_URL_NOT_HTTPS));
    let p = with(
        pay_request(),
        "/paymentNotifyUrl",
        json!("HTTPS://shop.example.com/n"),
    );
    assert!(!fires("pay.request", &p, &rules::NOTIFY_URL_NOT_HTTPS));
}

#[test]
fn app_redirect_must_be_a_deep_link() {
    let app = with(pay_request(), "/env/terminalType", json!("APP"));
    let p = with(
        app.clone(),
        "/paymentRedirectUrl",
        json!("http://shop.example.com/r"),
    );
    assert!(has(
        "pay.request",
        &p,
        &rules::APP_REDIRECT_NOT_DEEP_LINK,
        "/paymentRedirectUrl"
    ));
    let p = with(app.clone(), "/paymentRedirectUrl", json!("/result"));
    assert!(fires("pay.request", &p, &rules::APP_REDIRECT_NOT_DEEP_LINK));
    for ok in [
        "myshop://orders/1/result",
        "https://shop.example.com/app-link/result",
    ] {
        let p = with(app.clone(), "/paymentRedirectUrl", json!(ok));
        assert!(
            !fires("pay.request", &p, &rules::APP_REDIRECT_NOT_DEEP_LINK),
            "{ok}"
        );
    }
    // Only app payments: a web payment may return to a web page.
    let p = with(
        pay_request(),
        "/paymentRedirectUrl",
        json!("http://shop.example.com/r"),
    );
    assert!(!fires(
        "pay.request",
        &p,
        &rules::APP_REDIRECT_NOT_DEEP_LINK
    ));
}

fn blik(ip: &str) -> Value {
    let p = with(
        pay_request(),
        "/paymentMethod",
        json!({"paymentMethodType": "BLIK", "paymentMethodMetaData": {"blikCode": "123456"}}),
    );
    with(p, "/env/clientIp", json!(ip))
}

#[test]
fn blik_needs_a_public_client_ip() {
    for local in [
        "127.0.0.1",
        "192.168.1.10",
        "10.0.0.7",
        "::1",
        "fd12::1",
        "localhost",
        "0177.0.0.1",
    ] {
        assert!(
            has(
                "pay.request",
                &blik(local),
                &rules::BLIK_CLIENT_IP_LOCAL,
                "/env/clientIp"
            ),
            "{local}"
        );
    }
    assert!(!fires(
        "pay.request",
        &blik("1.178.216.0"),
        &rules::BLIK_CLIENT_IP_LOCAL
    ));
    assert!(!fires(
        "pay.request",
        &blik("2a00:1450:4001::1"),
        &rules::BLIK_CLIENT_IP_LOCAL
    ));
    // Other payment methods may carry any address (the merchant's test traffic).
    let p = with(pay_request(), "/env/clientIp", json!("127.0.0.1"));
    assert!(!fires("pay.request", &p, &rules::BLIK_CLIENT_IP_LOCAL));
}

#[test]
fn client_ip_must_be_well_formed() {
    let p = with(pay_request(), "/env/clientIp", json!("114.121.121.01"));
    let f = findings("pay.request", &p);
    let f = f
        .iter()
        .find(|f| f.rule == &rules::CLIENT_IP_MALFORMED)
        .expect("reported");
    assert_eq!(f.pointer, "/env/clientIp");
    assert_eq!(f.suggestion.as_deref(), Some("114.121.121.1"));
    assert!(f.severity == antom_schema::Severity::Warning);
    let p = with(pay_request(), "/env/clientIp", json!("1.2.3.4:8080"));
    assert!(fires("pay.request", &p, &rules::CLIENT_IP_MALFORMED));
    let p = with(pay_request(), "/env/clientIp", json!("114.121.121.1"));
    assert!(!fires("pay.request", &p, &rules::CLIENT_IP_MALFORMED));
}

#[test]
fn currencies_of_payment_and_order_agree() {
    let p = with(pay_request(), "/order/orderAmount/currency", json!("USD"));
    assert!(has(
        "pay.request",
        &p,
        &rules::AMOUNT_CURRENCY_MISMATCH,
        "/paymentAmount/currency"
    ));
    assert!(!fires(
        "pay.request",
        &pay_request(),
        &rules::AMOUNT_CURRENCY_MISMATCH
    ));
}

fn result(status: &str, code: &str) -> Value {
    json!({"result": {"resultStatus": status, "resultCode": code, "resultMessage": "x"}})
}

#[test]
fn result_status_and_code_agree() {
    for (status, code) in [
        ("S", "PAYMENT_IN_PROCESS"),
        ("U", "SUCCESS"),
        ("U", "PROCESS_FAIL"),
        ("F", "PAYMENT_IN_PROCESS"),
    ] {
        assert!(
            has(
                "pay.response",
                &result(status, code),
                &rules::RESULT_STATUS_INCONSISTENT,
                "/result/resultStatus"
            ),
            "{status}/{code}"
        );
    }
    for (status, code) in [
        ("S", "SUCCESS"),
        ("U", "PAYMENT_IN_PROCESS"),
        ("F", "ACCESS_DENIED"),
        ("F", "A_NEW_CODE"),
    ] {
        assert!(!fires(
            "notifyPayment.notification",
            &result(status, code),
            &rules::RESULT_STATUS_INCONSISTENT
        ));
    }
}

fn inquiry(status: &str, t_status: &str, t_result: &str) -> Value {
    json!({
        "result": {"resultStatus": "S", "resultCode": "SUCCESS"},
        "paymentStatus": status,
        "transactions": [{
            "transactionType": "CAPTURE",
            "transactionStatus": t_status,
            "transactionResult": {"resultStatus": t_result, "resultCode": if t_result == "S" { "SUCCESS" } else { "PROCESS_FAIL" }}
        }]
    })
}

#[test]
fn inquiry_payment_status_agrees_with_transactions() {
    assert!(!fires(
        "inquiryPayment.response",
        &inquiry("SUCCESS", "SUCCESS", "S"),
        &rules::PAYMENT_STATUS_INCONSISTENT
    ));
    assert!(!fires(
        "inquiryPayment.response",
        &inquiry("SUCCESS", "FAIL", "F"),
        &rules::PAYMENT_STATUS_INCONSISTENT
    ));
    assert!(has(
        "inquiryPayment.response",
        &inquiry("PROCESSING", "SUCCESS", "S"),
        &rules::PAYMENT_STATUS_INCONSISTENT,
        "/paymentStatus"
    ));
    assert!(has(
        "inquiryPayment.response",
        &inquiry("SUCCESS", "SUCCESS", "F"),
        &rules::PAYMENT_STATUS_INCONSISTENT,
        "/transactions/0/transactionStatus"
    ));
    let mut p = inquiry("SUCCESS", "SUCCESS", "S");
    p["paymentResultCode"] = json!("PROCESS_FAIL");
    assert!(has(
        "inquiryPayment.response",
        &p,
        &rules::PAYMENT_STATUS_INCONSISTENT,
        "/paymentStatus"
    ));
}

fn pay_response(form: &Value, redirect: &Value) -> Value {
    json!({
        "result": {"resultStatus": "U", "resultCode": "PAYMENT_IN_PROCESS"},
        "paymentActionForm": form.to_string(),
        "redirectActionForm": redirect
    })
}

#[test]
fn payment_action_form_matches_its_schema() {
    let good = json!({"method": "GET", "paymentActionFormType": "RedirectActionForm", "redirectUrl": "https://a.example/x"});
    let redirect = json!({"method": "GET", "redirectUrl": "https://a.example/x"});
    assert_eq!(
        hits("pay.response", &pay_response(&good, &redirect)),
        vec![]
    );
    let bad = json!({"paymentActionFormType": "RedirectActionForm", "method": "GET"});
    let f = findings("pay.response", &pay_response(&bad, &redirect));
    let f = f
        .iter()
        .find(|f| f.rule == &rules::EMBEDDED_JSON_SCHEMA)
        .expect("reported");
    assert_eq!(f.pointer, "/paymentActionForm");
    assert!(
        f.message.contains("PaymentActionForm.schema.json"),
        "{}",
        f.message
    );
}

#[test]
fn payment_action_form_agrees_with_redirect_action_form() {
    let form = json!({"method": "GET", "paymentActionFormType": "RedirectActionForm", "redirectUrl": "https://a.example/x"});
    let other = json!({"method": "GET", "redirectUrl": "https://a.example/y"});
    let f = findings("pay.response", &pay_response(&form, &other));
    let f = f
        .iter()
        .find(|f| f.rule == &rules::ACTION_FORM_MISMATCH)
        .expect("reported");
    assert_eq!(f.related[0].pointer, "/redirectActionForm/redirectUrl");
    // The documented samples agree.
    for name in [
        "pay.response.apm-web.json",
        "pay.response.apm-wap.json",
        "pay.response.apm-app.json",
    ] {
        let text = std::fs::read_to_string(format!(
            "{}/../../conformance/samples/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let sample: Value = serde_json::from_str(&text).unwrap();
        assert!(
            !fires("pay.response", &sample, &rules::ACTION_FORM_MISMATCH),
            "{name}"
        );
        assert!(
            !fires("pay.response", &sample, &rules::EMBEDDED_JSON_SCHEMA),
            "{name}"
        );
    }
}

#[test]
fn payment_time_not_before_creation() {
    let p = json!({"paymentCreateTime": "2024-01-01T12:00:00+08:00", "paymentTime": "2024-01-01T11:59:59+08:00"});
    assert!(has(
        "notifyPayment.notification",
        &p,
        &rules::PAYMENT_TIME_BEFORE_CREATION,
        "/paymentTime"
    ));
    // Same instant written with another offset.
    let p = json!({"paymentCreateTime": "2024-01-01T12:00:00+08:00", "paymentTime": "2024-01-01T04:00:00Z"});
    assert!(!fires(
        "inquiryPayment.response",
        &p,
        &rules::PAYMENT_TIME_BEFORE_CREATION
    ));
}

#[test]
fn documented_sample_defects_are_reported() {
    let dir = format!("{}/../../conformance/samples", env!("CARGO_MANIFEST_DIR"));
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/manifest.json")).unwrap())
            .unwrap();
    let mut checked = 0;
    for sample in manifest["samples"].as_array().unwrap() {
        let Some(kind) = sample["kind"].as_str() else {
            continue;
        };
        let file = sample["file"].as_str().unwrap();
        let payload: Value =
            serde_json::from_str(&std::fs::read_to_string(format!("{dir}/{file}")).unwrap())
                .unwrap();
        for defect in sample["defects"].as_array().unwrap() {
            let Some(pointer) = defect["pointer"].as_str() else {
                continue;
            };
            let rule = if pointer.ends_with("/clientIp") {
                &rules::CLIENT_IP_MALFORMED
            } else if pointer == "/paymentNotifyUrl" {
                &rules::NOTIFY_URL_NOT_HTTPS
            } else {
                continue;
            };
            assert!(
                has(kind, &payload, rule, pointer),
                "{file}: {rule} at {pointer}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 9, "only {checked} documented defects checked");
}

#[test]
fn never_panics_on_odd_values() {
    for kind in [
        "pay.request",
        "pay.response",
        "inquiryPayment.response",
        "notifyPayment.notification",
        "nope",
    ] {
        for payload in [
            json!(null),
            json!([1, 2]),
            json!({"env": {"clientIp": 7}, "paymentActionForm": "{", "redirectActionForm": "x"}),
            json!({"paymentTime": "２０２４", "paymentCreateTime": "9999-99-99T99:99:99Z", "transactions": [null, 1]}),
            json!({"order": {"goods": "茶"}, "paymentRequestId": ["茶"], "result": {"resultStatus": 1}}),
        ] {
            let _ = findings(kind, &payload);
        }
    }
}

/// Every finding of a result (status, code) in a message of `kind`.
fn result_findings(kind: &str, status: &str, code: &str) -> Vec<Finding> {
    findings(kind, &result(status, code))
}

#[test]
fn result_status_follows_the_result_code_tables() {
    // CAPTURE_IN_PROCESS is U in the capture table.
    let f = result_findings("capture.response", "F", "CAPTURE_IN_PROCESS");
    let f = f
        .iter()
        .find(|f| f.rule == &rules::RESULT_STATUS_INCONSISTENT)
        .expect("F with CAPTURE_IN_PROCESS is reported");
    assert_eq!(f.pointer, "/result/resultStatus");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.contains("CAPTURE_IN_PROCESS (U)") && f.message.contains("notifyCapture"),
        "{}",
        f.message
    );
    assert!(result_findings("capture.response", "U", "CAPTURE_IN_PROCESS").is_empty());
    // AUTH_EXPIRED is a final failure in the notifyCapture table.
    assert!(has(
        "notifyCapture.notification",
        &result("U", "AUTH_EXPIRED"),
        &rules::RESULT_STATUS_INCONSISTENT,
        "/result/resultStatus"
    ));
    assert!(result_findings("notifyCapture.notification", "F", "AUTH_EXPIRED").is_empty());
    // Transactions of an inquiry: the status any table gives the code.
    let inquiry = json!({"transactions": [
        {"transactionResult": {"resultStatus": "F", "resultCode": "CAPTURE_IN_PROCESS"}},
        {"transactionResult": {"resultStatus": "U", "resultCode": "REFUND_IN_PROCESS"}}
    ]});
    assert_eq!(
        hits("inquiryPayment.response", &inquiry),
        [(
            &rules::RESULT_STATUS_INCONSISTENT,
            "/transactions/0/transactionResult/resultStatus".to_string()
        )]
    );
}

#[test]
fn codes_missing_from_the_api_table_are_notes() {
    let f = result_findings("capture.response", "F", "NOT_A_DOCUMENTED_CODE");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule, &rules::RESULT_CODE_UNDOCUMENTED);
    assert_eq!(f[0].pointer, "/result/resultCode");
    assert_eq!(f[0].severity, Severity::Note);
    // Documented for other APIs: the message names them.
    let f = result_findings("cancel.response", "F", "AUTH_EXPIRED");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule, &rules::RESULT_CODE_UNDOCUMENTED);
    assert!(
        f[0].message.contains("capture, notifyCapture"),
        "{}",
        f[0].message
    );
    // No table at all for createPaymentSession: nothing to compare with.
    assert!(result_findings(
        "createPaymentSession.response",
        "F",
        "NOT_A_DOCUMENTED_CODE"
    )
    .is_empty());
}

#[test]
fn acknowledgements_other_than_success_ask_for_a_resend() {
    let f = findings("notification.ack", &result("F", "PROCESS_FAIL"));
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].rule, &rules::ACK_REQUESTS_RESEND);
    assert_eq!(f[0].pointer, "/result");
    assert_eq!(f[0].severity, Severity::Note);
    assert!(f[0].message.contains("up to 8 times within 24 hours"));
    assert!(f.iter().all(|f| f.severity != Severity::Error));
    assert!(findings("notification.ack", &result("S", "SUCCESS")).is_empty());
    assert!(fires(
        "notification.ack",
        &result("U", "SUCCESS"),
        &rules::ACK_REQUESTS_RESEND
    ));
    // Only acknowledgements.
    assert!(!fires(
        "notifyPayment.notification",
        &result("F", "PROCESS_FAIL"),
        &rules::ACK_REQUESTS_RESEND
    ));
}

fn without(mut base: Value, member: &str) -> Value {
    base.as_object_mut().unwrap().remove(member);
    base
}

#[test]
fn documents_disagree_on_three_members() {
    let disagree = |kind: &str, payload: &Value| -> Vec<String> {
        findings(kind, payload)
            .into_iter()
            .filter(|f| f.rule == &rules::DOCUMENTS_DISAGREE)
            .inspect(|f| {
                assert_eq!(f.severity, Severity::Note);
                assert_eq!(f.pointer, "");
            })
            .map(|f| f.message)
            .collect()
    };
    // (a) createPaymentSession without paymentMethod.
    let m = disagree(
        "createPaymentSession.request",
        &without(pay_request(), "paymentMethod"),
    );
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].contains("paymentMethod")
            && m[0].contains("https://global.alipay.com/docs/ac/cashierpay/apm_ww")
            && m[0].contains("https://docs.antom.com/ac/ams/session_cashier"),
        "{}",
        m[0]
    );
    // A pay request without paymentMethod is the schema's business, not a disagreement.
    assert!(disagree("pay.request", &without(pay_request(), "paymentMethod")).is_empty());
    // (b) pay and createPaymentSession without settlementStrategy.
    let m = disagree("pay.request", &without(pay_request(), "settlementStrategy"));
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].contains("settlementStrategy")
            && m[0].contains("https://docs.antom.com/ac/ams/payment_cashier")
            && m[0].contains("https://global.alipay.com/docs/ac/cashierpay/apm_api"),
        "{}",
        m[0]
    );
    let m = disagree(
        "createPaymentSession.request",
        &without(pay_request(), "settlementStrategy"),
    );
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("https://docs.antom.com/ac/ams/session_cashier"));
    // (c) notifyPayment without paymentCreateTime.
    let notification = json!({
        "notifyType": "PAYMENT_RESULT",
        "result": {"resultStatus": "S", "resultCode": "SUCCESS", "resultMessage": "success."},
        "paymentRequestId": "PAY-0001",
        "paymentId": "2024010100000001",
        "paymentAmount": {"currency": "HKD", "value": "100"},
        "paymentCreateTime": "2024-01-01T12:00:00+08:00",
        "paymentTime": "2024-01-01T12:00:05+08:00"
    });
    let m = disagree(
        "notifyPayment.notification",
        &without(notification.clone(), "paymentCreateTime"),
    );
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].contains("paymentCreateTime")
            && m[0].contains("https://docs.antom.com/ac/ams/paymentrn_online"),
        "{}",
        m[0]
    );
    // Present: nothing.
    assert!(disagree("notifyPayment.notification", &notification).is_empty());
    assert!(disagree("pay.request", &pay_request()).is_empty());
    assert!(disagree("createPaymentSession.request", &pay_request()).is_empty());
    // Other kinds are not concerned.
    assert!(disagree("pay.response", &json!({"result": {}})).is_empty());
}

#[test]
fn every_catalog_code_parses_with_catalog_apis() {
    let codes = result_codes::all();
    assert_eq!(
        codes.len(),
        serde_json::from_str::<Value>(
            antom_schema::embedded::bundle_file(result_codes::FILE).unwrap()
        )
        .unwrap()["codes"]
            .as_array()
            .unwrap()
            .len()
    );
    let apis: Vec<String> = validator()
        .catalog()
        .kinds()
        .iter()
        .map(|k| result_codes::api_of_kind(&k.id).to_string())
        .collect();
    for c in codes {
        assert!(!c.code.is_empty() && !c.meaning.is_empty() && !c.action.is_empty());
        assert!(!c.apis.is_empty() && !c.sources.is_empty(), "{}", c.code);
        for api in &c.apis {
            assert!(apis.contains(api), "{}: {api} is not a catalog api", c.code);
        }
        for source in &c.sources {
            assert!(
                source.starts_with("https://docs.antom.com/")
                    || source.starts_with("https://global.alipay.com/"),
                "{}: {source}",
                c.code
            );
        }
        assert!(result_codes::by_code(&c.code).contains(&c));
        for api in &c.apis {
            assert!(result_codes::lookup(api, &c.code).is_some());
        }
    }
    // The embedded catalog is the one in schema/.
    let on_disk = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../schema/result-codes.json"
    ))
    .unwrap();
    assert_eq!(
        antom_schema::embedded::bundle_file(result_codes::FILE),
        Some(on_disk.as_str()),
        "stale bundle: run `cargo run -p antom-codegen`"
    );
}
