//! Resolves `$ref`s that leave the file they are in: reads each file a spec refers to (relative
//! to the referencing file's directory, never over the network, never outside the root spec's
//! directory tree), and gives each referenced node a place in the root description — an entry of
//! `components` — so the later stages only ever see local references.
//!
//! Every node taken from another file is recorded as an [`Origin`], so a diagnostic about it is
//! reported in that file, at its own line and pointer ([`Sources::locate_all`]).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{pointer, unescape_pointer_segment, Diagnostic};
use crate::locate;

/// One file read for a spec: the root is the first.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    /// As shown in diagnostics: the root's path as given, the others joined to its directory.
    pub path: PathBuf,
    pub text: String,
}

/// Where a node of the root description came from: the node at `prefix` (and everything
/// below it) is the node at `pointer` of `files[file]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub prefix: String,
    pub file: usize,
    pub pointer: String,
}

/// Every file of a spec and where each bundled node came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
    pub origins: Vec<Origin>,
}

impl Sources {
    /// The sources of a spec that is one file.
    pub fn root_only(root: &Path) -> Sources {
        Sources {
            files: vec![SourceFile {
                path: root.to_path_buf(),
                text: String::new(),
            }],
            origins: Vec::new(),
        }
    }

    /// Moves each diagnostic about a bundled node to the file and pointer the node came from,
    /// then fills in its line, column and source line from that file's text.
    pub fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
        let Some(root) = self.files.first() else {
            return;
        };
        let mut in_file = vec![Vec::new(); self.files.len()];
        for (index, diagnostic) in diagnostics.iter_mut().enumerate() {
            let mut file = 0;
            if diagnostic.line.is_none() && diagnostic.file == root.path {
                if let Some(origin) = self.origin_of(&diagnostic.pointer) {
                    let rest = &diagnostic.pointer[origin.prefix.len()..];
                    diagnostic.pointer = format!("{}{rest}", origin.pointer);
                    diagnostic.file = self.files[origin.file].path.clone();
                    file = origin.file;
                }
            } else if let Some(found) = self.files.iter().position(|f| f.path == diagnostic.file) {
                file = found;
            }
            in_file[file].push(index);
        }
        for (file, indices) in in_file.into_iter().enumerate() {
            if indices.is_empty() {
                continue;
            }
            let mut picked: Vec<Diagnostic> = indices
                .iter()
                .map(|&index| std::mem::replace(&mut diagnostics[index], placeholder()))
                .collect();
            locate::locate_all(&self.files[file].text, &mut picked);
            for (index, diagnostic) in indices.into_iter().zip(picked) {
                diagnostics[index] = diagnostic;
            }
        }
    }

    /// The origin with the longest prefix that holds `at`.
    fn origin_of(&self, at: &str) -> Option<&Origin> {
        self.origins
            .iter()
            .filter(|origin| {
                at == origin.prefix
                    || at
                        .strip_prefix(origin.prefix.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|origin| origin.prefix.len())
    }
}

fn placeholder() -> Diagnostic {
    Diagnostic::error(Path::new(""), "", "")
}

/// Why a `$ref` cannot be followed: what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub message: String,
    pub help: String,
}

fn refusal(message: impl Into<String>, help: impl Into<String>) -> Refusal {
    Refusal {
        message: message.into(),
        help: help.into(),
    }
}

/// A node of another file given a place under `components.<section>`.
struct Bundled {
    file: usize,
    fragment: String,
    section: &'static str,
    name: String,
    converted: bool,
}

/// A node of another file, to convert: its file, where it goes and the node itself.
pub struct Pending {
    pub file: usize,
    pub section: &'static str,
    pub name: String,
    pub value: Value,
}

/// Reads the files a spec's `$ref`s name and decides where their nodes go.
#[derive(Default)]
pub struct Resolver {
    /// The canonical directory of the root spec; `None` when the spec was not read from a file.
    root_dir: Option<PathBuf>,
    /// The directory of the root spec as given, for the paths shown in messages.
    shown_dir: PathBuf,
    pub sources: Sources,
    /// The canonical path of each file, and its tree once read (the root's is never kept).
    canonical: Vec<PathBuf>,
    trees: Vec<Option<Value>>,
    bundled: Vec<Bundled>,
    /// The problems of files that could not be read or parsed, located in their own text.
    pub file_errors: Vec<Diagnostic>,
}

