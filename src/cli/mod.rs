//! The command-line face: one file per subcommand, sharing source and trust options.

pub mod completions;
#[cfg(feature = "aws")]
pub mod discover;
pub mod export;
pub mod inspect;
pub mod manpage;
pub mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use time::OffsetDateTime;

use chainlens::fetch;
use chainlens::ingest;
use chainlens::load::{Loaded, NetSettings, SourceSpec, load_blocking};
use chainlens::model::{Certificate, Inspection, Policy, Purpose};
use chainlens::verify::TrustStore;

/// Exit code: every selected store trusts the chain.
pub const EXIT_TRUSTED: u8 = 0;
/// Exit code: some store does not trust the chain.
pub const EXIT_NOT_TRUSTED: u8 = 1;
/// Exit code: bad usage or unreadable input.
pub const EXIT_INPUT_ERROR: u8 = 2;

/// A built-in trust store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StoreName {
    /// The Mozilla root program (compiled in).
    Mozilla,
    /// The operating system's store.
    System,
    /// Amazon Root CA 1–4 and Starfield Services Root G2 (AWS IoT device preset).
    AwsIot,
}

/// The intended use of the leaf.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum PurposeArg {
    /// TLS server authentication.
    #[default]
    Server,
    /// TLS client authentication (device certificates).
    Client,
}

/// Trust and policy options shared by every subcommand that verifies.
#[derive(Args, Clone, Debug, Default)]
pub struct TrustArgs {
    /// Trust only the certificates in this PEM/DER/PKCS#7 bundle (repeatable).
    #[arg(long = "trust", value_name = "FILE")]
    pub trust: Vec<PathBuf>,
    /// Trust a built-in store (repeatable). With neither this nor --trust: mozilla.
    #[arg(long = "trust-store", value_name = "STORE")]
    pub trust_store: Vec<StoreName>,
    /// Validation time: RFC 3339 (2023-01-01T00:00:00Z) or Unix seconds. Default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<OffsetDateTime>,
    /// Expected host name or IP address of the server.
    #[arg(long, value_name = "NAME")]
    pub host: Option<String>,
    /// What the leaf is used for.
    #[arg(long, value_enum, default_value = "server")]
    pub purpose: PurposeArg,
}

/// Options for fetching a chain over TLS.
#[derive(Args, Clone, Debug, Default)]
pub struct NetArgs {
    /// Server name to send in SNI instead of the host.
    #[arg(long, value_name = "NAME", conflicts_with = "no_sni")]
    pub sni: Option<String>,
    /// Send no SNI.
    #[arg(long)]
    pub no_sni: bool,
    /// ALPN protocol to offer (repeatable), e.g. x-amzn-mqtt-ca.
    #[arg(long, value_name = "PROTOCOL")]
    pub alpn: Vec<String>,
    /// Give up after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = fetch::DEFAULT_TIMEOUT_SECS)]
    pub timeout: u64,
    /// Connect to ADDR:PORT instead of HOST:PORT, keeping SNI and host checks (as curl's).
    #[arg(long, value_name = "HOST:PORT=ADDR:PORT")]
    pub connect_to: Vec<String>,
    /// AWS IoT Core preset: port 443 with ALPN x-amzn-mqtt-ca unless a port is given.
    #[arg(long)]
    pub aws_iot: bool,
}

/// Parses RFC 3339 or Unix seconds.
pub fn parse_time(text: &str) -> Result<OffsetDateTime, String> {
    if let Ok(seconds) = text.trim().parse::<i64>() {
        return OffsetDateTime::from_unix_timestamp(seconds)
            .map_err(|e| format!("{seconds} is not a usable Unix time: {e}"));
    }
    OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339).map_err(
        |e| format!("\"{text}\" is neither RFC 3339 (2023-01-01T00:00:00Z) nor Unix seconds: {e}"),
    )
}

impl TrustArgs {
    /// The validation policy these options describe.
    pub fn policy(&self, default_host: Option<String>) -> Policy {
        Policy {
            time: self.at.unwrap_or_else(OffsetDateTime::now_utc),
            host: self.host.clone().or(default_host),
            purpose: match self.purpose {
                PurposeArg::Server => Purpose::Server,
                PurposeArg::Client => Purpose::Client,
            },
        }
    }

    /// Loads the selected trust stores; Mozilla when none is selected.
    pub fn stores(&self) -> Result<Vec<TrustStore>> {
        let mut stores = Vec::new();
        let mut names = self.trust_store.clone();
        if names.is_empty() && self.trust.is_empty() {
            names.push(StoreName::Mozilla);
        }
        for name in names {
            stores.push(match name {
                StoreName::Mozilla => TrustStore::mozilla(),
                StoreName::AwsIot => TrustStore::aws_iot(),
                StoreName::System => TrustStore::system()?,
            });
        }
        for path in &self.trust {
            stores.push(TrustStore::from_file(path)?);
        }
        Ok(stores)
    }
}

impl NetArgs {
    /// The library's network settings for these options.
    pub fn settings(&self) -> NetSettings {
        NetSettings {
            sni: self.sni.clone(),
            no_sni: self.no_sni,
            alpn: self.alpn.clone(),
            timeout_secs: self.timeout,
            connect_to: self.connect_to.clone(),
            aws_iot: self.aws_iot,
        }
    }

    /// Classifies a SOURCE: an existing file, `-`, `sample`, else a server.
    pub fn classify(&self, spec: &str) -> Result<SourceSpec> {
        Ok(self.settings().classify(spec)?)
    }
}

/// Reads the certificates of one source (servers on a small runtime made for the purpose).
pub fn load(spec: SourceSpec) -> Result<Loaded> {
    Ok(load_blocking(spec)?)
}

/// Reads extra untrusted intermediates.
pub fn load_untrusted(paths: &[PathBuf]) -> Result<Vec<Certificate>> {
    let mut out = Vec::new();
    for path in paths {
        out.extend(ingest::load_file(path)?.certificates);
    }
    Ok(out)
}

/// Runs the verification of loaded certificates.
pub fn run_inspection(
    loaded: Loaded,
    untrusted: Vec<Certificate>,
    stores: &[TrustStore],
    trust: &TrustArgs,
) -> Inspection {
    let policy = trust.policy(loaded.host.clone());
    chainlens::verify::inspect(
        chainlens::verify::Input {
            source: loaded.source,
            certificates: loaded.certificates,
            untrusted,
        },
        stores,
        &policy,
    )
}

/// The exit code for a set of inspections.
pub fn exit_for(inspections: &[Inspection]) -> ExitCode {
    if inspections.iter().all(Inspection::all_trusted) {
        ExitCode::from(EXIT_TRUSTED)
    } else {
        ExitCode::from(EXIT_NOT_TRUSTED)
    }
}
