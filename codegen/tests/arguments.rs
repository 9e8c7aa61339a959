//! The arguments of a struct's `new` are good bindings even when the properties' names are not.

use oaswire_codegen::{Document, Settings};

/// GitHub's reactions have required properties `+1` and `-1`: their fields are `_1` and `_1_2`,
/// names clippy rejects for bindings (`just_underscores_and_digits`), so `new` names them apart.
#[test]
fn properties_named_with_only_signs_and_digits_get_named_arguments() {
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Reactions": {
            "type": "object",
            "required": ["+1", "-1", "laugh"],
            "properties": {"+1": {"type": "integer"}, "-1": {"type": "integer"}, "laugh": {"type": "integer"}},
        }}},
    });
    let document = Document::parse("r.json", spec.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let generated =
        oaswire_codegen::generate(&document, &Settings::new("test".to_owned())).unwrap_or_else(|e| panic!("{e}"));
    let types = &generated.files.iter().find(|f| f.path == "types.rs").expect("types.rs").contents;
    let squashed: String = types.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squashed.contains(
            "pub fn new( value_1: impl Into<i64>, value_1_2: impl Into<i64>, laugh: impl Into<i64>, ) -> Self"
        ),
        "{types}"
    );
    assert!(squashed.contains("_1: value_1.into(), _1_2: value_1_2.into(), laugh: laugh.into(),"), "{types}");
}
