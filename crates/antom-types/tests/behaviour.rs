//! Forward compatibility, strictness, explicit nulls and the typed helpers.

use std::path::Path;

use antom_types::{
    Direction, InquiryPaymentResponse, Message, MessageBody, MessageKind, NotificationAck,
    NotifyPaymentNotification, PayResponse, PaymentMethod, PaymentMethodMetadata,
    PaymentMethodType, RedirectMethod, ResultStatusType, Role, TransactionStatusType,
};
use serde_json::{json, Value};

fn sample(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../conformance/samples")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn schema(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../schema")
        .join(name);
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

#[test]
fn response_keeps_unknown_members_and_values() {
    let body = json!({
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "Success",
                   "traceId": "t-1"},
        "paymentStatus": "PARTIALLY_REFUNDED",
        "paymentMethodType": "NEW_WALLET",
        "paymentAmount": {"currency": "USD", "value": "1000"},
        "transactions": [{
            "transactionResult": {"resultCode": "SUCCESS", "resultStatus": "S"},
            "transactionId": "t1", "transactionType": "CHARGEBACK", "transactionStatus": "SUCCESS",
            "transactionAmount": {"currency": "USD", "value": "1000"},
            "transactionRequestId": "r1", "newMember": [1, 2]
        }],
        "brandNewField": {"nested": true}
    });
    let bytes = serde_json::to_vec(&body).unwrap();
    let parsed = InquiryPaymentResponse::from_slice(&bytes).unwrap();
    assert_eq!(
        parsed.payment_status,
        Some(TransactionStatusType::Unknown("PARTIALLY_REFUNDED".into()))
    );
    assert!(parsed.payment_method_type.as_ref().unwrap().is_unknown());
    assert_eq!(parsed.extra["brandNewField"], json!({"nested": true}));
    assert_eq!(parsed.result.extra["traceId"], "t-1");
    let transactions = parsed.transactions.clone().unwrap().unwrap();
    assert_eq!(transactions[0].transaction_type.as_str(), "CHARGEBACK");
    assert_eq!(
        transactions[0].transaction_status,
        TransactionStatusType::Success
    );
    assert_eq!(serde_json::to_value(&parsed).unwrap(), body);
}

#[test]
fn explicit_null_is_not_absence() {
    let result = json!({"resultCode": "SUCCESS", "resultStatus": "S"});
    let null = json!({"result": result, "transactions": null});
    let absent = json!({"result": result});
    let empty = json!({"result": result, "transactions": []});
    for body in [&null, &absent, &empty] {
        let parsed: InquiryPaymentResponse = serde_json::from_value(body.clone()).unwrap();
        assert_eq!(&serde_json::to_value(&parsed).unwrap(), body);
    }
    let parsed: InquiryPaymentResponse = serde_json::from_value(null).unwrap();
    assert_eq!(parsed.transactions, Some(None));
    let parsed: InquiryPaymentResponse = serde_json::from_value(absent).unwrap();
    assert_eq!(parsed.transactions, None);
}

#[test]
fn strict_request_rejects_unknown_member() {
    let mut body: Value = serde_json::from_slice(&sample("pay.request.apm-web.json")).unwrap();
    Message::parse(MessageKind::PayRequest, &serde_json::to_vec(&body).unwrap()).unwrap();
    body["order"]["orderColour"] = json!("blue");
    let err =
        Message::parse(MessageKind::PayRequest, &serde_json::to_vec(&body).unwrap()).unwrap_err();
    assert_eq!(err.kind(), MessageKind::PayRequest);
    assert_eq!(err.pointer(), "/order/orderColour");
    assert!(
        err.to_string().contains("unknown field `orderColour`"),
        "{err}"
    );

    let ack = br#"{"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}, "x": 1}"#;
    assert_eq!(
        Message::parse(MessageKind::NotificationAck, ack)
            .unwrap_err()
            .pointer(),
        "/x"
    );
}

#[test]
fn error_carries_the_json_path() {
    let body = br#"{"result": {"resultCode": "X", "resultStatus": "maybe"}}"#;
    let err = PayResponse::from_slice(body).unwrap_err();
    assert_eq!(err.pointer(), "/result/resultStatus");
    let err = Message::parse(MessageKind::PayResponse, b"{\"result\": ").unwrap_err();
    assert_eq!(err.pointer(), "");
    assert_eq!(err.json_error().line(), 1);
    let err = Message::parse(MessageKind::PayResponse, b"[]").unwrap_err();
    assert_eq!(err.pointer(), "");
    let value = json!({"result": {"resultCode": "X", "resultStatus": "S"}, "paymentAmount": {"currency": "USD", "value": 1}});
    let err = Message::from_value(MessageKind::PayResponse, value).unwrap_err();
    assert_eq!(err.pointer(), "/paymentAmount/value");
}

