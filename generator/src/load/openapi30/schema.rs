//! Converts schemas, sorting each into a [`SchemaKind`] by the rules `openapiv3` uses.

use serde_json::{Map, Value};

use super::convert::{unexpected, Converter, Scalar};
use super::keywords;
use crate::load::model::*;
use crate::load::{openapi31, Dialect};

impl Converter {
    pub(super) fn schema_or_reference(&mut self, mut value: Value) -> Option<ReferenceOr<Schema>> {
        if self.dialect == Dialect::OpenApi31 {
            let mut notes = Vec::new();
            let at = if self.at.is_empty() { "#" } else { &self.at };
            openapi31::normalize_schema(&mut value, at, &mut notes);
            self.note_all(notes);
        }
        self.reference_or(value, "a schema (a map)", "schemas", |convert, object| {
            convert.schema(object)
        })
    }

    pub(super) fn boxed_schema_or_reference(
        &mut self,
        value: Value,
    ) -> Option<ReferenceOr<Box<Schema>>> {
        Some(match self.schema_or_reference(value)? {
            ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
            ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
        })
    }

    pub(super) fn schemas(&mut self, key: &str, value: Value) -> Vec<ReferenceOr<Schema>> {
        if !value.is_array() {
            self.fail(format!("`{key}` must be a list of schemas"));
            return Vec::new();
        }
        self.list(value, "a list of schemas", |convert, schema| {
            convert.schema_or_reference(schema)
        })
    }

    pub(super) fn schema(&mut self, object: Map<String, Value>) -> Option<Schema> {
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
                _ => self.at_key(&key, |convert| {
                    convert.unknown_here(&key, "a schema", keywords::schema(convert.dialect))
                }),
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
    pub(super) fn schema_flag(&mut self, key: &str, value: &Value) -> bool {
        if !value.is_null() {
            self.check_scalar(key, value, Scalar::Bool);
        }
        value.as_bool().unwrap_or(false)
    }

    /// A schema's text keyword; `null` reads as absent.
    pub(super) fn schema_text(&mut self, key: &str, value: Value) -> Option<String> {
        if !value.is_null() {
            self.check_scalar(key, &value, Scalar::Text);
        }
        match value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub(super) fn discriminator(&mut self, value: Value) -> Option<Discriminator> {
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
                        |convert, _, target| {
                            let target = convert.string(target)?;
                            if names_a_file(&target) || (convert.file != 0 && target.contains('/'))
                            {
                                convert.local_reference(target, "schemas")
                            } else {
                                Some(target)
                            }
                        },
                    )
                }
                _ => convert.unknown_here(&key, "a discriminator", &[keywords::DISCRIMINATOR]),
            });
        }
        self.require("propertyName", property_name.is_some());
        Some(Discriminator {
            property_name: property_name?,
            mapping,
        })
    }
}

/// Whether a discriminator's mapping value is a `$ref` into another file (`./Cat.yaml`,
/// `pets.yaml#/Cat`) rather than a schema name or a local `$ref`.
fn names_a_file(target: &str) -> bool {
    let location = target.split('#').next().unwrap_or_default();
    [".yaml", ".yml", ".json"]
        .iter()
        .any(|extension| location.ends_with(extension))
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
