//! Building a client: base URLs and credentials.

use syncano_client::{Client, ConfigError};

#[test]
fn base_urls_that_cannot_work_are_refused() {
    for url in ["", "api.syncano.io/v1.1", "ftp://example.com", "http://h/v1.1?x=1", "http://h/v1.1#top", "not a url"] {
        assert!(matches!(Client::new(url), Err(ConfigError::InvalidBaseUrl(_))), "{url:?} must be refused");
    }
}

#[test]
fn credentials_in_the_base_url_are_refused_without_echoing_them() {
    let error = Client::new("https://user:hunter2@api.syncano.io/v1.1").expect_err("must be refused");
    assert!(matches!(error, ConfigError::CredentialsInBaseUrl));
    assert!(!format!("{error} {error:?}").contains("hunter2"));
}

#[test]
fn the_base_url_loses_only_its_trailing_slash() {
    let client = Client::new("https://api.syncano.io/v1.1/").unwrap();
    assert_eq!(client.base_url(), "https://api.syncano.io/v1.1");
}

#[test]
fn a_caller_supplied_http_client_is_used() {
    let http = reqwest::Client::builder().user_agent("mine/1").build().unwrap();
    let client = Client::with_http_client("http://127.0.0.1:9", http).unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
}
