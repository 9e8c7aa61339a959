//! Parsing spec text (YAML or JSON) into a [`Document`]. The caller reads the file.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use openapiv3::OpenAPI;
use serde::Deserialize;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Position, escape_pointer_token, pointer_join};
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
    /// The `webhooks` of a 3.1 document, as typed Path Items (one that is a `$ref` to
    /// `#/components/pathItems/…` is followed), in spec order; empty for 3.0.
    pub webhooks: indexmap::IndexMap<String, openapiv3::PathItem>,
    /// The member schemas of each fixed-length tuple of a 3.1 document (`prefixItems`, see
    /// [`crate::oas31::is_fixed_tuple`]), by the JSON pointer of its schema in [`Document::json`].
    pub tuples: HashMap<String, Vec<openapiv3::ReferenceOr<openapiv3::Schema>>>,
    /// Other files reached by relative `$ref`s, keyed by their name relative to the root's folder.
    pub externals: Vec<Source>,
    /// Problems found while loading the other files, reported with the validation.
    pub load_diagnostics: Vec<Diagnostic>,
    /// The root with the other files' parts copied in, when there are other files; `openapi` is built from it.
    pub bundled: Option<Value>,
    /// Where the parts of `bundled` copied from other files were written: see [`Document::origin`].
    pub origins: Vec<Origin>,
}

/// A part of [`Document::bundled`] copied from another file (or from elsewhere in the root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Its JSON pointer in the bundled document, e.g. `#/components/schemas/Pet`.
    pub bundled: String,
    /// The file it was written in: a name of [`Document::externals`], or empty for the root.
    pub file: String,
    /// Its JSON pointer in that file, e.g. `#/Pet`.
    pub pointer: String,
}

