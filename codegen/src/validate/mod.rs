//! Rules about the spec as a whole, run before lowering. One function per rule.
//!
//! They read the spec as plain JSON, so they see what the typed model drops (unknown response
//! keys, `$ref` siblings, duplicate parameters): the bundled document when the spec is split
//! across files, so every rule sees every file's parts (their diagnostics have no file, and
//! [`Document::locate`] finds where each part was written), and the files as written for `$ref`s
//! that do not resolve. Lowering adds the `*-unsupported` diagnostics for what the generator
//! cannot honour.

mod examples;

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, pointer_join};
use crate::load::{Document, Found, METHODS, Visitor, traverse};
use crate::names;

/// Every rule, in a fixed order. Load problems of referenced files come first.
pub fn validate(document: &Document) -> Vec<Diagnostic> {
    let mut out = document.load_diagnostics.clone();
    unresolved_refs(document, &mut out);
    ref_cycles(document, &mut out);
    let operations = operations(document);
    path_templates(document, &operations, &mut out);
    duplicate_parameters(document, &mut out);
    operation_ids(&operations, &mut out);
    security(document, &operations, &mut out);
    response_keys(&operations, &mut out);
    examples::examples(document, &mut out);
    name_collisions(document, &operations, &mut out);
    callbacks(&operations, &mut out);
    response_headers(document, &operations, &mut out);
    out
}

/// One operation of the spec.
struct OperationView<'a> {
    path: &'a str,
    pointer: String,
    operation: &'a Map<String, Value>,
    item: &'a Map<String, Value>,
}

fn operations(document: &Document) -> Vec<OperationView<'_>> {
    let mut views = Vec::new();
    let Some(paths) = document.json().get("paths").and_then(Value::as_object) else { return views };
    for (path, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for (method, operation) in item.iter().filter(|(key, _)| METHODS.contains(&key.as_str())) {
            if let Some(operation) = operation.as_object() {
                let pointer = format!("{}/{method}", pointer_join("#/paths", path));
                views.push(OperationView { path, pointer, operation, item });
            }
        }
    }
    views
}

/// The value a `$ref` in file `from` points at, with its file and pointer. The root (`""`) is
/// [`Document::json`].
fn resolve<'d>(document: &'d Document, from: &str, reference: &str) -> Option<(&'d Value, String, String)> {
    let (file, pointer) = document.target(from, reference)?;
    let value = match file.as_str() {
        "" if pointer.is_empty() => document.json(),
        "" => document.json().pointer(&pointer)?,
        _ => document.node(&file, &pointer)?,
    };
    Some((value, file, format!("#{pointer}")))
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The object behind `value` (at `pointer` in `from`), following `$ref`s (at most 16),
/// with the file and pointer where it is written.
fn follow<'d>(
    document: &'d Document,
    from: &str,
    value: &'d Value,
    pointer: &str,
) -> Option<(&'d Map<String, Value>, String, String)> {
    let mut value = value;
    let mut file = from.to_owned();
    let mut pointer = pointer.to_owned();
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let (target, target_file, target_pointer) = resolve(document, &file, reference)?;
                value = target;
                file = target_file;
                pointer = target_pointer;
            }
            None => return value.as_object().map(|o| (o, file, pointer)),
        }
    }
    None
}

fn in_file(mut diagnostic: Diagnostic, file: &str, document: &Document) -> Diagnostic {
    if !file.is_empty() && file != document.file {
        diagnostic.file = Some(file.to_owned());
    }
    diagnostic
}

/// `$ref`s (and `discriminator.mapping` references) whose target does not exist, and remote ones,
/// wherever the root reaches, each in the file it is written in.
fn unresolved_refs(document: &Document, out: &mut Vec<Diagnostic>) {
    struct Check<'d, 'o> {
        document: &'d Document,
        out: &'o mut Vec<Diagnostic>,
    }
    impl Visitor for Check<'_, '_> {
        fn document(&self) -> &Document {
            self.document
        }

        fn found(&mut self, from: &str, found: &Found, target: Option<&(String, String)>) {
            let reference = &found.reference;
            let document = self.document;
            let (rule, message) = match target {
                None => (
                    "ref-unsupported",
                    format!(
                        "`{reference}` is a remote reference; save the file beside the spec and refer to it by a relative path"
                    ),
                ),
                Some((target, _)) if document.source(target).is_none() => {
                    // Reported by the loader when it could not read the file; not loaded at all otherwise.
                    if !document.externals.is_empty() || !document.load_diagnostics.is_empty() {
                        return;
                    }
                    ("ref-unresolved", format!("`{reference}` points into `{target}`, which was not loaded"))
                }
                Some((target, pointer)) if document.node(target, pointer).is_none() => {
                    // A schema can still be typed, as any JSON; a missing parameter or response cannot.
                    let schema = found.kind == crate::load::Kind::Schema && !found.mapping;
                    let rule = if schema { "schema-ref-unresolved" } else { "ref-unresolved" };
                    (rule, format!("`{reference}` does not resolve: nothing exists at that location"))
                }
                Some(_) => return,
            };
            self.out.push(document.written_in(from, Diagnostic::error(rule, found.at(), message)));
        }
    }
    traverse(&mut Check { document, out });
}

