//! Specs given as `http(s)://` URLs: fetched with a blocking client, their relative `$ref`s
//! resolved against the URL as RFC 3986 says (`Url::join`), every body read with a limit.

use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::time::Duration;

use oaswire_codegen::Document;
use oaswire_codegen::files::FileError;
use oaswire_codegen::load::MAX_SPEC_BYTES;
use ureq::ResponseExt as _;
use url::Url;

/// How long connecting may take, and a whole fetch, headers and body.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const FETCH_TIMEOUT: Duration = Duration::from_secs(60);

/// Whether a command-line spec names a URL to fetch rather than a file.
pub fn is_url(spec: &str) -> bool {
    spec.starts_with("http://") || spec.starts_with("https://")
}

/// A spec fetched over HTTP, or why it could not be, with the text of every file fetched on the
/// way by the name diagnostics give it (the URL for the root, the `$ref`'s path for the others),
/// to show the lines diagnostics point at even when the spec did not load.
pub struct Fetched {
    pub result: Result<Document, FileError>,
    pub texts: HashMap<String, String>,
}

/// Fetches the spec at `url` and every file it reaches by relative `$ref`.
pub fn load(url: &Url) -> Fetched {
    let agent = agent();
    let mut texts = HashMap::new();
    let (text, base) = match get(&agent, url) {
        Ok(fetched) => fetched,
        Err(message) => return Fetched { result: Err(FileError::Io(message)), texts },
    };
    let name = url.as_str().to_owned();
    texts.insert(name.clone(), text.clone());
    let mut read = |relative: &Path| -> io::Result<String> {
        let relative = relative.to_string_lossy().replace('\\', "/");
        let target = base.join(&relative).map_err(|e| io::Error::other(format!("{relative}: {e}")))?;
        let (text, _) = get(&agent, &target).map_err(io::Error::other)?;
        texts.insert(relative, text.clone());
        Ok(text)
    };
    // The loader names the other files by their path relative to the root's folder and asks
    // for `dir.join(path)`: with no folder, `read` gets that path and joins it to the URL.
    let result = Document::load(&name, text, Path::new(""), &mut read).map_err(FileError::Spec);
    Fetched { result, texts }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_global(Some(FETCH_TIMEOUT))
        .user_agent(concat!("oaswire/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// The body of `url` as text, and the URL it came from after redirects, against which its
/// references resolve; or a message naming `url` and saying what went wrong.
fn get(agent: &ureq::Agent, url: &Url) -> Result<(String, Url), String> {
    let failed = |why: String| format!("cannot fetch {url}: {why}");
    let mut response = agent.get(url.as_str()).call().map_err(|e| failed(why(e)))?;
    let base = Url::parse(&response.get_uri().to_string()).unwrap_or_else(|_| url.clone());
    let bytes = response
        .body_mut()
        .with_config()
        // A body over the limit fails at the first byte past it, unread and unbuffered.
        .limit(MAX_SPEC_BYTES as u64)
        .read_to_vec()
        .map_err(|e| failed(why(e)))?;
    let text = String::from_utf8(bytes).map_err(|e| failed(format!("the body is not UTF-8 text ({e})")))?;
    Ok((text, base))
}

/// What went wrong, said plainly.
fn why(error: ureq::Error) -> String {
    match error {
        ureq::Error::StatusCode(code) => {
            let reason = ureq::http::StatusCode::from_u16(code).ok().and_then(|s| s.canonical_reason());
            format!("the server answered {code}{}", reason.map(|r| format!(" {r}")).unwrap_or_default())
        }
        ureq::Error::BodyExceedsLimit(_) => format!(
            "the body is over {} MiB; specs over that are refused to keep memory bounded",
            MAX_SPEC_BYTES / (1024 * 1024)
        ),
        ureq::Error::Timeout(_) => format!("no complete answer within {} s", FETCH_TIMEOUT.as_secs()),
        ureq::Error::Io(e) => e.to_string(),
        other => other.to_string(),
    }
}
