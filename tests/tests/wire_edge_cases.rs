//! Edge cases of the three generated clients on the wire, against wiremock:
//!
//! - path parameters (`key_update`'s `PK`, `sign_confirm`'s `job`) arrive as exactly one
//!   RFC 3986 percent-encoded segment, whatever characters they hold, and `.` / `..` are refused
//!   before anything is sent;
//! - query parameters survive reserved and non-ASCII characters as one form-encoded pair, optional
//!   ones are sent only when set (including `0` and negatives), required ones even when empty;
//! - `Accept` is the documented response media types and `Content-Type` the body media type on
//!   every operation (absent without a body), `X-API-Key` goes only where the spec's security asks
//!   for it, and a key with a line break is refused before anything is sent;
//! - for every documented status of every operation the result is chosen by the status code, not
//!   by the body (the same error body is sent with every status), undocumented statuses of an
//!   operation without `default` keep status, headers and raw bytes, empty and `null` bodies are
//!   handled without panicking, and a refused connection is a transport error.
//!
//! That a success exposes `status()` and its response headers is already proven for every service
//! (`x-request-id` in `wire_airkey.rs`, `wire_authentiq.rs` and `wire_smsworks.rs`), so it is not
//! repeated here.

mod common;

use common::header_values;

use std::fmt::Debug;
use std::future::Future;

use common::{http, only_request};

use generated::airkey::{self, SendAKeyError, SendAKeyRequest};
use generated::authentiq::{
    self, KeyRegisterError, KeyUpdateError, PushLoginRequestError, SignConfirmError,
    SignRequestError,
};
use generated::runtime::{RawBody, RetryPolicy, StatusCode};
use generated::smsworks::{self, ExtendedErrorModel, KeySecretError, Login, LoginError};
use generated::{ApiResponse, Error};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const AIRKEY_API_KEY: &str = "airkey-secret-edge-0001";
const REQUEST_ID: &str = "req-edge-0001";
/// A compact JWT; its claims do not matter to the wire checks here.
const JWT: &str = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJlZGdlIn0.c2lnbmF0dXJl";
const PK: &str = "4Lr2nRxE3p3u9nJ2sEzYbT0FZqQwP8sH1k6xVdAaC5M";
const JOB: &str = "6yJkQ2rT8mWz4NpL0xVa";
const CALLBACK: &str = "https://example.com/authentiq/callback";
const CUSTOMER_ID: &str = "7a3e21f0-5c4b-4d8e-9f1a-2b3c4d5e6f70";

// --- helpers ---

// The clients answer each status once: these tests map statuses to variants, and
// wire_retries covers which statuses are retried.

fn airkey_client(base_url: impl Into<String>) -> airkey::Client {
    airkey::Client::with_base_url(base_url)
        .with_http_client(http())
        .with_retry_policy(RetryPolicy::none())
        .with_api_key(AIRKEY_API_KEY)
}

fn authentiq_client(base_url: impl Into<String>) -> authentiq::Client {
    authentiq::Client::with_base_url(base_url)
        .with_http_client(http())
        .with_retry_policy(RetryPolicy::none())
}

fn smsworks_client(base_url: impl Into<String>) -> smsworks::Client {
    smsworks::Client::with_base_url(base_url)
        .with_http_client(http())
        .with_retry_policy(RetryPolicy::none())
}

/// A server that answers every request with `response`, and expects exactly one.
async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// Calls an operation against a server answering `response` and returns the one request it sent.
async fn capture<Fut: Future>(
    response: ResponseTemplate,
    call: impl FnOnce(String) -> Fut,
) -> Request {
    let server = server_answering(response).await;
    // Only the request matters here; the result is checked by the response tests.
    let _ = call(server.uri()).await;
    only_request(&server).await
}

/// Asserts that the server received nothing.
async fn assert_nothing_sent(server: &MockServer, case: &str) {
    let requests = server
        .received_requests()
        .await
        .expect("wiremock records requests by default");
    assert!(
        requests.is_empty(),
        "{case}: nothing may be sent, got {requests:?}"
    );
}

/// What an operation's result was, comparable across operations and services.
#[derive(Debug)]
enum Outcome<E> {
    Success(u16),
    Api(E),
    UnexpectedStatus(u16),
    Decode(u16),
    InvalidRequest,
    Transport,
}

