//! Paths and operations → client methods.

use openapiv3::{
    Operation as SpecOperation, Parameter as SpecParameter, ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle,
    ReferenceOr, StatusCode,
};
use serde_json::Value;

use super::schemas::SchemaRef;
use super::{Lowerer, join_doc};
use crate::diagnostics::pointer_join;
use crate::ir::{
    BodyMedia, BodyType, Method, Operation, ParamLocation, ParamStyle, Parameter, PathPart, PropertyEncoding,
    RequestBody, Response, SecurityScheme, ServerGroup, StatusMatch, SuccessType, TypeRef,
};
use crate::names::{self, Scope};

/// Argument names every operation method uses itself.
/// Argument names every operation method and its call use themselves.
const RESERVED_ARGUMENTS: &[&str] = &["self", "body", "params", "client", "request", "response", "status"];

/// Names of the call's own methods, which its optional parameters' setters must not take.
const CALL_METHODS: &[&str] = &["send", "params", "body", "into_future"];

/// A parameter as written, before it becomes an argument.
struct Declared<'a> {
    data: &'a openapiv3::ParameterData,
    location: ParamLocation,
    style: ParamStyle,
    explode: bool,
    allow_reserved: bool,
    /// The resolved definition, for diagnostics about it.
    pointer: String,
    /// Where the operation or path item lists it, for reports about the operation.
    site: String,
}

impl<'a> Lowerer<'a> {
    pub(super) fn operations(&mut self, schemes: &[SecurityScheme], groups: &mut Vec<ServerGroup>) -> Vec<Operation> {
        let mut reserved = super::security::CLIENT_METHODS.to_vec();
        reserved.extend(schemes.iter().map(|s| s.setter.as_str()));
        reserved.extend(schemes.iter().filter_map(|s| s.provider_setter.as_deref()));
        let mut methods = Scope::with_reserved(&reserved);
        let mut group_names = Scope::default();
        let mut operations = Vec::new();
        // Operations that share an operationId are all named after their method and path.
        let mut id_counts = std::collections::HashMap::new();
        for item in self.document.openapi.paths.paths.values() {
            if let ReferenceOr::Item(item) = item {
                for (_, operation) in item.iter() {
                    if let Some(id) = &operation.operation_id {
                        *id_counts.entry(id.clone()).or_insert(0) += 1;
                    }
                }
            }
        }
        for (path, item) in &self.document.openapi.paths.paths {
            let item_pointer = pointer_join("#/paths", path);
            let ReferenceOr::Item(item) = item else {
                self.error("ref-unsupported", &item_pointer, "path items given by `$ref` are not supported yet");
                continue;
            };
            for (method, operation) in item.iter() {
                let pointer = format!("{item_pointer}/{method}");
                let id = match &operation.operation_id {
                    Some(id) => id.clone(),
                    None => {
                        let made_up = names::snake(&format!("{method} {path}"));
                        self.warning(
                            "operation-id-missing",
                            &pointer,
                            format!("no operationId; the method is named `{made_up}` after the method and path"),
                        );
                        made_up
                    }
                };
                let name = if id_counts.get(&id).copied().unwrap_or(0) > 1 {
                    methods.claim(names::operation_name(method, path))
                } else {
                    methods.claim(names::snake(&id))
                };
                let server_group = if !operation.servers.is_empty() {
                    let hint = names::bare(&name).to_owned();
                    self.server_group(
                        &operation.servers,
                        &format!("{pointer}/servers"),
                        &hint,
                        groups,
                        &mut group_names,
                    )
                } else {
                    let hint = names::operation_name("", path);
                    self.server_group(
                        &item.servers,
                        &format!("{item_pointer}/servers"),
                        &hint,
                        groups,
                        &mut group_names,
                    )
                };
                let site = OperationSite { path, item, method, operation, pointer, id, name, server_group };
                let Some((op, other_bodies)) = self.operation(site, schemes) else { continue };
                // Each further media type gets its own method, named after the kind it sends.
                let variants: Vec<Operation> = other_bodies
                    .into_iter()
                    .map(|body| {
                        let name = methods.claim(format!("{}_{}", names::bare(&op.name), body.media.method_suffix()));
                        let doc = format!(
                            "{}\n\nSends the body as `{}`.",
                            op.doc.as_deref().unwrap_or_default(),
                            body.media_type
                        );
                        let call_type = self.type_scope.claim(format!("{}Call", names::pascal(&name)));
                        Operation { name, call_type, doc: Some(doc.trim().to_owned()), body: Some(body), ..op.clone() }
                    })
                    .collect();
                operations.push(op);
                operations.extend(variants);
            }
        }
        operations
    }

