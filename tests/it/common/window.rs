//! The window under egui_kittest: the app created on the harness's first frame (so that it
//! uses the harness's context), and the waits its background jobs need.

use std::time::{Duration, Instant};

use chainlens::gui::{App, State, ThemeChoice};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The app, made to wait for each verification it starts (they run off the window's thread),
/// so that an assertion right after a click sees its verdict however loaded the machine is;
/// gui::async_verify keeps the window's own wait and covers the spinner a verification longer
/// than a frame shows.
pub fn waiting_for_verdicts(mut app: App) -> App {
    app.session.verify_wait = Duration::from_secs(30);
    app
}

/// A multi-threaded runtime for the app's jobs.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// State with the light theme, so that nothing depends on the desktop.
pub fn light_state() -> State {
    State {
        theme: ThemeChoice::Light,
        ..State::default()
    }
}

/// What a test does to the app right after creating it, before its first frame.
pub type Setup = Box<dyn FnOnce(&mut App, &egui::Context)>;

/// The app under test and what it is made from.
pub struct Fixture {
    /// The app, once the first frame created it.
    pub app: Option<App>,
    state: State,
    sources: Vec<String>,
    runtime: tokio::runtime::Handle,
    setup: Option<Setup>,
}

impl Fixture {
    /// The app.
    pub fn app(&self) -> &App {
        self.app
            .as_ref()
            .expect("the app is created on the first frame")
    }

    /// The app, to change.
    pub fn app_mut(&mut self) -> &mut App {
        self.app
            .as_mut()
            .expect("the app is created on the first frame")
    }
}

/// How the window is made.
pub struct Window {
    /// Its size.
    pub size: [f32; 2],
    /// Whether kittest checks every widget's accessible name (false where egui_file's dialog
    /// opens: its path and file-name fields carry none; every chainlens widget does).
    pub accessibility_check: bool,
    /// Applied to the app after [`waiting_for_verdicts`], before its first frame.
    pub setup: Option<Setup>,
}

impl Default for Window {
    fn default() -> Self {
        Self {
            size: [1280.0, 760.0],
            accessibility_check: true,
            setup: None,
        }
    }
}

/// The window on `sources` (the embedded sample when empty), once its first load, its stores
/// and its first verification are done.
pub fn window(
    rt: &tokio::runtime::Runtime,
    state: State,
    sources: Vec<String>,
    options: Window,
) -> Harness<'static, Fixture> {
    let mut harness = unsettled_window(rt, state, sources, options);
    wait_idle(&mut harness);
    harness
}

/// The window after its first frame, before it settles: for tests that watch sources and
/// stores load as jobs, or wait for something of their own.
pub fn unsettled_window(
    rt: &tokio::runtime::Runtime,
    state: State,
    sources: Vec<String>,
    options: Window,
) -> Harness<'static, Fixture> {
    let fixture = Fixture {
        app: None,
        state,
        sources,
        runtime: rt.handle().clone(),
        setup: options.setup,
    };
    let mut harness = Harness::builder()
        .with_size(options.size)
        // A new grid asks for a few more frames than kittest's default of 4 to settle.
        .with_max_steps(12)
        .with_accessibility_check(options.accessibility_check)
        .build_ui_state(
            |ui, fixture: &mut Fixture| {
                if fixture.app.is_none() {
                    let mut app = waiting_for_verdicts(App::with_state(
                        ui.ctx(),
                        fixture.state.clone(),
                        fixture.runtime.clone(),
                        std::mem::take(&mut fixture.sources),
                    ));
                    if let Some(setup) = fixture.setup.take() {
                        setup(&mut app, ui.ctx());
                    }
                    fixture.app = Some(app);
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

/// Steps the window until `done` holds (jobs report from other threads), then lets it settle.
pub fn wait_until(harness: &mut Harness<'_, Fixture>, what: &str, done: impl Fn(&App) -> bool) {
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

/// Steps the window until no load, store load or verification runs.
pub fn wait_idle(harness: &mut Harness<'_, Fixture>) {
    wait_until(harness, "the jobs", |app| {
        !app.session.load_job.is_running()
            && app.session.stores_loading.is_empty()
            && !app.is_verifying()
    });
}

/// Whether some widget or text of the window contains `text`.
pub fn shows(harness: &Harness<'_, Fixture>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}
