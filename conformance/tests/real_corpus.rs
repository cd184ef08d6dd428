//! The corpus of real published payloads (`conformance/real/`) held to the verdicts of its
//! manifest, with the library checking each payload the way `antom-lint` does: the schema
//! findings of `Validator::validate` plus the single-payload rules of `semantic::check`. The
//! raw errors of the form the kind is accepted against (`Validator::kind_errors`: the received
//! form for what Antom writes, the documented schema for what the merchant writes) count as
//! errors too, so that a payload `Validator::is_valid` rejects can never pass here.
//!
//! - `accept`: no error (warnings and notes are allowed);
//! - `reject`: errors at exactly the listed places, and nowhere else. A listed member that is
//!   `missing` is reported at the object that should hold it (`""` for a top-level member), by
//!   a `schema/required` finding naming it;
//! - `findings`: non-error findings the manifest expects (documented disagreements) are there.
//!
//! Also: manifest and directory agree, every source is a public URL, the writer matches the
//! kind's role (Antom's own output is always `accept`), no key or signature sits in a payload,
//! and every Antom-written payload (and every accepted merchant payload) parses with the
//! generated Rust types and writes back to an equal JSON value.
//! `conformance/python/check_bundle.py` and `conformance/node/check_bundle.mjs` check the same
//! verdicts against the published bundle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use antom_conformance::{catalog, differences, read_json, workspace_root, CatalogKind};
use antom_schema::{semantic, Finding, Severity, Validator};
use antom_types::{Message, MessageKind};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[serde(rename = "$comment")]
    _comment: String,
    payloads: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    kind: String,
    writer: String,
    source: String,
    publisher: String,
    verdict: String,
    reject: Vec<Reject>,
    #[serde(default)]
    findings: Vec<Expected>,
    repaired_from: Option<String>,
    repair: Option<String>,
    notes: String,
}

/// One error a rejected payload must get.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reject {
    /// The member's JSON Pointer.
    pointer: String,
    /// The member is absent: the error sits at the object that should hold it.
    #[serde(default)]
    missing: bool,
    reason: String,
}

impl Reject {
    /// Where a validator reports this error.
    fn reported_at(&self) -> &str {
        if self.missing {
            self.pointer
                .rfind('/')
                .map_or("", |slash| &self.pointer[..slash])
        } else {
            &self.pointer
        }
    }

    /// The member name of a missing member.
    fn member(&self) -> String {
        let last = self.pointer.rsplit('/').next().unwrap_or_default();
        antom_schema_core::pointer::unescape(last).into_owned()
    }
}

/// A non-error finding the payload must get.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    rule: String,
    severity: String,
    pointer: String,
}

fn real_dir() -> PathBuf {
    workspace_root().join("conformance/real")
}

fn manifest() -> Vec<Entry> {
    let manifest: Manifest = serde_json::from_value(read_json(&real_dir().join("manifest.json")))
        .unwrap_or_else(|e| panic!("conformance/real/manifest.json: unexpected shape: {e}"));
    manifest.payloads
}

fn kinds() -> BTreeMap<String, CatalogKind> {
    catalog().into_iter().map(|k| (k.id.clone(), k)).collect()
}

/// Every finding `antom-lint` gives a single payload of this kind (no configuration, no
/// cross-message rules).
fn lint(validator: &Validator, kind: &str, payload: &Value) -> Vec<Finding> {
    let mut findings = validator
        .validate(kind, payload)
        .unwrap_or_else(|e| panic!("{kind}: the schema does not compile: {e}"));
    findings.extend(semantic::check(validator, kind, payload));
    findings
}

/// One error: where, and what (rule or schema keyword, and message).
struct Error {
    pointer: String,
    what: String,
    /// A `required` error (a missing member), from either source.
    required: bool,
    message: String,
}

/// The errors of a payload: the error findings of [`lint`] and the raw errors of the form
/// the kind is accepted against.
fn all_errors(
    validator: &Validator,
    kind: &str,
    payload: &Value,
    findings: &[Finding],
) -> Vec<Error> {
    let mut out: Vec<Error> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| Error {
            pointer: f.pointer.clone(),
            what: f.rule.to_string(),
            required: f.rule == &antom_schema::rules::SCHEMA_REQUIRED,
            message: f.message.clone(),
        })
        .collect();
    let raw = validator
        .kind_errors(kind, payload)
        .unwrap_or_else(|e| panic!("{kind}: the schema does not compile: {e}"));
    out.extend(raw.into_iter().map(|v| Error {
        what: format!("kind_errors [{}]", v.keyword),
        required: v.keyword == "required",
        pointer: v.pointer,
        message: v.message,
    }));
    out
}

fn show(f: &Finding) -> String {
    let at = if f.pointer.is_empty() {
        "(root)"
    } else {
        f.pointer.as_str()
    };
    format!("{} {} at {at}: {}", f.severity, f.rule, f.message)
}

