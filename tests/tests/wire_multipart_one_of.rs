//! Multipart bodies whose schema is a `oneOf` of objects (`multipart_one_of`): the body is an enum
//! of the alternatives, and each goes out as its own parts, files as bytes with a file name and
//! their `encoding.contentType`, arrays as JSON; a value of a kind the spec does not list goes
//! out as the properties it has.

mod common;

use common::multipart::{multipart_parts, part, Part};
use common::{http, only_request};
use fixture_clients::multipart_one_of as menu;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A PNG signature: bytes that are not UTF-8, so a text part would show.
const PHOTO: [u8; 4] = [0x89, b'P', b'N', b'G'];

async fn server_for(route: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    server
}

async fn sent_menu_item(body: &menu::CreateMenuItemBody) -> Vec<Part> {
    let server = server_for("/menu").await;
    menu::Client::with_base_url(server.uri())
        .with_http_client(http())
        .create_menu_item(body)
        .await
        .expect("the mock answers 204");
    multipart_parts(&only_request(&server).await)
}

/// Each part as `headers => content`, in the order sent, header lines joined by ` | `.
fn described(parts: &[Part]) -> Vec<String> {
    parts
        .iter()
        .map(|part| {
            format!(
                "{} => {}",
                part.headers.replace("\r\n", " | "),
                String::from_utf8_lossy(&part.content)
            )
        })
        .collect()
}

#[tokio::test]
async fn a_beverage_is_sent_as_its_own_parts_with_the_photo_as_a_png_file() {
    let body = menu::CreateMenuItemBody::Beverage(menu::CreateMenuItemBodyBeverage {
        name: "Cappuccino".into(),
        photo: Some(PHOTO.to_vec()),
        category: menu::BeverageCategory::Beverage,
        volume: 250,
    });

    let parts = sent_menu_item(&body).await;

    assert_eq!(
        described(&parts),
        [
            "Content-Disposition: form-data; name=\"name\" => Cappuccino",
            "Content-Disposition: form-data; name=\"photo\"; filename=\"photo\" | Content-Type: image/png => \u{fffd}PNG",
            "Content-Disposition: form-data; name=\"category\" => beverage",
            "Content-Disposition: form-data; name=\"volume\" => 250",
        ]
    );
    assert_eq!(
        part(&parts, "photo").content,
        PHOTO,
        "the file bytes go out unchanged"
    );
}

#[tokio::test]
async fn a_dessert_is_sent_as_its_own_parts_with_its_array_as_json_and_no_absent_photo() {
    let body = menu::CreateMenuItemBody::Dessert(menu::CreateMenuItemBodyDessert {
        name: "Tiramisu".into(),
        photo: None,
        category: menu::DessertCategory::Dessert,
        calories: 450,
        allergens: Some(vec!["egg".into(), "milk".into()]),
    });

    let parts = sent_menu_item(&body).await;

    assert_eq!(
        described(&parts),
        [
            "Content-Disposition: form-data; name=\"name\" => Tiramisu",
            "Content-Disposition: form-data; name=\"category\" => dessert",
            "Content-Disposition: form-data; name=\"calories\" => 450",
            "Content-Disposition: form-data; name=\"allergens\" | Content-Type: application/json => [\"egg\",\"milk\"]",
        ]
    );
}

#[tokio::test]
async fn a_menu_item_of_an_unlisted_category_is_sent_as_the_properties_it_has() {
    let body = menu::CreateMenuItemBody::Unknown(json!({
        "category": "snack", "name": "Crisps", "price": 150, "sizes": ["s", "l"], "note": null
    }));

    let parts = sent_menu_item(&body).await;

    assert_eq!(
        described(&parts),
        [
            "Content-Disposition: form-data; name=\"category\" => snack",
            "Content-Disposition: form-data; name=\"name\" => Crisps",
            "Content-Disposition: form-data; name=\"price\" => 150",
            "Content-Disposition: form-data; name=\"sizes\" | Content-Type: application/json => [\"s\",\"l\"]",
        ]
    );
}

#[tokio::test]
async fn a_oneof_without_discriminator_sends_the_alternative_given_text_or_file() {
    let text = menu::PostNoteBody::TextNote(menu::TextNote {
        text: "hello".into(),
    });
    let file = menu::PostNoteBody::FileNote(menu::PostNoteBodyFileNote {
        file: PHOTO.to_vec(),
        title: Some("Logo".into()),
    });

    let mut sent = Vec::new();
    for body in [text, file] {
        let server = server_for("/notes").await;
        menu::Client::with_base_url(server.uri())
            .with_http_client(http())
            .post_note(&body)
            .await
            .expect("the mock answers 204");
        sent.push(multipart_parts(&only_request(&server).await));
    }

    assert_eq!(
        described(&sent[0]),
        ["Content-Disposition: form-data; name=\"text\" => hello"]
    );
    assert_eq!(
        described(&sent[1]),
        [
            "Content-Disposition: form-data; name=\"file\"; filename=\"file\" | Content-Type: application/octet-stream => \u{fffd}PNG",
            "Content-Disposition: form-data; name=\"title\" => Logo",
        ]
    );
    assert_eq!(part(&sent[1], "file").content, PHOTO);
}
