//! The published bundle (`crates/antom-schema/bundle/`) gives every documented sample the
//! verdict and error pointers of the manifest under three validators: the `jsonschema` crate
//! (always), python `jsonschema` and ajv (draft 2020-12 + ajv-formats, allErrors) when
//! `ANTOM_CROSS_CHECK=1` (what `.ci/run` sets once it has installed them). Any disagreement is
//! listed by sample and pointer with the validators that report it and those that do not.
//! The same holds for the real corpus (`conformance/real/`): each payload through its kind's
//! entry point (the received form for responses and notifications) gets no error when its
//! verdict is `accept`, and errors exactly where its `reject` items say (a missing member at
//! the object that should hold it).
//!
//! `ANTOM_PYTHON` names the interpreter that has `jsonschema` (default `python3`); ajv is
//! loaded from `conformance/node/node_modules` (`npm ci` in `conformance/node`).

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use antom_conformance::{read_json, samples, workspace_root, Sample};
use jsonschema::{Draft, Registry};
use serde_json::{json, Value};

/// Sample file -> error pointers.
type Results = BTreeMap<String, BTreeSet<String>>;

const MANIFEST: &str = "manifest";

/// The bundle directory's schemas registered under their `$id`s, as a user would load them:
/// the registry, the entry points by kind, the bundle's `$id`.
fn load_bundle() -> (Registry<'static>, BTreeMap<String, Value>, String) {
    let dir = workspace_root().join("crates/antom-schema/bundle");
    let bundle = read_json(&dir.join("antom-checkout.schema.json"));
    let bundle_id = bundle["$id"].as_str().unwrap().to_string();
    let mut resources = vec![(bundle_id.clone(), bundle)];
    let mut entries = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if let Some(kind) = name.strip_suffix(".schema.json") {
            if name != "antom-checkout.schema.json" {
                let doc = read_json(&path);
                resources.push((doc["$id"].as_str().unwrap().to_string(), doc.clone()));
                entries.insert(kind.to_string(), doc);
            }
        }
    }
    let registry = Registry::new()
        .extend(resources)
        .and_then(|r| r.prepare())
        .expect("the bundle registers");
    (registry, entries, bundle_id)
}

fn error_pointers(
    registry: &Registry<'static>,
    schema: &Value,
    instance: &Value,
) -> BTreeSet<String> {
    let validator = jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .with_registry(registry)
        .build(schema)
        .unwrap_or_else(|e| panic!("{schema} does not compile: {e}"));
    validator
        .iter_errors(instance)
        .map(|e| e.instance_path().as_str().to_string())
        .collect()
}

fn crate_results() -> Results {
    let (registry, entries, bundle_id) = load_bundle();
    let mut results = Results::new();
    for sample in samples() {
        let (dir, file) = sample.expect.schema.split_once('/').unwrap();
        let key = file.strip_suffix(".schema.json").unwrap();
        let schema = if dir == "messages" {
            entries[key].clone()
        } else {
            json!({"$ref": format!("{bundle_id}#/$defs/{key}")})
        };
        results.insert(
            sample.file.clone(),
            error_pointers(&registry, &schema, &sample.instance()),
        );
    }
    results
}

/// The real corpus's manifest entries.
fn real_payloads() -> Vec<Value> {
    let manifest = read_json(&workspace_root().join("conformance/real/manifest.json"));
    manifest["payloads"]
        .as_array()
        .expect("conformance/real/manifest.json lists payloads")
        .clone()
}

/// What the real corpus's manifest expects: no error for `accept`; for `reject`, an error at
/// each item's pointer, or at the containing object for a `missing` member.
fn real_manifest_results(payloads: &[Value]) -> Results {
    payloads
        .iter()
        .map(|p| {
            let pointers = p["reject"]
                .as_array()
                .expect("reject is a list")
                .iter()
                .map(|item| {
                    let pointer = item["pointer"]
                        .as_str()
                        .expect("a reject item has a pointer");
                    if item["missing"] == Value::Bool(true) {
                        pointer[..pointer.rfind('/').unwrap_or(0)].to_string()
                    } else {
                        pointer.to_string()
                    }
                })
                .collect();
            (p["file"].as_str().unwrap().to_string(), pointers)
        })
        .collect()
}

/// The real corpus through the bundle's entry points, with the `jsonschema` crate.
fn crate_real_results(payloads: &[Value]) -> Results {
    let (registry, entries, _) = load_bundle();
    let dir = workspace_root().join("conformance/real");
    payloads
        .iter()
        .map(|p| {
            let file = p["file"].as_str().unwrap();
            let kind = p["kind"].as_str().unwrap();
            let schema = entries
                .get(kind)
                .unwrap_or_else(|| panic!("{file}: the bundle has no entry point for {kind}"));
            let pointers = error_pointers(&registry, schema, &read_json(&dir.join(file)));
            (file.to_string(), pointers)
        })
        .collect()
}

