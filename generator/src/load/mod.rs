//! Stage 1: read a spec file and parse its YAML or JSON into the compact description the later
//! stages read ([`model`]), with the operations of each path kept apart in a list.

use std::path::{Path, PathBuf};

mod checks;
mod convert;
pub mod model;
mod strict;
mod yaml;

use crate::diagnostics::Diagnostic;
use crate::ir::Method;
use crate::locate;
use model::{Document, Operation, Parameter, ReferenceOr};
use std::cell::RefCell;

/// A spec read from disk: its text (kept for locating diagnostics) and its parsed description.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    pub path: PathBuf,
    pub text: String,
    /// The description, except its path items, which are in [`LoadedSpec::paths`].
    pub api: Document,
    /// Each path of the spec with its operations, in spec order.
    pub paths: Vec<SpecPath>,
    /// Problems found while loading the parts that did parse: warnings, and errors that still
    /// let the later stages look for more.
    pub diagnostics: Vec<Diagnostic>,
}

/// One path of the spec: what the later stages read of its path item.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecPath {
    /// The path template, e.g. `/pets/{petId}`.
    pub path: String,
    /// Set when the path item is a `$ref` (which is not followed); it then has no operations.
    pub reference: Option<String>,
    /// Parameters shared by the path's operations.
    pub parameters: Vec<ReferenceOr<Parameter>>,
    /// The operations by method, in [`Method::PATH_ITEM_ORDER`].
    pub operations: Vec<(Method, Operation)>,
}

impl LoadedSpec {
    /// Fills in where each diagnostic about this spec points, in one pass over its text.
    pub fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
        locate::locate_all(&self.text, diagnostics);
    }
}

/// Reads and parses one spec file; every problem found is returned, each located.
pub fn load(path: &Path) -> Result<LoadedSpec, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        vec![
            Diagnostic::error(path, "#", format!("cannot read the spec: {error}"))
                .with_help("check that the file exists and is UTF-8 text"),
        ]
    })?;
    parse(path, text)
}

/// Parses spec text that was read from `path` (which is only used in messages).
pub fn parse(path: &Path, text: String) -> Result<LoadedSpec, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error(path, "#", "the spec file is empty")
            .with_help(
                "write an OpenAPI 3.0 description starting with `openapi: 3.0.3`",
            )]);
    }
    let document = parse_document(path, &text).map_err(|diagnostic| located(&text, *diagnostic))?;
    if let Some(diagnostic) = checks::check_version(path, &document) {
        return Err(located(&text, diagnostic));
    }
    let mut found = checks::check_document(path, &document);
    // The document is consumed as it is converted, so the generic value and the typed one are
    // not both held whole.
    let api = match convert::document(document) {
        Ok(api) => Some(api),
        Err(failures) => {
            // A node the checks above already explained needs no second, vaguer error.
            let explained: Vec<String> = found
                .iter()
                .filter(|diagnostic| diagnostic.is_error())
                .map(|diagnostic| diagnostic.pointer.clone())
                .collect();
            for (pointer, message) in failures {
                if !explained.iter().any(|known| known.starts_with(&pointer)) {
                    found.push(not_openapi(path, pointer, &message));
                }
            }
            None
        }
    };
    locate::locate_all(&text, &mut found);
    match api {
        Some((api, paths)) => Ok(LoadedSpec {
            path: path.to_path_buf(),
            text,
            api,
            paths,
            diagnostics: found,
        }),
        None => Err(found),
    }
}

fn not_openapi(path: &Path, pointer: String, message: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        pointer,
        format!("not valid OpenAPI 3.0 here: {message}"),
    )
    .with_help("compare this node with the OpenAPI 3.0.3 specification")
}

/// The document as a JSON value, with no duplicate keys; JSON when it starts with `{`.
fn parse_document(path: &Path, text: &str) -> Result<serde_json::Value, Box<Diagnostic>> {
    let duplicate = RefCell::new(None);
    let is_json = text.trim_start().starts_with('{');
    let (result, position, language) = if is_json {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let result = strict::read(&mut deserializer, &duplicate).and_then(|value| {
            deserializer.end()?;
            Ok(value)
        });
        let position = result
            .as_ref()
            .err()
            .map(|error| (error.line(), error.column()));
        (result.map_err(|error| error.to_string()), position, "JSON")
    } else {
        let result = yaml::read(text);
        let position = result
            .as_ref()
            .err()
            .map(|error| (error.line, error.column));
        let result = result.map_err(|error| {
            *duplicate.borrow_mut() = error.duplicate;
            error.message
        });
        (result, position, "YAML")
    };
    let message = match result {
        Ok(value) => return Ok(value),
        Err(message) => strip_position(&message),
    };
    if let Some(pointer) = duplicate.into_inner() {
        // The message may start with a path of its own; the pointer says where instead.
        let message = message
            .find("duplicate key")
            .map_or(message.as_str(), |start| &message[start..]);
        let diagnostic = Diagnostic::error(path, pointer.clone(), message)
            .with_help("remove one of the two, or merge them");
        return Err(Box::new(
            match locate::position_of_occurrence(text, &pointer, 1) {
                Some(found) => diagnostic.at(
                    found.line,
                    found.column,
                    locate::line_text(text, found.line),
                ),
                None => diagnostic,
            },
        ));
    }
    let diagnostic = Diagnostic::error(path, "#", format!("not valid {language}: {message}"))
        .with_help("check the indentation, quoting and brackets around this line");
    Err(Box::new(match position {
        Some((line, column)) => diagnostic.at(line, column, locate::line_text(text, line)),
        None => diagnostic,
    }))
}

/// serde's messages end in ` at line L column C`; the diagnostic shows the position itself.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

/// One diagnostic, located (see [`locate::locate_all`]).
fn located(text: &str, diagnostic: Diagnostic) -> Vec<Diagnostic> {
    let mut diagnostics = vec![diagnostic];
    locate::locate_all(text, &mut diagnostics);
    diagnostics
}
