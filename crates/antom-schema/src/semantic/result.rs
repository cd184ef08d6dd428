//! Results that contradict themselves or the documentation: `resultStatus` against
//! `resultCode` (the status Antom's result-code tables give the code, see
//! [`crate::result_codes`]), codes no table of the API lists, an inquiry's `paymentStatus`
//! against the transactions it lists, and acknowledgements that make Antom resend.

use serde_json::Value;

use super::{finding, short, string_at};
use crate::finding::{Finding, RelatedPointer};
use crate::result_codes::{self, ResultCode, Status};

/// Where the documented status of a code comes from.
#[derive(Clone, Copy)]
enum Table<'a> {
    /// The table of this API (the message's kind id before its first dot).
    Api(&'a str),
    /// Any API's table: a transaction listed by an inquiry may be a capture, a refund, ...
    Any,
}

/// What is wrong with a (status, code) pair whatever the catalog says: S goes with SUCCESS
/// and SUCCESS with S.
fn success_mismatch(status: &str, code: &str) -> Option<String> {
    match status {
        "S" if code != "SUCCESS" => Some(format!(
            "resultStatus S (success) goes with resultCode SUCCESS, not {}",
            short(code)
        )),
        "F" | "U" if code == "SUCCESS" => Some(format!(
            "resultCode SUCCESS goes with resultStatus S, not {status}"
        )),
        _ => None,
    }
}

/// `CODE (U): meaning Next: action`.
fn described(entry: &ResultCode) -> String {
    format!(
        "{} ({}): {} Next: {}",
        entry.code, entry.status, entry.meaning, entry.action
    )
}

/// The APIs some entries list, each group followed by its status (`capture, notifyCapture
/// (as F)`).
fn api_list(entries: &[&ResultCode]) -> String {
    entries
        .iter()
        .map(|e| format!("{} (as {})", e.apis.join(", "), e.status))
        .collect::<Vec<_>>()
        .join("; ")
}

fn check_result(result: &Value, pointer: &str, table: Table<'_>, out: &mut Vec<Finding>) {
    let (Some(status), Some(code)) = (
        result.get("resultStatus").and_then(Value::as_str),
        result.get("resultCode").and_then(Value::as_str),
    ) else {
        return;
    };
    let inconsistent = |message: String, out: &mut Vec<Finding>| {
        let mut f = finding(
            "result-status-inconsistent",
            &format!("{pointer}/resultStatus"),
            message,
        );
        f.related.push(RelatedPointer {
            pointer: format!("{pointer}/resultCode"),
            message: format!("the result code, {}", short(code)),
        });
        out.push(f);
    };
    if let Some(message) = success_mismatch(status, code) {
        inconsistent(message, out);
        return;
    }
    let Some(status) = Status::from_letter(status) else {
        return; // the schema reports a status other than S, F and U
    };
    let everywhere = result_codes::by_code(code);
    let documented: Vec<&ResultCode> = match table {
        Table::Api(api) => everywhere
            .iter()
            .copied()
            .filter(|e| e.documented_for(api))
            .collect(),
        Table::Any => everywhere.clone(),
    };
    let Some(first) = documented.first() else {
        let message = match table {
            Table::Api(api) if result_codes::has_table(api) => {
                let mut m = format!(
                    "resultCode {} is not in the {api} API's table of documented result codes",
                    short(code)
                );
                if everywhere.is_empty() {
                    m.push_str(" (nor in any other API's table)");
                } else {
                    m.push_str(&format!(
                        "; it is documented for {}. {}",
                        api_list(&everywhere),
                        described(everywhere[0])
                    ));
                }
                m
            }
            // No table for this API (createPaymentSession, the acknowledgement): nothing to
            // compare with.
            Table::Api(_) => return,
            Table::Any if everywhere.is_empty() => format!(
                "resultCode {} is in no API's table of documented result codes",
                short(code)
            ),
            Table::Any => return,
        };
        out.push(finding(
            "result-code-undocumented",
            &format!("{pointer}/resultCode"),
            message,
        ));
        return;
    };
    if documented.iter().any(|e| e.status == status) {
        return;
    }
    let whose = match table {
        Table::Api(api) => {
            let listed: Vec<&str> = documented.iter().map(|e| e.status.letter()).collect();
            format!(
                "the {api} API's table gives it status {}",
                listed.join(" or ")
            )
        }
        Table::Any => format!("it is documented for {}", api_list(&documented)),
    };
    inconsistent(
        format!(
            "resultStatus {status} ({}) contradicts resultCode {}: {whose}. {}",
            status.meaning(),
            short(code),
            described(first)
        ),
        out,
    );
}

