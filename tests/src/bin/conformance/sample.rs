//! Builds a value that a schema accepts, as JSON: the spec's own `example` first, then `const`,
//! `enum`, `default`, then a value made from the type, its `format` and its bounds (`minimum`,
//! `maxLength`, `minItems`…). Required properties are always filled, optional ones near the top,
//! `readOnly` ones never (they are not sent); `format: binary` becomes the bytes of a small file.

use serde_json::{json, Map, Number, Value};

use super::document::{reference, resolve};

/// The bytes sent for every `format: binary` value.
pub const FILE_CONTENT: &[u8] = b"conformance file\n";

/// How deep optional properties are still filled; deeper objects get their required ones only.
const OPTIONAL_DEPTH: usize = 2;

/// How deep the builder goes at all: past this, recursive schemas stop.
const MAX_DEPTH: usize = 12;

/// Builds sample values for the schemas of one document.
pub struct Sampler<'a> {
    root: &'a Value,
    /// Whether `example`/`examples`/`default` are taken when given (off for the fallback value).
    use_examples: bool,
}

impl<'a> Sampler<'a> {
    pub fn new(root: &'a Value, use_examples: bool) -> Sampler<'a> {
        Sampler { root, use_examples }
    }

    /// A value the schema accepts, or `None` when none can be built (a recursive schema whose
    /// every path recurses, `not` alone…).
    pub fn sample(&self, schema: &Value) -> Option<Value> {
        self.build(schema, 0, &mut Vec::new())
    }

    /// The example of a parameter or media type object (`example`, or the first of `examples`),
    /// which takes precedence over its schema's.
    pub fn holder_example(&self, holder: &Value) -> Option<Value> {
        if !self.use_examples {
            return None;
        }
        if let Some(example) = holder.get("example") {
            return Some(example.clone());
        }
        let examples = holder.get("examples")?.as_object()?;
        examples
            .values()
            .map(|example| resolve(self.root, example))
            .find_map(|example| example.get("value").cloned())
    }

    fn build(&self, schema: &Value, depth: usize, seen: &mut Vec<String>) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(target) = reference(schema) {
            if seen.iter().any(|visited| visited == target) {
                return None;
            }
            seen.push(target.to_string());
            let built = self.build(resolve(self.root, schema), depth, seen);
            seen.pop();
            return built;
        }
        let object = match schema {
            Value::Bool(true) => return Some(json!("conformance")),
            Value::Object(object) => object,
            _ => return None,
        };
        if let Some(given) = self.given_value(object) {
            return Some(given);
        }
        if let Some(all_of) = object.get("allOf").and_then(Value::as_array) {
            return self.all_of(object, all_of, depth, seen);
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(alternatives) = object.get(keyword).and_then(Value::as_array) {
                if object.contains_key("properties") {
                    return self.constrained_object(object, keyword, alternatives, depth, seen);
                }
                return self.alternative(object, alternatives, depth, seen);
            }
        }
        match main_type(object).as_deref() {
            Some("string") => Some(string_value(object)),
            Some("integer") => Some(Value::Number(integer_value(object).into())),
            Some("number") => Some(number_value(object)),
            Some("boolean") => Some(Value::Bool(true)),
            Some("array") => self.array(object, depth, seen),
            Some("object") => self.object(object, depth, seen),
            Some("null") => Some(Value::Null),
            _ if object.contains_key("properties") => self.object(object, depth, seen),
            _ if object.contains_key("items") => self.array(object, depth, seen),
            _ => Some(json!("conformance")),
        }
    }

