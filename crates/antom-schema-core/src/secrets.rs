//! The member names whose values are card data or other secrets.
//!
//! Names are compared normalized (ASCII letters and digits only, lower-cased, see
//! [`normalized`]), so `cardNo`, `card_no` and `CARD-NO` are one name. The validation library
//! masks card numbers, verification codes, expiry dates and PINs in every text it prints; the
//! generated types' `Debug` hides all of the lists below.

/// Members holding a card number: shown as at most their first six and last four digits.
pub const CARD_NUMBER: &[&str] = &["cardno", "cardnumber", "pan", "primaryaccountnumber"];

/// Members holding a card verification code.
pub const VERIFICATION: &[&str] = &[
    "cvv",
    "cvv2",
    "cvc",
    "cvc2",
    "cid",
    "csc",
    "securitycode",
    "cardsecuritycode",
    "cardverificationvalue",
];

/// Members holding an expiry date or a PIN.
pub const EXPIRY_AND_PIN: &[&str] = &[
    "expirymonth",
    "expiryyear",
    "expirydate",
    "expiry",
    "expirationmonth",
    "expirationyear",
    "expirationdate",
    "expiration",
    "expmonth",
    "expyear",
    "expdate",
    "cardexpiry",
    "cardexpirydate",
    "pin",
];

/// Further members the generated types' `Debug` hides: cardholder and account-holder data,
/// account numbers, one-time codes (BLIK, verification), the Brazilian CPF, 3-D Secure
/// cryptograms and tokens standing for a stored card or a session.
pub const PERSONAL: &[&str] = &[
    // Cardholder and bank-account data.
    "cardholdername",
    "accountholdername",
    "accountno",
    "accountnumber",
    "refundsourceaccountno",
    // One-time codes and personal identifiers.
    "blikcode",
    "authenticationcode",
    "cpf",
    // 3-D Secure cryptograms.
    "cavv",
    // Tokens standing for a stored card or a session.
    "cardtoken",
    "acquirercardtoken",
    "paymentmethodid",
    "paymentsessiondata",
];

/// Every list whose members' whole value is hidden (all but [`CARD_NUMBER`]), in this order.
pub const WHOLE_VALUE: &[&[&str]] = &[VERIFICATION, EXPIRY_AND_PIN, PERSONAL];

/// No listed name is longer than this, once normalized.
pub const MAX_NAME_LEN: usize = 24;

/// `name` normalized into `buf`, without allocating (this runs for every member of every
/// payload the linter reads); `None` when it is longer than [`MAX_NAME_LEN`], so no list
/// holds it.
pub fn normalize_into<'b>(name: &str, buf: &'b mut [u8; MAX_NAME_LEN]) -> Option<&'b str> {
    let mut len = 0;
    for b in name.bytes().filter(u8::is_ascii_alphanumeric) {
        *buf.get_mut(len)? = b.to_ascii_lowercase();
        len += 1;
    }
    std::str::from_utf8(&buf[..len]).ok()
}

/// `name` normalized: ASCII letters and digits only, lower-cased.
pub fn normalized(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// True when `name`, normalized, is in one of `lists`.
pub fn is_listed(name: &str, lists: &[&[&str]]) -> bool {
    let mut buf = [0; MAX_NAME_LEN];
    normalize_into(name, &mut buf).is_some_and(|n| lists.iter().any(|list| list.contains(&n)))
}

/// What a value hidden whole is shown as.
pub const MASK: &str = "***";

/// The Luhn check over ASCII digits.
pub fn luhn_valid(digits: &[u8]) -> bool {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// Masks a card number: first six digits, one `*` per hidden digit, last four; a text with
/// fewer than 12 digits is masked whole ([`MASK`]).
pub fn mask_card_number(digits: &str) -> String {
    let d: Vec<char> = digits.chars().filter(char::is_ascii_digit).collect();
    if d.len() < 12 {
        return MASK.to_string();
    }
    let head: String = d[..6].iter().collect();
    let tail: String = d[d.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(d.len() - 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_name_is_normalized_short_and_listed_once() {
        let all: Vec<&str> = std::iter::once(CARD_NUMBER)
            .chain(WHOLE_VALUE.iter().copied())
            .flatten()
            .copied()
            .collect();
        for (i, name) in all.iter().enumerate() {
            assert_eq!(&normalized(name), name);
            assert!(name.len() <= MAX_NAME_LEN, "{name}");
            assert!(!all[i + 1..].contains(name), "{name} is listed twice");
        }
    }

    #[test]
    fn names_match_whatever_their_spelling() {
        assert!(is_listed("cardNo", &[CARD_NUMBER]));
        assert!(is_listed("CARD_NO", &[CARD_NUMBER]));
        assert!(is_listed("expiry-Month", &[EXPIRY_AND_PIN]));
        assert!(is_listed("cardholderName", WHOLE_VALUE));
        assert!(!is_listed("cardBrand", WHOLE_VALUE));
        assert!(!is_listed("cvv", &[CARD_NUMBER]));
        let long = "a".repeat(MAX_NAME_LEN + 1);
        assert!(!is_listed(&long, WHOLE_VALUE));
        let mut buf = [0; MAX_NAME_LEN];
        assert_eq!(normalize_into("Card-No 2", &mut buf), Some("cardno2"));
        assert_eq!(normalized("is3DSAuthentication"), "is3dsauthentication");
    }
}
