//! Deserialization shared by the generated open enumerations.

use std::fmt;
use std::marker::PhantomData;

use serde::{de, Deserializer};

/// Reads a string into an open enum without copying it when the value is known.
pub(crate) fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct Visitor<T>(PhantomData<T>);
    impl<T> de::Visitor<'_> for Visitor<T>
    where
        T: for<'a> From<&'a str> + From<String>,
    {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
        fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
            Ok(T::from(value))
        }
    }
    deserializer.deserialize_str(Visitor(PhantomData))
}

/// What every enumeration of the API offers, closed ([`ResultStatusType`](crate::ResultStatusType):
/// a value outside the list is a parse error) or open
/// ([`PaymentMethodType`](crate::PaymentMethodType): such a value is kept as `Unknown`).
///
/// Each enumeration also has these as inherent items, so the trait is only needed to write code
/// generic over enumerations.
///
/// ```
/// use antom_types::{PaymentMethodType, ResultStatusType, WireEnum};
///
/// fn listed<E: WireEnum>(value: &E) -> bool {
///     E::KNOWN.contains(&value.as_str())
/// }
/// assert!(listed(&ResultStatusType::S));
/// assert!(listed(&PaymentMethodType::Card));
/// assert!(!listed(&PaymentMethodType::from("SPACE_PAY")));
/// ```
pub trait WireEnum {
    /// Every value the schema lists, as sent on the wire.
    const KNOWN: &'static [&'static str];

    /// The value as sent on the wire.
    fn as_str(&self) -> &str;

    /// `true` for a value the schema does not list (never, for a closed enumeration).
    fn is_unknown(&self) -> bool;
}
