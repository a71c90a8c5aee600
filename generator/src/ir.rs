//! The generator's own model of a service, between the OpenAPI document and the emitted Rust.
//!
//! Every name here is already a legal, collision-free Rust identifier next to the wire name it
//! came from; every inline schema has a name; recursion is already boxed. `emit` reads only this.

/// One spec, lowered: becomes one module of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Rust module name, from the spec's file name (`airkey`).
    pub module: String,
    /// File name of the spec, relative to the workspace when possible (`specs/airkey.yaml`).
    pub source: String,
    pub title: String,
    pub version: String,
    pub docs: Vec<String>,
    /// The first server URL of the spec, with variables replaced by their defaults.
    pub default_base_url: Option<String>,
    pub security_schemes: Vec<SecurityScheme>,
    pub models: Vec<Model>,
    pub operations: Vec<Operation>,
    /// Sub-clients holding operations by tag, when the settings group them; operations in no
    /// group are methods of `Client` itself.
    pub groups: Vec<OperationGroup>,
    /// Derives and attributes the settings add to models, by model name; the entry `*` is what
    /// models without an entry of their own get.
    pub model_extras: std::collections::BTreeMap<String, ModelExtras>,
    /// Entries the settings add to `[dependencies]` of the generated crate.
    pub dependencies: Vec<String>,
}

/// The operations sharing a first tag, reached through `client.<accessor>()`.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationGroup {
    pub tag: String,
    /// The `Client` method returning the group (`repos`).
    pub accessor: String,
    /// The type of the group (`ReposClient`).
    pub type_name: String,
    pub docs: Vec<String>,
    /// Indices into `Service::operations`, whose `fn_name` is their name within the group.
    pub operations: Vec<usize>,
}

/// What the settings file adds to one model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelExtras {
    /// Paths of derive macros (`Eq`, `schemars::JsonSchema`).
    pub derives: Vec<String>,
    /// Outer attributes as written (`#[non_exhaustive]`).
    pub attributes: Vec<String>,
}

/// A named type in the generated module.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    pub docs: Vec<String>,
    pub kind: ModelKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    /// A struct of named fields, optionally with extra properties collected into a map.
    Struct {
        fields: Vec<Field>,
        additional_properties: Option<TypeRef>,
        derive_default: bool,
    },
    /// A string enum with a catch-all variant for values the spec does not list.
    StringEnum {
        variants: Vec<EnumVariant>,
        catch_all: String,
    },
    /// A `oneOf`/polymorphic schema whose variant is named by a discriminator property.
    Tagged {
        tag: String,
        variants: Vec<DataVariant>,
    },
    /// A `oneOf`/`anyOf` without discriminator, its variants in the order they are tried: the
    /// first that decodes without a misfit (an unlisted enum value, a skipped property) wins,
    /// else the best ranked by the runtime's `decode_untagged`.
    Untagged { variants: Vec<DataVariant> },
    /// A plain alias, e.g. a named array schema.
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub wire_name: String,
    pub docs: Vec<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    pub wire_value: String,
    pub docs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DataVariant {
    pub name: String,
    /// The discriminator value for tagged enums; the wire name of the alternative otherwise.
    pub wire_value: String,
    pub ty: TypeRef,
}

/// A Rust type as used in a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// `format: binary`: raw bytes.
    Bytes,
    /// `format: date-time`: an RFC 3339 timestamp that keeps its UTC offset
    /// (`chrono::DateTime<chrono::FixedOffset>`).
    DateTime,
    /// `format: date`: an RFC 3339 full date (`chrono::NaiveDate`).
    Date,
    /// `format: uuid` (`uuid::Uuid`).
    Uuid,
    /// A type the user provides in place of a schema (the settings file's `[types]`), by its
    /// Rust path as written there (`my_crate::Money`).
    External(String),
    /// Any JSON value: schemas with no type, or constructs that cannot be typed.
    Json,
    /// A model of this service, by its Rust name.
    Named(String),
    /// A model reached through a cycle: stored on the heap.
    Boxed(Box<TypeRef>),
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// A value that may be `null` where no field says so: a `nullable` array item or map value
    /// (`Option<T>`, which encodes `None` as `null`).
    Nullable(Box<TypeRef>),
}

