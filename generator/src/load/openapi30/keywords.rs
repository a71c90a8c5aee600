//! The fixed fields of each OpenAPI 3.0 object the front end reads: a key that is none of them
//! and no extension (`x-…`) is reported with the nearest known one. What OpenAPI 3.1 changes
//! is in [`openapi31`].

use crate::load::{openapi31, Dialect};

pub const DOCUMENT: &[&str] = &[
    "openapi",
    "info",
    "servers",
    "paths",
    "components",
    "security",
    "tags",
    "externalDocs",
];

pub const INFO: &[&str] = &[
    "title",
    "description",
    "termsOfService",
    "contact",
    "license",
    "version",
];

pub const SERVER: &[&str] = &["url", "description", "variables"];

pub const COMPONENTS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// Besides the methods, which are read first.
pub const PATH_ITEM: &[&str] = &["$ref", "summary", "description", "servers", "parameters"];

pub const OPERATION: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "deprecated",
    "security",
    "servers",
];

pub const PARAMETER: &[&str] = &[
    "name",
    "in",
    "description",
    "required",
    "deprecated",
    "allowEmptyValue",
    "style",
    "explode",
    "allowReserved",
    "schema",
    "example",
    "examples",
    "content",
];

pub const REQUEST_BODY: &[&str] = &["description", "content", "required"];

pub const RESPONSE: &[&str] = &["description", "headers", "content", "links"];

pub const MEDIA_TYPE: &[&str] = &["schema", "example", "examples", "encoding"];

pub const ENCODING: &[&str] = &[
    "contentType",
    "headers",
    "style",
    "explode",
    "allowReserved",
];

pub const DISCRIMINATOR: &[&str] = &["propertyName", "mapping"];

pub const SECURITY_SCHEME: &[&str] = &[
    "type",
    "description",
    "name",
    "in",
    "scheme",
    "bearerFormat",
    "flows",
    "openIdConnectUrl",
];

/// The schema keywords OpenAPI 3.0 and 3.1 share.
pub const SCHEMA_COMMON: &[&str] = &[
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];

/// Lists of known fields, read together.
pub type Known = &'static [&'static [&'static str]];

/// The fields of the document in `dialect` (Swagger 2.0 is read as the 3.0 it is rewritten to).
pub fn document(dialect: Dialect) -> Known {
    match dialect {
        Dialect::OpenApi30 | Dialect::Swagger2 => &[DOCUMENT],
        Dialect::OpenApi31 => &[DOCUMENT, openapi31::DOCUMENT_ADDED],
    }
}

pub fn info(dialect: Dialect) -> Known {
    match dialect {
        Dialect::OpenApi30 | Dialect::Swagger2 => &[INFO],
        Dialect::OpenApi31 => &[INFO, openapi31::INFO_ADDED],
    }
}

pub fn components(dialect: Dialect) -> Known {
    match dialect {
        Dialect::OpenApi30 | Dialect::Swagger2 => &[COMPONENTS],
        Dialect::OpenApi31 => &[COMPONENTS, openapi31::COMPONENTS_ADDED],
    }
}

/// 3.0's `nullable` is gone from 3.1, which adds JSON Schema's keywords.
pub fn schema(dialect: Dialect) -> Known {
    match dialect {
        Dialect::OpenApi30 | Dialect::Swagger2 => &[SCHEMA_COMMON, &["nullable"]],
        Dialect::OpenApi31 => &[
            SCHEMA_COMMON,
            openapi31::SCHEMA_ADDED,
            openapi31::IGNORED_KEYWORDS,
        ],
    }
}

/// The known keyword `key` is most likely a misspelling of, if one is close enough.
pub fn nearest<'k>(key: &str, known: &[&[&'k str]]) -> Option<&'k str> {
    known
        .iter()
        .flat_map(|list| list.iter())
        .map(|candidate| (strsim::jaro_winkler(key, candidate), *candidate))
        .filter(|(similarity, _)| *similarity > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_keyword_is_matched_to_the_one_meant() {
        let schema_30 = schema(Dialect::OpenApi30);
        assert_eq!(nearest("tpye", schema_30), Some("type"));
        assert_eq!(nearest("properties_", schema_30), Some("properties"));
        assert_eq!(nearest("nulable", schema_30), Some("nullable"));
        assert_eq!(
            nearest("additionalProperty", schema_30),
            Some("additionalProperties")
        );
        assert_eq!(nearest("operationID", &[OPERATION]), Some("operationId"));
        assert_eq!(nearest("requried", &[PARAMETER]), Some("required"));
        assert_eq!(
            nearest("prefixItem", schema(Dialect::OpenApi31)),
            Some("prefixItems")
        );
    }

    #[test]
    fn a_key_like_no_keyword_has_no_suggestion() {
        assert_eq!(nearest("colour", schema(Dialect::OpenApi30)), None);
        assert_eq!(nearest("z", &[OPERATION]), None);
    }
}
