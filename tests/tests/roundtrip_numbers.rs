//! `format: float` numbers (`schema_numbers`): every value an `f32` holds comes back exactly, a
//! number the format rounds stays finite, and a finite number beyond the range of `f32` is a
//! decoding error naming its field, never an infinity (which would be encoded again as `null`).

use fixture_clients::schema_numbers as numbers;
use fixture_clients::Error;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[macro_use]
#[path = "common/round_trip.rs"]
mod round_trip;

/// What Prism answers for `format: float` in static mode: −2^128, just beyond the range.
const BEYOND_FLOAT: f64 = -3.402823669209385e38;

fn measurement(single: Value) -> Value {
    json!({
        "small": 0, "large": 0, "plain": 0,
        "single": single, "double": 0.0, "real": 0.0, "flag": false
    })
}

#[test]
fn ordinary_floats_round_trip_exactly_in_every_position() {
    let readings = round_trip!(
        numbers::Readings,
        json!({
            "latest": 0.15,
            "calibration": null,
            "series": [-0.2, 6.0, 3.4028235e38],
            "by_sensor": {"left": 0.5, "right": -3.4028235e38},
            "price": 12.5
        })
    );
    assert_eq!(readings.latest, Some(0.15));
    assert_eq!(readings.calibration, Some(None));
    assert_eq!(readings.series, Some(vec![-0.2, 6.0, f32::MAX]));
    assert_eq!(readings.price, 12.5);
    let absent = round_trip!(numbers::Readings, json!({"price": 0.1}));
    assert_eq!((absent.latest, absent.calibration), (None, None));
}

#[test]
fn a_float_just_beyond_the_largest_is_rounded_to_it_not_refused() {
    // 3.4028235e38 is above `f32::MAX` as a double but rounds to it, as the format means.
    let measurement: numbers::Measurement =
        serde_json::from_value(measurement(json!(3.4028235e38_f64))).expect("it decodes");
    assert_eq!(measurement.single, f32::MAX);
}

#[test]
fn a_float_beyond_the_32_bit_range_is_a_decoding_error_naming_its_field() {
    let error = rejects!(numbers::Measurement, measurement(json!(BEYOND_FLOAT)));
    assert!(error.contains("field `single`"), "{error}");
    assert!(
        error.contains("invalid value: floating point `-3.402823669209385e+38`, expected a number within the range of a 32-bit float (`format: float`)"),
        "{error}"
    );
}

#[test]
fn a_float_beyond_range_is_refused_optional_nullable_in_an_array_a_map_and_an_alias() {
    for (field, value) in [
        ("latest", json!(BEYOND_FLOAT)),
        ("calibration", json!(1e39)),
        ("series", json!([0.5, 1e39])),
        ("by_sensor", json!({"left": 1e39})),
        ("price", json!(1e300)),
    ] {
        let mut readings = json!({"price": 1.0});
        readings[field] = value;
        let error = rejects!(numbers::Readings, readings);
        assert!(error.contains(&format!("field `{field}`")), "{error}");
        assert!(error.contains("32-bit float"), "{error}");
    }
}

#[tokio::test]
async fn a_response_with_a_float_beyond_range_is_a_decode_error_not_an_infinity() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/measurement"))
        .respond_with(ResponseTemplate::new(200).set_body_json(measurement(json!(BEYOND_FLOAT))))
        .mount(&server)
        .await;

    let result = numbers::Client::with_base_url(server.uri())
        .get_measurement()
        .await;

    match result {
        Err(Error::Decode(failure)) => {
            assert_eq!(failure.status, 200);
            assert!(failure.source.to_string().contains("field `single`"));
        }
        other => panic!("the response must not decode, got {other:?}"),
    }
}
