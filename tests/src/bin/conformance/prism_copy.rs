//! The copy of a slice that Prism reads, where it differs from the slice the client is generated
//! from: examples whose data holds a `$ref` key (Prism's resolver would download them) are left
//! out, and reference cycles, which Prism's resolver takes minutes to hours to dereference, are
//! cut so that every value Prism generates from the copy still matches the original schema.
//!
//! The cuts, in a spec whose component schemas reference each other in a cycle:
//! - `x-` extension values holding a `$ref` (Stripe's `x-expansionResources`) are left out: Prism
//!   gives them no meaning but dereferences them;
//! - an expandable field (`anyOf`/`oneOf` of a plain `type: string` and references, Stripe's
//!   "ID or expanded object") is expanded [`EXPANSION_DEPTH`] level(s) deep; beyond that only its
//!   non-reference alternatives are kept, which the original `anyOf` allows as well;
//! - a reference that still closes a cycle is left out with its property when that property is
//!   optional (absent is valid in the original schema too).
//!
//! Request parameters and bodies are validated by Prism against the copy, so a cut inside a
//! request schema could only refuse a valid request, never let a wrong one pass.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::slice::escape;

/// How many levels of expandable fields Prism's copy keeps expanded. Prism's load time grows with
/// the size of every operation's schemas with all references inlined: on Stripe, 100 operations
/// take Prism about 10 s to load with no expansion and 155 s with one level (1.5 MB of schemas
/// inlining to 3 MB per operation), so the runner expands none; every object is still decoded as
/// the answer of its own operations.
pub const EXPANSION_DEPTH: usize = 0;

const SCHEMAS: &str = "#/components/schemas/";

/// Prism's copy of `part` and what was changed, or `None` when Prism can read `part` as it is.
pub struct PrismCopy {
    pub document: Value,
    pub changes: Vec<String>,
}

pub fn prism_copy(part: &Value) -> Option<PrismCopy> {
    let mut document = part.clone();
    let mut changes = Vec::new();
    let examples = leave_out_examples_with_ref_data(&mut document);
    if examples > 0 {
        changes.push(format!(
            "{examples} example(s) left out whose data holds a `$ref` key (Prism answers those \
             operations from the schema)"
        ));
    }
    if has_schema_cycle(&document) {
        changes.extend(cut_cycles(&mut document));
    }
    (!changes.is_empty()).then_some(PrismCopy { document, changes })
}

// ---- examples ----------------------------------------------------------------------------------

/// Whether example data holds an object with a string `$ref`, which Prism would resolve.
fn holds_ref_key(data: &Value) -> bool {
    match data {
        Value::Object(object) => {
            object.get("$ref").is_some_and(Value::is_string) || object.values().any(holds_ref_key)
        }
        Value::Array(items) => items.iter().any(holds_ref_key),
        _ => false,
    }
}

/// Leaves out every `example` and every Example Object (inline or under `components/examples`)
/// whose data holds a `$ref` key, and the references to the component examples left out.
fn leave_out_examples_with_ref_data(document: &mut Value) -> usize {
    let mut left_out = 0;
    let mut removed_components = BTreeSet::new();
    if let Some(examples) = document
        .pointer_mut("/components/examples")
        .and_then(Value::as_object_mut)
    {
        let names: Vec<String> = examples
            .iter()
            .filter(|(_, example)| example.get("value").is_some_and(holds_ref_key))
            .map(|(name, _)| name.clone())
            .collect();
        for name in names {
            examples.remove(&name);
            left_out += 1;
            removed_components.insert(format!("#/components/examples/{}", escape(&name)));
        }
    }
    left_out += leave_out_in(document, &removed_components);
    left_out
}

fn leave_out_in(value: &mut Value, removed: &BTreeSet<String>) -> usize {
    let mut left_out = 0;
    match value {
        Value::Object(object) => {
            if object.get("example").is_some_and(holds_ref_key) {
                object.remove("example");
                left_out += 1;
            }
            if let Some(Value::Object(examples)) = object.get_mut("examples") {
                let is_example_map = examples.values().all(Value::is_object);
                let names: Vec<String> = examples
                    .iter()
                    .filter(|(_, example)| {
                        is_example_map
                            && (example.get("value").is_some_and(holds_ref_key)
                                || example
                                    .get("$ref")
                                    .and_then(Value::as_str)
                                    .is_some_and(|target| removed.contains(target)))
                    })
                    .map(|(name, _)| name.clone())
                    .collect();
                for name in &names {
                    examples.remove(name);
                    left_out += 1;
                }
                if !names.is_empty() && examples.is_empty() {
                    object.remove("examples");
                }
            }
            for child in object.values_mut() {
                left_out += leave_out_in(child, removed);
            }
        }
        Value::Array(items) => {
            for item in items {
                left_out += leave_out_in(item, removed);
            }
        }
        _ => {}
    }
    left_out
}

