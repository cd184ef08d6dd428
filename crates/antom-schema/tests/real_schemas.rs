//! Checks against the real embedded schemas.

use antom_schema::resolve::{resolve, Hints, Unresolved};
use antom_schema::{rules, Direction, ResolvedBy, Severity, Validator};
use serde_json::{json, Value};

fn validator() -> Validator {
    Validator::new().expect("embedded schemas load")
}

fn pay_request() -> Value {
    json!({
        "productCode": "CASHIER_PAYMENT",
        "paymentRequestId": "pay-0001",
        "paymentAmount": {"currency": "USD", "value": "4200"},
        "paymentMethod": {"paymentMethodType": "ALIPAY_CN"},
        "paymentRedirectUrl": "https://merchant.example/return",
        "paymentNotifyUrl": "https://merchant.example/notify",
        "order": {
            "referenceOrderId": "order-1",
            "orderDescription": "Cup of tea",
            "orderAmount": {"currency": "USD", "value": "4200"}
        },
        "env": {"terminalType": "WEB"},
        "settlementStrategy": {"settlementCurrency": "USD"}
    })
}

#[test]
fn every_kind_compiles() {
    let v = validator();
    assert_eq!(v.catalog().kinds().len(), 20);
    v.compile_all().expect("all kinds compile");
}

#[test]
fn valid_pay_request_has_no_errors() {
    let v = validator();
    let findings = v.validate("pay.request", &pay_request()).unwrap();
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn unknown_field_in_request_is_error_with_suggestion() {
    let v = validator();
    let mut p = pay_request();
    p["paymentExpireTime"] = json!("2024-01-01T00:00:00+08:00");
    let findings = v.validate("pay.request", &p).unwrap();
    let f = findings
        .iter()
        .find(|f| f.rule == &rules::UNKNOWN_FIELD)
        .expect("an unknown-field finding");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.pointer, "/paymentExpireTime");
    assert_eq!(f.suggestion.as_deref(), Some("paymentExpiryTime"));
}

#[test]
fn missing_required_and_wrong_type() {
    let v = validator();
    let mut p = pay_request();
    p.as_object_mut().unwrap().remove("paymentRequestId");
    p["paymentAmount"]["value"] = json!(4200);
    let findings = v.validate("pay.request", &p).unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f.rule == &rules::SCHEMA_REQUIRED && f.pointer.is_empty()),
        "{findings:#?}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f.rule == &rules::SCHEMA_TYPE && f.pointer == "/paymentAmount/value"),
        "{findings:#?}"
    );
}

fn pay_response() -> Value {
    json!({
        "result": {"resultCode": "PAYMENT_IN_PROCESS", "resultStatus": "U", "resultMessage": "payment in process"},
        "paymentRequestId": "pay-0001",
        "paymentId": "2024010100000001",
        "paymentAmount": {"currency": "USD", "value": "4200"},
        "paymentCreateTime": "2024-01-01T12:00:00+08:30",
        "normalUrl": "https://open-sea.alipay.com/x"
    })
}

/// Unknown members where Antom writes: a warning in the open models, an error inside the closed
/// value models both sides write (Amount, Quote, CreditPayPlan, CustomizedInfo), which Antom's
/// received form and the generated types reject too (see the `unknown-field` documentation).
#[test]
fn unknown_field_in_response_is_warning_except_in_closed_models() {
    let v = validator();
    let mut p = pay_response();
    p["brandNewField"] = json!(1);
    p["paymentAmount"]["extra"] = json!(1);
    let findings = v.validate("pay.response", &p).unwrap();
    let top = findings
        .iter()
        .find(|f| f.pointer == "/brandNewField")
        .expect("top-level unknown");
    assert_eq!(
        (top.rule, top.severity),
        (&rules::UNKNOWN_FIELD, Severity::Warning)
    );
    // Amount is closed for both sides: an error even in a response.
    let amount = findings
        .iter()
        .find(|f| f.pointer == "/paymentAmount/extra")
        .expect("amount member");
    assert_eq!(
        (amount.rule, amount.severity),
        (&rules::UNKNOWN_FIELD, Severity::Error)
    );
    assert!(
        findings.iter().all(|f| f.pointer != "/paymentId"),
        "{findings:#?}"
    );
}