/// The methods of a Path Item Object.
pub(crate) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

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
        let mut raw = parse_source(&file, &text)?;
        // A 3.1 document is read in the 3.0 shapes it maps to (see `oas31`).
        let (mut rewritten, origins) = match crate::oas31::is_31(&raw) {
            true => {
                let mut origins = crate::oas31::inline_references(&mut raw);
                let (diagnostics, moved) = crate::oas31::normalize_located(&mut raw, true);
                origins.extend(moved);
                (diagnostics, origins)
            }
            false => (Vec::new(), Vec::new()),
        };
        let (webhooks, webhook_diagnostics) = typed_webhooks(&raw);
        let tuples = typed_tuples(&raw);
        rewritten.extend(webhook_diagnostics);
        let openapi = typed(&raw).map_err(|mut diagnostics| {
            for diagnostic in &mut diagnostics {
                diagnostic.file = Some(file.clone());
            }
            locate_in(&text, &mut diagnostics);
            Diagnostics(diagnostics)
        })?;
        Ok(Document {
            file,
            text,
            raw,
            openapi,
            webhooks,
            tuples,
            externals: Vec::new(),
            load_diagnostics: rewritten,
            bundled: None,
            origins,
        })
    }

    /// Parses the root `text` (named `file`) and every file it reaches by relative `$ref`, read with `read`
    /// from paths relative to `dir`, then bundles them into [`Document::bundled`].
    pub fn load(file: &str, text: String, dir: &Path, read: &mut ReadFile<'_>) -> Result<Document, Diagnostics> {
        let document = Document::parse(file, text)?;
        let mut loader = Loader { document, dir, read, tried: HashMap::new(), unread: Vec::new() };
        traverse(&mut loader);
        let mut document = loader.document;
        if let Some((mut bundled, origins)) = crate::bundle::bundle(&document) {
            let mut origins = origins;
            if crate::oas31::is_31(&bundled) {
                // The other files' parts; the root's were moved, rewritten and warned of already.
                for moved in crate::oas31::inline_references(&mut bundled) {
                    let (file, pointer) = origin(&origins, &moved.pointer)
                        .map(|(file, pointer)| (file.to_owned(), pointer))
                        .unwrap_or((String::new(), moved.pointer.clone()));
                    origins.push(Origin { bundled: moved.bundled, file, pointer });
                }
                crate::oas31::normalize(&mut bundled, false);
            }
            origins.extend(std::mem::take(&mut document.origins));
            document.origins = origins;
            // Problems in the root's webhooks were reported when it was parsed.
            document.webhooks = typed_webhooks(&bundled).0;
            document.tuples = typed_tuples(&bundled);
            let typed = typed(&bundled);
            document.bundled = Some(bundled);
            match typed {
                Ok(openapi) => document.openapi = openapi,
                Err(mut diagnostics) => {
                    document.locate(&mut diagnostics);
                    return Err(Diagnostics(diagnostics));
                }
            }
        }
        for (from, diagnostic) in loader.unread {
            let diagnostic = document.written_in(&from, diagnostic);
            document.load_diagnostics.push(diagnostic);
        }
        Ok(document)
    }

    /// The root file as written: for a 3.1 document, before its rewriting into 3.0 shapes (see
    /// [`crate::oas31`]), as a tool that reads 3.1 itself should be given it.
    pub fn root_as_written(&self) -> Value {
        parse_source(&self.file, &self.text).unwrap_or_else(|_| self.raw.clone())
    }

    /// The whole spec as plain JSON: [`Document::bundled`] when other files were copied in, else the root.
    pub fn json(&self) -> &Value {
        self.bundled.as_ref().unwrap_or(&self.raw)
    }

    /// Where the node at `pointer` of [`Document::json`] was written, when it was copied from
    /// another file or place: the file (empty for the root) and its pointer there.
    pub fn origin(&self, pointer: &str) -> Option<(&str, String)> {
        origin(&self.origins, pointer)
    }

    /// `diagnostic`, about the node at its pointer in file `file` as written (empty for the root),
    /// moved to where bundling left that node (see [`Diagnostic::file`]), so that another report
    /// of it there, by lowering, is taken for the same one; in `file` when no copy holds it.
    pub(crate) fn written_in(&self, file: &str, mut diagnostic: Diagnostic) -> Diagnostic {
        match self.copy_of(file, &diagnostic.pointer) {
            Some(pointer) => diagnostic.pointer = pointer,
            None => diagnostic.file = Some(if file.is_empty() { self.file.clone() } else { file.to_owned() }),
        }
        diagnostic
    }

    /// Where the node at `pointer` of `file` (empty for the root) is in [`Document::json`]: a node
    /// of the root is where it is written, one of another file in the first copy made of it;
    /// `None` when no copy holds it.
    fn copy_of(&self, file: &str, pointer: &str) -> Option<String> {
        if file.is_empty() {
            return Some(pointer.to_owned());
        }
        let mut copy: Option<&Origin> = None;
        for candidate in self.origins.iter().filter(|o| o.file == file && is_under(pointer, &o.pointer)) {
            if copy.is_none_or(|copy| candidate.pointer.len() > copy.pointer.len()) {
                copy = Some(candidate);
            }
        }
        copy.map(|copy| format!("{}{}", copy.bundled, &pointer[copy.pointer.len()..]))
    }

    /// Where a `$ref` written in file `from` (empty for the root) points: the file (empty for the
    /// root) and the JSON pointer there, percent-decoded, without `#`; `None` for a remote reference.
    pub(crate) fn target(&self, from: &str, reference: &str) -> Option<(String, String)> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file_part.is_empty() { from.to_owned() } else { external_file(from, reference)? };
        let root = Path::new(&self.file).file_name().and_then(|name| name.to_str());
        let file = if root == Some(file.as_str()) || file == self.file { String::new() } else { file };
        let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy().into_owned();
        Some((file, fragment))
    }

    /// The node at JSON `pointer` (without `#`) of file `name` as written (empty for the root).
    pub(crate) fn node(&self, name: &str, pointer: &str) -> Option<&Value> {
        let (_, raw) = self.source(name)?;
        if pointer.is_empty() { Some(raw) } else { raw.pointer(pointer) }
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

    /// Fills in the file and the line and column of each diagnostic. A diagnostic without a file
    /// points into [`Document::json`]: one under a part copied from another file is moved there,
    /// pointer and all; the others are in the root file.
    pub fn locate(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics.iter_mut().filter(|d| d.file.is_none() && d.position.is_none()) {
            if let Some((file, pointer)) = self.origin(&diagnostic.pointer) {
                diagnostic.file = (!file.is_empty()).then(|| file.to_owned());
                diagnostic.pointer = pointer;
            }
        }
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

/// What a node of an OpenAPI 3.0 document is, as far as references go: which of its values are
/// other nodes of the spec, which are data (examples, defaults and enum values: a `$ref` in there
/// is a value, not a reference), and which `components` section a `$ref` in its place points into.
///
/// Only a node's kind decides: a `default` under `responses` is a response, a property named
/// `example` under `properties` is a schema, and `value` is data only in an Example Object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Document,
    Paths,
    PathItem,
    Operation,
    Responses,
    Response,
    Parameter,
    Header,
    RequestBody,
    MediaType,
    Encoding,
    Example,
    Link,
    Callback,
    SecurityScheme,
    Schema,
    Discriminator,
    Components,
    /// Anything else: `info`, `servers`, `tags`, extensions… A `$ref` in there is followed and
    /// checked, but belongs to no `components` section.
    Other,
}

/// The `components` sections, with the kind of their entries.
const SECTIONS: [(&str, Kind); 9] = [
    ("schemas", Kind::Schema),
    ("responses", Kind::Response),
    ("parameters", Kind::Parameter),
    ("examples", Kind::Example),
    ("requestBodies", Kind::RequestBody),
    ("headers", Kind::Header),
    ("securitySchemes", Kind::SecurityScheme),
    ("links", Kind::Link),
    ("callbacks", Kind::Callback),
];

/// What the value under one key of a node is.
enum Child {
    /// A node of this kind, or a list of them.
    Node(Kind),
    /// A map from names (of properties, media types, components…) to nodes of this kind.
    Map(Kind),
    /// Data, whatever it holds.
    Data,
    /// `discriminator.mapping`: values that are schema names or references.
    Mapping,
}

impl Kind {
    /// The `components` section that a `$ref` in a node of this kind points into, if any.
    pub(crate) fn section(self) -> Option<&'static str> {
        SECTIONS.iter().find(|(_, kind)| *kind == self).map(|(section, _)| *section)
    }

    /// The kind of the entries of `components.<section>`.
    pub(crate) fn of_section(section: &str) -> Option<Kind> {
        SECTIONS.iter().find(|(name, _)| *name == section).map(|(_, kind)| *kind)
    }

    fn child(self, key: &str) -> Child {
        use Kind::*;
        let extension = key.starts_with("x-");
        match (self, key) {
            (Document, "paths") => Child::Node(Paths),
            (Document, "components") => Child::Node(Components),
            (Components, _) => Kind::of_section(key).map_or(Child::Node(Other), Child::Map),
            (Paths | Callback, _) if !extension => Child::Node(PathItem),
            (PathItem | Operation, "parameters") => Child::Node(Parameter),
            (PathItem, _) if METHODS.contains(&key) => Child::Node(Operation),
            (Operation, "requestBody") => Child::Node(RequestBody),
            (Operation, "responses") => Child::Node(Responses),
            (Operation, "callbacks") => Child::Map(Callback),
            (Responses, _) if !extension => Child::Node(Response),
            (Response | Encoding, "headers") => Child::Map(Header),
            (Response | RequestBody | Parameter | Header, "content") => Child::Map(MediaType),
            (Response, "links") => Child::Map(Link),
            (Parameter | Header | MediaType, "schema") => Child::Node(Schema),
            (Parameter | Header | MediaType, "examples") => Child::Map(Example),
            (MediaType, "encoding") => Child::Map(Encoding),
            (Schema, "properties") => Child::Map(Schema),
            (Schema, "items" | "additionalProperties" | "not" | "allOf" | "oneOf" | "anyOf") => Child::Node(Schema),
            (Schema, "discriminator") => Child::Node(Discriminator),
            (Discriminator, "mapping") => Child::Mapping,
            // `default` and `enum` are not fields of a 3.0 parameter or header, but Swagger 2.0's:
            // whatever such a leftover holds is a value too.
            (Schema | Parameter | Header, "example" | "default" | "enum")
            | (MediaType, "example")
            | (Example, "value")
            | (Link, "parameters" | "requestBody") => Child::Data,
            _ => Child::Node(Other),
        }
    }
}

