//! Parsing spec text (YAML or JSON) into a [`Document`]. The caller reads the file.

use openapiv3::OpenAPI;
use serde::Deserialize;
use std::path::Path;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::locate::SourceMap;

/// One parsed file of a spec.
pub struct Source {
    /// The file name diagnostics use.
    pub name: String,
    /// The source text.
    pub text: String,
    /// The file as plain JSON.
    pub raw: Value,
}

/// A parsed spec, with the text it came from so diagnostics can point into it.
pub struct Document {
    /// The root file's name, as the user gave it.
    pub file: String,
    /// The root file's text.
    pub text: String,
    /// The root document as plain JSON, for checks the typed model cannot express.
    pub raw: Value,
    /// The typed OpenAPI 3.0 model of the root document.
    pub openapi: OpenAPI,
    /// Other files reached by relative `$ref`s, keyed by their name relative to the root's folder.
    pub externals: Vec<Source>,
    /// Problems found while loading the other files, reported with the validation.
    pub load_diagnostics: Vec<Diagnostic>,
    /// The root with the other files' parts copied in, when there are other files; `openapi` is built from it.
    pub bundled: Option<Value>,
}

/// The largest spec file accepted, in bytes. The biggest public specs are a few MiB (GitHub's: 3.7);
/// past this, parsing would hold several times the size in memory, so the file is refused instead.
pub const MAX_SPEC_BYTES: usize = 64 * 1024 * 1024;

/// Reads a file for the loader; the caller decides where files come from.
pub type ReadFile<'a> = dyn FnMut(&Path) -> std::io::Result<String> + 'a;

impl Document {
    /// Parses `text`, read from `file`. Relative-file `$ref`s are left unresolved.
    pub fn parse(file: impl Into<String>, text: impl Into<String>) -> Result<Document, Diagnostics> {
        let file = file.into();
        let text = text.into();
        let raw = parse_source(&file, &text)?;
        let openapi = typed(&file, &text, &raw)?;
        Ok(Document { file, text, raw, openapi, externals: Vec::new(), load_diagnostics: Vec::new(), bundled: None })
    }

    /// Parses the root `text` (named `file`) and every file it reaches by relative `$ref`, read with `read`
    /// from paths relative to `dir`.
    pub fn load(file: &str, text: String, dir: &Path, read: &mut ReadFile<'_>) -> Result<Document, Diagnostics> {
        let mut document = Document::parse(file, text)?;
        let mut queue: Vec<(String, Value)> = vec![(String::new(), document.raw.clone())];
        let mut seen: Vec<String> = Vec::new();
        while let Some((from, raw)) = queue.pop() {
            for (pointer, reference) in refs(&raw) {
                let Some(target) = external_file(&from, reference) else { continue };
                if seen.contains(&target) {
                    continue;
                }
                seen.push(target.clone());
                let referrer = if from.is_empty() { document.file.clone() } else { from.clone() };
                match read(&dir.join(&target)) {
                    Ok(text) if text.len() > MAX_SPEC_BYTES => {
                        let mut diagnostic = too_large(text.len());
                        diagnostic.file = Some(target);
                        document.load_diagnostics.push(diagnostic);
                    }
                    Ok(text) => match parse_value(&text) {
                        Ok(raw) => {
                            queue.push((target.clone(), raw.clone()));
                            document.externals.push(Source { name: target, text, raw });
                        }
                        Err(mut diagnostic) => {
                            diagnostic.file = Some(target);
                            document.load_diagnostics.push(diagnostic);
                        }
                    },
                    Err(error) => {
                        let mut diagnostic = Diagnostic::error(
                            "ref-unresolved",
                            format!("{pointer}/$ref"),
                            format!("`{reference}` points at `{target}`, which cannot be read: {error}"),
                        );
                        diagnostic.file = Some(referrer);
                        document.load_diagnostics.push(diagnostic);
                    }
                }
            }
        }
        if let Some(bundled) = crate::bundle::bundle(&document) {
            document.openapi = typed(&document.file, &document.text, &bundled)?;
            document.bundled = Some(bundled);
        }
        Ok(document)
    }

    /// The file named `name`: the root or one reached by `$ref`.
    pub fn source(&self, name: &str) -> Option<(&str, &Value)> {
        if name == self.file || name.is_empty() {
            return Some((&self.text, &self.raw));
        }
        self.externals.iter().find(|s| s.name == name).map(|s| (s.text.as_str(), &s.raw))
    }

