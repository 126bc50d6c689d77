//! The one ranked list of everything a check can find wrong, with stable codes.
//!
//! Every failing or warning check carries one [`Failure`]. Its [`Failure::code`] is the stable
//! snake_case identifier that JSON carries and tests assert on; its `Display` is the one-line
//! sentence people read; its [`Failure::rank`] orders failures from the most specific (the
//! reason worth showing first) to the least, after rustls-webpki's `Error::rank`; and its
//! [`Failure::rule`] says which validation profile enforces it.

use std::fmt;

use serde::Serialize;
use time::OffsetDateTime;

use super::format::{human_date, human_time, plural};
use super::options::{Profile, Purpose};
use super::revocation::{EvidenceProblem, RevocationSource};

/// Which profile turns a failure into a rejection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Every profile rejects it: RFC 5280 path validation itself.
    Rfc5280,
    /// Only the Web PKI profile rejects it (CA/Browser Forum Baseline Requirements as
    /// browsers, rustls-webpki and pyca/cryptography enforce them); under `rfc5280` it is
    /// a warning.
    WebPki,
    /// An issuance rule of the Baseline Requirements that verifiers do not enforce: always a
    /// warning, shown in the details, and not a colour of the link (real, trusted chains
    /// break them).
    Lint,
    /// Not a broken rule but something to act on (a certificate about to expire, a check
    /// that could not be made): always a warning, and it colours the link.
    Caution,
}

impl Rule {
    /// Whether a failure of this rule rejects the path under `profile`.
    pub fn rejects_under(self, profile: Profile) -> bool {
        match self {
            Rule::Rfc5280 => true,
            Rule::WebPki => profile == Profile::WebPki,
            Rule::Lint | Rule::Caution => false,
        }
    }
}

/// Why a CA certificate cannot issue certificates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotCaReason {
    /// basicConstraints says cA FALSE.
    CaFalse,
    /// There is no basicConstraints extension.
    NoBasicConstraints,
    /// A version 1 or 2 certificate, which cannot carry basicConstraints.
    OldVersion,
}

