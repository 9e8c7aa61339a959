//! Generates typed Rust clients from OpenAPI 3.0 and 3.1 documents (3.1 read in the 3.0 shapes
//! it maps to, see `oas31`).
//!
//! The core is [`generate`]: a parsed [`Document`] and [`Settings`] in, source text out.
//! It does no I/O. [`files`] is the edge that reads specs and writes generated code, for the
//! callers that want it done the same way as the command-line tool.

mod bundle;
pub mod config;
pub mod diagnostics;
pub mod diff;
mod emit;
pub mod files;
mod format;
pub mod ir;
pub mod load;
mod locate;
pub mod lower;
pub mod names;
pub mod oas31;
pub mod render;
pub mod rules;
pub mod samples;
pub mod validate;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use load::Document;

/// The runtime support every generated client carries, tested in the checked-in client.
const RUNTIME_SOURCE: &str = include_str!("../runtime/runtime.rs");
/// The runtime support of clients that send `multipart/form-data`, appended to [`RUNTIME_SOURCE`].
const MULTIPART_SOURCE: &str = include_str!("../runtime/multipart.rs");

/// How to generate.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The command named in each file's `@generated` header, e.g. `cargo xtask codegen`.
    pub command: String,
    /// The configuration file's settings; the default changes nothing.
    pub config: config::Config,
}

impl Settings {
    /// Settings with `command` in the header and no configuration.
    pub fn new(command: impl Into<String>) -> Settings {
        Settings { command: command.into(), config: config::Config::default() }
    }

    /// These settings with `config`.
    pub fn with_config(self, config: config::Config) -> Settings {
        Settings { config, ..self }
    }
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the `generated` folder, e.g. `types.rs`.
    pub path: String,
    /// The formatted source.
    pub contents: String,
}

/// A generated client: its files, and the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The files of the `generated` module, in a fixed order.
    pub files: Vec<GeneratedFile>,
    /// Warnings; errors would have stopped generation.
    pub warnings: Vec<Diagnostic>,
    /// Crates the generated code uses beyond reqwest, serde, serde_json and percent-encoding.
    pub extra_dependencies: Vec<&'static str>,
    /// reqwest features the generated code needs beyond `rustls`, `json` and `query` (`multipart`).
    pub reqwest_features: Vec<&'static str>,
    /// The Cargo features the client declares (the configuration's `features.per-tag`), all on
    /// by default.
    pub features: Vec<config::Feature>,
    /// Counts for reports.
    pub stats: Stats,
}

impl Generated {
    /// The client as one file, for `include!` (a build script writes it to `OUT_DIR`).
    ///
    /// `include!` takes items only and resolves `mod x;` against the including file, so each
    /// `mod x;` of `mod.rs` becomes an inline `mod x { … }` holding that file, and a file's inner
    /// `//!` docs become the module's outer `///` docs.
    pub fn single_file(&self) -> String {
        let file = |name: &str| self.files.iter().find(|f| f.path == name).map(|f| f.contents.as_str());
        let Some(root) = file("mod.rs") else { return String::new() };
        let mut out = String::new();
        for line in root.lines() {
            let (visibility, rest) = line.strip_prefix("pub ").map_or(("", line), |rest| ("pub ", rest));
            let name = rest.strip_prefix("mod ").and_then(|rest| rest.strip_suffix(';'));
            let Some(name) = name.filter(|name| file(&format!("{name}.rs")).is_some()) else {
                out.push_str(line);
                out.push('\n');
                continue;
            };
            let contents = file(&format!("{name}.rs")).unwrap_or_default();
            let mut body = String::new();
            for inner in contents.lines() {
                if let Some(doc) = inner.strip_prefix("//!") {
                    out.push_str(&format!("///{doc}\n"));
                } else if !inner.starts_with("// @generated") {
                    body.push_str(inner);
                    body.push('\n');
                }
            }
            out.push_str(&format!("{visibility}mod {name} {{\n{body}}}\n"));
        }
        out
    }
}

/// What a generated client holds.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Client methods.
    pub operations: usize,
    /// Named types.
    pub types: usize,
    /// Uses typed as `serde_json::Value`, by what forced them.
    pub json_values: Vec<(String, usize)>,
}

/// Everything `cargo xtask validate` reports: the validation rules, then what the generator
/// cannot honour. Located, errors first, then by position.
pub fn check(document: &Document) -> Vec<Diagnostic> {
    let (_, lowering) = phases::lower(document);
    phases::merge_for(rules::Mode::Validate, document, phases::validate(document), lowering)
}

