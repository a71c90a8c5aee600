//! What every conformance driver shares: a recording forwarder between the generated client and
//! Prism, the arguments read from JSON, and the one report line per call.
//!
//! The conformance runner (`cargo run --release -p tests --bin conformance`) writes one driver
//! per spec. The driver's client talks to a [`Recorder`] on a loopback port, which forwards each
//! request to Prism (asking for a static or dynamic answer with `Prefer`) and keeps the exchange
//! exactly as it went over the wire. After each call the driver prints a [`REPORT_PREFIX`] line:
//! the call's outcome in the generated types, the decoded value encoded again, and the exchange.
//! The runner judges; the driver only reports.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};

/// Starts every line the runner reads from a driver's output.
pub const REPORT_PREFIX: &str = "conformance-report ";

/// One request as Prism received it and Prism's answer, as bytes on the wire.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    pub uri: String,
    pub request_content_type: Option<String>,
    pub request_body: Vec<u8>,
    pub status: u16,
    pub content_type: Option<String>,
    /// Prism's `sl-violations` header: why it refused the request (or its own answer).
    pub violations: Option<String>,
    pub body: Vec<u8>,
    /// Set when Prism gave no answer at all (it stopped, or the connection failed).
    pub forward_error: Option<String>,
}

/// A loopback HTTP server that forwards every request to Prism and remembers the last exchange.
pub struct Recorder {
    address: SocketAddr,
    last: Arc<Mutex<Option<Exchange>>>,
}

impl Recorder {
    /// Listens on a free loopback port and forwards to `upstream`, asking Prism for answers
    /// generated from the schemas (`dynamic`) or taken from the spec's examples.
    pub async fn start(upstream: &str, dynamic: bool) -> std::io::Result<Recorder> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let address = listener.local_addr()?;
        let last = Arc::new(Mutex::new(None));
        let forwarder = Arc::new(Forwarder {
            upstream: upstream.trim_end_matches('/').to_string(),
            prefer: if dynamic {
                "dynamic=true"
            } else {
                "dynamic=false"
            },
            // The forwarder passes Prism's answers on as they are: a redirect is the client's
            // to follow or not.
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(std::io::Error::other)?,
            last: Arc::clone(&last),
        });
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let forwarder = Arc::clone(&forwarder);
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let forwarder = Arc::clone(&forwarder);
                        async move { Ok::<_, Infallible>(forwarder.forward(request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Recorder { address, last })
    }

    /// The base URL the generated client is given.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Forgets the last exchange, before the next call.
    pub fn clear(&self) {
        if let Ok(mut last) = self.last.lock() {
            *last = None;
        }
    }

    /// The exchange of the last call, if a request reached the recorder.
    pub fn take(&self) -> Option<Exchange> {
        self.last.lock().ok().and_then(|mut last| last.take())
    }
}

struct Forwarder {
    upstream: String,
    prefer: &'static str,
    http: reqwest::Client,
    last: Arc<Mutex<Option<Exchange>>>,
}

impl Forwarder {
    async fn forward(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let (parts, body) = request.into_parts();
        let request_body = match body.collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(error) => return plain_response(502, format!("cannot read the request: {error}")),
        };
        let target = parts
            .uri
            .path_and_query()
            .map_or("/", |path_and_query| path_and_query.as_str());
        let mut forwarded = self
            .http
            .request(parts.method.clone(), format!("{}{target}", self.upstream))
            .body(request_body.clone());
        for (name, value) in &parts.headers {
            if name != hyper::header::HOST {
                forwarded = forwarded.header(name, value);
            }
        }
        forwarded = forwarded.header("prefer", self.prefer);
        let header_text = |map: &hyper::HeaderMap, name: &str| {
            map.get(name)
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        };
        let mut exchange = Exchange {
            method: parts.method.to_string(),
            uri: target.to_string(),
            request_content_type: header_text(&parts.headers, "content-type"),
            request_body: request_body.to_vec(),
            status: 502,
            content_type: None,
            violations: None,
            body: Vec::new(),
            forward_error: None,
        };
        let answer = match forwarded.send().await {
            Ok(answer) => answer,
            Err(error) => {
                return self.no_answer(exchange, format!("Prism did not answer: {error}"))
            }
        };
        let status = answer.status();
        let headers = answer.headers().clone();
        let body = match answer.bytes().await {
            Ok(body) => body,
            Err(error) => {
                return self.no_answer(exchange, format!("cannot read Prism's answer: {error}"))
            }
        };
        exchange.status = status.as_u16();
        exchange.content_type = header_text(&headers, "content-type");
        exchange.violations = header_text(&headers, "sl-violations");
        exchange.body = body.to_vec();
        self.keep(exchange);
        let mut response = Response::new(Full::new(body));
        *response.status_mut() = status;
        for (name, value) in &headers {
            let hop_by_hop = [
                hyper::header::CONTENT_LENGTH,
                hyper::header::TRANSFER_ENCODING,
                hyper::header::CONNECTION,
            ];
            if !hop_by_hop.contains(name) && name.as_str() != "keep-alive" {
                response.headers_mut().append(name, value.clone());
            }
        }
        response
    }
}

