//! Lowers object schemas to structs: the properties of every `allOf` part gathered into one
//! shape, and a property that several parts define merged into one type.
//!
//! `allOf` means the value is valid against every part, so a property that two parts define
//! must satisfy both definitions: objects are merged property by property (recursively, the
//! same way), `required` is the union of the parts' lists, and an enum lists the values every
//! part allows (the intersection; a part without `enum` allows any string). Parts that
//! constrain nothing (only a `description`, say) are left out. Decoding never becomes stricter
//! than one part allows: a string enum keeps any other value in its catch-all, `nullable` on
//! any part makes the field nullable, and integers of different formats take the wider one.
//! Parts that cannot both hold (no enum value in common, a string and an object) are a
//! warning: the enum lists every part's values, or the first part's type is kept.

use crate::load::model::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};
use indexmap::IndexMap;

use super::{nullable_if, SchemaLowering, MAX_DEPTH, SCHEMA_PREFIX};
use crate::diagnostics::{pointer_segment, unescape_pointer_segment};
use crate::docs::doc_lines;
use crate::ir::{Field, Model, ModelKind, TypeRef};
use crate::names::{self, Namespace};

/// The properties of an object schema after gathering its `allOf` parts.
#[derive(Default)]
pub(super) struct ObjectShape<'a> {
    /// Wire name → every definition of the property, in spec order.
    properties: IndexMap<String, Vec<PropertyDefinition<'a>>>,
    /// Required property names → where each is listed.
    required: IndexMap<String, String>,
    additional: Option<(&'a AdditionalProperties, String)>,
}

/// One definition of a property, in one part of an object schema.
struct PropertyDefinition<'a> {
    schema: &'a ReferenceOr<Box<Schema>>,
    at: String,
    /// Rust name of the model whose part declares it; its inline types are named after it.
    owner: String,
}

/// A part of a merged property, followed through its `$ref`.
struct ResolvedPart<'a> {
    schema: &'a Schema,
    at: String,
    /// The Rust name of the component schema the part is, if it is one.
    component: Option<String>,
}

impl<'a> SchemaLowering<'a> {
    pub(super) fn structure(
        &mut self,
        name: &str,
        schema: &'a Schema,
        at: &str,
        depth: usize,
    ) -> ModelKind {
        let mut shape = ObjectShape::default();
        let mut visiting = Vec::new();
        self.collect_object(schema, at, name, &mut shape, &mut visiting);
        self.structure_of_shape(name, &shape, depth)
    }

    fn structure_of_shape(
        &mut self,
        name: &str,
        shape: &ObjectShape<'a>,
        depth: usize,
    ) -> ModelKind {
        let mut field_names = Namespace::default();
        let mut fields = Vec::with_capacity(shape.properties.len());
        for (wire_name, definitions) in &shape.properties {
            let ty = self.property_type(name, wire_name, definitions, depth + 1);
            let schemas = || definitions.iter().map(|definition| definition.schema);
            let docs = definitions
                .iter()
                .find_map(|definition| match definition.schema {
                    ReferenceOr::Item(schema) => schema.schema_data.description.as_deref(),
                    ReferenceOr::Reference { .. } => None,
                })
                .map(doc_lines)
                .unwrap_or_default();
            let mut docs = docs;
            let note = schemas().find_map(|schema| self.format_note_of(schema, &ty));
            if let Some(note) = note {
                if !docs.is_empty() {
                    docs.push(String::new());
                }
                docs.push(note);
            }
            fields.push(Field {
                name: field_names.claim(&names::snake_case(wire_name, "field")),
                wire_name: wire_name.clone(),
                docs,
                ty,
                // `required` on a readOnly property binds responses only, on a writeOnly one
                // requests only; one struct serves both, so such fields are optional.
                required: shape.required.contains_key(wire_name)
                    && !schemas().any(|schema| self.is_read_or_write_only(schema)),
                nullable: schemas().any(|schema| self.is_nullable(schema)),
            });
        }
        for (missing, listed_at) in shape
            .required
            .iter()
            .filter(|(name, _)| !shape.properties.contains_key(*name))
        {
            if shape.additional.is_none() {
                self.warn(
                    listed_at,
                    format!("`required` names `{missing}`, which is not among the properties; it is ignored"),
                );
            }
        }
        let additional_properties = match &shape.additional {
            Some((AdditionalProperties::Any(true), _)) => Some(TypeRef::Json),
            Some((AdditionalProperties::Any(false), _)) | None => None,
            Some((AdditionalProperties::Schema(value), value_at)) => {
                let context = format!("{name}Value");
                Some(self.element_type(value, &context, value_at, depth + 1))
            }
        };
        ModelKind::Struct {
            fields,
            additional_properties,
            derive_default: false,
        }
    }

