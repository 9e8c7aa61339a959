//! The configuration file, `oaswire.toml`: which operations to generate, derives beyond the
//! generator's own, schemas replaced by the user's Rust types, renamed items, and a Cargo feature
//! per tag. The `oaswire` tool and [`crate::files::Builder`] read it the same way.
//!
//! ```toml
//! spec = "openapi.yaml"          # relative to this file; `--spec` overrides it
//! derives = ["Eq", "Hash"]       # on every generated type that can hold them
//!
//! [package]                      # the crate `oaswire generate --out` creates
//! name = "petstore-client"
//! version = "0.1.0"
//!
//! [filter]                       # the operations to generate: those matching any include
//! tags = ["pets"]                #   (all when none is given), less those matching an exclude
//! operation-ids = ["getInventory"]
//! paths = ["/store/**"]          # globs: `*` is one path segment, `**` any number
//! exclude-tags = []
//! exclude-operation-ids = ["deletePet"]
//! exclude-paths = []
//!
//! [types.Pet]                    # a schema of `components.schemas`, by its name in the spec
//! rename = "Animal"
//! derives = ["PartialOrd"]       # on this type, whatever it holds
//! [types.Money]
//! replace = "crate::money::Money"   # the user's type is used wherever the schema is
//!
//! [operations.findPets]          # an operation, by its operationId
//! rename = "list_pets"
//!
//! [features]
//! per-tag = true                 # one Cargo feature per tag, all on by default
//! ```
//!
//! Parsing is pure: the caller reads the file. Every mistake, an unknown key included, is a
//! [`Diagnostic`] located in the configuration file, and a setting that names a schema, tag,
//! operation or path the spec lacks is an error, so a typo never silently does nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::ir::{Api, BodyType, Operation, SuccessType, TypeDef, TypeKind, TypeRef};

/// The name the tools look for.
pub const FILE_NAME: &str = "oaswire.toml";

