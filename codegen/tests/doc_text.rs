//! Spec text with invisible and control characters: whatever a description, title, summary, enum
//! value or example holds, the generated files parse, hold none of those characters raw (rustc
//! refuses the bidirectional controls and a bare CR in comments, and the others hide text from a
//! reader), and show each of them as its `\u{…}` escape instead of dropping it.

use oaswire_codegen::{Document, Settings};
use proptest::prelude::*;
use serde_json::json;

/// The characters that must never reach a generated file as they are, written from the Unicode
/// tables here rather than taken from the generator: C0 controls (tab and LF are allowed as
/// layout, so they are not listed), DEL, C1 controls, every format character (Cf, Unicode 16.0),
/// and the line and paragraph separators.
const HIDDEN: &[(char, char)] = &[
    ('\u{0}', '\u{8}'),
    ('\u{b}', '\u{1f}'),
    ('\u{7f}', '\u{9f}'),
    ('\u{ad}', '\u{ad}'),
    ('\u{600}', '\u{605}'),
    ('\u{61c}', '\u{61c}'),
    ('\u{6dd}', '\u{6dd}'),
    ('\u{70f}', '\u{70f}'),
    ('\u{890}', '\u{891}'),
    ('\u{8e2}', '\u{8e2}'),
    ('\u{180e}', '\u{180e}'),
    ('\u{200b}', '\u{200f}'),
    ('\u{202a}', '\u{202e}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206f}'),
    ('\u{feff}', '\u{feff}'),
    ('\u{fff9}', '\u{fffb}'),
    ('\u{110bd}', '\u{110bd}'),
    ('\u{110cd}', '\u{110cd}'),
    ('\u{13430}', '\u{1343f}'),
    ('\u{1bca0}', '\u{1bca3}'),
    ('\u{1d173}', '\u{1d17a}'),
    ('\u{e0001}', '\u{e0001}'),
    ('\u{e0020}', '\u{e007f}'),
    ('\u{2028}', '\u{2029}'),
];

fn is_hidden(c: char) -> bool {
    HIDDEN.iter().any(|(low, high)| (*low..=*high).contains(&c))
}

fn hidden_chars() -> Vec<char> {
    HIDDEN.iter().flat_map(|(low, high)| *low..=*high).collect()
}

/// Text drawn mostly from [`HIDDEN`], with line ends, tabs, Markdown and Rust punctuation and
/// ordinary non-ASCII text between.
fn text() -> impl Strategy<Value = String> {
    let ordinary = prop_oneof![
        Just('\n'),
        Just('\r'),
        Just('\t'),
        Just(' '),
        Just('"'),
        Just('\\'),
        Just('`'),
        Just('*'),
        Just('/'),
        Just('#'),
        Just('{'),
        Just('é'),
        Just('東'),
        Just('🚀'),
        proptest::char::range('a', 'z'),
    ];
    let character = prop_oneof![3 => proptest::sample::select(hidden_chars()), 2 => ordinary];
    proptest::collection::vec(character, 0..24).prop_map(String::from_iter)
}

/// How many texts [`spec`] places where the generated code shows them in doc comments.
const DOCS: usize = 8;
/// How many it places where the generator reads them or ignores them: titles (names are made from
/// them), summaries and descriptions nothing documents, examples and defaults.
const OTHERS: usize = 22;

