//! The Swagger 2.0 front end: rewrites a 2.0 document into the OpenAPI 3.0 shape it maps to,
//! node by node, and records where each rewritten node came from, so the 3.0 converter builds
//! the one model and every diagnostic still points into the 2.0 file, at its own pointer.
//!
//! - `host` + `basePath` + `schemes` → `servers`;
//! - `consumes`/`produces` (the document's, or the operation's) → the media types of request
//!   bodies and responses;
//! - `in: body` → a request body; `in: formData` → a form or multipart body of one property per
//!   parameter, `type: file` a binary part;
//! - `collectionFormat` → `style`/`explode`; the other parameters' `type`… → a `schema`;
//! - `definitions`/`parameters`/`responses`/`securityDefinitions` → `components`;
//! - `x-nullable` → `nullable`, a `discriminator` name → a discriminator object.

use serde_json::{json, Map, Value};

use crate::diagnostics::{pointer_segment, unescape_pointer_segment};
use crate::load::openapi31;
use crate::load::resolve::Origin;

/// Something the rewrite cannot carry over: (pointer in the rewritten document, message, help).
pub type Note = (String, String, String);

/// The OpenAPI 3.0 document a Swagger 2.0 `document` describes; `origins` get where each
/// rewritten node was in the 2.0 file, `notes` what could not be carried over.
pub fn to_openapi30(document: Value, origins: &mut Vec<Origin>, notes: &mut Vec<Note>) -> Value {
    let Value::Object(mut root) = document else {
        return document;
    };
    let mut rewrite = Rewrite {
        origins,
        notes,
        consumes: media_list(root.get("consumes")),
        produces: media_list(root.get("produces")),
        parameters: root
            .get("parameters")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    };
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    if let Some(info) = root.remove("info") {
        out.insert("info".into(), info);
    }
    out.insert("servers".into(), servers(&root));
    let mut components = Map::new();
    if let Some(Value::Object(definitions)) = root.remove("definitions") {
        let mut schemas = Map::new();
        for (name, schema) in definitions {
            let at = format!("#/definitions/{}", pointer_segment(&name));
            rewrite.origin(
                &format!("#/components/schemas/{}", pointer_segment(&name)),
                &at,
            );
            let here = format!("#/components/schemas/{}", pointer_segment(&name));
            schemas.insert(name, schema_of(schema, &here, rewrite.notes));
        }
        components.insert("schemas".into(), Value::Object(schemas));
    }
    if let Some(Value::Object(parameters)) = root.remove("parameters") {
        let mut kept = Map::new();
        for (name, parameter) in parameters {
            // Body and form parameters become request bodies where they are used.
            if matches!(
                parameter.get("in").and_then(Value::as_str),
                Some("body" | "formData")
            ) {
                continue;
            }
            let segment = pointer_segment(&name);
            rewrite.parameter_origin(
                &format!("#/components/parameters/{segment}"),
                &format!("#/parameters/{segment}"),
            );
            let here = format!("#/components/parameters/{segment}");
            kept.insert(name, parameter_of(parameter, &here, rewrite.notes));
        }
        components.insert("parameters".into(), Value::Object(kept));
    }
    if let Some(Value::Object(responses)) = root.remove("responses") {
        let mut kept = Map::new();
        for (name, response) in responses {
            let segment = pointer_segment(&name);
            let produces = rewrite.produces.clone();
            let at = format!("#/components/responses/{segment}");
            let converted =
                rewrite.response(response, &produces, &at, &format!("#/responses/{segment}"));
            kept.insert(name, converted);
        }
        components.insert("responses".into(), Value::Object(kept));
    }
    if let Some(Value::Object(schemes)) = root.remove("securityDefinitions") {
        let mut kept = Map::new();
        for (name, scheme) in schemes {
            let segment = pointer_segment(&name);
            rewrite.origin(
                &format!("#/components/securitySchemes/{segment}"),
                &format!("#/securityDefinitions/{segment}"),
            );
            kept.insert(name, security_scheme(scheme));
        }
        components.insert("securitySchemes".into(), Value::Object(kept));
    }
    if let Some(Value::Object(paths)) = root.remove("paths") {
        let mut kept = Map::new();
        for (path, item) in paths {
            let at = format!("#/paths/{}", pointer_segment(&path));
            let item = match item {
                Value::Object(item) if !path.starts_with("x-") => {
                    Value::Object(rewrite.path_item(item, &at))
                }
                other => other,
            };
            kept.insert(path, item);
        }
        out.insert("paths".into(), Value::Object(kept));
    }
    for (key, value) in root {
        match key.as_str() {
            "swagger" | "host" | "basePath" | "schemes" | "consumes" | "produces" => {}
            _ => {
                out.insert(key, value);
            }
        }
    }
    out.insert("components".into(), Value::Object(components));
    let mut document = Value::Object(out);
    rewrite_references(&mut document, "");
    document
}

