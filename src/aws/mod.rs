//! AWS IoT Core endpoint discovery (`aws iot describe-endpoint`) through the standard AWS
//! credential chain: environment, shared config and credentials files, SSO, process
//! credentials, assume-role, web identity, container and instance roles.
//!
//! One discovery loads the configuration once and asks for every endpoint type with one
//! client, so the SDK's identity cache fetches the credentials exactly once (one
//! `credential_process` run, one STS call, one SSO prompt), and one timeout covers it all.

mod endpoint_type;
mod error;
mod profiles;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::identity::IdentityCache;
use aws_config::meta::credentials::CredentialsProviderChain;
use aws_config::meta::region::RegionProviderChain;
use aws_config::provider_config::ProviderConfig;
use aws_config::timeout::TimeoutConfig;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_iot::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_iot::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_iot::error::{BoxError, ProvideErrorMetadata, SdkError};
use aws_sdk_iot::operation::describe_endpoint::DescribeEndpointError;
use serde::Serialize;

pub use endpoint_type::{EndpointType, LEGACY_EXPLANATION};
pub use error::AwsError;
pub use profiles::{ProfileList, list_profiles};

/// The endpoint type of the ATS-signed data endpoint, the one devices should use.
pub const DATA_ATS: &str = "iot:Data-ATS";

/// The limit for a whole discovery when none is given, seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 15;

/// The regions where AWS IoT Core runs, for people to choose from.
pub const IOT_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "ca-west-1",
    "mx-central-1",
    "sa-east-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "af-south-1",
    "ap-east-1",
    "ap-south-1",
    "ap-south-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "cn-north-1",
    "cn-northwest-1",
    "us-gov-east-1",
    "us-gov-west-1",
];

/// How to reach AWS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsOptions {
    /// Named profile from the shared config files; `AWS_PROFILE` or `default` when `None`.
    pub profile: Option<String>,
    /// Region, such as `us-east-1`; from the environment or the profile when `None`.
    pub region: Option<String>,
    /// Another service URL (a local emulator, a VPC endpoint); the profile's `endpoint_url`
    /// or AWS's own when `None`.
    pub endpoint_url: Option<String>,
    /// Limit for the whole discovery, credentials included, seconds (at least 1).
    pub timeout_secs: u64,
}

impl Default for AwsOptions {
    fn default() -> Self {
        Self {
            profile: None,
            region: None,
            endpoint_url: None,
            timeout_secs: DEFAULT_TIMEOUT_SECS,
        }
    }
}

/// One endpoint of the account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// Its type.
    #[serde(rename = "type")]
    pub endpoint_type: EndpointType,
    /// Its host name, such as `a1b2c3-ats.iot.eu-west-1.amazonaws.com`.
    pub address: String,
}

/// What a discovery found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Discovery {
    /// The region asked.
    pub region: String,
    /// The profile whose configuration was used.
    pub profile: String,
    /// The service URL asked, when the request got that far.
    pub service_url: Option<String>,
    /// The endpoints, in the order asked.
    pub endpoints: Vec<Endpoint>,
}

impl Discovery {
    /// The address of one type, when it was asked for.
    pub fn address(&self, endpoint_type: EndpointType) -> Option<&str> {
        self.endpoints
            .iter()
            .find(|e| e.endpoint_type == endpoint_type)
            .map(|e| e.address.as_str())
    }
}

/// Looks up the account's ATS data endpoint address.
pub async fn describe_endpoint(options: &AwsOptions) -> Result<String, AwsError> {
    let discovery = discover(options, &[EndpointType::DataAts]).await?;
    discovery
        .address(EndpointType::DataAts)
        .map(str::to_string)
        .ok_or(AwsError::NoAddress {
            endpoint_type: DATA_ATS.to_string(),
            region: discovery.region,
        })
}

/// Looks up the account's endpoints of the given types, within `options.timeout_secs`.
pub async fn discover(options: &AwsOptions, types: &[EndpointType]) -> Result<Discovery, AwsError> {
    if options.timeout_secs == 0 {
        return Err(AwsError::ZeroTimeout);
    }
    if let Some(url) = &options.endpoint_url {
        // What follows http:// or https://, which must name a host.
        let authority = ["http://", "https://"].iter().find_map(|scheme| {
            url.get(..scheme.len())
                .filter(|prefix| prefix.eq_ignore_ascii_case(scheme))
                .and_then(|_| url.get(scheme.len()..))
        });
        if authority.is_none_or(str::is_empty) {
            return Err(AwsError::InvalidEndpointUrl { url: url.clone() });
        }
    }
    let progress = Progress::default();
    progress.set("reading the AWS shared config files".to_string());
    let limit = Duration::from_secs(options.timeout_secs);
    match tokio::time::timeout(limit, discover_within(options, types, &progress)).await {
        Ok(result) => result,
        Err(_) => Err(AwsError::Timeout {
            timeout_secs: options.timeout_secs,
            stage: progress.get(),
        }),
    }
}

