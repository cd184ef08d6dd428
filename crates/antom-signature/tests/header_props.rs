//! Property tests: the header parser and the key loaders take any input without
//! panicking, and header formatting round-trips through parsing.

mod common;

use antom_signature::{Error, Signature, SignatureHeader, SigningKey, VerifyingKey};
use proptest::prelude::*;

/// Strings built from the pieces a header is made of, so that the parser's deeper
/// branches (duplicates, versions, percent-escapes) are reached often.
fn headerish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("algorithm=".to_string()),
        Just("keyVersion=".to_string()),
        Just("signature=".to_string()),
        Just("RSA256".to_string()),
        Just(",".to_string()),
        Just("=".to_string()),
        Just(" ".to_string()),
        Just("%".to_string()),
        Just("%2B".to_string()),
        Just("%3D".to_string()),
        Just("==".to_string()),
        "[0-9]{1,12}",
        "[A-Za-z0-9+/]{0,12}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn parse_never_panics_on_any_string(text in any::<String>()) {
        let _ = SignatureHeader::parse(&text);
    }

    #[test]
    fn parse_never_panics_on_headerish_strings(text in headerish()) {
        if let Ok(header) = SignatureHeader::parse(&text) {
            // Whatever parsed formats back to something that parses to the same value.
            let again = SignatureHeader::parse(&header.to_string());
            prop_assert_eq!(again, Ok(header));
        }
    }

    #[test]
    fn signature_value_decoder_never_panics(text in any::<String>()) {
        let _ = Signature::from_header_value(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn format_then_parse_is_identity(
        version in proptest::option::of(any::<u32>()),
        bytes in prop::collection::vec(any::<u8>(), 1..600),
    ) {
        let signature = Signature::from_bytes(bytes);
        let header = match version {
            Some(v) => SignatureHeader::new(v, signature.clone()),
            None => SignatureHeader::without_key_version(signature.clone()),
        };
        let text = header.to_string();
        // Only header-safe characters go on the wire.
        prop_assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b"=,%".contains(&b)));
        prop_assert_eq!(SignatureHeader::parse(&text), Ok(header.clone()));

        // The raw-base64 spelling of the same header parses to the same value.
        let mut raw = String::from("algorithm=RSA256,");
        if let Some(v) = version {
            raw.push_str(&format!("keyVersion={v},"));
        }
        raw.push_str("signature=");
        raw.push_str(&signature.to_base64());
        prop_assert_eq!(SignatureHeader::parse(&raw), Ok(header));
    }

    #[test]
    fn key_loaders_never_panic_on_text(text in any::<String>()) {
        let _ = SigningKey::parse(&text);
        let _ = VerifyingKey::parse(&text);
    }

    #[test]
    fn key_loaders_never_panic_on_der(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = SigningKey::from_pkcs8_der(&bytes);
        let _ = SigningKey::from_pkcs1_der(&bytes);
        let _ = VerifyingKey::from_spki_der(&bytes);
        let _ = VerifyingKey::from_pkcs1_der(&bytes);
    }

    #[test]
    fn pem_wrapped_garbage_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        use base64::Engine as _;
        let body = base64::engine::general_purpose::STANDARD.encode(&bytes);
        for label in ["PRIVATE KEY", "RSA PRIVATE KEY", "PUBLIC KEY", "RSA PUBLIC KEY"] {
            let text = format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n");
            let _ = SigningKey::parse(&text);
            let _ = VerifyingKey::parse(&text);
        }
    }

    #[test]
    fn arbitrary_signatures_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let body = common::notification_body(64);
        let msg = common::message(&body);
        let result = common::verifying_a().verify(&msg, &Signature::from_bytes(bytes));
        prop_assert_eq!(result, Err(Error::BadSignature));
    }
}
