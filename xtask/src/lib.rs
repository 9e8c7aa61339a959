//! The project's commands, as functions the CLI and the tests share. All file I/O lives here.

use std::fs;
use std::path::{Path, PathBuf};

use oaswire_codegen::{Diagnostics, Document, Generated, Settings, files};

/// The spec the checked-in client is generated from, relative to the workspace root.
pub const SPEC: &str = "spec/syncano.yaml";
/// Where the checked-in generated code lives, relative to the workspace root.
pub const GENERATED_DIR: &str = "generated-client/src/generated";
/// The command named in the checked-in files' headers.
pub const CODEGEN_COMMAND: &str = "cargo xtask codegen";

/// The workspace root.
///
/// Cargo names the package's folder when it runs the binary (`cargo run`, `cargo test`), and that
/// comes first: clones that share one target folder (as `.ci/run` arranges) share one xtask
/// binary, whose compile-time folder may be another clone's, or a deleted one.
pub fn workspace_root() -> PathBuf {
    let manifest_dir =
        std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest_dir.parent().expect("xtask sits inside the workspace").to_owned()
}

/// The one target folder of every client crate the tasks and tests build outside the workspace
/// (corpus, conformance, semver checks, the evolution and module builds): `clients/` in the
/// workspace's target folder (`CARGO_TARGET_DIR` when set). Sharing it builds reqwest, tokio and
/// the rest once per feature set rather than once per task; cargo's lock serializes the builds.
pub fn clients_target(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from).join("clients")
}

/// Copies the workspace's `Cargo.lock` into `dir`, so a crate built there uses the versions the
/// workspace was tested with (and the artifacts already in [`clients_target`]), without
/// resolving against the registry again.
pub fn pin_versions(root: &Path, dir: &Path) -> Result<(), Failure> {
    fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .map(|_| ())
        .map_err(|e| Failure::Io(format!("cannot copy Cargo.lock into {}: {e}", dir.display())))
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

/// Loads `spec` (named `display` in diagnostics) and every file it reaches by relative `$ref`.
pub fn load(spec: &Path, display: &str) -> Result<Document, Failure> {
    files::load(spec, display).map_err(Failure::from)
}

/// A unified diff of every file that differs between `generated` and `dir`, or `None` when equal.
pub fn diff_against(generated: &Generated, dir: &Path) -> Result<Option<String>, Failure> {
    files::diff_against(generated, dir).map_err(Failure::from)
}

/// Replaces `dir` with exactly `generated`'s files, atomically (see [`files::write_atomically`]).
pub fn write_atomically(generated: &Generated, dir: &Path) -> Result<(), Failure> {
    files::write_atomically(generated, dir).map_err(Failure::from)
}

pub use files::{STANDALONE_LIB, standalone_manifest};

impl From<files::FileError> for Failure {
    fn from(error: files::FileError) -> Self {
        match error {
            files::FileError::Spec(diagnostics) => Failure::Spec(diagnostics),
            files::FileError::Io(message) => Failure::Io(message),
        }
    }
}

/// Reads and generates `spec` (named `display` in diagnostics).
pub fn generate_from_file(spec: &Path, display: &str, command: &str) -> Result<Generated, Failure> {
    let document = load(spec, display)?;
    oaswire_codegen::generate(&document, &Settings::new(command.to_owned())).map_err(Failure::Spec)
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
    Target { spec: "sample-clients/specs/modern.yaml", dir: "sample-clients/src/modern/generated" },
];

/// Generates the checked-in Syncano client's files from the project's spec.
pub fn generate_project(root: &Path) -> Result<Generated, Failure> {
    generate_target(root, &TARGETS[0])
}

/// Generates one checked-in client's files.
pub fn generate_target(root: &Path, target: &Target) -> Result<Generated, Failure> {
    generate_from_file(&root.join(target.spec), target.spec, CODEGEN_COMMAND)
}

/// One diagnostic as a JSON object with the fields file, line, column, pointer, severity, rule, message.
pub fn diagnostic_json(diagnostic: &oaswire_codegen::Diagnostic) -> String {
    diagnostic.json().to_string()
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