/// Everything a check can find wrong with a link, a certificate or a path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Failure {
    // --- Validity -------------------------------------------------------------------------
    /// The certificate expired before the validation time.
    Expired {
        /// Its notAfter.
        #[serde(with = "time::serde::rfc3339")]
        not_after: OffsetDateTime,
        /// The validation time.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// The certificate is not valid yet at the validation time.
    NotYetValid {
        /// Its notBefore.
        #[serde(with = "time::serde::rfc3339")]
        not_before: OffsetDateTime,
        /// The validation time.
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// notBefore is after notAfter: the certificate is never valid.
    ValidityInverted {
        /// Its notBefore.
        #[serde(with = "time::serde::rfc3339")]
        not_before: OffsetDateTime,
        /// Its notAfter.
        #[serde(with = "time::serde::rfc3339")]
        not_after: OffsetDateTime,
    },
    /// Valid, but it expires soon after the validation time.
    ExpiresSoon {
        /// Its notAfter.
        #[serde(with = "time::serde::rfc3339")]
        not_after: OffsetDateTime,
        /// Whole days from the validation time to notAfter.
        days_left: i64,
    },
    /// A leaf valid for longer than the Baseline Requirements allow for its issuance date.
    ValidityTooLong {
        /// Its validity period in whole days.
        days: i64,
        /// The most the rules allowed when it was issued.
        max_days: i64,
    },

    // --- Signature and chaining ---------------------------------------------------------------
    /// The signature does not verify under the issuer's key.
    BadSignature {
        /// The signature algorithm.
        algorithm: String,
        /// The issuer's label.
        issuer: String,
    },
    /// A self-issued trust anchor whose signature does not verify under its own key.
    BadSelfSignature {
        /// The signature algorithm.
        algorithm: String,
    },
    /// The signature algorithm or key type is not supported, so the signature is not checked.
    UnsupportedSignature {
        /// What is unsupported.
        detail: String,
    },
    /// The issuer's key is not known, so the signature cannot be checked.
    IssuerKeyUnknown,
    /// The algorithm inside tbsCertificate differs from the outer one (RFC 5280 §4.1.1.2).
    SignatureAlgorithmMismatch,
    /// The issuer name is empty.
    EmptyIssuerName,
    /// The issuer name differs from the candidate issuer's subject.
    IssuerNameMismatch {
        /// The child's issuer name.
        issuer_name: String,
        /// The candidate's subject.
        subject: String,
    },
    /// The issuer's name is not known.
    IssuerNameUnknown,
    /// authorityKeyIdentifier is marked critical.
    AkiCritical,
    /// authorityKeyIdentifier differs from the issuer's subjectKeyIdentifier.
    AkiMismatch {
        /// The child's authority key id, hex.
        aki: String,
        /// The issuer's subject key id, hex.
        ski: String,
    },
    /// A certificate issued by a CA without authorityKeyIdentifier.
    MissingAki,
    /// The issuer has no subjectKeyIdentifier to compare the authority key id with.
    IssuerMissingSki,
    /// authorityKeyIdentifier carries authorityCertIssuer and serial.
    AkiIssuerSerial,
    /// The self-signed anchor's authorityKeyIdentifier has no keyIdentifier.
    AkiWithoutKeyId,
    /// The self-signed anchor's authorityKeyIdentifier differs from its own subjectKeyIdentifier.
    AkiNotOwnKey,

    // --- Issuer ability ---------------------------------------------------------------------
    /// The issuer is not a CA.
    IssuerNotCa {
        /// The issuer's label.
        issuer: String,
        /// Why not.
        why: NotCaReason,
        /// Its X.509 version.
        version: u32,
    },
    /// The issuer's pathLenConstraint is smaller than the CAs below it.
    PathLenExceeded {
        /// The issuer's label.
        issuer: String,
        /// Its pathLenConstraint.
        max: u32,
        /// Non-self-issued CA certificates below it on the path.
        found: usize,
    },
    /// The issuer's keyUsage lacks keyCertSign.
    MissingKeyCertSign {
        /// The issuer's label.
        issuer: String,
        /// The bits it has.
        key_usage: String,
    },
    /// A CA certificate without keyUsage.
    CaWithoutKeyUsage,
    /// keyUsage is not critical in a CA certificate.
    KeyUsageNotCritical,
    /// basicConstraints is not critical in a CA certificate.
    BasicConstraintsNotCritical,
    /// More intermediates than the policy's maximum depth.
    MaxDepthExceeded {
        /// The maximum.
        max: usize,
        /// Non-self-issued intermediates on the path.
        found: usize,
    },
    /// No certificate of the path has a key the policy pins (`--pin`, `--pin-file`).
    PinMismatch {
        /// The pins, as `sha256/BASE64`.
        pins: Vec<String>,
    },

    // --- Extended key usage -----------------------------------------------------------------
    /// A server leaf without extendedKeyUsage.
    MissingServerAuth,
    /// extendedKeyUsage is present but does not include the purpose.
    RequiredEkuNotFound {
        /// The purpose asked for.
        purpose: Purpose,
    },
    /// extendedKeyUsage is malformed.
    EkuMalformed,
    /// extendedKeyUsage is critical in a server leaf.
    EkuCriticalInLeaf,
    /// anyExtendedKeyUsage in a server leaf.
    AnyEkuInServerLeaf,
    /// A CA's extendedKeyUsage excludes the purpose, so nothing below it may use it.
    CaEkuExcludesPurpose {
        /// The purpose asked for.
        purpose: Purpose,
    },
    /// extendedKeyUsage is critical in a subordinate CA certificate.
    CriticalEkuInCa,
    /// A subordinate CA certificate without extendedKeyUsage.
    SubCaWithoutEku,
    /// A self-signed root certificate with extendedKeyUsage.
    RootHasEku,

    // --- Names ------------------------------------------------------------------------------
    /// A name outside the name constraints of a CA above it.
    NameConstraintViolation {
        /// The offending name.
        name: String,
        /// What it violates, in words.
        detail: String,
        /// The CA whose constraints these are.
        constrained_by: String,
    },
    /// The name constraints themselves are malformed.
    NameConstraintsMalformed {
        /// What is wrong.
        detail: String,
        /// The CA whose constraints these are.
        constrained_by: String,
    },
    /// Too many name-constraint comparisons: the check refused to continue.
    NameConstraintBudgetExceeded {
        /// The comparisons allowed.
        budget: usize,
    },
    /// An end-entity certificate carries nameConstraints.
    NameConstraintsInLeaf,
    /// The host name does not match the leaf.
    NameMismatch {
        /// The host asked for.
        host: String,
        /// Why not.
        detail: String,
    },
    /// The host asked for is neither a DNS name nor an IP address.
    InvalidHost {
        /// The host asked for.
        host: String,
    },
    /// The common name is not a byte-for-byte copy of a subjectAltName entry (BR 7.1.4.3).
    CommonNameNotInSan {
        /// The common name.
        cn: String,
        /// Why not, in words.
        detail: String,
    },
    /// A subjectAltName DNS entry that is not a valid name.
    InvalidSanDns {
        /// The entry.
        name: String,
    },
    /// The subject is empty but subjectAltName is not critical.
    EmptySubjectSanNotCritical,
    /// subjectAltName is critical although the subject is not empty.
    SanCriticalWithSubject,
    /// The subject is empty and there is no subjectAltName.
    EmptySubjectNoSan,

    // --- Structure --------------------------------------------------------------------------
    /// An unknown extension marked critical.
    UnknownCriticalExtension {
        /// Its name.
        name: String,
        /// Its dotted OID.
        oid: String,
    },
    /// An extension appears twice.
    DuplicateExtension {
        /// Its name.
        name: String,
    },
    /// An extension that does not decode.
    MalformedExtension {
        /// Its name.
        name: String,
        /// The decoder's error.
        error: String,
    },
    /// An extension that must not be critical is.
    ExtensionMustNotBeCritical {
        /// Its name.
        name: String,
    },
    /// Not a version 3 certificate.
    NotVersion3 {
        /// Its version.
        version: u32,
    },
    /// The serial number is zero.
    SerialZero,
    /// The serial number is negative.
    SerialNegative,
    /// The serial number is longer than 20 bytes.
    SerialTooLong {
        /// Its length in bytes.
        bytes: usize,
    },
    /// A CA certificate without subjectKeyIdentifier.
    MissingSki,

    // --- Keys and algorithms ----------------------------------------------------------------
    /// An RSA key too small: below 1024 bits it is rejected everywhere, below 2048 by Web PKI.
    WeakRsaKey {
        /// Its size.
        bits: u32,
    },
    /// An RSA modulus whose size is not a multiple of 8.
    RsaBitsNotMultipleOf8 {
        /// Its size.
        bits: u32,
    },
    /// An elliptic curve outside P-256, P-384 and P-521.
    CurveNotAllowed {
        /// The curve.
        curve: String,
    },
    /// An EC key without a named curve.
    NoNamedCurve,
    /// A key algorithm that is not allowed.
    KeyAlgorithmNotAllowed {
        /// Its name.
        algorithm: String,
    },
    /// An Ed25519 key in a CA certificate (BR §6.1.5 allows only RSA and ECDSA).
    Ed25519InCa,
    /// A SHA-1 signature.
    Sha1Signature {
        /// The algorithm.
        algorithm: String,
    },
    /// An MD5 signature.
    Md5Signature {
        /// The algorithm.
        algorithm: String,
    },
    /// An ECDSA signature whose hash does not match the issuer's curve.
    EcdsaHashCurveMismatch {
        /// The issuer's curve.
        curve: String,
        /// The signature algorithm.
        algorithm: String,
    },

    // --- End entity -------------------------------------------------------------------------
    /// A CA certificate (cA TRUE) as the leaf.
    CaAsLeaf,
    /// The leaf's keyUsage allows keyCertSign although it is not a CA.
    LeafKeyCertSign,
    /// An ECDSA leaf whose keyUsage lacks digitalSignature.
    EcdsaLeafWithoutDigitalSignature,
    /// The target was checked as a CA certificate (`--purpose ca`) but is not a CA.
    TargetNotCa {
        /// The target's label.
        target: String,
        /// Why it is not a CA.
        why: NotCaReason,
    },

    // --- Trust anchors and paths ------------------------------------------------------------
    /// A failure of the trust anchor's own certificate.
    Anchor {
        /// The anchor's label.
        anchor: String,
        /// What is wrong with it.
        failure: Box<Failure>,
    },
    /// No path leads to an anchor of the store.
    UnknownIssuer {
        /// The top certificate reached.
        subject: String,
        /// Its issuer name.
        issuer_name: String,
        /// Whether the top certificate is self-signed.
        self_signed: bool,
        /// The store's name.
        store: String,
    },
    /// The path search stopped at its budget before it found a path.
    SearchBudgetExhausted {
        /// Which limit was reached, in words.
        limit: String,
    },
    /// rustls-webpki rejects the exact path chainlens accepted.
    WebpkiRejects {
        /// Its finding, in words.
        detail: String,
    },
    /// rustls-webpki could not evaluate the path for a limit of its own.
    WebpkiCannotEvaluate {
        /// Why, in words.
        detail: String,
    },
    /// The second opinion was not asked: rustls-webpki verifies end-entity certificates
    /// only, and the target is checked as a CA certificate.
    WebpkiNotApplicable {
        /// The purpose the path was checked for.
        purpose: Purpose,
    },

    // --- Revocation -------------------------------------------------------------------------
    /// A valid CRL or OCSP response of the issuer says the certificate is revoked.
    Revoked {
        /// Where the status came from.
        source: RevocationSource,
        /// revocationDate / revocationTime.
        #[serde(with = "time::serde::rfc3339")]
        revoked_at: OffsetDateTime,
        /// The reason code, in words.
        reason: Option<String>,
    },
    /// No valid CRL or OCSP response said either way (soft-fail unless strict).
    RevocationUnknown {
        /// Why not: the evidence rejected or not fetched.
        problems: Vec<EvidenceProblem>,
        /// Whether `--revocation-strict` makes this a rejection.
        strict: bool,
    },
}

impl Failure {
    /// The stable snake_case code, as JSON carries it.
    pub fn code(&self) -> &'static str {
        use Failure as F;
        match self {
            F::Expired { .. } => "expired",
            F::NotYetValid { .. } => "not_yet_valid",
            F::ValidityInverted { .. } => "validity_inverted",
            F::ExpiresSoon { .. } => "expires_soon",
            F::ValidityTooLong { .. } => "validity_too_long",
            F::BadSignature { .. } => "bad_signature",
            F::BadSelfSignature { .. } => "bad_self_signature",
            F::UnsupportedSignature { .. } => "unsupported_signature",
            F::IssuerKeyUnknown => "issuer_key_unknown",
            F::SignatureAlgorithmMismatch => "signature_algorithm_mismatch",
            F::EmptyIssuerName => "empty_issuer_name",
            F::IssuerNameMismatch { .. } => "issuer_name_mismatch",
            F::IssuerNameUnknown => "issuer_name_unknown",
            F::AkiCritical => "aki_critical",
            F::AkiMismatch { .. } => "aki_mismatch",
            F::MissingAki => "missing_aki",
            F::IssuerMissingSki => "issuer_missing_ski",
            F::AkiIssuerSerial => "aki_issuer_serial",
            F::AkiWithoutKeyId => "aki_without_key_id",
            F::AkiNotOwnKey => "aki_not_own_key",
            F::IssuerNotCa { .. } => "issuer_not_ca",
            F::PathLenExceeded { .. } => "path_len_exceeded",
            F::MissingKeyCertSign { .. } => "missing_key_cert_sign",
            F::CaWithoutKeyUsage => "ca_without_key_usage",
            F::KeyUsageNotCritical => "key_usage_not_critical",
            F::BasicConstraintsNotCritical => "basic_constraints_not_critical",
            F::MaxDepthExceeded { .. } => "max_depth_exceeded",
            F::PinMismatch { .. } => "pin_mismatch",
            F::MissingServerAuth => "missing_server_auth",
            F::RequiredEkuNotFound { .. } => "required_eku_not_found",
            F::EkuMalformed => "eku_malformed",
            F::EkuCriticalInLeaf => "eku_critical_in_leaf",
            F::AnyEkuInServerLeaf => "any_eku_in_server_leaf",
            F::CaEkuExcludesPurpose { .. } => "ca_eku_excludes_purpose",
            F::CriticalEkuInCa => "critical_eku_in_ca",
            F::SubCaWithoutEku => "sub_ca_without_eku",
            F::RootHasEku => "root_has_eku",
            F::NameConstraintViolation { .. } => "name_constraint_violation",
            F::NameConstraintsMalformed { .. } => "name_constraints_malformed",
            F::NameConstraintBudgetExceeded { .. } => "name_constraint_budget_exceeded",
            F::NameConstraintsInLeaf => "name_constraints_in_leaf",
            F::NameMismatch { .. } => "name_mismatch",
            F::InvalidHost { .. } => "invalid_host",
            F::CommonNameNotInSan { .. } => "common_name_not_in_san",
            F::InvalidSanDns { .. } => "invalid_san_dns",
            F::EmptySubjectSanNotCritical => "empty_subject_san_not_critical",
            F::SanCriticalWithSubject => "san_critical_with_subject",
            F::EmptySubjectNoSan => "empty_subject_no_san",
            F::UnknownCriticalExtension { .. } => "unknown_critical_extension",
            F::DuplicateExtension { .. } => "duplicate_extension",
            F::MalformedExtension { .. } => "malformed_extension",
            F::ExtensionMustNotBeCritical { .. } => "extension_must_not_be_critical",
            F::NotVersion3 { .. } => "not_version_3",
            F::SerialZero => "serial_zero",
            F::SerialNegative => "serial_negative",
            F::SerialTooLong { .. } => "serial_too_long",
            F::MissingSki => "missing_ski",
            F::WeakRsaKey { .. } => "weak_rsa_key",
            F::RsaBitsNotMultipleOf8 { .. } => "rsa_bits_not_multiple_of_8",
            F::CurveNotAllowed { .. } => "curve_not_allowed",
            F::NoNamedCurve => "no_named_curve",
            F::KeyAlgorithmNotAllowed { .. } => "key_algorithm_not_allowed",
            F::Ed25519InCa => "ed25519_in_ca",
            F::Sha1Signature { .. } => "sha1_signature",
            F::Md5Signature { .. } => "md5_signature",
            F::EcdsaHashCurveMismatch { .. } => "ecdsa_hash_curve_mismatch",
            F::CaAsLeaf => "ca_as_leaf",
            F::LeafKeyCertSign => "leaf_key_cert_sign",
            F::EcdsaLeafWithoutDigitalSignature => "ecdsa_leaf_without_digital_signature",
            F::TargetNotCa { .. } => "target_not_ca",
            F::Anchor { failure, .. } => failure.code(),
            F::UnknownIssuer { .. } => "unknown_issuer",
            F::SearchBudgetExhausted { .. } => "search_budget_exhausted",
            F::WebpkiRejects { .. } => "webpki_rejects",
            F::WebpkiCannotEvaluate { .. } => "webpki_cannot_evaluate",
            F::WebpkiNotApplicable { .. } => "webpki_not_applicable",
            F::Revoked { .. } => "revoked",
            F::RevocationUnknown { .. } => "revocation_unknown",
        }
    }

    /// Which profile enforces this rule.
    pub fn rule(&self) -> Rule {
        use Failure as F;
        match self {
            // Issuance rules of the Baseline Requirements that verifiers tolerate.
            F::ExpiresSoon { .. }
            | F::IssuerMissingSki
            | F::WebpkiCannotEvaluate { .. }
            | F::WebpkiNotApplicable { .. } => Rule::Caution,
            // Soft-fail: shown, and a rejection only in strict mode.
            F::RevocationUnknown { strict: false, .. } => Rule::Caution,
            F::ValidityTooLong { .. }
            | F::AkiIssuerSerial
            | F::KeyUsageNotCritical
            | F::SubCaWithoutEku
            | F::EcdsaHashCurveMismatch { .. }
            | F::EcdsaLeafWithoutDigitalSignature => Rule::Lint,
            // The CA/Browser Forum profile, beyond RFC 5280 path validation.
            F::BadSelfSignature { .. }
            | F::MissingAki
            | F::AkiWithoutKeyId
            | F::AkiNotOwnKey
            | F::CaWithoutKeyUsage
            | F::BasicConstraintsNotCritical
            | F::MissingServerAuth
            | F::EkuCriticalInLeaf
            | F::AnyEkuInServerLeaf
            | F::CriticalEkuInCa
            | F::RootHasEku
            | F::CommonNameNotInSan { .. }
            | F::MissingSki
            | F::RsaBitsNotMultipleOf8 { .. }
            | F::Ed25519InCa
            | F::Sha1Signature { .. }
            | F::CaAsLeaf
            | F::LeafKeyCertSign
            | F::NotVersion3 { .. } => Rule::WebPki,
            F::WeakRsaKey { bits } if *bits >= 1024 => Rule::WebPki,
            F::Anchor { failure, .. } => failure.rule(),
            _ => Rule::Rfc5280,
        }
    }

    /// How specific the failure is: the highest rank is the reason a verdict shows.
    /// Validity first, then names, revocation and signatures, then constraints, then
    /// structure, and "no path" last, as rustls-webpki ranks its errors.
    pub fn rank(&self) -> u32 {
        use Failure as F;
        match self {
            F::Expired { .. } | F::NotYetValid { .. } => 290,
            F::Revoked { .. } => 285,
            F::NameMismatch { .. } | F::InvalidHost { .. } => 280,
            F::BadSignature { .. } | F::BadSelfSignature { .. } => 260,
            F::SignatureAlgorithmMismatch => 250,
            F::MissingServerAuth
            | F::RequiredEkuNotFound { .. }
            | F::CaEkuExcludesPurpose { .. }
            | F::EkuMalformed
            | F::EkuCriticalInLeaf
            | F::AnyEkuInServerLeaf
            | F::CriticalEkuInCa
            | F::RootHasEku => 240,
            F::NameConstraintViolation { .. } => 230,
            F::PathLenExceeded { .. } | F::MaxDepthExceeded { .. } => 220,
            F::PinMismatch { .. } => 215,
            F::CaAsLeaf | F::LeafKeyCertSign | F::IssuerNotCa { .. } | F::TargetNotCa { .. } => 210,
            F::MissingKeyCertSign { .. }
            | F::CaWithoutKeyUsage
            | F::BasicConstraintsNotCritical => 205,
            F::CommonNameNotInSan { .. } => 200,
            F::ValidityInverted { .. } => 190,
            F::NameConstraintsMalformed { .. } => 180,
            F::SerialZero | F::SerialNegative | F::SerialTooLong { .. } => 170,
            F::WeakRsaKey { .. }
            | F::RsaBitsNotMultipleOf8 { .. }
            | F::CurveNotAllowed { .. }
            | F::NoNamedCurve
            | F::KeyAlgorithmNotAllowed { .. }
            | F::Ed25519InCa
            | F::Sha1Signature { .. }
            | F::Md5Signature { .. } => 160,
            F::UnsupportedSignature { .. } | F::IssuerKeyUnknown => 150,
            F::RevocationUnknown { strict: true, .. } => 140,
            F::UnknownCriticalExtension { .. } | F::NotVersion3 { .. } => 130,
            F::IssuerNameMismatch { .. } | F::EmptyIssuerName | F::IssuerNameUnknown => 120,
            F::AkiMismatch { .. } | F::AkiCritical | F::MissingAki => 110,
            F::AkiWithoutKeyId
            | F::AkiNotOwnKey
            | F::MissingSki
            | F::NameConstraintsInLeaf
            | F::InvalidSanDns { .. }
            | F::EmptySubjectSanNotCritical
            | F::SanCriticalWithSubject
            | F::EmptySubjectNoSan => 100,
            F::WebpkiRejects { .. } => 90,
            F::MalformedExtension { .. }
            | F::DuplicateExtension { .. }
            | F::ExtensionMustNotBeCritical { .. } => 40,
            F::UnknownIssuer { .. } => 20,
            F::SearchBudgetExhausted { .. } | F::NameConstraintBudgetExceeded { .. } => 10,
            F::Anchor { failure, .. } => failure.rank(),
            // Warnings: below every rejection.
            F::ExpiresSoon { .. }
            | F::ValidityTooLong { .. }
            | F::IssuerMissingSki
            | F::AkiIssuerSerial
            | F::KeyUsageNotCritical
            | F::SubCaWithoutEku
            | F::EcdsaHashCurveMismatch { .. }
            | F::EcdsaLeafWithoutDigitalSignature
            | F::WebpkiCannotEvaluate { .. }
            | F::WebpkiNotApplicable { .. }
            | F::RevocationUnknown { strict: false, .. } => 5,
        }
    }

    /// The most specific of several failures (the highest rank; the first among equals).
    pub fn most_specific<'a>(
        failures: impl IntoIterator<Item = &'a Failure>,
    ) -> Option<&'a Failure> {
        let mut best: Option<&Failure> = None;
        for f in failures {
            if best.is_none_or(|b| f.rank() > b.rank()) {
                best = Some(f);
            }
        }
        best
    }
}