/// A credential the client can be configured with.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key under `components.securitySchemes`.
    pub key: String,
    /// Field of the client holding the credential.
    pub field: String,
    /// Builder method that sets it (`with_api_key`).
    pub setter: String,
    pub docs: Vec<String>,
    pub kind: SecurityKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    ApiKeyHeader { header: String },
    ApiKeyQuery { parameter: String },
    ApiKeyCookie { cookie: String },
    Bearer,
    Basic,
}

/// One operation: becomes one `async fn` on the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub fn_name: String,
    /// The spec's `operationId`, or `GET /path` when it has none.
    pub operation_id: String,
    pub docs: Vec<String>,
    pub method: Method,
    pub path: Vec<PathPiece>,
    /// The path template as written in the spec (`/key/{PK}`).
    pub path_template: String,
    pub params: Vec<Param>,
    /// The struct the method takes its grouped parameters in (`ListPetsParams`), when it has
    /// too many to take each as an argument; see [`Param::grouped`].
    pub params_struct: Option<String>,
    pub body: Option<Body>,
    /// Indices into `Service::security_schemes` whose credentials this operation sends.
    pub security: Vec<usize>,
    /// Value of the `Accept` header: the documented response media types.
    pub accept: Option<String>,
    pub success: Success,
    /// Name of the per-operation error enum.
    pub error_enum: String,
    pub errors: Vec<Response>,
    /// The operation's first tag, which names its group when operations are grouped.
    pub tag: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
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

#[derive(Debug, Clone, PartialEq)]
pub enum PathPiece {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Vec<String>,
    /// How an array or object value is spelled (`style` in the spec, or its location's default).
    pub style: ParamStyle,
    /// Whether each array item or object property is spelled on its own (`explode`).
    pub explode: bool,
    /// Whether the parameter is a field of [`Operation::params_struct`] rather than an argument
    /// of its own.
    pub grouped: bool,
    /// Whether the parameter is described by `content` with a JSON media type: its value goes
    /// out as its JSON text (percent-encoded in a query or path), `style` does not apply.
    pub json_text: bool,
}

