//! Runtime support shared by every operation: transport, errors, parameter serialization, base64
//! and three-state values, credentials and servers.
//!
//! This file is copied verbatim into each generated client and tested there. The wire rules live
//! here once: each generated method only says which rule applies.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
pub use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// An error from code the caller supplies, such as a [`TokenProvider`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The error every operation returns. `E` holds the operation's documented error responses.
#[derive(Debug)]
pub enum Error<E> {
    /// The server answered with a documented error status, and its body matched the documented schema.
    Api(E),
    /// The server answered with an undocumented status, or with a body that does not match the documented schema.
    UnexpectedResponse(Box<UnexpectedResponse>),
    /// The request was refused before anything was sent.
    InvalidRequest(InvalidRequest),
    /// The request could not be sent, or no response came (connection refused, timeout before the headers).
    Transport(reqwest::Error),
    /// The response body is larger than [`Config::max_response_bytes`]; the first bytes are kept.
    ResponseTooLarge(Box<UnexpectedResponse>),
    /// The body stopped arriving (connection reset, timeout, truncated); what came is kept.
    BodyInterrupted(Box<InterruptedResponse>),
    /// A [`TokenProvider`] could not give a token, so nothing was sent.
    Token(BoxError),
}

/// A response whose body stopped before its end.
#[derive(Debug)]
pub struct InterruptedResponse {
    /// The status the server answered with.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The part of the body that arrived.
    pub received: Vec<u8>,
    /// Why it stopped.
    pub error: reqwest::Error,
}

impl<E: ApiError> Error<E> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status()),
            Error::UnexpectedResponse(response) => Some(response.status),
            Error::InvalidRequest(_) => None,
            Error::Transport(error) => error.status(),
            Error::ResponseTooLarge(response) => Some(response.status),
            Error::BodyInterrupted(response) => Some(response.status),
            Error::Token(_) => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => write!(f, "the server answered {error}"),
            Error::UnexpectedResponse(response) => response.fmt(f),
            Error::InvalidRequest(error) => error.fmt(f),
            Error::Transport(error) => write!(f, "request failed: {error}"),
            Error::ResponseTooLarge(response) => {
                write!(
                    f,
                    "the {} response's body is larger than the limit of {} bytes",
                    response.status,
                    response.body.len()
                )
            }
            Error::BodyInterrupted(response) => write!(
                f,
                "the {} response's body stopped after {} bytes: {}",
                response.status,
                response.received.len(),
                response.error
            ),
            Error::Token(error) => write!(f, "no access token: {error}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            Error::BodyInterrupted(response) => Some(&response.error),
            Error::Token(error) => Some(&**error),
            _ => None,
        }
    }
}

