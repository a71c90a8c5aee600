//! Round trips of values that may be `null`: `nullable` map values and array items
//! (`schema_nullable_values`) decode `null` as `None` and encode it back as `null`; optional
//! fields that may be `null` (`nullable_patch`, OpenAPI 3.1) keep `null` apart from absent.

use fixture_clients::nullable_patch::{Note, NotePatch};
use fixture_clients::schema_additional_properties as maps;
use fixture_clients::schema_nullable_values as nullable;
use serde_json::{json, Value};

#[macro_use]
#[path = "common/round_trip.rs"]
mod round_trip;

#[test]
fn nullable_map_value_null_decodes_as_none_and_encodes_as_null() {
    // GitHub's gists: a file deleted in a revision is `"name": null` in `files`.
    let gist = round_trip!(
        nullable::Gist,
        json!({"files": {"a.txt": {"filename": "a.txt", "size": 3}, "gone.txt": null}})
    );
    assert_eq!(gist.files["gone.txt"], None);
    let kept = gist.files["a.txt"].as_ref().expect("a.txt is a file");
    assert_eq!(kept.size, Some(3));
}

#[test]
fn map_value_through_a_ref_to_a_nullable_schema_keeps_null() {
    let gist = round_trip!(
        nullable::Gist,
        json!({"files": {}, "history": {"r1": {"version": "1"}, "r2": null}})
    );
    let history = gist.history.expect("history is present");
    assert_eq!(
        history["r1"],
        Some(nullable::Revision {
            version: "1".to_string()
        })
    );
    assert_eq!(history["r2"], None);
}

#[test]
fn nullable_array_items_keep_null() {
    // GitHub's code scanning alerts: `classifications` items are a nullable enum.
    let gist = round_trip!(
        nullable::Gist,
        json!({"files": {}, "classifications": ["source", null, "generated"], "scores": [1.5, null]})
    );
    assert_eq!(
        gist.classifications,
        Some(vec![
            Some(nullable::Classification::Source),
            None,
            Some(nullable::Classification::Generated)
        ])
    );
    assert_eq!(gist.scores, Some(vec![Some(1.5), None]));
}

#[test]
fn additional_properties_of_a_nullable_schema_keep_null() {
    let ratings = round_trip!(
        nullable::Ratings,
        json!({"title": "t", "stars": 4, "unrated": null})
    );
    assert_eq!(ratings.additional_properties["stars"], Some(4));
    assert_eq!(ratings.additional_properties["unrated"], None);
}

#[test]
fn all_of_items_nullable_in_one_part_keep_null() {
    let tagged = round_trip!(nullable::Tagged, json!({"tags": ["a", null]}));
    assert_eq!(tagged.tags, Some(vec![Some("a".to_string()), None]));
}

#[test]
fn map_value_not_nullable_rejects_null() {
    let error = rejects!(maps::CountMap, json!({"apples": null}));
    assert!(error.contains("invalid type: null"), "{error}");
}

#[test]
fn optional_fields_that_may_be_null_round_trip_null_and_absent() {
    let cleared = round_trip!(
        NotePatch,
        json!({"summary": null, "due": null, "label": null, "extra": null})
    );
    assert_eq!(
        cleared,
        NotePatch {
            title: None,
            summary: Some(None),
            due: Some(None),
            label: Some(None),
            extra: Some(Value::Null),
        }
    );
    assert_eq!(round_trip!(NotePatch, json!({})), NotePatch::default());
}

#[test]
fn an_untyped_optional_field_keeps_any_value() {
    let note = round_trip!(
        Note,
        json!({"id": "n1", "title": "t", "summary": null, "extra": [1, {"a": null}]})
    );
    assert_eq!(note.extra, Some(json!([1, {"a": null}])));
}

#[test]
fn a_union_with_null_is_the_other_alternative_made_nullable() {
    // `due` is `anyOf: [{type: string, format: date}, {type: "null"}]`: a date, not an enum.
    let note = round_trip!(
        Note,
        json!({"id": "n1", "title": "t", "summary": "s", "due": "2026-03-29", "label": {"name": "home"}})
    );
    assert_eq!(
        note.due,
        Some(Some(
            chrono::NaiveDate::from_ymd_opt(2026, 3, 29).expect("a valid date")
        ))
    );
    assert_eq!(
        note.label.flatten().map(|label| label.name).as_deref(),
        Some("home")
    );
    rejects!(
        Note,
        json!({"id": "n1", "title": "t", "summary": "s", "due": "soon"})
    );
}
