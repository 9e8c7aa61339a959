//! Runtime support shared by every operation: transport, errors, path encoding and credentials.
//!
//! This file is copied verbatim into each generated client and tested there.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
pub use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Everything but RFC 3986 unreserved characters is percent-encoded, so a value is always one segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

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
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            Error::BodyInterrupted(response) => Some(&response.error),
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
            ConfigError::CredentialsInBaseUrl => {
                f.write_str("the base URL must not hold a user name or password; use the client's credential setters")
            }
            ConfigError::InvalidCredential(scheme) => {
                write!(f, "the `{scheme}` credential holds characters a header cannot carry")
            }
            ConfigError::Http(error) => write!(f, "cannot build the HTTP client: {error}"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// A secret sent in a header. Its `Debug` output never shows it.
#[derive(Clone)]
pub struct Credential(HeaderValue);

impl Credential {
    /// Wraps `secret`, with `prefix` before it (such as `Bearer `).
    pub fn new(scheme: &'static str, prefix: &str, secret: &str) -> Result<Self, ConfigError> {
        let mut value =
            HeaderValue::from_str(&format!("{prefix}{secret}")).map_err(|_| ConfigError::InvalidCredential(scheme))?;
        value.set_sensitive(true);
        Ok(Credential(value))
    }

    /// The header value to send.
    pub fn header_value(&self) -> HeaderValue {
        self.0.clone()
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credential(<redacted>)")
    }
}

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
/// reached the server is never sent twice.
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
        reqwest::Client::builder()
            .user_agent(&self.user_agent)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::custom(|attempt| {
                // Credentials travel in headers reqwest does not strip, so never follow to another origin.
                let same_origin =
                    attempt.previous().first().is_some_and(|first| first.origin() == attempt.url().origin());
                if same_origin && attempt.previous().len() < 10 { attempt.follow() } else { attempt.stop() }
            }))
            .build()
            .map_err(ConfigError::Http)
    }
}

/// Sends requests to one base URL.
#[derive(Debug, Clone)]
pub struct Transport {
    http: reqwest::Client,
    base_url: String,
    max_response_bytes: usize,
    retry: RetryPolicy,
}

impl Transport {
    /// A transport for `base_url` that sends through `http`, with `config`'s size limit and retries.
    pub fn new(base_url: &str, http: reqwest::Client, config: &Config) -> Result<Self, ConfigError> {
        let parsed = reqwest::Url::parse(base_url).map_err(|_| ConfigError::InvalidBaseUrl(base_url.to_owned()))?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(ConfigError::CredentialsInBaseUrl);
        }
        if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(ConfigError::InvalidBaseUrl(base_url.to_owned()));
        }
        let base_url = parsed.as_str().trim_end_matches('/').to_owned();
        Ok(Transport { http, base_url, max_response_bytes: config.max_response_bytes, retry: config.retry.clone() })
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Starts a request to `path`, which must come from [`path_segment`]-encoded parts.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base_url))
    }

    /// Sends `request`, retrying as the policy allows, and reads the whole response up to the size limit.
    pub async fn send<E>(&self, request: reqwest::RequestBuilder) -> Result<Response, Error<E>> {
        let mut request = request.build()?;
        let idempotent = request.method().is_idempotent();
        let mut attempt = 0;
        let response = loop {
            // A streaming body cannot be cloned, so such a request is sent once.
            let retry = if attempt < self.retry.max_retries { request.try_clone() } else { None };
            let outcome = self.http.execute(request).await;
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

/// How a query parameter is written: OpenAPI's `style` with `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form` with `explode: true` (the default): `a=1&a=2`; an object's members as `k=v` pairs.
    FormExploded,
    /// `form` with `explode: false`: `a=1,2`; an object as `a=k,v`.
    Form,
    /// `spaceDelimited`: `a=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `a=1|2`.
    PipeDelimited,
    /// `deepObject`: `a[k]=v`.
    DeepObject,
}

/// Appends the query pairs of parameter `name`; `None` and null add nothing.
pub fn push_query(query: &mut Vec<(String, String)>, name: &str, value: &impl Serialize, style: QueryStyle) {
    let separator = match style {
        QueryStyle::SpaceDelimited => " ",
        QueryStyle::PipeDelimited => "|",
        _ => ",",
    };
    match serde_json::to_value(value).unwrap_or(Value::Null) {
        Value::Null => {}
        Value::Array(items) if matches!(style, QueryStyle::FormExploded | QueryStyle::DeepObject) => {
            query.extend(items.iter().filter(|i| !i.is_null()).map(|item| (name.to_owned(), scalar_text(item))));
        }
        Value::Array(items) => query.push((name.to_owned(), joined(&items, separator))),
        Value::Object(members) if style == QueryStyle::FormExploded => {
            query.extend(members.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), scalar_text(v))));
        }
        Value::Object(members) if style == QueryStyle::DeepObject => push_deep(query, name, &members),
        Value::Object(members) => query.push((name.to_owned(), pairs_joined(&members, separator, false))),
        scalar => query.push((name.to_owned(), scalar_text(&scalar))),
    }
}

