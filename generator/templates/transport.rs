// How the generated clients send: timeouts, retries, redirects kept on their origin, per-call
// options and the `tracing` spans. The generator appends this file to `runtime.rs`, so the two
// form one module; the operations call only `Http::send`.

use std::time::Duration;

/// The whole-request timeout of every attempt, unless changed on the client or for one call.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The connect timeout of the default HTTP client.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How many same-origin redirects one attempt follows before giving up.
const MAX_REDIRECTS: usize = 10;

/// An operation's path template and `operationId`, separated by the first space
/// (`/disks/{disk} disk_view`), named in `tracing` spans.
#[doc(hidden)]
pub type Operation = &'static str;

/// A `reqwest::ClientBuilder` with the settings of the default HTTP client: a connect timeout of
/// [`DEFAULT_CONNECT_TIMEOUT`] and reqwest's own redirect handling turned off, so that every
/// redirect reaches the client's same-origin rules (see [`Http`]). Add proxies or TLS settings to
/// it and pass the result to `with_http_client`.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
}

/// How a client sends its requests: the HTTP client, the timeouts, the retry policy and the
/// options of the calls made through it.
///
/// **Redirects.** A `301`, `302`, `303`, `307` or `308` with a `Location` is followed only when it is
/// on the origin (scheme, host and port) of the request, so credentials never go anywhere else:
/// `301`/`302`/`303` only for `GET` and `HEAD`, `307`/`308` with the same method and body. Any
/// other redirect comes back as [`Error::Redirect`] with its status and `Location` (one without
/// `Location` is an ordinary response, decided by its status). The default
/// HTTP client leaves every redirect to these rules. A client given to `with_http_client` keeps
/// its own redirect policy, which acts first: reqwest's default one follows up to 10 redirects to
/// any host and strips only `Authorization` and `Cookie` when the host changes, so an API key in
/// another header, and any body of a `307`/`308`, would follow. Build your client from
/// [`http_client_builder`] (or with `reqwest::redirect::Policy::none()`) to keep the rules here.
///
/// **Timeouts.** Each attempt may take [`DEFAULT_TIMEOUT`] from connecting to the end of the
/// body, whatever HTTP client is used; the default HTTP client also gives up connecting after
/// [`DEFAULT_CONNECT_TIMEOUT`]. A timeout is [`Error::Timeout`].
///
/// **Retries.** See [`RetryPolicy`].
#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    service: &'static str,
    /// `None` when the HTTP client is the caller's own, whose connect timeout cannot be read.
    connect_timeout: Option<Duration>,
    timeout: Duration,
    retry: RetryPolicy,
    call: CallOptions,
    /// The query parameters that carry an API key: sent again on every same-origin redirect.
    query_credentials: &'static [&'static str],
}

impl fmt::Debug for Http {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Http")
            .field("service", &self.service)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("call", &self.call)
            .finish_non_exhaustive()
    }
}

impl Http {
    /// The default HTTP client, from [`http_client_builder`], for the service `service`.
    pub fn new(service: &'static str) -> Self {
        Http {
            client: default_client(DEFAULT_CONNECT_TIMEOUT),
            service,
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            call: CallOptions::default(),
            query_credentials: &[],
        }
    }