/// A parsed configuration, with the text it came from so its diagnostics can point into it.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file's name, as diagnostics show it.
    pub file: String,
    /// The file's text.
    pub text: String,
    raw: Raw,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    spec: Option<Spanned<String>>,
    #[serde(default)]
    derives: Vec<Spanned<String>>,
    package: Option<Package>,
    #[serde(default)]
    filter: Filter,
    #[serde(default)]
    types: BTreeMap<Spanned<String>, TypeSettings>,
    #[serde(default)]
    operations: BTreeMap<Spanned<String>, OperationSettings>,
    #[serde(default)]
    features: Features,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Package {
    name: Option<Spanned<String>>,
    version: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Filter {
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    operation_ids: Vec<Spanned<String>>,
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    exclude_tags: Vec<Spanned<String>>,
    #[serde(default)]
    exclude_operation_ids: Vec<Spanned<String>>,
    #[serde(default)]
    exclude_paths: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TypeSettings {
    rename: Option<Spanned<String>>,
    replace: Option<Spanned<String>>,
    #[serde(default)]
    derives: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct OperationSettings {
    rename: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Features {
    #[serde(default)]
    per_tag: bool,
}

/// A Cargo feature the client declares: it compiles the operations of one tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The feature's name, the tag in kebab case.
    pub name: String,
    /// The tag, as the spec writes it.
    pub tag: String,
}

/// Derives the generator writes on every type of that kind; asking for them again is harmless.
const ALWAYS_DERIVED: &[&str] = &["Debug", "Clone", "PartialEq", "serde::Serialize", "serde::Deserialize"];

impl Config {
    /// Parses the configuration `text`, read from `file`.
    pub fn parse(file: impl Into<String>, text: impl Into<String>) -> Result<Config, Diagnostics> {
        let file = file.into();
        let text = text.into();
        let raw: Raw = toml::from_str(&text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let message = format!("{} (see the keys `oaswire_codegen::config` documents)", e.message().trim_end());
            let mut diagnostic = Diagnostic::error("config", "", message);
            diagnostic.file = Some(file.clone());
            diagnostic.position = Some(position(&text, span.start));
            Diagnostics(vec![diagnostic])
        })?;
        let config = Config { file, text, raw };
        let mut errors = Vec::new();
        config.check_syntax(&mut errors);
        if errors.is_empty() { Ok(config) } else { Err(Diagnostics(errors)) }
    }

    /// The spec the file names, relative to the file's folder.
    pub fn spec(&self) -> Option<&str> {
        self.raw.spec.as_ref().map(|s| s.get_ref().as_str())
    }

    /// `package.name`: the crate's name.
    pub fn package_name(&self) -> Option<&str> {
        self.raw.package.as_ref()?.name.as_ref().map(|s| s.get_ref().as_str())
    }

    /// `package.version`: the crate's version.
    pub fn package_version(&self) -> Option<&str> {
        self.raw.package.as_ref()?.version.as_ref().map(|s| s.get_ref().as_str())
    }

    fn error(&self, at: &Spanned<String>, message: String) -> Diagnostic {
        let mut diagnostic = Diagnostic::error("config", key_at(&self.text, at.span().start), message);
        diagnostic.file = Some(self.file.clone());
        diagnostic.position = Some(position(&self.text, at.span().start));
        diagnostic
    }

    /// Checks what can be checked without the spec: names and paths are Rust, globs parse.
    fn check_syntax(&self, errors: &mut Vec<Diagnostic>) {
        let raw = &self.raw;
        let mut require = |value: &Spanned<String>, valid: bool, what: &str| {
            if !valid {
                errors.push(self.error(value, format!("`{}` is not {what}", value.get_ref())));
            }
        };
        let package = raw.package.as_ref();
        if let Some(name) = package.and_then(|p| p.name.as_ref()) {
            let text = name.get_ref();
            let valid = text.starts_with(|c: char| c.is_ascii_alphabetic())
                && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            require(name, valid, "a crate name: use letters, digits, `-` and `_`, starting with a letter");
        }
        if let Some(version) = package.and_then(|p| p.version.as_ref()) {
            let text = version.get_ref();
            let core = text.split(['-', '+']).next().unwrap_or("");
            let numbers: Vec<&str> = core.split('.').collect();
            let valid = numbers.len() == 3
                && numbers.iter().all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                && text.chars().all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c));
            require(version, valid, "a semantic version such as `0.1.0`");
        }
        for derive in raw.derives.iter().chain(raw.types.values().flat_map(|t| &t.derives)) {
            let valid = syn::parse_str::<syn::Path>(derive.get_ref()).is_ok();
            require(derive, valid, "a Rust path such as `Hash` or `schemars::JsonSchema`");
        }
        for (name, settings) in &raw.types {
            if let Some(replace) = &settings.replace {
                let valid = syn::parse_str::<syn::Path>(replace.get_ref()).is_ok();
                require(replace, valid, "a Rust type path such as `crate::money::Money`");
                let alone = settings.rename.is_none() && settings.derives.is_empty();
                require(name, alone, "renamed or given derives: it is replaced by a type of yours");
            }
        }
        let renames = raw.types.values().filter_map(|t| t.rename.as_ref());
        for rename in renames.chain(raw.operations.values().filter_map(|o| o.rename.as_ref())) {
            require(rename, is_identifier(rename.get_ref()), "a Rust identifier");
        }
        for glob in raw.filter.paths.iter().chain(&raw.filter.exclude_paths) {
            if let Err(e) = path_glob(glob.get_ref()) {
                require(glob, false, &format!("a path glob: {}", e.kind()));
            }
        }
    }

    /// Applies the configuration to the lowered `api`. Settings that name what the spec lacks
    /// are errors; so are renames that would collide.
    pub fn apply(&self, api: &mut Api) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        self.filter(api, &mut errors);
        self.rename_operations(api, &mut errors);
        let schemas = component_schemas(api);
        for name in self.raw.types.keys() {
            if !schemas.contains_key(name.get_ref()) {
                let known = schemas.keys().map(String::as_str).collect::<Vec<_>>();
                let message = format!(
                    "no schema `{}` in `components.schemas`{}",
                    name.get_ref(),
                    suggestion(name.get_ref(), &known)
                );
                errors.push(self.error(name, message));
            }
        }
        self.replace_and_rename_types(api, &schemas, &mut errors);
        self.derive(api, &schemas);
        if self.raw.features.per_tag {
            gate_by_tag(api);
        }
        errors
    }

    fn filter(&self, api: &mut Api, errors: &mut Vec<Diagnostic>) {
        let filter = &self.raw.filter;
        let mut tags: BTreeSet<&str> =
            api.operations.iter().flat_map(|op| op.tags.iter().map(String::as_str)).collect();
        tags.extend(api.tags.iter().map(String::as_str));
        let tags: Vec<&str> = tags.into_iter().collect();
        for tag in filter.tags.iter().chain(&filter.exclude_tags) {
            if !tags.contains(&tag.get_ref().as_str()) {
                errors.push(self.error(
                    tag,
                    format!("no operation has the tag `{}`{}", tag.get_ref(), suggestion(tag.get_ref(), &tags)),
                ));
            }
        }
        let ids: Vec<&str> = api.operations.iter().map(|op| op.id.as_str()).collect();
        for id in filter.operation_ids.iter().chain(&filter.exclude_operation_ids).chain(self.raw.operations.keys()) {
            if !ids.contains(&id.get_ref().as_str()) {
                errors.push(self.error(
                    id,
                    format!("no operation has the operationId `{}`{}", id.get_ref(), suggestion(id.get_ref(), &ids)),
                ));
            }
        }
        let globs = |list: &[Spanned<String>], errors: &mut Vec<Diagnostic>| -> Vec<globset::GlobMatcher> {
            list.iter()
                .filter_map(|glob| {
                    let matcher = path_glob(glob.get_ref()).ok()?;
                    if !api.operations.iter().any(|op| matcher.is_match(&op.path)) {
                        errors.push(self.error(glob, format!("no path matches `{}`", glob.get_ref())));
                    }
                    Some(matcher)
                })
                .collect()
        };
        let include_paths = globs(&filter.paths, errors);
        let exclude_paths = globs(&filter.exclude_paths, errors);
        let has = |list: &[Spanned<String>], value: &str| list.iter().any(|x| x.get_ref() == value);
        let includes = !filter.tags.is_empty() || !filter.operation_ids.is_empty() || !filter.paths.is_empty();
        let excludes = !filter.exclude_tags.is_empty()
            || !filter.exclude_operation_ids.is_empty()
            || !filter.exclude_paths.is_empty();
        if !includes && !excludes {
            return;
        }
        let before = api.operations.len();
        api.operations.retain(|op| {
            let included = !includes
                || op.tags.iter().any(|t| has(&filter.tags, t))
                || has(&filter.operation_ids, &op.id)
                || include_paths.iter().any(|m| m.is_match(&op.path));
            let excluded = op.tags.iter().any(|t| has(&filter.exclude_tags, t))
                || has(&filter.exclude_operation_ids, &op.id)
                || exclude_paths.iter().any(|m| m.is_match(&op.path));
            included && !excluded
        });
        if api.operations.is_empty() && before > 0 && errors.is_empty() {
            let mut diagnostic = Diagnostic::error("config", "", "`[filter]` selects no operation".to_owned());
            diagnostic.file = Some(self.file.clone());
            diagnostic.position = self.text.find("[filter]").map(|at| position(&self.text, at));
            errors.push(diagnostic);
        }
        prune_types(api);
    }

    fn rename_operations(&self, api: &mut Api, errors: &mut Vec<Diagnostic>) {
        let mut taken: HashSet<String> = api.operations.iter().map(|op| op.name.clone()).collect();
        let mut type_names: HashSet<String> = all_type_names(api);
        let api_setters: HashSet<String> = api
            .security
            .iter()
            .flat_map(|s| std::iter::once(s.setter.clone()).chain(s.provider_setter.clone()))
            .collect();
        for (id, settings) in &self.raw.operations {
            let Some(rename) = &settings.rename else { continue };
            let Some(op) = api.operations.iter_mut().find(|op| op.id == *id.get_ref()) else { continue };
            let new = rename.get_ref().clone();
            if new == op.name {
                continue;
            }
            if taken.contains(&new)
                || crate::lower::CLIENT_METHODS.contains(&new.as_str())
                || api_setters.contains(&new)
            {
                errors.push(self.error(rename, format!("the client already has a method `{new}`")));
                continue;
            }
            let old_base = crate::names::pascal(crate::names::bare(&op.name));
            let new_base = crate::names::pascal(&new);
            let mut renames = Vec::new();
            let mut names: Vec<&mut String> = vec![&mut op.call_type];
            names.extend(op.params_type.as_mut());
            names.extend(op.error_type.as_mut());
            if let SuccessType::Enum(name) = &mut op.success_type {
                names.push(name);
            }
            let mut clash = None;
            for name in &names {
                if let Some(rest) = name.strip_prefix(&old_base) {
                    let renamed = format!("{new_base}{rest}");
                    if type_names.contains(&renamed) {
                        clash = Some(renamed.clone());
                    }
                    renames.push(renamed);
                } else {
                    renames.push((**name).clone());
                }
            }
            if let Some(clash) = clash {
                errors.push(self.error(
                    rename,
                    format!("renaming `{}` to `{new}` would name a type `{clash}`, which another type has", op.name),
                ));
                continue;
            }
            for (name, renamed) in names.into_iter().zip(renames) {
                type_names.remove(name.as_str());
                type_names.insert(renamed.clone());
                *name = renamed;
            }
            taken.remove(&op.name);
            taken.insert(new.clone());
            op.name = new;
        }
    }

    fn replace_and_rename_types(&self, api: &mut Api, schemas: &HashMap<String, String>, errors: &mut Vec<Diagnostic>) {
        let mut replaced: HashMap<String, String> = HashMap::new();
        let mut renamed: HashMap<String, String> = HashMap::new();
        let mut taken = all_type_names(api);
        for name in crate::lower::RESERVED_TYPE_NAMES {
            taken.insert((*name).to_owned());
        }
        for (schema, settings) in &self.raw.types {
            let Some(rust) = schemas.get(schema.get_ref()) else { continue };
            if let Some(path) = &settings.replace {
                replaced.insert(rust.clone(), path.get_ref().clone());
            } else if let Some(rename) = &settings.rename {
                let new = rename.get_ref();
                if new != rust && taken.contains(new) {
                    errors.push(self.error(rename, format!("`{new}` is already the name of a type in the client")));
                    continue;
                }
                taken.insert(new.clone());
                renamed.insert(rust.clone(), new.clone());
            }
        }
        if replaced.is_empty() && renamed.is_empty() {
            return;
        }
        api.types.retain(|def| !replaced.contains_key(&def.name));
        for def in &mut api.types {
            if let Some(new) = renamed.get(&def.name) {
                def.name = new.clone();
            }
        }
        api.for_each_type_ref(&mut |ty| {
            let (TypeRef::Named(name) | TypeRef::Boxed(name)) = ty else { return };
            if let Some(path) = replaced.get(name) {
                *ty = TypeRef::External(path.clone());
            } else if let Some(new) = renamed.get(name) {
                *name = new.clone();
            }
        });
    }

    fn derive(&self, api: &mut Api, schemas: &HashMap<String, String>) {
        let wanted = |list: &[Spanned<String>]| -> Vec<String> {
            list.iter().map(|d| d.get_ref().clone()).filter(|d| !ALWAYS_DERIVED.contains(&d.as_str())).collect()
        };
        let everywhere = wanted(&self.raw.derives);
        let mut per_type: HashMap<String, Vec<String>> = HashMap::new();
        for (schema, settings) in &self.raw.types {
            let Some(rust) = schemas.get(schema.get_ref()) else { continue };
            let rust = self
                .raw
                .types
                .get(schema)
                .and_then(|s| s.rename.as_ref())
                .map_or(rust.clone(), |r| r.get_ref().clone());
            per_type.insert(rust, wanted(&settings.derives));
        }
        if everywhere.is_empty() && per_type.is_empty() {
            return;
        }
        let capabilities = Capabilities::of(&api.types);
        for def in &mut api.types {
            if matches!(def.kind, TypeKind::Alias(_)) {
                continue;
            }
            let mut derives: Vec<String> =
                everywhere.iter().filter(|d| capabilities.can_derive(&def.name, d)).cloned().collect();
            derives.extend(per_type.get(&def.name).into_iter().flatten().cloned());
            let own = own_derives(&def.kind);
            let mut seen = HashSet::new();
            derives.retain(|d| !own.contains(&d.as_str()) && seen.insert(d.clone()));
            def.derives = derives;
        }
    }
}

