//! Cuts a spec into valid sub-specs of at most N operations each (`--slice N`), so Prism can load
//! the parts of specs it takes minutes to load whole. Each part keeps everything but the paths and
//! components, its own operations (with their path item's shared parameters), every security
//! scheme, and of the other components the closure of what its operations reference.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use generator::load::model::Method;

/// Writes the parts of `spec` as JSON files; each becomes a unit labelled `<file> part N/M`.
pub fn write_parts(
    spec: &Path,
    size: usize,
    into: &Path,
) -> Result<Vec<(String, PathBuf)>, String> {
    let root = super::bundle::read(spec)?;
    let file_name = spec
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = super::crate_stem(spec);
    let parts = slice(&root, size);
    let count = parts.len();
    let mut units = Vec::new();
    for (index, part) in parts.into_iter().enumerate() {
        let path = into.join(format!("{stem}_part{:03}.json", index + 1));
        let text = serde_json::to_string(&part).map_err(|error| error.to_string())?;
        fs::write(&path, text)
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        units.push((format!("{file_name} part {}/{count}", index + 1), path));
    }
    Ok(units)
}

/// The sub-specs of `root`, in operation order, each with at most `size` operations.
pub fn slice(root: &Value, size: usize) -> Vec<Value> {
    let size = size.max(1);
    let operations: Vec<(String, &str)> = root
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            Method::PATH_ITEM_ORDER
                .into_iter()
                .filter(|method| item.get(method.key()).is_some())
                .map(move |method| (path.clone(), method.key()))
        })
        .collect();
    operations
        .chunks(size)
        .map(|chunk| sub_spec(root, chunk))
        .collect()
}

fn sub_spec(root: &Value, operations: &[(String, &str)]) -> Value {
    let Some(all_paths) = root.get("paths").and_then(Value::as_object) else {
        return root.clone();
    };
    let mut paths = Map::new();
    for (path, method) in operations {
        let Some(item) = all_paths.get(path).and_then(Value::as_object) else {
            continue;
        };
        let entry = paths.entry(path.clone()).or_insert_with(|| {
            let shared: Map<String, Value> = item
                .iter()
                .filter(|(key, _)| Method::from_key(key).is_none())
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect();
            Value::Object(shared)
        });
        if let (Some(entry), Some(operation)) = (entry.as_object_mut(), item.get(*method)) {
            entry.insert((*method).to_string(), operation.clone());
        }
    }
    let paths = Value::Object(paths);
    let mut kept: BTreeSet<(String, String)> = BTreeSet::new();
    let mut pending = Vec::new();
    collect_references(&paths, &mut pending);
    while let Some(reference) = pending.pop() {
        let Some((section, name)) = component_of(&reference) else {
            continue;
        };
        if !kept.insert((section.clone(), name.clone())) {
            continue;
        }
        if let Some(target) = root.pointer(&format!("/components/{}/{}", section, escape(&name))) {
            collect_references(target, &mut pending);
        }
    }
    let mut sub = root.as_object().cloned().unwrap_or_default();
    sub.remove("webhooks");
    sub.insert("paths".to_string(), paths);
    if let Some(components) = root.get("components").and_then(Value::as_object) {
        let mut kept_components = Map::new();
        for (section, entries) in components {
            let Some(entries) = entries.as_object() else {
                continue;
            };
            let keep_all = section == "securitySchemes";
            let chosen: Map<String, Value> = entries
                .iter()
                .filter(|(name, _)| keep_all || kept.contains(&(section.clone(), (*name).clone())))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect();
            if !chosen.is_empty() {
                kept_components.insert(section.clone(), Value::Object(chosen));
            }
        }
        sub.insert("components".to_string(), Value::Object(kept_components));
    }
    Value::Object(sub)
}

/// Every `$ref` string under `value`.
fn collect_references(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
                into.push(reference.to_string());
            }
            for (key, child) in object {
                // `mapping` values of a discriminator are references written as plain strings.
                if key == "mapping" {
                    if let Some(mapping) = child.as_object() {
                        into.extend(mapping.values().filter_map(Value::as_str).map(String::from));
                    }
                }
                collect_references(child, into);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_references(item, into)),
        _ => {}
    }
}

/// `#/components/schemas/Pet/properties/id` → (`schemas`, `Pet`).
fn component_of(reference: &str) -> Option<(String, String)> {
    let rest = reference.strip_prefix("#/components/")?;
    let mut segments = rest.split('/');
    let section = segments.next()?;
    let name = segments.next()?;
    Some((
        section.to_string(),
        name.replace("~1", "/").replace("~0", "~"),
    ))
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": { "title": "Shop", "version": "1" },
            "paths": {
                "/pets": {
                    "parameters": [{ "$ref": "#/components/parameters/Limit" }],
                    "get": { "responses": { "200": { "$ref": "#/components/responses/Pets" } } },
                    "post": { "responses": { "204": { "description": "made" } } }
                },
                "/orders": {
                    "get": { "responses": { "200": { "description": "ok", "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Order" } } } } } }
                }
            },
            "components": {
                "parameters": { "Limit": { "name": "limit", "in": "query", "schema": { "type": "integer" } } },
                "responses": { "Pets": { "description": "pets", "content": { "application/json": {
                    "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Pet" } } } } } },
                "schemas": {
                    "Pet": { "type": "object", "properties": { "owner": { "$ref": "#/components/schemas/Owner" } } },
                    "Owner": { "type": "object" },
                    "Order": { "type": "object" }
                },
                "securitySchemes": { "key": { "type": "apiKey", "in": "header", "name": "X-Key" } }
            }
        })
    }

    #[test]
    fn each_part_holds_at_most_n_operations_in_spec_order() {
        let parts = slice(&spec(), 2);
        assert_eq!(parts.len(), 2);
        let methods = |part: &Value, path: &str| -> Vec<String> {
            part["paths"][path]
                .as_object()
                .map(|item| {
                    item.keys()
                        .filter(|key| *key != "parameters")
                        .cloned()
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(methods(&parts[0], "/pets"), vec!["get", "post"]);
        assert_eq!(parts[0]["paths"].get("/orders"), None);
        assert_eq!(methods(&parts[1], "/orders"), vec!["get"]);
    }

    #[test]
    fn a_part_keeps_the_closure_of_what_it_references_and_every_security_scheme() {
        let parts = slice(&spec(), 2);
        let first = &parts[0]["components"];
        let names = |section: &str| -> Vec<String> {
            first[section]
                .as_object()
                .map(|s| s.keys().cloned().collect())
                .unwrap_or_default()
        };
        assert_eq!(names("schemas"), vec!["Pet", "Owner"]);
        assert_eq!(names("parameters"), vec!["Limit"]);
        assert_eq!(names("responses"), vec!["Pets"]);
        assert_eq!(names("securitySchemes"), vec!["key"]);
        assert_eq!(
            parts[1]["components"]["schemas"],
            json!({ "Order": { "type": "object" } })
        );
        assert_eq!(parts[1]["info"], json!({ "title": "Shop", "version": "1" }));
    }
}
