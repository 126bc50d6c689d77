//! Revocation: the evidence handed to verification (CRLs, OCSP answers, the stapled response,
//! issuers downloaded from AIA) and the revocation status of each link.

use serde::Serialize;
use time::OffsetDateTime;

use super::{AlgorithmId, Certificate, DistinguishedName, GeneralName, NameAttribute};

/// Where a revocation status came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RevocationSource {
    /// A CRL, from a file (`--crl`) or downloaded from a CRL distribution point.
    Crl {
        /// The file or URL it came from.
        origin: String,
    },
    /// An OCSP response fetched from the certificate's AIA OCSP URL.
    Ocsp {
        /// The responder URL.
        url: String,
    },
    /// The OCSP response the server stapled in the TLS handshake.
    Stapled,
}

/// The revocation status of a link's child certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationStatus {
    /// Neither `--revocation` nor `--crl` was given, and nothing was stapled.
    NotChecked,
    /// Not needed: the certificate is itself a trust anchor.
    NotApplicable,
    /// A valid CRL or OCSP response says the certificate is not revoked.
    Good,
    /// A valid CRL or OCSP response says the certificate is revoked.
    Revoked,
    /// No usable evidence either way.
    Unknown,
}

impl RevocationStatus {
    /// Words for text output.
    pub fn as_str(self) -> &'static str {
        match self {
            RevocationStatus::NotChecked => "not checked",
            RevocationStatus::NotApplicable => "not applicable",
            RevocationStatus::Good => "good",
            RevocationStatus::Revoked => "revoked",
            RevocationStatus::Unknown => "unknown",
        }
    }
}

/// Why a piece of revocation evidence gave no status. Its sentence is
/// `report::words::evidence_problem`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
#[non_exhaustive]
pub enum EvidenceProblem {
    /// A CRL from the right issuer that fails RFC 5280 §5 / §6.3.
    CrlRejected {
        /// Its file or URL.
        origin: String,
        /// What is wrong with it (in words in JSON).
        #[serde(serialize_with = "serialize_rejection")]
        why: Rejection,
    },
    /// An OCSP response that fails RFC 6960 checks.
    OcspRejected {
        /// The responder's or the stapled response. JSON names it in words as
        /// `source_name` (`OCSP <url>`, `stapled OCSP`), as it always has.
        #[serde(rename = "source_name", serialize_with = "serialize_source_name")]
        source: RevocationSource,
        /// What is wrong with it (in words in JSON).
        #[serde(serialize_with = "serialize_rejection")]
        why: Rejection,
    },
    /// CRLs were usable, none lists the certificate, but together they do not cover every
    /// revocation reason (onlySomeReasons, RFC 5280 §6.3.3 (j)-(k)): the status is not
    /// known.
    ReasonsNotCovered {
        /// The reasons no usable CRL covers, in their ASN.1 spelling.
        missing: Vec<String>,
    },
    /// A download failed (unreachable, slow, oversized, not HTTP).
    FetchFailed {
        /// `CRL` or `OCSP`.
        what: String,
        /// The URL.
        url: String,
        /// What went wrong.
        error: String,
    },
    /// The certificate names no OCSP responder or CRL distribution point and no CRL given
    /// is from its issuer.
    NoEvidence {
        /// The issuer's name.
        issuer: String,
    },
}

