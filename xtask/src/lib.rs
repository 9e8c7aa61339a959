//! The project's commands, as functions the CLI and the tests share. All file I/O lives here.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use oaswire_codegen::{Diagnostics, Document, Generated, Settings};

/// The spec the checked-in client is generated from, relative to the workspace root.
pub const SPEC: &str = "spec/syncano.yaml";
/// Where the checked-in generated code lives, relative to the workspace root.
pub const GENERATED_DIR: &str = "generated-client/src/generated";
/// The command named in the checked-in files' headers.
pub const CODEGEN_COMMAND: &str = "cargo xtask codegen";

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits inside the workspace").to_owned()
}

/// Why a command failed, with the exit code it maps to.
#[derive(Debug)]
pub enum Failure {
    /// The spec has errors (exit 1).
    Spec(Diagnostics),
    /// The checked-in code differs from what the spec generates (exit 1).
    Stale(String),
    /// A file could not be read or written (exit 2).
    Io(String),
    /// A command this one ran failed (exit 1).
    Command(String),
    /// A spec revision being compared has errors (exit 1): its name and diagnostics.
    Invalid(String, Diagnostics),
    /// The API changed incompatibly but the crate's version did not (exit 1).
    Version(String),
}

impl Failure {
    /// The process exit code.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Spec(_) | Failure::Stale(_) | Failure::Command(_) | Failure::Invalid(..) | Failure::Version(_) => {
                1
            }
            Failure::Io(_) => 2,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Spec(diagnostics) => {
                write!(f, "{diagnostics}")?;
                write!(f, "error: the spec has {} error(s); nothing was written", diagnostics.error_count())
            }
            Failure::Stale(diff) => {
                write!(f, "{diff}\nerror: {GENERATED_DIR} is stale; run `cargo xtask codegen` and commit the result")
            }
            Failure::Invalid(name, diagnostics) => {
                write!(f, "{diagnostics}")?;
                write!(f, "error: {name} has {} error(s); it cannot be compared", diagnostics.error_count())
            }
            Failure::Io(message) | Failure::Command(message) | Failure::Version(message) => {
                write!(f, "error: {message}")
            }
        }
    }
}

fn io_error(action: &str, path: &Path, error: io::Error) -> Failure {
    Failure::Io(format!("cannot {action} {}: {error}", path.display()))
}

/// Loads `spec` (named `display` in diagnostics) and every file it reaches by relative `$ref`.
/// The one loader `codegen`, `generate` and `validate` share.
pub fn load(spec: &Path, display: &str) -> Result<Document, Failure> {
    // Refuse an oversized file before reading it into memory.
    let size = fs::metadata(spec).map_err(|e| io_error("read", spec, e))?.len();
    if size > oaswire_codegen::load::MAX_SPEC_BYTES as u64 {
        let mut diagnostic = oaswire_codegen::load::too_large(size as usize);
        diagnostic.file = Some(display.to_owned());
        return Err(Failure::Spec(oaswire_codegen::Diagnostics(vec![diagnostic])));
    }
    let text = fs::read_to_string(spec).map_err(|e| io_error("read", spec, e))?;
    let dir = spec.parent().unwrap_or(Path::new("."));
    Document::load(display, text, dir, &mut |path| fs::read_to_string(path)).map_err(Failure::Spec)
}

/// Reads and generates `spec` (named `display` in diagnostics).
pub fn generate_from_file(spec: &Path, display: &str, command: &str) -> Result<Generated, Failure> {
    let document = load(spec, display)?;
    oaswire_codegen::generate(&document, &Settings { command: command.to_owned() }).map_err(Failure::Spec)
}

/// A checked-in client: the spec it comes from and the folder its generated code lives in.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The spec, relative to the workspace root.
    pub spec: &'static str,
    /// The `generated` folder, relative to the workspace root.
    pub dir: &'static str,
}

