//! `cargo xtask semver-release-check`: the checked-in client against its own last release.
//!
//! `codegen --check` regenerates both sides of a spec change with today's generator, so it cannot
//! see an API break that comes from the generator itself (a renamed method, a field that became
//! private). This check compares the client as checked in today with the client at the commit that
//! set its current version, using cargo-semver-checks: any break since then needs a version bump.

use std::path::Path;
use std::process::Command;

use crate::Failure;
use crate::api_diff::{CLIENT_MANIFEST, client_version, release_commit};

/// The folder of the checked-in client.
const CLIENT_DIR: &str = "generated-client";

/// What the client today is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Baseline {
    /// No commit has the current version yet: it is a bump not committed, so there is nothing
    /// released under it to break.
    Unreleased,
    /// The client's folder is the same as at the release commit.
    Unchanged(String),
    /// The client changed since the release commit.
    Changed(String),
}

/// Finds the commit that set `version` in the client's manifest and whether the client's
/// folder changed since, working tree included.
pub fn baseline(root: &Path, version: &str) -> Result<Baseline, Failure> {
    let Some(release) = release_commit(root, version) else { return Ok(Baseline::Unreleased) };
    let status = Command::new("git")
        .current_dir(root)
        .args(["diff", "--quiet", &release, "--", CLIENT_DIR])
        .status()
        .map_err(|e| Failure::Io(format!("cannot run git diff: {e}")))?;
    // `git diff` leaves out files git does not track yet, such as a file the generator adds.
    let untracked = Command::new("git")
        .current_dir(root)
        .args(["ls-files", "--others", "--exclude-standard", "--", CLIENT_DIR])
        .output()
        .map_err(|e| Failure::Io(format!("cannot run git ls-files: {e}")))?;
    match status.code() {
        Some(0) if untracked.stdout.is_empty() => Ok(Baseline::Unchanged(release)),
        Some(0 | 1) => Ok(Baseline::Changed(release)),
        _ => Err(Failure::Command(format!("git diff {release} -- {CLIENT_DIR} failed ({status})"))),
    }
}

/// Runs the check with `tool`, the cargo-semver-checks binary, building in `target`. Returns
/// what was compared.
pub fn check(root: &Path, tool: &Path, target: &Path) -> Result<String, Failure> {
    let (name, version) = client_version(root)?;
    let release = match baseline(root, &version)? {
        Baseline::Unreleased => {
            return Ok(format!(
                "{name} {version} is not committed yet: no release to compare with (commit the bump, then run again)"
            ));
        }
        Baseline::Unchanged(release) => {
            return Ok(format!("{CLIENT_DIR}/ is unchanged since {release}, which set version {version}"));
        }
        Baseline::Changed(release) => release,
    };
    let output = Command::new(tool)
        .current_dir(root)
        .args(["semver-checks", "check-release", "--package", &name, "--baseline-rev", &release])
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|e| Failure::Io(format!("cannot run {}: {e}", tool.display())))?;
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    if output.status.success() {
        return Ok(format!("{name} {version}: no API break since {release}, which set that version"));
    }
    let mut lints = crate::semver_cross_check::failed_lints(&String::from_utf8_lossy(&output.stdout));
    lints.sort();
    lints.dedup();
    if lints.is_empty() {
        return Err(Failure::Command(format!("cargo-semver-checks did not finish on {name}:\n{text}")));
    }
    Err(Failure::Version(format!(
        "{text}\nThe API of {name} breaks since {release}, which set version {version}, though the spec may not \
         have changed: the generator changed what it emits. Bump `version` in {CLIENT_MANIFEST} (on 0.x, the minor \
         number) and say why in the commit.\nBreaking: {}",
        lints.join("; ")
    )))
}
