//! The conformance program: a binary that calls one operation of the client per line of its
//! standard input, with sample arguments, and prints what the call returned as one JSON line.
//!
//! `cargo xtask conformance` runs it against Prism and judges the requests and the decoded
//! responses; the program itself judges nothing.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, type_tokens};
use crate::ir::{
    Api, BodyMedia, BodyType, Operation, Response, SecurityKind, SecurityScheme, StatusMatch, SuccessType,
};
use crate::samples::{Direction, Samples};

/// The credential every scheme is given: Prism checks that credentials are present, not their value.
pub const SAMPLE_CREDENTIAL: &str = "conformance-credential";

/// The program's `main.rs` for the client crate `crate_name`.
pub(crate) fn emit(api: &Api, crate_name: &str) -> TokenStream {
    let krate = ident(&crate_name.replace('-', "_"));
    let samples = Samples::new(api, Direction::Request);
    let credentials = api.security.iter().map(credential);
    // Prism serves every path at its root, whatever server the spec names.
    let groups = api.server_groups.iter().map(|group| {
        let setter = ident(&format!("with_{}_base_url", group.name));
        quote! { .#setter(&base_url).expect("the base URL") }
    });
    let arms = api.operations.iter().map(|op| {
        let name = ident(&op.name);
        let key = &op.name;
        quote! { #key => #name(&client).await, }
    });
    let functions = api.operations.iter().map(|op| operation(op, &samples));
    // A webhook is asked for as `webhook:<name>`: its sample payload is decoded and written back.
    let webhook_arms = api.webhooks.iter().filter_map(|webhook| {
        let ty = webhook.payload.as_ref()?;
        let key = format!("webhook:{}", webhook.name);
        let name = &webhook.name;
        let sample = samples.value(ty, &webhook.keywords).to_string();
        Some(quote! { #key => webhook(#name, #sample), })
    });
    let webhook = api.webhooks.iter().any(|w| w.payload.is_some()).then(|| {
        quote! {
            /// Decodes the sample body of webhook `name` and reports the body it writes back.
            fn webhook(name: &str, sample: &str) -> Value {
                let event = match WebhookEvent::from_parts(name, sample.as_bytes()) {
                    Ok(event) => event,
                    Err(error) => return json!({ "outcome": "error", "error": error.to_string() }),
                };
                match event.to_body().map(|body| serde_json::from_slice::<Value>(&body)) {
                    Ok(Ok(value)) => ok(event.name(), value),
                    Ok(Err(error)) => json!({ "outcome": "error", "error": error.to_string() }),
                    Err(error) => json!({ "outcome": "error", "error": error.to_string() }),
                }
            }
        }
    });
    let takes_arguments = api.operations.iter().any(|op| {
        !op.path_params.is_empty()
            || op.other_params.iter().any(|p| p.required)
            || op.params_type.is_some()
            || op.body.as_ref().is_some_and(|b| !matches!(b.media, BodyMedia::Text | BodyMedia::Binary))
    });
    let arg = takes_arguments.then(|| {
        quote! {
            /// An argument decoded from its sample.
            fn arg<T: serde::de::DeserializeOwned>(sample: &str) -> Result<T, String> {
                serde_json::from_str(sample).map_err(|error| format!("the sample {sample} does not decode: {error}"))
            }
        }
    });
    let bodies: Vec<&BodyType> = api
        .operations
        .iter()
        .flat_map(|op| op.success.iter().chain(&op.errors))
        .filter_map(|r| r.body.as_ref())
        .collect();
    let encoded = bodies.iter().any(|b| matches!(b, BodyType::Json(_))).then(|| {
        quote! {
            /// Serializes a decoded value back to JSON.
            fn encoded<T: serde::Serialize>(value: &T) -> Value {
                serde_json::to_value(value).unwrap_or_else(|error| json!({ "unserializable": error.to_string() }))
            }
        }
    });
    let hex = bodies.iter().any(|b| matches!(b, BodyType::Binary)).then(|| {
        quote! {
            /// Bytes as lowercase hex, for comparing binary bodies.
            fn hex(bytes: &[u8]) -> Value {
                Value::String(bytes.iter().map(|b| format!("{b:02x}")).collect())
            }
        }
    });
    let calls = !api.operations.is_empty();
    // A document of webhooks only calls no operation.
    let unused = (!calls).then(|| quote!(#[allow(unused_variables)]));
    let ok = (calls || webhook.is_some()).then(|| {
        quote! {
        /// A successful outcome.
        fn ok(variant: &str, value: Value) -> Value {
            json!({ "outcome": "ok", "variant": variant, "value": value })
        }

        }
    });
    let failed = calls.then(|| {
        quote! {
        /// A failed call, with `api` naming the documented error's variant and body.
        fn failed<E: std::fmt::Display>(error: Error<E>, api: impl FnOnce(E) -> (&'static str, Value)) -> Value {
            match error {
                Error::Api(error) => {
                    let (variant, value) = api(error);
                    json!({ "outcome": "api", "variant": variant, "value": value })
                }
                Error::UnexpectedResponse(response) => json!({
                    "outcome": "unexpected",
                    "status": response.status.as_u16(),
                    "error": response.decode_error,
                }),
                Error::InvalidRequest(error) => json!({ "outcome": "invalid-request", "error": error.to_string() }),
                other => json!({ "outcome": "error", "error": other.to_string() }),
            }
        }

        }
    });
    quote! {
        //! Calls one operation per line of standard input and prints the outcome as a JSON line.

        use std::io::{BufRead, Write};

        use #krate::*;
        use serde_json::{Value, json};

        #[tokio::main(flavor = "current_thread")]
        async fn main() {
            let base_url = std::env::args().nth(1).expect("usage: conformance BASE_URL");
            let mut config = Client::default_config();
            config.retry = RetryPolicy::none();
            config.timeout = std::time::Duration::from_secs(30);
            #unused
            let client = Client::with_config(&base_url, &config).expect("a client for the base URL")
                #(#groups)*
                #(#credentials)*;
            let mut stdout = std::io::stdout().lock();
            for line in std::io::stdin().lock().lines() {
                let line = line.expect("standard input is readable");
                let outcome = match line.trim() {
                    #(#arms)*
                    #(#webhook_arms)*
                    other => json!({ "outcome": "unknown-operation", "error": other }),
                };
                writeln!(stdout, "{outcome}").expect("standard output is writable");
                stdout.flush().expect("standard output is writable");
            }
        }

        #arg

        #ok
        #failed

        #encoded
        #hex
        #webhook
        #(#functions)*
    }
}

fn credential(scheme: &SecurityScheme) -> TokenStream {
    let setter = ident(&scheme.setter);
    let message = format!("a sample `{}` credential", scheme.key);
    match &scheme.kind {
        SecurityKind::Basic => quote! { .#setter("conformance", #SAMPLE_CREDENTIAL).expect(#message) },
        SecurityKind::Http(scheme) => {
            let value = format!("{scheme} {SAMPLE_CREDENTIAL}");
            quote! { .#setter(#value).expect(#message) }
        }
        _ => quote! { .#setter(#SAMPLE_CREDENTIAL).expect(#message) },
    }
}

/// `async fn op(client: &Client) -> Value`: decode the samples, call, report.
fn operation(op: &Operation, samples: &Samples<'_>) -> TokenStream {
    let name = ident(&op.name);
    let mut bindings = Vec::new();
    let mut arguments = Vec::new();
    let mut setters = Vec::new();
    let required = op.path_params.iter().chain(op.other_params.iter().filter(|p| p.required));
    for (i, param) in required.enumerate() {
        let binding = ident(&format!("argument_{i}"));
        let sample = samples.parameter(param).to_string();
        let ty = type_tokens(&param.ty);
        bindings.push(quote! { let #binding: #ty = arg(#sample)?; });
        arguments.push(match super::client::held_type(&param.ty).to_string().starts_with('&') {
            true => quote!(&#binding),
            false => quote!(#binding),
        });
    }
    if let Some(body) = &op.body {
        let sample = samples.body(body);
        let value = match body.media {
            BodyMedia::Text => {
                let text = sample.as_str().unwrap_or_default().to_owned();
                quote!(#text)
            }
            BodyMedia::Binary => {
                let bytes = sample.as_str().unwrap_or_default().to_owned();
                quote!(#bytes.as_bytes().to_vec())
            }
            _ => {
                let ty = type_tokens(&body.ty);
                let sample = sample.to_string();
                bindings.push(quote! { let body: #ty = arg(#sample)?; });
                quote!(&body)
            }
        };
        if body.required {
            arguments.push(value);
        } else {
            setters.push(quote!(.body(#value)));
        }
    }
    if let Some(params_type) = &op.params_type {
        let params_type = ident(params_type);
        let fields = op.other_params.iter().filter(|p| !p.required).map(|param| {
            let field = ident(&param.name);
            let sample = samples.parameter(param).to_string();
            quote! { params.#field = Some(arg(#sample)?); }
        });
        bindings.push(quote! {
            let mut params = #params_type::default();
            #(#fields)*
        });
        setters.push(quote!(.params(params)));
    }
    let success = success_arms(op);
    let errors = error_arms(op);
    quote! {
        async fn #name(client: &Client) -> Value {
            let result = async {
                #(#bindings)*
                Ok::<_, String>(client.#name(#(#arguments),*) #(#setters)* .await)
            };
            match result.await {
                Err(error) => json!({ "outcome": "arguments", "error": error }),
                Ok(Ok(value)) => #success,
                Ok(Err(error)) => failed(error, |error| #errors),
            }
        }
    }
}

/// The report of a successful call: the variant and the body encoded back.
fn success_arms(op: &Operation) -> TokenStream {
    match &op.success_type {
        SuccessType::Unit => quote! { { let () = value; ok("ok", Value::Null) } },
        SuccessType::Single(body) => {
            let encoded = body_value(body, quote!(value));
            quote! { ok("ok", #encoded) }
        }
        SuccessType::Enum(name) => {
            let name = ident(name);
            let arms = op.success.iter().map(|response| {
                let (pattern, value) = variant_pattern(response);
                let variant = ident(&response.variant);
                let key = &response.variant;
                quote! { #name::#variant #pattern => ok(#key, #value), }
            });
            quote! { match value { #(#arms)* } }
        }
    }
}

/// `match error { Variant(body) => ("Variant", body), … }` over the documented errors.
fn error_arms(op: &Operation) -> TokenStream {
    let Some(name) = &op.error_type else { return quote! { match error {} } };
    let name = ident(name);
    let arms = op.errors.iter().map(|response| {
        let (pattern, value) = variant_pattern(response);
        let variant = ident(&response.variant);
        let key = &response.variant;
        quote! { #name::#variant #pattern => (#key, #value), }
    });
    // The enum is `non_exhaustive`, and the program is another crate.
    quote! {
        match error {
            #(#arms)*
            _ => ("unknown-variant", Value::Null),
        }
    }
}

/// The pattern of a response's variant and the JSON of its body.
fn variant_pattern(response: &Response) -> (TokenStream, TokenStream) {
    let ranged = !matches!(response.status, StatusMatch::Code(_));
    match (&response.body, ranged) {
        (None, false) => (quote!(), quote!(Value::Null)),
        (None, true) => (quote!((_)), quote!(Value::Null)),
        (Some(body), false) => (quote!((body)), body_value(body, quote!(body))),
        (Some(body), true) => (quote!((_, body)), body_value(body, quote!(body))),
    }
}

fn body_value(body: &BodyType, value: TokenStream) -> TokenStream {
    match body {
        BodyType::Json(_) => quote!(encoded(&#value)),
        BodyType::Text => quote!(Value::String(#value.to_string())),
        BodyType::Binary => quote!(hex(&#value)),
    }
}
