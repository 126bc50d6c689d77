//! The command-line face: one file per subcommand, sharing source and trust options.

#[cfg(feature = "aws")]
pub mod aws;
pub mod batch;
pub mod completions;
pub mod devices;
#[cfg(feature = "aws")]
pub mod discover;
pub mod export;
pub mod inspect;
pub mod manpage;
pub mod password;
pub mod probe;
pub mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use time::OffsetDateTime;

use chainlens::fetch;
use chainlens::fetch::evidence::OnlineOptions;
use chainlens::ingest;
use chainlens::load::{LoadOptions, Loaded, NetSettings, SourceSpec, load_blocking_with};
use chainlens::model::CrlEvidence;
use chainlens::model::options::ValidationTime;
use chainlens::model::{
    BuiltinStore, Certificate, Inspection, Policy, Profile, Purpose, StoreChoice,
};
use chainlens::pipeline;
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
    /// What the leaf is used for; `ca` checks a CA certificate as a CA (no end-entity rules).
    /// Default: a CA certificate read from a file or standard input (a root, an intermediate,
    /// a bundle's first certificate) is checked as a CA, as the window checks it; anything
    /// else, and any chain captured from a server, as server.
    #[arg(long, value_enum)]
    pub purpose: Option<Purpose>,
    /// The validation profile, set from [`ProfileArg`] (its flag differs by subcommand).
    #[arg(skip)]
    pub profile: Profile,
    /// The device profiles, set from [`ProfileArg`].
    #[arg(skip)]
    pub devices: chainlens::model::DeviceChoice,
    /// At most N intermediates between the leaf and the anchor (self-issued ones not counted).
    #[arg(long, value_name = "N")]
    pub max_depth: Option<usize>,
    /// Check revocation against this CRL, PEM or DER (repeatable). A CRL is used only when
    /// it passes RFC 5280 §5/§6.3 for the certificate's issuer.
    #[arg(long = "crl", value_name = "FILE")]
    pub crl: Vec<PathBuf>,
    /// Check revocation online: download each certificate's CRLs and ask its OCSP responder.
    /// An unknown status is shown but does not change the verdict (soft-fail).
    #[arg(long)]
    pub revocation: bool,
    /// With --revocation or --crl: an unknown revocation status fails the chain.
    #[arg(long)]
    pub revocation_strict: bool,
    /// Fetch missing issuers from their AIA caIssuers URL (up to 4 levels).
    #[arg(long)]
    pub aia: bool,
    /// Give up on each CRL, OCSP or AIA download after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = chainlens::fetch::http::DEFAULT_HTTP_TIMEOUT_SECS)]
    pub http_timeout: u64,
    /// Trust a path only if one of its certificates has this key: sha256/BASE64, the SPKI
    /// SHA-256 form of HPKP and curl's --pinnedpubkey (repeatable; any one pin suffices).
    #[arg(long, value_name = "sha256/BASE64")]
    pub pin: Vec<chainlens::model::Pin>,
    /// Pin the keys of every certificate in this PEM/DER file (repeatable).
    #[arg(long, value_name = "FILE")]
    pub pin_file: Vec<PathBuf>,
    /// A certificate policy the path must be valid for, as a dotted OID (repeatable; RFC 5280
    /// user-initial-policy-set). Default: 2.5.29.32.0 (anyPolicy), any policy. Without
    /// --require-explicit-policy it only narrows the policies the verdict reports, unless a
    /// certificate of the path requires an explicit policy.
    #[arg(long = "policy", value_name = "OID")]
    pub policy: Vec<chainlens::model::PolicyOid>,
    /// The path must be valid for one of the --policy policies (RFC 5280
    /// initial-explicit-policy).
    #[arg(long)]
    pub require_explicit_policy: bool,
    /// Do not follow policy mappings (RFC 5280 initial-policy-mapping-inhibit).
    #[arg(long)]
    pub inhibit_policy_mapping: bool,
    /// Do not take anyPolicy in a certificate as every policy (RFC 5280
    /// initial-any-policy-inhibit).
    #[arg(long)]
    pub inhibit_any_policy: bool,
    /// Check SCTs against this Certificate Transparency log list instead of the bundled one
    /// of its kind (repeatable): Chrome's v3 log_list.json / all_logs_list.json or Apple's
    /// current_log_list.json, recognised from its content.
    #[arg(long = "ct-log-list", value_name = "FILE")]
    pub ct_log_list: Vec<PathBuf>,
}

