
// --- How parameter values and form bodies are spelled on the wire (OpenAPI 3.0 `style`) ---
//
// Every encoder walks the value's JSON form (`serde_json::Value`, with `preserve_order`, so
// object properties keep the order the model declares them in).

use serde_json::Value;

/// A path parameter that cannot be sent as one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidPathSegment {
    /// The parameter's name in the spec.
    pub parameter: &'static str,
    pub value: String,
}

impl fmt::Display for InvalidPathSegment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "path parameter `{}` is `{}`, a dot segment that URL normalization would resolve into another path",
            self.parameter, self.value
        )
    }
}

impl std::error::Error for InvalidPathSegment {}

impl<E> From<InvalidPathSegment> for Error<E> {
    fn from(error: InvalidPathSegment) -> Self {
        Error::InvalidRequest(Box::new(error))
    }
}

/// A request body (or a parameter described by a media type) that cannot be spelled in its
/// media type, e.g. a form body that is not an object of properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidBody(pub String);

impl fmt::Display for InvalidBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InvalidBody {}

impl<E> From<InvalidBody> for Error<E> {
    fn from(error: InvalidBody) -> Self {
        Error::InvalidRequest(Box::new(error))
    }
}

/// The JSON text of a parameter described by `content: application/json`, which its location
/// then carries as it is (header, cookie) or percent-encodes (query, path).
#[doc(hidden)]
pub fn json_text<T: serde::Serialize + ?Sized>(
    parameter: &'static str,
    value: &T,
) -> Result<String, InvalidBody> {
    serde_json::to_string(value)
        .map_err(|error| InvalidBody(format!("parameter `{parameter}`: {error}")))
}

/// The `style` of a path parameter.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `5`, `3,4,5`, `role,admin` (`role=admin` exploded).
    Simple,
    /// `.5`, `.3,4,5` (`.3.4.5` exploded), `.role,admin` (`.role=admin` exploded).
    Label,
    /// `;id=5`, `;id=3,4,5` (`;id=3;id=4` exploded), `;id=role,admin` (`;role=admin` exploded).
    Matrix,
}

/// A path parameter in the default style (`simple`, not exploded) as one percent-encoded segment.
#[doc(hidden)]
pub fn path_segment<T: serde::Serialize + ?Sized>(
    parameter: &'static str,
    value: &T,
) -> Result<String, InvalidPathSegment> {
    path_param(parameter, value, PathStyle::Simple, false)
}

/// A path parameter spelled in its `style` (RFC 6570, as OpenAPI 3.0 applies it): every name,
/// key and value percent-encoded, the separators of the style kept. A result of `.` or `..` is
/// refused, because RFC 3986 (and every URL parser, even for `%2E%2E`) treats them as "this" and
/// "parent" directory, so the request would silently go to another resource.
#[doc(hidden)]
pub fn path_param<T: serde::Serialize + ?Sized>(
    parameter: &'static str,
    value: &T,
    style: PathStyle,
    explode: bool,
) -> Result<String, InvalidPathSegment> {
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    let text = match style {
        PathStyle::Simple => delimited(&value, explode, ",", encode_path_segment),
        PathStyle::Label => {
            let separator = if explode { "." } else { "," };
            format!(".{}", delimited(&value, explode, separator, encode_path_segment))
        }
        PathStyle::Matrix => matrix(parameter, &value, explode),
    };
    if text == "." || text == ".." {
        return Err(InvalidPathSegment {
            parameter,
            value: text,
        });
    }
    Ok(text)
}

/// `;name=value` pairs of the `matrix` style; an exploded object spells each property as its own.
fn matrix(parameter: &str, value: &Value, explode: bool) -> String {
    let name = encode_path_segment(parameter);
    let pair = |key: &str, text: String| {
        if text.is_empty() {
            format!(";{key}")
        } else {
            format!(";{key}={text}")
        }
    };
    match value {
        Value::Array(items) if explode => items
            .iter()
            .map(|item| pair(&name, encode_path_segment(&scalar_text(item))))
            .collect(),
        Value::Object(properties) if explode => properties
            .iter()
            .map(|(key, item)| {
                pair(
                    &encode_path_segment(key),
                    encode_path_segment(&scalar_text(item)),
                )
            })
            .collect(),
        other => pair(&name, delimited(other, false, ",", encode_path_segment)),
    }
}

