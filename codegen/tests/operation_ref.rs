//! An Operation Object cannot be a `$ref` in OpenAPI 3.0. Such a spec is refused where the `$ref`
//! is written, saying what to do instead, whichever file it is in.

use std::collections::HashMap;
use std::path::Path;

use common::places;
use oaswire_codegen::{Diagnostics, Document};

mod common;

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn refused(text: &str) -> Diagnostics {
    Document::parse("api.yaml", format!("{HEAD}{text}")).err().expect("refused")
}

#[test]
fn an_operation_given_by_ref_is_refused_at_the_ref_with_what_to_do() {
    let error = refused(
        "paths:
  /pets:
    get:
      $ref: '#/x-operations/listPets'
x-operations:
  listPets:
    responses:
      '200': {description: ok}
",
    );
    assert_eq!(places(&error.0), ["api.yaml:6:7: operation-ref"]);
    let diagnostic = &error.0[0];
    assert_eq!(diagnostic.pointer, "#/paths/~1pets/get/$ref");
    for words in ["`get` operation is a `$ref`", "Operation Object cannot be referenced", "whole path item"] {
        assert!(diagnostic.message.contains(words), "{diagnostic}");
    }
}

#[test]
fn every_operation_given_by_ref_is_reported_even_beside_other_fields_and_in_callbacks() {
    let error = refused(
        "paths:
  /pets:
    get:
      $ref: 'ops.yaml#/list'
      responses:
        '200': {description: ok}
    post:
      responses:
        '201': {description: created}
      callbacks:
        created:
          '{$request.body#/url}':
            post:
              $ref: 'ops.yaml#/notify'
components:
  callbacks:
    Shared:
      '{$request.body#/url}':
        put:
          $ref: 'ops.yaml#/notify'
",
    );
    assert_eq!(
        places(&error.0),
        ["api.yaml:6:7: operation-ref", "api.yaml:16:15: operation-ref", "api.yaml:22:11: operation-ref"]
    );
}

#[test]
fn an_operation_given_by_ref_in_a_path_item_file_is_reported_in_that_file() {
    let files = HashMap::from([(
        Path::new("specs/paths.yaml").to_path_buf(),
        "pets:\n  summary: Pets.\n  get:\n    $ref: '#/operations/list'\noperations:\n  list:\n    responses:\n      '200': {description: ok}\n",
    )]);
    let root = format!("{HEAD}paths:\n  /pets:\n    $ref: 'paths.yaml#/pets'\n");
    let error = Document::load("api.yaml", root, Path::new("specs"), &mut |path| {
        files.get(path).map(|text| (*text).to_owned()).ok_or_else(|| std::io::ErrorKind::NotFound.into())
    })
    .err()
    .expect("refused");
    assert_eq!(places(&error.0), ["paths.yaml:4:5: operation-ref"]);
    assert_eq!(error.0[0].pointer, "#/pets/get/$ref");
}
