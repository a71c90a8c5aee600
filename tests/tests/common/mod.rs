//! Helpers shared by the integration tests: where the workspace is, and generating in memory.

#![allow(dead_code)]

pub mod multipart;
pub mod prism;

use std::fmt::Debug;
use std::path::PathBuf;
use std::time::Duration;

use generator::{generate, Generation, Settings};

/// The workspace root (the parent of the `tests` crate).
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives inside the workspace")
        .to_path_buf()
}

/// The settings `cargo run -p generator` uses, with absolute paths.
pub fn workspace_settings() -> Settings {
    Settings::new()
        .specs_in(workspace().join("specs"))
        .expect("specs/ is readable")
        .output(workspace().join("generated"))
}

/// The command that regenerates the fixture clients crate from `tests/fixtures/*.yaml`.
pub const FIXTURES_COMMAND: &str = "cargo run -p generator -- --out tests/fixtures/clients --name fixture_clients tests/fixtures/*.yaml";

/// The settings that [`FIXTURES_COMMAND`] uses, with absolute paths.
pub fn fixture_settings() -> Settings {
    let fixtures = workspace().join("tests/fixtures");
    Settings::new()
        .specs_in(&fixtures)
        .expect("tests/fixtures/ is readable")
        .output(fixtures.join("clients"))
        .crate_name("fixture_clients")
}

/// Renders the crate from `specs/` in memory, failing the test with every diagnostic on error.
pub fn generate_workspace() -> Generation {
    generate_or_fail(&workspace_settings())
}

/// Renders the fixture clients crate in memory.
pub fn generate_fixtures() -> Generation {
    generate_or_fail(&fixture_settings())
}

fn generate_or_fail(settings: &Settings) -> Generation {
    match generate(settings) {
        Ok(generation) => generation,
        Err(generator::GenerateError::Spec { diagnostics }) => {
            let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            panic!("the specs do not generate:\n{}", messages.join("\n\n"))
        }
        Err(error) => panic!("generation failed: {error}"),
    }
}

/// A reqwest client that gives up after 10 s, so a broken test fails instead of hanging.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a reqwest client with a timeout")
}

/// Asserts that `error` is a decode failure of a `status` response whose excerpt starts with
/// `prefix`.
pub fn assert_decode_error<E: Debug>(error: generated::Error<E>, status: u16, prefix: &str) {
    match error {
        generated::Error::Decode(failure) => {
            assert_eq!(failure.status, status);
            assert!(
                failure.excerpt.starts_with(prefix),
                "the excerpt shows the start of the body, got {:?}",
                failure.excerpt
            );
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// The one request a wiremock server received.
pub async fn only_request(server: &wiremock::MockServer) -> wiremock::Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("wiremock records requests by default");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// Every value of header `name` in a received request, as text.
pub fn header_values(request: &wiremock::Request, name: &str) -> Vec<String> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect()
}
