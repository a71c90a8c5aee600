//! Finds where the node at a JSON pointer starts in a spec's text (line and column), so every
//! diagnostic can point at it.
//!
//! The fast path parses specs with serde and keeps no positions. Only when a diagnostic is shown
//! is the text walked again, as a stream of events that each carry a position: JSON (text that
//! starts with `{`, as the loader decides) by a small scanner of its own, YAML by
//! `saphyr-parser`. The YAML scanner holds every token of a flow collection until it closes, a
//! whole JSON document at once; the JSON scanner holds nothing. The walk stops at the node.
//! A mapping entry is located at its key, a sequence item at its first character. When the node
//! does not exist (an unresolved name, a missing field) the nearest ancestor that does is
//! returned.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser};

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// What the walk knows about one open mapping or sequence.
enum Frame {
    Mapping { key: Option<String> },
    Sequence { index: usize },
}

/// One pointer being looked for during the walk.
struct Target {
    segments: Vec<String>,
    /// Full matches still to pass over (1 finds the second of two duplicate keys).
    skip: usize,
    /// Set when a matching key was passed over, so its value is passed over too.
    skip_value: bool,
    /// How many leading segments the containers open right now match.
    matched: usize,
    found: Option<Position>,
    /// The deepest ancestor seen so far, for a pointer whose node does not exist.
    best: Option<(usize, Position)>,
}

/// The position of the node at `pointer` (e.g. `#/paths/~1key/post`), or of its nearest
/// ancestor present in the text; `None` when the text does not parse as YAML at all.
pub fn position_of_pointer(text: &str, pointer: &str) -> Option<Position> {
    position_of_occurrence(text, pointer, 0)
}

/// Like [`position_of_pointer`], but passes over the first `skip` matches: with `skip` 1 it
/// finds the second of two duplicate keys.
pub fn position_of_occurrence(text: &str, pointer: &str, skip: usize) -> Option<Position> {
    positions(text, &[(pointer, skip)]).pop().flatten()
}

/// Fills in the line, column and source line of every diagnostic that has no line yet, with
/// one walk over the text for all of them.
pub fn locate_all(text: &str, diagnostics: &mut [crate::diagnostics::Diagnostic]) {
    let pending: Vec<usize> = (0..diagnostics.len())
        .filter(|&index| diagnostics[index].line.is_none())
        .collect();
    if pending.is_empty() {
        return;
    }
    let pointers: Vec<(&str, usize)> = pending
        .iter()
        .map(|&index| (diagnostics[index].pointer.as_str(), 0))
        .collect();
    let found = positions(text, &pointers);
    for (index, position) in pending.into_iter().zip(found) {
        if let Some(position) = position {
            let line = line_text(text, position.line).map(str::to_string);
            let diagnostic = std::mem::replace(
                &mut diagnostics[index],
                crate::diagnostics::Diagnostic::error(std::path::Path::new(""), "", ""),
            );
            diagnostics[index] = diagnostic.at(position.line, position.column, line.as_deref());
        }
    }
}

/// The positions of several `(pointer, skip)` targets, in one walk over the text's events.
fn positions(text: &str, pointers: &[(&str, usize)]) -> Vec<Option<Position>> {
    walk(events(text), pointers)
}

