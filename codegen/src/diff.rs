//! What changes for a user of the generated client between two revisions of a spec.
//!
//! The IR is compared, not the YAML: the report speaks of Rust items (`Client::get_script`,
//! `Script::label`, `TraceStatus::Blocked`) and points at the spec line that caused each change.
//! Pure: two documents in, a list of changes out.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::diagnostics::{Diagnostics, Position};
use crate::ir::{
    Api, BodyType, Operation, ParamLocation, Parameter, RequestBody, Response, StatusMatch, SuccessType, TypeDef,
    TypeKind, TypeRef,
};
use crate::load::Document;

/// Which generated items carry `#[non_exhaustive]` (see `emit`); it decides whether adding to
/// them breaks users' code. A test pins this to what the emitter writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NonExhaustive {
    /// String enums: a new value is a new variant, and users' matches already need a `_` arm.
    pub string_enums: bool,
    /// Error enums: a newly documented status is a new variant.
    pub error_enums: bool,
    /// Structs, `…Params` included: users build them with `new(required…)` and `with_…`
    /// setters, never with a literal, so a new optional field is a new setter
    /// (cargo-semver-checks: `constructible_struct_adds_field` no longer applies).
    pub structs: bool,
    /// The calls operations return are builders (private fields, not `#[non_exhaustive]`, since
    /// no literal can make them): a new optional parameter or body is a new setter.
    pub calls: bool,
    /// Discriminated unions: a value with a tag the client does not know already arrives as
    /// the catch-all variant, so a new alternative is a new variant that matches' `_` arm takes.
    pub tagged_unions: bool,
    /// `oneOf`/`anyOf` without a discriminator: a value is the first alternative it decodes as,
    /// so a new alternative can change which variant existing JSON becomes; it stays breaking.
    pub untagged_unions: bool,
}

/// What the emitter writes today.
pub const GENERATED_NON_EXHAUSTIVE: NonExhaustive = NonExhaustive {
    string_enums: true,
    error_enums: true,
    structs: true,
    calls: true,
    tagged_unions: true,
    untagged_unions: false,
};

/// How a change affects code that uses the generated client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Code that compiled (or behaved) before may not any more.
    Breaking,
    /// Code that compiled before still compiles and behaves the same.
    Compatible,
    /// Only doc comments change.
    Documentation,
}

impl Severity {
    /// The name used in reports: `breaking`, `compatible` or `documentation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Compatible => "compatible",
            Severity::Documentation => "documentation",
        }
    }
}

/// Which revision a change's location is in: the old one for removals, the new one otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The revision compared from.
    Old,
    /// The revision compared to.
    New,
}

/// One change to the generated API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// A stable name such as `operation-removed` or `field-added`.
    pub kind: &'static str,
    /// Breaking, compatible or documentation.
    pub severity: Severity,
    /// The Rust item, e.g. `Client::get_script` or `Script::label`.
    pub item: String,
    /// What changed and why it has this severity.
    pub message: String,
    /// The revision `pointer` is in.
    pub side: Side,
    /// JSON pointer to the spec node that caused it.
    pub pointer: String,
    /// The file `pointer` is in, once located.
    pub file: Option<String>,
    /// Where the node starts, once located.
    pub position: Option<Position>,
}

impl Change {
    /// The change for machines: `kind`, `severity`, `item`, `message`, `side` (`old` or `new`)
    /// and `location` {`file`, `line`, `column`, `pointer`}.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "kind": self.kind,
            "severity": self.severity.as_str(),
            "item": self.item,
            "message": self.message,
            "side": match self.side { Side::Old => "old", Side::New => "new" },
            "location": {
                "file": self.file,
                "line": self.position.map(|p| p.line),
                "column": self.position.map(|p| p.column),
                "pointer": self.pointer,
            },
        })
    }
}

/// `file:line:col: severity[kind]: message`, like a diagnostic.
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::diagnostics::write_location(f, self.file.as_deref(), self.position)?;
        write!(f, "{}[{}]: {}", self.severity.as_str(), self.kind, self.message)
    }
}

/// Which revision has errors, and the errors.
#[derive(Debug, Clone)]
pub struct SpecErrors {
    /// The revision with errors.
    pub side: Side,
    /// Its diagnostics, errors and warnings, located.
    pub diagnostics: Diagnostics,
}

/// Compares two revisions of a spec. Each is validated first; a revision with errors has no API to compare.
pub fn diff(old: &Document, new: &Document) -> Result<Vec<Change>, SpecErrors> {
    let lower = |document: &Document, side| {
        let (api, diagnostics) =
            crate::phases::merge(document, crate::phases::validate(document), crate::phases::lower(document));
        if diagnostics.iter().any(crate::Diagnostic::is_error) {
            Err(SpecErrors { side, diagnostics: Diagnostics(diagnostics) })
        } else {
            Ok(api)
        }
    };
    let (old_api, new_api) = (lower(old, Side::Old)?, lower(new, Side::New)?);
    let mut changes = diff_apis(&old_api, &new_api);
    for (side, document) in [(Side::Old, old), (Side::New, new)] {
        let on_side: Vec<&str> = changes.iter().filter(|c| c.side == side).map(|c| c.pointer.as_str()).collect();
        let positions = document.positions(&on_side);
        for (change, position) in changes.iter_mut().filter(|c| c.side == side).zip(positions) {
            change.file = Some(document.file.clone());
            change.position = position;
        }
    }
    Ok(changes)
}

/// Every change from `old` to `new`, breaking ones first, each group in spec order.
pub fn diff_apis(old: &Api, new: &Api) -> Vec<Change> {
    let renames = type_renames(old, new);
    let mut differ = Differ { old, new, renames, changes: Vec::new() };
    differ.api_level();
    differ.operations();
    differ.types();
    let mut changes = differ.changes;
    changes.sort_by_key(|c| c.severity);
    changes
}

/// A semver bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing in the API changed.
    None,
    /// `x.y.Z`.
    Patch,
    /// `x.Y.0`.
    Minor,
    /// `X.0.0`.
    Major,
}

