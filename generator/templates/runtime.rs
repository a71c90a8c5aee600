//! Shared runtime of the generated clients: the error type, the response wrapper and the wire helpers.

use std::fmt;

pub use reqwest::header::HeaderMap;
pub use reqwest::StatusCode;

/// How many bytes of an undecodable body an error message shows.
const EXCERPT_LIMIT: usize = 512;

/// A successful response: the decoded body with the status code and headers it came with.
///
/// It dereferences to the body, so `response.field` reads a field of the body.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> ApiResponse<T> {
    /// The HTTP status code of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// Takes the decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Turns the body into something else, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

impl<T> std::ops::Deref for ApiResponse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

/// What every operation returns: the typed success with status and headers, or an [`Error`]
/// whose `Api` variant holds the operation's own error enum `E`.
pub type ApiResult<T, E> = Result<ApiResponse<T>, Error<E>>;

/// Everything that can go wrong when calling an operation.
///
/// `E` is the operation's own error enum: one variant per documented error status.
#[derive(Debug)]
pub enum Error<E> {
    /// The server answered with a status the spec documents as an error: `error` is the
    /// operation's error enum, whose variant is chosen by the status code and holds the decoded
    /// body; `attempts` counts the attempts made (more than one when the status was retried).
    Api { error: E, attempts: u32 },
    /// The server answered with a status the spec does not document for this operation.
    UnexpectedStatus(Box<UnexpectedResponse>),
    /// The response body could not be decoded as the spec says it should be.
    Decode(Box<DecodeFailure>),
    /// The request could not be built, e.g. a header value with a line break, a malformed base
    /// URL, or a path parameter that is `.` or `..` (which every URL parser would resolve away).
    InvalidRequest(Box<dyn std::error::Error + Send + Sync>),
    /// The server redirected the request somewhere the client does not follow it (another origin,
    /// or a `301`/`302`/`303` for a method other than `GET` or `HEAD`); see [`Http`].
    Redirect(Box<RedirectNotFollowed>),
    /// No response came in time: the whole-request timeout or the connect timeout ran out.
    Timeout(Box<TimedOut>),
    /// The request could not be sent or the response not received (connection refused or lost,
    /// DNS, TLS).
    Transport(Box<TransportFailure>),
}

/// A response whose status the spec does not document for the operation.
pub struct UnexpectedResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Vec<u8>,
    /// How many attempts were made (more than one when the status was retried).
    pub attempts: u32,
}

impl fmt::Debug for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnexpectedResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &excerpt(&self.body))
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// A response whose body is not what the spec says it is.
#[derive(Debug)]
pub struct DecodeFailure {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The start of the body, for the error message.
    pub excerpt: String,
    pub source: Box<dyn std::error::Error + Send + Sync>,
    /// How many attempts were made (more than one when the status was retried).
    pub attempts: u32,
}

impl<E: ErrorStatus> Error<E> {
    /// The status code of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { error, .. } => error.status(),
            Error::UnexpectedStatus(response) => Some(response.status),
            Error::Decode(failure) => Some(failure.status),
            Error::Redirect(redirect) => Some(redirect.status),
            Error::Transport(failure) => failure.source.status(),
            Error::Timeout(_) | Error::InvalidRequest(_) => None,
        }
    }
}

impl<E> Error<E> {
    /// How many attempts were made before this error: more than one when the policy retried
    /// (see [`RetryPolicy`]), `0` for a request that was never sent ([`Error::InvalidRequest`]).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api { attempts, .. } => *attempts,
            Error::UnexpectedStatus(response) => response.attempts,
            Error::Decode(failure) => failure.attempts,
            Error::Redirect(redirect) => redirect.attempts,
            Error::Timeout(timeout) => timeout.attempts,
            Error::Transport(failure) => failure.attempts,
            Error::InvalidRequest(_) => 0,
        }
    }
}

/// The status code a documented error came with: fixed for a variant of one status code, kept
/// in the variant for a range (`4XX`) or `default`. Every operation's error enum implements it.
pub trait ErrorStatus {
    fn status(&self) -> Option<StatusCode>;
}

