//! The edge where specs are read and generated code is written: the one module of the library
//! that touches the file system. The command-line tool, `cargo xtask` and build scripts share
//! it, so they read and write the same way; everything else in the library stays pure.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::{Diagnostics, Document, Generated};

/// Why reading a spec or writing a client failed.
#[derive(Debug)]
pub enum FileError {
    /// The spec has errors.
    Spec(Diagnostics),
    /// A file could not be read or written: what, which file, and why.
    Io(String),
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Spec(diagnostics) => write!(f, "{diagnostics}"),
            FileError::Io(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for FileError {}

fn io_error(action: &str, path: &Path, error: io::Error) -> FileError {
    FileError::Io(format!("cannot {action} {}: {error}", path.display()))
}

/// Loads `spec` (named `display` in diagnostics) and every file it reaches by relative `$ref`.
pub fn load(spec: &Path, display: &str) -> Result<Document, FileError> {
    // Refuse an oversized file before reading it into memory.
    let size = fs::metadata(spec).map_err(|e| io_error("read", spec, e))?.len();
    if size > crate::load::MAX_SPEC_BYTES as u64 {
        let mut diagnostic = crate::load::too_large(size as usize);
        diagnostic.file = Some(display.to_owned());
        return Err(FileError::Spec(Diagnostics(vec![diagnostic])));
    }
    let text = fs::read_to_string(spec).map_err(|e| io_error("read", spec, e))?;
    let dir = spec.parent().unwrap_or(Path::new("."));
    Document::load(display, text, dir, &mut |path| fs::read_to_string(path)).map_err(FileError::Spec)
}

/// A unified diff of every file that differs between `generated` and `dir`, or `None` when equal.
pub fn diff_against(generated: &Generated, dir: &Path) -> Result<Option<String>, FileError> {
    let mut diff = String::new();
    for file in &generated.files {
        let path = dir.join(&file.path);
        let on_disk = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(io_error("read", &path, e)),
        };
        if on_disk != file.contents {
            let name = path.display().to_string();
            let text = similar::TextDiff::from_lines(&on_disk, &file.contents);
            write!(diff, "{}", text.unified_diff().context_radius(2).header(&name, &format!("{name} (from the spec)")))
                .expect("writing to a String cannot fail");
        }
    }
    for extra in stray_files(generated, dir)? {
        writeln!(diff, "{} is not generated any more; remove it", extra.display())
            .expect("writing to a String cannot fail");
    }
    Ok((!diff.is_empty()).then_some(diff))
}

fn stray_files(generated: &Generated, dir: &Path) -> Result<Vec<PathBuf>, FileError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error("list", dir, e)),
    };
    let mut stray = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_error("list", dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !generated.files.iter().any(|f| f.path == name) {
            stray.push(entry.path());
        }
    }
    stray.sort();
    Ok(stray)
}