/// Error enums derive `Debug` only: two `Api` outcomes are equal when the derived `Debug` texts
/// of their errors are, which show every variant and field.
impl<E: Debug> PartialEq for Outcome<E> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Outcome::Api(error), Outcome::Api(other)) => {
                format!("{error:?}") == format!("{other:?}")
            }
            (Outcome::Success(status), Outcome::Success(other))
            | (Outcome::UnexpectedStatus(status), Outcome::UnexpectedStatus(other))
            | (Outcome::Decode(status), Outcome::Decode(other)) => status == other,
            (Outcome::InvalidRequest, Outcome::InvalidRequest)
            | (Outcome::Transport, Outcome::Transport) => true,
            _ => false,
        }
    }
}

fn outcome<T, E>(result: Result<ApiResponse<T>, Error<E>>) -> Outcome<E> {
    match result {
        Ok(response) => Outcome::Success(response.status().as_u16()),
        Err(Error::Api { error, .. }) => Outcome::Api(error),
        Err(Error::UnexpectedStatus(response)) => {
            Outcome::UnexpectedStatus(response.status.as_u16())
        }
        Err(Error::Decode(failure)) => Outcome::Decode(failure.status.as_u16()),
        Err(Error::InvalidRequest(_)) => Outcome::InvalidRequest,
        Err(Error::Transport(_) | Error::Timeout(_) | Error::Redirect(_)) => Outcome::Transport,
    }
}

/// Calls an operation against a server answering `status` with `body` as JSON.
async fn answer<T, E, Fut>(
    status: u16,
    body: &serde_json::Value,
    call: impl FnOnce(String) -> Fut,
) -> Outcome<E>
where
    Fut: Future<Output = Result<ApiResponse<T>, Error<E>>>,
{
    let server = server_answering(ResponseTemplate::new(status).set_body_json(body)).await;
    outcome(call(server.uri()).await)
}

/// Runs a table of `(status, body, expected outcome)` against one operation.
async fn check_statuses<T, E, Fut>(
    operation: &str,
    cases: Vec<(u16, serde_json::Value, Outcome<E>)>,
    call: impl Fn(String) -> Fut,
) where
    E: Debug,
    Fut: Future<Output = Result<ApiResponse<T>, Error<E>>>,
{
    for (status, body, expected) in cases {
        let actual = answer(status, &body, &call).await;
        assert_eq!(
            actual, expected,
            "{operation} answered with status {status} and body {body}"
        );
    }
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).expect("a valid status code")
}

/// A base URL where nothing listens: a port the OS just handed out and that is closed again.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    let port = listener.local_addr().expect("the bound address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

// --- 1. path parameters ---

/// `(case, value, the one segment it must arrive as)`.
const PATH_SEGMENTS: [(&str, &str, &str); 9] = [
    ("space", "a b", "a%20b"),
    ("slash", "a/b", "a%2Fb"),
    ("question mark", "a?b", "a%3Fb"),
    ("hash", "a#b", "a%23b"),
    ("percent", "100%", "100%25"),
    ("plus", "a+b", "a%2Bb"),
    ("non-ASCII", "é", "%C3%A9"),
    ("dots inside", "a..b", "a..b"),
    ("empty", "", ""),
];

/// Asserts the received path is `prefix` followed by exactly the one segment `segment`.
fn assert_one_segment(request: &Request, prefix: &str, segment: &str, case: &str) {
    assert_eq!(
        request.url.path(),
        format!("{prefix}/{segment}"),
        "{case}: the raw path of the request"
    );
    assert_eq!(
        request.url.path_segments().map(Iterator::count),
        Some(2),
        "{case}: the value is exactly one path segment, got {}",
        request.url
    );
    assert_eq!(
        request.url.query(),
        None,
        "{case}: nothing of the value leaks into the query"
    );
}

#[tokio::test]
async fn key_update_sends_the_key_as_one_percent_encoded_path_segment() {
    for (case, value, segment) in PATH_SEGMENTS {
        let server = server_answering(
            ResponseTemplate::new(200).set_body_json(json!({"status": "confirmed"})),
        )
        .await;

        let result = authentiq_client(server.uri()).key_update(value, JWT).await;

        assert!(
            result.is_ok(),
            "key_update with {case} ({value:?}): {result:?}"
        );
        let request = only_request(&server).await;
        assert_one_segment(
            &request,
            "/key",
            segment,
            &format!("key_update with {case} ({value:?})"),
        );
    }
}

