//! Verification off the window's thread, driven by egui_kittest: a verification that takes
//! longer than a frame shows a spinner with Cancel while the window keeps drawing, and Cancel
//! keeps the verdict shown and says so. Also the details panel's share of a small window.

use crate::common;

use std::time::Duration;

use crate::common::window::{Fixture, Window, light_state, runtime, shows, wait_until, window};
use chainlens::gui::App;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The window on the embedded sample, with the light theme, its frames waiting at most
/// `verify_wait` for a verification (the window's own 12 ms unless a test says otherwise).
fn harness(
    rt: &tokio::runtime::Runtime,
    size: [f32; 2],
    verify_wait: Duration,
) -> Harness<'static, Fixture> {
    let options = Window {
        size,
        accessibility_check: true,
        setup: Some(Box::new(move |app: &mut App, _: &egui::Context| {
            app.session.verify_wait = verify_wait;
        })),
    };
    window(rt, light_state(), Vec::new(), options)
}

/// Clicks the Mozilla roots checkbox and draws the frame that takes the click: the change
/// is verified at the start of the next frame.
fn tick_mozilla(harness: &mut Harness<'_, Fixture>) {
    harness.get_by_label("Mozilla roots").click();
    harness.step();
    harness.step();
}

fn verdict_stores(app: &App) -> Vec<String> {
    app.session
        .inspection
        .as_ref()
        .map(|i| i.verdicts.iter().map(|v| v.store.clone()).collect())
        .unwrap_or_default()
}

/// A hostile file: a leaf and 100 CAs of one name, each issued by the next under a new key,
/// so that every verification searches until its budget runs out (hundreds of milliseconds in
/// a debug build, far longer than a frame).
fn budget_mesh(dir: &std::path::Path) -> std::path::PathBuf {
    use rcgen::{Issuer, KeyPair};
    let keys: Vec<_> = (0..100)
        .map(|_| {
            (
                common::generated::ca("Same Name"),
                KeyPair::generate().unwrap(),
            )
        })
        .collect();
    let mut pem = String::new();
    let first = &keys[0];
    pem.push_str(
        &common::generated::leaf(&["mesh.test"])
            .signed_by(
                &KeyPair::generate().unwrap(),
                &Issuer::new(first.0.clone(), &first.1),
            )
            .unwrap()
            .pem(),
    );
    for i in 0..keys.len() {
        let (params, key) = &keys[i];
        let (next_params, next_key) = &keys[(i + 1) % keys.len()];
        let issuer = Issuer::new(next_params.clone(), next_key);
        pem.push_str(&params.signed_by(key, &issuer).unwrap().pem());
    }
    let path = dir.join("mesh.pem");
    std::fs::write(&path, pem).unwrap();
    path
}

/// The window on [`budget_mesh`], verified once.
fn harness_on_the_mesh(
    rt: &tokio::runtime::Runtime,
    dir: &std::path::Path,
) -> Harness<'static, Fixture> {
    let mesh = budget_mesh(dir);
    let mut harness = harness(rt, [1280.0, 760.0], Duration::from_millis(12));
    {
        let app = harness.state_mut().app.as_mut().unwrap();
        app.state.address = mesh.display().to_string();
    }
    harness.get_by_label("Fetch").click();
    wait_until(&mut harness, "the hostile file's verification", |app| {
        !app.session.load_job.is_running()
            && !app.is_verifying()
            && app
                .session
                .loaded
                .as_ref()
                .is_some_and(|l| l.certificates.len() == 101)
            && app
                .session
                .inspection
                .as_ref()
                .is_some_and(|i| i.certificates.len() == 101)
    });
    harness
}

#[test]
fn a_verification_longer_than_a_frame_shows_a_spinner_and_the_window_goes_on() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_on_the_mesh(&rt, dir.path());
    let before = verdict_stores(harness.state().app());
    assert_eq!(before.len(), 2, "{before:?}");
    let generation = harness.state().app().session.inspection_generation;

    tick_mozilla(&mut harness);
    let app = harness.state().app();
    assert!(app.is_verifying(), "the verification runs as a job");
    // Meanwhile the verdict shown is the last one; the frame that started the job shows
    // the spinner, its words and Cancel.
    assert_eq!(verdict_stores(app), before);
    assert_eq!(app.session.inspection_generation, generation);
    assert!(shows(&harness, "Verifying 101 certificates…"));
    harness.get_by_label("Cancel");

    wait_until(&mut harness, "the verification", |app| !app.is_verifying());
    let app = harness.state().app();
    assert_eq!(
        verdict_stores(app),
        vec!["AWS IoT device roots".to_string()]
    );
    assert!(app.session.inspection_generation > generation);
    assert!(!shows(&harness, "Verifying"));
}

