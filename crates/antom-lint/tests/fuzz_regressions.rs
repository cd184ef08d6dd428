//! The fuzz targets' bodies (`antom_lint::harness`), run on every committed crash input
//! (`tests/fuzz-regressions/<target>/`) and on the hostile and fixture corpora, so that they
//! keep building and what the fuzzers once found stays fixed.

use std::path::Path;

use antom_lint::harness;

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("json", harness::fuzz_json),
    ("ndjson", harness::fuzz_ndjson),
    ("har", harness::fuzz_har),
    ("resolve", harness::fuzz_resolve),
    ("lint", harness::fuzz_lint),
];

fn files(dir: &Path) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for p in paths.into_iter().filter(|p| p.is_file()) {
            out.push(std::fs::read(p).unwrap());
        }
    }
    out
}

#[test]
fn crash_inputs_found_by_the_fuzzers_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut replayed = 0;
    for (name, target) in TARGETS {
        for data in files(&root.join(name)) {
            target(&data);
            replayed += 1;
        }
    }
    assert!(replayed > 0);
}

#[test]
fn every_target_runs_on_the_corpora() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut inputs = files(&root.join("hostile"));
    inputs.extend(files(&root.join("fixtures")));
    for (_, target) in TARGETS {
        for data in &inputs {
            target(data);
        }
    }
}
