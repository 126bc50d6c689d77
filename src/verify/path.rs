//! Path building (every path from the leaf to each store's anchors) and path decisions.

use std::collections::HashMap;

use crate::model::{
    Anchor, AnchorId, CertId, CertOrigin, Certificate, Check, CheckName, CheckStatus,
    InspectedCertificate, Inspection, IssuerRef, Link, PathResult, StoreVerdict, worst,
};

use super::checks::{self, IssuerView, Role};
use super::hostname::{HostMatch, match_host};
use super::nc::{self, COMPARISON_BUDGET, Constraints, Names};
use super::second_opinion::{self, Opinion};
use super::store::{TrustAnchorEntry, TrustStore};

/// Intermediates allowed on one path; deeper chains are not seen in practice.
const MAX_INTERMEDIATES: usize = 8;
/// Candidate paths recorded per store.
const MAX_PATHS: usize = 32;
/// Search steps per store: bounds hostile inputs such as 100 certificates with one subject.
const MAX_STEPS: usize = 2_000;

/// A path found by the search: certificates from the leaf up, and the anchor it reached.
struct Candidate {
    certificates: Vec<CertId>,
    anchor: usize,
}

struct Builder<'a> {
    insp: &'a mut Inspection,
    link_index: HashMap<(CertId, IssuerRef, usize), usize>,
    /// Whether certificate `.1`'s key verifies certificate `.0`'s signature: each pair is
    /// checked once, however many paths the search tries through it.
    signs: std::cell::RefCell<HashMap<(CertId, CertId), bool>>,
}

/// Whether `cert` is itself one of the store's anchors (the same certificate, or a
/// self-issued one with the anchor's name and key), so that going through it adds nothing.
/// A cross-signed copy of an anchor is not excluded: it leads to a second, different path.
fn is_anchor(store: &TrustStore, cert: &Certificate) -> bool {
    store.anchors.iter().any(|a| {
        a.certificate.as_ref().is_some_and(|c| c.der == cert.der)
            || (cert.is_self_issued()
                && a.public_key.spki_der == cert.public_key.spki_der
                && a.subject.matches(&cert.subject))
    })
}

/// Non-self-issued CA certificates among `path[1..=upto]`: what pathLenConstraint counts.
fn cas_below(insp: &Inspection, path: &[CertId], upto: usize) -> usize {
    path.iter()
        .enumerate()
        .skip(1)
        .take(upto)
        .filter(|(_, id)| insp.cert(**id).is_some_and(|c| !c.is_self_issued()))
        .count()
}

