//! Fixes typify's output where it would lose data or leak it, and adds the construction API.
//!
//! typify 0.8 skips an empty array or map on output (`skip_serializing_if = "Vec::is_empty"`),
//! so `"promotionResult": []` would not survive a round trip, and it cannot tell an absent member
//! from an explicit `null`. Both are fixed here on the syntax tree, struct by struct, from what
//! the schemas say about each member. The same pass
//!
//! - renames the fields heck mangles (`is3DSAuthentication` would be `is3_ds_authentication`),
//! - replaces the derived `Debug` of every struct holding card data or another secret member
//!   (see [`SECRET_MEMBERS`]) or a free JSON map with one that hides those values,
//! - writes `new(required...)` when no two required members have the same type, and a builder
//!   with one named setter per required member otherwise, plus a chainable setter per optional
//!   member,
//! - gives typify's closed enumerations the API of the open ones (`KNOWN`, `as_str`, ...).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{
    parse_quote, Attribute, Fields, GenericArgument, Ident, Item, ItemEnum, ItemStruct, LitStr,
    PathArguments, Token, Type,
};

use crate::bundle::{Bundle, ObjectModel};

/// `serde_json::Map` only holds `Value`s: maps of typed values (`amountLimitInfoMap`) become
/// `BTreeMap`s, which keeps the output deterministic.
struct TypedMaps;

impl VisitMut for TypedMaps {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        visit_mut::visit_type_mut(self, ty);
        let Type::Path(path) = ty else { return };
        let text = quote!(#path).to_string().replace(' ', "");
        if !text.starts_with("::serde_json::Map<") || text.ends_with(",::serde_json::Value>") {
            return;
        }
        let last = path.path.segments.last().expect("a path has a segment");
        let args = &last.arguments;
        *ty = parse_quote!(::std::collections::BTreeMap #args);
    }
}

/// Member names whose value is a card number: `Debug` shows at most its first six and last four
/// digits. Names are normalized: ASCII letters and digits only, lower-cased.
pub const CARD_NUMBER_MEMBERS: &[&str] = &["cardno", "cardnumber", "pan", "primaryaccountnumber"];

/// Member names whose whole value `Debug` replaces with `[redacted]` (normalized as above):
/// verification codes, expiry dates and PINs (the lists of `antom_schema::mask`), cardholder
/// and account-holder data, account numbers, one-time codes (BLIK, verification), the Brazilian
/// CPF, 3-D Secure cryptograms and stored-card tokens.
pub const SECRET_MEMBERS: &[&str] = &[
    // Card verification codes.
    "cvv",
    "cvv2",
    "cvc",
    "cvc2",
    "cid",
    "csc",
    "securitycode",
    "cardsecuritycode",
    "cardverificationvalue",
    // Expiry dates and PINs.
    "expirymonth",
    "expiryyear",
    "expirydate",
    "expiry",
    "expirationmonth",
    "expirationyear",
    "expirationdate",
    "expiration",
    "expmonth",
    "expyear",
    "expdate",
    "cardexpiry",
    "cardexpirydate",
    "pin",
    // Cardholder and bank-account data.
    "cardholdername",
    "accountholdername",
    "accountno",
    "accountnumber",
    "refundsourceaccountno",
    // One-time codes and personal identifiers.
    "blikcode",
    "authenticationcode",
    "cpf",
    // 3-D Secure cryptograms.
    "cavv",
    // Tokens standing for a stored card or a session.
    "cardtoken",
    "acquirercardtoken",
    "paymentmethodid",
    "paymentsessiondata",
];

/// Rust field names for wire names heck's snake_case mangles (`threeDStransactionStatusReason`
/// is not camelCase; digits are split off the wrong side). [`check_field_name`] refuses any new
/// mangled name, so this list cannot fall behind the schemas.
const FIELD_NAMES: &[(&str, &str)] = &[
    ("is3DSAuthentication", "is_3ds_authentication"),
    (
        "threeDStransactionStatusReason",
        "three_ds_transaction_status_reason",
    ),
    ("orderCountIn1H", "order_count_in_1h"),
    ("orderCountIn24H", "order_count_in_24h"),
    ("customer2088Id", "customer_2088_id"),
];

/// Members that get no generated setter, with the method that sets them instead.
const NO_SETTER: &[(&str, &str, &str)] = &[(
    "PaymentMethod",
    "paymentMethodMetaData",
    "its shape must agree with paymentMethodType: PaymentMethod::card, ::blik, ..., set_metadata",
)];

/// How `Debug` shows a member.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shown {
    Plain,
    /// First six and last four digits at most.
    CardNumber,
    /// `[redacted]`.
    Hidden,
    /// A free JSON map: secret members inside hidden, card numbers cut.
    Json,
}

