//! The checked-in client must match the spec, and a failed write must leave it alone.

use std::fs;
use std::path::Path;

use oaswire_codegen::{Document, Settings};
use xtask::{GENERATED_DIR, diff_against, generate_from_file, generate_project, workspace_root, write_atomically};

/// Fails, with the diff, whenever someone edits a spec or the generator without running `cargo xtask codegen`.
#[test]
fn checked_in_clients_are_fresh() {
    let root = workspace_root();
    for target in xtask::TARGETS {
        let generated = xtask::generate_target(&root, target).unwrap_or_else(|e| panic!("{e}"));
        if let Some(diff) = diff_against(&generated, &root.join(target.dir)).unwrap_or_else(|e| panic!("{e}")) {
            panic!("{diff}\n{} is stale: run `cargo xtask codegen` and commit the result", target.dir);
        }
    }
}

/// The staleness check itself must be able to fail: rename a property in a copy of the spec.
#[test]
fn a_renamed_property_makes_the_client_stale() {
    let root = workspace_root();
    let spec = fs::read_to_string(root.join(xtask::SPEC)).expect("the spec is checked in");
    let property = "\n        executed_at:\n";
    assert!(spec.contains(property), "the test renames the Trace.executed_at property");
    let edited = spec.replacen(property, "\n        executed_on:\n", 1);
    let document = Document::parse("syncano.yaml", edited).unwrap_or_else(|e| panic!("{e}"));
    let generated = oaswire_codegen::generate(&document, &Settings::new(xtask::CODEGEN_COMMAND.to_owned()))
        .unwrap_or_else(|e| panic!("{e}"));
    let diff = diff_against(&generated, &root.join(GENERATED_DIR)).expect("readable").expect("must be stale");
    assert!(diff.contains("+    pub executed_on:"), "{diff}");
    assert!(diff.contains("-    pub executed_at:"), "{diff}");
}

fn write_tree(dir: &Path, files: &[(&str, &str)]) {
    fs::create_dir_all(dir).unwrap();
    for (name, contents) in files {
        fs::write(dir.join(name), contents).unwrap();
    }
}

fn read_tree(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn writing_replaces_the_folder_exactly() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("generated");
    write_tree(&out, &[("stale.rs", "old"), ("mod.rs", "old")]);
    let generated = generate_project(&workspace_root()).unwrap();
    write_atomically(&generated, &out).unwrap();
    let names: Vec<String> = read_tree(&out).into_iter().map(|(n, _)| n).collect();
    let expected: Vec<String> = {
        let mut v: Vec<String> = generated.files.iter().map(|f| f.path.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(names, expected);
    assert!(diff_against(&generated, &out).unwrap().is_none());
    assert_eq!(fs::read_dir(temp.path()).unwrap().count(), 1, "no staging or backup folder is left behind");
}

/// A write that fails halfway leaves the previous files intact. The failure is forced by putting
/// a folder where the staging area's `types.rs` goes, which fails even for root.
#[test]
fn a_write_that_fails_halfway_leaves_the_old_files_intact() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("generated");
    write_tree(&out, &[("mod.rs", "previous"), ("types.rs", "previous")]);
    let before = read_tree(&out);
    let staging = temp.path().join(format!(".generated.new-{}", std::process::id()));
    fs::create_dir_all(staging.join("types.rs")).unwrap();
    let generated = generate_project(&workspace_root()).unwrap();
    assert_eq!(generated.files[0].path, "mod.rs", "mod.rs is written before types.rs fails");
    let failure = write_atomically(&generated, &out).expect_err("writing types.rs must fail");
    assert!(failure.to_string().contains("types.rs"), "{failure}");
    assert_eq!(read_tree(&out), before);
    assert!(!staging.exists(), "the staging folder is cleaned up");
}

/// A spec with an error produces located diagnostics and writes nothing.
#[test]
fn a_failed_generation_writes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let spec = temp.path().join("broken.yaml");
    let original = fs::read_to_string(workspace_root().join(xtask::SPEC)).unwrap();
    // Rename the path parameter's declaration: {instance_name} is undeclared (a warning, as
    // the client takes it as a string), and `instance` is not in the template (an error).
    let broken = original.replacen("name: instance_name", "name: instance", 1);
    fs::write(&spec, broken).unwrap();
    let out = temp.path().join("generated");
    write_tree(&out, &[("mod.rs", "previous")]);
    let failure = match generate_from_file(&spec, "broken.yaml", "test") {
        Err(failure) => failure,
        Ok(_) => panic!("the broken spec must not generate"),
    };
    let message = failure.to_string();
    assert!(message.contains("error[path-param-unused]"), "{message}");
    assert!(message.contains("broken.yaml:"), "{message}");
    assert_eq!(failure.exit_code(), 1);
    assert_eq!(read_tree(&out), [("mod.rs".to_owned(), "previous".to_owned())]);
}
