//! An `allOf` part that is a union (`oneOf`/`anyOf`): JSON Schema 2020-12 §10.2.1.1 says an
//! instance is valid against every part, so the union's properties share the object with the
//! others. Lowering keeps the union as a flattened field, except where the union is the parent.

use oaswire_codegen::Document;
use oaswire_codegen::ir::{Field, TypeKind, TypeRef};

fn fields(spec: &str, name: &str) -> Vec<Field> {
    let document = Document::parse("spec.yaml".to_owned(), spec.to_owned()).unwrap_or_else(|e| panic!("{e}"));
    let (api, _) = oaswire_codegen::lower::lower(&document);
    let def = api.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no type {name}"));
    match &def.kind {
        TypeKind::Struct { fields, .. } => fields.clone(),
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";

#[test]
fn a_union_part_is_a_flattened_field_beside_the_properties() {
    let spec = format!(
        "{HEAD}    Sighting:
      allOf:
        - $ref: '#/components/schemas/Place'
        - {{type: object, required: [petId], properties: {{petId: {{type: integer}}}}}}
    Place:
      anyOf:
        - {{type: object, required: [lat], properties: {{lat: {{type: number}}}}}}
        - {{type: object, required: [street], properties: {{street: {{type: string}}}}}}
"
    );
    let fields = fields(&spec, "Sighting");
    let flattened: Vec<&Field> = fields.iter().filter(|f| f.flatten).collect();
    assert_eq!(flattened.len(), 1, "{fields:?}");
    assert_eq!(flattened[0].ty, TypeRef::Named("Place".to_owned()));
    assert!(flattened[0].required && flattened[0].wire_name.is_empty());
    assert!(fields.iter().any(|f| f.wire_name == "petId" && !f.flatten));
}

#[test]
fn a_parent_union_that_lists_the_schema_is_not_a_part() {
    // Inheritance written both ways: `Pet: oneOf [Cat]` and `Cat: allOf [Pet, …]`. A `Cat` inside
    // a `Pet` inside a `Cat` would never end; the union is the parent, not a part.
    let spec = format!(
        "{HEAD}    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
    Cat:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - {{type: object, properties: {{name: {{type: string}}}}}}
"
    );
    let fields = fields(&spec, "Cat");
    assert!(fields.iter().all(|f| !f.flatten), "{fields:?}");
    assert!(fields.iter().any(|f| f.wire_name == "name"));
}

#[test]
fn beside_additional_properties_the_union_is_not_flattened() {
    // A map of the other keys would take the union's keys too: serde cannot give one key to both.
    let spec = format!(
        "{HEAD}    Tagged:
      allOf:
        - anyOf:
            - {{type: object, properties: {{a: {{type: string}}}}}}
            - {{type: object, properties: {{b: {{type: string}}}}}}
        - {{type: object, properties: {{id: {{type: string}}}}, additionalProperties: {{type: string}}}}
"
    );
    let fields = fields(&spec, "Tagged");
    assert!(fields.iter().all(|f| !f.flatten), "{fields:?}");
}

#[test]
fn a_ref_with_a_description_is_still_a_part() {
    // OpenAPI 3.1: `{$ref, description}` is the referenced schema with a description (the loader
    // writes it as a one-part `allOf`); as a part of `allOf` its properties or union still count.
    let spec = format!(
        "{HEAD}    Dog:
      allOf:
        - {{$ref: '#/components/schemas/Animal', description: An animal.}}
        - {{$ref: '#/components/schemas/Chip', description: How it is chipped.}}
        - {{type: object, required: [kind], properties: {{kind: {{type: string}}}}}}
    Animal: {{type: object, required: [name], properties: {{name: {{type: string}}}}}}
    Chip:
      oneOf:
        - {{type: object, required: [code], properties: {{code: {{type: string}}}}}}
        - {{type: object, required: [tattoo], properties: {{tattoo: {{type: string}}}}}}
"
    );
    let fields = fields(&spec, "Dog");
    let wire: Vec<&str> = fields.iter().filter(|f| !f.flatten).map(|f| f.wire_name.as_str()).collect();
    assert_eq!(wire, ["name", "kind"]);
    let flattened: Vec<&TypeRef> = fields.iter().filter(|f| f.flatten).map(|f| &f.ty).collect();
    assert_eq!(flattened, [&TypeRef::Named("Chip".to_owned())]);
}

/// LangGraph's `ProtocolChannel`: `type: string` with an `anyOf` of eight names or a `custom:…`
/// pattern. JSON Schema 2020-12 §10.2.1.2: a value is valid when it fits one alternative, so the
/// eight names are known values and any other string (`custom:x`) is kept, not refused.
#[test]
fn a_string_with_alternatives_of_enums_and_patterns_is_an_open_enum() {
    let spec = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
      "components": {"schemas": {"Channel": {"type": "string",
        "anyOf": [{"type": "string", "enum": ["values", "custom"]}, {"type": "string", "pattern": "^custom:.+$"}]}}}}"#;
    let document = oaswire_codegen::Document::parse("c.json", spec.to_owned()).unwrap_or_else(|e| panic!("{e}"));
    let generated = oaswire_codegen::generate(&document, &oaswire_codegen::Settings::new("test".to_owned()))
        .unwrap_or_else(|e| panic!("{e}"));
    let types = &generated.files.iter().find(|f| f.path == "types.rs").expect("types.rs").contents;
    assert!(types.contains("pub enum Channel {"), "{types}");
    assert!(types.contains("#[serde(rename = \"values\")]") || types.contains("\"values\" =>"), "{types}");
    assert!(!types.contains("pub type Channel = String;"), "{types}");
}
