//! Parsing spec text (YAML or JSON) into a [`Document`]. The caller reads the file.

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::locate::SourceMap;

/// A parsed spec, with the text it came from so diagnostics can point into it.
pub struct Document {
    /// The file name diagnostics use, as the user gave it.
    pub file: String,
    /// The source text.
    pub text: String,
    /// The document as plain JSON, for checks the typed model cannot express.
    pub raw: Value,
    /// The typed OpenAPI 3.0 model.
    pub openapi: OpenAPI,
}

impl Document {
    /// Parses `text`, read from `file`. Fails with located diagnostics.
    pub fn parse(file: impl Into<String>, text: impl Into<String>) -> Result<Document, Diagnostics> {
        let file = file.into();
        let text = text.into();
        let located = |mut diagnostic: Diagnostic| {
            diagnostic.file = Some(file.clone());
            Diagnostics(vec![diagnostic])
        };
        let raw = parse_value(&text).map_err(located)?;
        if let Err(diagnostic) = check_version(&raw) {
            let mut diagnostics = located(diagnostic);
            locate(&file, &text, &mut diagnostics.0);
            return Err(diagnostics);
        }
        let openapi = match serde_path_to_error::deserialize(&raw) {
            Ok(openapi) => openapi,
            Err(error) => {
                let (pointer, message) = refine(&raw).unwrap_or_else(|| {
                    (path_to_pointer(error.path()), format!("not a valid OpenAPI 3.0 document: {}", error.inner()))
                });
                let mut diagnostics = located(Diagnostic::error("schema", pointer, message));
                locate(&file, &text, &mut diagnostics.0);
                return Err(diagnostics);
            }
        };
        Ok(Document { file, text, raw, openapi })
    }

    /// Fills in the file and the line and column of each diagnostic.
    pub fn locate(&self, diagnostics: &mut [Diagnostic]) {
        locate(&self.file, &self.text, diagnostics);
    }
}

fn locate(file: &str, text: &str, diagnostics: &mut [Diagnostic]) {
    if diagnostics.iter().all(|d| d.position.is_some()) {
        return;
    }
    let map = SourceMap::new(text);
    for diagnostic in diagnostics {
        diagnostic.file.get_or_insert_with(|| file.to_owned());
        if diagnostic.position.is_none() {
            diagnostic.position = map.position(&diagnostic.pointer);
        }
    }
}

fn parse_value(text: &str) -> Result<Value, Diagnostic> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|error| {
            let mut diagnostic = Diagnostic::error("syntax", "", format!("invalid JSON: {error}"));
            diagnostic.position = Some(Position { line: error.line(), column: error.column() });
            diagnostic
        });
    }
    let yaml = serde_yaml_ng::Value::deserialize(serde_yaml_ng::Deserializer::from_str(text)).map_err(|error| {
        let mut diagnostic = Diagnostic::error("syntax", "", format!("invalid YAML: {error}"));
        diagnostic.position = error.location().map(|l| Position { line: l.line(), column: l.column() });
        diagnostic
    })?;
    yaml_to_json(yaml, "#")
}

/// YAML allows keys and values JSON does not; OpenAPI needs string keys (`200:` is a number in YAML).
fn yaml_to_json(yaml: serde_yaml_ng::Value, pointer: &str) -> Result<Value, Diagnostic> {
    use serde_yaml_ng::Value as Yaml;
    Ok(match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                serde_json::Number::from_f64(n.as_f64().unwrap_or(f64::NAN)).map(Value::Number).ok_or_else(|| {
                    Diagnostic::error("syntax", pointer, "a number that JSON cannot represent (NaN or infinity)")
                })?
            }
        }
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &format!("{pointer}/{i}")))
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Mapping(mapping) => {
            let mut object = serde_json::Map::with_capacity(mapping.len());
            for (key, value) in mapping {
                let key = match key {
                    Yaml::String(s) => s,
                    Yaml::Number(n) => n.to_string(),
                    Yaml::Bool(b) => b.to_string(),
                    _ => {
                        return Err(Diagnostic::error("syntax", pointer, "a mapping key must be a string or a number"));
                    }
                };
                let child = crate::diagnostics::pointer_join(pointer, &key);
                let value = yaml_to_json(value, &child)?;
                object.insert(key, value);
            }
            Value::Object(object)
        }
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value, pointer)?,
    })
}

