//! Device profiles: which TLS stack a device runs, with which build options and clock, and
//! the verdict that stack gives. The rules themselves live in `verify::device`; the words in
//! `report/`.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use super::CertId;

/// A TLS stack chainlens can answer for, each proven against one real library build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stack {
    /// Mbed TLS 2.28 (`mbedtls_x509_crt_verify_with_profile` + `mbedtls_ssl_check_cert_usage`).
    MbedTls,
    /// wolfSSL 5.5 (`ProcessPeerCerts` in the TLS client).
    WolfSsl,
    /// BearSSL 0.6 (`br_x509_minimal`).
    BearSsl,
    /// GnuTLS 3.7 (`gnutls_x509_trust_list_verify_crt2`).
    GnuTls,
    /// OpenSSL 3.0 (`X509_verify_cert` as `SSL_connect` runs it).
    OpenSsl,
}

impl Stack {
    /// Every stack, in the order listings show them.
    pub const ALL: [Stack; 5] = [
        Stack::MbedTls,
        Stack::WolfSsl,
        Stack::BearSsl,
        Stack::GnuTls,
        Stack::OpenSsl,
    ];

    /// The profile name the CLI takes (`mbedtls-2.28`).
    pub fn profile_name(self) -> &'static str {
        match self {
            Stack::MbedTls => "mbedtls-2.28",
            Stack::WolfSsl => "wolfssl-5.5",
            Stack::BearSsl => "bearssl-0.6",
            Stack::GnuTls => "gnutls-3.7",
            Stack::OpenSsl => "openssl-3.0",
        }
    }

    /// The library's name as people write it.
    pub fn library(self) -> &'static str {
        match self {
            Stack::MbedTls => "Mbed TLS",
            Stack::WolfSsl => "wolfSSL",
            Stack::BearSsl => "BearSSL",
            Stack::GnuTls => "GnuTLS",
            Stack::OpenSsl => "OpenSSL",
        }
    }

    /// The exact build the rules were proven against.
    pub fn proven_against(self) -> &'static str {
        match self {
            Stack::MbedTls => "Debian bookworm libmbedtls-dev 2.28.3",
            Stack::WolfSsl => "Debian bookworm libwolfssl-dev 5.5.4",
            Stack::BearSsl => "Debian bookworm libbearssl-dev 0.6",
            Stack::GnuTls => "Debian bookworm libgnutls28-dev 3.7.9",
            Stack::OpenSsl => "Debian bookworm libssl-dev 3.0 (default SECLEVEL 2)",
        }
    }

    /// The build options this stack's profile accepts, as the CLI spells them.
    pub fn option_names(self) -> &'static [&'static str] {
        match self {
            Stack::MbedTls => &[
                "no-time",
                "max-intermediates=N",
                "ecc-only",
                "rsa-only",
                "in-content-len=N",
                "mfl=512|1024|2048|4096",
            ],
            Stack::WolfSsl => &[
                "alt-cert-chains",
                "no-asn-time",
                "max-intermediates=N",
                "no-tls13",
                "ecc-only",
                "rsa-only",
                "mfl=512|1024|2048|4096",
            ],
            // BearSSL 0.6 has no TLS 1.3; its max_fragment_length request follows its buffer.
            Stack::BearSsl => &[
                "max-intermediates=N",
                "ecc-only",
                "rsa-only",
                "mfl=512|1024|2048|4096",
            ],
            Stack::GnuTls | Stack::OpenSsl => &[
                "max-intermediates=N",
                "no-tls13",
                "ecc-only",
                "rsa-only",
                "mfl=512|1024|2048|4096",
            ],
        }
    }

    /// Whether the stack's profile takes this build option (its spelling before any `=`).
    fn takes(self, option: &str) -> bool {
        self.option_names()
            .iter()
            .any(|name| name.split('=').next() == Some(option))
    }

    fn from_name(name: &str) -> Option<Stack> {
        Stack::ALL.into_iter().find(|s| {
            let full = s.profile_name();
            // `mbedtls` alone names the one version chainlens knows.
            name == full || full.split('-').next() == Some(name)
        })
    }
}

