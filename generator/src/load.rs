//! Stage 1: read a spec file and parse its YAML or JSON into an `openapiv3::OpenAPI`.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

use crate::diagnostics::Diagnostic;
use crate::locate;

/// A spec read from disk: its text (kept for locating diagnostics) and its parsed description.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    pub path: PathBuf,
    pub text: String,
    pub api: OpenAPI,
    /// Every `$ref` that points outside this file: (JSON pointer of the `$ref`, its target).
    pub external_references: Vec<(String, String)>,
}

impl LoadedSpec {
    /// Fills in the line of a diagnostic about this spec from its JSON pointer.
    pub fn locate(&self, diagnostic: Diagnostic) -> Diagnostic {
        locate_in(&self.text, diagnostic)
    }
}

/// Reads and parses one spec file.
pub fn load(path: &Path) -> Result<LoadedSpec, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        Diagnostic::error(path, "#", format!("cannot read the spec: {error}"))
            .with_help("check that the file exists and is UTF-8 text")
    })?;
    parse(path, text)
}

/// Parses spec text that was read from `path` (which is only used in messages).
pub fn parse(path: &Path, text: String) -> Result<LoadedSpec, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "#", "the spec file is empty")
            .with_help("write an OpenAPI 3.0 description starting with `openapi: 3.0.3`"));
    }
    let is_json = text.trim_start().starts_with('{');
    let document: serde_json::Value = if is_json {
        serde_json::from_str(&text).map_err(|error| {
            Diagnostic::error(path, "#", format!("not valid JSON: {error}")).at_line(error.line())
        })?
    } else {
        // Parsing into a generic value first rejects duplicate keys with their line, which the
        // typed parse below would not report well.
        serde_yaml::from_str(&text).map_err(|error| {
            let diagnostic = Diagnostic::error(path, "#", format!("not valid YAML: {error}"));
            match error.location() {
                Some(location) => diagnostic.at_line(location.line()),
                None => diagnostic,
            }
        })?
    };
    check_version(path, &document).map_err(|diagnostic| locate_in(&text, diagnostic))?;
    let api = serde_path_to_error::deserialize::<_, OpenAPI>(&document).map_err(|error| {
        let pointer = json_pointer_of(error.path());
        let message = format!("not a valid OpenAPI 3.0 document: {}", error.inner());
        let diagnostic = Diagnostic::error(path, pointer, message)
            .with_help("compare this node with the OpenAPI 3.0.3 specification");
        locate_in(&text, diagnostic)
    })?;
    let mut external_references = Vec::new();
    collect_external_references(&document, &mut String::from("#"), &mut external_references);
    Ok(LoadedSpec {
        path: path.to_path_buf(),
        text,
        api,
        external_references,
    })
}

/// Keys whose values are data (examples, defaults, enums, extensions), where a `$ref` key is
/// just data too.
fn holds_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum") || key.starts_with("x-")
}

fn collect_external_references(
    value: &serde_json::Value,
    at: &mut String,
    found: &mut Vec<(String, String)>,
) {
    match value {
        serde_json::Value::Object(object) => {
            for (key, child) in object {
                if key == "$ref" {
                    if let Some(target) = child.as_str().filter(|target| !target.starts_with('#')) {
                        found.push((format!("{at}/$ref"), target.to_string()));
                    }
                    continue;
                }
                if holds_data(key) {
                    continue;
                }
                let length = at.len();
                at.push('/');
                at.push_str(&crate::diagnostics::pointer_segment(key));
                collect_external_references(child, at, found);
                at.truncate(length);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let length = at.len();
                at.push('/');
                at.push_str(&index.to_string());
                collect_external_references(item, at, found);
                at.truncate(length);
            }
        }
        _ => {}
    }
}

fn locate_in(text: &str, diagnostic: Diagnostic) -> Diagnostic {
    match locate::line_of_pointer(text, &diagnostic.pointer) {
        Some(line) if diagnostic.line.is_none() => diagnostic.at_line(line),
        _ => diagnostic,
    }
}

fn check_version(path: &Path, document: &serde_json::Value) -> Result<(), Diagnostic> {
    let Some(object) = document.as_object() else {
        return Err(
            Diagnostic::error(path, "#", "the spec is not a mapping of OpenAPI fields")
                .at_line(1)
                .with_help(
                    "an OpenAPI description starts with `openapi: 3.0.3`, `info:` and `paths:`",
                ),
        );
    };
    if object.contains_key("swagger") {
        return Err(Diagnostic::error(
            path,
            "#/swagger",
            "this is a Swagger 2.0 description, not OpenAPI 3.0",
        )
        .with_help("convert it to OpenAPI 3.0 first, e.g. with `npx swagger2openapi`"));
    }
    match object.get("openapi").and_then(|version| version.as_str()) {
        Some(version) if version.starts_with("3.0") => Ok(()),
        Some(version) => Err(Diagnostic::error(
            path,
            "#/openapi",
            format!(
                "OpenAPI version {version} is not supported; this generator reads OpenAPI 3.0.x"
            ),
        )
        .with_help("set `openapi: 3.0.3` and describe the API with OpenAPI 3.0 constructs")),
        None => Err(
            Diagnostic::error(path, "#", "the spec has no `openapi` version field")
                .at_line(1)
                .with_help("add `openapi: 3.0.3` at the top of the file"),
        ),
    }
}

fn json_pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        let text = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&crate::diagnostics::pointer_segment(&text));
    }
    pointer
}
