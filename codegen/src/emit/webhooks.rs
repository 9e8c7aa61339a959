//! `webhooks.rs`: the `WebhookEvent` enum of an OpenAPI 3.1 document's `webhooks`, for a receiver
//! to decode the requests the API sends it.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, named_in, type_tokens, use_types, uses_bytes};
use crate::ir::{Api, Webhook};

pub(super) fn emit(api: &Api) -> TokenStream {
    let mut used = BTreeSet::new();
    for ty in api.webhooks.iter().filter_map(|w| w.payload.as_ref()) {
        named_in(ty, &mut used);
    }
    let imports = use_types(api, &used);
    let bytes = api.webhooks.iter().filter_map(|w| w.payload.as_ref()).any(uses_bytes).then(|| {
        quote!(
            use super::runtime::Bytes;
        )
    });
    let variants = api.webhooks.iter().map(variant);
    let decode_arms = api.webhooks.iter().map(decode_arm);
    let name_arms = api.webhooks.iter().map(|w| {
        let (variant, name) = (ident(&w.variant), &w.name);
        let pattern = if w.payload.is_some() { quote!(Self::#variant(_)) } else { quote!(Self::#variant) };
        quote! { #pattern => #name, }
    });
    let body_arms = api.webhooks.iter().map(|w| {
        let variant = ident(&w.variant);
        match w.payload {
            Some(_) => quote! { Self::#variant(payload) => serde_json::to_vec(payload), },
            None => quote! { Self::#variant => Ok(Vec::new()), },
        }
    });
    let names = api.webhooks.iter().map(|w| w.name.as_str());
    // With no payload to decode, `from_parts` reads only the name.
    let unused_body = api.webhooks.iter().all(|w| w.payload.is_none()).then(|| quote!(let _ = body;));
    quote! {
        //! The API's webhooks (`#/webhooks`): requests it sends to a receiver you run.

        #bytes
        #imports

        /// A request the API sends to a webhook receiver, decoded from the webhook's name and its
        /// body with [`WebhookEvent::from_parts`].
        ///
        /// The webhook's name is not on the wire: the receiver knows it from the URL it registered
        /// for each webhook. It is `non_exhaustive` so that a webhook the spec adds later is a
        /// compatible release.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum WebhookEvent {
            #(#variants)*
        }

        impl WebhookEvent {
            /// The webhooks' names: the keys of the spec's `webhooks`, in spec order.
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            /// Decodes the request body `body` of the webhook named `name` (a key of the spec's
            /// `webhooks`, one of [`WebhookEvent::NAMES`]).
            ///
            /// # Errors
            ///
            /// [`WebhookError::UnknownWebhook`] when the spec has no webhook `name`;
            /// [`WebhookError::Body`] when `body` is not the JSON payload the spec gives that webhook.
            pub fn from_parts(name: &str, body: &[u8]) -> Result<Self, WebhookError> {
                #unused_body
                match name {
                    #(#decode_arms)*
                    _ => Err(WebhookError::UnknownWebhook(name.to_owned())),
                }
            }

            /// The webhook's name: its key in the spec's `webhooks`.
            pub fn name(&self) -> &'static str {
                match self {
                    #(#name_arms)*
                }
            }

            /// The request body the API sends for this event: its payload as JSON, empty for a
            /// webhook without a JSON payload. `from_parts(event.name(), &event.to_body()?)` gives
            /// the event back.
            ///
            /// # Errors
            ///
            /// A payload `serde_json` cannot write (a map whose keys are not strings).
            pub fn to_body(&self) -> Result<Vec<u8>, serde_json::Error> {
                match self {
                    #(#body_arms)*
                }
            }
        }

        /// Why [`WebhookEvent::from_parts`] could not decode a webhook request.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum WebhookError {
            /// The spec has no webhook of this name.
            UnknownWebhook(String),
            /// The body is not the webhook's JSON payload.
            Body {
                /// The webhook's name.
                name: &'static str,
                /// Where and why decoding failed.
                source: serde_json::Error,
            },
        }

        impl std::fmt::Display for WebhookError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::UnknownWebhook(name) => write!(f, "the API has no webhook named `{name}`"),
                    Self::Body { name, source } => write!(f, "the body of webhook `{name}` is not its payload: {source}"),
                }
            }
        }

        impl std::error::Error for WebhookError {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Self::UnknownWebhook(_) => None,
                    Self::Body { source, .. } => Some(source),
                }
            }
        }
    }
}

fn variant(webhook: &Webhook) -> TokenStream {
    let variant = ident(&webhook.variant);
    let mut text = format!("`{}` (`{}` at `{}`)", webhook.name, webhook.method.to_uppercase(), webhook.pointer);
    if let Some(more) = &webhook.doc {
        text.push_str(": ");
        text.push_str(more);
    }
    if webhook.payload.is_none() {
        text.push_str("\n\nIt has no JSON payload, so its body is not decoded.");
    }
    let doc = doc(&text);
    match &webhook.payload {
        Some(ty) => {
            let ty = type_tokens(ty);
            quote! { #doc #variant(#ty), }
        }
        None => quote! { #doc #variant, },
    }
}

fn decode_arm(webhook: &Webhook) -> TokenStream {
    let (variant, name) = (ident(&webhook.variant), &webhook.name);
    match webhook.payload {
        Some(_) => quote! {
            #name => serde_json::from_slice(body)
                .map(Self::#variant)
                .map_err(|source| WebhookError::Body { name: #name, source }),
        },
        None => quote! { #name => Ok(Self::#variant), },
    }
}
