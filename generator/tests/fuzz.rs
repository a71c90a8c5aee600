//! Mutation fuzzing of the whole pipeline: specs from `specs/` and `tests/fixtures/`, mutated at
//! random (lines dropped, duplicated, swapped, re-indented, truncated, OpenAPI-ish tokens spliced
//! in), plus random bytes, must never make the generator panic; when generation succeeds, every
//! emitted Rust file must parse with `syn`.
//!
//! `cargo test -p generator --test fuzz` runs a short, fixed-seed campaign. A long one:
//! `FUZZ_SECONDS=600 FUZZ_SEED=7 cargo test --release -p generator --test fuzz -- --nocapture`;
//! it prints the number of executions. A failing input is written to `target/fuzz-failures/`.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use generator::{generate, Settings};

/// Tokens that tend to reach interesting code: references, types, formats, styles, YAML syntax.
const SPLICES: &[&str] = &[
    "$ref: '#/components/schemas/Missing'",
    "$ref: '#/components/schemas/Error'",
    "$ref: other.yaml#/X",
    "type: strin",
    "type: [string, 'null']",
    "type: object",
    "type: array",
    "items: {}",
    "format: binary",
    "format: int32",
    "nullable: true",
    "readOnly: true",
    "enum: [1, a, null]",
    "required: [nope]",
    "additionalProperties: false",
    "additionalProperties: {type: integer}",
    "allOf: [{$ref: '#/components/schemas/Error'}]",
    "oneOf: [{type: string}, {type: integer}]",
    "discriminator: {propertyName: kind}",
    "style: deepObject",
    "explode: false",
    "in: cookie",
    "in: body",
    "content: {text/plain: {schema: {type: string}}}",
    "'4XX': {description: x}",
    "default: {description: x}",
    "operationId: sendAKey",
    "{",
    "}",
    "[",
    "- ",
    ": ",
    "'",
    "\"",
    "&anchor",
    "*anchor",
    "!!binary",
    "~",
    "\t",
    "\u{0}",
    "é*/\"#[}`",
];

/// A small, fast, deterministic generator (xorshift64*), so a seed reproduces a campaign.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn seeds() -> Vec<String> {
    let mut texts = Vec::new();
    for dir in ["specs", "tests/fixtures"] {
        let Ok(entries) = fs::read_dir(workspace().join(dir)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        for path in paths {
            if path
                .extension()
                .is_some_and(|extension| extension == "yaml")
            {
                if let Ok(text) = fs::read_to_string(&path) {
                    texts.push(text);
                }
            }
        }
    }
    assert!(
        texts.len() >= 3,
        "the fuzz seeds are the project's specs and fixtures"
    );
    texts
}

/// Applies one to four random mutations to a spec's lines.
fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut lines: Vec<String> = seed.lines().map(str::to_string).collect();
    for _ in 0..=rng.below(3) {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let at = rng.below(lines.len());
        match rng.below(8) {
            0 => {
                lines.remove(at);
            }
            1 => {
                let copy = lines[at].clone();
                lines.insert(at, copy);
            }
            2 => {
                let other = rng.below(lines.len());
                lines.swap(at, other);
            }
            3 => {
                let indent = " ".repeat(rng.below(12));
                let trimmed = lines[at].trim_start().to_string();
                lines[at] = format!("{indent}{trimmed}");
            }
            4 => {
                let indent: String = lines[at].chars().take_while(|c| *c == ' ').collect();
                let splice = SPLICES[rng.below(SPLICES.len())];
                lines.insert(at, format!("{indent}{splice}"));
            }
            5 => {
                let line = &lines[at];
                let cut = rng.below(line.len() + 1);
                let cut = (0..=cut)
                    .rev()
                    .find(|&i| line.is_char_boundary(i))
                    .unwrap_or(0);
                let splice = SPLICES[rng.below(SPLICES.len())];
                lines[at] = format!("{}{splice}{}", &line[..cut], &line[cut..]);
            }
            6 => lines.truncate(at.max(1)),
            _ => {
                // Replace a value after a colon by another scalar.
                if let Some(colon) = lines[at].find(": ") {
                    let values = ["''", "0", "-1", "true", "null", "[]", "{}", "3.1.0", "x y"];
                    let value = values[rng.below(values.len())];
                    lines[at] = format!("{}: {value}", &lines[at][..colon]);
                }
            }
        }
    }
    lines.join("\n")
}

fn random_bytes(rng: &mut Rng) -> String {
    let length = rng.below(400);
    let bytes: Vec<u8> = (0..length).map(|_| (rng.next() >> 24) as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Runs the pipeline on `text`: whether it generated a crate, or what went wrong (a panic, or
/// output that does not parse).
fn run_one(dir: &Path, text: &str) -> Result<bool, String> {
    let spec = dir.join("spec.yaml");
    fs::write(&spec, text).map_err(|error| format!("cannot write the input: {error}"))?;
    let settings = Settings::new().spec(&spec).output(dir.join("out"));
    let outcome = catch_unwind(AssertUnwindSafe(|| generate(&settings)));
    match outcome {
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|text| text.to_string()))
                .unwrap_or_default();
            Err(format!("the generator panicked: {message}"))
        }
        Ok(Err(generator::GenerateError::Internal { message, .. })) => {
            Err(format!("emitted code does not parse: {message}"))
        }
        Ok(Err(_)) => Ok(false),
        Ok(Ok(generation)) => {
            for file in generation
                .files
                .iter()
                .filter(|file| file.path.extension().is_some_and(|e| e == "rs"))
            {
                syn::parse_file(&file.contents)
                    .map_err(|error| format!("{} does not parse: {error}", file.path.display()))?;
            }
            Ok(true)
        }
    }
}

#[test]
fn mutated_and_random_specs_never_panic_and_emit_parseable_code() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed);
    let minimum_cases = 300;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let dir = std::env::temp_dir().join(format!("generator-fuzz-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("scratch dir");
    let seeds = seeds();
    let mut rng = Rng(seed | 1);
    let (mut executions, mut generated) = (0u64, 0u64);
    // The panic hook would print every caught panic; failures are reported below instead.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut failure = None;
    while executions < minimum_cases || Instant::now() < deadline {
        let input = if rng.below(10) == 0 {
            random_bytes(&mut rng)
        } else {
            let seed_text = &seeds[rng.below(seeds.len())];
            mutate(&mut rng, seed_text)
        };
        executions += 1;
        match run_one(&dir, &input) {
            Ok(true) => generated += 1,
            Ok(false) => {}
            Err(why) => {
                failure = Some((why, input));
                break;
            }
        }
    }
    std::panic::set_hook(hook);
    let _ = fs::remove_dir_all(&dir);
    println!("fuzz: {executions} executions, {generated} generated a crate, seed {seed}");
    if let Some((why, input)) = failure {
        let saved = workspace().join("target/fuzz-failures");
        let _ = fs::create_dir_all(&saved);
        let file = saved.join(format!("seed-{seed}-case-{executions}.yaml"));
        let _ = fs::write(&file, &input);
        panic!("{why}\ninput saved to {}", file.display());
    }
}
