//! Path building (every path from the leaf to each store's anchors) and path decisions.
//!
//! Issuers are found through an index by subject name, so the cost grows with the number of
//! certificates, not with its square; every search runs under one [`Budget`].

use std::collections::HashMap;

use crate::model::{
    Anchor, AnchorId, CertId, CertOrigin, Certificate, Check, CheckName, CheckStatus,
    DistinguishedName, Failure, InspectedCertificate, Inspection, IssuerRef, Link, Note, Outcome,
    Passed, PathResult, PinMatch, Purpose, StoreVerdict, worst,
};

use super::budget::{Budget, Limit, Spent};
use super::checks::{self, IssuerView, Role};
use super::hostname::{HostMatch, match_host};
use super::nc::{self, Constraints, Names};
use super::revocation::{self, Prepared};
use super::second_opinion::{self, Opinion, PathTraits};
use super::signature_cache::SignatureCache;
use super::store::{TrustAnchorEntry, TrustStore};

/// A path found by the search: certificates from the leaf up, and the anchor it reached.
struct Candidate {
    certificates: Vec<CertId>,
    anchor: usize,
}

/// Certificates by subject name, for finding issuers without scanning every certificate.
#[derive(Default)]
struct SubjectIndex {
    by_key: HashMap<String, Vec<CertId>>,
}

impl SubjectIndex {
    fn insert(&mut self, name: &DistinguishedName, id: CertId) {
        self.by_key.entry(name.match_key()).or_default().push(id);
    }

    fn get(&self, name: &DistinguishedName) -> &[CertId] {
        self.by_key
            .get(&name.match_key())
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

struct Builder<'a> {
    insp: &'a mut Inspection,
    link_index: HashMap<(CertId, IssuerRef, usize), usize>,
    /// The inspection's signatures: each (certificate, issuer key) pair is checked once,
    /// however many paths the search tries through it and whichever check asks.
    signatures: &'a SignatureCache,
    /// Every certificate by SHA-256, so each is added to the inspection once.
    by_fingerprint: HashMap<String, CertId>,
    /// The certificates that may serve as intermediates, by subject.
    pool: SubjectIndex,
    /// The revocation evidence, decoded once.
    revocation: &'a Prepared<'a>,
    /// Links whose revocation decision depended on the path's trust anchor (a CRL signer's
    /// own path was validated), with the anchor's key it was decided for: a path to another
    /// anchor through the same link decides it again.
    revocation_anchor: HashMap<usize, Option<Vec<u8>>>,
    /// Copies of such a link decided for another anchor: (first link, anchor key) → link.
    anchored_links: HashMap<(usize, Vec<u8>), usize>,
}

/// One store, prepared for the search: its anchors by subject, and its certificates that
/// are not self-issued (trusted intermediates), which may also lead on to their own issuers.
struct StoreView<'s> {
    store: &'s TrustStore,
    anchors: HashMap<String, Vec<usize>>,
    extra: SubjectIndex,
}

/// Non-self-issued CA certificates among `path[1..=upto]`: what pathLenConstraint counts
/// (RFC 5280 §4.2.1.9: the leaf and self-issued intermediates are not counted). A target
/// checked as a CA ([`Purpose::Ca`]) that is one is asked about as a CA that issues, so it
/// counts as one at its depth: a CA under a pathLen:0 issuer can issue nothing that validates.
fn cas_below(insp: &Inspection, path: &[CertId], upto: usize) -> usize {
    let target_counts = insp.policy.purpose == Purpose::Ca
        && path
            .first()
            .and_then(|&id| insp.cert(id))
            .is_some_and(Certificate::is_ca);
    let first = usize::from(!target_counts);
    path.get(first..=upto)
        .unwrap_or_default()
        .iter()
        .filter(|id| insp.cert(**id).is_some_and(|c| !c.is_self_issued()))
        .count()
}

