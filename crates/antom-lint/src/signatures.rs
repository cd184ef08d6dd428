//! The signatures of captured messages: `--antom-public-key`, `--merchant-public-key` and the
//! `[signatures]` table of `antom-lint.toml`.
//!
//! A message is checked when it was captured with its headers (a HAR entry, an envelope with a
//! `headers` member) and a key is configured for whoever signs it:
//!
//! | message | signed by | time header | path in the content |
//! | --- | --- | --- | --- |
//! | the merchant's request to an Antom API | the merchant | `request-time` | the API path |
//! | Antom's response to it | Antom | `response-time` | the request's path |
//! | a notification Antom posts to the merchant | Antom | `request-time` | the path it was posted to |
//! | the merchant's answer to a notification | nobody (not checked) | | |
//!
//! The content is rebuilt as `antom_signature::SignedMessage` does: the captured method and
//! path, the `client-id` header and the time header as text, and the body exactly as captured.
//! A notification path with a query string is tried with it and without it: the signature
//! page counts the query as part of the URI, while the SDKs' webhook helpers document the bare
//! path.
//!
//! Nothing here prints key material: key files are named by their path only, and the errors
//! of `antom_signature` never carry key bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use antom_schema::rules;
use antom_schema::{Finding, Role};
use antom_signature::{
    path_without_query, Error, Keyring, SignatureHeader, SignedMessage, VerifyingKey,
    CLIENT_ID_HEADER, REQUEST_TIME_HEADER, RESPONSE_TIME_HEADER, SIGNATURE_HEADER,
};
use serde::Deserialize;
use serde_json::Value;

use crate::records::{Body, Exchange, Headers, Http, SIGNING_HEADERS};

/// Who signs a message, and so whose public key checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signer {
    /// Antom: responses and notifications.
    Antom,
    /// The merchant: its requests to Antom's API.
    Merchant,
}

impl Signer {
    fn key_name(self) -> &'static str {
        match self {
            Signer::Antom => "Antom's public key",
            Signer::Merchant => "the merchant's public key",
        }
    }

    fn option(self) -> &'static str {
        match self {
            Signer::Antom => "antom-public-key",
            Signer::Merchant => "merchant-public-key",
        }
    }
}

/// One key file: for a keyVersion, or the default key (used for a header without keyVersion
/// or naming a version no key is given for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFile {
    pub version: Option<u32>,
    pub path: PathBuf,
}

impl KeyFile {
    /// `FILE` (the default key) or `VERSION=FILE` (a decimal keyVersion).
    pub fn parse_flag(text: &str) -> Result<KeyFile, String> {
        if let Some((version, path)) = text.split_once('=') {
            if !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit()) {
                let version = version
                    .parse()
                    .map_err(|_| format!("keyVersion {version} is too large"))?;
                if path.is_empty() {
                    return Err(format!("no key file after `{version}=`"));
                }
                return Ok(KeyFile {
                    version: Some(version),
                    path: PathBuf::from(path),
                });
            }
        }
        Ok(KeyFile {
            version: None,
            path: PathBuf::from(text),
        })
    }
}

/// A decimal keyVersion (digits only, no sign).
fn key_version(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The `[signatures]` table of `antom-lint.toml`.
///
/// ```toml
/// [signatures]
/// antom-public-key = "keys/antom.pem"                  # one key: the default key
/// merchant-public-key = { default = "keys/m.pem", 2 = "keys/m-v2.pem" }   # by keyVersion
/// ```
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SignaturesConfig {
    pub antom_public_key: Option<KeySpec>,
    pub merchant_public_key: Option<KeySpec>,
}

/// A key file, or a table of keyVersion (or `default`) to key file.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum KeySpec {
    File(PathBuf),
    Versions(BTreeMap<String, PathBuf>),
}

impl KeySpec {
    /// The key files, relative paths taken from `base` (the configuration file's directory).
    pub fn files(&self, base: &Path, signer: Signer) -> Result<Vec<KeyFile>, String> {
        let place = |path: &PathBuf| base.join(path);
        match self {
            KeySpec::File(path) => Ok(vec![KeyFile {
                version: None,
                path: place(path),
            }]),
            KeySpec::Versions(table) => table
                .iter()
                .map(|(name, path)| {
                    let version = match name.as_str() {
                        "default" => None,
                        v => Some(key_version(v).ok_or_else(|| {
                            format!(
                                "config: [signatures] {}: `{v}` is neither a keyVersion (a decimal number) nor `default`",
                                signer.option()
                            )
                        })?),
                    };
                    Ok(KeyFile {
                        version,
                        path: place(path),
                    })
                })
                .collect(),
        }
    }
}

