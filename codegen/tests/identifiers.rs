//! `$ref`s that name a schema by its `$id` or `$anchor` (JSON Schema 2020-12 §8.2.1, §8.2.2),
//! resolved as RFC 3986 §5 says against the `$id`s around them, reach the schema they name.

use oaswire_codegen::Document;
use oaswire_codegen::ir::{TypeKind, TypeRef};

const SPEC: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Owner:
      $id: https://example.com/schemas/owner
      type: object
      required: [name]
      properties:
        name: {type: string}
        contact: {$ref: '#contact'}
        friend: {$ref: 'owner'}
      $defs:
        Contact:
          $anchor: contact
          type: object
          properties:
            email: {type: string}
    Pet:
      type: object
      properties:
        owner: {$ref: 'https://example.com/schemas/owner'}
        ownerName: {$ref: 'https://example.com/schemas/owner#/properties/name'}
        ownerContact: {$ref: 'https://example.com/schemas/owner#contact'}
        tag: {$ref: '#tag'}
    Tag:
      $anchor: tag
      type: string
      enum: [small, large]
";

fn field_types(api: &oaswire_codegen::ir::Api, name: &str) -> Vec<(String, TypeRef)> {
    let def = api.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no type {name}"));
    let TypeKind::Struct { fields, .. } = &def.kind else { panic!("{name} is not a struct") };
    fields.iter().map(|f| (f.wire_name.clone(), f.ty.clone())).collect()
}

#[test]
fn refs_by_id_and_anchor_reach_their_schemas() {
    let document = Document::parse("spec.yaml", SPEC).unwrap_or_else(|e| panic!("{e}"));
    let (api, diagnostics) = oaswire_codegen::lower::lower(&document);
    let unresolved: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    let unresolved: Vec<&String> = unresolved.iter().filter(|d| !d.contains("ownerName")).collect();
    assert!(unresolved.iter().all(|d| !d.contains("ref")), "{unresolved:#?}");
    let named = |n: &str| TypeRef::Named(n.to_owned());
    // `#contact` is the anchor in Owner's resource; `owner` resolves against Owner's own `$id`.
    let owner = field_types(&api, "Owner");
    assert!(owner.contains(&("contact".to_owned(), named("OwnerContact"))), "{owner:?}");
    assert!(owner.contains(&("friend".to_owned(), TypeRef::Boxed("Owner".to_owned()))), "{owner:?}");
    // From outside: the absolute `$id`, an anchor inside it, and an anchor of the document
    // itself. (`ownerName`, a pointer into Owner's properties, is rewritten too, below; the
    // generator refuses pointers into a schema by its own rule, `ref-unsupported`.)
    let pet = field_types(&api, "Pet");
    assert!(pet.contains(&("owner".to_owned(), named("Owner"))), "{pet:?}");
    assert!(pet.contains(&("ownerContact".to_owned(), named("OwnerContact"))), "{pet:?}");
    assert!(pet.contains(&("tag".to_owned(), named("Tag"))), "{pet:?}");
}

#[test]
fn the_rewritten_refs_are_json_pointers() {
    let mut raw: serde_json::Value = serde_yaml_ng::from_str(SPEC).unwrap();
    oaswire_codegen::oas31::resolve_identifiers(&mut raw);
    let at = |pointer: &str| raw.pointer(pointer).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    assert_eq!(at("/components/schemas/Owner/properties/contact/$ref"), "#/components/schemas/Owner/$defs/Contact");
    assert_eq!(at("/components/schemas/Pet/properties/ownerName/$ref"), "#/components/schemas/Owner/properties/name");
    assert_eq!(at("/components/schemas/Pet/properties/tag/$ref"), "#/components/schemas/Tag");
}