/// A ready-made device: a stack with the trust store its SDK ships.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// The AWS IoT Device SDK for Embedded C: Mbed TLS 2.28 trusting Amazon Root CA 1 only,
    /// the SDK's default root certificate.
    AwsIotDeviceSdk,
    /// ESP-IDF's `esp_crt_bundle`: Mbed TLS with anchors that are a name and a key only.
    /// It trusts the user's own ESP-IDF bundles when any is given, else ESP-IDF's default bundle.
    EspIdf,
}

impl Preset {
    /// Every preset, in the order listings show them.
    pub const ALL: [Preset; 2] = [Preset::AwsIotDeviceSdk, Preset::EspIdf];

    /// The name the CLI takes.
    pub fn name(self) -> &'static str {
        match self {
            Preset::AwsIotDeviceSdk => "aws-iot-device-sdk",
            Preset::EspIdf => "esp-idf",
        }
    }

    /// The stack the preset runs.
    pub fn stack(self) -> Stack {
        match self {
            Preset::AwsIotDeviceSdk | Preset::EspIdf => Stack::MbedTls,
        }
    }

    /// The trust store the preset brings.
    pub fn store(self) -> PresetStore {
        match self {
            Preset::AwsIotDeviceSdk => PresetStore::AmazonRootCa1,
            Preset::EspIdf => PresetStore::EspIdfBundle,
        }
    }
}

/// The trust store a preset brings instead of the stores the user chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PresetStore {
    /// Amazon Root CA 1 alone.
    AmazonRootCa1,
    /// An ESP-IDF certificate bundle: the user's own, else the default one ESP-IDF builds into
    /// firmware (121 Mozilla roots as subject name and public key).
    EspIdfBundle,
}

/// Build options of a stack that change its verdict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct DeviceOptions {
    /// Validity dates are not checked: mbedTLS built without `MBEDTLS_HAVE_TIME_DATE`,
    /// wolfSSL with `NO_ASN_TIME`.
    pub no_time: bool,
    /// wolfSSL `WOLFSSL_ALT_CERT_CHAINS`: a chain that reaches a trusted CA part-way is
    /// accepted, the certificates after it ignored.
    pub alt_cert_chains: bool,
    /// At most this many intermediates (mbedTLS `MBEDTLS_X509_MAX_INTERMEDIATE_CA`, wolfSSL
    /// `MAX_CHAIN_DEPTH`); `None` keeps the stack's default.
    pub max_intermediates: Option<usize>,
    /// TLS 1.3 left out of the build (or capped at run time): the client offers TLS 1.2 at most.
    #[serde(skip_serializing_if = "is_false")]
    pub no_tls13: bool,
    /// Only ECDSA-authenticated suites and ECDSA signature algorithms (a build with only the
    /// ECDHE-ECDSA key exchange, as many small devices have).
    #[serde(skip_serializing_if = "is_false")]
    pub ecc_only: bool,
    /// Only RSA-authenticated suites and RSA signature algorithms.
    #[serde(skip_serializing_if = "is_false")]
    pub rsa_only: bool,
    /// mbedTLS `MBEDTLS_SSL_IN_CONTENT_LEN` in bytes (the input buffer, 16384 by default;
    /// 4096 in many ESP32 builds); `None` keeps the stack's default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_content_len: Option<usize>,
    /// The max_fragment_length the client asks for, in bytes (512, 1024, 2048 or 4096).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_fragment_length: Option<u16>,
}

// serde's skip_serializing_if takes a function of a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(value: &bool) -> bool {
    !*value
}

/// One device the user asked about: a stack (or preset) and its build options.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Device {
    /// The stack it runs.
    pub stack: Stack,
    /// The preset it came from, if any.
    pub preset: Option<Preset>,
    /// Its build options.
    pub options: DeviceOptions,
}

impl Device {
    /// The stack's default build.
    pub fn new(stack: Stack) -> Self {
        Self {
            stack,
            preset: None,
            options: DeviceOptions::default(),
        }
    }

    /// The name verdicts carry: the preset's or the stack profile's, with its options
    /// (`mbedtls-2.28:no-time`).
    pub fn name(&self) -> String {
        let base = self
            .preset
            .map_or_else(|| self.stack.profile_name(), Preset::name);
        let options = self.option_words();
        if options.is_empty() {
            base.to_string()
        } else {
            format!("{base}:{}", options.join(","))
        }
    }

