//! Conformance runner: proves each spec's generated client right on the wire against Prism.
//!
//! For every spec it generates the client crate and a driver that calls every operation with
//! arguments built from the spec, runs the driver against Prism (`--errors`, so a request that
//! breaks the spec is refused with `sl-violations`) in static and dynamic (`--seed 1`) mode,
//! decodes every answer into the generated type, encodes it again and compares it with what
//! arrived. Prints one line per spec and a total; exits 1 when a failure is not listed in
//! `tests/conformance-expected-failures.txt` or a listed one no longer happens.
//!
//! Run: `cargo run --release -p tests --bin conformance -- [--slice N] [--work DIR] [SPEC ...]`;
//! without a spec, the project's `specs/`, the typed formats fixture and every spec of
//! `../shared/corpus` under 1 MB. The crates, logs and their shared target directory go to `DIR`
//! (default `target/conformance`).

mod bundle;
mod compare;
mod document;
mod driver;
mod expected;
mod judge;
mod pattern;
mod prism;
mod prism_copy;
mod sample;
mod slice;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use generator::ir::Service;
use generator::{generate, write, GenerateError, Settings};
use judge::{Class, Tally, Verdict};

/// Specs of the corpus at least this large are left out of the default set (GitHub, Stripe).
const DEFAULT_SIZE_LIMIT: u64 = 1024 * 1024;

/// How long one driver run may take before it is stopped.
const DRIVER_TIMEOUT: Duration = Duration::from_secs(300);

struct Options {
    slice: Option<usize>,
    /// Where the crates, slices, logs and the shared target directory go.
    work: Option<PathBuf>,
    specs: Vec<PathBuf>,
}

/// One spec (or one slice of a spec) ready to run.
struct Prepared {
    /// What the report line calls it: the file name, with the part for slices.
    label: String,
    /// What Prism reads: the spec, or a copy of it made for Prism (see `prism_copy`).
    prism_spec: PathBuf,
    root: Value,
    service: Service,
    driver_package: String,
}

/// A spec or one slice of it, before its crate is generated.
struct Unit {
    label: String,
    spec: PathBuf,
    prism_spec: PathBuf,
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("usage: conformance [--slice N] [--work DIR] [SPEC ...]");
            return ExitCode::from(2);
        }
    };
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let workspace = workspace.canonicalize().unwrap_or(workspace);
    match run(&workspace, options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        slice: None,
        work: None,
        specs: Vec::new(),
    };
    let mut arguments = std::env::args().skip(1);
    while let Some(argument) = arguments.next() {
        if argument == "--slice" {
            let size = arguments.next().ok_or("--slice needs a number")?;
            let size: usize = size
                .parse()
                .map_err(|_| format!("--slice takes a number of operations, not `{size}`"))?;
            options.slice = Some(size.max(1));
        } else if let Some(size) = argument.strip_prefix("--slice=") {
            options.slice = Some(size.parse().map_err(|_| format!("bad --slice `{size}`"))?);
        } else if argument == "--work" {
            options.work = Some(PathBuf::from(
                arguments.next().ok_or("--work needs a directory")?,
            ));
        } else if argument.starts_with('-') {
            return Err(format!("unknown option `{argument}`"));
        } else {
            options.specs.push(PathBuf::from(argument));
        }
    }
    Ok(options)
}