impl Resolver {
    /// A resolver for the spec at `root` (whose text the caller keeps).
    pub fn new(root: &Path) -> Resolver {
        let canonical = root.canonicalize().ok();
        let root_dir = canonical
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf);
        Resolver {
            root_dir,
            shown_dir: root.parent().map(Path::to_path_buf).unwrap_or_default(),
            sources: Sources {
                files: vec![SourceFile {
                    path: root.to_path_buf(),
                    text: String::new(),
                }],
                origins: Vec::new(),
            },
            canonical: vec![canonical.unwrap_or_default()],
            trees: vec![None],
            bundled: Vec::new(),
            file_errors: Vec::new(),
        }
    }

    /// The local `$ref` (`#/components/<section>/<name>`) that stands for `reference`, written
    /// in file `from`: a node of another file, or of a file other than the root, is given an
    /// entry of its own, named after its last pointer segment or its file.
    pub fn bundle(
        &mut self,
        from: usize,
        reference: &str,
        section: &'static str,
    ) -> Result<String, Refusal> {
        let (file, fragment) = self.file_of(from, reference)?;
        if file == 0 {
            if let Some(name) = component_name(&fragment, section) {
                return Ok(pointer(&["components", section, &name]));
            }
        }
        if let Some(known) = self
            .bundled
            .iter()
            .find(|b| b.file == file && b.fragment == fragment && b.section == section)
        {
            return Ok(pointer(&["components", section, &known.name]));
        }
        self.node(file, &fragment)?;
        let base = match fragment.rsplit('/').next().filter(|last| !last.is_empty()) {
            Some(last) => unescape_pointer_segment(last),
            None => file_stem(&self.sources.files[file].path),
        };
        let mut name = base.clone();
        let mut counter = 1;
        while self
            .bundled
            .iter()
            .any(|b| b.section == section && b.name == name)
        {
            counter += 1;
            name = format!("{base}{counter}");
        }
        self.bundled.push(Bundled {
            file,
            fragment,
            section,
            name: name.clone(),
            converted: false,
        });
        Ok(pointer(&["components", section, &name]))
    }

    /// The next bundled node not yet converted, recorded as coming from its file.
    pub fn next_pending(&mut self) -> Option<Pending> {
        let index = self.bundled.iter().position(|b| !b.converted)?;
        self.bundled[index].converted = true;
        let (file, fragment) = (
            self.bundled[index].file,
            self.bundled[index].fragment.clone(),
        );
        let (section, name) = (
            self.bundled[index].section,
            self.bundled[index].name.clone(),
        );
        let value = self.node(file, &fragment).ok()?;
        self.sources.origins.push(Origin {
            prefix: pointer(&["components", section, &name]),
            file,
            pointer: format!("#{fragment}"),
        });
        Some(Pending {
            file,
            section,
            name,
            value,
        })
    }

    /// The node `reference` (written in file `from`) names, with its file, recorded as the
    /// origin of the node at `at`: for path items, which are taken in where they are used.
    pub fn take_in(
        &mut self,
        from: usize,
        reference: &str,
        at: &str,
    ) -> Result<(usize, Value), Refusal> {
        let (file, fragment) = self.file_of(from, reference)?;
        let value = self.node(file, &fragment)?;
        self.sources.origins.push(Origin {
            prefix: at.to_string(),
            file,
            pointer: format!("#{fragment}"),
        });
        Ok((file, value))
    }

    /// The file (read if need be) and the pointer within it that `reference` names.
    fn file_of(&mut self, from: usize, reference: &str) -> Result<(usize, String), Refusal> {
        let (location, fragment) = match reference.split_once('#') {
            Some((location, fragment)) => (location, fragment),
            None => (reference, ""),
        };
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(refusal(
                format!("`$ref: {reference}` has a fragment that is not a JSON pointer"),
                "write the part after `#` as a JSON pointer, e.g. `#/components/schemas/Pet`",
            ));
        }
        let fragment = fragment.to_string();
        if location.is_empty() {
            return Ok((from, fragment));
        }
        if is_url(location) {
            return Err(refusal(
                format!("`$ref: {reference}` is a URL; generation never fetches anything from the network"),
                "download the file next to the spec and refer to it by a relative path",
            ));
        }
        let Some(root_dir) = self.root_dir.clone() else {
            return Err(refusal(
                format!("`$ref: {reference}` names another file, but this spec was not read from a file"),
                "read the spec from a file, so the files it refers to can be found",
            ));
        };
        let directory = self.canonical[from]
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| root_dir.clone());
        let joined = directory.join(percent_decoded(location));
        let outside = |path: &Path| {
            refusal(
                format!(
                    "`$ref: {reference}` names `{}`, which is outside the root spec's directory `{}`",
                    path.display(),
                    root_dir.display()
                ),
                "keep every file of the spec in the root spec's directory or below it",
            )
        };
        let normalized = normalized(&joined);
        if !normalized.starts_with(&root_dir) {
            return Err(outside(&normalized));
        }
        let canonical = joined.canonicalize().map_err(|error| {
            refusal(
                format!(
                    "`$ref: {reference}` names `{}`, which cannot be read: {error}",
                    joined.display()
                ),
                "fix the path: it is relative to the directory of the file that holds the `$ref`",
            )
        })?;
        // A symbolic link may still lead out.
        if !canonical.starts_with(&root_dir) {
            return Err(outside(&canonical));
        }
        if let Some(known) = self.canonical.iter().position(|path| *path == canonical) {
            return Ok((known, fragment));
        }
        let text = std::fs::read_to_string(&canonical).map_err(|error| {
            refusal(
                format!(
                    "`$ref: {reference}` names `{}`, which cannot be read: {error}",
                    canonical.display()
                ),
                "check that the file exists and is UTF-8 text",
            )
        })?;
        let shown = match canonical.strip_prefix(&root_dir) {
            Ok(relative) => self.shown_dir.join(relative),
            Err(_) => canonical.clone(),
        };
        let tree = match super::reader::parse_document(&shown, &text, None) {
            Ok(tree) => tree,
            Err(diagnostic) => {
                let message = format!(
                    "`$ref: {reference}` names `{}`, which is not valid: {}",
                    shown.display(),
                    diagnostic.message
                );
                self.file_errors.push(*diagnostic);
                return Err(refusal(
                    message,
                    "fix the file the `$ref` names (reported on its own)",
                ));
            }
        };
        self.sources.files.push(SourceFile { path: shown, text });
        self.canonical.push(canonical);
        self.trees.push(Some(tree));
        Ok((self.sources.files.len() - 1, fragment))
    }

    /// A copy of the node at `fragment` of `file`; the root spec is read in pieces and not
    /// kept, so only its `components` entries can be named from other files.
    fn node(&mut self, file: usize, fragment: &str) -> Result<Value, Refusal> {
        let Some(tree) = self.trees[file].as_ref() else {
            return Err(refusal(
                format!(
                    "`$ref: #{fragment}` names a node of the root spec outside its `components`"
                ),
                "move the node into the root spec's `components` and refer to it there",
            ));
        };
        match tree.pointer(fragment) {
            Some(node) => Ok(node.clone()),
            None => Err(refusal(
                format!(
                    "`{}` has nothing at `#{fragment}`",
                    self.sources.files[file].path.display()
                ),
                "fix the pointer after `#` in the `$ref`, or add the node it names",
            )),
        }
    }
}