fn ago(from: OffsetDateTime, to: OffsetDateTime) -> String {
    let days = (to - from).whole_days();
    if days >= 1 {
        plural(days, "day")
    } else {
        plural((to - from).whole_seconds(), "second")
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Failure as F;
        match self {
            F::Expired { not_after, at } => write!(
                f,
                "expired {}, {} before the validation time",
                human_date(*not_after),
                ago(*not_after, *at)
            ),
            F::NotYetValid { not_before, at } => write!(
                f,
                "not valid before {}, {} after the validation time",
                human_time(*not_before),
                ago(*at, *not_before)
            ),
            F::ValidityInverted {
                not_before,
                not_after,
            } => write!(
                f,
                "notBefore {} is after notAfter {}",
                human_time(*not_before),
                human_time(*not_after)
            ),
            F::ExpiresSoon {
                not_after,
                days_left,
            } => write!(
                f,
                "valid, but expires {} ({} after the validation time)",
                human_date(*not_after),
                plural(*days_left, "day")
            ),
            F::ValidityTooLong { days, max_days } => write!(
                f,
                "valid for {days} days; the Baseline Requirements allowed at most {max_days} when it was issued"
            ),
            F::BadSignature { algorithm, issuer } => write!(
                f,
                "the {algorithm} signature does not verify with the key of {issuer}"
            ),
            F::BadSelfSignature { algorithm } => write!(
                f,
                "its {algorithm} self-signature does not verify with its own key"
            ),
            F::UnsupportedSignature { detail } => write!(f, "{detail}"),
            F::IssuerKeyUnknown => write!(f, "the issuer's key is not known"),
            F::SignatureAlgorithmMismatch => write!(
                f,
                "the signature algorithm inside tbsCertificate differs from the outer one"
            ),
            F::EmptyIssuerName => write!(f, "the issuer name is empty"),
            F::IssuerNameMismatch {
                issuer_name,
                subject,
            } => write!(
                f,
                "issuer \"{issuer_name}\" differs from the subject \"{subject}\""
            ),
            F::IssuerNameUnknown => write!(f, "the issuer's name is not known"),
            F::AkiCritical => write!(f, "authorityKeyIdentifier is marked critical"),
            F::AkiMismatch { aki, ski } => write!(
                f,
                "authority key id {aki} differs from the issuer's subject key id {ski}"
            ),
            F::MissingAki => write!(
                f,
                "no authorityKeyIdentifier (RFC 5280 requires it in every certificate a CA issues)"
            ),
            F::IssuerMissingSki => write!(
                f,
                "the issuer has no subjectKeyIdentifier to compare the authority key id with"
            ),
            F::AkiIssuerSerial => write!(
                f,
                "authorityKeyIdentifier names an issuer and serial number (the Baseline Requirements forbid them)"
            ),
            F::AkiWithoutKeyId => write!(f, "authorityKeyIdentifier has no keyIdentifier"),
            F::AkiNotOwnKey => write!(
                f,
                "authorityKeyIdentifier differs from its own subjectKeyIdentifier"
            ),
            F::IssuerNotCa {
                issuer,
                why,
                version,
            } => match why {
                NotCaReason::CaFalse => write!(f, "{issuer} has basicConstraints CA:FALSE"),
                NotCaReason::NoBasicConstraints => {
                    write!(f, "{issuer} has no basicConstraints, so it is not a CA")
                }
                NotCaReason::OldVersion => write!(
                    f,
                    "{issuer} is a version {version} certificate and cannot be a CA"
                ),
            },
            F::PathLenExceeded { issuer, max, found } => write!(
                f,
                "pathlen:{max} of {issuer} allows {max} CA certificate(s) below it, but the path has {found}"
            ),
            F::MissingKeyCertSign { issuer, key_usage } => write!(
                f,
                "the keyUsage of {issuer} ({key_usage}) lacks Certificate Sign"
            ),
            F::CaWithoutKeyUsage => write!(f, "a CA certificate without keyUsage"),
            F::KeyUsageNotCritical => write!(f, "keyUsage is not critical in a CA certificate"),
            F::BasicConstraintsNotCritical => {
                write!(f, "basicConstraints is not critical in a CA certificate")
            }
            F::PinMismatch { pins } => write!(
                f,
                "no certificate of the path has a pinned key ({})",
                pins.join(", ")
            ),
            F::MaxDepthExceeded { max, found } => write!(
                f,
                "the path has {} between the leaf and the anchor; at most {max} allowed",
                plural(i64::try_from(*found).unwrap_or(i64::MAX), "intermediate")
            ),
            F::MissingServerAuth => write!(
                f,
                "no extendedKeyUsage: the CA/Browser Forum profile requires serverAuth in the leaf"
            ),
            F::RequiredEkuNotFound { purpose } => write!(
                f,
                "extendedKeyUsage does not include {}Auth",
                purpose.as_str()
            ),
            F::EkuMalformed => write!(f, "extendedKeyUsage is malformed"),
            F::EkuCriticalInLeaf => {
                write!(f, "extendedKeyUsage is critical in a server certificate")
            }
            F::AnyEkuInServerLeaf => write!(
                f,
                "anyExtendedKeyUsage is not allowed in a server certificate"
            ),
            F::CaEkuExcludesPurpose { purpose } => write!(
                f,
                "the CA's extendedKeyUsage excludes {}Auth, so nothing below it may use it",
                purpose.as_str()
            ),
            F::CriticalEkuInCa => write!(f, "extendedKeyUsage is critical in a CA certificate"),
            F::SubCaWithoutEku => {
                write!(f, "a subordinate CA certificate without extendedKeyUsage")
            }
            F::RootHasEku => write!(f, "a root certificate must not carry extendedKeyUsage"),
            F::NameConstraintViolation {
                name,
                detail,
                constrained_by,
            } => write!(f, "{name} {detail} (name constraints of {constrained_by})"),
            F::NameConstraintsMalformed {
                detail,
                constrained_by,
            } => write!(
                f,
                "the name constraints of {constrained_by} are malformed: {detail}"
            ),
            F::NameConstraintBudgetExceeded { budget } => write!(
                f,
                "more than {budget} name-constraint comparisons: refusing to continue"
            ),
            F::NameConstraintsInLeaf => write!(
                f,
                "an end-entity certificate must not carry nameConstraints"
            ),
            F::NameMismatch { host, detail } => {
                write!(f, "host name {host} does not match the leaf: {detail}")
            }
            F::InvalidHost { host } => {
                write!(f, "\"{host}\" is not a valid host name or IP address")
            }
            F::CommonNameNotInSan { cn, detail } => write!(
                f,
                "the common name \"{cn}\" is not a byte-for-byte copy of a subjectAltName entry ({detail})"
            ),
            F::InvalidSanDns { name } => {
                write!(f, "subjectAltName has an invalid DNS name \"{name}\"")
            }
            F::EmptySubjectSanNotCritical => {
                write!(f, "the subject is empty but subjectAltName is not critical")
            }
            F::SanCriticalWithSubject => write!(
                f,
                "subjectAltName is critical although the subject is not empty"
            ),
            F::EmptySubjectNoSan => {
                write!(f, "the subject is empty and there is no subjectAltName")
            }
            F::UnknownCriticalExtension { name, oid } => {
                write!(f, "unknown critical extension {name} ({oid})")
            }
            F::DuplicateExtension { name } => write!(f, "the {name} extension appears twice"),
            F::MalformedExtension { name, error } => {
                write!(f, "the {name} extension is malformed: {error}")
            }
            F::ExtensionMustNotBeCritical { name } => write!(f, "{name} must not be critical"),
            F::NotVersion3 { version } => write!(
                f,
                "version {version} certificate: the profile requires version 3"
            ),
            F::SerialZero => write!(f, "the serial number is zero"),
            F::SerialNegative => write!(f, "the serial number is negative"),
            F::SerialTooLong { bytes } => write!(
                f,
                "the serial number is {bytes} bytes long; at most 20 are allowed"
            ),
            F::MissingSki => write!(f, "a CA certificate must carry a subjectKeyIdentifier"),
            F::WeakRsaKey { bits } => write!(
                f,
                "RSA key of {bits} bits: at least {} are required",
                if *bits < 1024 { 1024 } else { 2048 }
            ),
            F::RsaBitsNotMultipleOf8 { bits } => {
                write!(f, "RSA key of {bits} bits is not a multiple of 8")
            }
            F::CurveNotAllowed { curve } => write!(f, "EC curve {curve} is not allowed"),
            F::NoNamedCurve => write!(f, "EC key without a named curve"),
            F::KeyAlgorithmNotAllowed { algorithm } => {
                write!(f, "{algorithm} keys are not allowed")
            }
            F::Ed25519InCa => write!(
                f,
                "an Ed25519 key in a CA certificate (the Baseline Requirements allow only RSA and ECDSA)"
            ),
            F::Sha1Signature { algorithm } => write!(
                f,
                "{algorithm} uses SHA-1, which the Web PKI no longer accepts"
            ),
            F::Md5Signature { algorithm } => write!(f, "{algorithm} is broken"),
            F::EcdsaHashCurveMismatch { curve, algorithm } => write!(
                f,
                "{algorithm} does not match the issuer's {curve} key (the Baseline Requirements pair each curve with its hash)"
            ),
            F::CaAsLeaf => write!(
                f,
                "the leaf is a CA certificate (basicConstraints CA:TRUE), not an end entity"
            ),
            F::LeafKeyCertSign => write!(
                f,
                "the leaf's keyUsage allows Certificate Sign although it is not a CA"
            ),
            F::EcdsaLeafWithoutDigitalSignature => {
                write!(f, "an ECDSA leaf whose keyUsage lacks Digital Signature")
            }
            F::TargetNotCa { target, why } => {
                let why = match why {
                    NotCaReason::CaFalse => "its basicConstraints say CA:FALSE",
                    NotCaReason::NoBasicConstraints => "it has no basicConstraints",
                    NotCaReason::OldVersion => "it is not a version 3 certificate",
                };
                write!(
                    f,
                    "{target} was checked as a CA certificate, but it is not a CA: {why}"
                )
            }
            F::Anchor { anchor, failure } => write!(f, "{anchor}: {failure}"),
            F::UnknownIssuer {
                subject,
                issuer_name,
                self_signed,
                store,
            } => {
                if *self_signed {
                    write!(f, "{subject} is self-signed and is not in {store}")
                } else {
                    write!(
                        f,
                        "no path to a trusted root: the issuer of {subject} (\"{issuer_name}\") is neither in {store} nor among the certificates given"
                    )
                }
            }
            F::SearchBudgetExhausted { limit } => write!(
                f,
                "the path search stopped at its limit of {limit} before it found a path"
            ),
            F::WebpkiRejects { detail } => write!(f, "rustls-webpki rejects this path: {detail}"),
            F::WebpkiCannotEvaluate { detail } => write!(f, "{detail}"),
            F::WebpkiNotApplicable { purpose } => {
                let how = match purpose {
                    Purpose::Ca => "as a CA certificate".to_string(),
                    other => format!("for {}", other.describe()),
                };
                write!(
                    f,
                    "not performed: rustls-webpki verifies end-entity certificates only, and the target was checked {how}"
                )
            }
            F::Revoked {
                source,
                revoked_at,
                reason,
            } => {
                write!(f, "revoked {}", human_time(*revoked_at))?;
                if let Some(reason) = reason {
                    write!(f, " ({reason})")?;
                }
                write!(f, ", according to {source}")
            }
            F::RevocationUnknown { problems, strict } => {
                write!(f, "revocation unknown")?;
                if *strict {
                    write!(f, " (strict mode rejects it)")?;
                }
                let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
                if !problems.is_empty() {
                    write!(f, ": {}", problems.join("; "))?;
                }
                Ok(())
            }
        }
    }
}

