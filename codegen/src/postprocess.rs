//! Fixes typify's output where it would lose data, and adds constructors.
//!
//! typify 0.8 skips an empty array or map on output (`skip_serializing_if = "Vec::is_empty"`),
//! so `"promotionResult": []` would not survive a round trip, and it cannot tell an absent member
//! from an explicit `null`. Both are fixed here on the syntax tree, struct by struct, from what
//! the schemas say about each member.

use proc_macro2::TokenStream;
use quote::quote;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{
    parse_quote, Attribute, Fields, GenericArgument, Item, ItemStruct, LitStr, PathArguments,
    Token, Type,
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

pub fn run(file: &mut syn::File, bundle: &Bundle) -> Result<Vec<TokenStream>, String> {
    TypedMaps.visit_file_mut(file);
    let mut constructors = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for item in &mut file.items {
        let Item::Struct(item) = item else { continue };
        let name = item.ident.to_string();
        // Every struct must stand for an object model: one typify invented (from an inline
        // object schema) would escape the fixes below.
        let model = bundle.objects.get(&name).ok_or_else(|| {
            format!("typify made a struct {name} that no schema file defines; give the inline object its own file in schema/defs")
        })?;
        fix_struct(item, model)?;
        if let Some(tokens) = constructor(item, model)? {
            constructors.push(tokens);
        }
        seen.insert(name);
    }
    if let Some(missing) = bundle.objects.keys().find(|name| !seen.contains(*name)) {
        return Err(format!(
            "typify made no struct for the object model {missing}"
        ));
    }
    Ok(constructors)
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

fn is_string(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "String"))
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
        let rust_name = ident.to_string();
        let rust_name = rust_name.trim_start_matches("r#");
        let json = serde.rename.unwrap_or_else(|| rust_name.to_string());
        let prop = model.props.get(&json).ok_or_else(|| {
            format!("{struct_name}.{rust_name}: typify made a field for `{json}`, which the schema does not declare")
        })?;
        let mut args: Vec<TokenStream> = Vec::new();
        if serde_camel(rust_name) != json {
            args.push(quote!(rename = #json));
        }
        if !prop.required {
            let ty = field.ty.clone();
            if prop.nullable {
                // Absent is `None`, an explicit `null` is `Some(None)`.
                field.ty = parse_quote!(::std::option::Option<#ty>);
                args.push(quote!(default, with = "crate::nullable"));
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

fn add_default_derive(item: &mut ItemStruct) {
    let derive = item
        .attrs
        .iter_mut()
        .find(|a| a.path().is_ident("derive"))
        .expect("typify derives on every struct");
    let mut paths = derive
        .parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        .expect("a derive list");
    if !paths.iter().any(|p| p.is_ident("Default")) {
        paths.push(parse_quote!(Default));
        *derive = parse_quote!(#[derive(#paths)]);
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

/// `new(required members...)`: every optional member starts absent.
fn constructor(item: &ItemStruct, model: &ObjectModel) -> Result<Option<TokenStream>, String> {
    if model.required.is_empty() {
        return Ok(None);
    }
    let Fields::Named(fields) = &item.fields else {
        return Ok(None);
    };
    let mut by_json = Vec::new();
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
        by_json.push((json, ident, field.ty.clone()));
    }
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for required in &model.required {
        let (_, ident, ty) = by_json
            .iter()
            .find(|(json, _, _)| json.as_deref() == Some(required.as_str()))
            .ok_or_else(|| format!("{}: required `{required}` has no field", item.ident))?;
        if is_string(ty) {
            params.push(quote!(#ident: impl ::std::convert::Into<::std::string::String>));
            inits.push(quote!(#ident: #ident.into()));
        } else {
            params.push(quote!(#ident: #ty));
            inits.push(quote!(#ident));
        }
    }
    for (json, ident, _) in &by_json {
        if json.as_ref().is_some_and(|j| model.required.contains(j)) {
            continue;
        }
        inits.push(quote!(#ident: ::std::default::Default::default()));
    }
    let name = &item.ident;
    let doc = format!(
        " Builds a `{name}` from its required members ({}); every optional member starts absent.",
        model
            .required
            .iter()
            .map(|r| format!("`{r}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(Some(quote! {
        impl #name {
            #[doc = #doc]
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }))
}