#[test]
fn duplicate_keys_found_in_text() {
    use antom_schema::source::{LineIndex, SourceMap};
    let text = "{\"a\": 1,\n \"a\": 2}";
    let map = SourceMap::scan(text);
    let findings = map.duplicate_findings(&LineIndex::new(text.as_bytes()), text);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].pointer, "/a");
}

#[test]
fn resolution_order_and_inference() {
    let v = validator();
    let hints = Hints {
        http: Some(("/ams/api/v1/payments/pay?x=1", Direction::AntomToMerchant)),
        ..Hints::default()
    };
    let r = resolve(&v, &hints, &json!({})).unwrap().unwrap();
    assert_eq!(
        (r.kind.as_str(), r.by),
        ("pay.response", ResolvedBy::HttpPath)
    );
    let hints = Hints {
        file_name: Some("captures/001_inquiryPayment.request.json"),
        ..Hints::default()
    };
    let r = resolve(&v, &hints, &json!({})).unwrap().unwrap();
    assert_eq!(r.kind, "inquiryPayment.request");
    // pay and createPaymentSession requests share their members: a valid one fits both.
    let both = resolve(&v, &Hints::default(), &pay_request()).unwrap();
    assert!(
        matches!(both, Err(Unresolved::Ambiguous(ref k)) if k.contains(&"createPaymentSession.request".to_string())),
        "{both:?}"
    );
    let notification = json!({
        "notifyType": "PAYMENT_RESULT",
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
        "paymentRequestId": "pay-0001",
        "paymentId": "2024010100000001",
        "paymentAmount": {"currency": "USD", "value": "4200"},
        "paymentCreateTime": "2024-01-01T12:00:00+08:30",
        "paymentTime": "2024-01-01T12:00:05+08:30"
    });
    let r = resolve(&v, &Hints::default(), &notification)
        .unwrap()
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(r.kind, "notifyPayment.notification");
    let amb = resolve(&v, &Hints::default(), &json!({"paymentRequestId": "x"})).unwrap();
    assert!(
        matches!(amb, Err(Unresolved::Ambiguous(ref k)) if k.len() > 1),
        "{amb:?}"
    );
    assert_eq!(
        resolve(&v, &Hints::default(), &json!({"nothing": 1})).unwrap(),
        Err(Unresolved::Unknown)
    );
}

#[test]
fn unknown_enum_values() {
    let v = validator();
    let response = json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
        "paymentStatus": "SUCESS",
        "paymentRequestId": "pay-1",
        "paymentId": "2024-1"
    });
    let findings = v.validate("inquiryPayment.response", &response).unwrap();
    let f = findings
        .iter()
        .find(|f| f.rule == &rules::UNKNOWN_ENUM_VALUE)
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(
        (f.severity, f.pointer.as_str()),
        (Severity::Warning, "/paymentStatus")
    );
    assert_eq!(f.suggestion.as_deref(), Some("SUCCESS"));
    let known = json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
        "paymentStatus": "SUCCESS",
        "paymentRequestId": "pay-1",
        "paymentId": "2024-1",
        "paymentTime": "2024-01-15T01:34:45-08:00"
    });
    assert!(v
        .validate("inquiryPayment.response", &known)
        .unwrap()
        .is_empty());

    let mut request = pay_request();
    request["productCode"] = json!("CASHIER_PAYMNET");
    let findings = v.validate("pay.request", &request).unwrap();
    let f = findings
        .iter()
        .find(|f| f.rule == &rules::UNKNOWN_ENUM_VALUE)
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(
        (f.severity, f.pointer.as_str()),
        (Severity::Error, "/productCode")
    );
    assert_eq!(f.suggestion.as_deref(), Some("CASHIER_PAYMENT"));
}