impl Bump {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// The version a crate should move to after `changes`, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The bump.
    pub bump: Bump,
    /// The version the crate has.
    pub from: String,
    /// The version it should get (`from` when nothing changed).
    pub to: String,
    /// One sentence on why, naming Cargo's 0.x rule when it applies.
    pub reason: String,
}

/// The bump Cargo's semver rules call for: below 1.0 the minor number is the breaking one
/// (0.1 → 0.2) and the patch number takes everything else; from 1.0 on, major and minor.
pub fn suggest_bump(changes: &[Change], version: &str) -> Result<Suggestion, String> {
    let parts: Vec<u64> = version
        .split(['-', '+'])
        .next()
        .unwrap_or_default()
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| format!("`{version}` is not a semver version MAJOR.MINOR.PATCH"))?;
    let [major, minor, patch] = parts[..] else {
        return Err(format!("`{version}` is not a semver version MAJOR.MINOR.PATCH"));
    };
    let worst = changes.iter().map(|c| c.severity).min();
    let (bump, reason) = match (worst, major, minor) {
        (None, ..) => (Bump::None, "the generated API does not change".to_owned()),
        (Some(Severity::Breaking), 0, 0) | (Some(_), 0, 0) => {
            (Bump::Patch, "below 0.1 every release is breaking for Cargo, and it is the patch number that moves".into())
        }
        (Some(Severity::Breaking), 0, _) => {
            (Bump::Minor, "breaking changes; the crate is 0.x, where the minor number is the breaking one".into())
        }
        (Some(Severity::Breaking), ..) => (Bump::Major, "breaking changes".into()),
        (Some(Severity::Compatible), 0, _) => {
            (Bump::Patch, "compatible changes only; the crate is 0.x, where the patch number takes them".into())
        }
        (Some(Severity::Compatible), ..) => (Bump::Minor, "compatible additions only".into()),
        (Some(Severity::Documentation), ..) => (Bump::Patch, "documentation changes only".into()),
    };
    let to = match bump {
        Bump::None => format!("{major}.{minor}.{patch}"),
        Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
        Bump::Minor => format!("{major}.{}.0", minor + 1),
        Bump::Major => format!("{}.0.0", major + 1),
    };
    Ok(Suggestion { bump, from: version.to_owned(), to, reason })
}

/// Old type name → new type name, for types whose definition is the same under another name.
fn type_renames(old: &Api, new: &Api) -> HashMap<String, String> {
    let old_names: HashSet<&str> = old.types.iter().map(|t| t.name.as_str()).collect();
    let new_names: HashSet<&str> = new.types.iter().map(|t| t.name.as_str()).collect();
    let removed: Vec<&TypeDef> = old.types.iter().filter(|t| !new_names.contains(t.name.as_str())).collect();
    let added: Vec<&TypeDef> = new.types.iter().filter(|t| !old_names.contains(t.name.as_str())).collect();
    let mut renames = HashMap::new();
    // Two rounds: a type that refers to a renamed type matches once that rename is known.
    for _ in 0..2 {
        let mut taken: HashSet<String> = renames.values().cloned().collect();
        for old_def in &removed {
            if renames.contains_key(&old_def.name) {
                continue;
            }
            let shape = shape(&old_def.kind, &renames);
            let found = added.iter().find(|n| !taken.contains(&n.name) && shape == shape_of(&n.kind));
            if let Some(new_def) = found {
                taken.insert(new_def.name.clone());
                renames.insert(old_def.name.clone(), new_def.name.clone());
            }
        }
    }
    renames
}

fn shape_of(kind: &TypeKind) -> TypeKind {
    shape(kind, &HashMap::new())
}

/// The kind without docs and pointers, with type names mapped through `renames`.
fn shape(kind: &TypeKind, renames: &HashMap<String, String>) -> TypeKind {
    let ty = |t: &TypeRef| renamed(t, renames);
    let mut kind = kind.clone();
    match &mut kind {
        TypeKind::Struct { fields, additional } => {
            for f in fields {
                f.doc = None;
                f.pointer.clear();
                f.ty = ty(&f.ty);
            }
            *additional = additional.as_ref().map(ty);
        }
        TypeKind::StringEnum { variants, .. } => {
            for v in variants {
                v.doc = None;
                v.pointer.clear();
            }
        }
        TypeKind::Untagged { variants } => variants.iter_mut().for_each(|v| v.ty = ty(&v.ty)),
        TypeKind::Tagged { variants, .. } => variants.iter_mut().for_each(|v| v.variant.ty = ty(&v.variant.ty)),
        TypeKind::IntEnum { .. } => {}
        TypeKind::Alias(alias) => *alias = ty(alias),
    }
    kind
}

/// `ty` with old type names replaced by their new names.
fn renamed(ty: &TypeRef, renames: &HashMap<String, String>) -> TypeRef {
    let name = |n: &String| renames.get(n).cloned().unwrap_or_else(|| n.clone());
    match ty {
        TypeRef::Named(n) => TypeRef::Named(name(n)),
        TypeRef::Boxed(n) => TypeRef::Boxed(name(n)),
        TypeRef::List(inner) => TypeRef::List(Box::new(renamed(inner, renames))),
        TypeRef::Tuple(members) => TypeRef::Tuple(members.iter().map(|m| renamed(m, renames)).collect()),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(renamed(inner, renames))),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(renamed(inner, renames))),
        other => other.clone(),
    }
}

/// How a type use reads in Rust.
pub fn rust_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::DateTime => "DateTime<Utc>".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::JsonObject => "serde_json::Map<String, Value>".into(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Boxed(name) => format!("Box<{name}>"),
        TypeRef::List(inner) => format!("Vec<{}>", rust_type(inner)),
        TypeRef::Tuple(members) => format!("({},)", members.iter().map(rust_type).collect::<Vec<_>>().join(", ")),
        TypeRef::Binary | TypeRef::Base64 => "Bytes".into(),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", rust_type(inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(inner)),
        TypeRef::External(path) => path.clone(),
    }
}

fn optional_type(ty: &TypeRef, optional: bool) -> String {
    if optional { format!("Option<{}>", rust_type(ty)) } else { rust_type(ty) }
}

