//! BENCHMARKS.md from a [`Report`]: pure, so it is tested without running anything.

use std::fmt::Write as _;
use std::path::Path;

use super::stats::{Summary, duration, duration_cell, paired_ratios, ratio_cell};
use super::{CARGO_START_UP, Outcome, PeerOrigin, Report, Series};

/// What a generated crate's source holds: the things that cost compile time.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Counts {
    pub lines: usize,
    pub structs: usize,
    pub enums: usize,
    pub impls: usize,
    pub fns: usize,
    /// Traits named in `#[derive(...)]` attributes, and how many of them are serde's.
    pub derived: usize,
    pub serde_derived: usize,
}

impl Counts {
    /// Counts every `.rs` file below `dir`.
    pub fn of_dir(dir: &Path) -> Counts {
        let mut counts = Counts::default();
        let mut stack = vec![dir.to_owned()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    counts.add(&std::fs::read_to_string(&path).unwrap_or_default());
                }
            }
        }
        counts
    }

    /// Adds one file's source.
    pub fn add(&mut self, source: &str) {
        for line in source.lines() {
            self.lines += 1;
            let line = line.trim_start();
            let line = line.strip_prefix("pub(crate) ").or_else(|| line.strip_prefix("pub ")).unwrap_or(line);
            if line.starts_with("struct ") {
                self.structs += 1;
            } else if line.starts_with("enum ") {
                self.enums += 1;
            } else if line.starts_with("impl ") || line.starts_with("impl<") {
                self.impls += 1;
            } else if ["fn ", "async fn ", "const fn ", "unsafe fn "].iter().any(|p| line.starts_with(p)) {
                self.fns += 1;
            }
        }
        // Derive lists may span lines once formatted.
        for (at, _) in source.match_indices("#[derive(") {
            let list = &source[at + "#[derive(".len()..];
            let list = &list[..list.find(")]").unwrap_or(list.len())];
            for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                self.derived += 1;
                if name.ends_with("Serialize") || name.ends_with("Deserialize") {
                    self.serde_derived += 1;
                }
            }
        }
    }
}

fn summary(samples: &[f64]) -> Option<Summary> {
    Summary::of(samples)
}

fn cell(samples: &[f64]) -> String {
    summary(samples).map_or_else(|| "-".to_owned(), |s| duration_cell(&s))
}

fn ratio(a: &[f64], b: &[f64]) -> Option<Summary> {
    Summary::of(&paired_ratios(a, b))
}

fn ratio_text(a: &[f64], b: &[f64]) -> String {
    ratio(a, b).map_or_else(|| "-".to_owned(), |s| ratio_cell(&s))
}

/// Element-wise sums of series sampled in the same rounds.
fn sum(series: &[&[f64]]) -> Vec<f64> {
    let n = series.iter().map(|s| s.len()).min().unwrap_or(0);
    (0..n).map(|i| series.iter().map(|s| s[i]).sum()).collect()
}

fn verdict(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "met",
        Some(false) => "**missed**",
        None => "not measured",
    }
}

const SPECS: [&str; 3] = ["nexus.json", "api.github.com.json", "syncano.yaml"];
const PHASES: [(&str, &str); 5] = [
    ("load", "load (parse)"),
    ("validate", "validate"),
    ("lower", "lower (IR)"),
    ("emit", "emit (tokens)"),
    ("format", "format"),
];

impl Report {
    fn get(&self, group: &str, subject: &str, name: &str) -> Option<&Series> {
        self.series.get(&(group.to_owned(), subject.to_owned(), name.to_owned()))
    }

    fn samples(&self, group: &str, subject: &str, name: &str) -> &[f64] {
        self.get(group, subject, name).map_or(&[], |s| s.samples.as_slice())
    }

    fn process_outcome(&self, spec: &str, contender: &str) -> Option<&Outcome> {
        let (_, outcomes) = self.process.iter().find(|(s, _)| s == spec)?;
        outcomes.iter().find(|(c, _)| c == contender).map(|(_, o)| o)
    }

