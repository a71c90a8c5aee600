//! Stage 1: read a spec file and parse its YAML or JSON into an `openapiv3::OpenAPI`, with the
//! operations of each path kept apart in a compact list.

use std::path::{Path, PathBuf};

use openapiv3::{OpenAPI, Operation, Parameter, PathItem, ReferenceOr};
use serde_json::{Map, Value};

mod checks;
mod narrow;
mod strict;
mod yaml;

use crate::diagnostics::Diagnostic;
use crate::ir::Method;
use crate::locate;
use std::cell::RefCell;

/// A spec read from disk: its text (kept for locating diagnostics) and its parsed description.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    pub path: PathBuf,
    pub text: String,
    /// The description, except its path items: `api.paths` holds only the extensions of the
    /// paths object, and the operations are in [`LoadedSpec::paths`].
    pub api: OpenAPI,
    /// Each path of the spec with its operations, in spec order.
    pub paths: Vec<SpecPath>,
    /// Problems found while loading the parts that did parse: warnings, and errors that still
    /// let the later stages look for more.
    pub diagnostics: Vec<Diagnostic>,
}

/// One path of the spec: what the later stages read of its path item. `openapiv3`'s `PathItem`
/// holds all eight methods inline, 8.7 KB however many are set; this keeps the ones that are.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecPath {
    /// The path template, e.g. `/pets/{petId}`.
    pub path: String,
    /// Set when the path item is a `$ref` (which is not followed); it then has no operations.
    pub reference: Option<String>,
    /// Parameters shared by the path's operations.
    pub parameters: Vec<ReferenceOr<Parameter>>,
    /// The operations by method, in the order `PathItem::iter` gives.
    pub operations: Vec<(Method, Operation)>,
}

