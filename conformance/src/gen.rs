//! Schema-driven generation of instances.
//!
//! Strategies are built from the schema files themselves, never by hand per field: a member
//! added to a schema is generated (and so exercised by every property test) without new test
//! code. The generator understands exactly the subset of draft 2020-12 the schemas use
//! (`schema/README.md`): `$ref` between files, objects (closed or open), arrays, strings with
//! `pattern`, `maxLength`, `enum` and the formats `date-time` and `email`, integers, numbers,
//! booleans, `type: [T, "null"]`, the open-enum `anyOf`, and validation rules in `allOf`
//! (`if`/`then` and `anyOf` of `required` alternatives). Anything else panics, naming the
//! keyword, so that a schema change the generator does not cover cannot pass unnoticed.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use antom_schema_core::{reference, shape};
use proptest::prelude::*;
use proptest::strategy::Union;
use serde_json::{Map, Value};

use crate::schema_files;

/// Every schema file, addressable by its path relative to `schema/`.
#[derive(Debug)]
pub struct SchemaSet {
    files: BTreeMap<String, Value>,
    condition_values: Vec<Value>,
    /// The files catalog.json lists under `encodings`: their constraints hold whoever writes.
    encodings: Vec<String>,
}

impl SchemaSet {
    /// Loads `schema/defs` and `schema/messages`.
    pub fn load() -> Arc<SchemaSet> {
        let files: BTreeMap<String, Value> = schema_files().into_iter().collect();
        let mut condition_values = Vec::new();
        for doc in files.values() {
            collect_condition_values(doc, false, &mut condition_values);
        }
        let encodings = crate::read_catalog().encodings().to_vec();
        Arc::new(SchemaSet {
            files,
            condition_values,
            encodings,
        })
    }

    /// Whether a limit in this file (a length, a pattern, a format other than date-time) is
    /// relaxed in the received form of what Antom writes: true outside the encodings.
    pub fn relaxed_for_antom(&self, file: &str) -> bool {
        !self.encodings.iter().any(|e| e == file)
    }

    /// The document of a file (`messages/pay.request.schema.json`).
    pub fn file(&self, path: &str) -> &Value {
        self.files
            .get(path)
            .unwrap_or_else(|| panic!("no schema file {path}"))
    }

    /// Every value that an `if` condition of any schema compares with (`const`, `enum`).
    pub fn condition_values(&self) -> &Vec<Value> {
        &self.condition_values
    }

    /// All files, by path.
    pub fn files(&self) -> &BTreeMap<String, Value> {
        &self.files
    }

    /// Follows `$ref` (relative file references) until a schema without one; returns the
    /// file the result lives in and the schema. Sibling keywords of a `$ref` are annotations
    /// in these files (`description`), so dropping them loses nothing.
    pub fn resolve<'a>(&'a self, file: &str, schema: &'a Value) -> (String, &'a Value) {
        let mut file = file.to_string();
        let mut schema = schema;
        while let Some(target) = schema.get("$ref").and_then(Value::as_str) {
            file = join(&file, target);
            schema = self.file(&file);
        }
        (file, schema)
    }
}

