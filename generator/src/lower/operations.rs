//! Lowers paths and operations: names, parameters, request bodies, responses and security.

use crate::load::model::{
    Components, MediaType, Method as SpecMethod, Operation as SpecOperation, Parameter,
    ParameterLocation, ParameterSchemaOrContent, ReferenceOr, RequestBody,
    Response as SpecResponse, Schema, SchemaKind, StatusCode, Type,
};

use super::schemas::SchemaLowering;
use super::styles::{self, Place, Shape, StyleProblem};
use crate::diagnostics::{pointer, pointer_segment, Diagnostic};
use crate::docs::doc_lines;
use crate::ir::{
    Body, BodyEncoding, FormEncoding, FormProperty, Method, MultipartPart, MultipartParts,
    MultipartVariant, Operation, Param, ParamLocation, ParamStyle, PartKind, PathPiece, Response,
    ResponseBody, SecurityScheme, StatusMatch, Success, TypeRef,
};
use crate::load::LoadedSpec;
use crate::media::{self, MediaKind};
use crate::names::{self, Namespace};

/// The properties of an object schema, by wire name, in spec order.
type Properties = [(String, ReferenceOr<Box<Schema>>)];

/// Names the body of an operation function uses for itself, so parameters cannot shadow them.
const LOCAL_NAMES: &[&str] = &[
    "body", "self", "url", "request", "response", "status", "form", "cookies", "value", "secret",
    "username", "password", "item", "params",
];

/// The most arguments an operation method takes besides `&self`: clippy's `too_many_arguments`
/// allows seven with `self`. An operation that would take more groups its parameters into a
/// struct (see [`group_parameters`]).
const MAX_ARGUMENTS: usize = 6;

/// The most optional parameters an operation takes as arguments of their own; with more, a call
/// would be a row of `None`s, and they go into a struct with `Default`.
const MAX_OPTIONAL_ARGUMENTS: usize = 3;

/// Lowers every operation of the spec in path order, then method order.
pub fn lower_operations<'a>(
    spec: &'a LoadedSpec,
    schemas: &mut SchemaLowering<'a>,
    security_schemes: &[SecurityScheme],
) -> (Vec<Operation>, Vec<Diagnostic>) {
    let mut lowering = OperationLowering {
        spec,
        schemas,
        security_schemes,
        fn_names: client_method_names(security_schemes),
        diagnostics: Vec::new(),
    };
    // Sized up front, as the lists below: the lowered service stays in memory while it is
    // formatted, and a `Vec` grown by pushing keeps up to twice the room it needs.
    let mut operations =
        Vec::with_capacity(spec.paths.iter().map(|path| path.operations.len()).sum());
    for spec_path in &spec.paths {
        let path = spec_path.path.as_str();
        if spec_path.reference.is_some() {
            lowering.warn(
                &pointer(&["paths", path]),
                "a `$ref` path item is not supported; its operations are skipped",
            );
            continue;
        }
        for (method, operation) in &spec_path.operations {
            let at = pointer(&["paths", path, method.key()]);
            let lowered = lowering.operation(
                path,
                method_of(*method),
                operation,
                &spec_path.parameters,
                &at,
            );
            operations.push(lowered);
        }
    }
    (operations, lowering.diagnostics)
}

/// The names of the methods every `Client` has: constructors and credential setters.
pub fn client_method_names(security_schemes: &[SecurityScheme]) -> Namespace {
    let mut names = Namespace::with_reserved(&[
        "new",
        "with_base_url",
        "with_http_client",
        "with_timeout",
        "with_connect_timeout",
        "with_retry_policy",
        "with_options",
        "base_url",
        "http_client",
    ]);
    for scheme in security_schemes {
        names.claim(&scheme.setter);
    }
    names
}

/// The IR's method for the loaded one.
fn method_of(method: SpecMethod) -> Method {
    match method {
        SpecMethod::Get => Method::Get,
        SpecMethod::Put => Method::Put,
        SpecMethod::Post => Method::Post,
        SpecMethod::Delete => Method::Delete,
        SpecMethod::Options => Method::Options,
        SpecMethod::Head => Method::Head,
        SpecMethod::Patch => Method::Patch,
        SpecMethod::Trace => Method::Trace,
    }
}

