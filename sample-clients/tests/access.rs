//! Credentials and servers, from `specs/access.yaml`: every security scheme type sent as its RFC
//! says, alternatives and combined requirements as OpenAPI's Security Requirement Object says, and
//! each operation sent to its own server. Prism ignores server base paths, so the hosts are pinned
//! here.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sample_clients::access::{BoxError, Client, DEFAULT_BASE_URL, RegionalRegion, RegionalVariables, Server};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn basic_sends_user_and_password_as_rfc_7617_says() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap().with_basic("Aladdin", "open sesame").unwrap();
    client.basic_auth().await.unwrap();
    // RFC 7617 §2's own example.
    assert_eq!(header(&requests(&server).await[0], "authorization"), Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
    let shown = format!("{client:?}");
    assert!(!shown.contains("QWxhZGRpbjpvcGVuIHNlc2FtZQ") && !shown.contains("sesame"), "{shown}");
}

#[tokio::test]
async fn bearer_oauth2_and_openid_connect_send_a_bearer_token() {
    let server = server().await;
    let client = Client::new(&server.uri())
        .unwrap()
        .with_token("mF_9.B5f-4.1JqM")
        .unwrap()
        .with_oauth("oauth-token")
        .unwrap()
        .with_oidc("oidc-token")
        .unwrap();
    client.bearer_auth().await.unwrap();
    client.oauth_auth().await.unwrap();
    client.oidc_auth().await.unwrap();
    let requests = requests(&server).await;
    // RFC 6750 §2.1's own example token.
    assert_eq!(header(&requests[0], "authorization"), Some("Bearer mF_9.B5f-4.1JqM"));
    assert_eq!(header(&requests[1], "authorization"), Some("Bearer oauth-token"));
    assert_eq!(header(&requests[2], "authorization"), Some("Bearer oidc-token"));
}

#[tokio::test]
async fn a_token_provider_is_asked_at_each_request() {
    let server = server().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let provider = move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok::<_, BoxError>(format!("token-{n}")) }
    };
    let client = Client::new(&server.uri()).unwrap().with_oauth_provider(provider);
    client.oauth_auth().await.unwrap();
    client.oauth_auth().await.unwrap();
    let requests = requests(&server).await;
    assert_eq!(header(&requests[0], "authorization"), Some("Bearer token-1"));
    assert_eq!(header(&requests[1], "authorization"), Some("Bearer token-2"));
    // A provider that fails stops the call before anything is sent.
    let failing =
        Client::new(&server.uri()).unwrap().with_oauth_provider(|| async { Err::<String, BoxError>("offline".into()) });
    let error = failing.oauth_auth().await.unwrap_err();
    assert!(error.to_string().contains("offline"), "{error}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn another_http_scheme_sends_the_authorization_value_whole() {
    let server = server().await;
    let value = "Digest username=\"Mufasa\", realm=\"http-auth@example.org\"";
    Client::new(&server.uri()).unwrap().with_custom(value).unwrap().custom_auth().await.unwrap();
    assert_eq!(header(&requests(&server).await[0], "authorization"), Some(value));
}

#[tokio::test]
async fn api_keys_go_in_a_header_a_query_parameter_or_a_cookie() {
    let server = server().await;
    let client = Client::new(&server.uri())
        .unwrap()
        .with_header_key("h-key")
        .unwrap()
        .with_query_key("q key&")
        .unwrap()
        .with_cookie_key("c-key")
        .unwrap();
    client.document_auth().await.unwrap();
    client.query_key_auth().page(2).await.unwrap();
    client.cookie_key_auth().theme("dark").await.unwrap();
    let requests = requests(&server).await;
    assert_eq!(header(&requests[0], "x-api-key"), Some("h-key"));
    assert_eq!(requests[1].url.query(), Some("page=2&api_key=q%20key%26"));
    assert_eq!(header(&requests[2], "cookie"), Some("theme=dark; session=c-key"));
    for request in &requests {
        assert_eq!(header(request, "authorization"), None);
    }
}