/// Every client `cargo xtask codegen` keeps up to date: the Syncano client, then the sample clients.
pub const TARGETS: &[Target] = &[
    Target { spec: SPEC, dir: GENERATED_DIR },
    Target { spec: "sample-clients/specs/petstore.yaml", dir: "sample-clients/src/petstore/generated" },
    Target { spec: "sample-clients/specs/keeper.yaml", dir: "sample-clients/src/keeper/generated" },
    Target { spec: "sample-clients/specs/buildomat.yaml", dir: "sample-clients/src/buildomat/generated" },
    Target { spec: "sample-clients/specs/styles.yaml", dir: "sample-clients/src/styles/generated" },
    Target { spec: "sample-clients/specs/access.yaml", dir: "sample-clients/src/access/generated" },
    Target { spec: "sample-clients/specs/shapes.yaml", dir: "sample-clients/src/shapes/generated" },
];

/// Generates the checked-in Syncano client's files from the project's spec.
pub fn generate_project(root: &Path) -> Result<Generated, Failure> {
    generate_target(root, &TARGETS[0])
}

/// Generates one checked-in client's files.
pub fn generate_target(root: &Path, target: &Target) -> Result<Generated, Failure> {
    generate_from_file(&root.join(target.spec), target.spec, CODEGEN_COMMAND)
}

/// A unified diff of every file that differs between `generated` and `dir`, or `None` when equal.
pub fn diff_against(generated: &Generated, dir: &Path) -> Result<Option<String>, Failure> {
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

fn stray_files(generated: &Generated, dir: &Path) -> Result<Vec<PathBuf>, Failure> {
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
pub fn write_atomically(generated: &Generated, dir: &Path) -> Result<(), Failure> {
    let parent = dir.parent().ok_or_else(|| Failure::Io(format!("{} has no parent folder", dir.display())))?;
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

/// `Cargo.toml` for a standalone client crate.
pub fn standalone_manifest(name: &str, generated: &Generated) -> String {
    let features: String = generated.reqwest_features.iter().map(|f| format!(", \"{f}\"")).collect();
    let mut manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n\
         base64 = \"0.22\"\n\
         httpdate = \"1\"\n\
         percent-encoding = \"2.3\"\n\
         reqwest = {{ version = \"0.13\", default-features = false, features = [\"rustls\", \"json\", \"query\"{features}] }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = {{ version = \"1\", features = [\"preserve_order\", \"float_roundtrip\"] }}\n\
         tokio = {{ version = \"1\", features = [\"time\"] }}\n"
    );
    if generated.extra_dependencies.contains(&"uuid") {
        manifest.push_str("uuid = { version = \"1\", features = [\"serde\"] }\n");
    }
    if generated.extra_dependencies.contains(&"chrono") {
        manifest
            .push_str("chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n");
    }
    manifest
}

/// The hand-written `lib.rs` a standalone crate starts with.
pub const STANDALONE_LIB: &str = "//! A typed client generated from an OpenAPI document.\n\n\
#![warn(missing_docs)]\n\nmod generated;\n\npub use generated::*;\n";

/// One diagnostic as a JSON object with the fields file, line, column, pointer, severity, rule, message.
pub fn diagnostic_json(diagnostic: &oaswire_codegen::Diagnostic) -> String {
    serde_json::json!({
        "file": diagnostic.file,
        "line": diagnostic.position.map(|p| p.line),
        "column": diagnostic.position.map(|p| p.column),
        "pointer": diagnostic.pointer,
        "severity": diagnostic.severity.to_string(),
        "rule": diagnostic.rule,
        "message": diagnostic.message,
    })
    .to_string()
}
pub mod api_diff;
pub mod bench;
pub mod conformance;
pub mod corpus;
pub mod diff_corpus;
pub mod mutations;
pub mod semver_cross_check;
pub mod semver_release;

/// The project's own specs, which seed the fuzz targets.
pub fn fuzz_seeds(root: &Path) -> Vec<PathBuf> {
    let mut seeds: Vec<PathBuf> = TARGETS.iter().map(|t| root.join(t.spec)).collect();
    for dir in ["codegen/tests/specs", "codegen/tests/specs/multifile"] {
        if let Ok(entries) = fs::read_dir(root.join(dir)) {
            let mut specs: Vec<PathBuf> =
                entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
            specs.sort();
            seeds.extend(specs);
        }
    }
    seeds
}
