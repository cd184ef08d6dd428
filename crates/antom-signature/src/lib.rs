//! Signing and verification for Antom's server API (Alipay's global acquiring
//! platform), compatible with Antom's official SDKs.
//!
//! # The scheme
//!
//! Every API request a merchant sends, every response Antom returns and every
//! notification Antom posts to the merchant is signed the same way:
//!
//! 1. Build the content: `<method> <path>\n<client-id>.<time>.<body>`, as UTF-8 bytes,
//!    with the body exactly as it travels over the wire ([`SignedMessage`]).
//! 2. Sign it with RSASSA-PKCS1-v1_5 over SHA-256 (Java's `SHA256withRSA`, called
//!    `RSA256` in the header).
//! 3. Base64 the signature, percent-encode the base64, and send it in the `signature`
//!    header as `algorithm=RSA256,keyVersion=1,signature=<value>`
//!    ([`SignatureHeader`]).
//!
//! The merchant signs with its own private key ([`SigningKey`]) and checks Antom's
//! responses and notifications with Antom's public key ([`VerifyingKey`], or a
//! [`Keyring`] when several key versions are in play). Both keys are shown in Antom's
//! portal as bare base64 DER (PKCS#8 for the private key, X.509
//! `SubjectPublicKeyInfo` for the public key); PEM works too.
//!
//! # Which header holds what
//!
//! | exchange | path in the content | time from header | client id from header |
//! | --- | --- | --- | --- |
//! | merchant → Antom request | API path, e.g. `/ams/api/v1/payments/pay` | [`request-time`](REQUEST_TIME_HEADER) | [`client-id`](CLIENT_ID_HEADER) |
//! | Antom → merchant response | the request's API path | [`response-time`](RESPONSE_TIME_HEADER) | `client-id` |
//! | Antom → merchant notification | path of the notify URL, e.g. `/payNotify` | `request-time` | `client-id` |
//!
//! The time is signed as the literal header text. The SDKs disagree on its format
//! (epoch milliseconds, epoch nanoseconds, ISO 8601 with an offset), which does not
//! matter for the signature since it is never parsed: pass the header value as is.
//!
//! # Notification paths and query strings
//!
//! For a notification the path is the one Antom posted to on the merchant's notify
//! URL. The SDKs' webhook helpers check the signature over whatever path string the
//! caller hands them, unchanged: they neither strip a query string nor add one. What they
//! document and show is the bare path (the Java helper's sample is `/payNotify`, and
//! its notification example passes that constant), and the Go client checks
//! responses against the parsed URL path, again without the query. Whether Antom's
//! own signature over a notification covers a query string on the notify URL is not
//! something the SDKs reveal. This crate does the same as the SDKs:
//! [`SignedMessage::path`] is used verbatim, and [`path_without_query`] cuts a raw
//! request target down to the path-only form those examples use. A notify URL
//! without a query string avoids the question altogether.
//!
//! # Reading headers sent by other implementations
//!
//! The SDKs percent-encode the base64 signature when sending. When reading, they
//! URL-decode it the form way, which turns `+` into a space, so they cope only with
//! percent-encoded values. [`SignatureHeader::parse`] reads both spellings and never
//! takes `+` for a space. Like the SDKs, which find the signature by the literal text
//! `signature=`, it matches item names exactly; unlike them, it does not depend on
//! the order of the items, refuses an `algorithm` other than `RSA256`, and (through
//! [`Keyring`]) uses `keyVersion` to pick the key, which the SDKs ignore.
//!
//! # Things to check besides the signature
//!
//! * that the `client-id` of a response or notification is your own;
//! * that the time is recent, if you want to refuse replays: a valid signature
//!   stays valid forever, and this crate does not look at clocks;
//! * that the body you verify is the body you then parse.
//!
//! Note also that the content format has no escaping: a `.` inside the client id or
//! the time shifts where one field ends and the next begins without changing the
//! signed bytes. Antom client ids contain no `.`, which is one more reason to
//! compare the `client-id` header with your own.
//!
//! # Example
//!
//! Here one test-only key pair shipped with this crate's tests plays both roles; in
//! real use the merchant signs with its own private key and verifies with Antom's
//! public key.
//!
//! ```
//! use antom_signature::{
//!     Error, Keyring, SignatureHeader, SignedMessage, SigningKey, VerifyingKey,
//!     DEFAULT_KEY_VERSION,
//! };
//!
//! // Bare base64, as Antom's portal shows keys. Test-only keys, never use them.
//! let private_key = SigningKey::from_pkcs8_base64(include_str!(
//!     "../tests/keys/test_a_private_pkcs8.b64"
//! ))?;
//! let public_key = VerifyingKey::from_spki_base64(include_str!(
//!     "../tests/keys/test_a_public_spki.b64"
//! ))?;
//!
//! let body = br#"{"paymentRequestId":"pay-0001","paymentAmount":{"currency":"USD","value":"100"}}"#;
//! let message = SignedMessage {
//!     method: "POST",
//!     path: "/ams/api/v1/payments/pay",
//!     client_id: "SANDBOX_5Y00000000000000",
//!     time: "1700000000000",
//!     body,
//! };
//! assert!(message
//!     .content()
//!     .starts_with(b"POST /ams/api/v1/payments/pay\nSANDBOX_5Y00000000000000.1700000000000.{"));
//!
//! // Sender: sign, and put the header on the request.
//! let header = private_key.sign_header(&message, DEFAULT_KEY_VERSION)?;
//! let header_value = header.to_string();
//! assert!(header_value.starts_with("algorithm=RSA256,keyVersion=1,signature="));
//!
//! // Receiver: parse the header and verify with the key its keyVersion selects.
//! let parsed = SignatureHeader::parse(&header_value)?;
//! assert_eq!(parsed, header);
//! let mut keyring = Keyring::new();
//! keyring.insert(1, public_key);
//! keyring.verify(&message, &parsed)?;
//!
//! // Any change to the signed parts is caught.
//! let tampered = SignedMessage { body: br#"{"paymentRequestId":"pay-0002"}"#, ..message };
//! assert_eq!(keyring.verify(&tampered, &parsed), Err(Error::BadSignature));
//! # Ok::<(), antom_signature::Error>(())
//! ```
//!
//! # Verifying a notification
//!
//! Antom POSTs a notification to the merchant's notify URL with `client-id`,
//! `request-time` and `signature` headers. Verify the raw body first, then parse it with
//! `antom-types` and answer with the acknowledgement:
//!
//! ```
//! use antom_signature::{Keyring, SignedMessage, VerifyingKey};
//! use antom_types::{MessageBody, NotificationAck, NotifyPaymentNotification};
//!
//! # fn antom_signs(m: &SignedMessage) -> String {
//! #     let key = antom_signature::SigningKey::from_pkcs8_base64(include_str!(
//! #         "../tests/keys/test_a_private_pkcs8.b64"
//! #     )).unwrap();
//! #     key.sign_header(m, 1).unwrap().to_string()
//! # }
//! // Antom's public key as the portal shows it (here a test-only key).
//! let antom = VerifyingKey::parse(include_str!("../tests/keys/test_a_public_spki.b64"))?;
//! let keyring = Keyring::with_default(antom);
//!
//! // What the HTTP server received: the path it was posted to, three headers, the raw body.
//! let path = "/antom/notify";
//! let (client_id, request_time) = ("SANDBOX_5Y00000000000000", "2024-01-15T01:34:46-08:00");
//! let body: &[u8] = br#"{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"paymentRequestId":"pay-0001","paymentId":"20240115194010800100188","paymentAmount":{"currency":"USD","value":"1099"},"paymentCreateTime":"2024-01-15T01:20:46-08:00","paymentTime":"2024-01-15T01:34:45-08:00"}"#;
//! let message = SignedMessage { method: "POST", path, client_id, time: request_time, body };
//! # let signature_header = antom_signs(&message);
//!
//! // 1. The signature covers the bytes exactly as received: verify before parsing.
//! keyring.verify_header(&message, &signature_header)?;
//! // 2. Then parse the verified bytes into the typed notification.
//! let notification = NotifyPaymentNotification::from_slice(body)?;
//! assert!(notification.result.is_success());
//! // 3. Answer SUCCESS / S, or Antom sends the notification again.
//! let ack = serde_json::to_string(&NotificationAck::success())?;
//! assert_eq!(ack, r#"{"result":{"resultCode":"SUCCESS","resultMessage":"success","resultStatus":"S"}}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Implementation
//!
//! RSA comes from `ring`; DER structures are read with `spki` and `pkcs1`, PEM with
//! `pem`, base64 with `base64`, percent-escapes with `percent-encoding`. Nothing
//! here panics on input: every malformed key, header or signature is an [`Error`].

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod content;
mod error;
mod header;
mod key_text;
mod keyring;
mod keys;
mod signature;

pub use content::{path_without_query, SignedMessage};
pub use error::Error;
pub use header::{
    Algorithm, SignatureHeader, CLIENT_ID_HEADER, DEFAULT_KEY_VERSION, REQUEST_TIME_HEADER,
    RESPONSE_TIME_HEADER, SIGNATURE_HEADER,
};
pub use keyring::Keyring;
pub use keys::{SigningKey, VerifyingKey};
pub use signature::Signature;

/// Compiles the README's example as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
