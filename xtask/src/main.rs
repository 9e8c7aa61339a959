//! `cargo xtask <command>`: the project's commands. Run `cargo xtask help`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use xtask::Failure;

// Generation allocates millions of small strings and token trees; mimalloc frees and reuses
// them faster than glibc's allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check]                               regenerate generated-client from spec/syncano.yaml and
                                                  report API changes since HEAD; --check changes nothing and
                                                  fails when stale, or on a breaking change since the commit
                                                  that set the client's version
  diff [--format text|json] OLD NEW               report every change to the generated API between two spec
                                                  revisions, breaking or not, and the version bump it needs;
                                                  OLD and NEW are files or REV:path (read with git show)
  generate --spec FILE --out DIR [--name CRATE]   write a standalone client crate for any spec
  validate [--format text|json] [--allow-unsupported] [SPEC...]
                                                  check specs (default: spec/syncano.yaml); exit 1 on
                                                  errors, 2 when a file cannot be read
  semver-cross-check [PAIR...]                    generate both clients of the diff corpus pairs marked for it
                                                  and check with cargo-semver-checks (installed into .tools/)
  semver-release-check                            cargo-semver-checks: the checked-in client against the commit
                                                  that set its version, to catch API breaks the generator makes
                                                  that everything it calls breaking, the report does too
  conformance [--seeds N] [--show N] [SPEC...]    generate each spec's client and a program that calls every
                                                  operation with sample arguments; Prism (installed into
                                                  .tools/) judges each request, then every documented
                                                  response, named example and N random bodies (default 3)
                                                  must decode and round-trip; default specs: spec/syncano.yaml,
                                                  ../shared/specs and ../shared/cases/wire
  corpus [DIR]                                    generate a client for every spec in DIR (default
                                                  ../shared/specs), build them with clippy, print a table
  fuzz [--time SECONDS | --runs N] [TARGET...]   run the fuzz targets (load, validate, generate), seeded
                                                  with the project's specs; needs cargo-fuzz
  test [ARGS...]                                  install the pinned test tools, then run every test
                                                  (ARGS go to `cargo test`)
  bench [--quick] [--github-compile] [--compile-runs N]
                                                  time generation, the floor, the peers (installed into
                                                  .tools/), compile cost, client overhead; writes BENCHMARKS.md
";

fn main() -> ExitCode {
    // A report piped into `head` should end quietly when `head` exits, as other command-line tools
    // do. Rust ignores SIGPIPE, so `println!` would panic on the closed pipe instead.
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any other thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("generate") => generate(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("validate") => return validate(&args[1..]),
        Some("diff") => diff(&args[1..]),
        Some("semver-cross-check") => semver_cross_check(&args[1..]),
        Some("semver-release-check") => semver_release_check(&args[1..]),
        Some("corpus") => corpus(&args[1..]),
        Some("conformance") => conformance(&args[1..]),
        Some("fuzz") => fuzz(&args[1..]),
        Some("bench") => bench(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(Failure::Io(format!("unknown command `{other}`\n\n{USAGE}"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::from(failure.exit_code() as u8)
        }
    }
}

fn print_warnings(generated: &oaswire_codegen::Generated) {
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
}

fn codegen(args: &[String]) -> Result<(), Failure> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err(Failure::Io(format!("unexpected arguments {args:?}\n\n{USAGE}"))),
    };
    let root = xtask::workspace_root();
    // Generate everything before writing anything: one bad spec leaves every folder as it was.
    let mut outputs = Vec::new();
    for target in xtask::TARGETS {
        let generated = xtask::generate_target(&root, target)?;
        print_warnings(&generated);
        outputs.push((target, generated));
    }
    let version = api_report(&root, check)?;
    let mut stale = String::new();
    for (target, generated) in &outputs {
        let dir = root.join(target.dir);
        match xtask::diff_against(generated, &dir)? {
            None => println!("{} is up to date", target.dir),
            Some(_) if !check => {
                xtask::write_atomically(generated, &dir)?;
                println!("regenerated {} ({} files)", target.dir, generated.files.len());
            }
            Some(diff) => stale.push_str(&diff),
        }
    }
    match version {
        Err(failure) if !stale.is_empty() => {
            eprintln!("{failure}");
            Err(Failure::Stale(stale))
        }
        _ if !stale.is_empty() => Err(Failure::Stale(stale)),
        version => version,
    }
}

/// Prints what changed in the Syncano client's API since `HEAD`. With `check`, it compares with the
/// commit that set the client's current version instead, and an unbumped breaking change since
/// then is the returned failure.
fn api_report(root: &Path, check: bool) -> Result<Result<(), Failure>, Failure> {
    use xtask::api_diff::{self, HeadComparison};
    let (_, version) = api_diff::client_version(root)?;
    let release = if check { api_diff::release_commit(root, &version) } else { None };
    let base = release.as_deref().unwrap_or("HEAD");
    match api_diff::compare_with_revision(root, xtask::SPEC, base)? {
        HeadComparison::Unavailable(reason) => {
            println!("no API change report: {reason}");
            Ok(Ok(()))
        }
        HeadComparison::Unchanged => Ok(Ok(())),
        HeadComparison::Changed(report, base_version) => {
            if release.is_some() {
                println!("(since {base}, the commit that set version {version} of {})", report.crate_name);
            }
            print!("{}", report.text());
            Ok(if check { api_diff::check_version(&report, base_version.as_deref()) } else { Ok(()) })
        }
    }
}

/// The value of `--format`: whether it asks for JSON.
fn json_format(value: Option<&String>) -> Result<bool, String> {
    match value.map(String::as_str) {
        Some("json") => Ok(true),
        Some("text") => Ok(false),
        other => Err(format!("--format takes `text` or `json`, not {other:?}")),
    }
}

/// `cargo xtask diff OLD NEW`: the report is information, so any classification exits 0.
fn diff(args: &[String]) -> Result<(), Failure> {
    let mut json = false;
    let mut revisions = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => json = json_format(args.next()).map_err(Failure::Io)?,
            _ => revisions.push(arg.clone()),
        }
    }
    let [old, new] = &revisions[..] else {
        return Err(Failure::Io(format!("diff takes two spec revisions, OLD and NEW\n\n{USAGE}")));
    };
    let cwd = std::env::current_dir().map_err(|e| Failure::Io(format!("cannot read the current folder: {e}")))?;
    let old_doc = xtask::api_diff::Revision::parse(old).load(old, &cwd)?;
    let new_doc = xtask::api_diff::Revision::parse(new).load(new, &cwd)?;
    let (crate_name, version) = xtask::api_diff::client_version(&xtask::workspace_root())?;
    let report = xtask::api_diff::Report::new((old, &old_doc), (new, &new_doc), &crate_name, &version)?;
    if json {
        println!("{}", report.json());
    } else {
        print!("{}", report.text());
    }
    Ok(())
}

