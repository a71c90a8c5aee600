//! Round trips of the `schema_*` fixture models: example JSON decodes into the generated type and
//! encodes back to the same JSON, and each schema construct lands where it should in Rust.

use fixture_clients::{
    schema_additional_properties as maps, schema_all_of as all_of, schema_arrays as arrays,
    schema_enums as enums, schema_inline_naming as inline, schema_numbers as numbers,
    schema_objects as objects, schema_one_of_discriminator as tagged,
    schema_read_write_only as read_write, schema_recursive as recursive,
    schema_rust_names as names, schema_untagged as untagged, schema_untyped_and_formats as formats,
};
use serde_json::{json, Value};

#[macro_use]
#[path = "common/round_trip.rs"]
mod round_trip;

// schema_objects: required, optional, nullable, optional-and-nullable.

#[test]
fn optional_nullable_field_absent_is_none_and_stays_absent() {
    let profile = round_trip!(objects::Profile, json!({"id": "p1", "nickname": "Al"}));
    assert_eq!(profile.middle_name, None);
    assert_eq!(profile.age, None);
    assert_eq!(profile.email, None);
}

#[test]
fn optional_nullable_field_null_is_some_none_and_stays_null() {
    let profile = round_trip!(
        objects::Profile,
        json!({"id": "p1", "nickname": "Al", "middleName": null, "age": null})
    );
    assert_eq!(profile.middle_name, Some(None));
    assert_eq!(profile.age, Some(None));
}

#[test]
fn optional_nullable_field_with_a_value_is_some_some() {
    let profile = round_trip!(
        objects::Profile,
        json!({"id": "p1", "nickname": "Al", "middleName": "Bo", "age": 42})
    );
    assert_eq!(profile.middle_name, Some(Some("Bo".to_string())));
    assert_eq!(profile.age, Some(Some(42)));
}

#[test]
fn required_nullable_field_keeps_null() {
    let profile = round_trip!(
        objects::Profile,
        json!({"id": "p1", "nickname": null, "email": "al@example.com"})
    );
    assert_eq!(profile.nickname, None);
    assert_eq!(profile.email.as_deref(), Some("al@example.com"));
}

#[test]
fn required_field_cannot_be_missing() {
    let error = rejects!(objects::Profile, json!({"nickname": "Al"}));
    assert!(error.contains("missing field `id`"), "{error}");
}

#[test]
fn a_field_given_twice_is_an_error() {
    // `json!` cannot hold a repeated key: the text is decoded as a response body is.
    let text = r#"{"id": "p1", "id": "p2", "nickname": "Al"}"#;
    let error = serde_json::from_str::<objects::Profile>(text)
        .expect_err("a repeated field must not decode")
        .to_string();
    assert!(error.contains("duplicate field `id`"), "{error}");
}

#[test]
fn unknown_fields_are_skipped() {
    let profile: objects::Profile = serde_json::from_value(
        json!({"id": "p1", "nickname": "Al", "shoeSize": 44, "tags": {"nested": [1, 2]}}),
    )
    .expect("unknown fields are skipped");
    assert_eq!(profile.id, "p1");
}

#[test]
fn an_object_schema_decodes_only_from_an_object() {
    // serde's derive also accepts a list of the field values in order; the spec does not.
    let error = rejects!(objects::Profile, json!(["p1", "Al"]));
    assert!(error.contains("expected struct Profile"), "{error}");
    let error = rejects!(objects::Profile, json!("p1"));
    assert!(error.contains("invalid type: string"), "{error}");
}

#[test]
fn escaped_keys_and_keys_from_a_value_are_matched_too() {
    // An escaped key cannot be borrowed from the input; a `Value` hands over owned keys.
    let text = r#"{"i\u0064": "p1", "nickname": "Al"}"#;
    let profile: objects::Profile = serde_json::from_str(text).expect("an escaped key decodes");
    assert_eq!(profile.id, "p1");
    let profile: objects::Profile =
        serde_json::from_value(json!({"id": "p2", "nickname": null})).expect("a value decodes");
    assert_eq!(profile.id, "p2");
}

