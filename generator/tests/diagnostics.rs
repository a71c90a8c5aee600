//! Every kind of malformed spec is refused (or warned about) with a diagnostic that names the file, the exact line and column of the offending node, its JSON pointer and what is wrong, and the command line exits 1 without touching the output.
//!
//! Each case writes a small inline spec to `<tmp>/<case>.yaml` (or `.json`). The expected line
//! and column were worked out by reading the spec text (the lines that matter carry a
//! `# line N` comment); a mapping entry is located at its key, a sequence item at its first
//! character, as `generator::locate` documents.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

mod common;

use common::module_of;
use generator::diagnostics::{Diagnostic, Severity};
use generator::{generate, GenerateError, Generation, Settings};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A fresh scratch directory for one case.
fn scratch(case: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "generator-diagnostics-{}-{case}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Where the spec of a case is written: `<tmp>/<file_name>`.
fn spec_path(file_name: &str) -> PathBuf {
    let stem = file_name.split('.').next().unwrap_or(file_name);
    let extension = file_name.rsplit('.').next().unwrap_or("yaml");
    scratch(&format!("{stem}-{extension}")).join(file_name)
}

/// Writes `text` to `<tmp>/<file_name>` and runs the library on it.
fn run_generator(file_name: &str, text: &str) -> (PathBuf, Result<Generation, Vec<Diagnostic>>) {
    let path = spec_path(file_name);
    fs::write(&path, text).expect("write spec");
    let dir = path.parent().expect("scratch dir").to_path_buf();
    let settings = Settings::new().spec(&path).output(dir.join("out"));
    let result = match generate(&settings) {
        Ok(generation) => Ok(generation),
        Err(GenerateError::Spec { diagnostics }) => Err(diagnostics),
        Err(other) => panic!("{file_name}: expected spec diagnostics, got {other:?}"),
    };
    assert!(
        !dir.join("out").exists(),
        "{file_name}: `generate` wrote to the output directory"
    );
    fs::remove_dir_all(&dir).expect("cleanup");
    (path, result)
}

/// Every diagnostic (errors and warnings) the generator gives for one spec.
fn check(file_name: &str, text: &str) -> Vec<Diagnostic> {
    match run_generator(file_name, text).1 {
        Ok(generation) => generation.warnings,
        Err(diagnostics) => diagnostics,
    }
}

/// The generation of a spec that must be accepted.
fn check_ok(file_name: &str, text: &str) -> Generation {
    match run_generator(file_name, text).1 {
        Ok(generation) => generation,
        Err(diagnostics) => panic!(
            "{file_name}: expected generation to succeed, got:\n{}",
            shown(&diagnostics)
        ),
    }
}

fn shown(diagnostics: &[Diagnostic]) -> String {
    if diagnostics.is_empty() {
        return "(no diagnostics)".to_string();
    }
    diagnostics
        .iter()
        .map(|diagnostic| format!("{diagnostic}\n[{diagnostic:?}]"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// What one diagnostic must be: where it points and what it says.
struct Expect<'a> {
    severity: Severity,
    /// 1-based line and column of the offending node; `None` when the file has no node.
    at: Option<(usize, usize)>,
    pointer: &'a str,
    /// Fragments the message must contain (case-sensitive).
    says: &'a [&'a str],
}

fn error<'a>(at: (usize, usize), pointer: &'a str, says: &'a [&'a str]) -> Expect<'a> {
    Expect {
        severity: Severity::Error,
        at: Some(at),
        pointer,
        says,
    }
}

fn warning<'a>(at: (usize, usize), pointer: &'a str, says: &'a [&'a str]) -> Expect<'a> {
    Expect {
        severity: Severity::Warning,
        at: Some(at),
        pointer,
        says,
    }
}

/// Asserts that `found` holds a diagnostic as `expect` describes, about `file_name`, and returns it.
fn assert_reported<'d>(
    found: &'d [Diagnostic],
    file_name: &str,
    expect: &Expect,
) -> &'d Diagnostic {
    let candidates: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.pointer == expect.pointer && d.severity == expect.severity)
        .collect();
    let Some(diagnostic) = candidates
        .iter()
        .find(|d| {
            expect
                .says
                .iter()
                .all(|fragment| d.message.contains(fragment))
        })
        .or(candidates.first())
    else {
        panic!(
            "{file_name}: expected a {:?} at `{}` saying {:?}; the generator reported:\n{}",
            expect.severity,
            expect.pointer,
            expect.says,
            shown(found)
        );
    };
    assert_eq!(
        diagnostic.file.file_name().and_then(|name| name.to_str()),
        Some(file_name),
        "{file_name}: wrong file in\n{diagnostic}"
    );
    for fragment in expect.says {
        assert!(
            diagnostic.message.contains(fragment),
            "{file_name}: the message should contain {fragment:?}:\n{diagnostic}"
        );
    }
    let (line, column) = match expect.at {
        Some((line, column)) => (Some(line), Some(column)),
        None => (None, None),
    };
    assert_eq!(
        (diagnostic.line, diagnostic.column),
        (line, column),
        "{file_name}: wrong (line, column) for `{}`:\n{diagnostic}",
        expect.pointer
    );
    if let Some((line, column)) = expect.at {
        let rendered = diagnostic.to_string();
        for shown in [
            format!("{file_name}:{line}:{column}\n"),
            format!("at {}\n", expect.pointer),
        ] {
            assert!(
                rendered.contains(&shown),
                "{file_name}: the rendered diagnostic should show `{shown}`:\n{rendered}"
            );
        }
    }
    diagnostic
}

