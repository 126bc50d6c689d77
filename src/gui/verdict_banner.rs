//! The verdict in words, one line per trust store, with the choice of which store's path the
//! diagram shows; then the findings about the chain as sent.

use egui::{Color32, RichText, Ui};

use crate::model::CheckStatus;

use super::app::App;
use super::diagram_view::to_color32;

/// Draws the verdict banner as a top panel under the source bar.
pub fn verdict_banner_ui(app: &mut App, ui: &mut Ui) {
    let Some(insp) = &app.session.inspection else {
        return;
    };
    let theme = super::diagram_view::scene_theme(ui);
    let several = insp.verdicts.len() > 1;
    let mut store_index = app.session.store_index;
    egui::Panel::top("verdict_banner").show(ui, |ui| {
        ui.add_space(4.0);
        if insp.verdicts.is_empty() {
            ui.label(
                RichText::new("No trust store chosen: choose one on the left to get a verdict.")
                    .color(ui.visuals().warn_fg_color)
                    .strong(),
            );
        }
        for (i, verdict) in insp.verdicts.iter().enumerate() {
            let status = if verdict.trusted {
                CheckStatus::Pass
            } else {
                CheckStatus::Fail
            };
            let color = to_color32(crate::diagram::status_color(status, theme));
            let headline = if verdict.trusted {
                format!("✔ Trusted by {} ({})", verdict.store, verdict.profile)
            } else if several {
                format!("✖ Not trusted by {} ({})", verdict.store, verdict.profile)
            } else {
                format!("✖ Not trusted ({})", verdict.profile)
            };
            let code = verdict.failure.as_ref().map_or("ok", |f| f.code());
            ui.horizontal(|ui| {
                if several {
                    ui.radio_value(&mut store_index, i, "Show")
                        .on_hover_text(format!(
                            "Draw the path to {} in the diagram",
                            verdict.store
                        ));
                }
                let reason = if verdict.trusted {
                    format!(" — {}", verdict.reason)
                } else {
                    format!(": {}", verdict.reason)
                };
                // One label, so the headline and its reason wrap as one sentence.
                let mut job = egui::text::LayoutJob::default();
                let style = ui.style().clone();
                RichText::new(headline)
                    .color(color)
                    .strong()
                    .size(15.0)
                    .append_to(
                        &mut job,
                        &style,
                        egui::FontSelection::Default,
                        egui::Align::Center,
                    );
                RichText::new(reason).color(color).append_to(
                    &mut job,
                    &style,
                    egui::FontSelection::Default,
                    egui::Align::Center,
                );
                ui.add(egui::Label::new(job).wrap().selectable(true))
                    .on_hover_text(format!(
                        "Decided by the {} profile: {}. Code: {code}",
                        verdict.profile,
                        verdict.profile.description()
                    ));
            });
            for note in &verdict.notes {
                ui.label(RichText::new(format!("    note: {note}")).weak());
            }
        }
        let findings: Vec<_> = insp
            .findings
            .iter()
            .filter(|f| f.severity != CheckStatus::Pass)
            .collect();
        let notes = app
            .session
            .loaded
            .as_ref()
            .map(|l| l.notes.clone())
            .unwrap_or_default();
        if !findings.is_empty() || !notes.is_empty() {
            ui.add_space(2.0);
        }
        for finding in findings {
            let color = to_color32(crate::diagram::status_color(finding.severity, theme));
            ui.add(
                egui::Label::new(RichText::new(format!("• {}", finding.message)).color(color))
                    .wrap(),
            );
        }
        for note in notes {
            ui.add(
                egui::Label::new(RichText::new(format!("• {note}")).color(Color32::GRAY)).wrap(),
            );
        }
        ui.add_space(4.0);
    });
    app.session.store_index = store_index;
}