/// A reference found by [`references`]: a `$ref`, or a `discriminator.mapping` value that is not
/// a plain schema name.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The JSON pointer (`#…`) of the object that holds the `$ref`, or of the mapping value.
    pub pointer: String,
    /// The reference as written.
    pub reference: String,
    /// What its target must be.
    pub kind: Kind,
    /// Whether it is a `discriminator.mapping` value rather than a `$ref`.
    pub mapping: bool,
}

impl Found {
    /// The JSON pointer of the reference string itself.
    pub fn at(&self) -> String {
        if self.mapping { self.pointer.clone() } else { format!("{}/$ref", self.pointer) }
    }
}

/// The references in `node`, a node of `kind` at `pointer` (`#…`) of its file, in document order.
/// Data is not looked into, nor are the other fields of a Reference Object (OpenAPI 3.0 ignores them).
pub(crate) fn references(node: &Value, kind: Kind, pointer: &str) -> Vec<Found> {
    let mut out = Vec::new();
    walk(node, kind, &mut pointer.to_owned(), &mut out);
    out
}

fn walk(value: &Value, kind: Kind, pointer: &mut String, out: &mut Vec<Found>) {
    let object = match value {
        Value::Object(object) => object,
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                under(pointer, &i.to_string(), |pointer| walk(item, kind, pointer, out));
            }
            return;
        }
        _ => return,
    };
    if let Some(Value::String(reference)) = object.get("$ref") {
        out.push(Found { pointer: pointer.clone(), reference: reference.clone(), kind, mapping: false });
        // A path item may have fields beside its `$ref`; any other object with a `$ref` is a
        // Reference Object, whose other fields are ignored.
        if kind != Kind::PathItem {
            return;
        }
    }
    for (key, child) in object {
        under(pointer, key, |pointer| match kind.child(key) {
            Child::Node(kind) => walk(child, kind, pointer, out),
            Child::Map(kind) => {
                for (name, entry) in child.as_object().into_iter().flatten() {
                    under(pointer, name, |pointer| walk(entry, kind, pointer, out));
                }
            }
            Child::Mapping => {
                for (name, target) in child.as_object().into_iter().flatten() {
                    let Some(reference) = target.as_str().filter(|t| is_mapping_reference(t)) else { continue };
                    let pointer = pointer_join(pointer, name);
                    out.push(Found { pointer, reference: reference.to_owned(), kind: Kind::Schema, mapping: true });
                }
            }
            Child::Data => {}
        });
    }
}

