//! The second opinion of rustls-webpki on the exact path chainlens accepted.
//!
//! webpki gets the path's own intermediates and its anchor, nothing else, with the same time,
//! purpose and host. A rejection for a validation reason that the profile enforces vetoes the
//! path. Where webpki fails closed on something it does not implement (directoryName, URI and
//! e-mail name constraints, self-issued key-rollover intermediates, more than six
//! intermediates), or rejects a rule of the Web PKI profile while the profile is `rfc5280`, its
//! finding is a note and chainlens's own engine decides.

use rustls_pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};

use crate::model::oids;
use crate::model::{
    Certificate, Failure, GeneralName, Policy, Profile, Purpose, WebpkiError, WebpkiGap,
};

use super::nc::Constraints;
use super::store::TrustAnchorEntry;

/// What rustls-webpki said.
pub enum Opinion {
    /// It accepts the path.
    Agrees,
    /// It rejects the path for a validation reason the profile enforces.
    Rejects(Failure),
    /// It cannot evaluate the path for a limit of its own, or rejects it for a rule the
    /// profile does not enforce.
    CannotEvaluate(Failure),
}

/// webpki's DER reader refuses elements longer than this.
const WEBPKI_MAX_DER: usize = 0xffff;
/// webpki refuses paths with more intermediates than this.
const WEBPKI_MAX_INTERMEDIATES: usize = 6;

/// Facts about a path that decide how a webpki rejection is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathTraits {
    /// Some CA on the path (or the anchor) constrains directoryName, URI, rfc822Name or
    /// otherName, which webpki does not evaluate and rejects fail-closed.
    pub unevaluated_constraints: bool,
    /// Some intermediate is self-issued (a key rollover certificate).
    pub self_issued_intermediate: bool,
    /// Intermediates on the path.
    pub intermediates: usize,
    /// Some certificate on the path has a critical policy extension, which webpki does not
    /// process and rejects fail-closed (chainlens processes them in `verify::policy`).
    pub critical_policy_extensions: bool,
}

impl PathTraits {
    /// The traits of `chain` (leaf first) ending at `anchor`.
    pub fn of(chain: &[&Certificate], anchor: &TrustAnchorEntry) -> Self {
        let unevaluated = |c: &Constraints| {
            c.permitted.iter().chain(&c.excluded).any(|n| {
                matches!(
                    n,
                    GeneralName::Directory(_)
                        | GeneralName::Uri(_)
                        | GeneralName::Email(_)
                        | GeneralName::Other { .. }
                )
            })
        };
        let unevaluated_constraints = chain
            .iter()
            .skip(1)
            .filter_map(|c| Constraints::of(c))
            .chain(anchor.name_constraints.clone())
            .any(|c| unevaluated(&c));
        Self {
            unevaluated_constraints,
            self_issued_intermediate: chain.iter().skip(1).any(|c| c.is_self_issued()),
            intermediates: chain.len().saturating_sub(1),
            critical_policy_extensions: chain.iter().any(|c| {
                c.extensions.iter().any(|e| {
                    e.critical
                        && [
                            oids::CERTIFICATE_POLICIES,
                            oids::POLICY_MAPPINGS,
                            oids::POLICY_CONSTRAINTS,
                            oids::INHIBIT_ANY_POLICY,
                        ]
                        .contains(&e.oid.as_str())
                })
            }),
        }
    }
}

/// Runs webpki on leaf + the path's intermediates + anchor with the same time, purpose and host.
pub fn check(
    leaf: &Certificate,
    intermediates: &[&Certificate],
    anchor: &TrustAnchorEntry,
    policy: &Policy,
    traits: &PathTraits,
) -> Opinion {
    let cannot = |why: WebpkiGap| Opinion::CannotEvaluate(Failure::WebpkiCannotEvaluate { why });
    if traits.intermediates > WEBPKI_MAX_INTERMEDIATES {
        return cannot(WebpkiGap::TooManyIntermediates {
            max: WEBPKI_MAX_INTERMEDIATES,
            found: traits.intermediates,
        });
    }
    let anchor_owned;
    let anchor_cert_der;
    let trust_anchor: TrustAnchor<'_> = match &anchor.certificate {
        Some(cert) => {
            anchor_cert_der = CertificateDer::from(cert.der.as_slice());
            match webpki::anchor_from_trusted_cert(&anchor_cert_der) {
                Ok(a) => a,
                Err(e) => {
                    return cannot(WebpkiGap::AnchorUnreadable { error: kind(&e) });
                }
            }
        }
        None => {
            anchor_owned = TrustAnchor {
                subject: anchor.subject_value_der.as_slice().into(),
                subject_public_key_info: anchor.spki_value_der.as_slice().into(),
                name_constraints: anchor.name_constraints_der.as_deref().map(Into::into),
            };
            anchor_owned
        }
    };
    let too_big = std::iter::once(leaf)
        .chain(intermediates.iter().copied())
        .find(|c| c.der.len() > WEBPKI_MAX_DER);
    if let Some(c) = too_big {
        return cannot(WebpkiGap::TooLarge {
            certificate: c.label(),
            bytes: c.der.len(),
            max: WEBPKI_MAX_DER,
        });
    }
    let leaf_der = CertificateDer::from(leaf.der.as_slice());
    let ee = match webpki::EndEntityCert::try_from(&leaf_der) {
        Ok(ee) => ee,
        Err(e) => return classify(&e, policy.profile, traits),
    };
    let inter_ders: Vec<CertificateDer<'_>> = intermediates
        .iter()
        .map(|c| CertificateDer::from(c.der.as_slice()))
        .collect();
    let seconds = u64::try_from(policy.time.unix_timestamp()).unwrap_or(0);
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(seconds));
    let usage = match policy.purpose {
        Purpose::Server => webpki::KeyUsage::server_auth(),
        Purpose::Client => webpki::KeyUsage::client_auth(),
        // webpki takes only an end entity; the path module does not ask it about a CA target.
        Purpose::Ca => {
            return Opinion::CannotEvaluate(Failure::WebpkiNotApplicable {
                purpose: policy.purpose,
            });
        }
    };
    let anchors = [trust_anchor];
    if let Err(e) = ee.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        &anchors,
        &inter_ders,
        time,
        usage,
        None,
        None,
    ) {
        return classify(&e, policy.profile, traits);
    }
    if let Some(host) = &policy.host {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        match ServerName::try_from(host) {
            Ok(name) => {
                if let Err(e) = ee.verify_is_valid_for_subject_name(&name) {
                    return classify(&e, policy.profile, traits);
                }
            }
            Err(_) => {
                return cannot(WebpkiGap::HostNotAccepted {
                    host: host.to_string(),
                });
            }
        }
    }
    Opinion::Agrees
}

