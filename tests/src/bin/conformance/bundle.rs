//! The spec as one JSON document, whatever it was written in: read by the generator's reader (a
//! Swagger 2.0 spec in the OpenAPI 3.0 shape the client was generated from), with every file it
//! `$ref`s embedded under [`FILES_KEY`] and each `$ref` into another file rewritten to point
//! there, so the sampler and the judge follow only `#/…` references.
//!
//! A reference is resolved as the generator resolves it: relative to the directory of the file
//! that holds it, never over the network, never outside the root spec's directory. Data is left
//! alone: `example`, `examples` values, `default`, `enum`, `const` and `x-` extensions.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// The key of the root document under which the other files are embedded, by their path
/// relative to the root spec's directory.
pub const FILES_KEY: &str = "x-conformance-files";

/// Reads the spec at `path` into one document (see the module documentation).
pub fn read(path: &Path) -> Result<Value, String> {
    let root = read_file(path)?;
    let root_file = path
        .canonicalize()
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let root_dir = root_file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut bundle = Bundle {
        root_dir,
        files: vec![root_file],
        trees: vec![root],
    };
    let mut index = 0;
    while index < bundle.trees.len() {
        let mut tree = std::mem::take(&mut bundle.trees[index]);
        bundle.rewrite(&mut tree, index, false)?;
        bundle.trees[index] = tree;
        index += 1;
    }
    let mut trees = bundle.trees.into_iter();
    let mut root = trees.next().unwrap_or_default();
    let embedded: Map<String, Value> = bundle.files[1..]
        .iter()
        .map(|file| bundle_name(&bundle.root_dir, file))
        .zip(trees)
        .collect();
    if let (false, Some(object)) = (embedded.is_empty(), root.as_object_mut()) {
        object.insert(FILES_KEY.to_string(), Value::Object(embedded));
    }
    Ok(root)
}

fn read_file(path: &Path) -> Result<Value, String> {
    generator::load::read_document(path).map_err(|diagnostics| {
        format!(
            "cannot read {}: {}",
            path.display(),
            super::first_message(&diagnostics)
        )
    })
}

/// The files read so far (canonical paths, the root first) and their trees.
struct Bundle {
    root_dir: PathBuf,
    files: Vec<PathBuf>,
    trees: Vec<Value>,
}

/// Keys whose value maps names to objects (properties, components, paths…), so a name there is
/// never taken for a keyword such as `example` or `$ref`.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "paths",
    "webhooks",
    "content",
    "encoding",
];

