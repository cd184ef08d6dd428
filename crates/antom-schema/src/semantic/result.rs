//! Results that contradict themselves or the documentation: `resultStatus` against
//! `resultCode` (the status Antom's result-code tables give the code, see
//! [`crate::result_codes`]), codes no table of the API lists, an inquiry's `paymentStatus`
//! against the transactions it lists, and acknowledgements that make Antom resend.

use serde_json::Value;

use super::{short, string_at, Check, Subject};
use crate::catalog::Role;
use crate::finding::Finding;
use crate::result_codes::{self, ResultCode, Status};
use crate::rules::{
    ACK_REQUESTS_RESEND, PAYMENT_STATUS_INCONSISTENT, RESULT_CODE_UNDOCUMENTED,
    RESULT_STATUS_INCONSISTENT,
};

pub(super) const CHECKS: &[Check] = &[
    Check {
        rules: &[&RESULT_STATUS_INCONSISTENT, &RESULT_CODE_UNDOCUMENTED],
        kinds: &[],
        reads: &[
            "/result/resultStatus",
            "/result/resultCode",
            "/transactions/0/transactionResult/resultStatus",
            "/transactions/0/transactionResult/resultCode",
        ],
        run: |s, out| result_status(s.kind, s.role, s.payload, out),
    },
    Check {
        rules: &[&PAYMENT_STATUS_INCONSISTENT],
        kinds: &["inquiryPayment.response"],
        reads: &[
            PAYMENT_STATUS,
            PAYMENT_RESULT_CODE,
            "/transactions/0/transactionStatus",
            "/transactions/0/transactionType",
            "/transactions/0/transactionResult/resultStatus",
        ],
        run: payment_status,
    },
    Check {
        rules: &[&ACK_REQUESTS_RESEND],
        kinds: &["notification.ack"],
        reads: &[RESULT_CODE, RESULT_STATUS],
        run: ack_resend,
    },
];

const RESULT_CODE: &str = "/result/resultCode";
const RESULT_STATUS: &str = "/result/resultStatus";
const PAYMENT_STATUS: &str = "/paymentStatus";
const PAYMENT_RESULT_CODE: &str = "/paymentResultCode";

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

fn check_result(
    result: &Value,
    role: Option<Role>,
    pointer: &str,
    table: Table<'_>,
    out: &mut Vec<Finding>,
) {
    let (Some(status), Some(code)) = (
        result.get("resultStatus").and_then(Value::as_str),
        result.get("resultCode").and_then(Value::as_str),
    ) else {
        return;
    };
    let inconsistent = |message: String, out: &mut Vec<Finding>| {
        out.push(
            RESULT_STATUS_INCONSISTENT
                .finding(role, format!("{pointer}/resultStatus"), message)
                .with_related(
                    format!("{pointer}/resultCode"),
                    format!("the result code, {}", short(code)),
                ),
        );
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
        out.push(RESULT_CODE_UNDOCUMENTED.finding(role, format!("{pointer}/resultCode"), message));
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
fn result_status(kind: &str, role: Option<Role>, payload: &Value, out: &mut Vec<Finding>) {
    if let Some(result) = payload.get("result") {
        let api = result_codes::api_of_kind(kind);
        check_result(result, role, "/result", Table::Api(api), out);
    }
    if let Some(items) = payload.get("transactions").and_then(Value::as_array) {
        for (i, t) in items.iter().enumerate() {
            if let Some(result) = t.get("transactionResult") {
                check_result(
                    result,
                    role,
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
fn ack_resend(s: &Subject<'_>, out: &mut Vec<Finding>) {
    let payload = s.payload;
    let code = string_at(payload, RESULT_CODE);
    let status = string_at(payload, RESULT_STATUS);
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
    out.push(ACK_REQUESTS_RESEND.finding(
        s.role,
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
fn payment_status(s: &Subject<'_>, out: &mut Vec<Finding>) {
    let (payload, role) = (s.payload, s.role);
    let status = string_at(payload, PAYMENT_STATUS);
    if let (Some(status), Some(code)) = (status, string_at(payload, PAYMENT_RESULT_CODE)) {
        let wrong = (status == "SUCCESS" && code != "SUCCESS")
            || (matches!(status, "FAIL" | "PROCESSING" | "PENDING") && code == "SUCCESS");
        if wrong {
            out.push(
                PAYMENT_STATUS_INCONSISTENT
                    .finding(
                        role,
                        PAYMENT_STATUS,
                        format!(
                            "paymentStatus {} contradicts paymentResultCode {}",
                            short(status),
                            short(code)
                        ),
                    )
                    .with_related(PAYMENT_RESULT_CODE, "the payment result code"),
            );
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
                out.push(
                    PAYMENT_STATUS_INCONSISTENT
                        .finding(
                            role,
                            format!("{at}/transactionStatus"),
                            format!(
                                "the {} transaction has transactionStatus {} but its transactionResult has resultStatus {}",
                                short(t_type), short(ts), short(rs)
                            ),
                        )
                        .with_related(
                            format!("{at}/transactionResult/resultStatus"),
                            "the transaction's result status",
                        ),
                );
            }
        }
        // A capture or refund can only succeed on a payment that succeeded.
        if let (Some("SUCCESS"), Some(ps @ ("FAIL" | "PROCESSING" | "PENDING"))) =
            (t_status, status)
        {
            out.push(
                PAYMENT_STATUS_INCONSISTENT
                    .finding(
                        role,
                        PAYMENT_STATUS,
                        format!(
                            "paymentStatus is {ps}, yet the {} transaction at {at} succeeded; a capture or refund only succeeds on a successful payment",
                            short(t_type)
                        ),
                    )
                    .with_related(format!("{at}/transactionStatus"), "the successful transaction"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rule;
    use serde_json::json;

    fn rules(kind: &str, result: Value) -> Vec<&'static Rule> {
        let mut out = Vec::new();
        result_status(kind, None, &json!({ "result": result }), &mut out);
        out.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn pairs() {
        let r =
            |kind, code, status| rules(kind, json!({"resultCode": code, "resultStatus": status}));
        let none: Vec<&Rule> = Vec::new();
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
            [&RESULT_STATUS_INCONSISTENT]
        );
        assert_eq!(
            r("pay.response", "SUCCESS", "U"),
            [&RESULT_STATUS_INCONSISTENT]
        );
        assert_eq!(
            r("pay.response", "PROCESS_FAIL", "U"),
            [&RESULT_STATUS_INCONSISTENT]
        );
        assert_eq!(
            r("pay.response", "PAYMENT_IN_PROCESS", "F"),
            [&RESULT_STATUS_INCONSISTENT]
        );
        assert_eq!(
            r("pay.response", "SOME_NEW_CODE", "F"),
            [&RESULT_CODE_UNDOCUMENTED]
        );
        assert_eq!(
            r("cancel.response", "CAPTURE_IN_PROCESS", "U"),
            [&RESULT_CODE_UNDOCUMENTED]
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
        result_status("inquiryPayment.response", None, &payload, &mut out);
        let got: Vec<(&Rule, &str)> = out.iter().map(|f| (f.rule, f.pointer.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    &RESULT_STATUS_INCONSISTENT,
                    "/transactions/1/transactionResult/resultStatus"
                ),
                (
                    &RESULT_CODE_UNDOCUMENTED,
                    "/transactions/2/transactionResult/resultCode"
                ),
            ]
        );
    }
}