struct Rewrite<'a> {
    origins: &'a mut Vec<Origin>,
    notes: &'a mut Vec<Note>,
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The document's `parameters`, for body and form parameters used by `$ref`.
    parameters: Map<String, Value>,
}

impl Rewrite<'_> {
    /// Records that the rewritten node at `prefix` was at `at` in the 2.0 file.
    fn origin(&mut self, prefix: &str, at: &str) {
        self.origins.push(Origin {
            prefix: prefix.to_string(),
            file: 0,
            pointer: at.to_string(),
        });
    }

    /// A parameter's `schema` is the parameter itself in 2.0.
    fn parameter_origin(&mut self, prefix: &str, at: &str) {
        self.origin(prefix, at);
        self.origin(&format!("{prefix}/schema"), at);
    }

    fn path_item(&mut self, item: Map<String, Value>, at: &str) -> Map<String, Value> {
        let mut out = Map::new();
        let shared: Vec<Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (key, value) in item {
            match (key.as_str(), value) {
                ("parameters", _) => {}
                (method, Value::Object(operation))
                    if crate::load::model::Method::from_key(method).is_some() =>
                {
                    let at = format!("{at}/{method}");
                    let operation = self.operation(operation, &shared, &at);
                    out.insert(key, Value::Object(operation));
                }
                (_, value) => {
                    out.insert(key, value);
                }
            }
        }
        out
    }

    /// One operation; the path's shared parameters are merged in (an operation's own one of
    /// the same name and location wins), as bodies must be.
    fn operation(
        &mut self,
        mut operation: Map<String, Value>,
        shared: &[Value],
        at: &str,
    ) -> Map<String, Value> {
        let consumes = operation
            .remove("consumes")
            .map(|list| media_list(Some(&list)))
            .unwrap_or_else(|| self.consumes.clone());
        let produces = operation
            .remove("produces")
            .map(|list| media_list(Some(&list)))
            .unwrap_or_else(|| self.produces.clone());
        let own: Vec<Value> = match operation.remove("parameters") {
            Some(Value::Array(list)) => list,
            _ => Vec::new(),
        };
        let mut listed: Vec<(String, Value)> = Vec::new();
        for (index, parameter) in own.into_iter().enumerate() {
            listed.push((format!("{at}/parameters/{index}"), parameter));
        }
        let path_at = at.rsplit_once('/').map_or(at, |(path, _)| path).to_string();
        for (index, parameter) in shared.iter().enumerate() {
            let resolved = self.resolved(parameter);
            let same = |other: &Value| {
                let other = self.resolved(other);
                other.get("name") == resolved.get("name") && other.get("in") == resolved.get("in")
            };
            if !listed.iter().any(|(_, own)| same(own)) {
                listed.push((format!("{path_at}/parameters/{index}"), parameter.clone()));
            }
        }
        let mut parameters = Vec::new();
        let mut body = None;
        let mut form: Vec<(String, Value)> = Vec::new();
        for (from, parameter) in listed {
            let resolved = self.resolved(&parameter);
            match resolved.get("in").and_then(Value::as_str) {
                Some("body") => body = Some((from, resolved)),
                Some("formData") => form.push((from, resolved)),
                _ => {
                    let prefix = format!("{at}/parameters/{}", parameters.len());
                    self.parameter_origin(&prefix, &from);
                    let converted = if parameter.get("$ref").is_some() {
                        parameter
                    } else {
                        parameter_of(parameter, &prefix, self.notes)
                    };
                    parameters.push(converted);
                }
            }
        }
        if !parameters.is_empty() {
            operation.insert("parameters".into(), Value::Array(parameters));
        }
        let body_at = format!("{at}/requestBody");
        if let Some((from, body)) = body {
            self.origin(&body_at, &from);
            let media_types = media_or_json(&consumes);
            let first = format!(
                "{body_at}/content/{}/schema",
                pointer_segment(&media_types[0])
            );
            let schema = match body.get("schema").cloned() {
                Some(schema) => schema_of(schema, &first, self.notes),
                None => json!({}),
            };
            let mut content = Map::new();
            for media in media_types {
                self.origin(
                    &format!("{body_at}/content/{}/schema", pointer_segment(&media)),
                    &format!("{from}/schema"),
                );
                content.insert(media, json!({ "schema": schema.clone() }));
            }
            operation.insert("requestBody".into(), request_body(&body, content));
        } else if !form.is_empty() {
            let multipart = consumes.iter().any(|media| media == "multipart/form-data")
                || form
                    .iter()
                    .any(|(_, parameter)| parameter.get("type") == Some(&json!("file")));
            let media = if multipart {
                "multipart/form-data"
            } else {
                "application/x-www-form-urlencoded"
            };
            let schema_at = format!("{body_at}/content/{}/schema", pointer_segment(media));
            self.origin(&body_at, &form[0].0);
            let mut properties = Map::new();
            let mut required = Vec::new();
            for (from, parameter) in &form {
                let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                    continue;
                };
                self.origin(
                    &format!("{schema_at}/properties/{}", pointer_segment(name)),
                    from,
                );
                if parameter.get("required") == Some(&Value::Bool(true)) {
                    required.push(json!(name));
                }
                let here = format!("{schema_at}/properties/{}", pointer_segment(name));
                properties.insert(
                    name.to_string(),
                    parameter_schema(parameter, &here, self.notes),
                );
            }
            let mut schema = json!({"type": "object", "properties": properties});
            if !required.is_empty() {
                schema["required"] = Value::Array(required.clone());
            }
            let body = json!({"required": !required.is_empty()});
            let mut content = Map::new();
            content.insert(media.to_string(), json!({ "schema": schema }));
            operation.insert("requestBody".into(), request_body(&body, content));
        }
        if let Some(Value::Object(responses)) = operation.remove("responses") {
            let mut kept = Map::new();
            for (status, response) in responses {
                let segment = pointer_segment(&status);
                let here = format!("{at}/responses/{segment}");
                let converted = if status.starts_with("x-") {
                    response
                } else {
                    self.response(response, &produces, &here, &here)
                };
                kept.insert(status, converted);
            }
            operation.insert("responses".into(), Value::Object(kept));
        }
        // Per-operation schemes are not kept: the client has one base URL.
        operation.remove("schemes");
        operation
    }

    /// A response: its `schema` goes under each media type the operation produces.
    fn response(&mut self, response: Value, produces: &[String], at: &str, from: &str) -> Value {
        let Value::Object(mut response) = response else {
            return response;
        };
        if response.contains_key("$ref") {
            return Value::Object(response);
        }
        self.origin(at, from);
        if let Some(schema) = response.remove("schema") {
            let media_types = media_or_json(produces);
            let first = format!("{at}/content/{}/schema", pointer_segment(&media_types[0]));
            let schema = schema_of(schema, &first, self.notes);
            let mut content = Map::new();
            for media in media_types {
                self.origin(
                    &format!("{at}/content/{}/schema", pointer_segment(&media)),
                    &format!("{from}/schema"),
                );
                content.insert(media, json!({ "schema": schema.clone() }));
            }
            response.insert("content".into(), Value::Object(content));
        }
        response.remove("examples");
        if let Some(Value::Object(headers)) = response.remove("headers") {
            let headers: Map<String, Value> = headers
                .into_iter()
                .map(|(name, header)| {
                    let here = format!("{at}/headers/{}/schema", pointer_segment(&name));
                    (
                        name,
                        json!({"schema": parameter_schema(&header, &here, self.notes)}),
                    )
                })
                .collect();
            response.insert("headers".into(), Value::Object(headers));
        }
        Value::Object(response)
    }

    /// A parameter, or the one of the document's `parameters` its `$ref` names.
    fn resolved(&self, parameter: &Value) -> Value {
        let name = parameter
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix("#/parameters/"));
        match name.and_then(|name| self.parameters.get(&unescape_pointer_segment(name))) {
            Some(found) => found.clone(),
            None => parameter.clone(),
        }
    }
}

