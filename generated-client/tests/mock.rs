//! The mock server (feature `mock`) answers like the real one, so code built on this crate can be
//! tested against it.

use std::time::Duration;

use serde_json::json;

use syncano_client::mock::{MockSyncano, RunOutcome};
use syncano_client::{
    BadRequestError, CreateScriptError, Error, ErrorDetail, GetScriptError, GetTraceError, ListScriptsError,
    ListScriptsParams, ListTracesParams, PagesEnd, ScriptCreate, ScriptPatch, ScriptUpdate, TracePage, TraceResult,
    TraceStatus, WaitError, WaitOptions,
};

const INSTANCE: &str = MockSyncano::INSTANCE;

fn script(label: &str) -> ScriptCreate {
    ScriptCreate::new("python3").with_source("print('hi')").with_label(label)
}

fn detail(message: &str) -> ErrorDetail {
    ErrorDetail::new(message)
}

fn quick() -> WaitOptions {
    WaitOptions {
        interval: Duration::from_millis(5),
        max_interval: Duration::from_millis(20),
        deadline: Duration::from_secs(5),
    }
}

#[tokio::test]
async fn scripts_are_created_read_changed_and_deleted() {
    let mock = MockSyncano::start().await;
    let client = mock.client();
    let created = client.create_script(INSTANCE, &script("hello")).await.expect("created");
    let id = created.id.expect("the server gives an id");
    assert_eq!((created.label.as_str(), created.source.as_str()), ("hello", "print('hi')"));
    assert_eq!(created.links.run, format!("/v1.1/instances/{INSTANCE}/snippets/scripts/{id}/run/"));
    assert_eq!(client.get_script(INSTANCE, id).await.expect("read"), created);

    let patch = ScriptPatch::new().with_description("greets");
    let patched = client.patch_script(INSTANCE, id, &patch).await.expect("patched");
    assert_eq!((patched.label.as_str(), patched.description.as_str()), ("hello", "greets"));

    let replace = {
        let mut value = ScriptUpdate::new("nodejs_library_v1.0");
        value.config = json!({"timeout": 30}).as_object().cloned();
        value
    };
    let replaced = client.update_script(INSTANCE, id, &replace).await.expect("replaced");
    assert_eq!(replaced.source, "", "PUT resets the source it is not given");
    assert_eq!((replaced.label.as_str(), replaced.description.as_str()), ("hello", "greets"), "and keeps these");
    assert_eq!(replaced.config.get("timeout"), Some(&json!(30)));
    assert_eq!(replaced.created_at, created.created_at);

    client.delete_script(INSTANCE, id).await.expect("deleted");
    match client.get_script(INSTANCE, id).await {
        Err(Error::Api(GetScriptError::NotFound(body))) => assert_eq!(body, detail("Not found.")),
        other => panic!("expected 404, got {other:?}"),
    }
    assert!(mock.scripts().is_empty());
}