/// Runs one case and asserts it is refused with (at least) the expected error.
fn expect_error(file_name: &str, text: &str, expect: Expect) -> Diagnostic {
    let (_, result) = run_generator(file_name, text);
    let diagnostics = match result {
        Err(diagnostics) => diagnostics,
        Ok(generation) => panic!(
            "{file_name}: the spec was accepted, but it should be refused; warnings:\n{}",
            shown(&generation.warnings)
        ),
    };
    assert_reported(&diagnostics, file_name, &expect).clone()
}

fn help_of(diagnostic: &Diagnostic) -> &str {
    diagnostic.help.as_deref().unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Not YAML or JSON, empty, wrong version, missing top-level fields
// ---------------------------------------------------------------------------------------------

#[test]
fn not_yaml_at_all() {
    // A second `:` on one line: a plain value cannot hold a mapping; the parser stops at it.
    expect_error(
        "not_yaml.yaml",
        "openapi: 3.0.3\ninfo: title: t\n",
        error(
            (2, 12),
            "#",
            &["not valid YAML", "mapping values are not allowed"],
        ),
    );
}

#[test]
fn yaml_that_is_not_one_document() {
    expect_error(
        "two_documents.yaml",
        "openapi: 3.0.3\n---\nopenapi: 3.0.3\n",
        error((2, 1), "#", &["not valid YAML", "more than one"]),
    );
    expect_error(
        "custom_tag.yaml",
        "openapi: 3.0.3\ninfo: !thing {title: t}\n",
        error((2, 7), "#", &["not valid YAML", "`!thing`"]),
    );
}

#[test]
fn not_json_at_all() {
    // A value is missing before the `}` in column 7.
    expect_error(
        "not_json.json",
        "{\"a\": }",
        error((1, 7), "#", &["not valid JSON", "expected value"]),
    );
}

#[test]
fn yaml_aliases_that_multiply_the_document() {
    // "Billion laughs": each line repeats the one above nine times, 9^10 nodes in all.
    let mut spec = String::from("openapi: 3.0.3\nx-a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let items = vec![format!("*a{}", level - 1); 9].join(", ");
        spec.push_str(&format!("x-a{level}: &a{level} [{items}]\n"));
    }
    expect_error(
        "alias_bomb.yaml",
        &spec,
        error(
            (6, 12),
            "#",
            &["not valid YAML", "aliases repeat too many nodes"],
        ),
    );
}

#[test]
fn yaml_nested_deeper_than_128_levels() {
    // The later stages walk the document recursively; 2,000 levels would overflow the stack.
    let mut spec = String::from("openapi: 3.0.3\nx-deep:\n");
    for level in 1..2_000 {
        spec.push_str(&format!("{}a:\n", "  ".repeat(level)));
    }
    expect_error(
        "deep.yaml",
        &spec,
        error(
            (130, 257),
            "#",
            &["not valid YAML", "deeper than 128 levels"],
        ),
    );
}

#[test]
fn tab_indentation() {
    let spec = "\
openapi: 3.0.3
info:
\ttitle: t
paths: {}
";
    // YAML forbids tabs for indentation: the caret is just after the tab that opens line 3.
    expect_error(
        "tab_indentation.yaml",
        spec,
        error((3, 2), "#", &["not valid YAML", "tabs"]),
    );
}

#[test]
fn empty_file() {
    // No node exists, so there is no line to point at.
    let diagnostic = expect_error(
        "empty.yaml",
        "",
        Expect {
            severity: Severity::Error,
            at: None,
            pointer: "#",
            says: &["the spec file is empty"],
        },
    );
    assert!(help_of(&diagnostic).contains("openapi: 3.0.3"));
}

#[test]
fn whitespace_only_file() {
    expect_error(
        "whitespace_only.yaml",
        "  \n\n\t\n   \n",
        Expect {
            severity: Severity::Error,
            at: None,
            pointer: "#",
            says: &["the spec file is empty"],
        },
    );
}

#[test]
fn swagger_2_with_errors_is_reported_at_the_2_0_files_own_lines_and_pointers() {
    let spec = "\
swagger: '2.0'
info: {title: t, version: '1'}
host: example.com
paths:
  /pets:
    post:
      parameters:
        - in: body
          name: pet
          schema: {$ref: '#/definitions/Pet'}
        - in: query
          name: limit
          type: integr            # line 13
      responses:
        '200': {description: ok}
definitions:
  Pet:
    type: object
    properties:
      name: {type: strin}         # line 20
";
    let found = check("swagger_2.yaml", spec);
    assert_reported(
        &found,
        "swagger_2.yaml",
        &error(
            (20, 14),
            "#/definitions/Pet/properties/name/type",
            &["unknown schema type `strin`"],
        ),
    );
    // The query parameter's type is its schema's in 3.0; the error is at the parameter's own.
    assert_reported(
        &found,
        "swagger_2.yaml",
        &error(
            (13, 11),
            "#/paths/~1pets/post/parameters/1/type",
            &["unknown schema type `integr`"],
        ),
    );
}

#[test]
fn openapi_3_1_with_a_non_default_json_schema_dialect() {
    let spec = "\
info: {title: t, version: '1'}
openapi: 3.1.0
jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema   # line 3
paths: {}
";
    let diagnostic = expect_error(
        "openapi_3_1_dialect.yaml",
        spec,
        error(
            (3, 1),
            "#/jsonSchemaDialect",
            &["`jsonSchemaDialect: \"https://json-schema.org/draft/2020-12/schema\"` is not supported"],
        ),
    );
    assert!(
        help_of(&diagnostic).contains("https://spec.openapis.org/oas/3.1/dialect/base"),
        "{diagnostic}"
    );
}

#[test]
fn openapi_version_is_a_number() {
    let spec = "\
info: {title: t, version: '1'}
paths: {}
openapi: 2          # line 3
";
    expect_error(
        "openapi_number.yaml",
        spec,
        error(
            (3, 1),
            "#/openapi",
            &["`openapi: 2` is not an OpenAPI 3.0 or 3.1 version"],
        ),
    );
}

#[test]
fn missing_openapi_field() {
    let spec = "\
info: {title: t, version: '1'}
paths: {}
";
    expect_error(
        "missing_openapi.yaml",
        spec,
        error((1, 1), "#", &["no `openapi` version field"]),
    );
}

#[test]
fn missing_info() {
    let spec = "\
openapi: 3.0.3
paths: {}
";
    let diagnostic = expect_error(
        "missing_info.yaml",
        spec,
        error((1, 1), "#", &["no `info`", "requires"]),
    );
    assert!(help_of(&diagnostic).contains("title"), "{diagnostic}");
}

#[test]
fn missing_paths() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
";
    expect_error(
        "missing_paths.yaml",
        spec,
        error((1, 1), "#", &["no `paths`", "requires"]),
    );
}