    /// A whole-process contender's samples, unless it failed or did not run.
    fn process_samples(&self, spec: &str, contender: &str) -> Option<&[f64]> {
        self.process_outcome(spec, contender).and_then(|o| o.as_deref().ok())
    }

    /// Floor samples per round: spec parse plus prettyplease over our output.
    fn floor(&self, spec: &str) -> Vec<f64> {
        sum(&[self.samples("floor", spec, "parse"), self.samples("floor", spec, "format")])
    }
}

/// The whole of BENCHMARKS.md.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# Benchmarks\n");
    let _ = writeln!(
        w,
        "Written by `{}` on {}; do not edit by hand. Every number below comes from that one run. \
         Each figure is the median, with the minimum–maximum in brackets; ratios are computed round by round \
         from contenders run alternately in the same run (median of the per-round ratios, with their range), \
         so the noise of a shared machine hits both sides alike. That is why the in-process timings use a \
         round-robin harness of this project's own (`bench/`) rather than criterion or divan, which the issue \
         named: both take one benchmark's samples all together (after its warm-up), so a burst of load from \
         another job lands on one contender and moves the ratio.\n",
        report.command, report.date
    );
    let _ = writeln!(w, "## Machine\n\n| | |\n|---|---|");
    for (key, value) in &report.machine {
        let _ = writeln!(w, "| {key} | {value} |");
    }
    let _ = writeln!(
        w,
        "\nThe machine is shared (another engineer's builds and a fuzzer run beside the bench), so absolute times are noisy; the ratios are the figures to read.\n"
    );

    let _ = writeln!(w, "## Run time\n\n| step | wall time |\n|---|---|");
    for (step, time) in &report.steps {
        let _ = writeln!(w, "| {step} | {:.0} s |", time.as_secs_f64());
    }
    let _ = writeln!(w, "| **total** | **{:.0} s** |\n", report.total.as_secs_f64());
    for peer in &report.peers {
        let _ = match &peer.origin {
            PeerOrigin::Installed(time) => writeln!(
                w,
                "- {}: installed into `.tools/peers/` in this run (`cargo install --locked`), in {:.0} s, beside the other builds.",
                peer.name,
                time.as_secs_f64()
            ),
            PeerOrigin::Tools => {
                writeln!(w, "- {}: in `.tools/peers/` from an earlier run, so not installed again.", peer.name)
            }
            PeerOrigin::CargoHome(home) => writeln!(
                w,
                "- {}: already installed by `cargo install` in `{}`, at the pinned version, so used from there.",
                peer.name,
                home.display()
            ),
        };
    }
    let _ = writeln!(w);

    targets(w, report);
    phases(w, report);
    floor(w, report);
    peers(w, report);
    compile(w, report);
    client(w, report);
    memory(w, report);

    findings(w);
    if !report.notes.is_empty() {
        let _ = writeln!(w, "## Notes\n");
        for note in &report.notes {
            let _ = writeln!(w, "- {note}");
        }
        let _ = writeln!(w);
    }
    out
}

