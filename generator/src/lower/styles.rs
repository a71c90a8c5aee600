//! Decides how parameters and form properties are spelled (`style`, `explode`), and reports the
//! combinations OpenAPI 3.0 does not define or the runtime cannot send, with their location.

use std::borrow::Borrow;

use crate::ir::ParamStyle;
use crate::load::model::{
    ParameterLocation, ParameterStyle, ReferenceOr, Schema, SchemaKind, Type,
};

use super::schemas::SchemaLowering;

/// What a style has to spell: the shape of the value a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Scalar,
    Array,
    Object,
    /// `oneOf`, `anyOf` or no `type`: known only at run time.
    Unknown,
}

/// Where a styled value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Parameter(ParameterLocation),
    /// A property of an `application/x-www-form-urlencoded` body.
    FormProperty,
}

/// A combination of style, explode and shape that is worth a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StyleProblem {
    /// It cannot be sent: generation stops.
    Error { message: String, help: &'static str },
    /// It is sent in a reasonable spelling the spec does not define.
    Warning(String),
}

pub fn param_style(style: ParameterStyle) -> ParamStyle {
    match style {
        ParameterStyle::Form => ParamStyle::Form,
        ParameterStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
        ParameterStyle::PipeDelimited => ParamStyle::PipeDelimited,
        ParameterStyle::DeepObject => ParamStyle::DeepObject,
        ParameterStyle::Simple => ParamStyle::Simple,
        ParameterStyle::Label => ParamStyle::Label,
        ParameterStyle::Matrix => ParamStyle::Matrix,
    }
}

/// `explode` as written, or its default: `true` for `form` and `deepObject` (which has no other
/// spelling), `false` otherwise. Cookies are the exception: an exploded array or object cookie
/// cannot be sent (see [`check`]), so a `form` cookie is unexploded unless the spec says so.
pub fn explode(place: Place, style: ParamStyle, explode: Option<bool>) -> bool {
    explode.unwrap_or(match place {
        Place::Parameter(ParameterLocation::Cookie) => false,
        _ => matches!(style, ParamStyle::Form | ParamStyle::DeepObject),
    })
}

/// Whether `style` with `explode` (as written) can spell a value of `shape` at `place`.
pub fn check(
    place: Place,
    style: ParamStyle,
    explode: Option<bool>,
    shape: Shape,
) -> Option<StyleProblem> {
    let structured = shape != Shape::Scalar;
    let style_name = match style {
        ParamStyle::Form => "form",
        ParamStyle::SpaceDelimited => "spaceDelimited",
        ParamStyle::PipeDelimited => "pipeDelimited",
        ParamStyle::DeepObject => "deepObject",
        ParamStyle::Simple => "simple",
        ParamStyle::Label => "label",
        ParamStyle::Matrix => "matrix",
    };
    match (style, explode) {
        (ParamStyle::DeepObject, Some(false)) => Some(StyleProblem::Error {
            message: "`style: deepObject` with `explode: false` cannot be sent: OpenAPI 3.0 defines `deepObject` only exploded (`name[key]=value`)".to_string(),
            help: "remove `explode: false`, or use `style: form` with `explode: false` for `name=key,value`",
        }),
        (ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited, Some(true)) if structured => {
            Some(StyleProblem::Warning(format!(
                "`style: {style_name}` with `explode: true` is not defined by OpenAPI 3.0, which delimits only unexploded values; each item is sent as its own `name=value` pair, as `form` does"
            )))
        }
        (ParamStyle::Form, Some(true))
            if structured && place == Place::Parameter(ParameterLocation::Cookie) =>
        {
            Some(StyleProblem::Error {
                message: "an exploded array or object cookie cannot be sent: OpenAPI 3.0 spells it `name=a&name=b`, which is not a `Cookie` header".to_string(),
                help: "remove `explode: true`; the cookie is then sent as `name=a,b`",
            })
        }
        _ => None,
    }
}