struct OperationLowering<'a, 's> {
    spec: &'a LoadedSpec,
    schemas: &'s mut SchemaLowering<'a>,
    security_schemes: &'s [SecurityScheme],
    fn_names: Namespace,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> OperationLowering<'a, '_> {
    fn warn(&mut self, at: &str, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(&self.spec.path, at, message));
    }

    fn error(&mut self, at: &str, message: impl Into<String>, help: &str) {
        self.diagnostics
            .push(Diagnostic::error(&self.spec.path, at, message).with_help(help));
    }

    fn operation(
        &mut self,
        path: &str,
        method: Method,
        operation: &'a SpecOperation,
        path_parameters: &'a [ReferenceOr<Parameter>],
        at: &str,
    ) -> Operation {
        let raw_name = match &operation.operation_id {
            Some(id) => id.clone(),
            None => format!(
                "{} {}",
                method.as_str().to_lowercase(),
                path.replace('{', " by ").replace('}', "")
            ),
        };
        let candidate = names::snake_case(&raw_name, "operation");
        let fn_name = self.fn_names.claim(&candidate);
        if fn_name != candidate {
            self.warn(
                &format!("{at}/operationId"),
                format!(
                    "operation `{raw_name}` becomes the Rust method `{}`, which another operation or the client already has; it is named `{}` instead",
                    names::unraw(&candidate),
                    names::unraw(&fn_name)
                ),
            );
        }
        let type_stem = names::pascal_case(&raw_name, "Operation", "Operation");

        let mut docs = Vec::new();
        if let Some(summary) = &operation.summary {
            docs.extend(doc_lines(summary));
        }
        if let Some(description) = &operation.description {
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.extend(doc_lines(description));
        }
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!("`{} {}`", method.as_str(), path));

