//! The command-line face: one file per subcommand, sharing source and trust options.

#[cfg(feature = "aws")]
pub mod discover;
pub mod inspect;
pub mod verify;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use time::OffsetDateTime;

use chainlens::fetch::{self, FetchOptions, SniMode, Target};
use chainlens::ingest;
use chainlens::model::{Certificate, Inspection, Policy, Purpose, Source, SourceKind};
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

/// What a SOURCE argument names.
pub enum SourceSpec {
    /// A file.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// The embedded sample chain.
    Sample,
    /// A TLS server.
    Network(Target, FetchOptions),
}

/// The embedded sample: the AWS IoT us-east-1 chain.
pub const SAMPLE_PEM: &str = include_str!("../../assets/sample/aws-iot-us-east-1.pem");

impl NetArgs {
    /// Classifies a SOURCE: an existing file, `-`, `sample`, else a network target.
    pub fn classify(&self, spec: &str) -> Result<SourceSpec> {
        if spec == "-" {
            return Ok(SourceSpec::Stdin);
        }
        let path = Path::new(spec);
        if path.exists() {
            return Ok(SourceSpec::File(path.to_path_buf()));
        }
        if spec == "sample" {
            return Ok(SourceSpec::Sample);
        }
        let looks_like_file = spec.ends_with(".pem")
            || spec.ends_with(".crt")
            || spec.ends_with(".cer")
            || spec.ends_with(".der")
            || spec.ends_with(".p7b")
            || spec.contains('/') && !spec.contains("://");
        if looks_like_file {
            bail!("cannot read {spec}: no such file");
        }
        let port_given = Target::parse(spec, 0).map(|t| t.port != 0).unwrap_or(true);
        let mut target = Target::parse(spec, 443).with_context(|| {
            format!("{spec} is neither an existing file nor a host[:port] to connect to")
        })?;
        let mut options = FetchOptions {
            sni: match (&self.sni, self.no_sni) {
                (_, true) => SniMode::Disabled,
                (Some(name), false) => SniMode::Custom(name.clone()),
                (None, false) => SniMode::Default,
            },
            alpn: self.alpn.clone(),
            timeout_secs: self.timeout,
            connect_to: None,
        };
        if self.aws_iot {
            if !port_given {
                target.port = 443;
            }
            if target.port == 443 && options.alpn.is_empty() {
                options.alpn.push("x-amzn-mqtt-ca".to_string());
            }
        }
        for rule in &self.connect_to {
            let (host, port, addr, addr_port) = fetch::parse_connect_to(rule)?;
            if host.eq_ignore_ascii_case(&target.host) && port == target.port {
                options.connect_to = Some((addr, addr_port));
            }
        }
        Ok(SourceSpec::Network(target, options))
    }
}

/// Certificates read from one source.
pub struct Loaded {
    /// The source.
    pub source: Source,
    /// Its certificates in order.
    pub certificates: Vec<Certificate>,
    /// Things skipped while reading.
    pub notes: Vec<String>,
    /// The host to check by default (the one connected to).
    pub host: Option<String>,
}

/// Reads the certificates of one source; network sources use a small tokio runtime.
pub fn load(spec: SourceSpec) -> Result<Loaded> {
    match spec {
        SourceSpec::File(path) => {
            let loaded = ingest::load_file(&path)?;
            Ok(Loaded {
                source: Source::new(
                    SourceKind::File { path: path.clone() },
                    path.display().to_string(),
                ),
                certificates: loaded.certificates,
                notes: loaded.notes,
                host: None,
            })
        }
        SourceSpec::Stdin => {
            let loaded = ingest::load_stdin()?;
            Ok(Loaded {
                source: Source::new(SourceKind::Stdin, "<stdin>"),
                certificates: loaded.certificates,
                notes: loaded.notes,
                host: None,
            })
        }
        SourceSpec::Sample => {
            let loaded = ingest::load_bytes(SAMPLE_PEM.as_bytes())?;
            Ok(Loaded {
                source: Source::new(SourceKind::Sample, "sample: AWS IoT Core us-east-1 (2022)"),
                certificates: loaded.certificates,
                notes: loaded.notes,
                host: None,
            })
        }
        SourceSpec::Network(target, options) => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .context("cannot start the network runtime")?;
            let fetched = runtime.block_on(fetch::fetch_chain(&target, &options))?;
            let mut certificates = Vec::new();
            let mut notes = Vec::new();
            for (i, der) in fetched.certificates.iter().enumerate() {
                match chainlens::decode::decode_certificate(der) {
                    Ok(cert) => certificates.push(cert),
                    Err(e) => notes.push(format!(
                        "certificate {} sent by the server does not decode: {e}",
                        i + 1
                    )),
                }
            }
            if certificates.is_empty() {
                bail!(
                    "{}:{} sent no certificate that could be decoded",
                    target.host,
                    target.port
                );
            }
            let mut source = Source::new(
                SourceKind::Tls {
                    host: target.host.clone(),
                    port: target.port,
                },
                format!("{}:{}", target.host, target.port),
            );
            source.connection = Some(fetched.connection);
            Ok(Loaded {
                source,
                certificates,
                notes,
                host: Some(target.host.clone()),
            })
        }
    }
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
