//! Snapshot tests: each spec under `tests/specs/` generates the files pinned in `tests/snapshots/`.
//!
//! They cover constructs the Syncano spec lacks. `INSTA_UPDATE=always cargo test -p codegen` rewrites them.

use oaswire_codegen::{Document, Settings};

fn generate(name: &str) -> oaswire_codegen::Generated {
    let path = format!("{}/tests/specs/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the spec is checked in");
    let document = Document::parse(format!("{name}.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
    oaswire_codegen::generate(&document, &Settings::new("cargo test".to_owned())).unwrap_or_else(|e| panic!("{e}"))
}

fn snapshot(name: &str) {
    let generated = generate(name);
    for file in generated.files.iter().filter(|f| f.path != "runtime.rs") {
        syn::parse_file(&file.contents).expect("generated code parses");
        insta::assert_snapshot!(format!("{name}__{}", file.path), file.contents);
    }
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(format!("{name}__warnings"), warnings.join("\n"));
}

#[test]
fn naming() {
    snapshot("naming");
}

#[test]
fn params() {
    snapshot("params");
}

#[test]
fn responses() {
    snapshot("responses");
}

#[test]
fn schemas() {
    snapshot("schemas");
}

/// A spec split across files: path items, parameters, responses and schemas by relative `$ref`.
#[test]
fn multifile() {
    let dir = format!("{}/tests/specs/multifile", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(format!("{dir}/root.yaml")).unwrap();
    let document =
        Document::load("root.yaml", text, std::path::Path::new(&dir), &mut |path| std::fs::read_to_string(path))
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(document.externals.len(), 5);
    let generated =
        oaswire_codegen::generate(&document, &Settings::new("cargo test".to_owned())).unwrap_or_else(|e| panic!("{e}"));
    for file in generated.files.iter().filter(|f| f.path != "runtime.rs") {
        syn::parse_file(&file.contents).expect("generated code parses");
        insta::assert_snapshot!(format!("multifile__{}", file.path), file.contents);
    }
}

#[test]
fn output_is_deterministic() {
    let first = generate("naming").files;
    let second = generate("naming").files;
    assert_eq!(first, second);
}
