//! A certificate's status from CRLs, RFC 5280 §6.3.3 in full: scope, reasons accumulated
//! over several CRLs, the CRL signer, delta CRLs and indirect CRL entries.

use std::cmp::Ordering;

use time::OffsetDateTime;

use super::crl_scope::{self, ALL_REASONS};
use super::crl_signer::{CrlEnv, Stack, crl_signer};
use crate::decode::crl::{crl_number_cmp, distribution_points};
use crate::decode::ocsp::same_serial;
use crate::model::{
    Certificate, CrlInfo, DistinguishedName, EvidenceProblem, PublicKeyInfo, Rejection,
    RevokedEntry,
};

/// removeFromCRL: on a delta CRL, the certificate is no longer on hold (RFC 5280 §5.3.1).
const REMOVE_FROM_CRL: u8 = 8;

/// The issuer as revocation needs it.
pub(super) struct Issuer<'a> {
    /// Its subject name.
    pub(super) subject: &'a DistinguishedName,
    /// Its key.
    pub(super) key: &'a PublicKeyInfo,
    /// Its certificate, when there is one.
    pub(super) certificate: Option<&'a Certificate>,
}

/// What the CRLs say about one certificate.
pub(super) enum CrlDecision<'c> {
    /// Listed on a usable CRL (or its delta).
    Revoked {
        /// The CRL that lists it.
        crl: &'c CrlInfo,
        /// Its entry.
        entry: &'c RevokedEntry,
    },
    /// Usable CRLs cover every reason and none lists it.
    Good {
        /// The first complete CRL used.
        crl: &'c CrlInfo,
    },
    /// No decision: why each CRL could not be used is in the problems.
    Unknown,
}

fn rejected(crl: &CrlInfo, why: Rejection) -> EvidenceProblem {
    EvidenceProblem::CrlRejected {
        origin: crl.origin.clone(),
        why,
    }
}

/// The checks of one CRL (complete or delta) that do not depend on the certificate:
/// critical extensions, CRLNumber, freshness.
fn usable(crl: &CrlInfo, time: OffsetDateTime) -> Result<(), Rejection> {
    if crl.crl_number.is_none() {
        return Err(Rejection::NoCrlNumber);
    }
    if crl.crl_number_critical {
        return Err(Rejection::CrlNumberCritical);
    }
    if let Some(oid) = crl.unknown_critical.first() {
        return Err(Rejection::UnknownCriticalExtension { oid: oid.clone() });
    }
    if crl.this_update > time {
        return Err(Rejection::CrlNotYetValid {
            this_update: crl.this_update,
        });
    }
    if let Some(next) = crl.next_update
        && next < time
    {
        return Err(Rejection::CrlExpired { next_update: next });
    }
    Ok(())
}

/// The entry of `crl` about `child` (serial and, on an indirect CRL, issuer).
fn entry_for<'c>(crl: &'c CrlInfo, child: &Certificate) -> Option<&'c RevokedEntry> {
    crl.revoked.iter().find(|e| {
        same_serial(&e.serial_bytes, &child.serial_bytes)
            && crl_scope::entry_issuer_is(crl, e.certificate_issuer.as_deref(), &child.issuer)
    })
}

