//! Typed parsing of documented samples against parsing the same bytes into `serde_json::Value`.
//!
//! `cargo bench -p antom-types --bench parse`

use std::hint::black_box;
use std::path::Path;

use antom_types::{MessageBody, NotifyPaymentNotification, PayResponse};
use criterion::{criterion_group, criterion_main, Criterion};

fn sample(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../conformance/samples")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bench<T: MessageBody>(c: &mut Criterion, file: &str) {
    let bytes = sample(file);
    T::from_slice(&bytes).expect("the sample parses");
    let mut group = c.benchmark_group(file.trim_end_matches(".json"));
    group.bench_function("typed", |b| {
        b.iter(|| T::from_slice(black_box(&bytes)).unwrap())
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)).unwrap())
    });
    group.finish();
}

fn parse(c: &mut Criterion) {
    bench::<PayResponse>(c, "pay.response.apm-web.json");
    bench::<PayResponse>(c, "pay.response.card-s2s-auth-success.json");
    bench::<NotifyPaymentNotification>(c, "notifyPayment.notification.apm-hkd.json");
    bench::<NotifyPaymentNotification>(c, "notifyPayment.notification.card-3ds.json");
}

criterion_group!(benches, parse);
criterion_main!(benches);
