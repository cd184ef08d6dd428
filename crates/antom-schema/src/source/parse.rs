//! Parsing with repeated-key detection: the same value and errors as `serde_json`, plus
//! whether any object repeated a key (which `serde_json` silently resolves to the last one).

use serde_json::Value;

/// Parses a JSON text exactly like `serde_json::from_str::<Value>` (same errors, same
/// value: of two equal keys the last one wins) and tells whether any object repeated a key,
/// which `serde_json` does not. Finding repeats costs nothing extra: the map insert that
/// builds each object says when it replaced a value.
pub fn parse_value(text: &str) -> Result<(Value, bool), serde_json::Error> {
    parse_value_keyed(text).map(|parsed| (parsed.value, parsed.repeated))
}

/// What [`parse_value_keyed`] gives.
pub(crate) struct Parsed<'t> {
    pub value: Value,
    /// Some object repeated a key.
    pub repeated: bool,
    /// When the text is an object whose member names hold no escape, those names as they
    /// stand in the text (slices of it, in text order): where the top-level members are,
    /// without another pass over the text.
    pub top_keys: Option<Vec<&'t str>>,
}

/// [`parse_value`], also noting where the top-level member names are.
pub(crate) fn parse_value_keyed(text: &str) -> Result<Parsed<'_>, serde_json::Error> {
    let repeated = std::cell::Cell::new(false);
    let keys = std::cell::RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde::de::DeserializeSeed::deserialize(
        Build {
            repeated: &repeated,
            top_keys: Some(&keys),
        },
        &mut de,
    )?;
    de.end()?;
    Ok(Parsed {
        value,
        repeated: repeated.get(),
        top_keys: keys.into_inner(),
    })
}

/// A member name, lent from the text when it holds no escape.
struct RawKey;

impl<'de> serde::de::DeserializeSeed<'de> for RawKey {
    type Value = std::borrow::Cow<'de, str>;

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for RawKey {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v))
    }
}

/// Builds a [`Value`], noting repeated keys and, for the top-level value, its member names
/// as they stand in the text when none holds an escape (`serde_json` lends those from the
/// text).
#[derive(Clone, Copy)]
struct Build<'c, 'de> {
    repeated: &'c std::cell::Cell<bool>,
    /// Where the top-level names go (`None` below the top level).
    top_keys: Option<&'c std::cell::RefCell<Option<Vec<&'de str>>>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Build<'_, 'de> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Build<'_, 'de> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        serde::de::DeserializeSeed::deserialize(self, de)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = Build {
            top_keys: None,
            ..self
        };
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let inner = Build {
            top_keys: None,
            ..self
        };
        let mut map = serde_json::Map::new();
        let Some(top_keys) = self.top_keys else {
            while let Some(key) = access.next_key::<String>()? {
                let value = access.next_value_seed(inner)?;
                if map.insert(key, value).is_some() {
                    self.repeated.set(true);
                }
            }
            return Ok(Value::Object(map));
        };
        let mut keys = Some(Vec::new());
        while let Some(key) = access.next_key_seed(RawKey)? {
            let value = access.next_value_seed(inner)?;
            let key = match key {
                std::borrow::Cow::Borrowed(k) => {
                    if let Some(keys) = &mut keys {
                        keys.push(k);
                    }
                    k.to_owned()
                }
                std::borrow::Cow::Owned(k) => {
                    keys = None;
                    k
                }
            };
            if map.insert(key, value).is_some() {
                self.repeated.set(true);
            }
        }
        *top_keys.borrow_mut() = keys;
        Ok(Value::Object(map))
    }
}
