//! The [`Correlator`]: the cross-message state of one run, in two generations of bounded
//! size, and the rules applied as each observation arrives.

use super::facts::{Body, Fact, Observation, Src};
use super::key::{Key, KeyMap};
use super::payment::{Movement, Payment, Request, Success, MAX_MOVEMENTS};
use super::Linked;
use crate::rules;
use serde_json::Value;

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
        // A generation is full with `window` payments, or with twice as many request bodies
        // (a pay request and a capture or refund per payment is the usual flow; requests that
        // never make a payment would otherwise grow the body map without bound).
        if self.slots.len() < self.window && self.bodies.len() < 2 * self.window {
            return;
        }
        let mut full = std::mem::replace(self, Correlator::with_window(self.window));
        if let Some(oldest) = full.previous.take() {
            out.extend(oldest.finish());
        }
        self.previous = Some(Box::new(full));
    }

    /// Request bodies remembered, in both generations (for tests of the bound).
    #[doc(hidden)]
    pub fn bodies_held(&self) -> usize {
        self.bodies.len() + self.previous.as_ref().map_or(0, |p| p.bodies.len())
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
    use super::super::*;
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