#[test]
fn messages_never_quote_card_data() {
    let v = validator();
    let mut request = pay_request();
    request["paymentMethod"]["paymentMethodMetaData"] =
        json!({"cardNo": 4111111111111111u64, "cvv": 846});
    request["productCode"] = json!("4111111111111111");
    let findings = v.validate("pay.request", &request).unwrap();
    assert!(!findings.is_empty());
    let text = serde_json::to_string(&findings).unwrap();
    assert!(
        !text.contains("4111111111111111") && !text.contains("846"),
        "{text}"
    );
}

#[test]
fn strings_holding_json_are_decoded() {
    let v = validator();
    let mut response = pay_response();
    response["paymentActionForm"] = json!("{\"paymentActionFormType\": ");
    let findings = v.validate("pay.response", &response).unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f.rule == &rules::EMBEDDED_JSON && f.pointer == "/paymentActionForm"),
        "{findings:#?}"
    );
    response["paymentActionForm"] = json!("{\"paymentActionFormType\": \"RedirectActionForm\"}");
    let findings = v.validate("pay.response", &response).unwrap();
    assert!(
        findings.iter().all(|f| f.rule != &rules::EMBEDDED_JSON),
        "{findings:#?}"
    );
}

#[test]
fn json_strings_are_found_only_where_the_schema_declares_them() {
    let v = validator();
    let known = v.known_names("pay.response").unwrap();
    let payload = json!({
        "result": {"resultCode": "PAYMENT_IN_PROCESS", "resultStatus": "U", "resultMessage": "{\"a\":1}"},
        "paymentActionForm": "{\"paymentActionFormType\":\"RedirectActionForm\"}",
        "unknownMember": "{\"b\":2}",
        "redirectActionForm": {"method": "GET", "redirectUrl": "https://x.example/{}"}
    });
    let found = known.json_strings_in(&payload);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].pointer, "/paymentActionForm");
    assert!(found[0].text.contains("RedirectActionForm"));
    assert_eq!(
        found[0].content_schema,
        Some("defs/PaymentActionForm.schema.json")
    );
    // A kind without such strings finds none, and a non-object payload none either.
    assert!(v
        .known_names("pay.request")
        .unwrap()
        .json_strings_in(&pay_request())
        .is_empty());
    assert!(known.json_strings_in(&json!([1, "x"])).is_empty());
}

fn consult_response(logo_name: &str) -> Value {
    json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success."},
        "paymentOptions": [{
            "paymentMethodType": "ALIPAY_HK",
            "paymentMethodCategory": "WALLET",
            "enabled": "true",
            "logo": {"logoName": logo_name, "logoUrl": "https://example.com/logo.png"}
        }]
    })
}

/// Antom's own consult responses carry logo names longer than the documented 12 characters: a
/// warning where Antom writes, never an error. The accepted (received) form passes, the
/// documented limit is still reported.
#[test]
fn documented_limit_broken_by_antom_is_a_warning() {
    let v = validator();
    let long = consult_response("Alipay Hong Kong Wallet");
    assert!(v.is_valid("consult.response", &long).unwrap());
    let findings = v.validate("consult.response", &long).unwrap();
    let f = findings
        .iter()
        .find(|f| f.pointer == "/paymentOptions/0/logo/logoName")
        .unwrap_or_else(|| panic!("no finding at logoName: {findings:#?}"));
    assert_eq!(f.rule, &rules::SCHEMA_LENGTH);
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        findings.iter().all(|f| f.severity != Severity::Error),
        "{findings:#?}"
    );
    let short = consult_response("AlipayHK");
    assert!(v.validate("consult.response", &short).unwrap().is_empty());
}

/// The same kind of limit in what the merchant writes stays an error.
#[test]
fn documented_limit_broken_by_the_merchant_is_an_error() {
    let v = validator();
    let mut p = pay_request();
    p["paymentRequestId"] = json!("p".repeat(65));
    assert!(!v.is_valid("pay.request", &p).unwrap());
    let findings = v.validate("pay.request", &p).unwrap();
    let f = findings
        .iter()
        .find(|f| f.pointer == "/paymentRequestId")
        .expect("a finding at paymentRequestId");
    assert_eq!(
        (f.rule, f.severity),
        (&rules::SCHEMA_LENGTH, Severity::Error)
    );
}

