//! Field coverage against the official SDKs: every wire field that the five Antom server SDKs
//! model for the Checkout Payment messages, and for every model those messages reach, must be
//! described by the schema file that owns it. The inventory (`sdk-inventory.json`) holds facts
//! only: SDK model name, owning schema file, wire field names.

use std::collections::BTreeMap;

use antom_conformance::{read_json, workspace_root};

/// Fields deliberately left out of the schemas, with the reason. Empty today: every SDK field
/// is described. An entry here is a decision, not a shortcut; each needs its reason.
const EXCLUDED: &[(&str, &str, &str)] = &[
    // (SDK model, field, reason)
];

#[test]
fn every_sdk_field_is_in_the_schema() {
    let inventory = read_json(&workspace_root().join("conformance/sdk-inventory.json"));
    let models = inventory["models"].as_array().expect("models array");
    let mut report: BTreeMap<String, (usize, usize, Vec<String>)> = BTreeMap::new();
    let mut total = 0usize;
    let mut covered = 0usize;
    for model in models {
        let sdk_name = model["sdkModel"].as_str().unwrap();
        let Some(schema) = model["schema"].as_str() else {
            // SDK base classes: their members are covered through every subclass.
            continue;
        };
        let doc = read_json(&workspace_root().join("schema").join(schema));
        let props = doc["properties"].as_object().cloned().unwrap_or_default();
        let entry = report.entry(schema.to_string()).or_default();
        for field in model["fields"].as_array().unwrap() {
            let field = field.as_str().unwrap();
            if EXCLUDED
                .iter()
                .any(|(m, f, _)| *m == sdk_name && *f == field)
            {
                continue;
            }
            total += 1;
            entry.0 += 1;
            if props.contains_key(field) {
                covered += 1;
                entry.1 += 1;
            } else {
                entry.2.push(field.to_string());
            }
        }
    }
    println!("SDK field coverage per schema file (covered/in scope):");
    for (schema, (n, c, missing)) in &report {
        let pct = if *n == 0 {
            100.0
        } else {
            *c as f64 * 100.0 / *n as f64
        };
        println!(
            "  {schema:<55} {c:>3}/{n:<3} {pct:>5.1}%{}",
            if missing.is_empty() {
                String::new()
            } else {
                format!("  missing: {}", missing.join(", "))
            }
        );
    }
    println!("total: {covered}/{total}");
    assert!(
        total >= 700,
        "the inventory shrank to {total} fields (725 when extracted): was it truncated?"
    );
    let missing: Vec<String> = report
        .iter()
        .flat_map(|(s, (_, _, m))| m.iter().map(move |f| format!("{s}: {f}")))
        .collect();
    assert!(
        missing.is_empty(),
        "SDK fields missing from the schemas ({} of {total}):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn exclusions_name_real_sdk_fields() {
    let inventory = read_json(&workspace_root().join("conformance/sdk-inventory.json"));
    for (model, field, reason) in EXCLUDED {
        assert!(
            !reason.trim().is_empty(),
            "{model}.{field}: an exclusion needs a reason"
        );
        let found = inventory["models"].as_array().unwrap().iter().any(|m| {
            m["sdkModel"] == *model && m["fields"].as_array().unwrap().iter().any(|f| f == field)
        });
        assert!(found, "{model}.{field} is excluded but is not an SDK field");
    }
}
