//! Schema errors as findings: the rule of each keyword, unknown members and enumeration
//! values with a "did you mean", strings that must hold JSON, masked messages.

use jsonschema::error::ValidationErrorKind;
use jsonschema::ValidationError;
use serde_json::Value;

use crate::catalog::Role;
use crate::finding::Finding;
use crate::known::{suggest, KnownNames};
use crate::mask::{describe_value, mask_text, pointer_is_card_number, pointer_is_secret};
use crate::rules;
use crate::source::escape_token;

fn member_pointer(path: &str, name: &str) -> String {
    format!("{path}/{}", escape_token(name))
}

/// An unknown member: `strict` where the schema the message is held to rejects it (an error
/// wherever it is), else found by the closed variant only (the rule's relaxed severity).
pub(super) fn unknown_field(
    path: &str,
    name: &str,
    declared: &[&str],
    role: Role,
    strict: bool,
) -> Finding {
    let pointer = member_pointer(path, name);
    let shown = mask_text(name);
    let where_ = if path.is_empty() {
        "the message"
    } else {
        "this object"
    };
    let mut message = if strict {
        format!("unknown member \"{shown}\" ({where_} does not declare it)")
    } else {
        format!("unknown member \"{shown}\" (not declared by the schema; allowed here, since Antom may add members)")
    };
    let mut f = if strict {
        rules::UNKNOWN_FIELD.finding(Some(role), pointer, String::new())
    } else {
        rules::UNKNOWN_FIELD.relaxed_finding(Some(role), pointer, String::new())
    };
    if let Some(s) = suggest(name, declared.iter().copied()) {
        message.push_str(&format!("; did you mean \"{s}\"?"));
        f.suggestion = Some(s.to_string());
    }
    f.message = message;
    f.keyword = Some(
        if strict {
            "additionalProperties"
        } else {
            "unevaluatedProperties"
        }
        .into(),
    );
    f
}

/// A value outside an enumeration: `strict` where the merchant writes, else outside an open
/// enumeration of what Antom writes (the rule's relaxed severity).
pub(super) fn unknown_enum(
    error: &ValidationError<'_>,
    path: &str,
    options: &Value,
    role: Role,
    strict: bool,
) -> Finding {
    let found = describe_value(error.instance(), path, 60);
    let allowed: Vec<&str> = options
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut f = if strict {
        rules::UNKNOWN_ENUM_VALUE.finding(Some(role), path, String::new())
    } else {
        rules::UNKNOWN_ENUM_VALUE.relaxed_finding(Some(role), path, String::new())
    };
    let mut message = if strict {
        format!("{found} is not one of the documented values")
    } else {
        format!("{found} is not one of the documented values (allowed here, Antom may add values)")
    };
    if let Some(text) = error
        .instance()
        .as_str()
        .filter(|_| !pointer_is_secret(path) && !pointer_is_card_number(path))
    {
        if let Some(s) = suggest(text, allowed.iter().copied()) {
            message.push_str(&format!("; did you mean \"{s}\"?"));
            f.suggestion = Some(s.to_string());
        }
    }
    f.message = message;
    f.keyword = Some("enum".into());
    f.expected = Some(short_list(&allowed));
    f.found = Some(found);
    f
}

fn short_list(items: &[&str]) -> String {
    let mut text = items
        .iter()
        .take(12)
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > 12 {
        text.push_str(&format!(", … ({} in all)", items.len()));
    }
    text
}

/// Turns one validator error into findings (several for a list of unexpected members);
/// `relaxed`: only the documented schema, not the received form, rejects it.
pub(super) fn convert(
    error: &ValidationError<'_>,
    role: Role,
    relaxed: bool,
    known: &KnownNames,
    out: &mut Vec<Finding>,
) {
    let path = error.instance_path().as_str();
    let keyword = error.kind().keyword();
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let declared = known.names_at(path);
            for name in unexpected {
                out.push(unknown_field(path, name, &declared, role, true));
            }
            return;
        }
        ValidationErrorKind::Enum { options } if role.merchant_writes() => {
            out.push(unknown_enum(error, path, options, role, true));
            return;
        }
        _ => {}
    }
    let rule = rules::for_keyword(keyword);
    let mut message = mask_text(&error.masked_with("value").to_string());
    let mut f = if relaxed {
        rule.relaxed_finding(Some(role), path, String::new())
    } else {
        rule.finding(Some(role), path, String::new())
    };
    f.keyword = Some(keyword.to_string());
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_string);
            message = format!("missing required member \"{}\"", mask_text(&name));
            f.expected = Some(format!("member \"{}\"", mask_text(&name)));
            f.pointer = path.to_string();
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<&str> = options
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            f.expected = Some(short_list(&allowed));
        }
        ValidationErrorKind::Constant { expected_value } => {
            f.expected = Some(mask_text(&expected_value.to_string()));
        }
        ValidationErrorKind::Type { .. } => {
            f.expected = message.strip_prefix("value is not of ").map(str::to_string);
        }
        ValidationErrorKind::Format { format } => {
            f.expected = Some(format!("a valid \"{format}\""))
        }
        ValidationErrorKind::Pattern { pattern } => {
            f.expected = Some(format!("a string matching {pattern}"))
        }
        ValidationErrorKind::MaxLength { limit } => {
            f.expected = Some(format!("at most {limit} characters"))
        }
        ValidationErrorKind::MinLength { limit } => {
            f.expected = Some(format!("at least {limit} characters"))
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            if let Some(hint) = closest_alternative(context) {
                message.push_str(&format!("; closest alternative: {hint}"));
            }
        }
        _ => {}
    }
    if !matches!(error.kind(), ValidationErrorKind::Required { .. }) {
        f.found = Some(describe_value(error.instance(), path, 60));
    }
    f.message = message;
    out.push(f);
}

/// The first problem of the alternative with the fewest problems.
fn closest_alternative(context: &[Vec<ValidationError<'static>>]) -> Option<String> {
    let (index, errors) = context
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.is_empty())
        .min_by_key(|(_, e)| e.len())?;
    let first = errors.first()?;
    let at = first.instance_path().as_str();
    let at = if at.is_empty() { "/" } else { at };
    Some(format!(
        "#{} ({} problem{}), first: {} at {}",
        index + 1,
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        mask_text(&first.masked_with("value").to_string()),
        mask_text(at)
    ))
}

/// Reports strings that the schema says hold JSON and do not parse.
pub(super) fn embedded_json(value: &Value, role: Role, known: &KnownNames, out: &mut Vec<Finding>) {
    for json in known.json_strings_in(value) {
        if let Err(e) = serde_json::from_str::<Value>(json.text) {
            out.push(
                rules::EMBEDDED_JSON
                    .finding(
                        Some(role),
                        &json.pointer,
                        format!("the string must hold a JSON document but does not parse: {e}"),
                    )
                    .with_expected("a JSON document encoded as a string"),
            );
        }
    }
}
