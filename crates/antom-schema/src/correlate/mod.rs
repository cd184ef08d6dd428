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

mod facts;
mod key;
mod money;
mod payment;
mod state;
mod wire;

use crate::finding::Finding;
// For payment.rs and wire.rs, which read them through `super`.
pub use facts::Observation;
#[cfg(test)]
pub(crate) use facts::READS;
use facts::{Body, Fact, Src, LABELS, POINTERS};
use key::Key;
pub(crate) use money::{Currency, Money};
pub use state::{Correlator, DEFAULT_WINDOW};
pub use wire::FORMAT as FACTS_FORMAT;

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