/// Replaces `dir` with exactly `generated`'s files. Everything is written to a sibling
/// folder first and swapped in with renames, so a failure leaves `dir` as it was.
pub fn write_atomically(generated: &Generated, dir: &Path) -> Result<(), FileError> {
    let parent = dir.parent().ok_or_else(|| FileError::Io(format!("{} has no parent folder", dir.display())))?;
    fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let backup = parent.join(format!(".{name}.old-{}", std::process::id()));
    let result = (|| {
        fs::create_dir_all(&staging).map_err(|e| io_error("create", &staging, e))?;
        for file in &generated.files {
            let path = staging.join(&file.path);
            fs::write(&path, &file.contents).map_err(|e| io_error("write", &path, e))?;
        }
        let had_old = dir.exists();
        if had_old {
            fs::rename(dir, &backup).map_err(|e| io_error("move aside", dir, e))?;
        }
        if let Err(e) = fs::rename(&staging, dir) {
            if had_old {
                // Put the old files back; the error below is what the user needs to see.
                let _ = fs::rename(&backup, dir);
            }
            return Err(io_error("move into place", dir, e));
        }
        if had_old {
            fs::remove_dir_all(&backup).map_err(|e| io_error("remove", &backup, e))?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Reads the configuration file at `path`.
pub fn load_config(path: &Path) -> Result<crate::config::Config, FileError> {
    let text = fs::read_to_string(path).map_err(|e| io_error("read", path, e))?;
    crate::config::Config::parse(path.to_string_lossy(), text).map_err(FileError::Spec)
}

/// The `[features]` table of a client with Cargo features (see [`Generated::features`]): every
/// feature on by default, so `--no-default-features --features <tag>` compiles one tag.
pub fn features_table(generated: &Generated) -> String {
    if generated.features.is_empty() {
        return String::new();
    }
    let names: Vec<String> = generated.features.iter().map(|f| format!("\"{}\"", f.name)).collect();
    let mut table = format!("\n[features]\ndefault = [{}]\n", names.join(", "));
    for feature in &generated.features {
        let tag = feature.tag.replace(|c: char| c.is_control(), " ");
        let what = if tag.is_empty() {
            "The schemas no operation uses, such as webhook payloads.".to_owned()
        } else {
            format!("The operations tagged `{tag}`.")
        };
        table.push_str(&format!("# {what}\n{} = []\n", feature.name));
    }
    table
}

/// The features `generated` declares that the crate's `Cargo.toml` at `manifest` lacks. They must
/// be declared, or the operations behind them can never be compiled (and rustc warns of an
/// unexpected `cfg`).
pub fn missing_features(manifest: &Path, generated: &Generated) -> Result<Vec<String>, FileError> {
    if generated.features.is_empty() {
        return Ok(Vec::new());
    }
    let text = fs::read_to_string(manifest).map_err(|e| io_error("read", manifest, e))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| FileError::Io(format!("cannot parse {}: {}", manifest.display(), e.message())))?;
    let declared = table.get("features").and_then(toml::Value::as_table);
    Ok(generated
        .features
        .iter()
        .filter(|f| !declared.is_some_and(|d| d.contains_key(&f.name)))
        .map(|f| f.name.clone())
        .collect())
}

/// A crate the generated code uses, as a `[dependencies]` entry of `Cargo.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The crate's name, as the code names it.
    pub name: &'static str,
    /// The version requirement.
    pub version: &'static str,
    /// Whether its default features are on.
    pub default_features: bool,
    /// The features the code needs.
    pub features: Vec<&'static str>,
}

impl std::fmt::Display for Dependency {
    /// The `[dependencies]` line: `name = "1"`, or `name = { version = "1", … }`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Dependency { name, version, default_features, features } = self;
        if *default_features && features.is_empty() {
            return write!(f, "{name} = \"{version}\"");
        }
        write!(f, "{name} = {{ version = \"{version}\"")?;
        if !default_features {
            f.write_str(", default-features = false")?;
        }
        if !features.is_empty() {
            let quoted: Vec<String> = features.iter().map(|feature| format!("\"{feature}\"")).collect();
            write!(f, ", features = [{}]", quoted.join(", "))?;
        }
        f.write_str(" }")
    }
}

/// Every crate `generated` uses, with the features it needs: what a standalone crate's
/// `Cargo.toml` lists, and what a crate holding the client as a module must depend on.
pub fn dependencies(generated: &Generated) -> Vec<Dependency> {
    let dependency = |name, version, default_features, features: &[&'static str]| Dependency {
        name,
        version,
        default_features,
        features: features.to_vec(),
    };
    let mut reqwest = dependency("reqwest", "0.13", false, &["rustls", "json", "query"]);
    reqwest.features.extend(&generated.reqwest_features);
    let mut dependencies = vec![
        dependency("base64", "0.22", true, &[]),
        dependency("httpdate", "1", true, &[]),
        dependency("percent-encoding", "2.3", true, &[]),
        reqwest,
        dependency("serde", "1", true, &["derive"]),
        dependency("serde_json", "1", true, &["preserve_order", "float_roundtrip"]),
        dependency("tokio", "1", true, &["time"]),
    ];
    if generated.extra_dependencies.contains(&"uuid") {
        dependencies.push(dependency("uuid", "1", true, &["serde"]));
    }
    if generated.extra_dependencies.contains(&"chrono") {
        dependencies.push(dependency("chrono", "0.4", false, &["serde", "std"]));
    }
    dependencies
}

/// `Cargo.toml` for a standalone client crate named `name`, at `version` (`0.1.0` when `None`).
pub fn standalone_manifest(name: &str, version: Option<&str>, generated: &Generated) -> String {
    let version = version.unwrap_or("0.1.0");
    let mut manifest =
        format!("[package]\nname = \"{name}\"\nversion = \"{version}\"\nedition = \"2024\"\n\n[dependencies]\n");
    for dependency in dependencies(generated) {
        writeln!(manifest, "{dependency}").expect("writing to a String cannot fail");
    }
    manifest.push_str(&features_table(generated));
    manifest
}

/// The hand-written `lib.rs` a standalone crate starts with.
pub const STANDALONE_LIB: &str = "//! A typed client generated from an OpenAPI document.\n\n\
#![warn(missing_docs)]\n\nmod generated;\n\npub use generated::*;\n";

/// The crate name a client written to `out` gets by default: the folder's name, kebab-case, with
/// `client-` before it when it does not start with a letter.
pub fn crate_name_for(out: &Path) -> String {
    let base = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let name = crate::names::snake(&base).replace('_', "-");
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("client-{}", name.trim_start_matches(['-', 'r', '#']))
    }
}

/// Generates a client from a build script, for `include!` from `OUT_DIR`:
///
/// ```no_run
/// // In build.rs's `fn main`:
/// let out_dir = std::env::var("OUT_DIR").unwrap();
/// oaswire_codegen::files::Builder::new("openapi.yaml")
///     .generate_to(out_dir)
///     .unwrap_or_else(|e| panic!("{e}"));
/// ```
///
/// and in the crate, `include!(concat!(env!("OUT_DIR"), "/openapi.rs"));`. It prints
/// `cargo:rerun-if-changed` for the spec and for every file it reaches by `$ref`, so editing
/// any part of a split spec regenerates the client, and `cargo:warning` for each warning.
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    config: Option<PathBuf>,
}