impl Forwarder {
    /// Records that Prism gave no answer, and answers the client 502 with the reason.
    fn no_answer(&self, mut exchange: Exchange, message: String) -> Response<Full<Bytes>> {
        exchange.forward_error = Some(message.clone());
        self.keep(exchange);
        plain_response(502, message)
    }

    fn keep(&self, exchange: Exchange) {
        if let Ok(mut last) = self.last.lock() {
            *last = Some(exchange);
        }
    }
}

fn plain_response(status: u16, text: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::BAD_GATEWAY);
    response
}

/// An argument of the call: the first candidate (as JSON text) that decodes into `T`.
///
/// The runner passes the spec's own example first and the value it built from the schema after
/// it; an example that does not fit the generated type falls back to the built value.
pub fn argument<T: serde::de::DeserializeOwned>(candidates: &[&str]) -> Result<T, String> {
    let mut reasons = Vec::new();
    for candidate in candidates {
        match serde_json::from_str(candidate) {
            Ok(value) => return Ok(value),
            Err(error) => reasons.push(format!("{candidate}: {error}")),
        }
    }
    Err(reasons.join("; "))
}

/// A decoded body encoded again, to compare with what arrived.
pub fn encode<T: serde::Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value)
        .unwrap_or_else(|error| json!({ "$encode_error": error.to_string() }))
}

/// What became of one call, in the generated client's terms.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// An argument could not be built from the candidates; nothing was sent.
    NoArgument(String),
    /// The body decoded (a success, or a documented error variant); `value` is it encoded again,
    /// or `None` when the type holds no comparable JSON (no body, bytes).
    Decoded {
        variant: String,
        value: Option<Value>,
    },
    /// The text body, decoded as text.
    Text(String),
    /// The status is not documented for the operation.
    UnexpectedStatus(u16),
    /// The body did not decode into the generated type.
    DecodeFailed(String),
    /// The client refused to build the request.
    InvalidRequest(String),
    /// The request or response did not get through.
    Transport(String),
}

/// Prints the report line of call number `index`, with the exchange the recorder saw for it.
pub fn report(index: usize, operation: &str, dynamic: bool, outcome: Outcome, recorder: &Recorder) {
    let exchange = recorder.take();
    let (kind, detail) = match outcome {
        Outcome::NoArgument(reason) => ("no_argument", json!(reason)),
        Outcome::Decoded { variant, value } => {
            ("decoded", json!({ "variant": variant, "value": value }))
        }
        Outcome::Text(text) => ("text", json!(text)),
        Outcome::UnexpectedStatus(status) => ("unexpected_status", json!(status)),
        Outcome::DecodeFailed(reason) => ("decode_failed", json!(reason)),
        Outcome::InvalidRequest(reason) => ("invalid_request", json!(reason)),
        Outcome::Transport(reason) => ("transport", json!(reason)),
    };
    let exchange = exchange.map(|exchange| {
        json!({
            "method": exchange.method,
            "uri": exchange.uri,
            "request_content_type": exchange.request_content_type,
            "request_body": String::from_utf8_lossy(&exchange.request_body),
            "status": exchange.status,
            "content_type": exchange.content_type,
            "violations": exchange.violations,
            "body": String::from_utf8_lossy(&exchange.body),
            "body_is_utf8": std::str::from_utf8(&exchange.body).is_ok(),
            "forward_error": exchange.forward_error,
        })
    });
    let line = json!({
        "index": index,
        "operation": operation,
        "dynamic": dynamic,
        "outcome": kind,
        "detail": detail,
        "exchange": exchange,
    });
    println!("{REPORT_PREFIX}{line}");
}