/// Implements [`ErrorStatus`] for an operation's error enum from its variants: first those of
/// one status code as `Variant = code`, then those that keep their status (ranges, `default`).
#[allow(unused_macros)]
macro_rules! error_status {
    ($name:ident { $($variant:ident = $code:literal),* $(,)? } { $($kept:ident),* $(,)? }) => {
        impl rt::ErrorStatus for $name {
            fn status(&self) -> ::std::option::Option<rt::StatusCode> {
                match *self {
                    $($name::$variant(..) => rt::StatusCode::from_u16($code).ok(),)*
                    $($name::$kept { status, .. } => ::std::option::Option::Some(status),)*
                }
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use error_status;

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { error, attempts } => write!(
                f,
                "the server answered with a documented error{}: {error:?}",
                attempts_note(*attempts)
            ),
            Error::UnexpectedStatus(response) => write!(
                f,
                "the server answered with undocumented status {}{}: {}",
                response.status,
                attempts_note(response.attempts),
                excerpt(&response.body)
            ),
            Error::Decode(failure) => write!(
                f,
                "cannot decode the body of the {} response{} ({}); it starts with: {}",
                failure.status,
                attempts_note(failure.attempts),
                failure.source,
                failure.excerpt
            ),
            Error::InvalidRequest(error) => write!(f, "cannot build the request: {}", error_chain(error.as_ref())),
            Error::Redirect(redirect) => write!(f, "{redirect}"),
            Error::Timeout(timeout) => write!(f, "the request {timeout}"),
            Error::Transport(failure) => write!(f, "cannot send the request: {failure}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode(failure) => Some(failure.source.as_ref()),
            Error::InvalidRequest(error) => Some(error.as_ref()),
            Error::Timeout(timeout) => Some(&timeout.source),
            Error::Transport(failure) => Some(&failure.source),
            Error::Api { .. } | Error::UnexpectedStatus(_) | Error::Redirect(_) => None,
        }
    }
}

/// A credential that `Debug` never shows.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself, to put on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// A response read in full, before its status code picks how the body is decoded.
#[doc(hidden)]
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    /// How many attempts it took.
    attempts: u32,
}

impl RawResponse {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    fn respond<T, E>(self, body: T) -> Result<ApiResponse<T>, Error<E>> {
        Ok(ApiResponse {
            status: self.status,
            headers: self.headers,
            body,
        })
    }

    fn decode_error<E>(self, source: Box<dyn std::error::Error + Send + Sync>) -> Error<E> {
        Error::Decode(Box::new(DecodeFailure {
            excerpt: excerpt(&self.body),
            status: self.status,
            headers: self.headers,
            source,
            attempts: self.attempts,
        }))
    }

    fn decode_json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            // No content where JSON was declared: read as `null`, which only a body that may be
            // absent (`Option`, any JSON value) accepts. An object is never made up from nothing:
            // that would report a success whose data never arrived.
            return serde_json::from_slice(b"null");
        }
        serde_json::from_slice(&self.body)
    }

    /// A success whose body is JSON.
    pub fn json<T: serde::de::DeserializeOwned, E>(self) -> Result<ApiResponse<T>, Error<E>> {
        match self.decode_json() {
            Ok(body) => self.respond(body),
            Err(error) => Err(self.decode_error(Box::new(error))),
        }
    }

    /// The body as text, without copying it; on invalid UTF-8 the bytes stay for the excerpt.
    fn take_text(&mut self) -> Result<String, std::str::Utf8Error> {
        String::from_utf8(std::mem::take(&mut self.body)).map_err(|error| {
            let cause = error.utf8_error();
            self.body = error.into_bytes();
            cause
        })
    }

    /// A success whose body is text.
    pub fn text<E>(mut self) -> Result<ApiResponse<String>, Error<E>> {
        match self.take_text() {
            Ok(body) => self.respond(body),
            Err(error) => Err(self.decode_error(Box::new(error))),
        }
    }

    /// A success whose body is raw bytes.
    pub fn bytes<E>(mut self) -> Result<ApiResponse<Vec<u8>>, Error<E>> {
        let body = std::mem::take(&mut self.body);
        self.respond(body)
    }

    /// A success without a body (whatever the server sent is ignored).
    pub fn empty<E>(self) -> Result<ApiResponse<()>, Error<E>> {
        self.respond(())
    }

    /// A documented error, with the number of attempts it took.
    fn api_error<E>(&self, error: E) -> Error<E> {
        Error::Api {
            error,
            attempts: self.attempts,
        }
    }

    /// A documented error whose body is JSON (always `Err`, like the other `error_` readers).
    pub fn error_json<B: serde::de::DeserializeOwned, E, T>(self, variant: impl FnOnce(B) -> E) -> Result<T, Error<E>> {
        Err(match self.decode_json() {
            Ok(body) => self.api_error(variant(body)),
            Err(error) => self.decode_error(Box::new(error)),
        })
    }

    /// A documented error whose body is text.
    pub fn error_text<E, T>(mut self, variant: impl FnOnce(String) -> E) -> Result<T, Error<E>> {
        Err(match self.take_text() {
            Ok(body) => self.api_error(variant(body)),
            Err(error) => self.decode_error(Box::new(error)),
        })
    }

    /// A documented error whose body is raw bytes, or whose response declares no content (the
    /// server may still explain itself, so whatever it sent is kept).
    pub fn error_bytes<E, T>(mut self, variant: impl FnOnce(RawBody) -> E) -> Result<T, Error<E>> {
        let body = RawBody(std::mem::take(&mut self.body));
        Err(self.api_error(variant(body)))
    }

    /// A status the spec does not document.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus(Box::new(UnexpectedResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
            attempts: self.attempts,
        }))
    }
}

