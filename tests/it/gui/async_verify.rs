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
        let mut harness = harness(&rt, [width, 600.0], Duration::from_millis(12));
        if width < 1000.0 {
            // In a small window the sample does not fit beside the panel: the panel starts
            // folded, so the whole chain shows, and its visible "Details" button opens it.
            assert!(harness.state().app().session.details_collapsed);
            harness.get_by_label("Details").click();
            harness.run();
            assert!(!harness.state().app().session.details_collapsed);
        }
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

/// A named pipe beside `dir`'s other files, standing in for a trust bundle on a slow disk:
/// reading it waits until [`feed`] writes the bundle into it.
fn slow_bundle(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("slow-roots.pem");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo failed");
    path
}

/// Writes a root into the pipe, from another thread (opening it waits for the reader).
fn feed(pipe: std::path::PathBuf) -> std::thread::JoinHandle<()> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/aws-roots/Amazon_Root_CA_1.pem");
    let pem = std::fs::read(root).expect("the root");
    std::thread::spawn(move || {
        std::fs::write(pipe, pem).expect("the pipe takes the bundle");
    })
}

#[test]
fn a_trust_store_read_from_disk_is_a_job_with_a_spinner_then_its_verdict() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let pipe = slow_bundle(dir.path());
    let mut harness = harness(&rt, [1280.0, 760.0], Duration::from_secs(30));
    let before = verdict_stores(harness.state().app());
    harness.state_mut().app_mut().state.trust.bundles = vec![pipe.clone()];
    harness.step();
    harness.step();
    let app = harness.state().app();
    assert!(app.session.stores_job.is_running());
    assert_eq!(
        app.session.stores_loading,
        vec![chainlens::model::StoreChoice::File(pipe.clone())]
    );
    assert!(shows(&harness, "Loading the trust store slow-roots.pem…"));
    // The window goes on drawing while the store is read.
    for _ in 0..3 {
        harness.step();
    }
    assert!(harness.state().app().session.stores_job.is_running());
    assert_eq!(verdict_stores(harness.state().app()), before);

    let writer = feed(pipe);
    wait_until(&mut harness, "the store", |app| {
        !app.session.stores_job.is_running()
            && app.session.stores_loading.is_empty()
            && !app.is_verifying()
    });
    writer.join().unwrap();
    let app = harness.state().app();
    assert!(matches!(
        app.session.stores_job,
        chainlens::gui::Job::Done(())
    ));
    assert!(app.session.store_errors.is_empty());
    let after = verdict_stores(app);
    assert!(after.contains(&"slow-roots.pem".to_string()), "{after:?}");
    assert!(!shows(&harness, "Loading the trust store"));
}

#[test]
fn cancelling_a_trust_store_job_unticks_it_and_keeps_the_verdict() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let pipe = slow_bundle(dir.path());
    let mut harness = harness(&rt, [1280.0, 760.0], Duration::from_secs(30));
    let (before, generation, selected) = {
        let app = harness.state().app();
        (
            verdict_stores(app),
            app.session.inspection_generation,
            app.session.selected,
        )
    };
    harness.state_mut().app_mut().state.trust.bundles = vec![pipe.clone()];
    harness.step();
    harness.step();
    assert!(harness.state().app().session.stores_job.is_running());
    harness.get_by_label("Cancel").click();
    harness.step();
    let check = |harness: &Harness<'_, Fixture>| {
        let app = harness.state().app();
        assert!(!app.session.stores_job.is_running());
        assert!(app.session.stores_loading.is_empty());
        // Unticked, so the next frame does not read it again.
        assert!(app.state.trust.bundles.is_empty());
        assert_eq!(verdict_stores(app), before);
        assert_eq!(app.session.inspection_generation, generation);
        assert_eq!(app.session.selected, selected);
        assert_eq!(app.session.error, None);
        assert!(app.session.store_errors.is_empty());
        assert!(
            !app.session
                .stores
                .contains_key(&chainlens::model::StoreChoice::File(pipe.clone()))
        );
    };
    check(&harness);
    assert_eq!(
        harness
            .state()
            .app()
            .session
            .toast
            .as_ref()
            .map(|t| t.text.as_str()),
        Some("Cancelled: slow-roots.pem unticked")
    );
    // The read left running ends; its report is dropped.
    feed(pipe.clone()).join().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..5 {
        harness.step();
    }
    check(&harness);
    assert!(!harness.state().app().is_verifying());
}