#[test]
fn null_for_an_optional_non_nullable_field_reads_as_absent() {
    // `email` is optional but not nullable: the spec does not allow `null`; reading it as
    // absent is lenient, and it must not come back as `null`.
    let profile: objects::Profile =
        serde_json::from_value(json!({"id": "p1", "nickname": "Al", "email": null}))
            .expect("null for an optional field decodes");
    assert_eq!(profile.email, None);
    let encoded = serde_json::to_value(&profile).expect("the profile encodes");
    assert_eq!(encoded, json!({"id": "p1", "nickname": "Al"}));
}

// schema_enums: renamed values and the catch-all.

#[test]
fn enum_values_that_are_not_identifiers_rename_on_the_wire() {
    let cases = [
        ("in-progress", enums::Status::InProgress),
        ("DONE", enums::Status::Done),
        ("2fa", enums::Status::Value2fa),
        ("", enums::Status::Empty),
        ("pending_review", enums::Status::PendingReview),
    ];
    for (wire, variant) in cases {
        let decoded = round_trip!(enums::Status, json!(wire));
        assert_eq!(decoded, variant);
        assert_eq!(decoded.as_str(), wire);
    }
}

#[test]
fn unknown_enum_value_lands_in_the_catch_all_and_reencodes_unchanged() {
    let status = round_trip!(enums::Status, json!("archived"));
    assert_eq!(status, enums::Status::Unknown("archived".to_string()));
    assert_eq!(status.to_string(), "archived");
}

#[test]
fn enum_values_are_case_sensitive() {
    let status = round_trip!(enums::Status, json!("done"));
    assert_eq!(status, enums::Status::Unknown("done".to_string()));
}

#[test]
fn enum_converts_from_a_string_like_it_decodes() {
    assert_eq!(
        enums::Status::from("in-progress".to_string()),
        enums::Status::InProgress
    );
    assert_eq!(
        enums::Status::from("later".to_string()),
        enums::Status::Unknown("later".to_string())
    );
}

#[test]
fn enum_refuses_a_value_that_is_not_a_string() {
    for wire in [
        json!(2),
        json!(null),
        json!(["DONE"]),
        json!({"DONE": null}),
    ] {
        let error = serde_json::from_value::<enums::Status>(wire.clone())
            .expect_err("only strings are enum values");
        assert!(
            error.to_string().contains("expected a string"),
            "{wire}: {error}"
        );
    }
}

#[test]
fn enums_inside_an_object_round_trip() {
    let task = round_trip!(
        enums::Task,
        json!({
            "status": "in-progress",
            "priority": "urgent",
            "history": ["", "2fa", "DONE", "reopened"],
            "color": "green"
        })
    );
    assert_eq!(task.status, enums::Status::InProgress);
    assert_eq!(
        task.priority,
        Some(enums::Priority::Unknown("urgent".to_string()))
    );
    assert_eq!(
        task.history,
        Some(vec![
            enums::Status::Empty,
            enums::Status::Value2fa,
            enums::Status::Done,
            enums::Status::Unknown("reopened".to_string()),
        ])
    );
    assert_eq!(task.color, Some(enums::TaskColor::Green));
}

// schema_numbers: integer and number formats, booleans.

#[test]
fn every_number_format_round_trips_at_its_limits() {
    let measurement = round_trip!(
        numbers::Measurement,
        json!({
            "small": i32::MIN,
            "large": i64::MAX,
            "plain": 9_007_199_254_740_993_i64,
            "single": 1.5,
            "double": 0.1,
            "real": -2.5e300,
            "flag": true
        })
    );
    assert_eq!(measurement.small, i32::MIN);
    assert_eq!(measurement.large, i64::MAX);
    assert_eq!(measurement.single, 1.5_f32);
    assert!(measurement.flag);
}

