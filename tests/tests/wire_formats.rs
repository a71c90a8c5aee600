//! Typed formats on the wire (`tests/fixtures/formats.yaml`): a `date-time` keeps its offset
//! from the argument to the query bytes and from the response back to the value (a zero offset
//! is written `Z`, as nearly every API sends it), `date` and `uuid` travel in their RFC 3339 and
//! hyphenated forms, and an `int64` above 2^53 stays exact.

mod common;

use chrono::{DateTime, FixedOffset, NaiveDate, Offset};
use common::{header_values, http, only_request};
use fixture_clients::formats;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// 2^53 + 1: the first integer an `f64` cannot hold.
const BEYOND_F64: i64 = 9_007_199_254_740_993;
const EVENT_ID: &str = "0b9a6c2e-3f1d-4d5b-9a8e-1c2d3e4f5a6b";
/// 01:30 in Vienna on the night the clocks go forward: the offset is part of the value.
const STARTS_AT: &str = "2026-03-29T01:30:00+02:00";

fn starts_at() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(STARTS_AT).expect("an RFC 3339 date-time")
}

fn event_id() -> uuid::Uuid {
    EVENT_ID.parse().expect("a UUID")
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 29).expect("a real day")
}

fn event_json() -> Value {
    json!({
        "id": EVENT_ID,
        "startsAt": STARTS_AT,
        "endsAt": "2026-03-29T23:59:59.250-05:00",
        "day": "2026-03-29",
        "sequence": BEYOND_F64,
        "attendees": ["00000000-0000-0000-0000-000000000000", EVENT_ID],
        "website": "https://example.com/events?id=1",
        "price": "12.30",
        "createdAt": "2026-03-01T09:00:00+01:00",
        "reminders": ["2026-03-28T18:00:00+01:00", "2026-03-29T00:45:00.125+02:00"],
        "deadlines": { "final": "2026-03-30T00:00:00+02:00", "review": "2026-03-20T12:00:00-04:00" }
    })
}

/// A server answering `verb route` with `body` as JSON text, exactly as written.
async fn server_answering(verb: &str, route: &str, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> formats::Client {
    formats::Client::with_base_url(server.uri()).with_http_client(http())
}

#[tokio::test]
async fn typed_parameters_go_out_as_rfc_3339_and_percent_encoded() {
    let route = format!("/events/{EVENT_ID}");
    let server = server_answering("GET", &route, &event_json().to_string()).await;
    let sent_at = DateTime::parse_from_rfc3339("2026-03-28T23:30:00.5-00:30").expect("valid");
    client(&server)
        .get_event(
            event_id(),
            starts_at(),
            &formats::GetEventParams {
                day: Some(day()),
                sequence: Some(BEYOND_F64),
                x_sent_at: Some(sent_at),
                contact: Some("a+b@example.com".into()),
                between: None,
            },
        )
        .await
        .expect("the event");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), route);
    assert_eq!(
        request.url.query(),
        Some("at=2026-03-29T01%3A30%3A00%2B02%3A00&day=2026-03-29&sequence=9007199254740993&contact=a%2Bb%40example.com")
    );
    assert_eq!(
        header_values(&request, "X-Sent-At"),
        ["2026-03-28T23:30:00.500-00:30"]
    );
}

