//! Sign-then-verify round trips, tamper detection and key-ring selection.

mod common;

use antom_signature::{
    Error, Keyring, Signature, SignatureHeader, SignedMessage, SigningKey, VerifyingKey,
};
use common::*;

#[test]
fn every_key_form_gives_the_same_signature_and_verifies() {
    let body = notification_body(512);
    let msg = message(&body);
    let signers = [
        SigningKey::from_pkcs8_base64(A_PRIVATE_B64).unwrap(),
        SigningKey::from_pem(A_PRIVATE_PEM).unwrap(),
        SigningKey::from_pem(A_PRIVATE_PKCS1_PEM).unwrap(),
        SigningKey::parse(A_PRIVATE_PEM).unwrap(),
        A_PRIVATE_B64.parse().unwrap(),
    ];
    let verifiers = [
        VerifyingKey::from_spki_base64(A_PUBLIC_B64).unwrap(),
        VerifyingKey::from_pem(A_PUBLIC_PEM).unwrap(),
        VerifyingKey::from_pem(A_PUBLIC_PKCS1_PEM).unwrap(),
        VerifyingKey::parse(A_PUBLIC_PEM).unwrap(),
        A_PUBLIC_B64.parse().unwrap(),
    ];
    let reference = signers[0].sign(&msg).unwrap();
    assert_eq!(reference.as_bytes().len(), 256);
    for signer in &signers {
        assert_eq!(signer.modulus_bits(), 2048);
        // PKCS#1 v1.5 is deterministic: same key, same content, same bytes.
        assert_eq!(signer.sign(&msg).unwrap(), reference);
        assert_eq!(&signer.verifying_key(), &verifiers[0]);
    }
    for verifier in &verifiers {
        assert_eq!(verifier, &verifiers[0]);
        verifier.verify(&msg, &reference).unwrap();
        verifier.verify_content(&msg.content(), &reference).unwrap();
    }
}

#[test]
fn the_3072_bit_key_round_trips() {
    let body = notification_body(100);
    let msg = message(&body);
    let sig = signing_b().sign(&msg).unwrap();
    assert_eq!(sig.as_bytes().len(), 384);
    verifying_b().verify(&msg, &sig).unwrap();
    assert_eq!(verifying_b().modulus_bits(), 3072);
    assert_eq!(
        SigningKey::from_pem(B_PRIVATE_PEM).unwrap().verifying_key(),
        VerifyingKey::from_pem(B_PUBLIC_PEM).unwrap()
    );
}

#[test]
fn another_key_does_not_verify() {
    let body = notification_body(64);
    let msg = message(&body);
    let sig = signing_a().sign(&msg).unwrap();
    assert_eq!(verifying_b().verify(&msg, &sig), Err(Error::BadSignature));
}

