//! Fails when the checked-in `generated/` crate is not what the specs produce, so a forgotten
//! regeneration cannot land.

mod common;

use generator::write::{check_files, Drift};

#[test]
fn generated_crate_is_up_to_date() {
    assert_up_to_date(
        &common::workspace_settings(),
        &common::generate_workspace(),
        "cargo run -p generator",
    );
}

#[test]
fn fixture_clients_crate_is_up_to_date() {
    assert_up_to_date(
        &common::fixture_settings(),
        &common::generate_fixtures(),
        common::FIXTURES_COMMAND,
    );
}

fn assert_up_to_date(
    settings: &generator::Settings,
    generation: &generator::Generation,
    command: &str,
) {
    let drifts = check_files(&settings.output, &generation.files).expect("the output is readable");
    let report: Vec<String> = drifts
        .iter()
        .map(|drift| match drift {
            Drift::Missing { path } => format!("missing: {}", path.display()),
            Drift::Extra { path } => format!("no longer generated: {}", path.display()),
            Drift::Stale { path, diff } => format!("stale: {}\n{diff}", path.display()),
        })
        .collect();
    assert!(
        drifts.is_empty(),
        "{} is stale; run `{command}` to regenerate it\n\n{}",
        settings.output.display(),
        report.join("\n")
    );
}

#[test]
fn generated_crate_declares_every_operation() {
    let expected = [
        ("airkey", "send_a_key"),
        ("authentiq", "key_register"),
        ("authentiq", "key_update"),
        ("authentiq", "push_login_request"),
        ("authentiq", "sign_confirm"),
        ("authentiq", "sign_request"),
        ("smsworks", "key_secret"),
        ("smsworks", "login"),
    ];
    let generation = common::generate_workspace();
    for (module, function) in expected {
        let path = std::path::Path::new("src").join(format!("{module}.rs"));
        let file = generation
            .files
            .iter()
            .find(|file| file.path == path)
            .expect("module generated");
        assert!(
            file.contents.contains(&format!("pub async fn {function}(")),
            "{module} has no `{function}`"
        );
    }
}
