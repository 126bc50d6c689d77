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