/// The validation profile as `--profile`, and the device profiles as `--device`. Kept apart
/// from [`TrustArgs`] because the AWS subcommands use `--profile` for the AWS profile, as
/// aws-cli does.
#[derive(Args, Clone, Debug, Default)]
pub struct ProfileArg {
    /// The rules that decide each path: webpki (CA/Browser Forum, as browsers) or rfc5280
    /// (RFC 5280 §6 path validation, the standard). The other profile's findings are warnings.
    /// What a device's TLS stack would decide is --device's answer.
    #[arg(long, value_enum, default_value_t = Profile::WebPki)]
    pub profile: Profile,
    /// Also answer as this device's TLS stack would (repeatable): mbedtls-2.28, wolfssl-5.5,
    /// bearssl-0.6, gnutls-3.7, openssl-3.0, or a preset (aws-iot-device-sdk, esp-idf), with
    /// build options after a colon: mbedtls-2.28:no-time,max-intermediates=2. One verdict per
    /// device and store; with --device, the devices decide the exit status. See
    /// `chainlens devices`.
    #[arg(long = "device", value_name = "NAME[:OPTIONS]")]
    pub device: Vec<chainlens::model::Device>,
    /// The devices' clock: none (no RTC: validity not checked), build:DATE (the device
    /// believes it is at least its build date) or skew:±Nd (N days off). Default: set.
    #[arg(long = "device-clock", value_name = "CLOCK", requires = "device")]
    pub device_clock: Option<chainlens::model::DeviceClock>,
}

