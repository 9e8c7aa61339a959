//! `syncano`: the Script API from the command line (feature `cli`).

mod api;
mod output;

use std::io::{IsTerminal, Read};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use reqwest::Method;
use serde_json::Value;
use syncano_client::{
    DEFAULT_BASE_URL, PageTrail, RunScriptRequest, Script, ScriptConfig, ScriptCreate, ScriptPage, ScriptPatch,
    ScriptUpdate, Trace, TracePage, TraceStatus, Unfinished, WaitOptions, is_finished, poll_until_finished,
};

use api::{Answer, Api, note_end};
use output::Output;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the request failed: the server's answer (or the network error) is on stderr
  2  wrong usage: a missing key or instance, a bad argument
  3  run --wait: the run finished, but not with `success` (failure, timeout, blocked, queue_timeout)
  4  run --wait: the deadline passed before the run finished";

/// Run, read and manage Syncano Scripts.
#[derive(Parser)]
#[command(name = "syncano", version, after_help = EXIT_CODES)]
struct Cli {
    /// Account key, sent as the X-API-KEY header.
    #[arg(long, env = "SYNCANO_API_KEY", hide_env_values = true, global = true)]
    api_key: Option<String>,
    /// The API's base URL; point it at a self-hosted server.
    #[arg(long, env = "SYNCANO_BASE_URL", default_value = DEFAULT_BASE_URL, global = true)]
    base_url: String,
    /// The instance the Scripts belong to.
    #[arg(long, short, env = "SYNCANO_INSTANCE", global = true)]
    instance: Option<String>,
    /// How to print results.
    #[arg(long, short, value_enum, default_value_t = Output::Json, global = true)]
    output: Output,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scripts: list, get, create, update, delete, run.
    #[command(subcommand)]
    Scripts(ScriptsCommand),
    /// Traces: the results of runs.
    #[command(subcommand)]
    Traces(TracesCommand),
    /// The runtimes Scripts can use.
    Runtimes,
}

#[derive(Subcommand)]
enum ScriptsCommand {
    /// List Scripts.
    List(ListArgs),
    /// Show one Script, with its full source.
    Get { id: i64 },
    /// Create a Script.
    Create {
        /// The runtime, e.g. python3 (see `syncano runtimes`).
        #[arg(long)]
        runtime: String,
        #[command(flatten)]
        fields: ScriptFields,
    },
    /// Change the given fields of a Script (PATCH), or replace it whole with --replace (PUT).
    Update {
        id: i64,
        /// The runtime; required with --replace.
        #[arg(long, required_if_eq("replace", "true"))]
        runtime: Option<String>,
        #[command(flatten)]
        fields: ScriptFields,
        /// Replace the Script (PUT) instead of changing the given fields: the server resets `source`
        /// and `config` to their defaults (empty) when they are not given, and keeps `label` and
        /// `description`.
        #[arg(long)]
        replace: bool,
    },
    /// Delete a Script.
    Delete { id: i64 },
    /// Run a Script; prints the pending Trace, or the finished one with --wait.
    Run {
        id: i64,
        /// The payload, a JSON object.
        #[arg(long, conflicts_with = "payload_file")]
        payload: Option<String>,
        /// Read the payload from a file, or from stdin with `-`.
        #[arg(long)]
        payload_file: Option<String>,
        /// Wait for the run to finish (a spinner shows progress on a terminal).
        #[arg(long)]
        wait: bool,
        /// With --wait: give up after this many seconds.
        #[arg(long, default_value_t = 300, requires = "wait")]
        timeout: u64,
    },
}

