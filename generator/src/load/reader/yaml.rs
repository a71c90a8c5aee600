//! Reads YAML text into a `serde_json::Value` as the parser's events arrive, refusing duplicate
//! keys. Plain scalars get the types serde_yaml gives them (`null`, booleans, integers in
//! decimal, hex, octal and binary, floats), so a spec means the same as it always did; nothing
//! but the value being built is held, not a list of every event of the document. Like
//! serde_yaml, it bounds how far aliases may repeat nodes and how deep the document may nest.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};

/// Why the text is not a YAML document we can read, and where (1-based line and column).
#[derive(Debug)]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// The JSON pointer of the second occurrence, when the error is a duplicate key.
    pub duplicate: Option<String>,
}

/// Aliases may repeat at most this many nodes per event of the text, plus [`ALIAS_ALLOWANCE`]:
/// a few lines of nested aliases can otherwise stand for billions of nodes.
const ALIAS_NODES_PER_EVENT: usize = 100;
const ALIAS_ALLOWANCE: usize = 10_000;

/// How deep mappings and sequences may nest, as serde_json and serde_yaml allow: the stages
/// after loading walk the document recursively.
const MAX_DEPTH: usize = 128;

/// Reads the single YAML document in `text`.
#[cfg(test)]
pub fn read(text: &str) -> Result<Value, YamlError> {
    read_in_pieces(text, None)
}

/// Reads the single YAML document in `text`, handing each node that [`super::is_piece`] names
/// to `sink` as soon as it is complete; the document keeps `null` in its place.
pub fn read_in_pieces(
    text: &str,
    sink: Option<&mut dyn FnMut(String, Value)>,
) -> Result<Value, YamlError> {
    let mut builder = Builder {
        open: Vec::new(),
        anchors: HashMap::new(),
        aliased_nodes: 0,
        root: None,
        sink,
    };
    let mut last_position = (1, 1);
    let mut events = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|error| YamlError {
            message: error.info().to_string(),
            line: error.marker().line(),
            column: error.marker().col() + 1,
            duplicate: None,
        })?;
        let position = (span.start.line(), span.start.col() + 1);
        last_position = position;
        events += 1;
        let at = |message: String| YamlError {
            message,
            line: position.0,
            column: position.1,
            duplicate: None,
        };
        match event {
            Event::DocumentStart(_) if builder.root.is_some() => {
                return Err(at(
                    "a spec is one YAML document, and this text holds more than one".to_string(),
                ));
            }
            Event::Scalar(value, style, anchor, tag) => {
                let value = scalar(&value, style, tag.as_deref()).map_err(at)?;
                builder.complete(value, 1, anchor, position)?;
            }
            Event::Alias(anchor) => {
                let (value, nodes) = builder
                    .anchors
                    .get(&anchor)
                    .ok_or_else(|| at("an alias names an anchor that is not defined".into()))?;
                builder.aliased_nodes += nodes;
                if builder.aliased_nodes > ALIAS_ALLOWANCE + ALIAS_NODES_PER_EVENT * events {
                    return Err(at(
                        "aliases repeat too many nodes: they would expand the document \
                         far beyond its text"
                            .to_string(),
                    ));
                }
                let (value, nodes) = (value.clone(), *nodes);
                builder.complete(value, nodes, 0, position)?;
            }
            Event::SequenceStart(..) | Event::MappingStart(..)
                if builder.open.len() >= MAX_DEPTH =>
            {
                return Err(at(format!(
                    "the document nests deeper than {MAX_DEPTH} levels"
                )));
            }
            Event::SequenceStart(anchor, tag) => {
                refuse_custom_tag(tag.as_deref()).map_err(at)?;
                builder.open.push(Open::Sequence {
                    items: Vec::new(),
                    anchor,
                    nodes: 1,
                });
            }
            Event::MappingStart(anchor, tag) => {
                refuse_custom_tag(tag.as_deref()).map_err(at)?;
                builder.open.push(Open::Mapping {
                    entries: Map::new(),
                    key: None,
                    anchor,
                    nodes: 1,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor, nodes) = match builder.open.pop() {
                    Some(Open::Sequence {
                        items,
                        anchor,
                        nodes,
                    }) => (Value::Array(items), anchor, nodes),
                    Some(Open::Mapping {
                        entries,
                        anchor,
                        nodes,
                        ..
                    }) => (Value::Object(entries), anchor, nodes),
                    None => continue,
                };
                builder.complete(value, nodes, anchor, position)?;
            }
            _ => {}
        }
    }
    builder.root.ok_or(YamlError {
        message: "the text holds no YAML document".to_string(),
        line: last_position.0,
        column: last_position.1,
        duplicate: None,
    })
}

