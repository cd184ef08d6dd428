//! What is kept per payment, and the checks that compare a payment's messages.

use super::{Key, Linked, Money, Related, Src};
use crate::rules::{
    CAPTURE_AMOUNT_MISMATCH, EXPIRY_BEFORE_CREATION, PAYMENT_AMOUNT_MISMATCH,
    REFUND_EXCEEDS_PAYMENT,
};
use crate::semantic::time::Instant;

/// At most this many amounts reported before the payment's request was seen are kept per
/// payment (resent notifications must not grow the state without bound).
pub(super) const MAX_PENDING: usize = 16;

/// At most this many capture requests, and as many refund requests, are kept per payment
/// (a payment is captured once and refunded a few times; the bound keeps a hostile capture
/// from growing one payment, and the work done per message, without limit). Requests beyond
/// it are not compared.
pub(super) const MAX_MOVEMENTS: usize = 1_000;

/// The pay (or createPaymentSession) request of a payment.
pub(super) struct Request<L> {
    pub src: Src<L>,
    pub amount: Option<Money>,
    /// Digest of the referenceOrderId, and its excerpt for messages.
    pub reference_order: Option<(Key, Box<str>)>,
    pub expiry: Option<(Instant, Src<L>)>,
}

/// A capture or refund request of a payment.
pub(super) struct Movement<L> {
    pub id: Key,
    pub money: Money,
    pub src: Src<L>,
    /// Its response or notification said it failed.
    pub failed: bool,
    pub checked: bool,
    /// Added to the refunded total.
    pub counted: bool,
}

/// The captures and refunds of a payment, and the refunded total in minor units.
pub(super) struct Movements<L> {
    pub captures: Vec<Movement<L>>,
    pub refunds: Vec<Movement<L>>,
    pub refunded: u64,
}

impl<L> Default for Movements<L> {
    fn default() -> Self {
        Movements {
            captures: Vec::new(),
            refunds: Vec::new(),
            refunded: 0,
        }
    }
}

/// A report that the payment succeeded.
pub(super) struct Success<L> {
    pub src: Src<L>,
    /// From a notification or an inquiry (not a pay response).
    pub reported: bool,
}

/// Everything kept about one payment: ids, amounts, a few locations; never a payload.
pub(super) struct Payment<L> {
    /// Digests of the paymentRequestId and the (first) paymentId naming this payment: what a
    /// newer generation of the state registers when it takes the payment over.
    pub request_key: Option<Key>,
    pub payment_key: Option<Key>,
    /// The first reported amount has not been compared with the request yet.
    pub reported_pending: bool,
    pub expiry_checked: bool,
    pub order_checked: bool,
    pub request: Option<Box<Request<L>>>,
    /// The first amount Antom reported for the payment (used when the request is unseen).
    pub reported: Option<(Money, Src<L>)>,
    /// Further amounts reported and not yet compared with the request.
    pub pending: Vec<(Money, Src<L>)>,
    /// Captures and refunds, once there is one (most payments have none).
    pub moves: Option<Box<Movements<L>>>,
    pub created: Option<(Instant, Src<L>)>,
    pub success: Option<Success<L>>,
}

impl<L> Default for Payment<L> {
    fn default() -> Self {
        Payment {
            request_key: None,
            payment_key: None,
            reported_pending: false,
            expiry_checked: false,
            order_checked: false,
            request: None,
            reported: None,
            pending: Vec::new(),
            moves: None,
            created: None,
            success: None,
        }
    }
}

