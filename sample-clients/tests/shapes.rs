//! Bodies and schema shapes, from `specs/shapes.yaml`: several media types on one operation,
//! multipart parts by OpenAPI's encoding defaults, base64 bytes, three-state properties,
//! discriminators without a mapping, untyped enums, `allOf` wrappers, one-alternative `oneOf`,
//! duplicate operationIds, readable enum variants and required properties no schema describes.

use sample_clients::shapes::{
    Blob, Bytes, Client, Credentials, EpisodeItem, Error, Event, EventAction, Level, LoginError, LoginParams, Nullable,
    Offset, Person, PortPatch, Priority, QueueItem, Tag, TrackItem, UploadRequest, UploadRequestMeta,
    UploadRequestMetaParent, Version, Wildcard,
};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(status).set_body_json(body)).mount(&server).await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

fn json_body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

#[tokio::test]
async fn one_operation_in_two_media_types_shares_its_parameter_and_error_types() {
    let server = server(410, json!({"message": "expired"})).await;
    let client = Client::new(&server.uri()).unwrap();
    let body = Credentials::new("password").with_identifier("ann@example.com");
    let params = LoginParams::new().with_x_session("s");
    // Both methods take the one `LoginParams` and fail with the one `LoginError`.
    let json: Error<LoginError> = client.login("f1", &body).params(params.clone()).await.unwrap_err();
    let form: Error<LoginError> = client.login_form("f1", &body).params(params).await.unwrap_err();
    for error in [json, form] {
        assert!(matches!(error, Error::Api(LoginError::Gone(ref p)) if p.message.as_deref() == Some("expired")));
    }
    let requests = requests(&server).await;
    assert_eq!(requests[0].url.query(), Some("flow=f1"));
    assert_eq!(header(&requests[0], "content-type"), Some("application/json"));
    assert_eq!(json_body(&requests[0]), json!({"method": "password", "identifier": "ann@example.com"}));
    assert_eq!(header(&requests[1], "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(requests[1].body, b"method=password&identifier=ann%40example.com");
    assert_eq!(header(&requests[1], "x-session"), Some("s"));
}

#[tokio::test]
async fn multipart_parts_follow_the_encoding_defaults() {
    let server = server(204, json!(null)).await;
    let meta = UploadRequestMeta::new("a.png").with_parent(UploadRequestMetaParent::new().with_id("7"));
    let body = UploadRequest::new(meta, Bytes::from(b"PNG".to_vec()))
        .with_tags(vec!["x".to_owned(), "y".to_owned()])
        .with_count(3);
    Client::new(&server.uri()).unwrap().upload(&body).await.unwrap();
    let request = &requests(&server).await[0];
    let content_type = header(request, "content-type").unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect(content_type);
    let text = String::from_utf8_lossy(&request.body).replace("\r\n", "\n");
    let parts: Vec<&str> =
        text.split(&format!("--{boundary}")).map(str::trim).filter(|p| !p.is_empty() && *p != "--").collect();
    let part = |name: &str| -> Vec<&str> {
        parts.iter().copied().filter(|p| p.contains(&format!("name=\"{name}\""))).collect()
    };
    // An object property is a JSON part (OpenAPI 3.0.4 §4.8.15: `application/json` for objects).
    let meta = part("meta");
    assert_eq!(meta.len(), 1);
    assert!(meta[0].to_ascii_lowercase().contains("content-type: application/json"), "{}", meta[0]);
    let meta_json = meta[0].split_once("\n\n").unwrap().1;
    assert_eq!(serde_json::from_str::<Value>(meta_json).unwrap(), json!({"name": "a.png", "parent": {"id": "7"}}));
    // A binary property is a file part with a file name, its encoding's content type and headers.
    let file = part("file");
    assert!(file[0].contains("filename=\"file\""), "{}", file[0]);
    assert!(file[0].to_ascii_lowercase().contains("content-type: image/png"), "{}", file[0]);
    assert!(file[0].to_ascii_lowercase().contains("x-part-kind: avatar"), "{}", file[0]);
    assert!(file[0].ends_with("\n\nPNG"), "{}", file[0]);
    // An array is one part per item; a number is text.
    let tags: Vec<&str> = part("tags").iter().map(|p| p.split_once("\n\n").unwrap().1).collect();
    assert_eq!(tags, ["x", "y"]);
    assert!(part("count")[0].ends_with("\n\n3"), "{}", part("count")[0]);
}

#[tokio::test]
async fn bytes_are_base64_on_the_wire() {
    let server = server(200, json!({"data": "aGVsbG8=", "thumbnail": null, "raw": "AAEC"})).await;
    let blob = Blob::new(b"hello".to_vec()).with_raw(vec![0, 1, 2]);
    let stored = Client::new(&server.uri()).unwrap().put_blob(&blob).await.unwrap();
    // RFC 4648 §4 base64 with padding: "hello" is "aGVsbG8=".
    assert_eq!(json_body(&requests(&server).await[0]), json!({"data": "aGVsbG8=", "raw": "AAEC"}));
    assert_eq!(stored.data.as_slice(), b"hello");
    assert_eq!(stored.thumbnail, Nullable::Null);
    assert_eq!(stored.raw.unwrap().into_inner(), vec![0, 1, 2]);
}

#[tokio::test]
async fn absent_null_and_a_value_are_three_different_requests_and_answers() {
    let server = server(200, json!({"label": null, "note": null})).await;
    let client = Client::new(&server.uri()).unwrap();
    // `label` is required and nullable: an argument of `new`, `None` for `null`.
    let leave = PortPatch::new(None::<String>);
    let clear = leave.clone().with_parent_group(Nullable::Null).with_note(Nullable::Null);
    let mut set = leave.clone().with_parent_group(4).with_note("n".to_owned());
    set.label = Some("l".into());
    let answered = client.patch_port(1, &leave).await.unwrap();
    client.patch_port(1, &clear).await.unwrap();
    client.patch_port(1, &set).await.unwrap();
    let bodies: Vec<Value> = requests(&server).await.iter().map(json_body).collect();
    // `label` is required and nullable: always sent, `null` when `None`.
    assert_eq!(bodies[0], json!({"label": null}));
    assert_eq!(bodies[1], json!({"parentGroup": null, "note": null, "label": null}));
    assert_eq!(bodies[2], json!({"parentGroup": 4, "note": "n", "label": "l"}));
    // Decoding keeps the difference too.
    assert_eq!((answered.note, answered.parent_group), (Nullable::Null, Nullable::Absent));
}

#[tokio::test]
async fn discriminator_tags_are_the_values_each_alternative_pins() {
    let items = json!([
        {"kind": "track", "title": "Intro"},
        {"kind": "EpisodeItem", "show": "Pods"},
        {"kind": "podcast", "host": "Ann"}
    ]);
    let server = server(200, items).await;
    let queue = Client::new(&server.uri()).unwrap().get_queue().await.unwrap();
    assert!(matches!(&queue[0], QueueItem::TrackItem(t) if t.title == "Intro"));
    // OpenAPI's implicit tag, the schema name, is accepted too.
    assert!(matches!(&queue[1], QueueItem::EpisodeItem(EpisodeItem { show, .. }) if show == "Pods"));
    assert!(matches!(&queue[2], QueueItem::Other(v) if v["host"] == "Ann"));
    let track = QueueItem::TrackItem(TrackItem::new("t"));
    assert_eq!(serde_json::to_value(&track).unwrap(), json!({"kind": "track", "title": "t"}));
}

#[tokio::test]
async fn untyped_enums_allof_wrappers_and_one_alternative_unions_are_the_types_they_name() {
    let server = server(202, json!(null)).await;
    let client = Client::new(&server.uri()).unwrap();
    let owner = Person::new().with_name("Ann");
    // `level` is `Level` and `owner` is `Person` themselves, not copies; `assignee` is a nullable
    // `Person`; `action` (an enum with no `type`) is a string enum.
    let event = Event::new(EventAction::Close, Level::Critical, owner.clone()).with_assignee(Nullable::Null);
    client.send_event(&event).await.unwrap();
    // A `oneOf` of one alternative is that alternative.
    let people = self::server(201, json!(null)).await;
    Client::new(&people.uri()).unwrap().add_person(&owner).await.unwrap();
    assert_eq!(
        json_body(&requests(&server).await[0]),
        json!({"action": "close", "level": "critical", "owner": {"name": "Ann"}, "assignee": null})
    );
    assert_eq!(json_body(&requests(&people).await[0]), json!({"name": "Ann"}));
}

#[tokio::test]
async fn duplicate_operation_ids_are_named_after_method_and_path() {
    let server = server(204, json!(null)).await;
    let client = Client::new(&server.uri()).unwrap();
    client.list_teams_members().await.unwrap();
    client.list_members().await.unwrap();
    let paths: Vec<String> = requests(&server).await.iter().map(|r| r.url.path().to_owned()).collect();
    assert_eq!(paths, ["/teams/members", "/members"]);
}

#[tokio::test]
async fn enum_values_that_are_not_words_have_readable_variants() {
    let tag = Tag::new("t", json!(7))
        .with_version(Version::V1_0)
        .with_offset(Offset::Minus1)
        .with_wildcard(Wildcard::Star)
        .with_priority(Priority::VALUE_2);
    // `Priority` is `format: int32`: its newtype holds an `i32`.
    let _: i32 = Priority::VALUE_2.0;
    let server = server(200, json!({"name": "t", "id": {"any": "json"}, "version": "1.1", "offset": "0"})).await;
    let answered = Client::new(&server.uri()).unwrap().add_tag(&tag).await.unwrap();
    // `id` is required without a schema: it is sent, and any JSON is read back.
    assert_eq!(
        json_body(&requests(&server).await[0]),
        json!({"name": "t", "version": "1.0", "offset": "-1", "wildcard": "*", "priority": 2, "id": 7})
    );
    assert_eq!(
        (answered.version, answered.offset, answered.id),
        (Some(Version::V1_1), Some(Offset::V0), json!({"any": "json"}))
    );
}
