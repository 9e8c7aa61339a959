//! The `syncano` binary (feature `cli`), run against the mock server: stdout, stderr, exit codes.

use std::process::Output;

use serde_json::{Value, json};
use syncano_client::mock::{MockSyncano, RunOutcome};
use syncano_client::{ScriptCreate, TraceResult, TraceStatus};

/// Runs `syncano ARGS` against `mock` with its key in the environment, off the async runtime so the
/// mock keeps answering.
async fn syncano(mock: &MockSyncano, args: &[&str]) -> Output {
    syncano_with(mock, MockSyncano::API_KEY, args).await
}

async fn syncano_with(mock: &MockSyncano, key: &str, args: &[&str]) -> Output {
    let key = (!key.is_empty()).then_some(key);
    syncano_at(&mock.base_url(), key, args).await
}

/// Runs `syncano ARGS` against the server at `base_url`, with `SYNCANO_API_KEY` set to `key`
/// (`None`: unset).
async fn syncano_at(base_url: &str, key: Option<&str>, args: &[&str]) -> Output {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("syncano"));
    command
        .env_remove("SYNCANO_API_KEY")
        .env_remove("SYNCANO_INSTANCE")
        .env("SYNCANO_BASE_URL", base_url)
        .args(["--instance", MockSyncano::INSTANCE])
        .args(args);
    if let Some(key) = key {
        command.env("SYNCANO_API_KEY", key);
    }
    tokio::task::spawn_blocking(move || command.output()).await.expect("the thread ran").expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(output)))
}

fn script(label: &str) -> ScriptCreate {
    ScriptCreate::new("python3")
        .with_source("print('hi')")
        .with_label(label)
        .with_description(format!("the {label} script"))
}