    /// The options as the CLI spells them.
    pub fn option_words(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.options.no_time {
            out.push(match self.stack {
                Stack::WolfSsl => "no-asn-time".to_string(),
                _ => "no-time".to_string(),
            });
        }
        if self.options.alt_cert_chains {
            out.push("alt-cert-chains".to_string());
        }
        if let Some(n) = self.options.max_intermediates {
            out.push(format!("max-intermediates={n}"));
        }
        if self.options.no_tls13 {
            out.push("no-tls13".to_string());
        }
        if self.options.ecc_only {
            out.push("ecc-only".to_string());
        }
        if self.options.rsa_only {
            out.push("rsa-only".to_string());
        }
        if let Some(n) = self.options.in_content_len {
            out.push(format!("in-content-len={n}"));
        }
        if let Some(n) = self.options.max_fragment_length {
            out.push(format!("mfl={n}"));
        }
        out
    }
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// Why a `--device` value does not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeviceError {
    /// No such stack or preset.
    #[error(
        "unknown device \"{name}\": use mbedtls-2.28, wolfssl-5.5, bearssl-0.6, gnutls-3.7, openssl-3.0, aws-iot-device-sdk or esp-idf (see `chainlens devices`)"
    )]
    Unknown {
        /// What was given.
        name: String,
    },
    /// An option the stack does not have.
    #[error("{device} has no build option \"{option}\"; it takes: {accepted}")]
    UnknownOption {
        /// The device.
        device: String,
        /// The option given.
        option: String,
        /// The options it takes.
        accepted: String,
    },
    /// An option value that is not a number.
    #[error("max-intermediates takes a whole number, not \"{value}\"")]
    BadNumber {
        /// What was given.
        value: String,
    },
    /// An option value outside what the option takes.
    #[error("{option} takes {accepted}, not \"{value}\"")]
    BadValue {
        /// The option.
        option: &'static str,
        /// What was given.
        value: String,
        /// What it takes.
        accepted: &'static str,
    },
    /// Two options that exclude each other.
    #[error("{first} and {second} exclude each other")]
    Conflict {
        /// One option.
        first: &'static str,
        /// The other.
        second: &'static str,
    },
    /// An empty option between commas.
    #[error("empty build option in \"{text}\"")]
    EmptyOption {
        /// The whole value.
        text: String,
    },
}

impl FromStr for Device {
    type Err = DeviceError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (name, options) = match text.trim().split_once(':') {
            Some((name, options)) => (name, Some(options)),
            None => (text.trim(), None),
        };
        let name = name.to_ascii_lowercase();
        let mut device = if let Some(preset) = Preset::ALL.into_iter().find(|p| p.name() == name) {
            Device {
                preset: Some(preset),
                ..Device::new(preset.stack())
            }
        } else if let Some(stack) = Stack::from_name(&name) {
            Device::new(stack)
        } else {
            return Err(DeviceError::Unknown { name });
        };
        for option in options.into_iter().flat_map(|o| o.split(',')) {
            let option = option.trim();
            if option.is_empty() {
                return Err(DeviceError::EmptyOption {
                    text: text.to_string(),
                });
            }
            let stack = device.stack;
            match option.split_once('=') {
                Some(("max-intermediates", value)) => {
                    let n = value.parse::<usize>().map_err(|_| DeviceError::BadNumber {
                        value: value.to_string(),
                    })?;
                    device.options.max_intermediates = Some(n);
                }
                Some(("in-content-len", value)) if stack.takes("in-content-len") => {
                    // Below the largest handshake header plus a byte nothing works; above 16384
                    // TLS records cannot grow.
                    let n = value
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (512..=16384).contains(n))
                        .ok_or_else(|| DeviceError::BadValue {
                            option: "in-content-len",
                            value: value.to_string(),
                            accepted: "a size in bytes from 512 to 16384",
                        })?;
                    device.options.in_content_len = Some(n);
                }
                Some(("mfl", value)) if stack.takes("mfl") => {
                    let n = value
                        .parse::<u16>()
                        .ok()
                        .filter(|n| [512, 1024, 2048, 4096].contains(n))
                        .ok_or_else(|| DeviceError::BadValue {
                            option: "mfl",
                            value: value.to_string(),
                            accepted: "512, 1024, 2048 or 4096",
                        })?;
                    device.options.max_fragment_length = Some(n);
                }
                None if option == "no-tls13" && stack.takes("no-tls13") => {
                    device.options.no_tls13 = true;
                }
                None if option == "ecc-only" && stack.takes("ecc-only") => {
                    device.options.ecc_only = true;
                }
                None if option == "rsa-only" && stack.takes("rsa-only") => {
                    device.options.rsa_only = true;
                }
                None if option == "no-time" && stack == Stack::MbedTls => {
                    device.options.no_time = true;
                }
                None if option == "no-asn-time" && stack == Stack::WolfSsl => {
                    device.options.no_time = true;
                }
                None if option == "alt-cert-chains" && stack == Stack::WolfSsl => {
                    device.options.alt_cert_chains = true;
                }
                _ => {
                    return Err(DeviceError::UnknownOption {
                        device: name.clone(),
                        option: option.to_string(),
                        accepted: stack.option_names().join(", "),
                    });
                }
            }
        }
        if device.options.ecc_only && device.options.rsa_only {
            return Err(DeviceError::Conflict {
                first: "ecc-only",
                second: "rsa-only",
            });
        }
        Ok(device)
    }
}

