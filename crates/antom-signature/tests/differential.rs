//! Differential tests against the RustCrypto `rsa` crate (a second, independent
//! implementation of RSASSA-PKCS1-v1_5 with SHA-256): each side verifies the other's
//! signatures, and since PKCS#1 v1.5 signing is deterministic both must produce the
//! very same bytes.

mod common;

use std::sync::OnceLock;

use antom_signature::{Error, Signature, SignedMessage, SigningKey, VerifyingKey};
use proptest::prelude::*;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::sha2::Sha256;
use rsa::Generate as _;

/// One key pair in both libraries' types.
struct Pair {
    ours: SigningKey,
    ours_public: VerifyingKey,
    theirs: rsa::PrivateKey,
    theirs_public: rsa::PublicKey,
}

/// Test key a (openssl, 2048), test key b (openssl, 3072), and one 2048-bit key that
/// the `rsa` crate generates and hands over as PKCS#8 / SPKI DER.
fn pairs() -> &'static [Pair] {
    static PAIRS: OnceLock<Vec<Pair>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut out = Vec::new();
        for (private_pem, public_pem) in [
            (common::A_PRIVATE_PEM, common::A_PUBLIC_PEM),
            (common::B_PRIVATE_PEM, common::B_PUBLIC_PEM),
        ] {
            out.push(Pair {
                ours: SigningKey::parse(private_pem).unwrap(),
                ours_public: VerifyingKey::parse(public_pem).unwrap(),
                theirs: rsa::PrivateKey::from_pkcs8_pem(private_pem).unwrap(),
                theirs_public: rsa::PublicKey::from_public_key_pem(public_pem).unwrap(),
            });
        }
        let generated = rsa::PrivateKey::generate();
        let generated_public = generated.to_public_key();
        out.push(Pair {
            ours: SigningKey::from_pkcs8_der(generated.to_pkcs8_der().unwrap().as_bytes()).unwrap(),
            ours_public: VerifyingKey::from_spki_der(
                generated_public.to_public_key_der().unwrap().as_bytes(),
            )
            .unwrap(),
            theirs: generated,
            theirs_public: generated_public,
        });
        out
    })
}

#[derive(Debug, Clone)]
struct Parts {
    method: String,
    path: String,
    client_id: String,
    time: String,
    body: Vec<u8>,
}

impl Parts {
    fn message(&self) -> SignedMessage<'_> {
        SignedMessage {
            method: &self.method,
            path: &self.path,
            client_id: &self.client_id,
            time: &self.time,
            body: &self.body,
        }
    }
}

fn parts() -> impl Strategy<Value = Parts> {
    (
        prop_oneof![
            Just("POST".to_string()),
            Just("GET".to_string()),
            "[A-Z]{1,7}"
        ],
        "/[a-zA-Z0-9/_.?=&%-]{0,60}",
        "[A-Z0-9_]{0,30}",
        prop_oneof![
            "[0-9]{13}",
            "[0-9]{19}",
            "20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9][+-][01][0-9]:00"
        ],
        prop::collection::vec(any::<u8>(), 0..2048),
    )
        .prop_map(|(method, path, client_id, time, body)| Parts {
            method,
            path,
            client_id,
            time,
            body,
        })
}

fn check_both_ways(pair: &Pair, parts: &Parts) -> Result<(), TestCaseError> {
    let msg = parts.message();
    let content = msg.content();

    let ours = pair.ours.sign(&msg).unwrap();
    let theirs = pair.theirs.pkcs1v15_sign::<Sha256>(&content).unwrap();
    prop_assert_eq!(ours.as_bytes(), theirs.as_slice());

    prop_assert!(pair
        .theirs_public
        .pkcs1v15_verify::<Sha256>(&content, ours.as_bytes())
        .is_ok());
    prop_assert_eq!(
        pair.ours_public
            .verify(&msg, &Signature::from_bytes(theirs.clone())),
        Ok(())
    );

    // And both refuse the same altered content.
    let mut altered = content.clone();
    altered.push(b'!');
    prop_assert!(pair
        .theirs_public
        .pkcs1v15_verify::<Sha256>(&altered, ours.as_bytes())
        .is_err());
    prop_assert_eq!(
        pair.ours_public
            .verify_content(&altered, &Signature::from_bytes(theirs)),
        Err(Error::BadSignature)
    );
    Ok(())
}

proptest! {
    // Each case costs a few private-key operations in the `rsa` crate, which is slow in
    // debug builds; the count is fixed so the run time does not depend on PROPTEST_CASES.
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn rsa_crate_and_this_crate_agree(parts in parts(), which in 0usize..3) {
        check_both_ways(&pairs()[which], &parts)?;
    }
}

#[test]
fn agree_on_every_test_key_for_a_fixed_notification() {
    let body = common::notification_body(1024);
    let fixed = Parts {
        method: "POST".into(),
        path: "/payNotify".into(),
        client_id: "SANDBOX_5Y00000000000000".into(),
        time: "2024-01-01T10:00:06+08:00".into(),
        body,
    };
    for pair in pairs() {
        check_both_ways(pair, &fixed).unwrap();
    }
}

#[test]
fn public_keys_derived_by_both_libraries_match() {
    for pair in pairs() {
        let spki = pair.theirs_public.to_public_key_der().unwrap();
        assert_eq!(
            VerifyingKey::from_spki_der(spki.as_bytes()).unwrap(),
            pair.ours.verifying_key()
        );
        assert_eq!(pair.ours_public, pair.ours.verifying_key());
    }
}