        let mut param_names = Namespace::with_reserved(LOCAL_NAMES);
        let merged = self.merged_parameters(path_parameters, &operation.parameters, at);
        let mut params = Vec::with_capacity(merged.len());
        let mut param_pointers = Vec::new();
        for (parameter, parameter_at) in merged {
            params.push(self.parameter(parameter, &type_stem, &parameter_at, &mut param_names));
            param_pointers.push(parameter_at);
        }
        let path_pieces = self.path_pieces(path, &params, &param_pointers, at);
        let body = match &operation.request_body {
            Some(body) => self.request_body(body, &type_stem, &format!("{at}/requestBody")),
            None => None,
        };
        let params_struct = group_parameters(&mut params, body.is_some())
            .then(|| self.schemas.claim_type_name(&format!("{type_stem}Params")));
        let (success, errors, accept) = self.responses(operation, &type_stem, at);
        let error_enum = self.schemas.claim_type_name(&format!("{type_stem}Error"));
        let security = self.security(operation);
        Operation {
            fn_name,
            operation_id: operation
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {path}", method.as_str())),
            docs,
            method,
            path: path_pieces,
            path_template: path.to_string(),
            params,
            params_struct,
            body,
            security,
            accept,
            success,
            error_enum,
            errors,
            tag: operation.tags.first().cloned(),
        }
    }

    /// Path-item parameters overridden by operation parameters of the same name and location.
    fn merged_parameters(
        &mut self,
        path_parameters: &'a [ReferenceOr<Parameter>],
        operation_parameters: &'a [ReferenceOr<Parameter>],
        at: &str,
    ) -> Vec<(&'a Parameter, String)> {
        let path_at = at.rsplit_once('/').map_or(at, |(parent, _)| parent);
        let mut merged: Vec<(&'a Parameter, String)> = Vec::new();
        let sources = [
            (path_parameters, format!("{path_at}/parameters")),
            (operation_parameters, format!("{at}/parameters")),
        ];
        for (parameters, list_at) in sources {
            for (index, parameter) in parameters.iter().enumerate() {
                let parameter_at = format!("{list_at}/{index}");
                let Some(parameter) = self.resolve_parameter(parameter, &parameter_at) else {
                    continue;
                };
                let same = merged.iter().position(|(existing, _)| {
                    existing.name == parameter.name && existing.location == parameter.location
                });
                match same {
                    Some(position) => merged[position] = (parameter, parameter_at),
                    None => merged.push((parameter, parameter_at)),
                }
            }
        }
        merged
    }

    fn resolve_parameter(
        &mut self,
        parameter: &'a ReferenceOr<Parameter>,
        at: &str,
    ) -> Option<&'a Parameter> {
        self.resolve_or_report(
            parameter,
            |components| &components.parameters,
            ("parameters", "parameter"),
            "define the parameter under `components.parameters`, or fix the `$ref`",
            at,
        )
    }

    /// What a `ReferenceOr` holds, or what its `$ref` (or chain of them) points at under
    /// `components.<section>`; an error at the `$ref` when it points at nothing.
    fn resolve_or_report<T>(
        &mut self,
        value: &'a ReferenceOr<T>,
        section_of: impl FnOnce(&'a Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
        (section, what): (&str, &str),
        help: &str,
        at: &str,
    ) -> Option<&'a T> {
        let reference = match value {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => reference,
        };
        let prefix = format!("#/components/{section}/");
        let found =
            super::resolve_component(section_of(&self.spec.api.components), &prefix, reference);
        if found.is_none() {
            self.error(
                &format!("{at}/$ref"),
                format!(
                    "unresolved `$ref: {reference}`: no such {what} under `components.{section}`"
                ),
                help,
            );
        }
        found
    }

    fn parameter(
        &mut self,
        parameter: &'a Parameter,
        type_stem: &str,
        at: &str,
        param_names: &mut Namespace,
    ) -> Param {
        let style = styles::param_style(parameter.style);
        let place = Place::Parameter(parameter.location);
        let explode = styles::explode(place, style, parameter.explode);
        let shape = match &parameter.format {
            ParameterSchemaOrContent::Schema(schema) => styles::shape_of(self.schemas, schema),
            ParameterSchemaOrContent::Content(_) => Shape::Unknown,
        };
        self.report_style(
            styles::check(place, style, parameter.explode, shape),
            &format!("{at}/style"),
        );
        let location = match parameter.location {
            ParameterLocation::Query => ParamLocation::Query,
            ParameterLocation::Header => ParamLocation::Header,
            ParameterLocation::Path => ParamLocation::Path,
            ParameterLocation::Cookie => ParamLocation::Cookie,
        };
        let context = format!(
            "{type_stem}{}",
            names::pascal_case(&parameter.name, "Param", "Param")
        );
        let ty = match &parameter.format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.schemas
                    .type_of(schema, &context, &format!("{at}/schema"))
            }
            ParameterSchemaOrContent::Content(content) => match content.first() {
                Some((_, media)) => match &media.schema {
                    Some(schema) => {
                        self.schemas
                            .type_of(schema, &context, &format!("{at}/content"))
                    }
                    None => TypeRef::String,
                },
                None => TypeRef::String,
            },
        };
        let json_text = match &parameter.format {
            ParameterSchemaOrContent::Content(content) => content
                .first()
                .is_some_and(|(media_type, _)| media::classify(media_type) == MediaKind::Json),
            ParameterSchemaOrContent::Schema(_) => false,
        };
        let mut docs = Vec::new();
        if let Some(description) = &parameter.description {
            docs.extend(doc_lines(description));
        }
        let format_note = match &parameter.format {
            ParameterSchemaOrContent::Schema(schema) => self.schemas.format_note_of(schema, &ty),
            ParameterSchemaOrContent::Content(_) => None,
        };
        if let Some(note) = format_note {
            // The first line is what the method's docs show of a parameter.
            match docs.first_mut() {
                Some(first) if !first.starts_with("```") => {
                    first.push(' ');
                    first.push_str(&note);
                }
                _ => docs.insert(0, note),
            }
        }
        Param {
            name: param_names.claim(&names::snake_case(&parameter.name, "param")),
            wire_name: parameter.name.clone(),
            location,
            ty,
            required: parameter.required || location == ParamLocation::Path,
            docs,
            style,
            explode,
            grouped: false,
            json_text,
        }
    }

    fn report_style(&mut self, problem: Option<StyleProblem>, at: &str) {
        match problem {
            Some(StyleProblem::Error { message, help }) => self.error(at, message, help),
            Some(StyleProblem::Warning(message)) => self.warn(at, message),
            None => {}
        }
    }

    /// The `encoding` entries of a form body that change how a property is spelled; a warning
    /// for an entry that names no property of the body's schema.
    fn form_encodings(&mut self, media: &'a MediaType, content_at: &str) -> Vec<FormProperty> {
        let properties = media
            .schema
            .as_ref()
            .and_then(|schema| self.object_properties(schema));
        let mut encodings = Vec::new();
        for (property, encoding) in &media.encoding {
            let at = format!("{content_at}/encoding/{}", pointer_segment(property));
            let schema = properties.and_then(|properties| {
                properties
                    .iter()
                    .find(|(name, _)| name == property)
                    .map(|(_, schema)| schema)
            });
            if properties.is_some() && schema.is_none() {
                self.warn(
                    &at,
                    format!("`encoding` names `{property}`, which the body's schema does not declare; it is ignored"),
                );
                continue;
            }
            let shape = schema.map_or(Shape::Unknown, |schema| {
                styles::shape_of(self.schemas, schema)
            });
            let form_encoding = match (encoding.style, &encoding.content_type) {
                (Some(style), _) => {
                    let style = styles::param_style(style);
                    let problem =
                        styles::check(Place::FormProperty, style, encoding.explode, shape);
                    self.report_style(problem, &format!("{at}/style"));
                    FormEncoding::Style {
                        style,
                        explode: styles::explode(Place::FormProperty, style, encoding.explode),
                    }
                }
                (None, Some(content_type)) if media::classify(content_type) == MediaKind::Json => {
                    FormEncoding::Json
                }
                (None, _) => match encoding.explode {
                    Some(explode) => FormEncoding::Style {
                        style: ParamStyle::Form,
                        explode,
                    },
                    None => continue,
                },
            };
            encodings.push(FormProperty {
                wire_name: property.clone(),
                encoding: form_encoding,
            });
        }
        encodings
    }

    /// How one field of a multipart body is sent: bytes as a file part with the media type its
    /// `encoding` gives (the first, when it lists several; `application/octet-stream` for none
    /// or a wildcard), objects and arrays as JSON, anything else as text.
    /// The parts of a multipart body of the model `name`: the fields of a struct, or for an enum
    /// (a `oneOf`/`anyOf`), the fields of each variant's struct. `None` when they are not that.
    fn multipart_parts(
        &self,
        name: &str,
        properties: Option<&'a Properties>,
        media: &'a MediaType,
    ) -> Option<MultipartParts> {
        if let Some(fields) = self.schemas.struct_fields(name) {
            return Some(MultipartParts::Fields(
                self.fields_as_parts(fields, properties, media),
            ));
        }
        let (alternatives, catch_all) = self.schemas.data_variants(name)?;
        let variants = alternatives
            .iter()
            .map(|variant| {
                let struct_name = match &variant.ty {
                    TypeRef::Named(name) => name,
                    TypeRef::Boxed(inner) => match inner.as_ref() {
                        TypeRef::Named(name) => name,
                        _ => return None,
                    },
                    _ => return None,
                };
                let fields = self.schemas.struct_fields(struct_name)?;
                Some(MultipartVariant {
                    name: variant.name.clone(),
                    parts: self.fields_as_parts(fields, None, media),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(MultipartParts::OneOf {
            variants,
            catch_all: catch_all.then(|| "Unknown".to_string()),
        })
    }

    fn fields_as_parts(
        &self,
        fields: &[crate::ir::Field],
        properties: Option<&'a Properties>,
        media: &'a MediaType,
    ) -> Vec<MultipartPart> {
        fields
            .iter()
            .map(|field| MultipartPart {
                field: field.name.clone(),
                wire_name: field.wire_name.clone(),
                required: field.required,
                nullable: field.nullable,
                kind: self.part_kind(field, properties, media),
            })
            .collect()
    }

    fn part_kind(
        &self,
        field: &crate::ir::Field,
        properties: Option<&'a Properties>,
        media: &'a MediaType,
    ) -> PartKind {
        if field.ty == TypeRef::Bytes {
            let content_type = media
                .encoding
                .iter()
                .find(|(property, _)| *property == field.wire_name)
                .and_then(|(_, encoding)| encoding.content_type.as_deref())
                .and_then(|types| types.split(',').next())
                .map(str::trim)
                .filter(|content_type| media::is_valid(content_type) && !content_type.contains('*'))
                .unwrap_or("application/octet-stream");
            return PartKind::File {
                content_type: content_type.to_string(),
            };
        }
        let schema = properties.and_then(|properties| {
            properties
                .iter()
                .find(|(name, _)| *name == field.wire_name)
                .map(|(_, schema)| schema)
        });
        let shape = match schema {
            Some(schema) => styles::shape_of(self.schemas, schema),
            None => Shape::Unknown,
        };
        match (shape, &field.ty) {
            (Shape::Array | Shape::Object, _) => PartKind::Json,
            (_, TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Json) => PartKind::Json,
            (_, TypeRef::Named(name)) if self.schemas.struct_fields(name).is_some() => {
                PartKind::Json
            }
            _ => PartKind::Text,
        }
    }

    /// The properties of an object schema (through `$ref`s), when it is one.
    fn object_properties(&self, schema: &'a ReferenceOr<Schema>) -> Option<&'a Properties> {
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => self.schemas.resolve_reference(reference)?,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => Some(&object.properties),
            SchemaKind::Any(any) if !any.properties.is_empty() => Some(&any.properties),
            _ => None,
        }
    }

    /// The path template split into literals and parameters; `param_pointers` are where each
    /// parameter is declared, for the error when one is missing from the template.
    fn path_pieces(
        &mut self,
        path: &str,
        params: &[Param],
        param_pointers: &[String],
        at: &str,
    ) -> Vec<PathPiece> {
        let mut pieces = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|offset| open + offset) else {
                break;
            };
            if open > 0 {
                pieces.push(PathPiece::Literal(rest[..open].to_string()));
            }
            let name = &rest[open + 1..close];
            let found = params
                .iter()
                .position(|param| param.location == ParamLocation::Path && param.wire_name == name);
            match found {
                Some(index) => pieces.push(PathPiece::Param(index)),
                None => {
                    self.error(
                        at,
                        format!("path template `{path}` names `{{{name}}}`, but the operation declares no path parameter `{name}`"),
                        "declare it under `parameters` with `in: path` and `required: true`",
                    );
                    pieces.push(PathPiece::Literal(rest[open..=close].to_string()));
                }
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(PathPiece::Literal(rest.to_string()));
        }
        for (param, param_at) in params.iter().zip(param_pointers) {
            if param.location != ParamLocation::Path {
                continue;
            }
            if !path.contains(&format!("{{{}}}", param.wire_name)) {
                self.error(
                    param_at,
                    format!("path parameter `{}` is declared, but the path template `{path}` has no `{{{}}}`", param.wire_name, param.wire_name),
                    "add the parameter to the path template, or remove its declaration",
                );
            }
        }
        pieces
    }

    fn request_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        type_stem: &str,
        at: &str,
    ) -> Option<Body> {
        let body = self.resolve_or_report(
            body,
            |components| &components.request_bodies,
            ("requestBodies", "request body"),
            "define it under `components.requestBodies`, or fix the `$ref`",
            at,
        )?;
        let usable = self.usable_content(&body.content, at);
        let (media_type, media) = media::preferred(usable.into_iter())?;
        let content_at = format!(
            "{at}/content/{}",
            crate::diagnostics::pointer_segment(media_type)
        );
        let context = format!("{type_stem}Body");
        let encoding = match media::classify(media_type) {
            MediaKind::Json => {
                let ty = match &media.schema {
                    Some(schema) => {
                        self.schemas
                            .type_of(schema, &context, &format!("{content_at}/schema"))
                    }
                    None => TypeRef::Json,
                };
                BodyEncoding::Json(ty)
            }
            MediaKind::Form => {
                let ty = match &media.schema {
                    Some(schema) => {
                        self.schemas
                            .type_of(schema, &context, &format!("{content_at}/schema"))
                    }
                    None => TypeRef::Map(Box::new(TypeRef::String)),
                };
                let encodings = self.form_encodings(media, &content_at);
                BodyEncoding::Form { ty, encodings }
            }
            MediaKind::Text => {
                let claims = match &media.schema {
                    Some(schema) if !self.schemas.is_string_schema(schema) => Some(
                        self.schemas
                            .type_of(schema, &context, &format!("{content_at}/schema")),
                    ),
                    _ => None,
                };
                BodyEncoding::Text { claims }
            }
            MediaKind::Multipart => {
                let ty = match &media.schema {
                    Some(schema) => {
                        let at = format!("{content_at}/schema");
                        self.schemas.multipart_type_of(schema, &context, &at)
                    }
                    None => TypeRef::Json,
                };
                let properties = media
                    .schema
                    .as_ref()
                    .and_then(|schema| self.object_properties(schema));
                let parts = match &ty {
                    TypeRef::Named(name) => self.multipart_parts(name, properties, media),
                    _ => None,
                };
                match parts {
                    Some(parts) => BodyEncoding::Multipart { ty, parts },
                    None => {
                        self.warn(
                            &content_at,
                            "a multipart body whose schema is neither an object of properties nor a `oneOf`/`anyOf` of objects is sent as raw bytes",
                        );
                        BodyEncoding::Bytes
                    }
                }
            }
            MediaKind::Bytes => BodyEncoding::Bytes,
        };
        let mut docs = Vec::new();
        if let Some(description) = &body.description {
            docs.extend(doc_lines(description));
        }
        Some(Body {
            media_type: media_type.clone(),
            encoding,
            required: body.required,
            docs,
        })
    }

    fn responses(
        &mut self,
        operation: &'a SpecOperation,
        type_stem: &str,
        at: &str,
    ) -> (Success, Vec<Response>, Option<String>) {
        let mut accept: Vec<String> = Vec::new();
        let mut successes = Vec::new();
        let mut errors = Vec::new();
        let mut entries: Vec<(StatusMatch, &'a ReferenceOr<SpecResponse>, String)> = Vec::new();
        for (code, response) in &operation.responses.responses {
            let (status, key) = match *code {
                StatusCode::Code(code) => (StatusMatch::Code(code), code.to_string()),
                StatusCode::Range(class) => (StatusMatch::Range(class), format!("{class}XX")),
            };
            entries.push((status, response, pointer(&["responses", &key])));
        }
        if let Some(default) = &operation.responses.default {
            entries.push((
                StatusMatch::Default,
                default,
                pointer(&["responses", "default"]),
            ));
        }
        for (status, response, relative) in entries {
            let response_at = format!("{at}{}", &relative[1..]);
            let Some(response) = self.resolve_response(response, &response_at) else {
                continue;
            };
            for media_type in response
                .content
                .iter()
                .map(|(media_type, _)| media_type)
                .filter(|media_type| media::is_valid(media_type))
            {
                if !accept.contains(media_type) {
                    accept.push(media_type.clone());
                }
            }
            let (variant, role) = match status {
                StatusMatch::Code(code) => (names::status_variant(code), code.to_string()),
                StatusMatch::Range(class) => {
                    (names::status_range_variant(class), format!("{class}XX"))
                }
                StatusMatch::Default => ("Default".to_string(), "Default".to_string()),
            };
            let context = format!("{type_stem}Response{role}");
            let body = self.response_body(response, &context, &response_at);
            let mut docs = doc_lines(&response.description);
            if docs.is_empty() {
                docs.push(format!("Status {role}."));
            }
            let lowered = Response {
                status,
                variant,
                docs,
                body,
            };
            let is_success = match status {
                StatusMatch::Code(code) => (200..300).contains(&code),
                StatusMatch::Range(class) => class == 2,
                StatusMatch::Default => false,
            };
            if is_success {
                successes.push(lowered);
            } else {
                errors.push(lowered);
            }
        }
        let success = self.success(successes, &errors, type_stem);
        let accept = (!accept.is_empty()).then(|| accept.join(", "));
        errors.shrink_to_fit();
        (success, errors, accept)
    }

    fn success(
        &mut self,
        successes: Vec<Response>,
        errors: &[Response],
        type_stem: &str,
    ) -> Success {
        if successes.is_empty() {
            // With no success documented, a 2xx answer carries what `default` describes.
            let default_body = errors
                .iter()
                .find(|response| response.status == StatusMatch::Default)
                .and_then(|response| response.body.clone());
            return Success::Single {
                statuses: vec![StatusMatch::Range(2)],
                body: default_body,
            };
        }
        let first_body = successes.first().and_then(|response| response.body.clone());
        let all_same = successes.iter().all(|response| response.body == first_body);
        if all_same {
            Success::Single {
                statuses: successes.iter().map(|response| response.status).collect(),
                body: first_body,
            }
        } else {
            Success::Enum {
                name: self
                    .schemas
                    .claim_type_name(&format!("{type_stem}Response")),
                responses: successes,
            }
        }
    }

    fn resolve_response(
        &mut self,
        response: &'a ReferenceOr<SpecResponse>,
        at: &str,
    ) -> Option<&'a SpecResponse> {
        self.resolve_or_report(
            response,
            |components| &components.responses,
            ("responses", "response"),
            "define it under `components.responses`, or fix the `$ref`",
            at,
        )
    }

    /// The entries of a `content` map whose keys are media types; a warning for each other key.
    fn usable_content(
        &mut self,
        content: &'a [(String, MediaType)],
        at: &str,
    ) -> Vec<(&'a String, &'a MediaType)> {
        let mut usable = Vec::new();
        for (media_type, media) in content {
            if media::is_valid(media_type) {
                usable.push((media_type, media));
            } else {
                let key_at = format!(
                    "{at}/content/{}",
                    crate::diagnostics::pointer_segment(media_type)
                );
                self.warn(
                    &key_at,
                    format!("`{media_type}` is not a media type (`type/subtype`, e.g. `application/json`); this entry is ignored"),
                );
            }
        }
        usable
    }

    fn response_body(
        &mut self,
        response: &'a SpecResponse,
        context: &str,
        at: &str,
    ) -> Option<ResponseBody> {
        let usable = self.usable_content(&response.content, at);
        let (media_type, media) = media::preferred(usable.into_iter())?;
        let content_at = format!(
            "{at}/content/{}",
            crate::diagnostics::pointer_segment(media_type)
        );
        let body = match media::classify(media_type) {
            MediaKind::Json => match &media.schema {
                Some(schema) => ResponseBody::Json(self.schemas.type_of(
                    schema,
                    context,
                    &format!("{content_at}/schema"),
                )),
                None => ResponseBody::Json(TypeRef::Json),
            },
            MediaKind::Text | MediaKind::Form => ResponseBody::Text,
            MediaKind::Bytes | MediaKind::Multipart => match &media.schema {
                Some(schema)
                    if media_type.starts_with("*/*") && !self.schemas.is_string_schema(schema) =>
                {
                    ResponseBody::Json(self.schemas.type_of(
                        schema,
                        context,
                        &format!("{content_at}/schema"),
                    ))
                }
                _ => ResponseBody::Bytes,
            },
        };
        Some(body)
    }

    fn security(&mut self, operation: &'a SpecOperation) -> Vec<usize> {
        let requirements = operation
            .security
            .as_ref()
            .or(self.spec.api.security.as_ref());
        let mut indices = Vec::new();
        for requirement in requirements.into_iter().flatten() {
            for scheme_name in requirement {
                if let Some(index) = self
                    .security_schemes
                    .iter()
                    .position(|scheme| &scheme.key == scheme_name)
                {
                    if !indices.contains(&index) {
                        indices.push(index);
                    }
                }
            }
        }
        indices
    }
}

/// Marks the parameters an operation takes in a struct, and says whether there are any: its
/// optional parameters when there are more than [`MAX_OPTIONAL_ARGUMENTS`] of them or more than
/// [`MAX_ARGUMENTS`] arguments in all, and its required ones too when they alone (with the body
/// and the struct) would still be too many. The body always stays an argument of its own.
fn group_parameters(params: &mut [Param], has_body: bool) -> bool {
    let optional = params.iter().filter(|param| !param.required).count();
    let required = params.len() - optional + usize::from(has_body);
    if optional <= MAX_OPTIONAL_ARGUMENTS && required + optional <= MAX_ARGUMENTS {
        return false;
    }
    let group_required = required + 1 > MAX_ARGUMENTS;
    for param in params.iter_mut() {
        param.grouped = group_required || !param.required;
    }
    true
}