/// What the device believes the time is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeviceClock {
    /// The validation time (a device with a set clock).
    #[default]
    Set,
    /// No real-time clock: validity is not checked at all (expired certificates are
    /// accepted, shown as a warning).
    None,
    /// Only a build date: the device believes it is at least that date, so its time is the
    /// later of the validation time and the build date.
    Build {
        /// The build date.
        #[serde(with = "time::serde::rfc3339")]
        date: OffsetDateTime,
    },
    /// A clock off by this many days (negative: behind).
    Skew {
        /// Days ahead of the validation time.
        days: i64,
    },
}

impl DeviceClock {
    /// The time the device checks validity at, or `None` when it checks none.
    pub fn time_at(self, validation_time: OffsetDateTime) -> Option<OffsetDateTime> {
        match self {
            DeviceClock::Set => Some(validation_time),
            DeviceClock::None => None,
            DeviceClock::Build { date } => Some(validation_time.max(date)),
            DeviceClock::Skew { days } => validation_time.checked_add(Duration::days(days)),
        }
    }
}

/// Why a `--device-clock` value does not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not a device clock: use none, build:2024-01-01 or skew:-30d (days, signed)")]
pub struct DeviceClockError {
    /// What was given.
    pub text: String,
}

impl FromStr for DeviceClock {
    type Err = DeviceClockError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || DeviceClockError {
            text: text.to_string(),
        };
        let trimmed = text.trim();
        if trimmed == "none" {
            return Ok(DeviceClock::None);
        }
        if trimmed == "set" {
            return Ok(DeviceClock::Set);
        }
        if let Some(date) = trimmed.strip_prefix("build:") {
            let date = super::options::parse_time(date).map_err(|_| error())?;
            return Ok(DeviceClock::Build { date });
        }
        if let Some(skew) = trimmed.strip_prefix("skew:") {
            let days = skew.strip_suffix('d').ok_or_else(error)?;
            let days = days
                .strip_prefix('+')
                .unwrap_or(days)
                .parse::<i64>()
                .map_err(|_| error())?;
            // A skew beyond a few centuries is a typing error, not a clock.
            if days.abs() > 100_000 {
                return Err(error());
            }
            return Ok(DeviceClock::Skew { days });
        }
        Err(error())
    }
}

/// The devices chosen and their clock: part of the policy every face verifies under.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DeviceChoice {
    /// The devices, in the order given.
    pub devices: Vec<Device>,
    /// The clock every chosen device runs on.
    pub clock: DeviceClock,
}

impl DeviceChoice {
    /// Whether no device was chosen.
    pub fn is_empty(&self) -> bool {
        self.devices.is_empty()
    }
}