/// Where Antom writes, what a consumer cannot read stays an error: an amount that is not a
/// string of minor units, a date-time without an offset, a scalar string that holds no value.
#[test]
fn unreadable_values_from_antom_stay_errors() {
    let v = validator();
    for (pointer, value) in [
        ("/paymentOptions/0/enabled", json!("yes")),
        ("/paymentOptions/0/enabled", json!(1)),
    ] {
        let mut r = consult_response("AlipayHK");
        *r.pointer_mut(pointer).unwrap() = value.clone();
        let errors: Vec<_> = v
            .validate("consult.response", &r)
            .unwrap()
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.pointer)
            .collect();
        assert_eq!(errors, [pointer], "{value}");
    }
    let notification = json!({
        "notifyType": "PAYMENT_RESULT",
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
        "paymentRequestId": "pay-1",
        "paymentId": "2024-1",
        "paymentAmount": {"currency": "USD", "value": "10.99"},
        "paymentCreateTime": "2024-01-15 01:20:46",
        "paymentTime": "2024-01-15T01:34:45-08:00",
    });
    let errors: Vec<_> = v
        .validate("notifyPayment.notification", &notification)
        .unwrap()
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.pointer)
        .collect();
    assert_eq!(errors, ["/paymentAmount/value", "/paymentCreateTime"]);
}

/// Every reference page asks for non-array fields as strings; the guide pages send JSON
/// values. Both pass, in requests too; a string that is not a boolean or an integer fails.
#[test]
fn scalars_pass_as_json_values_and_as_strings() {
    let v = validator();
    for (value, ok) in [
        (json!(true), true),
        (json!("true"), true),
        (json!("false"), true),
        (json!("yes"), false),
        (json!("TRUE"), false),
    ] {
        let mut p = pay_request();
        p["paymentFactor"] = json!({"isAuthorization": value});
        assert_eq!(v.is_valid("pay.request", &p).unwrap(), ok, "{value}");
    }
    for (value, ok) in [
        (json!(-480), true),
        (json!("-480"), true),
        (json!("2x"), false),
        (json!("007"), false),
    ] {
        let mut p = pay_request();
        p["env"]["timeZoneOffset"] = value.clone();
        assert_eq!(v.is_valid("pay.request", &p).unwrap(), ok, "{value}");
    }
}

/// Conditional rules hold in what Antom writes too: a successful capture response without the
/// capture's ids is an error, and a notification of another kind's type is one. (The closed
/// variant used to close the rules' `if` conditions, so they never matched and `validate`
/// reported nothing.)
#[test]
fn conditional_rules_are_enforced_where_antom_writes() {
    let v = validator();
    let success = json!({"result": {"resultCode": "SUCCESS", "resultStatus": "S"}});
    for kind in [
        "capture.response",
        "createPaymentSession.response",
        "refund.response",
    ] {
        assert!(!v.is_valid(kind, &success).unwrap(), "{kind}");
        let errors: Vec<_> = v
            .validate(kind, &success)
            .unwrap()
            .into_iter()
            .filter(|f| f.severity == Severity::Error && f.rule == &rules::SCHEMA_REQUIRED)
            .collect();
        assert!(!errors.is_empty(), "{kind}: no required-member error");
    }
    let failure = json!({"result": {"resultCode": "PROCESS_FAIL", "resultStatus": "F"}});
    assert!(v.validate("capture.response", &failure).unwrap().is_empty());
    let capture = json!({
        "notifyType": "PAYMENT_RESULT",
        "result": {"resultCode": "SUCCESS", "resultStatus": "S"},
        "captureRequestId": "c-1", "captureId": "c-2", "paymentId": "p-1",
        "captureAmount": {"currency": "USD", "value": "100"}
    });
    let errors: Vec<_> = v
        .validate("notifyCapture.notification", &capture)
        .unwrap()
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.pointer)
        .collect();
    assert_eq!(errors, ["/notifyType"]);
}
