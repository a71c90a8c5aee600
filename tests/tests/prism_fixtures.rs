//! Contract tests of the styled encodings: the `fixture_clients` operations whose bytes
//! `wire_styles.rs` pins, sent to the Prism mock server serving the same fixture spec with
//! `--errors`, which answers any request that breaks the spec with a 4xx listing the violations.
//! Each acceptance is paired with a request Prism must refuse, so an acceptance that reads
//! nothing cannot pass.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::prism::Prism;
use fixture_clients::form_nested::{
    self, CreateCustomerBody, CreateCustomerBodyAddress, CreateCustomerBodyAddressGeo,
    CreateCustomerBodyExpandItem,
};
use fixture_clients::{
    content_params, multipart_ref, nullable_patch,
    path_styles::{self, Person},
};

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("reqwest client")
}

fn person() -> Person {
    Person {
        role: "admin".into(),
        first_name: "Alex".into(),
    }
}

/// A raw request to Prism: its status and the body, which lists the violations.
async fn raw_status(request: reqwest::RequestBuilder) -> (u16, String) {
    let response = request.send().await.expect("Prism answers");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread")]
async fn nested_form_body_and_deep_object_query_pass_prism_validation() {
    let prism = Prism::start("tests/fixtures/form_nested.yaml");
    let client = form_nested::Client::with_base_url(&prism.base_url).with_http_client(http());
    let body = CreateCustomerBody {
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
        // Prism 5.16 deserializes only properties whose `encoding` names a `style`: it reads a
        // `form` array without one (`tags`) and a JSON-valued property (`preferences`) as the
        // raw text of one pair and refuses them, so they are left out here; `wire_styles.rs`
        // pins their bytes.
        tags: None,
        preferences: None,
        ids: Some(vec![1, 2]),
        words: Some(vec!["hello".into(), "world".into()]),
        metadata: Some(BTreeMap::from([("order".to_string(), "42".to_string())])),
    };

    let created = client
        .create_customer(&body, Some(&["customer".to_string()]))
        .await
        .unwrap_or_else(|error| panic!("Prism accepts the nested form body: {error}"));
    assert_eq!(created.status(), 200);

    // Prism does read the bracketed, numbered items: a value outside the enum is refused.
    let (status, violations) = raw_status(
        http()
            .post(format!("{}/customers", prism.base_url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("email=a&expand%5B0%5D=sources&expand%5B1%5D=bogus"),
    )
    .await;
    assert_eq!(
        status, 422,
        "an item outside the enum is refused: {violations}"
    );
    assert!(
        violations.contains(r#""location":["body","expand","1"]"#),
        "{violations}"
    );

    // And nested properties: a latitude that is not a number is refused.
    let (status, violations) = raw_status(
        http()
            .post(format!("{}/customers", prism.base_url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("email=a&address%5Bline1%5D=x&address%5Bgeo%5D%5Blat%5D=north"),
    )
    .await;
    assert_eq!(
        status, 422,
        "a nested value of the wrong type is refused: {violations}"
    );
}

/// Prism 5.16 reads only some path styles: its router matches templates with `uri-template-lite`,
/// which turns a comma-separated value into a list that its `label`, `matrix` and `simple`
/// deserializers then throw on (the server drops the connection, also for the examples it
/// generates itself); it lowercases parameter names before its `matrix` reader checks the
/// `;name=` prefix, so it throws on an exploded matrix array named `arrayExploded`; and it splits
/// an exploded `label` object at commas rather than dots. The `*Lists` operations and `getSimple`
/// hold those forms; `wire_styles.rs` pins their bytes, which follow OpenAPI 3.0's style table.
#[tokio::test(flavor = "multi_thread")]
async fn label_and_matrix_path_parameters_pass_prism_validation() {
    let prism = Prism::start("tests/fixtures/path_styles.yaml");
    let client = path_styles::Client::with_base_url(&prism.base_url).with_http_client(http());

    let label = client
        .get_label("x", &[3, 4, 5])
        .await
        .expect("Prism accepts label parameters");
    assert_eq!(label.status(), 204);
    let matrix = client
        .get_matrix("x", &[3, 4], &person())
        .await
        .expect("Prism accepts matrix parameters");
    assert_eq!(matrix.status(), 204);

    // Prism checks the styles: label items that are not integers, a matrix object without its
    // required `firstName`.
    let (status, violations) =
        raw_status(http().get(format!("{}/label/.x/.3.four", prism.base_url))).await;
    assert_eq!(
        status, 422,
        "label items of the wrong type are refused: {violations}"
    );
    let (status, violations) = raw_status(http().get(format!(
        "{}/matrix/;scalar=x/;ids=3/;role=admin",
        prism.base_url
    )))
    .await;
    assert_eq!(
        status, 422,
        "a matrix object without `firstName` is refused: {violations}"
    );
}

/// Prism 5.16 reads every multipart part as text and deserializes only parts whose `encoding`
/// names a `style`, so the JSON parts (`meta`, `tags`) are left out here; `wire_fixtures.rs`
/// pins their bytes and content type.
#[tokio::test(flavor = "multi_thread")]
async fn multipart_body_through_a_ref_passes_prism_validation() {
    let prism = Prism::start("tests/fixtures/multipart_ref.yaml");
    let client = multipart_ref::Client::with_base_url(&prism.base_url).with_http_client(http());
    let body = multipart_ref::UploadMediaBody {
        document: b"%PDF-1.4".to_vec(),
        avatar: Some(b"PNG".to_vec()),
        title: "Scan".into(),
        scan: Some(Some(b"TIFF".to_vec())),
        caption: Some("Page one".into()),
        meta: None,
        tags: None,
    };

    let stored = client
        .upload_media(&body)
        .await
        .unwrap_or_else(|error| panic!("Prism accepts the multipart body: {error}"));
    assert_eq!(stored.status(), 204);

    // Without the required `document` part, Prism refuses the body.
    let form = reqwest::multipart::Form::new().text("title", "Scan");
    let (status, violations) = raw_status(
        http()
            .post(format!("{}/media", prism.base_url))
            .multipart(form),
    )
    .await;
    assert_eq!(
        status, 422,
        "a body without `document` is refused: {violations}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn patch_body_with_nulls_passes_prism_validation() {
    let prism = Prism::start("tests/fixtures/nullable_patch.yaml");
    let client = nullable_patch::Client::with_base_url(&prism.base_url).with_http_client(http());
    let clear = nullable_patch::NotePatch {
        title: Some("Groceries".into()),
        summary: Some(None),
        due: Some(None),
        label: Some(None),
        extra: Some(serde_json::Value::Null),
    };

    let note = client
        .update_note("n1", &clear)
        .await
        .unwrap_or_else(|error| panic!("Prism accepts the nulls of nullable fields: {error}"));
    assert_eq!(note.status(), 200);

    // `title` is not nullable: Prism refuses `null` there.
    let (status, violations) = raw_status(
        http()
            .patch(format!("{}/notes/n1", prism.base_url))
            .header("content-type", "application/json")
            .body(r#"{"title":null}"#),
    )
    .await;
    assert_eq!(
        status, 422,
        "null for a field that is not nullable is refused: {violations}"
    );
}

/// Prism 5.16 checks that a `content` query parameter is there, not what its text holds
/// (`filter=notjson` passes too), so `wire_content_params.rs` pins the JSON text itself.
#[tokio::test(flavor = "multi_thread")]
async fn json_text_parameters_pass_prism_validation() {
    let prism = Prism::start("tests/fixtures/content_params.yaml");
    let client = content_params::Client::with_base_url(&prism.base_url).with_http_client(http());
    let filter = content_params::Filter {
        status: Some("open".into()),
        tags: Some(vec!["a b".into()]),
    };
    let page = content_params::SearchBoardPage {
        after: Some("c2".into()),
    };
    let context = BTreeMap::from([("team".to_string(), "core".to_string())]);

    let searched = client
        .search_board(&[3, 4], &filter, Some(&page), Some(&context))
        .await
        .unwrap_or_else(|error| panic!("Prism accepts the JSON parameters: {error}"));
    assert_eq!(searched.status(), 204);

    // Without the required `filter`, Prism refuses the request.
    let (status, violations) =
        raw_status(http().get(format!("{}/boards/%5B3%5D/search", prism.base_url))).await;
    assert_eq!(
        status, 422,
        "a search without `filter` is refused: {violations}"
    );
}