impl Api {
    /// Calls `f` on every type use: in types, parameters, bodies and responses.
    pub fn for_each_type_ref(&mut self, f: &mut dyn FnMut(&mut TypeRef)) {
        fn walk(ty: &mut TypeRef, f: &mut dyn FnMut(&mut TypeRef)) {
            match ty {
                TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => walk(inner, f),
                TypeRef::Tuple(members) => members.iter_mut().for_each(|m| walk(m, f)),
                _ => {}
            }
            f(ty);
        }
        for def in &mut self.types {
            match &mut def.kind {
                TypeKind::Struct { fields, additional } => {
                    fields.iter_mut().for_each(|field| walk(&mut field.ty, f));
                    additional.iter_mut().for_each(|ty| walk(ty, f));
                }
                TypeKind::Untagged { variants } => variants.iter_mut().for_each(|v| walk(&mut v.ty, f)),
                TypeKind::Tagged { variants, .. } => variants.iter_mut().for_each(|v| walk(&mut v.variant.ty, f)),
                TypeKind::Alias(ty) => walk(ty, f),
                TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => {}
            }
        }
        for op in &mut self.operations {
            op.for_each_type_ref(&mut |ty| walk(ty, f));
        }
        for webhook in &mut self.webhooks {
            webhook.payload.iter_mut().for_each(|ty| walk(ty, f));
        }
    }
}

