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
    /// 1-based column where the offending node starts on that line.
    pub column: Option<usize>,
    /// The text of that line, shown under the message with a caret at the column.
    pub source_line: Option<String>,
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
            column: None,
            source_line: None,
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

    /// Sets the line and column the node starts on, and the text of that line.
    pub fn at(mut self, line: usize, column: usize, source_line: Option<&str>) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self.source_line = source_line.map(|text| text.trim_end().to_string());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// In the style of rustc: the message, `--> file:line:column at pointer`, the line of the spec
    /// with a caret under the node, and the help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let location = match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", self.file.display()),
            (Some(line), None) => format!("{}:{line}", self.file.display()),
            _ => self.file.display().to_string(),
        };
        write!(f, "  --> {location} at {}", self.pointer)?;
        if let (Some(line), Some(column), Some(text)) = (self.line, self.column, &self.source_line)
        {
            let gutter = " ".repeat(line.to_string().len());
            let shown: String = text.chars().take(200).collect();
            let caret_offset = column.saturating_sub(1).min(shown.chars().count());
            write!(
                f,
                "\n{gutter} |\n{line} | {shown}\n{gutter} | {}^",
                " ".repeat(caret_offset)
            )?;
        }
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

/// Reads one escaped JSON pointer segment back (`~1` → `/`, then `~0` → `~`).
pub fn unescape_pointer_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
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
        assert_eq!(unescape_pointer_segment("a~0b~1c~01"), "a~b/c~1");
    }

    #[test]
    fn display_shows_the_line_with_a_caret() {
        let diagnostic = Diagnostic::error(Path::new("x.yaml"), "#/info/title", "bad title").at(
            12,
            5,
            Some("    title: 3"),
        );
        assert_eq!(
            diagnostic.to_string(),
            "error: bad title\n  --> x.yaml:12:5 at #/info/title\n   |\n12 |     title: 3\n   |     ^"
        );
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
