//! Facts as data: an [`Observation`] written out and read back, so that checking records and
//! correlating their facts can run in different processes (`antom-lint --facts`, then
//! `antom-lint correlate`; or executors and reducers of a distributed job).
//!
//! The form is JSON with ids as hex digests: it carries no payload text, only what the
//! cross-message rules compare. [`FORMAT`] names the form. The digests are SipHash-1-3 with
//! zero keys over a fixed encoding of the id (the `siphasher` crate: a specified algorithm,
//! unlike the standard library's `DefaultHasher`), so facts written by one build, toolchain or
//! platform correlate with facts written by another of the same form; a test pins digests.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Body, Currency, Fact, Key, Money, Observation, Src, LABELS, POINTERS};
use crate::semantic::time::Instant;

/// The name and version of the written form.
pub const FORMAT: &str = "antom-lint-facts/1";

#[derive(Serialize, Deserialize)]
struct WireKey(String);

impl From<Key> for WireKey {
    fn from(k: Key) -> WireKey {
        WireKey(format!("{:016x}{:016x}", k.0.get(), k.1))
    }
}

impl TryFrom<WireKey> for Key {
    type Error = String;
    fn try_from(w: WireKey) -> Result<Key, String> {
        let bad = || format!("not a fact key: {:?}", w.0);
        if w.0.len() != 32 || !w.0.is_ascii() {
            return Err(bad());
        }
        let a = u64::from_str_radix(&w.0[..16], 16).map_err(|_| bad())?;
        let b = u64::from_str_radix(&w.0[16..], 16).map_err(|_| bad())?;
        Ok(Key(std::num::NonZeroU64::new(a).ok_or_else(bad)?, b))
    }
}

/// Amounts and body hashes are written in hex: no run of decimal digits in a facts line can
/// be taken for (or be) a card number.
#[derive(Serialize, Deserialize)]
struct WireMoney {
    currency: String,
    minor: Hex,
}

#[derive(Serialize, Deserialize)]
struct Hex(String);

impl Hex {
    fn of(n: u64) -> Hex {
        Hex(format!("{n:x}"))
    }

    fn value(&self) -> Result<u64, String> {
        if self.0.is_empty() || self.0.len() > 16 || !self.0.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(format!("not a hex number: {:?}", self.0));
        }
        u64::from_str_radix(&self.0, 16).map_err(|e| e.to_string())
    }
}

#[derive(Serialize, Deserialize)]
struct WireInstant {
    secs: i64,
    nanos: u32,
}

#[derive(Serialize, Deserialize)]
struct WireSrc<L> {
    at: L,
    pointer: String,
    what: String,
}

#[derive(Serialize, Deserialize)]
struct WireBody<L> {
    field: String,
    id: WireKey,
    hash: Hex,
    src: WireSrc<L>,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "fact", rename_all = "camelCase", deny_unknown_fields)]
enum WireFact<L> {
    Nothing,
    Request {
        body: Option<WireBody<L>>,
        request: Option<WireKey>,
        amount: Option<WireMoney>,
        amount_src: WireSrc<L>,
        order: Option<(WireKey, String)>,
        expiry: Option<(WireInstant, WireSrc<L>)>,
    },
    Report {
        request: Option<WireKey>,
        payment: Option<WireKey>,
        succeeded: bool,
        reported: bool,
        success_src: WireSrc<L>,
        created: Option<(WireInstant, WireSrc<L>)>,
        amount: Option<(WireMoney, WireSrc<L>)>,
    },
    Movement {
        refund: bool,
        body: Option<WireBody<L>>,
        id: Option<WireKey>,
        money: Option<(WireMoney, WireSrc<L>)>,
        payment: Option<WireKey>,
    },
    Outcome {
        refund: bool,
        payment: Option<WireKey>,
        failed: Option<WireKey>,
    },
    Link {
        request: WireKey,
        payment: WireKey,
    },
}

fn key_out(k: Option<Key>) -> Option<WireKey> {
    k.map(WireKey::from)
}

fn key_in(k: Option<WireKey>) -> Result<Option<Key>, String> {
    k.map(Key::try_from).transpose()
}

fn money_out(m: Money) -> WireMoney {
    WireMoney {
        currency: m.currency.as_str().to_string(),
        minor: Hex::of(m.minor),
    }
}

fn money_in(m: WireMoney) -> Result<Money, String> {
    Ok(Money {
        currency: Currency::new(&m.currency),
        minor: m.minor.value()?,
    })
}

fn instant_out(i: Instant) -> WireInstant {
    WireInstant {
        secs: i.secs,
        nanos: i.nanos,
    }
}

fn instant_in(i: WireInstant) -> Result<Instant, String> {
    if i.nanos > 999_999_999 {
        return Err(format!("nanoseconds out of range: {}", i.nanos));
    }
    Ok(Instant {
        secs: i.secs,
        nanos: i.nanos,
    })
}

fn src_out<L: Clone>(s: &Src<L>) -> WireSrc<L> {
    WireSrc {
        at: s.at.clone(),
        pointer: s.pointer().to_string(),
        what: s.what().to_string(),
    }
}