/// What profiling showed about the targets this bench tends to miss, and what was done. Written by
/// hand from `perf record` sessions; its few figures are counts from those sessions, not timings
/// of this run, which are the tables above.
fn findings(w: &mut String) {
    let _ = writeln!(
        w,
        "## What the profiles showed\n\n\
         Read with the tables above; a target that is met makes its paragraph moot.\n\n\
         - **Whole-process generation against the peers.** `perf record` of `xtask generate` on GitHub's spec \
         (1.44 s in the previous run) found three hot spots, now fixed: (1) the position index of the spec, built \
         to put a line and column on a dozen warnings, stored a pointer string for every one of the spec's nodes; \
         it now indexes only the pointers a report names and their ancestors, and skips every other subtree; \
         (2) checking examples against their schemas compiled a JSON Schema validator per example, 2,288 of them, \
         re-translating the component schemas each time; validators are now keyed by the translated schema (or \
         the `$ref` target), 807 compiles, with each component translated once; (3) glibc's allocator \
         (`_int_malloc`, `_int_free`, `malloc_consolidate`) was the largest single cost, so the `xtask` binary now \
         uses mimalloc (peak RSS grows, see section 6). Also: `oaswire_codegen::generate` emits and formats the files from \
         the IR while validation still runs (the files are dropped if validation finds an error), with the files \
         taken as jobs by two threads, largest first; and every dependency is optimized in the dev build that \
         `cargo xtask` runs. Output stayed byte-identical (snapshot tests, `cargo xtask codegen --check`, and the \
         nexus and GitHub clients and warnings compared with the previous build). What is left is the floor: \
         `format` costs what prettyplease alone costs (section 2). `cargo xtask generate` adds cargo's own \
         start-up, timed alone in the targets table. Timestamps from `CARGO_LOG=cargo=debug` put most of it in \
         resolving the workspace's locked dependency graph against the registry index cache, before cargo \
         checks that the build is fresh; that grows with the packages locked (302 in this workspace; `xtask` \
         builds 86, and 64 of those are jsonschema's tree, which checks examples). `cargo run` in an empty \
         project takes about 30 ms here, and `cargo progenitor`, an installed binary that cargo only \
         dispatches to, about 20 ms. With progenitor's whole run at 0.6 to 0.7 s, the 0.2× budget is about \
         what cargo's start-up alone costs, so only the binary can meet that target.\n\
         - **Compile time of the generated crates.** The earlier runs timed a rebuild of an unchanged crate with \
         incremental compilation on, which mostly replays rustc's cache; they now time a full compile of the \
         crate (section 4). The rustc pass profile there says where the time goes: our clients have more items \
         (an error enum per operation, a parameter struct per operation with query parameters, an enum per \
         inline string enum) and more derives (`Debug`, `Clone`, `PartialEq` beside serde's), so macro expansion \
         and borrow checking (more `async fn`s) cost more than in progenitor's; progenitor's client spends far \
         more in monomorphization and LLVM (generic builder code), and in type checking. Left: sharing one error \
         enum among operations whose documented errors are the same (on nexus, 190 operations share one shape) \
         would cut expansion further, but a shared enum's name would change when one operation's errors change, \
         a break the IR-level API change report (`cargo xtask diff`) cannot see, so it needs a design of its own.\n\
         - **Client overhead.** The generated transport used to clone and build each request once to learn \
         whether it is idempotent, and cloned the response headers; it now builds the request once, reads the \
         method from it, takes the headers, and sizes the body buffer from `Content-Length`. What is left per \
         request is a clone kept for a retry (connection failures are retried for every method), the path built \
         from encoded segments, and the copy of the body into one buffer under the size limit: the features \
         (retries, encoded path parameters, a size limit, whole responses in errors) that the hand-written \
         call does without.\n"
    );
}

/// A row that splits `cargo xtask generate` into the binary and cargo's start-up, with the
/// budget the 0.2× target leaves: medians of the same rotation.
fn cargo_start_up(w: &mut String, report: &Report) {
    let median = |contender: &str| report.process_samples("nexus.json", contender).and_then(summary);
    let (Some(start_up), Some(binary), Some(progenitor)) =
        (median(CARGO_START_UP), median("ours (xtask binary)"), median("cargo progenitor"))
    else {
        return;
    };
    let _ = writeln!(
        w,
        "| nexus.json whole-process, for the two rows above: {CARGO_START_UP} | {} (0.2× cargo progenitor is {}; \
         the binary takes {}) | cargo's own |",
        duration_cell(&start_up),
        duration(0.2 * progenitor.median),
        duration(binary.median)
    );
}

