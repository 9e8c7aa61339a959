//! The one-file form a build script writes for `include!`: items only, every module inline.

use oaswire_codegen::{Document, Settings};

#[test]
fn the_single_file_inlines_every_module_and_has_no_inner_docs() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/syncano.yaml");
    let text = std::fs::read_to_string(path).expect("the spec is checked in");
    let document = Document::parse("syncano.yaml", text).unwrap_or_else(|e| panic!("{e}"));
    let generated =
        oaswire_codegen::generate(&document, &Settings::new("test".to_owned())).unwrap_or_else(|e| panic!("{e}"));
    let single = generated.single_file();
    let parsed = syn::parse_file(&single).unwrap_or_else(|e| panic!("{e}"));
    assert!(parsed.attrs.is_empty(), "`include!` rejects inner attributes and docs");
    let modules: Vec<(String, bool)> = parsed
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) => Some((m.ident.to_string(), m.content.is_some())),
            _ => None,
        })
        .collect();
    let expected: Vec<(String, bool)> =
        ["client", "errors", "runtime", "types"].iter().map(|m| (m.to_string(), true)).collect();
    assert_eq!(modules, expected, "each module inline, none left to resolve as a file");
    // Every generated file's items are there: the runtime's docs moved onto its module.
    for file in generated.files.iter().filter(|f| f.path != "mod.rs") {
        let body = file.contents.lines().find(|l| l.starts_with("pub ") || l.starts_with("use ")).unwrap();
        assert!(single.contains(body), "{}: {body}", file.path);
    }
    assert!(single.contains("/// Runtime support shared by every operation"), "the runtime's `//!` docs become `///`");
}
