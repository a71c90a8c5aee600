//! Wire tests of `generated::authentiq` against wiremock: every operation sends its compact JWT
//! verbatim as `application/jwt`, percent-encodes path parameters as one segment, sends optional
//! query parameters only when set, and picks the response variant by status code.

mod common;

use common::{http, only_request};

use generated::authentiq::{
    self, KeyRegisterError, KeyUpdateError, PushLoginRequestError, SignConfirmError,
    SignRequestError,
};
use generated::runtime::RetryPolicy;
use generated::Error;
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path, query_param, query_param_is_missing};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

/// What every operation sends as `Accept`: its JSON responses, and the `*/*` of the default one.
const ACCEPT: &str = "application/json, */*";
const REQUEST_ID: &str = "req-authentiq-0001";

/// An example public signing key (the `PK` path parameter), 43 characters.
const PK: &str = "4Lr2nRxE3p3u9nJ2sEzYbT0FZqQwP8sH1k6xVdAaC5M";
/// An example job ID (the `job` path parameter), 20 characters.
const JOB: &str = "6yJkQ2rT8mWz4NpL0xVa";
const CALLBACK: &str = "https://example.com/authentiq/callback";

/// A compact JWT whose claims are an `AuthentiqId`: `{"sub": PK, "devtoken": "fcm:…"}`.
const AUTHENTIQ_ID_JWT: &str = "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0THIyblJ4RTNwM3U5bkoyc0V6WWJUMEZacVF3UDhzSDFrNnhWZEFhQzVNIiwiZGV2dG9rZW4iOiJmY206ZFF3NHc5V2dYY1E6QVBBOTFiSHVuNE14UDVlZ29LTXd0MktaRkJhRlVILTFSWXF4In0.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw";
/// A compact JWT whose claims are a `PushToken` (`sub`, `iss`, `aud`, `iat`, `exp`).
const PUSH_TOKEN_JWT: &str = "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0THIyblJ4RTNwM3U5bkoyc0V6WWJUMEZacVF3UDhzSDFrNnhWZEFhQzVNIiwiaXNzIjoiaHR0cHM6Ly9leGFtcGxlLmNvbSIsImF1ZCI6Imh0dHBzOi8vZXhhbXBsZS5jb20vYXV0aGVudGlxL2NhbGxiYWNrIiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDAzMDB9.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw";
/// A compact JWT whose claims are `Claims` (`sub`, `scope`, `email`, `phone`).
const CLAIMS_JWT: &str = "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIzZjFjMmI3ZS04ZDRhLTRlNWYtOWI2Yy0xYTJkM2U0ZjVhNmIiLCJzY29wZSI6ImVtYWlsIHBob25lIiwiZW1haWwiOiJqYW5lQGV4YW1wbGUuY29tIiwicGhvbmUiOiIrNDQ3NzAwOTAwMTIzIn0.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw";

fn client(server: &MockServer) -> authentiq::Client {
    authentiq::Client::with_base_url(server.uri()).with_http_client(http())
}

/// Matches a header sent once with exactly this value. (wiremock's `header` splits values at
/// commas, so it would also accept `application/json,*/*`.)
fn header_exactly(name: &'static str, value: &'static str) -> impl Match {
    move |request: &Request| {
        let values: Vec<_> = request.headers.get_all(name).iter().collect();
        values.len() == 1 && values[0].as_bytes() == value.as_bytes()
    }
}

/// A `POST` to `path` with the `Accept` header the client always sends.
fn post(to: &str) -> wiremock::MockBuilder {
    Mock::given(method("POST"))
        .and(path(to))
        .and(header_exactly("accept", ACCEPT))
}

/// Adds the checks for a JWT body: `Content-Type: application/jwt` and the exact compact JWT
/// bytes (not a JSON string with quotes around it).
fn with_jwt(mock: wiremock::MockBuilder, jwt: &'static str) -> wiremock::MockBuilder {
    mock.and(header("content-type", "application/jwt"))
        .and(body_string(jwt))
}

/// A JSON response with an `x-request-id` header.
fn json_response(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("x-request-id", REQUEST_ID)
        .set_body_json(body)
}

fn request_id(headers: &reqwest::header::HeaderMap) -> Option<&[u8]> {
    headers.get("x-request-id").map(|value| value.as_bytes())
}

/// The spec's `Error` model as JSON and as the decoded type.
fn problem(
    code: u16,
    kind: &str,
    title: &str,
    detail: &str,
) -> (serde_json::Value, authentiq::Error) {
    let json = json!({"error": code, "type": kind, "title": title, "detail": detail});
    let decoded = authentiq::Error {
        error: i64::from(code),
        r#type: Some(kind.into()),
        title: Some(title.into()),
        detail: Some(detail.into()),
    };
    (json, decoded)
}