fn targets(w: &mut String, report: &Report) {
    let _ = writeln!(w, "## Targets\n\n| target | measured | verdict |\n|---|---|---|");
    // The binary is what the generator costs; `cargo xtask generate` adds cargo's own start-up
    // (resolving the workspace, checking that the build is fresh), which is how users run it.
    for contender in ["ours (xtask binary)", "ours (`cargo xtask generate`)"] {
        let ours = report.process_samples("nexus.json", contender);
        for (peer, limit) in [("cargo progenitor", 0.2), ("openapi-to-rust", 0.5)] {
            let (measured, met) = match (ours, report.process_outcome("nexus.json", peer)) {
                (Some(ours), Some(Ok(peer))) => match ratio(ours, peer) {
                    Some(r) => (ratio_cell(&r), Some(r.median <= limit)),
                    None => ("-".to_owned(), None),
                },
                (_, Some(Err(e))) => (format!("{peer} fails: {e}"), None),
                _ => ("-".to_owned(), None),
            };
            let _ = writeln!(
                w,
                "| nexus.json whole-process: {contender} ≤ {limit}× {peer} | {measured} | {} |",
                verdict(met)
            );
        }
    }
    cargo_start_up(w, report);
    for spec in SPECS {
        let total = report.samples("phases", spec, "total");
        let r = ratio(total, &report.floor(spec));
        let _ = writeln!(
            w,
            "| {spec} in-process: generation ≤ 3× the floor | {} | {} |",
            r.map_or_else(|| "-".to_owned(), |r| ratio_cell(&r)),
            verdict(r.map(|r| r.median <= 3.0))
        );
    }
    for contender in ["ours (xtask binary)", "ours (`cargo xtask generate`)"] {
        let s = report.process_samples("api.github.com.json", contender).and_then(summary);
        let _ = writeln!(
            w,
            "| api.github.com.json generates in < 1 s wall, {contender} | {} | {} |",
            s.map_or_else(|| "-".to_owned(), |s| duration_cell(&s)),
            verdict(s.map(|s| s.median < 1e9))
        );
    }
    for (spec, rows) in &report.compile {
        let Some(ours) = rows.iter().find(|r| r.generator == "ours") else { continue };
        for peer in rows.iter().filter(|r| r.generator != "ours") {
            for (verb, a, b) in [("check", &ours.check, &peer.check), ("build", &ours.build, &peer.build)] {
                let (measured, met) = match (a, b) {
                    (Ok(a), Ok(b)) => match ratio(a, b) {
                        Some(r) => (ratio_cell(&r), Some(r.median <= 1.0)),
                        None => ("-".to_owned(), None),
                    },
                    (Err(e), _) => (format!("ours fails: {e}"), Some(false)),
                    (_, Err(e)) => (format!("{} fails: {e}", peer.generator), None),
                };
                let _ = writeln!(
                    w,
                    "| {spec} client: `cargo {verb}` no slower than {}'s (ours / theirs ≤ 1) | {measured} | {} |",
                    peer.generator,
                    verdict(met)
                );
            }
        }
    }
    let r = ratio(
        report.samples("client", "get_script", "generated"),
        report.samples("client", "get_script", "hand-written"),
    );
    let _ = writeln!(
        w,
        "| client overhead: generated / hand-written ≤ 1.05 | {} | {} |\n",
        r.map_or_else(|| "-".to_owned(), |r| ratio_cell(&r)),
        verdict(r.map(|r| r.median <= 1.05))
    );
}

fn phases(w: &mut String, report: &Report) {
    let _ = writeln!(
        w,
        "## 1. Generation time by phase (in-process)\n\n\
         `oaswire_codegen::phases`, the steps `oaswire_codegen::generate` composes, timed one by one in a release build \
         (`bench/`). Load includes parsing the spec twice (a raw JSON tree for locations and the typed model); \
         lower includes merging, locating and sorting diagnostics. The phases run one after another here; \
         `oaswire_codegen::generate` runs validation on a second thread while the files are emitted and formatted from \
         the IR, the files taken as jobs by two threads, so `load + generate` (timed in the same rounds, same output checked) is what users get and \
         what the floor and the peers are compared with.\n"
    );
    let _ = write!(w, "| spec |");
    for (_, title) in PHASES {
        let _ = write!(w, " {title} |");
    }
    let _ = writeln!(
        w,
        " sum of phases | load + `generate` | output lines | rounds |\n|---|---|---|---|---|---|---|---|---|---|"
    );
    for spec in SPECS {
        let _ = write!(w, "| {spec} |");
        for (phase, _) in PHASES {
            let _ = write!(w, " {} |", cell(report.samples("phases", spec, phase)));
        }
        let total = report.get("phases", spec, "total");
        let _ = writeln!(
            w,
            " {} | {} | {} | {} |",
            cell(report.samples("phases", spec, "sum")),
            cell(report.samples("phases", spec, "total")),
            total.and_then(|t| t.lines).map_or_else(|| "-".to_owned(), |l| l.to_string()),
            total.map_or(0, |t| t.samples.len())
        );
    }
    let _ = writeln!(w);
}

