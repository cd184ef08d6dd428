//! Writing findings: human, JSON lines, SARIF 2.1.0, GitHub workflow commands.
//!
//! Every line goes through [`antom_schema::mask::mask_text`] on its way out, so card data
//! cannot reach the output even through a path that forgot to mask it.

use std::io::{self, Write};

use antom_schema::mask::mask_text;
use antom_schema::rules::RULES;
use antom_schema::Severity;
use serde_json::{json, Value};

use crate::check::{RelatedReport, Report};
use crate::summary::Summary;

/// Writes masked lines.
pub struct Out<W: Write> {
    inner: W,
}

impl<W: Write> Out<W> {
    pub fn new(inner: W) -> Out<W> {
        Out { inner }
    }

    pub fn line(&mut self, text: &str) -> io::Result<()> {
        for line in text.split('\n') {
            self.inner.write_all(mask_text(line).as_bytes())?;
            self.inner.write_all(b"\n")?;
        }
        Ok(())
    }

    /// A line written as it is, not masked: only for text that holds no payload value (facts
    /// lines: digests, hex amounts, places, masked file names).
    pub fn raw_line(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.inner, "{text}")
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Human output: `file:line:col: severity[rule] message`, the pointer, the line and a caret.
pub struct Human {
    pub color: bool,
}

impl Human {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn report<W: Write>(&self, out: &mut Out<W>, report: &Report) -> io::Result<()> {
        let (code, label) = match report.severity {
            Severity::Error => ("1;31", "error"),
            Severity::Warning => ("1;33", "warning"),
            Severity::Note => ("1;36", "note"),
        };
        let pointer = if report.pointer.is_empty() {
            "(root)"
        } else {
            &report.pointer
        };
        let record = format!(", record {}", report.record);
        out.line(&format!(
            "{}:{}:{}: {}[{}] {}",
            self.paint("1", &report.file),
            report.line,
            report.column,
            self.paint(code, label),
            report.rule,
            report.message
        ))?;
        let kind = report.kind.as_deref().unwrap_or("-");
        let mut detail = format!("  at {pointer} ({kind}{record})");
        if let Some(e) = &report.expected {
            detail.push_str(&format!("; expected {e}"));
        }
        if let Some(f) = &report.found {
            detail.push_str(&format!("; found {f}"));
        }
        out.line(&detail)?;
        for r in &report.related {
            out.line(&format!("  related: {}", related_text(r)))?;
        }
        if let Some(line) = &report.source_line {
            let (snippet, caret) = snippet(line, report.column);
            if !snippet.trim().is_empty() {
                out.line(&format!("  {} | {snippet}", report.line))?;
                let pad = " ".repeat(report.line.to_string().len());
                out.line(&format!(
                    "  {pad} | {}{}",
                    " ".repeat(caret),
                    self.paint(code, "^")
                ))?;
            }
        }
        Ok(())
    }

