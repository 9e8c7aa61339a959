//! Conformance against an independent implementation of the spec: Stoplight Prism.
//!
//! `prism mock spec/syncano.yaml --errors` validates every request against the spec and answers
//! from its examples. `cargo xtask test` installs the pinned Prism and sets `PRISM_BIN` and
//! `REQUIRE_TOOLS`; a plain `cargo test` without Prism skips these tests with a note.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use syncano_client::{
    Client, Error, ListOrdering, ListScriptsParams, ListTracesParams, RunScriptRequest, ScriptCreate, ScriptPatch,
    ScriptUpdate, TraceStatus,
};

/// A running `prism mock`, stopped on drop.
struct Prism {
    child: Child,
    base_url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn workspace_root() -> PathBuf {
    // Cargo's value at run time: a test binary shared by clones through one target folder may
    // have been built in another clone.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into());
    PathBuf::from(manifest_dir).parent().unwrap().to_owned()
}

/// Starts Prism on a free loopback port, or returns `None` when it is not installed and not required.
fn start_prism() -> Option<Prism> {
    let bin = std::env::var_os("PRISM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".tools/node_modules/.bin/prism"));
    if !bin.exists() {
        assert!(
            std::env::var_os("REQUIRE_TOOLS").is_none(),
            "Prism is required but missing at {}; run `cargo xtask test`",
            bin.display()
        );
        eprintln!("skipped: Prism is not installed at {}; `cargo xtask test` installs it", bin.display());
        return None;
    }
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new(&bin)
        .args(["mock", "spec/syncano.yaml", "--errors", "-h", "127.0.0.1", "-p", &port.to_string()])
        .current_dir(workspace_root())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    // Drain Prism's log so it never blocks on a full pipe; echo it for failing runs.
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("prism: {line}");
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("prism exited early with {status}");
        }
        assert!(Instant::now() < deadline, "prism did not listen on port {port} within 60 s");
        std::thread::sleep(Duration::from_millis(100));
    }
    // Prism serves the paths without the servers' `/v1.1` prefix, so the client points at the root.
    Some(Prism { child, base_url: format!("http://127.0.0.1:{port}") })
}

fn payload() -> RunScriptRequest {
    let payload = serde_json::json!({"KEY": "VALUE"}).as_object().cloned().unwrap();
    RunScriptRequest::new().with_payload(payload)
}

/// Every operation of the client, against Prism, in one server run (startup takes seconds).
#[tokio::test]
async fn every_operation_conforms_to_the_spec() {
    let Some(prism) = start_prism() else { return };
    let client = Client::new(&prism.base_url).unwrap().with_api_key("test-key").unwrap();

    let trace = client.run_script("rivia", 1).body(&payload()).await.unwrap_or_else(|e| panic!("run_script: {e:?}"));
    assert_eq!(trace.status, TraceStatus::Pending);
    assert_eq!(trace.links.self_, "/v1.1/instances/rivia/snippets/scripts/1/traces/3/");

    let trace = client.run_script("rivia", 1).await.unwrap_or_else(|e| panic!("run_script without body: {e:?}"));
    assert_eq!(trace.id, 3);

    let trace = client.get_trace("rivia", 1, 3).await.unwrap_or_else(|e| panic!("get_trace: {e:?}"));
    assert_eq!(trace.status, TraceStatus::Success);
    assert!(trace.executed_at.is_some());

    // The rest of the Script family.
    let params = ListScriptsParams::new().with_page_size(2).with_ordering(ListOrdering::Asc);
    let page =
        client.list_scripts("rivia").params(params.clone()).await.unwrap_or_else(|e| panic!("list_scripts: {e:?}"));
    assert!(!page.objects.is_empty());
    let create = ScriptCreate::new("python3").with_source("print(1)").with_label("hello");
    client.create_script("rivia", &create).await.unwrap_or_else(|e| panic!("create_script: {e:?}"));
    client.get_script("rivia", 7).await.unwrap_or_else(|e| panic!("get_script: {e:?}"));
    let update = ScriptUpdate::new("python3").with_source("print(2)");
    client.update_script("rivia", 7, &update).await.unwrap_or_else(|e| panic!("update_script: {e:?}"));
    let patch = ScriptPatch::new().with_label("renamed");
    client.patch_script("rivia", 7, &patch).await.unwrap_or_else(|e| panic!("patch_script: {e:?}"));
    client.delete_script("rivia", 7).await.unwrap_or_else(|e| panic!("delete_script: {e:?}"));
    let traces = ListTracesParams::new().with_page_size(10);
    client.list_traces("rivia", 1).params(traces.clone()).await.unwrap_or_else(|e| panic!("list_traces: {e:?}"));
    let runtimes = client.list_runtimes("rivia").await.unwrap_or_else(|e| panic!("list_runtimes: {e:?}"));
    assert!(!runtimes.is_empty());

    // The same server must refuse requests that break the spec, or the checks above prove nothing.
    let anonymous = Client::new(&prism.base_url).unwrap();
    match anonymous.get_trace("rivia", 1, 3).await {
        Err(Error::UnexpectedResponse(response)) => assert_eq!(response.status.as_u16(), 401, "{response:?}"),
        other => panic!("a request without X-API-KEY must be refused, got {other:?}"),
    }
    let raw = reqwest::Client::new();
    let bad_id = raw
        .post(format!("{}/instances/rivia/snippets/scripts/not-a-number/run/", prism.base_url))
        .header("X-API-KEY", "test-key")
        .json(&serde_json::json!({"payload": {}}))
        .send()
        .await
        .unwrap();
    assert_violation(&bad_id, "script_id");
    let bad_body = raw
        .post(format!("{}/instances/rivia/snippets/scripts/1/run/", prism.base_url))
        .header("X-API-KEY", "test-key")
        .json(&serde_json::json!({"payload": 42}))
        .send()
        .await
        .unwrap();
    assert_violation(&bad_body, "payload");
}

/// Prism answers an invalid request with the spec's own 400 and lists what was wrong in `sl-violations`.
fn assert_violation(response: &reqwest::Response, field: &str) {
    let violations = response.headers().get("sl-violations").map(|v| v.to_str().unwrap_or_default().to_owned());
    assert_eq!(response.status().as_u16(), 400, "violations: {violations:?}");
    let violations = violations.expect("Prism names the violations");
    assert!(violations.contains(field), "{violations}");
}