fn floor(w: &mut String, report: &Report) {
    let _ = writeln!(
        w,
        "## 2. The floor\n\n\
         What any generator must at least do: parse the spec into `openapiv3::OpenAPI` (serde_json, or serde_yaml_ng \
         for YAML), and pretty-print output of the same size (`prettyplease::unparse(&syn::parse_file(..))` over our \
         own generated files). Measured in the same rounds as section 1.\n\n\
         | spec | spec parse | prettyplease over our output | floor | ours | ours / floor |\n|---|---|---|---|---|---|"
    );
    for spec in SPECS {
        let floor = report.floor(spec);
        let ours = report.samples("phases", spec, "total");
        let _ = writeln!(
            w,
            "| {spec} | {} | {} | {} | {} | {} |",
            cell(report.samples("floor", spec, "parse")),
            cell(report.samples("floor", spec, "format")),
            cell(&floor),
            cell(ours),
            ratio_text(ours, &floor)
        );
    }
    let _ = writeln!(w);
}

fn peers(w: &mut String, report: &Report) {
    let _ = writeln!(
        w,
        "## 3. Peers on the same specs\n\n\
         ### In-process: ours against progenitor-impl 0.15.1\n\n\
         progenitor-impl as a library (`Generator::generate_tokens`, then `syn::parse2` and prettyplease), \
         including its spec parse, against ours from load to format. Alternated round by round.\n\n\
         | spec | ours | progenitor-impl | ours / progenitor | progenitor's lines |\n|---|---|---|---|---|"
    );
    for spec in SPECS {
        let ours = report.samples("phases", spec, "total");
        let Some(progenitor) = report.get("peers", spec, "progenitor") else { continue };
        match &progenitor.error {
            Some(error) => {
                let _ = writeln!(w, "| {spec} | {} | {error} | - | - |", cell(ours));
            }
            None => {
                let _ = writeln!(
                    w,
                    "| {spec} | {} | {} | {} | {} |",
                    cell(ours),
                    cell(&progenitor.samples),
                    ratio_text(ours, &progenitor.samples),
                    progenitor.lines.map_or_else(|| "-".to_owned(), |l| l.to_string())
                );
            }
        }
    }
    let _ = writeln!(
        w,
        "\n### Whole process\n\n\
         Wall time of each command, from start to exit, output folder emptied before each run, the commands \
         run in turn (who goes first rotates). `ours (xtask binary)` runs the built `xtask` binary directly \
         (what `cargo xtask` runs, without cargo's own start-up); `ours (cargo xtask generate)` is the command \
         as users type it. `cargo progenitor` formats with rustfmt, as its CLI does.\n\n\
         | spec | command | wall time | runs | ours (xtask binary) / this |\n|---|---|---|---|---|"
    );
    for (spec, outcomes) in &report.process {
        let ours = report.process_samples(spec, "ours (xtask binary)");
        for (contender, outcome) in outcomes {
            match outcome {
                Ok(samples) => {
                    let r = ours.map_or_else(|| "-".to_owned(), |ours| ratio_text(ours, samples));
                    let _ = writeln!(w, "| {spec} | {contender} | {} | {} | {r} |", cell(samples), samples.len());
                }
                Err(error) => {
                    let _ = writeln!(w, "| {spec} | {contender} | fails: {error} | - | - |");
                }
            }
        }
    }
    let _ = writeln!(w);
}