#[tokio::test]
async fn sign_confirm_sends_the_job_as_one_percent_encoded_path_segment() {
    for (case, value, segment) in PATH_SEGMENTS {
        let server = server_answering(
            ResponseTemplate::new(202).set_body_json(json!({"status": "confirmed"})),
        )
        .await;

        let result = authentiq_client(server.uri()).sign_confirm(value).await;

        assert!(
            result.is_ok(),
            "sign_confirm with {case} ({value:?}): {result:?}"
        );
        let request = only_request(&server).await;
        assert_one_segment(
            &request,
            "/scope",
            segment,
            &format!("sign_confirm with {case} ({value:?})"),
        );
    }
}

#[tokio::test]
async fn dot_segments_are_refused_without_sending_anything() {
    for value in [".", ".."] {
        let server = MockServer::start().await;

        let result = authentiq_client(server.uri()).sign_confirm(value).await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "sign_confirm with job {value:?} would resolve to another path, got {result:?}"
        );
        assert_nothing_sent(&server, &format!("sign_confirm with job {value:?}")).await;
    }

    // `..` is covered for key_update by wire_authentiq; `.` is the other dot segment.
    let server = MockServer::start().await;
    let result = authentiq_client(server.uri()).key_update(".", JWT).await;
    assert!(
        matches!(result, Err(Error::InvalidRequest(_))),
        "key_update with key \".\" would resolve to another path, got {result:?}"
    );
    assert_nothing_sent(&server, "key_update with key \".\"").await;
}

// --- 2. query parameters ---

#[tokio::test]
async fn key_secret_sends_the_customer_id_as_one_form_encoded_pair() {
    let cases = [
        ("space", "acme co"),
        ("ampersand", "a&b"),
        ("equals", "a=b"),
        ("plus", "a+b"),
        ("hash", "a#b"),
        ("non-ASCII", "Müller-é-日本"),
        ("everything at once", " &=+#é% "),
    ];
    for (case, value) in cases {
        let request = capture(
            ResponseTemplate::new(201).set_body_json(json!({"key": "k", "secret": "s"})),
            |uri| async move { smsworks_client(uri).key_secret(value).await },
        )
        .await;

        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            [("customerid".to_string(), value.to_string())],
            "key_secret with {case} ({value:?}): one `customerid` pair holding the value, raw query {:?}",
            request.url.query()
        );
    }
}

#[tokio::test]
async fn sign_request_sends_test_only_when_set_including_zero_and_negatives() {
    let cases: [(Option<i64>, Option<&str>); 4] = [
        (None, None),
        (Some(0), Some("test=0")),
        (Some(-5), Some("test=-5")),
        (Some(1), Some("test=1")),
    ];
    for (test, query) in cases {
        let request = capture(
            ResponseTemplate::new(201).set_body_json(json!({"job": JOB, "status": "waiting"})),
            |uri| async move { authentiq_client(uri).sign_request(JWT, test).await },
        )
        .await;

        assert_eq!(
            request.url.query(),
            query,
            "sign_request with test = {test:?}: the raw query"
        );
        let tests: Vec<String> = request
            .url
            .query_pairs()
            .filter(|(name, _)| name == "test")
            .map(|(_, value)| value.into_owned())
            .collect();
        let expected: Vec<String> = test.map(|t| t.to_string()).into_iter().collect();
        assert_eq!(tests, expected, "sign_request with test = {test:?}");
    }
}

#[tokio::test]
async fn push_login_request_sends_a_required_callback_even_when_empty() {
    let request = capture(
        ResponseTemplate::new(200).set_body_json(json!({"status": "sent"})),
        |uri| async move { authentiq_client(uri).push_login_request("", JWT).await },
    )
    .await;

    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs,
        [("callback".to_string(), String::new())],
        "an empty required `callback` is still sent, raw query {:?}",
        request.url.query()
    );
}

// --- 3. headers ---

/// What one operation must send.
struct Expected {
    operation: &'static str,
    accept: &'static str,
    /// The body media type, or `None` for an operation without a body.
    content_type: Option<&'static str>,
    /// The `X-API-Key` value, or `None` where the spec asks for no key.
    api_key: Option<&'static str>,
}