    /// Where each of `pointers` starts in the root file (or its nearest ancestor that exists there).
    /// Items bundled from other files are located at the root file's nearest ancestor.
    pub fn positions(&self, pointers: &[&str]) -> Vec<Option<Position>> {
        let map = SourceMap::for_pointers(&self.text, pointers.iter().copied());
        pointers.iter().map(|pointer| map.position(pointer)).collect()
    }

    /// Fills in the file and the line and column of each diagnostic.
    pub fn locate(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics.iter_mut() {
            diagnostic.file.get_or_insert_with(|| self.file.clone());
        }
        // One index per file, of just the pointers its diagnostics name.
        let mut files: Vec<String> = Vec::new();
        for diagnostic in diagnostics.iter().filter(|d| d.position.is_none()) {
            let file = diagnostic.file.clone().unwrap_or_default();
            if !files.contains(&file) {
                files.push(file);
            }
        }
        for file in files {
            let Some((text, _)) = self.source(&file) else { continue };
            let in_file = |d: &Diagnostic| d.position.is_none() && d.file.as_deref().unwrap_or_default() == file;
            let map =
                SourceMap::for_pointers(text, diagnostics.iter().filter(|d| in_file(d)).map(|d| d.pointer.as_str()));
            for diagnostic in diagnostics.iter_mut().filter(|d| in_file(d)) {
                diagnostic.position = map.position(&diagnostic.pointer);
            }
        }
    }
}

/// Every `$ref` string in `raw`, with the pointer of the object that holds it.
/// Example and default values are data, so a `$ref` key inside them is not a reference.
pub fn refs(raw: &Value) -> Vec<(String, &str)> {
    fn walk<'v>(value: &'v Value, pointer: &mut String, keys: [&str; 2], out: &mut Vec<(String, &'v str)>) {
        let [parent, grandparent] = keys;
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref") {
                    out.push((format!("#{pointer}"), reference));
                }
                for (key, child) in object {
                    if is_data(key, parent, grandparent) {
                        continue;
                    }
                    let length = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&crate::diagnostics::escape_pointer_token(key));
                    walk(child, pointer, [key, parent], out);
                    pointer.truncate(length);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let length = pointer.len();
                    pointer.push_str(&format!("/{i}"));
                    walk(child, pointer, keys, out);
                    pointer.truncate(length);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(raw, &mut String::new(), ["", ""], &mut out);
    out
}

/// Whether `key`, inside an object under `parent` (itself under `grandparent`), holds example or
/// default data rather than spec: a `$ref` in there is a value, not a reference.
pub(crate) fn is_data(key: &str, parent: &str, grandparent: &str) -> bool {
    match key {
        "example" | "default" | "enum" => parent != "properties",
        "value" => grandparent == "examples",
        _ => false,
    }
}

