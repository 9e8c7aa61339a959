//! IR → token streams, one per output file.

mod client;
pub(crate) mod conformance;
mod errors;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, BodyType, SuccessType, TypeRef};

/// The generated files that come from the API, in order; `runtime.rs` follows them.
pub const FILES: [&str; 4] = ["mod.rs", "types.rs", "errors.rs", "client.rs"];

/// Emits the file `path` (one of [`FILES`]) of the client for `api`, or `None` when the client has
/// no such file. Each file is emitted on its own, so files can be emitted and formatted in parallel.
pub fn emit_file(api: &Api, path: &str) -> Option<TokenStream> {
    match path {
        "mod.rs" => Some(module(api)),
        "types.rs" => has_types(api).then(|| types::emit(api)),
        "errors.rs" => has_errors(api).then(|| errors::emit(api)),
        "client.rs" => Some(client::emit(api)),
        _ => None,
    }
}

/// Whether `errors.rs` exists: some operation documents error responses.
fn has_errors(api: &Api) -> bool {
    api.operations.iter().any(|op| op.error_type.is_some())
}

/// Whether `types.rs` exists: there are schemas, parameter types or response enums.
fn has_types(api: &Api) -> bool {
    !api.types.is_empty()
        || api.operations.iter().any(|op| op.params_type.is_some() || matches!(op.success_type, SuccessType::Enum(_)))
}

/// `mod.rs`: module declarations and re-exports.
fn module(api: &Api) -> TokenStream {
    let has_errors = has_errors(api);
    let has_types = has_types(api);
    let errors_module = has_errors.then(|| {
        quote! {
            /// The documented error responses of each operation.
            pub mod errors;
        }
    });
    let types_module = has_types.then(|| {
        quote! {
            /// The API's data types, and each operation's parameter and response types.
            pub mod types;
        }
    });
    let errors_use = has_errors.then(|| {
        quote!(
            pub use errors::*;
        )
    });
    let types_use = has_types.then(|| {
        quote!(
            pub use types::*;
        )
    });
    quote! {
        mod client;
        #errors_module
        pub mod runtime;
        #types_module

        pub use client::*;
        #errors_use
        pub use runtime::{
            ApiError, BoxError, Bytes, Config, ConfigError, Error, InterruptedResponse, InvalidRequest, Nullable,
            RetryPolicy, StatusCode, TokenProvider, UnexpectedResponse,
        };
        #types_use
    }
}

/// An identifier; names come from [`crate::names`], so they are always valid.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes for `text`, made safe for rustdoc.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// One line per doc attribute, each with a leading space as `///` would have.
///
/// Control characters are dropped, code fences become `text` blocks and indentation
/// outside fences is removed, so no description can turn into a doctest that runs.
fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    // Inside a list item, continuation lines are indented to the item's text, as clippy expects.
    let mut list_indent: Option<usize> = None;
    let mut lines = Vec::new();
    for raw in text.trim().lines() {
        let line: String = raw.chars().filter(|c| !c.is_control() || *c == '\t').collect();
        let line = line.trim_end();
        let trimmed = line.trim_start();
        let line = if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            in_fence = !in_fence;
            list_indent = None;
            if in_fence { format!("{fence}text") } else { fence.to_owned() }
        } else if in_fence {
            line.to_owned()
        } else if trimmed.is_empty() {
            list_indent = None;
            String::new()
        } else if let Some(offset) = list_item_offset(trimmed) {
            list_indent = Some(offset);
            trimmed.to_owned()
        } else {
            format!("{}{trimmed}", " ".repeat(list_indent.unwrap_or(0)))
        };
        lines.push(if line.is_empty() { String::new() } else { format!(" {line}") });
    }
    if in_fence {
        lines.push(" ```".to_owned());
    }
    lines
}

/// Where the text of a Markdown list item starts (`- a` → 2, `10. a` → 4), if `line` is one.
fn list_item_offset(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let after = line.as_bytes().get(digits).copied();
        if digits == 0 || digits > 9 || !matches!(after, Some(b'.' | b')')) {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].bytes().take_while(|b| *b == b' ').count();
    (spaces >= 1 && marker + spaces < line.len()).then_some(marker + spaces)
}

/// Doc text, or `fallback` when the spec gives none.
pub(crate) fn doc_or(text: Option<&str>, fallback: impl FnOnce() -> String) -> TokenStream {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => doc(text),
        None => doc(&fallback()),
    }
}

/// The Rust type for a type use.
pub(crate) fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Boxed(name) => {
            let name = ident(name);
            quote!(Box<#name>)
        }
        TypeRef::List(item) => {
            let item = type_tokens(item);
            quote!(Vec<#item>)
        }
        TypeRef::Binary | TypeRef::Base64 => quote!(Bytes),
        TypeRef::Map(value) => {
            let value = type_tokens(value);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner);
            quote!(Option<#inner>)
        }
    }
}

/// The Rust type a response body decodes into.
pub(crate) fn body_tokens(body: &BodyType) -> TokenStream {
    match body {
        BodyType::Json(ty) => type_tokens(ty),
        BodyType::Text => quote!(String),
        BodyType::Binary => quote!(Vec<u8>),
    }
}

/// Named types a type use mentions, for `use` lists.
pub(crate) fn named_in(ty: &TypeRef, out: &mut std::collections::BTreeSet<String>) {
    match ty {
        TypeRef::Named(name) | TypeRef::Boxed(name) => {
            out.insert(name.clone());
        }
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named_in(inner, out),
        _ => {}
    }
}

/// Whether a type use holds bytes, so its file must import `Bytes`.
pub(crate) fn uses_bytes(ty: &TypeRef) -> bool {
    ty.contains(&|t| matches!(t, TypeRef::Binary | TypeRef::Base64))
}

/// `use super::types::{…};` for `names`, or nothing.
pub(crate) fn use_types(names: &std::collections::BTreeSet<String>) -> TokenStream {
    if names.is_empty() {
        return TokenStream::new();
    }
    let names = names.iter().map(|n| ident(n));
    quote! { use super::types::{#(#names),*}; }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_cannot_become_doctests() {
        let lines = doc_lines("Intro\n\n    indented code\n```rust\nfn main() {}\n```\n```\nunclosed");
        assert_eq!(
            lines,
            [" Intro", "", " indented code", " ```text", " fn main() {}", " ```", " ```text", " unclosed", " ```"]
        );
    }

    #[test]
    fn list_continuations_are_indented() {
        assert_eq!(
            doc_lines("*   one\ntwo\n\nthree\n1. x\ny"),
            [" *   one", "     two", "", " three", " 1. x", "    y"]
        );
    }

    #[test]
    fn doc_lines_drop_control_characters() {
        assert_eq!(doc_lines("a\u{7}b\r\nc\u{1b}[0m"), [" ab", " c[0m"]);
    }
}
