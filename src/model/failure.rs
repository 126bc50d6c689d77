//! The one ranked list of everything a check can find wrong, with stable codes.
//!
//! Every failing or warning check carries one [`Failure`]. Its [`Failure::code`] is the stable
//! snake_case identifier that JSON carries and tests assert on; its one-line sentence is
//! written in `report::words` (its `Display`); its [`Failure::rank`] orders failures from the most specific (the
//! reason worth showing first) to the least, after rustls-webpki's `Error::rank`; and its
//! [`Failure::rule`] says which validation profile enforces it.

use serde::Serialize;
use time::OffsetDateTime;

use super::name_match::{CommonNameMismatch, ConstraintBreach, HostMismatch, MalformedConstraints};
use super::options::{Profile, Purpose};
use super::revocation::{EvidenceProblem, RevocationSource};
use super::webpki::{WebpkiError, WebpkiGap};

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

/// Which limit of one path search was reached, with the limit's number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "max", rename_all = "snake_case")]
pub enum BudgetLimit {
    /// The search steps (certificates tried as the next issuer).
    Steps(usize),
    /// The candidate paths recorded.
    Paths(usize),
    /// The intermediates allowed on one path.
    Depth(usize),
    /// The signatures verified by one search.
    Signatures(usize),
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
        detail: super::UnsupportedSignature,
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
    /// The issuer name equals the issuer's subject only by the RFC 5280 §7.1 comparison (case,
    /// white space, string type), not byte for byte as the Web PKI chains names.
    IssuerNameNotByteExact {
        /// The child's issuer name.
        issuer_name: String,
        /// The issuer's subject.
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
    /// A root's authorityKeyIdentifier carries authorityCertIssuer or authorityCertSerialNumber
    /// (Baseline Requirements §7.1.2.1.3: a root's AKI, when present, holds only keyIdentifier).
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
        /// What it violates (in words in JSON).
        #[serde(serialize_with = "serialize_constraint_breach")]
        detail: ConstraintBreach,
        /// The CA whose constraints these are.
        constrained_by: String,
    },
    /// The name constraints themselves are malformed.
    NameConstraintsMalformed {
        /// What is wrong (in words in JSON).
        #[serde(serialize_with = "serialize_malformed_constraints")]
        detail: MalformedConstraints,
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

    // --- Certificate policies ---------------------------------------------------------------
    /// An explicit policy is required, and no policy acceptable to the user is valid for the
    /// path (RFC 5280 §6.1.3(f), §6.1.5(g)): the valid_policy_tree is empty while
    /// explicit_policy is 0.
    NoValidPolicy {
        /// The certificate after whose processing no valid policy was left.
        certificate: String,
    },
    /// A policyMappings entry maps from or to anyPolicy (RFC 5280 §6.1.4(a)).
    PolicyMappingAnyPolicy {
        /// The certificate with the mapping.
        certificate: String,
    },
    /// policyConstraints is not critical (RFC 5280 §4.2.1.11: conforming CAs must mark it
    /// critical). An issuance rule that §6 does not check, and that NIST PKITS's own CAs
    /// break: the webpki profile rejects it, as x509-limbo's `rfc5280::pc::ica-noncritical-pc`
    /// expects; under rfc5280 it warns.
    PolicyConstraintsNotCritical {
        /// The certificate with the extension.
        certificate: String,
    },
    /// The valid_policy_tree would grow past its node limit: the check refused to continue.
    PolicyTreeTooLarge {
        /// The nodes allowed.
        max_nodes: usize,
    },
    /// The host name does not match the leaf.
    NameMismatch {
        /// The host asked for.
        host: String,
        /// Why not (in words in JSON).
        #[serde(serialize_with = "serialize_host_mismatch")]
        detail: HostMismatch,
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
        /// Why not (in words in JSON).
        #[serde(serialize_with = "serialize_common_name_mismatch")]
        detail: CommonNameMismatch,
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
    /// A key algorithm RFC 5280 accepts (RFC 3279, RFC 8410) that the Baseline Requirements
    /// (§6.1.5) do not: DSA anywhere, Ed25519 in a leaf.
    KeyAlgorithmOutsideWebPki {
        /// Its name.
        algorithm: String,
    },
    /// An ML-DSA key (RFC 9881), which RFC 5280 paths accept and the Baseline Requirements
    /// (§6.1.5, §7.1.3.2) do not list yet: the key signs with ML-DSA, so every certificate
    /// it signs carries an ML-DSA signature too.
    MlDsaOutsideWebPki {
        /// The parameter set (`ML-DSA-65`).
        algorithm: String,
    },
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
        /// Which limit was reached.
        limit: BudgetLimit,
    },
    /// rustls-webpki rejects the exact path chainlens accepted.
    WebpkiRejects {
        /// Its error.
        error: WebpkiError,
    },
    /// rustls-webpki could not evaluate the path for a limit of its own.
    WebpkiCannotEvaluate {
        /// Why not.
        why: WebpkiGap,
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

    // --- Last: serialized without a tag of its own ------------------------------------------
    /// A failure of the trust anchor's own certificate. Serialized as that failure (its one
    /// `code` and its fields) with the anchor's label beside them.
    #[serde(untagged, serialize_with = "serialize_anchor")]
    Anchor {
        /// The anchor's label.
        anchor: String,
        /// What is wrong with it.
        failure: Box<Failure>,
    },
}

/// JSON's `detail` of a host name mismatch: the words the report says.
fn serialize_host_mismatch<S: serde::Serializer>(
    detail: &HostMismatch,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::report::words::host_mismatch(detail))
}

/// JSON's `detail` of a common name that copies no SAN entry: the words the report says.
fn serialize_common_name_mismatch<S: serde::Serializer>(
    detail: &CommonNameMismatch,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::report::words::common_name_mismatch(detail))
}

