//! What the cross-message rules read from one payload: an [`Observation`] (ids as digests,
//! amounts, instants and where each came from), read on any thread, applied in input order.

use std::hash::{Hash, Hasher};

use serde_json::Value;

use super::key::Key;
use super::money::Money;
use crate::catalog::Role;
use crate::finding::Finding;
use crate::rules::Rule;
use crate::semantic::lookup;
use crate::semantic::time::{self, Instant};

/// The pointers facts are read from (a [`Src`] keeps an index into this table).
pub(super) const POINTERS: [&str; 10] = [
    "/paymentRequestId",
    "/paymentAmount",
    "/paymentExpiryTime",
    "/paymentCreateTime",
    "/result/resultStatus",
    "/paymentStatus",
    "/captureRequestId",
    "/refundRequestId",
    "/captureAmount",
    "/refundAmount",
];

/// The members the cross-message rules read, by the kinds they read them in (see
/// [`Fact::read`]); each is declared by the schema of every kind listed with it, which a test
/// checks.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const READS: &[(&[&str], &[&str])] = &[
    (
        &["pay.request", "createPaymentSession.request"],
        &[
            "/paymentRequestId",
            "/paymentAmount",
            "/order/referenceOrderId",
            "/paymentExpiryTime",
        ],
    ),
    (
        &[
            "pay.response",
            "notifyPayment.notification",
            "inquiryPayment.response",
        ],
        &[
            "/paymentRequestId",
            "/paymentId",
            "/paymentCreateTime",
            "/paymentAmount",
        ],
    ),
    (
        &["pay.response", "notifyPayment.notification"],
        &["/result/resultStatus"],
    ),
    (&["pay.response"], &["/result/resultCode"]),
    (&["notifyPayment.notification"], &["/notifyType"]),
    (&["inquiryPayment.response"], &["/paymentStatus"]),
    (
        &["capture.request"],
        &["/captureRequestId", "/captureAmount", "/paymentId"],
    ),
    (
        &["refund.request"],
        &["/refundRequestId", "/refundAmount", "/paymentId"],
    ),
    (
        &["capture.response", "notifyCapture.notification"],
        &["/paymentId", "/result/resultStatus", "/captureRequestId"],
    ),
    (
        &["refund.response"],
        &["/paymentId", "/result/resultStatus", "/refundRequestId"],
    ),
    // No paymentId: the refund is found by its refundRequestId.
    (
        &["notifyRefund.notification"],
        &["/result/resultStatus", "/refundRequestId", "/refundStatus"],
    ),
];

/// How messages are named in findings (a [`Src`] keeps an index into this table), and who
/// writes them.
pub(super) const LABELS: [&str; 8] = [
    "message",
    "pay request",
    "createPaymentSession request",
    "pay response",
    "notifyPayment notification",
    "inquiryPayment response",
    "capture request",
    "refund request",
];

/// Where a fact came from: the caller's location and two table indices (no allocation).
#[derive(Debug, Clone)]
pub(super) struct Src<L> {
    pub(super) at: L,
    pub(super) pointer: u8,
    pub(super) what: u8,
}

impl<L> Src<L> {
    pub(super) fn new(at: L, pointer: &'static str, what: u8) -> Src<L> {
        let index = POINTERS.iter().position(|p| *p == pointer);
        debug_assert!(index.is_some(), "{pointer} is not in POINTERS");
        Src {
            at,
            pointer: index.unwrap_or(0) as u8,
            what,
        }
    }

    pub(super) fn pointer(&self) -> &'static str {
        POINTERS[usize::from(self.pointer)]
    }

    pub(super) fn relocate<M>(self, f: &impl Fn(L) -> M) -> Src<M> {
        Src {
            at: f(self.at),
            pointer: self.pointer,
            what: self.what,
        }
    }

    pub(super) fn what(&self) -> &'static str {
        LABELS[usize::from(self.what)]
    }

    /// Who wrote the message (the one of [`LABELS`]).
    pub(super) fn role(&self) -> Option<Role> {
        match self.what {
            1 | 2 | 6 | 7 => Some(Role::Request),
            3 | 5 => Some(Role::Response),
            4 => Some(Role::Notification),
            _ => None,
        }
    }

    /// A finding of `rule` at this fact's member.
    pub(super) fn finding(&self, rule: &'static Rule, message: String) -> Finding {
        rule.finding(self.role(), self.pointer(), message)
    }
}

