//! `oaswire`: typed Rust clients from OpenAPI documents.
//!
//! A thin shell over the `oaswire-codegen` library: it parses arguments, reads specs, shows
//! diagnostics and writes files. Exit codes: 0 on success, 1 when a spec has errors (or, with
//! `--deny warnings`, warnings) or a checked client is stale, 2 when a file cannot be read or
//! written or the arguments are wrong.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use oaswire_codegen::files::{self, FileError};
use oaswire_codegen::{Diagnostic, Document, Settings};
use url::Url;

mod fetch;
mod module;
mod progress;

const EXAMPLES: &str = "\
Examples:
  oaswire generate --spec openapi.yaml --out petstore-client
  oaswire check --spec openapi.yaml --out petstore-client
  oaswire generate --spec openapi.yaml --module src/api
  oaswire generate --spec https://example.com/api/openapi.yaml --out petstore-client
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
    /// yours), and `src/generated/`, replaced atomically, every time. With `--module`, writes
    /// the client as a module of an existing crate and lists the dependencies it needs.
    #[command(after_help = "Examples:\n  \
        oaswire generate --spec openapi.yaml --out petstore-client --name petstore\n  \
        oaswire generate --spec openapi.yaml --module src/api\n  \
        oaswire generate --spec https://example.com/api/openapi.yaml --out petstore-client")]
    Generate {
        #[command(flatten)]
        target: Target,
        /// The crate's name, when `Cargo.toml` is created [default: from the folder's name]
        #[arg(long, conflicts_with = "module")]
        name: Option<String>,
        #[command(flatten)]
        report: Report,
    },
    /// Exits 1 when the client crate's `src/generated/` (or the `--module` folder) is not what
    /// the spec generates today, or when the crate holding the module lacks a dependency it needs.
    #[command(after_help = "Examples, in CI:\n  \
        oaswire check --spec openapi.yaml --out petstore-client\n  \
        oaswire check --spec openapi.yaml --module src/api")]
    Check {
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        report: Report,
    },
    /// Checks specs against the OpenAPI specification: every breach of a MUST is an error.
    #[command(after_help = "Examples:\n  \
        oaswire validate openapi.yaml --deny warnings\n  \
        oaswire validate https://example.com/api/openapi.yaml")]
    Validate {
        /// The specs (YAML or JSON files, or `http(s)://` URLs); files they reach by relative
        /// `$ref` are read too
        #[arg(required = true, value_parser = parse_spec)]
        specs: Vec<Spec>,
        #[command(flatten)]
        report: Report,
    },
    /// Lists the changes between two revisions of a spec to the Rust API of their clients,
    /// breaking, compatible or documentation only. It exits 0 whatever it finds.
    #[command(after_help = "Example:\n  oaswire diff old/openapi.yaml openapi.yaml")]
    Diff {
        /// The old revision (a file or an `http(s)://` URL)
        #[arg(value_parser = parse_spec)]
        old: Spec,
        /// The new revision (a file or an `http(s)://` URL)
        #[arg(value_parser = parse_spec)]
        new: Spec,
        /// `human` for people, `json` for one object with every change
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(clap::Args)]
struct Target {
    /// The spec (a YAML or JSON file, or an `http(s)://` URL); files it reaches by relative
    /// `$ref` are read too [default: the configuration's `spec`]
    #[arg(long, value_parser = parse_spec)]
    spec: Option<Spec>,
    /// The configuration file: operations to generate, derives, replaced and renamed types,
    /// Cargo features per tag [default: `oaswire.toml` in the current folder, if there is one]
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    output: Output,
}

