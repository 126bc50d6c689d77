//! The one set of verification options every face uses: validation time, trust stores,
//! purpose, profile, host name and depth, parsed and defaulted here and nowhere else.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::oids;

/// The rule set a path is decided by.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// The CA/Browser Forum profile, as browsers, rustls-webpki and pyca/cryptography
    /// enforce it (EKU required, CN copies a SAN, no CA as leaf, RSA ≥ 2048, no SHA-1, …).
    #[default]
    #[value(name = "webpki")]
    #[serde(rename = "webpki")]
    WebPki,
    /// RFC 5280 §6 path validation, the standard itself. The Web PKI's extra rules are
    /// warnings. What a device's TLS stack decides is a device profile's answer (`--device`),
    /// not this one's: measured, the stacks differ from RFC 5280 and from each other.
    #[value(name = "rfc5280")]
    #[serde(rename = "rfc5280")]
    Rfc5280,
}

impl Profile {
    /// Every profile, in the order menus show them.
    pub const ALL: [Profile; 2] = [Profile::WebPki, Profile::Rfc5280];

    /// The profile's name as the CLI and JSON spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::WebPki => "webpki",
            Profile::Rfc5280 => "rfc5280",
        }
    }

    /// A few words for menus.
    pub fn description(self) -> &'static str {
        match self {
            Profile::WebPki => "Web PKI (CA/Browser Forum), as browsers decide",
            Profile::Rfc5280 => "RFC 5280 §6 path validation (the standard)",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The intended use of the end-entity certificate.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// TLS server authentication (id-kp-serverAuth).
    #[default]
    Server,
    /// TLS client authentication (id-kp-clientAuth), such as an IoT device certificate.
    Client,
    /// The target is a CA certificate, asked about as a CA ("is this CA trusted?"): RFC 5280
    /// §6.1 over the whole path and the rules for CA certificates, none of the end-entity
    /// rules (EKU, host name, "the leaf is a CA"). A target the store holds is trusted as
    /// that store's anchor.
    Ca,
}

impl Purpose {
    /// The purposes a person picks for a leaf, in the order menus show them. [`Purpose::Ca`]
    /// is not among them: the window chooses it by itself for a CA certificate read from a
    /// file or a paste, and the CLI takes it as `--purpose ca`.
    pub const ALL: [Purpose; 2] = [Purpose::Server, Purpose::Client];

    /// Dotted OID of the EKU purpose the leaf must allow; none for a CA target.
    pub fn eku_oid(self) -> Option<&'static str> {
        match self {
            Purpose::Server => Some(oids::EKU_SERVER_AUTH),
            Purpose::Client => Some(oids::EKU_CLIENT_AUTH),
            Purpose::Ca => None,
        }
    }

    /// Readable name, as the CLI and JSON spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Server => "server",
            Purpose::Client => "client",
            Purpose::Ca => "ca",
        }
    }

    /// What the chain was checked for, in words: the policy line of every face.
    pub fn describe(self) -> &'static str {
        match self {
            Purpose::Server => "server authentication",
            Purpose::Client => "client authentication",
            Purpose::Ca => "checked as a CA certificate (end-entity rules do not apply)",
        }
    }

    /// The sentence a face shows beside the verdict when the purpose changes what the rules
    /// are: only for a CA target, whose server-leaf rules do not apply.
    pub fn verdict_note(self) -> Option<&'static str> {
        match self {
            Purpose::Ca => Some("Checked as a CA certificate: server-leaf rules do not apply."),
            Purpose::Server | Purpose::Client => None,
        }
    }

    /// The purpose to check a target under: [`Purpose::Ca`] for a CA certificate (cA TRUE)
    /// that was not captured from a live TLS server, else `chosen`. A server that sends a CA
    /// as its leaf really is broken, so a capture keeps `chosen`; a CA read from a file, a
    /// bundle row or a paste is asked about as a CA.
    pub fn for_target(
        chosen: Purpose,
        target: &super::Certificate,
        source: &super::Source,
    ) -> Purpose {
        let captured =
            matches!(source.kind, super::SourceKind::Tls { .. }) || source.connection.is_some();
        if target.is_ca() && !captured {
            Purpose::Ca
        } else {
            chosen
        }
    }
}

