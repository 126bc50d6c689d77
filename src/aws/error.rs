/// Why AWS IoT endpoint discovery failed. Each message is one line that names what was
/// tried, with the hint aws-cli would give.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AwsError {
    /// No region was given or configured.
    #[error(
        "no AWS region for profile {profile} (tried the option, AWS_REGION, AWS_DEFAULT_REGION \
         and the shared config file): pass a region or run `aws configure set region REGION \
         --profile {profile}`"
    )]
    NoRegion {
        /// The profile whose configuration was read.
        profile: String,
    },
    /// The region was given but is empty.
    #[error("the AWS region is empty: give one such as us-east-1 or eu-west-1")]
    EmptyRegion,
    /// The region has characters no region name has.
    #[error("invalid AWS region {region:?}: a region looks like us-east-1 or eu-west-1")]
    InvalidRegion {
        /// The region as given.
        region: String,
    },
    /// The profile asked for is in neither shared file.
    #[error(
        "the AWS profile {profile:?} is not defined in {config_file} or {credentials_file}: \
         run `aws configure --profile {profile}` or pick another profile"
    )]
    UnknownProfile {
        /// The profile asked for.
        profile: String,
        /// The shared config file read.
        config_file: String,
        /// The shared credentials file read.
        credentials_file: String,
    },
    /// The shared config files could not be read or parsed.
    #[error("cannot read the AWS shared config files: {detail}")]
    ConfigFiles {
        /// What went wrong.
        detail: String,
    },
    /// The credential chain found nothing at all.
    #[error(
        "no AWS credentials for profile {profile} (tried the environment, the shared config and \
         credentials files, web identity, the container role and, on EC2, the instance role): run `aws configure \
         --profile {profile}` or `aws sso login --profile {profile}`"
    )]
    NoCredentials {
        /// The profile used.
        profile: String,
    },
    /// The profile's SSO session is over (or was never started).
    #[error(
        "the SSO session of AWS profile {profile} has expired or was never started: run `aws sso \
         login --profile {profile}` ({detail})"
    )]
    SsoExpired {
        /// The profile used.
        profile: String,
        /// What the SSO provider said.
        detail: String,
    },
    /// A configured credential source failed (credential_process, assume-role, SSO, …).
    #[error("cannot get AWS credentials for profile {profile}: {detail}")]
    CredentialsFailed {
        /// The profile used.
        profile: String,
        /// What the credential provider said.
        detail: String,
    },
    /// AWS refused the caller (HTTP 401/403).
    #[error(
        "AWS denied iot:DescribeEndpoint ({endpoint_type}) in {region} with HTTP {status}{}: \
         {message}; check that the IAM identity of profile {profile} may call iot:DescribeEndpoint",
        code_part(code)
    )]
    AccessDenied {
        /// The endpoint type asked for.
        endpoint_type: String,
        /// The region asked.
        region: String,
        /// The profile used.
        profile: String,
        /// The HTTP status.
        status: u16,
        /// The AWS error code, when the reply had one.
        code: Option<String>,
        /// The reply's message.
        message: String,
    },
    /// AWS, or something in its place, answered with an error.
    #[error(
        "iot:DescribeEndpoint ({endpoint_type}) failed in {region} with HTTP {status}{}: {message} \
         at {url}",
        code_part(code)
    )]
    Service {
        /// The endpoint type asked for.
        endpoint_type: String,
        /// The region asked.
        region: String,
        /// The HTTP status.
        status: u16,
        /// The AWS error code, when the reply had one.
        code: Option<String>,
        /// The reply's message, or what the body looked like when it was not an AWS reply.
        message: String,
        /// The service URL asked.
        url: String,
    },
    /// The request did not reach the service.
    #[error("cannot reach AWS IoT in {region}: {detail} at {url}")]
    Unreachable {
        /// The region asked.
        region: String,
        /// The service URL tried.
        url: String,
        /// The innermost cause (connection refused, no such host, …).
        detail: String,
    },
    /// Nothing came back within the timeout.
    #[error("no answer within {timeout_secs} s while {stage}")]
    Timeout {
        /// The limit.
        timeout_secs: u64,
        /// What was under way, naming the profile or URL.
        stage: String,
    },
    /// The service URL given is not an http(s) URL.
    #[error(
        "invalid AWS endpoint URL {url:?}: give one such as http://127.0.0.1:5000 or \
         https://iot.eu-west-1.amazonaws.com"
    )]
    InvalidEndpointUrl {
        /// The URL as given.
        url: String,
    },
    /// A timeout of zero seconds was asked for.
    #[error("a timeout of 0 s leaves no time to ask AWS: give at least 1 s")]
    ZeroTimeout,
    /// The answer held no address.
    #[error("AWS IoT returned no {endpoint_type} endpoint address in {region}")]
    NoAddress {
        /// The endpoint type asked for.
        endpoint_type: String,
        /// The region asked.
        region: String,
    },
}

/// ` AccessDeniedException` after the status, when there is a code.
fn code_part(code: &Option<String>) -> String {
    code.as_ref().map(|c| format!(" {c}")).unwrap_or_default()
}
