//! Errors that say what happened: a credential that cannot go into a header is named (never
//! shown), a builder error says why, and the `Debug` of an undocumented response shows its body
//! as text cut to the excerpt limit, not as a list of bytes.

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

#[tokio::test]
async fn the_debug_of_an_undocumented_response_shows_its_body_as_text_cut_to_the_limit() {
    let server = MockServer::start().await;
    let mut body = b"not valid utf-8: \xff, then ".to_vec();
    body.extend(std::iter::repeat_n(b'x', 600));
    Mock::given(any())
        .respond_with(ResponseTemplate::new(418).set_body_bytes(body))
        .mount(&server)
        .await;
    let client = api::Client::with_base_url(server.uri()).with_retry_policy(RetryPolicy::none());

    let error = client
        .list_things()
        .await
        .expect_err("418 is not documented");

    let Error::UnexpectedStatus(response) = error else {
        panic!("expected Error::UnexpectedStatus, got {error:?}");
    };
    let debug = format!("{response:?}");
    let shown = format!(
        "{:?}",
        format!("not valid utf-8: \u{fffd}, then {}…", "x".repeat(512 - 25))
    );
    assert!(debug.contains(&format!("body: {shown}")), "{debug}");
    assert_eq!(response.body.len(), 625, "the raw body is kept whole");
}
