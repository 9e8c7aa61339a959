//! IR → token streams, one per output file.

mod client;
pub(crate) mod conformance;
mod errors;
mod types;
mod webhooks;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, BodyType, SuccessType, TypeRef};

/// The generated files that come from the API, in order; `runtime.rs` follows them.
pub const FILES: [&str; 5] = ["mod.rs", "types.rs", "errors.rs", "client.rs", "webhooks.rs"];

/// Emits the file `path` (one of [`FILES`]) of the client for `api`, or `None` when the client has
/// no such file. Each file is emitted on its own, so files can be emitted and formatted in parallel.
pub fn emit_file(api: &Api, path: &str) -> Option<TokenStream> {
    match path {
        "mod.rs" => Some(module(api)),
        "types.rs" => has_types(api).then(|| types::emit(api)),
        "errors.rs" => has_errors(api).then(|| errors::emit(api)),
        "client.rs" => Some(client::emit(api)),
        "webhooks.rs" => (!api.webhooks.is_empty()).then(|| webhooks::emit(api)),
        _ => None,
    }
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", …))]` for an item compiled under any
/// of `features`; nothing when there are none.
pub(crate) fn gate(features: &[String]) -> TokenStream {
    match features {
        [] => quote!(),
        [one] => quote! { #[cfg(feature = #one)] },
        several => quote! { #[cfg(any(#(feature = #several),*))] },
    }
}

/// `items` (several items, such as a type and its impls), each compiled under any of `features`.
pub(crate) fn gated(items: TokenStream, features: &[String]) -> TokenStream {
    if features.is_empty() {
        return items;
    }
    let gate = gate(features);
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let items = file.items;
            quote! { #(#gate #items)* }
        }
        // The emitters make items only; should that break, the gate is lost rather than the code.
        Err(_) => items,
    }
}

/// Whether any item is compiled only under some Cargo feature.
pub(crate) fn has_gates(api: &Api) -> bool {
    api.operations.iter().any(|op| !op.features.is_empty()) || api.types.iter().any(|t| !t.features.is_empty())
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
    // With every feature off, or in a document of webhooks only, no operation is left to use the
    // runtime's items that the files import.
    let allow = (has_gates(api) || api.operations.is_empty()).then(|| quote!(#[allow(unused_imports, dead_code)]));
    let errors_module = has_errors.then(|| {
        quote! {
            /// The documented error responses of each operation.
            #allow
            pub mod errors;
        }
    });
    let types_module = has_types.then(|| {
        quote! {
            /// The API's data types, and each operation's parameter and response types.
            #allow
            pub mod types;
        }
    });
    let errors_use = has_errors.then(|| {
        quote!(
            #allow
            pub use errors::*;
        )
    });
    let types_use = has_types.then(|| {
        quote!(
            #allow
            pub use types::*;
        )
    });
    let webhooks_module = (!api.webhooks.is_empty()).then(|| {
        let gate = webhooks_gate(api);
        quote! {
            /// The API's webhooks: the requests it sends, for a receiver to decode.
            #gate
            pub mod webhooks;
            #gate
            pub use webhooks::{WebhookError, WebhookEvent};
        }
    });
    quote! {
        #allow
        mod client;
        #errors_module
        pub mod runtime;
        #types_module
        #webhooks_module

        pub use client::*;
        #errors_use
        pub use runtime::{
            ApiError, BoxError, Bytes, Config, ConfigError, Error, InterruptedResponse, InvalidRequest, Nullable,
            RetryPolicy, StatusCode, TokenProvider, UnexpectedResponse,
        };
        #types_use
    }
}

/// The `#[cfg]` under which every webhook payload type is compiled (each type is compiled under
/// any of its features), so `WebhookEvent` compiles exactly when all its payloads do.
fn webhooks_gate(api: &Api) -> TokenStream {
    let mut names = std::collections::BTreeSet::new();
    for ty in api.webhooks.iter().filter_map(|w| w.payload.as_ref()) {
        named_in(ty, &mut names);
    }
    let mut conditions: Vec<TokenStream> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for name in &names {
        let features = features_of(api, name);
        if features.is_empty() || !seen.insert(features.to_vec()) {
            continue;
        }
        conditions.push(match features {
            [one] => quote!(feature = #one),
            several => quote!(any(#(feature = #several),*)),
        });
    }
    match conditions.as_slice() {
        [] => quote!(),
        [one] => quote!(#[cfg(#one)]),
        all => quote!(#[cfg(all(#(#all),*))]),
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
/// Inside the text, characters that would be invisible or harmful in a comment are written as
/// their `\u{…}` escape (see [`is_hidden`]); a CRLF pair ends a line as LF does, and whitespace
/// around the whole text is dropped, as lowering does. Code fences become `text` blocks and
/// indentation outside fences is removed, so no description can turn into a doctest that runs.
fn doc_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    let text = text.trim();
    let mut in_fence = false;
    // Inside a list item, continuation lines are indented to the item's text, as clippy expects.
    let mut list_indent: Option<usize> = None;
    let mut lines = Vec::new();
    for raw in text.split('\n') {
        let line = escape_hidden(raw);
        let line = line.trim_end();
        let trimmed = line.trim_start();
        let line = if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            in_fence = !in_fence;
            list_indent = None;
            // A language tag gives way to `text`; anything else after the fence is content, kept
            // as the block's first (or, on a closing fence, last) line.
            let rest = trimmed.trim_start_matches(['`', '~']).trim();
            let language = rest.chars().all(|c| c.is_ascii_alphanumeric() || "-_+.#".contains(c));
            let kept = (!language).then(|| format!(" {rest}"));
            if in_fence {
                lines.push(format!(" {fence}text"));
                lines.extend(kept);
                continue;
            }
            lines.extend(kept);
            fence.to_owned()
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

/// Whether `c` must not reach a doc comment as it is: rustc refuses the bidirectional controls
/// (`text_direction_codepoint_in_comment`) and a bare CR, and the others hide text from a reader
/// or drive a terminal. These are the C0 controls but tab and LF (which ends a line), DEL, the C1 controls, the format characters (general category Cf: bidirectional marks,
/// embeddings, overrides and isolates, zero-width characters, the soft hyphen, the byte order mark,
/// the tag characters…) and the line and paragraph separators. Other text, accents, CJK and emoji
/// included, is kept as written.
fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{8}'
            | '\u{b}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            // Cf, Unicode 16.0.
            | '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
            // Zl and Zp.
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `line` with each [`is_hidden`] character written as its escape, `\u{202e}`.
fn escape_hidden(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains(is_hidden) {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut escaped = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if is_hidden(c) {
            escaped.extend(c.escape_unicode());
        } else {
            escaped.push(c);
        }
    }
    std::borrow::Cow::Owned(escaped)
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
        TypeRef::Tuple(members) => {
            let members = members.iter().map(type_tokens);
            quote!((#(#members,)*))
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
        // The configuration checked that it parses as a Rust path.
        TypeRef::External(path) => {
            syn::parse_str::<syn::Path>(path).map_or_else(|_| quote!(serde_json::Value), |p| quote!(#p))
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
        TypeRef::Tuple(members) => members.iter().for_each(|m| named_in(m, out)),
        _ => {}
    }
}

/// Whether a type use holds bytes, so its file must import `Bytes`.
pub(crate) fn uses_bytes(ty: &TypeRef) -> bool {
    ty.contains(&|t| matches!(t, TypeRef::Binary | TypeRef::Base64))
}

/// `use super::types::{…};` for `names`, or nothing. A type compiled only under some Cargo
/// features is imported under the same ones; such an import may go unused when the file's items
/// that use it are behind other features, so it allows that.
pub(crate) fn use_types(api: &Api, names: &std::collections::BTreeSet<String>) -> TokenStream {
    use_from(api, quote!(types), names)
}

/// `use super::<module>::{…};` for `names`, as [`use_types`] does.
pub(crate) fn use_from(api: &Api, module: TokenStream, names: &std::collections::BTreeSet<String>) -> TokenStream {
    let (always, gated): (Vec<&String>, Vec<&String>) =
        names.iter().partition(|name| features_of(api, name).is_empty());
    let always = (!always.is_empty()).then(|| {
        let names = always.iter().map(|n| ident(n));
        quote! { use super::#module::{#(#names),*}; }
    });
    let gated = gated.iter().map(|name| {
        let gate = gate(features_of(api, name));
        let name = ident(name);
        quote! { #gate #[allow(unused_imports)] use super::#module::#name; }
    });
    quote! { #always #(#gated)* }
}

/// The features a type of `types.rs` is compiled under: a schema's own, or those of the
/// operation whose parameter or response type it is.
fn features_of<'a>(api: &'a Api, name: &str) -> &'a [String] {
    if let Some(def) = api.types.iter().find(|t| t.name == name) {
        return &def.features;
    }
    let own = |op: &&crate::ir::Operation| {
        op.params_type.as_deref() == Some(name)
            || op.error_type.as_deref() == Some(name)
            || matches!(&op.success_type, SuccessType::Enum(n) if n == name)
    };
    api.operations.iter().find(own).map_or(&[], |op| &op.features)
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
    fn text_after_a_fence_that_is_not_a_language_is_kept() {
        assert_eq!(doc_lines("```\u{4} x\ncode\n```"), [" ```text", " \\u{4} x", " code", " ```"]);
    }

    #[test]
    fn list_continuations_are_indented() {
        assert_eq!(
            doc_lines("*   one\ntwo\n\nthree\n1. x\ny"),
            [" *   one", "     two", "", " three", " 1. x", "    y"]
        );
    }

    #[test]
    fn doc_lines_escape_control_characters() {
        // A CRLF pair ends a line; every other control is shown, not dropped.
        assert_eq!(doc_lines("a\u{7}b\r\nc\u{1b}[0m\rd\u{85}e"), [" a\\u{7}b", " c\\u{1b}[0m\\u{d}d\\u{85}e"]);
        assert_eq!(doc_lines("tab\there\u{7f}\u{0}"), [" tab\there\\u{7f}\\u{0}"]);
    }

    #[test]
    fn doc_lines_escape_bidirectional_and_invisible_characters() {
        // The "Trojan Source" reordering: an override that would make the comment read differently.
        assert_eq!(
            doc_lines("admin\u{202e} \u{2066}// check\u{2069}\u{2066}"),
            [" admin\\u{202e} \\u{2066}// check\\u{2069}\\u{2066}"]
        );
        assert_eq!(
            doc_lines("\u{feff}zero\u{200b}width\u{200d}join\u{ad}\u{61c}\u{200e}\u{200f}\u{2060}\u{180e}"),
            [" \\u{feff}zero\\u{200b}width\\u{200d}join\\u{ad}\\u{61c}\\u{200e}\\u{200f}\\u{2060}\\u{180e}"]
        );
        // Line and paragraph separators do not end the line. Around the whole text they are
        // whitespace, dropped like spaces; around a line inside it they are shown.
        assert_eq!(doc_lines("one\u{2028}two\u{2029}"), [" one\\u{2028}two"]);
        assert_eq!(doc_lines("\u{b} text \u{85}\nnext\u{c}\nlast\n"), [" text \\u{85}", " next\\u{c}", " last"]);
    }

    #[test]
    fn doc_lines_keep_ordinary_text() {
        let text = "Crème brûlée, 東京, Ελληνικά, emoji 🚀 and a non-breaking\u{a0}space";
        assert_eq!(doc_lines(text), [format!(" {text}")]);
    }
}
