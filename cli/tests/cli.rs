//! The command-line tool as a user runs it: exit codes, what it writes, and how it shows problems.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn oaswire(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("oaswire").unwrap();
    command.current_dir(dir).env("NO_COLOR", "1");
    // The loopback servers of the URL tests are reached directly, whatever proxy is set.
    for proxy in ["ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"] {
        command.env_remove(proxy);
    }
    command
}

fn repo() -> PathBuf {
    // Cargo's value at run time: a test binary shared by clones through one target folder may
    // have been built in another clone.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into());
    PathBuf::from(manifest_dir).parent().unwrap().to_owned()
}

/// A spec with one error (a path template naming an undeclared parameter) on line 4, column 3.
const BROKEN: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets/{id}:\n    get:\n      \
                      operationId: getPet\n      responses:\n        '200': {description: ok}\n";
/// A spec no client can be made from: its path parameter is not in the path template.
const UNUSABLE: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets/{id}:\n    get:\n      \
                        operationId: getPet\n      parameters:\n        - {name: petId, in: path, required: true, \
                        schema: {type: string}}\n      responses:\n        '200': {description: ok}\n";
/// A valid spec whose only diagnostic is a warning: an operation without an operationId.
const WARNS: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      \
                     responses:\n        '200': {description: ok}\n";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn validate_shows_the_line_with_a_caret_and_exits_1() {
    let temp = tempfile::tempdir().unwrap();
    fs::write(temp.path().join("broken.yaml"), BROKEN).unwrap();
    let output = oaswire(temp.path()).args(["validate", "broken.yaml"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("error[path-param-undeclared]: "), "{stderr}");
    assert!(stderr.contains(" --> broken.yaml:4:3\n  |\n4 |   /pets/{id}:\n  |   ^^^^^^^^^^^\n"), "{stderr}");
    assert!(stderr.contains("= note: at #/paths/~1pets~1{id}"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "no colour off a terminal: {stderr:?}");

    // The one-line form, for editors and CI logs, and JSON for machines.
    let short = oaswire(temp.path()).args(["validate", "--format", "short", "broken.yaml"]).output().unwrap();
    assert_eq!(short.status.code(), Some(1));
    assert!(
        text(&short.stderr).starts_with("broken.yaml:4:3: error[path-param-undeclared]: "),
        "{}",
        text(&short.stderr)
    );
    let json = oaswire(temp.path()).args(["validate", "--format", "json", "broken.yaml"]).output().unwrap();
    let first: serde_json::Value = serde_json::from_str(text(&json.stdout).lines().next().unwrap()).unwrap();
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(4), Some(3)));
    assert_eq!(first["rule"], "path-param-undeclared");
}

