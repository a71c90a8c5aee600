//! Converts the parsed document into [`super::model`]'s types, consuming it node by node so the
//! generic value and the typed one are never both held whole, and reporting every node that
//! does not have the shape OpenAPI 3.0 gives it, each at its own JSON pointer.
//!
//! Fields the generator never reads (examples, links, callbacks, headers, extensions) are
//! skipped without being checked; scalar keywords of schemas, parameters and operations are
//! type-checked even when they are not kept, so a typo in one is still reported.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::model::*;
use super::SpecPath;
use crate::diagnostics::{pointer, pointer_segment, unescape_pointer_segment};
use crate::ir::Method;

/// A node that is not what OpenAPI 3.0 puts there: (JSON pointer, message).
pub type Failure = (String, String);

/// The document and its paths, or every failure found, from a document read whole.
#[cfg(test)]
pub fn document(document: Value) -> Result<(Document, Vec<SpecPath>), Vec<Failure>> {
    Pieces::default().finish(document)
}

/// The description, converted piece by piece: each path item and component entry as soon as
/// the reader hands it over ([`Pieces::add`]), then what is left of the document
/// ([`Pieces::finish`]).
#[derive(Default)]
pub struct Pieces {
    convert: Converter,
    components: Components,
    paths: Vec<SpecPath>,
}

impl Pieces {
    /// Converts the node at `pointer`: `#/paths/<path>` or `#/components/<section>/<name>`.
    pub fn add(&mut self, pointer: &str, value: Value) {
        let mut segments = pointer.split('/').skip(1).map(unescape_pointer_segment);
        self.convert.at = pointer.to_string();
        match (segments.next().as_deref(), segments.next(), segments.next()) {
            (Some("paths"), Some(path), None) => self.path(path, value),
            (Some("components"), Some(section), Some(name)) => {
                self.component(&section, name, value)
            }
            _ => {}
        }
        self.convert.at.clear();
    }

    /// Converts the rest of the document; a `null` path item or component entry is one
    /// [`Pieces::add`] already had.
    pub fn finish(mut self, document: Value) -> Result<(Document, Vec<SpecPath>), Vec<Failure>> {
        let mut converted = Document::default();
        let root = match document {
            Value::Object(root) => root,
            other => {
                self.convert.wrong_type(&other, "a map of OpenAPI fields");
                Map::new()
            }
        };
        for (key, value) in root {
            match key.as_str() {
                "paths" => {
                    let items = self
                        .convert
                        .at_key("paths", |convert| convert.members(value, "a map of paths"));
                    for (path, item) in items {
                        self.convert.at = pointer(&["paths", &path]);
                        self.path(path, item);
                    }
                }
                "components" => {
                    let sections = self.convert.at_key("components", |convert| {
                        convert.members(value, "a map of component sections")
                    });
                    for (section, entries) in sections {
                        if !COMPONENT_SECTIONS.contains(&section.as_str()) {
                            continue;
                        }
                        self.convert.at = pointer(&["components", &section]);
                        let expected = format!("a map of {section}");
                        for (name, entry) in self.convert.members(entries, &expected) {
                            self.convert.at = pointer(&["components", &section, &name]);
                            self.component(&section, name, entry);
                        }
                    }
                }
                _ => self.convert.at_key(&key, |convert| match key.as_str() {
                    "info" => {
                        if let Some(info) = convert.serde(value) {
                            converted.info = info;
                        }
                    }
                    "servers" => {
                        if let Some(servers) = convert.serde(value) {
                            converted.servers = servers;
                        }
                    }
                    "tags" => convert.check_serde::<Vec<openapiv3::Tag>>(value),
                    "externalDocs" => {
                        convert.check_serde::<openapiv3::ExternalDocumentation>(value)
                    }
                    "security" => converted.security = convert.security(value),
                    _ => {}
                }),
            }
            self.convert.at.clear();
        }
        converted.components = self.components;
        if self.convert.failures.is_empty() {
            Ok((converted, self.paths))
        } else {
            Err(self.convert.failures)
        }
    }

    fn path(&mut self, path: String, item: Value) {
        if !path.starts_with('/') {
            return;
        }
        if let Some(item) = self.convert.path_item(item) {
            self.paths.push(SpecPath { path, ..item });
        }
    }

    /// Converts one entry of a `components` section, with the pointer at the entry.
    fn component(&mut self, section: &str, name: String, value: Value) {
        let convert = &mut self.convert;
        let components = &mut self.components;
        match section {
            "schemas" => {
                if let Some(schema) = convert.schema_or_reference(value) {
                    components.schemas.insert(name, schema);
                }
            }
            "responses" => {
                if let Some(response) = convert.response(value) {
                    components.responses.insert(name, response);
                }
            }
            "parameters" => {
                if let Some(parameter) = convert.parameter(value) {
                    components.parameters.insert(name, parameter);
                }
            }
            "requestBodies" => {
                if let Some(body) = convert.request_body(value) {
                    components.request_bodies.insert(name, body);
                }
            }
            "securitySchemes" => {
                let scheme = convert.reference_or(value, "a security scheme", |convert, object| {
                    convert.serde(Value::Object(object))
                });
                if let Some(scheme) = scheme {
                    components.security_schemes.insert(name, scheme);
                }
            }
            _ => {}
        }
    }
}

/// The `components` sections the generator reads; the others (examples, headers, links,
/// callbacks) are skipped.
const COMPONENT_SECTIONS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "securitySchemes",
];

/// What a JSON value is, in serde's words: `string "x"`, `sequence`, `map`.
fn unexpected(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(value) => format!("boolean `{value}`"),
        Value::Number(number) if number.is_f64() => format!("floating point `{number}`"),
        Value::Number(number) => format!("integer `{number}`"),
        Value::String(text) => format!("string {text:?}"),
        Value::Array(_) => "sequence".to_string(),
        Value::Object(_) => "map".to_string(),
    }
}

/// The scalar kinds a keyword that is checked but not kept must have.
#[derive(Clone, Copy)]
enum Scalar {
    Bool,
    Number,
    Count,
    Text,
}

impl Scalar {
    fn fits(self, value: &Value) -> bool {
        match self {
            Scalar::Bool => value.is_boolean(),
            Scalar::Number => value.is_number(),
            Scalar::Count => value.is_u64(),
            Scalar::Text => value.is_string(),
        }
    }

    fn expected(self) -> &'static str {
        match self {
            Scalar::Bool => "true or false",
            Scalar::Number => "a number",
            Scalar::Count => "a whole number, 0 or more",
            Scalar::Text => "a string",
        }
    }
}

#[derive(Default)]
struct Converter {
    /// The pointer of the node being converted.
    at: String,
    failures: Vec<Failure>,
}

impl Converter {
    fn fail(&mut self, message: impl Into<String>) {
        let at = if self.at.is_empty() { "#" } else { &self.at };
        self.failures.push((at.to_string(), message.into()));
    }