/// Component entries defined through themselves by `$ref` (or, for schemas, `allOf`) alone.
/// Recursion through properties, items or maps is fine: the generator boxes it.
fn ref_cycles(document: &Document, out: &mut Vec<Diagnostic>) {
    let Some(components) = document.json().get("components").and_then(Value::as_object) else { return };
    for (section, entries) in components {
        let Some(entries) = entries.as_object() else { continue };
        let prefix = format!("#/components/{section}/");
        let edges: HashMap<&str, Vec<String>> = entries
            .iter()
            .map(|(key, value)| {
                let mut targets: Vec<&Value> = vec![value];
                if section == "schemas"
                    && let Some(parts) = value.get("allOf").and_then(Value::as_array)
                {
                    targets.extend(parts);
                }
                let names = targets
                    .into_iter()
                    .filter_map(|v| v.get("$ref")?.as_str()?.strip_prefix(&prefix))
                    .map(|name| percent_decode(name).replace("~1", "/").replace("~0", "~"))
                    .collect();
                (key.as_str(), names)
            })
            .collect();
        for cycle in cycles(&edges, entries.keys().map(String::as_str)) {
            let start = &cycle[0];
            out.push(Diagnostic::error(
                "ref-cycle",
                pointer_join(&format!("#/components/{section}"), start),
                format!(
                    "`{start}` is defined through itself ({}) by `$ref`{}; no type can be generated for it. \
                     Give the cycle a property to recurse through",
                    cycle.join(" → "),
                    if section == "schemas" { " or `allOf`" } else { "" }
                ),
            ));
        }
    }
}

/// Each cycle of `edges` once, starting at its first node in `order`, closed (`[a, b, a]`).
/// Iterative and linear, so a `$ref` chain thousands long costs nothing and overflows no stack.
fn cycles<'e>(edges: &'e HashMap<&str, Vec<String>>, order: impl Iterator<Item = &'e str>) -> Vec<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Active,
        Done,
    }
    let mut state: HashMap<&str, State> = HashMap::new();
    let mut found = Vec::new();
    for start in order {
        if state.contains_key(start) {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, State::Active);
        while let Some((node, next)) = stack.last_mut() {
            let targets = edges.get(*node).map(Vec::as_slice).unwrap_or_default();
            let Some(target) = targets.get(*next) else {
                state.insert(node, State::Done);
                stack.pop();
                continue;
            };
            *next += 1;
            let Some((target, _)) = edges.get_key_value(target.as_str()) else { continue };
            match state.get(target) {
                Some(State::Active) => {
                    let from = stack.iter().position(|(n, _)| n == target).unwrap_or(0);
                    let mut cycle: Vec<String> = stack[from..].iter().map(|(n, _)| (*n).to_owned()).collect();
                    cycle.push((*target).to_owned());
                    found.push(cycle);
                }
                Some(State::Done) => {}
                None => {
                    state.insert(target, State::Active);
                    stack.push((target, 0));
                }
            }
        }
    }
    found
}

/// A declared parameter after `$ref`s: name, location, whether required, where the operation
/// lists it (`pointer`, in the root) and where it is written (`file`, `declaration`).
struct DeclaredParam {
    name: String,
    location: String,
    required: bool,
    pointer: String,
    file: String,
    declaration: String,
}

fn declared_params(document: &Document, list: Option<&Value>, pointer: &str) -> Vec<DeclaredParam> {
    let mut params = Vec::new();
    for (i, param) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
        let listed = format!("{pointer}/parameters/{i}");
        let Some((object, file, declaration)) = follow(document, "", param, &listed) else { continue };
        let (Some(name), Some(location)) =
            (object.get("name").and_then(Value::as_str), object.get("in").and_then(Value::as_str))
        else {
            continue;
        };
        params.push(DeclaredParam {
            name: name.to_owned(),
            location: location.to_owned(),
            required: object.get("required").and_then(Value::as_bool).unwrap_or(false),
            pointer: listed,
            file,
            declaration,
        });
    }
    params
}

