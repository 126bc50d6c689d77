//! Who signed a CRL (RFC 5280 §6.3.3 (f)): the certificate's issuer, the trust anchor, or
//! another certificate with the CRL issuer's name (a separate CRL-signing key, a
//! self-issued rollover key, an indirect CRL issuer), whose own path must then validate to
//! the same trust anchor as the certificate being checked, revocation included.
//!
//! Recursion is bounded twice over: a certificate whose revocation is already being decided
//! further up (a CRL signer whose status needs the very CRL it signs, PKITS 4.14.30) makes
//! the inner CRL unusable, as OpenSSL does; and CRL signers nest at most
//! [`MAX_SIGNER_DEPTH`] deep, far beyond any real hierarchy, so a crafted set of CRLs cannot
//! make the search exponential.

use time::OffsetDateTime;

use super::crl_decision::{CrlDecision, Issuer, decide};
use super::signature::{self, SignatureOutcome};
use super::store::TrustAnchorEntry;
use crate::model::{Certificate, CrlInfo, Rejection, SignerProblem};

/// How many CRL signers deep the validation of CRL signers' paths goes.
pub(super) const MAX_SIGNER_DEPTH: usize = 3;
/// The longest path from a CRL signer to the anchor that is searched.
const MAX_SIGNER_PATH: usize = 8;
/// How many paths of one CRL signer are tried.
const MAX_SIGNER_PATHS: usize = 8;
/// How many issuer signatures the search for one CRL signer's paths may verify: a pool of
/// many same-named certificates cannot make it exponential.
const MAX_SIGNER_STEPS: usize = 64;

/// What CRL processing reads beyond the certificate: every CRL, every certificate that may
/// have signed one or be on a CRL signer's path, the path's trust anchor and the time.
pub(super) struct CrlEnv<'a> {
    /// Every decoded CRL.
    pub(super) crls: &'a [CrlInfo],
    /// The inspection's certificates (sent, untrusted, AIA, the store's).
    pub(super) pool: &'a [&'a Certificate],
    /// The trust anchor of the path being decided, when known.
    pub(super) anchor: Option<&'a TrustAnchorEntry>,
    /// The validation time.
    pub(super) time: OffsetDateTime,
    /// Set when a decision depended on the anchor (a CRL signer's path was validated).
    pub(super) used_anchor: std::cell::Cell<bool>,
}

/// Certificates whose revocation is being decided, outermost first (by SHA-256).
pub(super) type Stack = Vec<String>;

