//! Stage 4: turn the IR into Rust token streams, one per generated source file.
//!
//! `models` emits the types of a service, `client` its `Client` and operations; this module holds
//! the helpers both use and the crate-level files (`lib.rs`, the shared runtime).

mod client;
mod example;
mod models;
mod params;
mod responses;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Service, TypeRef};

/// Which crates beyond reqwest, serde and serde_json the emitted code of some services uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CratesUsed {
    pub chrono: bool,
    pub uuid: bool,
}

impl CratesUsed {
    /// The crates the types of `service` need.
    pub fn of(service: &Service) -> CratesUsed {
        let mut used = CratesUsed::default();
        let models = service.models.iter().flat_map(|model| model.kind.types());
        let operations = service
            .operations
            .iter()
            .flat_map(|operation| operation.types());
        for ty in models.chain(operations) {
            used.note(ty);
        }
        used
    }

    fn note(&mut self, ty: &TypeRef) {
        match ty.innermost() {
            TypeRef::DateTime | TypeRef::Date => self.chrono = true,
            TypeRef::Uuid => self.uuid = true,
            _ => {}
        }
    }

    /// Both services' crates.
    pub fn union(self, other: CratesUsed) -> CratesUsed {
        CratesUsed {
            chrono: self.chrono || other.chrono,
            uuid: self.uuid || other.uuid,
        }
    }
}

/// The shared runtime module, emitted once per generated crate: the error and response types,
/// the wire encoders of parameters and form bodies, then how requests are sent (timeouts,
/// retries, redirects, tracing).
pub const RUNTIME_SOURCE: &str = concat!(
    include_str!("../../templates/runtime.rs"),
    include_str!("../../templates/encoding.rs"),
    include_str!("../../templates/transport.rs"),
);

/// The parts of multipart bodies, which need reqwest's `multipart` feature.
const MULTIPART_SOURCE: &str = include_str!("../../templates/multipart.rs");

/// How `date-time` values are written, which needs chrono.
const DATE_TIME_SOURCE: &str = include_str!("../../templates/date_time.rs");

/// The runtime module's source: [`RUNTIME_SOURCE`], with the multipart helpers when a service
/// of the crate sends a multipart body, and the `date-time` writer when one uses chrono.
pub fn runtime_source(uses_multipart: bool, crates_used: CratesUsed) -> String {
    let mut source = RUNTIME_SOURCE.to_string();
    if uses_multipart {
        source.push_str(MULTIPART_SOURCE);
    }
    if crates_used.chrono {
        source.push_str(DATE_TIME_SOURCE);
    }
    source
}

/// Which types of a service hold one kind of value (`date-time`s, `format: float` numbers),
/// directly or through aliases, lists, maps, boxes and `Option`s: a date-time is written
/// through the runtime's `rt::DateTimes` (a zero offset as `Z`) rather than chrono's own
/// `Serialize`, and a float is read through `rt::Floats` (its range checked).
pub struct TypesHolding<'a> {
    /// The type held: `TypeRef::DateTime` or `TypeRef::F32`.
    leaf: TypeRef,
    /// The aliases (by model name) whose type holds it.
    aliases: std::collections::BTreeSet<&'a str>,
}

impl<'a> TypesHolding<'a> {
    /// The types of `service` that hold `leaf`.
    pub fn of(service: &'a Service, leaf: TypeRef) -> Self {
        let mut types = TypesHolding {
            leaf,
            aliases: std::collections::BTreeSet::new(),
        };
        let aliases: Vec<(&str, &TypeRef)> = service
            .models
            .iter()
            .filter_map(|model| match &model.kind {
                crate::ir::ModelKind::Alias(ty) => Some((model.name.as_str(), ty)),
                _ => None,
            })
            .collect();
        // An alias may name another alias: repeat until no more are found.
        loop {
            let found: Vec<&str> = aliases
                .iter()
                .filter(|(name, ty)| !types.aliases.contains(name) && types.holds(ty))
                .map(|(name, _)| *name)
                .collect();
            if found.is_empty() {
                return types;
            }
            types.aliases.extend(found);
        }
    }

    /// The types of `service` that hold `date-time`s.
    pub fn date_times(service: &'a Service) -> Self {
        Self::of(service, TypeRef::DateTime)
    }

