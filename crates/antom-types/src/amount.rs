//! Integer access to [`Amount`], which the API writes as strings of minor units.

use std::fmt;

use crate::Amount;

/// An [`Amount`] whose `value` is not a canonical count of minor units.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AmountError {
    /// Empty, or something other than ASCII digits (a sign, a decimal point, spaces...).
    NotDigits(String),
    /// More than one digit with a leading zero (`"0100"`).
    LeadingZero(String),
    /// More than `u64::MAX` minor units.
    TooLarge(String),
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::NotDigits(v) => {
                write!(f, "amount value {v:?} is not a string of decimal digits")
            }
            AmountError::LeadingZero(v) => write!(f, "amount value {v:?} has a leading zero"),
            AmountError::TooLarge(v) => write!(f, "amount value {v:?} does not fit in a u64"),
        }
    }
}

impl std::error::Error for AmountError {}

impl Amount {
    /// An amount of `minor_units` of `currency` (cents for USD, whole units for KRW or JPY).
    pub fn from_minor_units(currency: impl Into<String>, minor_units: u64) -> Amount {
        Amount::builder()
            .currency(currency)
            .value(minor_units.to_string())
            .build()
    }

    /// The value as an integer number of minor units. No floating point is involved.
    pub fn minor_units(&self) -> Result<u64, AmountError> {
        let v = &self.value;
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AmountError::NotDigits(v.clone()));
        }
        if v.len() > 1 && v.starts_with('0') {
            return Err(AmountError::LeadingZero(v.clone()));
        }
        v.parse().map_err(|_| AmountError::TooLarge(v.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_round_trip() {
        let a = Amount::from_minor_units("USD", 1000);
        assert_eq!(a.value, "1000");
        assert_eq!(a.minor_units(), Ok(1000));
        assert_eq!(
            Amount::from_minor_units("KRW", u64::MAX).minor_units(),
            Ok(u64::MAX)
        );
        assert_eq!(Amount::from_minor_units("JPY", 0).minor_units(), Ok(0));
    }

    #[test]
    fn minor_units_rejects() {
        let bad = |v: &str| {
            Amount::builder()
                .currency("USD")
                .value(v)
                .build()
                .minor_units()
                .unwrap_err()
        };
        assert!(matches!(bad(""), AmountError::NotDigits(_)));
        assert!(matches!(bad("10.00"), AmountError::NotDigits(_)));
        assert!(matches!(bad("-1"), AmountError::NotDigits(_)));
        assert!(matches!(bad(" 1"), AmountError::NotDigits(_)));
        assert!(matches!(bad("0100"), AmountError::LeadingZero(_)));
        assert!(matches!(
            bad("18446744073709551616"),
            AmountError::TooLarge(_)
        ));
    }
}