#[tokio::test(flavor = "multi_thread")]
async fn scripts_are_managed_from_the_command_line() {
    let mock = MockSyncano::start().await;
    let created =
        syncano(&mock, &["scripts", "create", "--runtime", "python3", "--label", "hello", "--source", "print(1)"])
            .await;
    assert_eq!(created.status.code(), Some(0), "{}", stderr(&created));
    let id = json(&created)["id"].as_i64().expect("an id");
    let id_text = id.to_string();

    let patched =
        syncano(&mock, &["scripts", "update", &id_text, "--description", "says 1", "--config", r#"{"timeout": 30}"#])
            .await;
    assert_eq!(patched.status.code(), Some(0), "{}", stderr(&patched));
    let patched = json(&patched);
    assert_eq!((patched["label"].as_str(), patched["description"].as_str()), (Some("hello"), Some("says 1")));
    assert_eq!(patched["config"]["timeout"], 30);

    let replaced =
        syncano(&mock, &["scripts", "update", &id_text, "--replace", "--runtime", "nodejs_library_v1.0"]).await;
    assert_eq!(replaced.status.code(), Some(0), "{}", stderr(&replaced));
    let replaced = json(&replaced);
    assert_eq!((&replaced["source"], &replaced["config"]), (&json!(""), &json!({})), "PUT resets source and config");
    assert_eq!((&replaced["label"], &replaced["description"]), (&json!("hello"), &json!("says 1")), "and keeps these");

    let listed = syncano(&mock, &["scripts", "list"]).await;
    assert_eq!(listed.status.code(), Some(0));
    let runtimes: Vec<Value> =
        json(&listed).as_array().expect("an array").iter().map(|s| s["runtime_name"].clone()).collect();
    assert_eq!(runtimes, ["nodejs_library_v1.0"]);

    let deleted = syncano(&mock, &["scripts", "delete", &id_text]).await;
    assert_eq!((deleted.status.code(), stdout(&deleted).as_str()), (Some(0), ""));
    let gone = syncano(&mock, &["scripts", "get", &id_text]).await;
    assert_eq!(gone.status.code(), Some(1));
    assert_eq!(stderr(&gone), "syncano: the server answered 404 Not Found: {\"detail\":\"Not found.\"}\n");
    assert!(stdout(&gone).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn tables_for_people() {
    let mock = MockSyncano::start().await;
    let first = mock.add_script(script("hello"));
    mock.add_script(script("bye"));
    let listed = syncano(&mock, &["scripts", "list", "--output", "table"]).await;
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    insta::assert_snapshot!("scripts_table", stdout(&listed));
    let runtimes = syncano(&mock, &["runtimes", "-o", "table"]).await;
    insta::assert_snapshot!("runtimes_table", stdout(&runtimes));
    let id = first.id.expect("an id").to_string();
    let ran = syncano(&mock, &["scripts", "run", &id, "--wait", "-o", "table"]).await;
    assert_eq!(ran.status.code(), Some(0), "{}", stderr(&ran));
    insta::assert_snapshot!("trace_table", stdout(&ran));
}

#[tokio::test(flavor = "multi_thread")]
async fn run_wait_exits_by_how_the_run_ended() {
    let mock = MockSyncano::start().await;
    let id = mock.add_script(script("hello")).id.expect("an id");
    let id_text = id.to_string();

    let ran = syncano(&mock, &["scripts", "run", &id_text, "--payload", r#"{"name": "Ada"}"#]).await;
    assert_eq!(ran.status.code(), Some(0), "{}", stderr(&ran));
    assert_eq!(json(&ran)["status"], "pending", "without --wait the pending Trace is printed");

    let done = syncano(&mock, &["scripts", "run", &id_text, "--wait"]).await;
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    assert_eq!(json(&done)["status"], "success");
    assert_eq!(stderr(&done), "", "no spinner when stderr is not a terminal");

    let failure = RunOutcome {
        status: TraceStatus::Failure,
        result: TraceResult::new().with_stderr("ZeroDivisionError"),
        ..RunOutcome::default()
    };
    mock.set_outcome(id, failure);
    let failed = syncano(&mock, &["scripts", "run", &id_text, "--wait"]).await;
    assert_eq!(failed.status.code(), Some(3), "{}", stderr(&failed));
    assert_eq!(json(&failed)["result"]["stderr"], "ZeroDivisionError");
    assert!(stderr(&failed).ends_with("finished with status `failure`\n"), "{}", stderr(&failed));

    mock.set_outcome(id, RunOutcome { status: TraceStatus::Unknown("blocked".into()), ..RunOutcome::default() });
    let blocked = syncano(&mock, &["scripts", "run", &id_text, "--wait"]).await;
    assert_eq!(blocked.status.code(), Some(3), "{}", stderr(&blocked));

    mock.set_outcome(id, RunOutcome { reads_before_finish: u32::MAX, ..RunOutcome::default() });
    let late = syncano(&mock, &["scripts", "run", &id_text, "--wait", "--timeout", "1"]).await;
    assert_eq!(late.status.code(), Some(4), "{}", stderr(&late));
    assert_eq!(json(&late)["status"], "processing", "the last Trace seen is printed");

    let traces = syncano(&mock, &["traces", "list", &id_text, "--all"]).await;
    assert_eq!(json(&traces).as_array().map(Vec::len), Some(5));
    let newest = json(&traces)[0]["id"].to_string();
    let trace = syncano(&mock, &["traces", "get", &id_text, &newest]).await;
    assert_eq!(json(&trace)["status"], "processing");
}

#[tokio::test(flavor = "multi_thread")]
async fn lists_stop_at_the_page_bound_and_say_so() {
    let mock = MockSyncano::start().await;
    for n in 0..5 {
        mock.add_script(script(&format!("s{n}")));
    }
    let two_pages = syncano(&mock, &["scripts", "list", "--page-size", "2", "--max-pages", "2"]).await;
    assert_eq!(json(&two_pages).as_array().map(Vec::len), Some(4));
    assert_eq!(stderr(&two_pages), "syncano: there are more Scripts: pass --all or a larger --max-pages\n");
    let all = syncano(&mock, &["scripts", "list", "--page-size", "2", "--all", "--ordering", "desc"]).await;
    let labels: Vec<Value> = json(&all).as_array().expect("an array").iter().map(|s| s["label"].clone()).collect();
    assert_eq!(labels, ["s4", "s3", "s2", "s1", "s0"]);
    assert_eq!(stderr(&all), "");
}

#[tokio::test(flavor = "multi_thread")]
async fn keys_are_required_checked_and_never_printed() {
    let mock = MockSyncano::start().await;
    let missing = syncano_with(&mock, "", &["runtimes"]).await;
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("SYNCANO_API_KEY"), "{}", stderr(&missing));

    let secret = "sk-live-not-an-account-key";
    let wrong = syncano_with(&mock, secret, &["runtimes"]).await;
    assert_eq!(wrong.status.code(), Some(1));
    assert_eq!(stderr(&wrong), "syncano: the server answered 403 Forbidden: {\"detail\":\"No such API Key.\"}\n");

    let flag = syncano_with(&mock, "", &["runtimes", "--api-key", MockSyncano::API_KEY]).await;
    assert_eq!(flag.status.code(), Some(0), "--api-key works without the variable: {}", stderr(&flag));

    let help = syncano_with(&mock, secret, &["--help"]).await;
    assert_eq!(help.status.code(), Some(0));
    let help = stdout(&help);
    assert!(help.contains("SYNCANO_API_KEY") && help.contains("Exit codes:"), "{help}");
    assert!(!help.contains(secret), "--help must not show the key: {help}");

    let injected = syncano_with(&mock, "key\r\nX-Evil: 1", &["runtimes"]).await;
    assert_eq!(injected.status.code(), Some(2), "{}", stderr(&injected));
    assert!(!stderr(&injected).contains("X-Evil"), "{}", stderr(&injected));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_arguments_are_usage_errors() {
    let mock = MockSyncano::start().await;
    let id = mock.add_script(script("hello")).id.expect("an id").to_string();
    let not_json = syncano(&mock, &["scripts", "run", &id, "--payload", "{name: Ada}"]).await;
    assert_eq!(not_json.status.code(), Some(2));
    assert!(stderr(&not_json).starts_with("syncano: --payload is not valid JSON"), "{}", stderr(&not_json));
    let not_object = syncano(&mock, &["scripts", "run", &id, "--payload", "42"]).await;
    assert_eq!(not_object.status.code(), Some(2));
    let unknown = syncano(&mock, &["scripts", "frobnicate"]).await;
    assert_eq!(unknown.status.code(), Some(2));
    let invalid_field = syncano(&mock, &["scripts", "create", "--runtime", "cobol"]).await;
    assert_eq!(invalid_field.status.code(), Some(1));
    assert!(stderr(&invalid_field).contains(r#"{"runtime_name":["\"cobol\" is not a valid choice."]}"#));
    assert_eq!(mock.requests().iter().filter(|r| r.starts_with("POST")).count(), 1, "only the valid call was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn replace_says_what_the_server_resets_and_keeps() {
    let mock = MockSyncano::start().await;
    let help = syncano(&mock, &["scripts", "update", "--help"]).await;
    let help = stdout(&help).split_whitespace().collect::<Vec<_>>().join(" ");
    let replace = &help[help.find("--replace").expect("--replace is documented")..];
    assert!(replace.contains("resets `source` and `config`"), "{replace}");
    assert!(replace.contains("keeps `label` and `description`"), "{replace}");
}

#[tokio::test(flavor = "multi_thread")]
async fn trace_lists_stop_when_next_leads_back_to_the_first_page() {
    let mock = MockSyncano::start().await;
    let id = mock.add_script(script("hello")).id.expect("an id").to_string();
    for _ in 0..4 {
        assert_eq!(syncano(&mock, &["scripts", "run", &id]).await.status.code(), Some(0));
    }
    // Four Traces in pages of two: the last page is exactly full, so its `next` loops.
    let listed = syncano(&mock, &["traces", "list", &id, "--page-size", "2", "--max-pages", "10"]).await;
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    let ids: Vec<i64> = json(&listed).as_array().expect("an array").iter().filter_map(|t| t["id"].as_i64()).collect();
    assert_eq!(ids, [5, 4, 3, 2], "each Trace once, newest first");
    assert!(stderr(&listed).contains("leads back to a page already listed"), "{}", stderr(&listed));
    assert!(!stderr(&listed).contains("there are more"), "{}", stderr(&listed));
    let reads = mock.requests().iter().filter(|r| r.starts_with("GET") && r.contains("/traces/")).count();
    assert_eq!(reads, 3, "two pages, then the first page again, and no more");
}

#[tokio::test(flavor = "multi_thread")]
async fn undocumented_statuses_print_the_servers_body() {
    let mock = MockSyncano::start().await;
    let id = mock.add_script(script("hello")).id.expect("an id").to_string();
    mock.fail_next(405, None);
    let refused = syncano(&mock, &["scripts", "get", &id]).await;
    assert_eq!(refused.status.code(), Some(1));
    let body = json!({"detail": "Injected by the mock."}).to_string();
    assert_eq!(stderr(&refused), format!("syncano: the server answered 405 Method Not Allowed: {body}\n"));

    let html = "<h1>Server Error (500)</h1>";
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(500).set_body_raw(html, "text/html"))
        .mount(&server)
        .await;
    let crashed = syncano_at(&format!("{}/v1.1", server.uri()), Some("any-key"), &["scripts", "list"]).await;
    assert_eq!(crashed.status.code(), Some(1));
    assert_eq!(stderr(&crashed), format!("syncano: the server answered 500 Internal Server Error: {html}\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_over_the_size_limit_is_refused_with_the_servers_message() {
    let mock = MockSyncano::start().await;
    let dir = std::env::temp_dir().join(format!("syncano-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let source = dir.join("big.py");
    std::fs::write(&source, "#".repeat(600 * 1024)).expect("the source is written");
    let path = source.to_string_lossy().into_owned();
    let refused = syncano(&mock, &["scripts", "create", "--runtime", "python3", "--source-file", &path]).await;
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(refused.status.code(), Some(1));
    let body = json!({"detail": "Request size limit exceeded (524288)."}).to_string();
    assert_eq!(stderr(&refused), format!("syncano: the server answered 413 Payload Too Large: {body}\n"));
    assert!(mock.scripts().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn json_output_is_what_the_server_sent() {
    // Keys not in the spec's order, a key the spec does not know, and nulls.
    let sent = r#"{"runtime_name": "python3", "id": 7, "label": "", "description": "", "source": "",
        "config": {"timeout": null, "b": 1, "a": 2}, "shiny_new_field": null,
        "links": {"traces": "/t/", "self": "/s/", "run": "/run/", "runtimes": "/r/"},
        "updated_at": "2026-11-28T00:00:00Z", "created_at": "2026-11-28T00:00:00Z"}"#;
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_raw(sent, "application/json"))
        .mount(&server)
        .await;
    let got = syncano_at(&format!("{}/v1.1", server.uri()), Some("any-key"), &["scripts", "get", "7"]).await;
    assert_eq!(got.status.code(), Some(0), "{}", stderr(&got));
    let printed = json(&got);
    let keys: Vec<&String> = printed.as_object().expect("an object").keys().collect();
    let sent: Value = serde_json::from_str(sent).expect("valid JSON");
    assert_eq!(keys, sent.as_object().expect("an object").keys().collect::<Vec<_>>(), "the server's order");
    assert_eq!(printed["shiny_new_field"], Value::Null);
    assert!(printed.as_object().is_some_and(|o| o.contains_key("shiny_new_field")), "a null is kept");
    assert_eq!(stdout(&got), format!("{}\n", serde_json::to_string_pretty(&sent).expect("printable")));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_key_is_a_usage_error() {
    let mock = MockSyncano::start().await;
    for (key, args) in
        [(Some(""), vec!["runtimes"]), (None, vec!["runtimes", "--api-key", ""]), (Some("  "), vec!["runtimes"])]
    {
        let output = syncano_at(&mock.base_url(), key, &args).await;
        assert_eq!(output.status.code(), Some(2), "{key:?} {args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("the API key is empty"), "{}", stderr(&output));
    }
    assert!(mock.requests().is_empty(), "nothing is sent without a key");
}
