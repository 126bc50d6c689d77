//! Revocation decisions from the evidence verification is given (RFC 5280 §6.3 for CRLs,
//! RFC 6960 for OCSP): no network here. Each link gets one `revocation` check.

use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use super::checks::IssuerView;
use super::crl_decision::{CrlDecision, Issuer, decide};
use super::crl_signer::CrlEnv;
use super::signature::{self, SignatureOutcome};
use super::store::TrustAnchorEntry;
use crate::decode::ocsp::{cert_id_hashes, same_serial};
use crate::model::oids::{EKU_OCSP_SIGNING, HASH_SHA1 as SHA1_OID, HASH_SHA256 as SHA256_OID};
use crate::model::{
    Certificate, Check, CheckName, CheckStatus, CrlInfo, DecodedEvidence, EvidenceFailure,
    EvidenceProblem, Failure, OcspCertStatus, OcspInfo, Passed, Policy, PublicKeyInfo, Rejection,
    ResponderId, Revocation, RevocationSource, RevocationStatus,
};

/// How far in the future an OCSP thisUpdate may be: the responder's clock and ours differ.
const CLOCK_SKEW: Duration = Duration::minutes(5);

/// The decoded evidence as one inspection reads it: the stapled response is tied to the
/// server's leaf here, since only the grouping knows which certificate that is. Nothing is
/// decoded here: the bytes were decoded once when they were read or fetched
/// (`decode::evidence`).
pub(super) struct Prepared<'e> {
    requested: bool,
    strict: bool,
    crls: &'e [CrlInfo],
    /// (source, the certificate it is about (None: unknown), decoded or why not).
    ocsp: Vec<(
        RevocationSource,
        Option<String>,
        &'e Result<OcspInfo, String>,
    )>,
    /// Problems that belong to every link (a CRL file that does not decode).
    general: &'e [EvidenceProblem],
    failures: &'e [EvidenceFailure],
}

impl<'e> Prepared<'e> {
    /// The view of `evidence` for an inspection whose server leaf is `leaf_sha256` (the
    /// certificate a stapled response is about).
    pub(super) fn new(evidence: &'e DecodedEvidence, leaf_sha256: Option<String>) -> Self {
        let mut ocsp = Vec::new();
        if let Some(stapled) = &evidence.stapled {
            ocsp.push((RevocationSource::Stapled, leaf_sha256, stapled));
        }
        for answer in &evidence.ocsp {
            ocsp.push((
                RevocationSource::Ocsp {
                    url: answer.url.clone(),
                },
                Some(answer.certificate_sha256.clone()),
                &answer.response,
            ));
        }
        Self {
            requested: evidence.requested,
            strict: evidence.strict,
            crls: &evidence.crls,
            ocsp,
            general: &evidence.rejected,
            failures: &evidence.failures,
        }
    }
}

/// Where the link sits, as CRL processing needs it: the certificates that may have signed a
/// CRL (or be on a CRL signer's path) and the trust anchor of the path, whose name a CRL
/// signer's own path must reach (RFC 5280 §6.3.3 (f)).
pub(super) struct Surroundings<'a> {
    /// The inspection's certificates.
    pub(super) pool: &'a [&'a Certificate],
    /// The path's trust anchor; `None` before paths are built.
    pub(super) anchor: Option<&'a TrustAnchorEntry>,
}

