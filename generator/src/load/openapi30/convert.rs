//! Converts the parsed document into [`crate::load::model`]'s types, consuming it node by node so the
//! generic value and the typed one are never both held whole, and reporting every node that
//! does not have the shape OpenAPI 3.0 gives it, each at its own JSON pointer.
//!
//! Fields the generator never reads (examples, links, callbacks, headers, extensions) are
//! skipped without being checked; scalar keywords of schemas, parameters and operations are
//! type-checked even when they are not kept, so a typo in one is still reported.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::diagnostics::{pointer, pointer_segment, unescape_pointer_segment};
use crate::load::model::*;
use crate::load::SpecPath;

/// A node that is not what OpenAPI 3.0 puts there: (JSON pointer, message).
pub type Failure = (String, String);

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
pub(super) fn unexpected(value: &Value) -> String {
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
pub(super) enum Scalar {
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
pub(super) struct Converter {
    /// The pointer of the node being converted.
    pub(super) at: String,
    pub(super) failures: Vec<Failure>,
}

impl Converter {
    pub(super) fn fail(&mut self, message: impl Into<String>) {
        let at = if self.at.is_empty() { "#" } else { &self.at };
        self.failures.push((at.to_string(), message.into()));
    }

    pub(super) fn wrong_type(&mut self, value: &Value, expected: &str) {
        self.fail(format!(
            "invalid type: {}, expected {expected}",
            unexpected(value)
        ));
    }

    /// Runs `convert` with the pointer moved to the child `key`.
    pub(super) fn at_key<T>(&mut self, key: &str, convert: impl FnOnce(&mut Self) -> T) -> T {
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

    pub(super) fn at_index<T>(&mut self, index: usize, convert: impl FnOnce(&mut Self) -> T) -> T {
        self.at_key(&index.to_string(), convert)
    }

    /// A value of one of `openapiv3`'s types, for the small parts kept as they are; a failure
    /// points at the innermost node serde names.
    pub(super) fn serde<T: DeserializeOwned>(&mut self, value: Value) -> Option<T> {
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

    pub(super) fn check_serde<T: DeserializeOwned>(&mut self, value: Value) {
        let _: Option<T> = self.serde(value);
    }

    pub(super) fn object(&mut self, value: Value, expected: &str) -> Option<Map<String, Value>> {
        match value {
            Value::Object(object) => Some(object),
            other => {
                self.wrong_type(&other, expected);
                None
            }
        }
    }

    pub(super) fn string(&mut self, value: Value) -> Option<String> {
        match value {
            Value::String(text) => Some(text),
            other => {
                self.wrong_type(&other, "a string");
                None
            }
        }
    }

    pub(super) fn bool(&mut self, value: Value) -> Option<bool> {
        match value {
            Value::Bool(flag) => Some(flag),
            other => {
                self.wrong_type(&other, "a boolean");
                None
            }
        }
    }

    /// Checks a keyword that is read nowhere but must still have its type.
    pub(super) fn check_scalar(&mut self, key: &str, value: &Value, kind: Scalar) {
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

    /// Checks the node the pointer is at (its key already pushed).
    pub(super) fn check_scalar_here(&mut self, value: &Value, kind: Scalar) {
        if !kind.fits(value) {
            self.wrong_type(value, kind.expected());
        }
    }

    /// Each member of a map, converted in order; members that fail are left out.
    pub(super) fn map<T>(
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
    pub(super) fn list<T>(
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
    pub(super) fn reference_or<T>(
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
    pub(super) fn require(&mut self, field: &str, present: bool) -> bool {
        if !present {
            self.fail(format!("missing field `{field}`"));
        }
        present
    }

    pub(super) fn security(&mut self, value: Value) -> Option<Vec<SecurityRequirement>> {
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
    pub(super) fn members(&mut self, value: Value, expected: &str) -> Vec<(String, Value)> {
        match self.object(value, expected) {
            Some(object) => object
                .into_iter()
                .filter(|(_, member)| !member.is_null())
                .collect(),
            None => Vec::new(),
        }
    }
}