/// JSON's `detail` of a name-constraint violation: the words the report says.
fn serialize_constraint_breach<S: serde::Serializer>(
    detail: &ConstraintBreach,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::report::words::constraint_breach(detail))
}

/// JSON's `detail` of malformed name constraints: the words the report says.
fn serialize_malformed_constraints<S: serde::Serializer>(
    detail: &MalformedConstraints,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::report::words::malformed_constraints(detail))
}

/// An anchor's failure as the inner failure's fields (its `code` first) with `anchor` beside
/// them. The inner failure goes through a JSON value: serde's `flatten` would instantiate its
/// serializer inside itself without end, as the enum contains itself.
#[allow(clippy::borrowed_box, clippy::ptr_arg)] // the shapes serde's `serialize_with` passes
fn serialize_anchor<S: serde::Serializer>(
    anchor: &String,
    failure: &Box<Failure>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::{Error as _, SerializeMap as _};
    let value = serde_json::to_value(failure.as_ref()).map_err(S::Error::custom)?;
    let serde_json::Value::Object(fields) = value else {
        return value.serialize(serializer);
    };
    let mut map = serializer.serialize_map(Some(fields.len() + 1))?;
    if let Some(code) = fields.get("code") {
        map.serialize_entry("code", code)?;
    }
    map.serialize_entry("anchor", anchor)?;
    for (key, field) in fields.iter().filter(|(key, _)| key.as_str() != "code") {
        map.serialize_entry(key, field)?;
    }
    map.end()
}

/// The facts of one kind of failure: its stable code, the rule that enforces it, its rank
/// and a few words for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facts {
    /// The stable snake_case code, as JSON carries it.
    pub code: &'static str,
    /// Which profile enforces the rule.
    pub rule: Rule,
    /// How specific the failure is (see [`Failure::rank`]).
    pub rank: u32,
    /// A few words for it, where a sentence does not fit (an edge of the diagram).
    pub label: &'static str,
}

impl Facts {
    const fn new(code: &'static str, rule: Rule, rank: u32, label: &'static str) -> Self {
        Self {
            code,
            rule,
            rank,
            label,
        }
    }
}

