//! Code typify does not write: open enumerations, the message catalog and the `Message` enum.

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use antom_schema_core::catalog::{Direction, Kind, Role};

use crate::bundle::{Bundle, EnumModel};

/// A `#[non_exhaustive]` enum with an `Unknown(String)` arm for a value list Antom may extend.
pub fn open_enum(name: &str, model: &EnumModel) -> Result<TokenStream, String> {
    let ident = format_ident!("{name}");
    let mut variants = Vec::new();
    for value in &model.values {
        let variant = value.to_upper_camel_case();
        if variant == "Unknown" || variants.iter().any(|(v, _)| v == &variant) {
            return Err(format!(
                "{name}: the value {value} maps to the variant name {variant}, which is taken"
            ));
        }
        variants.push((variant, value.clone()));
    }
    let doc = model.description.clone().unwrap_or_default();
    let decls = variants.iter().map(|(v, value)| {
        let v = format_ident!("{v}");
        let doc = format!("`{value}`");
        quote!(#[doc = #doc] #v,)
    });
    let as_str = variants.iter().map(|(v, value)| {
        let v = format_ident!("{v}");
        quote!(Self::#v => #value,)
    });
    let known = variants.iter().map(|(v, value)| {
        let v = format_ident!("{v}");
        quote!(#value => Self::#v,)
    });
    let values = variants.iter().map(|(_, value)| value);
    Ok(quote! {
        #[doc = #doc]
        #[doc = ""]
        #[doc = " Open: a value this version does not list parses as `Unknown` and is written back unchanged."]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #ident {
            #(#decls)*
            /// A value the schema does not list, kept as received. Build values with
            /// `From<&str>`, which picks the listed variant when there is one.
            Unknown(::std::string::String),
        }

        impl #ident {
            /// Every value the schema lists, as sent on the wire.
            pub const KNOWN: &'static [&'static str] = &[#(#values),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(value) => value,
                }
            }

            /// `true` for a value the schema does not list.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }

            fn known(value: &str) -> ::std::option::Option<Self> {
                ::std::option::Option::Some(match value {
                    #(#known)*
                    _ => return ::std::option::Option::None,
                })
            }
        }

        impl crate::WireEnum for #ident {
            const KNOWN: &'static [&'static str] = #ident::KNOWN;
            fn as_str(&self) -> &str {
                #ident::as_str(self)
            }
            fn is_unknown(&self) -> bool {
                #ident::is_unknown(self)
            }
        }

        impl ::std::convert::From<&str> for #ident {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::Unknown(value.to_owned()))
            }
        }

        impl ::std::convert::From<::std::string::String> for #ident {
            fn from(value: ::std::string::String) -> Self {
                Self::known(&value).unwrap_or(Self::Unknown(value))
            }
        }

        impl ::std::str::FromStr for #ident {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #ident {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::open_enum::deserialize(deserializer)
            }
        }
    })
}

fn role(kind: &Kind) -> Result<TokenStream, String> {
    Ok(match kind.role {
        Role::Request => quote!(crate::Role::Request),
        Role::Response => quote!(crate::Role::Response),
        Role::Notification => quote!(crate::Role::Notification),
        Role::Ack => quote!(crate::Role::Ack),
        other => {
            return Err(format!(
                "catalog.json: {}: antom-types has no role {other}",
                kind.id
            ))
        }
    })
}

fn direction(kind: &Kind) -> TokenStream {
    match kind.direction {
        Direction::MerchantToAntom => quote!(crate::Direction::MerchantToAntom),
        Direction::AntomToMerchant => quote!(crate::Direction::AntomToMerchant),
    }
}

