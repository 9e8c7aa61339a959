//! `example`, `examples` and `default` values checked against their schemas with the `jsonschema`
//! crate, formats being annotations and not checked.
//!
//! - OpenAPI 3.0 schemas are JSON Schema draft 4 plus a few keywords: each schema is translated
//!   first (`nullable`, OpenAPI-only keywords) and checked with draft 4.
//! - OpenAPI 3.1 schemas are JSON Schema draft 2020-12 (OpenAPI 3.1 §4.8.24): a 3.1 document is
//!   checked as written, with draft 2020-12, every item of a schema's `examples` array included.
//!   A document split across files is bundled as written for it (`bundle::bundle_onto`). Only
//!   `nullable: true`, which 3.1 dropped but `generate` honours, is translated, so that a `null`
//!   example beside it is not reported.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::follow;
use crate::diagnostics::{Diagnostic, pointer_join};
use crate::load::Document;
use crate::oas31::{SUBSCHEMA, SUBSCHEMA_LISTS, SUBSCHEMA_MAPS};

/// The 2020-12 keywords whose value is a schema that the 3.1 front end does not walk.
const UNEVALUATED: &[&str] = &["unevaluatedItems", "unevaluatedProperties"];

/// The JSON Schema dialect the schemas are written in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// OpenAPI 3.0's: draft 4 with OpenAPI's own keywords.
    Draft4,
    /// OpenAPI 3.1's: draft 2020-12.
    Draft202012,
}

pub(super) fn examples(document: &Document, out: &mut Vec<Diagnostic>) {
    let written;
    let (root, dialect) = if crate::oas31::is_31(&document.raw) {
        let as_written = document.root_as_written();
        written = match document.bundled {
            None => Some(as_written),
            Some(_) => crate::bundle::bundle_onto(document, as_written).map(|(bundled, _)| bundled),
        };
        match &written {
            Some(written) => (written, Dialect::Draft202012),
            None => (document.json(), Dialect::Draft4),
        }
    } else {
        (document.json(), Dialect::Draft4)
    };
    let mut checker = Checker {
        components: root.pointer("/components/schemas").and_then(Value::as_object),
        validators: HashMap::new(),
        translated: HashMap::new(),
        dialect,
        document,
        out,
    };
    if let Some(schemas) = checker.components {
        for (name, schema) in schemas {
            checker.schema_values(schema, &pointer_join("#/components/schemas", name), 0);
        }
    }
    checker.walk(root, "#", None);
}

struct Checker<'d, 'o> {
    document: &'d Document,
    components: Option<&'d Map<String, Value>>,
    /// Compiled validators by the JSON text of their translated schema (or the target of their
    /// `$ref`), so the many equal schemas of a large spec (`{"type": "string"}`…) compile once;
    /// `None` when one cannot be checked.
    validators: HashMap<String, Option<jsonschema::Validator>>,
    /// Component schemas by name, translated once; `None` when one cannot be.
    translated: HashMap<String, Option<Value>>,
    dialect: Dialect,
    out: &'o mut Vec<Diagnostic>,
}

