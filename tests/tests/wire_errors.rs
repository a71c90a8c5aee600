//! Errors that say what happened: a credential that cannot go into a header is named (never
//! shown), a builder error says why, and the `Debug` of an undocumented response and of a
//! documented error's raw body shows the body as text cut to the excerpt limit, not as a list of
//! bytes.

mod common;

use fixture_clients::runtime::RetryPolicy;
use fixture_clients::{security_schemes as api, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_bearer_token_with_a_line_break_is_refused_by_name_without_sending() {
    let server = MockServer::start().await;
    let client = api::Client::with_base_url(server.uri()).with_bearer_auth("s3cr3t\nInjected: 1");

    let error = client
        .list_things()
        .await
        .expect_err("the token cannot be sent");

    let message = error.to_string();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(
        message.contains("header `Authorization` cannot be sent"),
        "{message}"
    );
    assert!(
        !message.contains("s3cr3t"),
        "the token is not shown: {message}"
    );
    let received = server.received_requests().await.unwrap_or_default();
    assert!(received.is_empty(), "nothing is sent, got {received:?}");
}

/// A body of 625 bytes that is not valid UTF-8, and its `Debug` text: lossy UTF-8 cut to the
/// excerpt limit of 512 bytes.
fn long_invalid_body() -> (Vec<u8>, String) {
    let mut body = b"not valid utf-8: \xff, then ".to_vec();
    body.extend(std::iter::repeat_n(b'x', 600));
    let shown = format!(
        "{:?}",
        format!("not valid utf-8: \u{fffd}, then {}…", "x".repeat(512 - 25))
    );
    (body, shown)
}

async fn server_answering(status: u16, body: Vec<u8>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_bytes(body))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_debug_of_an_undocumented_response_shows_its_body_as_text_cut_to_the_limit() {
    let (body, shown) = long_invalid_body();
    let server = server_answering(418, body).await;
    let client = api::Client::with_base_url(server.uri()).with_retry_policy(RetryPolicy::none());

    let error = client
        .list_things()
        .await
        .expect_err("418 is not documented");

    let Error::UnexpectedStatus(response) = error else {
        panic!("expected Error::UnexpectedStatus, got {error:?}");
    };
    assert_eq!(
        format!("{response:?}"),
        format!(
            "UnexpectedResponse {{ status: 418, headers: {:?}, body: {shown}, attempts: 1 }}",
            response.headers
        )
    );
    assert_eq!(response.body.len(), 625, "the raw body is kept whole");
}

#[tokio::test]
async fn the_debug_of_a_documented_error_without_content_shows_its_body_as_text_cut_to_the_limit() {
    let (body, shown) = long_invalid_body();
    let server = server_answering(503, body.clone()).await;
    let client = api::Client::with_base_url(server.uri()).with_retry_policy(RetryPolicy::none());

    let error = client
        .list_things()
        .await
        .expect_err("503 is a documented error");

    assert_eq!(
        format!("{error:?}"),
        format!("Api {{ error: ServiceUnavailable({shown}), attempts: 1 }}")
    );
    assert_eq!(
        error.to_string(),
        format!("the server answered with a documented error: ServiceUnavailable({shown})")
    );
    let Error::Api {
        error: api::ListThingsError::ServiceUnavailable(raw),
        ..
    } = error
    else {
        panic!("expected the documented 503, got {error:?}");
    };
    assert_eq!(raw.into_bytes(), body, "the raw body is kept whole");
}
