//! Helpers shared by the generator's integration tests.

use std::path::Path;

use generator::Generation;

/// The generated service module of a single-spec generation.
pub fn module_of<'g>(generation: &'g Generation, module: &str) -> &'g str {
    let path = Path::new("src").join(format!("{module}.rs"));
    &generation
        .files
        .iter()
        .find(|file| file.path == path)
        .unwrap_or_else(|| panic!("no {} generated", path.display()))
        .contents
}
