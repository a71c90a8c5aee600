//! Emits a service's `Client`: construction, credentials, and one `async fn` per operation that
//! builds and sends its request (`responses` emits how it reads the answer).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::responses::{error_alias_is_free, needs_status, response_arms, success_type};
use super::{doc_attrs, doc_text, ident, params, rust_type, summary_line, TypesHolding};
use crate::ir::{
    Body, BodyEncoding, FormEncoding, Method, MultipartPart, MultipartParts, Operation,
    OperationGroup, Param, ParamLocation, ParamStyle, PartKind, PathPiece, SecurityKind,
    SecurityScheme, Service, TypeRef,
};

/// The client's items before its methods: the default base URL, the struct, `Debug` (which
/// never shows credentials) and `Default`.
pub fn client_items(service: &Service) -> TokenStream {
    let base_url = service.default_base_url.clone().unwrap_or_default();
    let base_url_doc = match &service.default_base_url {
        Some(url) => format!(" The base URL the spec's first server names: `{url}`."),
        None => " The spec names no server: set one with [`Client::with_base_url`].".to_string(),
    };
    let credential_fields = service.security_schemes.iter().map(|scheme| {
        let field = ident(&scheme.field);
        let ty = credential_type(scheme);
        quote!(#field: ::std::option::Option<#ty>,)
    });
    let credential_debug = service.security_schemes.iter().map(|scheme| {
        let field = ident(&scheme.field);
        let label = crate::names::unraw(&scheme.field);
        quote!(.field(#label, &self.#field))
    });
    let client_doc = format!(
        " Client for the {} {}: one `async` method per operation.",
        service.title, service.version
    );
    quote! {
        #[doc = #base_url_doc]
        pub const DEFAULT_BASE_URL: &str = #base_url;

        #[doc = #client_doc]
        ///
        /// Cloning is cheap: clones share the connection pool.
        #[derive(Clone)]
        pub struct Client {
            base_url: ::std::string::String,
            http: rt::Http,
            #(#credential_fields)*
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("http", &self.http)
                    #(#credential_debug)*
                    .finish_non_exhaustive()
            }
        }

        impl ::std::default::Default for Client {
            fn default() -> Self {
                Self::new()
            }
        }
    }
}

/// The methods that build and configure a client (the body of part of `impl Client`).
pub fn client_constructors(service: &Service) -> TokenStream {
    let credential_inits = service.security_schemes.iter().map(|scheme| {
        let field = ident(&scheme.field);
        quote!(#field: None,)
    });
    let setters = service.security_schemes.iter().map(credential_setter);
    let accessors = service.groups.iter().map(|group| {
        let accessor = ident(&group.accessor);
        let type_name = ident(&group.type_name);
        let doc = doc_text(&format!("The operations tagged `{}`.", group.tag));
        quote! {
            #[doc = #doc]
            pub fn #accessor(&self) -> #type_name<'_> {
                #type_name { client: self }
            }
        }
    });
    let service_name = &service.module;
    // A redirect's `Location` replaces the query: `Http` adds these back on the same origin.
    let query_credentials: Vec<&str> = service
        .security_schemes
        .iter()
        .filter_map(|scheme| match &scheme.kind {
            SecurityKind::ApiKeyQuery { parameter } => Some(parameter.as_str()),
            _ => None,
        })
        .collect();
    let http = if query_credentials.is_empty() {
        quote!(rt::Http::new(#service_name))
    } else {
        quote!(rt::Http::new(#service_name).with_query_credentials(&[#(#query_credentials),*]))
    };
    quote! {
        /// A client for [`DEFAULT_BASE_URL`] with a new HTTP client: connect timeout 10 s,
        /// whole-request timeout 60 s, retries and redirects as [`rt::Http`] describes.
        pub fn new() -> Self {
            Self::with_base_url(DEFAULT_BASE_URL)
        }

        /// A client for another base URL, e.g. a test server; a trailing `/` is ignored.
        pub fn with_base_url(base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
            let mut base_url = base_url.into();
            while base_url.ends_with('/') {
                base_url.pop();
            }
            Self {
                base_url,
                http: #http,
                #(#credential_inits)*
            }
        }

        /// Sends through your own `reqwest::Client` (proxies, TLS settings), with its own connect
        /// timeout and its own redirect policy, which acts before the client's same-origin rules:
        /// build it from [`rt::http_client_builder`] so credentials stay on their origin (see
        /// [`rt::Http`]). The whole-request timeout and the retry policy stay the client's.
        pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
            self.http = self.http.with_client(http);
            self
        }

        /// How long each attempt of a call may take, from connecting to the end of the body
        /// (default 60 s).
        pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.http = self.http.with_timeout(timeout);
            self
        }

        /// A new default HTTP client that gives up connecting after `timeout` (default 10 s); it
        /// replaces one given to [`Client::with_http_client`].
        pub fn with_connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.http = self.http.with_connect_timeout(timeout);
            self
        }

        /// Which failures are retried and how (default: [`rt::RetryPolicy`]; `RetryPolicy::none()`
        /// turns retries off).
        pub fn with_retry_policy(mut self, policy: rt::RetryPolicy) -> Self {
            self.http = self.http.with_retry_policy(policy);
            self
        }

        /// A copy of this client whose calls carry `options`: their own timeout and extra headers,
        /// e.g. `client.with_options(CallOptions::new().header("Idempotency-Key", key)).call(…)`.
        pub fn with_options(&self, options: rt::CallOptions) -> Self {
            let mut client = self.clone();
            client.http = client.http.with_options(options);
            client
        }

        /// The base URL requests go to.
        pub fn base_url(&self) -> &str {
            &self.base_url
        }

        #(#setters)*

        #(#accessors)*
    }
}

/// The `impl` header of a group's methods.
pub fn group_impl_header(group: &OperationGroup) -> String {
    format!("impl {}<'_>", crate::names::unraw(&group.type_name))
}

/// A group's type: a borrowed `Client` whose methods are the group's operations.
pub fn group_items(group: &OperationGroup) -> TokenStream {
    let docs = doc_attrs(&group.docs);
    let type_name = ident(&group.type_name);
    quote! {
        #docs
        #[derive(Debug, Clone, Copy)]
        pub struct #type_name<'a> {
            client: &'a Client,
        }

        /// The operations read the client's settings and credentials through it.
        #[doc(hidden)]
        impl ::std::ops::Deref for #type_name<'_> {
            type Target = Client;

            fn deref(&self) -> &Client {
                self.client
            }
        }
    }
}

fn credential_type(scheme: &SecurityScheme) -> TokenStream {
    match scheme.kind {
        SecurityKind::Basic => quote!((::std::string::String, rt::Secret)),
        _ => quote!(rt::Secret),
    }
}

fn credential_setter(scheme: &SecurityScheme) -> TokenStream {
    let docs = doc_attrs(&scheme.docs);
    let setter = ident(&scheme.setter);
    let field = ident(&scheme.field);
    match scheme.kind {
        SecurityKind::Basic => quote! {
            #docs
            pub fn #setter(
                mut self,
                username: impl ::std::convert::Into<::std::string::String>,
                password: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.#field = Some((username.into(), rt::Secret::new(password)));
                self
            }
        },
        _ => quote! {
            #docs
            pub fn #setter(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.#field = Some(rt::Secret::new(value));
                self
            }
        },
    }
}

