//! Owned, UI-free types that every face of chainlens reads.

mod certificate;
mod decoded_evidence;
pub mod device;
mod extension;
mod failure;
pub mod format;
pub mod handshake;
mod ids;
mod inspection;
mod name;
mod name_match;
pub mod oids;
pub mod options;
mod passed;
mod policy_outcome;
mod revocation;
mod source;
mod unsupported_signature;
mod verdict;
mod webpki;

pub use certificate::{AlgorithmId, Certificate, PublicKeyInfo, Validity};
pub use decoded_evidence::{DecodedEvidence, DecodedOcsp};
pub use device::{
    Device, DeviceChoice, DeviceClock, DeviceProblem, DeviceStep, DeviceVerdict, Preset,
    PresetStore, Stack, StackError,
};
pub use extension::{
    DistributionPoint, Extension, ExtensionValue, GeneralName, KeyUsageFlags, PolicyInfo,
    PolicyQualifier, SignedCertificateTimestamp, UserNotice, format_ip,
};
pub use failure::{BudgetLimit, Facts, Failure, NotCaReason, Rule};
pub use ids::{AnchorId, CertId};
pub use inspection::{
    Anchor, CertOrigin, CertRole, ChainGroup, Finding, FindingFacts, FindingKind,
    InspectedCertificate, Inspection,
};
pub use name::{DistinguishedName, NameAttribute};
pub use name_match::{CommonNameMismatch, ConstraintBreach, HostMismatch, MalformedConstraints};
pub use options::{
    BuiltinStore, Pin, PinError, Policy, PolicyOid, PolicyOidError, Profile, Purpose, StoreChoice,
};
pub use passed::{Passed, PinMatch};
pub use policy_outcome::PolicyOutcome;
pub use revocation::{
    AiaIssuer, CertDistributionPoint, CrlEvidence, CrlInfo, CrlScope, Evidence, EvidenceFailure,
    EvidenceProblem, OcspCertStatus, OcspEvidence, OcspInfo, OcspSingle, PointName, Rejection,
    ResponderId, Revocation, RevocationSource, RevocationStatus, RevokedEntry, SignerProblem,
};
pub use source::{ConnectionInfo, LegacyHandshake, Source, SourceKind};
pub use unsupported_signature::UnsupportedSignature;
pub use verdict::{
    Check, CheckName, CheckStatus, IssuerRef, Link, Note, Outcome, PathResult, StoreLoadProblem,
    StoreVerdict, worst,
};
pub use webpki::{WebpkiError, WebpkiGap};
