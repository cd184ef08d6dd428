//! The cross-message rules: what only several messages of one run together show, found by
//! [`crate::correlate`].

use super::{Scope, Source, ERROR, NOTE, WARNING};

rules! {
    CAPTURE_AMOUNT_MISMATCH {
        id: "capture-amount-mismatch",
        summary: "a capture request's captureAmount differs from the authorized payment amount",
        severity: ERROR,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant",
            section: "\"Step 4: Capture\" (\"The total capture amount must be equal to the total authorized amount\"; captureAmount \"must be equal to the total authorized amount\")",
        },
        doc: "Cross-message rule. A capture request is matched to its payment by paymentId (the pay response, notification or inquiry that carries both paymentId and paymentRequestId links it to the pay request). Its captureAmount must equal the paymentAmount of the pay request, compared as integers of minor units in the same currency. When the pay request is not in the capture, the amount Antom reported for the payment is used. The finding points at the capture request and names the record that holds the authorized amount.",
    }
    DUPLICATE_SUCCESSFUL_PAYMENT {
        id: "duplicate-successful-payment",
        summary: "more than one successful payment for the same referenceOrderId",
        severity: WARNING,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Best practice\" > \"Payment failed retry\" and https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Best practice\" > \"Payment failed retry\" (item 3: only one successful payment order per merchant order; cancel or refund the extra one)",
        },
        doc: "Cross-message rule. A merchant order (order.referenceOrderId of the pay request) may be paid by several payment attempts, each with its own paymentRequestId, but at most one may succeed. A payment counts as successful when a pay response has result S/SUCCESS, a notifyPayment has result S, or an inquiryPayment response has paymentStatus SUCCESS. The finding points at the second success and names the first; the pages tell the merchant to cancel or refund the extra payment.",
    }
    EXPIRY_BEFORE_CREATION {
        id: "expiry-before-creation",
        summary: "a pay request's paymentExpiryTime is earlier than the payment's creation time",
        severity: WARNING,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Best practice\" > \"Customize the payment timeout\"; https://global.alipay.com/docs/ac/cashierpay/noncard_payment \"1. Intercept an invalid payment\" (paymentExpiryTime: after it the buyer cannot pay)",
        },
        doc: "Cross-message rule. paymentExpiryTime of a pay request is compared with the paymentCreateTime that Antom reports for the same payment (pay response, notification or inquiry) anywhere in the capture, as instants (offsets applied). An expiry before the creation makes the payment unpayable from the start, typically a wrong time-zone offset.",
    }
    PAYMENT_AMOUNT_MISMATCH {
        id: "payment-amount-mismatch",
        summary: "a notification, inquiry or pay response reports a paymentAmount other than the pay request's",
        severity: ERROR,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Receive the asynchronous notification\" > FAQs \"How do I understand the meaning of the following key fields?\" (paymentAmount: the payment amount of the reported payment); https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Asynchronous notifications\" > FAQs (same)",
        },
        doc: "Cross-message rule. notifyPayment, inquiryPayment responses and pay responses report the payment by paymentRequestId and paymentId; their paymentAmount must equal the paymentAmount of the pay (or createPaymentSession) request with that paymentRequestId, compared as integers of minor units in the same currency. A mismatch means the notification is about another payment than the merchant thinks, or an amount was altered. The finding points at the reporting message and names the request.",
    }
    PAYMENT_REQUEST_UNSEEN {
        id: "payment-request-unseen",
        summary: "a notification or inquiry reports SUCCESS for a payment whose pay request is not in the capture",
        severity: NOTE,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Step 3: Obtain the payment results\" (notifications and inquiries report a payment created with the pay API); captures are often partial, so this is information only",
        },
        doc: "Cross-message rule, reported at the end of the run. A notifyPayment with result S or an inquiryPayment response with paymentStatus SUCCESS whose paymentRequestId matches no pay or createPaymentSession request of the capture. Captures are often partial (the pay request was made before recording started), so this never fails a run; it tells the reader that the amount and order checks could not be made for that payment.",
    }
    REFUND_EXCEEDS_PAYMENT {
        id: "refund-exceeds-payment",
        summary: "the refunds of a payment add up to more than was captured or paid",
        severity: ERROR,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant",
            section: "\"Step 4: Capture\" (the captured amount) and https://global.alipay.com/docs/ac/cashierpay/apm_api \"Receive a payment response\" > FAQs \"What is the paymentId?\" (refunds refer to the payment by paymentId); no page states the limit in words, it follows from a refund returning money of that payment",
        },
        doc: "Cross-message rule. Refund requests are matched to their payment by paymentId and summed per payment (a retry with the same refundRequestId counts once; a refund whose response or notification says it failed is left out of the sum). The sum must not exceed the captured amount (the capture requests of the payment) or, when no capture is in the capture file, the paid amount (the pay request, else the amount Antom reported). Amounts are integers of minor units; a refund in another currency than the payment is reported too. The finding points at the refund that crossed the limit and names the record that sets it.",
    }
    REQUEST_ID_REUSED {
        id: "request-id-reused",
        summary: "a paymentRequestId (or captureRequestId, refundRequestId) reused with a different request body",
        severity: ERROR,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_ww",
            section: "\"Create a payment session\" (paymentRequestId: \"a new ID is required every time a payment is initiated\"); https://global.alipay.com/docs/ac/cashierpay/noncard_payment \"2. Send a payment request and obtain a payment continuation URL\" (reinitiate the payment with a new paymentRequestId); https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Step 4: Capture\" (captureRequestId identifies one capture request)",
        },
        doc: "Cross-message rule. A retry resends the original request unchanged, and Antom treats a repeated id as the same request; a new payment, capture or refund needs a new id. Two pay or createPaymentSession requests with the same paymentRequestId, two capture requests with the same captureRequestId or two refund requests with the same refundRequestId must therefore have equal bodies (compared as JSON values, so key order and white space do not matter). The finding points at the later request and names the first.",
    }
}