/// A sequence or mapping whose end has not been read yet.
enum Open {
    Sequence {
        items: Vec<Value>,
        anchor: usize,
        /// Nodes in the container so far, itself included.
        nodes: usize,
    },
    Mapping {
        entries: Map<String, Value>,
        /// The key read, whose value comes next.
        key: Option<String>,
        anchor: usize,
        nodes: usize,
    },
}

struct Builder<'s> {
    open: Vec<Open>,
    /// Values of anchored nodes (`&name`), with their node counts, for the aliases (`*name`)
    /// that repeat them.
    anchors: HashMap<usize, (Value, usize)>,
    /// Nodes repeated by aliases so far.
    aliased_nodes: usize,
    root: Option<Value>,
    sink: Option<&'s mut dyn FnMut(String, Value)>,
}

impl Builder<'_> {
    /// Places a finished node of `nodes` nodes in the container that is open.
    fn complete(
        &mut self,
        value: Value,
        nodes: usize,
        anchor: usize,
        position: (usize, usize),
    ) -> Result<(), YamlError> {
        if anchor != 0 {
            self.anchors.insert(anchor, (value.clone(), nodes));
        }
        match self.open.last_mut() {
            Some(Open::Sequence { nodes: total, .. } | Open::Mapping { nodes: total, .. }) => {
                *total += nodes;
            }
            None => {}
        }
        let pointer_here = |open: &[Open], key: &str| {
            let mut pointer = pointer_of(open);
            pointer.push('/');
            pointer.push_str(&crate::diagnostics::pointer_segment(key));
            pointer
        };
        let mut value = value;
        if let (Some(sink), Some(Open::Mapping { key: Some(key), .. })) =
            (self.sink.as_mut(), self.open.last())
        {
            let pointer = || pointer_here(&self.open, key);
            super::hand_over_if_piece(*sink, self.open.len() - 1, pointer, &mut value);
        }
        let duplicate = match self.open.last_mut() {
            None => {
                self.root = Some(value);
                return Ok(());
            }
            Some(Open::Sequence { items, .. }) => {
                items.push(value);
                return Ok(());
            }
            Some(Open::Mapping { entries, key, .. }) => match key.take() {
                Some(key) => {
                    entries.insert(key, value);
                    return Ok(());
                }
                None => {
                    let name = key_text(value).ok_or_else(|| YamlError {
                        message: "a mapping key must be a scalar, not a mapping or sequence"
                            .to_string(),
                        line: position.0,
                        column: position.1,
                        duplicate: None,
                    })?;
                    if !entries.contains_key(&name) {
                        *key = Some(name);
                        return Ok(());
                    }
                    name
                }
            },
        };
        Err(YamlError {
            message: format!("duplicate key `{duplicate}`: a mapping may name each key once"),
            line: position.0,
            column: position.1,
            duplicate: Some(pointer_here(&self.open, &duplicate)),
        })
    }
}

/// The JSON pointer of the innermost open container.
fn pointer_of(open: &[Open]) -> String {
    let mut pointer = String::from("#");
    for (depth, container) in open.iter().enumerate() {
        if depth + 1 == open.len() {
            break;
        }
        let segment = match container {
            Open::Sequence { items, .. } => items.len().to_string(),
            Open::Mapping { key, .. } => key.clone().unwrap_or_default(),
        };
        pointer.push('/');
        pointer.push_str(&crate::diagnostics::pointer_segment(&segment));
    }
    pointer
}

