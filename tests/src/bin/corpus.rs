//! Corpus check: turns every real-world spec under `../shared/corpus` (and `big/`, `v3_1/`,
//! `swagger2/`, and the multi-file project under `multifile/`) into a standalone crate and runs
//! `cargo clippy` on it with warnings denied (clippy checks the crate too, so it replaces
//! `cargo check`), all crates sharing one target directory so dependencies build once. Prints
//! one row per spec and `N/M compile`; exits 1 unless every spec compiles clippy-clean.
//!
//! Specs in [`GROUPED`] are generated a second time with their operations grouped by tag
//! (a settings file of `[operations] group_by = "tag"`), as `<name>_grouped`.
//!
//! Run: `cargo run --release -p tests --bin corpus [-- NAME_FILTER]`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use generator::{generate, write, GenerateError, Settings};

/// Specs large enough that users group their operations: each is also checked grouped by tag.
const GROUPED: &[&str] = &["github-api.json"];

/// The settings file the grouped crates are generated with.
const GROUPED_SETTINGS: &str = "[operations]\ngroup_by = \"tag\"\n";

/// What happened to one spec.
struct Row {
    name: String,
    outcome: Result<(), String>,
    operations: usize,
    models: usize,
    lines: usize,
    warnings: Vec<String>,
    generate_ms: f64,
    clippy_s: f64,
}

fn main() -> ExitCode {
    let filter = std::env::args().nth(1).unwrap_or_default();
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let workspace = workspace.canonicalize().unwrap_or(workspace);
    let corpus = workspace.join("../shared/corpus");
    let corpus = corpus.canonicalize().unwrap_or(corpus);
    let work = workspace.join("target/corpus");
    let specs = match corpus_specs(&corpus) {
        Ok(specs) => specs,
        Err(error) => {
            eprintln!("error: cannot list {}: {error}", corpus.display());
            return ExitCode::from(2);
        }
    };
    let specs: Vec<PathBuf> = specs
        .into_iter()
        .filter(|spec| spec.to_string_lossy().contains(&filter))
        .collect();
    if let Err(error) = fs::create_dir_all(&work) {
        eprintln!("error: cannot create {}: {error}", work.display());
        return ExitCode::from(2);
    }

    let grouped_settings = work.join("grouped.toml");
    if let Err(error) = fs::write(&grouped_settings, GROUPED_SETTINGS) {
        eprintln!(
            "error: cannot write {}: {error}",
            grouped_settings.display()
        );
        return ExitCode::from(2);
    }
    let mut rows: Vec<Row> = Vec::new();
    for spec in &specs {
        rows.push(generate_crate(spec, &work, None));
        let grouped = spec
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| GROUPED.contains(&name));
        if grouped {
            rows.push(generate_crate(spec, &work, Some(&grouped_settings)));
        }
    }
    let members: Vec<&str> = rows
        .iter()
        .filter(|row| row.outcome.is_ok())
        .map(|row| row.name.as_str())
        .collect();
    if let Err(error) = write_workspace(&workspace, &work, &members) {
        eprintln!("error: cannot write the corpus workspace: {error}");
        return ExitCode::from(2);
    }
    for row in rows.iter_mut().filter(|row| row.outcome.is_ok()) {
        let started = Instant::now();
        row.outcome = cargo_clippy(&work, &row.name);
        row.clippy_s = started.elapsed().as_secs_f64();
    }
    print_report(&rows);
    if rows.iter().all(|row| row.outcome.is_ok()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Every `.yaml`/`.yml`/`.json` file of the corpus, of `big/` and of each dialect's folder, and
/// the root of each spec split over files, in name order.
fn corpus_specs(corpus: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut specs = vec![corpus.join("multifile/openapi-starter/openapi/openapi.yaml")];
    for dir in [
        corpus.to_path_buf(),
        corpus.join("big"),
        corpus.join("v3_1"),
        corpus.join("swagger2"),
    ] {
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            let is_spec = path
                .extension()
                .and_then(|extension| extension.to_str())
                .is_some_and(|extension| matches!(extension, "yaml" | "yml" | "json"));
            if is_spec {
                specs.push(path);
            }
        }
    }
    specs.sort_by_key(|path| path.file_name().map(|name| name.to_os_string()));
    Ok(specs)
}

