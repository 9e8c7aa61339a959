//! The runtime support every generated client carries, tested once here.
//!
//! Parameter serialization is pinned to the "Style Examples" table of OpenAPI 3.1.1 §4.8.12.4 (the
//! same rows as 3.0.4's, which corrected the spaceDelimited and pipeDelimited rows of 3.0.0–3.0.3):
//! every row, for every location the style applies to. The expected strings are the table's,
//! copied from the specification, not from this code's output.

use serde_json::{Value, json};
use syncano_client::runtime::{
    Bytes, Credentials, Nullable, Param, Placement, Request, Scheme, Style, cookie_pairs, form_body, header_value,
    item_text, path_param, push_query, server_url,
};

/// The table's values: `color` as a string, an array and an object.
fn string() -> Value {
    json!("blue")
}
fn array() -> Value {
    json!(["blue", "black", "brown"])
}
fn object() -> Value {
    json!({"R": 100, "G": 200, "B": 150})
}

fn path(style: Style, explode: bool, value: &Value) -> Result<String, String> {
    path_param(Param::new("color", style, explode), value).map_err(|e| e.to_string())
}

fn query(style: Style, explode: bool, value: &Value) -> String {
    let mut query = String::new();
    push_query(&mut query, Param::new("color", style, explode), value).unwrap();
    query
}

