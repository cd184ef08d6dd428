//! The `signature` HTTP header: `algorithm=RSA256,keyVersion=<n>,signature=<value>`.

use std::fmt;
use std::str::FromStr;

use crate::{Error, Signature};

/// Name of the header that carries the signature, on requests, responses and
/// notifications alike.
pub const SIGNATURE_HEADER: &str = "signature";
/// Name of the header that carries the merchant's client id.
pub const CLIENT_ID_HEADER: &str = "client-id";
/// Name of the header whose value is the time in a signed request: the merchant's
/// request to Antom, and Antom's notification to the merchant.
pub const REQUEST_TIME_HEADER: &str = "request-time";
/// Name of the header whose value is the time in Antom's signed response to an API call.
pub const RESPONSE_TIME_HEADER: &str = "response-time";

/// Key version the SDKs put in the header when the caller names none.
pub const DEFAULT_KEY_VERSION: u32 = 1;

/// Signature algorithm named in the header. Antom defines one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Algorithm {
    /// `RSA256`: RSASSA-PKCS1-v1_5 with SHA-256 (Java's `SHA256withRSA`).
    #[default]
    Rsa256,
}

impl Algorithm {
    /// The name as written in the header.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Rsa256 => "RSA256",
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed or to-be-sent `signature` header value.
///
/// Formats as `algorithm=RSA256,keyVersion=<n>,signature=<percent-encoded base64>`
/// (the `keyVersion` item is left out when there is none).
///
/// Parsing is tolerant where the wire varies and strict where it would be ambiguous:
///
/// * items are split on `,`; spaces and tabs around an item are ignored, and so are
///   empty items;
/// * item names are matched exactly (`algorithm`, `keyVersion`, `signature`), as the
///   SDKs do: they look for the literal text `signature=`; items with other names are
///   ignored;
/// * a missing `algorithm` item is read as `RSA256` (the SDKs never check it); a
///   present one must say `RSA256` (any letter case);
/// * a missing `keyVersion` is kept as `None`; a present one must be a decimal `u32`;
/// * the signature may be percent-encoded (what the SDKs send) or raw base64;
///   `+` is never read as a space;
/// * a repeated `algorithm`, `keyVersion` or `signature` item is an error.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SignatureHeader {
    algorithm: Algorithm,
    key_version: Option<u32>,
    signature: Signature,
}

impl SignatureHeader {
    /// A header for `signature`, made with the key registered under `key_version`.
    pub fn new(key_version: u32, signature: Signature) -> Self {
        SignatureHeader {
            algorithm: Algorithm::Rsa256,
            key_version: Some(key_version),
            signature,
        }
    }

    /// A header with no `keyVersion` item.
    pub fn without_key_version(signature: Signature) -> Self {
        SignatureHeader {
            algorithm: Algorithm::Rsa256,
            key_version: None,
            signature,
        }
    }

    /// Parse a header value; see the type's documentation for the rules.
    pub fn parse(value: &str) -> Result<Self, Error> {
        let mut algorithm = None;
        let mut key_version = None;
        let mut signature = None;

        for item in value.split(',') {
            let item = item.trim_matches([' ', '\t']);
            if item.is_empty() {
                continue;
            }
            let Some((name, raw)) = item.split_once('=') else {
                return Err(Error::MalformedHeader("an item has no '='"));
            };
            let raw = raw.trim_matches([' ', '\t']);
            let repeated = match name.trim_matches([' ', '\t']) {
                "algorithm" => algorithm
                    .replace(parse_algorithm(raw)?)
                    .map(|_| "algorithm"),
                "keyVersion" => key_version
                    .replace(parse_key_version(raw)?)
                    .map(|_| "keyVersion"),
                "signature" => signature.replace(raw).map(|_| "signature"),
                _ => None,
            };
            if let Some(item) = repeated {
                return Err(Error::DuplicateHeaderItem(item));
            }
        }

        let raw_signature = signature.ok_or(Error::MissingSignature)?;
        Ok(SignatureHeader {
            algorithm: algorithm.unwrap_or_default(),
            key_version,
            signature: Signature::from_header_value(raw_signature)?,
        })
    }

    /// The algorithm named (or implied) by the header.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The `keyVersion` item, if the header has one.
    pub fn key_version(&self) -> Option<u32> {
        self.key_version
    }

    /// The decoded signature.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// Take the decoded signature out.
    pub fn into_signature(self) -> Signature {
        self.signature
    }
}

