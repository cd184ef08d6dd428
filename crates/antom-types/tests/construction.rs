//! Building requests: positional `new` only where no two arguments can be swapped, builders
//! with named setters elsewhere, chainable optional setters, payment methods with their
//! metadata, and the helpers on results and enumerations.

use antom_types::{
    Amount, ApiResult, BlikPaymentMethodMetaData, CaptureModeType, CardPaymentMethodMetaData, Env,
    IdealPaymentMethodMetaData, MercadoPagoBrPaymentMethodMetaData,
    MercadoPagoPaymentMethodMetaData, Order, P24PaymentMethodMetaData, PayRequest, PaymentMethod,
    PaymentMethodMetadata, PaymentMethodType, ProductCodeType, ResultStatusType, TerminalType,
    UserName, WireEnum,
};
use serde_json::json;

fn card() -> CardPaymentMethodMetaData {
    CardPaymentMethodMetaData::builder()
        .card_no("4929427103658172")
        .expiry_month("06")
        .expiry_year("28")
        .build()
}

#[test]
fn card_metadata_is_built_by_name() {
    // The setters can come in any order; the members land where their names say.
    let card = CardPaymentMethodMetaData::builder()
        .expiry_year("28")
        .card_no("4929427103658172")
        .expiry_month("06")
        .build()
        .cvv("737")
        .tokenize(true)
        .is_3ds_authentication(false)
        .cardholder_name(
            UserName::builder()
                .first_name("Ada")
                .last_name("Lovelace")
                .build(),
        );
    assert_eq!(
        serde_json::to_value(&card).unwrap(),
        json!({
            "cardNo": "4929427103658172", "cvv": "737", "expiryMonth": "06", "expiryYear": "28",
            "tokenize": true, "is3DSAuthentication": false,
            "cardholderName": {"firstName": "Ada", "lastName": "Lovelace"}
        })
    );
}

/// The counterpart of the `compile_fail` example on `Missing`: with every member set, `build`
/// exists.
#[test]
fn a_complete_builder_builds() {
    let amount = Amount::builder().currency("USD").value("1").build();
    assert_eq!(amount, Amount::from_minor_units("USD", 1));
}

#[test]
fn pay_request_builder_and_optional_setters() {
    let request = PayRequest::builder()
        .product_code(ProductCodeType::CashierPayment)
        .payment_request_id("pay-1")
        .payment_amount(Amount::from_minor_units("USD", 1099))
        .payment_method(PaymentMethod::card(card()))
        .payment_redirect_url("https://merchant.example/return")
        .order(
            Order::builder()
                .reference_order_id("order-1")
                .order_description("Two coffees")
                .order_amount(Amount::from_minor_units("USD", 1099))
                .build(),
        )
        .env(Env::new(TerminalType::Web))
        .build()
        .payment_notify_url("https://merchant.example/notify")
        .is_authorization(true);
    let value = serde_json::to_value(&request).unwrap();
    assert_eq!(value["paymentRequestId"], "pay-1");
    assert_eq!(
        value["paymentRedirectUrl"],
        "https://merchant.example/return"
    );
    assert_eq!(value["paymentNotifyUrl"], "https://merchant.example/notify");
    assert_eq!(value["isAuthorization"], true);
    assert_eq!(value["order"]["referenceOrderId"], "order-1");
    assert_eq!(value["order"]["orderDescription"], "Two coffees");
    assert_eq!(value["paymentMethod"]["paymentMethodType"], "CARD");
    assert_eq!(
        value["paymentMethod"]["paymentMethodMetaData"]["expiryMonth"],
        "06"
    );
    assert!(value.get("paymentExpiryTime").is_none());
    // What was built parses back as a strict request.
    let bytes = serde_json::to_vec(&request).unwrap();
    let parsed = <PayRequest as antom_types::MessageBody>::from_slice(&bytes).unwrap();
    assert_eq!(parsed, request);
}