impl<'d> Checker<'d, '_> {
    /// Finds media types and parameters (objects with `schema`) outside of schemas.
    fn walk(&mut self, value: &'d Value, pointer: &str, parent_key: Option<&str>) {
        match value {
            Value::Object(object) => {
                if parent_key != Some("properties")
                    && let Some(schema) = object.get("schema").filter(|s| s.is_object())
                {
                    let schema_pointer = format!("{pointer}/schema");
                    self.schema_values(schema, &schema_pointer, 0);
                    if let Some(example) = object.get("example") {
                        self.check(schema, example, format!("{pointer}/example"), "example");
                    }
                    for (name, example) in object.get("examples").and_then(Value::as_object).into_iter().flatten() {
                        let Some((example, ..)) = follow(self.document, "", example, pointer) else { continue };
                        if let Some(value) = example.get("value") {
                            let example_pointer =
                                format!("{}/value", pointer_join(&format!("{pointer}/examples"), name));
                            self.check(schema, value, example_pointer, "example");
                        }
                    }
                    return;
                }
                if pointer == "#/components" {
                    // Component schemas are checked from their own definitions.
                    for (key, child) in object.iter().filter(|(k, _)| *k != "schemas") {
                        self.walk(child, &pointer_join(pointer, key), Some(key));
                    }
                    return;
                }
                for (key, child) in object {
                    self.walk(child, &pointer_join(pointer, key), Some(key));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    self.walk(child, &format!("{pointer}/{i}"), parent_key);
                }
            }
            _ => {}
        }
    }

    /// Checks `example` and `default` inside a schema and its subschemas.
    fn schema_values(&mut self, schema: &'d Value, pointer: &str, depth: usize) {
        let Some(object) = schema.as_object() else { return };
        let draft4 = self.dialect == Dialect::Draft4;
        // In 3.0 the siblings of `$ref` are ignored; in 3.1 they apply, beside the target's.
        if depth > 64 || (draft4 && object.contains_key("$ref")) {
            return;
        }
        for keyword in ["example", "default"] {
            if let Some(value) = object.get(keyword) {
                self.check(schema, value, format!("{pointer}/{keyword}"), keyword);
            }
        }
        if !draft4 {
            // A 2020-12 schema's `examples` is an array of values (a 3.0 schema has none).
            for (i, value) in object.get("examples").and_then(Value::as_array).into_iter().flatten().enumerate() {
                self.check(schema, value, format!("{pointer}/examples/{i}"), "example");
            }
        }
        let (maps, single, lists): (&[&str], Vec<&str>, &[&str]) = if draft4 {
            (&["properties"], vec!["items", "additionalProperties", "not"], &["allOf", "oneOf", "anyOf"])
        } else {
            (SUBSCHEMA_MAPS, SUBSCHEMA.iter().chain(UNEVALUATED).copied().collect(), SUBSCHEMA_LISTS)
        };
        for keyword in maps {
            for (key, child) in object.get(*keyword).and_then(Value::as_object).into_iter().flatten() {
                self.schema_values(child, &pointer_join(&format!("{pointer}/{keyword}"), key), depth + 1);
            }
        }
        for keyword in single {
            if let Some(child) = object.get(keyword) {
                self.schema_values(child, &format!("{pointer}/{keyword}"), depth + 1);
            }
        }
        for keyword in lists {
            for (i, child) in object.get(*keyword).and_then(Value::as_array).into_iter().flatten().enumerate() {
                self.schema_values(child, &format!("{pointer}/{keyword}/{i}"), depth + 1);
            }
        }
    }

    fn check(&mut self, schema: &Value, value: &Value, pointer: String, what: &'static str) {
        // A `$ref` is keyed by its target, without building the schemas it reaches.
        let draft4 = self.dialect == Dialect::Draft4;
        let key = match schema.get("$ref").and_then(Value::as_str).filter(|r| r.starts_with('#')) {
            Some(reference) if draft4 => format!("$ref {reference}"),
            _ => match self.translate(schema) {
                Some(translated) => translated.to_string(),
                None => return,
            },
        };
        if !self.validators.contains_key(&key) {
            let validator = self.checkable(schema).and_then(|root| match self.dialect {
                Dialect::Draft4 => jsonschema::draft4::options().should_validate_formats(false).build(&root).ok(),
                Dialect::Draft202012 => {
                    jsonschema::draft202012::options().should_validate_formats(false).build(&root).ok()
                }
            });
            self.validators.insert(key.clone(), validator);
        }
        let Some(Some(validator)) = self.validators.get(&key) else { return };
        if let Some(error) = validator.iter_errors(value).next() {
            let at = error.instance_path().to_string();
            let location = if at.is_empty() { String::new() } else { format!(" at `{at}`") };
            // A wrong example misleads readers but does not change the generated code: a warning.
            self.out.push(Diagnostic::warning(
                if what == "default" { "default-invalid" } else { "example-invalid" },
                pointer,
                format!("this {what} does not match its schema{location}: {error}"),
            ));
        }
    }

    /// `schema` in its dialect.
    fn translate(&self, schema: &Value) -> Option<Value> {
        match self.dialect {
            Dialect::Draft4 => translate(schema),
            Dialect::Draft202012 => translate_31(schema),
        }
    }

    /// `schema` as a document of its dialect with the component schemas it reaches; `None` if
    /// it reaches another file or a component that cannot be translated.
    fn checkable(&mut self, schema: &Value) -> Option<Value> {
        let target = self.translate(schema)?;
        let mut needed: Vec<String> = Vec::new();
        collect_refs(&target, &mut needed);
        if needed.is_empty() {
            return Some(target);
        }
        let mut schemas = Map::new();
        while let Some(name) = needed.pop() {
            if schemas.contains_key(&name) {
                continue;
            }
            let component = self.components.and_then(|c| c.get(&name));
            let translated = match self.translated.get(&name) {
                Some(translated) => translated.clone(),
                None => {
                    let translated = component.and_then(|c| self.translate(c));
                    self.translated.insert(name.clone(), translated.clone());
                    translated
                }
            }?;
            collect_refs(&translated, &mut needed);
            schemas.insert(name, translated);
        }
        Some(json!({"allOf": [target], "components": {"schemas": schemas}}))
    }
}

