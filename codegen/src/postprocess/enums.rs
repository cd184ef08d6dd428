//! typify's closed enumerations get the API of the open ones.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{parse_quote, Fields, ItemEnum};

use super::syntax::{doc_lines, field_serde};

/// The API the open enumerations have (`KNOWN`, `as_str`, `is_unknown`, `AsRef<str>`,
/// [`WireEnum`](crate::WireEnum)), for one of typify's closed enumerations; its variants get
/// their wire value as documentation.
pub(super) fn closed_enum(item: &mut ItemEnum) -> Result<TokenStream, String> {
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
    fn closed_enumerations_get_their_wire_values() {
        let mut item: ItemEnum = parse_quote! {
            enum Status {
                #[serde(rename = "S")]
                Success,
                /// Already documented.
                Unknown,
            }
        };
        let tokens = closed_enum(&mut item).unwrap().to_string();
        assert!(
            tokens.contains(r#"pub const KNOWN : & 'static [& 'static str] = & ["S" , "Unknown"]"#),
            "{tokens}"
        );
        assert_eq!(doc_lines(&item.variants[0].attrs), [" `S`"]);
        assert_eq!(doc_lines(&item.variants[1].attrs), [" Already documented."]);
        let mut tuple: ItemEnum = parse_quote!(
            enum E {
                A(String),
            }
        );
        assert!(closed_enum(&mut tuple).is_err());
    }
}
