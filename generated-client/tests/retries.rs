//! Retries: idempotent requests are sent again on 429/502/503/504, honouring `Retry-After`, and
//! when a kept-alive connection was closed under them; a POST that reached the server never is.
//! The mock counts what it saw.

use std::time::{Duration, Instant};

use serde_json::json;
use syncano_client::runtime::retry_after;
use syncano_client::{Client, Config, Error, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn trace() -> serde_json::Value {
    json!({"id": 3, "status": "success", "links": {"self": "/v1.1/instances/i/snippets/scripts/1/traces/3/"},
           "executed_at": "2026-11-28T00:07:00.939300Z", "duration": 5, "result": {}})
}

fn fast_config(max_retries: u32) -> Config {
    let mut config = Client::default_config();
    config.retry =
        RetryPolicy { max_retries, initial_backoff: Duration::from_millis(5), max_backoff: Duration::from_secs(2) };
    config
}

/// A server that answers `status` to the first `failures` requests, then a trace.
async fn flaky(status: u16, failures: u64, retry_after: Option<&str>) -> MockServer {
    let server = MockServer::start().await;
    let mut failure = ResponseTemplate::new(status).set_body_json(json!({"detail": "busy"}));
    if let Some(value) = retry_after {
        failure = failure.insert_header("retry-after", value);
    }
    Mock::given(any()).respond_with(failure).up_to_n_times(failures).mount(&server).await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(trace())).mount(&server).await;
    server
}

async fn seen(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn a_get_is_retried_on_each_retryable_status_until_it_succeeds() {
    for status in [429, 502, 503, 504] {
        let server = flaky(status, 2, None).await;
        let client = Client::with_config(&server.uri(), &fast_config(3)).unwrap();
        let trace = client.get_trace("i", 1, 3).await.unwrap_or_else(|e| panic!("{status}: {e:?}"));
        assert_eq!(trace.id, 3);
        assert_eq!(seen(&server).await, 3, "two failures and a success for {status}");
    }
}

#[tokio::test]
async fn a_run_that_got_503_is_not_sent_again() {
    let server = flaky(503, 5, None).await;
    let client = Client::with_config(&server.uri(), &fast_config(3)).unwrap();
    let error = client.run_script("i", 1).await.unwrap_err();
    assert!(matches!(&error, Error::UnexpectedResponse(r) if r.status.as_u16() == 503), "{error:?}");
    assert_eq!(seen(&server).await, 1, "a POST may have run the script: never twice");
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_the_last_answer_is_returned() {
    let server = flaky(503, 10, None).await;
    let client = Client::with_config(&server.uri(), &fast_config(2)).unwrap();
    let error = client.get_trace("i", 1, 3).await.unwrap_err();
    assert!(matches!(&error, Error::UnexpectedResponse(r) if r.status.as_u16() == 503), "{error:?}");
    assert_eq!(seen(&server).await, 3, "the first try and two retries");
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server = flaky(503, 10, None).await;
    let mut config = Client::default_config();
    config.retry = RetryPolicy::none();
    let error = Client::with_config(&server.uri(), &config).unwrap().get_trace("i", 1, 3).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(seen(&server).await, 1);
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let server = flaky(429, 1, Some("1")).await;
    let client = Client::with_config(&server.uri(), &fast_config(3)).unwrap();
    let started = Instant::now();
    client.get_trace("i", 1, 3).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(950), "waited {:?}", started.elapsed());
    assert_eq!(seen(&server).await, 2);
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    let header = |value: &str| {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("retry-after", value.parse().unwrap());
        retry_after(&headers)
    };
    assert_eq!(header("7"), Some(Duration::from_secs(7)));
    assert_eq!(header("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO), "a date in the past: now");
    let soon = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
    let wait = header(&soon).unwrap();
    assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30), "{wait:?}");
    assert_eq!(header("soon"), None);
}

#[test]
fn backoff_doubles_with_jitter_and_stays_under_the_cap() {
    let policy = RetryPolicy {
        max_retries: 5,
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_secs(1),
    };
    for attempt in 0..6 {
        let ceiling = (Duration::from_millis(100) * 2u32.pow(attempt)).min(Duration::from_secs(1));
        let wait = policy.delay(attempt, None);
        assert!(wait >= ceiling / 2 && wait <= ceiling, "attempt {attempt}: {wait:?} outside {ceiling:?}");
    }
    assert_eq!(policy.delay(0, Some(Duration::from_secs(60))), Duration::from_secs(1), "Retry-After is capped");
}

/// A server that answers the first request on each connection with 200 and keep-alive headers,
/// then reads the next request on that connection and closes the socket without answering: what
/// the real server under Django's development server does to a pooled connection. Returns its
/// base URL and the number of requests it has read.
async fn drops_kept_alive_connections() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut socket = BufReader::new(socket);
                for answered in [true, false] {
                    // One request: its head, then as many body bytes as Content-Length says.
                    let mut length = 0;
                    loop {
                        let mut line = String::new();
                        if socket.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        match line.split_once(':') {
                            Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                                length = value.trim().parse().unwrap();
                            }
                            _ => {}
                        }
                        if line == "\r\n" {
                            break;
                        }
                    }
                    socket.read_exact(&mut vec![0; length]).await.unwrap();
                    counter.fetch_add(1, Ordering::SeqCst);
                    if !answered {
                        return; // closes the socket with the request unanswered
                    }
                    let body = trace().to_string();
                    let head = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                         Connection: keep-alive\r\nKeep-Alive: timeout=60\r\n\r\n",
                        body.len()
                    );
                    socket.get_mut().write_all(format!("{head}{body}").as_bytes()).await.unwrap();
                }
            });
        }
    });
    (url, seen)
}

#[tokio::test]
async fn a_get_on_a_kept_alive_connection_the_server_closed_is_sent_again() {
    let (url, seen) = drops_kept_alive_connections().await;
    let client = Client::with_config(&url, &fast_config(3)).unwrap();
    client.get_trace("i", 1, 3).await.expect("the first GET is answered");
    let trace = client.get_trace("i", 1, 3).await.expect("the second GET is sent again on a new connection");
    assert_eq!(trace.id, 3);
    assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 3, "the dropped GET and its retry");
}

#[tokio::test]
async fn a_run_on_a_kept_alive_connection_the_server_closed_is_not_sent_again() {
    let (url, seen) = drops_kept_alive_connections().await;
    let client = Client::with_config(&url, &fast_config(3)).unwrap();
    client.run_script("i", 1).await.expect("the first run is answered");
    let error = client.run_script("i", 1).await.unwrap_err();
    assert!(matches!(&error, Error::Transport(e) if e.status().is_none()), "{error:?}");
    assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 2, "the server read the run: it is never sent twice");
}
