//! Generation time by phase, the floor, and progenitor in-process, round-robin per spec.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::Instant;

use oaswire_codegen::{Document, Settings, phases};
use serde_json::json;

use crate::emit_line;

/// Times every spec in `specs` for `rounds` rounds.
pub fn run(specs: &[String], rounds: usize) -> Result<(), String> {
    if specs.is_empty() {
        return Err("phases needs at least one spec".to_owned());
    }
    for spec in specs {
        one_spec(Path::new(spec), rounds)?;
    }
    Ok(())
}

/// The phases of ours, in order, then the other series.
const OURS: [&str; 5] = ["load", "validate", "lower", "emit", "format"];

fn one_spec(path: &Path, rounds: usize) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let dir = path.parent().unwrap_or(Path::new("."));
    let yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
    let settings = Settings::new("cargo xtask generate".to_owned());

    let mut ours: Vec<Vec<u128>> = vec![Vec::new(); OURS.len()];
    let mut ours_sum = Vec::new();
    let mut ours_total = Vec::new();
    let mut floor_parse = Vec::new();
    let mut floor_format = Vec::new();
    let mut progenitor = Vec::new();
    let mut progenitor_failure: Option<String> = None;
    let mut output_lines = 0;
    let mut progenitor_lines = 0;

    // Silence the panic message progenitor prints: the failure is reported in the table instead.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for _ in 0..rounds {
        // Ours, one phase at a time: the same calls `oaswire_codegen::generate` composes.
        let mut times = [0u128; 5];
        let started = Instant::now();
        let document = Document::load(&name, text.clone(), dir, &mut |p| std::fs::read_to_string(p))
            .map_err(|d| format!("{name} does not load: {d}"))?;
        times[0] = started.elapsed().as_nanos();
        let started = Instant::now();
        let validation = phases::validate(&document);
        times[1] = started.elapsed().as_nanos();
        let started = Instant::now();
        let (api, diagnostics) = phases::merge(&document, validation, phases::lower(&document));
        times[2] = started.elapsed().as_nanos();
        if diagnostics.iter().any(oaswire_codegen::Diagnostic::is_error) {
            return Err(format!("{name} has errors: {}", oaswire_codegen::Diagnostics(diagnostics)));
        }
        let started = Instant::now();
        let tokens = phases::emit(&api);
        times[3] = started.elapsed().as_nanos();
        let started = Instant::now();
        let files = phases::format(tokens, &settings).map_err(|d| d.to_string())?;
        times[4] = started.elapsed().as_nanos();
        let generated = phases::finish(&api, files, diagnostics);
        drop(document);
        for (series, time) in ours.iter_mut().zip(times) {
            series.push(time);
        }
        ours_sum.push(times.iter().sum());
        output_lines = generated.files.iter().map(|f| f.contents.lines().count()).sum();

        // Ours as users run it: load, then `oaswire_codegen::generate`, which overlaps independent steps.
        let started = Instant::now();
        let document = Document::load(&name, text.clone(), dir, &mut |p| std::fs::read_to_string(p))
            .map_err(|d| format!("{name} does not load: {d}"))?;
        let composed = oaswire_codegen::generate(&document, &settings).map_err(|d| d.to_string())?;
        ours_total.push(started.elapsed().as_nanos());
        if composed.files != generated.files {
            return Err(format!("{name}: oaswire_codegen::generate and its phases disagree"));
        }
        drop(document);

        // The floor: parsing the spec into openapiv3's model, and prettyplease over our own output.
        let started = Instant::now();
        let parsed: Result<openapiv3::OpenAPI, String> = if yaml {
            serde_yaml_ng::from_str(&text).map_err(|e| e.to_string())
        } else {
            serde_json::from_str(&text).map_err(|e| e.to_string())
        };
        floor_parse.push(started.elapsed().as_nanos());
        let parsed = parsed.map_err(|e| format!("{name}: openapiv3 cannot parse it: {e}"))?;
        let started = Instant::now();
        for file in &generated.files {
            let file = syn::parse_file(&file.contents).map_err(|e| format!("our output does not parse: {e}"))?;
            std::hint::black_box(prettyplease::unparse(&file));
        }
        floor_format.push(started.elapsed().as_nanos());

        // progenitor: the same spec parse, then its generator and prettyplease.
        if progenitor_failure.is_none() {
            drop(parsed);
            let started = Instant::now();
            let outcome = catch_unwind(AssertUnwindSafe(|| progenitor_once(&text, yaml)));
            let elapsed = started.elapsed().as_nanos();
            match outcome {
                Ok(Ok(lines)) => {
                    progenitor.push(elapsed);
                    progenitor_lines = lines;
                }
                Ok(Err(error)) => progenitor_failure = Some(format!("fails: {error}")),
                Err(panic) => progenitor_failure = Some(format!("fails: {}", panic_message(&panic))),
            }
        }
    }
    std::panic::set_hook(default_hook);

    for (phase, samples) in OURS.iter().zip(&ours) {
        emit_line("phases", &name, phase, samples, json!({}));
    }
    emit_line("phases", &name, "sum", &ours_sum, json!({}));
    emit_line("phases", &name, "total", &ours_total, json!({ "lines": output_lines }));
    emit_line("floor", &name, "parse", &floor_parse, json!({}));
    emit_line("floor", &name, "format", &floor_format, json!({}));
    let extra = match progenitor_failure {
        Some(failure) => json!({ "error": failure }),
        None => json!({ "lines": progenitor_lines }),
    };
    emit_line("peers", &name, "progenitor", &progenitor, extra);
    Ok(())
}

/// progenitor-impl's generator, as its own CLI drives it, formatted with prettyplease instead
/// of rustfmt. Returns the number of lines.
fn progenitor_once(text: &str, yaml: bool) -> Result<usize, String> {
    let spec: openapiv3::OpenAPI = if yaml {
        serde_yaml_ng::from_str(text).map_err(|e| e.to_string())?
    } else {
        serde_json::from_str(text).map_err(|e| e.to_string())?
    };
    let mut generator = progenitor_impl::Generator::new(&progenitor_impl::GenerationSettings::default());
    let tokens = generator.generate_tokens(&spec).map_err(|e| e.to_string())?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
    Ok(prettyplease::unparse(&file).lines().count())
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned());
    // One line, short enough for a table cell.
    let line = message.lines().next().unwrap_or_default().replace('|', "\\|");
    if line.chars().count() > 160 { format!("{}…", line.chars().take(160).collect::<String>()) } else { line }
}
