//! The window's address field with STARTTLS and legacy servers, driven by egui_kittest: the
//! connection facts of an `smtp://` capture from a real postfix, and of a legacy capture from
//! `openssl s_server -tls1_2 -cipher AES128-SHA`, with the finding that modern clients cannot
//! connect.

use crate::common::window::{
    Fixture, Window, light_state, runtime, shows, unsettled_window, wait_idle,
};
use std::path::PathBuf;

use crate::common::mail_servers;
use crate::common::tls_tools::{KeyKind, openssl_pki, s_server};
use chainlens::gui::App;
use chainlens::model::FindingKind;
use chainlens::report::words;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The window, light, trusting only `root`, with nothing loaded.
fn harness(runtime: &tokio::runtime::Runtime, root: PathBuf) -> Harness<'static, Fixture> {
    let mut state = light_state();
    state.trust.bundles.push(root);
    unsettled_window(runtime, state, Vec::new(), Window::default())
}

fn app<'a>(harness: &'a Harness<'_, Fixture>) -> &'a App {
    harness.state().app()
}

/// Types `address` into the address field, fetches, and waits for the job to report.
fn fetch(harness: &mut Harness<'_, Fixture>, address: &str) {
    harness.run();
    harness.get_by_label("Address").focus();
    harness.get_by_label("Address").type_text(address);
    harness.run();
    harness.get_by_label("Fetch").click();
    wait_idle(harness);
}

#[test]
fn an_smtp_address_shows_the_starttls_capture() {
    let Some(daemon) = mail_servers::postfix(true).unwrap() else {
        return;
    };
    let rt = runtime();
    let mut harness = harness(&rt, daemon.path().join("root.pem"));
    fetch(&mut harness, &format!("smtp://127.0.0.1:{}", daemon.port));

    let app = app(&harness);
    assert_eq!(app.session.error, None, "{}", daemon.log());
    let insp = app.session.inspection.as_ref().expect("the fetched chain");
    let conn = insp.source.connection.as_ref().expect("connection facts");
    assert_eq!(conn.starttls.as_deref(), Some("smtp"));
    assert!(conn.handshake_completed);
    let verdict = insp
        .verdicts
        .iter()
        .find(|v| v.store == "root.pem")
        .expect("a verdict of the bundle");
    assert!(verdict.trusted, "{}", words::verdict(insp, verdict));
    harness.get_by_label("Connection");
    harness.get_by_label("STARTTLS");
    assert!(shows(&harness, "✔ Trusted by root.pem"));
}

#[test]
fn a_legacy_server_shows_what_was_not_proven() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    openssl_pki(dir.path(), KeyKind::Rsa).unwrap();
    let server = rt
        .block_on(s_server(
            dir.path(),
            Some("int.pem"),
            &["-tls1_2", "-cipher", "AES128-SHA"],
        ))
        .unwrap();
    let mut harness = harness(&rt, dir.path().join("root.pem"));
    fetch(&mut harness, &format!("127.0.0.1:{}", server.port));

    let app = app(&harness);
    assert_eq!(app.session.error, None);
    let insp = app.session.inspection.as_ref().expect("the fetched chain");
    let conn = insp.source.connection.as_ref().expect("connection facts");
    assert_eq!(conn.cipher_suite, "TLS_RSA_WITH_AES_128_CBC_SHA");
    assert!(!conn.handshake_completed);
    assert!(
        insp.findings
            .iter()
            .any(|f| f.kind == FindingKind::ModernClientsCannotConnect)
    );
    harness.get_by_label("Key proof");
    harness.get_by_label("Legacy TLS");
    assert!(shows(&harness, "was not proven"));
}
