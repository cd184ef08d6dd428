//! Members Antom's pages disagree about: one page requires them, another leaves them out. The
//! schemas follow one reading; these notes tell the reader that the other one exists.

use serde_json::Value;

use super::finding;
use crate::finding::Finding;

/// One disagreement: the member, what one page says, what the other says.
struct Disagreement {
    member: &'static str,
    requires: &'static str,
    omits: &'static str,
    /// What to do about it.
    advice: &'static str,
}

const SEND_IT: &str = "send it, so that the request is accepted under either reading";

const SESSION_PAYMENT_METHOD: Disagreement = Disagreement {
    member: "paymentMethod",
    requires: "the guide https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Create a payment session\" requires it",
    omits: "the One-time Payments reference https://docs.antom.com/ac/ams/session_cashier leaves it optional",
    advice: SEND_IT,
};

const PAY_SETTLEMENT: Disagreement = Disagreement {
    member: "settlementStrategy",
    requires: "the reference https://docs.antom.com/ac/ams/payment_cashier marks it REQUIRED",
    omits: "the guides' own samples leave it out (https://global.alipay.com/docs/ac/cashierpay/apm_api \"Step 2: Invoke the pay API and get the payment continuation URL\")",
    advice: SEND_IT,
};

const SESSION_SETTLEMENT: Disagreement = Disagreement {
    member: "settlementStrategy",
    requires: "the reference https://docs.antom.com/ac/ams/session_cashier marks it REQUIRED",
    omits: "the guides' own samples leave it out (https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Create a payment session\")",
    advice: SEND_IT,
};

const NOTIFY_CREATE_TIME: Disagreement = Disagreement {
    member: "paymentCreateTime",
    requires: "https://docs.antom.com/ac/ams/paymentrn_online marks it REQUIRED",
    omits: "other product copies of that notifyPayment page leave it optional, and some guide samples do not send it",
    advice: "a notification may come without it, so do not rely on it",
};

/// Notes for the members of `kind` the pages disagree about and `payload` lacks.
pub(super) fn documents_disagree(kind: &str, payload: &Value, out: &mut Vec<Finding>) {
    let cases: &[Disagreement] = match kind {
        "pay.request" => &[PAY_SETTLEMENT],
        "createPaymentSession.request" => &[SESSION_PAYMENT_METHOD, SESSION_SETTLEMENT],
        "notifyPayment.notification" => &[NOTIFY_CREATE_TIME],
        _ => &[],
    };
    for case in cases {
        if payload.get(case.member).is_none() {
            out.push(finding(
                "documents-disagree",
                "",
                format!(
                    "{kind} without {}: the pages disagree whether it is required ({}; {}); {}",
                    case.member, case.requires, case.omits, case.advice
                ),
            ));
        }
    }
}
