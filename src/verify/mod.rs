//! Verification: link checks, path building, trust stores, host names and policy.
//!
//! chainlens builds every path itself and explains each link; every path it accepts is
//! also put to rustls-webpki, and chainlens never says "trusted" over its objection.

mod budget;
mod checks;
mod crl_decision;
mod crl_scope;
mod crl_signer;
pub mod device;
mod group;
pub mod hostname;
mod nc;
mod path;
pub mod policy;
mod revocation;
mod second_opinion;
pub mod signature;
mod signature_cache;
mod store;
#[cfg(test)]
mod test_chains;
pub mod timeline;

pub use budget::Budget;
pub use path::{PathProblem, anchor_is_target, path_failures};
pub use store::{CSymbolRead, StoreError, StoreKind, StoreLoadNote, TrustAnchorEntry, TrustStore};
pub use timeline::{Timeline, timeline};

pub use crate::model::format::{human_date, human_time};

use signature_cache::SignatureCache;

use crate::model::{
    CertOrigin, Certificate, CheckStatus, DecodedEvidence, Delivery, Evidence, Finding,
    FindingFacts, InspectedCertificate, Inspection, Policy, Purpose, Source,
};

/// The certificates to verify: what the source sent and any extra untrusted intermediates.
#[derive(Clone, Debug)]
pub struct Input {
    /// Where the certificates came from.
    pub source: Source,
    /// The source's certificates, in the order sent.
    pub certificates: Vec<Certificate>,
    /// Extra intermediates that may be used to build paths (`--untrusted`).
    pub untrusted: Vec<Certificate>,
    /// What the loader noticed while reading the source (`Loaded::notes`): they become
    /// findings of the inspection, so every face shows them and JSON carries them.
    pub load_notes: Vec<String>,
}

impl Input {
    /// The OCSP response the server stapled, when the source is a TLS capture that has one.
    pub fn stapled(&self) -> Option<&[u8]> {
        self.source
            .connection
            .as_ref()
            .and_then(|c| c.ocsp_response.as_deref())
    }

    /// The purpose to verify this input under when the user chose `chosen`: see
    /// [`Purpose::for_target`]. The target is the leaf of the first chain, as [`inspect`]
    /// takes it.
    pub fn target_purpose(&self, chosen: Purpose) -> Purpose {
        let grouping = group::group(
            &self.certificates,
            Delivery::of(&self.source.kind),
            &SignatureCache::new(),
        );
        let target = grouping
            .groups
            .first()
            .and_then(|g| g.certificates.first())
            .and_then(|&id| self.certificates.get(id.index()));
        match target {
            Some(target) => Purpose::for_target(chosen, target, &self.source),
            None => chosen,
        }
    }
}

/// Inspects a chain: groups it, builds every path to each store, checks every link and path.
pub fn inspect(input: Input, stores: &[TrustStore], policy: &Policy) -> Inspection {
    inspect_with_budget(input, stores, policy, Budget::default())
}

/// [`inspect`] with explicit search limits.
pub fn inspect_with_budget(
    input: Input,
    stores: &[TrustStore],
    policy: &Policy,
    budget: Budget,
) -> Inspection {
    inspect_with_evidence(input, stores, policy, budget, &Evidence::default())
}

/// [`inspect_with_budget`] with the revocation evidence and AIA issuers gathered for the
/// chain, still as bytes: they are decoded here, with the stapled OCSP response of a TLS
/// source (always read). A caller that verifies the same evidence more than once (the AIA
/// loop in `pipeline`) decodes it once and calls [`inspect_decoded`].
pub fn inspect_with_evidence(
    input: Input,
    stores: &[TrustStore],
    policy: &Policy,
    budget: Budget,
    evidence: &Evidence,
) -> Inspection {
    let decoded = crate::decode::evidence::decode_evidence(evidence, input.stapled());
    inspect_decoded(input, stores, policy, budget, &decoded)
}

/// [`inspect_with_budget`] with decoded evidence (see `decode::evidence`). The stapled OCSP
/// response is the one in `evidence`: decode the source's with
/// `decode::evidence::set_stapled(…, input.stapled())`.
pub fn inspect_decoded(
    input: Input,
    stores: &[TrustStore],
    policy: &Policy,
    budget: Budget,
    evidence: &DecodedEvidence,
) -> Inspection {
    inspect_with_signatures(
        input,
        stores,
        policy,
        budget,
        evidence,
        &SignatureCache::new(),
    )
}

