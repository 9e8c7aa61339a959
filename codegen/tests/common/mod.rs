//! Helpers shared by the test files.

use oaswire_codegen::Diagnostic;

/// `file:line:column: rule` of each diagnostic.
pub fn places(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            let position = d.position.map(|p| format!("{}:{}", p.line, p.column)).unwrap_or_default();
            format!("{}:{position}: {}", d.file.as_deref().unwrap_or_default(), d.rule)
        })
        .collect()
}