/// OpenAPI 3.0 schema → JSON Schema draft 4. `None` when it refers to another file.
fn translate(schema: &Value) -> Option<Value> {
    let Value::Object(object) = schema else { return Some(schema.clone()) };
    if let Some(reference) = object.get("$ref") {
        // Siblings of `$ref` are ignored in OpenAPI 3.0.
        return reference.as_str().filter(|r| r.starts_with("#/")).map(|r| json!({"$ref": r}));
    }
    let mut out = Map::new();
    for (key, value) in object {
        let translated = match key.as_str() {
            "nullable" | "discriminator" | "xml" | "externalDocs" | "example" | "deprecated" | "readOnly"
            | "writeOnly" => continue,
            _ if key.starts_with("x-") => continue,
            "properties" => Value::Object(
                value
                    .as_object()?
                    .iter()
                    .map(|(k, v)| Some((k.clone(), translate(v)?)))
                    .collect::<Option<Map<_, _>>>()?,
            ),
            "items" | "not" => translate(value)?,
            "additionalProperties" if value.is_object() => translate(value)?,
            "allOf" | "oneOf" | "anyOf" => {
                Value::Array(value.as_array()?.iter().map(translate).collect::<Option<Vec<_>>>()?)
            }
            _ => value.clone(),
        };
        out.insert(key.clone(), translated);
    }
    if object.get("nullable") == Some(&Value::Bool(true)) {
        return Some(allow_null(out));
    }
    Some(Value::Object(out))
}

/// An OpenAPI 3.1 schema as draft 2020-12 reads it: as written, but for `nullable: true` (a 3.0
/// keyword that `generate` honours in 3.1 specs), which also admits `null`. `None` when it
/// refers to another file.
fn translate_31(schema: &Value) -> Option<Value> {
    match schema {
        Value::Object(object) => {
            if object.get("$ref").and_then(Value::as_str).is_some_and(|r| !r.starts_with('#')) {
                return None;
            }
            let mut out = Map::new();
            for (key, value) in object {
                // Annotations and OpenAPI's own keywords say nothing of the value.
                if matches!(key.as_str(), "nullable" | "example" | "examples" | "discriminator" | "xml")
                    || key.starts_with("x-")
                {
                    continue;
                }
                // A keyword whose value is a schema, or a map or list of them, is translated too.
                let translated = match value {
                    Value::Object(map) if SUBSCHEMA_MAPS.contains(&key.as_str()) => Value::Object(
                        map.iter().map(|(k, v)| Some((k.clone(), translate_31(v)?))).collect::<Option<_>>()?,
                    ),
                    Value::Array(items) if SUBSCHEMA_LISTS.contains(&key.as_str()) => {
                        Value::Array(items.iter().map(translate_31).collect::<Option<_>>()?)
                    }
                    _ if SUBSCHEMA.contains(&key.as_str()) || UNEVALUATED.contains(&key.as_str()) => {
                        translate_31(value)?
                    }
                    _ => value.clone(),
                };
                out.insert(key.clone(), translated);
            }
            if object.get("nullable") == Some(&Value::Bool(true)) {
                return Some(allow_null(out));
            }
            Some(Value::Object(out))
        }
        other => Some(other.clone()),
    }
}