/// How a field's type reads in Rust: `T`, `Option<T>`, or `Nullable<T>` when it has three states.
fn field_type(field: &crate::ir::Field) -> String {
    if field.three_state() {
        format!("Nullable<{}>", rust_type(&field.ty))
    } else {
        optional_type(&field.ty, field.optional)
    }
}

fn status_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(range) => format!("{range}XX"),
        StatusMatch::Default => "default".into(),
    }
}

fn body_name(body: Option<&BodyType>) -> String {
    match body {
        None => "no body".into(),
        Some(BodyType::Json(ty)) => format!("a `{}` body", rust_type(ty)),
        Some(BodyType::Text) => "a text body".into(),
        Some(BodyType::Binary) => "a binary body".into(),
    }
}

/// Why a new variant or field breaks code, said once.
const NEW_VARIANT_BREAKS: &str = "the enum is not #[non_exhaustive], so an exhaustive `match` on it stops compiling";
const NEW_FIELD_BREAKS: &str = "the struct is not #[non_exhaustive], so a struct literal that names every field stops \
     compiling";

struct Differ<'a> {
    old: &'a Api,
    new: &'a Api,
    renames: HashMap<String, String>,
    changes: Vec<Change>,
}

impl<'a> Differ<'a> {
    fn push(
        &mut self,
        kind: &'static str,
        severity: Severity,
        item: String,
        side: Side,
        pointer: &str,
        message: String,
    ) {
        self.changes.push(Change {
            kind,
            severity,
            item,
            message,
            side,
            pointer: pointer.to_owned(),
            file: None,
            position: None,
        });
    }

    fn same_type(&self, old: &TypeRef, new: &TypeRef) -> bool {
        renamed(old, &self.renames) == *new
    }

    /// A documentation change of `item`, which `what` describes in the message.
    fn doc_changed(&mut self, old: &Option<String>, new: &Option<String>, (item, what): (&str, &str), pointer: &str) {
        if old != new {
            let message = format!("the doc comment of {what} changes");
            self.push("documentation", Severity::Documentation, item.to_owned(), Side::New, pointer, message);
        }
    }

    /// The base URL constant and the credential setters.
    fn api_level(&mut self) {
        let (old, new) = (self.old, self.new);
        match (&old.default_base_url, &new.default_base_url) {
            (Some(_), None) => self.push(
                "base-url-removed",
                Severity::Breaking,
                "DEFAULT_BASE_URL".into(),
                Side::Old,
                "#/servers",
                "the spec names no server any more, so the constant `DEFAULT_BASE_URL` is removed".into(),
            ),
            (None, Some(url)) => self.push(
                "base-url-added",
                Severity::Compatible,
                "DEFAULT_BASE_URL".into(),
                Side::New,
                "#/servers/0",
                format!("new constant `DEFAULT_BASE_URL` = `{url}`"),
            ),
            (Some(a), Some(b)) if a != b => self.push(
                "base-url-changed",
                Severity::Compatible,
                "DEFAULT_BASE_URL".into(),
                Side::New,
                "#/servers/0/url",
                format!("`DEFAULT_BASE_URL` changes from `{a}` to `{b}`; clients built with it talk to the new server"),
            ),
            _ => {}
        }
        if old.description != new.description {
            self.push(
                "documentation",
                Severity::Documentation,
                "Client".into(),
                Side::New,
                "#/info/description",
                "the doc comment of `Client` changes".into(),
            );
        }
        for scheme in &old.security {
            match new.security.iter().find(|s| s.key == scheme.key) {
                None => self.push(
                    "security-scheme-removed",
                    Severity::Breaking,
                    format!("Client::{}", scheme.setter),
                    Side::Old,
                    &scheme.pointer,
                    format!("method `Client::{}` is removed with security scheme `{}`", scheme.setter, scheme.key),
                ),
                Some(now) => {
                    if now.setter != scheme.setter {
                        self.push(
                            "security-scheme-renamed",
                            Severity::Breaking,
                            format!("Client::{}", scheme.setter),
                            Side::New,
                            &now.pointer,
                            format!("method `Client::{}` is renamed to `Client::{}`", scheme.setter, now.setter),
                        );
                    }
                    if now.kind != scheme.kind {
                        self.push(
                            "security-scheme-changed",
                            Severity::Compatible,
                            format!("Client::{}", now.setter),
                            Side::New,
                            &now.pointer,
                            format!(
                                "security scheme `{}` is sent differently ({:?} → {:?}); \
                                 `Client::{}` keeps its signature",
                                now.key, scheme.kind, now.kind, now.setter
                            ),
                        );
                    }
                    let item = format!("Client::{}", now.setter);
                    self.doc_changed(&scheme.doc, &now.doc, (&item, &format!("`{item}`")), &now.pointer);
                }
            }
        }
        for scheme in &new.security {
            if !old.security.iter().any(|s| s.key == scheme.key) {
                self.push(
                    "security-scheme-added",
                    Severity::Compatible,
                    format!("Client::{}", scheme.setter),
                    Side::New,
                    &scheme.pointer,
                    format!("new method `Client::{}` for security scheme `{}`", scheme.setter, scheme.key),
                );
            }
        }
    }

    fn operations(&mut self) {
        let (old, new) = (self.old, self.new);
        let mut matched_new: HashSet<&str> = HashSet::new();
        let mut pairs: Vec<(&Operation, &Operation)> = Vec::new();
        let mut removed = Vec::new();
        for op in &old.operations {
            if let Some(now) = new.operations.iter().find(|n| n.name == op.name) {
                matched_new.insert(&now.name);
                pairs.push((op, now));
            } else {
                removed.push(op);
            }
        }
        let body_media = |op: &Operation| op.body.as_ref().map(|b| b.media);
        for op in removed {
            // Same method, path and body kind under another name: the operationId changed.
            let renamed = new.operations.iter().find(|n| {
                !matched_new.contains(n.name.as_str())
                    && !old.operations.iter().any(|o| o.name == n.name)
                    && n.method == op.method
                    && n.path == op.path
                    && body_media(n) == body_media(op)
            });
            match renamed {
                Some(now) => {
                    matched_new.insert(&now.name);
                    self.operation_renamed(op, now);
                    pairs.push((op, now));
                }
                None => self.push(
                    "operation-removed",
                    Severity::Breaking,
                    format!("Client::{}", op.name),
                    Side::Old,
                    &op.pointer,
                    format!("method `Client::{}` (`{} {}`) is removed", op.name, op.method.as_str(), op.path),
                ),
            }
        }
        for op in &new.operations {
            if !matched_new.contains(op.name.as_str()) {
                self.push(
                    "operation-added",
                    Severity::Compatible,
                    format!("Client::{}", op.name),
                    Side::New,
                    &op.pointer,
                    format!("new method `Client::{}` (`{} {}`)", op.name, op.method.as_str(), op.path),
                );
            }
        }
        // Report in the new spec's order.
        pairs.sort_by_key(|(_, now)| new.operations.iter().position(|o| o.name == now.name));
        for (op, now) in pairs {
            self.operation(op, now);
        }
    }