/// What the discovery is doing, for the timeout's message, and the URL it asked.
#[derive(Clone, Debug, Default)]
struct Progress {
    stage: Arc<Mutex<String>>,
    url: Arc<Mutex<Option<String>>>,
}

impl Progress {
    fn set(&self, stage: String) {
        if let Ok(mut current) = self.stage.lock() {
            *current = stage;
        }
    }

    fn get(&self) -> String {
        self.stage
            .lock()
            .map(|s| s.clone())
            .unwrap_or_else(|_| "asking AWS".to_string())
    }

    fn set_url(&self, url: String) {
        if let Ok(mut current) = self.url.lock() {
            *current = Some(url);
        }
    }

    fn url(&self) -> Option<String> {
        self.url.lock().ok().and_then(|u| u.clone())
    }
}

/// Records where each request goes once it is signed (so the credentials are in hand).
#[derive(Debug)]
struct ProgressInterceptor {
    progress: Progress,
}

impl Intercept for ProgressInterceptor {
    fn name(&self) -> &'static str {
        "chainlens progress"
    }

    fn read_after_signing(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let url = service_url(context.request().uri());
        self.progress
            .set(format!("waiting for AWS IoT DescribeEndpoint at {url}"));
        self.progress.set_url(url);
        Ok(())
    }
}

/// `scheme://authority` of a request URI: the query names only the endpoint type.
fn service_url(uri: &str) -> String {
    let (scheme, rest) = uri.split_once("://").unwrap_or(("https", uri));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    format!("{scheme}://{authority}")
}

async fn discover_within(
    options: &AwsOptions,
    types: &[EndpointType],
    progress: &Progress,
) -> Result<Discovery, AwsError> {
    let timeout = Duration::from_secs(options.timeout_secs);
    let profiles = profiles::load().await?;
    let profile = options
        .profile
        .clone()
        .unwrap_or_else(|| profiles.selected.clone());
    // Like aws-cli, a profile that was asked for must exist; `default` may be absent.
    let asked_for = options.profile.is_some() || profiles.selected_from_environment;
    if asked_for && !profiles.names.contains(&profile) {
        return Err(AwsError::UnknownProfile {
            profile,
            config_file: profiles.config_file,
            credentials_file: profiles.credentials_file,
        });
    }
    let region = resolve_region(options, &profile).await?;
    let uses_sso = profiles.uses_sso(&profile);

    progress.set(format!("getting AWS credentials for profile {profile}"));
    let provider_config = ProviderConfig::default()
        .with_region(Some(aws_config::Region::new(region.clone())))
        .with_timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(timeout)
                .operation_timeout(timeout)
                .build(),
        );
    let credentials = credentials_chain(options, &profile, &provider_config);
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(aws_config::Region::new(region.clone()))
        .credentials_provider(credentials)
        // The default load timeout (5 s) would cut an SSO or assume-role load short.
        .identity_cache(IdentityCache::lazy().load_timeout(timeout).build())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(timeout)
                .operation_timeout(timeout)
                .build(),
        );
    if options.profile.is_some() {
        loader = loader.profile_name(&profile);
    }
    if let Some(url) = &options.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let config = loader.load().await;
    let iot_config = aws_sdk_iot::config::Builder::from(&config)
        .interceptor(ProgressInterceptor {
            progress: progress.clone(),
        })
        .build();
    let client = aws_sdk_iot::Client::from_conf(iot_config);

    let mut endpoints = Vec::new();
    // One request after the other: the first loads the credentials into the client's cache
    // and the others reuse them.
    for endpoint_type in types {
        let output = client
            .describe_endpoint()
            .endpoint_type(endpoint_type.api_name())
            .send()
            .await
            .map_err(|err| {
                classify(
                    err,
                    &Context {
                        endpoint_type: *endpoint_type,
                        region: &region,
                        profile: &profile,
                        uses_sso,
                        url: progress.url(),
                        fallback_url: options.endpoint_url.as_deref(),
                        timeout_secs: options.timeout_secs,
                    },
                )
            })?;
        let Some(address) = output.endpoint_address().filter(|a| !a.is_empty()) else {
            return Err(AwsError::NoAddress {
                endpoint_type: endpoint_type.api_name().to_string(),
                region,
            });
        };
        endpoints.push(Endpoint {
            endpoint_type: *endpoint_type,
            address: address.to_string(),
        });
    }
    Ok(Discovery {
        region,
        profile,
        service_url: progress.url(),
        endpoints,
    })
}