#[tokio::test]
async fn keys_and_instances_are_checked_like_the_server_does() {
    let mock = MockSyncano::start().await;
    let anonymous = syncano_client::Client::new(&mock.base_url()).expect("valid URL");
    let wrong_key = anonymous.clone().with_api_key("instance-key").expect("valid key");
    let cases = [
        (anonymous.list_scripts(INSTANCE).await, 403, "You do not have permission to perform this action."),
        (wrong_key.list_scripts(INSTANCE).await, 403, "No such API Key."),
        (mock.client().list_scripts("other").await, 404, "Instance was not found."),
    ];
    for (result, status, message) in cases {
        match result {
            Err(Error::Api(ListScriptsError::Forbidden(body))) if status == 403 => assert_eq!(body, detail(message)),
            Err(Error::Api(ListScriptsError::NotFound(body))) if status == 404 => assert_eq!(body, detail(message)),
            other => panic!("expected {status} {message}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn invalid_fields_get_the_servers_field_errors() {
    let mock = MockSyncano::start().await;
    let client = mock.client();
    let cases = [
        (
            {
                let mut script = script("x");
                script.runtime_name = "cobol".into();
                script
            },
            "runtime_name",
            "\"cobol\" is not a valid choice.",
        ),
        (script(&"x".repeat(65)), "label", "Ensure this field has no more than 64 characters."),
    ];
    for (body, field, message) in cases {
        match client.create_script(INSTANCE, &body).await {
            Err(Error::Api(CreateScriptError::BadRequest(BadRequestError::FieldErrors(errors)))) => {
                assert_eq!(errors.get(field), Some(&vec![message.to_owned()]), "{errors:?}");
            }
            other => panic!("expected a field error on {field}, got {other:?}"),
        }
    }
    // Bodies the typed client cannot send, sent raw.
    let raw = reqwest::Client::new();
    let run = mock.add_script(script("raw"));
    let url = format!("{}/instances/{INSTANCE}/snippets/scripts/{}/run/", mock.base_url(), run.id.unwrap_or_default());
    for (body, expected) in [
        (r#"{"payload": 42}"#, r#"{"payload":["Payload passed in invalid format."]}"#),
        (r#"{"payload": "nope"}"#, r#"{"payload":["Not a valid JSON string."]}"#),
    ] {
        let response = raw
            .post(&url)
            .header("X-API-KEY", MockSyncano::API_KEY)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .expect("the mock answers");
        assert_eq!(response.status(), 400);
        assert_eq!(response.text().await.expect("a body"), expected);
    }
    assert_eq!(mock.scripts().len(), 1, "nothing invalid was stored");
}

#[tokio::test]
async fn runs_go_from_pending_through_processing_to_their_outcome() {
    let mock = MockSyncano::start().await;
    let client = mock.client();
    let id = mock.add_script(script("hello")).id.expect("an id");
    let mut seen = Vec::new();
    let pending = client.run_script(INSTANCE, id).await.expect("ran");
    let trace = client.wait_for_trace(pending, &quick(), |t| seen.push(t.status.clone())).await.expect("finished");
    assert_eq!(seen, [TraceStatus::Pending, TraceStatus::Processing, TraceStatus::Success]);
    assert!(trace.executed_at.is_some() && trace.duration == Some(42));

    let failure = RunOutcome {
        status: TraceStatus::Failure,
        result: TraceResult::new().with_stderr("ZeroDivisionError"),
        reads_before_finish: 3,
        ..RunOutcome::default()
    };
    mock.set_outcome(id, failure);
    let trace = client.run_and_wait(INSTANCE, id, None, &quick()).await.expect("finished");
    assert_eq!(trace.status, TraceStatus::Failure);
    assert_eq!(trace.result.stderr.as_deref(), Some("ZeroDivisionError"));

    let traces = client.list_traces(INSTANCE, id).await.expect("listed");
    let ids: Vec<i64> = traces.objects.iter().map(|t| t.id).collect();
    assert_eq!(ids, [trace.id, ids[1]], "newest first");
    assert!(ids[1] < trace.id);
}

#[tokio::test]
async fn runs_that_never_finish_reach_the_deadline() {
    let mock = MockSyncano::start().await;
    let client = mock.client();
    let id = mock.add_script(script("slow")).id.expect("an id");
    let outcome = RunOutcome { reads_before_finish: u32::MAX, ..RunOutcome::default() };
    mock.set_outcome(id, outcome);
    let options = WaitOptions { deadline: Duration::from_millis(100), ..quick() };
    match client.run_and_wait(INSTANCE, id, None, &options).await {
        Err(WaitError::Deadline(trace)) => assert_eq!(trace.status, TraceStatus::Processing),
        other => panic!("expected the deadline, got {other:?}"),
    }
    match client.get_trace(INSTANCE, id, 999).await {
        Err(Error::Api(GetTraceError::NotFound(body))) => assert_eq!(body, detail("Not found.")),
        other => panic!("expected 404, got {other:?}"),
    }
}

#[tokio::test]
async fn pages_follow_next_to_the_end() {
    let mock = MockSyncano::start().await;
    for n in 0..5 {
        mock.add_script(script(&format!("s{n}")));
    }
    let client = mock.client();
    let params = ListScriptsParams::new().with_page_size(2);
    let mut pages = client.script_pages(INSTANCE, params, 10);
    let mut labels = Vec::new();
    while let Some(page) = pages.next().await {
        labels.push(page.expect("a page").objects.into_iter().map(|s| s.label).collect::<Vec<_>>());
    }
    assert_eq!(labels, [vec!["s0", "s1"], vec!["s2", "s3"], vec!["s4"]]);
    assert_eq!(pages.end(), Some(&PagesEnd::Complete));
    let listed: Vec<String> = mock.requests().into_iter().filter(|r| r.starts_with("GET")).collect();
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(listed[1].contains("direction=1") && listed[1].contains("last_pk=2"), "{listed:?}");
    assert!(listed[2].contains("last_pk=4"), "{listed:?}");

    // `prev` leads back to the page before.
    let second = client.list_scripts(INSTANCE).params(params_of(2).with_last_pk(2)).await.expect("the second page");
    let prev = second.prev.expect("a previous page");
    assert!(prev.ends_with("?direction=0&last_pk=3&ordering=asc&page_size=2"), "{prev}");
    let back = params_of(2).with_last_pk(3).with_direction(syncano_client::PageDirection(0));
    let first = client.list_scripts(INSTANCE).params(back).await.expect("the first page");
    assert_eq!(first.objects.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(), ["s0", "s1"]);
}

fn params_of(page_size: i64) -> ListScriptsParams {
    ListScriptsParams::new().with_page_size(page_size)
}

#[tokio::test]
async fn injected_failures_show_which_requests_are_retried() {
    let mock = MockSyncano::start().await;
    let client = mock.client();
    let id = mock.add_script(script("hello")).id.expect("an id");
    mock.fail_next(503, Some(Duration::ZERO));
    client.get_script(INSTANCE, id).await.expect("the retry succeeds");
    mock.fail_next(503, None);
    let error = client.run_script(INSTANCE, id).await.expect_err("a run is not retried");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    let path = format!("/v1.1/instances/{INSTANCE}/snippets/scripts/{id}/");
    assert_eq!(mock.requests(), [format!("GET {path}"), format!("GET {path}"), format!("POST {path}run/")]);
}

#[tokio::test]
async fn a_trace_read_under_another_scripts_path_is_answered_with_that_path() {
    let mock = MockSyncano::start().await;
    let client = mock.client();
    let first = mock.add_script(script("first")).id.expect("an id");
    let other = mock.add_script(script("other")).id.expect("an id");
    let trace = client.run_script(INSTANCE, other).await.expect("ran");
    let read = client.get_trace(INSTANCE, first, trace.id).await.expect("200, not 404");
    assert_eq!(read.id, trace.id);
    assert_eq!(read.links.self_, format!("/v1.1/instances/{INSTANCE}/snippets/scripts/{first}/traces/{}/", trace.id));
}

#[tokio::test]
async fn a_body_over_512_kib_is_refused_with_413() {
    let mock = MockSyncano::start().await;
    let big = script("big").with_source("#".repeat(512 * 1024));
    match mock.client().create_script(INSTANCE, &big).await {
        Err(Error::Api(CreateScriptError::PayloadTooLarge(body))) => {
            assert_eq!(body, detail("Request size limit exceeded (524288)."));
        }
        other => panic!("expected 413, got {other:?}"),
    }
    assert!(mock.scripts().is_empty());
}

#[tokio::test]
async fn trace_pages_stop_where_the_servers_next_loops() {
    let mock = MockSyncano::start().await;
    let client = mock.client();
    let id = mock.add_script(script("hello")).id.expect("an id");
    for _ in 0..4 {
        client.run_script(INSTANCE, id).await.expect("ran");
    }
    // Like the real server: the last page is exactly full, and its `next` answers the first page.
    let params = ListTracesParams::new().with_page_size(2);
    let first = client.list_traces(INSTANCE, id).params(params.clone()).await.expect("the first page");
    let after = |page: &TracePage| params.clone().with_last_pk(page.objects.last().expect("a Trace").id);
    let last = client.list_traces(INSTANCE, id).params(after(&first)).await.expect("a page");
    let next = last.next.clone().expect("a full last page still has a next link");
    let again = client.list_traces(INSTANCE, id).params(after(&last)).await.expect("a page");
    assert_eq!(again, first, "{next} leads back to the first page");

    let before = mock.requests().len();
    let mut pages = client.trace_pages(INSTANCE, id, params, 1000);
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        ids.extend(page.expect("a page").objects.iter().map(|t| t.id));
    }
    let mut expected: Vec<i64> = first.objects.iter().chain(&last.objects).map(|t| t.id).collect();
    assert_eq!(ids, expected, "each Trace once");
    expected.sort_unstable();
    expected.dedup();
    assert_eq!(expected.len(), 4);
    assert_eq!(pages.end(), Some(&PagesEnd::RepeatedPage));
    assert_eq!(mock.requests().len() - before, 3, "two pages and the first one again, then it stops");
}
