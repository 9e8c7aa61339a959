//! A 3.1 spec split across files has its examples checked with JSON Schema draft 2020-12 too,
//! as OpenAPI 3.1 §4.8.24 says its schemas are, and each problem is reported where it is written.

use std::path::Path;

use oaswire_codegen::{Diagnostic, Document};

const ROOT: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'pet.yaml'}
";

/// `prefixItems` is 2020-12's: draft 4 ignores it. The second example's second item is no integer.
const PET: &str = "type: object
properties:
  tag:
    type: array
    prefixItems: [{type: string}, {type: integer}]
examples:
  - {tag: [a, 1]}
  - {tag: [a, b]}
";

#[test]
fn a_split_3_1_spec_has_every_example_checked_with_draft_2020_12_where_it_is_written() {
    let mut read = |path: &Path| match path.file_name().and_then(|n| n.to_str()) {
        Some("pet.yaml") => Ok(PET.to_owned()),
        _ => Err(std::io::Error::new(std::io::ErrorKind::NotFound, "no such file")),
    };
    let document =
        Document::load("root.yaml", ROOT.to_owned(), Path::new("spec"), &mut read).unwrap_or_else(|e| panic!("{e}"));
    let found: Vec<Diagnostic> =
        oaswire_codegen::check(&document).into_iter().filter(|d| d.rule == "example-invalid").collect();
    let places: Vec<(Option<&str>, Option<usize>)> =
        found.iter().map(|d| (d.file.as_deref(), d.position.as_ref().map(|p| p.line))).collect();
    assert_eq!(places, [(Some("pet.yaml"), Some(8))], "{found:?}");
    assert!(found[0].message.contains("\"b\""), "{}", found[0].message);
}
