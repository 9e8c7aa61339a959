//! `cargo xtask conformance [SPEC...]`: an independent judge of every operation of every spec.
//!
//! For each spec it generates the client and a program that calls each operation with sample
//! arguments (`oaswire_codegen::samples`), builds them, and sends every call through a recording proxy to
//! `prism mock --errors`. Prism, not this project, judges each request: path, query, headers,
//! credentials and body. Then it asks Prism for every documented response (`Prefer: code=…`), every
//! named example (`example=…`), and random bodies (`--dynamic`, several seeds), and checks that each
//! lands in its documented variant and serializes back to the JSON that was sent.

pub mod compare;
pub mod proxy;

use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use oaswire_codegen::ir::{Api, BodyType, Operation, Response, StatusMatch, SuccessType};
use serde_json::Value;

use crate::{Failure, load, standalone_manifest, write_atomically};
use compare::Comparer;
use proxy::{Exchange, Proxy};

/// How one spec fared.
#[derive(Debug, Default)]
pub struct Report {
    /// The spec, as given.
    pub spec: String,
    /// Client methods.
    pub operations: usize,
    /// Operations called.
    pub called: usize,
    /// Requests Prism accepted.
    pub accepted: usize,
    /// Responses asked of Prism (documented statuses, named examples, random bodies).
    pub responses: usize,
    /// Responses that decoded into their documented variant.
    pub decoded: usize,
    /// Decoded responses that serialize back to the JSON that was sent.
    pub exact: usize,
    /// Responses Prism could not produce as the spec describes them, each with the reason. They
    /// are not counted in `responses`.
    pub skipped: Vec<String>,
    /// Why the spec could not be run at all (generation or build failed), if it could not.
    pub broken: Option<String>,
    /// Operations that cannot be exercised, with the reason.
    pub unexercised: Vec<(String, String)>,
    /// Each failure, one line each with what was sent and what Prism said.
    pub failures: Vec<String>,
    /// Webhooks with a JSON payload (OpenAPI 3.1): Prism never sends them, so each one's sample
    /// payload is decoded with `WebhookEvent::from_parts` and written back instead.
    pub webhooks: usize,
    /// Webhook samples that decoded and wrote back the JSON they came from.
    pub webhooks_exact: usize,
}

impl Report {
    /// Whether every call was accepted and every response decoded exactly.
    pub fn passed(&self) -> bool {
        self.broken.is_none()
            && self.accepted == self.called
            && self.decoded == self.responses
            && self.exact == self.responses
            && self.webhooks_exact == self.webhooks
    }
}

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The specs.
    pub specs: Vec<PathBuf>,
    /// Prism `--dynamic` runs, each with its own seed.
    pub seeds: u32,
    /// Failures printed per spec (all are written to the report file).
    pub shown_failures: usize,
}

/// The spec a conformance crate is generated from, and where it lives.
struct Prepared {
    crate_name: String,
    api: Api,
}

/// Runs conformance for every spec in `options`, building in `work` with `target` as the target dir.
pub fn run(root: &Path, options: &Options, work: &Path, target: &Path) -> Result<Vec<Report>, Failure> {
    let prism_bin = root.join(".tools/node_modules/.bin/prism");
    if !prism_bin.exists() {
        return Err(Failure::Io(format!("Prism is missing at {}; run `bash tools/install.sh`", prism_bin.display())));
    }
    let _ = fs::remove_dir_all(work);
    fs::create_dir_all(work).map_err(|e| Failure::Io(format!("cannot create {}: {e}", work.display())))?;
    let mut reports = Vec::new();
    let mut prepared = Vec::new();
    let mut used_names = std::collections::HashSet::new();
    for spec in &options.specs {
        let display = spec.strip_prefix(root).unwrap_or(spec).to_string_lossy().into_owned();
        let mut report = Report { spec: display.clone(), ..Report::default() };
        match prepare(spec, &display, work, &mut used_names) {
            Ok(ready) => {
                report.operations = ready.api.operations.len();
                prepared.push(Some(ready));
            }
            Err(reason) => {
                report.broken = Some(reason);
                prepared.push(None);
            }
        }
        reports.push(report);
    }
    let members: Vec<String> = prepared.iter().flatten().map(|p| format!("\"{}\"", p.crate_name)).collect();
    fs::write(work.join("Cargo.toml"), format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")))
        .map_err(|e| Failure::Io(e.to_string()))?;
    crate::pin_versions(root, work)?;
    // A program left by an earlier run must not stand in for one that no longer builds.
    for ready in prepared.iter().flatten() {
        let _ = fs::remove_file(target.join("debug").join(&ready.crate_name));
    }
    if !members.is_empty() {
        build(work, target)?;
    }
    // Two specs at a time: one's Prism reads its spec while the other's calls run.
    let jobs: Vec<std::sync::Mutex<(&mut Report, Option<Prepared>)>> =
        reports.iter_mut().zip(prepared).map(std::sync::Mutex::new).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while let Some(job) = jobs.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                    let mut job = job.lock().expect("not poisoned");
                    let (report, ready) = &mut *job;
                    let Some(ready) = ready else { continue };
                    run_one(&prism_bin, work, target, ready, options, report);
                }
            });
        }
    });
    drop(jobs);
    Ok(reports)
}

