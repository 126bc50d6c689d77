//! `chainlens aws …`: find the account's AWS IoT Core endpoints, and check the chain a device
//! would be served by them.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};

use chainlens::aws::{self, AwsOptions, Discovery, EndpointType, LEGACY_EXPLANATION};
use chainlens::load::{Loaded, NetSettings};
use chainlens::model::Inspection;
use chainlens::report::{json, text};

use chainlens::model::{BuiltinStore, Profile};

use super::{TrustArgs, exit_for, run_inspection};

/// The port devices use for MQTT over TLS with ALPN on 443.
const HTTPS_PORT: u16 = 443;
/// The ALPN protocol AWS IoT Core expects for MQTT on port 443.
const MQTT_ALPN: &str = "x-amzn-mqtt-ca";

/// AWS IoT Core: list the account's endpoints, or check the chain a device is served.
///
/// Uses the standard AWS credential chain (environment, ~/.aws/config and credentials,
/// SSO, credential_process, assume-role, web identity, container and instance roles).
///
/// Examples:
///   chainlens aws endpoints --region eu-west-1 --type all
///   chainlens aws check --profile iot-dev --region eu-west-1
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Aws {
    #[command(subcommand)]
    pub command: AwsCommand,
}

/// The `aws` subcommands.
// Parsed once per process: the size of the larger variant (its TrustArgs) costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum AwsCommand {
    Endpoints(Endpoints),
    Check(Check),
}

impl Aws {
    /// Runs the subcommand.
    pub fn run(&self) -> Result<ExitCode> {
        match &self.command {
            AwsCommand::Endpoints(cmd) => cmd.run(),
            AwsCommand::Check(cmd) => cmd.run(),
        }
    }
}

/// How to reach AWS, shared by the `aws` subcommands.
#[derive(Args, Clone, Debug, Default)]
pub struct AwsArgs {
    /// AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// AWS profile from ~/.aws/config (default: AWS_PROFILE, then `default`).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Ask this service URL instead of AWS's own (a local emulator, a VPC endpoint); an
    /// `endpoint_url` in the profile works too.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Give up after this many seconds, credentials and connections included.
    #[arg(long, value_name = "SECS", default_value_t = aws::DEFAULT_TIMEOUT_SECS,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

impl AwsArgs {
    /// The library's options for these arguments.
    pub fn options(&self) -> AwsOptions {
        AwsOptions {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            timeout_secs: self.timeout,
        }
    }
}

/// Which endpoints `aws endpoints` lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ListType {
    /// iot:Data-ATS, the data endpoint under the Amazon roots.
    #[default]
    Ats,
    /// iot:Data, the legacy data endpoint (VeriSign Class 3 G5 chain).
    Legacy,
    /// iot:CredentialProvider.
    Credentials,
    /// iot:Jobs.
    Jobs,
    /// All four.
    All,
}

impl ListType {
    fn types(self) -> Vec<EndpointType> {
        match self {
            ListType::Ats => vec![EndpointType::DataAts],
            ListType::Legacy => vec![EndpointType::DataLegacy],
            ListType::Credentials => vec![EndpointType::CredentialProvider],
            ListType::Jobs => vec![EndpointType::Jobs],
            ListType::All => EndpointType::ALL.to_vec(),
        }
    }
}

/// Which data endpoints `aws check` connects to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum CheckType {
    /// iot:Data-ATS, the data endpoint under the Amazon roots.
    #[default]
    Ats,
    /// iot:Data, the legacy data endpoint (VeriSign Class 3 G5 chain).
    Legacy,
    /// Both, side by side.
    All,
}

impl CheckType {
    fn types(self) -> Vec<EndpointType> {
        match self {
            CheckType::Ats => vec![EndpointType::DataAts],
            CheckType::Legacy => vec![EndpointType::DataLegacy],
            CheckType::All => EndpointType::DATA.to_vec(),
        }
    }
}

/// List the account's AWS IoT Core endpoints, as `aws iot describe-endpoint` does.
///
/// Prints each type with its address. The legacy iot:Data endpoint is served under the
/// VeriSign Class 3 G5 hierarchy that today's trust stores removed; devices should use
/// iot:Data-ATS.
///
/// Exit status: 0 found, 2 no region, no credentials, access denied, unreachable, timeout.
///
/// Examples:
///   chainlens aws endpoints --region eu-west-1
///   chainlens aws endpoints --profile iot-dev --type all --json
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Endpoints {
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Which endpoint types to list.
    #[arg(long = "type", value_enum, default_value = "ats")]
    pub endpoint_type: ListType,
}

