//! Wire tests of `generated::airkey` against wiremock: `send_a_key` sends the exact method, path,
//! headers (including `X-API-Key`, which `Debug` never shows) and JSON body, decodes the 200 body,
//! and maps every other status to the right `Error` variant.

mod common;

use common::{http, only_request};

use generated::airkey::{
    self, Authorization, AuthorizationCurrentState, AuthorizationInfo,
    FixedMediumSimpleAuthorizationCreate, Person, PersonCreate,
    PersonCreateCorrespondenceLanguageCode, PersonCreateCountryCode, PersonCreateGender, Phone,
    PhoneMediumType, PhoneSettings, SendAKeyError, SendAKeyPhone, SendAKeyRequest,
    SimpleAuthorizationInfo, SimpleAuthorizationInfoType, SimpleLock, SimpleLockLockType,
    SimpleMedium, SimpleMediumMediumType,
};
use generated::runtime::{RawBody, RetryPolicy};
use generated::Error;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "airkey-secret-7f3c9e2b41d8";
const REQUEST_ID: &str = "req-airkey-0001";
const SEND_A_KEY_PATH: &str = "/v1/send-a-key";

/// A client for the mock server, with the API key configured.
/// An AirKey timestamp: UTC, in milliseconds.
fn timestamp(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(text).expect("an RFC 3339 timestamp")
}

fn client(server: &MockServer) -> airkey::Client {
    airkey::Client::with_base_url(server.uri())
        .with_http_client(http())
        .with_api_key(API_KEY)
}

/// The spec's example request: a phone, a person and a simple authorization for lock 4711.
fn send_a_key_request() -> SendAKeyRequest {
    SendAKeyRequest {
        phone: SendAKeyPhone {
            id: None,
            phone_number: Some("+436641234567".into()),
            name: Some("Phone of John Doe".into()),
        },
        person: Some(PersonCreate {
            first_name: "John".into(),
            last_name: "Doe".into(),
            secondary_identification: Some("EMP-0042".into()),
            gender: Some(PersonCreateGender::Male),
            birthday: Some("1985-04-12".into()),
            phone: None,
            email_address: Some("john.doe@example.com".into()),
            street: Some("Wienerbergstrasse 59".into()),
            postal_code: Some("1120".into()),
            country_code: Some(PersonCreateCountryCode::Aut),
            city: Some("Vienna".into()),
            comment: None,
            correspondence_language_code: PersonCreateCorrespondenceLanguageCode::EnUk,
        }),
        authorization: Some(FixedMediumSimpleAuthorizationCreate {
            authorization_info: SimpleAuthorizationInfo {
                r#type: SimpleAuthorizationInfoType::Simple,
                valid_from: "2024-05-01T08:00".into(),
                valid_to: "2024-05-31T18:00".into(),
            },
            lock_id: Some(4711),
            area_id: None,
            remove_all_existing_authorizations_for_pair: Some(false),
        }),
        sms_text: Some("Welcome to AirKey! Please install the app.".into()),
    }
}

/// `send_a_key_request()` as the spec says it goes on the wire: camelCase names, no unset fields.
fn send_a_key_request_json() -> serde_json::Value {
    json!({
        "phone": {
            "phoneNumber": "+436641234567",
            "name": "Phone of John Doe"
        },
        "person": {
            "firstName": "John",
            "lastName": "Doe",
            "secondaryIdentification": "EMP-0042",
            "gender": "MALE",
            "birthday": "1985-04-12",
            "emailAddress": "john.doe@example.com",
            "street": "Wienerbergstrasse 59",
            "postalCode": "1120",
            "countryCode": "AUT",
            "city": "Vienna",
            "correspondenceLanguageCode": "en-UK"
        },
        "authorization": {
            "authorizationInfo": {
                "type": "SIMPLE",
                "validFrom": "2024-05-01T08:00",
                "validTo": "2024-05-31T18:00"
            },
            "lockId": 4711,
            "removeAllExistingAuthorizationsForPair": false
        },
        "smsText": "Welcome to AirKey! Please install the app."
    })
}

