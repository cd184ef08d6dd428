//! Every rule the checks report, with a stable id, a default severity, a one-line summary,
//! the page that grounds it and its documentation.

use crate::catalog::Role;
use crate::finding::Severity;

/// One rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable id (never renamed once published).
    pub id: &'static str,
    /// Default severity in messages the merchant writes (requests, acknowledgement), and in
    /// every other context unless `lenient` says otherwise.
    pub severity: Severity,
    /// Default severity in messages Antom writes (responses, notifications), where it differs.
    pub lenient: Option<Severity>,
    /// One line.
    pub summary: &'static str,
    /// The document section that grounds the rule: seed page id and heading.
    pub source: &'static str,
    /// Longer documentation for `antom-lint explain`.
    pub doc: &'static str,
}

impl Rule {
    /// The default severity for a message of this role (`None`: role unknown).
    pub fn severity_for(&self, role: Option<Role>) -> Severity {
        match (role, self.lenient) {
            (Some(r), Some(lenient)) if !r.merchant_writes() => lenient,
            _ => self.severity,
        }
    }

    /// "error", or "error in requests, warning in responses" when it depends on the role.
    pub fn severity_text(&self) -> String {
        match self.lenient {
            Some(l) if l != self.severity => format!(
                "{} in requests and acknowledgements, {} in responses and notifications",
                self.severity, l
            ),
            _ => self.severity.to_string(),
        }
    }
}

const PAY_REQUEST: &str = "000_b04d3a467010f84f \"Step 2: Invoke the pay API and get the payment continuation URL\"; each schema constraint names its own page in a $comment";
const CARD_PAGE: &str =
    "002_f439ac3e5c4b731d \"Step 2: Authorize payment\" (card data in paymentMethodMetaData)";

const fn schema_rule(id: &'static str, summary: &'static str, doc: &'static str) -> Rule {
    Rule {
        id,
        severity: Severity::Error,
        lenient: None,
        summary,
        source: PAY_REQUEST,
        doc,
    }
}