impl Builder<'_> {
    fn cert(&self, id: CertId) -> Option<&Certificate> {
        self.insp.cert(id)
    }

    /// The link (child → issuer) with its checks, computed once.
    fn link(
        &mut self,
        child: CertId,
        role: Role,
        issuer: IssuerRef,
        anchor: Option<&TrustAnchorEntry>,
        cas_below: usize,
    ) -> usize {
        if let Some(&index) = self.link_index.get(&(child, issuer, cas_below)) {
            return index;
        }
        let checks = {
            let insp = &*self.insp;
            let view = IssuerView {
                certificate: match issuer {
                    IssuerRef::Certificate(id) => insp.cert(id),
                    IssuerRef::Anchor(_) => None,
                },
                anchor,
            };
            match insp.cert(child) {
                Some(c) => {
                    link_checks(c, role, &view, cas_below, insp.policy.purpose, &insp.policy)
                }
                None => Vec::new(),
            }
        };
        let index = self.insp.links.len();
        self.insp.links.push(Link::new(child, issuer, checks));
        self.link_index.insert((child, issuer, cas_below), index);
        index
    }

    /// The inspection's handle for a store anchor: an anchor entry and the issuer reference.
    fn anchor_ref(
        &mut self,
        store: &TrustStore,
        entry: &TrustAnchorEntry,
        cache: &mut HashMap<usize, (AnchorId, IssuerRef)>,
        index: usize,
    ) -> (AnchorId, IssuerRef) {
        if let Some(found) = cache.get(&index) {
            return *found;
        }
        let certificate = entry.certificate.as_ref().map(|cert| {
            match self
                .insp
                .certificates
                .iter()
                .position(|c| c.certificate.der == cert.der)
            {
                Some(id) => id,
                None => {
                    self.insp.certificates.push(InspectedCertificate {
                        certificate: cert.clone(),
                        origin: CertOrigin::TrustStore {
                            store: store.name.clone(),
                        },
                    });
                    self.insp.certificates.len() - 1
                }
            }
        });
        let anchor_id = self.insp.anchors.len();
        self.insp.anchors.push(Anchor {
            store: store.name.clone(),
            subject: entry.subject.clone(),
            public_key: entry.public_key.clone(),
            certificate,
        });
        let issuer = match certificate {
            Some(id) => IssuerRef::Certificate(id),
            None => IssuerRef::Anchor(anchor_id),
        };
        cache.insert(index, (anchor_id, issuer));
        (anchor_id, issuer)
    }

    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        store: &TrustStore,
        pool: &[CertId],
        path: &mut Vec<CertId>,
        found: &mut Vec<Candidate>,
        dead_ends: &mut Vec<Vec<CertId>>,
        steps: &mut usize,
    ) {
        *steps += 1;
        if *steps > MAX_STEPS || found.len() >= MAX_PATHS {
            return;
        }
        let Some(top) = path.last().and_then(|&id| self.cert(id)) else {
            return;
        };
        let mut extended = false;
        for (index, anchor) in store.anchors.iter().enumerate() {
            if anchor.subject.matches(&top.issuer) && !top.issuer.is_empty() {
                extended = true;
                found.push(Candidate {
                    certificates: path.clone(),
                    anchor: index,
                });
            }
        }
        if path.len() > MAX_INTERMEDIATES {
            dead_ends.push(path.clone());
            return;
        }
        let mut candidates: Vec<(bool, CertId)> = pool
            .iter()
            .copied()
            .filter(|id| !path.contains(id))
            .filter_map(|id| self.cert(id).map(|c| (id, c)))
            .filter(|(_, c)| c.subject.matches(&top.issuer) && !top.issuer.is_empty())
            .filter(|(_, c)| !is_anchor(store, c))
            .filter(|(_, c)| {
                !path.iter().filter_map(|&p| self.cert(p)).any(|p| {
                    p.public_key.spki_der == c.public_key.spki_der && p.subject.matches(&c.subject)
                })
            })
            .map(|(id, c)| {
                let top_id = path.last().copied().unwrap_or_default();
                let signs = *self
                    .signs
                    .borrow_mut()
                    .entry((top_id, id))
                    .or_insert_with(|| {
                        super::signature::verify(
                            &top.signature_algorithm,
                            &c.public_key,
                            &top.tbs_der,
                            &top.signature,
                        ) == super::signature::SignatureOutcome::Valid
                    });
                (signs, id)
            })
            .collect();
        // Issuers whose key verifies the signature first; the rest still appear, to be explained.
        candidates.sort_by_key(|(signs, _)| !signs);
        for (_, id) in candidates {
            extended = true;
            path.push(id);
            self.search(store, pool, path, found, dead_ends, steps);
            path.pop();
        }
        if !extended {
            dead_ends.push(path.clone());
        }
    }
}