/// Sends every operation of the three clients once and pairs each request with what it must carry.
async fn every_operation() -> Vec<(Expected, Request)> {
    let ok = || ResponseTemplate::new(200);
    let mut sent = Vec::new();

    let request = capture(ok(), |uri| async move {
        airkey_client(uri)
            .send_a_key(&SendAKeyRequest::default())
            .await
    })
    .await;
    sent.push((
        Expected {
            operation: "airkey send_a_key",
            accept: "application/json",
            content_type: Some("application/json"),
            api_key: Some(AIRKEY_API_KEY),
        },
        request,
    ));

    let authentiq_accept = "application/json, */*";
    let jwt_body = Some("application/jwt");
    let request = capture(ok(), |uri| async move {
        authentiq_client(uri).key_register(JWT).await
    })
    .await;
    sent.push((
        Expected {
            operation: "authentiq key_register",
            accept: authentiq_accept,
            content_type: jwt_body,
            api_key: None,
        },
        request,
    ));
    let request = capture(ok(), |uri| async move {
        authentiq_client(uri).key_update(PK, JWT).await
    })
    .await;
    sent.push((
        Expected {
            operation: "authentiq key_update",
            accept: authentiq_accept,
            content_type: jwt_body,
            api_key: None,
        },
        request,
    ));
    let request = capture(ok(), |uri| async move {
        authentiq_client(uri)
            .push_login_request(CALLBACK, JWT)
            .await
    })
    .await;
    sent.push((
        Expected {
            operation: "authentiq push_login_request",
            accept: authentiq_accept,
            content_type: jwt_body,
            api_key: None,
        },
        request,
    ));
    let request = capture(ok(), |uri| async move {
        authentiq_client(uri).sign_request(JWT, Some(1)).await
    })
    .await;
    sent.push((
        Expected {
            operation: "authentiq sign_request",
            accept: authentiq_accept,
            content_type: jwt_body,
            api_key: None,
        },
        request,
    ));
    let request = capture(ok(), |uri| async move {
        authentiq_client(uri).sign_confirm(JOB).await
    })
    .await;
    sent.push((
        Expected {
            operation: "authentiq sign_confirm",
            accept: authentiq_accept,
            content_type: None,
            api_key: None,
        },
        request,
    ));

    let smsworks_accept = "application/json;charset=UTF-8";
    let request = capture(ok(), |uri| async move {
        smsworks_client(uri).key_secret(CUSTOMER_ID).await
    })
    .await;
    sent.push((
        Expected {
            operation: "smsworks key_secret",
            accept: smsworks_accept,
            content_type: None,
            api_key: None,
        },
        request,
    ));
    let request = capture(ok(), |uri| async move {
        smsworks_client(uri).login(&Login::default()).await
    })
    .await;
    sent.push((
        Expected {
            operation: "smsworks login",
            accept: smsworks_accept,
            content_type: Some("application/json"),
            api_key: None,
        },
        request,
    ));

    assert_eq!(sent.len(), 8, "the three specs have 8 operations");
    sent
}

#[tokio::test]
async fn every_operation_accepts_exactly_its_documented_response_media_types() {
    for (expected, request) in every_operation().await {
        assert_eq!(
            header_values(&request, "accept"),
            [expected.accept],
            "{}: one Accept header with the documented response media types",
            expected.operation
        );
    }
}

#[tokio::test]
async fn every_operation_sends_content_type_exactly_when_it_has_a_body() {
    for (expected, request) in every_operation().await {
        let operation = expected.operation;
        match expected.content_type {
            Some(media_type) => {
                assert_eq!(
                    header_values(&request, "content-type"),
                    [media_type],
                    "{operation}: one Content-Type header with the body media type"
                );
                assert!(!request.body.is_empty(), "{operation}: the body is sent");
            }
            None => {
                assert_eq!(
                    header_values(&request, "content-type"),
                    Vec::<String>::new(),
                    "{operation}: no Content-Type without a body"
                );
                assert!(
                    request.body.is_empty(),
                    "{operation}: no body, got {:?}",
                    String::from_utf8_lossy(&request.body)
                );
            }
        }
    }
}

#[tokio::test]
async fn x_api_key_is_sent_only_where_the_spec_security_requires_it() {
    for (expected, request) in every_operation().await {
        let wanted: Vec<&str> = expected.api_key.into_iter().collect();
        assert_eq!(
            header_values(&request, "x-api-key"),
            wanted,
            "{}: X-API-Key header",
            expected.operation
        );
    }
}

