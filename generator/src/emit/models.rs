//! Emits the models of a service: serde structs, string enums, tagged and untagged enums, aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, rust_type, TypesHolding};
use crate::ir::{DataVariant, EnumVariant, Field, Model, ModelExtras, ModelKind, TypeRef};
use crate::names::unraw;

/// The derives each kind of model has already, by the last segment of their path.
const STRUCT_DERIVES: &[&str] = &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"];
const DEFAULT_STRUCT_DERIVES: &[&str] = &[
    "Debug",
    "Clone",
    "PartialEq",
    "Default",
    "Serialize",
    "Deserialize",
];
const STRING_ENUM_DERIVES: &[&str] = &[
    "Debug",
    "Clone",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
    "Serialize",
    "Deserialize",
];
const TAGGED_DERIVES: &[&str] = &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"];

/// `floats` and `date_times` say which types hold `format: float` numbers and `date-time`s.
pub fn model(
    model: &Model,
    extras: &ModelExtras,
    floats: &TypesHolding,
    date_times: &TypesHolding,
) -> TokenStream {
    let docs = doc_attrs(&model.docs);
    let name = ident(&model.name);
    // A type alias takes neither derives nor most attributes: the settings' extras skip it.
    let has_derives = match &model.kind {
        ModelKind::Struct {
            derive_default: true,
            ..
        } => Some(DEFAULT_STRUCT_DERIVES),
        ModelKind::Struct { .. } => Some(STRUCT_DERIVES),
        ModelKind::StringEnum { .. } => Some(STRING_ENUM_DERIVES),
        ModelKind::Tagged { .. } | ModelKind::Untagged { .. } => Some(TAGGED_DERIVES),
        ModelKind::Alias(_) => None,
    };
    let extras = has_derives.map(|has| extra_attributes(extras, has));
    let body = match &model.kind {
        ModelKind::Struct {
            fields,
            additional_properties,
            derive_default,
        } => structure(
            &name,
            fields,
            additional_properties.as_ref(),
            *derive_default,
            floats,
            date_times,
        ),
        ModelKind::StringEnum {
            variants,
            catch_all,
        } => string_enum(&name, variants, catch_all),
        ModelKind::Tagged { tag, variants } => tagged(&name, tag, variants, date_times),
        ModelKind::Untagged { variants } => untagged(&name, variants, date_times),
        ModelKind::Alias(ty) => {
            let ty = rust_type(ty);
            quote!(pub type #name = #ty;)
        }
    };
    let body = match extras {
        Some(extras) if !extras.is_empty() => after_first_attribute(body, extras),
        _ => body,
    };
    quote! {
        #docs
        #body
    }
}

/// `item` with `attributes` put after its first attribute (the `#[derive(…)]` every model but
/// an alias starts with), so serde's helper attributes among them follow the derive of serde.
fn after_first_attribute(item: TokenStream, attributes: TokenStream) -> TokenStream {
    let mut tokens = item.into_iter();
    let first: TokenStream = tokens.by_ref().take(2).collect();
    quote! {
        #first
        #attributes
        #(#tokens)*
    }
}

/// The derives and attributes the settings add, less derives the model has already (which
/// would not compile twice).
fn extra_attributes(extras: &ModelExtras, has: &[&str]) -> TokenStream {
    let derives: Vec<TokenStream> = extras
        .derives
        .iter()
        .filter(|derive| {
            let last = derive.rsplit("::").next().unwrap_or(derive).trim();
            !has.contains(&last)
        })
        .filter_map(|derive| derive.parse::<TokenStream>().ok())
        .collect();
    let derive = (!derives.is_empty()).then(|| quote!(#[derive(#(#derives),*)]));
    // The settings file checked that each is an outer attribute.
    let attributes = extras
        .attributes
        .iter()
        .filter_map(|attribute| attribute.parse::<TokenStream>().ok());
    quote! {
        #derive
        #(#attributes)*
    }
}

fn structure(
    name: &proc_macro2::Ident,
    fields: &[Field],
    additional_properties: Option<&TypeRef>,
    derive_default: bool,
    floats: &TypesHolding,
    date_times: &TypesHolding,
) -> TokenStream {
    let default = derive_default.then(|| quote!(Default,));
    let fields_tokens = fields.iter().map(|one| field(one, date_times));
    let additional = additional_properties.map(|value| {
        let taken = |candidate: &str| fields.iter().any(|field| unraw(&field.name) == candidate);
        let field_name = if taken("additional_properties") {
            "additional_properties_"
        } else {
            "additional_properties"
        };
        (ident(field_name), rust_type(value))
    });
    let additional_writer = additional_properties
        .filter(|value| date_times.holds(value))
        .map(|_| quote!(, serialize_with = "rt::date_times"));
    let additional_field = additional.as_ref().map(|(field_name, value)| {
        quote! {
            /// Properties not listed in the spec, by name.
            #[serde(flatten #additional_writer)]
            pub #field_name: ::std::collections::BTreeMap<::std::string::String, #value>,
        }
    });
    let deserialize = deserialize_structure(name, fields, additional.as_ref(), floats);
    quote! {
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize)]
        pub struct #name {
            #(#fields_tokens)*
            #additional_field
        }

        #deserialize
    }
}

