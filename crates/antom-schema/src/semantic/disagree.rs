//! Members Antom's pages disagree about: one page requires them, another leaves them out. The
//! schemas follow one reading; these notes tell the reader that the other one exists.

use super::{Check, Subject};
use crate::finding::Finding;
use crate::rules::DOCUMENTS_DISAGREE;

/// One disagreement: the member (a top-level one, as a JSON Pointer), what one page says,
/// what the other says.
struct Disagreement {
    pointer: &'static str,
    requires: &'static str,
    omits: &'static str,
    /// What to do about it.
    advice: &'static str,
}

const SEND_IT: &str = "send it, so that the request is accepted under either reading";

const SESSION_PAYMENT_METHOD: Disagreement = Disagreement {
    pointer: "/paymentMethod",
    requires: "the guide https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Create a payment session\" requires it",
    omits: "the One-time Payments reference https://docs.antom.com/ac/ams/session_cashier leaves it optional",
    advice: SEND_IT,
};

const PAY_SETTLEMENT: Disagreement = Disagreement {
    pointer: "/settlementStrategy",
    requires: "the reference https://docs.antom.com/ac/ams/payment_cashier marks it REQUIRED",
    omits: "the guides' own samples leave it out (https://global.alipay.com/docs/ac/cashierpay/apm_api \"Step 2: Invoke the pay API and get the payment continuation URL\")",
    advice: SEND_IT,
};

const SESSION_SETTLEMENT: Disagreement = Disagreement {
    pointer: "/settlementStrategy",
    requires: "the reference https://docs.antom.com/ac/ams/session_cashier marks it REQUIRED",
    omits: "the guides' own samples leave it out (https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Create a payment session\")",
    advice: SEND_IT,
};

const NOTIFY_CREATE_TIME: Disagreement = Disagreement {
    pointer: "/paymentCreateTime",
    requires: "https://docs.antom.com/ac/ams/paymentrn_online marks it REQUIRED",
    omits: "other product copies of that notifyPayment page leave it optional, and some guide samples do not send it",
    advice: "a notification may come without it, so do not rely on it",
};

/// The disagreements of each kind.
const CASES: &[(&str, &[Disagreement])] = &[
    ("pay.request", &[PAY_SETTLEMENT]),
    (
        "createPaymentSession.request",
        &[SESSION_PAYMENT_METHOD, SESSION_SETTLEMENT],
    ),
    ("notifyPayment.notification", &[NOTIFY_CREATE_TIME]),
];

/// One entry per kind, each reading the members of that kind's disagreements.
pub(super) const CHECKS: &[Check] = &[
    Check {
        rules: &[&DOCUMENTS_DISAGREE],
        kinds: &[CASES[0].0],
        reads: &[PAY_SETTLEMENT.pointer],
        run: documents_disagree,
    },
    Check {
        rules: &[&DOCUMENTS_DISAGREE],
        kinds: &[CASES[1].0],
        reads: &[SESSION_PAYMENT_METHOD.pointer, SESSION_SETTLEMENT.pointer],
        run: documents_disagree,
    },
    Check {
        rules: &[&DOCUMENTS_DISAGREE],
        kinds: &[CASES[2].0],
        reads: &[NOTIFY_CREATE_TIME.pointer],
        run: documents_disagree,
    },
];

/// Notes for the members of the payload's kind the pages disagree about and it lacks.
fn documents_disagree(s: &Subject<'_>, out: &mut Vec<Finding>) {
    let cases = CASES
        .iter()
        .find(|(kind, _)| *kind == s.kind)
        .map_or(&[][..], |(_, cases)| cases);
    for case in cases {
        if super::lookup(s.payload, case.pointer).is_none() {
            let member = &case.pointer[1..];
            out.push(DOCUMENTS_DISAGREE.finding(
                s.role,
                "",
                format!(
                    "{} without {member}: the pages disagree whether it is required ({}; {}); {}",
                    s.kind, case.requires, case.omits, case.advice
                ),
            ));
        }
    }
}