fn allow_null(mut schema: Map<String, Value>) -> Value {
    if let Some(Value::Array(values)) = schema.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    match schema.get("type").cloned() {
        Some(Value::String(ty)) => {
            schema.insert("type".to_owned(), json!([ty, "null"]));
            Value::Object(schema)
        }
        Some(_) => Value::Object(schema),
        None => json!({"anyOf": [Value::Object(schema), {"type": "null"}]}),
    }
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(name) =
                object.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                // `#/components/schemas/Owner/$defs/Contact` needs the whole of `Owner`.
                let name = name.split('/').next().unwrap_or(name);
                out.push(name.replace("~1", "/").replace("~0", "~"));
            }
            object.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_becomes_a_null_type_or_branch() {
        assert_eq!(translate(&json!({"type": "string", "nullable": true})), Some(json!({"type": ["string", "null"]})));
        assert_eq!(
            translate(&json!({"enum": ["a"], "nullable": true})),
            Some(json!({"anyOf": [{"enum": ["a", null]}, {"type": "null"}]}))
        );
        assert_eq!(translate(&json!({"$ref": "other.yaml#/X"})), None);
    }

    /// The example diagnostics of a 3.1 document whose schemas are `schemas` (YAML, indented 4).
    fn warnings_31(schemas: &str) -> Vec<String> {
        let spec = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n{schemas}");
        let document = Document::parse("spec.yaml", spec).unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::new();
        examples(&document, &mut out);
        out.iter().map(|d| format!("{} {}", d.rule, d.pointer)).collect()
    }

    #[test]
    fn a_31_document_is_checked_with_draft_2020_12() {
        // Each of these breaks a keyword that draft 4 does not have, on an item of `examples`
        // past the first, or through a `$ref` into `$defs`.
        let schemas = "    Shipment:
      type: object
      properties:
        card: {type: string}
        cvc: {type: string}
        where: {type: array, prefixItems: [{type: number}, {type: number}]}
        owner: {$ref: '#/components/schemas/Owner/$defs/Contact'}
      dependentRequired: {card: [cvc]}
      examples:
        - {card: '4242', cvc: '123'}
        - {card: '4242'}
        - {where: [1, north]}
        - {owner: {email: 7}}
    Owner:
      $defs:
        Contact: {type: object, properties: {email: {type: string}}}
";
        assert_eq!(
            warnings_31(schemas),
            [
                "example-invalid #/components/schemas/Shipment/examples/1",
                "example-invalid #/components/schemas/Shipment/examples/2",
                "example-invalid #/components/schemas/Shipment/examples/3",
            ]
        );
    }

    #[test]
    fn in_31_null_fits_nullable_and_a_ref_sibling_default_is_checked() {
        let schemas = "    Note:
      type: object
      properties:
        text: {type: string, nullable: true, examples: [null, hi]}
        size: {$ref: '#/components/schemas/Size', default: huge}
        ok: {$ref: '#/components/schemas/Size', default: small}
    Size: {enum: [small, large]}
";
        assert_eq!(warnings_31(schemas), ["default-invalid #/components/schemas/Note/properties/size/default"]);
    }
}
