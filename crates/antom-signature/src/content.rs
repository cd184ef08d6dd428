//! The content string that Antom signs: method, path, client id, time and body.

/// The five parts of a signed exchange, by name.
///
/// Antom signs the bytes
///
/// ```text
/// <method> <path>\n<client_id>.<time>.<body>
/// ```
///
/// The fields are named so that a caller cannot swap the client id and the time by
/// position. Every field is used byte-for-byte as given: nothing is trimmed,
/// normalised, decoded or re-encoded, and the body in particular must be the raw
/// bytes that went over the wire (re-serialising parsed JSON breaks the signature).
///
/// | exchange | `path` | `time` from header |
/// | --- | --- | --- |
/// | request the merchant sends to Antom | the API path, e.g. `/ams/api/v1/payments/pay` | `request-time` that the merchant sends |
/// | response Antom sends back | the same API path as the request | `response-time` |
/// | notification Antom posts to the merchant | the path of the merchant's notify URL, e.g. `/payNotify` | `request-time` |
///
/// For the client id, responses and notifications carry a `client-id` header; the
/// merchant should check that it is its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SignedMessage<'a> {
    /// HTTP method, as sent: `POST` for every Antom API and notification.
    pub method: &'a str,
    /// Request path, without scheme and host, e.g. `/ams/api/v1/payments/pay`.
    /// See [`path_without_query`] for notification paths.
    pub path: &'a str,
    /// The `client-id` header value, e.g. `SANDBOX_5YBX2K2ZAB8D00000`.
    pub client_id: &'a str,
    /// The `request-time` (requests, notifications) or `response-time` (responses)
    /// header value, exactly as sent.
    pub time: &'a str,
    /// The raw HTTP body.
    pub body: &'a [u8],
}

impl SignedMessage<'_> {
    /// Length in bytes of [`content`](Self::content).
    pub fn content_len(&self) -> usize {
        // Four separator bytes: ' ', '\n', '.', '.'.
        [
            self.method.len(),
            self.path.len(),
            self.client_id.len(),
            self.time.len(),
            self.body.len(),
        ]
        .iter()
        .fold(4usize, |sum, len| sum.saturating_add(*len))
    }

    /// The bytes that are signed: `<method> <path>\n<client_id>.<time>.<body>`.
    pub fn content(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.content_len());
        self.write_content(&mut out);
        out
    }

    /// Append the signed bytes to `out` (to reuse a buffer).
    pub fn write_content(&self, out: &mut Vec<u8>) {
        out.reserve(self.content_len());
        out.extend_from_slice(self.method.as_bytes());
        out.push(b' ');
        out.extend_from_slice(self.path.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(self.client_id.as_bytes());
        out.push(b'.');
        out.extend_from_slice(self.time.as_bytes());
        out.push(b'.');
        out.extend_from_slice(self.body);
    }
}

/// The path part of an HTTP request target: everything before the first `?` or `#`.
///
/// The official SDKs sign and verify whatever path string they are handed; they
/// neither strip nor add a query string. What they document and show is the path
/// alone: the Java webhook helper asks for the endpoint "domain part excluded" with
/// `/payNotify` as its sample, its notification example passes that constant, and the
/// Go client verifies responses against the parsed URL path, which has no query.
/// This helper gives that path-only form from a raw request target such as
/// `/payNotify?shop=7`. It does not percent-decode.
///
/// ```
/// use antom_signature::path_without_query;
/// assert_eq!(path_without_query("/payNotify?shop=7"), "/payNotify");
/// assert_eq!(path_without_query("/payNotify"), "/payNotify");
/// ```
pub fn path_without_query(target: &str) -> &str {
    match target.find(['?', '#']) {
        Some(end) => target.get(..end).unwrap_or(target),
        None => target,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SignedMessage<'static> {
        SignedMessage {
            method: "POST",
            path: "/ams/api/v1/payments/pay",
            client_id: "SANDBOX_5Y00000000000000",
            time: "1685599933871",
            body: br#"{"order":{"orderId":"1"}}"#,
        }
    }

    #[test]
    fn content_layout() {
        assert_eq!(
            sample().content(),
            b"POST /ams/api/v1/payments/pay\nSANDBOX_5Y00000000000000.1685599933871.{\"order\":{\"orderId\":\"1\"}}"
        );
        assert_eq!(sample().content().len(), sample().content_len());
    }

    #[test]
    fn empty_fields_still_have_separators() {
        let m = SignedMessage {
            method: "",
            path: "",
            client_id: "",
            time: "",
            body: b"",
        };
        assert_eq!(m.content(), b" \n..");
        assert_eq!(m.content_len(), 4);
    }

    #[test]
    fn write_content_appends() {
        let mut buf = b"keep".to_vec();
        sample().write_content(&mut buf);
        assert!(buf.starts_with(b"keepPOST "));
    }

    #[test]
    fn non_utf8_body_is_signed_raw() {
        let m = SignedMessage {
            body: &[0xff, 0x00, 0xfe],
            ..sample()
        };
        assert!(m.content().ends_with(&[b'.', 0xff, 0x00, 0xfe]));
    }

    #[test]
    fn query_and_fragment_are_cut() {
        assert_eq!(path_without_query("/a/b?x=1&y=2"), "/a/b");
        assert_eq!(path_without_query("/a#frag?x"), "/a");
        assert_eq!(path_without_query("?only"), "");
        assert_eq!(path_without_query("/a%3Fb"), "/a%3Fb");
    }
}