#[tokio::test]
async fn an_api_key_with_a_line_break_is_refused_without_sending_anything() {
    let server = MockServer::start().await;
    let client = airkey::Client::with_base_url(server.uri())
        .with_http_client(http())
        .with_api_key("bad\nkey");

    let result = client.send_a_key(&SendAKeyRequest::default()).await;

    match result {
        Err(error @ Error::InvalidRequest(_)) => {
            let message = error.to_string();
            assert!(
                message.contains("header `X-API-Key` cannot be sent"),
                "{message}"
            );
            assert!(
                !message.contains("bad"),
                "the key itself is not shown: {message}"
            );
        }
        other => panic!("a header value with a line break cannot be sent, got {other:?}"),
    }
    assert_nothing_sent(&server, "send_a_key with key \"bad\\nkey\"").await;
}

// --- 4. responses: the status picks the variant ---

/// One error body, sent with every status of the authentiq tables: its `error` field says 404.
fn authentiq_problem_json() -> serde_json::Value {
    json!({"error": 404, "type": "unknown-key", "title": "Not Found", "detail": "Unknown key"})
}

fn authentiq_problem() -> Box<authentiq::Error> {
    Box::new(authentiq::Error {
        error: 404,
        r#type: Some("unknown-key".into()),
        title: Some("Not Found".into()),
        detail: Some("Unknown key".into()),
    })
}

#[tokio::test]
async fn airkey_send_a_key_variant_follows_the_status_not_the_body() {
    let body = authentiq_problem_json();
    let raw = RawBody::from(serde_json::to_vec(&body).expect("JSON serializes"));
    let cases = vec![
        // The 200 body has only optional fields, so the error-looking body decodes as a success.
        (200, body.clone(), Outcome::Success(200)),
        // These statuses declare no content: the variant keeps the bytes the server sent.
        (
            400,
            body.clone(),
            Outcome::Api(SendAKeyError::BadRequest(raw.clone())),
        ),
        (
            401,
            body.clone(),
            Outcome::Api(SendAKeyError::Unauthorized(raw.clone())),
        ),
        (
            429,
            body.clone(),
            Outcome::Api(SendAKeyError::TooManyRequests(raw.clone())),
        ),
        (
            500,
            body.clone(),
            Outcome::Api(SendAKeyError::InternalServerError(raw.clone())),
        ),
        (
            503,
            body.clone(),
            Outcome::Api(SendAKeyError::ServiceUnavailable(raw.clone())),
        ),
        // Not documented and no `default`.
        (404, body.clone(), Outcome::UnexpectedStatus(404)),
    ];
    check_statuses("airkey send_a_key", cases, |uri| async move {
        airkey_client(uri)
            .send_a_key(&SendAKeyRequest::default())
            .await
    })
    .await;
}