fn collect_condition_values(schema: &Value, in_condition: bool, out: &mut Vec<Value>) {
    match schema {
        Value::Object(map) => {
            for (key, child) in map {
                match key.as_str() {
                    "if" => collect_condition_values(child, true, out),
                    "const" if in_condition => out.push(child.clone()),
                    "enum" if in_condition => {
                        out.extend(child.as_array().into_iter().flatten().cloned())
                    }
                    _ => collect_condition_values(child, in_condition, out),
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|c| collect_condition_values(c, in_condition, out)),
        _ => {}
    }
}

/// The names listed by a `required` keyword (`schema.get("required")`; none when absent).
pub fn required_names(keyword: Option<&Value>) -> Vec<String> {
    keyword
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Resolves a relative file reference against the file that holds it (the schemas refer to
/// whole files only).
pub fn join(from: &str, target: &str) -> String {
    reference::resolve(from, target)
        .unwrap_or_else(|| panic!("{from}: $ref {target} leaves the schema directory"))
}

/// What to generate besides what the schema describes.
#[derive(Debug, Clone, Copy)]
pub struct GenOptions {
    /// Add members the schema does not know to open objects, and values outside the
    /// enumeration to open enums (what Antom may send in responses and notifications).
    pub unknowns: bool,
}

const MAX_DEPTH: u32 = 6;

thread_local! {
    /// Strategies of whole definition files, per nesting depth: models are shared by many
    /// messages, and building each once keeps the strategy graph small.
    static MEMO: RefCell<HashMap<(String, u32, bool), BoxedStrategy<Value>>> = RefCell::new(HashMap::new());
}

/// A strategy for instances of `schema` (which lives in `file`).
pub fn strategy(
    set: &Arc<SchemaSet>,
    file: &str,
    schema: &Value,
    opts: GenOptions,
) -> BoxedStrategy<Value> {
    build(set, file, schema, opts, 0)
}

/// A strategy for instances of a whole schema file.
pub fn strategy_for_file(
    set: &Arc<SchemaSet>,
    file: &str,
    opts: GenOptions,
) -> BoxedStrategy<Value> {
    let doc = set.file(file).clone();
    build(set, file, &doc, opts, 0)
}

fn build(
    set: &Arc<SchemaSet>,
    file: &str,
    schema: &Value,
    opts: GenOptions,
    depth: u32,
) -> BoxedStrategy<Value> {
    if schema.get("$ref").is_some() {
        let (target, _) = set.resolve(file, schema);
        let key = (target.clone(), depth, opts.unknowns);
        if let Some(hit) = MEMO.with(|m| m.borrow().get(&key).cloned()) {
            return hit;
        }
        let doc = set.file(&target).clone();
        let built = build_resolved(set, &target, &doc, opts, depth);
        MEMO.with(|m| m.borrow_mut().insert(key, built.clone()));
        return built;
    }
    build_resolved(set, file, schema, opts, depth)
}

fn build_resolved(
    set: &Arc<SchemaSet>,
    file: &str,
    schema: &Value,
    opts: GenOptions,
    depth: u32,
) -> BoxedStrategy<Value> {
    let (file, schema) = set.resolve(file, schema);
    let s = schema
        .as_object()
        .unwrap_or_else(|| panic!("{file}: schema is not an object"));
    if let Some((_, native)) = shape::scalar(s) {
        return scalar(set, &file, native, opts);
    }
    if s.contains_key("anyOf") {
        return open_enum(set, &file, s, opts);
    }
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        let all = proptest::sample::select(values.clone());
        // Values that some rule tests (BLIK, CARD, WAP, ...) are drawn as often as all the
        // others together, so that every conditional branch is exercised.
        let tested: Vec<Value> = values
            .iter()
            .filter(|v| set.condition_values().contains(*v))
            .cloned()
            .collect();
        if tested.is_empty() || tested.len() == values.len() {
            return all.boxed();
        }
        return prop_oneof![all, proptest::sample::select(tested)].boxed();
    }
    match s.get("type") {
        Some(Value::Array(types)) => {
            let non_null: Vec<&Value> = types
                .iter()
                .filter(|t| t.as_str() != Some("null"))
                .collect();
            assert!(
                non_null.len() == 1 && types.len() == 2,
                "{file}: only [T, \"null\"] type unions are supported"
            );
            let mut single = s.clone();
            single.insert("type".into(), non_null[0].clone());
            let inner = build(set, &file, &Value::Object(single), opts, depth);
            prop_oneof![1 => Just(Value::Null), 4 => inner].boxed()
        }
        Some(Value::String(t)) => match t.as_str() {
            "object" => object(set, &file, s, opts, depth),
            "array" => {
                let items = s.get("items").cloned().unwrap_or(Value::Object(Map::new()));
                let max = if depth >= MAX_DEPTH { 0 } else { 3 };
                proptest::collection::vec(build(set, &file, &items, opts, depth + 1), 0..=max)
                    .prop_map(Value::Array)
                    .boxed()
            }
            "string" if s.contains_key("contentSchema") => {
                assert_eq!(
                    s.get("contentMediaType").and_then(Value::as_str),
                    Some("application/json"),
                    "{file}: contentSchema without JSON media type"
                );
                let inner = s["contentSchema"].clone();
                build(set, &file, &inner, opts, depth + 1)
                    .prop_map(|v| Value::String(v.to_string()))
                    .boxed()
            }
            "string" => string(&file, s),
            "integer" => prop_oneof![Just(0i64), 0i64..100_000]
                .prop_map(Value::from)
                .boxed(),
            "number" => (0u32..10_000_000)
                .prop_map(|n| Value::from(f64::from(n) / 1000.0))
                .boxed(),
            "boolean" => any::<bool>().prop_map(Value::Bool).boxed(),
            other => panic!("{file}: unsupported type {other}"),
        },
        None if s.keys().all(|k| k == "description" || k == "$comment") => free_value(),
        _ => panic!(
            "{file}: schema without a usable type: {}",
            Value::Object(s.clone())
        ),
    }
}

/// Both encodings of a scalar, half the time each.
fn scalar(
    set: &Arc<SchemaSet>,
    file: &str,
    native: &Value,
    opts: GenOptions,
) -> BoxedStrategy<Value> {
    (build(set, file, native, opts, 0), any::<bool>())
        .prop_map(|(v, as_text)| {
            if as_text {
                Value::String(v.to_string())
            } else {
                v
            }
        })
        .boxed()
}

/// The open-enum shape `anyOf: [{$ref: Enum}, {type: string}]` (see [`shape::open_enum_ref`]).
fn open_enum(
    set: &Arc<SchemaSet>,
    file: &str,
    s: &Map<String, Value>,
    opts: GenOptions,
) -> BoxedStrategy<Value> {
    assert!(
        shape::open_enum_ref(s).is_some(),
        "{file}: the only anyOf the schemas may use besides a scalar is the open enum"
    );
    let known = build(set, file, &s["anyOf"][0], opts, 0);
    if opts.unknowns {
        prop_oneof![8 => known, 1 => "ZZ_[A-Z]{2,10}".prop_map(Value::String)].boxed()
    } else {
        known
    }
}

fn string(file: &str, s: &Map<String, Value>) -> BoxedStrategy<Value> {
    if let Some(format) = s.get("format").and_then(Value::as_str) {
        return match format {
            "date-time" => date_time().prop_map(Value::String).boxed(),
            "email" => "[a-z0-9]{1,12}@[a-z]{1,10}\\.(com|pl|com\\.br)"
                .prop_map(Value::String)
                .boxed(),
            other => panic!("{file}: unsupported format {other}"),
        };
    }
    if let Some(pattern) = s.get("pattern").and_then(Value::as_str) {
        let body = pattern.trim_start_matches('^').trim_end_matches('$');
        return proptest::string::string_regex(body)
            .unwrap_or_else(|e| panic!("{file}: pattern {pattern} cannot be generated: {e}"))
            .prop_map(Value::String)
            .boxed();
    }
    let max = s
        .get("maxLength")
        .and_then(Value::as_u64)
        .unwrap_or(24)
        .min(24);
    // Free text: any printable code point, so unicode reaches every free-text field.
    proptest::string::string_regex(&format!("\\PC{{0,{max}}}"))
        .expect("valid regex")
        .prop_map(Value::String)
        .boxed()
}

/// RFC 3339 date-times with seconds, optional fractions and varied offsets (never `Z`,
/// which means the same as `+00:00` but would not survive a round trip byte for byte).
pub fn date_time() -> impl Strategy<Value = String> {
    let offsets = prop::sample::select(vec![
        "+00:00", "+08:00", "+08:30", "-08:00", "-07:00", "+05:45", "-03:30", "+14:00",
    ]);
    (
        2000u32..2100,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
        prop::option::of(1u32..1000),
        offsets,
    )
        .prop_map(|(y, mo, d, h, mi, s, frac, off)| match frac {
            Some(f) => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{f:03}{off}"),
            None => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{off}"),
        })
}

/// Members of a free-form object (`paymentMethodMetaData` of a method with no typed shape).
fn free_value() -> BoxedStrategy<Value> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}".prop_map(Value::String),
        any::<bool>().prop_map(Value::Bool),
        (0i64..1000).prop_map(Value::from),
    ]
    .boxed()
}