fn walk<'t>(
    events: impl Iterator<Item = (Step<'t>, Position)>,
    pointers: &[(&str, usize)],
) -> Vec<Option<Position>> {
    let mut targets: Vec<Target> = pointers
        .iter()
        .map(|(pointer, skip)| Target {
            segments: decode_pointer(pointer),
            skip: *skip,
            skip_value: false,
            matched: 0,
            found: None,
            best: None,
        })
        .collect();
    let mut frames: Vec<Frame> = Vec::new();
    for (event, position) in events {
        if targets.iter().all(|target| target.found.is_some()) {
            break;
        }
        // Depth of the open containers; the root container is depth 0.
        let depth = frames.len().saturating_sub(1);
        let is_node = matches!(
            event,
            Step::Scalar(_) | Step::MappingStart | Step::SequenceStart | Step::Alias
        );
        if is_node {
            if let Some(Frame::Mapping { key }) = frames.last_mut() {
                if key.is_none() {
                    // A key: the entry it names starts here.
                    let name = match &event {
                        Step::Scalar(value) => value.to_string(),
                        _ => "\u{0}".to_string(),
                    };
                    for target in targets.iter_mut().filter(|target| target.found.is_none()) {
                        if target.matched == depth && target.segments.get(depth) == Some(&name) {
                            if depth + 1 == target.segments.len() {
                                if target.skip == 0 {
                                    target.found = Some(position);
                                } else {
                                    target.skip -= 1;
                                    target.skip_value = true;
                                }
                            } else if target.best.is_none_or(|(d, _)| d <= depth + 1) {
                                target.best = Some((depth + 1, position));
                            }
                        }
                    }
                    *key = Some(name);
                    if !matches!(event, Step::Scalar(_) | Step::Alias) {
                        frames.push(container_frame(&event));
                    }
                    continue;
                }
            }
            let is_root = frames.is_empty();
            let segment = match frames.last() {
                Some(Frame::Mapping { key }) => key.clone().unwrap_or_default(),
                Some(Frame::Sequence { index }) => index.to_string(),
                None => String::new(),
            };
            let node_depth = if is_root { 0 } else { depth + 1 };
            for target in targets.iter_mut().filter(|target| target.found.is_none()) {
                let matches = is_root
                    || (target.matched == depth && target.segments.get(depth) == Some(&segment));
                if !matches {
                    continue;
                }
                if node_depth == target.segments.len() {
                    if target.skip_value {
                        target.skip_value = false;
                    } else {
                        // A mapping entry is located at its key, found just before.
                        let at_key = target.best.filter(|(d, _)| *d == node_depth);
                        target.found = Some(at_key.map_or(position, |(_, key)| key));
                    }
                } else if target.best.is_none_or(|(d, _)| d < node_depth) {
                    target.best = Some((node_depth, position));
                }
            }
            if matches!(event, Step::MappingStart | Step::SequenceStart) {
                for target in targets.iter_mut() {
                    let matches = !is_root
                        && target.matched == depth
                        && target.segments.get(depth) == Some(&segment);
                    if matches {
                        target.matched = depth + 1;
                    }
                }
                frames.push(container_frame(&event));
            } else {
                advance(&mut frames);
            }
        } else if matches!(event, Step::MappingEnd | Step::SequenceEnd) {
            frames.pop();
            let closed_depth = frames.len();
            for target in targets.iter_mut() {
                if target.matched >= closed_depth && closed_depth > 0 {
                    target.matched = closed_depth - 1;
                }
            }
            advance(&mut frames);
        }
    }
    targets
        .into_iter()
        .map(|target| target.found.or(target.best.map(|(_, position)| position)))
        .collect()
}

fn container_frame(event: &Step) -> Frame {
    match event {
        Step::SequenceStart => Frame::Sequence { index: 0 },
        _ => Frame::Mapping { key: None },
    }
}

/// One event of the walk: what the YAML parser reports, reduced to what locating needs.
#[derive(Debug, PartialEq)]
enum Step<'t> {
    Scalar(Cow<'t, str>),
    Alias,
    MappingStart,
    MappingEnd,
    SequenceStart,
    SequenceEnd,
}

/// The events of `text` with their positions, up to the end or the first syntax error.
fn events(text: &str) -> Box<dyn Iterator<Item = (Step<'_>, Position)> + '_> {
    if text.trim_start().starts_with('{') {
        Box::new(JsonEvents::new(text))
    } else {
        Box::new(yaml_events(text))
    }
}

fn yaml_events(text: &str) -> impl Iterator<Item = (Step<'_>, Position)> + '_ {
    let yaml = Parser::new_from_str(text).map_while(Result::ok);
    yaml.filter_map(|(event, span)| {
        let step = match event {
            Event::Scalar(value, ..) => Step::Scalar(value),
            Event::Alias(_) => Step::Alias,
            Event::MappingStart(..) => Step::MappingStart,
            Event::MappingEnd => Step::MappingEnd,
            Event::SequenceStart(..) => Step::SequenceStart,
            Event::SequenceEnd => Step::SequenceEnd,
            _ => return None,
        };
        let position = Position {
            line: span.start.line(),
            column: span.start.col() + 1,
        };
        Some((step, position))
    })
}

/// A JSON scanner that reports containers and scalars with their positions and keeps no
/// state beyond where it is; `:` and `,` are skipped, and it stops at anything that is not JSON.
struct JsonEvents<'t> {
    text: &'t str,
    index: usize,
    line: usize,
    /// 1-based, in characters.
    column: usize,
}

impl<'t> JsonEvents<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            index: 0,
            line: 1,
            column: 1,
        }
    }

    /// Moves past `length` bytes, which hold no line break unless `counting_lines`.
    fn advance(&mut self, length: usize, counting_lines: bool) {
        let passed = &self.text[self.index..self.index + length];
        if counting_lines {
            if let Some(last_break) = passed.rfind('\n') {
                self.line += passed.matches('\n').count();
                self.column = 1 + passed[last_break + 1..].chars().count();
                self.index += length;
                return;
            }
        }
        self.column += passed.chars().count();
        self.index += length;
    }

    /// The length in bytes of the string literal starting at the current `"`.
    fn string_length(&self) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut at = self.index + 1;
        while at < bytes.len() {
            match bytes[at] {
                b'"' => return Some(at + 1 - self.index),
                b'\\' => at += 2,
                b'\n' => return None,
                _ => at += 1,
            }
        }
        None
    }
}

