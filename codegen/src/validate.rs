//! Checks that need the whole document, run before lowering.
//!
//! Lowering reports what it cannot generate; this module adds rules about the spec as a whole.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, pointer_join};
use crate::load::Document;

/// Every rule, in a fixed order.
pub fn validate(document: &Document) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    duplicate_operation_ids(document, &mut diagnostics);
    response_keys(document, &mut diagnostics);
    diagnostics
}

/// Two operations with one `operationId` break every tool that links by it.
fn duplicate_operation_ids(document: &Document, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, String> = HashMap::new();
    for (path, item) in document.openapi.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (method, operation) in item.iter() {
            let Some(id) = operation.operation_id.as_deref() else { continue };
            let pointer = format!("{}/{method}/operationId", pointer_join("#/paths", path));
            if let Some(earlier) = first.get(id) {
                out.push(Diagnostic::warning(
                    "operation-id-duplicate",
                    pointer,
                    format!("operationId `{id}` is already used at {earlier}; this method gets a numbered name, so give each operation its own id"),
                ));
            } else {
                first.insert(id, pointer);
            }
        }
    }
}

/// Response keys must be a status code, `1XX`…`5XX` or `default`; others are dropped by the parser.
fn response_keys(document: &Document, out: &mut Vec<Diagnostic>) {
    let Some(paths) = document.raw.get("paths").and_then(|p| p.as_object()) else { return };
    for (path, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for (method, operation) in item {
            let Some(responses) = operation.get("responses").and_then(|r| r.as_object()) else { continue };
            for key in responses.keys() {
                let valid = key == "default"
                    || key.starts_with("x-")
                    || (key.len() == 3 && matches!(key.as_bytes()[0], b'1'..=b'5') && {
                        let rest = &key[1..];
                        rest.bytes().all(|b| b.is_ascii_digit()) || rest.eq_ignore_ascii_case("XX")
                    });
                if !valid {
                    let pointer = pointer_join(&format!("{}/{method}/responses", pointer_join("#/paths", path)), key);
                    out.push(Diagnostic::error(
                        "response-key",
                        pointer,
                        format!("`{key}` is not a status code, a range such as `4XX`, or `default`"),
                    ));
                }
            }
        }
    }
}
