//! What the client puts on the wire: method, path, query, headers and body of each operation, and how
//! instance names that try to leave their path segment are encoded or refused.

mod common;

use std::collections::BTreeMap;
use std::fmt::Debug;

use common::{
    API_KEY, BASE_PATH, JSON, PENDING_TRACE, client_for, received_requests, server_answering, single_request,
};
use percent_encoding::percent_decode_str;
use serde_json::{Value, json};
use syncano_client::{Client, Error, RunScriptRequest};
use wiremock::Request;

/// The headers whose values are snapshotted. `host` carries the mock server's port and `user-agent` the
/// crate version, so those two are only checked by [`describe`].
const SNAPSHOT_HEADERS: &[&str] = &["accept", "content-type", "x-api-key"];

/// The instance names that try to break out of their path segment, with the name of their snapshot.
const HOSTILE_NAMES: &[(&str, &str)] =
    &[("a/../b?x#y", "dot_dot_query_fragment"), ("%2F", "encoded_slash"), ("zażółć", "unicode")];

/// Runs `call` against a mock server that answers with a pending Trace, checks that the call succeeded, and
/// returns the one request the server received.
async fn capture<T: Debug, E: Debug>(call: impl AsyncFnOnce(&Client) -> Result<T, E>) -> Request {
    capture_answering(200, PENDING_TRACE, call).await
}

/// Like [`capture`], with the server answering `status` and `body`.
async fn capture_answering<T: Debug, E: Debug>(
    status: u16,
    body: &str,
    call: impl AsyncFnOnce(&Client) -> Result<T, E>,
) -> Request {
    let server = server_answering(status, JSON, body.to_owned()).await;
    let result = call(&client_for(&server, API_KEY)).await;
    assert!(result.is_ok(), "the call failed: {result:?}");
    single_request(&server).await
}

/// JSON snapshots with maps sorted: serde_json's key order depends on which crates are built
/// together (`preserve_order` is a unified feature), and the snapshot must not.
macro_rules! assert_snapshot {
    ($($arg:tt)*) => {
        insta::with_settings!({ sort_maps => true }, { insta::assert_json_snapshot!($($arg)*) })
    };
}

/// The request as a snapshot value, after checking the user agent.
fn describe(request: &Request) -> Value {
    let user_agent = request.headers.get("user-agent").map(|value| value.to_str().unwrap());
    assert_eq!(user_agent, Some(concat!("syncano-client/", env!("CARGO_PKG_VERSION"))));

    let headers: BTreeMap<&str, &str> = SNAPSHOT_HEADERS
        .iter()
        .filter_map(|&name| Some((name, request.headers.get(name)?.to_str().expect("an ASCII header value"))))
        .collect();
    let mut header_names: Vec<&str> = request.headers.keys().map(|name| name.as_str()).collect();
    header_names.sort_unstable();
    let body = if request.body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&request.body).expect("the request body is JSON")
    };
    json!({
        "method": request.method.as_str(),
        "path": request.url.path(),
        "query": request.url.query(),
        "headers": headers,
        "header_names": header_names,
        "body": body,
    })
}

/// The instance name in `request`, percent-decoded, after checking that its path is [`BASE_PATH`] followed by
/// `template`, segment for segment, with the name as the one `{}` segment, and that nothing was sent as a query.
fn decoded_instance_name(request: &Request, template: &str) -> String {
    assert_eq!(request.url.query(), None, "a query was sent: {}", request.url);
    assert_eq!(request.url.fragment(), None, "a fragment was sent: {}", request.url);
    let template = format!("{BASE_PATH}{template}");
    let expected: Vec<&str> = template.split('/').collect();
    let actual: Vec<&str> = request.url.path().split('/').collect();
    assert_eq!(actual.len(), expected.len(), "wrong number of segments in {}", request.url.path());
    let mut instance = None;
    for (actual, expected) in actual.iter().zip(&expected) {
        if *expected == "{}" {
            instance = Some(*actual);
        } else {
            assert_eq!(actual, expected, "in {}", request.url.path());
        }
    }
    let instance = instance.expect("the template has a `{}` segment");
    percent_decode_str(instance).decode_utf8().expect("the segment is UTF-8").into_owned()
}

fn payload(value: Value) -> RunScriptRequest {
    match value {
        Value::Object(map) => RunScriptRequest::new().with_payload(map),
        other => panic!("a payload is an object, not {other}"),
    }
}

