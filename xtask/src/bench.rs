//! `cargo xtask bench`: times generation against the floor and the peers, the generated crates'
//! compile cost, the client's overhead and peak memory, and writes BENCHMARKS.md.
//!
//! The machine this runs on is shared and noisy, so every comparison alternates its contenders
//! run by run, and every ratio comes from samples taken in the same run.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::Failure;

pub mod render;
pub mod stats;

/// The peers, pinned: crate, version, binary.
pub const PEERS: [(&str, &str, &str); 2] =
    [("cargo-progenitor", "0.15.1", "cargo-progenitor"), ("openapi-to-rust", "0.23.0", "openapi-to-rust")];

/// The whole-process contender that times `cargo xtask` doing nothing.
pub const CARGO_START_UP: &str = "cargo's start-up alone (`cargo xtask help`)";

/// How much to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Rounds of the in-process generation bench.
    pub rounds: usize,
    /// Runs of each whole-process command.
    pub process_runs: usize,
    /// Runs of each compile measurement.
    pub compile_runs: usize,
    /// Whether to compile the GitHub clients too (off by default: minutes per build).
    pub github_compile: bool,
    /// Batches of the client bench.
    pub client_rounds: usize,
}

impl Options {
    /// Parses `--quick`, `--github-compile` and `--compile-runs N`.
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut options =
            Options { rounds: 10, process_runs: 10, compile_runs: 3, github_compile: false, client_rounds: 20 };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--quick" => {
                    options.rounds = 3;
                    options.compile_runs = 1;
                    options.github_compile = false;
                    options.client_rounds = 6;
                }
                "--github-compile" => options.github_compile = true,
                "--compile-runs" => {
                    options.compile_runs = args
                        .next()
                        .and_then(|v| v.parse().ok())
                        .filter(|n| *n > 0)
                        .ok_or("--compile-runs needs a positive number")?;
                }
                other => return Err(format!("unexpected argument `{other}`")),
            }
        }
        Ok(options)
    }
}

/// Everything one run measured; [`render::markdown`] turns it into BENCHMARKS.md.
#[derive(Debug, Default)]
pub struct Report {
    /// `nproc`, CPU, RAM, rustc.
    pub machine: Vec<(String, String)>,
    /// The command that ran.
    pub command: String,
    /// When it ran.
    pub date: String,
    /// Wall time of the whole run.
    pub total: Duration,
    /// Wall time of each step of the run, in order.
    pub steps: Vec<(String, Duration)>,
    /// The peers this run used, and where each came from.
    pub peers: Vec<Peer>,
    /// The in-process bench's series.
    pub series: BTreeMap<SeriesKey, Series>,
    /// Whole-process runs: spec, then each contender's outcome.
    pub process: Vec<(String, Vec<(String, Outcome)>)>,
    /// Peak RSS in KiB on GitHub's spec, by contender.
    pub memory: Vec<(String, Result<u64, String>)>,
    /// Compile cost: spec, then its crates.
    pub compile: Vec<(String, Vec<CompileRow>)>,
    /// How many runs each compile measurement had.
    pub compile_runs: usize,
    /// Parts skipped, and why.
    pub notes: Vec<String>,
}

/// A series' group (`phases`, `floor`, `peers`, `client`), subject (a spec) and name.
pub type SeriesKey = (String, String, String);

/// One series of the in-process bench.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Series {
    /// Nanoseconds.
    pub samples: Vec<f64>,
    /// Lines of the output, where it has one.
    pub lines: Option<u64>,
    /// Allocations per request, for the client bench.
    pub allocs: Option<f64>,
    /// Why there are no samples.
    pub error: Option<String>,
}

/// A contender's whole-process samples in nanoseconds, or why it failed.
pub type Outcome = Result<Vec<f64>, String>;

/// One generated crate's compile cost.
#[derive(Debug, Clone)]
pub struct CompileRow {
    /// The crate, e.g. `ours-nexus`.
    pub name: String,
    /// What generated it.
    pub generator: String,
    /// Counts of what its source holds.
    pub counts: render::Counts,
    /// `cargo check -p` and `cargo build -p` of the crate alone, dependencies already built.
    pub check: Outcome,
    pub build: Outcome,
    /// rustc's own time per pass (`-Z time-passes`) in one debug build of the crate, in seconds.
    pub passes: Result<Vec<(String, f64)>, String>,
}