impl Operation {
    /// Calls `f` on every type use of the operation, outermost: parameters, body, responses.
    fn for_each_type_ref(&mut self, f: &mut dyn FnMut(&mut TypeRef)) {
        self.path_params.iter_mut().chain(&mut self.other_params).for_each(|p| f(&mut p.ty));
        self.body.iter_mut().for_each(|b| f(&mut b.ty));
        for response in self.success.iter_mut().chain(&mut self.errors) {
            if let Some(BodyType::Json(ty)) = &mut response.body {
                f(ty);
            }
        }
        if let SuccessType::Single(BodyType::Json(ty)) = &mut self.success_type {
            f(ty);
        }
    }

    /// The named types the operation uses directly.
    fn named_types(&self) -> Vec<String> {
        let mut names = Vec::new();
        self.clone().for_each_type_ref(&mut |ty| named_in(ty, &mut names));
        names
    }
}

fn named_in(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name) | TypeRef::Boxed(name) => out.push(name.clone()),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named_in(inner, out),
        TypeRef::Tuple(members) => members.iter().for_each(|m| named_in(m, out)),
        _ => {}
    }
}

/// The named types `def` uses directly.
fn uses(def: &TypeDef) -> Vec<String> {
    let mut names = Vec::new();
    match &def.kind {
        TypeKind::Struct { fields, additional } => {
            fields.iter().for_each(|field| named_in(&field.ty, &mut names));
            additional.iter().for_each(|ty| named_in(ty, &mut names));
        }
        TypeKind::Untagged { variants } => variants.iter().for_each(|v| named_in(&v.ty, &mut names)),
        TypeKind::Tagged { variants, .. } => variants.iter().for_each(|v| named_in(&v.variant.ty, &mut names)),
        TypeKind::Alias(ty) => named_in(ty, &mut names),
        TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => {}
    }
    names
}