/// A request body of `content`, with the 2.0 body parameter's description and `required`.
fn request_body(parameter: &Value, content: Map<String, Value>) -> Value {
    let mut body = json!({"content": content});
    for key in ["description", "required"] {
        if let Some(value) = parameter.get(key) {
            body[key] = value.clone();
        }
    }
    body
}

/// `schemes` × `host` + `basePath`, the host as written (with its port, if any).
fn servers(root: &Map<String, Value>) -> Value {
    let base = root.get("basePath").and_then(Value::as_str).unwrap_or("");
    let base = base.trim_end_matches('/');
    let Some(host) = root.get("host").and_then(Value::as_str) else {
        return json!([{ "url": if base.is_empty() { "/" } else { base } }]);
    };
    let schemes: Vec<&str> = match root.get("schemes").and_then(Value::as_array) {
        Some(list) if !list.is_empty() => list.iter().filter_map(Value::as_str).collect(),
        _ => vec!["https"],
    };
    // The first server is the client's default: https before http.
    let mut schemes = schemes;
    schemes.sort_by_key(|scheme| *scheme != "https");
    let servers: Vec<Value> = schemes
        .into_iter()
        .map(|scheme| json!({ "url": format!("{scheme}://{host}{base}") }))
        .collect();
    Value::Array(servers)
}