impl<L: Clone> Payment<L> {
    /// Takes over what another record of the same payment knew.
    pub fn absorb(&mut self, other: Payment<L>) {
        self.request_key = self.request_key.or(other.request_key);
        self.payment_key = self.payment_key.or(other.payment_key);
        if self.request.is_none() {
            self.request = other.request;
        }
        if let Some((money, src)) = other.reported {
            if self.reported.is_none() {
                self.reported = Some((money, src));
                self.reported_pending = other.reported_pending;
            } else if other.reported_pending {
                self.pend(money, src);
            }
        }
        for (money, src) in other.pending {
            self.pend(money, src);
        }
        if let Some(theirs) = other.moves {
            let mine = self.moves.get_or_insert_with(Box::default);
            for (list, more) in [
                (&mut mine.captures, theirs.captures),
                (&mut mine.refunds, theirs.refunds),
            ] {
                let room = MAX_MOVEMENTS.saturating_sub(list.len());
                list.extend(more.into_iter().take(room));
            }
            mine.refunded = mine.refunded.saturating_add(theirs.refunded);
        }
        self.created = match (self.created.take(), other.created) {
            (Some(a), Some(b)) => Some(if b.0 < a.0 { b } else { a }),
            (a, b) => a.or(b),
        };
        self.expiry_checked |= other.expiry_checked;
        if self.success.is_none() {
            self.success = other.success;
            self.order_checked = other.order_checked;
        }
    }

    /// An amount Antom reported for this payment, to compare with the request.
    pub fn report(&mut self, money: Money, src: Src<L>) {
        if self.reported.is_none() {
            self.reported = Some((money, src));
            self.reported_pending = true;
        } else {
            self.pend(money, src);
        }
    }

    fn pend(&mut self, money: Money, src: Src<L>) {
        if self.pending.len() + usize::from(self.reported_pending) < MAX_PENDING {
            self.pending.push((money, src));
        }
    }

    /// The amount captures and refunds are compared with: the request's, else Antom's.
    fn reference(&self) -> Option<(&Money, &Src<L>)> {
        if let Some(r) = &self.request {
            if let Some(m) = &r.amount {
                return Some((m, &r.src));
            }
        }
        self.reported.as_ref().map(|(m, s)| (m, s))
    }

    /// Runs every check whose facts are now known; each fact is checked once.
    pub fn settle(&mut self, out: &mut Vec<Linked<L>>) {
        self.amounts(out);
        self.captures(out);
        self.refunds(out);
        self.expiry(out);
    }

    fn amounts(&mut self, out: &mut Vec<Linked<L>>) {
        let Some(request) = &self.request else {
            return;
        };
        let Some(asked) = &request.amount else {
            self.reported_pending = false;
            self.pending.clear();
            return;
        };
        let first = match (&self.reported, self.reported_pending) {
            (Some((money, src)), true) => Some((*money, src.clone())),
            _ => None,
        };
        self.reported_pending = false;
        for (money, src) in first.into_iter().chain(self.pending.drain(..)) {
            if money != *asked {
                out.push(Linked {
                    finding: src.finding(
                        &PAYMENT_AMOUNT_MISMATCH,
                        format!(
                            "the {} reports paymentAmount {money}, but the {} asked for {asked}",
                            src.what(),
                            request.src.what()
                        ),
                    ),
                    at: src.at,
                    related: vec![request
                        .src
                        .related(format!("the paymentAmount asked for, {asked}"))],
                });
            }
        }
    }

    fn captures(&mut self, out: &mut Vec<Linked<L>>) {
        let Some((reference, ref_src)) = self.reference() else {
            return;
        };
        let (reference, ref_src) = (*reference, ref_src.clone());
        let Some(moves) = self.moves.as_deref_mut() else {
            return;
        };
        for c in moves.captures.iter_mut().filter(|c| !c.checked) {
            c.checked = true;
            if c.money != reference {
                out.push(Linked {
                    finding: c.src.finding(
                        &CAPTURE_AMOUNT_MISMATCH,
                        format!(
                            "captureAmount {} differs from the authorized amount {reference} (the total capture must equal the total authorized amount)",
                            c.money
                        ),
                    ),
                    at: c.src.at.clone(),
                    related: vec![ref_src.related(format!("the authorized amount, {reference}"))],
                });
            }
        }
    }