fn compile(w: &mut String, report: &Report) {
    let _ = writeln!(
        w,
        "## 4. Compile cost of the generated crates\n\n\
         Each client in one scratch workspace with one target dir; every crate and its dependencies are built \
         once first, then each timed run touches the crate's `lib.rs` and runs `cargo check -p` or \
         `cargo build -p` (debug) with incremental compilation off, so the crate itself, and only it, compiles \
         in full, as on a first build or in CI. (With incremental compilation, an unchanged crate is mostly \
         replayed from cache, which measures the cache rather than the code.) Ours and the peer alternate; `runs` is how many timed runs each had \
         (GitHub's clients get one: each of their builds takes minutes here). \
         The times include cargo's own start-up, the same for both.\n\n\
         | spec | crate | lines | structs | enums | impls | fns | derived traits (serde's) | `cargo check` | `cargo build` | runs |\n\
         |---|---|---|---|---|---|---|---|---|---|---|"
    );
    let outcome = |o: &Outcome| match o {
        Ok(samples) => cell(samples),
        Err(e) => format!("fails: {e}"),
    };
    for (spec, rows) in &report.compile {
        for row in rows {
            let c = &row.counts;
            let _ = writeln!(
                w,
                "| {spec} | {} ({}) | {} | {} | {} | {} | {} | {} ({}) | {} | {} | {} |",
                row.name,
                row.generator,
                c.lines,
                c.structs,
                c.enums,
                c.impls,
                c.fns,
                c.derived,
                c.serde_derived,
                outcome(&row.check),
                outcome(&row.build),
                row.check.as_ref().map_or(0, Vec::len)
            );
        }
        if let Some(ours) = rows.iter().find(|r| r.generator == "ours") {
            for peer in rows.iter().filter(|r| r.generator != "ours") {
                if let (Ok(a), Ok(b), Ok(c), Ok(d)) = (&ours.check, &peer.check, &ours.build, &peer.build) {
                    let _ = writeln!(
                        w,
                        "| {spec} | ours / {} | {:.2}× | | | | | | {} | {} | |",
                        peer.generator,
                        ours.counts.lines as f64 / peer.counts.lines.max(1) as f64,
                        ratio_text(a, b),
                        ratio_text(c, d)
                    );
                }
            }
        }
    }
    passes(w, report);
    let _ = writeln!(
        w,
        "\nWhat drives compile time: rustc's time on a generated client grows with the code the derives expand to \
         (each serde `Serialize`/`Deserialize` derive becomes a visitor with a match arm per field), with the number \
         of `async fn`s (each a state machine to type-check and lay out), and with the lines of plain code. \
         The counts above are those inputs, per crate.\n"
    );
}

/// The rustc pass profile of each compiled crate, ours beside the peer's.
fn passes(w: &mut String, report: &Report) {
    for (spec, rows) in &report.compile {
        let Some(ours) = rows.iter().find(|r| r.generator == "ours") else { continue };
        for peer in rows.iter().filter(|r| r.generator != "ours") {
            let _ = writeln!(
                w,
                "\nWhere rustc spends one debug build of the {spec} clients (`cargo rustc -p CRATE -- -Z time-passes`, \
                 one run each; nested passes overlap, so they do not add up to the total):\n\n\
                 | rustc pass | {} | {} | ours / theirs |\n|---|---|---|---|",
                ours.name, peer.name
            );
            let (Ok(a), Ok(b)) = (&ours.passes, &peer.passes) else {
                let error = [&ours.passes, &peer.passes].into_iter().find_map(|p| p.as_ref().err()).cloned();
                let _ = writeln!(w, "| - | {} | | |", error.unwrap_or_default());
                continue;
            };
            for pass in super::PASSES {
                let find = |list: &[(String, f64)]| list.iter().find(|(p, _)| p == pass).map(|(_, s)| *s);
                let (x, y) = (find(a), find(b));
                let seconds = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2} s"));
                let ratio = match (x, y) {
                    (Some(x), Some(y)) if y > 0.0 => format!("{:.2}×", x / y),
                    _ => "-".to_owned(),
                };
                let _ = writeln!(w, "| `{pass}` | {} | {} | {ratio} |", seconds(x), seconds(y));
            }
        }
    }
}

