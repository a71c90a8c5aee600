//! Generates the SMS Works client into `OUT_DIR` on every build where the spec changed.

use std::path::PathBuf;
use std::process::exit;

fn main() {
    let spec = PathBuf::from("../../specs/smsworks.yaml");
    println!("cargo:rerun-if-changed={}", spec.display());
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("OUT_DIR is not set; run this through cargo");
        exit(1);
    };
    let settings = generator::Settings::new()
        .spec(&spec)
        .output(PathBuf::from(out_dir))
        .crate_name("api")
        .single_file(true);
    let generation = match generator::generate(&settings) {
        Ok(generation) => generation,
        Err(generator::GenerateError::Spec { diagnostics }) => {
            for diagnostic in diagnostics {
                eprintln!("{diagnostic}\n");
            }
            exit(1);
        }
        Err(error) => {
            eprintln!("error: {error}");
            exit(1);
        }
    };
    // The spec, every file its `$ref`s name, and its settings file when it has one.
    for input in &generation.inputs {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    for warning in &generation.warnings {
        println!("cargo:warning={}", warning.to_string().replace('\n', " "));
    }
    if let Err(error) = generator::write::write_files(&settings.output, &generation.files) {
        eprintln!("error: cannot write the client: {error}");
        exit(1);
    }
}
