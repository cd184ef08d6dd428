//! The merchant's signing key and Antom's verifying key.

use std::fmt;
use std::str::FromStr;

use pkcs1::der::Decode as _;
use ring::rand::SystemRandom;
use ring::rsa::PublicKeyComponents;
use ring::signature::{RsaKeyPair, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256};

use crate::key_text::{self, KeyText};
use crate::{Error, Signature, SignatureHeader, SignedMessage};

const MIN_VERIFY_BITS: usize = 2048;
const MAX_VERIFY_BITS: usize = 8192;

/// The merchant's RSA private key, used to sign requests to Antom.
///
/// Accepted forms: PKCS#8 (`PRIVATE KEY`; what Antom's portal generates, shown there
/// as bare base64) and PKCS#1 (`RSA PRIVATE KEY`), each as PEM, bare base64 or DER.
/// PKCS#8 must be version 1 (the usual form; `ring` does not read v2 with an embedded
/// public key) and unencrypted. The modulus must be 2048 to 4096 bits.
///
/// `Debug` shows only the modulus size; the key itself is never printed.
pub struct SigningKey {
    pair: RsaKeyPair,
    rng: SystemRandom,
    bits: usize,
}

impl SigningKey {
    /// Load from PEM or bare base64, whichever the text is; see [`from_pem`] and
    /// [`from_pkcs8_base64`].
    ///
    /// [`from_pem`]: Self::from_pem
    /// [`from_pkcs8_base64`]: Self::from_pkcs8_base64
    pub fn parse(text: &str) -> Result<Self, Error> {
        Self::from_key_text(key_text::decode(text)?)
    }

    /// Load bare base64 DER, as Antom's portal shows the private key. Line breaks and
    /// spaces are ignored. PKCS#8 is expected; PKCS#1 is accepted too.
    pub fn from_pkcs8_base64(text: &str) -> Result<Self, Error> {
        Self::from_key_text(key_text::decode_bare(text)?)
    }

    /// Load a PEM block labelled `PRIVATE KEY` (PKCS#8) or `RSA PRIVATE KEY` (PKCS#1;
    /// a PKCS#8 body under that label, as some SDKs build it, is read too).
    pub fn from_pem(text: &str) -> Result<Self, Error> {
        Self::from_key_text(key_text::decode_pem(text)?)
    }

    /// Load PKCS#8 DER bytes.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, Error> {
        RsaKeyPair::from_pkcs8(der)
            .map_err(private_key_rejected)
            .map(Self::from_pair)
    }

    /// Load PKCS#1 `RSAPrivateKey` DER bytes.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, Error> {
        RsaKeyPair::from_der(der)
            .map_err(private_key_rejected)
            .map(Self::from_pair)
    }

    fn from_key_text(decoded: KeyText) -> Result<Self, Error> {
        let der = decoded.der.as_slice();
        match decoded.label.as_deref() {
            None | Some("PRIVATE KEY") => {
                // PKCS#8 is what Antom uses; bare base64 of a PKCS#1 key also turns up.
                Self::from_pkcs8_der(der).or_else(|first| {
                    if decoded.label.is_none() && first == invalid_encoding() {
                        Self::from_pkcs1_der(der).map_err(|_| first)
                    } else {
                        Err(first)
                    }
                })
            }
            Some("RSA PRIVATE KEY") => Self::from_pkcs1_der(der)
                .or_else(|first| Self::from_pkcs8_der(der).map_err(|_| first)),
            Some(other) => Err(Error::UnsupportedKeyLabel(Error::quote(other))),
        }
    }

    fn from_pair(pair: RsaKeyPair) -> Self {
        let bits = modulus_bits(&PublicKeyComponents::<Vec<u8>>::from(pair.public()).n);
        SigningKey {
            pair,
            rng: SystemRandom::new(),
            bits,
        }
    }

    /// Size of the RSA modulus in bits.
    pub fn modulus_bits(&self) -> usize {
        self.bits
    }

    /// The matching public key (handy for tests and for checking a key pair).
    pub fn verifying_key(&self) -> VerifyingKey {
        let parts = PublicKeyComponents::<Vec<u8>>::from(self.pair.public());
        VerifyingKey {
            bits: self.bits,
            n: parts.n.into_boxed_slice(),
            e: parts.e.into_boxed_slice(),
        }
    }

    /// Sign the content of `message` with RSASSA-PKCS1-v1_5 and SHA-256.
    pub fn sign(&self, message: &SignedMessage<'_>) -> Result<Signature, Error> {
        self.sign_content(&message.content())
    }

    /// Sign `message` and wrap the result in a header naming `key_version` (the SDKs
    /// default to [`DEFAULT_KEY_VERSION`](crate::DEFAULT_KEY_VERSION)).
    pub fn sign_header(
        &self,
        message: &SignedMessage<'_>,
        key_version: u32,
    ) -> Result<SignatureHeader, Error> {
        self.sign(message)
            .map(|sig| SignatureHeader::new(key_version, sig))
    }

    /// Sign already-built content bytes.
    pub fn sign_content(&self, content: &[u8]) -> Result<Signature, Error> {
        let mut out = vec![0u8; self.pair.public().modulus_len()];
        self.pair
            .sign(&RSA_PKCS1_SHA256, &self.rng, content, &mut out)
            .map_err(|_| Error::Signing)?;
        Ok(Signature::from_bytes(out))
    }
}