/// Every one-byte change (replace, delete, insert) of any field must break the signature.
#[test]
fn every_one_byte_change_of_any_field_fails() {
    let body = notification_body(300);
    let original = message(&body);
    let key = signing_a();
    let public = key.verifying_key();
    let sig = key.sign(&original).unwrap();
    public.verify(&original, &sig).unwrap();

    let fields: [&[u8]; 5] = [
        original.method.as_bytes(),
        original.path.as_bytes(),
        original.client_id.as_bytes(),
        original.time.as_bytes(),
        original.body,
    ];
    let mut checked = 0;
    for (which, field) in fields.iter().enumerate() {
        for variant in one_byte_variants(field) {
            let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
            let (method, path, client_id, time) = (
                text(if which == 0 { &variant } else { fields[0] }),
                text(if which == 1 { &variant } else { fields[1] }),
                text(if which == 2 { &variant } else { fields[2] }),
                text(if which == 3 { &variant } else { fields[3] }),
            );
            let changed = SignedMessage {
                method: &method,
                path: &path,
                client_id: &client_id,
                time: &time,
                body: if which == 4 { &variant } else { fields[4] },
            };
            assert_eq!(
                public.verify(&changed, &sig),
                Err(Error::BadSignature),
                "field {which} variant {:?}",
                String::from_utf8_lossy(&variant)
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
}

/// Replace each byte (staying ASCII), delete each byte, insert a byte at each position.
fn one_byte_variants(field: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for i in 0..field.len() {
        let mut flipped = field.to_vec();
        flipped[i] ^= 0x01;
        out.push(flipped);
        let mut deleted = field.to_vec();
        deleted.remove(i);
        out.push(deleted);
    }
    for i in 0..=field.len() {
        let mut inserted = field.to_vec();
        inserted.insert(i, b'Z');
        out.push(inserted);
    }
    out
}

/// The content has no escaping: moving text across the `.` between client id and
/// time leaves the signed bytes, and so the verdict, unchanged. Documented in the
/// crate docs; this test pins the behaviour so a change is noticed.
#[test]
fn field_boundary_shift_is_invisible_to_the_signature() {
    let key = signing_a();
    let signed = SignedMessage {
        method: "POST",
        path: "/payNotify",
        client_id: "CLIENT",
        time: "1.5",
        body: b"{}",
    };
    let shifted = SignedMessage {
        client_id: "CLIENT.1",
        time: "5",
        ..signed
    };
    assert_eq!(signed.content(), shifted.content());
    let sig = key.sign(&signed).unwrap();
    key.verifying_key().verify(&shifted, &sig).unwrap();
}

#[test]
fn altered_signatures_fail() {
    let body = notification_body(200);
    let msg = message(&body);
    let public = verifying_a();
    let sig = signing_a().sign(&msg).unwrap().into_bytes();
    for i in 0..sig.len() {
        let mut bad = sig.clone();
        bad[i] ^= 0x80;
        assert_eq!(
            public.verify(&msg, &Signature::from_bytes(bad)),
            Err(Error::BadSignature)
        );
    }
    let mut longer = sig.clone();
    longer.push(0);
    for bad in [
        Vec::new(),
        sig[1..].to_vec(),
        longer,
        vec![0u8; 256],
        vec![0xff; 256],
    ] {
        assert_eq!(
            public.verify(&msg, &Signature::from_bytes(bad)),
            Err(Error::BadSignature)
        );
    }
}

#[test]
fn header_text_round_trip_verifies_in_both_encodings() {
    let body = notification_body(256);
    let msg = message(&body);
    let header = signing_a().sign_header(&msg, 1).unwrap();
    let sent = header.to_string();
    assert!(sent.starts_with("algorithm=RSA256,keyVersion=1,signature="));
    assert!(!sent.contains('+') && !sent.contains('/'));
    verifying_a().verify_header(&msg, &sent).unwrap();

    // The same signature as raw base64, as some senders leave it.
    let raw = format!(
        "algorithm=RSA256,keyVersion=1,signature={}",
        header.signature().to_base64()
    );
    assert_eq!(SignatureHeader::parse(&raw).unwrap(), header);
    verifying_a().verify_header(&msg, &raw).unwrap();

    let other = message(b"{}");
    assert_eq!(
        verifying_a().verify_header(&other, &sent),
        Err(Error::BadSignature)
    );
    assert_eq!(
        verifying_a().verify_header(&msg, "algorithm=RSA256,keyVersion=1"),
        Err(Error::MissingSignature)
    );
}

#[test]
fn keyring_selects_by_key_version() {
    let body = notification_body(128);
    let msg = message(&body);
    let by_a = signing_a().sign(&msg).unwrap();
    let by_b = signing_b().sign(&msg).unwrap();

    let mut ring = Keyring::new();
    assert_eq!(ring.insert(1, verifying_a()), None);
    assert_eq!(ring.insert(2, verifying_b()), None);
    assert_eq!(ring.versions().collect::<Vec<_>>(), [1, 2]);

    ring.verify(&msg, &SignatureHeader::new(1, by_a.clone()))
        .unwrap();
    ring.verify(&msg, &SignatureHeader::new(2, by_b.clone()))
        .unwrap();
    // Right signature, wrong version: the other key is used and fails.
    assert_eq!(
        ring.verify(&msg, &SignatureHeader::new(1, by_b.clone())),
        Err(Error::BadSignature)
    );
    assert_eq!(
        ring.verify(&msg, &SignatureHeader::new(2, by_a.clone())),
        Err(Error::BadSignature)
    );
    // No default yet.
    assert_eq!(
        ring.verify(&msg, &SignatureHeader::new(3, by_a.clone())),
        Err(Error::UnknownKeyVersion(3))
    );
    assert_eq!(
        ring.verify(&msg, &SignatureHeader::without_key_version(by_a.clone())),
        Err(Error::NoDefaultKey)
    );

    // With a default: used for a missing or unknown version, never over an exact match.
    assert_eq!(ring.set_default(verifying_b()), None);
    ring.verify(&msg, &SignatureHeader::without_key_version(by_b.clone()))
        .unwrap();
    ring.verify(&msg, &SignatureHeader::new(3, by_b.clone()))
        .unwrap();
    assert_eq!(
        ring.verify(&msg, &SignatureHeader::new(1, by_b.clone())),
        Err(Error::BadSignature)
    );
    assert_eq!(ring.key_for(Some(1)).unwrap(), &verifying_a());
    assert_eq!(ring.key_for(Some(99)).unwrap(), &verifying_b());
    assert_eq!(ring.key_for(None).unwrap(), &verifying_b());

    // Header text straight in.
    let header_b = SignatureHeader::new(2, by_b).to_string();
    ring.verify_header(&msg, &header_b).unwrap();
    assert_eq!(ring.remove(2), Some(verifying_b()));
    assert_eq!(ring.default_key(), Some(&verifying_b()));

    let single = Keyring::from(verifying_a());
    single.verify(&msg, &SignatureHeader::new(7, by_a)).unwrap();
}

#[test]
fn debug_output_never_shows_the_private_key() {
    let key = signing_a();
    let shown = format!("{key:?} {key:#?}");
    assert!(shown.contains("2048"), "{shown}");
    let compact: String = A_PRIVATE_B64.split_whitespace().collect();
    // No 12-character run of the key's base64 appears in the output.
    for start in (0..compact.len().saturating_sub(12)).step_by(4) {
        assert!(!shown.contains(&compact[start..start + 12]), "{shown}");
    }
    let public = format!("{:?}", verifying_a());
    assert_eq!(public, "VerifyingKey { modulus_bits: 2048, .. }");
    let ring = format!("{:?}", Keyring::from(verifying_a()));
    assert!(ring.contains("modulus_bits"), "{ring}");
}

#[test]
fn errors_are_std_errors() {
    fn check<E: std::error::Error + Send + Sync + 'static>(_: &E) {}
    check(&Error::BadSignature);
    let boxed: Box<dyn std::error::Error> = Box::new(Error::NoDefaultKey);
    assert!(!boxed.to_string().is_empty());
}
