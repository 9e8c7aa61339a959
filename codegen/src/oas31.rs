//! The OpenAPI 3.1 front end: a 3.1 document is rewritten in place into the 3.0 shapes the rest
//! of the pipeline reads, so lowering, emitting, diff and conformance stay on one code path.
//!
//! Each rewrite keeps a node where the spec wrote it, so diagnostics still point at the spec's
//! lines: JSON Schema 2020-12's `type` arrays and `{"type": "null"}` alternatives become
//! `nullable`, `const` a one-value `enum`, numeric `exclusiveMinimum`/`exclusiveMaximum` the
//! 3.0 pair, an `examples` array its first `example`, `contentEncoding: base64` `format: byte`,
//! and a `$ref` with sibling keywords an `allOf` holding the `$ref` beside them (in 3.1 the
//! siblings apply; in 3.0 they were ignored). What has no 3.0 shape is named in a located
//! `keyword-unsupported` warning, and the client accepts any JSON there.

use serde_json::{Map, Value, json};

use crate::diagnostics::{Diagnostic, escape_pointer_token};
use crate::load::Origin;

/// Whether `raw` is an OpenAPI 3.1 document.
pub fn is_31(raw: &Value) -> bool {
    raw.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1."))
}

/// JSON Schema keywords with no 3.0 shape: the client does not check them.
const UNSUPPORTED: &[&str] = &[
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "$dynamicRef",
    "$dynamicAnchor",
];

/// Keywords whose value is one schema.
pub(crate) const SUBSCHEMA: &[&str] =
    &["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"];
/// Keywords whose value is a list of schemas.
pub(crate) const SUBSCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value maps names to schemas.
pub(crate) const SUBSCHEMA_MAPS: &[&str] = &["properties", "$defs", "patternProperties", "dependentSchemas"];

/// Rewrites the 3.1 document `raw` into 3.0 shapes. `leftovers` warns of the 3.0 keywords a 3.1
/// document still carries (`nullable`, boolean `exclusiveMinimum`, a schema's `example`), which
/// are honoured; it is off when the document was rewritten once already.
pub fn normalize(raw: &mut Value, leftovers: bool) -> Vec<Diagnostic> {
    normalize_located(raw, leftovers).0
}

/// [`normalize`], and where each moved keyword was written: a schema's `example` made from its
/// `examples` array was written at `examples/0`.
pub fn normalize_located(raw: &mut Value, leftovers: bool) -> (Vec<Diagnostic>, Vec<Origin>) {
    let mut rewriter = Rewriter { diagnostics: Vec::new(), leftovers, origins: Vec::new() };
    if let Some(object) = raw.as_object_mut() {
        // `paths` is optional in 3.1; a document of webhooks only has none.
        object.entry("paths").or_insert_with(|| Value::Object(Map::new()));
        // An operation's `responses` is optional in 3.1.
        if let Some(paths) = object.get_mut("paths").and_then(Value::as_object_mut) {
            for (path, item) in paths.iter_mut() {
                let Some(item) = item.as_object_mut() else { continue };
                for method in crate::load::METHODS {
                    if let Some(operation) = item.get_mut(*method).and_then(Value::as_object_mut) {
                        let responses = operation.entry("responses").or_insert_with(|| Value::Object(Map::new()));
                        let at = format!("#/paths/{}/{method}/responses", escape_pointer_token(path));
                        rewriter.describe_responses(responses, &at);
                    }
                }
            }
        }
        if let Some(responses) = object.get_mut("components").and_then(|c| c.get_mut("responses")) {
            rewriter.describe_responses(responses, "#/components/responses");
        }
    }
    rewriter.walk(raw, &mut "#".to_owned());
    (rewriter.diagnostics, rewriter.origins)
}