impl<E> From<InvalidRequest> for Error<E> {
    fn from(error: InvalidRequest) -> Self {
        Error::InvalidRequest(error)
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(error: reqwest::Error) -> Self {
        Error::Transport(error)
    }
}

/// A documented error response of one operation.
pub trait ApiError: fmt::Debug {
    /// The status the server answered with.
    fn status(&self) -> StatusCode;
}

/// Writes `status: body` with the body as compact JSON, so the server's own message reads as sent.
pub fn write_error_body(f: &mut fmt::Formatter<'_>, status: StatusCode, body: &(impl Serialize + fmt::Debug)) -> fmt::Result {
    match serde_json::to_string(body) {
        Ok(json) => write!(f, "{status}: {json}"),
        Err(_) => write!(f, "{status}: {body:?}"),
    }
}

impl ApiError for std::convert::Infallible {
    fn status(&self) -> StatusCode {
        match *self {}
    }
}

/// A response the client could not map to a documented one. Nothing the server sent is lost.
#[derive(Clone, PartialEq, Eq)]
pub struct UnexpectedResponse {
    /// The status the server answered with.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Vec<u8>,
    /// Why the body did not decode, when the status was documented.
    pub decode_error: Option<String>,
}

impl UnexpectedResponse {
    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The body decoded as JSON into `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }

    /// The `Content-Type` header, when present and readable.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE)?.to_str().ok()
    }
}

impl fmt::Debug for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnexpectedResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("body", &self.text())
            .field("decode_error", &self.decode_error)
            .finish()
    }
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unexpected response {} with a {}-byte body", self.status, self.body.len())?;
        match &self.decode_error {
            Some(error) => write!(f, " that does not match the documented schema: {error}"),
            None => Ok(()),
        }
    }
}

/// A parameter value that cannot be sent as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    parameter: &'static str,
    reason: &'static str,
}

impl InvalidRequest {
    fn new(parameter: &'static str, reason: &'static str) -> Self {
        InvalidRequest { parameter, reason }
    }
}

impl InvalidRequest {
    /// The parameter's name in the spec.
    pub fn parameter(&self) -> &str {
        self.parameter
    }
}

/// Never shows the value itself: it may be a secret.
impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid value for `{}`: {}", self.parameter, self.reason)
    }
}

impl std::error::Error for InvalidRequest {}

/// Why a client could not be built.
#[derive(Debug)]
pub enum ConfigError {
    /// The base URL is not an absolute `http` or `https` URL without a query or fragment.
    InvalidBaseUrl(String),
    /// A server variable was given a value its `enum` does not list.
    InvalidServerVariable {
        /// The variable.
        name: &'static str,
        /// The values the spec allows.
        allowed: &'static [&'static str],
    },
    /// The base URL holds a user name or password; credentials belong in the client's setters.
    CredentialsInBaseUrl,
    /// A credential cannot be sent as a header value (it holds a control character such as CR or LF).
    InvalidCredential(&'static str),
    /// The HTTP client could not be built.
    Http(reqwest::Error),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::InvalidBaseUrl(url) => {
                write!(f, "`{url}` is not an absolute http(s) URL without a query or fragment")
            }
            ConfigError::InvalidServerVariable { name, allowed } => {
                write!(f, "server variable `{name}` must be one of {}", allowed.join(", "))
            }
            ConfigError::CredentialsInBaseUrl => {
                f.write_str("the base URL must not hold a user name or password; use the client's credential setters")
            }
            ConfigError::InvalidCredential(scheme) => {
                write!(f, "the `{scheme}` credential holds characters its header or cookie cannot carry")
            }
            ConfigError::Http(error) => write!(f, "cannot build the HTTP client: {error}"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// How the client talks to the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// How long connecting may take.
    pub connect_timeout: Duration,
    /// How long a whole request may take, body included.
    pub timeout: Duration,
    /// The largest response body read; a larger one is [`Error::ResponseTooLarge`].
    pub max_response_bytes: usize,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// When to send a request again.
    pub retry: RetryPolicy,
}

/// Retries of requests that failed in a way worth trying again.
///
/// Idempotent requests (GET, PUT, DELETE, …) are retried on 429, 502, 503 and 504; any request is
/// retried when it could not connect, since it never reached the server. A POST that may have
/// reached the server is never sent twice. A request whose body is a stream (a multipart upload)
/// is sent once.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// How many times a request may be sent again; 0 turns retries off.
    pub max_retries: u32,
    /// The first wait; each retry doubles it, with random jitter.
    pub initial_backoff: Duration,
    /// The longest wait, also for a server's `Retry-After`.
    pub max_backoff: Duration,
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// How long to wait before retry number `attempt` (0-based), honouring `Retry-After`.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_backoff);
        }
        let ceiling = self.initial_backoff.saturating_mul(2u32.saturating_pow(attempt)).min(self.max_backoff);
        // Full jitter: anywhere between half and all of the ceiling, so clients do not retry in step.
        let random = std::hash::BuildHasher::hash_one(&std::collections::hash_map::RandomState::new(), attempt);
        ceiling / 2 + ceiling.mul_f64((random % 1000) as f64 / 2000.0)
    }
}

impl Default for RetryPolicy {
    /// Three retries, from 200 ms up to 5 s apart.
    fn default() -> Self {
        RetryPolicy { max_retries: 3, initial_backoff: Duration::from_millis(200), max_backoff: Duration::from_secs(5) }
    }
}

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
}

impl Config {
    /// The defaults: 10 s to connect, 60 s per request, 16 MiB per response, and `user_agent`.
    pub fn new(user_agent: &str) -> Self {
        Config {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            max_response_bytes: 16 * 1024 * 1024,
            user_agent: user_agent.to_owned(),
            retry: RetryPolicy::default(),
        }
    }

    /// The HTTP client for this configuration: rustls, these timeouts, and no redirects to other origins.
    pub fn http_client(&self) -> Result<reqwest::Client, ConfigError> {
        self.http_client_builder()
            .redirect(reqwest::redirect::Policy::custom(|attempt| {
                // Credentials travel in headers reqwest does not strip, so never follow to another origin.
                let same_origin =
                    attempt.previous().first().is_some_and(|first| first.origin() == attempt.url().origin());
                if same_origin && attempt.previous().len() < 10 { attempt.follow() } else { attempt.stop() }
            }))
            .build()
            .map_err(ConfigError::Http)
    }

    /// The HTTP client for operations that document a redirect (3XX) response: it follows none, so
    /// the caller gets the documented response.
    pub fn http_client_stopping_at_redirects(&self) -> Result<reqwest::Client, ConfigError> {
        self.http_client_builder().redirect(reqwest::redirect::Policy::none()).build().map_err(ConfigError::Http)
    }

    fn http_client_builder(&self) -> reqwest::ClientBuilder {
        reqwest::Client::builder().user_agent(&self.user_agent).connect_timeout(self.connect_timeout).timeout(self.timeout)
    }
}

/// Sends requests to the API's servers, with retries and a bounded read of each response.
#[derive(Debug, Clone)]
pub struct Transport {
    http: reqwest::Client,
    /// The client for requests that must not follow redirects; `http` unless set.
    http_stopping: reqwest::Client,
    /// The base URL of each server group, without a trailing slash; the first is the API's own.
    base_urls: Vec<String>,
    max_response_bytes: usize,
    retry: RetryPolicy,
}

/// Checks that `base_url` can be a base URL and returns it without a trailing slash.
fn checked_base_url(base_url: &str) -> Result<String, ConfigError> {
    let parsed = reqwest::Url::parse(base_url).map_err(|_| ConfigError::InvalidBaseUrl(base_url.to_owned()))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(ConfigError::CredentialsInBaseUrl);
    }
    if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(ConfigError::InvalidBaseUrl(base_url.to_owned()));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

impl Transport {
    /// A transport whose operations go to `base_url`, and those of the servers groups declared on
    /// paths or operations to `group_urls`, sent through `http` with `config`'s size limit and retries.
    pub fn new(base_url: &str, group_urls: &[&str], http: reqwest::Client, config: &Config) -> Result<Self, ConfigError> {
        let mut base_urls = vec![checked_base_url(base_url)?];
        for url in group_urls {
            base_urls.push(checked_base_url(url)?);
        }
        let http_stopping = http.clone();
        Ok(Transport {
            http,
            http_stopping,
            base_urls,
            max_response_bytes: config.max_response_bytes,
            retry: config.retry.clone(),
        })
    }

    /// Sends the requests of operations that document a redirect response through `http`, which
    /// should follow no redirects (see [`Config::http_client_stopping_at_redirects`]).
    pub fn stopping_at_redirects_with(mut self, http: reqwest::Client) -> Self {
        self.http_stopping = http;
        self
    }

    /// The base URL of server group `group` (0: the API's own), without a trailing slash.
    pub fn base_url(&self, group: usize) -> &str {
        &self.base_urls[group]
    }

    /// Sends the operations of server group `group` to `base_url` from now on.
    pub fn set_base_url(&mut self, group: usize, base_url: &str) -> Result<(), ConfigError> {
        self.base_urls[group] = checked_base_url(base_url)?;
        Ok(())
    }

    /// Sends `request` to server group `group` with the credentials of the first of
    /// `requirements` whose credentials are all set (see [`Credentials::apply`]), retrying as the
    /// policy allows, and reads the whole response up to the size limit.
    pub async fn send<E>(
        &self,
        group: usize,
        mut request: Request,
        credentials: &Credentials,
        requirements: &[&[usize]],
    ) -> Result<Response, Error<E>> {
        credentials.apply(&mut request, requirements).await.map_err(Error::Token)?;
        let http = if request.stop_at_redirects { &self.http_stopping } else { &self.http };
        let mut url = format!("{}{}", self.base_urls[group], request.path);
        if !request.query.is_empty() {
            url.push('?');
            url.push_str(&request.query);
        }
        let mut builder = http.request(request.method, url).headers(request.headers);
        if !request.cookies.is_empty() {
            builder = builder.header(COOKIE, request.cookies.join("; "));
        }
        builder = match request.body {
            Body::Empty => builder,
            Body::Bytes(content_type, bytes) => builder.header(CONTENT_TYPE, content_type).body(bytes),
            Body::Stream(content_type, body) => builder.header(CONTENT_TYPE, content_type).body(body),
            Body::Builder(apply) => apply(builder),
        };
        let mut request = builder.build()?;
        let idempotent = request.method().is_idempotent();
        let mut attempt = 0;
        let response = loop {
            // A streaming body cannot be cloned, so such a request is sent once.
            let retry = if attempt < self.retry.max_retries { request.try_clone() } else { None };
            let outcome = http.execute(request).await;
            let Some(next) = retry else { break outcome? };
            let wait = match &outcome {
                Err(error) if failed_unanswered(error, idempotent) => self.retry.delay(attempt, None),
                Ok(response) if idempotent && matches!(response.status().as_u16(), 429 | 502 | 503 | 504) => {
                    self.retry.delay(attempt, retry_after(response.headers()))
                }
                _ => break outcome?,
            };
            tokio::time::sleep(wait).await;
            attempt += 1;
            request = next;
        };
        self.read(response).await
    }

    async fn read<E>(&self, mut response: reqwest::Response) -> Result<Response, Error<E>> {
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        // Sized from Content-Length when the server sends it, so a body is not copied as it grows.
        let expected = response.content_length().map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX));
        let mut body = Vec::with_capacity(expected.min(self.max_response_bytes));
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > self.max_response_bytes {
                        let room = self.max_response_bytes - body.len();
                        body.extend_from_slice(&chunk[..room]);
                        let too_large = UnexpectedResponse {
                            status,
                            headers,
                            body,
                            decode_error: Some(format!("the body is over {} bytes", self.max_response_bytes)),
                        };
                        return Err(Error::ResponseTooLarge(Box::new(too_large)));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(Response { status, headers, body }),
                Err(error) => {
                    let interrupted = InterruptedResponse { status, headers, received: body, error };
                    return Err(Error::BodyInterrupted(Box::new(interrupted)));
                }
            }
        }
    }
}

/// Whether a request that got no response is worth sending again. One that could not connect
/// never reached the server, so any method is. One that failed later without a status (the
/// server closed a pooled keep-alive connection, the connection was reset, the request timed
/// out) may have reached it, so only an idempotent method (GET, HEAD, PUT, DELETE, OPTIONS,
/// TRACE) is sent again: a POST is never sent twice.
fn failed_unanswered(error: &reqwest::Error, idempotent: bool) -> bool {
    error.is_connect() || (idempotent && (error.is_request() || error.is_timeout()) && error.status().is_none())
}

/// A response read in full.
#[derive(Debug)]
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Response {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Decodes the JSON body, or hands back the whole response when it does not match.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(value),
            Err(error) => Err(self.unexpected_because(error.to_string())),
        }
    }

    /// The body as UTF-8 text.
    pub fn text<E>(self) -> Result<String, Error<E>> {
        String::from_utf8(self.body).map_err(|error| {
            let message = error.utf8_error().to_string();
            Response { status: self.status, headers: self.headers, body: error.into_bytes() }
                .unexpected_because(message)
        })
    }

    /// The raw body.
    pub fn bytes(self) -> Vec<u8> {
        self.body
    }

    /// A documented error whose JSON body `variant` wraps.
    pub fn api_error<T: DeserializeOwned, E>(self, variant: impl FnOnce(T) -> E) -> Error<E> {
        match self.json() {
            Ok(body) => Error::Api(variant(body)),
            Err(error) => error,
        }
    }

    /// A response with an undocumented status.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedResponse(Box::new(UnexpectedResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
            decode_error: None,
        }))
    }

    fn unexpected_because<E>(self, decode_error: String) -> Error<E> {
        Error::UnexpectedResponse(Box::new(UnexpectedResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
            decode_error: Some(decode_error),
        }))
    }
}

// ---------------------------------------------------------------------------------------------
// Binary data and three-state values.

/// Binary data. In JSON it travels as base64 text (RFC 4648 §4, the standard alphabet with
/// padding), as OpenAPI's `format: byte` (and `format: binary` inside JSON) say; in a multipart
/// body it is the raw bytes of a file part.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Bytes(pub Vec<u8>);

impl Bytes {
    /// The bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }

    /// The base64 text these bytes travel as in JSON.
    pub fn to_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.0)
    }

    /// Decodes base64 text; both the standard and the URL-safe alphabet, padded or not, are accepted.
    pub fn from_base64(text: &str) -> Result<Self, base64::DecodeError> {
        use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
        let text = text.trim();
        STANDARD
            .decode(text)
            .or_else(|_| STANDARD_NO_PAD.decode(text))
            .or_else(|_| URL_SAFE.decode(text))
            .or_else(|_| URL_SAFE_NO_PAD.decode(text))
            .map(Bytes)
    }
}

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bytes({} bytes)", self.0.len())
    }
}

impl std::ops::Deref for Bytes {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl std::ops::DerefMut for Bytes {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes(bytes)
    }
}

impl From<&[u8]> for Bytes {
    fn from(bytes: &[u8]) -> Self {
        Bytes(bytes.to_vec())
    }
}

impl From<Bytes> for Vec<u8> {
    fn from(bytes: Bytes) -> Self {
        bytes.0
    }
}

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        Bytes::from_base64(&text).map_err(|error| serde::de::Error::custom(format!("invalid base64: {error}")))
    }
}

/// A property that is neither required nor non-nullable, so it has three states on the wire:
/// left out, `null`, or a value. In a request, [`Nullable::Absent`] leaves the property alone and
/// [`Nullable::Null`] clears it, as a JSON merge patch does (RFC 7396).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// The property is not in the JSON.
    #[default]
    Absent,
    /// The property is `null`.
    Null,
    /// The property has this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property is left out; serialization skips it then.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, if there is one, taking it.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` is `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// [`Nullable::Absent`] is written as `null` where it cannot be left out; a property
    /// holding it is skipped (`skip_serializing_if = "Nullable::is_absent"`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            _ => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// `null` is [`Nullable::Null`]; a property that is not there is [`Nullable::Absent`]
    /// (`#[serde(default)]`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Nullable::Null, Nullable::Value))
    }
}

