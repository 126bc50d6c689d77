//! `chainlens probe`: what a TLS server accepts and serves, and whether each device connects.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;

use chainlens::fetch::Target;
use chainlens::handshake::simulate::DeviceHandshake;
use chainlens::load::SourceSpec;
use chainlens::model::Inspection;
use chainlens::model::probe::ServerFacts;
use chainlens::probe::{ProbeOptions, chain_loaded, default_devices, device_table, probe};
use chainlens::report::probe as words;
use chainlens::verify::TrustStore;

use super::{EXIT_NOT_TRUSTED, EXIT_TRUSTED, NetArgs, ProfileArg, TrustArgs, run_inspection};

/// Probe a TLS server: versions, cipher suites, groups, signature schemes, every chain it
/// serves and what selects each, and, per device, whether it can connect.
///
/// TARGET is `host`, `host:port`, `[v6]:port`, or a URL (`https://`, `mqtts://`, and the
/// STARTTLS schemes `smtp://`, `imap://`, … as `inspect` takes them). Each chain found is
/// verified against the trust stores as `inspect` verifies one. The device table simulates
/// each device's own ClientHello (captured from its library) against what the server
/// accepts: the version, suite and chain it gets, the chain's verdict on the device, and
/// whether the Certificate message fits the device's input buffer. Without --device, the
/// table shows every stack's default build.
///
/// At most 8 connections are open at once, each within --timeout; the whole probe within
/// --budget. A server that does not answer TLS is an error (exit 2).
///
/// Exit status: 0 when every chain is trusted by every store (with --device: when every
/// chosen device connects), 1 otherwise, 2 when the server cannot be probed.
///
/// Examples:
///   chainlens probe example.com
///   chainlens probe a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com --aws-iot --device esp-idf
///   chainlens probe smtp://mail.example.com --json
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Probe {
    /// The server.
    #[arg(value_name = "TARGET")]
    pub target: String,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub profile: ProfileArg,
    #[command(flatten)]
    pub net: NetArgs,
    /// Give up on questions not asked after this many seconds in all.
    #[arg(long, value_name = "SECS", default_value_t = chainlens::probe::DEFAULT_BUDGET_SECS)]
    pub budget: u64,
    /// Print the probe as JSON (schema chainlens.probe/1).
    #[arg(long)]
    pub json: bool,
}

/// A probe with its chains verified and its device table: what every face shows.
pub struct ProbeReport {
    /// What the server accepts and serves.
    pub facts: ServerFacts,
    /// Chain i's inspection.
    pub inspections: Vec<Inspection>,
    /// One handshake per device.
    pub rows: Vec<DeviceHandshake>,
    /// Whether devices were chosen (else the table shows the defaults).
    pub devices_chosen: bool,
}

impl ProbeReport {
    /// The text: the facts, each chain's verdicts, the device table.
    pub fn text(&self) -> String {
        let mut out = words::facts_text(&self.facts, &self.inspections);
        out.push_str(&words::device_table(
            &self.facts,
            &self.rows,
            &self.inspections,
        ));
        out
    }

    /// The JSON value.
    pub fn value(&self) -> serde_json::Value {
        words::probe_value(&self.facts, &self.rows, &self.inspections)
    }

    /// Whether every chain is trusted everywhere (with chosen devices: every device connects).
    pub fn ok(&self) -> bool {
        if self.devices_chosen {
            self.rows.iter().all(|row| row.connects)
        } else {
            !self.inspections.is_empty() && self.inspections.iter().all(Inspection::all_trusted)
        }
    }

    /// 0 when [`ProbeReport::ok`], else 1.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(if self.ok() {
            EXIT_TRUSTED
        } else {
            EXIT_NOT_TRUSTED
        })
    }
}

/// Probes `target` and verifies every chain with `trust` (devices included; the default
/// stacks when none is chosen) against `stores`.
pub fn probe_report(
    target: &Target,
    options: &ProbeOptions,
    trust: &TrustArgs,
    stores: &[TrustStore],
) -> Result<ProbeReport> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the network runtime")?;
    let facts = runtime
        .block_on(probe(target, options))
        .with_context(|| format!("cannot probe {target}"))?;
    let devices_chosen = !trust.devices.is_empty();
    let mut trust = trust.clone();
    if !devices_chosen {
        trust.devices.devices = default_devices();
    }
    let inspections: Vec<Inspection> = (0..facts.chains.len())
        .filter_map(|i| chain_loaded(&facts, target, i))
        .map(|loaded| run_inspection(loaded, Vec::new(), stores, &trust))
        .collect();
    let rows = device_table(&trust.devices.devices, &facts, &inspections);
    Ok(ProbeReport {
        facts,
        inspections,
        rows,
        devices_chosen,
    })
}

/// The target and probe options `net` describes for `spec`.
pub fn probe_target(net: &NetArgs, spec: &str, budget_secs: u64) -> Result<(Target, ProbeOptions)> {
    let SourceSpec::Network(target, fetch_options) = net.classify(spec)? else {
        bail!("not a server: {spec} (probe takes host[:port] or a URL)");
    };
    let mut options = ProbeOptions::from_fetch(&fetch_options);
    options.budget_secs = budget_secs;
    Ok((target, options))
}

impl Probe {
    /// Runs the subcommand.
    pub fn run(&self) -> Result<ExitCode> {
        let trust = self.profile.apply(&self.trust).with_pin_files()?;
        let stores = trust.stores()?;
        let (target, options) = probe_target(&self.net, &self.target, self.budget)?;
        let report = probe_report(&target, &options, &trust, &stores)?;
        if self.json {
            outln!("{}", report.value());
        } else {
            out!("{}", report.text());
        }
        Ok(report.exit_code())
    }
}