/// Runs one built spec and writes its failures beside it.
fn run_one(prism_bin: &Path, work: &Path, target: &Path, ready: &Prepared, options: &Options, report: &mut Report) {
    let binary = target.join("debug").join(&ready.crate_name);
    if !binary.exists() {
        report.broken = Some("the client or its conformance program does not build (see the cargo output)".to_owned());
        return;
    }
    let started = Instant::now();
    if let Err(reason) = run_webhooks(&binary, ready, report) {
        report.broken = Some(reason);
    }
    // Prism refuses a document without operations (a 3.1 one of webhooks only): there is
    // nothing to call, and the table shows 0 operations.
    if report.operations > 0
        && report.broken.is_none()
        && let Err(reason) = run_spec(prism_bin, &work.join(&ready.crate_name), &binary, ready, options, report)
    {
        report.broken = Some(reason);
    }
    eprintln!("{}: {:.0} s", report.spec, started.elapsed().as_secs_f64());
    let _ = fs::write(work.join(&ready.crate_name).join("failures.txt"), report.failures.join("\n"));
    let _ = fs::write(work.join(&ready.crate_name).join("skipped.txt"), report.skipped.join("\n"));
}

/// Generates the client crate, its program and Prism's copy of the spec.
fn prepare(
    spec: &Path,
    display: &str,
    work: &Path,
    used_names: &mut std::collections::HashSet<String>,
) -> Result<Prepared, String> {
    let document = load(spec, display).map_err(|f| f.to_string())?;
    let settings = oaswire_codegen::Settings::new("cargo xtask conformance".to_owned());
    let generated = oaswire_codegen::generate(&document, &settings).map_err(|d| format!("generation failed:\n{d}"))?;
    let (api, _) = oaswire_codegen::lower::lower(&document);
    let stem = Path::new(display).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let parent = Path::new(display).parent().and_then(|p| p.file_name()).map(|p| p.to_string_lossy().into_owned());
    let base = oaswire_codegen::names::snake(&format!("{} {stem}", parent.unwrap_or_default())).replace('_', "-");
    let mut crate_name = format!("conformance-{}", base.trim_start_matches(['-', 'r', '#']));
    while !used_names.insert(crate_name.clone()) {
        crate_name.push('x');
    }
    let dir = work.join(&crate_name);
    write_atomically(&generated, &dir.join("src/generated")).map_err(|f| f.to_string())?;
    let manifest = standalone_manifest(&crate_name, None, &generated)
        .replace("features = [\"time\"]", "features = [\"time\", \"rt\", \"macros\"]");
    let program = oaswire_codegen::conformance_program(&api, &crate_name, &settings).map_err(|d| d.to_string())?;
    let write =
        |path: PathBuf, contents: &str| fs::write(&path, contents).map_err(|e| format!("{}: {e}", path.display()));
    write(dir.join("Cargo.toml"), &manifest)?;
    write(dir.join("src/lib.rs"), crate::STANDALONE_LIB)?;
    write(dir.join("src/main.rs"), &program)?;
    // Prism reads 3.1 itself, so it is given a single-file 3.1 spec as written, not the 3.0 shapes
    // the generator rewrites it into: its judgement stays independent of that rewriting.
    let written = (oaswire_codegen::oas31::is_31(&document.raw) && document.bundled.is_none())
        .then(|| document.root_as_written());
    let copy = prism_copy(written.as_ref().or(document.bundled.as_ref()).unwrap_or(&document.raw));
    write(dir.join("prism.json"), &serde_json::to_string(&copy).map_err(|e| e.to_string())?)?;
    Ok(Prepared { crate_name, api })
}

/// The spec as Prism reads it: the bundled document, without the examples whose data holds a
/// `$ref` key to another document. Prism's reference resolver follows those as references (it
/// fails on GitHub's spec, downloading SCIM example URLs); in an example they are data.
pub fn prism_copy(document: &Value) -> Value {
    let mut copy = document.clone();
    let mut dropped = Vec::new();
    if let Some(Value::Object(examples)) = copy.pointer_mut("/components/examples") {
        examples.retain(|name, example| {
            let keep = !example.get("value").is_some_and(holds_remote_ref);
            if !keep {
                dropped.push(format!("#/components/examples/{}", name.replace('~', "~0").replace('/', "~1")));
            }
            keep
        });
    }
    scrub(&mut copy, &dropped);
    base64_patterns(&mut copy);
    drop_ignored_headers(&mut copy);
    copy
}