    /// The operation with its preferred body, and the bodies in its other media types.
    fn operation(
        &mut self,
        site: OperationSite<'a>,
        schemes: &[SecurityScheme],
    ) -> Option<(Operation, Vec<RequestBody>)> {
        let OperationSite { path, item, method, operation, pointer, id, name, server_group } = site;
        let type_base = names::pascal(&id);
        let declared = self.declared_parameters(item, operation, &pointer);

        let (path_parts, template_names) = parse_template(path);
        let mut arguments = Scope::with_reserved(RESERVED_ARGUMENTS);
        let mut path_params = Vec::new();
        // Mismatches between template and declarations are validation's to report. A name the
        // template holds and no parameter declares is still part of the path: servers whose
        // framework documents only typed extractors leave such parameters out (aide's
        // `Path<String>`), and the client cannot call the operation without them.
        for template_name in &template_names {
            match declared.iter().find(|d| d.location == ParamLocation::Path && &d.data.name == template_name) {
                Some(d) => path_params.push(self.parameter(d, &type_base, &mut arguments)),
                None => path_params.push(Parameter {
                    name: arguments.claim(names::snake(template_name)),
                    wire_name: template_name.clone(),
                    location: ParamLocation::Path,
                    doc: Some(format!(
                        "`{{{template_name}}}` in the path `{path}`, which no parameter of the spec declares; any \
                         text, percent-encoded."
                    )),
                    ty: TypeRef::String,
                    required: true,
                    style: ParamStyle::Simple,
                    explode: false,
                    allow_reserved: false,
                    keywords: crate::ir::Keywords::default(),
                    pointer: pointer_join("#/paths", path),
                }),
            }
        }
        let path_parts = path_parts
            .into_iter()
            .map(|part| match part {
                TemplatePart::Literal(text) => PathPart::Literal(text),
                TemplatePart::Param(param) => {
                    PathPart::Param(path_params.iter().position(|p| p.wire_name == param).unwrap_or(usize::MAX))
                }
            })
            .filter(|part| *part != PathPart::Param(usize::MAX))
            .collect();

        // Required parameters are arguments of the method, beside the path's; optional ones are
        // fields of the `…Params` struct and setters of the call.
        let mut fields = Scope::with_reserved(CALL_METHODS);
        let other_params: Vec<Parameter> = declared
            .iter()
            .filter(|d| d.location != ParamLocation::Path)
            .map(|d| {
                let required = d.data.required;
                let scope = if required { &mut arguments } else { &mut fields };
                self.parameter(d, &type_base, scope)
            })
            .collect();
        let params_type =
            other_params.iter().any(|p| !p.required).then(|| self.type_scope.claim(format!("{type_base}Params")));
        let call_type = self.type_scope.claim(format!("{type_base}Call"));

        let mut bodies = match &operation.request_body {
            Some(body) => self.request_bodies(body, &type_base, &format!("{pointer}/requestBody")),
            None => Vec::new(),
        };
        let body = (!bodies.is_empty()).then(|| bodies.remove(0));
        let (success, errors) = self.responses(operation, &type_base, &pointer);
        let success_type = self.success_type(&success, &type_base);
        let error_type = (!errors.is_empty()).then(|| self.type_scope.claim(format!("{type_base}Error")));
        let (security, security_pointer) = self.operation_security(operation.security.as_ref(), &pointer, schemes);

        let lowered = Operation {
            name,
            id,
            method: parse_method(method),
            path: path.to_owned(),
            path_parts,
            doc: join_doc(operation.summary.as_deref(), operation.description.as_deref()),
            path_params,
            other_params,
            params_type,
            call_type,
            body,
            success,
            success_type,
            errors,
            error_type,
            security,
            server_group,
            pointer,
            security_pointer,
            tags: operation.tags.clone(),
            features: Vec::new(),
        };
        Some((lowered, bodies))
    }

