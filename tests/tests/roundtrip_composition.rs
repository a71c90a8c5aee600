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