pub(super) fn label(kind: &str) -> u8 {
    match kind {
        "pay.request" => 1,
        "createPaymentSession.request" => 2,
        "pay.response" => 3,
        "notifyPayment.notification" => 4,
        "inquiryPayment.response" => 5,
        "capture.request" => 6,
        "refund.request" => 7,
        _ => 0,
    }
}

pub(super) fn text<'a>(payload: &'a Value, pointer: &str) -> Option<&'a str> {
    lookup(payload, pointer)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// A hash of a JSON value that ignores key order.
pub(super) fn hash_value(value: &Value, h: &mut impl Hasher) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            5u8.hash(h);
            for k in keys {
                k.hash(h);
                hash_value(&map[k], h);
            }
        }
        Value::Array(items) => {
            4u8.hash(h);
            // As eight bytes on every platform.
            (items.len() as u64).hash(h);
            items.iter().for_each(|v| hash_value(v, h));
        }
        Value::String(s) => (3u8, s).hash(h),
        Value::Number(n) => (2u8, n.to_string()).hash(h),
        Value::Bool(b) => (1u8, b).hash(h),
        Value::Null => 0u8.hash(h),
    }
}

/// What one payload tells the correlator. Reading it ([`Observation::read`]) needs only the
/// payload, so it can run on any thread; applying it ([`Correlator::apply`]) must follow
/// the input order. It holds digests, amounts, instants and locations, never the payload.
pub struct Observation<L> {
    pub(super) fact: Fact<L>,
}

impl<L> std::fmt::Debug for Observation<L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Digests and amounts: nothing a reader could use.
        f.debug_struct("Observation").finish_non_exhaustive()
    }
}

/// A request id and a hash of the body it came with.
pub(super) struct Body<L> {
    pub(super) field: &'static str,
    pub(super) id: Key,
    pub(super) hash: u64,
    pub(super) src: Src<L>,
}

pub(super) enum Fact<L> {
    /// Not a message the cross-message rules look at.
    Nothing,
    /// A pay or createPaymentSession request.
    Request {
        body: Option<Body<L>>,
        request: Option<Key>,
        amount: (Option<Money>, Src<L>),
        order: Option<(Key, Box<str>)>,
        expiry: Option<(Instant, Src<L>)>,
    },
    /// A pay response, payment notification or payment inquiry.
    Report {
        request: Option<Key>,
        payment: Option<Key>,
        succeeded: bool,
        /// From a notification or an inquiry (not a pay response).
        reported: bool,
        success_src: Src<L>,
        created: Option<(Instant, Src<L>)>,
        amount: Option<(Money, Src<L>)>,
    },
    /// A capture or refund request.
    Movement {
        refund: bool,
        body: Option<Body<L>>,
        id: Option<Key>,
        money: Option<(Money, Src<L>)>,
        payment: Option<Key>,
    },
    /// The response or notification of a capture or refund; `failed` names a failed one.
    Outcome {
        refund: bool,
        payment: Option<Key>,
        failed: Option<Key>,
    },
    /// Another message naming both ids of a payment.
    Link { request: Key, payment: Key },
}

impl<L> Body<L> {
    pub(super) fn relocate<M>(self, f: &impl Fn(L) -> M) -> Body<M> {
        Body {
            field: self.field,
            id: self.id,
            hash: self.hash,
            src: self.src.relocate(f),
        }
    }
}

impl<L> Observation<L> {
    /// The same facts with their locations converted (for example from byte offsets in the
    /// payload to places in the caller's input).
    pub fn relocate<M>(self, f: impl Fn(L) -> M) -> Observation<M> {
        let f = &f;
        let fact = match self.fact {
            Fact::Nothing => Fact::Nothing,
            Fact::Request {
                body,
                request,
                amount,
                order,
                expiry,
            } => Fact::Request {
                body: body.map(|b| b.relocate(f)),
                request,
                amount: (amount.0, amount.1.relocate(f)),
                order,
                expiry: expiry.map(|(i, s)| (i, s.relocate(f))),
            },
            Fact::Report {
                request,
                payment,
                succeeded,
                reported,
                success_src,
                created,
                amount,
            } => Fact::Report {
                request,
                payment,
                succeeded,
                reported,
                success_src: success_src.relocate(f),
                created: created.map(|(i, s)| (i, s.relocate(f))),
                amount: amount.map(|(m, s)| (m, s.relocate(f))),
            },
            Fact::Movement {
                refund,
                body,
                id,
                money,
                payment,
            } => Fact::Movement {
                refund,
                body: body.map(|b| b.relocate(f)),
                id,
                money: money.map(|(m, s)| (m, s.relocate(f))),
                payment,
            },
            Fact::Outcome {
                refund,
                payment,
                failed,
            } => Fact::Outcome {
                refund,
                payment,
                failed,
            },
            Fact::Link { request, payment } => Fact::Link { request, payment },
        };
        Observation { fact }
    }

