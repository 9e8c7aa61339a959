//! A local mock Syncano server for tests of code that uses this crate (feature `mock`).
//!
//! It keeps Scripts and Traces in memory and answers every documented operation the way the real
//! server does, errors included: the keys, the instance, unknown ids, invalid bodies, pages, a
//! body over 512 KiB (413). Its quirks too: a Trace read under another Script's path is answered,
//! with its `links.self` rewritten to that Script; a Trace list whose last page is exactly full
//! still has a `next` link, which leads back to the first page, forever; a PUT keeps the `label`
//! and `description` it is not given.
//! Runs finish after a set number of reads of their Trace, so waiting can be tested without sleeps.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use syncano_client::mock::MockSyncano;
//! use syncano_client::{ScriptCreate, WaitOptions};
//!
//! let mock = MockSyncano::start().await;
//! let script = mock.add_script(ScriptCreate::new("python3").with_source("print('hi')").with_label("hello"));
//! let client = mock.client();
//! let trace = client.run_and_wait(MockSyncano::INSTANCE, script.id.unwrap(), None, &WaitOptions::default()).await.unwrap();
//! assert_eq!(trace.status.as_str(), "success");
//! # }
//! ```

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Map, Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::{Client, Script, ScriptCreate, ScriptLinks, Trace, TraceLinks, TraceResult, TraceStatus};

/// The path the real API's base URL ends with; links in answers carry it too.
const BASE_PATH: &str = "/v1.1";

/// The largest request body the server reads (512 KiB); a larger one is answered 413.
const MAX_BODY_BYTES: usize = 512 * 1024;

/// The largest page the server gives.
const MAX_PAGE_SIZE: usize = 100;

/// What a run of a Script ends as, and how many reads of its Trace see it still running.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    /// The status the Trace ends in; it can be any status, known to this crate or not.
    pub status: TraceStatus,
    /// The result the finished Trace carries.
    pub result: TraceResult,
    /// The duration the finished Trace reports, in milliseconds.
    pub duration: i64,
    /// How many reads of the Trace answer `processing` before it is final. `u32::MAX` never finishes.
    pub reads_before_finish: u32,
}

impl Default for RunOutcome {
    /// Succeeds with empty output on the second read: `pending`, `processing`, `success`.
    fn default() -> Self {
        RunOutcome {
            status: TraceStatus::Success,
            result: TraceResult { stdout: Some(String::new()), stderr: Some(String::new()), ..TraceResult::default() },
            duration: 42,
            reads_before_finish: 1,
        }
    }
}

/// A running mock server. It stops when dropped.
pub struct MockSyncano {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl MockSyncano {
    /// The one instance the mock has.
    pub const INSTANCE: &'static str = "my-instance";
    /// The account key the mock accepts.
    pub const API_KEY: &'static str = "mock-account-key";

    /// Starts a mock on a free local port, with no Scripts and the runtimes `python3`,
    /// `python_library_v5.0` and `nodejs_library_v1.0`.
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State::default()));
        Mock::given(any()).respond_with(Responder(Arc::clone(&state))).mount(&server).await;
        MockSyncano { server, state }
    }

    /// The base URL to give a client: `http://127.0.0.1:PORT/v1.1`.
    pub fn base_url(&self) -> String {
        format!("{}{BASE_PATH}", self.server.uri())
    }

    /// A client for this mock, with its account key.
    pub fn client(&self) -> Client {
        Client::new(&self.base_url())
            .and_then(|client| client.with_api_key(Self::API_KEY))
            .expect("the mock's URL and key are valid")
    }

    /// Adds a Script as `createScript` would, without a request and without checking its fields,
    /// and returns it.
    pub fn add_script(&self, script: ScriptCreate) -> Script {
        let mut state = self.state();
        let id = state.next_id();
        let script = new_script(id, &script, state.tick());
        state.scripts.insert(id, script.clone());
        script
    }

    /// The Scripts the mock holds, by id.
    pub fn scripts(&self) -> Vec<Script> {
        self.state().scripts.values().cloned().collect()
    }

    /// Sets how the runs of a Script end from now on.
    pub fn set_outcome(&self, script_id: i64, outcome: RunOutcome) {
        self.state().outcomes.insert(script_id, outcome);
    }

    /// Answers the next request with `status` and a `detail` body, whatever it asks, with a
    /// `Retry-After` header when given. Calls queue up.
    pub fn fail_next(&self, status: u16, retry_after: Option<Duration>) {
        self.state().failures.push_back((status, retry_after));
    }

    /// Every request received so far, as `METHOD /path?query`.
    pub fn requests(&self) -> Vec<String> {
        self.state().log.clone()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

/// A poisoned lock still holds consistent data here: every update is a single insert or remove.
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

struct Responder(Arc<Mutex<State>>);

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = lock(&self.0);
        let query = request.url.query().map(|q| format!("?{q}")).unwrap_or_default();
        state.log.push(format!("{} {}{query}", request.method, request.url.path()));
        if let Some((status, retry_after)) = state.failures.pop_front() {
            let template = answer(status, json!({"detail": "Injected by the mock."}));
            return match retry_after {
                Some(wait) => template.insert_header("Retry-After", wait.as_secs().to_string()),
                None => template,
            };
        }
        let (status, body) = state.handle(request);
        match body {
            Some(body) => answer(status, body),
            None => ResponseTemplate::new(status),
        }
    }
}

