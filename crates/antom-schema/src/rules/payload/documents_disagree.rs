//! `documents-disagree`: members Antom's pages disagree about (one page requires them,
//! another leaves them out). The schemas follow one reading; these notes tell the reader that
//! the other one exists.

use crate::finding::Finding;
use crate::rules::{Scope, Source, NOTE};
use crate::semantic::{lookup, Check, Subject};

rules! {
    DOCUMENTS_DISAGREE {
        id: "documents-disagree",
        summary: "a member one Antom page requires and another leaves out is missing (createPaymentSession paymentMethod, settlementStrategy, notifyPayment paymentCreateTime)",
        severity: NOTE,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_ww",
            section: "\"Create a payment session\" against https://docs.antom.com/ac/ams/session_cashier (paymentMethod); https://docs.antom.com/ac/ams/payment_cashier and https://docs.antom.com/ac/ams/session_cashier (settlementStrategy REQUIRED) against https://global.alipay.com/docs/ac/cashierpay/apm_api \"Step 2: Invoke the pay API and get the payment continuation URL\" (samples without it); https://docs.antom.com/ac/ams/paymentrn_online (paymentCreateTime REQUIRED) against the other product copies of that page and the guide samples",
        },
        doc: "Antom's guides and API references do not always agree on what is required, and the schemas can follow only one reading. This note marks a payload that lacks a member one page requires and another does not: (a) a createPaymentSession request without paymentMethod (required by the guide https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Create a payment session\", optional in the One-time Payments reference https://docs.antom.com/ac/ams/session_cashier); (b) a pay or createPaymentSession request without settlementStrategy (REQUIRED in the references https://docs.antom.com/ac/ams/payment_cashier and https://docs.antom.com/ac/ams/session_cashier, left out of the guides' own samples such as https://global.alipay.com/docs/ac/cashierpay/apm_api); (c) a notifyPayment notification without paymentCreateTime (REQUIRED on https://docs.antom.com/ac/ams/paymentrn_online, optional on other product copies of that page and missing from some guide samples). In a request, send the member so that it is accepted under either reading; from a notification, do not rely on it. A note: it never fails a run.",
    }
}

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
pub(crate) const CHECKS: &[Check] = &[
    Check {
        kinds: &[CASES[0].0],
        reads: &[PAY_SETTLEMENT.pointer],
        run: documents_disagree,
    },
    Check {
        kinds: &[CASES[1].0],
        reads: &[SESSION_PAYMENT_METHOD.pointer, SESSION_SETTLEMENT.pointer],
        run: documents_disagree,
    },
    Check {
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
        if lookup(s.payload, case.pointer).is_none() {
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