    /// Path-level parameters overridden by operation-level ones with the same name and location.
    fn declared_parameters(
        &mut self,
        item: &'a PathItem,
        operation: &'a SpecOperation,
        pointer: &str,
    ) -> Vec<Declared<'a>> {
        let item_pointer = &pointer[..pointer.rfind('/').unwrap_or(0)];
        let components = self.document.openapi.components.as_ref().map(|c| &c.parameters);
        let mut declared: Vec<Declared<'a>> = Vec::new();
        let sources = [(&item.parameters, item_pointer), (&operation.parameters, pointer)];
        for (parameters, base) in sources {
            for (i, parameter) in parameters.iter().enumerate() {
                let parameter_pointer = format!("{base}/parameters/{i}");
                let Some((parameter, target)) = self.resolve(parameter, &parameter_pointer, "parameters", components)
                else {
                    continue;
                };
                let Some(d) = self.declared(parameter, target, parameter_pointer) else { continue };
                declared.retain(|old| !(old.data.name == d.data.name && old.location == d.location));
                declared.push(d);
            }
        }
        declared
    }

    /// Whether a header parameter named `name` is ignored, as OpenAPI says of `Accept`,
    /// `Content-Type` and `Authorization`. An `Authorization` parameter is kept in a document
    /// without security schemes (Oxide's keeper spec): it is the only way such a client logs in.
    fn ignored_header(&self, name: &str) -> bool {
        match name.to_ascii_lowercase().as_str() {
            "accept" | "content-type" => true,
            "authorization" => {
                self.document.openapi.components.as_ref().is_some_and(|c| !c.security_schemes.is_empty())
            }
            _ => false,
        }
    }

    fn declared(&mut self, parameter: &'a SpecParameter, pointer: String, site: String) -> Option<Declared<'a>> {
        let data = parameter.parameter_data_ref();
        let (location, style) = match parameter {
            SpecParameter::Path { style, .. } => (
                ParamLocation::Path,
                match style {
                    PathStyle::Simple => ParamStyle::Simple,
                    PathStyle::Label => ParamStyle::Label,
                    PathStyle::Matrix => ParamStyle::Matrix,
                },
            ),
            SpecParameter::Header { .. } if self.ignored_header(&data.name) => {
                // OpenAPI 3.0.3 and 3.1 §4.8.12.1: such a header parameter "SHALL be ignored"; the
                // client sends them from the responses, the body and the security schemes.
                self.warning(
                    "header-param-ignored",
                    &site,
                    format!(
                        "a header parameter named `{}` is ignored, as OpenAPI says: the client sends it from the \
                         responses' media types, the request body or the security schemes",
                        data.name
                    ),
                );
                return None;
            }
            SpecParameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
            SpecParameter::Query { style, .. } => (
                ParamLocation::Query,
                match style {
                    QueryStyle::Form => ParamStyle::Form,
                    QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParamStyle::DeepObject,
                },
            ),
            SpecParameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form),
        };
        // `explode` defaults to true for `form` and `deepObject` (false with it is undefined), false otherwise.
        let explode = data.explode.unwrap_or(matches!(style, ParamStyle::Form | ParamStyle::DeepObject));
        let allow_reserved = matches!(parameter, SpecParameter::Query { allow_reserved: true, .. });
        Some(Declared { data, location, style, explode, allow_reserved, pointer, site })
    }

    fn parameter(&mut self, declared: &Declared<'a>, type_base: &str, scope: &mut Scope) -> Parameter {
        let data = declared.data;
        let schema_pointer = format!("{}/schema", declared.pointer);
        let mut keywords = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => self.schema_keywords(schema.into()),
            ParameterSchemaOrContent::Content(_) => crate::ir::Keywords::default(),
        };
        if let Some(example) = data.example.clone().or_else(|| self.first_example(&data.examples)) {
            keywords.example = Some(example);
        }
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => self.schema_type(
                SchemaRef::from(schema),
                &format!("{type_base}{}", names::pascal(&data.name)),
                &schema_pointer,
            ),
            ParameterSchemaOrContent::Content(_) => {
                self.error(
                    "param-content-unsupported",
                    &declared.pointer,
                    "parameters given by `content` are not supported yet; use `schema`",
                );
                TypeRef::String
            }
        };
        Parameter {
            name: scope.claim(names::snake(&data.name)),
            wire_name: data.name.clone(),
            location: declared.location,
            doc: data.description.clone(),
            ty,
            required: data.required || declared.location == ParamLocation::Path,
            style: declared.style,
            explode: declared.explode,
            allow_reserved: declared.allow_reserved,
            keywords,
            pointer: declared.site.clone(),
        }
    }

    /// One body per kind of media type, the preferred kind (JSON, form, multipart, text, bytes) first.
    fn request_bodies(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        type_base: &str,
        pointer: &str,
    ) -> Vec<RequestBody> {
        let components = self.document.openapi.components.as_ref().map(|c| &c.request_bodies);
        let site = pointer;
        let Some((body, pointer)) = self.resolve(body, pointer, "requestBodies", components) else { return Vec::new() };
        let mut kinds: Vec<(BodyMedia, &String, &openapiv3::MediaType)> =
            body.content.iter().map(|(media_type, media)| (BodyMedia::of(media_type), media_type, media)).collect();
        kinds.sort_by_key(|(kind, ..)| *kind as u8);
        let mut bodies: Vec<RequestBody> = Vec::new();
        for (kind, media_type, media) in kinds {
            if bodies.iter().any(|b| b.media == kind) {
                self.warning(
                    "media-type-unsupported",
                    &pointer_join(&format!("{pointer}/content"), media_type),
                    format!("`{media_type}` is sent like another media type of this body; the first one is used"),
                );
                continue;
            }
            // The preferred body is `…Request`; the others are named after their kind.
            let hint = match bodies.is_empty() {
                true => format!("{type_base}Request"),
                false => format!("{type_base}{}Request", names::pascal(kind.method_suffix())),
            };
            let schema_pointer = pointer_join(&format!("{pointer}/content"), media_type) + "/schema";
            let ty = match (&media.schema, kind) {
                (_, BodyMedia::Text | BodyMedia::Binary) => TypeRef::String,
                (Some(schema), _) => self.schema_type(schema.into(), &hint, &schema_pointer),
                (None, _) => self.json("a media type without a schema"),
            };
            let mut keywords = media.schema.as_ref().map(|s| self.schema_keywords(s.into())).unwrap_or_default();
            if let Some(example) = media.example.clone().or_else(|| self.first_example(&media.examples)) {
                keywords.example = Some(example);
            }
            let content_pointer = pointer_join(&format!("{pointer}/content"), media_type);
            let encoding = self.property_encodings(&content_pointer, kind);
            // A range (`image/*`) or a name a header cannot carry is sent as bytes of no particular type.
            let media_type = if media_type.contains('*') || !header_safe(media_type) {
                "application/octet-stream".to_owned()
            } else {
                media_type.clone()
            };
            bodies.push(RequestBody {
                media: kind,
                media_type,
                ty,
                required: body.required,
                doc: body.description.clone(),
                keywords,
                encoding,
                pointer: site.to_owned(),
            });
        }
        bodies
    }

    fn responses(
        &mut self,
        operation: &'a SpecOperation,
        type_base: &str,
        pointer: &str,
    ) -> (Vec<Response>, Vec<Response>) {
        let responses_pointer = format!("{pointer}/responses");
        let documented = operation.responses.responses.iter().map(|(status, response)| {
            let (status, key) = match status {
                StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string()),
                StatusCode::Range(range) => (StatusMatch::Range(*range), format!("{range}XX")),
            };
            (status, key, response)
        });
        let default =
            operation.responses.default.iter().map(|response| (StatusMatch::Default, "default".to_owned(), response));
        let all: Vec<_> = documented.chain(default).collect();
        let has_success = all.iter().any(|(status, ..)| is_success(*status));
        let success_count = all.iter().filter(|(status, ..)| is_success(*status)).count();

        let (mut success, mut errors) = (Vec::new(), Vec::new());
        let (mut success_names, mut error_names) = (Scope::default(), Scope::default());
        for (status, key, response) in all {
            let is_ok = is_success(status) || (status == StatusMatch::Default && !has_success);
            let scope = if is_ok { &mut success_names } else { &mut error_names };
            let variant = scope.claim(status_variant(status));
            let site = pointer_join(&responses_pointer, &key);
            let components = self.document.openapi.components.as_ref().map(|c| &c.responses);
            let Some((response, response_pointer)) = self.resolve(response, &site, "responses", components) else {
                continue;
            };
            // A lone success body is `…Response`; others are named after their status.
            let hint = if is_ok && success_count == 1 {
                format!("{type_base}Response")
            } else {
                format!("{type_base}{variant}")
            };
            let body = self.response_body(response, &hint, &response_pointer);
            let media_type = match response.content.iter().find(|(m, _)| is_json(m)) {
                Some((media_type, _)) => Some(media_type.clone()),
                None => response.content.first().map(|(media_type, _)| media_type.clone()),
            };
            // Only names a header can carry go into `Accept`.
            let media_type = media_type.filter(|m| header_safe(m));
            let doc = Some(response.description.trim().to_owned()).filter(|d| !d.is_empty());
            let examples = match response.content.iter().find(|(m, _)| is_json(m)) {
                Some((_, media)) => media.examples.keys().cloned().collect(),
                None => Vec::new(),
            };
            let lowered = Response { status, variant, doc, body, media_type, examples, pointer: site };
            if is_ok { success.push(lowered) } else { errors.push(lowered) }
        }
        (success, errors)
    }

    fn response_body(&mut self, response: &'a openapiv3::Response, hint: &str, pointer: &str) -> Option<BodyType> {
        let content_pointer = format!("{pointer}/content");
        if let Some((media_type, media)) = response.content.iter().find(|(m, _)| is_json(m)) {
            let schema_pointer = pointer_join(&content_pointer, media_type) + "/schema";
            let ty = match &media.schema {
                // A body that may be `null` (FastAPI's `anyOf: [{$ref}, {type: null}]` for an
                // `Optional` return) decodes as `Option<T>`.
                Some(schema) => {
                    let ty = self.schema_type(schema.into(), hint, &schema_pointer);
                    self.nullable_inside(schema.into(), ty)
                }
                None => self.json("a media type without a schema"),
            };
            return Some(BodyType::Json(ty));
        }
        let (media_type, _) = response.content.first()?;
        Some(if media_type.starts_with("text/") { BodyType::Text } else { BodyType::Binary })
    }

    /// The Encoding Object of each property of a form or multipart body, read from the raw
    /// document (the typed model cannot tell an absent `explode` from `false`).
    fn property_encodings(&mut self, content_pointer: &str, kind: BodyMedia) -> Vec<PropertyEncoding> {
        if !matches!(kind, BodyMedia::Form | BodyMedia::Multipart) {
            return Vec::new();
        }
        let Some(Value::Object(encodings)) = self.raw(&format!("{content_pointer}/encoding")) else {
            return Vec::new();
        };
        encodings
            .iter()
            .map(|(property, encoding)| {
                let style = match encoding.get("style").and_then(Value::as_str) {
                    Some("spaceDelimited") => Some(ParamStyle::SpaceDelimited),
                    Some("pipeDelimited") => Some(ParamStyle::PipeDelimited),
                    Some("deepObject") => Some(ParamStyle::DeepObject),
                    Some(_) => Some(ParamStyle::Form),
                    None => None,
                };
                let headers = encoding
                    .get("headers")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .filter_map(|(name, header)| {
                        let schema = header.get("schema")?;
                        let fixed =
                            schema.get("default").or_else(|| match schema.get("enum")?.as_array()?.as_slice() {
                                [only] => Some(only),
                                _ => None,
                            })?;
                        let value = match fixed {
                            Value::String(text) => text.clone(),
                            other => other.to_string(),
                        };
                        Some((name.clone(), value))
                    })
                    .collect();
                PropertyEncoding {
                    property: property.clone(),
                    content_type: encoding.get("contentType").and_then(Value::as_str).map(str::to_owned),
                    headers,
                    style,
                    explode: encoding.get("explode").and_then(Value::as_bool),
                    allow_reserved: encoding.get("allowReserved").and_then(Value::as_bool).unwrap_or(false),
                }
            })
            .collect()
    }

    /// The value of the first of `examples`, following a `$ref` into `components.examples`.
    pub(super) fn first_example(
        &mut self,
        examples: &'a indexmap::IndexMap<String, ReferenceOr<openapiv3::Example>>,
    ) -> Option<serde_json::Value> {
        let components = self.document.openapi.components.as_ref().map(|c| &c.examples);
        examples.values().find_map(|example| match example {
            ReferenceOr::Item(example) => example.value.clone(),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/examples/")?;
                components?.get(key)?.as_item()?.value.clone()
            }
        })
    }

    fn success_type(&mut self, success: &[Response], type_base: &str) -> SuccessType {
        match success {
            [] => SuccessType::Unit,
            [first, rest @ ..] if rest.iter().all(|r| r.body == first.body) => match &first.body {
                None => SuccessType::Unit,
                Some(body) => SuccessType::Single(body.clone()),
            },
            _ => SuccessType::Enum(self.type_scope.claim(format!("{type_base}Response"))),
        }
    }
}

