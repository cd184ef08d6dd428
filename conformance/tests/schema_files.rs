//! The schema files themselves: valid draft 2020-12, named and identified as the conventions
//! say, every reference resolvable, every definition used, and the catalog complete.

use std::collections::{BTreeMap, BTreeSet};

use antom_conformance::{catalog, collect_refs, schema_files, SCHEMA_BASE_URI};

const KIND_IDS: [&str; 20] = [
    "pay.request",
    "pay.response",
    "createPaymentSession.request",
    "createPaymentSession.response",
    "inquiryPayment.request",
    "inquiryPayment.response",
    "capture.request",
    "capture.response",
    "consult.request",
    "consult.response",
    "cancel.request",
    "cancel.response",
    "refund.request",
    "refund.response",
    "inquiryRefund.request",
    "inquiryRefund.response",
    "notifyPayment.notification",
    "notifyCapture.notification",
    "notifyRefund.notification",
    "notification.ack",
];

#[test]
fn every_schema_file_is_valid_draft_2020_12() {
    let mut failures = Vec::new();
    for (path, doc) in schema_files() {
        if let Err(e) = jsonschema::draft202012::meta::validate(&doc) {
            failures.push(format!("{path}: {e}"));
        }
        if doc.get("$schema").and_then(|s| s.as_str())
            != Some("https://json-schema.org/draft/2020-12/schema")
        {
            failures.push(format!("{path}: $schema is not draft 2020-12"));
        }
        let expected_id = format!("{SCHEMA_BASE_URI}{path}");
        if doc.get("$id").and_then(|s| s.as_str()) != Some(expected_id.as_str()) {
            failures.push(format!("{path}: $id must be {expected_id}"));
        }
    }
    assert!(
        failures.is_empty(),
        "schema files break the conventions:\n{}",
        failures.join("\n")
    );
}

#[test]
fn catalog_lists_exactly_the_twenty_kinds_with_their_files() {
    let kinds = catalog();
    let ids: Vec<&str> = kinds.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(ids, KIND_IDS, "catalog ids or their order changed");
    let files: BTreeSet<String> = schema_files().into_iter().map(|(p, _)| p).collect();
    for kind in &kinds {
        assert_eq!(
            kind.schema,
            format!("messages/{}.schema.json", kind.id),
            "{}: schema file not named by its id",
            kind.id
        );
        assert!(
            files.contains(&kind.schema),
            "{}: {} does not exist",
            kind.id,
            kind.schema
        );
        assert_eq!(
            kind.method, "POST",
            "{}: every Antom call and notification is a POST",
            kind.id
        );
        let (api, role) = kind.id.split_once('.').unwrap();
        assert_eq!(kind.api, api);
        assert_eq!(kind.role.as_str(), role);
        match role {
            "request" | "response" => {
                let path = kind.path.as_deref().unwrap_or_default();
                assert_eq!(
                    path,
                    format!("/ams/api/v1/payments/{api}"),
                    "{}: wrong HTTP path",
                    kind.id
                );
                let want = if role == "request" {
                    "merchant-to-antom"
                } else {
                    "antom-to-merchant"
                };
                assert_eq!(kind.direction.as_str(), want, "{}", kind.id);
            }
            "notification" => {
                assert!(
                    kind.path.is_none(),
                    "{}: notifications go to the merchant's URL",
                    kind.id
                );
                assert_eq!(kind.direction.as_str(), "antom-to-merchant", "{}", kind.id);
            }
            "ack" => assert_eq!(kind.direction.as_str(), "merchant-to-antom", "{}", kind.id),
            other => panic!("{}: unknown role {other}", kind.id),
        }
    }
    let messages: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("messages/"))
        .collect();
    assert_eq!(
        messages.len(),
        20,
        "one message schema per kind, no more: {messages:?}"
    );
}

/// Every `$ref` points to an existing file with no fragment, and every definition file is
/// reachable from some message (no orphan models).
#[test]
fn references_resolve_and_every_definition_is_used() {
    let files: BTreeMap<String, serde_json::Value> = schema_files().into_iter().collect();
    let mut problems = Vec::new();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, doc) in &files {
        let mut refs = Vec::new();
        collect_refs(doc, "", &mut refs);
        let dir = path.split('/').next().unwrap();
        for (at, target) in refs {
            if target.contains('#') {
                problems.push(format!("{path}#{at}: $ref {target} has a fragment"));
                continue;
            }
            let resolved = match target.strip_prefix("../") {
                Some(rest) => rest.to_string(),
                None => format!("{dir}/{target}"),
            };
            if !files.contains_key(&resolved) {
                problems.push(format!(
                    "{path}#{at}: $ref {target} resolves to missing {resolved}"
                ));
            }
            edges.entry(path.clone()).or_default().insert(resolved);
        }
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<String> = files
        .keys()
        .filter(|p| p.starts_with("messages/"))
        .cloned()
        .collect();
    while let Some(node) = stack.pop() {
        if seen.insert(node.clone()) {
            stack.extend(edges.get(&node).into_iter().flatten().cloned());
        }
    }
    for path in files.keys() {
        if !seen.contains(path) {
            problems.push(format!("{path} is not reachable from any message schema"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
