//! The parts of an OpenAPI 3.0 document the later stages read, in compact types of our own.
//!
//! The shapes follow the specification's objects, and schemas are sorted into kinds by the rules
//! `openapiv3` uses, but each type keeps only what the generator reads, and rarely used parts
//! are boxed: a schema is about a tenth of the size of `openapiv3::Schema` (1,024 bytes), which
//! is what sets the memory needed for large specs. `load::convert` builds these types.

use indexmap::IndexMap;

/// A description, with the path items in [`super::LoadedSpec::paths`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub info: openapiv3::Info,
    pub servers: Vec<openapiv3::Server>,
    /// The document-wide security requirements, when given.
    pub security: Option<Vec<SecurityRequirement>>,
    pub components: Components,
}

/// The scheme names of one security requirement (all of them apply together).
pub type SecurityRequirement = Vec<String>;

/// The sections of `components` that operations and schemas refer to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Components {
    pub schemas: IndexMap<String, ReferenceOr<Schema>>,
    pub responses: IndexMap<String, ReferenceOr<Response>>,
    pub parameters: IndexMap<String, ReferenceOr<Parameter>>,
    pub request_bodies: IndexMap<String, ReferenceOr<RequestBody>>,
    pub security_schemes: IndexMap<String, ReferenceOr<openapiv3::SecurityScheme>>,
}

/// An operation's HTTP method: the key it has in a path item.
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
    /// The key of the method in a path item: `get`, `put`, …
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The methods in the order the operations of a path are kept.
    pub const PATH_ITEM_ORDER: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The method a path-item key names (`get`, `put`, …), if any.
    pub fn from_key(key: &str) -> Option<Method> {
        Method::PATH_ITEM_ORDER
            .into_iter()
            .find(|method| method.key() == key)
    }
}

/// A `$ref` (kept as written, not followed) or the object itself.
#[derive(Debug, Clone, PartialEq)]
pub enum ReferenceOr<T> {
    Reference { reference: String },
    Item(T),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub parameters: Vec<ReferenceOr<Parameter>>,
    pub request_body: Option<ReferenceOr<RequestBody>>,
    pub responses: Responses,
    /// The operation's own security requirements; `None` inherits the document's.
    pub security: Option<Vec<SecurityRequirement>>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Responses {
    pub default: Option<ReferenceOr<Response>>,
    /// The responses by status code or range, in spec order.
    pub responses: Vec<(StatusCode, ReferenceOr<Response>)>,
}

/// A key of `responses`: `404`, or a range such as `4XX` (held as its first digit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusCode {
    Code(u16),
    Range(u16),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub description: String,
    /// Media type → what it holds, in spec order.
    pub content: Vec<(String, MediaType)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub description: Option<String>,
    pub content: Vec<(String, MediaType)>,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct MediaType {
    pub schema: Option<ReferenceOr<Schema>>,
    /// How each property of a form or multipart body is sent, by property name, in spec order.
    pub encoding: Vec<(String, Encoding)>,
}

/// An `encoding` entry: how one property of a form or multipart body is spelled.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Encoding {
    /// The part's media type (`image/png`, `application/json`); a list separated by commas.
    pub content_type: Option<String>,
    /// One of the query styles (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`).
    pub style: Option<ParameterStyle>,
    pub explode: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    Query,
    Header,
    Path,
    Cookie,
}

/// How a parameter's value is serialized (`style`); each location allows some of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterStyle {
    Form,
    Simple,
    Matrix,
    Label,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub location: ParameterLocation,
    pub description: Option<String>,
    pub required: bool,
    /// As written, or the location's default when `style` is absent.
    pub style: ParameterStyle,
    pub explode: Option<bool>,
    pub format: ParameterSchemaOrContent,
}

/// A parameter is described by a `schema`, or by a `content` map of one media type.
#[derive(Debug, Clone, PartialEq)]
pub enum ParameterSchemaOrContent {
    Schema(ReferenceOr<Schema>),
    Content(Vec<(String, MediaType)>),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schema {
    pub schema_data: SchemaData,
    pub schema_kind: SchemaKind,
}

/// What any schema may say about itself, whatever its kind.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SchemaData {
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    pub discriminator: Option<Box<Discriminator>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    pub property_name: String,
    /// Value → `$ref`-style target, in spec order.
    pub mapping: Vec<(String, String)>,
}

/// A schema's kind: one `type` with only the keywords that fit it, one of the composition
/// keywords alone, or anything else (`Any`).
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaKind {
    Type(Type),
    OneOf { one_of: Vec<ReferenceOr<Schema>> },
    AllOf { all_of: Vec<ReferenceOr<Schema>> },
    AnyOf { any_of: Vec<ReferenceOr<Schema>> },
    Not { not: Box<ReferenceOr<Schema>> },
    Any(Box<AnySchema>),
}

impl Default for SchemaKind {
    fn default() -> Self {
        SchemaKind::Any(Box::default())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    String(StringType),
    Number(NumberType),
    Integer(IntegerType),
    Boolean,
    Object(Box<ObjectType>),
    Array(ArrayType),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StringType {
    pub format: Option<String>,
    /// The `enum` values, less any `null`.
    pub enumeration: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct NumberType {
    pub format: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct IntegerType {
    pub format: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObjectType {
    pub properties: Vec<(String, ReferenceOr<Box<Schema>>)>,
    pub required: Vec<String>,
    pub additional_properties: Option<AdditionalProperties>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArrayType {
    pub items: Option<ReferenceOr<Box<Schema>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AdditionalProperties {
    Any(bool),
    Schema(Box<ReferenceOr<Schema>>),
}

/// A schema that is not one plain kind: no `type`, an unknown one, or keywords of several kinds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AnySchema {
    pub typ: Option<String>,
    pub properties: Vec<(String, ReferenceOr<Box<Schema>>)>,
    pub required: Vec<String>,
    pub additional_properties: Option<AdditionalProperties>,
    pub one_of: Vec<ReferenceOr<Schema>>,
    pub all_of: Vec<ReferenceOr<Schema>>,
    pub any_of: Vec<ReferenceOr<Schema>>,
}