/// Path parameters and `{names}` in the template must match one to one, and be required.
fn path_templates(document: &Document, operations: &[OperationView<'_>], out: &mut Vec<Diagnostic>) {
    for op in operations {
        let item_pointer = pointer_join("#/paths", op.path);
        let mut params = declared_params(document, op.item.get("parameters"), &item_pointer);
        for param in declared_params(document, op.operation.get("parameters"), &op.pointer) {
            params.retain(|p| !(p.name == param.name && p.location == param.location));
            params.push(param);
        }
        let template = template_names(op.path);
        for name in &template {
            if !params.iter().any(|p| p.location == "path" && &p.name == name) {
                out.push(Diagnostic::error(
                    "path-param-undeclared",
                    item_pointer.clone(),
                    format!(
                        "path template names {{{name}}} but no parameter declares it; add an `in: path` parameter \
                         named `{name}` (a generated client takes it as a string argument, percent-encoded)"
                    ),
                ));
            }
        }
        for param in params.iter().filter(|p| p.location == "path") {
            if !template.contains(&param.name) {
                out.push(Diagnostic::error(
                    "path-param-unused",
                    param.pointer.clone(),
                    format!("path parameter `{}` does not appear in the path template `{}`", param.name, op.path),
                ));
            } else if !param.required {
                out.push(in_file(
                    Diagnostic::error(
                        "path-param-optional",
                        format!("{}/required", param.declaration),
                        format!("path parameter `{}` must have `required: true`", param.name),
                    ),
                    &param.file,
                    document,
                ));
            }
        }
    }
}

/// The `{names}` of a path template or server URL.
pub(crate) fn template_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        names.push(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
    }
    names
}

/// The same name and location twice in one `parameters` list.
fn duplicate_parameters(document: &Document, out: &mut Vec<Diagnostic>) {
    let Some(paths) = document.json().get("paths").and_then(Value::as_object) else { return };
    for (path, item) in paths {
        let item_pointer = pointer_join("#/paths", path);
        let mut lists = vec![(item.get("parameters"), item_pointer.clone())];
        for method in METHODS {
            if let Some(operation) = item.get(*method) {
                lists.push((operation.get("parameters"), format!("{item_pointer}/{method}")));
            }
        }
        for (list, pointer) in lists {
            let params = declared_params(document, list, &pointer);
            for (i, param) in params.iter().enumerate() {
                if params[..i].iter().any(|p| p.name == param.name && p.location == param.location) {
                    out.push(Diagnostic::error(
                        "param-duplicate",
                        param.pointer.clone(),
                        format!("parameter `{}` in `{}` is declared twice in this list", param.name, param.location),
                    ));
                }
            }
        }
    }
}

