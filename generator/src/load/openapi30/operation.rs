//! Converts path items, operations, parameters, request bodies and responses.

use serde_json::Value;

use super::convert::{Converter, Scalar};
use super::keywords;
use crate::load::model::*;
use crate::load::SpecPath;

impl Converter {
    pub(super) fn path_item(&mut self, value: Value) -> Option<SpecPath> {
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
                    _ => convert.unknown_here(&key, "a path item", &[keywords::PATH_ITEM]),
                }
            });
        }
        // The order `openapiv3`'s path item iterates in, whatever the order in the spec.
        operations
            .sort_by_key(|(method, _)| Method::PATH_ITEM_ORDER.iter().position(|m| m == method));
        item.operations = operations;
        Some(item)
    }

    pub(super) fn parameters(&mut self, value: Value) -> Vec<ReferenceOr<Parameter>> {
        self.list(value, "a list of parameters", |convert, parameter| {
            convert.parameter(parameter)
        })
    }

    pub(super) fn operation(&mut self, value: Value) -> Option<Operation> {
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
                "servers" => {
                    convert.servers_keys(&value);
                    convert.check_serde::<Vec<openapiv3::Server>>(value)
                }
                "externalDocs" => convert.check_serde::<openapiv3::ExternalDocumentation>(value),
                _ => convert.unknown_here(&key, "an operation", &[keywords::OPERATION]),
            });
            complete &= self.failures.len() == failures;
        }
        complete &= self.require("responses", has_responses);
        complete.then_some(operation)
    }

    pub(super) fn responses(&mut self, value: Value) -> Responses {
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

    pub(super) fn response(&mut self, value: Value) -> Option<ReferenceOr<Response>> {
        self.reference_or(
            value,
            "a response (a map)",
            "responses",
            |convert, object| {
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
                        _ => convert.unknown_here(&key, "a response", &[keywords::RESPONSE]),
                    });
                }
                convert.require("description", has_description);
                Some(Response {
                    description: description?,
                    content,
                })
            },
        )
    }

    pub(super) fn request_body(&mut self, value: Value) -> Option<ReferenceOr<RequestBody>> {
        self.reference_or(
            value,
            "a request body (a map)",
            "requestBodies",
            |convert, object| {
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
                        _ => {
                            convert.unknown_here(&key, "a request body", &[keywords::REQUEST_BODY])
                        }
                    });
                }
                Some(body)
            },
        )
    }

    pub(super) fn content(&mut self, value: Value) -> Vec<(String, MediaType)> {
        self.map(value, "a map of media types", |convert, _, media| {
            let object = convert.object(media, "a media type object (a map)")?;
            let mut media_type = MediaType::default();
            for (key, value) in object {
                convert.at_key(&key, |convert| match key.as_str() {
                    "schema" => media_type.schema = convert.schema_or_reference(value),
                    "encoding" => {
                        media_type.encoding =
                            convert.map(value, "a map of encodings", |convert, _, encoding| {
                                convert.encoding(encoding)
                            })
                    }
                    _ => convert.unknown_here(&key, "a media type object", &[keywords::MEDIA_TYPE]),
                });
            }
            Some(media_type)
        })
    }

    fn encoding(&mut self, value: Value) -> Option<Encoding> {
        let object = self.object(value, "an encoding object (a map)")?;
        let mut encoding = Encoding::default();
        for (key, value) in object {
            self.at_key(&key, |convert| match key.as_str() {
                "contentType" => encoding.content_type = convert.string(value),
                "style" => {
                    encoding.style = convert.string(value).and_then(|style| {
                        parameter_style(ParameterLocation::Query, &style)
                            .map_err(|message| convert.fail(message))
                            .ok()
                    })
                }
                "explode" => encoding.explode = convert.bool(value),
                "allowReserved" => convert.check_scalar_here(&value, Scalar::Bool),
                _ => convert.unknown_here(&key, "an encoding object", &[keywords::ENCODING]),
            });
        }
        Some(encoding)
    }

    pub(super) fn parameter(&mut self, value: Value) -> Option<ReferenceOr<Parameter>> {
        self.reference_or(
            value,
            "a parameter (a map)",
            "parameters",
            |convert, object| {
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
                        _ => convert.unknown_here(&key, "a parameter", &[keywords::PARAMETER]),
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
                        ParameterLocation::Query | ParameterLocation::Cookie => {
                            ParameterStyle::Form
                        }
                        ParameterLocation::Header | ParameterLocation::Path => {
                            ParameterStyle::Simple
                        }
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
            },
        )
    }

    pub(super) fn parameter_location(&mut self, value: Value) -> Option<ParameterLocation> {
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