fn answer(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json")
}

type Answer = (u16, Option<Value>);
type Failure = (u16, Value);

fn detail(status: u16, message: &str) -> Failure {
    (status, json!({ "detail": message }))
}

fn field_error(field: &str, message: &str) -> Failure {
    (400, json!({ field: [message] }))
}

fn ok(status: u16, value: impl serde::Serialize) -> Answer {
    (status, Some(serde_json::to_value(value).unwrap_or(Value::Null)))
}

#[derive(Clone, Copy, PartialEq)]
enum Write {
    Create,
    Replace,
    Patch,
}

struct TraceRecord {
    trace: Trace,
    reads_left: u32,
    outcome: RunOutcome,
}

struct State {
    runtimes: Map<String, Value>,
    scripts: BTreeMap<i64, Script>,
    traces: BTreeMap<(i64, i64), TraceRecord>,
    outcomes: BTreeMap<i64, RunOutcome>,
    failures: VecDeque<(u16, Option<Duration>)>,
    log: Vec<String>,
    last_id: i64,
    clock: i64,
}

impl Default for State {
    fn default() -> Self {
        let runtime = |name: &str, version: &str| json!({"name": name, "version": version, "deprecated": false});
        let runtimes = [
            ("python3", runtime("Python", "3.4.x")),
            ("python_library_v5.0", runtime("Python", "2.7.x")),
            ("nodejs_library_v1.0", runtime("Node.js", "6.10.0")),
        ];
        State {
            runtimes: runtimes.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            scripts: BTreeMap::new(),
            traces: BTreeMap::new(),
            outcomes: BTreeMap::new(),
            failures: VecDeque::new(),
            log: Vec::new(),
            last_id: 0,
            clock: 1_795_000_000,
        }
    }
}

impl State {
    fn next_id(&mut self) -> i64 {
        self.last_id += 1;
        self.last_id
    }

    /// A timestamp one second after the last, so answers are the same on every run.
    fn tick(&mut self) -> chrono::DateTime<chrono::Utc> {
        self.clock += 1;
        chrono::DateTime::from_timestamp(self.clock, 0).unwrap_or_default()
    }

    fn handle(&mut self, request: &Request) -> Answer {
        self.route(request).unwrap_or_else(|(status, body)| (status, Some(body)))
    }