// ---------------------------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------------------------

#[test]
fn unresolved_schema_ref() {
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
              schema:
                $ref: '#/components/schemas/Pett'   # line 14
components:
  schemas:
    Pet:
      type: object
";
    expect_error(
        "unresolved_schema_ref.yaml",
        spec,
        error(
            (14, 17),
            "#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
            &[
                "unresolved `$ref: #/components/schemas/Pett`",
                "no such schema",
            ],
        ),
    );
}

#[test]
fn unresolved_schema_ref_in_json() {
    let spec = r##"{
  "openapi": "3.0.3",
  "info": {"title": "t", "version": "1"},
  "servers": [{"url": "https://example.com"}],
  "paths": {},
  "components": {
    "schemas": {
      "Pet": {
        "type": "object",
        "properties": {
          "owner": {"$ref": "#/components/schemas/Person"}
        }
      }
    }
  }
}"##;
    // `"$ref"` opens at line 11, column 21.
    expect_error(
        "unresolved_ref_in_json.json",
        spec,
        error(
            (11, 21),
            "#/components/schemas/Pet/properties/owner/$ref",
            &["unresolved `$ref: #/components/schemas/Person`"],
        ),
    );
}

#[test]
fn unresolved_all_of_ref() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths: {}
components:
  schemas:
    Dog:
      allOf:
        - $ref: '#/components/schemas/Animal'   # line 9
        - type: object
          properties:
            bark: {type: boolean}
";
    // Like every other unresolved reference, the diagnostic names the `$ref` itself.
    expect_error(
        "unresolved_all_of_ref.yaml",
        spec,
        error(
            (9, 11),
            "#/components/schemas/Dog/allOf/0/$ref",
            &["unresolved `$ref: #/components/schemas/Animal`"],
        ),
    );
}

#[test]
fn unresolved_parameter_ref() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - $ref: '#/components/parameters/Limit'   # line 9
      responses:
        '200':
          description: ok
components:
  parameters:
    limit:
      name: limit
      in: query
      schema: {type: integer}
";
    expect_error(
        "unresolved_parameter_ref.yaml",
        spec,
        error(
            (9, 11),
            "#/paths/~1pets/get/parameters/0/$ref",
            &[
                "unresolved `$ref: #/components/parameters/Limit`",
                "no such parameter",
            ],
        ),
    );
}

#[test]
fn unresolved_response_ref() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '404':
          $ref: '#/components/responses/NotFound'   # line 10
        '200':
          description: ok
";
    expect_error(
        "unresolved_response_ref.yaml",
        spec,
        error(
            (10, 11),
            "#/paths/~1pets/get/responses/404/$ref",
            &[
                "unresolved `$ref: #/components/responses/NotFound`",
                "no such response",
            ],
        ),
    );
}

#[test]
fn unresolved_request_body_ref() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        $ref: '#/components/requestBodies/NewPet'   # line 9
      responses:
        '201':
          description: created
components:
  requestBodies:
    Pet:
      content:
        application/json:
          schema: {type: object}
";
    expect_error(
        "unresolved_request_body_ref.yaml",
        spec,
        error(
            (9, 9),
            "#/paths/~1pets/post/requestBody/$ref",
            &[
                "unresolved `$ref: #/components/requestBodies/NewPet`",
                "no such request body",
            ],
        ),
    );
}

