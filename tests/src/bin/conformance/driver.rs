//! Writes the driver of one spec: a `main.rs` that calls every operation of the generated client
//! once, with arguments decoded from JSON built from the spec, and prints what became of each
//! call (`conformance_support::report`). The driver takes Prism's URL and `static`/`dynamic`.

use std::fmt::Write as _;

use serde_json::Value;

use generator::emit::rust_type;
use generator::ir::{
    Body, BodyEncoding, Operation, Param, ResponseBody, SecurityKind, Service, StatusMatch,
    Success, TypeRef,
};

use super::document::RawOperation;
use super::sample::Sampler;

/// The compact JWT sent where a body is `application/jwt` (`{"alg":"none"}` / `{"sub":"abc"}`).
const JWT: &str = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhYmMifQ.";

/// The source of the driver's `main.rs` for `service`, generated into the crate `crate_name`.
pub fn driver_source(service: &Service, root: &Value, crate_name: &str) -> String {
    let api = format!("::{crate_name}::{}", service.module);
    let mut source = String::new();
    source.push_str("//! Conformance driver: calls every operation once and reports each call.\n");
    source.push_str("#![allow(unused_imports, unused_variables, clippy::all)]\n\n");
    source.push_str("use ::conformance_support::{argument, encode, report, Outcome, Recorder};\n");
    let _ = writeln!(source, "use {api} as api;\n");
    source.push_str(
        "#[::tokio::main(flavor = \"current_thread\")]\nasync fn main() {\n    \
         let mut arguments = ::std::env::args().skip(1);\n    \
         let prism = arguments.next().expect(\"Prism's base URL\");\n    \
         let dynamic = arguments.next().as_deref() == Some(\"dynamic\");\n    \
         let first: usize = arguments.next().and_then(|first| first.parse().ok()).unwrap_or(0);\n    \
         let recorder = Recorder::start(&prism, dynamic).await.expect(\"a loopback port\");\n",
    );
    let _ = writeln!(
        source,
        "    let client = api::Client::with_base_url(recorder.base_url()){};",
        credentials(service)
    );
    for index in 0..service.operations.len() {
        let _ = writeln!(
            source,
            "    if first <= {index} {{ call_{index}(&client, &recorder, dynamic).await; }}"
        );
    }
    source.push_str("}\n");
    for (index, operation) in service.operations.iter().enumerate() {
        source.push('\n');
        source.push_str(&call_function(index, operation, root, crate_name));
    }
    source
}

/// Every credential the client can hold, set to a dummy value Prism accepts.
fn credentials(service: &Service) -> String {
    service
        .security_schemes
        .iter()
        .map(|scheme| match scheme.kind {
            SecurityKind::Basic => format!(".{}(\"user\", \"password\")", scheme.setter),
            _ => format!(".{}(\"conformance\")", scheme.setter),
        })
        .collect()
}

/// One argument of a call: its variable, how it is passed, and its JSON candidates.
struct Argument {
    variable: String,
    label: String,
    ty: String,
    /// How the call takes it; `None` for a field of the parameters struct.
    passed: Option<String>,
    candidates: Vec<String>,
    /// An expression that makes the value instead of decoding it (the parameters struct).
    construct: Option<String>,
}