/// Whether a path is its target alone, as the anchor itself (see [`TrustAnchorEntry::is`]):
/// a target the store holds, so that nothing is drawn above it.
pub fn anchor_is_target(insp: &Inspection, path: &PathResult) -> bool {
    let ([target_id], Some(anchor)) = (path.certificates.as_slice(), insp.anchor(path.anchor))
    else {
        return false;
    };
    let Some(target) = insp.cert(*target_id) else {
        return false;
    };
    anchor.certificate == Some(*target_id)
        || (target.is_self_issued()
            && anchor.public_key.spki_der == target.public_key.spki_der
            && anchor.subject.matches(&target.subject))
}

/// The role of the certificate at `position` of a path: under [`Purpose::Ca`] the target is
/// a CA, issued by the next certificate (an intermediate), or the anchor itself when the
/// store holds it (RFC 5280 §6.1.1(d)); otherwise the first is the leaf.
fn role_at(position: usize, purpose: Purpose, target_is_anchor: bool) -> Role {
    match (position, purpose) {
        (0, Purpose::Ca) if target_is_anchor => Role::Anchor,
        (0, Purpose::Ca) => Role::Intermediate,
        (0, _) => Role::Leaf,
        _ => Role::Intermediate,
    }
}

impl Builder<'_> {
    fn cert(&self, id: CertId) -> Option<&Certificate> {
        self.insp.cert(id)
    }

    /// The certificate's id in the inspection, adding it (with `origin`) if it is new.
    fn add_certificate(&mut self, cert: &Certificate, origin: CertOrigin) -> CertId {
        if let Some(&id) = self.by_fingerprint.get(&cert.sha256) {
            return id;
        }
        let id = CertId::new(self.insp.certificates.len());
        self.insp.certificates.push(InspectedCertificate {
            certificate: cert.clone(),
            origin,
        });
        self.by_fingerprint.insert(cert.sha256.clone(), id);
        id
    }

    /// The link (child → issuer) with its checks, computed once. `path_anchor` is the trust
    /// anchor of the path being evaluated (`None` before paths are built): the revocation
    /// check validates a CRL signer's own path to it.
    fn link(
        &mut self,
        child: CertId,
        role: Role,
        issuer: IssuerRef,
        anchor: Option<&TrustAnchorEntry>,
        cas_below: usize,
        path_anchor: Option<&TrustAnchorEntry>,
    ) -> usize {
        if let Some(&index) = self.link_index.get(&(child, issuer, cas_below)) {
            return match (path_anchor, self.revocation_anchor.get(&index)) {
                (Some(path_anchor), Some(decided_for))
                    if decided_for.as_ref() != Some(&path_anchor.public_key.spki_der) =>
                {
                    self.link_for_anchor(index, anchor, path_anchor)
                }
                _ => index,
            };
        }
        let mut revocation_outcome = None;
        let mut used_anchor = false;
        let checks = {
            let insp = &*self.insp;
            let certificate = match issuer {
                IssuerRef::Certificate(id) => insp.cert(id),
                IssuerRef::Anchor(_) => None,
            };
            let inherited_key = certificate
                .map(|c| &c.public_key)
                .or(anchor.map(|a| &a.public_key))
                .and_then(|key| self.signatures.inherited_key(key));
            let view = IssuerView {
                certificate,
                anchor,
                inherited_key,
            };
            match insp.cert(child) {
                Some(c) => {
                    let mut list =
                        link_checks(c, role, &view, cas_below, &insp.policy, self.signatures);
                    let pool: Vec<&Certificate> =
                        insp.certificates.iter().map(|c| &c.certificate).collect();
                    let around = revocation::Surroundings {
                        pool: &pool,
                        anchor: path_anchor,
                    };
                    let (check, outcome, depends) =
                        revocation::check(c, &view, self.revocation, &insp.policy, &around);
                    list.push(check);
                    revocation_outcome = Some(outcome);
                    used_anchor = depends;
                    list
                }
                None => Vec::new(),
            }
        };
        let index = self.insp.links.len();
        let mut link = Link::new(child, issuer, checks);
        link.revocation = revocation_outcome;
        self.insp.links.push(link);
        self.link_index.insert((child, issuer, cas_below), index);
        if used_anchor {
            self.revocation_anchor
                .insert(index, path_anchor.map(|a| a.public_key.spki_der.clone()));
        }
        index
    }

    /// Link `index` with its revocation decided for `path_anchor`: decided before the paths
    /// were known, it is decided again in place; decided for another anchor, a copy is made
    /// for this one, so each path reads the decision for its own anchor.
    fn link_for_anchor(
        &mut self,
        index: usize,
        anchor: Option<&TrustAnchorEntry>,
        path_anchor: &TrustAnchorEntry,
    ) -> usize {
        let key = path_anchor.public_key.spki_der.clone();
        if let Some(&copy) = self.anchored_links.get(&(index, key.clone())) {
            return copy;
        }
        let insp = &*self.insp;
        let Some(link) = insp.links.get(index) else {
            return index;
        };
        let Some(child) = insp.cert(link.child) else {
            return index;
        };
        let certificate = match link.issuer {
            IssuerRef::Certificate(id) => insp.cert(id),
            IssuerRef::Anchor(_) => None,
        };
        let inherited_key = certificate
            .map(|c| &c.public_key)
            .or(anchor.map(|a| &a.public_key))
            .and_then(|key| self.signatures.inherited_key(key));
        let view = IssuerView {
            certificate,
            anchor,
            inherited_key,
        };
        let pool: Vec<&Certificate> = insp.certificates.iter().map(|c| &c.certificate).collect();
        let around = revocation::Surroundings {
            pool: &pool,
            anchor: Some(path_anchor),
        };
        let (check, outcome, _) =
            revocation::check(child, &view, self.revocation, &insp.policy, &around);
        let checks: Vec<Check> = link
            .checks
            .iter()
            .map(|c| {
                if c.name == CheckName::Revocation {
                    check.clone()
                } else {
                    c.clone()
                }
            })
            .collect();
        let mut relinked = Link::new(link.child, link.issuer, checks);
        relinked.revocation = Some(outcome);
        let before_paths = self
            .revocation_anchor
            .get(&index)
            .is_some_and(Option::is_none);
        let target = if before_paths {
            if let Some(slot) = self.insp.links.get_mut(index) {
                *slot = relinked;
            }
            index
        } else {
            let copy = self.insp.links.len();
            self.insp.links.push(relinked);
            self.anchored_links.insert((index, key.clone()), copy);
            copy
        };
        self.revocation_anchor.insert(target, Some(key));
        target
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
            self.add_certificate(
                cert,
                CertOrigin::TrustStore {
                    store: store.name.clone(),
                },
            )
        });
        let anchor_id = AnchorId::new(self.insp.anchors.len());
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

    /// Whether `issuer`'s key verifies `child`'s signature; `None` when the search may not
    /// check another signature (the limit is then recorded in `spent`).
    fn signs(&self, child: CertId, issuer: CertId, spent: &mut Spent) -> Option<bool> {
        let (Some(c), Some(i)) = (self.cert(child), self.cert(issuer)) else {
            return Some(false);
        };
        if !self.signatures.contains(c, &i.public_key) && !spent.signature() {
            return None;
        }
        Some(self.signatures.signs(c, &i.public_key))
    }

    fn search(
        &self,
        view: &StoreView<'_>,
        path: &mut Vec<CertId>,
        found: &mut Vec<Candidate>,
        dead_ends: &mut Vec<Vec<CertId>>,
        spent: &mut Spent,
    ) {
        if !spent.step() || spent.paths_full(found.len()) {
            return;
        }
        let Some(&top_id) = path.last() else {
            return;
        };
        let Some(top) = self.cert(top_id) else {
            return;
        };
        if top.issuer.is_empty() {
            dead_ends.push(path.clone());
            return;
        }
        let issuer_key = top.issuer.match_key();
        let mut extended = false;
        for &index in view
            .anchors
            .get(&issuer_key)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            if view
                .store
                .anchors
                .get(index)
                .is_some_and(|a| a.subject.matches(&top.issuer))
            {
                extended = true;
                found.push(Candidate {
                    certificates: path.clone(),
                    anchor: index,
                });
            }
        }
        if !spent.may_deepen(path.len().saturating_sub(1)) {
            if !extended {
                dead_ends.push(path.clone());
            }
            return;
        }
        let named: Vec<CertId> = self
            .pool
            .get(&top.issuer)
            .iter()
            .chain(view.extra.get(&top.issuer))
            .copied()
            .filter(|id| !path.contains(id))
            .filter_map(|id| self.cert(id).map(|c| (id, c)))
            .filter(|(_, c)| c.subject.matches(&top.issuer))
            .filter(|(_, c)| !is_root_anchor(view.store, c))
            // RFC 4158 §5.2: a name and key already on the path would make a loop.
            .filter(|(_, c)| {
                !path.iter().filter_map(|&p| self.cert(p)).any(|p| {
                    p.public_key.spki_der == c.public_key.spki_der && p.subject.matches(&c.subject)
                })
            })
            .map(|(id, _)| id)
            .collect();
        let mut candidates: Vec<(bool, CertId)> = Vec::with_capacity(named.len());
        for id in named {
            // Out of signatures, the search ends here, as rustls-webpki's does.
            let Some(signs) = self.signs(top_id, id, spent) else {
                return;
            };
            candidates.push((signs, id));
        }
        candidates.dedup_by_key(|(_, id)| *id);
        // Issuers whose key verifies the signature first; the rest still appear, to be explained.
        candidates.sort_by_key(|(signs, _)| !signs);
        for (_, id) in candidates {
            extended = true;
            path.push(id);
            self.search(view, path, found, dead_ends, spent);
            path.pop();
        }
        if !extended {
            dead_ends.push(path.clone());
        }
    }
}

