//! Round trips of composed schemas whose parts overlap: untagged unions (`oneOf`/`anyOf`
//! without a discriminator) whose alternatives are supersets of each other, share fields or
//! differ by enum values, and `allOf` parts that define the same property. Decoding must keep
//! every field the data has.

use fixture_clients::{
    schema_all_of_documented as documented, schema_all_of_redefined as redefined,
    schema_untagged_overlap as overlap,
};
use serde_json::json;

#[macro_use]
#[path = "common/round_trip.rs"]
mod round_trip;

// schema_untagged_overlap: `Animal` is `oneOf: [Pet, Dog]`, and every `Pet` is also a `Dog`.

#[test]
fn union_picks_the_superset_alternative_when_the_data_has_its_fields() {
    let animal = round_trip!(
        overlap::Animal,
        json!({"name": "Rex", "barks": true, "tricks": ["sit"]})
    );
    let overlap::Animal::Dog(dog) = animal else {
        panic!("a pet that barks is a `Dog`, got {animal:?}");
    };
    assert_eq!(dog.barks, Some(true));
    assert_eq!(dog.tricks, Some(vec!["sit".to_string()]));
}

#[test]
fn union_keeps_the_first_alternative_when_both_fit_exactly() {
    let animal = round_trip!(overlap::Animal, json!({"name": "Tom"}));
    assert_eq!(
        animal,
        overlap::Animal::Pet(overlap::Pet {
            name: "Tom".to_string()
        })
    );
}

#[test]
fn union_picks_the_alternative_that_loses_the_fewest_fields_when_none_fits() {
    // `color` is in neither schema: `Dog` loses it alone, `Pet` would lose `barks` too.
    let animal: overlap::Animal =
        serde_json::from_value(json!({"name": "Rex", "barks": false, "color": "brown"}))
            .expect("an animal with an undeclared field decodes");
    let overlap::Animal::Dog(dog) = animal else {
        panic!("`Dog` keeps more of the data, got {animal:?}");
    };
    assert_eq!(dog.barks, Some(false));
}

#[test]
fn union_of_alternatives_sharing_a_field_picks_the_one_with_the_other_field() {
    let left = round_trip!(overlap::Side, json!({"id": "a", "left": 1}));
    assert!(matches!(left, overlap::Side::Left(_)), "{left:?}");
    let right = round_trip!(overlap::Side, json!({"id": "b", "right": 2}));
    assert_eq!(
        right,
        overlap::Side::Right(overlap::Right {
            id: "b".to_string(),
            right: Some(2)
        })
    );
    let shared = round_trip!(overlap::Side, json!({"id": "c"}));
    assert!(matches!(shared, overlap::Side::Left(_)), "{shared:?}");
}

#[test]
fn union_of_alternatives_that_differ_by_enum_values_picks_the_one_that_lists_the_value() {
    let woof = round_trip!(overlap::Sound, json!({"kind": "woof", "loudness": 9}));
    let overlap::Sound::DogSound(sound) = woof else {
        panic!("`woof` is a `DogSound` value, got {woof:?}");
    };
    assert_eq!(sound.kind, overlap::DogSoundKind::Woof);
    let purr = round_trip!(overlap::Sound, json!({"kind": "purr"}));
    assert!(matches!(purr, overlap::Sound::CatSound(_)), "{purr:?}");
}

#[test]
fn union_keeps_an_enum_value_no_alternative_lists() {
    // Every alternative takes `hiss` as its catch-all; the first does, and nothing is lost.
    let hiss = round_trip!(overlap::Sound, json!({"kind": "hiss"}));
    let overlap::Sound::CatSound(sound) = hiss else {
        panic!("the first alternative keeps an unlisted value, got {hiss:?}");
    };
    assert_eq!(
        sound.kind,
        overlap::CatSoundKind::Unknown("hiss".to_string())
    );
}

#[test]
fn union_of_number_and_integer_keeps_integers_as_integers() {
    // The spec lists `number` first; `1` read as a number would come back as `1.0`.
    assert_eq!(
        round_trip!(overlap::Amount, json!(1)),
        overlap::Amount::Integer(1)
    );
    assert_eq!(
        round_trip!(overlap::Amount, json!(1.5)),
        overlap::Amount::Number(1.5)
    );
}

#[test]
fn union_counts_what_a_nested_union_loses() {
    // `Cage` and `Kennel` both accept the data, but only in `Kennel` is `heated` kept; the
    // animal inside fits exactly either way.
    let housing = round_trip!(
        overlap::Housing,
        json!({"animal": {"name": "Rex", "barks": true}, "heated": true})
    );
    let overlap::Housing::Kennel(kennel) = housing else {
        panic!("only a `Kennel` keeps `heated`, got {housing:?}");
    };
    assert!(
        matches!(kennel.animal, overlap::Animal::Dog(_)),
        "{kennel:?}"
    );
}

