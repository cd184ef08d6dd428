//! Booleans and numbers that the API accepts either as JSON values or as strings.
//!
//! Antom's API reference asks for every non-array field to be sent as a string (an integer 20 as
//! `"20"`, a boolean true as `"true"`), while its guide pages and the official SDKs send JSON
//! values (`20`, `true`). Both forms are in use, so [`Scalar`] reads both and writes back the
//! form it read.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// A boolean, integer or decimal number that may travel as a JSON value (`true`, `20`) or as a
/// string (`"true"`, `"20"`).
///
/// It dereferences to its value. Serializing writes the form that was read, so a parsed message
/// goes back out unchanged; a value made with [`Scalar::new`] (or `From`) is written as a JSON
/// value, one made with [`Scalar::as_text`] as a string. A string that does not hold a value of
/// the type (`"yes"`, `"2x"`, `"007"`) is an error, as it is for the schemas.
///
/// ```
/// use antom_types::Scalar;
///
/// let sent: Scalar<bool> = serde_json::from_str(r#""true""#).unwrap();
/// assert!(*sent);
/// assert_eq!(serde_json::to_string(&sent).unwrap(), r#""true""#);
///
/// let count: Scalar<i64> = serde_json::from_str("20").unwrap();
/// assert_eq!(count.get(), 20);
/// assert!(serde_json::from_str::<Scalar<bool>>(r#""yes""#).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Scalar<T> {
    value: T,
    /// The string it was sent as; `None` for a JSON value.
    text: Option<Box<str>>,
}

impl<T: ScalarValue> Scalar<T> {
    /// A value written as a JSON value (`true`, `20`).
    pub fn new(value: T) -> Scalar<T> {
        Scalar { value, text: None }
    }

    /// A value written as a string (`"true"`, `"20"`), as the API reference asks.
    pub fn as_text(value: T) -> Scalar<T> {
        let text = value.to_text().into_boxed_str();
        Scalar {
            value,
            text: Some(text),
        }
    }

    /// The value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// True when the value travels as a string.
    pub fn is_text(&self) -> bool {
        self.text.is_some()
    }

    /// The value itself.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: ScalarValue + Copy> Scalar<T> {
    /// The value (for `bool` and `i64`).
    pub fn get(&self) -> T {
        self.value
    }
}

impl<T: ScalarValue> From<T> for Scalar<T> {
    fn from(value: T) -> Scalar<T> {
        Scalar::new(value)
    }
}

impl<T> Deref for Scalar<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Display> fmt::Display for Scalar<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

/// The value types a [`Scalar`] can hold: `bool`, `i64` and [`serde_json::Number`].
pub trait ScalarValue: Sized + Serialize + sealed::Sealed {
    /// What the schemas call the type, for error messages.
    const EXPECTED: &'static str;
    /// The value of a string form, if the string holds one.
    fn from_text(text: &str) -> Option<Self>;
    /// The string form of the value.
    fn to_text(&self) -> String;
    /// The value of a JSON boolean, if the type takes one.
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    /// The value of a JSON integer, if the type takes it.
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    /// The value of a JSON integer above `i64::MAX`, if the type takes it.
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
    /// The value of a JSON number with a fraction or an exponent, if the type takes it.
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for bool {}
    impl Sealed for i64 {}
    impl Sealed for serde_json::Number {}
}

