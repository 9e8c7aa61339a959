//! The exact request of every parameter location, style and explode, from `specs/styles.yaml`.
//!
//! The oracle is the "Style Examples" table of OpenAPI 3.1.1 §4.8.12.4 (the same rows as 3.0.4's):
//! `color` as `"blue"`, `["blue","black","brown"]` or `{"R":100,"G":200,"B":150}`. Prism accepts
//! any encoding of a style, so it cannot judge these; the table can.

use sample_clients::styles::{Client, Error, FormBodyRequest, FormQueryParams, Rgb};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

fn colors() -> Vec<String> {
    ["blue", "black", "brown"].map(str::to_owned).to_vec()
}

fn rgb() -> Rgb {
    Rgb::new(100, 200, 150)
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn simple_path_parameters() {
    let server = server().await;
    Client::new(&server.uri()).unwrap().simple_path(&colors(), &rgb(), &rgb()).await.unwrap();
    // simple: blue,black,brown | R,100,G,200,B,150 | (explode) R=100,G=200,B=150
    assert_eq!(only_request(&server).await.url.path(), "/simple/blue,black,brown/R,100,G,200,B,150/R=100,G=200,B=150");
}

#[tokio::test]
async fn label_path_parameters() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap();
    client.label_path("blue", &colors(), &rgb(), &colors(), &rgb()).await.unwrap();
    // label: .blue | .blue,black,brown | .R,100,G,200,B,150 | (explode) .blue.black.brown | .R=100.G=200.B=150
    assert_eq!(
        only_request(&server).await.url.path(),
        "/label/.blue/.blue,black,brown/.R,100,G,200,B,150/.blue.black.brown/.R=100.G=200.B=150"
    );
}

#[tokio::test]
async fn matrix_path_parameters() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap();
    client.matrix_path("blue", &colors(), &rgb(), &colors(), &rgb()).await.unwrap();
    // matrix: ;color=blue | ;color=blue,black,brown | ;color=R,100,G,200,B,150
    // (explode) ;color=blue;color=black;color=brown | ;R=100;G=200;B=150
    assert_eq!(
        only_request(&server).await.url.path(),
        "/matrix/;string=blue/;array=blue,black,brown/;object=R,100,G,200,B,150\
         /;arrayExploded=blue;arrayExploded=black;arrayExploded=brown/;R=100;G=200;B=150"
    );
}

#[tokio::test]
async fn a_number_path_parameter_takes_its_shortest_form() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap();
    client.number_path(927.0).await.unwrap();
    client.number_path(1.5).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, ["/number/927", "/number/1.5"]);
}

#[tokio::test]
async fn a_path_parameter_no_parameter_declares_is_a_string_argument() {
    // `/collections/{collection_name}/items/{item}` declares `item` only. The template still says
    // the value is a path segment: simple style, percent-encoded as RFC 3986 §2.1 says, so a `/`
    // or a space in it cannot change the path.
    let server = server().await;
    Client::new(&server.uri()).unwrap().undeclared_path("my docs/v2", 7).await.unwrap();
    assert_eq!(only_request(&server).await.url.path(), "/collections/my%20docs%2Fv2/items/7");
}

#[tokio::test]
async fn form_query_parameters() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap();
    let call = client.form_query().string("blue").array(colors()).array_exploded(colors());
    call.object(rgb()).object_exploded(rgb()).await.unwrap();
    // form: ?color=blue | ?color=blue,black,brown | ?color=R,100,G,200,B,150
    // (explode) ?color=blue&color=black&color=brown | ?R=100&G=200&B=150
    assert_eq!(
        only_request(&server).await.url.query(),
        Some(
            "string=blue&array=blue,black,brown&arrayExploded=blue&arrayExploded=black&arrayExploded=brown\
             &object=R,100,G,200,B,150&R=100&G=200&B=150"
        )
    );
}

