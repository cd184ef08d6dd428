//! The payment amount is in the order currency.

use super::{short, string_at, Check, Subject, PAYMENT_REQUESTS};
use crate::finding::Finding;
use crate::rules::AMOUNT_CURRENCY_MISMATCH;

const PAID: &str = "/paymentAmount/currency";
const ORDERED: &str = "/order/orderAmount/currency";

pub(super) const CHECKS: &[Check] = &[Check {
    rules: &[&AMOUNT_CURRENCY_MISMATCH],
    kinds: PAYMENT_REQUESTS,
    reads: &[PAID, ORDERED],
    run: currency,
}];

/// `paymentAmount` and `order.orderAmount` in different currencies.
fn currency(s: &Subject<'_>, out: &mut Vec<Finding>) {
    let (Some(paid), Some(ordered)) = (string_at(s.payload, PAID), string_at(s.payload, ORDERED))
    else {
        return;
    };
    if paid != ordered {
        out.push(
            AMOUNT_CURRENCY_MISMATCH
                .finding(
                    s.role,
                    PAID,
                    format!(
                        "paymentAmount is in {} but order.orderAmount is in {}; the payment amount is expressed in the order currency",
                        short(paid),
                        short(ordered)
                    ),
                )
                .with_related(ORDERED, format!("the order currency, {}", short(ordered))),
        );
    }
}
