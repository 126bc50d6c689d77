//! The "Device handshakes" window: probe the address in the source bar (versions, suites,
//! groups, every chain served) and show one row per device — does it connect, with which
//! version, suite and chain, and why not. The probe runs as a job (spinner, Cancel); the
//! chains are verified with the stores and policy of the verdict on screen.

use egui::{Context, RichText, Ui};

use crate::fetch::Target;
use crate::handshake::simulate::DeviceHandshake;
use crate::model::probe::ServerFacts;
use crate::model::{Inspection, Policy};
use crate::probe::ProbeOptions;
use crate::report::probe as words;
use crate::verify::TrustStore;

use super::command::{Command, CommandQueue};
use super::job::JobState;

/// What a probe job is asked.
#[derive(Clone, Debug)]
pub struct ProbeRequest {
    /// The server.
    pub target: Target,
    /// How to reach it.
    pub options: ProbeOptions,
    /// The stores each chain is verified against.
    pub stores: Vec<TrustStore>,
    /// The policy (its devices make the table; every stack's default when none is chosen).
    pub policy: Policy,
}

/// What a probe job found: the facts, each chain's inspection, one handshake per device.
#[derive(Clone, Debug)]
pub struct ProbeOutcome {
    /// The target as named.
    pub target: String,
    /// What the server accepts and serves.
    pub facts: ServerFacts,
    /// Chain i's inspection.
    pub inspections: Vec<Inspection>,
    /// One handshake per device.
    pub rows: Vec<DeviceHandshake>,
}

/// Probes, then verifies every chain (off the window's thread) and simulates each device.
pub async fn run_probe(request: ProbeRequest) -> Result<ProbeOutcome, String> {
    let facts = crate::probe::probe(&request.target, &request.options)
        .await
        .map_err(|e| format!("cannot probe {}: {e}", request.target))?;
    let work = tokio::task::spawn_blocking(move || {
        let mut policy = request.policy;
        if policy.devices.devices.is_empty() {
            policy.devices.devices = crate::probe::default_devices();
        }
        policy.host = policy.host.or_else(|| Some(request.target.host.clone()));
        let options = crate::pipeline::Options::new(policy.clone());
        let inspections: Vec<Inspection> = (0..facts.chains.len())
            .filter_map(|i| crate::probe::chain_loaded(&facts, &request.target, i))
            .map(|loaded| {
                let input = crate::pipeline::input(&loaded, None, Vec::new());
                crate::pipeline::verify_offline(input, &request.stores, &options)
            })
            .collect();
        let rows = crate::probe::device_table(&policy.devices.devices, &facts, &inspections);
        ProbeOutcome {
            target: request.target.to_string(),
            facts,
            inspections,
            rows,
        }
    });
    work.await
        .map_err(|e| format!("the verification of the probed chains stopped: {e}"))
}

/// The window's state. Not persisted.
#[derive(Debug, Default)]
pub struct HandshakeTable {
    /// Whether the window is shown.
    pub open: bool,
    /// The probe job.
    pub job: JobState,
    /// The last probe's result.
    pub outcome: Option<ProbeOutcome>,
    /// Why the last probe failed.
    pub error: Option<String>,
}

/// Draws the window when open.
pub fn handshake_table_ui(ctx: &Context, table: &HandshakeTable, commands: &mut CommandQueue) {
    if !table.open {
        return;
    }
    let mut open = true;
    egui::Window::new("Device handshakes")
        .id(egui::Id::unique("handshake_table"))
        .open(&mut open)
        .default_width(1000.0)
        .default_height(420.0)
        .resizable(true)
        .collapsible(false)
        .constrain(true)
        .show(ctx, |ui| window_body_ui(ui, table, commands));
    if !open {
        commands.send(Command::ProbeClose);
    }
}

fn window_body_ui(ui: &mut Ui, table: &HandshakeTable, commands: &mut CommandQueue) {
    ui.horizontal(|ui| {
        if let Some((what, started)) = table.job.running() {
            ui.spinner();
            ui.label(format!("{what}… {:.1} s", started.elapsed().as_secs_f32()));
            if ui.button("Cancel").clicked() {
                commands.send(Command::ProbeCancel);
            }
        } else {
            if ui
                .button("Probe again")
                .on_hover_text("Probe the address in the source bar")
                .clicked()
            {
                commands.send(Command::ProbeStart);
            }
            if let Some(outcome) = &table.outcome {
                let facts = &outcome.facts;
                let versions: Vec<&str> = facts
                    .accepted_versions()
                    .into_iter()
                    .map(|v| v.name())
                    .collect();
                ui.label(format!(
                    "{}: {}; {} chain{}; {} connections in {} ms",
                    outcome.target,
                    if versions.is_empty() {
                        "no TLS version accepted".to_owned()
                    } else {
                        versions.join(", ")
                    },
                    facts.chains.len(),
                    if facts.chains.len() == 1 { "" } else { "s" },
                    facts.connections,
                    facts.elapsed_ms
                ));
            }
        }
    });
    if let Some(error) = &table.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    let Some(outcome) = &table.outcome else {
        if table.error.is_none() && !table.job.is_running() {
            ui.label("Nothing probed yet.");
        }
        return;
    };
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, true])
        .show(ui, |ui| outcome_ui(ui, outcome));
}

