//! Converts the parsed document into [`crate::load::model`]'s types, consuming it node by node so the
//! generic value and the typed one are never both held whole, and reporting every node that
//! does not have the shape OpenAPI 3.0 gives it, each at its own JSON pointer.
//!
//! Fields the generator never reads (examples, links, callbacks, headers, extensions) are
//! skipped without being checked; scalar keywords of schemas, parameters and operations are
//! type-checked even when they are not kept, so a typo in one is still reported.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::keywords;
use std::path::{Path, PathBuf};

use crate::diagnostics::{pointer, pointer_segment, unescape_pointer_segment, Diagnostic};
use crate::load::model::*;
use crate::load::openapi31;
use crate::load::resolve::{Refusal, Resolver, Sources};
use crate::load::{Dialect, SpecPath};

/// A node that is not what OpenAPI 3.0 puts there: (JSON pointer, message).
pub type Failure = (String, String);

/// A node the conversion ignores: where it is, what is ignored, and what was likely meant.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub at: String,
    pub message: String,
    pub help: String,
}

/// What [`Pieces::finish`] made of a document: the description and its paths, or every
/// failure found; and the rest either way.
pub struct Finished {
    pub result: Result<(Document, Vec<SpecPath>), Vec<Failure>>,
    pub warnings: Vec<Warning>,
    /// Errors with a help of their own (`$ref`s that cannot be followed).
    pub refused: Vec<Warning>,
    /// What the document checks found in the nodes taken from other files.
    pub checked: Vec<Diagnostic>,
    /// Every file read, and where each node taken from another file came from.
    pub sources: Sources,
    /// Files that could not be parsed, each reported in its own text.
    pub file_errors: Vec<Diagnostic>,
}

/// The description, converted piece by piece: each path item and component entry as soon as
/// the reader hands it over ([`Pieces::add`]), then what is left of the document
/// ([`Pieces::finish`]).
#[derive(Default)]
pub struct Pieces {
    pub(super) convert: Converter,
    pub(super) components: Components,
    pub(super) paths: Vec<SpecPath>,
    /// The entries of `components.pathItems`, by pointer: what a path's `$ref` may name.
    pub(super) path_items: Vec<(String, SpecPath)>,
    /// The root spec's path, for the diagnostics of [`Pieces::checked`].
    pub(super) root: PathBuf,
    pub(super) checked: Vec<Diagnostic>,
}