impl Failure {
    /// The sentence with, when the rule does not reject under `profile`, the rule's name and
    /// the profile that would reject it.
    pub fn describe(&self, profile: Profile) -> String {
        match self.rule() {
            Rule::WebPki if profile != Profile::WebPki => {
                format!("{self} [{}: rejected by the webpki profile]", self.code())
            }
            Rule::Lint => format!("{self} [lint {}]", self.code()),
            _ => self.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn codes_are_stable_and_anchor_failures_keep_the_inner_code() {
        let expired = Failure::Expired {
            not_after: datetime!(2023-08-14 23:59:59 UTC),
            at: datetime!(2026-12-01 00:00:00 UTC),
        };
        assert_eq!(expired.code(), "expired");
        assert_eq!(expired.rule(), Rule::Rfc5280);
        let anchor = Failure::Anchor {
            anchor: "Root".into(),
            failure: Box::new(expired.clone()),
        };
        assert_eq!(anchor.code(), "expired");
        assert_eq!(anchor.rank(), expired.rank());
        assert!(anchor.to_string().starts_with("Root: expired 2023-08-14"));
    }

    #[test]
    fn the_most_specific_failure_wins() {
        let unknown = Failure::UnknownIssuer {
            subject: "a".into(),
            issuer_name: "b".into(),
            self_signed: false,
            store: "s".into(),
        };
        let eku = Failure::MissingServerAuth;
        let expired = Failure::Expired {
            not_after: datetime!(2020-01-01 00:00:00 UTC),
            at: datetime!(2021-01-01 00:00:00 UTC),
        };
        let all = [unknown, eku, expired.clone()];
        assert_eq!(Failure::most_specific(&all), Some(&expired));
    }

    #[test]
    fn a_non_ca_target_is_rejected_by_every_profile_and_a_skipped_webpki_by_none() {
        let not_ca = Failure::TargetNotCa {
            target: "leaf.example".into(),
            why: NotCaReason::CaFalse,
        };
        assert_eq!(not_ca.code(), "target_not_ca");
        assert_eq!(not_ca.rule(), Rule::Rfc5280);
        assert!(
            not_ca.rank()
                > Failure::UnknownIssuer {
                    subject: "a".into(),
                    issuer_name: "b".into(),
                    self_signed: false,
                    store: "s".into(),
                }
                .rank()
        );
        assert!(not_ca.to_string().contains("not a CA"), "{not_ca}");
        let skipped = Failure::WebpkiNotApplicable {
            purpose: Purpose::Ca,
        };
        assert_eq!(skipped.code(), "webpki_not_applicable");
        assert!(!skipped.rule().rejects_under(Profile::WebPki));
        assert!(
            skipped.to_string().starts_with("not performed"),
            "{skipped}"
        );
    }

    #[test]
    fn profiles_decide_only_webpki_rules() {
        assert!(
            Failure::MissingServerAuth
                .rule()
                .rejects_under(Profile::WebPki)
        );
        assert!(
            !Failure::MissingServerAuth
                .rule()
                .rejects_under(Profile::Rfc5280)
        );
        assert!(
            !Failure::SubCaWithoutEku
                .rule()
                .rejects_under(Profile::WebPki)
        );
        assert!(
            Failure::WeakRsaKey { bits: 512 }
                .rule()
                .rejects_under(Profile::Rfc5280)
        );
        assert!(
            !Failure::WeakRsaKey { bits: 1024 }
                .rule()
                .rejects_under(Profile::Rfc5280)
        );
        let text = Failure::CaAsLeaf.describe(Profile::Rfc5280);
        assert!(text.contains("ca_as_leaf"), "{text}");
    }
}