/// The `revocation` check of the link `child` → `issuer`, its structured outcome, and
/// whether it depended on the path's trust anchor (a CRL signer other than the issuer was
/// validated), so that a link shared by paths to another anchor is decided again.
pub(super) fn check(
    child: &Certificate,
    issuer: &IssuerView<'_>,
    prepared: &Prepared<'_>,
    policy: &Policy,
    around: &Surroundings<'_>,
) -> (Check, Revocation, bool) {
    let name = CheckName::Revocation;
    let (Some(subject), Some(key)) = (issuer.subject(), issuer.public_key()) else {
        let r = Revocation::bare(RevocationStatus::NotChecked);
        return (Check::pass(name, Passed::RevocationNoIssuerKey), r, false);
    };
    if key.spki_der == child.public_key.spki_der && subject.matches(&child.subject) {
        return (
            Check::pass(name, Passed::RevocationNotApplicable),
            Revocation::bare(RevocationStatus::NotApplicable),
            false,
        );
    }
    let issuer = Issuer {
        subject,
        key,
        certificate: issuer.certificate,
    };
    let time = policy.time;
    let mut problems: Vec<EvidenceProblem> = Vec::new();
    let mut good: Option<Revocation> = None;
    let mut decided_by_staple = false;

    for (source, for_cert, decoded) in &prepared.ocsp {
        if for_cert.as_ref().is_some_and(|sha| *sha != child.sha256) {
            continue;
        }
        let info = match decoded {
            Ok(info) => info,
            Err(why) => {
                if for_cert.is_some() {
                    problems.push(EvidenceProblem::OcspRejected {
                        source: source.clone(),
                        why: Rejection::OcspUndecodable { error: why.clone() },
                    });
                }
                continue;
            }
        };
        match judge_ocsp(info, child, &issuer, time) {
            Ok(None) => {
                if for_cert.is_some() {
                    problems.push(EvidenceProblem::OcspRejected {
                        source: source.clone(),
                        why: Rejection::NoAnswerForCertId,
                    });
                }
            }
            Err(why) => problems.push(EvidenceProblem::OcspRejected {
                source: source.clone(),
                why,
            }),
            Ok(Some(single)) => {
                decided_by_staple |= *source == RevocationSource::Stapled;
                match &single.status {
                    OcspCertStatus::Revoked { at, reason } => {
                        return with_flag(
                            revoked(
                                source.clone(),
                                *at,
                                reason.clone(),
                                single.this_update,
                                single.next_update,
                                problems,
                                policy,
                            ),
                            false,
                        );
                    }
                    OcspCertStatus::Good => {
                        good.get_or_insert(Revocation {
                            status: RevocationStatus::Good,
                            source: Some(source.clone()),
                            revoked_at: None,
                            reason: None,
                            this_update: Some(single.this_update),
                            next_update: single.next_update,
                            problems: Vec::new(),
                        });
                    }
                    OcspCertStatus::Unknown => {
                        problems.push(EvidenceProblem::OcspRejected {
                            source: source.clone(),
                            why: Rejection::CertificateUnknownToResponder,
                        });
                    }
                }
            }
        }
    }
    if !prepared.requested && !decided_by_staple && problems.is_empty() {
        return (
            Check::pass(name, Passed::RevocationNotChecked),
            Revocation::bare(RevocationStatus::NotChecked),
            false,
        );
    }

    let env = CrlEnv {
        crls: prepared.crls,
        pool: around.pool,
        anchor: around.anchor,
        time,
        used_anchor: std::cell::Cell::new(false),
    };
    let mut stack = Vec::new();
    let mut crl_problems = Vec::new();
    let decision = decide(&env, child, &issuer, &mut stack, &mut crl_problems);
    let used_anchor = env.used_anchor.get();
    match decision {
        CrlDecision::Revoked { crl, entry } => {
            problems.extend(crl_problems);
            return with_flag(
                revoked(
                    RevocationSource::Crl {
                        origin: crl.origin.clone(),
                    },
                    entry.revoked_at,
                    entry.reason.clone(),
                    crl.this_update,
                    crl.next_update,
                    problems,
                    policy,
                ),
                used_anchor,
            );
        }
        CrlDecision::Good { crl } => {
            problems.extend(crl_problems);
            good.get_or_insert(Revocation {
                status: RevocationStatus::Good,
                source: Some(RevocationSource::Crl {
                    origin: crl.origin.clone(),
                }),
                revoked_at: None,
                reason: None,
                this_update: Some(crl.this_update),
                next_update: crl.next_update,
                problems: Vec::new(),
            });
        }
        CrlDecision::Unknown => {
            // With a good OCSP answer, CRLs that decide nothing are not a problem of
            // their own; without one, they say why the status is unknown.
            problems.extend(crl_problems);
        }
    }
    problems.extend(
        prepared
            .failures
            .iter()
            .filter(|f| f.certificate_sha256 == child.sha256)
            .map(|f| f.problem.clone()),
    );
    if let Some(mut good) = good {
        good.problems = problems;
        return (
            Check::pass(
                name,
                Passed::NotRevoked {
                    source: good.source.clone(),
                    this_update: good.this_update,
                },
            ),
            good,
            used_anchor,
        );
    }
    problems.extend(prepared.general.iter().cloned());
    if problems.is_empty() {
        problems.push(EvidenceProblem::NoEvidence {
            issuer: subject.display_label(),
        });
    }
    let failure = Failure::RevocationUnknown {
        problems: problems.clone(),
        strict: prepared.strict,
    };
    let mut revocation = Revocation::bare(RevocationStatus::Unknown);
    revocation.problems = problems;
    (
        Check::failed(name, failure, policy.profile),
        revocation,
        used_anchor,
    )
}

