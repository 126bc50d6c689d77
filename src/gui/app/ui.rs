//! The layout: which panel goes where, each drawn from the narrow view it shows and sending
//! what the user asks for into one [`CommandQueue`], applied once the window is drawn.

use crate::gui::command::CommandQueue;
use crate::gui::job::JobKind;
use crate::gui::{
    batch_view, bundle_list, details_panel, diagram_view, dialogs, file_dialog, password_dialog,
    source_bar, trust_panel, verdict_banner,
};
use crate::verify::TrustStore;

use super::App;

impl App {
    /// One whole frame: logic, then drawing, then the commands. What tests drive.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        // Once a frame, as eframe calls `logic`: a pass laid out again (request_discard)
        // only redraws.
        if ctx.current_pass_index() == 0 {
            self.logic_step(&ctx);
        }
        self.window_ui(ui);
    }

    /// Draws the whole window into `ui`, then applies what the panels asked for.
    pub fn window_ui(&mut self, ui: &mut egui::Ui) {
        let mut commands = CommandQueue::default();
        self.panels_ui(ui, &mut commands);
        self.apply(ui.ctx(), &mut commands);
    }

    /// Draws the diagram panel alone (image snapshots), then applies what it asked for.
    pub fn diagram_only_ui(&mut self, ui: &mut egui::Ui) {
        let mut commands = CommandQueue::default();
        self.diagram_panel_ui(ui, &mut commands);
        self.apply(ui.ctx(), &mut commands);
    }

    /// Every panel, in the order egui needs them: top and side panels before the central
    /// diagram, then the windows and modals over them.
    fn panels_ui(&mut self, ui: &mut egui::Ui, commands: &mut CommandQueue) {
        let ctx = ui.ctx().clone();
        let view = source_bar::SourceBarView {
            recent: &self.state.recent,
            theme: self.state.theme,
            has_inspection: self.session.inspection.is_some(),
            from_server: self.session.loaded.as_ref().is_some_and(|loaded| {
                matches!(loaded.source.kind, crate::model::SourceKind::Tls { .. })
            }),
            has_scene: self.session.derived.is_some(),
            load_job: &self.session.load_job,
            verification: self.session.verify.running(),
            jobs: JobKind::ROW
                .into_iter()
                .filter_map(|kind| {
                    let (what, started) = self.job(kind)?.running()?;
                    // Owned: the view borrows the session beside the fields the bar edits.
                    Some((kind, what.to_string(), started))
                })
                .collect(),
            error: self.session.error.as_deref(),
        };
        let state = source_bar::SourceBarState {
            address: &mut self.state.address,
            net: &mut self.state.net,
            show_net_options: &mut self.state.show_net_options,
            focus_address: &mut self.session.focus_address,
            export_options: &mut self.session.export_options,
        };
        source_bar::source_bar_ui(ui, state, &view, commands);
        let derived = self.session.derived.as_ref();
        let view = verdict_banner::MatrixView {
            inspection: self.session.inspection.as_ref(),
            timeline: derived.map(|d| &d.timeline),
            problem_groups: derived
                .map(|d| d.problem_groups.as_slice())
                .unwrap_or_default(),
            highlight: self.session.highlight,
            problems: self.session.problems.as_deref(),
        };
        verdict_banner::verdict_banner_ui(ui, &view, commands);
        crate::gui::device_matrix::device_matrix_ui(ui, self.session.inspection.as_ref());
        let view = trust_panel::TrustView {
            stores_loading: &self.session.stores_loading,
            store_errors: &self.session.store_errors,
            store_notes: &self.session.store_notes,
            inspection: self.session.inspection.as_ref(),
            fetched_host: self.session.loaded.as_ref().and_then(|l| l.host.as_deref()),
            online_job: &self.session.online_job,
        };
        trust_panel::trust_panel_ui(ui, &mut self.state.trust, &view, commands);
        // The chosen stores that are loaded, borrowed field by field beside the panel's state.
        let keys = self.state.trust.store_keys();
        let stores: Vec<&TrustStore> = keys
            .iter()
            .filter_map(|k| self.session.stores.get(k))
            .collect();
        let view = details_panel::DetailsView {
            inspection: self.session.inspection.as_ref(),
            certificate_text: self
                .session
                .derived
                .as_ref()
                .and_then(|d| d.certificate_text.as_ref())
                .map(|(id, text)| (*id, text.as_str())),
            selected: self.session.selected,
            store_index: self.session.store_index,
            in_bundle: self.session.bundle.is_some(),
            shown: (
                self.session.selected,
                self.session.loaded_generation,
                self.session.bundle.as_ref().and_then(|b| b.focus),
            ),
            stores,
        };
        let state = details_panel::DetailsState {
            shown: &mut self.session.details_shown,
            scroll_y: &mut self.session.details_scroll_y,
            width: &mut self.session.details_width,
            collapsed: self.session.details_collapsed,
        };
        details_panel::details_panel_ui(ui, &view, state, commands);
        if let Some(bundle) = self.session.bundle.as_mut() {
            bundle_list::bundle_list_ui(ui, bundle, commands);
        }
        self.diagram_panel_ui(ui, commands);
        let view = dialogs::DialogsView {
            toast: self.session.toast.as_ref(),
            has_inspection: self.session.inspection.is_some(),
            has_scene: self.session.derived.is_some(),
        };
        let state = dialogs::DialogsState {
            paste: &mut self.session.paste_dialog,
            export_open: &mut self.session.export_dialog,
            export_options: &mut self.session.export_options,
        };
        dialogs::dialogs_ui(ui, state, &view, commands);
        file_dialog::file_dialog_ui(&ctx, &mut self.session.file_dialogs, commands);
        password_dialog::password_dialog_ui(self.session.password_prompt.as_mut(), &ctx, commands);
        let stores_ready = self.session.stores_loading.is_empty();
        batch_view::batch_view_ui(&mut self.session.batch, stores_ready, &ctx, commands);
        crate::gui::handshake_table::handshake_table_ui(
            &ctx,
            &self.session.handshake_table,
            commands,
        );
        #[cfg(feature = "aws")]
        crate::gui::aws_dialog::aws_dialog_ui(
            &ctx,
            &mut self.state.aws,
            &self.session.aws_dialog,
            commands,
        );
    }

    /// The diagram panel, from the scene and timeline derived from the inspection.
    fn diagram_panel_ui(&mut self, ui: &mut egui::Ui, commands: &mut CommandQueue) {
        let session = &mut self.session;
        let view = diagram_view::DiagramPanelView {
            scene: session.derived.as_ref().map(|d| &d.scene),
            timeline: session.derived.as_ref().map(|d| &d.timeline),
            inspection: session.inspection.as_ref(),
            loading: session.load_job.is_running(),
            selected: session.selected,
            highlight: session.hover_highlight.or(session.highlight),
            now: session
                .timeline_now
                .unwrap_or_else(time::OffsetDateTime::now_utc),
            report_first_diagram: session.startup_trace.is_some() && !session.scene_drawn,
        };
        let state = diagram_view::DiagramPanelState {
            view: &mut session.view,
            toolbar_action: &mut session.toolbar_action,
            timeline_axis: &mut session.timeline_axis,
        };
        diagram_view::diagram_panel_ui(ui, &view, state, commands);
    }
}