fn link_checks(
    child: &Certificate,
    role: Role,
    issuer: &IssuerView<'_>,
    cas_below: usize,
    purpose: crate::model::Purpose,
    policy: &crate::model::Policy,
) -> Vec<Check> {
    // A self-signed leaf that is itself in the trust store is trusted directly: the rules
    // for issuers do not apply to it.
    let direct = issuer.certificate.is_some_and(|c| c.der == child.der);
    let directly_trusted = |name| {
        Check::new(
            name,
            CheckStatus::Pass,
            "the certificate itself is in the trust store",
        )
    };
    let mut list = vec![
        checks::signature_check(child, issuer),
        checks::name_chaining(child, issuer),
        checks::key_identifiers(child, role, issuer),
        checks::validity(child, policy),
    ];
    if direct {
        list.push(directly_trusted(CheckName::IssuerIsCa));
        list.push(directly_trusted(CheckName::PathLength));
        list.push(directly_trusted(CheckName::KeyUsage));
    } else {
        list.push(checks::issuer_is_ca(issuer));
        list.push(checks::path_length(issuer, cas_below));
        list.push(checks::key_usage(issuer));
    }
    list.push(checks::extended_key_usage(child, role, purpose));
    let constraints = issuer
        .certificate
        .and_then(Constraints::of)
        .or_else(|| issuer.anchor.and_then(|a| a.name_constraints.clone()));
    let subject_to_constraints = role == Role::Leaf || !child.is_self_issued();
    list.push(match constraints {
        Some(c) if subject_to_constraints => {
            let mut budget = COMPARISON_BUDGET;
            match c
                .malformed()
                .map(Err)
                .unwrap_or_else(|| nc::check(&c, &Names::of(child), &mut budget))
            {
                Ok(()) => Check::new(
                    CheckName::NameConstraints,
                    CheckStatus::Pass,
                    "names within the issuer's name constraints",
                ),
                Err(why) => Check::new(CheckName::NameConstraints, CheckStatus::Fail, why),
            }
        }
        _ => Check::new(
            CheckName::NameConstraints,
            CheckStatus::Pass,
            "no name constraints apply",
        ),
    });
    list.push(checks::structure(child, role));
    list.push(checks::algorithms(child, role));
    list
}

/// Builds and decides every path of the primary chain against every store.
pub fn verify_all(insp: &mut Inspection, stores: &[TrustStore]) {
    let Some(primary) = insp.groups.first().cloned() else {
        return;
    };
    let Some(&leaf) = primary.certificates.first() else {
        return;
    };
    let mut builder = Builder {
        insp,
        link_index: HashMap::new(),
        signs: std::cell::RefCell::new(HashMap::new()),
    };
    // The links of the chain as grouped, so a chain with no anchor is still explained.
    for (position, pair) in primary.certificates.windows(2).enumerate() {
        if let [child, issuer] = *pair {
            let role = if position == 0 {
                Role::Leaf
            } else {
                Role::Intermediate
            };
            let below = cas_below(builder.insp, &primary.certificates, position);
            builder.link(child, role, IssuerRef::Certificate(issuer), None, below);
        }
    }
    // Every other certificate given may serve as an intermediate, once each (by DER).
    let mut pool: Vec<CertId> = Vec::new();
    for (id, c) in builder.insp.certificates.iter().enumerate() {
        if id != leaf
            && !pool.iter().any(|&p| {
                builder
                    .insp
                    .cert(p)
                    .is_some_and(|q| q.der == c.certificate.der)
            })
        {
            pool.push(id);
        }
    }
    for store in stores {
        let verdict = verify_store(&mut builder, store, leaf, &pool);
        builder.insp.verdicts.push(verdict);
    }
}