#[tokio::test]
async fn the_first_requirement_whose_credentials_are_all_set_is_sent() {
    let server = server().await;
    let token_only = Client::new(&server.uri()).unwrap().with_token("t").unwrap();
    token_only.either_auth().await.unwrap();
    let both = token_only.clone().with_basic("ann", "pw").unwrap();
    both.either_auth().await.unwrap();
    let requests = requests(&server).await;
    assert_eq!(header(&requests[0], "authorization"), Some("Bearer t"));
    assert_eq!(header(&requests[1], "authorization"), Some("Basic YW5uOnB3"), "basic comes first in the spec");
}

#[tokio::test]
async fn a_combined_requirement_sends_every_scheme_or_none() {
    let server = server().await;
    let half = Client::new(&server.uri()).unwrap().with_header_key("h").unwrap();
    half.both_auth().await.unwrap();
    let whole = half.clone().with_query_key("q").unwrap();
    whole.both_auth().await.unwrap();
    let requests = requests(&server).await;
    assert_eq!((header(&requests[0], "x-api-key"), requests[0].url.query()), (None, None));
    assert_eq!((header(&requests[1], "x-api-key"), requests[1].url.query()), (Some("h"), Some("api_key=q")));
}

#[tokio::test]
async fn optional_public_and_undeclared_requirements() {
    let server = server().await;
    let anonymous = Client::new(&server.uri()).unwrap();
    anonymous.optional_auth().await.unwrap();
    let client = anonymous.clone().with_token("t").unwrap().with_header_key("h").unwrap();
    client.optional_auth().await.unwrap();
    client.public_access().await.unwrap();
    // The requirement naming an undeclared scheme cannot be met; the next one is sent.
    client.undeclared_auth().await.unwrap();
    let requests = requests(&server).await;
    assert_eq!(header(&requests[0], "authorization"), None);
    assert_eq!(header(&requests[1], "authorization"), Some("Bearer t"));
    assert_eq!((header(&requests[2], "authorization"), header(&requests[2], "x-api-key")), (None, None));
    assert_eq!(header(&requests[3], "authorization"), Some("Bearer t"));
}

#[tokio::test]
async fn a_credential_that_would_split_a_header_is_refused() {
    assert!(Client::new(DEFAULT_BASE_URL).unwrap().with_token("a\r\nb").is_err());
    assert!(Client::new(DEFAULT_BASE_URL).unwrap().with_basic("a:b", "c").is_err());
}

#[test]
fn server_variables_have_defaults_and_typed_values() {
    assert_eq!(DEFAULT_BASE_URL, "https://eu.access.example.com:443/v2");
    assert_eq!(Server::default().url(), DEFAULT_BASE_URL);
    let us = Server::Regional(RegionalVariables {
        region: RegionalRegion::Us,
        port: "8443".into(),
        ..RegionalVariables::default()
    });
    assert_eq!(us.url(), "https://us.access.example.com:8443/v2");
    assert_eq!(Client::for_server(&us).unwrap().base_url(), "https://us.access.example.com:8443/v2");
    assert_eq!(Client::for_server(&Server::Sandbox).unwrap().base_url(), "https://sandbox.access.example.com");
}

#[tokio::test]
async fn operations_with_their_own_servers_go_there() {
    let api = server().await;
    let files = server().await;
    let reports = server().await;
    let client = Client::new(&api.uri()).unwrap();
    // Until told otherwise, they go to the servers the spec gives them, variables at their defaults.
    assert_eq!(client.files_base_url(), "https://files.access.example.com/main");
    assert_eq!(client.get_report_base_url(), "https://reports.access.example.com/api");
    let client = client.with_files_base_url(&files.uri()).unwrap().with_get_report_base_url(&reports.uri()).unwrap();
    client.get_file(7).await.unwrap();
    client.delete_file(7).await.unwrap();
    client.get_report().await.unwrap();
    client.public_access().await.unwrap();
    let paths = |requests: Vec<Request>| {
        requests.iter().map(|r| (r.method.to_string(), r.url.path().to_owned())).collect::<Vec<_>>()
    };
    assert_eq!(
        paths(requests(&files).await),
        [("GET".into(), "/files/7".into()), ("DELETE".into(), "/files/7".into())]
    );
    assert_eq!(paths(requests(&reports).await), [("GET".into(), "/reports".into())]);
    assert_eq!(paths(requests(&api).await), [("GET".into(), "/public".into())]);
}
