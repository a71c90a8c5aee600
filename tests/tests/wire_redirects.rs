//! Redirects on the wire, against two loopback servers (two ports of 127.0.0.1, so two origins):
//! the client follows a redirect only on the origin of the request (`301`/`302`/`303` for `GET`,
//! `307`/`308` with method and body), refuses every other one with `Error::Redirect`, and the
//! other origin never receives a request, so none of the credentials (API key in a header, the
//! query and a cookie; basic; bearer) ever reaches it.

mod common;

use common::header_values;
use fixture_clients::runtime::{http_client_builder, RedirectRefusal};
use fixture_clients::{security_schemes as api, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

/// `user:basic-secret` in base64.
const BASIC: &str = "Basic dXNlcjpiYXNpYy1zZWNyZXQ=";
const BEARER: &str = "Bearer bearer-secret";

/// A client for `server` with every kind of credential set.
fn client(server: &MockServer) -> api::Client {
    api::Client::with_base_url(server.uri())
        .with_header_key("header-secret")
        .with_query_key("query-secret")
        .with_cookie_key("cookie-secret")
        .with_basic_auth("user", "basic-secret")
        .with_bearer_auth("bearer-secret")
}

/// `verb /things` on `server` answers `status` with `Location: location`.
async fn redirect(server: &MockServer, verb: &str, status: u16, location: &str) {
    Mock::given(method(verb))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(status).insert_header("Location", location))
        .expect(1)
        .mount(server)
        .await;
}

