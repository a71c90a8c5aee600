//! When the whole document does not deserialize into `openapiv3` types, finds the innermost nodes
//! that do not, so each error names its own node instead of the outer one `openapiv3` reports
//! (its untagged and flattened types buffer and re-parse, which loses the inner path).

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::pointer_segment;

/// Every innermost node that fails to deserialize: (JSON pointer, what serde said).
pub fn failing_nodes(document: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    if let Some(info) = document.get("info") {
        leaf::<openapiv3::Info>(info, "#/info", &mut found);
    }
    if let Some(Value::Array(servers)) = document.get("servers") {
        for (index, server) in servers.iter().enumerate() {
            leaf::<openapiv3::Server>(server, &format!("#/servers/{index}"), &mut found);
        }
    }
    if let Some(Value::Object(paths)) = document.get("paths") {
        for (path, item) in paths {
            let at = format!("#/paths/{}", pointer_segment(path));
            if path.starts_with("x-")
                || fails::<openapiv3::ReferenceOr<openapiv3::PathItem>>(item).is_none()
            {
                continue;
            }
            innermost::<openapiv3::PathItem>(item, &at, &mut found, |found| {
                path_item(item, &at, found)
            });
        }
    }
    if let Some(Value::Object(components)) = document.get("components") {
        for (kind, entries) in components {
            let Value::Object(entries) = entries else {
                continue;
            };
            for (name, entry) in entries {
                let at = format!(
                    "#/components/{}/{}",
                    pointer_segment(kind),
                    pointer_segment(name)
                );
                match kind.as_str() {
                    "schemas" => schema(entry, &at, &mut found),
                    "parameters" => parameter(entry, &at, &mut found),
                    "responses" => response(entry, &at, &mut found),
                    "requestBodies" => request_body(entry, &at, &mut found),
                    "securitySchemes" => leaf::<openapiv3::ReferenceOr<openapiv3::SecurityScheme>>(
                        entry, &at, &mut found,
                    ),
                    "headers" => {
                        leaf::<openapiv3::ReferenceOr<openapiv3::Header>>(entry, &at, &mut found)
                    }
                    _ => {}
                }
            }
        }
    }
    found
}

/// The error deserializing `value` as `T` gives, if it fails.
fn fails<T: DeserializeOwned>(value: &Value) -> Option<String> {
    serde_json::from_value::<T>(value.clone())
        .err()
        .map(|error| error.to_string())
}

/// Records `value` as failing when it does not deserialize as `T`, with `T`'s own message (an
/// untagged `ReferenceOr` only says that no variant matched).
fn leaf<T: DeserializeOwned>(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    if let Some(message) = fails::<T>(value) {
        found.push((at.to_string(), message));
    }
}

/// Runs `descend` over the children of a failing node, and reports the node itself (with `T`'s
/// message) only when no child was found failing.
fn innermost<T: DeserializeOwned>(
    value: &Value,
    at: &str,
    found: &mut Vec<(String, String)>,
    descend: impl FnOnce(&mut Vec<(String, String)>),
) {
    let before = found.len();
    descend(found);
    if found.len() == before {
        leaf::<T>(value, at, found);
    }
}

fn is_reference(value: &Value) -> bool {
    value.get("$ref").is_some()
}

fn path_item(item: &Value, at: &str, found: &mut Vec<(String, String)>) {
    let Value::Object(item) = item else { return };
    for (key, value) in item {
        let child = format!("{at}/{}", pointer_segment(key));
        match key.as_str() {
            "parameters" => parameters(value, &child, found),
            "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                innermost::<openapiv3::Operation>(value, &child, found, |found| {
                    operation(value, &child, found)
                });
            }
            _ => {}
        }
    }
}

