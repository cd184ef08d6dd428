//! Malformed, unsupported and odd-but-valid key inputs: always an error or a key,
//! never a panic.

mod common;

use antom_signature::{Error, SigningKey, VerifyingKey};
use base64::Engine as _;
use common::*;

fn der_of(pem_text: &str) -> Vec<u8> {
    let body: String = pem_text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}

#[test]
fn small_rsa_keys_are_refused() {
    assert_eq!(
        SigningKey::parse(SMALL_PRIVATE_PEM).unwrap_err(),
        Error::InvalidKey("RSA modulus below 2048 bits")
    );
    assert_eq!(
        VerifyingKey::parse(SMALL_PUBLIC_PEM).unwrap_err(),
        Error::KeySize { bits: 1024 }
    );
}

#[test]
fn non_rsa_keys_are_refused() {
    assert_eq!(
        SigningKey::parse(EC_PRIVATE_PEM).unwrap_err(),
        Error::NotRsa
    );
    assert_eq!(
        VerifyingKey::parse(EC_PUBLIC_PEM).unwrap_err(),
        Error::NotRsa
    );
}

#[test]
fn keys_of_the_wrong_kind_are_refused() {
    assert_eq!(
        SigningKey::parse(A_PUBLIC_PEM).unwrap_err(),
        Error::UnsupportedKeyLabel("PUBLIC KEY".into())
    );
    assert_eq!(
        VerifyingKey::parse(A_PRIVATE_PEM).unwrap_err(),
        Error::UnsupportedKeyLabel("PRIVATE KEY".into())
    );
    // Bare base64 has no label, so the structure decides.
    assert!(SigningKey::parse(A_PUBLIC_B64).is_err());
    assert!(VerifyingKey::parse(A_PRIVATE_B64).is_err());
    let encrypted = A_PRIVATE_PEM.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY");
    assert_eq!(
        SigningKey::parse(&encrypted).unwrap_err(),
        Error::UnsupportedKeyLabel("ENCRYPTED PRIVATE KEY".into())
    );
    let cert = A_PUBLIC_PEM.replace("PUBLIC KEY", "CERTIFICATE");
    assert_eq!(
        VerifyingKey::parse(&cert).unwrap_err(),
        Error::UnsupportedKeyLabel("CERTIFICATE".into())
    );
}

#[test]
fn strict_constructors_check_the_form() {
    assert_eq!(
        SigningKey::from_pkcs8_base64(A_PRIVATE_PEM).unwrap_err(),
        Error::KeyEncoding("expected bare base64, found PEM")
    );
    assert_eq!(
        SigningKey::from_pem(A_PRIVATE_B64).unwrap_err(),
        Error::KeyEncoding("expected PEM, found bare base64")
    );
    assert_eq!(
        VerifyingKey::from_spki_base64(A_PUBLIC_PEM).unwrap_err(),
        Error::KeyEncoding("expected bare base64, found PEM")
    );
    assert_eq!(
        VerifyingKey::from_pem(A_PUBLIC_B64).unwrap_err(),
        Error::KeyEncoding("expected PEM, found bare base64")
    );
}

#[test]
fn harmless_formatting_differences_are_accepted() {
    let crlf = A_PRIVATE_PEM.replace('\n', "\r\n");
    let indented = format!("\n\n  {}  \n", A_PUBLIC_PEM.trim());
    let wrapped: String = A_PRIVATE_B64
        .as_bytes()
        .chunks(64)
        .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
        .collect();
    let unpadded = A_PUBLIC_B64.trim().trim_end_matches('=');
    assert_eq!(
        SigningKey::parse(&crlf).unwrap().verifying_key(),
        verifying_a()
    );
    assert_eq!(VerifyingKey::parse(&indented).unwrap(), verifying_a());
    assert_eq!(
        SigningKey::from_pkcs8_base64(&wrapped)
            .unwrap()
            .verifying_key(),
        verifying_a()
    );
    assert_eq!(
        VerifyingKey::from_spki_base64(unpadded).unwrap(),
        verifying_a()
    );
    // Bare base64 of PKCS#1 structures is read too.
    let pkcs1_private =
        base64::engine::general_purpose::STANDARD.encode(der_of(A_PRIVATE_PKCS1_PEM));
    let pkcs1_public = base64::engine::general_purpose::STANDARD.encode(der_of(A_PUBLIC_PKCS1_PEM));
    assert_eq!(
        SigningKey::parse(&pkcs1_private).unwrap().verifying_key(),
        verifying_a()
    );
    assert_eq!(VerifyingKey::parse(&pkcs1_public).unwrap(), verifying_a());
    // A PKCS#8 body under the PKCS#1 label, as some SDKs assemble it.
    let mislabelled = A_PRIVATE_PEM.replace("PRIVATE KEY", "RSA PRIVATE KEY");
    assert_eq!(
        SigningKey::parse(&mislabelled).unwrap().verifying_key(),
        verifying_a()
    );
}

#[test]
fn garbage_text_is_an_error() {
    let inputs = [
        "",
        "   ",
        "-----BEGIN PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
        "AAAA",
        "MIIB",
        "%%%",
        "\u{0}",
        "🔑",
    ];
    for text in inputs {
        assert!(SigningKey::parse(text).is_err(), "{text:?}");
        assert!(VerifyingKey::parse(text).is_err(), "{text:?}");
    }
}

#[test]
fn every_truncation_of_the_der_is_an_error() {
    let private = der_of(A_PRIVATE_PEM);
    let public = der_of(A_PUBLIC_PEM);
    for len in 0..private.len() {
        assert!(
            SigningKey::from_pkcs8_der(&private[..len]).is_err(),
            "{len}"
        );
        assert!(
            SigningKey::from_pkcs1_der(&private[..len]).is_err(),
            "{len}"
        );
    }
    for len in 0..public.len() {
        assert!(
            VerifyingKey::from_spki_der(&public[..len]).is_err(),
            "{len}"
        );
        assert!(
            VerifyingKey::from_pkcs1_der(&public[..len]).is_err(),
            "{len}"
        );
    }
    // Trailing bytes after a whole structure are refused as well.
    let mut longer = public.clone();
    longer.push(0);
    assert!(VerifyingKey::from_spki_der(&longer).is_err());
}

#[test]
fn flipped_public_key_bytes_never_panic() {
    let public = der_of(A_PUBLIC_PEM);
    let body = notification_body(64);
    let msg = message(&body);
    let sig = signing_a().sign(&msg).unwrap();
    for i in 0..public.len() {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut bad = public.clone();
            bad[i] ^= mask;
            // Either refused, or a different key that does not verify the signature.
            if let Ok(key) = VerifyingKey::from_spki_der(&bad) {
                assert_ne!(key, verifying_a(), "byte {i} changed nothing that counts");
                assert_eq!(key.verify(&msg, &sig), Err(Error::BadSignature), "byte {i}");
            }
        }
    }
}

#[test]
fn flipped_private_key_bytes_never_panic() {
    let private = der_of(A_PRIVATE_PEM);
    // Every 7th byte keeps the run short in debug builds; ring checks consistency of
    // the components, so most flips are refused.
    for i in (0..private.len()).step_by(7) {
        let mut bad = private.clone();
        bad[i] ^= 0x01;
        let _ = SigningKey::from_pkcs8_der(&bad);
    }
}