    /// Names the query parameters that carry an API key. A `Location` replaces the query, so
    /// these are added again to each redirect that stays on the origin (never to another one).
    pub fn with_query_credentials(mut self, names: &'static [&'static str]) -> Self {
        self.query_credentials = names;
        self
    }

    /// Sends through `client`, with its own connect timeout and redirect policy.
    pub fn with_client(mut self, client: reqwest::Client) -> Self {
        self.client = client;
        self.connect_timeout = None;
        self
    }

    /// A new default HTTP client that gives up connecting after `timeout`.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.client = default_client(timeout);
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long each attempt may take, from connecting to the end of the body.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Which failures are retried, how often, and how long to wait in between.
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Adds `options` to every call made through this `Http`.
    pub fn with_options(mut self, options: CallOptions) -> Self {
        self.call.merge(options);
        self
    }

    /// The whole-request timeout of each attempt.
    pub fn timeout(&self) -> Duration {
        self.call.timeout.unwrap_or(self.timeout)
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    #[doc(hidden)]
    pub fn request(&self, method: reqwest::Method, url: String) -> reqwest::RequestBuilder {
        self.client.request(method, url)
    }

    #[doc(hidden)]
    pub fn get(&self, url: String) -> reqwest::RequestBuilder {
        self.client.get(url)
    }

    #[doc(hidden)]
    pub fn put(&self, url: String) -> reqwest::RequestBuilder {
        self.client.put(url)
    }

    #[doc(hidden)]
    pub fn post(&self, url: String) -> reqwest::RequestBuilder {
        self.client.post(url)
    }

    #[doc(hidden)]
    pub fn delete(&self, url: String) -> reqwest::RequestBuilder {
        self.client.delete(url)
    }

    #[doc(hidden)]
    pub fn patch(&self, url: String) -> reqwest::RequestBuilder {
        self.client.patch(url)
    }

    #[doc(hidden)]
    pub fn head(&self, url: String) -> reqwest::RequestBuilder {
        self.client.head(url)
    }

    /// Sends the request of `operation` and reads the whole response: the call's headers and
    /// timeout added, redirects followed within the origin, failures retried by the policy.
    #[doc(hidden)]
    pub async fn send(
        &self,
        request: reqwest::RequestBuilder,
        operation: &Operation,
    ) -> Result<RawResponse, Failure> {
        let mut request = request
            .build()
            .map_err(|error| Failure::InvalidRequest(Box::new(error)))?;
        self.call.apply(&mut request)?;
        *request.timeout_mut() = Some(self.timeout());
        #[cfg(feature = "tracing")]
        let attempts = {
            use tracing::Instrument;
            let (path_template, operation_id) =
                operation.split_once(' ').unwrap_or((operation, ""));
            let span = tracing::info_span!(
                "call",
                service = self.service,
                operation_id,
                method = %request.method(),
                path_template,
                attempts = tracing::field::Empty,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            self.attempts(request).instrument(span)
        };
        #[cfg(not(feature = "tracing"))]
        let attempts = {
            let _ = operation;
            self.attempts(request)
        };
        attempts.await
    }

    /// Sends `request` until it succeeds, fails for good, or the policy stops retrying.
    async fn attempts(&self, mut request: reqwest::Request) -> Result<RawResponse, Failure> {
        let started = std::time::Instant::now();
        let method = request.method().clone();
        let mut attempt: u32 = 1;
        loop {
            // A body that is a stream cannot be sent twice: such a request gets one attempt.
            let again = if attempt <= self.retry.max_retries {
                request.try_clone()
            } else {
                None
            };
            let outcome = self.exchange(request).await;
            let wait = match &outcome {
                Ok(response) => {
                    self.retry
                        .after_status(&method, response.status, &response.headers, attempt)
                }
                Err(Exchange::Http(error)) => self.retry.after_failure(&method, error, attempt),
                Err(Exchange::Redirect(_)) => None,
            };
            trace_attempt(attempt, &outcome, started);
            match (wait, again) {
                (Some(wait), Some(copy)) => {
                    tokio::time::sleep(wait).await;
                    request = copy;
                    attempt += 1;
                }
                _ => {
                    trace_call(attempt, &outcome, started);
                    return self.finish(outcome, attempt);
                }
            }
        }
    }

    /// The result of the last attempt, with the number of attempts made.
    fn finish(
        &self,
        outcome: Result<RawResponse, Exchange>,
        attempts: u32,
    ) -> Result<RawResponse, Failure> {
        match outcome {
            Ok(mut response) => {
                response.attempts = attempts;
                Ok(response)
            }
            Err(Exchange::Redirect(mut redirect)) => {
                redirect.attempts = attempts;
                Err(Failure::Redirect(redirect))
            }
            Err(Exchange::Http(source)) if source.is_timeout() => {
                let after = if source.is_connect() {
                    self.connect_timeout
                } else {
                    Some(self.timeout())
                };
                Err(Failure::Timeout(Box::new(TimedOut {
                    after,
                    connecting: source.is_connect(),
                    attempts,
                    source,
                })))
            }
            Err(Exchange::Http(source)) if source.is_builder() => {
                Err(Failure::InvalidRequest(Box::new(source)))
            }
            Err(Exchange::Http(source)) => Err(Failure::Transport(Box::new(TransportFailure {
                attempts,
                source,
            }))),
        }
    }

    /// One attempt: sends `request`, follows redirects that stay on its origin, and reads the
    /// body of the final response.
    async fn exchange(&self, mut request: reqwest::Request) -> Result<RawResponse, Exchange> {
        let credentials = self.query_credentials_of(request.url());
        for _ in 0..=MAX_REDIRECTS {
            let copy = request.try_clone();
            let from = request.url().clone();
            let method = request.method().clone();
            let response = self.client.execute(request).await.map_err(Exchange::Http)?;
            let status = response.status();
            if !is_redirect(status) {
                return read(response).await;
            }
            let Some(location) = response.headers().get(reqwest::header::LOCATION) else {
                // Not a redirect to anywhere: the status decides, like any other response.
                return read(response).await;
            };
            let location = Some(String::from_utf8_lossy(location.as_bytes()).into_owned());
            let refuse = |reason: RedirectRefusal| {
                Exchange::Redirect(Box::new(RedirectNotFollowed {
                    status,
                    location: location.clone(),
                    reason,
                    attempts: 1,
                }))
            };
            let Some(target) = location
                .as_deref()
                .and_then(|location| from.join(location).ok())
            else {
                return Err(refuse(RedirectRefusal::BadLocation));
            };
            if target.origin() != from.origin() {
                return Err(refuse(RedirectRefusal::OtherOrigin));
            }
            let keeps_method = matches!(status.as_u16(), 307 | 308);
            if !keeps_method && method != reqwest::Method::GET && method != reqwest::Method::HEAD {
                return Err(refuse(RedirectRefusal::WouldChangeMethod));
            }
            let Some(mut next) = copy else {
                return Err(refuse(RedirectRefusal::StreamedBody));
            };
            *next.url_mut() = self.with_credentials(target, &credentials);
            request = next;
        }
        Err(Exchange::Redirect(Box::new(RedirectNotFollowed {
            status: StatusCode::LOOP_DETECTED,
            location: None,
            reason: RedirectRefusal::TooMany,
            attempts: 1,
        })))
    }
}

impl Http {
    /// The query pairs of `url` that carry an API key.
    fn query_credentials_of(&self, url: &reqwest::Url) -> Vec<(String, String)> {
        if self.query_credentials.is_empty() {
            return Vec::new();
        }
        url.query_pairs()
            .filter(|(name, _)| self.query_credentials.contains(&name.as_ref()))
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect()
    }

    /// `target` of a same-origin redirect with the `credentials` of the request added to its
    /// query, in place of any pair of the same name the `Location` gave; the rest of the
    /// `Location`'s query is kept as sent.
    fn with_credentials(
        &self,
        mut target: reqwest::Url,
        credentials: &[(String, String)],
    ) -> reqwest::Url {
        if credentials.is_empty() {
            return target;
        }
        let named = |name: &str| self.query_credentials.contains(&name);
        if target.query_pairs().any(|(name, _)| named(&name)) {
            let kept: Vec<(String, String)> = target
                .query_pairs()
                .filter(|(name, _)| !named(name))
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect();
            target.query_pairs_mut().clear().extend_pairs(kept);
        }
        target.query_pairs_mut().extend_pairs(credentials);
        target
    }
}

/// Reads the whole body of a response.
async fn read(response: reqwest::Response) -> Result<RawResponse, Exchange> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(Exchange::Http)?.to_vec();
    Ok(RawResponse {
        status,
        headers,
        body,
        attempts: 1,
    })
}

