//! Retries on the wire: `429` and `503` are retried for any method, honouring `Retry-After` in
//! seconds and as an HTTP date; `502`/`504` and connection failures only for idempotent methods,
//! never for a `POST`; a retry resends the same bytes, and the final error says how many
//! attempts were made. The backoff is shortened here so the tests stay fast; only a
//! `Retry-After` makes them wait.

mod common;

use std::time::{Duration, Instant, SystemTime};

use fixture_clients::runtime::RetryPolicy;
use fixture_clients::{security_schemes as api, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The default policy with a backoff of a few milliseconds.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
}

fn client(server: &MockServer) -> api::Client {
    api::Client::with_base_url(server.uri()).with_retry_policy(fast_retries())
}

/// `verb /things` answers `first` once, then `then` from the next request on.
async fn answer_once_then(
    server: &MockServer,
    verb: &str,
    first: ResponseTemplate,
    then: ResponseTemplate,
) {
    Mock::given(method(verb))
        .and(path("/things"))
        .respond_with(first)
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path("/things"))
        .respond_with(then)
        .mount(server)
        .await;
}

/// `verb /things` always answers `response`.
async fn always(server: &MockServer, verb: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path("/things"))
        .respond_with(response)
        .mount(server)
        .await;
}

fn listed() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!(["after the retry"]))
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(serde_json::json!({"name": "widget"}))
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("wiremock records requests by default")
}

fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free local port");
    let port = listener.local_addr().expect("a bound address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn a_429_with_retry_after_in_seconds_is_retried_after_that_wait() {
    let server = MockServer::start().await;
    let throttled = ResponseTemplate::new(429).insert_header("Retry-After", "1");
    answer_once_then(&server, "GET", throttled, listed()).await;
    let started = Instant::now();

    let things = client(&server)
        .list_things()
        .await
        .expect("the retry succeeds");

    assert_eq!(things.into_body(), ["after the retry"]);
    assert_eq!(requests(&server).await.len(), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 is waited for"
    );
}

#[tokio::test]
async fn a_429_with_retry_after_as_an_http_date_is_retried_after_that_date() {
    let server = MockServer::start().await;
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let throttled = ResponseTemplate::new(429).insert_header("Retry-After", date.as_str());
    answer_once_then(&server, "POST", throttled, created()).await;
    let started = Instant::now();

    let thing = client(&server)
        .create_thing(&api::Thing {
            name: "widget".into(),
        })
        .await
        .expect("the retry succeeds");

    assert_eq!(thing.name, "widget");
    // The date has whole seconds: two seconds from now is at least one second away.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "the date is waited for"
    );
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, br#"{"name":"widget"}"#);
    assert_eq!(
        sent[1].body, sent[0].body,
        "the retry resends the same body"
    );
    assert_eq!(sent[1].headers, sent[0].headers, "and the same headers");
}

#[tokio::test]
async fn a_503_without_retry_after_is_retried_with_backoff() {
    let server = MockServer::start().await;
    answer_once_then(&server, "GET", ResponseTemplate::new(503), listed()).await;

    let things = client(&server)
        .list_things()
        .await
        .expect("the retry succeeds");

    assert_eq!(things.into_body(), ["after the retry"]);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn a_post_is_not_retried_on_502() {
    let server = MockServer::start().await;
    answer_once_then(&server, "POST", ResponseTemplate::new(502), created()).await;

    let result = client(&server)
        .create_thing(&api::Thing {
            name: "widget".into(),
        })
        .await;

    match result {
        Err(Error::UnexpectedStatus(response)) => {
            assert_eq!(response.status, 502);
            assert_eq!(response.attempts, 1);
        }
        other => panic!("a POST answered 502 is not sent again, got {other:?}"),
    }
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_get_is_retried_on_502_and_504() {
    for status in [502, 504] {
        let server = MockServer::start().await;
        answer_once_then(&server, "GET", ResponseTemplate::new(status), listed()).await;

        let things = client(&server)
            .list_things()
            .await
            .expect("the retry succeeds");

        assert_eq!(things.into_body(), ["after the retry"], "status {status}");
        assert_eq!(requests(&server).await.len(), 2, "status {status}");
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_a_get_and_the_error_counts_the_attempts() {
    let client = api::Client::with_base_url(closed_port_url()).with_retry_policy(fast_retries());

    let result = client.list_things().await;

    match result {
        Err(Error::Transport(failure)) => {
            assert!(failure.source.is_connect(), "{failure:?}");
            assert_eq!(failure.attempts, 3, "the first attempt and 2 retries");
        }
        other => panic!("expected Error::Transport, got {other:?}"),
    }
    let error = client
        .list_things()
        .await
        .expect_err("the port is still closed");
    assert!(error.to_string().ends_with("(3 attempts)"), "{error}");
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn a_refused_connection_is_not_retried_for_a_post() {
    let client = api::Client::with_base_url(closed_port_url()).with_retry_policy(fast_retries());

    let result = client
        .create_thing(&api::Thing {
            name: "widget".into(),
        })
        .await;

    match result {
        Err(Error::Transport(failure)) => assert_eq!(failure.attempts, 1),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn when_every_attempt_is_throttled_the_error_says_how_many_were_made() {
    let server = MockServer::start().await;
    always(
        &server,
        "POST",
        ResponseTemplate::new(503).set_body_string("busy"),
    )
    .await;

    let error = client(&server)
        .create_thing(&api::Thing {
            name: "widget".into(),
        })
        .await
        .expect_err("the server stays unavailable");

    assert_eq!(
        error.to_string(),
        "the server answered with undocumented status 503 Service Unavailable (3 attempts): busy"
    );
    assert_eq!(error.attempts(), 3);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_not_waited_for() {
    let server = MockServer::start().await;
    let throttled = ResponseTemplate::new(429).insert_header("Retry-After", "120");
    answer_once_then(&server, "POST", throttled, created()).await;

    let result = client(&server)
        .create_thing(&api::Thing {
            name: "widget".into(),
        })
        .await;

    match result {
        Err(Error::UnexpectedStatus(response)) => {
            assert_eq!(response.status, 429);
            assert_eq!(
                response.headers["retry-after"], "120",
                "the caller can read the wait"
            );
        }
        other => panic!("expected the 429 at once, got {other:?}"),
    }
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let server = MockServer::start().await;
    answer_once_then(&server, "GET", ResponseTemplate::new(503), listed()).await;
    let client = api::Client::with_base_url(server.uri()).with_retry_policy(RetryPolicy::none());

    let result = client.list_things().await;

    assert!(
        matches!(
            result,
            Err(Error::Api {
                error: api::ListThingsError::ServiceUnavailable(_),
                ..
            })
        ),
        "the documented 503, got {result:?}"
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn when_a_documented_503_outlasts_the_retries_the_typed_error_says_3_attempts() {
    let server = MockServer::start().await;
    always(
        &server,
        "GET",
        ResponseTemplate::new(503).set_body_string("busy"),
    )
    .await;

    let error = client(&server)
        .list_things()
        .await
        .expect_err("the server stays unavailable");

    assert_eq!(requests(&server).await.len(), 3);
    assert_eq!(error.attempts(), 3);
    assert_eq!(
        error.to_string(),
        "the server answered with a documented error (3 attempts): ServiceUnavailable(\"busy\")"
    );
    match error {
        Error::Api {
            error: api::ListThingsError::ServiceUnavailable(body),
            attempts,
        } => {
            assert_eq!(body, b"busy", "the typed variant keeps the body");
            assert_eq!(attempts, 3);
        }
        other => panic!("expected the documented 503, got {other:?}"),
    }
}
