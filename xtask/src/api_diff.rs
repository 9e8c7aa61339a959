//! The breaking-change report: reading spec revisions from files or git, rendering the report as text
//! or JSON, and the version check `cargo xtask codegen --check` applies. The comparison itself is
//! `oaswire_codegen::diff`.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use oaswire_codegen::Document;
use oaswire_codegen::diff::{Change, Severity, Side, Suggestion};

use crate::Failure;

/// The manifest whose version the report suggests a bump for, relative to the workspace root.
pub const CLIENT_MANIFEST: &str = "generated-client/Cargo.toml";

/// Where a spec revision comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revision {
    /// A file on disk.
    File(PathBuf),
    /// A file as of a git revision, read with `git show REV:path` (path relative to the repository root).
    Git {
        /// The revision, such as `HEAD~3`.
        rev: String,
        /// The path in that revision.
        path: String,
    },
}

impl Revision {
    /// A path, or `REV:path` when no file has that name and it has a colon.
    pub fn parse(arg: &str) -> Revision {
        match arg.split_once(':') {
            Some((rev, path)) if !Path::new(arg).exists() && !rev.is_empty() && !path.is_empty() => {
                Revision::Git { rev: rev.to_owned(), path: path.to_owned() }
            }
            _ => Revision::File(PathBuf::from(arg)),
        }
    }

    /// Loads the revision. Git revisions are read in the repository that contains `repo_dir`, and so
    /// are the files their relative `$ref`s reach, from the same revision.
    pub fn load(&self, display: &str, repo_dir: &Path) -> Result<Document, Failure> {
        match self {
            Revision::File(path) => crate::load(path, display),
            Revision::Git { rev, path } => {
                let text = git_show(repo_dir, rev, path).map_err(Failure::Io)?;
                let dir = Path::new(path).parent().unwrap_or(Path::new("")).to_owned();
                let mut read = |file: &Path| {
                    let file = normalize(file)
                        .ok_or_else(|| std::io::Error::other(format!("{} leaves the repository", file.display())))?;
                    git_show(repo_dir, rev, &file).map_err(std::io::Error::other)
                };
                Document::load(display, text, &dir, &mut read).map_err(Failure::Spec)
            }
        }
    }
}

/// `a/./b/../c` → `a/c`; `None` when `..` climbs above the start.
fn normalize(path: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// The text of `path` as of `rev`, in the repository containing `repo_dir`.
pub fn git_show(repo_dir: &Path, rev: &str, path: &str) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(repo_dir)
        .args(["show", &format!("{rev}:{path}")])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("cannot read {rev}:{path} from git: {}", stderr.trim()));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("{rev}:{path} is not UTF-8 text"))
}

/// A comparison of two spec revisions, with the bump it calls for.
#[derive(Debug, Clone)]
pub struct Report {
    /// How the old revision is named.
    pub old: String,
    /// How the new revision is named.
    pub new: String,
    /// Every change, breaking ones first.
    pub changes: Vec<Change>,
    /// The crate the bump is for, e.g. `syncano-client`.
    pub crate_name: String,
    /// The bump.
    pub suggestion: Suggestion,
}

impl Report {
    /// Compares two loaded revisions; a revision with errors fails with its diagnostics.
    pub fn new(
        old: (&str, &Document),
        new: (&str, &Document),
        crate_name: &str,
        version: &str,
    ) -> Result<Self, Failure> {
        let changes = oaswire_codegen::diff::diff(old.1, new.1).map_err(|errors| {
            let which = match errors.side {
                Side::Old => old.0,
                Side::New => new.0,
            };
            Failure::Invalid(which.to_owned(), errors.diagnostics)
        })?;
        let suggestion = oaswire_codegen::diff::suggest_bump(&changes, version)
            .map_err(|e| Failure::Io(format!("the version of {crate_name}: {e}")))?;
        Ok(Report {
            old: old.0.to_owned(),
            new: new.0.to_owned(),
            changes,
            crate_name: crate_name.to_owned(),
            suggestion,
        })
    }

