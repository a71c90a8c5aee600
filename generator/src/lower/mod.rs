//! Stage 3: turn a validated [`crate::load::LoadedSpec`] into the generator's own [`crate::ir::Service`].
//!
//! Schemas are lowered first (`schemas`), then operations look their types up (`operations`),
//! then recursion is boxed and `Default` derivability decided (`recursion`), and the variants
//! that would make an enum large are boxed (`sizes`).

mod groups;
mod operations;
mod recursion;
mod schemas;
mod sizes;
mod styles;

use openapiv3::SecurityScheme as SpecScheme;

use crate::diagnostics::{pointer, unescape_pointer_segment, Diagnostic};
use crate::docs::doc_lines;
use crate::ir::{ModelExtras, SecurityKind, SecurityScheme, Service};
use crate::load::model::{Document, ReferenceOr};
use crate::load::LoadedSpec;
use crate::names;
use crate::spec_settings::{SpecSettings, ALL_MODELS};

/// Everything lowering found out about one spec.
pub struct Lowered {
    pub service: Service,
    pub warnings: Vec<Diagnostic>,
}

/// Lowers one spec into a service for the module `module`, as its settings file says.
pub fn lower(
    spec: &LoadedSpec,
    module: &str,
    source: &str,
    settings: &SpecSettings,
) -> Result<Lowered, Vec<Diagnostic>> {
    let api = &spec.api;
    let mut warnings = Vec::new();
    let security_schemes = lower_security_schemes(spec, &mut warnings);

    let mut schema_lowering = schemas::SchemaLowering::new(spec, settings);
    schema_lowering.lower_components();

    let (mut operations, operation_diagnostics) =
        operations::lower_operations(spec, &mut schema_lowering, &security_schemes);
    let groups = if settings.group_by_tag {
        groups::group_by_tag(
            &mut operations,
            operations::client_method_names(&security_schemes),
            |candidate| schema_lowering.claim_type_name(candidate),
        )
    } else {
        Vec::new()
    };
    let (model_extras, settings_errors) = model_extras(spec, settings, &schema_lowering);
    let (mut models, schema_diagnostics) = schema_lowering.finish();

    let mut errors = settings_errors;
    for diagnostic in schema_diagnostics.into_iter().chain(operation_diagnostics) {
        if diagnostic.is_error() {
            errors.push(diagnostic);
        } else {
            warnings.push(diagnostic);
        }
    }
    if !errors.is_empty() {
        errors.extend(warnings);
        return Err(errors);
    }

    recursion::box_cycles(&mut models);
    recursion::decide_default(&mut models);
    sizes::box_large_variants(&mut models, &mut operations);

    let mut docs = Vec::new();
    if let Some(description) = &api.info.description {
        docs.extend(doc_lines(description));
    }
    let service = Service {
        module: module.to_string(),
        source: source.to_string(),
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        docs,
        default_base_url: default_base_url(api),
        security_schemes,
        models,
        operations,
        groups,
        model_extras,
        dependencies: settings.dependencies.clone(),
    };
    Ok(Lowered { service, warnings })
}

/// The derives and attributes the settings add, by model name; a key naming no schema is an
/// error at that key.
fn model_extras(
    spec: &LoadedSpec,
    settings: &SpecSettings,
    schemas: &schemas::SchemaLowering,
) -> (
    std::collections::BTreeMap<String, ModelExtras>,
    Vec<Diagnostic>,
) {
    let mut errors = Vec::new();
    for (key, _) in settings.derives.iter().chain(&settings.attributes) {
        if key.value != ALL_MODELS && !spec.api.components.schemas.contains_key(&key.value) {
            errors.push(settings.no_such_schema(key));
        }
    }
    let mut extras = std::collections::BTreeMap::new();
    if settings.derives.is_empty() && settings.attributes.is_empty() {
        return (extras, errors);
    }
    // Inline models get what `*` adds; component models also what their own name adds.
    extras.insert(
        ALL_MODELS.to_string(),
        ModelExtras {
            derives: settings.derives_of(ALL_MODELS),
            attributes: settings.attributes_of(ALL_MODELS),
        },
    );
    for (spec_name, rust_name) in schemas.component_rust_names() {
        let model = ModelExtras {
            derives: settings.derives_of(spec_name),
            attributes: settings.attributes_of(spec_name),
        };
        extras.insert(rust_name.to_string(), model);
    }
    (extras, errors)
}