/// A spec with `docs` and `others` in every place free text can go, and `values` as enum values.
fn spec(docs: &[String], others: &[String], values: &[String]) -> serde_json::Value {
    let (mut docs, mut others) = (docs.iter().cloned(), others.iter().cloned());
    let mut doc = || docs.next().expect("DOCS texts");
    let mut other = || others.next().expect("OTHERS texts");
    json!({
        "openapi": "3.0.3",
        "info": {"title": other(), "version": "1", "description": doc()},
        "paths": {"/things/{id}": {
            "summary": other(),
            "description": other(),
            "get": {
                "operationId": "getThing",
                "summary": other(),
                "description": doc(),
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "description": other(),
                     "schema": {"type": "string", "example": other()}},
                    {"name": "kind", "in": "query", "description": doc(), "example": other(),
                     "schema": {"$ref": "#/components/schemas/Kind"}},
                ],
                "requestBody": {"description": other(), "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Shape"},
                    "examples": {"one": {"summary": other(), "description": other(), "value": {"name": other()}}},
                }}},
                "responses": {
                    "200": {"description": other(), "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Thing"},
                        "example": {"name": other()},
                    }}},
                    "404": {"description": doc()},
                    "default": {"description": other(), "content": {"text/plain": {"schema": {"type": "string"}}}},
                },
            },
        }},
        "components": {"schemas": {
            "Thing": {"type": "object", "title": other(), "description": doc(), "example": {"name": other()},
                "properties": {
                    "name": {"type": "string", "title": other(), "description": doc(), "example": other(),
                             "default": other()},
                    "kind": {"$ref": "#/components/schemas/Kind"},
                }},
            "Kind": {"type": "string", "title": other(), "description": doc(), "enum": values},
            "Shape": {"description": doc(), "oneOf": [
                {"title": other(), "type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
                {"title": other(), "type": "object", "required": ["size"], "properties": {"size": {"type": "integer"}}},
            ]},
        }},
    })
}

/// The values of the `#[serde(rename = "…")]` attributes on the variants of enum `name`, as syn reads them.
fn renamed_values(file: &syn::File, name: &str) -> Vec<String> {
    let kind = file.items.iter().find_map(|item| match item {
        syn::Item::Enum(e) if e.ident == name => Some(e),
        _ => None,
    });
    let mut values = Vec::new();
    for variant in &kind.expect("the enum is generated").variants {
        for attribute in variant.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            let _ = attribute.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    values.push(meta.value()?.parse::<syn::LitStr>()?.value());
                }
                Ok(())
            });
        }
    }
    values
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn hidden_characters_are_escaped_in_every_generated_file(
        docs in proptest::collection::vec(text(), DOCS),
        others in proptest::collection::vec(text(), OTHERS),
        values in proptest::collection::vec(text(), 1..5),
    ) {
        let mut values = values;
        values.sort();
        values.dedup();
        let spec = spec(&docs, &others, &values);
        let document = Document::parse("text.json", spec.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let generated = oaswire_codegen::generate(&document, &Settings::new("proptest".to_owned()))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        for file in &generated.files {
            let parsed = syn::parse_file(&file.contents)
                .map_err(|e| TestCaseError::fail(format!("{}: {e}\n{}", file.path, file.contents)))?;
            if let Some((line, c)) = file.contents.lines().enumerate().find_map(|(i, line)| {
                line.chars().find(|c| is_hidden(*c)).map(|c| (i + 1, c))
            }) {
                return Err(TestCaseError::fail(format!("{}:{line} holds {:?} raw", file.path, c)));
            }
            if file.path == "types.rs" {
                // String literals go through proc-macro2's escaping: the source holds no raw
                // character (checked above), and the literal still means the spec's value exactly.
                let mut renamed = renamed_values(&parsed, "Kind");
                renamed.sort();
                prop_assert_eq!(&renamed, &values);
            }
        }
        // Nothing documented is dropped: each hidden character of a doc text or an enum value is
        // shown as its escape. (A CR before an LF ends a line, and whitespace around a whole text
        // is layout.)
        let all: String = generated.files.iter().map(|f| f.contents.as_str()).collect();
        for text in docs.iter().chain(&values) {
            let text = text.replace("\r\n", "\n");
            for c in text.trim().chars().filter(|c| is_hidden(*c)) {
                let escape = c.escape_unicode().to_string();
                prop_assert!(all.contains(&escape), "{:?} from {:?} is not shown as {}", c, text, escape);
            }
        }
    }
}