/// Whether `cert` is one of the store's self-issued anchors (the same certificate, or one
/// with the anchor's name and key), so that going through it adds nothing. A trusted
/// intermediate is not excluded: the path through it to its own root is a path too. A
/// cross-signed copy of an anchor is not excluded either: it leads to a second path.
fn is_root_anchor(store: &TrustStore, cert: &Certificate) -> bool {
    cert.is_self_issued()
        && store.anchors.iter().any(|a| {
            a.certificate.as_ref().is_some_and(|c| c.der == cert.der)
                || (a.public_key.spki_der == cert.public_key.spki_der
                    && a.subject.matches(&cert.subject))
        })
}

fn link_checks(
    child: &Certificate,
    role: Role,
    issuer: &IssuerView<'_>,
    cas_below: usize,
    policy: &crate::model::Policy,
    signatures: &SignatureCache,
) -> Vec<Check> {
    let profile = policy.profile;
    if role == Role::Anchor {
        // A CA target that is itself the store's anchor has no issuer on the path: the rules
        // for anchors (its validity, key, structure and, for a root, its self-signature) are
        // the path's trust-anchor checks.
        return vec![Check::pass(CheckName::IssuerIsCa, Passed::TargetIsAnchor)];
    }
    // A certificate that is itself in the trust store is trusted directly: the rules for
    // issuers do not apply to it.
    let direct = issuer.certificate.is_some_and(|c| c.der == child.der);
    let mut list = vec![
        checks::signature_check(child, issuer, profile, signatures),
        checks::name_chaining(child, issuer, profile),
        checks::key_identifiers(child, role, issuer, profile, signatures),
        checks::validity(child, policy),
    ];
    if direct {
        list.push(Check::pass(CheckName::IssuerIsCa, Passed::InTrustStore));
    } else {
        list.extend(checks::issuer_checks(issuer, cas_below, profile));
    }
    list.extend(checks::extended_key_usage(
        child,
        role,
        policy.purpose,
        profile,
    ));
    list.extend(checks::structure(child, role, profile));
    list.extend(checks::algorithms(child, role, profile));
    list.extend(checks::ecdsa_hash_matches_curve(child, issuer, profile));
    list
}

