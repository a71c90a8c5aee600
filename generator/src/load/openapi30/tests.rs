//! Tests of the OpenAPI 3.0 front end: our model against `openapiv3`'s on every spec at hand,
//! and the failures of malformed nodes, each at its own pointer.

use serde_json::{json, Value};
use std::fmt::Write;
use std::path::Path;

use super::convert::{Failure, Pieces};
use crate::load::model::*;
use crate::load::reader::parse_document;
use crate::load::SpecPath;

/// One line per node of what the later stages read, from our model.
fn dump_schema(out: &mut String, at: &str, schema: &ReferenceOr<impl std::borrow::Borrow<Schema>>) {
    let schema = match schema {
        ReferenceOr::Reference { reference } => {
            return writeln!(out, "{at} $ref {reference}").unwrap()
        }
        ReferenceOr::Item(schema) => schema.borrow(),
    };
    let data = &schema.schema_data;
    let discriminator = data
        .discriminator
        .as_ref()
        .map(|d| (&d.property_name, &d.mapping));
    writeln!(
        out,
        "{at} {} {} {} {:?} {:?} {discriminator:?}",
        data.nullable, data.read_only, data.write_only, data.title, data.description
    )
    .unwrap();
    let list = |out: &mut String, key: &str, parts: &[ReferenceOr<Schema>]| {
        for (index, part) in parts.iter().enumerate() {
            dump_schema(out, &format!("{at}/{key}/{index}"), part);
        }
    };
    let object = |out: &mut String,
                  properties: &[(String, ReferenceOr<Box<Schema>>)],
                  required: &[String],
                  additional: &Option<AdditionalProperties>| {
        writeln!(out, "{at} required {required:?}").unwrap();
        for (name, property) in properties {
            dump_schema(out, &format!("{at}/properties/{name}"), property);
        }
        match additional {
            Some(AdditionalProperties::Any(allowed)) => {
                writeln!(out, "{at} additional {allowed}").unwrap()
            }
            Some(AdditionalProperties::Schema(schema)) => {
                dump_schema(out, &format!("{at}/additionalProperties"), schema)
            }
            None => {}
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => writeln!(
            out,
            "{at} string {:?} {:?}",
            string.format, string.enumeration
        )
        .unwrap(),
        SchemaKind::Type(Type::Number(number)) => {
            writeln!(out, "{at} number {:?}", number.format).unwrap()
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            writeln!(out, "{at} integer {:?}", integer.format).unwrap()
        }
        SchemaKind::Type(Type::Boolean) => writeln!(out, "{at} boolean").unwrap(),
        SchemaKind::Type(Type::Object(shape)) => {
            writeln!(out, "{at} object").unwrap();
            object(
                out,
                &shape.properties,
                &shape.required,
                &shape.additional_properties,
            );
        }
        SchemaKind::Type(Type::Array(array)) => {
            writeln!(out, "{at} array").unwrap();
            if let Some(items) = &array.items {
                dump_schema(out, &format!("{at}/items"), items);
            }
        }
        SchemaKind::OneOf { one_of } => list(out, "oneOf", one_of),
        SchemaKind::AllOf { all_of } => list(out, "allOf", all_of),
        SchemaKind::AnyOf { any_of } => list(out, "anyOf", any_of),
        SchemaKind::Not { not } => dump_schema(out, &format!("{at}/not"), not),
        SchemaKind::Any(any) => {
            writeln!(out, "{at} any {:?}", any.typ).unwrap();
            object(
                out,
                &any.properties,
                &any.required,
                &any.additional_properties,
            );
            list(out, "oneOf", &any.one_of);
            list(out, "allOf", &any.all_of);
            list(out, "anyOf", &any.any_of);
        }
    }
}

/// The same lines, from `openapiv3`'s types.
fn dump_openapiv3_schema(
    out: &mut String,
    at: &str,
    schema: &openapiv3::ReferenceOr<impl std::borrow::Borrow<openapiv3::Schema>>,
) {
    use openapiv3::{AdditionalProperties as Additional, SchemaKind as Kind, Type as T};
    let schema = match schema {
        openapiv3::ReferenceOr::Reference { reference } => {
            return writeln!(out, "{at} $ref {reference}").unwrap()
        }
        openapiv3::ReferenceOr::Item(schema) => schema.borrow(),
    };
    let data = &schema.schema_data;
    let discriminator = data.discriminator.as_ref().map(|d| {
        let mapping: Vec<(String, String)> = d
            .mapping
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        (&d.property_name, mapping)
    });
    let discriminator = discriminator
        .as_ref()
        .map(|(name, mapping)| (*name, mapping));
    writeln!(
        out,
        "{at} {} {} {} {:?} {:?} {discriminator:?}",
        data.nullable, data.read_only, data.write_only, data.title, data.description
    )
    .unwrap();
    let list =
        |out: &mut String, key: &str, parts: &[openapiv3::ReferenceOr<openapiv3::Schema>]| {
            for (index, part) in parts.iter().enumerate() {
                dump_openapiv3_schema(out, &format!("{at}/{key}/{index}"), part);
            }
        };
    let object = |out: &mut String,
                  properties: &indexmap::IndexMap<
        String,
        openapiv3::ReferenceOr<Box<openapiv3::Schema>>,
    >,
                  required: &[String],
                  additional: &Option<Additional>| {
        writeln!(out, "{at} required {required:?}").unwrap();
        for (name, property) in properties {
            dump_openapiv3_schema(out, &format!("{at}/properties/{name}"), property);
        }
        match additional {
            Some(Additional::Any(allowed)) => writeln!(out, "{at} additional {allowed}").unwrap(),
            Some(Additional::Schema(schema)) => {
                dump_openapiv3_schema(out, &format!("{at}/additionalProperties"), schema)
            }
            None => {}
        }
    };
    let format = |format: &dyn std::fmt::Debug| {
        let text = format!("{format:?}");
        match text.as_str() {
            "Empty" => "None".to_string(),
            // `Item(DateTime)` is `date-time` in the spec; `Unknown("x")` is `x`.
            _ if text.starts_with("Item(") => {
                let variant = text["Item(".len()..text.len() - 1].to_lowercase();
                format!(
                    "Some({:?})",
                    if variant == "datetime" {
                        "date-time".to_string()
                    } else {
                        variant
                    }
                )
            }
            _ => format!("Some({})", &text["Unknown(".len()..text.len() - 1]),
        }
    };
    match &schema.schema_kind {
        Kind::Type(T::String(string)) => {
            let values: Vec<&String> = string.enumeration.iter().flatten().collect();
            writeln!(out, "{at} string {} {values:?}", format(&string.format)).unwrap()
        }
        Kind::Type(T::Number(number)) => {
            writeln!(out, "{at} number {}", format(&number.format)).unwrap()
        }
        Kind::Type(T::Integer(integer)) => {
            writeln!(out, "{at} integer {}", format(&integer.format)).unwrap()
        }
        Kind::Type(T::Boolean(_)) => writeln!(out, "{at} boolean").unwrap(),
        Kind::Type(T::Object(shape)) => {
            writeln!(out, "{at} object").unwrap();
            object(
                out,
                &shape.properties,
                &shape.required,
                &shape.additional_properties,
            );
        }
        Kind::Type(T::Array(array)) => {
            writeln!(out, "{at} array").unwrap();
            if let Some(items) = &array.items {
                dump_openapiv3_schema(out, &format!("{at}/items"), items);
            }
        }
        Kind::OneOf { one_of } => list(out, "oneOf", one_of),
        Kind::AllOf { all_of } => list(out, "allOf", all_of),
        Kind::AnyOf { any_of } => list(out, "anyOf", any_of),
        Kind::Not { not } => dump_openapiv3_schema(out, &format!("{at}/not"), not),
        Kind::Any(any) => {
            writeln!(out, "{at} any {:?}", any.typ).unwrap();
            object(
                out,
                &any.properties,
                &any.required,
                &any.additional_properties,
            );
            list(out, "oneOf", &any.one_of);
            list(out, "allOf", &any.all_of);
            list(out, "anyOf", &any.any_of);
        }
    }
}

/// Every schema of the document and every operation's parameters and responses, from our model.
fn dump(document: &Document, paths: &[SpecPath]) -> String {
    let mut out = String::new();
    for (name, schema) in &document.components.schemas {
        dump_schema(&mut out, &format!("schemas/{name}"), schema);
    }
    for path in paths {
        for (method, operation) in &path.operations {
            let at = format!("{} {}", path.path, method.key());
            writeln!(
                out,
                "{at} {:?} {:?} {:?} {:?}",
                operation.operation_id,
                operation.summary,
                operation.description,
                operation.security
            )
            .unwrap();
            for parameter in path.parameters.iter().chain(&operation.parameters) {
                match parameter {
                    ReferenceOr::Reference { reference } => {
                        writeln!(out, "{at} parameter $ref {reference}").unwrap()
                    }
                    ReferenceOr::Item(parameter) => {
                        writeln!(
                            out,
                            "{at} parameter {} {:?} {} {:?} {:?}",
                            parameter.name,
                            parameter.location,
                            parameter.required,
                            parameter.style,
                            parameter.explode
                        )
                        .unwrap();
                        if let ParameterSchemaOrContent::Schema(schema) = &parameter.format {
                            dump_schema(
                                &mut out,
                                &format!("{at} parameter {}", parameter.name),
                                schema,
                            );
                        }
                    }
                }
            }
            let responses = operation
                .responses
                .responses
                .iter()
                .map(|(status, response)| (format!("{status:?}"), response));
            for (status, response) in responses.chain(
                operation
                    .responses
                    .default
                    .iter()
                    .map(|response| ("default".to_string(), response)),
            ) {
                match response {
                    ReferenceOr::Reference { reference } => {
                        writeln!(out, "{at} {status} $ref {reference}").unwrap()
                    }
                    ReferenceOr::Item(response) => {
                        writeln!(out, "{at} {status} {:?}", response.description).unwrap();
                        for (media_type, media) in &response.content {
                            if let Some(schema) = &media.schema {
                                dump_schema(
                                    &mut out,
                                    &format!("{at} {status} {media_type}"),
                                    schema,
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

fn dump_openapiv3(api: &openapiv3::OpenAPI) -> String {
    let mut out = String::new();
    for (name, schema) in api
        .components
        .iter()
        .flat_map(|components| &components.schemas)
    {
        dump_openapiv3_schema(&mut out, &format!("schemas/{name}"), schema);
    }
    for (path, item) in &api.paths.paths {
        let openapiv3::ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let at = format!("{path} {method}");
            let security: Option<Vec<Vec<&String>>> = operation.security.as_ref().map(|list| {
                list.iter()
                    .map(|requirement| requirement.keys().collect())
                    .collect()
            });
            writeln!(
                out,
                "{at} {:?} {:?} {:?} {security:?}",
                operation.operation_id, operation.summary, operation.description
            )
            .unwrap();
            for parameter in item.parameters.iter().chain(&operation.parameters) {
                match parameter {
                    openapiv3::ReferenceOr::Reference { reference } => {
                        writeln!(out, "{at} parameter $ref {reference}").unwrap()
                    }
                    openapiv3::ReferenceOr::Item(parameter) => {
                        let data = parameter.parameter_data_ref();
                        let (location, style) = match parameter {
                            openapiv3::Parameter::Query { style, .. } => {
                                ("Query", format!("{style:?}"))
                            }
                            openapiv3::Parameter::Header { style, .. } => {
                                ("Header", format!("{style:?}"))
                            }
                            openapiv3::Parameter::Path { style, .. } => {
                                ("Path", format!("{style:?}"))
                            }
                            openapiv3::Parameter::Cookie { style, .. } => {
                                ("Cookie", format!("{style:?}"))
                            }
                        };
                        writeln!(
                            out,
                            "{at} parameter {} {location} {} {style} {:?}",
                            data.name, data.required, data.explode
                        )
                        .unwrap();
                        if let openapiv3::ParameterSchemaOrContent::Schema(schema) = &data.format {
                            dump_openapiv3_schema(
                                &mut out,
                                &format!("{at} parameter {}", data.name),
                                schema,
                            );
                        }
                    }
                }
            }
            let responses = operation
                .responses
                .responses
                .iter()
                .map(|(status, response)| {
                    let status = match status {
                        openapiv3::StatusCode::Code(code) => format!("Code({code})"),
                        openapiv3::StatusCode::Range(class) => format!("Range({class})"),
                    };
                    (status, response)
                });
            for (status, response) in responses.chain(
                operation
                    .responses
                    .default
                    .iter()
                    .map(|response| ("default".to_string(), response)),
            ) {
                match response {
                    openapiv3::ReferenceOr::Reference { reference } => {
                        writeln!(out, "{at} {status} $ref {reference}").unwrap()
                    }
                    openapiv3::ReferenceOr::Item(response) => {
                        writeln!(out, "{at} {status} {:?}", response.description).unwrap();
                        for (media_type, media) in &response.content {
                            if let Some(schema) = &media.schema {
                                dump_openapiv3_schema(
                                    &mut out,
                                    &format!("{at} {status} {media_type}"),
                                    schema,
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// On every spec at hand that `openapiv3` reads, our model holds what `openapiv3`'s does:
/// the same kind for every schema, the same parameters and responses for every operation.
#[test]
fn reads_what_openapiv3_reads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs = vec![
        root.join("../shared/corpus/big/github-api.json"),
        root.join("../shared/corpus/big/stripe-2023-08-09.yaml"),
    ];
    for directory in ["specs", "tests/fixtures", "../shared/corpus"] {
        for entry in std::fs::read_dir(root.join(directory)).unwrap() {
            specs.push(entry.unwrap().path());
        }
    }
    let mut compared = 0;
    for spec in specs.iter().filter(|spec| spec.is_file()) {
        let text = std::fs::read_to_string(spec).unwrap();
        let Ok(value) = parse_document(spec, &text, None) else {
            continue;
        };
        let Ok(api) = serde_json::from_value::<openapiv3::OpenAPI>(value) else {
            continue;
        };
        // As the loader reads it: piece by piece.
        let mut pieces = Pieces::default();
        let rest = parse_document(
            spec,
            &text,
            Some(&mut |pointer, value| pieces.add(&pointer, value)),
        )
        .unwrap();
        let (document, paths) = pieces.finish(rest).result.unwrap();
        let ours = dump(&document, &paths);
        let theirs = dump_openapiv3(&api);
        for (line, (our_line, their_line)) in ours.lines().zip(theirs.lines()).enumerate() {
            assert_eq!(our_line, their_line, "{} line {line}", spec.display());
        }
        assert_eq!(
            ours.lines().count(),
            theirs.lines().count(),
            "{}",
            spec.display()
        );
        compared += 1;
    }
    assert!(compared >= 45, "only {compared} specs compared");
}

fn spec(paths: Value, components: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": components,
    })
}

#[test]
fn a_path_keeps_its_operations_in_method_order_and_its_parameters() {
    let document = spec(
        json!({
            "/a": {
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "trace": {"responses": {}},
                "post": {"responses": {}},
                "get": {"responses": {}},
                "summary": "not kept",
            },
            "x-note": {"skipped": true},
        }),
        json!({}),
    );
    let (_, paths) = convert_whole(document).unwrap();
    assert_eq!(paths.len(), 1);
    let methods: Vec<Method> = paths[0]
        .operations
        .iter()
        .map(|(method, _)| *method)
        .collect();
    assert_eq!(methods, [Method::Get, Method::Post, Method::Trace]);
    assert_eq!(paths[0].parameters.len(), 1);
    assert_eq!(paths[0].reference, None);
}

/// A path item may be a `$ref` to another path, to `components.pathItems`, or to any other
/// place of the document, through a chain of `$ref`s.
#[test]
fn a_path_item_ref_within_the_document_takes_the_operations_it_names() {
    let mut document = spec(
        json!({
            "/pets": {
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "get": {"operationId": "listPets", "responses": {}},
            },
            "/animals": {"$ref": "#/paths/~1pets"},
            "/beasts": {"$ref": "#/components/pathItems/Beasts"},
            "/creatures": {"$ref": "#/x-shared/creatures"},
        }),
        json!({"pathItems": {"Beasts": {"$ref": "#/paths/~1animals"}}}),
    );
    document["x-shared"] =
        json!({"creatures": {"delete": {"operationId": "cull", "responses": {}}}});
    let (_, paths) = convert_whole(document).unwrap();
    let ids = |path: &SpecPath| -> Vec<Option<String>> {
        path.operations
            .iter()
            .map(|(_, operation)| operation.operation_id.clone())
            .collect()
    };
    for path in &paths[..3] {
        assert_eq!(ids(path), [Some("listPets".to_string())], "{}", path.path);
        assert_eq!(path.parameters.len(), 1);
        assert_eq!(path.reference, None);
    }
    assert_eq!(ids(&paths[3]), [Some("cull".to_string())]);
}

#[test]
fn a_path_item_ref_to_nothing_or_in_a_cycle_is_a_failure_at_the_ref() {
    let document = spec(
        json!({
            "/a": {"$ref": "#/paths/~1b"},
            "/b": {"$ref": "#/paths/~1a"},
            "/c": {"$ref": "#/components/pathItems/Missing"},
        }),
        json!({}),
    );
    let failures = convert_whole(document).unwrap_err();
    let at = |pointer: &str| -> Vec<&String> {
        failures
            .iter()
            .filter(|(at, _)| at == pointer)
            .map(|(_, message)| message)
            .collect()
    };
    assert!(at("#/paths/~1a/$ref")[0].contains("cycle"), "{failures:?}");
    assert!(at("#/paths/~1b/$ref")[0].contains("cycle"), "{failures:?}");
    assert!(
        at("#/paths/~1c/$ref")[0].contains("names no path item"),
        "{failures:?}"
    );
}

/// Every key that is no field of its object and no extension is a warning with a guess.
#[test]
fn a_misspelt_keyword_of_any_object_is_warned_about_at_its_pointer() {
    let mut document = spec(
        json!({
            "/a": {
                "sumary": "a",
                "get": {
                    "operationID": "a",
                    "x-internal": true,
                    "parameters": [{"name": "q", "in": "query", "requried": true,
                                    "schema": {"type": "string"}}],
                    "requestBody": {"content": {}, "requird": true},
                    "responses": {"200": {"description": "ok", "contnet": {},
                        "headers": {}}},
                },
            },
            "pets": {},
        }),
        json!({
            "schemas": {
                "Pet": {"type": "object", "properties": {"name": {"tpye": "string"}},
                        "discriminator": {"propertyName": "name", "mappings": {}}},
            },
            "schemes": {},
            "securitySchemes": {"key": {"type": "apiKey", "name": "k", "in": "header",
                                        "scheme_": "x"}},
        }),
    );
    document["info"]["titel"] = json!("t");
    document["severs"] = json!([]);
    let mut pieces = Pieces::default();
    let media = json!({"application/json": {"schema": {"type": "string"}, "exemple": 1}});
    document["paths"]["/a"]["get"]["responses"]["200"]["content"] = media;
    let warnings = pieces_of(&mut pieces, document);
    let expected = [
        ("#/info/titel", "`title`"),
        ("#/severs", "`servers`"),
        ("#/paths/~1a/sumary", "`summary`"),
        ("#/paths/~1a/get/operationID", "`operationId`"),
        ("#/paths/~1a/get/parameters/0/requried", "`required`"),
        ("#/paths/~1a/get/requestBody/requird", "`required`"),
        ("#/paths/~1a/get/responses/200/contnet", "`content`"),
        (
            "#/paths/~1a/get/responses/200/content/application~1json/exemple",
            "`example`",
        ),
        ("#/paths/pets", "`/pets`"),
        ("#/components/schemas/Pet/properties/name/tpye", "`type`"),
        (
            "#/components/schemas/Pet/discriminator/mappings",
            "`mapping`",
        ),
        ("#/components/schemes", "`schemas`"),
        ("#/components/securitySchemes/key/scheme_", "`scheme`"),
    ];
    for (pointer, meant) in expected {
        assert!(
            warnings
                .iter()
                .any(|warning| warning.at == pointer && warning.help.contains(meant)),
            "no warning at {pointer} suggesting {meant} in {warnings:#?}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
}

/// The warnings of a document converted whole.
fn pieces_of(pieces: &mut Pieces, document: Value) -> Vec<super::convert::Warning> {
    std::mem::take(pieces).finish(document).warnings
}

#[test]
fn every_failing_node_is_reported_at_its_own_pointer() {
    let document = spec(
        json!({
            "/a/{id}": {"get": {"responses": {
                "200": {"description": 5},
                "2X5": {"description": "odd"},
            }}},
            "/b": {"get": {"parameters": [
                {"name": "id", "in": "path", "style": "form", "schema": {"type": "string"}},
                {"in": "query", "schema": {"$ref": 7}},
            ], "responses": {}}},
            "/c": {"post": {"operationId": "c"}},
            "/d": {"$ref": 5},
        }),
        json!({"schemas": {
            "Pet": {"type": "object", "properties": {"age": {"minimum": "one"}}},
            "Tags": {"type": "array", "items": [], "nullable": "yes"},
        }}),
    );
    let failures = convert_whole(document).unwrap_err();
    let expected = [
        (
            "#/paths/~1a~1{id}/get/responses/200/description",
            "invalid type: integer `5`, expected a string",
        ),
        (
            "#/paths/~1a~1{id}/get/responses/2X5",
            "`2X5` is not a status code",
        ),
        (
            "#/paths/~1b/get/parameters/0/style",
            "unknown variant `form`, expected one of `matrix`, `label`, `simple`",
        ),
        (
            "#/paths/~1b/get/parameters/1/schema/$ref",
            "invalid type: integer `7`, expected a string",
        ),
        ("#/paths/~1b/get/parameters/1", "missing field `name`"),
        ("#/paths/~1c/post", "missing field `responses`"),
        (
            "#/paths/~1d/$ref",
            "invalid type: integer `5`, expected a string",
        ),
        (
            "#/components/schemas/Pet/properties/age/minimum",
            "`minimum` must be a number, found string \"one\"",
        ),
        (
            "#/components/schemas/Tags/items",
            "`items` must be a schema",
        ),
        (
            "#/components/schemas/Tags/nullable",
            "`nullable` must be true or false, found string \"yes\"",
        ),
    ];
    for (pointer, message) in expected {
        assert!(
            failures
                .iter()
                .any(|(at, said)| at == pointer && said.starts_with(message)),
            "no failure at {pointer} saying {message:?} in {failures:#?}"
        );
    }
    assert_eq!(failures.len(), expected.len(), "{failures:#?}");
}

#[test]
fn a_string_with_a_number_keyword_is_not_a_plain_string() {
    let document = spec(
        json!({}),
        json!({"schemas": {
            "Plain": {"type": "string", "enum": ["a", null, "b"], "format": "binary"},
            "Bounded": {"type": "string", "minimum": 1},
            "Ints": {"type": "integer", "maximum": 1.5},
        }}),
    );
    let (document, _) = convert_whole(document).unwrap();
    let kind = |name: &str| match &document.components.schemas[name] {
        ReferenceOr::Item(schema) => schema.schema_kind.clone(),
        ReferenceOr::Reference { .. } => unreachable!(),
    };
    assert_eq!(
        kind("Plain"),
        SchemaKind::Type(Type::String(StringType {
            format: Some("binary".into()),
            enumeration: vec!["a".into(), "b".into()],
        }))
    );
    assert!(
        matches!(kind("Bounded"), SchemaKind::Any(any) if any.typ.as_deref() == Some("string"))
    );
    assert!(matches!(kind("Ints"), SchemaKind::Any(any) if any.typ.as_deref() == Some("integer")));
}

/// The document and its paths, or every failure found, from a document read whole.
fn convert_whole(document: Value) -> Result<(Document, Vec<SpecPath>), Vec<Failure>> {
    Pieces::default().finish(document).result
}