/// `/result` of any message, against the table of the message's API, and the
/// `transactionResult` of each listed transaction, against every API's table.
pub(super) fn result_status(kind: &str, payload: &Value, out: &mut Vec<Finding>) {
    if let Some(result) = payload.get("result") {
        let api = result_codes::api_of_kind(kind);
        check_result(result, "/result", Table::Api(api), out);
    }
    if let Some(items) = payload.get("transactions").and_then(Value::as_array) {
        for (i, t) in items.iter().enumerate() {
            if let Some(result) = t.get("transactionResult") {
                check_result(
                    result,
                    &format!("/transactions/{i}/transactionResult"),
                    Table::Any,
                    out,
                );
            }
        }
    }
}

/// The acknowledgement of a notification: anything but SUCCESS with S makes Antom send the
/// notification again.
pub(super) fn ack_resend(payload: &Value, out: &mut Vec<Finding>) {
    let code = string_at(payload, "/result/resultCode");
    let status = string_at(payload, "/result/resultStatus");
    if code == Some("SUCCESS") && status == Some("S") {
        return;
    }
    let answered = match (code, status) {
        (Some(c), Some(s)) => format!("resultCode {} with resultStatus {}", short(c), short(s)),
        (Some(c), None) => format!("resultCode {} without a resultStatus", short(c)),
        (None, Some(s)) => format!("resultStatus {} without a resultCode", short(s)),
        (None, None) => "no resultCode and resultStatus".to_string(),
    };
    let pointer = if payload.get("result").is_some() {
        "/result"
    } else {
        ""
    };
    out.push(finding(
        "ack-requests-resend",
        pointer,
        format!(
            "the acknowledgement answers {answered}, not resultCode SUCCESS with resultStatus S: {RESEND}"
        ),
    ));
}

/// What Antom does with a notification that was not acknowledged with SUCCESS/S.
pub(crate) const RESEND: &str = "Antom will send the notification again (up to 8 times within 24 hours: 0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h, 15 h)";

/// The result status a transaction status goes with.
fn status_for_transaction(status: &str) -> Option<&'static str> {
    match status {
        "SUCCESS" => Some("S"),
        "FAIL" => Some("F"),
        "PROCESSING" | "PENDING" => Some("U"),
        _ => None,
    }
}

