//! Round trips of values that may be `null` where no field says so (`schema_nullable_values`):
//! `nullable` map values and array items decode `null` as `None` and encode it back as `null`.

use fixture_clients::schema_additional_properties as maps;
use fixture_clients::schema_nullable_values as nullable;
use serde_json::json;

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
