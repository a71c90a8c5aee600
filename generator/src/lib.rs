//! OpenAPI (3.0, 3.1) and Swagger 2.0 → Rust client generator.
//!
//! The pipeline runs one way, one module per stage: [`load`] → [`validate`] → [`lower`] →
//! [`emit`] → [`mod@format`] → [`mod@write`]. Build scripts and tools use [`Settings`] and [`generate`].

pub mod diagnostics;
pub mod docs;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod media;
pub mod names;
pub mod spec_settings;
pub mod validate;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::Instant;

use diagnostics::Diagnostic;
use write::RenderedFile;

/// What to generate: which specs, into which directory, under which crate name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub specs: Vec<PathBuf>,
    pub output: PathBuf,
    pub crate_name: String,
    /// Render one `<crate_name>.rs` of nested modules (for `include!` from a build script)
    /// instead of a crate with `Cargo.toml` and `src/`.
    pub single_file: bool,
    /// Settings files named for a spec, instead of the `<spec>.toml` beside it.
    pub settings_files: Vec<(PathBuf, PathBuf)>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            specs: Vec::new(),
            output: PathBuf::from("generated"),
            crate_name: "generated".to_string(),
            single_file: false,
            settings_files: Vec::new(),
        }
    }
}

impl Settings {
    pub fn new() -> Self {
        Settings::default()
    }

    /// Adds one spec file.
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.specs.push(path.into());
        self
    }

    /// Adds every `*.yaml`, `*.yml` and `*.json` file of a directory, in file-name order.
    pub fn specs_in(mut self, dir: impl AsRef<Path>) -> std::io::Result<Self> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir.as_ref())? {
            let path = entry?.path();
            let is_spec = path
                .extension()
                .and_then(|extension| extension.to_str())
                .is_some_and(|extension| matches!(extension, "yaml" | "yml" | "json"));
            if is_spec && path.is_file() {
                found.push(path);
            }
        }
        found.sort();
        self.specs.extend(found);
        Ok(self)
    }

    /// Adds one spec file whose settings are read from `settings` (see README.md) instead of
    /// the `<spec>.toml` beside it.
    pub fn spec_with_settings(
        mut self,
        path: impl Into<PathBuf>,
        settings: impl Into<PathBuf>,
    ) -> Self {
        let path = path.into();
        self.settings_files.push((path.clone(), settings.into()));
        self.specs.push(path);
        self
    }

    /// The settings file of `spec`: the one named for it, or `<spec>.toml` beside it.
    pub fn settings_file_of(&self, spec: &Path) -> PathBuf {
        self.settings_files
            .iter()
            .find(|(named, _)| named == spec)
            .map_or_else(
                || spec_settings::settings_path(spec),
                |(_, file)| file.clone(),
            )
    }

    /// The directory the crate is written to.
    pub fn output(mut self, dir: impl Into<PathBuf>) -> Self {
        self.output = dir.into();
        self
    }

    /// Renders one `<crate_name>.rs` file of nested modules, to `include!` from a build script:
    ///
    /// ```no_run
    /// // build.rs
    /// let out_dir = std::env::var("OUT_DIR").unwrap();
    /// let settings = generator::Settings::new()
    ///     .spec("specs/petstore.yaml")
    ///     .output(&out_dir)
    ///     .crate_name("api")
    ///     .single_file(true);
    /// let generation = generator::generate(&settings).unwrap();
    /// generator::write::write_files(&settings.output, &generation.files).unwrap();
    /// // src/main.rs: mod api { include!(concat!(env!("OUT_DIR"), "/api.rs")); }
    /// ```
    pub fn single_file(mut self, single_file: bool) -> Self {
        self.single_file = single_file;
        self
    }

    /// The `name` of the generated crate's package.
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = name.into();
        self
    }
}

/// What one spec turned into.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecSummary {
    pub spec: PathBuf,
    pub module: String,
    pub models: usize,
    pub operations: usize,
    pub warnings: usize,
    pub lines: usize,
    pub milliseconds: f64,
}