/// `common.yaml#/components/schemas/Error` is local when the fragment names an entry of
/// `components.<section>` directly.
fn component_name(fragment: &str, section: &str) -> Option<String> {
    let mut segments = fragment.strip_prefix('/')?.split('/');
    match (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) {
        (Some("components"), Some(found), Some(name), None) if found == section => {
            Some(unescape_pointer_segment(name))
        }
        _ => None,
    }
}

/// Whether a `$ref`'s location is a URL (`https://…`, `//host/…`, `file:…`) rather than a path.
pub fn is_url(location: &str) -> bool {
    location.starts_with("//")
        || location.split_once(':').is_some_and(|(scheme, _)| {
            scheme.len() > 1
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// A relative reference is a URI: `%7B` is `{`, `%20` a space.
fn percent_decoded(location: &str) -> String {
    let bytes = location.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match (bytes[index], hex(index + 1), hex(index + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                index += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| location.to_string())
}

/// `a/b/../c` as `a/c`, without asking the file system.
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or("Bundled")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_relative_paths() {
        for url in [
            "https://example.com/a.yaml",
            "http://x/y",
            "//cdn/x.yaml",
            "file:///etc/passwd",
        ] {
            assert!(is_url(url), "{url}");
        }
        for path in [
            "./a.yaml",
            "../schemas/Pet.yaml",
            "paths/menu_{id}.yaml",
            "C",
        ] {
            assert!(!is_url(path), "{path}");
        }
    }

    #[test]
    fn a_component_fragment_of_the_root_stays_local() {
        assert_eq!(
            component_name("/components/schemas/Pet~1Cat", "schemas").as_deref(),
            Some("Pet/Cat")
        );
        assert_eq!(component_name("/components/schemas/Pet", "responses"), None);
        assert_eq!(component_name("/definitions/Pet", "schemas"), None);
    }

    #[test]
    fn percent_escapes_in_a_relative_path_are_decoded() {
        assert_eq!(
            percent_decoded("paths/menu_%7Bid%7D.yaml"),
            "paths/menu_{id}.yaml"
        );
        assert_eq!(percent_decoded("a%2"), "a%2");
    }
}
