//! The fast paths of `antom_schema::source` against the slow ones, on generated JSON:
//! following a pointer through the text places it where the full source map does, the
//! parser that notices repeated keys builds exactly serde_json's value, and the outline
//! reads the top-level members where they are written.

use std::collections::HashSet;

use antom_schema::source::{escape_token, locate_pointer, outline, parse_value, SourceMap};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Member names, with the characters that need escaping in text or in a pointer.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-c]{1,2}",
        Just("a/b".to_string()),
        Just("t~n".to_string()),
        Just("q\"x".to_string()),
        Just("back\\slash".to_string()),
        Just("é{[".to_string()),
        Just(String::new()),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[ -~é\u{1F600}]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn pointers(v: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_string());
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                pointers(child, &format!("{at}/{}", escape_token(k)), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn following_a_pointer_places_it_where_the_map_does(v in json(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&v).unwrap()
        } else {
            serde_json::to_string(&v).unwrap()
        };
        let map = SourceMap::scan(&text);
        let root = outline(&text).start;
        let mut all = Vec::new();
        pointers(&v, "", &mut all);
        for p in all.clone() {
            all.push(format!("{p}/zz"));
            all.push(format!("{p}/0"));
            all.push(format!("{p}/9"));
        }
        for p in &all {
            prop_assert_eq!(Some(locate_pointer(&text, root, p)), map.locate(p), "{} in {}", p, text);
        }
    }

    #[test]
    fn parsing_builds_serde_jsons_value_and_sees_repeated_keys(
        pairs in prop::collection::vec((key(), json()), 0..6)
    ) {
        let members: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), v))
            .collect();
        let text = format!("{{{}}}", members.join(", "));
        let expected: Value = serde_json::from_str(&text).unwrap();
        let (got, repeated) = parse_value(&text).unwrap();
        prop_assert_eq!(
            serde_json::to_string(&got).unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
        // Nested values come from `Value`s and cannot repeat a key: only the top level can.
        let distinct: HashSet<&String> = pairs.iter().map(|(k, _)| k).collect();
        prop_assert_eq!(repeated, distinct.len() < pairs.len());
        // The outline reads the same members, in text order, with spans holding their values.
        let o = outline(&text);
        prop_assert!(o.complete && o.alone);
        prop_assert_eq!(o.duplicates, repeated);
        prop_assert_eq!(o.members.len(), pairs.len());
        for (m, (k, v)) in o.members.iter().zip(&pairs) {
            prop_assert_eq!(&m.name, k);
            let written: Value = serde_json::from_str(&text[m.span.start..m.span.end]).unwrap();
            prop_assert_eq!(&written, v);
        }
    }
}
