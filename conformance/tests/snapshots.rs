//! Snapshots of what a user sees for every documented sample (insta). Names follow the
//! sample files: `report@pay.response.apm-app.snap` belongs to
//! `conformance/samples/pay.response.apm-app.json`, whose source page is in the manifest.
//!
//! - `report@<sample>`: the validation report (pointer, keyword, message of each error).
//! - `typed@<sample>`: the message after parsing into its `antom-types` type and writing it
//!   back (pretty JSON), or the typed parse error with its JSON Pointer.
//! - `drops@<sample>`: for a valid message sample, every member dropped one at a time, and
//!   whether the schema then rejects the payload and where. Found by trying, not read from the
//!   schema, so removing a required member or a conditional rule from any schema shows up here.

use antom_conformance::samples;
use antom_schema::Validator;
use serde_json::Value;

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

#[test]
fn validation_reports() {
    let validator = Validator::new().unwrap();
    let _guard = settings().bind_to_scope();
    for sample in samples() {
        let errors = validator
            .schema_errors(&sample.expect.schema, &sample.instance())
            .unwrap();
        let mut report: Vec<String> = errors
            .iter()
            .map(|e| format!("{} [{}] {}", shown(&e.pointer), e.keyword, e.message))
            .collect();
        report.sort();
        let text = if report.is_empty() {
            "valid".to_string()
        } else {
            report.join("\n")
        };
        insta::assert_snapshot!(
            format!("report@{}", sample.stem()),
            format!("schema: {}\n{}", sample.expect.schema, text)
        );
    }
}

#[test]
fn typed_round_trips() {
    let _guard = settings().bind_to_scope();
    for sample in samples() {
        let Some(kind) = &sample.kind else { continue };
        let kind = antom_types::MessageKind::from_id(kind).expect("known kind");
        let text = match antom_types::Message::from_value(kind, sample.instance()) {
            Ok(typed) => serde_json::to_string_pretty(&typed).unwrap(),
            Err(e) => format!(
                "typed parse error at {}: {}",
                shown(e.pointer()),
                e.json_error()
            ),
        };
        insta::assert_snapshot!(format!("typed@{}", sample.stem()), text);
    }
}

/// The root pointer is the empty string; show it readably.
fn shown(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(root)"
    } else {
        pointer
    }
}

/// Every (pointer of an object, member name) pair of an instance.
fn members(value: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.push((pointer.to_string(), k.clone()));
                members(v, &antom_schema_core::pointer::join(pointer, k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                members(v, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn dropping_each_member() {
    let validator = Validator::new().unwrap();
    let _guard = settings().bind_to_scope();
    for sample in samples() {
        let Some(kind) = &sample.kind else { continue };
        if !sample.expect.valid {
            continue;
        }
        let instance = sample.instance();
        let mut all = Vec::new();
        members(&instance, "", &mut all);
        let mut lines = Vec::new();
        for (at, name) in all {
            let mut mutated = instance.clone();
            mutated
                .pointer_mut(&at)
                .and_then(Value::as_object_mut)
                .unwrap()
                .remove(&name);
            let errors = validator.kind_errors(kind, &mutated).unwrap();
            let verdict = if errors.is_empty() {
                "optional".to_string()
            } else {
                let mut places: Vec<String> = errors
                    .iter()
                    .map(|e| format!("{} [{}]", shown(&e.pointer), e.keyword))
                    .collect();
                places.sort();
                places.dedup();
                format!("REQUIRED -> {}", places.join(", "))
            };
            lines.push(format!("{at}/{name}: {verdict}"));
        }
        insta::assert_snapshot!(format!("drops@{}", sample.stem()), lines.join("\n"));
    }
}