fn field(field: &Field, date_times: &TypesHolding) -> TokenStream {
    let docs = doc_attrs(&field.docs);
    let name = ident(&field.name);
    let ty = field_type(field);
    let rename = (unraw(&field.name) != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(rename = #wire,)
    });
    let writer = date_times
        .holds(&field.ty)
        .then(|| quote!(serialize_with = "rt::date_times",));
    let attributes = if field.required {
        (rename.is_some() || writer.is_some()).then(|| quote!(#[serde(#rename #writer)]))
    } else {
        Some(
            quote!(#[serde(#rename #writer skip_serializing_if = "::std::option::Option::is_none")]),
        )
    };
    quote! {
        #docs
        #attributes
        pub #name: #ty,
    }
}

/// How a struct field is read by `rt::deserialize_object!`, which also sets its Rust type.
#[derive(Clone, Copy)]
enum FieldKind {
    /// `T`.
    Required,
    /// `Option<T>`: optional, or required but nullable; absent and `null` are `None`.
    Optional,
    /// `Option<Option<T>>`: optional and nullable, so an absent field and `null` stay apart.
    Nullable,
    /// `Option<serde_json::Value>`: optional and untyped. An untyped value may be `null`, so
    /// a `null` that arrives is `Some(Value::Null)`, read the way `Nullable` is.
    UntypedOptional,
}

impl FieldKind {
    fn of(field: &Field) -> Self {
        match (field.required, field.nullable) {
            (true, false) => FieldKind::Required,
            (false, false) if field.ty == TypeRef::Json => FieldKind::UntypedOptional,
            (true, true) | (false, false) => FieldKind::Optional,
            (false, true) => FieldKind::Nullable,
        }
    }

    /// The name `rt::deserialize_object!` (and the runtime function it calls) gives the kind.
    fn name(self) -> &'static str {
        match self {
            FieldKind::Required => "required",
            FieldKind::Optional => "optional",
            FieldKind::Nullable | FieldKind::UntypedOptional => "nullable",
        }
    }
}

fn field_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    match FieldKind::of(field) {
        FieldKind::Required => ty,
        FieldKind::Optional | FieldKind::UntypedOptional => quote!(::std::option::Option<#ty>),
        FieldKind::Nullable => quote!(::std::option::Option<::std::option::Option<#ty>>),
    }
}

/// `Deserialize` for a struct, through the runtime's `rt::deserialize_object!`: one line per
/// field, instead of serde's derive, which is several times the code to type-check.
fn deserialize_structure(
    name: &proc_macro2::Ident,
    fields: &[Field],
    additional: Option<&(proc_macro2::Ident, TokenStream)>,
    floats: &TypesHolding,
) -> TokenStream {
    let fields = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        let kind = ident(FieldKind::of(field).name());
        // Read with its range checked: serde would make a number beyond `f32` an infinity.
        let float = floats.holds(&field.ty).then(|| quote!(float));
        quote!(#kind #field_name = #wire #float,)
    });
    let additional = additional.map(|(field_name, _)| quote!(, additional #field_name));
    quote! {
        rt::deserialize_object!(#name { #(#fields)* } #additional);
    }
}

fn string_enum(
    name: &proc_macro2::Ident,
    variants: &[EnumVariant],
    catch_all: &str,
) -> TokenStream {
    let catch_all = ident(catch_all);
    let declarations = variants.iter().map(|variant| {
        let docs = doc_attrs(&variant.docs);
        let variant_name = ident(&variant.name);
        quote! {
            #docs
            #variant_name,
        }
    });
    let as_str_arms = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_value;
        quote!(Self::#variant_name => #wire,)
    });
    let from_wire_arms = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_value;
        quote!(#wire => Self::#variant_name,)
    });
    // `rt::string_enum!` writes the serde impls out through `as_str` and `From<String>`: a
    // serde derive with an untagged catch-all expands to several times the code.
    quote! {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#declarations)*
            /// A value this version of the spec does not list.
            #catch_all(::std::string::String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    Self::#catch_all(value) => value,
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#from_wire_arms)*
                    _ => Self::#catch_all(value),
                }
            }
        }

        rt::string_enum!(#name, #catch_all);
    }
}

/// A polymorphic type: serialized as the variant itself (which carries its discriminator),
/// deserialized by reading the discriminator first, so the variant is never guessed.
fn tagged(
    name: &proc_macro2::Ident,
    tag: &str,
    variants: &[DataVariant],
    date_times: &TypesHolding,
) -> TokenStream {
    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let ty = rust_type(&variant.ty);
        let doc = format!(" The `{}` is `{}`.", tag, variant.wire_value);
        let writer = variant_writer(variant, date_times);
        quote! {
            #[doc = #doc]
            #writer
            #variant_name(#ty),
        }
    });
    let arms = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_value;
        quote! {
            Some(#wire) => ::serde_json::from_value(value).map(Self::#variant_name),
        }
    });
    let unknown_doc =
        format!(" A value whose `{tag}` this version of the spec does not list, kept as it came.");
    quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#declarations)*
            #[doc = #unknown_doc]
            Unknown(::serde_json::Value),
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let decoded = match rt::discriminator(&value, #tag) {
                    #(#arms)*
                    _ => {
                        rt::unlisted_value();
                        return Ok(Self::Unknown(value));
                    }
                };
                decoded.map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    }
}

/// An alternative of several shapes, serialized as the variant itself; `rt::untagged!` decodes
/// it as the first variant that fits the data exactly, or else the best ranked by
/// `rt::decode_untagged` (serde's untagged derive takes the first that decodes at all, dropping
/// what it lacks).
fn untagged(
    name: &proc_macro2::Ident,
    variants: &[DataVariant],
    date_times: &TypesHolding,
) -> TokenStream {
    let declarations = variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let ty = rust_type(&variant.ty);
        let writer = variant_writer(variant, date_times);
        quote!(#writer #variant_name(#ty),)
    });
    let names = variants.iter().map(|variant| ident(&variant.name));
    quote! {
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#declarations)*
        }

        rt::untagged!(#name { #(#names),* });
    }
}

/// The attribute writing a variant that holds `date-time`s through the runtime (`Z` for a zero
/// offset), none for any other.
fn variant_writer(variant: &DataVariant, date_times: &TypesHolding) -> Option<TokenStream> {
    date_times
        .holds(&variant.ty)
        .then(|| quote!(#[serde(serialize_with = "rt::date_times")]))
}
