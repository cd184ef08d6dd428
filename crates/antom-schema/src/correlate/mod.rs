//! Rules across the messages of one capture: amounts of a payment's captures, notifications
//! and refunds, reused request ids, several successful payments of one order.
//!
//! A [`Correlator`] is fed every payload of a run in order ([`Correlator::observe`]) and
//! reports what it can as soon as both sides of a comparison are known, whatever order the
//! messages come in (a directory walked by name may hold the capture before the pay
//! request). What can only be known at the end (a successful payment whose request never
//! came) is reported by [`Correlator::finish`].
//!
//! `observe` is two steps that can run on different threads: [`Observation::read`] takes
//! what the rules need from one payload (ids as digests, amounts, times, locations) anywhere,
//! [`Correlator::apply`] applies it in input order.
//!
//! # Memory
//!
//! The state grows with the number of payments and request ids seen, never with the size of
//! payloads or the number of retries and resent notifications. Payloads are not kept, and ids
//! are kept as 128-bit digests, not text. Per payment: whether it has a paymentRequestId; the
//! request's amount, referenceOrderId (digest and a 40-character excerpt for messages) and
//! expiry time; the first amount Antom reported and at most 16 amounts not yet compared; at
//! most 1,000 capture and 1,000 refund requests (id digest, amount, status flags); the
//! earliest creation time; the first success report. Per id (paymentRequestId, paymentId,
//! captureRequestId, refundRequestId): the payment it belongs to, and for request ids a
//! 64-bit hash of the first body. Per referenceOrderId: its first successful payment. Each
//! fact carries the caller's location value `L` (for the linter: file, record, line and
//! column in 24 bytes) and two one-byte table indices (pointer and message label). About 0.6 KB
//! of memory per payment in all, maps and allocator overhead included.
//!
//! The payments followed at once are bounded: the state lives in two generations of at most
//! `window` payments each (see [`Correlator`]), so memory stays flat however long the capture.
//!
//! Amounts are compared as integers of minor units in the same currency, never as floats.

mod payment;
mod wire;

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use serde_json::Value;

use crate::catalog::Role;
use crate::finding::Finding;
use crate::rules::{self, Rule};
use crate::semantic::lookup;
use crate::semantic::time::{self, Instant};
use payment::{Movement, Payment, Request, Success, MAX_MOVEMENTS};
pub use wire::FORMAT as FACTS_FORMAT;

/// A currency code as written, kept inline (its first 8 characters, at most 12 bytes): the
/// correlator holds several amounts per payment and none of them allocates.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    bytes: [u8; 12],
    len: u8,
}

impl Currency {
    /// The code, cut to its first 8 characters (and 12 bytes) like every stored code.
    pub fn new(code: &str) -> Currency {
        let mut bytes = [0u8; 12];
        let mut len = 0;
        for c in code.chars().take(8) {
            let n = c.len_utf8();
            if len + n > bytes.len() {
                break;
            }
            c.encode_utf8(&mut bytes[len..]);
            len += n;
        }
        Currency {
            bytes,
            len: len as u8,
        }
    }