fn default_client(connect_timeout: Duration) -> reqwest::Client {
    // Building fails only when the TLS backend cannot start, as in `reqwest::Client::new()`.
    http_client_builder()
        .connect_timeout(connect_timeout)
        .build()
        .expect("the TLS backend of reqwest starts")
}

fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
    ]
    .contains(method)
}

/// How one attempt ended when it did not end with a response.
enum Exchange {
    Http(reqwest::Error),
    Redirect(Box<RedirectNotFollowed>),
}

/// What can go wrong before the status code of a response is known; it becomes an [`Error`].
#[doc(hidden)]
#[derive(Debug)]
pub enum Failure {
    InvalidRequest(Box<dyn std::error::Error + Send + Sync>),
    Redirect(Box<RedirectNotFollowed>),
    Timeout(Box<TimedOut>),
    Transport(Box<TransportFailure>),
}

impl<E> From<Failure> for Error<E> {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::InvalidRequest(error) => Error::InvalidRequest(error),
            Failure::Redirect(redirect) => Error::Redirect(redirect),
            Failure::Timeout(timeout) => Error::Timeout(timeout),
            Failure::Transport(failure) => Error::Transport(failure),
        }
    }
}

/// A redirect the client did not follow.
#[derive(Debug)]
pub struct RedirectNotFollowed {
    /// The redirect's status (`508 Loop Detected` when there were too many).
    pub status: StatusCode,
    /// Its `Location` header, as sent.
    pub location: Option<String>,
    pub reason: RedirectRefusal,
    /// How many attempts were made.
    pub attempts: u32,
}