impl FromStr for SigningKey {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        SigningKey::parse(s)
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("modulus_bits", &self.bits)
            .finish_non_exhaustive()
    }
}

/// Antom's RSA public key, used to verify Antom's responses and notifications.
///
/// Accepted forms: X.509 `SubjectPublicKeyInfo` (`PUBLIC KEY`; what Antom's portal
/// shows, as bare base64) and PKCS#1 (`RSA PUBLIC KEY`), each as PEM, bare base64 or
/// DER. The modulus must be 2048 to 8192 bits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct VerifyingKey {
    /// Modulus, big-endian, no leading zeros.
    n: Box<[u8]>,
    /// Public exponent, big-endian, no leading zeros.
    e: Box<[u8]>,
    bits: usize,
}

impl VerifyingKey {
    /// Load from PEM or bare base64, whichever the text is; see [`from_pem`] and
    /// [`from_spki_base64`].
    ///
    /// [`from_pem`]: Self::from_pem
    /// [`from_spki_base64`]: Self::from_spki_base64
    pub fn parse(text: &str) -> Result<Self, Error> {
        Self::from_key_text(key_text::decode(text)?)
    }

    /// Load bare base64 DER, as Antom's portal shows its public key. Line breaks and
    /// spaces are ignored. `SubjectPublicKeyInfo` is expected; PKCS#1 is accepted too.
    pub fn from_spki_base64(text: &str) -> Result<Self, Error> {
        Self::from_key_text(key_text::decode_bare(text)?)
    }

    /// Load a PEM block labelled `PUBLIC KEY` (SPKI) or `RSA PUBLIC KEY` (PKCS#1).
    pub fn from_pem(text: &str) -> Result<Self, Error> {
        Self::from_key_text(key_text::decode_pem(text)?)
    }

    /// Load `SubjectPublicKeyInfo` DER bytes.
    pub fn from_spki_der(der: &[u8]) -> Result<Self, Error> {
        let spki = spki::SubjectPublicKeyInfoRef::from_der(der)
            .map_err(|_| Error::InvalidKey("not a DER SubjectPublicKeyInfo"))?;
        if spki.algorithm.oid != pkcs1::ALGORITHM_OID {
            return Err(Error::NotRsa);
        }
        // RFC 3279: the parameters of rsaEncryption are NULL (some encoders omit them).
        if spki.algorithm.parameters.is_some_and(|p| !p.is_null()) {
            return Err(Error::InvalidKey("rsaEncryption parameters are not NULL"));
        }
        let inner = spki.subject_public_key.as_bytes().ok_or(Error::InvalidKey(
            "public key bit string is not whole bytes",
        ))?;
        Self::from_pkcs1_der(inner)
    }