impl SpecPath {
    fn new(path: String, item: ReferenceOr<PathItem>) -> Self {
        let item = match item {
            ReferenceOr::Reference { reference } => {
                return Self {
                    path,
                    reference: Some(reference),
                    parameters: Vec::new(),
                    operations: Vec::new(),
                }
            }
            ReferenceOr::Item(item) => item,
        };
        let PathItem {
            get,
            put,
            post,
            delete,
            options,
            head,
            patch,
            trace,
            parameters,
            ..
        } = item;
        let methods = [
            (Method::Get, get),
            (Method::Put, put),
            (Method::Post, post),
            (Method::Delete, delete),
            (Method::Options, options),
            (Method::Head, head),
            (Method::Patch, patch),
            (Method::Trace, trace),
        ];
        Self {
            path,
            reference: None,
            parameters,
            operations: methods
                .into_iter()
                .filter_map(|(method, operation)| Some((method, operation?)))
                .collect(),
        }
    }
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
    // not both held whole; the error path, rare, parses the text again to narrow the failure.
    let api = match into_openapi(document) {
        Ok(api) => Some(api),
        Err(failure) => {
            let reparsed = parse_document(path, &text).unwrap_or_default();
            let mut nodes = narrow::failing_nodes(&reparsed);
            if nodes.is_empty() {
                nodes.push(failure);
            }
            // A node the checks above already explained needs no second, vaguer error.
            let explained: Vec<String> = found
                .iter()
                .filter(|diagnostic| diagnostic.is_error())
                .map(|diagnostic| diagnostic.pointer.clone())
                .collect();
            for (pointer, message) in nodes {
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

/// Converts the document into `openapiv3` types and the list of its paths, or says where the
/// first failure is (a JSON pointer and a message). `components.examples` is left out.
///
/// The path items are converted one at a time, each into a [`SpecPath`]. Left to `openapiv3`,
/// the whole `paths` object is first copied into serde's buffer for flattened fields, then
/// collected into a map that grows by doubling, at 8.7 KB per path item.
fn into_openapi(mut document: Value) -> Result<(OpenAPI, Vec<SpecPath>), (String, String)> {
    let failure = |prefix: &str, error: serde_path_to_error::Error<serde_json::Error>| {
        let pointer = json_pointer_of(error.path());
        (
            format!("{prefix}{}", pointer.trim_start_matches('#')),
            error.inner().to_string(),
        )
    };
    // Named examples are data the generator never reads (a media type's `$ref` to one stays a
    // reference); GitHub's spec holds 0.8 MB of them, several times that once converted.
    if let Some(Value::Object(components)) = document.get_mut("components") {
        components.shift_remove("examples");
    }
    let paths = match document.get_mut("paths") {
        Some(Value::Object(paths)) => std::mem::take(paths),
        _ => Map::new(),
    };
    let mut api: OpenAPI =
        serde_path_to_error::deserialize(document).map_err(|error| failure("#", error))?;
    let mut spec_paths = Vec::with_capacity(paths.len());
    for (key, item) in paths {
        if key.starts_with('/') {
            let prefix = format!("#/paths/{}", crate::diagnostics::pointer_segment(&key));
            let item =
                serde_path_to_error::deserialize(item).map_err(|error| failure(&prefix, error))?;
            spec_paths.push(SpecPath::new(key, item));
        } else if key.starts_with("x-") {
            api.paths.extensions.insert(key, item);
        }
    }
    Ok((api, spec_paths))
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What `openapiv3` makes of the whole document, less the named examples, as the loader
    /// keeps it: the path items taken out into `SpecPath`s.
    fn expected(document: &Value) -> Option<(OpenAPI, Vec<SpecPath>)> {
        let mut api = serde_json::from_value::<OpenAPI>(document.clone()).ok()?;
        if let Some(components) = api.components.as_mut() {
            components.examples.clear();
        }
        let items = std::mem::take(&mut api.paths.paths);
        let paths = items
            .into_iter()
            .map(|(path, item)| SpecPath::new(path, item))
            .collect();
        Some((api, paths))
    }

    /// The path-by-path conversion gives what `openapiv3` gives for the whole document.
    #[test]
    fn converts_as_openapiv3_does() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs = vec![
            root.join("../shared/corpus/oxide_nexus.json"),
            root.join("../shared/corpus/big/github-api.json"),
        ];
        for directory in ["specs", "tests/fixtures"] {
            for entry in std::fs::read_dir(root.join(directory)).unwrap() {
                specs.push(entry.unwrap().path());
            }
        }
        let mut with_paths = 0;
        for spec in specs.iter().filter(|spec| spec.is_file()) {
            let text = std::fs::read_to_string(spec).unwrap();
            let Ok(document) = parse_document(spec, &text) else {
                continue;
            };
            let Some(expected) = expected(&document) else {
                continue;
            };
            with_paths += usize::from(!expected.1.is_empty());
            assert_eq!(
                into_openapi(document).unwrap(),
                expected,
                "{}",
                spec.display()
            );
        }
        assert!(with_paths >= 20, "only {with_paths} specs compared");
    }

    #[test]
    fn keeps_path_extensions_and_skips_other_keys() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"responses": {"200": {"description": "ok"}}}},
                "x-note": {"kept": true},
                "neither": 1,
            },
        });
        let (api, paths) = into_openapi(document.clone()).unwrap();
        assert_eq!(Some((api.clone(), paths.clone())), expected(&document));
        assert_eq!(paths.len(), 1);
        assert!(api.paths.paths.is_empty());
        assert_eq!(api.paths.extensions["x-note"], json!({"kept": true}));
    }

    #[test]
    fn a_path_keeps_its_operations_in_method_order_and_its_parameters() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {
                    "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                    "trace": {"responses": {}},
                    "post": {"responses": {}},
                    "get": {"responses": {}},
                    "summary": "dropped: nothing reads it",
                },
                "/b": {"$ref": "#/components/pathItems/b"},
            },
        });
        let (_, paths) = into_openapi(document).unwrap();
        let methods: Vec<Method> = paths[0]
            .operations
            .iter()
            .map(|(method, _)| *method)
            .collect();
        assert_eq!(methods, [Method::Get, Method::Post, Method::Trace]);
        assert_eq!(paths[0].parameters.len(), 1);
        assert_eq!(paths[0].reference, None);
        assert_eq!(
            paths[1].reference.as_deref(),
            Some("#/components/pathItems/b")
        );
        assert!(paths[1].operations.is_empty());
    }

    #[test]
    fn a_failing_path_item_is_reported_below_its_path() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a/{id}": {"get": {"responses": {"200": {"description": 5}}}}},
        });
        // serde buffers a `$ref`-able node before converting it, so the path ends at the item.
        let (pointer, message) = into_openapi(document).unwrap_err();
        assert_eq!(pointer, "#/paths/~1a~1{id}");
        assert!(message.contains("expected a string"), "{message}");
    }
}
