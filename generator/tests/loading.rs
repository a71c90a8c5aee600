//! What the load stage accepts beyond one plain OpenAPI 3.0 file, and what it warns about:
//! misspelt keywords, path items that `$ref` another place, specs split over several files.
//!
//! Each case writes its files into a fresh scratch directory and runs the library on the root.

use std::fs;
use std::path::PathBuf;

mod common;

use common::module_of;
use generator::diagnostics::{Diagnostic, Severity};
use generator::{generate, GenerateError, Generation, Settings};

/// A fresh scratch directory holding `files` (relative path, text).
fn scratch(case: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("generator-loading-{}-{case}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    for (name, text) in files {
        let path = dir.join(name);
        fs::create_dir_all(path.parent().expect("a parent")).expect("scratch dir");
        fs::write(&path, text).expect("write spec");
    }
    dir
}

/// Generates from `root` of a scratch directory of `files`: the generation or every diagnostic.
fn run(case: &str, files: &[(&str, &str)], root: &str) -> Result<Generation, Vec<Diagnostic>> {
    let dir = scratch(case, files);
    let settings = Settings::new().spec(dir.join(root)).output(dir.join("out"));
    let result = match generate(&settings) {
        Ok(generation) => Ok(generation),
        Err(GenerateError::Spec { diagnostics }) => Err(diagnostics),
        Err(other) => panic!("{case}: expected spec diagnostics, got {other:?}"),
    };
    fs::remove_dir_all(&dir).expect("cleanup");
    result
}

fn shown(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The one diagnostic at `pointer` in the file named `file`, with its (line, column).
fn find<'d>(found: &'d [Diagnostic], file: &str, pointer: &str) -> &'d Diagnostic {
    found
        .iter()
        .find(|d| d.pointer == pointer && d.file.file_name().and_then(|n| n.to_str()) == Some(file))
        .unwrap_or_else(|| panic!("no diagnostic at {file} {pointer} in:\n{}", shown(found)))
}

#[test]
fn a_misspelt_schema_keyword_is_a_warning_with_its_line_and_a_guess() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      properties:
        name:
          tpye: string      # line 20
        x-note: {type: string}
      x-internal: true
";
    let generation = run("typo", &[("typo.yaml", spec)], "typo.yaml").unwrap_or_else(|found| {
        panic!("the spec should generate:\n{}", shown(&found));
    });
    let warning = find(
        &generation.warnings,
        "typo.yaml",
        "#/components/schemas/Pet/properties/name/tpye",
    );
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!((warning.line, warning.column), (Some(20), Some(11)));
    assert!(
        warning
            .message
            .contains("`tpye` is not a field of a schema"),
        "{warning}"
    );
    assert_eq!(warning.help.as_deref(), Some("did you mean `type`?"));
    // `x-…` extensions are not warned about; a property may be named `x-note`.
    assert_eq!(
        generation.warnings.len(),
        1,
        "{}",
        shown(&generation.warnings)
    );
}

#[test]
fn a_path_item_that_refs_another_path_has_its_operations() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets:
    get:
      responses:
        '200': {description: ok}
  /animals:
    $ref: '#/paths/~1pets'
";
    let generation = run("path_ref", &[("path_ref.yaml", spec)], "path_ref.yaml")
        .unwrap_or_else(|found| panic!("the spec should generate:\n{}", shown(&found)));
    assert_eq!(generation.summaries[0].operations, 2);
    let module = module_of(&generation, "path_ref");
    assert!(module.contains("pub async fn get_pets("), "{module}");
    assert!(module.contains("pub async fn get_animals("), "{module}");
}