/// The rendered crate, ready to write or compare.
#[derive(Debug, Clone)]
pub struct Generation {
    pub files: Vec<RenderedFile>,
    pub summaries: Vec<SpecSummary>,
    pub warnings: Vec<Diagnostic>,
    /// Every file the generation read: each spec, every file its `$ref`s name, and each settings
    /// file. A build script prints `cargo:rerun-if-changed` for each.
    pub inputs: Vec<PathBuf>,
    /// The `[dependencies]` entries the generated code needs beyond reqwest, serde and
    /// serde_json (`chrono = …`): written into the crate's `Cargo.toml`, and for a single file
    /// the ones the including crate must have.
    pub dependencies: Vec<String>,
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// One or more specs have errors; every one found is listed (warnings too).
    #[error("{} error(s) in the specs", .diagnostics.iter().filter(|d| d.is_error()).count())]
    Spec { diagnostics: Vec<Diagnostic> },
    #[error("no spec files given")]
    NoSpecs,
    /// The emitted code did not parse: a bug in the generator, reported instead of panicking.
    #[error("internal error: the code generated from {spec} does not parse ({message}); please report this with the spec")]
    Internal { spec: PathBuf, message: String },
}

/// Runs the pipeline for every spec and renders the whole crate in memory; writes nothing.
pub fn generate(settings: &Settings) -> Result<Generation, GenerateError> {
    if settings.specs.is_empty() {
        return Err(GenerateError::NoSpecs);
    }
    keep_large_allocations_mapped();
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    let mut summaries = Vec::new();
    let mut modules = Vec::new();
    let mut module_names = names::Namespace::with_reserved(&["runtime", "lib"]);
    let mut uses_multipart = false;
    let mut inputs = Vec::new();
    let mut crates_used = emit::CratesUsed::default();
    let mut extra_dependencies: Vec<String> = Vec::new();
    for spec_path in &settings.specs {
        let started = Instant::now();
        let settings_file = settings.settings_file_of(spec_path);
        let spec_settings = match spec_settings::SpecSettings::read_if_present(&settings_file) {
            Ok(spec_settings) => spec_settings,
            Err(found) => {
                inputs.push(settings_file);
                diagnostics.extend(found);
                continue;
            }
        };
        if spec_settings.file.is_some() {
            inputs.push(settings_file.clone());
        }
        let spec = match load::load(spec_path) {
            Ok(spec) => spec,
            Err(found) => {
                diagnostics.extend(found);
                continue;
            }
        };
        inputs.extend(spec.files().map(Path::to_path_buf));
        // Every stage runs even after another found errors, so one run reports them all.
        let mut found = spec.diagnostics.clone();
        found.extend(validate::validate(&spec));
        let stem = spec_path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or("service");
        let module_candidate = names::snake_case(stem, "service");
        let module = module_names.claim(names::unraw(&module_candidate));
        if module != names::unraw(&module_candidate) {
            diagnostics.push(
                Diagnostic::error(
                    spec_path,
                    "#",
                    format!(
                        "the module name `{}` is already taken by another spec",
                        names::unraw(&module_candidate)
                    ),
                )
                .with_help("rename one of the spec files"),
            );
            continue;
        }
        let file_name = spec_path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let lowered = match lower::lower(&spec, &module, &file_name, &spec_settings) {
            Ok(lowered) => lowered,
            Err(errors) => {
                found.extend(errors);
                spec.locate_all(&mut found);
                diagnostics.extend(found);
                continue;
            }
        };
        found.extend(lowered.warnings);
        spec.locate_all(&mut found);
        // The parsed spec is not needed to emit; freeing it lowers the peak on large specs.
        drop(spec);
        release_freed_memory();
        let has_errors = found.iter().any(Diagnostic::is_error);
        let warnings = found.len();
        diagnostics.extend(found);
        if has_errors {
            continue;
        }
        let service = lowered.service;
        crates_used = crates_used.union(emit::CratesUsed::of(&service));
        for entry in &service.dependencies {
            let name = dependency_name(entry);
            let clash = if BUILT_IN_DEPENDENCIES.contains(&name) {
                Some(format!(
                    "`{name}` is a dependency the generated crate has already"
                ))
            } else {
                extra_dependencies
                    .iter()
                    .find(|other| dependency_name(other) == name && *other != entry)
                    .map(|other| format!("another spec's settings add `{other}`"))
            };
            match clash {
                Some(clash) => diagnostics.push(
                    Diagnostic::error(&settings_file, format!("dependencies.{name}"), clash)
                        .with_help(
                            "remove the entry, or make the settings of every spec agree on it",
                        ),
                ),
                None if !extra_dependencies.contains(entry) => {
                    extra_dependencies.push(entry.clone())
                }
                None => {}
            }
        }
        uses_multipart |= service.operations.iter().any(|operation| {
            matches!(
                operation.body.as_ref().map(|body| &body.encoding),
                Some(ir::BodyEncoding::Multipart { .. })
            )
        });
        // Formatting is about half of the work: the client and the models are formatted on two
        // threads, and the two parts join into the same text. Both are new threads, so their
        // many small allocations come from fresh allocator arenas rather than the free lists
        // the parsed spec left scattered over this thread's heap (10,000 operations: 4.1 s
        // with the client formatted on this thread, 3.1 s on its own).
        let banner = format::banner(&file_name);
        let (client_part, model_part) = std::thread::scope(|scope| {
            let models = scope.spawn(|| {
                format::format_more_pieces(emit::model_pieces(&service))
                    .map_err(|error| error.to_string())
            });
            let client = scope.spawn(|| {
                format::format_pieces(emit::client_pieces(&service, &settings.crate_name), &banner)
                    .map_err(|error| error.to_string())
            });
            let joined = |thread: std::thread::ScopedJoinHandle<Result<String, String>>| {
                thread
                    .join()
                    .unwrap_or_else(|_| Err("the formatting thread stopped".to_string()))
            };
            (joined(client), joined(models))
        });
        let internal = |message: String| GenerateError::Internal {
            spec: spec_path.clone(),
            message,
        };
        let mut contents = client_part.map_err(internal)?;
        contents.push_str(&model_part.map_err(internal)?);
        summaries.push(SpecSummary {
            spec: spec_path.clone(),
            module: module.clone(),
            models: service.models.len(),
            operations: service.operations.len(),
            warnings,
            lines: contents.lines().count(),
            milliseconds: started.elapsed().as_secs_f64() * 1000.0,
        });
        files.push(RenderedFile {
            path: Path::new("src").join(format!("{module}.rs")),
            contents,
        });
        modules.push((module, format!("{} {}", service.title, service.version)));
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(GenerateError::Spec { diagnostics });
    }
    let mut dependencies = Vec::new();
    if crates_used.chrono {
        dependencies.push(CHRONO_DEPENDENCY.to_string());
    }
    if crates_used.uuid {
        dependencies.push(UUID_DEPENDENCY.to_string());
    }
    dependencies.extend(extra_dependencies);
    if settings.single_file {
        // The modules are already formatted: the single file is put together from their text.
        let runtime = format::format_source(&emit::runtime_source(uses_multipart, crates_used), "")
            .map_err(|error| GenerateError::Internal {
                spec: PathBuf::from("(single file)"),
                message: error.to_string(),
            })?;
        let names: Vec<&str> = modules.iter().map(|(module, _)| module.as_str()).collect();
        let banner = format::banner(&format!("the specs ({})", names.join(", ")));
        let module_texts: Vec<(&str, &str)> = names
            .iter()
            .zip(&files)
            .map(|(module, file)| (*module, file.contents.as_str()))
            .collect();
        let contents = format::single_file(&banner, &runtime, &module_texts);
        let path = PathBuf::from(format!("{}.rs", settings.crate_name));
        return Ok(Generation {
            files: vec![RenderedFile { path, contents }],
            summaries,
            warnings: diagnostics,
            inputs,
            dependencies,
        });
    }
    files.extend(crate_files(
        settings,
        &modules,
        uses_multipart,
        crates_used,
        &dependencies,
    )?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generation {
        files,
        summaries,
        warnings: diagnostics,
        inputs,
        dependencies,
    })
}

