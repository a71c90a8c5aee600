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
    // Path items and component entries are checked and converted as soon as the reader has
    // them, so the document is never held whole as a generic value; the reader leaves `null`
    // in their place, and what is left is converted last.
    let mut pieces = convert::Pieces::default();
    let mut piece_findings = Vec::new();
    let mut take_piece = |pointer: String, value| {
        checks::check_piece(path, &value, &pointer, &mut piece_findings);
        pieces.add(&pointer, value);
    };
    let document = parse_document(path, &text, Some(&mut take_piece))
        .map_err(|diagnostic| located(&text, *diagnostic))?;
    if let Some(diagnostic) = checks::check_version(path, &document) {
        return Err(located(&text, diagnostic));
    }
    let mut found = checks::check_document(path, &document);
    found.extend(piece_findings);
    let api = match pieces.finish(document) {
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

/// Reads a spec file into the JSON value the loader parses, whole and unconverted, for tools that
/// need what the model leaves out (examples, constraints): the conformance runner builds its
/// request values from it.
pub fn read_document(path: &Path) -> Result<serde_json::Value, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        vec![Diagnostic::error(
            path,
            "#",
            format!("cannot read the spec: {error}"),
        )]
    })?;
    parse_document(path, &text, None).map_err(|diagnostic| located(&text, *diagnostic))
}

fn not_openapi(path: &Path, pointer: String, message: &str) -> Diagnostic {
    Diagnostic::error(
        path,
        pointer,
        format!("not valid OpenAPI 3.0 here: {message}"),
    )
    .with_help("compare this node with the OpenAPI 3.0.3 specification")
}

/// Whether the node at `pointer` is handed over on its own while the document is read: a path
/// item (`#/paths/<path>`) or a component entry (`#/components/<section>/<name>`).
fn is_piece(pointer: &str) -> bool {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    matches!(segments.as_slice(), ["paths", _] | ["components", _, _])
}

/// Hands a finished node to `sink` when it is a piece, leaving `null` in its place: the one
/// step both readers take for each node. `parent_depth` (the root is 0) rules out most nodes
/// before their `pointer` is built: pieces sit below a parent of depth 1 or 2.
fn hand_over_if_piece(
    sink: &mut dyn FnMut(String, serde_json::Value),
    parent_depth: usize,
    pointer: impl FnOnce() -> String,
    value: &mut serde_json::Value,
) {
    if !(1..=2).contains(&parent_depth) {
        return;
    }
    let pointer = pointer();
    if is_piece(&pointer) {
        sink(pointer, std::mem::take(value));
    }
}

/// The document as a JSON value, with no duplicate keys; JSON when it starts with `{`. Each
/// node [`is_piece`] names goes to `sink` instead, leaving `null` in its place.
fn parse_document(
    path: &Path,
    text: &str,
    sink: Option<&mut dyn FnMut(String, serde_json::Value)>,
) -> Result<serde_json::Value, Box<Diagnostic>> {
    let duplicate = RefCell::new(None);
    let is_json = text.trim_start().starts_with('{');
    let (result, position, language) = if is_json {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let sink = RefCell::new(sink);
        let result =
            strict::read_in_pieces(&mut deserializer, &duplicate, &sink).and_then(|value| {
                deserializer.end()?;
                Ok(value)
            });
        let position = result
            .as_ref()
            .err()
            .map(|error| (error.line(), error.column()));
        (result.map_err(|error| error.to_string()), position, "JSON")
    } else {
        let result = yaml::read_in_pieces(text, sink);
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn path_items_and_component_entries_are_pieces() {
        assert!(is_piece("#/paths/~1pets~1{id}"));
        assert!(is_piece("#/components/schemas/Pet"));
        assert!(is_piece("#/components/examples/big"));
        assert!(!is_piece("#/paths"));
        assert!(!is_piece("#/paths/~1pets/get"));
        assert!(!is_piece("#/components/schemas"));
        assert!(!is_piece("#/components/schemas/Pet/properties"));
        assert!(!is_piece("#/info/title"));
    }

    /// Both readers hand over the same pieces, in document order, and leave `null` behind.
    #[test]
    fn the_readers_hand_over_each_piece_once_it_is_complete() {
        let yaml = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a/b: {get: {responses: {}}}
  x-note: 1
components:
  schemas:
    Pet: {type: object}
    Tag: {$ref: '#/components/schemas/Pet'}
  examples:
    One: {value: 1}
";
        let json = serde_json::to_string(&yaml::read(yaml).unwrap()).unwrap();
        for text in [yaml, json.as_str()] {
            let mut pieces = Vec::new();
            let rest = parse_document(
                Path::new("t"),
                text,
                Some(&mut |pointer, value| pieces.push((pointer, value))),
            )
            .unwrap();
            assert_eq!(
                pieces,
                [
                    (
                        "#/paths/~1a~1b".to_string(),
                        json!({"get": {"responses": {}}})
                    ),
                    ("#/paths/x-note".to_string(), json!(1)),
                    (
                        "#/components/schemas/Pet".to_string(),
                        json!({"type": "object"})
                    ),
                    (
                        "#/components/schemas/Tag".to_string(),
                        json!({"$ref": "#/components/schemas/Pet"})
                    ),
                    ("#/components/examples/One".to_string(), json!({"value": 1})),
                ]
            );
            assert_eq!(
                rest,
                json!({
                    "openapi": "3.0.3",
                    "info": {"title": "t", "version": "1"},
                    "paths": {"/a/b": null, "x-note": null},
                    "components": {
                        "schemas": {"Pet": null, "Tag": null},
                        "examples": {"One": null},
                    },
                })
            );
        }
    }

    #[test]
    fn a_key_repeated_after_its_piece_was_handed_over_is_still_a_duplicate() {
        let yaml = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a: {}
  /a: {}
";
        let errors = parse(Path::new("duplicate.yaml"), yaml.to_string()).unwrap_err();
        assert_eq!(errors[0].pointer, "#/paths/~1a", "{errors:?}");
        assert!(errors[0].message.contains("duplicate key"), "{errors:?}");
    }

    #[test]
    fn named_examples_are_data_even_when_read_as_pieces() {
        // A `$ref` inside an example's value is data, not a reference to another file.
        let yaml = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  examples:
    User:
      value: {$ref: 'https://example.com/users/1'}
";
        let spec = parse(Path::new("examples.yaml"), yaml.to_string()).unwrap();
        assert!(spec.diagnostics.is_empty(), "{:?}", spec.diagnostics);
    }
}
