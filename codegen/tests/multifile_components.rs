//! A spec split across files by every kind of component (`tests/specs/multifile-components/`):
//! what the bundled document holds, and where diagnostics about the other files' parts point.

use std::collections::BTreeMap;
use std::path::Path;

use common::places;
use oaswire_codegen::{Diagnostic, Diagnostics, Document, Settings};
use serde_json::{Value, json};

mod common;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/specs/multifile-components");

/// Loads the spec with `find` replaced by `replace` in `file` (which must hold it once).
fn load_edited(file: &str, find: &str, replace: &str) -> Result<Document, Diagnostics> {
    let read = |path: &Path| {
        let text = std::fs::read_to_string(path)?;
        if path == Path::new(DIR).join(file) {
            assert_eq!(text.matches(find).count(), 1, "`{find}` is in {file} once");
            return Ok(text.replace(find, replace));
        }
        Ok(text)
    };
    let root = read(&Path::new(DIR).join("root.yaml")).expect("the spec is checked in");
    Document::load("root.yaml", root, Path::new(DIR), &mut |path| read(path))
}

fn load() -> Document {
    load_edited("root.yaml", "openapi: 3.0.3", "openapi: 3.0.3").unwrap_or_else(|e| panic!("{e}"))
}

fn settings() -> Settings {
    Settings::new("cargo test".to_owned())
}

/// The errors `validate` reports on the spec edited so (some of them `generate` only warns of).
fn errors_after(file: &str, find: &str, replace: &str) -> Vec<Diagnostic> {
    let document = load_edited(file, find, replace).unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<Diagnostic> = oaswire_codegen::check(&document).into_iter().filter(Diagnostic::is_error).collect();
    assert!(!errors.is_empty(), "the edit is an error");
    errors
}