/// A trust store compiled into or found by chainlens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum BuiltinStore {
    /// The Mozilla root program (compiled in).
    Mozilla,
    /// The operating system's store.
    System,
    /// Amazon Root CA 1–4 and Starfield Services Root G2 (AWS IoT device preset).
    AwsIot,
    /// VeriSign Class 3 Public Primary CA – G5, the root of the legacy AWS IoT `iot:Data`
    /// endpoints that today's stores removed.
    AwsIotLegacy,
    /// Amazon Root CA 1 alone: what the AWS IoT Device SDKs trust by default.
    AwsIotDeviceSdk,
}

impl BuiltinStore {
    /// Every built-in store, in the order menus show them.
    pub const ALL: [BuiltinStore; 5] = [
        BuiltinStore::AwsIot,
        BuiltinStore::AwsIotDeviceSdk,
        BuiltinStore::AwsIotLegacy,
        BuiltinStore::Mozilla,
        BuiltinStore::System,
    ];

    /// The name verdicts carry.
    pub fn display_name(self) -> &'static str {
        match self {
            BuiltinStore::Mozilla => "Mozilla roots",
            BuiltinStore::System => "System store",
            BuiltinStore::AwsIot => "AWS IoT device roots",
            BuiltinStore::AwsIotLegacy => "AWS IoT legacy (VeriSign G5)",
            BuiltinStore::AwsIotDeviceSdk => "AWS IoT Device SDK (Amazon Root CA 1)",
        }
    }

    /// Whether loading it reads the disk.
    pub fn reads_disk(self) -> bool {
        self == BuiltinStore::System
    }
}

/// A trust store the user chose: built in, or a bundle file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StoreChoice {
    /// A built-in store.
    Builtin(BuiltinStore),
    /// A PEM / DER / PKCS#7 bundle file, each file its own store.
    File(PathBuf),
}

impl StoreChoice {
    /// Whether loading it reads the disk (and so runs as a job in the window).
    pub fn reads_disk(&self) -> bool {
        match self {
            StoreChoice::Builtin(b) => b.reads_disk(),
            StoreChoice::File(_) => true,
        }
    }

    /// The stores `--trust-store` and `--trust` name; Mozilla when both are empty.
    pub fn from_args(builtin: &[BuiltinStore], files: &[PathBuf]) -> Vec<StoreChoice> {
        let mut out: Vec<StoreChoice> = builtin.iter().copied().map(StoreChoice::Builtin).collect();
        out.extend(files.iter().cloned().map(StoreChoice::File));
        if out.is_empty() {
            out.push(StoreChoice::Builtin(BuiltinStore::Mozilla));
        }
        out
    }
}

/// Why a validation time could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    /// Nothing was typed.
    #[error("type a date such as 2023-01-01, RFC 3339 (2023-01-01T12:00:00Z) or Unix seconds")]
    Empty,
    /// The number is not a representable Unix time.
    #[error("{seconds} is not a usable Unix time")]
    OutOfRange {
        /// The number given.
        seconds: i64,
    },
    /// Not one of the accepted forms.
    #[error(
        "\"{text}\" is not a date or time: use 2023-01-01, 2023-01-01 12:00:00 (UTC), RFC 3339 (2023-01-01T12:00:00Z) or Unix seconds"
    )]
    Unreadable {
        /// What was given.
        text: String,
    },
}