    /// The most that may be refunded, and where it comes from.
    fn refund_limit(&self) -> Option<(Money, Src<L>, &'static str)> {
        let captures = self.moves.as_ref().map_or(&[][..], |m| &m.captures[..]);
        let live: Vec<&Movement<L>> = captures.iter().filter(|c| !c.failed).collect();
        if let Some(first) = live.first() {
            let currency = first.money.currency;
            if live.iter().all(|c| c.money.currency == currency) {
                // Capture ids are unique: a second capture request with a known id is a
                // retry or a conflict and never becomes a movement.
                let total: u128 = live.iter().map(|c| u128::from(c.money.minor)).sum();
                let minor = u64::try_from(total).unwrap_or(u64::MAX);
                let money = Money { currency, minor };
                return Some((money, first.src.clone(), "captured"));
            }
        }
        self.reference().map(|(m, s)| (*m, s.clone(), "paid"))
    }

    fn refunds(&mut self, out: &mut Vec<Linked<L>>) {
        if self
            .moves
            .as_ref()
            .is_none_or(|m| m.refunds.iter().all(|r| r.checked))
        {
            return;
        }
        let Some((limit, limit_src, verb)) = self.refund_limit() else {
            return;
        };
        let Some(moves) = self.moves.as_deref_mut() else {
            return;
        };
        for r in moves.refunds.iter_mut().filter(|r| !r.checked) {
            r.checked = true;
            if r.failed {
                continue;
            }
            if r.money.currency != limit.currency {
                out.push(Linked {
                    finding: r.src.finding(
                        &REFUND_EXCEEDS_PAYMENT,
                        format!(
                            "refundAmount {} is in another currency than the {verb} amount {limit}",
                            r.money
                        ),
                    ),
                    at: r.src.at.clone(),
                    related: vec![limit_src.related(format!("the {verb} amount, {limit}"))],
                });
                continue;
            }
            r.counted = true;
            moves.refunded = moves.refunded.saturating_add(r.money.minor);
            if moves.refunded > limit.minor {
                out.push(Linked {
                    finding: r.src.finding(
                        &REFUND_EXCEEDS_PAYMENT,
                        format!(
                            "with refundAmount {} the refunds of this payment add up to {} {} (minor units), more than the {verb} amount {limit}",
                            r.money, limit.currency, moves.refunded
                        ),
                    ),
                    at: r.src.at.clone(),
                    related: vec![limit_src.related(format!("the {verb} amount, {limit}"))],
                });
            }
        }
    }

    /// A refund or capture turned out to have failed: it no longer counts.
    pub fn mark_failed(&mut self, refund: bool, id: Key) {
        let Some(moves) = self.moves.as_deref_mut() else {
            return;
        };
        let list = if refund {
            &mut moves.refunds
        } else {
            &mut moves.captures
        };
        for m in list.iter_mut().filter(|m| m.id == id && !m.failed) {
            m.failed = true;
            if m.counted {
                m.counted = false;
                moves.refunded = moves.refunded.saturating_sub(m.money.minor);
            }
        }
    }

    fn expiry(&mut self, out: &mut Vec<Linked<L>>) {
        if self.expiry_checked {
            return;
        }
        let (Some((expiry, expiry_src)), Some((created, created_src))) = (
            self.request.as_ref().and_then(|r| r.expiry.as_ref()),
            &self.created,
        ) else {
            return;
        };
        self.expiry_checked = true;
        if expiry < created {
            out.push(Linked {
                finding: expiry_src.finding(
                    &EXPIRY_BEFORE_CREATION,
                    format!(
                        "paymentExpiryTime is earlier than the payment's creation time reported by the {}: the payment expired before it existed",
                        created_src.what()
                    ),
                ),
                at: expiry_src.at.clone(),
                related: vec![created_src.related("paymentCreateTime, the creation time".into())],
            });
        }
    }
}

impl<L: Clone> Src<L> {
    pub(super) fn related(&self, message: String) -> Related<L> {
        Related {
            at: self.at.clone(),
            pointer: self.pointer().to_string(),
            message: format!("{}: {message}", self.what()),
        }
    }
}
