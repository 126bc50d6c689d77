//! The window's "Revocation and issuers" controls, driven by egui_kittest: a CRL given with the
//! sources revokes the Amazon demo leaf; "Check revocation" runs as a job with a spinner and
//! Cancel.

use crate::common::window::{Fixture, Window, runtime, unsettled_window, wait_until};

use crate::common::corpus::data;
use crate::common::ocsp_pki::OcspPki;
use chainlens::gui::{App, State, ThemeChoice, TimeMode};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(
    rt: &tokio::runtime::Runtime,
    state: State,
    sources: Vec<String>,
) -> Harness<'static, Fixture> {
    let options = Window {
        size: [1280.0, 900.0],
        ..Window::default()
    };
    unsettled_window(rt, state, sources, options)
}

fn app<'a>(harness: &'a Harness<'_, Fixture>) -> &'a App {
    harness.state().app()
}

/// Steps until no load, store, verification or revocation job runs.
fn wait_idle(harness: &mut Harness<'_, Fixture>) {
    wait_until(harness, "the jobs", |a| {
        !a.session.load_job.is_running()
            && a.session.stores_loading.is_empty()
            && !a.is_verifying()
            && !a.session.online_job.is_running()
    });
}

fn state_trusting(root: std::path::PathBuf, at: &str) -> State {
    let mut state = State {
        theme: ThemeChoice::Light,
        ..State::default()
    };
    state.trust.aws_iot = false;
    state.trust.mozilla = false;
    state.trust.bundles = vec![root];
    state.trust.time_mode = TimeMode::At;
    state.trust.time_text = at.to_string();
    state
}

fn leaf_code(harness: &Harness<'_, Fixture>) -> Option<String> {
    let insp = app(harness).session.inspection.as_ref()?;
    insp.verdicts[0]
        .failure
        .as_ref()
        .map(|f| f.code().to_string())
}

#[test]
fn a_crl_among_the_sources_revokes_the_amazon_demo_leaf() {
    let rt = runtime();
    let dir = "rustls-webpki-amazon";
    let sources = vec![
        data(&format!("{dir}/revoked.rootca1.demo.amazontrust.com.cer")),
        data(&format!("{dir}/r2m02.cer")),
        data(&format!("{dir}/r2m02.crl")),
    ]
    .into_iter()
    .map(|p| p.display().to_string())
    .collect();
    let state = state_trusting(
        data(&format!("{dir}/AmazonRootCA1.cer")),
        "2025-02-23T10:02:16Z",
    );
    let mut harness = harness(&rt, state, sources);
    wait_idle(&mut harness);
    assert_eq!(
        app(&harness).state.trust.crls.len(),
        1,
        "the .crl went to the CRL list"
    );
    assert_eq!(leaf_code(&harness).as_deref(), Some("revoked"));
    assert!(harness.query_by_label("Check revocation").is_some());
    assert!(harness.query_by_label("Fetch missing issuers").is_some());
    assert!(harness.query_by_label("Add CRL…").is_some());
    assert!(
        harness
            .query_all_by_label_contains("r2m02.crl")
            .next()
            .is_some()
    );

    // Without the CRL: trusted again, and revocation is "not checked".
    harness
        .state_mut()
        .app
        .as_mut()
        .unwrap()
        .state
        .trust
        .crls
        .clear();
    wait_idle(&mut harness);
    assert_eq!(leaf_code(&harness), None);
    assert!(
        harness
            .query_all_by_label("Revocation: not checked")
            .next()
            .is_some()
    );
}

#[test]
fn check_revocation_runs_as_a_job_that_can_be_cancelled() {
    let rt = runtime();
    let pki = OcspPki::build().unwrap();
    // The responder never answers: the job stays running until Cancel.
    let listener = std::net::TcpListener::bind(("127.0.0.1", pki.ocsp_port)).unwrap();
    let state = state_trusting(pki.path("root.pem"), "2026-06-01");
    let mut harness = harness(&rt, state, vec![pki.arg("good.pem")]);
    wait_idle(&mut harness);
    assert!(
        harness
            .query_all_by_label("Revocation: not checked")
            .next()
            .is_some()
    );
    harness.get_by_label("Check revocation").click();
    harness.step();
    harness.step();
    assert!(app(&harness).session.online_job.is_running());
    assert!(
        harness
            .query_by_label_contains("Checking revocation")
            .is_some()
    );
    // At the foot of the left panel, scrolled to as a user would.
    harness.get_by_label("Cancel").scroll_to_me();
    for _ in 0..3 {
        harness.step();
    }
    harness.get_by_label("Cancel").click();
    harness.step();
    assert!(!app(&harness).session.online_job.is_running());
    drop(listener);
}