fn call_function(index: usize, operation: &Operation, root: &Value, crate_name: &str) -> String {
    let raw = RawOperation::find(root, operation);
    let arguments = arguments(operation, raw.as_ref(), root);
    let mut text = String::new();
    let _ = writeln!(
        text,
        "async fn call_{index}(client: &api::Client, recorder: &Recorder, dynamic: bool) {{\n    \
         const INDEX: usize = {index};\n    \
         const OPERATION: &str = {:?};",
        operation.fn_name.trim_start_matches("r#")
    );
    for argument in &arguments {
        if let Some(construct) = &argument.construct {
            let _ = writeln!(text, "    let {} = {construct};", argument.variable);
            continue;
        }
        let candidates: Vec<String> = argument
            .candidates
            .iter()
            .map(|candidate| format!("{candidate:?}"))
            .collect();
        let _ = writeln!(
            text,
            "    let {variable}: {ty} = match argument(&[{candidates}]) {{\n        \
             Ok(value) => value,\n        \
             Err(reason) => {{\n            \
             report(INDEX, OPERATION, dynamic, Outcome::NoArgument(format!(\"{label}: {{reason}}\")), recorder);\n            \
             return;\n        }}\n    }};",
            variable = argument.variable,
            ty = argument.ty,
            candidates = candidates.join(", "),
            label = argument.label.replace('"', "'").replace('{', "{{").replace('}', "}}"),
        );
    }
    let passed: Vec<&str> = arguments
        .iter()
        .filter_map(|argument| argument.passed.as_deref())
        .collect();
    let _ = writeln!(
        text,
        "    recorder.clear();\n    \
         let outcome = match client.{}({}).await {{\n        \
         Ok(response) => {},\n        \
         Err(::{crate_name}::Error::Api {{ error, .. }}) => {},\n        \
         Err(::{crate_name}::Error::UnexpectedStatus(response)) => Outcome::UnexpectedStatus(response.status.as_u16()),\n        \
         Err(::{crate_name}::Error::Decode(failure)) => Outcome::DecodeFailed(failure.source.to_string()),\n        \
         Err(::{crate_name}::Error::InvalidRequest(error)) => Outcome::InvalidRequest(error.to_string()),\n        \
         Err(::{crate_name}::Error::Redirect(redirect)) => Outcome::Decoded {{ variant: \"redirect, not followed\".into(), value: None }},\n        \
         Err(other) => Outcome::Transport(other.to_string()),\n    \
         }};\n    \
         report(INDEX, OPERATION, dynamic, outcome, recorder);\n}}",
        operation.fn_name,
        passed.join(", "),
        success_outcome(operation),
        error_outcome(operation),
    );
    text
}

/// The arguments in the order the client takes them: required parameters (path, query, header,
/// cookie), a required body, the parameters struct, the optional parameters, an optional body.
/// The fields of the parameters struct are decoded first, then the struct is made of them.
fn arguments(operation: &Operation, raw: Option<&RawOperation>, root: &Value) -> Vec<Argument> {
    let rank = |param: &&Param| match param.location {
        generator::ir::ParamLocation::Path => 0,
        generator::ir::ParamLocation::Query => 1,
        generator::ir::ParamLocation::Header => 2,
        generator::ir::ParamLocation::Cookie => 3,
    };
    let own = || operation.params.iter().filter(|param| !param.grouped);
    let mut required: Vec<&Param> = own().filter(|param| param.required).collect();
    let mut optional: Vec<&Param> = own().filter(|param| !param.required).collect();
    required.sort_by_key(rank);
    optional.sort_by_key(rank);
    let mut arguments: Vec<Argument> = Vec::new();
    let push_param = |param: &Param, arguments: &mut Vec<Argument>| {
        let raw_param = raw.and_then(|raw| raw.parameter(&param.wire_name, param.location));
        let candidates = raw_param
            .map(|raw_param| {
                let (holder, schema) = RawOperation::parameter_schema(raw_param);
                candidates(root, holder, schema)
            })
            .unwrap_or_default();
        let variable = format!("a{}", arguments.len());
        arguments.push(Argument {
            label: format!("parameter `{}`", param.wire_name),
            ty: owned_type(&param.ty),
            passed: (!param.grouped).then(|| passed(&param.ty, param.required, variable.clone())),
            candidates,
            construct: None,
            variable,
        });
    };
    let mut fields = Vec::new();
    for param in operation.params.iter().filter(|param| param.grouped) {
        let variable = format!("a{}", arguments.len());
        fields.push(if param.required {
            format!("{}: {variable}", param.name)
        } else {
            format!("{}: Some({variable})", param.name)
        });
        push_param(param, &mut arguments);
    }
    for param in required {
        push_param(param, &mut arguments);
    }
    let body = operation.body.as_ref();
    if let Some(body) = body.filter(|body| body.required) {
        arguments.push(body_argument(body, raw, root, arguments.len()));
    }
    if let Some(name) = &operation.params_struct {
        let variable = format!("a{}", arguments.len());
        arguments.push(Argument {
            label: "parameters".to_string(),
            ty: format!("api::{name}"),
            passed: Some(format!("&{variable}")),
            candidates: Vec::new(),
            construct: Some(format!("api::{name} {{ {} }}", fields.join(", "))),
            variable,
        });
    }
    for param in optional {
        push_param(param, &mut arguments);
    }
    if let Some(body) = body.filter(|body| !body.required) {
        arguments.push(body_argument(body, raw, root, arguments.len()));
    }
    arguments
}