/// The body of a documented error that is raw bytes (`application/octet-stream`, or a response
/// the spec declares without content, whose explanation the server may still send).
///
/// It reads as the bytes (`&body[..]`, [`RawBody::into_bytes`]); its `Debug` shows them as text,
/// invalid UTF-8 replaced by `U+FFFD` and cut to the first 512 bytes, like every body an error
/// shows.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawBody(Vec<u8>);

impl RawBody {
    /// The bytes, without copying them.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The bytes as text, invalid UTF-8 replaced by `U+FFFD`.
    pub fn to_text_lossy(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.0)
    }
}

impl std::ops::Deref for RawBody {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for RawBody {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for RawBody {
    fn from(bytes: Vec<u8>) -> Self {
        RawBody(bytes)
    }
}

impl From<RawBody> for Vec<u8> {
    fn from(body: RawBody) -> Self {
        body.0
    }
}

impl PartialEq<[u8]> for RawBody {
    fn eq(&self, other: &[u8]) -> bool {
        self.0 == other
    }
}

impl<const N: usize> PartialEq<&[u8; N]> for RawBody {
    fn eq(&self, other: &&[u8; N]) -> bool {
        self.0 == *other
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&excerpt(&self.0), f)
    }
}

/// The start of a body as text, for error messages.
fn excerpt(body: &[u8]) -> String {
    let end = body.len().min(EXCERPT_LIMIT);
    let mut text = String::from_utf8_lossy(&body[..end]).into_owned();
    if body.len() > EXCERPT_LIMIT {
        text.push('…');
    }
    text
}

/// Implements `Display`, `Serialize` and `Deserialize` for a string enum through its `as_str`
/// and its `From<String>`, so each generated enum spells out only its own values; `$catch_all`
/// is the variant that keeps a value the spec does not list, noted by [`unlisted_value`].
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident, $catch_all:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = Self::from(
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?,
                );
                if let Self::$catch_all(_) = &value {
                    rt::unlisted_value();
                }
                ::std::result::Result::Ok(value)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// Implements `Deserialize` for a struct the generator emits, from its fields as
/// `kind field = "wireName"` (`kind` is `required`, `optional` or `nullable`, the functions
/// below), then `, additional field` for a map that keeps the properties the spec does not list.
///
/// It reads what serde's derive reads: a missing required field and a field given twice are
/// errors with serde's messages, unknown fields are skipped. Unlike the derive, it accepts only
/// an object, not a list of field values, and it type-checks in about a third of the time; the
/// derive was most of the cost of checking a generated crate.
#[allow(unused_macros)]
macro_rules! deserialize_object {
    ($name:ident { $($kind:ident $field:ident = $wire:literal $($float:ident)?),* $(,)? } $(, additional $rest:ident)?) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;
                    fn expecting(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        formatter.write_str(::std::concat!("struct ", ::std::stringify!($name)))
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> ::std::result::Result<$name, __A::Error> {
                        $(let mut $field = ::std::option::Option::None;)*
                        $(let mut $rest = ::std::collections::BTreeMap::new();)?
                        while let ::std::option::Option::Some(key) = map.next_key::<rt::Key<'de>>()? {
                            match key.as_str() {
                                $($wire => rt::deserialize_object!(@value map $field $wire $($float)?),)*
                                _ => rt::deserialize_object!(@other map key $($rest)?),
                            }
                        }
                        ::std::result::Result::Ok($name {
                            $($field: rt::$kind($field, $wire)?,)*
                            $($rest,)?
                        })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    (@value $map:ident $field:ident $wire:literal) => {
        rt::field_value(&mut $map, &mut $field, $wire)?
    };
    // A field holding `format: float` numbers (marked `float`): one beyond `f32` is an error.
    (@value $map:ident $field:ident $wire:literal float) => {
        rt::float_field_value(&mut $map, &mut $field, $wire)?
    };
    (@other $map:ident $key:ident) => {
        rt::skip_value(&mut $map)?
    };
    (@other $map:ident $key:ident $rest:ident) => {
        {
            $rest.insert($key.as_str().to_owned(), $map.next_value()?);
        }
    };
}
#[allow(unused_imports)]
pub(crate) use deserialize_object;

/// A key of an object being deserialized, borrowed from the input when it can be.
#[doc(hidden)]
pub enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a field name")
            }
            fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(key))
            }
            fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(key.to_owned()))
            }
            fn visit_string<E>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(key))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of the field `name` into its slot; a field given twice is an error, with