/// A mapping key as text: YAML allows `200:` (an integer) where OpenAPI means the string `"200"`.
fn key_text(key: Value) -> Option<String> {
    match key {
        Value::String(text) => Some(text),
        Value::Number(number) => Some(match number.as_f64() {
            Some(float) if number.is_f64() => float.to_string(),
            _ => number.to_string(),
        }),
        Value::Bool(value) => Some(value.to_string()),
        Value::Null => Some("null".to_string()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

fn refuse_custom_tag(tag: Option<&Tag>) -> Result<(), String> {
    match tag {
        Some(tag) if !tag.is_yaml_core_schema() => Err(format!(
            "the YAML tag `{}{}` is not supported: OpenAPI values are plain JSON",
            tag.handle, tag.suffix
        )),
        _ => Ok(()),
    }
}

/// The value of a scalar: quoted and block scalars, and `!!str`, are text; plain ones are typed.
fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    refuse_custom_tag(tag)?;
    let as_text = match tag {
        Some(tag) => tag.suffix == "str",
        None => style != ScalarStyle::Plain,
    };
    Ok(if as_text {
        Value::String(text.to_string())
    } else {
        plain_scalar(text)
    })
}

/// serde_yaml's reading of a plain scalar, in its order: null, boolean, integer, float, text.
fn plain_scalar(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(integer) = unsigned_integer(text) {
        return Value::Number(integer.into());
    }
    if let Some(integer) = negative_integer(text) {
        return Value::Number(integer.into());
    }
    if !leading_zero_digits(text) {
        if let Some(float) = float(text) {
            // `.nan` and the infinities have no JSON number; serde_json makes them `null` too.
            return Number::from_f64(float).map_or(Value::Null, Value::Number);
        }
    }
    Value::String(text.to_string())
}

fn unsigned_integer(text: &str) -> Option<u64> {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(digits) = unsigned.strip_prefix(prefix) {
            if digits.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(integer) = u64::from_str_radix(digits, radix) {
                return Some(integer);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || leading_zero_digits(text) {
        return None;
    }
    unsigned.parse().ok()
}

fn negative_integer(text: &str) -> Option<i64> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(digits) = text.strip_prefix(prefix) {
            if let Ok(integer) = i64::from_str_radix(&format!("-{digits}"), radix) {
                return Some(integer);
            }
        }
    }
    if leading_zero_digits(text) {
        return None;
    }
    text.parse().ok()
}

fn float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    match (unsigned, text) {
        (".inf" | ".Inf" | ".INF", _) => return Some(f64::INFINITY),
        (_, "-.inf" | "-.Inf" | "-.INF") => return Some(f64::NEG_INFINITY),
        (_, ".nan" | ".NaN" | ".NAN") => return Some(f64::NAN),
        _ => {}
    }
    unsigned
        .parse::<f64>()
        .ok()
        .filter(|float| float.is_finite())
}

/// YAML 1.2 reads `007` as text: leading zeros followed by more digits are not a number.
fn leading_zero_digits(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_yaml reads, through the loader's duplicate-refusing visitor.
    fn by_serde_yaml(text: &str) -> Option<Value> {
        let duplicate = std::cell::RefCell::new(None);
        super::super::json::read(serde_yaml::Deserializer::from_str(text), &duplicate).ok()
    }

    #[test]
    fn plain_scalars_are_typed_as_serde_yaml_types_them() {
        let scalars = [
            "~",
            "null",
            "Null",
            "NULL",
            "",
            "true",
            "True",
            "TRUE",
            "false",
            "FALSE",
            "0",
            "7",
            "+7",
            "-7",
            "007",
            "-007",
            "0x1F",
            "0x1f",
            "+0x10",
            "-0x10",
            "0o17",
            "-0o17",
            "0b101",
            "-0b101",
            "0x",
            "0x+1",
            "1.5",
            "-1.5",
            "+1.5",
            "1e3",
            "1E-3",
            ".5",
            "5.",
            ".inf",
            "-.inf",
            "+.inf",
            ".Inf",
            ".NaN",
            "inf",
            "nan",
            "infinity",
            "1_000",
            "3.0.3",
            "v1",
            "1.2.3",
            "0.0",
            "-0",
            "++1",
            "+-1",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551615",
            "12:30",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
        ];
        for text in scalars {
            let yaml = format!("value: {text}\n");
            assert_eq!(read(&yaml).ok(), by_serde_yaml(&yaml), "{text:?}");
        }
    }

    #[test]
    fn quoted_block_and_tagged_scalars_are_text() {
        let yaml = "a: '1'\nb: \"true\"\nc: |\n  null\nd: >\n  7\ne: !!str 1.5\nf: !!int 12\n";
        let value = read(yaml).unwrap();
        assert_eq!(value["a"], "1");
        assert_eq!(value["b"], "true");
        assert_eq!(value["c"], "null\n");
        assert_eq!(value["d"], "7\n");
        assert_eq!(value["e"], "1.5");
        assert_eq!(value["f"], 12);
        assert_eq!(Some(value), by_serde_yaml(yaml));
    }

    #[test]
    fn merge_keys_binary_and_empty_documents_read_as_serde_yaml_reads_them() {
        for yaml in [
            "base: &b {a: 1}\nderived:\n  <<: *b\n  c: 2\n",
            "data: !!binary aGVsbG8=\n",
            "---\n",
            "--- a\n...\n",
            "a: |+\n  keep\n\n",
            "'quoted key': \"a\\tb\\u00e9\"\n",
        ] {
            assert_eq!(read(yaml).ok(), by_serde_yaml(yaml), "{yaml:?}");
        }
    }

    #[test]
    fn keys_that_are_not_text_become_text() {
        let yaml = "200: a\n1.5: b\ntrue: c\n~: d\n0x10: e\n";
        let value = read(yaml).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["200", "1.5", "true", "null", "16"]);
        assert_eq!(Some(value), by_serde_yaml(yaml));
    }

    #[test]
    fn aliases_repeat_their_anchored_node() {
        let yaml = "base: &b {type: string, enum: [a, b]}\nother: *b\nlist: [&x 1, *x]\n";
        let value = read(yaml).unwrap();
        assert_eq!(value["other"], value["base"]);
        assert_eq!(value["list"], serde_json::json!([1, 1]));
        assert_eq!(Some(value), by_serde_yaml(yaml));
    }

    /// Ten lines whose aliases would stand for 9^10 nodes ("billion laughs").
    #[test]
    fn aliases_that_multiply_the_document_are_refused() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let items = vec![format!("*a{}", level - 1); 9].join(", ");
            yaml.push_str(&format!("a{level}: &a{level} [{items}]\n"));
        }
        let error = read(&yaml).expect_err("the aliases expand too far");
        assert!(
            error.message.contains("aliases repeat too many nodes"),
            "{error:?}"
        );
        assert!(error.line < 10, "stopped early, at line {}", error.line);
    }

    #[test]
    fn a_few_levels_of_aliases_are_fine() {
        let mut yaml = String::from("a0: &a0 [x, x, x]\n");
        for level in 1..4 {
            let items = vec![format!("*a{}", level - 1); 3].join(", ");
            yaml.push_str(&format!("a{level}: &a{level} [{items}]\n"));
        }
        let value = read(&yaml).unwrap();
        assert_eq!(value["a3"][2][2][2][2], "x");
        assert_eq!(Some(value), by_serde_yaml(&yaml));
    }

    #[test]
    fn nesting_deeper_than_128_levels_is_an_error_not_a_crash() {
        let block = |depth: usize| {
            let mut yaml = String::new();
            for level in 0..depth {
                yaml.push_str(&format!("{}a:\n", "  ".repeat(level)));
            }
            yaml.push_str(&format!("{}b: 1\n", "  ".repeat(depth)));
            yaml
        };
        assert!(read(&block(127)).is_ok());
        let error = read(&block(128)).expect_err("too deep");
        assert!(
            error.message.contains("deeper than 128 levels"),
            "{error:?}"
        );
        assert_eq!(error.line, 129, "where the 129th level starts");
        let flow = format!("a: {}{}\n", "[".repeat(5_000), "]".repeat(5_000));
        assert!(read(&flow).is_err());
    }

    #[test]
    fn duplicate_keys_are_refused_at_the_second_one() {
        let error = read("a: 1\nb:\n  - c: 1\n    c: 2\n").unwrap_err();
        assert!(
            error.message.contains("duplicate key `c`"),
            "{}",
            error.message
        );
        assert_eq!(error.duplicate.as_deref(), Some("#/b/0/c"));
        assert_eq!((error.line, error.column), (4, 5));
    }

    #[test]
    fn what_is_not_one_plain_yaml_document_is_refused_with_a_position() {
        for (yaml, line, needle) in [
            ("a: [1, 2\n", 2, ""),
            ("a: 1\n---\nb: 2\n", 2, "more than one"),
            ("a: *missing\n", 1, ""),
            ("a: !custom 1\n", 1, "`!custom`"),
            ("? [1, 2]\n: x\n", 1, "must be a scalar"),
            ("# only a comment\n", 2, "no YAML document"),
        ] {
            let error = read(yaml).expect_err(yaml);
            assert_eq!(error.line, line, "{yaml:?}: {error:?}");
            assert!(error.message.contains(needle), "{yaml:?}: {error:?}");
        }
    }

    /// Every YAML spec of the project, its fixtures and the corpus reads as serde_yaml reads it.
    #[test]
    fn real_specs_read_as_serde_yaml_reads_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for directory in [
            "specs",
            "tests/fixtures",
            "../shared/corpus",
            "../shared/corpus/big",
        ] {
            for entry in std::fs::read_dir(root.join(directory)).unwrap() {
                let path = entry.unwrap().path();
                if path
                    .extension()
                    .is_some_and(|extension| extension == "yaml")
                {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 40, "only {} YAML files", files.len());
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(read(&text).ok(), by_serde_yaml(&text), "{}", path.display());
        }
    }
}