/// Drops the header parameters named `Accept` or `Content-Type`. OpenAPI says such a parameter
/// definition "SHALL be ignored" (3.0.4 and 3.1.1, Parameter Object, `name`): the client sends
/// the media types of the operation's responses and body there. Prism checks them as parameters
/// all the same (LangGraph's `Accept` with an `enum` of two media types refuses every client).
fn drop_ignored_headers(document: &mut Value) {
    let shared = document.pointer("/components/parameters").cloned().unwrap_or(Value::Null);
    let ignored = |parameter: &Value| {
        let parameter = match parameter.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference
                .strip_prefix("#/components/parameters/")
                .and_then(|name| shared.get(name.replace("~1", "/").replace("~0", "~")))
                .unwrap_or(parameter),
            None => parameter,
        };
        parameter.get("in").and_then(Value::as_str) == Some("header")
            && parameter
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| name.eq_ignore_ascii_case("accept") || name.eq_ignore_ascii_case("content-type"))
    };
    let Some(Value::Object(paths)) = document.get_mut("paths") else { return };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for (key, value) in item.iter_mut() {
            let parameters = if key == "parameters" { Some(value) } else { value.get_mut("parameters") };
            if let Some(Value::Array(parameters)) = parameters {
                parameters.retain(|parameter| !ignored(parameter));
            }
        }
    }
}

/// RFC 4648 §4 base64, padded and canonical (§3.5: the pad bits of the last symbol are zero), as
/// an encoder writes it: what a `contentEncoding: base64` string holds.
const BASE64_PATTERN: &str = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$";

/// Gives each `contentEncoding: base64` string without a `pattern` the pattern of base64. JSON
/// Schema 2020-12 makes `contentEncoding` an annotation, so Prism neither checks it nor honours it
/// when it makes up a body (it sends text with spaces); with the pattern it does both, and still
/// judges the client's bytes.
fn base64_patterns(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if object.get("contentEncoding").and_then(Value::as_str) == Some("base64")
                && !object.contains_key("pattern")
            {
                object.insert("pattern".to_owned(), Value::String(BASE64_PATTERN.to_owned()));
            }
            for (key, child) in object.iter_mut() {
                if key != "example" && key != "examples" && key != "default" && key != "enum" && key != "const" {
                    base64_patterns(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(base64_patterns),
        _ => {}
    }
}

/// Removes inline examples with remote `$ref` data, and references to `dropped` examples.
fn scrub(value: &mut Value, dropped: &[String]) {
    match value {
        Value::Object(object) => {
            if object.get("example").is_some_and(holds_remote_ref) {
                object.remove("example");
            }
            if let Some(Value::Object(examples)) = object.get_mut("examples") {
                examples.retain(|_, example| {
                    let target = example.get("$ref").and_then(Value::as_str);
                    !target.is_some_and(|t| dropped.iter().any(|d| d == t))
                        && !example.get("value").is_some_and(holds_remote_ref)
                });
                if examples.is_empty() {
                    object.remove("examples");
                }
            }
            for child in object.values_mut() {
                scrub(child, dropped);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| scrub(item, dropped)),
        _ => {}
    }
}

fn holds_remote_ref(value: &Value) -> bool {
    match value {
        Value::Object(object) => {
            object.get("$ref").and_then(Value::as_str).is_some_and(|r| !r.starts_with('#'))
                || object.values().any(holds_remote_ref)
        }
        Value::Array(items) => items.iter().any(holds_remote_ref),
        _ => false,
    }
}

/// Builds every crate of the work folder, going on past one that fails.
fn build(work: &Path, target: &Path) -> Result<(), Failure> {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--workspace", "--bins", "--keep-going", "--quiet"])
        .current_dir(work)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| Failure::Io(format!("cannot run cargo build: {e}")))?;
    if !status.success() {
        eprintln!("some conformance crates failed to build; their specs are reported as broken");
    }
    Ok(())
}

/// A running `prism mock`, stopped on drop.
struct Prism {
    child: Child,
    port: u16,
}

impl Prism {
    /// Starts Prism on `spec`: with `--errors` when `errors`, with `--dynamic --seed` when `seed`.
    /// It is ready once [`Prism::ready`] returns.
    fn spawn(bin: &Path, spec: &Path, errors: bool, seed: Option<u32>) -> Result<Prism, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let mut command = Command::new(bin);
        command.arg("mock").arg(spec).args(["-h", "127.0.0.1", "-p", &port.to_string(), "-v", "error"]);
        if errors {
            command.arg("--errors");
        }
        if let Some(seed) = seed {
            command.args(["--dynamic", "--seed", &seed.to_string()]);
        }
        let run = match (errors, seed) {
            (_, Some(seed)) => format!("seed-{seed}"),
            (true, None) => "errors".to_owned(),
            (false, None) => "static".to_owned(),
        };
        let log = spec.with_extension(format!("prism-{run}.log"));
        let log = fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let child = command
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        Ok(Prism { child, port })
    }

    /// Waits until Prism listens (it reads the spec first: seconds for a large one).
    fn ready(mut self) -> Result<Prism, String> {
        let deadline = Instant::now() + Duration::from_secs(600);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("prism exited with {status} before listening; see its log beside prism.json"));
            }
            if Instant::now() > deadline {
                return Err("prism did not listen within 600 s".to_owned());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(self)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The conformance program, one call at a time.
struct Program {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
}

impl Program {
    fn start(binary: &Path, base_url: &str) -> Result<Program, String> {
        let mut child = Command::new(binary)
            .arg(base_url)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (send, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if send.send(line).is_err() {
                    return;
                }
            }
        });
        Ok(Program { child, stdin, lines })
    }

    /// Calls operation `name` and returns the outcome the program printed.
    fn call(&mut self, name: &str) -> Result<Value, String> {
        writeln!(self.stdin, "{name}").map_err(|e| format!("the program stopped: {e}"))?;
        self.stdin.flush().map_err(|e| format!("the program stopped: {e}"))?;
        let line = self.lines.recv_timeout(Duration::from_secs(120)).map_err(|_| "the program did not answer")?;
        serde_json::from_str(&line).map_err(|e| format!("the program printed {line:?}: {e}"))
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One response to ask Prism for.
struct Ask<'o> {
    response: &'o Response,
    is_success: bool,
    code: u16,
    prefer: String,
}

/// The responses to ask for: each documented status (ranges and `default` by a code they cover
/// that nothing else documents), and each named example of it.
fn asks(op: &Operation, with_examples: bool) -> Vec<Ask<'_>> {
    let (mut documented, mut ranges) = (Vec::new(), Vec::new());
    for response in op.success.iter().chain(&op.errors) {
        match response.status {
            StatusMatch::Code(code) => documented.push(code),
            StatusMatch::Range(range) => ranges.push(range),
            StatusMatch::Default => {}
        }
    }
    let free =
        |candidates: Vec<u16>| candidates.into_iter().find(|c| !documented.contains(c) && !ranges.contains(&(c / 100)));
    let mut asks = Vec::new();
    let responses = op.success.iter().map(|r| (r, true)).chain(op.errors.iter().map(|r| (r, false)));
    for (response, is_success) in responses {
        let code = match response.status {
            StatusMatch::Code(code) => Some(code),
            StatusMatch::Range(range) => (range * 100..range * 100 + 100).find(|c| !documented.contains(c)),
            StatusMatch::Default if is_success => free((200..300).collect()),
            StatusMatch::Default => free([500, 502, 503, 418, 400, 409, 599].into_iter().chain(400..600).collect()),
        };
        let Some(code) = code else { continue };
        let has_examples = with_examples && !response.examples.is_empty();
        if has_examples {
            for example in &response.examples {
                let prefer = format!("code={code}, example={example}");
                asks.push(Ask { response, is_success, code, prefer });
            }
        } else {
            asks.push(Ask { response, is_success, code, prefer: format!("code={code}") });
        }
    }
    asks
}