fn normalized(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// How the member with this wire name is shown, from its name (and type, for card numbers).
fn shown(json: Option<&str>, ty: &Type) -> Shown {
    let (_, inner) = strip_options(ty);
    if is_json(inner) {
        return Shown::Json;
    }
    let Some(json) = json else {
        return Shown::Plain;
    };
    let name = normalized(json);
    if CARD_NUMBER_MEMBERS.contains(&name.as_str()) {
        if is_string(inner) {
            Shown::CardNumber
        } else {
            Shown::Hidden
        }
    } else if SECRET_MEMBERS.contains(&name.as_str()) {
        Shown::Hidden
    } else {
        Shown::Plain
    }
}

pub fn run(file: &mut syn::File, bundle: &Bundle) -> Result<Vec<TokenStream>, String> {
    TypedMaps.visit_file_mut(file);
    let mut extra = Vec::new();
    let mut seen = BTreeSet::new();
    let struct_names: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    for item in &mut file.items {
        match item {
            Item::Struct(item) => {
                let name = item.ident.to_string();
                // Every struct must stand for an object model: one typify invented (from an
                // inline object schema) would escape the fixes below.
                let model = bundle.objects.get(&name).ok_or_else(|| {
                    format!("typify made a struct {name} that no schema file defines; give the inline object its own file in schema/defs")
                })?;
                if struct_names.contains(&format!("{name}Builder")) {
                    return Err(format!(
                        "{name}Builder is both a schema model and the builder of {name}"
                    ));
                }
                fix_struct(item, model)?;
                let fields = fields_of(item, model)?;
                if let Some(tokens) = redacting_debug(item, &fields)? {
                    extra.push(tokens);
                }
                extra.push(construction(item, model, &fields)?);
                seen.insert(name);
            }
            Item::Enum(item) => extra.push(closed_enum(item)?),
            Item::Mod(module) if module.ident == "error" => {
                module.attrs.push(parse_quote!(
                    #[doc = " The error of the `FromStr` and `TryFrom<&str>` conversions of the closed enumerations."]
                ));
            }
            _ => {}
        }
    }
    if let Some(missing) = bundle.objects.keys().find(|name| !seen.contains(*name)) {
        return Err(format!(
            "typify made no struct for the object model {missing}"
        ));
    }
    extra.push(secret_lists());
    Ok(extra)
}

/// The member-name lists, for hiding secrets inside free JSON maps at run time.
fn secret_lists() -> TokenStream {
    let cards = CARD_NUMBER_MEMBERS;
    let secrets = SECRET_MEMBERS;
    quote! {
        /// Normalized names (ASCII letters and digits, lower-cased) of members holding a card
        /// number: `Debug` shows at most the first six and last four digits.
        pub(crate) const CARD_NUMBER_MEMBERS: &[&str] = &[#(#cards),*];
        /// Normalized names of members whose whole value `Debug` hides.
        pub(crate) const SECRET_MEMBERS: &[&str] = &[#(#secrets),*];
    }
}

/// What a field's `#[serde(...)]` says.
#[derive(Default)]
struct FieldSerde {
    rename: Option<String>,
    flatten: bool,
}

fn field_serde(attrs: &[Attribute]) -> Result<FieldSerde, String> {
    let mut out = FieldSerde::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                out.rename = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("flatten") {
                out.flatten = true;
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        })
        .map_err(|e| format!("unexpected serde attribute from typify: {e}"))?;
    }
    Ok(out)
}

/// serde's `rename_all = "camelCase"` applied to a snake_case field name.
fn serde_camel(field: &str) -> String {
    let mut out = String::new();
    let mut capitalize = false;
    for (i, ch) in field.chars().enumerate() {
        if ch == '_' {
            capitalize = i > 0;
        } else if capitalize {
            out.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            out.push(ch);
        }
    }
    out
}

fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

/// The number of `Option` layers around a type, and the type inside them.
fn strip_options(ty: &Type) -> (usize, &Type) {
    let mut depth = 0;
    let mut ty = ty;
    while let Some(inner) = option_inner(ty) {
        depth += 1;
        ty = inner;
    }
    (depth, ty)
}

fn last_segment_is(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name))
}