/// The `style` of a parameter (path: simple, label, matrix; query: form, spaceDelimited,
/// pipeDelimited, deepObject; header: simple; cookie: form), or of a form body's property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    Simple,
    Label,
    Matrix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub media_type: String,
    pub encoding: BodyEncoding,
    pub required: bool,
    pub docs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyEncoding {
    /// Serialized with serde_json.
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`: the model's properties as `name=value` pairs, those
    /// with an `encoding` in the spec spelled as it says.
    Form {
        ty: TypeRef,
        encodings: Vec<FormProperty>,
    },
    /// Sent verbatim as text, e.g. a compact JWT; `claims` names the model it carries, if any.
    Text { claims: Option<TypeRef> },
    /// Sent verbatim as bytes.
    Bytes,
    /// `multipart/form-data` built from the fields of a model: binary fields become file parts.
    Multipart { ty: TypeRef, parts: MultipartParts },
}

/// The parts of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub enum MultipartParts {
    /// The fields of a struct.
    Fields(Vec<MultipartPart>),
    /// A `oneOf`/`anyOf` of objects: the body enum's variants, each sent as the fields of its
    /// struct. A tagged enum's catch-all variant (`Unknown`, a JSON value) is sent as the
    /// properties of that value.
    OneOf {
        variants: Vec<MultipartVariant>,
        catch_all: Option<String>,
    },
}

/// One alternative of a `oneOf` multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartVariant {
    /// The Rust name of the enum variant.
    pub name: String,
    pub parts: Vec<MultipartPart>,
}

/// A property of a form body with its own `encoding`.
#[derive(Debug, Clone, PartialEq)]
pub struct FormProperty {
    pub wire_name: String,
    pub encoding: FormEncoding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEncoding {
    /// `style` (form, spaceDelimited, pipeDelimited or deepObject) and `explode`.
    Style { style: ParamStyle, explode: bool },
    /// A JSON `contentType`: the value as JSON text.
    Json,
}

/// One field of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartPart {
    /// The model field holding the value.
    pub field: String,
    pub wire_name: String,
    pub required: bool,
    pub nullable: bool,
    pub kind: PartKind,
}

/// How a multipart part is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// A scalar, as text.
    Text,
    /// A binary field: bytes with a file name and this media type.
    File { content_type: String },
    /// An object or array: its JSON text as `application/json`.
    Json,
}

/// How a response body is decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    Json(TypeRef),
    Text,
    Bytes,
}

/// The status codes a response applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u16),
    Default,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: StatusMatch,
    /// Variant name in the success or error enum (`Conflict`, `Default`).
    pub variant: String,
    pub docs: Vec<String>,
    pub body: Option<ResponseBody>,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// All success statuses share one body type (or none).
    Single {
        statuses: Vec<StatusMatch>,
        body: Option<ResponseBody>,
    },
    /// Success statuses with different bodies: an enum chosen by status code.
    Enum {
        name: String,
        responses: Vec<Response>,
    },
}

impl TypeRef {
    /// The type inside every box, list, map and nullable wrapper: `T` for
    /// `Vec<BTreeMap<String, Option<Box<T>>>>`, the type itself when it wraps nothing.
    pub fn innermost(&self) -> &TypeRef {
        match self {
            TypeRef::Boxed(inner)
            | TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Nullable(inner) => inner.innermost(),
            ty => ty,
        }
    }

    /// A single `Copy` value written as one piece of text: numbers, booleans, and the typed
    /// formats. Such parameters are taken by value and need no `style`.
    pub fn is_copy_scalar(&self) -> bool {
        matches!(
            self,
            TypeRef::Bool
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::F32
                | TypeRef::F64
                | TypeRef::DateTime
                | TypeRef::Date
                | TypeRef::Uuid
        )
    }
}

impl Service {
    /// The model named `name` (its Rust name), if the service has one.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|model| model.name == name)
    }

    /// The group an operation (by index) belongs to, when operations are grouped.
    pub fn group_of(&self, operation: usize) -> Option<&OperationGroup> {
        self.groups
            .iter()
            .find(|group| group.operations.contains(&operation))
    }
}

impl ModelKind {
    /// The types a model holds directly (fields, variants, extra properties, the aliased type).
    pub fn types(&self) -> Vec<&TypeRef> {
        match self {
            ModelKind::Struct {
                fields,
                additional_properties,
                ..
            } => fields
                .iter()
                .map(|field| &field.ty)
                .chain(additional_properties)
                .collect(),
            ModelKind::StringEnum { .. } => Vec::new(),
            ModelKind::Tagged { variants, .. } | ModelKind::Untagged { variants } => {
                variants.iter().map(|variant| &variant.ty).collect()
            }
            ModelKind::Alias(ty) => vec![ty],
        }
    }
}

impl Operation {
    /// The types of an operation's parameters, body and responses.
    pub fn types(&self) -> Vec<&TypeRef> {
        let mut types: Vec<&TypeRef> = self.params.iter().map(|param| &param.ty).collect();
        if let Some(body) = &self.body {
            match &body.encoding {
                BodyEncoding::Json(ty)
                | BodyEncoding::Form { ty, .. }
                | BodyEncoding::Multipart { ty, .. }
                | BodyEncoding::Text { claims: Some(ty) } => types.push(ty),
                BodyEncoding::Text { claims: None } | BodyEncoding::Bytes => {}
            }
        }
        let mut responses: Vec<&Option<ResponseBody>> =
            self.errors.iter().map(|response| &response.body).collect();
        match &self.success {
            Success::Single { body, .. } => responses.push(body),
            Success::Enum { responses: all, .. } => {
                responses.extend(all.iter().map(|response| &response.body))
            }
        }
        for body in responses.into_iter().flatten() {
            if let ResponseBody::Json(ty) = body {
                types.push(ty);
            }
        }
        types
    }
}
