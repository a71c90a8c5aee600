//! The round-trip comparison: a decoded body encoded again against the JSON that arrived. Every
//! difference is data loss, except a property the schema does not declare, which the generated
//! type has no field for, and a value written in other text (a date-time of the same instant and
//! offset, a UUID in other case), which a typed field keeps as a value, not as text: both are
//! reported apart.

use serde_json::Value;

use super::document::resolve;

/// One place where the re-encoded value differs from what arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// JSON pointer into the received body.
    pub pointer: String,
    pub kind: DifferenceKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DifferenceKind {
    /// A property the schema declares arrived and is missing after decoding.
    Lost,
    /// A property the schema does not declare arrived and is missing after decoding.
    Undeclared,
    /// A `null` arrived and the property is missing after decoding.
    NullDropped,
    /// A value arrived and a different one came out.
    Changed { received: Value, encoded: Value },
    /// The same value came out in other text: RFC 3339 date-times of the same instant and the
    /// same offset (`2024-05-03T08:00:00.000Z` and `2024-05-03T08:00:00Z`), or UUIDs that differ
    /// only in case.
    Respelled { received: String, encoded: String },
    /// A property came out that did not arrive.
    Added,
}

impl Difference {
    /// Whether the difference counts as data loss (undeclared properties and respelled values
    /// are reported apart).
    pub fn is_loss(&self) -> bool {
        !matches!(
            self.kind,
            DifferenceKind::Undeclared | DifferenceKind::Respelled { .. }
        )
    }
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        match &self.kind {
            DifferenceKind::Lost => write!(f, "{at}: lost in decoding"),
            DifferenceKind::Undeclared => write!(f, "{at}: not declared by the schema, dropped"),
            DifferenceKind::NullDropped => write!(f, "{at}: null dropped"),
            DifferenceKind::Changed { received, encoded } => {
                write!(
                    f,
                    "{at}: received {} but re-encoded {}",
                    short(received),
                    short(encoded)
                )
            }
            DifferenceKind::Added => write!(f, "{at}: appeared in re-encoding"),
            DifferenceKind::Respelled { received, encoded } => {
                write!(f, "{at}: received {received:?}, re-encoded as {encoded:?}")
            }
        }
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(80).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// Compares what arrived with the decoded value encoded again, knowing the response's schema.
pub fn compare(
    root: &Value,
    schema: Option<&Value>,
    received: &Value,
    encoded: &Value,
) -> Vec<Difference> {
    let mut differences = Vec::new();
    let schemas: Vec<&Value> = schema
        .map(|schema| expand(root, schema))
        .unwrap_or_default();
    walk(
        root,
        &schemas,
        received,
        encoded,
        String::new(),
        &mut differences,
    );
    differences
}

fn walk(
    root: &Value,
    schemas: &[&Value],
    received: &Value,
    encoded: &Value,
    pointer: String,
    differences: &mut Vec<Difference>,
) {
    match (received, encoded) {
        (Value::Object(arrived), Value::Object(out)) => {
            for (key, value) in arrived {
                let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                let inner = property_schemas(root, schemas, key);
                match out.get(key) {
                    Some(again) => walk(root, &inner, value, again, child, differences),
                    None if !schemas.is_empty() && inner.is_empty() => {
                        differences.push(Difference {
                            pointer: child,
                            kind: DifferenceKind::Undeclared,
                        })
                    }
                    None if value.is_null() => differences.push(Difference {
                        pointer: child,
                        kind: DifferenceKind::NullDropped,
                    }),
                    None => differences.push(Difference {
                        pointer: child,
                        kind: DifferenceKind::Lost,
                    }),
                }
            }
            for key in out.keys().filter(|key| !arrived.contains_key(*key)) {
                differences.push(Difference {
                    pointer: format!("{pointer}/{key}"),
                    kind: DifferenceKind::Added,
                });
            }
        }
        (Value::Array(arrived), Value::Array(out)) if arrived.len() == out.len() => {
            let inner = item_schemas(root, schemas);
            for (index, (value, again)) in arrived.iter().zip(out).enumerate() {
                walk(
                    root,
                    &inner,
                    value,
                    again,
                    format!("{pointer}/{index}"),
                    differences,
                );
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (Value::String(a), Value::String(b)) if same_value(a, b) => differences.push(Difference {
            pointer,
            kind: DifferenceKind::Respelled {
                received: a.clone(),
                encoded: b.clone(),
            },
        }),
        (a, b) => differences.push(Difference {
            pointer,
            kind: DifferenceKind::Changed {
                received: a.clone(),
                encoded: b.clone(),
            },
        }),
    }
}

/// Whether two different texts are one value: RFC 3339 date-times of the same instant and the
/// same offset (chrono's `==` compares instants only, so the offsets are compared too), or UUIDs
/// equal but for case.
fn same_value(received: &str, encoded: &str) -> bool {
    use chrono::DateTime;
    if let (Ok(a), Ok(b)) = (
        DateTime::parse_from_rfc3339(received),
        DateTime::parse_from_rfc3339(encoded),
    ) {
        return a == b && a.offset() == b.offset();
    }
    received.eq_ignore_ascii_case(encoded)
        && uuid::Uuid::try_parse(received).is_ok()
        && uuid::Uuid::try_parse(encoded).is_ok()
}

/// A schema with its references followed and its `allOf`/`oneOf`/`anyOf` branches beside it.
fn expand<'a>(root: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    let mut found: Vec<&'a Value> = Vec::new();
    let mut pending: Vec<&'a Value> = vec![schema];
    while let Some(next) = pending.pop() {
        let next = resolve(root, next);
        if found.iter().any(|seen| std::ptr::eq(*seen, next)) || found.len() > 256 {
            continue;
        }
        found.push(next);
        for keyword in ["allOf", "oneOf", "anyOf"] {
            if let Some(branches) = next.get(keyword).and_then(Value::as_array) {
                pending.extend(branches);
            }
        }
    }
    found
}

/// The schemas a property `key` has under any of `schemas` (declared or additional).
fn property_schemas<'a>(root: &'a Value, schemas: &[&'a Value], key: &str) -> Vec<&'a Value> {
    let mut found = Vec::new();
    for schema in schemas {
        if let Some(property) = schema.get("properties").and_then(|p| p.get(key)) {
            found.extend(expand(root, property));
        } else if let Some(additional) =
            schema.get("additionalProperties").filter(|a| a.is_object())
        {
            found.extend(expand(root, additional));
        }
    }
    found
}

fn item_schemas<'a>(root: &'a Value, schemas: &[&'a Value]) -> Vec<&'a Value> {
    schemas
        .iter()
        .filter_map(|schema| schema.get("items"))
        .flat_map(|items| expand(root, items))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pet_root() -> Value {
        json!({ "components": { "schemas": { "Pet": {
            "type": "object",
            "properties": { "id": { "type": "integer" }, "tags": { "type": "array", "items": {
                "type": "object", "properties": { "name": { "type": "string" } }
            }}}
        }}}})
    }

    #[test]
    fn equal_values_have_no_difference_and_1_equals_1_0() {
        let root = pet_root();
        let schema = json!({ "$ref": "#/components/schemas/Pet" });
        let received = json!({ "id": 1, "tags": [{ "name": "a" }] });
        let encoded = json!({ "id": 1.0, "tags": [{ "name": "a" }] });
        assert_eq!(compare(&root, Some(&schema), &received, &encoded), vec![]);
    }

    #[test]
    fn a_declared_property_missing_after_decoding_is_lost_and_an_undeclared_one_is_apart() {
        let root = pet_root();
        let schema = json!({ "$ref": "#/components/schemas/Pet" });
        let received = json!({ "id": 1, "color": "red", "tags": [{ "name": "a", "x": 1 }] });
        let encoded = json!({ "tags": [{}] });
        let differences = compare(&root, Some(&schema), &received, &encoded);
        assert_eq!(
            differences,
            vec![
                Difference {
                    pointer: "/id".into(),
                    kind: DifferenceKind::Lost
                },
                Difference {
                    pointer: "/color".into(),
                    kind: DifferenceKind::Undeclared
                },
                Difference {
                    pointer: "/tags/0/name".into(),
                    kind: DifferenceKind::Lost
                },
                Difference {
                    pointer: "/tags/0/x".into(),
                    kind: DifferenceKind::Undeclared
                },
            ]
        );
        let losses: Vec<bool> = differences.iter().map(Difference::is_loss).collect();
        assert_eq!(losses, vec![true, false, true, false]);
    }

    #[test]
    fn a_property_declared_in_one_of_the_alternatives_counts_as_declared() {
        let root = json!({});
        let schema = json!({ "oneOf": [
            { "type": "object", "properties": { "a": { "type": "string" } } },
            { "type": "object", "properties": { "b": { "type": "string" } } }
        ]});
        let received = json!({ "a": "x", "b": "y" });
        let encoded = json!({ "a": "x" });
        assert_eq!(
            compare(&root, Some(&schema), &received, &encoded),
            vec![Difference {
                pointer: "/b".into(),
                kind: DifferenceKind::Lost
            }]
        );
    }

    #[test]
    fn a_changed_value_and_a_dropped_null_are_differences() {
        let root = json!({});
        let received = json!({ "when": "2024-01-02", "gone": null });
        let encoded = json!({ "when": "2024-01-02T00:00:00Z" });
        let differences = compare(&root, None, &received, &encoded);
        assert_eq!(
            differences[0].to_string(),
            "/when: received \"2024-01-02\" but re-encoded \"2024-01-02T00:00:00Z\""
        );
        assert_eq!(differences[1].kind, DifferenceKind::NullDropped);
        assert!(differences.iter().all(Difference::is_loss));
    }

    /// The differences of one property `v` that arrived as `received` and came out as `encoded`.
    fn compare_one(received: &str, encoded: &str) -> Vec<Difference> {
        compare(
            &json!({}),
            None,
            &json!({ "v": received }),
            &json!({ "v": encoded }),
        )
    }

    #[test]
    fn a_date_time_of_the_same_instant_and_offset_is_respelled_not_lost() {
        for (received, encoded) in [
            ("2024-05-03T08:00:00.000Z", "2024-05-03T08:00:00Z"),
            ("2024-05-03T08:00:00Z", "2024-05-03T08:00:00+00:00"),
            ("1939-11-22T09:08:04.0Z", "1939-11-22T09:08:04Z"),
            (
                "2026-03-29T01:30:00.5+02:00",
                "2026-03-29T01:30:00.500+02:00",
            ),
        ] {
            let differences = compare_one(received, encoded);
            assert_eq!(
                differences,
                vec![Difference {
                    pointer: "/v".into(),
                    kind: DifferenceKind::Respelled {
                        received: received.into(),
                        encoded: encoded.into()
                    }
                }],
                "{received} → {encoded}"
            );
            assert!(!differences[0].is_loss());
        }
        assert_eq!(
            compare_one("2024-05-03T08:00:00.000Z", "2024-05-03T08:00:00Z")[0].to_string(),
            r#"/v: received "2024-05-03T08:00:00.000Z", re-encoded as "2024-05-03T08:00:00Z""#
        );
    }

    #[test]
    fn a_date_time_at_another_offset_or_instant_is_changed_even_when_the_instant_is_the_same() {
        for (received, encoded) in [
            // The same instant, but the offset the server sent is lost.
            ("2026-03-29T01:30:00+02:00", "2026-03-28T23:30:00Z"),
            // The same wall-clock time at another offset: another instant.
            ("2026-03-29T01:30:00+02:00", "2026-03-29T01:30:00Z"),
            // A millisecond lost.
            ("2024-05-03T08:00:00.001Z", "2024-05-03T08:00:00Z"),
        ] {
            let differences = compare_one(received, encoded);
            assert!(
                matches!(differences[0].kind, DifferenceKind::Changed { .. }),
                "{received} → {encoded}: {differences:?}"
            );
            assert!(differences[0].is_loss());
        }
    }

    #[test]
    fn a_uuid_in_other_case_is_respelled_and_other_text_is_changed() {
        let upper = "0B9A6C2E-3F1D-4D5B-9A8E-1C2D3E4F5A6B";
        let lower = "0b9a6c2e-3f1d-4d5b-9a8e-1c2d3e4f5a6b";
        assert!(matches!(
            compare_one(upper, lower)[0].kind,
            DifferenceKind::Respelled { .. }
        ));
        // Another id, and a string that is no UUID, differing in case only.
        assert!(compare_one(upper, "0b9a6c2e-3f1d-4d5b-9a8e-1c2d3e4f5a6c")[0].is_loss());
        assert!(compare_one("Red", "red")[0].is_loss());
    }
}
