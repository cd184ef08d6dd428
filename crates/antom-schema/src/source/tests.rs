//! Tests of the scanners against each other and against `serde_json`.

use serde_json::Value;

use super::outline::skip_ws;
use super::*;

#[test]
fn parsing_finds_repeated_keys_and_otherwise_matches_serde_json() {
    let cases = [
        (
            r#"{"a": 1, "b": {"c": [1, 2.5, -3, "x", null, true]}}"#,
            false,
        ),
        (r#"{"a": 1, "a": 2}"#, true),
        (r#"[{"x": {"y": 1, "y": {"z": 2}}}]"#, true),
        (r#"{"k\u0065y": 1, "key": 2}"#, true),
        (r#"{"n": 1e400}"#, false),
        (r#"{"n": 18446744073709551616, "m": -0, "o": 1.0}"#, false),
        ("\"\\ud800\"", false),
        ("  7  ", false),
    ];
    for (text, repeated) in cases {
        let expected = serde_json::from_str::<Value>(text).map_err(|e| e.to_string());
        let got = parse_value(text);
        assert_eq!(
            got.as_ref().map(|(v, _)| v).map_err(|e| e.to_string()),
            expected.as_ref().map_err(Clone::clone),
            "{text}"
        );
        if let Ok((value, r)) = got {
            assert_eq!(r, repeated, "{text}");
            // Same member order too.
            assert_eq!(
                serde_json::to_string(&value).unwrap(),
                serde_json::to_string(&expected.unwrap()).unwrap()
            );
        }
    }
    for bad in [
        "",
        "{",
        r#"{"a": 1,}"#,
        "[1] 2",
        "{\"a\" 1}",
        "nul",
        "[NaN]",
    ] {
        assert_eq!(
            parse_value(bad).map(|(v, _)| v).map_err(|e| e.to_string()),
            serde_json::from_str::<Value>(bad).map_err(|e| e.to_string()),
            "{bad}"
        );
    }
    let deep = "[".repeat(100_000);
    assert!(parse_value(&deep).is_err());
}

#[test]
fn the_outline_reads_the_top_level_as_the_map_does() {
    for text in [
        r#"{"kind": "pay.request", "body": {"a": [1, {"b": "}]"}], "a": 2}}  "#,
        r#"[{"x": 1}, [2, [3]], "s"]"#,
        r#"{"k": 1, "j": {"n": {}}, "s": "{[\"", "e": []}"#,
    ] {
        let (o, map) = (outline(text), SourceMap::scan(text));
        assert!(o.complete, "{text}");
        assert_eq!(
            map.span(""),
            Some(Span {
                key: None,
                start: o.start,
                end: o.end
            })
        );
        for m in &o.members {
            assert_eq!(
                map.span(&format!("/{}", escape_token(&m.name))),
                Some(m.span)
            );
        }
    }
    // Repeated keys are seen at the top level only; deeper ones are the parser's.
    assert!(!outline(r#"{"b": {"a": 1, "a": 2}}"#).duplicates);
    assert!(outline(r#"{"a": {}, "a": 2}"#).duplicates);
    // An unterminated nested value leaves the outline incomplete.
    assert!(!outline(r#"{"body": {"a": "x"#).complete);
}

#[test]
fn following_a_pointer_agrees_with_the_map() {
    let texts = [
        "{\n  \"a\": {\"b\": [1, {\"c\": 2}, [], {}]},\n  \"x/y\": true, \"t~n\": null\n}",
        r#"{"s": "br{ac}e[s] \" and \\", "k\u0065y": {"deep": [[0, [1, {"z": -1.5e3}]]]}}"#,
        r#"  [ {"a" : "x"} , 12 , "str" , [ ] , { } ]  "#,
        r#"{"e": {}, "f": [], "g": "", "h": [{"i": [{"j": {"k": "v"}}]}]}"#,
        "\"just a string\"",
        "42",
    ];
    for text in texts {
        let map = SourceMap::scan(text);
        let root = skip_ws(text.as_bytes(), 0);
        let mut pointers: Vec<String> = map.spans.keys().cloned().collect();
        for p in map.spans.keys() {
            for tail in ["/missing", "/0", "/1", "/99", "/key", "/-1", "/01"] {
                pointers.push(format!("{p}{tail}"));
            }
        }
        assert!(pointers.len() >= 8, "{text}");
        for p in &pointers {
            assert_eq!(
                Some(locate_pointer(text, root, p)),
                map.locate(p),
                "pointer {p:?} in {text}"
            );
        }
    }
}

#[test]
fn spans_and_duplicates() {
    let text = "{\n  \"a\": {\"b\": [1, {\"c\": 2}]},\n  \"a\": 3,\n  \"x/y\": true\n}";
    let map = SourceMap::scan(text);
    let idx = LineIndex::new(text.as_bytes());
    let c = map.locate("/a/b/1/c").unwrap();
    assert_eq!(&text[c..c + 3], "\"c\"");
    assert_eq!(map.duplicates().len(), 1);
    assert_eq!(idx.line_col(text, map.duplicates()[0].offset), (3, 3));
    assert!(map.span("/x~1y").is_some());
    assert_eq!(map.locate("/x~1y/missing"), map.span("/x~1y").unwrap().key);
}

#[test]
fn outline_members_duplicates_and_depth() {
    let text = " {\"a\": {\"b\": [1, {\"c\": 2, \"c\": 3}]}, \"x\\/y\": \"s\\\"\", \"e\": {}}\n";
    let o = outline(text);
    assert!(o.complete && o.alone && !o.duplicates, "{o:?}");
    assert_eq!(o.start, 1);
    let names: Vec<&str> = o.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["a", "x/y", "e"]);
    let a = o.member("a").unwrap().span;
    assert_eq!(&text[a.start..a.end], "{\"b\": [1, {\"c\": 2, \"c\": 3}]}");
    assert_eq!(o.locate_shallow("/x~1y"), Some(text.find("\"x").unwrap()));
    assert!(!outline("{\"a\": 1, \"b\": {\"a\": 2}}").duplicates);
    assert!(outline("{\"a\": 1, \"b\": 2, \"a\": 3}").duplicates);
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let o = outline(&deep);
    assert!(o.complete && o.alone);
    let o = outline(&"{\"a\":".repeat(100_000));
    assert!(!o.complete);
    let o = outline("{\"k\": 1}\n{\"k\": 2}");
    assert!(o.complete && !o.alone);
    let many: Vec<String> = (0..100).map(|i| format!("\"k{i}\": {i}")).collect();
    let text = format!("{{{}, \"k7\": 0}}", many.join(", "));
    assert!(outline(&text).duplicates);
}

#[test]
fn never_panics_on_garbage() {
    for text in [
        "",
        "{",
        "{\"a\"",
        "[1,",
        "\"\\u12",
        "{\"a\":\"\\ud800\\u\"}",
        "}}}",
        "\"é",
        "{\"a\\",
        "{\"\\u12\": 1}",
        "[1 2]",
        "{\"a\" 1}",
    ] {
        let _ = SourceMap::scan(text);
        let _ = outline(text);
    }
}
