//! The application, split as rerun splits its app: the persisted [`State`] and the
//! [`Session`] (state.rs), the frame's logic and job reports (logic.rs, sources.rs,
//! verify.rs), the layout of the panels (ui.rs) and the one [`Command`] enum the panels send,
//! applied once after the frame is drawn (commands.rs).

#[cfg(feature = "aws")]
mod aws;
mod batch;
mod commands;
mod derived;
mod logic;
mod sources;
mod state;
mod ui;
mod verify;

use egui::Context;
use tokio::runtime::Handle;

use crate::load::SourceSpec;

use super::tasks::Tasks;

pub use derived::{Derived, DerivedBuilds};
// The forms live in their own modules so that the panels need them, not the App; the paths
// `app::TrustForm` and `gui::TrustForm` stay.
pub use super::forms::{NetForm, RecentSource, ThemeChoice};
pub use super::trust_form::{TimeMode, TrustForm, parse_time};
pub use state::{Notice, Session, State};

/// The chainlens window.
pub struct App {
    /// What is remembered across runs.
    pub state: State,
    /// The chain being looked at.
    pub session: Session,
    tasks: Tasks,
}

impl App {
    /// The window's state, restored from `storage` when there is one, opened on `sources`
    /// (files, host[:port]) or, when none are given, on the embedded sample.
    pub fn new(
        ctx: &Context,
        storage: Option<&dyn eframe::Storage>,
        runtime: Handle,
        sources: Vec<String>,
    ) -> Self {
        let state: State = storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        Self::with_state(ctx, state, runtime, sources)
    }

    /// The window with the given state (tests, and [`App::new`] after restoring it).
    pub fn with_state(ctx: &Context, state: State, runtime: Handle, sources: Vec<String>) -> Self {
        ctx.set_theme(state.theme.preference());
        super::diagram_view::install_fonts(ctx);
        ctx.add_glyph_rasterizer(super::file_dialog::dialog_icons());
        super::palette::install(ctx);
        let mut app = Self {
            state,
            session: Session::default(),
            tasks: Tasks::new(runtime),
        };
        let chosen = std::env::var(super::file_dialog::OVERRIDE_VAR).ok();
        match super::file_dialog::backend_override(chosen.as_deref()) {
            Some(backend) => app.session.file_dialogs.backend = backend,
            // Asked once, off this thread; the first dialog waits for the answer.
            None => app.probe_portal(ctx, None),
        }
        if sources.is_empty() {
            // The sample is embedded: reading it takes a few milliseconds, and the first
            // frame's logic verifies it before anything is drawn, so the very first frame
            // already shows a whole diagram instead of a spinner.
            match crate::load::load_blocking(SourceSpec::Sample) {
                Ok(loaded) => app.set_loaded(loaded),
                Err(e) => app.session.error = Some(format!("{e:#}").into()),
            }
        } else {
            app.open_items(ctx, sources);
        }
        app
    }

    /// Starts a probe job (the Device handshakes window's).
    pub(crate) fn tasks_probe(
        &mut self,
        ctx: &Context,
        request: super::handshake_table::ProbeRequest,
    ) -> super::job::JobState {
        self.tasks.probe(ctx, request)
    }

    /// Theme choice, applied to egui at once.
    pub fn set_theme(&mut self, ctx: &Context, theme: ThemeChoice) {
        self.state.theme = theme;
        ctx.set_theme(theme.preference());
    }
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &Context, _frame: &mut eframe::Frame) {
        self.logic_step(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.window_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_rfc3339() {
        assert_eq!(
            parse_time("2023-01-01").map(|t| t.unix_timestamp()),
            Ok(1_672_531_200)
        );
        assert_eq!(
            parse_time("2023-01-01T00:00:10Z").map(|t| t.unix_timestamp()),
            Ok(1_672_531_210)
        );
        assert!(parse_time("yesterday").is_err());
        assert!(parse_time("").is_err());
    }

    #[test]
    fn a_short_number_is_a_date_being_typed_not_unix_time() {
        for partial in ["2", "20", "2023", "20230101"] {
            assert!(parse_time(partial).is_err(), "{partial}");
        }
        assert_eq!(
            parse_time("1672531200").map(|t| t.unix_timestamp()),
            Ok(1_672_531_200)
        );
        assert_eq!(parse_time("@2").map(|t| t.unix_timestamp()), Ok(2));
        assert!(parse_time("@soon").is_err());
    }

    #[test]
    fn net_form_rejects_bad_numbers() {
        let form = NetForm {
            port: "99999".into(),
            timeout_secs: "x".into(),
            ..NetForm::default()
        };
        assert!(form.port().is_err());
        assert!(form.settings().is_err());
    }

    #[test]
    fn recent_list_moves_repeats_to_the_top() {
        let mut state = State::default();
        state.remember(vec!["a.example:443".into()]);
        state.remember(vec!["b.example".into()]);
        state.remember(vec!["a.example:443".into()]);
        assert_eq!(state.recent.len(), 2);
        assert_eq!(
            state.recent.first().map(|r| r.label.as_str()),
            Some("a.example:443")
        );
    }
}
