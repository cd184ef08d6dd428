//! `amount-currency-mismatch`: the payment amount of a payment request is in the order
//! currency.

use crate::finding::Finding;
use crate::rules::{Scope, Source, WARNING};
use crate::semantic::{short, string_at, Check, Subject, PAYMENT_REQUESTS};

rules! {
    AMOUNT_CURRENCY_MISMATCH {
        id: "amount-currency-mismatch",
        summary: "paymentAmount and order.orderAmount are in different currencies",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant",
            section: "\"Create a payment request\" (paymentAmount: \"the payment amount that the merchant requests to receive in the order currency\"); https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Create a payment session\" (paymentAmount in the smallest unit of the order currency)",
        },
        doc: "The pages define the payment amount in the order currency. A pay or createPaymentSession request whose paymentAmount.currency differs from order.orderAmount.currency is usually a currency conversion done in the wrong place (the settlement currency belongs in settlementStrategy). Amounts are never compared across currencies.",
    }
}

const PAID: &str = "/paymentAmount/currency";
const ORDERED: &str = "/order/orderAmount/currency";

pub(crate) const CHECKS: &[Check] = &[Check {
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