#[tokio::test]
async fn run_script_with_a_payload() {
    let body = payload(json!({"KEY": "VALUE", "nested": {"list": [1, 2.5, null, "zażółć"]}}));
    let request = capture(async |client| client.run_script("rivia", 1).body(&body).await).await;
    assert_snapshot!(describe(&request));
}

#[tokio::test]
async fn run_script_with_an_empty_body_object() {
    let request = capture(async |client| client.run_script("rivia", 1).body(&RunScriptRequest::default()).await).await;
    assert_snapshot!(describe(&request));
}

#[tokio::test]
async fn run_script_without_a_body() {
    let request = capture(async |client| client.run_script("rivia", 1).await).await;
    assert_snapshot!(describe(&request));
}

#[tokio::test]
async fn get_trace() {
    let request = capture(async |client| client.get_trace("rivia", 1, 3).await).await;
    assert_snapshot!(describe(&request));
}

#[tokio::test]
async fn get_trace_with_extreme_ids() {
    let request = capture(async |client| client.get_trace("rivia", -1, i64::MAX).await).await;
    assert_snapshot!(describe(&request));
}

#[tokio::test]
async fn hostile_instance_names_in_get_trace() {
    for &(name, slug) in HOSTILE_NAMES {
        let request = capture(async |client| client.get_trace(name, 1, 3).await).await;
        let decoded = decoded_instance_name(&request, "/instances/{}/snippets/scripts/1/traces/3/");
        assert_eq!(decoded, name);
        assert_snapshot!(format!("get_trace_instance_{slug}"), describe(&request));
    }
}

#[tokio::test]
async fn hostile_instance_names_in_run_script() {
    let body = payload(json!({"KEY": "VALUE"}));
    for &(name, slug) in HOSTILE_NAMES {
        let request = capture(async |client| client.run_script(name, 1).body(&body).await).await;
        let decoded = decoded_instance_name(&request, "/instances/{}/snippets/scripts/1/run/");
        assert_eq!(decoded, name);
        assert_snapshot!(format!("run_script_instance_{slug}"), describe(&request));
    }
}

/// Names beyond the snapshotted ones: each must stay one segment and decode back to itself.
#[tokio::test]
async fn any_instance_name_stays_one_segment() {
    let names = [
        "...", ".a", "a.", "a b", "a+b", "50%", "%2e%2e", "%2E%2E", "?", "#", "/", "//", "\\", "a;b=c", "~user",
        "a\tb", "a\r\nb", "a\0b", "😀", "ﬁ",
    ];
    for name in names {
        let request = capture(async |client| client.get_trace(name, 1, 3).await).await;
        let decoded = decoded_instance_name(&request, "/instances/{}/snippets/scripts/1/traces/3/");
        assert_eq!(decoded, name);
    }
}

#[tokio::test]
async fn dot_segments_and_empty_names_are_refused_before_sending() {
    let server = server_answering(200, JSON, PENDING_TRACE).await;
    let client = client_for(&server, API_KEY);
    for name in ["", ".", ".."] {
        let run = client.run_script(name, 1).await;
        let Err(Error::InvalidRequest(error)) = &run else { panic!("run_script({name:?}) was not refused: {run:?}") };
        assert_eq!(error.parameter(), "instance_name");
        assert!(!error.to_string().is_empty());
        assert_eq!(run.unwrap_err().status(), None);

        let get = client.get_trace(name, 1, 3).await;
        let Err(Error::InvalidRequest(error)) = &get else { panic!("get_trace({name:?}) was not refused: {get:?}") };
        assert_eq!(error.parameter(), "instance_name");
    }
    assert_eq!(received_requests(&server).await.len(), 0);
}

#[tokio::test]
async fn no_key_header_without_a_key() {
    let server = server_answering(200, JSON, PENDING_TRACE).await;
    let client = Client::new(&server.uri()).unwrap();
    client.get_trace("rivia", 1, 3).await.unwrap();
    let request = single_request(&server).await;
    assert_eq!(request.headers.get("x-api-key"), None);
    assert_eq!(request.url.path(), "/instances/rivia/snippets/scripts/1/traces/3/");
}

