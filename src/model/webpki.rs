//! rustls-webpki's findings, typed: which error it returned, and why it could not give an
//! opinion on a path. `report::words` says them in words.

use serde::Serialize;

/// An error of rustls-webpki, by kind (the variants chainlens tells apart).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WebpkiError {
    /// `BadDer`.
    BadDer,
    /// `BadDerTime`.
    BadDerTime,
    /// `CaUsedAsEndEntity`.
    CaUsedAsEndEntity,
    /// `CertExpired`.
    CertExpired,
    /// `CertNotValidForName`.
    CertNotValidForName,
    /// `CertNotValidYet`.
    CertNotValidYet,
    /// `CertRevoked`.
    CertRevoked,
    /// `CertDistrusted`.
    CertDistrusted,
    /// `EndEntityUsedAsCa`.
    EndEntityUsedAsCa,
    /// `ExtensionValueInvalid`.
    ExtensionValueInvalid,
    /// `InvalidCertValidity`.
    InvalidCertValidity,
    /// `InvalidNetworkMaskConstraint`.
    InvalidNetworkMaskConstraint,
    /// `InvalidSerialNumber`.
    InvalidSerialNumber,
    /// `InvalidSignatureForPublicKey`.
    InvalidSignatureForPublicKey,
    /// `MalformedDnsIdentifier`.
    MalformedDnsIdentifier,
    /// `MalformedExtensions`.
    MalformedExtensions,
    /// `MalformedNameConstraint`.
    MalformedNameConstraint,
    /// `MaximumNameConstraintComparisonsExceeded`.
    MaximumNameConstraintComparisonsExceeded,
    /// `MaximumPathBuildCallsExceeded`.
    MaximumPathBuildCallsExceeded,
    /// `MaximumPathDepthExceeded`.
    MaximumPathDepthExceeded,
    /// `MaximumSignatureChecksExceeded`.
    MaximumSignatureChecksExceeded,
    /// `NameConstraintViolation`.
    NameConstraintViolation,
    /// `PathLenConstraintViolated`.
    PathLenConstraintViolated,
    /// `RequiredEkuNotFound`.
    RequiredEkuNotFound,
    /// `EmptyEkuExtension`.
    EmptyEkuExtension,
    /// `SignatureAlgorithmMismatch`.
    SignatureAlgorithmMismatch,
    /// `TrailingData`.
    TrailingData,
    /// `UnknownIssuer`.
    UnknownIssuer,
    /// `UnsupportedCertVersion`.
    UnsupportedCertVersion,
    /// `UnsupportedCriticalExtension`.
    UnsupportedCriticalExtension,
    /// `UnsupportedNameType`.
    UnsupportedNameType,
    /// One of the `UnsupportedSignatureAlgorithm…` errors.
    UnsupportedSignatureAlgorithm,
    /// Any other error.
    Other,
}

/// Why rustls-webpki gave no opinion on a path chainlens decided: a limit or a gap of its
/// own, not a defect of the path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum WebpkiGap {
    /// The path has more intermediates than rustls-webpki accepts.
    TooManyIntermediates {
        /// The most it accepts.
        max: usize,
        /// Intermediates on the path.
        found: usize,
    },
    /// rustls-webpki cannot read the trust anchor's certificate.
    AnchorUnreadable {
        /// Its error.
        error: WebpkiError,
    },
    /// A certificate is larger than rustls-webpki parses.
    TooLarge {
        /// The certificate's label.
        certificate: String,
        /// Its size in bytes.
        bytes: usize,
        /// The largest rustls-webpki parses.
        max: usize,
    },
    /// rustls-webpki does not accept the host name.
    HostNotAccepted {
        /// The host name.
        host: String,
    },
    /// rustls-webpki stopped at a limit of its own.
    OwnLimit {
        /// Its error.
        error: WebpkiError,
    },
    /// rustls-webpki does not support an algorithm on the path.
    UnsupportedAlgorithm {
        /// Its error.
        error: WebpkiError,
    },
    /// rustls-webpki rejects directoryName, URI or e-mail name constraints fail-closed.
    UnevaluatedNameConstraints,
    /// rustls-webpki does not build paths through self-issued (key rollover) intermediates.
    SelfIssuedIntermediate,
    /// rustls-webpki does not process certificate policies and rejects a critical
    /// certificatePolicies, policyMappings, policyConstraints or inhibitAnyPolicy fail-closed.
    UnprocessedPolicyExtensions,
    /// rustls-webpki applies the Web PKI profile, which does not decide this path.
    WebPkiProfileOnly {
        /// Its error.
        error: WebpkiError,
    },
    /// rustls-webpki chains names byte for byte; the path links only by the RFC 5280 §7.1
    /// comparison (case, white space, string type), which the chosen profile applies.
    ByteExactNameChaining,
    /// rustls-webpki decodes no time before 1970, which a validity period on the path holds;
    /// chainlens decoded the path's validity periods itself.
    TimeDecoding,
    /// rustls-webpki does not parse issuerUniqueID or subjectUniqueID, which a certificate on
    /// the path carries (RFC 5280 §4.1.2.8 allows them).
    UniqueIdentifiers,
    /// rustls-webpki verifies no RSA signature by a key under 2048 bits; chainlens verified it,
    /// and the profile judges the key size.
    SmallRsaSigner {
        /// The smallest signing RSA key on the path, in bits.
        bits: u32,
    },
}
