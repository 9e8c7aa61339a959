//! Diagnostics shown the way rustc shows them: the rule, the message, the spec's line with a caret
//! under the node, where in the document it is, and what the rule checks.
//!
//! Rendering is done by annotate-snippets, the Rust project's renderer, which Cargo uses for its
//! own diagnostics, so the output looks like the toolchain's to a Rust user. Everything taken from the spec passes through its
//! normalization of untrusted text, so a hostile spec cannot put terminal escapes on the screen.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet, normalize_untrusted_str};

use crate::diagnostics::{Diagnostic, Position, Severity};

/// Renders `diagnostic`. `source` is the text of the file it points into (`diagnostic.file`),
/// when the caller has it; without it, or without a position, only the location is shown.
/// `color` adds ANSI colours, for a terminal.
pub fn render(diagnostic: &Diagnostic, source: Option<&str>, color: bool) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_title(level.primary_title(diagnostic.message.as_str()).id(diagnostic.rule));
    let file = diagnostic.file.as_deref().unwrap_or("<spec>");
    match (source, diagnostic.position) {
        (Some(text), Some(position)) => {
            let span = node_span(text, position);
            group = group
                .element(Snippet::source(text).path(file).fold(true).annotation(AnnotationKind::Primary.span(span)));
        }
        (_, Some(position)) => {
            group = group.element(Origin::path(file).line(position.line).char_column(position.column));
        }
        (_, None) if diagnostic.file.is_some() => group = group.element(Origin::path(file)),
        (_, None) => {}
    }
    let pointer = normalize_untrusted_str(&diagnostic.pointer);
    group = group.element(Level::NOTE.message(format!("at {pointer}")));
    if let Some(rule) = crate::rules::rule_named(diagnostic.rule) {
        group = group.element(Level::HELP.message(format!("`{}` checks for {}", rule.name, rule.summary)));
    }
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    renderer.render(&[group])
}

/// The bytes of `text` to underline for a node starting at `position`: from there to the end of
/// its line, trailing spaces left out; an empty span (a caret) when the line ends there.
fn node_span(text: &str, position: Position) -> std::ops::Range<usize> {
    let mut line_start = 0;
    for _ in 1..position.line {
        match text[line_start..].find('\n') {
            Some(at) => line_start += at + 1,
            None => return text.len()..text.len(),
        }
    }
    let line_end = text[line_start..].find('\n').map_or(text.len(), |at| line_start + at);
    let line = &text[line_start..line_end];
    let start =
        line_start + line.char_indices().nth(position.column.saturating_sub(1)).map_or(line.len(), |(at, _)| at);
    let end = (line_start + line.trim_end().len()).max(start);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(line: usize, column: usize) -> Diagnostic {
        let mut d = Diagnostic::error("path-param-undeclared", "#/paths/~1pets~1{id}", "`{id}` is not declared");
        d.file = Some("api.yaml".to_owned());
        d.position = Some(Position { line, column });
        d
    }

    #[test]
    fn the_line_is_shown_with_a_caret_under_the_node() {
        let text = "openapi: 3.0.3\npaths:\n  /pets/{id}:\n    get: {}\n";
        let shown = render(&diagnostic(3, 3), Some(text), false);
        let expected = "\
error[path-param-undeclared]: `{id}` is not declared
 --> api.yaml:3:3
  |
3 |   /pets/{id}:
  |   ^^^^^^^^^^^
  |
  = note: at #/paths/~1pets~1{id}
  = help: `path-param-undeclared` checks for a `{name}` in a path template without a path parameter; the \
client takes it as a string argument";
        assert_eq!(shown.trim_end(), expected);
    }

    #[test]
    fn without_the_text_the_location_is_still_given() {
        let shown = render(&diagnostic(3, 3), None, false);
        assert!(shown.contains("--> api.yaml:3:3"), "{shown}");
        assert!(!shown.contains('^'), "{shown}");
    }

    #[test]
    fn spans_stay_inside_the_text() {
        let text = "a: é  \nb";
        assert_eq!(node_span(text, Position { line: 1, column: 4 }), 3..5, "trailing spaces are left out");
        assert_eq!(node_span(text, Position { line: 2, column: 9 }), 9..9);
        assert_eq!(node_span(text, Position { line: 9, column: 1 }), 9..9);
    }

    #[test]
    fn escapes_in_the_spec_do_not_reach_the_terminal() {
        let mut d = diagnostic(1, 1);
        d.pointer = "#/paths/\u{1b}[31mred".to_owned();
        d.message = "bad \u{1b}[2J name".to_owned();
        let shown = render(&d, Some("\u{1b}[31m: x\n"), false);
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
    }
}
