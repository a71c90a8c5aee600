//! Errors and warnings about a spec, each pointing at a file, a line and a JSON pointer.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors stop generation, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a spec, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based line of the offending node, when it could be found in the file.
    pub line: Option<usize>,
    /// JSON pointer of the offending node, e.g. `#/paths/~1key/post`.
    pub pointer: String,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `pointer` in `file`; the line is filled in later by [`crate::locate`].
    pub fn error(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: None,
            pointer: pointer.into(),
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `pointer` in `file`: generation goes on.
    pub fn warning(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pointer, message)
        }
    }

    /// Adds a hint saying how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the line the node starts on.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        match self.line {
            Some(line) => write!(f, "  --> {}:{line}", self.file.display())?,
            None => write!(f, "  --> {}", self.file.display())?,
        }
        write!(f, " at {}", self.pointer)?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Escapes one JSON pointer segment (`~` → `~0`, `/` → `~1`).
pub fn pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Builds a JSON pointer from plain segments: `pointer(&["paths", "/key"])` is `#/paths/~1key`.
pub fn pointer(segments: &[&str]) -> String {
    let mut out = String::from("#");
    for segment in segments {
        out.push('/');
        out.push_str(&pointer_segment(segment));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slashes_and_tildes() {
        assert_eq!(
            pointer(&["paths", "/key/{PK}", "post"]),
            "#/paths/~1key~1{PK}/post"
        );
        assert_eq!(pointer(&["a~b"]), "#/a~0b");
    }

    #[test]
    fn display_names_file_line_pointer_and_help() {
        let diagnostic = Diagnostic::error(Path::new("specs/x.yaml"), "#/paths", "no paths")
            .at_line(3)
            .with_help("add a `paths` object");
        assert_eq!(
            diagnostic.to_string(),
            "error: no paths\n  --> specs/x.yaml:3 at #/paths\n  = help: add a `paths` object"
        );
    }
}