// ---- cycles ------------------------------------------------------------------------------------

/// The component schema a reference names: `#/components/schemas/Pet/properties/id` → `Pet`.
fn schema_name(reference: &str) -> Option<String> {
    let rest = reference.strip_prefix(SCHEMAS)?;
    let name = rest.split('/').next()?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

/// Every reference to a component schema under `value`, with the JSON path to it.
fn schema_references(value: &Value, path: &mut Vec<String>, into: &mut Vec<(Vec<String>, String)>) {
    match value {
        Value::Object(object) => {
            if let Some(name) = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(schema_name)
            {
                into.push((path.clone(), name));
            }
            for (key, child) in object {
                path.push(key.clone());
                schema_references(child, path, into);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                schema_references(item, path, into);
                path.pop();
            }
        }
        _ => {}
    }
}

fn schemas(document: &Value) -> Option<&Map<String, Value>> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
}

/// Every reference from one component schema to another: (from, path inside from, to).
fn schema_edges(document: &Value) -> BTreeMap<String, Vec<(Vec<String>, String)>> {
    schemas(document)
        .into_iter()
        .flatten()
        .map(|(name, schema)| {
            let mut found = Vec::new();
            schema_references(schema, &mut Vec::new(), &mut found);
            found.retain(|(_, target)| {
                schemas(document).is_some_and(|all| all.contains_key(target))
            });
            (name.clone(), found)
        })
        .collect()
}

/// The references that close a cycle, found by a depth-first walk in name order.
fn back_edges(edges: &BTreeMap<String, Vec<(Vec<String>, String)>>) -> Vec<(String, Vec<String>)> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    let mut state: BTreeMap<&str, State> = BTreeMap::new();
    let mut found = Vec::new();
    for start in edges.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        // An explicit stack (schema, index of its next edge) keeps deep graphs off the call stack.
        let mut stack: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
        state.insert(start, State::Open);
        while let Some((node, next)) = stack.last_mut() {
            let node: &str = node;
            let outgoing = &edges[node];
            if *next == outgoing.len() {
                state.insert(node, State::Done);
                stack.pop();
                continue;
            }
            let (path, target) = &outgoing[*next];
            *next += 1;
            match state.get(target.as_str()) {
                Some(State::Open) => found.push((node.to_string(), path.clone())),
                Some(State::Done) => {}
                None => {
                    state.insert(target, State::Open);
                    stack.push((target.as_str(), 0));
                }
            }
        }
    }
    found
}

fn has_schema_cycle(document: &Value) -> bool {
    !back_edges(&schema_edges(document)).is_empty()
}

/// Whether `alternatives` are an expandable field's: a plain string beside references.
fn is_expandable(alternatives: &[Value]) -> bool {
    let plain_string = |alternative: &Value| {
        alternative.get("$ref").is_none()
            && alternative.get("type").and_then(Value::as_str) == Some("string")
    };
    alternatives.iter().any(plain_string)
        && alternatives
            .iter()
            .any(|alternative| alternative.get("$ref").is_some())
}

/// The name of schema `name` with `levels` levels of expandable fields left to expand.
fn variant_name(name: &str, levels: usize) -> String {
    if levels == EXPANSION_DEPTH {
        name.to_string()
    } else {
        format!("{name}__expand{levels}")
    }
}

