//! Reading a `multipart/form-data` body the way a server does: split at its boundary into
//! parts, each with its header lines and its raw content.

use wiremock::Request;

/// One part of a multipart body: its header lines and its raw content.
#[derive(Debug)]
pub struct Part {
    pub headers: String,
    pub content: Vec<u8>,
}

impl Part {
    pub fn is_named(&self, name: &str) -> bool {
        self.headers
            .lines()
            .next()
            .is_some_and(|disposition| disposition.contains(&format!("; name=\"{name}\"")))
    }
}

fn split_at<'a>(haystack: &'a [u8], needle: &[u8]) -> Option<(&'a [u8], &'a [u8])> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| (&haystack[..at], &haystack[at + needle.len()..]))
}

/// Splits a `multipart/form-data` body at the boundary its `Content-Type` names.
pub fn multipart_parts(request: &Request) -> Vec<Part> {
    let content_type = super::header_values(request, "content-type").join(", ");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("expected multipart/form-data, got {content_type:?}"));
    let delimiter = format!("--{boundary}");
    let mut rest = split_at(&request.body, delimiter.as_bytes())
        .expect("the body starts with the boundary")
        .1;
    let mut parts = Vec::new();
    // After each delimiter: `--` ends the body, `\r\n` starts a part.
    while let Some(after) = rest.strip_prefix(b"\r\n") {
        let (part, next) = split_at(after, format!("\r\n{delimiter}").as_bytes())
            .expect("every part is followed by the boundary");
        let (headers, content) =
            split_at(part, b"\r\n\r\n").expect("a blank line ends the part's headers");
        parts.push(Part {
            headers: String::from_utf8_lossy(headers).into_owned(),
            content: content.to_vec(),
        });
        rest = next;
    }
    assert!(
        rest.starts_with(b"--"),
        "the body ends with the closing boundary"
    );
    parts
}

pub fn part<'a>(parts: &'a [Part], name: &str) -> &'a Part {
    parts
        .iter()
        .find(|part| part.is_named(name))
        .unwrap_or_else(|| panic!("no part named {name:?} in {parts:?}"))
}
