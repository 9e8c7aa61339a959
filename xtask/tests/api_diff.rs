//! The breaking-change report: the corpus of spec revision pairs, the version rules, and the report's
//! place in `cargo xtask codegen --check`.

use std::collections::BTreeSet;
use std::fs;

use oaswire_codegen::Document;
use oaswire_codegen::diff::{Bump, GENERATED_NON_EXHAUSTIVE, NonExhaustive, Severity, Side, diff, suggest_bump};
use xtask::api_diff::{
    HeadComparison, Report, check_version, compare_with_head, compare_with_revision, release_commit,
};
use xtask::diff_corpus::PAIRS;

fn syncano() -> String {
    fs::read_to_string(xtask::workspace_root().join(xtask::SPEC)).expect("the spec is checked in")
}

fn parse(name: &str, text: String) -> Document {
    Document::parse(name, text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Each pair must report exactly its expected (kind, severity, item) list, each change located in the
/// revision it belongs to, and the expected bump for a 0.x crate.
#[test]
fn every_pair_reports_exactly_its_changes() {
    let syncano = syncano();
    let mut failures = Vec::new();
    for pair in PAIRS {
        let old = parse("old.yaml", pair.old_text(&syncano));
        let new_text = match pair.new_text(&syncano) {
            Ok(text) => text,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let new = parse("new.yaml", new_text);
        let changes = diff(&old, &new).unwrap_or_else(|e| panic!("{}: {}", pair.name, e.diagnostics));
        let mut got: Vec<(&str, Severity, &str)> =
            changes.iter().map(|c| (c.kind, c.severity, c.item.as_str())).collect();
        let mut want = pair.expected.to_vec();
        got.sort();
        want.sort();
        if got != want {
            let listed: Vec<String> = changes.iter().map(|c| format!("    {} ({})", c, c.item)).collect();
            failures.push(format!("{}: expected {want:?}\n  got:\n{}", pair.name, listed.join("\n")));
        }
        for change in &changes {
            let file = match change.side {
                Side::Old => "old.yaml",
                Side::New => "new.yaml",
            };
            if change.file.as_deref() != Some(file) || change.position.is_none() {
                failures.push(format!("{}: `{change}` is not located in {file}", pair.name));
            }
        }
        let bump = suggest_bump(&changes, "0.1.0").unwrap().bump;
        if bump != pair.bump {
            failures.push(format!("{}: bump {bump:?}, expected {:?}", pair.name, pair.bump));
        }
    }
    assert!(failures.is_empty(), "{} of {} pairs disagree:\n{}", failures.len(), PAIRS.len(), failures.join("\n"));
}

/// The corpus holds every kind of change the issue lists, both ways where both exist.
#[test]
fn the_corpus_covers_every_listed_change() {
    let covered: BTreeSet<(&str, Severity)> =
        PAIRS.iter().flat_map(|p| p.expected.iter().map(|(kind, severity, _)| (*kind, *severity))).collect();
    let required = [
        ("operation-added", Severity::Compatible),
        ("operation-removed", Severity::Breaking),
        ("operation-renamed", Severity::Breaking),
        ("parameter-added", Severity::Breaking),
        ("parameter-removed", Severity::Breaking),
        ("parameter-type-changed", Severity::Breaking),
        ("parameter-required", Severity::Breaking),
        ("field-added", Severity::Breaking),
        ("field-removed", Severity::Breaking),
        ("field-type-changed", Severity::Breaking),
        ("field-optional", Severity::Breaking),
        ("field-required", Severity::Breaking),
        ("field-constant", Severity::Breaking),
        ("enum-value-added", Severity::Compatible),
        ("enum-value-removed", Severity::Breaking),
        ("response-added", Severity::Breaking),
        ("response-added", Severity::Compatible),
        ("response-removed", Severity::Breaking),
        ("type-renamed", Severity::Breaking),
        ("security-added", Severity::Breaking),
        ("union-variant-added", Severity::Breaking),
        ("request-body-added", Severity::Breaking),
        ("documentation", Severity::Documentation),
    ];
    let missing: Vec<_> = required.iter().filter(|r| !covered.contains(r)).collect();
    assert!(missing.is_empty(), "no pair covers {missing:?}");
    assert!(PAIRS.len() >= 25, "{} pairs", PAIRS.len());
    let names: BTreeSet<&str> = PAIRS.iter().map(|p| p.name).collect();
    assert_eq!(names.len(), PAIRS.len(), "pair names are unique");
}

/// The severities of new variants and fields follow from which generated items are
/// `#[non_exhaustive]`; if the emitter changes that, the classifier must change with it.
#[test]
fn the_classifier_knows_which_generated_items_are_non_exhaustive() {
    let generated = xtask::generate_project(&xtask::workspace_root()).unwrap_or_else(|e| panic!("{e}"));
    let file = |name: &str| &generated.files.iter().find(|f| f.path == name).expect("generated").contents;
    // Whether the attributes just above `item` include `#[non_exhaustive]`.
    let marked = |contents: &str, item: &str| {
        let at = contents.find(&format!("\n{item} {{")).unwrap_or_else(|| panic!("`{item}` is generated"));
        let attributes: Vec<&str> =
            contents[..at].lines().rev().take_while(|line| line.starts_with("#[") || line.starts_with("///")).collect();
        attributes.contains(&"#[non_exhaustive]")
    };
    // Whether `item` is a builder: a struct with private fields only, which no literal can make.
    let builder = |contents: &str, item: &str| {
        let at = contents.find(&format!("\n{item} {{")).unwrap_or_else(|| panic!("`{item}` is generated"));
        let body = &contents[at..][..contents[at..].find("\n}").expect("the struct ends")];
        !body.lines().skip(2).any(|line| line.trim_start().starts_with("pub "))
    };
    // The small spec of the corpus has the discriminated union Syncano lacks.
    let small = parse("small.yaml", xtask::diff_corpus::SMALL.to_owned());
    let settings = oaswire_codegen::Settings::new("test".to_owned());
    let small = oaswire_codegen::generate(&small, &settings).unwrap_or_else(|e| panic!("{e}"));
    let small_types = &small.files.iter().find(|f| f.path == "types.rs").expect("generated").contents;
    let emitted = NonExhaustive {
        string_enums: marked(file("types.rs"), "pub enum TraceStatus"),
        error_enums: marked(file("errors.rs"), "pub enum GetScriptError"),
        structs: marked(file("types.rs"), "pub struct Script")
            && marked(file("types.rs"), "pub struct ListScriptsParams"),
        calls: builder(file("client.rs"), "pub struct ListScriptsCall<'a>")
            && builder(file("client.rs"), "pub struct DeleteScriptCall<'a>"),
        tagged_unions: marked(small_types, "pub enum Young"),
        untagged_unions: marked(file("types.rs"), "pub enum BadRequestError"),
    };
    assert_eq!(emitted, GENERATED_NON_EXHAUSTIVE);
}

#[test]
fn removals_point_at_the_old_spec_and_additions_at_the_new() {
    let syncano = syncano();
    let line_of = |text: &str, needle: &str| text[..text.find(needle).unwrap()].matches('\n').count() + 1;
    let removed = PAIRS.iter().find(|p| p.name == "04-operation-removed").unwrap();
    let new_text = removed.new_text(&syncano).unwrap();
    let changes = diff(&parse("old.yaml", syncano.clone()), &parse("new.yaml", new_text)).unwrap();
    let position = changes[0].position.unwrap();
    assert_eq!((changes[0].file.as_deref(), position.line), (Some("old.yaml"), line_of(&syncano, "    delete:\n")));

    let added = PAIRS.iter().find(|p| p.name == "18-enum-value-added").unwrap();
    let new_text = added.new_text(&syncano).unwrap();
    let changes = diff(&parse("old.yaml", syncano.clone()), &parse("new.yaml", new_text.clone())).unwrap();
    let position = changes[0].position.unwrap();
    assert_eq!((changes[0].file.as_deref(), position.line), (Some("new.yaml"), line_of(&new_text, "- blocked")));
}

#[test]
fn bumps_follow_cargo_semver_rules() {
    let syncano = syncano();
    let changes_of = |name: &str| {
        let pair = PAIRS.iter().find(|p| p.name == name).unwrap();
        diff(&parse("old.yaml", syncano.clone()), &parse("new.yaml", pair.new_text(&syncano).unwrap())).unwrap()
    };
    let (breaking, compatible, docs) =
        (changes_of("05-operation-renamed"), changes_of("03-operation-added"), changes_of("02-description-only"));
    let to = |changes: &[oaswire_codegen::diff::Change], version: &str| {
        let s = suggest_bump(changes, version).unwrap();
        (s.bump, s.to)
    };
    assert_eq!(to(&breaking, "0.1.0"), (Bump::Minor, "0.2.0".into()));
    assert_eq!(to(&compatible, "0.1.0"), (Bump::Patch, "0.1.1".into()));
    assert_eq!(to(&docs, "0.1.3"), (Bump::Patch, "0.1.4".into()));
    assert_eq!(to(&breaking, "1.4.2"), (Bump::Major, "2.0.0".into()));
    assert_eq!(to(&compatible, "1.4.2"), (Bump::Minor, "1.5.0".into()));
    assert_eq!(to(&docs, "1.4.2"), (Bump::Patch, "1.4.3".into()));
    assert_eq!(to(&breaking, "0.0.3"), (Bump::Patch, "0.0.4".into()));
    assert_eq!(to(&[], "0.1.0"), (Bump::None, "0.1.0".into()));
    assert!(suggest_bump(&breaking, "one").unwrap_err().contains("not a semver version"));
}

/// A spec with errors has no API to compare: the error names the revision.
#[test]
fn a_revision_with_errors_is_refused_by_name() {
    let syncano = syncano();
    // A parameter that does not resolve: the client cannot be made (a schema that does not would
    // be typed as any JSON, with a warning).
    let broken =
        syncano.replacen("$ref: '#/components/parameters/PageSize'", "$ref: '#/components/parameters/Nope'", 1);
    let (old, new) = (parse("old.yaml", syncano), parse("new.yaml", broken));
    let failure = Report::new(("old.yaml", &old), ("new.yaml", &new), "c", "0.1.0").unwrap_err();
    assert_eq!(failure.exit_code(), 1);
    let text = failure.to_string();
    assert!(text.contains("error: new.yaml has 1 error(s); it cannot be compared"), "{text}");
    assert!(text.contains("ref-unresolved"), "{text}");
}

mod cli {
    use std::path::Path;
    use std::process::{Command, Output};

    use super::*;

    fn xtask(dir: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_xtask")).current_dir(dir).args(args).output().unwrap()
    }

    fn git(dir: &Path, args: &[&str]) {
        let output = Command::new("git")
            .current_dir(dir)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    }

    #[test]
    fn text_and_json_reports_exit_0_whatever_they_find() {
        let temp = tempfile::tempdir().unwrap();
        let syncano = syncano();
        let pair = PAIRS.iter().find(|p| p.name == "05-operation-renamed").unwrap();
        fs::write(temp.path().join("old.yaml"), &syncano).unwrap();
        fs::write(temp.path().join("new.yaml"), pair.new_text(&syncano).unwrap()).unwrap();

        // The renamed operation's line in the checked-in spec (its `get:`), and the client's version
        // in the checked-in manifest with the minor bump a breaking change needs while it is 0.x.
        let line = syncano.lines().position(|l| l.trim() == "operationId: getScript").expect("getScript is there");
        let (_, version) = xtask::api_diff::client_version(&xtask::workspace_root()).unwrap();
        let minor: u64 = version.split('.').nth(1).and_then(|m| m.parse().ok()).expect("a 0.x version");
        let bumped = format!("0.{}.0", minor + 1);

        let text = xtask(temp.path(), &["diff", "old.yaml", "new.yaml"]);
        assert_eq!(text.status.code(), Some(0), "{}", String::from_utf8_lossy(&text.stderr));
        let stdout = String::from_utf8(text.stdout).unwrap();
        assert!(stdout.starts_with("API changes from old.yaml to new.yaml: 1 breaking, 0 compatible"), "{stdout}");
        let located = format!("\nbreaking:\n  new.yaml:{line}:5: operation-renamed: method `Client::get_script`");
        assert!(stdout.contains(&located), "{stdout}");
        assert!(stdout.contains(&format!("{version} → {bumped} (minor bump")), "{stdout}");

        let json = xtask(temp.path(), &["diff", "--format", "json", "old.yaml", "new.yaml"]);
        assert_eq!(json.status.code(), Some(0));
        let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let change = &report["changes"][0];
        assert_eq!(change["kind"], "operation-renamed");
        assert_eq!(change["severity"], "breaking");
        assert_eq!(change["location"]["file"], "new.yaml");
        assert_eq!(change["location"]["line"], line);
        assert_eq!(report["summary"]["breaking"], 1);
        assert_eq!(report["bump"]["level"], "minor");
        assert_eq!(report["bump"]["to"], bumped);
    }

    #[test]
    fn unreadable_input_exits_2_and_a_broken_spec_exits_1() {
        let temp = tempfile::tempdir().unwrap();
        fs::write(temp.path().join("old.yaml"), syncano()).unwrap();
        let missing = xtask(temp.path(), &["diff", "old.yaml", "missing.yaml"]);
        assert_eq!(missing.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&missing.stderr).contains("missing.yaml"));

        fs::write(temp.path().join("broken.yaml"), "openapi: 3.0.3\ninfo: [\n").unwrap();
        let broken = xtask(temp.path(), &["diff", "old.yaml", "broken.yaml"]);
        assert_eq!(broken.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&broken.stderr);
        assert!(stderr.contains("broken.yaml:"), "{stderr}");

        let one = xtask(temp.path(), &["diff", "old.yaml"]);
        assert_eq!(one.status.code(), Some(2));
    }

    /// A long report piped into a reader that stops early (`| head`) ends without a panic.
    #[test]
    fn a_closed_pipe_ends_the_report_without_a_panic() {
        use std::io::Read;
        use std::process::Stdio;

        let temp = tempfile::tempdir().unwrap();
        // 2,000 removed operations: a report far larger than a pipe's buffer.
        let mut old = String::from("openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n");
        for i in 0..2000 {
            old.push_str(&format!(
                "  /items{i}:\n    get:\n      operationId: getItem{i}\n      responses:\n        '204':\n          description: None.\n"
            ));
        }
        fs::write(temp.path().join("old.yaml"), old).unwrap();
        fs::write(temp.path().join("new.yaml"), "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\n")
            .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .current_dir(temp.path())
            .args(["diff", "old.yaml", "new.yaml"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 1];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The read end is closed here; the rest of the report has nowhere to go.
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_ne!(output.status.code(), Some(101), "{stderr}");
    }

    /// `REV:path` reads a spec from git, and the files it reaches by `$ref` from the same revision.
    #[test]
    fn git_revisions_and_their_external_refs_are_read_from_the_revision() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        fs::create_dir_all(dir.join("spec")).unwrap();
        let root = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths:\n  /pets:\n    get:\n      \
                    operationId: listPets\n      responses:\n        '200':\n          description: Pets.\n          \
                    content:\n            application/json:\n              schema:\n                \
                    $ref: 'pet.yaml#/Pet'\n";
        let pet = |fields: &str| format!("Pet:\n  type: object\n  properties:\n{fields}");
        fs::write(dir.join("spec/api.yaml"), root).unwrap();
        fs::write(dir.join("spec/pet.yaml"), pet("    name:\n      type: string\n")).unwrap();
        git(dir, &["init", "-q"]);
        git(dir, &["add", "."]);
        git(dir, &["commit", "-qm", "one"]);
        fs::write(dir.join("spec/pet.yaml"), pet("    nick:\n      type: string\n")).unwrap();
        git(dir, &["commit", "-qam", "two"]);

        let output = xtask(dir, &["diff", "--format", "json", "HEAD~1:spec/api.yaml", "HEAD:spec/api.yaml"]);
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let kinds: Vec<(&str, &str)> = report["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["kind"].as_str().unwrap(), c["item"].as_str().unwrap()))
            .collect();
        assert_eq!(kinds, [("field-removed", "Pet::name"), ("field-added", "Pet::nick")]);
        assert_eq!(report["old"], "HEAD~1:spec/api.yaml");

        let missing = xtask(dir, &["diff", "HEAD~5:spec/api.yaml", "HEAD:spec/api.yaml"]);
        assert_eq!(missing.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&missing.stderr).contains("HEAD~5:spec/api.yaml"));
    }

    /// The client's manifest at `version`.
    fn manifest(version: &str) -> String {
        format!("[package]\nname = \"syncano-client\"\nversion = \"{version}\"\n")
    }

    /// A temporary project with the Syncano spec and a client at version 0.1.0; the spec's text.
    fn client_project() -> (tempfile::TempDir, String) {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        fs::create_dir_all(dir.join("spec")).unwrap();
        fs::create_dir_all(dir.join("generated-client")).unwrap();
        let syncano = syncano();
        fs::write(dir.join(xtask::SPEC), &syncano).unwrap();
        fs::write(dir.join("generated-client/Cargo.toml"), manifest("0.1.0")).unwrap();
        (temp, syncano)
    }

    /// `semver-release-check` compares the client with the commit that set its version, and only
    /// when the client's folder changed since; a bump not committed yet has nothing to compare with.
    #[test]
    fn the_release_check_picks_the_commit_that_set_the_version() {
        use xtask::semver_release::{Baseline, baseline};
        let (temp, _) = client_project();
        let dir = temp.path();
        git(dir, &["init", "-q"]);
        git(dir, &["add", "."]);
        git(dir, &["commit", "-qm", "release 0.1.0"]);
        let release = release_commit(dir, "0.1.0").expect("the commit that set 0.1.0");
        fs::write(dir.join("README"), "unrelated").unwrap();
        git(dir, &["add", "."]);
        git(dir, &["commit", "-qm", "another commit"]);
        assert_eq!(baseline(dir, "0.1.0").unwrap(), Baseline::Unchanged(release.clone()));

        // A generated file changes, committed or not: the client is compared with the release.
        fs::create_dir_all(dir.join("generated-client/src")).unwrap();
        fs::write(dir.join("generated-client/src/lib.rs"), "pub fn f() {}\n").unwrap();
        assert_eq!(baseline(dir, "0.1.0").unwrap(), Baseline::Changed(release.clone()));
        git(dir, &["add", "."]);
        git(dir, &["commit", "-qm", "the generator changed"]);
        assert_eq!(baseline(dir, "0.1.0").unwrap(), Baseline::Changed(release));

        // The bump, not committed yet, then committed: that commit is the new release.
        fs::write(dir.join("generated-client/Cargo.toml"), manifest("0.2.0")).unwrap();
        assert_eq!(baseline(dir, "0.2.0").unwrap(), Baseline::Unreleased);
        git(dir, &["commit", "-qam", "release 0.2.0"]);
        let bumped = release_commit(dir, "0.2.0").expect("the commit that set 0.2.0");
        assert_eq!(baseline(dir, "0.2.0").unwrap(), Baseline::Unchanged(bumped));
    }

    /// `codegen --check`'s version rule on a temporary project: a breaking change fails until the
    /// client's version moves past the one at `HEAD`.
    #[test]
    fn a_breaking_change_needs_a_version_bump() {
        let (temp, syncano) = client_project();
        let dir = temp.path();

        let not_git = compare_with_head(dir, xtask::SPEC).unwrap();
        assert!(matches!(not_git, HeadComparison::Unavailable(_)), "{not_git:?}");

        git(dir, &["init", "-q"]);
        git(dir, &["add", "."]);
        git(dir, &["commit", "-qm", "spec"]);
        assert!(matches!(compare_with_head(dir, xtask::SPEC).unwrap(), HeadComparison::Unchanged));

        let breaking = PAIRS.iter().find(|p| p.name == "19-enum-value-removed").unwrap();
        fs::write(dir.join(xtask::SPEC), breaking.new_text(&syncano).unwrap()).unwrap();
        let HeadComparison::Changed(report, head) = compare_with_head(dir, xtask::SPEC).unwrap() else {
            panic!("the spec changed")
        };
        assert_eq!(head.as_deref(), Some("0.1.0"));
        let failure = check_version(&report, head.as_deref()).unwrap_err();
        assert_eq!(failure.exit_code(), 1);
        assert!(failure.to_string().contains("set `version = \"0.2.0\"` in generated-client/Cargo.toml"), "{failure}");

        fs::write(dir.join("generated-client/Cargo.toml"), manifest("0.2.0")).unwrap();
        let HeadComparison::Changed(report, head) = compare_with_head(dir, xtask::SPEC).unwrap() else {
            panic!("the spec changed")
        };
        check_version(&report, head.as_deref()).unwrap();

        // A compatible change needs no bump to pass the check: a new operation, and the additions
        // an API makes most often, an optional parameter, request field or response field.
        fs::write(dir.join("generated-client/Cargo.toml"), manifest("0.1.0")).unwrap();
        for name in [
            "03-operation-added",
            "07-optional-query-parameter-added",
            "13-optional-request-field-added",
            "28-optional-response-field-added",
        ] {
            let compatible = PAIRS.iter().find(|p| p.name == name).unwrap();
            fs::write(dir.join(xtask::SPEC), compatible.new_text(&syncano).unwrap()).unwrap();
            let HeadComparison::Changed(report, head) = compare_with_head(dir, xtask::SPEC).unwrap() else {
                panic!("{name}: the spec changed")
            };
            assert!(!report.is_breaking(), "{name}: {}", report.count(Severity::Breaking));
            check_version(&report, head.as_deref()).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    /// In CI the breaking change is already committed, perhaps over several commits: `--check`
    /// compares with the commit that set the current version, not with `HEAD`.
    #[test]
    fn a_committed_breaking_change_is_caught_against_the_release() {
        let (temp, syncano) = client_project();
        let dir = temp.path();
        git(dir, &["init", "-q"]);
        git(dir, &["add", "."]);
        git(dir, &["commit", "-qm", "release 0.1.0"]);
        let release = release_commit(dir, "0.1.0").expect("the commit that set 0.1.0");

        let breaking = PAIRS.iter().find(|p| p.name == "19-enum-value-removed").unwrap();
        fs::write(dir.join(xtask::SPEC), breaking.new_text(&syncano).unwrap()).unwrap();
        git(dir, &["commit", "-qam", "remove a value"]);
        fs::write(dir.join("README"), "unrelated").unwrap();
        git(dir, &["add", "."]);
        git(dir, &["commit", "-qm", "another commit"]);
        assert!(matches!(compare_with_head(dir, xtask::SPEC).unwrap(), HeadComparison::Unchanged));
        assert_eq!(release_commit(dir, "0.1.0").as_deref(), Some(release.as_str()));
        let HeadComparison::Changed(report, base) = compare_with_revision(dir, xtask::SPEC, &release).unwrap() else {
            panic!("the spec changed since the release")
        };
        let failure = check_version(&report, base.as_deref()).unwrap_err();
        assert!(failure.to_string().contains(&format!("as at {release}")), "{failure}");

        fs::write(dir.join("generated-client/Cargo.toml"), manifest("0.2.0")).unwrap();
        assert_eq!(release_commit(dir, "0.2.0"), None, "a bump not committed yet has no release commit");
        git(dir, &["commit", "-qam", "release 0.2.0"]);
        let bumped = release_commit(dir, "0.2.0").expect("the commit that set 0.2.0");
        assert_ne!(bumped, release);
        assert!(matches!(compare_with_revision(dir, xtask::SPEC, &bumped).unwrap(), HeadComparison::Unchanged));
    }
}