/// What [`Builder::generate_to`] wrote and read.
#[derive(Debug, Clone)]
pub struct Built {
    /// The one file written, `<spec's stem>.rs` in the output folder.
    pub file: PathBuf,
    /// Every spec file read: the spec, then the files its `$ref`s reach.
    pub inputs: Vec<PathBuf>,
    /// The generator's warnings.
    pub warnings: Vec<crate::Diagnostic>,
}

impl Builder {
    /// A builder for the spec at `spec` (YAML or JSON), relative to the crate's folder when it
    /// is relative, as build scripts run there.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Builder { spec: spec.into(), config: None }
    }

    /// Reads the configuration file at `path` (see [`crate::config`]), as `oaswire --config`
    /// does; it is one of the inputs Cargo watches. Its `spec` and `[package]` do not apply here.
    pub fn config(self, path: impl Into<PathBuf>) -> Self {
        Builder { config: Some(path.into()), ..self }
    }

    /// Generates the client into `out_dir` as one file, printing the directives Cargo reads
    /// from a build script. Spec errors come back as [`FileError::Spec`], whose `Display` lists
    /// them as `file:line:col: error[rule]: message`.
    pub fn generate_to(&self, out_dir: impl AsRef<Path>) -> Result<Built, FileError> {
        let built = self.generate_quietly(out_dir.as_ref())?;
        for input in &built.inputs {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        for warning in &built.warnings {
            println!("cargo:warning={}", warning.to_string().replace('\n', " "));
        }
        Ok(built)
    }

    /// [`Builder::generate_to`] without printing anything.
    pub fn generate_quietly(&self, out_dir: &Path) -> Result<Built, FileError> {
        let display = self.spec.to_string_lossy().into_owned();
        let document = load(&self.spec, &display)?;
        let dir = self.spec.parent().unwrap_or(Path::new(""));
        let mut inputs = vec![self.spec.clone()];
        inputs.extend(document.externals.iter().map(|source| dir.join(&source.name)));
        let stem = self.spec.file_stem().map_or("client".into(), |s| s.to_string_lossy().into_owned());
        let mut settings = crate::Settings::new(format!("oaswire_codegen::files::Builder for {display}"));
        if let Some(path) = &self.config {
            settings.config = load_config(path)?;
            inputs.push(path.clone());
        }
        let generated = crate::generate(&document, &settings).map_err(FileError::Spec)?;
        fs::create_dir_all(out_dir).map_err(|e| io_error("create", out_dir, e))?;
        let file = out_dir.join(format!("{}.rs", crate::names::snake(&stem)));
        // Written only when it changed, so an unchanged spec does not rebuild the crate.
        let text = generated.single_file();
        if fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
            fs::write(&file, text).map_err(|e| io_error("write", &file, e))?;
        }
        Ok(Built { file, inputs, warnings: generated.warnings })
    }
}

/// Writes a standalone client crate to `out`: `src/generated/`, replaced atomically, and
/// `Cargo.toml` (named `name`, at `version`, `0.1.0` by default) and `src/lib.rs` only when
/// they are missing, since after that they are the user's and are never overwritten.
pub fn write_crate(generated: &Generated, out: &Path, name: &str, version: Option<&str>) -> Result<(), FileError> {
    write_atomically(generated, &out.join("src/generated"))?;
    for (path, contents) in [
        (out.join("Cargo.toml"), standalone_manifest(name, version, generated)),
        (out.join("src/lib.rs"), STANDALONE_LIB.to_owned()),
    ] {
        if !path.exists() {
            fs::write(&path, contents).map_err(|e| io_error("write", &path, e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(extra_dependencies: Vec<&'static str>, reqwest_features: Vec<&'static str>) -> Generated {
        Generated {
            files: Vec::new(),
            warnings: Vec::new(),
            extra_dependencies,
            reqwest_features,
            features: Vec::new(),
            stats: Default::default(),
        }
    }

    #[test]
    fn the_manifest_lists_every_dependency_with_its_features() {
        let manifest = standalone_manifest("pets", None, &generated(vec!["chrono", "uuid"], vec!["multipart"]));
        assert_eq!(
            manifest,
            "[package]\nname = \"pets\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n\
             base64 = \"0.22\"\n\
             httpdate = \"1\"\n\
             percent-encoding = \"2.3\"\n\
             reqwest = { version = \"0.13\", default-features = false, features = [\"rustls\", \"json\", \"query\", \"multipart\"] }\n\
             serde = { version = \"1\", features = [\"derive\"] }\n\
             serde_json = { version = \"1\", features = [\"preserve_order\", \"float_roundtrip\"] }\n\
             tokio = { version = \"1\", features = [\"time\"] }\n\
             uuid = { version = \"1\", features = [\"serde\"] }\n\
             chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n"
        );
        let plain = dependencies(&generated(Vec::new(), Vec::new()));
        assert_eq!(
            plain.iter().map(|d| d.name).collect::<Vec<_>>().join(" "),
            "base64 httpdate percent-encoding reqwest serde serde_json tokio"
        );
        assert_eq!(plain[3].features, ["rustls", "json", "query"]);
    }
}
