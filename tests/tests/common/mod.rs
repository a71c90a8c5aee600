//! Helpers shared by the integration tests: where the workspace is, and generating in memory.

#![allow(dead_code)]

use std::path::PathBuf;

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

/// Renders the crate from `specs/` in memory, failing the test with every diagnostic on error.
pub fn generate_workspace() -> Generation {
    match generate(&workspace_settings()) {
        Ok(generation) => generation,
        Err(generator::GenerateError::Spec { diagnostics }) => {
            let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            panic!("the specs do not generate:\n{}", messages.join("\n\n"))
        }
        Err(error) => panic!("generation failed: {error}"),
    }
}
