//! Shared helpers for the integration tests. The keys are the test-only keys of
//! `tests/keys/` (see its README): made for this repository, never used elsewhere.
#![allow(dead_code)]

use antom_signature::{SignedMessage, SigningKey, VerifyingKey};

pub const A_PRIVATE_PEM: &str = include_str!("../keys/test_a_private_pkcs8.pem");
pub const A_PRIVATE_B64: &str = include_str!("../keys/test_a_private_pkcs8.b64");
pub const A_PRIVATE_PKCS1_PEM: &str = include_str!("../keys/test_a_private_pkcs1.pem");
pub const A_PUBLIC_PEM: &str = include_str!("../keys/test_a_public_spki.pem");
pub const A_PUBLIC_B64: &str = include_str!("../keys/test_a_public_spki.b64");
pub const A_PUBLIC_PKCS1_PEM: &str = include_str!("../keys/test_a_public_pkcs1.pem");
pub const B_PRIVATE_PEM: &str = include_str!("../keys/test_b_private_pkcs8.pem");
pub const B_PRIVATE_B64: &str = include_str!("../keys/test_b_private_pkcs8.b64");
pub const B_PUBLIC_PEM: &str = include_str!("../keys/test_b_public_spki.pem");
pub const B_PUBLIC_B64: &str = include_str!("../keys/test_b_public_spki.b64");
pub const SMALL_PRIVATE_PEM: &str = include_str!("../keys/test_small1024_private_pkcs8.pem");
pub const SMALL_PUBLIC_PEM: &str = include_str!("../keys/test_small1024_public_spki.pem");
pub const EC_PRIVATE_PEM: &str = include_str!("../keys/test_ec_private_pkcs8.pem");
pub const EC_PUBLIC_PEM: &str = include_str!("../keys/test_ec_public_spki.pem");

pub fn signing_a() -> SigningKey {
    SigningKey::from_pkcs8_base64(A_PRIVATE_B64).expect("test key a loads")
}

pub fn verifying_a() -> VerifyingKey {
    VerifyingKey::from_spki_base64(A_PUBLIC_B64).expect("test key a loads")
}

pub fn signing_b() -> SigningKey {
    SigningKey::from_pkcs8_base64(B_PRIVATE_B64).expect("test key b loads")
}

pub fn verifying_b() -> VerifyingKey {
    VerifyingKey::from_spki_base64(B_PUBLIC_B64).expect("test key b loads")
}

/// A notification-shaped body of about `len` bytes.
pub fn notification_body(len: usize) -> Vec<u8> {
    let mut body = String::from(
        r#"{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"paymentRequestId":"pay-20240101-0001","paymentId":"20240101190740000000000000001","paymentAmount":{"currency":"USD","value":"1000"},"paymentCreateTime":"2024-01-01T10:00:00+08:00","paymentTime":"2024-01-01T10:00:05+08:00","extra":""#,
    );
    while body.len() + 2 < len {
        body.push('x');
    }
    body.push_str("\"}");
    body.into_bytes()
}

pub fn message(body: &[u8]) -> SignedMessage<'_> {
    SignedMessage {
        method: "POST",
        path: "/payNotify",
        client_id: "SANDBOX_5Y00000000000000",
        time: "2024-01-01T10:00:06+08:00",
        body,
    }
}
