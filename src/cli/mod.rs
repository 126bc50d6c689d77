//! The command-line face: one file per subcommand, sharing source and trust options.

#[cfg(feature = "aws")]
pub mod aws;
pub mod batch;
pub mod completions;
#[cfg(feature = "aws")]
pub mod discover;
pub mod export;
pub mod inspect;
pub mod manpage;
pub mod password;
pub mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use time::OffsetDateTime;

use chainlens::fetch;
use chainlens::ingest;
use chainlens::load::{LoadOptions, Loaded, NetSettings, SourceSpec, load_blocking_with};
use chainlens::model::options::ValidationTime;
use chainlens::model::{
    BuiltinStore, Certificate, Inspection, Policy, Profile, Purpose, StoreChoice,
};
use chainlens::verify::TrustStore;

/// Exit code: every selected store trusts the chain.
pub const EXIT_TRUSTED: u8 = 0;
/// Exit code: some store does not trust the chain.
pub const EXIT_NOT_TRUSTED: u8 = 1;
/// Exit code: bad usage or unreadable input.
pub const EXIT_INPUT_ERROR: u8 = 2;

/// Trust and policy options shared by every subcommand that verifies.
#[derive(Args, Clone, Debug, Default)]
pub struct TrustArgs {
    /// Trust only the certificates in this PEM/DER/PKCS#7 bundle (repeatable; each file is
    /// its own store, with its own verdict).
    #[arg(long = "trust", value_name = "FILE")]
    pub trust: Vec<PathBuf>,
    /// Trust a built-in store (repeatable). With neither this nor --trust: mozilla.
    #[arg(long = "trust-store", value_name = "STORE", value_enum)]
    pub trust_store: Vec<BuiltinStore>,
    /// Validation time: 2023-01-01, "2023-01-01 12:00:00" (UTC), RFC 3339
    /// (2023-01-01T00:00:00Z) or Unix seconds. Default: now.
    #[arg(long, value_name = "TIME")]
    pub at: Option<ValidationTime>,
    /// Expected host name or IP address of the server.
    #[arg(long, value_name = "NAME")]
    pub host: Option<String>,
    /// What the leaf is used for.
    #[arg(long, value_enum, default_value_t = Purpose::Server)]
    pub purpose: Purpose,
    /// The validation profile, set from [`ProfileArg`] (its flag differs by subcommand).
    #[arg(skip)]
    pub profile: Profile,
    /// At most N intermediates between the leaf and the anchor (self-issued ones not counted).
    #[arg(long, value_name = "N")]
    pub max_depth: Option<usize>,
}

/// The validation profile as `--profile`. Kept apart from [`TrustArgs`] because the AWS
/// subcommands use `--profile` for the AWS profile, as aws-cli does.
#[derive(Args, Clone, Copy, Debug, Default)]
pub struct ProfileArg {
    /// The rules that decide each path: webpki (CA/Browser Forum, as browsers) or rfc5280
    /// (plain RFC 5280, as device TLS stacks). The other profile's findings are warnings.
    #[arg(long, value_enum, default_value_t = Profile::WebPki)]
    pub profile: Profile,
}

impl ProfileArg {
    /// `trust` with this profile.
    pub fn apply(self, trust: &TrustArgs) -> TrustArgs {
        TrustArgs {
            profile: self.profile,
            ..trust.clone()
        }
    }
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
    /// Connect to HOST2:PORT2 instead of HOST1:PORT1, keeping SNI and host checks, as curl's
    /// (repeatable; the first rule that applies wins). An empty HOST1 or PORT1 matches any:
    /// `::127.0.0.1:8443`. HOST:PORT=ADDR:PORT is accepted too.
    #[arg(long, value_name = "HOST1:PORT1:HOST2:PORT2")]
    pub connect_to: Vec<String>,
    /// AWS IoT Core preset: port 443 with ALPN x-amzn-mqtt-ca unless a port is given.
    #[arg(long)]
    pub aws_iot: bool,
}

impl TrustArgs {
    /// The validation policy these options describe.
    pub fn policy(&self, default_host: Option<String>) -> Policy {
        Policy {
            time: self
                .at
                .map_or_else(OffsetDateTime::now_utc, |ValidationTime(t)| t),
            host: self.host.clone().or(default_host),
            purpose: self.purpose,
            profile: self.profile,
            max_depth: self.max_depth,
        }
    }

    /// The stores chosen; Mozilla when none is.
    pub fn choices(&self) -> Vec<StoreChoice> {
        StoreChoice::from_args(&self.trust_store, &self.trust)
    }

    /// Loads the selected trust stores; Mozilla when none is selected.
    pub fn stores(&self) -> Result<Vec<TrustStore>> {
        Ok(TrustStore::load_all(&self.choices())?)
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

/// Reads SOURCEs the way every subcommand takes them: files (and `-`, `sample`) form one set
/// of certificates, as `openssl verify -untrusted` takes them; each server is one chain.
/// `options` carries the password of PKCS#12 files.
pub fn load_sources_with(
    net: &NetArgs,
    sources: &[String],
    options: &LoadOptions,
) -> Result<Vec<Loaded>> {
    let specs = sources
        .iter()
        .map(|s| net.classify(s))
        .collect::<Result<Vec<_>>>()?;
    let all_files = specs
        .iter()
        .all(|s| !matches!(s, chainlens::load::SourceSpec::Network(..)));
    let load = |spec| load_blocking_with(spec, options).map_err(password::explain);
    if all_files && specs.len() > 1 {
        let loaded = specs.into_iter().map(load).collect::<Result<Vec<_>>>()?;
        Ok(chainlens::load::combine(loaded).into_iter().collect())
    } else {
        specs.into_iter().map(load).collect()
    }
}

/// Reads extra untrusted intermediates (PKCS#12 files with the password in `options`).
pub fn load_untrusted_with(paths: &[PathBuf], options: &LoadOptions) -> Result<Vec<Certificate>> {
    let mut out = Vec::new();
    for path in paths {
        let loaded = ingest::load_file_with(path, options.password.as_ref())
            .map_err(|e| password::explain(e.into()))?;
        out.extend(loaded.certificates);
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
