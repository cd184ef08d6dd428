//! The validator compiled from the schemas: `crates/antom-schema/src/compiled/generated.rs`.
//!
//! The `jsonschema` crate interprets a compiled schema tree at run time. The schemas here are
//! fixed at build time, so this generator turns them into plain Rust instead: one function per
//! (variant, `$defs` entry) that walks a `serde_json::Value` and returns a bool, stopping at
//! the first problem. It only answers "valid or not": the findings of an invalid payload
//! (pointers, messages) still come from the `jsonschema` crate.
//!
//! Two variants are generated, over the bundle's `$defs` (see [`crate::schema_bundle`]):
//! - **documented**: the schemas as written; this also covers the received form of what Antom
//!   writes, which the bundle holds as `$defs/received.<key>`;
//! - **closed**: every `$defs` entry passed through `antom-schema`'s own closing transform
//!   (`crates/antom-schema/src/closed.rs`, compiled into this generator as it is, so both always
//!   agree): objects that declare `properties` and say nothing about other members get
//!   `unevaluatedProperties: false`, open enumerations keep only their enumeration.
//!
//! Entry points, per message kind: `clean` gives the verdict `Validator::validate` starts from
//! (the documented schema where the merchant writes, the closed documented one where Antom
//! writes) and `accepted` the one of `Validator::is_valid` (the documented schema where the
//! merchant writes, the received form where Antom writes).
//!
//! Keywords: `type` (one or a list), `enum` and `const` (strings), `properties`, `required`,
//! `additionalProperties` (a boolean or a schema), `unevaluatedProperties: false` (with the
//! annotation rules of the `jsonschema` crate for `properties`, `additionalProperties`,
//! `$ref`, `allOf`, `anyOf`, `if`/`then`/`else`), `items`, `maxItems`, `minItems`,
//! `maxLength`, `minLength` (Unicode code points), `pattern` (see [`pattern`]), `format`
//! `date-time` and `email`, `$ref` to a whole `$defs` entry, `allOf`, `anyOf`, `if`/`then`/`else`,
//! `not`; annotations (`$comment`, `description`, `title`, `contentMediaType`, `contentSchema`,
//! ...) are ignored, as draft 2020-12 says. Anything else is refused with an error naming the
//! keyword and where it is, so a schema change cannot slip past the generated code.

mod pattern;

#[path = "../../../crates/antom-schema/src/closed.rs"]
#[allow(dead_code)]
mod closed;

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::Path;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use crate::schema_bundle::SchemaBundle;
use crate::COMMAND;

/// Where the generated validator goes, relative to the workspace root.
pub const OUT: &str = "crates/antom-schema/src/compiled/generated.rs";

/// Keywords that never make an instance invalid (annotations in draft 2020-12).
const ANNOTATIONS: &[&str] = &[
    "$comment",
    "description",
    "title",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
];

/// Keywords the generator implements.
const IMPLEMENTED: &[&str] = &[
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "unevaluatedProperties",
    "items",
    "maxItems",
    "minItems",
    "maxLength",
    "minLength",
    "pattern",
    "format",
    "$ref",
    "allOf",
    "anyOf",
    "if",
    "then",
    "else",
    "not",
];

/// Above this many declared members an object's members are dispatched by one `match` over the
/// instance's members instead of one map lookup per declared member.
const LOOKUPS_AT_MOST: usize = 4;
/// Above this many names a member `match` first dispatches on the name's length.
const FLAT_MATCH_AT_MOST: usize = 8;

type Result<T> = std::result::Result<T, String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Variant {
    Documented,
    Closed,
}

impl Variant {
    fn prefix(self) -> &'static str {
        match self {
            Variant::Documented => "d",
            Variant::Closed => "c",
        }
    }
}

/// Statements that `return false` when the instance is invalid, or `None` when no instance
/// is valid (a `false` schema, or types that exclude each other).
type Code = Option<TokenStream>;

/// JSON types of the `type` keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ty {
    Null,
    Boolean,
    Object,
    Array,
    Number,
    Integer,
    String,
}

impl Ty {
    fn parse(name: &str) -> Option<Ty> {
        Some(match name {
            "null" => Ty::Null,
            "boolean" => Ty::Boolean,
            "object" => Ty::Object,
            "array" => Ty::Array,
            "number" => Ty::Number,
            "integer" => Ty::Integer,
            "string" => Ty::String,
            _ => return None,
        })
    }
}

/// The kinds of `serde_json::Value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

const KINDS: [Kind; 6] = [
    Kind::Object,
    Kind::Array,
    Kind::String,
    Kind::Number,
    Kind::Bool,
    Kind::Null,
];

/// Properties an `unevaluatedProperties` sees as evaluated (the `jsonschema` crate's
/// `mark_evaluated_properties`): names, or every member, unconditionally, plus what applies
/// only when a condition (a boolean expression over the instance) holds.
#[derive(Default)]
struct Evaluated {
    names: BTreeSet<String>,
    all: bool,
    conditional: Vec<(TokenStream, Evaluated)>,
}

impl Evaluated {
    fn is_empty(&self) -> bool {
        self.names.is_empty() && !self.all && self.conditional.is_empty()
    }

    fn merge(&mut self, other: Evaluated) {
        self.names.extend(other.names);
        self.all |= other.all;
        self.conditional.extend(other.conditional);
    }

