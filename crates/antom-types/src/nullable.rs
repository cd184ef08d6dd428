//! `#[serde(with)]` helper for members that may be absent, `null`, or a value.
//!
//! A field `Option<Option<T>>` with `#[serde(default, with = "crate::nullable",
//! skip_serializing_if = "Option::is_none")]` reads an absent member as `None` and an explicit
//! `null` as `Some(None)`, and writes each back the way it came (`"transactions": null` survives a
//! round trip). The generator puts it on every optional member whose schema allows `null`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub(crate) fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_none(),
    }
}

pub(crate) fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}
