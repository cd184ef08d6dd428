//! Keeping card data out of every text this workspace prints.
//!
//! Two kinds of data are hidden: card numbers (a run of 12 to 19 digits that passes the Luhn
//! check, wherever it sits: a value, a key, a message, a file name) keep at most their first six
//! and last four digits; the values of card-verification and expiry fields are replaced whole.

use antom_schema_core::secrets::{self, CARD_NUMBER, EXPIRY_AND_PIN, VERIFICATION};
use serde_json::Value;

/// What a fully masked value is shown as; card numbers keep their first six and last four
/// digits (both from [`antom_schema_core::secrets`], which the generated types' `Debug` uses
/// too).
pub use antom_schema_core::secrets::{luhn_valid, mask_card_number, MASK};

/// The letters and digits the names of the three lists this module masks by start with: a
/// name starting with any other is none of them (most names are ruled out by this one look).
const FIRST: [bool; 128] = {
    let lists: [&[&str]; 3] = [VERIFICATION, EXPIRY_AND_PIN, CARD_NUMBER];
    let mut table = [false; 128];
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            table[lists[l][i].as_bytes()[0] as usize] = true;
            i += 1;
        }
        l += 1;
    }
    table
};

/// [`secrets::is_listed`] for lists among [`VERIFICATION`], [`EXPIRY_AND_PIN`] and
/// [`CARD_NUMBER`], ruling most names out by their first letter or digit.
fn named(name: &str, lists: &[&[&str]]) -> bool {
    match name.bytes().find(u8::is_ascii_alphanumeric) {
        Some(b) if FIRST[b.to_ascii_lowercase() as usize] => secrets::is_listed(name, lists),
        _ => false,
    }
}

/// Fields whose whole value is secret: card verification codes, expiry dates and PINs (the
/// names are listed in [`antom_schema_core::secrets`]).
pub fn is_secret_field(name: &str) -> bool {
    named(name, &[VERIFICATION, EXPIRY_AND_PIN])
}

/// Fields that hold a card number even when it fails the Luhn check.
pub fn is_card_number_field(name: &str) -> bool {
    named(name, &[CARD_NUMBER])
}

/// Fields that hold a card verification code (a subset of [`is_secret_field`]).
pub fn is_verification_field(name: &str) -> bool {
    named(name, &[VERIFICATION])
}

/// True when a JSON Pointer passes through a secret field (`/paymentMethod/.../cvv`).
pub fn pointer_is_secret(pointer: &str) -> bool {
    pointer
        .split('/')
        .any(|seg| is_secret_field(&crate::pointer::unescape(seg)))
}

/// True when a JSON Pointer ends at or passes through a card-number field.
pub fn pointer_is_card_number(pointer: &str) -> bool {
    pointer
        .split('/')
        .any(|seg| is_card_number_field(&crate::pointer::unescape(seg)))
}

/// A run of digits (see [`digit_runs`]): where it is, and its first 19 digits.
struct Run {
    start: usize,
    end: usize,
    /// Digits in the run (separators not counted), also beyond the 19 kept.
    count: usize,
    digits: [u8; 19],
}

impl Run {
    /// The run is a card number as a whole.
    fn is_card(&self) -> bool {
        self.count <= self.digits.len() && is_card_run(&self.digits[..self.count])
    }
}

/// Digit runs, where single spaces or dashes between digit groups are part of the run
/// (`4111 1111 1111 1111`). A run is cut at anything else. No allocation: every string of
/// every payload may come here.
fn digit_runs(text: &str) -> impl Iterator<Item = Run> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == bytes.len() {
            return None;
        }
        let mut run = Run {
            start: i,
            end: i,
            count: 0,
            digits: [0; 19],
        };
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() {
                if let Some(slot) = run.digits.get_mut(run.count) {
                    *slot = bytes[i];
                }
                run.count += 1;
                i += 1;
                run.end = i;
            } else if matches!(bytes[i], b' ' | b'-')
                && i + 1 < bytes.len()
                && bytes[i + 1].is_ascii_digit()
            {
                i += 1;
            } else {
                break;
            }
        }
        Some(run)
    })
}

fn is_card_run(digits: &[u8]) -> bool {
    (12..=19).contains(&digits.len()) && luhn_valid(digits)
}

/// True when the text holds a card number (a 12–19 digit run passing Luhn, or such a group
/// inside a run with separators).
pub fn contains_card_number(text: &str) -> bool {
    digit_runs(text).any(|run| {
        let slice = &text[run.start..run.end];
        run.is_card()
            || slice.contains([' ', '-'])
                && slice.split([' ', '-']).any(|g| is_card_run(g.as_bytes()))
    })
}