/// A missing `operationId` is made up from the method and path; so are the names of operations
/// that share one (an operationId MUST be unique).
fn operation_ids(operations: &[OperationView<'_>], out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, &str> = HashMap::new();
    for op in operations {
        match op.operation.get("operationId").and_then(Value::as_str) {
            None => {
                let method = op.pointer.rsplit('/').next().unwrap_or_default();
                out.push(Diagnostic::warning(
                    "operation-id-missing",
                    op.pointer.clone(),
                    format!(
                        "no operationId; the method is named `{}` after the method and path",
                        names::snake(&format!("{method} {}", op.path))
                    ),
                ));
            }
            Some(id) => {
                if let Some(earlier) = first.get(id) {
                    out.push(Diagnostic::warning(
                        "operation-id-duplicate",
                        format!("{}/operationId", op.pointer),
                        format!(
                            "operationId `{id}` is already used at {earlier}, and it must be unique; both methods are \
                             named after their method and path, so give each operation its own id"
                        ),
                    ));
                } else {
                    first.insert(id, &op.pointer);
                }
            }
        }
    }
}

/// Security requirements must name schemes that `components.securitySchemes` defines.
fn security(document: &Document, operations: &[OperationView<'_>], out: &mut Vec<Diagnostic>) {
    let schemes = document.json().pointer("/components/securitySchemes").and_then(Value::as_object);
    let mut check = |requirements: Option<&Value>, pointer: String| {
        for (i, requirement) in requirements.and_then(Value::as_array).into_iter().flatten().enumerate() {
            for name in requirement.as_object().into_iter().flat_map(|o| o.keys()) {
                if !schemes.is_some_and(|s| s.contains_key(name)) {
                    out.push(Diagnostic::error(
                        "security-undefined",
                        format!("{pointer}/{i}"),
                        format!(
                            "security requirement names `{name}`, which components.securitySchemes does not define; it cannot be met, so a generated client skips it"
                        ),
                    ));
                }
            }
        }
    };
    check(document.json().get("security"), "#/security".to_owned());
    for op in operations {
        check(op.operation.get("security"), format!("{}/security", op.pointer));
    }
}

/// Response keys must be a status code, `1XX`…`5XX` or `default`; others are dropped by the parser.
fn response_keys(operations: &[OperationView<'_>], out: &mut Vec<Diagnostic>) {
    for op in operations {
        let Some(responses) = op.operation.get("responses").and_then(Value::as_object) else { continue };
        for key in responses.keys() {
            let valid = key == "default"
                || key.starts_with("x-")
                || (key.len() == 3 && matches!(key.as_bytes()[0], b'1'..=b'5') && {
                    let rest = &key[1..];
                    rest.bytes().all(|b| b.is_ascii_digit()) || rest.eq_ignore_ascii_case("XX")
                });
            if !valid {
                out.push(Diagnostic::error(
                    "response-key",
                    pointer_join(&format!("{}/responses", op.pointer), key),
                    format!("`{key}` is not a status code, a range such as `4XX`, or `default`"),
                ));
            }
        }
    }
}

/// Names that differ in the spec but not in Rust get numbered suffixes; say so where it happens.
fn name_collisions(document: &Document, operations: &[OperationView<'_>], out: &mut Vec<Diagnostic>) {
    let mut collide = |names: Vec<(String, String, String)>, what: &str| {
        let mut seen: HashMap<String, String> = HashMap::new();
        for (original, rust, pointer) in names {
            match seen.get(&rust) {
                Some(first) if *first != original => out.push(Diagnostic::warning(
                    "name-collision",
                    pointer,
                    format!(
                        "{what} `{original}` and `{first}` both become `{rust}` in Rust; this one gets a numbered name"
                    ),
                )),
                Some(_) => {}
                None => {
                    seen.insert(rust, original);
                }
            }
        }
    };
    if let Some(schemas) = document.json().pointer("/components/schemas").and_then(Value::as_object) {
        let names =
            schemas.keys().map(|k| (k.clone(), names::type_name(k), pointer_join("#/components/schemas", k))).collect();
        collide(names, "schemas");
        for (key, schema) in schemas {
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                let base = format!("{}/properties", pointer_join("#/components/schemas", key));
                let names = properties.keys().map(|p| (p.clone(), names::snake(p), pointer_join(&base, p))).collect();
                collide(names, "properties");
            }
        }
    }
    let ids = operations
        .iter()
        .filter_map(|op| {
            let id = op.operation.get("operationId")?.as_str()?;
            Some((id.to_owned(), names::snake(id), format!("{}/operationId", op.pointer)))
        })
        .collect();
    collide(ids, "operationIds");
    for op in operations {
        let params = declared_params(document, op.operation.get("parameters"), &op.pointer)
            .into_iter()
            .map(|p| (p.name.clone(), names::snake(&p.name), p.pointer))
            .collect();
        collide(params, "parameters");
    }
}

/// Callbacks describe requests the server makes; a client has nothing to send for them.
fn callbacks(operations: &[OperationView<'_>], out: &mut Vec<Diagnostic>) {
    for op in operations {
        if op.operation.get("callbacks").is_some() {
            out.push(Diagnostic::warning(
                "callback-unsupported",
                format!("{}/callbacks", op.pointer),
                "callbacks are requests the server sends; the generated client does not serve them",
            ));
        }
    }
}

/// Response headers are not exposed yet. One warning for the whole spec, at the first one.
fn response_headers(document: &Document, operations: &[OperationView<'_>], out: &mut Vec<Diagnostic>) {
    let mut with_headers = operations.iter().flat_map(|op| {
        let responses = op.operation.get("responses").and_then(Value::as_object).into_iter().flatten();
        responses.filter_map(|(status, response)| {
            let site = pointer_join(&format!("{}/responses", op.pointer), status);
            let (response, file, pointer) = follow(document, "", response, &site)?;
            // The pointer is one of the bundled document when the response is in it, as bundled ones are.
            (file.is_empty() && response.contains_key("headers")).then(|| format!("{pointer}/headers"))
        })
    });
    if let Some(first) = with_headers.next() {
        let count = 1 + with_headers.count();
        out.push(Diagnostic::warning(
            "response-headers-unsupported",
            first,
            format!("{count} response(s) declare headers; the client does not expose response headers on success yet"),
        ));
    }
}