    fn route(&mut self, request: &Request) -> Result<Answer, Failure> {
        match request.headers.get("x-api-key").map(|v| v.as_bytes()) {
            None => return Err(detail(403, "You do not have permission to perform this action.")),
            Some(key) if key != MockSyncano::API_KEY.as_bytes() => return Err(detail(403, "No such API Key.")),
            Some(_) => {}
        }
        if request.body.len() > MAX_BODY_BYTES {
            return Err(detail(413, &format!("Request size limit exceeded ({MAX_BODY_BYTES}).")));
        }
        let path = request.url.path();
        let Some(rest) = path.strip_prefix(BASE_PATH) else { return Err(detail(404, "Not found.")) };
        let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        let ["instances", instance, "snippets", "scripts", rest @ ..] = segments.as_slice() else {
            return Err(detail(404, "Not found."));
        };
        if !instance.eq_ignore_ascii_case(MockSyncano::INSTANCE) {
            return Err(detail(404, "Instance was not found."));
        }
        let method = request.method.as_str();
        let query = |name: &str| request.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
        match rest {
            [] => match method {
                "GET" => self.list_scripts(&query),
                "POST" => self.create_script(&request.body),
                _ => Err(not_allowed(method)),
            },
            ["runtimes"] => match method {
                "GET" => Ok(ok(200, &self.runtimes)),
                _ => Err(not_allowed(method)),
            },
            [id, tail @ ..] => {
                let id: i64 = id.parse().map_err(|_| detail(404, "Not found."))?;
                match (tail, method) {
                    ([], "GET") => Ok(ok(200, self.script(id, "Not found.")?)),
                    ([], "PUT") => self.change_script(id, &request.body, Write::Replace),
                    ([], "PATCH") => self.change_script(id, &request.body, Write::Patch),
                    ([], "DELETE") => {
                        self.script(id, "Not found.")?;
                        self.scripts.remove(&id);
                        Ok((204, None))
                    }
                    (["run"], "POST") => self.run(id, &request.body),
                    (["traces"], "GET") => self.list_traces(id, &query),
                    (["traces", trace], "GET") => {
                        let trace: i64 = trace.parse().map_err(|_| detail(404, "Not found."))?;
                        self.read_trace(id, trace)
                    }
                    ([] | ["run"] | ["traces"] | ["traces", _], _) => Err(not_allowed(method)),
                    _ => Err(detail(404, "Not found.")),
                }
            }
        }
    }

    fn script(&self, id: i64, missing: &str) -> Result<Script, Failure> {
        self.scripts.get(&id).cloned().ok_or_else(|| detail(404, missing))
    }

    fn create_script(&mut self, body: &[u8]) -> Result<Answer, Failure> {
        let fields = json_object(body)?;
        Ok(ok(201, self.put_script(None, &fields, Write::Create)?))
    }

    fn change_script(&mut self, id: i64, body: &[u8], write: Write) -> Result<Answer, Failure> {
        self.script(id, "Not found.")?;
        let fields = json_object(body)?;
        Ok(ok(200, self.put_script(Some(id), &fields, write)?))
    }