fn generate(args: &[String]) -> Result<(), Failure> {
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--spec" => &mut spec,
            "--out" => &mut out,
            "--name" => &mut name,
            _ => return Err(Failure::Io(format!("unexpected argument `{arg}`\n\n{USAGE}"))),
        };
        *slot = Some(args.next().ok_or_else(|| Failure::Io(format!("{arg} needs a value")))?.clone());
    }
    let (Some(spec), Some(out)) = (spec, out) else {
        return Err(Failure::Io(format!("--spec and --out are required\n\n{USAGE}")));
    };
    let out = PathBuf::from(out);
    let name = name.unwrap_or_else(|| oaswire_codegen::files::crate_name_for(&out));
    let display = Path::new(&spec).file_name().map_or(spec.clone(), |n| n.to_string_lossy().into_owned());
    let generated =
        xtask::generate_from_file(Path::new(&spec), &spec, &format!("cargo xtask generate --spec {display}"))?;
    print_warnings(&generated);
    oaswire_codegen::files::write_crate(&generated, &out, &name, None)?;
    println!("wrote client crate `{name}` to {}", out.display());
    Ok(())
}

/// Prints every diagnostic of every spec; the exit code is the worst outcome.
fn validate(args: &[String]) -> ExitCode {
    let mut json = false;
    let mut allow_unsupported = false;
    let mut specs = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--format" => match json_format(args.next()) {
                Ok(is_json) => json = is_json,
                Err(message) => {
                    eprintln!("error: {message}");
                    return ExitCode::from(2);
                }
            },
            "--allow-unsupported" => allow_unsupported = true,
            _ => specs.push(arg.clone()),
        }
    }
    let root = xtask::workspace_root();
    if specs.is_empty() {
        specs.push(root.join(xtask::SPEC).to_string_lossy().into_owned());
    }
    let mut code = 0;
    for spec in &specs {
        let display = Path::new(spec).strip_prefix(&root).map_or(spec.clone(), |p| p.to_string_lossy().into_owned());
        let diagnostics = match xtask::load(Path::new(spec), &display) {
            Ok(document) => oaswire_codegen::check(&document),
            Err(Failure::Spec(diagnostics)) => diagnostics.0,
            Err(failure) => {
                eprintln!("{failure}");
                code = 2;
                continue;
            }
        };
        for diagnostic in &diagnostics {
            if json {
                println!("{}", xtask::diagnostic_json(diagnostic));
            } else {
                println!("{diagnostic}");
            }
        }
        let counts =
            |d: &&oaswire_codegen::Diagnostic| d.is_error() && !(allow_unsupported && d.rule.ends_with("-unsupported"));
        let errors = diagnostics.iter().filter(counts).count();
        if errors > 0 && code == 0 {
            code = 1;
        }
        if !json {
            let warnings = diagnostics.len() - diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("{display}: {errors} error(s), {warnings} warning(s)");
        }
    }
    ExitCode::from(code)
}