/// Moves what 3.0 shapes cannot reference into places they can, and says where each part was
/// written (as [`Origin`]s, so diagnostics still point at the spec's lines):
///
/// - each `$defs` entry of a schema becomes a component schema named after its parent and itself
///   (`Owner/$defs/Contact` → `Owner_Contact`), and `$ref`s to it (or into it) follow it;
/// - a path whose Path Item is a `$ref` to `#/components/pathItems/…` gets a copy of that item.
///
/// It changes nothing in a document without `$defs` or such references.
pub fn inline_references(raw: &mut Value) -> Vec<Origin> {
    let mut origins = Vec::new();
    resolve_identifiers(raw);
    // `$defs` inside `$defs` surface one level per round.
    for _ in 0..8 {
        let mut found = Vec::new();
        find_defs(raw, &mut "#".to_owned(), &mut found);
        if found.is_empty() {
            break;
        }
        let mut moves: Vec<(String, String)> = Vec::new();
        for (parent, names) in found {
            let Some(Value::Object(defs)) =
                raw.pointer_mut(&parent[1..]).and_then(Value::as_object_mut).and_then(|object| object.remove("$defs"))
            else {
                continue;
            };
            let stem = parent.rsplit('/').next().unwrap_or("").replace("~1", "/").replace("~0", "~");
            let schemas = raw
                .as_object_mut()
                .map(|o| o.entry("components").or_insert_with(|| json!({})))
                .and_then(Value::as_object_mut)
                .map(|c| c.entry("schemas").or_insert_with(|| json!({})))
                .and_then(Value::as_object_mut);
            let Some(schemas) = schemas else { continue };
            for (name, schema) in defs {
                debug_assert!(names.contains(&name));
                let base = if stem.is_empty() || stem == "$defs" { name.clone() } else { format!("{stem}_{name}") };
                let mut key = base.clone();
                let mut n = 2;
                while schemas.contains_key(&key) {
                    key = format!("{base}{n}");
                    n += 1;
                }
                let from = format!("{parent}/$defs/{}", escape_pointer_token(&name));
                let to = format!("#/components/schemas/{}", escape_pointer_token(&key));
                schemas.insert(key, schema);
                origins.push(Origin { bundled: to.clone(), file: String::new(), pointer: from.clone() });
                moves.push((from, to));
            }
        }
        retarget_refs(raw, &moves);
    }
    let path_items = raw.pointer("/components/pathItems").cloned();
    if let (Some(path_items), Some(paths)) = (path_items, raw.get_mut("paths").and_then(Value::as_object_mut)) {
        for (path, item) in paths.iter_mut() {
            let Some(reference) = item.get("$ref").and_then(Value::as_str) else { continue };
            let Some(name) = reference.strip_prefix("#/components/pathItems/") else { continue };
            let name = name.replace("~1", "/").replace("~0", "~");
            let Some(target) = path_items.get(&name).filter(|t| t.get("$ref").is_none()) else { continue };
            origins.push(Origin {
                bundled: format!("#/paths/{}", escape_pointer_token(path)),
                file: String::new(),
                pointer: format!("#/components/pathItems/{}", escape_pointer_token(&name)),
            });
            *item = target.clone();
        }
    }
    origins
}

/// The base URI of the document itself, against which `$id`s and `$ref`s resolve (RFC 3986 §5.1.4:
/// the application's default, as the file's own location is not known here).
const DOCUMENT_BASE: &str = "https://oaswire.invalid/openapi.json";

/// Rewrites each `$ref` that names a schema by its `$id` or `$anchor` (JSON Schema 2020-12 §8.2),
/// resolved as RFC 3986 says against the `$id`s around it, to the JSON pointer of that schema,
/// the only form the rest of the pipeline follows. `$ref`s that are already JSON pointers, or
/// name what no `$id` in the document identifies (another file), are left as they are.
pub fn resolve_identifiers(raw: &mut Value) {
    use fluent_uri::Uri;
    let Ok(base) = Uri::parse(DOCUMENT_BASE.to_owned()) else { return };
    // `$id`s, absolute, by the pointer of their schema; `$anchor`s by their resource and name.
    let mut ids = std::collections::HashMap::new();
    let mut anchors = std::collections::HashMap::new();
    with_bases(raw, &base, &mut "#".to_owned(), 0, &mut |object, base, pointer| {
        if object.contains_key("$id") {
            ids.entry(base.as_str().to_owned()).or_insert_with(|| pointer.to_owned());
        }
        if let Some(anchor) = object.get("$anchor").and_then(Value::as_str) {
            anchors.entry((base.as_str().to_owned(), anchor.to_owned())).or_insert_with(|| pointer.to_owned());
        }
    });
    if ids.is_empty() && anchors.is_empty() {
        return;
    }
    ids.entry(DOCUMENT_BASE.to_owned()).or_insert_with(|| "#".to_owned());
    // Each `$ref` to rewrite: the pointer of the object holding it, and its new value.
    let mut rewrites = Vec::new();
    with_bases(raw, &base, &mut "#".to_owned(), 0, &mut |object, base, pointer| {
        if let Some(reference) = object.get("$ref").and_then(Value::as_str)
            && !reference.starts_with("#/")
            && reference != "#"
            && let Some(target) = identified(reference, base, &ids, &anchors)
        {
            rewrites.push((pointer[1..].to_owned(), target));
        }
    });
    for (holder, target) in rewrites {
        if let Some(object) = raw.pointer_mut(&holder).and_then(Value::as_object_mut) {
            object.insert("$ref".to_owned(), Value::String(target));
        }
    }
}

/// Whether `key` holds values or annotations rather than schemas: not searched for identifiers.
fn holds_values(key: &str) -> bool {
    key.starts_with("x-") || ["example", "examples", "default", "enum", "const"].contains(&key)
}