    fn wrong_type(&mut self, value: &Value, expected: &str) {
        self.fail(format!(
            "invalid type: {}, expected {expected}",
            unexpected(value)
        ));
    }

    /// Runs `convert` with the pointer moved to the child `key`.
    fn at_key<T>(&mut self, key: &str, convert: impl FnOnce(&mut Self) -> T) -> T {
        let length = self.at.len();
        if self.at.is_empty() {
            self.at.push('#');
        }
        self.at.push('/');
        self.at.push_str(&pointer_segment(key));
        let result = convert(self);
        self.at.truncate(length);
        result
    }

    fn at_index<T>(&mut self, index: usize, convert: impl FnOnce(&mut Self) -> T) -> T {
        self.at_key(&index.to_string(), convert)
    }

    /// A value of one of `openapiv3`'s types, for the small parts kept as they are; a failure
    /// points at the innermost node serde names.
    fn serde<T: DeserializeOwned>(&mut self, value: Value) -> Option<T> {
        match serde_path_to_error::deserialize(value) {
            Ok(converted) => Some(converted),
            Err(error) => {
                let mut at = if self.at.is_empty() {
                    "#".to_string()
                } else {
                    self.at.clone()
                };
                for segment in error.path().iter() {
                    use serde_path_to_error::Segment;
                    let text = match segment {
                        Segment::Seq { index } => index.to_string(),
                        Segment::Map { key } => key.clone(),
                        Segment::Enum { variant } => variant.clone(),
                        Segment::Unknown => continue,
                    };
                    at.push('/');
                    at.push_str(&pointer_segment(&text));
                }
                self.failures.push((at, error.inner().to_string()));
                None
            }
        }
    }

    fn check_serde<T: DeserializeOwned>(&mut self, value: Value) {
        let _: Option<T> = self.serde(value);
    }

    fn object(&mut self, value: Value, expected: &str) -> Option<Map<String, Value>> {
        match value {
            Value::Object(object) => Some(object),
            other => {
                self.wrong_type(&other, expected);
                None
            }
        }
    }

    fn string(&mut self, value: Value) -> Option<String> {
        match value {
            Value::String(text) => Some(text),
            other => {
                self.wrong_type(&other, "a string");
                None
            }
        }
    }

    fn bool(&mut self, value: Value) -> Option<bool> {
        match value {
            Value::Bool(flag) => Some(flag),
            other => {
                self.wrong_type(&other, "a boolean");
                None
            }
        }
    }

    /// Checks a keyword that is read nowhere but must still have its type.
    fn check_scalar(&mut self, key: &str, value: &Value, kind: Scalar) {
        if !kind.fits(value) {
            self.at_key(key, |convert| {
                convert.fail(format!(
                    "`{key}` must be {}, found {}",
                    kind.expected(),
                    unexpected(value)
                ))
            });
        }
    }

    /// Each member of a map, converted in order; members that fail are left out.
    fn map<T>(
        &mut self,
        value: Value,
        expected: &str,
        mut member: impl FnMut(&mut Self, &str, Value) -> Option<T>,
    ) -> Vec<(String, T)> {
        let Some(object) = self.object(value, expected) else {
            return Vec::new();
        };
        let mut converted = Vec::with_capacity(object.len());
        for (key, value) in object {
            if let Some(item) = self.at_key(&key, |convert| member(convert, &key, value)) {
                converted.push((key, item));
            }
        }
        converted
    }

    /// Each item of a list, converted in order; items that fail are left out.
    fn list<T>(
        &mut self,
        value: Value,
        expected: &str,
        mut item: impl FnMut(&mut Self, Value) -> Option<T>,
    ) -> Vec<T> {
        let items = match value {
            Value::Array(items) => items,
            other => {
                self.wrong_type(&other, expected);
                return Vec::new();
            }
        };
        let mut converted = Vec::with_capacity(items.len());
        for (index, value) in items.into_iter().enumerate() {
            if let Some(done) = self.at_index(index, |convert| item(convert, value)) {
                converted.push(done);
            }
        }
        converted
    }

    /// A `$ref`, or the object `item` makes of the node.
    fn reference_or<T>(
        &mut self,
        value: Value,
        expected: &str,
        item: impl FnOnce(&mut Self, Map<String, Value>) -> Option<T>,
    ) -> Option<ReferenceOr<T>> {
        let mut object = self.object(value, expected)?;
        if let Some(reference) = object.get_mut("$ref") {
            return match std::mem::take(reference) {
                Value::String(reference) => Some(ReferenceOr::Reference { reference }),
                other => {
                    self.at_key("$ref", |convert| convert.wrong_type(&other, "a string"));
                    None
                }
            };
        }
        item(self, object).map(ReferenceOr::Item)
    }

    /// Fails when the required `field` is not `present`; says whether it is.
    fn require(&mut self, field: &str, present: bool) -> bool {
        if !present {
            self.fail(format!("missing field `{field}`"));
        }
        present
    }

    fn security(&mut self, value: Value) -> Option<Vec<SecurityRequirement>> {
        let requirements = self.list(
            value,
            "a list of security requirements",
            |convert, value| {
                let schemes = convert.map(
                    value,
                    "a map of security scheme names to scopes",
                    |convert, _, scopes| {
                        convert.list(scopes, "a list of scopes", |convert, scope| {
                            convert.string(scope)
                        });
                        Some(())
                    },
                );
                Some(schemes.into_iter().map(|(name, ())| name).collect())
            },
        );
        Some(requirements)
    }

    /// The members of a map that are still there: `null` marks one converted already.
    fn members(&mut self, value: Value, expected: &str) -> Vec<(String, Value)> {
        match self.object(value, expected) {
            Some(object) => object
                .into_iter()
                .filter(|(_, member)| !member.is_null())
                .collect(),
            None => Vec::new(),
        }
    }

    fn path_item(&mut self, value: Value) -> Option<SpecPath> {
        let mut object = self.object(value, "a path item")?;
        let mut item = SpecPath {
            path: String::new(),
            reference: None,
            parameters: Vec::new(),
            operations: Vec::new(),
        };
        if let Some(Value::String(reference)) = object.get_mut("$ref") {
            item.reference = Some(std::mem::take(reference));
            return Some(item);
        }
        // Most paths have one or two operations: a `Vec` grown by pushing would hold room for
        // four, about 1 KB wasted per path.
        let methods = object
            .keys()
            .filter(|key| Method::from_key(key).is_some())
            .count();
        let mut operations = Vec::with_capacity(methods);
        for (key, value) in object {
            self.at_key(&key, |convert| {
                if let Some(method) = Method::from_key(&key) {
                    if let Some(operation) = convert.operation(value) {
                        operations.push((method, operation));
                    }
                    return;
                }
                match key.as_str() {
                    "parameters" => item.parameters = convert.parameters(value),
                    "summary" | "description" => convert.check_scalar_here(&value, Scalar::Text),
                    "servers" => convert.check_serde::<Vec<openapiv3::Server>>(value),
                    "$ref" => convert.wrong_type(&value, "a string"),
                    _ => {}
                }
            });
        }
        // The order `openapiv3`'s path item iterates in, whatever the order in the spec.
        operations
            .sort_by_key(|(method, _)| Method::PATH_ITEM_ORDER.iter().position(|m| m == method));
        item.operations = operations;
        Some(item)
    }

