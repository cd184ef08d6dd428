//! Keeping card data and other secrets out of `Debug` and `Display`.
//!
//! The generator gives every struct that holds a secret member (a card number, a CVV, an
//! expiry date, a cardholder name, a BLIK code, a token, ...; the lists are
//! `CARD_NUMBER_MEMBERS` and `SECRET_MEMBERS` in `generated.rs`) or a free JSON map a `Debug`
//! that goes through the wrappers below instead of showing the values.

use std::fmt;

use antom_schema_core::secrets;
use serde_json::{Map, Value};

use crate::generated::{CARD_NUMBER_MEMBERS, SECRET_MEMBERS};

/// What a hidden value is shown as.
pub(crate) const REDACTED: &str = "[redacted]";

/// Shows `[redacted]`, whatever the value was.
pub(crate) struct Redacted;

impl Redacted {
    /// Stands for `value`, which it never shows.
    pub(crate) fn of<T: ?Sized>(_value: &T) -> Redacted {
        Redacted
    }
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Shows a card number as its first six and last four digits (`"411111******1111"`), or
/// `[redacted]` when it is not 12 to 19 digits.
pub(crate) struct CardNumber<'a>(pub(crate) &'a String);

impl fmt::Debug for CardNumber<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match masked_card_number(self.0) {
            Some(masked) => fmt::Debug::fmt(&masked, f),
            None => f.write_str(REDACTED),
        }
    }
}

/// Shows a free JSON map (or value) with every secret member hidden and every card number in
/// its strings and numbers cut, at any depth.
pub(crate) struct Json<'a, T>(pub(crate) &'a T);

impl fmt::Debug for Json<'_, Map<String, Value>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&redact_map(self.0), f)
    }
}

impl fmt::Debug for Json<'_, Value> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&redact_value(self.0), f)
    }
}

/// True for a member whose value must not be shown (a card number, CVV, expiry, ...).
pub(crate) fn is_secret_member(name: &str) -> bool {
    let name = secrets::normalized(name);
    CARD_NUMBER_MEMBERS.contains(&name.as_str()) || SECRET_MEMBERS.contains(&name.as_str())
}

/// First six digits, one `*` per hidden digit, last four; `None` unless the text is 12 to 19
/// ASCII digits.
fn masked_card_number(text: &str) -> Option<String> {
    ((12..=19).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| secrets::mask_card_number(text))
}

/// A text with every run of 12 to 19 digits that passes the Luhn check cut to its first six
/// and last four digits.
pub(crate) fn mask_card_numbers(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let run = &text[start..i];
        if (12..=19).contains(&run.len()) && secrets::luhn_valid(run.as_bytes()) {
            out.push_str(&text[last..start]);
            out.push_str(&secrets::mask_card_number(run));
            last = i;
        }
    }
    out.push_str(&text[last..]);
    out
}

fn redact_map(map: &Map<String, Value>) -> Map<String, Value> {
    map.iter()
        .map(|(key, value)| {
            let name = secrets::normalized(key);
            let value = if value.is_null() {
                Value::Null
            } else if CARD_NUMBER_MEMBERS.contains(&name.as_str()) {
                let text = match value {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                };
                Value::String(
                    text.and_then(|t| masked_card_number(&t))
                        .unwrap_or_else(|| REDACTED.to_string()),
                )
            } else if SECRET_MEMBERS.contains(&name.as_str()) {
                Value::String(REDACTED.to_string())
            } else {
                redact_value(value)
            };
            (mask_card_numbers(key), value)
        })
        .collect()
}

fn redact_value(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(mask_card_numbers(s)),
        Value::Number(n) => {
            let text = n.to_string();
            let masked = mask_card_numbers(&text);
            if masked == text {
                value.clone()
            } else {
                Value::String(masked)
            }
        }
        Value::Array(items) => Value::Array(items.iter().map(redact_value).collect()),
        Value::Object(map) => Value::Object(redact_map(map)),
        Value::Bool(_) | Value::Null => value.clone(),
    }
}

/// A serde error message with card numbers cut; when the error is about a secret member
/// (`secret`), every literal it quotes (`` `737` ``, `"0328"`) is hidden as well.
pub(crate) fn mask_message(message: &str, secret: bool) -> String {
    let message = mask_card_numbers(message);
    if !secret {
        return message;
    }
    let mut out = String::with_capacity(message.len());
    let mut rest = message.as_str();
    while let Some(open) = rest.find(['`', '"']) {
        let quote = rest[open..].chars().next().expect("found above");
        let Some(len) = rest[open + 1..].find(quote) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(REDACTED);
        rest = &rest[open + 1 + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn card_numbers_keep_six_and_four() {
        assert_eq!(
            format!("{:?}", CardNumber(&"4111111111111111".into())),
            "\"411111******1111\""
        );
        assert_eq!(format!("{:?}", CardNumber(&"4111".into())), "[redacted]");
        assert_eq!(
            format!("{:?}", CardNumber(&"4111 1111 1111 1111".into())),
            "[redacted]"
        );
        assert_eq!(
            mask_card_numbers("pan 4111111111111111, id 4111111111111112"),
            "pan 411111******1111, id 4111111111111112"
        );
    }

    #[test]
    fn json_maps_hide_secret_members_at_any_depth() {
        let value = json!({
            "cardNo": "4111111111111111",
            "cvv": 737,
            "nested": [{"Expiry_Month": "03", "note": "card 4111111111111111"}],
            "pan": 4111111111111111u64,
            "blikCode": null,
            "kept": "visible"
        });
        let shown = format!("{:?}", Json(&value));
        for secret in ["1111111111", "737", "\"03\""] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("visible"), "{shown}");
        assert!(shown.contains("411111******1111"), "{shown}");
    }

    #[test]
    fn messages_about_secrets_lose_their_literals() {
        assert_eq!(
            mask_message("invalid type: integer `737`, expected a string", true),
            "invalid type: integer [redacted], expected a string"
        );
        assert_eq!(
            mask_message("invalid type: integer `737`, expected a string", false),
            "invalid type: integer `737`, expected a string"
        );
    }
}