#[derive(Subcommand)]
enum TracesCommand {
    /// List the Traces of a Script, newest first.
    List {
        script_id: i64,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show one Trace with its result.
    Get { script_id: i64, trace_id: i64 },
}

#[derive(Args)]
struct ListArgs {
    /// Items per page (at most 100).
    #[arg(long)]
    page_size: Option<i64>,
    /// Sort by id.
    #[arg(long, value_enum)]
    ordering: Option<Ordering>,
    /// Follow `next` for at most this many pages.
    #[arg(long, default_value_t = 1, conflicts_with = "all")]
    max_pages: usize,
    /// Follow `next` to the last page.
    #[arg(long)]
    all: bool,
}

impl ListArgs {
    /// Every page of the list at `tail` as far as the flags say; says on stderr why it stopped
    /// early (the page bound, or a `next` link that loops).
    async fn fetch<P: api::ListPage>(
        &self,
        api: &Api,
        tail: &str,
        what: &str,
    ) -> Result<Answer<Vec<P::Item>>, Failure> {
        let mut query = Vec::new();
        if let Some(size) = self.page_size {
            query.push(format!("page_size={size}"));
        }
        if let Some(ordering) = self.ordering {
            query.push(format!("ordering={}", ordering.as_str()));
        }
        let mut trail = PageTrail::new(if self.all { usize::MAX } else { self.max_pages });
        let items = api.list::<P>(tail, query.join("&"), &mut trail).await?;
        note_end(trail.end(), what);
        Ok(items)
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Ordering {
    Asc,
    Desc,
}

impl Ordering {
    fn as_str(self) -> &'static str {
        match self {
            Ordering::Asc => "asc",
            Ordering::Desc => "desc",
        }
    }
}

#[derive(Args)]
struct ScriptFields {
    /// The source code.
    #[arg(long, conflicts_with = "source_file")]
    source: Option<String>,
    /// Read the source code from a file, or from stdin with `-`.
    #[arg(long)]
    source_file: Option<String>,
    /// A short label.
    #[arg(long)]
    label: Option<String>,
    /// A description.
    #[arg(long)]
    description: Option<String>,
    /// The config, a JSON object, e.g. '{"timeout": 30}'.
    #[arg(long)]
    config: Option<String>,
}

/// Why the command failed, and so its exit code.
enum Failure {
    Request(String),
    Usage(String),
    RunFailed(Box<Trace>),
    Deadline(Box<Trace>),
}

impl From<serde_json::Error> for Failure {
    fn from(error: serde_json::Error) -> Self {
        Failure::Request(format!("cannot print the answer: {error}"))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return fail(Failure::Request(format!("cannot start the async runtime: {error}"))),
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => fail(failure),
    }
}

fn fail(failure: Failure) -> ExitCode {
    match failure {
        Failure::Request(message) => {
            eprintln!("syncano: {message}");
            ExitCode::from(1)
        }
        Failure::Usage(message) => {
            eprintln!("syncano: {message}");
            ExitCode::from(2)
        }
        Failure::RunFailed(trace) => {
            eprintln!("syncano: Trace {} finished with status `{}`", trace.id, trace.status);
            ExitCode::from(3)
        }
        Failure::Deadline(trace) => {
            eprintln!("syncano: Trace {} had not finished by the deadline (status `{}`)", trace.id, trace.status);
            ExitCode::from(4)
        }
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let key = match cli.api_key.as_deref() {
        None => {
            return Err(Failure::Usage("no API key: set SYNCANO_API_KEY or pass --api-key (an account key)".into()));
        }
        Some(key) if key.trim().is_empty() => {
            return Err(Failure::Usage(
                "the API key is empty: set SYNCANO_API_KEY or pass --api-key with an account key".into(),
            ));
        }
        Some(key) => key,
    };
    let instance = cli
        .instance
        .as_deref()
        .ok_or_else(|| Failure::Usage("no instance: set SYNCANO_INSTANCE or pass --instance".into()))?;
    let api = Api::new(&cli.base_url, key, instance)?;
    let out = cli.output;
    match cli.command {
        Command::Runtimes => out.runtimes(&api.send(Method::GET, "runtimes/", None).await?),
        Command::Scripts(command) => scripts(&api, out, command).await,
        Command::Traces(TracesCommand::List { script_id, list }) => {
            out.traces(&list.fetch::<TracePage>(&api, &format!("{script_id}/traces/"), "Traces").await?)
        }
        Command::Traces(TracesCommand::Get { script_id, trace_id }) => {
            out.trace(&api.send(Method::GET, &format!("{script_id}/traces/{trace_id}/"), None).await?)
        }
    }
}

async fn scripts(api: &Api, out: Output, command: ScriptsCommand) -> Result<(), Failure> {
    match command {
        ScriptsCommand::List(list) => out.scripts(&list.fetch::<ScriptPage>(api, "", "Scripts").await?),
        ScriptsCommand::Get { id } => out.script(&api.send(Method::GET, &format!("{id}/"), None).await?),
        ScriptsCommand::Create { runtime, fields } => {
            let (source, config) = (fields.source()?, fields.config()?);
            let mut body = ScriptCreate::new(runtime);
            (body.source, body.config, body.label, body.description) =
                (source, config, fields.label, fields.description);
            out.script(&api.send(Method::POST, "", Some(&serde_json::to_value(body)?)).await?)
        }
        ScriptsCommand::Update { id, runtime, fields, replace } => {
            let (source, config) = (fields.source()?, fields.config()?);
            let (method, body) = match (replace, runtime) {
                (true, Some(runtime_name)) => {
                    let mut body = ScriptUpdate::new(runtime_name);
                    (body.source, body.config, body.label, body.description) =
                        (source, config, fields.label, fields.description);
                    (Method::PUT, serde_json::to_value(body)?)
                }
                (true, None) => return Err(Failure::Usage("--replace needs --runtime".into())),
                (false, runtime_name) => {
                    let mut body = ScriptPatch::new();
                    (body.runtime_name, body.source, body.config, body.label, body.description) =
                        (runtime_name, source, config, fields.label, fields.description);
                    (Method::PATCH, serde_json::to_value(body)?)
                }
            };
            out.script(&api.send::<Script>(method, &format!("{id}/"), Some(&body)).await?)
        }
        ScriptsCommand::Delete { id } => {
            api.send::<Value>(Method::DELETE, &format!("{id}/"), None).await?;
            eprintln!("deleted Script {id}");
            Ok(())
        }
        ScriptsCommand::Run { id, payload, payload_file, wait, timeout } => {
            let payload = match (payload, payload_file) {
                (Some(text), _) => Some(json_object("--payload", &text)?),
                (None, Some(path)) => Some(json_object("--payload-file", &read_text(&path)?)?),
                (None, None) => None,
            };
            let body = payload
                .map(|payload| serde_json::to_value(RunScriptRequest::new().with_payload(payload)))
                .transpose()?;
            let pending: Answer<Trace> = api.send(Method::POST, &format!("{id}/run/"), body.as_ref()).await?;
            if !wait {
                return out.trace(&pending);
            }
            let options = WaitOptions { deadline: Duration::from_secs(timeout), ..WaitOptions::default() };
            let spinner = Spinner::on_terminal();
            let read = async |trace: &Trace| api.send(Method::GET, &format!("{id}/traces/{}/", trace.id), None).await;
            let finished = poll_until_finished(pending, &options, |trace| spinner.show(trace), read).await;
            spinner.clear();
            match finished {
                Ok(trace) => {
                    out.trace(&trace)?;
                    match trace.value.status {
                        TraceStatus::Success => Ok(()),
                        _ => Err(Failure::RunFailed(Box::new(trace.value))),
                    }
                }
                Err(Unfinished::Deadline(trace)) => {
                    out.trace(&trace)?;
                    Err(Failure::Deadline(Box::new(trace.value)))
                }
                Err(Unfinished::Read(failure)) => Err(failure),
            }
        }
    }
}

impl ScriptFields {
    fn source(&self) -> Result<Option<String>, Failure> {
        match (&self.source, &self.source_file) {
            (Some(source), _) => Ok(Some(source.clone())),
            (None, Some(path)) => read_text(path).map(Some),
            (None, None) => Ok(None),
        }
    }

    /// The config as given: the server takes any JSON object and does not check it.
    fn config(&self) -> Result<Option<ScriptConfig>, Failure> {
        self.config.as_deref().map(|text| json_object("--config", text)).transpose()
    }
}

fn json_object(flag: &str, text: &str) -> Result<serde_json::Map<String, serde_json::Value>, Failure> {
    match serde_json::from_str(text) {
        Ok(serde_json::Value::Object(object)) => Ok(object),
        Ok(_) => Err(Failure::Usage(format!("{flag} must be a JSON object, like '{{\"name\": \"Ada\"}}'"))),
        Err(error) => Err(Failure::Usage(format!("{flag} is not valid JSON: {error}"))),
    }
}

/// Reads a file, or stdin for `-`.
fn read_text(path: &str) -> Result<String, Failure> {
    let result = if path == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(path)
    };
    result.map_err(|error| Failure::Usage(format!("cannot read {path}: {error}")))
}

/// Progress while waiting: the elapsed time and the Trace's status, on stderr, only on a terminal.
struct Spinner(Option<indicatif::ProgressBar>);

impl Spinner {
    fn on_terminal() -> Self {
        if !std::io::stderr().is_terminal() {
            return Spinner(None);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {elapsed:>3} {msg}") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(100));
        Spinner(Some(bar))
    }

    fn show(&self, trace: &Trace) {
        if let Some(bar) = &self.0 {
            let state = if is_finished(&trace.status) { "finished" } else { "waiting" };
            bar.set_message(format!("Trace {}: {} ({state})", trace.id, trace.status));
        }
    }

    fn clear(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