// ---------------------------------------------------------------------------------------------
// Parameter serialization: OpenAPI 3.1.1 §4.8.12.4 and its "Style Examples" table (the same rows as
// 3.0.4's), with the percent-encoding rules of its Appendix E. Each item is percent-encoded first,
// then items are joined with literal delimiters, so `["a,b"]` and `["a", "b"]` never look alike.

/// OpenAPI's parameter `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `matrix` (path): `;color=blue,black`.
    Matrix,
    /// `label` (path): `.blue,black`.
    Label,
    /// `simple` (path, header): `blue,black`.
    Simple,
    /// `form` (query, cookie): `color=blue,black` or, exploded, `color=blue&color=black`.
    Form,
    /// `spaceDelimited` (query): `color=blue%20black`.
    SpaceDelimited,
    /// `pipeDelimited` (query): `color=blue%7Cblack`.
    PipeDelimited,
    /// `deepObject` (query): `color%5BR%5D=100`.
    DeepObject,
}

/// How one parameter is written: its name, `style`, `explode` and `allowReserved`, and whether it
/// is `required`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The name on the wire.
    pub name: &'static str,
    /// `style`.
    pub style: Style,
    /// `explode`.
    pub explode: bool,
    /// `allowReserved`: reserved characters pass unencoded (query parameters only).
    pub allow_reserved: bool,
    /// `required`: a `null` value is refused rather than left out.
    pub required: bool,
}