/// Parses a validation time: RFC 3339 (`2023-01-01T12:00:00Z`), `YYYY-MM-DD HH:MM:SS` (UTC),
/// `YYYY-MM-DD` (midnight UTC) or Unix seconds.
pub fn parse_time(text: &str) -> Result<OffsetDateTime, TimeError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(TimeError::Empty);
    }
    if let Ok(seconds) = text.parse::<i64>() {
        return OffsetDateTime::from_unix_timestamp(seconds)
            .map_err(|_| TimeError::OutOfRange { seconds });
    }
    if let Ok(t) = OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339) {
        return Ok(t);
    }
    let date_time =
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    if let Ok(t) = time::PrimitiveDateTime::parse(text, &date_time) {
        return Ok(t.assume_utc());
    }
    let date = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &date)
        .map(|d| d.midnight().assume_utc())
        .map_err(|_| TimeError::Unreadable {
            text: text.to_string(),
        })
}

/// A validation time as the CLI takes it (`--at`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValidationTime(pub OffsetDateTime);

impl FromStr for ValidationTime {
    type Err = TimeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_time(s).map(ValidationTime)
    }
}

/// What the chain is verified for: when, for whom, for which use, and by which rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// The validation time.
    #[serde(with = "time::serde::rfc3339")]
    pub time: OffsetDateTime,
    /// The expected host name or IP address, if any.
    pub host: Option<String>,
    /// Server or client authentication.
    pub purpose: Purpose,
    /// The rule set that decides each path.
    pub profile: Profile,
    /// At most this many (non-self-issued) intermediates between the leaf and the anchor.
    pub max_depth: Option<usize>,
    /// SPKI SHA-256 pins: when any is given, a path is trusted only if one of its
    /// certificates (or its anchor) has a pinned key.
    #[serde(default)]
    pub pins: Vec<Pin>,
    /// user-initial-policy-set (RFC 5280 §6.1.1(c)): the certificate policies, as dotted
    /// OIDs, that the relying party accepts; anyPolicy (the default) accepts any.
    #[serde(default = "any_policy_set")]
    pub policies: Vec<String>,
    /// initial-explicit-policy (RFC 5280 §6.1.1(g)): the path must be valid for at least one
    /// policy of [`Policy::policies`].
    #[serde(default)]
    pub require_explicit_policy: bool,
    /// initial-policy-mapping-inhibit (RFC 5280 §6.1.1(e)): policy mapping is not permitted.
    #[serde(default)]
    pub inhibit_policy_mapping: bool,
    /// initial-any-policy-inhibit (RFC 5280 §6.1.1(f)): anyPolicy in a certificate is not
    /// taken as every policy.
    #[serde(default)]
    pub inhibit_any_policy: bool,
    /// The device TLS stacks to answer for (`--device`) and their clock; each gets its own
    /// verdict per store, beside the profile's.
    #[serde(skip_serializing_if = "super::DeviceChoice::is_empty")]
    pub devices: super::DeviceChoice,
}

/// The default user-initial-policy-set: anyPolicy alone.
pub fn any_policy_set() -> Vec<String> {
    vec![oids::ANY_POLICY.to_string()]
}

/// Why a certificate policy OID does not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyOidError {
    /// Nothing was given.
    #[error("type at least one policy OID, such as 2.5.29.32.0 (anyPolicy)")]
    Empty,
    /// Not a dotted OID.
    #[error("\"{text}\" is not a dotted OID such as 2.16.840.1.101.3.2.1.48.1")]
    Malformed {
        /// What was given.
        text: String,
    },
}

