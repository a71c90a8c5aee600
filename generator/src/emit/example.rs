//! Writes the usage example atop each service module: a call to the first operation whose
//! arguments can be written out, compiled (not run) as a doc test.

use super::client::{ordered_arguments, Argument};
use crate::ir::{BodyEncoding, Model, ModelKind, Operation, Service, TypeRef};
use crate::names::unraw;

/// The doc lines of the example, or none when no operation's arguments can be written out.
pub fn module_example(service: &Service, crate_name: &str) -> Vec<String> {
    let module_path = format!("{}::{}", crate_name.replace('-', "_"), service.module);
    let Some((index, operation, arguments)) =
        service
            .operations
            .iter()
            .enumerate()
            .find_map(|(index, operation)| {
                Some((
                    index,
                    operation,
                    call_arguments(service, operation, &module_path)?,
                ))
            })
    else {
        return Vec::new();
    };
    let group = service
        .group_of(index)
        .map(|group| format!("{}().", unraw(&group.accessor)))
        .unwrap_or_default();
    let credentials: String = service
        .security_schemes
        .iter()
        .filter(|scheme| {
            operation
                .security
                .iter()
                .any(|&index| service.security_schemes[index].key == scheme.key)
        })
        .map(|scheme| match scheme.kind {
            crate::ir::SecurityKind::Basic => {
                format!(".{}(\"user\", \"password\")", unraw(&scheme.setter))
            }
            _ => format!(".{}(\"secret\")", unraw(&scheme.setter)),
        })
        .collect();
    vec![
        String::new(),
        "# Example".to_string(),
        String::new(),
        "```no_run".to_string(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        format!("let client = {module_path}::Client::new(){credentials};"),
        format!(
            "let response = client.{group}{}({}).await?;",
            operation.fn_name,
            arguments.join(", ")
        ),
        "println!(\"{}\", response.status());".to_string(),
        "# Ok(())".to_string(),
        "# }".to_string(),
        "```".to_string(),
    ]
}

/// The arguments of a call to `operation`, in signature order, if each can be written out.
fn call_arguments(
    service: &Service,
    operation: &Operation,
    module_path: &str,
) -> Option<Vec<String>> {
    ordered_arguments(operation)
        .into_iter()
        .map(|argument| match argument {
            Argument::Param(param) if param.required => value_of(service, &param.ty, module_path),
            Argument::Body(body) if body.required => {
                body_value(service, &body.encoding, module_path)
            }
            Argument::Params(name) => super::params::derives_default(service, operation)
                .then(|| format!("&{module_path}::{}::default()", unraw(name))),
            Argument::Param(_) | Argument::Body(_) => Some("None".to_string()),
        })
        .collect()
}

fn body_value(service: &Service, encoding: &BodyEncoding, module_path: &str) -> Option<String> {
    match encoding {
        BodyEncoding::Json(ty)
        | BodyEncoding::Form { ty, .. }
        | BodyEncoding::Multipart { ty, .. } => value_of(service, ty, module_path),
        BodyEncoding::Text { claims: Some(_) } => Some("\"eyJhbGciOiJub25lIn0.e30.\"".to_string()),
        BodyEncoding::Text { claims: None } => Some("\"text\"".to_string()),
        BodyEncoding::Bytes => Some("Vec::new()".to_string()),
    }
}

/// An argument of type `ty` as the client takes it (borrowed where it borrows).
fn value_of(service: &Service, ty: &TypeRef, module_path: &str) -> Option<String> {
    match ty {
        TypeRef::String => Some("\"example\"".to_string()),
        TypeRef::Bool => Some("true".to_string()),
        TypeRef::I32 | TypeRef::I64 => Some("1".to_string()),
        TypeRef::F32 | TypeRef::F64 => Some("1.0".to_string()),
        TypeRef::Bytes | TypeRef::Vec(_) => Some("&[]".to_string()),
        TypeRef::Map(_) => Some("&Default::default()".to_string()),
        TypeRef::Json => Some("&serde_json::Value::Null".to_string()),
        TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid => Some("Default::default()".to_string()),
        // Never an argument: only array items and map values are nullable on their own.
        TypeRef::External(_) | TypeRef::Nullable(_) => None,
        TypeRef::Boxed(inner) => value_of(service, inner, module_path),
        TypeRef::Named(name) => {
            let model = service.model(name)?;
            has_default(model).then(|| format!("&{module_path}::{}::default()", unraw(name)))
        }
    }
}

fn has_default(model: &Model) -> bool {
    matches!(
        model.kind,
        ModelKind::Struct {
            derive_default: true,
            ..
        }
    )
}