/// Where an operation sits in the spec.
struct OperationSite<'a> {
    path: &'a str,
    item: &'a PathItem,
    method: &'a str,
    operation: &'a SpecOperation,
    pointer: String,
    id: String,
    name: String,
    server_group: usize,
}

enum TemplatePart {
    Literal(String),
    Param(String),
}

/// Splits `/a/{b}/c` into literal text and parameter names.
fn parse_template(path: &str) -> (Vec<TemplatePart>, Vec<String>) {
    let mut parts = Vec::new();
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        if open > 0 {
            parts.push(TemplatePart::Literal(rest[..open].to_owned()));
        }
        let name = rest[open + 1..open + close].to_owned();
        names.push(name.clone());
        parts.push(TemplatePart::Param(name));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest.to_owned()));
    }
    (parts, names)
}

fn parse_method(method: &str) -> Method {
    match method {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        _ => Method::Trace,
    }
}

/// Whether `text` can be a header value as it is: visible ASCII, spaces and tabs.
fn header_safe(text: &str) -> bool {
    text.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
}

pub(super) fn is_json(media_type: &str) -> bool {
    let essence = crate::ir::media_type_essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

fn is_success(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => (200..300).contains(&code),
        StatusMatch::Range(range) => range == 2,
        StatusMatch::Default => false,
    }
}

/// `BadRequest` for 400, `ClientError` for 4XX, `Other` for default.
fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => http::StatusCode::from_u16(code)
            .ok()
            .and_then(|s| s.canonical_reason())
            .map_or_else(|| format!("Status{code}"), names::pascal),
        StatusMatch::Range(1) => "Informational".to_owned(),
        StatusMatch::Range(2) => "Success".to_owned(),
        StatusMatch::Range(3) => "Redirection".to_owned(),
        StatusMatch::Range(4) => "ClientError".to_owned(),
        StatusMatch::Range(5) => "ServerError".to_owned(),
        StatusMatch::Range(range) => format!("Status{range}xx"),
        StatusMatch::Default => "Other".to_owned(),
    }
}