/// The rustc passes the compile profile reports, in the order rustc runs them.
pub const PASSES: [&str; 7] = [
    "macro_expand_crate",
    "type_check_crate",
    "MIR_borrow_checking",
    "monomorphization_collector_graph_walk",
    "codegen_crate",
    "LLVM_passes",
    "total",
];

/// The seconds of each of [`PASSES`] in rustc's `-Z time-passes` output (the first line of each).
pub fn parse_time_passes(stderr: &str) -> Vec<(String, f64)> {
    PASSES
        .iter()
        .filter_map(|pass| {
            let line = stderr.lines().find(|l| l.starts_with("time:") && l.rsplit('\t').next() == Some(*pass))?;
            let seconds = line.strip_prefix("time:")?.split(';').next()?.trim().parse().ok()?;
            Some(((*pass).to_owned(), seconds))
        })
        .collect()
}

/// Runs the whole suite and writes BENCHMARKS.md at the workspace root.
pub fn run(root: &Path, options: &Options, command: &str) -> Result<(), Failure> {
    let started = Instant::now();
    let mut report = Report {
        machine: machine(),
        command: command.to_owned(),
        date: capture(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])).unwrap_or_default(),
        compile_runs: options.compile_runs,
        ..Report::default()
    };
    let shared = root.join("../shared/specs/oxide");
    let nexus = shared.join("nexus.json");
    let github = shared.join("api.github.com.json");
    for spec in [&nexus, &github] {
        if !spec.exists() {
            return Err(Failure::Io(format!(
                "{} is missing; the bench reads ../shared beside the repo",
                spec.display()
            )));
        }
    }
    let syncano = root.join(crate::SPEC);
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let scratch = target.join("bench");
    let _ = fs::remove_dir_all(&scratch);
    fs::create_dir_all(&scratch).map_err(|e| Failure::Io(format!("cannot create {}: {e}", scratch.display())))?;

    let xtask = std::env::current_exe().map_err(|e| Failure::Io(format!("cannot find the xtask binary: {e}")))?;
    let compile_specs: Vec<(&str, &Path)> = if options.github_compile {
        vec![("nexus.json", &nexus), ("api.github.com.json", &github)]
    } else {
        report.notes.push(
            "The GitHub clients' compile cost was not measured in this run: each of their builds takes minutes \
             here, which would take the suite past its 15-minute budget. `cargo xtask bench --github-compile` adds it \
             (ours against openapi-to-rust, one timed run each)."
                .to_owned(),
        );
        vec![("nexus.json", &nexus)]
    };

    // Nothing is timed yet, so everything that only builds runs side by side: the peers' installs
    // (when needed), then the generated crates with their dependencies, beside the bench crate's
    // release build. Each cargo leaves cores idle while it links or waits on one crate.
    let step = Instant::now();
    eprintln!("bench: building the bench crate (release) and the generated crates, installing the peers if needed");
    let manifest = root.join("bench/Cargo.toml");
    let ([progenitor, openapi_to_rust], built, compile_work) = std::thread::scope(|scope| {
        let bench_crate = scope.spawn(|| {
            run_quiet(
                Command::new(env!("CARGO"))
                    .args(["build", "--release", "--quiet", "--locked", "--manifest-path"])
                    .arg(&manifest)
                    .env("CARGO_TARGET_DIR", &target),
                "build the bench crate",
            )
        });
        let peers = PEERS.map(|peer| scope.spawn(move || provide_peer(root, peer))).map(join);
        let compile_work = match &peers {
            [Ok(progenitor), Ok(openapi_to_rust)] => {
                let tools =
                    CompileTools { xtask: &xtask, progenitor: &progenitor.bin, openapi_to_rust: &openapi_to_rust.bin };
                compile_specs
                    .iter()
                    .map(|(name, spec)| {
                        // GitHub's clients take minutes per build here: one timed run each keeps the suite in budget.
                        let runs = if *name == "nexus.json" { options.compile_runs } else { 1 };
                        prepare_compile(
                            name,
                            spec,
                            &tools,
                            &scratch.join("compile"),
                            &target.join("bench-compile"),
                            runs,
                        )
                    })
                    .collect::<Result<Vec<_>, Failure>>()
            }
            _ => Ok(Vec::new()),
        };
        (peers, join(bench_crate), compile_work)
    });
    let (progenitor, openapi_to_rust) = (progenitor?, openapi_to_rust?);
    built?;
    let compile_work = compile_work?;
    report.steps.push((
        "build the bench crate (release) and the generated crates with their dependencies; install the peers unless \
         already installed"
            .to_owned(),
        step.elapsed(),
    ));
    report.peers = vec![progenitor.clone(), openapi_to_rust.clone()];
    let (progenitor, openapi_to_rust) = (progenitor.bin, openapi_to_rust.bin);

    let bench_bin = target.join("release/codegen-bench");

    let step = Instant::now();
    eprintln!("bench: generation in-process ({} rounds)", options.rounds);
    let mut phases = Command::new(&bench_bin);
    phases.args(["phases", "--rounds", &options.rounds.to_string()]).arg(&nexus).arg(&github).arg(&syncano);
    report.series.extend(parse_series(&capture_checked(&mut phases, "run the generation bench")?)?);
    report.steps.push(("in-process generation, floor and progenitor".to_owned(), step.elapsed()));

    let step = Instant::now();
    eprintln!("bench: client overhead ({} batches)", options.client_rounds);
    let mut client = Command::new(&bench_bin);
    client.args(["client", "--rounds", &options.client_rounds.to_string(), "--batch", "200"]);
    report.series.extend(parse_series(&capture_checked(&mut client, "run the client bench")?)?);
    report.steps.push(("client overhead".to_owned(), step.elapsed()));

    let step = Instant::now();
    for (name, spec) in [("nexus.json", &nexus), ("api.github.com.json", &github)] {
        eprintln!("bench: whole-process generation of {name} ({} runs each)", options.process_runs);
        let out = scratch.join("process");
        let mut contenders: Vec<(String, Command)> = vec![
            ("ours (xtask binary)".to_owned(), {
                let mut c = Command::new(&xtask);
                c.arg("generate").arg("--spec").arg(spec).arg("--out").arg(out.join("ours"));
                c
            }),
            ("ours (`cargo xtask generate`)".to_owned(), {
                let mut c = Command::new(env!("CARGO"));
                c.args(["xtask", "generate", "--spec"]).arg(spec).arg("--out").arg(out.join("ours")).current_dir(root);
                c
            }),
            ("cargo progenitor".to_owned(), progenitor_command(&progenitor, spec, &out.join("progenitor"), "nx")),
            ("openapi-to-rust".to_owned(), {
                let mut c = Command::new(&openapi_to_rust);
                c.arg("generate").arg(spec).arg("--output-dir").arg(out.join("o2r")).arg("--quiet");
                c
            }),
        ];
        if name == "nexus.json" {
            // What cargo adds to `cargo xtask generate`: the same start-up, running a command that
            // does nothing, in the same rotation.
            let mut c = Command::new(env!("CARGO"));
            c.args(["xtask", "help"]).current_dir(root);
            contenders.push((CARGO_START_UP.to_owned(), c));
        }
        let outcomes = alternate(contenders, options.process_runs, &out);
        report.process.push((name.to_owned(), outcomes));
    }
    report.steps.push(("whole-process generation".to_owned(), step.elapsed()));

    let step = Instant::now();
    eprintln!("bench: peak memory on GitHub's spec");
    let out = scratch.join("memory");
    report.memory = vec![
        ("ours (xtask binary)".to_owned(), {
            let mut c = Command::new(&xtask);
            c.arg("generate").arg("--spec").arg(&github).arg("--out").arg(out.join("ours"));
            peak_rss(c)
        }),
        ("cargo progenitor".to_owned(), peak_rss(progenitor_command(&progenitor, &github, &out.join("p"), "gh"))),
        ("openapi-to-rust".to_owned(), {
            let mut c = Command::new(&openapi_to_rust);
            c.arg("generate").arg(&github).arg("--output-dir").arg(out.join("o2r")).arg("--quiet");
            peak_rss(c)
        }),
    ];
    report.steps.push(("peak memory".to_owned(), step.elapsed()));

    let step = Instant::now();
    for work in compile_work {
        report.compile.push(time_compile(work)?);
    }
    report.steps.push(("compile cost of the generated crates (timed runs)".to_owned(), step.elapsed()));

    report.total = started.elapsed();
    let path = root.join("BENCHMARKS.md");
    fs::write(&path, render::markdown(&report))
        .map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))?;
    println!("wrote {} in {:.0} s", path.display(), report.total.as_secs_f64());
    Ok(())
}