impl Param {
    /// A parameter with `style` and `explode`, not required, reserved characters encoded.
    pub const fn new(name: &'static str, style: Style, explode: bool) -> Self {
        Param { name, style, explode, allow_reserved: false, required: false }
    }

    /// The same, required.
    pub const fn required(self) -> Self {
        Param { required: true, ..self }
    }

    /// The same, with `allowReserved: true`.
    pub const fn allow_reserved(self) -> Self {
        Param { allow_reserved: true, ..self }
    }
}

/// Everything but RFC 3986 unreserved characters is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// `allowReserved`: RFC 3986 reserved characters pass, but for those a query cannot hold (`[`, `]`,
/// `#`) and those with a meaning in a form-encoded query (`&`, `=`, `+`); see OpenAPI 3.1.1's
/// `allowReserved`. `%` passes here so percent-encoded triples stay as they are; a lone `%` is
/// encoded by [`encode_reserved`].
const RESERVED_ALLOWED: &AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';')
    .remove(b'%');
/// What a cookie value cannot hold (RFC 6265 §4.1.1 `cookie-octet`), plus `%` so the encoding can
/// be undone, and `,`, the delimiter of non-exploded values.
const COOKIE_VALUE: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b',').add(b';').add(b'\\').add(b'%').add(0x7f);
/// In a header, the delimiters of array and object values and `%`.
const HEADER_ITEM: &AsciiSet = &CONTROLS.add(b',').add(b'=').add(b'%');