    /// The value the schema itself names: its example, `const`, first `enum` value or default.
    fn given_value(&self, object: &Map<String, Value>) -> Option<Value> {
        if self.use_examples {
            if let Some(example) = object.get("example").filter(|example| !example.is_null()) {
                return Some(example.clone());
            }
            if let Some(first) = object
                .get("examples")
                .and_then(Value::as_array)
                .and_then(|examples| examples.first())
            {
                return Some(first.clone());
            }
        }
        if let Some(constant) = object.get("const") {
            return Some(constant.clone());
        }
        if let Some(first) = object
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|values| values.iter().find(|value| !value.is_null()))
        {
            return Some(first.clone());
        }
        if self.use_examples {
            return object
                .get("default")
                .filter(|value| !value.is_null())
                .cloned();
        }
        None
    }

    /// Every branch's value, objects merged into one.
    fn all_of(
        &self,
        object: &Map<String, Value>,
        branches: &[Value],
        depth: usize,
        seen: &mut Vec<String>,
    ) -> Option<Value> {
        let mut merged: Option<Value> = None;
        let own = {
            let mut own = object.clone();
            own.remove("allOf");
            (own.contains_key("properties") || own.contains_key("type")).then(|| Value::Object(own))
        };
        for branch in branches.iter().chain(own.as_ref()) {
            let value = self.build(branch, depth, seen)?;
            merged = Some(match (merged, value) {
                (Some(Value::Object(mut into)), Value::Object(from)) => {
                    into.extend(from);
                    Value::Object(into)
                }
                (_, value) => value,
            });
        }
        merged
    }

    /// The first alternative that can be built, with the discriminator property set to name it.
    fn alternative(
        &self,
        object: &Map<String, Value>,
        alternatives: &[Value],
        depth: usize,
        seen: &mut Vec<String>,
    ) -> Option<Value> {
        let (chosen, mut value) = alternatives
            .iter()
            .find_map(|alternative| Some((alternative, self.build(alternative, depth, seen)?)))?;
        let discriminator = object.get("discriminator").or_else(|| {
            let target = resolve(self.root, chosen);
            target.get("discriminator")
        });
        if let (Some(discriminator), Some(map)) = (discriminator, value.as_object_mut()) {
            let property = discriminator.get("propertyName").and_then(Value::as_str);
            let target = reference(chosen);
            let mapped = discriminator
                .get("mapping")
                .and_then(Value::as_object)
                .and_then(|mapping| {
                    mapping
                        .iter()
                        .find(|(_, to)| to.as_str() == target)
                        .map(|(name, _)| name.clone())
                });
            let tag =
                mapped.or_else(|| target.and_then(|t| t.rsplit('/').next()).map(String::from));
            if let (Some(property), Some(tag)) = (property, tag) {
                map.insert(property.to_string(), Value::String(tag));
            }
        }
        Some(value)
    }

    /// An object whose `oneOf`/`anyOf` alternatives only add constraints to its own properties
    /// (`anyOf: [{required: [a]}, {required: [b]}]`): its properties with the first
    /// alternative's requirements and properties merged in.
    fn constrained_object(
        &self,
        object: &Map<String, Value>,
        keyword: &str,
        alternatives: &[Value],
        depth: usize,
        seen: &mut Vec<String>,
    ) -> Option<Value> {
        let mut merged = object.clone();
        merged.remove(keyword);
        if let Some(Value::Object(first)) = alternatives.first().map(|a| resolve(self.root, a)) {
            for key in ["properties", "required"] {
                match (merged.get_mut(key), first.get(key)) {
                    (Some(Value::Object(into)), Some(Value::Object(from))) => {
                        into.extend(from.iter().map(|(k, v)| (k.clone(), v.clone())));
                    }
                    (Some(Value::Array(into)), Some(Value::Array(from))) => {
                        into.extend(from.iter().cloned());
                    }
                    (None, Some(from)) => {
                        merged.insert(key.to_string(), from.clone());
                    }
                    _ => {}
                }
            }
        }
        self.object(&merged, depth, seen)
    }

    fn array(
        &self,
        object: &Map<String, Value>,
        depth: usize,
        seen: &mut Vec<String>,
    ) -> Option<Value> {
        let max = object
            .get("maxItems")
            .and_then(Value::as_u64)
            .unwrap_or(u64::MAX);
        let min = object.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let count = min.max(1).min(max).min(8);
        if count == 0 {
            return Some(json!([]));
        }
        let items = object.get("items").cloned().unwrap_or(Value::Bool(true));
        match self.build(&items, depth + 1, seen) {
            Some(item) => Some(Value::Array(vec![item; count as usize])),
            None if min == 0 => Some(json!([])),
            None => None,
        }
    }

    fn object(
        &self,
        object: &Map<String, Value>,
        depth: usize,
        seen: &mut Vec<String>,
    ) -> Option<Value> {
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut built = Map::new();
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let is_required = required.contains(&name.as_str());
                let target = resolve(self.root, property);
                let read_only = target.get("readOnly").and_then(Value::as_bool) == Some(true);
                if read_only && !is_required {
                    continue;
                }
                if !is_required && depth >= OPTIONAL_DEPTH {
                    continue;
                }
                match self.build(property, depth + 1, seen) {
                    Some(value) => {
                        built.insert(name.clone(), value);
                    }
                    None if is_required => return None,
                    None => {}
                }
            }
        }
        let additional = object.get("additionalProperties").filter(|a| a.is_object());
        if let (true, Some(additional)) = (built.is_empty(), additional) {
            if let Some(value) = self.build(additional, depth + 1, seen) {
                built.insert("key".to_string(), value);
            }
        }
        Some(Value::Object(built))
    }
}

/// The schema's `type`, the first that is not `null` when it is a list (OpenAPI 3.1).
fn main_type(object: &Map<String, Value>) -> Option<String> {
    match object.get("type")? {
        Value::String(name) => Some(name.clone()),
        Value::Array(names) => names
            .iter()
            .filter_map(Value::as_str)
            .find(|name| *name != "null")
            .or(Some("null"))
            .map(String::from),
        _ => None,
    }
}