/// The spec's example 200 body.
fn send_a_key_response_json() -> serde_json::Value {
    json!({
        "phone": {
            "id": 1001,
            "version": 1,
            "name": "Phone of John Doe",
            "mediumIdentifier": "P0000001001",
            "lockingSystemId": 5001,
            "mediumType": "PHONE",
            "lastSynchronizedOn": "2024-05-01T08:05:12.345Z",
            "releaseDurationExtended": false,
            "permanentOpeningEnabled": false,
            "activated": false,
            "personId": 2001,
            "phoneSettings": {
                "inMaintenanceMode": false,
                "mediumLogVisible": true,
                "pinSet": false
            },
            "pairingCode": "A1B2C3D4E5F6",
            "pairingCodeValidUntil": "2024-05-03T08:00:00.000Z",
            "phoneNumber": "+436641234567",
            "sentKeyOn": "2024-05-01T08:00:00.000Z"
        },
        "person": {
            "id": 2001,
            "version": 1,
            "firstName": "John",
            "lastName": "Doe",
            "secondaryIdentification": "EMP-0042",
            "gender": "MALE",
            "birthday": "1985-04-12",
            "emailAddress": "john.doe@example.com",
            "street": "Wienerbergstrasse 59",
            "postalCode": "1120",
            "city": "Vienna",
            "countryCode": "AUT",
            "correspondenceLanguageCode": "en-UK"
        },
        "authorization": {
            "id": 3001,
            "version": 1,
            "medium": {
                "id": 1001,
                "name": "Phone of John Doe",
                "mediumIdentifier": "P0000001001",
                "mediumType": "PHONE"
            },
            "lock": {
                "id": 4711,
                "lockType": "CYLINDER",
                "lockIdentifier": "L0000004711",
                "name": "Main entrance",
                "additionalInformation": "Ground floor"
            },
            "personId": 2001,
            "currentState": "CREATED",
            "createdOn": "2024-05-01T08:00:00.000Z",
            "updatedOn": "2024-05-01T08:00:00.000Z",
            "deletionRequested": false,
            "authorizationInfoList": [
                {"type": "SIMPLE", "validFrom": "2024-05-01T08:00", "validTo": "2024-05-31T18:00"}
            ],
            "custom": false
        }
    })
}

/// A mock of `POST /v1/send-a-key` that only matches the request the spec describes.
fn send_a_key_mock(response: ResponseTemplate) -> Mock {
    Mock::given(method("POST"))
        .and(path(SEND_A_KEY_PATH))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(header("x-api-key", API_KEY))
        .and(body_json(send_a_key_request_json()))
        .respond_with(response)
        .expect(1)
}

#[tokio::test]
async fn send_a_key_sends_the_spec_request_and_decodes_the_200_body() {
    let server = MockServer::start().await;
    send_a_key_mock(
        ResponseTemplate::new(200)
            .insert_header("x-request-id", REQUEST_ID)
            .set_body_json(send_a_key_response_json()),
    )
    .mount(&server)
    .await;

    let sent = client(&server)
        .send_a_key(&send_a_key_request())
        .await
        .expect("the mock answers 200 with the spec's example body");

    assert_eq!(sent.status(), 200);
    assert_eq!(
        sent.headers().get("x-request-id").map(|v| v.as_bytes()),
        Some(REQUEST_ID.as_bytes()),
        "response headers are kept"
    );

    let phone = sent.phone.as_ref().expect("the body has a phone");
    assert_eq!(
        *phone,
        Phone {
            id: 1001,
            version: 1,
            name: Some("Phone of John Doe".into()),
            medium_identifier: Some("P0000001001".into()),
            locking_system_id: Some(5001),
            medium_type: Some(PhoneMediumType::Phone),
            last_synchronized_on: Some(timestamp("2024-05-01T08:05:12.345Z")),
            comment: None,
            release_duration_extended: false,
            permanent_opening_enabled: false,
            activated: Some(false),
            person_id: Some(2001),
            app_type: None,
            platform_version: None,
            phone_settings: PhoneSettings {
                in_maintenance_mode: false,
                medium_log_visible: true,
                pin_set: Some(false),
                pin_reset_time: None,
            },
            pairing_code: Some("A1B2C3D4E5F6".into()),
            pairing_code_valid_until: Some(timestamp("2024-05-03T08:00:00.000Z")),
            phone_number: "+436641234567".into(),
            sent_key_on: Some(timestamp("2024-05-01T08:00:00.000Z")),
        }
    );

    let person = sent.person.as_ref().expect("the body has a person");
    assert_eq!(
        *person,
        Person {
            id: 2001,
            version: 1,
            first_name: "John".into(),
            last_name: "Doe".into(),
            secondary_identification: Some("EMP-0042".into()),
            gender: Some(PersonCreateGender::Male),
            birthday: Some("1985-04-12".into()),
            phone: None,
            email_address: Some("john.doe@example.com".into()),
            street: Some("Wienerbergstrasse 59".into()),
            postal_code: Some("1120".into()),
            country_code: Some(PersonCreateCountryCode::Aut),
            city: Some("Vienna".into()),
            comment: None,
            correspondence_language_code: PersonCreateCorrespondenceLanguageCode::EnUk,
        }
    );

    let authorization = sent
        .authorization
        .as_ref()
        .expect("the body has an authorization");
    assert_eq!(
        *authorization,
        Authorization {
            id: 3001,
            version: 1,
            medium: SimpleMedium {
                id: 1001,
                name: Some("Phone of John Doe".into()),
                medium_identifier: Some("P0000001001".into()),
                medium_type: Some(SimpleMediumMediumType::Phone),
            },
            lock: Some(SimpleLock {
                id: 4711,
                lock_type: Some(SimpleLockLockType::Cylinder),
                lock_identifier: Some("L0000004711".into()),
                name: Some("Main entrance".into()),
                additional_information: Some("Ground floor".into()),
            }),
            area: None,
            person_id: Some(2001),
            current_state: Some(AuthorizationCurrentState::Created),
            created_on: Some(timestamp("2024-05-01T08:00:00.000Z")),
            updated_on: Some(timestamp("2024-05-01T08:00:00.000Z")),
            synchronized_on: None,
            deletion_requested: Some(false),
            authorization_info_list: vec![AuthorizationInfo::Simple(SimpleAuthorizationInfo {
                r#type: SimpleAuthorizationInfoType::Simple,
                valid_from: "2024-05-01T08:00".into(),
                valid_to: "2024-05-31T18:00".into(),
            })],
            custom: Some(false),
        }
    );
}

