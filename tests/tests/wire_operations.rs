//! Wire tests of the `operations` fixture: operations without an operationId get stable names
//! from method and path, path-item parameters apply to every operation (and an operation can
//! override one), `$ref` parameters, responses and request bodies (chains of them too) resolve,
//! JSON is chosen among several request media types, and server variables take their defaults.

mod common;

use common::{header_values, http, only_request};
use fixture_clients::operations::{self, Client, GetUsersByUserIdError, User};
use fixture_clients::Error;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::with_base_url(server.uri()).with_http_client(http())
}

fn user_json() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"name": "Ada"}))
}

#[test]
fn server_variables_take_their_defaults() {
    assert_eq!(
        operations::DEFAULT_BASE_URL,
        "https://eu.api.example.com/v2"
    );
    assert_eq!(Client::new().base_url(), "https://eu.api.example.com/v2");
}

#[tokio::test]
async fn an_operation_without_operation_id_is_named_from_method_and_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/42"))
        .respond_with(user_json())
        .expect(1)
        .mount(&server)
        .await;

    // `get /users/{user-id}` → `get_users_by_user_id`; `user-id` is a `$ref` to a `$ref`.
    let user = client(&server)
        .get_users_by_user_id(42, "acme")
        .await
        .expect("the $ref'd 200 response decodes");
    assert_eq!(user.name, "Ada");
    let request = only_request(&server).await;
    assert_eq!(
        header_values(&request, "x-tenant"),
        ["acme"],
        "the path-item header applies"
    );
}

#[tokio::test]
async fn a_referenced_response_without_body_maps_to_its_variant() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;

    match client(&server).get_users_by_user_id(7, "acme").await {
        Err(Error::Api {
            error: GetUsersByUserIdError::NotFound(body),
            ..
        }) => assert!(body.is_empty()),
        other => panic!("expected the $ref'd 404, got {other:?}"),
    }
}

#[tokio::test]
async fn a_referenced_request_body_is_sent_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .get_user(1, "acme", &User { name: "Ada".into() })
        .await
        .expect("204");
    let request = only_request(&server).await;
    assert_eq!(
        header_values(&request, "content-type"),
        ["application/json"]
    );
    assert_eq!(
        request.body_json::<serde_json::Value>().expect("JSON body"),
        json!({"name": "Ada"})
    );
}

#[tokio::test]
async fn names_that_clash_after_case_conversion_are_suffixed_and_an_operation_can_override_a_path_parameter(
) {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/users/1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    // `getUser` took `get_user`, so the operation `get_user` is `get_user2`; its own optional
    // `X-Tenant` replaces the required path-item one.
    client(&server).get_user2(1, None).await.expect("204");
    let request = only_request(&server).await;
    assert!(
        header_values(&request, "x-tenant").is_empty(),
        "None sends no header"
    );
}

#[tokio::test]
async fn json_is_chosen_among_several_request_media_types() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/users"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"name": "Ada"})))
        .expect(1)
        .mount(&server)
        .await;

    let created = client(&server)
        .post_users(&User { name: "Ada".into() })
        .await
        .expect("201");
    assert_eq!(created.status(), 201);
    let request = only_request(&server).await;
    assert_eq!(
        header_values(&request, "content-type"),
        ["application/json"]
    );
}

#[test]
fn the_clash_is_reported_as_a_warning_with_its_location() {
    let generation = common::generate_fixtures();
    let warning = generation
        .warnings
        .iter()
        .find(|warning| warning.message.contains("operation `get_user`"))
        .expect("the renamed operation is reported");
    assert!(warning.file.ends_with("operations.yaml"));
    assert_eq!(
        warning.pointer,
        "#/paths/~1users~1{user-id}/delete/operationId"
    );
    assert_eq!(warning.line, Some(37));
    assert!(
        warning.message.contains("named `get_user2` instead"),
        "{}",
        warning.message
    );
}