    /// Load PKCS#1 `RSAPublicKey` DER bytes.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, Error> {
        let key = pkcs1::RsaPublicKeyRef::from_der(der)
            .map_err(|_| Error::InvalidKey("not a DER RSAPublicKey"))?;
        let n = key.modulus.as_bytes();
        let e = key.public_exponent.as_bytes();
        let bits = modulus_bits(n);
        if !(MIN_VERIFY_BITS..=MAX_VERIFY_BITS).contains(&bits) {
            return Err(Error::KeySize { bits });
        }
        if !exponent_is_supported(e) {
            return Err(Error::InvalidKey(
                "public exponent must be odd and between 3 and 2^33-1",
            ));
        }
        Ok(VerifyingKey {
            n: n.into(),
            e: e.into(),
            bits,
        })
    }

    fn from_key_text(decoded: KeyText) -> Result<Self, Error> {
        let der = decoded.der.as_slice();
        match decoded.label.as_deref() {
            Some("PUBLIC KEY") => Self::from_spki_der(der),
            Some("RSA PUBLIC KEY") => Self::from_pkcs1_der(der),
            None => Self::from_spki_der(der).or_else(|first| {
                if first == Error::InvalidKey("not a DER SubjectPublicKeyInfo") {
                    Self::from_pkcs1_der(der).map_err(|_| first)
                } else {
                    Err(first)
                }
            }),
            Some(other) => Err(Error::UnsupportedKeyLabel(Error::quote(other))),
        }
    }

    /// Size of the RSA modulus in bits.
    pub fn modulus_bits(&self) -> usize {
        self.bits
    }

    /// Check `signature` over the content of `message`.
    pub fn verify(&self, message: &SignedMessage<'_>, signature: &Signature) -> Result<(), Error> {
        self.verify_content(&message.content(), signature)
    }

    /// Parse a `signature` header value and check it over `message`, with this key
    /// whatever `keyVersion` the header names (which is what the SDKs do; use a
    /// [`Keyring`](crate::Keyring) to pick the key by version).
    pub fn verify_header(&self, message: &SignedMessage<'_>, header: &str) -> Result<(), Error> {
        let header = SignatureHeader::parse(header)?;
        self.verify(message, header.signature())
    }

    /// Check `signature` over already-built content bytes.
    pub fn verify_content(&self, content: &[u8], signature: &Signature) -> Result<(), Error> {
        PublicKeyComponents {
            n: &self.n[..],
            e: &self.e[..],
        }
        .verify(&RSA_PKCS1_2048_8192_SHA256, content, signature.as_bytes())
        .map_err(|_| Error::BadSignature)
    }
}

impl FromStr for VerifyingKey {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        VerifyingKey::parse(s)
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("modulus_bits", &self.bits)
            .finish_non_exhaustive()
    }
}

/// Bit length of a big-endian unsigned integer given without leading zero bytes.
fn modulus_bits(n: &[u8]) -> usize {
    match n.first() {
        Some(&top) => (n.len() - 1) * 8 + (8 - top.leading_zeros() as usize),
        None => 0,
    }
}

/// The exponents `ring` verifies with: odd, at least 3, below 2^33.
fn exponent_is_supported(e: &[u8]) -> bool {
    if e.is_empty() || e.len() > 5 {
        return false;
    }
    let value = e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    value >= 3 && value % 2 == 1 && value < (1 << 33)
}

fn invalid_encoding() -> Error {
    Error::InvalidKey("not DER of the expected private key structure")
}

fn private_key_rejected(e: ring::error::KeyRejected) -> Error {
    match e.to_string().as_str() {
        "WrongAlgorithm" => Error::NotRsa,
        "InvalidEncoding" => invalid_encoding(),
        "TooSmall" => Error::InvalidKey("RSA modulus below 2048 bits"),
        "TooLarge" => Error::InvalidKey("RSA modulus above 4096 bits (ring's signing limit)"),
        "VersionNotSupported" => Error::InvalidKey("PKCS#8 version not supported (only v1)"),
        "InconsistentComponents" | "InvalidComponent" => {
            Error::InvalidKey("RSA private key components are inconsistent")
        }
        "PublicKeyIsMissing" => Error::InvalidKey("public key missing"),
        _ => Error::InvalidKey("key rejected"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_lengths() {
        assert_eq!(modulus_bits(&[]), 0);
        assert_eq!(modulus_bits(&[1]), 1);
        assert_eq!(modulus_bits(&[0x80, 0]), 16);
        assert_eq!(modulus_bits(&[0x7f; 256]), 2047);
    }

    #[test]
    fn exponents() {
        assert!(exponent_is_supported(&[1, 0, 1]));
        assert!(exponent_is_supported(&[3]));
        assert!(exponent_is_supported(&[1, 0xff, 0xff, 0xff, 0xff]));
        assert!(!exponent_is_supported(&[]));
        assert!(!exponent_is_supported(&[1]));
        assert!(!exponent_is_supported(&[4]));
        assert!(!exponent_is_supported(&[2, 0, 0, 0, 1]));
        assert!(!exponent_is_supported(&[1, 0, 0, 0, 0, 1]));
    }

    #[test]
    fn keys_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<SigningKey>();
        check::<VerifyingKey>();
    }
}