/// The types reachable from `roots`, with `roots`.
fn reachable(types: &[TypeDef], roots: impl IntoIterator<Item = String>) -> HashSet<String> {
    let by_name: HashMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut seen = HashSet::new();
    let mut stack: Vec<String> = roots.into_iter().collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(def) = by_name.get(name.as_str()) {
            stack.extend(uses(def));
        }
    }
    seen
}

/// Drops the types no remaining operation or webhook reaches.
fn prune_types(api: &mut Api) {
    let mut roots: Vec<String> = api.operations.iter().flat_map(Operation::named_types).collect();
    api.webhooks.iter().filter_map(|w| w.payload.as_ref()).for_each(|ty| named_in(ty, &mut roots));
    let keep = reachable(&api.types, roots);
    api.types.retain(|def| keep.contains(&def.name));
}

/// The Rust names of the types generated for `components.schemas`, by schema name.
fn component_schemas(api: &Api) -> HashMap<String, String> {
    api.types
        .iter()
        .filter_map(|def| {
            let token = def.pointer.strip_prefix("#/components/schemas/")?;
            (!token.contains('/')).then(|| (token.replace("~1", "/").replace("~0", "~"), def.name.clone()))
        })
        .collect()
}

/// Every type name the client defines, schemas and each operation's own.
fn all_type_names(api: &Api) -> HashSet<String> {
    let mut names: HashSet<String> = api.types.iter().map(|t| crate::names::bare(&t.name).to_owned()).collect();
    for op in &api.operations {
        names.insert(op.call_type.clone());
        names.extend(op.params_type.iter().cloned());
        names.extend(op.error_type.iter().cloned());
        if let SuccessType::Enum(name) = &op.success_type {
            names.insert(name.clone());
        }
    }
    names
}

