//! `run_and_wait`: run a Script, then poll its Trace until the run has finished.

use std::borrow::Borrow;
use std::fmt;
use std::time::{Duration, Instant};

use crate::{Client, Error, GetTraceError, RunScriptError, RunScriptRequest, Trace, TraceStatus};

/// How [`Client::run_and_wait`] polls.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitOptions {
    /// The first wait between polls; each later wait is half as long again, up to `max_interval`.
    pub interval: Duration,
    /// The longest wait between polls.
    pub max_interval: Duration,
    /// How long to wait in all before giving up with [`WaitError::Deadline`].
    pub deadline: Duration,
}

impl Default for WaitOptions {
    /// Polls after 500 ms, backing off to every 5 s, for at most 5 minutes (Scripts time out after 299 s).
    fn default() -> Self {
        WaitOptions {
            interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(5),
            deadline: Duration::from_secs(300),
        }
    }
}

/// Why [`Client::run_and_wait`] did not return a finished Trace.
#[derive(Debug)]
pub enum WaitError {
    /// Running the Script failed.
    Run(Error<RunScriptError>),
    /// Reading the Trace failed.
    Poll(Error<GetTraceError>),
    /// The Trace's `links.self` does not name an instance, Script and Trace.
    BadLink(String),
    /// The deadline passed before the run finished; the last Trace seen is kept.
    Deadline(Box<Trace>),
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Run(error) => write!(f, "running the Script failed: {error}"),
            WaitError::Poll(error) => write!(f, "reading the Trace failed: {error}"),
            WaitError::BadLink(link) => write!(f, "the Trace link `{link}` does not name a Trace"),
            WaitError::Deadline(trace) => {
                write!(f, "the run had not finished by the deadline (status {})", trace.status)
            }
        }
    }
}

impl std::error::Error for WaitError {}

/// Whether a run in this status has finished: `success`, `failure` and `timeout`, and the
/// server's `blocked` and `queue_timeout`, which the spec does not list. Any other status is not
/// final. It reads the wire value, so a status the spec adds later needs no change here.
pub fn is_finished(status: &TraceStatus) -> bool {
    matches!(status.as_str(), "success" | "failure" | "timeout" | "blocked" | "queue_timeout")
}

/// The instance, Script and Trace a `links.self` path names, whatever prefix the server puts before it.
fn trace_of(link: &str) -> Option<(String, i64, i64)> {
    let segments: Vec<&str> = link.split('/').filter(|s| !s.is_empty()).collect();
    let at = segments.iter().position(|s| *s == "instances")?;
    match &segments[at..] {
        ["instances", instance, "snippets", "scripts", script, "traces", trace] => {
            let instance = percent_encoding::percent_decode_str(instance).decode_utf8().ok()?.into_owned();
            Some((instance, script.parse().ok()?, trace.parse().ok()?))
        }
        _ => None,
    }
}

impl Client {
    /// Runs a Script and waits for its run to finish: polls the Trace that `links.self` points to,
    /// backing off between polls, until the status is final (`success`, `failure`, `timeout`,
    /// `blocked`, `queue_timeout`) or the deadline passes.
    ///
    /// ```no_run
    /// # async fn example(client: syncano_client::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use syncano_client::{RunScriptRequest, WaitOptions};
    /// let payload = serde_json::json!({"name": "Ada"}).as_object().cloned().unwrap_or_default();
    /// let body = RunScriptRequest::new().with_payload(payload);
    /// let trace = client.run_and_wait("my-instance", 7, Some(&body), &WaitOptions::default()).await?;
    /// println!("{}: {:?}", trace.status, trace.result.stdout);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn run_and_wait(
        &self,
        instance: &str,
        script_id: i64,
        body: Option<&RunScriptRequest>,
        options: &WaitOptions,
    ) -> Result<Trace, WaitError> {
        let started = Instant::now();
        let run = self.run_script(instance, script_id);
        let run = match body {
            Some(body) => run.body(body),
            None => run,
        };
        let trace = run.await.map_err(WaitError::Run)?;
        let left = options.deadline.saturating_sub(started.elapsed());
        self.wait_for_trace(trace, &WaitOptions { deadline: left, ..options.clone() }, |_| {}).await
    }

    /// Polls a Trace, as [`Client::run_and_wait`] does, until its status is final or the deadline
    /// passes; `observe` sees every Trace read, the first one included (e.g. to show progress).
    pub async fn wait_for_trace(
        &self,
        trace: Trace,
        options: &WaitOptions,
        observe: impl FnMut(&Trace),
    ) -> Result<Trace, WaitError> {
        let read = async |trace: &Trace| {
            let link = &trace.links.self_;
            let (instance, script_id, trace_id) = trace_of(link).ok_or_else(|| WaitError::BadLink(link.clone()))?;
            self.get_trace(&instance, script_id, trace_id).await.map_err(WaitError::Poll)
        };
        poll_until_finished(trace, options, observe, read).await.map_err(|unfinished| match unfinished {
            Unfinished::Read(error) => error,
            Unfinished::Deadline(trace) => WaitError::Deadline(Box::new(trace)),
        })
    }
}

/// How [`poll_until_finished`] ended without a finished Trace.
#[derive(Debug)]
pub enum Unfinished<T, E> {
    /// Reading the Trace failed.
    Read(E),
    /// The deadline passed before the run finished; the last Trace read is kept.
    Deadline(T),
}

/// The polling behind [`Client::wait_for_trace`], for code that reads the Trace its own way (the
/// `syncano` command keeps each answer's JSON as the server sent it): from `first`, it calls `read`
/// with the last Trace read, waiting longer between reads as [`WaitOptions`] says, until the status
/// is final or the deadline passes. `observe` sees every Trace, the first one included.
pub async fn poll_until_finished<T: Borrow<Trace>, E>(
    first: T,
    options: &WaitOptions,
    mut observe: impl FnMut(&Trace),
    mut read: impl AsyncFnMut(&Trace) -> Result<T, E>,
) -> Result<T, Unfinished<T, E>> {
    let started = Instant::now();
    let mut interval = options.interval;
    let mut last = first;
    observe(last.borrow());
    while !is_finished(&last.borrow().status) {
        let Some(left) = options.deadline.checked_sub(started.elapsed()) else {
            return Err(Unfinished::Deadline(last));
        };
        tokio::time::sleep(interval.min(left)).await;
        if started.elapsed() >= options.deadline {
            return Err(Unfinished::Deadline(last));
        }
        last = read(last.borrow()).await.map_err(Unfinished::Read)?;
        observe(last.borrow());
        interval = interval.mul_f64(1.5).min(options.max_interval);
    }
    Ok(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_name_their_trace_whatever_the_prefix() {
        assert_eq!(trace_of("/v1.1/instances/rivia/snippets/scripts/1/traces/3/"), Some(("rivia".into(), 1, 3)));
        assert_eq!(trace_of("/instances/a%2Fb/snippets/scripts/1/traces/3"), Some(("a/b".into(), 1, 3)));
        assert_eq!(trace_of("/v1.1/instances/rivia/snippets/scripts/1/"), None);
        assert_eq!(trace_of("/v1.1/instances/rivia/snippets/scripts/x/traces/3/"), None);
    }

    #[test]
    fn newer_final_statuses_are_final_and_unknown_ones_are_not() {
        assert!(is_finished(&TraceStatus::Unknown("queue_timeout".into())));
        assert!(is_finished(&TraceStatus::Unknown("blocked".into())));
        assert!(!is_finished(&TraceStatus::Unknown("warming_up".into())));
        assert!(!is_finished(&TraceStatus::Processing));
    }
}
