//! Verifying (and signing) a typical 1 KB Antom notification with a 2048-bit key.
//!
//! `cargo bench --bench verify`
//!
//! Uses the test-only key pair of `tests/keys/`.

use std::hint::black_box;

use antom_signature::{Keyring, SignatureHeader, SignedMessage, SigningKey, VerifyingKey};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const PRIVATE: &str = include_str!("../tests/keys/test_a_private_pkcs8.b64");
const PUBLIC: &str = include_str!("../tests/keys/test_a_public_spki.b64");

/// A payment-result notification padded to 1024 bytes.
fn notification() -> Vec<u8> {
    let mut body = String::from(
        r#"{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"paymentRequestId":"pay-20240101-0001","paymentId":"20240101190740000000000000001","paymentAmount":{"currency":"USD","value":"1000"},"paymentCreateTime":"2024-01-01T10:00:00+08:00","paymentTime":"2024-01-01T10:00:05+08:00","extra":""#,
    );
    while body.len() + 2 < 1024 {
        body.push('x');
    }
    body.push_str("\"}");
    body.into_bytes()
}

fn benches(c: &mut Criterion) {
    let private = SigningKey::from_pkcs8_base64(PRIVATE).expect("test key loads");
    let public = VerifyingKey::from_spki_base64(PUBLIC).expect("test key loads");
    let keyring = Keyring::from(public.clone());
    let body = notification();
    let message = SignedMessage {
        method: "POST",
        path: "/payNotify",
        client_id: "SANDBOX_5Y00000000000000",
        time: "2024-01-01T10:00:06+08:00",
        body: &body,
    };
    let header = private.sign_header(&message, 1).expect("signs");
    let header_text = header.to_string();
    public
        .verify(&message, header.signature())
        .expect("verifies");

    let mut group = c.benchmark_group("notification_1kb");
    group.throughput(Throughput::Elements(1));
    group.bench_function("verify", |b| {
        b.iter(|| public.verify(black_box(&message), black_box(header.signature())))
    });
    group.bench_function("parse_header_and_verify", |b| {
        b.iter(|| keyring.verify_header(black_box(&message), black_box(&header_text)))
    });
    group.bench_function("sign", |b| b.iter(|| private.sign(black_box(&message))));
    group.bench_function("parse_header", |b| {
        b.iter(|| SignatureHeader::parse(black_box(&header_text)))
    });
    group.bench_function("build_content", |b| {
        b.iter(|| black_box(&message).content())
    });
    group.finish();

    let mut keys = c.benchmark_group("load_key");
    keys.bench_function("verifying_key_from_base64", |b| {
        b.iter(|| VerifyingKey::from_spki_base64(black_box(PUBLIC)))
    });
    keys.bench_function("signing_key_from_base64", |b| {
        b.iter(|| SigningKey::from_pkcs8_base64(black_box(PRIVATE)))
    });
    keys.finish();
}

criterion_group!(verify, benches);
criterion_main!(verify);
