//! Rules the pages state that a schema cannot express, checked within one payload.
//!
//! [`check`] runs every rule that applies to a message kind and returns its findings (with
//! the rules' default severities for the kind's role; see [`crate::rules`]). Each rule is one
//! file of `src/rules/payload/`: its declaration and a `CHECKS` table saying, per check, which
//! kinds it runs for, which members it reads and the function. This module holds what those
//! files share: the `Check` they fill in, the `Subject` a check looks at, pointer lookups,
//! and code several rules use (IP addresses, URL schemes, date-times, result codes). The rules
//! look at values, not shapes: a payload that breaks its schema is still checked wherever the
//! values they need are readable, and a value of the wrong type is simply skipped (the schema
//! reports it).
//!
//! Cross-message rules (amounts across a payment's messages, reused ids, ...) live in
//! [`crate::correlate`].

// What the rules share stays inside the crate: the rules are the public part.
pub(crate) mod ip;
pub(crate) mod result;
pub(crate) mod time;
pub(crate) mod url;

use serde_json::Value;

use crate::catalog::Role;
use crate::finding::Finding;
use crate::validator::Validator;

/// What a check looks at: one payload, its kind and who wrote it.
pub(crate) struct Subject<'a> {
    pub validator: &'a Validator,
    /// The catalog id of its kind.
    pub kind: &'a str,
    /// Who wrote it (`None`: a kind the catalog does not know).
    pub role: Option<Role>,
    pub payload: &'a Value,
}

/// One single-payload check of a rule: where it runs, what it reads and the function. A
/// rule's file (`src/rules/payload/<name>.rs`) lists its checks in its `CHECKS`.
pub(crate) struct Check {
    /// The kinds it runs for (catalog ids); empty: every kind.
    pub kinds: &'static [&'static str],
    /// The members it reads, as JSON Pointers (array items written `/0`). Each is declared by
    /// the schema of every kind in `kinds`; for a check of every kind, some kind declares them
    /// all. A test holds them to it, so that renaming a member in a schema cannot silently
    /// switch a rule off.
    #[cfg_attr(not(test), allow(dead_code))]
    pub reads: &'static [&'static str],
    /// Adds its findings, all of the rule whose file lists the check.
    pub run: fn(&Subject<'_>, &mut Vec<Finding>),
}

/// The requests that start a payment.
pub(crate) const PAYMENT_REQUESTS: &[&str] = &["pay.request", "createPaymentSession.request"];

/// Every single-payload rule for a payload of this kind (a catalog id).
///
/// Never fails and never panics: a kind the catalog does not know gets only the rules that
/// apply to every kind.
pub fn check(validator: &Validator, kind: &str, payload: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    if !payload.is_object() {
        return out;
    }
    let subject = Subject {
        validator,
        kind,
        role: validator.catalog().get(kind).map(|k| k.role),
        payload,
    };
    for (rule, checks) in crate::rules::PAYLOAD_CHECKS {
        for check in *checks {
            if check.kinds.is_empty() || check.kinds.contains(&kind) {
                let before = out.len();
                (check.run)(&subject, &mut out);
                debug_assert!(
                    out[before..].iter().all(|f| f.rule == *rule),
                    "a check of {} reported another rule",
                    rule.id
                );
            }
        }
    }
    out.sort_by(|a, b| a.pointer.cmp(&b.pointer).then(a.rule.cmp(b.rule)));
    out
}

/// The value at a JSON Pointer, like `Value::pointer` but without an allocation per
/// reference token (the rules look up a dozen pointers in every payload).
pub(crate) fn lookup<'a>(payload: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(payload);
    }
    let mut at = payload;
    for token in pointer.strip_prefix('/')?.split('/') {
        let unescaped = crate::pointer::unescape(token);
        let token: &str = &unescaped;
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