fn push_deep(query: &mut Vec<(String, String)>, prefix: &str, members: &serde_json::Map<String, Value>) {
    for (key, value) in members {
        let name = format!("{prefix}[{key}]");
        match value {
            Value::Null => {}
            Value::Object(inner) => push_deep(query, &name, inner),
            Value::Array(items) => query.extend(items.iter().map(|item| (name.clone(), scalar_text(item)))),
            scalar => query.push((name, scalar_text(scalar))),
        }
    }
}

/// Text of a JSON value: strings as they are, anything else as JSON.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn joined(items: &[Value], separator: &str) -> String {
    items.iter().map(scalar_text).collect::<Vec<_>>().join(separator)
}

fn pairs_joined(members: &serde_json::Map<String, Value>, separator: &str, explode: bool) -> String {
    let pairs = members.iter().filter(|(_, v)| !v.is_null());
    if explode {
        pairs.map(|(k, v)| format!("{k}={}", scalar_text(v))).collect::<Vec<_>>().join(separator)
    } else {
        pairs.flat_map(|(k, v)| [k.clone(), scalar_text(v)]).collect::<Vec<_>>().join(separator)
    }
}

/// `value` in `simple` style, as paths and headers carry it: arrays and objects comma-separated.
pub fn simple_text(value: &impl Serialize, explode: bool) -> String {
    match serde_json::to_value(value).unwrap_or(Value::Null) {
        Value::Null => String::new(),
        Value::Array(items) => joined(&items, ","),
        Value::Object(members) => pairs_joined(&members, ",", explode),
        scalar => scalar_text(&scalar),
    }
}

/// `value` encoded as exactly one path segment. `.` and `..` cannot be, so they are refused, as is an empty value.
pub fn path_segment(parameter: &'static str, value: &impl Serialize) -> Result<String, InvalidRequest> {
    encode_segment(parameter, simple_text(value, false))
}

/// Like [`path_segment`], for a parameter with `explode: true` (objects as `k=v,k=v`).
pub fn path_segment_exploded(parameter: &'static str, value: &impl Serialize) -> Result<String, InvalidRequest> {
    encode_segment(parameter, simple_text(value, true))
}

fn encode_segment(parameter: &'static str, text: String) -> Result<String, InvalidRequest> {
    let reason = match text.as_str() {
        "" => "a path parameter cannot be empty",
        "." | ".." => "`.` and `..` would change the path",
        _ => return Ok(utf8_percent_encode(&text, PATH_SEGMENT).to_string()),
    };
    Err(InvalidRequest { parameter, reason })
}

/// `value` as a header value (`simple` style); refuses CR, LF and other control characters.
pub fn header_value(parameter: &'static str, value: &impl Serialize) -> Result<HeaderValue, InvalidRequest> {
    HeaderValue::from_str(&simple_text(value, false)).map_err(|_| InvalidRequest {
        parameter,
        reason: "a header value cannot hold control characters such as CR or LF",
    })
}

/// Appends cookie parameter `name`; `None` adds nothing. Values cannot hold `;`, `,`, spaces or control characters.
pub fn push_cookie(
    cookies: &mut Vec<String>,
    parameter: &'static str,
    value: &impl Serialize,
) -> Result<(), InvalidRequest> {
    let text = simple_text(value, false);
    if serde_json::to_value(value).is_ok_and(|v| v.is_null()) {
        return Ok(());
    }
    if text.chars().any(|c| c.is_control() || matches!(c, ';' | ',' | ' ' | '"' | '\\')) {
        return Err(InvalidRequest {
            parameter,
            reason: "a cookie value cannot hold `;`, `,`, spaces or control characters",
        });
    }
    cookies.push(format!("{parameter}={text}"));
    Ok(())
}