fn header(explode: bool, value: &Value) -> String {
    let value = header_value(Param::new("color", Style::Simple, explode), value).unwrap();
    value.map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

fn cookie(explode: bool, value: &Value) -> String {
    cookie_pairs(Param::new("color", Style::Form, explode), value).unwrap().join("; ")
}

#[test]
fn matrix_rows() {
    // | matrix | false | ;color | ;color=blue | ;color=blue,black,brown | ;color=R,100,G,200,B,150 |
    assert_eq!(path(Style::Matrix, false, &json!("")).unwrap(), ";color");
    assert_eq!(path(Style::Matrix, false, &string()).unwrap(), ";color=blue");
    assert_eq!(path(Style::Matrix, false, &array()).unwrap(), ";color=blue,black,brown");
    assert_eq!(path(Style::Matrix, false, &object()).unwrap(), ";color=R,100,G,200,B,150");
    // | matrix | true | ;color | ;color=blue | ;color=blue;color=black;color=brown | ;R=100;G=200;B=150 |
    assert_eq!(path(Style::Matrix, true, &json!("")).unwrap(), ";color");
    assert_eq!(path(Style::Matrix, true, &string()).unwrap(), ";color=blue");
    assert_eq!(path(Style::Matrix, true, &array()).unwrap(), ";color=blue;color=black;color=brown");
    assert_eq!(path(Style::Matrix, true, &object()).unwrap(), ";R=100;G=200;B=150");
}

#[test]
fn label_rows() {
    // | label | false | . | .blue | .blue,black,brown | .R,100,G,200,B,150 |
    assert_eq!(path(Style::Label, false, &string()).unwrap(), ".blue");
    assert_eq!(path(Style::Label, false, &array()).unwrap(), ".blue,black,brown");
    assert_eq!(path(Style::Label, false, &object()).unwrap(), ".R,100,G,200,B,150");
    // | label | true | . | .blue | .blue.black.brown | .R=100.G=200.B=150 |
    assert_eq!(path(Style::Label, true, &string()).unwrap(), ".blue");
    assert_eq!(path(Style::Label, true, &array()).unwrap(), ".blue.black.brown");
    assert_eq!(path(Style::Label, true, &object()).unwrap(), ".R=100.G=200.B=150");
    // The table's `.` for the empty string is a dot segment, which URL normalization removes: refused.
    assert!(path(Style::Label, false, &json!("")).is_err());
}

#[test]
fn simple_rows_in_a_path_and_a_header() {
    // | simple | false | empty | blue | blue,black,brown | R,100,G,200,B,150 |
    assert_eq!(path(Style::Simple, false, &string()).unwrap(), "blue");
    assert_eq!(path(Style::Simple, false, &array()).unwrap(), "blue,black,brown");
    assert_eq!(path(Style::Simple, false, &object()).unwrap(), "R,100,G,200,B,150");
    assert_eq!(header(false, &json!("")), "");
    assert_eq!(header(false, &string()), "blue");
    assert_eq!(header(false, &array()), "blue,black,brown");
    assert_eq!(header(false, &object()), "R,100,G,200,B,150");
    // | simple | true | empty | blue | blue,black,brown | R=100,G=200,B=150 |
    assert_eq!(path(Style::Simple, true, &string()).unwrap(), "blue");
    assert_eq!(path(Style::Simple, true, &array()).unwrap(), "blue,black,brown");
    assert_eq!(path(Style::Simple, true, &object()).unwrap(), "R=100,G=200,B=150");
    assert_eq!(header(true, &string()), "blue");
    assert_eq!(header(true, &array()), "blue,black,brown");
    assert_eq!(header(true, &object()), "R=100,G=200,B=150");
    // An empty path segment would change the path: refused.
    assert!(path(Style::Simple, false, &json!("")).is_err());
}

#[test]
fn form_rows_in_a_query_and_a_cookie() {
    // | form | false | ?color= | ?color=blue | ?color=blue,black,brown | ?color=R,100,G,200,B,150 |
    assert_eq!(query(Style::Form, false, &json!("")), "color=");
    assert_eq!(query(Style::Form, false, &string()), "color=blue");
    assert_eq!(query(Style::Form, false, &array()), "color=blue,black,brown");
    assert_eq!(query(Style::Form, false, &object()), "color=R,100,G,200,B,150");
    // | form | true | ?color= | ?color=blue | ?color=blue&color=black&color=brown | ?R=100&G=200&B=150 |
    assert_eq!(query(Style::Form, true, &json!("")), "color=");
    assert_eq!(query(Style::Form, true, &string()), "color=blue");
    assert_eq!(query(Style::Form, true, &array()), "color=blue&color=black&color=brown");
    assert_eq!(query(Style::Form, true, &object()), "R=100&G=200&B=150");
    // Cookies: the same rows without `?`; exploded values are one cookie each, joined by `; `, as
    // cookies cannot repeat `&` (Appendix D).
    assert_eq!(cookie(false, &json!("")), "color=");
    assert_eq!(cookie(false, &string()), "color=blue");
    assert_eq!(cookie(false, &array()), "color=blue,black,brown");
    assert_eq!(cookie(false, &object()), "color=R,100,G,200,B,150");
    assert_eq!(cookie(true, &string()), "color=blue");
    assert_eq!(cookie(true, &array()), "color=blue; color=black; color=brown");
    assert_eq!(cookie(true, &object()), "R=100; G=200; B=150");
}

#[test]
fn space_pipe_and_deep_object_rows() {
    // | spaceDelimited | false | n/a | n/a | ?color=blue%20black%20brown | ?color=R%20100%20G%20200%20B%20150 |
    assert_eq!(query(Style::SpaceDelimited, false, &array()), "color=blue%20black%20brown");
    assert_eq!(query(Style::SpaceDelimited, false, &object()), "color=R%20100%20G%20200%20B%20150");
    // | pipeDelimited | false | n/a | n/a | ?color=blue%7Cblack%7Cbrown | ?color=R%7C100%7CG%7C200%7CB%7C150 |
    assert_eq!(query(Style::PipeDelimited, false, &array()), "color=blue%7Cblack%7Cbrown");
    assert_eq!(query(Style::PipeDelimited, false, &object()), "color=R%7C100%7CG%7C200%7CB%7C150");
    // | deepObject | true | n/a | n/a | n/a | ?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150 |
    assert_eq!(query(Style::DeepObject, true, &object()), "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150");
}

#[test]
fn items_are_encoded_before_they_are_joined_with_literal_delimiters() {
    // ["a","b"] and ["a,b"] must not look alike.
    assert_eq!(query(Style::Form, false, &json!(["a", "b"])), "color=a,b");
    assert_eq!(query(Style::Form, false, &json!(["a,b"])), "color=a%2Cb");
    assert_eq!(query(Style::PipeDelimited, false, &json!(["a|b", "c"])), "color=a%7Cb%7Cc");
    assert_eq!(query(Style::SpaceDelimited, false, &json!(["a b", "c"])), "color=a%20b%20c");
    assert_eq!(query(Style::Form, true, &json!("a b&c=d+e")), "color=a%20b%26c%3Dd%2Be");
    assert_eq!(path(Style::Simple, false, &json!(["a,b", "c"])).unwrap(), "a%2Cb,c");
    assert_eq!(path(Style::Label, true, &json!(["a.b", "c"])).unwrap(), ".a.b.c", "`.` is unreserved (RFC 3986)");
    assert_eq!(header(false, &json!(["a,b", "c"])), "a%2Cb,c");
    assert_eq!(cookie(false, &json!(["a,b", "c;d"])), "color=a%2Cb,c%3Bd");
}

#[test]
fn allow_reserved_passes_reserved_characters_but_not_those_a_query_cannot_hold() {
    let mut query = String::new();
    let next = Param::new("next", Style::Form, true).allow_reserved();
    push_query(&mut query, next, &"/a/b?c:d@e!$'()*,;").unwrap();
    assert_eq!(query, "next=/a/b?c:d@e!$'()*,;");
    // `[`, `]` and `#` cannot be in a query; `&`, `=` and `+` mean something in a form-encoded one;
    // a `%` that starts no triple is encoded, a triple passes.
    query.clear();
    push_query(&mut query, next, &"a&b=c+d#e[f]%zz%20").unwrap();
    assert_eq!(query, "next=a%26b%3Dc%2Bd%23e%5Bf%5D%25zz%20");
    query.clear();
    push_query(&mut query, Param::new("next", Style::Form, true), &"/a/b?c").unwrap();
    assert_eq!(query, "next=%2Fa%2Fb%3Fc");
}

#[test]
fn numbers_take_their_shortest_form() {
    assert_eq!(item_text(&json!(927.0)), "927");
    assert_eq!(item_text(&json!(1.5)), "1.5");
    assert_eq!(item_text(&json!(-3)), "-3");
    assert_eq!(path(Style::Simple, false, &json!(927.0)).unwrap(), "927");
    assert_eq!(query(Style::Form, true, &json!([1.0, 2.5])), "color=1&color=2.5");
}

#[test]
fn undefined_values_add_nothing_unless_the_parameter_is_required() {
    assert_eq!(query(Style::Form, true, &Value::Null), "");
    assert_eq!(query(Style::Form, true, &json!([])), "");
    let mut query = String::new();
    push_query(&mut query, Param::new("p", Style::Form, true), &None::<i64>).unwrap();
    assert_eq!(query, "");
    let required = Param::new("p", Style::Form, true).required();
    let error = push_query(&mut query, required, &Value::Null).unwrap_err();
    assert_eq!(error.parameter(), "p");
    assert!(header_value(Param::new("h", Style::Simple, false).required(), &Value::Null).is_err());
    assert!(header_value(Param::new("h", Style::Simple, false), &Value::Null).unwrap().is_none());
}

#[test]
fn a_path_value_is_always_exactly_one_segment() {
    let simple = |value: &str| path(Style::Simple, false, &json!(value));
    assert_eq!(simple("a/../b?x#y").unwrap(), "a%2F..%2Fb%3Fx%23y");
    assert_eq!(simple("100%").unwrap(), "100%25");
    for refused in ["", ".", ".."] {
        assert!(simple(refused).is_err(), "{refused:?}");
    }
    assert!(path(Style::Label, false, &json!(".")).is_err(), "`..` as a label would leave the segment");
}

#[test]
fn headers_and_cookies_refuse_or_encode_what_would_split_them() {
    assert!(header_value(Param::new("h", Style::Simple, false), &"a\r\nb").is_err());
    assert_eq!(cookie(true, &json!("a;b c")), "color=a%3Bb%20c");
    assert_eq!(cookie(true, &json!("a\r\nb")), "color=a%0D%0Ab");
}

#[test]
fn form_bodies_follow_each_property_s_style() {
    let body = json!({"name": "a b", "tags": ["x", "y"], "ids": [1, 2], "skip": null});
    let ids = Param::new("ids", Style::Form, false);
    let encoded = form_body(&body, &[ids]).unwrap();
    assert_eq!(String::from_utf8(encoded).unwrap(), "name=a%20b&tags=x&tags=y&ids=1,2");
}

#[test]
fn bytes_travel_as_base64() {
    let bytes = Bytes::from(b"hello".to_vec());
    assert_eq!(serde_json::to_value(&bytes).unwrap(), json!("aGVsbG8="));
    assert_eq!(serde_json::from_value::<Bytes>(json!("aGVsbG8=")).unwrap(), bytes);
    // Unpadded and URL-safe input is accepted too.
    assert_eq!(serde_json::from_value::<Bytes>(json!("aGVsbG8")).unwrap(), bytes);
    assert_eq!(serde_json::from_value::<Bytes>(json!("-_8")).unwrap().0, vec![0xfb, 0xff]);
    assert!(serde_json::from_value::<Bytes>(json!("not base64!")).is_err());
    assert_eq!(format!("{bytes:?}"), "Bytes(5 bytes)");
}

#[test]
fn nullable_has_three_states() {
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq, Default)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        note: Nullable<String>,
    }
    let sent = |patch: Patch| serde_json::to_value(patch).unwrap();
    assert_eq!(sent(Patch { note: Nullable::Absent }), json!({}));
    assert_eq!(sent(Patch { note: Nullable::Null }), json!({"note": null}));
    assert_eq!(sent(Patch { note: Nullable::Value("x".into()) }), json!({"note": "x"}));
    let read = |value: Value| serde_json::from_value::<Patch>(value).unwrap().note;
    assert_eq!(read(json!({})), Nullable::Absent);
    assert_eq!(read(json!({"note": null})), Nullable::Null);
    assert_eq!(read(json!({"note": "x"})), Nullable::Value("x".to_owned()));
}