// --- key_register: POST /key ---

#[tokio::test]
async fn key_register_sends_the_jwt_verbatim_and_decodes_the_201_body() {
    let server = MockServer::start().await;
    with_jwt(post("/key"), AUTHENTIQ_ID_JWT)
        .respond_with(json_response(
            201,
            json!({"secret": "0c2f5e8a9b1d4c7e6f3a2b1c0d9e8f7a", "status": "registered"}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let registered = client(&server)
        .key_register(AUTHENTIQ_ID_JWT)
        .await
        .expect("the mock answers 201");

    assert_eq!(registered.status(), 201);
    assert_eq!(
        request_id(registered.headers()),
        Some(REQUEST_ID.as_bytes())
    );
    assert_eq!(
        registered.secret.as_deref(),
        Some("0c2f5e8a9b1d4c7e6f3a2b1c0d9e8f7a")
    );
    assert_eq!(registered.status.as_deref(), Some("registered"));
}

#[tokio::test]
async fn key_register_maps_409_to_conflict_with_the_error_body() {
    let server = MockServer::start().await;
    let (body, expected) = problem(409, "duplicate-key", "Conflict", "Key already registered");
    with_jwt(post("/key"), AUTHENTIQ_ID_JWT)
        .respond_with(json_response(409, body))
        .expect(1)
        .mount(&server)
        .await;

    match client(&server).key_register(AUTHENTIQ_ID_JWT).await {
        Err(Error::Api {
            error: KeyRegisterError::Conflict(error),
            ..
        }) => assert_eq!(*error, expected),
        other => panic!("expected KeyRegisterError::Conflict, got {other:?}"),
    }
}

#[tokio::test]
async fn key_register_maps_an_undocumented_status_to_default_with_status_and_body() {
    let server = MockServer::start().await;
    let (body, expected) = problem(
        500,
        "server-error",
        "Internal Server Error",
        "An unexpected error occurred",
    );
    with_jwt(post("/key"), AUTHENTIQ_ID_JWT)
        .respond_with(json_response(500, body))
        .expect(1)
        .mount(&server)
        .await;

    match client(&server).key_register(AUTHENTIQ_ID_JWT).await {
        Err(Error::Api {
            error: KeyRegisterError::Default { status, body },
            ..
        }) => {
            assert_eq!(status, 500);
            assert_eq!(*body, expected);
        }
        other => panic!("expected KeyRegisterError::Default, got {other:?}"),
    }
}

#[tokio::test]
async fn key_register_reports_a_malformed_201_body_as_a_decode_error() {
    let server = MockServer::start().await;
    let body = r#"{"secret": "0c2f5e8a9b1d"#;
    with_jwt(post("/key"), AUTHENTIQ_ID_JWT)
        .respond_with(ResponseTemplate::new(201).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .key_register(AUTHENTIQ_ID_JWT)
        .await
        .expect_err("a truncated body cannot decode");

    common::assert_decode_error(error, 201, r#"{"secret": "0c2f"#);
}

// --- key_update: POST /key/{PK} ---

#[tokio::test]
async fn key_update_sends_the_jwt_to_the_key_path_and_decodes_the_200_body() {
    let server = MockServer::start().await;
    with_jwt(post(&format!("/key/{PK}")), AUTHENTIQ_ID_JWT)
        .respond_with(json_response(200, json!({"status": "confirmed"})))
        .expect(1)
        .mount(&server)
        .await;

    let updated = client(&server)
        .key_update(PK, AUTHENTIQ_ID_JWT)
        .await
        .expect("the mock answers 200");

    assert_eq!(updated.status(), 200);
    assert_eq!(request_id(updated.headers()), Some(REQUEST_ID.as_bytes()));
    assert_eq!(updated.status.as_deref(), Some("confirmed"));
}

#[tokio::test]
async fn key_update_maps_404_to_not_found_with_the_error_body() {
    let server = MockServer::start().await;
    let (body, expected) = problem(404, "unknown-key", "Not Found", "Unknown key");
    with_jwt(post(&format!("/key/{PK}")), AUTHENTIQ_ID_JWT)
        .respond_with(json_response(404, body))
        .expect(1)
        .mount(&server)
        .await;

    match client(&server).key_update(PK, AUTHENTIQ_ID_JWT).await {
        Err(Error::Api {
            error: KeyUpdateError::NotFound(error),
            ..
        }) => assert_eq!(*error, expected),
        other => panic!("expected KeyUpdateError::NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn key_update_percent_encodes_the_key_as_one_path_segment() {
    let server = MockServer::start().await;
    with_jwt(post("/key/a%20b%2Fc"), AUTHENTIQ_ID_JWT)
        .respond_with(json_response(200, json!({"status": "confirmed"})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .key_update("a b/c", AUTHENTIQ_ID_JWT)
        .await
        .expect("the mock answers 200 on the encoded path");

    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/key/a%20b%2Fc",
        "a space is %20 (never +) and / is %2F, so the key stays one segment"
    );
}

#[tokio::test]
async fn key_update_refuses_a_dot_dot_key_without_sending_anything() {
    let server = MockServer::start().await;

    let result = client(&server).key_update("..", AUTHENTIQ_ID_JWT).await;

    assert!(
        matches!(result, Err(Error::InvalidRequest(_))),
        "`..` would resolve to another path, got {result:?}"
    );
    let requests = server
        .received_requests()
        .await
        .expect("wiremock records requests by default");
    assert!(requests.is_empty(), "nothing is sent, got {requests:?}");
}

// --- push_login_request: POST /login?callback=… ---

#[tokio::test]
async fn push_login_request_sends_the_callback_query_and_the_jwt_and_decodes_the_200_body() {
    let server = MockServer::start().await;
    with_jwt(post("/login"), PUSH_TOKEN_JWT)
        .and(query_param("callback", CALLBACK))
        .respond_with(json_response(200, json!({"status": "sent"})))
        .expect(1)
        .mount(&server)
        .await;

    let pushed = client(&server)
        .push_login_request(CALLBACK, PUSH_TOKEN_JWT)
        .await
        .expect("the mock answers 200");

    assert_eq!(pushed.status(), 200);
    assert_eq!(request_id(pushed.headers()), Some(REQUEST_ID.as_bytes()));
    assert_eq!(pushed.status.as_deref(), Some("sent"));
    let request = only_request(&server).await;
    let callbacks: Vec<_> = request
        .url
        .query_pairs()
        .filter(|(name, _)| name == "callback")
        .map(|(_, value)| value.into_owned())
        .collect();
    assert_eq!(callbacks, [CALLBACK], "`callback` is sent exactly once");
}

#[tokio::test]
async fn push_login_request_maps_401_to_unauthorized_with_the_error_body() {
    let server = MockServer::start().await;
    let (body, expected) = problem(
        401,
        "aud-error",
        "Unauthorized",
        "Unauthorized for this callback audience",
    );
    with_jwt(post("/login"), PUSH_TOKEN_JWT)
        .and(query_param("callback", CALLBACK))
        .respond_with(json_response(401, body))
        .expect(1)
        .mount(&server)
        .await;

    match client(&server)
        .push_login_request(CALLBACK, PUSH_TOKEN_JWT)
        .await
    {
        Err(Error::Api {
            error: PushLoginRequestError::Unauthorized(error),
            ..
        }) => {
            assert_eq!(*error, expected)
        }
        other => panic!("expected PushLoginRequestError::Unauthorized, got {other:?}"),
    }
}

// --- sign_request: POST /scope[?test=…] ---

#[tokio::test]
async fn sign_request_with_test_mode_sends_test_1_and_decodes_the_201_body() {
    let server = MockServer::start().await;
    with_jwt(post("/scope"), CLAIMS_JWT)
        .and(query_param("test", "1"))
        .respond_with(json_response(201, json!({"job": JOB, "status": "waiting"})))
        .expect(1)
        .mount(&server)
        .await;

    let requested = client(&server)
        .sign_request(CLAIMS_JWT, Some(1))
        .await
        .expect("the mock answers 201");

    assert_eq!(requested.status(), 201);
    assert_eq!(request_id(requested.headers()), Some(REQUEST_ID.as_bytes()));
    assert_eq!(requested.job.as_deref(), Some(JOB));
    assert_eq!(requested.status.as_deref(), Some("waiting"));
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("test=1"));
}

#[tokio::test]
async fn sign_request_without_test_mode_sends_no_test_parameter() {
    let server = MockServer::start().await;
    with_jwt(post("/scope"), CLAIMS_JWT)
        .and(query_param_is_missing("test"))
        .respond_with(json_response(201, json!({"job": JOB, "status": "waiting"})))
        .expect(1)
        .mount(&server)
        .await;

    let requested = client(&server)
        .sign_request(CLAIMS_JWT, None)
        .await
        .expect("the mock answers 201");

    assert_eq!(requested.job.as_deref(), Some(JOB));
    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        None,
        "no query string at all, got {}",
        request.url
    );
}

#[tokio::test]
async fn sign_request_maps_429_to_too_many_requests_with_the_error_body() {
    let server = MockServer::start().await;
    let (body, expected) = problem(
        429,
        "rate-limit",
        "Too Many Requests",
        "Too many requests on same address / number",
    );
    with_jwt(post("/scope"), CLAIMS_JWT)
        .respond_with(json_response(429, body))
        .expect(1)
        .mount(&server)
        .await;

    // Without retries, so the 429 is answered once (wire_retries retries it).
    let client = client(&server).with_retry_policy(RetryPolicy::none());
    match client.sign_request(CLAIMS_JWT, None).await {
        Err(Error::Api {
            error: SignRequestError::TooManyRequests(error),
            ..
        }) => assert_eq!(*error, expected),
        other => panic!("expected SignRequestError::TooManyRequests, got {other:?}"),
    }
}

#[tokio::test]
async fn sign_request_maps_an_undocumented_status_to_default_with_status_and_body() {
    let server = MockServer::start().await;
    let (body, expected) = problem(503, "unavailable", "Service Unavailable", "Try again later");
    with_jwt(post("/scope"), CLAIMS_JWT)
        .respond_with(json_response(503, body))
        .expect(1)
        .mount(&server)
        .await;

    // Without retries, so the 503 is answered once (wire_retries retries it).
    let client = client(&server).with_retry_policy(RetryPolicy::none());
    match client.sign_request(CLAIMS_JWT, Some(1)).await {
        Err(Error::Api {
            error: SignRequestError::Default { status, body },
            ..
        }) => {
            assert_eq!(status, 503);
            assert_eq!(*body, expected);
        }
        other => panic!("expected SignRequestError::Default, got {other:?}"),
    }
}

// --- sign_confirm: POST /scope/{job} ---

/// `sign_confirm` has no request body: no `Content-Type` and nothing in the body.
fn without_body(request: &Request) -> bool {
    !request.headers.contains_key("content-type") && request.body.is_empty()
}

#[tokio::test]
async fn sign_confirm_posts_without_a_body_and_decodes_the_202_body() {
    let server = MockServer::start().await;
    post(&format!("/scope/{JOB}"))
        .and(without_body)
        .respond_with(json_response(202, json!({"status": "confirmed"})))
        .expect(1)
        .mount(&server)
        .await;

    let confirmed = client(&server)
        .sign_confirm(JOB)
        .await
        .expect("the mock answers 202");

    assert_eq!(confirmed.status(), 202);
    assert_eq!(request_id(confirmed.headers()), Some(REQUEST_ID.as_bytes()));
    assert_eq!(confirmed.status.as_deref(), Some("confirmed"));
}

#[tokio::test]
async fn sign_confirm_maps_each_documented_error_status_to_its_variant() {
    /// Builds the variant a status maps to from the decoded `Error` body.
    type Variant = fn(Box<authentiq::Error>) -> SignConfirmError;
    let cases: [(u16, &str, &str, &str, Variant); 3] = [
        (
            401,
            "auth-error",
            "Unauthorized",
            "Confirmation error",
            SignConfirmError::Unauthorized,
        ),
        (
            404,
            "unknown-job",
            "Not Found",
            "Job not found",
            SignConfirmError::NotFound,
        ),
        (
            405,
            "not-supported",
            "Method Not Allowed",
            "JWT POSTed to scope",
            SignConfirmError::MethodNotAllowed,
        ),
    ];
    for (status, kind, title, detail, variant) in cases {
        let server = MockServer::start().await;
        let (body, decoded) = problem(status, kind, title, detail);
        post(&format!("/scope/{JOB}"))
            .and(without_body)
            .respond_with(json_response(status, body))
            .expect(1)
            .mount(&server)
            .await;

        let expected = variant(Box::new(decoded));
        match client(&server).sign_confirm(JOB).await {
            // Error enums derive `Debug` only; their derived `Debug` text shows every field.
            Err(Error::Api { error: actual, .. }) => assert_eq!(
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
async fn sign_confirm_percent_encodes_the_job_as_one_path_segment() {
    let server = MockServer::start().await;
    post("/scope/a%20b%2Fc")
        .respond_with(json_response(202, json!({"status": "confirmed"})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .sign_confirm("a b/c")
        .await
        .expect("the mock answers 202 on the encoded path");

    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/scope/a%20b%2Fc",
        "a space is %20 (never +) and / is %2F, so the job stays one segment"
    );
}