/// Builds and decides every path of the primary chain against every store.
pub(super) fn verify_all(
    insp: &mut Inspection,
    stores: &[TrustStore],
    budget: Budget,
    revocation: &Prepared<'_>,
    signatures: &SignatureCache,
) {
    let Some(primary) = insp.groups.first().cloned() else {
        return;
    };
    let Some(&leaf) = primary.certificates.first() else {
        return;
    };
    let mut builder = Builder {
        insp,
        link_index: HashMap::new(),
        signatures,
        by_fingerprint: HashMap::new(),
        pool: SubjectIndex::default(),
        revocation,
        revocation_anchor: HashMap::new(),
        anchored_links: HashMap::new(),
    };
    // Every certificate given may serve as an intermediate, once each (by DER).
    for id in (0..builder.insp.certificates.len()).map(CertId::new) {
        let Some(cert) = builder.insp.cert(id) else {
            continue;
        };
        let fingerprint = cert.sha256.clone();
        if builder.by_fingerprint.contains_key(&fingerprint) {
            continue;
        }
        builder.by_fingerprint.insert(fingerprint, id);
        if id != leaf {
            let subject = cert.subject.clone();
            builder.pool.insert(&subject, id);
        }
    }
    // The links of the chain as grouped, so a chain with no anchor is still explained.
    for (position, pair) in primary.certificates.windows(2).enumerate() {
        if let [child, issuer] = *pair {
            let role = role_at(position, builder.insp.policy.purpose, false);
            let below = cas_below(builder.insp, &primary.certificates, position);
            builder.link(
                child,
                role,
                IssuerRef::Certificate(issuer),
                None,
                below,
                None,
            );
        }
    }
    for store in stores {
        let verdict = verify_store(&mut builder, store, leaf, budget);
        builder.insp.verdicts.push(verdict);
    }
}