/// The region: the option, then `AWS_REGION`/`AWS_DEFAULT_REGION`, then the profile, then
/// (on EC2 only) the instance metadata.
async fn resolve_region(options: &AwsOptions, profile: &str) -> Result<String, AwsError> {
    if let Some(region) = &options.region {
        return checked_region(region);
    }
    let mut chain = RegionProviderChain::first_try(
        aws_config::environment::region::EnvironmentVariableRegionProvider::new(),
    )
    .or_else(
        aws_config::profile::ProfileFileRegionProvider::builder()
            .profile_name(profile)
            .build(),
    );
    if instance_metadata_may_answer() {
        chain = chain.or_else(aws_config::imds::region::ImdsRegionProvider::builder().build());
    }
    match chain.region().await {
        Some(region) => checked_region(region.as_ref()),
        None => Err(AwsError::NoRegion {
            profile: profile.to_string(),
        }),
    }
}

/// Rejects region names that cannot be one, before they become a host name.
fn checked_region(region: &str) -> Result<String, AwsError> {
    let region = region.trim();
    if region.is_empty() {
        return Err(AwsError::EmptyRegion);
    }
    let plausible = region
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-');
    if !plausible {
        return Err(AwsError::InvalidRegion {
            region: region.to_string(),
        });
    }
    Ok(region.to_string())
}

/// The standard credential chain, built here for two reasons: an explicit profile takes
/// precedence over credentials in the environment (as in aws-cli), and the instance
/// metadata service is only asked where it can answer, so that a machine off EC2 does not
/// wait for it.
fn credentials_chain(
    options: &AwsOptions,
    profile: &str,
    provider_config: &ProviderConfig,
) -> CredentialsProviderChain {
    let profile_provider = aws_config::profile::ProfileFileCredentialsProvider::builder()
        .configure(provider_config)
        .profile_name(profile)
        .build();
    let mut chain = if options.profile.is_some() {
        CredentialsProviderChain::first_try("Profile", profile_provider)
    } else {
        CredentialsProviderChain::first_try(
            "Environment",
            aws_config::environment::credentials::EnvironmentVariableCredentialsProvider::new(),
        )
        .or_else("Profile", profile_provider)
    };
    chain = chain
        .or_else(
            "WebIdentityToken",
            aws_config::web_identity_token::WebIdentityTokenCredentialsProvider::builder()
                .configure(provider_config)
                .build(),
        )
        .or_else(
            "EcsContainer",
            aws_config::ecs::EcsCredentialsProvider::builder()
                .configure(provider_config)
                .build(),
        );
    if instance_metadata_may_answer() {
        chain = chain.or_else(
            "Ec2InstanceMetadata",
            aws_config::imds::credentials::ImdsCredentialsProvider::builder()
                .configure(provider_config)
                .build(),
        );
    }
    chain
}

/// Whether the EC2 instance metadata service may answer here.
///
/// True on EC2 (its DMI vendor or asset tag says so), wherever the user configured the
/// service explicitly (`AWS_EC2_METADATA_DISABLED` is then honoured by the SDK itself), and
/// on systems where this cannot be told. False elsewhere on Linux, where asking would only
/// wait for a connection that never comes.
fn instance_metadata_may_answer() -> bool {
    if std::env::var_os("AWS_EC2_METADATA_DISABLED").is_some()
        || std::env::var_os("AWS_EC2_METADATA_SERVICE_ENDPOINT").is_some()
    {
        return true;
    }
    if !cfg!(target_os = "linux") {
        return true;
    }
    dmi_says_ec2(|path| std::fs::read_to_string(path).unwrap_or_default())
}

/// Whether the machine's DMI data (or Xen's UUID, on older instances) names EC2.
fn dmi_says_ec2(read: impl Fn(&str) -> String) -> bool {
    read("/sys/class/dmi/id/sys_vendor").contains("Amazon EC2")
        || read("/sys/class/dmi/id/board_asset_tag").starts_with("i-")
        || read("/sys/hypervisor/uuid").starts_with("ec2")
}

