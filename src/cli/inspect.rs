//! `chainlens inspect`: decode and verify a chain from files, standard input or a TLS server.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use chainlens::report::{json, text};

use chainlens::load::SourceSpec;

use super::password::PasswordArgs;
use super::probe::{ProbeReport, probe_report, probe_target};
use super::{NetArgs, ProfileArg, TrustArgs, exit_for, load_sources_with, run_inspection};

/// Decode every certificate of a chain, check every link, and verify it against trust stores.
///
/// SOURCE is a PEM/DER/PKCS#7/PKCS#12 file, `-` for standard input, `sample` for the embedded
/// AWS IoT sample chain, or a TLS server: `host`, `host:port`, `[v6]:port`,
/// `https://host[:port]/path`, `mqtts://host[:port]` (8883). Several files are read as one
/// set of certificates; each server is inspected on its own.
///
/// A PKCS#12 file's password comes from --password-file or CHAINLENS_PASSWORD; only its
/// certificates are read, and a private key in it is never shown.
///
/// Exit status: 0 when every selected store trusts the chain, 1 when one does not,
/// 2 when an input cannot be read (a missing or wrong PKCS#12 password included).
/// With --device the devices decide: 0 only if every chosen device accepts the chain.
///
/// Examples:
///   chainlens inspect leaf.pem intermediate.pem --trust-store aws-iot
///   chainlens inspect a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com --aws-iot --trust-store aws-iot
///   chainlens inspect 127.0.0.1:8443 --trust root.pem --host localhost --json
///   chainlens inspect id.p12 --password-file pw.txt
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Inspect {
    /// Files, `-`, `sample`, or host[:port] / URLs.
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<String>,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub profile: ProfileArg,
    #[command(flatten)]
    pub net: NetArgs,
    #[command(flatten)]
    pub password: PasswordArgs,
    /// Print the inspection as JSON (schema chainlens.inspection/1).
    #[arg(long)]
    pub json: bool,
    /// Also print each certificate's validity and, per store, the first instant the chain
    /// stops validating, the certificate that causes it and whether another path takes over
    /// (JSON always has it, as `timeline`).
    #[arg(long)]
    pub timeline: bool,
    /// Also probe each server: versions, cipher suites, groups, every chain it serves, and
    /// one line per device (--device, else every stack's default) saying whether it connects
    /// (JSON: a `probe` member in each server's inspection). See `chainlens probe`.
    #[arg(long)]
    pub probe: bool,
    /// With --probe: stop asking after this many seconds in all.
    #[arg(long, value_name = "SECS", default_value_t = chainlens::probe::DEFAULT_BUDGET_SECS, requires = "probe")]
    pub budget: u64,
}

impl Inspect {
    /// Runs the subcommand.
    pub fn run(&self) -> Result<ExitCode> {
        let trust = self.profile.apply(&self.trust).with_pin_files()?;
        let stores = trust.stores()?;
        let mut inspections = Vec::new();
        // What was noticed while reading each source is a finding of its inspection.
        for loaded in load_sources_with(&self.net, &self.sources, &self.password.options()?)? {
            inspections.push(run_inspection(loaded, Vec::new(), &stores, &trust));
        }
        // One probe per server source, in the order given.
        let mut probes: Vec<Option<ProbeReport>> = Vec::new();
        if self.probe {
            for source in &self.sources {
                probes.push(match self.net.classify(source)? {
                    SourceSpec::Network(..) => {
                        let (target, options) = probe_target(&self.net, source, self.budget)?;
                        Some(probe_report(&target, &options, &trust, &stores)?)
                    }
                    _ => None,
                });
            }
        }
        let servers: Vec<&ProbeReport> = probes.iter().flatten().collect();
        if self.json && self.probe {
            // Each server's inspection carries its probe; files have none.
            let mut reports = servers.iter();
            let parts: Vec<String> = inspections
                .iter()
                .map(|insp| {
                    let mut value = json::inspection_value(insp);
                    if insp.source.connection.is_some()
                        && let (Some(report), Some(object)) =
                            (reports.next(), value.as_object_mut())
                    {
                        object.insert("probe".to_owned(), report.value());
                    }
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                })
                .collect();
            if parts.len() == 1 {
                outln!("{}", parts.concat());
            } else {
                outln!("[{}]", parts.join(",\n"));
            }
        } else if self.json {
            let parts: Vec<String> = inspections.iter().map(json::inspection_json).collect();
            if parts.len() == 1 {
                outln!("{}", parts.concat());
            } else {
                outln!("[{}]", parts.join(",\n"));
            }
        } else {
            let mut out = String::new();
            for insp in &inspections {
                out.push_str(&text::inspection_text(insp));
                if self.timeline {
                    out.push_str(&text::timeline_text(insp));
                }
            }
            for report in &servers {
                out.push('\n');
                out.push_str(&report.text());
            }
            out!("{out}");
        }
        if !servers.iter().all(|report| report.ok()) {
            return Ok(ExitCode::from(super::EXIT_NOT_TRUSTED));
        }
        Ok(exit_for(&inspections))
    }
}
