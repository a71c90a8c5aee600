//! The OpenAPI 3.1 front end's own rules. 3.1 keeps 3.0's objects and replaces its schema
//! dialect with JSON Schema 2020-12, so the 3.0 converter reads a 3.1 document, consulting
//! this module for what differs: each schema is first rewritten into the 3.0 shape the later
//! stages read ([`normalize_schema`]: `type` arrays with `"null"`, `const`, numeric
//! `exclusiveMinimum`, `$ref` with siblings, `contentMediaType`), the keywords 3.1 adds are
//! known, and the document-level fields (`webhooks`, `jsonSchemaDialect`) are checked.

use serde_json::{json, Map, Value};

/// The one schema dialect read: OpenAPI 3.1's default.
pub const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Something a 3.1 schema says that is dropped or mapped loosely: (pointer, message, help).
pub type Note = (String, String, String);

/// The document fields 3.1 adds to 3.0's.
pub const DOCUMENT_ADDED: &[&str] = &["jsonSchemaDialect", "webhooks"];

/// The `info` fields 3.1 adds.
pub const INFO_ADDED: &[&str] = &["summary"];

/// The `components` sections 3.1 adds.
pub const COMPONENTS_ADDED: &[&str] = &["pathItems"];

/// A note about each 3.1 document field the client does not use; an error for a schema dialect
/// other than the default, which would change what every schema means. `document` is the
/// document with its pieces already taken.
pub fn check_document_fields(document: &Value, notes: &mut Vec<Note>) -> Option<Note> {
    if document
        .get("webhooks")
        .is_some_and(|hooks| !hooks.is_null())
    {
        notes.push((
            "#/webhooks".into(),
            "`webhooks` are skipped: they are requests the API sends, not ones a client makes"
                .into(),
            "serve them with a server of your own; the schemas they use are still generated when `components` holds them"
                .into(),
        ));
    }
    match document.get("jsonSchemaDialect") {
        None => None,
        Some(Value::String(dialect)) if dialect == DEFAULT_DIALECT => None,
        Some(other) => Some((
            "#/jsonSchemaDialect".into(),
            format!("`jsonSchemaDialect: {other}` is not supported; only OpenAPI 3.1's default dialect is read"),
            format!("remove `jsonSchemaDialect`, or set it to `{DEFAULT_DIALECT}`"),
        )),
    }
}

/// The schema keywords 3.1 adds to those it shares with 3.0 (JSON Schema 2020-12's), that are
/// read or only annotate (and so change nothing in a client).
pub const SCHEMA_ADDED: &[&str] = &[
    "const",
    "examples",
    "$comment",
    "$schema",
    "$id",
    "contentMediaType",
    "contentEncoding",
];

/// Keywords of JSON Schema 2020-12 that constrain or compose values in ways the generated
/// types do not follow; each is warned about where it appears.
pub const IGNORED_KEYWORDS: &[&str] = &[
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "unevaluatedProperties",
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "$defs",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "contentSchema",
];

/// Keywords that only describe a schema: beside a `$ref` they change nothing in the types.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "summary",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$comment",
    "externalDocs",
    "xml",
];

/// Rewrites one 3.1 schema, in place, into the 3.0 shape the converter reads; `at` is its
/// pointer. Subschemas are rewritten when the converter reaches them.
pub fn normalize_schema(schema: &mut Value, at: &str, notes: &mut Vec<Note>) {
    match schema {
        // `true` accepts anything: the empty schema. `false` accepts nothing.
        Value::Bool(accepts) => {
            if !*accepts {
                notes.push((
                    at.to_string(),
                    "the schema `false` accepts no value; typed as `serde_json::Value`".into(),
                    "leave the property out instead of declaring it `false`".into(),
                ));
            }
            *schema = json!({});
            return;
        }
        Value::Object(_) => {}
        _ => return,
    }
    let Value::Object(object) = schema else {
        return;
    };
    if let Some(reference) = object.get("$ref").cloned() {
        let structural: Vec<String> = object
            .keys()
            .filter(|key| *key != "$ref" && !ANNOTATIONS.contains(&key.as_str()))
            .filter(|key| !key.starts_with("x-"))
            .cloned()
            .collect();
        if structural.is_empty() {
            return;
        }
        // A `$ref` beside other keywords is the intersection of the two.
        let mut rest = std::mem::take(object);
        rest.remove("$ref");
        let mut annotations = Map::new();
        for key in ANNOTATIONS {
            if let Some(value) = rest.remove(*key) {
                annotations.insert((*key).to_string(), value);
            }
        }
        let mut rest = Value::Object(rest);
        normalize_schema(&mut rest, &format!("{at}/allOf/1"), notes);
        annotations.insert("allOf".into(), json!([{ "$ref": reference }, rest]));
        *object = annotations;
        return;
    }
    normalize_type(object, at, notes);
    normalize_null_alternatives(object);
    if let Some(value) = object.remove("const") {
        // `const: dog` alone says its type too.
        let implied = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(number) if number.is_i64() || number.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            _ => None,
        };
        if let (Some(implied), false) = (implied, object.contains_key("type")) {
            object.insert("type".into(), Value::String(implied.into()));
        }
        if !object.contains_key("enum") {
            object.insert("enum".into(), Value::Array(vec![value]));
        }
    }
    for (bound, flag) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(limit) = object.get(bound).filter(|value| value.is_number()).cloned() {
            object.insert(bound.into(), Value::Bool(true));
            object.entry(flag).or_insert(limit);
        }
    }
    normalize_content(object);
    for key in IGNORED_KEYWORDS {
        if object.contains_key(*key) {
            notes.push((
                format!("{at}/{}", crate::diagnostics::pointer_segment(key)),
                format!("`{key}` is not followed by the generated types; it is ignored"),
                ignored_help(key).into(),
            ));
        }
    }
    object.remove("prefixItems");
    object.remove("$defs");
}