/// Why a CRL or an OCSP response cannot decide a certificate's status (RFC 5280 §6.3,
/// RFC 6960): the rule it breaks and the facts. Its sentence is `report::words::rejection`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// A CRL that does not decode.
    CrlUndecodable {
        /// The decoder's error.
        error: String,
    },
    /// An OCSP response that does not decode.
    OcspUndecodable {
        /// The decoder's error.
        error: String,
    },
    /// A CRL of attribute certificates only (onlyContainsAttributeCerts).
    CrlOnlyAttributeCerts,
    /// The CRL is issued by someone other than the certificate's issuer, and none of the
    /// certificate's distribution points names it as cRLIssuer (RFC 5280 §6.3.3 (b)(2)(ii)).
    CrlIssuerNotNamed {
        /// The CRL's issuer.
        crl_issuer: String,
    },
    /// The certificate's distribution point names the CRL's issuer as cRLIssuer, but the CRL
    /// is not marked indirectCRL (RFC 5280 §6.3.3 (b)(2)(iii)).
    IndirectNotMarked,
    /// No certificate with the CRL issuer's name has a key that verifies the CRL.
    CrlSignerNotFound {
        /// The CRL's issuer.
        crl_issuer: String,
    },
    /// The CRL's signer is not the certificate's issuer and its own path to the trust
    /// anchor does not validate (RFC 5280 §6.3.3 (f)).
    CrlSignerPathInvalid {
        /// The signer's label.
        signer: String,
        /// What is wrong with its path.
        why: SignerProblem,
    },
    /// The CRL's signer (not the certificate's issuer) lacks CRL Sign in its keyUsage.
    CrlSignerLacksCrlSign {
        /// The signer's label.
        signer: String,
        /// Its key usages.
        key_usage: Vec<&'static str>,
    },
    /// The CRL's signer is itself revoked (PKITS 4.4.21).
    CrlSignerRevoked {
        /// The signer's label.
        signer: String,
    },
    /// A delta CRL (deltaCRLIndicator) with no usable complete CRL it applies to: a delta is
    /// never a complete CRL (RFC 5280 §5.2.4).
    DeltaWithoutBase {
        /// Its BaseCRLNumber, hex.
        base: String,
    },
    /// A delta CRL whose BaseCRLNumber is above the complete CRL's number, or that is not
    /// newer than it (RFC 5280 §5.2.4).
    DeltaBaseMismatch {
        /// The delta's BaseCRLNumber, hex.
        base: String,
        /// The complete CRL's CRLNumber, hex.
        complete: String,
    },
    /// A CRL of end-entity certificates only, and the certificate is a CA.
    CrlOnlyEndEntities,
    /// A CRL of CA certificates only, and the certificate is an end entity.
    CrlOnlyCas,
    /// The CRL's distribution point is none of those the certificate names.
    DistributionPointNotNamed {
        /// The CRL's distribution point names.
        points: Vec<String>,
    },
    /// The CRL's authority key id is not the issuer's subject key id.
    AuthorityKeyIdMismatch {
        /// The CRL's authority key id.
        crl_aki: Vec<u8>,
        /// The issuer's subject key id.
        issuer_ski: Vec<u8>,
    },
    /// The issuer's keyUsage lacks CRL Sign.
    IssuerLacksCrlSign {
        /// The issuer's key usages.
        key_usage: Vec<&'static str>,
    },
    /// The CRL's signature does not verify with the issuer's key.
    CrlSignatureInvalid {
        /// The CRL's signature algorithm.
        algorithm: String,
        /// The issuer's label.
        issuer: String,
    },
    /// The signature cannot be checked (an algorithm or key chainlens does not verify).
    SignatureUnchecked {
        /// Why the signature check could not be made.
        why: super::UnsupportedSignature,
    },
    /// The CRL has no CRLNumber (RFC 5280 §5.2.3 requires one).
    NoCrlNumber,
    /// The CRL's CRLNumber is marked critical (RFC 5280 §5.2.3 forbids it).
    CrlNumberCritical,
    /// The CRL has a critical extension chainlens does not know.
    UnknownCriticalExtension {
        /// Its OID.
        oid: String,
    },
    /// The CRL's thisUpdate is after the validation time.
    CrlNotYetValid {
        /// thisUpdate.
        this_update: OffsetDateTime,
    },
    /// The CRL's nextUpdate is before the validation time.
    CrlExpired {
        /// nextUpdate.
        next_update: OffsetDateTime,
    },
    /// The OCSP response holds no answer for the certificate's CertID.
    NoAnswerForCertId,
    /// The responder does not know the certificate (status unknown).
    CertificateUnknownToResponder,
    /// The OCSP response's signature does not verify with the responder's key.
    OcspSignatureInvalid,
    /// The OCSP response's thisUpdate is after the validation time (beyond the clock skew).
    OcspNotYetValid {
        /// thisUpdate.
        this_update: OffsetDateTime,
    },
    /// The OCSP response's nextUpdate is before the validation time.
    OcspStale {
        /// nextUpdate.
        next_update: OffsetDateTime,
    },
    /// The responder is neither the issuer nor a certificate the response includes.
    ResponderNotFound,
    /// The delegated responder certificate is not issued by the certificate's issuer.
    ResponderNotIssuedByIssuer {
        /// The responder certificate's label.
        responder: String,
    },
    /// The delegated responder certificate is not signed by the issuer's key.
    ResponderNotSignedByIssuer {
        /// The responder certificate's label.
        responder: String,
    },
    /// The delegated responder certificate lacks id-kp-OCSPSigning.
    ResponderLacksOcspSigning {
        /// The responder certificate's label.
        responder: String,
    },
    /// The delegated responder certificate is not valid at the validation time.
    ResponderNotValid {
        /// The responder certificate's label.
        responder: String,
    },
}

