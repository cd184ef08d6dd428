//! What a check reports.

use serde::Serialize;

use crate::catalog::Role;
use crate::rules::Rule;

/// How serious a finding is. Ordered: `Note < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Information (for example which kind was inferred); never fails a run.
    Note,
    /// Worth a look; fails a run only with `--fail-on warning`.
    Warning,
    /// A violation.
    Error,
}

impl Severity {
    /// The lowercase name used in output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `note`, `info`, `warning`, `warn` or `error`.
    pub fn parse(text: &str) -> Option<Severity> {
        match text.to_ascii_lowercase().as_str() {
            "note" | "info" => Some(Severity::Note),
            "warning" | "warn" => Some(Severity::Warning),
            "error" | "deny" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in one payload.
///
/// Made from its rule ([`Finding::new`], [`Rule::finding`]), which gives the id and the default
/// severity; the optional parts are set with the `with_*` methods. Fields are public to read
/// (and the severity may be overridden); new fields may be added, so a `Finding` is never
/// built field by field outside this crate.
///
/// Text fields never hold card data: values at card fields are left out and card numbers are
/// cut to their first six and last four digits before a finding is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Finding {
    /// The rule (serialized as its id, e.g. `schema/required`; see [`crate::rules`]).
    pub rule: &'static Rule,
    /// The rule's default severity for this message kind.
    pub severity: Severity,
    /// JSON Pointer of the offending value in the payload (`""` is the whole payload).
    pub pointer: String,
    /// The JSON Schema keyword that failed, when the finding comes from a schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyword: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What the schema expects, when it can be said briefly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What the payload holds there (masked).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// A likely intended value or field name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// Byte offset in the text the finding was made from, when the check read text
    /// (duplicate keys); schema findings carry only the pointer.
    #[serde(skip)]
    pub offset: Option<usize>,
    /// Other places of the same payload the finding refers to (e.g. the member it disagrees
    /// with).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<RelatedPointer>,
}

/// Another place of the same payload that a finding refers to. Made by
/// [`Finding::with_related`]; fields may be added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RelatedPointer {
    /// JSON Pointer in the payload.
    pub pointer: String,
    /// What is there, in a few words.
    pub message: String,
}

impl Finding {
    /// A finding of `rule` in a message of this role (`None`: the kind is not known), with the
    /// rule's default severity for that role; the optional parts start empty.
    pub fn new(
        rule: &'static Rule,
        role: Option<Role>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity: rule.severity_for(role),
            pointer: pointer.into(),
            keyword: None,
            message: message.into(),
            expected: None,
            found: None,
            suggestion: None,
            offset: None,
            related: Vec::new(),
        }
    }

    /// With the JSON Schema keyword that failed.
    pub fn with_keyword(mut self, keyword: impl Into<String>) -> Finding {
        self.keyword = Some(keyword.into());
        self
    }

    /// With what was expected.
    pub fn with_expected(mut self, expected: impl Into<String>) -> Finding {
        self.expected = Some(expected.into());
        self
    }

    /// With what was found (masked by the caller).
    pub fn with_found(mut self, found: impl Into<String>) -> Finding {
        self.found = Some(found.into());
        self
    }

    /// With a likely intended value or name.
    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Finding {
        self.suggestion = Some(suggestion.into());
        self
    }

    /// With another place of the payload it refers to.
    pub fn with_related(
        mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        self.related.push(RelatedPointer {
            pointer: pointer.into(),
            message: message.into(),
        });
        self
    }

    /// With the byte offset in the text it was made from.
    pub fn at_offset(mut self, offset: usize) -> Finding {
        self.offset = Some(offset);
        self
    }
}
