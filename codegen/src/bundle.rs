//! Bundling: a spec split across files becomes one document, as the generator needs.
//!
//! Every reference into another file is made local: its target is copied into the `components`
//! section of its kind (what the place of the `$ref` says it is: a response under `responses`, a
//! parameter in a `parameters` list…), under a name nothing uses yet, and walked in turn as
//! written in its own file. Path items are inlined, as 3.0 has no section for them. A root
//! `components` entry that is only a `$ref` to another file receives the copy itself, so it keeps
//! the name the spec gave it. Each copy's origin (file and pointer) is recorded, so that
//! diagnostics about it name the file and line it was written at.
//!
//! A reference whose target does not exist is left for validation to report, rewritten so that it
//! cannot come to mean something else in the root: to a `components` entry that cannot exist,
//! named after the reference (so that lowering reports it at the same place, and the two reports
//! are one), or, where no section fits, relative to the root.

use std::collections::{HashMap, VecDeque};

use serde_json::{Map, Value};

use crate::diagnostics::escape_pointer_token;
use crate::load::{Document, Found, Kind, METHODS, Origin, is_under, origin, references};

/// How many path item `$ref`s may lead one to another before the chain is taken for a cycle.
const MAX_INLINED: usize = 32;

/// The root document with every other file's parts copied in, and where each copy came from;
/// `None` when nothing points elsewhere.
pub fn bundle(document: &Document) -> Option<(Value, Vec<Origin>)> {
    bundle_onto(document, document.raw.clone())
}

/// [`bundle`] onto `root` instead of [`Document::raw`]: the root as written, so that a 3.1 spec's
/// schemas can be read in their own 3.1 shapes, the other files' included (they are kept as
/// written). The copies land where [`bundle`] puts them, so one set of origins serves both.
pub(crate) fn bundle_onto(document: &Document, root: Value) -> Option<(Value, Vec<Origin>)> {
    if document.externals.is_empty() {
        return None;
    }
    let mut bundler = Bundler { document, root, placed: HashMap::new(), origins: Vec::new(), jobs: VecDeque::new() };
    bundler.claim_component_entries();
    let root = Job { at: String::new(), file: String::new(), kind: Kind::Document, inlined: 0, beside: Vec::new() };
    bundler.jobs.push_back(root);
    while let Some(job) = bundler.jobs.pop_front() {
        bundler.rewrite(&job);
    }
    Some((bundler.root, bundler.origins))
}

/// A node of the bundled document whose references are still as written in `file`.
struct Job {
    /// Its JSON pointer in the bundled document, without `#`.
    at: String,
    /// The file it was written in; empty for the root.
    file: String,
    kind: Kind,
    /// How many path item `$ref`s led here.
    inlined: usize,
    /// Fields of the node that were written beside the `$ref` it replaced, not in `file`: their
    /// references are made local by the job of the node that `$ref` was in, as written there.
    beside: Vec<String>,
}

struct Bundler<'d> {
    document: &'d Document,
    root: Value,
    /// The targets copied into `components` (file, pointer, kind) → the local `$ref` to the copy.
    placed: HashMap<(String, String, Kind), String>,
    origins: Vec<Origin>,
    /// Copies whose references are still to be made local, first come first served, so the
    /// nearer a target is to the root the likelier it keeps its own name.
    jobs: VecDeque<Job>,
}