fn encode(text: &str, set: &'static AsciiSet) -> String {
    utf8_percent_encode(text, set).to_string()
}

/// Percent-encodes for `allowReserved`: reserved characters and `%XX` triples pass; a `%` that
/// starts no triple is encoded.
fn encode_reserved(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'%' && !(bytes.len() > i + 2 && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit()) {
            out.push_str(&encode(&text[start..i], RESERVED_ALLOWED));
            out.push_str("%25");
            start = i + 1;
        }
    }
    out.push_str(&encode(&text[start..], RESERVED_ALLOWED));
    out
}

/// The text of one item: strings as they are, numbers in their shortest JSON form (an integral
/// number is `927`, never `927.0`), `true`/`false`, and anything nested as JSON.
pub fn item_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Number(number) => match number.as_f64() {
            Some(float) if !number.is_i64() && !number.is_u64() && float.fract() == 0.0 && float.abs() < 9.0e15 => {
                format!("{}", float as i64)
            }
            _ => number.to_string(),
        },
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A value as the serializer sees it: `null`, an empty array and an empty object are undefined
/// (RFC 6570 §2.3), so a parameter holding one is left out.
enum Shape {
    Undefined,
    Scalar(String),
    Array(Vec<String>),
    Object(Vec<(String, String)>),
}

fn shape(value: &impl Serialize) -> Shape {
    match serde_json::to_value(value).unwrap_or(Value::Null) {
        Value::Null => Shape::Undefined,
        Value::Array(items) if items.is_empty() => Shape::Undefined,
        Value::Object(members) if members.is_empty() => Shape::Undefined,
        Value::Array(items) => Shape::Array(items.iter().filter(|i| !i.is_null()).map(item_text).collect()),
        Value::Object(members) => {
            Shape::Object(members.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), item_text(v))).collect())
        }
        scalar => Shape::Scalar(item_text(&scalar)),
    }
}

/// Items joined by `separator`, each encoded with `encode` first.
fn joined(items: &[String], separator: &str, encode: &dyn Fn(&str) -> String) -> String {
    items.iter().map(|item| encode(item)).collect::<Vec<_>>().join(separator)
}

/// Object members as `k,v,k,v` (`explode: false`) or `k=v` pairs joined by `separator`.
fn members(pairs: &[(String, String)], explode: bool, separator: &str, encode: &dyn Fn(&str) -> String) -> String {
    let parts: Vec<String> = if explode {
        pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect()
    } else {
        pairs.iter().flat_map(|(k, v)| [encode(k), encode(v)]).collect()
    };
    parts.join(separator)
}

/// A path parameter: `simple`, `label` or `matrix` text, items percent-encoded so the value stays
/// inside its segment. A value that would be empty, `.` or `..` is refused: it would change the path.
pub fn path_param(param: Param, value: &impl Serialize) -> Result<String, InvalidRequest> {
    let encode = |text: &str| encode(text, UNRESERVED);
    let name = encode(param.name);
    let text = match (param.style, shape(value)) {
        (Style::Label, Shape::Undefined) => ".".to_owned(),
        (Style::Matrix, Shape::Undefined) => format!(";{name}"),
        (_, Shape::Undefined) => String::new(),
        (Style::Label, Shape::Scalar(text)) => format!(".{}", encode(&text)),
        (Style::Matrix, Shape::Scalar(text)) if text.is_empty() => format!(";{name}"),
        (Style::Matrix, Shape::Scalar(text)) => format!(";{name}={}", encode(&text)),
        (_, Shape::Scalar(text)) => encode(&text),
        (Style::Label, Shape::Array(items)) => {
            format!(".{}", joined(&items, if param.explode { "." } else { "," }, &encode))
        }
        (Style::Matrix, Shape::Array(items)) if param.explode => {
            items.iter().map(|item| format!(";{name}={}", encode(item))).collect()
        }
        (Style::Matrix, Shape::Array(items)) => format!(";{name}={}", joined(&items, ",", &encode)),
        (_, Shape::Array(items)) => joined(&items, ",", &encode),
        (Style::Label, Shape::Object(pairs)) => {
            format!(".{}", members(&pairs, param.explode, if param.explode { "." } else { "," }, &encode))
        }
        (Style::Matrix, Shape::Object(pairs)) if param.explode => format!(";{}", members(&pairs, true, ";", &encode)),
        (Style::Matrix, Shape::Object(pairs)) => format!(";{name}={}", members(&pairs, false, ",", &encode)),
        (_, Shape::Object(pairs)) => members(&pairs, param.explode, ",", &encode),
    };
    match text.as_str() {
        "" => Err(InvalidRequest::new(param.name, "a path parameter cannot be empty")),
        "." | ".." => Err(InvalidRequest::new(param.name, "`.` and `..` would change the path")),
        _ => Ok(text),
    }
}

/// The query string of `pairs`, already encoded.
fn push_pairs(query: &mut String, pairs: impl IntoIterator<Item = String>) {
    for pair in pairs {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&pair);
    }
}

