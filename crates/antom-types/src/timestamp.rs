//! Date-times as the API writes them: RFC 3339 with an offset.

use std::cmp::Ordering;
use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// A date-time with its UTC offset (`2019-06-01T12:01:01+08:30`), keeping the exact text it was
/// parsed from.
///
/// It dereferences to [`chrono::DateTime<FixedOffset>`]. The text is kept because chrono writes
/// a UTC offset as `+00:00` and drops a zero fraction: a `Z` or a `.000` that Antom sent comes
/// back out unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    value: DateTime<FixedOffset>,
    text: Box<str>,
}

impl Timestamp {
    /// Parses an RFC 3339 date-time.
    pub fn parse(text: &str) -> Result<Timestamp, chrono::ParseError> {
        Ok(Timestamp {
            value: DateTime::parse_from_rfc3339(text)?,
            text: text.into(),
        })
    }

    /// The instant, with its offset.
    pub fn value(&self) -> DateTime<FixedOffset> {
        self.value
    }

    /// The text as received (or as [`From<DateTime<FixedOffset>>`] wrote it).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<DateTime<FixedOffset>> for Timestamp {
    fn from(value: DateTime<FixedOffset>) -> Timestamp {
        Timestamp {
            text: value.to_rfc3339_opts(SecondsFormat::AutoSi, false).into(),
            value,
        }
    }
}

impl From<Timestamp> for DateTime<FixedOffset> {
    fn from(timestamp: Timestamp) -> DateTime<FixedOffset> {
        timestamp.value
    }
}

impl Deref for Timestamp {
    type Target = DateTime<FixedOffset>;
    fn deref(&self) -> &DateTime<FixedOffset> {
        &self.value
    }
}

/// Orders by instant; equal instants written differently are ordered by their text.
impl Ord for Timestamp {
    fn cmp(&self, other: &Timestamp) -> Ordering {
        self.value
            .cmp(&other.value)
            .then_with(|| self.text.cmp(&other.text))
    }
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Timestamp) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl FromStr for Timestamp {
    type Err = chrono::ParseError;
    fn from_str(text: &str) -> Result<Timestamp, chrono::ParseError> {
        Timestamp::parse(text)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time with an offset")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse(text).map_err(|e| E::custom(format!("{text:?}: {e}")))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offset_and_text() {
        for text in [
            "2019-06-01T12:01:01+08:30",
            "2023-04-06T03:28:49Z",
            "2024-01-15T01:20:46.000-08:00",
        ] {
            let t: Timestamp = serde_json::from_str(&format!("{text:?}")).unwrap();
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("{text:?}"));
        }
        let t = Timestamp::parse("2019-06-01T12:01:01+08:30").unwrap();
        assert_eq!(t.offset().local_minus_utc(), 8 * 3600 + 30 * 60);
        assert_eq!(Timestamp::from(t.value()).as_str(), t.as_str());
        assert!(Timestamp::parse("2019-06-01 12:01:01").is_err());
    }
}
