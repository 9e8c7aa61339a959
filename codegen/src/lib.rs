//! Generates typed Rust clients from OpenAPI 3.0 documents.
//!
//! The core is [`generate`]: a parsed [`Document`] and [`Settings`] in, source text out.
//! It does no I/O; reading specs and writing files is the caller's job.

mod bundle;
pub mod diagnostics;
pub mod diff;
mod emit;
mod format;
pub mod ir;
pub mod load;
mod locate;
pub mod lower;
pub mod names;
pub mod validate;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use load::Document;

/// The runtime support every generated client carries, tested in the checked-in client.
const RUNTIME_SOURCE: &str = include_str!("../runtime/runtime.rs");

/// How to generate.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The command named in each file's `@generated` header, e.g. `cargo xtask codegen`.
    pub command: String,
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
    /// reqwest features the generated code needs beyond `rustls`, `json` and `query`.
    pub reqwest_features: Vec<&'static str>,
    /// Counts for reports.
    pub stats: Stats,
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
    check_and_lower(document).1
}

fn check_and_lower(document: &Document) -> (ir::Api, Vec<Diagnostic>) {
    let mut diagnostics = validate::validate(document);
    let (api, lowering) = lower::lower(document);
    diagnostics.extend(lowering);
    // Lowering re-finds some problems validation reports, at a `$ref` or at the schema holding
    // it; keep the first of each.
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| {
        let pointer = d.pointer.strip_suffix("/$ref").unwrap_or(&d.pointer).to_owned();
        seen.insert((d.rule, d.file.clone(), pointer))
    });
    document.locate(&mut diagnostics);
    diagnostics.sort_by(|a, b| {
        let key =
            |d: &Diagnostic| (std::cmp::Reverse(d.severity), d.file.clone(), d.position.map(|p| (p.line, p.column)));
        key(a).cmp(&key(b))
    });
    (api, diagnostics)
}

/// Validates, lowers, emits and formats. Fails with located diagnostics when the spec has errors.
pub fn generate(document: &Document, settings: &Settings) -> Result<Generated, Diagnostics> {
    let (api, diagnostics) = check_and_lower(document);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Diagnostics(diagnostics));
    }
    let emitted = emit::emit(&api);
    let internal = |message: String| Diagnostics(vec![Diagnostic::error("internal", "", message)]);
    let command = &settings.command;
    let files = [
        ("mod.rs", Some(emitted.module)),
        ("types.rs", emitted.types),
        ("errors.rs", emitted.errors),
        ("client.rs", Some(emitted.client)),
    ]
    .into_iter()
    .filter_map(|(path, tokens)| Some((path, tokens?)))
    .map(|(path, tokens)| {
        let contents = format::format_file(tokens, command).map_err(internal)?;
        Ok(GeneratedFile { path: path.to_owned(), contents })
    })
    .chain(std::iter::once_with(|| {
        let contents = format::format_source(RUNTIME_SOURCE, command).map_err(internal)?;
        Ok(GeneratedFile { path: "runtime.rs".to_owned(), contents })
    }))
    .collect::<Result<Vec<_>, Diagnostics>>()?;
    let uses = api.type_uses();
    let uses_dates = uses.iter().any(|t| t.contains(&|t| matches!(t, ir::TypeRef::DateTime | ir::TypeRef::Date)));
    let uses_uuid = uses.iter().any(|t| t.contains(&|t| *t == ir::TypeRef::Uuid));
    let mut reqwest_features = Vec::new();
    if api.sends(ir::BodyMedia::Form) {
        reqwest_features.push("form");
    }
    if api.sends(ir::BodyMedia::Multipart) {
        reqwest_features.push("multipart");
    }
    Ok(Generated {
        files,
        warnings: diagnostics,
        extra_dependencies: [("chrono", uses_dates), ("uuid", uses_uuid)]
            .into_iter()
            .filter_map(|(name, used)| used.then_some(name))
            .collect(),
        reqwest_features,
        stats: Stats { operations: api.operations.len(), types: api.types.len(), json_values: api.json_values.clone() },
    })
}