/// `object`'s base URI: its `$id` resolved against `base`, without a fragment.
fn base_of(object: &Map<String, Value>, base: &fluent_uri::Uri<String>) -> Option<fluent_uri::Uri<String>> {
    let id = object.get("$id")?.as_str()?;
    let resolved = fluent_uri::UriRef::parse(id).ok()?.resolve_against(base).ok()?;
    fluent_uri::Uri::parse(resolved.strip_fragment().as_str().to_owned()).ok()
}

/// What [`with_bases`] calls with each object, its base URI and its pointer.
type Visit<'a> = dyn FnMut(&Map<String, Value>, &fluent_uri::Uri<String>, &str) + 'a;

/// Calls `visit` with each object of `value` outside values and annotations, its base URI (its
/// own `$id`, or the nearest enclosing one's, or `base`) and its JSON pointer (`#/…`).
fn with_bases(
    value: &Value,
    base: &fluent_uri::Uri<String>,
    pointer: &mut String,
    depth: usize,
    visit: &mut Visit<'_>,
) {
    if depth > 256 {
        return;
    }
    let descend =
        |key: &str, child: &Value, base: &fluent_uri::Uri<String>, pointer: &mut String, visit: &mut Visit<'_>| {
            let length = pointer.len();
            pointer.push('/');
            pointer.push_str(&escape_pointer_token(key));
            with_bases(child, base, pointer, depth + 1, visit);
            pointer.truncate(length);
        };
    match value {
        Value::Object(object) => {
            let own = base_of(object, base);
            let base = own.as_ref().unwrap_or(base);
            visit(object, base, pointer);
            for (key, child) in object.iter().filter(|(key, _)| !holds_values(key)) {
                descend(key, child, base, pointer, visit);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                descend(&i.to_string(), item, base, pointer, visit);
            }
        }
        _ => {}
    }
}

/// The JSON pointer `reference` names through an `$id` or `$anchor`, when it does.
fn identified(
    reference: &str,
    base: &fluent_uri::Uri<String>,
    ids: &std::collections::HashMap<String, String>,
    anchors: &std::collections::HashMap<(String, String), String>,
) -> Option<String> {
    let resolved = fluent_uri::UriRef::parse(reference).ok()?.resolve_against(base).ok()?;
    let resource = resolved.strip_fragment().as_str().to_owned();
    let fragment = resolved.fragment().map(|f| f.as_str().to_owned()).unwrap_or_default();
    if fragment.is_empty() {
        return ids.get(&resource).cloned();
    }
    if fragment.starts_with('/') {
        let decoded = percent_encoding::percent_decode_str(&fragment).decode_utf8().ok()?;
        return ids.get(&resource).map(|at| format!("{at}{decoded}"));
    }
    anchors.get(&(resource, fragment)).cloned()
}

/// The schemas holding `$defs`, outermost only, as (pointer, names of the definitions).
fn find_defs(value: &Value, pointer: &mut String, found: &mut Vec<(String, Vec<String>)>) {
    let Value::Object(object) = value else {
        if let Value::Array(items) = value {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push_str(&format!("/{i}"));
                find_defs(item, pointer, found);
                pointer.truncate(len);
            }
        }
        return;
    };
    if let Some(Value::Object(defs)) = object.get("$defs") {
        found.push((pointer.clone(), defs.keys().cloned().collect()));
        return;
    }
    for (key, child) in object {
        if holds_values(key) {
            continue;
        }
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape_pointer_token(key));
        find_defs(child, pointer, found);
        pointer.truncate(len);
    }
}

/// Rewrites every `$ref` that points at (or into) a moved node to its new place.
fn retarget_refs(value: &mut Value, moves: &[(String, String)]) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                for (from, to) in moves {
                    if let Some(rest) = reference.strip_prefix(from.as_str())
                        && (rest.is_empty() || rest.starts_with('/'))
                    {
                        *reference = format!("{to}{rest}");
                        break;
                    }
                }
            }
            for (key, child) in object.iter_mut() {
                if !key.starts_with("x-") && key != "example" && key != "examples" {
                    retarget_refs(child, moves);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| retarget_refs(item, moves)),
        _ => {}
    }
}

struct Rewriter {
    diagnostics: Vec<Diagnostic>,
    leftovers: bool,
    origins: Vec<Origin>,
}

impl Rewriter {
    /// A response without the `description` 3.1.0 requires gets an empty one, so the client can
    /// still be made; `validate` reports it as the error it is.
    fn describe_responses(&mut self, responses: &mut Value, pointer: &str) {
        for (key, response) in responses.as_object_mut().into_iter().flatten() {
            let Some(response) = response.as_object_mut() else { continue };
            if response.contains_key("$ref") || response.contains_key("description") {
                continue;
            }
            response.insert("description".to_owned(), json!(""));
            self.diagnostics.push(Diagnostic::error(
                "response-description-missing",
                format!("{pointer}/{}", escape_pointer_token(key)),
                "a response without `description`, which OpenAPI 3.1.0 requires; add one",
            ));
        }
    }