/// Follows a `$ref` (and any chain of `$ref`s) into one map of `components`, e.g.
/// `#/components/requestBodies/X` with `prefix` `#/components/requestBodies/`.
pub(crate) fn resolve_component<'a, T>(
    map: &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    prefix: &str,
    reference: &str,
) -> Option<&'a T> {
    let mut current = reference;
    for _ in 0..=map.len() {
        let name = unescape_pointer_segment(current.strip_prefix(prefix)?);
        match map.get(&name)? {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => current = reference,
        }
    }
    None
}

/// The first server's URL with each `{variable}` replaced by its default, without a trailing `/`.
fn default_base_url(api: &Document) -> Option<String> {
    let server = api.servers.first()?;
    let mut url = server.url.clone();
    if let Some(variables) = &server.variables {
        for (name, variable) in variables {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
    }
    Some(url.trim_end_matches('/').to_string())
}

fn lower_security_schemes(
    spec: &LoadedSpec,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<SecurityScheme> {
    let components = &spec.api.components;
    let api_key_count = components
        .security_schemes
        .values()
        .filter(|scheme| matches!(scheme, ReferenceOr::Item(SpecScheme::APIKey { .. })))
        .count();
    let mut fields = names::Namespace::with_reserved(&["base_url", "http"]);
    let mut schemes = Vec::new();
    for (key, scheme) in &components.security_schemes {
        let at = pointer(&["components", "securitySchemes", key]);
        let ReferenceOr::Item(scheme) = scheme else {
            warnings.push(Diagnostic::warning(
                &spec.path,
                at,
                "a `$ref` security scheme is not supported; its credentials cannot be configured",
            ));
            continue;
        };
        let (kind, description) = match scheme {
            SpecScheme::APIKey {
                location,
                name,
                description,
                ..
            } => {
                let kind = match location {
                    openapiv3::APIKeyLocation::Header => SecurityKind::ApiKeyHeader {
                        header: name.clone(),
                    },
                    openapiv3::APIKeyLocation::Query => SecurityKind::ApiKeyQuery {
                        parameter: name.clone(),
                    },
                    openapiv3::APIKeyLocation::Cookie => SecurityKind::ApiKeyCookie {
                        cookie: name.clone(),
                    },
                };
                (kind, description)
            }
            SpecScheme::HTTP {
                scheme,
                description,
                ..
            } if scheme.eq_ignore_ascii_case("bearer") => (SecurityKind::Bearer, description),
            SpecScheme::HTTP {
                scheme,
                description,
                ..
            } if scheme.eq_ignore_ascii_case("basic") => (SecurityKind::Basic, description),
            SpecScheme::OAuth2 { description, .. }
            | SpecScheme::OpenIDConnect { description, .. } => (SecurityKind::Bearer, description),
            SpecScheme::HTTP { scheme, .. } => {
                warnings.push(Diagnostic::warning(
                    &spec.path,
                    at,
                    format!("HTTP authentication scheme `{scheme}` is not supported; set the `Authorization` header on your own reqwest client"),
                ));
                continue;
            }
        };
        let field = fields.claim(&names::snake_case(key, "credential"));
        let setter = match kind {
            SecurityKind::ApiKeyHeader { .. }
            | SecurityKind::ApiKeyQuery { .. }
            | SecurityKind::ApiKeyCookie { .. }
                if api_key_count == 1 =>
            {
                "with_api_key".to_string()
            }
            _ => format!("with_{}", names::unraw(&field)),
        };
        let mut docs = match &kind {
            SecurityKind::ApiKeyHeader { header } => vec![format!("Sets the API key sent in the `{header}` header (security scheme `{key}`).")],
            SecurityKind::ApiKeyQuery { parameter } => vec![format!("Sets the API key sent as the `{parameter}` query parameter (security scheme `{key}`).")],
            SecurityKind::ApiKeyCookie { cookie } => vec![format!("Sets the API key sent as the `{cookie}` cookie (security scheme `{key}`).")],
            SecurityKind::Bearer => vec![format!("Sets the bearer token sent in the `Authorization` header (security scheme `{key}`).")],
            SecurityKind::Basic => vec![format!("Sets the `user:password` pair sent with HTTP basic authentication (security scheme `{key}`).")],
        };
        if let Some(description) = description {
            docs.push(String::new());
            docs.extend(doc_lines(description));
        }
        docs.push(String::new());
        docs.push(
            "It is sent only on operations whose security requires it, and never shown by `Debug`."
                .to_string(),
        );
        schemes.push(SecurityScheme {
            key: key.clone(),
            field,
            setter,
            docs,
            kind,
        });
    }
    schemes
}