fn client(w: &mut String, report: &Report) {
    let generated = report.get("client", "get_script", "generated");
    let hand = report.get("client", "get_script", "hand-written");
    let _ = writeln!(
        w,
        "## 5. Client overhead\n\n\
         `get_script` through the generated `syncano-client` against the same GET written by hand with reqwest \
         (same `reqwest::Client`, same `X-API-KEY` header, the body read whole and decoded with serde_json into \
         the same `Script`), both against a loopback keep-alive HTTP/1.1 server on its own thread that answers fixed \
         bytes. One tokio current-thread runtime; each sample is the mean of a batch of 200 requests; the two \
         clients alternate batch by batch. Allocations are counted by a counting global allocator on the client's \
         thread only.\n\n\
         | client | per request | allocations per request | batches |\n|---|---|---|---|"
    );
    for (name, series) in [("generated", generated), ("hand-written reqwest", hand)] {
        let Some(series) = series else { continue };
        let _ = writeln!(
            w,
            "| {name} | {} | {} | {} |",
            cell(&series.samples),
            series.allocs.map_or_else(|| "-".to_owned(), |a| format!("{a:.1}")),
            series.samples.len()
        );
    }
    if let (Some(g), Some(h)) = (generated, hand) {
        let _ = writeln!(w, "| generated / hand-written | {} | | |", ratio_text(&g.samples, &h.samples));
    }
    let _ = writeln!(w);
}

fn memory(w: &mut String, report: &Report) {
    let _ = writeln!(
        w,
        "## 6. Memory\n\nPeak resident set size of one run on api.github.com.json, from GNU time (`%M`).\n\n\
         | command | peak RSS |\n|---|---|"
    );
    for (contender, outcome) in &report.memory {
        let text = match outcome {
            Ok(kib) => format!("{:.0} MB", *kib as f64 * 1024.0 / 1e6),
            Err(e) => format!("fails: {e}"),
        };
        let _ = writeln!(w, "| {contender} | {text} |");
    }
    let _ = writeln!(w);
    let _ = duration; // keeps the import used when every section is empty
}

#[cfg(test)]
mod tests {
    use super::super::CompileRow;
    use super::*;

    fn series(samples: &[f64]) -> Series {
        Series { samples: samples.to_vec(), ..Series::default() }
    }

    fn key(group: &str, subject: &str, name: &str) -> (String, String, String) {
        (group.to_owned(), subject.to_owned(), name.to_owned())
    }

    #[test]
    fn counts_items_and_multi_line_derives() {
        let mut c = Counts::default();
        c.add("#[derive(\n    Debug,\n    serde::Serialize,\n    serde::Deserialize,\n)]\npub struct A {}\nenum B {}\nimpl A {\n    pub async fn f() {}\n}\n");
        assert_eq!((c.lines, c.structs, c.enums, c.impls, c.fns), (10, 1, 1, 1, 1));
        assert_eq!((c.derived, c.serde_derived), (3, 2));
    }

    #[test]
    fn reads_rustc_pass_timings() {
        let stderr = "time:   0.003; rss:   44MB ->   53MB (   +8MB)\tmacro_expand_crate\n\
                      time:   1.250; rss:   57MB ->   67MB (  +10MB)\ttype_check_crate\n\
                      time:   0.010; rss:   57MB ->   67MB (  +10MB)\ttype_check_crate\n\
                      time:   2.063; rss:   28MB ->   68MB (  +40MB)\ttotal\n";
        let passes = super::super::parse_time_passes(stderr);
        let expected = [("macro_expand_crate", 0.003), ("type_check_crate", 1.25), ("total", 2.063)];
        assert_eq!(passes, expected.map(|(p, s)| (p.to_owned(), s)));
    }

