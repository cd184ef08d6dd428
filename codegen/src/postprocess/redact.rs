//! A `Debug` that hides card data and other secrets, for every struct that holds a member
//! named in `antom_schema_core::secrets` or a free JSON map, and the name lists the generated
//! code checks at run time.

use antom_schema_core::secrets::{self, CARD_NUMBER, WHOLE_VALUE};
use proc_macro2::TokenStream;
use quote::quote;
use syn::{ItemStruct, Type};

use super::fields::FieldInfo;
use super::syntax::{derive_list, is_json, is_string, set_derive_list, strip_options};

/// How `Debug` shows a member.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Shown {
    Plain,
    /// First six and last four digits at most.
    CardNumber,
    /// `[redacted]`.
    Hidden,
    /// A free JSON map: secret members inside hidden, card numbers cut.
    Json,
}

/// How the member with this wire name is shown, from its name (and type, for card numbers).
pub(super) fn shown(json: Option<&str>, ty: &Type) -> Shown {
    let (_, inner) = strip_options(ty);
    if is_json(inner) {
        return Shown::Json;
    }
    let Some(json) = json else {
        return Shown::Plain;
    };
    if secrets::is_listed(json, &[CARD_NUMBER]) {
        if is_string(inner) {
            Shown::CardNumber
        } else {
            Shown::Hidden
        }
    } else if secrets::is_listed(json, WHOLE_VALUE) {
        Shown::Hidden
    } else {
        Shown::Plain
    }
}

/// The member-name lists, for hiding secrets inside free JSON maps at run time.
pub(super) fn secret_lists() -> TokenStream {
    let cards = CARD_NUMBER;
    let secrets = WHOLE_VALUE.concat();
    quote! {
        /// Normalized names (ASCII letters and digits, lower-cased) of members holding a card
        /// number: `Debug` shows at most the first six and last four digits.
        pub(crate) const CARD_NUMBER_MEMBERS: &[&str] = &[#(#cards),*];
        /// Normalized names of members whose whole value `Debug` hides.
        pub(crate) const SECRET_MEMBERS: &[&str] = &[#(#secrets),*];
    }
}

/// A `Debug` that hides secret members, for a struct that holds one (or a free JSON map);
/// `None` leaves typify's derived `Debug`.
pub(super) fn redacting_debug(
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
pub(super) fn wrap_options(expr: TokenStream, depth: usize, wrap: TokenStream) -> TokenStream {
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

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

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