/// What a failed request was about, for its message.
struct Context<'a> {
    endpoint_type: EndpointType,
    region: &'a str,
    profile: &'a str,
    uses_sso: bool,
    url: Option<String>,
    fallback_url: Option<&'a str>,
    timeout_secs: u64,
}

impl Context<'_> {
    fn url(&self) -> String {
        self.url
            .clone()
            .or_else(|| self.fallback_url.map(str::to_string))
            .unwrap_or_else(|| format!("https://iot.{}.amazonaws.com", self.region))
    }
}

/// Turns the SDK's error into one of ours, with one readable line.
fn classify(
    err: SdkError<DescribeEndpointError, aws_sdk_iot::config::http::HttpResponse>,
    context: &Context<'_>,
) -> AwsError {
    if let Some(credentials) = find_source::<CredentialsError>(&err) {
        return credentials_error(credentials, context);
    }
    match &err {
        SdkError::ServiceError(service) => {
            let raw = service.raw();
            let status = raw.status().as_u16();
            let (body_code, body_message) = describe_body(raw);
            let code = service.err().code().map(str::to_string).or(body_code);
            let message = service
                .err()
                .message()
                .map(one_line)
                .filter(|m| !m.is_empty())
                .unwrap_or(body_message);
            reply_error(context, status, code, message)
        }
        SdkError::ResponseError(response) => {
            let raw = response.raw();
            let (code, message) = describe_body(raw);
            reply_error(context, raw.status().as_u16(), code, message)
        }
        SdkError::TimeoutError(_) => AwsError::Timeout {
            timeout_secs: context.timeout_secs,
            stage: format!("waiting for AWS IoT DescribeEndpoint at {}", context.url()),
        },
        SdkError::DispatchFailure(failure) if failure.is_timeout() => AwsError::Timeout {
            timeout_secs: context.timeout_secs,
            stage: format!("connecting to AWS IoT at {}", context.url()),
        },
        _ => AwsError::Unreachable {
            region: context.region.to_string(),
            url: context.url(),
            detail: innermost(&err),
        },
    }
}

/// An error reply: access denied, or anything else with its status.
fn reply_error(
    context: &Context<'_>,
    status: u16,
    code: Option<String>,
    message: String,
) -> AwsError {
    let denied_code = code.as_deref().is_some_and(|c| {
        matches!(
            c,
            "AccessDeniedException"
                | "AccessDenied"
                | "UnauthorizedException"
                | "UnrecognizedClientException"
                | "InvalidSignatureException"
                | "ExpiredTokenException"
                | "InvalidClientTokenId"
        )
    });
    if status == 401 || status == 403 || denied_code {
        AwsError::AccessDenied {
            endpoint_type: context.endpoint_type.api_name().to_string(),
            region: context.region.to_string(),
            profile: context.profile.to_string(),
            status,
            code,
            message,
        }
    } else {
        AwsError::Service {
            endpoint_type: context.endpoint_type.api_name().to_string(),
            region: context.region.to_string(),
            status,
            code,
            message,
            url: context.url(),
        }
    }
}

/// A credential failure, named after what the chain tried.
fn credentials_error(err: &CredentialsError, context: &Context<'_>) -> AwsError {
    let profile = context.profile.to_string();
    match err {
        CredentialsError::CredentialsNotLoaded(_) => AwsError::NoCredentials { profile },
        CredentialsError::ProviderTimedOut(_) => AwsError::Timeout {
            timeout_secs: context.timeout_secs,
            stage: format!("getting AWS credentials for profile {profile}"),
        },
        _ if context.uses_sso => AwsError::SsoExpired {
            profile,
            detail: error_chain(err),
        },
        _ => AwsError::CredentialsFailed {
            profile,
            detail: error_chain(err),
        },
    }
}

/// The first error of type `T` in the chain of sources.
fn find_source<'a, T: std::error::Error + 'static>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        current = e.source();
    }
    None
}

/// The message of the last error in the chain: the one that says what really happened
/// (`Connection refused (os error 111)`), where the outer ones say "dispatch failure".
fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut last = one_line(&err.to_string());
    let mut current = err.source();
    while let Some(e) = current {
        let text = one_line(&e.to_string());
        if !text.is_empty() {
            last = text;
        }
        current = e.source();
    }
    last
}

/// The messages of an error and its sources on one line, each part once.
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        let text = one_line(&e.to_string());
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}