impl Endpoints {
    /// Runs the subcommand.
    pub fn run(&self) -> Result<ExitCode> {
        let types = self.endpoint_type.types();
        let discovery = discover_blocking(&self.aws.options(), &types)?;
        if self.aws.json {
            outln!("{}", serde_json::to_string_pretty(&discovery)?);
        } else {
            out!("{}", endpoints_text(&discovery));
        }
        if types.contains(&EndpointType::DataLegacy) {
            eprintln!("note: {LEGACY_EXPLANATION}");
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// The endpoints as an aligned two-column table.
fn endpoints_text(discovery: &Discovery) -> String {
    let width = discovery
        .endpoints
        .iter()
        .map(|e| e.endpoint_type.api_name().len())
        .max()
        .unwrap_or_default();
    discovery
        .endpoints
        .iter()
        .map(|e| format!("{:width$}  {}\n", e.endpoint_type.api_name(), e.address))
        .collect()
}

/// Discover the account's AWS IoT Core data endpoint, connect to it as a device does, and
/// verify the chain it serves.
///
/// Connects on port 443 with ALPN x-amzn-mqtt-ca (or 8883, plain MQTT over TLS), then
/// verifies for the endpoint's host name against the AWS IoT device roots, or the stores
/// given. --type all shows the ATS and legacy endpoints side by side, store by store
/// (default stores: aws-iot and aws-iot-legacy). The address discovered is printed first,
/// even when the connection then fails.
///
/// Exit status: 0 trusted by every store, 1 not trusted, 2 discovery, connection or usage error.
///
/// Examples:
///   chainlens aws check --region eu-west-1
///   chainlens aws check --profile iot-dev --type all --port 8883
///   chainlens aws check --region eu-west-1 --connect-to ::127.0.0.1:8443 --trust root.pem
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Check {
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Which data endpoints to check.
    #[arg(long = "type", value_enum, default_value = "ats")]
    pub endpoint_type: CheckType,
    /// TCP port: 443 (with ALPN x-amzn-mqtt-ca) or 8883 (MQTT over TLS).
    #[arg(long, value_name = "PORT", default_value_t = HTTPS_PORT,
          value_parser = clap::value_parser!(u16).range(1..))]
    pub port: u16,
    /// Connect to HOST2:PORT2 instead of HOST1:PORT1, keeping SNI and host checks, as curl's
    /// (repeatable). An empty HOST1 or PORT1 matches any: `::127.0.0.1:8443`.
    #[arg(long, value_name = "HOST1:PORT1:HOST2:PORT2")]
    pub connect_to: Vec<String>,
    /// Server name to send in SNI instead of the endpoint's.
    #[arg(long, value_name = "NAME", conflicts_with = "no_sni")]
    pub sni: Option<String>,
    /// Send no SNI.
    #[arg(long)]
    pub no_sni: bool,
    /// ALPN protocol to offer instead of the default (repeatable).
    #[arg(long, value_name = "PROTOCOL")]
    pub alpn: Vec<String>,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// The validation profile: webpki (CA/Browser Forum) or rfc5280 (RFC 5280 §6 path
    /// validation). `--profile` names the AWS profile here, as in aws-cli.
    #[arg(long, value_enum, default_value_t = Profile::WebPki)]
    pub validation_profile: Profile,
    /// Also probe each endpoint (versions, suites, groups, every chain it serves: RSA to
    /// Amazon Root CA 1, ECC to Amazon Root CA 3) and show one line per device saying
    /// whether it connects. See `chainlens probe`.
    #[arg(long)]
    pub probe: bool,
    /// With --probe: a device for the table (repeatable); default every stack's default build.
    #[arg(long = "device", value_name = "NAME[:OPTIONS]", requires = "probe")]
    pub device: Vec<chainlens::model::Device>,
}

impl Check {
    /// Runs the subcommand.
    pub fn run(&self) -> Result<ExitCode> {
        let started = Instant::now();
        let limit = Duration::from_secs(self.aws.timeout);
        let types = self.endpoint_type.types();
        let mut trust = self.trust.clone();
        trust.profile = self.validation_profile;
        if trust.trust.is_empty() && trust.trust_store.is_empty() {
            trust.trust_store.push(BuiltinStore::AwsIot);
            if self.endpoint_type == CheckType::All {
                trust.trust_store.push(BuiltinStore::AwsIotLegacy);
            }
        }
        let stores = trust.stores()?;

        let runtime = runtime()?;
        let discovery = runtime.block_on(aws::discover(&self.aws.options(), &types))?;
        // The address comes first, so it is known even when the connection fails.
        for endpoint in &discovery.endpoints {
            let line = format!(
                "{} endpoint in {}: {}",
                endpoint.endpoint_type, discovery.region, endpoint.address
            );
            if self.aws.json {
                eprintln!("{line}");
            } else {
                outln!("{line}");
            }
        }

        let mut results: Vec<(EndpointType, Inspection)> = Vec::new();
        for endpoint in &discovery.endpoints {
            let remaining = limit.saturating_sub(started.elapsed());
            let loaded = runtime.block_on(self.fetch(
                endpoint.endpoint_type,
                &endpoint.address,
                remaining,
            ))?;
            results.push((
                endpoint.endpoint_type,
                run_inspection(loaded, Vec::new(), &stores, &trust),
            ));
        }
        drop(runtime);
        let mut probes: Vec<(EndpointType, super::probe::ProbeReport)> = Vec::new();
        if self.probe {
            let mut probe_trust = trust.clone();
            probe_trust.devices.devices = self.device.clone();
            for endpoint in &discovery.endpoints {
                let (target, options) =
                    self.probe_target(endpoint.endpoint_type, &endpoint.address)?;
                probes.push((
                    endpoint.endpoint_type,
                    super::probe::probe_report(&target, &options, &probe_trust, &stores)?,
                ));
            }
        }

        let legacy_checked = types.contains(&EndpointType::DataLegacy);
        if self.aws.json {
            let mut value: serde_json::Value =
                serde_json::from_str(&check_json(&discovery, &results)?)?;
            if self.probe
                && let Some(object) = value.as_object_mut()
            {
                let probes: Vec<serde_json::Value> = probes
                    .iter()
                    .map(|(endpoint_type, report)| {
                        serde_json::json!({ "type": endpoint_type, "probe": report.value() })
                    })
                    .collect();
                object.insert("probes".to_owned(), serde_json::Value::Array(probes));
                outln!("{}", serde_json::to_string_pretty(&value)?);
            } else {
                outln!("{}", check_json(&discovery, &results)?);
            }
        } else {
            if let [(_, inspection)] = results.as_slice() {
                out!("{}", text::inspection_text(inspection));
            } else {
                let columns: Vec<(String, &Inspection)> = results
                    .iter()
                    .map(|(t, i)| (t.api_name().to_string(), i))
                    .collect();
                out!("{}", verdict_matrix(&columns));
            }
            for (endpoint_type, report) in &probes {
                out!("\n{endpoint_type}: {}", report.text());
            }
        }
        if legacy_checked {
            eprintln!("note: {LEGACY_EXPLANATION}");
        }
        let inspections: Vec<Inspection> = results.into_iter().map(|(_, i)| i).collect();
        if !probes.iter().all(|(_, report)| report.ok()) {
            return Ok(ExitCode::from(super::EXIT_NOT_TRUSTED));
        }
        Ok(exit_for(&inspections))
    }

