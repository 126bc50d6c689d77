//! `chainlens verify`: the `openssl verify -CAfile … -untrusted …` of chainlens.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use chainlens::report::{device, json, words};

use chainlens::load::load_blocking_with;

use super::password::{self, PasswordArgs};
use super::{NetArgs, ProfileArg, TrustArgs, exit_for, load_untrusted_with, run_inspection};

/// Verify a leaf certificate: build its paths through the untrusted intermediates to the
/// trusted roots, and say whether it is trusted.
///
/// With --trust, only the certificates in those files are trusted (no hidden default store,
/// unlike openssl). With neither --trust nor --trust-store, the Mozilla roots are used.
///
/// A CA certificate given as LEAF (a root, an intermediate) is checked as a CA, as the window
/// checks it, unless --purpose names a purpose.
///
/// The order received is the leaf file's order (leaf first, the rest as given), then the
/// --untrusted files in the order given: device stacks that take the chain as sent see it so.
///
/// Exit status: 0 trusted, 1 not trusted (the most specific reason on stderr),
/// 2 bad usage or unreadable input. With --device the devices decide: 0 only if every
/// chosen device accepts the chain (each rejection on stderr with the stack's error name).
///
/// Example (the AWS IoT Core chain, as saved from `openssl s_client -showcerts`):
///   chainlens verify leaf.pem --untrusted intermediate.pem --trust-store aws-iot \
///       --host a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com --at 2023-01-01T00:00:00Z
///
/// Example (what three device stacks say about an IP-address certificate):
///   chainlens verify leaf.pem --untrusted inter.pem --trust root.pem --host 10.0.0.1 \
///       --device mbedtls-2.28 --device bearssl-0.6 --device openssl-3.0
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Verify {
    /// The leaf certificate (PEM/DER/PKCS#7/PKCS#12 file or `-`); further certificates in
    /// it count as untrusted.
    #[arg(value_name = "LEAF")]
    pub leaf: String,
    /// Untrusted intermediates to build paths with (repeatable; PKCS#12 files too).
    #[arg(long, value_name = "FILE")]
    pub untrusted: Vec<PathBuf>,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub profile: ProfileArg,
    #[command(flatten)]
    pub password: PasswordArgs,
    /// Print the inspection as JSON (schema chainlens.inspection/1).
    #[arg(long)]
    pub json: bool,
}

impl Verify {
    /// Runs the subcommand.
    pub fn run(&self) -> Result<ExitCode> {
        let trust = self.profile.apply(&self.trust).with_pin_files()?;
        let stores = trust.stores()?;
        let spec = NetArgs::default().classify(&self.leaf)?;
        let options = self.password.options()?;
        let mut loaded = load_blocking_with(spec, &options).map_err(password::explain)?;
        let label = loaded.source.label.clone();
        let (untrusted, untrusted_crls) = load_untrusted_with(&self.untrusted, &options)?;
        // CRLs that came in an --untrusted bundle are evidence like the leaf file's own.
        loaded.crls.extend(untrusted_crls);
        let inspection = run_inspection(loaded, untrusted, &stores, &trust);
        if self.json {
            outln!("{}", json::inspection_json(&inspection));
        }
        for verdict in &inspection.verdicts {
            if verdict.trusted {
                if !self.json {
                    // The leaf's revocation status on the trusted path, said even when unchecked.
                    let revocation = verdict
                        .paths
                        .first()
                        .and_then(|p| p.links.first())
                        .and_then(|&l| inspection.links.get(l))
                        .and_then(|l| l.revocation.as_ref())
                        .map(|r| format!("; revocation: {}", r.status.as_str()))
                        .unwrap_or_default();
                    outln!(
                        "{label}: OK, trusted by {} ({} profile): {}{revocation}",
                        verdict.store,
                        verdict.profile,
                        words::verdict(&inspection, verdict)
                    );
                    // The policy outcome, where policies were asked about or the path has any.
                    let policies = verdict.paths.first().and_then(|p| p.policies.as_ref());
                    if let Some(outcome) = policies.filter(|o| {
                        !inspection.policy.policy_inputs_are_default()
                            || o.explicit_policy_required
                            || !o.authorities_constrained.is_empty()
                    }) {
                        outln!("  policies: {}", words::policy_outcome(outcome));
                    }
                    let pins = verdict.paths.first().into_iter().flat_map(|p| &p.checks);
                    for check in pins.filter(|c| c.name == chainlens::model::CheckName::Pin) {
                        outln!("  pinned: {}", words::check(check));
                    }
                }
            } else {
                let code = verdict.failure.as_ref().map_or("error", |f| f.code());
                eprintln!(
                    "{label}: not trusted by {} ({} profile) [{code}]: {}",
                    verdict.store,
                    verdict.profile,
                    words::verdict(&inspection, verdict)
                );
                if let Some(best) = verdict.paths.first() {
                    let problems = words::path_problems(&inspection, best);
                    if problems.len() > 1 {
                        for problem in problems {
                            eprintln!("  - {problem}");
                        }
                    }
                }
            }
            for note in &verdict.notes {
                eprintln!("note: {}", words::note(note));
            }
        }
        if !self.json {
            print_devices(&label, &inspection);
        }
        Ok(exit_for(std::slice::from_ref(&inspection)))
    }
}

/// One line per device verdict: acceptances on stdout, rejections on stderr (as the store
/// verdicts), then the order each rejecting device would accept.
fn print_devices(label: &str, inspection: &chainlens::model::Inspection) {
    for verdict in &inspection.devices {
        let line = device::verdict_line(inspection, verdict);
        if verdict.trusted {
            outln!("{label}: device {line}");
            if let Some(warning) = device::unchecked_time(inspection, verdict) {
                outln!("  warning: {warning}");
            }
        } else {
            eprintln!("{label}: device {line}");
        }
    }
    for advice in device::order_advice(inspection) {
        eprintln!("{label}: order: {advice}");
    }
}