    /// Checks the node the pointer is at (its key already pushed).
    fn check_scalar_here(&mut self, value: &Value, kind: Scalar) {
        if !kind.fits(value) {
            self.wrong_type(value, kind.expected());
        }
    }

    fn parameters(&mut self, value: Value) -> Vec<ReferenceOr<Parameter>> {
        self.list(value, "a list of parameters", |convert, parameter| {
            convert.parameter(parameter)
        })
    }

    fn operation(&mut self, value: Value) -> Option<Operation> {
        let object = self.object(value, "an operation (a map)")?;
        let mut operation = Operation {
            operation_id: None,
            summary: None,
            description: None,
            parameters: Vec::new(),
            request_body: None,
            responses: Responses::default(),
            security: None,
            tags: Vec::new(),
        };
        let mut has_responses = false;
        let mut complete = true;
        for (key, value) in object {
            let failures = self.failures.len();
            self.at_key(&key, |convert| match key.as_str() {
                "operationId" => operation.operation_id = convert.string(value),
                "summary" => operation.summary = convert.string(value),
                "description" => operation.description = convert.string(value),
                "parameters" => operation.parameters = convert.parameters(value),
                "requestBody" => operation.request_body = convert.request_body(value),
                "responses" => {
                    has_responses = true;
                    operation.responses = convert.responses(value);
                }
                "security" => operation.security = convert.security(value),
                "deprecated" => convert.check_scalar_here(&value, Scalar::Bool),
                "tags" => {
                    operation.tags = convert.list(value, "a list of tag names", |convert, tag| {
                        convert.string(tag)
                    });
                }
                "servers" => convert.check_serde::<Vec<openapiv3::Server>>(value),
                "externalDocs" => convert.check_serde::<openapiv3::ExternalDocumentation>(value),
                _ => {}
            });
            complete &= self.failures.len() == failures;
        }
        complete &= self.require("responses", has_responses);
        complete.then_some(operation)
    }

    fn responses(&mut self, value: Value) -> Responses {
        let mut responses = Responses::default();
        let Some(object) = self.object(value, "a map of responses by status code") else {
            return responses;
        };
        responses.responses.reserve_exact(object.len());
        for (key, value) in object {
            if key.starts_with("x-") {
                continue;
            }
            self.at_key(&key, |convert| {
                let status = if key == "default" {
                    None
                } else {
                    match status_code(&key) {
                        Ok(status) => Some(status),
                        Err(message) => return convert.fail(message),
                    }
                };
                let Some(response) = convert.response(value) else {
                    return;
                };
                match status {
                    None => responses.default = Some(response),
                    Some(status) => responses.responses.push((status, response)),
                }
            });
        }
        responses
    }

    fn response(&mut self, value: Value) -> Option<ReferenceOr<Response>> {
        self.reference_or(value, "a response (a map)", |convert, object| {
            let mut description = None;
            let mut has_description = false;
            let mut content = Vec::new();
            for (key, value) in object {
                convert.at_key(&key, |convert| match key.as_str() {
                    "description" => {
                        has_description = true;
                        description = convert.string(value);
                    }
                    "content" => content = convert.content(value),
                    _ => {}
                });
            }
            convert.require("description", has_description);
            Some(Response {
                description: description?,
                content,
            })
        })
    }

    fn request_body(&mut self, value: Value) -> Option<ReferenceOr<RequestBody>> {
        self.reference_or(value, "a request body (a map)", |convert, object| {
            let mut body = RequestBody {
                description: None,
                content: Vec::new(),
                required: false,
            };
            for (key, value) in object {
                convert.at_key(&key, |convert| match key.as_str() {
                    "description" => body.description = convert.string(value),
                    "content" => body.content = convert.content(value),
                    "required" => body.required = convert.bool(value).unwrap_or(false),
                    _ => {}
                });
            }
            Some(body)
        })
    }

    fn content(&mut self, value: Value) -> Vec<(String, MediaType)> {
        self.map(value, "a map of media types", |convert, _, media| {
            let object = convert.object(media, "a media type object (a map)")?;
            let mut media_type = MediaType::default();
            for (key, value) in object {
                if key == "schema" {
                    media_type.schema =
                        convert.at_key(&key, |convert| convert.schema_or_reference(value));
                }
            }
            Some(media_type)
        })
    }

    fn parameter(&mut self, value: Value) -> Option<ReferenceOr<Parameter>> {
        self.reference_or(value, "a parameter (a map)", |convert, object| {
            let failures = convert.failures.len();
            let mut name = None;
            let mut has_name = false;
            let mut location = None;
            let mut has_location = false;
            let mut description = None;
            let mut required = false;
            let mut style = None;
            let mut explode = None;
            let mut schema = None;
            let mut content = None;
            for (key, value) in object {
                convert.at_key(&key, |convert| match key.as_str() {
                    "name" => {
                        has_name = true;
                        name = convert.string(value);
                    }
                    "in" => {
                        has_location = true;
                        location = convert.parameter_location(value);
                    }
                    "description" => description = convert.string(value),
                    "required" => required = convert.bool(value).unwrap_or(false),
                    "style" => style = convert.string(value),
                    "explode" => explode = convert.bool(value),
                    "schema" => schema = convert.schema_or_reference(value),
                    "content" => content = Some(convert.content(value)),
                    "deprecated" | "allowEmptyValue" | "allowReserved" => {
                        convert.check_scalar_here(&value, Scalar::Bool)
                    }
                    _ => {}
                });
            }
            if !has_location {
                convert.fail("a parameter needs `in` (query, header, path or cookie)");
            }
            convert.require("name", has_name);
            let format = match (schema, content) {
                (Some(schema), _) => Some(ParameterSchemaOrContent::Schema(schema)),
                (None, Some(content)) => Some(ParameterSchemaOrContent::Content(content)),
                (None, None) => {
                    if convert.failures.len() == failures {
                        convert.fail("a parameter needs a `schema` (or a `content` map)");
                    }
                    None
                }
            };
            let location = location?;
            let style = match style {
                None => match location {
                    ParameterLocation::Query | ParameterLocation::Cookie => ParameterStyle::Form,
                    ParameterLocation::Header | ParameterLocation::Path => ParameterStyle::Simple,
                },
                Some(style) => convert.at_key("style", |convert| {
                    parameter_style(location, &style)
                        .map_err(|message| convert.fail(message))
                        .ok()
                })?,
            };
            if convert.failures.len() > failures {
                return None;
            }
            Some(Parameter {
                name: name?,
                location,
                description,
                required,
                style,
                explode,
                format: format?,
            })
        })
    }

