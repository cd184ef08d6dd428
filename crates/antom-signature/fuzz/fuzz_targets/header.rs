//! `cargo fuzz run header`: the `signature` header parser on arbitrary text.
#![no_main]

use antom_signature::SignatureHeader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(header) = SignatureHeader::parse(text) {
        // Whatever parses must format to text that parses back to the same value.
        let again = SignatureHeader::parse(&header.to_string());
        assert_eq!(again.as_ref(), Ok(&header));
    }
});