fn with_flag((check, revocation): (Check, Revocation), flag: bool) -> (Check, Revocation, bool) {
    (check, revocation, flag)
}

fn revoked(
    source: RevocationSource,
    at: OffsetDateTime,
    reason: Option<String>,
    this_update: OffsetDateTime,
    next_update: Option<OffsetDateTime>,
    problems: Vec<EvidenceProblem>,
    policy: &Policy,
) -> (Check, Revocation) {
    let revocation = Revocation {
        status: RevocationStatus::Revoked,
        source: Some(source.clone()),
        revoked_at: Some(at),
        reason: reason.clone(),
        this_update: Some(this_update),
        next_update,
        problems,
    };
    let failure = Failure::Revoked {
        source,
        revoked_at: at,
        reason,
    };
    let check = Check::failed(CheckName::Revocation, failure, policy.profile);
    debug_assert_eq!(check.status, CheckStatus::Fail);
    (check, revocation)
}

fn sha1_of(bytes: &[u8]) -> Vec<u8> {
    cert_id_hashes(bytes, &[]).0
}

/// RFC 6960 §3.2 for one response: the single response about `child` with a valid signature
/// by its issuer or a delegated responder, and fresh; `None` when it is not about `child`.
fn judge_ocsp<'i>(
    info: &'i OcspInfo,
    child: &Certificate,
    issuer: &Issuer<'_>,
    time: OffsetDateTime,
) -> Result<Option<&'i crate::model::OcspSingle>, Rejection> {
    let single = info.responses.iter().find(|s| {
        let (name_hash, key_hash) = match s.hash_oid.as_str() {
            SHA1_OID => cert_id_hashes(&child.issuer.der, &issuer.key.key_bytes),
            SHA256_OID => (
                Sha256::digest(&child.issuer.der).to_vec(),
                Sha256::digest(&issuer.key.key_bytes).to_vec(),
            ),
            _ => return false,
        };
        s.issuer_name_hash == name_hash
            && s.issuer_key_hash == key_hash
            && same_serial(&s.serial_bytes, &child.serial_bytes)
    });
    let Some(single) = single else {
        return Ok(None);
    };
    let signer = responder_key(info, issuer, time)?;
    match signature::verify(
        &info.signature_algorithm,
        signer,
        &info.tbs_der,
        &info.signature,
    ) {
        SignatureOutcome::Valid => {}
        SignatureOutcome::Invalid => {
            return Err(Rejection::OcspSignatureInvalid);
        }
        SignatureOutcome::Unsupported(why) => {
            return Err(Rejection::SignatureUnchecked { why });
        }
    }
    if single.this_update > time + CLOCK_SKEW {
        return Err(Rejection::OcspNotYetValid {
            this_update: single.this_update,
        });
    }
    if let Some(next) = single.next_update
        && next < time
    {
        return Err(Rejection::OcspStale { next_update: next });
    }
    Ok(Some(single))
}