fn body_argument(body: &Body, raw: Option<&RawOperation>, root: &Value, index: usize) -> Argument {
    let variable = format!("a{index}");
    let media = raw.and_then(|raw| raw.body_media(&body.media_type));
    let built = || {
        media
            .map(|media| candidates(root, media, media.get("schema")))
            .unwrap_or_default()
    };
    let (ty, candidates, passed_as) = match &body.encoding {
        BodyEncoding::Json(ty)
        | BodyEncoding::Form { ty, .. }
        | BodyEncoding::Multipart { ty, .. } => (
            owned_type(ty),
            built(),
            passed(ty, body.required, variable.clone()),
        ),
        BodyEncoding::Text { claims } => {
            let candidates = match claims {
                Some(_) => vec![Value::String(JWT.to_string()).to_string()],
                None => {
                    let mut texts: Vec<String> = built()
                        .into_iter()
                        .filter(|candidate| candidate.starts_with('"'))
                        .collect();
                    texts.push("\"conformance\"".to_string());
                    texts
                }
            };
            let passed = passed(&TypeRef::String, body.required, variable.clone());
            (owned_type(&TypeRef::String), candidates, passed)
        }
        BodyEncoding::Bytes => {
            let bytes = serde_json::json!(super::sample::FILE_CONTENT).to_string();
            let passed = if body.required {
                variable.clone()
            } else {
                format!("Some({variable})")
            };
            (owned_type(&TypeRef::Bytes), vec![bytes], passed)
        }
    };
    Argument {
        variable,
        label: format!("body ({})", body.media_type),
        ty,
        passed: Some(passed_as),
        candidates,
        construct: None,
    }
}

/// The JSON candidates of an argument: the holder's (or its schema's) example, then a value
/// built from the schema without examples.
fn candidates(root: &Value, holder: &Value, schema: Option<&Value>) -> Vec<String> {
    let mut found = Vec::new();
    let with_examples = Sampler::new(root, true);
    if let Some(example) = with_examples.holder_example(holder) {
        found.push(example.to_string());
    }
    if let Some(schema) = schema {
        for sampler in [with_examples, Sampler::new(root, false)] {
            if let Some(value) = sampler.sample(schema) {
                let text = value.to_string();
                if !found.contains(&text) {
                    found.push(text);
                }
            }
        }
    }
    found
}

/// The owned Rust type an argument is decoded into, spelled for the driver (`api::Pet`).
fn owned_type(ty: &TypeRef) -> String {
    let spelled = rust_type(ty).to_string();
    qualify(ty, &spelled)
}

/// Puts `api::` before the service's own model names in a spelled type.
fn qualify(ty: &TypeRef, spelled: &str) -> String {
    match ty {
        TypeRef::Named(name) => format!("api::{name}"),
        TypeRef::Boxed(inner) => qualify(inner, spelled),
        TypeRef::Vec(inner) => format!(
            "::std::vec::Vec<{}>",
            qualify(inner, &rust_type(inner).to_string())
        ),
        TypeRef::Map(inner) => format!(
            "::std::collections::BTreeMap<::std::string::String, {}>",
            qualify(inner, &rust_type(inner).to_string())
        ),
        TypeRef::Nullable(inner) => format!(
            "::std::option::Option<{}>",
            qualify(inner, &rust_type(inner).to_string())
        ),
        _ => spelled.to_string(),
    }
}

