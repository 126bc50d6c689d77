//! The window's address field with STARTTLS and legacy servers, driven by egui_kittest: the
//! connection facts of an `smtp://` capture from a real postfix, and of a legacy capture from
//! `openssl s_server -tls1_2 -cipher AES128-SHA`, with the finding that modern clients cannot
//! connect.

// A failing test is a panic by design: tests may unwrap, expect, index and panic.
#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unwrap_used
)]
#![cfg(feature = "gui")]

mod common;

use common::window::waiting_for_verdicts;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chainlens::gui::{App, State, ThemeChoice};
use chainlens::model::FindingKind;
use common::mail_servers;
use common::tls_tools::{KeyKind, openssl_pki, require_tool, spawn_listening};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

struct Fixture {
    app: Option<App>,
    state: State,
    runtime: tokio::runtime::Handle,
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// The window, light, trusting only `root`, with nothing loaded.
fn harness(runtime: &tokio::runtime::Runtime, root: PathBuf) -> Harness<'static, Fixture> {
    let mut state = State {
        theme: ThemeChoice::Light,
        ..State::default()
    };
    state.trust.bundles.push(root);
    let fixture = Fixture {
        app: None,
        state,
        runtime: runtime.handle().clone(),
    };
    let mut harness = Harness::builder()
        .with_size([1280.0, 760.0])
        .with_max_steps(12)
        .build_ui_state(
            |ui, fixture: &mut Fixture| {
                if fixture.app.is_none() {
                    fixture.app = Some(waiting_for_verdicts(App::with_state(
                        ui.ctx(),
                        fixture.state.clone(),
                        fixture.runtime.clone(),
                        Vec::new(),
                    )));
                }
                if let Some(app) = fixture.app.as_mut() {
                    app.frame_ui(ui);
                }
            },
            fixture,
        );
    harness.step();
    harness
}

fn app<'a>(harness: &'a Harness<'_, Fixture>) -> &'a App {
    harness
        .state()
        .app
        .as_ref()
        .expect("created on the first frame")
}

/// Types `address` into the address field, fetches, and waits for the job to report.
fn fetch(harness: &mut Harness<'_, Fixture>, address: &str) {
    harness.run();
    harness.get_by_label("Address").focus();
    harness.get_by_label("Address").type_text(address);
    harness.run();
    harness.get_by_label("Fetch").click();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        harness.step();
        let session = &app(harness).session;
        if !session.load_job.is_running() && session.stores_loading.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the fetch did not finish in time"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    harness.run();
}

fn shows(harness: &Harness<'_, Fixture>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
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
    assert!(verdict.trusted, "{}", verdict.reason);
    harness.get_by_label("Connection");
    harness.get_by_label("STARTTLS");
    assert!(shows(&harness, "✔ Trusted by root.pem"));
}

#[test]
fn a_legacy_server_shows_what_was_not_proven() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    openssl_pki(dir.path(), KeyKind::Rsa).unwrap();
    let openssl = require_tool("openssl", "openssl").unwrap();
    let args = |port: u16| {
        Ok([
            "s_server",
            "-www",
            "-quiet",
            "-no-CAfile",
            "-no-CApath",
            "-no-CAstore",
            "-cert",
            "leaf.pem",
            "-key",
            "leaf.key",
            "-cert_chain",
            "int.pem",
            "-tls1_2",
            "-cipher",
            "AES128-SHA",
            "-accept",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .chain([format!("127.0.0.1:{port}")])
        .collect())
    };
    let server = rt
        .block_on(spawn_listening(&openssl, args, dir.path(), "s_server.log"))
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
