//! Wire tests of `fixture_clients` against wiremock: each one-feature fixture spec puts exactly
//! the bytes OpenAPI describes on the wire (form, multipart, text and binary bodies, header and
//! cookie parameters, array query styles, optional bodies) and decodes every documented status
//! (several success codes, `4XX`/`5XX` ranges) into the right variant.

mod common;

use common::header_values;

use common::multipart::{multipart_parts, part, Part};
use common::{http, only_request};

use fixture_clients::runtime::UnexpectedResponse;
use fixture_clients::{
    array_query, form_body, header_cookie_params, multipart_ref, multipart_upload, octet_stream,
    optional_body, range_responses, several_success_codes, text_plain, Error,
};
use serde_json::json;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const REQUEST_ID: &str = "req-fixtures-0001";

/// A mock of `verb path` that answers `response` and must be called exactly once; what the
/// request carried is checked afterwards on [`only_request`], so a wrong request fails with a
/// message that says what was sent.
fn mock(verb: &str, route: &str, response: ResponseTemplate) -> Mock {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .expect(1)
}

/// A mock that must never be called: for requests the client has to refuse before sending.
async fn refuse_everything(server: &MockServer) {
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(server)
        .await;
}

async fn assert_nothing_sent(server: &MockServer) {
    let requests = server
        .received_requests()
        .await
        .expect("wiremock records requests by default");
    assert!(
        requests.is_empty(),
        "the request must not reach the server, got {requests:?}"
    );
}

fn json_response(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json")
}

/// The one value of header `name`; fails if it is missing or repeated.
fn single_header(request: &Request, name: &str) -> String {
    let values = header_values(request, name);
    assert_eq!(
        values.len(),
        1,
        "expected exactly one `{name}` header, got {values:?}"
    );
    values.into_iter().next().unwrap_or_default()
}

fn assert_no_header(request: &Request, name: &str) {
    let values = header_values(request, name);
    assert!(
        values.is_empty(),
        "expected no `{name}` header, got {values:?}"
    );
}

/// The decoded `name=value` pairs of the query string, in order.
fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().into_owned().collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

// --- form_body: POST /token as application/x-www-form-urlencoded ---

fn form_client(server: &MockServer) -> form_body::Client {
    form_body::Client::with_base_url(server.uri()).with_http_client(http())
}

fn token_mock() -> Mock {
    mock(
        "POST",
        "/token",
        json_response(200, json!({"access_token": "tok-123"})),
    )
}

#[tokio::test]
async fn form_body_sends_urlencoded_fields_and_leaves_out_a_none_field() {
    let server = MockServer::start().await;
    token_mock().mount(&server).await;
    let body = form_body::CreateTokenBody {
        grant_type: "client_credentials".into(),
        client_id: "a b&c".into(),
        scope: None,
    };

    let token = form_client(&server)
        .create_token(&body)
        .await
        .expect("the mock answers 200");

    assert_eq!(token.status(), 200);
    assert_eq!(token.access_token, "tok-123");
    let request = only_request(&server).await;
    assert_eq!(
        single_header(&request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(single_header(&request, "accept"), "application/json");
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "grant_type=client_credentials&client_id=a%20b%26c",
        "the space is `%20`, the `&` is escaped, and the `None` scope is left out"
    );
}

#[tokio::test]
async fn form_body_sends_an_optional_field_that_is_set() {
    let server = MockServer::start().await;
    token_mock().mount(&server).await;
    let body = form_body::CreateTokenBody {
        grant_type: "client_credentials".into(),
        client_id: "app".into(),
        scope: Some("read write=all".into()),
    };

    form_client(&server)
        .create_token(&body)
        .await
        .expect("the mock answers 200");

    let request = only_request(&server).await;
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "grant_type=client_credentials&client_id=app&scope=read%20write%3Dall"
    );
}

// --- multipart_upload: POST /files as multipart/form-data ---

