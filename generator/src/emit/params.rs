//! Emits the parameters struct of an operation with too many parameters to take one by one
//! (`ListPetsParams`): a plain struct with one public field per grouped parameter, `Default`
//! where every field has one, which the method takes by reference and destructures.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, rust_type};
use crate::ir::{ModelKind, Operation, Param, ParamLocation, Service, TypeRef};
use crate::names::unraw;

/// The parameters of `operation` that are fields of its parameters struct, in spec order.
pub(super) fn grouped(operation: &Operation) -> impl Iterator<Item = &Param> {
    operation.params.iter().filter(|param| param.grouped)
}

/// The struct's definition, when the operation has one; `owner` is the type whose method the
/// operation is (`Client`, or its group's type).
pub(super) fn params_struct(
    service: &Service,
    operation: &Operation,
    owner: &str,
) -> Option<TokenStream> {
    let name = ident(operation.params_struct.as_deref()?);
    let doc = format!(
        " The parameters of [`{owner}::{}`] that are not arguments of their own.",
        unraw(&operation.fn_name)
    );
    let default = derives_default(service, operation).then(|| quote!(Default,));
    let fields = grouped(operation).map(|param| {
        let mut docs = vec![format!(
            "`{}` parameter `{}`{}.",
            location(param.location),
            param.wire_name,
            if param.required {
                ""
            } else {
                ", sent when `Some`"
            }
        )];
        if !param.docs.is_empty() {
            docs.push(String::new());
            docs.extend(param.docs.iter().cloned());
        }
        let docs = doc_attrs(&docs);
        let field = ident(&param.name);
        let ty = rust_type(&param.ty);
        let ty = if param.required {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        };
        quote! {
            #docs
            pub #field: #ty,
        }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, #default)]
        pub struct #name {
            #(#fields)*
        }
    })
}

/// `let ListPetsParams { limit, tags } = params;`: each grouped parameter as a local of the
/// same name (a reference into the struct), as if it were an argument.
pub(super) fn destructure(operation: &Operation) -> Option<TokenStream> {
    let name = ident(operation.params_struct.as_deref()?);
    let fields = grouped(operation).map(|param| ident(&param.name));
    Some(quote!(let #name { #(#fields),* } = params;))
}

/// Whether the struct can derive `Default`: every grouped parameter is optional, or of a type
/// with a default.
pub(super) fn derives_default(service: &Service, operation: &Operation) -> bool {
    grouped(operation).all(|param| !param.required || has_default(service, &param.ty))
}

fn has_default(service: &Service, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(name) => service.models.iter().any(|model| {
            &model.name == name
                && match &model.kind {
                    ModelKind::Struct { derive_default, .. } => *derive_default,
                    ModelKind::Alias(target) => has_default(service, target),
                    _ => false,
                }
        }),
        TypeRef::Boxed(inner) => has_default(service, inner),
        _ => true,
    }
}

pub(super) fn location(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}
