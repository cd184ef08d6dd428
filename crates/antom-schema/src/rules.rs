//! Every rule the checks report: the registry.
//!
//! Each rule is declared once, below, as a `static` [`Rule`]: its stable id, its default
//! severity by who wrote the message ([`Severities`]), a one-line summary, the public page
//! (and section) that grounds it, and its documentation. [`RULES`] lists them all, sorted by
//! id; `antom-lint rules`, `antom-lint explain`, the SARIF rule metadata and the rule table of
//! the README are made from it.
//!
//! A finding is made from its rule, so its id and severity cannot be misspelt or drift:
//!
//! ```
//! use antom_schema::rules;
//! use antom_schema::{Role, Severity};
//!
//! let f = rules::NOTIFY_URL_NOT_HTTPS.finding(Some(Role::Request), "/paymentNotifyUrl", "not https");
//! assert_eq!((f.rule.id, f.severity), ("notify-url-not-https", Severity::Warning));
//! // A limit Antom's received form relaxes: an error where the merchant writes, a warning
//! // where only Antom's documented schema (not its received form) rejects the value.
//! let strict = rules::SCHEMA_LENGTH.finding(Some(Role::Request), "/x", "too long");
//! let relaxed = rules::SCHEMA_LENGTH.relaxed_finding(Some(Role::Response), "/x", "too long");
//! assert_eq!((strict.severity, relaxed.severity), (Severity::Error, Severity::Warning));
//! // Type and required errors are never relaxed.
//! let missing = rules::SCHEMA_REQUIRED.relaxed_finding(Some(Role::Response), "", "missing");
//! assert_eq!(missing.severity, Severity::Error);
//! ```
//!
//! # Adding a rule
//!
//! 1. Declare it below, in id order (`RULES` must stay sorted; a test checks it). Its name is
//!    the id in capitals (`notify-url-not-https` is `NOTIFY_URL_NOT_HTTPS`).
//! 2. Report it with `NAME.finding(role, pointer, message)`. A single-payload rule is a row of
//!    the `CHECKS` table of the [`crate::semantic`] module that holds its code: the rule, the
//!    kinds it runs for, the members it reads (a test checks each is declared by those kinds'
//!    schemas) and the function. A new module file adds its `mod` line and its `CHECKS` to
//!    the list in `semantic/mod.rs`.
//! 3. Give it a fixture: a row of `FIXTURES` in `crates/antom-lint/tests/rules.rs` (a test names
//!    every rule without one), and refresh the README's table
//!    (`UPDATE_README=1 cargo test -p antom-lint --test rules readme`).

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
    pub const fn always(severity: Severity) -> Severities {
        Severities {
            merchant: severity,
            antom: severity,
            relaxed: None,
        }
    }

    /// One severity where the merchant writes, another where Antom writes.
    pub const fn by_role(merchant: Severity, antom: Severity) -> Severities {
        Severities {
            merchant,
            antom,
            relaxed: None,
        }
    }

    /// The same, with a severity for what only the documented schema rejects where Antom
    /// writes.
    pub const fn relaxed_to(self, relaxed: Severity) -> Severities {
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

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES
        .binary_search_by(|r| r.id.cmp(id))
        .ok()
        .map(|i| RULES[i])
}

/// The rule a failed JSON Schema keyword reports under.
pub fn for_keyword(keyword: &str) -> &'static Rule {
    match keyword {
        "required" | "dependentRequired" => &SCHEMA_REQUIRED,
        "type" => &SCHEMA_TYPE,
        "enum" => &SCHEMA_ENUM,
        "const" => &SCHEMA_CONST,
        "format" => &SCHEMA_FORMAT,
        "pattern" => &SCHEMA_PATTERN,
        "minLength" | "maxLength" => &SCHEMA_LENGTH,
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
            &SCHEMA_RANGE
        }
        "minItems" | "maxItems" | "uniqueItems" | "contains" => &SCHEMA_ITEMS,
        "oneOf" => &SCHEMA_ONE_OF,
        "anyOf" => &SCHEMA_ANY_OF,
        "not" => &SCHEMA_NOT,
        "additionalProperties" | "unevaluatedProperties" => &UNKNOWN_FIELD,
        // contentMediaType and contentEncoding are annotations in draft 2020-12 and never
        // fail; strings that must hold JSON are decoded and reported by `embedded-json`.
        _ => &SCHEMA_OTHER,
    }
}

const ERROR: Severities = Severities::always(Severity::Error);
const WARNING: Severities = Severities::always(Severity::Warning);
const NOTE: Severities = Severities::always(Severity::Note);
/// An error, but a warning for what only Antom's documented schema rejects where Antom writes.
const ERROR_RELAXED_TO_WARNING: Severities = ERROR.relaxed_to(Severity::Warning);

const PAY_REQUEST: Source = Source {
    url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
    section: "\"Step 2: Invoke the pay API and get the payment continuation URL\"; each schema constraint names its own page in a $comment",
};
const CARD_PAGE: Source = Source {
    url: "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant",
    section: "\"Step 2: Authorize payment\" (card data in paymentMethodMetaData)",
};
/// The catalog of message kinds, as published in the repository.
const CATALOG: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/blob/main/schema/catalog.json"
);