/// `value` with its expandable fields expanded `levels` deep and its schema references pointing
/// at the variants of that depth.
fn rewrite(value: &Value, levels: usize) -> Value {
    match value {
        Value::Object(object) => {
            let mut out = Map::new();
            for (key, child) in object {
                if key.starts_with("x-") && contains_ref(child) {
                    continue;
                }
                let alternatives = child
                    .as_array()
                    .filter(|_| key == "anyOf" || key == "oneOf");
                let rewritten = match alternatives {
                    Some(alternatives) if is_expandable(alternatives) => Value::Array(
                        alternatives
                            .iter()
                            .filter(|alternative| levels > 0 || alternative.get("$ref").is_none())
                            .map(|alternative| rewrite(alternative, levels.saturating_sub(1)))
                            .collect(),
                    ),
                    _ if key == "$ref" => retarget(child, levels),
                    _ if key == "mapping" => match child {
                        Value::Object(mapping) => Value::Object(
                            mapping
                                .iter()
                                .map(|(tag, target)| (tag.clone(), retarget(target, levels)))
                                .collect(),
                        ),
                        other => other.clone(),
                    },
                    _ => rewrite(child, levels),
                };
                out.insert(key.clone(), rewritten);
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|item| rewrite(item, levels)).collect())
        }
        other => other.clone(),
    }
}

/// A reference to a component schema, pointed at its variant with `levels` levels to expand.
fn retarget(reference: &Value, levels: usize) -> Value {
    let Some(text) = reference.as_str() else {
        return reference.clone();
    };
    let Some(rest) = text.strip_prefix(SCHEMAS) else {
        return reference.clone();
    };
    let (name, tail) = rest
        .split_once('/')
        .map_or((rest, ""), |(name, tail)| (name, tail));
    let mut retargeted = format!("{SCHEMAS}{}", variant_name(name, levels));
    if !tail.is_empty() {
        retargeted.push('/');
        retargeted.push_str(tail);
    }
    Value::String(retargeted)
}

/// How many `x-` values hold a `$ref`, and how many expandable fields `document` has.
fn count_cut_points(value: &Value) -> (usize, usize) {
    match value {
        Value::Object(object) => {
            object
                .iter()
                .fold((0, 0), |(extensions, expandable), (key, child)| {
                    if key.starts_with("x-") && contains_ref(child) {
                        return (extensions + 1, expandable);
                    }
                    let here = ["anyOf", "oneOf"].contains(&key.as_str())
                        && child
                            .as_array()
                            .is_some_and(|alternatives| is_expandable(alternatives));
                    let (inner_extensions, inner_expandable) = count_cut_points(child);
                    (
                        extensions + inner_extensions,
                        expandable + inner_expandable + usize::from(here),
                    )
                })
        }
        Value::Array(items) => items
            .iter()
            .map(count_cut_points)
            .fold((0, 0), |(a, b), (c, d)| (a + c, b + d)),
        _ => (0, 0),
    }
}

fn contains_ref(value: &Value) -> bool {
    match value {
        Value::Object(object) => object.contains_key("$ref") || object.values().any(contains_ref),
        Value::Array(items) => items.iter().any(contains_ref),
        _ => false,
    }
}

/// Cuts the reference cycles of `document` (see the module's comment) and says what it did.
fn cut_cycles(document: &mut Value) -> Vec<String> {
    let (extensions, expandable) = count_cut_points(document);
    let Some(object) = document.as_object() else {
        return Vec::new();
    };
    let mut rewritten = Map::new();
    for (key, value) in object {
        let value = if key == "components" {
            let mut components = Map::new();
            for (section, entries) in value.as_object().into_iter().flatten() {
                let entries = if section == "schemas" {
                    let mut variants = Map::new();
                    for (name, schema) in entries.as_object().into_iter().flatten() {
                        for levels in (0..=EXPANSION_DEPTH).rev() {
                            variants.insert(variant_name(name, levels), rewrite(schema, levels));
                        }
                    }
                    Value::Object(variants)
                } else {
                    rewrite(entries, EXPANSION_DEPTH)
                };
                components.insert(section.clone(), entries);
            }
            Value::Object(components)
        } else {
            rewrite(value, EXPANSION_DEPTH)
        };
        rewritten.insert(key.clone(), value);
    }
    *document = Value::Object(rewritten);
    let expansion = match EXPANSION_DEPTH {
        0 => "keep only their string alternative".to_string(),
        depth => format!("are expanded {depth} level(s) deep, beyond that only a string"),
    };
    let mut changes = vec![format!(
        "reference cycles cut: {extensions} `x-` value(s) holding a `$ref` left out; \
         {expandable} expandable field(s) (a string or references) {expansion}"
    )];
    let (dropped, kept) = drop_cyclic_optional_properties(document);
    if !dropped.is_empty() {
        changes.push(format!(
            "optional properties left out that close a cycle: {}",
            dropped.join(", ")
        ));
    }
    if !kept.is_empty() {
        changes.push(format!(
            "cycles left in place (not through an optional property): {}",
            kept.join(", ")
        ));
    }
    prune_unreferenced_schemas(document);
    changes
}

