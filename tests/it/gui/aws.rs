//! The window's "AWS IoT…" dialog, driven by egui_kittest against moto (a real AWS API
//! emulator) and an `openssl s_server` with an Amazon-shaped chain: clicking Discover fills
//! the address and fetches; errors show inline in the dialog.
//!
//! The discovery reads the process environment (the AWS config file), so the window runs in
//! a child process of this test binary that is given its environment.

use crate::common::window::{Window, unsettled_window, wait_until};
use std::ffi::OsStr;
use std::fs;

use crate::common::aws_home::{ACCESS_KEY_ID, SECRET_ACCESS_KEY};
use crate::common::moto;
use crate::common::own_process;
use crate::common::tls_tools::amazon_shaped_server;
use chainlens::gui::{AwsForm, AwsKind, State, ThemeChoice};
use egui_kittest::kittest::Queryable;

/// The ATS address a freshly seeded moto gives first in eu-west-1.
const SEEDED_ATS: &str = "ohbvrpoivgrv5i-ats.iot.eu-west-1.amazonaws.com";

#[test]
fn dialog_discovers_fills_the_address_and_fetches() {
    if own_process::is_child() {
        discover_in_the_window();
        return;
    }
    let Some(moto) = moto::start().unwrap() else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    fs::write(
        &config,
        format!(
            "[profile moto]\nregion = eu-west-1\nendpoint_url = {}\n\
             aws_access_key_id = {ACCESS_KEY_ID}\naws_secret_access_key = {SECRET_ACCESS_KEY}\n",
            moto.url()
        ),
    )
    .unwrap();
    let credentials = home.path().join("credentials");
    // The discovery reads the AWS variables of the process itself: the window runs in a
    // child that gets exactly these, and nothing of the caller's AWS set-up.
    let path = module_path!().split_once("::").unwrap().1;
    own_process::rerun(
        &format!("{path}::dialog_discovers_fills_the_address_and_fetches"),
        &[
            "AWS_PROFILE",
            "AWS_REGION",
            "AWS_DEFAULT_REGION",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_ENDPOINT_URL",
        ],
        &[
            ("AWS_CONFIG_FILE", config.as_os_str()),
            ("AWS_SHARED_CREDENTIALS_FILE", credentials.as_os_str()),
            ("AWS_EC2_METADATA_DISABLED", OsStr::new("true")),
        ],
    );
    drop(moto);
}

/// The window's part, in the child: the profile `moto` of the config file names moto.
fn discover_in_the_window() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let tls = tempfile::tempdir().unwrap();
    let server = runtime
        .block_on(amazon_shaped_server(tls.path(), "eu-west-1", &[]))
        .unwrap();

    // The last choices, as remembered from an earlier run, and every connection sent to
    // the local server so nothing leaves 127.0.0.1.
    let mut state = State {
        theme: ThemeChoice::Light,
        aws: AwsForm {
            profile: "nope".to_string(),
            region: String::new(),
            kind: AwsKind::Ats,
        },
        ..State::default()
    };
    state.net.connect_to = format!("::127.0.0.1:{}", server.port);
    let mut harness = unsettled_window(&runtime, state, Vec::new(), Window::default());
    harness.run();

    harness.get_by_label("AWS IoT…").click();
    wait_until(&mut harness, "reading the profiles", |app| {
        app.session.aws_dialog.profiles.is_some()
    });
    assert_eq!(
        harness.state().app().session.aws_dialog.profiles,
        Some(Ok(vec!["moto".to_string()]))
    );

    // An unknown profile: the error shows in the dialog, in one line.
    harness.get_by_label("Discover").click();
    wait_until(&mut harness, "the failed discovery", |app| {
        !app.session.aws_dialog.job.is_running() && app.session.aws_dialog.error.is_some()
    });
    let error = harness
        .state()
        .app()
        .session
        .aws_dialog
        .error
        .clone()
        .unwrap();
    assert!(error.contains("\"nope\" is not defined"), "{error}");
    assert!(harness.query_by_label_contains("is not defined").is_some());

    // Choose the real profile in the list, and discover again.
    harness.get_by_label("Profile").click();
    harness.run();
    harness.get_by_label("moto").click();
    harness.run();
    assert_eq!(harness.state().app().state.aws.profile, "moto");
    harness.get_by_label("Discover").click();
    wait_until(&mut harness, "the discovery and the fetch", |app| {
        !app.session.aws_dialog.job.is_running()
            && app.session.aws_dialog.error.is_none()
            && !app.session.load_job.is_running()
            && app
                .session
                .inspection
                .as_ref()
                .is_some_and(|i| i.source.label.contains(SEEDED_ATS))
    });
    let app = harness.state().app();
    assert_eq!(app.state.address, SEEDED_ATS);
    assert!(
        !app.session.aws_dialog.open,
        "the dialog closes once it fetched"
    );
    let inspection = app.session.inspection.as_ref().unwrap();
    // Fetched as a device would: ALPN x-amzn-mqtt-ca on 443, checked for the ATS host,
    // and the AWS IoT device roots do not trust our own root.
    assert_eq!(inspection.policy.host.as_deref(), Some(SEEDED_ATS));
    let verdict = inspection
        .verdicts
        .iter()
        .find(|v| v.store == "AWS IoT device roots")
        .expect("the AWS IoT device roots are ticked");
    assert!(!verdict.trusted);
    drop(server);
}
