//! Mutations of valid instances, each of which the schema must reject at one known place.
//!
//! [`sites`] walks an instance together with its schema (following `$ref`, and applying the
//! `allOf` rules whose conditions hold, exactly as a validator does) and lists every place a
//! single documented constraint can be broken: a required member dropped (including members a
//! conditional rule requires, such as `osType` for WAP or `blikCode` for BLIK metadata), a
//! pattern or length broken, a value of the wrong type, a value outside a closed enumeration,
//! a member that a closed object does not declare. Each site says where the validator must
//! report the error.

use antom_schema_core::{keywords, pointer, shape};
use serde_json::{Map, Value};

use crate::gen::{matches, required_names, SchemaSet};

/// What a mutation does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mutation {
    /// Remove the member `name` from the object at the pointer.
    DropRequired { name: String },
    /// Replace a string with one that breaks its pattern or format (`date_time`: the broken
    /// constraint is `format: date-time`).
    BreakPattern { date_time: bool },
    /// Replace a string with one longer than its `maxLength`.
    TooLong { max: u64 },
    /// Replace the value with one of another JSON type.
    WrongType,
    /// Replace the value with a string outside its closed enumeration.
    NotInEnum,
    /// Add a member the closed object does not declare.
    UnknownMember,
    /// Replace a scalar (sent as JSON or as a string) with a string that holds no such value
    /// (`text`), or with an object.
    NotAScalar { text: bool },
}

/// One place where a mutation must produce a schema error.
#[derive(Debug, Clone)]
pub struct Site {
    /// JSON Pointer of the value the mutation changes.
    pub pointer: String,
    /// The change.
    pub mutation: Mutation,
    /// Whether the constraint exists only through an `allOf` rule: a member a rule requires
    /// (`osType` for WAP), or anything inside a member whose schema a rule chooses (the
    /// metadata of a BLIK or CARD payment method).
    pub conditional: bool,
    /// Whether the broken constraint is a documented limit that the received form of what
    /// Antom writes relaxes (a length, a pattern or a format other than date-time, outside the
    /// encodings): in a response or notification it is a warning, not an error.
    pub relaxed: bool,
}

impl Site {
    /// JSON Pointer where the validator must report the error: the object for a dropped or
    /// an unknown member, the value itself otherwise.
    pub fn expected_pointer(&self) -> &str {
        &self.pointer
    }

    /// Applies the mutation to a copy of `instance`.
    pub fn apply(&self, instance: &Value) -> Value {
        let mut out = instance.clone();
        let target = out
            .pointer_mut(&self.pointer)
            .expect("site points into the instance");
        match &self.mutation {
            Mutation::DropRequired { name } => {
                target.as_object_mut().expect("object").remove(name);
            }
            Mutation::BreakPattern { .. } => *target = Value::String("!".into()),
            Mutation::TooLong { max } => *target = Value::String("a".repeat(*max as usize + 1)),
            Mutation::WrongType => {
                *target = match target {
                    Value::String(_) => Value::from(12345),
                    _ => Value::String("wrong type".into()),
                }
            }
            Mutation::NotInEnum => *target = Value::String("NOT_A_DOCUMENTED_VALUE".into()),
            Mutation::NotAScalar { text: true } => *target = Value::String("yes".into()),
            Mutation::NotAScalar { text: false } => *target = serde_json::json!({"value": 1}),
            Mutation::UnknownMember => {
                target
                    .as_object_mut()
                    .expect("object")
                    .insert("zzNotDeclared".into(), Value::Bool(true));
            }
        }
        out
    }
}

/// Every mutation site of `instance`, a valid instance of schema file `file`.
pub fn sites(set: &SchemaSet, file: &str, instance: &Value) -> Vec<Site> {
    let mut out = Vec::new();
    let doc = set.file(file);
    walk(set, file, doc, &[], instance, "", &mut out);
    out
}