fn run_spec(
    prism_bin: &Path,
    dir: &Path,
    binary: &Path,
    ready: &Prepared,
    options: &Options,
    report: &mut Report,
) -> Result<(), String> {
    let spec = dir.join("prism.json");
    // Requests are judged by `prism mock --errors`. Responses are asked of Prism without `--errors`,
    // so a body Prism makes that breaks the spec still arrives, flagged in `sl-violations`. Every
    // Prism this spec needs starts at once: reading the spec is most of their cost.
    let prism = Prism::spawn(prism_bin, &spec, true, None)?;
    let static_prism = Prism::spawn(prism_bin, &spec, false, None)?;
    let seeded: Vec<Prism> =
        (1..=options.seeds).map(|seed| Prism::spawn(prism_bin, &spec, false, Some(seed))).collect::<Result<_, _>>()?;
    let prism = prism.ready()?;
    let proxy = Proxy::start(prism.port).map_err(|e| format!("cannot start the proxy: {e}"))?;
    let mut program = Program::start(binary, &format!("http://127.0.0.1:{}", proxy.port))?;
    let comparer = Comparer::new(&ready.api);
    let mut accepted = vec![false; ready.api.operations.len()];
    for (i, op) in ready.api.operations.iter().enumerate() {
        report.called += 1;
        let blind = blind_spots(&ready.api, op);
        if !blind.multipart.is_empty() {
            report.unexercised.push((
                op.name.clone(),
                format!(
                    "Prism reads every multipart part as a string (unless its Encoding Object sets a `style`), \
                     so it cannot judge the JSON or repeated parts of {}; sample-clients/tests/shapes.rs pins them",
                    blind.multipart.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        if let Some(media_type) = &blind.xml {
            report.unexercised.push((
                op.name.clone(),
                format!(
                    "Prism reads an `{media_type}` body as text, which no object or array schema accepts \
                     (stoplightio/prism#2050), so it cannot judge it; the client sends the caller's bytes as they are"
                ),
            ));
        }
        proxy.prepare(None);
        let outcome = program.call(&op.name)?;
        let (exchanges, relay_error) = proxy.take();
        match judge_request(&outcome, &exchanges, relay_error, &blind) {
            Ok(()) => {
                report.accepted += 1;
                accepted[i] = true;
            }
            Err(complaint) => {
                report.failures.push(format!("{}: request refused: {complaint}{}", op.name, shown(&exchanges)))
            }
        }
    }
    drop(prism);
    let mut check = |program: &mut Program, proxy: &Proxy, op: &Operation, ask: &Ask<'_>, run: &str, ok: bool| {
        if !ok {
            report.responses += 1;
            report.failures.push(format!("{} {run} `{}`: not asked (the request was refused)", op.name, ask.prefer));
            return Ok::<(), String>(());
        }
        proxy.prepare(Some(ask.prefer.clone()));
        let outcome = program.call(&op.name)?;
        let (exchanges, relay_error) = proxy.take();
        let blind = blind_spots(&ready.api, op);
        let verdict = judge_response(&comparer, op, ask, &outcome, &exchanges, relay_error, &blind);
        if !matches!(verdict, Verdict::Skipped(_)) {
            report.responses += 1;
        }
        match verdict {
            Verdict::Exact => {
                report.decoded += 1;
                report.exact += 1;
            }
            Verdict::Inexact(why) => {
                report.decoded += 1;
                report.failures.push(format!("{} {run} `{}`: round trip differs {why}", op.name, ask.prefer));
            }
            Verdict::NotDecoded(why) => {
                report.failures.push(format!("{} {run} `{}`: {why}{}", op.name, ask.prefer, shown(&exchanges)));
            }
            Verdict::Skipped(why) => report.skipped.push(format!("{} {run} `{}`: {why}", op.name, ask.prefer)),
        }
        Ok(())
    };
    let prism = static_prism.ready()?;
    proxy.retarget(prism.port);
    for (i, op) in ready.api.operations.iter().enumerate() {
        for ask in asks(op, true) {
            check(&mut program, &proxy, op, &ask, "static", accepted[i])?;
        }
    }
    drop(prism);
    for (seed, prism) in (1..=options.seeds).zip(seeded) {
        let prism = prism.ready()?;
        proxy.retarget(prism.port);
        for (i, op) in ready.api.operations.iter().enumerate() {
            for ask in asks(op, false) {
                check(&mut program, &proxy, op, &ask, &format!("seed {seed}"), accepted[i])?;
            }
        }
    }
    Ok(())
}

/// Decodes each webhook's sample payload with the client and checks that it writes back the same
/// JSON. No server is involved: the program is given an address nothing listens on.
fn run_webhooks(binary: &Path, ready: &Prepared, report: &mut Report) -> Result<(), String> {
    let webhooks: Vec<_> = ready.api.webhooks.iter().filter(|w| w.payload.is_some()).collect();
    if webhooks.is_empty() {
        return Ok(());
    }
    let samples = oaswire_codegen::samples::Samples::new(&ready.api, oaswire_codegen::samples::Direction::Request);
    let comparer = Comparer::new(&ready.api);
    let mut program = Program::start(binary, "http://127.0.0.1:9")?;
    for webhook in webhooks {
        let Some(ty) = &webhook.payload else { continue };
        report.webhooks += 1;
        let sample = samples.value(ty, &webhook.keywords);
        let outcome = program.call(&format!("webhook:{}", webhook.name))?;
        let verdict = match (outcome["outcome"].as_str(), outcome["variant"].as_str()) {
            (Some("ok"), Some(name)) if name == webhook.name => comparer.compare(ty, &sample, &outcome["value"]),
            _ => Err(format!("did not decode: {}", describe(&outcome))),
        };
        match verdict {
            Ok(()) => report.webhooks_exact += 1,
            Err(why) => report.failures.push(format!("webhook {}: sample {sample}: {why}", webhook.name)),
        }
    }
    Ok(())
}

/// What Prism said of an exchange: violations of the spec by the request, and by the response
/// Prism made (or why it could not make one).
#[derive(Debug, Default)]
struct Complaints {
    request: Vec<String>,
    response: Vec<String>,
}

/// Prism's error types that are about the request.
const REQUEST_ERRORS: &[&str] = &[
    "UNPROCESSABLE_ENTITY",
    "UNAUTHORIZED",
    "NO_PATH_MATCHED_ERROR",
    "NO_METHOD_MATCHED_ERROR",
    "NO_SERVER_MATCHED_ERROR",
    "INVALID_CONTENT_TYPE",
];

/// A violation's location as text: `query.page`, `response.body.id`.
fn location_text(location: &[Value]) -> String {
    location.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(".")
}

/// Reads Prism's verdict: the `sl-violations` header, and Prism's own error responses
/// (`application/problem+json` with a `https://stoplight.io/prism/errors#…` type).
fn complaints(exchange: &Exchange) -> Complaints {
    let mut complaints = Complaints::default();
    if let Some(violations) = exchange.response_header("sl-violations")
        && let Ok(Value::Array(violations)) = serde_json::from_str::<Value>(violations)
    {
        for violation in &violations {
            let location = violation["location"].as_array().cloned().unwrap_or_default();
            let text = format!("{}: {}", location_text(&location), violation["message"].as_str().unwrap_or_default());
            if location.first().and_then(Value::as_str) == Some("response") {
                complaints.response.push(text);
            } else {
                complaints.request.push(text);
            }
        }
    }
    let problem = exchange.response_header("content-type").is_some_and(|t| t.contains("problem+json"));
    let Ok(body) = serde_json::from_slice::<Value>(&exchange.response_body) else { return complaints };
    let Some(kind) = body.get("type").and_then(Value::as_str) else { return complaints };
    if !problem || !kind.starts_with("https://stoplight.io/prism/errors#") {
        return complaints;
    }
    let name = kind.rsplit('#').next().unwrap_or(kind);
    let about_request = REQUEST_ERRORS.contains(&name);
    let summary = format!("{} ({name})", body["title"].as_str().unwrap_or_default());
    match body.get("validation").and_then(Value::as_array).filter(|v| !v.is_empty()) {
        Some(validation) => {
            for item in validation {
                let location: Vec<Value> = item["location"].as_array().cloned().unwrap_or_default();
                let text = format!(
                    "{summary}; {}: {}",
                    location_text(&location),
                    item["message"].as_str().unwrap_or_default()
                );
                // A `VIOLATIONS` error lists the response's own violations under `response…`.
                let on_response = !about_request && location.first().and_then(Value::as_str) == Some("response");
                if on_response { complaints.response.push(text) } else { complaints.request.push(text) }
            }
        }
        None => {
            let text = format!("{summary}: {}", body.get("detail").and_then(Value::as_str).unwrap_or_default());
            if about_request { complaints.request.push(text) } else { complaints.response.push(text) }
        }
    }
    complaints
}

/// What Prism cannot judge in the request of one operation.
#[derive(Debug, Default)]
struct BlindSpots {
    /// The properties of a multipart body sent as JSON parts (objects) or as one part per item
    /// (arrays), which Prism reads as one string each.
    multipart: Vec<String>,
    /// The media type of an XML body (`application/xml`, `text/xml`, `…+xml`): Prism does not parse
    /// XML, so it validates the text itself against the body's schema.
    xml: Option<String>,
}

fn blind_spots(api: &Api, op: &Operation) -> BlindSpots {
    let xml = op.body.as_ref().map(|b| &b.media_type).filter(|media_type| {
        let essence = oaswire_codegen::ir::media_type_essence(media_type);
        essence == "application/xml" || essence == "text/xml" || essence.ends_with("+xml")
    });
    BlindSpots { multipart: multipart_blind_spots(api, op), xml: xml.cloned() }
}

/// See [`BlindSpots::multipart`].
fn multipart_blind_spots(api: &Api, op: &Operation) -> Vec<String> {
    use oaswire_codegen::ir::{BodyMedia, TypeKind, TypeRef};
    let Some(body) = op.body.as_ref().filter(|b| b.media == BodyMedia::Multipart) else { return Vec::new() };
    let TypeRef::Named(name) = &body.ty else { return Vec::new() };
    let Some(TypeKind::Struct { fields, .. }) = api.types.iter().find(|t| &t.name == name).map(|t| &t.kind) else {
        return Vec::new();
    };
    let structured = |ty: &TypeRef| {
        let named = |n: &String| {
            api.types.iter().find(|t| &t.name == n).is_some_and(|t| {
                matches!(t.kind, TypeKind::Struct { .. } | TypeKind::Untagged { .. } | TypeKind::Tagged { .. })
                    || matches!(&t.kind, TypeKind::Alias(TypeRef::List(_) | TypeRef::Map(_) | TypeRef::JsonObject))
            })
        };
        match ty {
            TypeRef::List(_) | TypeRef::Map(_) | TypeRef::JsonObject => true,
            TypeRef::Named(n) | TypeRef::Boxed(n) => named(n),
            _ => false,
        }
    };
    fields.iter().filter(|f| structured(&f.ty)).map(|f| f.wire_name.clone()).collect()
}

/// Whether a request complaint is Prism reading a multipart property of `blind` as a string: a
/// string is not the object or array the schema says, nor, where that array may also be `null`
/// (`anyOf: [array, null]`, as FastAPI writes an optional list of files), any branch. Or Prism
/// reading an XML body as text: the body itself is then no object or array.
fn blind_spot(complaint: &str, blind: &BlindSpots) -> bool {
    let xml_as_text = ["body: Request body must be object", "body: Request body must be array"];
    if blind.xml.is_some() && xml_as_text.iter().any(|ending| complaint.ends_with(ending)) {
        return true;
    }
    blind.multipart.iter().any(|property| {
        complaint.contains(&format!("body.{property}: "))
            && ["must be object", "must be array", "must be null", "must match a schema in anyOf"]
                .iter()
                .any(|ending| complaint.ends_with(ending))
    })
}

fn judge_request(
    outcome: &Value,
    exchanges: &[Exchange],
    relay_error: Option<String>,
    blind: &BlindSpots,
) -> Result<(), String> {
    if let Some(error) = relay_error {
        return Err(format!("the proxy failed: {error}"));
    }
    match exchanges {
        [] => Err(format!("nothing was sent: {}", describe(outcome))),
        [exchange] => {
            let mut complaints = complaints(exchange);
            complaints.request.retain(|complaint| !blind_spot(complaint, blind));
            if complaints.request.is_empty() { Ok(()) } else { Err(complaints.request.join("; ")) }
        }
        _ => Err(format!("{} requests were sent for one call", exchanges.len())),
    }
}

enum Verdict {
    Exact,
    Inexact(String),
    NotDecoded(String),
    /// Prism could not produce the response the spec describes: not the client's to decode.
    Skipped(String),
}

fn judge_response(
    comparer: &Comparer<'_>,
    op: &Operation,
    ask: &Ask<'_>,
    outcome: &Value,
    exchanges: &[Exchange],
    relay_error: Option<String>,
    blind: &BlindSpots,
) -> Verdict {
    if let Err(why) = judge_request(outcome, exchanges, relay_error, blind) {
        return Verdict::NotDecoded(format!("request refused: {why}"));
    }
    let exchange = &exchanges[0];
    let complaints = complaints(exchange);
    let prism_broke_the_spec = !complaints.response.is_empty();
    let broken = || complaints.response.join("; ");
    // Prism's own failure (a faker that gives up on a deep schema) is a problem document of its
    // own kind, whatever status it carries: not the spec's response.
    if let Some(failure) = prism_failure(&exchange.response_body) {
        return Verdict::Skipped(format!("Prism failed to make the response: {failure}"));
    }
    if exchange.status != ask.code {
        if !complaints.request.is_empty() && complaints.request.iter().all(|c| blind_spot(c, blind)) {
            return Verdict::Skipped(format!(
                "Prism answers {} because it misreads the body (see the unexercised operations): {}",
                exchange.status,
                complaints.request.join("; ")
            ));
        }
        if prism_broke_the_spec {
            return Verdict::Skipped(format!("Prism cannot answer as the spec says: {}", broken()));
        }
        return Verdict::NotDecoded(format!("Prism answered {} instead", exchange.status));
    }
    let expected_outcome = if ask.is_success { "ok" } else { "api" };
    let expected_variant = match (&op.success_type, ask.is_success) {
        (SuccessType::Enum(_), true) | (_, false) => ask.response.variant.as_str(),
        _ => "ok",
    };
    let got = (outcome["outcome"].as_str().unwrap_or_default(), outcome["variant"].as_str().unwrap_or_default());
    // Prism's own check of its body does not know `format: float`.
    let not_binary32 = || match &ask.response.body {
        Some(BodyType::Json(ty)) => serde_json::from_slice::<Value>(&exchange.response_body)
            .ok()
            .and_then(|raw| comparer.not_binary32(ty, &raw)),
        _ => None,
    };
    if got != (expected_outcome, expected_variant) {
        if prism_broke_the_spec {
            return Verdict::Skipped(format!("Prism's body breaks the spec: {}", broken()));
        }
        if let Some(why) = not_binary32() {
            return Verdict::Skipped(format!("Prism's body breaks the spec: {why}"));
        }
        if let Some(property) = undescribed_required(comparer, outcome) {
            return Verdict::Skipped(format!(
                "Prism's body breaks the spec: it leaves out `{property}`, which is required but has no schema"
            ));
        }
        return Verdict::NotDecoded(format!(
            "expected {expected_outcome} `{expected_variant}`, got {}",
            describe(outcome)
        ));
    }
    let decoded = &outcome["value"];
    let result = match &ask.response.body {
        None => Ok(()),
        Some(BodyType::Json(ty)) => match serde_json::from_slice::<Value>(&exchange.response_body) {
            Ok(raw) => comparer.compare(ty, &raw, decoded),
            Err(error) => Err(format!("the body is not JSON: {error}")),
        },
        Some(BodyType::Text) => {
            let raw = String::from_utf8_lossy(&exchange.response_body);
            if decoded.as_str() == Some(&raw) { Ok(()) } else { Err(format!("text {raw:?} became {decoded}")) }
        }
        Some(BodyType::Binary) => {
            let raw: String = exchange.response_body.iter().map(|b| format!("{b:02x}")).collect();
            if decoded.as_str() == Some(&raw) { Ok(()) } else { Err("the bytes differ".to_owned()) }
        }
    };
    match result {
        Ok(()) => Verdict::Exact,
        Err(why) if prism_broke_the_spec => {
            Verdict::Skipped(format!("Prism's body breaks the spec ({}), and differs {why}", broken()))
        }
        Err(why) => match not_binary32() {
            Some(broken) => Verdict::Skipped(format!("Prism's body breaks the spec ({broken}), and differs {why}")),
            None => Verdict::Inexact(why),
        },
    }
}

/// The title of a problem document Prism writes when it fails itself
/// (`https://stoplight.io/prism/errors#…`), not one the spec describes.
fn prism_failure(body: &[u8]) -> Option<String> {
    let problem: Value = serde_json::from_slice(body).ok()?;
    let kind = problem.get("type")?.as_str()?;
    kind.starts_with("https://stoplight.io/prism/errors#").then(|| {
        let title = problem.get("title").and_then(Value::as_str).unwrap_or(kind);
        let detail = problem.get("detail").and_then(Value::as_str).unwrap_or_default();
        format!("{title} {detail}").trim().to_owned()
    })
}

/// The property the client missed, when the decoding failed on a property that `required`
/// names and no schema describes: Prism's faker only writes the properties it has schemas for.
fn undescribed_required(comparer: &Comparer<'_>, outcome: &Value) -> Option<String> {
    let error = outcome.get("error")?.as_str()?;
    let property = error.split("missing field `").nth(1)?.split('`').next()?;
    comparer.is_undescribed_required(property).then(|| property.to_owned())
}

/// The program's outcome in a few words.
fn describe(outcome: &Value) -> String {
    let kind = outcome["outcome"].as_str().unwrap_or("?");
    match (outcome.get("variant").and_then(Value::as_str), outcome.get("error")) {
        (Some(variant), _) => format!("{kind} `{variant}`"),
        (None, Some(Value::String(error))) => format!("{kind}: {error}"),
        (None, Some(error)) if !error.is_null() => format!("{kind}: {error}"),
        _ => match outcome.get("status") {
            Some(status) => format!("{kind} {status}"),
            None => kind.to_owned(),
        },
    }
}

/// The request that was sent, credentials redacted.
fn shown(exchanges: &[Exchange]) -> String {
    let Some(exchange) = exchanges.first() else { return String::new() };
    let redact = |text: &str| text.replace(oaswire_codegen::CONFORMANCE_CREDENTIAL, "<credential>");
    let mut text = format!("\n    {} {}", exchange.method, redact(&exchange.target));
    for (name, value) in &exchange.request_headers {
        let secret = ["authorization", "cookie", "proxy-authorization"].iter().any(|s| name.eq_ignore_ascii_case(s));
        let value = if secret { "<redacted>".to_owned() } else { redact(value) };
        let _ = write!(text, "\n    {name}: {value}");
    }
    if !exchange.request_body.is_empty() {
        let body = String::from_utf8_lossy(&exchange.request_body);
        let body: String = body.chars().take(400).collect();
        let _ = write!(text, "\n    {}", redact(&body));
    }
    text
}

/// The reports as a Markdown table, then each spec's failures.
pub fn table(reports: &[Report], shown_failures: usize) -> String {
    let mut out = String::from(
        "| spec | operations | called | accepted | responses | decoded | exact | skipped (Prism) | webhooks round-tripped |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in reports {
        match &r.broken {
            Some(_) => {
                let _ = writeln!(out, "| {} | {} | - | - | - | - | - (broken) | - | - |", r.spec, r.operations);
            }
            None => {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {}/{} |",
                    r.spec,
                    r.operations,
                    r.called,
                    r.accepted,
                    r.responses,
                    r.decoded,
                    r.exact,
                    r.skipped.len(),
                    r.webhooks_exact,
                    r.webhooks
                );
            }
        }
    }
    for r in reports {
        if let Some(reason) = &r.broken {
            let _ = writeln!(out, "\n{}: broken: {reason}", r.spec);
        }
        if !r.skipped.is_empty() {
            let _ = writeln!(
                out,
                "\n{}: {} response(s) Prism could not produce as the spec says:",
                r.spec,
                r.skipped.len()
            );
            for skipped in r.skipped.iter().take(shown_failures) {
                let _ = writeln!(out, "  {skipped}");
            }
        }
        for (op, reason) in &r.unexercised {
            let _ = writeln!(out, "\n{}: `{op}`: Prism cannot judge all of it: {reason}", r.spec);
        }
        if !r.failures.is_empty() {
            let _ = writeln!(out, "\n{}: {} failure(s)", r.spec, r.failures.len());
            for failure in r.failures.iter().take(shown_failures) {
                let _ = writeln!(out, "  {failure}");
            }
            if r.failures.len() > shown_failures {
                let _ = writeln!(
                    out,
                    "  … {} more (see target/conformance/*/failures.txt)",
                    r.failures.len() - shown_failures
                );
            }
        }
    }
    out
}

/// The default specs: the project's, the real ones in `../shared/specs`, and the wire cases.
pub fn default_specs(root: &Path) -> Result<Vec<PathBuf>, Failure> {
    let mut specs = vec![root.join(crate::SPEC)];
    for dir in ["../shared/specs", "../shared/cases/wire"] {
        let dir = root.join(dir);
        if dir.exists() {
            specs.extend(crate::corpus::specs(&dir)?);
        }
    }
    Ok(specs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prism_is_not_given_the_header_parameters_openapi_ignores() {
        let spec = json!({
            "paths": {"/mcp": {
                "parameters": [{"$ref": "#/components/parameters/ContentType"}],
                "post": {"parameters": [
                    {"name": "Accept", "in": "header", "schema": {"enum": ["application/json", "text/event-stream"]}},
                    {"name": "accept", "in": "query", "schema": {"type": "string"}},
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
                ]}
            }},
            "components": {"parameters": {"ContentType": {"name": "content-type", "in": "header"}}}
        });
        let copy = prism_copy(&spec);
        assert_eq!(copy.pointer("/paths/~1mcp/parameters"), Some(&json!([])));
        let names: Vec<&str> = copy
            .pointer("/paths/~1mcp/post/parameters")
            .and_then(Value::as_array)
            .unwrap()
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(names, ["accept", "X-Trace"]);
    }

    #[test]
    fn an_xml_body_read_as_text_is_prism_s_blind_spot_and_nothing_else_is() {
        // Prism's words for a Galaxy planet sent as `application/xml` (stoplightio/prism#2050).
        let xml = BlindSpots { multipart: Vec::new(), xml: Some("application/xml".to_owned()) };
        assert!(blind_spot("request.body: Request body must be object", &xml));
        assert!(blind_spot("Invalid request (UNPROCESSABLE_ENTITY); body: Request body must be object", &xml));
        // A property's complaint, or the same complaint on a JSON body, is still the client's.
        assert!(!blind_spot("request.body.name: Request body property name must be string", &xml));
        assert!(!blind_spot("request.body: Request body must be object", &BlindSpots::default()));
    }
}