impl Pieces {
    /// Pieces of the spec read from `root`, whose `$ref`s to other files are followed.
    pub fn new(root: &Path, dialect: Dialect) -> Self {
        Pieces {
            convert: Converter {
                resolver: Resolver::new(root),
                dialect,
                ..Converter::default()
            },
            root: root.to_path_buf(),
            ..Pieces::default()
        }
    }

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
    pub fn finish(mut self, document: Value) -> Finished {
        let mut converted = Document::default();
        if self.convert.dialect == Dialect::OpenApi31 {
            let mut notes = Vec::new();
            if let Some((at, message, help)) =
                openapi31::check_document_fields(&document, &mut notes)
            {
                self.convert.refused.push(Warning { at, message, help });
            }
            self.convert.note_all(notes);
        }
        let elsewhere = self.referenced_elsewhere(&document);
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
                            self.convert.at = pointer(&["components", &section]);
                            let convert = &mut self.convert;
                            convert.unknown_here(
                                &section,
                                "`components`",
                                keywords::components(convert.dialect),
                            );
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
                        convert.unknown_keys(&value, "`info`", keywords::info(convert.dialect));
                        if let Some(info) = convert.serde(value) {
                            converted.info = info;
                        }
                    }
                    "servers" => {
                        convert.servers_keys(&value);
                        if let Some(servers) = convert.serde(value) {
                            converted.servers = servers;
                        }
                    }
                    "tags" => convert.check_serde::<Vec<openapiv3::Tag>>(value),
                    "externalDocs" => {
                        convert.check_serde::<openapiv3::ExternalDocumentation>(value)
                    }
                    "security" => converted.security = convert.security(value),
                    "webhooks" | "jsonSchemaDialect" if convert.dialect == Dialect::OpenApi31 => {}
                    _ => convert.unknown_here(
                        &key,
                        "the document",
                        keywords::document(convert.dialect),
                    ),
                }),
            }
            self.convert.at.clear();
        }
        self.convert_bundled();
        self.resolve_path_references(elsewhere);
        converted.components = self.components;
        let result = if self.convert.failures.is_empty() && self.convert.refused.is_empty() {
            Ok((converted, self.paths))
        } else {
            Err(self.convert.failures)
        };
        Finished {
            result,
            warnings: self.convert.warnings,
            refused: self.convert.refused,
            checked: self.checked,
            sources: self.convert.resolver.sources,
            file_errors: self.convert.resolver.file_errors,
        }
    }

    fn path(&mut self, path: String, item: Value) {
        if !path.starts_with('/') {
            if !path.starts_with("x-") {
                self.convert.warnings.push(Warning {
                    at: self.convert.at.clone(),
                    message: format!("the path `{path}` does not start with `/`; it is skipped"),
                    help: format!("write it as `/{path}`"),
                });
            }
            return;
        }
        if let Some(item) = self.convert.path_item(item) {
            if let Some(item) = self.take_in_path_item(item) {
                self.paths.push(SpecPath { path, ..item });
            }
        }
    }

    /// The path items that paths `$ref` outside `paths` and `components.pathItems`, taken
    /// from the rest of the document (the pieces are not in it), by pointer.
    fn referenced_elsewhere(&self, document: &Value) -> Vec<(String, Value)> {
        let mut found: Vec<(String, Value)> = Vec::new();
        // Paths not handed over as pieces are still in the document.
        let unread = document
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|paths| paths.values())
            .filter_map(|item| item.get("$ref").and_then(Value::as_str));
        let read = self
            .paths
            .iter()
            .filter_map(|path| path.reference.as_deref());
        for reference in read.chain(unread) {
            let Some(target) = reference.strip_prefix('#') else {
                continue;
            };
            if found.iter().any(|(known, _)| known == reference) {
                continue;
            }
            if let Some(value) = document.pointer(target).filter(|value| !value.is_null()) {
                found.push((reference.to_string(), value.clone()));
            }
        }
        found
    }

    /// Gives each path whose item is a `$ref` to another place of this document the
    /// parameters and operations of the item it names, following chains of `$ref`s.
    fn resolve_path_references(&mut self, elsewhere: Vec<(String, Value)>) {
        for (at, value) in elsewhere {
            self.convert.at = at.clone();
            if let Some(item) = self.convert.path_item(value) {
                self.path_items.push((at, item));
            }
        }
        for index in 0..self.paths.len() {
            let mut seen: Vec<String> = Vec::new();
            while let Some(reference) = self.paths[index].reference.clone() {
                if !reference.starts_with('#') {
                    break;
                }
                self.convert.at = format!("{}/$ref", pointer(&["paths", &self.paths[index].path]));
                if seen.contains(&reference) {
                    self.convert.fail(format!(
                        "the path item `$ref`s form a cycle: {} → {reference}",
                        seen.join(" → ")
                    ));
                    break;
                }
                let target = self
                    .paths
                    .iter()
                    .find(|path| pointer(&["paths", &path.path]) == reference)
                    .or_else(|| {
                        self.path_items
                            .iter()
                            .find(|(at, _)| *at == reference)
                            .map(|(_, item)| item)
                    });
                let Some(target) = target else {
                    self.convert.fail(format!(
                        "`$ref: {reference}` names no path item of this document"
                    ));
                    break;
                };
                let (parameters, operations, next) = (
                    target.parameters.clone(),
                    target.operations.clone(),
                    target.reference.clone(),
                );
                seen.push(reference);
                let path = &mut self.paths[index];
                path.parameters = parameters;
                path.operations = operations;
                path.reference = next;
            }
        }
        self.convert.at.clear();
    }

    /// Converts one entry of a `components` section, with the pointer at the entry.
    pub(super) fn component(&mut self, section: &str, name: String, value: Value) {
        let convert = &mut self.convert;
        let components = &mut self.components;
        match section {
            "schemas" => {
                if let Some(schema) = convert.schema_or_reference(value) {
                    convert.insert(&mut components.schemas, section, name, schema);
                }
            }
            "responses" => {
                if let Some(response) = convert.response(value) {
                    convert.insert(&mut components.responses, section, name, response);
                }
            }
            "parameters" => {
                if let Some(parameter) = convert.parameter(value) {
                    convert.insert(&mut components.parameters, section, name, parameter);
                }
            }
            "requestBodies" => {
                if let Some(body) = convert.request_body(value) {
                    convert.insert(&mut components.request_bodies, section, name, body);
                }
            }
            "pathItems" => {
                let at = convert.at.clone();
                if let Some(item) = convert.path_item(value) {
                    self.path_items.push((at, SpecPath { path: name, ..item }));
                }
            }
            "securitySchemes" => {
                let scheme = convert.reference_or(
                    value,
                    "a security scheme",
                    "securitySchemes",
                    |convert, object| {
                        let object = Value::Object(object);
                        convert.unknown_keys(
                            &object,
                            "a security scheme",
                            &[keywords::SECURITY_SCHEME],
                        );
                        convert.serde(object)
                    },
                );
                if let Some(scheme) = scheme {
                    convert.insert(&mut components.security_schemes, section, name, scheme);
                }
            }
            _ => {}
        }
    }
}