fn outcome_ui(ui: &mut Ui, outcome: &ProbeOutcome) {
    let facts = &outcome.facts;
    ui.label(RichText::new("Can the device connect?").strong());
    let rows = words::device_rows(facts, &outcome.rows, &outcome.inspections);
    egui::Grid::new("handshake_rows")
        .striped(true)
        .num_columns(6)
        .spacing([12.0, 4.0])
        .min_col_width(40.0)
        .show(ui, |ui| {
            for heading in [
                "Device",
                "Connects",
                "Version",
                "Cipher suite, group",
                "Chain",
                "Why not",
            ] {
                ui.label(RichText::new(heading).strong());
            }
            ui.end_row();
            for row in &rows {
                ui.label(&row.device);
                if row.connects {
                    ui.label(RichText::new("yes").strong());
                } else {
                    ui.colored_label(ui.visuals().error_fg_color, "NO");
                }
                ui.label(&row.version);
                ui.label(&row.suite);
                ui.label(&row.chain);
                ui.add(egui::Label::new(&row.short_why).wrap())
                    .on_hover_text(&row.why);
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    ui.label(RichText::new(format!("Chains served: {}", facts.chains.len())).strong());
    for (i, _) in facts.chains.iter().enumerate() {
        ui.label(format!("{}. {}", i + 1, words::chain_line(facts, i)));
        ui.indent(("chain", i), |ui| {
            ui.add(egui::Label::new(format!("selected by: {}", words::selectors(facts, i))).wrap());
            if let Some(insp) = outcome.inspections.get(i) {
                if let Some(leaf) = insp.certificates.first() {
                    ui.label(format!("leaf: {}", leaf.certificate.label()));
                }
                for verdict in &insp.verdicts {
                    ui.add(
                        egui::Label::new(format!(
                            "{}: {}",
                            verdict.store,
                            crate::report::words::verdict(insp, verdict)
                        ))
                        .wrap(),
                    );
                }
            }
        });
    }
    if !facts.errors.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("Probe errors").strong());
        for error in &facts.errors {
            ui.add(egui::Label::new(format!("{}: {}", error.step, error.error)).wrap());
        }
    }
}

impl super::App {
    /// Probes the address in the source bar with the network options, the chosen stores
    /// and the policy of the verdict on screen.
    pub(super) fn start_probe(&mut self, ctx: &Context) {
        let table = &mut self.session.handshake_table;
        table.job.cancel();
        table.error = None;
        let settings = match self.state.net.settings() {
            Ok(settings) => settings,
            Err(e) => {
                self.session.handshake_table.error = Some(e);
                return;
            }
        };
        // The address typed, else the server the chain on screen was fetched from.
        let fetched = self
            .session
            .loaded
            .as_ref()
            .and_then(|loaded| match &loaded.source.kind {
                crate::model::SourceKind::Tls { .. } => Some(loaded.source.label.clone()),
                _ => None,
            });
        let address = match self.state.address.trim() {
            "" => fetched.unwrap_or_default(),
            typed => typed.to_string(),
        };
        let (mut target, fetch_options) = match settings.classify(&address) {
            Ok(crate::load::SourceSpec::Network(target, options)) => (target, options),
            Ok(_) => {
                self.session.handshake_table.error = Some(format!(
                    "not a server: {address} (a host[:port] or URL is probed)"
                ));
                return;
            }
            Err(e) => {
                self.session.handshake_table.error = Some(format!("{e:#}"));
                return;
            }
        };
        if let Ok(Some(port)) = self.state.net.port() {
            target.port = port;
        }
        let stores: Vec<TrustStore> = self
            .chosen_stores()
            .into_iter()
            .map(|(_, store)| store.clone())
            .collect();
        let mut policy = self.session.inspection.as_ref().map_or_else(
            || Policy::at(time::OffsetDateTime::now_utc()),
            |i| i.policy.clone(),
        );
        // The policy's host is the shown chain's; the probed server's own name applies.
        policy.host = Some(target.host.clone());
        let request = ProbeRequest {
            target,
            options: ProbeOptions::from_fetch(&fetch_options),
            stores,
            policy,
        };
        let job = self.tasks_probe(ctx, request);
        self.session.handshake_table.job = job;
    }
}
