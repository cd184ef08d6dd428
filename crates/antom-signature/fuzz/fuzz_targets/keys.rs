//! `cargo fuzz run keys`: the key loaders on arbitrary text and DER.
#![no_main]

use antom_signature::{SigningKey, VerifyingKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = SigningKey::from_pkcs8_der(data);
    let _ = SigningKey::from_pkcs1_der(data);
    let _ = VerifyingKey::from_spki_der(data);
    let _ = VerifyingKey::from_pkcs1_der(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = SigningKey::parse(text);
        let _ = VerifyingKey::parse(text);
    }
});