    pub fn summary<W: Write>(&self, out: &mut Out<W>, summary: &Summary) -> io::Result<()> {
        let kinds: Vec<String> = summary
            .by_kind
            .iter()
            .map(|(k, n)| format!("{k}: {n}"))
            .collect();
        out.line(&format!(
            "{} record{} checked ({}); {} error{}, {} warning{}, {} note{}",
            summary.records,
            plural(summary.records),
            if kinds.is_empty() {
                "none".to_string()
            } else {
                kinds.join(", ")
            },
            summary.count(Severity::Error),
            plural(summary.count(Severity::Error)),
            summary.count(Severity::Warning),
            plural(summary.count(Severity::Warning)),
            summary.count(Severity::Note),
            plural(summary.count(Severity::Note)),
        ))
    }
}

/// `file:line:col (kind, record N) at /pointer: message`.
fn related_text(r: &RelatedReport) -> String {
    let pointer = if r.pointer.is_empty() {
        "/"
    } else {
        &r.pointer
    };
    format!(
        "{}:{}:{} ({}, record {}) at {pointer}: {}",
        r.file,
        r.line,
        r.column,
        r.kind.as_deref().unwrap_or("-"),
        r.record,
        r.message
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A window of at most 120 characters of a line around a column; the line is masked before it
/// is cut, so a cut cannot expose part of a value its key would have hidden.
fn snippet(line: &str, column: usize) -> (String, usize) {
    let masked = mask_text(line);
    // Masking may change lengths before the column; keep the column as an approximation.
    let chars: Vec<char> = masked.chars().collect();
    let col = column.saturating_sub(1).min(chars.len());
    let start = col.saturating_sub(50);
    let end = (start + 120).min(chars.len());
    let mut text: String = chars[start..end].iter().collect();
    let mut caret = col - start;
    if start > 0 {
        text = format!("…{text}");
        caret += 1;
    }
    if end < chars.len() {
        text.push('…');
    }
    (text.replace('\t', " "), caret)
}

/// JSON lines: one object per finding.
pub fn json_report<W: Write>(out: &mut Out<W>, report: &Report) -> io::Result<()> {
    out.line(&serde_json::to_string(report).unwrap_or_default())
}

/// One finding as `{"finding": ...}` (`filter`, where facts lines come in between).
pub fn json_finding<W: Write>(out: &mut Out<W>, report: &Report) -> io::Result<()> {
    let text = serde_json::to_string(report).unwrap_or_default();
    out.line(&format!("{{\"finding\":{text}}}"))
}

/// The closing JSON line.
pub fn json_summary<W: Write>(out: &mut Out<W>, summary: &Summary) -> io::Result<()> {
    out.line(&json!({"summary": summary}).to_string())
}

/// GitHub workflow command.
pub fn github_report<W: Write>(out: &mut Out<W>, report: &Report) -> io::Result<()> {
    let level = match report.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let pointer = if report.pointer.is_empty() {
        "/"
    } else {
        &report.pointer
    };
    let mut message = format!(
        "{} (at {pointer}, {})",
        report.message,
        report.kind.as_deref().unwrap_or("kind unknown")
    );
    for r in &report.related {
        message.push_str(&format!("\nrelated: {}", related_text(r)));
    }
    out.line(&format!(
        "::{level} file={},line={},col={},title={}::{}",
        gh_property(&report.file),
        report.line,
        report.column,
        gh_property(&format!("antom-lint {}", report.rule)),
        gh_data(&message)
    ))
}

fn gh_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_property(text: &str) -> String {
    gh_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Percent-encodes a path into a URI reference (SARIF artifact locations).
fn uri_reference(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.is_empty() {
        out.push_str("stdin");
    }
    out
}

/// Text of a SARIF message link: brackets would end it early.
fn sarif_link_text(text: &str) -> String {
    text.replace(['[', ']'], "")
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// SARIF 2.1.0, written as a stream: the log and the rule metadata first, then one result
/// per line as findings come, then the run's summary. Nothing is kept per finding, so memory
/// does not grow with the number of findings.
pub struct Sarif {
    first: bool,
}

impl Sarif {
    /// Writes the start of the log, up to the opening of `results`.
    pub fn start<W: Write>(out: &mut Out<W>) -> io::Result<Sarif> {
        let rules: Vec<_> = RULES
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "name": r.id.replace(['/', '-'], "_"),
                    "shortDescription": {"text": r.summary},
                    "fullDescription": {"text": r.doc},
                    "help": {"text": format!("{}\n\nDefault severity: {}.\nSource: {}", r.doc, r.severity_text(), r.source)},
                    "helpUri": r.source.url,
                    "defaultConfiguration": {"level": sarif_level(r.severity.merchant)},
                    "properties": {
                        "source": r.source.to_string(),
                        "severity": {
                            "merchant": r.severity.merchant,
                            "antom": r.severity.antom,
                            "relaxed": r.severity.relaxed
                        }
                    }
                })
            })
            .collect();
        let tool = json!({"driver": {
            "name": "antom-lint",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/antom-checkout/antom-checkout-schema",
            "rules": rules
        }});
        out.line(&format!(
            "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{},\"results\":[",
            tool
        ))?;
        Ok(Sarif { first: true })
    }

    /// Writes one result.
    pub fn result<W: Write>(&mut self, out: &mut Out<W>, r: &Report) -> io::Result<()> {
        let result = sarif_result(r);
        let sep = if std::mem::take(&mut self.first) {
            ""
        } else {
            ","
        };
        out.line(&format!("{sep}{result}"))
    }

    /// Closes the results and the log, with the run's counts.
    pub fn finish<W: Write>(self, out: &mut Out<W>, summary: &Summary) -> io::Result<()> {
        out.line(&format!(
            "],\"properties\":{{\"summary\":{}}}}}]}}",
            json!(summary)
        ))
    }
}

fn sarif_result(r: &Report) -> Value {
    let uri = if r.file == "<stdin>" {
        "stdin".to_string()
    } else {
        uri_reference(&r.file)
    };
    let mut result = json!({
        "ruleId": r.rule,
        "level": sarif_level(r.severity),
        "message": {"text": format!("{} (at {})", r.message, if r.pointer.is_empty() { "/" } else { &r.pointer })},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {"startLine": r.line.max(1), "startColumn": r.column.max(1)}
            },
            "logicalLocations": [{"fullyQualifiedName": if r.pointer.is_empty() { "/" } else { &r.pointer }, "kind": "member"}]
        }],
        "properties": {"pointer": r.pointer, "record": r.record, "kind": r.kind}
    });
    if let Some(i) = RULES.iter().position(|x| *x == r.rule) {
        result["ruleIndex"] = json!(i);
    }
    if !r.related.is_empty() {
        let related: Vec<_> = r
            .related
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                let uri = if rel.file == "<stdin>" { "stdin".to_string() } else { uri_reference(&rel.file) };
                let pointer = if rel.pointer.is_empty() { "/" } else { &rel.pointer };
                json!({
                    "id": i + 1,
                    "message": {"text": format!("{} (record {}, at {pointer})", rel.message, rel.record)},
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": {"startLine": rel.line.max(1), "startColumn": rel.column.max(1)}
                    },
                    "logicalLocations": [{"fullyQualifiedName": pointer, "kind": "member"}],
                    "properties": {"record": rel.record, "kind": rel.kind}
                })
            })
            .collect();
        let links: Vec<String> = r
            .related
            .iter()
            .enumerate()
            .map(|(i, rel)| {
                format!(
                    "[{} record {}]({})",
                    sarif_link_text(&rel.file),
                    rel.record,
                    i + 1
                )
            })
            .collect();
        if let Some(text) = result["message"]["text"].as_str() {
            result["message"]["text"] = json!(format!("{text}; related: {}", links.join(", ")));
        }
        result["relatedLocations"] = json!(related);
    }
    result
}