fn object(
    set: &Arc<SchemaSet>,
    file: &str,
    s: &Map<String, Value>,
    opts: GenOptions,
    depth: u32,
) -> BoxedStrategy<Value> {
    let empty = Map::new();
    let props = s
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let required = required_names(s.get("required"));
    let closed = s.get("additionalProperties") == Some(&Value::Bool(false));

    // A map: `additionalProperties` is a schema and there are no named members.
    if props.is_empty() {
        let values = match s.get("additionalProperties") {
            Some(v @ Value::Object(_)) => build(set, file, v, opts, depth + 1),
            _ => free_value(),
        };
        return proptest::collection::btree_map("[a-z][a-zA-Z0-9]{0,8}", values, 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
            .boxed();
    }

    let mut members: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
    for (name, sub) in props {
        let name = name.clone();
        if required.contains(&name) {
            let value = build(set, file, sub, opts, depth + 1);
            members.push(value.prop_map(move |v| Some((name.clone(), v))).boxed());
        } else if depth < MAX_DEPTH {
            let value = build(set, file, sub, opts, depth + 1);
            members.push(
                prop::option::weighted(0.5, value)
                    .prop_map(move |v| v.map(|v| (name.clone(), v)))
                    .boxed(),
            );
        }
    }
    if opts.unknowns && !closed {
        members
            .push(prop::option::weighted(0.3, ("zzUnknown[A-Z][a-z]{1,6}", free_value())).boxed());
    }
    let base = members
        .prop_map(|pairs| Value::Object(pairs.into_iter().flatten().collect()))
        .boxed();

    let rules: Vec<Value> = s
        .get("allOf")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut out = base;
    for rule in rules {
        let set = Arc::clone(set);
        let file = file.to_string();
        let object_schema = Value::Object(s.clone());
        out = out
            .prop_flat_map(move |value| {
                apply_rule(&set, &file, &object_schema, &rule, value, opts, depth)
            })
            .boxed();
    }
    out
}

/// Makes `value` satisfy one validation rule of `allOf`, adding or regenerating only what
/// the rule asks for.
fn apply_rule(
    set: &Arc<SchemaSet>,
    file: &str,
    object_schema: &Value,
    rule: &Value,
    value: Value,
    opts: GenOptions,
    depth: u32,
) -> BoxedStrategy<Value> {
    if let Some(condition) = rule.get("if") {
        let then = rule.get("then").expect("if without then");
        assert!(
            rule.get("else").is_none(),
            "{file}: else is not used by the schemas"
        );
        if matches(condition, &value) {
            return fill(set, file, object_schema, then, value, opts, depth);
        }
        return Just(value).boxed();
    }
    if let Some(alternatives) = rule.get("anyOf").and_then(Value::as_array) {
        if alternatives.iter().any(|alt| matches(alt, &value)) {
            return Just(value).boxed();
        }
        let choices: Vec<BoxedStrategy<Value>> = alternatives
            .iter()
            .map(|alt| fill(set, file, object_schema, alt, value.clone(), opts, depth))
            .collect();
        return Union::new(choices).boxed();
    }
    panic!("{file}: unsupported rule in allOf: {rule}");
}

/// Adds to `value` what `then` requires: missing `required` members (generated from the
/// member's schema) and members whose schema `then` replaces or constrains further.
fn fill(
    set: &Arc<SchemaSet>,
    file: &str,
    object_schema: &Value,
    then: &Value,
    value: Value,
    opts: GenOptions,
    depth: u32,
) -> BoxedStrategy<Value> {
    let (file, object_schema) = set.resolve(file, object_schema);
    let Value::Object(current) = value else {
        return Just(value).boxed();
    };
    let base_props = object_schema
        .get("properties")
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    let then_props = then
        .get("properties")
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    let mut names = required_names(then.get("required"));
    for name in then_props.as_object().into_iter().flat_map(|m| m.keys()) {
        if current.contains_key(name) && !names.contains(name) {
            names.push(name.clone());
        }
    }
    let mut parts: Vec<BoxedStrategy<(String, Value)>> = Vec::new();
    for name in names {
        let base = base_props
            .get(&name)
            .cloned()
            .unwrap_or_else(|| panic!("{file}: rule names unknown member {name}"));
        let strategy = match (then_props.get(&name), current.get(&name)) {
            // The rule gives the member a schema of its own (a reference, or the values it may
            // take, like the notifyType of each notification kind): generate from it.
            (Some(sub), _) if sub.get("$ref").is_some() || sub.get("enum").is_some() => {
                build(set, &file, sub, opts, depth + 1)
            }
            // The rule constrains a member that is there: recurse into it.
            (Some(sub), Some(existing)) => {
                fill(set, &file, &base, sub, existing.clone(), opts, depth + 1)
            }
            // The rule constrains a member that is missing: generate it, then constrain it.
            (Some(sub), None) => {
                let set2 = Arc::clone(set);
                let file2 = file.clone();
                let sub = sub.clone();
                let base2 = base.clone();
                build(set, &file, &base, opts, depth + 1)
                    .prop_flat_map(move |v| fill(&set2, &file2, &base2, &sub, v, opts, depth + 1))
                    .boxed()
            }
            (None, Some(existing)) => Just(existing.clone()).boxed(),
            (None, None) => build(set, &file, &base, opts, depth + 1),
        };
        parts.push(strategy.prop_map(move |v| (name.clone(), v)).boxed());
    }
    parts
        .prop_map(move |pairs| {
            let mut object = current.clone();
            for (k, v) in pairs {
                object.insert(k, v);
            }
            Value::Object(object)
        })
        .boxed()
}

/// Evaluates the small subset of keywords the schemas use in `if` conditions and in
/// `anyOf` alternatives, with JSON Schema's semantics (`properties` and `required` only
/// constrain objects, `properties` only members that are present).
pub fn matches(schema: &Value, value: &Value) -> bool {
    let Some(s) = schema.as_object() else {
        return schema.as_bool().unwrap_or(true);
    };
    s.iter().all(|(keyword, sub)| match keyword.as_str() {
        "const" => value == sub,
        "enum" => sub.as_array().is_some_and(|vals| vals.contains(value)),
        "required" => match value.as_object() {
            Some(object) => sub
                .as_array()
                .into_iter()
                .flatten()
                .all(|k| k.as_str().is_some_and(|k| object.contains_key(k))),
            None => true,
        },
        "properties" => match value.as_object() {
            Some(object) => sub
                .as_object()
                .into_iter()
                .flatten()
                .all(|(k, ps)| object.get(k).is_none_or(|v| matches(ps, v))),
            None => true,
        },
        "type" => match sub.as_str() {
            Some("object") => value.is_object(),
            Some("string") => value.is_string(),
            Some("array") => value.is_array(),
            other => panic!("unsupported type {other:?} in a condition"),
        },
        "$comment" | "description" => true,
        other => panic!("unsupported keyword {other} in a condition"),
    })
}