/// The configured public keys. Without any, no signature is checked and nothing is reported.
#[derive(Debug, Default)]
pub struct Keys {
    antom: Option<Keyring>,
    merchant: Option<Keyring>,
}

impl Keys {
    /// Reads the key files of each side.
    pub fn load(antom: &[KeyFile], merchant: &[KeyFile]) -> Result<Keys, String> {
        Ok(Keys {
            antom: ring(antom, Signer::Antom)?,
            merchant: ring(merchant, Signer::Merchant)?,
        })
    }

    /// True when some key is configured.
    pub fn any(&self) -> bool {
        self.antom.is_some() || self.merchant.is_some()
    }

    fn ring(&self, signer: Signer) -> Option<&Keyring> {
        match signer {
            Signer::Antom => self.antom.as_ref(),
            Signer::Merchant => self.merchant.as_ref(),
        }
    }

    /// Checks the signature of one captured message whose payload text is `body` (`None`: the
    /// body could not be read as text). At most one finding: what is wrong first.
    pub fn check(&self, http: &Http, body: Option<&str>, frame: &[u8]) -> Option<Finding> {
        let (signer, role, what) = match http.exchange {
            Exchange::ApiRequest => (Signer::Merchant, Role::Request, "merchant's request"),
            Exchange::ApiResponse => (Signer::Antom, Role::Response, "Antom response"),
            Exchange::Notification => (Signer::Antom, Role::Notification, "notification"),
            // The merchant does not sign its answer to a notification.
            Exchange::Ack => return None,
        };
        let ring = self.ring(signer)?;
        let key_name = signer.key_name();
        let time_header = match http.exchange {
            Exchange::ApiResponse => RESPONSE_TIME_HEADER,
            _ => REQUEST_TIME_HEADER,
        };
        let headers = signing_headers(&http.headers, frame);
        let Some(signature) = get(&headers, SIGNATURE_HEADER) else {
            let message =
                format!("the {what} has no signature header, and {key_name} is configured");
            let expected = "a signature header: algorithm=RSA256,keyVersion=<n>,signature=<value>";
            return Some(
                rules::SIGNATURE_MISSING
                    .finding(Some(role), "", message)
                    .with_expected(expected),
            );
        };
        let invalid =
            |message: String| Some(rules::SIGNATURE_INVALID.finding(Some(role), "", message));
        let header = match SignatureHeader::parse(signature) {
            Ok(h) => h,
            Err(e) => {
                return invalid(format!(
                    "the signature header of the {what} does not parse: {e}"
                ))
            }
        };
        let version = match header.key_version() {
            Some(v) => format!(" (keyVersion {v})"),
            None => " (no keyVersion)".to_string(),
        };
        let key = match ring.key_for(header.key_version()) {
            Ok(key) => key,
            Err(Error::UnknownKeyVersion(v)) => {
                return invalid(format!(
                    "the signature header of the {what} names keyVersion {v}, and neither a key for that version nor a default key is configured as {key_name}"
                ))
            }
            Err(_) => {
                return invalid(format!(
                    "the signature header of the {what} names no keyVersion, and no default key is configured as {key_name}"
                ))
            }
        };
        let unverifiable =
            |message: String| Some(rules::SIGNATURE_UNVERIFIABLE.finding(Some(role), "", message));
        if http.body == Body::Parsed {
            return unverifiable(format!(
                "the {what}'s body was logged as a JSON value, not as the text that travelled: the bytes its signature covers are gone (log the body as a string to have it checked)"
            ));
        }
        let client_id = get(&headers, CLIENT_ID_HEADER)
            .map(str::to_string)
            .or_else(|| {
                http.request_headers.as_ref().and_then(|h| {
                    get(&signing_headers(h, frame), CLIENT_ID_HEADER).map(str::to_string)
                })
            });
        let time = get(&headers, time_header);
        let absent: Vec<&str> = [
            (CLIENT_ID_HEADER, client_id.is_none()),
            (time_header, time.is_none()),
        ]
        .iter()
        .filter(|(_, missing)| *missing)
        .map(|(name, _)| *name)
        .collect();
        let (Some(client_id), Some(time)) = (client_id, time) else {
            return unverifiable(format!(
                "the {what} was captured without its {} header: its signature, which covers it, cannot be checked",
                absent.join(" and ")
            ));
        };
        let body = body?;
        let bare = path_without_query(&http.target);
        let mut targets = vec![http.target.as_str()];
        if bare != http.target {
            targets.push(bare);
        }
        let verified = targets.iter().any(|path| {
            let message = SignedMessage {
                method: &http.method,
                path,
                client_id: &client_id,
                time,
                body: body.as_bytes(),
            };
            key.verify(&message, header.signature()).is_ok()
        });
        if verified {
            return None;
        }
        Some(
            rules::SIGNATURE_INVALID
                .finding(
                    Some(role),
                    "",
                    format!(
                        "the signature of the {what} does not verify with {key_name}{version}: the body, path, client-id or {time_header} is not what was signed, or another key signed it"
                    ),
                )
                .with_expected(format!(
                    "a signature over \"{} {}\", client-id {client_id}, {time_header} {time} and the {} bytes of the body",
                    http.method,
                    targets.join("\" or \""),
                    body.len()
                )),
        )
    }
}

