
// --- The parts of `multipart/form-data` bodies (only in crates that send one) ---

/// A file part: the bytes, with a file name and the part's media type (`encoding.contentType`,
/// `application/octet-stream` by default).
#[doc(hidden)]
pub fn file_part(
    bytes: Vec<u8>,
    file_name: &str,
    content_type: &str,
) -> Result<reqwest::multipart::Part, InvalidBody> {
    reqwest::multipart::Part::bytes(bytes)
        .file_name(file_name.to_owned())
        .mime_str(content_type)
        .map_err(|error| InvalidBody(format!("part `{file_name}`: {error}")))
}

/// A part holding an object or array: its JSON text, as `application/json`.
#[doc(hidden)]
pub fn json_part<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<reqwest::multipart::Part, InvalidBody> {
    let text = serde_json::to_string(value)
        .map_err(|error| InvalidBody(format!("part `{name}`: {error}")))?;
    reqwest::multipart::Part::text(text)
        .mime_str("application/json")
        .map_err(|error| InvalidBody(format!("part `{name}`: {error}")))
}

/// The parts of a value the spec does not describe (the catch-all variant of a `oneOf` body):
/// each property of the object, objects and arrays as JSON, other values as text; a `null`
/// property is left out, as an absent field is.
#[doc(hidden)]
pub fn value_parts(
    mut form: reqwest::multipart::Form,
    value: &serde_json::Value,
) -> Result<reqwest::multipart::Form, InvalidBody> {
    let Some(object) = value.as_object() else {
        return Err(InvalidBody(
            "a multipart body must be an object of properties".to_string(),
        ));
    };
    for (name, property) in object {
        form = match property {
            serde_json::Value::Null => form,
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
                form.part(name.clone(), json_part(name, property)?)
            }
            _ => form.text(name.clone(), param_text(property)),
        };
    }
    Ok(form)
}
