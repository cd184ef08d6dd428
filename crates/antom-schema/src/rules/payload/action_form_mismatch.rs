//! `action-form-mismatch`: `paymentActionForm` (decoded) and `redirectActionForm` of a pay
//! response describe the same redirection.

use serde_json::Value;

use crate::finding::Finding;
use crate::mask::describe_value;
use crate::rules::{Scope, Source, WARNING};
use crate::semantic::{lookup, short, Check, Subject};

rules! {
    ACTION_FORM_MISMATCH {
        id: "action-form-mismatch",
        summary: "paymentActionForm (decoded) and redirectActionForm describe different redirections",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Receive a payment response\" (Web, WAP and App samples: the string paymentActionForm and the object redirectActionForm carry the same redirection)",
        },
        doc: "A pay response may carry the next action twice: as paymentActionForm, a JSON document encoded in a string, and as the object redirectActionForm. Every documented sample gives both the same method and redirectUrl. When the decoded paymentActionForm is a RedirectActionForm, its method, redirectUrl and parameters must equal those of redirectActionForm; a paymentActionForm of another type next to a redirectActionForm is reported too. Integrations read one or the other, so a disagreement sends buyers to different places depending on the client.",
    }
}

const ACTION_FORM: &str = "/paymentActionForm";
const REDIRECT_FORM: &str = "/redirectActionForm";

pub(crate) const CHECKS: &[Check] = &[Check {
    kinds: &["pay.response"],
    reads: &[
        ACTION_FORM,
        REDIRECT_FORM,
        "/redirectActionForm/method",
        "/redirectActionForm/redirectUrl",
        "/redirectActionForm/parameters",
    ],
    run: check_agreement,
}];

/// `paymentActionForm` (decoded) against `redirectActionForm` in the same object.
fn check_agreement(s: &Subject<'_>, out: &mut Vec<Finding>) {
    let (Some(Value::String(text)), Some(redirect @ Value::Object(_))) = (
        lookup(s.payload, ACTION_FORM),
        lookup(s.payload, REDIRECT_FORM),
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