#[test]
fn manifest_and_directory_agree() {
    let kinds = kinds();
    let entries = manifest();
    let mut problems = Vec::new();
    let mut listed = BTreeSet::new();
    let mut originals = BTreeSet::new();
    let mut previous: Option<&str> = None;
    for e in &entries {
        let file = &e.file;
        if previous.is_some_and(|p| p >= file.as_str()) {
            problems.push(format!("{file}: entries are not sorted by file name"));
        }
        previous = Some(file);
        if !listed.insert(file.clone()) {
            problems.push(format!("{file}: listed twice"));
        }
        if !real_dir().join(file).is_file() {
            problems.push(format!(
                "{file}: listed in the manifest, but the file is missing"
            ));
        }
        if !file.starts_with(&format!("{}.", e.kind)) || !file.ends_with(".json") {
            problems.push(format!(
                "{file}: not named <kind>.<name>.json for {}",
                e.kind
            ));
        }
        let Some(kind) = kinds.get(&e.kind) else {
            problems.push(format!("{file}: unknown kind {}", e.kind));
            continue;
        };
        let writer = if kind.role.antom_writes() {
            "antom"
        } else {
            "merchant"
        };
        if e.writer != writer {
            problems.push(format!(
                "{file}: writer {} but a {} is written by the {writer}",
                e.writer, kind.role
            ));
        }
        if !e.source.starts_with("https://") || e.source.contains(char::is_whitespace) {
            problems.push(format!("{file}: source is not a public URL: {}", e.source));
        }
        if !["antom-reference", "antom-guide", "antom-sdk", "sdk-author"]
            .contains(&e.publisher.as_str())
        {
            problems.push(format!("{file}: unknown publisher {}", e.publisher));
        }
        if e.notes.trim().is_empty() {
            problems.push(format!("{file}: no notes"));
        }
        match e.verdict.as_str() {
            "accept" if e.reject.is_empty() => {}
            "reject" if !e.reject.is_empty() && e.writer == "merchant" => {}
            "reject" if e.writer == "antom" => problems.push(format!(
                "{file}: Antom's own output is always accepted, the verdict is reject"
            )),
            other => problems.push(format!(
                "{file}: verdict {other} with {} reject items",
                e.reject.len()
            )),
        }
        for r in &e.reject {
            if r.reason.trim().is_empty() || !(r.pointer.is_empty() || r.pointer.starts_with('/')) {
                problems.push(format!("{file}: malformed reject item {r:?}"));
            }
            if r.missing && r.pointer.is_empty() {
                problems.push(format!("{file}: a missing member needs its pointer"));
            }
        }
        for x in &e.findings {
            if Severity::parse(&x.severity).is_none_or(|s| s == Severity::Error) {
                problems.push(format!(
                    "{file}: expected findings are notes or warnings, not {}",
                    x.severity
                ));
            }
        }
        match (&e.repaired_from, &e.repair) {
            (None, None) => {}
            (Some(original), Some(_)) => {
                match std::fs::read_to_string(real_dir().join(original)) {
                    Ok(text) if serde_json::from_str::<Value>(&text).is_err() => {}
                    Ok(_) => {
                        problems.push(format!("{original}: kept as unparsable, but it parses"))
                    }
                    Err(err) => problems.push(format!("{original}: cannot read it: {err}")),
                }
                originals.insert(original.clone());
            }
            _ => problems.push(format!("{file}: repaired_from and repair go together")),
        }
    }
    for entry in std::fs::read_dir(real_dir()).expect("conformance/real/ exists") {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name != "manifest.json" && !listed.contains(&name) && !originals.contains(&name) {
            problems.push(format!(
                "{name} is in conformance/real/ but not in the manifest"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "conformance/real/manifest.json:\n{}",
        problems.join("\n")
    );
}

/// No key, certificate or signature value was copied with a payload: no PEM block, no member
/// named like a key or a signature, no long base64 run.
#[test]
fn no_keys_or_signatures_in_payloads() {
    fn base64_run(text: &str) -> usize {
        let mut longest = 0;
        let mut run = 0;
        for c in text.chars() {
            if c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=') {
                run += 1;
                longest = longest.max(run);
            } else {
                run = 0;
            }
        }
        longest
    }
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(real_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "manifest.json" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lower = text.to_ascii_lowercase();
        for needle in [
            "-----begin",
            "\"signature",
            "signature=",
            "privatekey",
            "private_key",
            "publickey",
            "public_key",
            "keyversion",
        ] {
            if lower.contains(needle) {
                problems.push(format!("{name}: contains {needle:?}"));
            }
        }
        let run = base64_run(&text);
        if run >= 100 {
            problems.push(format!("{name}: a run of {run} base64 characters"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_real_payload_gets_its_verdict() {
    let validator = Validator::new().expect("the embedded schemas load");
    let entries = manifest();
    let mut failures = Vec::new();
    let mut per_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut antom, mut merchant, mut accept, mut reject, mut held) = (0, 0, 0, 0, 0);
    for e in &entries {
        let payload = read_json(&real_dir().join(&e.file));
        let findings = lint(&validator, &e.kind, &payload);
        let errors = all_errors(&validator, &e.kind, &payload, &findings);
        let mut wrong = Vec::new();
        if e.verdict == "accept" {
            accept += 1;
            if !errors.is_empty() {
                wrong.push("verdict accept, but the payload gets errors".to_string());
            }
            if errors.iter().all(|x| x.what.starts_with("kind_errors")) && !errors.is_empty() {
                wrong.push(
                    "(Validator::validate and semantic::check report none of them: antom-lint passes this payload while Validator::is_valid rejects it)"
                        .to_string(),
                );
            }
        } else {
            reject += 1;
            let want: BTreeSet<&str> = e.reject.iter().map(Reject::reported_at).collect();
            let got: BTreeSet<&str> = errors.iter().map(|f| f.pointer.as_str()).collect();
            if want != got {
                wrong.push(format!(
                    "verdict reject: errors expected at {want:?}, found at {got:?}"
                ));
            }
            for r in e.reject.iter().filter(|r| r.missing) {
                let member = format!("\"{}\"", r.member());
                let named = errors.iter().any(|x| {
                    x.required && x.pointer == r.reported_at() && x.message.contains(&member)
                });
                if !named {
                    wrong.push(format!(
                        "verdict reject: no required-member error naming {member} at {:?} ({})",
                        r.reported_at(),
                        r.reason
                    ));
                }
            }
        }
        for x in &e.findings {
            let found = findings.iter().any(|f| {
                f.rule.id == x.rule && f.pointer == x.pointer && f.severity.as_str() == x.severity
            });
            if !found {
                wrong.push(format!(
                    "expected a {} {} finding at {:?}",
                    x.severity, x.rule, x.pointer
                ));
            }
        }
        if e.writer == "antom" {
            antom += 1;
        } else {
            merchant += 1;
        }
        let counts = per_kind.entry(e.kind.as_str()).or_default();
        counts.0 += 1;
        if wrong.is_empty() {
            held += 1;
            counts.1 += 1;
        } else {
            let mut all: Vec<String> = findings.iter().map(show).collect();
            all.extend(
                errors
                    .iter()
                    .filter(|x| x.what.starts_with("kind_errors"))
                    .map(|x| {
                        let at = if x.pointer.is_empty() {
                            "(root)"
                        } else {
                            x.pointer.as_str()
                        };
                        format!("error {} at {at}: {}", x.what, x.message)
                    }),
            );
            failures.push(format!(
                "{} ({}, written by {}; source {}):\n  {}\n  findings:\n    {}",
                e.file,
                e.kind,
                e.writer,
                e.source,
                wrong.join("\n  "),
                if all.is_empty() {
                    "(none)".to_string()
                } else {
                    all.join("\n    ")
                }
            ));
        }
    }
    let by_kind: Vec<String> = per_kind
        .iter()
        .map(|(k, (n, h))| format!("{k} {h}/{n}"))
        .collect();
    println!(
        "real corpus: {} payloads ({antom} written by Antom, {merchant} by merchants), {accept} accept, {reject} reject, {held} verdicts held; per kind (held/total): {}",
        entries.len(),
        by_kind.join(", ")
    );
    assert!(
        failures.is_empty(),
        "{} of {} real payloads do not get their verdict:\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n")
    );
}

#[test]
fn real_payloads_round_trip_through_the_types() {
    let entries = manifest();
    let mut failures = Vec::new();
    let mut checked = 0;
    for e in entries
        .iter()
        .filter(|e| e.writer == "antom" || e.verdict == "accept")
    {
        let kind = MessageKind::from_id(&e.kind)
            .unwrap_or_else(|| panic!("antom-types has no kind {}", e.kind));
        let json = read_json(&real_dir().join(&e.file));
        checked += 1;
        let typed = match Message::from_value(kind, json.clone()) {
            Ok(typed) => typed,
            Err(err) => {
                failures.push(format!(
                    "{} ({}): does not parse: {err} at {:?}",
                    e.file,
                    e.kind,
                    err.pointer()
                ));
                continue;
            }
        };
        let back = serde_json::to_value(&typed).expect("a typed message serializes");
        let mut diff = Vec::new();
        differences(&json, &back, "", &mut diff);
        if !diff.is_empty() {
            failures.push(format!(
                "{} ({}): JSON -> typed -> JSON differs at:\n    {}",
                e.file,
                e.kind,
                diff.join("\n    ")
            ));
        }
    }
    println!("real corpus: {checked} payloads parsed with antom-types and written back unchanged");
    assert!(
        failures.is_empty(),
        "real payloads the generated types do not carry exactly:\n{}",
        failures.join("\n")
    );
}
