//! Wire tests of optional fields that may be `null` (the `nullable_patch` fixture, OpenAPI 3.1):
//! a PATCH body sends `null` for `Some(None)` and leaves a `None` field out, so "clear it" and
//! "leave it alone" reach the server apart, in every spelling of nullable (`type: [T, "null"]`,
//! `anyOf` with `null`, no type); an answer keeps the `null`s it carries, and in a multipart
//! body a file that may be `null` goes out as a file part, a string that may be `null` as text.

mod common;

use common::{http, only_request};
use fixture_clients::nullable_patch::{AttachFileBody, Client, Label, Note, NotePatch};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Sends `body` as the patch of note `n1` to a server answering `answer`; the body as the
/// server received it, and the note decoded from the answer.
async fn patch(body: &NotePatch, answer: Value) -> (String, Note) {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/notes/n1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(answer.to_string(), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let note = Client::with_base_url(server.uri())
        .with_http_client(http())
        .update_note("n1", body)
        .await
        .expect("the mock answers 200 with a note");
    let request = only_request(&server).await;
    let sent = String::from_utf8(request.body).expect("a JSON body is text");
    (sent, note.into_body())
}

fn note() -> Value {
    json!({"id": "n1", "title": "Groceries", "summary": "milk"})
}

#[tokio::test]
async fn a_field_set_to_null_is_sent_as_null() {
    let clear = NotePatch {
        summary: Some(None),
        ..Default::default()
    };
    let (sent, _) = patch(&clear, note()).await;
    assert_eq!(sent, r#"{"summary":null}"#);
}

#[tokio::test]
async fn a_field_left_as_none_is_not_sent() {
    let (sent, _) = patch(&NotePatch::default(), note()).await;
    assert_eq!(sent, "{}");
}

#[tokio::test]
async fn every_spelling_of_nullable_sends_null_for_some_none() {
    let clear = NotePatch {
        title: None,
        summary: Some(None),
        due: Some(None),
        label: Some(None),
        extra: Some(Value::Null),
    };
    let (sent, _) = patch(&clear, note()).await;
    assert_eq!(
        sent,
        r#"{"summary":null,"due":null,"label":null,"extra":null}"#
    );
}

#[tokio::test]
async fn values_of_nullable_fields_are_sent_as_values() {
    let set = NotePatch {
        title: Some("Groceries".into()),
        summary: Some(Some("milk".into())),
        due: Some(Some(
            chrono::NaiveDate::from_ymd_opt(2026, 3, 29).expect("a valid date"),
        )),
        label: Some(Some(Label {
            name: "home".into(),
        })),
        extra: Some(json!({"pinned": true})),
    };
    let (sent, _) = patch(&set, note()).await;
    assert_eq!(
        sent,
        r#"{"title":"Groceries","summary":"milk","due":"2026-03-29","label":{"name":"home"},"extra":{"pinned":true}}"#
    );
}

#[tokio::test]
async fn an_answer_keeps_null_apart_from_absent() {
    let nulls = json!({
        "id": "n1", "title": "Groceries", "summary": null, "due": null, "label": null, "extra": null
    });
    let (_, cleared) = patch(&NotePatch::default(), nulls).await;
    assert_eq!(
        cleared.summary, None,
        "a required nullable field is `None` for null"
    );
    assert_eq!(cleared.due, Some(None));
    assert_eq!(cleared.label, Some(None));
    assert_eq!(cleared.extra, Some(Value::Null));

    let (_, untouched) = patch(&NotePatch::default(), note()).await;
    assert_eq!(untouched.summary.as_deref(), Some("milk"));
    assert_eq!(untouched.due, None);
    assert_eq!(untouched.label, None);
    assert_eq!(untouched.extra, None);
}

#[tokio::test]
async fn multipart_values_in_a_union_with_null_are_sent_as_file_and_text_parts() {
    // `file` is `anyOf: [{$ref: File}, {type: "null"}]`, `File` a `format: binary` string;
    // `caption` is `anyOf: [{type: string}, {type: "null"}]`.
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/notes/n1/attachment"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let bytes: &[u8] = &[0, 159, 146, 150];
    let attachment = AttachFileBody {
        file: Some(Some(bytes.to_vec())),
        caption: Some(Some("holiday".into())),
    };
    Client::with_base_url(server.uri())
        .with_http_client(http())
        .attach_file("n1", &attachment)
        .await
        .expect("the mock answers 204");
    let sent = only_request(&server).await.body;
    let text = String::from_utf8_lossy(&sent);
    assert!(
        text.contains(r#"Content-Disposition: form-data; name="file"; filename="file""#),
        "a file part: {text}"
    );
    assert!(
        sent.windows(bytes.len()).any(|window| window == bytes),
        "the bytes go out unchanged: {text}"
    );
    assert!(
        text.contains("name=\"caption\"\r\n\r\nholiday\r\n"),
        "the caption is a text part, not JSON: {text}"
    );
}