impl<'t> Iterator for JsonEvents<'t> {
    type Item = (Step<'t>, Position);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let rest = &self.text[self.index..];
            let skipped = rest.len()
                - rest
                    .trim_start_matches([' ', '\t', '\r', '\n', ',', ':', '\u{feff}'])
                    .len();
            if skipped > 0 {
                self.advance(skipped, true);
                continue;
            }
            let position = Position {
                line: self.line,
                column: self.column,
            };
            let (step, length) = match rest.as_bytes().first()? {
                b'{' => (Step::MappingStart, 1),
                b'}' => (Step::MappingEnd, 1),
                b'[' => (Step::SequenceStart, 1),
                b']' => (Step::SequenceEnd, 1),
                b'"' => {
                    let length = self.string_length()?;
                    let literal = &rest[..length];
                    let value = if literal.contains('\\') {
                        Cow::Owned(serde_json::from_str::<String>(literal).ok()?)
                    } else {
                        Cow::Borrowed(&literal[1..length - 1])
                    };
                    (Step::Scalar(value), length)
                }
                _ => {
                    let length = rest
                        .find(|c: char| {
                            !(c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.'))
                        })
                        .unwrap_or(rest.len());
                    if length == 0 {
                        return None;
                    }
                    (Step::Scalar(Cow::Borrowed(&rest[..length])), length)
                }
            };
            self.advance(length, false);
            return Some((step, position));
        }
    }
}

/// After a value: a mapping expects its next key, a sequence its next item.
fn advance(frames: &mut [Frame]) {
    match frames.last_mut() {
        Some(Frame::Mapping { key }) => *key = None,
        Some(Frame::Sequence { index }) => *index += 1,
        None => {}
    }
}

fn decode_pointer(pointer: &str) -> Vec<String> {
    pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(crate::diagnostics::unescape_pointer_segment)
        .collect()
}