/// The `components` sections the generator reads; the others (examples, headers, links,
/// callbacks) are skipped.
const COMPONENT_SECTIONS: &[&str] = &[
    "pathItems",
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
    pub(super) warnings: Vec<Warning>,
    /// Errors that say how to fix them: `$ref`s that cannot be followed.
    pub(super) refused: Vec<Warning>,
    /// The index, in the resolver's files, of the file being converted (0 is the root).
    pub(super) file: usize,
    pub(super) resolver: Resolver,
    pub(super) dialect: Dialect,
}

impl Converter {
    pub(super) fn fail(&mut self, message: impl Into<String>) {
        let at = if self.at.is_empty() { "#" } else { &self.at };
        self.failures.push((at.to_string(), message.into()));
    }

    /// Warns about `key`, with the pointer already at it, when it is neither one of the
    /// `known` fields of `object` (e.g. "a schema") nor an extension (`x-…`).
    pub(super) fn unknown_here(&mut self, key: &str, object: &str, known: keywords::Known) {
        if key.starts_with("x-") || known.iter().any(|list| list.contains(&key)) {
            return;
        }
        let help = match keywords::nearest(key, known) {
            Some(meant) => format!("did you mean `{meant}`?"),
            None => "remove it, or start the name of an extension with `x-`".to_string(),
        };
        self.warnings.push(Warning {
            at: self.at.clone(),
            message: format!("`{key}` is not a field of {object}; it is ignored"),
            help,
        });
    }

    /// Adds each note as a warning.
    pub(super) fn note_all(&mut self, notes: Vec<openapi31::Note>) {
        self.warnings
            .extend(
                notes
                    .into_iter()
                    .map(|(at, message, help)| Warning { at, message, help }),
            );
    }

    /// Warns about the unknown keys of each server in a list of servers.
    pub(super) fn servers_keys(&mut self, servers: &Value) {
        for (index, server) in servers.as_array().into_iter().flatten().enumerate() {
            self.at_index(index, |convert| {
                convert.unknown_keys(server, "a server", &[keywords::SERVER])
            });
        }
    }

    /// Warns as [`Converter::unknown_here`] does about each key of `value`, if it is a map.
    pub(super) fn unknown_keys(&mut self, value: &Value, object: &str, known: keywords::Known) {
        for key in value.as_object().into_iter().flat_map(Map::keys) {
            self.at_key(key, |convert| convert.unknown_here(key, object, known));
        }
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

    /// A `$ref`, or the object `item` makes of the node; a `$ref` into another file (or any
    /// `$ref` in a file other than the root) becomes one to the entry of
    /// `components.<section>` the node of that file is given.
    pub(super) fn reference_or<T>(
        &mut self,
        value: Value,
        expected: &str,
        section: &'static str,
        item: impl FnOnce(&mut Self, Map<String, Value>) -> Option<T>,
    ) -> Option<ReferenceOr<T>> {
        let mut object = self.object(value, expected)?;
        if let Some(reference) = object.get_mut("$ref") {
            return match std::mem::take(reference) {
                Value::String(reference) => self
                    .at_key("$ref", |convert| {
                        convert.local_reference(reference, section)
                    })
                    .map(|reference| ReferenceOr::Reference { reference }),
                other => {
                    self.at_key("$ref", |convert| convert.wrong_type(&other, "a string"));
                    None
                }
            };
        }
        item(self, object).map(ReferenceOr::Item)
    }

    /// `reference` as the later stages can follow it: a local one of the root as it is, any
    /// other given its place under `components.<section>`; refused with the pointer at it.
    pub(super) fn local_reference(
        &mut self,
        reference: String,
        section: &'static str,
    ) -> Option<String> {
        if self.file == 0 && reference.starts_with('#') {
            return Some(reference);
        }
        match self.resolver.bundle(self.file, &reference, section) {
            Ok(local) => Some(local),
            Err(refusal) => {
                self.refuse(refusal);
                None
            }
        }
    }

    /// An error with its own help, at the pointer.
    pub(super) fn refuse(&mut self, refusal: Refusal) {
        self.refused.push(Warning {
            at: self.at.clone(),
            message: refusal.message,
            help: refusal.help,
        });
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
