//! Checks on the parsed document that converting it would not report: the version,
//! the required top-level fields, unknown schema types and enums whose values do not share a
//! type.

use std::path::Path;

use serde_json::Value;

use crate::diagnostics::{pointer_segment, Diagnostic};
use crate::load::Dialect;

const SCHEMA_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];

/// The version problem, if any: it makes every other check meaningless.
pub fn check_version(path: &Path, document: &Value) -> Option<Diagnostic> {
    let Some(object) = document.as_object() else {
        return Some(
            Diagnostic::error(path, "#", "the spec is not a mapping of OpenAPI fields").with_help(
                "an OpenAPI description starts with `openapi: 3.0.3`, `info:` and `paths:`",
            ),
        );
    };
    if object.contains_key("swagger") {
        return Some(
            Diagnostic::error(
                path,
                "#/swagger",
                "this is a Swagger 2.0 description, not OpenAPI 3.0",
            )
            .with_help("convert it to OpenAPI 3.0 first, e.g. with `npx swagger2openapi`"),
        );
    }
    match object.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0.") || version == "3.0" => None,
        Some(Value::String(version)) if version.starts_with("3.1.") || version == "3.1" => None,
        Some(version) => Some(
            Diagnostic::error(
                path,
                "#/openapi",
                format!("`openapi: {version}` is not an OpenAPI 3.0 or 3.1 version"),
            )
            .with_help("set `openapi: 3.0.3` or `openapi: 3.1.1` (quoted or not)"),
        ),
        None => Some(
            Diagnostic::error(path, "#", "the spec has no `openapi` version field")
                .with_help("add `openapi: 3.0.3` at the top of the file"),
        ),
    }
}

/// Every other document-level problem.
pub fn check_document(path: &Path, dialect: Dialect, document: &Value) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let required: &[(&str, &str)] = match dialect {
        Dialect::OpenApi30 | Dialect::Swagger2 => &[
            ("info", "add `info:` with at least `title:` and `version:`"),
            ("paths", "add `paths:` (it may be empty: `paths: {}`)"),
        ],
        // 3.1 asks for one of `paths`, `components` and `webhooks`; none of them is a client.
        Dialect::OpenApi31 => &[("info", "add `info:` with at least `title:` and `version:`")],
    };
    for &(field, help) in required {
        if document.get(field).is_none() {
            found.push(
                Diagnostic::error(
                    path,
                    "#",
                    format!("the spec has no `{field}`, which OpenAPI requires"),
                )
                .with_help(help),
            );
        }
    }
    walk(
        path,
        dialect,
        document,
        &mut String::from("#"),
        false,
        &mut found,
    );
    found
}

/// The problems in one piece of the document (a path item or a component entry, see
/// `super::is_piece`), read on its own; `at` is its pointer.
pub fn check_piece(
    path: &Path,
    dialect: Dialect,
    piece: &Value,
    at: &str,
    found: &mut Vec<Diagnostic>,
) {
    // As in a walk over the whole document: named examples and extensions are data.
    if at.split('/').any(holds_data) {
        return;
    }
    let is_schema = at.starts_with("#/components/schemas/");
    walk(path, dialect, piece, &mut at.to_string(), is_schema, found);
}

/// Keys whose values are data (examples, defaults, enum values, extensions), never spec nodes.
fn holds_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum") || key.starts_with("x-")
}

/// Keys whose value is a schema, and keys whose value is a map or list of schemas.
fn schema_child(parent_is_schema: bool, key: &str) -> (bool, bool) {
    let single = key == "schema"
        || (parent_is_schema && matches!(key, "items" | "additionalProperties" | "not"));
    let many = parent_is_schema && matches!(key, "properties" | "allOf" | "oneOf" | "anyOf");
    (single, many)
}