fn verify_store(
    builder: &mut Builder<'_>,
    store: &TrustStore,
    leaf: CertId,
    budget: Budget,
) -> StoreVerdict {
    let mut anchors: HashMap<String, Vec<usize>> = HashMap::new();
    let mut extra = SubjectIndex::default();
    for (index, anchor) in store.anchors.iter().enumerate() {
        anchors
            .entry(anchor.subject.match_key())
            .or_default()
            .push(index);
        if let Some(cert) = anchor.certificate.as_ref().filter(|c| !c.is_self_issued()) {
            let id = builder.add_certificate(
                cert,
                CertOrigin::TrustStore {
                    store: store.name.clone(),
                },
            );
            if id != leaf {
                extra.insert(&cert.subject, id);
            }
        }
    }
    let view = StoreView {
        store,
        anchors,
        extra,
    };
    let mut found = Vec::new();
    let mut dead_ends = Vec::new();
    let mut spent = Spent::new(budget);
    let mut path = vec![leaf];
    builder.search(&view, &mut path, &mut found, &mut dead_ends, &mut spent);
    let purpose = builder.insp.policy.purpose;
    if purpose == Purpose::Ca
        && let Some(target) = builder.cert(leaf)
    {
        // A CA target the store holds is trusted as that anchor, a path of itself alone; the
        // search finds that path for a root (its issuer is its own name) but not for a
        // trusted intermediate, which also keeps its path through its own root.
        for (index, anchor) in store.anchors.iter().enumerate() {
            let known = found
                .iter()
                .any(|c| c.anchor == index && c.certificates == [leaf]);
            if anchor.is(target) && !known {
                // First: among equal paths, the store holding the target is the answer.
                found.insert(
                    0,
                    Candidate {
                        certificates: vec![leaf],
                        anchor: index,
                    },
                );
            }
        }
    }
    let mut notes: Vec<Note> = store
        .load_warnings
        .iter()
        .map(|problem| Note::StoreLoad {
            problem: problem.clone(),
        })
        .collect();
    if purpose == Purpose::Ca
        && let Some(host) = &builder.insp.policy.host
    {
        notes.push(Note::HostNotChecked { host: host.clone() });
    }
    if let Some(limit) = spent.reached {
        notes.push(Note::SearchStopped { limit });
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
            &budget,
            &mut notes,
        );
        paths.push(result);
    }
    // Shortest valid paths first, then the failing ones with the fewest problems.
    paths.sort_by_key(|p| {
        (
            !p.valid,
            path_failures(builder.insp, p).len(),
            p.certificates.len(),
        )
    });
    notes.dedup();
    let profile = builder.insp.policy.profile;
    let trusted = paths.first().is_some_and(|p| p.valid);
    let (outcome, failure) = match paths.first() {
        Some(best) if best.valid => (
            Outcome::Trusted {
                anchor: best.anchor,
                intermediates: best.certificates.len().saturating_sub(1),
                as_ca: purpose == Purpose::Ca,
                target_is_anchor: anchor_is_target(builder.insp, best),
            },
            None,
        ),
        Some(best) => (
            Outcome::PathFails {
                problems: path_failures(builder.insp, best).len(),
            },
            best.failure.clone(),
        ),
        None => (
            Outcome::NoPath,
            Some(no_path_failure(
                builder.insp,
                builder.signatures,
                store,
                &dead_ends,
                spent.reached,
            )),
        ),
    };
    let dead_end = if paths.is_empty() {
        dead_ends
            .iter()
            .max_by_key(|p| p.len())
            .cloned()
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    StoreVerdict {
        store: store.name.clone(),
        profile,
        trusted,
        outcome,
        failure,
        search_exhausted: spent.reached.is_some(),
        paths,
        dead_end,
        notes,
    }
}