/// Appends parameter `param` with `value` to `query` (already-encoded `name=value` pairs joined by
/// `&`). Undefined values add nothing, or are refused when the parameter is required.
pub fn push_query(query: &mut String, param: Param, value: &impl Serialize) -> Result<(), InvalidRequest> {
    push_pairs(query, query_pairs(param.name, param, value)?);
    Ok(())
}

/// The encoded `name=value` pairs of a query parameter or form property called `name`.
fn query_pairs(name: &str, param: Param, value: &impl Serialize) -> Result<Vec<String>, InvalidRequest> {
    let reserved = param.allow_reserved;
    let encode = move |text: &str| if reserved { encode_reserved(text) } else { encode(text, UNRESERVED) };
    let name = encode(name);
    Ok(match shape(value) {
        Shape::Undefined if param.required => {
            return Err(InvalidRequest::new(param.name, "a required parameter cannot be null or empty"));
        }
        Shape::Undefined => Vec::new(),
        Shape::Scalar(text) => vec![format!("{name}={}", encode(&text))],
        Shape::Array(items) => match param.style {
            Style::SpaceDelimited => vec![format!("{name}={}", joined(&items, "%20", &encode))],
            Style::PipeDelimited => vec![format!("{name}={}", joined(&items, "%7C", &encode))],
            Style::Form if !param.explode => vec![format!("{name}={}", joined(&items, ",", &encode))],
            _ => items.iter().map(|item| format!("{name}={}", encode(item))).collect(),
        },
        Shape::Object(pairs) => match param.style {
            Style::SpaceDelimited => vec![format!("{name}={}", members(&pairs, false, "%20", &encode))],
            Style::PipeDelimited => vec![format!("{name}={}", members(&pairs, false, "%7C", &encode))],
            Style::DeepObject => {
                pairs.iter().map(|(k, v)| format!("{name}%5B{}%5D={}", encode(k), encode(v))).collect()
            }
            Style::Form if !param.explode => vec![format!("{name}={}", members(&pairs, false, ",", &encode))],
            _ => pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect(),
        },
    })
}

/// A header parameter's value (`simple` style). A scalar is sent as it is; the items of an array
/// or object have `,`, `=` and `%` percent-encoded so the delimiters stay unambiguous. Control
/// characters such as CR and LF are refused.
pub fn header_value(param: Param, value: &impl Serialize) -> Result<Option<HeaderValue>, InvalidRequest> {
    let encode = |text: &str| encode(text, HEADER_ITEM);
    let text = match shape(value) {
        Shape::Undefined if param.required => {
            return Err(InvalidRequest::new(param.name, "a required header cannot be null or empty"));
        }
        Shape::Undefined => return Ok(None),
        Shape::Scalar(text) => text,
        Shape::Array(items) => joined(&items, ",", &encode),
        Shape::Object(pairs) => members(&pairs, param.explode, ",", &encode),
    };
    HeaderValue::from_str(&text)
        .map(Some)
        .map_err(|_| InvalidRequest::new(param.name, "a header value cannot hold control characters such as CR or LF"))
}

/// The `name=value` pairs of a cookie parameter (`form` style). Items are percent-encoded where
/// a cookie value cannot hold them (RFC 6265); an exploded array or object is one cookie per item,
/// as cookies cannot repeat `&` (OpenAPI 3.1.1 Appendix D).
pub fn cookie_pairs(param: Param, value: &impl Serialize) -> Result<Vec<String>, InvalidRequest> {
    let encode = |text: &str| encode(text, COOKIE_VALUE);
    let name = encode(param.name);
    Ok(match shape(value) {
        Shape::Undefined if param.required => {
            return Err(InvalidRequest::new(param.name, "a required cookie cannot be null or empty"));
        }
        Shape::Undefined => Vec::new(),
        Shape::Scalar(text) => vec![format!("{name}={}", encode(&text))],
        Shape::Array(items) if param.explode => items.iter().map(|item| format!("{name}={}", encode(item))).collect(),
        Shape::Array(items) => vec![format!("{name}={}", joined(&items, ",", &encode))],
        Shape::Object(pairs) if param.explode => {
            pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect()
        }
        Shape::Object(pairs) => vec![format!("{name}={}", members(&pairs, false, ",", &encode))],
    })
}

/// An `application/x-www-form-urlencoded` body: each property of `value` as a query parameter with
/// the `style`, `explode` and `allowReserved` its Encoding Object gives (`form`, exploded, by
/// default; OpenAPI 3.0.4 §4.8.15), named by `encodings` where they list it.
pub fn form_body(value: &impl Serialize, encodings: &[Param]) -> Result<Vec<u8>, InvalidRequest> {
    let mut body = String::new();
    if let Value::Object(properties) = serde_json::to_value(value).unwrap_or(Value::Null) {
        for (name, property) in &properties {
            let param = encodings.iter().find(|p| p.name == name.as_str()).copied();
            let param = param.unwrap_or(Param::new("body", Style::Form, true));
            push_pairs(&mut body, query_pairs(name, Param { required: false, ..param }, property)?);
        }
    }
    Ok(body.into_bytes())
}

// ---------------------------------------------------------------------------------------------
// Requests.

