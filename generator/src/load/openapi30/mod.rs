//! The OpenAPI 3.0 front end: checks the document read by [`super::reader`] and converts it,
//! piece by piece, into the one model the later stages read ([`crate::load::model`]). It reads
//! OpenAPI 3.1 too, which keeps 3.0's objects, with the rules of [`super::openapi31`] for what
//! 3.1 changes.

use std::path::Path;

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::load::model::Document;
use crate::load::resolve::Sources;
use crate::load::Dialect;
use crate::load::SpecPath;

mod bundle;
mod checks;
mod convert;
mod keywords;
mod operation;
mod schema;
#[cfg(test)]
mod tests;

/// What the front end made of a document: the description, its paths, and the warnings and
/// errors that still let the later stages look for more.
pub struct Converted {
    pub api: Document,
    pub paths: Vec<SpecPath>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

/// Converts one document: each path item and component entry as the reader hands it over
/// ([`FrontEnd::take_piece`]), then what is left of the document ([`FrontEnd::finish`]).
pub struct FrontEnd<'p> {
    path: &'p Path,
    pieces: convert::Pieces,
    piece_findings: Vec<Diagnostic>,
    dialect: Dialect,
}

impl<'p> FrontEnd<'p> {
    /// A front end for the document read from `path` (which is only used in messages).
    pub fn new(path: &'p Path, dialect: Dialect) -> Self {
        FrontEnd {
            path,
            pieces: convert::Pieces::new(path, dialect),
            piece_findings: Vec::new(),
            dialect,
        }
    }

    /// Checks and converts the piece at `pointer` (a path item or a component entry).
    pub fn take_piece(&mut self, pointer: String, value: Value) {
        checks::check_piece(
            self.path,
            self.dialect,
            &value,
            &pointer,
            &mut self.piece_findings,
        );
        self.pieces.add(&pointer, value);
    }

    /// Checks and converts the rest of the document; the diagnostics are not yet located (but
    /// come with the sources that locate them).
    pub fn finish(self, document: Value) -> Result<Converted, (Vec<Diagnostic>, Sources)> {
        let path = self.path;
        if let Some(diagnostic) = checks::check_version(path, &document) {
            return Err((vec![diagnostic], Sources::root_only(path)));
        }
        let mut found = checks::check_document(path, self.dialect, &document);
        found.extend(self.piece_findings);
        let finished = self.pieces.finish(document);
        found.extend(finished.checked);
        found.extend(finished.file_errors);
        found.extend(finished.refused.into_iter().map(|refused| {
            Diagnostic::error(path, refused.at, refused.message).with_help(refused.help)
        }));
        found.extend(finished.warnings.into_iter().map(|warning| {
            Diagnostic::warning(path, warning.at, warning.message).with_help(warning.help)
        }));
        let sources = finished.sources;
        match finished.result {
            Ok((api, paths)) => Ok(Converted {
                api,
                paths,
                diagnostics: found,
                sources,
            }),
            Err(failures) => {
                // A node the checks above already explained needs no second, vaguer error.
                let explained: Vec<String> = found
                    .iter()
                    .filter(|diagnostic| diagnostic.is_error())
                    .map(|diagnostic| diagnostic.pointer.clone())
                    .collect();
                for (pointer, message) in failures {
                    if !explained.iter().any(|known| known.starts_with(&pointer)) {
                        found.push(not_openapi(path, self.dialect, pointer, &message));
                    }
                }
                Err((found, sources))
            }
        }
    }
}

fn not_openapi(path: &Path, dialect: Dialect, pointer: String, message: &str) -> Diagnostic {
    let (version, specification) = match dialect {
        Dialect::OpenApi30 => ("OpenAPI 3.0", "OpenAPI 3.0.3"),
        Dialect::OpenApi31 => ("OpenAPI 3.1", "OpenAPI 3.1.1"),
        Dialect::Swagger2 => ("Swagger 2.0", "Swagger 2.0"),
    };
    Diagnostic::error(
        path,
        pointer,
        format!("not valid {version} here: {message}"),
    )
    .with_help(format!(
        "compare this node with the {specification} specification"
    ))
}
