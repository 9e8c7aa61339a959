//! `example`, `examples` and `default` values checked against their schemas with the `jsonschema`
//! crate. OpenAPI 3.0 schemas are JSON Schema draft 4 plus a few keywords, so each schema is
//! translated first (`nullable`, OpenAPI-only keywords); formats are annotations and not checked.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::follow;
use crate::diagnostics::{Diagnostic, pointer_join};
use crate::load::Document;

pub(super) fn examples(document: &Document, out: &mut Vec<Diagnostic>) {
    let mut checker = Checker {
        components: document.json().pointer("/components/schemas").and_then(Value::as_object),
        validators: HashMap::new(),
        translated: HashMap::new(),
        document,
        out,
    };
    if let Some(schemas) = checker.components {
        for (name, schema) in schemas {
            checker.schema_values(schema, &pointer_join("#/components/schemas", name), 0);
        }
    }
    checker.walk(document.json(), "#", None);
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
        if depth > 64 || object.contains_key("$ref") {
            return;
        }
        for keyword in ["example", "default"] {
            if let Some(value) = object.get(keyword) {
                self.check(schema, value, format!("{pointer}/{keyword}"), keyword);
            }
        }
        for (key, child) in object.get("properties").and_then(Value::as_object).into_iter().flatten() {
            self.schema_values(child, &pointer_join(&format!("{pointer}/properties"), key), depth + 1);
        }
        for keyword in ["items", "additionalProperties", "not"] {
            if let Some(child) = object.get(keyword) {
                self.schema_values(child, &format!("{pointer}/{keyword}"), depth + 1);
            }
        }
        for keyword in ["allOf", "oneOf", "anyOf"] {
            for (i, child) in object.get(keyword).and_then(Value::as_array).into_iter().flatten().enumerate() {
                self.schema_values(child, &format!("{pointer}/{keyword}/{i}"), depth + 1);
            }
        }
    }

    fn check(&mut self, schema: &Value, value: &Value, pointer: String, what: &'static str) {
        // A `$ref` is keyed by its target, without building the schemas it reaches.
        let key = match schema.get("$ref").and_then(Value::as_str).filter(|r| r.starts_with('#')) {
            Some(reference) => format!("$ref {reference}"),
            None => match translate(schema) {
                Some(translated) => translated.to_string(),
                None => return,
            },
        };
        if !self.validators.contains_key(&key) {
            let validator = self
                .checkable(schema)
                .and_then(|root| jsonschema::draft4::options().should_validate_formats(false).build(&root).ok());
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

    /// `schema` as a draft 4 document with the component schemas it reaches; `None` if it
    /// reaches another file or a component that cannot be translated.
    fn checkable(&mut self, schema: &Value) -> Option<Value> {
        let target = translate(schema)?;
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
            let components = self.components;
            let translated = self
                .translated
                .entry(name.clone())
                .or_insert_with(|| components.and_then(|c| c.get(&name)).and_then(translate))
                .clone()?;
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
}
