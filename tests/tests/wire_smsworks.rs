//! Wire tests of `generated::smsworks` against wiremock: `key_secret` and `login` send the exact
//! method, path, query, headers and JSON body, decode their success bodies, and turn every other
//! status into `Default { status, body }`.

mod common;

use common::{http, only_request};

use generated::runtime::RetryPolicy;
use generated::smsworks::{self, ExtendedErrorModel, KeySecretError, Login, LoginError};
use generated::Error;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// What both operations send as `Accept`: the media type of their documented responses.
const ACCEPT: &str = "application/json;charset=UTF-8";
const REQUEST_ID: &str = "req-smsworks-0001";

const CUSTOMER_ID: &str = "7a3e21f0-5c4b-4d8e-9f1a-2b3c4d5e6f70";
const API_KEY: &str = "22795661-48a1-442d-92a3-bc2384836fad";
const API_SECRET: &str = "10045176307448ced2e1b74963d137f2bfaefbdad6fe415df429b64c4d63b856";
const TOKEN: &str = "JWT eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqcm9ja2V0QGV4YW1wbGUuY29tIn0.BR1BIDy0Mw3R4ilfqAojsnh7bp_pgeX2jfjhhZyaexQ";

fn client(server: &MockServer) -> smsworks::Client {
    smsworks::Client::with_base_url(server.uri()).with_http_client(http())
}

/// A response with a JSON body in the media type the spec documents, and an `x-request-id`.
fn json_response(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("x-request-id", REQUEST_ID)
        .set_body_raw(body.to_string(), "application/json;charset=UTF-8")
}

fn request_id(headers: &reqwest::header::HeaderMap) -> Option<&[u8]> {
    headers.get("x-request-id").map(|value| value.as_bytes())
}

/// The spec's example error as JSON and as the decoded type.
fn unauthorized() -> (serde_json::Value, ExtendedErrorModel) {
    let json = json!({
        "message": "Invalid API key or secret",
        "errorCode": 401,
        "permanent": false,
        "status": "UNAUTHORIZED"
    });
    let decoded = ExtendedErrorModel {
        message: "Invalid API key or secret".into(),
        error_code: 401.0,
        permanent: Some(false),
        status: "UNAUTHORIZED".into(),
    };
    (json, decoded)
}

/// A mock of `GET /auth/getApiKey?customerid=…` that only matches the request the spec describes.
fn key_secret_mock(customer_id: &str, response: ResponseTemplate) -> Mock {
    Mock::given(method("GET"))
        .and(path("/auth/getApiKey"))
        .and(query_param("customerid", customer_id))
        .and(header("accept", ACCEPT))
        .and(|request: &Request| {
            !request.headers.contains_key("content-type") && request.body.is_empty()
        })
        .respond_with(response)
        .expect(1)
}

/// A mock of `POST /auth/token` that only matches this exact JSON body.
fn login_mock(body: serde_json::Value, response: ResponseTemplate) -> Mock {
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .and(header("accept", ACCEPT))
        .and(header("content-type", "application/json"))
        .and(body_json(body))
        .respond_with(response)
        .expect(1)
}

fn full_login() -> Login {
    Login {
        customerid: Some(CUSTOMER_ID.into()),
        key: Some(API_KEY.into()),
        secret: Some(API_SECRET.into()),
    }
}

fn full_login_json() -> serde_json::Value {
    json!({"customerid": CUSTOMER_ID, "key": API_KEY, "secret": API_SECRET})
}

// --- key_secret: GET /auth/getApiKey ---

#[tokio::test]
async fn key_secret_sends_the_customer_id_and_decodes_the_201_body() {
    let server = MockServer::start().await;
    key_secret_mock(
        CUSTOMER_ID,
        json_response(201, json!({"key": API_KEY, "secret": API_SECRET})),
    )
    .mount(&server)
    .await;

    let pair = client(&server)
        .key_secret(CUSTOMER_ID)
        .await
        .expect("the mock answers 201");

    assert_eq!(pair.status(), 201);
    assert_eq!(request_id(pair.headers()), Some(REQUEST_ID.as_bytes()));
    assert_eq!(pair.key, API_KEY);
    assert_eq!(pair.secret, API_SECRET);
}