/// The order arguments appear in: required path, query, header and cookie parameters, a required
/// body, the parameters struct, then the optional parameters and an optional body; grouped
/// parameters are fields of the struct instead.
pub(super) fn ordered_arguments(operation: &Operation) -> Vec<Argument<'_>> {
    let location_rank = |param: &Param| match param.location {
        ParamLocation::Path => 0,
        ParamLocation::Query => 1,
        ParamLocation::Header => 2,
        ParamLocation::Cookie => 3,
    };
    let own = || operation.params.iter().filter(|param| !param.grouped);
    let mut required: Vec<&Param> = own().filter(|param| param.required).collect();
    required.sort_by_key(|param| location_rank(param));
    let mut optional: Vec<&Param> = own().filter(|param| !param.required).collect();
    optional.sort_by_key(|param| location_rank(param));
    let mut arguments: Vec<Argument> = required.into_iter().map(Argument::Param).collect();
    if let Some(body) = operation.body.as_ref().filter(|body| body.required) {
        arguments.push(Argument::Body(body));
    }
    if let Some(name) = &operation.params_struct {
        arguments.push(Argument::Params(name));
    }
    arguments.extend(optional.into_iter().map(Argument::Param));
    if let Some(body) = operation.body.as_ref().filter(|body| !body.required) {
        arguments.push(Argument::Body(body));
    }
    arguments
}

