//! Each setting of the configuration file, and its effect on the generated code. Expected names
//! come from the spec below and the setting's meaning (a filtered-out operation has no method,
//! a replaced schema has no type); the generated text is only searched, never pinned whole.

use oaswire_codegen::config::Config;
use oaswire_codegen::{Diagnostics, Document, Generated, Settings};

const SPEC: &str = r##"openapi: 3.0.3
info: {title: Shop, version: "1"}
tags:
  - name: pets
  - name: store
  - name: unused-tag
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
        "404":
          description: missing
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Problem"}
  /store/orders:
    post:
      operationId: placeOrder
      tags: [store]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Order"}
      responses:
        "204": {description: placed}
  /store/inventory:
    get:
      operationId: getInventory
      tags: [store]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Measurement"}
  /ping:
    get:
      operationId: ping
      responses:
        "204": {description: up}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer, format: int64}
        name: {type: string}
    Money:
      type: object
      required: [amount, currency]
      properties:
        amount: {type: string}
        currency: {type: string}
    Order:
      type: object
      required: [pet, price]
      properties:
        pet: {$ref: "#/components/schemas/Pet"}
        price: {$ref: "#/components/schemas/Money"}
    Measurement:
      type: object
      properties:
        weight: {type: number, format: double}
    Problem:
      type: object
      properties:
        message: {type: string}
"##;

fn generate(config: &str) -> Result<Generated, Diagnostics> {
    let document = Document::parse("shop.yaml", SPEC).expect("the spec parses");
    let config = Config::parse("oaswire.toml", config)?;
    oaswire_codegen::generate(&document, &Settings::new("test").with_config(config))
}

fn file<'a>(generated: &'a Generated, name: &str) -> &'a str {
    generated.files.iter().find(|f| f.path == name).map_or("", |f| f.contents.as_str())
}

fn errors(config: &str) -> Diagnostics {
    match generate(config) {
        Ok(_) => panic!("the configuration should be refused:\n{config}"),
        Err(diagnostics) => diagnostics,
    }
}