/// The items of an array, or the keys and values of an object, joined by `separator` (`k=v`
/// pairs when exploded); a scalar as it is. `encode` escapes each piece, not the separators.
fn delimited(value: &Value, explode: bool, separator: &str, encode: fn(&str) -> String) -> String {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| encode(&scalar_text(item)))
            .collect::<Vec<_>>()
            .join(separator),
        Value::Object(properties) => properties
            .iter()
            .map(|(key, item)| {
                let (key, item) = (encode(key), encode(&scalar_text(item)));
                if explode {
                    format!("{key}={item}")
                } else {
                    format!("{key}{separator}{item}")
                }
            })
            .collect::<Vec<_>>()
            .join(separator),
        scalar => encode(&scalar_text(scalar)),
    }
}

/// Percent-encodes a value as one path segment (RFC 3986): every byte but the unreserved
/// characters `A-Z a-z 0-9 - . _ ~` becomes `%XX`, so a space is `%20` and `/` is `%2F`.
#[doc(hidden)]
pub fn encode_path_segment(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(byte >> 4)]));
            encoded.push(char::from(HEX[usize::from(byte & 0x0F)]));
        }
    }
    encoded
}

/// One `name=value` pair of a `Cookie` header, the value percent-encoded so `;`, `,`, spaces
/// and quotes cannot end it early.
#[doc(hidden)]
pub fn cookie(name: &str, value: &str) -> String {
    format!("{name}={}", encode_path_segment(value))
}

/// The text of a header or cookie value, or of a scalar anywhere, in the `simple` style without
/// explode: strings as they are, numbers and booleans in JSON notation, enums as their wire
/// value, arrays as `a,b`, objects as `key,value,key,value`.
#[doc(hidden)]
pub fn param_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    simple_text(value, false)
}

/// [`param_text`] with `explode`: an exploded object is `key=value,key=value`.
#[doc(hidden)]
pub fn simple_text<T: serde::Serialize + ?Sized>(value: &T, explode: bool) -> String {
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    delimited(&value, explode, ",", str::to_owned)
}

/// The `style` of a query parameter or of a form body's property, which decides how arrays and
/// objects are spelled.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// The pairs of a query parameter in the default style (`form`, exploded).
#[doc(hidden)]
pub fn query_form<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> Vec<(String, String)> {
    query_pairs(name, value, QueryStyle::Form, true)
}

/// The `name=value` pairs of one query parameter, as OpenAPI's `style` and `explode` spell them:
/// arrays repeat the name when exploded (`tags=a&tags=b`) or join the items (`tags=a,b`, `a b`,
/// `a|b`); objects become `key=value` pairs, `name=k,v` or `name[k]=v` (`deepObject`). A
/// `deepObject` array is `name[]=a&name[]=b`, as servers of that convention (Rails, PHP,
/// Stripe) read it; nested values are bracketed all the way down (`name[k][0][j]=v`).
#[doc(hidden)]
pub fn query_pairs<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: QueryStyle,
    explode: bool,
) -> Vec<(String, String)> {
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    let mut pairs = Vec::new();
    styled_pairs(name, &value, style, explode, ArrayKeys::Brackets, &mut pairs);
    pairs
}

/// The `encoding` of one property of an `application/x-www-form-urlencoded` body.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEncoding {
    /// `style` and `explode`, spelled as for a query parameter, except that the items of a
    /// `deepObject` array are numbered (`name[0]=a`).
    Style(QueryStyle, bool),
    /// A JSON `contentType`: the value as JSON text (`name={"k":1}`).
    Json,
}

/// An `application/x-www-form-urlencoded` body: the [`form_pairs`] of `body`, every name and
/// value percent-encoded as in a path segment (a space is `%20`, which every form parser reads,
/// rather than `+`, which RFC 6570 and OpenAPI's `allowReserved: false` count as reserved).
#[doc(hidden)]
pub fn form_body<T: serde::Serialize + ?Sized>(
    body: &T,
    encodings: &[(&str, FormEncoding)],
) -> Result<String, InvalidBody> {
    let pairs = form_pairs(body, encodings)?;
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode_path_segment(name), encode_path_segment(value)))
        .collect();
    Ok(encoded.join("&"))
}

