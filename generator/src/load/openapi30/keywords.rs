//! The fixed fields of each OpenAPI 3.0 object the front end reads: a key that is none of them
//! and no extension (`x-…`) is reported with the nearest known one.

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

pub const SCHEMA: &[&str] = &[
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
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];

/// The known keyword `key` is most likely a misspelling of, if one is close enough.
pub fn nearest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
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
        assert_eq!(nearest("tpye", SCHEMA), Some("type"));
        assert_eq!(nearest("properties_", SCHEMA), Some("properties"));
        assert_eq!(
            nearest("additionalProperty", SCHEMA),
            Some("additionalProperties")
        );
        assert_eq!(nearest("operationID", OPERATION), Some("operationId"));
        assert_eq!(nearest("requried", PARAMETER), Some("required"));
    }

    #[test]
    fn a_key_like_no_keyword_has_no_suggestion() {
        assert_eq!(nearest("colour", SCHEMA), None);
        assert_eq!(nearest("z", OPERATION), None);
    }
}