/// Where the client goes: one of the two.
#[derive(clap::Args)]
#[group(required = true, multiple = false)]
struct Output {
    /// The client crate's folder
    #[arg(long)]
    out: Option<PathBuf>,
    /// A module's folder in an existing crate, e.g. `src/api`; the crate's `Cargo.toml` is not
    /// written: the dependencies it needs are listed
    #[arg(long)]
    module: Option<PathBuf>,
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

/// A spec named on the command line: a file, or a URL to fetch.
#[derive(Clone)]
enum Spec {
    File(PathBuf),
    Url(Url),
}

fn parse_spec(arg: &str) -> Result<Spec, String> {
    if fetch::is_url(arg) {
        Url::parse(arg).map(Spec::Url).map_err(|e| format!("not a valid URL: {e}"))
    } else {
        Ok(Spec::File(arg.into()))
    }
}

impl std::fmt::Display for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Spec::File(path) => write!(f, "{}", path.display()),
            Spec::Url(url) => write!(f, "{url}"),
        }
    }
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
    progress::clear();
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
fn show(diagnostics: &[Diagnostic], report: &Report, sources: &Sources) -> bool {
    progress::clear();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut read: HashMap<String, Option<Cow<'_, str>>> = HashMap::new();
    for diagnostic in diagnostics {
        // Looked up by the name the library gives it, shown by the name the user knows it by.
        let file = diagnostic.file.as_deref();
        let relabelled = file
            .and_then(|file| sources.label(file))
            .map(|label| Diagnostic { file: Some(label), ..diagnostic.clone() });
        let shown = relabelled.as_ref().unwrap_or(diagnostic);
        match report.format {
            Format::Json => println!("{}", shown.json()),
            Format::Short => eprintln!("{shown}"),
            Format::Human => {
                let source =
                    file.and_then(|file| read.entry(file.to_owned()).or_insert_with(|| sources.text(file)).as_deref());
                // A blank line after each, as rustc leaves.
                eprintln!("{}\n", oaswire_codegen::render::render(shown, source, color));
            }
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    errors > 0 || (report.deny.is_some() && !diagnostics.is_empty())
}

/// The text of each file of a spec, by the name diagnostics give it, to show the lines they
/// point at: the texts the [`Document`] holds, so nothing is read twice (or fetched again).
struct Sources<'a> {
    spec: &'a Spec,
    texts: HashMap<&'a str, &'a str>,
}

impl<'a> Sources<'a> {
    /// The files of a loaded spec.
    fn of(document: &'a Document, spec: &'a Spec) -> Self {
        let mut texts = HashMap::from([(document.file.as_str(), document.text.as_str())]);
        texts.extend(document.externals.iter().map(|source| (source.name.as_str(), source.text.as_str())));
        Sources { spec, texts }
    }

    /// Sources with the given texts only.
    fn with_texts(spec: &'a Spec, texts: HashMap<&'a str, &'a str>) -> Self {
        Sources { spec, texts }
    }

    /// These sources and the text of one more file, such as the configuration.
    fn with(mut self, file: &'a str, text: &'a str) -> Self {
        if !file.is_empty() {
            self.texts.insert(file, text);
        }
        self
    }

    /// A spec that did not load, so there is no [`Document`] to hold its texts: those fetched
    /// on the way, for a URL.
    fn unloaded(spec: &'a Spec, fetched: &'a HashMap<String, String>) -> Self {
        Sources { spec, texts: fetched.iter().map(|(name, text)| (name.as_str(), text.as_str())).collect() }
    }

    /// The text of `file`; read again from disk only when a spec file did not load.
    fn text(&self, file: &str) -> Option<Cow<'a, str>> {
        if let Some(text) = self.texts.get(file) {
            return Some(Cow::Borrowed(*text));
        }
        let Spec::File(spec) = self.spec else { return None };
        let dir = spec.parent().unwrap_or(Path::new("."));
        let text = if Path::new(file) == spec || file == spec.to_string_lossy() {
            fs::read_to_string(spec)
        } else {
            fs::read_to_string(dir.join(file)).or_else(|_| fs::read_to_string(file))
        };
        text.ok().map(Cow::Owned)
    }

    /// The name `file` is shown under: a file reached from a URL by its own URL.
    fn label(&self, file: &str) -> Option<String> {
        let Spec::Url(url) = self.spec else { return None };
        (file != url.as_str()).then(|| url.join(file).ok().map(String::from)).flatten()
    }
}