impl ProfileArg {
    /// `trust` with this profile and these devices.
    pub fn apply(&self, trust: &TrustArgs) -> TrustArgs {
        TrustArgs {
            profile: self.profile,
            devices: chainlens::model::DeviceChoice {
                devices: self.device.clone(),
                clock: self.device_clock.unwrap_or_default(),
            },
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
    /// Run this protocol's plaintext dialogue before the TLS handshake, for HOST:PORT sources
    /// (the protocol's port unless one is given). URLs such as smtp://HOST name their own.
    #[arg(long, value_name = "PROTO", value_enum)]
    pub starttls: Option<fetch::StartTls>,
}

impl TrustArgs {
    /// The validation policy these options describe.
    pub fn policy(&self, default_host: Option<String>) -> Policy {
        Policy {
            time: self
                .at
                .map_or_else(OffsetDateTime::now_utc, |ValidationTime(t)| t),
            host: self.host.clone().or(default_host),
            purpose: self.purpose.unwrap_or(Purpose::Server),
            profile: self.profile,
            max_depth: self.max_depth,
            pins: self.pin.clone(),
            policies: if self.policy.is_empty() {
                chainlens::model::options::any_policy_set()
            } else {
                self.policy.iter().map(|p| p.0.clone()).collect()
            },
            require_explicit_policy: self.require_explicit_policy,
            inhibit_policy_mapping: self.inhibit_policy_mapping,
            inhibit_any_policy: self.inhibit_any_policy,
            devices: self.devices.clone(),
        }
    }

    /// The pipeline's options: the policy, and whether --purpose named its purpose (else the
    /// purpose rule may check a CA target as a CA).
    pub fn options(&self, default_host: Option<String>) -> pipeline::Options {
        pipeline::Options {
            policy: self.policy(default_host),
            purpose_named: self.purpose.is_some(),
        }
    }

    /// These options with the keys of every certificate in each `--pin-file` added to the
    /// pins, so the policy is complete without reading files again.
    pub fn with_pin_files(&self) -> Result<TrustArgs> {
        let mut trust = self.clone();
        for path in std::mem::take(&mut trust.pin_file) {
            let loaded = ingest::load_file(&path)
                .with_context(|| format!("cannot read the pin file {}", path.display()))?;
            if loaded.certificates.is_empty() {
                anyhow::bail!("no certificate to pin in {}", path.display());
            }
            for cert in &loaded.certificates {
                let pin = chainlens::model::Pin::of_key(&cert.public_key);
                if !trust.pin.contains(&pin) {
                    trust.pin.push(pin);
                }
            }
        }
        Ok(trust)
    }

    /// The stores chosen; Mozilla when none is.
    pub fn choices(&self) -> Vec<StoreChoice> {
        StoreChoice::from_args(&self.trust_store, &self.trust)
    }

    /// Loads the selected trust stores; Mozilla when none is selected. The CRL files are
    /// read here too, so that an unreadable one is an input error.
    pub fn stores(&self) -> Result<Vec<TrustStore>> {
        self.crl_evidence()?;
        self.use_ct_log_lists()?;
        Ok(TrustStore::load_all(&self.choices())?)
    }

    /// Reads the `--ct-log-list` files and makes them, beside the bundled list of the other
    /// kind, the lists this process checks SCTs against.
    pub fn use_ct_log_lists(&self) -> Result<()> {
        if self.ct_log_list.is_empty() {
            return Ok(());
        }
        let mut lists = (*chainlens::ct::LogLists::bundled()).clone();
        for path in &self.ct_log_list {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read CT log list {}: {e}", path.display()))?;
            let list = chainlens::ct::log_list::parse(&text, &path.display().to_string())
                .map_err(|e| anyhow::anyhow!("{e:#}: {}", path.display()))?;
            lists = lists.with(list);
        }
        chainlens::ct::LogLists::use_for_process(lists);
        Ok(())
    }

    /// The `--crl` files, read.
    pub fn crl_evidence(&self) -> Result<Vec<CrlEvidence>> {
        self.crl
            .iter()
            .map(|path| {
                let bytes = std::fs::read(path)
                    .map_err(|e| anyhow::anyhow!("cannot read CRL {}: {e}", path.display()))?;
                Ok(CrlEvidence {
                    origin: path.display().to_string(),
                    bytes,
                })
            })
            .collect()
    }

    /// What to gather from the network; `None` when nothing is asked for. `bundle_crls`:
    /// the sources carried CRLs of their own (a PKCS#7 bundle's), which count as `--crl`
    /// files do.
    pub fn online(&self, bundle_crls: bool) -> Option<OnlineOptions> {
        let online = self.revocation || self.aia || !self.crl.is_empty() || bundle_crls;
        online.then_some(OnlineOptions {
            revocation: self.revocation,
            strict: self.revocation_strict,
            aia: self.aia,
            timeout_secs: self.http_timeout,
        })
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
            starttls: self.starttls,
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

/// Reads extra untrusted intermediates (PKCS#12 files with the password in `options`), with
/// the CRLs that PKCS#7 bundles among them carried.
pub fn load_untrusted_with(
    paths: &[PathBuf],
    options: &LoadOptions,
) -> Result<(Vec<Certificate>, Vec<CrlEvidence>)> {
    let mut certificates = Vec::new();
    let mut crls = Vec::new();
    for path in paths {
        let loaded = ingest::load_file_with(path, options.password.as_ref())
            .map_err(|e| password::explain(e.into()))?;
        certificates.extend(loaded.certificates);
        crls.extend(chainlens::load::bundle_crls(
            &path.display().to_string(),
            loaded.crls,
        ));
    }
    Ok((certificates, crls))
}

/// Runs the verification of loaded certificates, through the pipeline every face uses.
pub fn run_inspection(
    loaded: Loaded,
    untrusted: Vec<Certificate>,
    stores: &[TrustStore],
    trust: &TrustArgs,
) -> Inspection {
    let options = trust.options(loaded.host.clone());
    let input = pipeline::input(&loaded, None, untrusted);
    let online = trust
        .online(!loaded.crls.is_empty())
        .map(|options| pipeline::Online {
            options,
            // Readable: `stores()` read them first. A bundle's own CRLs come after the files.
            crls: trust
                .crl_evidence()
                .unwrap_or_default()
                .into_iter()
                .chain(loaded.crls.iter().cloned())
                .collect(),
        });
    pipeline::inspect_blocking(input, stores, &options, online.as_ref())
}

/// The exit code for a set of inspections: with --device, every device must accept; else
/// every store must trust.
pub fn exit_for(inspections: &[Inspection]) -> ExitCode {
    if inspections.iter().all(chainlens::model::device::accepted) {
        ExitCode::from(EXIT_TRUSTED)
    } else {
        ExitCode::from(EXIT_NOT_TRUSTED)
    }
}