/// Every `$ref` string in `value` by its pointer, data included.
fn all_refs(value: &Value, pointer: String, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                let child_pointer = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                match (key.as_str(), child) {
                    ("$ref", Value::String(reference)) => {
                        out.insert(pointer.clone(), reference.clone());
                    }
                    _ => all_refs(child, child_pointer, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                all_refs(item, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_kind_of_component_in_another_file_is_bundled_where_its_ref_sits() {
    let document = load();
    assert_eq!(document.load_diagnostics, [], "nothing under example, default or value is read as a file");
    let mut externals: Vec<&str> = document.externals.iter().map(|s| s.name.as_str()).collect();
    externals.sort();
    assert_eq!(
        externals,
        [
            "bodies.yaml",
            "examples.yaml",
            "headers.yaml",
            "parameters.yaml",
            "paths/pets.yaml",
            "paths/toys.yaml",
            "responses.yaml",
            "schemas/animals.yaml",
            "schemas/common.yaml",
            "schemas/owner.yaml",
            "schemas/pet.yaml",
        ]
    );
    let bundled = document.bundled.as_ref().expect("bundled");
    let at = |pointer: &str| bundled.pointer(pointer).unwrap_or_else(|| panic!("nothing at {pointer}"));

    // Each `$ref` into another file became local, by the kind of its place.
    let mut refs = BTreeMap::new();
    all_refs(bundled, String::new(), &mut refs);
    let expected: BTreeMap<&str, &str> = [
        // A path item that is a whole file, inlined; inside it, a parameter in an operation's list,
        // a response's header, a schema, a `default` response, a request body and a response.
        ("/paths/~1pets/get/parameters/0", "#/components/parameters/Limit"),
        ("/paths/~1pets/get/responses/200/headers/X-Next", "#/components/headers/Next"),
        ("/paths/~1pets/get/responses/200/content/application~1json/schema/items", "#/components/schemas/Pet"),
        ("/paths/~1pets/get/responses/default", "#/components/responses/Problem"),
        ("/paths/~1pets/post/requestBody", "#/components/requestBodies/PetBody"),
        ("/paths/~1pets/post/responses/201", "#/components/responses/PetFound"),
        // Parameters at path-item and operation level, responses including `default`, a request body.
        ("/paths/~1pets~1{petId}/parameters/0", "#/components/parameters/PetId"),
        ("/paths/~1pets~1{petId}/get/parameters/0", "#/components/parameters/Verbose"),
        ("/paths/~1pets~1{petId}/get/responses/200", "#/components/responses/PetFound"),
        ("/paths/~1pets~1{petId}/get/responses/404", "#/components/responses/NotFound"),
        ("/paths/~1pets~1{petId}/get/responses/default", "#/components/responses/Problem"),
        ("/paths/~1pets~1{petId}/put/requestBody", "#/components/requestBodies/PetBody"),
        ("/paths/~1pets~1{petId}/put/responses/default", "#/components/responses/Problem"),
        (
            "/paths/~1pets~1{petId}~1toys/get/responses/200/content/application~1json/schema/items",
            "#/components/schemas/Tag",
        ),
        // An operation written beside a path item's `$ref`, relative to the root.
        ("/paths/~1pets~1{petId}~1toys/delete/responses/default", "#/components/responses/Problem"),
        // Schemas nested across files, file to file; a whole file without a fragment.
        ("/components/schemas/Pet/properties/owner", "#/components/schemas/Owner"),
        ("/components/schemas/Pet/properties/animal", "#/components/schemas/Animal"),
        ("/components/schemas/Owner/properties/tags/items", "#/components/schemas/Tag"),
        ("/components/schemas/Owner/properties/pets/items", "#/components/schemas/Pet"),
        ("/components/schemas/Animal/oneOf/0", "#/components/schemas/Dog"),
        ("/components/schemas/Animal/oneOf/1", "#/components/schemas/Cat"),
        // Properties named `default`, `example` and `enum` are schemas.
        ("/components/schemas/Listing/properties/default", "#/components/schemas/Pet"),
        ("/components/schemas/Listing/properties/example", "#/components/schemas/Tag"),
        ("/components/schemas/Listing/properties/enum", "#/components/schemas/Owner"),
        // Inside hoisted components: headers, examples of a media type, a parameter and a header,
        // a schema in the middle of another component of the same file.
        ("/components/responses/PetFound/headers/X-Rate-Limit", "#/components/headers/RateLimit"),
        ("/components/responses/PetFound/content/application~1json/schema", "#/components/schemas/Pet"),
        ("/components/responses/PetFound/content/application~1json/examples/rex", "#/components/examples/Rex"),
        ("/components/responses/NotFound/content/application~1json/schema", "#/components/schemas/Problem"),
        ("/components/parameters/Verbose/examples/on", "#/components/examples/On"),
        ("/components/parameters/Limit/schema", "#/components/schemas/Limit"),
        ("/components/headers/Next/examples/second", "#/components/examples/NextPage"),
        ("/components/requestBodies/PetBody/content/application~1json/schema", "#/components/schemas/Pet"),
        // Data, left as it is: schema examples and defaults, a media type example, an example's value.
        ("/components/schemas/Listing/example/example", "not-a-file.yaml"),
        ("/components/schemas/Listing/default/enum", "not-a-file.yaml"),
        ("/components/schemas/Tag/default", "not-a-file.yaml"),
        ("/components/requestBodies/PetBody/content/application~1json/example", "not-a-file.yaml"),
        ("/components/examples/Rex/value", "this is data, not a reference"),
        // Under a key OpenAPI does not define (`definitions`), a reference is not hoisted, but made
        // relative to the root so that it keeps its meaning.
        ("/components/schemas/Pet/definitions/Animal/oneOf/0", "schemas/animals.yaml#/Dog"),
        ("/components/schemas/Pet/definitions/Animal/oneOf/1", "schemas/animals.yaml#/Cat"),
    ]
    .into_iter()
    .collect();
    let refs: BTreeMap<&str, &str> = refs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(refs, expected);
    for reference in refs.values().filter_map(|r| r.strip_prefix('#')) {
        assert!(bundled.pointer(reference).is_some(), "#{reference} resolves");
    }

    // A root `components` entry that is a `$ref` to another file holds the target under its own
    // name; every component is copied once.
    assert_eq!(at("/components/schemas/Pet/required"), &json!(["id", "kind", "name"]));
    assert_eq!(at("/components/responses/NotFound/description"), "No such pet.");
    let names = |section: &str| -> Vec<&str> {
        let mut names: Vec<&str> =
            at(&format!("/components/{section}")).as_object().unwrap().keys().map(String::as_str).collect();
        names.sort();
        names
    };
    assert_eq!(names("schemas"), ["Animal", "Cat", "Dog", "Limit", "Listing", "Owner", "Pet", "Problem", "Tag"]);
    assert_eq!(names("responses"), ["NotFound", "PetFound", "Problem"]);
    assert_eq!(names("parameters"), ["Limit", "PetId", "Verbose"]);
    assert_eq!(names("requestBodies"), ["PetBody"]);
    assert_eq!(names("headers"), ["Next", "RateLimit"]);
    assert_eq!(names("examples"), ["NextPage", "On", "Rex"]);
    // A discriminator's mapping into another file follows its schemas.
    assert_eq!(
        at("/components/schemas/Animal/discriminator/mapping"),
        &json!({
            "woof": "#/components/schemas/Dog",
            "meow": "#/components/schemas/Cat",
        })
    );
    // An inlined path item keeps the path-item parameters it was written with, and the fields
    // written beside its `$ref`; a claimed component keeps the description beside its `$ref`.
    assert_eq!(at("/paths/~1pets~1{petId}~1toys/parameters/0/name"), "petId");
    assert_eq!(at("/paths/~1pets~1{petId}~1toys/description"), "What a pet plays with.");
    assert_eq!(at("/paths/~1pets~1{petId}~1toys/delete/operationId"), "clearToys");
    assert_eq!(at("/components/schemas/Pet/description"), "A pet, as the root describes it.");

    assert_eq!(
        document.origin("#/components/schemas/Owner/properties/tags"),
        Some(("schemas/owner.yaml", "#/Owner/properties/tags".to_owned()))
    );
    assert_eq!(
        document.origin("#/paths/~1pets/get/responses"),
        Some(("paths/pets.yaml", "#/get/responses".to_owned()))
    );
    assert_eq!(document.origin("#/paths/~1pets~1{petId}~1toys/get"), Some(("paths/toys.yaml", "#/get".to_owned())));
    assert_eq!(
        document.origin("#/paths/~1pets~1{petId}~1toys/delete/responses"),
        Some(("", "#/paths/~1pets~1{petId}~1toys/delete/responses".to_owned()))
    );
    assert_eq!(document.origin("#/components/schemas/Listing"), None);
}

#[test]
fn the_bundled_spec_generates_with_the_wire_names_of_the_other_files() {
    let document = load();
    let generated = oaswire_codegen::generate(&document, &settings()).unwrap_or_else(|e| panic!("{e}"));
    let types = &generated.files.iter().find(|f| f.path == "types.rs").expect("types.rs").contents;
    // The discriminator's mapping names the tags sent on the wire, not the schemas' names.
    // Each variant is read by its mapping key and its schema name, and sent with the mapping key.
    assert!(types.contains("Some(\"woof\" | \"Dog\") =>") && types.contains("Some(\"meow\" | \"Cat\") =>"), "{types}");
    assert!(types.contains("Self::Dog(payload) => (Some(\"woof\")"), "{types}");
    assert!(types.contains("/// A pet, as the root describes it.\n"), "{types}");
    for name in ["pub struct Pet {", "pub struct Owner {", "pub enum Animal {", "pub struct Problem {"] {
        assert!(types.contains(name), "{name}");
    }
    assert!(!types.contains("Pet2"), "the root's `Pet: $ref: …` holds the schema itself");
    // The one warning is about parts of other files, and says where they are.
    assert_eq!(places(&generated.warnings), ["paths/pets.yaml:8:7: response-headers-unsupported"]);
    assert!(generated.warnings[0].message.starts_with("3 response(s)"), "{}", generated.warnings[0]);
    assert_eq!(generated.warnings[0].pointer, "#/get/responses/200/headers");
}

#[test]
fn a_ref_that_does_not_resolve_in_a_hoisted_schema_is_reported_in_its_file() {
    let errors = errors_after("schemas/owner.yaml", "common.yaml#/Tag", "common.yaml#/Tags");
    // Validation and lowering both find it, at the same place: one report.
    assert_eq!(places(&errors), ["schemas/owner.yaml:9:9: schema-ref-unresolved"]);
    assert_eq!(errors[0].pointer, "#/Owner/properties/tags/items/$ref");
    assert!(errors[0].message.starts_with("`common.yaml#/Tags` does not resolve"), "{}", errors[0]);
}

#[test]
fn a_ref_to_a_file_that_cannot_be_read_is_reported_once_where_it_is_written() {
    let errors = errors_after("responses.yaml", "headers.yaml#/RateLimit", "missing.yaml#/RateLimit");
    assert_eq!(places(&errors), ["responses.yaml:5:7: ref-unresolved"]);
    assert!(errors[0].message.contains("which cannot be read"), "{}", errors[0]);
}

#[test]
fn an_optional_path_parameter_in_a_path_item_file_is_reported_there() {
    let errors = errors_after("paths/toys.yaml", "required: true", "required: false");
    assert_eq!(places(&errors), ["paths/toys.yaml:4:5: path-param-optional"]);
    assert_eq!(errors[0].pointer, "#/parameters/0/required");
}

#[test]
fn a_response_key_in_a_path_item_file_is_reported_there() {
    let errors = errors_after("paths/toys.yaml", "\"200\":", "\"2OO\":");
    assert_eq!(places(&errors), ["paths/toys.yaml:10:5: response-key"]);
}

#[test]
fn a_lowering_error_in_a_hoisted_parameter_is_reported_in_its_file() {
    let errors = errors_after(
        "parameters.yaml",
        "  schema:\n    type: integer\n    format: int64\n",
        "  content:\n    text/plain:\n      schema:\n        type: integer\n",
    );
    assert_eq!(places(&errors), ["parameters.yaml:1:1: param-content-unsupported"]);
    assert_eq!(errors[0].pointer, "#/PetId");
    // `generate` stops on it too.
    let document = load_edited(
        "parameters.yaml",
        "  schema:\n    type: integer\n    format: int64\n",
        "  content:\n    text/plain:\n      schema:\n        type: integer\n",
    )
    .unwrap();
    assert!(oaswire_codegen::generate(&document, &settings()).is_err());
}

#[test]
fn a_type_error_in_a_hoisted_response_is_reported_in_its_file() {
    let error =
        load_edited("responses.yaml", "  description: The pet.", "  description: [The pet.]").err().expect("refused");
    assert_eq!(places(&error.0), ["responses.yaml:2:3: schema"]);
    assert_eq!(error.0[0].pointer, "#/PetFound/description");
}
