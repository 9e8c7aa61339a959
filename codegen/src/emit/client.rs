//! The `Client`: construction, credentials, and one async method per operation.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{body_tokens, doc, doc_or, ident, named_in, type_tokens};
use crate::ir::{
    Api, BodyMedia, BodyType, Operation, ParamLocation, ParamStyle, Parameter, PathPart, RequestBody, Response,
    SecurityKind, SecurityScheme, StatusMatch, SuccessType, TypeDef, TypeKind, TypeRef,
};

pub(super) fn emit(api: &Api) -> TokenStream {
    let imports = imports(api);
    let client_doc = doc_or(api.description.as_deref(), || format!("A client for {}.", api.title));
    let title = doc(&format!("A client for {} {}.", api.title, api.version));
    let default_url = api.default_base_url.as_deref().map(|url| {
        quote! {
            /// The base URL the spec names first.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let credential_fields = api.security.iter().map(|s| {
        let field = ident(&s.field);
        quote! { #field: Option<Credential>, }
    });
    let credential_inits: Vec<TokenStream> = api
        .security
        .iter()
        .map(|s| {
            let field = ident(&s.field);
            quote! { #field: None, }
        })
        .collect();
    let setters = api.security.iter().map(setter);
    let methods = api.operations.iter().map(|op| method(op, &api.security, &api.types));
    let credential_import = (!api.security.is_empty()).then(|| quote!(Credential,));
    quote! {
        use super::runtime::{self, Config, ConfigError, #credential_import Error, Transport};
        #imports

        #default_url

        #title
        ///
        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: Transport,
            #(#credential_fields)*
        }

        impl Client {
            /// Creates a client for the API at `base_url`, with [`Client::default_config`].
            pub fn new(base_url: &str) -> Result<Self, ConfigError> {
                Self::with_config(base_url, &Self::default_config())
            }

            /// The default configuration: this crate's user agent, 10 s to connect, 60 s per request,
            /// 16 MiB per response, and up to three retries of idempotent requests.
            pub fn default_config() -> Config {
                runtime::Config::new(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            }

            /// Creates a client for the API at `base_url` with `config`'s timeouts and limits.
            pub fn with_config(base_url: &str, config: &Config) -> Result<Self, ConfigError> {
                Ok(Client {
                    transport: Transport::new(base_url, config.http_client()?, config)?,
                    #(#credential_inits)*
                })
            }

            /// Creates a client that sends through `http`, configured by the caller. Response size and
            /// retries still follow [`Client::default_config`].
            pub fn with_http_client(base_url: &str, http: reqwest::Client) -> Result<Self, ConfigError> {
                Ok(Client {
                    transport: Transport::new(base_url, http, &Self::default_config())?,
                    #(#credential_inits)*
                })
            }

            /// The base URL requests go to, without a trailing slash.
            pub fn base_url(&self) -> &str {
                self.transport.base_url()
            }

            #(#setters)*
            #(#methods)*
        }
    }
}

fn imports(api: &Api) -> TokenStream {
    let mut types = BTreeSet::new();
    let mut errors = BTreeSet::new();
    for op in &api.operations {
        for param in op.path_params.iter() {
            named_in(&param.ty, &mut types);
        }
        if let Some(body) = &op.body {
            named_in(&body.ty, &mut types);
        }
        match &op.success_type {
            SuccessType::Single(BodyType::Json(ty)) => named_in(ty, &mut types),
            SuccessType::Enum(name) => {
                types.insert(name.clone());
            }
            _ => {}
        }
        types.extend(op.params_type.iter().cloned());
        errors.extend(op.error_type.iter().cloned());
    }
    let types = super::use_types(&types);
    let errors = (!errors.is_empty()).then(|| {
        let names = errors.iter().map(|n| ident(n));
        quote! { use super::errors::{#(#names),*}; }
    });
    quote! { #types #errors }
}

fn setter(scheme: &SecurityScheme) -> TokenStream {
    let setter = ident(&scheme.setter);
    let field = ident(&scheme.field);
    let key = &scheme.key;
    let (how, prefix) = match &scheme.kind {
        SecurityKind::Header(header) => (format!("in the `{header}` header"), ""),
        SecurityKind::Bearer => ("as `Authorization: Bearer`".to_owned(), "Bearer "),
    };
    let summary = doc(&format!("Sets the `{key}` credential, sent {how} on every operation that requires it."));
    let extra = scheme.doc.as_deref().map(doc);
    quote! {
        #summary
        #[doc = ""]
        #extra
        #[doc = ""]
        /// Fails when the value cannot be a header value. The value never appears in `Debug` output.
        pub fn #setter(mut self, #field: &str) -> Result<Self, ConfigError> {
            self.#field = Some(Credential::new(#key, #prefix, #field)?);
            Ok(self)
        }
    }
}

fn method(op: &Operation, schemes: &[SecurityScheme], types: &[TypeDef]) -> TokenStream {
    let name = ident(&op.name);
    let doc = doc_or(op.doc.as_deref(), || format!("`{} {}`", op.method.as_str(), op.path));
    let request_line = super::doc(&format!("`{} {}`", op.method.as_str(), op.path));
    let path_args = op.path_params.iter().map(|p| {
        let name = ident(&p.name);
        let ty = argument_type(&p.ty);
        quote! { #name: #ty }
    });
    let body_arg = op.body.as_ref().map(|body| {
        let ty = match body.media {
            BodyMedia::Text => quote!(&str),
            BodyMedia::Binary if body.required => quote!(impl Into<reqwest::Body>),
            BodyMedia::Binary => quote!(Vec<u8>),
            _ => {
                let ty = type_tokens(&body.ty);
                quote!(&#ty)
            }
        };
        if body.required { quote!(body: #ty) } else { quote!(body: Option<#ty>) }
    });
    let params_arg = op.params_type.as_ref().map(|t| {
        let t = ident(t);
        quote!(params: &#t)
    });
    let args = path_args.chain(body_arg).chain(params_arg);
    let ok = match &op.success_type {
        SuccessType::Unit => quote!(()),
        SuccessType::Single(body) => body_tokens(body),
        SuccessType::Enum(name) => {
            let name = ident(name);
            quote!(#name)
        }
    };
    let err = match &op.error_type {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => quote!(std::convert::Infallible),
    };
    let (path_setup, path) = path_expression(op);
    let http_method = ident(op.method.as_str());
    let credentials = op.security.iter().map(|&i| credential(&schemes[i]));
    let query = query(op);
    let headers = op.other_params.iter().filter(|p| p.location == ParamLocation::Header).map(header);
    let cookies = cookies(op);
    let body = op.body.as_ref().map(|body| {
        let send = send_body(body, types);
        if body.required {
            send
        } else {
            quote! {
                if let Some(body) = body {
                    #send
                }
            }
        }
    });
    let arms = response_arms(op);
    let mutable = (!op.security.is_empty() || op.params_type.is_some() || op.body.is_some()).then(|| quote!(mut));
    quote! {
        #doc
        ///
        #request_line
        pub async fn #name(&self, #(#args),*) -> Result<#ok, Error<#err>> {
            #path_setup
            let #mutable request = self.transport.request(reqwest::Method::#http_method, #path);
            #(#credentials)*
            #query
            #(#headers)*
            #cookies
            #body
            let response = self.transport.send(request).await?;
            let status = response.status();
            match status.as_u16() {
                #(#arms)*
            }
        }
    }
}

/// Puts `body` on `request` in its media type.
fn send_body(body: &RequestBody, types: &[TypeDef]) -> TokenStream {
    let media_type = &body.media_type;
    match body.media {
        BodyMedia::Json => quote! { request = request.json(body); },
        BodyMedia::Form => quote! { request = request.form(body); },
        BodyMedia::Text => quote! {
            request = request.header(reqwest::header::CONTENT_TYPE, #media_type).body(body.to_owned());
        },
        BodyMedia::Binary => quote! {
            request = request.header(reqwest::header::CONTENT_TYPE, #media_type).body(body);
        },
        BodyMedia::Multipart => {
            let parts = multipart_parts(&body.ty, types);
            quote! {
                let mut form = reqwest::multipart::Form::new();
                #parts
                request = request.multipart(form);
            }
        }
    }
}

/// One part per property of a struct body: bytes as file parts, anything else as text.
fn multipart_parts(ty: &TypeRef, types: &[TypeDef]) -> TokenStream {
    let fields = match ty {
        TypeRef::Named(name) => types.iter().find(|t| &t.name == name).and_then(|t| match &t.kind {
            TypeKind::Struct { fields, .. } => Some(fields),
            _ => None,
        }),
        _ => None,
    };
    let Some(fields) = fields else {
        return quote! { form = form.text("body", runtime::simple_text(body, false)); };
    };
    let parts = fields.iter().map(|field| {
        let name = ident(&field.name);
        let wire = &field.wire_name;
        let add = if field.ty == TypeRef::Bytes {
            quote! { form = form.part(#wire, reqwest::multipart::Part::bytes(value.clone())); }
        } else {
            quote! { form = form.text(#wire, runtime::simple_text(value, false)); }
        };
        if field.optional {
            quote! {
                if let Some(value) = &body.#name {
                    #add
                }
            }
        } else {
            quote! {
                let value = &body.#name;
                #add
            }
        }
    });
    quote! { #(#parts)* }
}

/// Strings are borrowed; numbers and other small values are passed by value.
fn argument_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Named(_)
        | TypeRef::Boxed(_)
        | TypeRef::List(_)
        | TypeRef::Map(_)
        | TypeRef::Json
        | TypeRef::JsonObject => {
            let ty = type_tokens(ty);
            quote!(&#ty)
        }
        _ => type_tokens(ty),
    }
}

/// `let path = ["/a/", &runtime::path_segment("x", &x)?].concat();` and `&path`, or just a literal.
fn path_expression(op: &Operation) -> (TokenStream, TokenStream) {
    if op.path_params.is_empty() {
        let literal = &op.path;
        return (TokenStream::new(), quote!(#literal));
    }
    let pieces = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(#text),
        PathPart::Param(index) => {
            let param = &op.path_params[*index];
            let name = ident(&param.name);
            let wire = &param.wire_name;
            if param.style == ParamStyle::SimpleExploded {
                quote!(&runtime::path_segment_exploded(#wire, &#name)?)
            } else {
                quote!(&runtime::path_segment(#wire, &#name)?)
            }
        }
    });
    (quote!(let path = [#(#pieces),*].concat();), quote!(&path))
}

fn credential(scheme: &SecurityScheme) -> TokenStream {
    let field = ident(&scheme.field);
    let header = match &scheme.kind {
        SecurityKind::Header(name) => quote!(#name),
        SecurityKind::Bearer => quote!(reqwest::header::AUTHORIZATION),
    };
    quote! {
        if let Some(credential) = &self.#field {
            request = request.header(#header, credential.header_value());
        }
    }
}

fn query(op: &Operation) -> Option<TokenStream> {
    let pushes: Vec<TokenStream> = op
        .other_params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| {
            let field = ident(&p.name);
            let wire = &p.wire_name;
            let style = ident(match p.style {
                ParamStyle::Form => "Form",
                ParamStyle::SpaceDelimited => "SpaceDelimited",
                ParamStyle::PipeDelimited => "PipeDelimited",
                ParamStyle::DeepObject => "DeepObject",
                _ => "FormExploded",
            });
            quote! { runtime::push_query(&mut query, #wire, &params.#field, runtime::QueryStyle::#style); }
        })
        .collect();
    if pushes.is_empty() {
        return None;
    }
    Some(quote! {
        let mut query = Vec::new();
        #(#pushes)*
        request = request.query(&query);
    })
}

fn header(param: &Parameter) -> TokenStream {
    let field = ident(&param.name);
    let wire = &param.wire_name;
    if param.required {
        quote! { request = request.header(#wire, runtime::header_value(#wire, &params.#field)?); }
    } else {
        quote! {
            if let Some(value) = &params.#field {
                request = request.header(#wire, runtime::header_value(#wire, value)?);
            }
        }
    }
}

fn cookies(op: &Operation) -> Option<TokenStream> {
    let pushes: Vec<TokenStream> = op
        .other_params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .map(|p| {
            let field = ident(&p.name);
            let wire = &p.wire_name;
            quote! { runtime::push_cookie(&mut cookies, #wire, &params.#field)?; }
        })
        .collect();
    if pushes.is_empty() {
        return None;
    }
    Some(quote! {
        let mut cookies = Vec::new();
        #(#pushes)*
        if !cookies.is_empty() {
            request = request.header(reqwest::header::COOKIE, cookies.join("; "));
        }
    })
}

/// Match arms from status to result: exact codes, then ranges, then `default`, then anything else.
fn response_arms(op: &Operation) -> Vec<TokenStream> {
    let mut ordered: Vec<(&Response, bool)> = Vec::new();
    for rank in 0..3 {
        for (responses, is_success) in [(&op.success, true), (&op.errors, false)] {
            for response in responses.iter() {
                let response_rank = match response.status {
                    StatusMatch::Code(_) => 0,
                    StatusMatch::Range(_) => 1,
                    StatusMatch::Default => 2,
                };
                if response_rank == rank {
                    ordered.push((response, is_success));
                }
            }
        }
    }
    let mut arms: Vec<TokenStream> = ordered
        .into_iter()
        .map(|(response, is_success)| {
            let pattern = match response.status {
                StatusMatch::Code(code) => {
                    let code = Literal::u16_unsuffixed(code);
                    quote!(#code)
                }
                StatusMatch::Range(range) => {
                    let (low, high) = (Literal::u16_unsuffixed(range * 100), Literal::u16_unsuffixed(range * 100 + 99));
                    quote!(#low..=#high)
                }
                StatusMatch::Default if is_success => quote!(200..=299),
                StatusMatch::Default => quote!(_),
            };
            let value = if is_success { success_value(op, response) } else { error_value(op, response) };
            quote! { #pattern => #value, }
        })
        .collect();
    if op.success.is_empty() {
        arms.insert(0, quote! { 200..=299 => Ok(()), });
    }
    if !op.errors.iter().any(|r| r.status == StatusMatch::Default) {
        arms.push(quote! { _ => Err(response.unexpected()), });
    }
    arms
}

fn success_value(op: &Operation, response: &Response) -> TokenStream {
    let with_status = !matches!(response.status, StatusMatch::Code(_));
    match &op.success_type {
        SuccessType::Unit => quote!(Ok(())),
        SuccessType::Single(body) => decode(body),
        SuccessType::Enum(name) => {
            let name = ident(name);
            let variant = ident(&response.variant);
            match (&response.body, with_status) {
                (None, false) => quote!(Ok(#name::#variant)),
                (None, true) => quote!(Ok(#name::#variant(status))),
                (Some(body), false) => {
                    let value = decode(body);
                    quote!(#value.map(#name::#variant))
                }
                (Some(body), true) => {
                    let value = decode(body);
                    quote!(#value.map(|body| #name::#variant(status, body)))
                }
            }
        }
    }
}

/// Reads a body into `Result<T, Error<E>>`.
fn decode(body: &BodyType) -> TokenStream {
    match body {
        BodyType::Json(_) => quote!(response.json()),
        BodyType::Text => quote!(response.text()),
        BodyType::Binary => quote!(Ok(response.bytes())),
    }
}

fn error_value(op: &Operation, response: &Response) -> TokenStream {
    let name = ident(op.error_type.as_deref().unwrap_or("Infallible"));
    let variant = ident(&response.variant);
    let status = (!matches!(response.status, StatusMatch::Code(_))).then(|| quote!(status,));
    match &response.body {
        None => match status {
            Some(_) => quote!(Err(Error::Api(#name::#variant(status)))),
            None => quote!(Err(Error::Api(#name::#variant))),
        },
        Some(BodyType::Json(_)) => match status {
            Some(_) => quote!(Err(response.api_error(|body| #name::#variant(status, body)))),
            None => quote!(Err(response.api_error(#name::#variant))),
        },
        Some(BodyType::Text) => quote! {
            Err(match response.text() {
                Ok(body) => Error::Api(#name::#variant(#status body)),
                Err(error) => error,
            })
        },
        Some(BodyType::Binary) => quote!(Err(Error::Api(#name::#variant(#status response.bytes())))),
    }
}
