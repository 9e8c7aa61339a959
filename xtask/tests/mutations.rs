//! Every mutation in the corpus is caught by the rule it names, at the line it names,
//! and the unmutated spec does not trigger that rule.

use std::fs;
use std::path::Path;

use oaswire_codegen::Diagnostic;
use xtask::mutations::{Files, MUTATIONS, base_files};

fn syncano_spec() -> String {
    fs::read_to_string(xtask::workspace_root().join(xtask::SPEC)).expect("the spec is checked in")
}

/// Writes `files` under `dir` and runs the validator on the root, as `cargo xtask validate` does.
fn diagnostics(files: &Files, dir: &Path) -> Vec<Diagnostic> {
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let root = files[0].0;
    match xtask::load(&dir.join(root), root) {
        Ok(document) => oaswire_codegen::check(&document),
        Err(xtask::Failure::Spec(diagnostics)) => diagnostics.0,
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn every_mutation_is_caught_at_its_line() {
    let syncano = syncano_spec();
    let mut failures = Vec::new();
    for mutation in MUTATIONS {
        let temp = tempfile::tempdir().unwrap();
        let files = mutation.files(&syncano);
        let line = mutation.expected_line(&files);
        let found = diagnostics(&files, temp.path());
        let hit = found.iter().any(|d| {
            d.rule == mutation.rule
                && d.file.as_deref() == Some(mutation.file)
                && d.position.map(|p| p.line) == Some(line)
        });
        if !hit {
            let found: Vec<String> = found.iter().map(ToString::to_string).collect();
            failures.push(format!(
                "{}: expected {} at {}:{line}, got:\n    {}",
                mutation.id,
                mutation.rule,
                mutation.file,
                found.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} mutations missed:\n{}",
        failures.len(),
        MUTATIONS.len(),
        failures.join("\n")
    );
}

#[test]
fn the_unmutated_bases_are_clean() {
    let syncano = syncano_spec();
    for base in [
        xtask::mutations::Base::Syncano,
        xtask::mutations::Base::SmallJson,
        xtask::mutations::Base::MultiFile,
        xtask::mutations::Base::Small31,
    ] {
        let temp = tempfile::tempdir().unwrap();
        let files = base_files(base, &syncano);
        let found = diagnostics(&files, temp.path());
        // The multi-file spec is valid; its relative refs are simply not generated yet.
        let found: Vec<String> =
            found.iter().filter(|d| d.rule != "ref-unsupported").map(ToString::to_string).collect();
        assert!(found.is_empty(), "{base:?} must be clean:\n{}", found.join("\n"));
    }
}

#[test]
fn the_corpus_covers_every_rule_with_thirty_mutations_or_more() {
    assert!(MUTATIONS.len() >= 30);
    let mut ids: Vec<&str> = MUTATIONS.iter().map(|m| m.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), MUTATIONS.len(), "mutation ids are unique");
    for rule in [
        "syntax",
        "duplicate-key",
        "version",
        "ref-unresolved",
        "ref-cycle",
        "path-param-undeclared",
        "path-param-unused",
        "path-param-optional",
        "param-duplicate",
        "operation-id-duplicate",
        "operation-id-missing",
        "example-invalid",
        "default-invalid",
        "security-undefined",
        "response-key",
        "name-collision",
    ] {
        assert!(MUTATIONS.iter().any(|m| m.rule == rule), "no mutation for {rule}");
    }
}