/// `verb /moved` on `server` answers `status` with a JSON body.
async fn target(server: &MockServer, verb: &str, status: u16, body: serde_json::Value) {
    Mock::given(method(verb))
        .and(path("/moved"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("wiremock records requests by default")
}

/// The request `server` received for `/moved`, which must be exactly one.
async fn moved_request(server: &MockServer) -> Request {
    let mut moved: Vec<Request> = requests(server)
        .await
        .into_iter()
        .filter(|request| request.url.path() == "/moved")
        .collect();
    assert_eq!(moved.len(), 1, "the redirect is followed once");
    moved.remove(0)
}

/// The values of the `api_key` query parameter of `request`.
fn query_keys(request: &Request) -> Vec<String> {
    request
        .url
        .query_pairs()
        .filter(|(name, _)| name == "api_key")
        .map(|(_, value)| value.into_owned())
        .collect()
}

/// Asserts that `request` carries every credential: the API key in the query, a header and a
/// cookie, basic and bearer.
fn assert_credentials(request: &Request) {
    assert_eq!(query_keys(request), ["query-secret"]);
    assert_eq!(header_values(request, "X-API-Key"), ["header-secret"]);
    assert_eq!(
        header_values(request, "Cookie"),
        ["session_key=cookie-secret"]
    );
    assert_eq!(header_values(request, "Authorization"), [BASIC, BEARER]);
}

/// Asserts that the call failed with a redirect of `status` to `location`, refused for `reason`.
fn assert_refused<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, Error<E>>,
    status: u16,
    location: &str,
    reason: RedirectRefusal,
) {
    match result {
        Err(Error::Redirect(redirect)) => {
            assert_eq!(redirect.status, status);
            assert_eq!(redirect.location.as_deref(), Some(location));
            assert_eq!(redirect.reason, reason, "status {status}");
        }
        other => panic!("a {status} must come back as Error::Redirect, got {other:?}"),
    }
}

/// Asserts that `server` received only the first request, never the one to `/moved`.
async fn assert_only_things_requested(server: &MockServer, status: u16) {
    let paths: Vec<String> = requests(server)
        .await
        .iter()
        .map(|request| request.url.path().to_string())
        .collect();
    assert_eq!(
        paths,
        ["/things"],
        "status {status}: /moved is never requested"
    );
}

async fn assert_untouched(other: &MockServer) {
    let seen = requests(other).await;
    assert!(
        seen.is_empty(),
        "the other origin must receive nothing, got {seen:?}"
    );
}

#[tokio::test]
async fn a_get_follows_every_redirect_on_its_origin_with_its_credentials() {
    for status in REDIRECTS {
        let server = MockServer::start().await;
        redirect(&server, "GET", status, "/moved").await;
        target(&server, "GET", 200, serde_json::json!(["moved"])).await;

        let things = client(&server)
            .list_things()
            .await
            .expect("the redirect is followed");

        assert_eq!(things.into_body(), ["moved"], "status {status}");
        let moved = moved_request(&server).await;
        assert_eq!(moved.method.as_str(), "GET", "status {status}");
        assert_credentials(&moved);
    }
}

#[tokio::test]
async fn a_same_origin_redirect_keeps_its_own_query_and_gets_the_query_key_again() {
    // The `Location` replaces the query: the key is added back, in place of the one it names.
    let server = MockServer::start().await;
    redirect(&server, "GET", 302, "/moved?page=2&api_key=planted").await;
    target(&server, "GET", 200, serde_json::json!(["moved"])).await;

    client(&server)
        .list_things()
        .await
        .expect("the redirect is followed");

    let moved = moved_request(&server).await;
    assert_eq!(moved.url.query(), Some("page=2&api_key=query-secret"));
    assert_credentials(&moved);
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_and_the_other_origin_sees_nothing() {
    for status in REDIRECTS {
        let server = MockServer::start().await;
        let other = MockServer::start().await;
        let location = format!("{}/moved", other.uri());
        target(&other, "GET", 200, serde_json::json!(["stolen"])).await;
        target(&other, "POST", 201, serde_json::json!({"name": "stolen"})).await;
        redirect(&server, "GET", status, &location).await;
        redirect(&server, "POST", status, &location).await;
        let client = client(&server);

        let listed = client.list_things().await;
        let created = client
            .create_thing(&api::Thing {
                name: "widget".into(),
            })
            .await;

        assert_refused(listed, status, &location, RedirectRefusal::OtherOrigin);
        assert_refused(created, status, &location, RedirectRefusal::OtherOrigin);
        assert_untouched(&other).await;
    }
}

#[tokio::test]
async fn a_redirect_to_another_host_on_the_same_port_is_refused() {
    // `localhost` is the same server, but not the origin the request was made to
    // (`127.0.0.1`): were the redirect followed, this server would receive `/moved`.
    for status in REDIRECTS {
        let server = MockServer::start().await;
        let port = server.address().port();
        let location = format!("http://localhost:{port}/moved");
        target(&server, "GET", 200, serde_json::json!(["stolen"])).await;
        redirect(&server, "GET", status, &location).await;

        let listed = client(&server).list_things().await;

        assert_refused(listed, status, &location, RedirectRefusal::OtherOrigin);
        assert_only_things_requested(&server, status).await;
    }
}

#[tokio::test]
async fn a_post_follows_307_and_308_on_its_origin_with_its_method_and_body() {
    for status in [307, 308] {
        let server = MockServer::start().await;
        redirect(&server, "POST", status, &format!("{}/moved", server.uri())).await;
        target(&server, "POST", 201, serde_json::json!({"name": "widget"})).await;

        let created = client(&server)
            .create_thing(&api::Thing {
                name: "widget".into(),
            })
            .await
            .expect("the redirect is followed");

        assert_eq!(created.name, "widget");
        let moved = moved_request(&server).await;
        assert_eq!(moved.method.as_str(), "POST", "status {status}");
        assert_eq!(moved.body, br#"{"name":"widget"}"#, "status {status}");
        assert_eq!(header_values(&moved, "Content-Type"), ["application/json"]);
        assert_credentials(&moved);
    }
}

#[tokio::test]
async fn a_post_is_never_turned_into_a_get_by_301_302_or_303() {
    for status in [301, 302, 303] {
        let server = MockServer::start().await;
        redirect(&server, "POST", status, "/moved").await;
        target(&server, "GET", 200, serde_json::json!(["moved"])).await;

        let created = client(&server)
            .create_thing(&api::Thing {
                name: "widget".into(),
            })
            .await;

        assert_refused(
            created,
            status,
            "/moved",
            RedirectRefusal::WouldChangeMethod,
        );
        assert_only_things_requested(&server, status).await;
    }
}

#[tokio::test]
async fn a_same_origin_hop_that_leads_to_another_origin_is_refused() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    let location = format!("{}/things", other.uri());
    redirect(&server, "GET", 302, "/moved").await;
    Mock::given(path("/moved"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", location.as_str()))
        .expect(1)
        .mount(&server)
        .await;

    let listed = client(&server).list_things().await;

    assert_refused(listed, 307, &location, RedirectRefusal::OtherOrigin);
    assert_untouched(&other).await;
}

#[tokio::test]
async fn a_redirect_error_names_the_status_and_location() {
    let server = MockServer::start().await;
    redirect(&server, "GET", 302, "https://elsewhere.example/things").await;

    let error = client(&server)
        .list_things()
        .await
        .expect_err("the redirect is refused");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(302));
    assert_eq!(
        error.to_string(),
        "the server answered 302 Found to `https://elsewhere.example/things` and the redirect was not followed: it leads to another origin, where the credentials must not go"
    );
}

#[tokio::test]
async fn a_client_built_from_http_client_builder_keeps_the_same_origin_rules() {
    let server = MockServer::start().await;
    let other = MockServer::start().await;
    let location = format!("{}/moved", other.uri());
    redirect(&server, "GET", 302, &location).await;
    let http = http_client_builder().build().expect("a reqwest client");

    let listed = client(&server).with_http_client(http).list_things().await;

    assert_refused(listed, 302, &location, RedirectRefusal::OtherOrigin);
    assert_untouched(&other).await;
}

#[tokio::test]
async fn a_users_own_reqwest_client_still_sends_the_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(["own"])))
        .expect(1)
        .mount(&server)
        .await;

    let things = client(&server)
        .with_http_client(common::http())
        .list_things()
        .await
        .expect("the call goes through the given client");

    assert_eq!(things.into_body(), ["own"]);
    let request = requests(&server).await.remove(0);
    assert_eq!(request.url.query(), Some("api_key=query-secret"));
    assert_credentials(&request);
}