    fn parameter_location(&mut self, value: Value) -> Option<ParameterLocation> {
        let Value::String(location) = value else {
            self.wrong_type(
                &value,
                "a parameter location (query, header, path or cookie)",
            );
            return None;
        };
        match location.as_str() {
            "query" => Some(ParameterLocation::Query),
            "header" => Some(ParameterLocation::Header),
            "path" => Some(ParameterLocation::Path),
            "cookie" => Some(ParameterLocation::Cookie),
            "body" | "formData" => {
                self.fail("`in: body` and `in: formData` are Swagger 2.0; in OpenAPI 3.0 a body is the operation's `requestBody`");
                None
            }
            other => {
                self.fail(format!(
                    "`in: {other}` is not a parameter location; use query, header, path or cookie"
                ));
                None
            }
        }
    }

    fn schema_or_reference(&mut self, value: Value) -> Option<ReferenceOr<Schema>> {
        self.reference_or(value, "a schema (a map)", |convert, object| {
            convert.schema(object)
        })
    }

    fn boxed_schema_or_reference(&mut self, value: Value) -> Option<ReferenceOr<Box<Schema>>> {
        Some(match self.schema_or_reference(value)? {
            ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
            ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
        })
    }

    fn schemas(&mut self, key: &str, value: Value) -> Vec<ReferenceOr<Schema>> {
        if !value.is_array() {
            self.fail(format!("`{key}` must be a list of schemas"));
            return Vec::new();
        }
        self.list(value, "a list of schemas", |convert, schema| {
            convert.schema_or_reference(schema)
        })
    }

    fn schema(&mut self, object: Map<String, Value>) -> Option<Schema> {
        let failures = self.failures.len();
        let mut data = SchemaData::default();
        let mut raw = RawSchema::default();
        for (key, value) in object {
            if KIND_KEYWORDS.contains(&key.as_str()) {
                // `null` is an absent keyword, as for the optional fields of `openapiv3`.
                if value.is_null() {
                    continue;
                }
                raw.present(&key);
            }
            match key.as_str() {
                "nullable" => data.nullable = self.schema_flag(&key, &value),
                "readOnly" => data.read_only = self.schema_flag(&key, &value),
                "writeOnly" => data.write_only = self.schema_flag(&key, &value),
                "deprecated" | "exclusiveMinimum" | "exclusiveMaximum" | "uniqueItems" => {
                    self.check_scalar(&key, &value, Scalar::Bool)
                }
                "title" => data.title = self.schema_text(&key, value),
                "description" => data.description = self.schema_text(&key, value),
                "discriminator" => {
                    data.discriminator = self
                        .at_key(&key, |convert| convert.discriminator(value))
                        .map(Box::new)
                }
                "externalDocs" => self.at_key(&key, |convert| {
                    convert.check_serde::<openapiv3::ExternalDocumentation>(value)
                }),
                "type" => raw.typ = self.schema_text(&key, value),
                "format" => raw.format = self.schema_text(&key, value),
                "pattern" => self.check_scalar(&key, &value, Scalar::Text),
                "multipleOf" | "minimum" | "maximum" => {
                    self.check_scalar(&key, &value, Scalar::Number);
                    if !value.is_i64() {
                        raw.integral_bounds = false;
                    }
                }
                "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
                | "maxProperties" => self.check_scalar(&key, &value, Scalar::Count),
                "properties" => {
                    raw.properties = self.at_key(&key, |convert| {
                        if !value.is_object() {
                            convert.fail(
                                "`properties` must be a mapping of property names to schemas",
                            );
                            return Vec::new();
                        }
                        convert.map(value, "a map of schemas", |convert, _, property| {
                            convert.boxed_schema_or_reference(property)
                        })
                    });
                }
                "required" => {
                    let names = match value {
                        Value::Array(names) if names.iter().all(Value::is_string) => names,
                        _ => {
                            self.at_key(&key, |convert| {
                                convert.fail("`required` must be a list of property names")
                            });
                            continue;
                        }
                    };
                    raw.required = names
                        .into_iter()
                        .filter_map(|name| match name {
                            Value::String(name) => Some(name),
                            _ => None,
                        })
                        .collect();
                }
                "additionalProperties" => {
                    raw.additional_properties = self.at_key(&key, |convert| match value {
                        Value::Bool(allowed) => Some(AdditionalProperties::Any(allowed)),
                        Value::Object(_) => convert
                            .schema_or_reference(value)
                            .map(|schema| AdditionalProperties::Schema(Box::new(schema))),
                        other => {
                            convert.fail(format!(
                                "`additionalProperties` must be true, false or a schema, found {}",
                                unexpected(&other)
                            ));
                            None
                        }
                    });
                }
                "items" => {
                    raw.items = self.at_key(&key, |convert| {
                        if !value.is_object() {
                            convert.fail("`items` must be a schema");
                            return None;
                        }
                        convert.boxed_schema_or_reference(value)
                    });
                }
                "enum" => match value {
                    Value::Array(values) => raw.enumeration = Some(values),
                    _ => self.at_key(&key, |convert| {
                        convert.fail("`enum` must be a list of values")
                    }),
                },
                "oneOf" => {
                    raw.one_of = Some(self.at_key(&key, |convert| convert.schemas(&key, value)))
                }
                "allOf" => {
                    raw.all_of = Some(self.at_key(&key, |convert| convert.schemas(&key, value)))
                }
                "anyOf" => {
                    raw.any_of = Some(self.at_key(&key, |convert| convert.schemas(&key, value)))
                }
                "not" => {
                    raw.not = self.at_key(&key, |convert| {
                        if !value.is_object() {
                            convert.fail("`not` must be a schema");
                            return None;
                        }
                        convert.schema_or_reference(value).map(Box::new)
                    });
                }
                _ => {}
            }
        }
        if self.failures.len() > failures {
            return None;
        }
        Some(Schema {
            schema_data: data,
            schema_kind: raw.into_kind(),
        })
    }

    /// A schema's boolean keyword; `null` reads as `false`.
    fn schema_flag(&mut self, key: &str, value: &Value) -> bool {
        if !value.is_null() {
            self.check_scalar(key, value, Scalar::Bool);
        }
        value.as_bool().unwrap_or(false)
    }