/// Validates, lowers, emits and formats. Fails with located diagnostics when the spec has errors.
pub fn generate(document: &Document, settings: &Settings) -> Result<Generated, Diagnostics> {
    // Validation only reads the document, so it runs on a second thread from the start. The files
    // are emitted and formatted from lowering's IR while it runs, and dropped if it finds an
    // error: on a large spec that overlap is most of the gain. The result is the same as running
    // the phases in turn.
    std::thread::scope(|outer| {
        let validation = outer.spawn(|| phases::validate(document));
        let (mut api, mut lowering) = phases::lower(document);
        lowering.extend(settings.config.apply(&mut api));
        // Whether lowering stops generation is the rules' generate severity, not the one it was
        // raised with.
        rules::apply(&mut lowering, rules::Mode::Generate);
        let join = |handle: std::thread::ScopedJoinHandle<'_, Vec<Diagnostic>>| {
            handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        };
        if lowering.iter().any(Diagnostic::is_error) {
            let (_, diagnostics) = phases::merge(document, join(validation), (api, lowering));
            return Err(Diagnostics(diagnostics));
        }
        let jobs = phases::FileJobs::new(&api, settings);
        let validation = std::thread::scope(|inner| {
            let helpers: Vec<_> = (1..workers()).map(|_| inner.spawn(|| jobs.run())).collect();
            // This thread takes files too, once validation is done; the helpers start at once.
            let validation = join(validation);
            jobs.run();
            for helper in helpers {
                helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            }
            validation
        });
        // The spec's errors come first: a file that failed to format is only reported without them.
        let files = jobs.finish();
        let (api, diagnostics) = phases::merge(document, validation, (api, lowering));
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Diagnostics(diagnostics));
        }
        Ok(phases::finish(&api, files?, diagnostics))
    })
}

/// The conformance program of a client crate named `crate_name` generated from `api`: its
/// `main.rs`, which calls one operation per line of standard input with sample arguments and
/// prints each outcome as a JSON line (see `cargo xtask conformance`).
pub fn conformance_program(api: &ir::Api, crate_name: &str, settings: &Settings) -> Result<String, Diagnostics> {
    let tokens = emit::conformance::emit(api, crate_name);
    format::format_file(tokens, &settings.command)
        .map_err(|message| Diagnostics(vec![Diagnostic::error("internal", "", message)]))
}

/// The credential the conformance program gives every security scheme.
pub const CONFORMANCE_CREDENTIAL: &str = emit::conformance::SAMPLE_CREDENTIAL;

/// Threads that emit and format files: one per core, at least two so formatting overlaps validation.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, emit::FILES.len() + 1))
}

/// The steps of [`generate`], public so the benchmarks can time each one. [`generate`] is their
/// composition, so timing them times the one code path. Not a stable API.
#[doc(hidden)]
pub mod phases {
    use super::{
        Diagnostic, Diagnostics, Document, Generated, GeneratedFile, MULTIPART_SOURCE, RUNTIME_SOURCE, Settings, Stats,
        config,
    };
    use proc_macro2::TokenStream;

    use crate::{emit, format, ir, lower as lowering, validate as validation};

    /// The validation rules' diagnostics.
    pub fn validate(document: &Document) -> Vec<Diagnostic> {
        validation::validate(document)
    }

    /// Lowers to the IR, with lowering's own diagnostics.
    pub fn lower(document: &Document) -> (ir::Api, Vec<Diagnostic>) {
        lowering::lower(document)
    }

    /// Merges `validation` with lowering's diagnostics: deduplicated, located, errors first, then
    /// by position.
    pub fn merge(
        document: &Document,
        validation: Vec<Diagnostic>,
        (api, lowering): (ir::Api, Vec<Diagnostic>),
    ) -> (ir::Api, Vec<Diagnostic>) {
        (api, merge_for(crate::rules::Mode::Generate, document, validation, lowering))
    }

