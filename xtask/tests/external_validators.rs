//! Ours against openapi-spec-validator and Redocly on the mutation corpus.
//!
//! `cargo xtask test` installs both at pinned versions into `.tools/` and sets `REQUIRE_TOOLS`.
//! The test asserts that ours catches every defect either of them catches, and that
//! `docs/validation.md` holds the current table (`UPDATE_DOCS=1` rewrites it).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::mutations::{Base, Files, MUTATIONS, Mutation, base_files};

/// Validates each file named on the command line; prints one JSON line per file.
const OSV_BATCH: &str = r#"
import json, sys
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename
for path in sys.argv[1:]:
    try:
        spec, base_uri = read_from_filename(path)
        validate(spec, base_uri=base_uri)
        print(json.dumps({"file": path, "valid": True}))
    except Exception as error:
        print(json.dumps({"file": path, "valid": False, "error": str(error)[:200]}))
"#;

struct Tools {
    python: PathBuf,
    redocly: PathBuf,
}

fn tools() -> Option<Tools> {
    let root = xtask::workspace_root();
    let tools =
        Tools { python: root.join(".tools/venv/bin/python"), redocly: root.join(".tools/node_modules/.bin/redocly") };
    if tools.python.exists() && tools.redocly.exists() {
        return Some(tools);
    }
    assert!(std::env::var_os("REQUIRE_TOOLS").is_none(), "validators are required but missing; run `cargo xtask test`");
    eprintln!("skipped: openapi-spec-validator and redocly are not installed; `cargo xtask test` installs them");
    None
}

fn write(files: &Files, dir: &Path) -> PathBuf {
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir.join(files[0].0)
}

/// Whether openapi-spec-validator finds each file invalid.
fn osv_invalid(tools: &Tools, roots: &[PathBuf]) -> Vec<bool> {
    let output = Command::new(&tools.python).arg("-c").arg(OSV_BATCH).args(roots).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let verdicts: Vec<bool> = stdout
        .lines()
        .map(|line| !serde_json::from_str::<serde_json::Value>(line).unwrap()["valid"].as_bool().unwrap())
        .collect();
    assert_eq!(verdicts.len(), roots.len(), "one verdict per file: {stdout}");
    verdicts
}

/// Redocly's problems by rule, or `None` when it could not parse the file at all.
fn redocly_problems(tools: &Tools, root: &Path) -> Option<HashMap<String, usize>> {
    let output = Command::new(&tools.redocly)
        .args(["lint", "--format=json"])
        .arg(root)
        .current_dir(root.parent().unwrap())
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .env("CI", "true")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
    let mut counts = HashMap::new();
    for problem in report["problems"].as_array().into_iter().flatten() {
        *counts.entry(problem["ruleId"].as_str().unwrap_or_default().to_owned()).or_insert(0) += 1;
    }
    Some(counts)
}

/// Redocly catches a mutation when it cannot parse it or reports a rule more often than on the base.
fn redocly_catches(base: &HashMap<String, usize>, mutant: Option<&HashMap<String, usize>>) -> bool {
    mutant.is_none_or(|counts| counts.iter().any(|(rule, n)| *n > base.get(rule).copied().unwrap_or(0)))
}

/// Whether our validator reports the mutation's rule at its line.
fn ours_catches(mutation: &Mutation, files: &Files, root: &Path) -> bool {
    let diagnostics = match xtask::load(root, files[0].0) {
        Ok(document) => oaswire_codegen::check(&document),
        Err(xtask::Failure::Spec(diagnostics)) => diagnostics.0,
        Err(other) => panic!("{other}"),
    };
    let line = mutation.expected_line(files);
    diagnostics.iter().any(|d| d.rule == mutation.rule && d.position.map(|p| p.line) == Some(line))
}

#[test]
fn ours_catches_every_defect_the_independent_validators_catch() {
    let Some(tools) = tools() else { return };
    let syncano = fs::read_to_string(xtask::workspace_root().join(xtask::SPEC)).unwrap();
    let temp = tempfile::tempdir().unwrap();

    let bases = [Base::Syncano, Base::SmallJson, Base::MultiFile, Base::Small31];
    let base_roots: Vec<PathBuf> =
        bases.iter().map(|b| write(&base_files(*b, &syncano), &temp.path().join(format!("base-{b:?}")))).collect();
    assert!(
        osv_invalid(&tools, &base_roots).iter().all(|invalid| !invalid),
        "openapi-spec-validator accepts the bases"
    );
    let base_problems: HashMap<Base, HashMap<String, usize>> = bases
        .iter()
        .zip(&base_roots)
        .map(|(b, root)| (*b, redocly_problems(&tools, root).expect("redocly parses the bases")))
        .collect();

    let mutants: Vec<(&Mutation, Files, PathBuf)> = MUTATIONS
        .iter()
        .map(|m| {
            let files = m.files(&syncano);
            let root = write(&files, &temp.path().join(m.id));
            (m, files, root)
        })
        .collect();
    let roots: Vec<PathBuf> = mutants.iter().map(|(_, _, root)| root.clone()).collect();
    let osv = osv_invalid(&tools, &roots);

    let mut table = String::from(
        "# Validation: ours against independent validators\n\n\
         Generated by `cargo xtask test` (test `ours_catches_every_defect_the_independent_validators_catch`);\n\
         `UPDATE_DOCS=1` rewrites it. Each row is one spec from the mutation corpus (`xtask/src/mutations.rs`):\n\
         a valid spec with exactly one defect. openapi-spec-validator 0.9.0 catches a defect when it rejects\n\
         the file; Redocly CLI 2.77.0 (recommended rules) when it cannot parse it or reports a rule more often\n\
         than on the unmutated spec. Ours catches it when the named rule points at the named line.\n\n\
         | mutation | defect | our rule | ours | openapi-spec-validator | redocly |\n|---|---|---|---|---|---|\n",
    );
    let mark = |caught: bool| if caught { "yes" } else { "no" };
    let (mut ours_total, mut osv_total, mut redocly_total) = (0, 0, 0);
    let mut missed = Vec::new();
    for ((mutation, files, root), osv_caught) in mutants.iter().zip(osv) {
        let ours = ours_catches(mutation, files, root);
        let redocly = redocly_catches(&base_problems[&mutation.base], redocly_problems(&tools, root).as_ref());
        ours_total += usize::from(ours);
        osv_total += usize::from(osv_caught);
        redocly_total += usize::from(redocly);
        if (osv_caught || redocly) && !ours {
            missed.push(mutation.id);
        }
        writeln!(
            table,
            "| `{}` | {} | `{}` | {} | {} | {} |",
            mutation.id,
            mutation.defect,
            mutation.rule,
            mark(ours),
            mark(osv_caught),
            mark(redocly)
        )
        .unwrap();
    }
    let n = MUTATIONS.len();
    writeln!(
        table,
        "\nCaught: ours {ours_total}/{n}, openapi-spec-validator {osv_total}/{n}, redocly {redocly_total}/{n}."
    )
    .unwrap();

    assert!(missed.is_empty(), "ours misses what another validator catches: {missed:?}\n{table}");
    let doc = xtask::workspace_root().join("docs/validation.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        fs::write(&doc, &table).unwrap();
    } else {
        let checked_in = fs::read_to_string(&doc).unwrap_or_default();
        assert_eq!(checked_in, table, "docs/validation.md is stale; rerun with UPDATE_DOCS=1");
    }
}