#[test]
fn a_float_keeps_every_value_a_32_bit_float_holds_and_rounds_others_to_one() {
    // The conformance runner's evidence for instagram, motaword and the multi-file spec: what
    // Prism sends for `format: float` is a double no float holds, which comes back rounded.
    for single in [1.6145884e38, 3.4028235e38, -3.4028235e38, 0.1] {
        let measurement = round_trip!(
            numbers::Measurement,
            json!({
                "small": 0, "large": 0, "plain": 0,
                "single": single, "double": 0.0, "real": 0.0, "flag": false
            })
        );
        assert_eq!(f64::from(measurement.single), f64::from(single as f32));
    }
    let prisms: numbers::Measurement = serde_json::from_value(json!({
        "small": 0, "large": 0, "plain": 0,
        "single": 1.6145883822292554e38, "double": 0.0, "real": 0.0, "flag": false
    }))
    .unwrap();
    assert_eq!(prisms.single, 1.6145884e38_f32);
}

#[test]
fn integer_without_format_is_64_bits_wide() {
    let measurement = round_trip!(
        numbers::Measurement,
        json!({
            "small": 0, "large": 0, "plain": -9_007_199_254_740_993_i64,
            "single": 0.0, "double": 0.0, "real": 0.0, "flag": false
        })
    );
    assert_eq!(measurement.plain, -9_007_199_254_740_993);
}

#[test]
fn int32_rejects_a_value_beyond_32_bits() {
    rejects!(
        numbers::Measurement,
        json!({
            "small": 2_147_483_648_i64, "large": 0, "plain": 0,
            "single": 0.0, "double": 0.0, "real": 0.0, "flag": false
        })
    );
}

// schema_additional_properties: `true`, a schema, with and without properties, `false`.

#[test]
fn additional_properties_of_every_kind_round_trip() {
    let bag = round_trip!(
        maps::Bag,
        json!({
            "any": {"x": 1, "y": [true, null], "z": {"deep": "yes"}},
            "counts": {"apples": 3, "pears": 0},
            "extras": {"name": "n", "color": "red", "size": 2},
            "labelled": {"label": "l", "left": 1, "right": 2},
            "closed": {"name": "c"},
            "inlineMap": {"first": {"score": 0.5}, "second": {}}
        })
    );
    assert_eq!(bag.any.additional_properties["y"], json!([true, null]));
    assert_eq!(bag.counts.additional_properties["apples"], 3);
    assert_eq!(bag.closed.name.as_deref(), Some("c"));
    let inline_map = bag.inline_map.expect("inlineMap is present");
    assert_eq!(inline_map["first"].score, Some(0.5));
    assert_eq!(inline_map["second"].score, None);
}

#[test]
fn known_properties_stay_out_of_the_additional_ones() {
    let extras = round_trip!(maps::TaggedExtras, json!({"name": "n", "color": "red"}));
    assert_eq!(extras.name, "n");
    assert_eq!(
        extras.additional_properties.keys().collect::<Vec<_>>(),
        ["color"]
    );

    let labelled = round_trip!(maps::LabelledCounts, json!({"label": "l", "left": 1}));
    assert_eq!(labelled.label, "l");
    assert_eq!(
        labelled
            .additional_properties
            .into_iter()
            .collect::<Vec<_>>(),
        [("left".to_string(), 1)]
    );
}

#[test]
fn typed_additional_properties_reject_other_value_types() {
    rejects!(maps::CountMap, json!({"apples": "three"}));
}

#[test]
fn empty_maps_round_trip() {
    let any = round_trip!(maps::AnyMap, json!({}));
    assert!(any.additional_properties.is_empty());
    round_trip!(maps::CountMap, json!({}));
}

// schema_arrays: arrays, nested arrays, arrays of references.

#[test]
fn arrays_nested_arrays_and_arrays_of_references_round_trip() {
    let grid = round_trip!(
        arrays::Grid,
        json!({
            "tags": ["a", "b"],
            "cells": [[1, 2, 3], [], [4]],
            "points": [{"x": 1, "y": 2}, {"x": -3, "y": 4}],
            "paths": [[{"x": 0, "y": 0}, {"x": 1, "y": 1}], []],
            "labels": [{"text": "hello"}]
        })
    );
    assert_eq!(grid.cells, vec![vec![1, 2, 3], vec![], vec![4]]);
    assert_eq!(grid.points[1], arrays::Point { x: -3, y: 4 });
    assert_eq!(grid.paths.expect("paths is present")[0].len(), 2);
    assert_eq!(grid.labels.expect("labels is present")[0].text, "hello");
}