    /// Reads what the cross-message rules need from one payload of a kind (a catalog id).
    /// `locate` gives the caller's location of a pointer in this payload.
    pub fn read(kind: &str, payload: &Value, locate: impl Fn(&str) -> L) -> Observation<L> {
        let fact = if payload.is_object() {
            Fact::read(kind, payload, locate)
        } else {
            Fact::Nothing
        };
        Observation { fact }
    }
}

impl<L> Fact<L> {
    pub(super) fn read(kind: &str, payload: &Value, locate: impl Fn(&str) -> L) -> Fact<L> {
        let what = label(kind);
        let src = |pointer: &'static str| Src::new(locate(pointer), pointer, what);
        let key = |space: &str, pointer: &str| text(payload, pointer).map(|t| Key::new(space, t));
        let request = key("paymentRequestId", "/paymentRequestId");
        let payment = key("paymentId", "/paymentId");
        let money = |pointer: &str| lookup(payload, pointer).and_then(Money::from_value);
        let status = text(payload, "/result/resultStatus");
        let body = |field: &'static str, pointer: &'static str| {
            let id = key(field, pointer)?;
            let mut h = super::key::digest_hasher();
            kind.hash(&mut h);
            hash_value(payload, &mut h);
            Some(Body {
                field,
                id,
                hash: h.finish(),
                src: src(pointer),
            })
        };
        match kind {
            "pay.request" | "createPaymentSession.request" => Fact::Request {
                body: body("paymentRequestId", "/paymentRequestId"),
                request,
                amount: (money("/paymentAmount"), src("/paymentAmount")),
                order: text(payload, "/order/referenceOrderId").map(|o| {
                    (
                        Key::new("referenceOrderId", o),
                        crate::semantic::short(o).into_boxed_str(),
                    )
                }),
                expiry: time::instant_at(payload, "/paymentExpiryTime")
                    .map(|i| (i, src("/paymentExpiryTime"))),
            },
            "pay.response" | "notifyPayment.notification" | "inquiryPayment.response" => {
                let succeeded = match kind {
                    "pay.response" => {
                        status == Some("S")
                            && text(payload, "/result/resultCode") == Some("SUCCESS")
                    }
                    // Under PAYMENT_PENDING (and UPDATE_AMOUNT_RESULT), S says the
                    // notification is sound, not that the payment succeeded.
                    "notifyPayment.notification" => {
                        status == Some("S")
                            && text(payload, "/notifyType") == Some("PAYMENT_RESULT")
                    }
                    _ => text(payload, "/paymentStatus") == Some("SUCCESS"),
                };
                let success_ptr = if kind == "inquiryPayment.response" {
                    "/paymentStatus"
                } else {
                    "/result/resultStatus"
                };
                Fact::Report {
                    request,
                    payment,
                    succeeded,
                    reported: kind != "pay.response",
                    success_src: src(success_ptr),
                    created: time::instant_at(payload, "/paymentCreateTime")
                        .map(|c| (c, src("/paymentCreateTime"))),
                    amount: money("/paymentAmount").map(|m| (m, src("/paymentAmount"))),
                }
            }
            "capture.request" | "refund.request" => {
                let refund = kind == "refund.request";
                let (field, id_ptr, amount_ptr) = if refund {
                    ("refundRequestId", "/refundRequestId", "/refundAmount")
                } else {
                    ("captureRequestId", "/captureRequestId", "/captureAmount")
                };
                Fact::Movement {
                    refund,
                    body: body(field, id_ptr),
                    id: key(field, id_ptr),
                    money: money(amount_ptr).map(|m| (m, src(amount_ptr))),
                    payment,
                }
            }
            "capture.response"
            | "notifyCapture.notification"
            | "refund.response"
            | "notifyRefund.notification" => {
                let refund = kind.contains("efund");
                let failed = status == Some("F") || text(payload, "/refundStatus") == Some("FAIL");
                let (field, id_ptr) = if refund {
                    ("refundRequestId", "/refundRequestId")
                } else {
                    ("captureRequestId", "/captureRequestId")
                };
                Fact::Outcome {
                    refund,
                    payment,
                    failed: if failed { key(field, id_ptr) } else { None },
                }
            }
            _ => match (request, payment) {
                (Some(request), Some(payment)) => Fact::Link { request, payment },
                _ => Fact::Nothing,
            },
        }
    }
}
