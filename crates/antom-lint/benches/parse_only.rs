//! The parse-only baseline of `benches/bench.sh`: every line of an NDJSON file into a
//! `serde_json::Value`, nothing else (the floor for a validator built on serde_json).

use std::io::{BufRead, BufReader};

// The same allocator as the antom-lint binary, so that the comparison is about the work done.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let path = std::env::args().nth(1).expect("an NDJSON file");
    let mut reader = BufReader::with_capacity(1 << 20, std::fs::File::open(path).unwrap());
    let mut line = Vec::new();
    let (mut records, mut bad) = (0usize, 0usize);
    while reader.read_until(b'\n', &mut line).unwrap() > 0 {
        match serde_json::from_slice::<serde_json::Value>(&line) {
            Ok(v) => drop(std::hint::black_box(v)),
            Err(_) => bad += 1,
        }
        records += 1;
        line.clear();
    }
    println!("{records} lines, {bad} not JSON");
}
