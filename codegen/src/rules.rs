//! Every rule, with its two severities in one table: one for `validate`, one for `generate`.
//!
//! `validate` reports every breach of a MUST in the OpenAPI specification as an error.
//! `generate` stops only where it cannot produce a correct client, and otherwise warns and goes on
//! (a security requirement naming an undeclared scheme is skipped; duplicate operationIds are named
//! after their method and path).

use crate::diagnostics::{Diagnostic, Severity};

/// What diagnostics are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `validate`: is the document a correct OpenAPI document?
    Validate,
    /// `generate`: can a correct client be made from it?
    Generate,
}

/// One rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Its name, as diagnostics show it.
    pub name: &'static str,
    /// Its severity for `validate`.
    pub validate: Severity,
    /// Its severity for `generate`.
    pub generate: Severity,
    /// What it checks.
    pub summary: &'static str,
}

use Severity::{Error as E, Warning as W};

const fn rule(name: &'static str, validate: Severity, generate: Severity, summary: &'static str) -> Rule {
    Rule { name, validate, generate, summary }
}

/// The rules, with both severities.
pub const RULES: &[Rule] = &[
    rule("syntax", E, E, "the file is not valid YAML or JSON"),
    rule("duplicate-key", E, E, "a key written twice in one mapping"),
    rule("too-large", E, E, "a file over the size limit"),
    rule("version", E, E, "not an OpenAPI 3.0.x document"),
    rule("schema", E, E, "not a valid OpenAPI 3.0 document (a field of the wrong type, a missing required field)"),
    rule("operation-ref", E, E, "an Operation Object given by `$ref`, which OpenAPI 3.0 does not allow"),
    rule("ref-unresolved", E, E, "a `$ref` that resolves to nothing"),
    rule(
        "schema-ref-unresolved",
        E,
        W,
        "a schema `$ref` that resolves to nothing; generate types it as any JSON (`serde_json::Value`)",
    ),
    rule("ref-cycle", E, E, "a `$ref`/`allOf` cycle no type can hold"),
    rule("ref-unsupported", E, E, "a `$ref` the generator cannot follow (remote, or into a section it cannot hold)"),
    rule(
        "path-param-undeclared",
        E,
        W,
        "a `{name}` in a path template without a path parameter; the client takes it as a string argument",
    ),
    rule("path-param-unused", E, E, "a path parameter whose name is not in the template"),
    rule("path-param-optional", E, W, "a path parameter without `required: true`; the client requires it anyway"),
    rule("param-duplicate", E, W, "a parameter listed twice; the last one is used"),
    rule("param-content-unsupported", E, E, "a parameter given by `content` rather than `schema`"),
    rule(
        "operation-id-missing",
        W,
        W,
        "an operation without an operationId; its method is named after method and path",
    ),
    rule(
        "operation-id-duplicate",
        E,
        W,
        "an operationId used twice (it MUST be unique); those methods are named after method and path",
    ),
    rule(
        "security-undefined",
        E,
        W,
        "a security requirement naming a scheme `components.securitySchemes` lacks; the client skips it",
    ),
    rule("server-variable-undeclared", E, E, "a `{variable}` in a server URL that `variables` does not declare"),
    rule("response-key", E, W, "a response key that is not a status, `1XX`-`5XX` or `default`; it is ignored"),
    rule("example-invalid", W, W, "an example that does not match its schema"),
    rule("default-invalid", W, W, "a default that does not match its schema"),
    rule("name-collision", W, W, "names that differ in the spec but not in Rust; one gets a numbered suffix"),
    rule("callback-unsupported", W, W, "callbacks, which the server sends and the client does not serve"),
    rule("response-headers-unsupported", W, W, "response headers, which the client does not expose on success"),
    rule("media-type-unsupported", W, W, "a second media type of one kind; the first is used"),
    rule("not-unsupported", W, W, "`not`, which Rust types cannot express; any JSON is accepted"),
    rule(
        "response-description-missing",
        E,
        W,
        "a Response Object without its required `description`; generate goes on without one",
    ),
    rule(
        "schema-type-invalid",
        E,
        W,
        "a 3.1 schema whose `type` is not one of the seven JSON Schema types (or an array of them without repeats); the schema is left untyped",
    ),
    rule(
        "schema-required-invalid",
        E,
        W,
        "a 3.1 schema whose `required` is not an array of property names (Swagger 2.0's `required: true` on a property); it is ignored",
    ),
    rule(
        "enum-duplicate",
        W,
        W,
        "an `enum` listing a value twice (its values should be unique); the repeat is ignored",
    ),
    rule(
        "webhook-operations",
        W,
        W,
        "a webhook with several operations; `WebhookEvent` decodes the one that sends a body, the others are left out",
    ),
    rule(
        "keyword-unsupported",
        W,
        W,
        "a JSON Schema 2020-12 keyword with no Rust type (`if`, `prefixItems`, `unevaluatedProperties`…); the client does not check it",
    ),
    rule(
        "oas30-keyword",
        E,
        W,
        "an OpenAPI 3.0 keyword that breaks the 3.1 schema (a boolean `exclusiveMinimum`); generate honours it",
    ),
    rule(
        "oas30-deprecated",
        W,
        W,
        "an OpenAPI 3.0 keyword a 3.1 document should no longer use (`nullable`, a schema's `example`); honoured",
    ),
    rule(
        "config",
        E,
        E,
        "a configuration file (`oaswire.toml`) that is not valid, or names a schema, tag, operation or path the spec lacks",
    ),
    rule("internal", E, E, "a generator bug"),
];

/// The rule named `name`, if the table has it.
pub fn rule_named(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}

/// Sets each diagnostic's severity to its rule's for `mode`. Rules the table lacks keep theirs.
pub fn apply(diagnostics: &mut [Diagnostic], mode: Mode) {
    for diagnostic in diagnostics {
        if let Some(rule) = rule_named(diagnostic.rule) {
            diagnostic.severity = match mode {
                Mode::Validate => rule.validate,
                Mode::Generate => rule.generate,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_can_be_an_error_for_validate_and_a_warning_for_generate() {
        let mut diagnostics = vec![Diagnostic::error("security-undefined", "#/paths", "x")];
        apply(&mut diagnostics, Mode::Generate);
        assert_eq!(diagnostics[0].severity, Severity::Warning);
        apply(&mut diagnostics, Mode::Validate);
        assert_eq!(diagnostics[0].severity, Severity::Error);
    }

    #[test]
    fn rule_names_are_unique() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), RULES.len());
    }
}
