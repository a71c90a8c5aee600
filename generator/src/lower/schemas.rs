//! Lowers schemas to models and type references: structs, enums, aliases, with every inline schema named.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

use crate::load::model::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};
use indexmap::IndexMap;

use crate::diagnostics::{pointer_segment, unescape_pointer_segment, Diagnostic};
use crate::docs::doc_lines;
use crate::ir::{DataVariant, EnumVariant, Field, Model, ModelKind, TypeRef};
use crate::load::LoadedSpec;
use crate::names::{self, Namespace};
use crate::spec_settings::{Formats, SpecSettings};

mod objects;

/// Inline schemas nested deeper than this many steps fall back to `serde_json::Value` with a
/// warning. An object property inside an object is two steps (the struct, then its field), so
/// this allows 64 levels of nested objects.
const MAX_DEPTH: usize = 128;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Names reserved in every generated module.
const RESERVED_TYPE_NAMES: &[&str] = &["Client", "DEFAULT_BASE_URL"];

/// Lowers the schemas of one spec, collecting the models they produce.
pub struct SchemaLowering<'a> {
    spec: &'a LoadedSpec,
    components: IndexMap<String, &'a ReferenceOr<Schema>>,
    /// Spec name of each component schema → its Rust type name.
    component_names: BTreeMap<String, String>,
    type_names: Namespace,
    models: Vec<Model>,
    /// Pointer of each inline schema already lowered → its type, so a schema shared through
    /// `allOf` becomes one model.
    inline_types: BTreeMap<String, TypeRef>,
    /// Values of each inline string enum → its type, so the same list of values is one enum.
    inline_enums: BTreeMap<Vec<String>, TypeRef>,
    /// `format: binary` is raw bytes only in bodies sent as they are (multipart files); inside
    /// JSON it can only be a string.
    binary_as_bytes: bool,
    /// Which string formats are typed.
    formats: Formats,
    /// Spec name of each replaced component schema → the Rust path used instead.
    replaced: BTreeMap<String, String>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> SchemaLowering<'a> {
    pub fn new(spec: &'a LoadedSpec, settings: &SpecSettings) -> Self {
        let mut type_names = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        let mut components = IndexMap::new();
        let mut component_names = BTreeMap::new();
        let mut diagnostics = Vec::new();
        // Which spec name first took each Rust name, to explain a renamed clash.
        let mut first_owner: BTreeMap<String, String> = BTreeMap::new();
        for (name, schema) in &spec.api.components.schemas {
            let candidate = names::pascal_case(name, "Model", "Model");
            let rust_name = type_names.claim(&candidate);
            if rust_name != candidate {
                let clash = first_owner.get(&candidate).map_or_else(
                    || "a name the generated module uses itself".to_string(),
                    |owner| format!("schema `{owner}`"),
                );
                diagnostics.push(Diagnostic::warning(
                    &spec.path,
                    format!("{SCHEMA_PREFIX}{}", pointer_segment(name)),
                    format!("schema `{name}` becomes the Rust type `{candidate}`, like {clash}; it is named `{rust_name}` instead"),
                ));
            }
            first_owner.entry(candidate).or_insert_with(|| name.clone());
            component_names.insert(name.clone(), rust_name);
            components.insert(name.clone(), schema);
        }
        let mut replaced = BTreeMap::new();
        for (schema, path) in &settings.types {
            if components.contains_key(&schema.value) {
                replaced.insert(schema.value.clone(), path.clone());
            } else {
                diagnostics.push(settings.no_such_schema(schema));
            }
        }
        SchemaLowering {
            spec,
            components,
            component_names,
            type_names,
            models: Vec::new(),
            inline_types: BTreeMap::new(),
            inline_enums: BTreeMap::new(),
            binary_as_bytes: false,
            formats: settings.formats,
            replaced,
            diagnostics,
        }
    }

    /// Lowers every schema under `components.schemas`, in spec order.
    pub fn lower_components(&mut self) {
        let components: Vec<(String, &'a ReferenceOr<Schema>)> = self
            .components
            .iter()
            .map(|(name, schema)| (name.clone(), *schema))
            .collect();
        // Each `$ref` cycle is reported once, at its first member.
        let mut in_reported_cycle = BTreeSet::new();
        for (name, schema) in components {
            if self.replaced.contains_key(&name) {
                continue;
            }
            let rust_name = self.component_names[&name].clone();
            let at = format!("{SCHEMA_PREFIX}{}", pointer_segment(&name));
            match schema {
                ReferenceOr::Item(schema) => {
                    let model = self.model_of(&rust_name, &name, schema, &at, 0);
                    self.models.push(model);
                }
                ReferenceOr::Reference { reference } => {
                    if in_reported_cycle.contains(&name) {
                        continue;
                    }
                    if let Some(cycle) = self.alias_cycle(&name) {
                        in_reported_cycle.extend(cycle.iter().cloned());
                        self.error(
                            &format!("{at}/$ref"),
                            format!(
                                "`$ref` cycle {} names no schema, so it cannot be represented",
                                cycle.join(" → ")
                            ),
                            "make one of these schemas a real schema instead of a `$ref`",
                        );
                        continue;
                    }
                    let target = self.reference_type(reference, &at);
                    self.models.push(Model {
                        name: rust_name,
                        docs: Vec::new(),
                        kind: ModelKind::Alias(target),
                    });
                }
            }
        }
    }

    /// The chain `A → B → A` when the component `name` is a `$ref` that leads back to itself
    /// through other `$ref`s only.
    fn alias_cycle(&self, name: &str) -> Option<Vec<String>> {
        let mut chain = vec![name.to_string()];
        let mut current = name.to_string();
        while let Some(ReferenceOr::Reference { reference }) = self.components.get(&current) {
            let next = unescape_pointer_segment(reference.strip_prefix(SCHEMA_PREFIX)?);
            if next == name {
                chain.push(next);
                return Some(chain);
            }
            if chain.contains(&next) {
                return None;
            }
            chain.push(next.clone());
            current = next;
        }
        None
    }

    /// Each component schema that emits a model: its spec name and its Rust name.
    pub fn component_rust_names(&self) -> impl Iterator<Item = (&str, &str)> {
        self.component_names
            .iter()
            .filter(|(name, _)| !self.replaced.contains_key(*name))
            .map(|(name, rust_name)| (name.as_str(), rust_name.as_str()))
    }

    /// Claims a fresh type name in the module (for operation enums and inline models).
    pub fn claim_type_name(&mut self, candidate: &str) -> String {
        self.type_names
            .claim(&names::pascal_case(candidate, "Model", "Model"))
    }

    pub fn warn(&mut self, at: &str, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(&self.spec.path, at, message));
    }

    pub fn error(&mut self, at: &str, message: impl Into<String>, help: &str) {
        self.diagnostics
            .push(Diagnostic::error(&self.spec.path, at, message).with_help(help));
    }

    /// The models and the diagnostics gathered so far.
    pub fn finish(mut self) -> (Vec<Model>, Vec<Diagnostic>) {
        // The models stay in memory while they are formatted; give back the room grown for more.
        self.models.shrink_to_fit();
        (self.models, self.diagnostics)
    }

    /// The component schema a `$ref` points at, if it is a local schema reference.
    pub fn resolve_reference(&self, reference: &str) -> Option<&'a Schema> {
        super::resolve_component(&self.spec.api.components.schemas, SCHEMA_PREFIX, reference)
    }

    /// The schema itself, or the component schema its `$ref` points at; `S` is `Schema` or the
    /// `Box<Schema>` that properties and items hold.
    fn resolve<'s, S: Borrow<Schema>>(&self, schema: &'s ReferenceOr<S>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match schema {
            ReferenceOr::Item(schema) => Some(schema.borrow()),
            ReferenceOr::Reference { reference } => self.resolve_reference(reference),
        }
    }

    /// The type a component schema is used as: its model, or the type that replaces it.
    fn component_type(&self, name: &str) -> Option<TypeRef> {
        if let Some(path) = self.replaced.get(name) {
            return Some(TypeRef::External(path.clone()));
        }
        self.component_names
            .get(name)
            .map(|rust_name| TypeRef::Named(rust_name.clone()))
    }

    fn reference_type(&mut self, reference: &str, at: &str) -> TypeRef {
        let name = reference
            .strip_prefix(SCHEMA_PREFIX)
            .map(unescape_pointer_segment);
        match name.and_then(|name| self.component_type(&name)) {
            Some(ty) => ty,
            None if reference.starts_with(SCHEMA_PREFIX) => {
                self.error(
                    &format!("{at}/$ref"),
                    format!(
                        "unresolved `$ref: {reference}`: no such schema under `components.schemas`"
                    ),
                    "define the schema, or fix the name in the `$ref`",
                );
                TypeRef::Json
            }
            None => {
                self.warn(
                    at,
                    format!("`$ref: {reference}` does not point at `components.schemas`; typed as `serde_json::Value`"),
                );
                TypeRef::Json
            }
        }
    }

    /// The type of a schema used in a field, parameter, body or response.
    ///
    /// `context` names any model the schema needs (`SendAKeyRequestPhone`); `at` is its pointer.
    pub fn type_of(&mut self, schema: &'a ReferenceOr<Schema>, context: &str, at: &str) -> TypeRef {
        self.type_at_depth(schema, context, at, 0)
    }

    fn type_at_depth<S: Borrow<Schema>>(
        &mut self,
        schema: &'a ReferenceOr<S>,
        context: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference }
                if self.binary_as_bytes
                    && self.resolve_reference(reference).is_some_and(is_binary) =>
            {
                TypeRef::Bytes
            }
            ReferenceOr::Reference { reference } => self.reference_type(reference, at),
            ReferenceOr::Item(schema) => self.inline_type(schema.borrow(), context, at, depth),
        }
    }

    /// The type of a multipart body's schema: like [`Self::type_of`], but binary strings in the
    /// models it names are bytes, sent as file parts.
    pub fn multipart_type_of(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        context: &str,
        at: &str,
    ) -> TypeRef {
        self.binary_as_bytes = true;
        let ty = match schema {
            // A component with binary properties is a `String` model, shared with JSON bodies;
            // the multipart body gets its own copy of it, with bytes for the files.
            ReferenceOr::Reference { reference } => match self.resolve_reference(reference) {
                Some(component) if self.has_binary_property(component) => {
                    self.inline_model(component, context, at, 0)
                }
                _ => self.type_of(schema, context, at),
            },
            ReferenceOr::Item(_) => self.type_of(schema, context, at),
        };
        self.binary_as_bytes = false;
        ty
    }

    /// Whether an object schema has a `format: binary` string property (directly or through a
    /// `$ref`), also in a part of its `allOf` or, for a `oneOf`/`anyOf`, in an alternative.
    fn has_binary_property(&self, schema: &Schema) -> bool {
        self.binary_inside(schema, 0)
    }

    fn binary_inside(&self, schema: &Schema, depth: usize) -> bool {
        // Deep enough for any real composition; a cycle through `allOf` stops here.
        if depth > 8 {
            return false;
        }
        type Properties = [(String, ReferenceOr<Box<Schema>>)];
        let (properties, parts): (Option<&Properties>, Vec<&ReferenceOr<Schema>>) =
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => (Some(&object.properties), Vec::new()),
                SchemaKind::Any(any) => (
                    Some(&any.properties),
                    any.all_of
                        .iter()
                        .chain(&any.one_of)
                        .chain(&any.any_of)
                        .collect(),
                ),
                SchemaKind::AllOf { all_of: parts }
                | SchemaKind::OneOf { one_of: parts }
                | SchemaKind::AnyOf { any_of: parts } => (None, parts.iter().collect()),
                _ => return false,
            };
        properties.is_some_and(|properties| {
            properties
                .iter()
                .any(|(_, property)| self.is_binary_property(property))
        }) || parts.iter().any(|part| {
            self.resolve(part)
                .is_some_and(|part| self.binary_inside(part, depth + 1))
        })
    }

    /// In a multipart body's copy of a `oneOf`/`anyOf`, the type of the alternative `component`:
    /// its own copy with bytes for its files when it has any, else the shared model.
    fn multipart_alternative(
        &mut self,
        component: &str,
        context: &str,
        at: &str,
    ) -> Option<TypeRef> {
        let schema: &'a Schema = match self.components.get(component).copied() {
            Some(ReferenceOr::Item(schema)) => schema,
            _ => return self.component_type(component),
        };
        if self.binary_as_bytes
            && !self.replaced.contains_key(component)
            && self.has_binary_property(schema)
        {
            let name = names::pascal_case(component, "Model", "Model");
            Some(self.inline_model(schema, &format!("{context}{name}"), at, 0))
        } else {
            self.component_type(component)
        }
    }

    /// The variants of an enum model lowered so far, by its Rust name, and whether it has a
    /// catch-all variant (a tagged enum's `Unknown`).
    pub fn data_variants(&self, name: &str) -> Option<(&[DataVariant], bool)> {
        self.models
            .iter()
            .find(|model| model.name == name)
            .and_then(|model| match &model.kind {
                ModelKind::Tagged { variants, .. } => Some((variants.as_slice(), true)),
                ModelKind::Untagged { variants } => Some((variants.as_slice(), false)),
                _ => None,
            })
    }

    /// Whether a property is a `format: binary` string, directly, through a `$ref`, or through
    /// an `allOf` part (3.1's `anyOf: [{$ref: File}, {type: "null"}]` is read as a nullable
    /// `allOf: [{$ref: File}]`).
    fn is_binary_property<S: Borrow<Schema>>(&self, property: &ReferenceOr<S>) -> bool {
        match self
            .resolve(property)
            .map(|schema| (schema, &schema.schema_kind))
        {
            Some((_, SchemaKind::AllOf { all_of })) => all_of
                .iter()
                .any(|part| self.resolve(part).is_some_and(is_binary)),
            Some((schema, _)) => is_binary(schema),
            None => false,
        }
    }

    /// The fields of a struct model lowered so far, by its Rust name.
    pub fn struct_fields(&self, name: &str) -> Option<&[Field]> {
        self.models
            .iter()
            .find(|model| model.name == name)
            .and_then(|model| match &model.kind {
                ModelKind::Struct { fields, .. } => Some(fields.as_slice()),
                _ => None,
            })
    }

    fn is_read_or_write_only(&self, schema: &ReferenceOr<Box<Schema>>) -> bool {
        self.resolve(schema)
            .is_some_and(|schema| schema.schema_data.read_only || schema.schema_data.write_only)
    }

    /// The rustdoc note naming the format of a string schema typed as `String` (see [`format_note`]).
    pub fn format_note_of<S: Borrow<Schema>>(
        &self,
        schema: &ReferenceOr<S>,
        ty: &TypeRef,
    ) -> Option<String> {
        format_note(ty, self.resolve(schema))
    }

    /// Whether a schema (or the schema a `$ref` points at) is `nullable`.
    pub fn is_nullable<S: Borrow<Schema>>(&self, schema: &ReferenceOr<S>) -> bool {
        self.resolve(schema)
            .is_some_and(|schema| schema.schema_data.nullable)
    }

    /// The type of an array item or a map value: `Option<T>` when its schema is `nullable`,
    /// since no field says so for it (a `serde_json::Value` holds `null` already).
    fn element_type<S: Borrow<Schema>>(
        &mut self,
        schema: &'a ReferenceOr<S>,
        context: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        let ty = self.type_at_depth(schema, context, at, depth);
        nullable_if(ty, self.is_nullable(schema))
    }

    /// Whether a schema describes a string (possibly binary) rather than structured data.
    pub fn is_string_schema(&self, schema: &ReferenceOr<Schema>) -> bool {
        self.resolve(schema)
            .is_some_and(|schema| matches!(schema.schema_kind, SchemaKind::Type(Type::String(_))))
    }

    fn inline_type(
        &mut self,
        schema: &'a Schema,
        context: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        if depth > MAX_DEPTH {
            return self.too_deep(at);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if !string.enumeration.is_empty() {
                    self.inline_model(schema, context, at, depth)
                } else {
                    match string.format.as_deref() {
                        Some("binary") if self.binary_as_bytes => TypeRef::Bytes,
                        Some("date-time") if self.formats.date_time => TypeRef::DateTime,
                        Some("date") if self.formats.date => TypeRef::Date,
                        Some("uuid") if self.formats.uuid => TypeRef::Uuid,
                        _ => TypeRef::String,
                    }
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => match integer.format.as_deref() {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(number)) => match number.format.as_deref() {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let item_at = format!("{at}/items");
                    let item =
                        self.element_type(items, &format!("{context}Item"), &item_at, depth + 1);
                    TypeRef::Vec(Box::new(item))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                self.map_type(object.additional_properties.as_ref(), context, at, depth)
            }
            SchemaKind::AllOf { all_of }
                if all_of.len() == 1 || self.sole_scalar_part(all_of).is_some() =>
            {
                let index = self.sole_scalar_part(all_of).unwrap_or(0);
                let part_at = format!("{at}/allOf/{index}");
                // Through `type_at_depth`, so a part that refers to a binary string is bytes in
                // a multipart body, as a `$ref` property is.
                self.type_at_depth(&all_of[index], context, &part_at, depth + 1)
            }
            SchemaKind::Any(any)
                if any.properties.is_empty()
                    && any.all_of.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty() =>
            {
                match any.typ.as_deref() {
                    Some("object") => {
                        self.map_type(any.additional_properties.as_ref(), context, at, depth)
                    }
                    _ => TypeRef::Json,
                }
            }
            _ => self.inline_model(schema, context, at, depth),
        }
    }

    /// The index of the one part of an `allOf` that types the value, when that part is not an
    /// object and every other part only documents it: `allOf: [{$ref: Timestamp},
    /// {description: ...}]` is a `Timestamp`, not a struct of no fields.
    fn sole_scalar_part(&self, all_of: &[ReferenceOr<Schema>]) -> Option<usize> {
        let mut typed = all_of
            .iter()
            .enumerate()
            .filter(|(_, part)| !is_documentation_only(part));
        let (index, part) = typed.next()?;
        if typed.next().is_some() {
            return None;
        }
        let schema = self.resolve(part)?;
        (!objects::is_object_like(schema)).then_some(index)
    }

    /// The type of a schema nested deeper than [`MAX_DEPTH`], with the warning that says so.
    fn too_deep(&mut self, at: &str) -> TypeRef {
        self.warn(
            at,
            format!(
                "schema nested more than {} levels of objects deep; typed as `serde_json::Value`",
                MAX_DEPTH / 2
            ),
        );
        TypeRef::Json
    }

    fn map_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        context: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let value_at = format!("{at}/additionalProperties");
                let value =
                    self.element_type(value, &format!("{context}Value"), &value_at, depth + 1);
                TypeRef::Map(Box::new(value))
            }
            _ => TypeRef::Map(Box::new(TypeRef::Json)),
        }
    }

    fn inline_model(
        &mut self,
        schema: &'a Schema,
        context: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        if let Some(known) = self.inline_types.get(at) {
            return known.clone();
        }
        let enum_values: Option<Vec<String>> = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => Some(string.enumeration.clone()),
            _ => None,
        };
        if let Some(known) = enum_values
            .as_ref()
            .and_then(|values| self.inline_enums.get(values))
        {
            return known.clone();
        }
        let name = self.claim_type_name(context);
        self.inline_types
            .insert(at.to_string(), TypeRef::Named(name.clone()));
        if let Some(values) = enum_values {
            self.inline_enums
                .insert(values, TypeRef::Named(name.clone()));
        }
        let model = self.model_of(&name, context, schema, at, depth + 1);
        self.models.push(model);
        TypeRef::Named(name)
    }

    /// The model for a named schema (a component, or an inline schema given a name).
    fn model_of(
        &mut self,
        name: &str,
        spec_name: &str,
        schema: &'a Schema,
        at: &str,
        depth: usize,
    ) -> Model {
        let mut docs = Vec::new();
        if let Some(title) = &schema.schema_data.title {
            docs.extend(doc_lines(title));
        }
        if let Some(description) = &schema.schema_data.description {
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.extend(doc_lines(description));
        }
        let kind = self.model_kind(name, spec_name, schema, at, depth);
        Model {
            name: name.to_string(),
            docs,
            kind,
        }
    }

    fn model_kind(
        &mut self,
        name: &str,
        spec_name: &str,
        schema: &'a Schema,
        at: &str,
        depth: usize,
    ) -> ModelKind {
        if let Some(discriminator) = &schema.schema_data.discriminator {
            let alternatives: Vec<&'a ReferenceOr<Schema>> = match &schema.schema_kind {
                SchemaKind::OneOf { one_of } => one_of.iter().collect(),
                SchemaKind::AnyOf { any_of } => any_of.iter().collect(),
                _ => Vec::new(),
            };
            let subtypes =
                self.discriminated_subtypes(spec_name, &discriminator.mapping, &alternatives);
            if !subtypes.is_empty() {
                return self.tagged(name, &discriminator.property_name, subtypes, at);
            }
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let values: Vec<&str> = string.enumeration.iter().map(String::as_str).collect();
                self.string_enum(&values)
            }
            SchemaKind::OneOf { one_of } => {
                self.untagged(name, one_of, &format!("{at}/oneOf"), depth)
            }
            SchemaKind::AnyOf { any_of } => {
                self.untagged(name, any_of, &format!("{at}/anyOf"), depth)
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() && any.properties.is_empty() => {
                self.untagged(name, &any.one_of, &format!("{at}/oneOf"), depth)
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() && any.properties.is_empty() => {
                self.untagged(name, &any.any_of, &format!("{at}/anyOf"), depth)
            }
            SchemaKind::AllOf { all_of } if self.sole_scalar_part(all_of).is_some() => {
                ModelKind::Alias(self.inline_type_without_model(schema, name, at, depth))
            }
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } | SchemaKind::Any(_) => {
                let is_object_like = match &schema.schema_kind {
                    SchemaKind::Any(any) => {
                        !any.properties.is_empty()
                            || !any.all_of.is_empty()
                            || any.typ.as_deref() == Some("object")
                    }
                    _ => true,
                };
                if is_object_like {
                    self.structure(name, schema, at, depth)
                } else {
                    ModelKind::Alias(TypeRef::Json)
                }
            }
            _ => ModelKind::Alias(self.inline_type_without_model(schema, name, at, depth)),
        }
    }

    /// The type of a non-object schema that already has a name (so it must not claim a new one).
    fn inline_type_without_model(
        &mut self,
        schema: &'a Schema,
        name: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        self.inline_type(schema, name, at, depth + 1)
    }

    /// The subtypes of a polymorphic schema: `(discriminator value, component name)` in a stable order.
    fn discriminated_subtypes(
        &self,
        spec_name: &str,
        mapping: &[(String, String)],
        alternatives: &[&ReferenceOr<Schema>],
    ) -> Vec<(String, String)> {
        let mut subtypes: Vec<(String, String)> = Vec::new();
        for (value, target) in mapping {
            let target_name = target.strip_prefix(SCHEMA_PREFIX).unwrap_or(target);
            subtypes.push((value.clone(), target_name.to_string()));
        }
        for alternative in alternatives {
            if let ReferenceOr::Reference { reference } = alternative {
                if let Some(target) = reference.strip_prefix(SCHEMA_PREFIX) {
                    if !subtypes.iter().any(|(_, name)| name == target) {
                        subtypes.push((target.to_string(), target.to_string()));
                    }
                }
            }
        }
        if subtypes.is_empty() && alternatives.is_empty() {
            // Inheritance style: every component whose `allOf` refers to this schema.
            let base_reference = format!("{SCHEMA_PREFIX}{spec_name}");
            for (name, schema) in &self.components {
                if let ReferenceOr::Item(Schema {
                    schema_kind: SchemaKind::AllOf { all_of },
                    ..
                }) = schema
                {
                    let inherits = all_of.iter().any(|part| {
                        matches!(part, ReferenceOr::Reference { reference } if *reference == base_reference)
                    });
                    if inherits {
                        subtypes.push((name.clone(), name.clone()));
                    }
                }
            }
        }
        subtypes
    }

    fn tagged(
        &mut self,
        name: &str,
        tag: &str,
        subtypes: Vec<(String, String)>,
        at: &str,
    ) -> ModelKind {
        let mut variant_names = Namespace::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        for (value, component) in subtypes {
            let mapped_at = format!("{at}/discriminator/mapping/{}", pointer_segment(&value));
            let ty = match self.multipart_alternative(&component, name, &mapped_at) {
                Some(ty) => ty,
                None => {
                    self.error(
                        &format!("{at}/discriminator/mapping/{}", pointer_segment(&value)),
                        format!("discriminator value `{value}` maps to `{component}`, which is not a schema under `components.schemas`"),
                        "point the mapping at an existing schema",
                    );
                    continue;
                }
            };
            let name = variant_names.claim(&names::pascal_case(&value, "Value", "Empty"));
            variants.push(DataVariant {
                name,
                wire_value: value,
                ty,
            });
        }
        ModelKind::Tagged {
            tag: tag.to_string(),
            variants,
        }
    }

    fn untagged(
        &mut self,
        name: &str,
        alternatives: &'a [ReferenceOr<Schema>],
        at: &str,
        depth: usize,
    ) -> ModelKind {
        let mut variant_names = Namespace::default();
        let mut variants = Vec::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let alternative_at = format!("{at}/{index}");
            let component = match alternative {
                ReferenceOr::Reference { reference } => reference.strip_prefix(SCHEMA_PREFIX),
                ReferenceOr::Item(_) => None,
            };
            let component = component.map(unescape_pointer_segment);
            let copy = component
                .as_ref()
                .and_then(|component| self.multipart_alternative(component, name, &alternative_at));
            let ty = match (alternative, copy) {
                (_, Some(copy)) => copy,
                (ReferenceOr::Reference { reference }, None) => {
                    self.reference_type(reference, &alternative_at)
                }
                (ReferenceOr::Item(schema), None) => self.inline_type(
                    schema,
                    &format!("{name}Variant{}", index + 1),
                    &alternative_at,
                    depth + 1,
                ),
            };
            // A multipart body's copy of a component is named after the component too.
            let component_name = component
                .as_ref()
                .and_then(|component| self.component_names.get(component));
            let candidate = match &ty {
                TypeRef::Named(type_name) => component_name.unwrap_or(type_name).clone(),
                TypeRef::String => "String".to_string(),
                TypeRef::Bool => "Bool".to_string(),
                TypeRef::I32 | TypeRef::I64 => "Integer".to_string(),
                TypeRef::F32 | TypeRef::F64 => "Number".to_string(),
                TypeRef::Vec(_) => "List".to_string(),
                TypeRef::Map(_) => "Map".to_string(),
                TypeRef::Bytes => "Bytes".to_string(),
                TypeRef::DateTime => "DateTime".to_string(),
                TypeRef::Date => "Date".to_string(),
                TypeRef::Uuid => "Uuid".to_string(),
                TypeRef::External(path) => {
                    names::pascal_case(path.rsplit("::").next().unwrap_or(path), "Type", "External")
                }
                TypeRef::Json | TypeRef::Boxed(_) | TypeRef::Nullable(_) => "Value".to_string(),
            };
            let variant_name = variant_names.claim(&candidate);
            let rank = self.untagged_rank(alternative);
            variants.push((
                rank,
                DataVariant {
                    name: variant_name,
                    wire_value: String::new(),
                    ty,
                },
            ));
        }
        // Variants are tried in order, and the first that fits without a misfit wins: scalars
        // go first, integers before numbers (a number variant also accepts `1`, which would come
        // back as `1.0`), then arrays, then objects, then what accepts anything.
        variants.sort_by_key(|(rank, _)| *rank);
        ModelKind::Untagged {
            variants: variants.into_iter().map(|(_, variant)| variant).collect(),
        }
    }

    /// Where an alternative of an untagged enum goes: scalars other than numbers, numbers, then
    /// arrays, then objects, then schemas that accept anything.
    fn untagged_rank(&self, alternative: &ReferenceOr<Schema>) -> u8 {
        match self.resolve(alternative).map(|schema| &schema.schema_kind) {
            Some(SchemaKind::Type(Type::Number(_))) => 1,
            Some(SchemaKind::Type(Type::Array(_))) => 2,
            Some(
                SchemaKind::Type(Type::Object(_))
                | SchemaKind::AllOf { .. }
                | SchemaKind::OneOf { .. }
                | SchemaKind::AnyOf { .. },
            ) => 3,
            Some(SchemaKind::Type(_)) => 0,
            Some(SchemaKind::Any(any)) if !any.properties.is_empty() || !any.all_of.is_empty() => 3,
            _ => 4,
        }
    }

    fn string_enum(&mut self, values: &[&str]) -> ModelKind {
        let mut variant_names = Namespace::default();
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for value in values {
            if !seen.insert(*value) {
                continue;
            }
            variants.push(EnumVariant {
                name: variant_names.claim(&names::pascal_case(value, "Value", "Empty")),
                wire_value: value.to_string(),
                docs: Vec::new(),
            });
        }
        let catch_all = variant_names.claim("Unknown");
        ModelKind::StringEnum {
            variants,
            catch_all,
        }
    }
}

