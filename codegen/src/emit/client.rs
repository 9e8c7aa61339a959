//! The `Client`: construction, credentials, and one async method per operation.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{body_tokens, doc, doc_or, ident, named_in, type_tokens};
use crate::ir::{
    Api, ApiKeyLocation, BodyMedia, BodyType, Operation, ParamLocation, ParamStyle, Parameter, PathPart, RequestBody,
    Response, SecurityKind, SecurityScheme, Server, ServerGroup, StatusMatch, SuccessType, TypeDef, TypeKind, TypeRef,
};

pub(super) fn emit(api: &Api) -> TokenStream {
    let imports = imports(api);
    let client_doc = doc_or(api.description.as_deref(), || format!("A client for {}.", api.title));
    let title = doc(&format!("A client for {} {}.", api.title, api.version));
    let default_url = api.default_base_url.as_deref().map(|url| {
        quote! {
            /// The base URL of the first server the spec lists, with its variables at their defaults.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let schemes = api.security.iter().map(|scheme| {
        let key = &scheme.key;
        let placement = match &scheme.kind {
            SecurityKind::ApiKey(ApiKeyLocation::Header, name) => quote!(Header(#name)),
            SecurityKind::ApiKey(ApiKeyLocation::Query, name) => quote!(Query(#name)),
            SecurityKind::ApiKey(ApiKeyLocation::Cookie, name) => quote!(Cookie(#name)),
            SecurityKind::Basic => quote!(Basic),
            SecurityKind::Bearer | SecurityKind::OAuth2 | SecurityKind::OpenIdConnect => quote!(Bearer),
            SecurityKind::Http(_) => quote!(Authorization),
        };
        quote! { runtime::Scheme { key: #key, placement: runtime::Placement::#placement }, }
    });
    let group_urls = api.server_groups.iter().map(|group| group.servers[0].default_url());
    let setters = api.security.iter().enumerate().map(|(i, scheme)| setter(i, scheme));
    let group_setters = api.server_groups.iter().enumerate().map(|(i, group)| group_setter(i + 1, group));
    let methods = api.operations.iter().map(|op| {
        let gate = super::gate(&op.features);
        let method = method(op);
        quote! { #gate #method }
    });
    let calls = api.operations.iter().map(|op| super::gated(call(op, &api.types), &op.features));
    let servers = servers(api);
    let for_server = (!api.servers.is_empty()).then(|| {
        quote! {
            /// Creates a client for one of the servers the spec lists, with its variables, and
            /// [`Client::default_config`].
            pub fn for_server(server: &Server) -> Result<Self, ConfigError> {
                Self::new(&server.url())
            }
        }
    });
    // Operations that document a 3XX response get it, rather than wherever it points.
    let stopping = api
        .operations
        .iter()
        .any(documents_redirects)
        .then(|| quote!(.stopping_at_redirects_with(config.http_client_stopping_at_redirects()?)));
    // Runtime items other than these three are named by path, so a schema may take their names.
    quote! {
        use super::runtime::{self, Config, ConfigError, Error};
        #imports

        #default_url

        /// The security schemes of `components.securitySchemes`, in order.
        const SCHEMES: &[runtime::Scheme] = &[#(#schemes)*];

        /// The default base URLs of the operations that declare servers of their own.
        const GROUP_URLS: &[&str] = &[#(#group_urls),*];

        #servers

        #title
        ///
        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: runtime::Transport,
            credentials: runtime::Credentials,
        }

        impl Client {
            /// Creates a client for the API at `base_url`, with [`Client::default_config`].
            pub fn new(base_url: &str) -> Result<Self, ConfigError> {
                Self::with_config(base_url, &Self::default_config())
            }

            #for_server

            /// The default configuration: this crate's user agent, 10 s to connect, 60 s per request,
            /// 16 MiB per response, and up to three retries of idempotent requests.
            pub fn default_config() -> Config {
                runtime::Config::new(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            }

            /// Creates a client for the API at `base_url` with `config`'s timeouts and limits.
            pub fn with_config(base_url: &str, config: &Config) -> Result<Self, ConfigError> {
                Ok(Client {
                    transport: runtime::Transport::new(base_url, GROUP_URLS, config.http_client()?, config)? #stopping,
                    credentials: runtime::Credentials::new(SCHEMES),
                })
            }

            /// Creates a client that sends through `http`, configured by the caller. Response size and
            /// retries still follow [`Client::default_config`].
            pub fn with_http_client(base_url: &str, http: reqwest::Client) -> Result<Self, ConfigError> {
                Ok(Client {
                    transport: runtime::Transport::new(base_url, GROUP_URLS, http, &Self::default_config())?,
                    credentials: runtime::Credentials::new(SCHEMES),
                })
            }

            /// The base URL requests go to, without a trailing slash.
            pub fn base_url(&self) -> &str {
                self.transport.base_url(0)
            }

            #(#group_setters)*
            #(#setters)*
            #(#methods)*
        }

        #(#calls)*
    }
}

/// The `Server` enum of the document's servers, and the types of their variables.
fn servers(api: &Api) -> TokenStream {
    if api.servers.is_empty() {
        return TokenStream::new();
    }
    let variants = api.servers.iter().map(|server| {
        let name = ident(&server.name);
        let doc = doc(&server_doc(&server.url, server.description.as_deref()));
        match &server.variables_type {
            Some(ty) => {
                let ty = ident(ty);
                quote! { #doc #name(#ty), }
            }
            None => quote! { #doc #name, },
        }
    });
    let urls = api.servers.iter().map(|server| {
        let name = ident(&server.name);
        let url = &server.url;
        if server.variables_type.is_some() {
            let pairs = server.variables.iter().map(|v| {
                let wire = &v.name;
                let field = ident(&v.field);
                match &v.enum_type {
                    Some(_) => quote! { (#wire, variables.#field.as_str()) },
                    None => quote! { (#wire, variables.#field.as_str()) },
                }
            });
            quote! { Server::#name(variables) => runtime::server_url(#url, &[#(#pairs),*]), }
        } else {
            quote! { Server::#name => #url.to_owned(), }
        }
    });
    let first = &api.servers[0];
    let first_name = ident(&first.name);
    let default = match &first.variables_type {
        Some(_) => quote!(Server::#first_name(Default::default())),
        None => quote!(Server::#first_name),
    };
    let variable_types = api.servers.iter().filter_map(variables_type);
    quote! {
        /// The servers the spec lists (`servers`), each with its variables; see [`Client::for_server`].
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Server {
            #(#variants)*
        }

        impl Default for Server {
            /// The first server, with its variables at their defaults.
            fn default() -> Self {
                #default
            }
        }

        impl Server {
            /// The server's URL, its variables filled in.
            pub fn url(&self) -> String {
                match self {
                    #(#urls)*
                }
            }
        }

        #(#variable_types)*
    }
}

/// `url` and what the spec says of it.
fn server_doc(url: &str, description: Option<&str>) -> String {
    match description {
        Some(description) => format!("`{url}`: {description}"),
        None => format!("`{url}`."),
    }
}

/// The struct of one server's variables, and the enums of those with an `enum`.
fn variables_type(server: &Server) -> Option<TokenStream> {
    let ty = ident(server.variables_type.as_ref()?);
    let type_doc = doc(&format!("The variables of [`Server::{}`]: `{}`.", server.name, server.url));
    let fields = server.variables.iter().map(|v| {
        let field = ident(&v.field);
        let doc = doc_or(v.description.as_deref(), || format!("`{{{}}}`.", v.name));
        let field_ty = match &v.enum_type {
            Some(enum_type) => {
                let enum_type = ident(enum_type);
                quote!(#enum_type)
            }
            None => quote!(String),
        };
        quote! { #doc pub #field: #field_ty, }
    });
    let defaults = server.variables.iter().map(|v| {
        let field = ident(&v.field);
        let default = &v.default;
        match &v.enum_type {
            Some(enum_type) => {
                let enum_type = ident(enum_type);
                let variant = ident(
                    &enum_variants(&v.values)
                        .into_iter()
                        .find(|(_, value)| value == default)
                        .map_or_else(|| "Unknown".to_owned(), |(name, _)| name),
                );
                quote! { #field: #enum_type::#variant, }
            }
            None => quote! { #field: #default.to_owned(), },
        }
    });
    let enums = server.variables.iter().filter_map(|v| {
        let enum_type = ident(v.enum_type.as_ref()?);
        let enum_doc = doc(&format!("The values `{{{}}}` may take (its `enum`).", v.name));
        let variants = enum_variants(&v.values);
        let names: Vec<_> = variants.iter().map(|(name, _)| ident(name)).collect();
        let values: Vec<_> = variants.iter().map(|(_, value)| value.clone()).collect();
        let value_docs = values.iter().map(|value| doc(&format!("`{value}`")));
        Some(quote! {
            #enum_doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub enum #enum_type {
                #(#value_docs #names,)*
            }

            impl #enum_type {
                /// The value as it goes into the URL.
                pub fn as_str(self) -> &'static str {
                    match self {
                        #(Self::#names => #values,)*
                    }
                }
            }
        })
    });
    Some(quote! {
        #type_doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct #ty {
            #(#fields)*
        }

        impl Default for #ty {
            /// Every variable at its `default`.
            fn default() -> Self {
                #ty { #(#defaults)* }
            }
        }

        #(#enums)*
    })
}

/// Variant names for the values of a server variable's `enum`.
fn enum_variants(values: &[String]) -> Vec<(String, String)> {
    let mut scope = crate::names::Scope::default();
    values.iter().map(|value| (scope.claim(crate::names::variant(value)), value.clone())).collect()
}

/// `with_<group>_base_url`: where the operations with their own servers go.
fn group_setter(index: usize, group: &ServerGroup) -> TokenStream {
    let index_literal = Literal::usize_unsuffixed(index);
    let setter = ident(&format!("with_{}_base_url", group.name));
    let getter = ident(&format!("{}_base_url", group.name));
    let urls: Vec<String> = group.servers.iter().map(|s| format!("`{}`", s.url)).collect();
    let summary = doc(&format!(
        "Sends the operations that declare the servers {} to `base_url` instead of `{}`.",
        urls.join(", "),
        group.servers[0].default_url()
    ));
    let getter_doc = doc(&format!("The base URL of the operations that declare the servers {}.", urls.join(", ")));
    quote! {
        #summary
        pub fn #setter(mut self, base_url: &str) -> Result<Self, ConfigError> {
            self.transport.set_base_url(#index_literal, base_url)?;
            Ok(self)
        }

        #getter_doc
        pub fn #getter(&self) -> &str {
            self.transport.base_url(#index_literal)
        }
    }
}

fn imports(api: &Api) -> TokenStream {
    let mut types = BTreeSet::new();
    let mut errors = BTreeSet::new();
    for op in &api.operations {
        for param in op.path_params.iter().chain(&op.other_params) {
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
    let types = super::use_types(api, &types);
    let errors = super::use_from(api, quote!(errors), &errors);
    quote! { #types #errors }
}

fn setter(index: usize, scheme: &SecurityScheme) -> TokenStream {
    let slot = Literal::usize_unsuffixed(index);
    let setter = ident(&scheme.setter);
    let key = &scheme.key;
    let extra = scheme.doc.as_deref().map(|text| {
        let text = doc(text);
        quote! { #[doc = ""] #text }
    });
    let how = match &scheme.kind {
        SecurityKind::ApiKey(ApiKeyLocation::Header, name) => format!("an API key, sent in the `{name}` header"),
        SecurityKind::ApiKey(ApiKeyLocation::Query, name) => {
            format!("an API key, sent as the `{name}` query parameter")
        }
        SecurityKind::ApiKey(ApiKeyLocation::Cookie, name) => format!("an API key, sent as the `{name}` cookie"),
        SecurityKind::Basic => "a user and password, sent as `Authorization: Basic` (RFC 7617)".to_owned(),
        SecurityKind::Bearer => "a token, sent as `Authorization: Bearer` (RFC 6750)".to_owned(),
        SecurityKind::OAuth2 => "an OAuth 2.0 access token, sent as `Authorization: Bearer` (RFC 6750)".to_owned(),
        SecurityKind::OpenIdConnect => {
            "an OpenID Connect access token, sent as `Authorization: Bearer` (RFC 6750)".to_owned()
        }
        SecurityKind::Http(http) => format!("the whole `Authorization` value of the `{http}` scheme"),
    };
    let summary =
        doc(&format!("Sets the `{key}` credential: {how}, on every operation whose security requirements name it."));
    let fails =
        doc("Fails when the value cannot be sent there (a CR or LF, say). The value never appears in `Debug` output.");
    let (arguments, set) = match &scheme.kind {
        SecurityKind::Basic => {
            (quote!(user: &str, password: &str), quote!(self.credentials.set_basic(#slot, user, password)?;))
        }
        SecurityKind::ApiKey(..) => (quote!(key: &str), quote!(self.credentials.set(#slot, key)?;)),
        SecurityKind::Http(_) => (quote!(authorization: &str), quote!(self.credentials.set(#slot, authorization)?;)),
        _ => (quote!(token: &str), quote!(self.credentials.set(#slot, token)?;)),
    };
    let provider = scheme.provider_setter.as_ref().map(|name| {
        let name = ident(name);
        let doc = doc(&format!(
            "Sets the `{key}` credential to the token `provider` gives for each request, so tokens can be \
             refreshed without rebuilding the client. A provider that fails makes the call fail with `Error::Token`."
        ));
        quote! {
            #doc
            pub fn #name(mut self, provider: impl runtime::TokenProvider + 'static) -> Self {
                self.credentials.set_provider(#slot, std::sync::Arc::new(provider));
                self
            }
        }
    });
    quote! {
        #summary
        #extra
        ///
        #fails
        pub fn #setter(mut self, #arguments) -> Result<Self, ConfigError> {
            #set
            Ok(self)
        }

        #provider
    }
}

/// How a call holds an argument of type `ty`: strings and named types borrowed for `'a`, the rest
/// by value.
pub(super) fn held_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&'a str),
        TypeRef::Named(_)
        | TypeRef::Boxed(_)
        | TypeRef::List(_)
        | TypeRef::Tuple(_)
        | TypeRef::Map(_)
        | TypeRef::Json
        | TypeRef::JsonObject
        | TypeRef::Nullable(_)
        | TypeRef::Binary
        | TypeRef::Base64 => {
            let ty = type_tokens(ty);
            quote!(&'a #ty)
        }
        _ => type_tokens(ty),
    }
}

/// How a call holds its body, and how the method takes it when it is required.
fn held_body(body: &RequestBody) -> (TokenStream, TokenStream) {
    match body.media {
        BodyMedia::Text => (quote!(&'a str), quote!(&'a str)),
        BodyMedia::Binary if body.required => (quote!(reqwest::Body), quote!(impl Into<reqwest::Body>)),
        BodyMedia::Binary => (quote!(Vec<u8>), quote!(Vec<u8>)),
        _ => {
            let ty = type_tokens(&body.ty);
            (quote!(&'a #ty), quote!(&'a #ty))
        }
    }
}

/// The method of an operation: it takes the path parameters, the required parameters and a
/// required body, and returns the operation's call.
fn method(op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let call = ident(&op.call_type);
    let request_line = format!("`{} {}`", op.method.as_str(), op.path);
    let method_doc = match op.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(text) => {
            let text = doc(text);
            let line = doc(&request_line);
            quote! { #text #[doc = ""] #line }
        }
        None => doc(&request_line),
    };
    let optional = (op.params_type.is_some() || op.body.as_ref().is_some_and(|b| !b.required)).then(|| {
        let text = doc(&format!(
            "Its optional parameters are set on the [`{}`] it returns, which is then awaited.",
            op.call_type
        ));
        quote! { #[doc = ""] #text }
    });
    let required: Vec<&Parameter> =
        op.path_params.iter().chain(op.other_params.iter().filter(|p| p.required)).collect();
    let mut args: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            let ty = held_type(&p.ty);
            quote! { #name: #ty }
        })
        .collect();
    let mut inits: Vec<TokenStream> = required.iter().map(|p| ident(&p.name)).map(|n| quote!(#n,)).collect();
    if let Some(body) = &op.body {
        if body.required {
            let (_, taken) = held_body(body);
            args.push(quote!(body: #taken));
            inits.push(if body.media == BodyMedia::Binary { quote!(body: body.into(),) } else { quote!(body,) });
        } else {
            inits.push(quote!(body: None,));
        }
    }
    if op.params_type.is_some() {
        inits.push(quote!(params: Default::default(),));
    }
    quote! {
        #method_doc
        #optional
        pub fn #name<'a>(&'a self, #(#args),*) -> #call<'a> {
            #call { client: self, #(#inits)* }
        }
    }
}

/// The call of an operation: its optional parameters as setters, `send`, and `IntoFuture`, so
/// `client.op(…).await` sends it. A new optional parameter is a new setter, so the method keeps
/// its shape.
fn call(op: &Operation, types: &[TypeDef]) -> TokenStream {
    let call = ident(&op.call_type);
    let method = &op.name;
    let optional = op.params_type.is_some() || op.body.as_ref().is_some_and(|b| !b.required);
    let call_doc = doc(&format!(
        "A call of [`Client::{0}`]: {2}`.await` it (or [`{1}::send`]).{3}",
        crate::names::bare(method),
        op.call_type,
        if optional { "set what it may go without, then " } else { "" },
        if optional {
            ""
        } else {
            "\n\nAn optional parameter or body the spec adds later becomes a setter here, so calls keep compiling."
        }
    ));
    let required: Vec<&Parameter> =
        op.path_params.iter().chain(op.other_params.iter().filter(|p| p.required)).collect();
    let mut fields: Vec<TokenStream> = required
        .iter()
        .map(|p| {
            let name = ident(&p.name);
            let ty = held_type(&p.ty);
            quote! { #name: #ty, }
        })
        .collect();
    let mut bindings: Vec<TokenStream> = required.iter().map(|p| ident(&p.name)).map(|n| quote!(#n,)).collect();
    let mut setters = Vec::new();
    if let Some(body) = &op.body {
        let (held, _) = held_body(body);
        if body.required {
            fields.push(quote! { body: #held, });
        } else {
            fields.push(quote! { body: Option<#held>, });
            let body_doc = doc_or(body.doc.as_deref(), || "The request body.".to_owned());
            setters.push(quote! {
                /// Sends a body, which this operation may go without.
                ///
                #body_doc
                pub fn body(mut self, body: #held) -> Self {
                    self.body = Some(body);
                    self
                }
            });
        }
        bindings.push(quote!(body,));
    }
    if let Some(params_type) = &op.params_type {
        let params_type = ident(params_type);
        fields.push(quote! { params: #params_type, });
        bindings.push(quote!(params,));
        for param in op.other_params.iter().filter(|p| !p.required) {
            let name = ident(&param.name);
            let ty = type_tokens(&param.ty);
            let what = param_what(param);
            let setter_doc = doc_or(param.doc.as_deref(), || format!("The `{}` {what}.", param.wire_name));
            let summary = doc(&format!("Sets the `{}` {what}.", param.wire_name));
            setters.push(quote! {
                #summary
                ///
                #setter_doc
                pub fn #name(mut self, value: impl Into<#ty>) -> Self {
                    self.params.#name = Some(value.into());
                    self
                }
            });
        }
        setters.push(quote! {
            /// Sets every optional parameter at once.
            pub fn params(mut self, params: #params_type) -> Self {
                self.params = params;
                self
            }
        });
    }
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
    let path = path_expression(op);
    let http_method = ident(op.method.as_str());
    let parameters: Vec<TokenStream> = op.other_params.iter().map(parameter).collect();
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
    let redirects = documents_redirects(op).then(|| quote!(request.stop_at_redirects();));
    let accept = op.accept();
    let accept = (!accept.is_empty()).then(|| {
        let media_types = accept.join(", ");
        quote!(request.accept(#media_types);)
    });
    let mutable =
        (!parameters.is_empty() || body.is_some() || redirects.is_some() || accept.is_some()).then(|| quote!(mut));
    let group = Literal::usize_unsuffixed(op.server_group);
    let requirements = op.security.iter().map(|requirement| {
        let indexes = requirement.iter().map(|&i| Literal::usize_unsuffixed(i));
        quote!(&[#(#indexes),*])
    });
    quote! {
        #call_doc
        #[must_use = "a call sends nothing until it is awaited"]
        pub struct #call<'a> {
            client: &'a Client,
            #(#fields)*
        }

        impl<'a> #call<'a> {
            #(#setters)*

            /// Sends the request and reads the response.
            pub async fn send(self) -> Result<#ok, Error<#err>> {
                let #call { client, #(#bindings)* } = self;
                let #mutable request = runtime::Request::new(reqwest::Method::#http_method, #path);
                #redirects
                #accept
                #(#parameters)*
                #body
                let response = client.transport.send(#group, request, &client.credentials, &[#(#requirements),*]).await?;
                let status = response.status();
                match status.as_u16() {
                    #(#arms)*
                }
            }
        }

        impl<'a> std::future::IntoFuture for #call<'a> {
            type Output = Result<#ok, Error<#err>>;
            type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    }
}

/// What a parameter is, in words: `query parameter`, `header`, `cookie`.
fn param_what(param: &Parameter) -> &'static str {
    match param.location {
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Path => "path parameter",
    }
}

/// Whether an operation documents a redirect (3XX) response.
fn documents_redirects(op: &Operation) -> bool {
    op.success.iter().chain(&op.errors).any(|r| match r.status {
        StatusMatch::Code(code) => (300..400).contains(&code),
        StatusMatch::Range(range) => range == 3,
        StatusMatch::Default => false,
    })
}

/// The `Param` describing how `param` is written.
fn param_tokens(param: &Parameter) -> TokenStream {
    let wire = &param.wire_name;
    let style = ident(match param.style {
        ParamStyle::Matrix => "Matrix",
        ParamStyle::Label => "Label",
        ParamStyle::Simple => "Simple",
        ParamStyle::Form => "Form",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
    });
    let explode = param.explode;
    let required = param.required.then(|| quote!(.required()));
    let reserved = param.allow_reserved.then(|| quote!(.allow_reserved()));
    quote!(runtime::Param::new(#wire, runtime::Style::#style, #explode)#required #reserved)
}

/// Adds a query, header or cookie parameter to the request.
fn parameter(param: &Parameter) -> TokenStream {
    let field = ident(&param.name);
    let spec = param_tokens(param);
    let adder = ident(match param.location {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        _ => "cookie",
    });
    let value = if param.required { quote!(&#field) } else { quote!(&params.#field) };
    quote! { request.#adder(#spec, #value)?; }
}

/// Puts `body` on `request` in its media type.
fn send_body(body: &RequestBody, types: &[TypeDef]) -> TokenStream {
    let media_type = &body.media_type;
    match body.media {
        BodyMedia::Json => quote! { request.json(#media_type, body)?; },
        BodyMedia::Form => {
            let encodings = body.encoding.iter().filter(|e| form_encoded(e)).map(|e| {
                let property = &e.property;
                let style = e.style.unwrap_or(ParamStyle::Form);
                let explode = e.explode.unwrap_or(matches!(style, ParamStyle::Form | ParamStyle::DeepObject));
                let param = Parameter {
                    name: String::new(),
                    wire_name: property.clone(),
                    location: ParamLocation::Query,
                    doc: None,
                    ty: TypeRef::Json,
                    required: false,
                    style,
                    explode,
                    allow_reserved: e.allow_reserved,
                    keywords: Default::default(),
                    pointer: String::new(),
                };
                param_tokens(&param)
            });
            quote! { request.form(body, &[#(#encodings),*])?; }
        }
        BodyMedia::Text => quote! { request.bytes(#media_type, body.to_owned()); },
        BodyMedia::Binary if body.required => quote! { request.stream(#media_type, body); },
        BodyMedia::Binary => quote! { request.bytes(#media_type, body); },
        BodyMedia::Multipart => {
            let parts = multipart_parts(body, types);
            quote! {
                let mut form = runtime::Multipart::new();
                #parts
                form.finish(&mut request);
            }
        }
    }
}

/// Whether an Encoding Object sets how a form property is written (`style`, `explode`, `allowReserved`).
fn form_encoded(encoding: &crate::ir::PropertyEncoding) -> bool {
    encoding.style.is_some() || encoding.explode.is_some() || encoding.allow_reserved
}

/// One part per property of a struct body: binary data as file parts, anything else by value.
fn multipart_parts(body: &RequestBody, types: &[TypeDef]) -> TokenStream {
    let fields = match &body.ty {
        TypeRef::Named(name) => types.iter().find(|t| &t.name == name).and_then(|t| match &t.kind {
            TypeKind::Struct { fields, .. } => Some(fields),
            _ => None,
        }),
        _ => None,
    };
    let Some(fields) = fields else {
        return quote! { form = form.value("body", body, runtime::PartEncoding::default())?; };
    };
    let parts = fields.iter().map(|field| {
        let name = ident(&field.name);
        if field.flatten {
            return quote! { form = form.properties(&body.#name); };
        }
        let wire = &field.wire_name;
        let encoding = body.encoding.iter().find(|e| &e.property == wire);
        let content_type = match encoding.and_then(|e| e.content_type.as_deref()) {
            Some(content_type) => quote!(Some(#content_type)),
            None => quote!(None),
        };
        let headers = encoding.map(|e| e.headers.clone()).unwrap_or_default();
        let header_pairs = headers.iter().map(|(n, v)| quote!((#n, #v)));
        let encoding = quote!(runtime::PartEncoding { content_type: #content_type, headers: &[#(#header_pairs),*] });
        // A field that may be absent or null (`Nullable<T>`) sends a file only when it holds one.
        let three_state = field.three_state();
        let held = if three_state { quote!(body.#name.value()) } else { quote!(&body.#name) };
        match &field.ty {
            TypeRef::Binary if field.optional => quote! {
                if let Some(value) = #held {
                    form = form.file(#wire, value, #encoding)?;
                }
            },
            TypeRef::Binary => quote! { form = form.file(#wire, &body.#name, #encoding)?; },
            TypeRef::List(item) if **item == TypeRef::Binary => {
                let items = match (field.optional, three_state) {
                    (true, true) => quote!(body.#name.value().into_iter().flatten()),
                    (true, false) => quote!(body.#name.iter().flatten()),
                    (false, _) => quote!(body.#name.iter()),
                };
                quote! {
                    for value in #items {
                        form = form.file(#wire, value, #encoding)?;
                    }
                }
            }
            _ => quote! { form = form.value(#wire, &body.#name, #encoding)?; },
        }
    });
    quote! { #(#parts)* }
}

/// The path: a literal, or `[..].concat()` of literal text and `runtime::path_param` calls.
fn path_expression(op: &Operation) -> TokenStream {
    if op.path_params.is_empty() {
        let literal = &op.path;
        return quote!(#literal);
    }
    let pieces = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(#text),
        PathPart::Param(index) => {
            let param = &op.path_params[*index];
            let name = ident(&param.name);
            let spec = param_tokens(param);
            quote!(&runtime::path_param(#spec, &#name)?)
        }
    });
    quote!([#(#pieces),*].concat())
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
