//! Boxes the variants that would make an enum large: a `oneOf` of a small and a large struct,
//! or a success enum with one large body, would otherwise cost every value the size of the
//! largest variant (clippy's `large_enum_variant`).
//!
//! The size of each type is bounded from above without asking the compiler: every field counts
//! whole 8-byte words (padding included), `Option` adds a word, and an enum adds a word to its
//! largest variant. A variant is boxed when that bound exceeds [`MAX_INLINE_VARIANT`]; so every
//! variant left inline is at most that size, and no two variants differ by the 200 bytes
//! clippy warns about.

use std::collections::BTreeMap;

use crate::ir::{Model, ModelKind, Operation, ResponseBody, Success, TypeRef};

/// The largest variant (as bounded here) an enum keeps inline, in bytes.
const MAX_INLINE_VARIANT: usize = 192;

const WORD: usize = 8;

/// Boxes the large variants of tagged and untagged enums and of the operations' success enums.
pub fn box_large_variants(models: &mut [Model], operations: &mut [Operation]) {
    let sizes = Sizes::of(models);
    let box_if_large = |ty: &mut TypeRef| {
        if !matches!(ty, TypeRef::Boxed(_)) && sizes.of_type(ty) > MAX_INLINE_VARIANT {
            *ty = TypeRef::Boxed(Box::new(ty.clone()));
        }
    };
    for model in models.iter_mut() {
        if let ModelKind::Tagged { variants, .. } | ModelKind::Untagged { variants } =
            &mut model.kind
        {
            for variant in variants {
                box_if_large(&mut variant.ty);
            }
        }
    }
    for operation in operations {
        if let Success::Enum { responses, .. } = &mut operation.success {
            for response in responses {
                if let Some(ResponseBody::Json(ty)) = &mut response.body {
                    box_if_large(ty);
                }
            }
        }
    }
}

/// An upper bound of the size of each model, in bytes.
struct Sizes {
    models: BTreeMap<String, usize>,
}

impl Sizes {
    fn of(models: &[Model]) -> Self {
        let by_name: BTreeMap<&str, &Model> = models
            .iter()
            .map(|model| (model.name.as_str(), model))
            .collect();
        let mut sizes = Sizes {
            models: BTreeMap::new(),
        };
        for model in models {
            sizes.model(&model.name, &by_name, &mut Vec::new());
        }
        sizes
    }

    fn model<'m>(
        &mut self,
        name: &'m str,
        by_name: &BTreeMap<&'m str, &'m Model>,
        visiting: &mut Vec<&'m str>,
    ) -> usize {
        if let Some(&size) = self.models.get(name) {
            return size;
        }
        let Some(model) = by_name.get(name) else {
            return WORD;
        };
        if visiting.contains(&name) {
            // Only reached through a box, a `Vec` or a map once cycles are boxed.
            return WORD;
        }
        visiting.push(name);
        let mut size_of = |ty: &TypeRef| self.type_size(ty, by_name, visiting);
        let size = match &model.kind {
            ModelKind::Struct {
                fields,
                additional_properties,
                ..
            } => {
                let fields: usize = fields
                    .iter()
                    .map(|field| {
                        // Optional, nullable or both: at most two `Option`s.
                        let options = usize::from(!field.required) + usize::from(field.nullable);
                        size_of(&field.ty) + options * WORD
                    })
                    .sum();
                fields + additional_properties.as_ref().map_or(0, |_| 3 * WORD)
            }
            // Unit variants and the catch-all `String`.
            ModelKind::StringEnum { .. } => 4 * WORD,
            ModelKind::Tagged { variants, .. } | ModelKind::Untagged { variants } => {
                let largest = variants
                    .iter()
                    .map(|variant| size_of(&variant.ty))
                    .max()
                    .unwrap_or(0);
                // `Unknown(serde_json::Value)` of a tagged enum, and the tag itself.
                largest.max(4 * WORD) + WORD
            }
            ModelKind::Alias(target) => size_of(target),
        };
        visiting.pop();
        self.models.insert(name.to_string(), size);
        size
    }

    fn type_size<'m>(
        &mut self,
        ty: &TypeRef,
        by_name: &BTreeMap<&'m str, &'m Model>,
        visiting: &mut Vec<&'m str>,
    ) -> usize {
        match ty {
            TypeRef::Named(name) => match by_name.get_key_value(name.as_str()) {
                Some((&name, _)) => self.model(name, by_name, visiting),
                None => WORD,
            },
            leaf => leaf_size(leaf),
        }
    }

    /// The bound for a type, once every model is sized.
    fn of_type(&self, ty: &TypeRef) -> usize {
        match ty {
            TypeRef::Named(name) => self.models.get(name).copied().unwrap_or(WORD),
            leaf => leaf_size(leaf),
        }
    }
}