fn media_list(list: Option<&Value>) -> Vec<String> {
    list.and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn media_or_json(list: &[String]) -> Vec<String> {
    if list.is_empty() {
        vec!["application/json".to_string()]
    } else {
        list.to_vec()
    }
}

/// The keywords a 2.0 query, header or path parameter (or a form field, or a header) shares
/// with a schema.
const SCHEMA_FIELDS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// A query, header or path parameter: its type keywords become a `schema`, `collectionFormat`
/// a `style` and `explode`; `notes` get (message, help) for what cannot be carried over.
fn parameter_of(parameter: Value, at: &str, notes: &mut Vec<Note>) -> Value {
    let Value::Object(mut parameter) = parameter else {
        return parameter;
    };
    if parameter.contains_key("$ref") {
        return Value::Object(parameter);
    }
    let schema = parameter_schema(
        &Value::Object(parameter.clone()),
        &format!("{at}/schema"),
        notes,
    );
    let location = parameter
        .get("in")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let format = parameter.remove("collectionFormat");
    for key in SCHEMA_FIELDS {
        parameter.remove(*key);
    }
    parameter.remove("allowEmptyValue");
    parameter.insert("schema".into(), schema.clone());
    if schema.get("type") == Some(&json!("array")) {
        let format = format.as_ref().and_then(Value::as_str).unwrap_or("csv");
        let (style, explode) = match (format, location.as_str()) {
            ("multi", "query" | "formData") => ("form", true),
            ("csv", "query") => ("form", false),
            ("csv", _) => ("simple", false),
            ("ssv", "query") => ("spaceDelimited", false),
            ("pipes", "query") => ("pipeDelimited", false),
            (other, _) if location != "query" => {
                notes.push((
                    format!("{at}/style"),
                    format!("`collectionFormat: {other}` is not allowed in a {location} parameter by OpenAPI 3.0; the values are sent comma-separated"),
                    "use `collectionFormat: csv` outside the query".to_string(),
                ));
                ("simple", false)
            }
            (other, _) => {
                notes.push((
                    format!("{at}/style"),
                    format!("`collectionFormat: {other}` has no OpenAPI 3.0 style; the values are sent comma-separated"),
                    "use csv, ssv, pipes or multi".to_string(),
                ));
                ("form", false)
            }
        };
        if style != "simple" || location == "query" {
            parameter.insert("style".into(), json!(style));
        }
        parameter.insert("explode".into(), json!(explode));
    }
    Value::Object(parameter)
}

/// The schema a 2.0 non-body parameter, form field or header describes inline; `at` is where
/// the schema goes.
fn parameter_schema(parameter: &Value, at: &str, notes: &mut Vec<Note>) -> Value {
    let mut schema = Map::new();
    for key in SCHEMA_FIELDS {
        if let Some(value) = parameter.get(*key) {
            schema.insert((*key).to_string(), value.clone());
        }
    }
    if let Some(description) = parameter.get("description") {
        schema.insert("description".into(), description.clone());
    }
    if schema.get("type") == Some(&json!("file")) {
        schema.insert("type".into(), json!("string"));
        schema.insert("format".into(), json!("binary"));
    }
    if let Some(items) = schema.remove("items") {
        let items = parameter_schema(&items, &format!("{at}/items"), notes);
        schema.insert("items".into(), items);
    }
    schema_of(Value::Object(schema), at, notes)
}

/// A 2.0 schema in 3.0 terms: `x-nullable` is `nullable`, `type: file` binary, a
/// `discriminator` name a discriminator object; subschemas alike.
fn schema_of(schema: Value, at: &str, notes: &mut Vec<Note>) -> Value {
    let Value::Object(mut schema) = schema else {
        return schema;
    };
    if schema.contains_key("$ref") {
        return Value::Object(schema);
    }
    // Some 2.0 specs list types as 3.1 does (`type: [string, 'null']`).
    openapi31::normalize_type(&mut schema, at, notes);
    if let Some(nullable) = schema.remove("x-nullable") {
        schema.insert("nullable".into(), nullable);
    }
    if schema.get("type") == Some(&json!("file")) {
        schema.insert("type".into(), json!("string"));
        schema.insert("format".into(), json!("binary"));
    }
    if let Some(Value::String(name)) = schema.get("discriminator").cloned() {
        schema.insert("discriminator".into(), json!({ "propertyName": name }));
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = schema.remove(key) {
            let child = schema_of(child, &format!("{at}/{key}"), notes);
            schema.insert(key.into(), child);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(children)) = schema.remove(key) {
            let children = children
                .into_iter()
                .enumerate()
                .map(|(index, child)| schema_of(child, &format!("{at}/{key}/{index}"), notes))
                .collect();
            schema.insert(key.into(), Value::Array(children));
        }
    }
    if let Some(Value::Object(properties)) = schema.remove("properties") {
        let properties: Map<String, Value> = properties
            .into_iter()
            .map(|(name, child)| {
                let here = format!("{at}/properties/{}", pointer_segment(&name));
                (name, schema_of(child, &here, notes))
            })
            .collect();
        schema.insert("properties".into(), Value::Object(properties));
    }
    Value::Object(schema)
}

/// A 2.0 security definition as a 3.0 security scheme.
fn security_scheme(scheme: Value) -> Value {
    let Value::Object(mut scheme) = scheme else {
        return scheme;
    };
    match scheme.get("type").and_then(Value::as_str) {
        Some("basic") => {
            scheme.insert("type".into(), json!("http"));
            scheme.insert("scheme".into(), json!("basic"));
        }
        Some("oauth2") => {
            let flow = scheme.remove("flow");
            let mut details = Map::new();
            for key in ["authorizationUrl", "tokenUrl", "scopes"] {
                if let Some(value) = scheme.remove(key) {
                    details.insert(key.into(), value);
                }
            }
            details.entry("scopes").or_insert(json!({}));
            let name = match flow.as_ref().and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                _ => "authorizationCode",
            };
            let mut flows = Map::new();
            flows.insert(name.into(), Value::Object(details));
            scheme.insert("flows".into(), Value::Object(flows));
        }
        _ => {}
    }
    Value::Object(scheme)
}

