//! `cargo xtask semver-cross-check`: generates the old and new client of corpus pairs and asks
//! cargo-semver-checks which changes break them, so our classifier is checked by an independent tool.
//! Every breaking change cargo-semver-checks finds must be one our report calls breaking too.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

use oaswire_codegen::diff::Severity;

use crate::Failure;
use crate::diff_corpus::Pair;

/// The crate name both generated clients get, so cargo-semver-checks compares them as one crate.
const CRATE: &str = "cross-check-client";

/// What each side said about one pair.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The pair's name.
    pub pair: &'static str,
    /// Our breaking changes, as `kind item`.
    pub ours: Vec<String>,
    /// cargo-semver-checks' failed lints, as `lint: where`.
    pub theirs: Vec<String>,
}

impl Outcome {
    /// Agreement as the issue asks it: whatever cargo-semver-checks calls breaking, we do too.
    pub fn agrees(&self) -> bool {
        self.theirs.is_empty() || !self.ours.is_empty()
    }
}

/// Generates `pair`'s two clients under `work` and runs `tool` (the cargo-semver-checks binary) on them,
/// building in `target`.
pub fn check_pair(root: &Path, pair: &Pair, work: &Path, target: &Path, tool: &Path) -> Result<Outcome, Failure> {
    let syncano =
        fs::read_to_string(root.join(crate::SPEC)).map_err(|e| Failure::Io(format!("cannot read the spec: {e}")))?;
    let dir = work.join(pair.name);
    let texts = [("old", pair.old_text(&syncano)), ("new", pair.new_text(&syncano).map_err(Failure::Io)?)];
    let mut documents = Vec::new();
    for (side, text) in &texts {
        let crate_dir = dir.join(side);
        fs::create_dir_all(&crate_dir)
            .map_err(|e| Failure::Io(format!("cannot create {}: {e}", crate_dir.display())))?;
        let spec = dir.join(format!("{side}.yaml"));
        fs::write(&spec, text).map_err(|e| Failure::Io(format!("cannot write {}: {e}", spec.display())))?;
        let display = format!("{side}.yaml");
        let generated = crate::generate_from_file(&spec, &display, "cargo xtask semver-cross-check")?;
        crate::write_atomically(&generated, &crate_dir.join("src/generated"))?;
        // Version 1.0.0, so `--release-type minor` fails exactly the lints that need a major bump;
        // `[workspace]` keeps the crate out of the project's workspace.
        let manifest = crate::standalone_manifest(CRATE, Some("1.0.0"), &generated) + "\n[workspace]\n";
        crate::pin_versions(root, &crate_dir)?;
        for (name, contents) in [("Cargo.toml", manifest.as_str()), ("src/lib.rs", crate::STANDALONE_LIB)] {
            let path = crate_dir.join(name);
            fs::write(&path, contents).map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))?;
        }
        documents.push(crate::load(&spec, &display)?);
    }
    let changes = oaswire_codegen::diff::diff(&documents[0], &documents[1])
        .map_err(|e| Failure::Invalid(pair.name.to_owned(), e.diagnostics))?;
    let ours =
        changes.iter().filter(|c| c.severity == Severity::Breaking).map(|c| format!("{} {}", c.kind, c.item)).collect();
    let output = Command::new(tool)
        .args(["semver-checks", "check-release", "--release-type", "minor", "--baseline-root"])
        .arg(dir.join("old"))
        .arg("--manifest-path")
        .arg(dir.join("new/Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| Failure::Io(format!("cannot run {}: {e}", tool.display())))?;
    // The failures go to stdout; progress and the summary to stderr.
    let mut theirs = failed_lints(&String::from_utf8_lossy(&output.stdout));
    theirs.dedup();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let finished = text.contains("Summary") || text.contains("no semver update required");
    if !finished || output.status.success() != theirs.is_empty() {
        return Err(Failure::Command(format!("cargo-semver-checks did not finish on {}:\n{text}", pair.name)));
    }
    Ok(Outcome { pair: pair.name, ours, theirs })
}

/// `lint: item` for each place cargo-semver-checks' `--- failure LINT: … ---` blocks list.
pub fn failed_lints(output: &str) -> Vec<String> {
    let mut failed = Vec::new();
    let mut lint = None;
    let mut listing = false;
    for line in output.lines() {
        if let Some(rest) = line.strip_prefix("--- failure ") {
            lint = rest.split(':').next().map(str::to_owned);
            listing = false;
        } else if line.trim() == "Failed in:" {
            listing = true;
        } else if listing && line.starts_with("  ") && !line.trim().is_empty() {
            if let Some(lint) = &lint {
                let place = line.trim().split(" in /").next().unwrap_or_default();
                failed.push(format!("{lint}: {place}"));
            }
        } else {
            listing = false;
        }
    }
    failed
}

/// A table of outcomes.
pub fn table(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    for outcome in outcomes {
        let verdict = if outcome.agrees() { "agree" } else { "DISAGREE" };
        let _ = writeln!(out, "== {} ({verdict})", outcome.pair);
        let _ = writeln!(out, "  ours, breaking: {}", list(&outcome.ours));
        let _ = writeln!(out, "  cargo-semver-checks: {}", list(&outcome.theirs));
    }
    out
}

fn list(items: &[String]) -> String {
    if items.is_empty() { "none".to_owned() } else { items.join("; ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_lints_are_read_from_the_failure_blocks() {
        let output = "     Checking cross-check-client v1.0.0 -> v1.0.0\n\
            --- failure enum_variant_added: enum variant added on exhaustive enum ---\n\n\
            Description:\nA publicly-visible enum without #[non_exhaustive] has a new variant.\n\n\
            Failed in:\n  variant TraceStatus:Blocked in /tmp/x/src/generated/types.rs:300\n\n\
            --- failure inherent_method_missing: pub method removed or renamed ---\n\n\
            Failed in:\n  Client::get_script, previously in file /tmp/y/client.rs:197\n\n     Summary semver requires new major version\n";
        assert_eq!(
            failed_lints(output),
            [
                "enum_variant_added: variant TraceStatus:Blocked",
                "inherent_method_missing: Client::get_script, previously in file /tmp/y/client.rs:197"
            ]
        );
    }
}