/// Reads or fetches a spec, with the texts fetched on the way (see [`Sources::unloaded`]).
fn read(spec: &Spec) -> (Result<Document, FileError>, HashMap<String, String>) {
    progress::phase(match spec {
        Spec::File(_) => format!("reading {spec}"),
        Spec::Url(_) => format!("fetching {spec}"),
    });
    match spec {
        Spec::File(path) => (files::load(path, &display(path)), HashMap::new()),
        Spec::Url(url) => {
            let fetched = fetch::load(url);
            (fetched.result, fetched.texts)
        }
    }
}

/// `verb` and the number of operations of `document`, for the progress line.
fn operations(verb: &str, document: &Document) -> String {
    let count = document.openapi.operations().count();
    format!("{verb} {count} operation{} of {}", if count == 1 { "" } else { "s" }, document.file)
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Loads a spec; its errors are shown, and a failure to read it is returned.
fn load(spec: &Spec, report: &Report) -> Result<Document, Failure> {
    let (result, fetched) = read(spec);
    result.map_err(|error| {
        if let FileError::Spec(diagnostics) = &error {
            show(&diagnostics.0, report, &Sources::unloaded(spec, &fetched));
            eprintln!("error: {spec} has errors; nothing was written");
        }
        Failure::from(error)
    })
}

/// What `generate` and `check` work from: the spec, and the configuration file when there is one.
struct Job {
    spec: Spec,
    config: oaswire_codegen::config::Config,
}

impl Job {
    /// The configuration named by `--config`, else `oaswire.toml` when the current folder has
    /// one; the spec named by `--spec`, else by the configuration (relative to its folder).
    fn resolve(target: &Target, report: &Report) -> Result<Job, Failure> {
        let default = Path::new(oaswire_codegen::config::FILE_NAME);
        let path = target.config.clone().or_else(|| default.is_file().then(|| default.to_path_buf()));
        let config = match &path {
            Some(path) => files::load_config(path).map_err(|error| {
                if let FileError::Spec(diagnostics) = &error {
                    let text = fs::read_to_string(path).unwrap_or_default();
                    let name = display(path);
                    let spec = Spec::File(path.clone());
                    show(
                        &diagnostics.0,
                        report,
                        &Sources::with_texts(&spec, HashMap::from([(name.as_str(), text.as_str())])),
                    );
                    eprintln!("error: {} has errors; nothing was written", path.display());
                }
                Failure::from(error)
            })?,
            None => Default::default(),
        };
        let spec = match (&target.spec, config.spec(), &path) {
            (Some(spec), ..) => spec.clone(),
            (None, Some(spec), Some(path)) => {
                let dir = path.parent().unwrap_or(Path::new(""));
                parse_spec(spec)
                    .map(|spec| match spec {
                        Spec::File(file) => Spec::File(dir.join(file)),
                        url => url,
                    })
                    .map_err(Failure::Io)?
            }
            _ => {
                return Err(Failure::Io(format!(
                    "no spec: give --spec, or `spec = \"…\"` in {}",
                    path.as_deref().unwrap_or(default).display()
                )));
            }
        };
        Ok(Job { spec, config })
    }
}

fn generated(job: &Job, report: &Report) -> Result<oaswire_codegen::Generated, Failure> {
    let document = load(&job.spec, report)?;
    // The command the generated files' header names: a file by its name alone, to be the same
    // on every machine; a URL in full.
    let name = match &job.spec {
        Spec::File(path) => path.file_name().map_or_else(|| display(path), |n| n.to_string_lossy().into_owned()),
        Spec::Url(url) => url.to_string(),
    };
    let settings = Settings::new(format!("oaswire generate --spec {name}")).with_config(job.config.clone());
    progress::phase(operations("generating", &document));
    let sources = Sources::of(&document, &job.spec).with(&job.config.file, &job.config.text);
    match oaswire_codegen::generate(&document, &settings) {
        Ok(generated) => {
            if show(&generated.warnings, report, &sources) {
                eprintln!("error: warnings are denied; nothing was written");
                return Err(Failure::Rejected);
            }
            Ok(generated)
        }
        Err(diagnostics) => {
            show(&diagnostics.0, report, &sources);
            eprintln!("error: {} has errors; nothing was written", job.spec);
            Err(Failure::Rejected)
        }
    }
}

/// Tells what the crate's `Cargo.toml` at `manifest` lacks of the client's Cargo features, if
/// anything; returns whether it lacks some.
fn report_missing_features(manifest: &Path, generated: &oaswire_codegen::Generated) -> Result<bool, Failure> {
    let missing = files::missing_features(manifest, generated)?;
    if missing.is_empty() {
        return Ok(false);
    }
    eprintln!("error: {} lacks the client's Cargo features; add to its [features]:", manifest.display());
    for line in files::features_table(generated).lines().filter(|l| !l.is_empty()) {
        if line.starts_with('#')
            || missing.iter().any(|m| line.starts_with(&format!("{m} =")))
            || line.starts_with("default")
            || line.starts_with('[')
        {
            eprintln!("  {line}");
        }
    }
    Ok(true)
}

fn generate(target: &Target, name: Option<String>, report: &Report) -> Result<(), Failure> {
    let job = Job::resolve(target, report)?;
    if let Some(dir) = &target.output.module {
        let module = module::name(dir).map_err(Failure::Io)?;
        let generated = generated(&job, report)?;
        progress::phase(format!("writing {}", dir.display()));
        files::write_atomically(&generated, dir)?;
        progress::clear();
        eprintln!("wrote module `{module}` to {}", dir.display());
        // What the crate needs, on stdout: to copy, or to pipe.
        println!("The crate needs these dependencies (with at least these features) in its Cargo.toml:");
        println!("[dependencies]");
        for dependency in files::dependencies(&generated) {
            println!("{dependency}");
        }
        let features = files::features_table(&generated);
        if !features.is_empty() {
            println!("and these Cargo features:{features}");
        }
        println!("and `mod {module};` in {}.", module::declared_in(dir));
        return Ok(());
    }
    let out = target.output.out.as_ref().expect("clap requires --out or --module");
    let generated = generated(&job, report)?;
    let name =
        name.or_else(|| job.config.package_name().map(str::to_owned)).unwrap_or_else(|| files::crate_name_for(out));
    progress::phase(format!("writing {}", out.display()));
    files::write_crate(&generated, out, &name, job.config.package_version())?;
    progress::clear();
    eprintln!("wrote client crate `{name}` to {}", out.display());
    // `Cargo.toml` is the user's once written: a feature the spec's new tags need is only told.
    report_missing_features(&out.join("Cargo.toml"), &generated)?;
    Ok(())
}

fn check(target: &Target, report: &Report) -> Result<(), Failure> {
    let (dir, option) = match (&target.output.out, &target.output.module) {
        (_, Some(module)) => (module.clone(), format!("--module {}", module.display())),
        (Some(out), None) => (out.join("src/generated"), format!("--out {}", out.display())),
        (None, None) => unreachable!("clap requires --out or --module"),
    };
    let job = Job::resolve(target, report)?;
    let generated = generated(&job, report)?;
    if !dir.is_dir() {
        return Err(Failure::Io(format!("{} is not a folder: run `oaswire generate` first", dir.display())));
    }
    let mut fresh = true;
    progress::phase(format!("comparing with {}", dir.display()));
    let diff = files::diff_against(&generated, &dir)?;
    progress::clear();
    if let Some(diff) = diff {
        println!("{diff}");
        eprintln!("error: {} is stale; run `oaswire generate --spec {} {option}`", dir.display(), job.spec);
        fresh = false;
    }
    if let Some(out) = &target.output.out {
        fresh &= !report_missing_features(&out.join("Cargo.toml"), &generated)?;
    }
    if target.output.module.is_some() {
        let (path, manifest) = module::enclosing_crate(&dir).map_err(Failure::Io)?;
        let missing = module::missing(&path, &manifest, &files::dependencies(&generated)).map_err(Failure::Io)?;
        if !missing.is_empty() {
            eprintln!("error: {} lacks what the generated module needs; add to its [dependencies]:", path.display());
            for missing in &missing {
                eprintln!("  {missing}");
            }
            fresh = false;
        }
        fresh &= !report_missing_features(&path, &generated)?;
        let module = module::name(&dir).map_err(Failure::Io)?;
        if !module::is_declared(&dir, &module) {
            eprintln!("error: the module is not declared: add `mod {module};` to {}", module::declared_in(&dir));
            fresh = false;
        }
    }
    if !fresh {
        return Err(Failure::Rejected);
    }
    eprintln!("{} is fresh for {}", dir.display(), job.spec);
    Ok(())
}

fn validate(specs: &[Spec], report: &Report) -> Result<(), Failure> {
    let mut failed = false;
    let mut unreadable = None;
    for spec in specs {
        let (result, fetched) = read(spec);
        let (document, diagnostics) = match result {
            Ok(document) => {
                progress::phase(operations("checking", &document));
                let diagnostics = oaswire_codegen::check(&document);
                (Some(document), diagnostics)
            }
            Err(FileError::Spec(diagnostics)) => (None, diagnostics.0),
            Err(FileError::Io(message)) => {
                progress::clear();
                eprintln!("error: {message}");
                unreadable = Some(message);
                continue;
            }
        };
        let sources = document.as_ref().map_or_else(|| Sources::unloaded(spec, &fetched), |d| Sources::of(d, spec));
        failed |= show(&diagnostics, report, &sources);
        if report.format != Format::Json {
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("{spec}: {errors} error(s), {} warning(s)", diagnostics.len() - errors);
        }
    }
    match unreadable {
        Some(message) => Err(Failure::Io(message)),
        None if failed => Err(Failure::Rejected),
        None => Ok(()),
    }
}

fn diff(old: &Spec, new: &Spec, format: Format) -> Result<(), Failure> {
    let report = Report { format: if format == Format::Json { Format::Short } else { format }, deny: None };
    let (old_doc, new_doc) = (load(old, &report)?, load(new, &report)?);
    progress::phase(format!("comparing {old} with {new}"));
    let changes = oaswire_codegen::diff::diff(&old_doc, &new_doc);
    progress::clear();
    let changes = match changes {
        Ok(changes) => changes,
        Err(errors) => {
            let sources = match errors.side {
                oaswire_codegen::diff::Side::Old => Sources::of(&old_doc, old),
                oaswire_codegen::diff::Side::New => Sources::of(&new_doc, new),
            };
            show(&errors.diagnostics.0, &report, &sources);
            return Err(Failure::Rejected);
        }
    };
    use oaswire_codegen::diff::Severity;
    let count = |s: Severity| changes.iter().filter(|c| c.severity == s).count();
    let (breaking, compatible, documentation) =
        (count(Severity::Breaking), count(Severity::Compatible), count(Severity::Documentation));
    if format == Format::Json {
        let report = serde_json::json!({
            "old": old.to_string(),
            "new": new.to_string(),
            "summary": {"breaking": breaking, "compatible": compatible, "documentation": documentation},
            "changes": changes.iter().map(oaswire_codegen::diff::Change::json).collect::<Vec<_>>(),
        });
        println!("{report}");
        return Ok(());
    }
    println!(
        "API changes from {old} to {new}: {breaking} breaking, {compatible} compatible, {documentation} documentation"
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
