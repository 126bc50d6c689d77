//! The window's Device handshakes table, driven by egui_kittest: Handshakes… probes the
//! server the chain on screen came from (a dual RSA + ECDSA `openssl s_server`) as a job, and
//! shows one row per device; a server that is not there is an error in the window.

use chainlens::gui::{State, ThemeChoice};
use egui_kittest::kittest::{NodeT, Queryable};

use super::dual::dual_server;
use crate::common::window::{Window, runtime, shows, wait_until, window};

#[test]
fn handshakes_probes_the_fetched_server_and_lists_the_devices() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let server = rt.block_on(dual_server(dir.path(), &[]));
    let state = State {
        theme: ThemeChoice::Light,
        ..State::default()
    };
    let source = format!("127.0.0.1:{}", server.port);
    let mut harness = window(&rt, state, vec![source.clone()], Window::default());
    harness.get_by_label("Handshakes…").click();
    wait_until(&mut harness, "the probe", |app| {
        let table = &app.session.handshake_table;
        table.open && !table.job.is_running() && (table.outcome.is_some() || table.error.is_some())
    });
    let table = &harness.state().app().session.handshake_table;
    assert_eq!(table.error, None);
    let outcome = table.outcome.as_ref().unwrap();
    assert_eq!(outcome.target, source);
    assert_eq!(outcome.facts.chains.len(), 2);
    // No device chosen: every stack's default build.
    assert_eq!(outcome.rows.len(), 5);
    assert!(shows(&harness, "Can the device connect?"));
    assert!(shows(&harness, "mbedtls-2.28"));
    assert!(shows(&harness, "Chains served: 2"));
    // Neither default store holds the test roots, and both reject for the same reason: the
    // cell names the reason once, with both stores.
    let rows =
        chainlens::report::probe::device_rows(&outcome.facts, &outcome.rows, &outcome.inspections);
    for row in &rows {
        assert!(
            row.short_why
                .starts_with("AWS IoT device roots, Mozilla roots: unknown_issuer ("),
            "{}: {}",
            row.device,
            row.short_why
        );
        assert_eq!(
            row.short_why.matches("unknown_issuer").count(),
            1,
            "{}",
            row.short_why
        );
    }
    harness.get_by_label("Close window").click();
    harness.run();
    assert!(!harness.state().app().session.handshake_table.open);
}

#[test]
fn a_server_that_is_not_there_is_an_error_in_the_window() {
    let rt = runtime();
    // A port that was free a moment ago: nothing listens.
    let port = crate::common::tls_tools::free_port().unwrap();
    let state = State {
        theme: ThemeChoice::Light,
        address: format!("127.0.0.1:{port}"),
        ..State::default()
    };
    let mut harness = window(&rt, state, Vec::new(), Window::default());
    harness.get_by_label("Handshakes…").click();
    wait_until(&mut harness, "the failed probe", |app| {
        let table = &app.session.handshake_table;
        !table.job.is_running() && table.error.is_some()
    });
    let error = harness
        .state()
        .app()
        .session
        .handshake_table
        .error
        .clone()
        .unwrap();
    assert!(
        error.starts_with(&format!("cannot probe 127.0.0.1:{port}: cannot connect")),
        "{error}"
    );
    assert!(shows(&harness, "cannot probe"));
}

#[test]
fn a_chain_from_a_file_with_no_address_has_no_server_to_probe() {
    let rt = runtime();
    let state = State {
        theme: ThemeChoice::Light,
        ..State::default()
    };
    // The embedded sample: a chain read from a file, and nothing typed in Address.
    let harness = window(&rt, state, Vec::new(), Window::default());
    assert!(harness.state().app().session.inspection.is_some());
    assert!(
        harness
            .get_by_label("Handshakes…")
            .accesskit_node()
            .is_disabled()
    );
}
