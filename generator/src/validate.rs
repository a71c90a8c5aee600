//! Stage 2: checks on the whole document that lowering relies on (unique operation ids, usable
//! servers, local references only). Checks tied to one node happen where that node is lowered.

use std::collections::BTreeMap;

use crate::diagnostics::{pointer, Diagnostic};
use crate::load::LoadedSpec;

/// Every problem found, errors and warnings alike, each with its pointer and line.
pub fn validate(spec: &LoadedSpec) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    check_operation_ids(spec, &mut diagnostics);
    check_servers(spec, &mut diagnostics);
    diagnostics
}

fn check_operation_ids(spec: &LoadedSpec, diagnostics: &mut Vec<Diagnostic>) {
    let mut first_seen: BTreeMap<&str, String> = BTreeMap::new();
    for spec_path in &spec.paths {
        for (method, operation) in &spec_path.operations {
            let Some(id) = &operation.operation_id else {
                continue;
            };
            let at = pointer(&["paths", &spec_path.path, method.key(), "operationId"]);
            match first_seen.get(id.as_str()) {
                Some(first) => diagnostics.push(
                    Diagnostic::error(
                        &spec.path,
                        at,
                        format!("operationId `{id}` is used twice; the first use is at {first}"),
                    )
                    .with_help("give every operation a unique operationId"),
                ),
                None => {
                    first_seen.insert(id, at);
                }
            }
        }
    }
}

fn check_servers(spec: &LoadedSpec, diagnostics: &mut Vec<Diagnostic>) {
    match spec.api.servers.first() {
        None => diagnostics.push(Diagnostic::warning(
            &spec.path,
            "#",
            "the spec lists no `servers`; `Client::new()` has no base URL, use `Client::with_base_url`",
        )),
        Some(server) if !(server.url.starts_with("http://") || server.url.starts_with("https://")) => {
            diagnostics.push(Diagnostic::warning(
                &spec.path,
                "#/servers/0/url",
                format!("server URL `{}` is not absolute; `Client::new()` needs `Client::with_base_url` to be usable", server.url),
            ))
        }
        Some(_) => {}
    }
}
