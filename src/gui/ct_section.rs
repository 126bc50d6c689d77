//! The leaf's Certificate Transparency in the details panel: Chrome's and Apple's verdicts,
//! then each SCT with its log and outcome. The words are `report::ct`'s, as in text and JSON.

use egui::{CollapsingHeader, RichText, Ui};

use crate::ct::{CtOutcome, CtVerdict, SctCode};
use crate::model::{CheckStatus, Inspection};
use crate::report::ct as words;

use super::palette::to_color32;

/// Draws the CT section when the inspection has a CT report (the leaf has SCTs, or the
/// policies apply to it).
pub fn ct_section_ui(ui: &mut Ui, insp: &Inspection) {
    let Some(report) = &insp.ct else {
        return;
    };
    let theme = super::palette::scene_theme(ui);
    let color = |status| to_color32(crate::diagram::status_color(status, theme));
    let valid = report
        .scts
        .iter()
        .filter(|s| s.code == SctCode::Valid)
        .count();
    let applies = [&report.chrome, &report.apple]
        .iter()
        .any(|v| !matches!(v.outcome, CtOutcome::NotApplicable { .. }));
    ui.add_space(6.0);
    // A header as short as the panel's others: a header does not wrap, and a wider one would
    // widen the panel.
    CollapsingHeader::new(RichText::new("Certificate Transparency").strong())
        .id_salt("certificate_transparency")
        // Open where the browsers' policies judge the chain; a private chain's SCTs are a click
        // away.
        .default_open(applies)
        .show(ui, |ui| {
            ui.add(
                egui::Label::new(
                    RichText::new(format!(
                        "{} SCT{}, {valid} valid",
                        report.scts.len(),
                        if report.scts.len() == 1 { "" } else { "s" }
                    ))
                    .weak(),
                )
                .wrap(),
            );
            for verdict in [&report.chrome, &report.apple] {
                ui.add(
                    egui::Label::new(
                        RichText::new(words::verdict_line(verdict))
                            .color(color(verdict_status(verdict))),
                    )
                    .wrap()
                    .selectable(true),
                );
            }
            if report.scts.is_empty() {
                ui.label(RichText::new("No SCTs").weak());
            }
            for (i, sct) in report.scts.iter().enumerate() {
                let status = match sct.code {
                    SctCode::Valid => CheckStatus::Pass,
                    SctCode::UnknownLog | SctCode::IssuerUnknown => CheckStatus::Warn,
                    _ => CheckStatus::Fail,
                };
                let time = sct
                    .timestamp
                    .map(|t| t.date().to_string())
                    .unwrap_or_default();
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!("SCT {}", i + 1))
                            .color(color(status))
                            .strong(),
                    );
                    ui.add(
                        egui::Label::new(format!(
                            "{} · {} · {time}",
                            words::sct_log(sct),
                            sct.delivery.as_str()
                        ))
                        .wrap()
                        .selectable(true),
                    )
                    .on_hover_text(words::sct_line(sct));
                    ui.label(
                        RichText::new(format!(
                            "{} [{}]",
                            words::sct_outcome(sct.code),
                            sct.code.code()
                        ))
                        .color(color(status)),
                    );
                });
            }
        });
}

fn verdict_status(verdict: &CtVerdict) -> CheckStatus {
    match verdict.outcome {
        CtOutcome::Compliant { .. } => CheckStatus::Pass,
        CtOutcome::NotCompliant { .. } => CheckStatus::Fail,
        _ => CheckStatus::Unknown,
    }
}
