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
    /// The first server's URL with its variables at their defaults, when it is absolute.
    pub default_base_url: Option<String>,
    /// The document's `servers`, in order.
    pub servers: Vec<Server>,
    /// The `servers` declared on paths or operations, one group per distinct list; operations
    /// name theirs by index (1-based: 0 is the API's own base URL).
    pub server_groups: Vec<ServerGroup>,
    /// Named types, in a stable order.
    pub types: Vec<TypeDef>,
    /// Operations, in spec order.
    pub operations: Vec<Operation>,
    /// Security schemes the client can be configured with.
    pub security: Vec<SecurityScheme>,
    /// The names of the document's `tags`, in order.
    pub tags: Vec<String>,
    /// How many type uses became `serde_json::Value`, by what forced them.
    pub json_values: Vec<(String, usize)>,
    /// The document's `webhooks` (OpenAPI 3.1): requests the API sends to a receiver, in spec order.
    pub webhooks: Vec<Webhook>,
}

/// One webhook (an entry of OpenAPI 3.1's `webhooks`): a request the API sends to a receiver the
/// user runs. Its name is not on the wire; the receiver knows it from where it registered.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The key under `webhooks`, e.g. `newPet`.
    pub name: String,
    /// The variant of the generated `WebhookEvent` enum.
    pub variant: String,
    /// The HTTP method the API sends it with, lowercase.
    pub method: String,
    /// `summary` and `description` of the operation, and the request body's `description`.
    pub doc: Option<String>,
    /// The type of its JSON request body; `None` when it has none (its body is not decoded).
    pub payload: Option<TypeRef>,
    /// The payload schema's keywords, with the media type's own `example` when it has one.
    pub keywords: Keywords,
    /// JSON pointer to the operation, e.g. `#/webhooks/newPet/post`.
    pub pointer: String,
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
                TypeKind::Tagged { variants, .. } => uses.extend(variants.iter().map(|v| &v.variant.ty)),
                TypeKind::IntEnum { .. } => {}
                TypeKind::Alias(ty) => uses.push(ty),
                TypeKind::StringEnum { .. } => {}
            }
        }
        for op in &self.operations {
            uses.extend(op.path_params.iter().chain(&op.other_params).map(|p| &p.ty));
            uses.extend(op.body.iter().map(|b| &b.ty));
        }
        uses.extend(self.webhooks.iter().filter_map(|w| w.payload.as_ref()));
        uses
    }

    /// Whether any operation sends a body of this kind.
    pub fn sends(&self, media: BodyMedia) -> bool {
        self.operations.iter().any(|op| op.body.as_ref().is_some_and(|b| b.media == media))
    }
}

impl Operation {
    /// The media types of the documented bodies this operation reads, for its `Accept` header
    /// (RFC 9110 §12.5.1), in the order the responses list them, each once.
    pub fn accept(&self) -> Vec<&str> {
        let mut types: Vec<&str> = Vec::new();
        for media_type in self.success.iter().chain(&self.errors).filter_map(|r| r.media_type.as_deref()) {
            if !types.contains(&media_type) {
                types.push(media_type);
            }
        }
        types
    }
}

impl TypeRef {
    /// Whether this type, or a type inside it, satisfies `predicate`.
    pub fn contains(&self, predicate: &impl Fn(&TypeRef) -> bool) -> bool {
        predicate(self)
            || match self {
                TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.contains(predicate),
                TypeRef::Tuple(members) => members.iter().any(|m| m.contains(predicate)),
                _ => false,
            }
    }
}