    fn operation_renamed(&mut self, op: &Operation, now: &Operation) {
        let mut also = Vec::new();
        for (what, a, b) in [("params", &op.params_type, &now.params_type), ("error", &op.error_type, &now.error_type)]
        {
            if let (Some(a), Some(b)) = (a, b)
                && a != b
            {
                also.push(format!("{what} type `{a}` → `{b}`"));
            }
        }
        if let (SuccessType::Enum(a), SuccessType::Enum(b)) = (&op.success_type, &now.success_type)
            && a != b
        {
            also.push(format!("response type `{a}` → `{b}`"));
        }
        let also = if also.is_empty() { String::new() } else { format!("; also renamed: {}", also.join(", ")) };
        self.push(
            "operation-renamed",
            Severity::Breaking,
            format!("Client::{}", op.name),
            Side::New,
            &now.pointer,
            format!(
                "method `Client::{}` is renamed to `Client::{}` because the operationId changed from `{}` to `{}` \
                 (`{} {}`){also}",
                op.name,
                now.name,
                op.id,
                now.id,
                now.method.as_str(),
                now.path
            ),
        );
    }

    fn operation(&mut self, op: &Operation, now: &Operation) {
        let method = format!("Client::{}", now.name);
        if op.method != now.method || op.path != now.path {
            self.push(
                "operation-request-changed",
                Severity::Compatible,
                method.clone(),
                Side::New,
                &now.pointer,
                format!(
                    "method `{method}` now sends `{} {}` instead of `{} {}`; its signature is unchanged",
                    now.method.as_str(),
                    now.path,
                    op.method.as_str(),
                    op.path
                ),
            );
        }
        self.doc_changed(&op.doc, &now.doc, (&method, &format!("`{method}`")), &now.pointer);
        self.path_params(op, now, &method);
        self.other_params(op, now, &method);
        self.argument_order(op, now, &method);
        self.body(op.body.as_ref(), now.body.as_ref(), &method);
        self.responses(op, now, &method);
        self.security(op, now, &method);
    }

    fn path_params(&mut self, op: &Operation, now: &Operation, method: &str) {
        for p in &op.path_params {
            if !now.path_params.iter().any(|n| n.name == p.name) {
                let message = format!("path argument `{}` of `{method}` is removed", p.name);
                self.push("parameter-removed", Severity::Breaking, method.into(), Side::Old, &p.pointer, message);
            }
        }
        for p in &now.path_params {
            match op.path_params.iter().find(|o| o.name == p.name) {
                None => {
                    let message = format!(
                        "new path argument `{}: {}` of `{method}`: every call must pass it",
                        p.name,
                        rust_type(&p.ty)
                    );
                    self.push("parameter-added", Severity::Breaking, method.into(), Side::New, &p.pointer, message);
                }
                Some(o) => self.parameter(o, p, (method, &format!("argument `{}` of `{method}`", p.name))),
            }
        }
    }

    /// The method's arguments are its path parameters and then its required query, header
    /// and cookie parameters; a change in the order of those both revisions have breaks calls.
    fn argument_order(&mut self, op: &Operation, now: &Operation, method: &str) {
        let order = |op: &Operation| {
            let required = op.other_params.iter().filter(|p| p.required);
            op.path_params.iter().chain(required).map(|p| p.name.clone()).collect::<Vec<_>>()
        };
        let (before, after) = (order(op), order(now));
        let mut kept_before = before.clone();
        kept_before.retain(|n| after.contains(n));
        let mut kept_after = after.clone();
        kept_after.retain(|n| before.contains(n));
        if kept_before != kept_after {
            self.push(
                "parameter-reordered",
                Severity::Breaking,
                method.into(),
                Side::New,
                &now.pointer,
                format!("the arguments of `{method}` change order: ({}) → ({})", before.join(", "), after.join(", ")),
            );
        }
    }