/// `nproc`, the CPU model, RAM and rustc's version.
fn machine() -> Vec<(String, String)> {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim().to_owned()))
        .unwrap_or_else(|| "unknown".to_owned());
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let ram = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or_else(|| "unknown".to_owned(), |kib| format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0));
    let nproc = std::thread::available_parallelism().map_or_else(|_| "unknown".to_owned(), |n| n.to_string());
    let rustc = capture(Command::new("rustc").arg("-V")).unwrap_or_else(|| "unknown".to_owned());
    vec![
        ("nproc".to_owned(), nproc),
        ("CPU".to_owned(), cpu),
        ("RAM".to_owned(), ram),
        ("rustc".to_owned(), rustc),
        ("OS".to_owned(), capture(Command::new("uname").args(["-sr"])).unwrap_or_else(|| "unknown".to_owned())),
    ]
}

/// Where a peer is installed: `.tools/peers/NAME`, its own root, so installs can run side by
/// side (`cargo install` locks its root).
fn peer_root(root: &Path, name: &str) -> PathBuf {
    root.join(".tools/peers").join(name)
}

/// Where this run's copy of a peer came from.
#[derive(Debug, Clone, PartialEq)]
pub enum PeerOrigin {
    /// Installed into `.tools/peers/` by this run, in this long.
    Installed(Duration),
    /// Installed into `.tools/peers/` by an earlier run.
    Tools,
    /// Already installed by `cargo install` at the pinned version, in this cargo home.
    CargoHome(PathBuf),
}