fn no_path_failure(
    insp: &Inspection,
    signatures: &SignatureCache,
    store: &TrustStore,
    dead_ends: &[Vec<CertId>],
    reached: Option<Limit>,
) -> Failure {
    if let Some(limit) = reached {
        return Failure::SearchBudgetExhausted { limit };
    }
    let longest = dead_ends.iter().max_by_key(|p| p.len());
    let top = longest
        .and_then(|p| p.last())
        .and_then(|&id| insp.cert(id))
        .or_else(|| {
            insp.groups
                .first()
                .and_then(|g| g.certificates.first())
                .and_then(|&id| insp.cert(id))
        });
    match top {
        Some(top) => Failure::UnknownIssuer {
            subject: top.label(),
            issuer_name: top.issuer.one_line.clone(),
            self_signed: checks::is_self_signed(top, signatures),
            store: store.name.clone(),
        },
        None => Failure::UnknownIssuer {
            subject: "the leaf".into(),
            issuer_name: String::new(),
            self_signed: false,
            store: store.name.clone(),
        },
    }
}

/// A failing or undecided check of a path, with the certificate it is about.
pub struct PathProblem<'a> {
    /// The certificate whose link the check belongs to; `None` for a path check.
    pub certificate: Option<CertId>,
    /// The check.
    pub check: &'a Check,
}

/// Every failing or undecided check of a path, each defect once, the most specific first.
pub fn path_failures<'a>(insp: &'a Inspection, path: &'a PathResult) -> Vec<PathProblem<'a>> {
    let mut out: Vec<PathProblem<'a>> = Vec::new();
    let link_checks = path
        .links
        .iter()
        .filter_map(|&l| insp.links.get(l))
        .flat_map(|link| {
            link.checks.iter().map(move |check| PathProblem {
                certificate: Some(link.child),
                check,
            })
        });
    let path_checks = path.checks.iter().map(|check| PathProblem {
        certificate: None,
        check,
    });
    for problem in link_checks.chain(path_checks) {
        if !matches!(
            problem.check.status,
            CheckStatus::Fail | CheckStatus::Unknown
        ) {
            continue;
        }
        let duplicate = out.iter().any(|p| {
            p.certificate == problem.certificate
                && p.check.failure == problem.check.failure
                && p.check.passed == problem.check.passed
        });
        if !duplicate {
            out.push(problem);
        }
    }
    // Stable: among equals, leaf first.
    out.sort_by_key(|p| std::cmp::Reverse(p.check.failure.as_ref().map_or(0, Failure::rank)));
    out
}

