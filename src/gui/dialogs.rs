//! Modal dialogs: the paste fallback and the export chooser (Ctrl+S), plus the toast.

use egui::{Id, RichText, Ui};

use super::command::{Command, CommandQueue};
use super::forms::Toast;

/// The state the dialogs edit: the paste dialog's text and whether the chooser is open.
pub struct DialogsState<'a> {
    /// The paste dialog's text while it is open.
    pub paste: &'a mut Option<String>,
    /// Whether the export chooser is open.
    pub export_open: &'a mut bool,
    /// The diagram export options the chooser edits.
    pub export_options: &'a mut super::export::DiagramExportOptions,
}

/// What the dialogs show but do not edit.
pub struct DialogsView<'a> {
    /// The toast, if any.
    pub toast: Option<&'a Toast>,
    /// Whether there is an inspection to export.
    pub has_inspection: bool,
    /// Whether there is a diagram to copy.
    pub has_scene: bool,
}

/// Draws whichever dialog is open, and the toast; sends what the user asked for.
pub fn dialogs_ui(
    ui: &mut Ui,
    state: DialogsState<'_>,
    view: &DialogsView<'_>,
    commands: &mut CommandQueue,
) {
    let ctx = ui.ctx().clone();
    if let Some(text) = paste_dialog_ui(state.paste, &ctx) {
        commands.send(Command::LoadPaste(text));
    }
    if let Some(choice) = export_dialog_ui(state.export_open, state.export_options, view, &ctx) {
        commands.send(choice);
    }
    toast_ui(view.toast, &ctx);
}

fn paste_dialog_ui(paste: &mut Option<String>, ctx: &egui::Context) -> Option<String> {
    let text = paste.as_mut()?;
    let mut load = false;
    let mut close = false;
    let modal = egui::Modal::new(Id::unique("paste_dialog")).show(ctx, |ui| {
        ui.set_width(560.0);
        ui.heading("Paste certificates");
        ui.label("Paste PEM text (one or more -----BEGIN CERTIFICATE----- blocks) or base64 DER.");
        let label = ui.label("PEM text");
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                let edit = ui
                    .add(
                        egui::TextEdit::multiline(text)
                            .font(egui::TextStyle::Monospace)
                            .desired_rows(14)
                            .desired_width(f32::INFINITY)
                            .hint_text("-----BEGIN CERTIFICATE-----"),
                    )
                    .labelled_by(label.id);
                // The dialog opens ready to paste into.
                if ui.memory(|m| m.focused().is_none()) {
                    edit.request_focus();
                }
            });
        ui.horizontal(|ui| {
            load = ui
                .add_enabled(!text.trim().is_empty(), egui::Button::new("Load"))
                .clicked();
            close = ui.button("Cancel").clicked();
        });
    });
    if modal.should_close() {
        close = true;
    }
    if load {
        return paste.take();
    }
    if close {
        *paste = None;
    }
    None
}

fn export_dialog_ui(
    open: &mut bool,
    options: &mut super::export::DiagramExportOptions,
    view: &DialogsView<'_>,
    ctx: &egui::Context,
) -> Option<Command> {
    if !*open {
        return None;
    }
    let mut chosen = None;
    let modal = egui::Modal::new(Id::unique("export_dialog")).show(ctx, |ui| {
        ui.heading("Export");
        diagram_options_ui(ui, options);
        ui.separator();
        chosen = super::source_bar::export_choices_ui(ui, view.has_scene, view.has_inspection);
        ui.separator();
        if ui.button("Cancel").clicked() {
            ui.close();
        }
    });
    if modal.should_close() || chosen.is_some() {
        *open = false;
    }
    chosen
}

fn toast_ui(toast: Option<&Toast>, ctx: &egui::Context) {
    let Some(toast) = toast else {
        return;
    };
    egui::Area::new(Id::unique("toast"))
        .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -24.0])
        .order(egui::Order::Tooltip)
        .interactable(false)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                // One line: an Area shrinks to its content, and wrapping would put one
                // word a line.
                ui.add(egui::Label::new(RichText::new(&toast.text).strong()).extend());
            });
        });
}

/// Theme, scale and background of exported diagrams: for documents (light, 2×, on white) unless
/// changed.
pub(super) fn diagram_options_ui(
    ui: &mut egui::Ui,
    options: &mut super::export::DiagramExportOptions,
) {
    use crate::diagram::Theme;
    ui.strong("Diagram");
    ui.horizontal(|ui| {
        ui.label("Theme");
        ui.radio_value(&mut options.theme, Theme::Light, "Light");
        ui.radio_value(&mut options.theme, Theme::Dark, "Dark");
    });
    ui.horizontal(|ui| {
        ui.label("PNG scale");
        for scale in 1..=3 {
            ui.radio_value(&mut options.scale, scale, format!("{scale}×"));
        }
    });
    ui.checkbox(&mut options.transparent, "Transparent PNG background");
}
