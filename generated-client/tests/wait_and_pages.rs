//! `run_and_wait` and the page iterators, against a mock Syncano.

use std::time::{Duration, Instant};

use serde_json::json;
use syncano_client::{
    Client, Error, GetTraceError, ListScriptsParams, ListTracesParams, PagesEnd, RetryPolicy, TraceStatus, WaitError,
    WaitOptions,
};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const RUN: &str = "/instances/rivia/snippets/scripts/1/run/";
const TRACE: &str = "/instances/rivia/snippets/scripts/1/traces/3/";

fn trace(status: &str) -> serde_json::Value {
    let finished = !matches!(status, "pending" | "processing");
    json!({"id": 3, "status": status, "links": {"self": format!("/v1.1{TRACE}")},
           "executed_at": if finished { json!("2026-11-28T00:07:00.939300Z") } else { json!(null) },
           "duration": if finished { json!(12) } else { json!(null) },
           "result": if finished { json!({"stdout": "done", "stderr": ""}) } else { json!({}) }})
}

fn quick() -> WaitOptions {
    WaitOptions {
        interval: Duration::from_millis(10),
        max_interval: Duration::from_millis(40),
        deadline: Duration::from_secs(5),
    }
}

/// A server whose run answers pending and whose trace answers `polls` in turn, then `last` forever.
async fn syncano(polls: &[ResponseTemplate], last: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(RUN))
        .respond_with(ResponseTemplate::new(200).set_body_json(trace("pending")))
        .mount(&server)
        .await;
    for poll in polls {
        Mock::given(method("GET")).and(path(TRACE)).respond_with(poll.clone()).up_to_n_times(1).mount(&server).await;
    }
    Mock::given(method("GET")).and(path(TRACE)).respond_with(last).mount(&server).await;
    server
}

fn ok(status: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(trace(status))
}

async fn polls(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().iter().filter(|r| r.method.as_str() == "GET").count()
}

#[tokio::test]
async fn pending_then_processing_then_success() {
    let server = syncano(&[ok("processing")], ok("success")).await;
    let client = Client::new(&server.uri()).unwrap();
    let trace = client.run_and_wait("rivia", 1, None, &quick()).await.unwrap();
    assert_eq!(trace.status, TraceStatus::Success);
    assert_eq!(trace.result.stdout.as_deref(), Some("done"));
    assert_eq!(polls(&server).await, 2);
}

#[tokio::test]
async fn newer_final_statuses_end_the_wait() {
    let server = syncano(&[], ok("queue_timeout")).await;
    let trace = Client::new(&server.uri()).unwrap().run_and_wait("rivia", 1, None, &quick()).await.unwrap();
    assert_eq!(trace.status.as_str(), "queue_timeout");
}

#[tokio::test]
async fn an_unknown_status_is_not_final_until_the_deadline() {
    let server = syncano(&[], ok("warming_up")).await;
    let options = WaitOptions { deadline: Duration::from_millis(300), ..quick() };
    let started = Instant::now();
    let error = Client::new(&server.uri()).unwrap().run_and_wait("rivia", 1, None, &options).await.unwrap_err();
    match error {
        WaitError::Deadline(last) => assert_eq!(last.status.as_str(), "warming_up", "the last trace seen is kept"),
        other => panic!("expected the deadline, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2), "stops at the deadline");
    assert!(polls(&server).await >= 2);
}

#[tokio::test]
async fn the_deadline_expiring_while_pending_keeps_the_pending_trace() {
    let server = syncano(&[], ok("pending")).await;
    let options = WaitOptions { deadline: Duration::from_millis(150), ..quick() };
    let error = Client::new(&server.uri()).unwrap().run_and_wait("rivia", 1, None, &options).await.unwrap_err();
    assert!(matches!(error, WaitError::Deadline(last) if last.status == TraceStatus::Pending));
}

#[tokio::test]
async fn a_404_halfway_is_the_poll_error() {
    let not_found = ResponseTemplate::new(404).set_body_json(json!({"detail": "Not found."}));
    let server = syncano(&[ok("processing")], not_found).await;
    let error = Client::new(&server.uri()).unwrap().run_and_wait("rivia", 1, None, &quick()).await.unwrap_err();
    match error {
        WaitError::Poll(Error::Api(GetTraceError::NotFound(body))) => assert_eq!(body.detail, "Not found."),
        other => panic!("expected the 404, got {other:?}"),
    }
}

#[tokio::test]
async fn a_429_with_retry_after_on_a_poll_is_waited_out() {
    let throttled =
        ResponseTemplate::new(429).insert_header("retry-after", "1").set_body_json(json!({"detail": "slow down"}));
    let server = syncano(&[throttled], ok("success")).await;
    let mut config = Client::default_config();
    config.retry = RetryPolicy { max_retries: 2, ..RetryPolicy::default() };
    let client = Client::with_config(&server.uri(), &config).unwrap();
    let started = Instant::now();
    let trace = client.run_and_wait("rivia", 1, None, &quick()).await.unwrap();
    assert_eq!(trace.status, TraceStatus::Success);
    assert!(started.elapsed() >= Duration::from_millis(950), "{:?}", started.elapsed());
    assert_eq!(polls(&server).await, 2);
}

fn script(id: i64) -> serde_json::Value {
    json!({"id": id, "runtime_name": "python3", "source": "", "config": {}, "label": format!("s{id}"), "description": "",
           "created_at": "2026-11-28T00:00:00Z", "updated_at": "2026-11-28T00:00:00Z",
           "links": {"self": "/x/", "runtimes": "/x/", "run": "/x/", "traces": "/x/"}})
}

/// Three pages: the first by the caller's parameters, then by each `next` link's query.
async fn three_pages() -> MockServer {
    let server = MockServer::start().await;
    let list = "/instances/rivia/snippets/scripts/";
    let page = |ids: [i64; 2], next: Option<&str>| {
        ResponseTemplate::new(200).set_body_json(json!({"objects": ids.map(script), "next": next, "prev": null}))
    };
    let next = |pk: i64| format!("/v1.1/instances/rivia/snippets/scripts/?page_size=2&direction=1&last_pk={pk}");
    Mock::given(path(list))
        .and(query_param("last_pk", "2"))
        .respond_with(page([3, 4], Some(&next(4))))
        .mount(&server)
        .await;
    Mock::given(path(list)).and(query_param("last_pk", "4")).respond_with(page([5, 6], None)).mount(&server).await;
    Mock::given(path(list)).respond_with(page([1, 2], Some(&next(2)))).mount(&server).await;
    server
}

#[tokio::test]
async fn pages_follow_next_until_it_is_null() {
    let server = three_pages().await;
    let client = Client::new(&server.uri()).unwrap();
    let mut pages = client.script_pages("rivia", ListScriptsParams::new().with_page_size(2), 10);
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        ids.extend(page.unwrap().objects.iter().filter_map(|s| s.id));
    }
    assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3, "stops when next is null");
    assert_eq!(pages.end(), Some(&PagesEnd::Complete));
    assert_eq!(requests[1].url.query(), Some("page_size=2&direction=1&last_pk=2"));
}