/// Runs `f` with `token` appended to `pointer`, then takes it off again.
fn under(pointer: &mut String, token: &str, f: impl FnOnce(&mut String)) {
    let length = pointer.len();
    pointer.push('/');
    pointer.push_str(&escape_pointer_token(token));
    f(pointer);
    pointer.truncate(length);
}

/// Whether a `discriminator.mapping` value is a reference rather than the name of a component
/// schema (whose names cannot hold `#` or `/`).
fn is_mapping_reference(value: &str) -> bool {
    value.contains(['#', '/']) || [".yaml", ".yml", ".json"].iter().any(|extension| value.ends_with(extension))
}

/// Whether JSON pointer `pointer` (without `#`) is an entry of the `components` section that holds
/// nodes of `kind`: walking the root as a document walks it as such already.
fn is_component_entry(pointer: &str, kind: Kind) -> bool {
    let mut tokens = pointer.split('/');
    let (Some(""), Some("components"), Some(section), Some(_), None) =
        (tokens.next(), tokens.next(), tokens.next(), tokens.next(), tokens.next())
    else {
        return false;
    };
    kind.section() == Some(section)
}

/// What [`traverse`] reports to.
pub(crate) trait Visitor {
    /// The document walked; the files it holds are the ones looked into.
    fn document(&self) -> &Document;
    /// A reference found in file `from` (empty for the root), with the file and pointer it points
    /// at (`None` when it is remote). Called before the target is looked up, so a loader can read
    /// the target's file then.
    fn found(&mut self, from: &str, found: &Found, target: Option<&(String, String)>);
}