fn run(workspace: &Path, options: Options) -> Result<bool, String> {
    let started = Instant::now();
    let expected_path = workspace.join("tests/conformance-expected-failures.txt");
    let expected_text = fs::read_to_string(&expected_path).unwrap_or_default();
    let expected = expected::parse(&expected_text)
        .map_err(|error| format!("{}: {error}", expected_path.display()))?;
    let specs = if options.specs.is_empty() {
        default_specs(workspace)?
    } else {
        options.specs.clone()
    };
    let work = options
        .work
        .clone()
        .unwrap_or_else(|| workspace.join("target/conformance"));
    fs::create_dir_all(&work)
        .map_err(|error| format!("cannot create {}: {error}", work.display()))?;
    let work = work.canonicalize().unwrap_or(work);
    // Crates are rewritten only where their text changed, so cargo rebuilds only those; the
    // logs are this run's alone.
    let _ = fs::remove_dir_all(work.join("logs"));
    for dir in ["crates", "slices", "logs"] {
        fs::create_dir_all(work.join(dir))
            .map_err(|error| format!("cannot create {dir}: {error}"))?;
    }

    let mut units: Vec<Unit> = Vec::new();
    for spec in &specs {
        let file_name = spec
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        match options.slice {
            Some(size) => match slice::write_parts(spec, size, &work.join("slices")) {
                Ok(parts) => units.extend(parts),
                Err(message) => println!("conformance: {file_name}: skipped, {message}"),
            },
            None => units.push(Unit {
                label: file_name,
                spec: spec.clone(),
                prism_spec: spec.clone(),
            }),
        }
    }

    let mut prepared = Vec::new();
    let mut skipped = 0;
    let mut taken = BTreeSet::new();
    for unit in &units {
        match prepare(workspace, &work, unit, &mut taken) {
            Ok(unit) => prepared.push(unit),
            Err(message) => {
                skipped += 1;
                println!("conformance: {}: skipped, {message}", unit.label);
            }
        }
    }
    write_workspace(workspace, &work, &prepared)?;
    eprintln!(
        "conformance: building {} drivers ({:.0} s so far)",
        prepared.len(),
        started.elapsed().as_secs_f64()
    );
    let built = build_drivers(&work, &prepared)?;

    let mut total = Tally::default();
    let mut unexpected = 0;
    let mut matched: BTreeSet<usize> = BTreeSet::new();
    for unit in &prepared {
        let verdict = if built.contains(&unit.driver_package) {
            run_unit(workspace, &work, unit)
        } else {
            Err("its driver does not compile (see the cargo output above)".to_string())
        };
        let verdict = match verdict {
            Ok(verdict) => verdict,
            Err(message) => {
                unexpected += 1;
                println!("conformance: {}: FAILED, {message}", unit.label);
                total.add(&Tally {
                    operations: unit.service.operations.len(),
                    ..Tally::default()
                });
                continue;
            }
        };
        println!("conformance: {}: {}", unit.label, verdict.tally);
        total.add(&verdict.tally);
        let spec_name = base_name(&unit.label);
        for failure in &verdict.failures {
            let mode = if failure.dynamic { "dynamic" } else { "static" };
            let known = expected
                .iter()
                .enumerate()
                .find(|(_, entry)| entry.covers(spec_name, failure));
            match known {
                Some((index, entry)) => {
                    matched.insert(index);
                    println!(
                        "    expected {} [{mode}] {}: {} ({})",
                        failure.operation,
                        failure.class.name(),
                        failure.message,
                        entry.reason
                    );
                }
                None => {
                    unexpected += 1;
                    println!(
                        "    FAIL {} [{mode}] {}: {}",
                        failure.operation,
                        failure.class.name(),
                        failure.message
                    );
                }
            }
        }
        print_notes(
            "undeclared property",
            "undeclared properties",
            &verdict.undeclared,
        );
        print_notes(
            "same value, other text",
            "values in other text",
            &verdict.respelled,
        );
    }
    // An entry for a spec of this run that matched nothing is a fix not yet recorded.
    let run_specs: BTreeSet<&str> = prepared.iter().map(|unit| base_name(&unit.label)).collect();
    let mut stale = 0;
    for (index, entry) in expected.iter().enumerate() {
        if run_specs.contains(entry.spec.as_str()) && !matched.contains(&index) {
            stale += 1;
            println!(
                "conformance: expected failure no longer happens, remove line {} of {}: {} {} {}",
                entry.line,
                expected_path.display(),
                entry.spec,
                entry.operation,
                entry.class.map_or("*", Class::name)
            );
        }
    }
    println!("conformance total: {total}");
    eprintln!(
        "conformance: {} specs run, {skipped} skipped, {unexpected} unexpected failures, {stale} stale expectations, {:.0} s",
        prepared.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(unexpected == 0 && stale == 0)
}

/// The first ten `notes` of a spec, each after `what`, then how many more `of_many` there are.
fn print_notes(what: &str, of_many: &str, notes: &[String]) {
    for note in notes.iter().take(10) {
        println!("    note {what}: {note}");
    }
    if notes.len() > 10 {
        println!("    note … {} more {of_many}", notes.len() - 10);
    }
}

/// `github-api.part03.json` → `github-api.json`: expected failures name the spec, not the part.
fn base_name(label: &str) -> &str {
    label.split(" part ").next().unwrap_or(label)
}

/// The default set: `specs/*.yaml`, the typed formats fixture (whose date-times, dates, UUIDs
/// and `int64`s must come back as they went), then every corpus spec under 1 MB (top level,
/// `v3_1/`, `swagger2/`, and the root of the multi-file project), in name order within each
/// folder.
fn default_specs(workspace: &Path) -> Result<Vec<PathBuf>, String> {
    let corpus = workspace.join("../shared/corpus");
    let mut specs = spec_files(&workspace.join("specs"), u64::MAX)?;
    specs.push(workspace.join("tests/fixtures/formats.yaml"));
    for folder in ["", "v3_1", "swagger2"] {
        specs.extend(spec_files(&corpus.join(folder), DEFAULT_SIZE_LIMIT)?);
    }
    let starter = corpus.join("multifile/openapi-starter/openapi/openapi.yaml");
    if starter.is_file() {
        specs.push(starter);
    }
    Ok(specs)
}

fn spec_files(dir: &Path, size_limit: u64) -> Result<Vec<PathBuf>, String> {
    let entries =
        fs::read_dir(dir).map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            let is_spec = path
                .extension()
                .and_then(|extension| extension.to_str())
                .is_some_and(|extension| matches!(extension, "yaml" | "yml" | "json"));
            let small =
                fs::metadata(path).is_ok_and(|meta| meta.is_file() && meta.len() < size_limit);
            is_spec && small
        })
        .collect();
    found.sort();
    Ok(found)
}

