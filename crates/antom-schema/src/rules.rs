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
    /// The document section that grounds the rule: the public page's URL and the section
    /// heading (`<URL> "<heading>"`).
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

const PAY_REQUEST: &str = "https://global.alipay.com/docs/ac/cashierpay/apm_api \"Step 2: Invoke the pay API and get the payment continuation URL\"; each schema constraint names its own page in a $comment";
const CARD_PAGE: &str =
    "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Step 2: Authorize payment\" (card data in paymentMethodMetaData)";

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
        id: "ack-requests-resend",
        severity: Severity::Note,
        lenient: None,
        summary: "a notification acknowledgement that is not resultCode SUCCESS with resultStatus S: Antom sends the notification again",
        source: "https://docs.antom.com/ac/ams/notify_capture and https://docs.antom.com/ac/ams/notify_refund (the merchant answers a notification with result SUCCESS/S; otherwise Antom resends it up to 8 times within 24 hours)",
        doc: "The merchant answers each notification with a result. Only resultCode SUCCESS with resultStatus S tells Antom the notification arrived; any other well-formed answer (PROCESS_FAIL with F, for example) is accepted by the schema, but Antom will send the notification again (up to 8 times within 24 hours: 0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h, 15 h). That is fine when the merchant really wants it again (it could not store the result), and a mistake otherwise: reported as a note so that a capture shows which acknowledgements ask for a resend.",
    },
    Rule {
        id: "action-form-mismatch",
        severity: Severity::Warning,
        lenient: None,
        summary: "paymentActionForm (decoded) and redirectActionForm describe different redirections",
        source: "https://global.alipay.com/docs/ac/cashierpay/apm_api \"Receive a payment response\" (Web, WAP and App samples: the string paymentActionForm and the object redirectActionForm carry the same redirection)",
        doc: "A pay response may carry the next action twice: as paymentActionForm, a JSON document encoded in a string, and as the object redirectActionForm. Every documented sample gives both the same method and redirectUrl. When the decoded paymentActionForm is a RedirectActionForm, its method, redirectUrl and parameters must equal those of redirectActionForm; a paymentActionForm of another type next to a redirectActionForm is reported too. Integrations read one or the other, so a disagreement sends buyers to different places depending on the client.",
    },
    Rule {
        id: "amount-currency-mismatch",
        severity: Severity::Warning,
        lenient: None,
        summary: "paymentAmount and order.orderAmount are in different currencies",
        source: "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Create a payment request\" (paymentAmount: \"the payment amount that the merchant requests to receive in the order currency\"); https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Create a payment session\" (paymentAmount in the smallest unit of the order currency)",
        doc: "The pages define the payment amount in the order currency. A pay or createPaymentSession request whose paymentAmount.currency differs from order.orderAmount.currency is usually a currency conversion done in the wrong place (the settlement currency belongs in settlementStrategy). Amounts are never compared across currencies.",
    },
    Rule {
        id: "app-redirect-not-deep-link",
        severity: Severity::Warning,
        lenient: None,
        summary: "terminalType APP with a paymentRedirectUrl that is not a deep link or app link",
        source: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment \"2. Send a payment request and obtain a payment continuation URL\" (Table 5, paymentRedirectUrl: \"App: Pass in a deep linking URL\") and \"1. Redirect to your result page\" (\"For payments initiated in an app, you must pass in a deep link\")",
        doc: "For an app payment (env.terminalType APP) the buyer must come back into the merchant app after paying, so paymentRedirectUrl must be a deep link (a custom scheme such as myapp://pay/result) or an App Link / Universal Link. App Links and Universal Links are always https, and the linter cannot tell an https App Link from a web page, so https URLs pass; plain http URLs, relative URLs and javascript:, data:, file: or about: URLs are reported.",
    },
    Rule {
        id: "blik-client-ip-local",
        severity: Severity::Error,
        lenient: None,
        summary: "a BLIK payment whose env.clientIp is a loopback, private or otherwise local address",
        source: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment \"4. Collect or display extra information\" (Table 4, BLIK: clientIp is required with blikCode and \"The IP address cannot be set to the local IP\")",
        doc: "BLIK payments need the buyer's real public IP address in env.clientIp (and order.env.clientIp when given). Loopback, private (RFC 1918), link-local, unspecified, carrier-grade NAT, documentation, benchmarking, reserved, broadcast and multicast addresses, their IPv6 counterparts (::1, fc00::/7, fe80::/10, IPv4-mapped) and the name localhost are reported. An address written with leading zeros is read both ways (decimal and octal, as inet_aton does): 0177.0.0.1 is 127.0.0.1 to some parsers and is reported.",
    },
    Rule {
        id: "capture-amount-mismatch",
        severity: Severity::Error,
        lenient: None,
        summary: "a capture request's captureAmount differs from the authorized payment amount",
        source: "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Step 4: Capture\" (\"The total capture amount must be equal to the total authorized amount\"; captureAmount \"must be equal to the total authorized amount\")",
        doc: "Cross-message rule. A capture request is matched to its payment by paymentId (the pay response, notification or inquiry that carries both paymentId and paymentRequestId links it to the pay request). Its captureAmount must equal the paymentAmount of the pay request, compared as integers of minor units in the same currency. When the pay request is not in the capture, the amount Antom reported for the payment is used. The finding points at the capture request and names the record that holds the authorized amount.",
    },
    Rule {
        id: "card-data-unmasked",
        severity: Severity::Warning,
        lenient: None,
        summary: "the capture holds a full card number or a card verification code",
        source: CARD_PAGE,
        doc: "A merchant that collects card data itself sends the card number (cardNo), the verification code (cvv) and the expiry in paymentMethodMetaData. A capture or fixture that keeps them in clear text is cardholder data at rest, which PCI DSS forbids for the verification code and restricts for the card number. The linter never prints these values (card numbers are cut to the first six and last four digits, verification codes and expiry values are replaced whole), but it reports where they sit so the capture can be cleaned. Card numbers are recognised as runs of 12 to 19 digits that pass the Luhn check, wherever they appear.",
    },
    Rule {
        id: "chinese-characters",
        severity: Severity::Warning,
        lenient: None,
        summary: "Chinese characters in paymentRequestId, referenceOrderId, orderDescription or goods",
        source: "https://global.alipay.com/docs/ac/cashierpay/apm_api \"Create a payment request\" > FAQs \"Can Chinese characters be used in the request?\"; https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Step 1: Create a payment session\" FAQ \"Can Chinese characters be used in the request?\" (names paymentRequestId, referenceOrderId, orderDescription and goods)",
        doc: "The pages ask merchants not to use Chinese characters in these request fields, because some payment methods such as QRIS and Mastercard reject them. Reported in pay and createPaymentSession requests for paymentRequestId, order.referenceOrderId, order.orderDescription and every string of order.goods. Chinese characters are the CJK ideographs of every Unicode block and the full-width punctuation of Chinese input methods (U+3000-U+303F, U+FF00-U+FF64, U+FFE0-U+FFE6).",
    },
    Rule {
        id: "client-ip-malformed",
        severity: Severity::Warning,
        lenient: None,
        summary: "env.clientIp is not a well-formed IP address (for example an octet with a leading zero)",
        source: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment \"4. Collect or display extra information\" (Table 4: clientIp is an IP address); https://global.alipay.com/docs/ac/cashierpay/apm_api \"Create a payment request\" samples send 114.121.121.01 (conformance/samples/DEFECTS.md #4); RFC 6943 section 3.1.1 (leading zeros are read as octal by some parsers)",
        doc: "env.clientIp (and order.env.clientIp) must be an IPv4 dotted quad or an IPv6 address. The schema leaves it a plain string because the documented samples send 114.121.121.01; the linter reports such values instead. A leading zero is ambiguous: strict parsers (Rust, Python ipaddress, Java InetAddress for some forms) reject it, inet_aton reads 010 as octal 8, so risk checks may discard the address or see another one. A warning rather than an error: Antom accepts the value in its own samples. The suggestion gives the decimal reading.",
    },
    Rule {
        id: "documents-disagree",
        severity: Severity::Note,
        lenient: None,
        summary: "a member one Antom page requires and another leaves out is missing (createPaymentSession paymentMethod, settlementStrategy, notifyPayment paymentCreateTime)",
        source: "https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Create a payment session\" against https://docs.antom.com/ac/ams/session_cashier (paymentMethod); https://docs.antom.com/ac/ams/payment_cashier and https://docs.antom.com/ac/ams/session_cashier (settlementStrategy REQUIRED) against https://global.alipay.com/docs/ac/cashierpay/apm_api \"Step 2: Invoke the pay API and get the payment continuation URL\" (samples without it); https://docs.antom.com/ac/ams/paymentrn_online (paymentCreateTime REQUIRED) against the other product copies of that page and the guide samples",
        doc: "Antom's guides and API references do not always agree on what is required, and the schemas can follow only one reading. This note marks a payload that lacks a member one page requires and another does not: (a) a createPaymentSession request without paymentMethod (required by the guide https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Create a payment session\", optional in the One-time Payments reference https://docs.antom.com/ac/ams/session_cashier); (b) a pay or createPaymentSession request without settlementStrategy (REQUIRED in the references https://docs.antom.com/ac/ams/payment_cashier and https://docs.antom.com/ac/ams/session_cashier, left out of the guides' own samples such as https://global.alipay.com/docs/ac/cashierpay/apm_api); (c) a notifyPayment notification without paymentCreateTime (REQUIRED on https://docs.antom.com/ac/ams/paymentrn_online, optional on other product copies of that page and missing from some guide samples). In a request, send the member so that it is accepted under either reading; from a notification, do not rely on it. A note: it never fails a run.",
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
        id: "duplicate-successful-payment",
        severity: Severity::Warning,
        lenient: None,
        summary: "more than one successful payment for the same referenceOrderId",
        source: "https://global.alipay.com/docs/ac/cashierpay/apm_api \"Best practice\" > \"Payment failed retry\" and https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Best practice\" > \"Payment failed retry\" (item 3: only one successful payment order per merchant order; cancel or refund the extra one)",
        doc: "Cross-message rule. A merchant order (order.referenceOrderId of the pay request) may be paid by several payment attempts, each with its own paymentRequestId, but at most one may succeed. A payment counts as successful when a pay response has result S/SUCCESS, a notifyPayment has result S, or an inquiryPayment response has paymentStatus SUCCESS. The finding points at the second success and names the first; the pages tell the merchant to cancel or refund the extra payment.",
    },
    Rule {
        id: "embedded-json",
        severity: Severity::Error,
        lenient: None,
        summary: "a string that must hold JSON (paymentActionForm) does not parse",
        source: "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Step 2: Authorize payment\" (paymentActionForm in the pay response)",
        doc: "Some members carry a JSON document encoded as a string, for instance paymentActionForm in a pay response. The schema marks them with contentMediaType application/json; the linter decodes such strings and reports the ones that are not JSON.",
    },
    Rule {
        id: "embedded-json-schema",
        severity: Severity::Error,
        lenient: None,
        summary: "the JSON inside a string (paymentActionForm) does not match its schema",
        source: "https://global.alipay.com/docs/ac/cashierpay/apm_api \"Receive a payment response\" (paymentActionForm holds a RedirectActionForm with method and redirectUrl); schema/defs/PaymentActionForm.schema.json, named by contentSchema",
        doc: "Strings that hold JSON (contentMediaType application/json) may name the schema of their contents with contentSchema; in JSON Schema 2020-12 that is only an annotation, so the linter decodes the string and validates the decoded value itself, reporting each problem at the string with the position inside the decoded value. A string that does not parse at all is reported by embedded-json instead.",
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
        id: "expiry-before-creation",
        severity: Severity::Warning,
        lenient: None,
        summary: "a pay request's paymentExpiryTime is earlier than the payment's creation time",
        source: "https://global.alipay.com/docs/ac/cashierpay/apm_api \"Best practice\" > \"Customize the payment timeout\"; https://global.alipay.com/docs/ac/cashierpay/noncard_payment \"1. Intercept an invalid payment\" (paymentExpiryTime: after it the buyer cannot pay)",
        doc: "Cross-message rule. paymentExpiryTime of a pay request is compared with the paymentCreateTime that Antom reports for the same payment (pay response, notification or inquiry) anywhere in the capture, as instants (offsets applied). An expiry before the creation makes the payment unpayable from the start, typically a wrong time-zone offset.",
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
    Rule {
        id: "notify-url-not-https",
        severity: Severity::Warning,
        lenient: None,
        summary: "paymentNotifyUrl is not an HTTPS URL",
        source: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment \"2. Send a payment request and obtain a payment continuation URL\" (Table 5: \"Specify paymentNotifyUrl as an HTTPS URL\")",
        doc: "Antom posts payment results to paymentNotifyUrl; the page requires an HTTPS address. Plain http:// URLs (as in several documented samples, conformance/samples/DEFECTS.md #14), other schemes and relative URLs are reported in pay and createPaymentSession requests.",
    },
    Rule {
        id: "payment-amount-mismatch",
        severity: Severity::Error,
        lenient: None,
        summary: "a notification, inquiry or pay response reports a paymentAmount other than the pay request's",
        source: "https://global.alipay.com/docs/ac/cashierpay/apm_api \"Receive the asynchronous notification\" > FAQs \"How do I understand the meaning of the following key fields?\" (paymentAmount: the payment amount of the reported payment); https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Asynchronous notifications\" > FAQs (same)",
        doc: "Cross-message rule. notifyPayment, inquiryPayment responses and pay responses report the payment by paymentRequestId and paymentId; their paymentAmount must equal the paymentAmount of the pay (or createPaymentSession) request with that paymentRequestId, compared as integers of minor units in the same currency. A mismatch means the notification is about another payment than the merchant thinks, or an amount was altered. The finding points at the reporting message and names the request.",
    },
    Rule {
        id: "payment-request-unseen",
        severity: Severity::Note,
        lenient: None,
        summary: "a notification or inquiry reports SUCCESS for a payment whose pay request is not in the capture",
        source: "https://global.alipay.com/docs/ac/cashierpay/apm_api \"Step 3: Obtain the payment results\" (notifications and inquiries report a payment created with the pay API); captures are often partial, so this is information only",
        doc: "Cross-message rule, reported at the end of the run. A notifyPayment with result S or an inquiryPayment response with paymentStatus SUCCESS whose paymentRequestId matches no pay or createPaymentSession request of the capture. Captures are often partial (the pay request was made before recording started), so this never fails a run; it tells the reader that the amount and order checks could not be made for that payment.",
    },
    Rule {
        id: "payment-status-inconsistent",
        severity: Severity::Warning,
        lenient: None,
        summary: "an inquiry's paymentStatus contradicts its paymentResultCode or the transactions it lists",
        source: "https://global.alipay.com/docs/ac/cashierpay/noncard_payment \"3. Inquire about the payment status\" (Table 9, paymentStatus); https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Inquire about the payment result\" > \"Value of capture status\" (transactionStatus with transactionResult S/F/U)",
        doc: "In an inquiryPayment response: paymentStatus SUCCESS with a paymentResultCode other than SUCCESS (or FAIL, PROCESSING, PENDING with SUCCESS); a transaction whose transactionStatus (SUCCESS, FAIL, PROCESSING/PENDING) disagrees with its transactionResult.resultStatus (S, F, U); a successful capture or refund transaction listed under a payment whose status is FAIL, PROCESSING or PENDING.",
    },
    Rule {
        id: "payment-time-before-creation",
        severity: Severity::Error,
        lenient: None,
        summary: "paymentTime is earlier than paymentCreateTime in the same message",
        source: "https://global.alipay.com/docs/ac/cashierpay/apm_api \"Receive the asynchronous notification\" and \"Inquire about the payment result\" (paymentCreateTime is when the payment was created, paymentTime when it completed; every sample has paymentCreateTime <= paymentTime)",
        doc: "A payment cannot complete before it was created. The two date-times of a pay response, notifyPayment or inquiryPayment response are compared as instants (offsets applied, so 12:00+08:00 and 04:00Z are equal).",
    },
    Rule {
        id: "record-too-large",
        severity: Severity::Error,
        lenient: None,
        summary: "a record is larger than --max-record-size and was skipped unread",
        source: "linter input handling (no page)",
        doc: "The linter never loads a record larger than --max-record-size (16 MB unless set otherwise; an NDJSON line, or a whole JSON or HAR file). Such a record is counted, reported here and skipped, so that one runaway payload cannot exhaust memory; raise the limit to check it.",
    },
    Rule {
        id: "refund-exceeds-payment",
        severity: Severity::Error,
        lenient: None,
        summary: "the refunds of a payment add up to more than was captured or paid",
        source: "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Step 4: Capture\" (the captured amount) and https://global.alipay.com/docs/ac/cashierpay/apm_api \"Receive a payment response\" > FAQs \"What is the paymentId?\" (refunds refer to the payment by paymentId); no page states the limit in words, it follows from a refund returning money of that payment",
        doc: "Cross-message rule. Refund requests are matched to their payment by paymentId and summed per payment (a retry with the same refundRequestId counts once; a refund whose response or notification says it failed is left out of the sum). The sum must not exceed the captured amount (the capture requests of the payment) or, when no capture is in the capture file, the paid amount (the pay request, else the amount Antom reported). Amounts are integers of minor units; a refund in another currency than the payment is reported too. The finding points at the refund that crossed the limit and names the record that sets it.",
    },
    Rule {
        id: "request-id-reused",
        severity: Severity::Error,
        lenient: None,
        summary: "a paymentRequestId (or captureRequestId, refundRequestId) reused with a different request body",
        source: "https://global.alipay.com/docs/ac/cashierpay/apm_ww \"Create a payment session\" (paymentRequestId: \"a new ID is required every time a payment is initiated\"); https://global.alipay.com/docs/ac/cashierpay/noncard_payment \"2. Send a payment request and obtain a payment continuation URL\" (reinitiate the payment with a new paymentRequestId); https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Step 4: Capture\" (captureRequestId identifies one capture request)",
        doc: "Cross-message rule. A retry resends the original request unchanged, and Antom treats a repeated id as the same request; a new payment, capture or refund needs a new id. Two pay or createPaymentSession requests with the same paymentRequestId, two capture requests with the same captureRequestId or two refund requests with the same refundRequestId must therefore have equal bodies (compared as JSON values, so key order and white space do not matter). The finding points at the later request and names the first.",
    },
    Rule {
        id: "result-code-undocumented",
        severity: Severity::Note,
        lenient: None,
        summary: "a resultCode the API's Result/Error codes table does not list",
        source: "https://docs.antom.com/ac/ams/payment_cashier \"Result/Error codes\" and the same table of every API reference page (https://global.alipay.com/docs/ac/ams/capture, refund_online, paymentrn_online, notify_capture, notify_refund, ...), gathered in schema/result-codes.json",
        doc: "Each API reference page lists the result codes the API returns, with their status and what to do next; schema/result-codes.json gathers them (`antom-lint codes` lists them). A result whose code is not in the table of the message's API (the kind id before its dot) is reported as a note: a new code Antom added, a code from another API (the message names the APIs whose tables list it, with its meaning), or a typo in a fixture. APIs the catalog holds no table for (createPaymentSession, the acknowledgement) are not checked. For the transactions an inquiry lists, only codes in no table at all are reported.",
    },
    Rule {
        id: "result-status-inconsistent",
        severity: Severity::Warning,
        lenient: None,
        summary: "result.resultStatus contradicts result.resultCode (S without SUCCESS, or a status other than the one the API's table gives the code)",
        source: "https://docs.antom.com/ac/ams/payment_cashier \"Result/Error codes\" and the same table of every API reference page (https://global.alipay.com/docs/ac/ams/capture, refund_online, paymentrn_online, notify_capture, notify_refund, ...), gathered in schema/result-codes.json; https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant \"Receive a payment response\" (samples: S with SUCCESS, F with ACCESS_DENIED, U with PAYMENT_IN_PROCESS)",
        doc: "resultStatus S means success and goes with resultCode SUCCESS only, and SUCCESS never goes with F or U. Every other code is compared with the Result/Error codes table of the message's API (the kind id before its dot: capture.response and notifyCapture.notification are read against the capture and notifyCapture tables), as gathered in schema/result-codes.json: a code the table gives as U (unknown, still in process: wait for the notification or query) must not come with F, and a final failure (F) must not come with U. The message gives the code's documented meaning and what to do next (`antom-lint explain CODE` prints it too). The transactionResult of each transaction an inquiry lists may be a capture or a refund, so it is compared with the status any API's table gives the code. A code the API's table does not list is reported by result-code-undocumented instead.",
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
        source: "https://global.alipay.com/docs/ac/cashierpay/apm_api \"Customize the payment timeout\" (the page writes paymentExpireTime for paymentExpiryTime)",
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
