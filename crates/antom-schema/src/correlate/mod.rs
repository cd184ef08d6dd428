//! Rules across the messages of one capture: amounts of a payment's captures, notifications
//! and refunds, reused request ids, several successful payments of one order.
//!
//! A [`Correlator`] is fed every payload of a run in order ([`Correlator::observe`]) and
//! reports what it can as soon as both sides of a comparison are known, whatever order the
//! messages come in (a directory walked by name may hold the capture before the pay
//! request). What can only be known at the end (a successful payment whose request never
//! came) is reported by [`Correlator::finish`].
//!
//! # Memory
//!
//! The state grows with the number of payments and request ids seen, never with the size of
//! payloads or the number of retries and resent notifications. Payloads are not kept. Per
//! payment: its paymentRequestId and paymentId; the request's amount, referenceOrderId and
//! expiry time; the first amount Antom reported and at most 16 amounts not yet compared; each
//! capture and refund request (id, amount, status flags); the earliest creation time; the
//! first success report. Per request id (paymentRequestId, captureRequestId,
//! refundRequestId): a 64-bit hash of the first body. Per referenceOrderId: its first
//! successful payment. Each of these carries the caller's location value `L` (for the
//! linter: a file index, a record number and a byte offset).
//!
//! Amounts are compared as integers of minor units in the same currency, never as floats.

mod payment;

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde_json::Value;

use crate::finding::Finding;
use crate::semantic::finding;
use crate::semantic::time::{self, Instant};
use payment::{Movement, Payment, Request, Success, MAX_PENDING};

/// An amount: a currency and an integer number of its minor units.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Money {
    /// ISO 4217 code as written.
    pub currency: String,
    /// Minor units (cents for USD, whole units for JPY).
    pub minor: u64,
}

impl Money {
    /// Reads an `Amount` object (`{"currency": "USD", "value": "4200"}`); `None` when the value
    /// is not a string of at most 19 decimal digits.
    pub fn from_value(value: &Value) -> Option<Money> {
        let currency = value.get("currency")?.as_str()?;
        let digits = value.get("value")?.as_str()?;
        if digits.is_empty() || digits.len() > 19 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(Money {
            currency: currency.chars().take(8).collect(),
            minor: digits.parse().ok()?,
        })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.minor)
    }
}

/// Another record a cross-message finding refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related<L> {
    /// The caller's location of that record (as returned by its `locate`).
    pub at: L,
    /// JSON Pointer in that record's payload.
    pub pointer: String,
    /// What is there.
    pub message: String,
}

/// A finding about one record that involves others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked<L> {
    /// The finding; its pointer is in the record at `at`.
    pub finding: Finding,
    /// The caller's location of the record (and pointer) the finding is about.
    pub at: L,
    /// The other records involved.
    pub related: Vec<Related<L>>,
}

/// Where a fact came from.
#[derive(Debug, Clone)]
struct Src<L> {
    at: L,
    pointer: &'static str,
    what: &'static str,
}

enum Slot<L> {
    Live(Box<Payment<L>>),
    /// Merged into another payment once an id linked them.
    Moved(usize),
}

/// First body seen for a request id.
struct FirstBody<L> {
    hash: u64,
    src: Src<L>,
}

/// What happened to a request id.
enum Seen {
    New,
    Retry,
    Conflict,
}