#[test]
fn notification_and_ack() {
    let notification =
        NotifyPaymentNotification::from_slice(&sample("notifyPayment.notification.apm-hkd.json"))
            .unwrap();
    assert_eq!(notification.result.result_status, ResultStatusType::S);
    assert_eq!(notification.payment_amount.minor_units(), Ok(100));
    let time = notification.payment_time.as_ref().unwrap();
    assert_eq!(time.offset().local_minus_utc(), 8 * 3600 + 30 * 60);
    assert_eq!(
        serde_json::to_value(NotificationAck::success()).unwrap(),
        json!({"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}})
    );
}

#[test]
fn payment_action_form_is_kept_and_decodes() {
    let bytes = sample("pay.response.apm-web.json");
    let raw: Value = serde_json::from_slice(&bytes).unwrap();
    let response = PayResponse::from_slice(&bytes).unwrap();
    let form = response
        .payment_action_form
        .as_ref()
        .expect("the sample has a paymentActionForm");
    assert_eq!(form.as_str(), raw["paymentActionForm"].as_str().unwrap());
    let decoded = form.decode().unwrap();
    assert_eq!(decoded.payment_action_form_type, "RedirectActionForm");
    assert!(matches!(
        decoded.method,
        Some(RedirectMethod::Post | RedirectMethod::Get)
    ));
    assert!(decoded.redirect_url.as_deref().unwrap().starts_with("http"));
}

#[test]
fn payment_method_metadata_is_typed() {
    let blik: PaymentMethod = serde_json::from_value(json!({
        "paymentMethodType": "BLIK", "paymentMethodMetaData": {"blikCode": "123456"}
    }))
    .unwrap();
    match blik.metadata().unwrap() {
        Some(PaymentMethodMetadata::Blik(m)) => assert_eq!(m.blik_code, "123456"),
        other => panic!("{other:?}"),
    }
    let mx: PaymentMethod = serde_json::from_value(json!({
        "paymentMethodType": "MERCADOPAGO_MX", "paymentMethodMetaData": {}
    }))
    .unwrap();
    assert!(matches!(
        mx.metadata(),
        Ok(Some(PaymentMethodMetadata::MercadoPago(_))) | Err(_)
    ));
    let other = json!({"paymentMethodType": "GCASH_NEXT", "paymentMethodMetaData": {"a": [1]}});
    let method: PaymentMethod = serde_json::from_value(other.clone()).unwrap();
    assert!(
        matches!(method.metadata(), Ok(Some(PaymentMethodMetadata::Other(m))) if m["a"] == json!([1]))
    );
    assert_eq!(serde_json::to_value(&method).unwrap(), other);
    assert_eq!(
        PaymentMethod::new(PaymentMethodType::AlipayHk)
            .metadata()
            .unwrap(),
        None
    );

    let mut card = PaymentMethod::new(PaymentMethodType::Card);
    let metadata = serde_json::from_value(
        json!({"cardNo": "4111111111111111", "expiryYear": "28", "expiryMonth": "01"}),
    )
    .unwrap();
    card.set_metadata(PaymentMethodMetadata::Card(Box::new(metadata)))
        .unwrap();
    assert!(
        matches!(card.metadata(), Ok(Some(PaymentMethodMetadata::Card(m))) if m.expiry_month == "01")
    );
}

/// The typed metadata follows the conditional rules of PaymentMethod.schema.json.
#[test]
fn payment_method_metadata_matches_schema() {
    let payment_method_schema = schema("defs/PaymentMethod.schema.json");
    let rules = payment_method_schema["allOf"].as_array().unwrap();
    assert!(!rules.is_empty());
    for rule in rules {
        let method = rule["if"]["properties"]["paymentMethodType"]["const"]
            .as_str()
            .unwrap();
        let target = rule["then"]["properties"]["paymentMethodMetaData"]["$ref"]
            .as_str()
            .unwrap();
        let model = target.trim_end_matches(".schema.json");
        // The smallest instance of the target model: its required members, all strings.
        let target_schema = schema(&format!("defs/{target}"));
        let mut instance = serde_json::Map::new();
        for required in target_schema["required"].as_array().unwrap() {
            let name = required.as_str().unwrap();
            assert_eq!(
                target_schema["properties"][name]["type"], "string",
                "{model}.{name}"
            );
            instance.insert(name.to_string(), json!("x"));
        }
        let mut payment_method = PaymentMethod::new(PaymentMethodType::from(method));
        payment_method.payment_method_meta_data = Some(instance);
        let metadata = payment_method.metadata().unwrap().unwrap();
        assert!(
            format!("{metadata:?}").contains(&format!("({model} {{")),
            "{method}: {metadata:?}"
        );
    }
}

#[test]
fn message_kinds_follow_the_catalog() {
    let catalog = schema("catalog.json");
    let kinds = catalog["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), MessageKind::ALL.len());
    for (entry, kind) in kinds.iter().zip(MessageKind::ALL) {
        assert_eq!(entry["id"], kind.id());
        assert_eq!(MessageKind::from_id(kind.id()), Some(kind));
        assert_eq!(entry["typeName"], kind.type_name());
        assert_eq!(entry["path"].as_str(), kind.path());
        assert_eq!(entry["role"], kind.role().as_str());
        assert_eq!(entry["direction"], kind.direction().as_str());
    }
    assert_eq!(MessageKind::PayRequest.role(), Role::Request);
    assert_eq!(
        MessageKind::NotifyPaymentNotification.direction(),
        Direction::AntomToMerchant
    );
    assert_eq!(MessageKind::from_id("pay"), None);
}

#[test]
fn open_enum_values_round_trip() {
    for value in PaymentMethodType::KNOWN {
        let parsed = PaymentMethodType::from(*value);
        assert!(!parsed.is_unknown(), "{value}");
        assert_eq!(parsed.as_str(), *value);
        assert_eq!(serde_json::to_value(&parsed).unwrap(), json!(value));
    }
    let unknown: PaymentMethodType = serde_json::from_value(json!("SPACE_PAY")).unwrap();
    assert_eq!(unknown, PaymentMethodType::Unknown("SPACE_PAY".into()));
    assert_eq!(unknown.to_string(), "SPACE_PAY");
}