/// Collapses whitespace (new lines included) so a message stays on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The code and message of an error reply the SDK could not read: the XML error of an
/// AWS query-protocol service (`<Code>…</Code><Message>…</Message>`), else what the body
/// looked like (its content type and first words), so that a proxy's HTML page still says
/// something.
fn describe_body(raw: &aws_sdk_iot::config::http::HttpResponse) -> (Option<String>, String) {
    let content_type = raw
        .headers()
        .get("content-type")
        .unwrap_or("no content type");
    let body = raw
        .body()
        .bytes()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let element = |name: &str| {
        let open = format!("<{name}>");
        let close = format!("</{name}>");
        let start = body.find(&open)? + open.len();
        let length = body.get(start..)?.find(&close)?;
        body.get(start..start + length)
            .map(one_line)
            .filter(|text| !text.is_empty())
    };
    if let Some(message) = element("Message") {
        return (element("Code"), message);
    }
    let words = one_line(&body);
    if words.is_empty() {
        return (
            None,
            format!("not an AWS reply ({content_type}, empty body)"),
        );
    }
    let mut excerpt = String::new();
    for word in words.split(' ') {
        if excerpt.chars().count() + word.chars().count() > 80 {
            excerpt.push_str(" …");
            break;
        }
        if !excerpt.is_empty() {
            excerpt.push(' ');
        }
        excerpt.push_str(word);
    }
    (
        None,
        format!("not an AWS reply ({content_type}: {excerpt})"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_checked() {
        assert_eq!(checked_region(" eu-west-1 "), Ok("eu-west-1".to_string()));
        assert_eq!(checked_region(""), Err(AwsError::EmptyRegion));
        assert_eq!(checked_region("   "), Err(AwsError::EmptyRegion));
        for bad in ["EU-WEST-1", "eu west 1", "eu-west-1.", "-eu", "a/b"] {
            assert!(
                matches!(checked_region(bad), Err(AwsError::InvalidRegion { .. })),
                "{bad}"
            );
        }
        for region in IOT_REGIONS {
            assert!(checked_region(region).is_ok(), "{region}");
        }
    }

    #[test]
    fn service_url_drops_path_and_query() {
        assert_eq!(
            service_url("https://iot.eu-west-1.amazonaws.com/endpoint?endpointType=iot%3AData"),
            "https://iot.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            service_url("http://127.0.0.1:5000/endpoint"),
            "http://127.0.0.1:5000"
        );
    }

    #[test]
    fn messages_stay_on_one_line() {
        assert_eq!(one_line("a\n  b\tc "), "a b c");
        let err = AwsError::AccessDenied {
            endpoint_type: "iot:Data-ATS".into(),
            region: "eu-west-1".into(),
            profile: "dev".into(),
            status: 403,
            code: Some("AccessDeniedException".into()),
            message: "User is not authorized".into(),
        };
        let text = err.to_string();
        assert!(!text.contains('\n'), "{text}");
        assert!(text.contains("iot:DescribeEndpoint"), "{text}");
        assert!(text.contains("HTTP 403 AccessDeniedException"), "{text}");
    }

    #[test]
    fn ec2_is_told_by_its_dmi_data() {
        let machine = |files: &'static [(&'static str, &'static str)]| {
            move |path: &str| {
                files
                    .iter()
                    .find(|(p, _)| *p == path)
                    .map(|(_, text)| (*text).to_string())
                    .unwrap_or_default()
            }
        };
        assert!(dmi_says_ec2(machine(&[(
            "/sys/class/dmi/id/sys_vendor",
            "Amazon EC2\n"
        )])));
        assert!(dmi_says_ec2(machine(&[(
            "/sys/class/dmi/id/board_asset_tag",
            "i-0123456789abcdef0\n"
        )])));
        assert!(dmi_says_ec2(machine(&[(
            "/sys/hypervisor/uuid",
            "ec2e1916-9099-7caf-fd21-012345abcdef\n"
        )])));
        // A laptop, a container without DMI: nothing to ask, so nothing to wait for.
        assert!(!dmi_says_ec2(machine(&[(
            "/sys/class/dmi/id/sys_vendor",
            "LENOVO\n"
        )])));
        assert!(!dmi_says_ec2(machine(&[])));
    }

    #[tokio::test]
    async fn zero_timeout_is_refused() {
        let options = AwsOptions {
            timeout_secs: 0,
            ..AwsOptions::default()
        };
        assert_eq!(
            discover(&options, &EndpointType::ALL).await,
            Err(AwsError::ZeroTimeout)
        );
    }
}