/// The key that signed `crl`, checked as §6.3.3 (f) asks; or why no key can be trusted for
/// it.
pub(super) fn crl_signer(
    env: &CrlEnv<'_>,
    crl: &CrlInfo,
    issuer: &Issuer<'_>,
    stack: &mut Stack,
) -> Result<(), Rejection> {
    let mut first_error: Option<Rejection> = None;
    // 1. The certificate's issuer: its path is the one being validated.
    if issuer.subject.matches(&crl.issuer) {
        let aki_mismatch = match (
            crl.authority_key_id.as_deref(),
            issuer.certificate.and_then(Certificate::subject_key_id),
        ) {
            (Some(aki), Some(ski)) if aki != ski => Some(Rejection::AuthorityKeyIdMismatch {
                crl_aki: aki.to_vec(),
                issuer_ski: ski.to_vec(),
            }),
            _ => None,
        };
        match aki_mismatch {
            Some(why) => first_error = Some(why),
            None => match signature::verify(
                &crl.signature_algorithm,
                issuer.key,
                &crl.tbs_der,
                &crl.signature,
            ) {
                SignatureOutcome::Valid => {
                    if let Some(ku) = issuer.certificate.and_then(Certificate::key_usage)
                        && !ku.crl_sign
                    {
                        return Err(Rejection::IssuerLacksCrlSign {
                            key_usage: ku.names(),
                        });
                    }
                    return Ok(());
                }
                SignatureOutcome::Invalid => {
                    first_error = Some(Rejection::CrlSignatureInvalid {
                        algorithm: crl.signature_algorithm.name.clone(),
                        issuer: issuer.subject.display_label(),
                    });
                }
                SignatureOutcome::Unsupported(why) => {
                    first_error = Some(Rejection::SignatureUnchecked { why });
                }
            },
        }
    }
    // 2. The trust anchor itself.
    if let Some(anchor) = env.anchor
        && anchor.subject.matches(&crl.issuer)
        && anchor.public_key.spki_der != issuer.key.spki_der
        && signature::verify(
            &crl.signature_algorithm,
            &anchor.public_key,
            &crl.tbs_der,
            &crl.signature,
        ) == SignatureOutcome::Valid
    {
        if let Some(ku) = anchor.certificate.as_ref().and_then(Certificate::key_usage)
            && !ku.crl_sign
        {
            return Err(Rejection::CrlSignerLacksCrlSign {
                signer: anchor.subject.display_label(),
                key_usage: ku.names(),
            });
        }
        return Ok(());
    }
    // 3. Another certificate with the CRL issuer's name.
    let others = env.pool.iter().copied().filter(|c| {
        c.subject.matches(&crl.issuer)
            && c.public_key.spki_der != issuer.key.spki_der
            && match (crl.authority_key_id.as_deref(), c.subject_key_id()) {
                (Some(aki), Some(ski)) => aki == ski,
                _ => true,
            }
    });
    // A candidate whose key verifies the CRL says more than the issuer's mismatch.
    let mut signer_error: Option<Rejection> = None;
    let mut seen: Vec<&[u8]> = Vec::new();
    for candidate in others {
        if seen.contains(&candidate.der.as_slice()) {
            continue;
        }
        seen.push(&candidate.der);
        if signature::verify(
            &crl.signature_algorithm,
            &candidate.public_key,
            &crl.tbs_der,
            &crl.signature,
        ) != SignatureOutcome::Valid
        {
            continue;
        }
        let signer = candidate.label();
        if let Some(ku) = candidate.key_usage()
            && !ku.crl_sign
        {
            signer_error.get_or_insert(Rejection::CrlSignerLacksCrlSign {
                signer,
                key_usage: ku.names(),
            });
            continue;
        }
        env.used_anchor.set(true);
        match validate_signer_path(env, candidate, stack) {
            Ok(()) => return Ok(()),
            Err(why) => {
                signer_error.get_or_insert(why);
            }
        }
    }
    Err(signer_error
        .or(first_error)
        .unwrap_or_else(|| Rejection::CrlSignerNotFound {
            crl_issuer: crl.issuer.display_label(),
        }))
}