fn first_message(diagnostics: &[generator::diagnostics::Diagnostic]) -> String {
    diagnostics
        .iter()
        .find(|diagnostic| diagnostic.is_error())
        .map_or_else(
            || "unknown error".to_string(),
            |d| format!("{}: {}", d.pointer, d.message),
        )
}

/// `stripe-2023-08-09.yaml` → `stripe_2023_08_09`.
fn crate_stem(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or("spec");
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if stem.starts_with(|c: char| c.is_ascii_digit()) {
        format!("s_{stem}")
    } else {
        stem
    }
}

/// Generates the client crate of one spec and writes its driver.
fn prepare(
    workspace: &Path,
    work: &Path,
    unit: &Unit,
    taken: &mut BTreeSet<String>,
) -> Result<Prepared, String> {
    let spec = unit.spec.as_path();
    let root = bundle::read(spec).map_err(|error| format!("cannot read it: {error}"))?;
    let stem = unique_stem(taken, spec);
    let crate_name = format!("conformance_{stem}");
    let dir = work.join("crates").join(&stem);
    let settings = Settings::new()
        .spec(spec)
        .output(dir.join("client"))
        .crate_name(&crate_name);
    let generation = match generate(&settings) {
        Ok(generation) => generation,
        Err(GenerateError::Spec { diagnostics }) => {
            return Err(format!(
                "the generator refuses it: {}",
                first_message(&diagnostics)
            ))
        }
        Err(error) => return Err(format!("the generator refuses it: {error}")),
    };
    write::write_files(&settings.output, &generation.files)
        .map_err(|error| format!("cannot write its crate: {error}"))?;
    let module = generation
        .summaries
        .first()
        .map(|summary| summary.module.clone())
        .ok_or("the generator produced no module")?;
    let loaded = generator::load::load(spec).map_err(|diagnostics| first_message(&diagnostics))?;
    let file_name = spec
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Lowered with the spec's settings file, as the generation above was.
    let settings_file = generator::spec_settings::settings_path(spec);
    let spec_settings = generator::spec_settings::SpecSettings::read_if_present(&settings_file)
        .map_err(|diagnostics| first_message(&diagnostics))?;
    let service = generator::lower::lower(&loaded, &module, &file_name, &spec_settings)
        .map_err(|diagnostics| first_message(&diagnostics))?
        .service;
    let driver_package = format!("{crate_name}_driver");
    let driver_dir = dir.join("driver");
    fs::create_dir_all(driver_dir.join("src")).map_err(|error| error.to_string())?;
    let support = workspace.join("tests/conformance_support");
    let manifest = format!(
        "[package]\nname = \"{driver_package}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{crate_name} = {{ path = \"../client\" }}\n\
         conformance_support = {{ path = {support:?} }}\n\
         serde_json = \"1\"\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n",
        support = support.display().to_string(),
    );
    // The types of typed formats are spelled with their crates' paths (`::uuid::Uuid`): the
    // driver depends on the same crates, as the client's manifest names them.
    let client_manifest = fs::read_to_string(dir.join("client/Cargo.toml")).unwrap_or_default();
    let format_crates: String = client_manifest
        .lines()
        .filter(|line| line.starts_with("chrono ") || line.starts_with("uuid "))
        .map(|line| format!("{line}\n"))
        .collect();
    let manifest = format!("{manifest}{format_crates}");
    fs::write(driver_dir.join("Cargo.toml"), manifest).map_err(|error| error.to_string())?;
    let source = driver::driver_source(&service, &root, &crate_name);
    fs::write(driver_dir.join("src/main.rs"), source).map_err(|error| error.to_string())?;
    Ok(Prepared {
        label: unit.label.clone(),
        prism_spec: unit.prism_spec.clone(),
        root,
        service,
        driver_package,
    })
}