fn verify_store(
    builder: &mut Builder<'_>,
    store: &TrustStore,
    leaf: CertId,
    pool: &[CertId],
) -> StoreVerdict {
    let mut found = Vec::new();
    let mut dead_ends = Vec::new();
    let mut steps = 0;
    let mut path = vec![leaf];
    builder.search(
        store,
        pool,
        &mut path,
        &mut found,
        &mut dead_ends,
        &mut steps,
    );
    let mut notes: Vec<String> = store.load_warnings.clone();
    if steps > MAX_STEPS {
        notes.push(format!(
            "path search stopped after {MAX_STEPS} steps; some candidate paths were not tried"
        ));
    }
    let mut anchor_cache = HashMap::new();
    let mut paths = Vec::new();
    for candidate in found {
        let Some(entry) = store.anchors.get(candidate.anchor) else {
            continue;
        };
        let (anchor_id, issuer_ref) =
            builder.anchor_ref(store, entry, &mut anchor_cache, candidate.anchor);
        let result = evaluate(
            builder,
            &candidate.certificates,
            entry,
            anchor_id,
            issuer_ref,
            &mut notes,
        );
        paths.push(result);
    }
    // Shortest valid paths first, then the failing ones with the fewest problems.
    paths.sort_by_key(|p| {
        (
            !p.valid,
            problem_count(builder.insp, p),
            p.certificates.len(),
        )
    });
    let trusted = paths.first().is_some_and(|p| p.valid);
    let reason = match paths.first() {
        Some(best) if best.valid => {
            let anchor = builder
                .insp
                .anchors
                .get(best.anchor)
                .map(|a| a.subject.display_label())
                .unwrap_or_default();
            let n = best.certificates.len().saturating_sub(1);
            format!(
                "chains to {anchor}{}",
                match n {
                    0 => String::new(),
                    1 => " through 1 intermediate".to_string(),
                    n => format!(" through {n} intermediates"),
                }
            )
        }
        Some(best) => {
            let problems = path_problems(builder.insp, best);
            match problems.split_first() {
                Some((first, [])) => first.clone(),
                Some((first, rest)) => format!(
                    "{first} (and {} more problem{})",
                    rest.len(),
                    if rest.len() == 1 { "" } else { "s" }
                ),
                None => "the path failed a check".to_string(),
            }
        }
        None => no_path_reason(builder.insp, store, &dead_ends),
    };
    StoreVerdict {
        store: store.name.clone(),
        trusted,
        reason,
        paths,
        notes,
    }
}

fn no_path_reason(insp: &Inspection, store: &TrustStore, dead_ends: &[Vec<CertId>]) -> String {
    let longest = dead_ends.iter().max_by_key(|p| p.len());
    let Some(top) = longest.and_then(|p| p.last()).and_then(|&id| insp.cert(id)) else {
        return format!("no path to a root in {}", store.name);
    };
    if checks::is_self_signed(top) {
        format!(
            "{} is self-signed and is not in {}",
            top.label(),
            store.name
        )
    } else {
        format!(
            "no path to a trusted root: the issuer of {} (\"{}\") is neither in {} nor among the certificates given",
            top.label(),
            top.issuer.one_line,
            store.name
        )
    }
}

fn problem_count(insp: &Inspection, path: &PathResult) -> usize {
    path_problems(insp, path).len()
}

/// Every failing or unknown check of a path, in words, leaf first.
pub fn path_problems(insp: &Inspection, path: &PathResult) -> Vec<String> {
    let mut out = Vec::new();
    for &l in &path.links {
        let Some(link) = insp.links.get(l) else {
            continue;
        };
        let label = insp
            .cert(link.child)
            .map(Certificate::label)
            .unwrap_or_default();
        for check in &link.checks {
            if matches!(check.status, CheckStatus::Fail | CheckStatus::Unknown) {
                out.push(format!("{label}: {}", check.reason));
            }
        }
    }
    for check in &path.checks {
        if matches!(check.status, CheckStatus::Fail | CheckStatus::Unknown) {
            out.push(check.reason.clone());
        }
    }
    out
}

