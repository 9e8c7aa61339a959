//! Helpers shared by the integration tests: a mock server that always gives the same answer, and a
//! client pointed at it.

// Each test crate compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use syncano_client::Client;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A dummy key; it is fine for it to appear in snapshots.
pub const API_KEY: &str = "test-key";

/// The version prefix the real base URL carries, so the tests also cover joining the base URL and the path.
pub const BASE_PATH: &str = "/v1.1";

/// The 200 example of `runScript` in the spec: a Trace that is still pending.
pub const PENDING_TRACE: &str = r#"{"status":"pending","links":{"self":"/v1.1/instances/rivia/snippets/scripts/1/traces/3/"},"executed_at":null,"result":{},"duration":null,"id":3}"#;

/// The `Content-Type` of JSON answers.
pub const JSON: &str = "application/json";

/// A mock server that answers every request with `status`, `body` and `content_type`.
pub async fn server_answering(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, content_type))
        .mount(&server)
        .await;
    server
}

/// A client for `server`, under [`BASE_PATH`], sending `api_key`.
pub fn client_for(server: &MockServer, api_key: &str) -> Client {
    Client::new(&format!("{}{BASE_PATH}", server.uri()))
        .expect("the mock server's URL is a valid base URL")
        .with_api_key(api_key)
        .expect("the key is a valid header value")
}

/// Every request `server` has received so far.
pub async fn received_requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is enabled")
}

/// The one request `server` has received; fails when it received none or several.
pub async fn single_request(server: &MockServer) -> Request {
    let mut requests = received_requests(server).await;
    assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:#?}");
    requests.remove(0)
}