/// `ty` as a value that may be `null` when `nullable` (see [`TypeRef::Nullable`]).
fn nullable_if(ty: TypeRef, nullable: bool) -> TypeRef {
    match ty {
        TypeRef::Json | TypeRef::Nullable(_) => ty,
        ty if nullable => TypeRef::Nullable(Box::new(ty)),
        ty => ty,
    }
}

/// "Format: `email`." for a string whose `format` is not typed, so the rustdoc still says what
/// the value holds.
pub fn format_note(ty: &TypeRef, schema: Option<&Schema>) -> Option<String> {
    let format = match &schema?.schema_kind {
        SchemaKind::Type(Type::String(string)) => string.format.as_deref()?,
        _ => return None,
    };
    (*ty == TypeRef::String).then(|| format!("Format: `{format}`."))
}

/// Whether an inline schema holds no keyword that constrains the value (only `description`,
/// `title`, `xml`, ...), so as an `allOf` part it documents rather than types.
fn is_documentation_only(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Item(schema) => {
            schema.schema_kind == SchemaKind::default()
                && !schema.schema_data.nullable
                && schema.schema_data.discriminator.is_none()
        }
        ReferenceOr::Reference { .. } => false,
    }
}

/// Whether a schema is a `format: binary` string.
fn is_binary(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::String(string)) if string.format.as_deref() == Some("binary"))
}
