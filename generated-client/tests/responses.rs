//! How each server answer lands: documented successes and errors as typed values, everything else as an
//! `UnexpectedResponse` that keeps the status, headers and raw body.

mod common;

use std::collections::BTreeMap;
use std::fmt::Display;

use chrono::NaiveDate;
use common::{JSON, PENDING_TRACE, client_for, received_requests, server_answering};
use serde_json::{Value, json};
use syncano_client::{
    ApiError, BadRequestError, Client, Error, ErrorDetail, GetTraceError, RunScriptError, StatusCode, Trace,
    TraceResult, TraceStatus, UnexpectedResponse,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A distinctive key, so a leak into any message is easy to spot.
const SECRET_KEY: &str = "secret-key-123";

const HTML: &str = "text/html; charset=utf-8";

/// The result of `run_script("rivia", 1, None)` against a server that answers `status`, `content_type` and `body`.
async fn run_script(status: u16, content_type: &str, body: &[u8]) -> Result<Trace, Error<RunScriptError>> {
    let server = server_answering(status, content_type, body).await;
    client_for(&server, SECRET_KEY).run_script("rivia", 1).await
}

/// The result of `get_trace("rivia", 1, 3)` against a server that answers `status`, `content_type` and `body`.
async fn get_trace(status: u16, content_type: &str, body: &[u8]) -> Result<Trace, Error<GetTraceError>> {
    let server = server_answering(status, content_type, body).await;
    client_for(&server, SECRET_KEY).get_trace("rivia", 1, 3).await
}

/// Checks what every error must do: report `status`, and print a message that is not empty and holds no key.
fn check_error<E: ApiError + Display>(error: &Error<E>, status: u16) {
    assert_eq!(error.status(), Some(StatusCode::from_u16(status).unwrap()), "{error:?}");
    let display = error.to_string();
    assert!(!display.is_empty());
    assert!(!display.contains(SECRET_KEY), "the key shows in {display}");
    assert!(!format!("{error:?}").contains(SECRET_KEY), "the key shows in {error:?}");
}

/// The documented error in `result`, after [`check_error`].
fn api_error<E: ApiError + Display>(result: Result<Trace, Error<E>>, status: u16) -> E {
    let error = result.expect_err("the call succeeded");
    check_error(&error, status);
    match error {
        Error::Api(error) => error,
        other => panic!("expected a documented error, got {other:?}"),
    }
}

/// The unexpected response in `result`, after [`check_error`].
fn unexpected<E: ApiError + Display>(result: Result<Trace, Error<E>>, status: u16) -> Box<UnexpectedResponse> {
    let error = result.expect_err("the call succeeded");
    check_error(&error, status);
    match error {
        Error::UnexpectedResponse(response) => response,
        other => panic!("expected an unexpected response, got {other:?}"),
    }
}

fn detail(text: &str) -> ErrorDetail {
    ErrorDetail::new(text)
}

/// A finished Trace as the server sends it, with `status`.
fn finished_trace(status: &str) -> Value {
    json!({
        "status": status,
        "links": {"self": "/v1.1/instances/rivia/snippets/scripts/1/traces/3/"},
        "executed_at": "2026-11-28T00:07:00.939300Z",
        "result": {"stdout": "Hello world!", "stderr": ""},
        "duration": 312,
        "id": 3,
    })
}

#[tokio::test]
async fn run_script_answers_a_pending_trace() {
    let trace = run_script(200, JSON, PENDING_TRACE.as_bytes()).await.unwrap();
    assert_eq!(trace.status, TraceStatus::Pending);
    assert_eq!(trace.id, 3);
    assert_eq!(trace.links.self_, "/v1.1/instances/rivia/snippets/scripts/1/traces/3/");
    assert_eq!(trace.executed_at, None);
    assert_eq!(trace.duration, None);
    assert_eq!(trace.result, TraceResult::default());
    // Nothing is lost on the way back: the Trace serializes to exactly what the server sent.
    assert_eq!(serde_json::to_value(&trace).unwrap(), serde_json::from_str::<Value>(PENDING_TRACE).unwrap());
}

#[tokio::test]
async fn get_trace_keeps_every_status() {
    let statuses = [
        ("pending", TraceStatus::Pending),
        ("processing", TraceStatus::Processing),
        ("success", TraceStatus::Success),
        ("failure", TraceStatus::Failure),
        ("timeout", TraceStatus::Timeout),
        ("queue_timeout", TraceStatus::Unknown("queue_timeout".to_owned())),
        ("blocked", TraceStatus::Unknown("blocked".to_owned())),
    ];
    let executed_at =
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap().and_hms_micro_opt(0, 7, 0, 939_300).unwrap().and_utc();
    for (wire, status) in statuses {
        let sent = finished_trace(wire);
        let trace = get_trace(200, JSON, sent.to_string().as_bytes()).await.unwrap();
        assert_eq!(trace.status, status);
        assert_eq!(trace.status.as_str(), wire);
        assert_eq!(trace.status.to_string(), wire);
        assert_eq!(trace.executed_at, Some(executed_at));
        assert_eq!(trace.duration, Some(312));
        assert_eq!(trace.result.stdout.as_deref(), Some("Hello world!"));
        assert_eq!(trace.result.stderr.as_deref(), Some(""));
        assert_eq!(serde_json::to_value(&trace).unwrap(), sent, "{wire} did not survive a round trip");
    }
}

#[tokio::test]
async fn documented_errors_of_run_script() {
    let field_errors = BTreeMap::from([("payload".to_owned(), vec!["Not a valid JSON string.".to_owned()])]);
    let cases = [
        (
            400,
            r#"{"detail": "JSON parse error - No JSON object could be decoded"}"#,
            RunScriptError::BadRequest(BadRequestError::ErrorDetail(detail(
                "JSON parse error - No JSON object could be decoded",
            ))),
        ),
        (
            400,
            r#"{"payload": ["Not a valid JSON string."]}"#,
            RunScriptError::BadRequest(BadRequestError::FieldErrors(field_errors)),
        ),
        (403, r#"{"detail": "No such API Key."}"#, RunScriptError::Forbidden(detail("No such API Key."))),
        (404, r#"{"detail": "Instance was not found."}"#, RunScriptError::NotFound(detail("Instance was not found."))),
    ];
    for (status, body, expected) in cases {
        let error = api_error(run_script(status, JSON, body.as_bytes()).await, status);
        assert_eq!(error, expected, "for {status} {body}");
    }
}

#[tokio::test]
async fn documented_errors_of_get_trace() {
    let cases = [
        (403, r#"{"detail": "No such API Key."}"#, GetTraceError::Forbidden(detail("No such API Key."))),
        (404, r#"{"detail": "Not found."}"#, GetTraceError::NotFound(detail("Not found."))),
    ];
    for (status, body, expected) in cases {
        let error = api_error(get_trace(status, JSON, body.as_bytes()).await, status);
        assert_eq!(error, expected, "for {status} {body}");
    }
}

#[tokio::test]
async fn api_errors_display_the_servers_own_message() {
    let result = run_script(403, JSON, br#"{"detail": "No such API Key."}"#).await;
    let error = result.expect_err("403 is an error");
    assert_eq!(error.to_string(), r#"the server answered 403 Forbidden: {"detail":"No such API Key."}"#);
    let result = run_script(400, JSON, br#"{"payload": ["Not a valid JSON string."]}"#).await;
    let error = result.expect_err("400 is an error");
    assert_eq!(error.to_string(), r#"the server answered 400 Bad Request: {"payload":["Not a valid JSON string."]}"#);
}

/// Answers neither operation documents, or documents with another body: `(status, content type, body, whether
/// the body failed to decode)`.
const UNEXPECTED: &[(u16, &str, &[u8], bool)] = &[
    (405, JSON, br#"{"detail": "Method \"GET\" not allowed."}"#, false),
    (429, JSON, br#"{"detail": "Request was throttled."}"#, false),
    (500, HTML, b"<html><body><h1>Server Error (500)</h1></body></html>", false),
    (502, "application/octet-stream", b"\xff\xfe not UTF-8 \x00", false),
    (201, JSON, PENDING_TRACE.as_bytes(), false),
    (200, JSON, br#"{"status": "pending","#, true),
    (200, JSON, b"", true),
    (200, JSON, br#"{"status": "pending"}"#, true),
    (
        200,
        JSON,
        br#"{"status": 1, "links": {"self": "/"}, "executed_at": null, "result": {}, "duration": null, "id": 3}"#,
        true,
    ),
    (403, HTML, b"<html>forbidden</html>", true),
    (404, JSON, br#"{"message": "Not found."}"#, true),
];

#[tokio::test]
async fn unexpected_answers_keep_status_and_body() {
    for &(status, content_type, body, decode_fails) in UNEXPECTED {
        for response in [
            unexpected(run_script(status, content_type, body).await, status),
            unexpected(get_trace(status, content_type, body).await, status),
        ] {
            let case = format!("{status} {:?}", String::from_utf8_lossy(body));
            assert_eq!(response.status.as_u16(), status, "{case}");
            assert_eq!(response.body, body, "{case}");
            assert_eq!(response.content_type(), Some(content_type), "{case}");
            assert_eq!(response.decode_error.is_some(), decode_fails, "{case}: {:?}", response.decode_error);
        }
    }
}

/// 400 is documented for `run_script` only.
#[tokio::test]
async fn bad_request_is_unexpected_for_get_trace() {
    let body = br#"{"detail": "JSON parse error - No JSON object could be decoded"}"#;
    let response = unexpected(get_trace(400, JSON, body).await, 400);
    assert_eq!(response.body, body);
    assert_eq!(response.decode_error, None);

    let response = unexpected(run_script(400, HTML, b"<html>bad request</html>").await, 400);
    assert_eq!(response.body, b"<html>bad request</html>");
    assert!(response.decode_error.is_some());
}

#[tokio::test]
async fn unexpected_answers_keep_their_headers() {
    let server = MockServer::start().await;
    let answer = ResponseTemplate::new(429)
        .insert_header("Retry-After", "30")
        .set_body_raw(r#"{"detail": "Request was throttled."}"#, JSON);
    Mock::given(any()).respond_with(answer).mount(&server).await;
    let result = client_for(&server, SECRET_KEY).run_script("rivia", 1).await;
    let response = unexpected(result, 429);
    assert_eq!(response.headers.get("retry-after").unwrap(), "30");
    assert_eq!(response.json::<ErrorDetail>().unwrap(), detail("Request was throttled."));
}

#[tokio::test]
async fn redirects_to_another_origin_are_not_followed() {
    let elsewhere = server_answering(200, JSON, PENDING_TRACE).await;
    let server = MockServer::start().await;
    let location = format!("{}/v1.1/instances/rivia/snippets/scripts/1/traces/3/", elsewhere.uri());
    Mock::given(any())
        .respond_with(ResponseTemplate::new(302).insert_header("Location", location))
        .mount(&server)
        .await;

    let response = unexpected(client_for(&server, SECRET_KEY).get_trace("rivia", 1, 3).await, 302);
    assert_eq!(response.decode_error, None);
    assert_eq!(received_requests(&server).await.len(), 1);
    assert_eq!(received_requests(&elsewhere).await.len(), 0, "the key was sent to another origin");
}

#[tokio::test]
async fn connection_failures_are_transport_errors() {
    // Bind and release a port, so nothing listens on it.
    let address = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let client = Client::new(&format!("http://{address}/v1.1")).unwrap().with_api_key(SECRET_KEY).unwrap();
    let error = client.get_trace("rivia", 1, 3).await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(error.status(), None);
    assert!(!error.to_string().is_empty());
    assert!(!error.to_string().contains(SECRET_KEY));
    assert!(std::error::Error::source(&error).is_some());
}

/// The errors fit `Box<dyn std::error::Error + Send + Sync>`, as `?` into `anyhow` and the like needs.
#[test]
fn errors_are_std_errors() {
    fn is_std_error<E: std::error::Error + Send + Sync + 'static>() {}
    is_std_error::<Error<RunScriptError>>();
    is_std_error::<Error<GetTraceError>>();
}

/// A Script as the server sends it, with `config` as given: the server stores any config object
/// without checking it (the reference sheet's examples).
fn script_with_config(id: i64, config: Value) -> Value {
    json!({"id": id, "runtime_name": "python3", "source": "", "config": config, "label": "", "description": "",
           "created_at": "2026-11-28T00:00:00Z", "updated_at": "2026-11-28T00:00:00Z",
           "links": {"self": "/s/", "runtimes": "/r/", "run": "/run/", "traces": "/t/"}})
}

#[tokio::test]
async fn scripts_with_any_config_decode_alone_and_in_a_list() {
    let configs =
        [json!({"timeout": "30"}), json!({"timeout": null}), json!({"timeout": 1.5}), json!({"timeout": 500})];
    for config in &configs {
        let body = script_with_config(1, config.clone()).to_string();
        let server = server_answering(200, JSON, body).await;
        let script = client_for(&server, SECRET_KEY).get_script("rivia", 1).await;
        let script = script.unwrap_or_else(|e| panic!("config {config} does not decode: {e:?}"));
        assert_eq!(Value::Object(script.config), *config, "the config is kept as sent");
    }
    let objects: Vec<Value> =
        configs.iter().zip(1..).map(|(config, id)| script_with_config(id, config.clone())).collect();
    let page = json!({"objects": objects, "next": null, "prev": null}).to_string();
    let server = server_answering(200, JSON, page).await;
    let page = client_for(&server, SECRET_KEY).list_scripts("rivia").await.expect("the list decodes");
    let decoded: Vec<Value> = page.objects.into_iter().map(|script| Value::Object(script.config)).collect();
    assert_eq!(decoded, configs);
}