    /// The type of a property of the struct `struct_name`, from every definition of it.
    fn property_type(
        &mut self,
        struct_name: &str,
        wire_name: &str,
        definitions: &[PropertyDefinition<'a>],
        depth: usize,
    ) -> TypeRef {
        let field = names::pascal_case(wire_name, "Field", "Field");
        let constraining: Vec<&PropertyDefinition<'a>> = definitions
            .iter()
            .filter(|definition| self.constrains(definition.schema))
            .collect();
        match constraining.as_slice() {
            [] | [_] => {
                let definition = constraining.first().copied().unwrap_or(&definitions[0]);
                let context = format!("{}{field}", definition.owner);
                self.type_at_depth(definition.schema, &context, &definition.at, depth)
            }
            several => {
                let parts: Vec<(&'a ReferenceOr<Box<Schema>>, String)> = several
                    .iter()
                    .map(|definition| (definition.schema, definition.at.clone()))
                    .collect();
                self.merged_type(&format!("{struct_name}{field}"), &parts, depth)
            }
        }
    }

    /// Whether a schema says anything about its value (a part with only a `description`, or
    /// nothing at all, does not).
    fn constrains(&self, schema: &ReferenceOr<Box<Schema>>) -> bool {
        match self.resolve(schema).map(|schema| &schema.schema_kind) {
            Some(SchemaKind::Any(any)) => {
                any.typ.is_some()
                    || !any.properties.is_empty()
                    || any.additional_properties.is_some()
                    || !any.all_of.is_empty()
                    || !any.one_of.is_empty()
                    || !any.any_of.is_empty()
            }
            _ => true,
        }
    }

    /// The type of a value that must satisfy every one of `parts` (see the module docs).
    fn merged_type(
        &mut self,
        context: &str,
        parts: &[(&'a ReferenceOr<Box<Schema>>, String)],
        depth: usize,
    ) -> TypeRef {
        if let [(schema, at)] = parts {
            return self.type_at_depth(schema, context, at, depth);
        }
        if depth > MAX_DEPTH {
            return self.too_deep(&parts[0].1);
        }
        let mut resolved = Vec::with_capacity(parts.len());
        for (schema, at) in parts {
            match schema {
                ReferenceOr::Item(schema) => resolved.push(ResolvedPart {
                    schema,
                    at: at.clone(),
                    component: None,
                }),
                ReferenceOr::Reference { reference } => match self.resolve_reference(reference) {
                    Some(target) => {
                        let target_name =
                            reference.strip_prefix(SCHEMA_PREFIX).unwrap_or(reference);
                        resolved.push(ResolvedPart {
                            schema: target,
                            at: format!("{SCHEMA_PREFIX}{target_name}"),
                            component: self
                                .component_names
                                .get(&unescape_pointer_segment(target_name))
                                .cloned(),
                        });
                    }
                    // Reports the unresolved `$ref`.
                    None => return self.type_at_depth(schema, context, at, depth),
                },
            }
        }
        let first_at = parts[0].1.clone();
        if resolved.iter().all(|part| is_object_like(part.schema)) {
            self.merged_struct(context, parts, &resolved, depth)
        } else if resolved
            .iter()
            .all(|part| matches!(part.schema.schema_kind, SchemaKind::Type(Type::String(_))))
        {
            self.merged_string(context, &resolved, &first_at)
        } else if resolved
            .iter()
            .all(|part| matches!(part.schema.schema_kind, SchemaKind::Type(Type::Array(_))))
        {
            let items: Vec<(&'a ReferenceOr<Box<Schema>>, String)> = resolved
                .iter()
                .filter_map(|part| match &part.schema.schema_kind {
                    SchemaKind::Type(Type::Array(array)) => array
                        .items
                        .as_ref()
                        .map(|items| (items, format!("{}/items", part.at))),
                    _ => None,
                })
                .collect();
            let item = if items.is_empty() {
                TypeRef::Json
            } else {
                let item = self.merged_type(&format!("{context}Item"), &items, depth + 1);
                let nullable = items.iter().any(|(schema, _)| self.is_nullable(schema));
                nullable_if(item, nullable)
            };
            TypeRef::Vec(Box::new(item))
        } else {
            let mut types: Vec<TypeRef> = Vec::new();
            for (schema, at) in parts {
                let ty = self.type_at_depth(schema, context, at, depth);
                if !types.contains(&ty) {
                    types.push(ty);
                }
            }
            match types.as_slice() {
                [only] => only.clone(),
                [TypeRef::I32, TypeRef::I64] | [TypeRef::I64, TypeRef::I32] => TypeRef::I64,
                [TypeRef::F32, TypeRef::F64] | [TypeRef::F64, TypeRef::F32] => TypeRef::F64,
                _ => {
                    self.warn(
                        &first_at,
                        "the `allOf` parts define this property with types that cannot both hold; it is typed by its first definition",
                    );
                    types.swap_remove(0)
                }
            }
        }
    }

    /// One struct with the properties of every part, each merged in turn.
    fn merged_struct(
        &mut self,
        context: &str,
        parts: &[(&'a ReferenceOr<Box<Schema>>, String)],
        resolved: &[ResolvedPart<'a>],
        depth: usize,
    ) -> TypeRef {
        // The same parts merge into the same model, however they are reached.
        let key = parts
            .iter()
            .map(|(schema, at)| match schema {
                ReferenceOr::Reference { reference } => reference.as_str(),
                ReferenceOr::Item(_) => at.as_str(),
            })
            .collect::<Vec<_>>()
            .join(" & ");
        if let Some(known) = self.inline_types.get(&key) {
            return known.clone();
        }
        let name = self.claim_type_name(context);
        self.inline_types.insert(key, TypeRef::Named(name.clone()));
        let mut shape = ObjectShape::default();
        for part in resolved {
            let owner = part.component.clone().unwrap_or_else(|| name.clone());
            let mut visiting = Vec::new();
            self.collect_object(part.schema, &part.at, &owner, &mut shape, &mut visiting);
        }
        let kind = self.structure_of_shape(&name, &shape, depth + 1);
        self.models.push(Model {
            name: name.clone(),
            docs: first_description(resolved),
            kind,
        });
        TypeRef::Named(name)
    }

    /// A string every part allows: an enum of the values every part lists, or a plain string.
    fn merged_string(&mut self, context: &str, resolved: &[ResolvedPart<'a>], at: &str) -> TypeRef {
        let mut lists = Vec::new();
        let mut binary = false;
        for part in resolved {
            if let SchemaKind::Type(Type::String(string)) = &part.schema.schema_kind {
                binary |= string.format.as_deref() == Some("binary");
                if !string.enumeration.is_empty() {
                    lists.push(&string.enumeration);
                }
            }
        }
        let Some((first, others)) = lists.split_first() else {
            return if self.binary_as_bytes && binary {
                TypeRef::Bytes
            } else {
                TypeRef::String
            };
        };
        let mut values: Vec<String> = first
            .iter()
            .filter(|value| others.iter().all(|list| list.contains(value)))
            .cloned()
            .collect();
        if values.is_empty() {
            self.warn(
                at,
                "the `allOf` parts list no `enum` value in common for this property, so no value is valid; the enum lists the values of every part",
            );
            for value in lists.iter().flat_map(|list| list.iter()) {
                if !values.contains(value) {
                    values.push(value.clone());
                }
            }
        }
        if let Some(known) = self.inline_enums.get(&values) {
            return known.clone();
        }
        let name = self.claim_type_name(context);
        let value_names: Vec<&str> = values.iter().map(String::as_str).collect();
        let kind = self.string_enum(&value_names);
        self.inline_enums
            .insert(values, TypeRef::Named(name.clone()));
        self.models.push(Model {
            name: name.clone(),
            docs: first_description(resolved),
            kind,
        });
        TypeRef::Named(name)
    }

    /// Gathers the properties of an object schema and of every `allOf` part it is made of.
    fn collect_object(
        &mut self,
        schema: &'a Schema,
        at: &str,
        owner: &str,
        shape: &mut ObjectShape<'a>,
        visiting: &mut Vec<*const Schema>,
    ) {
        let identity = schema as *const Schema;
        if visiting.contains(&identity) {
            return;
        }
        visiting.push(identity);
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                collect_properties(&object.properties, &object.required, at, owner, shape);
                if let Some(additional) = &object.additional_properties {
                    shape.additional = Some((additional, format!("{at}/additionalProperties")));
                }
            }
            SchemaKind::AllOf { all_of } => {
                self.collect_parts(all_of, &format!("{at}/allOf"), owner, shape, visiting)
            }
            SchemaKind::Any(any) => {
                collect_properties(&any.properties, &any.required, at, owner, shape);
                if let Some(additional) = &any.additional_properties {
                    shape.additional = Some((additional, format!("{at}/additionalProperties")));
                }
                self.collect_parts(&any.all_of, &format!("{at}/allOf"), owner, shape, visiting);
                if !any.one_of.is_empty() || !any.any_of.is_empty() {
                    self.warn(at, "`oneOf`/`anyOf` next to `properties` is not merged into the struct; only the properties are typed");
                }
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => {
                self.warn(at, "`oneOf`/`anyOf`/`not` inside `allOf` is not merged into the struct; only the other parts are typed");
            }
            SchemaKind::Type(_) => {}
        }
        visiting.pop();
    }

    fn collect_parts(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        at: &str,
        owner: &str,
        shape: &mut ObjectShape<'a>,
        visiting: &mut Vec<*const Schema>,
    ) {
        for (index, part) in parts.iter().enumerate() {
            let part_at = format!("{at}/{index}");
            match part {
                ReferenceOr::Item(part_schema) => {
                    self.collect_object(part_schema, &part_at, owner, shape, visiting)
                }
                ReferenceOr::Reference { reference } => match self.resolve_reference(reference) {
                    Some(target) => {
                        let target_name = reference.strip_prefix(SCHEMA_PREFIX).unwrap_or(reference);
                        let target_at = format!("{SCHEMA_PREFIX}{target_name}");
                        let target_owner = self
                            .component_names
                            .get(&unescape_pointer_segment(target_name))
                            .cloned()
                            .unwrap_or_else(|| owner.to_string());
                        self.collect_object(target, &target_at, &target_owner, shape, visiting)
                    }
                    None => self.error(
                        &format!("{part_at}/$ref"),
                        format!("unresolved `$ref: {reference}` in `allOf`"),
                        "define the schema under `components.schemas`, or fix the name in the `$ref`",
                    ),
                },
            }
        }
    }
}

/// Adds the properties and `required` list of one part to the shape; a property defined again
/// adds its definition (the same schema reached twice counts once).
fn collect_properties<'a>(
    properties: &'a [(String, ReferenceOr<Box<Schema>>)],
    required: &[String],
    at: &str,
    owner: &str,
    shape: &mut ObjectShape<'a>,
) {
    for (name, property) in properties {
        let definitions = shape.properties.entry(name.clone()).or_default();
        if definitions
            .iter()
            .any(|definition| std::ptr::eq(definition.schema, property))
        {
            continue;
        }
        definitions.push(PropertyDefinition {
            schema: property,
            at: format!("{at}/properties/{}", pointer_segment(name)),
            owner: owner.to_string(),
        });
    }
    for (index, name) in required.iter().enumerate() {
        shape
            .required
            .entry(name.clone())
            .or_insert_with(|| format!("{at}/required/{index}"));
    }
}

/// Whether a schema describes an object of properties (possibly through `allOf`).
pub(super) fn is_object_like(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => {
            !any.properties.is_empty()
                || !any.all_of.is_empty()
                || any.typ.as_deref() == Some("object")
        }
        _ => false,
    }
}

/// The docs of a merged model: the first description among its parts.
fn first_description(parts: &[ResolvedPart<'_>]) -> Vec<String> {
    parts
        .iter()
        .find_map(|part| part.schema.schema_data.description.as_deref())
        .map(doc_lines)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::{Model, ModelKind, TypeRef};
    use crate::lower::{lower, Lowered};

    /// Lowers a spec whose only schemas are `schemas` (YAML, indented for `components.schemas`).
    fn lowered(schemas: &str) -> Lowered {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let spec = crate::load::parse(Path::new("merge.yaml"), text).expect("the spec loads");
        lower(&spec, "merge", "merge.yaml", &Default::default())
            .unwrap_or_else(|errors| panic!("{errors:?}"))
    }

    fn model<'l>(lowered: &'l Lowered, name: &str) -> &'l Model {
        let models = &lowered.service.models;
        models
            .iter()
            .find(|model| model.name == name)
            .unwrap_or_else(|| panic!("no model `{name}` among {models:?}"))
    }

    fn field_type<'l>(lowered: &'l Lowered, model_name: &str, field: &str) -> &'l TypeRef {
        match &model(lowered, model_name).kind {
            ModelKind::Struct { fields, .. } => {
                &fields
                    .iter()
                    .find(|candidate| candidate.wire_name == field)
                    .unwrap_or_else(|| panic!("`{model_name}` has no field `{field}`"))
                    .ty
            }
            other => panic!("`{model_name}` is not a struct: {other:?}"),
        }
    }

    fn enum_values(lowered: &Lowered, name: &str) -> Vec<String> {
        match &model(lowered, name).kind {
            ModelKind::StringEnum { variants, .. } => variants
                .iter()
                .map(|variant| variant.wire_value.clone())
                .collect(),
            other => panic!("`{name}` is not a string enum: {other:?}"),
        }
    }

    const TWO_PARTS: &str = r"
    Both:
      allOf:
        - properties:
            mode: {type: string, enum: [a, b]}
            size: {type: integer}
        - properties:
            mode: {type: string, enum: [c]}
            size: {type: string}
";

    #[test]
    fn enums_with_no_value_in_common_list_every_value_with_a_warning() {
        let lowered = lowered(TWO_PARTS);
        let TypeRef::Named(mode) = field_type(&lowered, "Both", "mode") else {
            panic!("`mode` is an enum");
        };
        assert_eq!(enum_values(&lowered, mode), ["a", "b", "c"]);
        let warning = lowered
            .warnings
            .iter()
            .find(|warning| warning.message.contains("no `enum` value in common"))
            .expect("a warning about the enums");
        assert_eq!(
            warning.pointer,
            "#/components/schemas/Both/allOf/0/properties/mode"
        );
    }

    #[test]
    fn types_that_cannot_both_hold_keep_the_first_with_a_warning() {
        let lowered = lowered(TWO_PARTS);
        assert_eq!(field_type(&lowered, "Both", "size"), &TypeRef::I64);
        let warning = lowered
            .warnings
            .iter()
            .find(|warning| warning.message.contains("cannot both hold"))
            .expect("a warning about the types");
        assert_eq!(
            warning.pointer,
            "#/components/schemas/Both/allOf/0/properties/size"
        );
    }

    #[test]
    fn a_plain_string_part_narrowed_by_an_enum_part_is_that_enum() {
        let lowered = lowered(
            r"
    Narrowed:
      allOf:
        - properties:
            kind: {type: string}
        - properties:
            kind: {type: string, enum: [x, y]}
",
        );
        let TypeRef::Named(kind) = field_type(&lowered, "Narrowed", "kind") else {
            panic!("`kind` is an enum");
        };
        assert_eq!(enum_values(&lowered, kind), ["x", "y"]);
        assert!(lowered.warnings.is_empty(), "{:?}", lowered.warnings);
    }

    #[test]
    fn redefinitions_nested_deeper_than_the_limit_stop_with_a_warning() {
        // `Deep` is `allOf: [X0, Y0]`; `Xn.a` is `X(n+1)` and `Yn.a` is `Y(n+1)`, 80 levels
        // deep, so each level merges two new parts.
        let mut schemas = String::from(
            "    Deep:\n      allOf: [{$ref: '#/components/schemas/X0'}, {$ref: '#/components/schemas/Y0'}]\n",
        );
        for level in 0..80 {
            for chain in ["X", "Y"] {
                schemas.push_str(&format!(
                    "    {chain}{level}: {{properties: {{a: {{$ref: '#/components/schemas/{chain}{}'}}}}}}\n",
                    level + 1
                ));
            }
        }
        schemas.push_str("    X80: {type: string}\n    Y80: {type: string}\n");
        let lowered = lowered(&schemas);
        assert!(
            lowered
                .warnings
                .iter()
                .any(|warning| warning.message.contains("levels of objects deep")),
            "{:?}",
            lowered.warnings
        );
    }

    #[test]
    fn the_same_property_reached_through_two_paths_is_one_definition() {
        // `Left` and `Right` both include `Base`: its `tag` is one definition, not two.
        let lowered = lowered(
            r"
    Base:
      properties:
        tag: {type: string, enum: [p, q]}
    Left:
      allOf: [{$ref: '#/components/schemas/Base'}]
      properties: {left: {type: string}}
    Right:
      allOf: [{$ref: '#/components/schemas/Base'}]
      properties: {right: {type: string}}
    Diamond:
      allOf:
        - $ref: '#/components/schemas/Left'
        - $ref: '#/components/schemas/Right'
",
        );
        assert_eq!(
            field_type(&lowered, "Diamond", "tag"),
            field_type(&lowered, "Base", "tag")
        );
    }
}