/// Why a redirect was not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectRefusal {
    /// It leads to another scheme, host or port, where the credentials must not go.
    OtherOrigin,
    /// A `301`, `302` or `303` would turn a request other than `GET` or `HEAD` into a `GET`.
    WouldChangeMethod,
    /// The body of the request was a stream, which cannot be sent again.
    StreamedBody,
    /// Its `Location` is not a URL.
    BadLocation,
    /// More than 10 redirects in a row.
    TooMany,
}

impl fmt::Display for RedirectNotFollowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match self.reason {
            RedirectRefusal::OtherOrigin => {
                "it leads to another origin, where the credentials must not go"
            }
            RedirectRefusal::WouldChangeMethod => {
                "it would turn the request into a GET without its body"
            }
            RedirectRefusal::StreamedBody => {
                "the request body is a stream that cannot be sent again"
            }
            RedirectRefusal::BadLocation => "its `Location` is not a URL",
            RedirectRefusal::TooMany => "there were more than 10 redirects in a row",
        };
        write!(f, "the server answered {} ", self.status)?;
        if let Some(location) = &self.location {
            write!(f, "to `{location}` ")?;
        }
        write!(
            f,
            "and the redirect was not followed: {reason}{}",
            attempts_note(self.attempts)
        )
    }
}

/// A call that timed out.
#[derive(Debug)]
pub struct TimedOut {
    /// The limit that ran out: the whole-request timeout, or the connect timeout when
    /// `connecting` (`None` for the connect timeout of your own HTTP client, which the client
    /// cannot read).
    pub after: Option<Duration>,
    /// Whether it ran out while connecting.
    pub connecting: bool,
    /// How many attempts were made.
    pub attempts: u32,
    pub source: reqwest::Error,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let phase = if self.connecting {
            "connecting"
        } else {
            "waiting for the response"
        };
        match self.after {
            Some(after) => write!(f, "timed out after {after:?} {phase}")?,
            None => write!(
                f,
                "timed out {phase} (the HTTP client's own connect timeout)"
            )?,
        }
        f.write_str(&attempts_note(self.attempts))
    }
}

/// A request that could not be sent, or whose response could not be read.
#[derive(Debug)]
pub struct TransportFailure {
    /// How many attempts were made.
    pub attempts: u32,
    pub source: reqwest::Error,
}

impl fmt::Display for TransportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", error_chain(&self.source))?;
        f.write_str(&attempts_note(self.attempts))
    }
}

/// ` (3 attempts)` when there was more than one.
fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        format!(" ({attempts} attempts)")
    } else {
        String::new()
    }
}

