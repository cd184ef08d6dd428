//! The rules about which message kind a payload is ([`crate::resolve`]): envelopes that name
//! no kind of the catalog, and kinds inferred, ambiguous or not found.

use super::{Scope, Source, ERROR, NOTE};

/// The catalog of message kinds, as published in the repository.
const CATALOG: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/blob/main/schema/catalog.json"
);

rules! {
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
}
