//! Generates one client per vendor Swagger 2.0 file of `../shared/reference` into `OUT_DIR`,
//! exactly as `generator --out DIR FILE` would, as nested modules of one file.

use std::path::PathBuf;
use std::process::exit;

const SPECS: [&str; 2] = [
    "../../../shared/reference/evva-airkey-16.20.7.swagger.json",
    "../../../shared/reference/thesmsworks-1.5.0.swagger.yaml",
];

fn main() {
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        eprintln!("OUT_DIR is not set; run this through cargo");
        exit(1);
    };
    let mut settings = generator::Settings::new()
        .output(PathBuf::from(out_dir))
        .crate_name("swagger_clients")
        .single_file(true);
    for spec in SPECS {
        settings = settings.spec(spec);
    }
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
    for input in &generation.inputs {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    for warning in &generation.warnings {
        println!("cargo:warning={}", warning.to_string().replace('\n', " "));
    }
    if let Err(error) = generator::write::write_files(&settings.output, &generation.files) {
        eprintln!("error: cannot write the clients: {error}");
        exit(1);
    }
}