fn operation(operation: &Value, at: &str, found: &mut Vec<(String, String)>) {
    let Value::Object(operation) = operation else {
        return;
    };
    for (key, value) in operation {
        let child = format!("{at}/{}", pointer_segment(key));
        match key.as_str() {
            "parameters" => parameters(value, &child, found),
            "requestBody" => request_body(value, &child, found),
            "responses" => {
                if let Value::Object(responses) = value {
                    for (status, value) in responses {
                        response(
                            value,
                            &format!("{child}/{}", pointer_segment(status)),
                            found,
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

fn parameters(list: &Value, at: &str, found: &mut Vec<(String, String)>) {
    if let Value::Array(list) = list {
        for (index, value) in list.iter().enumerate() {
            parameter(value, &format!("{at}/{index}"), found);
        }
    }
}

fn parameter(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    if is_reference(value) || fails::<openapiv3::ReferenceOr<openapiv3::Parameter>>(value).is_none()
    {
        return;
    }
    innermost::<openapiv3::Parameter>(value, at, found, |found| {
        match value.get("in").and_then(Value::as_str) {
        Some("query" | "header" | "path" | "cookie") => {}
        Some("body" | "formData") => found.push((
            format!("{at}/in"),
            "`in: body` and `in: formData` are Swagger 2.0; in OpenAPI 3.0 a body is the operation's `requestBody`".to_string(),
        )),
        Some(other) => found.push((
            format!("{at}/in"),
            format!("`in: {other}` is not a parameter location; use query, header, path or cookie"),
        )),
        None => found.push((at.to_string(), "a parameter needs `in` (query, header, path or cookie)".to_string())),
    }
        if value.get("schema").is_none() && value.get("content").is_none() {
            found.push((
                at.to_string(),
                "a parameter needs a `schema` (or a `content` map)".to_string(),
            ));
        }
        if let Some(inner) = value.get("schema") {
            schema(inner, &format!("{at}/schema"), found);
        }
        content(value, at, found);
    });
}

fn request_body(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    content_holder::<openapiv3::RequestBody>(value, at, found);
}

fn response(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    content_holder::<openapiv3::Response>(value, at, found);
}

/// A request body or response: its `content` schemas, else the node itself.
fn content_holder<T: DeserializeOwned>(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    if is_reference(value) || fails::<openapiv3::ReferenceOr<T>>(value).is_none() {
        return;
    }
    innermost::<T>(value, at, found, |found| content(value, at, found));
}

fn content(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    if let Some(Value::Object(media_types)) = value.get("content") {
        for (media_type, media) in media_types {
            if let Some(inner) = media.get("schema") {
                let child = format!("{at}/content/{}/schema", pointer_segment(media_type));
                schema(inner, &child, found);
            }
        }
    }
}

/// Schema fields whose value has a fixed shape: (key, what it must be, whether a value fits).
type FieldShape = (&'static str, &'static str, fn(&Value) -> bool);

const SCHEMA_FIELD_SHAPES: &[FieldShape] = &[
    (
        "properties",
        "a mapping of property names to schemas",
        Value::is_object,
    ),
    ("required", "a list of property names", |value| {
        value
            .as_array()
            .is_some_and(|names| names.iter().all(Value::is_string))
    }),
    ("items", "a schema", Value::is_object),
    ("allOf", "a list of schemas", Value::is_array),
    ("oneOf", "a list of schemas", Value::is_array),
    ("anyOf", "a list of schemas", Value::is_array),
    ("enum", "a list of values", Value::is_array),
    ("nullable", "true or false", Value::is_boolean),
    ("readOnly", "true or false", Value::is_boolean),
    ("writeOnly", "true or false", Value::is_boolean),
];

/// Descends into the sub-schemas of a failing schema; the schema itself is reported only when
/// none of them fails.
fn schema(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    if fails::<openapiv3::ReferenceOr<openapiv3::Schema>>(value).is_none() {
        return;
    }
    innermost::<openapiv3::Schema>(value, at, found, |found| {
        let Value::Object(object) = value else { return };
        for (key, expected, fits) in SCHEMA_FIELD_SHAPES {
            if object.get(*key).is_some_and(|field| !fits(field)) {
                found.push((format!("{at}/{key}"), format!("`{key}` must be {expected}")));
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(inner @ Value::Object(_)) = object.get(key) {
                schema(inner, &format!("{at}/{key}"), found);
            }
        }
        if let Some(Value::Object(properties)) = object.get("properties") {
            for (name, inner) in properties {
                schema(
                    inner,
                    &format!("{at}/properties/{}", pointer_segment(name)),
                    found,
                );
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(parts)) = object.get(key) {
                for (index, inner) in parts.iter().enumerate() {
                    schema(inner, &format!("{at}/{key}/{index}"), found);
                }
            }
        }
    });
}