#[tokio::test]
async fn typed_path_parameters_are_one_segment_each() {
    let route = format!("/events/by-sequence/{BEYOND_F64}/2026-03-29");
    let server = server_answering("PUT", &route, &event_json().to_string()).await;
    let event: formats::Event = serde_json::from_value(event_json()).expect("an event");
    client(&server)
        .put_event(BEYOND_F64, day(), &event)
        .await
        .expect("the stored event");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), route);
    let sent: Value = serde_json::from_slice(&request.body).expect("a JSON body");
    assert_eq!(sent, event_json());
    let text = String::from_utf8(request.body).expect("UTF-8");
    assert!(
        text.contains(r#""startsAt":"2026-03-29T01:30:00+02:00""#)
            && text.contains(r#""sequence":9007199254740993"#),
        "the body keeps the offset and every digit: {text}"
    );
}

#[tokio::test]
async fn a_response_keeps_the_offset_and_every_digit_it_came_with() {
    let body = event_json().to_string();
    let server = server_answering("GET", &format!("/events/{EVENT_ID}"), &body).await;
    let event = client(&server)
        .get_event(event_id(), starts_at(), &Default::default())
        .await
        .expect("the event")
        .into_body();
    assert_eq!(event.starts_at, starts_at());
    assert_eq!(event.starts_at.offset().fix().local_minus_utc(), 2 * 3600);
    assert_eq!(event.starts_at.to_rfc3339(), STARTS_AT);
    let ends_at = event.ends_at.flatten().expect("an end");
    assert_eq!(ends_at.offset().fix().local_minus_utc(), -5 * 3600);
    assert_eq!(event.id, event_id());
    assert_eq!(event.day, day());
    assert_eq!(event.sequence, BEYOND_F64);
    assert_eq!(event.price.as_deref(), Some("12.30"));
    // Encoded again, it is the JSON the server sent.
    let again: Value = serde_json::to_value(&event).expect("encodes");
    assert_eq!(again, event_json());
}

#[tokio::test]
async fn a_date_time_without_an_offset_is_a_decode_error() {
    let mut body = event_json();
    body["startsAt"] = json!("2026-03-29T01:30:00");
    let server = server_answering("GET", &format!("/events/{EVENT_ID}"), &body.to_string()).await;
    let error = client(&server)
        .get_event(event_id(), starts_at(), &Default::default())
        .await
        .expect_err("RFC 3339 requires an offset");
    match error {
        fixture_clients::Error::Decode(failure) => assert_eq!(failure.status, 200),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn untyped_formats_stay_strings_named_in_the_docs() {
    let module = include_str!("../fixtures/clients/src/formats.rs");
    let website = module
        .split("pub website:")
        .next()
        .and_then(|before| before.rsplit("pub attendees:").next())
        .expect("the website field follows attendees");
    assert!(website.contains("/// Format: `uri`."), "{website}");
    assert!(module.contains("pub website: ::std::option::Option<::std::string::String>,"));
    assert!(module.contains("/// Who asks. Format: `email`.\n    pub contact:"));
}

/// A date-time at a zero offset as most servers write it, with milliseconds that are zero.
const UTC_AS_SENT: &str = "2024-05-03T08:00:00.000Z";
/// The same value as the client writes it: same instant, same offset, `Z`, no empty digits.
const UTC_AS_WRITTEN: &str = "2024-05-03T08:00:00Z";

#[tokio::test]
async fn a_zero_offset_goes_out_as_z_in_query_header_and_list_parameters() {
    let route = format!("/events/{EVENT_ID}");
    let server = server_answering("GET", &route, &event_json().to_string()).await;
    let utc = DateTime::parse_from_rfc3339(UTC_AS_SENT).expect("valid");
    client(&server)
        .get_event(
            event_id(),
            utc,
            &formats::GetEventParams {
                x_sent_at: Some(utc),
                between: Some(vec![utc, starts_at()]),
                ..Default::default()
            },
        )
        .await
        .expect("the event");
    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("at=2024-05-03T08%3A00%3A00Z&between=2024-05-03T08%3A00%3A00Z%2C2026-03-29T01%3A30%3A00%2B02%3A00")
    );
    assert_eq!(header_values(&request, "X-Sent-At"), [UTC_AS_WRITTEN]);
}

#[tokio::test]
async fn a_decoded_date_time_is_sent_back_with_its_instant_and_offset() {
    let mut received = event_json();
    received["startsAt"] = json!(UTC_AS_SENT);
    received["endsAt"] = json!(STARTS_AT);
    received["createdAt"] = json!(UTC_AS_SENT);
    received["reminders"] = json!([UTC_AS_SENT, STARTS_AT, "2024-05-03T08:00:00.5-00:00"]);
    received["deadlines"] = json!({ "final": UTC_AS_SENT, "review": "2024-05-03T10:00:00+00:00" });
    let get = server_answering("GET", &format!("/events/{EVENT_ID}"), &received.to_string()).await;
    let event = client(&get)
        .get_event(event_id(), starts_at(), &Default::default())
        .await
        .expect("the event")
        .into_body();
    assert_eq!(event.starts_at.offset().local_minus_utc(), 0);

    let route = format!("/events/by-sequence/{BEYOND_F64}/2026-03-29");
    let put = server_answering("PUT", &route, &received.to_string()).await;
    client(&put)
        .put_event(BEYOND_F64, day(), &event)
        .await
        .expect("the stored event");
    let sent: Value = serde_json::from_slice(&only_request(&put).await.body).expect("JSON");
    assert_eq!(sent["startsAt"], UTC_AS_WRITTEN);
    assert_eq!(sent["endsAt"], STARTS_AT);
    // Through an alias (`Timestamp`), a list, and a struct's own and additional properties.
    assert_eq!(sent["createdAt"], UTC_AS_WRITTEN);
    assert_eq!(
        sent["reminders"],
        json!([UTC_AS_WRITTEN, STARTS_AT, "2024-05-03T08:00:00.500Z"])
    );
    assert_eq!(
        sent["deadlines"],
        json!({ "final": UTC_AS_WRITTEN, "review": "2024-05-03T10:00:00Z" })
    );
}
