//! The rules about a payload's text that [`crate::lint::check_record`] reports besides its
//! schema and the single-payload rules: JSON syntax, repeated keys, strings that must hold
//! JSON, card data kept in clear.

use super::{Scope, Source, ERROR, WARNING};

const CARD_PAGE: Source = Source {
    url: "https://global.alipay.com/docs/ac/cashierpay/cardinfocallmerchant",
    section: "\"Step 2: Authorize payment\" (card data in paymentMethodMetaData)",
};

rules! {
    CARD_DATA_UNMASKED {
        id: "card-data-unmasked",
        summary: "the capture holds a full card number or a card verification code",
        severity: WARNING,
        scope: Scope::Payload,
        source: CARD_PAGE,
        doc: "A merchant that collects card data itself sends the card number (cardNo), the verification code (cvv) and the expiry in paymentMethodMetaData. A capture or fixture that keeps them in clear text is cardholder data at rest, which PCI DSS forbids for the verification code and restricts for the card number. The linter never prints these values (card numbers are cut to the first six and last four digits, verification codes and expiry values are replaced whole), but it reports where they sit so the capture can be cleaned. Card numbers are recognised as runs of 12 to 19 digits that pass the Luhn check, wherever they appear.",
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
}