/// Cross-message state of one run. `L` is the caller's location of a pointer in a record.
pub struct Correlator<L> {
    slots: Vec<Slot<L>>,
    by_request: HashMap<String, usize>,
    by_payment: HashMap<String, usize>,
    bodies: HashMap<(&'static str, String), FirstBody<L>>,
    capture_owner: HashMap<String, usize>,
    refund_owner: HashMap<String, usize>,
    orders: HashMap<String, (usize, Src<L>)>,
}

impl<L> Default for Correlator<L> {
    fn default() -> Self {
        Correlator {
            slots: Vec::new(),
            by_request: HashMap::new(),
            by_payment: HashMap::new(),
            bodies: HashMap::new(),
            capture_owner: HashMap::new(),
            refund_owner: HashMap::new(),
            orders: HashMap::new(),
        }
    }
}

fn label(kind: &str) -> &'static str {
    match kind {
        "pay.request" => "pay request",
        "createPaymentSession.request" => "createPaymentSession request",
        "pay.response" => "pay response",
        "notifyPayment.notification" => "notifyPayment notification",
        "inquiryPayment.response" => "inquiryPayment response",
        "capture.request" => "capture request",
        "refund.request" => "refund request",
        _ => "message",
    }
}

fn text<'a>(payload: &'a Value, pointer: &str) -> Option<&'a str> {
    payload
        .pointer(pointer)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// A hash of a JSON value that ignores key order.
fn hash_value(value: &Value, h: &mut DefaultHasher) {
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
            items.len().hash(h);
            items.iter().for_each(|v| hash_value(v, h));
        }
        Value::String(s) => (3u8, s).hash(h),
        Value::Number(n) => (2u8, n.to_string()).hash(h),
        Value::Bool(b) => (1u8, b).hash(h),
        Value::Null => 0u8.hash(h),
    }
}

impl<L: Clone> Correlator<L> {
    /// An empty state.
    pub fn new() -> Correlator<L> {
        Correlator::default()
    }

    fn find(&self, mut index: usize) -> usize {
        while let Some(Slot::Moved(next)) = self.slots.get(index) {
            index = *next;
        }
        index
    }

    fn live(&mut self, index: usize) -> &mut Payment<L> {
        let index = self.find(index);
        match &mut self.slots[index] {
            Slot::Live(p) => p,
            Slot::Moved(_) => unreachable!("find returns a live slot"),
        }
    }

    /// The payment these ids name, created or merged as needed.
    fn payment(
        &mut self,
        request_id: Option<&str>,
        payment_id: Option<&str>,
        out: &mut Vec<Linked<L>>,
    ) -> Option<usize> {
        let a = request_id
            .and_then(|r| self.by_request.get(r))
            .map(|i| self.find(*i));
        let b = payment_id
            .and_then(|p| self.by_payment.get(p))
            .map(|i| self.find(*i));
        let index = match (a, b) {
            (None, None) => {
                request_id.or(payment_id)?;
                self.slots.push(Slot::Live(Box::default()));
                self.slots.len() - 1
            }
            (Some(i), None) | (None, Some(i)) => i,
            (Some(a), Some(b)) if a == b => a,
            (Some(a), Some(b)) => {
                let compatible = self.live(b).request_id.is_none();
                if compatible {
                    let Slot::Live(other) = std::mem::replace(&mut self.slots[b], Slot::Moved(a))
                    else {
                        return Some(a);
                    };
                    self.live(a).absorb(*other);
                    self.live(a).settle(out);
                }
                a
            }
        };
        let p = self.live(index);
        if let Some(r) = request_id {
            p.request_id.get_or_insert_with(|| r.to_string());
            self.by_request.entry(r.to_string()).or_insert(index);
        }
        let p = self.live(index);
        if let Some(id) = payment_id {
            p.payment_id.get_or_insert_with(|| id.to_string());
            self.by_payment.entry(id.to_string()).or_insert(index);
        }
        Some(index)
    }

