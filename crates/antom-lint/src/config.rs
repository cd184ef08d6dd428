//! `antom-lint.toml` and the severity of each rule.
//!
//! ```toml
//! fail-on = "warning"          # or "error" (the default)
//! format = "json"              # default output format
//! correlate = "file"           # run (default) | file | off: scope of cross-message rules
//! correlate-window = 200000    # payments followed at once (default 25000)
//! include = ["captures/**"]    # globs used when walking directories
//! exclude = ["**/old/**"]
//!
//! [rules]
//! "unknown-field" = "warning"  # error | warning | note | off
//! "card-data-unmasked" = "off"
//! "schema/*" = "error"         # a whole family
//!
//! [signatures]                 # public keys: check the signatures of captured messages
//! antom-public-key = "keys/antom.pem"                           # Antom's key (default key)
//! merchant-public-key = { default = "keys/m.pem", 2 = "keys/m2.pem" }   # by keyVersion
//!
//! [[known]]                    # a documented defect: reported as a note, never failing the run
//! file = "pay.response.apm-app.json"   # path suffix of the file
//! rule = "schema/format"
//! pointer = "/orderCodeForm/expireTime"
//! reason = "the page masks this value with asterisks"
//! ```
//!
//! Precedence, lowest first: rule defaults, the file, `--allow`, `--warn`, `--deny`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use antom_schema::rules::{self, RULES};
use antom_schema::Severity;
use serde::Deserialize;

use crate::cli::{Correlate, FailOn, OutputFormat};
use crate::signatures::SignaturesConfig;

/// The configuration file's contents.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    pub fail_on: Option<FailOn>,
    pub format: Option<OutputFormat>,
    pub correlate: Option<Correlate>,
    pub correlate_window: Option<u32>,
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    #[serde(default)]
    pub known: Vec<Known>,
    /// Public keys that check the signatures of captured messages.
    #[serde(default)]
    pub signatures: SignaturesConfig,
}

/// A finding the user already knows about (a documented defect of a sample, a capture kept
/// on purpose): reported as a note with its reason, so it neither fails the run nor hides.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Known {
    /// Path suffix of the file (`pay.response.apm-app.json`, `samples/x.json`).
    pub file: String,
    /// Rule id of the finding.
    pub rule: String,
    /// JSON Pointer of the finding.
    pub pointer: String,
    /// Why it is known.
    pub reason: String,
}

impl Known {
    /// Whether a finding at `file` (as reported) is this one.
    pub fn matches(&self, file: &str, rule: &str, pointer: &str) -> bool {
        let file = file.replace('\\', "/");
        let suffix_ok = file == self.file || file.ends_with(&format!("/{}", self.file));
        suffix_ok && rule == self.rule && pointer == self.pointer
    }
}

/// Finds `antom-lint.toml` in `start` or one of its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join("antom-lint.toml"))
        .find(|p| p.is_file())
}

/// Reads a configuration file.
pub fn load(path: &Path) -> Result<ConfigFile, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("config {} is not valid: {e}", path.display()))
}

/// The severity (or `None`: not reported) chosen for each overridden rule.
#[derive(Debug, Default, Clone)]
pub struct Severities {
    overrides: BTreeMap<&'static str, Option<Severity>>,
}

impl Severities {
    /// Applies an override to a rule id, or to every rule of a family written `prefix/*`.
    pub fn set(&mut self, pattern: &str, level: Option<Severity>) -> Result<(), String> {
        let matching: Vec<&'static str> = match pattern.strip_suffix('*') {
            Some(prefix) => RULES
                .iter()
                .filter(|r| r.id.starts_with(prefix))
                .map(|r| r.id)
                .collect(),
            None => rules::by_id(pattern)
                .map(|r| vec![r.id])
                .unwrap_or_default(),
        };
        if matching.is_empty() {
            return Err(format!(
                "unknown rule `{pattern}` (run `antom-lint rules` for the list)"
            ));
        }
        for id in matching {
            self.overrides.insert(id, level);
        }
        Ok(())
    }

    /// Applies the `[rules]` table of a configuration file.
    pub fn apply_config(&mut self, config: &ConfigFile) -> Result<(), String> {
        for (rule, level) in &config.rules {
            let level = parse_level(level).ok_or_else(|| {
                format!(
                    "config: rule `{rule}` has level `{level}`; use error, warning, note or off"
                )
            })?;
            self.set(rule, level)?;
        }
        Ok(())
    }

    /// The severity to report a finding with: the override if any, else the finding's own.
    pub fn resolve(&self, rule: &str, default: Severity) -> Option<Severity> {
        match self.overrides.get(rule) {
            Some(level) => *level,
            None => Some(default),
        }
    }
}

/// `error`, `warning`, `note` or `off`/`allow`.
pub fn parse_level(text: &str) -> Option<Option<Severity>> {
    match text.to_ascii_lowercase().as_str() {
        "off" | "allow" | "none" => Some(None),
        other => Severity::parse(other).map(Some),
    }
}
