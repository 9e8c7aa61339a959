//! Spec → IR. The only stage that reads the openapiv3 structures.

mod operations;
mod schemas;
mod security;
mod servers;
mod webhooks;

pub(crate) use security::CLIENT_METHODS;

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::ReferenceOr;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, pointer_join};
use crate::ir::{Api, TypeDef};
use crate::load::Document;
use crate::names::Scope;

/// Names of the generated support items that share the crate root with the spec's types.
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client",
    "Error",
    "ApiError",
    "UnexpectedResponse",
    "InvalidRequest",
    "ConfigError",
    "Credential",
    "StatusCode",
    "Transport",
    "Response",
    "Option",
    "String",
    "Vec",
    "Box",
    "Result",
    "Config",
    "InterruptedResponse",
    "RetryPolicy",
    "Bytes",
    "Nullable",
    "TokenProvider",
    "BoxError",
    "Server",
    "WebhookEvent",
    "WebhookError",
];

/// Lowers a parsed document. The diagnostics may hold errors; the caller decides.
pub fn lower(document: &Document) -> (Api, Vec<Diagnostic>) {
    let mut lowerer = Lowerer {
        document,
        diagnostics: Vec::new(),
        type_scope: Scope::with_reserved(RESERVED_TYPE_NAMES),
        types: Vec::new(),
        schema_names: HashMap::new(),
        json_reasons: Default::default(),
    };
    lowerer.declare_component_schemas();
    lowerer.lower_component_schemas();
    let security = lowerer.security_schemes();
    let mut server_groups = Vec::new();
    let mut operations = lowerer.operations(&security, &mut server_groups);
    let webhooks = lowerer.webhooks();
    let servers = lowerer.document_servers(&document.openapi.servers);
    lowerer.box_recursive_fields();
    lowerer.fill_constants();
    lowerer.box_large_union_variants();
    box_large_response_variants(&lowerer.types, &mut operations);
    let info = &document.openapi.info;
    let api = Api {
        title: info.title.clone(),
        description: info.description.clone(),
        version: info.version.clone(),
        default_base_url: servers
            .first()
            .map(crate::ir::Server::default_url)
            .filter(|url| url.starts_with("http://") || url.starts_with("https://")),
        servers,
        server_groups,
        types: lowerer.types,
        operations,
        security,
        tags: document.openapi.tags.iter().map(|tag| tag.name.clone()).collect(),
        json_values: lowerer.json_reasons.into_iter().map(|(reason, n)| (reason.to_owned(), n)).collect(),
        webhooks,
    };
    (api, lowerer.diagnostics)
}

/// Boxes big payloads of the per-operation success and error enums.
fn box_large_response_variants(types: &[TypeDef], operations: &mut [crate::ir::Operation]) {
    use crate::ir::SuccessType;
    let mut sizes = schemas::SizeEstimate::new(types);
    for op in operations {
        let enum_success = matches!(op.success_type, SuccessType::Enum(_));
        let count = op.errors.len();
        sizes.box_large(&mut json_bodies(&mut op.errors), count);
        if enum_success {
            let count = op.success.len();
            sizes.box_large(&mut json_bodies(&mut op.success), count);
        }
    }
}

/// The JSON body types of `responses`, to box in place.
fn json_bodies(responses: &mut [crate::ir::Response]) -> Vec<&mut crate::ir::TypeRef> {
    use crate::ir::BodyType;
    responses
        .iter_mut()
        .filter_map(|r| match &mut r.body {
            Some(BodyType::Json(ty)) => Some(ty),
            _ => None,
        })
        .collect()
}

struct Lowerer<'a> {
    document: &'a Document,
    diagnostics: Vec<Diagnostic>,
    type_scope: Scope,
    types: Vec<TypeDef>,
    /// Component schema key → Rust type name.
    schema_names: HashMap<String, String>,
    /// How many uses became `serde_json::Value`, by what forced them.
    json_reasons: std::collections::BTreeMap<&'static str, usize>,
}

impl<'a> Lowerer<'a> {
    fn error(&mut self, rule: &'static str, pointer: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(rule, pointer, message));
    }

    fn warning(&mut self, rule: &'static str, pointer: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::warning(rule, pointer, message));
    }

    /// The raw JSON at `pointer` (`#/...`), for keys the typed model drops.
    fn raw(&self, pointer: &str) -> Option<&'a Value> {
        let raw = self.document.bundled.as_ref().unwrap_or(&self.document.raw);
        raw.pointer(pointer.strip_prefix('#').unwrap_or(pointer))
    }

    /// The `description` written beside a `$ref`, which the typed model drops.
    fn description_beside_ref(&self, pointer: &str) -> Option<String> {
        self.raw(pointer)?.get("description")?.as_str().map(str::to_owned)
    }

    /// Follows `item` through `#/components/<section>/…` references to the value.
    fn resolve<T>(
        &mut self,
        item: &'a ReferenceOr<T>,
        pointer: &str,
        section: &str,
        components: Option<&'a IndexMap<String, ReferenceOr<T>>>,
    ) -> Option<(&'a T, String)> {
        let mut item = item;
        let mut pointer = pointer.to_owned();
        for _ in 0..64 {
            match item {
                ReferenceOr::Item(value) => return Some((value, pointer)),
                ReferenceOr::Reference { reference } => {
                    let target = self.component_key(reference, section, &pointer)?;
                    let Some(next) = components.and_then(|c| c.get(&target)) else {
                        self.error(
                            "ref-unresolved",
                            &pointer,
                            format!("`{reference}` does not resolve: there is no `{target}` in components.{section}"),
                        );
                        return None;
                    };
                    pointer = pointer_join(&format!("#/components/{section}"), &target);
                    item = next;
                }
            }
        }
        self.error("ref-cycle", &pointer, "this `$ref` chain does not end; break the cycle");
        None
    }

    /// The key that `reference` names in `#/components/<section>/`, or a diagnostic.
    fn component_key(&mut self, reference: &str, section: &str, pointer: &str) -> Option<String> {
        let prefix = format!("#/components/{section}/");
        match reference.strip_prefix(&prefix) {
            Some(key) if !key.contains('/') => Some(key.replace("~1", "/").replace("~0", "~")),
            _ if !reference.starts_with('#') => {
                self.error(
                    "ref-unsupported",
                    pointer,
                    format!("`{reference}` points into another file; references to other files are not supported yet"),
                );
                None
            }
            _ => {
                self.error(
                    "ref-unsupported",
                    pointer,
                    format!("`{reference}` must point at an entry of `{prefix}` here"),
                );
                None
            }
        }
    }
}

/// `summary` and `description` joined as doc text.
fn join_doc(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let parts: Vec<&str> =
        [summary, description].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
