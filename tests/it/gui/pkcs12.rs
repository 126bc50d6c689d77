//! The window's PKCS#12 password prompt, driven by egui_kittest: a file that needs a password
//! opens a modal with a masked field; a wrong password says so and asks again; the right one
//! loads the certificates; Cancel closes it. The password is never in the persisted state.
//!
//! Needs the `openssl` binary (Debian package openssl); fails, never skips, without it.

use crate::common::window::{Fixture, Window, light_state, runtime, shows, unsettled_window};
use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::common::tls_tools::{KeyKind, openssl, openssl_pki};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const PASSWORD: &str = "open sesame";

/// A .p12 with root → intermediate → leaf and the leaf's key, in a fresh directory.
fn p12() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    openssl_pki(dir.path(), KeyKind::Ecdsa).unwrap();
    fs::write(dir.path().join("pw"), PASSWORD).unwrap();
    let chain = [
        fs::read_to_string(dir.path().join("int.pem")).unwrap(),
        fs::read_to_string(dir.path().join("root.pem")).unwrap(),
    ]
    .concat();
    fs::write(dir.path().join("chain.pem"), chain).unwrap();
    openssl(
        dir.path(),
        &[
            "pkcs12",
            "-export",
            "-in",
            "leaf.pem",
            "-inkey",
            "leaf.key",
            "-certfile",
            "chain.pem",
            "-passout",
            "file:pw",
            "-out",
            "id.p12",
        ],
    )
    .unwrap();
    let path = dir.path().join("id.p12");
    (dir, path)
}

fn harness(runtime: &tokio::runtime::Runtime, sources: Vec<String>) -> Harness<'static, Fixture> {
    unsettled_window(runtime, light_state(), sources, Window::default())
}

fn wait_for_load(harness: &mut Harness<'_, Fixture>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        harness.step();
        let app = harness.state().app();
        if !app.session.load_job.is_running()
            && app.session.stores_loading.is_empty()
            && !app.is_verifying()
        {
            break;
        }
        assert!(Instant::now() < deadline, "the load did not finish in time");
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run_steps(12);
}

fn type_password(harness: &mut Harness<'_, Fixture>, password: &str) {
    harness.get_by_label("Password").focus();
    harness.run_steps(12);
    harness.get_by_label("Password").type_text(password);
    harness.run_steps(12);
}

#[test]
fn a_wrong_password_asks_again_and_the_right_one_loads_the_certificates() {
    let runtime = runtime();
    let (_dir, path) = p12();
    let mut harness = harness(&runtime, vec![path.display().to_string()]);
    wait_for_load(&mut harness);
    let prompt = harness.state().app().session.password_prompt.as_ref();
    assert!(prompt.is_some_and(|p| !p.wrong), "a prompt opens");
    assert!(shows(&harness, "Password required"));
    assert!(shows(&harness, "id.p12 is an encrypted PKCS#12 file"));
    assert!(harness.state().app().session.error.is_none());

    type_password(&mut harness, "not it");
    // Masked: the typed text is nowhere on screen.
    assert!(!shows(&harness, "not it"));
    harness.get_by_label("Open").click();
    harness.run_steps(12);
    wait_for_load(&mut harness);
    let prompt = harness.state().app().session.password_prompt.as_ref();
    assert!(
        prompt.is_some_and(|p| p.wrong),
        "asked again after a wrong password"
    );
    assert!(shows(&harness, "Wrong password"));

    type_password(&mut harness, PASSWORD);
    harness.get_by_label("Open").click();
    harness.run_steps(12);
    wait_for_load(&mut harness);
    let app = harness.state().app();
    assert!(app.session.password_prompt.is_none());
    assert!(app.session.error.is_none(), "{:?}", app.session.error);
    let loaded = app.session.loaded.as_ref().unwrap();
    assert_eq!(loaded.certificates.len(), 3);
    assert!(loaded.source.holds_private_key);
    let inspection = app.session.inspection.as_ref().unwrap();
    assert!(
        inspection
            .findings
            .iter()
            .any(|f| chainlens::report::words::finding(f, inspection)
                == "this file also holds a private key (not shown)")
    );
    // The persisted state never holds the password.
    let persisted = serde_json::to_string(&app.state).unwrap();
    assert!(!persisted.contains(PASSWORD), "{persisted}");
    assert!(!format!("{:?}", app.session.password_prompt).contains(PASSWORD));
}

#[test]
fn cancel_closes_the_prompt_and_keeps_the_window_as_it_was() {
    let runtime = runtime();
    let (_dir, path) = p12();
    let mut harness = harness(&runtime, vec![path.display().to_string()]);
    wait_for_load(&mut harness);
    assert!(harness.state().app().session.password_prompt.is_some());
    type_password(&mut harness, "half typed");
    harness.get_by_label("Cancel").click();
    harness.run_steps(12);
    let app = harness.state().app();
    assert!(app.session.password_prompt.is_none());
    assert!(app.session.error.is_none());
    assert!(!shows(&harness, "Password required"));
}
