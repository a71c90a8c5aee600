//! Parses YAML or JSON into a `serde_json::Value`, refusing duplicate keys (which would otherwise
//! silently keep the last value, and make a `$ref` next to other keys ambiguous).

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Reads a value with no duplicate keys in any mapping; on a duplicate, `duplicate` holds the
/// JSON pointer of the second occurrence.
#[cfg(test)]
pub fn read<'de, D: Deserializer<'de>>(
    deserializer: D,
    duplicate: &RefCell<Option<String>>,
) -> Result<Value, D::Error> {
    let no_sink = RefCell::new(None);
    read_in_pieces(deserializer, duplicate, &no_sink)
}

/// Reads a value as [`read`] does, handing each node that [`super::is_piece`] names to `sink` as
/// soon as it is complete; the document keeps `null` in its place.
pub fn read_in_pieces<'de, 's, D: Deserializer<'de>>(
    deserializer: D,
    duplicate: &RefCell<Option<String>>,
    sink: &RefCell<Option<&'s mut dyn FnMut(String, Value)>>,
) -> Result<Value, D::Error> {
    let path = RefCell::new(String::from("#"));
    ValueSeed {
        path: &path,
        duplicate,
        sink,
    }
    .deserialize(deserializer)
}

/// Deserializes one value, knowing its JSON pointer.
#[derive(Clone, Copy)]
struct ValueSeed<'a, 's> {
    path: &'a RefCell<String>,
    duplicate: &'a RefCell<Option<String>>,
    sink: &'a RefCell<Option<&'s mut dyn FnMut(String, Value)>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl ValueSeed<'_, '_> {
    /// Deserializes a child at `segment` below the current pointer.
    fn child<T, E>(self, segment: &str, read: impl FnOnce(Self) -> Result<T, E>) -> Result<T, E> {
        let length = self.path.borrow().len();
        {
            let mut path = self.path.borrow_mut();
            path.push('/');
            path.push_str(&crate::diagnostics::pointer_segment(segment));
        }
        let result = read(self);
        self.path.borrow_mut().truncate(length);
        result
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let index = items.len().to_string();
            match self.child(&index, |seed| sequence.next_element_seed(seed))? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut mapping: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = mapping.next_key_seed(KeySeed)? {
            if object.contains_key(&key) {
                let pointer = format!(
                    "{}/{}",
                    self.path.borrow(),
                    crate::diagnostics::pointer_segment(&key)
                );
                *self.duplicate.borrow_mut() = Some(pointer);
                return Err(de::Error::custom(format!(
                    "duplicate key `{key}`: a mapping may name each key once"
                )));
            }
            let mut value = self.child(&key, |seed| mapping.next_value_seed(seed))?;
            if let Some(sink) = self.sink.borrow_mut().as_mut() {
                let path = self.path.borrow();
                let pointer = || format!("{path}/{}", crate::diagnostics::pointer_segment(&key));
                super::hand_over_if_piece(*sink, path.matches('/').count(), pointer, &mut value);
            }
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Mapping keys as text: YAML allows `200:` (an integer) where OpenAPI means the string `"200"`.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_str<E>(self, value: &str) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_string<E>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_i64<E>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_f64<E>(self, value: f64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_bool<E>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_yaml(text: &str) -> (Result<Value, serde_yaml::Error>, Option<String>) {
        let duplicate = RefCell::new(None);
        let result = read(serde_yaml::Deserializer::from_str(text), &duplicate);
        (result, duplicate.into_inner())
    }

    #[test]
    fn reads_yaml_with_integer_keys() {
        let (value, _) = read_yaml("responses:\n  200:\n    description: ok\n");
        assert_eq!(value.unwrap()["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn refuses_duplicate_keys_and_names_the_second_one() {
        let (result, duplicate) = read_yaml("a: 1\nb:\n  - c: 1\n    c: 2\n");
        let error = result.err().unwrap();
        assert!(error.to_string().contains("duplicate key `c`"), "{error}");
        assert_eq!(duplicate.as_deref(), Some("#/b/0/c"));
    }

    #[test]
    fn refuses_duplicate_keys_in_json() {
        let duplicate = RefCell::new(None);
        let mut deserializer =
            serde_json::Deserializer::from_str("{\"a\": {\"x/y\": 1, \"x/y\": 2}}");
        assert!(read(&mut deserializer, &duplicate).is_err());
        assert_eq!(duplicate.into_inner().as_deref(), Some("#/a/x~1y"));
    }
}
