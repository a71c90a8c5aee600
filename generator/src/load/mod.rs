//! Stage 1: read a spec file and turn it into the compact description the later stages read
//! ([`model`]), with the operations of each path kept apart in a list: `reader` turns the
//! text into a tree of values, and a front end per dialect (`openapi30`) converts the tree.

use std::path::{Path, PathBuf};

pub mod model;
mod openapi30;
mod openapi31;
mod reader;
pub mod resolve;
mod swagger2;

use crate::diagnostics::Diagnostic;
use crate::locate;
use model::{Document, Method, Operation, Parameter, ReferenceOr};
use resolve::Sources;

/// Which description language a document is written in; each has its own front end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    #[default]
    OpenApi30,
    OpenApi31,
    Swagger2,
}

impl Dialect {
    /// The dialect the document's version field names, looked for in the text before it is
    /// read, so the pieces can be converted as the reader hands them over; [`Dialect::of`]
    /// checks it once the document is read.
    fn sniff(text: &str) -> Dialect {
        let head = &text[..text.len().min(64 * 1024)];
        let version = head
            .find("\"openapi\"")
            .map(|at| &head[at + "\"openapi\"".len()..])
            .or_else(|| head.lines().find_map(|line| line.strip_prefix("openapi:")));
        match version {
            Some(rest)
                if rest
                    .trim_start_matches([' ', ':', '"', '\''])
                    .starts_with("3.1") =>
            {
                Dialect::OpenApi31
            }
            _ => Dialect::OpenApi30,
        }
    }

    /// The dialect of a document read whole (with its pieces taken).
    fn of(document: &serde_json::Value) -> Dialect {
        match document.get("openapi").and_then(serde_json::Value::as_str) {
            Some(version) if version.starts_with("3.1") => Dialect::OpenApi31,
            None if document.get("swagger").is_some() => Dialect::Swagger2,
            _ => Dialect::OpenApi30,
        }
    }
}

/// A spec read from disk: its files (kept for locating diagnostics) and its parsed description.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The root file, as given.
    pub path: PathBuf,
    /// Every file read, the root first, with its text; and where each node taken from another
    /// file came from.
    pub sources: Sources,
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
    /// Fills in where each diagnostic about this spec points: the file its node came from,
    /// and the line and column there, in one pass over each file's text.
    pub fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
        self.sources.locate_all(diagnostics);
    }

    /// Every file read for this spec, the root first.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.sources.files.iter().map(|file| file.path.as_path())
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
    let dialect = Dialect::sniff(&text);
    if dialect == Dialect::Swagger2 {
        return parse_swagger2(path, text);
    }
    let mut front_end = openapi30::FrontEnd::new(path, dialect);
    let mut take_piece = |pointer: String, value| front_end.take_piece(pointer, value);
    let document = reader::parse_document(path, &text, Some(&mut take_piece))
        .map_err(|diagnostic| located(&text, *diagnostic))?;
    if Dialect::of(&document) != dialect {
        // The version was not where the sniff looked: read the document again, whole.
        let document = reader::parse_document(path, &text, None)
            .map_err(|diagnostic| located(&text, *diagnostic))?;
        if Dialect::of(&document) == Dialect::Swagger2 {
            return parse_swagger2(path, text);
        }
        let front_end = openapi30::FrontEnd::new(path, Dialect::of(&document));
        return finish(path, text, front_end.finish(document));
    }
    finish(path, text, front_end.finish(document))
}