/// Why the path of a CRL signer that is not the certificate's issuer does not validate.
/// Its words are `report::words::signer_problem`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignerProblem {
    /// The path's trust anchor is not known where the decision is made.
    NoAnchor,
    /// No chain of the inspection's certificates leads from the signer to the trust anchor
    /// of the certificate being checked.
    NoPathToAnchor,
    /// A certificate of the signer's path is outside its validity period.
    NotValid {
        /// Its label.
        certificate: String,
    },
    /// An issuer on the signer's path is not a CA or lacks keyCertSign.
    IssuerNotCa {
        /// Its label.
        certificate: String,
    },
    /// A certificate of the signer's path has an unknown critical extension.
    UnknownCriticalExtension {
        /// Its label.
        certificate: String,
        /// The extension's OID.
        oid: String,
    },
    /// The revocation of a certificate on the signer's path cannot be decided.
    RevocationUnknown {
        /// Its label.
        certificate: String,
    },
    /// Validating the signer would need the CRL being validated, or nest deeper than
    /// chainlens follows.
    Circular,
}

/// JSON's `why` of rejected evidence: the rejection in words, as the report says it.
fn serialize_rejection<S: serde::Serializer>(
    why: &Rejection,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::report::words::rejection(why))
}

/// JSON's `source_name` of a rejected OCSP response: the source in words, as the report
/// says it.
fn serialize_source_name<S: serde::Serializer>(
    source: &RevocationSource,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::report::words::revocation_source(source))
}

/// The revocation outcome of one link, as every face shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Revocation {
    /// Good, revoked, unknown or not checked.
    pub status: RevocationStatus,
    /// Where the status came from (good or revoked only).
    pub source: Option<RevocationSource>,
    /// When the certificate was revoked.
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    /// The CRL reason code, in words (`keyCompromise`).
    pub reason: Option<String>,
    /// thisUpdate of the CRL or OCSP response that decided.
    #[serde(with = "time::serde::rfc3339::option")]
    pub this_update: Option<OffsetDateTime>,
    /// nextUpdate of the CRL or OCSP response that decided.
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_update: Option<OffsetDateTime>,
    /// Evidence that was rejected or could not be fetched.
    pub problems: Vec<EvidenceProblem>,
}

impl Revocation {
    /// A status with nothing else known.
    pub fn bare(status: RevocationStatus) -> Self {
        Self {
            status,
            source: None,
            revoked_at: None,
            reason: None,
            this_update: None,
            next_update: None,
            problems: Vec::new(),
        }
    }
}

/// One revoked entry of a CRL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevokedEntry {
    /// The serial number's DER content octets.
    pub serial_bytes: Vec<u8>,
    /// revocationDate.
    pub revoked_at: OffsetDateTime,
    /// The reason code, in words.
    pub reason: Option<String>,
    /// The reason code's number (RFC 5280 §5.3.1), when present.
    pub reason_code: Option<u8>,
    /// certificateIssuer (RFC 5280 §5.3.3) in force for this entry of an indirect CRL: its
    /// own, or carried over from an earlier entry; `None` for the CRL's issuer.
    pub certificate_issuer: Option<Vec<GeneralName>>,
}

/// The name of a distribution point (RFC 5280 §4.2.1.13, §5.2.5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PointName {
    /// fullName: general names (usually a URI or a directory name).
    Full(Vec<GeneralName>),
    /// nameRelativeToCRLIssuer: one RDN appended to the CRL issuer's name.
    Relative(Vec<NameAttribute>),
}

/// The scope an issuingDistributionPoint gives a CRL (RFC 5280 §5.2.5).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrlScope {
    /// distributionPoint, when present.
    pub point: Option<PointName>,
    /// onlyContainsUserCerts.
    pub only_user_certs: bool,
    /// onlyContainsCACerts.
    pub only_ca_certs: bool,
    /// onlyContainsAttributeCerts.
    pub only_attribute_certs: bool,
    /// onlySomeReasons as ReasonFlags bits (bit n is reason code n), when present.
    pub only_some_reasons: Option<u16>,
    /// indirectCRL: entries may be about certificates of other issuers.
    pub indirect: bool,
}

/// One cRLDistributionPoints entry of a certificate, as CRL scope checks need it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CertDistributionPoint {
    /// distributionPoint, when present.
    pub point: Option<PointName>,
    /// reasons as ReasonFlags bits (bit n is reason code n), when present.
    pub reasons: Option<u16>,
    /// cRLIssuer: who issues the CRL when it is not the certificate's issuer.
    pub crl_issuer: Vec<GeneralName>,
}

