//! `antom-lint rules` and `antom-lint explain RULE`: the rule registry
//! ([`antom_schema::rules`]) as text.

use antom_schema::rules::{Rule, Scope, RULES};

use crate::cli::RulesFormat;

/// Every rule, as `antom-lint rules` prints it.
pub fn rules(format: RulesFormat) -> String {
    match format {
        RulesFormat::Human => human(),
        RulesFormat::Markdown => markdown(),
    }
}

/// What the severity notations of a listing mean, for the notations it uses.
fn legend() -> Vec<&'static str> {
    let mut lines = Vec::new();
    if RULES
        .iter()
        .any(|r| r.severity.merchant != r.severity.antom)
    {
        lines.push("a/b: a where the merchant writes (requests, the acknowledgement), b where Antom writes (responses, notifications).");
    }
    if RULES.iter().any(|r| r.severity.relaxed.is_some()) {
        lines.push("Relaxed: where Antom writes, the severity of what its received form accepts and only the documented schema rejects (a documented limit Antom's own messages do not always keep, or a member or value an open model may gain).");
    }
    lines
}

fn human() -> String {
    let width = RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let severities: Vec<String> = RULES.iter().map(|r| r.severity.to_string()).collect();
    let sev_width = severities.iter().map(String::len).max().unwrap_or(0);
    let mut text = String::new();
    for (r, sev) in RULES.iter().zip(&severities) {
        text.push_str(&format!(
            "{:width$}  {sev:sev_width$}  {}\n",
            r.id, r.summary
        ));
        text.push_str(&format!(
            "{:width$}  {:sev_width$}  source: {}\n",
            "", "", r.source
        ));
    }
    text.push_str("\nSeverity: the default, where the merchant writes and where Antom writes.");
    for line in legend() {
        text.push('\n');
        text.push_str(line);
    }
    text
}

/// Text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The rule table of the README.
fn markdown() -> String {
    let mut text = String::from(
        "| rule | merchant writes | Antom writes | what it reports | source |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        let page = r.source.url.trim_start_matches("https://");
        text.push_str(&format!(
            "| `{}` | {} | {} | {} | [{}]({}) |\n",
            r.id,
            r.severity.merchant,
            r.severity.antom_text(),
            cell(r.summary),
            cell(page),
            r.source.url
        ));
    }
    text.push_str(
        "\n\"Merchant writes\": requests and the acknowledgement (and inputs whose kind is unknown); \"Antom writes\": responses and notifications.",
    );
    for line in legend() {
        text.push(' ');
        text.push_str(line);
    }
    text.push_str(
        " `antom-lint explain RULE` gives each rule's documentation and the section of the page it comes from.",
    );
    text
}

/// One rule, as `antom-lint explain RULE` prints it.
pub fn explain(rule: &Rule) -> String {
    let scope = match rule.scope {
        Scope::Input => "an input as it is read (a file, an NDJSON line, a HAR body)",
        Scope::Payload => "one payload on its own",
        Scope::CrossMessage => "the messages of a run together (cross-message)",
        _ => "",
    };
    format!(
        "{}\n\n{}\n\nDefault severity: {}\nLooks at: {scope}\nSource: {}\n\n{}",
        rule.id,
        rule.summary,
        rule.severity_text(),
        rule.source,
        rule.doc
    )
}