    /// The types of `service` that hold `format: float` numbers.
    pub fn floats(service: &'a Service) -> Self {
        Self::of(service, TypeRef::F32)
    }

    /// Whether a value of `ty` is or holds the value.
    pub fn holds(&self, ty: &TypeRef) -> bool {
        match ty.innermost() {
            TypeRef::Named(name) => self.aliases.contains(name.as_str()),
            inner => *inner == self.leaf,
        }
    }
}

/// One piece of a service module, small enough to format on its own so memory stays bounded
/// whatever the size of the spec.
pub enum Piece {
    /// Items at module level.
    Items(TokenStream),
    /// Methods of `impl Client`; consecutive ones share one `impl` block.
    Methods(TokenStream),
    /// Methods of another type, named by its `impl` header (`impl ReposClient<'_>`);
    /// consecutive ones with the same header share one block.
    MethodsOf(String, TokenStream),
}

/// The pieces of one service module, in order: its docs (with an example that compiles as a doc
/// test when the module lives in crate `crate_name`), the client, its methods, each operation's
/// enums, and the models.
pub fn service_pieces<'a>(
    service: &'a Service,
    crate_name: &'a str,
) -> impl Iterator<Item = Piece> + 'a {
    client_pieces(service, crate_name).chain(model_pieces(service))
}

/// The first part of [`service_pieces`]: docs, client, methods and operation enums.
pub fn client_pieces<'a>(
    service: &'a Service,
    crate_name: &'a str,
) -> impl Iterator<Item = Piece> + 'a {
    let date_times = std::rc::Rc::new(TypesHolding::date_times(service));
    let group_date_times = std::rc::Rc::clone(&date_times);
    let head = std::iter::once_with(move || Piece::Items(module_head(service, crate_name)))
        .chain(std::iter::once_with(move || {
            Piece::Items(client::client_items(service))
        }))
        .chain(std::iter::once_with(move || {
            Piece::Methods(client::client_constructors(service))
        }));
    let methods = service
        .operations
        .iter()
        .enumerate()
        .filter(|(index, _)| service.group_of(*index).is_none())
        .map(move |(index, operation)| {
            Piece::Methods(client::operation_fn(service, &date_times, index, operation))
        });
    let groups = service.groups.iter().flat_map(move |group| {
        let header = client::group_impl_header(group);
        let date_times = std::rc::Rc::clone(&group_date_times);
        std::iter::once_with(move || Piece::Items(client::group_items(group))).chain(
            group.operations.iter().map(move |&index| {
                let operation = &service.operations[index];
                Piece::MethodsOf(
                    header.clone(),
                    client::operation_fn(service, &date_times, index, operation),
                )
            }),
        )
    });
    let table = std::iter::once_with(move || client::operation_table(service))
        .flatten()
        .map(Piece::Items);
    let enums = service
        .operations
        .iter()
        .enumerate()
        .map(move |(index, operation)| {
            let owner = service
                .group_of(index)
                .map_or("Client", |group| group.type_name.as_str());
            Piece::Items(responses::operation_enums(service, operation, owner))
        });
    head.chain(methods).chain(groups).chain(table).chain(enums)
}

/// The second part of [`service_pieces`]: the models, which can be formatted independently.
pub fn model_pieces(service: &Service) -> impl Iterator<Item = Piece> + '_ {
    let date_times = TypesHolding::date_times(service);
    let no_extras = crate::ir::ModelExtras::default();
    let every_model = service
        .model_extras
        .get(crate::spec_settings::ALL_MODELS)
        .cloned()
        .unwrap_or_default();
    let floats = TypesHolding::floats(service);
    service.models.iter().map(move |model| {
        let extras = service
            .model_extras
            .get(&model.name)
            .unwrap_or(&every_model);
        let extras = if extras.derives.is_empty() && extras.attributes.is_empty() {
            &no_extras
        } else {
            extras
        };
        Piece::Items(models::model(model, extras, &floats, &date_times))
    })
}

