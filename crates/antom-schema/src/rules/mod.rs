//! Every rule the checks report: the registry.
//!
//! Each rule is declared once, as a `static` [`Rule`]: its stable id, its default severity by
//! who wrote the message ([`Severities`]), a one-line summary, the public page (and section)
//! that grounds it, and its documentation. [`RULES`] lists them all, sorted by id;
//! `antom-lint rules`, `antom-lint explain`, the SARIF rule metadata and the rule table of the
//! README are made from it. Every rule is named `rules::NAME` wherever its file is.
//!
//! A finding is made from its rule, so its id and severity cannot be misspelt or drift:
//!
//! ```
//! use antom_schema::rules;
//! use antom_schema::{Role, Severity};
//!
//! let f = rules::NOTIFY_URL_NOT_HTTPS.finding(Some(Role::Request), "/paymentNotifyUrl", "not https");
//! assert_eq!((f.rule.id, f.severity), ("notify-url-not-https", Severity::Warning));
//! // A limit Antom's received form relaxes: an error where the merchant writes, a warning
//! // where only Antom's documented schema (not its received form) rejects the value.
//! let strict = rules::SCHEMA_LENGTH.finding(Some(Role::Request), "/x", "too long");
//! let relaxed = rules::SCHEMA_LENGTH.relaxed_finding(Some(Role::Response), "/x", "too long");
//! assert_eq!((strict.severity, relaxed.severity), (Severity::Error, Severity::Warning));
//! // Type and required errors are never relaxed.
//! let missing = rules::SCHEMA_REQUIRED.relaxed_finding(Some(Role::Response), "", "missing");
//! assert_eq!(missing.severity, Severity::Error);
//! ```
//!
//! # Where rules live
//!
//! - `src/rules/payload/<name>.rs`: one file per single-payload rule (a rule
//!   [`crate::semantic::check`] runs), holding its declaration, its checks and their unit
//!   tests. The file is named after the rule (`chinese_characters.rs` declares
//!   `CHINESE_CHARACTERS`, id `chinese-characters`). Code several rules share stays in
//!   [`crate::semantic`] (IP addresses, URL schemes, date-times, result-code tables).
//! - `src/rules/{schema,record,kind,input,signature,correlation}.rs`: the other rules, grouped
//!   by who reports them (the validator, `lint::check_record`, kind resolution, the program
//!   that reads inputs, the signature checks, [`crate::correlate`]).
//! - `src/rules/rule.rs`: the [`Rule`] type and its parts.
//!
//! No list is edited by hand: the build script (`build/rules_index.rs`) reads `src/rules/`
//! and writes the `mod` line of every payload file, the `pub use` of every rule, [`RULES`]
//! (sorted by id) and the table of checks [`crate::semantic::check`] runs.
//!
//! # Adding a rule
//!
//! A single-payload rule touches two files:
//!
//! 1. `src/rules/payload/<name>.rs`, new: the rule declared with `rules! { NAME { id, summary,
//!    severity, scope: Scope::Payload, source, doc } }` (the id on the line after the name),
//!    and `pub(crate) const CHECKS: &[Check]`: per check, the kinds it runs for (empty: every
//!    kind), the members it reads (a test checks each is declared by those kinds' schemas) and
//!    the function, which reports with `NAME.finding(role, pointer, message)`. The source is a
//!    public https page and the section of it that grounds the rule (a test checks it).
//! 2. `crates/antom-lint/tests/rules.rs`: a row of `FIXTURES`, an input the rule fires on
//!    (a test names every rule without one, and checks that no rule fires on Antom's clean
//!    documented samples).
//!
//! Then refresh the README's rule table, which is generated:
//! `UPDATE_README=1 cargo test -p antom-lint --test rules readme`.
//!
//! A rule of another scope is declared in the group file of its scope and reported from the
//! code that sees what it is about (a new group file adds its `mod` line below); it gets a
//! `FIXTURES` row the same way.

pub use rule::{Rule, Scope, Severities, Source};

use crate::finding::Severity;

mod rule;

const ERROR: Severities = Severities::always(Severity::Error);
const WARNING: Severities = Severities::always(Severity::Warning);
const NOTE: Severities = Severities::always(Severity::Note);
/// An error, but a warning for what only Antom's documented schema rejects where Antom writes.
const ERROR_RELAXED_TO_WARNING: Severities = ERROR.relaxed_to(Severity::Warning);

/// Declares each rule as a `static` [`Rule`], documented with its id and summary. The
/// build script finds the declarations by their shape: the name alone on a line with `{`,
/// then `id: "..."` on the next.
macro_rules! rules {
    ($(
        $name:ident {
            id: $id:literal,
            summary: $summary:literal,
            $($field:ident: $value:expr),+ $(,)?
        }
    )+) => {
        $(
            #[doc = concat!("`", $id, "`: ", $summary, ".")]
            pub static $name: $crate::rules::Rule = $crate::rules::Rule {
                id: $id,
                summary: $summary,
                $($field: $value),+
            };
        )+
    };
}

// The group files (after the macro, which they use).
mod correlation;
mod input;
mod kind;
mod record;
mod schema;
mod signature;

// The payload files' `mod` lines, every rule's `pub use`, RULES and PAYLOAD_CHECKS.
include!(concat!(env!("OUT_DIR"), "/rules_index.rs"));

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES
        .binary_search_by(|r| r.id.cmp(id))
        .ok()
        .map(|i| RULES[i])
}

