//! Results that contradict themselves: `resultStatus` against `resultCode`, and an inquiry's
//! `paymentStatus` against the transactions it lists.

use serde_json::Value;

use super::{finding, short, string_at};
use crate::finding::{Finding, RelatedPointer};

/// Result codes the pages show with a failure status (F): final, not to be retried as is.
const FINAL_FAILURE_CODES: &[&str] = &["ACCESS_DENIED", "PROCESS_FAIL"];
/// Result codes the pages show with the unknown status (U): the outcome is still open.
const IN_PROCESS_CODES: &[&str] = &["PAYMENT_IN_PROCESS"];

/// What is wrong with a (status, code) pair, if anything.
pub(crate) fn inconsistency(status: &str, code: &str) -> Option<String> {
    let code_s = short(code);
    match status {
        "S" if code != "SUCCESS" => Some(format!(
            "resultStatus S (success) goes with resultCode SUCCESS, not {code_s}"
        )),
        "F" | "U" if code == "SUCCESS" => Some(format!(
            "resultCode SUCCESS goes with resultStatus S, not {status}"
        )),
        "U" if FINAL_FAILURE_CODES.contains(&code) => Some(format!(
            "resultStatus U (unknown, still processing) with resultCode {code_s}, which is a final failure (status F)"
        )),
        "F" if IN_PROCESS_CODES.contains(&code) => Some(format!(
            "resultStatus F (failure) with resultCode {code_s}, which means the outcome is still open (status U)"
        )),
        _ => None,
    }
}

fn check_result(result: &Value, pointer: &str, out: &mut Vec<Finding>) {
    let (Some(status), Some(code)) = (
        result.get("resultStatus").and_then(Value::as_str),
        result.get("resultCode").and_then(Value::as_str),
    ) else {
        return;
    };
    if let Some(message) = inconsistency(status, code) {
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
    }
}

/// `/result` of any message and the `transactionResult` of each listed transaction.
pub(super) fn result_status(payload: &Value, out: &mut Vec<Finding>) {
    if let Some(result) = payload.get("result") {
        check_result(result, "/result", out);
    }
    if let Some(items) = payload.get("transactions").and_then(Value::as_array) {
        for (i, t) in items.iter().enumerate() {
            if let Some(result) = t.get("transactionResult") {
                check_result(result, &format!("/transactions/{i}/transactionResult"), out);
            }
        }
    }
}

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

    #[test]
    fn pairs() {
        assert!(inconsistency("S", "SUCCESS").is_none());
        assert!(inconsistency("U", "PAYMENT_IN_PROCESS").is_none());
        assert!(inconsistency("F", "ACCESS_DENIED").is_none());
        assert!(inconsistency("F", "SOME_NEW_CODE").is_none());
        assert!(inconsistency("S", "PAYMENT_IN_PROCESS").is_some());
        assert!(inconsistency("U", "SUCCESS").is_some());
        assert!(inconsistency("U", "PROCESS_FAIL").is_some());
        assert!(inconsistency("F", "PAYMENT_IN_PROCESS").is_some());
    }
}