#[test]
fn external_ref_to_a_file_that_does_not_exist() {
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
              schema:
                $ref: 'other.yaml#/X'   # line 14
";
    let diagnostic = expect_error(
        "external_ref.yaml",
        spec,
        error(
            (14, 17),
            "#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
            &["`$ref: other.yaml#/X`", "other.yaml", "cannot be read"],
        ),
    );
    assert!(
        help_of(&diagnostic).contains("relative to the directory of the file"),
        "{diagnostic}"
    );
}

#[test]
fn ref_cycle_of_component_aliases() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths: {}
components:
  schemas:
    A:
      $ref: '#/components/schemas/B'   # line 8
    B:
      $ref: '#/components/schemas/A'   # line 10
";
    // `pub type A = B; pub type B = A;` cannot compile (E0391), so the cycle must be refused,
    // at the first alias of the cycle in spec order.
    let (_, result) = run_generator("ref_cycle.yaml", spec);
    let diagnostics = match result {
        Err(diagnostics) => diagnostics,
        Ok(generation) => {
            let module = module_of(&generation, "ref_cycle");
            panic!(
                "ref_cycle.yaml: a `$ref` cycle of aliases was accepted; the generated module holds:\n{}",
                module
                    .lines()
                    .filter(|line| line.starts_with("pub type"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    };
    let diagnostic = assert_reported(
        &diagnostics,
        "ref_cycle.yaml",
        &error((8, 7), "#/components/schemas/A/$ref", &[]),
    );
    let message = diagnostic.message.to_lowercase();
    assert!(
        ["cycle", "circular", "loop"]
            .iter()
            .any(|word| message.contains(word)),
        "{diagnostic}"
    );
}

#[test]
fn discriminator_mapping_to_a_missing_schema() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths: {}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
      discriminator:
        propertyName: kind
        mapping:
          dog: '#/components/schemas/Dog'   # line 13
    Cat:
      type: object
      properties:
        kind: {type: string}
";
    // The offending node is the mapping entry `dog`, not the whole `mapping`.
    expect_error(
        "discriminator_mapping.yaml",
        spec,
        error(
            (13, 11),
            "#/components/schemas/Pet/discriminator/mapping/dog",
            &["discriminator value `dog`", "`Dog`"],
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// Paths and operations
// ---------------------------------------------------------------------------------------------

#[test]
fn path_template_parameter_without_declaration() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets/{petId}:
    get:                # line 6
      operationId: getPet
      responses:
        '200':
          description: ok
";
    // The operation is where the missing declaration belongs.
    let diagnostic = expect_error(
        "undeclared_path_parameter.yaml",
        spec,
        error(
            (6, 5),
            "#/paths/~1pets~1{petId}/get",
            &[
                "`/pets/{petId}`",
                "`{petId}`",
                "declares no path parameter `petId`",
            ],
        ),
    );
    assert!(help_of(&diagnostic).contains("in: path"), "{diagnostic}");
}

#[test]
fn declared_path_parameter_missing_from_the_template() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - name: petId   # line 9
          in: path
          required: true
          schema: {type: string}
      responses:
        '200':
          description: ok
";
    // The offending node is the declaration to remove (or to add to the template).
    expect_error(
        "unused_path_parameter.yaml",
        spec,
        error(
            (9, 11),
            "#/paths/~1pets/get/parameters/0",
            &["path parameter `petId` is declared", "`/pets`"],
        ),
    );
}

#[test]
fn duplicate_operation_ids() {
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
  /animals:
    get:
      operationId: listPets   # line 13
      responses:
        '200':
          description: ok
";
    expect_error(
        "duplicate_operation_id.yaml",
        spec,
        error(
            (13, 7),
            "#/paths/~1animals/get/operationId",
            &[
                "operationId `listPets` is used twice",
                "#/paths/~1pets/get/operationId",
            ],
        ),
    );
}

#[test]
fn operation_ids_that_sanitize_to_the_same_identifier_are_renamed_with_a_warning() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /users/a:
    get:
      operationId: getUser
      responses:
        '200':
          description: ok
  /users/b:
    get:
      operationId: get_user   # line 13
      responses:
        '200':
          description: ok
";
    // What happens: both are accepted; the second becomes `get_user2` (and its error enum
    // `GetUserError2`), with a warning at the second operationId.
    let generation = check_ok("sanitize_alike.yaml", spec);
    let module = module_of(&generation, "sanitize_alike");
    assert!(module.contains("pub async fn get_user("), "{module}");
    assert!(module.contains("pub async fn get_user2("), "{module}");
    assert!(module.contains("GetUserError2"), "{module}");
    assert_reported(
        &generation.warnings,
        "sanitize_alike.yaml",
        &warning(
            (13, 7),
            "#/paths/~1users~1b/get/operationId",
            &["`get_user`", "named `get_user2` instead"],
        ),
    );
}

#[test]
fn parameter_with_neither_schema_nor_content() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - name: limit   # line 9
          in: query
      responses:
        '200':
          description: ok
";
    expect_error(
        "parameter_without_schema.yaml",
        spec,
        error(
            (9, 11),
            "#/paths/~1pets/get/parameters/0",
            &["not valid OpenAPI 3.0 here", "schema"],
        ),
    );
}

#[test]
fn swagger_style_body_parameter() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets:
    post:
      operationId: createPet
      parameters:
        - name: pet
          in: body      # line 10
          schema: {type: object}
      responses:
        '201':
          description: created
";
    // The offending node is the `in: body` entry.
    expect_error(
        "parameter_in_body.yaml",
        spec,
        error(
            (10, 11),
            "#/paths/~1pets/post/parameters/0/in",
            &["`in: body`", "Swagger 2.0", "`requestBody`"],
        ),
    );
}