/// The module's docs and its one import.
fn module_head(service: &Service, crate_name: &str) -> TokenStream {
    let title = format!(
        " {} {}, generated from `{}`.",
        service.title, service.version, service.source
    );
    let mut module_docs = vec![quote!(#![doc = #title])];
    let mut lines = Vec::new();
    if !service.docs.is_empty() {
        lines.push(String::new());
        lines.extend(service.docs.iter().cloned());
    }
    lines.extend(example::module_example(service, crate_name));
    for line in &lines {
        let line = doc_text(line);
        module_docs.push(quote!(#![doc = #line]));
    }
    quote! {
        #(#module_docs)*
        use super::runtime as rt;
    }
}

/// The tokens of `lib.rs`: one public module per service, plus the runtime.
pub fn lib_module(crate_docs: &str, modules: &[(String, String)]) -> TokenStream {
    let crate_docs = doc_text(crate_docs);
    let modules = modules.iter().map(|(module, title)| {
        let module_ident = ident(module);
        let doc = doc_text(&format!("Client for the {title}."));
        quote! {
            #[doc = #doc]
            pub mod #module_ident;
        }
    });
    quote! {
        #![doc = #crate_docs]
        #(#modules)*
        pub mod runtime;
        pub use runtime::{ApiResponse, Error};
    }
}

/// An identifier from a name the `names` module produced (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// A doc line as the text of a `#[doc = "…"]` attribute (rustdoc expects the leading space).
pub fn doc_text(line: &str) -> String {
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// `#[doc = "…"]` attributes for each line.
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| doc_text(line));
    quote!(#(#[doc = #lines])*)
}

/// The first line of prose of some docs, for a one-line summary (never a code fence).
pub fn summary_line(docs: &[String]) -> String {
    docs.iter()
        .take_while(|line| !line.starts_with("```"))
        .find(|line| !line.is_empty())
        .cloned()
        .unwrap_or_default()
}

/// The Rust type of a `TypeRef`, with fully qualified paths so spec names cannot shadow them.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bytes => quote!(::std::vec::Vec<u8>),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::Uuid => quote!(::uuid::Uuid),
        // The settings file checked that the path is a Rust type.
        TypeRef::External(path) => path
            .parse::<TokenStream>()
            .unwrap_or_else(|_| quote!(::serde_json::Value)),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Boxed(inner) => {
            let inner = rust_type(inner);
            quote!(::std::boxed::Box<#inner>)
        }
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner);
            quote!(::std::option::Option<#inner>)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Model, ModelKind};

    fn alias(name: &str, ty: TypeRef) -> Model {
        Model {
            name: name.to_string(),
            docs: Vec::new(),
            kind: ModelKind::Alias(ty),
        }
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_string())
    }

    fn service_of(models: Vec<Model>) -> Service {
        Service {
            module: "events".into(),
            source: "events.yaml".into(),
            title: "Events".into(),
            version: "1".into(),
            docs: Vec::new(),
            default_base_url: None,
            security_schemes: Vec::new(),
            models,
            operations: Vec::new(),
            groups: Vec::new(),
            model_extras: Default::default(),
            dependencies: Vec::new(),
        }
    }

    #[test]
    fn a_date_time_is_held_through_aliases_lists_maps_and_boxes_and_a_date_is_not() {
        let service = service_of(vec![
            // Named before its target, so one pass over the aliases would miss it.
            alias("ConnectedAt", named("Timestamp")),
            alias("Timestamp", TypeRef::DateTime),
            alias("Days", TypeRef::Vec(Box::new(TypeRef::Date))),
        ]);
        let date_times = TypesHolding::date_times(&service);
        assert!(date_times.holds(&TypeRef::DateTime));
        assert!(date_times.holds(&named("ConnectedAt")));
        let nested = TypeRef::Vec(Box::new(TypeRef::Map(Box::new(TypeRef::Boxed(Box::new(
            named("Timestamp"),
        ))))));
        assert!(date_times.holds(&nested));
        assert!(!date_times.holds(&TypeRef::Date));
        assert!(!date_times.holds(&named("Days")));
        // A model that is not an alias writes its own fields through its own `Serialize`.
        assert!(!date_times.holds(&named("Event")));
    }

    #[test]
    fn a_float_is_held_through_aliases_and_options_and_a_double_is_not() {
        let service = service_of(vec![
            alias("Price", named("Amount")),
            alias("Amount", TypeRef::F32),
            alias("Total", TypeRef::F64),
        ]);
        let floats = TypesHolding::floats(&service);
        assert!(floats.holds(&named("Price")));
        assert!(floats.holds(&TypeRef::Nullable(Box::new(TypeRef::F32))));
        assert!(!floats.holds(&named("Total")));
        assert!(!floats.holds(&TypeRef::DateTime));
    }
}