/// Reports every reference reachable from the root: the root is walked as a whole document, then
/// the target of each reference as what the reference says it is, in whichever file it is. Parts
/// of other files that nothing reaches are not looked into.
pub(crate) fn traverse(visitor: &mut impl Visitor) {
    let mut jobs = vec![(String::new(), String::new(), Kind::Document)];
    let mut walked = HashSet::new();
    // A node reached twice (as a component entry and by a `$ref` into it…) is walked again, in
    // case it is reached as another kind; its references are reported once.
    let mut reported = HashSet::new();
    while let Some((file, pointer, kind)) = jobs.pop() {
        let Some(node) = visitor.document().node(&file, &pointer) else { continue };
        for found in references(node, kind, &format!("#{pointer}")) {
            let target = visitor.document().target(&file, &found.reference);
            if reported.insert((file.clone(), found.at())) {
                visitor.found(&file, &found, target.as_ref());
            }
            let Some((target_file, target_pointer)) = target else { continue };
            if target_file.is_empty() && is_component_entry(&target_pointer, found.kind) {
                continue;
            }
            let job = (target_file, target_pointer, found.kind);
            if walked.insert(job.clone()) {
                jobs.push(job);
            }
        }
    }
}

/// Reads the files that references reach, as [`traverse`] finds them.
struct Loader<'a, 'r> {
    document: Document,
    dir: &'a Path,
    read: &'a mut ReadFile<'r>,
    /// Files already read or tried, with why one could not be loaded.
    tried: HashMap<String, Option<String>>,
    /// A diagnostic for each `$ref` into a file that could not be loaded, with the file the
    /// `$ref` is in (empty for the root), to be placed once the spec is bundled.
    unread: Vec<(String, Diagnostic)>,
}

impl Loader<'_, '_> {
    /// Reads and parses `file`; why it could not be, if so. Problems inside it are reported there.
    fn read_file(&mut self, file: &str) -> Option<String> {
        let document = &mut self.document;
        match (self.read)(&self.dir.join(file)) {
            Ok(text) if text.len() > MAX_SPEC_BYTES => {
                let mut diagnostic = too_large(text.len());
                diagnostic.file = Some(file.to_owned());
                document.load_diagnostics.push(diagnostic);
                Some("is too large".to_owned())
            }
            Ok(text) => match parse_value(&text) {
                Ok(raw) => {
                    document.externals.push(Source { name: file.to_owned(), text, raw });
                    None
                }
                Err(mut diagnostic) => {
                    diagnostic.file = Some(file.to_owned());
                    document.load_diagnostics.push(diagnostic);
                    Some("does not parse".to_owned())
                }
            },
            Err(error) => Some(format!("cannot be read: {error}")),
        }
    }
}

impl Visitor for Loader<'_, '_> {
    fn document(&self) -> &Document {
        &self.document
    }

    fn found(&mut self, from: &str, found: &Found, target: Option<&(String, String)>) {
        let Some((file, _)) = target.filter(|(file, _)| !file.is_empty()) else { return };
        if !self.tried.contains_key(file) {
            let failure = self.read_file(file);
            self.tried.insert(file.clone(), failure);
        }
        if let Some(Some(failure)) = self.tried.get(file) {
            let message = format!("`{}` points at `{file}`, which {failure}", found.reference);
            self.unread.push((from.to_owned(), Diagnostic::error("ref-unresolved", found.at(), message)));
        }
    }
}

/// The origin of `pointer` among `origins`: the file and pointer of its nearest copied ancestor
/// (the last one recorded, when a copy was copied over), with the rest of the pointer appended.
pub(crate) fn origin<'o>(origins: &'o [Origin], pointer: &str) -> Option<(&'o str, String)> {
    let best = origins.iter().filter(|o| is_under(pointer, &o.bundled)).max_by_key(|o| o.bundled.len())?;
    Some((best.file.as_str(), format!("{}{}", best.pointer, &pointer[best.bundled.len()..])))
}

