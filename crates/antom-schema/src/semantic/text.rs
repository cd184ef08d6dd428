//! Text rules of payment requests: Chinese characters, the notification URL, the app
//! redirection URL.

use serde_json::Value;

use super::{string_at, Check, Subject, PAYMENT_REQUESTS};
use crate::catalog::Role;
use crate::finding::Finding;
use crate::pointer::escape as escape_token;
use crate::rules::{APP_REDIRECT_NOT_DEEP_LINK, CHINESE_CHARACTERS, NOTIFY_URL_NOT_HTTPS};

/// The members checked for Chinese characters, and how messages name them.
const CHINESE_IN: [(&str, &str); 4] = [
    ("/paymentRequestId", "paymentRequestId"),
    ("/order/referenceOrderId", "order.referenceOrderId"),
    ("/order/orderDescription", "order.orderDescription"),
    ("/order/goods", "a goods item of the order"),
];
const NOTIFY_URL: &str = "/paymentNotifyUrl";
const TERMINAL_TYPE: &str = "/env/terminalType";
const REDIRECT_URL: &str = "/paymentRedirectUrl";

pub(super) const CHECKS: &[Check] = &[
    Check {
        rules: &[&CHINESE_CHARACTERS],
        kinds: PAYMENT_REQUESTS,
        reads: &[
            CHINESE_IN[0].0,
            CHINESE_IN[1].0,
            CHINESE_IN[2].0,
            CHINESE_IN[3].0,
        ],
        run: chinese_characters,
    },
    Check {
        rules: &[&NOTIFY_URL_NOT_HTTPS],
        kinds: PAYMENT_REQUESTS,
        reads: &[NOTIFY_URL],
        run: notify_url,
    },
    Check {
        rules: &[&APP_REDIRECT_NOT_DEEP_LINK],
        kinds: PAYMENT_REQUESTS,
        reads: &[TERMINAL_TYPE, REDIRECT_URL],
        run: app_redirect_url,
    },
];

/// True for CJK ideographs (every block) and the full-width punctuation of Chinese input
/// methods.
pub(crate) fn is_chinese(c: char) -> bool {
    matches!(u32::from(c),
        0x3000..=0x303F      // CJK symbols and punctuation (、。「」)
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFF00..=0xFF64    // full-width forms (，！：)
        | 0xFFE0..=0xFFE6    // full-width signs (￥)
        | 0x20000..=0x3134F) // extensions B to G and the compatibility supplement
}

fn check_chinese(
    value: &Value,
    role: Option<Role>,
    pointer: &str,
    label: &str,
    out: &mut Vec<Finding>,
) {
    match value {
        Value::String(text) => {
            let found: String = text.chars().filter(|c| is_chinese(*c)).take(8).collect();
            if !found.is_empty() {
                out.push(CHINESE_CHARACTERS.finding(
                    role,
                    pointer,
                    format!(
                        "{label} contains Chinese characters ({found}); some payment methods, such as QRIS and Mastercard, reject them"
                    ),
                ));
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                check_chinese(
                    v,
                    role,
                    &format!("{pointer}/{}", escape_token(k)),
                    label,
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_chinese(v, role, &format!("{pointer}/{i}"), label, out);
            }
        }
        _ => {}
    }
}

/// `paymentRequestId`, `referenceOrderId`, `orderDescription` and the goods of the order.
fn chinese_characters(s: &Subject<'_>, out: &mut Vec<Finding>) {
    for (pointer, label) in CHINESE_IN {
        if let Some(v) = super::lookup(s.payload, pointer) {
            check_chinese(v, s.role, pointer, label, out);
        }
    }
}

/// The scheme of a URL, lowercased (`None` when the text does not start with one).
pub(crate) fn scheme(url: &str) -> Option<String> {
    let (head, _) = url.trim().split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| head.to_ascii_lowercase())
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert_eq!(scheme("https://a").as_deref(), Some("https"));
        assert_eq!(scheme("HTTP://a").as_deref(), Some("http"));
        assert_eq!(scheme("imeituan://").as_deref(), Some("imeituan"));
        assert_eq!(scheme("www.example.com/x").as_deref(), None);
        assert_eq!(scheme("/path:x").as_deref(), None);
        assert_eq!(scheme("").as_deref(), None);
    }

    #[test]
    fn chinese() {
        assert!(is_chinese('茶'));
        assert!(is_chinese('，'));
        assert!(!is_chinese('a'));
        assert!(!is_chinese('é'));
        assert!(!is_chinese('ア'));
    }
}