/// the message serde's derive gives.
#[doc(hidden)]
pub fn field_value<'de, A, T>(map: &mut A, slot: &mut Option<T>, name: &'static str) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: serde::Deserialize<'de>,
{
    vacant(slot, name)?;
    *slot = Some(map.next_value()?);
    Ok(())
}

/// A field given twice is an error, with the message serde's derive gives.
fn vacant<T, E: serde::de::Error>(slot: &Option<T>, name: &'static str) -> Result<(), E> {
    match slot {
        Some(_) => Err(E::duplicate_field(name)),
        None => Ok(()),
    }
}

/// Reads the value of the field `name`, which holds `format: float` numbers, into its slot: a
/// finite number beyond the range of `f32` is an error naming the field, never an infinity.
#[doc(hidden)]
pub fn float_field_value<'de, A, T>(map: &mut A, slot: &mut Option<T>, name: &'static str) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: Floats,
{
    vacant(slot, name)?;
    let InRange(value) = map
        .next_value()
        .map_err(|error| serde::de::Error::custom(format_args!("field `{name}`: {error}")))?;
    *slot = Some(value);
    Ok(())
}

/// A value made of `format: float` numbers (`f32`, or an `Option`, `Vec`, map or `Box` of them),
/// read so that a finite number the `f32` cannot hold is refused. serde reads an `f32` as the
/// nearest one, which for a number beyond its range is an infinity, encoded again as `null`.
#[doc(hidden)]
pub trait Floats: Sized {
    fn deserialize_in_range<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// A [`Floats`] value read with its range checked.
struct InRange<T>(T);

impl<'de, T: Floats> serde::Deserialize<'de> for InRange<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_in_range(deserializer).map(InRange)
    }
}

impl Floats for f32 {
    fn deserialize_in_range<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wide = <f64 as serde::Deserialize>::deserialize(deserializer)?;
        let narrow = wide as f32;
        // Rounding a finite number to the nearest `f32` is what the format means; turning it
        // into an infinity is not.
        if narrow.is_infinite() && wide.is_finite() {
            return Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Float(wide),
                &"a number within the range of a 32-bit float (`format: float`)",
            ));
        }
        Ok(narrow)
    }
}

impl<T: Floats> Floats for Option<T> {
    fn deserialize_in_range<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value: Option<InRange<T>> = serde::Deserialize::deserialize(deserializer)?;
        Ok(value.map(|InRange(value)| value))
    }
}

impl<T: Floats> Floats for Box<T> {
    fn deserialize_in_range<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_in_range(deserializer).map(Box::new)
    }
}