    /// A schema's text keyword; `null` reads as absent.
    fn schema_text(&mut self, key: &str, value: Value) -> Option<String> {
        if !value.is_null() {
            self.check_scalar(key, &value, Scalar::Text);
        }
        match value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    fn discriminator(&mut self, value: Value) -> Option<Discriminator> {
        let object = self.object(value, "a discriminator (a map)")?;
        let mut property_name = None;
        let mut mapping = Vec::new();
        for (key, value) in object {
            self.at_key(&key, |convert| match key.as_str() {
                "propertyName" => property_name = convert.string(value),
                "mapping" => {
                    mapping = convert.map(
                        value,
                        "a map of values to schema references",
                        |convert, _, target| convert.string(target),
                    )
                }
                _ => {}
            });
        }
        self.require("propertyName", property_name.is_some());
        Some(Discriminator {
            property_name: property_name?,
            mapping,
        })
    }
}

/// The keywords that decide a schema's kind; a `null` value counts as absent.
const KIND_KEYWORDS: &[&str] = &[
    "type",
    "pattern",
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minimum",
    "maximum",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "enum",
    "format",
    "minLength",
    "maxLength",
    "oneOf",
    "allOf",
    "anyOf",
    "not",
];

/// The kind keywords of one schema, before it is sorted into a [`SchemaKind`].
struct RawSchema {
    typ: Option<String>,
    format: Option<String>,
    /// Which of [`KIND_KEYWORDS`] are present (and not `null`), by index.
    present: u32,
    /// `multipleOf`, `minimum` and `maximum` are all integers (an integer schema needs them so).
    integral_bounds: bool,
    properties: Vec<(String, ReferenceOr<Box<Schema>>)>,
    required: Vec<String>,
    additional_properties: Option<AdditionalProperties>,
    items: Option<ReferenceOr<Box<Schema>>>,
    enumeration: Option<Vec<Value>>,
    one_of: Option<Vec<ReferenceOr<Schema>>>,
    all_of: Option<Vec<ReferenceOr<Schema>>>,
    any_of: Option<Vec<ReferenceOr<Schema>>>,
    not: Option<Box<ReferenceOr<Schema>>>,
}

impl Default for RawSchema {
    fn default() -> Self {
        RawSchema {
            typ: None,
            format: None,
            present: 0,
            integral_bounds: true,
            properties: Vec::new(),
            required: Vec::new(),
            additional_properties: None,
            items: None,
            enumeration: None,
            one_of: None,
            all_of: None,
            any_of: None,
            not: None,
        }
    }
}

/// The keywords each plain `type` allows besides `type` itself.
const STRING_KEYWORDS: &[&str] = &["pattern", "enum", "format", "minLength", "maxLength"];
const NUMBER_KEYWORDS: &[&str] = &[
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minimum",
    "maximum",
    "enum",
    "format",
];
const BOOLEAN_KEYWORDS: &[&str] = &["enum"];
const OBJECT_KEYWORDS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];
const ARRAY_KEYWORDS: &[&str] = &["items", "minItems", "maxItems", "uniqueItems"];

fn keyword_bit(key: &str) -> u32 {
    KIND_KEYWORDS
        .iter()
        .position(|known| *known == key)
        .map_or(0, |index| 1 << index)
}

fn keyword_bits(keys: &[&str]) -> u32 {
    keys.iter()
        .map(|key| keyword_bit(key))
        .fold(0, |bits, bit| bits | bit)
}

impl RawSchema {
    fn present(&mut self, key: &str) {
        self.present |= keyword_bit(key);
    }

    /// Whether every present keyword besides `type` is among `allowed`.
    fn only(&self, allowed: &[&str]) -> bool {
        self.present & !keyword_bits(allowed) & !keyword_bit("type") == 0
    }

    fn enum_values_all(&self, fits: fn(&Value) -> bool) -> bool {
        self.enumeration
            .as_ref()
            .is_none_or(|values| values.iter().all(|value| value.is_null() || fits(value)))
    }

    /// Sorts the schema into a kind, by the rules `openapiv3` uses: a `type` with only its own
    /// keywords, or one composition keyword alone, or else `Any`.
    fn into_kind(self) -> SchemaKind {
        let strings = |values: Option<Vec<Value>>| -> Vec<String> {
            values
                .unwrap_or_default()
                .into_iter()
                .filter_map(|value| match value {
                    Value::String(text) => Some(text),
                    _ => None,
                })
                .collect()
        };
        match self.typ.as_deref() {
            Some("string")
                if self.only(STRING_KEYWORDS) && self.enum_values_all(Value::is_string) =>
            {
                return SchemaKind::Type(Type::String(StringType {
                    format: self.format,
                    enumeration: strings(self.enumeration),
                }))
            }
            Some("number")
                if self.only(NUMBER_KEYWORDS) && self.enum_values_all(Value::is_number) =>
            {
                return SchemaKind::Type(Type::Number(NumberType {
                    format: self.format,
                }))
            }
            Some("integer")
                if self.only(NUMBER_KEYWORDS)
                    && self.enum_values_all(Value::is_i64)
                    && self.integral_bounds =>
            {
                return SchemaKind::Type(Type::Integer(IntegerType {
                    format: self.format,
                }))
            }
            Some("boolean")
                if self.only(BOOLEAN_KEYWORDS) && self.enum_values_all(Value::is_boolean) =>
            {
                return SchemaKind::Type(Type::Boolean)
            }
            Some("object") if self.only(OBJECT_KEYWORDS) => {
                return SchemaKind::Type(Type::Object(Box::new(ObjectType {
                    properties: self.properties,
                    required: self.required,
                    additional_properties: self.additional_properties,
                })))
            }
            Some("array") if self.only(ARRAY_KEYWORDS) => {
                return SchemaKind::Type(Type::Array(ArrayType { items: self.items }))
            }
            _ => {}
        }
        let alone = |key: &str| self.present == keyword_bit(key);
        if alone("oneOf") {
            if let Some(one_of) = self.one_of {
                return SchemaKind::OneOf { one_of };
            }
        }
        if alone("allOf") {
            if let Some(all_of) = self.all_of {
                return SchemaKind::AllOf { all_of };
            }
        }
        if alone("anyOf") {
            if let Some(any_of) = self.any_of {
                return SchemaKind::AnyOf { any_of };
            }
        }
        if alone("not") {
            if let Some(not) = self.not {
                return SchemaKind::Not { not };
            }
        }
        SchemaKind::Any(Box::new(AnySchema {
            typ: self.typ,
            properties: self.properties,
            required: self.required,
            additional_properties: self.additional_properties,
            one_of: self.one_of.unwrap_or_default(),
            all_of: self.all_of.unwrap_or_default(),
            any_of: self.any_of.unwrap_or_default(),
        }))
    }
}

/// A `responses` key: three digits, or a digit and `XX`.
fn status_code(key: &str) -> Result<StatusCode, String> {
    let invalid = || {
        format!("`{key}` is not a status code: expected three digits (`404`), a range (`4XX`) or `default`")
    };
    let bytes = key.as_bytes();
    if bytes.len() != 3 {
        return Err(invalid());
    }
    if let Ok(code) = key.parse::<u16>() {
        return Ok(StatusCode::Code(code));
    }
    match [
        bytes[0],
        bytes[1].to_ascii_uppercase(),
        bytes[2].to_ascii_uppercase(),
    ] {
        [digit @ b'0'..=b'9', b'X', b'X'] => Ok(StatusCode::Range(u16::from(digit - b'0'))),
        _ => Err(invalid()),
    }
}

