//! `--module DIR`: the client as a module of an existing crate. The module's folder is written
//! as a standalone crate's `src/generated` is; the crate's `Cargo.toml` stays the user's, so
//! the tool says what it needs and `check` tells when it lacks some of it.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use oaswire_codegen::files::Dependency;
use toml::{Table, Value};

/// The module's name, from its folder's: it must be one Rust accepts in `mod NAME;`.
pub fn name(dir: &Path) -> Result<String, String> {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut chars = name.chars();
    let identifier = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_";
    if identifier {
        Ok(name)
    } else {
        Err(format!("{} cannot be a module: its folder's name `{name}` is not a Rust identifier", dir.display()))
    }
}

/// Where `mod NAME;` goes for a module in folder `dir`: the crate root for a folder right under
/// `src/`, else the file of the parent module.
pub fn declared_in(dir: &Path) -> String {
    let dir = resolved(dir);
    let parent = dir.parent().unwrap_or(Path::new(""));
    if parent.file_name().is_some_and(|n| n == "src") {
        let lib = parent.join("lib.rs");
        let main = parent.join("main.rs");
        if !lib.exists() && main.exists() {
            return main.display().to_string();
        }
        return format!("{} (or {})", lib.display(), main.display());
    }
    format!("{}.rs (or {})", parent.display(), parent.join("mod.rs").display())
}

/// `dir` as given, or made absolute when it has no parent folder to name (`--module api`, run
/// in `src/`).
fn resolved(dir: &Path) -> std::borrow::Cow<'_, Path> {
    if dir.parent().is_some_and(|p| !p.as_os_str().is_empty()) {
        return std::borrow::Cow::Borrowed(dir);
    }
    std::path::absolute(dir).map_or(std::borrow::Cow::Borrowed(dir), std::borrow::Cow::Owned)
}

/// Whether `mod NAME;` (any visibility) is in one of the files where a module in folder `dir`
/// may be declared (see [`declared_in`]). A text search, so a commented-out declaration counts.
pub fn is_declared(dir: &Path, name: &str) -> bool {
    let dir = resolved(dir);
    let parent = dir.parent().unwrap_or(Path::new(""));
    let candidates = if parent.file_name().is_some_and(|n| n == "src") {
        vec![parent.join("lib.rs"), parent.join("main.rs")]
    } else {
        vec![parent.with_extension("rs"), parent.join("mod.rs")]
    };
    candidates.iter().filter_map(|file| std::fs::read_to_string(file).ok()).any(|text| {
        let tokens: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ';' || c == '{').collect();
        let tokens: Vec<&str> = tokens.into_iter().filter(|t| !t.is_empty()).collect();
        tokens.windows(2).any(|pair| pair[0] == "mod" && pair[1] == name)
    })
}

/// The nearest `Cargo.toml` with a `[package]` at or above `dir`, parsed.
pub fn enclosing_crate(dir: &Path) -> Result<(PathBuf, Table), String> {
    let absolute = std::path::absolute(dir).map_err(|e| format!("cannot resolve {}: {e}", dir.display()))?;
    for folder in absolute.ancestors() {
        let manifest = folder.join("Cargo.toml");
        let Some(table) = read_manifest(&manifest)? else { continue };
        if table.contains_key("package") {
            return Ok((manifest, table));
        }
    }
    Err(format!("no Cargo.toml with a [package] in {} or a folder above it", dir.display()))
}

fn read_manifest(path: &Path) -> Result<Option<Table>, String> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    text.parse::<Table>().map(Some).map_err(|e| format!("cannot parse {}: {e}", path.display()))
}

/// What the crate whose manifest is `manifest` (at `path`) lacks of `needed`: for each
/// dependency, either all of it (no entry) or the features its entry does not turn on. A
/// `workspace = true` entry has the features of the workspace's entry too, as Cargo adds them.
pub fn missing(path: &Path, manifest: &Table, needed: &[Dependency]) -> Result<Vec<Missing>, String> {
    let dependencies = manifest.get("dependencies").and_then(Value::as_table);
    let mut workspace: Option<Option<Table>> = None;
    let mut missing = Vec::new();
    for dependency in needed {
        let Some(entry) = dependencies.and_then(|d| d.get(dependency.name)) else {
            missing.push(Missing::Dependency(dependency.clone()));
            continue;
        };
        let mut features = features_of(entry);
        if entry.get("workspace").and_then(Value::as_bool) == Some(true) {
            let root = match &workspace {
                Some(root) => root,
                None => workspace.insert(workspace_manifest(path)?),
            };
            let inherited = root
                .as_ref()
                .and_then(|root| root.get("workspace")?.get("dependencies")?.get(dependency.name))
                .map(features_of)
                .unwrap_or_default();
            features.extend(inherited);
        }
        let lacking: Vec<&'static str> =
            dependency.features.iter().copied().filter(|feature| !features.contains(*feature)).collect();
        if !lacking.is_empty() {
            missing.push(Missing::Features(dependency.name, lacking));
        }
    }
    Ok(missing)
}

/// Something a crate lacks for the generated module.
#[derive(Debug)]
pub enum Missing {
    /// The whole dependency: its line is what to add.
    Dependency(Dependency),
    /// These features of a dependency it has.
    Features(&'static str, Vec<&'static str>),
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Missing::Dependency(dependency) => write!(f, "{dependency}"),
            Missing::Features(name, features) => {
                let quoted: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
                write!(f, "the feature(s) {} of {name}", quoted.join(", "))
            }
        }
    }
}

fn features_of(entry: &Value) -> BTreeSet<String> {
    let list = entry.get("features").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    list.iter().filter_map(Value::as_str).map(str::to_owned).collect()
}

/// The manifest of the workspace holding the crate whose manifest is at `path`: the nearest
/// one above it with a `[workspace]`, or the crate's own.
fn workspace_manifest(path: &Path) -> Result<Option<Table>, String> {
    for folder in path.parent().into_iter().flat_map(Path::ancestors) {
        if let Some(table) = read_manifest(&folder.join("Cargo.toml"))?
            && table.contains_key("workspace")
        {
            return Ok(Some(table));
        }
    }
    Ok(None)
}
