//! `cargo xtask validate` as a user runs it: output formats and exit codes.

use std::fs;
use std::process::{Command, Output};

fn validate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).arg("validate").args(args).output().unwrap()
}

#[test]
fn the_project_spec_is_clean() {
    let output = validate(&[]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    assert!(output.stdout.is_empty(), "no diagnostics at all: {}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn errors_exit_1_with_rustc_style_lines_and_json_objects() {
    let temp = tempfile::tempdir().unwrap();
    let spec = temp.path().join("broken.yaml");
    let text = fs::read_to_string(xtask::workspace_root().join(xtask::SPEC)).unwrap();
    let broken = text.replacen("{trace_id}/:", "{trace_id}/{extra}/:", 1);
    let line = broken[..broken.find("{extra}/:").unwrap()].matches('\n').count() + 1;
    fs::write(&spec, broken).unwrap();
    let spec = spec.to_str().unwrap();

    let text = validate(&[spec]);
    assert_eq!(text.status.code(), Some(1));
    let stdout = String::from_utf8(text.stdout).unwrap();
    let expected = format!("{spec}:{line}:3: error[path-param-undeclared]: path template names {{extra}}");
    let reported = stdout.lines().find(|l| l.contains("path-param-undeclared")).expect("the defect is reported");
    assert!(reported.starts_with(&expected), "{reported}");
    let pointer =
        "(at #/paths/~1instances~1{instance_name}~1snippets~1scripts~1{script_id}~1traces~1{trace_id}~1{extra}~1)";
    assert!(reported.ends_with(pointer), "{reported}");

    let json = validate(&["--format", "json", spec]);
    assert_eq!(json.status.code(), Some(1));
    let stdout = String::from_utf8(json.stdout).unwrap();
    let objects: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let object = objects.iter().find(|o| o["rule"] == "path-param-undeclared").unwrap();
    for field in ["file", "line", "column", "pointer", "severity", "rule", "message"] {
        assert!(!object[field].is_null(), "{field} is missing in {object}");
    }
    assert_eq!((object["line"].as_u64(), object["severity"].as_str()), (Some(line as u64), Some("error")));
}

#[test]
fn warnings_alone_exit_0() {
    let temp = tempfile::tempdir().unwrap();
    let spec = temp.path().join("warn.yaml");
    let text = fs::read_to_string(xtask::workspace_root().join(xtask::SPEC)).unwrap();
    fs::write(&spec, text.replacen("      operationId: getTrace\n", "", 1)).unwrap();
    let output = validate(&[spec.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("warning[operation-id-missing]"));
}

#[test]
fn an_unreadable_file_exits_2() {
    let output = validate(&["/nonexistent/spec.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read /nonexistent/spec.yaml"));
}
