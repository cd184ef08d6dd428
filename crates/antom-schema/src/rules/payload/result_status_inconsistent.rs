//! `result-status-inconsistent`: `resultStatus` agrees with `resultCode` (the status Antom's
//! result-code tables give the code), in `/result` and in each transaction an inquiry lists.

use crate::finding::Finding;
use crate::rules::{Scope, Source, WARNING};
use crate::semantic::result::{assess, Verdict, READS};
use crate::semantic::{short, Check, Subject};

rules! {
    RESULT_STATUS_INCONSISTENT {
        id: "result-status-inconsistent",
        summary: "result.resultStatus contradicts result.resultCode (S without SUCCESS, or a status other than the one the API's table gives the code)",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://docs.antom.com/ac/ams/payment_cashier",
            section: "\"Result/Error codes\" and the same table of every API reference page (https://global.alipay.com/docs/ac/ams/capture, refund_online, paymentrn_online, notify_capture, notify_refund, ...), gathered in schema/result-codes.json; https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Receive a payment response\" (samples: S with SUCCESS, F with ACCESS_DENIED, U with PAYMENT_IN_PROCESS)",
        },
        doc: "resultStatus S means success and goes with resultCode SUCCESS only, and SUCCESS never goes with F or U. Every other code is compared with the Result/Error codes table of the message's API (the kind id before its dot: capture.response and notifyCapture.notification are read against the capture and notifyCapture tables), as gathered in schema/result-codes.json: a code the table gives as U (unknown, still in process: wait for the notification or query) must not come with F, and a final failure (F) must not come with U. The message gives the code's documented meaning and what to do next (`antom-lint explain CODE` prints it too). The transactionResult of each transaction an inquiry lists may be a capture or a refund, so it is compared with the status any API's table gives the code. A code the API's table does not list is reported by result-code-undocumented instead.",
    }
}

pub(crate) const CHECKS: &[Check] = &[Check {
    kinds: &[],
    reads: READS,
    run: result_status,
}];

fn result_status(s: &Subject<'_>, out: &mut Vec<Finding>) {
    for a in assess(s.kind, s.payload) {
        if let Verdict::Inconsistent(message) = a.verdict {
            out.push(
                RESULT_STATUS_INCONSISTENT
                    .finding(s.role, format!("{}/resultStatus", a.pointer), message)
                    .with_related(
                        format!("{}/resultCode", a.pointer),
                        format!("the result code, {}", short(a.code)),
                    ),
            );
        }
    }
}
