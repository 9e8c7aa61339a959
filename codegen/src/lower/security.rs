//! `components.securitySchemes` → credentials the client can be given.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme as Scheme};

use super::Lowerer;
use crate::diagnostics::pointer_join;
use crate::ir::{SecurityKind, SecurityScheme};
use crate::names::{self, Scope};

/// Client method names a scheme's setter must not take.
const CLIENT_METHODS: &[&str] = &["new", "with_http_client", "with_config", "default_config", "base_url"];

impl<'a> Lowerer<'a> {
    pub(super) fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(components) = &self.document.openapi.components else { return Vec::new() };
        let mut methods = Scope::with_reserved(CLIENT_METHODS);
        let mut fields = Scope::with_reserved(&["transport"]);
        let mut schemes = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let pointer = pointer_join("#/components/securitySchemes", key);
            let ReferenceOr::Item(scheme) = scheme else {
                self.error("ref-unsupported", &pointer, "a security scheme must be written out, not referenced");
                continue;
            };
            let (kind, description) = match scheme {
                Scheme::APIKey { location: APIKeyLocation::Header, name, description, .. } => {
                    (SecurityKind::Header(name.clone()), description)
                }
                Scheme::HTTP { scheme: http, description, .. } if http.eq_ignore_ascii_case("bearer") => {
                    (SecurityKind::Bearer, description)
                }
                _ => {
                    self.warning(
                        "security-unsupported",
                        &pointer,
                        format!("security scheme `{key}` is not supported yet (only header API keys and bearer tokens); the client cannot send it"),
                    );
                    continue;
                }
            };
            let field = fields.claim(names::snake(key));
            schemes.push(SecurityScheme {
                key: key.clone(),
                setter: methods.claim(format!("with_{}", names::bare(&field))),
                field,
                doc: description.clone(),
                kind,
                pointer,
            });
        }
        schemes
    }

    /// Indexes of the schemes an operation may send (every scheme named by any alternative), and the
    /// pointer to the requirements that say so.
    pub(super) fn operation_security(
        &mut self,
        requirements: Option<&'a Vec<SecurityRequirement>>,
        pointer: &str,
        schemes: &[SecurityScheme],
    ) -> (Vec<usize>, String) {
        let (requirements, pointer) = match requirements {
            Some(requirements) => (requirements, format!("{pointer}/security")),
            None => match &self.document.openapi.security {
                Some(requirements) => (requirements, "#/security".to_owned()),
                None => return (Vec::new(), format!("{pointer}/security")),
            },
        };
        let mut used = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            for key in requirement.keys() {
                let defined =
                    self.document.openapi.components.as_ref().is_some_and(|c| c.security_schemes.contains_key(key));
                if !defined {
                    self.error(
                        "security-undefined",
                        &format!("{pointer}/{i}"),
                        format!("security requirement names `{key}`, which components.securitySchemes does not define"),
                    );
                } else if let Some(index) = schemes.iter().position(|s| &s.key == key)
                    && !used.contains(&index)
                {
                    used.push(index);
                }
            }
        }
        (used, pointer)
    }
}
