//! Antom's documented samples against the schemas, with the `jsonschema` crate: each sample
//! gets exactly the verdict, and the error pointers, recorded in the manifest.
//! `conformance/python/check_samples.py` checks the same verdicts with python jsonschema.

use std::collections::{BTreeMap, BTreeSet};

use antom_conformance::{catalog, samples, samples_dir};
use antom_schema::Validator;

#[test]
fn every_sample_gets_its_recorded_verdict() {
    let validator = Validator::new().expect("embedded schemas compile");
    let mut failures = Vec::new();
    for sample in samples() {
        let errors = validator
            .schema_errors(&sample.expect.schema, &sample.instance())
            .expect("schema compiles");
        let got: BTreeSet<String> = errors.iter().map(|e| e.pointer.clone()).collect();
        let want: BTreeSet<String> = sample.expect.errors.iter().cloned().collect();
        if got != want || got.is_empty() != sample.expect.valid {
            let detail: Vec<String> = errors
                .iter()
                .map(|e| format!("{} [{}] {}", e.pointer, e.keyword, e.message))
                .collect();
            failures.push(format!(
                "{}: expected {} at {:?}, got {:?}\n    {}",
                sample.file,
                if sample.expect.valid {
                    "valid"
                } else {
                    "invalid"
                },
                want,
                got,
                detail.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "verdicts differ from the manifest:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_kind_has_a_valid_sample() {
    let mut valid: BTreeMap<String, usize> = BTreeMap::new();
    for sample in samples() {
        if let (Some(kind), true) = (&sample.kind, sample.expect.valid) {
            *valid.entry(kind.clone()).or_default() += 1;
        }
    }
    let missing: Vec<String> = catalog()
        .into_iter()
        .map(|k| k.id)
        .filter(|id| !valid.contains_key(id))
        .collect();
    assert!(
        missing.is_empty(),
        "kinds without a valid sample: {missing:?}"
    );
}

#[test]
fn manifest_and_directory_agree() {
    let entries = samples();
    let listed: BTreeSet<String> = entries.iter().map(|s| s.file.clone()).collect();
    let mut originals = BTreeSet::new();
    for sample in &entries {
        assert!(
            samples_dir().join(&sample.file).is_file(),
            "{} is listed but missing",
            sample.file
        );
        match &sample.kind {
            Some(kind) => {
                assert!(
                    sample.file.starts_with(&format!("{kind}.")),
                    "{}: not named after its kind {kind}",
                    sample.file
                );
                assert_eq!(
                    sample.expect.schema,
                    format!("messages/{kind}.schema.json"),
                    "{}",
                    sample.file
                );
            }
            None => {
                let def = sample
                    .definition
                    .as_deref()
                    .unwrap_or_else(|| panic!("{}: a fragment names its definition", sample.file));
                assert_eq!(
                    sample.expect.schema,
                    format!("defs/{def}.schema.json"),
                    "{}",
                    sample.file
                );
            }
        }
        if sample.origin == "documented sample" {
            assert!(
                !sample.sources.is_empty(),
                "{}: a documented sample cites its page",
                sample.file
            );
        }
        if let Some(original) = &sample.repaired_from {
            let text =
                std::fs::read_to_string(samples_dir().join(original)).expect("original kept");
            assert!(
                serde_json::from_str::<serde_json::Value>(&text).is_err(),
                "{original}: kept as unparsable, but it parses"
            );
            assert!(
                !sample.defects.is_empty(),
                "{}: a repair is a recorded defect",
                sample.file
            );
            originals.insert(original.clone());
        }
    }
    for entry in std::fs::read_dir(samples_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let bookkeeping =
            ["manifest.json", "DEFECTS.md", "antom-lint.toml"].contains(&name.as_str());
        if !bookkeeping && !listed.contains(&name) && !originals.contains(&name) {
            panic!("{name} is in conformance/samples/ but not in the manifest");
        }
    }
}