/// A crate directory name not yet taken in this run (`openapi`, `openapi_2`, …).
fn unique_stem(taken: &mut BTreeSet<String>, spec: &Path) -> String {
    let stem = crate_stem(spec);
    let mut candidate = stem.clone();
    let mut number = 2;
    while taken.contains(&candidate) {
        candidate = format!("{stem}_{number}");
        number += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// One workspace over every client and driver of the run, locked to the project's versions,
/// sharing one target directory that stays between runs so dependencies build once.
fn write_workspace(workspace: &Path, work: &Path, units: &[Prepared]) -> Result<(), String> {
    let members: Vec<String> = units
        .iter()
        .map(|unit| format!("\"crates/{}/driver\"", driver_dir_name(unit)))
        .collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n\
         # Drivers are built once and run once: no debug info, little optimisation.\n\
         [profile.dev]\ndebug = false\nincremental = false\n",
        members.join(", ")
    );
    fs::write(work.join("Cargo.toml"), manifest).map_err(|error| error.to_string())?;
    fs::copy(workspace.join("Cargo.lock"), work.join("Cargo.lock"))
        .map_err(|error| error.to_string())?;
    Ok(())
}

fn driver_dir_name(unit: &Prepared) -> &str {
    unit.driver_package
        .strip_prefix("conformance_")
        .and_then(|rest| rest.strip_suffix("_driver"))
        .unwrap_or(&unit.driver_package)
}

/// Builds every driver in one cargo run (`--keep-going`: one driver that does not compile does
/// not stop the others) and returns the packages whose binary was built.
fn build_drivers(work: &Path, units: &[Prepared]) -> Result<BTreeSet<String>, String> {
    let target = work.join("target");
    for unit in units {
        let _ = fs::remove_file(target.join("debug").join(&unit.driver_package));
    }
    if units.is_empty() {
        return Ok(BTreeSet::new());
    }
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args([
            "build",
            "--workspace",
            "--keep-going",
            "--quiet",
            "--message-format",
            "short",
        ])
        .current_dir(work)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !status.success() {
        eprintln!("conformance: some drivers do not compile (cargo: {status})");
    }
    Ok(units
        .iter()
        .filter(|unit| target.join("debug").join(&unit.driver_package).is_file())
        .map(|unit| unit.driver_package.clone())
        .collect())
}

/// Runs one spec's driver against Prism in static and dynamic mode and judges the reports.
///
/// When Prism stops while answering a call (its multipart parser throws on some bodies), that
/// call is reported as Prism's failure, Prism is started again, and the driver goes on from the
/// next call, so one crash does not hide the operations after it.
fn run_unit(workspace: &Path, work: &Path, unit: &Prepared) -> Result<Verdict, String> {
    let log = work
        .join("logs")
        .join(format!("{}.prism.log", driver_dir_name(unit)));
    let binary = work.join("target/debug").join(&unit.driver_package);
    let mut reports: Vec<Value> = Vec::new();
    let mut prism = prism::Prism::start(workspace, &unit.prism_spec, &log)?;
    for mode in ["static", "dynamic"] {
        let mut first = 0;
        loop {
            let output = run_with_timeout(&binary, &[&prism.base_url, mode, &first.to_string()])?;
            let mut run: Vec<Value> = output
                .lines()
                .filter_map(|line| line.strip_prefix(conformance_support::REPORT_PREFIX))
                .filter_map(|json| serde_json::from_str::<Value>(json).ok())
                .collect();
            let crashed = prism.has_stopped().then(|| {
                run.iter()
                    .position(|report| !report["exchange"]["forward_error"].is_null())
            });
            match crashed.flatten() {
                Some(position) => {
                    let index = run[position]["index"].as_u64().unwrap_or(0) as usize;
                    run[position]["exchange"]["forward_error"] = Value::String(format!(
                        "Prism stopped while answering this request: {} (log: {})",
                        prism::crash_message(&log),
                        log.display()
                    ));
                    run.truncate(position + 1);
                    reports.extend(run);
                    first = index + 1;
                    if first >= unit.service.operations.len() {
                        prism = prism::Prism::start(workspace, &unit.prism_spec, &log)?;
                        break;
                    }
                    prism = prism::Prism::start(workspace, &unit.prism_spec, &log)?;
                }
                None => {
                    reports.extend(run);
                    break;
                }
            }
        }
    }
    drop(prism);
    // Every exchange as the driver reported it, to look into a failure afterwards.
    let lines: Vec<String> = reports.iter().map(Value::to_string).collect();
    let _ = fs::write(
        work.join("logs")
            .join(format!("{}.reports.jsonl", driver_dir_name(unit))),
        lines.join("\n"),
    );
    Ok(judge::judge(&unit.service, &unit.root, &reports))
}

/// Reads a child's output to its end on a thread of its own, so neither pipe can fill and block.
fn read_in_thread(
    pipe: Option<impl std::io::Read + Send + 'static>,
) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    })
}

/// Runs the driver and returns its standard output; a driver that hangs is stopped.
fn run_with_timeout(binary: &Path, arguments: &[&str]) -> Result<String, String> {
    let mut child = Command::new(binary)
        .args(arguments)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run {}: {error}", binary.display()))?;
    let reader = read_in_thread(child.stdout.take());
    let error_reader = read_in_thread(child.stderr.take());
    let deadline = Instant::now() + DRIVER_TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(error) => return Err(format!("cannot wait for the driver: {error}")),
        }
    }
    let errors = error_reader.join().unwrap_or_default();
    if !errors.trim().is_empty() {
        for line in errors.lines().take(5) {
            eprintln!("    driver: {line}");
        }
    }
    Ok(reader.join().unwrap_or_default())
}