/// Leaves out each optional property whose reference closes a cycle, until none is left; returns
/// the properties left out and the cycles that could not be cut that way.
fn drop_cyclic_optional_properties(document: &mut Value) -> (Vec<String>, Vec<String>) {
    let mut dropped = Vec::new();
    let mut kept = BTreeSet::new();
    loop {
        let edges = schema_edges(document);
        let mut progress = false;
        for (from, path) in back_edges(&edges) {
            let Some(at) = path
                .iter()
                .rposition(|segment| segment == "properties")
                .filter(|at| at + 1 < path.len())
            else {
                kept.insert(format!("{from}/{}", path.join("/")));
                continue;
            };
            let property = path[at + 1].clone();
            let pointer: String = path[..at]
                .iter()
                .map(|segment| format!("/{}", escape(segment)))
                .collect();
            let Some(owner) = document
                .pointer_mut(&format!("/components/schemas/{}{pointer}", escape(&from)))
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            let required = owner
                .get("required")
                .and_then(Value::as_array)
                .is_some_and(|required| required.iter().any(|name| name == &property));
            if required {
                kept.insert(format!("{from}.{property}"));
                continue;
            }
            if let Some(properties) = owner.get_mut("properties").and_then(Value::as_object_mut) {
                if properties.remove(&property).is_some() {
                    dropped.push(format!("{from}.{property}"));
                    progress = true;
                }
            }
        }
        if !progress {
            break;
        }
    }
    (dropped, kept.into_iter().collect())
}

