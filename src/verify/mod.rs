//! Verification: link checks, path building, trust stores, host names and policy.
//!
//! chainlens builds every path itself and explains each link; every path it accepts is
//! also put to rustls-webpki, and chainlens never says "trusted" over its objection.

mod checks;
mod group;
pub mod hostname;
mod nc;
mod path;
mod second_opinion;
pub mod signature;
mod store;

pub use checks::{human_date, human_time};
pub use path::path_problems;
pub use store::{StoreError, StoreKind, TrustAnchorEntry, TrustStore};

use crate::model::{CertOrigin, Certificate, InspectedCertificate, Inspection, Policy, Source};

/// The certificates to verify: what the source sent and any extra untrusted intermediates.
#[derive(Clone, Debug)]
pub struct Input {
    /// Where the certificates came from.
    pub source: Source,
    /// The source's certificates, in the order sent.
    pub certificates: Vec<Certificate>,
    /// Extra intermediates that may be used to build paths (`--untrusted`).
    pub untrusted: Vec<Certificate>,
}

/// Inspects a chain: groups it, builds every path to each store, checks every link and path.
pub fn inspect(input: Input, stores: &[TrustStore], policy: &Policy) -> Inspection {
    let mut policy = policy.clone();
    // Validity is decided in whole seconds, as certificates state it.
    policy.time = policy.time.replace_nanosecond(0).unwrap_or(policy.time);
    let grouping = group::group(&input.certificates);
    let mut certificates: Vec<InspectedCertificate> = input
        .certificates
        .into_iter()
        .enumerate()
        .map(|(position, certificate)| InspectedCertificate {
            certificate,
            origin: CertOrigin::Source { position },
        })
        .collect();
    certificates.extend(
        input
            .untrusted
            .into_iter()
            .map(|certificate| InspectedCertificate {
                certificate,
                origin: CertOrigin::Untrusted,
            }),
    );
    let mut inspection = Inspection {
        source: input.source,
        policy,
        certificates,
        anchors: Vec::new(),
        groups: grouping.groups,
        findings: grouping.findings,
        links: Vec::new(),
        verdicts: Vec::new(),
    };
    path::verify_all(&mut inspection, stores);
    inspection
}
