//! `chinese-characters`: no Chinese characters in the ids, description and goods of a
//! payment request.

use serde_json::Value;

use crate::catalog::Role;
use crate::finding::Finding;
use crate::pointer::escape as escape_token;
use crate::rules::{Scope, Source, WARNING};
use crate::semantic::{lookup, Check, Subject, PAYMENT_REQUESTS};

rules! {
    CHINESE_CHARACTERS {
        id: "chinese-characters",
        summary: "Chinese characters in paymentRequestId, referenceOrderId, orderDescription or goods",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Create a payment request\" > FAQs \"Can Chinese characters be used in the request?\"; https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Step 1: Create a payment session\" FAQ \"Can Chinese characters be used in the request?\" (names paymentRequestId, referenceOrderId, orderDescription and goods)",
        },
        doc: "The pages ask merchants not to use Chinese characters in these request fields, because some payment methods such as QRIS and Mastercard reject them. Reported in pay and createPaymentSession requests for paymentRequestId, order.referenceOrderId, order.orderDescription and every string of order.goods. Chinese characters are the CJK ideographs of every Unicode block and the full-width punctuation of Chinese input methods (U+3000-U+303F, U+FF00-U+FF64, U+FFE0-U+FFE6).",
    }
}

/// The members checked for Chinese characters, and how messages name them.
const CHINESE_IN: [(&str, &str); 4] = [
    ("/paymentRequestId", "paymentRequestId"),
    ("/order/referenceOrderId", "order.referenceOrderId"),
    ("/order/orderDescription", "order.orderDescription"),
    ("/order/goods", "a goods item of the order"),
];

pub(crate) const CHECKS: &[Check] = &[Check {
    kinds: PAYMENT_REQUESTS,
    reads: &[
        CHINESE_IN[0].0,
        CHINESE_IN[1].0,
        CHINESE_IN[2].0,
        CHINESE_IN[3].0,
    ],
    run: chinese_characters,
}];

/// True for CJK ideographs (every block) and the full-width punctuation of Chinese input
/// methods.
fn is_chinese(c: char) -> bool {
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
        if let Some(v) = lookup(s.payload, pointer) {
            check_chinese(v, s.role, pointer, label, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese() {
        assert!(is_chinese('茶'));
        assert!(is_chinese('，'));
        assert!(!is_chinese('a'));
        assert!(!is_chinese('é'));
        assert!(!is_chinese('ア'));
    }
}
