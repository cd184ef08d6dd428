//! What a check reports.

use serde::Serialize;

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
/// Text fields never hold card data: values at card fields are left out and card numbers are
/// cut to their first six and last four digits before a finding is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable rule id, e.g. `schema/required` (see [`crate::rules`]).
    pub rule: &'static str,
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

/// Another place of the same payload that a finding refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedPointer {
    /// JSON Pointer in the payload.
    pub pointer: String,
    /// What is there, in a few words.
    pub message: String,
}

impl Finding {
    /// A finding with only the required parts; the optional ones start empty.
    pub fn new(
        rule: &'static str,
        severity: Severity,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            severity,
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
}