    /// Query, header and cookie parameters. A required one is an argument of the method; an
    /// optional one is a setter of the operation's call and a field of its `…Params`, both
    /// `#[non_exhaustive]` builders, so the call shape does not depend on how many there are.
    fn other_params(&mut self, op: &Operation, now: &Operation, method: &str) {
        let setter = |op: &Operation, p: &Parameter| {
            let params = op.params_type.as_deref().map_or(String::new(), |t| format!(" and field `{t}::{}`", p.name));
            format!("setter `{}::{}`{params}", op.call_type, p.name)
        };
        for p in &op.other_params {
            if !now.other_params.iter().any(|n| n.name == p.name) {
                let gone = if p.required { format!("argument `{}`", p.name) } else { setter(op, p) };
                let message = format!(
                    "{} `{}` of `{method}` is removed, and with it {gone}",
                    location_name(p.location),
                    p.wire_name
                );
                self.push("parameter-removed", Severity::Breaking, method.into(), Side::Old, &p.pointer, message);
            }
        }
        for p in &now.other_params {
            match op.other_params.iter().find(|o| o.name == p.name) {
                None if p.required => {
                    let message = format!(
                        "new required {} `{}`: `{method}` gains an argument `{}: {}`, and every call must pass it",
                        location_name(p.location),
                        p.wire_name,
                        p.name,
                        rust_type(&p.ty)
                    );
                    self.push("parameter-added", Severity::Breaking, method.into(), Side::New, &p.pointer, message);
                }
                None => {
                    let effect = if GENERATED_NON_EXHAUSTIVE.calls {
                        "existing calls are unchanged"
                    } else {
                        "but the call is not a builder, so every call must change"
                    };
                    let severity =
                        if GENERATED_NON_EXHAUSTIVE.calls { Severity::Compatible } else { Severity::Breaking };
                    let message = format!(
                        "new optional {} `{}` of `{method}`: new {}: `{}`; {effect}",
                        location_name(p.location),
                        p.wire_name,
                        setter(now, p),
                        optional_type(&p.ty, true)
                    );
                    self.push("parameter-added", severity, method.into(), Side::New, &p.pointer, message);
                }
                Some(o) => {
                    let item = if p.required { method.to_owned() } else { format!("{}::{}", now.call_type, p.name) };
                    self.parameter(
                        o,
                        p,
                        (&item, &format!("{} `{}` of `{method}`", location_name(p.location), p.wire_name)),
                    );
                    if o.location != p.location || o.wire_name != p.wire_name {
                        let message = format!(
                            "`{}` of `{method}` is now sent as {} `{}` instead of {} `{}`",
                            p.name,
                            location_name(p.location),
                            p.wire_name,
                            location_name(o.location),
                            o.wire_name
                        );
                        self.push("parameter-moved", Severity::Compatible, item, Side::New, &p.pointer, message);
                    }
                }
            }
        }
    }

    /// One parameter present in both revisions, `item` naming it for the message.
    fn parameter(&mut self, o: &Parameter, p: &Parameter, (item, what): (&str, &str)) {
        if !self.same_type(&o.ty, &p.ty) {
            let message = format!(
                "{what} changes type from `{}` to `{}`",
                optional_type(&o.ty, !o.required),
                optional_type(&p.ty, !p.required)
            );
            self.push("parameter-type-changed", Severity::Breaking, item.into(), Side::New, &p.pointer, message);
        } else if o.required != p.required {
            let (kind, change) = if p.required {
                ("parameter-required", "becomes required: it turns from a setter into an argument every call must pass")
            } else {
                ("parameter-optional", "becomes optional: it turns from an argument of the method into a setter")
            };
            let message = format!("{what} {change}");
            self.push(kind, Severity::Breaking, item.into(), Side::New, &p.pointer, message);
        }
        self.doc_changed(&o.doc, &p.doc, (item, what), &p.pointer);
    }

    /// A required body is an argument of the method; an optional one is the call's `body` setter.
    fn body(&mut self, old: Option<&RequestBody>, new: Option<&RequestBody>, method: &str) {
        let arg = |b: &RequestBody| {
            let ty = rust_type(&b.ty);
            if b.required { format!("argument `body: {ty}`") } else { format!("setter `body({ty})`") }
        };
        match (old, new) {
            (None, None) => {}
            (None, Some(b)) if b.required => {
                let message = format!("`{method}` gains a request body {}: every call must pass it", arg(b));
                self.push("request-body-added", Severity::Breaking, method.into(), Side::New, &b.pointer, message);
            }
            (None, Some(b)) => {
                let severity = if GENERATED_NON_EXHAUSTIVE.calls { Severity::Compatible } else { Severity::Breaking };
                let message = format!("`{method}` gains an optional request body, sent with the call's {}", arg(b));
                self.push("request-body-added", severity, method.into(), Side::New, &b.pointer, message);
            }
            (Some(b), None) => {
                let message = format!("`{method}` loses its request body {}", arg(b));
                self.push("request-body-removed", Severity::Breaking, method.into(), Side::Old, &b.pointer, message);
            }
            (Some(a), Some(b)) => {
                let type_changed = !self.same_type(&a.ty, &b.ty) || a.media != b.media;
                if type_changed || a.required != b.required {
                    let message = format!(
                        "the request body of `{method}` changes from {} ({}) to {} ({})",
                        arg(a),
                        a.media_type,
                        arg(b),
                        b.media_type
                    );
                    self.push(
                        "request-body-changed",
                        Severity::Breaking,
                        method.into(),
                        Side::New,
                        &b.pointer,
                        message,
                    );
                } else if a.media_type != b.media_type {
                    let message = format!(
                        "`{method}` sends its body as `{}` instead of `{}`; its signature is unchanged",
                        b.media_type, a.media_type
                    );
                    self.push(
                        "request-body-media-changed",
                        Severity::Compatible,
                        method.into(),
                        Side::New,
                        &b.pointer,
                        message,
                    );
                }
                self.doc_changed(&a.doc, &b.doc, (method, &format!("the request body of `{method}`")), &b.pointer);
            }
        }
    }

    fn responses(&mut self, op: &Operation, now: &Operation, method: &str) {
        let success_same = match (&op.success_type, &now.success_type) {
            (SuccessType::Single(BodyType::Json(a)), SuccessType::Single(BodyType::Json(b))) => self.same_type(a, b),
            (SuccessType::Enum(a), SuccessType::Enum(b)) => {
                // The enum keeps its name unless the operation was renamed; its variants are compared below.
                a == b || op.name != now.name
            }
            (a, b) => a == b,
        };
        let before = self.changes.len();
        let success_type = |op: &Operation| match &op.success_type {
            SuccessType::Unit => "()".to_owned(),
            SuccessType::Single(body) => match body {
                BodyType::Json(ty) => rust_type(ty),
                BodyType::Text => "String".into(),
                BodyType::Binary => "Vec<u8>".into(),
            },
            SuccessType::Enum(name) => name.clone(),
        };
        let old_ok = success_type(op);
        let new_ok = success_type(now);
        let success_enum = match &now.success_type {
            SuccessType::Enum(name) => Some(name.clone()),
            _ => None,
        };
        let context = ResponseSet {
            method,
            enum_name: success_enum.filter(|_| success_same),
            success: true,
            signature_change: (!success_same)
                .then(|| format!("`{method}` now returns `{new_ok}` instead of `{old_ok}`")),
        };
        self.response_set(&op.success, &now.success, &context);
        if !success_same && self.changes.len() == before {
            let message = format!("`{method}` now returns `{new_ok}` instead of `{old_ok}`");
            self.push("success-type-changed", Severity::Breaking, method.into(), Side::New, &now.pointer, message);
        }
        let error_same = op.error_type.is_some() == now.error_type.is_some();
        let error_name = |op: &Operation| op.error_type.clone().unwrap_or_else(|| "Infallible".into());
        let context = ResponseSet {
            method,
            enum_name: now.error_type.clone().filter(|_| error_same),
            success: false,
            signature_change: (!error_same).then(|| {
                format!("the error type of `{method}` changes from `{}` to `{}`", error_name(op), error_name(now))
            }),
        };
        self.response_set(&op.errors, &now.errors, &context);
    }

