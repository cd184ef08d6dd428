//! Property tests of the schemas alone, for every message kind:
//! 1. every instance generated from a schema validates against it;
//! 4. every single mutation that breaks one documented constraint (a required member, a
//!    pattern, a type, a closed enumeration, a conditional rule, a closed object) is reported
//!    by the validator at exactly the mutated JSON Pointer.
//!
//! Cases per kind: `PROPTEST_CASES` (256 by default). Failures are persisted under
//! `conformance/proptest-regressions/` and replayed first on every run.

use antom_conformance::gen::{strategy_for_file, GenOptions, SchemaSet};
use antom_conformance::mutate::{sites, Mutation};
use antom_conformance::{catalog, gen_options, persisted_runner};
use antom_schema::{Severity, Validator};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{TestCaseError, TestRunner};

#[test]
fn generated_instances_validate() {
    let set = SchemaSet::load();
    let validator = Validator::new().unwrap();
    for kind in catalog() {
        let strategy = strategy_for_file(&set, &kind.schema, gen_options(&kind));
        let mut runner = persisted_runner(&format!("generated-{}", kind.id));
        let result = runner.run(&strategy, |instance| {
            let errors = validator.kind_errors(&kind.id, &instance).unwrap();
            prop_assert!(
                errors.is_empty(),
                "{}: generated instance rejected: {:?}\n{}",
                kind.id,
                errors,
                instance
            );
            Ok(())
        });
        if let Err(e) = result {
            panic!("{}: {e}", kind.id);
        }
    }
}

#[test]
fn each_mutation_is_reported_at_its_pointer() {
    let set = SchemaSet::load();
    let validator = Validator::new().unwrap();
    for kind in catalog() {
        let strategy = (
            strategy_for_file(&set, &kind.schema, gen_options(&kind)),
            any::<Index>(),
        );
        let mut runner = persisted_runner(&format!("mutation-{}", kind.id));
        let result = runner.run(&strategy, |(instance, pick)| {
            let all = sites(&set, &kind.schema, &instance);
            prop_assume!(!all.is_empty());
            let site = pick.get(&all);
            let mutated = site.apply(&instance);
            let errors = validator.kind_errors(&kind.id, &mutated).unwrap();
            if site.relaxed && kind.role.antom_writes() {
                // A documented limit Antom's own output does not keep: accepted, and reported
                // as a warning at the mutated pointer.
                prop_assert!(errors.is_empty(), "{}: {:?} at {} is an error where Antom writes: {:?}", kind.id, site.mutation, site.pointer, errors);
                let findings = validator.validate(&kind.id, &mutated).unwrap();
                prop_assert!(
                    findings.iter().any(|f| f.pointer == site.pointer && f.severity == Severity::Warning)
                        && findings.iter().all(|f| f.severity != Severity::Error),
                    "{}: {:?} at {} should be one warning there; got {:?}",
                    kind.id, site.mutation, site.pointer, findings
                );
                return Ok(());
            }
            let pointers: std::collections::BTreeSet<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
            if pointers.len() != 1 || !pointers.contains(site.expected_pointer()) {
                return Err(TestCaseError::fail(format!(
                    "{}: {:?} at {} should be reported there and only there; validator said {:?}\nmutated: {}",
                    kind.id, site.mutation, site.pointer, errors, mutated
                )));
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{}: {e}", kind.id);
        }
    }
}

/// The mutation kinds the conformance suite depends on actually occur: a conditional rule, a
/// closed enumeration, a pattern and a dropped member are all found in generated pay requests.
#[test]
fn mutation_sites_cover_every_kind_of_constraint() {
    let set = SchemaSet::load();
    let strategy = strategy_for_file(
        &set,
        "messages/pay.request.schema.json",
        GenOptions { unknowns: false },
    );
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..400 {
        let instance = strategy.new_tree(&mut runner).unwrap().current();
        for site in sites(&set, "messages/pay.request.schema.json", &instance) {
            let label = match (&site.mutation, site.conditional) {
                (Mutation::DropRequired { .. }, true) => "conditional-required",
                (Mutation::DropRequired { .. }, false) => "required",
                (Mutation::BreakPattern { .. }, _) => "pattern",
                (Mutation::TooLong { .. }, _) => "maxLength",
                (Mutation::WrongType, _) => "type",
                (Mutation::NotInEnum, _) => "enum",
                (Mutation::UnknownMember, _) => "unknown-member",
                (Mutation::NotAScalar { .. }, _) => "scalar",
            };
            seen.insert(label);
        }
    }
    for label in [
        "conditional-required",
        "required",
        "pattern",
        "maxLength",
        "type",
        "enum",
        "unknown-member",
        "scalar",
    ] {
        assert!(
            seen.contains(label),
            "no {label} mutation site in 400 generated pay requests: {seen:?}"
        );
    }
}