fn walk(
    path: &Path,
    dialect: Dialect,
    value: &Value,
    at: &mut String,
    is_schema: bool,
    found: &mut Vec<Diagnostic>,
) {
    match value {
        Value::Object(object) => {
            if is_schema {
                check_schema(path, dialect, object, at, found);
            }
            for (key, child) in object {
                if key == "$ref" {
                    continue;
                }
                if holds_data(key) {
                    continue;
                }
                let length = at.len();
                at.push('/');
                at.push_str(&pointer_segment(key));
                let is_components_schemas = at == "#/components/schemas";
                let (single, many) = schema_child(is_schema, key);
                if many || is_components_schemas {
                    walk_each(path, dialect, child, at, found);
                } else {
                    walk(path, dialect, child, at, single, found);
                }
                at.truncate(length);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let length = at.len();
                at.push('/');
                at.push_str(&index.to_string());
                walk(path, dialect, item, at, false, found);
                at.truncate(length);
            }
        }
        _ => {}
    }
}

/// Walks every member of a map or list of schemas as a schema.
fn walk_each(
    path: &Path,
    dialect: Dialect,
    value: &Value,
    at: &mut String,
    found: &mut Vec<Diagnostic>,
) {
    let members: Vec<(String, &Value)> = match value {
        Value::Object(object) => object
            .iter()
            .map(|(key, value)| (pointer_segment(key), value))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, value)| (index.to_string(), value))
            .collect(),
        _ => return,
    };
    for (segment, member) in members {
        let length = at.len();
        at.push('/');
        at.push_str(&segment);
        walk(path, dialect, member, at, true, found);
        at.truncate(length);
    }
}

fn check_schema(
    path: &Path,
    dialect: Dialect,
    schema: &serde_json::Map<String, Value>,
    at: &str,
    found: &mut Vec<Diagnostic>,
) {
    let declared_type = schema.get("type");
    match declared_type {
        Some(Value::String(name))
            if !(SCHEMA_TYPES.contains(&name.as_str())
                || (dialect == Dialect::OpenApi31 && name == "null")) =>
        {
            found.push(
                Diagnostic::error(
                    path,
                    format!("{at}/type"),
                    format!("unknown schema type `{name}`"),
                )
                .with_help(format!("use one of: {}", SCHEMA_TYPES.join(", "))),
            )
        }
        Some(Value::String(_)) | None => {}
        // 3.1 lists types, `"null"` among them.
        Some(Value::Array(names)) if dialect == Dialect::OpenApi31 => {
            for (index, name) in names.iter().enumerate() {
                let known = name
                    .as_str()
                    .is_some_and(|name| name == "null" || SCHEMA_TYPES.contains(&name));
                if !known {
                    found.push(
                        Diagnostic::error(
                            path,
                            format!("{at}/type/{index}"),
                            format!("unknown schema type `{name}`"),
                        )
                        .with_help(format!("use one of: null, {}", SCHEMA_TYPES.join(", "))),
                    );
                }
            }
        }
        Some(other) => found.push(
            Diagnostic::error(
                path,
                format!("{at}/type"),
                format!("schema `type` must be one name, found `{other}`"),
            )
            .with_help("OpenAPI 3.0 allows one type; use `nullable: true` or `oneOf` for more"),
        ),
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        let kinds: Vec<&str> = values
            .iter()
            .filter(|value| !value.is_null())
            .map(json_kind)
            .collect();
        let first = kinds.first().copied();
        if let Some(first) = first {
            if let Some(other) = kinds.iter().find(|kind| !same_kind(first, kind)) {
                // Real specs do this (`enum: [true, false, 0, 1]`); the schema stays untyped.
                found.push(
                    Diagnostic::warning(
                        path,
                        format!("{at}/enum"),
                        format!("enum values of mixed types ({first} and {other}); typed as `serde_json::Value`"),
                    )
                    .with_help("make every value of the enum the same type, e.g. quote numbers in a string enum"),
                );
            } else if let Some(Value::String(declared)) = declared_type {
                if !same_kind(declared, first) {
                    found.push(
                        Diagnostic::error(
                            path,
                            format!("{at}/enum"),
                            format!(
                                "enum values are {first}s but the schema's type is `{declared}`"
                            ),
                        )
                        .with_help("make the enum values match the schema's `type`"),
                    );
                }
            }
        }
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "string",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Bool(_) => "boolean",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => "null",
    }
}

/// Whether a value kind fits a declared kind (an integer is also a number).
fn same_kind(declared: &str, actual: &str) -> bool {
    declared == actual
        || (declared == "number" && actual == "integer")
        || (declared == "integer" && actual == "number")
}
