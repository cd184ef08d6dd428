//! A rule and its parts: id, severities by who wrote the message, scope, public source.

use std::fmt;

use crate::catalog::Role;
use crate::finding::{Finding, Severity};

/// One rule.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct Rule {
    /// Stable id (never renamed once published), e.g. `schema/required`.
    pub id: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Default severity, by who wrote the message.
    pub severity: Severities,
    /// What the rule looks at: an input, one payload, or several messages.
    pub scope: Scope,
    /// The public page that grounds the rule, and where on it.
    pub source: Source,
    /// Longer documentation (`antom-lint explain`).
    pub doc: &'static str,
}

/// A rule's default severities.
///
/// Who wrote a message decides how strictly it is held to the documentation (see
/// `schema/README.md`): what the merchant writes (requests, the acknowledgement) must keep every
/// documented constraint; what Antom writes (responses, notifications) is checked against its
/// *received form*, which leaves out the documented limits Antom's own messages do not always
/// keep (lengths, patterns, formats other than date-time, item counts) and lets open models gain
/// members and enumeration values. What only the documented schema rejects there is reported
/// with the `relaxed` severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Severities {
    /// In what the merchant writes, and where the message kind is not known.
    pub merchant: Severity,
    /// In what Antom writes.
    pub antom: Severity,
    /// In what Antom writes, when its received form accepts the value and only the documented
    /// schema rejects it. `None`: the rule is never relaxed (`antom` applies).
    pub relaxed: Option<Severity>,
}

impl Severities {
    /// The same severity whoever wrote the message.
    pub(crate) const fn always(severity: Severity) -> Severities {
        Severities {
            merchant: severity,
            antom: severity,
            relaxed: None,
        }
    }

    /// One severity where the merchant writes, another where Antom writes.
    #[allow(dead_code)] // no rule depends on who writes yet; the registry supports it
    pub(crate) const fn by_role(merchant: Severity, antom: Severity) -> Severities {
        Severities {
            merchant,
            antom,
            relaxed: None,
        }
    }

    /// The same, with a severity for what only the documented schema rejects where Antom
    /// writes.
    pub(crate) const fn relaxed_to(self, relaxed: Severity) -> Severities {
        Severities {
            relaxed: Some(relaxed),
            ..self
        }
    }

    /// The severity in a message of this role (`None`: the kind is not known).
    pub fn for_role(&self, role: Option<Role>) -> Severity {
        match role {
            Some(r) if !r.merchant_writes() => self.antom,
            _ => self.merchant,
        }
    }

    /// The severity of what only the documented schema rejects, in a message of this role: the
    /// relaxed severity where Antom writes, else as [`Severities::for_role`].
    pub fn relaxed_for_role(&self, role: Option<Role>) -> Severity {
        match role {
            Some(r) if !r.merchant_writes() => self.relaxed.unwrap_or(self.antom),
            _ => self.merchant,
        }
    }

    /// The severity where Antom writes, in words: `error`, or `error, relaxed: warning`.
    pub fn antom_text(&self) -> String {
        match self.relaxed {
            Some(r) if r != self.antom => format!("{}, relaxed: {r}", self.antom),
            _ => self.antom.to_string(),
        }
    }
}

impl fmt::Display for Severities {
    /// `warning`; `error/warning` (where the merchant writes / where Antom writes);
    /// `error, relaxed: warning`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.merchant != self.antom {
            write!(f, "{}/", self.merchant)?;
        }
        f.write_str(&self.antom_text())
    }
}

/// What a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    /// An input as read (a file, a line, a HAR body): reported by the program that reads
    /// inputs, with [`crate::lint::input_finding`].
    Input,
    /// One payload on its own ([`crate::lint::check_record`]).
    Payload,
    /// Several messages of one run together ([`crate::correlate`]).
    CrossMessage,
}

/// Where a rule comes from: a public page and what on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Source {
    /// The page (https).
    pub url: &'static str,
    /// The section heading and what the page says there, sometimes with further pages.
    pub section: &'static str,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.url)?;
        if !self.section.is_empty() {
            write!(f, " {}", self.section)?;
        }
        Ok(())
    }
}

impl Rule {
    /// The default severity of this rule's findings in a message of this role (`None`: the
    /// kind is not known).
    pub fn severity_for(&self, role: Option<Role>) -> Severity {
        self.severity.for_role(role)
    }

    /// A finding of this rule in a message of this role, with the rule's default severity.
    pub fn finding(
        &'static self,
        role: Option<Role>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding::new(self, role, pointer, message)
    }

    /// A finding of what only the documented schema rejects (the received form of what Antom
    /// writes accepts it), with the rule's relaxed severity where Antom writes.
    pub fn relaxed_finding(
        &'static self,
        role: Option<Role>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        let mut f = Finding::new(self, role, pointer, message);
        f.severity = self.severity.relaxed_for_role(role);
        f
    }

    /// "error", or how it depends on who wrote the message, in a sentence.
    pub fn severity_text(&self) -> String {
        let s = &self.severity;
        let mut text = if s.merchant == s.antom {
            s.merchant.to_string()
        } else {
            format!(
                "{} where the merchant writes (requests, the acknowledgement), {} where Antom writes (responses, notifications)",
                s.merchant, s.antom
            )
        };
        if let Some(r) = s.relaxed.filter(|r| *r != s.antom) {
            text.push_str(&format!(
                "; {r} where Antom writes and only the documented schema, not the received form Antom's messages are held to, rejects the value"
            ));
        }
        text
    }
}

/// Rules are one of a kind: equal when their ids are.
impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.id == other.id
    }
}

impl Eq for Rule {}

/// Ordered by id.
impl PartialOrd for Rule {
    fn partial_cmp(&self, other: &Rule) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rule {
    fn cmp(&self, other: &Rule) -> std::cmp::Ordering {
        self.id.cmp(other.id)
    }
}

impl std::hash::Hash for Rule {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

/// The id only (a finding's `Debug` would otherwise repeat the whole documentation).
impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Rule").field(&self.id).finish()
    }
}

/// The id.
impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

/// A rule serializes as its id (what JSON output, SARIF and configuration files name it by).
impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id)
    }
}