    /// The stored code.
    pub fn as_str(&self) -> &str {
        // Only whole characters are ever copied in.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An amount: a currency and an integer number of its minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    /// ISO 4217 code as written.
    pub currency: Currency,
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
            currency: Currency::new(currency),
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

/// The pointers facts are read from (a [`Src`] keeps an index into this table).
const POINTERS: [&str; 10] = [
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
const LABELS: [&str; 8] = [
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
struct Src<L> {
    at: L,
    pointer: u8,
    what: u8,
}

impl<L> Src<L> {
    fn new(at: L, pointer: &'static str, what: u8) -> Src<L> {
        let index = POINTERS.iter().position(|p| *p == pointer);
        debug_assert!(index.is_some(), "{pointer} is not in POINTERS");
        Src {
            at,
            pointer: index.unwrap_or(0) as u8,
            what,
        }
    }

    fn pointer(&self) -> &'static str {
        POINTERS[usize::from(self.pointer)]
    }

    fn relocate<M>(self, f: &impl Fn(L) -> M) -> Src<M> {
        Src {
            at: f(self.at),
            pointer: self.pointer,
            what: self.what,
        }
    }

    fn what(&self) -> &'static str {
        LABELS[usize::from(self.what)]
    }

    /// Who wrote the message (the one of [`LABELS`]).
    fn role(&self) -> Option<Role> {
        match self.what {
            1 | 2 | 6 | 7 => Some(Role::Request),
            3 | 5 => Some(Role::Response),
            4 => Some(Role::Notification),
            _ => None,
        }
    }

    /// A finding of `rule` at this fact's member.
    fn finding(&self, rule: &'static Rule, message: String) -> Finding {
        rule.finding(self.role(), self.pointer(), message)
    }
}

/// A 128-bit digest of an id and the member it was read from. Ids are kept as digests, not
/// text: two different ids share a digest with a probability near 2^-128 per pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key(std::num::NonZeroU64, u64);

impl Key {
    fn new(space: &str, id: &str) -> Key {
        let mut a = DefaultHasher::new();
        (0u8, space, id).hash(&mut a);
        let mut b = DefaultHasher::new();
        (1u8, space, id).hash(&mut b);
        // The lowest bit of the first half is always set (127 bits of digest): an absent key
        // then costs no extra space (`Option<Key>` is as small as `Key`).
        Key(std::num::NonZeroU64::MIN | a.finish(), b.finish())
    }
}

/// Keys are digests already: the map uses their first half as its hash.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = self.0.rotate_left(29) ^ n;
    }
}

type KeyMap<V> = HashMap<Key, V, BuildHasherDefault<KeyHasher>>;

enum Slot<L> {
    Live(Box<Payment<L>>),
    /// Merged into another payment once an id linked them.
    Moved(usize),
    /// Taken over by the newer generation of the state.
    Adopted,
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

/// Payments one generation of the state holds by default (see [`Correlator::with_window`]).
pub const DEFAULT_WINDOW: usize = 25_000;

/// Cross-message state of one run. `L` is the caller's location of a pointer in a record.
///
/// The state is kept in two generations so that memory stays bounded on captures of any
/// size: once the current generation holds `window` payments it becomes the previous one and
/// a new one starts, and the generation before it is dropped (its end-of-run notes are
/// reported then). A payment of the previous generation that a message names again is taken
/// over by the current one, so a flow is followed as long as no more than `window` other
/// payments start between two of its messages.
pub struct Correlator<L> {
    window: usize,
    previous: Option<Box<Correlator<L>>>,
    slots: Vec<Slot<L>>,
    by_request: KeyMap<usize>,
    by_payment: KeyMap<usize>,
    bodies: KeyMap<FirstBody<L>>,
    capture_owner: KeyMap<usize>,
    refund_owner: KeyMap<usize>,
    orders: KeyMap<(usize, Src<L>)>,
}

impl<L> Default for Correlator<L> {
    fn default() -> Self {
        Correlator {
            window: DEFAULT_WINDOW,
            previous: None,
            slots: Vec::new(),
            by_request: KeyMap::default(),
            by_payment: KeyMap::default(),
            bodies: KeyMap::default(),
            capture_owner: KeyMap::default(),
            refund_owner: KeyMap::default(),
            orders: KeyMap::default(),
        }
    }
}

fn label(kind: &str) -> u8 {
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

fn text<'a>(payload: &'a Value, pointer: &str) -> Option<&'a str> {
    lookup(payload, pointer)
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

/// What one payload tells the correlator. Reading it ([`Observation::read`]) needs only the
/// payload, so it can run on any thread; applying it ([`Correlator::apply`]) must follow
/// the input order. It holds digests, amounts, instants and locations, never the payload.
pub struct Observation<L> {
    fact: Fact<L>,
}

impl<L> std::fmt::Debug for Observation<L> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Digests and amounts: nothing a reader could use.
        f.debug_struct("Observation").finish_non_exhaustive()
    }
}

/// A request id and a hash of the body it came with.
struct Body<L> {
    field: &'static str,
    id: Key,
    hash: u64,
    src: Src<L>,
}