/// Every `$ref` to `#/definitions/…`, `#/parameters/…` or `#/responses/…` as one to the
/// matching section of `components`; data (examples, defaults, enums) is left alone, but a
/// `default` response is not data.
fn rewrite_references(value: &mut Value, parent: &str) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                if key == "$ref" {
                    if let Value::String(reference) = child {
                        for (from, to) in [
                            ("#/definitions/", "#/components/schemas/"),
                            ("#/parameters/", "#/components/parameters/"),
                            ("#/responses/", "#/components/responses/"),
                        ] {
                            if let Some(rest) = reference.strip_prefix(from) {
                                *reference = format!("{to}{rest}");
                            }
                        }
                    }
                    continue;
                }
                let data = match key.as_str() {
                    "default" => parent != "responses",
                    "example" | "examples" | "enum" => true,
                    other => other.starts_with("x-"),
                };
                if !data {
                    rewrite_references(child, key);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rewrite_references(item, parent)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(document: Value) -> Value {
        rewritten_with_notes(document).0
    }

    fn rewritten_with_notes(document: Value) -> (Value, Vec<Note>) {
        let mut notes = Vec::new();
        (to_openapi30(document, &mut Vec::new(), &mut notes), notes)
    }

    #[test]
    fn host_base_path_and_schemes_are_the_servers_https_first() {
        let document = rewritten(json!({
            "swagger": "2.0", "host": "api.example.com:443", "basePath": "/v1/",
            "schemes": ["http", "https"], "paths": {},
        }));
        assert_eq!(
            document["servers"],
            json!([{"url": "https://api.example.com:443/v1"}, {"url": "http://api.example.com:443/v1"}])
        );
    }

    #[test]
    fn body_and_form_parameters_are_request_bodies_in_the_media_types_consumed() {
        let document = rewritten(json!({
            "swagger": "2.0", "consumes": ["application/json"], "produces": ["application/xml"],
            "paths": {"/pets": {
                "post": {"parameters": [
                    {"in": "body", "name": "pet", "required": true, "schema": {"$ref": "#/definitions/Pet"}},
                ], "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}}},
                "put": {"consumes": ["multipart/form-data"], "parameters": [
                    {"in": "formData", "name": "photo", "type": "file", "required": true},
                    {"in": "formData", "name": "note", "type": "string"},
                ], "responses": {}},
            }},
            "definitions": {"Pet": {"type": "object", "properties": {"tag": {"type": "string", "x-nullable": true}}}},
        }));
        let post = &document["paths"]["/pets"]["post"];
        assert_eq!(
            post["requestBody"],
            json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}, "required": true})
        );
        assert_eq!(
            post["responses"]["200"]["content"],
            json!({"application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}}})
        );
        assert_eq!(
            document["paths"]["/pets"]["put"]["requestBody"]["content"]["multipart/form-data"]
                ["schema"],
            json!({"type": "object", "required": ["photo"], "properties": {
                "photo": {"type": "string", "format": "binary"},
                "note": {"type": "string"},
            }})
        );
        assert_eq!(
            document["components"]["schemas"]["Pet"]["properties"]["tag"],
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn collection_formats_are_styles_and_security_definitions_are_schemes() {
        let (document, notes) = rewritten_with_notes(json!({
            "swagger": "2.0",
            "paths": {"/pets": {"get": {"parameters": [
                {"in": "query", "name": "tags", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                {"in": "query", "name": "ids", "type": "array", "items": {"type": "integer"}},
                {"in": "header", "name": "X-Ids", "type": "array", "items": {"type": "integer"}, "collectionFormat": "pipes"},
            ], "responses": {}}}},
            "securityDefinitions": {
                "basic": {"type": "basic"},
                "oauth": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t", "scopes": {}},
            },
        }));
        let parameters = &document["paths"]["/pets"]["get"]["parameters"];
        assert_eq!(
            (&parameters[0]["style"], &parameters[0]["explode"]),
            (&json!("form"), &json!(true))
        );
        assert_eq!(
            (&parameters[1]["style"], &parameters[1]["explode"]),
            (&json!("form"), &json!(false))
        );
        assert_eq!(parameters[2].get("style"), None, "a header is `simple`");
        assert_eq!(
            parameters[0]["schema"],
            json!({"type": "array", "items": {"type": "string"}})
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0].0, "#/paths/~1pets/get/parameters/2/style");
        let schemes = &document["components"]["securitySchemes"];
        assert_eq!(schemes["basic"], json!({"type": "http", "scheme": "basic"}));
        assert_eq!(
            schemes["oauth"],
            json!({"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://t", "scopes": {}}}})
        );
    }
}
