//! Wire tests of parameters described by `content: application/json` (the `content_params`
//! fixture): each goes out as its value's JSON text, percent-encoded in the path and the query
//! and as it is in a header, never spelled in a `style`.

mod common;

use std::collections::BTreeMap;

use common::{http, only_request};
use fixture_clients::content_params::{Client, Filter, ListArchiveParams, SearchBoardPage};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    server
}

fn filter() -> Filter {
    Filter {
        status: Some("open".into()),
        tags: Some(vec!["a b".into(), "c&d".into()]),
    }
}

#[tokio::test]
async fn a_json_parameter_is_sent_as_its_json_text_in_the_path_the_query_and_a_header() {
    let server = server().await;
    let context = BTreeMap::from([("team".to_string(), "core".to_string())]);
    let page = SearchBoardPage {
        after: Some("c2".into()),
    };

    Client::with_base_url(server.uri())
        .with_http_client(http())
        .search_board(&[3, 4], &filter(), Some(&page), Some(&context))
        .await
        .expect("the mock answers 204");

    let request = only_request(&server).await;
    // `[3,4]` in the path, `{"status":"open","tags":["a b","c&d"]}` and `{"after":"c2"}` in the
    // query, every reserved character percent-encoded.
    assert_eq!(request.url.path(), "/boards/%5B3%2C4%5D/search");
    assert_eq!(
        request.url.query(),
        Some(
            "filter=%7B%22status%22%3A%22open%22%2C%22tags%22%3A%5B%22a+b%22%2C%22c%26d%22%5D%7D\
             &page=%7B%22after%22%3A%22c2%22%7D"
        )
    );
    let decoded: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        decoded,
        [
            (
                "filter".to_string(),
                r#"{"status":"open","tags":["a b","c&d"]}"#.to_string()
            ),
            ("page".to_string(), r#"{"after":"c2"}"#.to_string()),
        ]
    );
    assert_eq!(
        request
            .headers
            .get("X-Context")
            .map(|value| value.as_bytes()),
        Some(br#"{"team":"core"}"#.as_slice())
    );
}

#[tokio::test]
async fn an_absent_optional_json_parameter_is_left_out() {
    let server = server().await;

    Client::with_base_url(server.uri())
        .with_http_client(http())
        .search_board(&[3], &filter(), None, None)
        .await
        .expect("the mock answers 204");

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/boards/%5B3%5D/search");
    let names: Vec<String> = request
        .url
        .query_pairs()
        .map(|(name, _)| name.into_owned())
        .collect();
    assert_eq!(names, ["filter"]);
    assert!(request.headers.get("X-Context").is_none());
}

#[tokio::test]
async fn a_json_parameter_in_a_parameters_struct_is_sent_as_its_json_text_too() {
    let server = server().await;
    let params = ListArchiveParams {
        filter: Some(filter()),
        year: Some(2026),
        ..ListArchiveParams::default()
    };

    Client::with_base_url(server.uri())
        .with_http_client(http())
        .list_archive(&params)
        .await
        .expect("the mock answers 204");

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/archive");
    let decoded: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(
        decoded,
        [
            (
                "filter".to_string(),
                r#"{"status":"open","tags":["a b","c&d"]}"#.to_string()
            ),
            ("year".to_string(), "2026".to_string()),
        ]
    );
}