/// A decoded CRL (RFC 5280 §5), with what its checks need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrlInfo {
    /// The file or URL it came from.
    pub origin: String,
    /// Its issuer.
    pub issuer: DistinguishedName,
    /// The outer signature algorithm.
    pub signature_algorithm: AlgorithmId,
    /// The signed part, DER.
    pub tbs_der: Vec<u8>,
    /// The signature.
    pub signature: Vec<u8>,
    /// thisUpdate.
    pub this_update: OffsetDateTime,
    /// nextUpdate.
    pub next_update: Option<OffsetDateTime>,
    /// The CRLNumber, hex, when present.
    pub crl_number: Option<String>,
    /// Whether CRLNumber is marked critical.
    pub crl_number_critical: bool,
    /// authorityKeyIdentifier keyIdentifier, when present.
    pub authority_key_id: Option<Vec<u8>>,
    /// issuingDistributionPoint, when present.
    pub distribution_point: Option<CrlScope>,
    /// deltaCRLIndicator's BaseCRLNumber, hex, when this is a delta CRL (RFC 5280 §5.2.4).
    pub delta_base: Option<String>,
    /// Whether it carries a Freshest CRL extension (deltas exist for it, RFC 5280 §5.2.6).
    pub freshest: bool,
    /// Critical extensions (of the list or of an entry) chainlens does not process, dotted.
    pub unknown_critical: Vec<String>,
    /// The revoked certificates.
    pub revoked: Vec<RevokedEntry>,
}

/// The status an OCSP single response gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OcspCertStatus {
    /// good.
    Good,
    /// revoked, with time and reason.
    Revoked {
        /// revocationTime.
        at: OffsetDateTime,
        /// revocationReason, in words.
        reason: Option<String>,
    },
    /// unknown.
    Unknown,
}

/// One SingleResponse of an OCSP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OcspSingle {
    /// Dotted OID of the CertID hash algorithm.
    pub hash_oid: String,
    /// issuerNameHash.
    pub issuer_name_hash: Vec<u8>,
    /// issuerKeyHash.
    pub issuer_key_hash: Vec<u8>,
    /// The serial number's DER content octets.
    pub serial_bytes: Vec<u8>,
    /// certStatus.
    pub status: OcspCertStatus,
    /// thisUpdate.
    pub this_update: OffsetDateTime,
    /// nextUpdate.
    pub next_update: Option<OffsetDateTime>,
}

/// How the responder names itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResponderId {
    /// byName.
    Name(DistinguishedName),
    /// byKey: SHA-1 of the responder's public key bits.
    KeyHash(Vec<u8>),
}

/// A decoded, successful basic OCSP response (RFC 6960 §4.2).
#[derive(Clone, Debug)]
pub struct OcspInfo {
    /// The signed ResponseData, DER.
    pub tbs_der: Vec<u8>,
    /// Its signature algorithm.
    pub signature_algorithm: AlgorithmId,
    /// Its signature.
    pub signature: Vec<u8>,
    /// responderID.
    pub responder: ResponderId,
    /// producedAt.
    pub produced_at: OffsetDateTime,
    /// Certificates included to help verify the signature (a delegated responder).
    pub certificates: Vec<Certificate>,
    /// The single responses.
    pub responses: Vec<OcspSingle>,
}

/// A CRL given to verification, still as bytes: verify decodes and judges it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrlEvidence {
    /// The file or URL it came from.
    pub origin: String,
    /// PEM or DER.
    pub bytes: Vec<u8>,
}

/// An OCSP response fetched for one certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OcspEvidence {
    /// The responder URL.
    pub url: String,
    /// SHA-256 fingerprint of the certificate asked about.
    pub certificate_sha256: String,
    /// The DER response.
    pub bytes: Vec<u8>,
}

/// A download that failed, for the certificate it was meant for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvidenceFailure {
    /// SHA-256 fingerprint of the certificate it was for.
    pub certificate_sha256: String,
    /// What went wrong.
    pub problem: EvidenceProblem,
}

/// An issuer certificate downloaded from an AIA caIssuers URL.
#[derive(Clone, Debug)]
pub struct AiaIssuer {
    /// The URL.
    pub url: String,
    /// The certificate.
    pub certificate: Certificate,
}

/// Everything gathered outside the certificates for one inspection. Verification stays
/// offline: it decides from this value alone.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    /// Whether revocation was asked for (`--revocation` or `--crl`): without it, and without a
    /// stapled response, revocation is "not checked".
    pub requested: bool,
    /// Whether an unknown status fails the path (`--revocation-strict`).
    pub strict: bool,
    /// CRLs, from files and distribution points.
    pub crls: Vec<CrlEvidence>,
    /// OCSP responses.
    pub ocsp: Vec<OcspEvidence>,
    /// Downloads that failed.
    pub failures: Vec<EvidenceFailure>,
    /// Issuers downloaded from AIA.
    pub aia_issuers: Vec<AiaIssuer>,
}