    /// Flattens the conditional parts: (conditions that must all hold, names or `None` for
    /// every member), leaving out names `known` covers anyway.
    fn flatten(
        &self,
        conditions: &[TokenStream],
        known: &BTreeSet<String>,
        out: &mut Vec<(Vec<TokenStream>, Option<Vec<String>>)>,
    ) {
        if self.all {
            out.push((conditions.to_vec(), None));
        } else {
            let names: Vec<String> = self.names.difference(known).cloned().collect();
            if !names.is_empty() {
                out.push((conditions.to_vec(), Some(names)));
            }
        }
        for (condition, inner) in &self.conditional {
            let mut all = conditions.to_vec();
            all.push(condition.clone());
            inner.flatten(&all, known, out);
        }
    }
}

/// Where the code being generated is: for helper names and error messages.
#[derive(Clone)]
struct Cx {
    variant: Variant,
    /// Name of the function being generated (helpers are named after it).
    owner: String,
    /// `$defs` key and JSON Pointer inside it, for errors.
    key: String,
    pointer: String,
}

impl Cx {
    fn at(&self, token: impl std::fmt::Display) -> Cx {
        Cx {
            pointer: format!("{}/{token}", self.pointer),
            ..self.clone()
        }
    }

    fn err(&self, what: impl std::fmt::Display) -> String {
        format!(
            "the compiled validator: $defs/{} at {}: {what}",
            self.key,
            if self.pointer.is_empty() {
                "/"
            } else {
                &self.pointer
            }
        )
    }
}

struct Gen<'a> {
    documented: &'a Map<String, Value>,
    closed: Map<String, Value>,
    /// Function of each (variant, `$defs` key) asked for so far.
    def_fns: HashMap<(Variant, String), Ident>,
    /// Every function name given out, with what it is (to refuse collisions).
    names: HashMap<String, String>,
    queue: VecDeque<(Variant, String)>,
    items: Vec<TokenStream>,
    /// Helper function of each (variant, subschema text).
    helpers: HashMap<(Variant, String), Ident>,
    helper_counts: HashMap<String, usize>,
    /// Function of each pattern, and the pattern functions.
    patterns: BTreeMap<String, Ident>,
    pattern_items: Vec<TokenStream>,
    /// Counter for local variable names within one function.
    vars: usize,
}

fn snake(key: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            previous_lower = true;
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    out.trim_matches('_').to_string()
}

fn lit_str(s: &str) -> Literal {
    Literal::string(s)
}

impl<'a> Gen<'a> {
    fn new(documented: &'a Map<String, Value>) -> Gen<'a> {
        let closed = documented
            .iter()
            .map(|(k, v)| (k.clone(), closed::close(v)))
            .collect();
        Gen {
            documented,
            closed,
            def_fns: HashMap::new(),
            names: HashMap::new(),
            queue: VecDeque::new(),
            items: Vec::new(),
            helpers: HashMap::new(),
            helper_counts: HashMap::new(),
            patterns: BTreeMap::new(),
            pattern_items: Vec::new(),
            vars: 0,
        }
    }

    fn defs(&self, variant: Variant) -> &Map<String, Value> {
        match variant {
            Variant::Documented => self.documented,
            Variant::Closed => &self.closed,
        }
    }

    fn claim(&mut self, name: &str, what: String) -> Result<()> {
        if let Some(other) = self.names.insert(name.to_string(), what.clone()) {
            return Err(format!(
                "the compiled validator: {what} and {other} would both be named `{name}`"
            ));
        }
        Ok(())
    }

    /// The function validating `$defs/<key>` in `variant`, queued for generation.
    fn def_fn(&mut self, variant: Variant, key: &str) -> Result<Ident> {
        if let Some(f) = self.def_fns.get(&(variant, key.to_string())) {
            return Ok(f.clone());
        }
        if !self.defs(variant).contains_key(key) {
            return Err(format!("the compiled validator: no $defs/{key}"));
        }
        let name = format!("{}_{}", variant.prefix(), snake(key));
        self.claim(&name, format!("$defs/{key} ({variant:?})"))?;
        let ident = format_ident!("{name}");
        self.def_fns
            .insert((variant, key.to_string()), ident.clone());
        self.queue.push_back((variant, key.to_string()));
        Ok(ident)
    }

    fn var(&mut self, base: &str) -> Ident {
        self.vars += 1;
        format_ident!("{base}{}", self.vars)
    }

    fn run(&mut self) -> Result<()> {
        while let Some((variant, key)) = self.queue.pop_front() {
            let ident = self.def_fns[&(variant, key.clone())].clone();
            let schema = self.defs(variant)[&key].clone();
            let cx = Cx {
                variant,
                owner: ident.to_string(),
                key: key.clone(),
                pointer: String::new(),
            };
            let doc = format!(
                " `$defs/{key}`{}.",
                match variant {
                    Variant::Documented => "",
                    Variant::Closed => ", closed",
                }
            );
            let item = self.function(&cx, &ident, &doc, &schema)?;
            self.items.push(item);
        }
        Ok(())
    }

    fn function(
        &mut self,
        cx: &Cx,
        ident: &Ident,
        doc: &str,
        schema: &Value,
    ) -> Result<TokenStream> {
        let saved = self.vars;
        self.vars = 0;
        let v = format_ident!("v");
        let code = self.node(cx, schema, &v)?;
        self.vars = saved;
        Ok(match code {
            Some(body) if body.is_empty() => quote! {
                #[doc = #doc]
                fn #ident(_: &Value) -> bool { true }
            },
            Some(body) => quote! {
                #[doc = #doc]
                fn #ident(#v: &Value) -> bool {
                    #body
                    true
                }
            },
            None => quote! {
                #[doc = #doc]
                fn #ident(_: &Value) -> bool { false }
            },
        })
    }