#[tokio::test]
async fn space_pipe_and_deep_object_query_parameters() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap();
    let call = client.delimited_query().space(colors()).space_object(rgb()).pipe(colors());
    call.pipe_object(rgb()).deep(rgb()).await.unwrap();
    // spaceDelimited: ?color=blue%20black%20brown | ?color=R%20100%20G%20200%20B%20150
    // pipeDelimited: ?color=blue%7Cblack%7Cbrown | ?color=R%7C100%7CG%7C200%7CB%7C150
    // deepObject: ?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150
    assert_eq!(
        only_request(&server).await.url.query(),
        Some(
            "space=blue%20black%20brown&spaceObject=R%20100%20G%20200%20B%20150\
             &pipe=blue%7Cblack%7Cbrown&pipeObject=R%7C100%7CG%7C200%7CB%7C150\
             &deep%5BR%5D=100&deep%5BG%5D=200&deep%5BB%5D=150"
        )
    );
}

#[tokio::test]
async fn items_are_encoded_before_they_are_joined() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap();
    let one = FormQueryParams::new().with_array(vec!["a,b".to_owned()]);
    client.form_query().params(one).await.unwrap();
    client.form_query().array(vec!["a".to_owned(), "b".to_owned()]).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("array=a%2Cb"));
    assert_eq!(requests[1].url.query(), Some("array=a,b"));
}

#[tokio::test]
async fn allow_reserved_passes_reserved_characters() {
    let server = server().await;
    Client::new(&server.uri()).unwrap().reserved_query().next("/a/b?c=1").plain("/a/b?c=1").await.unwrap();
    // `=` keeps its form-encoded meaning, so it is encoded even when reserved characters pass.
    assert_eq!(only_request(&server).await.url.query(), Some("next=/a/b?c%3D1&plain=%2Fa%2Fb%3Fc%3D1"));
}

#[tokio::test]
async fn a_required_parameter_that_is_null_is_refused_before_anything_is_sent() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap();
    let error = client.required_query(&serde_json::Value::Null).await.unwrap_err();
    match error {
        Error::InvalidRequest(error) => assert_eq!(error.parameter(), "filter"),
        other => panic!("expected an invalid request, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
    client.required_query(&serde_json::json!(["x", 1])).await.unwrap();
    assert_eq!(only_request(&server).await.url.query(), Some("filter=x&filter=1"));
}

#[tokio::test]
async fn header_parameters() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap();
    let call = client.header_params().x_string("blue").x_array(colors()).x_object(rgb());
    call.x_object_exploded(rgb()).await.unwrap();
    let request = only_request(&server).await;
    // simple: blue | blue,black,brown | R,100,G,200,B,150 | (explode) R=100,G=200,B=150
    assert_eq!(header(&request, "x-string"), Some("blue"));
    assert_eq!(header(&request, "x-array"), Some("blue,black,brown"));
    assert_eq!(header(&request, "x-object"), Some("R,100,G,200,B,150"));
    assert_eq!(header(&request, "x-object-exploded"), Some("R=100,G=200,B=150"));
}

#[tokio::test]
async fn cookie_parameters() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap();
    client.cookie_params().string("blue").array(colors()).array_exploded(colors()).object(rgb()).await.unwrap();
    // form without `?`; an exploded array is one cookie per item, as cookies cannot repeat `&`.
    assert_eq!(
        header(&only_request(&server).await, "cookie"),
        Some(
            "string=blue; array=blue,black,brown; arrayExploded=blue; arrayExploded=black; arrayExploded=brown; \
             object=R,100,G,200,B,150"
        )
    );
}

#[tokio::test]
async fn form_bodies_follow_the_same_style_rules() {
    let server = server().await;
    let body = FormBodyRequest::new("a b&c").with_tags(colors()).with_ids(colors()).with_weight(2.0);
    Client::new(&server.uri()).unwrap().form_body(&body).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/x-www-form-urlencoded"));
    // Each property as a `form` query parameter: exploded by default, `ids` not (its Encoding Object).
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "name=a%20b%26c&tags=blue&tags=black&tags=brown&ids=blue,black,brown&weight=2"
    );
}