/// The path of a CRL signer that is not the certificate's issuer, to the same anchor:
/// signatures, validity, CA issuers with keyCertSign, and the revocation of each of its
/// certificates.
fn validate_signer_path(
    env: &CrlEnv<'_>,
    signer: &Certificate,
    stack: &mut Stack,
) -> Result<(), Rejection> {
    let invalid = |why| Rejection::CrlSignerPathInvalid {
        signer: signer.label(),
        why,
    };
    let Some(anchor) = env.anchor else {
        return Err(invalid(SignerProblem::NoAnchor));
    };
    if stack.len() >= MAX_SIGNER_DEPTH || stack.contains(&signer.sha256) {
        return Err(invalid(SignerProblem::Circular));
    }
    let mut paths = Vec::new();
    let mut current = vec![signer];
    let mut steps = MAX_SIGNER_STEPS;
    find_paths(env, anchor, &mut current, &mut paths, &mut steps);
    if paths.is_empty() {
        return Err(invalid(SignerProblem::NoPathToAnchor));
    }
    let mut first_error = None;
    for path in paths {
        match check_path(env, anchor, &path, stack) {
            Ok(()) => return Ok(()),
            Err(why) => {
                first_error.get_or_insert(why);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| invalid(SignerProblem::NoPathToAnchor)))
}

/// Every chain of pool certificates from the top of `current` to `anchor`, each signature
/// verified, up to [`MAX_SIGNER_PATH`] certificates, [`MAX_SIGNER_PATHS`] chains and `steps`
/// signature checks.
fn find_paths<'p>(
    env: &CrlEnv<'p>,
    anchor: &TrustAnchorEntry,
    current: &mut Vec<&'p Certificate>,
    found: &mut Vec<Vec<&'p Certificate>>,
    steps: &mut usize,
) {
    let Some(&top) = current.last() else {
        return;
    };
    let is_anchor = |c: &Certificate| {
        c.public_key.spki_der == anchor.public_key.spki_der && c.subject.matches(&anchor.subject)
    };
    if top.issuer.matches(&anchor.subject)
        && signature::verify(
            &top.signature_algorithm,
            &anchor.public_key,
            &top.tbs_der,
            &top.signature,
        ) == SignatureOutcome::Valid
    {
        found.push(current.clone());
        return;
    }
    if current.len() >= MAX_SIGNER_PATH {
        return;
    }
    for &next in env.pool {
        if !next.subject.matches(&top.issuer)
            || is_anchor(next)
            // A name and key already on the path would make a loop (RFC 4158 §5.2).
            || current.iter().any(|c| {
                c.public_key.spki_der == next.public_key.spki_der && c.subject.matches(&next.subject)
            })
            || found.len() >= MAX_SIGNER_PATHS
        {
            continue;
        }
        let Some(left) = steps.checked_sub(1) else {
            return;
        };
        *steps = left;
        if signature::verify(
            &top.signature_algorithm,
            &next.public_key,
            &top.tbs_der,
            &top.signature,
        ) != SignatureOutcome::Valid
        {
            continue;
        }
        current.push(next);
        find_paths(env, anchor, current, found, steps);
        current.pop();
    }
}

/// The checks of one signer path (signer first, anchor's child last).
fn check_path(
    env: &CrlEnv<'_>,
    anchor: &TrustAnchorEntry,
    path: &[&Certificate],
    stack: &mut Stack,
) -> Result<(), Rejection> {
    let Some(signer) = path.first() else {
        return Ok(());
    };
    let invalid = |why| Rejection::CrlSignerPathInvalid {
        signer: signer.label(),
        why,
    };
    for (i, cert) in path.iter().enumerate() {
        if cert.validity.not_before > env.time || cert.validity.not_after < env.time {
            return Err(invalid(SignerProblem::NotValid {
                certificate: cert.label(),
            }));
        }
        if let Some(ext) = cert
            .extensions
            .iter()
            .find(|e| e.critical && matches!(e.value, crate::model::ExtensionValue::Unknown { .. }))
        {
            return Err(invalid(SignerProblem::UnknownCriticalExtension {
                certificate: cert.label(),
                oid: ext.oid.clone(),
            }));
        }
        if i > 0 && (!cert.is_ca() || cert.key_usage().is_some_and(|ku| !ku.key_cert_sign)) {
            return Err(invalid(SignerProblem::IssuerNotCa {
                certificate: cert.label(),
            }));
        }
    }
    // Revocation of every certificate on the signer's path, the signer first.
    stack.push(signer.sha256.clone());
    let mut result = Ok(());
    for (i, cert) in path.iter().enumerate() {
        let issuer = match path.get(i + 1) {
            Some(next) => Issuer {
                subject: &next.subject,
                key: &next.public_key,
                certificate: Some(next),
            },
            None => Issuer {
                subject: &anchor.subject,
                key: &anchor.public_key,
                certificate: anchor.certificate.as_ref(),
            },
        };
        let mut problems = Vec::new();
        match decide(env, cert, &issuer, stack, &mut problems) {
            CrlDecision::Good { .. } => {}
            CrlDecision::Revoked { .. } => {
                result = Err(Rejection::CrlSignerRevoked {
                    signer: cert.label(),
                });
                break;
            }
            CrlDecision::Unknown => {
                result = Err(invalid(SignerProblem::RevocationUnknown {
                    certificate: cert.label(),
                }));
                break;
            }
        }
    }
    stack.pop();
    result
}