pub(super) enum Argument<'a> {
    Param(&'a Param),
    Body(&'a Body),
    /// The parameters struct, by its name.
    Params(&'a str),
}

/// The type a parameter is taken as: borrowed for strings, models and lists, by value for
/// numbers, booleans, dates and ids.
fn argument_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        ty if ty.is_copy_scalar() => rust_type(ty),
        TypeRef::Bytes => quote!(&[u8]),
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner);
            quote!(&[#inner])
        }
        TypeRef::Boxed(inner) => argument_type(inner),
        // Models, maps, JSON and the scalars left (by value, above).
        _ => {
            let ty = rust_type(ty);
            quote!(&#ty)
        }
    }
}

fn body_type(body: &Body) -> TokenStream {
    match &body.encoding {
        BodyEncoding::Json(ty)
        | BodyEncoding::Form { ty, .. }
        | BodyEncoding::Multipart { ty, .. } => argument_type(ty),
        BodyEncoding::Text { .. } => quote!(&str),
        BodyEncoding::Bytes => quote!(::std::vec::Vec<u8>),
    }
}

/// Each operation's path template and `operationId`, which `rt::Http::send` names in its
/// `tracing` span; operation number `i` passes `&OPERATIONS[i]`. One string per operation, the
/// template first (with no space in it), keeps the table at one line per operation.
pub fn operation_table(service: &Service) -> Option<TokenStream> {
    if service.operations.is_empty() {
        return None;
    }
    let count = proc_macro2::Literal::usize_unsuffixed(service.operations.len());
    let entries = service.operations.iter().map(|operation| {
        // A space in a path goes on the wire as `%20`; spelled so, it cannot end the template.
        let template = operation.path_template.replace(' ', "%20");
        format!("{template} {}", operation.operation_id)
    });
    Some(quote! {
        /// Each operation's path template and `operationId`, named in the `tracing` spans.
        static OPERATIONS: [rt::Operation; #count] = [#(#entries),*];
    })
}

/// One operation's method (part of the body of `impl Client`); it is operation number `index`
/// of the service.
pub fn operation_fn(
    service: &Service,
    date_times: &TypesHolding,
    index: usize,
    operation: &Operation,
) -> TokenStream {
    let fn_name = ident(&operation.fn_name);
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    let mut docs = operation.docs.clone();
    docs.extend(argument_docs(operation));
    docs.push(String::new());
    docs.push(format!(
        "Errors: [`{}`] for the documented error statuses, or another [`super::Error`] variant.",
        operation.error_enum
    ));
    let docs = doc_attrs(&docs);

    let arguments = ordered_arguments(operation);
    let signature = arguments.iter().map(|argument| match argument {
        Argument::Param(param) => {
            let name = ident(&param.name);
            let ty = argument_type(&param.ty);
            if param.required {
                quote!(#name: #ty)
            } else {
                quote!(#name: ::std::option::Option<#ty>)
            }
        }
        Argument::Body(body) => {
            let ty = body_type(body);
            if body.required {
                quote!(body: #ty)
            } else {
                quote!(body: ::std::option::Option<#ty>)
            }
        }
        Argument::Params(name) => {
            let name = ident(name);
            quote!(params: &#name)
        }
    });
    let destructure = params::destructure(operation);
    // Parameters sent as JSON text become that text here; the request is then built from an
    // operation in which they are strings.
    let (json_texts, as_text) = json_text_params(operation);
    let operation = as_text.as_ref().unwrap_or(operation);

    let url = url_statements(operation, date_times);
    let start_request = match operation.method {
        Method::Get => quote!(self.http.get(url)),
        Method::Put => quote!(self.http.put(url)),
        Method::Post => quote!(self.http.post(url)),
        Method::Delete => quote!(self.http.delete(url)),
        Method::Patch => quote!(self.http.patch(url)),
        Method::Head => quote!(self.http.head(url)),
        Method::Options | Method::Trace => {
            let method = format_ident!("{}", operation.method.as_str());
            quote!(self.http.request(::reqwest::Method::#method, url))
        }
    };
    let accept = operation
        .accept
        .as_ref()
        .map(|accept| quote!(request = request.header(::reqwest::header::ACCEPT, #accept);));
    let credentials = operation
        .security
        .iter()
        .filter_map(|&index| service.security_schemes.get(index))
        .map(credential_statement);
    let params = operation
        .params
        .iter()
        .filter(|param| param.location != ParamLocation::Path)
        .filter(|param| param.location != ParamLocation::Cookie)
        .map(|param| param_statement(param, date_times));
    let cookies = cookie_statement(service, date_times, operation);
    let body = operation
        .body
        .as_ref()
        .map(|body| body_statement(service, date_times, body));

    let success_type = success_type(operation);
    let error_enum = ident(&operation.error_enum);
    let needs_status = needs_status(operation);
    // An arm that builds a variant keeping its status (`E::ClientError { status, body }`) fits on
    // one line only with a short name for the error enum.
    let (error_alias, error_path) = if needs_status && error_alias_is_free(service) {
        (Some(quote!(use #error_enum as E;)), quote!(E))
    } else {
        (None, quote!(#error_enum))
    };
    let arms = response_arms(operation, &error_path);
    let status_binding = if needs_status {
        quote!(let status = response.status(); match status.as_u16())
    } else {
        quote!(match response.status().as_u16())
    };
    let has_credentials = !operation.security.is_empty();
    let mutates = accept.is_some()
        || has_credentials
        || operation
            .params
            .iter()
            .any(|param| param.location != ParamLocation::Path)
        || operation.body.is_some();
    let binding = if mutates {
        quote!(let mut request)
    } else {
        quote!(let request)
    };

    quote! {
        #docs
        pub async fn #fn_name(&self, #(#signature),*) -> rt::ApiResult<#success_type, #error_enum> {
            #destructure
            #json_texts
            #url
            #binding = #start_request;
            #accept
            #(#credentials)*
            #(#params)*
            #cookies
            #body
            let response = self.http.send(request, &OPERATIONS[#index]).await?;
            #error_alias
            #status_binding {
                #(#arms)*
            }
        }
    }
}

/// Lines documenting each argument.
fn argument_docs(operation: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    for argument in ordered_arguments(operation) {
        let line = match argument {
            Argument::Params(name) => {
                let what = if operation.params.iter().all(|param| param.grouped) {
                    "the parameters"
                } else {
                    "the optional parameters"
                };
                format!("- `params`: {what}, fields of [`{name}`]")
            }
            Argument::Param(param) => {
                let location = params::location(param.location);
                let summary = summary_line(&param.docs);
                format!(
                    "- `{}`: {} parameter `{}`{}{}",
                    crate::names::unraw(&param.name),
                    location,
                    param.wire_name,
                    if param.required { "" } else { " (optional)" },
                    if summary.is_empty() {
                        String::new()
                    } else {
                        format!(": {summary}")
                    }
                )
            }
            Argument::Body(body) => {
                let what = match &body.encoding {
                    BodyEncoding::Text {
                        claims: Some(TypeRef::Named(claims)),
                    } => format!(
                        "sent verbatim as `{}` (e.g. a compact JWT whose claims are [`{claims}`])",
                        body.media_type
                    ),
                    _ => format!("sent as `{}`", body.media_type),
                };
                let summary = summary_line(&body.docs);
                format!(
                    "- `body`: {what}{}{}",
                    if body.required { "" } else { " (optional)" },
                    if summary.is_empty() {
                        String::new()
                    } else {
                        format!(": {summary}")
                    }
                )
            }
        };
        lines.push(line);
    }
    if !lines.is_empty() {
        lines.insert(0, String::new());
        lines.insert(1, "Arguments:".to_string());
    }
    lines
}

/// For the parameters sent as JSON text (`content: application/json`): statements turning each
/// into its text (`let filter = rt::json_text("filter", &filter)?;`, a `&str` as a string
/// parameter is; an optional one is an `Option<&T>` argument or a `&Option<T>` field of the
/// parameters struct, both read through `as_ref`), and a copy of the operation in which they are strings, so that the rest of
/// the request is built as for any string parameter. `None` when there are none.
fn json_text_params(operation: &Operation) -> (TokenStream, Option<Operation>) {
    if !operation.params.iter().any(|param| param.json_text) {
        return (TokenStream::new(), None);
    }
    let mut as_text = operation.clone();
    let mut statements = TokenStream::new();
    for param in as_text.params.iter_mut().filter(|param| param.json_text) {
        let name = ident(&param.name);
        let wire = &param.wire_name;
        statements.extend(if param.required {
            quote! {
                let #name = rt::json_text(#wire, &#name)?;
                let #name = #name.as_str();
            }
        } else {
            quote! {
                let #name = #name.as_ref().map(|value| rt::json_text(#wire, value)).transpose()?;
                let #name = #name.as_deref();
            }
        });
        param.ty = TypeRef::String;
        param.json_text = false;
    }
    (statements, Some(as_text))
}

/// Statements building `url`: each path parameter becomes one checked, percent-encoded segment
/// (shadowing the argument), then `format!("{}/key/{}", self.base_url, pk)`.
fn url_statements(operation: &Operation, date_times: &TypesHolding) -> TokenStream {
    let mut template = String::from("{}");
    let mut segments = Vec::new();
    let mut values = vec![quote!(self.base_url)];
    for piece in &operation.path {
        match piece {
            PathPiece::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPiece::Param(index) => {
                template.push_str("{}");
                let param = &operation.params[*index];
                let name = ident(&param.name);
                let value = written(&param.ty, quote!(#name), date_times);
                let wire = &param.wire_name;
                let explode = param.explode;
                let style = match param.style {
                    ParamStyle::Label => Some(format_ident!("Label")),
                    ParamStyle::Matrix => Some(format_ident!("Matrix")),
                    _ if explode => Some(format_ident!("Simple")),
                    _ => None,
                };
                segments.push(match style {
                    Some(style) => quote! {
                        let #name = rt::path_param(#wire, &#value, rt::PathStyle::#style, #explode)?;
                    },
                    None => quote!(let #name = rt::path_segment(#wire, &#value)?;),
                });
                values.push(quote!(#name));
            }
        }
    }
    quote! {
        #(#segments)*
        let url = ::std::format!(#template, #(#values),*);
    }
}

fn credential_statement(scheme: &SecurityScheme) -> TokenStream {
    let field = ident(&scheme.field);
    match &scheme.kind {
        SecurityKind::ApiKeyHeader { header } => quote! {
            if let Some(secret) = &self.#field {
                request = rt::header(request, #header, secret.expose())?;
            }
        },
        SecurityKind::ApiKeyQuery { parameter } => quote! {
            if let Some(secret) = &self.#field {
                request = request.query(&[(#parameter, secret.expose())]);
            }
        },
        // Cookies are gathered into one `Cookie` header by `cookie_statement`.
        SecurityKind::ApiKeyCookie { .. } => quote!(),
        SecurityKind::Bearer => quote! {
            if let Some(secret) = &self.#field {
                request = rt::bearer(request, secret.expose())?;
            }
        },
        SecurityKind::Basic => quote! {
            if let Some((username, password)) = &self.#field {
                request = request.basic_auth(username, Some(password.expose()));
            }
        },
    }
}

/// The statement adding one query or header parameter; optional ones only when `Some`.
fn param_statement(param: &Param, date_times: &TypesHolding) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire_name;
    let value = written(&param.ty, quote!(#name), date_times);
    let add = match (&param.location, &param.ty) {
        // Scalars need no styling: reqwest form-encodes them as they are.
        (ParamLocation::Query, ty) if *ty == TypeRef::String || ty.is_copy_scalar() => quote! {
            request = request.query(&[(#wire, #value)]);
        },
        (ParamLocation::Query, _) => {
            let explode = param.explode;
            if param.style == ParamStyle::Form && explode {
                quote!(request = request.query(&rt::query_form(#wire, &#value));)
            } else {
                let style = query_style(param.style);
                quote! {
                    request = request.query(&rt::query_pairs(#wire, &#value, rt::QueryStyle::#style, #explode));
                }
            }
        }
        (_, TypeRef::String) => quote! {
            request = rt::header(request, #wire, #value)?;
        },
        _ if param.explode => quote! {
            request = request.header(#wire, rt::simple_text(&#value, true));
        },
        _ => quote! {
            request = rt::header(request, #wire, &rt::param_text(&#value))?;
        },
    };
    if param.required {
        add
    } else {
        quote! {
            if let Some(#name) = #name {
                #add
            }
        }
    }
}

/// The runtime's `QueryStyle` variant for the style of a query parameter or form property.
fn query_style(style: ParamStyle) -> proc_macro2::Ident {
    match style {
        ParamStyle::SpaceDelimited => format_ident!("SpaceDelimited"),
        ParamStyle::PipeDelimited => format_ident!("PipeDelimited"),
        ParamStyle::DeepObject => format_ident!("DeepObject"),
        // Lowering gives queries and form bodies only the four query styles.
        ParamStyle::Form | ParamStyle::Simple | ParamStyle::Label | ParamStyle::Matrix => {
            format_ident!("Form")
        }
    }
}

/// One `Cookie` header for the cookie parameters and API-key cookies of an operation.
fn cookie_statement(
    service: &Service,
    date_times: &TypesHolding,
    operation: &Operation,
) -> Option<TokenStream> {
    let params: Vec<&Param> = operation
        .params
        .iter()
        .filter(|param| param.location == ParamLocation::Cookie)
        .collect();
    let keys: Vec<(&SecurityScheme, &String)> = operation
        .security
        .iter()
        .filter_map(|&index| service.security_schemes.get(index))
        .filter_map(|scheme| match &scheme.kind {
            SecurityKind::ApiKeyCookie { cookie } => Some((scheme, cookie)),
            _ => None,
        })
        .collect();
    if params.is_empty() && keys.is_empty() {
        return None;
    }
    let pushes = params.iter().map(|param| {
        let name = ident(&param.name);
        let wire = &param.wire_name;
        let value = match param.ty {
            TypeRef::String => quote!(#name),
            _ => {
                let value = written(&param.ty, quote!(#name), date_times);
                quote!(&rt::param_text(&#value))
            }
        };
        let push = quote!(cookies.push(rt::cookie(#wire, #value)););
        if param.required {
            push
        } else {
            quote! {
                if let Some(#name) = #name {
                    #push
                }
            }
        }
    });
    let key_pushes = keys.iter().map(|(scheme, cookie)| {
        let field = ident(&scheme.field);
        quote! {
            if let Some(secret) = &self.#field {
                cookies.push(rt::cookie(#cookie, secret.expose()));
            }
        }
    });
    Some(quote! {
        let mut cookies: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
        #(#pushes)*
        #(#key_pushes)*
        if !cookies.is_empty() {
            request = request.header(::reqwest::header::COOKIE, cookies.join("; "));
        }
    })
}

fn body_statement(service: &Service, date_times: &TypesHolding, body: &Body) -> TokenStream {
    let media_type = &body.media_type;
    let send = match &body.encoding {
        BodyEncoding::Json(ty) => {
            let body = written_body(ty, date_times);
            quote! {
                request = request.header(::reqwest::header::CONTENT_TYPE, #media_type).json(#body);
            }
        }
        BodyEncoding::Form { ty, encodings } => {
            let body = written_body(ty, date_times);
            let encodings = encodings.iter().map(|property| {
                let wire = &property.wire_name;
                let encoding = match property.encoding {
                    FormEncoding::Style { style, explode } => {
                        let style = query_style(style);
                        quote!(rt::FormEncoding::Style(rt::QueryStyle::#style, #explode))
                    }
                    FormEncoding::Json => quote!(rt::FormEncoding::Json),
                };
                quote!((#wire, #encoding))
            });
            quote! {
                let form = rt::form_body(#body, &[#(#encodings),*])?;
                request = request.header(::reqwest::header::CONTENT_TYPE, #media_type).body(form);
            }
        }
        BodyEncoding::Text { .. } => quote! {
            request = request.header(::reqwest::header::CONTENT_TYPE, #media_type).body(body.to_owned());
        },
        BodyEncoding::Bytes => quote! {
            request = request.header(::reqwest::header::CONTENT_TYPE, #media_type).body(body);
        },
        // reqwest sets `multipart/form-data; boundary=…` itself.
        BodyEncoding::Multipart { parts, ty } => {
            let parts = multipart_parts(service, date_times, parts, ty);
            quote! {
                let mut form = ::reqwest::multipart::Form::new();
                #parts
                request = request.multipart(form);
            }
        }
    };
    if body.required {
        send
    } else {
        quote! {
            if let Some(body) = body {
                #send
            }
        }
    }
}

/// Adds the parts of a multipart `body` of type `ty` to `form`: its fields, or those of the
/// variant it is.
fn multipart_parts(
    service: &Service,
    date_times: &TypesHolding,
    parts: &MultipartParts,
    ty: &TypeRef,
) -> TokenStream {
    // The parts of the struct `of`, each through `rt::Rfc3339` when its field holds date-times
    // (the struct's fields are looked up once for all its parts).
    let parts_of = |of: Option<&TypeRef>, parts: &[MultipartPart]| {
        let fields = of.map_or(&[][..], |of| body_fields(service, of));
        let parts = parts.iter().map(|part| {
            let holds_date_time = fields
                .iter()
                .find(|field| field.name == part.field)
                .is_some_and(|field| date_times.holds(&field.ty));
            multipart_part(part, holds_date_time)
        });
        quote!(#(#parts)*)
    };
    match parts {
        MultipartParts::Fields(parts) => parts_of(Some(ty), parts),
        MultipartParts::OneOf {
            variants,
            catch_all,
        } => {
            let enum_type = rust_type(ty);
            let arms = variants.iter().map(|variant| {
                let name = ident(&variant.name);
                let parts = parts_of(variant_type(service, ty, &variant.name), &variant.parts);
                quote! {
                    #enum_type::#name(body) => {
                        #parts
                    }
                }
            });
            let catch_all = catch_all.as_ref().map(|name| {
                let name = ident(name);
                quote!(#enum_type::#name(value) => form = rt::value_parts(form, value)?,)
            });
            quote! {
                match body {
                    #(#arms)*
                    #catch_all
                }
            }
        }
    }
}

/// Adds one field of a multipart body to `form`: bytes as a file part (named after the field),
/// objects and arrays as JSON, anything else as text.
fn multipart_part(part: &MultipartPart, holds_date_time: bool) -> TokenStream {
    let field = ident(&part.field);
    let wire = &part.wire_name;
    let value = if holds_date_time {
        quote!(&rt::Rfc3339(value))
    } else {
        quote!(value)
    };
    let add = match &part.kind {
        PartKind::File { content_type } => quote! {
            form = form.part(#wire, rt::file_part(value.clone(), #wire, #content_type)?);
        },
        PartKind::Json => quote! {
            form = form.part(#wire, rt::json_part(#wire, #value)?);
        },
        PartKind::Text => quote! {
            form = form.text(#wire, rt::param_text(#value));
        },
    };
    match (part.required, part.nullable) {
        (true, false) => quote! {
            let value = &body.#field;
            #add
        },
        (true, true) | (false, false) => quote! {
            if let Some(value) = &body.#field {
                #add
            }
        },
        (false, true) => quote! {
            if let Some(Some(value)) = &body.#field {
                #add
            }
        },
    }
}

/// The expression sending `value` of type `ty`: as it is, or through `rt::Rfc3339` when it
/// holds `date-time`s, so that they are written as the models write them (a zero offset as `Z`).
fn written(ty: &TypeRef, value: TokenStream, date_times: &TypesHolding) -> TokenStream {
    if date_times.holds(ty) {
        quote!(rt::Rfc3339(&#value))
    } else {
        value
    }
}

/// [`written`] for `body`, the argument a method takes its body as (a reference, or a `Copy`
/// scalar by value).
fn written_body(ty: &TypeRef, date_times: &TypesHolding) -> TokenStream {
    if date_times.holds(ty) {
        quote!(&rt::Rfc3339(&body))
    } else {
        quote!(body)
    }
}

/// The type of the variant `variant` of the enum a body of type `ty` is.
fn variant_type<'a>(service: &'a Service, ty: &TypeRef, variant: &str) -> Option<&'a TypeRef> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    match &service.model(name)?.kind {
        crate::ir::ModelKind::Tagged { variants, .. }
        | crate::ir::ModelKind::Untagged { variants } => variants
            .iter()
            .find(|candidate| candidate.name == variant)
            .map(|found| &found.ty),
        _ => None,
    }
}

/// The fields of the struct a body of type `ty` is, or none.
fn body_fields<'a>(service: &'a Service, ty: &TypeRef) -> &'a [crate::ir::Field] {
    let TypeRef::Named(name) = ty else {
        return &[];
    };
    service
        .model(name)
        .and_then(|model| match &model.kind {
            crate::ir::ModelKind::Struct { fields, .. } => Some(fields.as_slice()),
            _ => None,
        })
        .unwrap_or(&[])
}
