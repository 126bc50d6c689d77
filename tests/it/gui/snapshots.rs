//! Image snapshots of the window on the embedded sample, at a fixed validation time so the
//! pictures are stable: the diagram alone, and the whole window. Rendered by egui_kittest with
//! wgpu (Mesa lavapipe/llvmpipe when there is no GPU). Reference images live in
//! tests/snapshots/; `UPDATE_SNAPSHOTS=1 cargo test --test it gui::snapshots` rewrites
//! them.

use crate::common::window::waiting_for_verdicts;
use chainlens::gui::{App, State, ThemeChoice, TimeMode};
use egui_kittest::Harness;

/// After the leaf expired (2023-08-14) and before the intermediate did: red and green links.
const VALIDATION_DATE: &str = "2023-09-01";
/// What the timeline strip marks as now, so that the pictures do not change with the date.
const NOW: time::OffsetDateTime = time::macros::datetime!(2026-12-01 00:00 UTC);

fn state() -> State {
    let mut state = State {
        theme: ThemeChoice::Light,
        ..State::default()
    };
    state.trust.time_mode = TimeMode::At;
    state.trust.time_text = VALIDATION_DATE.to_string();
    state
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// A harness drawing `draw` for an app on the sample, created with the harness's context.
fn harness(
    runtime: &tokio::runtime::Runtime,
    size: [f32; 2],
    draw: fn(&mut App, &mut egui::Ui),
) -> Harness<'static, Option<App>> {
    let handle = runtime.handle().clone();
    let mut harness = Harness::builder()
        .with_size(size)
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_ui_state(
            move |ui, app: &mut Option<App>| {
                let app = app.get_or_insert_with(|| {
                    waiting_for_verdicts(App::with_state(
                        ui.ctx(),
                        state(),
                        handle.clone(),
                        Vec::new(),
                    ))
                });
                app.session.timeline_now = Some(NOW);
                draw(app, ui);
            },
            None,
        );
    harness.run();
    harness
}

#[test]
fn diagram_of_the_sample() {
    let rt = runtime();
    // The diagram with the timeline strip under it.
    let mut harness = harness(&rt, [760.0, 420.0], |app, ui| {
        let ctx = ui.ctx().clone();
        app.logic_step(&ctx);
        app.diagram_only_ui(ui);
    });
    harness.snapshot("diagram_sample");
}

#[test]
fn window_on_the_sample() {
    let rt = runtime();
    // Nothing selected: the details panel lists the certificates, and the image stays small.
    let mut harness = harness(&rt, [900.0, 500.0], |app, ui| {
        app.session.selected = None;
        app.frame_ui(ui);
    });
    harness.snapshot("window_sample");
}

/// The cross-sign set: M03 issued by Amazon Root CA 1 and by its copy cross-signed by
/// Starfield, each root file its own store, so both paths to both anchors are in one graph.
fn cross_sign_state() -> State {
    let data =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rustls-webpki-amazon");
    let mut state = state();
    state.trust.aws_iot = false;
    state.trust.mozilla = false;
    state.trust.bundles = vec![data.join("AmazonRootCA1.cer"), data.join("SFSRootCAG2.cer")];
    state.trust.time_text = "2025-03-01".to_string();
    state
}

#[test]
fn diagram_of_the_cross_sign_graph() {
    let rt = runtime();
    let handle = rt.handle().clone();
    let data =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rustls-webpki-amazon");
    let sources: Vec<String> = [
        "valid.rootca1.demo.amazontrust.com.cer",
        "r2m03.cer",
        "rootca1.cer",
    ]
    .iter()
    .map(|f| data.join(f).display().to_string())
    .collect();
    let mut harness = Harness::builder()
        .with_size([1400.0, 560.0])
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_ui_state(
            move |ui, app: &mut Option<App>| {
                let app = app.get_or_insert_with(|| {
                    waiting_for_verdicts(App::with_state(
                        ui.ctx(),
                        cross_sign_state(),
                        handle.clone(),
                        sources.clone(),
                    ))
                });
                app.session.timeline_now = Some(NOW);
                let ctx = ui.ctx().clone();
                app.logic_step(&ctx);
                app.diagram_only_ui(ui);
            },
            None,
        );
    // The files and the two bundles load as jobs: step until the graph is there.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while harness
        .state()
        .as_ref()
        .and_then(|a| a.session.scene())
        .is_none_or(|s| s.boxes.len() < 5)
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the graph did not load"
        );
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    harness.run();
    harness.snapshot("diagram_cross_sign");
}
