//! `notify-url-not-https`: the notification URL of a payment request is an HTTPS URL.

use crate::finding::Finding;
use crate::rules::{Scope, Source, WARNING};
use crate::semantic::url::scheme;
use crate::semantic::{string_at, Check, Subject, PAYMENT_REQUESTS};

rules! {
    NOTIFY_URL_NOT_HTTPS {
        id: "notify-url-not-https",
        summary: "paymentNotifyUrl is not an HTTPS URL",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment",
            section: "\"2. Send a payment request and obtain a payment continuation URL\" (Table 5: \"Specify paymentNotifyUrl as an HTTPS URL\")",
        },
        doc: "Antom posts payment results to paymentNotifyUrl; the page requires an HTTPS address. Plain http:// URLs (as in several documented samples, conformance/samples/DEFECTS.md #14), other schemes and relative URLs are reported in pay and createPaymentSession requests.",
    }
}

const NOTIFY_URL: &str = "/paymentNotifyUrl";

pub(crate) const CHECKS: &[Check] = &[Check {
    kinds: PAYMENT_REQUESTS,
    reads: &[NOTIFY_URL],
    run: notify_url,
}];

/// `paymentNotifyUrl` must be an HTTPS URL.
fn notify_url(s: &Subject<'_>, out: &mut Vec<Finding>) {
    let Some(url) = string_at(s.payload, NOTIFY_URL) else {
        return;
    };
    let what = match scheme(url).as_deref() {
        Some("https") => return,
        Some(s) => format!("a URL with the {s} scheme"),
        None => "not an absolute URL".to_string(),
    };
    out.push(
        NOTIFY_URL_NOT_HTTPS
            .finding(
                s.role,
                NOTIFY_URL,
                format!(
                    "paymentNotifyUrl is {what}; Antom requires an HTTPS address for notifications"
                ),
            )
            .with_expected("an https:// URL"),
    );
}
