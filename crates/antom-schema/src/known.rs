//! The member names a schema declares at each place of a payload, and "did you mean".
//!
//! Locations are JSON Pointers of the payload with array indices written `[]` and the values of
//! a map (an object schema with `additionalProperties: {schema}`) written `{}`.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::Value;

use crate::pointer::escape as escape_token;
use crate::schemas::Schemas;

/// Member names declared at each location of one message kind.
#[derive(Debug, Default, Clone)]
pub struct KnownNames {
    names: HashMap<String, BTreeSet<String>>,
    locations: HashSet<String>,
    /// Locations of strings holding JSON, with the schema file their contents follow
    /// (`contentSchema` as a `$ref` to a whole file), when there is one.
    json_strings: HashMap<String, Option<String>>,
    /// For each location on the way to a JSON string (the root included), the next segments
    /// that lead on: a member name (escaped), `[]` or `{}`. Lets the payload walk skip every
    /// branch that cannot hold such a string.
    json_paths: HashMap<String, Vec<String>>,
}

/// A string of a payload that the schema says holds JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonString<'v, 'k> {
    /// Where it is in the payload.
    pub pointer: String,
    /// The string.
    pub text: &'v str,
    /// The schema file its decoded value must match (`contentSchema`), when there is one.
    pub content_schema: Option<&'k str>,
}

const MAX_SEGMENTS: usize = 24;

impl KnownNames {
    /// Walks the schema file of a kind (following `$ref` into other files).
    pub fn for_schema(schemas: &Schemas, file: &str) -> KnownNames {
        let mut known = KnownNames::default();
        if let Some(root) = schemas.file(file) {
            let mut visiting = HashSet::new();
            known.walk(schemas, file, root, "", String::new(), &mut visiting);
        }
        for loc in known.json_strings.keys() {
            let mut at = loc.as_str();
            while let Some(cut) = at.rfind('/') {
                let (parent, segment) = (&at[..cut], &at[cut + 1..]);
                let next = known.json_paths.entry(parent.to_string()).or_default();
                if !next.iter().any(|s| s == segment) {
                    next.push(segment.to_string());
                }
                at = parent;
            }
        }
        known
    }

