//! `payment-time-before-creation`: a payment completes after it was created.

use crate::finding::Finding;
use crate::rules::{Scope, Source, ERROR};
use crate::semantic::time::instant_at;
use crate::semantic::{string_at, Check, Subject};

rules! {
    PAYMENT_TIME_BEFORE_CREATION {
        id: "payment-time-before-creation",
        summary: "paymentTime is earlier than paymentCreateTime in the same message",
        severity: ERROR,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Receive the asynchronous notification\" and \"Inquire about the payment result\" (paymentCreateTime is when the payment was created, paymentTime when it completed; every sample has paymentCreateTime <= paymentTime)",
        },
        doc: "A payment cannot complete before it was created. The two date-times of a pay response, notifyPayment or inquiryPayment response are compared as instants (offsets applied, so 12:00+08:00 and 04:00Z are equal).",
    }
}

const PAID: &str = "/paymentTime";
const CREATED: &str = "/paymentCreateTime";

pub(crate) const CHECKS: &[Check] = &[Check {
    kinds: &[],
    reads: &[PAID, CREATED],
    run: payment_time,
}];

/// `paymentTime` earlier than `paymentCreateTime` in the same message.
fn payment_time(s: &Subject<'_>, out: &mut Vec<Finding>) {
    let payload = s.payload;
    let (Some(paid), Some(created)) = (instant_at(payload, PAID), instant_at(payload, CREATED))
    else {
        return;
    };
    if paid < created {
        out.push(
            PAYMENT_TIME_BEFORE_CREATION
                .finding(
                    s.role,
                    PAID,
                    format!(
                        "paymentTime ({}) is earlier than paymentCreateTime ({}): a payment cannot complete before it was created",
                        string_at(payload, PAID).unwrap_or(""),
                        string_at(payload, CREATED).unwrap_or("")
                    ),
                )
                .with_related(CREATED, "the creation time"),
        );
    }
}
