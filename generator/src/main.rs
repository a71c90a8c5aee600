//! Command line: `cargo run -p generator [-- --check]` regenerates (or checks) `generated/` from `specs/`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use generator::write::{self, Drift};
use generator::{generate, GenerateError, Settings};

/// Longest diff printed per stale file, in lines.
const DIFF_LINE_LIMIT: usize = 80;

/// Generates a Rust client crate from OpenAPI 3.0/3.1 or Swagger 2.0 descriptions.
#[derive(Debug, Parser)]
#[command(
    version,
    after_help = "Examples:\n  cargo run -p generator                      regenerate generated/ from specs/\n  cargo run -p generator -- --check           fail with a diff if generated/ is stale\n  generator --out /tmp/petstore --name petstore petstore.yaml\n\nExit codes: 0 ok, 1 spec errors or stale output, 2 usage or I/O errors."
)]
struct Cli {
    /// Write nothing; exit 1 with a diff when the output directory is not what the specs produce.
    #[arg(long)]
    check: bool,
    /// Directory of the generated crate (e.g. `--out /tmp/client`).
    #[arg(long, value_name = "DIR", default_value = "generated")]
    out: PathBuf,
    /// Package name of the generated crate (e.g. `--name petstore_client`).
    #[arg(long, value_name = "CRATE", default_value = "generated")]
    name: String,
    /// Print errors only.
    #[arg(long)]
    quiet: bool,
    /// Spec files to read (e.g. `specs/airkey.yaml`); default: every `specs/*.{yaml,yml,json}`.
    #[arg(value_name = "SPEC")]
    specs: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut settings = Settings::new().output(&cli.out).crate_name(&cli.name);
    if cli.specs.is_empty() {
        settings = match settings.specs_in("specs") {
            Ok(settings) => settings,
            Err(error) => {
                eprintln!("error: cannot list the `specs` directory: {error}");
                eprintln!("  = help: run from the workspace root, or name the spec files");
                return ExitCode::from(2);
            }
        };
    } else {
        settings.specs = cli.specs.clone();
    }

    let color = generator::diagnostics::color_wanted(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    let generation = match generate(&settings) {
        Ok(generation) => generation,
        Err(GenerateError::Spec { diagnostics }) => {
            for diagnostic in &diagnostics {
                if diagnostic.is_error() || !cli.quiet {
                    eprintln!("{}\n", diagnostic.render(color));
                }
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: {errors} error(s); nothing under {} was changed",
                settings.output.display()
            );
            return ExitCode::from(1);
        }
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    if !cli.quiet {
        for warning in &generation.warnings {
            eprintln!("{}\n", warning.render(color));
        }
    }

    if cli.check {
        return check(&settings, &generation.files);
    }
    match write::write_files(&settings.output, &generation.files) {
        Ok(report) => {
            if !cli.quiet {
                for summary in &generation.summaries {
                    println!(
                        "{}: {} models, {} operations, {} warnings, {} lines, {:.1} ms",
                        summary.spec.display(),
                        summary.models,
                        summary.operations,
                        summary.warnings,
                        summary.lines,
                        summary.milliseconds
                    );
                }
                println!(
                    "{}: {} written, {} unchanged, {} removed",
                    settings.output.display(),
                    report.created.len() + report.updated.len(),
                    report.unchanged.len(),
                    report.removed.len()
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", settings.output.display());
            ExitCode::from(2)
        }
    }
}

fn check(settings: &Settings, files: &[write::RenderedFile]) -> ExitCode {
    let drifts = match write::check_files(&settings.output, files) {
        Ok(drifts) => drifts,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", settings.output.display());
            return ExitCode::from(2);
        }
    };
    if drifts.is_empty() {
        println!("{} is up to date", settings.output.display());
        return ExitCode::SUCCESS;
    }
    for drift in &drifts {
        match drift {
            Drift::Missing { path } => eprintln!("missing: {}", path.display()),
            Drift::Extra { path } => eprintln!("no longer generated: {}", path.display()),
            Drift::Stale { path, diff } => {
                eprintln!("stale: {}", path.display());
                let lines: Vec<&str> = diff.lines().collect();
                for line in lines.iter().take(DIFF_LINE_LIMIT) {
                    eprintln!("{line}");
                }
                if lines.len() > DIFF_LINE_LIMIT {
                    eprintln!("… {} more diff lines", lines.len() - DIFF_LINE_LIMIT);
                }
            }
        }
    }
    eprintln!(
        "error: {} is stale ({} file(s)); run `cargo run -p generator` to regenerate it",
        settings.output.display(),
        drifts.len()
    );
    ExitCode::from(1)
}
