//! Text rules of payment requests: Chinese characters, the notification URL, the app
//! redirection URL.

use serde_json::Value;

use super::{finding, string_at};
use crate::finding::{Finding, RelatedPointer};
use crate::source::escape_token;

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

fn check_chinese(value: &Value, pointer: &str, label: &str, out: &mut Vec<Finding>) {
    match value {
        Value::String(text) => {
            let found: String = text.chars().filter(|c| is_chinese(*c)).take(8).collect();
            if !found.is_empty() {
                out.push(finding(
                    "chinese-characters",
                    pointer,
                    format!(
                        "{label} contains Chinese characters ({found}); some payment methods, such as QRIS and Mastercard, reject them"
                    ),
                ));
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                check_chinese(v, &format!("{pointer}/{}", escape_token(k)), label, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_chinese(v, &format!("{pointer}/{i}"), label, out);
            }
        }
        _ => {}
    }
}

/// `paymentRequestId`, `referenceOrderId`, `orderDescription` and the goods of the order.
pub(super) fn chinese_characters(payload: &Value, out: &mut Vec<Finding>) {
    for (pointer, label) in [
        ("/paymentRequestId", "paymentRequestId"),
        ("/order/referenceOrderId", "order.referenceOrderId"),
        ("/order/orderDescription", "order.orderDescription"),
        ("/order/goods", "a goods item of the order"),
    ] {
        if let Some(v) = super::lookup(payload, pointer) {
            check_chinese(v, pointer, label, out);
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
pub(super) fn notify_url(payload: &Value, out: &mut Vec<Finding>) {
    let Some(url) = string_at(payload, "/paymentNotifyUrl") else {
        return;
    };
    let what = match scheme(url).as_deref() {
        Some("https") => return,
        Some(s) => format!("a URL with the {s} scheme"),
        None => "not an absolute URL".to_string(),
    };
    let mut f = finding(
        "notify-url-not-https",
        "/paymentNotifyUrl",
        format!("paymentNotifyUrl is {what}; Antom requires an HTTPS address for notifications"),
    );
    f.expected = Some("an https:// URL".into());
    out.push(f);
}

/// For `terminalType` APP, `paymentRedirectUrl` must bring the buyer back into the app: a deep
/// link (a custom scheme) or an App Link / Universal Link (always https).
pub(super) fn app_redirect_url(payload: &Value, out: &mut Vec<Finding>) {
    if string_at(payload, "/env/terminalType") != Some("APP") {
        return;
    }
    let Some(url) = string_at(payload, "/paymentRedirectUrl") else {
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
    let mut f = finding(
        "app-redirect-not-deep-link",
        "/paymentRedirectUrl",
        format!("env.terminalType is APP but paymentRedirectUrl is {why}; an app payment must return to the app through a deep link"),
    );
    f.expected = Some("a deep link (myapp://...) or an https App Link / Universal Link".into());
    f.related.push(RelatedPointer {
        pointer: "/env/terminalType".into(),
        message: "the terminal type, APP".into(),
    });
    out.push(f);
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