/// The text of 1-based line `line`.
pub fn line_text(text: &str, line: usize) -> Option<&str> {
    text.lines().nth(line.checked_sub(1)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.0.3\npaths:\n  /key:\n    post:\n      parameters:\n        - name: a\n          in: query\n        - name: b\n          in: query\ncomponents:\n  schemas:\n    Error:\n      type: object\n";

    fn at(line: usize, column: usize) -> Option<Position> {
        Some(Position { line, column })
    }

    #[test]
    fn finds_mapping_entries_at_their_key() {
        assert_eq!(position_of_pointer(YAML, "#/openapi"), at(1, 1));
        assert_eq!(position_of_pointer(YAML, "#/paths/~1key/post"), at(4, 5));
        assert_eq!(
            position_of_pointer(YAML, "#/components/schemas/Error/type"),
            at(13, 7)
        );
    }

    #[test]
    fn finds_sequence_items() {
        assert_eq!(
            position_of_pointer(YAML, "#/paths/~1key/post/parameters/0"),
            at(6, 11)
        );
        assert_eq!(
            position_of_pointer(YAML, "#/paths/~1key/post/parameters/1/in"),
            at(9, 11)
        );
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        assert_eq!(
            position_of_pointer(YAML, "#/components/schemas/Missing"),
            at(11, 3)
        );
        assert_eq!(position_of_pointer(YAML, "#/nothing"), at(1, 1));
    }

    #[test]
    fn finds_json_keys() {
        let json = "{\n  \"paths\": {\n    \"/a\": {\n      \"get\": {}\n    }\n  }\n}";
        assert_eq!(position_of_pointer(json, "#/paths/~1a/get"), at(4, 7));
    }

    #[test]
    fn keys_that_are_not_the_path_do_not_match() {
        let yaml = "a:\n  b: 1\nb:\n  c: 2\n";
        assert_eq!(position_of_pointer(yaml, "#/b/c"), at(4, 3));
    }

    #[test]
    fn finds_the_second_of_two_duplicate_keys() {
        let yaml = "a:\n  b: 1\n  b: 2\n";
        assert_eq!(position_of_occurrence(yaml, "#/a/b", 1), at(3, 3));
    }

    #[test]
    fn locates_many_pointers_in_one_walk() {
        let found = positions(
            YAML,
            &[
                ("#/components/schemas/Error", 0),
                ("#/paths/~1key/post/parameters/1", 0),
                ("#/x", 0),
            ],
        );
        assert_eq!(found, vec![at(12, 5), at(8, 11), at(1, 1)]);
    }

    #[test]
    fn json_keys_with_escapes_and_wide_characters_before_them() {
        let json =
            "{\"a\\/b\": {\"\\u00e9t\u{e9}\": [1, {\"x\": true}]}, \"\u{1f600}\": 0, \"k\": null}";
        assert_eq!(position_of_pointer(json, "#/a~1b"), at(1, 2));
        assert_eq!(position_of_pointer(json, "#/a~1b/\u{e9}t\u{e9}"), at(1, 11));
        assert_eq!(
            position_of_pointer(json, "#/a~1b/\u{e9}t\u{e9}/1/x"),
            at(1, 28)
        );
        assert_eq!(position_of_pointer(json, "#/k"), at(1, 50));
        let pointers = [
            ("#/a~1b/\u{e9}t\u{e9}/1/x", 0),
            ("#/k", 0),
            ("#/\u{1f600}", 0),
        ];
        assert_eq!(
            walk(JsonEvents::new(json), &pointers),
            walk(yaml_events(json), &pointers)
        );
    }

    #[test]
    fn finds_the_second_of_two_duplicate_json_keys() {
        let json = "{\"a\": {\"b\": 1,\n  \"b\": 2}}";
        assert_eq!(position_of_occurrence(json, "#/a/b", 1), at(2, 3));
    }

    #[test]
    fn invalid_json_gives_what_was_found_before_the_error() {
        assert_eq!(
            position_of_pointer("{\"a\": {\"b\": 'x'}}", "#/a/b"),
            at(1, 8)
        );
        assert_eq!(position_of_pointer("{\"a\": \"open", "#/a"), at(1, 2));
    }

    /// The JSON scanner finds every node where the YAML parser finds it: on a JSON spec from
    /// the corpus, and on the project's specs written out as JSON, indented and on one line.
    #[test]
    fn json_scanner_agrees_with_the_yaml_parser_on_every_node() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut texts =
            vec![std::fs::read_to_string(root.join("../shared/corpus/oxide_keeper.json")).unwrap()];
        for spec in ["airkey.yaml", "authentiq.yaml", "smsworks.yaml"] {
            let text = std::fs::read_to_string(root.join("specs").join(spec)).unwrap();
            let value: serde_json::Value = serde_yaml::from_str(&text).unwrap();
            texts.push(serde_json::to_string_pretty(&value).unwrap());
            texts.push(serde_json::to_string(&value).unwrap());
        }
        let mut compared = 0;
        for text in &texts {
            let pointers = every_pointer(&serde_json::from_str(text).unwrap(), "#");
            let pointers: Vec<(&str, usize)> = pointers
                .iter()
                .map(|pointer| (pointer.as_str(), 0))
                .collect();
            let by_json = walk(JsonEvents::new(text), &pointers);
            let by_yaml = walk(yaml_events(text), &pointers);
            assert_eq!(by_json, by_yaml);
            assert!(by_json.iter().all(Option::is_some));
            compared += pointers.len();
        }
        assert!(compared > 3000, "only {compared} nodes compared");
    }

    fn every_pointer(value: &serde_json::Value, at: &str) -> Vec<String> {
        let children: Vec<(String, &serde_json::Value)> = match value {
            serde_json::Value::Object(map) => map
                .iter()
                .map(|(key, child)| (key.replace('~', "~0").replace('/', "~1"), child))
                .collect(),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(index, child)| (index.to_string(), child))
                .collect(),
            _ => Vec::new(),
        };
        let mut pointers = vec![at.to_string()];
        for (segment, child) in children {
            pointers.extend(every_pointer(child, &format!("{at}/{segment}")));
        }
        pointers
    }

    #[test]
    fn invalid_yaml_gives_what_was_found_before_the_error() {
        assert_eq!(position_of_pointer("a: [", "#/a"), at(1, 1));
        assert_eq!(position_of_pointer("", "#/a"), None);
    }
}
