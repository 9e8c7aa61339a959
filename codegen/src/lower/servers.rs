//! `servers` → the client's base URLs: the document's own, and those of paths and operations.

use super::Lowerer;
use crate::ir::{Server, ServerGroup, ServerVariable};
use crate::names::{self, Scope};

impl<'a> Lowerer<'a> {
    /// The servers of one `servers` list.
    pub(super) fn servers(&mut self, servers: &'a [openapiv3::Server], pointer: &str) -> Vec<Server> {
        servers
            .iter()
            .enumerate()
            .map(|(i, server)| {
                let mut fields = Scope::with_reserved(&["url"]);
                let variables = server
                    .variables
                    .iter()
                    .flatten()
                    .map(|(name, variable)| ServerVariable {
                        name: name.clone(),
                        field: fields.claim(names::snake(name)),
                        default: variable.default.clone(),
                        values: variable.enumeration.clone(),
                        enum_type: None,
                        description: variable.description.clone(),
                    })
                    .collect::<Vec<_>>();
                for name in crate::validate::template_names(&server.url) {
                    if !variables.iter().any(|v| v.name == name) {
                        self.error(
                            "server-variable-undeclared",
                            &format!("{pointer}/{i}/url"),
                            format!("the URL names `{{{name}}}`, which `variables` does not declare; declare it with a default"),
                        );
                    }
                }
                let name = match server.description.as_deref() {
                    Some(text) if text.split_whitespace().count() <= 3 && !names::pascal(text).starts_with('V') => {
                        names::pascal(text)
                    }
                    _ => format!("Server{}", i + 1),
                };
                Server { name, variables_type: None, url: server.url.clone(), description: server.description.clone(), variables }
            })
            .collect()
    }

    /// The server group of an operation with these `servers` (its own, else its path item's):
    /// 0 for none, else 1 + its index in `groups`, adding a group for a list not seen before.
    pub(super) fn server_group(
        &mut self,
        servers: &'a [openapiv3::Server],
        pointer: &str,
        name_hint: &str,
        groups: &mut Vec<ServerGroup>,
        names: &mut Scope,
    ) -> usize {
        if servers.is_empty() {
            return 0;
        }
        let lowered = self.servers(servers, pointer);
        if let Some(index) = groups.iter().position(|g| g.servers == lowered) {
            return index + 1;
        }
        let hint = lowered[0].description.as_deref().filter(|d| d.len() <= 40).unwrap_or(name_hint);
        let name = names.claim(names::bare(&names::snake(hint)).to_owned());
        groups.push(ServerGroup { name, servers: lowered, pointer: pointer.to_owned() });
        groups.len()
    }
}

impl<'a> Lowerer<'a> {
    /// The document's servers, with the type names their variables need claimed.
    pub(super) fn document_servers(&mut self, servers: &'a [openapiv3::Server]) -> Vec<Server> {
        let mut lowered = self.servers(servers, "#/servers");
        let mut variants = Scope::default();
        for server in &mut lowered {
            server.name = variants.claim(server.name.clone());
            if server.variables.is_empty() {
                continue;
            }
            server.variables_type = Some(self.type_scope.claim(format!("{}Variables", server.name)));
            for variable in &mut server.variables {
                if !variable.values.is_empty() {
                    let name = format!("{}{}", server.name, names::pascal(&variable.name));
                    variable.enum_type = Some(self.type_scope.claim(name));
                }
            }
        }
        lowered
    }
}
