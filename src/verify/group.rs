//! Groups the certificates of a source into chains and records how they were sent.

use std::collections::{HashMap, HashSet};

use crate::model::{CertId, Certificate, ChainGroup, CheckStatus, Delivery, Finding, FindingFacts};

use super::checks::is_self_signed;
use super::signature_cache::SignatureCache;

/// The source's certificates grouped by chain, with findings about the order sent.
pub struct Grouping {
    /// Chains, the primary one (holding the leaf) first.
    pub groups: Vec<ChainGroup>,
    /// Findings about the chain as sent.
    pub findings: Vec<Finding>,
}

/// Groups `certs` (the source's certificates, in the order sent). Linear in the number of
/// certificates: duplicates are found by fingerprint and issuers through an index by subject.
/// The signatures it checks are kept in `signatures` for the rest of the inspection.
/// `delivery` says whether a server sent them or they were given locally, as the findings
/// about their order and completeness record it.
pub fn group(certs: &[Certificate], delivery: Delivery, signatures: &SignatureCache) -> Grouping {
    let mut findings = Vec::new();
    let mut unique: Vec<usize> = Vec::new();
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    for (i, cert) in certs.iter().enumerate() {
        match first_of.get(cert.sha256.as_str()) {
            Some(&first) => findings.push(Finding::new(
                CheckStatus::Warn,
                // The source's certificates open the inspection's list in the order sent.
                FindingFacts::Duplicate {
                    certificate: CertId::new(i),
                    first: CertId::new(first),
                },
            )),
            None => {
                first_of.insert(cert.sha256.as_str(), i);
                unique.push(i);
            }
        }
    }
    let cert = |i: usize| certs.get(i);
    let mut by_subject: HashMap<String, Vec<usize>> = HashMap::new();
    for &u in &unique {
        if let Some(c) = cert(u) {
            by_subject.entry(c.subject.match_key()).or_default().push(u);
        }
    }
    // The issuer of each certificate among the others: a verifying signature beats a name match.
    let issuer_of = |i: usize| -> Option<usize> {
        let child = cert(i)?;
        if child.is_self_issued() {
            return None;
        }
        let named: Vec<usize> = by_subject
            .get(&child.issuer.match_key())
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(|&j| j != i && cert(j).is_some_and(|c| c.subject.matches(&child.issuer)))
            .collect();
        // A signature is checked only to choose among several issuers of the same name: the
        // link checks verify the chosen one anyway, and a bundle of thousands of leaves
        // should not cost thousands of signature checks to group.
        if let [only] = named.as_slice() {
            return Some(*only);
        }
        named
            .iter()
            .copied()
            .find(|&j| cert(j).is_some_and(|c| signatures.signs(child, &c.public_key)))
            .or(named.first().copied())
    };
    let issuers: Vec<Option<usize>> = (0..certs.len()).map(issuer_of).collect();
    let issuer_set: HashSet<usize> = unique
        .iter()
        .filter_map(|&i| issuers.get(i).copied().flatten().filter(|&j| j != i))
        .collect();
    let is_issuer = |j: usize| issuer_set.contains(&j);
    let mut starts: Vec<usize> = unique.iter().copied().filter(|&i| !is_issuer(i)).collect();
    // Prefer an end-entity certificate as the leaf of the first chain.
    starts.sort_by_key(|&i| (cert(i).is_some_and(Certificate::is_ca), i));
    let mut groups: Vec<ChainGroup> = Vec::new();
    let mut placed = vec![false; certs.len()];
    let walk = |start: usize, placed: &mut Vec<bool>| -> ChainGroup {
        let mut chain = vec![start];
        let mut current = start;
        while let Some(next) = issuers.get(current).copied().flatten() {
            if chain.contains(&next) {
                break;
            }
            chain.push(next);
            current = next;
        }
        for &c in &chain {
            if let Some(p) = placed.get_mut(c) {
                *p = true;
            }
        }
        let issuer_missing = cert(current).is_some_and(|c| !c.is_self_issued())
            && issuers.get(current).copied().flatten().is_none();
        // The source's certificates open the inspection's list in the order sent, so a
        // position here is also the certificate's id there.
        ChainGroup {
            certificates: chain.into_iter().map(CertId::new).collect(),
            issuer_missing,
        }
    };
    for &start in &starts {
        groups.push(walk(start, &mut placed));
    }
    for &i in &unique {
        if !placed.get(i).copied().unwrap_or(true) {
            groups.push(walk(i, &mut placed));
        }
    }
    if let Some(primary) = groups.first() {
        record_findings(
            certs,
            delivery,
            primary,
            &groups,
            &unique,
            signatures,
            &mut findings,
        );
    }
    Grouping { groups, findings }
}

fn record_findings(
    certs: &[Certificate],
    delivery: Delivery,
    primary: &ChainGroup,
    groups: &[ChainGroup],
    unique: &[usize],
    signatures: &SignatureCache,
    findings: &mut Vec<Finding>,
) {
    let in_order = primary
        .certificates
        .iter()
        .enumerate()
        .all(|(k, &id)| k == id.index());
    if !in_order {
        findings.push(Finding::new(
            CheckStatus::Warn,
            FindingFacts::WrongOrder {
                chain: primary.certificates.clone(),
                delivery,
            },
        ));
    }
    let bundle = groups.len() > 1
        && groups
            .iter()
            .all(|g| g.certificates.len() == 1 && !g.issuer_missing);
    if bundle {
        findings.push(Finding::new(
            CheckStatus::Pass,
            FindingFacts::SeveralChains {
                count: groups.len(),
            },
        ));
    } else {
        let in_primary: HashSet<CertId> = primary.certificates.iter().copied().collect();
        for &i in unique {
            if !in_primary.contains(&CertId::new(i)) {
                findings.push(Finding::new(
                    CheckStatus::Warn,
                    FindingFacts::Unrelated {
                        certificate: CertId::new(i),
                    },
                ));
            }
        }
    }
    if let Some(&top) = primary.certificates.last() {
        if let Some(top_cert) = certs.get(top.index()) {
            if primary.issuer_missing {
                findings.push(Finding::new(
                    CheckStatus::Warn,
                    FindingFacts::MissingIssuer {
                        certificate: top,
                        delivery,
                    },
                ));
            } else if primary.certificates.len() > 1 && is_self_signed(top_cert, signatures) {
                findings.push(Finding::new(
                    CheckStatus::Pass,
                    FindingFacts::RootIncluded {
                        certificate: top,
                        delivery,
                    },
                ));
            }
        }
    }
}