/// Declares each rule as a `static` and lists them all in [`RULES`], in the order written
/// (sorted by id; a test checks it).
macro_rules! rules {
    ($(
        $name:ident {
            id: $id:literal,
            summary: $summary:literal,
            $($field:ident: $value:expr),+ $(,)?
        }
    )+) => {
        $(
            #[doc = concat!("`", $id, "`: ", $summary, ".")]
            pub static $name: Rule = Rule {
                id: $id,
                summary: $summary,
                $($field: $value),+
            };
        )+

        /// Every rule, sorted by id.
        pub static RULES: &[&Rule] = &[$(&$name),+];
    };
}

rules! {
    ACK_REQUESTS_RESEND {
        id: "ack-requests-resend",
        summary: "a notification acknowledgement that is not resultCode SUCCESS with resultStatus S: Antom sends the notification again",
        severity: NOTE,
        scope: Scope::Payload,
        source: Source {
            url: "https://docs.antom.com/ac/ams/notify_capture",
            section: "and https://docs.antom.com/ac/ams/notify_refund (the merchant answers a notification with result SUCCESS/S; otherwise Antom resends it up to 8 times within 24 hours)",
        },
        doc: "The merchant answers each notification with a result. Only resultCode SUCCESS with resultStatus S tells Antom the notification arrived; any other well-formed answer (PROCESS_FAIL with F, for example) is accepted by the schema, but Antom will send the notification again (up to 8 times within 24 hours: 0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h, 15 h). That is fine when the merchant really wants it again (it could not store the result), and a mistake otherwise: reported as a note so that a capture shows which acknowledgements ask for a resend.",
    }
    ACTION_FORM_MISMATCH {
        id: "action-form-mismatch",
        summary: "paymentActionForm (decoded) and redirectActionForm describe different redirections",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Receive a payment response\" (Web, WAP and App samples: the string paymentActionForm and the object redirectActionForm carry the same redirection)",
        },
        doc: "A pay response may carry the next action twice: as paymentActionForm, a JSON document encoded in a string, and as the object redirectActionForm. Every documented sample gives both the same method and redirectUrl. When the decoded paymentActionForm is a RedirectActionForm, its method, redirectUrl and parameters must equal those of redirectActionForm; a paymentActionForm of another type next to a redirectActionForm is reported too. Integrations read one or the other, so a disagreement sends buyers to different places depending on the client.",
    }
    AMOUNT_CURRENCY_MISMATCH {
        id: "amount-currency-mismatch",
        summary: "paymentAmount and order.orderAmount are in different currencies",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant",
            section: "\"Create a payment request\" (paymentAmount: \"the payment amount that the merchant requests to receive in the order currency\"); https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Create a payment session\" (paymentAmount in the smallest unit of the order currency)",
        },
        doc: "The pages define the payment amount in the order currency. A pay or createPaymentSession request whose paymentAmount.currency differs from order.orderAmount.currency is usually a currency conversion done in the wrong place (the settlement currency belongs in settlementStrategy). Amounts are never compared across currencies.",
    }
    APP_REDIRECT_NOT_DEEP_LINK {
        id: "app-redirect-not-deep-link",
        summary: "terminalType APP with a paymentRedirectUrl that is not a deep link or app link",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment",
            section: "\"2. Send a payment request and obtain a payment continuation URL\" (Table 5, paymentRedirectUrl: \"App: Pass in a deep linking URL\") and \"1. Redirect to your result page\" (\"For payments initiated in an app, you must pass in a deep link\")",
        },
        doc: "For an app payment (env.terminalType APP) the buyer must come back into the merchant app after paying, so paymentRedirectUrl must be a deep link (a custom scheme such as myapp://pay/result) or an App Link / Universal Link. App Links and Universal Links are always https, and the linter cannot tell an https App Link from a web page, so https URLs pass; plain http URLs, relative URLs and javascript:, data:, file: or about: URLs are reported.",
    }
    BLIK_CLIENT_IP_LOCAL {
        id: "blik-client-ip-local",
        summary: "a BLIK payment whose env.clientIp is a loopback, private or otherwise local address",
        severity: ERROR,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment",
            section: "\"4. Collect or display extra information\" (Table 4, BLIK: clientIp is required with blikCode and \"The IP address cannot be set to the local IP\")",
        },
        doc: "BLIK payments need the buyer's real public IP address in env.clientIp (and order.env.clientIp when given). Loopback, private (RFC 1918), link-local, unspecified, carrier-grade NAT, documentation, benchmarking, reserved, broadcast and multicast addresses, their IPv6 counterparts (::1, fc00::/7, fe80::/10, IPv4-mapped) and the name localhost are reported. An address written with leading zeros is read both ways (decimal and octal, as inet_aton does): 0177.0.0.1 is 127.0.0.1 to some parsers and is reported.",
    }
    CAPTURE_AMOUNT_MISMATCH {
        id: "capture-amount-mismatch",
        summary: "a capture request's captureAmount differs from the authorized payment amount",
        severity: ERROR,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant",
            section: "\"Step 4: Capture\" (\"The total capture amount must be equal to the total authorized amount\"; captureAmount \"must be equal to the total authorized amount\")",
        },
        doc: "Cross-message rule. A capture request is matched to its payment by paymentId (the pay response, notification or inquiry that carries both paymentId and paymentRequestId links it to the pay request). Its captureAmount must equal the paymentAmount of the pay request, compared as integers of minor units in the same currency. When the pay request is not in the capture, the amount Antom reported for the payment is used. The finding points at the capture request and names the record that holds the authorized amount.",
    }
    CARD_DATA_UNMASKED {
        id: "card-data-unmasked",
        summary: "the capture holds a full card number or a card verification code",
        severity: WARNING,
        scope: Scope::Payload,
        source: CARD_PAGE,
        doc: "A merchant that collects card data itself sends the card number (cardNo), the verification code (cvv) and the expiry in paymentMethodMetaData. A capture or fixture that keeps them in clear text is cardholder data at rest, which PCI DSS forbids for the verification code and restricts for the card number. The linter never prints these values (card numbers are cut to the first six and last four digits, verification codes and expiry values are replaced whole), but it reports where they sit so the capture can be cleaned. Card numbers are recognised as runs of 12 to 19 digits that pass the Luhn check, wherever they appear.",
    }
    CHINESE_CHARACTERS {
        id: "chinese-characters",
        summary: "Chinese characters in paymentRequestId, referenceOrderId, orderDescription or goods",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Create a payment request\" > FAQs \"Can Chinese characters be used in the request?\"; https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Step 1: Create a payment session\" FAQ \"Can Chinese characters be used in the request?\" (names paymentRequestId, referenceOrderId, orderDescription and goods)",
        },
        doc: "The pages ask merchants not to use Chinese characters in these request fields, because some payment methods such as QRIS and Mastercard reject them. Reported in pay and createPaymentSession requests for paymentRequestId, order.referenceOrderId, order.orderDescription and every string of order.goods. Chinese characters are the CJK ideographs of every Unicode block and the full-width punctuation of Chinese input methods (U+3000-U+303F, U+FF00-U+FF64, U+FFE0-U+FFE6).",
    }
    CLIENT_IP_MALFORMED {
        id: "client-ip-malformed",
        summary: "env.clientIp is not a well-formed IP address (for example an octet with a leading zero)",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment",
            section: "\"4. Collect or display extra information\" (Table 4: clientIp is an IP address); https://global.alipay.com/docs/ac/cashierpay/apm_api \"Create a payment request\" samples send 114.121.121.01 (conformance/samples/DEFECTS.md #4); RFC 6943 section 3.1.1 (leading zeros are read as octal by some parsers)",
        },
        doc: "env.clientIp (and order.env.clientIp) must be an IPv4 dotted quad or an IPv6 address. The schema leaves it a plain string because the documented samples send 114.121.121.01; the linter reports such values instead. A leading zero is ambiguous: strict parsers (Rust, Python ipaddress, Java InetAddress for some forms) reject it, inet_aton reads 010 as octal 8, so risk checks may discard the address or see another one. A warning rather than an error: Antom accepts the value in its own samples. The suggestion gives the decimal reading.",
    }
    DOCUMENTS_DISAGREE {
        id: "documents-disagree",
        summary: "a member one Antom page requires and another leaves out is missing (createPaymentSession paymentMethod, settlementStrategy, notifyPayment paymentCreateTime)",
        severity: NOTE,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_ww",
            section: "\"Create a payment session\" against https://docs.antom.com/ac/ams/session_cashier (paymentMethod); https://docs.antom.com/ac/ams/payment_cashier and https://docs.antom.com/ac/ams/session_cashier (settlementStrategy REQUIRED) against https://global.alipay.com/docs/ac/cashierpay/apm_api \"Step 2: Invoke the pay API and get the payment continuation URL\" (samples without it); https://docs.antom.com/ac/ams/paymentrn_online (paymentCreateTime REQUIRED) against the other product copies of that page and the guide samples",
        },
        doc: "Antom's guides and API references do not always agree on what is required, and the schemas can follow only one reading. This note marks a payload that lacks a member one page requires and another does not: (a) a createPaymentSession request without paymentMethod (required by the guide https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Create a payment session\", optional in the One-time Payments reference https://docs.antom.com/ac/ams/session_cashier); (b) a pay or createPaymentSession request without settlementStrategy (REQUIRED in the references https://docs.antom.com/ac/ams/payment_cashier and https://docs.antom.com/ac/ams/session_cashier, left out of the guides' own samples such as https://global.alipay.com/docs/ac/cashierpay/apm_api); (c) a notifyPayment notification without paymentCreateTime (REQUIRED on https://docs.antom.com/ac/ams/paymentrn_online, optional on other product copies of that page and missing from some guide samples). In a request, send the member so that it is accepted under either reading; from a notification, do not rely on it. A note: it never fails a run.",
    }
    DUPLICATE_KEY {
        id: "duplicate-key",
        summary: "a key appears twice in one JSON object",
        severity: ERROR,
        scope: Scope::Payload,
        source: Source {
            url: "https://www.rfc-editor.org/rfc/rfc8259#section-4",
            section: "RFC 8259 section 4 (names within an object should be unique); not stated by the Antom pages",
        },
        doc: "JSON parsers disagree about duplicate keys: some keep the first value, most (serde_json among them) keep the last without a word, some reject the text. A message with a repeated key can mean different things to the merchant and to Antom, so it is an error wherever it occurs. The finding points at the second occurrence and names the line of the first.",
    }
    DUPLICATE_SUCCESSFUL_PAYMENT {
        id: "duplicate-successful-payment",
        summary: "more than one successful payment for the same referenceOrderId",
        severity: WARNING,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Best practice\" > \"Payment failed retry\" and https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Best practice\" > \"Payment failed retry\" (item 3: only one successful payment order per merchant order; cancel or refund the extra one)",
        },
        doc: "Cross-message rule. A merchant order (order.referenceOrderId of the pay request) may be paid by several payment attempts, each with its own paymentRequestId, but at most one may succeed. A payment counts as successful when a pay response has result S/SUCCESS, a notifyPayment has result S, or an inquiryPayment response has paymentStatus SUCCESS. The finding points at the second success and names the first; the pages tell the merchant to cancel or refund the extra payment.",
    }
    EMBEDDED_JSON {
        id: "embedded-json",
        summary: "a string that must hold JSON (paymentActionForm) does not parse",
        severity: ERROR,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant",
            section: "\"Step 2: Authorize payment\" (paymentActionForm in the pay response)",
        },
        doc: "Some members carry a JSON document encoded as a string, for instance paymentActionForm in a pay response. The schema marks them with contentMediaType application/json; the linter decodes such strings and reports the ones that are not JSON.",
    }
    EMBEDDED_JSON_SCHEMA {
        id: "embedded-json-schema",
        summary: "the JSON inside a string (paymentActionForm) does not match its schema",
        severity: ERROR,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Receive a payment response\" (paymentActionForm holds a RedirectActionForm with method and redirectUrl); schema/defs/PaymentActionForm.schema.json, named by contentSchema",
        },
        doc: "Strings that hold JSON (contentMediaType application/json) may name the schema of their contents with contentSchema; in JSON Schema 2020-12 that is only an annotation, so the linter decodes the string and validates the decoded value itself, reporting each problem at the string with the position inside the decoded value. A string that does not parse at all is reported by embedded-json instead.",
    }
    EMPTY_INPUT {
        id: "empty-input",
        summary: "a file or standard input holds no payload at all",
        severity: ERROR,
        scope: Scope::Input,
        source: Source {
            url: "https://www.rfc-editor.org/rfc/rfc8259#section-2",
            section: "RFC 8259 section 2 (a JSON text is one value; an empty text holds none)",
        },
        doc: "An empty file (or one holding only white space) is counted as one record and reported, so that a capture that was truncated to nothing does not pass silently.",
    }
    ENVELOPE_INVALID {
        id: "envelope-invalid",
        summary: "an envelope names a kind, path or direction that does not exist",
        severity: ERROR,
        scope: Scope::Payload,
        source: Source {
            url: CATALOG,
            section: "(schema/catalog.json: the message kinds, API paths and directions)",
        },
        doc: "NDJSON records may wrap a payload in an envelope: {\"kind\": \"pay.request\", \"body\": {...}} or {\"method\": \"POST\", \"path\": \"/ams/api/v1/payments/pay\", \"direction\": \"request\", \"body\": ...}. A kind that is not in the catalog, a direction other than request or response, or a body that is missing is reported here; the payload is then resolved as if it had no envelope.",
    }
    EXPIRY_BEFORE_CREATION {
        id: "expiry-before-creation",
        summary: "a pay request's paymentExpiryTime is earlier than the payment's creation time",
        severity: WARNING,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Best practice\" > \"Customize the payment timeout\"; https://global.alipay.com/docs/ac/cashierpay/noncard_payment \"1. Intercept an invalid payment\" (paymentExpiryTime: after it the buyer cannot pay)",
        },
        doc: "Cross-message rule. paymentExpiryTime of a pay request is compared with the paymentCreateTime that Antom reports for the same payment (pay response, notification or inquiry) anywhere in the capture, as instants (offsets applied). An expiry before the creation makes the payment unpayable from the start, typically a wrong time-zone offset.",
    }
    INVALID_UTF8 {
        id: "invalid-utf8",
        summary: "a record is not valid UTF-8",
        severity: ERROR,
        scope: Scope::Input,
        source: Source {
            url: "https://www.rfc-editor.org/rfc/rfc8259#section-8.1",
            section: "RFC 8259 section 8.1 (JSON exchanged between systems is UTF-8)",
        },
        doc: "JSON exchanged between systems must be UTF-8. A record with other bytes is reported at the first bad byte and not checked further; the remaining records of the file are read as usual.",
    }
    KIND_AMBIGUOUS {
        id: "kind-ambiguous",
        summary: "the payload fits several message kinds equally well",
        severity: ERROR,
        scope: Scope::Payload,
        source: Source {
            url: CATALOG,
            section: "(schema/catalog.json: the message kinds)",
        },
        doc: "When no --kind option, envelope, HAR URL or file name says which message a payload is, the linter scores every kind of the catalog against the payload's members. When the best scores tie, it does not guess: it reports the candidates. Name the kind with --kind, an envelope, or a file name containing the kind id (pay.request.json).",
    }
    KIND_INFERRED {
        id: "kind-inferred",
        summary: "the message kind was inferred from the payload's shape (says which and how sure)",
        severity: NOTE,
        scope: Scope::Payload,
        source: Source {
            url: CATALOG,
            section: "(schema/catalog.json: the message kinds)",
        },
        doc: "Reported for every payload whose kind came from inference rather than from --kind, an envelope, a HAR URL or a file name. The message gives the chosen kind and the confidence (high: the payload is valid for that kind alone; medium: it is the clear best match but has problems; low: it barely beats the next kind).",
    }
    KIND_UNRESOLVED {
        id: "kind-unresolved",
        summary: "the payload matches no message kind",
        severity: ERROR,
        scope: Scope::Payload,
        source: Source {
            url: CATALOG,
            section: "(schema/catalog.json: the message kinds)",
        },
        doc: "The payload shares no member with any message of the catalog (or is not a JSON object), so it cannot be checked. Name the kind with --kind if it is an Antom message after all.",
    }
    MALFORMED_JSON {
        id: "malformed-json",
        summary: "a record is not valid JSON (broken or truncated)",
        severity: ERROR,
        scope: Scope::Payload,
        source: Source {
            url: "https://www.rfc-editor.org/rfc/rfc8259",
            section: "RFC 8259 (the JSON grammar)",
        },
        doc: "The record could not be parsed as JSON: a syntax error, a truncated NDJSON line, a HAR body that is not JSON. The finding gives the line and column where parsing stopped. The record still counts in the summary.",
    }
    NOTIFY_URL_NOT_HTTPS {
        id: "notify-url-not-https",
        summary: "paymentNotifyUrl is not an HTTPS URL",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment",
            section: "\"2. Send a payment request and obtain a payment continuation URL\" (Table 5: \"Specify paymentNotifyUrl as an HTTPS URL\")",
        },
        doc: "Antom posts payment results to paymentNotifyUrl; the page requires an HTTPS address. Plain http:// URLs (as in several documented samples, conformance/samples/DEFECTS.md #14), other schemes and relative URLs are reported in pay and createPaymentSession requests.",
    }
    PAYMENT_AMOUNT_MISMATCH {
        id: "payment-amount-mismatch",
        summary: "a notification, inquiry or pay response reports a paymentAmount other than the pay request's",
        severity: ERROR,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Receive the asynchronous notification\" > FAQs \"How do I understand the meaning of the following key fields?\" (paymentAmount: the payment amount of the reported payment); https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Asynchronous notifications\" > FAQs (same)",
        },
        doc: "Cross-message rule. notifyPayment, inquiryPayment responses and pay responses report the payment by paymentRequestId and paymentId; their paymentAmount must equal the paymentAmount of the pay (or createPaymentSession) request with that paymentRequestId, compared as integers of minor units in the same currency. A mismatch means the notification is about another payment than the merchant thinks, or an amount was altered. The finding points at the reporting message and names the request.",
    }
    PAYMENT_REQUEST_UNSEEN {
        id: "payment-request-unseen",
        summary: "a notification or inquiry reports SUCCESS for a payment whose pay request is not in the capture",
        severity: NOTE,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Step 3: Obtain the payment results\" (notifications and inquiries report a payment created with the pay API); captures are often partial, so this is information only",
        },
        doc: "Cross-message rule, reported at the end of the run. A notifyPayment with result S or an inquiryPayment response with paymentStatus SUCCESS whose paymentRequestId matches no pay or createPaymentSession request of the capture. Captures are often partial (the pay request was made before recording started), so this never fails a run; it tells the reader that the amount and order checks could not be made for that payment.",
    }
    PAYMENT_STATUS_INCONSISTENT {
        id: "payment-status-inconsistent",
        summary: "an inquiry's paymentStatus contradicts its paymentResultCode or the transactions it lists",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment",
            section: "\"3. Inquire about the payment status\" (Table 9, paymentStatus); https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Inquire about the payment result\" > \"Value of capture status\" (transactionStatus with transactionResult S/F/U)",
        },
        doc: "In an inquiryPayment response: paymentStatus SUCCESS with a paymentResultCode other than SUCCESS (or FAIL, PROCESSING, PENDING with SUCCESS); a transaction whose transactionStatus (SUCCESS, FAIL, PROCESSING/PENDING) disagrees with its transactionResult.resultStatus (S, F, U); a successful capture or refund transaction listed under a payment whose status is FAIL, PROCESSING or PENDING.",
    }
    PAYMENT_TIME_BEFORE_CREATION {
        id: "payment-time-before-creation",
        summary: "paymentTime is earlier than paymentCreateTime in the same message",
        severity: ERROR,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Receive the asynchronous notification\" and \"Inquire about the payment result\" (paymentCreateTime is when the payment was created, paymentTime when it completed; every sample has paymentCreateTime <= paymentTime)",
        },
        doc: "A payment cannot complete before it was created. The two date-times of a pay response, notifyPayment or inquiryPayment response are compared as instants (offsets applied, so 12:00+08:00 and 04:00Z are equal).",
    }
    RECORD_TOO_LARGE {
        id: "record-too-large",
        summary: "a record is larger than --max-record-size and was skipped unread",
        severity: ERROR,
        scope: Scope::Input,
        source: Source {
            url: "https://www.rfc-editor.org/rfc/rfc8259#section-9",
            section: "RFC 8259 section 9 (a parser may limit the size of the texts it accepts); the limit is --max-record-size",
        },
        doc: "The linter never loads a record larger than --max-record-size (16 MB unless set otherwise; an NDJSON line, or a whole JSON or HAR file). Such a record is counted, reported here and skipped, so that one runaway payload cannot exhaust memory; raise the limit to check it.",
    }
    REFUND_EXCEEDS_PAYMENT {
        id: "refund-exceeds-payment",
        summary: "the refunds of a payment add up to more than was captured or paid",
        severity: ERROR,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant",
            section: "\"Step 4: Capture\" (the captured amount) and https://global.alipay.com/docs/ac/cashierpay/apm_api \"Receive a payment response\" > FAQs \"What is the paymentId?\" (refunds refer to the payment by paymentId); no page states the limit in words, it follows from a refund returning money of that payment",
        },
        doc: "Cross-message rule. Refund requests are matched to their payment by paymentId and summed per payment (a retry with the same refundRequestId counts once; a refund whose response or notification says it failed is left out of the sum). The sum must not exceed the captured amount (the capture requests of the payment) or, when no capture is in the capture file, the paid amount (the pay request, else the amount Antom reported). Amounts are integers of minor units; a refund in another currency than the payment is reported too. The finding points at the refund that crossed the limit and names the record that sets it.",
    }
    REQUEST_ID_REUSED {
        id: "request-id-reused",
        summary: "a paymentRequestId (or captureRequestId, refundRequestId) reused with a different request body",
        severity: ERROR,
        scope: Scope::CrossMessage,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_ww",
            section: "\"Create a payment session\" (paymentRequestId: \"a new ID is required every time a payment is initiated\"); https://global.alipay.com/docs/ac/cashierpay/noncard_payment \"2. Send a payment request and obtain a payment continuation URL\" (reinitiate the payment with a new paymentRequestId); https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Step 4: Capture\" (captureRequestId identifies one capture request)",
        },
        doc: "Cross-message rule. A retry resends the original request unchanged, and Antom treats a repeated id as the same request; a new payment, capture or refund needs a new id. Two pay or createPaymentSession requests with the same paymentRequestId, two capture requests with the same captureRequestId or two refund requests with the same refundRequestId must therefore have equal bodies (compared as JSON values, so key order and white space do not matter). The finding points at the later request and names the first.",
    }
    RESULT_CODE_UNDOCUMENTED {
        id: "result-code-undocumented",
        summary: "a resultCode the API's Result/Error codes table does not list",
        severity: NOTE,
        scope: Scope::Payload,
        source: Source {
            url: "https://docs.antom.com/ac/ams/payment_cashier",
            section: "\"Result/Error codes\" and the same table of every API reference page (https://global.alipay.com/docs/ac/ams/capture, refund_online, paymentrn_online, notify_capture, notify_refund, ...), gathered in schema/result-codes.json",
        },
        doc: "Each API reference page lists the result codes the API returns, with their status and what to do next; schema/result-codes.json gathers them (`antom-lint codes` lists them). A result whose code is not in the table of the message's API (the kind id before its dot) is reported as a note: a new code Antom added, a code from another API (the message names the APIs whose tables list it, with its meaning), or a typo in a fixture. APIs the catalog holds no table for (createPaymentSession, the acknowledgement) are not checked. For the transactions an inquiry lists, only codes in no table at all are reported.",
    }
    RESULT_STATUS_INCONSISTENT {
        id: "result-status-inconsistent",
        summary: "result.resultStatus contradicts result.resultCode (S without SUCCESS, or a status other than the one the API's table gives the code)",
        severity: WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://docs.antom.com/ac/ams/payment_cashier",
            section: "\"Result/Error codes\" and the same table of every API reference page (https://global.alipay.com/docs/ac/ams/capture, refund_online, paymentrn_online, notify_capture, notify_refund, ...), gathered in schema/result-codes.json; https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Receive a payment response\" (samples: S with SUCCESS, F with ACCESS_DENIED, U with PAYMENT_IN_PROCESS)",
        },
        doc: "resultStatus S means success and goes with resultCode SUCCESS only, and SUCCESS never goes with F or U. Every other code is compared with the Result/Error codes table of the message's API (the kind id before its dot: capture.response and notifyCapture.notification are read against the capture and notifyCapture tables), as gathered in schema/result-codes.json: a code the table gives as U (unknown, still in process: wait for the notification or query) must not come with F, and a final failure (F) must not come with U. The message gives the code's documented meaning and what to do next (`antom-lint explain CODE` prints it too). The transactionResult of each transaction an inquiry lists may be a capture or a refund, so it is compared with the status any API's table gives the code. A code the API's table does not list is reported by result-code-undocumented instead.",
    }
    SCHEMA_ANY_OF {
        id: "schema/anyOf",
        summary: "the value matches none of the allowed alternatives",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "A member that can take several shapes matched none of them. The message names the closest alternative and its first problem. Where Antom writes, a combination that only the documented schema rejects (because of a relaxed limit, or a member an open model may gain, inside an alternative) is a warning.",
    }
    SCHEMA_CONST {
        id: "schema/const",
        summary: "the value differs from the one fixed value allowed",
        severity: ERROR,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "The schema fixes this member to a single value (for example a fixed product code in a conditional rule).",
    }
    SCHEMA_ENUM {
        id: "schema/enum",
        summary: "a value is outside a closed list of values",
        severity: ERROR,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "A value written by Antom is outside a list the schema keeps closed (a list that is not an open enumeration). Open enumerations report unknown values as unknown-enum-value instead.",
    }
    SCHEMA_FORMAT {
        id: "schema/format",
        summary: "a string does not follow its format (date-time, email, uri, ...)",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "Format checks are on. Date-times must be RFC 3339 with an offset (2024-01-01T12:00:00+08:00); the pages give the format of each such member. Where Antom writes, a format other than date-time (email, uri, ...) is relaxed: a warning. Date-times stay errors whoever writes, since a consumer must be able to read them.",
    }
    SCHEMA_ITEMS {
        id: "schema/items",
        summary: "an array has too few, too many or repeated items",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "A list member breaks a constraint on its items (minItems, maxItems, uniqueItems, contains). Where Antom writes, a minItems or maxItems its received form leaves out is a warning.",
    }
    SCHEMA_LENGTH {
        id: "schema/length",
        summary: "a string is shorter or longer than the documented limits",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "The pages give a maximum length for most string members (for example 64 characters for paymentRequestId). The finding gives the limit. Where Antom writes (responses, notifications) a limit its received form leaves out is a warning: Antom's own messages do not always keep it. The limits of the amount and scalar encodings (Amount, BooleanValue, IntegerValue, NumberValue) stay errors whoever writes.",
    }
    SCHEMA_NOT {
        id: "schema/not",
        summary: "the value matches a shape that is forbidden here",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "The schema forbids a combination of members (a not keyword). Where Antom writes, a combination that only the documented schema rejects (because of a relaxed limit, or a member an open model may gain, inside an alternative) is a warning.",
    }
    SCHEMA_ONE_OF {
        id: "schema/oneOf",
        summary: "the value matches none, or more than one, of exclusive alternatives",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "A member must match exactly one of several shapes. The message says whether none or several matched, and for none names the closest alternative. Where Antom writes, a combination that only the documented schema rejects (because of a relaxed limit, or a member an open model may gain, inside an alternative) is a warning.",
    }
    SCHEMA_OTHER {
        id: "schema/other",
        summary: "a schema constraint not covered by a more specific rule",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "Any other JSON Schema keyword that failed (for example minProperties or a false schema). Where Antom writes, a combination that only the documented schema rejects (because of a relaxed limit, or a member an open model may gain, inside an alternative) is a warning.",
    }
    SCHEMA_PATTERN {
        id: "schema/pattern",
        summary: "a string does not match the documented pattern",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "Codes such as currencies (ISO 4217, three capital letters) and regions (ISO 3166 alpha-2) are checked with a pattern. Where Antom writes (responses, notifications) a limit its received form leaves out is a warning: Antom's own messages do not always keep it. The limits of the amount and scalar encodings (Amount, BooleanValue, IntegerValue, NumberValue) stay errors whoever writes.",
    }
    SCHEMA_RANGE {
        id: "schema/range",
        summary: "a number is outside its documented range",
        severity: ERROR,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "A number breaks minimum, maximum, exclusiveMinimum, exclusiveMaximum or multipleOf.",
    }
    SCHEMA_REQUIRED {
        id: "schema/required",
        summary: "a required member is missing",
        severity: ERROR,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "The pages mark members as required; some become required only when another member has a given value (conditional rules). The finding points at the object that lacks the member.",
    }
    SCHEMA_TYPE {
        id: "schema/type",
        summary: "a value has the wrong JSON type",
        severity: ERROR,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "For example a number where the API expects a string. Amounts are strings of minor units (\"value\": \"4200\"), not numbers.",
    }
    SIGNATURE_INVALID {
        id: "signature-invalid",
        summary: "a captured message's signature header does not verify with the configured public key",
        severity: ERROR,
        scope: Scope::Input,
        source: Source {
            url: "https://docs.antom.com/ac/ams/digital_signature",
            section: "\"Sign a request and verify the signature\" (\"Call an API\": verify the response signature; \"Receive a notification\": verify the signature of the notification; the signed content is <http-method> <http-uri>\\n<client-id>.<time>.<body>); the SDKs check it the same way: SignatureTool.verify and WebhookTool.checkSignature of https://github.com/alipay/global-open-sdk-java",
        },
        doc: "Only with a public key configured (--antom-public-key, --merchant-public-key or the [signatures] table of antom-lint.toml). For every Antom response and notification in a HAR capture or an NDJSON envelope that carries its headers (and, with the merchant's key, every request the merchant sent), the linter rebuilds the signed content from the captured method, path, client-id, time header (response-time for a response, request-time for a request or notification) and the raw body, and verifies the signature header with the key its keyVersion selects (the key given for that version, else the default key). Reported when the signature does not match (the body, path, client-id or time differ from what was signed, or another key signed it), when the header does not parse (no signature= item, an algorithm other than RSA256, a bad keyVersion or base64), and when the header names a keyVersion with no key configured and there is no default key. A capture edited after the fact, a proxy that re-serialised a body, or a notification answered without checking its signature all show here.",
    }
    SIGNATURE_MISSING {
        id: "signature-missing",
        summary: "a captured message that must be signed has no signature header",
        severity: WARNING,
        scope: Scope::Input,
        source: Source {
            url: "https://docs.antom.com/ac/ams/digital_signature",
            section: "\"Sign a request and verify the signature\" (Antom requires all requests to be signed and the signatures verified: the merchant signs its API requests, Antom signs its responses and notifications; the response to a notification is not signed)",
        },
        doc: "Only with a public key configured for the side that writes the message: Antom's key for responses and notifications, the merchant's key for the merchant's API requests. A message captured with its headers but without a signature header cannot be trusted. A warning rather than an error: some capture tools drop headers they do not know, and the SDKs themselves skip verifying a response that comes without one. Acknowledgements of notifications are never reported: the merchant does not sign them. Captures without headers at all (plain NDJSON payloads, envelopes without a headers member) are not checked.",
    }
    SIGNATURE_UNVERIFIABLE {
        id: "signature-unverifiable",
        summary: "a signed message whose signature cannot be checked: the body was not captured raw, or client-id or the time header is missing",
        severity: NOTE,
        scope: Scope::Input,
        source: Source {
            url: "https://docs.antom.com/ac/ams/digital_signature",
            section: "\"Sign a request and verify the signature\" (the signed content takes client-id and request-time or response-time from the headers and the body exactly as sent); https://docs.antom.com/ac/ref/INVALID_SIGNATURE_error_code (check that the signature verification message is the original text)",
        },
        doc: "Only with a public key configured for the side that writes the message. The signature covers the body byte for byte, so it can only be checked against the body as it travelled: an NDJSON envelope whose body is a JSON object (not a string holding the raw text) has lost those bytes, since any spacing, key order or escaping may differ. The signed content also includes the client-id header and the time header (request-time for requests and notifications, response-time for responses); a message captured without them cannot be checked either. A note: nothing is known to be wrong, but nothing was verified. Capture bodies as raw strings and keep the headers to have them checked.",
    }
    UNKNOWN_ENUM_VALUE {
        id: "unknown-enum-value",
        summary: "a value is not one of the documented values of an enumeration",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: PAY_REQUEST,
        doc: "In requests and acknowledgements the merchant must use documented values, so a value outside the list is an error (with a suggestion when it looks like a typo of a listed value). In responses and notifications Antom may add values at any time; the types keep them (an Unknown variant) and the linter only warns so that new values are noticed. Enumerations a response keeps closed report an unlisted value as schema/enum, an error.",
    }
    UNKNOWN_FIELD {
        id: "unknown-field",
        summary: "a member is not declared by the schema (with a did-you-mean suggestion)",
        severity: ERROR_RELAXED_TO_WARNING,
        scope: Scope::Payload,
        source: Source {
            url: "https://global.alipay.com/docs/ac/cashierpay/apm_api",
            section: "\"Customize the payment timeout\" (the page writes paymentExpireTime for paymentExpiryTime)",
        },
        doc: "Requests and acknowledgements are checked strictly: a member the API does not declare is an error, usually a typo that Antom would ignore or reject. The pages themselves write paymentExpireTime where the API field is paymentExpiryTime; the linter suggests the closest declared name. Responses and notifications are open, since Antom adds members over time: an unknown member there is a warning. The exception are the value models both sides write (Amount, Quote, CreditPayPlan, CustomizedInfo): they are closed for everyone, in Antom's received form and in the generated types (which reject an unknown member there), so an unknown member inside them is an error in responses and notifications too.",
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
                "RULES must be sorted by id: {} before {}",
                pair[0].id,
                pair[1].id
            );
        }
        for r in RULES {
            assert!(std::ptr::eq(by_id(r.id).unwrap(), *r), "{}", r.id);
        }
        assert!(by_id("no-such-rule").is_none());
    }

    #[test]
    fn keywords_map_to_registered_rules() {
        for kw in [
            "required",
            "type",
            "maxLength",
            "pattern",
            "unevaluatedProperties",
            "weird",
        ] {
            let r = for_keyword(kw);
            assert!(std::ptr::eq(by_id(r.id).unwrap(), r), "{kw}");
        }
    }

    /// Every member a single-payload or cross-message rule reads is declared by the schema of
    /// the kinds it is read in: renaming a member in a schema cannot switch a rule off unseen.
    #[test]
    fn members_the_rules_read_are_declared() {
        let validator = crate::Validator::new().unwrap();
        let kinds: Vec<&str> = validator
            .catalog()
            .kinds()
            .iter()
            .map(|k| k.id.as_str())
            .collect();
        let declared = |kind: &str, pointer: &str| {
            validator
                .known_names(kind)
                .unwrap_or_else(|e| panic!("{kind}: {e}"))
                .location_of(pointer)
                .is_some()
        };
        let mut checked = 0;
        for check in crate::semantic::CHECKS.iter().copied().flatten() {
            let names: Vec<&str> = check.rules.iter().map(|r| r.id).collect();
            if check.kinds.is_empty() {
                // A rule of every kind: some kind declares everything it reads.
                assert!(
                    check.reads.is_empty()
                        || kinds
                            .iter()
                            .any(|k| check.reads.iter().all(|p| declared(k, p))),
                    "{names:?}: no kind declares all of {:?}",
                    check.reads
                );
            }
            for kind in check.kinds {
                assert!(kinds.contains(kind), "{names:?}: no kind {kind}");
                for pointer in check.reads {
                    assert!(
                        declared(kind, pointer),
                        "{names:?} reads {pointer}, which the {kind} schema does not declare"
                    );
                    checked += 1;
                }
            }
        }
        for (read_kinds, pointers) in crate::correlate::READS {
            for kind in *read_kinds {
                for pointer in *pointers {
                    assert!(
                        declared(kind, pointer),
                        "the cross-message rules read {pointer}, which the {kind} schema does not declare"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 50, "{checked}");
        assert!(!declared("pay.request", "/paymentExpireTime"));
    }

    #[test]
    fn only_limits_and_open_models_are_relaxed() {
        // Types, required members, constants, ranges and closed enumerations hold whoever
        // writes the message: never relaxed.
        for r in [
            &SCHEMA_TYPE,
            &SCHEMA_REQUIRED,
            &SCHEMA_CONST,
            &SCHEMA_RANGE,
            &SCHEMA_ENUM,
        ] {
            assert_eq!(r.severity.relaxed, None, "{}", r.id);
            assert_eq!(
                r.severity.relaxed_for_role(Some(Role::Response)),
                Severity::Error
            );
        }
        for r in [
            &SCHEMA_LENGTH,
            &SCHEMA_PATTERN,
            &SCHEMA_FORMAT,
            &SCHEMA_ITEMS,
            &UNKNOWN_FIELD,
        ] {
            assert_eq!(
                r.severity.relaxed_for_role(Some(Role::Notification)),
                Severity::Warning
            );
            assert_eq!(
                r.severity.relaxed_for_role(Some(Role::Ack)),
                Severity::Error
            );
            assert_eq!(r.severity_for(Some(Role::Response)), Severity::Error);
            assert_eq!(r.severity_for(None), Severity::Error);
        }
    }
}
