//! Strings that hold JSON (`paymentActionForm`): the decoded value must match the schema
//! named by `contentSchema`, and agree with the `redirectActionForm` beside it.

use serde_json::Value;

use super::{short, Check, Subject};
use crate::finding::Finding;
use crate::mask::describe_value;
use crate::rules::{ACTION_FORM_MISMATCH, EMBEDDED_JSON_SCHEMA};

const ACTION_FORM: &str = "/paymentActionForm";
const REDIRECT_FORM: &str = "/redirectActionForm";

pub(super) const CHECKS: &[Check] = &[
    Check {
        rules: &[&EMBEDDED_JSON_SCHEMA],
        kinds: &[],
        // Whatever strings the kind's schema marks as JSON with a contentSchema.
        reads: &[],
        run: embedded,
    },
    Check {
        rules: &[&ACTION_FORM_MISMATCH],
        kinds: &["pay.response"],
        reads: &[
            ACTION_FORM,
            REDIRECT_FORM,
            "/redirectActionForm/method",
            "/redirectActionForm/redirectUrl",
            "/redirectActionForm/parameters",
        ],
        run: check_agreement,
    },
];

/// Every string the schema marks as JSON with a `contentSchema` is decoded and checked.
/// Strings that do not parse are left to the `embedded-json` rule.
fn embedded(s: &Subject<'_>, out: &mut Vec<Finding>) {
    let (validator, value) = (s.validator, s.payload);
    let Ok(known) = validator.known_names(s.kind) else {
        return;
    };
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
                let mut f = EMBEDDED_JSON_SCHEMA.finding(
                    s.role,
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
fn check_agreement(s: &Subject<'_>, out: &mut Vec<Finding>) {
    let (Some(Value::String(text)), Some(redirect @ Value::Object(_))) = (
        super::lookup(s.payload, ACTION_FORM),
        super::lookup(s.payload, REDIRECT_FORM),
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
        out.push(
            ACTION_FORM_MISMATCH
                .finding(
                    s.role,
                    ACTION_FORM,
                    format!(
                        "paymentActionForm is a {} but the response also carries a redirectActionForm",
                        short(kind)
                    ),
                )
                .with_related(REDIRECT_FORM, "the redirection form"),
        );
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
        let f = ACTION_FORM_MISMATCH.finding(
            s.role,
            ACTION_FORM,
            format!(
                "paymentActionForm and redirectActionForm disagree on {member}: {} inside the string, {} in redirectActionForm",
                show(inside, &format!("/paymentActionForm/{member}")),
                show(beside, &format!("/redirectActionForm/{member}"))
            ),
        );
        let related = if beside.is_some() {
            format!("{REDIRECT_FORM}/{member}")
        } else {
            REDIRECT_FORM.to_string()
        };
        out.push(f.with_related(related, format!("redirectActionForm's {member}")));
    }
}
