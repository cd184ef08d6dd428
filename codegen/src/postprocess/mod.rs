//! Fixes typify's output where it would lose data or leak it, and adds the construction API.
//!
//! typify 0.8 skips an empty array or map on output (`skip_serializing_if = "Vec::is_empty"`),
//! so `"promotionResult": []` would not survive a round trip, and it cannot tell an absent member
//! from an explicit `null`. Both are fixed here on the syntax tree, struct by struct, from what
//! the schemas say about each member ([`fields`]). The same pass
//!
//! - renames the fields heck mangles (`is3DSAuthentication` would be `is3_ds_authentication`,
//!   [`fields`]),
//! - replaces the derived `Debug` of every struct holding card data or another secret member
//!   (the names of `antom_schema_core::secrets`) or a free JSON map with one that hides those
//!   values ([`redact`]),
//! - writes `new(required...)` when no two required members have the same type, and a builder
//!   with one named setter per required member otherwise, plus a chainable setter per optional
//!   member ([`construction`]),
//! - gives typify's closed enumerations the API of the open ones (`KNOWN`, `as_str`, ...,
//!   [`enums`]).
//!
//! [`syntax`] holds the small readers of typify's syntax tree the others share.

mod construction;
mod enums;
mod fields;
mod redact;
mod syntax;

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit_mut::{self, VisitMut};
use syn::{parse_quote, Item, Type};

use crate::bundle::Bundle;

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
                fields::fix_struct(item, model)?;
                let fields = fields::fields_of(item, model)?;
                if let Some(tokens) = redact::redacting_debug(item, &fields)? {
                    extra.push(tokens);
                }
                extra.push(construction::construction(item, model, &fields)?);
                seen.insert(name);
            }
            Item::Enum(item) => extra.push(enums::closed_enum(item)?),
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
    extra.push(redact::secret_lists());
    Ok(extra)
}
