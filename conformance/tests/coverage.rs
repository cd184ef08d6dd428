//! Coverage of the schema members, per message kind: which declared members the documented
//! samples carry, and which the generators produce. Printed as a table (`cargo test -p
//! antom-conformance --test coverage -- --nocapture`) and checked: the generators must
//! exercise every member, so every member takes part in the property tests.

use std::collections::BTreeSet;

use antom_conformance::coverage::{declared, exercised, Member};
use antom_conformance::gen::{strategy_for_file, SchemaSet};
use antom_conformance::{catalog, gen_options, samples};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

/// Instances generated per kind for the coverage count (deterministic seed).
const GENERATED: usize = 1000;

#[test]
fn generators_exercise_every_declared_member() {
    let set = SchemaSet::load();
    let all_samples = samples();
    let mut missing_overall = Vec::new();
    println!(
        "{:<32} {:>8} {:>14} {:>16}",
        "kind", "members", "by samples", "by generators"
    );
    for kind in catalog() {
        let declared: BTreeSet<Member> = declared(&set, &kind.schema);
        let mut by_samples = BTreeSet::new();
        for sample in all_samples
            .iter()
            .filter(|s| s.kind.as_deref() == Some(kind.id.as_str()))
        {
            exercised(&set, &kind.schema, &sample.instance(), &mut by_samples);
        }
        let strategy = strategy_for_file(&set, &kind.schema, gen_options(&kind));
        let mut runner = TestRunner::deterministic();
        let mut by_generators = BTreeSet::new();
        for _ in 0..GENERATED {
            let instance = strategy.new_tree(&mut runner).unwrap().current();
            exercised(&set, &kind.schema, &instance, &mut by_generators);
        }
        let pct = |n: usize| n as f64 * 100.0 / declared.len().max(1) as f64;
        let s = by_samples.intersection(&declared).count();
        let g = by_generators.intersection(&declared).count();
        println!(
            "{:<32} {:>8} {:>8} {:>4.0}% {:>10} {:>4.0}%",
            kind.id,
            declared.len(),
            s,
            pct(s),
            g,
            pct(g)
        );
        for (file, name) in declared.difference(&by_generators) {
            missing_overall.push(format!("{}: {file}#{name}", kind.id));
        }
    }
    assert!(
        missing_overall.is_empty(),
        "members the generators never produced:\n{}",
        missing_overall.join("\n")
    );
}