    /// Checks the fields the way the server does, then stores the Script.
    fn put_script(&mut self, id: Option<i64>, fields: &Map<String, Value>, write: Write) -> Result<Script, Failure> {
        let text = |name: &str, max: usize| -> Result<Option<String>, Failure> {
            match fields.get(name) {
                None => Ok(None),
                Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s.clone())),
                Some(Value::String(_)) => {
                    Err(field_error(name, &format!("Ensure this field has no more than {max} characters.")))
                }
                Some(_) => Err(field_error(name, "Not a valid string.")),
            }
        };
        let runtime_name = text("runtime_name", 40)?;
        match &runtime_name {
            None if write != Write::Patch => return Err(field_error("runtime_name", "This field is required.")),
            Some(name) if !self.runtimes.contains_key(name) => {
                return Err(field_error("runtime_name", &format!("\"{name}\" is not a valid choice.")));
            }
            _ => {}
        }
        // The real server stores any config object as given, without checking its keys or values.
        let config = match fields.get("config") {
            None => None,
            Some(Value::Object(config)) => Some(config.clone()),
            Some(_) => return Err(field_error("config", "Expected a dictionary of items.")),
        };
        let mut given = ScriptCreate::new(runtime_name.clone().unwrap_or_default());
        given.source = text("source", 3 * 1024 * 1024)?;
        given.config = config;
        given.label = text("label", 64)?;
        given.description = text("description", 256)?;
        let now = self.tick();
        let script = match id.and_then(|id| self.scripts.get(&id).cloned()) {
            Some(mut old) if write == Write::Patch => {
                if let Some(runtime) = runtime_name {
                    old.runtime_name = runtime;
                }
                old.source = given.source.unwrap_or(old.source);
                old.config = given.config.unwrap_or(old.config);
                old.label = given.label.unwrap_or(old.label);
                old.description = given.description.unwrap_or(old.description);
                old.updated_at = Some(now);
                old
            }
            Some(old) => {
                // PUT resets `source` and `config` when they are left out, but keeps `label` and
                // `description`, as the real server does.
                let kept = ScriptCreate {
                    label: given.label.or(Some(old.label)),
                    description: given.description.or(Some(old.description)),
                    ..given
                };
                Script { created_at: old.created_at, ..new_script(old.id.unwrap_or_default(), &kept, now) }
            }
            None => {
                let id = self.next_id();
                new_script(id, &given, now)
            }
        };
        self.scripts.insert(script.id.unwrap_or_default(), script.clone());
        Ok(script)
    }

    fn run(&mut self, script_id: i64, body: &[u8]) -> Result<Answer, Failure> {
        self.script(script_id, "Not found.")?;
        if !body.is_empty() {
            let fields = json_object(body)?;
            match fields.get("payload") {
                None | Some(Value::Object(_) | Value::Array(_)) => {}
                Some(Value::String(s)) if serde_json::from_str::<Value>(s).is_ok() => {}
                Some(Value::String(_)) => return Err(field_error("payload", "Not a valid JSON string.")),
                Some(_) => return Err(field_error("payload", "Payload passed in invalid format.")),
            }
        }
        let id = self.next_id();
        let outcome = self.outcomes.get(&script_id).cloned().unwrap_or_default();
        let trace = Trace::new(
            id,
            TraceStatus::Pending,
            TraceLinks::new(trace_link(script_id, id)),
            None,
            None,
            TraceResult::default(),
        );
        let record = TraceRecord { trace: trace.clone(), reads_left: outcome.reads_before_finish, outcome };
        self.traces.insert((script_id, id), record);
        Ok(ok(200, trace))
    }

    /// Like the real server, it answers a Trace of another Script too, with its `links.self`
    /// rewritten to name the Script of the path.
    fn read_trace(&mut self, script_id: i64, trace_id: i64) -> Result<Answer, Failure> {
        self.script(script_id, "Script was not found.")?;
        let now = self.tick();
        let record = self.traces.iter_mut().find(|((_, id), _)| *id == trace_id).map(|(_, record)| record);
        let record = record.ok_or_else(|| detail(404, "Not found."))?;
        advance(record, now);
        let mut trace = record.trace.clone();
        trace.links.self_ = trace_link(script_id, trace_id);
        Ok(ok(200, trace))
    }

    fn list_scripts(&mut self, query: &dyn Fn(&str) -> Option<String>) -> Result<Answer, Failure> {
        let ids: Vec<i64> = self.scripts.keys().copied().collect();
        let path = format!("{BASE_PATH}/instances/{}/snippets/scripts/", MockSyncano::INSTANCE);
        Ok(paginate(&ids, query, Listing::Scripts, &path)?.answer(|id| self.scripts.get(&id)))
    }

    fn list_traces(&mut self, script_id: i64, query: &dyn Fn(&str) -> Option<String>) -> Result<Answer, Failure> {
        self.script(script_id, "Script was not found.")?;
        let ids: Vec<i64> = self.traces.keys().filter(|(s, _)| *s == script_id).map(|(_, t)| *t).collect();
        let path = format!("{BASE_PATH}/instances/{}/snippets/scripts/{script_id}/traces/", MockSyncano::INSTANCE);
        Ok(paginate(&ids, query, Listing::Traces, &path)?
            .answer(|id| self.traces.get(&(script_id, id)).map(|r| &r.trace)))
    }
}

/// One read of a running Trace: `processing` until its reads run out, then its outcome.
fn advance(record: &mut TraceRecord, now: chrono::DateTime<chrono::Utc>) {
    let trace = &mut record.trace;
    if !matches!(trace.status, TraceStatus::Pending | TraceStatus::Processing) {
        return;
    }
    if record.reads_left > 0 {
        record.reads_left = record.reads_left.saturating_sub(1);
        trace.status = TraceStatus::Processing;
        return;
    }
    trace.status = record.outcome.status.clone();
    trace.result = record.outcome.result.clone();
    trace.duration = Some(record.outcome.duration);
    trace.executed_at = Some(now);
}

/// The path of a Trace, as `links.self` gives it.
fn trace_link(script_id: i64, trace_id: i64) -> String {
    format!("{BASE_PATH}/instances/{}/snippets/scripts/{script_id}/traces/{trace_id}/", MockSyncano::INSTANCE)
}

fn not_allowed(method: &str) -> Failure {
    detail(405, &format!("Method \"{method}\" not allowed."))
}

