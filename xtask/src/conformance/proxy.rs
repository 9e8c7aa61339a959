//! A recording HTTP/1.1 proxy between the conformance program and Prism.
//!
//! It records each request and response as they crossed the wire, so the judge sees bytes, not
//! what the client under test says it sent or read. It also adds the `Prefer` header that asks
//! Prism for one documented response. One request per connection: every response it relays says
//! `Connection: close`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request and the response Prism gave it.
#[derive(Debug, Clone, Default)]
pub struct Exchange {
    /// The request method.
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// The request headers, as sent.
    pub request_headers: Vec<(String, String)>,
    /// The request body (de-chunked).
    pub request_body: Vec<u8>,
    /// The response status.
    pub status: u16,
    /// The response headers.
    pub response_headers: Vec<(String, String)>,
    /// The response body.
    pub response_body: Vec<u8>,
}

impl Exchange {
    /// The first response header named `name` (case-insensitive).
    pub fn response_header(&self, name: &str) -> Option<&str> {
        self.response_headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct State {
    prefer: Option<String>,
    exchanges: Vec<Exchange>,
    error: Option<String>,
}

/// A running proxy. It stops when the process ends; its threads hold no other resource.
pub struct Proxy {
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
    state: Arc<Mutex<State>>,
    upstream: Arc<Mutex<u16>>,
}

impl Proxy {
    /// Starts a proxy to `127.0.0.1:upstream`.
    pub fn start(upstream: u16) -> std::io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let state = Arc::new(Mutex::new(State::default()));
        let upstream = Arc::new(Mutex::new(upstream));
        let (shared, target) = (state.clone(), upstream.clone());
        std::thread::spawn(move || {
            for connection in listener.incoming().flatten() {
                let (state, upstream) = (shared.clone(), *target.lock().expect("not poisoned"));
                std::thread::spawn(move || {
                    if let Err(error) = relay(connection, upstream, &state) {
                        state.lock().expect("not poisoned").error = Some(error.to_string());
                    }
                });
            }
        });
        Ok(Proxy { port, state, upstream })
    }

    /// Sends later requests to `127.0.0.1:upstream`.
    pub fn retarget(&self, upstream: u16) {
        *self.upstream.lock().expect("not poisoned") = upstream;
    }

    /// Forgets what was recorded and sets the `Prefer` header of the next requests.
    pub fn prepare(&self, prefer: Option<String>) {
        let mut state = self.state.lock().expect("not poisoned");
        state.prefer = prefer;
        state.exchanges.clear();
        state.error = None;
    }

    /// What was recorded since [`Proxy::prepare`], and the error of a relay that failed.
    pub fn take(&self) -> (Vec<Exchange>, Option<String>) {
        let mut state = self.state.lock().expect("not poisoned");
        (std::mem::take(&mut state.exchanges), state.error.take())
    }
}

/// Relays one request on `client` to the upstream and records the exchange.
fn relay(client: TcpStream, upstream: u16, state: &Mutex<State>) -> std::io::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut reader = BufReader::new(client.try_clone()?);
    let head = read_head(&mut reader)?;
    if head.is_empty() {
        return Ok(()); // the client opened a connection and closed it unused
    }
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut request = httparse::Request::new(&mut headers);
    request.parse(&head).map_err(std::io::Error::other)?;
    let method = request.method.unwrap_or_default().to_owned();
    let target = request.path.unwrap_or_default().to_owned();
    let request_headers: Vec<(String, String)> =
        request.headers.iter().map(|h| (h.name.to_owned(), String::from_utf8_lossy(h.value).into_owned())).collect();
    let body = read_body(&mut reader, &request_headers, false)?;

    let prefer = state.lock().expect("not poisoned").prefer.clone();
    let mut forwarded = format!("{method} {target} HTTP/1.1\r\n");
    for (name, value) in &request_headers {
        let skip = ["connection", "transfer-encoding", "content-length", "prefer", "keep-alive"];
        if !skip.iter().any(|s| name.eq_ignore_ascii_case(s)) {
            forwarded.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    if let Some(prefer) = &prefer {
        forwarded.push_str(&format!("Prefer: {prefer}\r\n"));
    }
    forwarded.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()));
    let mut prism = TcpStream::connect(("127.0.0.1", upstream))?;
    prism.set_read_timeout(Some(Duration::from_secs(120)))?;
    prism.write_all(forwarded.as_bytes())?;
    prism.write_all(&body)?;

    let mut prism_reader = BufReader::new(prism);
    let response_head = read_head(&mut prism_reader)?;
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    response.parse(&response_head).map_err(std::io::Error::other)?;
    let status = response.code.unwrap_or_default();
    let reason = response.reason.unwrap_or_default().to_owned();
    let response_headers: Vec<(String, String)> =
        response.headers.iter().map(|h| (h.name.to_owned(), String::from_utf8_lossy(h.value).into_owned())).collect();
    let bodiless = method.eq_ignore_ascii_case("HEAD") || matches!(status, 100..=199 | 204 | 304);
    let response_body = if bodiless { Vec::new() } else { read_body(&mut prism_reader, &response_headers, true)? };

    let mut relayed = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in &response_headers {
        let skip = ["connection", "transfer-encoding", "content-length", "keep-alive"];
        if !skip.iter().any(|s| name.eq_ignore_ascii_case(s)) {
            relayed.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    relayed.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", response_body.len()));
    state.lock().expect("not poisoned").exchanges.push(Exchange {
        method,
        target,
        request_headers,
        request_body: body,
        status,
        response_headers,
        response_body: response_body.clone(),
    });
    let mut client = client;
    client.write_all(relayed.as_bytes())?;
    client.write_all(&response_body)?;
    client.flush()
}

/// Bytes up to and including the blank line that ends a message head; empty at end of stream.
fn read_head(reader: &mut impl BufRead) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    loop {
        let before = head.len();
        let read = reader.read_until(b'\n', &mut head)?;
        if read == 0 {
            return Ok(head);
        }
        if &head[before..] == b"\r\n" || &head[before..] == b"\n" {
            return Ok(head);
        }
        if head.len() > 1024 * 1024 {
            return Err(std::io::Error::other("a message head over 1 MiB"));
        }
    }
}

/// The body after a head with `headers`: by `Content-Length`, chunked, or (for a response) to the end.
fn read_body(reader: &mut impl BufRead, headers: &[(String, String)], to_end: bool) -> std::io::Result<Vec<u8>> {
    let header = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim());
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        let mut body = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)
                .map_err(|_| std::io::Error::other(format!("a bad chunk size line {line:?}")))?;
            if size == 0 {
                // Trailers, up to the blank line.
                while read_head_line(reader)? > 2 {}
                return Ok(body);
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..])?;
            let mut crlf = [0; 2];
            reader.read_exact(&mut crlf)?;
        }
    }
    if let Some(length) = header("content-length") {
        let length: usize = length.parse().map_err(|_| std::io::Error::other("a bad Content-Length"))?;
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        return Ok(body);
    }
    let mut body = Vec::new();
    if to_end {
        reader.read_to_end(&mut body)?;
    }
    Ok(body)
}

fn read_head_line(reader: &mut impl BufRead) -> std::io::Result<usize> {
    let mut line = Vec::new();
    let read = reader.read_until(b'\n', &mut line)?;
    Ok(if read == 0 { 0 } else { line.len() })
}
