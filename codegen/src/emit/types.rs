//! Models for the spec's schemas, and each operation's parameter and success types.

use proc_macro2::TokenStream;
use quote::quote;

use super::{body_tokens, doc, doc_or, ident, type_tokens};
use crate::ir::{
    Api, Field, Operation, ParamLocation, Parameter, StatusMatch, SuccessType, TypeDef, TypeKind, TypeRef,
};
use crate::names::{Scope, bare};

pub(super) fn emit(api: &Api) -> TokenStream {
    let models = api.types.iter().map(|def| super::gated(model(def), &def.features));
    // Operations that send several media types share their parameter and response types.
    let mut seen = std::collections::HashSet::new();
    let params = api.operations.iter().filter(|op| op.params_type.as_ref().is_some_and(|t| seen.insert(t.clone())));
    let params = params.filter_map(|op| Some(super::gated(params_struct(op)?, &op.features))).collect::<Vec<_>>();
    let responses = api.operations.iter().filter(|op| match &op.success_type {
        SuccessType::Enum(name) => seen.insert(name.clone()),
        _ => false,
    });
    let responses = responses.filter_map(|op| Some(super::gated(success_enum(op)?, &op.features))).collect::<Vec<_>>();
    let all_uses = api.type_uses();
    let bytes = all_uses.iter().any(|t| super::uses_bytes(t)).then(|| quote!(Bytes,));
    let nullable = api
        .types
        .iter()
        .any(|t| matches!(&t.kind, TypeKind::Struct { fields, .. } if fields.iter().any(Field::three_state)))
        .then(|| quote!(Nullable,));
    // Behind Cargo features, the types that use them may all be left out.
    let allow = super::has_gates(api).then(|| quote!(#[allow(unused_imports)]));
    let imports =
        (bytes.is_some() || nullable.is_some()).then(|| quote! { #allow use super::runtime::{#bytes #nullable}; });
    quote! { #imports #(#models)* #(#params)* #(#responses)* }
}

fn model(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let type_doc = doc_or(def.doc.as_deref(), || format!("The `{}` schema.", def.name));
    let extra_without = |skip: &str| {
        let paths = def.derives.iter().filter(|d| *d != skip).filter_map(|d| syn::parse_str::<syn::Path>(d).ok());
        quote! { #(, #paths)* }
    };
    let extra = extra_without("");
    match &def.kind {
        TypeKind::Struct { fields, additional } => {
            // Every property may be left out: `Default` is derived. Some hold their one value:
            // `Default` is `new()`, which sets them.
            let all_optional = fields.iter().all(|f| f.may_be_absent);
            let default_is_new = !all_optional && crate::ir::implements_default(fields);
            let default = if all_optional { quote!(Default,) } else { quote!() };
            let extra = extra_without(if all_optional || default_is_new { "Default" } else { "" });
            let fields_tokens = fields.iter().map(field);
            let additional_name = additional.as_ref().map(|_| {
                let mut scope = Scope::default();
                for f in fields {
                    scope.claim(f.name.clone());
                }
                ident(&scope.claim("additional_properties".to_owned()))
            });
            let additional_field = additional.as_ref().zip(additional_name.as_ref()).map(|(ty, name)| {
                let ty = type_tokens(ty);
                quote! {
                    /// Properties beyond the documented ones.
                    #[serde(flatten)]
                    pub #name: std::collections::BTreeMap<String, #ty>,
                }
            });
            let construction = construction(&def.name, fields, additional_name.as_ref());
            let default_impl = default_is_new.then(|| {
                quote! {
                    impl Default for #name {
                        /// [`Self::new`]: the properties that hold one value only are set to it.
                        fn default() -> Self {
                            Self::new()
                        }
                    }
                }
            });
            quote! {
                #type_doc
                ///
                /// It is `non_exhaustive`, so a property the spec adds later is a compatible release: build
                /// it with `new` and the `with_…` setters.
                #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize #extra)]
                #[non_exhaustive]
                pub struct #name {
                    #(#fields_tokens)*
                    #additional_field
                }

                #construction

                #default_impl
            }
        }
        TypeKind::StringEnum { variants, fallback } => {
            let fallback = ident(fallback);
            let variant_names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
            let values: Vec<_> = variants.iter().map(|v| v.value.as_str()).collect();
            let value_docs = variants.iter().map(|v| {
                let value = format!("`{}`", v.value.replace('`', "'"));
                match &v.doc {
                    Some(text) => doc(&format!("{value}: {text}")),
                    None => doc(&value),
                }
            });
            quote! {
                #type_doc
                ///
                /// Values this client does not know are kept in the catch-all variant, so newer servers do not break it.
                /// It is `non_exhaustive` so that a value the spec adds later is a compatible release.
                #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize #extra)]
                #[non_exhaustive]
                pub enum #name {
                    #(
                        #value_docs
                        #[serde(rename = #values)]
                        #variant_names,
                    )*
                    /// A value this client does not know, kept as it was sent.
                    #[serde(untagged)]
                    #fallback(String),
                }

                impl #name {
                    /// The value as it is sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(Self::#variant_names => #values,)*
                            Self::#fallback(value) => value,
                        }
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            }
        }
        TypeKind::Untagged { variants } => {
            let variants = variants.iter().map(|v| {
                let variant = ident(&v.name);
                let ty = type_tokens(&v.ty);
                let doc = match &v.ty {
                    TypeRef::Named(n) | TypeRef::Boxed(n) => doc(&format!("The body matches [`{}`].", bare(n))),
                    _ => doc(&format!("The body is a `{}`.", ty.to_string().replace(' ', ""))),
                };
                quote! { #doc #variant(#ty), }
            });
            quote! {
                #type_doc
                ///
                /// The first alternative that fits the JSON wins.
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize #extra)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty);
            quote! { #type_doc pub type #name = #ty; }
        }
        TypeKind::IntEnum { values, int32 } => {
            let repr = if *int32 { quote!(i32) } else { quote!(i64) };
            let consts = values.iter().map(|(const_name, value)| {
                let const_name = ident(const_name);
                let doc = doc(&format!("`{value}`"));
                let value = if *int32 {
                    let value = i32::try_from(*value).unwrap_or_default();
                    quote!(#value)
                } else {
                    quote!(#value)
                };
                quote! { #doc pub const #const_name: Self = Self(#value); }
            });
            quote! {
                #type_doc
                ///
                /// The known values are constants; any other integer is kept as it was sent.
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize #extra)]
                #[serde(transparent)]
                pub struct #name(pub #repr);

                impl #name {
                    #(#consts)*
                }
            }
        }
        TypeKind::Tagged { property, variants, fallback } => {
            let fallback = ident(fallback);
            let variant_tokens = variants.iter().map(|tagged| {
                let variant = ident(&tagged.variant.name);
                let ty = type_tokens(&tagged.variant.ty);
                let tags: Vec<String> = tagged.tags.iter().map(|t| format!("`{t}`")).collect();
                let doc = doc(&format!("`{property}` is {}.", tags.join(" or ")));
                quote! { #doc #variant(#ty), }
            });
            let arms = variants.iter().map(|tagged| {
                let variant = ident(&tagged.variant.name);
                let tags = &tagged.tags;
                quote! { Some(#(#tags)|*) => serde_json::from_value(value).map(Self::#variant).map_err(serde::de::Error::custom), }
            });
            let serialize_arms = variants.iter().map(|tagged| {
                let variant = ident(&tagged.variant.name);
                let tag = &tagged.tags[0];
                quote! { Self::#variant(payload) => (Some(#tag), serde_json::to_value(payload)), }
            });
            let picks = doc(&format!(
                "The `{property}` property picks the variant; a value this client does not know is kept whole."
            ));
            let tags_doc = doc(
                "Each variant is picked by the value its schema pins on that property (a one-value `enum`), by its \
                 `mapping` keys, and by its schema name, OpenAPI's implicit tag; it is sent with the first of these.",
            );
            quote! {
                #type_doc
                ///
                #picks
                #tags_doc
                /// It is `non_exhaustive`: an alternative the spec adds later arrived as the catch-all
                /// variant before, so it is a compatible release.
                #[derive(Debug, Clone, PartialEq #extra)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variant_tokens)*
                    /// A variant this client does not know, kept as it was sent.
                    #fallback(serde_json::Value),
                }

                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                        match tag.as_deref() {
                            #(#arms)*
                            _ => Ok(Self::#fallback(value)),
                        }
                    }
                }

                impl serde::Serialize for #name {
                    /// The payload, with the tag property set when the payload does not carry it.
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        let (tag, value) = match self {
                            #(#serialize_arms)*
                            Self::#fallback(value) => (None, Ok(value.clone())),
                        };
                        let mut value = value.map_err(serde::ser::Error::custom)?;
                        if let (Some(tag), serde_json::Value::Object(object)) = (tag, &mut value) {
                            object.entry(#property).or_insert_with(|| serde_json::Value::from(tag));
                        }
                        value.serialize(serializer)
                    }
                }
            }
        }
    }
}

/// The argument of `new` for field `field`: its name, except that a name of only underscores and
/// digits (GitHub's `+1` and `-1` reactions become `_1` and `_1_2`) is a poor binding name, which
/// clippy rejects (`just_underscores_and_digits`), so it gets a `value` prefix.
fn argument(field: &str) -> proc_macro2::Ident {
    let bare = bare(field);
    if bare.chars().all(|c| c == '_' || c.is_ascii_digit()) { ident(&format!("value{bare}")) } else { ident(field) }
}

/// `new` with the properties that must be there, and a `with_…` setter per property that may be
/// left out: a property the spec adds later is a new setter, so code that builds the struct keeps
/// compiling. A property that must be there but may be null is an `Option` argument of `new`. A
/// property that can hold one value only ([`Field::constant`]) is filled in, not an argument.
fn construction(name: &str, fields: &[Field], additional: Option<&proc_macro2::Ident>) -> TokenStream {
    let ty = ident(name);
    let (required, optional): (Vec<&Field>, Vec<&Field>) = fields.iter().partition(|f| !f.may_be_absent);
    let (constants, required): (Vec<&Field>, Vec<&Field>) = required.into_iter().partition(|f| f.constant.is_some());
    let arguments = required.iter().map(|f| {
        let name = argument(&f.name);
        let ty = field_type(f);
        quote! { #name: impl Into<#ty> }
    });
    let inits = fields.iter().map(|f| {
        let name = ident(&f.name);
        if f.may_be_absent {
            quote! { #name: Default::default(), }
        } else if let Some(constant) = &f.constant {
            let enum_ty = type_tokens(&f.ty);
            let variant = ident(&constant.name);
            quote! { #name: #enum_ty::#variant, }
        } else {
            let argument = argument(&f.name);
            quote! { #name: #argument.into(), }
        }
    });
    let additional = additional.map(|name| quote! { #name: Default::default(), });
    // Every required property is an argument, however many the spec lists.
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let names: Vec<String> = required
        .iter()
        .map(|f| if f.flatten { format!("its `{}` part", f.name) } else { format!("`{}`", f.wire_name) })
        .collect();
    let set: Vec<String> = constants
        .iter()
        .filter_map(|f| f.constant.as_ref().map(|c| format!("`{}` set to `{}`", f.wire_name, c.value)))
        .collect();
    let (names, set) = (names.join(", "), set.join(" and "));
    let new_doc = doc(&match (names.is_empty(), set.is_empty()) {
        (true, true) => format!("A `{name}` with every property left out."),
        (false, true) => format!("A `{name}` with its required properties, {names}; the others are left out."),
        (true, false) => {
            format!("A `{name}` with {set}, the one value the spec allows there; the others are left out.")
        }
        (false, false) => format!(
            "A `{name}` with its required properties, {names}, and {set}, the one value the spec allows there; \
             the others are left out."
        ),
    });
    let setters = optional.iter().map(|f| {
        let field = ident(&f.name);
        let setter = ident(&format!("with_{}", bare(&f.name)));
        let summary = doc(&format!("Sets `{}`.", f.wire_name));
        let (value_ty, value) = if f.three_state() {
            let inner = type_tokens(&f.ty);
            (quote!(Nullable<#inner>), quote!(value.into()))
        } else {
            let inner = type_tokens(&f.ty);
            (inner, quote!(Some(value.into())))
        };
        quote! {
            #summary
            pub fn #setter(mut self, value: impl Into<#value_ty>) -> Self {
                self.#field = #value;
                self
            }
        }
    });
    quote! {
        impl #ty {
            #new_doc
            #allow
            pub fn new(#(#arguments),*) -> Self {
                #ty { #(#inits)* #additional }
            }

            #(#setters)*
        }
    }
}

/// The Rust type of a field: `T`, `Option<T>` or `Nullable<T>`.
fn field_type(field: &Field) -> TokenStream {
    let ty = type_tokens(&field.ty);
    if field.three_state() {
        quote!(Nullable<#ty>)
    } else if field.optional {
        quote!(Option<#ty>)
    } else {
        ty
    }
}

fn field(field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let doc = doc_or(field.doc.as_deref(), || format!("The `{}` property.", field.wire_name));
    let rename = (bare(&field.name) != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(#[serde(rename = #wire)])
    });
    let ty = type_tokens(&field.ty);
    if field.flatten {
        return quote! { #doc #[serde(flatten)] pub #name: #ty, };
    }
    let (skip, ty) = if field.three_state() {
        (Some(quote!(#[serde(default, skip_serializing_if = "Nullable::is_absent")])), quote!(Nullable<#ty>))
    } else {
        let skip = field.may_be_absent.then(|| quote!(#[serde(default, skip_serializing_if = "Option::is_none")]));
        (skip, if field.optional { quote!(Option<#ty>) } else { ty })
    };
    quote! { #doc #rename #skip pub #name: #ty, }
}

fn params_struct(operation: &Operation) -> Option<TokenStream> {
    let name = ident(operation.params_type.as_ref()?);
    let struct_doc = doc(&format!(
        "The optional query, header and cookie parameters of [`Client::{}`](super::Client::{0}); the call it \
         returns sets them one by one too.",
        bare(&operation.name)
    ));
    let optional: Vec<&Parameter> = operation.other_params.iter().filter(|p| !p.required).collect();
    let fields = optional.iter().map(|p| param_field(p));
    let setters = optional.iter().map(|p| {
        let field = ident(&p.name);
        let setter = ident(&format!("with_{}", bare(&p.name)));
        let ty = type_tokens(&p.ty);
        let summary = doc(&format!("Sets `{}`.", p.wire_name));
        quote! {
            #summary
            pub fn #setter(mut self, value: impl Into<#ty>) -> Self {
                self.#field = Some(value.into());
                self
            }
        }
    });
    Some(quote! {
        #struct_doc
        ///
        /// It is `non_exhaustive`, so a parameter the spec adds later is a compatible release.
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// No parameter set.
            pub fn new() -> Self {
                Self::default()
            }

            #(#setters)*
        }
    })
}

fn param_field(param: &Parameter) -> TokenStream {
    let name = ident(&param.name);
    let location = match param.location {
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Path => "path parameter",
    };
    let fallback = || format!("The `{}` {location}.", param.wire_name);
    let doc = doc_or(param.doc.as_deref(), fallback);
    let ty = type_tokens(&param.ty);
    let ty = if param.required { ty } else { quote!(Option<#ty>) };
    quote! { #doc pub #name: #ty, }
}

fn success_enum(operation: &Operation) -> Option<TokenStream> {
    let SuccessType::Enum(name) = &operation.success_type else { return None };
    let name = ident(name);
    let doc = doc(&format!("The successful responses of [`Client::{}`](super::Client::{0}).", bare(&operation.name)));
    let variants = operation.success.iter().map(|response| {
        let variant = ident(&response.variant);
        let doc = status_doc(response.status, response.doc.as_deref());
        let status =
            matches!(response.status, StatusMatch::Code(_)).then(|| quote!()).unwrap_or(quote!(reqwest::StatusCode,));
        match &response.body {
            Some(body) => {
                let body = body_tokens(body);
                quote! { #doc #variant(#status #body), }
            }
            None if matches!(response.status, StatusMatch::Code(_)) => quote! { #doc #variant, },
            None => quote! { #doc #variant(reqwest::StatusCode), },
        }
    });
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}

/// `400: description`, for a response variant.
pub(super) fn status_doc(status: StatusMatch, description: Option<&str>) -> TokenStream {
    let status = match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => format!("{range}XX"),
        StatusMatch::Default => "Any other status".to_owned(),
    };
    match description {
        Some(description) => doc(&format!("{status}: {description}")),
        None => doc(&format!("{status}.")),
    }
}
