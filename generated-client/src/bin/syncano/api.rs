//! The requests the command sends, and the server's JSON kept as it was sent.
//!
//! The generated methods decode each answer into its typed value and drop the body, so
//! re-serializing that value would print the fields in the spec's order, drop keys the spec does
//! not know and turn some nulls into nothing. The command sends through the client's own runtime
//! instead ([`Transport`]: the same timeouts, size limit, retries and redirect policy as
//! [`Client`]), decodes each answer into the generated type to check it and to fill the tables,
//! and keeps the body as a `serde_json::Value`, whose maps keep the server's key order
//! (`preserve_order`), for `--output json`.

use std::borrow::Borrow;
use std::convert::Infallible;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use syncano_client::runtime::{self, Credentials, Param, Placement, Request, Scheme, StatusCode, Style, Transport};
use syncano_client::{Client, PageTrail, PagesEnd, ScriptPage, TracePage};

use super::Failure;

/// The one security scheme the Script API has: an account key in the `X-API-KEY` header.
const API_KEY: &[Scheme] = &[Scheme { key: "apiKey", placement: Placement::Header("X-API-KEY") }];

/// The Scripts of one instance, reached with one account key.
pub struct Api {
    transport: Transport,
    credentials: Credentials,
    scripts: String,
}

/// An answer decoded into its type, and the JSON the server sent.
pub struct Answer<T> {
    pub value: T,
    pub json: Value,
}

impl<T> Borrow<T> for Answer<T> {
    fn borrow(&self) -> &T {
        &self.value
    }
}

impl Api {
    /// Checks the base URL, the key and the instance name before anything is sent.
    pub fn new(base_url: &str, key: &str, instance: &str) -> Result<Self, Failure> {
        let usage = |error: runtime::ConfigError| Failure::Usage(error.to_string());
        let config = Client::default_config();
        let transport = Transport::new(base_url, &[], config.http_client().map_err(usage)?, &config).map_err(usage)?;
        let mut credentials = Credentials::new(API_KEY);
        credentials.set(0, key).map_err(usage)?;
        let instance_name = Param::new("instance_name", Style::Simple, false).required();
        let instance =
            runtime::path_param(instance_name, &instance).map_err(|error| Failure::Usage(error.to_string()))?;
        Ok(Api { transport, credentials, scripts: format!("/instances/{instance}/snippets/scripts/") })
    }

    /// Sends `method` to `tail`, the rest of the path after `…/snippets/scripts/` (ids and a
    /// query only), with `body` as JSON. A status other than 2XX is the failure
    /// `the server answered STATUS: BODY`, with the body as sent.
    pub async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        tail: &str,
        body: Option<&Value>,
    ) -> Result<Answer<T>, Failure> {
        let mut request = Request::new(method, format!("{}{tail}", self.scripts));
        if let Some(body) = body {
            request.json("application/json", body).map_err(|error| Failure::Request(error.to_string()))?;
        }
        let response = self
            .transport
            .send::<Infallible>(0, request, &self.credentials, &[&[0]])
            .await
            .map_err(|error| Failure::Request(error.to_string()))?;
        let status = response.status();
        let body = response.bytes();
        if !status.is_success() {
            return Err(Failure::Request(answered(status, &body)));
        }
        let mismatch = |error: serde_json::Error| {
            Failure::Request(format!("{}, which does not fit the spec: {error}", answered(status, &body)))
        };
        let json = if body.is_empty() { Value::Null } else { serde_json::from_slice(&body).map_err(mismatch)? };
        let value = if body.is_empty() { serde_json::from_value(Value::Null) } else { serde_json::from_slice(&body) };
        Ok(Answer { value: value.map_err(mismatch)?, json })
    }

    /// The objects of the list at `tail`, page after page from `query`, as far as `trail` lets it
    /// follow the `next` links; their JSON is the objects as sent, in one array.
    pub async fn list<P: ListPage>(
        &self,
        tail: &str,
        mut query: String,
        trail: &mut PageTrail,
    ) -> Result<Answer<Vec<P::Item>>, Failure> {
        let (mut items, mut objects) = (Vec::new(), Vec::new());
        while trail.start_page() {
            let target = if query.is_empty() { tail.to_owned() } else { format!("{tail}?{query}") };
            let page = self.send::<P>(Method::GET, &target, None).await.inspect_err(|_| trail.failed())?;
            let next = page.value.next().map(str::to_owned);
            if !trail.record(page.value.ids(), next.as_deref()) {
                break;
            }
            items.extend(page.value.into_objects());
            if let Some(Value::Array(page_objects)) = page.json.get("objects") {
                objects.extend(page_objects.iter().cloned());
            }
            // A link without a query asks for the first page again, which the trail then stops.
            query =
                next.as_deref().and_then(|link| link.split_once('?')).map(|(_, q)| q.to_owned()).unwrap_or_default();
        }
        Ok(Answer { value: items, json: Value::Array(objects) })
    }
}

/// `the server answered STATUS: BODY`, with the body as sent.
fn answered(status: StatusCode, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.trim_end() {
        "" => format!("the server answered {status} with an empty body"),
        text => format!("the server answered {status}: {text}"),
    }
}

/// A page of a list, as [`Api::list`] reads it.
pub trait ListPage: DeserializeOwned {
    /// The objects on it.
    type Item;
    /// The ids of its objects.
    fn ids(&self) -> Vec<i64>;
    /// Its `next` link.
    fn next(&self) -> Option<&str>;
    /// Its objects.
    fn into_objects(self) -> Vec<Self::Item>;
}

impl ListPage for ScriptPage {
    type Item = syncano_client::Script;

    fn ids(&self) -> Vec<i64> {
        self.objects.iter().filter_map(|script| script.id).collect()
    }

    fn next(&self) -> Option<&str> {
        self.next.as_deref()
    }

    fn into_objects(self) -> Vec<Self::Item> {
        self.objects
    }
}

impl ListPage for TracePage {
    type Item = syncano_client::Trace;

    fn ids(&self) -> Vec<i64> {
        self.objects.iter().map(|trace| trace.id).collect()
    }

    fn next(&self) -> Option<&str> {
        self.next.as_deref()
    }

    fn into_objects(self) -> Vec<Self::Item> {
        self.objects
    }
}

/// What the command says on stderr when a list stopped before its end or on a loop.
pub fn note_end(end: Option<&PagesEnd>, what: &str) {
    match end {
        Some(PagesEnd::Bound) => eprintln!("syncano: there are more {what}: pass --all or a larger --max-pages"),
        Some(PagesEnd::RepeatedLink(_) | PagesEnd::RepeatedPage) => eprintln!(
            "syncano: stopped listing {what}: the server's next link leads back to a page already listed, \
             so the list is most likely complete"
        ),
        _ => {}
    }
}