    /// Every string of the payload that the schema says holds JSON (`contentMediaType`), in
    /// payload order. Only the branches that can lead to one are visited.
    pub fn json_strings_in<'v>(&self, payload: &'v Value) -> Vec<JsonString<'v, '_>> {
        let mut out = Vec::new();
        if !self.json_strings.is_empty() {
            let mut loc = String::new();
            let mut pointer = String::new();
            self.collect_json(payload, &mut loc, &mut pointer, &mut out);
        }
        out
    }

    fn collect_json<'v, 'k>(
        &'k self,
        value: &'v Value,
        loc: &mut String,
        pointer: &mut String,
        out: &mut Vec<JsonString<'v, 'k>>,
    ) {
        if let Value::String(text) = value {
            if let Some(content) = self.json_strings.get(loc.as_str()) {
                out.push(JsonString {
                    pointer: pointer.clone(),
                    text,
                    content_schema: content.as_deref(),
                });
            }
            return;
        }
        let Some(next) = self.json_paths.get(loc.as_str()) else {
            return;
        };
        let declared = self.names.get(loc.as_str());
        let (loc_len, pointer_len) = (loc.len(), pointer.len());
        let mut descend = |segment: &str, token: &str, child: &'v Value, out: &mut Vec<_>| {
            loc.push('/');
            loc.push_str(segment);
            pointer.push('/');
            pointer.push_str(token);
            self.collect_json(child, loc, pointer, out);
            loc.truncate(loc_len);
            pointer.truncate(pointer_len);
        };
        match value {
            Value::Object(map) => {
                let open = next.iter().any(|s| s == "{}");
                for (name, child) in map {
                    let token = escape_token(name);
                    if declared.is_some_and(|d| d.contains(name)) {
                        if next.iter().any(|s| *s == *token) {
                            descend(&token, &token, child, out);
                        }
                    } else if open {
                        descend("{}", &token, child, out);
                    }
                }
            }
            Value::Array(items) if next.iter().any(|s| s == "[]") => {
                for (i, child) in items.iter().enumerate() {
                    descend("[]", &i.to_string(), child, out);
                }
            }
            _ => {}
        }
    }

    fn walk(
        &mut self,
        schemas: &Schemas,
        file: &str,
        schema: &Value,
        schema_ptr: &str,
        loc: String,
        visiting: &mut HashSet<(String, String, String)>,
    ) {
        let Value::Object(obj) = schema else {
            return;
        };
        if loc.matches('/').count() > MAX_SEGMENTS {
            return;
        }
        let key = (file.to_string(), schema_ptr.to_string(), loc.clone());
        if !visiting.insert(key) {
            return;
        }
        self.locations.insert(loc.clone());
        if obj.get("contentMediaType").and_then(Value::as_str) == Some("application/json") {
            let content = obj
                .get("contentSchema")
                .and_then(|c| c.get("$ref"))
                .and_then(Value::as_str)
                .and_then(|r| schemas.resolve_ref(file, r))
                .filter(|(_, fragment)| fragment.is_empty())
                .map(|(target, _)| target);
            self.json_strings.insert(loc.clone(), content);
        }
        if let Some(Value::String(reference)) = obj.get("$ref") {
            if let Some((target_file, target_ptr)) = schemas.resolve_ref(file, reference) {
                if let Some(target) = schemas
                    .file(&target_file)
                    .and_then(|v| v.pointer(&target_ptr))
                {
                    self.walk(
                        schemas,
                        &target_file,
                        target,
                        &target_ptr,
                        loc.clone(),
                        visiting,
                    );
                }
            }
        }
        if let Some(Value::Object(props)) = obj.get("properties") {
            for (name, sub) in props {
                self.names
                    .entry(loc.clone())
                    .or_default()
                    .insert(name.clone());
                let child = format!("{loc}/{}", escape_token(name));
                let ptr = format!("{schema_ptr}/properties/{}", escape_token(name));
                self.walk(schemas, file, sub, &ptr, child, visiting);
            }
        }
        for (kw, child_loc) in [
            ("items", format!("{loc}/[]")),
            ("additionalProperties", format!("{loc}/{{}}")),
            ("unevaluatedProperties", format!("{loc}/{{}}")),
        ] {
            if let Some(sub @ Value::Object(_)) = obj.get(kw) {
                self.walk(
                    schemas,
                    file,
                    sub,
                    &format!("{schema_ptr}/{kw}"),
                    child_loc,
                    visiting,
                );
            }
        }
        if let Some(Value::Array(items)) = obj.get("prefixItems") {
            for (i, sub) in items.iter().enumerate() {
                self.walk(
                    schemas,
                    file,
                    sub,
                    &format!("{schema_ptr}/prefixItems/{i}"),
                    format!("{loc}/[]"),
                    visiting,
                );
            }
        }
        for kw in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(items)) = obj.get(kw) {
                for (i, sub) in items.iter().enumerate() {
                    self.walk(
                        schemas,
                        file,
                        sub,
                        &format!("{schema_ptr}/{kw}/{i}"),
                        loc.clone(),
                        visiting,
                    );
                }
            }
        }
        for kw in ["if", "then", "else"] {
            if let Some(sub) = obj.get(kw) {
                self.walk(
                    schemas,
                    file,
                    sub,
                    &format!("{schema_ptr}/{kw}"),
                    loc.clone(),
                    visiting,
                );
            }
        }
        if let Some(Value::Object(deps)) = obj.get("dependentSchemas") {
            for (name, sub) in deps {
                self.walk(
                    schemas,
                    file,
                    sub,
                    &format!("{schema_ptr}/dependentSchemas/{}", escape_token(name)),
                    loc.clone(),
                    visiting,
                );
            }
        }
    }

    /// The schema location of a payload pointer, or `None` where the schema declares nothing.
    pub fn location_of(&self, pointer: &str) -> Option<String> {
        let mut cur = String::new();
        if pointer.is_empty() {
            return Some(cur);
        }
        for seg in pointer.strip_prefix('/')?.split('/') {
            let name = crate::pointer::unescape(seg);
            let declared = self.names.get(&cur).is_some_and(|n| n.contains(&*name));
            let next = if declared {
                format!("{cur}/{seg}")
            } else if seg.parse::<usize>().is_ok() && self.locations.contains(&format!("{cur}/[]"))
            {
                format!("{cur}/[]")
            } else if self.locations.contains(&format!("{cur}/{{}}")) {
                format!("{cur}/{{}}")
            } else {
                return None;
            };
            cur = next;
        }
        Some(cur)
    }

    /// Member names declared for the object at this payload pointer.
    pub fn names_at(&self, pointer: &str) -> Vec<&str> {
        self.location_of(pointer)
            .and_then(|loc| self.names.get(&loc))
            .map(|set| set.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// Top-level member names.
    pub fn top_level(&self) -> Vec<&str> {
        self.names_at("")
    }
}

/// Edit distance (insertions, deletions, substitutions and swaps of two neighbours, each
/// counting one), ignoring ASCII case.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    distance_within(&a, &b, usize::MAX).unwrap_or(usize::MAX)
}