/// `github-api.json` → `github_api`.
fn crate_dir_name(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or("spec");
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Generates the crate of `spec`, with the settings of `grouped_settings` when given (the crate
/// is then named `<name>_grouped`).
fn generate_crate(spec: &Path, work: &Path, grouped_settings: Option<&Path>) -> Row {
    let mut name = crate_dir_name(spec);
    let settings = match grouped_settings {
        Some(settings_file) => {
            name.push_str("_grouped");
            Settings::new().spec_with_settings(spec, settings_file)
        }
        None => Settings::new().spec(spec),
    };
    let settings = settings
        .output(work.join(&name))
        .crate_name(format!("corpus_{name}"));
    let started = Instant::now();
    let mut row = Row {
        name,
        outcome: Ok(()),
        operations: 0,
        models: 0,
        lines: 0,
        warnings: Vec::new(),
        generate_ms: 0.0,
        clippy_s: 0.0,
    };
    match generate(&settings) {
        Ok(generation) => {
            row.generate_ms = started.elapsed().as_secs_f64() * 1000.0;
            for summary in &generation.summaries {
                row.operations += summary.operations;
                row.models += summary.models;
                row.lines += summary.lines;
            }
            row.warnings = generation
                .warnings
                .iter()
                .map(ToString::to_string)
                .collect();
            if let Err(error) = write::write_files(&settings.output, &generation.files) {
                row.outcome = Err(format!("cannot write: {error}"));
            }
        }
        Err(GenerateError::Spec { diagnostics }) => {
            let first = diagnostics.iter().find(|diagnostic| diagnostic.is_error());
            row.outcome = Err(format!(
                "generation: {}",
                first.map_or_else(|| "unknown error".to_string(), |d| d.message.clone())
            ));
        }
        Err(error) => row.outcome = Err(format!("generation: {error}")),
    }
    row
}

/// A workspace over the generated crates, locked to the project's dependency versions.
fn write_workspace(workspace: &Path, work: &Path, members: &[&str]) -> std::io::Result<()> {
    let members: Vec<String> = members.iter().map(|member| format!("{member:?}")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    fs::write(work.join("Cargo.toml"), manifest)?;
    fs::copy(workspace.join("Cargo.lock"), work.join("Cargo.lock"))?;
    Ok(())
}

/// `cargo clippy -- -D warnings` on one generated crate: compiler warnings and clippy's default
/// lints are errors. Only the generated crate is linted, so the dependencies' build is shared.
fn cargo_clippy(work: &Path, name: &str) -> Result<(), String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args(["clippy", "--quiet", "--message-format", "short", "-p"])
        .arg(format!("corpus_{name}"))
        .args(["--", "-D", "warnings"])
        .current_dir(work)
        .env_remove("RUSTFLAGS")
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first_error = stderr
        .lines()
        .find(|line| line.contains("error"))
        .unwrap_or("cargo clippy failed");
    let errors = stderr.lines().filter(|line| line.contains("error")).count();
    Err(format!(
        "cargo clippy: {errors} error lines, the first: {first_error}"
    ))
}

fn print_report(rows: &[Row]) {
    println!(
        "{:<40} {:>6} {:>5} {:>6} {:>8} {:>5} {:>9} {:>8}",
        "spec", "result", "ops", "models", "lines", "warn", "gen ms", "clippy s"
    );
    for row in rows {
        println!(
            "{:<40} {:>6} {:>5} {:>6} {:>8} {:>5} {:>9.1} {:>8.1}",
            row.name,
            if row.outcome.is_ok() { "ok" } else { "FAIL" },
            row.operations,
            row.models,
            row.lines,
            row.warnings.len(),
            row.generate_ms,
            row.clippy_s
        );
        if let Err(why) = &row.outcome {
            println!("    {why}");
        }
    }

    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows {
        for warning in &row.warnings {
            let first_line = warning.lines().next().unwrap_or_default();
            *kinds.entry(warning_kind(first_line)).or_default() += 1;
        }
    }
    let total_warnings: usize = kinds.values().sum();
    println!("\nwarnings: {total_warnings} in all");
    let mut kinds: Vec<(String, usize)> = kinds.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (kind, count) in kinds.iter().take(10) {
        println!("  {count:>5}  {kind}");
    }
    for row in rows.iter().filter(|row| !row.warnings.is_empty()) {
        println!("\n{} ({} warnings):", row.name, row.warnings.len());
        for warning in row.warnings.iter().take(5) {
            for line in warning.lines() {
                println!("  {line}");
            }
        }
        if row.warnings.len() > 5 {
            println!("  … {} more", row.warnings.len() - 5);
        }
    }

    let compiled = rows.iter().filter(|row| row.outcome.is_ok()).count();
    println!("\n{compiled}/{} compile", rows.len());
}

/// A warning's message with the names in backticks blanked, so like warnings group together.
fn warning_kind(message: &str) -> String {
    let mut kind = String::new();
    let mut in_code = false;
    for c in message.chars() {
        if c == '`' {
            in_code = !in_code;
            kind.push_str(if in_code { "`…" } else { "`" });
        } else if !in_code {
            kind.push(c);
        }
    }
    kind
}