async fn upload(server: &MockServer, body: &multipart_upload::UploadFileBody) -> Vec<Part> {
    mock("POST", "/files", json_response(201, json!({"id": 7})))
        .mount(server)
        .await;

    let stored = multipart_upload::Client::with_base_url(server.uri())
        .with_http_client(http())
        .upload_file(body)
        .await
        .expect("the mock answers 201");

    assert_eq!(stored.status(), 201);
    assert_eq!(stored.id, Some(7));
    multipart_parts(&only_request(server).await)
}

/// Bytes that are not UTF-8, so a lossy text conversion would show.
const FILE_BYTES: [u8; 4] = [0, 159, 146, 150];

#[tokio::test]
async fn multipart_upload_sends_the_file_bytes_and_the_title_without_the_none_tags() {
    let server = MockServer::start().await;
    let body = multipart_upload::UploadFileBody {
        file: FILE_BYTES.to_vec(),
        title: "Quarterly report".into(),
        tags: None,
    };

    let parts = upload(&server, &body).await;

    assert_eq!(parts.len(), 2, "only `file` and `title`, got {parts:?}");
    let file = part(&parts, "file");
    assert!(
        file.headers.contains("; filename=\""),
        "the file part has a filename: {:?}",
        file.headers
    );
    assert_eq!(file.content, FILE_BYTES, "the file bytes go out unchanged");
    let title = part(&parts, "title");
    assert!(
        !title.headers.contains("filename="),
        "a text part has no filename: {:?}",
        title.headers
    );
    assert_eq!(title.content, b"Quarterly report");
}