/// A `style` the location allows, or why not.
fn parameter_style(location: ParameterLocation, style: &str) -> Result<ParameterStyle, String> {
    let allowed: &[(&str, ParameterStyle)] = match location {
        ParameterLocation::Query => &[
            ("form", ParameterStyle::Form),
            ("spaceDelimited", ParameterStyle::SpaceDelimited),
            ("pipeDelimited", ParameterStyle::PipeDelimited),
            ("deepObject", ParameterStyle::DeepObject),
        ],
        ParameterLocation::Path => &[
            ("matrix", ParameterStyle::Matrix),
            ("label", ParameterStyle::Label),
            ("simple", ParameterStyle::Simple),
        ],
        ParameterLocation::Header => &[("simple", ParameterStyle::Simple)],
        ParameterLocation::Cookie => &[("form", ParameterStyle::Form)],
    };
    allowed
        .iter()
        .find(|(name, _)| *name == style)
        .map(|(_, parsed)| *parsed)
        .ok_or_else(|| {
            let names: Vec<String> = allowed
                .iter()
                .map(|(name, _)| format!("`{name}`"))
                .collect();
            format!(
                "unknown variant `{style}`, expected one of {}",
                names.join(", ")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::fmt::Write;
    use std::path::Path;

    /// One line per node of what the later stages read, from our model.
    fn dump_schema(
        out: &mut String,
        at: &str,
        schema: &ReferenceOr<impl std::borrow::Borrow<Schema>>,
    ) {
        let schema = match schema {
            ReferenceOr::Reference { reference } => {
                return writeln!(out, "{at} $ref {reference}").unwrap()
            }
            ReferenceOr::Item(schema) => schema.borrow(),
        };
        let data = &schema.schema_data;
        let discriminator = data
            .discriminator
            .as_ref()
            .map(|d| (&d.property_name, &d.mapping));
        writeln!(
            out,
            "{at} {} {} {} {:?} {:?} {discriminator:?}",
            data.nullable, data.read_only, data.write_only, data.title, data.description
        )
        .unwrap();
        let list = |out: &mut String, key: &str, parts: &[ReferenceOr<Schema>]| {
            for (index, part) in parts.iter().enumerate() {
                dump_schema(out, &format!("{at}/{key}/{index}"), part);
            }
        };
        let object = |out: &mut String,
                      properties: &[(String, ReferenceOr<Box<Schema>>)],
                      required: &[String],
                      additional: &Option<AdditionalProperties>| {
            writeln!(out, "{at} required {required:?}").unwrap();
            for (name, property) in properties {
                dump_schema(out, &format!("{at}/properties/{name}"), property);
            }
            match additional {
                Some(AdditionalProperties::Any(allowed)) => {
                    writeln!(out, "{at} additional {allowed}").unwrap()
                }
                Some(AdditionalProperties::Schema(schema)) => {
                    dump_schema(out, &format!("{at}/additionalProperties"), schema)
                }
                None => {}
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => writeln!(
                out,
                "{at} string {:?} {:?}",
                string.format, string.enumeration
            )
            .unwrap(),
            SchemaKind::Type(Type::Number(number)) => {
                writeln!(out, "{at} number {:?}", number.format).unwrap()
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                writeln!(out, "{at} integer {:?}", integer.format).unwrap()
            }
            SchemaKind::Type(Type::Boolean) => writeln!(out, "{at} boolean").unwrap(),
            SchemaKind::Type(Type::Object(shape)) => {
                writeln!(out, "{at} object").unwrap();
                object(
                    out,
                    &shape.properties,
                    &shape.required,
                    &shape.additional_properties,
                );
            }
            SchemaKind::Type(Type::Array(array)) => {
                writeln!(out, "{at} array").unwrap();
                if let Some(items) = &array.items {
                    dump_schema(out, &format!("{at}/items"), items);
                }
            }
            SchemaKind::OneOf { one_of } => list(out, "oneOf", one_of),
            SchemaKind::AllOf { all_of } => list(out, "allOf", all_of),
            SchemaKind::AnyOf { any_of } => list(out, "anyOf", any_of),
            SchemaKind::Not { not } => dump_schema(out, &format!("{at}/not"), not),
            SchemaKind::Any(any) => {
                writeln!(out, "{at} any {:?}", any.typ).unwrap();
                object(
                    out,
                    &any.properties,
                    &any.required,
                    &any.additional_properties,
                );
                list(out, "oneOf", &any.one_of);
                list(out, "allOf", &any.all_of);
                list(out, "anyOf", &any.any_of);
            }
        }
    }

    /// The same lines, from `openapiv3`'s types.
    fn dump_openapiv3_schema(
        out: &mut String,
        at: &str,
        schema: &openapiv3::ReferenceOr<impl std::borrow::Borrow<openapiv3::Schema>>,
    ) {
        use openapiv3::{AdditionalProperties as Additional, SchemaKind as Kind, Type as T};
        let schema = match schema {
            openapiv3::ReferenceOr::Reference { reference } => {
                return writeln!(out, "{at} $ref {reference}").unwrap()
            }
            openapiv3::ReferenceOr::Item(schema) => schema.borrow(),
        };
        let data = &schema.schema_data;
        let discriminator = data.discriminator.as_ref().map(|d| {
            let mapping: Vec<(String, String)> = d
                .mapping
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (&d.property_name, mapping)
        });
        let discriminator = discriminator
            .as_ref()
            .map(|(name, mapping)| (*name, mapping));
        writeln!(
            out,
            "{at} {} {} {} {:?} {:?} {discriminator:?}",
            data.nullable, data.read_only, data.write_only, data.title, data.description
        )
        .unwrap();
        let list =
            |out: &mut String, key: &str, parts: &[openapiv3::ReferenceOr<openapiv3::Schema>]| {
                for (index, part) in parts.iter().enumerate() {
                    dump_openapiv3_schema(out, &format!("{at}/{key}/{index}"), part);
                }
            };
        let object = |out: &mut String,
                      properties: &indexmap::IndexMap<
            String,
            openapiv3::ReferenceOr<Box<openapiv3::Schema>>,
        >,
                      required: &[String],
                      additional: &Option<Additional>| {
            writeln!(out, "{at} required {required:?}").unwrap();
            for (name, property) in properties {
                dump_openapiv3_schema(out, &format!("{at}/properties/{name}"), property);
            }
            match additional {
                Some(Additional::Any(allowed)) => {
                    writeln!(out, "{at} additional {allowed}").unwrap()
                }
                Some(Additional::Schema(schema)) => {
                    dump_openapiv3_schema(out, &format!("{at}/additionalProperties"), schema)
                }
                None => {}
            }
        };
        let format = |format: &dyn std::fmt::Debug| {
            let text = format!("{format:?}");
            match text.as_str() {
                "Empty" => "None".to_string(),
                // `Item(DateTime)` is `date-time` in the spec; `Unknown("x")` is `x`.
                _ if text.starts_with("Item(") => {
                    let variant = text["Item(".len()..text.len() - 1].to_lowercase();
                    format!(
                        "Some({:?})",
                        if variant == "datetime" {
                            "date-time".to_string()
                        } else {
                            variant
                        }
                    )
                }
                _ => format!("Some({})", &text["Unknown(".len()..text.len() - 1]),
            }
        };
        match &schema.schema_kind {
            Kind::Type(T::String(string)) => {
                let values: Vec<&String> = string.enumeration.iter().flatten().collect();
                writeln!(out, "{at} string {} {values:?}", format(&string.format)).unwrap()
            }
            Kind::Type(T::Number(number)) => {
                writeln!(out, "{at} number {}", format(&number.format)).unwrap()
            }
            Kind::Type(T::Integer(integer)) => {
                writeln!(out, "{at} integer {}", format(&integer.format)).unwrap()
            }
            Kind::Type(T::Boolean(_)) => writeln!(out, "{at} boolean").unwrap(),
            Kind::Type(T::Object(shape)) => {
                writeln!(out, "{at} object").unwrap();
                object(
                    out,
                    &shape.properties,
                    &shape.required,
                    &shape.additional_properties,
                );
            }
            Kind::Type(T::Array(array)) => {
                writeln!(out, "{at} array").unwrap();
                if let Some(items) = &array.items {
                    dump_openapiv3_schema(out, &format!("{at}/items"), items);
                }
            }
            Kind::OneOf { one_of } => list(out, "oneOf", one_of),
            Kind::AllOf { all_of } => list(out, "allOf", all_of),
            Kind::AnyOf { any_of } => list(out, "anyOf", any_of),
            Kind::Not { not } => dump_openapiv3_schema(out, &format!("{at}/not"), not),
            Kind::Any(any) => {
                writeln!(out, "{at} any {:?}", any.typ).unwrap();
                object(
                    out,
                    &any.properties,
                    &any.required,
                    &any.additional_properties,
                );
                list(out, "oneOf", &any.one_of);
                list(out, "allOf", &any.all_of);
                list(out, "anyOf", &any.any_of);
            }
        }
    }

    /// Every schema of the document and every operation's parameters and responses, from our model.
    fn dump(document: &Document, paths: &[SpecPath]) -> String {
        let mut out = String::new();
        for (name, schema) in &document.components.schemas {
            dump_schema(&mut out, &format!("schemas/{name}"), schema);
        }
        for path in paths {
            for (method, operation) in &path.operations {
                let at = format!("{} {}", path.path, method.key());
                writeln!(
                    out,
                    "{at} {:?} {:?} {:?} {:?}",
                    operation.operation_id,
                    operation.summary,
                    operation.description,
                    operation.security
                )
                .unwrap();
                for parameter in path.parameters.iter().chain(&operation.parameters) {
                    match parameter {
                        ReferenceOr::Reference { reference } => {
                            writeln!(out, "{at} parameter $ref {reference}").unwrap()
                        }
                        ReferenceOr::Item(parameter) => {
                            writeln!(
                                out,
                                "{at} parameter {} {:?} {} {:?} {:?}",
                                parameter.name,
                                parameter.location,
                                parameter.required,
                                parameter.style,
                                parameter.explode
                            )
                            .unwrap();
                            if let ParameterSchemaOrContent::Schema(schema) = &parameter.format {
                                dump_schema(
                                    &mut out,
                                    &format!("{at} parameter {}", parameter.name),
                                    schema,
                                );
                            }
                        }
                    }
                }
                let responses = operation
                    .responses
                    .responses
                    .iter()
                    .map(|(status, response)| (format!("{status:?}"), response));
                for (status, response) in responses.chain(
                    operation
                        .responses
                        .default
                        .iter()
                        .map(|response| ("default".to_string(), response)),
                ) {
                    match response {
                        ReferenceOr::Reference { reference } => {
                            writeln!(out, "{at} {status} $ref {reference}").unwrap()
                        }
                        ReferenceOr::Item(response) => {
                            writeln!(out, "{at} {status} {:?}", response.description).unwrap();
                            for (media_type, media) in &response.content {
                                if let Some(schema) = &media.schema {
                                    dump_schema(
                                        &mut out,
                                        &format!("{at} {status} {media_type}"),
                                        schema,
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }

    fn dump_openapiv3(api: &openapiv3::OpenAPI) -> String {
        let mut out = String::new();
        for (name, schema) in api
            .components
            .iter()
            .flat_map(|components| &components.schemas)
        {
            dump_openapiv3_schema(&mut out, &format!("schemas/{name}"), schema);
        }
        for (path, item) in &api.paths.paths {
            let openapiv3::ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, operation) in item.iter() {
                let at = format!("{path} {method}");
                let security: Option<Vec<Vec<&String>>> = operation.security.as_ref().map(|list| {
                    list.iter()
                        .map(|requirement| requirement.keys().collect())
                        .collect()
                });
                writeln!(
                    out,
                    "{at} {:?} {:?} {:?} {security:?}",
                    operation.operation_id, operation.summary, operation.description
                )
                .unwrap();
                for parameter in item.parameters.iter().chain(&operation.parameters) {
                    match parameter {
                        openapiv3::ReferenceOr::Reference { reference } => {
                            writeln!(out, "{at} parameter $ref {reference}").unwrap()
                        }
                        openapiv3::ReferenceOr::Item(parameter) => {
                            let data = parameter.parameter_data_ref();
                            let (location, style) = match parameter {
                                openapiv3::Parameter::Query { style, .. } => {
                                    ("Query", format!("{style:?}"))
                                }
                                openapiv3::Parameter::Header { style, .. } => {
                                    ("Header", format!("{style:?}"))
                                }
                                openapiv3::Parameter::Path { style, .. } => {
                                    ("Path", format!("{style:?}"))
                                }
                                openapiv3::Parameter::Cookie { style, .. } => {
                                    ("Cookie", format!("{style:?}"))
                                }
                            };
                            writeln!(
                                out,
                                "{at} parameter {} {location} {} {style} {:?}",
                                data.name, data.required, data.explode
                            )
                            .unwrap();
                            if let openapiv3::ParameterSchemaOrContent::Schema(schema) =
                                &data.format
                            {
                                dump_openapiv3_schema(
                                    &mut out,
                                    &format!("{at} parameter {}", data.name),
                                    schema,
                                );
                            }
                        }
                    }
                }
                let responses = operation
                    .responses
                    .responses
                    .iter()
                    .map(|(status, response)| {
                        let status = match status {
                            openapiv3::StatusCode::Code(code) => format!("Code({code})"),
                            openapiv3::StatusCode::Range(class) => format!("Range({class})"),
                        };
                        (status, response)
                    });
                for (status, response) in responses.chain(
                    operation
                        .responses
                        .default
                        .iter()
                        .map(|response| ("default".to_string(), response)),
                ) {
                    match response {
                        openapiv3::ReferenceOr::Reference { reference } => {
                            writeln!(out, "{at} {status} $ref {reference}").unwrap()
                        }
                        openapiv3::ReferenceOr::Item(response) => {
                            writeln!(out, "{at} {status} {:?}", response.description).unwrap();
                            for (media_type, media) in &response.content {
                                if let Some(schema) = &media.schema {
                                    dump_openapiv3_schema(
                                        &mut out,
                                        &format!("{at} {status} {media_type}"),
                                        schema,
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// On every spec at hand that `openapiv3` reads, our model holds what `openapiv3`'s does:
    /// the same kind for every schema, the same parameters and responses for every operation.
    #[test]
    fn reads_what_openapiv3_reads() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs = vec![
            root.join("../shared/corpus/big/github-api.json"),
            root.join("../shared/corpus/big/stripe-2023-08-09.yaml"),
        ];
        for directory in ["specs", "tests/fixtures", "../shared/corpus"] {
            for entry in std::fs::read_dir(root.join(directory)).unwrap() {
                specs.push(entry.unwrap().path());
            }
        }
        let mut compared = 0;
        for spec in specs.iter().filter(|spec| spec.is_file()) {
            let text = std::fs::read_to_string(spec).unwrap();
            let Ok(value) = super::super::parse_document(spec, &text, None) else {
                continue;
            };
            let Ok(api) = serde_json::from_value::<openapiv3::OpenAPI>(value) else {
                continue;
            };
            // As the loader reads it: piece by piece.
            let mut pieces = Pieces::default();
            let rest = super::super::parse_document(
                spec,
                &text,
                Some(&mut |pointer, value| pieces.add(&pointer, value)),
            )
            .unwrap();
            let (document, paths) = pieces.finish(rest).unwrap();
            let ours = dump(&document, &paths);
            let theirs = dump_openapiv3(&api);
            for (line, (our_line, their_line)) in ours.lines().zip(theirs.lines()).enumerate() {
                assert_eq!(our_line, their_line, "{} line {line}", spec.display());
            }
            assert_eq!(
                ours.lines().count(),
                theirs.lines().count(),
                "{}",
                spec.display()
            );
            compared += 1;
        }
        assert!(compared >= 45, "only {compared} specs compared");
    }

    fn spec(paths: Value, components: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": components,
        })
    }

    #[test]
    fn a_path_keeps_its_operations_in_method_order_and_its_parameters() {
        let document = spec(
            json!({
                "/a": {
                    "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                    "trace": {"responses": {}},
                    "post": {"responses": {}},
                    "get": {"responses": {}},
                    "summary": "not kept",
                },
                "/b": {"$ref": "#/components/pathItems/b"},
                "x-note": {"skipped": true},
            }),
            json!({}),
        );
        let (_, paths) = super::document(document).unwrap();
        assert_eq!(paths.len(), 2);
        let methods: Vec<Method> = paths[0]
            .operations
            .iter()
            .map(|(method, _)| *method)
            .collect();
        assert_eq!(methods, [Method::Get, Method::Post, Method::Trace]);
        assert_eq!(paths[0].parameters.len(), 1);
        assert_eq!(paths[0].reference, None);
        assert_eq!(
            paths[1].reference.as_deref(),
            Some("#/components/pathItems/b")
        );
        assert!(paths[1].operations.is_empty());
    }

    #[test]
    fn every_failing_node_is_reported_at_its_own_pointer() {
        let document = spec(
            json!({
                "/a/{id}": {"get": {"responses": {
                    "200": {"description": 5},
                    "2X5": {"description": "odd"},
                }}},
                "/b": {"get": {"parameters": [
                    {"name": "id", "in": "path", "style": "form", "schema": {"type": "string"}},
                    {"in": "query", "schema": {"$ref": 7}},
                ], "responses": {}}},
                "/c": {"post": {"operationId": "c"}},
                "/d": {"$ref": 5},
            }),
            json!({"schemas": {
                "Pet": {"type": "object", "properties": {"age": {"minimum": "one"}}},
                "Tags": {"type": "array", "items": [], "nullable": "yes"},
            }}),
        );
        let failures = super::document(document).unwrap_err();
        let expected = [
            (
                "#/paths/~1a~1{id}/get/responses/200/description",
                "invalid type: integer `5`, expected a string",
            ),
            (
                "#/paths/~1a~1{id}/get/responses/2X5",
                "`2X5` is not a status code",
            ),
            (
                "#/paths/~1b/get/parameters/0/style",
                "unknown variant `form`, expected one of `matrix`, `label`, `simple`",
            ),
            (
                "#/paths/~1b/get/parameters/1/schema/$ref",
                "invalid type: integer `7`, expected a string",
            ),
            ("#/paths/~1b/get/parameters/1", "missing field `name`"),
            ("#/paths/~1c/post", "missing field `responses`"),
            (
                "#/paths/~1d/$ref",
                "invalid type: integer `5`, expected a string",
            ),
            (
                "#/components/schemas/Pet/properties/age/minimum",
                "`minimum` must be a number, found string \"one\"",
            ),
            (
                "#/components/schemas/Tags/items",
                "`items` must be a schema",
            ),
            (
                "#/components/schemas/Tags/nullable",
                "`nullable` must be true or false, found string \"yes\"",
            ),
        ];
        for (pointer, message) in expected {
            assert!(
                failures
                    .iter()
                    .any(|(at, said)| at == pointer && said.starts_with(message)),
                "no failure at {pointer} saying {message:?} in {failures:#?}"
            );
        }
        assert_eq!(failures.len(), expected.len(), "{failures:#?}");
    }

    #[test]
    fn a_string_with_a_number_keyword_is_not_a_plain_string() {
        let document = spec(
            json!({}),
            json!({"schemas": {
                "Plain": {"type": "string", "enum": ["a", null, "b"], "format": "binary"},
                "Bounded": {"type": "string", "minimum": 1},
                "Ints": {"type": "integer", "maximum": 1.5},
            }}),
        );
        let (document, _) = super::document(document).unwrap();
        let kind = |name: &str| match &document.components.schemas[name] {
            ReferenceOr::Item(schema) => schema.schema_kind.clone(),
            ReferenceOr::Reference { .. } => unreachable!(),
        };
        assert_eq!(
            kind("Plain"),
            SchemaKind::Type(Type::String(StringType {
                format: Some("binary".into()),
                enumeration: vec!["a".into(), "b".into()],
            }))
        );
        assert!(
            matches!(kind("Bounded"), SchemaKind::Any(any) if any.typ.as_deref() == Some("string"))
        );
        assert!(
            matches!(kind("Ints"), SchemaKind::Any(any) if any.typ.as_deref() == Some("integer"))
        );
    }
}
