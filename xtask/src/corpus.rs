//! `cargo xtask corpus [DIR]`: generate a client for every spec in DIR, build them all in one
//! workspace with clippy, and print one row per spec.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{Failure, generate_from_file, standalone_manifest, write_atomically};

/// What happened to one spec.
#[derive(Debug, Default)]
pub struct Row {
    /// The spec, relative to the corpus folder.
    pub spec: String,
    /// The crate generated for it.
    pub crate_name: String,
    /// Client methods generated.
    pub operations: usize,
    /// Named types generated.
    pub types: usize,
    /// Generation errors (0 when it generated).
    pub generation_errors: usize,
    /// Generation time in milliseconds (load, validate, generate, format; not the write).
    pub generation_ms: u128,
    /// Compile errors.
    pub check_errors: usize,
    /// rustc warnings.
    pub rustc_warnings: usize,
    /// clippy warnings.
    pub clippy_warnings: usize,
    /// Values typed as `serde_json::Value`, by what forced each.
    pub json_values: Vec<(String, usize)>,
}

impl Row {
    /// Whether the spec passed: generated and built with no errors and no warnings.
    pub fn passed(&self) -> bool {
        self.generation_errors == 0 && self.check_errors == 0 && self.rustc_warnings == 0 && self.clippy_warnings == 0
    }
}

/// Every spec file below `dir`, sorted.
pub fn specs(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        let entries = fs::read_dir(&dir).map_err(|e| Failure::Io(format!("cannot list {}: {e}", dir.display())))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Generates and builds every spec below `dir` in `work` (a scratch folder), with `target` as the target dir.
pub fn run(dir: &Path, work: &Path, target: &Path) -> Result<Vec<Row>, Failure> {
    let _ = fs::remove_dir_all(work);
    fs::create_dir_all(work).map_err(|e| Failure::Io(format!("cannot create {}: {e}", work.display())))?;
    let mut rows = Vec::new();
    for spec in specs(dir)? {
        let relative = spec.strip_prefix(dir).unwrap_or(&spec).to_string_lossy().replace('\\', "/");
        let crate_name = format!(
            "corpus-{}",
            oaswire_codegen::names::snake(relative.rsplit_once('.').map_or(relative.as_str(), |(stem, _)| stem))
                .replace('_', "-")
        );
        let mut row = Row { spec: relative.clone(), crate_name: crate_name.clone(), ..Row::default() };
        let started = Instant::now();
        let result = generate_from_file(&spec, &relative, "cargo xtask corpus");
        row.generation_ms = started.elapsed().as_millis();
        match result {
            Ok(generated) => {
                let out = work.join(&crate_name);
                write_atomically(&generated, &out.join("src/generated"))?;
                let manifest = standalone_manifest(&crate_name, None, &generated);
                fs::write(out.join("Cargo.toml"), manifest).map_err(|e| Failure::Io(e.to_string()))?;
                fs::write(out.join("src/lib.rs"), crate::STANDALONE_LIB).map_err(|e| Failure::Io(e.to_string()))?;
                row.operations = generated.stats.operations;
                row.types = generated.stats.types;
                row.json_values = generated.stats.json_values.clone();
            }
            Err(Failure::Spec(diagnostics)) => {
                row.generation_errors = diagnostics.error_count().max(1);
                eprintln!("{diagnostics}");
            }
            Err(other) => return Err(other),
        }
        rows.push(row);
    }
    let members: Vec<String> =
        rows.iter().filter(|r| r.generation_errors == 0).map(|r| format!("\"{}\"", r.crate_name)).collect();
    let workspace = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", "));
    fs::write(work.join("Cargo.toml"), workspace).map_err(|e| Failure::Io(e.to_string()))?;
    crate::pin_versions(&crate::workspace_root(), work)?;
    if !members.is_empty() {
        clippy(work, target, &mut rows)?;
    }
    Ok(rows)
}

/// Runs clippy over the whole corpus workspace and counts errors and warnings per crate.
fn clippy(work: &Path, target: &Path, rows: &mut [Row]) -> Result<(), Failure> {
    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--workspace", "--message-format=json", "--quiet"])
        .current_dir(work)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| Failure::Io(format!("cannot run cargo clippy: {e}")))?;
    let mut by_crate: HashMap<String, (usize, usize, usize)> = HashMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let target_name = message["target"]["name"].as_str().unwrap_or_default().replace('_', "-");
        let level = message["message"]["level"].as_str().unwrap_or_default();
        let code = message["message"]["code"]["code"].as_str().unwrap_or_default();
        let counts = by_crate.entry(target_name).or_default();
        match level {
            "error" => counts.0 += 1,
            "warning" if code.starts_with("clippy::") => counts.2 += 1,
            "warning" => counts.1 += 1,
            _ => {}
        }
        if let Some(rendered) = message["message"]["rendered"].as_str() {
            eprint!("{rendered}");
        }
    }
    for row in rows.iter_mut().filter(|r| r.generation_errors == 0) {
        let (errors, rustc, clippy) = by_crate.get(&row.crate_name).copied().unwrap_or_default();
        row.check_errors = errors;
        row.rustc_warnings = rustc;
        row.clippy_warnings = clippy;
    }
    if !output.status.success() && by_crate.values().all(|c| c.0 == 0) {
        return Err(Failure::Command(format!(
            "cargo clippy failed without a compiler error:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(())
}

/// The rows as a Markdown table.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| spec | operations | types | generation | check | rustc warnings | clippy warnings | generation ms | `serde_json::Value` (what forced it) |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    for row in rows {
        let generation =
            if row.generation_errors == 0 { "ok".to_owned() } else { format!("{} errors", row.generation_errors) };
        let check = match (row.generation_errors, row.check_errors) {
            (0, 0) => "ok".to_owned(),
            (0, n) => format!("{n} errors"),
            _ => "-".to_owned(),
        };
        let total: usize = row.json_values.iter().map(|(_, n)| n).sum();
        let reasons: Vec<String> = row.json_values.iter().map(|(reason, n)| format!("{n} {reason}")).collect();
        let values = if total == 0 { "0".to_owned() } else { format!("{total} ({})", reasons.join("; ")) };
        writeln!(
            out,
            "| {} | {} | {} | {generation} | {check} | {} | {} | {} | {values} |",
            row.spec, row.operations, row.types, row.rustc_warnings, row.clippy_warnings, row.generation_ms
        )
        .expect("writing to a String cannot fail");
    }
    out
}
