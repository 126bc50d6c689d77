//! Revocation evidence as verification takes it: every CRL and OCSP response decoded once,
//! when it was read or fetched, so that each verification (one per AIA round) reads typed
//! values instead of decoding the same bytes again.

use super::{AiaIssuer, CrlInfo, EvidenceFailure, EvidenceProblem, OcspInfo};

/// An OCSP response fetched for one certificate, decoded (or why it does not decode).
#[derive(Clone, Debug)]
pub struct DecodedOcsp {
    /// The responder URL.
    pub url: String,
    /// SHA-256 fingerprint of the certificate asked about.
    pub certificate_sha256: String,
    /// The decoded basic response, or why the bytes are not one.
    pub response: Result<OcspInfo, String>,
}

/// Everything gathered outside the certificates for one inspection, decoded. Verification
/// stays offline: it decides from this value alone.
#[derive(Clone, Debug, Default)]
pub struct DecodedEvidence {
    /// Whether revocation was asked for (`--revocation` or `--crl`): without it, and without a
    /// stapled response, revocation is "not checked".
    pub requested: bool,
    /// Whether an unknown status fails the path (`--revocation-strict`).
    pub strict: bool,
    /// The CRLs that decoded, from files and distribution points.
    pub crls: Vec<CrlInfo>,
    /// OCSP responses fetched from responders.
    pub ocsp: Vec<DecodedOcsp>,
    /// The response the server stapled to its leaf, decoded (or why not); `None` when the
    /// source is no TLS capture or the server stapled nothing.
    pub stapled: Option<Result<OcspInfo, String>>,
    /// Problems that belong to every link: a CRL that does not decode says nothing about
    /// any one certificate.
    pub rejected: Vec<EvidenceProblem>,
    /// Downloads that failed, for the certificate each was meant for.
    pub failures: Vec<EvidenceFailure>,
    /// Issuers downloaded from AIA.
    pub aia_issuers: Vec<AiaIssuer>,
}