#[test]
fn response_without_description() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':          # line 9
          content:
            application/json:
              schema: {type: string}
";
    expect_error(
        "response_without_description.yaml",
        spec,
        error(
            (9, 9),
            "#/paths/~1pets/get/responses/200",
            &["missing field `description`"],
        ),
    );
}

#[test]
fn paths_is_a_list() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:              # line 4
  - /pets
  - /owners
";
    expect_error(
        "paths_is_a_list.yaml",
        spec,
        error(
            (4, 1),
            "#/paths",
            &["not valid OpenAPI 3.0 here", "invalid type: sequence"],
        ),
    );
}

#[test]
fn operation_is_a_string() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets:
    get: list all pets   # line 6
";
    expect_error(
        "operation_is_a_string.yaml",
        spec,
        error(
            (6, 5),
            "#/paths/~1pets/get",
            &["not valid OpenAPI 3.0 here", "invalid type: string"],
        ),
    );
}

#[test]
fn duplicate_key_in_yaml_points_at_the_second_one() {
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
    get:                # line 11
      operationId: listPetsAgain
      responses:
        '200':
          description: ok
";
    expect_error(
        "duplicate_key.yaml",
        spec,
        error((11, 5), "#/paths/~1pets/get", &["duplicate key `get`"]),
    );
}

#[test]
fn duplicate_key_in_json_points_at_the_second_one() {
    let spec = r#"{
  "openapi": "3.0.3",
  "info": {"title": "t", "version": "1"},
  "servers": [{"url": "https://example.com"}],
  "paths": {},
  "components": {
    "schemas": {
      "Pet": {"type": "object"},
      "Pet": {"type": "string"}
    }
  }
}"#;
    expect_error(
        "duplicate_key.json",
        spec,
        error((9, 7), "#/components/schemas/Pet", &["duplicate key `Pet`"]),
    );
}

#[test]
fn invalid_media_type_key() {
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
            not a media type:   # line 12
              schema: {type: string}
";
    // `not a media type` is no `type/subtype`: it would be sent as the `Accept` header. The
    // generator must at least warn about it, at the key.
    let found = check("invalid_media_type.yaml", spec);
    let pointer = "#/paths/~1pets/get/responses/200/content/not a media type";
    let reported = found.iter().find(|d| d.pointer == pointer);
    assert!(
        reported.is_some(),
        "invalid_media_type.yaml: nothing reported at `{pointer}`; the generator reported:\n{}",
        shown(&found)
    );
    let diagnostic = reported.expect("checked above");
    assert_eq!(
        (diagnostic.line, diagnostic.column),
        (Some(12), Some(13)),
        "{diagnostic}"
    );
    assert!(diagnostic.message.contains("media type"), "{diagnostic}");
}

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_schema_type() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        name:
          type: strin   # line 11
";
    let diagnostic = expect_error(
        "unknown_type.yaml",
        spec,
        error(
            (11, 11),
            "#/components/schemas/Pet/properties/name/type",
            &["unknown schema type `strin`"],
        ),
    );
    assert!(help_of(&diagnostic).contains("string"), "{diagnostic}");
}

#[test]
fn schema_type_is_a_list() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        name:
          type: [string, null]   # line 11
";
    let diagnostic = expect_error(
        "type_list.yaml",
        spec,
        error(
            (11, 11),
            "#/components/schemas/Pet/properties/name/type",
            &["schema `type` must be one name"],
        ),
    );
    assert!(help_of(&diagnostic).contains("nullable"), "{diagnostic}");
}

#[test]
fn required_names_a_property_that_does_not_exist() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths: {}
components:
  schemas:
    Pet:
      type: object
      required:
        - name
        - nmae          # line 11
      properties:
        name:
          type: string
";
    // A warning: generation goes on. The offending node is the `required` entry `nmae`.
    let generation = check_ok("required_missing_property.yaml", spec);
    assert_reported(
        &generation.warnings,
        "required_missing_property.yaml",
        &warning(
            (11, 11),
            "#/components/schemas/Pet/required/1",
            &["`required` names `nmae`", "not among the properties"],
        ),
    );
}

#[test]
fn enum_values_of_mixed_types_are_a_warning() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths: {}
components:
  schemas:
    Size:
      enum: [1, 'a']    # line 8
";
    // A schema with no `type` may list any JSON values, so this is a warning: generation goes
    // on and the schema is typed as `serde_json::Value`.
    let generation = check_ok("enum_mixed_types.yaml", spec);
    assert_reported(
        &generation.warnings,
        "enum_mixed_types.yaml",
        &warning(
            (8, 7),
            "#/components/schemas/Size/enum",
            &["enum values of mixed types", "integer", "string"],
        ),
    );
    let module = module_of(&generation, "enum_mixed_types");
    assert!(
        module.contains("pub type Size = ::serde_json::Value;"),
        "{module}"
    );
}