/// One feature per tag, in the order tags first appear on operations.
pub(crate) fn tag_features(api: &Api) -> Vec<Feature> {
    let mut features: Vec<Feature> = Vec::new();
    let mut names = HashSet::new();
    for tag in api.operations.iter().flat_map(|op| &op.tags) {
        if features.iter().any(|f| &f.tag == tag) {
            continue;
        }
        let base = crate::names::snake(tag).trim_start_matches("r#").trim_matches('_').replace('_', "-");
        let base =
            if base.is_empty() || base == "default" || base == OTHER_SCHEMAS { format!("tag-{base}") } else { base };
        let mut name = base.clone();
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{base}-{n}");
            n += 1;
        }
        features.push(Feature { name, tag: tag.clone() });
    }
    features
}

/// The feature of the schemas no operation uses (a spec's webhook payloads, say), and of what only
/// they reach.
pub const OTHER_SCHEMAS: &str = "other-schemas";

/// Puts each tagged operation behind the features of its tags, and each type behind the features
/// of the operations that reach it. A type an untagged operation reaches is always compiled; one
/// that no operation reaches is behind [`OTHER_SCHEMAS`].
fn gate_by_tag(api: &mut Api) {
    let features = tag_features(api);
    let feature_of = |tag: &String| features.iter().find(|f| &f.tag == tag).map(|f| f.name.clone());
    let mut type_features: HashMap<String, Option<BTreeSet<String>>> = HashMap::new();
    for op in &mut api.operations {
        op.features = op.tags.iter().filter_map(feature_of).collect();
    }
    for op in &api.operations {
        for name in reachable(&api.types, op.named_types()) {
            let entry = type_features.entry(name).or_insert_with(|| Some(BTreeSet::new()));
            match (entry.as_mut(), op.features.is_empty()) {
                (Some(set), false) => set.extend(op.features.iter().cloned()),
                _ => *entry = None,
            }
        }
    }
    let unreached: Vec<String> =
        api.types.iter().filter(|def| !type_features.contains_key(&def.name)).map(|def| def.name.clone()).collect();
    for name in reachable(&api.types, unreached) {
        let entry = type_features.entry(name).or_insert_with(|| Some(BTreeSet::new()));
        if let Some(set) = entry {
            set.insert(OTHER_SCHEMAS.to_owned());
        }
    }
    for def in &mut api.types {
        if let Some(Some(set)) = type_features.get(&def.name) {
            def.features = set.iter().cloned().collect();
        }
    }
}

/// The derives the generator already writes for a kind of type.
fn own_derives(kind: &TypeKind) -> &'static [&'static str] {
    match kind {
        TypeKind::StringEnum { .. } => &[
            "Debug",
            "Clone",
            "PartialEq",
            "Eq",
            "Hash",
            "serde::Serialize",
            "serde::Deserialize",
            "Serialize",
            "Deserialize",
        ],
        TypeKind::IntEnum { .. } => &[
            "Debug",
            "Clone",
            "Copy",
            "PartialEq",
            "Eq",
            "Hash",
            "serde::Serialize",
            "serde::Deserialize",
            "Serialize",
            "Deserialize",
        ],
        _ => &["Debug", "Clone", "PartialEq", "serde::Serialize", "serde::Deserialize", "Serialize", "Deserialize"],
    }
}

/// Which of the standard library's comparison derives each type can hold: a float has no `Eq`,
/// `Hash` or `Ord`; `serde_json::Value` has no `Hash` or `PartialOrd`; a three-state
/// `Nullable` field has no `PartialOrd`. A type can hold a derive when everything it reaches can.
struct Capabilities {
    /// For each type, the derives it cannot hold.
    lacks: HashMap<String, HashSet<&'static str>>,
}

const COMPARISONS: &[&str] = &["Eq", "Hash", "PartialOrd", "Ord"];

