//! `oaswire`: typed Rust clients from OpenAPI documents.
//!
//! A thin shell over the `oaswire-codegen` library: it parses arguments, reads specs, shows
//! diagnostics and writes files. Exit codes: 0 on success, 1 when a spec has errors (or, with
//! `--deny warnings`, warnings) or a checked client is stale, 2 when a file cannot be read or
//! written or the arguments are wrong.

use std::collections::HashMap;
use std::fs;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use oaswire_codegen::files::{self, FileError};
use oaswire_codegen::{Diagnostic, Document, Settings};

const EXAMPLES: &str = "\
Examples:
  oaswire generate --spec openapi.yaml --out petstore-client
  oaswire check --spec openapi.yaml --out petstore-client
  oaswire validate openapi.yaml --deny warnings
  oaswire validate --format short specs/*.yaml
  oaswire diff old/openapi.yaml openapi.yaml --format json";

#[derive(Parser)]
#[command(name = "oaswire", version, about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a client crate for a spec: `Cargo.toml` and `src/lib.rs` once (then they are
    /// yours), and `src/generated/`, replaced atomically, every time.
    #[command(after_help = "Example:\n  oaswire generate --spec openapi.yaml --out petstore-client --name petstore")]
    Generate {
        #[command(flatten)]
        target: Target,
        /// The crate's name, when `Cargo.toml` is created [default: from the folder's name]
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        report: Report,
    },
    /// Exits 1 when the client crate's `src/generated/` is not what the spec generates today.
    #[command(after_help = "Example, in CI:\n  oaswire check --spec openapi.yaml --out petstore-client")]
    Check {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        report: Report,
    },
    /// Checks specs against the OpenAPI specification: every breach of a MUST is an error.
    #[command(after_help = "Example:\n  oaswire validate openapi.yaml --deny warnings")]
    Validate {
        /// The specs (YAML or JSON); files they reach by relative `$ref` are read too
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        #[command(flatten)]
        report: Report,
    },
    /// Lists the changes between two revisions of a spec to the Rust API of their clients,
    /// breaking, compatible or documentation only. It exits 0 whatever it finds.
    #[command(after_help = "Example:\n  oaswire diff old/openapi.yaml openapi.yaml")]
    Diff {
        /// The old revision
        old: PathBuf,
        /// The new revision
        new: PathBuf,
        /// `human` for people, `json` for one object with every change
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(clap::Args)]
struct Target {
    /// The spec (YAML or JSON); files it reaches by relative `$ref` are read too
    #[arg(long)]
    spec: PathBuf,
    /// The client crate's folder
    #[arg(long)]
    out: PathBuf,
}

#[derive(clap::Args)]
struct Report {
    /// How diagnostics are shown: `human` (the line with a caret, as rustc does), `short`
    /// (`file:line:col: severity[rule]: message`, for editors and CI logs), or `json` (one object
    /// per line)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// `--deny warnings` fails on warnings too, as clippy's `-D warnings` does
    #[arg(long, value_name = "warnings", value_parser = ["warnings"])]
    deny: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Short,
    Json,
}

/// Why a command failed, with its exit code.
enum Failure {
    /// The spec has errors (or denied warnings), or the client is stale: exit 1.
    Rejected,
    /// A file could not be read or written: exit 2.
    Io(String),
}

impl From<FileError> for Failure {
    fn from(error: FileError) -> Self {
        match error {
            FileError::Io(message) => Failure::Io(message),
            // Shown by the caller, which knows the format.
            FileError::Spec(_) => Failure::Rejected,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate { target, name, report } => generate(&target, name, &report),
        Command::Check { target, report } => check(&target, &report),
        Command::Validate { specs, report } => validate(&specs, &report),
        Command::Diff { old, new, format } => diff(&old, &new, format),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Rejected) => ExitCode::from(1),
        Err(Failure::Io(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Shows diagnostics in the chosen format, on stderr (JSON on stdout, for pipes). Returns
/// whether they fail the command.
fn show(diagnostics: &[Diagnostic], report: &Report, spec: &Path) -> bool {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut sources: HashMap<String, Option<String>> = HashMap::new();
    for diagnostic in diagnostics {
        match report.format {
            Format::Json => println!("{}", diagnostic.json()),
            Format::Short => eprintln!("{diagnostic}"),
            Format::Human => {
                let source = diagnostic
                    .file
                    .as_ref()
                    .and_then(|file| sources.entry(file.clone()).or_insert_with(|| read_source(spec, file)).as_deref());
                // A blank line after each, as rustc leaves.
                eprintln!("{}\n", oaswire_codegen::render::render(diagnostic, source, color));
            }
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    errors > 0 || (report.deny.is_some() && !diagnostics.is_empty())
}

/// The text of a file a diagnostic names: the spec itself, or a file beside it that it references.
fn read_source(spec: &Path, file: &str) -> Option<String> {
    if Path::new(file) == spec || file == spec.to_string_lossy() {
        return fs::read_to_string(spec).ok();
    }
    let dir = spec.parent().unwrap_or(Path::new("."));
    fs::read_to_string(dir.join(file)).or_else(|_| fs::read_to_string(file)).ok()
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Loads a spec; its errors are shown, and a failure to read it is returned.
fn load(spec: &Path, report: &Report) -> Result<Document, Failure> {
    files::load(spec, &display(spec)).map_err(|error| {
        if let FileError::Spec(diagnostics) = &error {
            show(&diagnostics.0, report, spec);
            eprintln!("error: {} has errors; nothing was written", spec.display());
        }
        Failure::from(error)
    })
}

fn generated(target: &Target, report: &Report) -> Result<oaswire_codegen::Generated, Failure> {
    let document = load(&target.spec, report)?;
    let name = target.spec.file_name().map_or_else(|| display(&target.spec), |n| n.to_string_lossy().into_owned());
    let settings = Settings::new(format!("oaswire generate --spec {name}"));
    match oaswire_codegen::generate(&document, &settings) {
        Ok(generated) => {
            if show(&generated.warnings, report, &target.spec) {
                eprintln!("error: warnings are denied; nothing was written");
                return Err(Failure::Rejected);
            }
            Ok(generated)
        }
        Err(diagnostics) => {
            show(&diagnostics.0, report, &target.spec);
            eprintln!("error: {} has errors; nothing was written", target.spec.display());
            Err(Failure::Rejected)
        }
    }
}

fn generate(target: &Target, name: Option<String>, report: &Report) -> Result<(), Failure> {
    let generated = generated(target, report)?;
    let name = name.unwrap_or_else(|| files::crate_name_for(&target.out));
    files::write_crate(&generated, &target.out, &name, None)?;
    eprintln!("wrote client crate `{name}` to {}", target.out.display());
    Ok(())
}

fn check(target: &Target, report: &Report) -> Result<(), Failure> {
    let generated = generated(target, report)?;
    let dir = target.out.join("src/generated");
    if !dir.is_dir() {
        return Err(Failure::Io(format!("{} is not a folder: run `oaswire generate` first", dir.display())));
    }
    match files::diff_against(&generated, &dir)? {
        None => {
            eprintln!("{} is fresh for {}", dir.display(), target.spec.display());
            Ok(())
        }
        Some(diff) => {
            println!("{diff}");
            eprintln!(
                "error: {} is stale; run `oaswire generate --spec {} --out {}`",
                dir.display(),
                target.spec.display(),
                target.out.display()
            );
            Err(Failure::Rejected)
        }
    }
}

fn validate(specs: &[PathBuf], report: &Report) -> Result<(), Failure> {
    let mut failed = false;
    let mut unreadable = None;
    for spec in specs {
        let diagnostics = match files::load(spec, &display(spec)) {
            Ok(document) => oaswire_codegen::check(&document),
            Err(FileError::Spec(diagnostics)) => diagnostics.0,
            Err(FileError::Io(message)) => {
                eprintln!("error: {message}");
                unreadable = Some(message);
                continue;
            }
        };
        failed |= show(&diagnostics, report, spec);
        if report.format != Format::Json {
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("{}: {errors} error(s), {} warning(s)", spec.display(), diagnostics.len() - errors);
        }
    }
    match unreadable {
        Some(message) => Err(Failure::Io(message)),
        None if failed => Err(Failure::Rejected),
        None => Ok(()),
    }
}

fn diff(old: &Path, new: &Path, format: Format) -> Result<(), Failure> {
    let report = Report { format: if format == Format::Json { Format::Short } else { format }, deny: None };
    let (old_doc, new_doc) = (load(old, &report)?, load(new, &report)?);
    let changes = match oaswire_codegen::diff::diff(&old_doc, &new_doc) {
        Ok(changes) => changes,
        Err(errors) => {
            show(&errors.diagnostics.0, &report, new);
            return Err(Failure::Rejected);
        }
    };
    use oaswire_codegen::diff::Severity;
    let count = |s: Severity| changes.iter().filter(|c| c.severity == s).count();
    let (breaking, compatible, documentation) =
        (count(Severity::Breaking), count(Severity::Compatible), count(Severity::Documentation));
    if format == Format::Json {
        let report = serde_json::json!({
            "old": display(old),
            "new": display(new),
            "summary": {"breaking": breaking, "compatible": compatible, "documentation": documentation},
            "changes": changes.iter().map(oaswire_codegen::diff::Change::json).collect::<Vec<_>>(),
        });
        println!("{report}");
        return Ok(());
    }
    println!(
        "API changes from {} to {}: {breaking} breaking, {compatible} compatible, {documentation} documentation",
        old.display(),
        new.display()
    );
    for severity in [Severity::Breaking, Severity::Compatible, Severity::Documentation] {
        let listed: Vec<_> = changes.iter().filter(|c| c.severity == severity).collect();
        if !listed.is_empty() {
            println!("\n{}:", severity.as_str());
            for change in listed {
                println!("  {change}");
            }
        }
    }
    Ok(())
}
