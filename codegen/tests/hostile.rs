//! Hostile specs: deep nesting, long `$ref` chains, huge files, and text that tries to escape
//! the comments and strings it is put in. Each gets a clear error or safe output, never a panic.

use oaswire_codegen::{Document, Settings};

fn settings() -> Settings {
    Settings::new("cargo test".to_owned())
}

fn nested(depth: usize, open: &str, close: &str) -> String {
    format!("{}{{\"type\": \"string\"}}{}", open.repeat(depth), close.repeat(depth))
}

#[test]
fn a_schema_nested_ten_thousand_deep_is_a_clear_error() {
    let json = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}},\
         \"components\": {{\"schemas\": {{\"Deep\": {}}}}}}}",
        nested(10_000, "{\"type\": \"object\", \"properties\": {\"a\": ", "}}")
    );
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {}\n",
        nested(10_000, "{type: object, properties: {a: ", "}}")
    );
    for (name, text) in [("deep.json", json), ("deep.yaml", yaml)] {
        let error = Document::parse(name, text).err().expect("too deep to parse");
        let diagnostic = &error.0[0];
        assert_eq!(diagnostic.rule, "syntax");
        assert!(diagnostic.message.contains("recursion limit"), "{diagnostic}");
        assert!(diagnostic.position.is_some(), "{diagnostic}");
    }
}

#[test]
fn a_ref_chain_ten_thousand_long_generates() {
    let mut schemas: Vec<String> =
        (0..10_000).map(|i| format!("\"A{i}\": {{\"$ref\": \"#/components/schemas/A{}\"}}", i + 1)).collect();
    schemas.push("\"A10000\": {\"type\": \"string\"}".to_owned());
    let json = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}},\
         \"components\": {{\"schemas\": {{{}}}}}}}",
        schemas.join(",")
    );
    let document = Document::parse("chain.json", json).unwrap_or_else(|e| panic!("{e}"));
    let generated = oaswire_codegen::generate(&document, &settings()).unwrap_or_else(|e| panic!("{e}"));
    let types = generated.files.iter().find(|f| f.path == "types.rs").unwrap();
    assert!(types.contents.contains("pub type A0 = A1;"));
}

#[test]
fn a_ref_cycle_ten_thousand_long_is_reported_once() {
    let n = 10_000;
    let schemas: Vec<String> =
        (0..n).map(|i| format!("\"A{i}\": {{\"$ref\": \"#/components/schemas/A{}\"}}", (i + 1) % n)).collect();
    let json = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}},\
         \"components\": {{\"schemas\": {{{}}}}}}}",
        schemas.join(",")
    );
    let document = Document::parse("cycle.json", json).unwrap_or_else(|e| panic!("{e}"));
    let diagnostics = oaswire_codegen::check(&document);
    let cycles: Vec<_> = diagnostics.iter().filter(|d| d.rule == "ref-cycle").collect();
    assert_eq!(cycles.len(), 1, "one cycle, reported once");
}

/// Found by `cargo xtask fuzz generate` (an out-of-memory): a schema whose `allOf` names itself twice
/// was expanded exponentially while merging. It is a cycle, reported at once.
#[test]
fn an_all_of_that_names_itself_twice_is_a_cycle_error() {
    let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Tree:\n      allOf:\n        - $ref: '#/components/schemas/Tree'\n        - {type: object, properties: {label: {type: string}}}\n        - $ref: '#/components/schemas/Tree'\n        - $ref: '#/components/schemas/Tree'\n";
    let document = Document::parse("tree.yaml", yaml.to_owned()).unwrap_or_else(|e| panic!("{e}"));
    let error = oaswire_codegen::generate(&document, &settings()).expect_err("a cycle");
    let rules: Vec<&str> = error.0.iter().map(|d| d.rule).collect();
    assert_eq!(rules, ["ref-cycle"], "{error}");
}

