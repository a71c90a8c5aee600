//! What the load stage accepts beyond one plain OpenAPI 3.0 file, and what it warns about:
//! misspelt keywords, path items that `$ref` another place, specs split over several files.
//!
//! Each case writes its files into a fresh scratch directory and runs the library on the root.

use std::fs;
use std::path::{Path, PathBuf};

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

/// The root of a spec split over files: a path item, a parameter, a response and schemas in
/// other files, YAML and JSON, with a cycle (`Pet` → `Owner` → `Pet`) across two files.
const SPLIT_ROOT: &str = "\
openapi: 3.0.3
info: {title: Pets, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets:
    $ref: paths/pets.yaml
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - $ref: 'common.json#/components/parameters/Id'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: './schemas/Pet.yaml'}
        default:
          $ref: 'common.json#/components/responses/Error'
components:
  schemas:
    Pet:
      $ref: ./schemas/Pet.yaml
";

const SPLIT_PATH: &str = "\
get:
  operationId: listPets
  responses:
    '200':
      description: ok
      content:
        application/json:
          schema:
            type: array
            items: {$ref: '../schemas/Pet.yaml'}
";

const SPLIT_PET: &str = "\
type: object
required: [name]
properties:
  name: {type: string}
  owner: {$ref: './Owner.yaml'}
";

const SPLIT_OWNER: &str = "\
type: object
properties:
  name: {type: string}
  pets:
    type: array
    items: {$ref: './Pet.yaml'}
";

const SPLIT_COMMON: &str = r##"{"components": {
  "parameters": {"Id": {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}},
  "responses": {"Error": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
  "schemas": {"Error": {"type": "object", "properties": {"message": {"type": "string"}}}}
}}
"##;

fn split_files<'a>(root: &'a str, pet: &'a str) -> [(&'static str, &'a str); 5] {
    [
        ("api.yaml", root),
        ("paths/pets.yaml", SPLIT_PATH),
        ("schemas/Pet.yaml", pet),
        ("schemas/Owner.yaml", SPLIT_OWNER),
        ("common.json", SPLIT_COMMON),
    ]
}

#[test]
fn a_spec_split_over_files_generates_one_client_and_lists_every_file_read() {
    let generation = run("split", &split_files(SPLIT_ROOT, SPLIT_PET), "api.yaml")
        .unwrap_or_else(|found| panic!("the spec should generate:\n{}", shown(&found)));
    assert!(
        generation.warnings.is_empty(),
        "{}",
        shown(&generation.warnings)
    );
    let module = module_of(&generation, "api");
    for expected in [
        "pub async fn list_pets(&self) -> rt::ApiResult<::std::vec::Vec<Pet>, ListPetsError>",
        "pub async fn get_pet(&self, id: i64) -> rt::ApiResult<Pet, GetPetError>",
        "pub struct Pet {",
        "pub owner: ::std::option::Option<Owner>,",
        "pub pets: ::std::option::Option<::std::vec::Vec<Pet>>,",
        "pub struct Error {",
    ] {
        assert!(module.contains(expected), "no `{expected}` in:\n{module}");
    }
    let dir = std::env::temp_dir().join(format!("generator-loading-{}-split", std::process::id()));
    let read: Vec<&Path> = generation
        .inputs
        .iter()
        .map(|path| path.strip_prefix(&dir).expect("a file of the spec"))
        .collect();
    let expected = [
        "api.yaml",
        "paths/pets.yaml",
        "schemas/Pet.yaml",
        "common.json",
        "schemas/Owner.yaml",
    ];
    assert_eq!(
        read,
        expected.map(Path::new),
        "the root first, then in the order read"
    );
}

#[test]
fn an_error_in_a_referenced_file_is_reported_at_that_files_line() {
    let pet = SPLIT_PET.replace("name: {type: string}", "name: {type: strin}");
    let found = run("split_bad_type", &split_files(SPLIT_ROOT, &pet), "api.yaml")
        .expect_err("an unknown type is an error");
    let error = find(&found, "Pet.yaml", "#/properties/name/type");
    assert_eq!((error.line, error.column), (Some(4), Some(10)), "{error}");
    assert_eq!(error.source_line.as_deref(), Some("  name: {type: strin}"));
    let rendered = error.to_string();
    assert!(rendered.contains("schemas/Pet.yaml:4:10\n"), "{rendered}");
    assert!(
        rendered.contains("^ at #/properties/name/type\n"),
        "{rendered}"
    );
}

#[test]
fn a_broken_ref_into_another_file_is_reported_at_the_referencing_line() {
    let root = SPLIT_ROOT.replace("#/components/parameters/Id", "#/components/parameters/Ids");
    let found = run("split_broken", &split_files(&root, SPLIT_PET), "api.yaml")
        .expect_err("a dangling pointer is an error");
    let error = find(
        &found,
        "api.yaml",
        "#/paths/~1pets~1{id}/get/parameters/0/$ref",
    );
    assert_eq!(error.severity, Severity::Error);
    assert_eq!((error.line, error.column), (Some(11), Some(11)), "{error}");
    assert!(
        error
            .message
            .contains("common.json` has nothing at `#/components/parameters/Ids`"),
        "{error}"
    );
}