/// What a device found wrong, in chainlens's terms; the stack module names it in the stack's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DeviceProblem {
    /// The host name matches nothing the stack compares it with.
    NameMismatch {
        /// The host asked for.
        host: String,
    },
    /// A certificate expired at the device's time.
    Expired {
        /// The certificate (`None`: the trust anchor).
        certificate: Option<CertId>,
        /// Its notAfter.
        #[serde(with = "time::serde::rfc3339")]
        not_after: OffsetDateTime,
    },
    /// A certificate is not valid yet at the device's time.
    NotYetValid {
        /// The certificate (`None`: the trust anchor).
        certificate: Option<CertId>,
        /// Its notBefore.
        #[serde(with = "time::serde::rfc3339")]
        not_before: OffsetDateTime,
    },
    /// A signature does not verify with the issuer the stack picked.
    BadSignature {
        /// The certificate whose signature fails.
        certificate: CertId,
    },
    /// No issuer found for this certificate where the stack looks.
    UnknownIssuer {
        /// The certificate whose issuer is missing.
        certificate: CertId,
        /// Whether that certificate is self-signed (an untrusted root sent in the chain).
        self_signed: bool,
        /// Whether that certificate is itself in the store, yet cannot end a path for this
        /// stack (OpenSSL: it is not self-signed).
        in_store: bool,
    },
    /// The next certificate sent is not the issuer of this one (stacks that take the order
    /// as sent).
    OrderBroken {
        /// The certificate whose issuer should have come next.
        certificate: CertId,
        /// The certificate that came next instead.
        next: CertId,
    },
    /// An issuer is not a CA.
    IssuerNotCa {
        /// The issuer (`None`: the trust anchor).
        certificate: Option<CertId>,
    },
    /// An issuer lacks keyCertSign.
    MissingKeyCertSign {
        /// The issuer (`None`: the trust anchor).
        certificate: Option<CertId>,
    },
    /// A pathLenConstraint is exceeded.
    PathLenExceeded {
        /// The constraining CA (`None`: the trust anchor).
        certificate: Option<CertId>,
    },
    /// More intermediates than the stack's build allows.
    TooManyIntermediates {
        /// How many the path has.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A critical extension the stack does not know.
    UnknownCriticalExtension {
        /// The certificate.
        certificate: CertId,
        /// The extension's OID.
        oid: String,
    },
    /// The stack cannot parse this certificate at all (an Ed25519 key in mbedTLS 2.28, a
    /// critical nameConstraints mbedTLS 2.28 has no parser for).
    Unparsable {
        /// The certificate.
        certificate: CertId,
        /// What it cannot parse.
        what: Unparsable,
    },
    /// A name of the leaf falls outside a CA's name constraints.
    NameConstraintViolation {
        /// The constraining CA.
        certificate: Option<CertId>,
        /// Whether a name falls in an excluded subtree (else outside the permitted ones).
        excluded: bool,
    },
    /// A signature uses a hash the stack's default profile refuses.
    WeakHash {
        /// The certificate whose signature uses it.
        certificate: CertId,
        /// The hash.
        hash: String,
    },
    /// An RSA key shorter than the stack's default profile accepts.
    WeakRsaKey {
        /// The certificate (`None`: the trust anchor).
        certificate: Option<CertId>,
        /// Its size.
        bits: u32,
        /// The minimum.
        minimum: u32,
    },
    /// A key algorithm the stack does not support.
    UnsupportedKey {
        /// The certificate.
        certificate: CertId,
        /// The key algorithm.
        algorithm: String,
    },
    /// A signature made with an algorithm the stack does not know (ML-DSA for every stack
    /// modelled), so the certificate it signs has no issuer the stack can confirm.
    UnsupportedSignature {
        /// The certificate whose signature it is.
        certificate: CertId,
        /// The signature algorithm.
        algorithm: String,
    },
    /// The leaf's keyUsage does not allow its use in TLS.
    LeafKeyUsage {
        /// The leaf.
        certificate: CertId,
        /// Whether its key is an EC key (OpenSSL names that case on its own).
        ec_key: bool,
        /// Whether only the handshake refuses it: the keyUsage allows some TLS use, not this
        /// one (OpenSSL's X.509 purpose check passes).
        handshake_only: bool,
    },
    /// The leaf's or a CA's extendedKeyUsage does not allow server authentication.
    ExtendedKeyUsage {
        /// The certificate.
        certificate: CertId,
    },
}

/// What a stack cannot parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unparsable {
    /// An Ed25519 public key.
    Ed25519Key,
    /// An Ed25519 signature (the algorithm is read before the key).
    Ed25519Signature,
    /// A critical nameConstraints extension.
    CriticalNameConstraints,
    /// Another critical extension it has no parser for.
    CriticalExtension,
    /// nameConstraints encoded before basicConstraints (wolfSSL 5.5 refuses the CA).
    NameConstraintsBeforeBasicConstraints,
}