impl Failure {
    /// Every fact of this failure, from one table: a new variant does not compile until its
    /// code, rule, rank and label are written here.
    ///
    /// Ranks: validity first, then names, revocation and signatures, then constraints, then
    /// structure, and "no path" last, as rustls-webpki ranks its errors; warnings below every
    /// rejection. Rules: `Caution` and `Lint` never reject; soft-fail revocation is a caution,
    /// a rejection only in strict mode; an RSA key below 1024 bits is rejected everywhere.
    /// A failure of a trust anchor's own certificate has the facts of that failure.
    pub fn facts(&self) -> Facts {
        use Failure as F;
        match self {
            F::Expired { .. } => Facts::new("expired", Rule::Rfc5280, 290, "expired"),
            F::NotYetValid { .. } => {
                Facts::new("not_yet_valid", Rule::Rfc5280, 290, "not yet valid")
            }
            F::ValidityInverted { .. } => {
                Facts::new("validity_inverted", Rule::Rfc5280, 190, "validity inverted")
            }
            F::ExpiresSoon { .. } => Facts::new("expires_soon", Rule::Caution, 5, "expires soon"),
            F::ValidityTooLong { .. } => {
                Facts::new("validity_too_long", Rule::Lint, 5, "validity too long")
            }
            F::BadSignature { .. } => {
                Facts::new("bad_signature", Rule::Rfc5280, 260, "bad signature")
            }
            F::BadSelfSignature { .. } => Facts::new(
                "bad_self_signature",
                Rule::WebPki,
                260,
                "bad self signature",
            ),
            F::UnsupportedSignature { .. } => Facts::new(
                "unsupported_signature",
                Rule::Rfc5280,
                150,
                "unsupported signature",
            ),
            F::IssuerKeyUnknown => Facts::new(
                "issuer_key_unknown",
                Rule::Rfc5280,
                150,
                "issuer key unknown",
            ),
            F::SignatureAlgorithmMismatch => Facts::new(
                "signature_algorithm_mismatch",
                Rule::Rfc5280,
                250,
                "signature algorithm mismatch",
            ),
            F::EmptyIssuerName => {
                Facts::new("empty_issuer_name", Rule::Rfc5280, 120, "empty issuer name")
            }
            F::IssuerNameMismatch { .. } => Facts::new(
                "issuer_name_mismatch",
                Rule::Rfc5280,
                120,
                "issuer name mismatch",
            ),
            F::IssuerNameNotByteExact { .. } => Facts::new(
                "issuer_name_not_byte_exact",
                Rule::WebPki,
                120,
                "issuer name not byte exact",
            ),
            F::IssuerNameUnknown => Facts::new(
                "issuer_name_unknown",
                Rule::Rfc5280,
                120,
                "issuer name unknown",
            ),
            F::AkiCritical => Facts::new("aki_critical", Rule::Rfc5280, 110, "AKI critical"),
            F::AkiMismatch { .. } => Facts::new("aki_mismatch", Rule::Rfc5280, 110, "AKI mismatch"),
            F::MissingAki => Facts::new("missing_aki", Rule::WebPki, 110, "missing AKI"),
            F::IssuerMissingSki => {
                Facts::new("issuer_missing_ski", Rule::Caution, 5, "issuer missing SKI")
            }
            F::AkiIssuerSerial => {
                Facts::new("aki_issuer_serial", Rule::WebPki, 100, "AKI issuer serial")
            }
            F::AkiWithoutKeyId => Facts::new(
                "aki_without_key_id",
                Rule::WebPki,
                100,
                "AKI without key id",
            ),
            F::AkiNotOwnKey => Facts::new("aki_not_own_key", Rule::WebPki, 100, "AKI not own key"),
            F::IssuerNotCa { .. } => {
                Facts::new("issuer_not_ca", Rule::Rfc5280, 210, "issuer not CA")
            }
            F::PathLenExceeded { .. } => Facts::new(
                "path_len_exceeded",
                Rule::Rfc5280,
                220,
                "path length exceeded",
            ),
            F::MissingKeyCertSign { .. } => Facts::new(
                "missing_key_cert_sign",
                Rule::Rfc5280,
                205,
                "missing key cert sign",
            ),
            F::CaWithoutKeyUsage => Facts::new(
                "ca_without_key_usage",
                Rule::WebPki,
                205,
                "CA without key usage",
            ),
            F::KeyUsageNotCritical => Facts::new(
                "key_usage_not_critical",
                Rule::Lint,
                5,
                "key usage not critical",
            ),
            F::BasicConstraintsNotCritical => Facts::new(
                "basic_constraints_not_critical",
                Rule::WebPki,
                205,
                "basic constraints not critical",
            ),
            F::MaxDepthExceeded { .. } => Facts::new(
                "max_depth_exceeded",
                Rule::Rfc5280,
                220,
                "max depth exceeded",
            ),
            F::PinMismatch { .. } => Facts::new("pin_mismatch", Rule::Rfc5280, 215, "pin mismatch"),
            F::MissingServerAuth => Facts::new(
                "missing_server_auth",
                Rule::WebPki,
                240,
                "missing server auth",
            ),
            F::RequiredEkuNotFound { .. } => Facts::new(
                "required_eku_not_found",
                Rule::Rfc5280,
                240,
                "required EKU not found",
            ),
            F::EkuMalformed => Facts::new("eku_malformed", Rule::Rfc5280, 240, "EKU malformed"),
            F::EkuCriticalInLeaf => Facts::new(
                "eku_critical_in_leaf",
                Rule::WebPki,
                240,
                "EKU critical in leaf",
            ),
            F::AnyEkuInServerLeaf => Facts::new(
                "any_eku_in_server_leaf",
                Rule::WebPki,
                240,
                "any EKU in server leaf",
            ),
            F::CaEkuExcludesPurpose { .. } => Facts::new(
                "ca_eku_excludes_purpose",
                Rule::Rfc5280,
                240,
                "CA EKU excludes purpose",
            ),
            F::CriticalEkuInCa => Facts::new(
                "critical_eku_in_ca",
                Rule::WebPki,
                240,
                "critical EKU in CA",
            ),
            F::SubCaWithoutEku => {
                Facts::new("sub_ca_without_eku", Rule::Lint, 5, "sub CA without EKU")
            }
            F::RootHasEku => Facts::new("root_has_eku", Rule::WebPki, 240, "root has EKU"),
            F::NameConstraintViolation { .. } => Facts::new(
                "name_constraint_violation",
                Rule::Rfc5280,
                230,
                "name constraint violation",
            ),
            F::NameConstraintsMalformed { .. } => Facts::new(
                "name_constraints_malformed",
                Rule::Rfc5280,
                180,
                "name constraints malformed",
            ),
            F::NameConstraintBudgetExceeded { .. } => Facts::new(
                "name_constraint_budget_exceeded",
                Rule::Rfc5280,
                10,
                "name constraint budget exceeded",
            ),
            F::NameConstraintsInLeaf => Facts::new(
                "name_constraints_in_leaf",
                Rule::Rfc5280,
                100,
                "name constraints in leaf",
            ),
            F::NoValidPolicy { .. } => {
                Facts::new("no_valid_policy", Rule::Rfc5280, 225, "no valid policy")
            }
            F::PolicyMappingAnyPolicy { .. } => Facts::new(
                "policy_mapping_any_policy",
                Rule::Rfc5280,
                180,
                "policy mapping of anyPolicy",
            ),
            F::PolicyConstraintsNotCritical { .. } => Facts::new(
                "policy_constraints_not_critical",
                Rule::WebPki,
                110,
                "policy constraints not critical",
            ),
            F::PolicyTreeTooLarge { .. } => Facts::new(
                "policy_tree_too_large",
                Rule::Rfc5280,
                10,
                "policy tree too large",
            ),
            F::NameMismatch { .. } => {
                Facts::new("name_mismatch", Rule::Rfc5280, 280, "name mismatch")
            }
            F::InvalidHost { .. } => Facts::new("invalid_host", Rule::Rfc5280, 280, "invalid host"),
            F::CommonNameNotInSan { .. } => Facts::new(
                "common_name_not_in_san",
                Rule::WebPki,
                200,
                "common name not in SAN",
            ),
            F::InvalidSanDns { .. } => {
                Facts::new("invalid_san_dns", Rule::Rfc5280, 100, "invalid SAN DNS")
            }
            F::EmptySubjectSanNotCritical => Facts::new(
                "empty_subject_san_not_critical",
                Rule::Rfc5280,
                100,
                "empty subject SAN not critical",
            ),
            F::SanCriticalWithSubject => Facts::new(
                "san_critical_with_subject",
                Rule::Rfc5280,
                100,
                "SAN critical with subject",
            ),
            F::EmptySubjectNoSan => Facts::new(
                "empty_subject_no_san",
                Rule::Rfc5280,
                100,
                "empty subject no SAN",
            ),
            F::UnknownCriticalExtension { .. } => Facts::new(
                "unknown_critical_extension",
                Rule::Rfc5280,
                130,
                "unknown critical extension",
            ),
            F::DuplicateExtension { .. } => Facts::new(
                "duplicate_extension",
                Rule::Rfc5280,
                40,
                "duplicate extension",
            ),
            F::MalformedExtension { .. } => Facts::new(
                "malformed_extension",
                Rule::Rfc5280,
                40,
                "malformed extension",
            ),
            F::ExtensionMustNotBeCritical { .. } => Facts::new(
                "extension_must_not_be_critical",
                Rule::Rfc5280,
                40,
                "extension must not be critical",
            ),
            F::NotVersion3 { .. } => {
                Facts::new("not_version_3", Rule::WebPki, 130, "not version 3")
            }
            F::SerialZero => Facts::new("serial_zero", Rule::Rfc5280, 170, "serial zero"),
            F::SerialNegative => {
                Facts::new("serial_negative", Rule::Rfc5280, 170, "serial negative")
            }
            F::SerialTooLong { .. } => {
                Facts::new("serial_too_long", Rule::Rfc5280, 170, "serial too long")
            }
            F::MissingSki => Facts::new("missing_ski", Rule::WebPki, 100, "missing SKI"),
            F::WeakRsaKey { bits } => Facts::new(
                "weak_rsa_key",
                if *bits >= 1024 {
                    Rule::WebPki
                } else {
                    Rule::Rfc5280
                },
                160,
                "weak RSA key",
            ),
            F::RsaBitsNotMultipleOf8 { .. } => Facts::new(
                "rsa_bits_not_multiple_of_8",
                Rule::WebPki,
                160,
                "RSA bits not multiple of 8",
            ),
            F::CurveNotAllowed { .. } => {
                Facts::new("curve_not_allowed", Rule::Rfc5280, 160, "curve not allowed")
            }
            F::NoNamedCurve => Facts::new("no_named_curve", Rule::Rfc5280, 160, "no named curve"),
            F::KeyAlgorithmNotAllowed { .. } => Facts::new(
                "key_algorithm_not_allowed",
                Rule::Rfc5280,
                160,
                "key algorithm not allowed",
            ),
            F::Ed25519InCa => Facts::new("ed25519_in_ca", Rule::WebPki, 160, "Ed25519 in CA"),
            F::KeyAlgorithmOutsideWebPki { .. } => Facts::new(
                "key_algorithm_outside_web_pki",
                Rule::WebPki,
                160,
                "key algorithm outside Web PKI",
            ),
            F::MlDsaOutsideWebPki { .. } => Facts::new(
                "ml_dsa_outside_web_pki",
                Rule::WebPki,
                160,
                "ML-DSA outside Web PKI",
            ),
            F::Sha1Signature { .. } => {
                Facts::new("sha1_signature", Rule::WebPki, 160, "SHA-1 signature")
            }
            F::Md5Signature { .. } => {
                Facts::new("md5_signature", Rule::Rfc5280, 160, "MD5 signature")
            }
            F::EcdsaHashCurveMismatch { .. } => Facts::new(
                "ecdsa_hash_curve_mismatch",
                Rule::Lint,
                5,
                "ECDSA hash curve mismatch",
            ),
            F::CaAsLeaf => Facts::new("ca_as_leaf", Rule::WebPki, 210, "CA as leaf"),
            F::LeafKeyCertSign => Facts::new(
                "leaf_key_cert_sign",
                Rule::WebPki,
                210,
                "leaf key cert sign",
            ),
            F::EcdsaLeafWithoutDigitalSignature => Facts::new(
                "ecdsa_leaf_without_digital_signature",
                Rule::Lint,
                5,
                "ECDSA leaf without digital signature",
            ),
            F::TargetNotCa { .. } => {
                Facts::new("target_not_ca", Rule::Rfc5280, 210, "target not CA")
            }
            F::Anchor { failure, .. } => failure.facts(),
            F::UnknownIssuer { .. } => {
                Facts::new("unknown_issuer", Rule::Rfc5280, 20, "unknown issuer")
            }
            F::SearchBudgetExhausted { .. } => Facts::new(
                "search_budget_exhausted",
                Rule::Rfc5280,
                10,
                "search budget exhausted",
            ),
            F::WebpkiRejects { .. } => {
                Facts::new("webpki_rejects", Rule::Rfc5280, 90, "rustls-webpki rejects")
            }
            F::WebpkiCannotEvaluate { .. } => Facts::new(
                "webpki_cannot_evaluate",
                Rule::Caution,
                5,
                "rustls-webpki cannot evaluate",
            ),
            F::WebpkiNotApplicable { .. } => Facts::new(
                "webpki_not_applicable",
                Rule::Caution,
                5,
                "rustls-webpki not applicable",
            ),
            F::Revoked { .. } => Facts::new("revoked", Rule::Rfc5280, 285, "revoked"),
            F::RevocationUnknown { strict, .. } if *strict => Facts::new(
                "revocation_unknown",
                Rule::Rfc5280,
                140,
                "revocation unknown",
            ),
            F::RevocationUnknown { .. } => {
                Facts::new("revocation_unknown", Rule::Caution, 5, "revocation unknown")
            }
        }
    }

    /// The stable snake_case code, as JSON carries it.
    pub fn code(&self) -> &'static str {
        self.facts().code
    }

    /// Which profile enforces this rule.
    pub fn rule(&self) -> Rule {
        self.facts().rule
    }

    /// How specific the failure is: the highest rank is the reason a verdict shows.
    pub fn rank(&self) -> u32 {
        self.facts().rank
    }

    /// A few words for the failure, where a sentence does not fit.
    pub fn label(&self) -> &'static str {
        self.facts().label
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
        let check = crate::model::Check::failed(
            crate::model::CheckName::EndEntity,
            Failure::CaAsLeaf,
            Profile::Rfc5280,
        );
        let text = crate::report::words::check(&check);
        assert!(text.contains("ca_as_leaf"), "{text}");
    }
}
