//! `components.securitySchemes` → credentials the client can be given, and each operation's
//! security requirements.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme as Scheme};

use super::Lowerer;
use crate::diagnostics::pointer_join;
use crate::ir::{ApiKeyLocation, SecurityKind, SecurityScheme};
use crate::names::{self, Scope};

/// Client method names a scheme's setter must not take.
pub(crate) const CLIENT_METHODS: &[&str] =
    &["new", "with_http_client", "with_config", "default_config", "base_url", "for_server"];

impl<'a> Lowerer<'a> {
    pub(super) fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(components) = &self.document.openapi.components else { return Vec::new() };
        let mut methods = Scope::with_reserved(CLIENT_METHODS);
        let mut schemes = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let pointer = pointer_join("#/components/securitySchemes", key);
            let ReferenceOr::Item(scheme) = scheme else {
                self.error("ref-unsupported", &pointer, "a security scheme must be written out, not referenced");
                continue;
            };
            let (kind, description) = match scheme {
                Scheme::APIKey { location, name, description, .. } => {
                    let location = match location {
                        APIKeyLocation::Header => ApiKeyLocation::Header,
                        APIKeyLocation::Query => ApiKeyLocation::Query,
                        APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                    };
                    (SecurityKind::ApiKey(location, name.clone()), description)
                }
                // RFC 7235: scheme names are case-insensitive.
                Scheme::HTTP { scheme: http, description, .. } if http.eq_ignore_ascii_case("bearer") => {
                    (SecurityKind::Bearer, description)
                }
                Scheme::HTTP { scheme: http, description, .. } if http.eq_ignore_ascii_case("basic") => {
                    (SecurityKind::Basic, description)
                }
                Scheme::HTTP { scheme: http, description, .. } => (SecurityKind::Http(http.clone()), description),
                Scheme::OAuth2 { description, .. } => (SecurityKind::OAuth2, description),
                Scheme::OpenIDConnect { description, .. } => (SecurityKind::OpenIdConnect, description),
            };
            let base = names::bare(&names::snake(key)).to_owned();
            let setter = methods.claim(format!("with_{base}"));
            let provider_setter =
                matches!(kind, SecurityKind::Bearer | SecurityKind::OAuth2 | SecurityKind::OpenIdConnect)
                    .then(|| methods.claim(format!("with_{base}_provider")));
            schemes.push(SecurityScheme {
                key: key.clone(),
                setter,
                provider_setter,
                doc: description.clone(),
                kind,
                pointer,
            });
        }
        schemes
    }

    /// The security requirements an operation may satisfy, as scheme indexes, and the pointer to
    /// the requirements that say so. A requirement that names an undeclared scheme cannot be met:
    /// it is left out with a warning (validation reports it as an error).
    pub(super) fn operation_security(
        &mut self,
        requirements: Option<&'a Vec<SecurityRequirement>>,
        pointer: &str,
        schemes: &[SecurityScheme],
    ) -> (Vec<Vec<usize>>, String) {
        let (requirements, pointer) = match requirements {
            Some(requirements) => (requirements, format!("{pointer}/security")),
            None => match &self.document.openapi.security {
                Some(requirements) => (requirements, "#/security".to_owned()),
                None => return (Vec::new(), format!("{pointer}/security")),
            },
        };
        let mut lowered = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let indexes: Option<Vec<usize>> = requirement
                .keys()
                .map(|key| {
                    let index = schemes.iter().position(|s| &s.key == key);
                    if index.is_none() {
                        self.warning(
                            "security-undefined",
                            &format!("{pointer}/{i}"),
                            format!(
                                "security requirement names `{key}`, which components.securitySchemes does not \
                                 define; the client skips this requirement"
                            ),
                        );
                    }
                    index
                })
                .collect();
            if let Some(indexes) = indexes
                && !lowered.contains(&indexes)
            {
                lowered.push(indexes);
            }
        }
        (lowered, pointer)
    }
}
