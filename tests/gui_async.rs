// A failing test is a panic by design: tests may unwrap, expect, index and panic.
#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unwrap_used
)]
#![cfg(feature = "gui")]
//! Verification off the window's thread, driven by egui_kittest: a verification that takes
//! longer than a frame shows a spinner with Cancel while the window keeps drawing, and Cancel
//! keeps the verdict shown and says so. Also the details panel's share of a small window.

mod common;

use std::time::{Duration, Instant};

use chainlens::gui::{App, State, ThemeChoice};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The app under test, created on the harness's first frame so that it uses its context.
struct Fixture {
    app: Option<App>,
    state: State,
    runtime: tokio::runtime::Handle,
    /// How long a frame waits for a verification before it shows the spinner.
    verify_wait: Duration,
}

impl Fixture {
    fn app(&self) -> &App {
        self.app
            .as_ref()
            .expect("the app is created on the first frame")
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// The window on the embedded sample, with the light theme.
fn harness(
    rt: &tokio::runtime::Runtime,
    size: [f32; 2],
    verify_wait: Duration,
) -> Harness<'static, Fixture> {
    let fixture = Fixture {
        app: None,
        state: State {
            theme: ThemeChoice::Light,
            ..State::default()
        },
        runtime: rt.handle().clone(),
        verify_wait,
    };
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(12)
        .build_ui_state(
            |ui, fixture: &mut Fixture| {
                if fixture.app.is_none() {
                    let mut app = App::with_state(
                        ui.ctx(),
                        fixture.state.clone(),
                        fixture.runtime.clone(),
                        Vec::new(),
                    );
                    app.session.verify_wait = fixture.verify_wait;
                    fixture.app = Some(app);
                }
                if let Some(app) = fixture.app.as_mut() {
                    app.frame_ui(ui);
                }
            },
            fixture,
        );
    harness.step();
    wait_until(&mut harness, "the first verification", |app| {
        app.session.inspection.is_some() && !app.is_verifying()
    });
    harness
}

/// Steps the window until `done` holds (jobs report from other threads).
fn wait_until(harness: &mut Harness<'_, Fixture>, what: &str, done: impl Fn(&App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        harness.step();
        if done(harness.state().app()) {
            break;
        }
        assert!(Instant::now() < deadline, "{what} did not happen in time");
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.run();
}

fn shows(harness: &Harness<'_, Fixture>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
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
