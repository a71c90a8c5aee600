//! The vendors' own Swagger 2.0 files, generated as they are (`swagger_clients`, built by its
//! `build.rs` as `generator --out DIR FILE` would), give clients that put the same request on
//! the wire as the clients of our hand-written OpenAPI 3.0 specs (`generated`): each operation
//! is called through both against one wiremock server, and the two requests it receives must
//! have the same method, path, query, headers and body.

mod common;

use common::http;

use generated::{airkey, smsworks};
use serde_json::json;
use swagger_clients::evva_airkey_16_20_7_swagger as airkey2;
use swagger_clients::thesmsworks_1_5_0_swagger as smsworks2;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server that answers every request with `status` and `body`, and keeps what it received.
async fn server(status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_raw(body.to_string(), "application/json;charset=UTF-8"),
        )
        .mount(&server)
        .await;
    server
}

/// The two requests the server received, the hand-written spec's client's first, checked to
/// be the same request on the wire.
async fn assert_same_requests(server: &MockServer) -> Request {
    let received = server
        .received_requests()
        .await
        .expect("requests are recorded");
    let [ours, theirs] = received.as_slice() else {
        panic!("expected two requests, got {}", received.len());
    };
    assert_eq!(ours.method, theirs.method, "method");
    assert_eq!(ours.url.path(), theirs.url.path(), "path");
    assert_eq!(ours.url.query(), theirs.url.query(), "query");
    let headers = |request: &Request| {
        let mut headers: Vec<(String, Vec<u8>)> = request
            .headers
            .iter()
            .map(|(name, value)| (name.to_string(), value.as_bytes().to_vec()))
            .collect();
        headers.sort();
        headers
    };
    assert_eq!(headers(ours), headers(theirs), "headers");
    assert_eq!(
        String::from_utf8_lossy(&ours.body),
        String::from_utf8_lossy(&theirs.body),
        "body"
    );
    ours.clone()
}

/// The hand-written wire test's request, as JSON: what `send_a_key` must send.
fn send_a_key_json() -> serde_json::Value {
    json!({
        "phone": {"phoneNumber": "+436641234567", "name": "Phone of John Doe"},
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

#[tokio::test]
async fn send_a_key_from_the_swagger_2_file_sends_what_the_hand_written_spec_sends() {
    let server = server(200, json!({})).await;
    let request: airkey::SendAKeyRequest =
        serde_json::from_value(send_a_key_json()).expect("the hand-written client reads it");
    let request_2: airkey2::SendAKeyRequest =
        serde_json::from_value(send_a_key_json()).expect("the 2.0 client reads it");
    let key = "airkey-secret-7f3c9e2b41d8";
    airkey::Client::with_base_url(server.uri())
        .with_http_client(http())
        .with_api_key(key)
        .send_a_key(&request)
        .await
        .expect("the hand-written client's call succeeds");
    airkey2::Client::with_base_url(server.uri())
        .with_http_client(http())
        .with_api_key(key)
        .send_a_key(&request_2)
        .await
        .expect("the 2.0 client's call succeeds");
    let sent = assert_same_requests(&server).await;
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(sent.url.path(), "/v1/send-a-key");
    assert_eq!(
        sent.headers.get("x-api-key").unwrap().as_bytes(),
        key.as_bytes()
    );
    let body: serde_json::Value = serde_json::from_slice(&sent.body).expect("a JSON body");
    assert_eq!(body, send_a_key_json());
    // host + basePath + schemes: the server the 2.0 file names.
    assert_eq!(airkey2::DEFAULT_BASE_URL, airkey::DEFAULT_BASE_URL);
}

#[tokio::test]
async fn key_secret_from_the_swagger_2_file_sends_what_the_hand_written_spec_sends() {
    let body = json!({"key": "22795661-48a1-442d-92a3-bc2384836fad", "secret": "10045176"});
    let server = server(201, body).await;
    let customer = "7a3e21f0-5c4b/4d8e 9f1a";
    smsworks::Client::with_base_url(server.uri())
        .with_http_client(http())
        .key_secret(customer)
        .await
        .expect("the hand-written client's call succeeds");
    smsworks2::Client::with_base_url(server.uri())
        .with_http_client(http())
        .key_secret(customer)
        .await
        .expect("the 2.0 client's call succeeds");
    let sent = assert_same_requests(&server).await;
    assert_eq!(sent.method.as_str(), "GET");
    assert_eq!(sent.url.path(), "/auth/getApiKey");
    assert_eq!(
        sent.url.query_pairs().collect::<Vec<_>>(),
        [("customerid".into(), customer.into())]
    );
    assert!(sent.body.is_empty());
    assert_eq!(smsworks2::DEFAULT_BASE_URL, smsworks::DEFAULT_BASE_URL);
}

#[tokio::test]
async fn login_from_the_swagger_2_file_sends_what_the_hand_written_spec_sends() {
    let server = server(
        200,
        json!({"token": "JWT eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.e30.x"}),
    )
    .await;
    let login = json!({
        "customerid": "7a3e21f0-5c4b-4d8e-9f1a-2b3c4d5e6f70",
        "key": "22795661-48a1-442d-92a3-bc2384836fad",
        "secret": "10045176307448ced2e1b74963d137f2"
    });
    let request: smsworks::Login = serde_json::from_value(login.clone()).expect("a login");
    let request_2: smsworks2::Login = serde_json::from_value(login.clone()).expect("a login");
    smsworks::Client::with_base_url(server.uri())
        .with_http_client(http())
        .login(&request)
        .await
        .expect("the hand-written client's call succeeds");
    smsworks2::Client::with_base_url(server.uri())
        .with_http_client(http())
        .login(&request_2)
        .await
        .expect("the 2.0 client's call succeeds");
    let sent = assert_same_requests(&server).await;
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(sent.url.path(), "/auth/token");
    assert_eq!(
        sent.headers.get("content-type").unwrap().as_bytes(),
        b"application/json"
    );
    let body: serde_json::Value = serde_json::from_slice(&sent.body).expect("a JSON body");
    assert_eq!(body, login);
}