fn json_object(body: &[u8]) -> Result<Map<String, Value>, Failure> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(detail(400, "Invalid data. Expected a dictionary.")),
        Err(error) => Err(detail(400, &format!("JSON parse error - {error}"))),
    }
}

fn new_script(id: i64, given: &ScriptCreate, now: chrono::DateTime<chrono::Utc>) -> Script {
    let base = format!("{BASE_PATH}/instances/{}/snippets/scripts", MockSyncano::INSTANCE);
    let links = ScriptLinks::new(
        format!("{base}/{id}/"),
        format!("{base}/runtimes/"),
        format!("{base}/{id}/run/"),
        format!("{base}/{id}/traces/"),
    );
    Script::new(
        given.runtime_name.clone(),
        given.source.clone().unwrap_or_default(),
        given.config.clone().unwrap_or_default(),
        given.label.clone().unwrap_or_default(),
        given.description.clone().unwrap_or_default(),
        links,
    )
    .with_id(id)
    .with_created_at(now)
    .with_updated_at(now)
}

/// Which list is paged: they differ in their default order and in how their last page ends.
#[derive(Clone, Copy, PartialEq)]
enum Listing {
    Scripts,
    Traces,
}

/// One page of `ids` (ascending) as the server pages: `page_size`, `ordering`, and `last_pk` with
/// `direction` 1 (after it, the default) or 0 (before it). Traces list newest first.
///
/// Trace lists loop as on the real server: a last page that is exactly full still has a `next`
/// link, and that link (nothing after `last_pk`) answers the first page again.
fn paginate(
    ids: &[i64],
    query: &dyn Fn(&str) -> Option<String>,
    listing: Listing,
    path: &str,
) -> Result<Page, Failure> {
    let newest_first = listing == Listing::Traces;
    let number = |name: &str| -> Result<Option<i64>, Failure> {
        query(name).map(|v| v.parse::<i64>().map_err(|_| field_error(name, "A valid integer is required."))).transpose()
    };
    let page_size = number("page_size")?.map_or(MAX_PAGE_SIZE, |n| n.clamp(1, MAX_PAGE_SIZE as i64) as usize);
    let descending = match query("ordering").as_deref() {
        None => newest_first,
        Some("desc") => true,
        Some("asc") => false,
        Some(other) => return Err(field_error("ordering", &format!("\"{other}\" is not a valid choice."))),
    };
    let forward = number("direction")?.unwrap_or(1) != 0;
    let mut ordered: Vec<i64> = ids.to_vec();
    if descending {
        ordered.reverse();
    }
    let last_pk = number("last_pk")?;
    // How many items come before `last_pk` in the listing order, and how many at or before it.
    let precedes = |id: &i64, last: i64| if descending { *id > last } else { *id < last };
    let before = last_pk.map(|last| ordered.iter().filter(|id| precedes(id, last)).count());
    let through = last_pk.map(|last| ordered.iter().filter(|id| precedes(id, last) || **id == last).count());
    let (start, end) = if forward {
        let start = match through {
            Some(through) if listing == Listing::Traces && through >= ordered.len() => 0,
            through => through.unwrap_or(0),
        };
        (start, (start + page_size).min(ordered.len()))
    } else {
        let end = before.unwrap_or(ordered.len());
        (end.saturating_sub(page_size), end)
    };
    let page = ordered[start..end].to_vec();
    let ordering = if descending { "desc" } else { "asc" };
    let link = |last: i64, direction: u8| {
        format!("{path}?direction={direction}&last_pk={last}&ordering={ordering}&page_size={page_size}")
    };
    let full_trace_page = listing == Listing::Traces && page.len() == page_size;
    let next = (end < ordered.len() || full_trace_page).then(|| page.last().map(|last| link(*last, 1))).flatten();
    let prev = (start > 0).then(|| page.first().map(|first| link(*first, 0))).flatten();
    Ok(Page { ids: page, next, prev })
}

/// The ids on one page, and the links to the pages around it.
struct Page {
    ids: Vec<i64>,
    next: Option<String>,
    prev: Option<String>,
}

impl Page {
    fn answer<T: serde::Serialize>(self, object: impl Fn(i64) -> Option<T>) -> Answer {
        let objects: Vec<T> = self.ids.into_iter().filter_map(object).collect();
        ok(200, json!({"objects": objects, "next": self.next, "prev": self.prev}))
    }
}