/// The shape of the value a schema (or the schema its `$ref`s lead to) describes.
pub fn shape_of<S: Borrow<Schema>>(schemas: &SchemaLowering<'_>, schema: &ReferenceOr<S>) -> Shape {
    shape_at_depth(schemas, schema, 0)
}

/// [`shape_of`], following `allOf` parts at most a few levels deep (a cycle of `allOf`s has
/// no shape).
fn shape_at_depth<S: Borrow<Schema>>(
    schemas: &SchemaLowering<'_>,
    schema: &ReferenceOr<S>,
    depth: usize,
) -> Shape {
    let resolved = match schema {
        ReferenceOr::Item(schema) => Some(schema.borrow()),
        ReferenceOr::Reference { reference } => schemas.resolve_reference(reference),
    };
    match resolved.map(|schema| &schema.schema_kind) {
        Some(SchemaKind::Type(Type::Array(_))) => Shape::Array,
        Some(SchemaKind::Type(Type::Object(_))) => Shape::Object,
        Some(SchemaKind::Type(_)) => Shape::Scalar,
        Some(SchemaKind::AllOf { .. }) if depth >= MAX_ALL_OF_DEPTH => Shape::Unknown,
        // An `allOf` has the shape its typed parts agree on (`allOf: [{$ref: Url}]` is a
        // scalar); parts without a type only document.
        Some(SchemaKind::AllOf { all_of }) => {
            let mut shapes = all_of
                .iter()
                .map(|part| shape_at_depth(schemas, part, depth + 1))
                .filter(|shape| *shape != Shape::Unknown);
            match shapes.next() {
                Some(first) if shapes.all(|shape| shape == first) => first,
                _ => Shape::Object,
            }
        }
        _ => Shape::Unknown,
    }
}

/// How deep [`shape_of`] follows `allOf` parts.
const MAX_ALL_OF_DEPTH: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    const QUERY: Place = Place::Parameter(ParameterLocation::Query);
    const COOKIE: Place = Place::Parameter(ParameterLocation::Cookie);

    #[test]
    fn every_path_style_is_sent_exploded_or_not_for_every_shape() {
        for style in [ParamStyle::Simple, ParamStyle::Label, ParamStyle::Matrix] {
            for explode in [None, Some(false), Some(true)] {
                for shape in [Shape::Scalar, Shape::Array, Shape::Object, Shape::Unknown] {
                    let place = Place::Parameter(ParameterLocation::Path);
                    assert_eq!(
                        check(place, style, explode, shape),
                        None,
                        "{style:?} {explode:?} {shape:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_unexploded_deep_object_is_an_error_wherever_it_is() {
        for place in [QUERY, Place::FormProperty] {
            let problem = check(place, ParamStyle::DeepObject, Some(false), Shape::Object);
            assert!(
                matches!(problem, Some(StyleProblem::Error { .. })),
                "{place:?}: {problem:?}"
            );
        }
        assert_eq!(
            check(QUERY, ParamStyle::DeepObject, None, Shape::Object),
            None
        );
        assert!(explode(QUERY, ParamStyle::DeepObject, None));
    }

    #[test]
    fn an_exploded_delimited_array_is_sent_like_form_with_a_warning() {
        let problem = check(QUERY, ParamStyle::PipeDelimited, Some(true), Shape::Array);
        assert!(
            matches!(problem, Some(StyleProblem::Warning(_))),
            "{problem:?}"
        );
        assert_eq!(
            check(QUERY, ParamStyle::PipeDelimited, Some(true), Shape::Scalar),
            None
        );
    }

    #[test]
    fn an_exploded_array_cookie_is_an_error_and_cookies_default_to_unexploded() {
        let problem = check(COOKIE, ParamStyle::Form, Some(true), Shape::Array);
        assert!(
            matches!(problem, Some(StyleProblem::Error { .. })),
            "{problem:?}"
        );
        assert_eq!(
            check(COOKIE, ParamStyle::Form, Some(true), Shape::Scalar),
            None
        );
        assert!(!explode(COOKIE, ParamStyle::Form, None));
        assert!(explode(QUERY, ParamStyle::Form, None));
    }
}
