//! Turns any name found in a spec into a legal Rust identifier, and keeps names in one scope unique.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that may be used as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Replaces every character that cannot be part of an identifier by a word break.
fn ascii_words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A `snake_case` identifier for a field, parameter, function or module.
///
/// Keywords become raw identifiers (`type` → `r#type`), names that cannot be raw get a trailing
/// underscore (`self` → `self_`), a leading digit gets an underscore (`3d` → `_3d`), and a name
/// with no letters or digits becomes `fallback`.
pub fn snake_case(raw: &str, fallback: &str) -> String {
    let words = ascii_words(raw);
    let mut name = words.to_snake_case();
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// An `UpperCamelCase` identifier for a type or variant.
///
/// A leading digit gets `prefix` (`200` → `Status200` with prefix `Status`); `Self` gets a
/// trailing underscore; a name with no letters or digits becomes `fallback`.
pub fn pascal_case(raw: &str, prefix: &str, fallback: &str) -> String {
    let words = ascii_words(raw);
    let mut name = words.to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, prefix);
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// The name without a leading `r#`, as used to build derived names.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// The variant name for a response status: `409` → `Conflict`, `4XX` → `ClientError`.
pub fn status_variant(code: u16) -> String {
    let reason = match code {
        100 => "Continue",
        101 => "SwitchingProtocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        _ => return format!("Status{code}"),
    };
    reason.to_string()
}

/// The variant name for a status range: `4` (from `4XX`) → `ClientError`.
pub fn status_range_variant(class: u16) -> String {
    match class {
        1 => "Informational".to_string(),
        2 => "Success".to_string(),
        3 => "Redirection".to_string(),
        4 => "ClientError".to_string(),
        5 => "ServerError".to_string(),
        _ => format!("Status{class}xx"),
    }
}

/// The names already taken in one Rust scope; a clashing name gets the first free numeric suffix.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|name| name.to_string()).collect(),
        }
    }

    /// Takes `candidate`, or `candidate2`, `candidate3`, … if it is already taken.
    pub fn claim(&mut self, candidate: &str) -> String {
        let base = unraw(candidate);
        if self.taken.insert(base.to_string()) {
            return candidate.to_string();
        }
        let separator = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|name| self.taken.insert(name.clone()))
            .unwrap_or_else(|| base.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_words() {
        assert_eq!(snake_case("sendAKey", "f"), "send_a_key");
        assert_eq!(snake_case("key_register", "f"), "key_register");
        assert_eq!(snake_case("phoneNumber", "f"), "phone_number");
        assert_eq!(snake_case("X-API-Key", "f"), "x_api_key");
        assert_eq!(snake_case("PK", "f"), "pk");
    }

    #[test]
    fn snake_case_escapes_every_keyword() {
        for keyword in RAW_KEYWORDS {
            assert_eq!(snake_case(keyword, "f"), format!("r#{keyword}"));
        }
        assert_eq!(snake_case("self", "f"), "self_");
        assert_eq!(snake_case("super", "f"), "super_");
        assert_eq!(snake_case("crate", "f"), "crate_");
    }

    #[test]
    fn snake_case_handles_digits_punctuation_and_empty_names() {
        assert_eq!(snake_case("3d", "f"), "_3d");
        assert_eq!(snake_case("+1", "f"), "_1");
        assert_eq!(snake_case("$ref", "f"), "r#ref");
        assert_eq!(snake_case("", "field"), "field");
        assert_eq!(snake_case("***", "field"), "field");
        assert_eq!(snake_case("café", "f"), "caf");
    }

    #[test]
    fn pascal_case_makes_type_names() {
        assert_eq!(pascal_case("SendAKeyRequest", "T", "M"), "SendAKeyRequest");
        assert_eq!(pascal_case("apiKeyResponse", "T", "M"), "ApiKeyResponse");
        assert_eq!(
            pascal_case("KeyRegister201Response", "T", "M"),
            "KeyRegister201Response"
        );
        assert_eq!(pascal_case("200", "Status", "M"), "Status200");
        assert_eq!(pascal_case("self", "T", "M"), "Self_");
        assert_eq!(pascal_case("-", "T", "Empty"), "Empty");
        assert_eq!(pascal_case("ONE_DAY", "T", "M"), "OneDay");
    }

    #[test]
    fn status_variants_use_reason_phrases() {
        assert_eq!(status_variant(409), "Conflict");
        assert_eq!(status_variant(429), "TooManyRequests");
        assert_eq!(status_variant(599), "Status599");
        assert_eq!(status_range_variant(4), "ClientError");
    }

    #[test]
    fn namespace_suffixes_clashing_names() {
        let mut names = Namespace::with_reserved(&["Client"]);
        assert_eq!(names.claim("Client"), "Client2");
        assert_eq!(names.claim("FooBar"), "FooBar");
        assert_eq!(names.claim("FooBar"), "FooBar2");
        assert_eq!(names.claim("Model1"), "Model1");
        assert_eq!(names.claim("Model1"), "Model1_2");
        assert_eq!(names.claim("r#type"), "r#type");
        assert_eq!(names.claim("type"), "type2");
    }
}
