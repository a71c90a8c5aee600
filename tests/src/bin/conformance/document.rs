//! The spec as one JSON document in the OpenAPI 3 shape (`bundle.rs` reads it): `$ref`s followed
//! inside it, and the raw objects (operation, parameter, body, response) behind each lowered
//! operation, which keep what the generator's model leaves out (examples, constraints).

use serde_json::Value;

use generator::ir::{Operation, ParamLocation};

/// Follows a local `$ref` (`#/components/schemas/Pet`) once; other values are returned as they are.
pub fn resolve<'a>(root: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    // A chain of references ends within a few steps; a cycle of bare references is cut off.
    for _ in 0..16 {
        match reference(current).and_then(|pointer| lookup(root, pointer)) {
            Some(target) => current = target,
            None => return current,
        }
    }
    current
}

/// The `$ref` of a value, when it has one.
pub fn reference(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

/// The node a local reference (`#/a/b~1c`) points at.
pub fn lookup<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    let pointer = percent_decode(pointer);
    root.pointer(&pointer)
}

/// `%7B` → `{`: references to path items and file names spell braces percent-encoded.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// The raw objects of one lowered operation.
pub struct RawOperation<'a> {
    pub root: &'a Value,
    pub path_item: &'a Value,
    pub operation: &'a Value,
}

impl<'a> RawOperation<'a> {
    /// The raw operation behind `operation`, found by its path template and method.
    pub fn find(root: &'a Value, operation: &Operation) -> Option<RawOperation<'a>> {
        let path_item = resolve(root, root.get("paths")?.get(&operation.path_template)?);
        let raw = path_item.get(operation.method.as_str().to_ascii_lowercase())?;
        Some(RawOperation {
            root,
            path_item,
            operation: raw,
        })
    }

    /// The parameter of that name and location; the operation's own wins over the path item's.
    pub fn parameter(&self, wire_name: &str, location: ParamLocation) -> Option<&'a Value> {
        let location = match location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        [self.operation, self.path_item]
            .into_iter()
            .filter_map(|holder| holder.get("parameters").and_then(Value::as_array))
            .flatten()
            .map(|parameter| resolve(self.root, parameter))
            .find(|parameter| {
                parameter.get("name").and_then(Value::as_str) == Some(wire_name)
                    && parameter.get("in").and_then(Value::as_str) == Some(location)
            })
    }

    /// The schema of a parameter and the object whose example goes with it: its own `schema`,
    /// or that of the one media type of its `content` (a query parameter sent as JSON), whose
    /// example counts when the parameter has none of its own.
    pub fn parameter_schema(parameter: &'a Value) -> (&'a Value, Option<&'a Value>) {
        if let Some(schema) = parameter.get("schema") {
            return (parameter, Some(schema));
        }
        let media = parameter
            .get("content")
            .and_then(Value::as_object)
            .and_then(|content| content.values().next());
        match media {
            Some(media)
                if !["example", "examples"]
                    .iter()
                    .any(|k| parameter.get(*k).is_some()) =>
            {
                (media, media.get("schema"))
            }
            Some(media) => (parameter, media.get("schema")),
            None => (parameter, None),
        }
    }

    /// The media type object of the request body for `media_type`.
    pub fn body_media(&self, media_type: &str) -> Option<&'a Value> {
        let body = resolve(self.root, self.operation.get("requestBody")?);
        let content = body.get("content")?.as_object()?;
        content.get(media_type).or_else(|| content.values().next())
    }

    /// The response object documented for `status`: the code, its range, else `default`.
    pub fn response(&self, status: u16) -> Option<&'a Value> {
        let responses = self.operation.get("responses")?.as_object()?;
        let range = format!("{}XX", status / 100);
        let found = responses
            .get(&status.to_string())
            .or_else(|| {
                responses
                    .iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case(&range))
                    .map(|(_, response)| response)
            })
            .or_else(|| responses.get("default"))?;
        Some(resolve(self.root, found))
    }

    /// The schema of the response body for `status` in `content_type` (parameters ignored).
    pub fn response_schema(&self, status: u16, content_type: Option<&str>) -> Option<&'a Value> {
        let content = self.response(status)?.get("content")?.as_object()?;
        let essence = content_type
            .and_then(|content_type| content_type.split(';').next())
            .map(str::trim);
        let media = essence
            .and_then(|essence| content.get(essence))
            .or_else(|| content.values().next())?;
        media.get("schema")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_reference_is_followed_to_its_target_through_a_chain() {
        let root = json!({
            "components": { "schemas": {
                "Alias": { "$ref": "#/components/schemas/Pet" },
                "Pet": { "type": "object" }
            }}
        });
        let start = json!({ "$ref": "#/components/schemas/Alias" });
        assert_eq!(resolve(&root, &start), &json!({ "type": "object" }));
    }

    #[test]
    fn a_parameter_described_by_content_takes_its_media_types_schema_and_example() {
        let parameter = json!({ "name": "metadata", "in": "query", "content": {
            "application/json": { "schema": { "type": "object" }, "example": { "a": 1 } }
        }});
        let (holder, schema) = RawOperation::parameter_schema(&parameter);
        assert_eq!(schema, Some(&json!({ "type": "object" })));
        assert_eq!(holder["example"], json!({ "a": 1 }));
        let own =
            json!({ "name": "id", "in": "path", "example": 7, "schema": { "type": "integer" } });
        assert_eq!(
            RawOperation::parameter_schema(&own),
            (&own, Some(&own["schema"]))
        );
    }

    #[test]
    fn a_reference_to_a_path_item_decodes_escapes_and_percent_signs() {
        let root = json!({ "paths": { "/pets/{id}": { "get": {} } } });
        assert_eq!(
            lookup(&root, "#/paths/~1pets~1%7Bid%7D"),
            Some(&json!({ "get": {} }))
        );
    }
}