fn src_in<L>(s: WireSrc<L>) -> Result<Src<L>, String> {
    let pointer = POINTERS
        .iter()
        .position(|p| *p == s.pointer)
        .ok_or_else(|| format!("not a fact pointer: {:?}", s.pointer))?;
    let what = LABELS
        .iter()
        .position(|l| *l == s.what)
        .ok_or_else(|| format!("not a message label: {:?}", s.what))?;
    Ok(Src {
        at: s.at,
        pointer: pointer as u8,
        what: what as u8,
    })
}

fn body_out<L: Clone>(b: &Body<L>) -> WireBody<L> {
    WireBody {
        field: b.field.to_string(),
        id: b.id.into(),
        hash: Hex::of(b.hash),
        src: src_out(&b.src),
    }
}

fn body_in<L>(b: WireBody<L>) -> Result<Body<L>, String> {
    let field = ["paymentRequestId", "captureRequestId", "refundRequestId"]
        .into_iter()
        .find(|f| *f == b.field)
        .ok_or_else(|| format!("not a request id member: {:?}", b.field))?;
    Ok(Body {
        field,
        id: b.id.try_into()?,
        hash: b.hash.value()?,
        src: src_in(b.src)?,
    })
}

impl<L: Clone> Fact<L> {
    fn to_wire(&self) -> WireFact<L> {
        match self {
            Fact::Nothing => WireFact::Nothing,
            Fact::Request {
                body,
                request,
                amount,
                order,
                expiry,
            } => WireFact::Request {
                body: body.as_ref().map(body_out),
                request: key_out(*request),
                amount: amount.0.map(money_out),
                amount_src: src_out(&amount.1),
                order: order.as_ref().map(|(k, o)| ((*k).into(), o.to_string())),
                expiry: expiry.as_ref().map(|(i, s)| (instant_out(*i), src_out(s))),
            },
            Fact::Report {
                request,
                payment,
                succeeded,
                reported,
                success_src,
                created,
                amount,
            } => WireFact::Report {
                request: key_out(*request),
                payment: key_out(*payment),
                succeeded: *succeeded,
                reported: *reported,
                success_src: src_out(success_src),
                created: created.as_ref().map(|(i, s)| (instant_out(*i), src_out(s))),
                amount: amount.as_ref().map(|(m, s)| (money_out(*m), src_out(s))),
            },
            Fact::Movement {
                refund,
                body,
                id,
                money,
                payment,
            } => WireFact::Movement {
                refund: *refund,
                body: body.as_ref().map(body_out),
                id: key_out(*id),
                money: money.as_ref().map(|(m, s)| (money_out(*m), src_out(s))),
                payment: key_out(*payment),
            },
            Fact::Outcome {
                refund,
                payment,
                failed,
            } => WireFact::Outcome {
                refund: *refund,
                payment: key_out(*payment),
                failed: key_out(*failed),
            },
            Fact::Link { request, payment } => WireFact::Link {
                request: (*request).into(),
                payment: (*payment).into(),
            },
        }
    }
}

impl<L> WireFact<L> {
    fn into_fact(self) -> Result<Fact<L>, String> {
        Ok(match self {
            WireFact::Nothing => Fact::Nothing,
            WireFact::Request {
                body,
                request,
                amount,
                amount_src,
                order,
                expiry,
            } => Fact::Request {
                body: body.map(body_in).transpose()?,
                request: key_in(request)?,
                amount: (amount.map(money_in).transpose()?, src_in(amount_src)?),
                order: order
                    .map(|(k, o)| Ok::<_, String>((Key::try_from(k)?, o.into_boxed_str())))
                    .transpose()?,
                expiry: expiry
                    .map(|(i, s)| Ok::<_, String>((instant_in(i)?, src_in(s)?)))
                    .transpose()?,
            },
            WireFact::Report {
                request,
                payment,
                succeeded,
                reported,
                success_src,
                created,
                amount,
            } => Fact::Report {
                request: key_in(request)?,
                payment: key_in(payment)?,
                succeeded,
                reported,
                success_src: src_in(success_src)?,
                created: created
                    .map(|(i, s)| Ok::<_, String>((instant_in(i)?, src_in(s)?)))
                    .transpose()?,
                amount: amount
                    .map(|(m, s)| Ok::<_, String>((money_in(m)?, src_in(s)?)))
                    .transpose()?,
            },
            WireFact::Movement {
                refund,
                body,
                id,
                money,
                payment,
            } => Fact::Movement {
                refund,
                body: body.map(body_in).transpose()?,
                id: key_in(id)?,
                money: money
                    .map(|(m, s)| Ok::<_, String>((money_in(m)?, src_in(s)?)))
                    .transpose()?,
                payment: key_in(payment)?,
            },
            WireFact::Outcome {
                refund,
                payment,
                failed,
            } => Fact::Outcome {
                refund,
                payment: key_in(payment)?,
                failed: key_in(failed)?,
            },
            WireFact::Link { request, payment } => Fact::Link {
                request: request.try_into()?,
                payment: payment.try_into()?,
            },
        })
    }
}

impl<L: Clone + Serialize> Serialize for Observation<L> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.fact.to_wire().serialize(serializer)
    }
}