    /// Success or error responses, matched by status.
    fn response_set(&mut self, old: &[Response], new: &[Response], set: &ResponseSet<'_>) {
        let method = set.method;
        let item = |r: &Response| match &set.enum_name {
            Some(name) => format!("{name}::{}", r.variant),
            None => method.to_owned(),
        };
        let which = if set.success { "success" } else { "error" };
        for r in old {
            if !new.iter().any(|n| n.status == r.status) {
                let consequence = match (&set.signature_change, &set.enum_name) {
                    (Some(change), _) => change.clone(),
                    (None, Some(name)) => format!("variant `{name}::{}` is removed", r.variant),
                    (None, None) => format!("that status now ends in `Error::UnexpectedResponse` from `{method}`"),
                };
                let message =
                    format!("{which} status {} is no longer documented: {consequence}", status_name(r.status));
                self.push("response-removed", Severity::Breaking, item(r), Side::Old, &r.pointer, message);
            }
        }
        for r in new {
            match old.iter().find(|o| o.status == r.status) {
                None => {
                    let (severity, consequence) = match (&set.signature_change, &set.enum_name) {
                        (Some(change), _) => (Severity::Breaking, change.clone()),
                        (None, Some(name)) if !GENERATED_NON_EXHAUSTIVE.error_enums => {
                            (Severity::Breaking, format!("new variant `{name}::{}`; {NEW_VARIANT_BREAKS}", r.variant))
                        }
                        (None, Some(name)) => (
                            Severity::Compatible,
                            format!(
                                "new variant `{name}::{}` of a #[non_exhaustive] enum; the status used to be \
                                 `Error::UnexpectedResponse`",
                                r.variant
                            ),
                        ),
                        (None, None) => (
                            Severity::Compatible,
                            format!(
                                "`{method}` returns the same type for it, which used to be `Error::UnexpectedResponse`"
                            ),
                        ),
                    };
                    let message = format!(
                        "new documented {which} status {} with {}: {consequence}",
                        status_name(r.status),
                        body_name(r.body.as_ref())
                    );
                    self.push("response-added", severity, item(r), Side::New, &r.pointer, message);
                }
                Some(o) => {
                    let same_body = match (&o.body, &r.body) {
                        (Some(BodyType::Json(a)), Some(BodyType::Json(b))) => self.same_type(a, b),
                        (a, b) => a == b,
                    };
                    if !same_body {
                        let message = format!(
                            "the {which} status {} of `{method}` now has {} instead of {}",
                            status_name(r.status),
                            body_name(r.body.as_ref()),
                            body_name(o.body.as_ref())
                        );
                        self.push("response-changed", Severity::Breaking, item(r), Side::New, &r.pointer, message);
                    }
                    let what = format!("the {which} status {} of `{method}`", status_name(r.status));
                    self.doc_changed(&o.doc, &r.doc, (&item(r), &what), &r.pointer);
                }
            }
        }
    }

    fn security(&mut self, op: &Operation, now: &Operation, method: &str) {
        let keys = |api: &Api, op: &Operation| -> Vec<String> {
            let mut keys: Vec<String> =
                op.security.iter().flatten().filter_map(|&i| api.security.get(i)).map(|s| s.key.clone()).collect();
            keys.dedup();
            keys
        };
        let (before, after) = (keys(self.old, op), keys(self.new, now));
        for key in after.iter().filter(|k| !before.contains(k)) {
            let message = format!(
                "`{method}` now requires security scheme `{key}`: callers that do not set it get an error from \
                 the server"
            );
            self.push("security-added", Severity::Breaking, method.into(), Side::New, &now.security_pointer, message);
        }
        for key in before.iter().filter(|k| !after.contains(k)) {
            let message = format!("`{method}` no longer sends security scheme `{key}`");
            self.push(
                "security-removed",
                Severity::Compatible,
                method.into(),
                Side::Old,
                &op.security_pointer,
                message,
            );
        }
    }

    fn types(&mut self) {
        let (old, new) = (self.old, self.new);
        let reverse: HashMap<String, String> = self.renames.iter().map(|(a, b)| (b.clone(), a.clone())).collect();
        for def in &old.types {
            if !new.types.iter().any(|t| t.name == def.name) && !self.renames.contains_key(&def.name) {
                let message = format!("type `{}` is removed", def.name);
                self.push("type-removed", Severity::Breaking, def.name.clone(), Side::Old, &def.pointer, message);
            }
        }
        for def in &new.types {
            let old_name = reverse.get(&def.name).unwrap_or(&def.name);
            match old.types.iter().find(|t| &t.name == old_name) {
                Some(before) if before.name != def.name => {
                    let message = format!(
                        "type `{}` is renamed to `{}` (its definition is otherwise the same)",
                        before.name, def.name
                    );
                    self.push(
                        "type-renamed",
                        Severity::Breaking,
                        before.name.clone(),
                        Side::New,
                        &def.pointer,
                        message,
                    );
                    self.type_def(before, def);
                }
                Some(before) => self.type_def(before, def),
                None => {
                    let message = format!("new type `{}`", def.name);
                    self.push("type-added", Severity::Compatible, def.name.clone(), Side::New, &def.pointer, message);
                }
            }
        }
    }

