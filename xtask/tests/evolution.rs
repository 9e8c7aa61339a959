//! A compatible API change gives a compatible crate, for the code written by hand inside it too.
//!
//! Every compatible pair of the diff corpus is applied to `spec/syncano.yaml` at once (a new
//! operation, optional parameters, fields and body, enum values, statuses), the client is
//! regenerated into a copy of `generated-client/`, and the copy must build with its tests,
//! examples, CLI and mock. Outside the crate `#[non_exhaustive]` protects users; inside it, it does
//! not, so this is what catches a struct literal or an exhaustive `match` in `mock.rs` or `wait.rs`.

use std::fs;
use std::path::Path;
use std::process::Command;

use oaswire_codegen::Document;
use oaswire_codegen::diff::{Severity, diff};
use xtask::diff_corpus::{Base, PAIRS};

/// Copies `from` into `to`, folders included.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The client's manifest without what it inherits from the workspace, as a workspace of its own.
fn standalone(manifest: &str) -> String {
    let replaced = manifest
        .replace("edition.workspace = true", "edition = \"2024\"")
        .replace("rust-version.workspace = true", "rust-version = \"1.85\"")
        .replace("license.workspace = true", "license = \"MIT OR Apache-2.0\"")
        .replace(
            "insta = { workspace = true, features = [\"json\"] }",
            "insta = { version = \"1\", features = [\"json\"] }",
        );
    assert!(!replaced.contains("workspace = true"), "a key still comes from the workspace:\n{replaced}");
    replaced + "\n[workspace]\n"
}

#[test]
fn hand_written_code_builds_after_every_compatible_change_at_once() {
    let root = xtask::workspace_root();
    let syncano = fs::read_to_string(root.join(xtask::SPEC)).unwrap();
    let compatible: Vec<_> = PAIRS
        .iter()
        .filter(|p| p.base == Base::Syncano && !p.edits.is_empty())
        .filter(|p| p.expected.iter().all(|(_, severity, _)| *severity != Severity::Breaking))
        .collect();
    assert!(compatible.len() >= 10, "{} compatible pairs", compatible.len());
    // Pairs edit the same text now and then (two of them touch `getScript`'s parameters); one
    // whose edit no longer applies after the pairs before it is left out.
    let mut text = syncano.clone();
    let mut applied = Vec::new();
    for pair in &compatible {
        // The pair's base is Syncano, so its edits apply to the text given as the base.
        if let Ok(edited) = pair.new_text(&text) {
            text = edited;
            applied.push(pair.name);
        }
    }
    for name in [
        "07-optional-query-parameter-added",
        "08-first-optional-query-parameter",
        "13-optional-request-field-added",
        "18-enum-value-added",
        "28-optional-response-field-added",
        "34-optional-request-body-added",
        "35-optional-header-parameter-added",
    ] {
        assert!(applied.contains(&name), "{name} is not applied; applied: {applied:?}");
    }
    assert!(applied.len() + 1 >= compatible.len(), "applied {applied:?} of {}", compatible.len());
    let old = Document::parse("old.yaml", syncano).unwrap();
    let new = Document::parse("new.yaml", text).unwrap_or_else(|e| panic!("{e}"));
    let changes = diff(&old, &new).unwrap();
    let breaking: Vec<String> =
        changes.iter().filter(|c| c.severity == Severity::Breaking).map(ToString::to_string).collect();
    assert!(breaking.is_empty(), "{}", breaking.join("\n"));
    assert!(changes.len() >= applied.len(), "{} changes from {} pairs", changes.len(), applied.len());

    let temp = tempfile::tempdir().unwrap();
    let copy = temp.path().join("generated-client");
    copy_tree(&root.join("generated-client"), &copy);
    fs::copy(root.join("README.md"), temp.path().join("README.md")).unwrap();
    fs::copy(root.join("Cargo.lock"), copy.join("Cargo.lock")).unwrap();
    let manifest = fs::read_to_string(copy.join("Cargo.toml")).unwrap();
    fs::write(copy.join("Cargo.toml"), standalone(&manifest)).unwrap();
    let generated =
        oaswire_codegen::generate(&new, &oaswire_codegen::Settings::new("cargo xtask codegen".to_owned())).unwrap();
    xtask::write_atomically(&generated, &copy.join("src/generated")).unwrap();

    // A target folder of its own, kept between runs, so the outer `cargo test` holds no lock on it.
    let output = Command::new(env!("CARGO"))
        .args(["check", "--offline", "--all-targets", "--all-features", "--message-format", "short"])
        .current_dir(&copy)
        .env("CARGO_TARGET_DIR", xtask::clients_target(&root))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}