#[test]
fn warnings_pass_unless_denied() {
    let temp = tempfile::tempdir().unwrap();
    fs::write(temp.path().join("warns.yaml"), WARNS).unwrap();
    let output = oaswire(temp.path()).args(["validate", "warns.yaml"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("warning[operation-id-missing]"));
    let denied = oaswire(temp.path()).args(["validate", "--deny", "warnings", "warns.yaml"]).output().unwrap();
    assert_eq!(denied.status.code(), Some(1));
    // `generate --deny warnings` writes nothing.
    let generate = oaswire(temp.path())
        .args(["generate", "--spec", "warns.yaml", "--out", "c", "--deny", "warnings"])
        .output()
        .unwrap();
    assert_eq!(generate.status.code(), Some(1));
    assert!(!temp.path().join("c").exists());
}

#[test]
fn unreadable_input_and_bad_arguments_exit_2() {
    let temp = tempfile::tempdir().unwrap();
    let missing = oaswire(temp.path()).args(["validate", "nowhere.yaml"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("nowhere.yaml"), "{}", text(&missing.stderr));
    let usage = oaswire(temp.path()).args(["generate", "--spec", "x.yaml"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2), "--out is required");
    let format = oaswire(temp.path()).args(["validate", "--format", "xml", "x.yaml"]).output().unwrap();
    assert_eq!(format.status.code(), Some(2));
}

#[test]
fn generate_writes_a_crate_and_check_tells_fresh_from_stale() {
    let temp = tempfile::tempdir().unwrap();
    let spec = repo().join("sample-clients/specs/petstore.yaml");
    let spec = spec.to_str().unwrap();
    let out = temp.path().join("petstore-client");
    let generate =
        oaswire(temp.path()).args(["generate", "--spec", spec, "--out", "petstore-client"]).output().unwrap();
    assert_eq!(generate.status.code(), Some(0), "{}", text(&generate.stderr));
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"petstore-client\""), "{manifest}");
    assert!(out.join("src/lib.rs").is_file());
    let client = fs::read_to_string(out.join("src/generated/client.rs")).unwrap();
    assert!(client.starts_with("// @generated by `oaswire generate --spec petstore.yaml`"), "{}", &client[..200]);

    let fresh = oaswire(temp.path()).args(["check", "--spec", spec, "--out", "petstore-client"]).output().unwrap();
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh.stderr));

    // Hand-written files are never overwritten; a stale generated file fails the check.
    fs::write(out.join("src/lib.rs"), "// mine\n").unwrap();
    fs::write(out.join("src/generated/client.rs"), client.replace("pub fn ", "pub(crate) fn ")).unwrap();
    let stale = oaswire(temp.path()).args(["check", "--spec", spec, "--out", "petstore-client"]).output().unwrap();
    assert_eq!(stale.status.code(), Some(1));
    assert!(text(&stale.stdout).contains("+++"), "the diff is shown: {}", text(&stale.stdout));
    assert!(text(&stale.stderr).contains("is stale"), "{}", text(&stale.stderr));
    let again = oaswire(temp.path()).args(["generate", "--spec", spec, "--out", "petstore-client"]).output().unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(fs::read_to_string(out.join("src/lib.rs")).unwrap(), "// mine\n");
    assert_eq!(fs::read_to_string(out.join("src/generated/client.rs")).unwrap(), client);

    // A broken spec leaves every file as it was.
    fs::write(temp.path().join("broken.yaml"), UNUSABLE).unwrap();
    let broken =
        oaswire(temp.path()).args(["generate", "--spec", "broken.yaml", "--out", "petstore-client"]).output().unwrap();
    assert_eq!(broken.status.code(), Some(1));
    assert!(text(&broken.stderr).contains("nothing was written"), "{}", text(&broken.stderr));
    assert_eq!(fs::read_to_string(out.join("src/generated/client.rs")).unwrap(), client);
}

#[test]
fn diff_reports_changes_and_exits_0() {
    let temp = tempfile::tempdir().unwrap();
    fs::write(temp.path().join("old.yaml"), WARNS).unwrap();
    let new = WARNS.replace(
        "    get:\n",
        "    get:\n      parameters:\n        - {name: limit, in: query, schema: {type: integer}}\n",
    );
    fs::write(temp.path().join("new.yaml"), new).unwrap();
    let output = oaswire(temp.path()).args(["diff", "old.yaml", "new.yaml", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["compatible"], 1, "{report}");
    assert_eq!(report["changes"][0]["kind"], "parameter-added");
    assert_eq!(report["changes"][0]["location"]["line"], 7);
}

/// A loopback HTTP server for the test: answers each GET with the body `files` holds for its path
/// (404 for others) and `Connection: close`, for at most `requests` requests, and stops.
/// Returns its base URL, `http://127.0.0.1:PORT`.
fn serve(files: Vec<(&'static str, Vec<u8>)>, requests: usize) -> String {
    use std::io::{BufRead as _, BufReader, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let Ok(mut stream) = stream else { continue };
            stream.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            // The headers, up to the blank line; a GET has no body.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let path = request_line.split(' ').nth(1).unwrap_or("");
            let (status, body) = match files.iter().find(|(p, _)| *p == path) {
                Some((_, body)) => ("200 OK", body.as_slice()),
                None => ("404 Not Found", b"not here".as_slice()),
            };
            let head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            // The client may hang up first, on a body over its limit.
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body));
        }
    });
    base
}

