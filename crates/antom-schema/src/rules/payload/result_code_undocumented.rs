//! `result-code-undocumented`: the `resultCode` of a message is in its API's table of result
//! codes (for the transactions an inquiry lists, in some API's table).

use crate::finding::Finding;
use crate::rules::{Scope, Source, NOTE};
use crate::semantic::result::{assess, Verdict, READS};
use crate::semantic::{Check, Subject};

rules! {
    RESULT_CODE_UNDOCUMENTED {
        id: "result-code-undocumented",
        summary: "a resultCode the API's Result/Error codes table does not list",
        severity: NOTE,
        scope: Scope::Payload,
        source: Source {
            url: "https://docs.antom.com/ac/ams/payment_cashier",
            section: "\"Result/Error codes\" and the same table of every API reference page (https://global.alipay.com/docs/ac/ams/capture, refund_online, paymentrn_online, notify_capture, notify_refund, ...), gathered in schema/result-codes.json",
        },
        doc: "Each API reference page lists the result codes the API returns, with their status and what to do next; schema/result-codes.json gathers them (`antom-lint codes` lists them). A result whose code is not in the table of the message's API (the kind id before its dot) is reported as a note: a new code Antom added, a code from another API (the message names the APIs whose tables list it, with its meaning), or a typo in a fixture. APIs the catalog holds no table for (createPaymentSession, the acknowledgement) are not checked. For the transactions an inquiry lists, only codes in no table at all are reported.",
    }
}

pub(crate) const CHECKS: &[Check] = &[Check {
    kinds: &[],
    reads: READS,
    run: result_code,
}];

fn result_code(s: &Subject<'_>, out: &mut Vec<Finding>) {
    for a in assess(s.kind, s.payload) {
        if let Verdict::Undocumented(message) = a.verdict {
            out.push(RESULT_CODE_UNDOCUMENTED.finding(
                s.role,
                format!("{}/resultCode", a.pointer),
                message,
            ));
        }
    }
}
