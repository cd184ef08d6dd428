//! Turning key text (PEM, or bare base64 as Antom's portal shows it) into DER bytes.

use base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT;
use base64::Engine as _;
use zeroize::Zeroizing;

use crate::Error;

/// DER bytes decoded from key text, and the PEM label if the text was PEM.
pub(crate) struct KeyText {
    /// `None` for bare base64.
    pub(crate) label: Option<String>,
    /// Wiped on drop: for a private key these are the secret bytes.
    pub(crate) der: Zeroizing<Vec<u8>>,
}

/// Decode key text.
///
/// Text whose first non-blank characters are `-----BEGIN` is read as PEM (the first
/// block counts). Anything else is read as bare base64: whitespace anywhere (line
/// breaks, spaces) is ignored and padding may be missing.
/// [`decode`], refusing PEM: the text must be bare base64 DER.
pub(crate) fn decode_bare(text: &str) -> Result<KeyText, Error> {
    let decoded = decode(text)?;
    if decoded.label.is_some() {
        return Err(Error::KeyEncoding("expected bare base64, found PEM"));
    }
    Ok(decoded)
}

/// [`decode`], refusing bare base64: the text must be a PEM block.
pub(crate) fn decode_pem(text: &str) -> Result<KeyText, Error> {
    let decoded = decode(text)?;
    if decoded.label.is_none() {
        return Err(Error::KeyEncoding("expected PEM, found bare base64"));
    }
    Ok(decoded)
}

pub(crate) fn decode(text: &str) -> Result<KeyText, Error> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::KeyEncoding("the key text is empty"));
    }
    if trimmed.starts_with("-----BEGIN") {
        let block = pem::parse(trimmed).map_err(|e| Error::KeyEncoding(pem_reason(&e)))?;
        let label = block.tag().to_owned();
        let der = Zeroizing::new(block.into_contents());
        if der.is_empty() {
            return Err(Error::KeyEncoding("the PEM block is empty"));
        }
        return Ok(KeyText {
            label: Some(label),
            der,
        });
    }
    let compact: Zeroizing<Vec<u8>> = Zeroizing::new(
        trimmed
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .collect(),
    );
    let der = STANDARD_PAD_INDIFFERENT
        .decode(compact.as_slice())
        .map(Zeroizing::new)
        .map_err(|_| Error::KeyEncoding("not PEM and not valid base64"))?;
    Ok(KeyText { label: None, der })
}

/// A fixed description of a PEM error: `pem`'s own messages may quote input.
fn pem_reason(e: &pem::PemError) -> &'static str {
    match e {
        pem::PemError::MismatchedTags(..) => "PEM BEGIN and END labels differ",
        pem::PemError::MissingBeginTag => "PEM BEGIN line missing",
        pem::PemError::MissingEndTag => "PEM END line missing",
        pem::PemError::MissingData => "PEM block has no data",
        pem::PemError::InvalidData(_) => "PEM body is not valid base64",
        _ => "malformed PEM",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_base64_ignores_whitespace_and_padding() {
        for text in ["AQID", " AQ\nID \r\n", "AQI D", "AQIDBA==", "AQIDBA"] {
            let got = decode(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert!(got.label.is_none());
            assert!(got.der.starts_with(&[1, 2, 3]), "{text:?}");
        }
    }

    #[test]
    fn pem_keeps_label() {
        let got = decode("\n-----BEGIN PUBLIC KEY-----\nAQID\n-----END PUBLIC KEY-----\n").unwrap();
        assert_eq!(got.label.as_deref(), Some("PUBLIC KEY"));
        assert_eq!(got.der.as_slice(), &[1, 2, 3]);
    }

    #[test]
    fn errors_are_fixed_text() {
        let cases = [
            ("", "the key text is empty"),
            ("  \n ", "the key text is empty"),
            ("not base64!", "not PEM and not valid base64"),
            ("-----BEGIN PUBLIC KEY-----\nAQID\n", "malformed PEM"),
            (
                "-----BEGIN PUBLIC KEY-----\nAQID\n-----END PRIVATE KEY-----",
                "PEM BEGIN and END labels differ",
            ),
            (
                "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----",
                "PEM body is not valid base64",
            ),
        ];
        for (text, why) in cases {
            match decode(text) {
                Err(Error::KeyEncoding(got)) => assert_eq!(got, why, "{text:?}"),
                Err(other) => panic!("{text:?}: unexpected {other}"),
                Ok(_) => panic!("{text:?}: decoded"),
            }
        }
    }
}