#[test]
fn enum_values_not_matching_the_type() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths: {}
components:
  schemas:
    Size:
      type: string
      enum: [1, 2]      # line 9
";
    expect_error(
        "enum_type_mismatch.yaml",
        spec,
        error(
            (9, 7),
            "#/components/schemas/Size/enum",
            &["enum values are integers", "type is `string`"],
        ),
    );
}

#[test]
fn schema_properties_is_a_list() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:       # line 9
        - name
        - age
";
    // The offending node is `properties`, which must be a map of schemas.
    expect_error(
        "properties_is_a_list.yaml",
        spec,
        error(
            (9, 7),
            "#/components/schemas/Pet/properties",
            &["`properties` must be a mapping of property names to schemas"],
        ),
    );
}

/// Inline object schemas nested this deep, each one the only property of the one above.
const NESTING: usize = 50;

fn deeply_nested_spec() -> String {
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nservers: [{url: 'https://example.com'}]\npaths: {}\ncomponents:\n  schemas:\n    Root:\n",
    );
    for level in 0..NESTING {
        let indent = "  ".repeat(3 + 2 * level);
        spec.push_str(&format!(
            "{indent}type: object\n{indent}properties:\n{indent}  level{}:\n",
            level + 1
        ));
    }
    spec.push_str(&format!("{}type: string\n", "  ".repeat(3 + 2 * NESTING)));
    spec
}

#[test]
fn fifty_levels_of_inline_object_schemas_generate_without_overflowing_the_stack() {
    // It generates: no error, no panic, no stack overflow (here on a test thread's small stack).
    let generation = check_ok("deeply_nested.yaml", &deeply_nested_spec());
    let module = module_of(&generation, "deeply_nested");
    assert!(module.contains("pub struct Root {"), "{module}");
    assert!(module.contains("pub struct RootLevel1 {"), "{module}");
}

#[test]
fn fifty_levels_of_inline_object_schemas_stay_typed_within_the_documented_depth() {
    // Up to 64 levels of nested objects stay typed (beyond, a schema falls back to
    // `serde_json::Value` with a warning), so the 50 object levels (Root and Level1 to Level49;
    // Level50 is a string) give 50 structs besides the `Client`, and no depth warning.
    let generation = check_ok("deeply_nested_typed.yaml", &deeply_nested_spec());
    let module = module_of(&generation, "deeply_nested_typed");
    let models = module.matches("pub struct ").count() - 1;
    let depth_warnings: Vec<String> = generation
        .warnings
        .iter()
        .filter(|d| d.message.contains("levels deep"))
        .map(|d| format!("{} (line {:?})", d.message, d.line))
        .collect();
    assert_eq!(
        (models, depth_warnings.clone()),
        (NESTING, Vec::<String>::new()),
        "50 levels is within the documented 64"
    );
}

// ---------------------------------------------------------------------------------------------
// Size, and several errors at once
// ---------------------------------------------------------------------------------------------

/// Operations (and as many schemas) in the large spec; about 5 KiB of spec text each.
const LARGE_SPEC_OPERATIONS: usize = 5_200;

fn large_spec() -> String {
    let filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(30);
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: Large, version: '1'}\nservers: [{url: 'https://example.com'}]\npaths:\n",
    );
    for index in 0..LARGE_SPEC_OPERATIONS {
        spec.push_str(&format!(
            "  /things{index}/{{thingId}}:\n    get:\n      operationId: getThing{index}\n      \
             description: '{filler}'\n      parameters:\n        - name: thingId\n          \
             in: path\n          required: true\n          schema: {{type: string}}\n      \
             responses:\n        '200':\n          description: ok\n          content:\n            \
             application/json:\n              schema:\n                \
             $ref: '#/components/schemas/Thing{index}'\n"
        ));
    }
    spec.push_str("components:\n  schemas:\n");
    for index in 0..LARGE_SPEC_OPERATIONS {
        spec.push_str(&format!(
            "    Thing{index}:\n      type: object\n      description: '{filler}'\n      \
             required: [id]\n      properties:\n        id: {{type: string}}\n        \
             count: {{type: integer, format: int32}}\n        tags: {{type: array, items: {{type: string}}}}\n"
        ));
    }
    spec
}

#[test]
fn a_large_spec_generates_without_panicking() {
    let spec = large_spec();
    let megabytes = spec.len() as f64 / (1024.0 * 1024.0);
    assert!(
        megabytes > 19.0,
        "the large spec is only {megabytes:.1} MiB"
    );
    let started = Instant::now();
    let generation = check_ok("large.yaml", &spec);
    let seconds = started.elapsed().as_secs_f64();
    let summary = &generation.summaries[0];
    assert_eq!(summary.operations, LARGE_SPEC_OPERATIONS);
    assert_eq!(summary.models, LARGE_SPEC_OPERATIONS);
    assert!(
        generation.warnings.is_empty(),
        "{}",
        shown(&generation.warnings)
    );
    eprintln!("large spec: {megabytes:.1} MiB generated in {seconds:.1} s");
}