/// Runs cargo-semver-checks on the generated clients of corpus pairs; fails on any disagreement.
fn semver_cross_check(args: &[String]) -> Result<(), Failure> {
    let root = xtask::workspace_root();
    let pairs: Vec<&xtask::diff_corpus::Pair> = xtask::diff_corpus::PAIRS
        .iter()
        .filter(|p| if args.is_empty() { p.cross_check } else { args.iter().any(|a| a == p.name) })
        .collect();
    if pairs.is_empty() {
        return Err(Failure::Io(format!("no corpus pair is named {args:?}")));
    }
    let tool = install_semver_checks(&root)?;
    let work = root.join("target/semver-cross-check");
    let target = xtask::clients_target(&root);
    let mut outcomes = Vec::new();
    for pair in pairs {
        let started = std::time::Instant::now();
        let outcome = xtask::semver_cross_check::check_pair(&root, pair, &work, &target, &tool)?;
        println!("{}", xtask::semver_cross_check::table(std::slice::from_ref(&outcome)).trim_end());
        println!("  ({:.0} s)", started.elapsed().as_secs_f64());
        outcomes.push(outcome);
    }
    let disagreements: Vec<&str> = outcomes.iter().filter(|o| !o.agrees()).map(|o| o.pair).collect();
    if disagreements.is_empty() {
        println!(
            "{} pairs: every breaking change cargo-semver-checks reports, the report calls breaking",
            outcomes.len()
        );
        Ok(())
    } else {
        Err(Failure::Command(format!(
            "cargo-semver-checks finds breaking changes the report misses in {}",
            disagreements.join(", ")
        )))
    }
}

/// Compares the checked-in client with its last release; fails on an API break without a bump.
fn semver_release_check(args: &[String]) -> Result<(), Failure> {
    if !args.is_empty() {
        return Err(Failure::Io(format!("unexpected arguments {args:?}\n\n{USAGE}")));
    }
    let root = xtask::workspace_root();
    let tool = install_semver_checks(&root)?;
    let target = xtask::clients_target(&root);
    println!("{}", xtask::semver_release::check(&root, &tool, &target)?);
    Ok(())
}

/// Installs the pinned cargo-semver-checks (a no-op once built) and returns its path.
fn install_semver_checks(root: &Path) -> Result<PathBuf, Failure> {
    run(Command::new("bash").arg(root.join("tools/install-semver-checks.sh")), "install cargo-semver-checks")?;
    Ok(root.join(".tools/bin/cargo-semver-checks"))
}

/// Generates and builds every spec of a folder; fails if any spec fails or warns.
fn corpus(args: &[String]) -> Result<(), Failure> {
    let root = xtask::workspace_root();
    let dir = match args {
        [] => root.join("../shared/specs"),
        [dir] => PathBuf::from(dir),
        _ => return Err(Failure::Io(format!("unexpected arguments {args:?}\n\n{USAGE}"))),
    };
    let work = root.join("target/corpus-workspace");
    let target = xtask::clients_target(&root);
    let rows = xtask::corpus::run(&dir, &work, &target)?;
    println!("{}", xtask::corpus::table(&rows));
    let failed: Vec<&str> = rows.iter().filter(|r| !r.passed()).map(|r| r.spec.as_str()).collect();
    if failed.is_empty() {
        println!("all {} specs generate and build with no warnings", rows.len());
        Ok(())
    } else {
        Err(Failure::Command(format!("{} of {} specs failed: {}", failed.len(), rows.len(), failed.join(", "))))
    }
}