impl Bundle {
    /// Rewrites the references of `value`, a node of file `file`; `names` when `value` maps
    /// names to objects.
    fn rewrite(&mut self, value: &mut Value, file: usize, names: bool) -> Result<(), String> {
        match value {
            Value::Array(items) => {
                for item in items {
                    self.rewrite(item, file, false)?;
                }
            }
            Value::Object(object) if names => {
                for child in object.values_mut() {
                    self.rewrite(child, file, false)?;
                }
            }
            Value::Object(object) => {
                if let Some(Value::String(reference)) = object.get_mut("$ref") {
                    *reference = self.local(reference, file)?;
                }
                for (key, child) in object.iter_mut() {
                    match key.as_str() {
                        "$ref" | "example" | "default" | "enum" | "const" => {}
                        key if key.starts_with("x-") => {}
                        // Example objects: their own `$ref`, never their `value`.
                        "examples" => {
                            for example in child
                                .as_object_mut()
                                .into_iter()
                                .flat_map(|e| e.values_mut())
                            {
                                if let Some(Value::String(reference)) = example.get_mut("$ref") {
                                    *reference = self.local(reference, file)?;
                                }
                            }
                        }
                        // A discriminator's mapping: value → reference.
                        "mapping" => {
                            for target in child
                                .as_object_mut()
                                .into_iter()
                                .flat_map(|m| m.values_mut())
                            {
                                if let Value::String(reference) = target {
                                    *reference = self.local(reference, file)?;
                                }
                            }
                        }
                        key => {
                            let names = NAME_MAPS.contains(&key) && child.is_object();
                            self.rewrite(child, file, names)?;
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The local reference that stands for `reference`, written in file `file`.
    fn local(&mut self, reference: &str, file: usize) -> Result<String, String> {
        let (location, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target = if location.is_empty() {
            file
        } else {
            self.file(location, file, reference)?
        };
        Ok(match target {
            0 => format!("#{fragment}"),
            _ => format!(
                "#/{FILES_KEY}/{}{fragment}",
                escape(&bundle_name(&self.root_dir, &self.files[target]))
            ),
        })
    }

    /// The index of the file `location` names from file `from`, read if it is new.
    fn file(&mut self, location: &str, from: usize, reference: &str) -> Result<usize, String> {
        if generator::load::resolve::is_url(location) {
            return Err(format!(
                "`$ref: {reference}` is a URL: the runner, as the generator, fetches nothing"
            ));
        }
        let directory = self.files[from]
            .parent()
            .map_or_else(|| self.root_dir.clone(), Path::to_path_buf);
        let joined = directory.join(super::document::percent_decode(location));
        let canonical = joined.canonicalize().map_err(|error| {
            format!("`$ref: {reference}` names `{}`: {error}", joined.display())
        })?;
        if !canonical.starts_with(&self.root_dir) {
            return Err(format!(
                "`$ref: {reference}` names `{}`, outside the root spec's directory",
                canonical.display()
            ));
        }
        if let Some(known) = self.files.iter().position(|file| *file == canonical) {
            return Ok(known);
        }
        let tree = read_file(&canonical)?;
        self.files.push(canonical);
        self.trees.push(tree);
        Ok(self.files.len() - 1)
    }
}

/// A file's key under [`FILES_KEY`]: its path relative to the root spec's directory.
fn bundle_name(root_dir: &Path, file: &Path) -> String {
    file.strip_prefix(root_dir)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// One JSON pointer segment: `~` as `~0`, `/` as `~1`.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::super::document::{resolve, RawOperation};
    use super::super::sample::{Sampler, FILE_CONTENT};
    use super::*;
    use generator::ir::ParamLocation;
    use serde_json::json;

    /// A directory of its own under the system's temporary one, with `files` written into it;
    /// removed when dropped.
    struct Project(PathBuf);

    impl Project {
        fn join(&self, path: &str) -> PathBuf {
            self.0.join(path)
        }
    }

    impl Drop for Project {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn project(name: &str, files: &[(&str, &str)]) -> Project {
        let dir = std::env::temp_dir().join(format!("conformance-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Project(dir)
    }

    #[test]
    fn a_reference_into_another_file_points_at_that_file_embedded() {
        let dir = project(
            "bundle_relative",
            &[
                (
                    "api/openapi.yaml",
                    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    $ref: paths/pets.yaml\n",
                ),
                (
                    "api/paths/pets.yaml",
                    "get:\n  parameters:\n    - $ref: '../parameters.yaml#/Limit'\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema: {$ref: '#/Pets'}\n          example: {$ref: 'not/a/file.yaml'}\nPets: {type: array}\n",
                ),
                (
                    "api/parameters.yaml",
                    "Limit: {in: query, name: limit, schema: {type: integer, maximum: 5}}\n",
                ),
            ],
        );
        let root = read(&dir.join("api/openapi.yaml")).unwrap();
        let item = resolve(&root, &root["paths"]["/pets"]);
        let parameter = resolve(&root, &item["get"]["parameters"][0]);
        assert_eq!(
            parameter["schema"],
            json!({"type": "integer", "maximum": 5})
        );
        let media = &item["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(
            resolve(&root, &media["schema"]),
            &json!({"type": "array"}),
            "a local reference of another file names a node of that file"
        );
        assert_eq!(media["example"], json!({"$ref": "not/a/file.yaml"}), "data");
    }

    #[test]
    fn a_reference_to_a_url_or_outside_the_spec_directory_is_refused() {
        let dir = project(
            "bundle_refused",
            &[
                (
                    "api/url.yaml",
                    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {$ref: 'https://example.com/pet.yaml'}\n",
                ),
                (
                    "api/outside.yaml",
                    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {$ref: '../pet.yaml'}\n",
                ),
                ("pet.yaml", "type: object\n"),
            ],
        );
        let refused = read(&dir.join("api/url.yaml")).unwrap_err();
        assert!(refused.contains("is a URL"), "{refused}");
        let refused = read(&dir.join("api/outside.yaml")).unwrap_err();
        assert!(
            refused.contains("outside the root spec's directory"),
            "{refused}"
        );
    }

    #[test]
    fn a_property_named_like_a_keyword_is_still_a_schema() {
        let dir = project(
            "bundle_names",
            &[
                (
                    "openapi.yaml",
                    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      properties:\n        example: {$ref: 'tag.yaml'}\n",
                ),
                ("tag.yaml", "type: string\n"),
            ],
        );
        let root = read(&dir.join("openapi.yaml")).unwrap();
        let property = &root["components"]["schemas"]["Pet"]["properties"]["example"];
        assert_eq!(property, &json!({"$ref": "#/x-conformance-files/tag.yaml"}));
        assert_eq!(resolve(&root, property), &json!({"type": "string"}));
    }

    /// The operation at `path` and `method` of `root`, as the driver finds it.
    fn raw<'a>(root: &'a Value, path: &str, method: &str) -> RawOperation<'a> {
        let path_item = resolve(root, &root["paths"][path]);
        RawOperation {
            root,
            path_item,
            operation: &path_item[method],
        }
    }

    const SWAGGER_2: &str = "\
swagger: '2.0'
info: {title: pets, version: '1'}
consumes: [application/json]
paths:
  /pets/{id}:
    parameters:
      - {in: path, name: id, required: true, type: integer, minimum: 3}
    get:
      parameters:
        - {in: query, name: tags, type: array, items: {type: string, enum: [cat, dog]}, collectionFormat: csv}
        - {in: header, name: X-Since, type: string, format: date}
      responses: {'200': {description: ok, schema: {$ref: '#/definitions/Pet'}}}
    put:
      parameters:
        - {in: body, name: pet, required: true, schema: {$ref: '#/definitions/Pet'}}
      responses: {'204': {description: saved}}
    post:
      consumes: [multipart/form-data]
      parameters:
        - {in: formData, name: note, type: string, required: true, maxLength: 4}
        - {in: formData, name: photo, type: file}
      responses: {'204': {description: saved}}
definitions:
  Pet:
    type: object
    required: [name]
    properties: {name: {type: string}}
";

    #[test]
    fn swagger_2_parameters_typed_on_the_parameter_get_values_of_their_type() {
        let dir = project("bundle_swagger2_parameters", &[("pets.yaml", SWAGGER_2)]);
        let root = read(&dir.join("pets.yaml")).unwrap();
        let get = raw(&root, "/pets/{id}", "get");
        let sample = |name: &str, location: ParamLocation| {
            let parameter = get.parameter(name, location).unwrap();
            Sampler::new(&root, true).sample(&parameter["schema"])
        };
        assert_eq!(
            sample("id", ParamLocation::Path),
            Some(json!(3)),
            "shared by the path"
        );
        assert_eq!(sample("tags", ParamLocation::Query), Some(json!(["cat"])));
        assert_eq!(
            sample("X-Since", ParamLocation::Header),
            Some(json!("2024-01-02"))
        );
        let tags = get.parameter("tags", ParamLocation::Query).unwrap();
        assert_eq!(
            (&tags["style"], &tags["explode"]),
            (&json!("form"), &json!(false)),
            "csv"
        );
        let answer = get.response_schema(200, Some("application/json"));
        assert_eq!(answer, Some(&json!({"$ref": "#/components/schemas/Pet"})));
    }

    #[test]
    fn a_swagger_2_body_parameter_is_sampled_as_the_request_body() {
        let dir = project("bundle_swagger2_body", &[("pets.yaml", SWAGGER_2)]);
        let root = read(&dir.join("pets.yaml")).unwrap();
        let media = raw(&root, "/pets/{id}", "put")
            .body_media("application/json")
            .unwrap();
        assert_eq!(
            Sampler::new(&root, true).sample(&media["schema"]),
            Some(json!({"name": "conformance"}))
        );
    }

    #[test]
    fn swagger_2_form_fields_are_one_multipart_object_with_the_file_as_bytes() {
        let dir = project("bundle_swagger2_form", &[("pets.yaml", SWAGGER_2)]);
        let root = read(&dir.join("pets.yaml")).unwrap();
        let media = raw(&root, "/pets/{id}", "post")
            .body_media("multipart/form-data")
            .unwrap();
        assert_eq!(
            Sampler::new(&root, true).sample(&media["schema"]),
            Some(json!({"note": "conf", "photo": FILE_CONTENT}))
        );
    }
}