/// A peer's binary at its pinned version.
#[derive(Debug, Clone)]
pub struct Peer {
    /// `crate version`.
    pub name: String,
    pub bin: PathBuf,
    pub origin: PeerOrigin,
}

/// Whether `cargo install --root ROOT` recorded installing `name` at `version` (its
/// `.crates.toml`), and the binary is still there.
pub fn installed_at(install_root: &Path, (name, version, bin): (&str, &str, &str)) -> Option<PathBuf> {
    let record = fs::read_to_string(install_root.join(".crates.toml")).ok()?;
    let bin = install_root.join("bin").join(bin);
    let recorded = record.lines().any(|line| line.starts_with(&format!("\"{name} {version} (registry+")));
    (recorded && bin.is_file()).then_some(bin)
}

/// The cargo home `cargo install` uses by default.
fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
}

/// A peer at its pinned version: from `.tools/peers/`, else from the cargo home when `cargo
/// install` already put that version there (compiling a peer from source takes 10 minutes here),
/// else installed into `.tools/peers/` now.
fn provide_peer(root: &Path, peer: (&str, &str, &str)) -> Result<Peer, Failure> {
    let (name, version, _) = peer;
    let label = format!("{name} {version}");
    let tools = peer_root(root, name);
    if let Some(bin) = installed_at(&tools, peer) {
        return Ok(Peer { name: label, bin, origin: PeerOrigin::Tools });
    }
    if let Some((home, bin)) = cargo_home().and_then(|home| installed_at(&home, peer).map(|bin| (home, bin))) {
        return Ok(Peer { name: label, bin, origin: PeerOrigin::CargoHome(home) });
    }
    let started = Instant::now();
    run_quiet(
        Command::new(env!("CARGO"))
            .args(["install", "--locked", "--quiet", "--root"])
            .arg(&tools)
            .args([name, "--version", version])
            .env_remove("CARGO_TARGET_DIR"),
        &format!("install {label}"),
    )?;
    let bin = installed_at(&tools, peer)
        .ok_or_else(|| Failure::Command(format!("cargo install did not record {label} in {}", tools.display())))?;
    Ok(Peer { name: label, bin, origin: PeerOrigin::Installed(started.elapsed()) })
}

fn progenitor_command(bin: &Path, spec: &Path, out: &Path, name: &str) -> Command {
    let mut c = Command::new(bin);
    c.args(["progenitor", "-i"]).arg(spec).arg("-o").arg(out).args(["-n", name, "-v", "0.1.0"]);
    c
}