/// [`inspect_decoded`] with the inspection's signature cache given, so that tests can count
/// the signatures it verified.
fn inspect_with_signatures(
    input: Input,
    stores: &[TrustStore],
    policy: &Policy,
    budget: Budget,
    evidence: &DecodedEvidence,
    signatures: &SignatureCache,
) -> Inspection {
    let mut policy = policy.clone();
    // Validity is decided in whole seconds, as certificates state it.
    policy.time = policy.time.replace_nanosecond(0).unwrap_or(policy.time);
    // DSA keys that inherit their parameters need them before any signature is asked about.
    signatures.learn_inherited_parameters(
        input
            .certificates
            .iter()
            .chain(&input.untrusted)
            .chain(evidence.aia_issuers.iter().map(|i| &i.certificate)),
        stores,
    );
    let grouping = group::group(
        &input.certificates,
        Delivery::of(&input.source.kind),
        signatures,
    );
    let leaf_sha256 = grouping
        .groups
        .first()
        .and_then(|g| g.certificates.first())
        .and_then(|&id| input.certificates.get(id.index()))
        .map(|c| c.sha256.clone());
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
    certificates.extend(
        evidence
            .aia_issuers
            .iter()
            .map(|issuer| InspectedCertificate {
                certificate: issuer.certificate.clone(),
                origin: CertOrigin::Aia {
                    url: issuer.url.clone(),
                },
            }),
    );
    let prepared = revocation::Prepared::new(evidence, leaf_sha256);
    let load_notes = input.load_notes;
    let mut inspection = Inspection {
        source: input.source,
        policy,
        certificates,
        anchors: Vec::new(),
        groups: grouping.groups,
        findings: grouping.findings,
        links: Vec::new(),
        verdicts: Vec::new(),
        devices: Vec::new(),
        ct: None,
    };
    path::verify_all(&mut inspection, stores, budget, &prepared, signatures);
    inspection.devices = device::evaluate(&inspection, stores, signatures);
    root_left_out(&mut inspection, stores);
    legacy_tls(&mut inspection);
    if inspection.source.holds_private_key {
        inspection.findings.push(Finding::new(
            CheckStatus::Pass,
            FindingFacts::PrivateKeyNotShown,
        ));
    }
    add_load_notes(&mut inspection, &load_notes);
    // The CT policies apply to chains a public root program trusts.
    let public_stores: Vec<String> = stores
        .iter()
        .filter(|s| matches!(s.kind, StoreKind::Mozilla | StoreKind::System))
        .map(|s| s.name.clone())
        .collect();
    inspection.ct = crate::ct::check(&inspection, &public_stores, &crate::ct::LogLists::active());
    inspection
}

/// Adds what was noticed while the source was read ([`Input::load_notes`]) to the inspection's
/// findings, so that every face shows them with the other findings and JSON carries them.
fn add_load_notes(insp: &mut Inspection, notes: &[String]) {
    insp.findings.extend(notes.iter().map(|note| {
        Finding::new(
            CheckStatus::Pass,
            FindingFacts::LoadNote { note: note.clone() },
        )
    }));
}

/// A chain read through the legacy capture came from a server that speaks only versions or
/// cipher suites modern TLS stacks refuse: clients built on them cannot connect at all,
/// whatever the chain's verdict.
fn legacy_tls(insp: &mut Inspection) {
    let Some(conn) = &insp.source.connection else {
        return;
    };
    let Some(legacy) = &conn.legacy else {
        return;
    };
    insp.findings.push(Finding::new(
        CheckStatus::Warn,
        FindingFacts::ModernClientsCannotConnect {
            tls_version: conn.tls_version.clone(),
            cipher_suite: conn.cipher_suite.clone(),
            key_exchange: legacy.key_exchange.clone(),
        },
    ));
}

/// A chain sent without its root is what servers should do (RFC 8446 §4.4.2): when a chosen
/// store holds the missing issuer, the finding is information, not a warning. A missing
/// intermediate stays a warning.
fn root_left_out(insp: &mut Inspection, stores: &[TrustStore]) {
    let Some(top) = insp
        .groups
        .first()
        .and_then(|g| g.certificates.last())
        .and_then(|&id| insp.cert(id))
    else {
        return;
    };
    let holder = stores
        .iter()
        .find(|store| store.anchors.iter().any(|a| a.subject.matches(&top.issuer)));
    let Some(holder) = holder else {
        return;
    };
    let store = holder.name.clone();
    for finding in &mut insp.findings {
        if let FindingFacts::MissingIssuer {
            certificate,
            delivery,
        } = finding.facts
        {
            *finding = Finding::new(
                CheckStatus::Pass,
                FindingFacts::RootNotSent {
                    certificate,
                    store: store.clone(),
                    delivery,
                },
            );
        }
    }
}
