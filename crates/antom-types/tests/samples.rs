//! Every documented sample the manifest expects to be valid parses into its Rust type and
//! serializes back to an equal JSON value (object member order aside).

use std::path::{Path, PathBuf};

use antom_types::{Env, Message, MessageKind, PaymentMethod, Transaction};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../conformance/samples")
}

/// Key paths (JSON Pointers) where `after` differs from `before`.
fn differences(before: &Value, after: &Value, at: &str, out: &mut Vec<String>) {
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, va) in a {
                let here = format!("{at}/{key}");
                match b.get(key) {
                    Some(vb) => differences(va, vb, &here, out),
                    None => out.push(format!("{here}: dropped (was {va})")),
                }
            }
            for (key, vb) in b {
                if !a.contains_key(key) {
                    out.push(format!("{at}/{key}: added ({vb})"));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (va, vb)) in a.iter().zip(b).enumerate() {
                differences(va, vb, &format!("{at}/{i}"), out);
            }
        }
        _ if before == after => {}
        _ => out.push(format!("{at}: {before} became {after}")),
    }
}

fn round_trip_errors(before: &Value, after: &Value) -> Vec<String> {
    let mut out = Vec::new();
    differences(before, after, "", &mut out);
    out
}

fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Vec<String>, String> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    let after = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
    Ok(round_trip_errors(value, &after))
}

struct Entry {
    file: String,
    kind: Option<String>,
    definition: Option<String>,
    instance_pointer: String,
    valid: bool,
}

fn manifest() -> Vec<Entry> {
    let path = samples_dir().join("manifest.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let manifest: Value = serde_json::from_str(&text).expect("manifest.json is JSON");
    manifest["samples"]
        .as_array()
        .expect("manifest.json has samples")
        .iter()
        .map(|s| {
            // The lead's verdict when the manifest has one; until then, a sample without
            // recorded defects counts as valid.
            let valid = match s["expect"]["valid"].as_bool() {
                Some(valid) => valid,
                None => s["defects"].as_array().is_none_or(|d| d.is_empty()),
            };
            Entry {
                file: s["file"].as_str().expect("file").to_string(),
                kind: s["kind"].as_str().map(str::to_string),
                definition: s["definition"].as_str().map(str::to_string),
                instance_pointer: s["instance_pointer"].as_str().unwrap_or("").to_string(),
                valid,
            }
        })
        .collect()
}

#[test]
fn valid_messages_round_trip() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for entry in manifest() {
        let Some(kind) = &entry.kind else { continue };
        let kind = MessageKind::from_id(kind)
            .unwrap_or_else(|| panic!("{}: unknown kind {kind}", entry.file));
        let bytes = std::fs::read(samples_dir().join(&entry.file)).unwrap();
        let before: Value = serde_json::from_slice(&bytes).unwrap();
        let message = match Message::parse(kind, &bytes) {
            Ok(message) => message,
            Err(e) if entry.valid => {
                failures.push(format!("{}: does not parse: {e}", entry.file));
                continue;
            }
            // An invalid request may be refused by the strict parse.
            Err(e) => {
                eprintln!("{}: invalid sample refused: {e}", entry.file);
                continue;
            }
        };
        assert_eq!(message.kind(), kind);
        checked += 1;
        // Whatever parses must come back out unchanged, valid or not.
        let after = serde_json::to_value(&message).unwrap();
        for difference in round_trip_errors(&before, &after) {
            failures.push(format!("{}: {difference}", entry.file));
        }
    }
    eprintln!("{checked} message samples parsed and round-tripped");
    assert!(checked > 0, "no message sample found");
    assert!(
        failures.is_empty(),
        "round trip failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn valid_fragments_round_trip() {
    let mut failures = Vec::new();
    for entry in manifest() {
        let Some(definition) = &entry.definition else {
            continue;
        };
        if !entry.valid {
            continue;
        }
        let bytes = std::fs::read(samples_dir().join(&entry.file)).unwrap();
        let document: Value = serde_json::from_slice(&bytes).unwrap();
        let value = document
            .pointer(&entry.instance_pointer)
            .unwrap_or_else(|| panic!("{}: no {}", entry.file, entry.instance_pointer));
        let result = match definition.as_str() {
            "PaymentMethod" => round_trip::<PaymentMethod>(value).and_then(|d| {
                let method: PaymentMethod = serde_json::from_value(value.clone()).unwrap();
                method.metadata().map_err(|e| format!("metadata: {e}"))?;
                Ok(d)
            }),
            "Env" => round_trip::<Env>(value),
            "Transaction" => round_trip::<Transaction>(value),
            other => panic!(
                "{}: fragments of {other} are not covered yet: add an arm to tests/samples.rs",
                entry.file
            ),
        };
        match result {
            Ok(differences) => failures.extend(
                differences
                    .into_iter()
                    .map(|d| format!("{}: {d}", entry.file)),
            ),
            Err(e) => failures.push(format!("{}: does not parse: {e}", entry.file)),
        }
    }
    assert!(
        failures.is_empty(),
        "round trip failures:\n{}",
        failures.join("\n")
    );
}