fn string_value(object: &Map<String, Value>) -> Value {
    let format = object.get("format").and_then(Value::as_str).unwrap_or("");
    let text = match format {
        "binary" => return json!(FILE_CONTENT),
        "date-time" => "2024-01-02T03:04:05Z",
        "date" => "2024-01-02",
        "time" => "03:04:05",
        // ISO 8601 / RFC 3339 appendix A, as JSON Schema 2019-09 defines `duration`.
        "duration" => "P1DT2H",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "email" => "user@example.com",
        "uri" | "url" | "uri-reference" | "iri" => "https://example.com/",
        "hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "Y29uZm9ybWFuY2U=",
        "password" => "secret",
        _ => "conformance",
    };
    let min = object.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = object
        .get("maxLength")
        .and_then(Value::as_u64)
        .map_or(usize::MAX, |max| max as usize);
    let mut text = text.to_string();
    while text.chars().count() < min {
        text.push('x');
    }
    if text.chars().count() > max {
        text = text.chars().take(max).collect();
    }
    if let Some(pattern) = object.get("pattern").and_then(Value::as_str) {
        text = super::pattern::matching(pattern, &text, min).unwrap_or(text);
    }
    Value::String(text)
}

/// The bounds of a number: `minimum`, `maximum` and their exclusive forms, as OpenAPI 3.0
/// (booleans) and 3.1 (numbers) write them.
fn bounds(object: &Map<String, Value>) -> (Option<f64>, bool, Option<f64>, bool) {
    let number = |key: &str| object.get(key).and_then(Value::as_f64);
    let mut low = number("minimum");
    let mut high = number("maximum");
    let mut low_exclusive = object.get("exclusiveMinimum").and_then(Value::as_bool) == Some(true);
    let mut high_exclusive = object.get("exclusiveMaximum").and_then(Value::as_bool) == Some(true);
    if let Some(bound) = number("exclusiveMinimum") {
        low = Some(bound);
        low_exclusive = true;
    }
    if let Some(bound) = number("exclusiveMaximum") {
        high = Some(bound);
        high_exclusive = true;
    }
    (low, low_exclusive, high, high_exclusive)
}

fn integer_value(object: &Map<String, Value>) -> i64 {
    let (low, low_exclusive, high, high_exclusive) = bounds(object);
    let mut value: i64 = 1;
    if let Some(low) = low {
        let floor = low.ceil() as i64 + i64::from(low_exclusive && low.fract() == 0.0);
        value = value.max(floor);
    }
    if let Some(high) = high {
        let ceiling = high.floor() as i64 - i64::from(high_exclusive && high.fract() == 0.0);
        value = value.min(ceiling);
    }
    if let Some(step) = object
        .get("multipleOf")
        .and_then(Value::as_i64)
        .filter(|s| *s > 0)
    {
        value = (value + step - 1).div_euclid(step) * step;
    }
    value
}