/// Parses one certificate policy OID in dotted form (`2.16.840.1.101.3.2.1.48.1`): at least
/// two arcs of decimal digits without leading zeros, the first 0, 1 or 2, and the second
/// below 40 under 0 and 1 (X.660), so that every OID accepted could appear in a certificate.
pub fn parse_policy_oid(text: &str) -> Result<String, PolicyOidError> {
    let text = text.trim();
    let malformed = || PolicyOidError::Malformed {
        text: text.to_string(),
    };
    if text.is_empty() {
        return Err(PolicyOidError::Empty);
    }
    let arcs: Vec<&str> = text.split('.').collect();
    let well_formed = |arc: &&str| {
        !arc.is_empty()
            && arc.bytes().all(|b| b.is_ascii_digit())
            && (arc.len() == 1 || !arc.starts_with('0'))
    };
    if arcs.len() < 2 || !arcs.iter().all(well_formed) {
        return Err(malformed());
    }
    let first = arcs.first().and_then(|a| a.parse::<u8>().ok());
    let second = arcs.get(1).and_then(|a| a.parse::<u64>().ok());
    match (first, second) {
        (Some(0 | 1), Some(second)) if second < 40 => Ok(text.to_string()),
        (Some(2), _) => Ok(text.to_string()),
        _ => Err(malformed()),
    }
}

/// Parses a list of policy OIDs, one per line or separated by commas (the window's field);
/// an empty list is an error, as RFC 5280 needs at least one (anyPolicy for "any").
pub fn parse_policy_list(text: &str) -> Result<Vec<String>, PolicyOidError> {
    let mut out: Vec<String> = Vec::new();
    for item in text.split([',', '\n']).map(str::trim) {
        if item.is_empty() {
            continue;
        }
        let oid = parse_policy_oid(item)?;
        if !out.contains(&oid) {
            out.push(oid);
        }
    }
    if out.is_empty() {
        return Err(PolicyOidError::Empty);
    }
    Ok(out)
}

/// A certificate policy OID as the CLI takes it (`--policy`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyOid(pub String);

impl FromStr for PolicyOid {
    type Err = PolicyOidError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_policy_oid(s).map(PolicyOid)
    }
}

/// An SPKI SHA-256 pin, the form of HPKP and curl's `--pinnedpubkey`: `sha256/BASE64`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Pin {
    /// The base64 of the SHA-256 of the DER SubjectPublicKeyInfo (44 characters).
    pub spki_sha256_base64: String,
}

/// Why a pin does not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PinError {
    /// The text does not start with `sha256/`.
    #[error("a pin is sha256/ followed by base64, not \"{text}\"")]
    Prefix {
        /// What was given.
        text: String,
    },
    /// The part after `sha256/` is not base64 of 32 bytes.
    #[error("the pin \"{text}\" is not the base64 of a 32-byte SHA-256 digest")]
    Digest {
        /// What was given.
        text: String,
    },
}

impl Pin {
    /// The pin of a key, from its `spki_sha256_base64`.
    pub fn of_key(key: &super::PublicKeyInfo) -> Self {
        Self {
            spki_sha256_base64: key.spki_sha256_base64.clone(),
        }
    }

    /// Whether this certificate's key is pinned.
    pub fn matches(&self, cert: &super::Certificate) -> bool {
        self.matches_key(&cert.public_key)
    }

    /// Whether this key is pinned.
    pub fn matches_key(&self, key: &super::PublicKeyInfo) -> bool {
        key.spki_sha256_base64 == self.spki_sha256_base64
    }
}

impl FromStr for Pin {
    type Err = PinError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        use base64::Engine as _;
        let trimmed = text.trim();
        let Some(digest) = trimmed.strip_prefix("sha256/") else {
            return Err(PinError::Prefix {
                text: text.to_string(),
            });
        };
        match base64::engine::general_purpose::STANDARD.decode(digest) {
            Ok(bytes) if bytes.len() == 32 => Ok(Self {
                spki_sha256_base64: digest.to_string(),
            }),
            _ => Err(PinError::Digest {
                text: text.to_string(),
            }),
        }
    }
}

impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256/{}", self.spki_sha256_base64)
    }
}

impl From<Pin> for String {
    fn from(pin: Pin) -> Self {
        pin.to_string()
    }
}

impl TryFrom<String> for Pin {
    type Error = PinError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl Default for Policy {
    fn default() -> Self {
        Self::now()
    }
}

impl Policy {
    /// The policy for now, no host, server authentication, the Web PKI profile.
    pub fn now() -> Self {
        Self::at(OffsetDateTime::now_utc())
    }