/// The crates every generated crate depends on, or may: the settings cannot add them again.
const BUILT_IN_DEPENDENCIES: &[&str] = &[
    "reqwest",
    "serde",
    "serde_json",
    "httpdate",
    "tokio",
    "tracing",
    "chrono",
    "uuid",
];

/// The crate name of a `name = value` dependency entry.
fn dependency_name(entry: &str) -> &str {
    entry
        .split('=')
        .next()
        .unwrap_or_default()
        .trim()
        .trim_matches('"')
}

/// `date-time` and `date` values: chrono's `DateTime<FixedOffset>` keeps the offset a value came
/// with, and its serde impls read and write RFC 3339. Without default features it builds no
/// clock and no time-zone database.
const CHRONO_DEPENDENCY: &str =
    r#"chrono = { version = "0.4.38", default-features = false, features = ["serde", "std"] }"#;

/// `uuid` values, read and written in their hyphenated form.
const UUID_DEPENDENCY: &str =
    r#"uuid = { version = "1", default-features = false, features = ["serde", "std"] }"#;

/// Pins glibc's threshold for serving an allocation with its own `mmap` at its initial 128 KiB.
/// By default glibc raises the threshold each time such a block is freed, after which the large
/// buffers (the spec's text, the formatted modules as they grow) come from the heap, where they
/// leave holes that are never handed back. Pinned, freeing them returns their memory at once:
/// peak RSS on Stripe's spec 32.6 → 26.1 MiB, 1,000 synthetic operations 13.3 → 12.2 MiB.
fn keep_large_allocations_mapped() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn mallopt(parameter: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
        }
        /// `M_MMAP_THRESHOLD` in glibc's `malloc.h`.
        const M_MMAP_THRESHOLD: std::ffi::c_int = -3;
        // SAFETY: glibc's `mallopt` takes no pointers; setting this parameter only changes how
        // later allocations are served.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, 128 * 1024);
        }
    }
}