    /// Finds the schemas of the document: `components.schemas`, and every `schema`.
    fn walk(&mut self, value: &mut Value, pointer: &mut String) {
        match value {
            Value::Object(object) => {
                let keys: Vec<String> = object.keys().cloned().collect();
                for key in keys {
                    if key.starts_with("x-") || key == "example" || key == "examples" || key == "default" {
                        continue;
                    }
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(&key));
                    let child = object.get_mut(&key).expect("a key just listed");
                    if key == "schema" && child.is_object() {
                        self.schema(child, pointer);
                    } else if pointer == "#/components/schemas" {
                        for (name, schema) in child.as_object_mut().into_iter().flatten() {
                            let len = pointer.len();
                            pointer.push('/');
                            pointer.push_str(&escape_pointer_token(name));
                            self.schema(schema, pointer);
                            pointer.truncate(len);
                        }
                    } else {
                        self.walk(child, pointer);
                    }
                    pointer.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{i}"));
                    self.walk(item, pointer);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }

    /// Rewrites one schema, then the schemas inside it.
    fn schema(&mut self, value: &mut Value, pointer: &mut String) {
        let Some(object) = value.as_object_mut() else { return };
        self.leftover_keywords(object, pointer);
        self.schema_keywords(object, pointer);
        ref_with_siblings(object);
        self.type_array(object, pointer);
        null_alternatives(object);
        if let Some(constant) = object.remove("const") {
            object.entry("enum").or_insert_with(|| json!([constant]));
        }
        if let Some(Value::Array(examples)) = object.get("examples") {
            let first = examples.first().cloned();
            object.remove("examples");
            if let Some(first) = first
                && !object.contains_key("example")
            {
                object.insert("example".to_owned(), first);
                self.origins.push(Origin {
                    bundled: format!("{pointer}/example"),
                    file: String::new(),
                    pointer: format!("{pointer}/examples/0"),
                });
            }
        }
        for (bound, exclusive) in [("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")] {
            if let Some(number) = object.get(exclusive).filter(|v| v.is_number()).cloned() {
                object.insert(bound.to_owned(), number);
                object.insert(exclusive.to_owned(), Value::Bool(true));
            }
        }
        if object.get("contentEncoding").and_then(Value::as_str) == Some("base64") {
            object.remove("contentEncoding");
            object.entry("format").or_insert_with(|| json!("byte"));
        }
        // OpenAPI 3.1 §4.8.14.3: a string of a binary `contentMediaType` without
        // `contentEncoding` is raw bytes (3.0's `format: binary`), as FastAPI writes an
        // `UploadFile`. Text and JSON media types stay strings.
        let binary_media = object.get("contentMediaType").and_then(Value::as_str).is_some_and(|media| {
            let media = media.to_ascii_lowercase();
            !(media.starts_with("text/") || media == "application/json" || media.ends_with("+json"))
        });
        if binary_media
            && !object.contains_key("contentEncoding")
            && object.get("type").and_then(Value::as_str) == Some("string")
        {
            object.entry("format").or_insert_with(|| json!("binary"));
        }
        if object.get("items") == Some(&Value::Bool(false)) {
            object.remove("items");
            // No items past the prefix: `maxItems` says it in 3.0 terms.
            if let Some(Value::Array(prefix)) = object.get("prefixItems") {
                let len = prefix.len() as u64;
                let max = object.get("maxItems").and_then(Value::as_u64).map_or(len, |max| max.min(len));
                object.insert("maxItems".to_owned(), json!(max));
            }
        }
        let tuple = is_fixed_tuple(object);
        let is_array = object.get("type").and_then(Value::as_str) == Some("array");
        if is_array && !object.contains_key("items") {
            // A tuple (`prefixItems`) or an array of anything: its items are any JSON.
            object.insert("items".to_owned(), Value::Object(Map::new()));
        }
        // A fixed tuple is typed (see `is_fixed_tuple`); another `prefixItems` is not.
        let prefix = (!tuple).then_some("prefixItems");
        for keyword in UNSUPPORTED.iter().copied().chain(prefix) {
            if object.contains_key(keyword) {
                self.diagnostics.push(Diagnostic::warning(
                    "keyword-unsupported",
                    format!("{pointer}/{}", escape_pointer_token(keyword)),
                    match keyword {
                        "prefixItems" => {
                            "`prefixItems` with items beyond it, or fewer than all of it (`minItems` below its \
                                          length), has no Rust tuple type; the items are any JSON"
                                .to_owned()
                        }
                        _ => format!("`{keyword}` has no Rust type here; the client does not check it"),
                    },
                ));
            }
        }
        for keyword in SUBSCHEMA {
            if let Some(child) = object.get_mut(*keyword).filter(|c| c.is_object()) {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(keyword);
                self.schema(child, pointer);
                pointer.truncate(len);
            }
        }
        for keyword in SUBSCHEMA_LISTS {
            if let Some(Value::Array(children)) = object.get_mut(*keyword) {
                for (i, child) in children.iter_mut().enumerate() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{keyword}/{i}"));
                    self.schema(child, pointer);
                    pointer.truncate(len);
                }
            }
        }
        for keyword in SUBSCHEMA_MAPS {
            if let Some(Value::Object(children)) = object.get_mut(*keyword) {
                for (name, child) in children.iter_mut() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{}/{}", escape_pointer_token(keyword), escape_pointer_token(name)));
                    self.schema(child, pointer);
                    pointer.truncate(len);
                }
            }
        }
    }