impl<T: Floats> Floats for Vec<T> {
    fn deserialize_in_range<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values: Vec<InRange<T>> = serde::Deserialize::deserialize(deserializer)?;
        Ok(values.into_iter().map(|InRange(value)| value).collect())
    }
}

impl<T: Floats> Floats for std::collections::BTreeMap<String, T> {
    fn deserialize_in_range<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values: std::collections::BTreeMap<String, InRange<T>> = serde::Deserialize::deserialize(deserializer)?;
        Ok(values.into_iter().map(|(key, InRange(value))| (key, value)).collect())
    }
}

/// The value of a required field, or the "missing field" error serde's derive gives.
#[doc(hidden)]
pub fn required<T, E: serde::de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The value of an optional (or required but nullable) field: absent and `null` are `None`, as
/// serde's derive reads an `Option` field.
#[doc(hidden)]
pub fn optional<T, E>(slot: Option<Option<T>>, _name: &'static str) -> Result<Option<T>, E> {
    Ok(slot.flatten())
}

/// The value of an optional field for which `null` is a value of its own: absent stays `None`,
/// a present value is `Some`, `null` included. An optional and nullable field
/// (`Option<Option<T>>`) reads `null` as `Some(None)`, an optional untyped one
/// (`Option<serde_json::Value>`) as `Some(Value::Null)`.
#[doc(hidden)]
pub fn nullable<T, E>(slot: Option<T>, _name: &'static str) -> Result<Option<T>, E> {
    Ok(slot)
}

/// Skips the value of a property the model does not list: it is lost on re-encoding, and so
/// is every property inside it, each counted by [`lost_properties`].
#[doc(hidden)]
pub fn skip_value<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    let PropertiesInside(inside) = map.next_value()?;
    lost_properties(inside.saturating_add(1));
    Ok(())
}

/// A skipped value, read only to count the properties of the objects in it, at any depth.
struct PropertiesInside(usize);

impl<'de> serde::Deserialize<'de> for PropertiesInside {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CountingVisitor)
    }
}

/// Counts the properties of a JSON value; a scalar has none.
struct CountingVisitor;