fn check_version(raw: &Value) -> Result<(), Diagnostic> {
    if raw.get("swagger").is_some() {
        return Err(Diagnostic::error(
            "version",
            "#/swagger",
            "Swagger 2.0 documents are not supported; convert the spec to OpenAPI 3.0 first",
        ));
    }
    match raw.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => Ok(()),
        Some(v) if v.starts_with("3.1") => Err(Diagnostic::error(
            "version",
            "#/openapi",
            format!("OpenAPI {v} is not supported yet; only 3.0.x documents can be generated"),
        )),
        Some(v) => {
            Err(Diagnostic::error("version", "#/openapi", format!("unknown OpenAPI version `{v}`; expected 3.0.x")))
        }
        None => {
            Err(Diagnostic::error("version", "#", "missing the `openapi: 3.0.x` field; is this an OpenAPI document?"))
        }
    }
}

/// serde loses the path inside `#[serde(flatten)]` maps such as `paths`; retry their entries one by one.
fn refine(raw: &Value) -> Option<(String, String)> {
    fn first_error<T: serde::de::DeserializeOwned>(entries: Option<&Value>, base: &str) -> Option<(String, String)> {
        for (key, value) in entries?.as_object()? {
            if let Err(error) = serde_path_to_error::deserialize::<_, T>(value) {
                let entry = crate::diagnostics::pointer_join(base, key);
                let inner = path_to_pointer(error.path());
                let message = format!("not a valid OpenAPI 3.0 document: {}", error.inner());
                return Some((format!("{entry}{}", &inner[1..]), message));
            }
        }
        None
    }
    use openapiv3::{Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme};
    let components = raw.get("components");
    let section = |name: &str| components.and_then(|c| c.get(name));
    first_error::<ReferenceOr<PathItem>>(raw.get("paths"), "#/paths")
        .or_else(|| first_error::<ReferenceOr<Schema>>(section("schemas"), "#/components/schemas"))
        .or_else(|| first_error::<ReferenceOr<Parameter>>(section("parameters"), "#/components/parameters"))
        .or_else(|| first_error::<ReferenceOr<Response>>(section("responses"), "#/components/responses"))
        .or_else(|| first_error::<ReferenceOr<RequestBody>>(section("requestBodies"), "#/components/requestBodies"))
        .or_else(|| {
            first_error::<ReferenceOr<SecurityScheme>>(section("securitySchemes"), "#/components/securitySchemes")
        })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => pointer = crate::diagnostics::pointer_join(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> Diagnostic {
        Document::parse("spec.yaml", text).err().expect("should fail").0.remove(0)
    }

    #[test]
    fn refuses_3_1_and_swagger_with_a_message_that_says_so() {
        let d = error_of("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert_eq!(d.rule, "version");
        assert!(d.message.contains("3.1.0 is not supported"), "{d}");
        assert_eq!(d.position, Some(Position { line: 1, column: 1 }));
        assert_eq!(error_of("swagger: '2.0'\n").rule, "version");
    }

    #[test]
    fn a_yaml_syntax_error_has_its_line() {
        let d = error_of("openapi: 3.0.3\ninfo: [unclosed\n");
        assert_eq!(d.rule, "syntax");
        assert_eq!(d.file.as_deref(), Some("spec.yaml"));
        assert!(d.position.is_some(), "{d}");
    }

    #[test]
    fn a_type_error_points_at_the_field() {
        let d = error_of(
            "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 7\n",
        );
        // serde cannot see inside the flattened path item, so the path's own line is the best it can do.
        assert_eq!(d.pointer, "#/paths/~1a");
        assert_eq!(d.position, Some(Position { line: 6, column: 3 }));
    }

    #[test]
    fn yaml_integer_status_keys_become_strings() {
        let doc = Document::parse(
            "s.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(doc.raw["paths"]["/a"]["get"]["responses"]["200"].is_object());
    }
}
