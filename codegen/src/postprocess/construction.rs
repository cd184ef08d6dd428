//! How a generated struct is built: `new(required...)` when no two required members have
//! the same type, a typestate builder otherwise, and a chainable setter per optional member.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::{Ident, ItemStruct, Type};

use super::fields::FieldInfo;
use super::syntax::{is_scalar, is_string, strip_options};
use crate::bundle::ObjectModel;

/// Members that get no generated setter, with the method that sets them instead.
pub(super) const NO_SETTER: &[(&str, &str, &str)] = &[(
    "PaymentMethod",
    "paymentMethodMetaData",
    "its shape must agree with paymentMethodType: PaymentMethod::card, ::blik, ..., set_metadata",
)];

/// How a setter takes a value of type `ty`: the parameter type, and whether the argument goes
/// through `Into` (strings and scalars: `"..."`, `true`, `20`).
pub(super) fn setter_param(ty: &Type) -> (TokenStream, bool) {
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

pub(super) fn converted(expr: TokenStream, into: bool) -> TokenStream {
    if into {
        quote!(#expr.into())
    } else {
        expr
    }
}

/// A field's documentation as setter documentation: "Sets `json` (what)." followed by the
/// field's own text.
pub(super) fn setter_doc(field: &FieldInfo, what: &str) -> Vec<String> {
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
pub(super) fn construction(
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
pub(super) fn builder(
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