/// How a decoded argument is passed: borrowed for strings, models and lists, by value for numbers.
fn passed(ty: &TypeRef, required: bool, variable: String) -> String {
    let ty = match ty {
        TypeRef::Boxed(inner) => inner,
        other => other,
    };
    match (ty, required) {
        (ty, true) if ty.is_copy_scalar() => variable,
        (ty, false) if ty.is_copy_scalar() => format!("Some({variable})"),
        (_, true) => format!("&{variable}"),
        (TypeRef::String, false) => format!("Some({variable}.as_str())"),
        (TypeRef::Vec(_) | TypeRef::Bytes, false) => format!("Some({variable}.as_slice())"),
        (_, false) => format!("Some(&{variable})"),
    }
}

/// The outcome of an `Ok(response)`: the body encoded again, per success variant.
fn success_outcome(operation: &Operation) -> String {
    match &operation.success {
        Success::Single { body, .. } => match body {
            Some(ResponseBody::Json(_)) => {
                "Outcome::Decoded { variant: \"success\".into(), value: Some(encode(response.body())) }"
                    .to_string()
            }
            Some(ResponseBody::Text) => "Outcome::Text(response.into_body())".to_string(),
            Some(ResponseBody::Bytes) | None => {
                "Outcome::Decoded { variant: \"success\".into(), value: None }".to_string()
            }
        },
        Success::Enum { name, responses } => {
            let arms: Vec<String> = responses
                .iter()
                .map(|response| {
                    let variant = &response.variant;
                    match &response.body {
                        Some(ResponseBody::Json(_)) => format!(
                            "api::{name}::{variant}(body) => Outcome::Decoded {{ variant: {variant:?}.into(), value: Some(encode(&body)) }}"
                        ),
                        Some(ResponseBody::Text) => {
                            format!("api::{name}::{variant}(body) => Outcome::Text(body)")
                        }
                        Some(ResponseBody::Bytes) => format!(
                            "api::{name}::{variant}(_) => Outcome::Decoded {{ variant: {variant:?}.into(), value: None }}"
                        ),
                        None => format!(
                            "api::{name}::{variant} => Outcome::Decoded {{ variant: {variant:?}.into(), value: None }}"
                        ),
                    }
                })
                .collect();
            format!("match response.into_body() {{ {} }}", arms.join(", "))
        }
    }
}

/// The outcome of an `Error::Api { error, .. }`: the documented error's body encoded again.
fn error_outcome(operation: &Operation) -> String {
    let error_enum = &operation.error_enum;
    let arms: Vec<String> = operation
        .errors
        .iter()
        .map(|response| {
            let variant = &response.variant;
            let keeps_status = !matches!(response.status, StatusMatch::Code(_));
            let value = match &response.body {
                Some(ResponseBody::Json(_)) => "Some(encode(&body))",
                _ => "None",
            };
            // Every error variant holds its body; one documented without content, its bytes.
            let pattern = if keeps_status {
                format!("api::{error_enum}::{variant} {{ body, .. }}")
            } else {
                format!("api::{error_enum}::{variant}(body)")
            };
            match &response.body {
                Some(ResponseBody::Text) => format!("{pattern} => Outcome::Text(body)"),
                _ => format!(
                    "{pattern} => Outcome::Decoded {{ variant: {variant:?}.into(), value: {value} }}"
                ),
            }
        })
        .collect();
    format!("match error {{ {} }}", arms.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_passed_the_way_the_client_borrows_them() {
        assert_eq!(passed(&TypeRef::I64, true, "a0".into()), "a0");
        assert_eq!(passed(&TypeRef::String, true, "a0".into()), "&a0");
        assert_eq!(
            passed(&TypeRef::String, false, "a0".into()),
            "Some(a0.as_str())"
        );
        let list = TypeRef::Vec(Box::new(TypeRef::String));
        assert_eq!(passed(&list, false, "a1".into()), "Some(a1.as_slice())");
        let model = TypeRef::Named("Pet".into());
        assert_eq!(passed(&model, false, "a2".into()), "Some(&a2)");
    }

    #[test]
    fn model_names_are_qualified_with_the_service_module() {
        let ty = TypeRef::Vec(Box::new(TypeRef::Named("Pet".into())));
        assert_eq!(owned_type(&ty), "::std::vec::Vec<api::Pet>");
    }
}
