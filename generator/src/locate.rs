//! Finds the line of a JSON pointer in the spec's text, so diagnostics can say where a node starts.
//!
//! The search walks the pointer's segments in order and, for each one, looks for the first
//! mapping key of that name after the previous segment's position (YAML block keys, quoted YAML
//! keys and JSON object keys). Array indices are counted as `- ` items in YAML and skipped in JSON.
//! It only runs when a diagnostic is shown, never on the fast path.

/// Returns the 1-based line where the node at `pointer` (e.g. `#/paths/~1key/post`) starts,
/// or the line of its nearest ancestor that could be found.
pub fn line_of_pointer(text: &str, pointer: &str) -> Option<usize> {
    let segments = decode_pointer(pointer);
    let is_json = text.trim_start().starts_with('{');
    let mut position = 0;
    let mut found_any = segments.is_empty();
    for (depth, segment) in segments.iter().enumerate() {
        // The root's keys may sit on the very first line; deeper keys sit below their parent's line.
        let skip = usize::from(depth > 0);
        let next = if is_json {
            find_json_key(text, position, segment)
        } else {
            find_yaml_key(text, position, segment, skip)
                .or_else(|| find_yaml_item(text, position, segment, skip))
        };
        match next {
            Some(found) => {
                position = found;
                found_any = true;
            }
            None => break,
        }
    }
    found_any.then(|| line_number(text, position))
}

fn decode_pointer(pointer: &str) -> Vec<String> {
    pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect()
}

fn line_number(text: &str, position: usize) -> usize {
    text[..position].bytes().filter(|&b| b == b'\n').count() + 1
}

/// Byte offsets of the lines starting at or after `from`.
fn lines_from(text: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    let start = text[..from].rfind('\n').map_or(0, |i| i + 1);
    let mut offset = start;
    text[start..].split_inclusive('\n').map(move |line| {
        let at = offset;
        offset += line.len();
        (at, line.trim_end_matches(['\n', '\r']))
    })
}

fn find_yaml_key(text: &str, from: usize, key: &str, skip: usize) -> Option<usize> {
    let candidates = [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ];
    lines_from(text, from).skip(skip).find_map(|(at, line)| {
        let content = line.trim_start().trim_start_matches("- ").trim_start();
        let matches = candidates.iter().any(|candidate| {
            content.starts_with(candidate.as_str())
                && content[candidate.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ' ' || c == '\t')
        });
        matches.then_some(at + (line.len() - line.trim_start().len()))
    })
}

/// Finds the `index`-th `- ` item of the sequence that starts after `from`.
fn find_yaml_item(text: &str, from: usize, segment: &str, skip: usize) -> Option<usize> {
    let index: usize = segment.parse().ok()?;
    let mut items = lines_from(text, from).skip(skip).filter_map(|(at, line)| {
        let indent = line.len() - line.trim_start().len();
        line.trim_start()
            .starts_with("- ")
            .then_some((at + indent, indent))
    });
    let (first_at, indent) = items.next()?;
    if index == 0 {
        return Some(first_at);
    }
    items
        .filter(|&(_, item_indent)| item_indent == indent)
        .nth(index - 1)
        .map(|(at, _)| at)
}

fn find_json_key(text: &str, from: usize, key: &str) -> Option<usize> {
    if key.parse::<usize>().is_ok() && !text[from..].contains(&format!("\"{key}\"")) {
        return Some(from);
    }
    let needle = format!("\"{}\"", key.replace('"', "\\\""));
    let mut search_from = from;
    while let Some(relative) = text[search_from..].find(&needle) {
        let at = search_from + relative;
        let after = text[at + needle.len()..].trim_start();
        if after.starts_with(':') {
            return Some(at);
        }
        search_from = at + needle.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.0.3\npaths:\n  /key:\n    post:\n      parameters:\n        - name: a\n          in: query\n        - name: b\n          in: query\ncomponents:\n  schemas:\n    Error:\n      type: object\n";

    #[test]
    fn finds_nested_yaml_keys() {
        assert_eq!(line_of_pointer(YAML, "#/paths/~1key/post"), Some(4));
        assert_eq!(
            line_of_pointer(YAML, "#/components/schemas/Error"),
            Some(12)
        );
        assert_eq!(line_of_pointer(YAML, "#/openapi"), Some(1));
    }

    #[test]
    fn finds_yaml_sequence_items() {
        assert_eq!(
            line_of_pointer(YAML, "#/paths/~1key/post/parameters/1"),
            Some(8)
        );
        assert_eq!(
            line_of_pointer(YAML, "#/paths/~1key/post/parameters/0"),
            Some(6)
        );
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        assert_eq!(
            line_of_pointer(YAML, "#/components/schemas/Missing"),
            Some(11)
        );
    }

    #[test]
    fn finds_json_keys() {
        let json = "{\n  \"paths\": {\n    \"/a\": {\n      \"get\": {}\n    }\n  }\n}";
        assert_eq!(line_of_pointer(json, "#/paths/~1a/get"), Some(4));
    }
}
