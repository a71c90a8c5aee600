//! Snapshots of the code generated for each service: a change to the output shows up as a
//! reviewable diff (`cargo insta review`).

mod common;

fn assert_module_snapshot(module: &str) {
    let generation = common::generate_workspace();
    let path = std::path::Path::new("src").join(format!("{module}.rs"));
    let file = generation
        .files
        .iter()
        .find(|file| file.path == path)
        .unwrap_or_else(|| panic!("no {} was generated", path.display()));
    insta::assert_snapshot!(module, file.contents);
}

#[test]
fn airkey_module() {
    assert_module_snapshot("airkey");
}

#[test]
fn authentiq_module() {
    assert_module_snapshot("authentiq");
}

#[test]
fn smsworks_module() {
    assert_module_snapshot("smsworks");
}

/// One snapshot per fixture spec under `tests/fixtures/`, named after the spec.
#[test]
fn fixture_modules() {
    let generation = common::generate_fixtures();
    let mut seen = 0;
    for file in &generation.files {
        let Some(module) = file.path.file_stem().and_then(|stem| stem.to_str()) else {
            continue;
        };
        if matches!(module, "lib" | "runtime" | "Cargo") {
            continue;
        }
        insta::assert_snapshot!(format!("fixture_{module}"), file.contents);
        seen += 1;
    }
    assert!(seen >= 9, "every fixture spec has a module, found {seen}");
}

#[test]
fn generation_is_byte_identical_run_to_run() {
    let first = common::generate_workspace();
    let second = common::generate_workspace();
    assert_eq!(first.files, second.files);
}

/// Spec prose can never become a doc test: in every generated module, each code block in the docs
/// is `text`, except the one `no_run` usage example, which only compiles.
#[test]
fn docs_never_hold_a_runnable_doc_test() {
    let generations = [common::generate_workspace(), common::generate_fixtures()];
    for file in generations
        .iter()
        .flat_map(|generation| generation.files.iter())
    {
        let mut open = false;
        let mut examples = 0;
        for line in file.contents.lines() {
            let doc = line.trim_start();
            let Some(text) = doc.strip_prefix("///").or_else(|| doc.strip_prefix("//!")) else {
                continue;
            };
            let text = text.trim();
            if !text.starts_with("```") {
                continue;
            }
            if open {
                assert_eq!(
                    text,
                    "```",
                    "{}: a fence closes with ``` only",
                    file.path.display()
                );
            } else {
                assert!(
                    text == "```text" || text == "```no_run",
                    "{}: a code block opens as `{text}`",
                    file.path.display()
                );
                examples += usize::from(text == "```no_run");
            }
            open = !open;
        }
        assert!(!open, "{}: a code block is left open", file.path.display());
        assert!(
            examples <= 1,
            "{}: {examples} examples",
            file.path.display()
        );
    }
}