impl Capabilities {
    fn of(types: &[TypeDef]) -> Capabilities {
        fn leaf_lacks(ty: &TypeRef, out: &mut HashSet<&'static str>) {
            match ty {
                TypeRef::F32 | TypeRef::F64 => out.extend(["Eq", "Hash", "Ord"]),
                TypeRef::Json | TypeRef::JsonObject => out.extend(["Hash", "PartialOrd", "Ord"]),
                TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => leaf_lacks(inner, out),
                TypeRef::Tuple(members) => members.iter().for_each(|m| leaf_lacks(m, out)),
                _ => {}
            }
        }
        let mut own: HashMap<String, HashSet<&'static str>> = HashMap::new();
        for def in types {
            let mut lacks = HashSet::new();
            match &def.kind {
                TypeKind::Struct { fields, additional } => {
                    for field in fields {
                        leaf_lacks(&field.ty, &mut lacks);
                        if field.three_state() {
                            lacks.extend(["PartialOrd", "Ord"]);
                        }
                    }
                    additional.iter().for_each(|ty| leaf_lacks(ty, &mut lacks));
                }
                TypeKind::Untagged { variants } => variants.iter().for_each(|v| leaf_lacks(&v.ty, &mut lacks)),
                // The catch-all variant holds a `serde_json::Value`.
                TypeKind::Tagged { variants, .. } => {
                    variants.iter().for_each(|v| leaf_lacks(&v.variant.ty, &mut lacks));
                    lacks.extend(["Hash", "PartialOrd", "Ord"]);
                }
                TypeKind::Alias(ty) => leaf_lacks(ty, &mut lacks),
                TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => {}
            }
            own.insert(def.name.clone(), lacks);
        }
        let lacks = types
            .iter()
            .map(|def| {
                let mut all = HashSet::new();
                for name in reachable(types, [def.name.clone()]) {
                    all.extend(own.get(&name).into_iter().flatten().copied());
                }
                (def.name.clone(), all)
            })
            .collect();
        Capabilities { lacks }
    }

    /// Whether `derive`, asked for on every type, goes on `name`. Derives other than the standard
    /// comparisons go everywhere: the user who names them knows what they need.
    fn can_derive(&self, name: &str, derive: &str) -> bool {
        let derive = derive.strip_prefix("std::cmp::").or_else(|| derive.strip_prefix("core::cmp::")).unwrap_or(derive);
        if derive == "Hash" || derive.ends_with("hash::Hash") {
            return !self.lacks.get(name).is_some_and(|l| l.contains("Hash"));
        }
        !COMPARISONS.contains(&derive) || !self.lacks.get(name).is_some_and(|l| l.contains(derive))
    }
}

/// A glob over paths: `*` stays within one segment, `**` crosses them.
fn path_glob(glob: &str) -> Result<globset::GlobMatcher, globset::Error> {
    Ok(globset::GlobBuilder::new(glob).literal_separator(true).build()?.compile_matcher())
}

fn is_identifier(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok_and(|ident| ident == name)
}

/// `; did you mean `x`?` for the closest of `known`, or a list of a few when none is close.
fn suggestion(name: &str, known: &[&str]) -> String {
    let close = known
        .iter()
        .map(|k| (strsim::jaro_winkler(&name.to_lowercase(), &k.to_lowercase()), *k))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match close {
        Some((_, k)) => format!("; did you mean `{k}`?"),
        None if known.is_empty() => String::new(),
        None => {
            let mut shown: Vec<&str> = known.iter().take(8).copied().collect();
            shown.sort_unstable();
            let more = if known.len() > 8 { ", …" } else { "" };
            format!("; the spec has: {}{more}", shown.join(", "))
        }
    }
}

/// The setting at byte `offset` of a TOML `text`, such as `filter.tags` or `types.Pet`, for the
/// note under a diagnostic: the table header above it and the key on its line.
fn key_at(text: &str, offset: usize) -> String {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let line = &text[line_start..];
    let line = line.lines().next().unwrap_or_default().trim();
    let table = before[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && !l.starts_with("[["))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_owned());
    if line.starts_with('[') {
        return line.trim_matches(|c| c == '[' || c == ']').trim().to_owned();
    }
    let key = line.split('=').next().unwrap_or_default().trim();
    match table {
        Some(table) if !key.is_empty() => format!("{table}.{key}"),
        Some(table) => table,
        None => key.to_owned(),
    }
}

/// The 1-based line and column of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> Position {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Position { line, column }
}
