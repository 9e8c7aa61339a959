//! The client against servers that misbehave: endless, huge, slow, truncated, reset, wrong bodies
//! and redirects elsewhere. Each gives a typed error that keeps what arrived; none panics.
//!
//! The servers are raw TCP listeners on 127.0.0.1, so they can break HTTP in ways a mock cannot.

use std::time::Duration;

use syncano_client::{Client, Config, Error, GetTraceError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const KEY: &str = "secret-key-for-hostile-tests";

/// Serves one connection with `behaviour`, after reading the request head; returns the base URL.
async fn serve<F, Fut>(behaviour: F) -> String
where
    F: FnOnce(TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).await.unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        behaviour(stream).await;
    });
    url
}

fn client(url: &str, config: &Config) -> Client {
    Client::with_config(url, config).unwrap().with_api_key(KEY).unwrap()
}

fn config() -> Config {
    Client::default_config()
}

/// No error text may show the key.
fn assert_no_key(error: &Error<GetTraceError>) {
    assert!(!format!("{error} {error:?}").contains(KEY));
}

#[tokio::test]
async fn a_body_that_never_ends_stops_at_the_size_limit() {
    let url = serve(|mut stream| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
            .await;
        let chunk = format!("{:x}\r\n{}\r\n", 4096, "x".repeat(4096));
        while stream.write_all(chunk.as_bytes()).await.is_ok() {}
    })
    .await;
    let mut config = config();
    config.max_response_bytes = 100_000;
    let error = client(&url, &config).get_trace("i", 1, 2).await.unwrap_err();
    match &error {
        Error::ResponseTooLarge(response) => {
            assert_eq!(response.status.as_u16(), 200);
            assert_eq!(response.body.len(), 100_000, "the first bytes are kept, exactly up to the limit");
            assert!(response.body.iter().all(|b| *b == b'x'));
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    assert_no_key(&error);
}

#[tokio::test]
async fn a_huge_declared_body_is_refused_at_the_limit_too() {
    let url = serve(|mut stream| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 50000000\r\n\r\n";
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.write_all(&vec![b' '; 2_000_000]).await;
    })
    .await;
    let mut config = config();
    config.max_response_bytes = 1_000_000;
    let error = client(&url, &config).get_trace("i", 1, 2).await.unwrap_err();
    assert!(matches!(&error, Error::ResponseTooLarge(r) if r.body.len() == 1_000_000), "{error:?}");
}

#[tokio::test]
async fn a_server_that_sends_slowly_hits_the_timeout_and_what_came_is_kept() {
    let url = serve(|mut stream| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\"")
            .await;
        tokio::time::sleep(Duration::from_secs(10)).await;
    })
    .await;
    let mut config = config();
    config.timeout = Duration::from_millis(500);
    let error = client(&url, &config).get_trace("i", 1, 2).await.unwrap_err();
    match &error {
        Error::BodyInterrupted(response) => {
            assert_eq!(response.received, b"{\"id\"");
            assert!(response.error.is_timeout(), "{:?}", response.error);
        }
        other => panic!("expected BodyInterrupted, got {other:?}"),
    }
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
}

#[tokio::test]
async fn a_server_that_never_answers_is_a_transport_timeout() {
    let url = serve(|stream| async move {
        let _open = stream;
        tokio::time::sleep(Duration::from_secs(10)).await;
    })
    .await;
    let mut config = config();
    config.timeout = Duration::from_millis(300);
    let error = client(&url, &config).get_trace("i", 1, 2).await.unwrap_err();
    assert!(matches!(&error, Error::Transport(e) if e.is_timeout()), "{error:?}");
    assert_no_key(&error);
}

#[tokio::test]
async fn a_connection_reset_mid_body_keeps_the_part_that_came() {
    let url = serve(|mut stream| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"status\":")
            .await;
        let _ = stream.flush().await;
        // Linger 0 makes close send a reset instead of a clean end.
        let _ = stream.set_zero_linger();
        drop(stream);
    })
    .await;
    let error = client(&url, &config()).get_trace("i", 1, 2).await.unwrap_err();
    match &error {
        Error::BodyInterrupted(response) => assert_eq!(response.received, b"{\"status\":"),
        other => panic!("expected BodyInterrupted, got {other:?}"),
    }
}

/// Complete responses whose bodies are wrong: each is an `UnexpectedResponse` with the bytes kept.
#[tokio::test]
async fn wrong_bodies_are_kept_byte_for_byte() {
    let cases: [(&str, &[u8]); 3] = [
        ("application/json", b"{\"status\": \"pe\xffnding\"}"),
        ("application/json", b"{\"status\": \"pending\", \"links\": {"),
        ("text/html", b"<html>maintenance</html>"),
    ];
    for (content_type, body) in cases {
        let body = body.to_vec();
        let sent = body.clone();
        let url = serve(move |mut stream| async move {
            let head =
                format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n", sent.len());
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&sent).await;
        })
        .await;
        let error = client(&url, &config()).get_trace("i", 1, 2).await.unwrap_err();
        match &error {
            Error::UnexpectedResponse(response) => {
                assert_eq!(response.body, body);
                assert_eq!(response.content_type(), Some(content_type));
                assert!(response.decode_error.is_some());
            }
            other => panic!("expected UnexpectedResponse for {content_type}, got {other:?}"),
        }
        assert_no_key(&error);
    }
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_and_the_key_stays_home() {
    // The "other host" records whether anyone came with the key.
    let other = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let other_url = format!("http://localhost:{}/steal", other.local_addr().unwrap().port());
    let visited = tokio::spawn(async move {
        match tokio::time::timeout(Duration::from_millis(800), other.accept()).await {
            Ok(Ok((mut stream, _))) => {
                let mut buffer = vec![0u8; 4096];
                let n = stream.read(&mut buffer).await.unwrap_or(0);
                Some(String::from_utf8_lossy(&buffer[..n]).into_owned())
            }
            _ => None,
        }
    });
    let url = serve(move |mut stream| async move {
        let head = format!("HTTP/1.1 302 Found\r\nlocation: {other_url}\r\ncontent-length: 0\r\n\r\n");
        let _ = stream.write_all(head.as_bytes()).await;
    })
    .await;
    let error = client(&url, &config()).get_trace("i", 1, 2).await.unwrap_err();
    assert!(matches!(&error, Error::UnexpectedResponse(r) if r.status.as_u16() == 302), "{error:?}");
    let request = visited.await.unwrap();
    assert!(request.as_deref().is_none_or(|r| !r.contains(KEY)), "the key reached the other host: {request:?}");
}

#[test]
fn debug_and_display_of_the_client_config_and_errors_never_show_the_key() {
    let client = Client::new("http://127.0.0.1:9").unwrap().with_api_key(KEY).unwrap();
    let config = Client::default_config();
    let shown = format!("{client:?} {client:#?} {config:?}");
    assert!(!shown.contains(KEY), "{shown}");
    let refused = Client::new("http://127.0.0.1:9").unwrap().with_api_key("bad\nkey-secret").unwrap_err();
    assert!(!format!("{refused} {refused:?}").contains("key-secret"));
}