impl DeviceProblem {
    /// The chainlens failure code this problem corresponds to, as JSON carries it.
    pub fn code(&self) -> &'static str {
        match self {
            DeviceProblem::NameMismatch { .. } => "name_mismatch",
            DeviceProblem::Expired { .. } => "expired",
            DeviceProblem::NotYetValid { .. } => "not_yet_valid",
            DeviceProblem::BadSignature { .. } => "bad_signature",
            DeviceProblem::UnknownIssuer { .. } => "unknown_issuer",
            DeviceProblem::OrderBroken { .. } => "chain_order",
            DeviceProblem::IssuerNotCa { .. } => "issuer_not_ca",
            DeviceProblem::MissingKeyCertSign { .. } => "missing_key_cert_sign",
            DeviceProblem::PathLenExceeded { .. } => "path_len_exceeded",
            DeviceProblem::TooManyIntermediates { .. } => "max_depth_exceeded",
            DeviceProblem::UnknownCriticalExtension { .. } => "unknown_critical_extension",
            DeviceProblem::Unparsable { .. } => "unparsable_certificate",
            DeviceProblem::NameConstraintViolation { .. } => "name_constraint_violation",
            DeviceProblem::WeakHash { .. } => "weak_hash",
            DeviceProblem::WeakRsaKey { .. } => "weak_rsa_key",
            DeviceProblem::UnsupportedKey { .. } => "unsupported_key",
            DeviceProblem::UnsupportedSignature { .. } => "unsupported_signature",
            DeviceProblem::LeafKeyUsage { .. } => "leaf_key_usage",
            DeviceProblem::ExtendedKeyUsage { .. } => "required_eku_not_found",
        }
    }
}

/// An error as the stack itself names it (`MBEDTLS_X509_BADCERT_CN_MISMATCH`), with its
/// number where the stack has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StackError {
    /// The stack's name for it.
    pub name: &'static str,
    /// Its value in the stack (a flag bit, an error number), if it has one.
    pub value: Option<i64>,
}

/// A step of the path a device used: a certificate sent (or given as untrusted) or the
/// store's anchor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceStep {
    /// A certificate of the inspection.
    Certificate(CertId),
    /// The store's trust anchor, by its subject's label.
    Anchor(String),
}

/// One device's verdict for one trust store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeviceVerdict {
    /// The device.
    pub device: Device,
    /// The store's name.
    pub store: String,
    /// Whether the device accepts the chain.
    pub trusted: bool,
    /// The problems, the deciding one first; empty when trusted.
    pub problems: Vec<DeviceProblem>,
    /// The stack's own names for them.
    pub stack_errors: Vec<StackError>,
    /// The path the device used (leaf first), as far as it got.
    pub path: Vec<DeviceStep>,
    /// When the accepted chain stops validating on the device's clock (the first notAfter
    /// on the path it used); `None` when rejected or when the device checks no time.
    #[serde(with = "time::serde::rfc3339::option")]
    pub breaks_at: Option<OffsetDateTime>,
    /// Validity the device does not check (no clock, `no-time`), so expired certificates
    /// pass: the certificates that would have failed.
    pub unchecked_time: Vec<CertId>,
    /// When the order as sent is rejected: an order of the sent certificates this device
    /// would accept, leaf first.
    pub working_order: Option<Vec<CertId>>,
    /// The certificates in the order the device received them (sent, then untrusted).
    pub order_received: Vec<CertId>,
}

impl DeviceVerdict {
    /// The chainlens code of the deciding problem.
    pub fn code(&self) -> Option<&'static str> {
        self.problems.first().map(DeviceProblem::code)
    }
}