/// Every rule, sorted by id.
pub static RULES: &[Rule] = &[
    Rule {
        id: "card-data-unmasked",
        severity: Severity::Warning,
        lenient: None,
        summary: "the capture holds a full card number or a card verification code",
        source: CARD_PAGE,
        doc: "A merchant that collects card data itself sends the card number (cardNo), the verification code (cvv) and the expiry in paymentMethodMetaData. A capture or fixture that keeps them in clear text is cardholder data at rest, which PCI DSS forbids for the verification code and restricts for the card number. The linter never prints these values (card numbers are cut to the first six and last four digits, verification codes and expiry values are replaced whole), but it reports where they sit so the capture can be cleaned. Card numbers are recognised as runs of 12 to 19 digits that pass the Luhn check, wherever they appear.",
    },
    Rule {
        id: "duplicate-key",
        severity: Severity::Error,
        lenient: None,
        summary: "a key appears twice in one JSON object",
        source: "RFC 8259 section 4 (names within an object should be unique); not stated by the Antom pages",
        doc: "JSON parsers disagree about duplicate keys: some keep the first value, most (serde_json among them) keep the last without a word, some reject the text. A message with a repeated key can mean different things to the merchant and to Antom, so it is an error wherever it occurs. The finding points at the second occurrence and names the line of the first.",
    },
    Rule {
        id: "embedded-json",
        severity: Severity::Error,
        lenient: None,
        summary: "a string that must hold JSON (paymentActionForm) does not parse",
        source: "002_f439ac3e5c4b731d \"Step 2: Authorize payment\" (paymentActionForm in the pay response)",
        doc: "Some members carry a JSON document encoded as a string, for instance paymentActionForm in a pay response. The schema marks them with contentMediaType application/json; the linter decodes such strings and reports the ones that are not JSON.",
    },
    Rule {
        id: "empty-input",
        severity: Severity::Error,
        lenient: None,
        summary: "a file or standard input holds no payload at all",
        source: "linter input handling (no page)",
        doc: "An empty file (or one holding only white space) is counted as one record and reported, so that a capture that was truncated to nothing does not pass silently.",
    },
    Rule {
        id: "envelope-invalid",
        severity: Severity::Error,
        lenient: None,
        summary: "an envelope names a kind, path or direction that does not exist",
        source: "schema/catalog.json (kinds, paths, directions)",
        doc: "NDJSON records may wrap a payload in an envelope: {\"kind\": \"pay.request\", \"body\": {...}} or {\"method\": \"POST\", \"path\": \"/ams/api/v1/payments/pay\", \"direction\": \"request\", \"body\": ...}. A kind that is not in the catalog, a direction other than request or response, or a body that is missing is reported here; the payload is then resolved as if it had no envelope.",
    },
    Rule {
        id: "invalid-utf8",
        severity: Severity::Error,
        lenient: None,
        summary: "a record is not valid UTF-8",
        source: "RFC 8259 section 8.1 (JSON exchanged between systems is UTF-8)",
        doc: "JSON exchanged between systems must be UTF-8. A record with other bytes is reported at the first bad byte and not checked further; the remaining records of the file are read as usual.",
    },
    Rule {
        id: "kind-ambiguous",
        severity: Severity::Error,
        lenient: None,
        summary: "the payload fits several message kinds equally well",
        source: "schema/catalog.json (message kinds)",
        doc: "When no --kind option, envelope, HAR URL or file name says which message a payload is, the linter scores every kind of the catalog against the payload's members. When the best scores tie, it does not guess: it reports the candidates. Name the kind with --kind, an envelope, or a file name containing the kind id (pay.request.json).",
    },
    Rule {
        id: "kind-inferred",
        severity: Severity::Note,
        lenient: None,
        summary: "the message kind was inferred from the payload's shape (says which and how sure)",
        source: "schema/catalog.json (message kinds)",
        doc: "Reported for every payload whose kind came from inference rather than from --kind, an envelope, a HAR URL or a file name. The message gives the chosen kind and the confidence (high: the payload is valid for that kind alone; medium: it is the clear best match but has problems; low: it barely beats the next kind).",
    },
    Rule {
        id: "kind-unresolved",
        severity: Severity::Error,
        lenient: None,
        summary: "the payload matches no message kind",
        source: "schema/catalog.json (message kinds)",
        doc: "The payload shares no member with any message of the catalog (or is not a JSON object), so it cannot be checked. Name the kind with --kind if it is an Antom message after all.",
    },
    Rule {
        id: "malformed-json",
        severity: Severity::Error,
        lenient: None,
        summary: "a record is not valid JSON (broken or truncated)",
        source: "RFC 8259",
        doc: "The record could not be parsed as JSON: a syntax error, a truncated NDJSON line, a HAR body that is not JSON. The finding gives the line and column where parsing stopped. The record still counts in the summary.",
    },
    schema_rule("schema/anyOf", "the value matches none of the allowed alternatives", "A member that can take several shapes matched none of them. The message names the closest alternative and its first problem."),
    schema_rule("schema/const", "the value differs from the one fixed value allowed", "The schema fixes this member to a single value (for example a fixed product code in a conditional rule)."),
    schema_rule("schema/contentMediaType", "a string does not hold the media type it declares", "A string member declares the media type of its contents (application/json) and the contents do not match."),
    schema_rule("schema/enum", "a value is outside a closed list of values", "A value written by Antom is outside a list the schema keeps closed (a list that is not an open enumeration). Open enumerations report unknown values as unknown-enum-value instead."),
    schema_rule("schema/format", "a string does not follow its format (date-time, email, uri, ...)", "Format checks are on. Date-times must be RFC 3339 with an offset (2024-01-01T12:00:00+08:00); the pages give the format of each such member."),
    schema_rule("schema/items", "an array has too few, too many or repeated items", "A list member breaks a constraint on its items (minItems, maxItems, uniqueItems, contains)."),
    schema_rule("schema/length", "a string is shorter or longer than the documented limits", "The pages give a maximum length for most string members (for example 64 characters for paymentRequestId). The finding gives the limit."),
    schema_rule("schema/not", "the value matches a shape that is forbidden here", "The schema forbids a combination of members (a not keyword)."),
    schema_rule("schema/oneOf", "the value matches none, or more than one, of exclusive alternatives", "A member must match exactly one of several shapes. The message says whether none or several matched, and for none names the closest alternative."),
    schema_rule("schema/other", "a schema constraint not covered by a more specific rule", "Any other JSON Schema keyword that failed (for example minProperties or a false schema)."),
    schema_rule("schema/pattern", "a string does not match the documented pattern", "Codes such as currencies (ISO 4217, three capital letters) and regions (ISO 3166 alpha-2) are checked with a pattern."),
    schema_rule("schema/range", "a number is outside its documented range", "A number breaks minimum, maximum, exclusiveMinimum, exclusiveMaximum or multipleOf."),
    schema_rule("schema/required", "a required member is missing", "The pages mark members as required; some become required only when another member has a given value (conditional rules). The finding points at the object that lacks the member."),
    schema_rule("schema/type", "a value has the wrong JSON type", "For example a number where the API expects a string. Amounts are strings of minor units (\"value\": \"4200\"), not numbers."),
    Rule {
        id: "unknown-enum-value",
        severity: Severity::Error,
        lenient: Some(Severity::Warning),
        summary: "a value is not one of the documented values of an enumeration",
        source: PAY_REQUEST,
        doc: "In requests and acknowledgements the merchant must use documented values, so a value outside the list is an error (with a suggestion when it looks like a typo of a listed value). In responses and notifications Antom may add values at any time; the types keep them (an Unknown variant) and the linter only warns so that new values are noticed.",
    },
    Rule {
        id: "unknown-field",
        severity: Severity::Error,
        lenient: Some(Severity::Warning),
        summary: "a member is not declared by the schema (with a did-you-mean suggestion)",
        source: "000_b04d3a467010f84f \"Customize the payment timeout\" (the page writes paymentExpireTime for paymentExpiryTime)",
        doc: "Requests and acknowledgements are checked strictly: a member the API does not declare is an error, usually a typo that Antom would ignore or reject. The pages themselves write paymentExpireTime where the API field is paymentExpiryTime; the linter suggests the closest declared name. Responses and notifications are open, since Antom adds members over time: an unknown member there is a warning.",
    },
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The rule a failed JSON Schema keyword reports under.
pub fn for_keyword(keyword: &str) -> &'static str {
    match keyword {
        "required" | "dependentRequired" => "schema/required",
        "type" => "schema/type",
        "enum" => "schema/enum",
        "const" => "schema/const",
        "format" => "schema/format",
        "pattern" => "schema/pattern",
        "minLength" | "maxLength" => "schema/length",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
            "schema/range"
        }
        "minItems" | "maxItems" | "uniqueItems" | "contains" => "schema/items",
        "oneOf" => "schema/oneOf",
        "anyOf" => "schema/anyOf",
        "not" => "schema/not",
        "contentMediaType" | "contentEncoding" => "schema/contentMediaType",
        "additionalProperties" | "unevaluatedProperties" => "unknown-field",
        _ => "schema/other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_unique_and_sorted() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{} before {}",
                pair[0].id,
                pair[1].id
            );
        }
        for kw in ["required", "type", "maxLength", "weird"] {
            assert!(rule(for_keyword(kw)).is_some());
        }
    }
}