/// A spec split in three files: the root, a schema it reaches by `schemas/pet.yaml`, and one that
/// reaches by `../shared/owner.yaml`, resolved against the URL of the file the `$ref` is in.
const ROOT: &str = "openapi: 3.0.3\ninfo: {title: pets, version: '1'}\npaths:\n  /pets/{id}:\n    get:\n      \
                    operationId: getPet\n      parameters:\n        - {name: id, in: path, required: true, \
                    schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          \
                    content:\n            application/json:\n              schema: {$ref: 'schemas/pet.yaml'}\n";
const PET: &str = "type: object\nrequired: [name]\nproperties:\n  name: {type: string}\n  owner: {$ref: \
                   '../shared/owner.yaml'}\n";
const OWNER: &str = "type: object\nproperties:\n  nickname: {type: string}\n";

fn pet_server(pet: &str, requests: usize) -> String {
    serve(
        vec![
            ("/api/openapi.yaml", ROOT.into()),
            ("/api/schemas/pet.yaml", pet.into()),
            ("/api/shared/owner.yaml", OWNER.into()),
            ("/broken.yaml", BROKEN.into()),
            ("/latin1.yaml", b"openapi: 3.0.3\ninfo: {title: caf\xe9, version: '1'}\npaths: {}\n".to_vec()),
        ],
        requests,
    )
}

#[test]
fn a_spec_at_a_url_is_fetched_with_the_files_its_refs_reach() {
    let temp = tempfile::tempdir().unwrap();
    let base = pet_server(PET, 6);
    let url = format!("{base}/api/openapi.yaml");
    let validate = oaswire(temp.path()).args(["validate", &url]).output().unwrap();
    assert_eq!(validate.status.code(), Some(0), "{}", text(&validate.stderr));
    assert!(text(&validate.stderr).contains(&format!("{url}: 0 error(s)")), "{}", text(&validate.stderr));

    let generate = oaswire(temp.path()).args(["generate", "--spec", &url, "--out", "pets"]).output().unwrap();
    assert_eq!(generate.status.code(), Some(0), "{}", text(&generate.stderr));
    let types = fs::read_to_string(temp.path().join("pets/src/generated/types.rs")).unwrap();
    assert!(types.contains("pub struct Pet "), "{types}");
    assert!(types.contains("pub nickname: Option<String>"), "the file `pet.yaml` reaches: {types}");
    let client = fs::read_to_string(temp.path().join("pets/src/generated/client.rs")).unwrap();
    assert!(client.starts_with(&format!("// @generated by `oaswire generate --spec {url}`")), "{}", &client[..200]);
}