    #[test]
    fn targets_follow_the_measured_ratios() {
        let mut report = Report::default();
        // Ours takes 1 s on nexus, progenitor 10 s (met: 0.1 ≤ 0.2), openapi-to-rust 1.6 s (missed: 0.625 > 0.5).
        report.process.push((
            "nexus.json".to_owned(),
            vec![
                ("ours (xtask binary)".to_owned(), Ok(vec![1e9, 1e9, 1e9])),
                ("cargo progenitor".to_owned(), Ok(vec![1e10, 1e10, 1e10])),
                ("openapi-to-rust".to_owned(), Ok(vec![1.6e9, 1.6e9, 1.6e9])),
                (super::super::CARGO_START_UP.to_owned(), Ok(vec![3e8, 3e8, 3e8])),
            ],
        ));
        report
            .process
            .push(("api.github.com.json".to_owned(), vec![("cargo progenitor".to_owned(), Err("boom".to_owned()))]));
        report.series.insert(key("phases", "nexus.json", "total"), series(&[4e6, 4e6]));
        report.series.insert(key("floor", "nexus.json", "parse"), series(&[1e6, 1e6]));
        report.series.insert(key("floor", "nexus.json", "format"), series(&[1e6, 1e6]));
        report.series.insert(key("client", "get_script", "generated"), series(&[110.0]));
        report.series.insert(key("client", "get_script", "hand-written"), series(&[100.0]));
        report.compile.push((
            "nexus.json".to_owned(),
            vec![
                CompileRow {
                    name: "ours-nexus".to_owned(),
                    generator: "ours".to_owned(),
                    counts: Counts::default(),
                    check: Ok(vec![2e9]),
                    build: Err("error[E0308]: mismatched types".to_owned()),
                    passes: Ok(vec![("type_check_crate".to_owned(), 1.5), ("total".to_owned(), 3.0)]),
                },
                CompileRow {
                    name: "progenitor-nexus".to_owned(),
                    generator: "progenitor".to_owned(),
                    counts: Counts::default(),
                    check: Ok(vec![4e9]),
                    build: Ok(vec![5e9]),
                    passes: Ok(vec![("type_check_crate".to_owned(), 0.5), ("total".to_owned(), 2.0)]),
                },
            ],
        ));
        let text = markdown(&report);
        let line = |needle: &str| text.lines().find(|l| l.contains(needle)).unwrap_or_default().to_owned();
        assert!(line("ours (xtask binary) ≤ 0.2× cargo progenitor").ends_with("| 0.10× (0.10–0.10) | met |"), "{text}");
        assert!(
            line("ours (xtask binary) ≤ 0.5× openapi-to-rust").ends_with("| 0.62× (0.62–0.62) | **missed** |"),
            "{text}"
        );
        assert!(line("`cargo xtask generate`) ≤ 0.2×").ends_with("| - | not measured |"), "{text}");
        assert!(
            line("for the two rows above").contains(
                "| 300.0 ms (300.0 ms–300.0 ms) (0.2× cargo progenitor is 2.00 s; the binary takes 1.00 s) |"
            ),
            "{text}"
        );
        assert!(line("nexus.json in-process").ends_with("| 2.00× (2.00–2.00) | met |"), "{text}");
        assert!(line("syncano.yaml in-process").ends_with("| - | not measured |"), "{text}");
        assert!(line("`cargo check` no slower").ends_with("| 0.50× (0.50–0.50) | met |"), "{text}");
        assert!(line("`cargo build` no slower").contains("ours fails: error[E0308]"), "{text}");
        assert!(line("`cargo build` no slower").ends_with("| **missed** |"), "{text}");
        assert!(line("client overhead").ends_with("| 1.10× (1.10–1.10) | **missed** |"), "{text}");
        assert!(text.contains("| api.github.com.json | cargo progenitor | fails: boom | - | - |"), "{text}");
        assert!(line("| `type_check_crate` |").ends_with("| 1.50 s | 0.50 s | 3.00× |"), "{text}");
        assert!(line("| `total` |").ends_with("| 3.00 s | 2.00 s | 1.50× |"), "{text}");
        assert!(line("| `LLVM_passes` |").ends_with("| - | - | - |"), "{text}");
    }
}