/// The `name=value` pairs of a form body, each property spelled as its `encoding` (`property`,
/// encoding) says. A property without one is spelled as a `form` query parameter when it is a
/// scalar or an array (`a=x&a=y`), and bracketed when it is an object (`a[b]=c`, `a[b][0]=d`),
/// the convention form servers read (Rails, PHP, Stripe): the `form` style would spread its
/// keys among the body's own and lose nesting.
fn form_pairs<T: serde::Serialize + ?Sized>(
    body: &T,
    encodings: &[(&str, FormEncoding)],
) -> Result<Vec<(String, String)>, InvalidBody> {
    let body = serde_json::to_value(body).map_err(|error| InvalidBody(error.to_string()))?;
    let Value::Object(properties) = body else {
        return Err(InvalidBody(format!(
            "a form body must be an object of properties, not `{body}`"
        )));
    };
    let mut pairs = Vec::new();
    for (name, value) in &properties {
        let encoding = encodings
            .iter()
            .find(|(property, _)| property == name)
            .map(|(_, encoding)| *encoding);
        match (encoding, value) {
            (_, Value::Null) => {}
            (Some(FormEncoding::Json), value) => pairs.push((name.clone(), value.to_string())),
            (Some(FormEncoding::Style(style, explode)), value) => {
                styled_pairs(name, value, style, explode, ArrayKeys::Indices, &mut pairs)
            }
            (None, Value::Object(_)) => deep_pairs(name.clone(), value, ArrayKeys::Indices, &mut pairs),
            (None, value) => {
                styled_pairs(name, value, QueryStyle::Form, true, ArrayKeys::Indices, &mut pairs)
            }
        }
    }
    Ok(pairs)
}

/// How the items of an array are keyed inside brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArrayKeys {
    /// `name[]=a` for scalar items; items that are objects or arrays are numbered.
    Brackets,
    /// `name[0]=a`, `name[1][k]=b`.
    Indices,
}

fn styled_pairs(
    name: &str,
    value: &Value,
    style: QueryStyle,
    explode: bool,
    arrays: ArrayKeys,
    pairs: &mut Vec<(String, String)>,
) {
    let separator = match style {
        QueryStyle::SpaceDelimited => " ",
        QueryStyle::PipeDelimited => "|",
        QueryStyle::Form | QueryStyle::DeepObject => ",",
    };
    match value {
        Value::Null => {}
        Value::Array(_) | Value::Object(_) if style == QueryStyle::DeepObject => {
            deep_pairs(name.to_string(), value, arrays, pairs)
        }
        Value::Array(items) if explode => {
            pairs.extend(items.iter().map(|item| (name.to_string(), scalar_text(item))))
        }
        Value::Object(properties) if explode => {
            for (key, item) in properties {
                match item {
                    Value::Object(_) | Value::Array(_) => {
                        deep_pairs(key.clone(), item, arrays, pairs)
                    }
                    scalar => pairs.push((key.clone(), scalar_text(scalar))),
                }
            }
        }
        other => pairs.push((
            name.to_string(),
            delimited(other, false, separator, str::to_owned),
        )),
    }
}

/// Bracketed pairs for every scalar inside a value: `prefix[key]`, `prefix[0]` or `prefix[]`.
fn deep_pairs(prefix: String, value: &Value, arrays: ArrayKeys, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(properties) => {
            for (key, item) in properties {
                deep_pairs(format!("{prefix}[{key}]"), item, arrays, pairs);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let nested = matches!(item, Value::Object(_) | Value::Array(_));
                let key = if arrays == ArrayKeys::Brackets && !nested {
                    format!("{prefix}[]")
                } else {
                    format!("{prefix}[{index}]")
                };
                deep_pairs(key, item, arrays, pairs);
            }
        }
        scalar => pairs.push((prefix, scalar_text(scalar))),
    }
}

/// A scalar as text: strings as they are, numbers and booleans in JSON notation; an object or
/// array nested where the style has no spelling for it as JSON text.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
