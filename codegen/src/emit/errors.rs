//! One enum per operation of its documented error responses.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::types::status_doc;
use super::{body_tokens, doc, ident, named_in, use_types};
use crate::ir::{Api, BodyType, Operation, Response, StatusMatch};
use crate::names::bare;

pub(super) fn emit(api: &Api) -> TokenStream {
    let mut used = BTreeSet::new();
    for operation in &api.operations {
        for response in &operation.errors {
            if let Some(BodyType::Json(ty)) = &response.body {
                named_in(ty, &mut used);
            }
        }
    }
    let imports = use_types(api, &used);
    // Operations that send several media types share one error enum.
    let mut seen = std::collections::HashSet::new();
    let enums = api
        .operations
        .iter()
        .filter(|op| op.error_type.as_ref().is_some_and(|t| seen.insert(t.clone())))
        .filter_map(|op| Some(super::gated(error_enum(op)?, &op.features)));
    let bytes = api
        .operations
        .iter()
        .flat_map(|op| &op.errors)
        .any(|r| matches!(&r.body, Some(BodyType::Json(ty)) if super::uses_bytes(ty)))
        .then(|| quote!(Bytes,));
    quote! {
        use super::runtime::{ApiError, #bytes StatusCode};
        #imports
        #(#enums)*
    }
}

fn error_enum(operation: &Operation) -> Option<TokenStream> {
    let name = ident(operation.error_type.as_ref()?);
    let doc =
        doc(&format!("The documented error responses of [`Client::{}`](super::Client::{0}).", bare(&operation.name)));
    let variants = operation.errors.iter().map(|response| {
        let variant = ident(&response.variant);
        let doc = status_doc(response.status, response.doc.as_deref());
        let status = (!matches!(response.status, StatusMatch::Code(_))).then(|| quote!(StatusCode));
        let body = response.body.as_ref().map(body_tokens);
        let fields: Vec<_> = status.into_iter().chain(body).collect();
        if fields.is_empty() {
            quote! { #doc #variant, }
        } else {
            quote! { #doc #variant(#(#fields),*), }
        }
    });
    let status_arms = operation.errors.iter().map(|response| {
        let variant = ident(&response.variant);
        match response.status {
            StatusMatch::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                let pattern = if response.body.is_some() { quote!(Self::#variant(_)) } else { quote!(Self::#variant) };
                quote! { #pattern => StatusCode::from_u16(#code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), }
            }
            _ => {
                let rest = response.body.is_some().then(|| quote!(, _));
                quote! { Self::#variant(status #rest) => *status, }
            }
        }
    });
    let display_arms = operation.errors.iter().map(display_arm);
    Some(quote! {
        #doc
        ///
        /// It is `non_exhaustive` so that a status the spec documents later is a compatible release.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        impl ApiError for #name {
            fn status(&self) -> StatusCode {
                match self {
                    #(#status_arms)*
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#display_arms)*
                }
            }
        }
    })
}

/// Shows the status and the body as the server sent it: JSON as compact JSON, text as is, bytes by
/// their count, so a caller can print the server's own message.
fn display_arm(response: &Response) -> TokenStream {
    let variant = ident(&response.variant);
    let ranged = !matches!(response.status, StatusMatch::Code(_));
    match &response.body {
        None if ranged => quote! { Self::#variant(_) => write!(f, "{}", self.status()), },
        None => quote! { Self::#variant => write!(f, "{}", self.status()), },
        Some(body) => {
            let pattern = if ranged { quote!(Self::#variant(_, body)) } else { quote!(Self::#variant(body)) };
            let write = match body {
                BodyType::Json(_) => quote!(super::runtime::write_error_body(f, self.status(), body)),
                BodyType::Text => quote!(write!(f, "{}: {}", self.status(), body)),
                BodyType::Binary => quote!(write!(f, "{}: {} bytes", self.status(), body.len())),
            };
            quote! { #pattern => #write, }
        }
    }
}
