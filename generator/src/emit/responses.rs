//! Emits how an operation reads its answer: the match arms by status code, and the
//! operation's error enum (and success enum when success statuses carry different bodies).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, doc_text, ident, params, rust_type};
use crate::ir::{Operation, Response, ResponseBody, Service, StatusMatch, Success};

pub(super) fn success_type(operation: &Operation) -> TokenStream {
    match &operation.success {
        Success::Single { body, .. } => response_body_type(body.as_ref()),
        Success::Enum { name, .. } => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

fn response_body_type(body: Option<&ResponseBody>) -> TokenStream {
    match body {
        Some(ResponseBody::Json(ty)) => rust_type(ty),
        Some(ResponseBody::Text) => quote!(::std::string::String),
        Some(ResponseBody::Bytes) => quote!(::std::vec::Vec<u8>),
        None => quote!(()),
    }
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(class) => {
            let low = proc_macro2::Literal::u16_unsuffixed(class * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(class * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// Whether no type of the module is named `E`, the alias of an operation's error enum in its body.
pub(super) fn error_alias_is_free(service: &Service) -> bool {
    !service.models.iter().any(|model| model.name == "E")
}

/// Whether an arm needs the status code (ranges and `default` keep it in their variant).
pub(super) fn needs_status(operation: &Operation) -> bool {
    operation
        .errors
        .iter()
        .any(|response| !matches!(response.status, StatusMatch::Code(_)))
}

/// The match arms choosing how to read a response, by status code only: specific codes first,
/// then ranges, then `default`, else an unexpected-status error.
pub(super) fn response_arms(operation: &Operation, error_enum: &TokenStream) -> Vec<TokenStream> {
    let mut arms: Vec<(StatusMatch, TokenStream)> = Vec::new();
    match &operation.success {
        Success::Single { statuses, body } => {
            let read = success_read(body.as_ref());
            for status in statuses {
                arms.push((*status, quote!(#read)));
            }
        }
        Success::Enum { name, responses } => {
            let enum_name = ident(name);
            for response in responses {
                let variant = ident(&response.variant);
                let read = match &response.body {
                    Some(ResponseBody::Json(ty)) => {
                        let ty = rust_type(ty);
                        quote!(response.json::<#ty, _>())
                    }
                    body => success_read(body.as_ref()),
                };
                let wrap = match response.body {
                    Some(_) => quote!(#read.map(|response| response.map(#enum_name::#variant))),
                    None => quote!(#read.map(|response| response.map(|()| #enum_name::#variant))),
                };
                arms.push((response.status, wrap));
            }
        }
    }
    for response in &operation.errors {
        arms.push((response.status, error_read(error_enum, response)));
    }
    arms.sort_by_key(|(status, _)| match status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let has_default = arms
        .iter()
        .any(|(status, _)| *status == StatusMatch::Default);
    let mut tokens: Vec<TokenStream> = arms
        .into_iter()
        .map(|(status, body)| {
            let pattern = status_pattern(status);
            quote!(#pattern => #body,)
        })
        .collect();
    if !has_default {
        tokens.push(quote!(_ => Err(response.unexpected()),));
    }
    tokens
}

fn success_read(body: Option<&ResponseBody>) -> TokenStream {
    match body {
        Some(ResponseBody::Json(_)) => quote!(response.json()),
        Some(ResponseBody::Text) => quote!(response.text()),
        Some(ResponseBody::Bytes) => quote!(response.bytes()),
        None => quote!(response.empty()),
    }
}

/// The body an error variant holds: what the response declares, or the raw bytes when it
/// declares no content (a server often explains a 404 or 500 even when the spec does not say so).
fn error_body(response: &Response) -> &ResponseBody {
    response.body.as_ref().unwrap_or(&ResponseBody::Bytes)
}

fn error_read(error_enum: &TokenStream, response: &Response) -> TokenStream {
    let variant = ident(&response.variant);
    let method = error_method(error_body(response));
    if keeps_status(response) {
        quote!(response.#method(|body| #error_enum::#variant { status, body }))
    } else {
        quote!(response.#method(#error_enum::#variant))
    }
}

/// Whether an error variant keeps its status code (ranges and `default` match several).
fn keeps_status(response: &Response) -> bool {
    !matches!(response.status, StatusMatch::Code(_))
}

fn error_method(body: &ResponseBody) -> proc_macro2::Ident {
    match body {
        ResponseBody::Json(_) => format_ident!("error_json"),
        ResponseBody::Text => format_ident!("error_text"),
        ResponseBody::Bytes => format_ident!("error_bytes"),
    }
}

/// The error enum of an operation, its success enum when it has one, and its parameters
/// struct when it has one. `owner` is the type whose method the operation is (`Client`, or its
/// group's type).
pub fn operation_enums(service: &Service, operation: &Operation, owner: &str) -> TokenStream {
    let error_enum = ident(&operation.error_enum);
    let owner = crate::names::unraw(owner);
    let error_doc = doc_text(&format!(
        "The documented error responses of [`{owner}::{}`], chosen by status code.",
        crate::names::unraw(&operation.fn_name)
    ));
    let error_variants = operation.errors.iter().map(|response| {
        let docs = doc_attrs(&response_docs(response));
        let variant = ident(&response.variant);
        // Bodies are boxed so every `Result` of the client stays small.
        let body = match error_body(response) {
            body @ ResponseBody::Json(_) => {
                let inner = response_body_type(Some(body));
                quote!(::std::boxed::Box<#inner>)
            }
            ResponseBody::Text => response_body_type(Some(&ResponseBody::Text)),
            // Raw bytes in a type whose `Debug` shows them as text.
            ResponseBody::Bytes => quote!(rt::RawBody),
        };
        let shape = if keeps_status(response) {
            quote!({ status: rt::StatusCode, body: #body })
        } else {
            quote!((#body))
        };
        quote! {
            #docs
            #variant #shape,
        }
    });
    let (kept, fixed): (Vec<&Response>, Vec<&Response>) = operation
        .errors
        .iter()
        .partition(|response| keeps_status(response));
    let fixed = fixed.iter().filter_map(|response| match response.status {
        StatusMatch::Code(code) => {
            let variant = ident(&response.variant);
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            Some(quote!(#variant = #code))
        }
        _ => None,
    });
    let kept = kept.iter().map(|response| ident(&response.variant));
    let success_enum = match &operation.success {
        Success::Enum { name, responses } => {
            let name = ident(name);
            let doc = doc_text(&format!(
                "The success responses of [`{owner}::{}`], chosen by status code.",
                crate::names::unraw(&operation.fn_name)
            ));
            let variants = responses.iter().map(|response| {
                let docs = doc_attrs(&response_docs(response));
                let variant = ident(&response.variant);
                let shape = response.body.as_ref().map(|body| {
                    let body = response_body_type(Some(body));
                    quote!((#body))
                });
                quote! {
                    #docs
                    #variant #shape,
                }
            });
            Some(quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                pub enum #name {
                    #(#variants)*
                }
            })
        }
        Success::Single { .. } => None,
    };
    let params_struct = params::params_struct(service, operation, owner);
    // Only `Debug`, like `rt::Error` that holds it: errors are matched, not cloned or compared,
    // and `Clone` and `PartialEq` on one enum per operation cost about 0.5 s of `cargo check`
    // on nexus (193 operations).
    quote! {
        #[doc = #error_doc]
        #[derive(Debug)]
        pub enum #error_enum {
            #(#error_variants)*
        }
        rt::error_status!(#error_enum { #(#fixed),* } { #(#kept),* });
        #success_enum
        #params_struct
    }
}

fn response_docs(response: &Response) -> Vec<String> {
    let status = match response.status {
        StatusMatch::Code(code) => format!("Status {code}"),
        StatusMatch::Range(class) => format!("Status {class}XX"),
        StatusMatch::Default => "Any other status (`default`)".to_string(),
    };
    match response.docs.first() {
        // A first line that opens a code block must stay on a line of its own.
        Some(first) if !first.starts_with("```") => {
            let mut docs = vec![format!("{status}: {first}")];
            docs.extend(response.docs.iter().skip(1).cloned());
            docs
        }
        _ => {
            let mut docs = vec![format!("{status}."), String::new()];
            docs.extend(response.docs.iter().cloned());
            docs
        }
    }
}