impl<'de, L: Deserialize<'de>> Deserialize<'de> for Observation<L> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Observation<L>, D::Error> {
        let wire = WireFact::<L>::deserialize(deserializer)?;
        let fact = wire.into_fact().map_err(serde::de::Error::custom)?;
        Ok(Observation { fact })
    }
}

impl<L> Observation<L> {
    /// Whether the payload told the cross-message rules anything.
    pub fn is_empty(&self) -> bool {
        matches!(self.fact, Fact::Nothing)
    }

    /// Every id these facts name (request, payment, capture and refund ids, the order), as
    /// hex digests: facts that share one belong to the same flow. A distributed job groups
    /// facts by the connected components of these keys, so each group holds every fact the
    /// cross-message rules compare with each other.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<Key> = Vec::new();
        let mut push = |k: Option<Key>| keys.extend(k);
        match &self.fact {
            Fact::Nothing => {}
            Fact::Request {
                body,
                request,
                order,
                ..
            } => {
                push(body.as_ref().map(|b| b.id));
                push(*request);
                push(order.as_ref().map(|(k, _)| *k));
            }
            Fact::Report {
                request, payment, ..
            } => {
                push(*request);
                push(*payment);
            }
            Fact::Movement {
                body, id, payment, ..
            } => {
                push(body.as_ref().map(|b| b.id));
                push(*id);
                push(*payment);
            }
            Fact::Outcome {
                payment, failed, ..
            } => {
                push(*payment);
                push(*failed);
            }
            Fact::Link { request, payment } => {
                push(Some(*request));
                push(Some(*payment));
            }
        }
        let mut out: Vec<String> = keys.into_iter().map(|k| WireKey::from(k).0).collect();
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::correlate::Correlator;
    use serde_json::json;

    fn observe(kind: &str, payload: serde_json::Value, at: usize) -> Observation<usize> {
        Observation::read(kind, &payload, |_| at)
    }

    fn round_trip(o: &Observation<usize>) -> Observation<usize> {
        let text = serde_json::to_string(o).unwrap();
        let back: Observation<usize> = serde_json::from_str(&text).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), text);
        back
    }

    fn flow() -> Vec<Observation<usize>> {
        vec![
            observe(
                "pay.request",
                json!({"paymentRequestId": "r-1", "paymentAmount": {"currency": "USD", "value": "100"},
                       "order": {"referenceOrderId": "o-1"}, "paymentExpiryTime": "2024-01-01T00:10:00+08:00"}),
                1,
            ),
            observe(
                "notifyPayment.notification",
                json!({"notifyType": "PAYMENT_RESULT", "result": {"resultCode": "SUCCESS", "resultStatus": "S"},
                       "paymentRequestId": "r-1", "paymentId": "p-1",
                       "paymentAmount": {"currency": "USD", "value": "90"},
                       "paymentCreateTime": "2024-01-01T00:00:00+08:00"}),
                2,
            ),
            observe(
                "capture.request",
                json!({"captureRequestId": "c-1", "paymentId": "p-1", "captureAmount": {"currency": "USD", "value": "100"}}),
                3,
            ),
            observe(
                "cancel.response",
                json!({"paymentRequestId": "r-1", "paymentId": "p-1"}),
                4,
            ),
        ]
    }

    #[test]
    fn facts_survive_writing_and_reading() {
        let direct: Vec<_> = {
            let mut c = Correlator::new();
            let mut out = Vec::new();
            for o in flow() {
                out.extend(c.apply(o));
            }
            out.extend(c.finish());
            out
        };
        let read: Vec<_> = {
            let mut c = Correlator::new();
            let mut out = Vec::new();
            for o in flow() {
                out.extend(c.apply(round_trip(&o)));
            }
            out.extend(c.finish());
            out
        };
        assert!(
            !direct.is_empty(),
            "the flow has a finding (amount mismatch)"
        );
        assert_eq!(direct, read);
    }

    #[test]
    fn keys_link_the_facts_of_one_flow() {
        let facts = flow();
        let request = facts[0].keys();
        let report = facts[1].keys();
        let capture = facts[2].keys();
        assert_eq!(request.len(), 2, "request id and order");
        assert!(report.iter().any(|k| request.contains(k)));
        assert!(capture.iter().any(|k| report.contains(k)));
        assert!(observe("consult.request", json!({}), 0).keys().is_empty());
    }

    #[test]
    fn malformed_facts_are_errors() {
        for text in [
            r#"{"fact":"link","request":"zz","payment":"00000000000000010000000000000000"}"#,
            r#"{"fact":"link","request":"00000000000000000000000000000000","payment":"00000000000000010000000000000000"}"#,
            r#"{"fact":"outcome","refund":true,"payment":null,"failed":null,"extra":1}"#,
            r#"{"fact":"report","request":null,"payment":null,"succeeded":true,"reported":true,"success_src":{"at":1,"pointer":"/nope","what":"message"},"created":null,"amount":null}"#,
            r#"[]"#,
        ] {
            assert!(
                serde_json::from_str::<Observation<usize>>(text).is_err(),
                "{text}"
            );
        }
    }
}
