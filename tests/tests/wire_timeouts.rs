//! Timeouts and per-call options on the wire: a server that accepts and never answers times the
//! call out (on the client's timeout, or on one call's), the error says after how long, and one
//! call can carry its own headers without the client's other calls sending them. A connection
//! that cannot be made times out on the connect timeout.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{header_values, only_request};
use fixture_clients::runtime::{CallOptions, RetryPolicy};
use fixture_clients::{security_schemes as api, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server on 127.0.0.1 that accepts every connection, holds it open and never answers; the
/// count says how many connections it accepted.
async fn silent_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free local port");
    let url = format!("http://{}", listener.local_addr().expect("a bound address"));
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            held.push(socket);
        }
    });
    (url, accepted)
}

/// A URL on 127.0.0.1 where connecting hangs: a listener with a backlog of 1 that never
/// accepts, its accept queue filled by connections held open (returned with it, to keep alive).
///
/// Linux drops a SYN for a listener whose accept queue is full, so the client waits for a
/// handshake that never comes until its connect timeout ends the wait. This stays on loopback
/// and needs no network, unlike a non-routable address such as `10.255.255.1`: on a machine
/// without a route there, the connect fails at once ("network unreachable") instead of hanging,
/// and elsewhere it depends on the network's firewalls.
async fn unconnectable_url() -> (String, tokio::net::TcpListener, Vec<tokio::net::TcpStream>) {
    let socket = tokio::net::TcpSocket::new_v4().expect("a TCP socket");
    socket
        .bind("127.0.0.1:0".parse().expect("an address"))
        .expect("a free local port");
    let listener = socket.listen(1).expect("a listening socket");
    let address = listener.local_addr().expect("a bound address");
    let mut held = Vec::new();
    // Each connection completes while the queue has room; the first that does not complete
    // within a second shows the queue is full (two fit with a backlog of 1).
    while held.len() < 64 {
        let connect = tokio::net::TcpStream::connect(address);
        match tokio::time::timeout(Duration::from_secs(1), connect).await {
            Ok(Ok(stream)) => held.push(stream),
            Ok(Err(error)) => panic!("connecting to the listener failed: {error}"),
            Err(_) => return (format!("http://{address}"), listener, held),
        }
    }
    panic!("the accept queue of a listener with a backlog of 1 never filled");
}

/// Asserts that the call timed out after `after`, on its only attempt.
fn assert_timed_out<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, Error<E>>,
    after: Duration,
) {
    match result {
        Err(Error::Timeout(timeout)) => {
            assert_eq!(timeout.after, Some(after));
            assert!(!timeout.connecting, "the connection was accepted");
            assert_eq!(
                timeout.attempts, 1,
                "a whole-request timeout is not retried"
            );
        }
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_on_the_clients_timeout() {
    let (url, accepted) = silent_server().await;
    let client = api::Client::with_base_url(url).with_timeout(Duration::from_millis(300));

    let result = client.list_things().await;

    let error = match &result {
        Err(error) => error.to_string(),
        Ok(_) => String::new(),
    };
    assert_timed_out(result, Duration::from_millis(300));
    assert_eq!(
        error,
        "the request timed out after 300ms waiting for the response"
    );
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "one connection, no retry"
    );
}

#[tokio::test]
async fn one_call_can_have_its_own_timeout() {
    let (url, _) = silent_server().await;
    let client = api::Client::with_base_url(url);

    let result = client
        .with_options(CallOptions::new().timeout(Duration::from_millis(200)))
        .create_thing(&api::Thing {
            name: "widget".into(),
        })
        .await;

    assert_timed_out(result, Duration::from_millis(200));
}

#[tokio::test]
async fn a_connection_that_cannot_be_made_times_out_on_the_connect_timeout_and_is_retried() {
    let (url, _listener, _held) = unconnectable_url().await;
    let client = api::Client::with_base_url(url)
        .with_connect_timeout(Duration::from_millis(300))
        .with_retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(5))
                .max_backoff(Duration::from_millis(20)),
        );

    let error = client
        .list_things()
        .await
        .expect_err("the handshake never completes");

    assert_eq!(
        error.to_string(),
        "the request timed out after 300ms connecting (3 attempts)"
    );
    assert_eq!(
        error.attempts(),
        3,
        "a GET that could not connect is retried"
    );
    match error {
        Error::Timeout(timeout) => {
            assert!(timeout.connecting, "{timeout:?}");
            assert_eq!(timeout.after, Some(Duration::from_millis(300)));
        }
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
}

#[test]
fn a_new_client_connects_within_10_seconds_and_waits_60_seconds_for_each_attempt() {
    let debug = format!("{:?}", api::Client::new());

    assert!(
        debug.contains("connect_timeout: Some(10s), timeout: 60s"),
        "{debug}"
    );
    assert!(debug.contains("max_retries: 2"), "{debug}");
}

#[tokio::test]
async fn one_call_can_carry_extra_headers_that_the_clients_other_calls_do_not_send() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    let client = api::Client::with_base_url(server.uri());
    let options = CallOptions::new()
        .header("Idempotency-Key", "order-1234")
        .header("X-Trace-Id", "trace-7");

    client
        .with_options(options)
        .list_things()
        .await
        .expect("the mock answers 200");
    let with_options = only_request(&server).await;
    server.reset().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    client.list_things().await.expect("the mock answers 200");
    let plain = only_request(&server).await;

    assert_eq!(
        header_values(&with_options, "Idempotency-Key"),
        ["order-1234"]
    );
    assert_eq!(header_values(&with_options, "X-Trace-Id"), ["trace-7"]);
    assert!(header_values(&plain, "Idempotency-Key").is_empty());
    assert!(header_values(&plain, "X-Trace-Id").is_empty());
}

#[tokio::test]
async fn a_call_option_header_that_cannot_be_sent_is_named_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let client = api::Client::with_base_url(server.uri());

    let result = client
        .with_options(CallOptions::new().header("X-Trace-Id", "line\nbreak"))
        .list_things()
        .await;

    match result {
        Err(Error::InvalidRequest(error)) => assert!(
            error
                .to_string()
                .starts_with("header `X-Trace-Id` cannot be sent"),
            "{error}"
        ),
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
    let received = server.received_requests().await.unwrap_or_default();
    assert!(received.is_empty(), "nothing is sent, got {received:?}");
}
