//! Small readers and writers of typify's syntax tree: what a `#[serde(...)]` says, the
//! `Option` layers and kind of a type, the derive list, documentation lines.

use quote::quote;
use syn::punctuated::Punctuated;
use syn::{
    parse_quote, Attribute, GenericArgument, ItemStruct, LitStr, PathArguments, Token, Type,
};

/// What a field's `#[serde(...)]` says.
#[derive(Default)]
pub(super) struct FieldSerde {
    pub(super) rename: Option<String>,
    pub(super) flatten: bool,
}

pub(super) fn field_serde(attrs: &[Attribute]) -> Result<FieldSerde, String> {
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

pub(super) fn option_inner(ty: &Type) -> Option<&Type> {
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
pub(super) fn strip_options(ty: &Type) -> (usize, &Type) {
    let mut depth = 0;
    let mut ty = ty;
    while let Some(inner) = option_inner(ty) {
        depth += 1;
        ty = inner;
    }
    (depth, ty)
}

pub(super) fn last_segment_is(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name))
}

pub(super) fn is_string(ty: &Type) -> bool {
    last_segment_is(ty, "String")
}

pub(super) fn is_scalar(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.len() == 2
        && p.path.segments[0].ident == "crate"
        && p.path.segments[1].ident == "Scalar")
}

/// A free JSON value or object (`serde_json::Map<String, Value>`, `serde_json::Value`).
pub(super) fn is_json(ty: &Type) -> bool {
    let text = quote!(#ty).to_string().replace(' ', "");
    text == "::serde_json::Value"
        || text == "::serde_json::Map<::std::string::String,::serde_json::Value>"
}

pub(super) fn derive_list(item_attrs: &[Attribute]) -> Punctuated<syn::Path, Token![,]> {
    item_attrs
        .iter()
        .find(|a| a.path().is_ident("derive"))
        .expect("typify derives on every struct")
        .parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        .expect("a derive list")
}

pub(super) fn set_derive_list(
    item_attrs: &mut [Attribute],
    paths: Punctuated<syn::Path, Token![,]>,
) {
    let derive = item_attrs
        .iter_mut()
        .find(|a| a.path().is_ident("derive"))
        .expect("typify derives on every struct");
    *derive = parse_quote!(#[derive(#paths)]);
}

pub(super) fn add_default_derive(item: &mut ItemStruct) {
    let mut paths = derive_list(&item.attrs);
    if !paths.iter().any(|p| p.is_ident("Default")) {
        paths.push(parse_quote!(Default));
        set_derive_list(&mut item.attrs, paths);
    }
}

pub(super) trait AttrText {
    fn to_token_stream_string(&self) -> String;
}

impl AttrText for Attribute {
    fn to_token_stream_string(&self) -> String {
        quote!(#self).to_string()
    }
}

pub(super) fn doc_lines(attrs: &[Attribute]) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_read_through_their_option_layers() {
        let twice: Type =
            parse_quote!(::std::option::Option<::std::option::Option<::std::string::String>>);
        let (depth, inner) = strip_options(&twice);
        assert_eq!(depth, 2);
        assert!(is_string(inner));
        let scalar: Type = parse_quote!(crate::Scalar<bool>);
        assert!(is_scalar(&scalar) && !is_string(&scalar));
        let map: Type = parse_quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>);
        assert!(is_json(&map));
        let value: Type = parse_quote!(::serde_json::Value);
        assert!(is_json(&value) && option_inner(&value).is_none());
    }

    #[test]
    fn attributes_are_read_and_rewritten() {
        let mut item: ItemStruct = parse_quote! {
            /// First line.
            ///  Second line.
            #[derive(Clone, Debug)]
            #[serde(deny_unknown_fields)]
            struct S {
                #[serde(rename = "cardNo", default)]
                card_no: String,
                #[serde(flatten)]
                extra: ::serde_json::Map<String, ::serde_json::Value>,
            }
        };
        assert_eq!(doc_lines(&item.attrs), [" First line.", "  Second line."]);
        add_default_derive(&mut item);
        add_default_derive(&mut item);
        let derives: Vec<String> = derive_list(&item.attrs)
            .iter()
            .map(|p| quote!(#p).to_string())
            .collect();
        assert_eq!(derives, ["Clone", "Debug", "Default"]);
        assert!(item.attrs[3]
            .to_token_stream_string()
            .contains("deny_unknown_fields"));
        let syn::Fields::Named(fields) = &item.fields else {
            unreachable!()
        };
        let card = field_serde(&fields.named[0].attrs).unwrap();
        assert_eq!(card.rename.as_deref(), Some("cardNo"));
        assert!(!card.flatten);
        assert!(field_serde(&fields.named[1].attrs).unwrap().flatten);
    }
}