    /// How many changes have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.changes.iter().filter(|c| c.severity == severity).count()
    }

    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.count(Severity::Breaking) > 0
    }

    /// The report for people: changes grouped by severity, then the suggested bump.
    pub fn text(&self) -> String {
        let mut out = format!(
            "API changes from {} to {}: {} breaking, {} compatible, {} documentation\n",
            self.old,
            self.new,
            self.count(Severity::Breaking),
            self.count(Severity::Compatible),
            self.count(Severity::Documentation)
        );
        for severity in [Severity::Breaking, Severity::Compatible, Severity::Documentation] {
            let group: Vec<&Change> = self.changes.iter().filter(|c| c.severity == severity).collect();
            if group.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n{}:", severity.as_str());
            for change in group {
                let _ = writeln!(out, "  {}: {}: {}", location(change), change.kind, change.message);
            }
        }
        let Suggestion { bump, from, to, reason } = &self.suggestion;
        let _ = match bump {
            oaswire_codegen::diff::Bump::None => {
                writeln!(out, "\nno version bump needed for {} {from}: {reason}", self.crate_name)
            }
            _ => writeln!(
                out,
                "\nsuggested version for {}: {from} → {to} ({} bump: {reason})",
                self.crate_name,
                bump.as_str()
            ),
        };
        out
    }

    /// The report for machines: one JSON object with stable field names.
    pub fn json(&self) -> String {
        let changes: Vec<serde_json::Value> = self.changes.iter().map(Change::json).collect();
        serde_json::json!({
            "old": self.old,
            "new": self.new,
            "summary": {
                "breaking": self.count(Severity::Breaking),
                "compatible": self.count(Severity::Compatible),
                "documentation": self.count(Severity::Documentation),
            },
            "changes": changes,
            "bump": {
                "crate": self.crate_name,
                "level": self.suggestion.bump.as_str(),
                "from": self.suggestion.from,
                "to": self.suggestion.to,
                "reason": self.suggestion.reason,
            },
        })
        .to_string()
    }
}

fn location(change: &Change) -> String {
    let file = change.file.as_deref().unwrap_or("?");
    match change.position {
        Some(p) => format!("{file}:{}:{}", p.line, p.column),
        None => format!("{file} ({})", change.pointer),
    }
}

/// The `[package]` name and version of a `Cargo.toml`, read without a TOML parser: the first
/// `name = "…"` and `version = "…"` lines of the `[package]` table.
pub fn package_name_version(manifest: &str) -> Option<(String, String)> {
    let mut in_package = false;
    let (mut name, mut version) = (None, None);
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let value = value.trim().trim_matches('"').to_owned();
        match key.trim() {
            "name" if name.is_none() => name = Some(value),
            "version" if version.is_none() => version = Some(value),
            _ => {}
        }
    }
    Some((name?, version?))
}

/// The name and version of the crate `root`'s generated client has on disk.
pub fn client_version(root: &Path) -> Result<(String, String), Failure> {
    let path = root.join(CLIENT_MANIFEST);
    let text =
        std::fs::read_to_string(&path).map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))?;
    package_name_version(&text)
        .ok_or_else(|| Failure::Io(format!("{} has no [package] name and version", path.display())))
}

/// What `cargo xtask codegen` knows about the spec at `HEAD`.
#[derive(Debug)]
pub enum HeadComparison {
    /// Git or `HEAD` cannot be read; the reason, in one line.
    Unavailable(String),
    /// The spec is the same as at `HEAD`.
    Unchanged,
    /// The spec changed; the report and the client's version at `HEAD`, when it had one.
    Changed(Box<Report>, Option<String>),
}

/// Compares `root`'s `spec` with the same file at `HEAD`.
pub fn compare_with_head(root: &Path, spec: &str) -> Result<HeadComparison, Failure> {
    compare_with_revision(root, spec, "HEAD")
}