/// inquiryPayment: `paymentStatus`, `paymentResultCode` and the `transactions`.
pub(super) fn payment_status(payload: &Value, out: &mut Vec<Finding>) {
    let status = string_at(payload, "/paymentStatus");
    if let (Some(status), Some(code)) = (status, string_at(payload, "/paymentResultCode")) {
        let wrong = (status == "SUCCESS" && code != "SUCCESS")
            || (matches!(status, "FAIL" | "PROCESSING" | "PENDING") && code == "SUCCESS");
        if wrong {
            let mut f = finding(
                "payment-status-inconsistent",
                "/paymentStatus",
                format!(
                    "paymentStatus {} contradicts paymentResultCode {}",
                    short(status),
                    short(code)
                ),
            );
            f.related.push(RelatedPointer {
                pointer: "/paymentResultCode".into(),
                message: "the payment result code".into(),
            });
            out.push(f);
        }
    }
    let Some(items) = payload.get("transactions").and_then(Value::as_array) else {
        return;
    };
    for (i, t) in items.iter().enumerate() {
        let at = format!("/transactions/{i}");
        let t_status = t.get("transactionStatus").and_then(Value::as_str);
        let t_type = t
            .get("transactionType")
            .and_then(Value::as_str)
            .unwrap_or("transaction");
        if let (Some(ts), Some(rs)) = (
            t_status,
            super::lookup(t, "/transactionResult/resultStatus").and_then(Value::as_str),
        ) {
            if status_for_transaction(ts).is_some_and(|want| want != rs) {
                let mut f = finding(
                    "payment-status-inconsistent",
                    &format!("{at}/transactionStatus"),
                    format!(
                        "the {} transaction has transactionStatus {} but its transactionResult has resultStatus {}",
                        short(t_type), short(ts), short(rs)
                    ),
                );
                f.related.push(RelatedPointer {
                    pointer: format!("{at}/transactionResult/resultStatus"),
                    message: "the transaction's result status".into(),
                });
                out.push(f);
            }
        }
        // A capture or refund can only succeed on a payment that succeeded.
        if let (Some("SUCCESS"), Some(ps @ ("FAIL" | "PROCESSING" | "PENDING"))) =
            (t_status, status)
        {
            let mut f = finding(
                "payment-status-inconsistent",
                "/paymentStatus",
                format!(
                    "paymentStatus is {ps}, yet the {} transaction at {at} succeeded; a capture or refund only succeeds on a successful payment",
                    short(t_type)
                ),
            );
            f.related.push(RelatedPointer {
                pointer: format!("{at}/transactionStatus"),
                message: "the successful transaction".into(),
            });
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules(kind: &str, result: Value) -> Vec<&'static str> {
        let mut out = Vec::new();
        result_status(kind, &json!({ "result": result }), &mut out);
        out.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn pairs() {
        let r =
            |kind, code, status| rules(kind, json!({"resultCode": code, "resultStatus": status}));
        let none: Vec<&str> = Vec::new();
        assert_eq!(r("pay.response", "SUCCESS", "S"), none);
        assert_eq!(r("pay.response", "PAYMENT_IN_PROCESS", "U"), none);
        assert_eq!(r("pay.response", "ACCESS_DENIED", "F"), none);
        assert_eq!(
            r("createPaymentSession.response", "SOME_NEW_CODE", "F"),
            none
        );
        assert_eq!(r("notification.ack", "PROCESS_FAIL", "F"), none);
        assert_eq!(
            r("pay.response", "PAYMENT_IN_PROCESS", "S"),
            ["result-status-inconsistent"]
        );
        assert_eq!(
            r("pay.response", "SUCCESS", "U"),
            ["result-status-inconsistent"]
        );
        assert_eq!(
            r("pay.response", "PROCESS_FAIL", "U"),
            ["result-status-inconsistent"]
        );
        assert_eq!(
            r("pay.response", "PAYMENT_IN_PROCESS", "F"),
            ["result-status-inconsistent"]
        );
        assert_eq!(
            r("pay.response", "SOME_NEW_CODE", "F"),
            ["result-code-undocumented"]
        );
        assert_eq!(
            r("cancel.response", "CAPTURE_IN_PROCESS", "U"),
            ["result-code-undocumented"]
        );
    }

    #[test]
    fn transactions_use_every_table() {
        let mut out = Vec::new();
        let payload = json!({"transactions": [
            {"transactionResult": {"resultCode": "CAPTURE_IN_PROCESS", "resultStatus": "U"}},
            {"transactionResult": {"resultCode": "REFUND_IN_PROCESS", "resultStatus": "F"}},
            {"transactionResult": {"resultCode": "NOT_A_CODE", "resultStatus": "F"}}
        ]});
        result_status("inquiryPayment.response", &payload, &mut out);
        let got: Vec<(&str, &str)> = out.iter().map(|f| (f.rule, f.pointer.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    "result-status-inconsistent",
                    "/transactions/1/transactionResult/resultStatus"
                ),
                (
                    "result-code-undocumented",
                    "/transactions/2/transactionResult/resultCode"
                ),
            ]
        );
    }
}
