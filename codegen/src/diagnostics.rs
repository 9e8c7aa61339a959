//! Diagnostics: what went wrong, where in the spec, and what to do about it.

use std::fmt;

/// How serious a diagnostic is. Errors stop generation; warnings travel on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation goes on; the output may not be what the spec author meant.
    Warning,
    /// Generation stops and nothing is written.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A line and column in a spec file, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short, stable rule name such as `path-param-undeclared`.
    pub rule: &'static str,
    /// JSON pointer to the offending node, e.g. `#/paths/~1pets/get`.
    pub pointer: String,
    /// What is wrong and what to do.
    pub message: String,
    /// The file the pointer points into. `None` before [`crate::Document::locate`]: the pointer
    /// is then one of the spec as a whole ([`crate::Document::json`], bundled when it is split
    /// across files), and locating finds the file each part of it was written in.
    pub file: Option<String>,
    /// Where the pointed node starts in `file`, when known.
    pub position: Option<Position>,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(rule: &'static str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, rule, pointer, message)
    }

    /// A warning at `pointer`.
    pub fn warning(rule: &'static str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, rule, pointer, message)
    }

    fn new(severity: Severity, rule: &'static str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic { severity, rule, pointer: pointer.into(), message: message.into(), file: None, position: None }
    }

    /// Whether this diagnostic stops generation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic for machines: `file`, `line`, `column`, `pointer`, `severity`, `rule` and
    /// `message`.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "file": self.file,
            "line": self.position.map(|p| p.line),
            "column": self.position.map(|p| p.column),
            "pointer": self.pointer,
            "severity": self.severity.to_string(),
            "rule": self.rule,
            "message": self.message,
        })
    }
}

/// Writes the `file:line:col: ` that starts a rustc-style line; nothing without a file.
pub(crate) fn write_location(
    f: &mut fmt::Formatter<'_>,
    file: Option<&str>,
    position: Option<Position>,
) -> fmt::Result {
    if let Some(file) = file {
        f.write_str(file)?;
        if let Some(Position { line, column }) = position {
            write!(f, ":{line}:{column}")?;
        }
        f.write_str(": ")?;
    }
    Ok(())
}

/// Renders like rustc: `file:line:col: error[rule]: message (at pointer)`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_location(f, self.file.as_deref(), self.position)?;
        write!(f, "{}[{}]: {}", self.severity, self.rule, self.message)?;
        if !self.pointer.is_empty() {
            write!(f, " (at {})", self.pointer)?;
        }
        Ok(())
    }
}

/// Diagnostics that stopped generation, with any warnings found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The number of errors (not warnings).
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Escapes one JSON pointer token (RFC 6901).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Appends `token` to `pointer`, escaping it.
pub fn pointer_join(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", escape_pointer_token(token))
}