/// A Swagger 2.0 spec: read whole (2.0 specs are small), rewritten into OpenAPI 3.0 and
/// converted as 3.0 is; every diagnostic is moved back to the 2.0 node it came from.
fn parse_swagger2(path: &Path, text: String) -> Result<LoadedSpec, Vec<Diagnostic>> {
    let document = reader::parse_document(path, &text, None)
        .map_err(|diagnostic| located(&text, *diagnostic))?;
    match document.get("swagger") {
        Some(serde_json::Value::String(version)) if version == "2.0" => {}
        other => {
            let shown = other.map_or("nothing".to_string(), ToString::to_string);
            let diagnostic = Diagnostic::error(
                path,
                "#/swagger",
                format!("`swagger: {shown}` is not a version this generator reads"),
            )
            .with_help("set `swagger: '2.0'`, or describe the API in OpenAPI 3.0.3");
            return Err(located(&text, diagnostic));
        }
    }
    let mut origins = Vec::new();
    let mut notes = Vec::new();
    let document = swagger2::to_openapi30(document, &mut origins, &mut notes);
    let finished = openapi30::FrontEnd::new(path, Dialect::Swagger2).finish(document);
    let notes = notes
        .into_iter()
        .map(|(at, message, help)| Diagnostic::warning(path, at, message).with_help(help));
    let finished = match finished {
        Ok(mut converted) => {
            converted.diagnostics.extend(notes);
            converted.sources.origins.extend(origins);
            Ok(converted)
        }
        Err((mut found, mut sources)) => {
            found.extend(notes);
            sources.origins.extend(origins);
            Err((found, sources))
        }
    };
    finish(path, text, finished)
}

/// The loaded spec, or every problem found, each located in its own file.
fn finish(
    path: &Path,
    text: String,
    finished: Result<openapi30::Converted, (Vec<Diagnostic>, Sources)>,
) -> Result<LoadedSpec, Vec<Diagnostic>> {
    let (mut found, mut sources, converted) = match finished {
        Ok(converted) => (
            converted.diagnostics,
            converted.sources,
            Some((converted.api, converted.paths)),
        ),
        Err((found, sources)) => (found, sources, None),
    };
    sources.files[0].text = text;
    sources.locate_all(&mut found);
    match converted {
        Some((api, paths)) => Ok(LoadedSpec {
            path: path.to_path_buf(),
            sources,
            api,
            paths,
            diagnostics: found,
        }),
        None => Err(found),
    }
}

/// Reads a spec file into the JSON value the reader parses, whole, for tools that need what the
/// model leaves out (examples, constraints): the conformance runner builds its request values
/// from it. An OpenAPI 3 document is returned as written; a Swagger 2.0 one in the OpenAPI 3.0
/// shape the generator reads it in (`swagger2::to_openapi30`: parameter types as `schema`s,
/// body and form parameters as request bodies), so such tools read one dialect, mapped the way
/// the client was generated. `$ref`s into other files are left as written.
pub fn read_document(path: &Path) -> Result<serde_json::Value, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        vec![Diagnostic::error(
            path,
            "#",
            format!("cannot read the spec: {error}"),
        )]
    })?;
    document_of(path, &text)
}

/// The document of [`read_document`], from text read from `path`.
fn document_of(path: &Path, text: &str) -> Result<serde_json::Value, Vec<Diagnostic>> {
    let document = reader::parse_document(path, text, None)
        .map_err(|diagnostic| located(text, *diagnostic))?;
    if Dialect::of(&document) == Dialect::Swagger2 {
        return Ok(swagger2::to_openapi30(
            document,
            &mut Vec::new(),
            &mut Vec::new(),
        ));
    }
    Ok(document)
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
    fn a_swagger_2_document_is_read_whole_in_its_openapi_3_shape() {
        let yaml = "\
swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      parameters:
        - {in: query, name: limit, type: integer, maximum: 5}
      responses: {'200': {description: ok}}
";
        let document = document_of(Path::new("pets.yaml"), yaml).unwrap();
        assert_eq!(document["openapi"], "3.0.3");
        assert_eq!(
            document["paths"]["/pets"]["get"]["parameters"][0]["schema"],
            serde_json::json!({"type": "integer", "maximum": 5})
        );
    }

    #[test]
    fn an_openapi_3_document_is_read_as_written() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        let document = document_of(Path::new("empty.yaml"), yaml).unwrap();
        assert_eq!(
            document,
            serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}})
        );
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