impl<'de> serde::de::Visitor<'de> for CountingVisitor {
    type Value = PropertiesInside;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<PropertiesInside, A::Error> {
        let mut count = 0usize;
        while let Some((serde::de::IgnoredAny, PropertiesInside(inside))) = map.next_entry()? {
            count = count.saturating_add(inside).saturating_add(1);
        }
        Ok(PropertiesInside(count))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<PropertiesInside, A::Error> {
        let mut count = 0usize;
        while let Some(PropertiesInside(inside)) = items.next_element()? {
            count = count.saturating_add(inside);
        }
        Ok(PropertiesInside(count))
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<PropertiesInside, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_bool<E>(self, _: bool) -> Result<PropertiesInside, E> {
        Ok(PropertiesInside(0))
    }

    fn visit_i64<E>(self, _: i64) -> Result<PropertiesInside, E> {
        Ok(PropertiesInside(0))
    }

    fn visit_u64<E>(self, _: u64) -> Result<PropertiesInside, E> {
        Ok(PropertiesInside(0))
    }

    fn visit_f64<E>(self, _: f64) -> Result<PropertiesInside, E> {
        Ok(PropertiesInside(0))
    }

    fn visit_str<E>(self, _: &str) -> Result<PropertiesInside, E> {
        Ok(PropertiesInside(0))
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<PropertiesInside, E> {
        Ok(PropertiesInside(0))
    }

    fn visit_none<E>(self) -> Result<PropertiesInside, E> {
        Ok(PropertiesInside(0))
    }

    fn visit_unit<E>(self) -> Result<PropertiesInside, E> {
        Ok(PropertiesInside(0))
    }
}

/// How loosely a decoded value fits its type; [`decode_untagged`] ranks a union's alternatives
/// by it, comparing `unlisted` first.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Misfits {
    /// Values read without being listed: a string enum value kept in its catch-all, a
    /// discriminator value no variant has.
    unlisted: usize,
    /// Properties skipped (so lost on re-encoding), the ones inside a skipped value included.
    lost: usize,
}

impl Misfits {
    fn add(self, other: Misfits) -> Misfits {
        Misfits {
            unlisted: self.unlisted.saturating_add(other.unlisted),
            lost: self.lost.saturating_add(other.lost),
        }
    }
}

thread_local! {
    /// The misfits of the value being decoded so far; [`decode_untagged`] reads them for each
    /// alternative. Decoding never awaits, so one call stays on one thread.
    static MISFITS: std::cell::Cell<Misfits> = const {
        std::cell::Cell::new(Misfits { unlisted: 0, lost: 0 })
    };
}

/// Notes a value the type reads without listing it: a string enum value kept in the enum's
/// catch-all, or a discriminator value no variant has (see [`decode_untagged`]).
#[doc(hidden)]
pub fn unlisted_value() {
    MISFITS.with(|misfits| misfits.set(misfits.get().add(Misfits { unlisted: 1, lost: 0 })));
}

/// Notes `count` properties the type skips, so re-encoding would lose them (see
/// [`decode_untagged`]).
#[doc(hidden)]
pub fn lost_properties(count: usize) {
    MISFITS.with(|misfits| misfits.set(misfits.get().add(Misfits { unlisted: 0, lost: count })));
}

/// Decodes an untagged union (`oneOf`/`anyOf` without a discriminator) from the buffered
/// `value`. Each alternative is tried in order and ranked by its misfits, in two steps. First
/// the values it reads without listing them (a string enum value kept in the catch-all, an
/// unknown discriminator value): such a value says the data is another alternative, so one of
/// them weighs more than any number of lost properties. Then the properties it skips, each
/// counting one plus every property inside its value, so dropping an object costs all it
/// holds. A property that no alternative declares therefore costs every alternative the same,
/// however deep it is (one skips it inside the object it keeps, another skips the object
/// around it), and only what one alternative keeps and another drops decides. The first
/// alternative without misfits wins at once; of equal ones, the earlier. The winner's misfits
/// count towards any union the value is nested in.
#[doc(hidden)]
pub fn decode_untagged<T, E: serde::de::Error>(
    value: &serde_json::Value,
    name: &'static str,
    alternatives: &[fn(&serde_json::Value) -> Option<T>],
) -> Result<T, E> {
    let outer = MISFITS.with(|misfits| misfits.replace(Misfits::default()));
    let mut best: Option<(Misfits, T)> = None;
    for alternative in alternatives {
        MISFITS.with(|misfits| misfits.set(Misfits::default()));
        let Some(decoded) = alternative(value) else {
            continue;
        };
        let misfits = MISFITS.with(std::cell::Cell::get);
        if best.as_ref().is_none_or(|(fewest, _)| misfits < *fewest) {
            best = Some((misfits, decoded));
        }
        if misfits == Misfits::default() {
            break;
        }
    }
    let misfits = best.as_ref().map_or(Misfits::default(), |(misfits, _)| *misfits);
    MISFITS.with(|count| count.set(outer.add(misfits)));
    match best {
        Some((_, decoded)) => Ok(decoded),
        None => Err(E::custom(format_args!(
            "data did not match any variant of untagged enum {name}"
        ))),
    }
}

/// One alternative of [`decode_untagged`]: the value decoded as `T`, wrapped in its variant.
#[doc(hidden)]
pub fn alternative<'v, T: serde::Deserialize<'v>, U>(
    value: &'v serde_json::Value,
    variant: fn(T) -> U,
) -> Option<U> {
    T::deserialize(value).ok().map(variant)
}

/// Implements `Deserialize` for an untagged union through [`decode_untagged`], from its
/// variants in the order they are tried: `rt::untagged!(Name { VariantA, VariantB })`.
#[allow(unused_macros)]
macro_rules! untagged {
    ($name:ident { $($variant:ident),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                rt::decode_untagged(
                    &value,
                    ::std::stringify!($name),
                    &[$(|value| rt::alternative(value, $name::$variant)),*],
                )
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use untagged;

/// Reads the discriminator of a polymorphic value.
#[doc(hidden)]
pub fn discriminator<'v>(value: &'v serde_json::Value, property: &str) -> Option<&'v str> {
    value.get(property).and_then(serde_json::Value::as_str)
}