fn parse_algorithm(raw: &str) -> Result<Algorithm, Error> {
    if raw.eq_ignore_ascii_case(Algorithm::Rsa256.as_str()) {
        Ok(Algorithm::Rsa256)
    } else {
        Err(Error::UnsupportedAlgorithm(Error::quote(raw)))
    }
}

fn parse_key_version(raw: &str) -> Result<u32, Error> {
    // `u32::from_str` would also take a leading `+`; the header never has one.
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::InvalidKeyVersion(Error::quote(raw)));
    }
    raw.parse()
        .map_err(|_| Error::InvalidKeyVersion(Error::quote(raw)))
}

impl fmt::Display for SignatureHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "algorithm={}", self.algorithm)?;
        if let Some(version) = self.key_version {
            write!(f, ",keyVersion={version}")?;
        }
        write!(f, ",signature={}", self.signature.to_header_value())
    }
}

impl FromStr for SignatureHeader {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        SignatureHeader::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig() -> Signature {
        Signature::from_bytes(vec![0xfb, 0xff, 0xbf, 0x01])
    }

    #[test]
    fn formats_like_the_sdks() {
        assert_eq!(
            SignatureHeader::new(1, sig()).to_string(),
            "algorithm=RSA256,keyVersion=1,signature=%2B%2F%2B%2FAQ%3D%3D"
        );
        assert_eq!(
            SignatureHeader::without_key_version(sig()).to_string(),
            "algorithm=RSA256,signature=%2B%2F%2B%2FAQ%3D%3D"
        );
    }

    #[test]
    fn parses_sdk_and_lenient_forms() {
        let want = SignatureHeader::new(2, sig());
        for text in [
            "algorithm=RSA256,keyVersion=2,signature=%2B%2F%2B%2FAQ%3D%3D",
            "algorithm=RSA256,keyVersion=2,signature=+/+/AQ==",
            "signature=+/+/AQ,keyVersion=2",
            " algorithm = rsa256 , keyVersion=2 ,, signature=+/+/AQ== ,",
            "algorithm=RSA256,keyVersion=2,extra=x=y,signature=+/+/AQ==",
        ] {
            assert_eq!(SignatureHeader::parse(text), Ok(want.clone()), "{text}");
        }
        let bare = SignatureHeader::parse("signature=+/+/AQ==").unwrap();
        assert_eq!(bare.key_version(), None);
        assert_eq!(bare.algorithm(), Algorithm::Rsa256);
    }

    #[test]
    fn rejects_what_is_ambiguous_or_wrong() {
        let cases: &[(&str, Error)] = &[
            ("", Error::MissingSignature),
            ("algorithm=RSA256,keyVersion=1", Error::MissingSignature),
            ("Signature=+/+/AQ==", Error::MissingSignature),
            (
                "algorithm=RSA256,junk",
                Error::MalformedHeader("an item has no '='"),
            ),
            (
                "signature=QQ==,signature=QQ==",
                Error::DuplicateHeaderItem("signature"),
            ),
            (
                "keyVersion=1,keyVersion=1,signature=QQ==",
                Error::DuplicateHeaderItem("keyVersion"),
            ),
            (
                "algorithm=RSA256,algorithm=RSA256,signature=QQ==",
                Error::DuplicateHeaderItem("algorithm"),
            ),
            (
                "algorithm=RSA512,signature=QQ==",
                Error::UnsupportedAlgorithm("RSA512".into()),
            ),
            (
                "keyVersion=+1,signature=QQ==",
                Error::InvalidKeyVersion("+1".into()),
            ),
            (
                "keyVersion=,signature=QQ==",
                Error::InvalidKeyVersion(String::new()),
            ),
            (
                "keyVersion=4294967296,signature=QQ==",
                Error::InvalidKeyVersion("4294967296".into()),
            ),
            ("signature=", Error::SignatureEncoding),
            ("signature=%%%", Error::SignatureEncoding),
        ];
        for (text, err) in cases {
            assert_eq!(SignatureHeader::parse(text).as_ref(), Err(err), "{text}");
        }
    }

    #[test]
    fn from_str_matches_parse() {
        let text = "algorithm=RSA256,keyVersion=9,signature=QQ%3D%3D";
        let parsed: SignatureHeader = text.parse().unwrap();
        assert_eq!(parsed.key_version(), Some(9));
        assert_eq!(parsed.signature().as_bytes(), b"A");
        assert_eq!(parsed.to_string(), text);
    }
}