#[test]
fn a_response_of_nested_unions_round_trips_whole() {
    round_trip!(
        overlap::Shelter,
        json!({
            "animals": [{"name": "Tom"}, {"name": "Rex", "barks": true}, {"name": "Fido", "tricks": []}],
            "sides": [{"id": "a", "left": 1}, {"id": "b", "right": 2}, {"id": "c"}],
            "sounds": [{"kind": "meow"}, {"kind": "growl", "loudness": 3}],
            "amounts": [1, 2.5, -3],
            "housing": [
                {"animal": {"name": "Tom"}, "label": "small"},
                {"animal": {"name": "Rex", "tricks": ["roll"]}, "heated": false}
            ]
        })
    );
}

#[test]
fn union_rejects_data_that_fits_no_alternative() {
    let error = rejects!(overlap::Animal, json!({"barks": true}));
    assert!(
        error.contains("did not match any variant of untagged enum Animal"),
        "{error}"
    );
}

// schema_untagged_overlap: `RunState` is `oneOf` three objects whose `state` is a one-value enum,
// `ProtectionRule` `anyOf` three objects told apart by their properties only. The data carries
// properties no alternative declares (as Prism's generated answers do), which every alternative
// loses alike; the alternative that keeps the declared ones must win.

/// `value` without the properties named in `undeclared` (JSON pointers).
fn without(mut value: serde_json::Value, undeclared: &[&str]) -> serde_json::Value {
    for pointer in undeclared {
        let (parent, name) = pointer.rsplit_once('/').expect("a pointer to a property");
        value
            .pointer_mut(parent)
            .and_then(serde_json::Value::as_object_mut)
            .and_then(|object| object.remove(name))
            .unwrap_or_else(|| panic!("no property at {pointer}"));
    }
    value
}

#[test]
fn union_keeps_the_alternative_whose_enum_lists_the_value_despite_undeclared_properties() {
    // The first alternative reads `failed` into its catch-all and skips `error_info` and
    // `error_node_name`; the third lists `failed` and loses only what no alternative declares,
    // three properties at the top and four inside `error_info` (more than the first loses
    // when a skipped object counts as one).
    let data = json!({
        "state": "failed",
        "error_info": {
            "error": "deserialize_failed",
            "message": "bad input",
            "code": 7, "retry": false, "hint": "none", "trace": ["a"]
        },
        "error_node_name": "fetch",
        "started": "yesterday", "attempts": 3, "owner": {"name": "ops"}
    });
    let undeclared = [
        "/error_info/code",
        "/error_info/retry",
        "/error_info/hint",
        "/error_info/trace",
        "/started",
        "/attempts",
        "/owner",
    ];
    let state: overlap::RunState = serde_json::from_value(data.clone()).expect("the state decodes");
    let overlap::RunState::RunStateVariant3(failed) = &state else {
        panic!("`failed` is the third alternative, got {state:?}");
    };
    assert_eq!(failed.error_node_name, "fetch");
    assert!(
        matches!(failed.error_info, overlap::RunError::RunErrorVariant2(_)),
        "{failed:?}"
    );
    assert_eq!(
        serde_json::to_value(&state).expect("the state encodes"),
        without(data, &undeclared)
    );
}

#[test]
fn union_trusts_a_listed_enum_value_over_properties_another_alternative_declares() {
    // `running` is listed by the first alternative only; the third would keep `error_node_name`,
    // but reading `running` into its catch-all says the data is not a failure.
    let data = json!({"state": "running", "error_node_name": "fetch"});
    let state: overlap::RunState = serde_json::from_value(data).expect("the state decodes");
    assert!(
        matches!(&state, overlap::RunState::RunStateVariant1(running)
            if running.state == overlap::RunStateVariant1State::Running),
        "{state:?}"
    );
}

#[test]
fn union_does_not_drop_an_array_of_objects_to_spare_the_undeclared_properties_inside() {
    // The first alternative skips `reviewers` whole; the second keeps it and loses only the
    // three undeclared properties of the reviewers, which the first loses with it.
    let data = json!({
        "id": 3755,
        "type": "required_reviewers",
        "reviewers": [
            {"type": "User", "reviewer": {"login": "octocat", "site_admin": false, "plan": "pro"}},
            {"type": "Team", "reviewer": {"login": "justice-league", "privacy": "closed"}}
        ],
        "node_id": "MDQ6R2F0ZTM3NTU="
    });
    let undeclared = [
        "/reviewers/0/reviewer/site_admin",
        "/reviewers/0/reviewer/plan",
        "/reviewers/1/reviewer/privacy",
        "/node_id",
    ];
    let rule: overlap::ProtectionRule =
        serde_json::from_value(data.clone()).expect("the rule decodes");
    let overlap::ProtectionRule::ProtectionRuleVariant2(reviewed) = &rule else {
        panic!("only the second alternative keeps `reviewers`, got {rule:?}");
    };
    assert_eq!(reviewed.reviewers.as_ref().map(Vec::len), Some(2));
    assert_eq!(
        serde_json::to_value(&rule).expect("the rule encodes"),
        without(data, &undeclared)
    );
}