    fn type_def(&mut self, old: &TypeDef, new: &TypeDef) {
        let name = &new.name;
        self.doc_changed(&old.doc, &new.doc, (name, &format!("`{name}`")), &new.pointer);
        match (&old.kind, &new.kind) {
            (
                TypeKind::Struct { fields: a, additional: extra_a },
                TypeKind::Struct { fields: b, additional: extra_b },
            ) => {
                self.fields(name, a, b);
                if extra_a.as_ref().map(|t| renamed(t, &self.renames)) != *extra_b {
                    let show = |t: &Option<TypeRef>| t.as_ref().map_or("none".to_owned(), rust_type);
                    let message = format!(
                        "the additional properties of `{name}` change from {} to {}",
                        show(extra_a),
                        show(extra_b)
                    );
                    self.push("field-type-changed", Severity::Breaking, name.clone(), Side::New, &new.pointer, message);
                }
            }
            (
                TypeKind::StringEnum { variants: a, fallback: fa },
                TypeKind::StringEnum { variants: b, fallback: fb },
            ) => {
                for v in a.iter().filter(|v| !b.iter().any(|n| n.value == v.value)) {
                    let item = format!("{name}::{}", v.name);
                    let message = format!(
                        "enum value `{}` is removed: variant `{item}` is gone, and the value now arrives as \
                         `{name}::{fb}`",
                        v.value
                    );
                    self.push("enum-value-removed", Severity::Breaking, item, Side::Old, &v.pointer, message);
                }
                for v in b {
                    let item = format!("{name}::{}", v.name);
                    match a.iter().find(|o| o.value == v.value) {
                        None => {
                            let (severity, effect) = if GENERATED_NON_EXHAUSTIVE.string_enums {
                                (
                                    Severity::Compatible,
                                    "the enum is #[non_exhaustive], so matches already have a `_` arm".to_owned(),
                                )
                            } else {
                                (Severity::Breaking, format!("but {NEW_VARIANT_BREAKS}"))
                            };
                            let message = format!(
                                "new enum value `{}`, variant `{item}`: the enum is open, so it used to arrive as \
                                 `{name}::{fa}(\"{}\")`; {effect}",
                                v.value, v.value
                            );
                            self.push("enum-value-added", severity, item, Side::New, &v.pointer, message);
                        }
                        Some(o) => {
                            if o.name != v.name {
                                let message = format!("variant `{name}::{}` is renamed to `{item}`", o.name);
                                self.push(
                                    "enum-value-renamed",
                                    Severity::Breaking,
                                    item.clone(),
                                    Side::New,
                                    &v.pointer,
                                    message,
                                );
                            }
                            self.doc_changed(&o.doc, &v.doc, (&item, &format!("`{item}`")), &v.pointer);
                        }
                    }
                }
                if fa != fb {
                    let message = format!("the catch-all variant `{name}::{fa}` is renamed to `{name}::{fb}`");
                    self.push("enum-value-renamed", Severity::Breaking, name.clone(), Side::New, &new.pointer, message);
                }
            }
            (TypeKind::IntEnum { values: a, .. }, TypeKind::IntEnum { values: b, .. }) => {
                for (c, v) in a.iter().filter(|(_, v)| !b.iter().any(|(_, n)| n == v)) {
                    let message = format!("enum value {v} is removed with constant `{name}::{c}`");
                    self.push(
                        "enum-value-removed",
                        Severity::Breaking,
                        format!("{name}::{c}"),
                        Side::Old,
                        &old.pointer,
                        message,
                    );
                }
                for (c, v) in b.iter().filter(|(_, v)| !a.iter().any(|(_, o)| o == v)) {
                    let message = format!(
                        "new enum value {v}, constant `{name}::{c}`: an integer enum is a newtype, so nothing \
                         matches on it exhaustively"
                    );
                    self.push(
                        "enum-value-added",
                        Severity::Compatible,
                        format!("{name}::{c}"),
                        Side::New,
                        &new.pointer,
                        message,
                    );
                }
            }
            (TypeKind::Untagged { variants: a }, TypeKind::Untagged { variants: b }) => {
                let a: Vec<_> = a.iter().map(|v| (v.name.clone(), v.ty.clone())).collect();
                let b: Vec<_> = b.iter().map(|v| (v.name.clone(), v.ty.clone())).collect();
                self.union_variants(name, &a, &b, (old, new), None);
            }
            (
                TypeKind::Tagged { variants: a, property: pa, .. },
                TypeKind::Tagged { variants: b, property: pb, fallback: fb },
            ) => {
                if pa != pb {
                    let message = format!("`{name}` is told apart by property `{pb}` instead of `{pa}`");
                    self.push("union-changed", Severity::Compatible, name.clone(), Side::New, &new.pointer, message);
                }
                let a: Vec<_> = a.iter().map(|v| (v.variant.name.clone(), v.variant.ty.clone())).collect();
                let b: Vec<_> = b.iter().map(|v| (v.variant.name.clone(), v.variant.ty.clone())).collect();
                self.union_variants(name, &a, &b, (old, new), Some(fb));
            }
            (TypeKind::Alias(a), TypeKind::Alias(b)) => {
                if !self.same_type(a, b) {
                    let message = format!("type `{name}` changes from `{}` to `{}`", rust_type(a), rust_type(b));
                    self.push("type-changed", Severity::Breaking, name.clone(), Side::New, &new.pointer, message);
                }
            }
            (a, b) => {
                let message = format!("type `{name}` changes from {} to {}", kind_name(a), kind_name(b));
                self.push("type-changed", Severity::Breaking, name.clone(), Side::New, &new.pointer, message);
            }
        }
    }