#[test]
fn a_url_ref_is_refused_without_touching_the_network() {
    let root = SPLIT_ROOT.replace("'./schemas/Pet.yaml'}", "'https://example.com/Pet.yaml'}");
    let found =
        run("split_url", &split_files(&root, SPLIT_PET), "api.yaml").expect_err("a URL is refused");
    let error = find(
        &found,
        "api.yaml",
        "#/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/$ref",
    );
    assert_eq!((error.line, error.column), (Some(17), Some(24)), "{error}");
    assert!(
        error.message.contains("is a URL; generation never fetches"),
        "{error}"
    );
}

#[test]
fn a_ref_outside_the_root_directory_is_refused() {
    let owner = SPLIT_OWNER.replace("'./Pet.yaml'", "'../../secrets.yaml'");
    let mut files = split_files(SPLIT_ROOT, SPLIT_PET);
    files[3] = ("schemas/Owner.yaml", &owner);
    let found = run("split_outside", &files, "api.yaml").expect_err("outside the root is refused");
    let error = find(&found, "Owner.yaml", "#/properties/pets/items/$ref");
    assert_eq!((error.line, error.column), (Some(6), Some(13)), "{error}");
    assert!(
        error.message.contains("outside the root spec's directory"),
        "{error}"
    );
}

#[test]
fn check_goes_stale_when_only_a_referenced_file_changes() {
    let dir = scratch("split_check", &split_files(SPLIT_ROOT, SPLIT_PET));
    let generator = env!("CARGO_BIN_EXE_generator");
    let run_cli = |check: bool| {
        let mut command = std::process::Command::new(generator);
        command
            .arg("--out")
            .arg(dir.join("out"))
            .arg("--name")
            .arg("split");
        if check {
            command.arg("--check");
        }
        command
            .arg(dir.join("api.yaml"))
            .output()
            .expect("run the generator")
    };
    assert!(run_cli(false).status.success());
    assert!(run_cli(true).status.success(), "fresh output is up to date");
    fs::write(
        dir.join("schemas/Owner.yaml"),
        SPLIT_OWNER.replace(
            "name: {type: string}",
            "name: {type: string}\n  age: {type: integer}",
        ),
    )
    .expect("change a referenced file");
    let stale = run_cli(true);
    assert_eq!(stale.status.code(), Some(1));
    let said = String::from_utf8_lossy(&stale.stderr);
    assert!(
        said.contains("stale: src/split.rs") || said.contains("stale:"),
        "{said}"
    );
    assert!(said.contains("+    pub age:"), "{said}");
    fs::remove_dir_all(&dir).expect("cleanup");
}

/// The JSON Schema 2020-12 keywords real 3.1 specs use, each typed as 3.0's counterpart, and a
/// located warning for each 3.1 construct that is not followed.
#[test]
fn an_openapi_3_1_spec_is_typed_from_its_json_schema_keywords() {
    let spec = "\
openapi: 3.1.0
info: {title: t, version: '1', summary: s}
servers: [{url: 'https://example.com'}]
paths:
  /pets:
    post:
      operationId: addPet
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                photo: {type: string, contentMediaType: image/png}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
                description: the pet, with its tag
                required: [tag]
webhooks:                                     # line 24
  newPet:
    post:
      responses:
        '200': {description: ok}
components:
  schemas:
    Pet:
      type: object
      required: [name, kind]
      examples: [{name: Rex, kind: dog}]
      properties:
        name: {type: string}
        tag: {type: [string, 'null']}
        kind: {const: dog}
        age: {type: integer, exclusiveMinimum: 0}
        point:
          type: array
          prefixItems: [{type: number}, {type: number}]   # line 42
";
    let generation = run("openapi31", &[("pets31.yaml", spec)], "pets31.yaml")
        .unwrap_or_else(|found| panic!("the spec should generate:\n{}", shown(&found)));
    let module = module_of(&generation, "pets31");
    for expected in [
        // `type: [string, 'null']`, optional: absent and null are told apart.
        "pub tag: ::std::option::Option<::std::option::Option<::std::string::String>>,",
        // `const: dog` is a one-value string enum.
        "pub kind: PetKind,",
        "pub age: ::std::option::Option<i64>,",
        // `contentMediaType: image/png` is binary: a file part of bytes.
        "pub photo: ::std::option::Option<::std::vec::Vec<u8>>,",
        // `$ref` with `required` beside it: the referenced schema with `tag` required.
        "pub tag: ::std::option::Option<::std::string::String>,",
    ] {
        assert!(module.contains(expected), "no `{expected}` in:\n{module}");
    }
    let webhooks = find(&generation.warnings, "pets31.yaml", "#/webhooks");
    assert_eq!((webhooks.line, webhooks.column), (Some(24), Some(1)));
    assert!(
        webhooks.message.contains("`webhooks` are skipped"),
        "{webhooks}"
    );
    let tuple = find(
        &generation.warnings,
        "pets31.yaml",
        "#/components/schemas/Pet/properties/point/prefixItems",
    );
    assert_eq!((tuple.line, tuple.column), (Some(42), Some(11)));
    assert_eq!(
        generation.warnings.len(),
        2,
        "{}",
        shown(&generation.warnings)
    );
}
