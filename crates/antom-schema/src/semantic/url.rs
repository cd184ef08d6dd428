//! URL schemes, for the rules on the URLs of payment requests (`notify-url-not-https`,
//! `app-redirect-not-deep-link`).

/// The scheme of a URL, lowercased (`None` when the text does not start with one).
pub(crate) fn scheme(url: &str) -> Option<String> {
    let (head, _) = url.trim().split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| head.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert_eq!(scheme("https://a").as_deref(), Some("https"));
        assert_eq!(scheme("HTTP://a").as_deref(), Some("http"));
        assert_eq!(scheme("imeituan://").as_deref(), Some("imeituan"));
        assert_eq!(scheme("www.example.com/x").as_deref(), None);
        assert_eq!(scheme("/path:x").as_deref(), None);
        assert_eq!(scheme("").as_deref(), None);
    }
}