/// The same expansion without a cycle: each level's `allOf` names the next level twice, 30 deep.
/// Every component is merged once, so this generates at once with every level's property.
#[test]
fn all_of_diamonds_thirty_deep_merge_each_part_once() {
    let levels = 30;
    let mut schemas: Vec<String> = (0..levels)
        .map(|i| {
            let next = format!("{{\"$ref\": \"#/components/schemas/L{}\"}}", i + 1);
            format!("\"L{i}\": {{\"allOf\": [{next}, {{\"type\": \"object\", \"properties\": {{\"p{i}\": {{\"type\": \"string\"}}}}}}, {next}]}}")
        })
        .collect();
    schemas.push(format!(
        "\"L{levels}\": {{\"type\": \"object\", \"properties\": {{\"p{levels}\": {{\"type\": \"string\"}}}}}}"
    ));
    let json = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}},\
         \"components\": {{\"schemas\": {{{}}}}}}}",
        schemas.join(",")
    );
    let document = Document::parse("diamonds.json", json).unwrap_or_else(|e| panic!("{e}"));
    let generated = oaswire_codegen::generate(&document, &settings()).unwrap_or_else(|e| panic!("{e}"));
    let types = &generated.files.iter().find(|f| f.path == "types.rs").expect("types.rs").contents;
    let top = &types[types.find("pub struct L0 {").expect("L0 is a struct")..];
    let top = &top[..top.find("\n}").expect("the struct ends")];
    for i in 0..=levels {
        assert!(top.contains(&format!("pub p{i}: Option<String>,")), "L0 lacks p{i}:\n{top}");
    }
}

#[test]
fn a_file_over_the_limit_is_refused_with_the_limit() {
    let text = format!("openapi: 3.0.3\n#{}\n", "x".repeat(oaswire_codegen::load::MAX_SPEC_BYTES));
    let error = Document::parse("huge.yaml", text).err().expect("refused");
    assert_eq!(error.0[0].rule, "too-large");
    assert!(error.0[0].message.contains("64 MiB"), "{}", error.0[0]);
}

/// Descriptions, names and enum values written to break out of comments, strings and identifiers.
#[test]
fn hostile_text_stays_data() {
    let yaml = r##"
openapi: 3.0.3
info:
  title: "t\"); std::process::exit(1); //"
  version: "1"
  description: "*/ #[cfg(any())] /* \" \\ ```rust\nfn injected() {}\n```\n    indented code"
servers:
  - url: "https://x\"); panic!(\"boom"
paths:
  "/a\"b/{id}":
    get:
      operationId: "op\"; drop(); //"
      description: "\u0007\u001b[31m red \r\n */ fn evil() {}"
      parameters:
        - name: id
          in: path
          required: true
          schema: {type: string}
        - name: "x\"-header\n"
          in: header
          schema: {type: string}
      responses:
        "200":
          description: "ok */"
          content:
            application/json:
              schema:
                type: object
                properties:
                  "\"; }": {type: string}
                  "r#type": {type: string, enum: ["\"}; fn x() {", "é", ""]}
"##;
    let document = Document::parse("hostile.yaml", yaml).unwrap_or_else(|e| panic!("{e}"));
    let generated = oaswire_codegen::generate(&document, &settings()).unwrap_or_else(|e| panic!("{e}"));
    for file in &generated.files {
        let parsed = syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{}: {e}", file.path));
        // Nothing the spec wrote became an item of its own.
        let injected = parsed.items.iter().any(|item| {
            let names = function_names(item);
            names.iter().any(|name| ["injected", "evil", "x"].contains(&name.as_str()))
        });
        assert!(!injected, "{}", file.contents);
        // A fence opening a line is a code block; anything but `text` would become a doctest.
        for line in file.contents.lines() {
            let doc = line.trim_start().trim_start_matches("///").trim();
            if let Some(info) = doc.strip_prefix("```") {
                assert!(info.is_empty() || info == "text", "a doctest could run: {line}");
            }
        }
        assert!(!file.contents.contains('\u{7}') && !file.contents.contains('\u{1b}'));
    }
}

/// The names of the functions an item defines: itself, or those of an `impl` block.
fn function_names(item: &syn::Item) -> Vec<String> {
    match item {
        syn::Item::Fn(f) => vec![f.sig.ident.to_string()],
        syn::Item::Impl(i) => i
            .items
            .iter()
            .filter_map(|i| match i {
                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}