impl Bundler<'_> {
    /// Root `components` entries that are a `$ref` to another file will receive the copy of the
    /// target, under the name the spec gave them; other references to that target point there.
    fn claim_component_entries(&mut self) {
        let Some(components) = self.document.raw.get("components").and_then(Value::as_object) else { return };
        for (section, entries) in components {
            let Some(kind) = Kind::of_section(section) else { continue };
            for (name, entry) in entries.as_object().into_iter().flatten() {
                let Some(reference) = entry.get("$ref").and_then(Value::as_str) else { continue };
                let Some((file, pointer)) = self.document.target("", reference) else { continue };
                if file.is_empty() || self.document.node(&file, &pointer).is_none() {
                    continue;
                }
                let local = format!("#/components/{section}/{}", escape_pointer_token(name));
                self.placed.entry((file, pointer, kind)).or_insert(local);
            }
        }
    }

    /// Makes the references inside the node of `job` local.
    fn rewrite(&mut self, job: &Job) {
        let Some(node) = self.root.pointer(&job.at) else { return };
        let beside: Vec<String> =
            job.beside.iter().map(|key| format!("#{}/{}", job.at, escape_pointer_token(key))).collect();
        for found in references(node, job.kind, &format!("#{}", job.at)) {
            if !beside.iter().any(|field| is_under(&found.pointer, field)) {
                self.replace(job, &found);
            }
        }
    }

    /// Makes reference `found`, written in `job.file`, local to the bundled document.
    fn replace(&mut self, job: &Job, found: &Found) {
        if job.file.is_empty() && found.reference.starts_with('#') {
            return;
        }
        // `None`: a remote reference, which validation reports.
        let Some((file, pointer)) = self.document.target(&job.file, &found.reference) else { return };
        if self.document.node(&file, &pointer).is_none() {
            let reference = match found.kind.section() {
                Some(section) if !found.mapping => {
                    format!("#/components/{section}/{}", escape_pointer_token(&rooted(&file, &found.reference)))
                }
                _ => rooted(&file, &found.reference),
            };
            return self.set_reference(found, reference);
        }
        if file.is_empty() {
            // The root's own node, where it is.
            return self.set_reference(found, rooted(&file, &found.reference));
        }
        match (found.kind, found.kind.section()) {
            (Kind::PathItem, _) if job.inlined < MAX_INLINED => self.fill(found, &file, &pointer, job.inlined + 1),
            (kind, Some(section)) => {
                let local = self.place(kind, section, &file, &pointer);
                if local == found.pointer && !found.mapping {
                    // A claimed `components` entry: the copy goes in its place.
                    self.fill(found, &file, &pointer, 0);
                } else {
                    self.set_reference(found, local);
                }
            }
            _ => self.set_reference(found, rooted(&file, &found.reference)),
        }
    }

    fn set_reference(&mut self, found: &Found, reference: String) {
        if let Some(slot) = self.root.pointer_mut(&found.at()[1..]) {
            *slot = Value::String(reference);
        }
    }

    /// The local `$ref` to the copy of the node at `pointer` of `file` in `components`, copying
    /// it there the first time.
    fn place(&mut self, kind: Kind, section: &str, file: &str, pointer: &str) -> String {
        let key = (file.to_owned(), pointer.to_owned(), kind);
        if let Some(local) = self.placed.get(&key) {
            return local.clone();
        }
        let name = self.free_name(section, pointer, file);
        let content = self.document.node(file, pointer).cloned().unwrap_or(Value::Null);
        if let Some(root) = self.root.as_object_mut() {
            let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
            if let Some(components) = components.as_object_mut()
                && let Some(entries) =
                    components.entry(section).or_insert_with(|| Value::Object(Map::new())).as_object_mut()
            {
                entries.insert(name.clone(), content);
            }
        }
        let at = format!("/components/{section}/{}", escape_pointer_token(&name));
        let local = format!("#{at}");
        self.copied(Job { at, file: file.to_owned(), kind, inlined: 0, beside: Vec::new() }, pointer);
        self.placed.insert(key, local.clone());
        local
    }

    /// Puts the node at `pointer` of `file` in place of the `$ref` object of `found`. Fields
    /// written beside the `$ref` are kept over the node's own, with the origin they have: all of
    /// them for a path item (their references were found with the `$ref`, and are made local as
    /// written there), `summary` and `description` for a Reference Object (as lowering reads them
    /// beside a `$ref`, and as OpenAPI 3.1 has them override the target's).
    fn fill(&mut self, found: &Found, file: &str, pointer: &str, inlined: usize) {
        let Some(mut content) = self.document.node(file, pointer).cloned() else { return };
        let at = &found.pointer[1..];
        let kept =
            |key: &str| key != "$ref" && (found.kind == Kind::PathItem || matches!(key, "summary" | "description"));
        let mut beside = Vec::new();
        if let (Some(Value::Object(written)), Value::Object(content)) = (self.root.pointer(at), &mut content) {
            for (key, value) in written.iter().filter(|(key, _)| kept(key)) {
                beside.push(key.clone());
                content.insert(key.clone(), value.clone());
            }
        }
        // Where the kept fields were written, found before the copy's own origin covers them.
        let beside_origins: Vec<Origin> = beside
            .iter()
            .map(|key| {
                let bundled = format!("{}/{}", found.pointer, escape_pointer_token(key));
                let (file, pointer) = origin(&self.origins, &bundled)
                    .map_or_else(|| (String::new(), bundled.clone()), |(file, pointer)| (file.to_owned(), pointer));
                Origin { bundled, file, pointer }
            })
            .collect();
        if let Some(slot) = self.root.pointer_mut(at) {
            *slot = content;
        }
        self.copied(Job { at: at.to_owned(), file: file.to_owned(), kind: found.kind, inlined, beside }, pointer);
        self.origins.extend(beside_origins);
    }

    /// Records that the node of `job` was copied from `pointer` of its file, and queues it.
    fn copied(&mut self, job: Job, pointer: &str) {
        let origin = Origin { bundled: format!("#{}", job.at), file: job.file.clone(), pointer: format!("#{pointer}") };
        self.origins.push(origin);
        self.jobs.push_back(job);
    }

    /// A name in `components.<section>` that nothing uses yet: see [`base_name`], numbered if taken.
    fn free_name(&self, section: &str, pointer: &str, file: &str) -> String {
        let base = base_name(pointer, file);
        let taken =
            |name: &str| self.root.pointer(&format!("/components/{section}/{}", escape_pointer_token(name))).is_some();
        if !taken(&base) {
            return base;
        }
        (2..).map(|n| format!("{base}{n}")).find(|name| !taken(name)).unwrap_or(base)
    }
}

/// The name a copy of the node at `pointer` of `file` is given: the last token of the pointer
/// that names something, passing over keywords (`schema`, `items`, `content`…), methods, indexes,
/// media types and paths; else the file's name without its extension.
fn base_name(pointer: &str, file: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "schema",
        "content",
        "items",
        "additionalProperties",
        "not",
        "allOf",
        "oneOf",
        "anyOf",
        "properties",
        "requestBody",
        "responses",
        "parameters",
        "headers",
        "examples",
        "paths",
        "components",
        "schemas",
    ];
    let names = pointer.rsplit('/').map(|token| token.replace("~1", "/").replace("~0", "~"));
    names
        .take_while(|token| !token.is_empty())
        .find(|token| {
            !KEYWORDS.contains(&token.as_str())
                && !METHODS.contains(&token.as_str())
                && !token.contains('/')
                && !token.bytes().all(|b| b.is_ascii_digit())
        })
        .unwrap_or_else(|| file.rsplit('/').next().unwrap_or(file).split('.').next().unwrap_or(file).to_owned())
}

/// `reference`, written in another file and pointing into `file`, as the root would write it.
fn rooted(file: &str, reference: &str) -> String {
    match reference.split_once('#') {
        Some((_, fragment)) => format!("{file}#{fragment}"),
        None if file.is_empty() => "#".to_owned(),
        None => file.to_owned(),
    }
}