/// `MessageKind`, `Message` and the `MessageBody` impls, from the catalog.
pub fn catalog(bundle: &Bundle) -> Result<TokenStream, String> {
    let kinds = &bundle.kinds;
    let count = kinds.len();
    let idents: Vec<_> = kinds
        .iter()
        .map(|k| format_ident!("{}", k.type_name))
        .collect();
    let ids: Vec<_> = kinds.iter().map(|k| k.id.as_str()).collect();
    let type_names: Vec<_> = kinds.iter().map(|k| k.type_name.as_str()).collect();
    let paths = kinds.iter().map(|k| match &k.path {
        Some(p) => quote!(::std::option::Option::Some(#p)),
        None => quote!(::std::option::Option::None),
    });
    let roles = kinds.iter().map(role).collect::<Result<Vec<_>, _>>()?;
    let directions: Vec<_> = kinds.iter().map(direction).collect();
    let kind_docs = kinds.iter().map(|k| {
        let endpoint = match &k.path {
            Some(p) => format!("`POST {p}`"),
            None => "sent to or from the merchant's notify URL".to_string(),
        };
        format!(" `{}` ({}, {}): {endpoint}.", k.id, k.role, k.direction)
    });
    let message_docs = kinds.iter().map(|k| format!(" A parsed `{}`.", k.id));

    Ok(quote! {
        /// Every message kind of the Checkout Payment API, as listed in `schema/catalog.json`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum MessageKind {
            #(#[doc = #kind_docs] #idents,)*
        }

        impl MessageKind {
            /// All kinds, in catalog order.
            pub const ALL: [MessageKind; #count] = [#(MessageKind::#idents),*];

            /// The catalog id (`pay.request`), used for schema files, samples and `--kind`.
            pub const fn id(self) -> &'static str {
                match self { #(MessageKind::#idents => #ids,)* }
            }

            /// The kind with this catalog id.
            pub fn from_id(id: &str) -> ::std::option::Option<MessageKind> {
                match id {
                    #(#ids => ::std::option::Option::Some(MessageKind::#idents),)*
                    _ => ::std::option::Option::None,
                }
            }

            /// The Rust type that holds this kind.
            pub const fn type_name(self) -> &'static str {
                match self { #(MessageKind::#idents => #type_names,)* }
            }

            /// The HTTP path Antom serves this kind on; `None` for notifications and the
            /// acknowledgement, which travel to and from the merchant's own URL.
            pub const fn path(self) -> ::std::option::Option<&'static str> {
                match self { #(MessageKind::#idents => #paths,)* }
            }

            /// What the message is in its exchange.
            pub const fn role(self) -> crate::Role {
                match self { #(MessageKind::#idents => #roles,)* }
            }

            /// Who writes the message.
            pub const fn direction(self) -> crate::Direction {
                match self { #(MessageKind::#idents => #directions,)* }
            }
        }

        /// Any message, tagged by its kind.
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum Message {
            #(#[doc = #message_docs] #idents(#idents),)*
        }

        impl Message {
            /// The kind of the message held.
            pub fn kind(&self) -> MessageKind {
                match self { #(Message::#idents(_) => MessageKind::#idents,)* }
            }

            /// Parses `bytes` as a message of `kind`. Requests and the acknowledgement are
            /// strict (an undeclared member is an error); responses and notifications keep
            /// undeclared members and unknown enumeration values.
            pub fn parse(kind: MessageKind, bytes: &[u8]) -> ::std::result::Result<Message, crate::ParseError> {
                ::std::result::Result::Ok(match kind {
                    #(MessageKind::#idents => Message::#idents(crate::message::from_slice(kind, bytes)?),)*
                })
            }

            /// Like [`Message::parse`], from an already parsed JSON value.
            pub fn from_value(kind: MessageKind, value: ::serde_json::Value) -> ::std::result::Result<Message, crate::ParseError> {
                ::std::result::Result::Ok(match kind {
                    #(MessageKind::#idents => Message::#idents(crate::message::from_value(kind, value)?),)*
                })
            }
        }

        impl ::serde::Serialize for Message {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self { #(Message::#idents(body) => body.serialize(serializer),)* }
            }
        }

        #(
            impl crate::MessageBody for #idents {
                const KIND: MessageKind = MessageKind::#idents;
                fn into_message(self) -> Message {
                    Message::#idents(self)
                }
            }

            impl ::std::convert::From<#idents> for Message {
                fn from(body: #idents) -> Message {
                    Message::#idents(body)
                }
            }
        )*
    })
}
