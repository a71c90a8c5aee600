//! Errors and warnings about a spec, each pointing at a file, a line and a JSON pointer.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{Level, Renderer, Snippet};

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

impl Diagnostic {
    /// In the style of rustc and cargo, rendered by `annotate-snippets`: the message,
    /// `--> file:line:column`, the line of the spec with a caret under the node labelled with
    /// its JSON pointer, and the help; in colour when `color` is set.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let origin = self.file.display().to_string();
        let at = format!("at {}", self.pointer);
        // A long line is cut around the caret by the renderer, to the terminal's width.
        let shown = self.source_line.as_deref();
        let place = match self.line {
            Some(line) => format!("{origin}:{line} {at}"),
            None => format!("{origin} {at}"),
        };
        let mut message = level.title(&self.message);
        match (self.line, self.column, shown) {
            (Some(line), Some(column), Some(shown)) => {
                // The caret covers the character the node starts with (a byte range).
                let start = shown
                    .char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(shown.len(), |(index, _)| index);
                let end = shown[start..]
                    .chars()
                    .next()
                    .map_or(start, |c| start + c.len_utf8());
                message = message.snippet(
                    Snippet::source(shown)
                        .line_start(line)
                        .origin(&origin)
                        .annotation(level.span(start..end).label(&at)),
                );
            }
            _ => message = message.footer(Level::Note.title(&place)),
        }
        if let Some(help) = &self.help {
            message = message.footer(Level::Help.title(help));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let rendered = renderer.render(message).to_string();
        rendered
    }
}

impl fmt::Display for Diagnostic {
    /// [`Diagnostic::render`] without colour.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Whether diagnostics are shown in colour: on a terminal, unless `NO_COLOR` is set to
/// anything but the empty string (<https://no-color.org>).
pub fn color_wanted(is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    is_terminal && no_color.is_none_or(|value| value.is_empty())
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
            "error: bad title\n  --> x.yaml:12:5\n   |\n12 |     title: 3\n   |     ^ at #/info/title\n   |"
        );
    }

    #[test]
    fn colour_is_for_terminals_and_no_color_turns_it_off() {
        let diagnostic =
            Diagnostic::warning(Path::new("x.yaml"), "#/info", "odd").at(2, 1, Some("info: {}"));
        assert!(
            diagnostic.render(true).contains('\u{1b}'),
            "styled output has escapes"
        );
        assert!(!diagnostic.render(false).contains('\u{1b}'));
        assert!(color_wanted(true, None));
        assert!(color_wanted(true, Some(std::ffi::OsStr::new(""))));
        assert!(!color_wanted(true, Some(std::ffi::OsStr::new("1"))));
        assert!(!color_wanted(false, None));
    }

    #[test]
    fn display_names_file_line_pointer_and_help() {
        let diagnostic = Diagnostic::error(Path::new("specs/x.yaml"), "#/paths", "no paths")
            .at_line(3)
            .with_help("add a `paths` object");
        assert_eq!(
            diagnostic.to_string(),
            "error: no paths\n = note: specs/x.yaml:3 at #/paths\n = help: add a `paths` object"
        );
    }
}