#[test]
fn cancel_keeps_the_verdict_shown_and_says_it_is_for_the_settings_before() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_on_the_mesh(&rt, dir.path());
    let before = verdict_stores(harness.state().app());
    assert_eq!(before.len(), 2, "{before:?}");
    let generation = harness.state().app().session.inspection_generation;

    // Unticking a store verifies again, for longer than a frame.
    tick_mozilla(&mut harness);
    assert!(harness.state().app().is_verifying());
    assert!(shows(&harness, "Verifying 101 certificates…"));
    harness.get_by_label("Cancel").click();
    harness.step();
    let app = harness.state().app();
    assert!(!app.is_verifying());
    assert_eq!(verdict_stores(app), before);
    assert_eq!(app.session.inspection_generation, generation);
    assert!(
        app.session
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("Verification cancelled")),
        "{:?}",
        app.session.error
    );
    // It is not started again behind the user's back.
    for _ in 0..5 {
        harness.step();
    }
    assert!(!harness.state().app().is_verifying());
    assert!(shows(&harness, "Verification cancelled"));

    // Undoing the change makes the verdict shown right again: the note goes.
    tick_mozilla(&mut harness);
    let app = harness.state().app();
    assert!(!app.is_verifying());
    assert_eq!(app.session.error, None);
    assert_eq!(verdict_stores(app), before);

    // A new change verifies again, and Esc cancels it the same way.
    tick_mozilla(&mut harness);
    assert!(harness.state().app().is_verifying());
    harness.key_press(egui::Key::Escape);
    harness.step();
    let app = harness.state().app();
    assert!(!app.is_verifying());
    assert_eq!(verdict_stores(app), before);
    assert!(app.session.error.is_some());
}

#[test]
fn a_quick_verification_shows_its_verdict_in_the_frame_that_asked() {
    let rt = runtime();
    // A generous wait: the sample's verification (about a millisecond) is always back in time.
    let mut harness = harness(&rt, [1280.0, 760.0], Duration::from_secs(10));
    tick_mozilla(&mut harness);
    let app = harness.state().app();
    assert!(!app.is_verifying());
    assert_eq!(
        verdict_stores(app),
        vec!["AWS IoT device roots".to_string()]
    );
}

#[test]
fn the_details_panel_leaves_the_diagram_room_in_a_small_window() {
    let rt = runtime();
    for (width, at_most) in [(900.0, 0.31), (1280.0, 0.27)] {
        let harness = harness(&rt, [width, 600.0], Duration::from_millis(12));
        let details = harness.state().app().session.details_width;
        assert!(details >= 260.0, "{width}: {details}");
        assert!(
            details <= width * at_most,
            "at {width} the details panel is {details} wide"
        );
    }
}

#[test]
fn the_bundle_list_fits_beside_the_details_in_a_small_window() {
    let rt = runtime();
    let bundle = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/debian-ca-certificates/ca-certificates.crt");
    for width in [900.0, 1280.0] {
        let mut harness = harness(&rt, [width, 600.0], Duration::from_millis(12));
        harness.state_mut().app.as_mut().unwrap().state.address = bundle.display().to_string();
        harness.get_by_label("Fetch").click();
        wait_until(&mut harness, "the bundle", |app| {
            !app.session.load_job.is_running()
                && !app.is_verifying()
                && app.session.bundle.is_some()
        });
        let details_left = width - harness.state().app().session.details_width;
        // Every column heading is on screen, left of the details panel: the list is not
        // wider than the room it has (a wider one hides its last columns under the panel).
        for heading in ["Subject", "Issuer", "Not after", "Key", "Role", "SHA-256"] {
            let node = harness
                .query_all_by_label_contains(heading)
                .find(|n| n.rect().min.x < details_left)
                .unwrap_or_else(|| panic!("at {width} the {heading} column is not shown"));
            let rect = node.rect();
            assert!(
                rect.max.x <= details_left + 1.0,
                "at {width} the {heading} heading runs under the details panel: {rect:?}, \
                 the panel starts at {details_left}"
            );
        }
    }
}
