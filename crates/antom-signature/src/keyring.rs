//! Antom's verifying keys, picked by the header's `keyVersion`.

use std::collections::BTreeMap;

use crate::{Error, SignatureHeader, SignedMessage, VerifyingKey};

/// Verifying keys by `keyVersion`, plus an optional default key.
///
/// Key choice for a header:
///
/// 1. the header names a version the ring holds: that key;
/// 2. otherwise (no `keyVersion` item, or a version the ring does not hold): the
///    default key, if one is set;
/// 3. otherwise: [`Error::UnknownKeyVersion`] or [`Error::NoDefaultKey`].
///
/// Falling back to the default key for an unknown version loses nothing: every key in
/// the ring is a trusted Antom key, and a wrong key only makes verification fail.
/// It also matches the SDKs, which hold a single Antom public key and never look at
/// `keyVersion` when verifying.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keyring {
    by_version: BTreeMap<u32, VerifyingKey>,
    default: Option<VerifyingKey>,
}

impl Keyring {
    /// An empty key ring.
    pub fn new() -> Self {
        Keyring::default()
    }

    /// A key ring whose only key is the default one.
    pub fn with_default(key: VerifyingKey) -> Self {
        Keyring {
            by_version: BTreeMap::new(),
            default: Some(key),
        }
    }

    /// Register `key` under `key_version`; returns the key it replaces, if any.
    pub fn insert(&mut self, key_version: u32, key: VerifyingKey) -> Option<VerifyingKey> {
        self.by_version.insert(key_version, key)
    }

    /// Set the default key; returns the previous default, if any.
    pub fn set_default(&mut self, key: VerifyingKey) -> Option<VerifyingKey> {
        self.default.replace(key)
    }

    /// Remove the key registered under `key_version`.
    pub fn remove(&mut self, key_version: u32) -> Option<VerifyingKey> {
        self.by_version.remove(&key_version)
    }

    /// The versions that have a key of their own, in increasing order.
    pub fn versions(&self) -> impl Iterator<Item = u32> + '_ {
        self.by_version.keys().copied()
    }

    /// The default key, if set.
    pub fn default_key(&self) -> Option<&VerifyingKey> {
        self.default.as_ref()
    }

    /// The key that verifies a header naming `key_version` (see the type's docs).
    pub fn key_for(&self, key_version: Option<u32>) -> Result<&VerifyingKey, Error> {
        let exact = key_version.and_then(|v| self.by_version.get(&v));
        match (exact.or(self.default.as_ref()), key_version) {
            (Some(key), _) => Ok(key),
            (None, Some(version)) => Err(Error::UnknownKeyVersion(version)),
            (None, None) => Err(Error::NoDefaultKey),
        }
    }

    /// Verify a parsed header over `message` with the key its `keyVersion` selects.
    pub fn verify(
        &self,
        message: &SignedMessage<'_>,
        header: &SignatureHeader,
    ) -> Result<(), Error> {
        self.key_for(header.key_version())?
            .verify(message, header.signature())
    }

    /// Parse a `signature` header value and verify it over `message`.
    pub fn verify_header(&self, message: &SignedMessage<'_>, header: &str) -> Result<(), Error> {
        self.verify(message, &SignatureHeader::parse(header)?)
    }
}

impl From<VerifyingKey> for Keyring {
    fn from(key: VerifyingKey) -> Self {
        Keyring::with_default(key)
    }
}
