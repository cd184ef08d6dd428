//! `embedded-json-schema`: a string that holds JSON (`paymentActionForm`) holds what the
//! schema its `contentSchema` names allows.

use serde_json::Value;

use crate::finding::Finding;
use crate::rules::{Scope, Source, ERROR};
use crate::semantic::{Check, Subject};

rules! {
    EMBEDDED_JSON_SCHEMA {
        id: "embedded-json-schema",
        summary: "the JSON inside a string (paymentActionForm) does not match its schema",
        severity: ERROR,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Receive a payment response\" (paymentActionForm holds a RedirectActionForm with method and redirectUrl); schema/defs/PaymentActionForm.schema.json, named by contentSchema",
        },
        doc: "Strings that hold JSON (contentMediaType application/json) may name the schema of their contents with contentSchema; in JSON Schema 2020-12 that is only an annotation, so the linter decodes the string and validates the decoded value itself, reporting each problem at the string with the position inside the decoded value. A string that does not parse at all is reported by embedded-json instead.",
    }
}

pub(crate) const CHECKS: &[Check] = &[Check {
    kinds: &[],
    // Whatever strings the kind's schema marks as JSON with a contentSchema.
    reads: &[],
    run: embedded,
}];

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
