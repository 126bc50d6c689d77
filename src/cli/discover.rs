//! `chainlens discover`: find the account's AWS IoT Core endpoint, and optionally inspect it.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;

use chainlens::aws::{self, AwsOptions};
use chainlens::report::{json, text};

use chainlens::model::BuiltinStore;

use super::{NetArgs, TrustArgs, exit_for, load, run_inspection};

/// Find the account's AWS IoT Core endpoint, as `aws iot describe-endpoint` does.
///
/// Uses the standard AWS credential chain (environment, ~/.aws/config and credentials, SSO,
/// container and instance roles). Prints the endpoint address. With --inspect, connects to it as a device would (port 443,
/// ALPN x-amzn-mqtt-ca) and inspects the chain against the AWS IoT device roots (or the stores
/// given).
///
/// Examples:
///   chainlens discover --region us-east-1
///   chainlens discover --profile iot-dev --region eu-west-1 --inspect
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Discover {
    /// AWS profile to use (default: the standard chain).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region (default: from AWS_REGION or the profile).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Endpoint type: iot:Data-ATS, iot:Data, iot:CredentialProvider or iot:Jobs.
    #[arg(long, value_name = "TYPE", default_value = aws::DATA_ATS)]
    pub endpoint_type: String,
    /// Use another service URL (for testing against a local endpoint).
    #[arg(long, value_name = "URL", hide = true)]
    pub endpoint_url: Option<String>,
    /// Give up after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 15)]
    pub timeout: u64,
    /// Connect to the endpoint and inspect its chain.
    #[arg(long)]
    pub inspect: bool,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// With --inspect: the validation profile, webpki or rfc5280 (`--profile` names the AWS
    /// profile here).
    #[arg(long, value_enum, default_value_t = chainlens::model::Profile::WebPki)]
    pub validation_profile: chainlens::model::Profile,
    /// Print the inspection as JSON (with --inspect).
    #[arg(long)]
    pub json: bool,
}

impl Discover {
    /// Runs the subcommand.
    pub fn run(&self) -> Result<ExitCode> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the network runtime")?;
        let address = runtime.block_on(aws::describe_endpoint(&AwsOptions {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_type: Some(self.endpoint_type.clone()),
            endpoint_url: self.endpoint_url.clone(),
            timeout_secs: self.timeout,
        }))?;
        drop(runtime);
        if !self.inspect {
            println!("{address}");
            return Ok(ExitCode::SUCCESS);
        }
        let mut trust = self.trust.clone();
        trust.profile = self.validation_profile;
        if trust.trust.is_empty() && trust.trust_store.is_empty() {
            trust.trust_store.push(BuiltinStore::AwsIot);
        }
        let stores = trust.stores()?;
        let net = NetArgs {
            aws_iot: true,
            ..NetArgs::default()
        };
        let loaded = load(net.classify(&address)?)?;
        let inspection = run_inspection(loaded, Vec::new(), &stores, &trust);
        if self.json {
            println!("{}", json::inspection_json(&inspection));
        } else {
            print!("{}", text::inspection_text(&inspection));
        }
        Ok(exit_for(std::slice::from_ref(&inspection)))
    }
}