/// The key that must have signed the response: the issuer's own, or that of a delegated
/// responder certificate the issuer signed for id-kp-OCSPSigning (RFC 6960 §4.2.2.2).
fn responder_key<'k>(
    info: &'k OcspInfo,
    issuer: &'k Issuer<'_>,
    time: OffsetDateTime,
) -> Result<&'k PublicKeyInfo, Rejection> {
    let is_issuer = match &info.responder {
        ResponderId::Name(name) => name.matches(issuer.subject),
        ResponderId::KeyHash(hash) => *hash == sha1_of(&issuer.key.key_bytes),
    };
    if is_issuer {
        return Ok(issuer.key);
    }
    let named = |c: &&Certificate| match &info.responder {
        ResponderId::Name(name) => name.matches(&c.subject),
        ResponderId::KeyHash(hash) => *hash == sha1_of(&c.public_key.key_bytes),
    };
    let Some(delegate) = info.certificates.iter().find(named) else {
        return Err(Rejection::ResponderNotFound);
    };
    let responder = || delegate.label();
    if !delegate.issuer.matches(issuer.subject) {
        return Err(Rejection::ResponderNotIssuedByIssuer {
            responder: responder(),
        });
    }
    if signature::verify(
        &delegate.signature_algorithm,
        issuer.key,
        &delegate.tbs_der,
        &delegate.signature,
    ) != SignatureOutcome::Valid
    {
        return Err(Rejection::ResponderNotSignedByIssuer {
            responder: responder(),
        });
    }
    if !delegate
        .extended_key_usage()
        .is_some_and(|eku| eku.iter().any(|o| o == EKU_OCSP_SIGNING))
    {
        return Err(Rejection::ResponderLacksOcspSigning {
            responder: responder(),
        });
    }
    if delegate.validity.not_before > time || delegate.validity.not_after < time {
        return Err(Rejection::ResponderNotValid {
            responder: responder(),
        });
    }
    Ok(&delegate.public_key)
}

#[cfg(test)]
mod tests {
    // Tests may unwrap, expect and index: a failure is a panic by design.
    #![allow(clippy::expect_used, clippy::indexing_slicing, clippy::unwrap_used)]

    use rcgen::{
        CertificateRevocationListParams, Issuer as RcIssuer, KeyIdMethod, RevocationReason,
        RevokedCertParams, SerialNumber, date_time_ymd,
    };
    use time::macros::datetime;

    use crate::decode::crl::decode_crl;
    use crate::model::{CertId, DecodedEvidence, Inspection, Policy, Source, SourceKind};
    use crate::verify::signature_cache::SignatureCache;
    use crate::verify::test_chains::{Ca, store};
    use crate::verify::{Budget, Input, inspect_with_signatures};

    use super::*;

    fn crl(ca: &Ca, number: u64, revoked: &[&[u8]]) -> CrlInfo {
        let issuer = RcIssuer::from_params(&ca.params, &ca.key);
        let der = CertificateRevocationListParams {
            this_update: date_time_ymd(2024, 5, 1),
            next_update: date_time_ymd(2024, 7, 1),
            crl_number: SerialNumber::from(number),
            issuing_distribution_point: None,
            revoked_certs: revoked
                .iter()
                .map(|serial| RevokedCertParams {
                    serial_number: SerialNumber::from(serial.to_vec()),
                    revocation_time: date_time_ymd(2024, 4, 1),
                    reason_code: Some(RevocationReason::KeyCompromise),
                    invalidity_date: None,
                })
                .collect(),
            key_identifier_method: KeyIdMethod::Sha256,
        }
        .signed_by(&issuer)
        .unwrap();
        decode_crl(der.der(), &format!("crl{number}")).unwrap()
    }

    fn inspect(
        chain: Vec<Certificate>,
        untrusted: Vec<Certificate>,
        root: &Ca,
        crls: Vec<CrlInfo>,
    ) -> Inspection {
        inspect_stores(chain, untrusted, &[store("test", vec![root.root()])], crls)
    }

