//! Rules the pages state that a schema cannot express, checked within one payload.
//!
//! [`check`] runs every rule that applies to a message kind and returns its findings (with
//! the rules' default severities; see [`crate::rules`]). The rules look at values, not shapes:
//! a payload that breaks its schema is still checked wherever the values they need are
//! readable, and a value of the wrong type is simply skipped (the schema reports it).
//!
//! Cross-message rules (amounts across a payment's messages, reused ids, ...) live in
//! [`crate::correlate`].

mod disagree;
mod form;
mod ip;
mod result;
mod text;
pub mod time;

use serde_json::Value;

use crate::finding::{Finding, Severity};
use crate::rules;
use crate::validator::Validator;

pub use ip::{classify_ip, IpReading};

/// Every single-payload rule for a payload of this kind (a catalog id).
///
/// Never fails and never panics: a kind the rules do not know yields no findings.
pub fn check(validator: &Validator, kind: &str, payload: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    if !payload.is_object() {
        return out;
    }
    match kind {
        "pay.request" | "createPaymentSession.request" => {
            text::chinese_characters(payload, &mut out);
            text::notify_url(payload, &mut out);
            text::app_redirect_url(payload, &mut out);
            currency(payload, &mut out);
            disagree::documents_disagree(kind, payload, &mut out);
        }
        "notifyPayment.notification" => disagree::documents_disagree(kind, payload, &mut out),
        "inquiryPayment.response" => result::payment_status(payload, &mut out),
        "pay.response" => form::check_agreement(payload, &mut out),
        "notification.ack" => result::ack_resend(payload, &mut out),
        _ => {}
    }
    ip::client_ip(payload, &mut out);
    result::result_status(kind, payload, &mut out);
    time::payment_time(payload, &mut out);
    if let Ok(known) = validator.known_names(kind) {
        form::embedded(validator, known, payload, &mut out);
    }
    out.sort_by(|a, b| a.pointer.cmp(&b.pointer).then(a.rule.cmp(b.rule)));
    out
}

/// A finding of a rule, with the rule's default severity.
pub(crate) fn finding(rule: &'static str, pointer: &str, message: String) -> Finding {
    let severity = rules::rule(rule).map_or(Severity::Warning, |r| r.severity);
    Finding::new(rule, severity, pointer, message)
}

/// The value at a JSON Pointer, like `Value::pointer` but without an allocation per
/// reference token (the rules look up a dozen pointers in every payload).
pub(crate) fn lookup<'a>(payload: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(payload);
    }
    let mut at = payload;
    for token in pointer.strip_prefix('/')?.split('/') {
        let unescaped;
        let token = if token.contains('~') {
            unescaped = token.replace("~1", "/").replace("~0", "~");
            unescaped.as_str()
        } else {
            token
        };
        at = match at {
            Value::Object(map) => map.get(token)?,
            Value::Array(items) => {
                if token.len() > 1 && token.starts_with('0') || token.starts_with('+') {
                    return None;
                }
                items.get(token.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(at)
}

/// The string at a pointer, if it is one.
pub(crate) fn string_at<'a>(payload: &'a Value, pointer: &str) -> Option<&'a str> {
    lookup(payload, pointer).and_then(Value::as_str)
}

/// `paymentAmount` and `order.orderAmount` in different currencies.
fn currency(payload: &Value, out: &mut Vec<Finding>) {
    let (Some(paid), Some(ordered)) = (
        string_at(payload, "/paymentAmount/currency"),
        string_at(payload, "/order/orderAmount/currency"),
    ) else {
        return;
    };
    if paid != ordered {
        let mut f = finding(
            "amount-currency-mismatch",
            "/paymentAmount/currency",
            format!(
                "paymentAmount is in {} but order.orderAmount is in {}; the payment amount is expressed in the order currency",
                short(paid),
                short(ordered)
            ),
        );
        f.related.push(crate::finding::RelatedPointer {
            pointer: "/order/orderAmount/currency".into(),
            message: format!("the order currency, {}", short(ordered)),
        });
        out.push(f);
    }
}

/// A value cut for a message (currencies and codes are short; this guards odd input).
pub(crate) fn short(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    if cut.len() < text.len() {
        format!("\"{cut}…\"")
    } else {
        format!("\"{cut}\"")
    }
}

#[cfg(test)]
mod lookup_tests {
    use super::*;

    #[test]
    fn lookup_agrees_with_value_pointer() {
        let v = serde_json::json!({
            "a": {"b": [10, {"c": "x"}], "d/e": 1, "f~g": 2, "": {"": 3}},
            "n": null
        });
        for p in [
            "",
            "/",
            "/a",
            "/a/b",
            "/a/b/0",
            "/a/b/1/c",
            "/a/b/01",
            "/a/b/2",
            "/a/b/-1",
            "/a/b/+1",
            "/a/d~1e",
            "/a/f~0g",
            "/a/f~01",
            "//",
            "/a//",
            "/n",
            "/n/x",
            "a",
            "/zz",
            "/a/b/1/c/0",
        ] {
            assert_eq!(lookup(&v, p), v.pointer(p), "{p}");
        }
    }
}