/// The file a relative `$ref` in file `from` points at, relative to the root's folder; `None` for local refs.
pub fn external_file(from: &str, reference: &str) -> Option<String> {
    let file = reference.split('#').next().unwrap_or("");
    if file.is_empty() || file.contains("://") {
        return None;
    }
    let base = Path::new(from).parent().unwrap_or(Path::new(""));
    let mut parts: Vec<String> = Vec::new();
    for component in base.join(file).components() {
        match component {
            std::path::Component::ParentDir if parts.pop().is_none() => parts.push("..".to_owned()),
            std::path::Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    Some(parts.join("/"))
}

fn parse_source(file: &str, text: &str) -> Result<Value, Diagnostics> {
    let located = |mut diagnostic: Diagnostic| {
        diagnostic.file = Some(file.to_owned());
        Diagnostics(vec![diagnostic])
    };
    if text.len() > MAX_SPEC_BYTES {
        return Err(located(too_large(text.len())));
    }
    let raw = parse_value(text).map_err(located)?;
    if let Err(diagnostic) = check_version(&raw) {
        let mut diagnostics = located(diagnostic);
        locate_in(text, &mut diagnostics.0);
        return Err(diagnostics);
    }
    Ok(raw)
}

fn typed(file: &str, text: &str, raw: &Value) -> Result<OpenAPI, Diagnostics> {
    serde_path_to_error::deserialize(raw).map_err(|error| {
        let (pointer, message) = refine(raw).unwrap_or_else(|| {
            (path_to_pointer(error.path()), format!("not a valid OpenAPI 3.0 document: {}", error.inner()))
        });
        let mut diagnostic = Diagnostic::error("schema", pointer, message);
        diagnostic.file = Some(file.to_owned());
        let mut diagnostics = vec![diagnostic];
        locate_in(text, &mut diagnostics);
        Diagnostics(diagnostics)
    })
}

fn locate_in(text: &str, diagnostics: &mut [Diagnostic]) {
    let map =
        SourceMap::for_pointers(text, diagnostics.iter().filter(|d| d.position.is_none()).map(|d| d.pointer.as_str()));
    for diagnostic in diagnostics.iter_mut().filter(|d| d.position.is_none()) {
        diagnostic.position = map.position(&diagnostic.pointer);
    }
}

/// The diagnostic for a file over [`MAX_SPEC_BYTES`].
pub fn too_large(bytes: usize) -> Diagnostic {
    Diagnostic::error(
        "too-large",
        "",
        format!(
            "the file is {} MiB; specs over {} MiB are refused to keep memory bounded. Split it into files joined by `$ref`",
            bytes / (1024 * 1024),
            MAX_SPEC_BYTES / (1024 * 1024)
        ),
    )
}

/// Parses YAML or JSON. A key written twice in one mapping is an error, pointed at the second one.
fn parse_value(text: &str) -> Result<Value, Diagnostic> {
    let result = if text.trim_start().starts_with('{') {
        serde_json::from_str::<StrictJson>(text).map(|v| v.0).map_err(|error| {
            let mut diagnostic = Diagnostic::error("syntax", "", format!("invalid JSON: {error}"));
            diagnostic.position = Some(Position { line: error.line(), column: error.column() });
            diagnostic
        })
    } else {
        serde_yaml_ng::Value::deserialize(serde_yaml_ng::Deserializer::from_str(text))
            .map_err(|error| {
                let mut diagnostic = Diagnostic::error("syntax", "", format!("invalid YAML: {error}"));
                diagnostic.position = error.location().map(|l| Position { line: l.line(), column: l.column() });
                diagnostic
            })
            .and_then(|yaml| yaml_to_json(yaml, "#"))
    };
    result.map_err(|diagnostic| {
        if !diagnostic.message.contains("duplicate") {
            return diagnostic;
        }
        match SourceMap::new(text).duplicates.into_iter().next() {
            Some((pointer, position)) => {
                let key = pointer.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~");
                let mut duplicate = Diagnostic::error(
                    "duplicate-key",
                    pointer,
                    format!("key `{key}` appears twice in this mapping; parsers keep one and drop the other silently"),
                );
                duplicate.position = Some(position);
                duplicate
            }
            None => diagnostic,
        }
    })
}

/// JSON into a `Value`, refusing a key written twice in one object.
struct StrictJson(Value);

impl<'de> Deserialize<'de> for StrictJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = StrictJson;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_bool<E>(self, v: bool) -> Result<StrictJson, E> {
                Ok(StrictJson(Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<StrictJson, E> {
                Ok(StrictJson(Value::from(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<StrictJson, E> {
                Ok(StrictJson(Value::from(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<StrictJson, E> {
                Ok(StrictJson(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)))
            }
            fn visit_str<E>(self, v: &str) -> Result<StrictJson, E> {
                Ok(StrictJson(Value::String(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<StrictJson, E> {
                Ok(StrictJson(Value::String(v)))
            }
            fn visit_unit<E>(self) -> Result<StrictJson, E> {
                Ok(StrictJson(Value::Null))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<StrictJson, A::Error> {
                let mut items = Vec::new();
                while let Some(StrictJson(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(StrictJson(Value::Array(items)))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<StrictJson, A::Error> {
                let mut object = serde_json::Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    let StrictJson(value) = map.next_value()?;
                    if object.insert(key.clone(), value).is_some() {
                        return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
                    }
                }
                Ok(StrictJson(Value::Object(object)))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
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
    fn a_key_written_twice_is_an_error_at_the_second_one() {
        let yaml = error_of("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {}\n  /a: {}\n");
        assert_eq!((yaml.rule, yaml.pointer.as_str()), ("duplicate-key", "#/paths/~1a"));
        assert_eq!(yaml.position, Some(Position { line: 5, column: 3 }));
        let json = error_of("{\"openapi\": \"3.0.3\",\n \"openapi\": \"3.0.3\"}");
        assert_eq!(json.rule, "duplicate-key");
        assert_eq!(json.position, Some(Position { line: 2, column: 2 }));
    }

    #[test]
    fn relative_file_refs_name_the_file_relative_to_the_root() {
        assert_eq!(external_file("", "schemas/pet.yaml#/Pet").as_deref(), Some("schemas/pet.yaml"));
        assert_eq!(external_file("schemas/pet.yaml", "../common.yaml").as_deref(), Some("common.yaml"));
        assert_eq!(external_file("", "#/components/schemas/Pet"), None);
        assert_eq!(external_file("", "https://example.com/x.yaml"), None);
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
