//! Helpers for the window tests (egui_kittest).

use chainlens::gui::App;

/// The app, made to wait for each verification it starts (they run off the window's thread),
/// so that an assertion right after a click sees its verdict however loaded the machine is;
/// tests/gui_async.rs keeps the window's own wait and covers the spinner a verification longer
/// than a frame shows.
pub fn waiting_for_verdicts(mut app: App) -> App {
    app.session.verify_wait = std::time::Duration::from_secs(30);
    app
}