fn evaluate(
    builder: &mut Builder<'_>,
    certs: &[CertId],
    anchor: &TrustAnchorEntry,
    anchor_id: AnchorId,
    anchor_issuer: IssuerRef,
    budget: &Budget,
    notes: &mut Vec<Note>,
) -> PathResult {
    let purpose = builder.insp.policy.purpose;
    let target_is_anchor = purpose == Purpose::Ca
        && certs.len() == 1
        && certs
            .first()
            .and_then(|&id| builder.insp.cert(id))
            .is_some_and(|target| anchor.is(target));
    let mut links = Vec::new();
    for (i, &child) in certs.iter().enumerate() {
        let role = role_at(i, purpose, target_is_anchor);
        let below = cas_below(builder.insp, certs, i);
        let (issuer, entry) = match certs.get(i + 1) {
            Some(&next) => (IssuerRef::Certificate(next), None),
            None => (anchor_issuer, Some(anchor)),
        };
        links.push(builder.link(child, role, issuer, entry, below, Some(anchor)));
    }
    let insp = &*builder.insp;
    let policy = &insp.policy;
    let profile = policy.profile;
    let mut path_checks = Vec::new();
    let Some(leaf) = certs.first().and_then(|&id| insp.cert(id)) else {
        return PathResult {
            certificates: certs.to_vec(),
            anchor: anchor_id,
            links,
            checks: path_checks,
            valid: false,
            failure: None,
            policies: None,
        };
    };
    if purpose == Purpose::Ca {
        // The target is asked about as a CA: no end-entity rules, no host name.
        path_checks.extend(checks::ca_target(leaf, profile));
    } else {
        path_checks.extend(checks::end_entity(leaf, profile));
    }
    if let Some(host) = policy.host.as_ref().filter(|_| purpose != Purpose::Ca) {
        path_checks.push(match match_host(leaf, host) {
            HostMatch::Matched(san) => Check::pass(
                CheckName::HostName,
                Passed::HostMatches {
                    host: host.clone(),
                    name: san,
                },
            ),
            HostMatch::Mismatch(detail) => Check::failed(
                CheckName::HostName,
                Failure::NameMismatch {
                    host: host.clone(),
                    detail,
                },
                profile,
            ),
            HostMatch::InvalidHost => Check::failed(
                CheckName::HostName,
                Failure::InvalidHost { host: host.clone() },
                profile,
            ),
        });
    }
    let direct = anchor
        .certificate
        .as_ref()
        .is_some_and(|a| a.der == leaf.der);
    let chain: Vec<&Certificate> = certs.iter().filter_map(|&id| insp.cert(id)).collect();
    if target_is_anchor {
        // The CA target is the anchor: the rules for anchors apply to its certificate, also
        // where the store keeps only its name and key.
        let entry = TrustAnchorEntry {
            certificate: Some(leaf.clone()),
            ..anchor.clone()
        };
        path_checks.extend(checks::anchor_checks(&entry, policy, builder.signatures));
        path_checks.push(Check::pass(
            CheckName::NameConstraints,
            Passed::NoConstraintsAboveAnchor,
        ));
    } else {
        if direct {
            path_checks.push(Check::pass(
                CheckName::TrustAnchor,
                Passed::LeafInTrustStore { leaf: leaf.label() },
            ));
        } else {
            path_checks.extend(checks::anchor_checks(anchor, policy, builder.signatures));
        }
        path_checks.push(path_name_constraints(&chain, anchor, budget, profile));
    }
    // Certificate policies depend on the whole path: decided once, here.
    let (policy_check, policies) = super::policy::path_check(&chain, anchor, policy, profile);
    path_checks.push(policy_check);
    if let Some(max) = policy.max_depth {
        let found = chain.iter().skip(1).filter(|c| !c.is_self_issued()).count();
        path_checks.push(if found > max {
            Check::failed(
                CheckName::PathLength,
                Failure::MaxDepthExceeded { max, found },
                profile,
            )
        } else {
            Check::pass(CheckName::PathLength, Passed::DepthWithin { found, max })
        });
    }
    if !policy.pins.is_empty() {
        path_checks.push(pin_check(&chain, anchor, policy, profile));
    }
    let links_ok = links
        .iter()
        .filter_map(|&l| insp.links.get(l))
        .all(|l| l.status <= CheckStatus::Warn);
    let mut valid = links_ok && worst(&path_checks) <= CheckStatus::Warn;
    if valid && purpose == Purpose::Ca {
        // webpki's only entry point is an end-entity certificate, and it rejects a CA there:
        // the second opinion is not asked, and the check says so (never a pass).
        path_checks.push(Check::failed(
            CheckName::Webpki,
            Failure::WebpkiNotApplicable { purpose },
            profile,
        ));
    } else if valid {
        // Exactly this path: its own intermediates (not the anchor's certificate) and anchor.
        let intermediates: Vec<&Certificate> = chain
            .iter()
            .skip(1)
            .copied()
            .filter(|c| anchor.certificate.as_ref().is_none_or(|a| a.der != c.der))
            .collect();
        let traits = PathTraits::of(&chain, anchor);
        match second_opinion::check(leaf, &intermediates, anchor, policy, &traits) {
            Opinion::Agrees => {
                path_checks.push(Check::pass(CheckName::Webpki, Passed::WebpkiAgrees))
            }
            Opinion::Rejects(failure) => {
                valid = false;
                path_checks.push(Check::failed(CheckName::Webpki, failure, profile));
            }
            Opinion::CannotEvaluate(failure) => {
                notes.push(Note::SecondOpinion {
                    failure: failure.clone(),
                });
                path_checks.push(Check::failed(CheckName::Webpki, failure, profile));
            }
        }
    }
    let failure = if valid {
        None
    } else {
        let problems = links
            .iter()
            .filter_map(|&l| insp.links.get(l))
            .flat_map(|l| &l.checks)
            .chain(&path_checks)
            .filter(|c| matches!(c.status, CheckStatus::Fail | CheckStatus::Unknown))
            .filter_map(|c| c.failure.as_ref());
        Failure::most_specific(problems).cloned()
    };
    PathResult {
        certificates: certs.to_vec(),
        anchor: anchor_id,
        links,
        checks: path_checks,
        valid,
        failure,
        policies,
    }
}

