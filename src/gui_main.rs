//! The window: the loaded chain, its verdict per store, and every field of a certificate.
//!
//! Loading (files, TLS fetches) runs on a background thread so the window stays responsive;
//! the window reads only the finished [`Inspection`].

use std::process::ExitCode;
use std::sync::mpsc::{Receiver, channel};

use anyhow::Result;
use eframe::egui;

use chainlens::model::{CertRole, CheckStatus, Inspection};
use chainlens::report::text::certificate_text;
use chainlens::verify::TrustStore;

use chainlens::load::SourceSpec;

use crate::cli::{self, NetArgs, TrustArgs};

/// What the background loader reports.
type LoadResult = std::result::Result<Inspection, String>;

struct ChainApp {
    inspection: Option<Inspection>,
    selected: usize,
    pending: Option<Receiver<LoadResult>>,
    error: Option<String>,
}

fn load_sources(sources: Vec<String>) -> LoadResult {
    let (specs, stores) = if sources.is_empty() {
        (vec![SourceSpec::Sample], vec![TrustStore::aws_iot()])
    } else {
        let net = NetArgs {
            timeout: chainlens::fetch::DEFAULT_TIMEOUT_SECS,
            ..NetArgs::default()
        };
        let specs = sources
            .iter()
            .map(|s| net.classify(s))
            .collect::<Result<Vec<_>>>()
            .map_err(|e| format!("{e:#}"))?;
        (specs, vec![TrustStore::mozilla(), TrustStore::aws_iot()])
    };
    let mut combined: Option<chainlens::load::Loaded> = None;
    for spec in specs {
        let loaded = cli::load(spec).map_err(|e| format!("{e:#}"))?;
        combined = Some(match combined {
            None => loaded,
            Some(mut acc) => {
                acc.source.label = format!("{} + {}", acc.source.label, loaded.source.label);
                acc.certificates.extend(loaded.certificates);
                acc
            }
        });
    }
    let loaded = combined.ok_or_else(|| "nothing to open".to_string())?;
    Ok(cli::run_inspection(
        loaded,
        Vec::new(),
        &stores,
        &TrustArgs::default(),
    ))
}

fn status_color(status: CheckStatus, dark: bool) -> egui::Color32 {
    match (status, dark) {
        (CheckStatus::Pass, true) => egui::Color32::from_rgb(110, 200, 120),
        (CheckStatus::Pass, false) => egui::Color32::from_rgb(20, 120, 40),
        (CheckStatus::Warn, true) => egui::Color32::from_rgb(240, 190, 80),
        (CheckStatus::Warn, false) => egui::Color32::from_rgb(150, 100, 0),
        (CheckStatus::Unknown, _) => egui::Color32::GRAY,
        (CheckStatus::Fail, true) => egui::Color32::from_rgb(240, 110, 100),
        (CheckStatus::Fail, false) => egui::Color32::from_rgb(180, 30, 30),
    }
}

impl ChainApp {
    fn chain_list_ui(&mut self, ui: &mut egui::Ui) {
        let Some(insp) = &self.inspection else {
            return;
        };
        let dark = ui.visuals().dark_mode;
        ui.heading("Certificates");
        ui.separator();
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (id, entry) in insp.certificates.iter().enumerate() {
                let cert = &entry.certificate;
                let role = insp.role(id);
                let link_status = insp.link_from(id).map(|l| l.status);
                let text = format!(
                    "{}\n{} · expires {}",
                    cert.label(),
                    role.as_str(),
                    chainlens::verify::human_date(cert.validity.not_after)
                );
                let response = ui.selectable_label(self.selected == id, text);
                if response.clicked() {
                    self.selected = id;
                }
                if let Some(link) = insp.link_from(id) {
                    let status = link_status.unwrap_or(CheckStatus::Unknown);
                    ui.label(
                        egui::RichText::new(format!(
                            "   ↓ issued by {}: {}",
                            insp.issuer_label(link.issuer),
                            status.as_str()
                        ))
                        .color(status_color(status, dark)),
                    );
                } else if role != CertRole::TrustAnchor && role != CertRole::Root {
                    ui.label("   (no issuer found)");
                }
                ui.add_space(6.0);
            }
        });
    }

    fn verdict_ui(&self, ui: &mut egui::Ui) {
        let Some(insp) = &self.inspection else {
            return;
        };
        let dark = ui.visuals().dark_mode;
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(&insp.source.label).strong());
            ui.label(format!(
                "· validated at {}",
                chainlens::verify::human_time(insp.policy.time)
            ));
        });
        for verdict in &insp.verdicts {
            let status = if verdict.trusted {
                CheckStatus::Pass
            } else {
                CheckStatus::Fail
            };
            let text = if verdict.trusted {
                format!("Trusted by {}", verdict.store)
            } else {
                format!("{}: {}", verdict.store, verdict.reason)
            };
            ui.label(
                egui::RichText::new(text)
                    .color(status_color(status, dark))
                    .strong(),
            );
        }
        for finding in &insp.findings {
            ui.label(format!("• {}", finding.message));
        }
    }

    fn details_ui(&self, ui: &mut egui::Ui) {
        let Some(insp) = &self.inspection else {
            return;
        };
        let Some(cert) = insp.cert(self.selected) else {
            return;
        };
        let dark = ui.visuals().dark_mode;
        egui::ScrollArea::both().show(ui, |ui| {
            ui.heading(cert.label());
            if let Some(link) = insp.link_from(self.selected) {
                ui.label(format!(
                    "Checks of its link to {}:",
                    insp.issuer_label(link.issuer)
                ));
                for check in &link.checks {
                    ui.label(
                        egui::RichText::new(format!(
                            "{:<8} {}: {}",
                            check.status.as_str(),
                            check.name.as_str(),
                            check.reason
                        ))
                        .color(status_color(check.status, dark))
                        .monospace(),
                    );
                }
                ui.separator();
            }
            ui.label(egui::RichText::new(certificate_text(cert)).monospace());
        });
    }
}

impl eframe::App for ChainApp {
    fn logic(&mut self, _ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if let Some(rx) = &self.pending {
            if let Ok(result) = rx.try_recv() {
                self.pending = None;
                match result {
                    Ok(insp) => {
                        self.inspection = Some(insp);
                        self.selected = 0;
                        self.error = None;
                    }
                    Err(e) => self.error = Some(e),
                }
            }
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::top("verdict").show(ui, |ui| {
            ui.add_space(4.0);
            if self.pending.is_some() {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Loading…");
                });
            }
            if let Some(error) = &self.error {
                ui.colored_label(egui::Color32::from_rgb(200, 60, 50), error);
            }
            self.verdict_ui(ui);
            ui.add_space(4.0);
        });
        egui::Panel::left("chain")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| self.chain_list_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| self.details_ui(ui));
    }
}

/// Opens the window on the given sources, or on the embedded sample.
pub fn run(sources: Vec<String>) -> Result<ExitCode> {
    let (tx, rx) = channel();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("chainlens")
            .with_inner_size([1100.0, 720.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    eframe::run_native(
        "chainlens",
        options,
        Box::new(move |cc| {
            let ctx = cc.egui_ctx.clone();
            std::thread::spawn(move || {
                let result = load_sources(sources);
                let _ = tx.send(result);
                ctx.request_repaint();
            });
            Ok(Box::new(ChainApp {
                inspection: None,
                selected: 0,
                pending: Some(rx),
                error: None,
            }))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