/// Runs each contender `runs` times, one run of each in turn, with the output folder emptied
/// before each run. A contender that fails once is not run again.
fn alternate(mut contenders: Vec<(String, Command)>, runs: usize, out: &Path) -> Vec<(String, Outcome)> {
    let mut outcomes: Vec<Outcome> = contenders.iter().map(|_| Ok(Vec::new())).collect();
    for round in 0..runs {
        for i in 0..contenders.len() {
            // Rotate who goes first, so no contender always runs right after the same one.
            let i = (i + round) % contenders.len();
            let Ok(samples) = &mut outcomes[i] else { continue };
            let _ = fs::remove_dir_all(out);
            let command = &mut contenders[i].1;
            command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
            let started = Instant::now();
            let result = command.output();
            let elapsed = started.elapsed();
            match result {
                Ok(output) if output.status.success() => samples.push(elapsed.as_nanos() as f64),
                Ok(output) => outcomes[i] = Err(failure_line(&String::from_utf8_lossy(&output.stderr), output.status)),
                Err(e) => outcomes[i] = Err(format!("cannot run: {e}")),
            }
        }
    }
    let _ = fs::remove_dir_all(out);
    contenders.into_iter().map(|(name, _)| name).zip(outcomes).collect()
}

/// The line of a failed command's stderr that says why: a panic message when there is one.
fn failure_line(stderr: &str, status: std::process::ExitStatus) -> String {
    let lines: Vec<&str> = stderr.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let line = lines
        .iter()
        .position(|l| l.contains("panicked at"))
        .and_then(|i| lines.get(i + 1))
        .or_else(|| lines.iter().find(|l| l.starts_with("error") || l.starts_with("Error")))
        .or(lines.last())
        .map_or_else(|| format!("exit {status}"), |l| (*l).to_owned());
    let line = line.replace('|', "\\|");
    if line.chars().count() > 160 { format!("{}…", line.chars().take(160).collect::<String>()) } else { line }
}

/// Peak resident memory of one run of `command`, in KiB, read from GNU time.
fn peak_rss(command: Command) -> Result<u64, String> {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return Err("not measured: /usr/bin/time is missing".to_owned());
    }
    let report = std::env::temp_dir().join(format!("xtask-bench-rss-{}", std::process::id()));
    let output = Command::new(time)
        .args(["-f", "%M", "-o"])
        .arg(&report)
        .arg(command.get_program())
        .args(command.get_args())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run: {e}"))?;
    let text = fs::read_to_string(&report).unwrap_or_default();
    let _ = fs::remove_file(&report);
    if !output.status.success() {
        return Err(failure_line(&String::from_utf8_lossy(&output.stderr), output.status));
    }
    text.lines().last().and_then(|l| l.trim().parse().ok()).ok_or_else(|| format!("GNU time printed {text:?}"))
}

/// The generators of the compiled crates.
struct CompileTools<'a> {
    xtask: &'a Path,
    progenitor: &'a Path,
    openapi_to_rust: &'a Path,
}

/// One spec's generated crates in a scratch workspace, built once, ready for timed runs.
#[derive(Debug)]
pub struct CompileWork {
    spec: String,
    work: PathBuf,
    target: PathBuf,
    runs: usize,
    /// Each crate's folder, beside its row.
    dirs: Vec<PathBuf>,
    rows: Vec<CompileRow>,
}