    /// A boolean expression: whether `v` is valid against `schema`.
    fn expr(&mut self, cx: &Cx, schema: &Value, v: &Ident) -> Result<TokenStream> {
        let obj = match schema {
            Value::Bool(true) => return Ok(quote!(true)),
            Value::Bool(false) => return Ok(quote!(false)),
            Value::Object(obj) => obj,
            _ => return Err(cx.err("a schema is neither an object nor a boolean")),
        };
        let meaningful: Vec<&str> = obj
            .keys()
            .map(String::as_str)
            .filter(|k| !ANNOTATIONS.contains(k))
            .collect();
        match meaningful.as_slice() {
            [] => return Ok(quote!(true)),
            ["$ref"] => {
                let f = self.reference(cx, &obj["$ref"])?;
                return Ok(quote!(#f(#v)));
            }
            ["type"] => {
                if let Value::String(t) = &obj["type"] {
                    match Ty::parse(t) {
                        Some(Ty::String) => return Ok(quote!(#v.is_string())),
                        Some(Ty::Boolean) => return Ok(quote!(#v.is_boolean())),
                        Some(Ty::Null) => return Ok(quote!(#v.is_null())),
                        Some(Ty::Object) => return Ok(quote!(#v.is_object())),
                        Some(Ty::Array) => return Ok(quote!(#v.is_array())),
                        Some(Ty::Number) => return Ok(quote!(#v.is_number())),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        let text = serde_json::to_string(schema).map_err(|e| e.to_string())?;
        if let Some(f) = self.helpers.get(&(cx.variant, text.clone())) {
            return Ok(quote!(#f(#v)));
        }
        let count = self.helper_counts.entry(cx.owner.clone()).or_default();
        *count += 1;
        let name = format!("{}_{}", cx.owner, count);
        self.claim(
            &name,
            format!("a subschema of $defs/{} at {}", cx.key, cx.pointer),
        )?;
        let ident = format_ident!("{name}");
        self.helpers.insert((cx.variant, text), ident.clone());
        let doc = format!(" `$defs/{}` at `{}`.", cx.key, cx.pointer);
        let sub = Cx {
            owner: name,
            ..cx.clone()
        };
        let item = self.function(&sub, &ident, &doc, schema)?;
        self.items.push(item);
        Ok(quote!(#ident(#v)))
    }

    fn reference(&mut self, cx: &Cx, reference: &Value) -> Result<Ident> {
        let target = reference
            .as_str()
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .filter(|k| !k.contains('/'))
            .ok_or_else(|| cx.err(format!("$ref {reference} is not `#/$defs/<key>`")))?;
        if !self.defs(cx.variant).contains_key(target) {
            return Err(cx.err(format!("$ref {reference}: no $defs/{target}")));
        }
        self.def_fn(cx.variant, target)
    }

    fn check_keywords(&self, cx: &Cx, obj: &Map<String, Value>) -> Result<()> {
        for key in obj.keys() {
            if !IMPLEMENTED.contains(&key.as_str()) && !ANNOTATIONS.contains(&key.as_str()) {
                return Err(cx.err(format!(
                    "keyword `{key}` is not implemented by the compiled validator (codegen/src/compiled/mod.rs)"
                )));
            }
        }
        Ok(())
    }

    /// Statements checking `v` (a `&Value`) against `schema`.
    fn node(&mut self, cx: &Cx, schema: &Value, v: &Ident) -> Result<Code> {
        let obj = match schema {
            Value::Bool(true) => return Ok(Some(quote!())),
            Value::Bool(false) => return Ok(None),
            Value::Object(obj) => obj,
            _ => return Err(cx.err("a schema is neither an object nor a boolean")),
        };
        self.check_keywords(cx, obj)?;

        // `type`, narrowed by a string `enum` or `const`.
        let mut types: Option<BTreeSet<Ty>> = match obj.get("type") {
            None => None,
            Some(Value::String(t)) => {
                Some([Ty::parse(t).ok_or_else(|| cx.err(format!("unknown type {t:?}")))?].into())
            }
            Some(Value::Array(list)) => Some(
                list.iter()
                    .map(|t| {
                        t.as_str()
                            .and_then(Ty::parse)
                            .ok_or_else(|| cx.err(format!("unknown type {t}")))
                    })
                    .collect::<Result<_>>()?,
            ),
            Some(other) => return Err(cx.at("type").err(format!("unsupported value {other}"))),
        };
        let mut string_checks = Vec::new();
        let s = self.var("s");
        if let Some(values) = obj.get("enum") {
            let values: Vec<&str> = values
                .as_array()
                .ok_or_else(|| cx.at("enum").err("not an array"))?
                .iter()
                .map(|x| {
                    x.as_str()
                        .ok_or_else(|| cx.at("enum").err(format!("non-string value {x}")))
                })
                .collect::<Result<_>>()?;
            if values.is_empty() {
                return Ok(None);
            }
            let mut unique = BTreeSet::new();
            let values: Vec<&str> = values.into_iter().filter(|x| unique.insert(*x)).collect();
            let lits = values.iter().map(|x| lit_str(x));
            string_checks.push(if values.len() == 1 {
                let only = values[0];
                quote!(if #s != #only { return false; })
            } else {
                quote!(if !matches!(#s.as_str(), #(#lits)|*) {
                    return false;
                })
            });
            types = Some(narrow(types, Ty::String));
        }
        if let Some(value) = obj.get("const") {
            let text = value
                .as_str()
                .ok_or_else(|| cx.at("const").err(format!("non-string value {value}")))?;
            string_checks.push(quote! {
                if #s != #text { return false; }
            });
            types = Some(narrow(types, Ty::String));
        }
        if let Some(n) = obj.get("maxLength") {
            let n = limit(cx, "maxLength", n)?;
            string_checks.push(quote! {
                if !super::chars_at_most(#s, #n) { return false; }
            });
        }
        if let Some(n) = obj.get("minLength") {
            let n = limit(cx, "minLength", n)?;
            string_checks.push(quote! {
                if !super::chars_at_least(#s, #n) { return false; }
            });
        }
        if let Some(p) = obj.get("pattern") {
            let p = p
                .as_str()
                .ok_or_else(|| cx.at("pattern").err("not a string"))?;
            let f = self.pattern(p).map_err(|e| cx.at("pattern").err(e))?;
            string_checks.push(quote! {
                if !#f(#s) { return false; }
            });
        }
        if let Some(format) = obj.get("format") {
            match format.as_str() {
                Some("date-time") => string_checks.push(quote! {
                    if !super::date_time(#s) { return false; }
                }),
                Some("email") => string_checks.push(quote! {
                    if !super::email(#v) { return false; }
                }),
                _ => {
                    return Err(cx.at("format").err(format!(
                        "format {format} is not implemented by the compiled validator"
                    )))
                }
            }
        }

        let mut array_checks = Vec::new();
        let a = self.var("a");
        if let Some(n) = obj.get("maxItems") {
            let n = limit(cx, "maxItems", n)?;
            array_checks.push(quote!(if #a.len() > #n { return false; }));
        }
        if let Some(n) = obj.get("minItems") {
            let n = limit(cx, "minItems", n)?;
            array_checks.push(quote!(if #a.len() < #n { return false; }));
        }
        if let Some(items) = obj.get("items") {
            let x = self.var("x");
            match self.node(&cx.at("items"), items, &x)? {
                Some(body) if body.is_empty() => {}
                Some(body) => array_checks.push(quote! {
                    for #x in #a { #body }
                }),
                None => array_checks.push(quote!(if !#a.is_empty() { return false; })),
            }
        }

        let m = self.var("m");
        let object_checks = self.object(cx, obj, v, &m)?;

        let n = self.var("n");
        let number_checks = match &types {
            Some(t) if t.contains(&Ty::Integer) && !t.contains(&Ty::Number) => {
                quote!(if !super::is_integer(#n) { return false; })
            }
            _ => quote!(),
        };

        // The type dispatch, with the checks of each JSON type.
        let mut arms = Vec::new();
        let mut allowed_kinds = 0;
        let mut restricted = false;
        for kind in KINDS {
            let allowed = match &types {
                None => true,
                Some(t) => match kind {
                    Kind::Object => t.contains(&Ty::Object),
                    Kind::Array => t.contains(&Ty::Array),
                    Kind::String => t.contains(&Ty::String),
                    Kind::Number => t.contains(&Ty::Number) || t.contains(&Ty::Integer),
                    Kind::Bool => t.contains(&Ty::Boolean),
                    Kind::Null => t.contains(&Ty::Null),
                },
            };
            if !allowed {
                restricted = true;
                continue;
            }
            allowed_kinds += 1;
            let (bound, wild, body): (TokenStream, TokenStream, Code) = match kind {
                Kind::Object => (
                    quote!(Value::Object(#m)),
                    quote!(Value::Object(_)),
                    object_checks.clone(),
                ),
                Kind::Array => (
                    quote!(Value::Array(#a)),
                    quote!(Value::Array(_)),
                    Some(quote!(#(#array_checks)*)),
                ),
                Kind::String => (
                    quote!(Value::String(#s)),
                    quote!(Value::String(_)),
                    Some(quote!(#(#string_checks)*)),
                ),
                Kind::Number => (
                    quote!(Value::Number(#n)),
                    quote!(Value::Number(_)),
                    Some(number_checks.clone()),
                ),
                Kind::Bool => (
                    quote!(Value::Bool(_)),
                    quote!(Value::Bool(_)),
                    Some(quote!()),
                ),
                Kind::Null => (quote!(Value::Null), quote!(Value::Null), Some(quote!())),
            };
            // A pattern that binds only where the checks use the binding.
            let pattern = match &body {
                Some(b) if !b.is_empty() => bound,
                _ => wild,
            };
            arms.push((kind, pattern, body));
        }
        let mut parts: Vec<TokenStream> = Vec::new();
        if allowed_kinds == 0 {
            return Ok(None);
        }
        if restricted && arms.len() == 1 {
            let (kind, pattern, body) = arms.pop().unwrap();
            let Some(body) = body else {
                return Ok(None);
            };
            parts.push(match kind {
                Kind::Bool => quote!(if !#v.is_boolean() { return false; }),
                Kind::Null => quote!(if !#v.is_null() { return false; }),
                _ if body.is_empty() => quote!(if !matches!(#v, #pattern) {
                    return false;
                }),
                _ => quote! {
                    let #pattern = #v else { return false; };
                    #body
                },
            });
        } else {
            let busy: Vec<_> = arms
                .iter()
                .filter(|(_, _, body)| body.as_ref().is_none_or(|b| !b.is_empty()))
                .collect();
            if restricted {
                let arms = arms.iter().map(|(_, pattern, body)| match body {
                    Some(body) if body.is_empty() => quote!(#pattern => {}),
                    Some(body) => quote!(#pattern => { #body }),
                    None => quote!(#pattern => return false,),
                });
                parts.push(quote! {
                    match #v {
                        #(#arms)*
                        _ => return false,
                    }
                });
            } else if busy.len() == 1 {
                let (_, pattern, body) = busy[0];
                parts.push(match body {
                    Some(body) => quote!(if let #pattern = #v { #body }),
                    None => quote!(if matches!(#v, #pattern) {
                        return false;
                    }),
                });
            } else if !busy.is_empty() {
                let arms = busy.iter().map(|(_, pattern, body)| match body {
                    Some(body) => quote!(#pattern => { #body }),
                    None => quote!(#pattern => return false,),
                });
                parts.push(quote! {
                    match #v {
                        #(#arms)*
                        _ => {}
                    }
                });
            }
        }

        if let Some(reference) = obj.get("$ref") {
            let f = self.reference(&cx.at("$ref"), reference)?;
            parts.push(quote!(if !#f(#v) { return false; }));
        }
        if let Some(all) = obj.get("allOf") {
            let all = all
                .as_array()
                .ok_or_else(|| cx.at("allOf").err("not an array"))?;
            for (i, sub) in all.iter().enumerate() {
                match self.node(&cx.at("allOf").at(i), sub, v)? {
                    Some(code) => parts.push(code),
                    None => return Ok(None),
                }
            }
        }
        if let Some(any) = obj.get("anyOf") {
            let any = any
                .as_array()
                .ok_or_else(|| cx.at("anyOf").err("not an array"))?;
            let mut alternatives = Vec::new();
            let mut always = false;
            for (i, sub) in any.iter().enumerate() {
                let e = self.expr(&cx.at("anyOf").at(i), sub, v)?;
                match e.to_string().as_str() {
                    "true" => always = true,
                    "false" => {}
                    _ => alternatives.push(e),
                }
            }
            if !always {
                if alternatives.is_empty() {
                    return Ok(None);
                }
                parts.push(quote!(if !(#(#alternatives)||*) { return false; }));
            }
        }
        if let Some(condition) = obj.get("if") {
            let then = match obj.get("then") {
                Some(t) => self.node(&cx.at("then"), t, v)?,
                None => Some(quote!()),
            };
            let otherwise = match obj.get("else") {
                Some(e) => self.node(&cx.at("else"), e, v)?,
                None => Some(quote!()),
            };
            let then_empty = then.as_ref().is_some_and(TokenStream::is_empty);
            let else_empty = otherwise.as_ref().is_some_and(TokenStream::is_empty);
            if !(then_empty && else_empty) {
                let c = self.expr(&cx.at("if"), condition, v)?;
                let then = then.unwrap_or_else(|| quote!(return false;));
                let otherwise = otherwise.unwrap_or_else(|| quote!(return false;));
                parts.push(if else_empty {
                    quote!(if #c { #then })
                } else if then_empty {
                    quote!(if !(#c) { #otherwise })
                } else {
                    quote!(if #c { #then } else { #otherwise })
                });
            }
        }
        if let Some(not) = obj.get("not") {
            let c = self.expr(&cx.at("not"), not, v)?;
            parts.push(quote!(if #c { return false; }));
        }
        Ok(Some(quote!(#(#parts)*)))
    }

    fn pattern(&mut self, p: &str) -> Result<Ident> {
        if let Some(f) = self.patterns.get(p) {
            return Ok(f.clone());
        }
        let name = format!("pattern_{}", self.patterns.len() + 1);
        let item = pattern::function(&name, p)?;
        let ident = format_ident!("{name}");
        self.patterns.insert(p.to_string(), ident.clone());
        self.pattern_items.push(item);
        Ok(ident)
    }

    /// What `unevaluatedProperties` sees as evaluated by `schema` (applied to the object `v`),
    /// as the `jsonschema` crate marks it; `seen` guards against `$ref` cycles.
    fn evaluated(
        &mut self,
        cx: &Cx,
        schema: &Value,
        v: &Ident,
        seen: &mut Vec<String>,
    ) -> Result<Evaluated> {
        let mut out = Evaluated::default();
        let Value::Object(obj) = schema else {
            // A boolean schema evaluates nothing.
            return Ok(out);
        };
        self.check_keywords(cx, obj)?;
        if let Some(Value::Object(props)) = obj.get("properties") {
            out.names.extend(props.keys().cloned());
        }
        if obj.contains_key("additionalProperties") {
            out.all = true;
        }
        match obj.get("unevaluatedProperties") {
            None | Some(Value::Bool(false)) => {}
            Some(Value::Bool(true)) => out.all = true,
            Some(_) => {
                return Err(cx
                    .at("unevaluatedProperties")
                    .err("only `unevaluatedProperties: false` is implemented"))
            }
        }
        if let Some(reference) = obj.get("$ref") {
            let key = reference
                .as_str()
                .and_then(|r| r.strip_prefix("#/$defs/"))
                .ok_or_else(|| {
                    cx.at("$ref")
                        .err(format!("$ref {reference} is not `#/$defs/<key>`"))
                })?
                .to_string();
            if !seen.contains(&key) {
                seen.push(key.clone());
                let target = self
                    .defs(cx.variant)
                    .get(&key)
                    .cloned()
                    .ok_or_else(|| cx.err(format!("no $defs/{key}")))?;
                let sub = Cx {
                    key: key.clone(),
                    pointer: String::new(),
                    ..cx.clone()
                };
                out.merge(self.evaluated(&sub, &target, v, seen)?);
                seen.pop();
            }
        }
        if let Some(Value::Array(all)) = obj.get("allOf") {
            // When the schema holding the `unevaluatedProperties` is valid, so is each `allOf`
            // branch: what they evaluate counts unconditionally.
            for (i, sub) in all.iter().enumerate() {
                let e = self.evaluated(&cx.at("allOf").at(i), sub, v, seen)?;
                out.merge(e);
            }
        }
        if let Some(Value::Array(any)) = obj.get("anyOf") {
            for (i, sub) in any.iter().enumerate() {
                let e = self.evaluated(&cx.at("anyOf").at(i), sub, v, seen)?;
                if !e.is_empty() {
                    let c = self.expr(&cx.at("anyOf").at(i), sub, v)?;
                    out.conditional.push((c, e));
                }
            }
        }
        if let Some(condition) = obj.get("if") {
            let mut when = self.evaluated(&cx.at("if"), condition, v, seen)?;
            if let Some(then) = obj.get("then") {
                when.merge(self.evaluated(&cx.at("then"), then, v, seen)?);
            }
            let otherwise = match obj.get("else") {
                Some(e) => self.evaluated(&cx.at("else"), e, v, seen)?,
                None => Evaluated::default(),
            };
            if !when.is_empty() || !otherwise.is_empty() {
                let c = self.expr(&cx.at("if"), condition, v)?;
                if !when.is_empty() {
                    out.conditional.push((c.clone(), when));
                }
                if !otherwise.is_empty() {
                    out.conditional.push((quote!(!#c), otherwise));
                }
            }
        }
        Ok(out)
    }

    /// The checks of the object keywords on `m` (the map of `v`).
    fn object(&mut self, cx: &Cx, obj: &Map<String, Value>, v: &Ident, m: &Ident) -> Result<Code> {
        let empty = Map::new();
        let props = match obj.get("properties") {
            None => &empty,
            Some(Value::Object(p)) => p,
            Some(_) => return Err(cx.at("properties").err("not an object")),
        };
        let required: Vec<&str> = match obj.get("required") {
            None => Vec::new(),
            Some(Value::Array(r)) => r
                .iter()
                .map(|n| {
                    n.as_str()
                        .ok_or_else(|| cx.at("required").err("a non-string name"))
                })
                .collect::<Result<_>>()?,
            Some(_) => return Err(cx.at("required").err("not an array")),
        };
        let mut unique = BTreeSet::new();
        let required: Vec<&str> = required.into_iter().filter(|r| unique.insert(*r)).collect();
        let additional = obj.get("additionalProperties");
        let unevaluated_closed = match obj.get("unevaluatedProperties") {
            None | Some(Value::Bool(true)) => false,
            Some(Value::Bool(false)) => additional.is_none(),
            Some(_) => {
                return Err(cx
                    .at("unevaluatedProperties")
                    .err("only `unevaluatedProperties: false` is implemented"))
            }
        };

        // Members evaluated besides `properties`, when unevaluated ones are refused.
        let mut extra_names: Vec<String> = Vec::new();
        let mut conditional: Vec<(Vec<TokenStream>, Option<Vec<String>>)> = Vec::new();
        let mut everything_evaluated = false;
        if unevaluated_closed {
            let mut own = obj.clone();
            own.remove("unevaluatedProperties");
            let e = self.evaluated(cx, &Value::Object(own), v, &mut Vec::new())?;
            everything_evaluated = e.all;
            let declared: BTreeSet<String> = props.keys().cloned().collect();
            extra_names = e.names.difference(&declared).cloned().collect();
            let known: BTreeSet<String> = e.names.clone();
            for (condition, inner) in &e.conditional {
                inner.flatten(std::slice::from_ref(condition), &known, &mut conditional);
            }
        }
        let refuse_others = unevaluated_closed && !everything_evaluated;

        // Each declared member's checks, on `x`; `k` is the member's name.
        let x = self.var("x");
        let k = self.var("k");
        let seen = self.var("seen");
        let mut members: Vec<(String, Code)> = Vec::new();
        for (name, sub) in props {
            let code = self.node(&cx.at("properties").at(name), sub, &x)?;
            members.push((name.clone(), code));
        }

        let mut parts = Vec::new();
        let fallback_uses_name = additional.is_none()
            && refuse_others
            && conditional.iter().any(|(_, names)| names.is_some());
        let fallback: Option<TokenStream> = match additional {
            Some(Value::Bool(false)) => Some(quote!({
                return false;
            })),
            Some(Value::Bool(true)) => None,
            Some(schema) => match self.node(&cx.at("additionalProperties"), schema, &x)? {
                Some(body) if body.is_empty() => None,
                Some(body) => Some(quote!({ #body })),
                None => Some(quote!({
                    return false;
                })),
            },
            None if refuse_others => {
                let alternatives: Vec<TokenStream> = conditional
                    .iter()
                    .map(|(conditions, names)| {
                        let names = names.as_ref().map(|names| {
                            let lits = names.iter().map(|n| lit_str(n));
                            quote!(matches!(#k.as_str(), #(#lits)|*))
                        });
                        let all = conditions.iter().cloned().chain(names);
                        quote!((#(#all)&&*))
                    })
                    .collect();
                Some(if alternatives.is_empty() {
                    quote!({
                        return false;
                    })
                } else {
                    quote!({ if !(#(#alternatives)||*) { return false; } })
                })
            }
            None => None,
        };

        let iterate = fallback.is_some() || members.len() > LOOKUPS_AT_MOST;
        if !iterate {
            for name in &required {
                parts.push(quote!(if !#m.contains_key(#name) { return false; }));
            }
            for (name, code) in &members {
                match code {
                    Some(body) if body.is_empty() => {}
                    Some(body) => parts.push(quote! {
                        if let Some(#x) = #m.get(#name) { #body }
                    }),
                    None => parts.push(quote!(if #m.contains_key(#name) { return false; })),
                }
            }
            return Ok(Some(quote!(#(#parts)*)));
        }

        // One pass over the instance's members; required declared members set a bit.
        let bits: Vec<&str> = required
            .iter()
            .copied()
            .filter(|r| props.contains_key(*r))
            .take(64)
            .collect();
        for name in &required {
            if !bits.contains(name) {
                parts.push(quote!(if !#m.contains_key(#name) { return false; }));
            }
        }
        let mut arms: Vec<(String, TokenStream)> = Vec::new();
        for (name, code) in &members {
            let bit = bits.iter().position(|b| b == name).map(|i| {
                let bit = Literal::u64_unsuffixed(1u64 << i);
                quote!(#seen |= #bit;)
            });
            let body = match code {
                Some(body) => quote!({ #body #bit }),
                None => quote!({
                    return false;
                }),
            };
            arms.push((name.clone(), body));
        }
        if refuse_others {
            for name in &extra_names {
                arms.push((name.clone(), quote!({})));
            }
        }
        let fallback = fallback.unwrap_or_else(|| quote!({}));
        let loop_ = if arms.is_empty() && !fallback_uses_name {
            quote! {
                for #x in #m.values() {
                    #fallback
                }
            }
        } else {
            let dispatch = member_match(&k, &arms, &fallback);
            quote! {
                for (#k, #x) in #m {
                    #dispatch
                }
            }
        };
        if bits.is_empty() {
            parts.push(loop_);
        } else {
            let mask = if bits.len() == 64 {
                Literal::u64_unsuffixed(u64::MAX)
            } else {
                Literal::u64_unsuffixed((1u64 << bits.len()) - 1)
            };
            parts.push(quote! {
                let mut #seen: u64 = 0;
                #loop_
                if #seen != #mask { return false; }
            });
        }
        Ok(Some(quote!(#(#parts)*)))
    }
}

fn narrow(types: Option<BTreeSet<Ty>>, only: Ty) -> BTreeSet<Ty> {
    match types {
        None => [only].into(),
        Some(t) if t.contains(&only) => [only].into(),
        Some(_) => BTreeSet::new(),
    }
}

fn limit(cx: &Cx, keyword: &str, value: &Value) -> Result<Literal> {
    value.as_u64().map(Literal::u64_unsuffixed).ok_or_else(|| {
        cx.at(keyword)
            .err(format!("{value} is not a non-negative integer"))
    })
}

/// Dispatch on a member name `k` (a `&String`): one block per name, the `fallback` block for
/// any other name; by length first when there are many names.
fn member_match(k: &Ident, arms: &[(String, TokenStream)], fallback: &TokenStream) -> TokenStream {
    let flat = |arms: &[&(String, TokenStream)]| match arms {
        [] => quote!(#fallback),
        [(name, body)] if fallback.to_string() == "{ }" => quote!(if #k == #name #body),
        [(name, body)] => quote!(if #k == #name #body else #fallback),
        _ => {
            let arms = arms.iter().map(|(name, body)| quote!(#name => #body));
            quote! {
                match #k.as_str() {
                    #(#arms)*
                    _ => #fallback
                }
            }
        }
    };
    if arms.len() <= FLAT_MATCH_AT_MOST {
        return flat(&arms.iter().collect::<Vec<_>>());
    }
    let mut by_len: BTreeMap<usize, Vec<&(String, TokenStream)>> = BTreeMap::new();
    for arm in arms {
        by_len.entry(arm.0.len()).or_default().push(arm);
    }
    let groups = by_len.iter().map(|(len, arms)| {
        let len = Literal::usize_unsuffixed(*len);
        let inner = flat(arms);
        quote!(#len => { #inner })
    });
    quote! {
        match #k.len() {
            #(#groups)*
            _ => #fallback
        }
    }
}

/// The generated file for the schemas in `schema_dir`.
pub fn generate(schema_dir: &Path) -> Result<String> {
    let bundle = SchemaBundle::load(schema_dir)?;
    let mut gen = Gen::new(&bundle.defs);
    let mut clean = Vec::new();
    let mut accepted = Vec::new();
    let mut kinds = Vec::new();
    for kind in &bundle.kinds {
        let id = kind.id.as_str();
        kinds.push(id.to_string());
        let (c, a) = if kind.antom_writes() {
            (
                gen.def_fn(Variant::Closed, id)?,
                gen.def_fn(Variant::Documented, &kind.accepted_key())?,
            )
        } else {
            let f = gen.def_fn(Variant::Documented, id)?;
            (f.clone(), f)
        };
        clean.push(quote!(#id => #c(v),));
        accepted.push(quote!(#id => #a(v),));
    }
    gen.run()?;
    let items = &gen.items;
    let pattern_items = &gen.pattern_items;
    let pattern_arms = gen.patterns.iter().map(|(p, f)| quote!(#p => #f(s),));
    let count = kinds.len();
    let tokens = quote! {
        use serde_json::Value;

        /// Every message kind, in catalog order.
        pub(super) const KINDS: [&str; #count] = [#(#kinds),*];

        /// The verdict `Validator::validate` starts from: the documented schema where the
        /// merchant writes, the closed documented schema where Antom writes.
        pub(super) fn clean(kind: &str, v: &Value) -> Option<bool> {
            Some(match kind {
                #(#clean)*
                _ => return None,
            })
        }

        /// The verdict of `Validator::is_valid`: the documented schema where the merchant
        /// writes, the received form where Antom writes.
        pub(super) fn accepted(kind: &str, v: &Value) -> Option<bool> {
            Some(match kind {
                #(#accepted)*
                _ => return None,
            })
        }

        /// Whether `s` matches `pattern`, for each pattern of the schemas.
        pub(super) fn pattern(pattern: &str, s: &str) -> Option<bool> {
            Some(match pattern {
                #(#pattern_arms)*
                _ => return None,
            })
        }

        #(#pattern_items)*
        #(#items)*
    };
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the generated validator does not parse: {e}"))?;
    Ok(format!(
        "// @generated by `{COMMAND}` from schema/ (codegen/src/compiled/); do not edit.\n{}",
        prettyplease::unparse(&file)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The code of `$defs/k`, both variants.
    fn compile(schema: Value) -> Result<String> {
        let defs = json!({ "k": schema });
        let defs = defs.as_object().unwrap();
        let mut gen = Gen::new(defs);
        gen.def_fn(Variant::Documented, "k")?;
        gen.def_fn(Variant::Closed, "k")?;
        gen.run()?;
        let items = &gen.items;
        Ok(quote!(#(#items)*).to_string())
    }

    #[test]
    fn refuses_what_it_does_not_implement_naming_it_and_where() {
        for (schema, what) in [
            (
                json!({"type": "integer", "minimum": 1}),
                "keyword `minimum`",
            ),
            (
                json!({"properties": {"a": {"oneOf": [{}, {}]}}}),
                "keyword `oneOf`",
            ),
            (
                json!({"patternProperties": {"^a": {}}}),
                "keyword `patternProperties`",
            ),
            (
                json!({"properties": {"a": {"format": "uri"}}}),
                "format \"uri\"",
            ),
            (json!({"enum": ["a", 1]}), "non-string value 1"),
            (json!({"const": true}), "non-string value true"),
            (
                json!({"$ref": "#/$defs/k/properties/a"}),
                "is not `#/$defs/<key>`",
            ),
            (json!({"$ref": "#/$defs/nowhere"}), "no $defs/nowhere"),
            (
                json!({"properties": {"a": {}}, "unevaluatedProperties": {"type": "string"}}),
                "only `unevaluatedProperties: false`",
            ),
            (json!({"pattern": "^\\d+$"}), "escaped punctuation"),
            (json!({"type": "decimal"}), "unknown type"),
        ] {
            let err = compile(schema.clone()).expect_err(&schema.to_string());
            assert!(err.contains(what), "{schema}: {err}");
            assert!(err.contains("$defs/k"), "{schema}: {err}");
        }
        let err = compile(json!({"properties": {"a": {"items": {"minimum": 0}}}})).unwrap_err();
        assert!(err.contains("at /properties/a/items"), "{err}");
    }

    #[test]
    fn annotations_and_everything_implemented_compile() {
        let code = compile(json!({
            "$comment": "c", "title": "t", "description": "d",
            "type": "object",
            "required": ["a"],
            "properties": {
                "a": {"type": "string", "maxLength": 3, "minLength": 1, "pattern": "^[a-z]+$"},
                "b": {"type": ["array", "null"], "items": {"enum": ["x", "y"]}, "maxItems": 2, "minItems": 1},
                "c": {"anyOf": [{"type": "integer"}, {"type": "string", "const": "z"}]},
                "d": {"type": "string", "format": "date-time"},
                "e": {"type": "string", "format": "email", "contentMediaType": "application/json", "contentSchema": {"$ref": "#/$defs/k"}},
                "f": {"not": {"type": "null"}},
                "g": {"additionalProperties": {"type": "number"}}
            },
            "allOf": [{"if": {"properties": {"a": {"const": "x"}}}, "then": {"required": ["b"]}, "else": {"required": ["c"]}}]
        }))
        .unwrap();
        assert!(code.contains("fn d_k"), "{code}");
        // Repeated names and values are one check each (a repeated bit would never be set).
        let code = compile(json!({
            "required": ["a", "a"],
            "properties": {"a": {"enum": ["x", "x", "y"]}, "b": {}, "c": {}, "d": {}, "e": {}},
            "additionalProperties": false
        }))
        .unwrap();
        assert!(code.contains("!= 1"), "{code}");
        assert_eq!(code.matches("\"x\"").count(), 2, "{code}");
        assert!(code.contains("fn c_k"), "{code}");
    }
}
