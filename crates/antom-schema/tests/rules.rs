//! The rule registry: every rule is documented and grounded in a public page, and findings are
//! made from their rule (id and default severity), serialized as before.

use antom_schema::rules::{self, Scope, RULES};
use antom_schema::{Finding, Role, Severity};

#[test]
fn every_rule_is_documented_with_a_public_source() {
    assert!(RULES.len() > 40, "{}", RULES.len());
    for r in RULES {
        let id = r.id;
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                || id.starts_with("schema/"),
            "{id}: ids are kebab-case (schema rules are named after their keyword)"
        );
        assert!(
            !r.summary.trim().is_empty() && !r.summary.contains('\n') && !r.summary.ends_with('.'),
            "{id}: the summary is one line, without a final period"
        );
        assert!(
            r.doc.len() > 40,
            "{id}: the documentation says more than the summary"
        );
        let url = r.source.url;
        let host = url
            .strip_prefix("https://")
            .and_then(|rest| rest.split(['/', '#']).next())
            .unwrap_or_else(|| panic!("{id}: the source is not an https URL: {url}"));
        assert!(
            host.contains('.')
                && !host.ends_with(".invalid")
                && !host.ends_with(".example")
                && host != "localhost",
            "{id}: {url} is not a public page"
        );
        assert!(!url.contains(' '), "{id}: {url}");
        assert!(
            !r.source.section.trim().is_empty(),
            "{id}: the source says where on the page"
        );
        assert!(
            r.source.to_string().starts_with(url),
            "{id}: the source text starts with its page"
        );
    }
}

#[test]
fn cross_message_rules_say_so() {
    for r in RULES {
        assert_eq!(
            r.scope == Scope::CrossMessage,
            r.doc.starts_with("Cross-message rule"),
            "{}",
            r.id
        );
    }
}

#[test]
fn a_finding_takes_its_id_and_severity_from_its_rule() {
    let f = rules::UNKNOWN_FIELD.finding(Some(Role::Request), "/x", "unknown member");
    assert_eq!((f.rule.id, f.severity), ("unknown-field", Severity::Error));
    assert_eq!(
        f,
        Finding::new(
            &rules::UNKNOWN_FIELD,
            Some(Role::Request),
            "/x",
            "unknown member"
        )
    );
    // Where Antom writes: an error where its received form rejects the member (a closed
    // model), a warning where only the documented schema does (an open model).
    let strict = rules::UNKNOWN_FIELD.finding(Some(Role::Response), "/a", "m");
    let relaxed = rules::UNKNOWN_FIELD.relaxed_finding(Some(Role::Response), "/a", "m");
    assert_eq!(
        (strict.severity, relaxed.severity),
        (Severity::Error, Severity::Warning)
    );
    // Where the merchant writes, nothing is relaxed.
    let f = rules::SCHEMA_LENGTH.relaxed_finding(Some(Role::Ack), "/a", "m");
    assert_eq!(f.severity, Severity::Error);
    // Input findings know no role.
    assert_eq!(
        rules::EMPTY_INPUT.finding(None, "", "m").severity,
        Severity::Error
    );
    assert_eq!(
        rules::KIND_INFERRED.finding(None, "", "m").severity,
        Severity::Note
    );
}

#[test]
fn a_finding_serializes_its_rule_as_the_id() {
    let f = rules::NOTIFY_URL_NOT_HTTPS
        .finding(Some(Role::Request), "/paymentNotifyUrl", "not https")
        .with_expected("an https:// URL")
        .with_related("/env", "where");
    assert_eq!(
        serde_json::to_string(&f).unwrap(),
        r#"{"rule":"notify-url-not-https","severity":"warning","pointer":"/paymentNotifyUrl","message":"not https","expected":"an https:// URL","related":[{"pointer":"/env","message":"where"}]}"#
    );
}

#[test]
fn rules_are_found_by_id_and_keyword() {
    for r in RULES {
        assert!(std::ptr::eq(rules::by_id(r.id).unwrap(), *r));
    }
    assert!(rules::by_id("unknown_field").is_none());
    assert_eq!(rules::for_keyword("maxLength"), &rules::SCHEMA_LENGTH);
    assert_eq!(
        rules::for_keyword("additionalProperties"),
        &rules::UNKNOWN_FIELD
    );
    assert_eq!(rules::for_keyword("contentMediaType"), &rules::SCHEMA_OTHER);
}
