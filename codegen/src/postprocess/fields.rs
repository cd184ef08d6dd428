//! Struct by struct, the fields of typify's output made to say what the schema says: wire
//! names heck mangles renamed, optional members that keep an explicit `[]`, `{}` or `null`,
//! closed objects that refuse undeclared members.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{parse_quote, Fields, Ident, ItemStruct, Type};

use super::syntax::{add_default_derive, doc_lines, field_serde, option_inner, AttrText};
use crate::bundle::ObjectModel;

/// Rust field names for wire names heck's snake_case mangles (`threeDStransactionStatusReason`
/// is not camelCase; digits are split off the wrong side). [`check_field_name`] refuses any new
/// mangled name, so this list cannot fall behind the schemas.
pub(super) const FIELD_NAMES: &[(&str, &str)] = &[
    ("is3DSAuthentication", "is_3ds_authentication"),
    (
        "threeDStransactionStatusReason",
        "three_ds_transaction_status_reason",
    ),
    ("orderCountIn1H", "order_count_in_1h"),
    ("orderCountIn24H", "order_count_in_24h"),
    ("customer2088Id", "customer_2088_id"),
];

/// serde's `rename_all = "camelCase"` applied to a snake_case field name.
pub(super) fn serde_camel(field: &str) -> String {
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

/// A snake_case name heck made from digits or an irregular capitalisation: a one-letter word
/// (`three_d_stransaction`) or a word starting with a digit glued to the word before
/// (`is3_ds`, `order_count_in1_h`). `address1` and `customized_field1` are fine.
pub(super) fn check_field_name(struct_name: &str, json: &str, rust: &str) -> Result<(), String> {
    let words: Vec<&str> = rust.split('_').collect();
    let one_letter = words.iter().any(|w| w.len() == 1);
    let digit_then_word = words.windows(2).any(|pair| {
        pair[0].ends_with(|c: char| c.is_ascii_digit())
            && !pair[0].starts_with(|c: char| c.is_ascii_digit())
    });
    if one_letter || digit_then_word {
        return Err(format!(
            "{struct_name}.{json}: heck names the field `{rust}`; add a readable name to FIELD_NAMES in codegen/src/postprocess/fields.rs"
        ));
    }
    Ok(())
}

pub(super) fn fix_struct(item: &mut ItemStruct, model: &ObjectModel) -> Result<(), String> {
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

/// One field of a generated struct, after [`fix_struct`].
pub(super) struct FieldInfo {
    pub(super) ident: Ident,
    /// The wire name; `None` for the flattened map of undeclared members.
    pub(super) json: Option<String>,
    pub(super) ty: Type,
    pub(super) required: bool,
    /// The field's documentation, one line per `#[doc]`.
    pub(super) doc: Vec<String>,
}

pub(super) fn fields_of(item: &ItemStruct, model: &ObjectModel) -> Result<Vec<FieldInfo>, String> {
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
}
