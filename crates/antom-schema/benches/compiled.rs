//! The compiled validator against the `jsonschema` crate and against parsing, on Antom's
//! documented samples of whole messages (`conformance/samples/`, every one with a kind).
//!
//! `cargo bench -p antom-schema --bench compiled`
//!
//! - `parse`: `serde_json::from_slice::<Value>` of each sample's bytes (the parse every
//!   payload costs anyway);
//! - `jsonschema`: the verdict `Validator::validate` starts from today, with the `jsonschema`
//!   crate: `is_valid` of the documented schema where the merchant writes, of the closed
//!   documented schema where Antom writes;
//! - `compiled`: the same verdict from `antom_schema::compiled::is_valid`;
//! - `jsonschema-accepts` / `compiled-accepts`: the verdict of `Validator::is_valid` (the
//!   received form where Antom writes) both ways.
//!
//! Each iteration goes over the whole corpus (`corpus`), or over the samples the fast path
//! accepts (`clean`: every one walked to its end); groups for single samples follow.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

use antom_schema::{compiled, Schemas, Validator};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jsonschema::{Draft, Registry};
use serde_json::Value;

#[path = "../src/closed.rs"]
#[allow(dead_code, unused_imports)]
mod closed;

struct Sample {
    name: String,
    kind: String,
    bytes: Vec<u8>,
    value: Value,
}

fn samples() -> Vec<Sample> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../conformance/samples");
    let read = |name: &str| -> Value {
        let path = dir.join(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let manifest = read("manifest.json");
    manifest["samples"]
        .as_array()
        .expect("manifest samples")
        .iter()
        .filter_map(|s| {
            let kind = s["kind"].as_str()?.to_string();
            let file = s["file"].as_str()?;
            let pointer = s["expect"]["instance_pointer"].as_str().unwrap_or("");
            let value = read(file).pointer(pointer)?.clone();
            Some(Sample {
                name: file.trim_end_matches(".json").to_string(),
                kind,
                bytes: serde_json::to_vec(&value).unwrap(),
                value,
            })
        })
        .collect()
}

/// The `jsonschema` validators of the fast path: documented where the merchant writes, closed
/// documented where Antom writes (as `Validator` builds them).
fn fast_path(schemas: &Schemas) -> BTreeMap<String, jsonschema::Validator> {
    let registry = |transform: fn(&Value) -> Value| {
        let resources: Vec<(String, Value)> = schemas
            .files()
            .map(|(path, value)| (schemas.id_of(path), transform(value)))
            .collect();
        Registry::new()
            .extend(resources)
            .and_then(|b| b.prepare())
            .expect("the schema files register")
    };
    let documented = registry(Value::clone);
    let closed_registry = registry(closed::close);
    schemas
        .catalog()
        .kinds()
        .iter()
        .map(|kind| {
            let schema = schemas.file(&kind.schema).expect("schema file");
            let (registry, schema) = if kind.role.merchant_writes() {
                (&documented, schema.clone())
            } else {
                (&closed_registry, closed::close(schema))
            };
            let validator = jsonschema::options()
                .with_draft(Draft::Draft202012)
                .should_validate_formats(true)
                .offline()
                .with_registry(registry)
                .build(&schema)
                .expect("the schema compiles");
            (kind.id.clone(), validator)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let samples = samples();
    let schemas = Schemas::embedded().expect("embedded schemas");
    let fast = fast_path(&schemas);
    let validator = Validator::new().expect("embedded schemas compile");
    validator.compile_all().expect("every kind compiles");
    for s in &samples {
        assert_eq!(
            compiled::is_valid(&s.kind, &s.value),
            Some(fast[&s.kind].is_valid(&s.value)),
            "{}",
            s.name
        );
    }
    // The whole corpus, and its clean part: the payloads the fast path lets through (all
    // of them walked to the end), which is what most traffic looks like.
    let clean: Vec<&Sample> = samples
        .iter()
        .filter(|s| compiled::is_valid(&s.kind, &s.value) == Some(true))
        .collect();
    let all: Vec<&Sample> = samples.iter().collect();
    for (label, set) in [("corpus", &all), ("clean", &clean)] {
        let bytes: usize = set.iter().map(|s| s.bytes.len()).sum();
        let mut group = c.benchmark_group(format!("{label} ({} samples)", set.len()));
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("parse", |b| {
            b.iter(|| {
                for s in set.iter() {
                    black_box(serde_json::from_slice::<Value>(black_box(&s.bytes)).unwrap());
                }
            })
        });
        group.bench_function("jsonschema", |b| {
            b.iter(|| {
                for s in set.iter() {
                    black_box(fast[&s.kind].is_valid(black_box(&s.value)));
                }
            })
        });
        group.bench_function("compiled", |b| {
            b.iter(|| {
                for s in set.iter() {
                    black_box(compiled::is_valid(&s.kind, black_box(&s.value)));
                }
            })
        });
        group.bench_function("jsonschema-accepts", |b| {
            b.iter(|| {
                for s in set.iter() {
                    black_box(validator.is_valid(&s.kind, black_box(&s.value)).unwrap());
                }
            })
        });
        group.bench_function("compiled-accepts", |b| {
            b.iter(|| {
                for s in set.iter() {
                    black_box(compiled::accepts(&s.kind, black_box(&s.value)));
                }
            })
        });
        group.finish();
    }

    for name in [
        "pay.request.card-s2s-auth",
        "pay.response.card-s2s-auth-success",
        "inquiryPayment.response.card-non-3ds",
        "notifyPayment.notification.card-3ds",
    ] {
        let Some(s) = samples.iter().find(|s| s.name == name) else {
            continue;
        };
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(s.bytes.len() as u64));
        group.bench_function("parse", |b| {
            b.iter(|| serde_json::from_slice::<Value>(black_box(&s.bytes)).unwrap())
        });
        group.bench_function("jsonschema", |b| {
            b.iter(|| fast[&s.kind].is_valid(black_box(&s.value)))
        });
        group.bench_function("compiled", |b| {
            b.iter(|| compiled::is_valid(&s.kind, black_box(&s.value)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
