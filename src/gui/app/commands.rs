//! Applying what the panels asked for: every panel sends a [`Command`] into one queue while
//! the window is drawn, and [`App::apply`] takes them all once the frame is drawn.

use egui::Context;

use crate::gui::command::{Command, CommandQueue};
use crate::gui::trust_form::{TimeMode, TrustForm};

use super::App;

impl App {
    /// Applies the commands the panels sent this frame, in order. When one changes what is
    /// drawn, the frame is laid out again with its effect (a started load's spinner and
    /// Cancel, the chosen store's diagram) instead of a frame late; that pass gets no input,
    /// so nothing is applied twice.
    pub fn apply(&mut self, ctx: &Context, queue: &mut CommandQueue) {
        let mut lay_out_again = false;
        for command in queue.take() {
            lay_out_again |= match &command {
                Command::HoverPath(path) => *path != self.session.hover_highlight,
                other => other.lays_out_again(),
            };
            self.apply_one(ctx, command);
        }
        self.refresh_derived(ctx);
        if lay_out_again && ctx.current_pass_index() == 0 {
            ctx.request_discard("a command changed the state");
        }
    }

    /// Applies one command.
    pub fn apply_one(&mut self, ctx: &Context, command: Command) {
        match command {
            Command::OpenItems(items) => self.open_items(ctx, items),
            Command::PickFiles => self.pick_certificate_files(ctx),
            Command::Paste => self.request_paste(ctx),
            #[cfg(feature = "aws")]
            Command::OpenAws => self.open_aws_dialog(ctx),
            #[cfg(not(feature = "aws"))]
            Command::OpenAws => {}
            Command::OpenBatch => self.open_batch_view(),
            Command::Export(format) => self.start_export(ctx, format),
            Command::CopyDiagram => self.copy_diagram(ctx),
            Command::CopyTextReport => {
                if let Some(insp) = &self.session.inspection {
                    ctx.copy_text(crate::report::text::inspection_text(insp));
                    self.session
                        .toast("Copied the text report to the clipboard");
                }
            }
            Command::CancelLoad => {
                self.cancel_load();
            }
            Command::CancelVerification => self.cancel_verification(),
            Command::CancelJob(kind) => {
                self.cancel_job(kind);
            }
            Command::DismissError => self.session.error = None,
            Command::SetTheme(theme) => self.set_theme(ctx, theme),
            Command::ClearRecent => self.state.recent.clear(),
            Command::LoadPaste(text) => self.open_paste(ctx, text),
            Command::FilesPicked { request, paths } if !paths.is_empty() => {
                self.files_chosen(ctx, request, paths)
            }
            Command::FilesPicked { .. } | Command::FileDialogClosed => {}
            Command::AddBundle => self.pick_trust_bundle(ctx),
            Command::RemoveBundle(i) => {
                if i < self.state.trust.bundles.len() {
                    let path = self.state.trust.bundles.remove(i);
                    self.state.trust.bundles_off.retain(|p| *p != path);
                }
            }
            Command::AddCrl => self.pick_crl(ctx),
            Command::RemoveCrl(i) => {
                if i < self.state.trust.crls.len() {
                    self.state.trust.crls.remove(i);
                }
            }
            Command::DismissStoreErrors => self.session.store_errors.clear(),
            Command::ResetPolicy => {
                self.state.trust = TrustForm::default();
                self.session
                    .toast("Policy reset: now, the fetched host, the default stores");
            }
            Command::CheckAt(date) => {
                self.state.trust.time_mode = TimeMode::At;
                self.state.trust.time_text = date;
            }
            Command::CancelOnline => {
                self.cancel_online();
            }
            Command::HoverPath(path) => self.session.hover_highlight = path,
            Command::ChooseStore(index) => self.session.store_index = index,
            Command::Highlight(path) => self.session.highlight = path,
            Command::ShowProblems(store) => self.session.problems = Some(store),
            Command::CloseProblems => self.session.problems = None,
            Command::CopyProblems(text) => {
                ctx.copy_text(text);
                self.session.toast("Copied the problems to the clipboard");
            }
            Command::Select(id) => {
                // A certificate chosen is one to read: its details open.
                if id.is_some() {
                    self.session.details_collapsed = false;
                }
                self.session.selected = id;
            }
            Command::CollapseDetails(collapsed) => self.session.details_collapsed = collapsed,
            Command::Toast(text) => self.session.toast(text),
            Command::SetValidationDate(time) => self.set_validation_date(time),
            Command::FirstDiagramDrawn => self.session.scene_drawn = true,
            Command::FocusBundleRow(cert) => {
                if let Some(bundle) = self.session.bundle.as_mut() {
                    bundle.set_focus(Some(cert));
                }
            }
            Command::ClearBundleFocus => {
                if let Some(bundle) = self.session.bundle.as_mut() {
                    bundle.set_focus(None);
                }
            }
            Command::SubmitPassword => self.submit_password(ctx),
            Command::CancelPassword => self.cancel_password(),
            Command::RunBatch => self.run_batch(ctx),
            Command::CancelBatch => self.cancel_batch(),
            Command::OpenBatchRow(index) => self.open_batch_row(index),
            Command::CloseBatch => {
                self.cancel_batch();
                self.session.batch.open = false;
            }
            #[cfg(feature = "aws")]
            Command::AwsDiscover => {
                let dialog = &mut self.session.aws_dialog;
                dialog.job.cancel();
                dialog.error = None;
                dialog.found = None;
                dialog.job = self.tasks.discover_aws(
                    ctx,
                    self.state.aws.options(),
                    self.state.aws.kind.types(),
                );
            }
            #[cfg(feature = "aws")]
            Command::AwsCancel => {
                self.session.aws_dialog.job.cancel();
            }
            #[cfg(feature = "aws")]
            Command::AwsClose => {
                self.session.aws_dialog.job.cancel();
                self.session.aws_dialog.open = false;
            }
            #[cfg(feature = "aws")]
            Command::AwsFetch(address) => self.fetch_aws_endpoint(ctx, address),
            #[cfg(not(feature = "aws"))]
            Command::AwsDiscover
            | Command::AwsCancel
            | Command::AwsClose
            | Command::AwsFetch(_) => {}
            Command::ProbeOpen => {
                self.session.handshake_table.open = true;
                if !self.session.handshake_table.job.is_running() {
                    self.start_probe(ctx);
                }
            }
            Command::ProbeStart => self.start_probe(ctx),
            Command::ProbeCancel => {
                self.session.handshake_table.job.cancel();
            }
            Command::ProbeClose => {
                self.session.handshake_table.job.cancel();
                self.session.handshake_table.open = false;
            }
        }
    }
}