/// Generates ours and a peer's client of one spec into a scratch workspace of their own, then
/// builds each crate and its dependencies once (check and build), so timed runs compile only the
/// crate. Nothing here is timed, so it may run beside other builds.
fn prepare_compile(
    spec_name: &str,
    spec: &Path,
    tools: &CompileTools<'_>,
    scratch: &Path,
    target: &Path,
    runs: usize,
) -> Result<CompileWork, Failure> {
    let stem = if spec_name.starts_with("nexus") { "nexus" } else { "github" };
    let work = scratch.join(stem);
    let io = |e: std::io::Error| Failure::Io(format!("compile bench in {}: {e}", work.display()));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(io)?;
    let ours = work.join(format!("ours-{stem}"));
    run_quiet(
        Command::new(tools.xtask).arg("generate").arg("--spec").arg(spec).arg("--out").arg(&ours),
        "generate our client",
    )?;
    let mut crates: Vec<(PathBuf, &str)> = vec![(ours, "ours")];
    if stem == "nexus" {
        let dir = work.join("progenitor-nexus");
        run_quiet(&mut progenitor_command(tools.progenitor, spec, &dir, "progenitor-nexus"), "run cargo progenitor")?;
        crates.push((dir, "progenitor"));
    } else {
        let dir = work.join(format!("openapi-to-rust-{stem}"));
        run_quiet(
            Command::new(tools.openapi_to_rust)
                .arg("generate")
                .arg(spec)
                .arg("--output-dir")
                .arg(dir.join("src/generated"))
                .arg("--quiet"),
            "run openapi-to-rust",
        )?;
        // openapi-to-rust writes a module and the dependencies it needs; wrap them in a crate.
        let deps = fs::read_to_string(dir.join("src/generated/REQUIRED_DEPS.toml")).map_err(io)?;
        let name = format!("openapi-to-rust-{stem}");
        fs::write(
            dir.join("Cargo.toml"),
            format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n{deps}"),
        )
        .map_err(io)?;
        fs::write(dir.join("src/lib.rs"), "//! A client generated by openapi-to-rust.\n\npub mod generated;\n")
            .map_err(io)?;
        crates.push((dir, "openapi-to-rust"));
    }
    let names: Vec<String> =
        crates.iter().map(|(dir, _)| dir.file_name().unwrap_or_default().to_string_lossy().into_owned()).collect();
    let members: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    fs::write(work.join("Cargo.toml"), format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")))
        .map_err(io)?;

    let mut rows = Vec::new();
    for ((dir, generator), name) in crates.iter().zip(names) {
        eprintln!("bench: building {name} and its dependencies once");
        let mut row = CompileRow {
            name,
            generator: (*generator).to_owned(),
            counts: render::Counts::of_dir(&dir.join("src")),
            check: Ok(Vec::new()),
            build: Ok(Vec::new()),
            passes: Err("not measured".to_owned()),
        };
        for (verb, slot) in [("check", &mut row.check), ("build", &mut row.build)] {
            let output = compile_command(&work, target, verb, &row.name)
                .output()
                .map_err(|e| Failure::Io(format!("cannot run cargo: {e}")))?;
            if !output.status.success() {
                *slot = Err(failure_line(&String::from_utf8_lossy(&output.stderr), output.status));
            }
        }
        rows.push(row);
    }
    let dirs = crates.into_iter().map(|(dir, _)| dir).collect();
    Ok(CompileWork { spec: spec_name.to_owned(), work, target: target.to_owned(), runs, dirs, rows })
}

/// `cargo VERB -p PACKAGE` in the scratch workspace, quiet.
fn compile_command(work: &Path, target: &Path, verb: &str, package: &str) -> Command {
    let mut c = Command::new(env!("CARGO"));
    // Without incremental compilation, touching `lib.rs` recompiles the crate in full, as a
    // first build or CI does; with it, an unchanged crate is mostly replayed from the cache.
    c.args([verb, "--quiet", "-p", package])
        .current_dir(work)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0");
    c.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
    c
}

/// Times `cargo check` and `cargo build` of each prepared crate alone, alternating ours and the
/// peer's, then takes one rustc pass profile of each.
fn time_compile(mut work: CompileWork) -> Result<(String, Vec<CompileRow>), Failure> {
    let io = |e: std::io::Error| Failure::Io(format!("compile bench in {}: {e}", work.work.display()));
    let count = work.rows.len();
    for round in 0..work.runs {
        for verb in ["check", "build"] {
            eprintln!("bench: {}: compile run {} of {}: cargo {verb}", work.spec, round + 1, work.runs);
            for i in 0..count {
                // Pairs alternate who goes first from one round to the next.
                let i = if round % 2 == 0 { i } else { i ^ 1 }.min(count - 1);
                let row = &mut work.rows[i];
                let slot = if verb == "check" { &mut row.check } else { &mut row.build };
                let Ok(samples) = slot else { continue };
                touch(&work.dirs[i].join("src/lib.rs")).map_err(io)?;
                let started = Instant::now();
                let output = compile_command(&work.work, &work.target, verb, &row.name)
                    .output()
                    .map_err(|e| Failure::Io(format!("cannot run cargo: {e}")))?;
                let elapsed = started.elapsed();
                if output.status.success() {
                    samples.push(elapsed.as_nanos() as f64);
                } else {
                    *slot = Err(failure_line(&String::from_utf8_lossy(&output.stderr), output.status));
                }
            }
        }
    }
    // Where rustc spends the time: one more debug build of each crate, with its pass timings.
    // `-Z time-passes` is a nightly flag; RUSTC_BOOTSTRAP lets this stable toolchain print it.
    for (row, dir) in work.rows.iter_mut().zip(&work.dirs) {
        if row.build.is_err() {
            continue;
        }
        touch(&dir.join("src/lib.rs")).map_err(io)?;
        let mut c = compile_command(&work.work, &work.target, "rustc", &row.name);
        c.args(["--", "-Z", "time-passes"]).env("RUSTC_BOOTSTRAP", "1");
        let output = c.output().map_err(|e| Failure::Io(format!("cannot run cargo: {e}")))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        row.passes = if output.status.success() {
            Ok(parse_time_passes(&stderr))
        } else {
            Err(failure_line(&stderr, output.status))
        };
    }
    Ok((work.spec, work.rows))
}

/// A scoped thread's result; its panic goes on unwinding in the caller.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Sets a file's modification time to now, so cargo rebuilds its crate.
fn touch(path: &Path) -> std::io::Result<()> {
    fs::File::options().append(true).open(path)?.set_modified(std::time::SystemTime::now())
}

/// Parses the bench binary's JSON lines.
pub fn parse_series(text: &str) -> Result<Vec<(SeriesKey, Series)>, Failure> {
    let mut series = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let value: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| Failure::Command(format!("the bench printed a line that is not JSON ({e}): {line}")))?;
        let field = |name: &str| value[name].as_str().unwrap_or_default().to_owned();
        let samples = value["samples_ns"]
            .as_array()
            .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
            .unwrap_or_default();
        series.push((
            (field("group"), field("subject"), field("name")),
            Series {
                samples,
                lines: value["lines"].as_u64(),
                allocs: value["allocs"].as_f64(),
                error: value["error"].as_str().map(str::to_owned),
            },
        ));
    }
    Ok(series)
}