fn ignored_help(key: &str) -> &'static str {
    match key {
        "prefixItems" => {
            "a tuple becomes a list of `items` (or of any value); describe the items with `items`"
        }
        "$defs" => "move the definitions to `components.schemas` and refer to them there",
        _ => "the values are not checked against it; the server still is",
    }
}

/// `type: [T, "null"]` as `type: T, nullable: true`; several other types leave the schema
/// untyped (`serde_json::Value`), with a note.
pub fn normalize_type(object: &mut Map<String, Value>, at: &str, notes: &mut Vec<Note>) {
    let Some(Value::Array(types)) = object.get("type") else {
        if object.get("type").and_then(Value::as_str) == Some("null") {
            object.remove("type");
            object.insert("nullable".into(), Value::Bool(true));
        }
        return;
    };
    let nullable = types.iter().any(|name| name == "null");
    let named: Vec<Value> = types
        .iter()
        .filter(|name| *name != "null")
        .cloned()
        .collect();
    match named.as_slice() {
        [] => {
            object.remove("type");
        }
        [one] => {
            object.insert("type".into(), one.clone());
        }
        [_, ..] => {
            let list: Vec<String> = named.iter().map(ToString::to_string).collect();
            notes.push((
                format!("{at}/type"),
                format!(
                    "a schema of several types ({}) is typed as `serde_json::Value`",
                    list.join(", ")
                ),
                "give it one type, or use `oneOf` with one schema per type".into(),
            ));
            object.remove("type");
        }
    }
    if nullable {
        object.insert("nullable".into(), Value::Bool(true));
    }
}

/// `anyOf`/`oneOf` with a `null` alternative, as 3.1 specs spell a value that may be `null`
/// (pydantic's `anyOf: [{$ref: Model}, {type: "null"}]`), as the other alternatives made
/// `nullable`: one left is `allOf: [it]`, several stay the union. Types and pointers inside the
/// alternative then read as in 3.0's `allOf: [...]` with `nullable: true`.
fn normalize_null_alternatives(object: &mut Map<String, Value>) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(alternatives)) = object.get_mut(key) else {
            continue;
        };
        let before = alternatives.len();
        alternatives.retain(|alternative| !is_null_schema(alternative));
        if alternatives.len() == before {
            continue;
        }
        let left = alternatives.len();
        object.insert("nullable".into(), Value::Bool(true));
        if left > 1 {
            continue;
        }
        let Some(Value::Array(mut alternatives)) = object.remove(key) else {
            continue;
        };
        if let Some(only) = alternatives.pop() {
            match object.get_mut("allOf") {
                Some(Value::Array(parts)) => parts.push(only),
                _ => {
                    object.insert("allOf".into(), Value::Array(vec![only]));
                }
            }
        }
    }
}

/// Whether a schema accepts only `null`: `type: "null"` (or `["null"]`), `const: null` or
/// `enum: [null]`, with nothing beside it but annotations.
fn is_null_schema(schema: &Value) -> bool {
    let Value::Object(object) = schema else {
        return false;
    };
    let mut says_null = false;
    for (key, value) in object {
        let null_only = match key.as_str() {
            "type" => value == "null" || *value == json!(["null"]),
            "const" => value.is_null(),
            "enum" => *value == json!([null]),
            _ => ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-"),
        };
        if !null_only {
            return false;
        }
        says_null |= matches!(key.as_str(), "type" | "const" | "enum");
    }
    says_null
}

