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

/// The position of the node at `pointer` (e.g. `#/paths/~1key/post`), or of its nearest
/// ancestor present in the text; `None` when the text does not parse as YAML at all.
pub fn position_of_pointer(text: &str, pointer: &str) -> Option<Position> {
    position_of_occurrence(text, pointer, 0)
}

/// Like [`position_of_pointer`], but skips the first `skip` matches: with `skip` 1 it finds the
/// second of two duplicate keys.
pub fn position_of_occurrence(text: &str, pointer: &str, mut skip: usize) -> Option<Position> {
    let target = decode_pointer(pointer);
    let mut frames: Vec<Frame> = Vec::new();
    // Segments of the path to the innermost open container.
    let mut path: Vec<String> = Vec::new();
    let mut best: Option<(usize, Position)> = None;
    // Set when a matching key was skipped, so its value is skipped too.
    let mut skip_value = false;
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else {
            break;
        };
        let position = Position {
            line: span.start.line(),
            column: span.start.col() + 1,
        };
        let is_node = matches!(
            event,
            Event::Scalar(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
                | Event::Alias(_)
        );
        if is_node {
            // A scalar where a mapping expects a key is the key itself: the entry starts there.
            if let Some(Frame::Mapping { key }) = frames.last_mut() {
                if key.is_none() {
                    let name = match &event {
                        Event::Scalar(value, ..) => value.to_string(),
                        _ => String::new(),
                    };
                    let depth = path.len() + 1;
                    if path.iter().chain(Some(&name)).eq(target.iter().take(depth)) {
                        if depth == target.len() {
                            if skip == 0 {
                                return Some(position);
                            }
                            skip -= 1;
                            skip_value = true;
                        } else {
                            best = Some((depth, position));
                        }
                    }
                    *key = Some(name);
                    if !matches!(event, Event::Scalar(..) | Event::Alias(_)) {
                        // A complex key: walk into it without matching anything.
                        frames.push(container_frame(&event));
                        path.push("\u{0}".to_string());
                    }
                    continue;
                }
            }
            let segment = match frames.last() {
                Some(Frame::Mapping { key }) => key.clone().unwrap_or_default(),
                Some(Frame::Sequence { index }) => index.to_string(),
                None => String::new(),
            };
            let is_root = frames.is_empty();
            let depth = if is_root { 0 } else { path.len() + 1 };
            let matches_so_far = is_root
                || path
                    .iter()
                    .chain(Some(&segment))
                    .eq(target.iter().take(depth));
            if matches_so_far && depth == target.len() {
                if !skip_value {
                    return Some(
                        best.filter(|(d, _)| *d == depth)
                            .map_or(position, |(_, p)| p),
                    );
                }
                skip_value = false;
            }
            if matches_so_far && best.is_none_or(|(d, _)| d < depth) {
                best = Some((depth, position));
            }
            if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..)) {
                frames.push(container_frame(&event));
                if !is_root {
                    path.push(segment);
                }
            } else {
                advance(&mut frames);
            }
        } else if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
            frames.pop();
            if !frames.is_empty() {
                path.pop();
            }
            advance(&mut frames);
        }
    }
    best.map(|(_, position)| position)
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
    fn invalid_yaml_gives_what_was_found_before_the_error() {
        assert_eq!(position_of_pointer("a: [", "#/a"), at(1, 1));
        assert_eq!(position_of_pointer("", "#/a"), None);
    }
}
