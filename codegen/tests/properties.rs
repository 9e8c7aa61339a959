//! Properties over any input text: identifiers are valid Rust and unique in their scope, and
//! descriptions cannot escape their doc comments. Both are checked by parsing the output with syn.

use oaswire_codegen::names::{Scope, pascal, snake, type_name};
use oaswire_codegen::{Document, Settings};
use proptest::prelude::*;

/// Names that stress the naming rules: keywords, raw forms, digits, empty, non-ASCII, combining marks, emoji.
fn awkward_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("type".to_owned()),
        Just("Self".to_owned()),
        Just("self".to_owned()),
        Just("crate".to_owned()),
        Just("r#type".to_owned()),
        Just("_".to_owned()),
        Just("__".to_owned()),
        "[0-9]{1,4}",
        "[a-zA-Z_ -]{0,12}",
        Just("e\u{301}".to_owned()),
        Just("😀🚀".to_owned()),
        Just("Ωmega".to_owned()),
        any::<String>(),
    ]
}

fn is_identifier(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_name_is_a_valid_identifier(name in awkward_name()) {
        for made in [snake(&name), pascal(&name), type_name(&name)] {
            prop_assert!(is_identifier(&made), "{made:?} from {name:?}");
            prop_assert!(made.is_ascii(), "{made:?} from {name:?}");
        }
    }

    #[test]
    fn names_in_one_scope_are_unique(names in proptest::collection::vec(awkward_name(), 1..12)) {
        let mut scope = Scope::default();
        let mut made: Vec<String> = names.iter().map(|n| scope.claim(snake(n))).collect();
        prop_assert!(made.iter().all(|m| is_identifier(m)), "{made:?}");
        let count = made.len();
        made.iter_mut().for_each(|m| *m = m.trim_start_matches("r#").to_owned());
        made.sort();
        made.dedup();
        prop_assert_eq!(made.len(), count);
    }

    /// A whole spec whose property names, enum values and descriptions are arbitrary text.
    #[test]
    fn generated_files_parse_and_text_stays_in_docs(
        properties in proptest::collection::vec(awkward_name(), 1..6),
        values in proptest::collection::vec(awkward_name(), 1..4),
        description in any::<String>(),
    ) {
        let mut props = serde_json::Map::new();
        for name in &properties {
            props.insert(name.clone(), serde_json::json!({"type": "string", "description": description}));
        }
        let mut unique_values = values.clone();
        unique_values.sort();
        unique_values.dedup();
        let spec = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": description, "version": "1", "description": description},
            "paths": {"/x": {"get": {
                "operationId": properties[0],
                "description": description,
                "responses": {"200": {"description": description, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Thing"}}}}}
            }}},
            "components": {"schemas": {
                "Thing": {"type": "object", "description": description, "properties": props},
                "Kind": {"type": "string", "description": description, "enum": unique_values},
            }},
        });
        let document = Document::parse("p.json", spec.to_string()).unwrap();
        let generated = oaswire_codegen::generate(&document, &Settings::new("proptest".to_owned()));
        let generated = match generated {
            Ok(generated) => generated,
            Err(diagnostics) => return Err(TestCaseError::fail(format!("{diagnostics}"))),
        };
        for file in &generated.files {
            let parsed = syn::parse_file(&file.contents).map_err(|e| TestCaseError::fail(format!("{}: {e}", file.path)))?;
            if file.path == "types.rs" {
                // Exactly the items the spec asks for: the struct, its constructor and setters, the
                // enum and the enum's two impls.
                prop_assert_eq!(parsed.items.len(), 5, "{}", file.contents);
                let syn::Item::Struct(thing) = &parsed.items[0] else { panic!("the struct comes first") };
                let mut fields: Vec<String> = thing.fields.iter().map(|f| f.ident.as_ref().unwrap().to_string()).collect();
                let count = fields.len();
                fields.sort();
                fields.dedup();
                prop_assert_eq!(fields.len(), count, "field names are unique");
                let distinct: std::collections::HashSet<&String> = properties.iter().collect();
                prop_assert_eq!(count, distinct.len(), "one field per distinct property");
            }
        }
    }
}
