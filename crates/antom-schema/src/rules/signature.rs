//! The rules about the signatures of captured messages: checked by the program that reads
//! the captures (antom-lint, with a public key configured), reported as input rules.

use super::{Scope, Source, ERROR, NOTE, WARNING};

rules! {
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
}
