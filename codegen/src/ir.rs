//! The intermediate representation: what the client is, with every name already chosen.
//!
//! Lowering fills it from the spec; the emitters read only this.

/// The whole API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`.
    pub version: String,
    /// The first server URL, if any.
    pub default_base_url: Option<String>,
    /// Named types, in a stable order.
    pub types: Vec<TypeDef>,
    /// Operations, in spec order.
    pub operations: Vec<Operation>,
    /// Security schemes the client can be configured with.
    pub security: Vec<SecurityScheme>,
    /// How many type uses became `serde_json::Value`, by what forced them.
    pub json_values: Vec<(String, usize)>,
}

impl Api {
    /// Every type use in the API, for deciding which crates the client needs.
    pub fn type_uses(&self) -> Vec<&TypeRef> {
        let mut uses = Vec::new();
        for def in &self.types {
            match &def.kind {
                TypeKind::Struct { fields, additional } => {
                    uses.extend(fields.iter().map(|f| &f.ty));
                    uses.extend(additional);
                }
                TypeKind::Untagged { variants } => uses.extend(variants.iter().map(|v| &v.ty)),
                TypeKind::Tagged { variants, .. } => uses.extend(variants.iter().map(|(_, v)| &v.ty)),
                TypeKind::IntEnum { .. } => {}
                TypeKind::Alias(ty) => uses.push(ty),
                TypeKind::StringEnum { .. } => {}
            }
        }
        for op in &self.operations {
            uses.extend(op.path_params.iter().chain(&op.other_params).map(|p| &p.ty));
            uses.extend(op.body.iter().map(|b| &b.ty));
        }
        uses
    }

    /// Whether any operation sends a body of this kind.
    pub fn sends(&self, media: BodyMedia) -> bool {
        self.operations.iter().any(|op| op.body.as_ref().is_some_and(|b| b.media == media))
    }
}

impl TypeRef {
    /// Whether this type, or a type inside it, satisfies `predicate`.
    pub fn contains(&self, predicate: &impl Fn(&TypeRef) -> bool) -> bool {
        predicate(self)
            || match self {
                TypeRef::List(inner) | TypeRef::Map(inner) => inner.contains(predicate),
                _ => false,
            }
    }
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// What it is.
    pub kind: TypeKind,
    /// JSON pointer to where the spec defines it, so reports can name the line.
    pub pointer: String,
}

/// The shapes a named type can take.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct {
        /// The properties, in spec order.
        fields: Vec<Field>,
        /// Where `additionalProperties` go, when the schema names their type.
        additional: Option<TypeRef>,
    },
    /// A string enum that also keeps values it does not know.
    StringEnum {
        /// The known values.
        variants: Vec<EnumVariant>,
        /// The name of the catch-all variant.
        fallback: String,
    },
    /// `oneOf`/`anyOf` without a discriminator: the first variant that fits wins.
    Untagged {
        /// The alternatives, in spec order.
        variants: Vec<UnionVariant>,
    },
    /// `oneOf` with a discriminator: the property's value picks the variant.
    Tagged {
        /// The discriminating property's JSON name.
        property: String,
        /// The alternatives with the tag value of each.
        variants: Vec<(String, UnionVariant)>,
        /// The name of the catch-all variant for tags this client does not know.
        fallback: String,
    },
    /// An integer enum: an open newtype with a constant per known value.
    IntEnum {
        /// Constant names and values.
        values: Vec<(String, i64)>,
    },
    /// A named alias for another type.
    Alias(TypeRef),
}

/// One property of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust name.
    pub name: String,
    /// The JSON name.
    pub wire_name: String,
    /// Doc text.
    pub doc: Option<String>,
    /// The type, without the `Option` that `optional` adds.
    pub ty: TypeRef,
    /// Absent or null is allowed, so the field is an `Option`.
    pub optional: bool,
    /// Absent is allowed: skip it when serializing `None`.
    pub may_be_absent: bool,
    /// JSON pointer to where the spec defines it, so reports can name the line.
    pub pointer: String,
}

/// One known value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The Rust name.
    pub name: String,
    /// The value on the wire.
    pub value: String,
    /// Doc text, when the spec describes the value.
    pub doc: Option<String>,
    /// JSON pointer to where the spec defines it, so reports can name the line.
    pub pointer: String,
}

/// One alternative of an untagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust name.
    pub name: String,
    /// Its payload.
    pub ty: TypeRef,
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// RFC 3339 timestamp.
    DateTime,
    /// Calendar date.
    Date,
    /// A UUID.
    Uuid,
    /// Any JSON value.
    Json,
    /// Any JSON object.
    JsonObject,
    /// A named type from [`Api::types`].
    Named(String),
    /// A named type that recurses into itself, so it must be boxed.
    Boxed(String),
    /// `Vec<T>`.
    List(Box<TypeRef>),
    /// Raw bytes (`format: binary`).
    Bytes,
    /// A map from string keys.
    Map(Box<TypeRef>),
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
    /// OPTIONS.
    Options,
    /// HEAD.
    Head,
    /// PATCH.
    Patch,
    /// TRACE.
    Trace,
}

