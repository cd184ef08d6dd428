//! Strings that hold JSON (`paymentActionForm`): the decoded value must match the schema
//! named by `contentSchema`, and agree with the `redirectActionForm` beside it.

use serde_json::Value;

use super::{finding, short};
use crate::finding::{Finding, RelatedPointer};
use crate::known::KnownNames;
use crate::mask::describe_value;
use crate::validator::Validator;

/// Every string the schema marks as JSON with a `contentSchema` is decoded and checked.
/// Strings that do not parse are left to the `embedded-json` rule.
pub(super) fn embedded(
    validator: &Validator,
    known: &KnownNames,
    value: &Value,
    out: &mut Vec<Finding>,
) {
    for json in known.json_strings_in(value) {
        let Some(schema) = json.content_schema else {
            continue;
        };
        let Ok(decoded) = serde_json::from_str::<Value>(json.text) else {
            continue;
        };
        if let Ok(errors) = validator.file_errors(schema, &decoded) {
            for e in errors {
                let inner = if e.pointer.is_empty() {
                    "/"
                } else {
                    &e.pointer
                };
                let mut f = finding(
                    "embedded-json-schema",
                    &json.pointer,
                    format!(
                        "the JSON inside this string does not match schema/{schema}: {} (at {inner} of the decoded value)",
                        e.message
                    ),
                );
                f.keyword = Some(e.keyword);
                out.push(f);
            }
        }
    }
}

/// `paymentActionForm` (decoded) against `redirectActionForm` in the same object.
pub(super) fn check_agreement(payload: &Value, out: &mut Vec<Finding>) {
    let (Some(Value::String(text)), Some(redirect @ Value::Object(_))) = (
        payload.get("paymentActionForm"),
        payload.get("redirectActionForm"),
    ) else {
        return;
    };
    let Ok(decoded) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let Some(kind) = decoded.get("paymentActionFormType").and_then(Value::as_str) else {
        return;
    };
    if kind != "RedirectActionForm" {
        let mut f = finding(
            "action-form-mismatch",
            "/paymentActionForm",
            format!(
                "paymentActionForm is a {} but the response also carries a redirectActionForm",
                short(kind)
            ),
        );
        f.related.push(RelatedPointer {
            pointer: "/redirectActionForm".into(),
            message: "the redirection form".into(),
        });
        out.push(f);
        return;
    }
    for member in ["method", "redirectUrl", "parameters"] {
        let inside = decoded.get(member);
        let beside = redirect.get(member);
        if inside == beside {
            continue;
        }
        let show = |v: Option<&Value>, p: &str| {
            v.map_or_else(|| "absent".to_string(), |v| describe_value(v, p, 80))
        };
        let mut f = finding(
            "action-form-mismatch",
            "/paymentActionForm",
            format!(
                "paymentActionForm and redirectActionForm disagree on {member}: {} inside the string, {} in redirectActionForm",
                show(inside, &format!("/paymentActionForm/{member}")),
                show(beside, &format!("/redirectActionForm/{member}"))
            ),
        );
        f.related.push(RelatedPointer {
            pointer: if beside.is_some() {
                format!("/redirectActionForm/{member}")
            } else {
                "/redirectActionForm".into()
            },
            message: format!("redirectActionForm's {member}"),
        });
        out.push(f);
    }
}