#[test]
fn several_errors_in_one_spec_are_all_reported_in_one_run() {
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
              schema:
                $ref: '#/components/schemas/Missing1'   # line 14
  /animals:
    get:
      operationId: listPets                          # line 17
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Missing2'   # line 24
";
    let found = check("several_errors.yaml", spec);
    let file = "several_errors.yaml";
    assert_reported(
        &found,
        file,
        &error(
            (17, 7),
            "#/paths/~1animals/get/operationId",
            &["operationId `listPets` is used twice"],
        ),
    );
    assert_reported(
        &found,
        file,
        &error(
            (14, 17),
            "#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
            &["unresolved `$ref: #/components/schemas/Missing1`"],
        ),
    );
    assert_reported(
        &found,
        file,
        &error(
            (24, 17),
            "#/paths/~1animals/get/responses/200/content/application~1json/schema/$ref",
            &["unresolved `$ref: #/components/schemas/Missing2`"],
        ),
    );
}

#[test]
fn several_reference_and_path_errors_are_all_reported_in_one_run() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /pets/{petId}:
    get:                                             # line 6
      operationId: getPet
      responses:
        '404':
          $ref: '#/components/responses/NotFound'    # line 10
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Missing'  # line 16
";
    let found = check("several_reference_errors.yaml", spec);
    let file = "several_reference_errors.yaml";
    assert_reported(
        &found,
        file,
        &error(
            (6, 5),
            "#/paths/~1pets~1{petId}/get",
            &["declares no path parameter `petId`"],
        ),
    );
    assert_reported(
        &found,
        file,
        &error(
            (10, 11),
            "#/paths/~1pets~1{petId}/get/responses/404/$ref",
            &["unresolved `$ref: #/components/responses/NotFound`"],
        ),
    );
    assert_reported(
        &found,
        file,
        &error(
            (16, 17),
            "#/paths/~1pets~1{petId}/get/responses/200/content/application~1json/schema/$ref",
            &["unresolved `$ref: #/components/schemas/Missing`"],
        ),
    );
}

#[test]
fn several_document_errors_are_all_reported_in_one_run() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        name:
          type: strin                  # line 11
        owner:
          $ref: 'people.yaml#/Person'  # line 13
    Size:
      type: string
      enum: [1, 2]                     # line 16
";
    let found = check("several_document_errors.yaml", spec);
    let file = "several_document_errors.yaml";
    assert_reported(
        &found,
        file,
        &error(
            (11, 11),
            "#/components/schemas/Pet/properties/name/type",
            &["unknown schema type `strin`"],
        ),
    );
    assert_reported(
        &found,
        file,
        &error(
            (13, 11),
            "#/components/schemas/Pet/properties/owner/$ref",
            &["people.yaml", "cannot be read"],
        ),
    );
    assert_reported(
        &found,
        file,
        &error(
            (16, 7),
            "#/components/schemas/Size/enum",
            &["enum values are integers"],
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------------

const VALID_SPEC: &str = "\
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
              schema: {type: array, items: {type: string}}
";

fn run_binary(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(args)
        .output()
        .expect("the generator binary runs")
}

/// Every file under `dir` with its bytes, by path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).expect("readable dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.insert(path.clone(), fs::read(&path).expect("readable file"));
            }
        }
    }
    found
}