/// Whether JSON pointer `pointer` is `ancestor` or under it.
pub(crate) fn is_under(pointer: &str, ancestor: &str) -> bool {
    pointer.strip_prefix(ancestor).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
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

/// The `webhooks` of `raw` as typed Path Items, and what kept any of them out. A webhook that is
/// a `$ref` is followed within the document (3.1's `#/components/pathItems/…`).
fn typed_webhooks(raw: &Value) -> (indexmap::IndexMap<String, openapiv3::PathItem>, Vec<Diagnostic>) {
    let mut webhooks = indexmap::IndexMap::new();
    let mut diagnostics = Vec::new();
    for (name, item) in raw.get("webhooks").and_then(Value::as_object).into_iter().flatten() {
        if name.starts_with("x-") {
            continue;
        }
        let pointer = pointer_join("#/webhooks", name);
        let mut item = item;
        let mut hops = 0;
        while let Some(reference) = item.get("$ref").and_then(Value::as_str) {
            let target = reference.strip_prefix('#').and_then(|p| raw.pointer(p)).filter(|_| hops < 64);
            let Some(target) = target else {
                diagnostics.push(Diagnostic::error(
                    "ref-unresolved",
                    format!("{pointer}/$ref"),
                    format!("`{reference}` does not resolve to a Path Item in this document"),
                ));
                break;
            };
            item = target;
            hops += 1;
        }
        if item.get("$ref").is_some() {
            continue;
        }
        match serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item) {
            Ok(path_item) => {
                webhooks.insert(name.clone(), path_item);
            }
            Err(error) => diagnostics.push(Diagnostic::error(
                "schema",
                format!("{pointer}{}", path_to_pointer(error.path()).trim_start_matches('#')),
                format!("not a valid Path Item Object: {}", error.inner()),
            )),
        }
    }
    (webhooks, diagnostics)
}

