//! What is kept per payment, and the checks that compare a payment's messages.

use std::collections::HashMap;

use super::{Linked, Money, Related, Src};
use crate::semantic::finding;
use crate::semantic::time::Instant;

/// At most this many amounts reported before the payment's request was seen are kept per
/// payment (resent notifications must not grow the state without bound).
pub(super) const MAX_PENDING: usize = 16;

/// The pay (or createPaymentSession) request of a payment.
pub(super) struct Request<L> {
    pub src: Src<L>,
    pub amount: Option<Money>,
    pub reference_order: Option<String>,
    pub expiry: Option<(Instant, Src<L>)>,
}

/// A capture or refund request of a payment.
pub(super) struct Movement<L> {
    pub id: String,
    pub money: Money,
    pub src: Src<L>,
    /// Its response or notification said it failed.
    pub failed: bool,
    pub checked: bool,
    /// Added to the refunded total.
    pub counted: bool,
}

/// A report that the payment succeeded.
pub(super) struct Success<L> {
    pub src: Src<L>,
    /// From a notification or an inquiry (not a pay response).
    pub reported: bool,
}

/// Everything kept about one payment: ids, amounts, a few locations; never a payload.
pub(super) struct Payment<L> {
    pub request_id: Option<String>,
    pub payment_id: Option<String>,
    pub request: Option<Request<L>>,
    /// The first amount Antom reported for the payment (used when the request is unseen).
    pub reported: Option<(Money, Src<L>)>,
    /// Amounts reported and not yet compared with the request.
    pub pending: Vec<(Money, Src<L>)>,
    pub captures: Vec<Movement<L>>,
    pub refunds: Vec<Movement<L>>,
    pub refunded: u128,
    pub created: Option<(Instant, Src<L>)>,
    pub expiry_checked: bool,
    pub success: Option<Success<L>>,
    pub order_checked: bool,
}

impl<L> Default for Payment<L> {
    fn default() -> Self {
        Payment {
            request_id: None,
            payment_id: None,
            request: None,
            reported: None,
            pending: Vec::new(),
            captures: Vec::new(),
            refunds: Vec::new(),
            refunded: 0,
            created: None,
            expiry_checked: false,
            success: None,
            order_checked: false,
        }
    }
}

impl<L: Clone> Payment<L> {
    /// Takes over what another record of the same payment knew.
    pub fn absorb(&mut self, other: Payment<L>) {
        self.request_id = self.request_id.take().or(other.request_id);
        self.payment_id = self.payment_id.take().or(other.payment_id);
        if self.request.is_none() {
            self.request = other.request;
        }
        if self.reported.is_none() {
            self.reported = other.reported;
        }
        for p in other.pending {
            if self.pending.len() < MAX_PENDING {
                self.pending.push(p);
            }
        }
        self.captures.extend(other.captures);
        self.refunds.extend(other.refunds);
        self.refunded += other.refunded;
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
            self.pending.clear();
            return;
        };
        for (money, src) in self.pending.drain(..) {
            if money != *asked {
                out.push(Linked {
                    finding: finding(
                        "payment-amount-mismatch",
                        src.pointer,
                        format!(
                            "the {} reports paymentAmount {money}, but the {} asked for {asked}",
                            src.what, request.src.what
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
        let (reference, ref_src) = (reference.clone(), ref_src.clone());
        for c in self.captures.iter_mut().filter(|c| !c.checked) {
            c.checked = true;
            if c.money != reference {
                out.push(Linked {
                    finding: finding(
                        "capture-amount-mismatch",
                        c.src.pointer,
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
        let live: Vec<&Movement<L>> = self.captures.iter().filter(|c| !c.failed).collect();
        if let Some(first) = live.first() {
            let currency = &first.money.currency;
            if live.iter().all(|c| &c.money.currency == currency) {
                let mut seen: HashMap<&str, u64> = HashMap::new();
                for c in &live {
                    seen.insert(&c.id, c.money.minor);
                }
                let total: u128 = seen.values().map(|v| u128::from(*v)).sum();
                let minor = u64::try_from(total).unwrap_or(u64::MAX);
                let money = Money {
                    currency: currency.clone(),
                    minor,
                };
                return Some((money, first.src.clone(), "captured"));
            }
        }
        self.reference()
            .map(|(m, s)| (m.clone(), s.clone(), "paid"))
    }

    fn refunds(&mut self, out: &mut Vec<Linked<L>>) {
        let Some((limit, limit_src, verb)) = self.refund_limit() else {
            return;
        };
        let mut seen: Vec<String> = self
            .refunds
            .iter()
            .filter(|r| r.counted)
            .map(|r| r.id.clone())
            .collect();
        for r in self.refunds.iter_mut().filter(|r| !r.checked) {
            r.checked = true;
            if r.failed || seen.contains(&r.id) {
                continue;
            }
            if r.money.currency != limit.currency {
                out.push(Linked {
                    finding: finding(
                        "refund-exceeds-payment",
                        r.src.pointer,
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
            seen.push(r.id.clone());
            self.refunded += u128::from(r.money.minor);
            if self.refunded > u128::from(limit.minor) {
                out.push(Linked {
                    finding: finding(
                        "refund-exceeds-payment",
                        r.src.pointer,
                        format!(
                            "with refundAmount {} the refunds of this payment add up to {} {} (minor units), more than the {verb} amount {limit}",
                            r.money, limit.currency, self.refunded
                        ),
                    ),
                    at: r.src.at.clone(),
                    related: vec![limit_src.related(format!("the {verb} amount, {limit}"))],
                });
            }
        }
    }

    /// A refund or capture turned out to have failed: it no longer counts.
    pub fn mark_failed(&mut self, refund: bool, id: &str) {
        let list = if refund {
            &mut self.refunds
        } else {
            &mut self.captures
        };
        for m in list.iter_mut().filter(|m| m.id == id && !m.failed) {
            m.failed = true;
            if m.counted {
                m.counted = false;
                self.refunded = self.refunded.saturating_sub(u128::from(m.money.minor));
            }
        }
    }

    fn expiry(&mut self, out: &mut Vec<Linked<L>>) {
        if self.expiry_checked {
            return;
        }
        let (
            Some(Request {
                expiry: Some((expiry, expiry_src)),
                ..
            }),
            Some((created, created_src)),
        ) = (&self.request, &self.created)
        else {
            return;
        };
        self.expiry_checked = true;
        if expiry < created {
            out.push(Linked {
                finding: finding(
                    "expiry-before-creation",
                    expiry_src.pointer,
                    format!(
                        "paymentExpiryTime is earlier than the payment's creation time reported by the {}: the payment expired before it existed",
                        created_src.what
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
            pointer: self.pointer.to_string(),
            message: format!("{}: {message}", self.what),
        }
    }
}