impl Method {
    /// The upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One operation: one method on the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The method name.
    pub name: String,
    /// The spec's `operationId`, or the name made up for it.
    pub id: String,
    /// HTTP method.
    pub method: Method,
    /// The path template as written, e.g. `/pets/{id}`.
    pub path: String,
    /// The template split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// Summary and description.
    pub doc: Option<String>,
    /// Path parameters, in template order.
    pub path_params: Vec<Parameter>,
    /// Query, header and cookie parameters, passed in one struct.
    pub other_params: Vec<Parameter>,
    /// The name of the struct that holds `other_params`, when there are any.
    pub params_type: Option<String>,
    /// The JSON request body.
    pub body: Option<RequestBody>,
    /// Success responses (2xx).
    pub success: Vec<Response>,
    /// The type successful calls return.
    pub success_type: SuccessType,
    /// Documented error responses.
    pub errors: Vec<Response>,
    /// The name of the enum of documented errors, when there are any.
    pub error_type: Option<String>,
    /// Indexes into [`Api::security`] of the schemes this operation sends.
    pub security: Vec<usize>,
    /// JSON pointer to where the spec defines it, so reports can name the line.
    pub pointer: String,
    /// JSON pointer to the security requirements that apply: the operation's own or the document's.
    pub security_pointer: String,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Text sent as is.
    Literal(String),
    /// The path parameter with this index in [`Operation::path_params`].
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The Rust name.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Doc text.
    pub doc: Option<String>,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the caller must give it.
    pub required: bool,
    /// How its value is written.
    pub style: ParamStyle,
    /// JSON pointer to where the operation or its path item lists it.
    pub pointer: String,
}

/// OpenAPI's `style` and `explode`, for the styles the client can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `simple` (paths and headers): `1,2`, `k,v`.
    Simple,
    /// `simple` with `explode`: objects as `k=v,k=v`.
    SimpleExploded,
    /// `form` without `explode`: `a=1,2`.
    Form,
    /// `form` with `explode` (the query default): `a=1&a=2`.
    FormExploded,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`: `a[k]=v`.
    DeepObject,
}

/// A request body in one media type.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// How it is encoded.
    pub media: BodyMedia,
    /// The media type sent as `Content-Type` (for text and binary bodies).
    pub media_type: String,
    /// Its type (for JSON, form and multipart bodies).
    pub ty: TypeRef,
    /// Whether the caller must give it.
    pub required: bool,
    /// Doc text.
    pub doc: Option<String>,
    /// JSON pointer to where the spec defines it, so reports can name the line.
    pub pointer: String,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyMedia {
    /// `application/json` and `+json` types.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`, sent as a string.
    Text,
    /// Anything else, sent as bytes.
    Binary,
}

impl BodyMedia {
    /// The kind of media type `media_type` is.
    pub fn of(media_type: &str) -> BodyMedia {
        let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if essence == "application/json" || essence.ends_with("+json") {
            BodyMedia::Json
        } else if essence == "application/x-www-form-urlencoded" {
            BodyMedia::Form
        } else if essence == "multipart/form-data" {
            BodyMedia::Multipart
        } else if essence.starts_with("text/") {
            BodyMedia::Text
        } else {
            BodyMedia::Binary
        }
    }

    /// The suffix of the extra method that sends this kind when the operation offers several.
    pub fn method_suffix(self) -> &'static str {
        match self {
            BodyMedia::Json => "json",
            BodyMedia::Form => "form",
            BodyMedia::Multipart => "multipart",
            BodyMedia::Text => "text",
            BodyMedia::Binary => "bytes",
        }
    }
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A range such as `4XX`: the hundreds digit.
    Range(u16),
    /// `default`: every status not listed otherwise.
    Default,
}

/// One documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The statuses it covers.
    pub status: StatusMatch,
    /// The variant name when it is part of an enum.
    pub variant: String,
    /// Doc text.
    pub doc: Option<String>,
    /// The body; `None` for no body.
    pub body: Option<BodyType>,
    /// JSON pointer to where the spec defines it, so reports can name the line.
    pub pointer: String,
}

/// How a response body is read.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyType {
    /// JSON, decoded into this type.
    Json(TypeRef),
    /// Text, as a `String`.
    Text,
    /// Anything else, as bytes.
    Binary,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessType {
    /// Nothing (`()`).
    Unit,
    /// One body type for every success status.
    Single(BodyType),
    /// An enum of the success responses, with this name.
    Enum(String),
}

/// How a security scheme is sent.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key in `components.securitySchemes`.
    pub key: String,
    /// The builder method's name, such as `with_api_key`.
    pub setter: String,
    /// The client field's name.
    pub field: String,
    /// Doc text.
    pub doc: Option<String>,
    /// Where the credential goes.
    pub kind: SecurityKind,
    /// JSON pointer to where the spec defines it, so reports can name the line.
    pub pointer: String,
}

/// Where a credential goes.
#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    /// A header with this name.
    Header(String),
    /// `Authorization: Bearer <token>`.
    Bearer,
}
