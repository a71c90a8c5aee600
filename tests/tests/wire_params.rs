//! Wire tests of the `many_parameters` fixture: an operation with many optional parameters takes
//! them in a struct with `Default`, one with too many required ones takes all of them in a
//! struct, and either puts on the wire exactly what separate arguments would.

mod common;

use common::{header_values, http, only_request};
use fixture_clients::many_parameters::{
    AddItemBody, Client, PlaceDeviceBody, PlaceDeviceKind, PlaceDeviceParams, SearchItemsParams,
    SearchItemsSort,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::with_base_url(server.uri()).with_http_client(http())
}

async fn mount(server: &MockServer, verb: &str, route: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

fn query(request: &Request) -> Option<&str> {
    request.url.query()
}

#[tokio::test]
async fn params_struct_left_at_default_sends_only_the_required_arguments() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/owners/acme/items",
        ResponseTemplate::new(200).set_body_json(json!(["a"])),
    )
    .await;

    let items = client(&server)
        .search_items("acme", "lamp", &SearchItemsParams::default())
        .await
        .expect("the 200 decodes");
    assert_eq!(*items, ["a"]);
    let request = only_request(&server).await;
    assert_eq!(query(&request), Some("q=lamp"));
    assert!(header_values(&request, "x-trace-id").is_empty());
    assert!(header_values(&request, "cookie").is_empty());
}

#[tokio::test]
async fn params_struct_fields_that_are_set_go_where_their_parameters_belong() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/owners/acme/items",
        ResponseTemplate::new(200).set_body_json(json!([])),
    )
    .await;

    let params = SearchItemsParams {
        limit: Some(20),
        page_token: Some("next page".into()),
        sort: Some(SearchItemsSort::Created),
        tags: Some(vec!["red".into(), "big".into()]),
        x_trace_id: Some("trace-1".into()),
        session: Some("s 1".into()),
    };
    client(&server)
        .search_items("acme", "lamp", &params)
        .await
        .expect("the 200 decodes");
    let request = only_request(&server).await;
    assert_eq!(
        query(&request),
        Some("q=lamp&limit=20&page_token=next+page&sort=created&tags=red&tags=big")
    );
    assert_eq!(header_values(&request, "x-trace-id"), ["trace-1"]);
    assert_eq!(header_values(&request, "cookie"), ["session=s%201"]);
}

#[tokio::test]
async fn few_optional_parameters_stay_arguments_of_their_own() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/owners/acme/items",
        ResponseTemplate::new(204),
    )
    .await;

    let body = AddItemBody {
        name: Some("lamp".into()),
    };
    client(&server)
        .add_item("acme", &body, Some(true), None, Some(3))
        .await
        .expect("the 204 is a success");
    let request = only_request(&server).await;
    assert_eq!(query(&request), Some("dry_run=true"));
    assert_eq!(header_values(&request, "x-priority"), ["3"]);
    assert!(header_values(&request, "x-request-id").is_empty());
    assert_eq!(request.body, br#"{"name":"lamp"}"#);
}

#[tokio::test]
async fn too_many_required_parameters_all_go_into_the_params_struct() {
    let server = MockServer::start().await;
    mount(
        &server,
        "PUT",
        "/regions/eu%2Fwest/zones/b/racks/7/slots/12",
        ResponseTemplate::new(204),
    )
    .await;

    let params = PlaceDeviceParams {
        region: "eu/west".into(),
        zone: "b".into(),
        rack: 7,
        slot: 12,
        kind: PlaceDeviceKind::Switch,
        x_operator: "ops@example.com".into(),
        force: None,
    };
    let body = PlaceDeviceBody {
        serial: Some("SN-1".into()),
    };
    client(&server)
        .place_device(&body, &params)
        .await
        .expect("the 204 is a success");
    let request = only_request(&server).await;
    assert_eq!(query(&request), Some("kind=switch"));
    assert_eq!(header_values(&request, "x-operator"), ["ops@example.com"]);
    assert_eq!(request.body, br#"{"serial":"SN-1"}"#);
}