#[test]
fn payment_methods_carry_their_own_metadata() {
    let cases: Vec<(PaymentMethod, &str)> = vec![
        (PaymentMethod::card(card()), "CARD"),
        (
            PaymentMethod::blik(BlikPaymentMethodMetaData::new("777123")),
            "BLIK",
        ),
        (
            PaymentMethod::ideal(IdealPaymentMethodMetaData::new("INGBNL2A")),
            "IDEAL",
        ),
        (
            PaymentMethod::p24(P24PaymentMethodMetaData::new("buyer@example.com")),
            "P24",
        ),
        (
            PaymentMethod::mercado_pago_br(MercadoPagoBrPaymentMethodMetaData::new("52998224725")),
            "MERCADOPAGO_BR",
        ),
        (
            PaymentMethod::mercado_pago_mx(MercadoPagoPaymentMethodMetaData::new("a@example.com")),
            "MERCADOPAGO_MX",
        ),
        (
            PaymentMethod::mercado_pago_cl(MercadoPagoPaymentMethodMetaData::new("a@example.com")),
            "MERCADOPAGO_CL",
        ),
        (
            PaymentMethod::mercado_pago_pe(MercadoPagoPaymentMethodMetaData::new("a@example.com")),
            "MERCADOPAGO_PE",
        ),
    ];
    for (method, wire) in cases {
        assert_eq!(method.payment_method_type.as_str(), wire);
        let metadata = method.metadata().unwrap().unwrap();
        assert!(metadata.fits(&method.payment_method_type), "{wire}");
        assert!(
            !matches!(metadata, PaymentMethodMetadata::Other(_)),
            "{wire}"
        );
    }
    let blik = PaymentMethod::blik(BlikPaymentMethodMetaData::new("777123"));
    assert_eq!(
        serde_json::to_value(&blik).unwrap(),
        json!({"paymentMethodType": "BLIK", "paymentMethodMetaData": {"blikCode": "777123"}})
    );
}

#[test]
fn metadata_of_another_method_is_refused() {
    let mut wallet = PaymentMethod::new(PaymentMethodType::AlipayHk);
    let err = wallet.set_metadata(card().into()).unwrap_err();
    assert!(err.is_mismatch());
    assert_eq!(err.payment_method_type(), &PaymentMethodType::AlipayHk);
    assert_eq!(
        err.to_string(),
        "Card metadata does not fit paymentMethodType ALIPAY_HK"
    );
    assert_eq!(wallet.payment_method_meta_data, None);

    let mut card_method = PaymentMethod::new(PaymentMethodType::Card);
    assert!(card_method
        .set_metadata(BlikPaymentMethodMetaData::new("777123").into())
        .is_err());
    assert!(card_method
        .set_metadata(PaymentMethodMetadata::Other(Default::default()))
        .is_err());
    card_method.set_metadata(card().into()).unwrap();
    assert!(card_method.metadata().unwrap().is_some());

    // A method without a typed shape takes a free object, and only that.
    let mut wallet = PaymentMethod::new(PaymentMethodType::AlipayHk);
    let mut map = serde_json::Map::new();
    map.insert("walletHint".into(), json!("x"));
    wallet
        .set_metadata(PaymentMethodMetadata::Other(map))
        .unwrap();
    assert!(wallet
        .set_metadata(MercadoPagoPaymentMethodMetaData::new("a@example.com").into())
        .is_err());
}

#[test]
fn result_status_helpers() {
    let result = |status| ApiResult::new("X", status);
    assert!(result(ResultStatusType::S).is_success());
    assert!(result(ResultStatusType::F).is_failure());
    assert!(result(ResultStatusType::U).is_pending());
    assert!(!result(ResultStatusType::U).is_success());
    assert!(!result(ResultStatusType::S).is_failure());
    assert!(!result(ResultStatusType::F).is_pending());
    let ack = antom_types::NotificationAck::success();
    assert!(ack.result.is_success());
}

#[test]
fn closed_and_open_enumerations_share_their_api() {
    fn check<E: WireEnum + serde::Serialize>(value: &E) {
        assert!(E::KNOWN.contains(&value.as_str()));
        assert!(!value.is_unknown());
        assert_eq!(serde_json::to_value(value).unwrap(), json!(value.as_str()));
    }
    assert_eq!(ResultStatusType::KNOWN, ["S", "F", "U"]);
    assert_eq!(ResultStatusType::F.as_str(), "F");
    assert!(!ResultStatusType::U.is_unknown());
    assert_eq!(CaptureModeType::Automatic.as_ref(), "AUTOMATIC");
    check(&ResultStatusType::S);
    check(&CaptureModeType::Manual);
    check(&PaymentMethodType::Card);
    for value in CaptureModeType::KNOWN {
        let parsed: CaptureModeType = value.parse().unwrap();
        assert_eq!(parsed.as_str(), *value);
    }
    let unknown = PaymentMethodType::from("SPACE_PAY");
    assert!(unknown.is_unknown());
    assert!(!<PaymentMethodType as WireEnum>::KNOWN.contains(&unknown.as_str()));
}
