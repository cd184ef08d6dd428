//! Parsing a message of a known kind, with the JSON path of whatever went wrong.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_path_to_error::Segment;

use crate::{Message, MessageKind, NotificationAck, NotificationAckResult, ResultStatusType};

/// What a message is in its exchange, and who writes it: the catalog's own types (the
/// validation library and the generator use the same ones).
pub use antom_schema_core::catalog::{Direction, Role};

/// The Rust type of one message kind.
pub trait MessageBody: Serialize + DeserializeOwned {
    /// The kind this type holds.
    const KIND: MessageKind;

    /// Wraps the body into a [`Message`].
    fn into_message(self) -> Message;

    /// Parses a body of this kind; see [`Message::parse`].
    fn from_slice(bytes: &[u8]) -> Result<Self, ParseError> {
        from_slice(Self::KIND, bytes)
    }
}

/// A message that does not parse as its kind, with where it went wrong.
///
/// `Display` and `Debug` cut card numbers out of serde's message and, when the error is about a
/// secret member (`cvv`, `expiryMonth`, ...), hide every value the message quotes. The error has
/// no `source` (that would print serde's message again, unmasked); [`json_error`](Self::json_error)
/// gives it, as it is.
pub struct ParseError {
    kind: MessageKind,
    pointer: String,
    error: serde_json::Error,
}

impl ParseError {
    fn new(
        kind: MessageKind,
        path: Option<&serde_path_to_error::Path>,
        error: serde_json::Error,
    ) -> ParseError {
        let mut pointer = String::new();
        for segment in path.into_iter().flat_map(|p| p.iter()) {
            match segment {
                Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
                Segment::Map { key } => antom_schema_core::pointer::push(&mut pointer, key),
                Segment::Enum { .. } => {}
                Segment::Unknown => pointer.push_str("/?"),
            }
        }
        ParseError {
            kind,
            pointer,
            error,
        }
    }

    /// The kind the message was parsed as.
    pub fn kind(&self) -> MessageKind {
        self.kind
    }

    /// Where the error is, as a JSON Pointer (`/result/resultStatus`; empty for the root).
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// The error serde_json reported (with line and column). Its message is not masked: it may
    /// quote the value that failed, card data included.
    pub fn json_error(&self) -> &serde_json::Error {
        &self.error
    }

    /// serde's message, masked (see the type's documentation).
    fn masked_message(&self) -> String {
        let secret = self.pointer.split('/').any(crate::redact::is_secret_member);
        crate::redact::mask_message(&self.error.to_string(), secret)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "the root"
        } else {
            &self.pointer
        };
        write!(
            f,
            "not a valid {}: at {at}: {}",
            self.kind.id(),
            self.masked_message()
        )
    }
}

impl fmt::Debug for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParseError")
            .field("kind", &self.kind)
            .field("pointer", &self.pointer)
            .field("error", &self.masked_message())
            .finish()
    }
}

impl std::error::Error for ParseError {}

// The path tracker copies every key it passes, so it only runs once a parse has failed, and
// then over a `Value`: `from_value` needs that instantiation anyway, and a second one over the
// byte reader would cost every dependent compile time for nothing but the error path.

pub(crate) fn from_slice<T: DeserializeOwned>(
    kind: MessageKind,
    bytes: &[u8],
) -> Result<T, ParseError> {
    serde_json::from_slice(bytes).map_err(|error| {
        // A syntax error has no path; its line and column are in `error`.
        let path = serde_json::from_slice::<serde_json::Value>(bytes)
            .ok()
            .and_then(|value| serde_path_to_error::deserialize::<_, T>(value).err())
            .map(|e| e.path().clone());
        ParseError::new(kind, path.as_ref(), error)
    })
}

pub(crate) fn from_value<T: DeserializeOwned>(
    kind: MessageKind,
    value: serde_json::Value,
) -> Result<T, ParseError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().clone();
        ParseError::new(kind, Some(&path), e.into_inner())
    })
}

impl NotificationAck {
    /// The acknowledgement that stops Antom from resending a notification:
    /// `{"result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}}`.
    pub fn success() -> NotificationAck {
        NotificationAck::new(
            NotificationAckResult::builder()
                .result_code("SUCCESS")
                .result_status(ResultStatusType::S)
                .result_message("success")
                .build(),
        )
    }

    /// An acknowledgement that asks Antom to send the notification again (resultStatus `F`),
    /// for a notification the merchant could not handle yet:
    /// `{"result": {"resultCode": "PROCESS_FAIL", "resultStatus": "F", "resultMessage": ...}}`.
    pub fn retry_later(message: impl Into<String>) -> NotificationAck {
        NotificationAck::new(
            NotificationAckResult::builder()
                .result_code("PROCESS_FAIL")
                .result_status(ResultStatusType::F)
                .result_message(message)
                .build(),
        )
    }

    /// True unless the answer is `SUCCESS` / `S`: Antom will send the notification again.
    pub fn asks_for_resend(&self) -> bool {
        !(self.result.result_code == "SUCCESS" && self.result.result_status == ResultStatusType::S)
    }
}