/// A digit run long enough to be a card number (12 digits, spaces and dashes allowed
/// between): a cheap test that rules out nearly every text before the real search.
pub fn may_hold_card_number(text: &str) -> bool {
    if text.len() < 12 {
        return false;
    }
    let mut digits = 0;
    for b in text.bytes() {
        if b.is_ascii_digit() {
            digits += 1;
            if digits >= 12 {
                return true;
            }
        } else if !matches!(b, b' ' | b'-') {
            digits = 0;
        }
    }
    false
}

/// Masks every card number in a text (see the module documentation).
pub fn mask_text(text: &str) -> String {
    if !may_hold_card_number(text) {
        return mask_secret_members(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for run in digit_runs(text) {
        let slice = &text[run.start..run.end];
        let replacement = if run.is_card() {
            Some(mask_card_number(slice))
        } else if run.count >= 12 && slice.contains([' ', '-']) {
            // A separated run may hold a card number as one of its groups.
            let mut piece = String::new();
            let mut changed = false;
            for (i, part) in slice.split_inclusive([' ', '-']).enumerate() {
                let _ = i;
                let (digits, sep) = match part.strip_suffix([' ', '-']) {
                    Some(d) => (d, &part[d.len()..]),
                    None => (part, ""),
                };
                if is_card_run(digits.as_bytes()) {
                    piece.push_str(&mask_card_number(digits));
                    changed = true;
                } else {
                    piece.push_str(digits);
                }
                piece.push_str(sep);
            }
            changed.then_some(piece)
        } else {
            None
        };
        if let Some(rep) = replacement {
            out.push_str(&text[last..run.start]);
            out.push_str(&rep);
            last = run.end;
        }
    }
    out.push_str(&text[last..]);
    mask_secret_members(&out)
}

/// Hides the values of secret members written as JSON text (`"cvv": "123"` becomes
/// `"cvv": "***"`), also when the text is JSON inside a JSON string (`\"cvv\":\"123\"`).
pub fn mask_secret_members(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        match memchr::memchr(b'"', &bytes[i..]) {
            Some(at) => i += at,
            None => break,
        }
        // A quoted name: read up to the closing quote (possibly escaped as \").
        let name_start = i + 1;
        let Some(rel) = text[name_start..].find('"') else {
            break;
        };
        let mut name_end = name_start + rel;
        let escaped = name_end > name_start && bytes[name_end - 1] == b'\\';
        let name = &text[name_start..if escaped { name_end - 1 } else { name_end }];
        name_end += 1;
        // Skip spaces and the colon; only a quoted text followed by a colon is a member name
        // (checked first: it rules out most quoted texts before their name is looked up).
        let mut j = name_end;
        while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
            j += 1;
        }
        if j >= bytes.len()
            || bytes[j] != b':'
            || name.is_empty()
            || name.len() > 40
            || !named(name, &[VERIFICATION, EXPIRY_AND_PIN, CARD_NUMBER])
        {
            i = name_end;
            continue;
        }
        j += 1;
        while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
            j += 1;
        }
        // The value: a (possibly escaped) string or a bare token.
        let value_start = j;
        let value_end = if text[j..].starts_with("\\\"") {
            text[j + 2..].find("\\\"").map(|e| j + 2 + e + 2)
        } else if j < bytes.len() && bytes[j] == b'"' {
            let mut k = j + 1;
            while k < bytes.len() && bytes[k] != b'"' {
                k += if bytes[k] == b'\\' { 2 } else { 1 };
            }
            Some((k + 1).min(bytes.len()))
        } else {
            let mut k = j;
            while k < bytes.len()
                && !matches!(bytes[k], b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\\')
            {
                k += 1;
            }
            Some(k)
        };
        let Some(value_end) = value_end else {
            i = name_end;
            continue;
        };
        let value_end = value_end.min(bytes.len());
        if value_end <= value_start || !text.is_char_boundary(value_end) {
            i = name_end;
            continue;
        }
        let value = &text[value_start..value_end];
        // Bare tokens are only JSON numbers; prose such as `"cvv": the` is left alone.
        let bare_ok = value.starts_with(['"', '\\'])
            || value.starts_with(|c: char| c.is_ascii_digit() || c == '-');
        if !bare_ok || matches!(value, "null" | "true" | "false") || value.starts_with(['{', '[']) {
            i = value_end.max(name_end);
            continue;
        }
        let quote = if value.starts_with("\\\"") {
            "\\\""
        } else if value.starts_with('"') {
            "\""
        } else {
            ""
        };
        let inner = value.trim_start_matches(quote).trim_end_matches(quote);
        let masked = if is_card_number_field(name) {
            if inner.chars().filter(char::is_ascii_digit).count() >= 12 {
                mask_card_number(inner)
            } else if inner.chars().any(|c| c.is_ascii_digit()) {
                MASK.to_string()
            } else {
                inner.to_string()
            }
        } else {
            MASK.to_string()
        };
        out.push_str(&text[last..value_start]);
        out.push_str(quote);
        out.push_str(&masked);
        out.push_str(quote);
        last = value_end;
        i = value_end;
    }
    out.push_str(&text[last..]);
    out
}