/// What a webpki error means for this path under `profile`.
#[allow(deprecated)] // the deprecated variants are still produced by some code paths
fn classify(e: &webpki::Error, profile: Profile, traits: &PathTraits) -> Opinion {
    use webpki::Error as E;
    let cannot = |why: WebpkiGap| Opinion::CannotEvaluate(Failure::WebpkiCannotEvaluate { why });
    let rejects = || Opinion::Rejects(Failure::WebpkiRejects { error: kind(e) });
    match e {
        E::MaximumPathBuildCallsExceeded
        | E::MaximumPathDepthExceeded
        | E::MaximumSignatureChecksExceeded
        | E::MaximumNameConstraintComparisonsExceeded => {
            cannot(WebpkiGap::OwnLimit { error: kind(e) })
        }
        E::UnsupportedSignatureAlgorithm
        | E::UnsupportedSignatureAlgorithmForPublicKey
        | E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            cannot(WebpkiGap::UnsupportedAlgorithm { error: kind(e) })
        }
        E::NameConstraintViolation | E::UnsupportedNameType if traits.unevaluated_constraints => {
            cannot(WebpkiGap::UnevaluatedNameConstraints)
        }
        E::UnsupportedCriticalExtension if traits.critical_policy_extensions => {
            cannot(WebpkiGap::UnprocessedPolicyExtensions)
        }
        E::UnknownIssuer | E::InvalidSignatureForPublicKey if traits.self_issued_intermediate => {
            cannot(WebpkiGap::SelfIssuedIntermediate)
        }
        // Rules of the Web PKI profile: a veto only when that profile decides.
        E::CaUsedAsEndEntity
        | E::UnsupportedCertVersion
        | E::RequiredEkuNotFound
        | E::RequiredEkuNotFoundContext(_)
        | E::EmptyEkuExtension
            if profile != Profile::WebPki =>
        {
            cannot(WebpkiGap::WebPkiProfileOnly { error: kind(e) })
        }
        _ => rejects(),
    }
}

/// webpki's error, by kind.
#[allow(deprecated)]
fn kind(e: &webpki::Error) -> WebpkiError {
    use WebpkiError as K;
    use webpki::Error as E;
    match e {
        E::BadDer => K::BadDer,
        E::BadDerTime => K::BadDerTime,
        E::CaUsedAsEndEntity => K::CaUsedAsEndEntity,
        E::CertExpired { .. } => K::CertExpired,
        E::CertNotValidForName(_) => K::CertNotValidForName,
        E::CertNotValidYet { .. } => K::CertNotValidYet,
        E::CertRevoked => K::CertRevoked,
        E::CertDistrusted => K::CertDistrusted,
        E::EndEntityUsedAsCa => K::EndEntityUsedAsCa,
        E::ExtensionValueInvalid => K::ExtensionValueInvalid,
        E::InvalidCertValidity => K::InvalidCertValidity,
        E::InvalidNetworkMaskConstraint => K::InvalidNetworkMaskConstraint,
        E::InvalidSerialNumber => K::InvalidSerialNumber,
        E::InvalidSignatureForPublicKey => K::InvalidSignatureForPublicKey,
        E::MalformedDnsIdentifier => K::MalformedDnsIdentifier,
        E::MalformedExtensions => K::MalformedExtensions,
        E::MalformedNameConstraint => K::MalformedNameConstraint,
        E::MaximumNameConstraintComparisonsExceeded => K::MaximumNameConstraintComparisonsExceeded,
        E::MaximumPathBuildCallsExceeded => K::MaximumPathBuildCallsExceeded,
        E::MaximumPathDepthExceeded => K::MaximumPathDepthExceeded,
        E::MaximumSignatureChecksExceeded => K::MaximumSignatureChecksExceeded,
        E::NameConstraintViolation => K::NameConstraintViolation,
        E::PathLenConstraintViolated => K::PathLenConstraintViolated,
        E::RequiredEkuNotFound | E::RequiredEkuNotFoundContext(_) => K::RequiredEkuNotFound,
        E::EmptyEkuExtension => K::EmptyEkuExtension,
        E::SignatureAlgorithmMismatch => K::SignatureAlgorithmMismatch,
        E::TrailingData(_) => K::TrailingData,
        E::UnknownIssuer => K::UnknownIssuer,
        E::UnsupportedCertVersion => K::UnsupportedCertVersion,
        E::UnsupportedCriticalExtension => K::UnsupportedCriticalExtension,
        E::UnsupportedNameType => K::UnsupportedNameType,
        E::UnsupportedSignatureAlgorithm
        | E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKey
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            K::UnsupportedSignatureAlgorithm
        }
        _ => K::Other,
    }
}