#[test]
fn union_of_states_round_trips_each_alternative() {
    round_trip!(overlap::RunState, json!({"state": "running"}));
    round_trip!(overlap::RunState, json!({"state": "succeeded"}));
    let failed = round_trip!(
        overlap::RunState,
        json!({
            "state": "failed",
            "error_info": {"error": "action_failed", "source_error": {"anything": [1, null]}},
            "error_node_name": "fetch"
        })
    );
    assert!(
        matches!(failed, overlap::RunState::RunStateVariant3(_)),
        "{failed:?}"
    );
}

// schema_all_of_redefined: `Order` is `allOf: [Record, {…}]`, and the second part defines
// `status`, `address`, `lines`, `note` and `quantity` again.

fn order_json() -> serde_json::Value {
    json!({
        "id": "o1",
        "status": "active",
        "address": {"street": "Main St 1", "city": "Graz", "postcode": "8010", "geo": {"lat": 47.07, "lng": 15.44}},
        "lines": [{"sku": "A-1", "count": 2}, {"count": 1}],
        "note": "leave at the door",
        "quantity": 5000000000_i64
    })
}

#[test]
fn all_of_merges_the_properties_both_parts_give_a_redefined_object() {
    let order = round_trip!(redefined::Order, order_json());
    let address = order.address.expect("the address is kept");
    assert_eq!(address.street.as_deref(), Some("Main St 1"));
    assert_eq!(address.postcode.as_deref(), Some("8010"));
    let geo = address.geo.expect("the nested object is kept");
    assert_eq!((geo.lat, geo.lng), (Some(47.07), Some(15.44)));
}

#[test]
fn all_of_applies_the_required_list_of_every_definition_of_a_property() {
    let mut order = order_json();
    order["address"]
        .as_object_mut()
        .expect("an object")
        .remove("city");
    let error = rejects!(redefined::Order, order);
    assert!(error.contains("missing field `city`"), "{error}");
}

#[test]
fn all_of_merges_the_items_of_a_redefined_array() {
    let order = round_trip!(redefined::Order, order_json());
    let lines = order.lines.expect("the lines are kept");
    assert_eq!(lines[0].sku.as_deref(), Some("A-1"));
    assert_eq!(lines[0].count, 2);
    assert_eq!(lines[1].sku, None);
}

#[test]
fn all_of_enum_lists_the_values_every_part_allows() {
    let order = round_trip!(redefined::Order, order_json());
    assert_eq!(order.status, Some(redefined::OrderStatus::Active));
    assert_eq!(
        redefined::OrderStatus::from("closed".to_string()),
        redefined::OrderStatus::Closed
    );
    // `draft` and `archived` are each listed by one part only: neither is valid, and both are
    // still kept as they came.
    for only_one_part in ["draft", "archived"] {
        let mut changed = order_json();
        changed["status"] = json!(only_one_part);
        let order = round_trip!(redefined::Order, changed);
        assert_eq!(
            order.status,
            Some(redefined::OrderStatus::Unknown(only_one_part.to_string()))
        );
    }
}

#[test]
fn all_of_part_that_only_documents_a_property_keeps_its_type() {
    let order = round_trip!(redefined::Order, order_json());
    let note: Option<String> = order.note;
    assert_eq!(note.as_deref(), Some("leave at the door"));
}

#[test]
fn all_of_integer_formats_merge_into_the_wider_one() {
    let order = round_trip!(redefined::Order, order_json());
    let quantity: Option<i64> = order.quantity;
    assert_eq!(quantity, Some(5_000_000_000));
}

#[test]
fn all_of_leaves_the_base_schema_as_it_is() {
    let record = round_trip!(
        redefined::Record,
        json!({"id": "r1", "status": "draft", "address": {"street": "Main St 1", "geo": {"lat": 1.5}}, "quantity": 3})
    );
    assert_eq!(record.status, Some(redefined::RecordStatus::Draft));
}

// schema_all_of_documented: `allOf` of one string schema and parts that only document it.

#[test]
fn all_of_of_a_string_schema_and_a_description_is_that_string() {
    let connection = round_trip!(
        documented::Connection,
        json!({
            "connectedAt": "2024-05-01T12:00:00Z",
            "lastActiveAt": "2024-05-01T12:30:00Z",
            "status": "open"
        })
    );
    assert_eq!(
        connection,
        documented::Connection {
            connected_at: "2024-05-01T12:00:00Z".parse().expect("a date-time"),
            last_active_at: Some("2024-05-01T12:30:00Z".parse().expect("a date-time")),
            status: Some(documented::Status::Open),
        }
    );
}