fn manifest_results(samples: &[Sample]) -> Results {
    samples
        .iter()
        .map(|s| (s.file.clone(), s.expect.errors.iter().cloned().collect()))
        .collect()
}

/// Runs a checker's `--json` mode: `{"validator": "...", "results": {file: [pointers]},
/// "real": {file: [pointers]}}`; the name and the results under `key`.
fn external(program: &str, script: &str, key: &str) -> (String, Results) {
    let out = Command::new(program)
        .arg(workspace_root().join(script))
        .arg("--json")
        .current_dir(workspace_root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} {script}: {e}"));
    assert!(
        out.status.success(),
        "{program} {script} --json failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{script} --json printed no JSON report: {e}"));
    let results = serde_json::from_value(report[key].clone())
        .unwrap_or_else(|e| panic!("{script} --json: no {key} map: {e}"));
    (report["validator"].as_str().unwrap().to_string(), results)
}

/// One line per (sample, pointer) on which the validators (and the manifest) do not all agree.
fn disagreements(all: &[(String, Results)]) -> Vec<String> {
    let files: BTreeSet<&String> = all.iter().flat_map(|(_, r)| r.keys()).collect();
    let mut lines = Vec::new();
    for file in files {
        let pointers: BTreeSet<&String> = all
            .iter()
            .filter_map(|(_, r)| r.get(file))
            .flatten()
            .collect();
        for pointer in pointers {
            let reports = |name: &&String| {
                all.iter()
                    .find(|(n, _)| n == *name)
                    .and_then(|(_, r)| r.get(file))
                    .is_some_and(|p| p.contains(pointer))
            };
            let names: Vec<&String> = all.iter().map(|(n, _)| n).collect();
            let yes: Vec<&str> = names
                .iter()
                .filter(|n| reports(n))
                .map(|n| n.as_str())
                .collect();
            let no: Vec<&str> = names
                .iter()
                .filter(|n| !reports(n))
                .map(|n| n.as_str())
                .collect();
            if !no.is_empty() {
                let at = if pointer.is_empty() {
                    "(root)"
                } else {
                    pointer
                };
                lines.push(format!(
                    "{file} {at}: reported by {}; not by {}",
                    yes.join(", "),
                    no.join(", ")
                ));
            }
        }
        for (name, r) in all {
            if !r.contains_key(file) {
                lines.push(format!("{file}: no result from {name}"));
            }
        }
    }
    lines
}

#[test]
fn validators_agree_on_every_sample_against_the_bundle() {
    let samples = samples();
    let mut all = vec![
        (MANIFEST.to_string(), manifest_results(&samples)),
        ("jsonschema crate".to_string(), crate_results()),
    ];
    if std::env::var_os("ANTOM_CROSS_CHECK").is_some() {
        let python = std::env::var("ANTOM_PYTHON").unwrap_or_else(|_| "python3".into());
        all.push(external(
            &python,
            "conformance/python/check_bundle.py",
            "results",
        ));
        all.push(external(
            "node",
            "conformance/node/check_bundle.mjs",
            "results",
        ));
    } else {
        eprintln!(
            "python jsonschema and ajv not run: set ANTOM_CROSS_CHECK=1 (see .ci/run) to compare them too"
        );
    }
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    let lines = disagreements(&all);
    assert!(
        lines.is_empty(),
        "validators disagree on the bundle ({}):\n{}",
        names.join(", "),
        lines.join("\n")
    );
    eprintln!(
        "{} samples, same verdicts and pointers under: {}",
        samples.len(),
        names.join(", ")
    );
}

#[test]
fn validators_agree_on_every_real_payload_against_the_bundle() {
    let payloads = real_payloads();
    let mut all = vec![
        (MANIFEST.to_string(), real_manifest_results(&payloads)),
        (
            "jsonschema crate".to_string(),
            crate_real_results(&payloads),
        ),
    ];
    if std::env::var_os("ANTOM_CROSS_CHECK").is_some() {
        let python = std::env::var("ANTOM_PYTHON").unwrap_or_else(|_| "python3".into());
        all.push(external(
            &python,
            "conformance/python/check_bundle.py",
            "real",
        ));
        all.push(external(
            "node",
            "conformance/node/check_bundle.mjs",
            "real",
        ));
    }
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    let lines = disagreements(&all);
    assert!(
        lines.is_empty(),
        "the real corpus does not get its verdicts from the bundle ({}):\n{}",
        names.join(", "),
        lines.join("\n")
    );
    eprintln!(
        "{} real payloads, their verdicts under: {}",
        payloads.len(),
        names.join(", ")
    );
}

#[test]
fn a_disagreement_is_listed_by_sample_and_pointer() {
    let mut a = Results::new();
    a.insert("x.json".into(), ["/env".to_string()].into());
    let mut b = Results::new();
    b.insert("x.json".into(), BTreeSet::new());
    let lines = disagreements(&[("one".into(), a), ("two".into(), b)]);
    assert_eq!(lines, ["x.json /env: reported by one; not by two"]);
}