/// The derive list of `pub struct <name>` or `pub enum <name>` in `types.rs`.
fn derives_of(generated: &Generated, name: &str) -> String {
    let types = file(generated, "types.rs");
    let at = types
        .find(&format!("pub struct {name} "))
        .or_else(|| types.find(&format!("pub enum {name} ")))
        .unwrap_or_else(|| panic!("no type {name} in\n{types}"));
    let start = types[..at].rfind("#[derive(").expect("a derive");
    let end = start + types[start..].find(")]").expect("a closed derive");
    types[start..end].split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn no_configuration_changes_nothing() {
    let plain =
        oaswire_codegen::generate(&Document::parse("shop.yaml", SPEC).unwrap(), &Settings::new("test")).unwrap();
    let configured = generate("").unwrap();
    assert_eq!(plain.files, configured.files);
    assert!(configured.features.is_empty());
}

#[test]
fn filter_by_tag_keeps_those_operations_and_the_types_they_reach() {
    let generated = generate("[filter]\ntags = [\"store\"]\n").unwrap();
    let client = file(&generated, "client.rs");
    assert!(client.contains("pub fn place_order<"), "{client}");
    assert!(client.contains("pub fn get_inventory<"), "{client}");
    assert!(!client.contains("pub fn list_pets<"), "{client}");
    assert!(!client.contains("pub fn ping<"), "{client}");
    let types = file(&generated, "types.rs");
    // Order reaches Pet and Money; nothing the store operations use reaches Problem.
    for kept in ["pub struct Order ", "pub struct Pet ", "pub struct Money ", "pub struct Measurement "] {
        assert!(types.contains(kept), "{kept} missing");
    }
    assert!(!types.contains("pub struct Problem "), "an unreachable type is left out");
}

#[test]
fn filter_by_operation_id_and_path_glob() {
    let generated = generate("[filter]\noperation-ids = [\"ping\"]\npaths = [\"/pets/*\"]\n").unwrap();
    let client = file(&generated, "client.rs");
    assert!(client.contains("pub fn ping<"));
    assert!(client.contains("pub fn get_pet<"), "`/pets/*` matches /pets/{{id}}");
    assert!(!client.contains("pub fn list_pets<"), "`*` needs a segment: /pets is not matched");
    assert!(!client.contains("pub fn place_order<"));
    let generated = generate("[filter]\npaths = [\"/store/**\"]\nexclude-operation-ids = [\"placeOrder\"]\n").unwrap();
    let client = file(&generated, "client.rs");
    assert!(client.contains("pub fn get_inventory<"));
    assert!(!client.contains("pub fn place_order<"), "excludes win over includes");
}

#[test]
fn excludes_alone_drop_only_what_they_name() {
    let generated = generate("[filter]\nexclude-tags = [\"pets\"]\n").unwrap();
    let client = file(&generated, "client.rs");
    assert!(client.contains("pub fn ping<"), "an untagged operation stays");
    assert!(client.contains("pub fn place_order<"));
    assert!(!client.contains("pub fn get_pet<"));
}

#[test]
fn derives_go_where_the_type_can_hold_them() {
    let generated = generate("derives = [\"Eq\", \"Hash\"]\n").unwrap();
    assert!(derives_of(&generated, "Pet").contains("Eq, Hash"), "{}", derives_of(&generated, "Pet"));
    // Order holds Pet and Money, which can; Measurement holds an f64, which cannot.
    assert!(derives_of(&generated, "Order").contains("Eq, Hash"));
    let measurement = derives_of(&generated, "Measurement");
    assert!(!measurement.contains(", Eq") && !measurement.contains("Hash"), "{measurement}");
}

#[test]
fn derives_on_one_type_are_written_as_given() {
    let generated = generate("[types.Measurement]\nderives = [\"PartialOrd\", \"schemars::JsonSchema\"]\n").unwrap();
    let measurement = derives_of(&generated, "Measurement");
    assert!(measurement.contains("PartialOrd, schemars::JsonSchema"), "{measurement}");
    assert!(!derives_of(&generated, "Pet").contains("PartialOrd"));
}

#[test]
fn a_replaced_schema_is_the_users_type_wherever_it_was_used() {
    let generated = generate("[types.Money]\nreplace = \"crate::money::Money\"\n").unwrap();
    let types = file(&generated, "types.rs");
    assert!(!types.contains("pub struct Money "), "the schema's type is gone");
    assert!(types.contains("pub price: crate::money::Money"), "{types}");
}

#[test]
fn a_renamed_schema_and_operation() {
    let generated =
        generate("[types.Pet]\nrename = \"Animal\"\n\n[operations.listPets]\nrename = \"all_pets\"\n").unwrap();
    let types = file(&generated, "types.rs");
    assert!(types.contains("pub struct Animal "));
    assert!(!types.contains("pub struct Pet "));
    assert!(types.contains("pub pet: Animal"), "uses follow the rename");
    let client = file(&generated, "client.rs");
    assert!(client.contains("pub fn all_pets<'a>(&'a self) -> AllPetsCall<'a>"), "{client}");
    assert!(client.contains("Vec<Animal>"));
    assert!(!client.contains("list_pets"));
}

#[test]
fn per_tag_features_gate_operations_and_the_types_only_they_use() {
    let generated = generate("[features]\nper-tag = true\n").unwrap();
    let names: Vec<(&str, &str)> = generated.features.iter().map(|f| (f.name.as_str(), f.tag.as_str())).collect();
    assert_eq!(names, [("pets", "pets"), ("store", "store")], "one per tag an operation has");
    let client = file(&generated, "client.rs");
    let gate_before = |text: &str, item: &str| {
        let at = text.find(item).unwrap_or_else(|| panic!("no {item}"));
        let item_start = text[..at].rfind("\n\n").unwrap_or(0);
        text[item_start..at].lines().find(|l| l.contains("#[cfg(")).map(str::trim).map(str::to_owned)
    };
    assert_eq!(gate_before(client, "pub fn get_pet<").as_deref(), Some("#[cfg(feature = \"pets\")]"));
    assert_eq!(gate_before(client, "pub fn place_order<").as_deref(), Some("#[cfg(feature = \"store\")]"));
    assert_eq!(gate_before(client, "pub fn ping<"), None, "an untagged operation is always there");
    let types = file(&generated, "types.rs");
    // Pet is used by both tags' operations (Order holds it); Money by the store's only.
    assert_eq!(
        gate_before(types, "pub struct Pet ").as_deref(),
        Some("#[cfg(any(feature = \"pets\", feature = \"store\"))]")
    );
    assert_eq!(gate_before(types, "pub struct Money ").as_deref(), Some("#[cfg(feature = \"store\")]"));
    let manifest = oaswire_codegen::files::features_table(&generated);
    assert!(manifest.contains("default = [\"pets\", \"store\"]"), "{manifest}");
    assert!(manifest.contains("\npets = []\n") && manifest.contains("\nstore = []\n"), "{manifest}");
}

#[test]
fn package_name_and_version_reach_the_manifest() {
    let config = Config::parse("oaswire.toml", "[package]\nname = \"shop-client\"\nversion = \"2.1.0\"\n").unwrap();
    assert_eq!((config.package_name(), config.package_version()), (Some("shop-client"), Some("2.1.0")));
    let generated = generate("").unwrap();
    let manifest = oaswire_codegen::files::standalone_manifest("shop-client", config.package_version(), &generated);
    assert!(manifest.starts_with("[package]\nname = \"shop-client\"\nversion = \"2.1.0\"\n"), "{manifest}");
}

#[test]
fn an_unknown_key_is_a_located_error() {
    let diagnostics = Config::parse("oaswire.toml", "[filter]\ntags = [\"pets\"]\noperation_ids = []\n").unwrap_err();
    let error = &diagnostics.0[0];
    assert_eq!(error.rule, "config");
    assert_eq!(error.file.as_deref(), Some("oaswire.toml"));
    assert_eq!(error.position.map(|p| (p.line, p.column)), Some((3, 1)), "{error}");
    assert!(error.message.contains("operation_ids"), "{}", error.message);
}

#[test]
fn names_the_spec_lacks_are_located_errors() {
    let config = "[filter]\ntags = [\"pets\", \"stores\"]\noperation-ids = [\"getPets\"]\npaths = [\"/nowhere/*\"]\n\n\
                  [types.Pets]\nrename = \"Animal\"\n";
    let diagnostics = errors(config);
    let found: Vec<(usize, usize, &str)> = diagnostics
        .0
        .iter()
        .map(|d| (d.position.map_or(0, |p| p.line), d.position.map_or(0, |p| p.column), d.message.as_str()))
        .collect();
    let expect = [
        (2, 17, "no operation has the tag `stores`; did you mean `store`?"),
        (3, 18, "no operation has the operationId `getPets`; did you mean `getPet`?"),
        (4, 10, "no path matches `/nowhere/*`"),
        (6, 8, "no schema `Pets` in `components.schemas`; did you mean `Pet`?"),
    ];
    for (line, column, message) in expect {
        assert!(found.contains(&(line, column, message)), "missing {line}:{column} {message} in {found:#?}");
    }
    assert!(diagnostics.0.iter().all(|d| d.rule == "config" && d.file.as_deref() == Some("oaswire.toml")));
}

#[test]
fn bad_values_are_located_errors() {
    for (config, line, needle) in [
        ("derives = [\"Eq\", \"not a path\"]\n", 1, "not a Rust path"),
        ("[types.Pet]\nrename = \"fn\"\n", 2, "not a Rust identifier"),
        ("[types.Pet]\nreplace = \"x::{y}\"\n", 2, "not a Rust type path"),
        ("[package]\nversion = \"one\"\n", 2, "not a semantic version"),
        ("[package]\nname = \"a b\"\n", 2, "not a crate name"),
        ("[filter]\npaths = [\"/a/[\"]\n", 2, "not a path glob"),
        ("[types.Pet]\nrename = \"Money\"\n", 2, "already the name of a type"),
        ("[operations.listPets]\nrename = \"get_pet\"\n", 2, "already has a method `get_pet`"),
        ("[filter]\ntags = [\"unused-tag\"]\n", 1, "selects no operation"),
    ] {
        let diagnostics = errors(config);
        let error = diagnostics.0.iter().find(|d| d.message.contains(needle));
        let error = error.unwrap_or_else(|| panic!("`{needle}` not in {diagnostics:?} for\n{config}"));
        assert_eq!(error.position.map(|p| p.line), Some(line), "{config}");
    }
}

#[test]
fn a_hostile_configuration_cannot_inject_code() {
    for config in [
        "derives = [\"Eq)] pub struct X; #[derive(Clone\"]\n",
        "[types.Money]\nreplace = \"String; fn evil() {}\"\n",
        "[operations.ping]\nrename = \"ping() {} fn x\"\n",
    ] {
        assert!(generate(config).is_err(), "{config}");
    }
}
