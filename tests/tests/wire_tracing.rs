//! The `tracing` feature of a generated crate (on for `fixture_clients` in these tests): each
//! call is one span with the service, the operationId, the method and the path template, an
//! event per attempt with its status, and the attempts, final status and latency; never the
//! filled path nor a credential.

use std::io::Write;
use std::sync::{Arc, Mutex};

use fixture_clients::runtime::RetryPolicy;
use fixture_clients::{range_responses, security_schemes as api};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Everything the subscriber writes, kept to be read by the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        let bytes = self.0.lock().map(|bytes| bytes.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut buffer) = self.0.lock() {
            buffer.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

/// A subscriber for this thread that writes every event, and each span when it closes with
/// all its fields, into the returned buffer.
fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let guard = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .finish()
        .set_default();
    (captured, guard)
}

#[tokio::test]
async fn a_call_is_one_span_with_the_operation_id_and_path_template_not_the_filled_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 42})))
        .mount(&server)
        .await;
    let (captured, _guard) = capture();

    range_responses::Client::with_base_url(server.uri())
        .get_item(42)
        .await
        .expect("the mock answers 200");

    let text = captured.text();
    let close = text
        .lines()
        .find(|line| line.contains("fixture_clients::runtime: close"))
        .unwrap_or_else(|| panic!("the span closes: {text}"));
    for field in [
        r#"service="range_responses""#,
        r#"operation_id="getItem""#,
        "method=GET",
        r#"path_template="/items/{id}""#,
        "attempts=1",
        "status=200",
        "latency_ms=",
    ] {
        assert!(close.contains(field), "the span has {field}: {close}");
    }
    assert!(!text.contains("/items/42"), "never the filled path: {text}");
}

#[tokio::test]
async fn each_attempt_is_an_event_and_no_credential_is_ever_written() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    let client = api::Client::with_base_url(server.uri())
        .with_retry_policy(
            RetryPolicy::default().initial_backoff(std::time::Duration::from_millis(5)),
        )
        .with_header_key("header-secret")
        .with_query_key("query-secret")
        .with_cookie_key("cookie-secret")
        .with_basic_auth("user", "basic-secret")
        .with_bearer_auth("bearer-secret");
    let (captured, _guard) = capture();

    client.list_things().await.expect("the retry succeeds");

    let text = captured.text();
    // hyper's own events (connecting, pooling) come inside the span too; only ours are counted.
    let attempts: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("fixture_clients::runtime: attempt"))
        .collect();
    assert_eq!(attempts.len(), 2, "{text}");
    assert!(
        attempts[0].contains("attempt=1") && attempts[0].contains("status=503"),
        "{text}"
    );
    assert!(
        attempts[1].contains("attempt=2") && attempts[1].contains("status=200"),
        "{text}"
    );
    assert!(
        text.contains(r#"operation_id="listThings""#) && text.contains("attempts=2"),
        "{text}"
    );
    // The basic credential travels as base64 of `user:basic-secret`.
    for secret in ["secret", "dXNlcjpiYXNpYy1zZWNyZXQ"] {
        assert!(!text.contains(secret), "no credential in the trace: {text}");
    }
}