#[test]
fn empty_arrays_round_trip() {
    let grid = round_trip!(arrays::Grid, json!({"tags": [], "cells": [], "points": []}));
    assert!(grid.tags.is_empty() && grid.cells.is_empty() && grid.points.is_empty());
}

#[test]
fn named_array_schema_is_a_vec_of_its_items() {
    let points: arrays::Points = round_trip!(arrays::Points, json!([{"x": 5, "y": 6}]));
    assert_eq!(points, vec![arrays::Point { x: 5, y: 6 }]);
}

// schema_all_of: two references and an inline part merged into one struct.

fn employee() -> Value {
    json!({
        "name": "Ada",
        "nickname": "A",
        "createdAt": "2024-01-02T03:04:05Z",
        "updatedAt": "2024-02-03T04:05:06Z",
        "employeeId": 7,
        "team": "core"
    })
}

#[test]
fn all_of_merges_the_properties_of_every_part() {
    let employee = round_trip!(all_of::Employee, employee());
    assert_eq!(employee.name, "Ada");
    assert_eq!(
        employee.created_at.to_rfc3339(),
        "2024-01-02T03:04:05+00:00"
    );
    assert_eq!(employee.employee_id, 7);
    assert_eq!(employee.team.as_deref(), Some("core"));
}

#[test]
fn all_of_takes_required_from_every_part() {
    for required in ["name", "createdAt", "employeeId", "nickname"] {
        let mut json = employee();
        json.as_object_mut().expect("an object").remove(required);
        let error = rejects!(all_of::Employee, json);
        assert!(
            error.contains(&format!("missing field `{required}`")),
            "{error}"
        );
    }
}

#[test]
fn all_of_optional_fields_may_be_absent() {
    let employee = round_trip!(
        all_of::Employee,
        json!({"name": "Ada", "nickname": "A", "createdAt": "2024-01-02T03:04:05Z", "employeeId": 7})
    );
    assert_eq!(employee.updated_at, None);
    assert_eq!(employee.team, None);
}

// schema_one_of_discriminator: tagged enums.

#[test]
fn discriminator_value_picks_the_mapped_variant() {
    let cat = round_trip!(tagged::Pet, json!({"petType": "cat", "lives": 9}));
    assert!(
        matches!(cat, tagged::Pet::Cat(tagged::Cat { lives: 9, .. })),
        "{cat:?}"
    );
    let dog = round_trip!(tagged::Pet, json!({"petType": "dog", "bark": "woof"}));
    assert!(
        matches!(dog, tagged::Pet::Dog(ref d) if d.bark == "woof"),
        "{dog:?}"
    );
}

#[test]
fn discriminator_wins_over_a_shape_that_fits_another_variant() {
    // Has `lives` like a cat, but says it is a dog.
    let json = json!({"petType": "dog", "bark": "woof", "lives": 9});
    let pet: tagged::Pet = serde_json::from_value(json).expect("a dog");
    assert!(matches!(pet, tagged::Pet::Dog(_)), "{pet:?}");
}

#[test]
fn subtype_outside_the_mapping_is_named_by_its_schema_name() {
    let lizard = round_trip!(tagged::Pet, json!({"petType": "Lizard", "colorful": true}));
    assert!(
        matches!(
            lizard,
            tagged::Pet::Lizard(tagged::Lizard {
                colorful: Some(true),
                ..
            })
        ),
        "{lizard:?}"
    );
}

#[test]
fn unknown_discriminator_value_is_kept_and_reencoded_unchanged() {
    let json = json!({"petType": "parrot", "words": ["hello"]});
    let parrot = round_trip!(tagged::Pet, json.clone());
    assert_eq!(parrot, tagged::Pet::Unknown(json));
}

#[test]
fn known_discriminator_with_the_wrong_shape_is_an_error_not_unknown() {
    let error = rejects!(tagged::Pet, json!({"petType": "cat", "bark": "woof"}));
    assert!(error.contains("lives"), "{error}");
}

