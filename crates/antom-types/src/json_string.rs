//! Strings that hold JSON (`paymentActionForm`).

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON document sent as a string, kept byte for byte, with a typed [`decode`](Self::decode).
///
/// The API serializes some objects into strings (`paymentActionForm` holds a
/// [`PaymentActionForm`](crate::PaymentActionForm)). Re-encoding a decoded value would change its
/// bytes (member order, escapes), so the text itself is what is stored and written back.
pub struct JsonString<T> {
    text: String,
    content: PhantomData<fn() -> T>,
}

impl<T> JsonString<T> {
    /// Wraps a string as received; nothing is checked until [`decode`](Self::decode).
    pub fn new(text: impl Into<String>) -> JsonString<T> {
        JsonString {
            text: text.into(),
            content: PhantomData,
        }
    }

    /// The string exactly as received.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The string exactly as received.
    pub fn into_string(self) -> String {
        self.text
    }
}

impl<T: DeserializeOwned> JsonString<T> {
    /// Parses the JSON the string holds.
    pub fn decode(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.text)
    }
}

impl<T: Serialize> JsonString<T> {
    /// Serializes `value` into a string.
    pub fn encode(value: &T) -> Result<JsonString<T>, serde_json::Error> {
        serde_json::to_string(value).map(JsonString::new)
    }
}

impl<T> Clone for JsonString<T> {
    fn clone(&self) -> Self {
        JsonString::new(self.text.clone())
    }
}

impl<T> fmt::Debug for JsonString<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl<T> PartialEq for JsonString<T> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<T> Eq for JsonString<T> {}

impl<T> Hash for JsonString<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl<T> Serialize for JsonString<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de, T> Deserialize<'de> for JsonString<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(JsonString::new)
    }
}
