use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};

use super::AwsError;

/// The profiles of the shared config files (`~/.aws/config`, `~/.aws/credentials`, or
/// `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`), as the AWS SDK reads them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileList {
    /// The profile names, sorted, `default` first when present.
    pub names: Vec<String>,
    /// The profile chosen by `AWS_PROFILE`, else `default`.
    pub selected: String,
    /// Whether `AWS_PROFILE` chose it (so it must exist).
    pub selected_from_environment: bool,
    /// The config file read, as people write it.
    pub config_file: String,
    /// The credentials file read, as people write it.
    pub credentials_file: String,
    /// Per profile name: whether it (or the profile it assumes a role from) signs in with SSO.
    sso: Vec<String>,
    /// Per profile name: its `region`, when set.
    regions: Vec<(String, String)>,
}

impl ProfileList {
    /// Whether this profile gets its credentials from an SSO session.
    pub fn uses_sso(&self, profile: &str) -> bool {
        self.sso.iter().any(|p| p == profile)
    }

    /// The `region` this profile sets, when it sets one.
    pub fn region(&self, profile: &str) -> Option<&str> {
        self.regions
            .iter()
            .find(|(p, _)| p == profile)
            .map(|(_, r)| r.as_str())
    }
}

/// Reads the profile names of the shared config files, for people to choose from.
pub async fn list_profiles() -> Result<ProfileList, AwsError> {
    load().await
}

/// Reads and parses the shared config files with the SDK's own parser.
pub(super) async fn load() -> Result<ProfileList, AwsError> {
    let env = Env::real();
    let set = aws_config::profile::load(&Fs::real(), &env, &EnvConfigFiles::default(), None)
        .await
        .map_err(|e| AwsError::ConfigFiles {
            detail: e
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        })?;
    let mut names: Vec<String> = set.profiles().map(str::to_string).collect();
    names.sort_by(|a, b| (a != "default", a).cmp(&(b != "default", b)));
    let uses_sso_directly = |name: &str| {
        set.get_profile(name)
            .is_some_and(|p| p.get("sso_session").is_some() || p.get("sso_start_url").is_some())
    };
    let mut sso = Vec::new();
    for name in &names {
        // Follow source_profile a few steps: a role assumed from an SSO profile needs SSO too.
        let mut current = name.clone();
        for _ in 0..5 {
            if uses_sso_directly(&current) {
                sso.push(name.clone());
                break;
            }
            match set
                .get_profile(&current)
                .and_then(|p| p.get("source_profile"))
            {
                Some(source) if source != current => current = source.to_string(),
                _ => break,
            }
        }
    }
    let regions = names
        .iter()
        .filter_map(|name| {
            let region = set.get_profile(name)?.get("region")?;
            Some((name.clone(), region.to_string()))
        })
        .collect();
    let from_env = |key: &str| env.get(key).ok().filter(|v| !v.is_empty());
    Ok(ProfileList {
        names,
        selected: set.selected_profile().to_string(),
        selected_from_environment: from_env("AWS_PROFILE").is_some(),
        config_file: from_env("AWS_CONFIG_FILE").unwrap_or_else(|| "~/.aws/config".to_string()),
        credentials_file: from_env("AWS_SHARED_CREDENTIALS_FILE")
            .unwrap_or_else(|| "~/.aws/credentials".to_string()),
        sso,
        regions,
    })
}
