//! The trust stores and policy as the user chose them: the form the trust panel edits in
//! place and every verification reads. Apart from [`App`](super::App), so that the panel needs
//! only this form, not the application.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::model::options;
use crate::model::{BuiltinStore, Profile, Purpose, StoreChoice};

use super::tasks::StoreKey;

/// When to validate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeMode {
    /// The current time, at each verification.
    #[default]
    Now,
    /// The time typed into [`TrustForm::time_text`].
    At,
}

/// Trust stores and policy as chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrustForm {
    /// Use the AWS IoT device roots.
    pub aws_iot: bool,
    /// Use the root of the legacy AWS IoT endpoints (VeriSign Class 3 G5).
    pub aws_iot_legacy: bool,
    /// Use the Mozilla roots.
    pub mozilla: bool,
    /// Use the operating system's store.
    pub system: bool,
    /// PEM/DER bundle files used as stores.
    pub bundles: Vec<PathBuf>,
    /// Bundle files kept in the list but unticked: not used until ticked again.
    pub bundles_off: Vec<PathBuf>,
    /// Now, or the typed time.
    pub time_mode: TimeMode,
    /// The validation time as typed (RFC 3339 or `YYYY-MM-DD`).
    pub time_text: String,
    /// The expected host name; empty for the fetched host.
    pub host: String,
    /// Server or client authentication.
    pub usage: Purpose,
    /// The rule set that decides each path.
    pub profile: Profile,
    /// "Check revocation": download CRLs and ask OCSP responders.
    pub check_revocation: bool,
    /// "Fetch missing issuers": AIA caIssuers.
    pub fetch_issuers: bool,
    /// CRL files to check revocation against.
    pub crls: Vec<PathBuf>,
    /// SPKI pins as typed (`sha256/BASE64`, separated by spaces, commas or lines).
    pub pins_text: String,
    /// Certificate policy OIDs as typed (one per line or separated by commas): the
    /// user-initial-policy-set; anyPolicy by default.
    pub policies_text: String,
    /// The path must be valid for one of the typed policies (initial-explicit-policy).
    pub require_explicit_policy: bool,
    /// Policy mappings are not followed (initial-policy-mapping-inhibit).
    pub inhibit_policy_mapping: bool,
    /// anyPolicy in a certificate is not every policy (initial-any-policy-inhibit).
    pub inhibit_any_policy: bool,
    /// The device stacks that answer beside the stores, and their clock.
    pub devices: super::device_picker::DeviceForm,
}

/// The certificate-policy inputs of a verification, as the form gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyInputs {
    /// The user-initial-policy-set, dotted OIDs.
    pub policies: Vec<String>,
    /// initial-explicit-policy.
    pub require_explicit_policy: bool,
    /// initial-policy-mapping-inhibit.
    pub inhibit_policy_mapping: bool,
    /// initial-any-policy-inhibit.
    pub inhibit_any_policy: bool,
}

impl PolicyInputs {
    /// Sets these inputs in a verification policy.
    pub fn apply(&self, policy: &mut crate::model::Policy) {
        policy.policies.clone_from(&self.policies);
        policy.require_explicit_policy = self.require_explicit_policy;
        policy.inhibit_policy_mapping = self.inhibit_policy_mapping;
        policy.inhibit_any_policy = self.inhibit_any_policy;
    }
}

impl Default for TrustForm {
    fn default() -> Self {
        Self {
            aws_iot: true,
            aws_iot_legacy: false,
            mozilla: true,
            system: false,
            bundles: Vec::new(),
            bundles_off: Vec::new(),
            time_mode: TimeMode::Now,
            time_text: String::new(),
            host: String::new(),
            usage: Purpose::Server,
            profile: Profile::WebPki,
            check_revocation: false,
            fetch_issuers: false,
            crls: Vec::new(),
            pins_text: String::new(),
            policies_text: crate::model::oids::ANY_POLICY.to_string(),
            require_explicit_policy: false,
            inhibit_policy_mapping: false,
            inhibit_any_policy: false,
            devices: super::device_picker::DeviceForm::default(),
        }
    }
}

impl TrustForm {
    /// The chosen stores, in the order their verdicts are shown.
    pub fn store_keys(&self) -> Vec<StoreKey> {
        let mut keys = Vec::new();
        if self.aws_iot {
            keys.push(StoreChoice::Builtin(BuiltinStore::AwsIot));
        }
        if self.aws_iot_legacy {
            keys.push(StoreChoice::Builtin(BuiltinStore::AwsIotLegacy));
        }
        if self.mozilla {
            keys.push(StoreChoice::Builtin(BuiltinStore::Mozilla));
        }
        if self.system {
            keys.push(StoreChoice::Builtin(BuiltinStore::System));
        }
        keys.extend(
            self.bundles
                .iter()
                .filter(|p| !self.bundles_off.contains(p))
                .cloned()
                .map(StoreChoice::File),
        );
        keys
    }

    /// The typed pins that parse; see [`TrustForm::pin_errors`] for the others.
    pub fn pins(&self) -> Vec<crate::model::Pin> {
        self.pin_words().filter_map(|w| w.parse().ok()).collect()
    }

    /// What is wrong with each typed pin that does not parse.
    pub fn pin_errors(&self) -> Vec<String> {
        self.pin_words()
            .filter_map(|w| w.parse::<crate::model::Pin>().err())
            .map(|e| e.to_string())
            .collect()
    }

    fn pin_words(&self) -> impl Iterator<Item = &str> {
        self.pins_text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
    }

    /// The certificate-policy inputs, or what is wrong with the typed OIDs.
    pub fn policy_inputs(&self) -> Result<PolicyInputs, String> {
        let policies =
            options::parse_policy_list(&self.policies_text).map_err(|e| e.to_string())?;
        Ok(PolicyInputs {
            policies,
            require_explicit_policy: self.require_explicit_policy,
            inhibit_policy_mapping: self.inhibit_policy_mapping,
            inhibit_any_policy: self.inhibit_any_policy,
        })
    }

    /// The typed validation time: `None` for now, or what is wrong with the text.
    pub fn fixed_time(&self) -> Result<Option<OffsetDateTime>, String> {
        match self.time_mode {
            TimeMode::Now => Ok(None),
            TimeMode::At => parse_time(&self.time_text).map(Some),
        }
    }
}

/// Fewest digits a bare number needs to be read as Unix seconds in the window (1973 and
/// later): a short number is a date being typed, not a time in 1970.
pub const MIN_UNIX_DIGITS: usize = 9;

/// Parses a validation time as every face does (see [`options::parse_time`]), except that a
/// bare number shorter than [`MIN_UNIX_DIGITS`] is refused (`@SECONDS` says Unix time
/// explicitly): in a field typed key by key, "2" is the start of a year.
pub fn parse_time(text: &str) -> Result<OffsetDateTime, String> {
    let trimmed = text.trim();
    if let Some(seconds) = trimmed.strip_prefix('@') {
        let seconds: i64 = seconds
            .trim()
            .parse()
            .map_err(|_| format!("\"{trimmed}\" is not a date: after @ come Unix seconds"))?;
        return OffsetDateTime::from_unix_timestamp(seconds)
            .map_err(|_| format!("{seconds} is not a usable Unix time"));
    }
    let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
    if !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && digits.len() < MIN_UNIX_DIGITS
    {
        return Err(format!(
            "\"{trimmed}\" is not a date: use 2023-01-01, RFC 3339, or @SECONDS for Unix time"
        ));
    }
    options::parse_time(text).map_err(|e| e.to_string())
}