    /// The probe's target and options for one endpoint: the port, SNI, ALPN and
    /// --connect-to rules of the check, the whole --timeout per connection.
    fn probe_target(
        &self,
        endpoint_type: EndpointType,
        address: &str,
    ) -> Result<(chainlens::fetch::Target, chainlens::probe::ProbeOptions)> {
        let settings = NetSettings {
            sni: self.sni.clone(),
            no_sni: self.no_sni,
            alpn: alpn_for(endpoint_type, self.port, &self.alpn),
            timeout_secs: self.aws.timeout,
            connect_to: self.connect_to.clone(),
            aws_iot: false,
            starttls: None,
        };
        let chainlens::load::SourceSpec::Network(target, options) =
            settings.classify(&format!("{address}:{}", self.port))?
        else {
            bail!("not an endpoint address: {address}");
        };
        Ok((target, chainlens::probe::ProbeOptions::from_fetch(&options)))
    }

    /// Fetches one endpoint's chain as a device would, within what is left of the timeout.
    async fn fetch(
        &self,
        endpoint_type: EndpointType,
        address: &str,
        remaining: Duration,
    ) -> Result<Loaded> {
        let target = format!("{address}:{}", self.port);
        let settings = NetSettings {
            sni: self.sni.clone(),
            no_sni: self.no_sni,
            alpn: alpn_for(endpoint_type, self.port, &self.alpn),
            // Rounded up: the outer limit below is the exact one.
            timeout_secs: remaining.as_secs().saturating_add(1),
            connect_to: self.connect_to.clone(),
            aws_iot: false,
            starttls: None,
        };
        let spec = settings.classify(&target)?;
        let timeout_secs = self.aws.timeout;
        match tokio::time::timeout(remaining, chainlens::load::load(spec)).await {
            Ok(loaded) => loaded
                .with_context(|| format!("cannot fetch the chain of {endpoint_type} {target}")),
            Err(_) => bail!(
                "no answer within {timeout_secs} s while fetching the chain of {endpoint_type} {target}"
            ),
        }
    }
}

/// The ALPN protocols to offer: those given, else `x-amzn-mqtt-ca` to a data endpoint on
/// port 443 (where AWS IoT Core tells MQTT from HTTPS by it), else none.
fn alpn_for(endpoint_type: EndpointType, port: u16, given: &[String]) -> Vec<String> {
    if !given.is_empty() {
        return given.to_vec();
    }
    if port == HTTPS_PORT && endpoint_type.is_data() {
        vec![MQTT_ALPN.to_string()]
    } else {
        Vec::new()
    }
}

/// Runs one discovery on a small runtime made for it.
fn discover_blocking(options: &AwsOptions, types: &[EndpointType]) -> Result<Discovery> {
    Ok(runtime()?.block_on(aws::discover(options, types))?)
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the network runtime")
}

/// The JSON of a check: the discovery, and each endpoint's inspection.
fn check_json(discovery: &Discovery, results: &[(EndpointType, Inspection)]) -> Result<String> {
    let mut endpoints = Vec::new();
    for (endpoint_type, inspection) in results {
        let inspection: serde_json::Value =
            serde_json::from_str(&json::inspection_json(inspection))?;
        endpoints.push(serde_json::json!({
            "type": endpoint_type,
            "address": discovery.address(*endpoint_type),
            "inspection": inspection,
        }));
    }
    let value = serde_json::json!({
        "region": discovery.region,
        "profile": discovery.profile,
        "endpoints": endpoints,
    });
    Ok(serde_json::to_string_pretty(&value)?)
}

/// A store × endpoint table of verdicts, then the reason of each one that is not trusted.
///
/// Reads only the store name, `trusted` and the reason of each verdict.
pub fn verdict_matrix(columns: &[(String, &Inspection)]) -> String {
    let mut stores: Vec<&str> = Vec::new();
    for (_, inspection) in columns {
        for verdict in &inspection.verdicts {
            if !stores.contains(&verdict.store.as_str()) {
                stores.push(&verdict.store);
            }
        }
    }
    let cell = |inspection: &Inspection, store: &str| match inspection
        .verdicts
        .iter()
        .find(|v| v.store == store)
    {
        Some(v) if v.trusted => "trusted",
        Some(_) => "NOT trusted",
        None => "-",
    };
    let store_width = stores
        .iter()
        .map(|s| s.chars().count())
        .chain(["trust store".len()])
        .max()
        .unwrap_or_default();
    let column_width = |label: &str| label.chars().count().max("NOT trusted".len());
    let mut out = format!("{:store_width$}", "trust store");
    for (label, _) in columns {
        out.push_str(&format!("  {label:width$}", width = column_width(label)));
    }
    out = out.trim_end().to_string();
    out.push('\n');
    for store in &stores {
        let mut line = format!("{store:store_width$}");
        for (label, inspection) in columns {
            line.push_str(&format!(
                "  {:width$}",
                cell(inspection, store),
                width = column_width(label)
            ));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    for (label, inspection) in columns {
        for verdict in inspection.verdicts.iter().filter(|v| !v.trusted) {
            out.push_str(&format!(
                "{label}, {}: {}\n",
                verdict.store,
                chainlens::report::words::verdict(inspection, verdict)
            ));
        }
    }
    out
}

/// Checks a `discover` invocation whose options only make sense with `--inspect`.
pub fn require_inspect(inspect: bool, json: bool, trust: &TrustArgs) -> Result<()> {
    if inspect {
        return Ok(());
    }
    let mut given = Vec::new();
    if json {
        given.push("--json");
    }
    if !trust.trust.is_empty() {
        given.push("--trust");
    }
    if !trust.trust_store.is_empty() {
        given.push("--trust-store");
    }
    if trust.at.is_some() {
        given.push("--at");
    }
    if trust.host.is_some() {
        given.push("--host");
    }
    if !trust.policy.is_empty() {
        given.push("--policy");
    }
    if trust.require_explicit_policy {
        given.push("--require-explicit-policy");
    }
    if trust.inhibit_policy_mapping {
        given.push("--inhibit-policy-mapping");
    }
    if trust.inhibit_any_policy {
        given.push("--inhibit-any-policy");
    }
    if given.is_empty() {
        Ok(())
    } else {
        bail!(
            "{} only apply with --inspect (or use `chainlens aws check`)",
            given.join(", ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mqtt_alpn_goes_to_data_endpoints_on_443_only() {
        let mqtt = vec![MQTT_ALPN.to_string()];
        assert_eq!(alpn_for(EndpointType::DataAts, 443, &[]), mqtt);
        assert_eq!(alpn_for(EndpointType::DataLegacy, 443, &[]), mqtt);
        assert!(alpn_for(EndpointType::DataAts, 8883, &[]).is_empty());
        assert!(alpn_for(EndpointType::CredentialProvider, 443, &[]).is_empty());
        assert!(alpn_for(EndpointType::Jobs, 443, &[]).is_empty());
        let given = vec!["mqtt".to_string()];
        assert_eq!(alpn_for(EndpointType::DataAts, 443, &given), given);
    }
}