/// Whether a certificate of the path, or its anchor's key, is pinned: the check names which
/// certificate matches which pin, or every pin when none matches.
fn pin_check(
    chain: &[&Certificate],
    anchor: &TrustAnchorEntry,
    policy: &crate::model::Policy,
    profile: crate::model::Profile,
) -> Check {
    let mut matched: Vec<PinMatch> = Vec::new();
    for pin in &policy.pins {
        if let Some(cert) = chain.iter().find(|c| pin.matches(c)) {
            matched.push(PinMatch {
                certificate: cert.label(),
                pin: pin.to_string(),
            });
        } else if pin.matches_key(&anchor.public_key) {
            matched.push(PinMatch {
                certificate: anchor.label(),
                pin: pin.to_string(),
            });
        }
    }
    if matched.is_empty() {
        Check::failed(
            CheckName::Pin,
            Failure::PinMismatch {
                pins: policy.pins.iter().map(ToString::to_string).collect(),
            },
            profile,
        )
    } else {
        Check::pass(CheckName::Pin, Passed::Pinned { matches: matched })
    }
}

/// Name constraints of every CA on the path, and of the anchor, over every certificate below
/// it (RFC 5280 §6.1.4(g)): the one place they are evaluated.
fn path_name_constraints(
    chain: &[&Certificate],
    anchor: &TrustAnchorEntry,
    budget: &Budget,
    profile: crate::model::Profile,
) -> Check {
    let name = CheckName::NameConstraints;
    let mut comparisons = budget.name_constraint_comparisons;
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
        return Check::pass(name, Passed::NoNameConstraints);
    }
    for (position, label, constraints) in &constrainers {
        if let Some(detail) = constraints.malformed() {
            return Check::failed(
                name,
                Failure::NameConstraintsMalformed {
                    detail,
                    constrained_by: label.clone(),
                },
                profile,
            );
        }
        for (k, cert) in chain.iter().enumerate().take(*position) {
            // Self-issued intermediates are not subject to the constraints above them.
            if k != 0 && cert.is_self_issued() {
                continue;
            }
            match nc::check(constraints, &Names::of(cert), &mut comparisons) {
                Ok(()) => {}
                Err(nc::Violation::Budget) => {
                    return Check::failed(
                        name,
                        Failure::NameConstraintBudgetExceeded {
                            budget: budget.name_constraint_comparisons,
                        },
                        profile,
                    );
                }
                Err(nc::Violation::Name {
                    name: offending,
                    detail,
                }) => {
                    return Check::failed(
                        name,
                        Failure::NameConstraintViolation {
                            name: format!("{}: {offending}", cert.label()),
                            detail,
                            constrained_by: label.clone(),
                        },
                        profile,
                    );
                }
            }
        }
    }
    Check::pass(name, Passed::NamesWithinConstraints)
}

#[cfg(test)]
mod tests;
