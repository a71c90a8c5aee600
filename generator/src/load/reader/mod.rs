//! Reads spec text into a tree of JSON values: YAML or JSON, with duplicate keys refused and
//! the YAML reader's limits (nesting depth, alias expansion) enforced. Path items and component
//! entries can be handed over one by one as soon as they are complete ([`parse_document`]'s
//! `sink`), so large documents are never held whole.

use std::cell::RefCell;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::locate;

mod json;
pub(super) mod yaml;

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
pub fn parse_document(
    path: &Path,
    text: &str,
    sink: Option<&mut dyn FnMut(String, serde_json::Value)>,
) -> Result<serde_json::Value, Box<Diagnostic>> {
    let duplicate = RefCell::new(None);
    let is_json = text.trim_start().starts_with('{');
    let (result, position, language) = if is_json {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let sink = RefCell::new(sink);
        let result = json::read_in_pieces(&mut deserializer, &duplicate, &sink).and_then(|value| {
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
}
