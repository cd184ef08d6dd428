//! `antom-lint rules` and `antom-lint explain RULE`: the rule registry
//! ([`antom_schema::rules`]) as text.

use antom_schema::rules::{Rule, Scope, RULES};

use crate::cli::RulesFormat;
use crate::output::Out;
use crate::Stop;

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

/// `antom-lint explain CODE` for an argument that is not a rule id: what the result code
/// means, per documented status (matched without regard to case).
pub fn explain_code(arg: &str) -> Result<u8, Stop> {
    use antom_schema::result_codes;
    let wanted = arg.trim().to_ascii_uppercase();
    let entries = result_codes::by_code(&wanted);
    if entries.is_empty() {
        return Err(Stop::Failed(format!(
            "`{arg}` is neither a rule id nor a documented result code; `antom-lint rules` lists the rule ids and `antom-lint codes` the result codes"
        )));
    }
    let mut text = String::new();
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "{} ({})\n\nStatus: {} ({})\nMeaning: {}\nWhat to do next: {}\nListed by the tables of: {}\nSources:",
            e.code,
            e.status,
            e.status,
            e.status.meaning(),
            e.meaning,
            e.action,
            e.apis.join(", ")
        ));
        for s in &e.sources {
            text.push_str("\n  ");
            text.push_str(s);
        }
    }
    write_listing(&text)
}

/// Writes a listing to standard output.
pub fn write_listing(text: &str) -> Result<u8, Stop> {
    let mut out = Out::new(std::io::stdout().lock());
    out.line(text)
        .and_then(|()| out.flush())
        .map_err(Stop::write)?;
    Ok(0)
}

/// `antom-lint codes [--api API]`: every documented result code as a table.
pub fn list_codes(api: Option<&str>) -> Result<u8, Stop> {
    use antom_schema::result_codes;
    let api: Option<String> = match api {
        None => None,
        Some(name) => {
            let catalog =
                antom_schema::catalog::embedded().map_err(|e| format!("internal error: {e}"))?;
            let found = catalog
                .kinds()
                .iter()
                .map(|k| k.api.as_str())
                .find(|a| a.eq_ignore_ascii_case(name.trim()));
            match found {
                Some(a) => Some(a.to_string()),
                None => {
                    return Err(Stop::Failed(format!(
                        "unknown API `{name}`; APIs with a result-code table: {}",
                        result_codes::apis().join(", ")
                    )))
                }
            }
        }
    };
    let entries = match &api {
        Some(a) => result_codes::for_api(a),
        None => result_codes::all().iter().collect(),
    };
    if entries.is_empty() {
        let a = api.unwrap_or_default();
        return write_listing(&format!(
            "No result-code table is documented for {a}; only resultCode SUCCESS with resultStatus S is checked there."
        ));
    }
    let width = entries
        .iter()
        .map(|e| e.code.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut text = format!("{:width$}  STATUS  APIS", "CODE");
    for e in &entries {
        text.push_str(&format!(
            "\n{:width$}  {:6}  {}",
            e.code,
            e.status.letter(),
            e.apis.join(", ")
        ));
    }
    text.push_str(&format!(
        "\n\n{} codes. Status: S success, F failure (final), U unknown (still in process). `antom-lint explain CODE` gives the meaning and what to do next.",
        entries.len()
    ));
    write_listing(&text)
}