/// Judges every operation of every spec with Prism; fails unless all pass.
fn conformance(args: &[String]) -> Result<(), Failure> {
    let root = xtask::workspace_root();
    let mut options = xtask::conformance::Options { specs: Vec::new(), seeds: 3, shown_failures: 20 };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seeds" | "--show" => {
                let value = args.next().and_then(|v| v.parse().ok());
                let value = value.ok_or_else(|| Failure::Io(format!("{arg} needs a number")))?;
                if arg == "--seeds" {
                    options.seeds = value;
                } else {
                    options.shown_failures = value as usize;
                }
            }
            spec => options.specs.push(PathBuf::from(spec)),
        }
    }
    if options.specs.is_empty() {
        options.specs = xtask::conformance::default_specs(&root)?;
    }
    run(Command::new("bash").arg(root.join("tools/install.sh")).stdout(std::process::Stdio::null()), "install Prism")?;
    let reports =
        xtask::conformance::run(&root, &options, &root.join("target/conformance"), &xtask::clients_target(&root))?;
    println!("{}", xtask::conformance::table(&reports, options.shown_failures));
    let failed: Vec<&str> = reports.iter().filter(|r| !r.passed()).map(|r| r.spec.as_str()).collect();
    if failed.is_empty() {
        println!(
            "all {} specs conform: every request accepted, every response decoded and round-tripped",
            reports.len()
        );
        Ok(())
    } else {
        Err(Failure::Command(format!(
            "{} of {} specs do not conform: {}",
            failed.len(),
            reports.len(),
            failed.join(", ")
        )))
    }
}

/// Runs each fuzz target for a time or a number of runs and prints libFuzzer's totals.
fn fuzz(args: &[String]) -> Result<(), Failure> {
    let mut limit = "-max_total_time=60".to_owned();
    let mut targets: Vec<String> = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--time" | "--runs" => {
                let value = args.next().ok_or_else(|| Failure::Io(format!("{arg} needs a number")))?;
                let flag = if arg == "--time" { "max_total_time" } else { "runs" };
                limit = format!("-{flag}={value}");
            }
            target => targets.push(target.to_owned()),
        }
    }
    if targets.is_empty() {
        targets = ["load", "validate", "generate"].map(str::to_owned).to_vec();
    }
    let root = xtask::workspace_root();
    let fuzz = root.join("fuzz");
    for target in &targets {
        let corpus = fuzz.join("corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|e| Failure::Io(e.to_string()))?;
        for seed in xtask::fuzz_seeds(&root) {
            let name = seed.strip_prefix(&root).unwrap_or(&seed).to_string_lossy().replace('/', "_");
            std::fs::copy(&seed, corpus.join(name)).map_err(|e| Failure::Io(e.to_string()))?;
        }
        let output = Command::new(env!("CARGO"))
            .args(["fuzz", "run", "-O", target])
            .arg(&corpus)
            .args(["--", &limit, "-print_final_stats=1", "-dict=openapi.dict", "-max_len=4096"])
            .current_dir(&fuzz)
            .env("RUSTC_BOOTSTRAP", "1")
            .output()
            .map_err(|e| {
                Failure::Io(format!("cannot run cargo fuzz (install it with `cargo install cargo-fuzz`): {e}"))
            })?;
        let log = String::from_utf8_lossy(&output.stderr);
        let summary: Vec<&str> = log
            .lines()
            .filter(|l| {
                l.starts_with("Done ") || l.starts_with("stat::") || l.contains("ERROR") || l.contains("crash-")
            })
            .collect();
        let last_status = log.lines().rfind(|l| l.contains("cov: ")).unwrap_or_default();
        println!("== {target}\n{last_status}\n{}", summary.join("\n"));
        if !output.status.success() {
            return Err(Failure::Command(format!("fuzz target {target} found a crash; see fuzz/artifacts/{target}")));
        }
    }
    Ok(())
}

fn bench(args: &[String]) -> Result<(), Failure> {
    let options = xtask::bench::Options::parse(args).map_err(|e| Failure::Io(format!("{e}\n\n{USAGE}")))?;
    let command =
        ["cargo xtask bench"].into_iter().chain(args.iter().map(String::as_str)).collect::<Vec<_>>().join(" ");
    xtask::bench::run(&xtask::workspace_root(), &options, &command)
}

/// Installs Prism at its pinned version into `.tools/`, then runs the whole workspace's tests with it.
fn test(args: &[String]) -> Result<(), Failure> {
    let root = xtask::workspace_root();
    let install = root.join("tools/install.sh");
    run(Command::new("bash").arg(&install), "install the pinned test tools")?;
    let prism = root.join(".tools/node_modules/.bin/prism");
    run(
        Command::new(env!("CARGO"))
            .current_dir(&root)
            .args(["test", "--workspace", "--all-features"])
            .args(args)
            .env("PRISM_BIN", &prism)
            .env("REQUIRE_TOOLS", "1"),
        "run the tests",
    )
}

fn run(command: &mut Command, what: &str) -> Result<(), Failure> {
    let status = command.status().map_err(|e| Failure::Io(format!("cannot {what}: {e}")))?;
    if status.success() { Ok(()) } else { Err(Failure::Command(format!("failed to {what} ({status})"))) }
}
