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

#[test]
fn generation_is_byte_identical_run_to_run() {
    let first = common::generate_workspace();
    let second = common::generate_workspace();
    assert_eq!(first.files, second.files);
}
