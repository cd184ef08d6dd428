//! Card data kept in clear text in a capture (`card-data-unmasked`).

use serde_json::Value;

use crate::finding::Finding;
use crate::mask::{self, mask_text};
use crate::pointer::escape as escape_token;
use crate::rules::CARD_DATA_UNMASKED;

/// Card numbers and verification codes kept in clear text (looked for before the kind is
/// known, so with no role).
pub(crate) fn card_data(value: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    walk_card_data(value, &mut path, None, &mut out);
    out
}

/// One step of the path to a value (the pointer is only spelled out for a finding).
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

fn pointer_of(path: &[Step<'_>]) -> String {
    let mut p = String::new();
    for step in path {
        p.push('/');
        match step {
            Step::Key(k) => p.push_str(&escape_token(k)),
            Step::Index(i) => p.push_str(&i.to_string()),
        }
    }
    p
}

fn walk_card_data<'v>(
    value: &'v Value,
    path: &mut Vec<Step<'v>>,
    key: Option<&str>,
    out: &mut Vec<Finding>,
) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                path.push(Step::Key(k));
                walk_card_data(v, path, Some(k), out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Step::Index(i));
                walk_card_data(v, path, None, out);
                path.pop();
            }
        }
        Value::String(_) | Value::Number(_) => {
            let number;
            let text = match value {
                Value::String(s) => s.as_str(),
                // Only a number of 12 digits or more can be a card number; no text for the
                // others.
                Value::Number(n) if n.as_u64().is_some_and(|u| u < 100_000_000_000) => "",
                Value::Number(n) if n.as_i64().is_some_and(|i| i > -100_000_000_000) => "",
                other => {
                    number = other.to_string();
                    number.as_str()
                }
            };
            let verification = key.is_some_and(mask::is_verification_field);
            let digits = match value {
                Value::String(s) => s.bytes().any(|b| b.is_ascii_digit()),
                _ => true,
            };
            if verification && digits {
                out.push(CARD_DATA_UNMASKED.finding(
                    None,
                    pointer_of(path),
                    "a card verification code is stored in clear text (value not shown)",
                ));
            } else if mask::may_hold_card_number(text) && mask::contains_card_number(text) {
                out.push(CARD_DATA_UNMASKED.finding(
                    None,
                    pointer_of(path),
                    if text.chars().count() <= 40 {
                        format!(
                            "a full card number is stored in clear text (shown here as {})",
                            mask_text(text)
                        )
                    } else {
                        "a full card number is stored in clear text inside this string".to_string()
                    },
                ));
            }
        }
        _ => {}
    }
}