#[tokio::test]
async fn multipart_body_through_a_ref_sends_binary_files_as_files_strings_as_text_and_objects_as_json(
) {
    let server = MockServer::start().await;
    mock("POST", "/media", ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let body = multipart_ref::UploadMediaBody {
        document: FILE_BYTES.to_vec(),
        avatar: Some(vec![0x89, b'P', b'N', b'G']),
        title: "Scan".into(),
        scan: Some(Some(b"TIFF".to_vec())),
        caption: Some("Page one".into()),
        meta: Some(multipart_ref::UploadMediaBodyMeta { pages: Some(3) }),
        tags: Some(vec!["a".into(), "b".into()]),
    };

    multipart_ref::Client::with_base_url(server.uri())
        .with_http_client(http())
        .upload_media(&body)
        .await
        .expect("the mock answers 204");

    let parts = multipart_parts(&only_request(&server).await);
    let headers = |name: &str| part(&parts, name).headers.replace("\r\n", " | ");
    // The file behind `$ref: Binary` is bytes with a file name, not a text part.
    assert_eq!(
        headers("document"),
        "Content-Disposition: form-data; name=\"document\"; filename=\"document\" | Content-Type: application/octet-stream"
    );
    assert_eq!(part(&parts, "document").content, FILE_BYTES);
    // The part's `encoding.contentType` (the first of the two it lists).
    assert_eq!(
        headers("avatar"),
        "Content-Disposition: form-data; name=\"avatar\"; filename=\"avatar\" | Content-Type: image/png"
    );
    assert_eq!(part(&parts, "avatar").content, [0x89, b'P', b'N', b'G']);
    assert_eq!(
        headers("title"),
        "Content-Disposition: form-data; name=\"title\""
    );
    assert_eq!(part(&parts, "title").content, b"Scan");
    // A nullable `allOf` of the binary string is a file part too, and an `allOf` of a plain
    // string is text.
    assert_eq!(
        headers("scan"),
        "Content-Disposition: form-data; name=\"scan\"; filename=\"scan\" | Content-Type: application/octet-stream"
    );
    assert_eq!(part(&parts, "scan").content, b"TIFF");
    assert_eq!(
        headers("caption"),
        "Content-Disposition: form-data; name=\"caption\""
    );
    assert_eq!(part(&parts, "caption").content, b"Page one");
    // Objects and arrays are JSON.
    assert_eq!(
        headers("meta"),
        "Content-Disposition: form-data; name=\"meta\" | Content-Type: application/json"
    );
    assert_eq!(part(&parts, "meta").content, br#"{"pages":3}"#);
    assert_eq!(
        headers("tags"),
        "Content-Disposition: form-data; name=\"tags\" | Content-Type: application/json"
    );
    assert_eq!(part(&parts, "tags").content, br#"["a","b"]"#);
}

#[tokio::test]
async fn multipart_upload_sends_optional_tags_as_a_text_part_when_set() {
    let server = MockServer::start().await;
    let body = multipart_upload::UploadFileBody {
        file: FILE_BYTES.to_vec(),
        title: "Quarterly report".into(),
        tags: Some(3),
    };

    let parts = upload(&server, &body).await;

    assert_eq!(parts.len(), 3, "`file`, `title` and `tags`, got {parts:?}");
    assert_eq!(part(&parts, "file").content, FILE_BYTES);
    let tags = part(&parts, "tags");
    assert!(!tags.headers.contains("filename="), "{:?}", tags.headers);
    assert_eq!(
        tags.content, b"3",
        "the integer goes out as its decimal text"
    );
}

// --- text_plain: POST /echo with text/plain in both directions ---

fn text_client(server: &MockServer) -> text_plain::Client {
    text_plain::Client::with_base_url(server.uri()).with_http_client(http())
}

#[tokio::test]
async fn text_plain_sends_the_text_verbatim_and_decodes_the_text_response() {
    let server = MockServer::start().await;
    let text = "première ligne\nzweite Zeile ✓ & <raw>";
    mock(
        "POST",
        "/echo",
        ResponseTemplate::new(200).set_body_raw(text, "text/plain; charset=utf-8"),
    )
    .mount(&server)
    .await;

    let echoed = text_client(&server)
        .echo(text)
        .await
        .expect("the mock answers 200");

    assert_eq!(echoed.status(), 200);
    assert_eq!(echoed.body(), text);
    let request = only_request(&server).await;
    assert_eq!(single_header(&request, "content-type"), "text/plain");
    assert_eq!(single_header(&request, "accept"), "text/plain");
    assert_eq!(
        request.body,
        text.as_bytes(),
        "the body is the UTF-8 text, not JSON-quoted or escaped"
    );
}

#[tokio::test]
async fn text_plain_maps_400_to_bad_request_with_the_text() {
    let server = MockServer::start().await;
    let problem = "line 2: unexpected `✓`";
    mock(
        "POST",
        "/echo",
        ResponseTemplate::new(400).set_body_raw(problem, "text/plain"),
    )
    .mount(&server)
    .await;

    match text_client(&server).echo("anything").await {
        Err(Error::Api {
            error: text_plain::EchoError::BadRequest(text),
            ..
        }) => assert_eq!(text, problem),
        other => panic!("expected EchoError::BadRequest, got {other:?}"),
    }
}

// --- octet_stream: PUT and GET /blobs/{name} with raw bytes ---

fn blob_client(server: &MockServer) -> octet_stream::Client {
    octet_stream::Client::with_base_url(server.uri()).with_http_client(http())
}

/// Bytes that are not UTF-8 and contain a NUL and a line break.
const BLOB: [u8; 8] = [0xff, 0xfe, 0x00, 0x80, b'\r', b'\n', 0xc3, 0x28];

#[tokio::test]
async fn octet_stream_put_sends_the_exact_bytes_and_accepts_204() {
    let server = MockServer::start().await;
    mock("PUT", "/blobs/report.bin", ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let stored = blob_client(&server)
        .put_blob("report.bin", BLOB.to_vec())
        .await
        .expect("the mock answers 204");

    assert_eq!(stored.status(), 204);
    let _no_body: &() = stored.body();
    let request = only_request(&server).await;
    assert_eq!(
        single_header(&request, "content-type"),
        "application/octet-stream"
    );
    assert_eq!(request.body, BLOB, "the bytes go out unchanged");
}

#[tokio::test]
async fn octet_stream_get_returns_the_exact_bytes() {
    let server = MockServer::start().await;
    mock(
        "GET",
        "/blobs/report.bin",
        ResponseTemplate::new(200).set_body_raw(BLOB.to_vec(), "application/octet-stream"),
    )
    .mount(&server)
    .await;

    let blob = blob_client(&server)
        .get_blob("report.bin")
        .await
        .expect("the mock answers 200");

    assert_eq!(blob.status(), 200);
    assert_eq!(blob.into_body(), BLOB);
    let request = only_request(&server).await;
    assert_eq!(
        single_header(&request, "accept"),
        "application/octet-stream"
    );
    assert!(request.body.is_empty(), "a GET has no body");
}

#[tokio::test]
async fn octet_stream_get_maps_404_to_not_found() {
    let server = MockServer::start().await;
    mock(
        "GET",
        "/blobs/missing.bin",
        ResponseTemplate::new(404).set_body_string("no such blob"),
    )
    .mount(&server)
    .await;

    match blob_client(&server).get_blob("missing.bin").await {
        Err(Error::Api {
            error: octet_stream::GetBlobError::NotFound(body),
            ..
        }) => {
            assert_eq!(body, b"no such blob", "the undeclared body is kept")
        }
        other => panic!("expected GetBlobError::NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn octet_stream_percent_encodes_the_name_as_one_path_segment() {
    let server = MockServer::start().await;
    mock(
        "GET",
        "/blobs/my%20file.bin",
        ResponseTemplate::new(200).set_body_raw(BLOB.to_vec(), "application/octet-stream"),
    )
    .mount(&server)
    .await;
    mock(
        "PUT",
        "/blobs/dir%2Fa%3Fb%23c.bin",
        ResponseTemplate::new(204),
    )
    .mount(&server)
    .await;

    let client = blob_client(&server);
    let blob = client
        .get_blob("my file.bin")
        .await
        .expect("the space is sent as %20");
    let stored = client
        .put_blob("dir/a?b#c.bin", BLOB.to_vec())
        .await
        .expect("`/`, `?` and `#` are escaped, so the name stays in the path");

    assert_eq!(blob.into_body(), BLOB);
    assert_eq!(stored.status(), 204);
    let requests = server
        .received_requests()
        .await
        .expect("wiremock records requests by default");
    let put = requests.last().expect("two requests");
    assert_eq!(put.url.query(), None, "`?` in the name starts no query");
    assert_eq!(put.url.fragment(), None);
}

#[tokio::test]
async fn octet_stream_refuses_a_dot_dot_name_without_sending() {
    let server = MockServer::start().await;
    refuse_everything(&server).await;

    match blob_client(&server).get_blob("..").await {
        Err(Error::InvalidRequest(error)) => assert!(
            error.to_string().contains("`name`"),
            "the error names the parameter: {error}"
        ),
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
    assert_nothing_sent(&server).await;
}

// --- header_cookie_params: GET /things with header and cookie parameters ---

fn things_client(server: &MockServer) -> header_cookie_params::Client {
    header_cookie_params::Client::with_base_url(server.uri()).with_http_client(http())
}

fn things_mock() -> Mock {
    mock("GET", "/things", json_response(200, json!(["a", "b"])))
}

#[tokio::test]
async fn header_cookie_params_send_only_the_required_values_when_optionals_are_none() {
    let server = MockServer::start().await;
    things_mock().mount(&server).await;

    let things = things_client(&server)
        .list_things("trace-1", "s3ss10n", None, None)
        .await
        .expect("the mock answers 200");

    assert_eq!(things.status(), 200);
    assert_eq!(things.body(), &["a", "b"]);
    let request = only_request(&server).await;
    assert_eq!(single_header(&request, "x-trace-id"), "trace-1");
    assert_no_header(&request, "x-page-size");
    assert_eq!(
        single_header(&request, "cookie"),
        "session=s3ss10n",
        "no `theme` cookie when it is None"
    );
    assert_eq!(single_header(&request, "accept"), "application/json");
}

#[tokio::test]
async fn header_cookie_params_send_optional_header_and_cookie_when_set() {
    let server = MockServer::start().await;
    things_mock().mount(&server).await;

    things_client(&server)
        .list_things(
            "trace-2",
            "s3ss10n",
            Some(25),
            Some(&header_cookie_params::ListThingsTheme::Dark),
        )
        .await
        .expect("the mock answers 200");

    let request = only_request(&server).await;
    assert_eq!(single_header(&request, "x-trace-id"), "trace-2");
    assert_eq!(single_header(&request, "x-page-size"), "25");
    assert_eq!(
        single_header(&request, "cookie"),
        "session=s3ss10n; theme=dark",
        "both cookies share one `Cookie` header"
    );
}

#[tokio::test]
async fn header_cookie_params_percent_encode_a_cookie_value_that_would_break_the_header() {
    let server = MockServer::start().await;
    things_mock().mount(&server).await;

    things_client(&server)
        .list_things(
            "trace-3",
            "abc; theme=light x",
            None,
            Some(&header_cookie_params::ListThingsTheme::Dark),
        )
        .await
        .expect("the mock answers 200");

    let request = only_request(&server).await;
    assert_eq!(
        single_header(&request, "cookie"),
        "session=abc%3B%20theme%3Dlight%20x; theme=dark",
        "`;`, `=` and spaces cannot end the session cookie or smuggle in another one"
    );
}

#[tokio::test]
async fn header_cookie_params_refuse_a_header_value_with_a_line_break_without_sending() {
    let server = MockServer::start().await;
    refuse_everything(&server).await;

    let result = things_client(&server)
        .list_things("a\r\nInjected: 1", "s3ss10n", None, None)
        .await;

    match result {
        Err(Error::InvalidRequest(error)) => assert!(
            error
                .to_string()
                .starts_with("header `X-Trace-Id` cannot be sent"),
            "the error names the parameter: {error}"
        ),
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
    assert_nothing_sent(&server).await;
}

// --- array_query: GET /search with every query style ---

fn search_client(server: &MockServer) -> array_query::Client {
    array_query::Client::with_base_url(server.uri()).with_http_client(http())
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

#[tokio::test]
async fn array_query_spells_each_style_as_openapi_defines_it() {
    let server = MockServer::start().await;
    mock("GET", "/search", ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let filter = array_query::SearchFilter {
        color: Some("red".into()),
        size: Some(3),
    };

    let searched = search_client(&server)
        .search(&array_query::SearchParams {
            tag: Some(strings(&["a", "b"])),
            ids: Some(vec![1, 2, 3]),
            words: Some(strings(&["x", "y"])),
            levels: Some(strings(&["a", "b"])),
            filter: Some(filter),
        })
        .await
        .expect("the mock answers 204");

    assert_eq!(searched.status(), 204);
    let request = only_request(&server).await;
    let received = query_pairs(&request);
    assert_eq!(
        received,
        pairs(&[
            ("tag", "a"),
            ("tag", "b"),
            ("ids", "1,2,3"),
            ("words", "x y"),
            ("levels", "a|b"),
            ("filter[color]", "red"),
            ("filter[size]", "3"),
        ]),
        "exploded form repeats `tag`, the others join their items (query: {:?})",
        request.url.query()
    );
    assert_eq!(received.len(), 7, "one pair per name or item");
}

#[tokio::test]
async fn array_query_leaves_none_properties_of_a_deep_object_out() {
    let server = MockServer::start().await;
    mock("GET", "/search", ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let filter = array_query::SearchFilter {
        color: None,
        size: Some(3),
    };

    search_client(&server)
        .search(&array_query::SearchParams {
            filter: Some(filter),
            ..Default::default()
        })
        .await
        .expect("the mock answers 204");

    let request = only_request(&server).await;
    assert_eq!(
        query_pairs(&request),
        pairs(&[("filter[size]", "3")]),
        "query: {:?}",
        request.url.query()
    );
}

#[tokio::test]
async fn array_query_sends_no_query_string_when_every_parameter_is_none() {
    let server = MockServer::start().await;
    mock("GET", "/search", ResponseTemplate::new(204))
        .mount(&server)
        .await;

    search_client(&server)
        .search(&array_query::SearchParams::default())
        .await
        .expect("the mock answers 204");

    let request = only_request(&server).await;
    assert_eq!(request.url.query(), None, "not even a bare `?`");
}

// --- several_success_codes: POST /jobs answers 200, 202 or 204 ---

async fn submit_job(
    response: ResponseTemplate,
) -> fixture_clients::ApiResponse<several_success_codes::SubmitJobResponse> {
    let server = MockServer::start().await;
    mock("POST", "/jobs", response).mount(&server).await;

    let submitted = several_success_codes::Client::with_base_url(server.uri())
        .with_http_client(http())
        .submit_job()
        .await
        .expect("every status the mock answers is a documented success");

    let request = only_request(&server).await;
    assert!(request.body.is_empty(), "the operation has no request body");
    assert_no_header(&request, "content-type");
    assert_eq!(single_header(&request, "accept"), "application/json");
    submitted
}

#[tokio::test]
async fn several_success_codes_decode_200_as_the_result() {
    let submitted = submit_job(json_response(200, json!({"output": "42"}))).await;

    assert_eq!(submitted.status(), 200);
    assert_eq!(
        submitted.into_body(),
        several_success_codes::SubmitJobResponse::Ok(several_success_codes::Result {
            output: "42".into()
        })
    );
}

#[tokio::test]
async fn several_success_codes_decode_202_as_the_ticket() {
    let submitted = submit_job(json_response(202, json!({"ticket": "T-9"}))).await;

    assert_eq!(submitted.status(), 202);
    assert_eq!(
        submitted.into_body(),
        several_success_codes::SubmitJobResponse::Accepted(several_success_codes::Ticket {
            ticket: "T-9".into()
        })
    );
}

#[tokio::test]
async fn several_success_codes_decode_an_empty_204_as_no_content() {
    let submitted = submit_job(ResponseTemplate::new(204)).await;

    assert_eq!(submitted.status(), 204);
    assert_eq!(
        submitted.into_body(),
        several_success_codes::SubmitJobResponse::NoContent
    );
}

// --- range_responses: GET /items/{id} with 404, 4XX and 5XX ---

async fn get_item(
    response: ResponseTemplate,
) -> Result<
    fixture_clients::ApiResponse<range_responses::GetItemResponse200>,
    Error<range_responses::GetItemError>,
> {
    let server = MockServer::start().await;
    mock("GET", "/items/42", response).mount(&server).await;

    let result = range_responses::Client::with_base_url(server.uri())
        .with_http_client(http())
        .get_item(42)
        .await;

    let request = only_request(&server).await;
    assert_eq!(
        single_header(&request, "accept"),
        "application/json, text/plain"
    );
    result
}

#[tokio::test]
async fn range_responses_decode_the_200_item() {
    let item = get_item(json_response(200, json!({"name": "widget"})))
        .await
        .expect("the mock answers 200");

    assert_eq!(item.status(), 200);
    assert_eq!(item.name.as_deref(), Some("widget"));
}

#[tokio::test]
async fn range_responses_prefer_the_specific_404_over_4xx() {
    // The body would decode as a `Problem`, but 404 is documented on its own, without a body.
    let result = get_item(json_response(404, json!({"title": "Not Found"}))).await;

    match result {
        Err(Error::Api {
            error: range_responses::GetItemError::NotFound(body),
            ..
        }) => {
            assert_eq!(
                body, br#"{"title":"Not Found"}"#,
                "the undeclared body is kept"
            )
        }
        other => panic!("expected GetItemError::NotFound, got {other:?}"),
    }
}

#[tokio::test]
async fn range_responses_map_another_4xx_to_client_error_with_status_and_problem() {
    let result = get_item(json_response(418, json!({"title": "I'm a teapot"}))).await;

    let status = result.as_ref().err().and_then(Error::status);
    assert_eq!(
        status.map(|code| code.as_u16()),
        Some(418),
        "Error::status() of a 4XX variant"
    );
    match result {
        Err(Error::Api {
            error: range_responses::GetItemError::ClientError { status, body },
            ..
        }) => {
            assert_eq!(status, 418);
            assert_eq!(
                *body,
                range_responses::Problem {
                    title: "I'm a teapot".into()
                }
            );
        }
        other => panic!("expected GetItemError::ClientError, got {other:?}"),
    }
}

#[tokio::test]
async fn range_responses_map_5xx_to_server_error_with_status_and_text() {
    let result =
        get_item(ResponseTemplate::new(500).set_body_raw("maintenance until 10:00", "text/plain"))
            .await;

    match result {
        Err(Error::Api {
            error: range_responses::GetItemError::ServerError { status, body },
            ..
        }) => {
            assert_eq!(status, 500);
            assert_eq!(body, "maintenance until 10:00");
        }
        other => panic!("expected GetItemError::ServerError, got {other:?}"),
    }
}

#[tokio::test]
async fn range_responses_report_an_undocumented_status_with_headers_and_raw_body() {
    // No `Location` header: not a redirect to follow, so the client sees the 302.
    let result = get_item(
        ResponseTemplate::new(302)
            .insert_header("x-request-id", REQUEST_ID)
            .set_body_raw(vec![b'm', b'o', b'v', b'e', b'd', 0xff], "text/plain"),
    )
    .await;

    match result {
        Err(Error::UnexpectedStatus(response)) => {
            let UnexpectedResponse {
                status,
                headers,
                body,
                ..
            } = *response;
            assert_eq!(status, 302);
            assert_eq!(
                headers.get("x-request-id").map(|value| value.as_bytes()),
                Some(REQUEST_ID.as_bytes())
            );
            assert_eq!(body, b"moved\xff", "the raw body, not a lossy text");
        }
        other => panic!("expected Error::UnexpectedStatus, got {other:?}"),
    }
}

// --- optional_body: PATCH /settings with or without a JSON body ---

async fn patch_settings(body: Option<&optional_body::PatchSettingsBody>) -> Request {
    let server = MockServer::start().await;
    mock("PATCH", "/settings", ResponseTemplate::new(204))
        .mount(&server)
        .await;

    let saved = optional_body::Client::with_base_url(server.uri())
        .with_http_client(http())
        .patch_settings(body)
        .await
        .expect("the mock answers 204");

    assert_eq!(saved.status(), 204);
    only_request(&server).await
}

#[tokio::test]
async fn optional_body_sends_json_when_given() {
    let body = optional_body::PatchSettingsBody {
        dark_mode: Some(true),
    };

    let request = patch_settings(Some(&body)).await;

    assert_eq!(single_header(&request, "content-type"), "application/json");
    assert_eq!(
        request.body_json::<serde_json::Value>().ok(),
        Some(json!({"dark_mode": true})),
        "body: {:?}",
        String::from_utf8_lossy(&request.body)
    );
}

#[tokio::test]
async fn optional_body_sends_no_body_and_no_content_type_when_none() {
    let request = patch_settings(None).await;

    assert!(
        request.body.is_empty(),
        "no body at all, not `null` or `{{}}`: {:?}",
        String::from_utf8_lossy(&request.body)
    );
    assert_no_header(&request, "content-type");
}

// --- transport ---

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free local port");
        listener.local_addr().expect("a bound address").port()
    };

    let result = optional_body::Client::with_base_url(format!("http://127.0.0.1:{port}"))
        .with_http_client(http())
        .patch_settings(None)
        .await;

    match result {
        Err(Error::Transport(error)) => assert!(
            error.source.is_connect(),
            "the connection is refused, got {error:?}"
        ),
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}
