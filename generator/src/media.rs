//! Classifies media types (`application/json;charset=UTF-8`, `application/jwt`, …) by how bodies are encoded.

/// How a body of some media type goes over the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MediaKind {
    /// `application/json`, `application/*+json`: serde_json.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `text/*`, `application/jwt` and other textual types: a string sent verbatim.
    Text,
    /// `multipart/*`.
    Multipart,
    /// Anything else: raw bytes.
    Bytes,
}

/// The media type without parameters, lower-cased: `Application/JSON; charset=UTF-8` → `application/json`.
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a `content` key is a media type or range: `type/subtype` of RFC 7230 token
/// characters (or `*`), optionally followed by `;` parameters.
pub fn is_valid(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    let is_token = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
    };
    matches!(essence.split_once('/'), Some((kind, subtype)) if is_token(kind) && is_token(subtype))
}

pub fn classify(media_type: &str) -> MediaKind {
    let essence = essence(media_type);
    let (kind, subtype) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    match (kind, subtype) {
        ("application", "json") => MediaKind::Json,
        ("application", subtype) if subtype.ends_with("+json") => MediaKind::Json,
        ("application", "x-www-form-urlencoded") => MediaKind::Form,
        ("text", _) => MediaKind::Text,
        ("application", "jwt" | "xml" | "yaml" | "x-yaml" | "javascript" | "graphql") => {
            MediaKind::Text
        }
        ("application", subtype) if subtype.ends_with("+xml") || subtype.ends_with("+jwt") => {
            MediaKind::Text
        }
        ("multipart", _) => MediaKind::Multipart,
        _ => MediaKind::Bytes,
    }
}

/// The media type to use among those a body offers: JSON first, then form, text, multipart, bytes,
/// and the spec's order among equals.
pub fn preferred<'a, T>(
    content: impl Iterator<Item = (&'a String, &'a T)>,
) -> Option<(&'a String, &'a T)> {
    content
        .enumerate()
        .min_by_key(|(index, (media_type, _))| (classify(media_type), *index))
        .map(|(_, entry)| entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_common_media_types() {
        assert_eq!(classify("application/json"), MediaKind::Json);
        assert_eq!(classify("application/json;charset=UTF-8"), MediaKind::Json);
        assert_eq!(classify("application/problem+json"), MediaKind::Json);
        assert_eq!(classify("application/jwt"), MediaKind::Text);
        assert_eq!(classify("text/plain"), MediaKind::Text);
        assert_eq!(
            classify("application/x-www-form-urlencoded"),
            MediaKind::Form
        );
        assert_eq!(classify("multipart/form-data"), MediaKind::Multipart);
        assert_eq!(classify("application/octet-stream"), MediaKind::Bytes);
        assert_eq!(classify("*/*"), MediaKind::Bytes);
    }

    #[test]
    fn recognizes_media_types_and_ranges() {
        assert!(is_valid("application/json"));
        assert!(is_valid("application/json; charset=utf-8"));
        assert!(is_valid("*/*"));
        assert!(is_valid("application/vnd.github+json"));
        assert!(!is_valid("not a media type"));
        assert!(!is_valid("json"));
        assert!(!is_valid("application/"));
    }

    #[test]
    fn prefers_json_then_spec_order() {
        let content = [
            ("*/*".to_string(), 1),
            ("application/json".to_string(), 2),
            ("text/plain".to_string(), 3),
        ];
        let chosen = preferred(content.iter().map(|(media, value)| (media, value)));
        assert_eq!(
            chosen.map(|(media, _)| media.as_str()),
            Some("application/json")
        );
    }
}
