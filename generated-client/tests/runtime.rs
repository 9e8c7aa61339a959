//! The runtime support every generated client carries, tested once here.

use serde_json::json;
use syncano_client::runtime::{QueryStyle, path_segment, path_segment_exploded, push_cookie, push_query, simple_text};

fn query(value: serde_json::Value, style: QueryStyle) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    push_query(&mut pairs, "p", &value, style);
    pairs
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

#[test]
fn query_styles_follow_the_openapi_table() {
    let array = json!([3, 4, 5]);
    let object = json!({"G": 200, "R": 100});
    assert_eq!(query(array.clone(), QueryStyle::FormExploded), pairs(&[("p", "3"), ("p", "4"), ("p", "5")]));
    assert_eq!(query(array.clone(), QueryStyle::Form), pairs(&[("p", "3,4,5")]));
    assert_eq!(query(array.clone(), QueryStyle::SpaceDelimited), pairs(&[("p", "3 4 5")]));
    assert_eq!(query(array, QueryStyle::PipeDelimited), pairs(&[("p", "3|4|5")]));
    assert_eq!(query(object.clone(), QueryStyle::FormExploded), pairs(&[("G", "200"), ("R", "100")]));
    assert_eq!(query(object.clone(), QueryStyle::Form), pairs(&[("p", "G,200,R,100")]));
    assert_eq!(query(object, QueryStyle::DeepObject), pairs(&[("p[G]", "200"), ("p[R]", "100")]));
    assert_eq!(query(json!({"a": {"b": 1}}), QueryStyle::DeepObject), pairs(&[("p[a][b]", "1")]));
}

#[test]
fn absent_values_add_nothing_and_scalars_are_plain_text() {
    assert!(query(json!(null), QueryStyle::FormExploded).is_empty());
    let mut pairs_out = Vec::new();
    push_query(&mut pairs_out, "p", &None::<i64>, QueryStyle::FormExploded);
    assert!(pairs_out.is_empty());
    assert_eq!(query(json!("a b&c"), QueryStyle::FormExploded), pairs(&[("p", "a b&c")]));
    assert_eq!(query(json!(true), QueryStyle::Form), pairs(&[("p", "true")]));
    assert_eq!(query(json!(2.5), QueryStyle::Form), pairs(&[("p", "2.5")]));
}

#[test]
fn simple_style_joins_with_commas() {
    assert_eq!(simple_text(&json!([1, 2]), false), "1,2");
    assert_eq!(simple_text(&json!({"a": 1, "b": "x"}), false), "a,1,b,x");
    assert_eq!(simple_text(&json!({"a": 1, "b": "x"}), true), "a=1,b=x");
}

#[test]
fn a_path_value_is_always_exactly_one_segment() {
    assert_eq!(path_segment("p", &"a/../b?x#y").unwrap(), "a%2F..%2Fb%3Fx%23y");
    assert_eq!(path_segment("p", &"100%").unwrap(), "100%25");
    assert_eq!(path_segment("p", &vec!["a/b", "c"]).unwrap(), "a%2Fb%2Cc");
    assert_eq!(path_segment_exploded("p", &json!({"k": "v"})).unwrap(), "k%3Dv");
    for refused in ["", ".", ".."] {
        let error = path_segment("p", &refused).unwrap_err();
        assert_eq!(error.parameter(), "p");
    }
}

#[test]
fn cookies_refuse_what_would_split_the_header() {
    let mut cookies = Vec::new();
    push_cookie(&mut cookies, "session", &"abc").unwrap();
    push_cookie(&mut cookies, "absent", &None::<String>).unwrap();
    assert_eq!(cookies, ["session=abc"]);
    for bad in ["a;b", "a b", "a\r\nb", "a,b"] {
        assert!(push_cookie(&mut cookies, "c", &bad).is_err(), "{bad:?}");
    }
}