fn evaluate(
    builder: &mut Builder<'_>,
    certs: &[CertId],
    anchor: &TrustAnchorEntry,
    anchor_id: AnchorId,
    anchor_issuer: IssuerRef,
    notes: &mut Vec<String>,
) -> PathResult {
    let mut links = Vec::new();
    for (i, &child) in certs.iter().enumerate() {
        let role = if i == 0 {
            Role::Leaf
        } else {
            Role::Intermediate
        };
        let below = cas_below(builder.insp, certs, i);
        let (issuer, entry) = match certs.get(i + 1) {
            Some(&next) => (IssuerRef::Certificate(next), None),
            None => (anchor_issuer, Some(anchor)),
        };
        links.push(builder.link(child, role, issuer, entry, below));
    }
    let insp = &*builder.insp;
    let policy = &insp.policy;
    let mut path_checks = Vec::new();
    let Some(leaf) = certs.first().and_then(|&id| insp.cert(id)) else {
        return PathResult {
            certificates: certs.to_vec(),
            anchor: anchor_id,
            links,
            checks: path_checks,
            valid: false,
        };
    };
    path_checks.push(checks::end_entity(leaf));
    if let Some(host) = &policy.host {
        path_checks.push(match match_host(leaf, host) {
            HostMatch::Matched(san) => Check::new(
                CheckName::HostName,
                CheckStatus::Pass,
                format!("{host} matches {san}"),
            ),
            HostMatch::Mismatch(why) => Check::new(
                CheckName::HostName,
                CheckStatus::Fail,
                format!("host name {host} does not match the leaf: {why}"),
            ),
            HostMatch::InvalidHost => Check::new(
                CheckName::HostName,
                CheckStatus::Fail,
                format!("\"{host}\" is not a valid host name or IP address"),
            ),
        });
    }
    let direct = anchor
        .certificate
        .as_ref()
        .is_some_and(|a| a.der == leaf.der);
    if direct {
        path_checks.push(Check::new(
            CheckName::TrustAnchor,
            CheckStatus::Pass,
            format!("{} is itself in the trust store", leaf.label()),
        ));
    } else {
        path_checks.push(checks::anchor_checks(anchor, policy));
    }
    path_checks.push(path_name_constraints(insp, certs, anchor));
    let links_ok = links
        .iter()
        .filter_map(|&l| insp.links.get(l))
        .all(|l| l.status <= CheckStatus::Warn);
    let mut valid = links_ok && worst(&path_checks) <= CheckStatus::Warn;
    if valid {
        let intermediates: Vec<&Certificate> = certs
            .iter()
            .skip(1)
            .filter_map(|&id| insp.cert(id))
            .filter(|c| anchor.certificate.as_ref().is_none_or(|a| a.der != c.der))
            .collect();
        match second_opinion::check(leaf, &intermediates, anchor, policy) {
            Opinion::Agrees => path_checks.push(Check::new(
                CheckName::Webpki,
                CheckStatus::Pass,
                "rustls-webpki agrees",
            )),
            Opinion::Rejects(why) => {
                valid = false;
                path_checks.push(Check::new(CheckName::Webpki, CheckStatus::Fail, why));
            }
            Opinion::CannotEvaluate(why) => {
                notes.push(why.clone());
                path_checks.push(Check::new(CheckName::Webpki, CheckStatus::Warn, why));
            }
        }
    }
    PathResult {
        certificates: certs.to_vec(),
        anchor: anchor_id,
        links,
        checks: path_checks,
        valid,
    }
}

/// Name constraints of every CA on the path, and of the anchor, over every certificate below.
fn path_name_constraints(insp: &Inspection, certs: &[CertId], anchor: &TrustAnchorEntry) -> Check {
    let mut budget = COMPARISON_BUDGET;
    let chain: Vec<&Certificate> = certs.iter().filter_map(|&id| insp.cert(id)).collect();
    let mut constrainers: Vec<(usize, String, Constraints)> = chain
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(i, c)| Constraints::of(c).map(|nc| (i, c.label(), nc)))
        .collect();
    if let Some(nc) = &anchor.name_constraints {
        constrainers.push((chain.len(), anchor.label(), nc.clone()));
    }
    if constrainers.is_empty() {
        return Check::new(
            CheckName::NameConstraints,
            CheckStatus::Pass,
            "no name constraints on the path",
        );
    }
    for (position, label, constraints) in &constrainers {
        if let Some(why) = constraints.malformed() {
            return Check::new(
                CheckName::NameConstraints,
                CheckStatus::Fail,
                format!("{label}: {why}"),
            );
        }
        for (k, cert) in chain.iter().enumerate().take(*position) {
            if k != 0 && cert.is_self_issued() {
                continue;
            }
            if let Err(why) = nc::check(constraints, &Names::of(cert), &mut budget) {
                return Check::new(
                    CheckName::NameConstraints,
                    CheckStatus::Fail,
                    format!("{}: {why} (constraint of {label})", cert.label()),
                );
            }
        }
    }
    Check::new(
        CheckName::NameConstraints,
        CheckStatus::Pass,
        "every name is within the name constraints on the path",
    )
}
