//! What a passing check found, typed. The sentence a person reads is built from it in
//! `report::words`, as a failure's is.

use serde::Serialize;
use time::OffsetDateTime;

use super::options::Purpose;
use super::revocation::RevocationSource;

/// One pin and the certificate (or anchor) whose key matches it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PinMatch {
    /// The label of the certificate or anchor whose key matches.
    pub certificate: String,
    /// The pin, as `sha256/BASE64`.
    pub pin: String,
}

/// What a check found when it passed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Passed {
    /// Within its validity period.
    Valid {
        /// Its notBefore.
        #[serde(with = "time::serde::rfc3339")]
        not_before: OffsetDateTime,
        /// Its notAfter.
        #[serde(with = "time::serde::rfc3339")]
        not_after: OffsetDateTime,
    },
    /// The signature verifies under the issuer's key.
    SignatureVerifies {
        /// The signature algorithm.
        algorithm: String,
        /// The issuer's label.
        issuer: String,
    },
    /// The child's issuer name equals the issuer's subject.
    IssuerNameMatches {
        /// The issuer's label.
        issuer: String,
    },
    /// authorityKeyIdentifier equals the issuer's subjectKeyIdentifier.
    KeyIdMatches {
        /// The key id, upper-case hex.
        key_id: String,
    },
    /// A self-signed certificate needs no authority key id.
    SelfSignedNoAki,
    /// The store keeps no key identifier for the anchor; its key verified the signature.
    AnchorWithoutKeyId,
    /// The issuer is a trust anchor known by name and key only.
    AnchorNameAndKey,
    /// basicConstraints cA TRUE.
    IsCa,
    /// pathLenConstraint allows the CAs below.
    PathLenWithin {
        /// The pathLenConstraint.
        max: u32,
        /// CA certificates below it.
        below: usize,
    },
    /// No pathLenConstraint.
    NoPathLenLimit,
    /// The issuer has no keyUsage.
    NoKeyUsage,
    /// The issuer's keyUsage allows keyCertSign.
    KeyCertSignAllowed,
    /// No extendedKeyUsage restricts the certificate.
    NoEku,
    /// A CA target needs no end-entity purpose.
    NoPurposeForCa,
    /// extendedKeyUsage allows the purpose.
    EkuAllows {
        /// The purpose.
        purpose: Purpose,
    },
    /// The extensions are well formed and none critical is unknown.
    ExtensionsWellFormed,
    /// The key and signature algorithm are allowed.
    Algorithms {
        /// The key, summarized (`RSA 2048 bits`, `EC P-256`).
        key: String,
        /// The signature algorithm.
        signature: String,
    },
    /// The leaf is an end-entity certificate.
    EndEntity,
    /// A CA target is a CA certificate.
    CaTarget,
    /// The trust anchor's own certificate is sound and valid.
    AnchorSound {
        /// The anchor's label.
        anchor: String,
        /// Its notBefore.
        #[serde(with = "time::serde::rfc3339")]
        not_before: OffsetDateTime,
        /// Its notAfter.
        #[serde(with = "time::serde::rfc3339")]
        not_after: OffsetDateTime,
    },
    /// The store keeps only the anchor's name and key, and the key is sound.
    AnchorKeyOnly {
        /// The anchor's label.
        anchor: String,
    },
    /// The target is itself an anchor of the store: there is no issuer to check.
    TargetIsAnchor,
    /// The certificate is itself in the trust store.
    InTrustStore,
    /// The leaf is itself in the trust store.
    LeafInTrustStore {
        /// The leaf's label.
        leaf: String,
    },
    /// The host name matches a name of the leaf.
    HostMatches {
        /// The host asked for.
        host: String,
        /// The name it matches.
        name: String,
    },
    /// The target is the anchor: no name constraints above it.
    NoConstraintsAboveAnchor,
    /// No name constraints on the path.
    NoNameConstraints,
    /// Every name is within the name constraints of the path.
    NamesWithinConstraints,
    /// The path is within the policy's maximum depth.
    DepthWithin {
        /// Intermediates on the path.
        found: usize,
        /// The maximum.
        max: usize,
    },
    /// The path is valid for certificate policies the user accepts, or no explicit policy
    /// is required.
    PoliciesValid {
        /// What policy processing found.
        outcome: super::PolicyOutcome,
    },
    /// rustls-webpki agrees on the exact path.
    WebpkiAgrees,
    /// Certificates of the path whose keys match the pins.
    Pinned {
        /// Each pin matched, and by what.
        matches: Vec<PinMatch>,
    },
    /// Revocation not checked: the issuer's key is not known.
    RevocationNoIssuerKey,
    /// Revocation not applicable to a trust anchor.
    RevocationNotApplicable,
    /// Revocation not checked: no CRL given and online checking off.
    RevocationNotChecked,
    /// A CRL or OCSP response says the certificate is not revoked.
    NotRevoked {
        /// Where the status came from.
        source: Option<RevocationSource>,
        /// The evidence's thisUpdate.
        #[serde(with = "time::serde::rfc3339::option")]
        this_update: Option<OffsetDateTime>,
    },
}
