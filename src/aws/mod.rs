//! AWS IoT Core endpoint discovery (`aws iot describe-endpoint`) through the standard AWS
//! credential chain: environment, shared config and credentials files, SSO, process
//! credentials, container and instance roles.

use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_credential_types::provider::ProvideCredentials;

/// The endpoint type of the ATS-signed data endpoint, the one devices should use.
pub const DATA_ATS: &str = "iot:Data-ATS";

/// How to reach AWS.
#[derive(Clone, Debug, Default)]
pub struct AwsOptions {
    /// Named profile from `~/.aws/config`; the default chain when `None`.
    pub profile: Option<String>,
    /// Region, such as `us-east-1`; from the environment or profile when `None`.
    pub region: Option<String>,
    /// `iot:Data-ATS` (default), `iot:Data`, `iot:CredentialProvider` or `iot:Jobs`.
    pub endpoint_type: Option<String>,
    /// Another service URL, for testing against a local endpoint.
    pub endpoint_url: Option<String>,
    /// Limit for the whole discovery, seconds.
    pub timeout_secs: u64,
}

/// Why discovery failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AwsError {
    /// No region was given or configured.
    #[error("no AWS region: pass --region or set AWS_REGION or a region in the profile")]
    NoRegion,
    /// The credential chain found nothing usable.
    #[error("no AWS credentials{}: {detail}", profile.as_ref().map(|p| format!(" for profile {p}")).unwrap_or_default())]
    NoCredentials {
        /// The profile asked for.
        profile: Option<String>,
        /// What the credential chain said.
        detail: String,
    },
    /// AWS answered with an error (access denied, throttling, …).
    #[error("AWS IoT refused DescribeEndpoint in {region}: {detail}")]
    Service {
        /// The region asked.
        region: String,
        /// The service's error.
        detail: String,
    },
    /// The request did not reach AWS or got no answer.
    #[error("cannot reach AWS IoT in {region}: {detail}")]
    Network {
        /// The region asked.
        region: String,
        /// What failed.
        detail: String,
    },
    /// Nothing came back within the timeout.
    #[error("AWS endpoint discovery timed out after {timeout_secs} s")]
    Timeout {
        /// The limit.
        timeout_secs: u64,
    },
    /// The answer held no address.
    #[error("AWS IoT returned no endpoint address in {region}")]
    NoAddress {
        /// The region asked.
        region: String,
    },
}

/// Looks up the account's AWS IoT Core endpoint address.
pub async fn describe_endpoint(options: &AwsOptions) -> Result<String, AwsError> {
    let timeout_secs = if options.timeout_secs == 0 {
        10
    } else {
        options.timeout_secs
    };
    tokio::time::timeout(Duration::from_secs(timeout_secs), discover(options))
        .await
        .map_err(|_| AwsError::Timeout { timeout_secs })?
}

async fn discover(options: &AwsOptions) -> Result<String, AwsError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &options.region {
        loader = loader.region(aws_config::Region::new(region.clone()));
    }
    if let Some(url) = &options.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let config = loader.load().await;
    let region = config
        .region()
        .map(ToString::to_string)
        .ok_or(AwsError::NoRegion)?;
    let provider = config
        .credentials_provider()
        .ok_or_else(|| AwsError::NoCredentials {
            profile: options.profile.clone(),
            detail: "no credential provider is configured".to_string(),
        })?;
    provider
        .provide_credentials()
        .await
        .map_err(|e| AwsError::NoCredentials {
            profile: options.profile.clone(),
            detail: error_chain(&e),
        })?;
    let client = aws_sdk_iot::Client::new(&config);
    let output = client
        .describe_endpoint()
        .endpoint_type(options.endpoint_type.as_deref().unwrap_or(DATA_ATS))
        .send()
        .await
        .map_err(|e| {
            use aws_sdk_iot::error::SdkError;
            let detail = error_chain(&e);
            match e {
                SdkError::ServiceError(service) => AwsError::Service {
                    region: region.clone(),
                    detail: error_chain(service.err()),
                },
                _ => AwsError::Network {
                    region: region.clone(),
                    detail,
                },
            }
        })?;
    output
        .endpoint_address()
        .map(str::to_string)
        .ok_or(AwsError::NoAddress { region })
}

/// The messages of an error and its sources, joined with ": ", repeated parts dropped and
/// the whole kept to one readable line (the SDK's own rendering includes debug dumps).
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        let text = e.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    let mut line = parts.join(": ");
    if line.chars().count() > 300 {
        line = line.chars().take(299).collect::<String>() + "…";
    }
    line
}
