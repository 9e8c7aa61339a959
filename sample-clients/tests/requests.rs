//! The requests the sample clients send, checked field by field against an in-process mock:
//! method, encoded path, query serialization, headers and body.

use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A mock answering every request with `status` and `body`.
async fn server(status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(status).set_body_json(body)).mount(&server).await;
    server
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

fn query(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

mod petstore {
    use super::*;
    use sample_clients::petstore::{Client, Error, ListPetsError, NewPet};

    #[tokio::test]
    async fn list_pets_serializes_exploded_and_comma_separated_arrays() {
        let server = server(200, json!([{"id": 1, "name": "Rex"}])).await;
        let client = Client::new(&server.uri()).unwrap();
        let pets =
            client.list_pets().limit(2).tags(vec!["a b".to_owned(), "c&d".to_owned()]).ids(vec![1, 2]).await.unwrap();
        assert_eq!(pets[0].name, "Rex");
        let request = only_request(&server).await;
        assert_eq!((request.method.as_str(), request.url.path()), ("GET", "/pets"));
        // OpenAPI 3.1.1's style table: `form` exploded repeats the name, `form` not exploded joins
        // the items with a literal comma; each item is percent-encoded first (a space is `%20`).
        assert_eq!(request.url.query(), Some("limit=2&tags=a%20b&tags=c%26d&ids=1,2"));
        assert_eq!(query(&request), pairs(&[("limit", "2"), ("tags", "a b"), ("tags", "c&d"), ("ids", "1,2")]));
    }

    #[tokio::test]
    async fn absent_optional_parameters_are_not_sent() {
        let server = server(200, json!([])).await;
        Client::new(&server.uri()).unwrap().list_pets().await.unwrap();
        assert_eq!(only_request(&server).await.url.query(), None);
    }

    #[tokio::test]
    async fn the_default_response_is_a_typed_error_with_its_status() {
        let server = server(503, json!({"code": 7, "message": "down"})).await;
        let error = Client::new(&server.uri()).unwrap().list_pets().await.unwrap_err();
        match error {
            Error::Api(ListPetsError::Other(status, body)) => {
                assert_eq!((status.as_u16(), body.code, body.message.as_str()), (503, 7, "down"));
            }
            other => panic!("expected the default response, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn create_pet_sends_the_json_body() {
        let server = server(201, json!({"id": 9, "name": "Tom"})).await;
        let client = Client::new(&server.uri()).unwrap();
        let pet = client.create_pet(&NewPet::new("Tom")).await.unwrap();
        assert_eq!(pet.id, 9);
        let request = only_request(&server).await;
        assert_eq!((request.method.as_str(), request.url.path()), ("POST", "/pets"));
        assert_eq!(header(&request, "content-type"), Some("application/json"));
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(), json!({"name": "Tom"}));
    }

    #[tokio::test]
    async fn path_parameters_are_one_encoded_segment() {
        let server = server(204, json!(null)).await;
        Client::new(&server.uri()).unwrap().delete_pet("a/b c?").await.unwrap();
        let request = only_request(&server).await;
        assert_eq!((request.method.as_str(), request.url.path()), ("DELETE", "/pets/a%2Fb%20c%3F"));
    }
}

mod keeper {
    use super::*;
    use sample_clients::keeper::{Client, EnrolRequest, ReportFinishRequest};

    #[tokio::test]
    async fn a_header_parameter_is_sent_and_a_bad_one_is_refused_before_sending() {
        let server = server(201, json!(null)).await;
        let client = Client::new(&server.uri()).unwrap();
        let body = EnrolRequest::new("h1", "k");
        client.enrol("Bearer t", &body).await.unwrap();
        let request = only_request(&server).await;
        assert_eq!((request.method.as_str(), request.url.path()), ("POST", "/enrol"));
        assert_eq!(header(&request, "authorization"), Some("Bearer t"));
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
            json!({"host": "h1", "key": "k"})
        );

        let error = client.enrol("Bearer t\r\nX-Evil: 1", &body).await.unwrap_err();
        assert!(error.to_string().contains("Authorization"), "{error}");
        assert_eq!(server.received_requests().await.unwrap().len(), 1, "nothing more was sent");
    }

    #[tokio::test]
    async fn dates_go_out_as_rfc3339() {
        let server = server(200, json!({"ok": true})).await;
        let client = Client::new(&server.uri()).unwrap();
        let when = chrono::DateTime::parse_from_rfc3339("2026-11-28T00:07:00.5Z").unwrap().to_utc();
        let answer = client.report_finish("job 1", "Bearer t", &ReportFinishRequest::new(0, when)).await.unwrap();
        assert!(answer.ok);
        let request = only_request(&server).await;
        assert_eq!(request.url.path(), "/report/job%201/finish");
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(body, json!({"status": 0, "when": "2026-11-28T00:07:00.500Z"}));
    }
}

mod buildomat {
    use super::*;
    use sample_clients::buildomat::{
        Client, ListThingsFilter, ListThingsFilterState, ListThingsId, ListThingsParams, LoginMultipartRequest,
        LoginRequest,
    };

    #[tokio::test]
    async fn a_text_body_goes_out_as_text() {
        let server = server(204, json!(null)).await;
        Client::new(&server.uri()).unwrap().set_name("ünïcode name").await.unwrap();
        let request = only_request(&server).await;
        assert_eq!((request.method.as_str(), request.url.path()), ("PUT", "/v1/whoami/name"));
        assert_eq!(header(&request, "content-type"), Some("text/plain"));
        assert_eq!(request.body, "ünïcode name".as_bytes());
    }

    #[tokio::test]
    async fn a_binary_body_goes_out_as_bytes_and_text_comes_back() {
        let server = MockServer::start().await;
        Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_string("chunk-7")).mount(&server).await;
        let id = Client::new(&server.uri()).unwrap().upload_chunk("t1", vec![0u8, 159, 146, 150]).await.unwrap();
        assert_eq!(id, "chunk-7");
        let request = only_request(&server).await;
        assert_eq!(request.url.path(), "/v1/tasks/t1/chunk");
        assert_eq!(header(&request, "content-type"), Some("application/octet-stream"));
        assert_eq!(request.body, [0u8, 159, 146, 150]);
    }

    #[tokio::test]
    async fn unions_deep_objects_and_pipes_in_the_query() {
        let server = server(200, json!([])).await;
        let client = Client::new(&server.uri()).unwrap();
        let filter = ListThingsFilter::new().with_state(ListThingsFilterState::Done).with_owner("me");
        let list = ListThingsId::List(vec!["a".into(), "b".into()]);
        client.list_things().id(list).filter(filter).labels(vec!["x".to_owned(), "y".to_owned()]).await.unwrap();
        let request = only_request(&server).await;
        assert_eq!(
            query(&request),
            pairs(&[("id", "a"), ("id", "b"), ("filter[state]", "done"), ("filter[owner]", "me"), ("labels", "x|y")])
        );
        let single = ListThingsParams::new().with_id(ListThingsId::String("only".into()));
        client.list_things().params(single).await.unwrap();
        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests[1].url.query(), Some("id=only"));
    }

    #[tokio::test]
    async fn one_method_per_media_type_form_and_multipart() {
        let server = server(204, json!(null)).await;
        let client = Client::new(&server.uri()).unwrap();
        client.login(&LoginRequest::new("ann").with_remember(true)).await.unwrap();
        let avatar = LoginMultipartRequest::new("ann").with_avatar(vec![1, 2, 3]);
        client.login_multipart(&avatar).await.unwrap();
        let requests = server.received_requests().await.unwrap();
        assert_eq!(header(&requests[0], "content-type"), Some("application/x-www-form-urlencoded"));
        assert_eq!(requests[0].body, b"user=ann&remember=true");
        let content_type = header(&requests[1], "content-type").unwrap();
        assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
        let body = String::from_utf8_lossy(&requests[1].body);
        assert!(body.contains("name=\"user\"\r\n\r\nann\r\n"), "{body}");
        // A binary property is a file part: a file name and a content type (OpenAPI 3.0.4 §4.8.15:
        // `application/octet-stream` for binary data).
        let file =
            "name=\"avatar\"; filename=\"avatar\"\r\ncontent-type: application/octet-stream\r\n\r\n\u{1}\u{2}\u{3}\r\n";
        assert!(body.to_ascii_lowercase().contains(file), "{body}");
    }
}
