//! The raw signature bytes and their base64 and percent-encoded text forms.

use std::fmt;

use base64::engine::general_purpose::{STANDARD, STANDARD_PAD_INDIFFERENT};
use base64::Engine as _;
use percent_encoding::{percent_decode_str, utf8_percent_encode, NON_ALPHANUMERIC};

use crate::Error;

/// An RSASSA-PKCS1-v1_5 signature: as many bytes as the key's modulus.
///
/// In the `signature` header it travels as standard base64 (with `+`, `/` and `=`),
/// percent-encoded on top, so `+` becomes `%2B`, `/` `%2F` and `=` `%3D`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Signature(Vec<u8>);

impl Signature {
    /// Wrap raw signature bytes.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Signature(bytes.into())
    }

    /// The raw signature bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Take the raw bytes out.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// Standard base64 with padding, as the SDKs produce before percent-encoding.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(&self.0)
    }

    /// The form that goes after `signature=` in the header: base64, then every byte
    /// that is not an ASCII letter or digit percent-encoded (upper-case hex), which
    /// matches what the Java, Python, Go and PHP SDKs send.
    pub fn to_header_value(&self) -> String {
        utf8_percent_encode(&self.to_base64(), NON_ALPHANUMERIC).to_string()
    }

    /// Read the value after `signature=`, whether it was percent-encoded or left as
    /// raw base64.
    ///
    /// Only `%XX` escapes are decoded; a `+` is kept as `+` (base64 never holds a
    /// space, so a form-style `+`-as-space reading would only corrupt raw base64).
    /// Padding may be present or absent. An empty value is an error.
    pub fn from_header_value(value: &str) -> Result<Self, Error> {
        let decoded: Vec<u8> = percent_decode_str(value).collect();
        if decoded.is_empty() {
            return Err(Error::SignatureEncoding);
        }
        STANDARD_PAD_INDIFFERENT
            .decode(&decoded)
            .map(Signature)
            .map_err(|_| Error::SignatureEncoding)
    }
}

impl AsRef<[u8]> for Signature {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A signature is public; show it the way it is usually compared by eye.
        f.debug_tuple("Signature").field(&self.to_base64()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_value_escapes_base64_punctuation() {
        // 0xfb 0xff 0xbf encodes to "+/+/" in base64; one extra byte forces padding.
        let sig = Signature::from_bytes(vec![0xfb, 0xff, 0xbf, 0x01]);
        assert_eq!(sig.to_base64(), "+/+/AQ==");
        assert_eq!(sig.to_header_value(), "%2B%2F%2B%2FAQ%3D%3D");
    }

    #[test]
    fn reads_encoded_raw_and_unpadded_forms() {
        let sig = Signature::from_bytes(vec![0xfb, 0xff, 0xbf, 0x01]);
        for text in [
            "%2B%2F%2B%2FAQ%3D%3D",
            "+/+/AQ==",
            "+/+/AQ",
            "%2b%2f+/AQ%3d=",
        ] {
            assert_eq!(
                Signature::from_header_value(text),
                Ok(sig.clone()),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_garbage() {
        for text in ["", "%", "%zz", "a b", "****", "QQ===", "%2", "€"] {
            assert_eq!(
                Signature::from_header_value(text),
                Err(Error::SignatureEncoding),
                "{text}"
            );
        }
    }
}