/// Walks `value` with `schema` (in `file`); `extras` are further constraints that rules of an
/// enclosing object put on this location (e.g. `env` must have `clientIp` for BLIK).
fn walk(
    set: &SchemaSet,
    file: &str,
    schema: &Value,
    extras: &[Value],
    value: &Value,
    pointer: &str,
    out: &mut Vec<Site>,
) {
    let (file, schema) = set.resolve(file, schema);
    let Some(s) = schema.as_object() else { return };

    if shape::scalar(s).is_some() {
        for text in [true, false] {
            out.push(Site {
                pointer: pointer.into(),
                mutation: Mutation::NotAScalar { text },
                conditional: false,
                relaxed: false,
            });
        }
        return;
    }
    // Wrong type: every typed location (an open enum still requires a string).
    let typed = s.contains_key("type") || s.contains_key("anyOf") || s.contains_key("enum");
    if typed {
        out.push(Site {
            pointer: pointer.into(),
            mutation: Mutation::WrongType,
            conditional: false,
            relaxed: false,
        });
    }
    if s.contains_key("anyOf") {
        return; // open enum: any string is allowed
    }
    if s.contains_key("enum") {
        out.push(Site {
            pointer: pointer.into(),
            mutation: Mutation::NotInEnum,
            conditional: false,
            relaxed: false,
        });
        return;
    }
    match value {
        Value::String(_) => {
            let format = s.get("format").and_then(Value::as_str);
            if s.contains_key("pattern") || format.is_some_and(|f| f == "date-time" || f == "email")
            {
                out.push(Site {
                    pointer: pointer.into(),
                    mutation: Mutation::BreakPattern {
                        date_time: format == Some("date-time"),
                    },
                    conditional: false,
                    // The constraint broken is the format when there is one (a date-time stays
                    // in the received form), else the pattern.
                    relaxed: match s.get("format") {
                        Some(f) => keywords::relaxed_in_received("format", f),
                        None => keywords::relaxed_in_received("pattern", &s["pattern"]),
                    } && set.relaxed_for_antom(&file),
                });
            } else if let Some(max) = s.get("maxLength").and_then(Value::as_u64) {
                out.push(Site {
                    pointer: pointer.into(),
                    mutation: Mutation::TooLong { max },
                    conditional: false,
                    relaxed: keywords::relaxed_in_received("maxLength", &Value::from(max))
                        && set.relaxed_for_antom(&file),
                });
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = s.get("items") {
                for (i, item) in items.iter().enumerate() {
                    walk(
                        set,
                        &file,
                        item_schema,
                        &[],
                        item,
                        &format!("{pointer}/{i}"),
                        out,
                    );
                }
            }
        }
        Value::Object(object) => walk_object(set, &file, s, extras, object, pointer, out),
        _ => {}
    }
}

fn walk_object(
    set: &SchemaSet,
    file: &str,
    s: &Map<String, Value>,
    extras: &[Value],
    object: &Map<String, Value>,
    pointer: &str,
    out: &mut Vec<Site>,
) {
    let value = Value::Object(object.clone());
    let empty = Map::new();
    let props = s
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    if props.is_empty() {
        return; // a free map: nothing is declared
    }
    // Constraints in force here: the schema's own, its applicable rules, the enclosing rules.
    let mut constraints: Vec<(&Value, bool)> = extras.iter().map(|e| (e, true)).collect();
    let rules = s
        .get("allOf")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let applied: Vec<Value> = rules
        .iter()
        .filter_map(|rule| match (rule.get("if"), rule.get("then")) {
            (Some(cond), Some(then)) if matches(cond, &value) => Some(then.clone()),
            _ => None,
        })
        .collect();
    for then in &applied {
        constraints.push((then, true));
    }
    let mut required: Vec<(String, bool)> = required_names(s.get("required"))
        .into_iter()
        .map(|n| (n, false))
        .collect();
    for (c, conditional) in &constraints {
        for name in required_names(c.get("required")) {
            if !required.iter().any(|(n, _)| *n == name) {
                required.push((name, *conditional));
            }
        }
    }
    for (name, conditional) in required {
        if object.contains_key(&name) {
            out.push(Site {
                pointer: pointer.into(),
                mutation: Mutation::DropRequired { name },
                conditional,
                relaxed: false,
            });
        }
    }
    if s.get("additionalProperties") == Some(&Value::Bool(false)) {
        out.push(Site {
            pointer: pointer.into(),
            mutation: Mutation::UnknownMember,
            conditional: false,
            relaxed: false,
        });
    }
    for (name, member) in object {
        let Some(base) = props.get(name) else {
            continue;
        };
        let mut member_schema = base.clone();
        let mut member_extras = Vec::new();
        let mut given_by_rule = false;
        for (c, _) in &constraints {
            if let Some(sub) = c.get("properties").and_then(|p| p.get(name)) {
                if sub.get("$ref").is_some() {
                    member_schema = sub.clone();
                    given_by_rule = true;
                } else {
                    member_extras.push(sub.clone());
                }
            }
        }
        let child = pointer::join(pointer, name);
        // A rule that replaced the member's schema lives in this file; a reference in it is
        // relative to this file.
        let first = out.len();
        walk(
            set,
            file,
            &member_schema,
            &member_extras,
            member,
            &child,
            out,
        );
        if given_by_rule {
            // Inside a member whose shape a rule chooses (the payment method metadata), every
            // constraint exists only through that rule.
            // Only the member's JSON type is the base schema's own.
            for site in &mut out[first..] {
                if site.pointer != child || site.mutation != Mutation::WrongType {
                    site.conditional = true;
                }
            }
        }
    }
}

impl Mutation {
    /// Whether the Rust types (`antom-types`) can see this broken constraint at all: a
    /// missing required member, a wrong JSON type, a value outside a closed enumeration, an
    /// undeclared member of a closed object, a malformed date-time. Lengths, patterns, other
    /// formats and conditional rules are checked by the validator only (the types are a
    /// projection of the schema without validation-only keywords; see `DESIGN.md`); so is
    /// the shape of payment method metadata, which the types keep as a map and decode on
    /// demand (`PaymentMethod::metadata`).
    pub fn visible_to_types(&self, conditional: bool) -> bool {
        if conditional {
            return false;
        }
        match self {
            Mutation::DropRequired { .. } => true,
            Mutation::WrongType | Mutation::NotInEnum | Mutation::UnknownMember => true,
            Mutation::NotAScalar { .. } => true,
            Mutation::BreakPattern { date_time } => *date_time,
            Mutation::TooLong { .. } => false,
        }
    }
}