/// The distance of [`edit_distance`] between two lower-cased names when it is at most
/// `limit`; `None` as soon as every way through is over it (three rows of the table, no
/// matrix).
fn distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    let w = b.len() + 1;
    let mut before: Vec<usize> = vec![0; w];
    let mut prev: Vec<usize> = (0..w).collect();
    let mut cur: Vec<usize> = vec![0; w];
    let mut prev_min = 0;
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(before[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        // Every later cell comes from one of the last two rows (or its left neighbour, which
        // only adds): once both are over the limit, so is the answer.
        if row_min > limit && prev_min > limit {
            return None;
        }
        prev_min = row_min;
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

/// The closest candidate, when it is close enough to be a likely typo: at most a third of the
/// longer name's length (and at least 1) edits away. Case-only differences always qualify.
pub fn suggest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    let lowered: Vec<char> = wrong.chars().map(|c| c.to_ascii_lowercase()).collect();
    let wrong_len = lowered.len();
    let mut other: Vec<char> = Vec::new();
    for c in candidates {
        if c == wrong {
            continue;
        }
        // The distance is at least the difference in length: skip the quadratic work when
        // that alone is over the limit (a megabyte-long value is no typo of a name).
        let c_len = c.chars().count();
        let limit = (wrong_len.max(c_len) / 3).max(1);
        if wrong_len.abs_diff(c_len) > limit {
            continue;
        }
        other.clear();
        other.extend(c.chars().map(|ch| ch.to_ascii_lowercase()));
        if let Some(d) = distance_within(&lowered, &other, limit) {
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, c));
            }
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table, as [`edit_distance`] was first written: the reference the bounded
    /// one is held to.
    fn full_table(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
        let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
        let w = b.len() + 1;
        let mut d = vec![0usize; (a.len() + 1) * w];
        for i in 0..=a.len() {
            d[i * w] = i;
        }
        for (j, cell) in d.iter_mut().enumerate().take(w) {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[(i - 1) * w + j - 1] + cost)
                    .min(d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[(i - 2) * w + j - 2] + 1);
                }
                d[i * w + j] = v;
            }
        }
        d[a.len() * w + b.len()]
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_table() {
        let names = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "cavv",
            "caav",
            "eci",
            "paymentAmount",
            "paymentAmuont",
            "PAYMENTAMOUNT",
            "paymentExpiryTime",
            "paymentExpireTime",
            "order",
            "orders",
            "referenceOrderId",
            "refrenceOrderID",
            "zzzzzzzzzzzz",
            "éa",
            "aé",
            "SUCCESS",
            "SUCESS",
        ];
        for a in names {
            for b in names {
                let full = full_table(a, b);
                assert_eq!(edit_distance(a, b), full, "{a:?} {b:?}");
                let la: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
                let lb: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
                for limit in 0..8 {
                    assert_eq!(
                        distance_within(&la, &lb, limit),
                        (full <= limit).then_some(full),
                        "{a:?} {b:?} within {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("paymentExpireTime", "paymentExpiryTime"), 1);
        assert_eq!(edit_distance("caav", "cavv"), 1);
        assert_eq!(
            suggest(
                "paymentExpireTime",
                ["paymentExpiryTime", "paymentAmount", "order"]
            ),
            Some("paymentExpiryTime")
        );
        assert_eq!(suggest("zzz", ["paymentAmount"]), None);
        assert_eq!(suggest("caav", ["cavv", "eci"]), Some("cavv"));
        assert_eq!(suggest("SUCESS", ["SUCCESS", "FAIL"]), Some("SUCCESS"));
    }
}