/// The rule a failed JSON Schema keyword reports under.
pub fn for_keyword(keyword: &str) -> &'static Rule {
    match keyword {
        "required" | "dependentRequired" => &SCHEMA_REQUIRED,
        "type" => &SCHEMA_TYPE,
        "enum" => &SCHEMA_ENUM,
        "const" => &SCHEMA_CONST,
        "format" => &SCHEMA_FORMAT,
        "pattern" => &SCHEMA_PATTERN,
        "minLength" | "maxLength" => &SCHEMA_LENGTH,
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
            &SCHEMA_RANGE
        }
        "minItems" | "maxItems" | "uniqueItems" | "contains" => &SCHEMA_ITEMS,
        "oneOf" => &SCHEMA_ONE_OF,
        "anyOf" => &SCHEMA_ANY_OF,
        "not" => &SCHEMA_NOT,
        "additionalProperties" | "unevaluatedProperties" => &UNKNOWN_FIELD,
        // contentMediaType and contentEncoding are annotations in draft 2020-12 and never
        // fail; strings that must hold JSON are decoded and reported by `embedded-json`.
        _ => &SCHEMA_OTHER,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Role;

    #[test]
    fn ids_unique_and_sorted() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "RULES must be sorted by id: {} before {}",
                pair[0].id,
                pair[1].id
            );
        }
        for r in RULES {
            assert!(std::ptr::eq(by_id(r.id).unwrap(), *r), "{}", r.id);
        }
        assert!(by_id("no-such-rule").is_none());
    }

    #[test]
    fn keywords_map_to_registered_rules() {
        for kw in [
            "required",
            "type",
            "maxLength",
            "pattern",
            "unevaluatedProperties",
            "weird",
        ] {
            let r = for_keyword(kw);
            assert!(std::ptr::eq(by_id(r.id).unwrap(), r), "{kw}");
        }
    }

    /// Every member a single-payload or cross-message rule reads is declared by the schema of
    /// the kinds it is read in: renaming a member in a schema cannot switch a rule off unseen.
    #[test]
    fn members_the_rules_read_are_declared() {
        let validator = crate::Validator::new().unwrap();
        let kinds: Vec<&str> = validator
            .catalog()
            .kinds()
            .iter()
            .map(|k| k.id.as_str())
            .collect();
        let declared = |kind: &str, pointer: &str| {
            validator
                .known_names(kind)
                .unwrap_or_else(|e| panic!("{kind}: {e}"))
                .location_of(pointer)
                .is_some()
        };
        let mut checked = 0;
        for (rule, check) in PAYLOAD_CHECKS
            .iter()
            .flat_map(|(rule, checks)| checks.iter().map(move |c| (rule, c)))
        {
            let names = [rule.id];
            if check.kinds.is_empty() {
                // A rule of every kind: some kind declares everything it reads.
                assert!(
                    check.reads.is_empty()
                        || kinds
                            .iter()
                            .any(|k| check.reads.iter().all(|p| declared(k, p))),
                    "{names:?}: no kind declares all of {:?}",
                    check.reads
                );
            }
            for kind in check.kinds {
                assert!(kinds.contains(kind), "{names:?}: no kind {kind}");
                for pointer in check.reads {
                    assert!(
                        declared(kind, pointer),
                        "{names:?} reads {pointer}, which the {kind} schema does not declare"
                    );
                    checked += 1;
                }
            }
        }
        for (read_kinds, pointers) in crate::correlate::READS {
            for kind in *read_kinds {
                for pointer in *pointers {
                    assert!(
                        declared(kind, pointer),
                        "the cross-message rules read {pointer}, which the {kind} schema does not declare"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 50, "{checked}");
        assert!(!declared("pay.request", "/paymentExpireTime"));
    }

    /// The rules of the payload files are single-payload rules, each with a check, and every
    /// single-payload rule reported by [`crate::semantic::check`] has its file.
    #[test]
    fn payload_files_declare_payload_rules() {
        assert!(PAYLOAD_CHECKS.len() > 10, "{}", PAYLOAD_CHECKS.len());
        for (rule, checks) in PAYLOAD_CHECKS {
            assert_eq!(rule.scope, Scope::Payload, "{}", rule.id);
            assert!(!checks.is_empty(), "{} has no check", rule.id);
            assert!(
                std::ptr::eq(by_id(rule.id).unwrap(), *rule),
                "{} is not in RULES",
                rule.id
            );
        }
    }

    #[test]
    fn only_limits_and_open_models_are_relaxed() {
        // Types, required members, constants, ranges and closed enumerations hold whoever
        // writes the message: never relaxed.
        for r in [
            &SCHEMA_TYPE,
            &SCHEMA_REQUIRED,
            &SCHEMA_CONST,
            &SCHEMA_RANGE,
            &SCHEMA_ENUM,
        ] {
            assert_eq!(r.severity.relaxed, None, "{}", r.id);
            assert_eq!(
                r.severity.relaxed_for_role(Some(Role::Response)),
                Severity::Error
            );
        }
        for r in [
            &SCHEMA_LENGTH,
            &SCHEMA_PATTERN,
            &SCHEMA_FORMAT,
            &SCHEMA_ITEMS,
            &UNKNOWN_FIELD,
        ] {
            assert_eq!(
                r.severity.relaxed_for_role(Some(Role::Notification)),
                Severity::Warning
            );
            assert_eq!(
                r.severity.relaxed_for_role(Some(Role::Ack)),
                Severity::Error
            );
            assert_eq!(r.severity_for(Some(Role::Response)), Severity::Error);
            assert_eq!(r.severity_for(None), Severity::Error);
        }
    }
}