#[test]
fn server_urls_fill_their_variables() {
    let url = server_url(
        "{scheme}://{host}:{port}/api/{version}",
        &[("scheme", "https"), ("host", "h"), ("port", "1"), ("version", "v2")],
    );
    assert_eq!(url, "https://h:1/api/v2");
}

const SCHEMES: &[Scheme] = &[
    Scheme { key: "login", placement: Placement::Basic },
    Scheme { key: "oauth", placement: Placement::Bearer },
    Scheme { key: "queryKey", placement: Placement::Query("api_key") },
    Scheme { key: "cookieKey", placement: Placement::Cookie("session") },
];

#[test]
fn credentials_debug_never_shows_a_secret() {
    let mut credentials = Credentials::new(SCHEMES);
    credentials.set_basic(0, "ann", "s3cret").unwrap();
    credentials.set(2, "k3y").unwrap();
    let shown = format!("{credentials:?}");
    assert!(!shown.contains("s3cret") && !shown.contains("k3y") && !shown.contains("YW5u"), "{shown}");
    assert!(shown.contains("login") && shown.contains("queryKey"), "{shown}");
    assert!(credentials.set(1, "a\r\nb").is_err(), "a header credential with CR/LF is refused");
    assert!(credentials.set_basic(0, "a:b", "c").is_err(), "RFC 7617: a user id cannot hold `:`");
    // The request that carries them is not shown either.
    let request = Request::new(reqwest::Method::GET, "/");
    assert!(!format!("{request:?}").contains("s3cret"));
}