    fn inspect_stores(
        chain: Vec<Certificate>,
        untrusted: Vec<Certificate>,
        stores: &[crate::verify::TrustStore],
        crls: Vec<CrlInfo>,
    ) -> Inspection {
        let evidence = DecodedEvidence {
            requested: true,
            strict: true,
            crls,
            ..DecodedEvidence::default()
        };
        inspect_with_signatures(
            Input {
                source: Source::new(SourceKind::Paste, "test"),
                certificates: chain,
                untrusted,
                load_notes: Vec::new(),
            },
            stores,
            &Policy::at(datetime!(2024-06-01 00:00 UTC)),
            Budget::default(),
            &evidence,
            &SignatureCache::new(),
        )
    }

    fn leaf_status(insp: &Inspection) -> RevocationStatus {
        insp.links
            .iter()
            .find(|l| l.child == CertId::new(0))
            .and_then(|l| l.revocation.as_ref())
            .map(|r| r.status)
            .unwrap()
    }

    /// A CRL signed by a separate key with the CA's name is decided on the path, where the
    /// signer's path to the same anchor is known: the link built before the paths is decided
    /// again.
    #[test]
    fn a_crl_from_a_separate_signing_key_decides_on_the_path() {
        let root = Ca::new("Root");
        let ca = Ca::new("CA");
        let ca_cert = ca.signed_by(&root);
        let leaf = ca.leaf("www.example.com");
        let signer = Ca::new("CA");
        let signer_cert = signer.signed_by(&root);
        let crls = vec![crl(&root, 1, &[]), crl(&signer, 2, &[&leaf.serial_bytes])];
        let insp = inspect(
            vec![leaf.clone(), ca_cert.clone()],
            vec![signer_cert.clone()],
            &root,
            crls,
        );
        assert_eq!(leaf_status(&insp), RevocationStatus::Revoked);
        assert!(!insp.all_trusted());
        // Without the signer's certificate, the CRL cannot be used: unknown, and strict
        // mode rejects.
        let crls = vec![crl(&root, 1, &[]), crl(&signer, 2, &[&leaf.serial_bytes])];
        let insp = inspect(vec![leaf.clone(), ca_cert.clone()], vec![], &root, crls);
        assert_eq!(leaf_status(&insp), RevocationStatus::Unknown);
        assert!(!insp.all_trusted());
        // A good status from the separate signer.
        let crls = vec![crl(&root, 1, &[]), crl(&signer, 2, &[])];
        let insp = inspect(vec![leaf, ca_cert], vec![signer_cert], &root, crls);
        assert_eq!(leaf_status(&insp), RevocationStatus::Good);
        assert!(insp.all_trusted());
    }

    /// The same link on paths to two anchors: each path reads the decision for its own
    /// anchor, since the CRL signer's path reaches only one of them.
    #[test]
    fn a_link_shared_by_two_anchors_is_decided_for_each() {
        let root = Ca::new("Root");
        // Another root with the same name and another key: a path to it is found, and the
        // CRL signer's path cannot reach it.
        let impostor = Ca::new("Root");
        let ca = Ca::new("CA");
        let ca_cert = ca.signed_by(&root);
        let leaf = ca.leaf("www.example.com");
        let signer = Ca::new("CA");
        let signer_cert = signer.signed_by(&root);
        let crls = vec![crl(&root, 1, &[]), crl(&signer, 2, &[&leaf.serial_bytes])];
        let stores = [
            store("real", vec![root.root()]),
            store("impostor", vec![impostor.root()]),
        ];
        let insp = inspect_stores(vec![leaf, ca_cert], vec![signer_cert], &stores, crls);
        let leaf_link_status = |verdict: usize| {
            let path = &insp.verdicts[verdict].paths[0];
            let link = &insp.links[path.links[0]];
            assert_eq!(link.child, CertId::new(0));
            link.revocation.as_ref().unwrap().status
        };
        assert_eq!(leaf_link_status(0), RevocationStatus::Revoked);
        assert_eq!(leaf_link_status(1), RevocationStatus::Unknown);
    }
}
