//! Contract tests: every operation, called through the generated client, against the Prism mock
//! server serving our own spec with `--errors`, so Prism rejects any request that violates the spec.
//!
//! Prism checks method, path, query, headers, security, content type and JSON bodies against the
//! spec. It checks that an `application/jwt` body has that content type, but not what is inside
//! the JWT; the exact bytes of JWT bodies are proven against wiremock in `wire_authentiq.rs`.

mod common;

use std::time::Duration;

use common::prism::Prism;
use generated::{airkey, authentiq, smsworks, Error};

/// A compact JWT (header `{"alg":"none"}`, claims `{"sub":"abc"}`); Prism does not look inside.
const JWT: &str = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhYmMifQ.";

/// A reqwest client that never hangs, optionally asking Prism for a documented status.
fn http(prefer_code: Option<u16>) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(code) = prefer_code {
        let value = format!("code={code}").parse().expect("valid header value");
        headers.insert("prefer", value);
    }
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .default_headers(headers)
        .build()
        .expect("reqwest client")
}

fn send_a_key_request() -> airkey::SendAKeyRequest {
    airkey::SendAKeyRequest {
        phone: airkey::SendAKeyPhone {
            phone_number: Some("+436641234567".into()),
            name: Some("Front desk".into()),
            ..Default::default()
        },
        sms_text: Some("Your key".into()),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn airkey_operations_pass_prism_validation() {
    let prism = Prism::start("specs/airkey.yaml");
    let client = airkey::Client::with_base_url(&prism.base_url)
        .with_http_client(http(None))
        .with_api_key("test-key");

    let sent = client
        .send_a_key(&send_a_key_request())
        .await
        .expect("Prism accepts a valid send-a-key request");
    assert_eq!(sent.status(), 200);
    assert!(
        sent.phone.is_some(),
        "Prism's example response decodes into SendAKeyResponse"
    );

    // Without the API key the spec's security is not met: Prism answers 401, a documented status.
    let anonymous = airkey::Client::with_base_url(&prism.base_url).with_http_client(http(None));
    match anonymous.send_a_key(&send_a_key_request()).await {
        Err(Error::Api {
            error: airkey::SendAKeyError::Unauthorized(_),
            ..
        }) => {}
        other => panic!("expected the documented 401, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn airkey_body_without_a_required_field_is_rejected() {
    let prism = Prism::start("specs/airkey.yaml");
    // The same body the client sends, minus the required `phone`: proves Prism checks bodies.
    let response = http(None)
        .post(format!("{}/v1/send-a-key", prism.base_url))
        .header("x-api-key", "test-key")
        .json(&serde_json::json!({"smsText": "Your key"}))
        .send()
        .await
        .expect("Prism answers");
    assert_eq!(
        response.status(),
        400,
        "a documented 4xx for an invalid body"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn authentiq_operations_pass_prism_validation() {
    let prism = Prism::start("specs/authentiq.yaml");
    let client = authentiq::Client::with_base_url(&prism.base_url).with_http_client(http(None));

    let registered = client
        .key_register(JWT)
        .await
        .expect("key_register is valid");
    assert_eq!(registered.status(), 201);
    assert!(registered.secret.is_some());

    let updated = client
        .key_update("pk-value", JWT)
        .await
        .expect("key_update is valid");
    assert_eq!(updated.status(), 200);

    let pushed = client
        .push_login_request("https://example.com/callback", JWT)
        .await
        .expect("push_login_request is valid");
    assert_eq!(pushed.status(), 200);

    let confirmed = client
        .sign_confirm("job-1")
        .await
        .expect("sign_confirm is valid");
    assert_eq!(confirmed.status(), 202);

    let requested = client
        .sign_request(JWT, Some(1))
        .await
        .expect("sign_request with test=1 is valid");
    assert_eq!(requested.status(), 201);
    let requested = client
        .sign_request(JWT, None)
        .await
        .expect("sign_request without test is valid");
    assert_eq!(requested.status(), 201);
}

#[tokio::test(flavor = "multi_thread")]
async fn authentiq_documented_errors_decode_by_status() {
    let prism = Prism::start("specs/authentiq.yaml");
    let conflict =
        authentiq::Client::with_base_url(&prism.base_url).with_http_client(http(Some(409)));
    match conflict.key_register(JWT).await {
        Err(Error::Api {
            error: authentiq::KeyRegisterError::Conflict(error),
            ..
        }) => {
            assert_eq!(error.r#type.as_deref(), Some("duplicate-key"))
        }
        other => panic!("expected the documented 409, got {other:?}"),
    }
    let rate_limited =
        authentiq::Client::with_base_url(&prism.base_url).with_http_client(http(Some(429)));
    match rate_limited.sign_request(JWT, None).await {
        Err(Error::Api {
            error: authentiq::SignRequestError::TooManyRequests(_),
            ..
        }) => {}
        other => panic!("expected the documented 429, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn authentiq_request_without_required_query_is_rejected() {
    let prism = Prism::start("specs/authentiq.yaml");
    // `callback` is required on POST /login; a raw request without it must be refused.
    let response = http(None)
        .post(format!("{}/login", prism.base_url))
        .header("content-type", "application/jwt")
        .header("accept", "application/json")
        .body(JWT)
        .send()
        .await
        .expect("Prism answers");
    assert_eq!(
        response.status(),
        422,
        "Prism rejects the missing required query parameter"
    );
    let violations = response
        .headers()
        .get("sl-violations")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        violations.contains("required property 'callback'"),
        "Prism names the violation: {violations}"
    );

    // A JSON body where the spec says application/jwt is refused too.
    let wrong_type = http(None)
        .post(format!("{}/key", prism.base_url))
        .header("accept", "application/json")
        .json(&serde_json::json!({"sub": "abc"}))
        .send()
        .await
        .expect("Prism answers");
    assert_eq!(
        wrong_type.status(),
        415,
        "Prism rejects a body of the wrong media type"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn smsworks_operations_pass_prism_validation() {
    let prism = Prism::start("specs/smsworks.yaml");
    let client = smsworks::Client::with_base_url(&prism.base_url).with_http_client(http(None));

    let key = client
        .key_secret("customer-1")
        .await
        .expect("key_secret is valid");
    assert_eq!(key.status(), 201);

    let token = client
        .login(&smsworks::Login {
            customerid: Some("customer-1".into()),
            key: Some("key".into()),
            secret: Some("secret".into()),
        })
        .await
        .expect("login is valid");
    assert_eq!(token.status(), 200);
    assert!(!token.token.is_empty(), "Prism's example token decodes");
}

/// The typed formats fixture: Prism checks each `date-time`, `date`, `uuid` and `int64` query,
/// path and header value and the JSON body against its format, and the values it makes up for
/// its responses decode into the typed fields. Prism refuses integers above JavaScript's
/// 2^53 − 1 whatever the format says, so `int64` beyond that is proven in `wire_formats.rs`.
#[tokio::test(flavor = "multi_thread")]
async fn typed_format_parameters_pass_prism_validation() {
    use fixture_clients::formats;
    let prism = Prism::start("tests/fixtures/formats.yaml");
    let client = formats::Client::with_base_url(&prism.base_url).with_http_client(http(None));
    let at = chrono::DateTime::parse_from_rfc3339("2026-03-29T01:30:00+02:00").expect("valid");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 29).expect("a day");
    let id = uuid::Uuid::from_u128(0x0b9a6c2e_3f1d_4d5b_9a8e_1c2d3e4f5a6b);
    let event = client
        .get_event(
            id,
            at,
            &formats::GetEventParams {
                day: Some(day),
                sequence: Some(1_234_567_890_123),
                x_sent_at: Some(at),
                contact: Some("a+b@example.com".into()),
                between: Some(vec![at, at.to_utc().fixed_offset()]),
            },
        )
        .await
        .expect("Prism accepts every typed parameter");
    assert_eq!(event.status(), 200);

    let stored = client
        .put_event(1_234_567_890_123, day, &event)
        .await
        .expect("Prism accepts the typed path parameters and the body");
    assert_eq!(stored.status(), 200);
}