#[test]
fn diagnostics_in_fetched_files_name_their_url_and_show_the_line() {
    let temp = tempfile::tempdir().unwrap();
    // `required` must be a list: an error in the file reached by `$ref`.
    let base = pet_server(&PET.replace("required: [name]", "required: name"), 4);
    let url = format!("{base}/api/openapi.yaml");
    let output = oaswire(temp.path()).args(["validate", &url]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(stderr.contains(&format!(" --> {base}/api/schemas/pet.yaml:1:1\n")), "{stderr}");
    assert!(stderr.contains("1 | type: object\n  | ^^^^"), "the line, from the text fetched: {stderr}");

    // A warning in that file, found once the spec has loaded, shown from the text it holds.
    let base = pet_server(&PET.replace("name: {type: string}", "name: {type: string, default: 3}"), 6);
    let url = format!("{base}/api/openapi.yaml");
    let output = oaswire(temp.path()).args(["validate", &url, "--deny", "warnings"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(stderr.contains(&format!(" --> {base}/api/schemas/pet.yaml:4:24\n")), "{stderr}");
    assert!(stderr.contains("4 |   name: {type: string, default: 3}\n  |                        ^"), "{stderr}");

    // An error in the root, found after loading, points into the text the document holds.
    let broken = format!("{base}/broken.yaml");
    let output = oaswire(temp.path()).args(["validate", &broken]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains(&format!(" --> {broken}:4:3\n  |\n4 |   /pets/{{id}}:\n  |   ^^^^")), "{stderr}");
    let short = oaswire(temp.path()).args(["validate", "--format", "short", &broken]).output().unwrap();
    assert!(
        text(&short.stderr).starts_with(&format!("{broken}:4:3: error[path-param-undeclared]")),
        "{}",
        text(&short.stderr)
    );
}

#[test]
fn a_url_that_cannot_be_fetched_exits_2_naming_it() {
    let temp = tempfile::tempdir().unwrap();
    let base = pet_server(PET, 3);
    let missing = format!("{base}/api/nowhere.yaml");
    let output = oaswire(temp.path()).args(["generate", "--spec", &missing, "--out", "c"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains(&format!("cannot fetch {missing}: the server answered 404 Not Found")), "{stderr}");
    assert!(!temp.path().join("c").exists());

    let latin1 = format!("{base}/latin1.yaml");
    let output = oaswire(temp.path()).args(["validate", &latin1]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains(&format!("cannot fetch {latin1}: the body is not UTF-8")));

    // A file a `$ref` reaches that is not there is an error of the spec, located at the `$ref`.
    let base = serve(vec![("/openapi.yaml", ROOT.into())], 2);
    let output = oaswire(temp.path()).args(["validate", &format!("{base}/openapi.yaml")]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains(&format!("cannot fetch {base}/schemas/pet.yaml: the server answered 404")), "{stderr}");

    // Nobody listening.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let output =
        oaswire(temp.path()).args(["check", "--spec", &format!("http://{closed}/x.yaml"), "--out", "c"]).output();
    let output = output.unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains(&format!("cannot fetch http://{closed}/x.yaml: ")),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_body_over_the_limit_is_refused_unbuffered() {
    let temp = tempfile::tempdir().unwrap();
    let huge = vec![b' '; oaswire_codegen::load::MAX_SPEC_BYTES + 1];
    let base = serve(vec![("/huge.yaml", huge)], 1);
    let output = oaswire(temp.path()).args(["validate", &format!("{base}/huge.yaml")]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("the body is over 64 MiB"), "{}", text(&output.stderr));
}

/// The `[dependencies]` lines `generate --module` prints.
fn dependency_lines(stdout: &str) -> Vec<String> {
    let lines = stdout.lines().skip_while(|line| *line != "[dependencies]").skip(1);
    lines.take_while(|line| !line.starts_with("and `mod")).map(str::to_owned).collect()
}

#[test]
fn generate_writes_a_module_and_check_tells_what_the_crate_lacks() {
    let temp = tempfile::tempdir().unwrap();
    let spec = repo().join("sample-clients/specs/petstore.yaml");
    let spec = spec.to_str().unwrap();
    let app = temp.path().join("app");
    fs::create_dir_all(app.join("src")).unwrap();
    fs::write(app.join("src/lib.rs"), "mod api;\n").unwrap();
    let generate = oaswire(&app).args(["generate", "--spec", spec, "--module", "src/api"]).output().unwrap();
    assert_eq!(generate.status.code(), Some(0), "{}", text(&generate.stderr));
    assert!(app.join("src/api/mod.rs").is_file() && app.join("src/api/client.rs").is_file());
    assert!(!app.join("Cargo.toml").exists(), "the crate's manifest is the user's");
    let stdout = text(&generate.stdout);
    assert!(stdout.contains("and `mod api;` in src/lib.rs (or src/main.rs)."), "{stdout}");
    let lines = dependency_lines(&stdout);
    assert!(
        lines.iter().any(|l| l.starts_with("reqwest = { version = \"0.13\", default-features = false")),
        "{stdout}"
    );
    assert!(lines.iter().any(|l| l == "tokio = { version = \"1\", features = [\"time\"] }"), "{stdout}");

    // No Cargo.toml above the module: nothing to check the dependencies against.
    let orphan = oaswire(&app).args(["check", "--spec", spec, "--module", "src/api"]).output().unwrap();
    assert_eq!(orphan.status.code(), Some(2), "{}", text(&orphan.stderr));

    let manifest = format!(
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n{}\n",
        lines.join("\n")
    );
    fs::write(app.join("Cargo.toml"), &manifest).unwrap();
    let check = || oaswire(&app.join("src")).args(["check", "--spec", spec, "--module", "api"]).output().unwrap();
    let fresh = check();
    assert_eq!(fresh.status.code(), Some(0), "{}", text(&fresh.stderr));

    // A missing dependency, and a missing feature of one: exactly what to add.
    fs::write(app.join("Cargo.toml"), manifest.replace("tokio = { version = \"1\", features = [\"time\"] }\n", ""))
        .unwrap();
    let lacking = check();
    assert_eq!(lacking.status.code(), Some(1));
    let stderr = text(&lacking.stderr);
    assert!(stderr.contains("Cargo.toml lacks what the generated module needs; add to its [dependencies]:\n  tokio = { version = \"1\", features = [\"time\"] }\n"), "{stderr}");
    assert!(!stderr.contains("reqwest"), "{stderr}");
    fs::write(app.join("Cargo.toml"), manifest.replace("\"json\", \"query\"", "\"json\"")).unwrap();
    let stderr = text(&check().stderr);
    assert!(stderr.contains("  the feature(s) \"query\" of reqwest\n"), "{stderr}");

    // A dependency inherited from the workspace has the workspace's features too.
    let reqwest = lines.iter().find(|l| l.starts_with("reqwest")).unwrap();
    fs::write(
        temp.path().join("Cargo.toml"),
        format!("[workspace]\nmembers = [\"app\"]\n\n[workspace.dependencies]\n{reqwest}\n"),
    )
    .unwrap();
    fs::write(
        app.join("Cargo.toml"),
        manifest.replace(reqwest.as_str(), "reqwest = { workspace = true, features = [\"json\"] }"),
    )
    .unwrap();
    assert_eq!(check().status.code(), Some(0), "{}", text(&check().stderr));
    fs::write(app.join("Cargo.toml"), &manifest).unwrap();

    // A module nothing declares is never compiled: check says where `mod api;` goes.
    fs::write(app.join("src/lib.rs"), "//! An app.\n").unwrap();
    let undeclared = check();
    assert_eq!(undeclared.status.code(), Some(1));
    let stderr = text(&undeclared.stderr);
    assert!(stderr.contains("add `mod api;` to ") && stderr.contains("app/src/lib.rs (or "), "{stderr}");
    fs::write(app.join("src/lib.rs"), "pub(crate) mod api;\n").unwrap();
    assert_eq!(check().status.code(), Some(0), "{}", text(&check().stderr));

    // A stale module fails as a stale crate does.
    fs::write(app.join("src/api/types.rs"), "// edited\n").unwrap();
    let stale = check();
    assert_eq!(stale.status.code(), Some(1));
    assert!(text(&stale.stderr).contains("api is stale; run `oaswire generate --spec"), "{}", text(&stale.stderr));
}

#[test]
fn out_and_module_are_one_or_the_other() {
    let temp = tempfile::tempdir().unwrap();
    fs::write(temp.path().join("warns.yaml"), WARNS).unwrap();
    let both = oaswire(temp.path())
        .args(["generate", "--spec", "warns.yaml", "--out", "c", "--module", "src/api"])
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(2));
    assert!(text(&both.stderr).contains("cannot be used with"), "{}", text(&both.stderr));
    let neither = oaswire(temp.path()).args(["check", "--spec", "warns.yaml"]).output().unwrap();
    assert_eq!(neither.status.code(), Some(2));
    let named = oaswire(temp.path())
        .args(["generate", "--spec", "warns.yaml", "--module", "src/api", "--name", "x"])
        .output()
        .unwrap();
    assert_eq!(named.status.code(), Some(2), "--name is for a crate");
    let bad =
        oaswire(temp.path()).args(["generate", "--spec", "warns.yaml", "--module", "src/my-api"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("`my-api` is not a Rust identifier"), "{}", text(&bad.stderr));
    assert!(!temp.path().join("src").exists());
}

/// Whether `stderr` holds anything of a progress line: a carriage return, an escape sequence,
/// or one of the spinner's braille frames.
fn has_progress(stderr: &str) -> bool {
    stderr.chars().any(|c| c == '\r' || c == '\u{1b}' || ('\u{2800}'..='\u{28ff}').contains(&c))
}

#[test]
fn off_a_terminal_there_is_no_progress_line() {
    let temp = tempfile::tempdir().unwrap();
    let spec = repo().join("sample-clients/specs/petstore.yaml");
    let spec = spec.to_str().unwrap();
    let runs: [&[&str]; 4] = [
        &["validate", spec],
        &["generate", "--spec", spec, "--out", "c"],
        &["check", "--spec", spec, "--out", "c"],
        &["generate", "--spec", spec, "--module", "src/api"],
    ];
    for args in runs {
        // Without NO_COLOR, which the other tests set: only the terminal test decides.
        let output = Command::cargo_bin("oaswire").unwrap().current_dir(temp.path()).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", text(&output.stderr));
        let stderr = text(&output.stderr);
        assert!(!has_progress(&stderr), "{args:?}: {stderr:?}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: only the result: {stderr:?}");
    }
}

/// The module `generate --module` writes, with the dependencies it prints, builds. It compiles
/// reqwest, tokio and serde once (about 30 s on two cores; seconds after that, in a target folder
/// kept beside the workspace's), offline, with the versions of the workspace's lock file.
#[test]
fn a_generated_module_builds_in_its_crate() {
    let temp = tempfile::tempdir().unwrap();
    let app = temp.path();
    fs::create_dir_all(app.join("src")).unwrap();
    let spec = repo().join("sample-clients/specs/petstore.yaml");
    let generate =
        oaswire(app).args(["generate", "--spec", spec.to_str().unwrap(), "--module", "src/api"]).output().unwrap();
    assert_eq!(generate.status.code(), Some(0), "{}", text(&generate.stderr));
    let lines = dependency_lines(&text(&generate.stdout));
    let manifest = format!(
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n{}\n\n[workspace]\n",
        lines.join("\n")
    );
    fs::write(app.join("Cargo.toml"), manifest).unwrap();
    fs::write(app.join("src/lib.rs"), "//! An app.\n\nmod api;\n\npub use api::Client;\n").unwrap();
    fs::copy(repo().join("Cargo.lock"), app.join("Cargo.lock")).unwrap();
    // target/debug/deps/cli-… → target/clients, where the workspace's tasks build client crates.
    let exe = std::env::current_exe().unwrap();
    let target = exe.ancestors().nth(3).unwrap().join("clients");
    let check = std::process::Command::new(env!("CARGO"))
        .args(["check", "--offline", "--quiet"])
        .current_dir(app)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", text(&check.stderr));
}

/// On a terminal (a pseudo-terminal made by util-linux's `script`), the phases are shown and the
/// line is cleared before the result is printed.
#[test]
fn on_a_terminal_the_progress_line_names_the_phase_and_is_cleared() {
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` to make a terminal with");
        return;
    }
    // A path longer than the terminal is wide (`script` makes it 80 columns).
    let temp = tempfile::tempdir().unwrap();
    let folder = temp.path().join("a-folder-name-long-enough-that-the-progress-line-would-wrap-on-an-80-column-screen");
    fs::create_dir_all(&folder).unwrap();
    let spec = folder.join("petstore.yaml");
    fs::copy(repo().join("sample-clients/specs/petstore.yaml"), &spec).unwrap();
    let command = format!("{} validate {}", env!("CARGO_BIN_EXE_oaswire"), spec.display());
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let screen = text(&output.stdout);
    let reading = screen.find(&format!("reading {}", temp.path().display())).expect(&screen);
    let checking = screen.find("checking 4 operations of").expect(&screen);
    let result = screen.find(&format!("{}: 0 error(s)", spec.display())).expect(&screen);
    assert!(reading < checking && checking < result, "{screen:?}");
    // Erased (`ESC [2K`) after the last spinner frame, whatever cursor moves come with it.
    let last_frame = screen[..result].rfind("operations of").unwrap();
    assert!(screen[last_frame..result].contains("\u{1b}[2K"), "cleared before the result: {screen:?}");
    // One line however long the path: cut to the terminal's width, never wrapped.
    assert!(!screen[..result].contains("\u{1b}[1A"), "the line wrapped: {screen:?}");
}

/// A spec with two tags, an untagged operation, and a schema with a float (no `Eq`) that no
/// operation uses.
const TAGGED: &str = r##"openapi: 3.0.3
info: {title: shop, version: '1'}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
  /orders:
    post:
      operationId: placeOrder
      tags: [store]
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
      responses:
        '204': {description: placed}
  /ping:
    get:
      operationId: ping
      responses:
        '204': {description: up}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        age: {type: integer}
    Scale:
      type: object
      properties:
        kg: {type: number}
    Money:
      type: object
      properties:
        cents: {type: integer}
    Order:
      type: object
      required: [pet]
      properties:
        pet: {$ref: '#/components/schemas/Pet'}
        price: {$ref: '#/components/schemas/Money'}
"##;

const CONFIG: &str = r#"spec = "specs/shop.yaml"
derives = ["Eq", "Hash"]

[package]
name = "shop-api"
version = "0.3.0"

[types.Pet]
rename = "Animal"

[types.Money]
replace = "crate::Cents"

[operations.placeOrder]
rename = "order"

[features]
per-tag = true
"#;

/// A folder with `oaswire.toml` and the spec it names under `specs/`.
fn configured() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    fs::create_dir_all(temp.path().join("specs")).unwrap();
    fs::write(temp.path().join("specs/shop.yaml"), TAGGED).unwrap();
    fs::write(temp.path().join("oaswire.toml"), CONFIG).unwrap();
    temp
}

#[test]
fn the_configuration_in_the_folder_names_the_spec_the_crate_and_its_features() {
    let temp = configured();
    // No --spec and no --config: `oaswire.toml` is found, and its spec read relative to it.
    let generate = oaswire(temp.path()).args(["generate", "--out", "client"]).output().unwrap();
    assert_eq!(generate.status.code(), Some(0), "{}", text(&generate.stderr));
    let manifest = fs::read_to_string(temp.path().join("client/Cargo.toml")).unwrap();
    assert!(manifest.starts_with("[package]\nname = \"shop-api\"\nversion = \"0.3.0\"\n"), "{manifest}");
    assert!(manifest.contains("\n[features]\ndefault = [\"pets\", \"store\", \"other-schemas\"]\n"), "{manifest}");
    let client = fs::read_to_string(temp.path().join("client/src/generated/client.rs")).unwrap();
    assert!(client.contains("#[cfg(feature = \"store\")]\n    /// `POST /orders`\n    pub fn order<"), "{client}");

    let check = oaswire(temp.path()).args(["check", "--out", "client"]).output().unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    // A feature the client uses but Cargo.toml lacks fails the check, naming it.
    fs::write(temp.path().join("client/Cargo.toml"), manifest.replace("store = []\n", "")).unwrap();
    let check = oaswire(temp.path()).args(["check", "--out", "client"]).output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check.stderr).contains("  store = []"), "{}", text(&check.stderr));

    // --config names another file; --spec overrides its spec.
    fs::rename(temp.path().join("oaswire.toml"), temp.path().join("other.toml")).unwrap();
    fs::write(temp.path().join("broken.yaml"), UNUSABLE).unwrap();
    let args = ["generate", "--config", "other.toml", "--spec", "broken.yaml", "--out", "client"];
    let overridden = oaswire(temp.path()).args(args).output().unwrap();
    assert_eq!(overridden.status.code(), Some(1), "the broken spec was read: {}", text(&overridden.stderr));
    let none = oaswire(temp.path()).args(["generate", "--out", "client"]).output().unwrap();
    assert_eq!(none.status.code(), Some(2), "{}", text(&none.stderr));
    assert!(text(&none.stderr).contains("no spec: give --spec"), "{}", text(&none.stderr));
}

#[test]
fn a_mistake_in_the_configuration_is_shown_at_its_line() {
    let temp = configured();
    let typo = CONFIG.replace("[types.Money]", "[types.Mony]").replace("per-tag", "per_tag");
    fs::write(temp.path().join("oaswire.toml"), &typo).unwrap();
    let unknown_key = oaswire(temp.path()).args(["generate", "--out", "client"]).output().unwrap();
    assert_eq!(unknown_key.status.code(), Some(1));
    let stderr = text(&unknown_key.stderr);
    assert!(stderr.contains("error[config]: unknown field `per_tag`"), "{stderr}");
    assert!(stderr.contains(" --> oaswire.toml:18:1\n   |\n18 | per_tag = true\n   | ^"), "{stderr}");
    assert!(!temp.path().join("client").exists(), "nothing is written");

    fs::write(temp.path().join("oaswire.toml"), typo.replace("per_tag", "per-tag")).unwrap();
    let missing = oaswire(temp.path()).args(["generate", "--out", "client", "--format", "short"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(1));
    let stderr = text(&missing.stderr);
    assert!(
        stderr.contains(
            "oaswire.toml:11:8: error[config]: no schema `Mony` in `components.schemas`; did you mean `Money`?"
        ),
        "{stderr}"
    );
}

/// A configured client compiles without warnings with every feature, with one tag's, and with
/// none; derives, the replaced type and the renames included. It builds reqwest and tokio once,
/// in a target folder kept beside the workspace's, offline, with the workspace's lock file.
#[test]
fn a_configured_client_builds_with_any_set_of_its_features() {
    let temp = configured();
    let generate = oaswire(temp.path()).args(["generate", "--out", "client"]).output().unwrap();
    assert_eq!(generate.status.code(), Some(0), "{}", text(&generate.stderr));
    let client = temp.path().join("client");
    let manifest = fs::read_to_string(client.join("Cargo.toml")).unwrap() + "\n[workspace]\n";
    fs::write(client.join("Cargo.toml"), manifest).unwrap();
    // The user's type that replaces `Money`, and uses of what the configuration changed.
    let lib = fs::read_to_string(client.join("src/lib.rs")).unwrap()
        + "\n/// Money in cents.\n#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]\n\
           pub struct Cents(pub i64);\n\n\
           #[cfg(all(test, feature = \"store\"))]\nmod tests {\n    use super::*;\n\n    \
           #[test]\n    fn derived() {\n        \
           let mut set = std::collections::HashSet::new();\n        \
           set.insert(Order::new(Animal::new(\"rex\")).with_price(Cents(5)));\n        \
           let _ = std::mem::size_of::<Animal>();\n    }\n}\n";
    fs::write(client.join("src/lib.rs"), lib).unwrap();
    fs::copy(repo().join("Cargo.lock"), client.join("Cargo.lock")).unwrap();
    let target = std::env::current_exe().unwrap().ancestors().nth(3).unwrap().join("clients");
    for features in [&[][..], &["--no-default-features", "--features", "store"], &["--no-default-features"]] {
        let check = std::process::Command::new(env!("CARGO"))
            .args(["check", "--offline", "--all-targets", "--message-format", "short"])
            .args(features)
            .current_dir(&client)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .unwrap();
        let stderr = text(&check.stderr);
        let stderr: String = stderr
            .lines()
            .filter(|l| !l.trim_start().starts_with("Compiling") && !l.trim_start().starts_with("Checking"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(check.status.success(), "{features:?}: {stderr}");
        assert!(!stderr.contains("warning"), "{features:?}: {stderr}");
    }
}
