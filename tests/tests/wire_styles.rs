//! Wire tests of how values are spelled, against wiremock: form bodies with object and array
//! properties as their `encoding` says (`form_nested`), the `deepObject` array query parameter,
//! and path parameters in the `label`, `matrix` and exploded `simple` styles (`path_styles`).
//! Each test checks the exact bytes the server receives.

mod common;

use std::collections::BTreeMap;

use common::{header_values, http, only_request};
use fixture_clients::form_nested::{
    self, CreateCustomerBody, CreateCustomerBodyAddress, CreateCustomerBodyAddressGeo,
    CreateCustomerBodyExpandItem, CreateCustomerBodyPreferences, CreateOrderBody,
    CreateOrderBodyItemsItem,
};
use fixture_clients::path_styles::{self, Person};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server that answers every request with `response`, and expects exactly one.
async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn customer_answer() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(r#"{"id":"cus_1"}"#, "application/json")
}

/// A customer with every kind of property the fixture's form body has.
fn full_customer() -> CreateCustomerBody {
    CreateCustomerBody {
        email: "ada@example.com".into(),
        address: Some(CreateCustomerBodyAddress {
            line1: "1 Main St".into(),
            geo: Some(CreateCustomerBodyAddressGeo {
                lat: Some(51.5),
                lon: Some(-0.1),
            }),
        }),
        expand: Some(vec![
            CreateCustomerBodyExpandItem::Sources,
            CreateCustomerBodyExpandItem::TaxIds,
        ]),
        tags: Some(vec!["a".into(), "b".into()]),
        ids: Some(vec![1, 2]),
        words: Some(vec!["hello".into(), "world".into()]),
        metadata: Some(BTreeMap::from([("order".to_string(), "42".to_string())])),
        preferences: Some(CreateCustomerBodyPreferences {
            theme: Some("dark".into()),
            digest: Some(true),
        }),
    }
}

fn body_text(request: &wiremock::Request) -> String {
    String::from_utf8(request.body.clone()).expect("a form body is ASCII")
}

#[tokio::test]
async fn form_body_spells_each_property_as_its_encoding_says() {
    let server = server_answering(customer_answer()).await;
    let client = form_nested::Client::with_base_url(server.uri()).with_http_client(http());

    let created = client
        .create_customer(&full_customer(), None)
        .await
        .expect("the mock answers 200");

    assert_eq!(created.id, "cus_1");
    let request = only_request(&server).await;
    assert_eq!(
        header_values(&request, "content-type"),
        ["application/x-www-form-urlencoded"]
    );
    let expected = [
        // A scalar as it is.
        "email=ada%40example.com",
        // `deepObject`: nested objects bracketed all the way down.
        "address%5Bline1%5D=1%20Main%20St",
        "address%5Bgeo%5D%5Blat%5D=51.5",
        "address%5Bgeo%5D%5Blon%5D=-0.1",
        // `deepObject` array in a body: numbered items, as Stripe's SDKs send them.
        "expand%5B0%5D=sources",
        "expand%5B1%5D=tax_ids",
        // No `encoding`: an array is `form`, exploded.
        "tags=a",
        "tags=b",
        // `pipeDelimited` and `spaceDelimited`, not exploded.
        "ids=1%7C2",
        "words=hello%20world",
        // No `encoding`: an object is bracketed.
        "metadata%5Border%5D=42",
        // `contentType: application/json`: the value as JSON text.
        "preferences=%7B%22theme%22%3A%22dark%22%2C%22digest%22%3Atrue%7D",
    ];
    assert_eq!(body_text(&request), expected.join("&"));
}

#[tokio::test]
async fn form_body_leaves_out_absent_properties() {
    let server = server_answering(customer_answer()).await;
    let client = form_nested::Client::with_base_url(server.uri()).with_http_client(http());
    let body = CreateCustomerBody {
        email: "a b&c=d".into(),
        ..Default::default()
    };

    client
        .create_customer(&body, None)
        .await
        .expect("the mock answers 200");

    let request = only_request(&server).await;
    assert_eq!(body_text(&request), "email=a%20b%26c%3Dd");
}