/// Hands the pages freed by the parsed spec back to the system, so the stages after it do not
/// add to a heap that only looks in use (Stripe's spec: peak RSS 56 MiB without, 47 MiB with).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: glibc's `malloc_trim` takes no pointers and may be called at any time.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// `Cargo.toml`, `src/lib.rs` and `src/runtime.rs` of the generated crate.
fn crate_files(
    settings: &Settings,
    modules: &[(String, String)],
    uses_multipart: bool,
    crates_used: emit::CratesUsed,
    dependencies: &[String],
) -> Result<Vec<RenderedFile>, GenerateError> {
    let internal = |message: String| GenerateError::Internal {
        spec: PathBuf::from("(crate files)"),
        message,
    };
    let spec_list: Vec<String> = modules.iter().map(|(module, _)| module.clone()).collect();
    let banner = format::banner(&format!("the specs ({})", spec_list.join(", ")));
    let lib = format::format_tokens(
        emit::lib_module(
            "Typed async clients generated from OpenAPI descriptions.",
            modules,
        ),
        &banner,
    )
    .map_err(|error| internal(error.to_string()))?;
    let runtime = format::format_source(
        &emit::runtime_source(uses_multipart, crates_used),
        &format::banner("the generator's runtime template"),
    )
    .map_err(|error| internal(error.to_string()))?;
    let reqwest_features = if uses_multipart {
        r#"["json", "multipart", "rustls-tls"]"#
    } else {
        r#"["json", "rustls-tls"]"#
    };
    let manifest = format!(
        r#"# @generated by `cargo run -p generator`. Do not edit by hand: change the specs and regenerate.
[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
publish = false
description = "Typed async clients generated from OpenAPI descriptions"

[dependencies]
reqwest = {{ version = "0.12", default-features = false, features = {reqwest_features} }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["preserve_order"] }}
httpdate = "1"
tokio = {{ version = "1", features = ["time"] }}
tracing = {{ version = "0.1", optional = true }}
{more_dependencies}
[features]
# A `tracing` span per call: service, operationId, method, path template, attempts, status, latency.
tracing = ["dep:tracing"]
"#,
        name = settings.crate_name,
        more_dependencies = dependencies
            .iter()
            .map(|dependency| format!("{dependency}\n"))
            .collect::<String>(),
    );
    Ok(vec![
        RenderedFile {
            path: PathBuf::from("Cargo.toml"),
            contents: manifest,
        },
        RenderedFile {
            path: PathBuf::from("src/lib.rs"),
            contents: lib,
        },
        RenderedFile {
            path: PathBuf::from("src/runtime.rs"),
            contents: runtime,
        },
    ])
}