#[tokio::test]
async fn pages_honour_the_bound() {
    let server = three_pages().await;
    let client = Client::new(&server.uri()).unwrap();
    let mut pages = client.script_pages("rivia", ListScriptsParams::default(), 2);
    let mut count = 0;
    while let Some(page) = pages.next().await {
        page.unwrap();
        count += 1;
    }
    assert_eq!(count, 2);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    assert_eq!(pages.end(), Some(&PagesEnd::Bound), "more remain");
}

const TRACES: &str = "/instances/rivia/snippets/scripts/1/traces/";

fn trace_page(ids: &[i64], next: Option<&str>) -> ResponseTemplate {
    let objects: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            json!({"id": id, "status": "success",
        "links": {"self": format!("/v1.1{TRACES}{id}/")}, "executed_at": null, "duration": null, "result": {}})
        })
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({"objects": objects, "next": next, "prev": null}))
}

/// The real server's Trace list of two Traces in pages of two (the reference sheet): `[2, 1]` with
/// a `next` link that answers `[2, 1]` again, with the same `next`, forever.
#[tokio::test]
async fn trace_pages_stop_when_next_answers_the_first_page_again() {
    let server = MockServer::start().await;
    let next = format!("/v1.1{TRACES}?page_size=2&direction=1&last_pk=1");
    Mock::given(path(TRACES)).respond_with(trace_page(&[2, 1], Some(&next))).mount(&server).await;
    let client = Client::new(&server.uri()).unwrap();
    let params = ListTracesParams::new().with_page_size(2);
    let mut pages = client.trace_pages("rivia", 1, params, 1000);
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        ids.extend(page.unwrap().objects.iter().map(|t| t.id));
    }
    assert_eq!(ids, [2, 1], "each Trace once");
    assert_eq!(pages.end(), Some(&PagesEnd::RepeatedPage));
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "the first page, and its repeat");
}

/// A `next` link already followed ends the pages even when its page looks new.
#[tokio::test]
async fn trace_pages_stop_on_a_next_link_already_followed() {
    let server = MockServer::start().await;
    let next = format!("/v1.1{TRACES}?page_size=2&direction=1&last_pk=3");
    Mock::given(path(TRACES))
        .and(query_param("last_pk", "3"))
        .respond_with(trace_page(&[2, 1], Some(&next)))
        .mount(&server)
        .await;
    Mock::given(path(TRACES)).respond_with(trace_page(&[4, 3], Some(&next))).mount(&server).await;
    let client = Client::new(&server.uri()).unwrap();
    let mut pages = client.trace_pages("rivia", 1, ListTracesParams::default(), 1000);
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        ids.extend(page.unwrap().objects.iter().map(|t| t.id));
    }
    assert_eq!(ids, [4, 3, 2, 1]);
    assert_eq!(pages.end(), Some(&PagesEnd::RepeatedLink(next)));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}