fn number_value(object: &Map<String, Value>) -> Value {
    let (low, low_exclusive, high, high_exclusive) = bounds(object);
    let mut value = match (low, high) {
        (Some(low), Some(high)) => (low + high) / 2.0,
        (Some(low), None) => low + 1.0,
        (None, Some(high)) => high - 1.0,
        (None, None) => 1.5,
    };
    if let Some(step) = object
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|s| *s > 0.0)
    {
        let fits = |candidate: f64| {
            low.is_none_or(|low| candidate > low || (!low_exclusive && candidate == low))
                && high
                    .is_none_or(|high| candidate < high || (!high_exclusive && candidate == high))
        };
        let below = (value / step).floor() * step;
        value = if fits(below) { below } else { below + step };
    }
    Number::from_f64(value).map_or(json!(1), Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(root: &Value, schema: Value) -> Option<Value> {
        Sampler::new(root, true).sample(&schema)
    }

    #[test]
    fn the_schemas_own_example_comes_first() {
        let schema = json!({ "type": "string", "enum": ["a", "b"], "example": "b" });
        assert_eq!(sample(&json!({}), schema), Some(json!("b")));
    }

    #[test]
    fn without_examples_the_first_enum_value_is_taken() {
        let schema = json!({ "type": "string", "enum": ["a", "b"], "example": "b" });
        assert_eq!(
            Sampler::new(&json!({}), false).sample(&schema),
            Some(json!("a"))
        );
    }

    #[test]
    fn formats_give_values_of_their_shape() {
        let root = json!({});
        assert_eq!(
            sample(&root, json!({ "type": "string", "format": "date-time" })),
            Some(json!("2024-01-02T03:04:05Z"))
        );
        assert_eq!(
            sample(&root, json!({ "type": "string", "format": "uuid" })),
            Some(json!("3fa85f64-5717-4562-b3fc-2c963f66afa6"))
        );
        assert_eq!(
            sample(&root, json!({ "type": "string", "format": "duration" })),
            Some(json!("P1DT2H"))
        );
        assert_eq!(
            sample(&root, json!({ "type": "string", "format": "binary" })),
            Some(json!(FILE_CONTENT))
        );
    }

    #[test]
    fn numbers_respect_their_bounds_and_steps() {
        let cases = [
            (
                json!({ "type": "integer", "minimum": 10, "maximum": 20 }),
                json!(10),
            ),
            (
                json!({ "type": "integer", "minimum": 10, "exclusiveMinimum": true }),
                json!(11),
            ),
            (
                json!({ "type": "integer", "exclusiveMaximum": 0 }),
                json!(-1),
            ),
            (
                json!({ "type": "integer", "minimum": 3, "multipleOf": 5 }),
                json!(5),
            ),
            (
                json!({ "type": "number", "minimum": 0.5, "maximum": 0.9 }),
                json!(0.7),
            ),
            (
                json!({ "type": "number", "minimum": 1, "multipleOf": 0.5 }),
                json!(2.0),
            ),
        ];
        for (schema, expected) in cases {
            assert_eq!(
                sample(&json!({}), schema.clone()),
                Some(expected),
                "{schema}"
            );
        }
    }

    #[test]
    fn strings_are_stretched_or_cut_to_their_length_bounds() {
        let root = json!({});
        assert_eq!(
            sample(&root, json!({ "type": "string", "minLength": 14 })),
            Some(json!("conformancexxx"))
        );
        assert_eq!(
            sample(&root, json!({ "type": "string", "maxLength": 4 })),
            Some(json!("conf"))
        );
        assert_eq!(
            sample(&root, json!({ "type": "string", "pattern": "^[0-9]{3}$" })),
            Some(json!("111"))
        );
    }

    #[test]
    fn objects_fill_required_and_shallow_optional_properties_but_not_read_only_ones() {
        let root = json!({});
        let schema = json!({
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": { "type": "integer" },
                "name": { "type": "string" },
                "created": { "type": "string", "readOnly": true },
                "tags": { "type": "array", "items": { "type": "string" }, "minItems": 2 }
            }
        });
        assert_eq!(
            sample(&root, schema),
            Some(json!({ "id": 1, "name": "conformance", "tags": ["conformance", "conformance"] }))
        );
    }

    #[test]
    fn references_are_followed_and_recursion_stops_at_optional_properties() {
        let root = json!({ "components": { "schemas": { "Node": {
            "type": "object",
            "required": ["value"],
            "properties": {
                "value": { "type": "boolean" },
                "next": { "$ref": "#/components/schemas/Node" }
            }
        }}}});
        assert_eq!(
            sample(&root, json!({ "$ref": "#/components/schemas/Node" })),
            Some(json!({ "value": true }))
        );
    }

    #[test]
    fn all_of_merges_the_branches_and_one_of_names_its_choice_in_the_discriminator() {
        let root = json!({ "components": { "schemas": {
            "Cat": { "type": "object", "properties": { "kind": { "type": "string" }, "meows": { "type": "boolean" } } },
            "Named": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" } } }
        }}});
        let merged = json!({ "allOf": [
            { "$ref": "#/components/schemas/Named" },
            { "type": "object", "required": ["age"], "properties": { "age": { "type": "integer" } } }
        ]});
        assert_eq!(
            sample(&root, merged),
            Some(json!({ "name": "conformance", "age": 1 }))
        );
        let tagged = json!({
            "oneOf": [{ "$ref": "#/components/schemas/Cat" }],
            "discriminator": { "propertyName": "kind", "mapping": { "cat": "#/components/schemas/Cat" } }
        });
        assert_eq!(
            sample(&root, tagged),
            Some(json!({ "kind": "cat", "meows": true }))
        );
    }

    #[test]
    fn alternatives_that_only_require_properties_fill_the_objects_own() {
        let schema = json!({
            "type": "object",
            "properties": { "description": { "type": "string" }, "files": { "type": "object" } },
            "anyOf": [{ "required": ["description"] }, { "required": ["files"] }]
        });
        let built = Sampler::new(&json!({}), false).sample(&schema).unwrap();
        assert_eq!(built["description"], json!("conformance"));
    }

    #[test]
    fn a_parameters_own_example_wins_over_its_schemas() {
        let root = json!({});
        let parameter =
            json!({ "examples": { "first": { "value": 42 } }, "schema": { "type": "integer" } });
        assert_eq!(
            Sampler::new(&root, true).holder_example(&parameter),
            Some(json!(42))
        );
        assert_eq!(Sampler::new(&root, false).holder_example(&parameter), None);
    }
}