    /// `type: [T, "null"]` → `type: T, nullable: true`; `type: "null"` → `nullable: true`.
    ///
    /// A `type` array of several types besides `null` has no 3.0 shape, but it has one meaning:
    /// the instance is of one of those types, and each other keyword constrains only the instances
    /// of the type it is about (JSON Schema 2020-12 Validation §6: `minLength` ignores a number).
    /// So `{"type": ["string", "integer"], "maxLength": 8}` becomes
    /// `{"anyOf": [{"type": "string", "maxLength": 8}, {"type": "integer"}]}`, a union whose
    /// variants each hold one type. `integer` goes before `number`, which would also match it.
    /// The moved keywords keep their written place as [`Origin`]s, so diagnostics still point at
    /// them. Beside `enum`, `allOf`, `anyOf` or `oneOf` the schema stays untyped instead (any JSON
    /// of those types), and the types are kept where only samples read them ([`JSON_TYPES`]).
    fn type_array(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        let types: Vec<String> = match object.get("type") {
            Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            Some(Value::String(single)) if single == "null" => vec!["null".to_owned()],
            _ => return,
        };
        let (null, mut others): (Vec<String>, Vec<String>) = types.into_iter().partition(|t| t == "null");
        object.remove("type");
        if !null.is_empty() {
            object.insert("nullable".to_owned(), Value::Bool(true));
        }
        match others.as_slice() {
            [] => {}
            [only] => {
                object.insert("type".to_owned(), json!(only));
            }
            _ if ["enum", "const", "allOf", "anyOf", "oneOf"].iter().any(|k| object.contains_key(*k)) => {
                object.insert(JSON_TYPES.to_owned(), json!(others));
            }
            _ => {
                if let (Some(integer), Some(number)) =
                    (others.iter().position(|t| t == "integer"), others.iter().position(|t| t == "number"))
                    && number < integer
                {
                    others.swap(number, integer);
                }
                let mut alternatives = Vec::with_capacity(others.len());
                for (i, json_type) in others.iter().enumerate() {
                    let mut alternative: Map<String, Value> = object
                        .iter()
                        .filter(|(key, _)| keyword_applies(key, object, json_type, &others))
                        .map(|(key, value)| (key.clone(), value.clone()))
                        .collect();
                    alternative.insert("type".to_owned(), json!(json_type));
                    alternatives.push(Value::Object(alternative));
                    self.origins.push(Origin {
                        bundled: format!("{pointer}/anyOf/{i}"),
                        file: String::new(),
                        pointer: pointer.to_owned(),
                    });
                }
                object.retain(|key, _| !TYPE_SPECIFIC.iter().any(|(k, _)| k == key));
                object.insert("anyOf".to_owned(), Value::Array(alternatives));
            }
        }
    }

    /// What the JSON Schema 2020-12 meta-schema requires of `type` and `required`, and what it asks
    /// of `enum`. A breach is an error for `validate`; `generate` drops the keyword (a `type` it
    /// cannot read leaves the schema untyped) and warns.
    fn schema_keywords(&mut self, object: &mut Map<String, Value>, pointer: &str) {
        const TYPES: &[&str] = &["null", "boolean", "object", "array", "number", "string", "integer"];
        let type_ok = match object.get("type") {
            None => true,
            Some(Value::String(name)) => TYPES.contains(&name.as_str()),
            Some(Value::Array(names)) => {
                let mut seen = std::collections::HashSet::new();
                !names.is_empty()
                    && names.iter().all(|n| n.as_str().is_some_and(|n| TYPES.contains(&n) && seen.insert(n.to_owned())))
            }
            Some(_) => false,
        };
        if !type_ok {
            let written = object.remove("type").map(|t| t.to_string()).unwrap_or_default();
            self.diagnostics.push(Diagnostic::error(
                "schema-type-invalid",
                format!("{pointer}/type"),
                format!(
                    "`type: {written}` is not a JSON Schema type: `type` is one of null, boolean, object, array, \
                     number, string and integer, or an array of them without repeats; the schema is left untyped"
                ),
            ));
        }
        let required_ok = match object.get("required") {
            None => true,
            Some(Value::Array(names)) => names.iter().all(Value::is_string),
            Some(_) => false,
        };
        if !required_ok {
            let written = object.remove("required").map(|r| r.to_string()).unwrap_or_default();
            self.diagnostics.push(Diagnostic::error(
                "schema-required-invalid",
                format!("{pointer}/required"),
                format!(
                    "`required: {written}` is not an array of property names; list the required properties in \
                     the object schema's `required` (a `required: true` on a property is Swagger 2.0's habit); it is ignored"
                ),
            ));
        }
        if let Some(Value::Array(values)) = object.get_mut("enum") {
            let duplicate = values.iter().enumerate().find(|(i, v)| values[..*i].contains(v));
            if let Some((i, value)) = duplicate {
                self.diagnostics.push(Diagnostic::warning(
                    "enum-duplicate",
                    format!("{pointer}/enum/{i}"),
                    format!(
                        "`{value}` is listed twice in `enum`, whose values should be unique; the repeat is ignored"
                    ),
                ));
                let mut unique: Vec<Value> = Vec::with_capacity(values.len());
                for value in values.drain(..) {
                    if !unique.contains(&value) {
                        unique.push(value);
                    }
                }
                *values = unique;
            }
        }
    }