#[tokio::test]
async fn airkey_send_a_key_keeps_status_headers_and_raw_bytes_of_undocumented_statuses() {
    // Not UTF-8, so only a byte-for-byte copy can match.
    let raw: &[u8] = b"\xff\xferaw \x00 body{";
    // 302 without a `Location` header, so reqwest has nowhere to follow it to.
    for code in [418, 302, 201] {
        let server = server_answering(
            ResponseTemplate::new(code)
                .insert_header("x-request-id", REQUEST_ID)
                .set_body_bytes(raw),
        )
        .await;

        match airkey_client(server.uri())
            .send_a_key(&SendAKeyRequest::default())
            .await
        {
            Err(Error::UnexpectedStatus(response)) => {
                assert_eq!(response.status, code, "status {code}: the status is kept");
                assert_eq!(
                    response.headers.get("x-request-id").map(|v| v.as_bytes()),
                    Some(REQUEST_ID.as_bytes()),
                    "status {code}: the response headers are kept"
                );
                assert_eq!(response.body, raw, "status {code}: the raw body is kept");
            }
            other => panic!("status {code}: expected Error::UnexpectedStatus, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn authentiq_key_register_variant_follows_the_status_not_the_body() {
    let body = authentiq_problem_json();
    let default = |code| {
        Outcome::Api(KeyRegisterError::Default {
            status: status(code),
            body: authentiq_problem(),
        })
    };
    let cases = vec![
        (201, body.clone(), Outcome::Success(201)),
        (
            409,
            body.clone(),
            Outcome::Api(KeyRegisterError::Conflict(authentiq_problem())),
        ),
        (404, body.clone(), default(404)),
        (400, body.clone(), default(400)),
        (500, body.clone(), default(500)),
        (200, body.clone(), default(200)),
    ];
    check_statuses("authentiq key_register", cases, |uri| async move {
        authentiq_client(uri).key_register(JWT).await
    })
    .await;
}

#[tokio::test]
async fn authentiq_key_update_variant_follows_the_status_not_the_body() {
    let body = authentiq_problem_json();
    let default = |code| {
        Outcome::Api(KeyUpdateError::Default {
            status: status(code),
            body: authentiq_problem(),
        })
    };
    let cases = vec![
        (200, body.clone(), Outcome::Success(200)),
        (
            404,
            body.clone(),
            Outcome::Api(KeyUpdateError::NotFound(authentiq_problem())),
        ),
        // The body says 404, the status says 500: the status wins.
        (500, body.clone(), default(500)),
        (409, body.clone(), default(409)),
        (401, body.clone(), default(401)),
        (201, body.clone(), default(201)),
    ];
    check_statuses("authentiq key_update", cases, |uri| async move {
        authentiq_client(uri).key_update(PK, JWT).await
    })
    .await;
}

#[tokio::test]
async fn authentiq_push_login_request_variant_follows_the_status_not_the_body() {
    let body = authentiq_problem_json();
    let default = |code| {
        Outcome::Api(PushLoginRequestError::Default {
            status: status(code),
            body: authentiq_problem(),
        })
    };
    let cases = vec![
        (200, body.clone(), Outcome::Success(200)),
        (
            401,
            body.clone(),
            Outcome::Api(PushLoginRequestError::Unauthorized(authentiq_problem())),
        ),
        (404, body.clone(), default(404)),
        (429, body.clone(), default(429)),
        (500, body.clone(), default(500)),
    ];
    check_statuses("authentiq push_login_request", cases, |uri| async move {
        authentiq_client(uri)
            .push_login_request(CALLBACK, JWT)
            .await
    })
    .await;
}

#[tokio::test]
async fn authentiq_sign_request_variant_follows_the_status_not_the_body() {
    let body = authentiq_problem_json();
    let default = |code| {
        Outcome::Api(SignRequestError::Default {
            status: status(code),
            body: authentiq_problem(),
        })
    };
    let cases = vec![
        (201, body.clone(), Outcome::Success(201)),
        (
            429,
            body.clone(),
            Outcome::Api(SignRequestError::TooManyRequests(authentiq_problem())),
        ),
        (404, body.clone(), default(404)),
        (401, body.clone(), default(401)),
        (500, body.clone(), default(500)),
    ];
    check_statuses("authentiq sign_request", cases, |uri| async move {
        authentiq_client(uri).sign_request(JWT, None).await
    })
    .await;
}

#[tokio::test]
async fn authentiq_sign_confirm_variant_follows_the_status_not_the_body() {
    let body = authentiq_problem_json();
    let default = |code| {
        Outcome::Api(SignConfirmError::Default {
            status: status(code),
            body: authentiq_problem(),
        })
    };
    let cases = vec![
        (202, body.clone(), Outcome::Success(202)),
        (
            401,
            body.clone(),
            Outcome::Api(SignConfirmError::Unauthorized(authentiq_problem())),
        ),
        (
            404,
            body.clone(),
            Outcome::Api(SignConfirmError::NotFound(authentiq_problem())),
        ),
        (
            405,
            body.clone(),
            Outcome::Api(SignConfirmError::MethodNotAllowed(authentiq_problem())),
        ),
        (400, body.clone(), default(400)),
        (409, body.clone(), default(409)),
        (500, body.clone(), default(500)),
        (200, body.clone(), default(200)),
    ];
    check_statuses("authentiq sign_confirm", cases, |uri| async move {
        authentiq_client(uri).sign_confirm(JOB).await
    })
    .await;
}

/// One error body, sent with every error status of the smsworks tables.
fn smsworks_problem_json() -> serde_json::Value {
    json!({"message": "Invalid customer ID", "errorCode": 404, "permanent": true, "status": "NOT_FOUND"})
}

fn smsworks_problem() -> Box<ExtendedErrorModel> {
    Box::new(ExtendedErrorModel {
        message: "Invalid customer ID".into(),
        error_code: 404.0,
        permanent: Some(true),
        status: "NOT_FOUND".into(),
    })
}

#[tokio::test]
async fn smsworks_key_secret_variant_follows_the_status_not_the_body() {
    let body = smsworks_problem_json();
    let default = |code| {
        Outcome::Api(KeySecretError::Default {
            status: status(code),
            body: smsworks_problem(),
        })
    };
    let cases = vec![
        (
            201,
            json!({"key": "k", "secret": "s"}),
            Outcome::Success(201),
        ),
        // The 201 status picks the success type, which the error body is not.
        (201, body.clone(), Outcome::Decode(201)),
        (404, body.clone(), default(404)),
        (401, body.clone(), default(401)),
        (500, body.clone(), default(500)),
        (200, body.clone(), default(200)),
    ];
    check_statuses("smsworks key_secret", cases, |uri| async move {
        smsworks_client(uri).key_secret(CUSTOMER_ID).await
    })
    .await;
}

#[tokio::test]
async fn smsworks_login_variant_follows_the_status_not_the_body() {
    let body = smsworks_problem_json();
    let default = |code| {
        Outcome::Api(LoginError::Default {
            status: status(code),
            body: smsworks_problem(),
        })
    };
    let cases = vec![
        (200, json!({"token": "JWT abc"}), Outcome::Success(200)),
        // The 200 status picks the success type, which the error body is not.
        (200, body.clone(), Outcome::Decode(200)),
        (404, body.clone(), default(404)),
        (401, body.clone(), default(401)),
        (500, body.clone(), default(500)),
        (201, body.clone(), default(201)),
    ];
    check_statuses("smsworks login", cases, |uri| async move {
        smsworks_client(uri).login(&Login::default()).await
    })
    .await;
}

// --- 5. empty and null bodies ---

#[tokio::test]
async fn sign_confirm_reports_a_202_with_an_empty_body_as_a_decode_error() {
    // The 202 declares a JSON object (every field optional): no body at all is not that object,
    // and decoding it as one would report data that never arrived.
    let server = server_answering(ResponseTemplate::new(202)).await;

    let error = authentiq_client(server.uri())
        .sign_confirm(JOB)
        .await
        .expect_err("an empty body is not the declared JSON object");

    common::assert_decode_error(error, 202, "");
}

#[tokio::test]
async fn airkey_error_statuses_with_an_empty_body_map_to_their_variants() {
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
    for (code, variant) in cases {
        let expected = variant(RawBody::default());
        let server = server_answering(ResponseTemplate::new(code)).await;

        let result = airkey_client(server.uri())
            .send_a_key(&SendAKeyRequest::default())
            .await;

        assert_eq!(
            outcome(result),
            Outcome::Api(expected),
            "airkey send_a_key answered {code} with an empty body"
        );
    }
}

#[tokio::test]
async fn a_null_body_where_an_object_is_required_is_a_decode_error() {
    let null = || ResponseTemplate::new(200).set_body_raw("null", "application/json");

    let server = server_answering(null()).await;
    let error = airkey_client(server.uri())
        .send_a_key(&SendAKeyRequest::default())
        .await
        .expect_err("airkey send_a_key: null is not a SendAKeyResponse object");
    common::assert_decode_error(error, 200, "null");

    let server = server_answering(null()).await;
    let error = authentiq_client(server.uri())
        .key_update(PK, JWT)
        .await
        .expect_err("authentiq key_update: null is not a KeyBind200Response object");
    common::assert_decode_error(error, 200, "null");

    let server = server_answering(null()).await;
    let error = smsworks_client(server.uri())
        .login(&Login::default())
        .await
        .expect_err("smsworks login: null is not a TokenResponse object");
    common::assert_decode_error(error, 200, "null");
}

// --- 6. connection refused ---

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_for_every_client() {
    let airkey = outcome(
        airkey_client(closed_port_url())
            .send_a_key(&SendAKeyRequest::default())
            .await,
    );
    assert_eq!(airkey, Outcome::Transport, "airkey send_a_key");

    let authentiq = outcome(authentiq_client(closed_port_url()).key_register(JWT).await);
    assert_eq!(authentiq, Outcome::Transport, "authentiq key_register");

    let smsworks = outcome(
        smsworks_client(closed_port_url())
            .key_secret(CUSTOMER_ID)
            .await,
    );
    assert_eq!(smsworks, Outcome::Transport, "smsworks key_secret");
}