    fn fields(&mut self, name: &str, old: &[crate::ir::Field], new: &[crate::ir::Field]) {
        let old_pointer = |f: &crate::ir::Field| f.pointer.clone();
        for f in old.iter().filter(|f| !new.iter().any(|n| n.name == f.name)) {
            let item = format!("{name}::{}", f.name);
            let message = format!("field `{item}` is removed ({})", f.described());
            self.push("field-removed", Severity::Breaking, item, Side::Old, &old_pointer(f), message);
        }
        let lost_default = crate::ir::implements_default(old) && !crate::ir::implements_default(new);
        for f in new {
            let item = format!("{name}::{}", f.name);
            match old.iter().find(|o| o.name == f.name) {
                None => {
                    let default = if lost_default && !f.may_be_absent && f.constant.is_none() {
                        format!("; `{name}` no longer implements Default")
                    } else {
                        String::new()
                    };
                    let (severity, effect) = if f.optional && GENERATED_NON_EXHAUSTIVE.structs {
                        (
                            Severity::Compatible,
                            format!(
                                "a new setter `{name}::with_{}`; the struct is #[non_exhaustive], so code builds it \
                                 with `new` and setters, and that code is unchanged",
                                f.name.trim_start_matches("r#")
                            ),
                        )
                    } else if f.optional {
                        (Severity::Breaking, NEW_FIELD_BREAKS.to_owned())
                    } else if let Some(constant) = f.constant.as_ref().filter(|_| GENERATED_NON_EXHAUSTIVE.structs) {
                        (
                            Severity::Compatible,
                            format!(
                                "`{name}::new` sets it to `{}`, the one value it may hold, so code that builds the \
                                 struct is unchanged",
                                constant.value
                            ),
                        )
                    } else {
                        (Severity::Breaking, format!("`{name}::new` gains an argument every caller must pass"))
                    };
                    let required = if f.optional { "optional" } else { "required" };
                    let message = format!(
                        "new {required} field `{item}: {}` ({}): {effect}{default}",
                        field_type(f),
                        f.described()
                    );
                    self.push("field-added", severity, item, Side::New, &f.pointer, message);
                }
                Some(o) => {
                    let (before, after) = (field_type(o), field_type(f));
                    if !self.same_type(&o.ty, &f.ty) {
                        let message = format!("field `{item}` changes type from `{before}` to `{after}`");
                        self.push(
                            "field-type-changed",
                            Severity::Breaking,
                            item.clone(),
                            Side::New,
                            &f.pointer,
                            message,
                        );
                    } else if o.optional != f.optional {
                        let (kind, why) = if f.optional {
                            ("field-optional", "the property became nullable or not required")
                        } else {
                            ("field-required", "the property became required and not nullable")
                        };
                        let message = format!("field `{item}` changes type from `{before}` to `{after}`: {why}");
                        self.push(kind, Severity::Breaking, item.clone(), Side::New, &f.pointer, message);
                    }
                    let constant_change = match (&o.constant, &f.constant) {
                        _ if !self.same_type(&o.ty, &f.ty) => None,
                        (None, Some(constant)) if !o.optional => Some(format!(
                            "field `{item}` may now hold only `{}`, which `{name}::new` fills in: `new` loses an \
                             argument",
                            constant.value
                        )),
                        (Some(constant), None) if !f.optional => Some(format!(
                            "field `{item}` may now hold other values than `{}`: `{name}::new` gains an argument \
                             every caller must pass",
                            constant.value
                        )),
                        _ => None,
                    };
                    if let Some(message) = constant_change {
                        self.push("field-constant", Severity::Breaking, item.clone(), Side::New, &f.pointer, message);
                    }
                    if o.wire_name != f.wire_name || o.flatten != f.flatten {
                        let message = format!(
                            "field `{item}` is read and written as {} instead of {}",
                            f.described(),
                            o.described()
                        );
                        self.push(
                            "field-wire-name-changed",
                            Severity::Compatible,
                            item.clone(),
                            Side::New,
                            &f.pointer,
                            message,
                        );
                    }
                    self.doc_changed(&o.doc, &f.doc, (&item, &format!("`{item}`")), &f.pointer);
                }
            }
        }
    }

    fn union_variants(
        &mut self,
        name: &str,
        old: &[(String, TypeRef)],
        new: &[(String, TypeRef)],
        (old_def, def): (&TypeDef, &TypeDef),
        fallback: Option<&String>,
    ) {
        for (v, _) in old.iter().filter(|(v, _)| !new.iter().any(|(n, _)| n == v)) {
            let item = format!("{name}::{v}");
            let message = format!("variant `{item}` is removed");
            self.push("union-variant-removed", Severity::Breaking, item, Side::Old, &old_def.pointer, message);
        }
        for (v, ty) in new {
            let item = format!("{name}::{v}");
            match old.iter().find(|(o, _)| o == v) {
                None => {
                    let (severity, effect) = match fallback {
                        Some(fallback) if GENERATED_NON_EXHAUSTIVE.tagged_unions => (
                            Severity::Compatible,
                            format!(
                                "its tag used to arrive as the catch-all `{name}::{fallback}`, and the enum is \
                                 #[non_exhaustive], so matches already have a `_` arm"
                            ),
                        ),
                        Some(_) => (Severity::Breaking, NEW_VARIANT_BREAKS.to_owned()),
                        None if GENERATED_NON_EXHAUSTIVE.untagged_unions => (
                            Severity::Compatible,
                            "the enum is #[non_exhaustive], so matches already have a `_` arm".to_owned(),
                        ),
                        None => (
                            Severity::Breaking,
                            format!(
                                "{NEW_VARIANT_BREAKS}, and JSON that decoded as an earlier alternative may now \
                                 decode as this one"
                            ),
                        ),
                    };
                    let message = format!("new variant `{item}({})`: {effect}", rust_type(ty));
                    self.push("union-variant-added", severity, item, Side::New, &def.pointer, message);
                }
                Some((_, o)) if !self.same_type(o, ty) => {
                    let message = format!("variant `{item}` holds `{}` instead of `{}`", rust_type(ty), rust_type(o));
                    self.push("union-variant-changed", Severity::Breaking, item, Side::New, &def.pointer, message);
                }
                Some(_) => {}
            }
        }
    }
}

/// How a set of responses surfaces in Rust.
struct ResponseSet<'m> {
    method: &'m str,
    /// The enum whose variants the responses are, when the set keeps its type.
    enum_name: Option<String>,
    success: bool,
    /// Set when the method's success or error type itself changes.
    signature_change: Option<String>,
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct { .. } => "a struct",
        TypeKind::StringEnum { .. } => "a string enum",
        TypeKind::Untagged { .. } | TypeKind::Tagged { .. } => "a union enum",
        TypeKind::IntEnum { .. } => "an integer enum",
        TypeKind::Alias(_) => "an alias",
    }
}