/// The bound for a type that names no model.
fn leaf_size(ty: &TypeRef) -> usize {
    match ty {
        TypeRef::String | TypeRef::Bytes | TypeRef::Vec(_) | TypeRef::Map(_) => 3 * WORD,
        // Only array items and map values are `Option`s of their own, always behind the heap.
        TypeRef::Nullable(inner) => leaf_size(inner).saturating_add(WORD),
        // `serde_json::Value`: a `Map` (a `BTreeMap`, or an `IndexMap` of 9 words with
        // serde_json's `preserve_order`) and its tag.
        TypeRef::Json => 10 * WORD,
        // `chrono::DateTime<FixedOffset>` is 16 bytes (date, time, offset), `uuid::Uuid` 16.
        TypeRef::DateTime | TypeRef::Uuid => 2 * WORD,
        // A type the user provides: its size is not known here; counted like a `String`.
        TypeRef::External(_) => 3 * WORD,
        TypeRef::Date
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Boxed(_)
        | TypeRef::Named(_) => WORD,
    }
}

#[cfg(test)]
mod tests {
    use super::box_large_variants;
    use crate::ir::{DataVariant, Field, Model, ModelKind, TypeRef};

    fn strings(name: &str, count: usize) -> Model {
        let fields = (0..count)
            .map(|index| Field {
                name: format!("field{index}"),
                wire_name: format!("field{index}"),
                docs: Vec::new(),
                ty: TypeRef::String,
                required: true,
                nullable: false,
            })
            .collect();
        Model {
            name: name.to_string(),
            docs: Vec::new(),
            kind: ModelKind::Struct {
                fields,
                additional_properties: None,
                derive_default: false,
            },
        }
    }

    fn variant(name: &str, ty: TypeRef) -> DataVariant {
        DataVariant {
            name: name.to_string(),
            wire_value: String::new(),
            ty,
        }
    }

    #[test]
    fn a_union_boxes_only_its_large_variants() {
        let mut models = vec![
            strings("Small", 2),
            strings("Large", 9),
            Model {
                name: "Union".to_string(),
                docs: Vec::new(),
                kind: ModelKind::Untagged {
                    variants: vec![
                        variant("String", TypeRef::String),
                        variant("Small", TypeRef::Named("Small".into())),
                        variant("Large", TypeRef::Named("Large".into())),
                    ],
                },
            },
        ];
        box_large_variants(&mut models, &mut []);
        let ModelKind::Untagged { variants } = &models[2].kind else {
            panic!("still a union");
        };
        let types: Vec<&TypeRef> = variants.iter().map(|variant| &variant.ty).collect();
        assert_eq!(
            types,
            [
                &TypeRef::String,
                &TypeRef::Named("Small".into()),
                &TypeRef::Boxed(Box::new(TypeRef::Named("Large".into()))),
            ]
        );
    }

    #[test]
    fn a_large_struct_reached_through_an_alias_is_boxed_too() {
        let mut models = vec![
            strings("Large", 9),
            Model {
                name: "Alias".to_string(),
                docs: Vec::new(),
                kind: ModelKind::Alias(TypeRef::Named("Large".into())),
            },
            Model {
                name: "Union".to_string(),
                docs: Vec::new(),
                kind: ModelKind::Untagged {
                    variants: vec![
                        variant("Integer", TypeRef::I64),
                        variant("Alias", TypeRef::Named("Alias".into())),
                    ],
                },
            },
        ];
        box_large_variants(&mut models, &mut []);
        let ModelKind::Untagged { variants } = &models[2].kind else {
            panic!("still a union");
        };
        assert!(matches!(variants[1].ty, TypeRef::Boxed(_)), "{variants:?}");
    }
}