/// A key ring of the key files of one side (`None` without any).
fn ring(files: &[KeyFile], signer: Signer) -> Result<Option<Keyring>, String> {
    if files.is_empty() {
        return Ok(None);
    }
    let mut ring = Keyring::new();
    for file in files {
        let path = file.path.display();
        let what = match file.version {
            Some(v) => format!("{} for keyVersion {v}", signer.key_name()),
            None => signer.key_name().to_string(),
        };
        let text = std::fs::read_to_string(&file.path)
            .map_err(|e| format!("cannot read {what} from {path}: {e}"))?;
        // The error says what is wrong with the key, never what the key is.
        let key = VerifyingKey::parse(&text)
            .map_err(|e| format!("{path} does not hold a usable public key ({what}): {e}"))?;
        let replaced = match file.version {
            Some(v) => ring.insert(v, key).is_some(),
            None => ring.set_default(key).is_some(),
        };
        if replaced {
            return Err(format!(
                "{what} is given twice (--{} and the [signatures] table take `FILE` for the default key and `VERSION=FILE` for a keyVersion)",
                signer.option()
            ));
        }
    }
    Ok(Some(ring))
}

/// The value of a header (names are compared in lower case).
fn get<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The headers that take part in signing, names in lower case.
fn signing_headers(headers: &Headers, frame: &[u8]) -> Vec<(String, String)> {
    match headers {
        Headers::List(list) => list.clone(),
        Headers::Object(range) => {
            let Some(Ok(Value::Object(map))) = frame
                .get(range.clone())
                .map(serde_json::from_slice::<Value>)
            else {
                return Vec::new();
            };
            map.into_iter()
                .filter_map(|(name, value)| {
                    let name = name.to_ascii_lowercase();
                    if !SIGNING_HEADERS.contains(&name.as_str()) {
                        return None;
                    }
                    let value = match value {
                        Value::String(s) => s,
                        // A header logged as a list of values: the first.
                        Value::Array(items) => match items.into_iter().next() {
                            Some(Value::String(s)) => s,
                            Some(other) => other.to_string(),
                            None => return None,
                        },
                        Value::Null => return None,
                        other => other.to_string(),
                    };
                    Some((name, value))
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_flags() {
        assert_eq!(
            KeyFile::parse_flag("keys/antom.pem").unwrap(),
            KeyFile {
                version: None,
                path: "keys/antom.pem".into()
            }
        );
        assert_eq!(
            KeyFile::parse_flag("2=keys/v2.pem").unwrap(),
            KeyFile {
                version: Some(2),
                path: "keys/v2.pem".into()
            }
        );
        // Not a version before the `=`: the whole text is the path.
        assert_eq!(
            KeyFile::parse_flag("a=b.pem").unwrap().path,
            PathBuf::from("a=b.pem")
        );
        assert!(KeyFile::parse_flag("99999999999=x").is_err());
        assert!(KeyFile::parse_flag("3=").is_err());
    }

    #[test]
    fn config_tables() {
        let c: SignaturesConfig = toml::from_str(
            "antom-public-key = \"a.pem\"\nmerchant-public-key = { default = \"m.pem\", 2 = \"m2.pem\" }",
        )
        .unwrap();
        let base = Path::new("/etc/lint");
        let a = c
            .antom_public_key
            .unwrap()
            .files(base, Signer::Antom)
            .unwrap();
        assert_eq!(a[0].path, Path::new("/etc/lint/a.pem"));
        let m = c
            .merchant_public_key
            .unwrap()
            .files(base, Signer::Merchant)
            .unwrap();
        assert_eq!(
            m.iter().map(|k| k.version).collect::<Vec<_>>(),
            [Some(2), None]
        );
        let bad: SignaturesConfig =
            toml::from_str("antom-public-key = { latest = \"a.pem\" }").unwrap();
        assert!(bad
            .antom_public_key
            .unwrap()
            .files(base, Signer::Antom)
            .is_err());
    }
}