/// RFC 5280 §6.3.3 for `child`, issued on the path by `issuer`: every CRL that concerns it
/// is checked in turn until its status is known. Why a CRL could not be used goes to
/// `problems`.
pub(super) fn decide<'c>(
    env: &CrlEnv<'c>,
    child: &Certificate,
    issuer: &Issuer<'_>,
    stack: &mut Stack,
    problems: &mut Vec<EvidenceProblem>,
) -> CrlDecision<'c> {
    if env.crls.is_empty() {
        return CrlDecision::Unknown;
    }
    let points = distribution_points(&child.der);
    let concerned: Vec<&'c CrlInfo> = env
        .crls
        .iter()
        .filter(|c| crl_scope::concerns(c, child, &points))
        .collect();
    if concerned.is_empty() {
        return CrlDecision::Unknown;
    }
    let (deltas, completes): (Vec<&'c CrlInfo>, Vec<&'c CrlInfo>) =
        concerned.iter().partition(|c| c.delta_base.is_some());
    let mut reasons_mask: u16 = 0;
    let mut first_used: Option<&'c CrlInfo> = None;
    let mut deltas_used: Vec<&CrlInfo> = Vec::new();
    let mut delta_problems: Vec<EvidenceProblem> = Vec::new();
    for crl in completes {
        // Every CRL is read even once all reasons are covered: a newer one may list the
        // certificate.
        let interim = match crl_scope::reasons_in_scope(crl, child, &points) {
            Ok(reasons) => reasons,
            Err(why) => {
                problems.push(rejected(crl, why));
                continue;
            }
        };
        if let Err(why) = usable(crl, env.time) {
            problems.push(rejected(crl, why));
            continue;
        }
        if let Err(why) = crl_signer(env, crl, issuer, stack) {
            problems.push(rejected(crl, why));
            continue;
        }
        // Delta CRLs for this complete CRL (§6.3.3 (c), (g), (h)): the same issuer and
        // scope, a base no newer than this CRL, and newer than it; the newest is used.
        let mut delta: Option<&'c CrlInfo> = None;
        let mut delta_failed = false;
        for &candidate in &deltas {
            let (Some(base), Some(complete), Some(number)) = (
                candidate.delta_base.as_deref(),
                crl.crl_number.as_deref(),
                candidate.crl_number.as_deref(),
            ) else {
                continue;
            };
            if !candidate.issuer.matches(&crl.issuer)
                || candidate.distribution_point != crl.distribution_point
            {
                continue;
            }
            if crl_number_cmp(base, complete) == Ordering::Greater
                || crl_number_cmp(number, complete) != Ordering::Greater
            {
                delta_problems.push(rejected(
                    candidate,
                    Rejection::DeltaBaseMismatch {
                        base: base.to_string(),
                        complete: complete.to_string(),
                    },
                ));
                continue;
            }
            let check = usable(candidate, env.time)
                .and_then(|()| crl_signer(env, candidate, issuer, stack));
            deltas_used.push(candidate);
            match check {
                Err(why) => {
                    // A delta that applies but cannot be used leaves the status unknown:
                    // the complete CRL alone may be out of date.
                    problems.push(rejected(candidate, why));
                    delta_failed = true;
                }
                Ok(()) => {
                    let newer = delta.is_none_or(|d| {
                        crl_number_cmp(number, d.crl_number.as_deref().unwrap_or_default())
                            == Ordering::Greater
                    });
                    if newer {
                        delta = Some(candidate);
                    }
                }
            }
        }
        if delta_failed {
            continue;
        }
        // §6.3.3 (i): the delta first, where removeFromCRL takes a hold off the base.
        if let Some(delta) = delta
            && let Some(entry) = entry_for(delta, child)
        {
            if entry.reason_code != Some(REMOVE_FROM_CRL) {
                return CrlDecision::Revoked { crl: delta, entry };
            }
        } else if let Some(entry) = entry_for(crl, child)
            && entry.reason_code != Some(REMOVE_FROM_CRL)
        {
            return CrlDecision::Revoked { crl, entry };
        }
        first_used.get_or_insert(crl);
        reasons_mask |= interim;
    }
    for delta in deltas {
        if !deltas_used.iter().any(|d| std::ptr::eq(*d, delta)) {
            let mismatch = delta_problems.iter().position(
                |p| matches!(p, EvidenceProblem::CrlRejected { origin, .. } if *origin == delta.origin),
            );
            match mismatch {
                Some(i) => problems.push(delta_problems.swap_remove(i)),
                None => problems.push(rejected(
                    delta,
                    Rejection::DeltaWithoutBase {
                        base: delta.delta_base.clone().unwrap_or_default(),
                    },
                )),
            }
        }
    }
    match first_used {
        Some(crl) if reasons_mask == ALL_REASONS => CrlDecision::Good { crl },
        Some(_) => {
            problems.push(EvidenceProblem::ReasonsNotCovered {
                missing: crl_scope::reason_names(ALL_REASONS & !reasons_mask),
            });
            CrlDecision::Unknown
        }
        None => CrlDecision::Unknown,
    }
}