/// Leaves out the schema variants nothing outside `components/schemas` reaches.
fn prune_unreferenced_schemas(document: &mut Value) {
    let edges = schema_edges(document);
    let mut outside = Vec::new();
    if let Some(object) = document.as_object() {
        for (key, value) in object {
            if key == "components" {
                for (section, entries) in value.as_object().into_iter().flatten() {
                    if section != "schemas" {
                        schema_references(entries, &mut Vec::new(), &mut outside);
                    }
                }
            } else {
                schema_references(value, &mut Vec::new(), &mut outside);
            }
        }
    }
    let mut reached = BTreeSet::new();
    let mut pending: Vec<String> = outside.into_iter().map(|(_, name)| name).collect();
    while let Some(name) = pending.pop() {
        if let Some(targets) = edges.get(&name) {
            if reached.insert(name.clone()) {
                pending.extend(targets.iter().map(|(_, target)| target.clone()));
            }
        }
    }
    if let Some(all) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        all.retain(|name, _| reached.contains(name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scim() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": { "title": "SCIM", "version": "1" },
            "paths": { "/groups": { "get": { "responses": { "200": {
                "description": "ok",
                "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/Group" },
                    "examples": {
                        "default": { "$ref": "#/components/examples/group" },
                        "plain": { "value": { "id": "g2", "members": [] } }
                    }
                } }
            } } } } },
            "components": {
                "schemas": { "Group": { "type": "object", "properties": {
                    "id": { "type": "string" },
                    "members": { "type": "array", "items": { "type": "object", "properties": {
                        "$ref": { "type": "string" } } } }
                } } },
                "examples": { "group": { "value": { "id": "g1", "members": [
                    { "$ref": "https://api.example.com/scim/Users/1" }
                ] } } }
            }
        })
    }

    #[test]
    fn an_example_whose_data_holds_a_ref_key_is_left_out_with_its_references() {
        let copy = prism_copy(&scim()).expect("the part needs a copy");
        let media = &copy.document["paths"]["/groups"]["get"]["responses"]["200"]["content"]
            ["application/json"];
        assert_eq!(
            media["examples"],
            json!({ "plain": { "value": { "id": "g2", "members": [] } } })
        );
        assert_eq!(copy.document["components"]["examples"], json!({}));
        // The schema's property named `$ref` is a schema, not data: it stays.
        assert_eq!(
            copy.document["components"]["schemas"]["Group"],
            scim()["components"]["schemas"]["Group"]
        );
        assert_eq!(copy.changes.len(), 1, "{:?}", copy.changes);
        assert!(
            copy.changes[0].starts_with("2 example(s) left out"),
            "{:?}",
            copy.changes
        );
    }

    #[test]
    fn an_inline_example_with_ref_data_is_left_out() {
        let mut spec = scim();
        spec["components"]["schemas"]["Group"]["example"] =
            json!({ "members": [{ "$ref": "https://api.example.com/scim/Users/1" }] });
        let copy = prism_copy(&spec).expect("the part needs a copy");
        assert_eq!(
            copy.document["components"]["schemas"]["Group"].get("example"),
            None
        );
    }

    #[test]
    fn a_part_without_ref_data_or_cycles_is_given_to_prism_as_it_is() {
        let mut spec = scim();
        spec["components"]
            .as_object_mut()
            .expect("components")
            .remove("examples");
        let media =
            &mut spec["paths"]["/groups"]["get"]["responses"]["200"]["content"]["application/json"];
        media
            .as_object_mut()
            .expect("media type")
            .remove("examples");
        assert!(prism_copy(&spec).is_none());
    }

    /// Stripe's shape: a charge whose `customer` is an ID or the expanded customer, a customer
    /// whose `charges` lists charges, and an error that may hold the charge it is about.
    fn stripe() -> Value {
        json!({
            "openapi": "3.0.0",
            "info": { "title": "Payments", "version": "1" },
            "paths": { "/charges/{id}": { "get": { "responses": { "200": {
                "description": "ok",
                "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/charge" } } }
            } } } } },
            "components": { "schemas": {
                "charge": {
                    "type": "object",
                    "required": ["id", "customer"],
                    "properties": {
                        "id": { "type": "string" },
                        "customer": {
                            "anyOf": [
                                { "type": "string", "maxLength": 5000 },
                                { "$ref": "#/components/schemas/customer" }
                            ],
                            "nullable": true,
                            "x-expansionResources": { "oneOf": [
                                { "$ref": "#/components/schemas/customer" } ] }
                        },
                        "last_error": {
                            "anyOf": [{ "$ref": "#/components/schemas/api_error" }],
                            "nullable": true
                        }
                    }
                },
                "customer": {
                    "type": "object",
                    "properties": { "charges": { "type": "array", "items": {
                        "$ref": "#/components/schemas/charge" } } }
                },
                "api_error": {
                    "type": "object",
                    "properties": { "charge": { "$ref": "#/components/schemas/charge" } }
                },
                "unused": { "type": "string" }
            } }
        })
    }

    #[test]
    fn in_a_cyclic_spec_expandable_fields_keep_only_their_string_alternative() {
        let copy = prism_copy(&stripe()).expect("the part needs a copy");
        let customer = &copy.document["components"]["schemas"]["charge"]["properties"]["customer"];
        assert_eq!(
            customer,
            &json!({ "anyOf": [{ "type": "string", "maxLength": 5000 }], "nullable": true })
        );
        assert!(
            copy.changes[0].contains("1 `x-` value(s)"),
            "{:?}",
            copy.changes
        );
        assert!(
            copy.changes[0].contains("1 expandable field(s)"),
            "{:?}",
            copy.changes
        );
    }

    #[test]
    fn an_optional_property_that_still_closes_a_cycle_is_left_out() {
        let copy = prism_copy(&stripe()).expect("the part needs a copy");
        let schemas = &copy.document["components"]["schemas"];
        assert!(!has_schema_cycle(&copy.document));
        // api_error → charge → api_error: the walk, in name order, closes it at `charge`.
        assert!(schemas["charge"]["properties"].get("last_error").is_none());
        assert_eq!(
            copy.changes[1],
            "optional properties left out that close a cycle: charge.last_error"
        );
        // Nothing reaches the customer once it is not expanded, nor the error, nor `unused`.
        let names: Vec<&String> = schemas.as_object().expect("schemas").keys().collect();
        assert_eq!(names, ["charge"]);
    }

    #[test]
    fn a_cycle_through_a_required_property_is_left_in_place_and_reported() {
        let mut spec = stripe();
        spec["components"]["schemas"]["charge"]["required"] = json!(["id", "last_error"]);
        let copy = prism_copy(&spec).expect("the part needs a copy");
        assert_eq!(
            copy.changes.last().map(String::as_str),
            Some("cycles left in place (not through an optional property): charge.last_error")
        );
        assert!(has_schema_cycle(&copy.document));
    }
}