fn capture(command: &mut Command) -> Option<String> {
    let output = command.stderr(Stdio::null()).output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

fn capture_checked(command: &mut Command, what: &str) -> Result<String, Failure> {
    let output = command.stderr(Stdio::inherit()).output().map_err(|e| Failure::Io(format!("cannot {what}: {e}")))?;
    if !output.status.success() {
        return Err(Failure::Command(format!("failed to {what} ({})", output.status)));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn run_quiet(command: &mut Command, what: &str) -> Result<(), Failure> {
    let output = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| Failure::Io(format!("cannot {what}: {e}")))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(Failure::Command(format!(
            "failed to {what} ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::installed_at;

    const PEER: (&str, &str, &str) = ("openapi-to-rust", "0.23.0", "openapi-to-rust");

    #[test]
    fn a_peer_counts_as_installed_only_at_the_pinned_version_with_its_binary() {
        let root = tempfile::tempdir().unwrap();
        let record = |line: &str| std::fs::write(root.path().join(".crates.toml"), format!("[v1]\n{line}\n")).unwrap();
        assert_eq!(installed_at(root.path(), PEER), None, "no record");

        record(
            r#""openapi-to-rust 0.22.1 (registry+https://github.com/rust-lang/crates.io-index)" = ["openapi-to-rust"]"#,
        );
        std::fs::create_dir_all(root.path().join("bin")).unwrap();
        std::fs::write(root.path().join("bin/openapi-to-rust"), "").unwrap();
        assert_eq!(installed_at(root.path(), PEER), None, "another version");

        record(r#""openapi-to-rust 0.23.0 (path+file:///src/openapi-to-rust)" = ["openapi-to-rust"]"#);
        assert_eq!(installed_at(root.path(), PEER), None, "a local build, not the published crate");

        record(
            r#""openapi-to-rust 0.23.0 (registry+https://github.com/rust-lang/crates.io-index)" = ["openapi-to-rust"]"#,
        );
        assert_eq!(installed_at(root.path(), PEER), Some(root.path().join("bin/openapi-to-rust")));

        std::fs::remove_file(root.path().join("bin/openapi-to-rust")).unwrap();
        assert_eq!(installed_at(root.path(), PEER), None, "recorded, but the binary is gone");
    }
}