#[tokio::test]
async fn key_secret_encodes_reserved_characters_in_the_customer_id() {
    let server = MockServer::start().await;
    let customer_id = "acme & co=1";
    key_secret_mock(
        customer_id,
        json_response(201, json!({"key": API_KEY, "secret": API_SECRET})),
    )
    .mount(&server)
    .await;

    client(&server)
        .key_secret(customer_id)
        .await
        .expect("the mock answers 201");

    let request = only_request(&server).await;
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [("customerid".to_string(), customer_id.to_string())],
        "`&` and `=` are escaped, so the value stays one parameter (query: {:?})",
        request.url.query()
    );
}

#[tokio::test]
async fn key_secret_maps_an_error_status_to_default_with_status_and_body() {
    let server = MockServer::start().await;
    let (body, expected) = unauthorized();
    key_secret_mock(CUSTOMER_ID, json_response(401, body))
        .mount(&server)
        .await;

    match client(&server).key_secret(CUSTOMER_ID).await {
        Err(Error::Api {
            error: KeySecretError::Default { status, body },
            ..
        }) => {
            assert_eq!(status, 401);
            assert_eq!(*body, expected);
        }
        other => panic!("expected KeySecretError::Default, got {other:?}"),
    }
}

#[tokio::test]
async fn key_secret_reports_a_non_json_error_body_as_a_decode_error() {
    let server = MockServer::start().await;
    let body = "<html><body>502 Bad Gateway</body></html>";
    key_secret_mock(
        CUSTOMER_ID,
        ResponseTemplate::new(502).set_body_raw(body, "text/html"),
    )
    .mount(&server)
    .await;

    // Without retries, so the 502 of this GET is answered once (wire_retries retries it).
    let client = client(&server).with_retry_policy(RetryPolicy::none());
    match client.key_secret(CUSTOMER_ID).await {
        Err(Error::Decode(failure)) => {
            assert_eq!(failure.status, 502);
            assert_eq!(failure.excerpt, body);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

// --- login: POST /auth/token ---

#[tokio::test]
async fn login_sends_the_credentials_as_json_and_decodes_the_200_body() {
    let server = MockServer::start().await;
    login_mock(
        full_login_json(),
        json_response(200, json!({"token": TOKEN})),
    )
    .mount(&server)
    .await;

    let token = client(&server)
        .login(&full_login())
        .await
        .expect("the mock answers 200");

    assert_eq!(token.status(), 200);
    assert_eq!(request_id(token.headers()), Some(REQUEST_ID.as_bytes()));
    assert_eq!(token.token, TOKEN);
}

#[tokio::test]
async fn login_leaves_unset_fields_out_of_the_body() {
    let server = MockServer::start().await;
    // `body_json` compares JSON values, so `"customerid": null` would not match.
    login_mock(
        json!({"key": API_KEY, "secret": API_SECRET}),
        json_response(200, json!({"token": TOKEN})),
    )
    .mount(&server)
    .await;
    let login = Login {
        customerid: None,
        ..full_login()
    };

    let token = client(&server)
        .login(&login)
        .await
        .expect("the mock answers 200");

    assert_eq!(token.token, TOKEN);
}

#[tokio::test]
async fn login_maps_an_error_status_to_default_with_status_and_body() {
    let server = MockServer::start().await;
    let (body, expected) = unauthorized();
    login_mock(full_login_json(), json_response(401, body))
        .mount(&server)
        .await;

    match client(&server).login(&full_login()).await {
        Err(Error::Api {
            error: LoginError::Default { status, body },
            ..
        }) => {
            assert_eq!(status, 401);
            assert_eq!(*body, expected);
        }
        other => panic!("expected LoginError::Default, got {other:?}"),
    }
}

#[tokio::test]
async fn login_reports_a_malformed_200_body_as_a_decode_error() {
    let server = MockServer::start().await;
    let body = r#"{"token": "JWT eyJ0eXAi"#;
    login_mock(
        full_login_json(),
        ResponseTemplate::new(200).set_body_raw(body, "application/json;charset=UTF-8"),
    )
    .mount(&server)
    .await;

    let error = client(&server)
        .login(&full_login())
        .await
        .expect_err("a truncated body cannot decode");

    common::assert_decode_error(error, 200, r#"{"token": "JWT"#);
}
