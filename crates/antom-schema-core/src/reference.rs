//! `$ref`s: the relative references between the files of `schema/`
//! (`../defs/Amount.schema.json`, `Amount.schema.json#/properties/value`) and the references
//! into the published bundle (`#/$defs/Amount`).
//!
//! Paths are relative to the schema directory and use `/` whatever the platform
//! (`messages/pay.request.schema.json`).

/// What every reference into the bundle's `$defs` starts with.
pub const DEFS_PREFIX: &str = "#/$defs/";

/// Splits a reference at its first `#` into the path and the fragment (without the `#`; empty
/// when there is none).
pub fn split(reference: &str) -> (&str, &str) {
    reference.split_once('#').unwrap_or((reference, ""))
}

/// The file a relative `path` written in the file `from` names. An empty path names `from`
/// itself; `.` and empty segments are skipped; `None` when `..` climbs above the schema
/// directory.
pub fn resolve(from: &str, path: &str) -> Option<String> {
    if path.is_empty() {
        return Some(from.to_string());
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    Some(parts.join("/"))
}

/// The relative path that names `target` from inside the file `from` (the inverse of
/// [`resolve`]): `../defs/Amount.schema.json` from `messages/pay.request.schema.json`.
pub fn relative(from: &str, target: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let target_parts: Vec<&str> = target.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&target_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dirs.len() - common];
    parts.extend(&target_parts[common..]);
    parts.join("/")
}

/// The reference to the bundle definition `key`, followed by `fragment` (empty, or a JSON
/// Pointer starting with `/`): `#/$defs/Amount/properties/value`.
pub fn def_ref(key: &str, fragment: &str) -> String {
    format!("{DEFS_PREFIX}{key}{fragment}")
}

/// The definition key and the rest of the pointer of a reference into the bundle's `$defs`
/// (`#/$defs/Amount/properties/value` -> (`Amount`, `/properties/value`)); `None` for any
/// other reference. Keys never contain `/`.
pub fn def_target(reference: &str) -> Option<(&str, &str)> {
    let rest = reference.strip_prefix(DEFS_PREFIX)?;
    Some(match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FROM: &str = "messages/pay.request.schema.json";

    #[test]
    fn splitting_at_the_fragment() {
        assert_eq!(split("a.json#/x/y"), ("a.json", "/x/y"));
        assert_eq!(split("a.json"), ("a.json", ""));
        assert_eq!(split("#/x"), ("", "/x"));
    }

    #[test]
    fn resolving_against_the_referring_file() {
        assert_eq!(
            resolve(FROM, "../defs/Amount.schema.json").as_deref(),
            Some("defs/Amount.schema.json")
        );
        assert_eq!(
            resolve("defs/A.schema.json", "B.schema.json").as_deref(),
            Some("defs/B.schema.json")
        );
        assert_eq!(
            resolve("defs/A.schema.json", "./B.schema.json").as_deref(),
            Some("defs/B.schema.json")
        );
        assert_eq!(resolve(FROM, "").as_deref(), Some(FROM));
        assert_eq!(resolve(FROM, "../../x.json"), None);
    }

    #[test]
    fn relative_is_the_inverse_of_resolve() {
        for target in [
            "defs/Amount.schema.json",
            "messages/pay.response.schema.json",
            "received/defs/Amount.schema.json",
            "catalog.json",
        ] {
            for from in [
                FROM,
                "defs/Amount.schema.json",
                "received/defs/A.schema.json",
            ] {
                let path = relative(from, target);
                assert_eq!(
                    resolve(from, &path).as_deref(),
                    Some(target),
                    "{from} -> {path}"
                );
            }
        }
        assert_eq!(
            relative(FROM, "defs/Amount.schema.json"),
            "../defs/Amount.schema.json"
        );
        assert_eq!(
            relative("defs/A.schema.json", "defs/B.schema.json"),
            "B.schema.json"
        );
    }

    #[test]
    fn references_into_the_bundle() {
        assert_eq!(def_ref("Amount", ""), "#/$defs/Amount");
        assert_eq!(
            def_ref("pay.request", "/properties/x"),
            "#/$defs/pay.request/properties/x"
        );
        assert_eq!(def_target("#/$defs/Amount"), Some(("Amount", "")));
        assert_eq!(
            def_target("#/$defs/received.Amount/properties/value"),
            Some(("received.Amount", "/properties/value"))
        );
        assert_eq!(def_target("../defs/Amount.schema.json"), None);
    }
}