fn is_string(ty: &Type) -> bool {
    last_segment_is(ty, "String")
}

fn is_scalar(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.len() == 2
        && p.path.segments[0].ident == "crate"
        && p.path.segments[1].ident == "Scalar")
}

/// A free JSON value or object (`serde_json::Map<String, Value>`, `serde_json::Value`).
fn is_json(ty: &Type) -> bool {
    let text = quote!(#ty).to_string().replace(' ', "");
    text == "::serde_json::Value"
        || text == "::serde_json::Map<::std::string::String,::serde_json::Value>"
}

/// A snake_case name heck made from digits or an irregular capitalisation: a one-letter word
/// (`three_d_stransaction`) or a word starting with a digit glued to the word before
/// (`is3_ds`, `order_count_in1_h`). `address1` and `customized_field1` are fine.
fn check_field_name(struct_name: &str, json: &str, rust: &str) -> Result<(), String> {
    let words: Vec<&str> = rust.split('_').collect();
    let one_letter = words.iter().any(|w| w.len() == 1);
    let digit_then_word = words.windows(2).any(|pair| {
        pair[0].ends_with(|c: char| c.is_ascii_digit())
            && !pair[0].starts_with(|c: char| c.is_ascii_digit())
    });
    if one_letter || digit_then_word {
        return Err(format!(
            "{struct_name}.{json}: heck names the field `{rust}`; add a readable name to FIELD_NAMES in codegen/src/postprocess.rs"
        ));
    }
    Ok(())
}

fn fix_struct(item: &mut ItemStruct, model: &ObjectModel) -> Result<(), String> {
    let struct_name = item.ident.to_string();
    let deny = item.attrs.iter().any(|a| {
        a.path().is_ident("serde") && a.to_token_stream_string().contains("deny_unknown_fields")
    });
    if deny != model.closed {
        return Err(format!(
            "{struct_name}: typify's deny_unknown_fields ({deny}) disagrees with additionalProperties: false ({})",
            model.closed
        ));
    }
    item.attrs.retain(|a| !a.path().is_ident("serde"));
    if model.closed {
        item.attrs
            .push(parse_quote!(#[serde(rename_all = "camelCase", deny_unknown_fields)]));
    } else {
        item.attrs
            .push(parse_quote!(#[serde(rename_all = "camelCase")]));
    }
    if model.required.is_empty() {
        add_default_derive(item);
    }

    let Fields::Named(fields) = &mut item.fields else {
        return Err(format!("{struct_name}: expected named fields"));
    };
    for field in &mut fields.named {
        let serde = field_serde(&field.attrs)?;
        field.attrs.retain(|a| !a.path().is_ident("serde"));
        if serde.flatten {
            field.attrs.push(parse_quote!(
                #[doc = " Members the schema does not declare, kept as received so that nothing is lost on a round trip."]
            ));
            field.attrs.push(parse_quote!(#[serde(flatten)]));
            continue;
        }
        let ident = field.ident.as_ref().expect("named field");
        let typify_name = ident.to_string();
        let typify_name = typify_name.trim_start_matches("r#");
        let json = serde.rename.unwrap_or_else(|| typify_name.to_string());
        let rust_name = match FIELD_NAMES.iter().find(|(wire, _)| *wire == json) {
            Some((_, rust)) => rust.to_string(),
            None => {
                check_field_name(&struct_name, &json, typify_name)?;
                typify_name.to_string()
            }
        };
        if rust_name != typify_name {
            field.ident = Some(format_ident!("{rust_name}"));
        }
        let prop = model.props.get(&json).ok_or_else(|| {
            format!("{struct_name}.{rust_name}: typify made a field for `{json}`, which the schema does not declare")
        })?;
        let mut args: Vec<TokenStream> = Vec::new();
        if serde_camel(&rust_name) != json {
            args.push(quote!(rename = #json));
        }
        if !prop.required {
            let ty = field.ty.clone();
            if prop.nullable {
                // Absent is `None`, an explicit `null` is `Some(None)`.
                field.ty = parse_quote!(::std::option::Option<#ty>);
                args.push(quote!(default, with = "crate::nullable"));
                field.attrs.push(parse_quote!(
                    #[doc = ""]
                ));
                field.attrs.push(parse_quote!(
                    #[doc = " `None`: absent; `Some(None)`: an explicit `null`."]
                ));
            } else if option_inner(&ty).is_none() {
                // typify gives optional arrays and maps an empty default and skips them when
                // empty; an explicit `[]` or `{}` must come back out.
                field.ty = parse_quote!(::std::option::Option<#ty>);
            }
            args.push(quote!(
                skip_serializing_if = "::std::option::Option::is_none"
            ));
        }
        if !args.is_empty() {
            field.attrs.push(parse_quote!(#[serde(#(#args),*)]));
        }
    }
    Ok(())
}

fn derive_list(item_attrs: &[Attribute]) -> Punctuated<syn::Path, Token![,]> {
    item_attrs
        .iter()
        .find(|a| a.path().is_ident("derive"))
        .expect("typify derives on every struct")
        .parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        .expect("a derive list")
}

fn set_derive_list(item_attrs: &mut [Attribute], paths: Punctuated<syn::Path, Token![,]>) {
    let derive = item_attrs
        .iter_mut()
        .find(|a| a.path().is_ident("derive"))
        .expect("typify derives on every struct");
    *derive = parse_quote!(#[derive(#paths)]);
}

fn add_default_derive(item: &mut ItemStruct) {
    let mut paths = derive_list(&item.attrs);
    if !paths.iter().any(|p| p.is_ident("Default")) {
        paths.push(parse_quote!(Default));
        set_derive_list(&mut item.attrs, paths);
    }
}

trait AttrText {
    fn to_token_stream_string(&self) -> String;
}

impl AttrText for Attribute {
    fn to_token_stream_string(&self) -> String {
        quote!(#self).to_string()
    }
}

/// One field of a generated struct, after [`fix_struct`].
struct FieldInfo {
    ident: Ident,
    /// The wire name; `None` for the flattened map of undeclared members.
    json: Option<String>,
    ty: Type,
    required: bool,
    /// The field's documentation, one line per `#[doc]`.
    doc: Vec<String>,
}

fn doc_lines(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn fields_of(item: &ItemStruct, model: &ObjectModel) -> Result<Vec<FieldInfo>, String> {
    let Fields::Named(fields) = &item.fields else {
        return Err(format!("{}: expected named fields", item.ident));
    };
    let mut out = Vec::new();
    for field in &fields.named {
        let serde = field_serde(&field.attrs)?;
        let ident = field.ident.clone().expect("named field");
        let json = if serde.flatten {
            None
        } else {
            Some(
                serde
                    .rename
                    .unwrap_or_else(|| serde_camel(ident.to_string().trim_start_matches("r#"))),
            )
        };
        let required = json.as_ref().is_some_and(|j| model.required.contains(j));
        out.push(FieldInfo {
            ident,
            json,
            ty: field.ty.clone(),
            required,
            doc: doc_lines(&field.attrs),
        });
    }
    for required in &model.required {
        if !out
            .iter()
            .any(|f| f.json.as_deref() == Some(required.as_str()))
        {
            return Err(format!(
                "{}: required `{required}` has no field",
                item.ident
            ));
        }
    }
    Ok(out)
}

/// A `Debug` that hides secret members, for a struct that holds one (or a free JSON map);
/// `None` leaves typify's derived `Debug`.
fn redacting_debug(
    item: &mut ItemStruct,
    fields: &[FieldInfo],
) -> Result<Option<TokenStream>, String> {
    let shown: Vec<Shown> = fields
        .iter()
        .map(|f| shown(f.json.as_deref(), &f.ty))
        .collect();
    if shown.iter().all(|s| *s == Shown::Plain) {
        return Ok(None);
    }
    let mut paths = derive_list(&item.attrs);
    let before = paths.len();
    paths = paths.into_iter().filter(|p| !p.is_ident("Debug")).collect();
    if paths.len() == before {
        return Err(format!("{}: typify did not derive Debug", item.ident));
    }
    set_derive_list(&mut item.attrs, paths);

    let name = &item.ident;
    let name_text = name.to_string();
    let entries = fields.iter().zip(&shown).map(|(field, shown)| {
        let ident = &field.ident;
        let label = ident.to_string().trim_start_matches("r#").to_string();
        let (depth, _) = strip_options(&field.ty);
        let value = match shown {
            Shown::Plain => quote!(&self.#ident),
            Shown::CardNumber => wrap_options(
                quote!(self.#ident),
                depth,
                quote!(crate::redact::CardNumber),
            ),
            Shown::Hidden => wrap_options(
                quote!(self.#ident),
                depth,
                quote!(crate::redact::Redacted::of),
            ),
            Shown::Json => wrap_options(quote!(self.#ident), depth, quote!(crate::redact::Json)),
        };
        quote!(.field(#label, #value))
    });
    Ok(Some(quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name_text)
                    #(#entries)*
                    .finish()
            }
        }
    }))
}

/// `&wrap(&expr)` under `depth` layers of `Option` (`&expr.as_ref().map(wrap)`, ...); `wrap`
/// is the path of a function or tuple struct taking a reference.
fn wrap_options(expr: TokenStream, depth: usize, wrap: TokenStream) -> TokenStream {
    if depth == 0 {
        return quote!(&#wrap(&#expr));
    }
    let mut mapped = quote!(v.as_ref().map(#wrap));
    for _ in 2..depth {
        mapped = quote!(v.as_ref().map(|v| #mapped));
    }
    if depth == 1 {
        quote!(&#expr.as_ref().map(#wrap))
    } else {
        quote!(&#expr.as_ref().map(|v| #mapped))
    }
}

/// How a setter takes a value of type `ty`: the parameter type, and whether the argument goes
/// through `Into` (strings and scalars: `"..."`, `true`, `20`).
fn setter_param(ty: &Type) -> (TokenStream, bool) {
    if is_string(ty) {
        (
            quote!(impl ::std::convert::Into<::std::string::String>),
            true,
        )
    } else if is_scalar(ty) {
        (quote!(impl ::std::convert::Into<#ty>), true)
    } else {
        (quote!(#ty), false)
    }
}

fn converted(expr: TokenStream, into: bool) -> TokenStream {
    if into {
        quote!(#expr.into())
    } else {
        expr
    }
}

/// A field's documentation as setter documentation: "Sets `json` (what)." followed by the
/// field's own text.
fn setter_doc(field: &FieldInfo, what: &str) -> Vec<String> {
    let json = field.json.as_deref().unwrap_or_default();
    let mut doc = vec![format!(" Sets `{json}` ({what}).")];
    if !field.doc.is_empty() {
        doc.push(String::new());
        doc.extend(field.doc.iter().map(|line| match line.strip_prefix(' ') {
            Some(_) => line.clone(),
            None => format!(" {line}"),
        }));
    }
    doc
}

/// `new` or a builder for the required members, and one setter per optional member.
fn construction(
    item: &ItemStruct,
    model: &ObjectModel,
    fields: &[FieldInfo],
) -> Result<TokenStream, String> {
    let name = &item.ident;
    let name_text = name.to_string();
    let required: Vec<&FieldInfo> = model
        .required
        .iter()
        .map(|r| {
            fields
                .iter()
                .find(|f| f.json.as_deref() == Some(r.as_str()))
                .expect("checked by fields_of")
        })
        .collect();
    let optional: Vec<&FieldInfo> = fields.iter().filter(|f| !f.required).collect();
    let defaults = optional.iter().map(|f| {
        let ident = &f.ident;
        quote!(#ident: ::std::default::Default::default())
    });
    let listed = model
        .required
        .iter()
        .map(|r| format!("`{r}`"))
        .collect::<Vec<_>>()
        .join(", ");

    let mut out = TokenStream::new();
    if !required.is_empty() {
        let params: Vec<(TokenStream, bool)> =
            required.iter().map(|f| setter_param(&f.ty)).collect();
        let distinct: BTreeSet<String> = params.iter().map(|(p, _)| p.to_string()).collect();
        if distinct.len() == params.len() {
            // No two required members can be swapped: positional arguments are safe.
            let args = required.iter().zip(&params).map(|(f, (ty, _))| {
                let ident = &f.ident;
                quote!(#ident: #ty)
            });
            let inits = required.iter().zip(&params).map(|(f, (_, into))| {
                let ident = &f.ident;
                if *into {
                    quote!(#ident: #ident.into())
                } else {
                    quote!(#ident)
                }
            });
            let doc = if required.len() == 1 {
                format!(
                    " Builds a `{name_text}` from its required member ({listed}); every optional member starts absent."
                )
            } else {
                format!(
                    " Builds a `{name_text}` from its required members ({listed}), whose types all differ, so no two can be swapped; every optional member starts absent."
                )
            };
            out.extend(quote! {
                impl #name {
                    #[doc = #doc]
                    pub fn new(#(#args),*) -> Self {
                        Self { #(#inits,)* #(#defaults),* }
                    }
                }
            });
        } else {
            out.extend(builder(
                name,
                &listed,
                &required,
                &params,
                defaults.collect(),
            ));
        }
    }

    let setters = optional
        .iter()
        .filter(|f| {
            !NO_SETTER
                .iter()
                .any(|(s, m, _)| *s == name_text && f.json.as_deref() == Some(*m))
        })
        .filter(|f| f.json.is_some())
        .map(|f| {
            let ident = &f.ident;
            let (depth, inner) = strip_options(&f.ty);
            let (param, into) = setter_param(inner);
            let mut value = converted(quote!(value), into);
            for _ in 0..depth {
                value = quote!(::std::option::Option::Some(#value));
            }
            let doc = setter_doc(f, "optional");
            quote! {
                #(#[doc = #doc])*
                #[must_use]
                pub fn #ident(mut self, value: #param) -> Self {
                    self.#ident = #value;
                    self
                }
            }
        })
        .collect::<Vec<_>>();
    for f in &optional {
        if matches!(f.ident.to_string().as_str(), "new" | "builder") {
            return Err(format!(
                "{name_text}.{}: a setter of that name would hide the constructor",
                f.ident
            ));
        }
    }
    if !setters.is_empty() {
        out.extend(quote! {
            /// Chainable setters of the optional members: each consumes the value, sets the
            /// member and returns the value.
            impl #name {
                #(#setters)*
            }
        });
    }
    Ok(out)
}

/// A typestate builder: one type parameter per required member, [`Missing`] until set; `build`
/// exists only when every one is set.
fn builder(
    name: &Ident,
    listed: &str,
    required: &[&FieldInfo],
    params: &[(TokenStream, bool)],
    defaults: Vec<TokenStream>,
) -> TokenStream {
    let builder = format_ident!("{name}Builder");
    let n = required.len();
    let generics: Vec<Ident> = (0..n).map(|i| format_ident!("R{i}")).collect();
    let idents: Vec<&Ident> = required.iter().map(|f| &f.ident).collect();
    let missing = quote!(crate::Missing);
    let struct_doc = [
        format!(" Builds a [`{name}`]: one setter per required member ({listed}), in any order, then `build()`."),
        String::new(),
        " Each type parameter stands for one required member, in that order, and is [`Missing`](crate::Missing) until its setter is called. `build()` exists only once none is `Missing`, so leaving a member out does not compile, and a setter takes a member only once. Optional members are set on the built value with its own setters.".to_string(),
    ];
    let builder_fn_doc = format!(
        " Starts building a `{name}`: set every required member ({listed}) by name, then call `build()`."
    );
    let fields_decl = idents
        .iter()
        .zip(&generics)
        .map(|(ident, g)| quote!(#ident: #g));
    let setters = (0..n).map(|i| {
        let field = required[i];
        let ident = &field.ident;
        let (param, into) = &params[i];
        let conv = converted(quote!(value), *into);
        let ty = &field.ty;
        let free: Vec<&Ident> = generics
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, g)| g)
            .collect();
        let before =
            generics.iter().enumerate().map(
                |(j, g)| {
                    if j == i {
                        missing.clone()
                    } else {
                        quote!(#g)
                    }
                },
            );
        let after = generics
            .iter()
            .enumerate()
            .map(|(j, g)| if j == i { quote!(#ty) } else { quote!(#g) });
        let moves = idents.iter().enumerate().map(|(j, other)| {
            if j == i {
                quote!(#other: #conv)
            } else {
                quote!(#other: self.#other)
            }
        });
        let doc = setter_doc(field, "required");
        quote! {
            impl<#(#free),*> #builder<#(#before),*> {
                #(#[doc = #doc])*
                pub fn #ident(self, value: #param) -> #builder<#(#after),*> {
                    #builder { #(#moves),* }
                }
            }
        }
    });
    let types = required.iter().map(|f| &f.ty);
    let build_doc = format!(
        " The `{name}`, every optional member absent (set them with the setters of [`{name}`])."
    );
    quote! {
        #(#[doc = #struct_doc])*
        #[must_use = "a builder does nothing until `build()` is called"]
        pub struct #builder<#(#generics = #missing),*> {
            #(#fields_decl),*
        }

        impl #name {
            #[doc = #builder_fn_doc]
            pub fn builder() -> #builder {
                #builder { #(#idents: #missing),* }
            }
        }

        #(#setters)*

        impl #builder<#(#types),*> {
            #[doc = #build_doc]
            pub fn build(self) -> #name {
                #name { #(#idents: self.#idents,)* #(#defaults),* }
            }
        }
    }
}

/// The API the open enumerations have (`KNOWN`, `as_str`, `is_unknown`, `AsRef<str>`,
/// [`WireEnum`](crate::WireEnum)), for one of typify's closed enumerations; its variants get
/// their wire value as documentation.
fn closed_enum(item: &mut ItemEnum) -> Result<TokenStream, String> {
    let name = &item.ident;
    let mut values = Vec::new();
    for variant in &mut item.variants {
        if !matches!(variant.fields, Fields::Unit) {
            return Err(format!(
                "{name}::{}: expected a unit variant",
                variant.ident
            ));
        }
        let serde = field_serde(&variant.attrs)?;
        let value = serde.rename.unwrap_or_else(|| variant.ident.to_string());
        if doc_lines(&variant.attrs).is_empty() {
            let doc = format!(" `{value}`");
            variant.attrs.insert(0, parse_quote!(#[doc = #doc]));
        }
        values.push((variant.ident.clone(), value));
    }
    let arms = values.iter().map(|(v, value)| quote!(Self::#v => #value,));
    let known = values.iter().map(|(_, value)| value);
    Ok(quote! {
        impl #name {
            /// Every value the schema lists, as sent on the wire.
            pub const KNOWN: &'static [&'static str] = &[#(#known),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }

            /// Always `false`: the enumeration is closed, so a value it does not list is a
            /// parse error instead.
            pub fn is_unknown(&self) -> bool {
                false
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl crate::WireEnum for #name {
            const KNOWN: &'static [&'static str] = #name::KNOWN;
            fn as_str(&self) -> &str {
                #name::as_str(self)
            }
            fn is_unknown(&self) -> bool {
                false
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mangled_names_are_refused() {
        assert!(check_field_name("S", "is3DSAuthentication", "is3_ds_authentication").is_err());
        assert!(check_field_name("S", "x", "three_d_stransaction_status_reason").is_err());
        assert!(check_field_name("S", "x", "order_count_in24_h").is_err());
        assert!(check_field_name("S", "x", "customer2088_id").is_err());
        assert!(check_field_name("S", "address1", "address1").is_ok());
        assert!(check_field_name("S", "customizedField1", "customized_field1").is_ok());
        assert!(check_field_name("S", "x", "is_3ds_authentication").is_ok());
        for (json, rust) in FIELD_NAMES {
            check_field_name("S", json, rust).unwrap();
        }
    }

    #[test]
    fn secret_members_by_name() {
        let string: Type = parse_quote!(::std::string::String);
        let option: Type = parse_quote!(::std::option::Option<::std::string::String>);
        let user: Type = parse_quote!(::std::option::Option<UserName>);
        assert_eq!(shown(Some("cardNo"), &string), Shown::CardNumber);
        assert_eq!(shown(Some("cardNo"), &option), Shown::CardNumber);
        assert_eq!(shown(Some("cvv"), &option), Shown::Hidden);
        assert_eq!(shown(Some("expiryMonth"), &string), Shown::Hidden);
        assert_eq!(shown(Some("cardholderName"), &user), Shown::Hidden);
        assert_eq!(shown(Some("blikCode"), &string), Shown::Hidden);
        assert_eq!(shown(Some("cardBrand"), &option), Shown::Plain);
        let map: Type = parse_quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>);
        assert_eq!(shown(None, &map), Shown::Json);
    }
}
