//! Bundling: a spec split across files becomes one document, as the generator needs.
//!
//! Every `$ref` into another file is replaced by a local one: the target is copied into the
//! matching `components` section (path items are inlined, as 3.0 has no section for them).
//! Validation still reads the files as written, so its diagnostics point into the right file.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::diagnostics::escape_pointer_token;
use crate::load::{Document, external_file, is_data};

/// The root document with every other file's parts copied in; `None` when nothing points elsewhere.
pub fn bundle(document: &Document) -> Option<Value> {
    if document.externals.is_empty() {
        return None;
    }
    let mut bundler = Bundler { document, root: document.raw.clone(), hoisted: HashMap::new() };
    let mut paths = bundler.root.get_mut("paths").map(Value::take).unwrap_or(Value::Null);
    bundler.rewrite(&mut paths, "", &["", "paths"]);
    bundler.root["paths"] = paths;
    let mut components = bundler.root.get_mut("components").map(Value::take).unwrap_or(Value::Null);
    bundler.rewrite(&mut components, "", &["", "components"]);
    match bundler.root.get_mut("components").and_then(Value::as_object_mut) {
        // Hoisted entries landed in the root's components while the originals were taken out: merge.
        Some(hoisted) => {
            if let Value::Object(original) = components {
                for (section, entries) in original {
                    let Value::Object(entries) = entries else { continue };
                    let target = hoisted.entry(section).or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(target) = target {
                        for (name, entry) in entries {
                            target.entry(name).or_insert(entry);
                        }
                    }
                }
            }
        }
        None if !components.is_null() => bundler.root["components"] = components,
        None => {}
    }
    Some(bundler.root)
}

struct Bundler<'d> {
    document: &'d Document,
    root: Value,
    /// (file, pointer) → the local `$ref` it became.
    hoisted: HashMap<(String, String), String>,
}

impl Bundler<'_> {
    /// Rewrites the `$ref`s inside `value`, which was written in `file`; `keys` are the last two keys above it.
    fn rewrite(&mut self, value: &mut Value, file: &str, keys: &[&str; 2]) {
        match value {
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get("$ref").cloned().as_ref() {
                    let is_root_local = file.is_empty() && reference.starts_with('#');
                    if !is_root_local && !reference.contains("://") {
                        self.replace(value, file, reference, keys);
                        return;
                    }
                }
                let parent = keys[1];
                for (key, child) in object.iter_mut() {
                    if is_data(key, parent, keys[0]) {
                        continue;
                    }
                    let child_keys = [parent, key.as_str()];
                    self.rewrite(child, file, &child_keys);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.rewrite(item, file, &[keys[1], "0"]);
                }
            }
            _ => {}
        }
    }

    fn replace(&mut self, value: &mut Value, file: &str, reference: &str, keys: &[&str; 2]) {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target_file =
            if file_part.is_empty() { file.to_owned() } else { external_file(file, reference).unwrap_or_default() };
        let target_file = if target_file == self.document.file { String::new() } else { target_file };
        let Some((_, raw)) = self.document.source(&target_file) else { return };
        let Some(target) = (if fragment.is_empty() { Some(raw) } else { raw.pointer(fragment) }) else { return };
        let section = section_for(keys);
        if section == "pathItem" {
            let mut inlined = target.clone();
            self.rewrite(&mut inlined, &target_file, keys);
            *value = inlined;
            return;
        }
        let key = (target_file.clone(), fragment.to_owned());
        let local = match self.hoisted.get(&key) {
            Some(local) => local.clone(),
            None => {
                let name = self.free_name(section, fragment, &target_file);
                let local = format!("#/components/{section}/{}", escape_pointer_token(&name));
                self.hoisted.insert(key, local.clone());
                let mut content = target.clone();
                self.rewrite(&mut content, &target_file, &[section, "entry"]);
                let components = self
                    .root
                    .as_object_mut()
                    .map(|o| o.entry("components").or_insert_with(|| Value::Object(Map::new())));
                if let Some(Value::Object(components)) = components
                    && let Value::Object(entries) =
                        components.entry(section).or_insert_with(|| Value::Object(Map::new()))
                {
                    entries.insert(name, content);
                }
                local
            }
        };
        *value = serde_json::json!({ "$ref": local });
    }

    /// A name in `components.<section>` that nothing uses yet, from the pointer's last token or the file's stem.
    fn free_name(&self, section: &str, fragment: &str, file: &str) -> String {
        let token =
            fragment.rsplit('/').next().filter(|t| !t.is_empty()).map(|t| t.replace("~1", "/").replace("~0", "~"));
        let stem = file.rsplit('/').next().unwrap_or(file).split('.').next().unwrap_or(file).to_owned();
        let base = token.unwrap_or(stem);
        let taken = |name: &str| {
            self.root.pointer(&format!("/components/{section}/{}", escape_pointer_token(name))).is_some()
                || self.document.raw.pointer(&format!("/components/{section}/{}", escape_pointer_token(name))).is_some()
        };
        if !taken(&base) {
            return base;
        }
        (2..).map(|n| format!("{base}{n}")).find(|name| !taken(name)).unwrap_or(base)
    }
}

/// Which `components` section a `$ref` at this place points into.
fn section_for(keys: &[&str; 2]) -> &'static str {
    match keys {
        ["parameters", _] => "parameters",
        ["responses", _] => "responses",
        [_, "requestBody"] | ["requestBodies", _] => "requestBodies",
        ["headers", _] => "headers",
        ["examples", _] => "examples",
        ["paths", _] => "pathItem",
        ["securitySchemes", _] => "securitySchemes",
        ["links", _] => "links",
        ["callbacks", _] => "callbacks",
        _ => "schemas",
    }
}