    /// 3.0 keywords a 3.1 document still carries: honoured, with a warning (an error for
    /// `validate`, as they breach the 3.1 schema or are deprecated there).
    fn leftover_keywords(&mut self, object: &Map<String, Value>, pointer: &str) {
        if !self.leftovers {
            return;
        }
        let mut warn = |rule: &'static str, keyword: &str, message: &str| {
            self.diagnostics.push(Diagnostic::warning(
                rule,
                format!("{pointer}/{keyword}"),
                format!("`{keyword}` {message}"),
            ));
        };
        if object.contains_key("nullable") {
            warn("oas30-deprecated", "nullable", "is OpenAPI 3.0; in 3.1 write `type: [T, \"null\"]`. It is honoured.");
        }
        for keyword in ["exclusiveMinimum", "exclusiveMaximum"] {
            if object.get(keyword).is_some_and(Value::is_boolean) {
                warn(
                    "oas30-keyword",
                    keyword,
                    "is a number in OpenAPI 3.1, not a boolean (that was 3.0). It is honoured.",
                );
            }
        }
        if object.contains_key("example") {
            warn(
                "oas30-deprecated",
                "example",
                "is deprecated in OpenAPI 3.1 schemas; write `examples: [...]`. It is honoured.",
            );
        }
    }
}

/// Whether `object` is a tuple of fixed length: `prefixItems` of n schemas, and exactly n items
/// (`minItems` and `maxItems` both n, the second perhaps from `items: false`), as Python's
/// `tuple[str, int]` is written by FastAPI. Such a schema is a Rust tuple.
pub fn is_fixed_tuple(object: &Map<String, Value>) -> bool {
    let Some(Value::Array(prefix)) = object.get("prefixItems") else { return false };
    let len = Some(prefix.len() as u64);
    !prefix.is_empty()
        && prefix.len() <= 12
        && object.get("minItems").and_then(Value::as_u64) == len
        && object.get("maxItems").and_then(Value::as_u64) == len
}

/// `{"$ref": X, …siblings}`: in 3.1 the siblings apply, so it becomes `{"allOf": [{"$ref": X}],
/// …siblings}`, as a 3.0 document says it.
fn ref_with_siblings(object: &mut Map<String, Value>) {
    if !object.contains_key("$ref") || object.len() == 1 {
        return;
    }
    let Some(reference) = object.remove("$ref") else { return };
    let mut all_of = vec![json!({ "$ref": reference })];
    if let Some(Value::Array(existing)) = object.remove("allOf") {
        all_of.extend(existing);
    }
    object.insert("allOf".to_owned(), Value::Array(all_of));
}

/// The extension keeping the types of a `type` array that lists several besides `null`, for
/// [`crate::ir::Keywords::json_types`].
pub const JSON_TYPES: &str = "x-oaswire-types";

/// The keywords that constrain instances of some JSON types only (JSON Schema 2020-12 Validation
/// §6.2 to §6.5, OpenAPI's `discriminator`), with those types. `format` is placed by its value.
const TYPE_SPECIFIC: &[(&str, &[&str])] = &[
    ("minLength", &["string"]),
    ("maxLength", &["string"]),
    ("pattern", &["string"]),
    ("contentEncoding", &["string"]),
    ("contentMediaType", &["string"]),
    ("contentSchema", &["string"]),
    ("format", &[]),
    ("minimum", &["integer", "number"]),
    ("maximum", &["integer", "number"]),
    ("exclusiveMinimum", &["integer", "number"]),
    ("exclusiveMaximum", &["integer", "number"]),
    ("multipleOf", &["integer", "number"]),
    ("items", &["array"]),
    ("prefixItems", &["array"]),
    ("minItems", &["array"]),
    ("maxItems", &["array"]),
    ("uniqueItems", &["array"]),
    ("contains", &["array"]),
    ("minContains", &["array"]),
    ("maxContains", &["array"]),
    ("unevaluatedItems", &["array"]),
    ("properties", &["object"]),
    ("required", &["object"]),
    ("additionalProperties", &["object"]),
    ("patternProperties", &["object"]),
    ("propertyNames", &["object"]),
    ("minProperties", &["object"]),
    ("maxProperties", &["object"]),
    ("dependentRequired", &["object"]),
    ("dependentSchemas", &["object"]),
    ("unevaluatedProperties", &["object"]),
    ("discriminator", &["object"]),
];

