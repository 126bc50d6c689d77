//! `chainlens discover`: the first form of `chainlens aws endpoints` / `aws check`, kept so
//! existing scripts keep working.

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use chainlens::aws::{self, EndpointType};

use super::TrustArgs;
use super::aws::{AwsArgs, Check, CheckType, require_inspect};

/// Find the account's AWS IoT Core endpoint and print its address (see also `chainlens aws`).
///
/// Uses the standard AWS credential chain (environment, ~/.aws/config and credentials, SSO,
/// container and instance roles). With --inspect, does what `chainlens aws check` does:
/// connects to it as a device would (port 443, ALPN x-amzn-mqtt-ca) and verifies the chain
/// against the AWS IoT device roots (or the stores given).
///
/// Examples:
///   chainlens discover --region us-east-1
///   chainlens discover --profile iot-dev --region eu-west-1 --inspect
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Discover {
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Endpoint type: iot:Data-ATS, iot:Data, iot:CredentialProvider or iot:Jobs.
    #[arg(long, value_name = "TYPE", default_value = aws::DATA_ATS)]
    pub endpoint_type: String,
    /// Connect to the endpoint and inspect its chain.
    #[arg(long)]
    pub inspect: bool,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// With --inspect: the validation profile, webpki or rfc5280 (`--profile` names the AWS
    /// profile here).
    #[arg(long, value_enum, default_value_t = chainlens::model::Profile::WebPki)]
    pub validation_profile: chainlens::model::Profile,
}

impl Discover {
    /// Runs the subcommand.
    pub fn run(&self) -> Result<ExitCode> {
        let Some(endpoint_type) = EndpointType::from_name(&self.endpoint_type) else {
            bail!(
                "unknown endpoint type {:?}: use iot:Data-ATS, iot:Data, iot:CredentialProvider or iot:Jobs",
                self.endpoint_type
            );
        };
        require_inspect(self.inspect, self.aws.json, &self.trust)?;
        if self.inspect {
            let check_type = match endpoint_type {
                EndpointType::DataAts => CheckType::Ats,
                EndpointType::DataLegacy => CheckType::Legacy,
                other => bail!("--inspect checks the data endpoints only, not {other}"),
            };
            return Check {
                aws: self.aws.clone(),
                endpoint_type: check_type,
                port: 443,
                connect_to: Vec::new(),
                sni: None,
                no_sni: false,
                alpn: Vec::new(),
                trust: self.trust.clone(),
                validation_profile: self.validation_profile,
                probe: false,
                device: Vec::new(),
            }
            .run();
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let discovery = runtime.block_on(aws::discover(&self.aws.options(), &[endpoint_type]))?;
        for endpoint in &discovery.endpoints {
            outln!("{}", endpoint.address);
        }
        Ok(ExitCode::SUCCESS)
    }
}