#[tokio::test]
async fn form_body_numbers_the_objects_of_an_array() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = form_nested::Client::with_base_url(server.uri()).with_http_client(http());
    let body = CreateOrderBody {
        items: vec![
            CreateOrderBodyItemsItem {
                price: "price_1".into(),
                quantity: Some(2),
            },
            CreateOrderBodyItemsItem {
                price: "price_2".into(),
                quantity: None,
            },
        ],
    };

    client
        .create_order(&body)
        .await
        .expect("the mock answers 204");

    let request = only_request(&server).await;
    assert_eq!(
        body_text(&request),
        "items%5B0%5D%5Bprice%5D=price_1&items%5B0%5D%5Bquantity%5D=2&items%5B1%5D%5Bprice%5D=price_2"
    );
}

#[tokio::test]
async fn deep_object_array_query_parameter_repeats_name_with_empty_brackets() {
    let server = server_answering(customer_answer()).await;
    let client = form_nested::Client::with_base_url(server.uri()).with_http_client(http());
    let expand = ["customer".to_string(), "invoice.lines".to_string()];

    client
        .create_customer(&CreateCustomerBody::default(), Some(&expand))
        .await
        .expect("the mock answers 200");

    let request = only_request(&server).await;
    assert_eq!(
        request.url.query(),
        Some("expand%5B%5D=customer&expand%5B%5D=invoice.lines")
    );
}

fn person() -> Person {
    Person {
        role: "admin".into(),
        first_name: "Alex".into(),
    }
}

#[tokio::test]
async fn label_path_parameters_start_with_a_dot_and_join_with_commas_or_dots() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = path_styles::Client::with_base_url(server.uri()).with_http_client(http());

    client
        .get_label("x y", &[3, 4, 5])
        .await
        .expect("the mock answers 204");
    client
        .get_label_lists(&[3, 4, 5], &person(), &person())
        .await
        .expect("the mock answers 204");

    let requests = server.received_requests().await.unwrap_or_default();
    let paths: Vec<&str> = requests.iter().map(|request| request.url.path()).collect();
    assert_eq!(
        paths,
        [
            "/label/.x%20y/.3.4.5",
            "/label-lists/.3,4,5/.role,admin,firstName,Alex/.role=admin.firstName=Alex"
        ]
    );
}

#[tokio::test]
async fn matrix_path_parameters_are_semicolon_name_value_pairs() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = path_styles::Client::with_base_url(server.uri()).with_http_client(http());

    client
        .get_matrix("x;y", &[3, 4], &person())
        .await
        .expect("the mock answers 204");
    client
        .get_matrix_lists(&[3, 4], &person())
        .await
        .expect("the mock answers 204");

    let requests = server.received_requests().await.unwrap_or_default();
    let paths: Vec<&str> = requests.iter().map(|request| request.url.path()).collect();
    assert_eq!(
        paths,
        [
            "/matrix/;scalar=x%3By/;ids=3;ids=4/;role=admin;firstName=Alex",
            "/matrix-lists/;array=3,4/;object=role,admin,firstName,Alex"
        ]
    );
}

#[tokio::test]
async fn simple_path_and_header_objects_are_key_value_lists() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let client = path_styles::Client::with_base_url(server.uri()).with_http_client(http());
    let odd = Person {
        role: "a,b".into(),
        first_name: "Zoë".into(),
    };

    client
        .get_simple(&["a".into(), "b c".into()], &person(), &odd, &person())
        .await
        .expect("the mock answers 204");

    let request = only_request(&server).await;
    // The separators of the style stay; a comma inside a value is percent-encoded.
    assert_eq!(
        request.url.path(),
        "/simple/a,b%20c/role,admin,firstName,Alex/role=a%2Cb,firstName=Zo%C3%AB"
    );
    assert_eq!(
        header_values(&request, "x-person"),
        ["role=admin,firstName=Alex"]
    );
}

#[tokio::test]
async fn a_label_value_that_would_be_a_dot_segment_is_refused() {
    let server = MockServer::start().await;
    let client = path_styles::Client::with_base_url(server.uri()).with_http_client(http());

    // `.` in the label style is `..`: the parent directory, another resource.
    let error = client
        .get_label(".", &[1])
        .await
        .expect_err("a dot segment is refused before sending");

    assert!(
        matches!(error, fixture_clients::Error::InvalidRequest(_)),
        "got {error:?}"
    );
    let requests = server.received_requests().await.unwrap_or_default();
    assert!(requests.is_empty(), "nothing is sent, got {requests:?}");
}