/// A string whose `contentMediaType` is not text, or whose `contentEncoding` is base64, is
/// 3.0's `format: binary` or `format: byte`.
fn normalize_content(object: &mut Map<String, Value>) {
    if object.contains_key("format") {
        return;
    }
    let encoding = object.get("contentEncoding").and_then(Value::as_str);
    let media = object.get("contentMediaType").and_then(Value::as_str);
    let format = match (encoding, media) {
        (Some("base64" | "base64url"), _) => "byte",
        (None, Some(media)) if !media.starts_with("text/") && !media.contains("json") => "binary",
        _ => return,
    };
    object.insert("format".into(), Value::String(format.into()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(mut schema: Value) -> (Value, Vec<Note>) {
        let mut notes = Vec::new();
        normalize_schema(&mut schema, "#/s", &mut notes);
        (schema, notes)
    }

    #[test]
    fn a_type_list_with_null_is_a_nullable_type() {
        assert_eq!(
            normalized(json!({"type": ["string", "null"], "format": "date"})).0,
            json!({"type": "string", "nullable": true, "format": "date"})
        );
        assert_eq!(
            normalized(json!({"type": "null"})).0,
            json!({"nullable": true})
        );
        let (schema, notes) = normalized(json!({"type": ["string", "integer"]}));
        assert_eq!(schema, json!({}));
        assert_eq!(notes[0].0, "#/s/type");
    }

    #[test]
    fn a_union_with_a_null_alternative_is_the_other_alternative_made_nullable() {
        assert_eq!(
            normalized(json!({"anyOf": [{"$ref": "#/c/Pet"}, {"type": "null"}], "title": "Pet"})).0,
            json!({"allOf": [{"$ref": "#/c/Pet"}], "nullable": true, "title": "Pet"})
        );
        assert_eq!(
            normalized(json!({"oneOf": [{"const": null}, {"type": "string", "format": "date"}]})).0,
            json!({"allOf": [{"type": "string", "format": "date"}], "nullable": true})
        );
        assert_eq!(
            normalized(
                json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})
            )
            .0,
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
        // A schema that allows more than `null` is an alternative of its own.
        let untouched = json!({"anyOf": [{"type": "string"}, {"type": ["null", "integer"]}]});
        assert_eq!(normalized(untouched.clone()).0, untouched);
    }

    #[test]
    fn const_is_a_one_value_enum_and_numeric_bounds_are_3_0_bounds() {
        assert_eq!(
            normalized(json!({"type": "string", "const": "cat"})).0,
            json!({"type": "string", "enum": ["cat"]})
        );
        assert_eq!(
            normalized(json!({"const": 2})).0,
            json!({"type": "integer", "enum": [2]})
        );
        assert_eq!(
            normalized(json!({"type": "integer", "exclusiveMinimum": 0})).0,
            json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0})
        );
    }

    #[test]
    fn a_ref_with_structural_siblings_is_an_all_of() {
        assert_eq!(
            normalized(json!({"$ref": "#/components/schemas/Pet", "description": "d"})).0,
            json!({"$ref": "#/components/schemas/Pet", "description": "d"})
        );
        assert_eq!(
            normalized(json!({"$ref": "#/c/Pet", "description": "d", "required": ["id"]})).0,
            json!({"description": "d", "allOf": [{"$ref": "#/c/Pet"}, {"required": ["id"]}]})
        );
    }

    #[test]
    fn binary_content_is_format_binary_and_base64_is_format_byte() {
        assert_eq!(
            normalized(json!({"type": "string", "contentMediaType": "image/png"})).0["format"],
            "binary"
        );
        assert_eq!(
            normalized(json!({"type": "string", "contentEncoding": "base64"})).0["format"],
            "byte"
        );
        assert!(
            normalized(json!({"type": "string", "contentMediaType": "text/html"}))
                .0
                .get("format")
                .is_none()
        );
    }

    #[test]
    fn prefix_items_and_the_other_unfollowed_keywords_are_noted_at_their_pointer() {
        let (schema, notes) = normalized(json!({
            "type": "array",
            "prefixItems": [{"type": "string"}],
            "patternProperties": {"^x": {}},
        }));
        assert_eq!(
            schema,
            json!({"type": "array", "patternProperties": {"^x": {}}})
        );
        let at: Vec<&str> = notes.iter().map(|note| note.0.as_str()).collect();
        assert_eq!(at, ["#/s/prefixItems", "#/s/patternProperties"]);
    }
}