    /// Whether the certificate-policy inputs are RFC 5280's defaults: anyPolicy, nothing
    /// inhibited, no explicit policy required.
    pub fn policy_inputs_are_default(&self) -> bool {
        self.policies == any_policy_set()
            && !self.require_explicit_policy
            && !self.inhibit_policy_mapping
            && !self.inhibit_any_policy
    }

    /// The default policy at a fixed time.
    pub fn at(time: OffsetDateTime) -> Self {
        Self {
            time,
            host: None,
            purpose: Purpose::Server,
            profile: Profile::WebPki,
            max_depth: None,
            pins: Vec::new(),
            policies: any_policy_set(),
            require_explicit_policy: false,
            inhibit_policy_mapping: false,
            inhibit_any_policy: false,
            devices: super::DeviceChoice::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_time_form_parses() {
        let t = |s: &str| parse_time(s).map(|t| t.unix_timestamp());
        assert_eq!(t("2023-01-01"), Ok(1_672_531_200));
        assert_eq!(t("2023-01-01T00:00:10Z"), Ok(1_672_531_210));
        assert_eq!(t("2023-01-01 00:00:10"), Ok(1_672_531_210));
        assert_eq!(t(" 1672531200 "), Ok(1_672_531_200));
        assert_eq!(parse_time(""), Err(TimeError::Empty));
        assert!(matches!(
            parse_time("yesterday"),
            Err(TimeError::Unreadable { .. })
        ));
        assert!(matches!(
            parse_time("99999999999999999"),
            Err(TimeError::OutOfRange { .. })
        ));
    }

    #[test]
    fn pins_parse_and_name_what_is_wrong() {
        let good = "sha256/KwccWaCgrnaw6tsrrSO61FgLacNgG2MMLq8GE6+oP5I=";
        assert_eq!(
            good.parse::<Pin>().map(|p| p.to_string()),
            Ok(good.to_string())
        );
        assert!(matches!(
            "KwccWaCgrnaw6tsrrSO61FgLacNgG2MMLq8GE6+oP5I=".parse::<Pin>(),
            Err(PinError::Prefix { .. })
        ));
        assert!(matches!(
            "sha256/AAAA".parse::<Pin>(),
            Err(PinError::Digest { .. })
        ));
        assert!(matches!(
            "sha256/not base64!".parse::<Pin>(),
            Err(PinError::Digest { .. })
        ));
    }

    #[test]
    fn policy_oids_parse_and_bad_ones_are_named() {
        assert_eq!(parse_policy_oid(" 2.5.29.32.0 "), Ok("2.5.29.32.0".into()));
        assert_eq!(parse_policy_oid("2.999.1"), Ok("2.999.1".into()));
        for bad in [
            "2",
            "1.2.",
            "1.40",
            "3.1",
            "1.02",
            "a.b",
            "1..2",
            "2.5.29.32.0x",
        ] {
            assert!(
                matches!(parse_policy_oid(bad), Err(PolicyOidError::Malformed { .. })),
                "{bad}"
            );
        }
        assert_eq!(parse_policy_oid("  "), Err(PolicyOidError::Empty));
        assert_eq!(
            parse_policy_list(
                "2.16.840.1.101.3.2.1.48.1, 2.16.840.1.101.3.2.1.48.2\n\n2.16.840.1.101.3.2.1.48.1"
            ),
            Ok(vec![
                "2.16.840.1.101.3.2.1.48.1".to_string(),
                "2.16.840.1.101.3.2.1.48.2".to_string()
            ])
        );
        assert_eq!(parse_policy_list(" , \n"), Err(PolicyOidError::Empty));
        assert!(parse_policy_list("1.2.3, x").is_err());
    }

    #[test]
    fn no_store_means_mozilla() {
        assert_eq!(
            StoreChoice::from_args(&[], &[]),
            vec![StoreChoice::Builtin(BuiltinStore::Mozilla)]
        );
    }
}
