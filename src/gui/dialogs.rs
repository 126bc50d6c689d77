//! Modal dialogs: the paste fallback and the export chooser (Ctrl+S), plus the toast.

use egui::{Id, RichText, Ui};

use super::app::App;

/// Draws whichever dialog is open, and the toast.
pub fn dialogs_ui(app: &mut App, ui: &mut Ui) {
    let ctx = ui.ctx().clone();
    paste_dialog_ui(app, &ctx);
    export_dialog_ui(app, &ctx);
    toast_ui(app, &ctx);
}

fn paste_dialog_ui(app: &mut App, ctx: &egui::Context) {
    let Some(text) = app.session.paste_dialog.as_mut() else {
        return;
    };
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
        if let Some(text) = app.session.paste_dialog.take() {
            app.open_paste(ctx, text);
        }
    } else if close {
        app.session.paste_dialog = None;
    }
}

fn export_dialog_ui(app: &mut App, ctx: &egui::Context) {
    if !app.session.export_dialog {
        return;
    }
    let mut chosen = None;
    let modal = egui::Modal::new(Id::unique("export_dialog")).show(ctx, |ui| {
        ui.heading("Export");
        chosen = super::source_bar::export_choices_ui(app, ui);
        ui.separator();
        if ui.button("Cancel").clicked() {
            ui.close();
        }
    });
    if modal.should_close() || chosen.is_some() {
        app.session.export_dialog = false;
    }
    if let Some(format) = chosen {
        app.start_export(ctx, format);
    }
}

fn toast_ui(app: &mut App, ctx: &egui::Context) {
    let Some(toast) = &app.session.toast else {
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