#[cfg(test)]
mod tests {
    // Tests may unwrap, expect and index: a failure is a panic by design.
    #![allow(clippy::expect_used, clippy::indexing_slicing, clippy::unwrap_used)]

    use rcgen::{
        CertificateRevocationListParams, Issuer as RcIssuer, KeyIdMethod, KeyUsagePurpose,
        RevocationReason, RevokedCertParams, SerialNumber, date_time_ymd,
    };
    use time::macros::datetime;

    use super::*;
    use crate::decode::crl::decode_crl;
    use crate::model::{CrlScope, GeneralName, PointName};
    use crate::verify::crl_signer::CrlEnv;
    use crate::verify::store::TrustStore;
    use crate::verify::test_chains::{Ca, store};

    /// A root (the anchor), a CA under it and a leaf under the CA.
    struct World {
        root: Ca,
        ca: Ca,
        ca_cert: Certificate,
        leaf: Certificate,
        store: TrustStore,
    }

    fn world() -> World {
        let root = Ca::new("Root");
        let ca = Ca::new("CA");
        let ca_cert = ca.signed_by(&root);
        let leaf = ca.leaf("leaf.example");
        let store = store("test", vec![root.root()]);
        World {
            root,
            ca,
            ca_cert,
            leaf,
            store,
        }
    }

    /// A CRL signed by `ca` numbered `number`, listing `entries` (serial, reason).
    fn crl(ca: &Ca, number: u64, entries: &[(&[u8], Option<RevocationReason>)]) -> CrlInfo {
        let issuer = RcIssuer::from_params(&ca.params, &ca.key);
        let der = CertificateRevocationListParams {
            this_update: date_time_ymd(2024, 5, 1),
            next_update: date_time_ymd(2024, 7, 1),
            crl_number: SerialNumber::from(number),
            issuing_distribution_point: None,
            revoked_certs: entries
                .iter()
                .map(|(serial, reason)| RevokedCertParams {
                    serial_number: SerialNumber::from(serial.to_vec()),
                    revocation_time: date_time_ymd(2024, 4, 1),
                    reason_code: *reason,
                    invalidity_date: None,
                })
                .collect(),
            key_identifier_method: KeyIdMethod::Sha256,
        }
        .signed_by(&issuer)
        .unwrap();
        decode_crl(der.der(), &format!("crl{number}")).unwrap()
    }

    /// What the CRLs decide for `child` issued by `issuer`, with the problems.
    fn run(
        crls: &[CrlInfo],
        pool: &[&Certificate],
        world: &World,
        child: &Certificate,
        issuer: &Certificate,
    ) -> (String, Vec<EvidenceProblem>) {
        let env = CrlEnv {
            crls,
            pool,
            anchor: world.store.anchors.first(),
            time: datetime!(2024-06-01 00:00 UTC),
            used_anchor: std::cell::Cell::new(false),
        };
        let issuer = Issuer {
            subject: &issuer.subject,
            key: &issuer.public_key,
            certificate: Some(issuer),
        };
        let mut problems = Vec::new();
        let decision = decide(&env, child, &issuer, &mut Vec::new(), &mut problems);
        let word = match decision {
            CrlDecision::Revoked { crl, .. } => format!("revoked by {}", crl.origin),
            CrlDecision::Good { crl } => format!("good by {}", crl.origin),
            CrlDecision::Unknown => "unknown".to_string(),
        };
        (word, problems)
    }