#[test]
fn inheritance_subtypes_are_picked_by_schema_name() {
    let car = round_trip!(
        tagged::Vehicle,
        json!({"kind": "Car", "wheels": 4, "seats": 5})
    );
    assert_eq!(
        car,
        tagged::Vehicle::Car(tagged::Car {
            kind: "Car".to_string(),
            wheels: 4,
            seats: 5
        })
    );
    let bike = round_trip!(
        tagged::Vehicle,
        json!({"kind": "Bike", "wheels": 2, "electric": false})
    );
    assert!(
        matches!(
            bike,
            tagged::Vehicle::Bike(tagged::Bike {
                electric: Some(false),
                ..
            })
        ),
        "{bike:?}"
    );
}

#[test]
fn inheritance_keeps_an_unknown_subtype() {
    let json = json!({"kind": "Truck", "wheels": 18});
    let truck = round_trip!(tagged::Vehicle, json.clone());
    assert_eq!(truck, tagged::Vehicle::Unknown(json));
}

// schema_untagged: oneOf/anyOf without discriminator.

#[test]
fn one_of_object_with_a_decodes_to_a() {
    let value = round_trip!(untagged::Value, json!({"a": "x"}));
    assert_eq!(
        value,
        untagged::Value::A(untagged::A { a: "x".to_string() })
    );
}

#[test]
fn one_of_object_with_b_decodes_to_b() {
    let value = round_trip!(untagged::Value, json!({"b": 2}));
    assert_eq!(value, untagged::Value::B(untagged::B { b: 2 }));
}

#[test]
fn one_of_string_decodes_to_string() {
    let value = round_trip!(untagged::Value, json!("text"));
    assert_eq!(value, untagged::Value::String("text".to_string()));
}

#[test]
fn one_of_integer_decodes_to_integer() {
    let value = round_trip!(untagged::Value, json!(42));
    assert_eq!(value, untagged::Value::Integer(42));
}

#[test]
fn one_of_array_decodes_to_list() {
    let value = round_trip!(untagged::Value, json!(["x", "y"]));
    assert_eq!(
        value,
        untagged::Value::List(vec!["x".to_string(), "y".to_string()])
    );
}

#[test]
fn one_of_one_element_array_decodes_to_list() {
    // A struct also accepts a JSON array of its fields in order; `["x"]` must still be the list.
    let value = round_trip!(untagged::Value, json!(["x"]));
    assert_eq!(value, untagged::Value::List(vec!["x".to_string()]));
}

#[test]
fn one_of_empty_array_decodes_to_list() {
    let value = round_trip!(untagged::Value, json!([]));
    assert_eq!(value, untagged::Value::List(Vec::new()));
}

#[test]
fn one_of_rejects_a_shape_no_alternative_has() {
    rejects!(untagged::Value, json!(1.5));
}

#[test]
fn any_of_decodes_each_alternative_to_its_own_variant() {
    let cases = [
        (json!({"a": "x"}), "A"),
        (json!({"b": 2}), "B"),
        (json!("text"), "String"),
        (json!(-1), "Integer"),
        (json!(["x", "y"]), "List"),
        (json!(["x"]), "List"),
    ];
    for (json, expected) in cases {
        let loose = round_trip!(untagged::Loose, json.clone());
        let variant = match loose {
            untagged::Loose::A(_) => "A",
            untagged::Loose::B(_) => "B",
            untagged::Loose::String(_) => "String",
            untagged::Loose::Integer(_) => "Integer",
            untagged::Loose::List(_) => "List",
        };
        assert_eq!(variant, expected, "{json} decoded as {loose:?}");
    }
}

// schema_inline_naming: inline schemas named after their place.

#[test]
fn inline_request_body_and_its_parts_are_named_from_the_operation() {
    let body = round_trip!(
        inline::CreateOrderBody,
        json!({
            "items": [{"sku": "A-1", "quantity": 2}],
            "shipping": {"city": "Graz", "express": true}
        })
    );
    assert_eq!(
        body.items,
        vec![inline::CreateOrderBodyItemsItem {
            sku: "A-1".to_string(),
            quantity: 2
        }]
    );
    let shipping: inline::CreateOrderBodyShipping = body.shipping.expect("shipping is present");
    assert_eq!(shipping.express, Some(true));
}

