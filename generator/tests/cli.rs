//! The command line as users run it: write, re-run without rewriting, `--check`, and errors that
//! leave the output untouched.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .to_path_buf()
}

/// A fresh scratch directory holding a copy of one workspace spec.
fn scratch_with_spec(name: &str, spec: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("generator-cli-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    let spec_path = dir.join(spec);
    fs::copy(workspace().join("specs").join(spec), &spec_path).expect("copy spec");
    (dir, spec_path)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(args)
        .output()
        .expect("the generator binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Modification time of every file under `dir`, by path.
fn mtimes(dir: &Path) -> Vec<(PathBuf, SystemTime)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).expect("readable dir") {
            let entry = entry.expect("dir entry");
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push((
                    path,
                    entry
                        .metadata()
                        .expect("metadata")
                        .modified()
                        .expect("mtime"),
                ));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn writes_a_crate_prints_a_summary_and_a_second_run_rewrites_nothing() {
    let (dir, spec) = scratch_with_spec("rerun", "authentiq.yaml");
    let out = dir.join("out");
    let out_arg = out.to_str().expect("utf-8 path");
    let spec_arg = spec.to_str().expect("utf-8 path");

    let first = run(&["--out", out_arg, spec_arg]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let summary = text(&first.stdout);
    assert!(
        summary.contains("authentiq.yaml: 9 models, 5 operations"),
        "{summary}"
    );
    assert!(out.join("Cargo.toml").is_file() && out.join("src/authentiq.rs").is_file());

    let before = mtimes(&out);
    let second = run(&["--out", out_arg, spec_arg]);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(
        text(&second.stdout).contains("0 written"),
        "{}",
        text(&second.stdout)
    );
    assert_eq!(before, mtimes(&out), "an unchanged file was rewritten");
    fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn check_passes_when_up_to_date_and_fails_with_a_diff_after_a_spec_change() {
    let (dir, spec) = scratch_with_spec("check", "smsworks.yaml");
    let out = dir.join("out");
    let out_arg = out.to_str().expect("utf-8 path");
    let spec_arg = spec.to_str().expect("utf-8 path");
    assert!(run(&["--quiet", "--out", out_arg, spec_arg])
        .status
        .success());

    let clean = run(&["--check", "--out", out_arg, spec_arg]);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stderr));

    let original = fs::read_to_string(&spec).expect("spec");
    let changed = original.replacen("The Customer ID", "The customer's ID", 1);
    assert_ne!(
        original, changed,
        "the spec has the description this test edits"
    );
    fs::write(&spec, changed).expect("edit spec");
    let before = mtimes(&out);
    let stale = run(&["--check", "--out", out_arg, spec_arg]);
    let stderr = text(&stale.stderr);
    assert_eq!(stale.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("stale: src/smsworks.rs"), "{stderr}");
    assert!(
        stderr.contains("+    /// - `customerid`: query parameter `customerid`: The customer's ID"),
        "{stderr}"
    );
    assert!(stderr.contains("run `cargo run -p generator`"), "{stderr}");
    assert_eq!(before, mtimes(&out), "--check wrote something");
    fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn a_broken_spec_exits_1_with_its_location_and_changes_nothing() {
    let (dir, spec) = scratch_with_spec("broken", "authentiq.yaml");
    let out = dir.join("out");
    let out_arg = out.to_str().expect("utf-8 path");
    let spec_arg = spec.to_str().expect("utf-8 path");
    assert!(run(&["--quiet", "--out", out_arg, spec_arg])
        .status
        .success());
    let before = mtimes(&out);

    let original = fs::read_to_string(&spec).expect("spec");
    let broken = original.replacen(
        "$ref: '#/components/schemas/KeyRegister201Response'",
        "$ref: '#/components/schemas/Missing'",
        1,
    );
    assert_ne!(
        original, broken,
        "the spec has the reference this test breaks"
    );
    fs::write(&spec, broken).expect("break spec");

    let failed = run(&["--out", out_arg, spec_arg]);
    let stderr = text(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("unresolved `$ref: #/components/schemas/Missing`"),
        "{stderr}"
    );
    assert!(stderr.contains("authentiq.yaml:53:17\n"), "{stderr}");
    assert!(
        stderr.contains(
            "^ at #/paths/~1key/post/responses/201/content/application~1json/schema/$ref"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("nothing under"), "{stderr}");
    assert_eq!(before, mtimes(&out), "a failed run changed the output");
    fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn usage_errors_exit_2() {
    let unknown_flag = run(&["--no-such-flag"]);
    assert_eq!(unknown_flag.status.code(), Some(2));
    let missing = run(&["--out", "/nonexistent-dir/x", "/nonexistent-dir/spec.yaml"]);
    assert_eq!(missing.status.code(), Some(1), "{}", text(&missing.stderr));
    assert!(text(&missing.stderr).contains("cannot read the spec"));
}

#[test]
fn check_sees_a_new_settings_file_beside_the_spec() {
    let (dir, spec) = scratch_with_spec("settings-check", "airkey.yaml");
    let out = dir.join("out");
    let out_arg = out.to_str().expect("utf-8 path");
    let spec_arg = spec.to_str().expect("utf-8 path");
    assert!(run(&["--quiet", "--out", out_arg, spec_arg])
        .status
        .success());
    fs::write(
        dir.join("airkey.toml"),
        "[formats]\ndate-time = \"string\"\n",
    )
    .expect("write settings");
    let stale = run(&["--check", "--out", out_arg, spec_arg]);
    let stderr = text(&stale.stderr);
    assert_eq!(stale.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("stale: src/airkey.rs"), "{stderr}");
    assert!(
        stderr.contains("+    pub created_on: ::std::option::Option<::std::string::String>,"),
        "{stderr}"
    );
    assert!(stderr.contains("stale: Cargo.toml"), "{stderr}");
    fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn a_settings_key_that_matches_nothing_exits_1_at_its_line() {
    let (dir, spec) = scratch_with_spec("settings-broken", "smsworks.yaml");
    let out = dir.join("out");
    let out_arg = out.to_str().expect("utf-8 path");
    let spec_arg = spec.to_str().expect("utf-8 path");
    fs::write(
        dir.join("smsworks.toml"),
        "[derives]\nLogin = [\"Eq\"]\nLogn = [\"Hash\"]\n\n[operation]\ngroup_by = \"tag\"\n",
    )
    .expect("write settings");
    let failed = run(&["--out", out_arg, spec_arg]);
    let stderr = text(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    // A misspelt table stops the reading, so it is the one error reported.
    assert!(stderr.contains("smsworks.toml:5:2"), "{stderr}");
    assert!(stderr.contains("5 | [operation]"), "{stderr}");
    assert!(stderr.contains("unknown field `operation`"), "{stderr}");
    assert!(!out.exists(), "a failed run wrote the output");

    fs::write(
        dir.join("smsworks.toml"),
        "[derives]\nLogin = [\"Eq\"]\nLogn = [\"Hash\"]\n",
    )
    .expect("write settings");
    let failed = run(&["--out", out_arg, spec_arg]);
    let stderr = text(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("`Logn` names no schema"), "{stderr}");
    assert!(stderr.contains("smsworks.toml:3:1"), "{stderr}");
    assert!(stderr.contains("at derives.Logn"), "{stderr}");
    assert!(stderr.contains("3 | Logn = [\"Hash\"]"), "{stderr}");
    fs::remove_dir_all(&dir).expect("cleanup");
}