/// Whether keyword `key` of `object` constrains instances of `json_type` (see [`TYPE_SPECIFIC`]).
/// A `format` goes with the types it is written for: `int32`/`int64` with numbers, `float`/
/// `double` with `number`, any other with `string` (or, without a `string`, with every type).
fn keyword_applies(key: &str, object: &Map<String, Value>, json_type: &str, types: &[String]) -> bool {
    let Some((_, applies_to)) = TYPE_SPECIFIC.iter().find(|(k, _)| *k == key) else { return false };
    if key != "format" {
        return applies_to.contains(&json_type);
    }
    match object.get("format").and_then(Value::as_str) {
        Some("int32" | "int64") => matches!(json_type, "integer" | "number"),
        Some("float" | "double") => json_type == "number",
        _ => json_type == "string" || !types.iter().any(|t| t == "string"),
    }
}

/// Whether `schema` admits only `null`.
fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.len() == 1 && types[0] == "null",
        _ => schema.get("const") == Some(&Value::Null) || schema.get("enum") == Some(&json!([null])),
    }
}

/// `anyOf`/`oneOf` with a `null` alternative: the alternative goes, the schema becomes nullable,
/// and a single alternative left is the schema itself (a `$ref` kept in an `allOf`).
fn null_alternatives(object: &mut Map<String, Value>) {
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(alternatives)) = object.get_mut(keyword) else { continue };
        let before = alternatives.len();
        alternatives.retain(|a| !is_null_schema(a));
        if alternatives.len() == before {
            continue;
        }
        object.insert("nullable".to_owned(), Value::Bool(true));
        let Some(Value::Array(alternatives)) = object.get(keyword) else { continue };
        match alternatives.as_slice() {
            [] => {
                object.remove(keyword);
            }
            [only] => {
                let only = only.clone();
                object.remove(keyword);
                match only {
                    Value::Object(only) if only.contains_key("$ref") => {
                        let mut all_of = vec![Value::Object(only)];
                        if let Some(Value::Array(existing)) = object.remove("allOf") {
                            all_of.extend(existing);
                        }
                        object.insert("allOf".to_owned(), Value::Array(all_of));
                    }
                    Value::Object(only) => {
                        for (key, value) in only {
                            object.entry(key).or_insert(value);
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(schema: Value) -> Value {
        let mut document = json!({"openapi": "3.1.0", "components": {"schemas": {"S": schema}}});
        normalize(&mut document, true);
        document["components"]["schemas"]["S"].take()
    }

    #[test]
    fn null_in_a_type_array_or_an_alternative_is_nullable() {
        assert_eq!(rewritten(json!({"type": ["string", "null"]})), json!({"type": "string", "nullable": true}));
        assert_eq!(
            rewritten(json!({"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "n"})),
            json!({"title": "n", "nullable": true, "type": "integer"})
        );
        assert_eq!(
            rewritten(json!({"oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]})),
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        let two = rewritten(json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}));
        assert_eq!(two, json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}));
    }

    #[test]
    fn a_type_array_of_several_types_is_a_union_of_one_type_each() {
        // JSON Schema 2020-12 Validation §6: each keyword constrains the instances of its own type.
        assert_eq!(
            rewritten(json!({
                "type": ["number", "string", "integer", "null"],
                "description": "a label",
                "maxLength": 8,
                "minimum": 0,
                "format": "uuid",
            })),
            json!({
                "description": "a label",
                "nullable": true,
                "anyOf": [
                    {"type": "integer", "minimum": 0},
                    {"type": "string", "maxLength": 8, "format": "uuid"},
                    {"type": "number", "minimum": 0},
                ],
            })
        );
        assert_eq!(
            rewritten(json!({"type": ["object", "array"], "properties": {"a": {"type": ["string", "null"]}},
                             "required": ["a"], "items": {"type": "integer"}, "format": "int64"})),
            json!({"anyOf": [
                {"type": "object", "properties": {"a": {"type": "string", "nullable": true}}, "required": ["a"]},
                {"type": "array", "items": {"type": "integer"}},
            ]}),
            "a `format` of numbers, without a number type, constrains nothing here"
        );
        // Beside `enum` or another union, the schema stays any JSON of those types.
        assert_eq!(
            rewritten(json!({"type": ["string", "integer"], "enum": ["a", 1]})),
            json!({"enum": ["a", 1], "x-oaswire-types": ["string", "integer"]})
        );
    }

    #[test]
    fn keywords_moved_into_a_type_union_keep_their_written_place() {
        let mut document = json!({"openapi": "3.1.0", "components": {"schemas": {"S": {
            "type": ["string", "array"], "prefixItems": [{"type": "string"}]}}}});
        let (diagnostics, origins) = normalize_located(&mut document, true);
        let warning = diagnostics.iter().find(|d| d.rule == "keyword-unsupported").expect("prefixItems is warned of");
        assert_eq!(warning.pointer, "#/components/schemas/S/anyOf/1/prefixItems");
        let (file, pointer) = crate::load::origin(&origins, &warning.pointer).expect("an origin");
        assert_eq!((file, pointer.as_str()), ("", "#/components/schemas/S/prefixItems"));
    }

    #[test]
    fn const_examples_bounds_and_base64_take_their_3_0_shapes() {
        assert_eq!(rewritten(json!({"const": "dog"})), json!({"enum": ["dog"]}));
        assert_eq!(rewritten(json!({"type": "integer", "examples": [3, 4]})), json!({"type": "integer", "example": 3}));
        assert_eq!(
            rewritten(json!({"type": "number", "exclusiveMinimum": 0})),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(
            rewritten(json!({"type": "string", "contentEncoding": "base64"})),
            json!({"type": "string", "format": "byte"})
        );
    }

    #[test]
    fn a_ref_with_siblings_keeps_them_in_an_all_of() {
        assert_eq!(
            rewritten(json!({"$ref": "#/components/schemas/T", "description": "d", "default": 1})),
            json!({"description": "d", "default": 1, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(rewritten(json!({"$ref": "#/components/schemas/T"})), json!({"$ref": "#/components/schemas/T"}));
    }

    #[test]
    fn prefix_items_of_exactly_their_length_are_tuples_and_others_are_warned_of() {
        let mut document = json!({"openapi": "3.1.0", "components": {"schemas": {
            "FastApi": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "minItems": 2, "maxItems": 2},
            "Closed": {"type": "array", "prefixItems": [{"type": "string"}], "items": false, "minItems": 1},
            "Open": {"type": "array", "prefixItems": [{"type": "string"}], "minItems": 1},
            "Short": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "string"}], "items": false}}}});
        let diagnostics = normalize(&mut document, true);
        let schemas = document["components"]["schemas"].as_object().unwrap();
        let tuples: Vec<&str> = ["FastApi", "Closed", "Open", "Short"]
            .into_iter()
            .filter(|name| is_fixed_tuple(schemas[*name].as_object().unwrap()))
            .collect();
        assert_eq!(tuples, ["FastApi", "Closed"], "`items: false` is `maxItems`; fewer items allowed is no tuple");
        assert_eq!(schemas["Short"]["maxItems"], 2);
        let warned: Vec<&str> = diagnostics.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(warned, ["#/components/schemas/Open/prefixItems", "#/components/schemas/Short/prefixItems"]);
    }

    #[test]
    fn nested_schemas_are_rewritten_and_unsupported_keywords_are_located() {
        let mut document = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"parameters": [
            {"name": "q", "in": "query", "schema": {"type": "object", "properties": {
                "p": {"type": ["integer", "null"], "if": {"const": 1}}}}}]}}}});
        let diagnostics = normalize(&mut document, true);
        let p = &document["paths"]["/a"]["get"]["parameters"][0]["schema"]["properties"]["p"];
        assert_eq!(p["type"], "integer");
        assert_eq!(p["nullable"], true);
        assert_eq!(document["paths"]["/a"]["get"]["responses"], json!({}), "responses are optional in 3.1");
        let pointers: Vec<(&str, &str)> = diagnostics.iter().map(|d| (d.rule, d.pointer.as_str())).collect();
        assert_eq!(
            pointers,
            [("keyword-unsupported", "#/paths/~1a/get/parameters/0/schema/properties/p/if")],
            "{diagnostics:?}"
        );
    }

    #[test]
    fn three_zero_leftovers_are_honoured_with_a_warning() {
        let mut document = json!({"openapi": "3.1.0", "components": {"schemas": {
            "S": {"type": "integer", "nullable": true, "exclusiveMinimum": true, "minimum": 0}}}});
        let rules: Vec<String> =
            normalize(&mut document, true).iter().map(|d| format!("{} {}", d.rule, d.pointer)).collect();
        assert_eq!(
            rules,
            [
                "oas30-deprecated #/components/schemas/S/nullable",
                "oas30-keyword #/components/schemas/S/exclusiveMinimum"
            ]
        );
        assert_eq!(document["components"]["schemas"]["S"]["nullable"], true);
        assert!(normalize(&mut document, false).is_empty(), "once rewritten, no second warning");
    }
}
