//! Each cross-message rule with a small capture that triggers it and one that does not.

use antom_schema::correlate::{Correlator, Observation};
use antom_schema::rules::{self, Rule};
use serde_json::{json, Value};

/// (rule, record of the finding, records it relates to); records are 1-based positions.
type Hit = (&'static Rule, usize, Vec<usize>);

fn run(messages: &[(&str, Value)]) -> Vec<Hit> {
    run_with(Correlator::new(), messages)
}

fn run_with(mut c: Correlator<usize>, messages: &[(&str, Value)]) -> Vec<Hit> {
    let mut out = Vec::new();
    for (i, (kind, payload)) in messages.iter().enumerate() {
        out.extend(c.observe(kind, payload, |_| i + 1));
    }
    out.extend(c.finish());
    out.into_iter()
        .map(|l| {
            (
                l.finding.rule,
                l.at,
                l.related.iter().map(|r| r.at).collect(),
            )
        })
        .collect()
}

fn money(currency: &str, value: &str) -> Value {
    json!({"currency": currency, "value": value})
}

fn pay(id: &str, order: &str, value: &str) -> (&'static str, Value) {
    (
        "pay.request",
        json!({
            "paymentRequestId": id,
            "paymentAmount": money("SGD", value),
            "order": {"referenceOrderId": order, "orderAmount": money("SGD", value)},
            "paymentMethod": {"paymentMethodType": "CARD"}
        }),
    )
}

fn pay_response(id: &str, pid: &str, value: &str, status: &str) -> (&'static str, Value) {
    let code = if status == "S" {
        "SUCCESS"
    } else {
        "PAYMENT_IN_PROCESS"
    };
    (
        "pay.response",
        json!({
            "result": {"resultStatus": status, "resultCode": code},
            "paymentRequestId": id, "paymentId": pid,
            "paymentAmount": money("SGD", value),
            "paymentCreateTime": "2024-03-01T10:00:00+08:00"
        }),
    )
}

fn notify(id: &str, pid: &str, value: &str) -> (&'static str, Value) {
    (
        "notifyPayment.notification",
        json!({
            "notifyType": "PAYMENT_RESULT",
            "result": {"resultStatus": "S", "resultCode": "SUCCESS"},
            "paymentRequestId": id, "paymentId": pid,
            "paymentAmount": money("SGD", value)
        }),
    )
}

fn capture(cid: &str, pid: &str, value: &str) -> (&'static str, Value) {
    (
        "capture.request",
        json!({"captureRequestId": cid, "paymentId": pid, "captureAmount": money("SGD", value)}),
    )
}

fn refund(rid: &str, pid: &str, value: &str) -> (&'static str, Value) {
    (
        "refund.request",
        json!({"refundRequestId": rid, "paymentId": pid, "refundAmount": money("SGD", value)}),
    )
}

#[test]
fn a_consistent_flow_is_clean() {
    let flow = [
        pay("R1", "O1", "4200"),
        pay_response("R1", "P1", "4200", "S"),
        notify("R1", "P1", "4200"),
        capture("C1", "P1", "4200"),
        refund("F1", "P1", "1000"),
        refund("F2", "P1", "3200"),
    ];
    assert_eq!(run(&flow), vec![]);
}

#[test]
fn capture_amount_must_equal_the_authorized_amount() {
    let hits = run(&[
        pay("R1", "O1", "4200"),
        pay_response("R1", "P1", "4200", "U"),
        capture("C1", "P1", "4100"),
    ]);
    assert_eq!(hits, vec![(&rules::CAPTURE_AMOUNT_MISMATCH, 3, vec![1])]);
    // Another currency with the same digits is a different amount.
    let mut c = capture("C1", "P1", "4200");
    c.1["captureAmount"]["currency"] = json!("USD");
    let hits = run(&[
        pay("R1", "O1", "4200"),
        pay_response("R1", "P1", "4200", "U"),
        c,
    ]);
    assert_eq!(hits, vec![(&rules::CAPTURE_AMOUNT_MISMATCH, 3, vec![1])]);
}

#[test]
fn order_of_records_does_not_matter() {
    // A directory walked by name: capture, notification, then pay request and response.
    let hits = run(&[
        capture("C1", "P1", "4100"),
        notify("R1", "P1", "4000"),
        pay("R1", "O1", "4200"),
        pay_response("R1", "P1", "4200", "S"),
    ]);
    let mut rules: Vec<_> = hits.iter().map(|h| (h.0, h.1)).collect();
    rules.sort();
    assert_eq!(
        rules,
        vec![
            (&rules::CAPTURE_AMOUNT_MISMATCH, 1),
            (&rules::PAYMENT_AMOUNT_MISMATCH, 2)
        ]
    );
}

#[test]
fn notification_amount_must_equal_the_pay_request() {
    assert_eq!(
        run(&[pay("R1", "O1", "4200"), notify("R1", "P1", "420")]),
        vec![(&rules::PAYMENT_AMOUNT_MISMATCH, 2, vec![1])]
    );
    assert_eq!(
        run(&[pay("R1", "O1", "4200"), notify("R1", "P1", "4200")]),
        vec![]
    );
}

#[test]
fn refunds_are_summed_against_the_captured_amount() {
    let base = [
        pay("R1", "O1", "4200"),
        pay_response("R1", "P1", "4200", "S"),
        capture("C1", "P1", "4200"),
    ];
    let mut flow = base.to_vec();
    flow.extend([refund("F1", "P1", "3000"), refund("F2", "P1", "2000")]);
    assert_eq!(
        run(&flow),
        vec![(&rules::REFUND_EXCEEDS_PAYMENT, 5, vec![3])]
    );
    // A retry of the same refund counts once; a failed refund does not count.
    let mut flow = base.to_vec();
    flow.extend([
        refund("F1", "P1", "3000"),
        refund("F1", "P1", "3000"),
        refund("F2", "P1", "2000"),
        ("refund.response", json!({"result": {"resultStatus": "F", "resultCode": "PROCESS_FAIL"}, "refundRequestId": "F2", "paymentId": "P1"})),
        refund("F3", "P1", "1200"),
    ]);
    assert_eq!(
        run(&flow),
        vec![(&rules::REFUND_EXCEEDS_PAYMENT, 6, vec![3])]
    );
    // Without a capture, the paid amount is the limit.
    let hits = run(&[
        pay("R1", "O1", "4200"),
        pay_response("R1", "P1", "4200", "S"),
        refund("F1", "P1", "4201"),
    ]);
    assert_eq!(hits, vec![(&rules::REFUND_EXCEEDS_PAYMENT, 3, vec![1])]);
}

#[test]
fn request_ids_are_not_reused_for_other_bodies() {
    let (_, first) = pay("R1", "O1", "4200");
    // A retry: same body, keys in another order.
    let mut map: Vec<(String, Value)> = first.as_object().unwrap().clone().into_iter().collect();
    map.reverse();
    let retry = Value::Object(map.into_iter().collect());
    assert_eq!(
        run(&[("pay.request", first.clone()), ("pay.request", retry)]),
        vec![]
    );
    assert_eq!(
        run(&[pay("R1", "O1", "4200"), pay("R1", "O2", "4200")]),
        vec![(&rules::REQUEST_ID_REUSED, 2, vec![1])]
    );
    assert_eq!(
        run(&[
            pay("R1", "O1", "4200"),
            pay_response("R1", "P1", "4200", "S"),
            capture("C1", "P1", "4200"),
            capture("C1", "P1", "100")
        ]),
        vec![(&rules::REQUEST_ID_REUSED, 4, vec![3])]
    );
}

#[test]
fn one_successful_payment_per_order() {
    let hits = run(&[
        pay("R1", "O1", "4200"),
        pay_response("R1", "P1", "4200", "S"),
        pay("R2", "O1", "4200"),
        notify("R2", "P2", "4200"),
    ]);
    assert_eq!(
        hits,
        vec![(&rules::DUPLICATE_SUCCESSFUL_PAYMENT, 4, vec![2])]
    );
    // A failed first attempt and a successful retry are fine.
    let hits = run(&[
        pay("R1", "O1", "4200"),
        pay_response("R1", "P1", "4200", "U"),
        pay("R2", "O1", "4200"),
        notify("R2", "P2", "4200"),
    ]);
    assert_eq!(hits, vec![]);
}

#[test]
fn success_for_an_unseen_pay_request_is_a_note() {
    let mut c: Correlator<usize> = Correlator::new();
    assert!(c
        .observe(
            notify("R9", "P9", "100").0,
            &notify("R9", "P9", "100").1,
            |_| 1
        )
        .is_empty());
    let end = c.finish();
    assert_eq!(end.len(), 1);
    assert_eq!(end[0].finding.rule, &rules::PAYMENT_REQUEST_UNSEEN);
    assert_eq!(end[0].finding.severity, antom_schema::Severity::Note);
    assert_eq!(
        run(&[pay("R9", "O9", "100"), notify("R9", "P9", "100")]),
        vec![]
    );
}

#[test]
fn expiry_not_before_the_creation_time() {
    let (_, mut request) = pay("R1", "O1", "4200");
    request["paymentExpiryTime"] = json!("2024-03-01T09:59:00+08:00");
    let hits = run(&[
        ("pay.request", request.clone()),
        pay_response("R1", "P1", "4200", "U"),
    ]);
    assert_eq!(hits, vec![(&rules::EXPIRY_BEFORE_CREATION, 1, vec![2])]);
    request["paymentExpiryTime"] = json!("2024-03-01T10:14:00+08:00");
    assert_eq!(
        run(&[
            ("pay.request", request),
            pay_response("R1", "P1", "4200", "U")
        ]),
        vec![]
    );
}

#[test]
fn never_panics_on_odd_payloads() {
    let odd = [
        json!(null),
        json!({"paymentRequestId": 5, "paymentId": ["x"]}),
        json!({"paymentRequestId": "", "paymentAmount": {"currency": "SGD", "value": "99999999999999999999999"}}),
        json!({"refundRequestId": "F", "paymentId": "P", "refundAmount": {"currency": 1, "value": "-1"}}),
    ];
    let kinds = [
        "pay.request",
        "pay.response",
        "capture.request",
        "refund.request",
        "refund.response",
        "notifyRefund.notification",
        "inquiryPayment.request",
        "x",
    ];
    let mut c: Correlator<usize> = Correlator::new();
    for (i, kind) in kinds.iter().enumerate() {
        for payload in &odd {
            let _ = c.observe(kind, payload, |_| i);
        }
    }
    let _ = c.finish();
}

/// `n` unrelated payments (pay requests) named `X0`, `X1`, ...
fn others(n: usize) -> Vec<(&'static str, Value)> {
    (0..n)
        .map(|i| pay(&format!("X{i}"), &format!("OX{i}"), "100"))
        .collect()
}

#[test]
fn a_flow_is_followed_into_the_next_generation() {
    // Window 3: the request of R1 is in the previous generation when its notification
    // comes; the payment is taken over and compared.
    let mut flow = vec![pay("R1", "O1", "4200")];
    flow.extend(others(4));
    flow.push(notify("R1", "P1", "4300"));
    flow.push(capture("C1", "P1", "4000"));
    let hits = run_with(Correlator::with_window(3), &flow);
    assert_eq!(
        hits,
        vec![
            (&rules::PAYMENT_AMOUNT_MISMATCH, 6, vec![1]),
            (&rules::CAPTURE_AMOUNT_MISMATCH, 7, vec![1]),
        ]
    );
    // Reused request ids and second successful payments of an order are seen across one
    // generation change too.
    let mut flow = vec![pay("R1", "O1", "4200"), notify("R1", "P1", "4200")];
    flow.extend(others(3));
    flow.push(pay("R1", "O9", "1"));
    flow.push(pay("R2", "O1", "4200"));
    flow.push(notify("R2", "P2", "4200"));
    let hits = run_with(Correlator::with_window(3), &flow);
    assert_eq!(
        hits,
        vec![
            (&rules::REQUEST_ID_REUSED, 6, vec![1]),
            (&rules::DUPLICATE_SUCCESSFUL_PAYMENT, 8, vec![2]),
        ]
    );
}

#[test]
fn a_flow_older_than_two_generations_is_forgotten() {
    // Window 2: by the time the notification comes, the request's generation is gone; the
    // mismatch cannot be seen (the notification's payment is new, and its success without a
    // request becomes a note at the end).
    let mut flow = vec![pay("R1", "O1", "4200")];
    flow.extend(others(6));
    flow.push(notify("R1", "P1", "4300"));
    let hits = run_with(Correlator::with_window(2), &flow);
    assert_eq!(hits, vec![(&rules::PAYMENT_REQUEST_UNSEEN, 8, vec![])]);
    // With the default window the same capture is compared.
    assert_eq!(
        run(&flow),
        vec![(&rules::PAYMENT_AMOUNT_MISMATCH, 8, vec![1])]
    );
}

/// Random flows over a few ids, through windows of one to four payments: generations turn
/// over and payments move between them all the time. Nothing panics, and a window larger
/// than the number of payments gives the same findings as the default.
#[test]
fn generations_turn_over_without_losing_their_footing() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let id = || (0u8..4).prop_map(|n| format!("{n}"));
    let value = || prop_oneof![Just("100"), Just("200"), Just("50")];
    let message = prop_oneof![
        (id(), id(), value()).prop_map(|(r, o, v)| pay(&format!("R{r}"), &format!("O{o}"), v)),
        (id(), value(), any::<bool>()).prop_map(|(n, v, s)| pay_response(
            &format!("R{n}"),
            &format!("P{n}"),
            v,
            if s { "S" } else { "U" }
        )),
        (id(), value()).prop_map(|(n, v)| notify(&format!("R{n}"), &format!("P{n}"), v)),
        (id(), id(), value()).prop_map(|(c, n, v)| capture(&format!("C{c}"), &format!("P{n}"), v)),
        (id(), id(), value()).prop_map(|(f, n, v)| refund(&format!("F{f}"), &format!("P{n}"), v)),
        (id(), id()).prop_map(|(f, n)| (
            "refund.response",
            json!({"result": {"resultStatus": "F"}, "refundRequestId": format!("F{f}"), "paymentId": format!("P{n}")})
        )),
    ];
    let mut runner = TestRunner::new(Config {
        cases: 256,
        ..Config::default()
    });
    runner
        .run(
            &(prop::collection::vec(message, 0..40), 1usize..5),
            |(flow, window)| {
                let small = run_with(Correlator::with_window(window), &flow);
                let large = run_with(Correlator::with_window(1_000), &flow);
                prop_assert_eq!(&large, &run(&flow));
                // Every finding names a record of the flow.
                for (_, at, related) in small.iter().chain(&large) {
                    prop_assert!(*at >= 1 && *at <= flow.len());
                    prop_assert!(related.iter().all(|r| *r >= 1 && *r <= flow.len()));
                }
                Ok(())
            },
        )
        .unwrap();
}

/// Requests that never make a payment (capture requests naming unknown payments, each with its
/// own request id) still turn the generations over: the first bodies the state keeps for
/// reused-id checks stay within two generations, however many such requests come.
#[test]
fn request_bodies_without_payments_stay_bounded() {
    let window = 100;
    let mut state: Correlator<usize> = Correlator::with_window(window);
    let mut most = 0;
    for n in 0..20_000 {
        let payload = json!({
            "captureRequestId": format!("C{n}"),
            "captureAmount": {"currency": "USD", "value": "100"}
        });
        state.apply(Observation::read("capture.request", &payload, |_| n));
        most = most.max(state.bodies_held());
    }
    assert!(most <= 4 * window, "bodies held: {most}");
}