    /// Merges as [`merge`] does, with each rule's severity for `mode`.
    pub fn merge_for(
        mode: crate::rules::Mode,
        document: &Document,
        validation: Vec<Diagnostic>,
        lowering: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let mut diagnostics = validation;
        diagnostics.extend(lowering);
        // Lowering re-finds some problems validation reports, at a `$ref` or at the schema holding
        // it; keep the first of each.
        let mut seen = std::collections::HashSet::new();
        diagnostics.retain(|d| {
            let pointer = d.pointer.strip_suffix("/$ref").unwrap_or(&d.pointer).to_owned();
            seen.insert((d.rule, d.file.clone(), pointer))
        });
        crate::rules::apply(&mut diagnostics, mode);
        document.locate(&mut diagnostics);
        diagnostics.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                (std::cmp::Reverse(d.severity), d.file.clone(), d.position.map(|p| (p.line, p.column)))
            };
            key(a).cmp(&key(b))
        });
        diagnostics
    }

    /// The token streams of every file, before formatting, and whether the runtime needs multipart.
    pub struct Tokens(Vec<(&'static str, TokenStream)>, bool);

    /// Emits the token streams of every file of the client for `api`.
    pub fn emit(api: &ir::Api) -> Tokens {
        let files = emit::FILES.into_iter().filter_map(|path| Some((path, emit::emit_file(api, path)?))).collect();
        Tokens(files, api.sends(ir::BodyMedia::Multipart))
    }

    /// Formats each file, in a fixed order, with the `@generated` header; the runtime file last.
    pub fn format(tokens: Tokens, settings: &Settings) -> Result<Vec<GeneratedFile>, Diagnostics> {
        let multipart = tokens.1;
        tokens
            .0
            .into_iter()
            .map(|(path, tokens)| format_file(path, tokens, settings))
            .chain(std::iter::once_with(|| format_runtime(multipart, settings)))
            .collect()
    }

    /// Emits and formats one of the files that come from the API; `None` when the client has no such file.
    fn emit_and_format(
        api: &ir::Api,
        path: &'static str,
        settings: &Settings,
    ) -> Option<Result<GeneratedFile, Diagnostics>> {
        Some(format_file(path, emit::emit_file(api, path)?, settings))
    }

    fn format_file(path: &str, tokens: TokenStream, settings: &Settings) -> Result<GeneratedFile, Diagnostics> {
        let contents = format::format_file(tokens, &settings.command).map_err(internal)?;
        Ok(GeneratedFile { path: path.to_owned(), contents })
    }

    /// `runtime.rs`: the runtime support, with its multipart part when the client sends multipart bodies.
    fn format_runtime(multipart: bool, settings: &Settings) -> Result<GeneratedFile, Diagnostics> {
        let source =
            if multipart { format!("{RUNTIME_SOURCE}\n{MULTIPART_SOURCE}") } else { RUNTIME_SOURCE.to_owned() };
        let contents = format::format_source(&source, &settings.command).map_err(internal)?;
        Ok(GeneratedFile { path: "runtime.rs".to_owned(), contents })
    }

    fn internal(message: String) -> Diagnostics {
        Diagnostics(vec![Diagnostic::error("internal", "", message)])
    }

    /// One file's outcome: `None` when the client has no such file.
    type FileResult = Option<Result<GeneratedFile, Diagnostics>>;

    /// The files of a client as independent jobs that any number of threads can take in turn.
    pub struct FileJobs<'a> {
        api: &'a ir::Api,
        settings: &'a Settings,
        /// Each file's name and result, in the order of the finished client.
        files: Vec<(&'static str, std::sync::OnceLock<FileResult>)>,
        /// Indexes into `files`, largest first, so the last job taken is a small one.
        order: Vec<usize>,
        next: std::sync::atomic::AtomicUsize,
    }

    impl<'a> FileJobs<'a> {
        /// The jobs for `api`: the files of [`emit::FILES`], then `runtime.rs`.
        pub fn new(api: &'a ir::Api, settings: &'a Settings) -> Self {
            let files: Vec<_> =
                emit::FILES.into_iter().chain(["runtime.rs"]).map(|path| (path, std::sync::OnceLock::new())).collect();
            // Typical sizes, largest first: formatting time follows the size of the text.
            let rank =
                |path: &str| ["client.rs", "types.rs", "errors.rs", "runtime.rs"].iter().position(|p| *p == path);
            let mut order: Vec<usize> = (0..files.len()).collect();
            order.sort_by_key(|&i| rank(files[i].0).unwrap_or(usize::MAX));
            FileJobs { api, settings, files, order, next: std::sync::atomic::AtomicUsize::new(0) }
        }

        /// Takes jobs until none are left.
        pub fn run(&self) {
            loop {
                let taken = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&index) = self.order.get(taken) else { return };
                let (path, slot) = &self.files[index];
                let file = match *path {
                    "runtime.rs" => Some(format_runtime(self.api.sends(ir::BodyMedia::Multipart), self.settings)),
                    path => emit_and_format(self.api, path, self.settings),
                };
                // Each index is taken once, so the slot is empty.
                let _ = slot.set(file);
            }
        }

        /// The files in order, once every job has run; the first failure otherwise.
        pub fn finish(self) -> Result<Vec<GeneratedFile>, Diagnostics> {
            self.files
                .into_iter()
                .filter_map(|(path, slot)| match slot.into_inner() {
                    Some(file) => file,
                    None => Some(Err(internal(format!("{path} was never formatted")))),
                })
                .collect()
        }
    }

    /// Bundles the files with the warnings and what the crate around them needs.
    pub fn finish(api: &ir::Api, files: Vec<GeneratedFile>, warnings: Vec<Diagnostic>) -> Generated {
        let uses = api.type_uses();
        let uses_dates = uses.iter().any(|t| t.contains(&|t| matches!(t, ir::TypeRef::DateTime | ir::TypeRef::Date)));
        let uses_uuid = uses.iter().any(|t| t.contains(&|t| *t == ir::TypeRef::Uuid));
        let mut reqwest_features = Vec::new();
        if api.sends(ir::BodyMedia::Multipart) {
            reqwest_features.push("multipart");
        }
        Generated {
            files,
            warnings,
            extra_dependencies: [("chrono", uses_dates), ("uuid", uses_uuid)]
                .into_iter()
                .filter_map(|(name, used)| used.then_some(name))
                .collect(),
            reqwest_features,
            features: config::tag_features(api)
                .into_iter()
                .filter(|f| api.operations.iter().any(|op| op.features.contains(&f.name)))
                .chain(
                    api.types
                        .iter()
                        .any(|t| t.features.iter().any(|f| f == config::OTHER_SCHEMAS))
                        .then(|| config::Feature { name: config::OTHER_SCHEMAS.to_owned(), tag: String::new() }),
                )
                .collect(),
            stats: Stats {
                operations: api.operations.len(),
                types: api.types.len(),
                json_values: api.json_values.clone(),
            },
        }
    }
}