/// An error with its sources, `a: b: c`, skipping a source its parent already shows.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Which failures a client retries, how often, and how long it waits in between.
///
/// By default a call is retried up to 2 times (3 attempts in all):
/// - on `429 Too Many Requests` and `503 Service Unavailable`, whatever the method, since the
///   server did not act on the request. A `Retry-After` (seconds or an HTTP date) is waited for
///   when it is at most [`RetryPolicy::max_retry_after`] (30 s); a longer one is not waited for
///   and the response comes back at once, so the caller can decide;
/// - on a failure to connect or a lost connection, and on `502 Bad Gateway` and `504 Gateway
///   Timeout`, only for the idempotent methods `GET`, `HEAD`, `PUT`, `DELETE` and `OPTIONS`:
///   a `POST` or `PATCH` may have been carried out, and is never sent twice.
///
/// Without `Retry-After` it waits an exponential backoff (0.5 s, then 1 s, … at most 8 s) with
/// jitter: a random time between half of it and all of it. A whole-request timeout is not
/// retried. A body that is a stream (not bytes) cannot be sent twice, so such a call is made once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy::default().max_retries(0)
    }

    /// How many times a call may be retried (2 by default; 0 never retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The backoff before the first retry (0.5 s); it doubles for each retry after it.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff (8 s).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` waited for (30 s); beyond it the response is returned at once.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// How long to wait before retrying after a response with `status`, or `None` not to retry.
    fn after_status(
        &self,
        method: &reqwest::Method,
        status: StatusCode,
        headers: &HeaderMap,
        attempt: u32,
    ) -> Option<Duration> {
        if attempt > self.max_retries {
            return None;
        }
        match status.as_u16() {
            429 | 503 => match retry_after(headers) {
                Some(wait) if wait <= self.max_retry_after => Some(wait),
                Some(_) => None,
                None => Some(self.backoff(attempt)),
            },
            502 | 504 if is_idempotent(method) => Some(self.backoff(attempt)),
            _ => None,
        }
    }

    /// How long to wait before retrying after a transport failure, or `None` not to retry.
    fn after_failure(
        &self,
        method: &reqwest::Method,
        error: &reqwest::Error,
        attempt: u32,
    ) -> Option<Duration> {
        let whole_request_timeout = error.is_timeout() && !error.is_connect();
        let retryable = is_idempotent(method)
            && !whole_request_timeout
            && !error.is_builder()
            && !error.is_decode();
        (attempt <= self.max_retries && retryable).then(|| self.backoff(attempt))
    }

    /// The exponential backoff before retry number `attempt`, with jitter.
    fn backoff(&self, attempt: u32) -> Duration {
        let doubled = self
            .initial_backoff
            .saturating_mul(1 << attempt.saturating_sub(1).min(16));
        let ceiling = doubled.min(self.max_backoff);
        let half = ceiling / 2;
        half + half.mul_f64(random_fraction())
    }
}

/// A number in `[0, 1)` that differs from call to call (`RandomState` is seeded at random for
/// each instance), good enough to spread retries apart.
fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait a `Retry-After` header asks for: delay-seconds, or an HTTP date (a date in the past
/// is no wait at all).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Options that one call, or every call of a client, carries: a whole-request timeout and extra
/// headers (an idempotency key, a trace id). Give them with the client's `with_options`.
///
/// ```text
/// let options = CallOptions::new()
///     .timeout(Duration::from_secs(5))
///     .header("Idempotency-Key", "order-1234");
/// let created = client.with_options(options).create_order(&order).await?;
/// ```
#[derive(Clone, Default)]
pub struct CallOptions {
    timeout: Option<Duration>,
    headers: HeaderMap,
    /// The first header that cannot be sent, reported when the call is made.
    invalid: Option<InvalidHeader>,
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be credentials: only the names are shown.
        let names: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("headers", &names)
            .finish()
    }
}