/// Whether an inspection passes, for an exit status: with devices chosen the devices decide
/// (every device verdict accepts); without, every store trusts the chain.
pub fn accepted(insp: &super::Inspection) -> bool {
    if insp.policy.devices.is_empty() {
        insp.all_trusted()
    } else {
        !insp.devices.is_empty() && insp.devices.iter().all(|v| v.trusted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_strings_parse_with_options() {
        let d: Device = "mbedtls-2.28:no-time,max-intermediates=2".parse().unwrap();
        assert_eq!(d.stack, Stack::MbedTls);
        assert!(d.options.no_time);
        assert_eq!(d.options.max_intermediates, Some(2));
        assert_eq!(d.name(), "mbedtls-2.28:no-time,max-intermediates=2");
        let w: Device = "wolfssl-5.5:alt-cert-chains,no-asn-time".parse().unwrap();
        assert!(w.options.alt_cert_chains && w.options.no_time);
        let p: Device = "esp-idf".parse().unwrap();
        assert_eq!(p.preset, Some(Preset::EspIdf));
        assert_eq!("bearssl".parse::<Device>().unwrap().stack, Stack::BearSsl);
    }

    #[test]
    fn malformed_device_strings_say_what_is_wrong() {
        assert!(matches!(
            "mbedtls-3.6".parse::<Device>(),
            Err(DeviceError::Unknown { .. })
        ));
        assert!(matches!(
            "bearssl-0.6:no-time".parse::<Device>(),
            Err(DeviceError::UnknownOption { .. })
        ));
        assert!(matches!(
            "mbedtls-2.28:alt-cert-chains".parse::<Device>(),
            Err(DeviceError::UnknownOption { .. })
        ));
        assert!(matches!(
            "mbedtls-2.28:max-intermediates=two".parse::<Device>(),
            Err(DeviceError::BadNumber { .. })
        ));
        assert!(matches!(
            "mbedtls-2.28:no-time,".parse::<Device>(),
            Err(DeviceError::EmptyOption { .. })
        ));
    }

    #[test]
    fn handshake_build_options_parse_where_the_stack_has_them() {
        let d: Device = "mbedtls-2.28:ecc-only,in-content-len=4096,mfl=1024"
            .parse()
            .unwrap();
        assert!(d.options.ecc_only);
        assert_eq!(d.options.in_content_len, Some(4096));
        assert_eq!(d.options.max_fragment_length, Some(1024));
        assert_eq!(
            d.name(),
            "mbedtls-2.28:ecc-only,in-content-len=4096,mfl=1024"
        );
        let o: Device = "openssl-3.0:no-tls13,rsa-only".parse().unwrap();
        assert!(o.options.no_tls13 && o.options.rsa_only);
        // mbedTLS 2.28 and BearSSL 0.6 have no TLS 1.3 to leave out.
        for text in [
            "mbedtls-2.28:no-tls13",
            "bearssl-0.6:no-tls13",
            "gnutls-3.7:in-content-len=4096",
        ] {
            let err = text.parse::<Device>().unwrap_err();
            assert!(matches!(err, DeviceError::UnknownOption { .. }), "{text}");
        }
        let err = "wolfssl-5.5:mfl=1000".parse::<Device>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "mfl takes 512, 1024, 2048 or 4096, not \"1000\""
        );
        assert!(matches!(
            "openssl-3.0:ecc-only,rsa-only".parse::<Device>(),
            Err(DeviceError::Conflict { .. })
        ));
        // The JSON of a device without these options is what it was before they existed.
        let plain = serde_json::to_string(&Device::new(Stack::MbedTls).options).unwrap();
        assert_eq!(
            plain,
            r#"{"no_time":false,"alt_cert_chains":false,"max_intermediates":null}"#
        );
    }

    #[test]
    fn clocks_parse_and_give_the_device_time() {
        let at = time::macros::datetime!(2025-01-01 00:00 UTC);
        assert_eq!("none".parse::<DeviceClock>().unwrap().time_at(at), None);
        let build: DeviceClock = "build:2026-01-01".parse().unwrap();
        assert_eq!(
            build.time_at(at),
            Some(time::macros::datetime!(2026-01-01 00:00 UTC))
        );
        let later = time::macros::datetime!(2027-01-01 00:00 UTC);
        assert_eq!(build.time_at(later), Some(later));
        let skew: DeviceClock = "skew:-30d".parse().unwrap();
        assert_eq!(
            skew.time_at(at),
            Some(time::macros::datetime!(2024-12-02 00:00 UTC))
        );
        assert!("skew:+3d".parse::<DeviceClock>().is_ok());
        assert!("skew:3".parse::<DeviceClock>().is_err());
        assert!("build:soon".parse::<DeviceClock>().is_err());
        assert!("sometimes".parse::<DeviceClock>().is_err());
    }
}