#[tokio::test]
async fn send_a_key_maps_each_documented_error_status_to_its_variant_keeping_the_body() {
    let cases = [
        (
            400,
            SendAKeyError::BadRequest as fn(RawBody) -> SendAKeyError,
        ),
        (401, SendAKeyError::Unauthorized),
        (429, SendAKeyError::TooManyRequests),
        (500, SendAKeyError::InternalServerError),
        (503, SendAKeyError::ServiceUnavailable),
    ];
    let sent = "{\"message\":\"not in the spec\"}";
    for (status, variant) in cases {
        let expected = variant(sent.as_bytes().to_vec().into());
        let server = MockServer::start().await;
        // The spec gives these responses no content; what the server sends anyway is kept.
        send_a_key_mock(ResponseTemplate::new(status).set_body_string(sent))
            .mount(&server)
            .await;

        // Without retries, so the 429 and 503 are answered once (wire_retries retries them).
        let error = client(&server)
            .with_retry_policy(RetryPolicy::none())
            .send_a_key(&send_a_key_request())
            .await
            .expect_err("a documented error status");

        assert_eq!(
            error.status().map(|code| code.as_u16()),
            Some(status),
            "Error::status() answers for a documented error"
        );
        match error {
            // Error enums derive `Debug` only; their derived `Debug` text shows every field.
            Error::Api { error: actual, .. } => assert_eq!(
                format!("{actual:?}"),
                format!("{expected:?}"),
                "status {status}"
            ),
            other => panic!(
                "status {status}: expected Error::Api {{ error: {expected:?}, .. }}, got {other:?}"
            ),
        }
    }
}

#[tokio::test]
async fn send_a_key_reports_an_undocumented_status_with_status_headers_and_raw_body() {
    let server = MockServer::start().await;
    let body = "I'm a teapot: no keys brewed today";
    send_a_key_mock(
        ResponseTemplate::new(418)
            .insert_header("x-request-id", REQUEST_ID)
            .set_body_string(body),
    )
    .mount(&server)
    .await;

    let error = client(&server)
        .send_a_key(&send_a_key_request())
        .await
        .expect_err("418 is not a success");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(418));
    match error {
        Error::UnexpectedStatus(response) => {
            assert_eq!(response.status, 418);
            assert_eq!(
                response.headers.get("x-request-id").map(|v| v.as_bytes()),
                Some(REQUEST_ID.as_bytes())
            );
            assert_eq!(
                response.body,
                body.as_bytes(),
                "the raw body is kept as sent"
            );
        }
        other => panic!("expected Error::UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn send_a_key_reports_a_malformed_200_body_as_a_decode_error() {
    let server = MockServer::start().await;
    let body = r#"{"phone": {"id": 1001, "version": "#;
    send_a_key_mock(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;

    let error = client(&server)
        .send_a_key(&send_a_key_request())
        .await
        .expect_err("a truncated body cannot decode");

    common::assert_decode_error(error, 200, r#"{"phone": {"id": 1001"#);
}

#[tokio::test]
async fn send_a_key_without_a_configured_key_sends_no_api_key_header() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(SEND_A_KEY_PATH))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let anonymous = airkey::Client::with_base_url(server.uri()).with_http_client(http());

    let result = anonymous.send_a_key(&send_a_key_request()).await;

    assert!(
        matches!(
            result,
            Err(Error::Api {
                error: SendAKeyError::Unauthorized(_),
                ..
            })
        ),
        "the documented 401 maps to Unauthorized, got {result:?}"
    );
    let request = only_request(&server).await;
    assert!(
        !request.headers.contains_key("x-api-key"),
        "no X-API-Key header without a configured key, got {:?}",
        request.headers.get("x-api-key")
    );
}

#[test]
fn debug_output_of_a_client_never_shows_the_api_key() {
    let client = airkey::Client::with_base_url("http://127.0.0.1:9").with_api_key(API_KEY);

    let debug = format!("{client:?}");

    assert!(!debug.contains(API_KEY), "Debug leaks the API key: {debug}");
    assert!(
        debug.contains("http://127.0.0.1:9"),
        "Debug still shows the base URL: {debug}"
    );
}