/// The JSON Schema keywords of one use of a type that its Rust type does not carry: the
/// validation keywords (bounds, lengths, `pattern`, `format`, item counts) and the `example` and
/// `default` annotations. Sample values are built from them, so a sample satisfies its schema.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Keywords {
    /// `example`.
    pub example: Option<serde_json::Value>,
    /// `default`.
    pub default: Option<serde_json::Value>,
    /// `format`, as written.
    pub format: Option<String>,
    /// `pattern`, an ECMA-262 regular expression.
    pub pattern: Option<String>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minimum`, exclusive when `exclusive_minimum` is set.
    pub minimum: Option<f64>,
    /// `maximum`, exclusive when `exclusive_maximum` is set.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum: true` (OpenAPI 3.0's boolean form).
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum: true`.
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `enum`, when the Rust type does not spell the values out (an enum of any JSON values).
    pub values: Vec<serde_json::Value>,
    /// The JSON types of a 3.1 `type` array that lists several besides `null` (`[object, array]`):
    /// the Rust type is any JSON, and a sample is of the first of them.
    pub json_types: Vec<String>,
    /// The keywords of the array's `items`.
    pub items: Option<Box<Keywords>>,
    /// The keywords of the map's `additionalProperties`.
    pub additional: Option<Box<Keywords>>,
}

impl Keywords {
    /// Whether no keyword is set.
    pub fn is_empty(&self) -> bool {
        *self == Keywords::default()
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
    /// The schema's own keywords (its `example`, and for an alias the bounds of the aliased type).
    pub keywords: Keywords,
    /// JSON pointer to where the spec defines it, so reports can name the line.
    pub pointer: String,
    /// Derives beyond the generator's own, from the configuration (`derives`), as Rust paths.
    pub derives: Vec<String>,
    /// The Cargo features it is compiled under, any one of them; empty for always. See
    /// [`Operation::features`].
    pub features: Vec<String>,
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
        /// The alternatives with the tag values of each.
        variants: Vec<TaggedVariant>,
        /// The name of the catch-all variant for tags this client does not know.
        fallback: String,
    },
    /// An integer enum: an open newtype with a constant per known value.
    IntEnum {
        /// Constant names and values.
        values: Vec<(String, i64)>,
        /// `format: int32`: the newtype holds an `i32`.
        int32: bool,
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
    /// Absent or null is allowed, so the field is an `Option` (or a [`Field::three_state`] one).
    pub optional: bool,
    /// Absent is allowed: skip it when serializing `None`.
    pub may_be_absent: bool,
    /// In the schema's `required` list.
    pub required: bool,
    /// `nullable: true` (or a nullable `$ref` target).
    pub nullable: bool,
    /// `readOnly`: sent by the server only.
    pub read_only: bool,
    /// `writeOnly`: sent by the client only.
    pub write_only: bool,
    /// The property schema's keywords.
    pub keywords: Keywords,
    /// JSON pointer to where the spec defines it, so reports can name the line.
    pub pointer: String,
    /// An `allOf` part that is a union (`oneOf`/`anyOf`) rather than properties: the field holds
    /// it and shares the object's JSON keys with the others (`#[serde(flatten)]`). Its
    /// `wire_name` is empty.
    pub flatten: bool,
    /// The one value the property may hold, when it is required, not nullable and of a string
    /// enum with a single value (JSON Schema's `const`, or an `enum` of one value): the variant
    /// that `new` fills in, so it is not an argument of `new`.
    pub constant: Option<EnumVariant>,
}

impl Field {
    /// Absent, `null` and a value are three different things: the property may be left out (it is
    /// not required, or it is read-only or write-only) and may be null. Such a field is a
    /// `Nullable<T>`.
    pub fn three_state(&self) -> bool {
        self.may_be_absent && self.nullable
    }

    /// What the field holds on the wire, for messages: "property `name`", or the union part.
    pub fn described(&self) -> String {
        if self.flatten {
            "the properties of an `allOf` part that is a union".to_owned()
        } else {
            format!("property `{}`", self.wire_name)
        }
    }
}

/// Whether a struct of `fields` implements `Default`: when `new` takes no argument, as every
/// property may be left out or holds its one value ([`Field::constant`]).
pub fn implements_default(fields: &[Field]) -> bool {
    fields.iter().all(|f| f.may_be_absent || f.constant.is_some())
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

/// One alternative of a discriminated union.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedVariant {
    /// The tag values that pick it. The first is the one it is sent with: the value its schema
    /// pins on the tag property (a one-value `enum`), else the `mapping` key, else its schema name.
    /// The others are accepted when decoding.
    pub tags: Vec<String>,
    /// The alternative.
    pub variant: UnionVariant,
}

/// One alternative of an untagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust name.
    pub name: String,
    /// Its payload.
    pub ty: TypeRef,
    /// The alternative schema's keywords.
    pub keywords: Keywords,
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
    /// Bytes (`format: binary`): base64 in JSON, a file part in a multipart body.
    Binary,
    /// Bytes (`format: byte`): base64 text wherever they go.
    Base64,
    /// A map from string keys.
    Map(Box<TypeRef>),
    /// `Option<T>`: an array item or map value whose schema may be null.
    Nullable(Box<TypeRef>),
    /// `(A, B, …)`: a JSON array of fixed length whose items have their own types (JSON Schema
    /// 2020-12's `prefixItems`, with exactly that many items).
    Tuple(Vec<TypeRef>),
    /// A Rust type of the user's that replaces a schema (the configuration's `replace`), as a path
    /// such as `crate::money::Amount`. It must implement `Serialize`, `Deserialize`, `Debug`,
    /// `Clone` and `PartialEq`, as generated types do.
    External(String),
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
    /// The name of the struct that holds the optional ones of `other_params`, when there are any.
    /// The required ones are arguments of the method.
    pub params_type: Option<String>,
    /// The name of the call the method returns: its optional parameters are set on it, and it is
    /// awaited (`IntoFuture`).
    pub call_type: String,
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
    /// The security requirements that apply, in the spec's order: each a list of indexes into
    /// [`Api::security`], all of which are sent. The first whose credentials are all set is used;
    /// an empty one means the operation may be called without credentials.
    pub security: Vec<Vec<usize>>,
    /// Its server group: 0 for the API's own base URL, else 1 + an index into [`Api::server_groups`].
    pub server_group: usize,
    /// JSON pointer to where the spec defines it, so reports can name the line.
    pub pointer: String,
    /// JSON pointer to the security requirements that apply: the operation's own or the document's.
    pub security_pointer: String,
    /// The operation's `tags`.
    pub tags: Vec<String>,
    /// The Cargo features it is compiled under, any one of them; empty for always. The
    /// configuration's `features.per-tag` gives each tag a feature.
    pub features: Vec<String>,
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
    /// `style`.
    pub style: ParamStyle,
    /// `explode`.
    pub explode: bool,
    /// `allowReserved`.
    pub allow_reserved: bool,
    /// The schema's keywords, with the parameter's own `example` when it has one.
    pub keywords: Keywords,
    /// JSON pointer to where the operation or its path item lists it.
    pub pointer: String,
}