/// What a request carries as its body.
pub enum Body {
    /// No body.
    Empty,
    /// These bytes, with this `Content-Type`.
    Bytes(HeaderValue, Vec<u8>),
    /// A stream, with this `Content-Type`; such a request is never retried.
    Stream(HeaderValue, reqwest::Body),
    /// A body reqwest builds, such as a multipart form; never retried.
    Builder(Box<dyn FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send>),
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Empty => f.write_str("Empty"),
            Body::Bytes(content_type, bytes) => write!(f, "Bytes({content_type:?}, {} bytes)", bytes.len()),
            Body::Stream(content_type, _) => write!(f, "Stream({content_type:?})"),
            Body::Builder(_) => f.write_str("Builder"),
        }
    }
}

/// One request of an operation, before it has a server and credentials.
#[derive(Debug)]
pub struct Request {
    method: reqwest::Method,
    /// The path, already encoded.
    path: String,
    /// The query string, already encoded, without `?`.
    query: String,
    headers: HeaderMap,
    /// `name=value` pairs of the `Cookie` header.
    cookies: Vec<String>,
    body: Body,
    /// The operation documents a redirect response, so redirects are not followed.
    stop_at_redirects: bool,
}

impl Request {
    /// A request for `path`, whose parameters must come from [`path_param`].
    pub fn new(method: reqwest::Method, path: impl Into<String>) -> Self {
        Request {
            method,
            path: path.into(),
            query: String::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: Body::Empty,
            stop_at_redirects: false,
        }
    }

    /// Asks for the media types the operation reads (`Accept`), so a server that offers several
    /// answers in one the client decodes.
    pub fn accept(&mut self, media_types: &'static str) {
        self.headers.insert(reqwest::header::ACCEPT, HeaderValue::from_static(media_types));
    }

    /// Follows no redirect: the operation documents a 3XX response, which the caller gets.
    pub fn stop_at_redirects(&mut self) {
        self.stop_at_redirects = true;
    }

    /// Adds query parameter `param`; see [`push_query`].
    pub fn query(&mut self, param: Param, value: &impl Serialize) -> Result<(), InvalidRequest> {
        push_query(&mut self.query, param, value)
    }

    /// Adds header parameter `param`; see [`header_value`].
    pub fn header(&mut self, param: Param, value: &impl Serialize) -> Result<(), InvalidRequest> {
        if let Some(value) = header_value(param, value)? {
            let name = HeaderName::from_bytes(param.name.as_bytes())
                .map_err(|_| InvalidRequest::new(param.name, "not a valid header name"))?;
            self.headers.append(name, value);
        }
        Ok(())
    }

    /// Adds cookie parameter `param`; see [`cookie_pairs`].
    pub fn cookie(&mut self, param: Param, value: &impl Serialize) -> Result<(), InvalidRequest> {
        self.cookies.extend(cookie_pairs(param, value)?);
        Ok(())
    }

    /// A JSON body.
    pub fn json(&mut self, content_type: &'static str, value: &impl Serialize) -> Result<(), InvalidRequest> {
        let bytes = serde_json::to_vec(value).map_err(|_| InvalidRequest::new("body", "it cannot be written as JSON"))?;
        self.body = Body::Bytes(HeaderValue::from_static(content_type), bytes);
        Ok(())
    }

    /// An `application/x-www-form-urlencoded` body; see [`form_body`].
    pub fn form(&mut self, value: &impl Serialize, encodings: &[Param]) -> Result<(), InvalidRequest> {
        let bytes = form_body(value, encodings)?;
        self.body = Body::Bytes(HeaderValue::from_static("application/x-www-form-urlencoded"), bytes);
        Ok(())
    }

    /// A body of these bytes (text or binary) with `content_type`.
    pub fn bytes(&mut self, content_type: &'static str, bytes: impl Into<Vec<u8>>) {
        self.body = Body::Bytes(HeaderValue::from_static(content_type), bytes.into());
    }

    /// A streamed body with `content_type`.
    pub fn stream(&mut self, content_type: &'static str, body: impl Into<reqwest::Body>) {
        self.body = Body::Stream(HeaderValue::from_static(content_type), body.into());
    }

    /// A body that reqwest builds.
    pub fn body_with(&mut self, apply: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send + 'static) {
        self.body = Body::Builder(Box::new(apply));
    }
}

// ---------------------------------------------------------------------------------------------
// Credentials: OpenAPI's security schemes and requirements.

/// Gives the access token for each request, so a caller can refresh tokens without rebuilding the
/// client. Any `Fn() -> impl Future<Output = Result<String, BoxError>>` is one.
pub trait TokenProvider: Send + Sync {
    /// The token to send now.
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + '_>>;
}

impl<F, Fut> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, BoxError>> + Send + 'static,
{
    fn token(&self) -> Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + '_>> {
        Box::pin(self())
    }
}

