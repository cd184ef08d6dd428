//! JSON Pointer reference tokens (RFC 6901): escaping, unescaping, appending and splitting.
//!
//! Every crate of the workspace that builds or reads a pointer goes through these functions,
//! so that `~` and `/` inside member names are handled one way. Tokens without `~` or `/`
//! (nearly all of them) are passed through without an allocation.

use std::borrow::Cow;

/// Escapes one reference token: `~` becomes `~0`, then `/` becomes `~1`.
pub fn escape(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1").into()
    } else {
        token.into()
    }
}

/// Decodes one escaped reference token: `~1` becomes `/`, then `~0` becomes `~` (in that
/// order, so that `~01` reads as `~1`).
pub fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

/// Appends `/` and the escaped `token` to `pointer`.
pub fn push(pointer: &mut String, token: &str) {
    pointer.push('/');
    pointer.push_str(&escape(token));
}

/// `pointer` followed by the escaped `token`, as a new string.
pub fn join(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    push(&mut out, token);
    out
}

/// The decoded reference tokens of a pointer, in order; `None` when a non-empty pointer does
/// not start with `/`. The root (`""`) has no tokens.
pub fn tokens(pointer: &str) -> Option<impl Iterator<Item = Cow<'_, str>>> {
    let rest = if pointer.is_empty() {
        None
    } else {
        Some(pointer.strip_prefix('/')?)
    };
    Some(rest.into_iter().flat_map(|r| r.split('/')).map(unescape))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips_and_keeps_the_order_of_rfc_6901() {
        for name in ["plain", "a/b", "t~n", "~1", "~01", "/~/", ""] {
            assert_eq!(unescape(&escape(name)), name, "{name}");
        }
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape("~01"), "~1");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert!(matches!(unescape("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn pushing_and_splitting() {
        let mut p = String::new();
        push(&mut p, "a/b");
        push(&mut p, "0");
        push(&mut p, "");
        assert_eq!(p, "/a~1b/0/");
        assert_eq!(join("/x", "~"), "/x/~0");
        let back: Vec<_> = tokens(&p).unwrap().collect();
        assert_eq!(back, ["a/b", "0", ""]);
        assert_eq!(tokens("").unwrap().count(), 0);
        assert!(tokens("no-slash").is_none());
    }
}