    fn why(problems: &[EvidenceProblem]) -> Vec<&Rejection> {
        problems
            .iter()
            .filter_map(|p| match p {
                EvidenceProblem::CrlRejected { why, .. } => Some(why),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_listed_serial_is_revoked_and_an_unlisted_one_good() {
        let w = world();
        let serial = w.leaf.serial_bytes.clone();
        let listed = crl(
            &w.ca,
            1,
            &[(&serial, Some(RevocationReason::KeyCompromise))],
        );
        let (word, _) = run(&[listed], &[], &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "revoked by crl1");
        let other = crl(&w.ca, 2, &[(&[0x7f], None)]);
        let (word, _) = run(&[other], &[], &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "good by crl2");
    }

    #[test]
    fn a_crl_out_of_scope_is_not_used_and_says_which_field() {
        let w = world();
        let mut only_cas = crl(&w.ca, 1, &[]);
        only_cas.distribution_point = Some(CrlScope {
            only_ca_certs: true,
            ..CrlScope::default()
        });
        let (word, problems) = run(&[only_cas], &[], &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "unknown");
        assert_eq!(why(&problems), [&Rejection::CrlOnlyCas]);
        // A distribution point the certificate does not name.
        let mut elsewhere = crl(&w.ca, 2, &[]);
        elsewhere.distribution_point = Some(CrlScope {
            point: Some(PointName::Full(vec![GeneralName::Uri(
                "http://x/a.crl".into(),
            )])),
            ..CrlScope::default()
        });
        let (word, problems) = run(&[elsewhere], &[], &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "unknown");
        assert!(matches!(
            why(&problems)[..],
            [Rejection::DistributionPointNotNamed { .. }]
        ));
    }

    #[test]
    fn reasons_accumulate_over_crls_until_all_are_covered() {
        let w = world();
        let key_compromise = 1 << 1;
        let mut first = crl(&w.ca, 1, &[]);
        first.distribution_point = Some(CrlScope {
            only_some_reasons: Some(key_compromise),
            ..CrlScope::default()
        });
        let (word, problems) = run(&[first.clone()], &[], &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "unknown");
        let Some(EvidenceProblem::ReasonsNotCovered { missing }) = problems.last() else {
            panic!("{problems:?}");
        };
        assert_eq!(missing.len(), 7);
        assert!(!missing.contains(&"keyCompromise".to_string()));
        let mut rest = crl(&w.ca, 2, &[]);
        rest.distribution_point = Some(CrlScope {
            only_some_reasons: Some(ALL_REASONS & !key_compromise),
            ..CrlScope::default()
        });
        let (word, _) = run(&[first, rest], &[], &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "good by crl1");
    }

    #[test]
    fn a_delta_revokes_and_remove_from_crl_lifts_a_hold() {
        let w = world();
        let serial = w.leaf.serial_bytes.clone();
        let base = crl(
            &w.ca,
            10,
            &[(&serial, Some(RevocationReason::CertificateHold))],
        );
        let (word, _) = run(std::slice::from_ref(&base), &[], &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "revoked by crl10");
        // The delta takes the hold off.
        let mut lift = crl(
            &w.ca,
            11,
            &[(&serial, Some(RevocationReason::RemoveFromCrl))],
        );
        lift.delta_base = Some("0a".into());
        let (word, _) = run(&[base.clone(), lift], &[], &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "good by crl10");
        // A delta listing the certificate revokes it although the base does not.
        let clean = crl(&w.ca, 10, &[]);
        let mut listing = crl(
            &w.ca,
            12,
            &[(&serial, Some(RevocationReason::KeyCompromise))],
        );
        listing.delta_base = Some("0a".into());
        let (word, _) = run(
            &[clean.clone(), listing.clone()],
            &[],
            &w,
            &w.leaf,
            &w.ca_cert,
        );
        assert_eq!(word, "revoked by crl12");
        // A delta alone is never a complete CRL.
        let (word, problems) = run(&[listing.clone()], &[], &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "unknown");
        assert!(matches!(
            why(&problems)[..],
            [Rejection::DeltaWithoutBase { .. }]
        ));
        // A delta for a newer base than the complete CRL does not apply.
        listing.delta_base = Some("0b".into());
        let (word, problems) = run(&[clean, listing], &[], &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "good by crl10");
        assert!(matches!(
            why(&problems)[..],
            [Rejection::DeltaBaseMismatch { .. }]
        ));
    }

    #[test]
    fn indirect_entries_are_about_the_issuer_they_name() {
        let w = world();
        let serial = w.leaf.serial_bytes.clone();
        let mut indirect = crl(
            &w.ca,
            1,
            &[(&serial, Some(RevocationReason::KeyCompromise))],
        );
        indirect.distribution_point = Some(CrlScope {
            indirect: true,
            ..CrlScope::default()
        });
        // The entry names another issuer: the serial is someone else's.
        indirect.revoked[0].certificate_issuer =
            Some(vec![GeneralName::Directory(w.root.root().subject)]);
        let (word, _) = run(&[indirect.clone()], &[], &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "good by crl1");
        indirect.revoked[0].certificate_issuer =
            Some(vec![GeneralName::Directory(w.ca_cert.subject.clone())]);
        let (word, _) = run(&[indirect], &[], &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "revoked by crl1");
    }

    #[test]
    fn a_separate_crl_signing_key_is_used_once_its_path_validates() {
        let w = world();
        // The same name as the CA, another key, issued by the root.
        let signer = Ca::new("CA");
        let signer_cert = signer.signed_by(&w.root);
        let root_crl = crl(&w.root, 1, &[]);
        let signed_apart = crl(&signer, 2, &[]);
        let crls = [root_crl, signed_apart];
        // Without the signer's certificate, nothing verifies the CRL.
        let (word, problems) = run(&crls, &[], &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "unknown");
        assert!(
            why(&problems)
                .iter()
                .any(|r| matches!(r, Rejection::AuthorityKeyIdMismatch { .. })),
            "{problems:?}"
        );
        let pool = [&w.ca_cert, &signer_cert];
        let (word, _) = run(&crls, &pool, &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "good by crl2");
        // The signer revoked by the root: the CRL it signed is unusable.
        let revoked_signer = crl(
            &w.root,
            1,
            &[(
                &signer_cert.serial_bytes,
                Some(RevocationReason::KeyCompromise),
            )],
        );
        let crls = [revoked_signer, crl(&signer, 2, &[])];
        let (word, problems) = run(&crls, &pool, &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "unknown");
        assert!(
            why(&problems)
                .iter()
                .any(|r| matches!(r, Rejection::CrlSignerRevoked { .. })),
            "{problems:?}"
        );
    }

    #[test]
    fn a_signer_without_crl_sign_or_anchor_is_not_trusted() {
        let w = world();
        let mut signer = Ca::new("CA");
        let crl_by_signer = crl(&signer, 2, &[]);
        signer.params.key_usages = vec![KeyUsagePurpose::KeyCertSign];
        let signer_cert = signer.signed_by(&w.root);
        let crls = [crl(&w.root, 1, &[]), crl_by_signer];
        let pool = [&signer_cert];
        let (word, problems) = run(&crls, &pool, &w, &w.leaf, &w.ca_cert);
        assert_eq!(word, "unknown");
        assert!(
            why(&problems)
                .iter()
                .any(|r| matches!(r, Rejection::CrlSignerLacksCrlSign { .. })),
            "{problems:?}"
        );
    }

    #[test]
    fn a_signer_whose_status_needs_its_own_crl_is_circular() {
        let w = world();
        let signer = Ca::new("CA");
        let signer_cert = signer.signed_by(&w.root);
        // The root publishes no CRL of its own: the signer's status can only come from the
        // signer itself, which is the CRL being validated.
        let only = crl(&signer, 2, &[]);
        let pool = [&signer_cert];
        let env_problems = run(&[only], &pool, &w, &w.leaf, &w.ca_cert).1;
        assert!(
            why(&env_problems).iter().any(|r| matches!(
                r,
                Rejection::CrlSignerPathInvalid {
                    why: crate::model::SignerProblem::RevocationUnknown { .. },
                    ..
                }
            )),
            "{env_problems:?}"
        );
    }
}