/// The fixed-length tuples of a rewritten 3.1 document `raw`, by pointer: see [`Document::tuples`].
fn typed_tuples(raw: &Value) -> HashMap<String, Vec<openapiv3::ReferenceOr<openapiv3::Schema>>> {
    fn walk(
        value: &Value,
        pointer: &mut String,
        out: &mut HashMap<String, Vec<openapiv3::ReferenceOr<openapiv3::Schema>>>,
    ) {
        match value {
            Value::Object(object) => {
                if crate::oas31::is_fixed_tuple(object)
                    && let Some(members) =
                        object.get("prefixItems").and_then(|p| serde_json::from_value(p.clone()).ok())
                {
                    out.insert(pointer.clone(), members);
                }
                for (key, child) in object {
                    if key.starts_with("x-")
                        || ["example", "examples", "default", "enum", "const"].contains(&key.as_str())
                    {
                        continue;
                    }
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(key));
                    walk(child, pointer, out);
                    pointer.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{i}"));
                    walk(item, pointer, out);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut tuples = HashMap::new();
    if crate::oas31::is_31(raw) {
        walk(raw, &mut "#".to_owned(), &mut tuples);
    }
    tuples
}

/// The typed model of `raw`, or its errors, not yet located.
fn typed(raw: &Value) -> Result<OpenAPI, Vec<Diagnostic>> {
    let refused = operation_refs(raw);
    if !refused.is_empty() {
        return Err(refused);
    }
    serde_path_to_error::deserialize(raw).map_err(|error| {
        let (pointer, message) = refine(raw).unwrap_or_else(|| {
            (path_to_pointer(error.path()), format!("not a valid OpenAPI 3.0 document: {}", error.inner()))
        });
        vec![Diagnostic::error("schema", pointer, message)]
    })
}

/// Operations given by `$ref`, which OpenAPI 3.0 does not allow, under `paths` and in callbacks,
/// in document order.
fn operation_refs(raw: &Value) -> Vec<Diagnostic> {
    /// The entries of a map of path items (`paths`, a callback), extensions left out.
    fn items<'v>(map: Option<&'v Value>, pointer: &str) -> impl Iterator<Item = (String, &'v Value)> {
        let entries = map.and_then(Value::as_object).into_iter().flatten();
        entries.filter(|(key, _)| !key.starts_with("x-")).map(move |(key, item)| (pointer_join(pointer, key), item))
    }
    fn check(item_pointer: &str, item: &Value, out: &mut Vec<Diagnostic>) {
        for method in METHODS {
            let Some(operation) = item.get(*method) else { continue };
            let pointer = format!("{item_pointer}/{method}");
            if operation.get("$ref").is_some() {
                out.push(Diagnostic::error(
                    "operation-ref",
                    format!("{pointer}/$ref"),
                    format!(
                        "the `{method}` operation is a `$ref`, which OpenAPI 3.0 does not allow: an Operation \
                         Object cannot be referenced. Write the operation out here, or make the whole path item \
                         a `$ref` to a file that holds it"
                    ),
                ));
            }
            check_callbacks(operation.get("callbacks"), &format!("{pointer}/callbacks"), out);
        }
    }
    fn check_callbacks(callbacks: Option<&Value>, pointer: &str, out: &mut Vec<Diagnostic>) {
        for (pointer, callback) in items(callbacks, pointer) {
            for (pointer, item) in items(Some(callback), &pointer) {
                check(&pointer, item, out);
            }
        }
    }
    let mut out = Vec::new();
    for (pointer, item) in items(raw.get("paths"), "#/paths") {
        check(&pointer, item, &mut out);
    }
    check_callbacks(raw.pointer("/components/callbacks"), "#/components/callbacks", &mut out);
    out
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
        StrictJson::deserialize(serde_yaml_ng::Deserializer::from_str(text)).map(|v| v.0).map_err(|error| {
            let mut diagnostic = Diagnostic::error("syntax", "", format!("invalid YAML: {error}"));
            diagnostic.position = error.location().map(|l| Position { line: l.line(), column: l.column() });
            diagnostic
        })
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

/// JSON or YAML into a `Value`, refusing a key written twice in one mapping. YAML's keys may be
/// numbers or booleans (`200:`), which become their text, as OpenAPI reads them; a YAML tag is
/// dropped for its value. Integers of any size load: one beyond 64 bits becomes the nearest
/// double, as JavaScript, which wrote most such bounds (`-9223372036854776000`), reads it.
struct StrictJson(Value);

/// A mapping key: a string, or a YAML number or boolean as its text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Key;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mapping key that is a string or a number")
            }
            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Key, E> {
                Ok(Key(v))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// A number beyond 64 bits as the nearest double (an integral double within `i64` or `u64`
/// range is kept as that integer).
fn wide_number(v: f64) -> Value {
    if v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64 {
        return Value::from(v as i64);
    }
    if v.fract() == 0.0 && v >= 0.0 && v < u64::MAX as f64 {
        return Value::from(v as u64);
    }
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

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
            fn visit_i128<E>(self, v: i128) -> Result<StrictJson, E> {
                Ok(StrictJson(wide_number(v as f64)))
            }
            fn visit_u128<E>(self, v: u128) -> Result<StrictJson, E> {
                Ok(StrictJson(wide_number(v as f64)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<StrictJson, E> {
                // serde_json reads an integer beyond 64 bits as a double: one too large for a
                // double to hold every integer exactly was written as an integer.
                if v.fract() == 0.0 && v.abs() >= 9_007_199_254_740_992.0 {
                    return Ok(StrictJson(wide_number(v)));
                }
                serde_json::Number::from_f64(v)
                    .map(|n| StrictJson(Value::Number(n)))
                    .ok_or_else(|| E::custom("a number that JSON cannot represent (NaN or infinity)"))
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
                while let Some(Key(key)) = map.next_key::<Key>()? {
                    let StrictJson(value) = map.next_value()?;
                    if object.insert(key.clone(), value).is_some() {
                        return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
                    }
                }
                Ok(StrictJson(Value::Object(object)))
            }
            // A YAML tag (`!Thing value`): the value, as plain YAML would read it.
            fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<StrictJson, A::Error> {
                use serde::de::VariantAccess as _;
                let (_, variant) = data.variant::<serde::de::IgnoredAny>()?;
                variant.newtype_variant::<StrictJson>()
            }
        }
        deserializer.deserialize_any(Visitor)
    }
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
        Some(v) if v.starts_with("3.0.") || v.starts_with("3.1.") => Ok(()),
        Some(v) if v.starts_with("3.2") => Err(Diagnostic::error(
            "version",
            "#/openapi",
            format!(
                "OpenAPI {v} is not supported; only 3.0.x and 3.1.x documents can be generated (3.2 is refused by name)"
            ),
        )),
        Some(v) => Err(Diagnostic::error(
            "version",
            "#/openapi",
            format!("unknown OpenAPI version `{v}`; expected 3.0.x or 3.1.x"),
        )),
        None => {
            Err(Diagnostic::error("version", "#", "missing the `openapi: 3.0.x` field; is this an OpenAPI document?"))
        }
    }
}

/// serde loses the path inside `#[serde(flatten)]` maps such as `paths`; retry their entries one by one.
fn refine(raw: &Value) -> Option<(String, String)> {
    fn first_error<T: serde::de::DeserializeOwned>(entries: Option<&Value>, base: &str) -> Option<(String, String)> {
        for (key, value) in entries?.as_object()? {
            // A `$ref` is valid whatever it points at. Anything else must be a `T`: read as one,
            // not as an untagged `ReferenceOr<T>`, which would lose the path inside it.
            if value.get("$ref").is_some_and(Value::is_string) {
                continue;
            }
            if let Err(error) = serde_path_to_error::deserialize::<_, T>(value) {
                let entry = pointer_join(base, key);
                let inner = path_to_pointer(error.path());
                let message = format!("not a valid OpenAPI 3.0 document: {}", error.inner());
                return Some((format!("{entry}{}", &inner[1..]), message));
            }
        }
        None
    }
    use openapiv3::{Parameter, PathItem, RequestBody, Response, Schema, SecurityScheme};
    let components = raw.get("components");
    let section = |name: &str| components.and_then(|c| c.get(name));
    first_error::<PathItem>(raw.get("paths"), "#/paths")
        .or_else(|| first_error::<Schema>(section("schemas"), "#/components/schemas"))
        .or_else(|| first_error::<Parameter>(section("parameters"), "#/components/parameters"))
        .or_else(|| first_error::<Response>(section("responses"), "#/components/responses"))
        .or_else(|| first_error::<RequestBody>(section("requestBodies"), "#/components/requestBodies"))
        .or_else(|| first_error::<SecurityScheme>(section("securitySchemes"), "#/components/securitySchemes"))
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => pointer = pointer_join(&pointer, key),
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
    fn reads_3_1_and_refuses_swagger_with_a_message_that_says_so() {
        let document = Document::parse("spec.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n").unwrap();
        assert!(document.openapi.paths.paths.is_empty(), "`paths` is optional in 3.1");
        let d = error_of("swagger: '2.0'\n");
        assert_eq!(d.rule, "version");
        assert_eq!(d.position, Some(Position { line: 1, column: 1 }));
    }

    #[test]
    fn refuses_3_2_by_name() {
        let d = error_of("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert_eq!(d.rule, "version");
        assert!(d.message.contains("OpenAPI 3.2.0 is not supported"), "{d}");
    }

    /// The i64 limits as JavaScript prints them, which YAML parsers refuse as too wide for 64
    /// bits (the lower one): it loads as the double JavaScript meant, -2^63.
    #[test]
    fn integers_beyond_64_bits_load_in_yaml_and_json() {
        let schema = "{type: integer, minimum: -9223372036854776000, maximum: 9223372036854776000}";
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Big: {schema}\n"
        );
        let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"Big": {"type": "integer", "minimum": -9223372036854776000, "maximum": 9223372036854776000}}}}"#;
        for (name, text) in [("spec.yaml", yaml.as_str()), ("spec.json", json)] {
            let document = Document::parse(name, text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let big = &document.raw["components"]["schemas"]["Big"];
            assert_eq!(big["minimum"], Value::from(i64::MIN), "{name}");
            assert_eq!(big["maximum"], Value::from(9_223_372_036_854_776_000u64), "{name}: u64 holds it exactly");
        }
        // Wider still: the nearest double.
        let raw = parse_value("a: 123456789012345678901234567890\n").unwrap();
        assert_eq!(raw["a"].as_f64(), Some(1.2345678901234568e29));
    }

    #[test]
    fn yaml_keys_may_be_numbers_and_tags_are_read_through() {
        let raw = parse_value("200: {description: ok}\ntrue: 1\nx: !Custom {a: 1}\n").unwrap();
        assert_eq!(raw["200"]["description"], "ok");
        assert_eq!(raw["true"], 1);
        assert_eq!(raw["x"]["a"], 1);
        let d = parse_value("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((d.rule, d.position.map(|p| p.line)), ("duplicate-key", Some(3)), "{d}");
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
        // serde cannot see inside the flattened `paths` map: each path item is read again on its own.
        assert_eq!(d.pointer, "#/paths/~1a/get/responses");
        assert_eq!(d.position, Some(Position { line: 8, column: 7 }));
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