impl CallOptions {
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// How long each attempt of the call may take, in place of the client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A header sent with the call, replacing one of the same name the operation sets. A name
    /// or value that cannot be sent makes the call fail with [`Error::InvalidRequest`].
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name_and_value = reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .ok()
            .zip(reqwest::header::HeaderValue::from_str(value).ok());
        match name_and_value {
            Some((name, value)) => {
                self.headers.insert(name, value);
            }
            None => {
                self.invalid.get_or_insert(InvalidHeader {
                    parameter: name.to_string(),
                });
            }
        }
        self
    }

    /// Adds `other` to these options; what both set, `other` decides.
    fn merge(&mut self, other: CallOptions) {
        self.timeout = other.timeout.or(self.timeout);
        self.headers.extend(other.headers);
        if self.invalid.is_none() {
            self.invalid = other.invalid;
        }
    }

    fn apply(&self, request: &mut reqwest::Request) -> Result<(), Failure> {
        if let Some(invalid) = &self.invalid {
            return Err(Failure::InvalidRequest(Box::new(invalid.clone())));
        }
        for (name, value) in &self.headers {
            request.headers_mut().insert(name, value.clone());
        }
        Ok(())
    }
}

/// A header the request cannot carry: its name is not a header name, or its value holds a line
/// break, another control character or a character outside ASCII.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidHeader {
    /// The header's name (for a parameter, its name in the spec).
    pub parameter: String,
}

impl fmt::Display for InvalidHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "header `{}` cannot be sent: a header name is a token, and a value is printable ASCII without line breaks",
            self.parameter
        )
    }
}

impl std::error::Error for InvalidHeader {}

impl<E> From<InvalidHeader> for Error<E> {
    fn from(error: InvalidHeader) -> Self {
        Error::InvalidRequest(Box::new(error))
    }
}

/// Adds the header `name` (a parameter or an API key) to `request`, or names it when its value
/// cannot be sent.
#[doc(hidden)]
pub fn header(
    request: reqwest::RequestBuilder,
    name: &'static str,
    value: &str,
) -> Result<reqwest::RequestBuilder, InvalidHeader> {
    let invalid = || InvalidHeader {
        parameter: name.to_string(),
    };
    let header_name =
        reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
    let mut header_value = reqwest::header::HeaderValue::from_str(value).map_err(|_| invalid())?;
    header_value.set_sensitive(true);
    Ok(request.header(header_name, header_value))
}

/// Adds `Authorization: Bearer <token>` to `request`, or refuses a token that cannot be sent.
#[doc(hidden)]
pub fn bearer(
    request: reqwest::RequestBuilder,
    token: &str,
) -> Result<reqwest::RequestBuilder, InvalidHeader> {
    let mut value =
        reqwest::header::HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
            InvalidHeader {
                parameter: "Authorization".to_string(),
            }
        })?;
    value.set_sensitive(true);
    Ok(request.header(reqwest::header::AUTHORIZATION, value))
}

#[cfg(feature = "tracing")]
fn trace_attempt(
    attempt: u32,
    outcome: &Result<RawResponse, Exchange>,
    started: std::time::Instant,
) {
    let latency_ms = started.elapsed().as_millis() as u64;
    match outcome {
        Ok(response) => tracing::debug!(
            attempt,
            status = response.status.as_u16(),
            latency_ms,
            "attempt"
        ),
        Err(Exchange::Redirect(redirect)) => {
            tracing::debug!(
                attempt,
                status = redirect.status.as_u16(),
                latency_ms,
                "attempt: redirect not followed"
            )
        }
        Err(Exchange::Http(error)) => {
            tracing::debug!(attempt, latency_ms, error = %error_chain(error), "attempt failed")
        }
    }
}

#[cfg(not(feature = "tracing"))]
fn trace_attempt(_: u32, _: &Result<RawResponse, Exchange>, _: std::time::Instant) {}

#[cfg(feature = "tracing")]
fn trace_call(attempts: u32, outcome: &Result<RawResponse, Exchange>, started: std::time::Instant) {
    let span = tracing::Span::current();
    span.record("attempts", attempts);
    span.record("latency_ms", started.elapsed().as_millis() as u64);
    match outcome {
        Ok(response) => {
            span.record("status", response.status.as_u16());
        }
        Err(Exchange::Redirect(redirect)) => {
            span.record("status", redirect.status.as_u16());
        }
        Err(Exchange::Http(_)) => {}
    }
}

#[cfg(not(feature = "tracing"))]
fn trace_call(_: u32, _: &Result<RawResponse, Exchange>, _: std::time::Instant) {}