#[cfg(test)]
mod sarif_tests {
    use super::*;
    use antom_schema::{rules, Finding, Role};

    /// Each result is written when it comes: the writer keeps nothing per finding, so a
    /// run's memory does not grow with its findings. The log is valid JSON once finished.
    #[test]
    fn results_are_written_as_they_come() {
        let mut out = Out::new(Vec::new());
        let mut sarif = Sarif::start(&mut out).unwrap();
        let head = out.inner.len();
        let finding = Finding::new(
            &rules::UNKNOWN_FIELD,
            Some(Role::Request),
            "/x",
            "unknown member",
        );
        let report = Report::masked(
            &finding,
            "a.json".into(),
            1,
            (1, 2),
            Some("pay.request".into()),
        );
        let mut sizes = Vec::new();
        for _ in 0..3 {
            sarif.result(&mut out, &report).unwrap();
            sizes.push(out.inner.len());
        }
        assert!(
            head < sizes[0] && sizes[0] < sizes[1] && sizes[1] < sizes[2],
            "{sizes:?}"
        );
        let mut summary = Summary::new();
        summary.add_record(Some("pay.request"));
        sarif.finish(&mut out, &summary).unwrap();
        let log: serde_json::Value = serde_json::from_slice(&out.inner).unwrap();
        assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 3);
        assert_eq!(log["runs"][0]["results"][0]["ruleId"], "unknown-field");
        assert_eq!(log["runs"][0]["properties"]["summary"]["records"], 1);
    }
}
