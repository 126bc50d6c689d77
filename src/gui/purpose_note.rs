//! The line that says a certificate was checked as a CA, not as the purpose the radios name:
//! the window checks a CA certificate read from a file, a bundle row or a paste as a CA.

use egui::{RichText, Ui};

use crate::model::Inspection;

/// Shows the inspection's purpose note, if its purpose has one (a CA target), framed so it
/// reads as part of the verdict, not as a control.
pub fn purpose_note_ui(ui: &mut Ui, inspection: Option<&Inspection>) {
    let Some(note) = inspection.and_then(|insp| insp.policy.purpose.verdict_note()) else {
        return;
    };
    egui::Frame::new()
        .stroke(egui::Stroke::new(
            1.0,
            ui.visuals().widgets.active.bg_stroke.color,
        ))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(6, 4))
        .show(ui, |ui| {
            ui.add(egui::Label::new(RichText::new(note).strong()).wrap());
        });
}