/// OpenAPI's parameter `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `matrix` (path): `;id=5`.
    Matrix,
    /// `label` (path): `.5`.
    Label,
    /// `simple` (path, header): `1,2`.
    Simple,
    /// `form` (query, cookie): `a=1&a=2` exploded, `a=1,2` not.
    Form,
    /// `spaceDelimited` (query): `a=1%202`.
    SpaceDelimited,
    /// `pipeDelimited` (query): `a=1%7C2`.
    PipeDelimited,
    /// `deepObject` (query): `a%5Bk%5D=v`.
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
    /// The schema's keywords, with the media type's own `example` when it has one.
    pub keywords: Keywords,
    /// Form and multipart bodies: how each property is encoded (the Encoding Object).
    pub encoding: Vec<PropertyEncoding>,
    /// JSON pointer to where the spec defines it, so reports can name the line.
    pub pointer: String,
}

/// How one property of a form or multipart body is encoded (OpenAPI's Encoding Object).
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyEncoding {
    /// The property's JSON name.
    pub property: String,
    /// `contentType` (multipart).
    pub content_type: Option<String>,
    /// Part headers whose value the spec fixes (a `default` or a one-value `enum`), name and value.
    pub headers: Vec<(String, String)>,
    /// `style` (form bodies).
    pub style: Option<ParamStyle>,
    /// `explode` (form bodies).
    pub explode: Option<bool>,
    /// `allowReserved` (form bodies).
    pub allow_reserved: bool,
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

/// The essence of `media_type` (RFC 9110 §8.3.1): type and subtype, lowercased, without parameters.
pub fn media_type_essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

impl BodyMedia {
    /// The kind of media type `media_type` is.
    pub fn of(media_type: &str) -> BodyMedia {
        let essence = media_type_essence(media_type);
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
    /// The media type the body is read as, when it has one.
    pub media_type: Option<String>,
    /// The names of the body's named `examples` (its media type's), in spec order.
    pub examples: Vec<String>,
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
    /// For schemes that send a token, the builder method that takes a token provider instead.
    pub provider_setter: Option<String>,
    /// Doc text.
    pub doc: Option<String>,
    /// Where the credential goes.
    pub kind: SecurityKind,
    /// JSON pointer to where the spec defines it, so reports can name the line.
    pub pointer: String,
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// A header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// A security scheme's type, and where its credential goes.
#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    /// `type: apiKey`: a key in a header, query parameter or cookie with this name.
    ApiKey(ApiKeyLocation, String),
    /// `type: http, scheme: basic`: a user and password.
    Basic,
    /// `type: http, scheme: bearer`: `Authorization: Bearer <token>`.
    Bearer,
    /// `type: http` with another scheme (its name): the caller writes the whole `Authorization` value.
    Http(String),
    /// `type: oauth2`: an access token, sent as `Bearer`.
    OAuth2,
    /// `type: openIdConnect`: an access token, sent as `Bearer`.
    OpenIdConnect,
}

/// One server of a `servers` list.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The name of its variant in the `Server` enum (document servers only).
    pub name: String,
    /// The name of the struct of its variables, when it has any (document servers only).
    pub variables_type: Option<String>,
    /// The URL, with `{variable}`s.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// Its variables, in the order the spec lists them.
    pub variables: Vec<ServerVariable>,
}

impl Server {
    /// The URL with every variable at its default.
    pub fn default_url(&self) -> String {
        self.variables.iter().fold(self.url.clone(), |url, v| url.replace(&format!("{{{}}}", v.name), &v.default))
    }
}

/// A server variable.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Its name in the URL.
    pub name: String,
    /// The Rust name of its field.
    pub field: String,
    /// `default`.
    pub default: String,
    /// `enum`: the values allowed, when the spec lists them.
    pub values: Vec<String>,
    /// The name of the enum of those values (document servers only).
    pub enum_type: Option<String>,
    /// `description`.
    pub description: Option<String>,
}

/// The servers of some paths or operations: those operations go to their own base URL.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerGroup {
    /// A name for the group, used in the setter `with_<name>_base_url`.
    pub name: String,
    /// The servers, in order; the first, with its defaults, is the base URL until set.
    pub servers: Vec<Server>,
    /// JSON pointer to the first `servers` list of the group.
    pub pointer: String,
}