/// Compares `root`'s `spec` with the same file at the git revision `rev`.
pub fn compare_with_revision(root: &Path, spec: &str, rev: &str) -> Result<HeadComparison, Failure> {
    // Compared even when the root file's text is the same: a file it reaches by `$ref` may have changed.
    if let Err(reason) = git_show(root, rev, spec) {
        return Ok(HeadComparison::Unavailable(reason));
    }
    let old_name = format!("{rev}:{spec}");
    // A spec at `rev` that no longer loads or validates has no API to compare with: say so, do not fail.
    let base = Revision::Git { rev: rev.into(), path: spec.into() };
    let old = match base.load(&old_name, root) {
        Ok(old) => old,
        Err(failure) => return Ok(HeadComparison::Unavailable(format!("{old_name} does not load: {failure}"))),
    };
    let new = crate::load(&root.join(spec), spec)?;
    let (crate_name, version) = client_version(root)?;
    let report = match Report::new((&old_name, &old), (spec, &new), &crate_name, &version) {
        Err(Failure::Invalid(name, _)) if name == old_name => {
            return Ok(HeadComparison::Unavailable(format!("{old_name} has spec errors")));
        }
        report => report?,
    };
    if report.changes.is_empty() {
        return Ok(HeadComparison::Unchanged);
    }
    let base_version = git_show(root, rev, CLIENT_MANIFEST).ok().and_then(|t| package_name_version(&t)).map(|p| p.1);
    Ok(HeadComparison::Changed(Box::new(report), base_version))
}

/// The commit that set the client's current `version`: the release `cargo xtask codegen --check`
/// compares the spec with, so that a breaking change is caught in CI after it was committed, and
/// however many commits it took. `None` when the version is not committed yet (it was just bumped),
/// or git cannot tell.
pub fn release_commit(root: &Path, version: &str) -> Option<String> {
    let output =
        Command::new("git").current_dir(root).args(["log", "--format=%h", "--", CLIENT_MANIFEST]).output().ok()?;
    let mut release = None;
    for commit in String::from_utf8(output.stdout).ok()?.lines() {
        let at = git_show(root, commit, CLIENT_MANIFEST).ok().and_then(|t| package_name_version(&t)).map(|p| p.1);
        if at.as_deref() != Some(version) {
            break;
        }
        release = Some(commit.to_owned());
    }
    release
}

/// Fails when the report has a breaking change and the crate's version is still the one of the
/// revision the report compares with.
pub fn check_version(report: &Report, base_version: Option<&str>) -> Result<(), Failure> {
    let current = &report.suggestion.from;
    if report.is_breaking() && base_version == Some(current.as_str()) {
        let base = report.old.split_once(':').map_or(report.old.as_str(), |(rev, _)| rev);
        return Err(Failure::Version(format!(
            "{} breaking change(s) to the API of {}, but its version is still {current}, as at {base}: \
             set `version = \"{}\"` in {CLIENT_MANIFEST}",
            report.count(Severity::Breaking),
            report.crate_name,
            report.suggestion.to
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_are_files_unless_they_name_a_git_revision() {
        assert_eq!(
            Revision::parse("HEAD~3:spec/syncano.yaml"),
            Revision::Git { rev: "HEAD~3".into(), path: "spec/syncano.yaml".into() }
        );
        assert_eq!(Revision::parse("spec/a.yaml"), Revision::File("spec/a.yaml".into()));
        assert_eq!(Revision::parse(":a.yaml"), Revision::File(":a.yaml".into()));
    }

    #[test]
    fn paths_normalize_inside_the_repository_only() {
        assert_eq!(normalize(Path::new("spec/./parts/../common.yaml")).as_deref(), Some("spec/common.yaml"));
        assert_eq!(normalize(Path::new("../outside.yaml")), None);
    }

    #[test]
    fn manifest_name_and_version_come_from_the_package_table() {
        let manifest = "[package]\nname = \"syncano-client\"\nversion = \"0.3.1\"\n\n[dependencies]\nversion = \"9\"\n";
        assert_eq!(package_name_version(manifest), Some(("syncano-client".into(), "0.3.1".into())));
        assert_eq!(package_name_version("[dependencies]\nname = \"x\"\n"), None);
    }
}
