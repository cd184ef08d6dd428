//! `app-redirect-not-deep-link`: an app payment returns the buyer to the app.

use crate::finding::Finding;
use crate::rules::{Scope, Source, WARNING};
use crate::semantic::url::scheme;
use crate::semantic::{string_at, Check, Subject, PAYMENT_REQUESTS};

rules! {
    APP_REDIRECT_NOT_DEEP_LINK {
        id: "app-redirect-not-deep-link",
        summary: "terminalType APP with a paymentRedirectUrl that is not a deep link or app link",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment",
            section: "\"2. Send a payment request and obtain a payment continuation URL\" (Table 5, paymentRedirectUrl: \"App: Pass in a deep linking URL\") and \"1. Redirect to your result page\" (\"For payments initiated in an app, you must pass in a deep link\")",
        },
        doc: "For an app payment (env.terminalType APP) the buyer must come back into the merchant app after paying, so paymentRedirectUrl must be a deep link (a custom scheme such as myapp://pay/result) or an App Link / Universal Link. App Links and Universal Links are always https, and the linter cannot tell an https App Link from a web page, so https URLs pass; plain http URLs, relative URLs and javascript:, data:, file: or about: URLs are reported.",
    }
}

const TERMINAL_TYPE: &str = "/env/terminalType";
const REDIRECT_URL: &str = "/paymentRedirectUrl";

pub(crate) const CHECKS: &[Check] = &[Check {
    kinds: PAYMENT_REQUESTS,
    reads: &[TERMINAL_TYPE, REDIRECT_URL],
    run: app_redirect_url,
}];

/// For `terminalType` APP, `paymentRedirectUrl` must bring the buyer back into the app: a deep
/// link (a custom scheme) or an App Link / Universal Link (always https).
fn app_redirect_url(s: &Subject<'_>, out: &mut Vec<Finding>) {
    if string_at(s.payload, TERMINAL_TYPE) != Some("APP") {
        return;
    }
    let Some(url) = string_at(s.payload, REDIRECT_URL) else {
        return;
    };
    let why = match scheme(url).as_deref() {
        Some("https") => return,
        Some("http") => {
            "a plain http:// URL, which is neither a deep link nor an App Link / Universal Link (those are https)"
                .to_string()
        }
        Some(s @ ("javascript" | "data" | "file" | "about" | "blob")) => {
            format!("a {s}: URL, which cannot open an app")
        }
        Some(_) => return,
        None => "not an absolute URL".to_string(),
    };
    out.push(
        APP_REDIRECT_NOT_DEEP_LINK
            .finding(
                s.role,
                REDIRECT_URL,
                format!("env.terminalType is APP but paymentRedirectUrl is {why}; an app payment must return to the app through a deep link"),
            )
            .with_expected("a deep link (myapp://...) or an https App Link / Universal Link")
            .with_related(TERMINAL_TYPE, "the terminal type, APP"),
    );
}