enum Fact<L> {
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
    fn relocate<M>(self, f: &impl Fn(L) -> M) -> Body<M> {
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
    fn read(kind: &str, payload: &Value, locate: impl Fn(&str) -> L) -> Fact<L> {
        let what = label(kind);
        let src = |pointer: &'static str| Src::new(locate(pointer), pointer, what);
        let key = |space: &str, pointer: &str| text(payload, pointer).map(|t| Key::new(space, t));
        let request = key("paymentRequestId", "/paymentRequestId");
        let payment = key("paymentId", "/paymentId");
        let money = |pointer: &str| lookup(payload, pointer).and_then(Money::from_value);
        let status = text(payload, "/result/resultStatus");
        let body = |field: &'static str, pointer: &'static str| {
            let id = key(field, pointer)?;
            let mut h = DefaultHasher::new();
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

impl<L: Clone> Correlator<L> {
    /// An empty state.
    pub fn new() -> Correlator<L> {
        Correlator::default()
    }

    /// An empty state whose generations hold `window` payments each (at least 1).
    pub fn with_window(window: usize) -> Correlator<L> {
        Correlator {
            window: window.max(1),
            ..Correlator::default()
        }
    }

    /// Payments one generation holds.
    pub fn window(&self) -> usize {
        self.window
    }

    /// Starts a new generation when the current one is full; the generation before the
    /// previous one is dropped and its end-of-run notes go to `out`.
    fn rotate(&mut self, out: &mut Vec<Linked<L>>) {
        if self.slots.len() < self.window {
            return;
        }
        let mut full = std::mem::replace(self, Correlator::with_window(self.window));
        if let Some(oldest) = full.previous.take() {
            out.extend(oldest.finish());
        }
        self.previous = Some(Box::new(full));
    }

    /// Takes over a payment of the previous generation (found there through `lookup`):
    /// it moves, with its ids, into the current one. Returns its index here.
    fn adopt(&mut self, lookup: impl FnOnce(&Correlator<L>) -> Option<usize>) -> Option<usize> {
        let previous = self.previous.as_mut()?;
        let at = previous.find(lookup(previous)?);
        let Slot::Live(payment) = std::mem::replace(previous.slots.get_mut(at)?, Slot::Adopted)
        else {
            return None;
        };
        self.slots.push(Slot::Live(payment));
        let index = self.slots.len() - 1;
        let Slot::Live(p) = &self.slots[index] else {
            return None;
        };
        let (request_key, payment_key) = (p.request_key, p.payment_key);
        let (captures, refunds): (Vec<Key>, Vec<Key>) =
            p.moves.as_ref().map_or_else(Default::default, |m| {
                (
                    m.captures.iter().map(|c| c.id).collect(),
                    m.refunds.iter().map(|r| r.id).collect(),
                )
            });
        if let Some(k) = request_key {
            self.by_request.insert(k, index);
        }
        if let Some(k) = payment_key {
            self.by_payment.entry(k).or_insert(index);
        }
        for id in captures {
            self.capture_owner.insert(id, index);
        }
        for id in refunds {
            self.refund_owner.insert(id, index);
        }
        Some(index)
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
            Slot::Moved(_) | Slot::Adopted => unreachable!("find returns a live slot"),
        }
    }

    /// The payment these ids name, created or merged as needed.
    fn payment(
        &mut self,
        request_key: Option<Key>,
        payment_key: Option<Key>,
        out: &mut Vec<Linked<L>>,
    ) -> Option<usize> {
        let a = match request_key.and_then(|r| self.by_request.get(&r)) {
            Some(i) => Some(self.find(*i)),
            None => request_key.and_then(|r| self.adopt(|prev| prev.by_request.get(&r).copied())),
        };
        let b = match payment_key.and_then(|p| self.by_payment.get(&p)) {
            Some(i) => Some(self.find(*i)),
            None => payment_key.and_then(|p| self.adopt(|prev| prev.by_payment.get(&p).copied())),
        };
        let index = match (a, b) {
            (None, None) => {
                request_key.or(payment_key)?;
                self.slots.push(Slot::Live(Box::default()));
                self.slots.len() - 1
            }
            (Some(i), None) | (None, Some(i)) => i,
            (Some(a), Some(b)) if a == b => a,
            (Some(a), Some(b)) => {
                let compatible = self.live(b).request_key.is_none();
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
        if let Some(r) = request_key {
            let p = self.live(index);
            p.request_key.get_or_insert(r);
            self.by_request.entry(r).or_insert(index);
        }
        if let Some(k) = payment_key {
            let p = self.live(index);
            p.payment_key.get_or_insert(k);
            self.by_payment.entry(k).or_insert(index);
        }
        Some(index)
    }

    /// Records the body of a request id; reports a different body under a known id.
    fn body(&mut self, body: Option<Body<L>>, out: &mut Vec<Linked<L>>) -> Seen {
        let Some(Body {
            field,
            id,
            hash,
            src,
        }) = body
        else {
            return Seen::New;
        };
        let known = self
            .bodies
            .get(&id)
            .or_else(|| self.previous.as_ref().and_then(|prev| prev.bodies.get(&id)));
        match known {
            None => {
                self.bodies.insert(id, FirstBody { hash, src });
                Seen::New
            }
            Some(first) if first.hash == hash => Seen::Retry,
            Some(first) => {
                out.push(Linked {
                    finding: src.finding(
                        &rules::REQUEST_ID_REUSED,
                        format!(
                            "this {} reuses the {field} of an earlier {} with a different body; a retry must resend the same request, a new request needs a new id",
                            src.what(), first.src.what()
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
    /// pointer in this payload. The same as [`Correlator::apply`] of [`Observation::read`].
    pub fn observe(
        &mut self,
        kind: &str,
        payload: &Value,
        locate: impl Fn(&str) -> L,
    ) -> Vec<Linked<L>> {
        self.apply(Observation::read(kind, payload, locate))
    }

    /// Applies what one payload said (in input order); returns the findings it completes.
    pub fn apply(&mut self, observation: Observation<L>) -> Vec<Linked<L>> {
        let mut out = Vec::new();
        if matches!(observation.fact, Fact::Nothing) {
            return out;
        }
        self.rotate(&mut out);
        match observation.fact {
            Fact::Nothing => {}
            Fact::Request {
                body,
                request,
                amount,
                order,
                expiry,
            } => {
                if !matches!(self.body(body, &mut out), Seen::New) {
                    return out;
                }
                let Some(index) = self.payment(request, None, &mut out) else {
                    return out;
                };
                let p = self.live(index);
                if p.request.is_none() {
                    p.request = Some(Box::new(Request {
                        src: amount.1,
                        amount: amount.0,
                        // Copied here: long-lived state is better allocated by the thread that
                        // keeps it than pinned in the heap of the thread that read it.
                        reference_order: order.map(|(key, excerpt)| (key, Box::from(&*excerpt))),
                        expiry,
                    }));
                }
                self.settle(index, &mut out);
            }
            Fact::Report {
                request,
                payment,
                succeeded,
                reported,
                success_src,
                created,
                amount,
            } => {
                let Some(index) = self.payment(request, payment, &mut out) else {
                    return out;
                };
                let p = self.live(index);
                if let Some((m, src)) = amount {
                    p.report(m, src);
                }
                if let Some((c, src)) = created {
                    if p.created.as_ref().is_none_or(|(old, _)| c < *old) {
                        p.created = Some((c, src));
                    }
                }
                if succeeded && p.success.is_none() {
                    p.success = Some(Success {
                        src: success_src,
                        reported,
                    });
                }
                self.settle(index, &mut out);
            }
            Fact::Movement {
                refund,
                body,
                id,
                money,
                payment,
            } => {
                if !matches!(self.body(body, &mut out), Seen::New) {
                    return out;
                }
                let (Some(id), Some((money, src))) = (id, money) else {
                    return out;
                };
                let Some(index) = self.payment(None, payment, &mut out) else {
                    return out;
                };
                let movement = Movement {
                    id,
                    money,
                    src,
                    failed: false,
                    checked: false,
                    counted: false,
                };
                let owners = if refund {
                    &mut self.refund_owner
                } else {
                    &mut self.capture_owner
                };
                owners.entry(id).or_insert(index);
                let p = self.live(index);
                let moves = p.moves.get_or_insert_with(Box::default);
                let list = if refund {
                    &mut moves.refunds
                } else {
                    &mut moves.captures
                };
                if list.len() < MAX_MOVEMENTS {
                    list.push(movement);
                }
                self.settle(index, &mut out);
            }
            Fact::Outcome {
                refund,
                payment,
                failed,
            } => {
                if payment.is_some() {
                    self.payment(None, payment, &mut out);
                }
                let owner = move |state: &Correlator<L>, id: &Key| {
                    let owners = if refund {
                        &state.refund_owner
                    } else {
                        &state.capture_owner
                    };
                    owners.get(id).copied()
                };
                if let Some(id) = failed {
                    let index = owner(self, &id).or_else(|| self.adopt(|prev| owner(prev, &id)));
                    if let Some(index) = index {
                        self.live(index).mark_failed(refund, id);
                    }
                }
            }
            Fact::Link { request, payment } => {
                self.payment(Some(request), Some(payment), &mut out);
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
        let (Some(success), Some((order, excerpt))) = (
            p.success.as_ref().map(|s| s.src.clone()),
            p.request.as_ref().and_then(|r| r.reference_order.clone()),
        ) else {
            return;
        };
        p.order_checked = true;
        // A payment of the previous generation that reaches this point was never adopted (an
        // adopted one has its order checked already): it is another payment.
        let earlier = match self.orders.get(&order) {
            Some((other, first)) => (self.find(*other) != index).then_some(first),
            None => self
                .previous
                .as_ref()
                .and_then(|prev| prev.orders.get(&order))
                .map(|(_, first)| first),
        };
        match earlier {
            None if !self.orders.contains_key(&order) => {
                self.orders.insert(order, (index, success));
            }
            Some(first) => {
                out.push(Linked {
                    finding: success.finding(
                        &rules::DUPLICATE_SUCCESSFUL_PAYMENT,
                        format!(
                            "a second successful payment for the same merchant order (referenceOrderId {excerpt}); only one payment of an order may succeed: cancel or refund the extra one"
                        ),
                    ),
                    at: success.at,
                    related: vec![first.related("the first successful payment of this order".into())],
                });
            }
            None => {}
        }
    }

    /// What can only be said once every payload was seen: successful payments whose request
    /// is not in the capture (information).
    pub fn finish(mut self) -> Vec<Linked<L>> {
        let mut out = self.previous.take().map(|p| p.finish()).unwrap_or_default();
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
                    finding: src.finding(
                        &rules::PAYMENT_REQUEST_UNSEEN,
                        format!(
                            "the {} reports a successful payment whose pay request is not in the capture; its amount and order could not be checked",
                            src.what()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_codes_are_cut_on_character_boundaries() {
        assert_eq!(Currency::new("USD").as_str(), "USD");
        assert_eq!(Currency::new("").as_str(), "");
        assert_eq!(Currency::new("ABCDEFGHIJ").as_str(), "ABCDEFGH");
        // Four 3-byte characters fill the 12 bytes; the fifth is dropped whole.
        assert_eq!(Currency::new("€€€€€").as_str(), "€€€€");
        assert_eq!(Currency::new("USD"), Currency::new("USD"));
        assert_ne!(Currency::new("USD"), Currency::new("EUR"));
        assert_eq!(
            format!(
                "{}",
                Money::from_value(&serde_json::json!({"currency": "JPY", "value": "100"})).unwrap()
            ),
            "JPY 100"
        );
    }

    #[test]
    fn id_digests_depend_on_the_member() {
        assert_eq!(Key::new("paymentId", "a"), Key::new("paymentId", "a"));
        assert_ne!(
            Key::new("paymentId", "a"),
            Key::new("paymentRequestId", "a")
        );
        assert_ne!(Key::new("paymentId", "a"), Key::new("paymentId", "b"));
    }

    #[test]
    fn what_is_kept_per_payment_stays_small() {
        // The linter's location is 24 bytes; these bounds keep the per-payment state (see the
        // module documentation) from growing back unnoticed.
        type L = [u64; 3];
        assert!(std::mem::size_of::<Src<L>>() <= 32);
        assert!(std::mem::size_of::<Money>() <= 24);
        assert!(
            std::mem::size_of::<Payment<L>>() <= 240,
            "{}",
            std::mem::size_of::<Payment<L>>()
        );
        for p in POINTERS {
            assert_eq!(Src::new([0u64; 3], p, 3).pointer(), p);
        }
    }
}