/// A copy of a JSON value with secret fields replaced by [`MASK`] and card numbers cut.
pub fn mask_value(value: &Value) -> Value {
    match value {
        Value::String(s) => Value::String(mask_text(s)),
        Value::Number(n) => {
            let text = n.to_string();
            let masked = mask_text(&text);
            if masked == text {
                value.clone()
            } else {
                Value::String(masked)
            }
        }
        Value::Array(items) => Value::Array(items.iter().map(mask_value).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let masked =
                        if is_secret_field(k) && !v.is_null() && !v.is_object() && !v.is_array() {
                            Value::String(MASK.into())
                        } else if is_card_number_field(k) && (v.is_string() || v.is_number()) {
                            let text = match v {
                                Value::String(s) => s.clone(),
                                other => other.to_string(),
                            };
                            Value::String(
                                if text.chars().filter(char::is_ascii_digit).count() >= 12 {
                                    mask_card_number(&text)
                                } else {
                                    MASK.into()
                                },
                            )
                        } else {
                            mask_value(v)
                        };
                    (mask_text(k), masked)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A short, masked rendering of a value for messages: at most `max` characters.
pub fn describe_value(value: &Value, pointer: &str, max: usize) -> String {
    if pointer_is_secret(pointer) {
        return MASK.to_string();
    }
    let masked = if pointer_is_card_number(pointer) {
        match value {
            Value::String(s) => Value::String(mask_card_number(s)),
            Value::Number(n) => Value::String(mask_card_number(&n.to_string())),
            other => mask_value(other),
        }
    } else {
        mask_value(value)
    };
    let text = masked.to_string();
    if text.chars().count() > max {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn() {
        assert!(luhn_valid(b"4111111111111111"));
        assert!(luhn_valid(b"4054695723100768"));
        assert!(!luhn_valid(b"4111111111111112"));
    }

    #[test]
    fn masks_card_numbers_anywhere() {
        let t = mask_text("card 4111111111111111 and 4111 1111 1111 1111 end");
        assert!(!t.contains("4111111111111111"));
        assert!(!t.contains("4111 1111 1111 1111"));
        assert!(t.contains("411111******1111"));
        assert_eq!(
            mask_text("id 20181129190741010007000000101"),
            "id 20181129190741010007000000101"
        );
        assert_eq!(
            mask_text("2024-01-01T10:00:00+08:30"),
            "2024-01-01T10:00:00+08:30"
        );
    }

    #[test]
    fn masks_secret_members_in_json_text() {
        let t = mask_secret_members(r#"{"cvv": "712", "expiryYear":"28", "cvvResult":"Y"}"#);
        assert_eq!(t, r#"{"cvv": "***", "expiryYear":"***", "cvvResult":"Y"}"#);
        let t = mask_secret_members(r#"{\"cvv\":\"712\",\"cardNo\":\"4054695723100767\"}"#);
        assert!(!t.contains("712"));
        assert!(t.contains(r#"\"cardNo\":\"405469******0767\""#), "{t}");
        assert_eq!(mask_secret_members(r#""cvv": 123}"#), r#""cvv": ***}"#);
        assert_eq!(
            mask_secret_members(r#"member "cvv": the message"#),
            r#"member "cvv": the message"#
        );
    }

    #[test]
    fn masks_values() {
        let v =
            serde_json::json!({"cvv": 712, "cardNo": "4054695723100768", "x": "4111111111111111"});
        let m = mask_value(&v).to_string();
        assert!(
            !m.contains("712")
                && !m.contains("4054695723100768")
                && !m.contains("4111111111111111"),
            "{m}"
        );
    }
}