    /// Records the body of a request id; reports a different body under a known id.
    fn body(
        &mut self,
        field: &'static str,
        kind: &str,
        payload: &Value,
        src: Src<L>,
        out: &mut Vec<Linked<L>>,
    ) -> Seen {
        let Some(id) = text(payload, src.pointer) else {
            return Seen::New;
        };
        let mut h = DefaultHasher::new();
        kind.hash(&mut h);
        hash_value(payload, &mut h);
        let hash = h.finish();
        match self.bodies.get(&(field, id.to_string())) {
            None => {
                self.bodies
                    .insert((field, id.to_string()), FirstBody { hash, src });
                Seen::New
            }
            Some(first) if first.hash == hash => Seen::Retry,
            Some(first) => {
                out.push(Linked {
                    finding: finding(
                        "request-id-reused",
                        src.pointer,
                        format!(
                            "this {} reuses the {field} of an earlier {} with a different body; a retry must resend the same request, a new request needs a new id",
                            src.what, first.src.what
                        ),
                    ),
                    at: src.at,
                    related: vec![first.src.related(format!("the first request with this {field}"))],
                });
                Seen::Conflict
            }
        }
    }

    /// Checks one payload of a kind (a catalog id) against what the run has seen, and
    /// remembers what later payloads need. `locate` gives the caller's location of a
    /// pointer in this payload.
    pub fn observe(
        &mut self,
        kind: &str,
        payload: &Value,
        locate: impl Fn(&str) -> L,
    ) -> Vec<Linked<L>> {
        let mut out = Vec::new();
        if !payload.is_object() {
            return out;
        }
        let what = label(kind);
        let src = |pointer: &'static str| Src {
            at: locate(pointer),
            pointer,
            what,
        };
        let request_id = text(payload, "/paymentRequestId");
        let payment_id = text(payload, "/paymentId");
        let money = |pointer: &str| payload.pointer(pointer).and_then(Money::from_value);
        let status = text(payload, "/result/resultStatus");
        match kind {
            "pay.request" | "createPaymentSession.request" => {
                let seen = self.body(
                    "paymentRequestId",
                    kind,
                    payload,
                    src("/paymentRequestId"),
                    &mut out,
                );
                if !matches!(seen, Seen::New) {
                    return out;
                }
                let Some(index) = self.payment(request_id, None, &mut out) else {
                    return out;
                };
                let expiry = time::instant_at(payload, "/paymentExpiryTime")
                    .map(|i| (i, src("/paymentExpiryTime")));
                let p = self.live(index);
                if p.request.is_none() {
                    p.request = Some(Request {
                        src: src("/paymentAmount"),
                        amount: money("/paymentAmount"),
                        reference_order: text(payload, "/order/referenceOrderId")
                            .map(str::to_string),
                        expiry,
                    });
                }
                self.settle(index, &mut out);
            }
            "pay.response" | "notifyPayment.notification" | "inquiryPayment.response" => {
                let Some(index) = self.payment(request_id, payment_id, &mut out) else {
                    return out;
                };
                let succeeded = match kind {
                    "pay.response" => {
                        status == Some("S")
                            && text(payload, "/result/resultCode") == Some("SUCCESS")
                    }
                    "notifyPayment.notification" => status == Some("S"),
                    _ => text(payload, "/paymentStatus") == Some("SUCCESS"),
                };
                let success_ptr = if kind == "inquiryPayment.response" {
                    "/paymentStatus"
                } else {
                    "/result/resultStatus"
                };
                let created: Option<Instant> = time::instant_at(payload, "/paymentCreateTime");
                let amount = money("/paymentAmount");
                let (amount_src, created_src, success_src) = (
                    src("/paymentAmount"),
                    src("/paymentCreateTime"),
                    src(success_ptr),
                );
                let p = self.live(index);
                if let Some(m) = amount {
                    if p.reported.is_none() {
                        p.reported = Some((m.clone(), amount_src.clone()));
                    }
                    if p.pending.len() < MAX_PENDING {
                        p.pending.push((m, amount_src));
                    }
                }
                if let Some(c) = created {
                    if p.created.as_ref().is_none_or(|(old, _)| c < *old) {
                        p.created = Some((c, created_src));
                    }
                }
                if succeeded && p.success.is_none() {
                    p.success = Some(Success {
                        src: success_src,
                        reported: kind != "pay.response",
                    });
                }
                self.settle(index, &mut out);
            }
            "capture.request" | "refund.request" => {
                let refund = kind == "refund.request";
                let (field, id_ptr, amount_ptr) = if refund {
                    ("refundRequestId", "/refundRequestId", "/refundAmount")
                } else {
                    ("captureRequestId", "/captureRequestId", "/captureAmount")
                };
                if !matches!(
                    self.body(field, kind, payload, src(id_ptr), &mut out),
                    Seen::New
                ) {
                    return out;
                }
                let (Some(id), Some(m)) = (text(payload, id_ptr), money(amount_ptr)) else {
                    return out;
                };
                let Some(index) = self.payment(None, payment_id, &mut out) else {
                    return out;
                };
                let movement = Movement {
                    id: id.to_string(),
                    money: m,
                    src: src(amount_ptr),
                    failed: false,
                    checked: false,
                    counted: false,
                };
                let owners = if refund {
                    &mut self.refund_owner
                } else {
                    &mut self.capture_owner
                };
                owners.entry(id.to_string()).or_insert(index);
                let p = self.live(index);
                if refund {
                    p.refunds.push(movement);
                } else {
                    p.captures.push(movement);
                }
                self.settle(index, &mut out);
            }
            "capture.response"
            | "notifyCapture.notification"
            | "refund.response"
            | "notifyRefund.notification" => {
                let refund = kind.contains("efund");
                if payment_id.is_some() {
                    self.payment(None, payment_id, &mut out);
                }
                let failed = status == Some("F") || text(payload, "/refundStatus") == Some("FAIL");
                let id_ptr = if refund {
                    "/refundRequestId"
                } else {
                    "/captureRequestId"
                };
                let owners = if refund {
                    &self.refund_owner
                } else {
                    &self.capture_owner
                };
                if let (true, Some(id)) = (failed, text(payload, id_ptr)) {
                    if let Some(index) = owners.get(id).copied() {
                        self.live(index).mark_failed(refund, id);
                    }
                }
            }
            _ => {
                if request_id.is_some() && payment_id.is_some() {
                    self.payment(request_id, payment_id, &mut out);
                }
            }
        }
        out
    }

    fn settle(&mut self, index: usize, out: &mut Vec<Linked<L>>) {
        let index = self.find(index);
        self.live(index).settle(out);
        // One successful payment per merchant order.
        let p = self.live(index);
        if p.order_checked {
            return;
        }
        let (Some(success), Some(order)) = (
            p.success.as_ref().map(|s| s.src.clone()),
            p.request.as_ref().and_then(|r| r.reference_order.clone()),
        ) else {
            return;
        };
        p.order_checked = true;
        match self.orders.get(&order) {
            None => {
                self.orders.insert(order, (index, success));
            }
            Some((other, first)) if self.find(*other) != index => {
                out.push(Linked {
                    finding: finding(
                        "duplicate-successful-payment",
                        success.pointer,
                        format!(
                            "a second successful payment for the same merchant order (referenceOrderId {}); only one payment of an order may succeed: cancel or refund the extra one",
                            crate::semantic::short(&order)
                        ),
                    ),
                    at: success.at,
                    related: vec![first.related("the first successful payment of this order".into())],
                });
            }
            Some(_) => {}
        }
    }

    /// What can only be said once every payload was seen: successful payments whose request
    /// is not in the capture (information).
    pub fn finish(self) -> Vec<Linked<L>> {
        let mut out = Vec::new();
        for slot in self.slots {
            let Slot::Live(p) = slot else {
                continue;
            };
            if p.request.is_some() {
                continue;
            }
            if let Some(Success {
                src,
                reported: true,
            }) = p.success
            {
                out.push(Linked {
                    finding: finding(
                        "payment-request-unseen",
                        src.pointer,
                        format!(
                            "the {} reports a successful payment whose pay request is not in the capture; its amount and order could not be checked",
                            src.what
                        ),
                    ),
                    at: src.at,
                    related: Vec::new(),
                });
            }
        }
        out
    }
}