#[test]
fn inline_responses_are_named_from_the_operation_and_status() {
    let created = round_trip!(
        inline::CreateOrderResponse201,
        json!({"id": "o1", "state": "open", "total": {"amount": 12.5, "currency": "EUR"}})
    );
    assert_eq!(created.state, inline::CreateOrderResponse201State::Open);
    let total: inline::CreateOrderResponse201Total = created.total.expect("total is present");
    assert_eq!(total.currency, "EUR");

    let rejected = round_trip!(
        inline::CreateOrderResponse400,
        json!({"reason": "sold out"})
    );
    assert_eq!(rejected.reason, "sold out");
}

// schema_recursive: self and mutual recursion.

#[test]
fn tree_nodes_nest_several_levels() {
    let tree = round_trip!(
        recursive::TreeNode,
        json!({
            "name": "root",
            "children": [
                {"name": "a", "children": [
                    {"name": "a1", "children": [
                        {"name": "a1x", "children": []}
                    ]}
                ]},
                {"name": "b", "children": []}
            ]
        })
    );
    assert_eq!(tree.children[0].children[0].children[0].name, "a1x");
    assert_eq!(tree.children[1].name, "b");
}

#[test]
fn tree_node_parent_chain_nests_several_levels() {
    let node = round_trip!(
        recursive::TreeNode,
        json!({
            "name": "leaf",
            "children": [],
            "parent": {"name": "mid", "children": [], "parent": {"name": "root", "children": []}}
        })
    );
    let parent = node.parent.expect("a parent");
    let grandparent = parent.parent.expect("a grandparent");
    assert_eq!(
        (parent.name.as_str(), grandparent.name.as_str()),
        ("mid", "root")
    );
    assert!(grandparent.parent.is_none());
}

#[test]
fn mutually_recursive_schemas_nest_several_levels() {
    let chain = round_trip!(
        recursive::A,
        json!({
            "label": "one",
            "b": {"depth": 1, "a": {"b": {"depth": 2, "a": {"label": "three", "b": {}}}}}
        })
    );
    let second_a = chain.b.a.as_ref().expect("the first B holds an A");
    let third_a = second_a.b.a.as_ref().expect("the second B holds an A");
    assert_eq!(second_a.b.depth, Some(2));
    assert_eq!(third_a.label.as_deref(), Some("three"));
    assert_eq!(*third_a.b, recursive::B::default());
}

// schema_read_write_only: readOnly/writeOnly properties and defaults.

#[test]
fn response_without_write_only_property_decodes() {
    // `password` is writeOnly: a server never sends it, even though it is required.
    let account = round_trip!(
        read_write::Account,
        json!({"id": "u1", "username": "ann", "role": "member"})
    );
    assert_eq!(account.id.as_deref(), Some("u1"));
    assert_eq!(account.password, None);
}

#[test]
fn request_does_not_send_read_only_property() {
    // `id` is readOnly: a request body built without it leaves it out.
    let account = read_write::Account {
        id: None,
        username: "ann".into(),
        password: Some("s3cret".into()),
        role: None,
        active: None,
        retries: None,
    };
    let encoded = serde_json::to_value(&account).expect("the account encodes");
    assert_eq!(encoded, json!({"username": "ann", "password": "s3cret"}));
}

#[test]
fn properties_with_defaults_stay_absent_when_absent() {
    let account = round_trip!(
        read_write::Account,
        json!({"id": "u1", "username": "ann", "password": "pw"})
    );
    assert_eq!(
        (account.role, account.active, account.retries),
        (None, None, None)
    );
}

#[test]
fn properties_with_defaults_keep_the_values_sent() {
    let account = round_trip!(
        read_write::Account,
        json!({"id": "u1", "username": "ann", "password": "pw", "role": "admin", "active": false, "retries": 0})
    );
    assert_eq!(account.role, Some(read_write::AccountRole::Admin));
    assert_eq!(account.active, Some(false));
    assert_eq!(account.retries, Some(0));
}

