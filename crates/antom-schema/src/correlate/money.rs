//! Amounts: a currency code kept inline and an integer number of minor units. Amounts are
//! compared as integers in the same currency, never as floats.

use std::fmt;

use serde_json::Value;

/// A currency code as written, kept inline (its first 8 characters, at most 12 bytes): the
/// correlator holds several amounts per payment and none of them allocates.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    bytes: [u8; 12],
    len: u8,
}

impl Currency {
    /// The code, cut to its first 8 characters (and 12 bytes) like every stored code.
    pub fn new(code: &str) -> Currency {
        let mut bytes = [0u8; 12];
        let mut len = 0;
        for c in code.chars().take(8) {
            let n = c.len_utf8();
            if len + n > bytes.len() {
                break;
            }
            c.encode_utf8(&mut bytes[len..]);
            len += n;
        }
        Currency {
            bytes,
            len: len as u8,
        }
    }

    /// The stored code.
    pub fn as_str(&self) -> &str {
        // Only whole characters are ever copied in.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An amount: a currency and an integer number of its minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    /// ISO 4217 code as written.
    pub currency: Currency,
    /// Minor units (cents for USD, whole units for JPY).
    pub minor: u64,
}

impl Money {
    /// Reads an `Amount` object (`{"currency": "USD", "value": "4200"}`); `None` when the value
    /// is not a string of at most 19 decimal digits.
    pub fn from_value(value: &Value) -> Option<Money> {
        let currency = value.get("currency")?.as_str()?;
        let digits = value.get("value")?.as_str()?;
        if digits.is_empty() || digits.len() > 19 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Money {
            currency: Currency::new(currency),
            minor: digits.parse().ok()?,
        })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.minor)
    }
}
