//! What a settings file changes, on the wire and in the types: `settings_types.toml` replaces
//! the `Money` schema by the user's `fixture_money::Money`, adds derives and an attribute and
//! keeps `uuid` as text; `grouped.toml` groups operations into sub-clients by their first tag.

mod common;

use std::collections::HashSet;

use common::{header_values, http, only_request};
use fixture_clients::{grouped, settings_types as shop};
use fixture_money::Money;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ORDER_ID: &str = "0b9a6c2e-3f1d-4d5b-9a8e-1c2d3e4f5a6b";

async fn server_answering(verb: &str, route: &str, status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(
            ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn order_json() -> Value {
    json!({
        "id": ORDER_ID,
        "total": {"amount": "24.60", "currency": "EUR"},
        "lines": [
            {"sku": "tea", "price": {"amount": "12.30", "currency": "EUR"}},
            {"sku": "tea", "price": {"amount": "12.30", "currency": "EUR"}, "placedAt": "2026-03-29T01:30:00+02:00"}
        ],
        "status": "open"
    })
}

#[tokio::test]
async fn a_replaced_schema_is_the_users_type_on_the_wire() {
    let server = server_answering("POST", "/orders", 201, order_json()).await;
    let client = shop::Client::with_base_url(server.uri()).with_http_client(http());
    let order: shop::Order = serde_json::from_value(order_json()).expect("an order");
    let placed = client
        .place_order(&order)
        .await
        .expect("placed")
        .into_body();
    // The field is the user's type: amounts in minor units, not the spec's decimal text.
    let total: &Money = &placed.total;
    assert_eq!(total.minor_units, 2460);
    assert_eq!(total.currency, "EUR");
    assert_eq!(placed.lines.as_ref().map(Vec::len), Some(2));
    let sent: Value = serde_json::from_slice(&only_request(&server).await.body).expect("JSON");
    assert_eq!(sent, order_json());
}

#[tokio::test]
async fn a_format_mapped_to_string_stays_text_in_the_path() {
    let route = format!("/orders/{ORDER_ID}");
    let server = server_answering("GET", &route, 200, order_json()).await;
    let client = shop::Client::with_base_url(server.uri()).with_http_client(http());
    let order = client.get_order(ORDER_ID).await.expect("the order");
    let id: &String = &order.id;
    assert_eq!(id, ORDER_ID);
    assert_eq!(only_request(&server).await.url.path(), route);
}

#[test]
fn extra_derives_make_every_model_hashable() {
    let order: shop::Order = serde_json::from_value(order_json()).expect("an order");
    let lines = order.lines.clone().unwrap_or_default();
    let distinct: HashSet<&shop::OrderLine> = lines.iter().collect();
    assert_eq!(distinct.len(), 2, "the lines differ only in `placedAt`");
    let orders: HashSet<shop::Order> = [order.clone(), order].into_iter().collect();
    assert_eq!(orders.len(), 1);
}

#[test]
fn a_replaced_schema_emits_no_model_and_attributes_land_on_their_model() {
    let module = include_str!("../fixtures/clients/src/settings_types.rs");
    assert!(!module.contains("pub struct Money"));
    assert!(module.contains("#[non_exhaustive]\npub struct Order {"));
    assert!(!module.contains("#[non_exhaustive]\npub struct OrderLine {"));
}

fn pets_client(server: &MockServer) -> grouped::Client {
    grouped::Client::with_base_url(server.uri())
        .with_http_client(http())
        .with_api_key("pets-secret")
}

#[tokio::test]
async fn grouped_operations_are_called_through_their_tag() {
    let server = server_answering("GET", "/pets/7", 200, json!({"id": 7, "name": "Rex"})).await;
    let pet = pets_client(&server).pets().get(7).await.expect("a pet");
    assert_eq!(pet.name, "Rex");
    let request = only_request(&server).await;
    assert_eq!(header_values(&request, "X-API-Key"), ["pets-secret"]);
}

#[tokio::test]
async fn a_group_method_keeps_its_parameters_and_errors() {
    let server = server_answering("GET", "/pets", 200, json!([{"id": 1, "name": "Ada"}])).await;
    let pets = pets_client(&server)
        .pets()
        .list(Some(5))
        .await
        .expect("pets");
    assert_eq!(pets.len(), 1);
    assert_eq!(only_request(&server).await.url.query(), Some("limit=5"));

    let server = server_answering("GET", "/pets/8", 404, json!({})).await;
    let error = pets_client(&server).pets().get(8).await.expect_err("404");
    assert!(
        matches!(
            error,
            fixture_clients::Error::Api {
                error: grouped::PetsGetError::NotFound(_),
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_operation_goes_to_its_first_tag_and_untagged_ones_stay_on_the_client() {
    let server = server_answering("GET", "/store/inventory", 200, json!({"available": 3})).await;
    let counts = pets_client(&server)
        .store()
        .get_inventory()
        .await
        .expect("counts");
    assert_eq!(counts.get("available"), Some(&3));

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/health"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let health = pets_client(&server).get_health().await.expect("healthy");
    assert_eq!(health.status(), 204);
    assert!(header_values(&only_request(&server).await, "X-API-Key").is_empty());
}