// schema_untyped_and_formats: any JSON and string formats.

fn document(anything: Value, metadata: Value) -> Value {
    json!({
        "id": "0b9a6c2e-3f1d-4d5b-9a8e-1c2d3e4f5a6b",
        "createdAt": "2024-01-02T03:04:05.678+01:00",
        "payload": "aGVsbG8gd29ybGQ=",
        "anything": anything,
        "metadata": metadata
    })
}

#[test]
fn untyped_schemas_hold_any_json() {
    let samples = [
        json!({"nested": {"list": [1, "two", null]}}),
        json!([1, 2.5, false]),
        json!("text"),
        json!(-7),
        json!(true),
        json!(null),
    ];
    for sample in samples {
        let document = round_trip!(formats::Document, document(sample.clone(), sample.clone()));
        assert_eq!(document.anything, sample);
        assert_eq!(document.metadata, sample);
    }
}

#[test]
fn byte_strings_stay_text_while_date_time_and_uuid_are_typed() {
    let document = round_trip!(formats::Document, document(json!(1), json!({})));
    assert_eq!(document.payload, "aGVsbG8gd29ybGQ=");
    assert_eq!(
        document.created_at.to_rfc3339(),
        "2024-01-02T03:04:05.678+01:00"
    );
    assert_eq!(
        document.id,
        uuid::Uuid::from_u128(0x0b9a6c2e_3f1d_4d5b_9a8e_1c2d3e4f5a6b)
    );
}

#[test]
fn binary_string_in_json_decodes() {
    // In a JSON body, a `format: binary` property is still a JSON string.
    let mut json = document(json!(1), json!({}));
    json["raw"] = json!("hello");
    let document = round_trip!(formats::Document, json);
    assert!(document.raw.is_some());
}

// schema_rust_names: keywords, digits, near-duplicates, std-like schema names.

#[test]
fn keyword_named_fields_rename_correctly_on_the_wire() {
    let keywords = round_trip!(
        names::Keywords,
        json!({
            "type": "t", "match": true, "self": "lower", "Self": "upper",
            "crate": 3, "async": false
        })
    );
    assert_eq!(keywords.r#type, "t");
    assert!(keywords.r#match);
    assert_eq!(keywords.self_, "lower");
    assert_eq!(keywords.self_2, "upper");
    assert_eq!(keywords.crate_, 3);
    assert!(!keywords.r#async);
}

#[test]
fn digit_and_near_duplicate_names_each_keep_their_wire_name() {
    let keywords = round_trip!(
        names::Keywords,
        json!({
            "type": "", "match": false, "self": "", "Self": "", "crate": 0, "async": true,
            "1st": "first", "2fa": true,
            "foo_bar": "snake", "fooBar": "camel", "foo-bar": "kebab"
        })
    );
    assert_eq!(keywords._1st.as_deref(), Some("first"));
    assert_eq!(keywords._2fa, Some(true));
    assert_eq!(keywords.foo_bar.as_deref(), Some("snake"));
    assert_eq!(keywords.foo_bar2.as_deref(), Some("camel"));
    assert_eq!(keywords.foo_bar3.as_deref(), Some("kebab"));
}

#[test]
fn schemas_named_like_std_types_reference_each_other() {
    let client = round_trip!(
        names::Client2,
        json!({
            "result": {"ok": {"value": "yes"}, "err": {"text": "no"}},
            "box": {"items": [{"value": "1"}, {"value": "2"}], "maybe": {"value": "m"}},
            "names": [{"text": "a"}, {}]
        })
    );
    let ok: &names::Option = &client.result.ok;
    assert_eq!(ok.value, "yes");
    let err: Option<&names::String> = client.result.err.as_ref();
    assert_eq!(err.and_then(|text| text.text.as_deref()), Some("no"));
    let items: &names::Vec = &client.r#box.items;
    assert_eq!(items.len(), 2);
    assert_eq!(
        client.names.expect("names is present")[1],
        names::String::default()
    );
}
