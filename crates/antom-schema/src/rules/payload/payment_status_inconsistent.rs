//! `payment-status-inconsistent`: an inquiry's `paymentStatus` agrees with its
//! `paymentResultCode` and with the transactions it lists.

use serde_json::Value;

use crate::finding::Finding;
use crate::rules::{Scope, Source, WARNING};
use crate::semantic::{lookup, short, string_at, Check, Subject};

rules! {
    PAYMENT_STATUS_INCONSISTENT {
        id: "payment-status-inconsistent",
        summary: "an inquiry's paymentStatus contradicts its paymentResultCode or the transactions it lists",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment",
            section: "\"3. Inquire about the payment status\" (Table 9, paymentStatus); https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Inquire about the payment result\" > \"Value of capture status\" (transactionStatus with transactionResult S/F/U)",
        },
        doc: "In an inquiryPayment response: paymentStatus SUCCESS with a paymentResultCode other than SUCCESS (or FAIL, PROCESSING, PENDING with SUCCESS); a transaction whose transactionStatus (SUCCESS, FAIL, PROCESSING/PENDING) disagrees with its transactionResult.resultStatus (S, F, U); a successful capture or refund transaction listed under a payment whose status is FAIL, PROCESSING or PENDING.",
    }
}

const PAYMENT_STATUS: &str = "/paymentStatus";
const PAYMENT_RESULT_CODE: &str = "/paymentResultCode";

pub(crate) const CHECKS: &[Check] = &[Check {
    kinds: &["inquiryPayment.response"],
    reads: &[
        PAYMENT_STATUS,
        PAYMENT_RESULT_CODE,
        "/transactions/0/transactionStatus",
        "/transactions/0/transactionType",
        "/transactions/0/transactionResult/resultStatus",
    ],
    run: payment_status,
}];

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
            lookup(t, "/transactionResult/resultStatus").and_then(Value::as_str),
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
