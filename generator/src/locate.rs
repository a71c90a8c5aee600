//! Finds where the node at a JSON pointer starts in a spec's text (line and column), so every
//! diagnostic can point at it.
//!
//! The fast path parses specs with serde and keeps no positions. Only when a diagnostic is shown
//! is the text parsed again with `saphyr-parser`, a YAML 1.2 parser (so JSON too) that reports the
//! position of every event; the walk stops at the node. A mapping entry is located at its key,
//! a sequence item at its first character. When the node does not exist (an unresolved name, a
//! missing field) the nearest ancestor that does is returned.

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

/// The positions of several `(pointer, skip)` targets, in one walk over the parser's events.
fn positions(text: &str, pointers: &[(&str, usize)]) -> Vec<Option<Position>> {
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
    for event in Parser::new_from_str(text) {
        if targets.iter().all(|target| target.found.is_some()) {
            break;
        }
        let Ok((event, span)) = event else {
            break;
        };
        let position = Position {
            line: span.start.line(),
            column: span.start.col() + 1,
        };
        // Depth of the open containers; the root container is depth 0.
        let depth = frames.len().saturating_sub(1);
        let is_node = matches!(
            event,
            Event::Scalar(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
                | Event::Alias(_)
        );
        if is_node {
            if let Some(Frame::Mapping { key }) = frames.last_mut() {
                if key.is_none() {
                    // A key: the entry it names starts here.
                    let name = match &event {
                        Event::Scalar(value, ..) => value.to_string(),
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
                    if !matches!(event, Event::Scalar(..) | Event::Alias(_)) {
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
            if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..)) {
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
        } else if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
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

fn container_frame(event: &Event) -> Frame {
    match event {
        Event::SequenceStart(..) => Frame::Sequence { index: 0 },
        _ => Frame::Mapping { key: None },
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
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
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
    fn invalid_yaml_gives_what_was_found_before_the_error() {
        assert_eq!(position_of_pointer("a: [", "#/a"), at(1, 1));
        assert_eq!(position_of_pointer("", "#/a"), None);
    }
}