#[test]
fn keys_that_cannot_be_a_header_value_are_refused() {
    let client = Client::new("https://api.syncano.io/v1.1").unwrap();
    for key in ["bad\r\nkey", "bad\nkey", "bad\rkey", "bad\0key"] {
        let result = client.clone().with_api_key(key);
        let error = result.expect_err(&format!("{key:?} was accepted"));
        assert!(!error.to_string().contains("bad"), "the error shows the key: {error}");
    }
}

#[test]
fn debug_output_hides_the_key() {
    let key = "secret-key-123";
    let client = Client::new("https://api.syncano.io/v1.1").unwrap().with_api_key(key).unwrap();
    for debug in [format!("{client:?}"), format!("{client:#?}")] {
        assert!(!debug.contains(key), "the key shows in {debug}");
        assert!(debug.contains("api.syncano.io"), "Debug output lost the base URL: {debug}");
    }
}

mod script_family {
    use super::*;
    use syncano_client::{
        ListOrdering, ListScriptsParams, ListTracesParams, PageDirection, ScriptConfig, ScriptCreate, ScriptPatch,
        ScriptUpdate,
    };

    const SCRIPT: &str = r#"{"id": 7, "runtime_name": "python3", "source": "", "config": {}, "label": "", "description": "",
        "created_at": "2026-11-28T00:00:00Z", "updated_at": "2026-11-28T00:00:00Z",
        "links": {"self": "/s/", "runtimes": "/r/", "run": "/run/", "traces": "/t/"}}"#;
    const EMPTY_PAGE: &str = r#"{"objects": [], "next": null, "prev": null}"#;

    fn config() -> ScriptConfig {
        let mut config = ScriptConfig::new();
        config.insert("timeout".to_owned(), json!(30));
        config.insert("flag".to_owned(), json!(true));
        config
    }

    #[tokio::test]
    async fn list_scripts_with_every_query_parameter() {
        let params = ListScriptsParams::new()
            .with_page_size(2)
            .with_ordering(ListOrdering::Desc)
            .with_direction(PageDirection(1))
            .with_last_pk(7);
        let request = capture_answering(200, EMPTY_PAGE, async |client| {
            client.list_scripts("rivia").params(params.clone()).await
        })
        .await;
        assert_snapshot!(describe(&request));
    }

    #[tokio::test]
    async fn list_scripts_without_parameters() {
        let request = capture_answering(200, EMPTY_PAGE, async |client| client.list_scripts("rivia").await).await;
        assert_snapshot!(describe(&request));
    }

    #[tokio::test]
    async fn create_script() {
        let body = ScriptCreate::new("python3").with_source("print(ARGS)").with_config(config()).with_label("hello");
        let request = capture_answering(201, SCRIPT, async |client| client.create_script("rivia", &body).await).await;
        assert_snapshot!(describe(&request));
    }

    #[tokio::test]
    async fn get_script() {
        let request = capture_answering(200, SCRIPT, async |client| client.get_script("rivia", 7).await).await;
        assert_snapshot!(describe(&request));
    }

    #[tokio::test]
    async fn update_script() {
        let body = ScriptUpdate::new("nodejs_library_v1.0").with_source("console.log(1)").with_description("replaced");
        let request =
            capture_answering(200, SCRIPT, async |client| client.update_script("rivia", 7, &body).await).await;
        assert_snapshot!(describe(&request));
    }

    #[tokio::test]
    async fn patch_script_sends_only_what_changes() {
        let body = ScriptPatch::new().with_label("renamed");
        let request = capture_answering(200, SCRIPT, async |client| client.patch_script("rivia", 7, &body).await).await;
        assert_snapshot!(describe(&request));
    }

    #[tokio::test]
    async fn delete_script() {
        let request = capture_answering(204, "", async |client| client.delete_script("rivia", 7).await).await;
        assert_snapshot!(describe(&request));
    }

    #[tokio::test]
    async fn list_traces() {
        let params = ListTracesParams::new().with_page_size(50);
        let request = capture_answering(200, EMPTY_PAGE, async |client| {
            client.list_traces("rivia", 7).params(params.clone()).await
        })
        .await;
        assert_snapshot!(describe(&request));
    }

    #[tokio::test]
    async fn list_runtimes() {
        let request =
            capture_answering(200, r#"{"python3": {}}"#, async |client| client.list_runtimes("a/../b?x#y").await).await;
        assert_snapshot!(describe(&request));
    }
}
