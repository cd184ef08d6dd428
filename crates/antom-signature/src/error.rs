//! The one error type of this crate.

use std::fmt;

/// Longest piece of caller input quoted back in an error message.
const QUOTE_LIMIT: usize = 32;

/// Everything that can go wrong while loading keys, parsing a `signature` header,
/// signing or verifying.
///
/// No variant carries key material: a key that fails to load is described by what
/// was wrong with it, never by its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The key text is neither PEM nor bare base64 that decodes (the reason says which).
    KeyEncoding(&'static str),
    /// A PEM block with a label this function does not read, e.g. `ENCRYPTED PRIVATE KEY`
    /// where a plain private key was expected.
    UnsupportedKeyLabel(String),
    /// The decoded bytes are not a well-formed key of the expected kind (the reason
    /// says what the parser found).
    InvalidKey(&'static str),
    /// The key is well formed but not an RSA key.
    NotRsa,
    /// The RSA modulus has a size this crate does not accept: 2048 to 8192 bits for
    /// verifying keys, 2048 to 4096 bits for signing keys.
    KeySize {
        /// Size of the modulus that was found, in bits.
        bits: usize,
    },
    /// The `signature` header value does not have the `key=value,key=value` shape
    /// (the reason says where it broke).
    MalformedHeader(&'static str),
    /// The `signature` header has no `signature=` item.
    MissingSignature,
    /// The `signature` header names the same item twice (`algorithm`, `keyVersion`
    /// or `signature`), so it is ambiguous which one counts.
    DuplicateHeaderItem(&'static str),
    /// The `algorithm=` item names something other than `RSA256`.
    UnsupportedAlgorithm(String),
    /// The `keyVersion=` item is not a decimal number that fits in a `u32`.
    InvalidKeyVersion(String),
    /// The signature value is neither percent-encoded base64 nor raw base64.
    SignatureEncoding,
    /// The header names a key version that the key ring does not hold, and the key
    /// ring has no default key either.
    UnknownKeyVersion(u32),
    /// The header names no key version and the key ring has no default key.
    NoDefaultKey,
    /// The signature does not match the content and key: the message was altered, was
    /// signed with another key, or the content was rebuilt differently (path, time,
    /// client id or body not byte-for-byte as signed).
    BadSignature,
    /// The signing primitive failed. With a key that loaded, this does not happen in
    /// practice.
    Signing,
}

impl Error {
    /// Quote caller input in an error, cut to a short prefix.
    pub(crate) fn quote(input: &str) -> String {
        match input.char_indices().nth(QUOTE_LIMIT) {
            Some((cut, _)) => format!("{}…", input.get(..cut).unwrap_or_default()),
            None => input.to_owned(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::KeyEncoding(why) => write!(f, "key text does not decode: {why}"),
            Error::UnsupportedKeyLabel(label) => {
                write!(f, "unsupported PEM label {label:?} for this kind of key")
            }
            Error::InvalidKey(why) => write!(f, "invalid key: {why}"),
            Error::NotRsa => f.write_str("the key is not an RSA key"),
            Error::KeySize { bits } => write!(f, "unsupported RSA key size: {bits} bits"),
            Error::MalformedHeader(why) => write!(f, "malformed signature header: {why}"),
            Error::MissingSignature => f.write_str("signature header has no signature= item"),
            Error::DuplicateHeaderItem(item) => {
                write!(f, "signature header repeats the {item}= item")
            }
            Error::UnsupportedAlgorithm(name) => {
                write!(f, "unsupported signature algorithm {name:?} (only RSA256)")
            }
            Error::InvalidKeyVersion(value) => write!(f, "invalid keyVersion {value:?}"),
            Error::SignatureEncoding => {
                f.write_str("signature value is neither percent-encoded nor raw base64")
            }
            Error::UnknownKeyVersion(version) => {
                write!(f, "no key for keyVersion {version} and no default key")
            }
            Error::NoDefaultKey => {
                f.write_str("header has no keyVersion and no default key is set")
            }
            Error::BadSignature => f.write_str("signature verification failed"),
            Error::Signing => f.write_str("signing failed"),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_cuts_long_input_on_a_char_boundary() {
        let long = "é".repeat(100);
        let quoted = Error::quote(&long);
        assert_eq!(quoted.chars().count(), QUOTE_LIMIT + 1);
        assert!(quoted.ends_with('…'));
        assert_eq!(Error::quote("RSA512"), "RSA512");
    }

    #[test]
    fn display_is_one_line() {
        let all = [
            Error::KeyEncoding("x"),
            Error::UnsupportedKeyLabel("ENCRYPTED PRIVATE KEY".into()),
            Error::InvalidKey("x"),
            Error::NotRsa,
            Error::KeySize { bits: 1024 },
            Error::MalformedHeader("x"),
            Error::MissingSignature,
            Error::DuplicateHeaderItem("signature"),
            Error::UnsupportedAlgorithm("ECDSA".into()),
            Error::InvalidKeyVersion("x".into()),
            Error::SignatureEncoding,
            Error::UnknownKeyVersion(7),
            Error::NoDefaultKey,
            Error::BadSignature,
            Error::Signing,
        ];
        for e in all {
            let text = e.to_string();
            assert!(!text.is_empty() && !text.contains('\n'), "{text}");
        }
    }
}