/// Generates a crate from [`VALID_SPEC`] into `<dir>/out` (named `petstore`, as the bad specs
/// are too), and returns the output directory.
fn existing_output(dir: &Path) -> PathBuf {
    let spec = dir.join("valid").join("petstore.yaml");
    fs::create_dir_all(spec.parent().expect("parent")).expect("dir");
    fs::write(&spec, VALID_SPEC).expect("write spec");
    let out = dir.join("out");
    let first = run_binary(&[
        "--quiet",
        "--out",
        out.to_str().expect("utf-8"),
        spec.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(out.join("src/petstore.rs").is_file());
    out
}

/// Runs the binary on a bad spec (written as `<dir>/<case>/petstore.yaml`) over an existing
/// output, and asserts exit 1, the location in stderr (`location` is what follows the file
/// name, e.g. `:1:1 at #`), and an untouched output.
fn assert_cli_refuses(case: &str, text: &str, location: &str) {
    let dir = scratch(&format!("cli-{case}"));
    let out = existing_output(&dir);
    let before = snapshot(&out);
    let spec = dir.join(case).join("petstore.yaml");
    fs::create_dir_all(spec.parent().expect("parent")).expect("dir");
    fs::write(&spec, text).expect("write spec");
    let run = run_binary(&[
        "--out",
        out.to_str().expect("utf-8"),
        spec.to_str().expect("utf-8"),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_ne!(run.status.code(), Some(101), "{case}: panicked:\n{stderr}");
    assert_eq!(run.status.code(), Some(1), "{case}:\n{stderr}");
    let (position, pointer) = location
        .split_once(" at ")
        .expect("`:line:column at pointer`");
    for shown in [format!("petstore.yaml{position}"), format!("at {pointer}")] {
        assert!(
            stderr.contains(&shown),
            "{case}: stderr should show `{shown}`:\n{stderr}"
        );
    }
    assert!(stderr.contains("nothing under"), "{case}:\n{stderr}");
    assert!(
        before == snapshot(&out),
        "{case}: a refused spec changed the existing output"
    );
    fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn cli_exits_1_on_garbage_and_leaves_the_output_byte_for_byte() {
    assert_cli_refuses("garbage", ": : :\n", ":1:1 at #");
}

#[test]
fn cli_exits_1_on_an_empty_spec_and_leaves_the_output_byte_for_byte() {
    assert_cli_refuses("empty", "", " at #");
}

#[test]
fn cli_exits_1_on_an_unresolved_ref_and_leaves_the_output_byte_for_byte() {
    let broken = VALID_SPEC.replace(
        "schema: {type: array, items: {type: string}}",
        "schema: {$ref: '#/components/schemas/Missing'}",
    );
    assert_ne!(broken, VALID_SPEC);
    // `$ref` opens at line 13, column 24 of `schema: {$ref: ...}`.
    assert_cli_refuses(
        "unresolved_ref",
        &broken,
        ":13:24 at #/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
    );
}

#[test]
fn cli_exits_1_on_duplicate_keys_and_leaves_the_output_byte_for_byte() {
    let broken = format!("{VALID_SPEC}paths: {{}}\n");
    // The second `paths` is line 14.
    assert_cli_refuses("duplicate_key", &broken, ":14:1 at #/paths");
}

#[test]
fn cli_exits_1_on_swagger_1_2_and_leaves_the_output_byte_for_byte() {
    let broken = VALID_SPEC.replace("openapi: 3.0.3", "swagger: '1.2'");
    assert_cli_refuses("swagger", &broken, ":1:1 at #/swagger");
}

#[test]
fn cli_exits_1_on_a_ref_cycle_and_leaves_the_output_byte_for_byte() {
    let broken = format!(
        "{VALID_SPEC}components:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n"
    );
    // `A:`'s `$ref` is line 17.
    assert_cli_refuses("ref_cycle", &broken, ":17:7 at #/components/schemas/A/$ref");
}

#[test]
fn cli_does_not_panic_on_deep_nesting() {
    let dir = scratch("cli-deep");
    let spec = dir.join("deeply_nested.yaml");
    fs::write(&spec, deeply_nested_spec()).expect("write spec");
    let out = dir.join("out");
    let run = run_binary(&[
        "--quiet",
        "--out",
        out.to_str().expect("utf-8"),
        spec.to_str().expect("utf-8"),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_ne!(run.status.code(), Some(101), "panicked:\n{stderr}");
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    fs::remove_dir_all(&dir).expect("cleanup");
}

// ---------------------------------------------------------------------------------------------
// Styles: combinations of `style` and `explode` that cannot be sent, or that OpenAPI leaves open
// ---------------------------------------------------------------------------------------------

#[test]
fn unexploded_deep_object_query_parameter_is_an_error() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /search:
    get:
      operationId: search
      parameters:
        - name: filter
          in: query
          style: deepObject   # line 11
          explode: false
          schema: {type: object, properties: {color: {type: string}}}
      responses:
        '204':
          description: searched
";
    let found = expect_error(
        "deep_object_unexploded.yaml",
        spec,
        error(
            (11, 11),
            "#/paths/~1search/get/parameters/0/style",
            &["`style: deepObject`", "`explode: false`", "cannot be sent"],
        ),
    );
    assert!(
        help_of(&found).contains("remove `explode: false`"),
        "{found}"
    );
}

#[test]
fn exploded_array_cookie_is_an_error() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - name: ids
          in: cookie
          style: form         # line 11
          explode: true
          schema: {type: array, items: {type: integer}}
      responses:
        '204':
          description: listed
";
    expect_error(
        "cookie_exploded.yaml",
        spec,
        error(
            (11, 11),
            "#/paths/~1items/get/parameters/0/style",
            &["exploded array or object cookie", "`Cookie` header"],
        ),
    );
}

#[test]
fn unexploded_deep_object_form_property_is_an_error() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /customers:
    post:
      operationId: createCustomer
      requestBody:
        content:
          application/x-www-form-urlencoded:
            encoding:
              address:
                style: deepObject   # line 13
                explode: false
            schema:
              type: object
              properties:
                address: {type: object, properties: {city: {type: string}}}
      responses:
        '204':
          description: created
";
    expect_error(
        "form_deep_object_unexploded.yaml",
        spec,
        error(
            (13, 17),
            "#/paths/~1customers/post/requestBody/content/application~1x-www-form-urlencoded/encoding/address/style",
            &["`style: deepObject`", "`explode: false`"],
        ),
    );
}

#[test]
fn exploded_pipe_delimited_array_and_an_encoding_for_no_property_are_warnings() {
    let spec = "\
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://example.com'}]
paths:
  /search:
    post:
      operationId: search
      parameters:
        - name: levels
          in: query
          style: pipeDelimited   # line 11
          explode: true
          schema: {type: array, items: {type: string}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            encoding:
              missing:           # line 18
                style: form
            schema:
              type: object
              properties:
                query: {type: string}
      responses:
        '204':
          description: searched
";
    let generation = check_ok("style_warnings.yaml", spec);
    assert_reported(
        &generation.warnings,
        "style_warnings.yaml",
        &warning(
            (11, 11),
            "#/paths/~1search/post/parameters/0/style",
            &[
                "`style: pipeDelimited` with `explode: true`",
                "as `form` does",
            ],
        ),
    );
    assert_reported(
        &generation.warnings,
        "style_warnings.yaml",
        &warning(
            (18, 15),
            "#/paths/~1search/post/requestBody/content/application~1x-www-form-urlencoded/encoding/missing",
            &["`missing`", "does not declare", "ignored"],
        ),
    );
}
