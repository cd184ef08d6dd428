//! Makes the captures that `benches/bench.sh` measures, from the conformance generators:
//!
//! ```sh
//! cargo run --release -p antom-lint --example gen-capture -- OUT_DIR NDJSON_MB FILES [DOC_MB]
//! ```
//!
//! writes `OUT_DIR/capture.ndjson` (at least NDJSON_MB megabytes, every message kind mixed),
//! `OUT_DIR/files/<kind>.<n>.json` (FILES single payloads, the kind in the name) and
//! `OUT_DIR/documented.ndjson` (at least DOC_MB megabytes, default 100: traffic that looks like
//! the pages, see below).
//!
//! The NDJSON holds, like a log of HTTP traffic would: 70% `{"kind", "body"}` envelopes,
//! 25% `{"method", "path", "direction", "body"}` envelopes (kind from the path), 5% bare
//! notifications (kind inferred). Half of Antom's messages carry members and enum values the
//! schemas do not know (the linter warns about those). Payloads come from a pool generated
//! once per kind; each record gets its own request id, so no record repeats another.
//!
//! `documented.ndjson` is the other end: every valid documented sample of a whole message
//! (conformance/samples: requests, responses, notifications, acknowledgements), as
//! `{"kind", "body"}` envelopes, repeated with the ids renamed in each copy
//! (`paymentRequestId`, `paymentId`, `captureRequestId`, `refundRequestId`). The pages reuse
//! the same ids in unrelated examples, so without the renaming every round would be full of
//! cross-message findings; with it, what is left are the pages' own single-payload defects
//! (http notify URLs, a malformed client IP, a card number in clear), a few per hundred
//! records: traffic as close to real as the documents allow.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use antom_conformance::gen::{strategy_for_file, GenOptions, SchemaSet};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{json, Value};

const POOL: usize = 200;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = PathBuf::from(args.get(1).expect("OUT_DIR"));
    let megabytes: u64 = args.get(2).map_or(500, |a| a.parse().expect("NDJSON_MB"));
    let files: usize = args.get(3).map_or(10_000, |a| a.parse().expect("FILES"));
    let documented_mb: u64 = args.get(4).map_or(100, |a| a.parse().expect("DOC_MB"));
    std::fs::create_dir_all(out.join("files")).unwrap();

    let catalog: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../schema/catalog.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let set = SchemaSet::load();
    let mut runner = TestRunner::deterministic();
    // (id, role, path, pool)
    let mut kinds: Vec<(String, String, String, Vec<Value>)> = Vec::new();
    for k in catalog["kinds"].as_array().unwrap() {
        let id = k["id"].as_str().unwrap().to_string();
        let role = k["role"].as_str().unwrap().to_string();
        let antom_writes = role == "response" || role == "notification";
        let mut pool = Vec::new();
        for unknowns in [false, true] {
            if unknowns && !antom_writes {
                continue;
            }
            let strategy =
                strategy_for_file(&set, k["schema"].as_str().unwrap(), GenOptions { unknowns });
            let n = if antom_writes { POOL / 2 } else { POOL };
            for _ in 0..n {
                pool.push(strategy.new_tree(&mut runner).unwrap().current());
            }
        }
        eprintln!("{id}: {} payloads", pool.len());
        kinds.push((id, role, k["path"].as_str().unwrap_or("").to_string(), pool));
    }

    // The NDJSON capture.
    let limit = megabytes << 20;
    let mut w = BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(out.join("capture.ndjson")).unwrap(),
    );
    let mut written = 0u64;
    let mut n = 0usize;
    while written < limit {
        let (id, role, path, pool) = &kinds[n % kinds.len()];
        let mut body = pool[(n / kinds.len()) % pool.len()].clone();
        if let Some(obj) = body.as_object_mut() {
            for key in ["paymentRequestId", "refundRequestId", "captureRequestId"] {
                if obj.contains_key(key) {
                    obj.insert(key.into(), json!(format!("bench-{n}")));
                }
            }
        }
        let record = match n % 20 {
            0 if role == "notification" => body,
            0..=4 if !path.is_empty() && role != "notification" && role != "ack" => json!({
                "method": "POST",
                "path": path,
                "direction": if role == "request" { "request" } else { "response" },
                "body": body,
            }),
            _ => json!({"kind": id, "body": body}),
        };
        let line = serde_json::to_string(&record).unwrap();
        w.write_all(line.as_bytes()).unwrap();
        w.write_all(b"\n").unwrap();
        written += line.len() as u64 + 1;
        n += 1;
    }
    w.flush().unwrap();
    eprintln!("capture.ndjson: {n} records, {written} bytes");

    // The directory of single payloads.
    for i in 0..files {
        let (id, _, _, pool) = &kinds[i % kinds.len()];
        let body = &pool[(i / kinds.len()) % pool.len()];
        std::fs::write(
            out.join("files").join(format!("{id}.{i:05}.json")),
            serde_json::to_string_pretty(body).unwrap(),
        )
        .unwrap();
    }
    eprintln!("files/: {files} payloads");

    documented(&out, documented_mb << 20);
}

/// Writes `documented.ndjson` (see the module documentation).
fn documented(out: &std::path::Path, limit: u64) {
    let samples: Vec<(String, Value)> = antom_conformance::samples()
        .into_iter()
        .filter(|s| s.expect.valid && s.expect.instance_pointer.is_empty())
        .filter_map(|s| Some((s.kind.clone()?, s.instance())))
        .collect();
    assert!(!samples.is_empty(), "no valid documented message samples");
    let mut w = BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(out.join("documented.ndjson")).unwrap(),
    );
    let (mut written, mut records, mut round) = (0u64, 0usize, 0usize);
    while written < limit {
        for (n, (kind, body)) in samples.iter().enumerate() {
            let mut body = body.clone();
            if let Some(obj) = body.as_object_mut() {
                for key in [
                    "paymentRequestId",
                    "paymentId",
                    "captureRequestId",
                    "refundRequestId",
                ] {
                    if let Some(Value::String(id)) = obj.get(key) {
                        let renamed = format!("{id}-{round}-{n}");
                        obj.insert(key.into(), json!(renamed));
                    }
                }
            }
            let line = serde_json::to_string(&json!({"kind": kind, "body": body})).unwrap();
            w.write_all(line.as_bytes()).unwrap();
            w.write_all(b"\n").unwrap();
            written += line.len() as u64 + 1;
            records += 1;
        }
        round += 1;
    }
    w.flush().unwrap();
    eprintln!(
        "documented.ndjson: {records} records ({} samples x {round} rounds), {written} bytes",
        samples.len()
    );
}