/// Where a security scheme's credential goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// An API key in this header (`type: apiKey, in: header`).
    Header(&'static str),
    /// An API key in this query parameter (`in: query`).
    Query(&'static str),
    /// An API key in this cookie (`in: cookie`).
    Cookie(&'static str),
    /// `Authorization: Basic` with a user and password (`type: http, scheme: basic`, RFC 7617).
    Basic,
    /// `Authorization: Bearer` with a token (`scheme: bearer`, RFC 6750; also OAuth 2.0 and OpenID
    /// Connect access tokens).
    Bearer,
    /// `Authorization` with a value the caller writes whole (any other `type: http` scheme).
    Authorization,
}

/// One security scheme of `components.securitySchemes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// Its key in `components.securitySchemes`.
    pub key: &'static str,
    /// Where its credential goes.
    pub placement: Placement,
}

/// A secret. Its `Debug` output never shows it.
#[derive(Clone)]
enum Secret {
    /// A header value, already checked and marked sensitive.
    Header(HeaderValue),
    /// Text sent in a query or cookie.
    Text(String),
    /// A token asked of a provider at each request.
    Provider(Arc<dyn TokenProvider>),
}

/// The credentials a client holds, one slot per security scheme. `Debug` shows which are set,
/// never their values.
#[derive(Clone)]
pub struct Credentials {
    schemes: &'static [Scheme],
    secrets: Vec<Option<Secret>>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set: Vec<&str> =
            self.schemes.iter().zip(&self.secrets).filter(|(_, s)| s.is_some()).map(|(s, _)| s.key).collect();
        f.debug_struct("Credentials").field("set", &set).finish_non_exhaustive()
    }
}

impl Credentials {
    /// No credentials yet for `schemes`.
    pub fn new(schemes: &'static [Scheme]) -> Self {
        Credentials { schemes, secrets: vec![None; schemes.len()] }
    }

    /// Sets scheme `index`'s secret: an API key, a token, or a whole `Authorization` value. Fails
    /// when it cannot be sent where the scheme says (a header value with CR or LF, say).
    pub fn set(&mut self, index: usize, secret: &str) -> Result<(), ConfigError> {
        let scheme = self.schemes[index];
        let header = |text: String| {
            let mut value = HeaderValue::from_str(&text).map_err(|_| ConfigError::InvalidCredential(scheme.key))?;
            value.set_sensitive(true);
            Ok(Secret::Header(value))
        };
        let secret = match scheme.placement {
            Placement::Header(_) | Placement::Authorization => header(secret.to_owned())?,
            Placement::Bearer => header(format!("Bearer {secret}"))?,
            Placement::Basic => header(format!("Basic {secret}"))?,
            Placement::Query(_) | Placement::Cookie(_) => {
                if secret.chars().any(char::is_control) {
                    return Err(ConfigError::InvalidCredential(scheme.key));
                }
                Secret::Text(secret.to_owned())
            }
        };
        self.secrets[index] = Some(secret);
        Ok(())
    }

    /// Sets a basic scheme's user and password (RFC 7617: `user:password`, base64).
    pub fn set_basic(&mut self, index: usize, user: &str, password: &str) -> Result<(), ConfigError> {
        if user.contains(':') {
            return Err(ConfigError::InvalidCredential(self.schemes[index].key));
        }
        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        self.set(index, &encoded)
    }

    /// Makes scheme `index` ask `provider` for its token at each request.
    pub fn set_provider(&mut self, index: usize, provider: Arc<dyn TokenProvider>) {
        self.secrets[index] = Some(Secret::Provider(provider));
    }

    /// Whether scheme `index` has a credential.
    pub fn is_set(&self, index: usize) -> bool {
        self.secrets[index].is_some()
    }

    /// Puts on `request` the credentials of the first of `requirements` (OpenAPI security
    /// requirements, in the spec's order; each a list of scheme indexes, all of which are sent)
    /// whose credentials are all set. When none is, nothing is sent and the server decides.
    pub async fn apply(&self, request: &mut Request, requirements: &[&[usize]]) -> Result<(), BoxError> {
        let Some(requirement) = requirements.iter().find(|r| r.iter().all(|&i| self.is_set(i))) else {
            return Ok(());
        };
        for &index in requirement.iter() {
            let scheme = self.schemes[index];
            let text = match &self.secrets[index] {
                Some(Secret::Header(value)) => {
                    let name = match scheme.placement {
                        Placement::Header(name) => HeaderName::from_bytes(name.as_bytes())?,
                        _ => AUTHORIZATION,
                    };
                    request.headers.append(name, value.clone());
                    continue;
                }
                Some(Secret::Text(text)) => text.clone(),
                Some(Secret::Provider(provider)) => provider.token().await?,
                None => continue,
            };
            match scheme.placement {
                Placement::Query(name) => {
                    push_query(&mut request.query, Param::new(name, Style::Form, true), &text)?;
                }
                Placement::Cookie(name) => request.cookies.extend(cookie_pairs(Param::new(name, Style::Form, true), &text)?),
                placement => {
                    let name = match placement {
                        Placement::Header(name) => HeaderName::from_bytes(name.as_bytes())?,
                        _ => AUTHORIZATION,
                    };
                    let text = if placement == Placement::Bearer { format!("Bearer {text}") } else { text };
                    let mut value = HeaderValue::from_str(&text)?;
                    value.set_sensitive(true);
                    request.headers.append(name, value);
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Servers.

/// `url` with each `{name}` replaced by its value in `variables` (OpenAPI's Server Object).
pub fn server_url(url: &str, variables: &[(&str, &str)]) -> String {
    let mut out = url.to_owned();
    for (name, value) in variables {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Checks a server variable's value against its `enum`, when it has one.
pub fn check_server_variable(
    name: &'static str,
    value: &str,
    allowed: &'static [&'static str],
) -> Result<(), ConfigError> {
    if allowed.is_empty() || allowed.contains(&value) {
        Ok(())
    } else {
        Err(ConfigError::InvalidServerVariable { name, allowed })
    }
}