/// `-?(0|[1-9][0-9]{0,17})`: the integer part of the schemas' string patterns.
fn is_integer_text(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    match digits.as_bytes() {
        [b'0'] => true,
        [b'1'..=b'9', rest @ ..] => rest.len() <= 17 && rest.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

impl ScalarValue for bool {
    const EXPECTED: &'static str = "a boolean, or the string \"true\" or \"false\"";
    fn from_text(text: &str) -> Option<bool> {
        match text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
    fn to_text(&self) -> String {
        self.to_string()
    }
    fn from_bool(value: bool) -> Option<bool> {
        Some(value)
    }
}

impl ScalarValue for i64 {
    const EXPECTED: &'static str = "an integer, or a string of one without leading zeros";
    fn from_text(text: &str) -> Option<i64> {
        is_integer_text(text).then(|| text.parse().ok()).flatten()
    }
    fn to_text(&self) -> String {
        self.to_string()
    }
    fn from_i64(value: i64) -> Option<i64> {
        Some(value)
    }
    fn from_u64(value: u64) -> Option<i64> {
        i64::try_from(value).ok()
    }
}

impl ScalarValue for serde_json::Number {
    const EXPECTED: &'static str = "a number, or a string of a decimal number";
    fn from_text(text: &str) -> Option<serde_json::Number> {
        let (int, frac) = match text.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (text, None),
        };
        let frac_ok = frac
            .is_none_or(|f| (1..=17).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()));
        if !(is_integer_text(int) && frac_ok) {
            return None;
        }
        serde_json::from_str(text).ok()
    }
    fn to_text(&self) -> String {
        self.to_string()
    }
    fn from_i64(value: i64) -> Option<serde_json::Number> {
        Some(value.into())
    }
    fn from_u64(value: u64) -> Option<serde_json::Number> {
        Some(value.into())
    }
    fn from_f64(value: f64) -> Option<serde_json::Number> {
        serde_json::Number::from_f64(value)
    }
}

impl<T: ScalarValue> Serialize for Scalar<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.text {
            Some(text) => serializer.serialize_str(text),
            None => self.value.serialize(serializer),
        }
    }
}

struct ScalarVisitor<T>(PhantomData<T>);

impl<T: ScalarValue> ScalarVisitor<T> {
    fn native<E: de::Error>(
        value: Option<T>,
        unexpected: de::Unexpected<'_>,
    ) -> Result<Scalar<T>, E> {
        value
            .map(Scalar::new)
            .ok_or_else(|| E::invalid_value(unexpected, &T::EXPECTED))
    }
}

impl<'de, T: ScalarValue> de::Visitor<'de> for ScalarVisitor<T> {
    type Value = Scalar<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar<T>, E> {
        Self::native(T::from_bool(v), de::Unexpected::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar<T>, E> {
        Self::native(T::from_i64(v), de::Unexpected::Signed(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar<T>, E> {
        Self::native(T::from_u64(v), de::Unexpected::Unsigned(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar<T>, E> {
        Self::native(T::from_f64(v), de::Unexpected::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar<T>, E> {
        let value = T::from_text(v)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &T::EXPECTED))?;
        Ok(Scalar {
            value,
            text: Some(v.into()),
        })
    }
}

impl<'de, T: ScalarValue> Deserialize<'de> for Scalar<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Scalar<T>, D::Error> {
        deserializer.deserialize_any(ScalarVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip<T: ScalarValue + for<'de> Deserialize<'de>>(input: serde_json::Value) {
        let parsed: Scalar<T> = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(serde_json::to_value(&parsed).unwrap(), input);
    }

    #[test]
    fn both_forms_read_and_written_back() {
        round_trip::<bool>(json!(true));
        round_trip::<bool>(json!("false"));
        round_trip::<i64>(json!(-480));
        round_trip::<i64>(json!("20"));
        round_trip::<serde_json::Number>(json!(7.125));
        round_trip::<serde_json::Number>(json!("7.10"));
        round_trip::<serde_json::Number>(json!(3));
    }

    #[test]
    fn strings_that_are_not_the_type_fail() {
        for bad in ["yes", "True", "1", ""] {
            assert!(
                serde_json::from_value::<Scalar<bool>>(json!(bad)).is_err(),
                "{bad}"
            );
        }
        for bad in ["2x", "007", "+5", "", "1.5", "-", "12345678901234567890"] {
            assert!(
                serde_json::from_value::<Scalar<i64>>(json!(bad)).is_err(),
                "{bad}"
            );
        }
        for bad in ["1e5", ".5", "1.", "01.5", "abc"] {
            assert!(
                serde_json::from_value::<Scalar<serde_json::Number>>(json!(bad)).is_err(),
                "{bad}"
            );
        }
        assert!(serde_json::from_value::<Scalar<i64>>(json!(1.5)).is_err());
        assert!(serde_json::from_value::<Scalar<bool>>(json!(1)).is_err());
        assert!(serde_json::from_value::<Scalar<i64>>(json!(null)).is_err());
    }

    #[test]
    fn values_and_forms() {
        let text = Scalar::as_text(20i64);
        assert!(text.is_text());
        assert_eq!(serde_json::to_value(&text).unwrap(), json!("20"));
        let native = Scalar::from(true);
        assert!(!native.is_text() && native.get());
        assert_eq!(serde_json::to_value(&native).unwrap(), json!(true));
    }
}
