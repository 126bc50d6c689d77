//! The second opinion of rustls-webpki on the exact path chainlens accepted.
//!
//! webpki gets the path's own intermediates and its anchor, nothing else, with the same time,
//! purpose and host. Each of its errors is mapped to the rule it enforces (`enforces`): a
//! rejection for a rule the profile has vetoes the path. Where webpki fails closed on something
//! it does not implement (directoryName, URI and e-mail name constraints, self-issued
//! key-rollover intermediates, more than six intermediates), or rejects for a rule of the Web
//! PKI profile while the profile is `rfc5280` (byte-exact name chaining, its time decoding,
//! its certificate syntax without unique identifiers, its 2048-bit RSA floor, EKU and version
//! rules), its finding is a note and chainlens's own engine decides.

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
    /// Some link's issuer name equals its issuer's subject only by the RFC 5280 §7.1
    /// comparison, not byte for byte as webpki compares names.
    pub names_folded: bool,
    /// Some certificate on the path carries issuerUniqueID or subjectUniqueID.
    pub unique_ids: bool,
    /// Some validity time on the path lies before 1970, which webpki does not decode.
    pub time_before_1970: bool,
    /// The smallest RSA key below 2048 bits that signs on the path (an intermediate's or the
    /// anchor's), if any.
    pub small_rsa_signer: Option<u32>,
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
        // Each child's issuer name against its issuer's subject: the next certificate's, and
        // the anchor's for the last one unless the last one is the anchor's own certificate.
        let is_anchor_cert =
            |c: &Certificate| anchor.certificate.as_ref().is_some_and(|a| a.der == c.der);
        let subjects = chain
            .iter()
            .skip(1)
            .map(|c| c.subject.der.as_slice())
            .chain(std::iter::once(anchor.subject.der.as_slice()));
        let names_folded = chain
            .iter()
            .zip(subjects)
            .filter(|(child, _)| !is_anchor_cert(child))
            .any(|(child, subject)| child.issuer.der != subject);
        let small_rsa_signer = chain
            .iter()
            .skip(1)
            .map(|c| &c.public_key)
            .chain(std::iter::once(&anchor.public_key))
            .filter(|k| k.algorithm.oid == crate::model::oids::KEY_RSA)
            .filter_map(|k| k.bits)
            .filter(|bits| *bits < 2048)
            .min();
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
            names_folded,
            unique_ids: chain
                .iter()
                .copied()
                .chain(anchor.certificate.as_ref())
                .any(|c| c.has_unique_ids),
            time_before_1970: chain
                .iter()
                .copied()
                .chain(anchor.certificate.as_ref())
                .any(|c| c.validity.not_before.year() < 1970 || c.validity.not_after.year() < 1970),
            small_rsa_signer,
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
                    return cannot(WebpkiGap::AnchorUnreadable { error: kind_of(&e) });
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

/// The rule a webpki error enforces on this path, which decides whether it may veto.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Enforces {
    /// A limit or a gap of webpki's own, under every profile: never a veto.
    OwnGap(WebpkiGapKind),
    /// A rule of the Web PKI profile only: a veto under `webpki`, a note otherwise.
    WebPkiProfile(WebpkiGapKind),
    /// RFC 5280 path validation: a veto under every profile.
    Validation,
}

/// Which [`WebpkiGap`] a classified error is noted as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WebpkiGapKind {
    OwnLimit,
    UnsupportedAlgorithm,
    UnevaluatedNameConstraints,
    SelfIssuedIntermediate,
    UnprocessedPolicyExtensions,
    WebPkiProfileOnly,
    ByteExactNameChaining,
    TimeDecoding,
    UniqueIdentifiers,
    SmallRsaSigner,
}

/// The rule each webpki error enforces on a path with these traits.
///
/// Byte-exact name chaining, webpki's time decoding (nothing before 1970), its certificate
/// syntax (no unique identifiers) and its 2048-bit RSA floor are Web PKI rules, not RFC 5280
/// ones: chainlens has already chained §7.1 names, decoded the times, parsed the certificates
/// and verified every signature of a path it accepted.
#[allow(deprecated)] // the deprecated variants are still produced by some code paths
fn enforces(e: &webpki::Error, traits: &PathTraits) -> Enforces {
    use WebpkiGapKind as G;
    use webpki::Error as E;
    match e {
        E::MaximumPathBuildCallsExceeded
        | E::MaximumPathDepthExceeded
        | E::MaximumSignatureChecksExceeded
        | E::MaximumNameConstraintComparisonsExceeded => Enforces::OwnGap(G::OwnLimit),
        E::UnsupportedSignatureAlgorithm
        | E::UnsupportedSignatureAlgorithmForPublicKey
        | E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            Enforces::OwnGap(G::UnsupportedAlgorithm)
        }
        E::NameConstraintViolation | E::UnsupportedNameType if traits.unevaluated_constraints => {
            Enforces::OwnGap(G::UnevaluatedNameConstraints)
        }
        E::UnsupportedCriticalExtension if traits.critical_policy_extensions => {
            Enforces::OwnGap(G::UnprocessedPolicyExtensions)
        }
        E::UnknownIssuer | E::InvalidSignatureForPublicKey if traits.self_issued_intermediate => {
            Enforces::OwnGap(G::SelfIssuedIntermediate)
        }
        E::CaUsedAsEndEntity
        | E::UnsupportedCertVersion
        | E::RequiredEkuNotFound
        | E::RequiredEkuNotFoundContext(_)
        | E::EmptyEkuExtension => Enforces::WebPkiProfile(G::WebPkiProfileOnly),
        E::UnknownIssuer if traits.names_folded => {
            Enforces::WebPkiProfile(G::ByteExactNameChaining)
        }
        // Only its epoch limit: a time encoded against RFC 5280 §4.1.2.5 is a real defect,
        // which chainlens's decoder may have read leniently.
        E::BadDerTime if traits.time_before_1970 => Enforces::WebPkiProfile(G::TimeDecoding),
        // webpki expects the extensions ([3]) or the end of tbsCertificate where the unique
        // identifiers ([1], [2]) stand.
        E::TrailingData(
            webpki::DerTypeId::CertificateExtensions | webpki::DerTypeId::CertificateTbsCertificate,
        ) if traits.unique_ids => Enforces::WebPkiProfile(G::UniqueIdentifiers),
        E::InvalidSignatureForPublicKey if traits.small_rsa_signer.is_some() => {
            Enforces::WebPkiProfile(G::SmallRsaSigner)
        }
        _ => Enforces::Validation,
    }
}

/// What a webpki error means for this path under `profile`.
fn classify(e: &webpki::Error, profile: Profile, traits: &PathTraits) -> Opinion {
    let gap = |kind: WebpkiGapKind| {
        let error = kind_of(e);
        let why = match kind {
            WebpkiGapKind::OwnLimit => WebpkiGap::OwnLimit { error },
            WebpkiGapKind::UnsupportedAlgorithm => WebpkiGap::UnsupportedAlgorithm { error },
            WebpkiGapKind::UnevaluatedNameConstraints => WebpkiGap::UnevaluatedNameConstraints,
            WebpkiGapKind::SelfIssuedIntermediate => WebpkiGap::SelfIssuedIntermediate,
            WebpkiGapKind::UnprocessedPolicyExtensions => WebpkiGap::UnprocessedPolicyExtensions,
            WebpkiGapKind::WebPkiProfileOnly => WebpkiGap::WebPkiProfileOnly { error },
            WebpkiGapKind::ByteExactNameChaining => WebpkiGap::ByteExactNameChaining,
            WebpkiGapKind::TimeDecoding => WebpkiGap::TimeDecoding,
            WebpkiGapKind::UniqueIdentifiers => WebpkiGap::UniqueIdentifiers,
            WebpkiGapKind::SmallRsaSigner => WebpkiGap::SmallRsaSigner {
                bits: traits.small_rsa_signer.unwrap_or(0),
            },
        };
        Opinion::CannotEvaluate(Failure::WebpkiCannotEvaluate { why })
    };
    let rejects = || Opinion::Rejects(Failure::WebpkiRejects { error: kind_of(e) });
    match enforces(e, traits) {
        Enforces::OwnGap(kind) => gap(kind),
        Enforces::WebPkiProfile(kind) if profile != Profile::WebPki => gap(kind),
        Enforces::WebPkiProfile(_) | Enforces::Validation => rejects(),
    }
}

/// webpki's error, by kind.
#[allow(deprecated)]
fn kind_of(e: &webpki::Error) -> WebpkiError {
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

#[cfg(test)]
#[allow(deprecated)] // webpki still returns the deprecated variants, so they are tested
mod tests {
    use super::*;

    fn traits() -> PathTraits {
        PathTraits::default()
    }

    fn gap_of(opinion: &Opinion) -> Option<&WebpkiGap> {
        match opinion {
            Opinion::CannotEvaluate(Failure::WebpkiCannotEvaluate { why }) => Some(why),
            _ => None,
        }
    }

    fn vetoes(opinion: &Opinion) -> bool {
        matches!(opinion, Opinion::Rejects(Failure::WebpkiRejects { .. }))
    }

    /// Each rule webpki enforces that RFC 5280 does not: under rfc5280 a note (chainlens's
    /// verdict stands), under webpki a veto.
    #[test]
    fn web_pki_rules_note_under_rfc5280_and_veto_under_webpki() {
        let cases: Vec<(webpki::Error, PathTraits, WebpkiGap)> = vec![
            (
                webpki::Error::UnknownIssuer,
                PathTraits {
                    names_folded: true,
                    ..traits()
                },
                WebpkiGap::ByteExactNameChaining,
            ),
            (
                webpki::Error::BadDerTime,
                PathTraits {
                    time_before_1970: true,
                    ..traits()
                },
                WebpkiGap::TimeDecoding,
            ),
            (
                webpki::Error::TrailingData(webpki::DerTypeId::CertificateExtensions),
                PathTraits {
                    unique_ids: true,
                    ..traits()
                },
                WebpkiGap::UniqueIdentifiers,
            ),
            (
                webpki::Error::InvalidSignatureForPublicKey,
                PathTraits {
                    small_rsa_signer: Some(1024),
                    ..traits()
                },
                WebpkiGap::SmallRsaSigner { bits: 1024 },
            ),
            (
                webpki::Error::CaUsedAsEndEntity,
                traits(),
                WebpkiGap::WebPkiProfileOnly {
                    error: WebpkiError::CaUsedAsEndEntity,
                },
            ),
            (
                webpki::Error::UnsupportedCertVersion,
                traits(),
                WebpkiGap::WebPkiProfileOnly {
                    error: WebpkiError::UnsupportedCertVersion,
                },
            ),
            (
                webpki::Error::RequiredEkuNotFound,
                traits(),
                WebpkiGap::WebPkiProfileOnly {
                    error: WebpkiError::RequiredEkuNotFound,
                },
            ),
        ];
        for (error, traits, gap) in cases {
            let rfc = classify(&error, Profile::Rfc5280, &traits);
            assert_eq!(gap_of(&rfc), Some(&gap), "{error:?} under rfc5280");
            let web = classify(&error, Profile::WebPki, &traits);
            assert!(vetoes(&web), "{error:?} under webpki");
        }
    }

    /// Without the trait that explains it, the same error is a validation failure that vetoes
    /// under every profile.
    #[test]
    fn without_its_trait_an_error_vetoes_everywhere() {
        for error in [
            webpki::Error::UnknownIssuer,
            webpki::Error::BadDerTime,
            webpki::Error::TrailingData(webpki::DerTypeId::CertificateTbsCertificate),
            webpki::Error::InvalidSignatureForPublicKey,
            webpki::Error::CertExpired {
                time: UnixTime::since_unix_epoch(std::time::Duration::from_secs(2)),
                not_after: UnixTime::since_unix_epoch(std::time::Duration::from_secs(1)),
            },
            webpki::Error::PathLenConstraintViolated,
        ] {
            for profile in [Profile::Rfc5280, Profile::WebPki] {
                assert!(
                    vetoes(&classify(&error, profile, &traits())),
                    "{error:?} under {profile:?}"
                );
            }
        }
    }

    /// Limits and gaps of webpki's own are notes under every profile.
    #[test]
    fn own_gaps_never_veto() {
        let cases: Vec<(webpki::Error, PathTraits)> = vec![
            (webpki::Error::MaximumPathDepthExceeded, traits()),
            (webpki::Error::UnsupportedSignatureAlgorithm, traits()),
            (
                webpki::Error::NameConstraintViolation,
                PathTraits {
                    unevaluated_constraints: true,
                    ..traits()
                },
            ),
            (
                webpki::Error::UnknownIssuer,
                PathTraits {
                    self_issued_intermediate: true,
                    ..traits()
                },
            ),
        ];
        for (error, traits) in cases {
            for profile in [Profile::Rfc5280, Profile::WebPki] {
                assert!(
                    gap_of(&classify(&error, profile, &traits)).is_some(),
                    "{error:?} under {profile:?}"
                );
            }
        }
    }

    mod end_to_end {
        // Tests may unwrap: a failure is a panic by design.
        #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

        use rcgen::{
            CertificateParams, DistinguishedName, DnType, DnValue, ExtendedKeyUsagePurpose, Issuer,
            KeyPair, KeyUsagePurpose, date_time_ymd, string::PrintableString,
        };
        use time::macros::datetime;

        use super::super::super::signature_cache::SignatureCache;
        use super::super::super::test_chains::{Ca, decode, fixture, inspect_under, store};
        use crate::model::{Certificate, Failure, Inspection, Policy, Profile, WebpkiGap};

        fn policy(profile: Profile) -> Policy {
            Policy {
                host: Some("www.example.com".to_string()),
                profile,
                ..Policy::at(datetime!(2024-06-01 00:00 UTC))
            }
        }

        /// A server leaf for www.example.com, issued under `issuer_name` by `ca`'s key.
        fn leaf_named(
            ca: &Ca,
            issuer_name: DistinguishedName,
            not_before_year: i32,
        ) -> Certificate {
            let mut p = CertificateParams::new(vec!["www.example.com".to_string()]).unwrap();
            p.distinguished_name
                .push(DnType::CommonName, "www.example.com");
            p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
            p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
            p.use_authority_key_identifier_extension = true;
            p.not_before = date_time_ymd(not_before_year, 1, 1);
            p.not_after = date_time_ymd(2025, 1, 1);
            let mut issuer_params = ca.params.clone();
            issuer_params.distinguished_name = issuer_name;
            let issuer = Issuer::new(issuer_params, &ca.key);
            decode(
                p.signed_by(&KeyPair::generate().unwrap(), &issuer)
                    .unwrap()
                    .der(),
            )
        }

        fn codes(insp: &Inspection) -> Vec<&'static str> {
            insp.links
                .iter()
                .flat_map(|l| &l.checks)
                .chain(
                    insp.verdicts
                        .iter()
                        .flat_map(|v| &v.paths)
                        .flat_map(|p| &p.checks),
                )
                .filter_map(|c| c.failure.as_ref().map(|f| f.code()))
                .collect()
        }

        fn gaps(insp: &Inspection) -> Vec<WebpkiGap> {
            insp.verdicts
                .iter()
                .flat_map(|v| &v.paths)
                .flat_map(|p| &p.checks)
                .filter_map(|c| match &c.failure {
                    Some(Failure::WebpkiCannotEvaluate { why }) => Some(why.clone()),
                    _ => None,
                })
                .collect()
        }

        fn inspect(
            leaf: Certificate,
            intermediates: Vec<Certificate>,
            root: Certificate,
            policy: &Policy,
        ) -> Inspection {
            inspect_under(
                vec![leaf],
                intermediates,
                &[store("roots", vec![root])],
                policy,
                &SignatureCache::new(),
            )
        }

        /// The intermediate's subject in PrintableString; the leaf names it in UTF8String,
        /// another case and other white space (PKITS 4.3.3-4.3.11 in miniature).
        #[test]
        fn a_name_equal_only_by_section_7_1_chains_under_rfc5280_only() {
            let root = Ca::new("Root");
            let mut inter = Ca::new("unused");
            let printable =
                |s: &str| DnValue::PrintableString(PrintableString::try_from(s).unwrap());
            let mut subject = DistinguishedName::new();
            subject.push(DnType::CountryName, printable("US"));
            subject.push(DnType::OrganizationName, printable("Test Certificates"));
            subject.push(DnType::CommonName, printable("Good CA"));
            inter.params.distinguished_name = subject;
            let mut variant = DistinguishedName::new();
            variant.push(DnType::CountryName, DnValue::Utf8String("us".into()));
            variant.push(
                DnType::OrganizationName,
                DnValue::Utf8String("  test   CERTIFICATES ".into()),
            );
            variant.push(DnType::CommonName, DnValue::Utf8String("GOOD CA".into()));
            let leaf = leaf_named(&inter, variant, 2024);
            let inter_cert = inter.signed_by(&root);
            assert_ne!(leaf.issuer.der, inter_cert.subject.der);
            assert!(leaf.issuer.matches(&inter_cert.subject));

            let rfc = inspect(
                leaf.clone(),
                vec![inter_cert.clone()],
                root.root(),
                &policy(Profile::Rfc5280),
            );
            assert!(rfc.all_trusted(), "{:#?}", rfc.verdicts);
            assert!(
                gaps(&rfc).contains(&WebpkiGap::ByteExactNameChaining),
                "{:?}",
                gaps(&rfc)
            );
            assert!(codes(&rfc).contains(&"issuer_name_not_byte_exact"));

            let web = inspect(
                leaf,
                vec![inter_cert],
                root.root(),
                &policy(Profile::WebPki),
            );
            assert!(!web.all_trusted());
            assert!(
                codes(&web).contains(&"issuer_name_not_byte_exact"),
                "{:?}",
                codes(&web)
            );
        }

        /// A notBefore in 1950 (UTCTime "50…"), which webpki does not decode (PKITS 4.2.3).
        #[test]
        fn a_time_before_1970_is_a_note_under_rfc5280_and_a_veto_under_webpki() {
            let root = Ca::new("Root");
            let inter = Ca::new("Intermediate");
            let leaf = leaf_named(&inter, inter.params.distinguished_name.clone(), 1950);
            assert_eq!(leaf.validity.not_before.year(), 1950);
            let rfc = inspect(
                leaf.clone(),
                vec![inter.signed_by(&root)],
                root.root(),
                &policy(Profile::Rfc5280),
            );
            assert!(rfc.all_trusted(), "{:#?}", rfc.verdicts);
            assert!(
                gaps(&rfc).contains(&WebpkiGap::TimeDecoding),
                "{:?}",
                gaps(&rfc)
            );

            let web = inspect(
                leaf,
                vec![inter.signed_by(&root)],
                root.root(),
                &policy(Profile::WebPki),
            );
            assert!(!web.all_trusted());
            assert!(codes(&web).contains(&"webpki_rejects"), "{:?}", codes(&web));
        }

        /// PKITS 4.3.6: unique identifiers, which webpki does not parse, are a note under
        /// rfc5280 (the classification test covers the veto under webpki, where this chain
        /// already fails chainlens's own leaf rules).
        #[test]
        fn unique_identifiers_are_a_note_under_rfc5280() {
            let rfc = inspect(
                fixture("pkits/ValidNameUIDsTest6EE.crt"),
                vec![fixture("pkits/UIDCACert.crt")],
                fixture("pkits/TrustAnchorRootCertificate.crt"),
                &Policy {
                    profile: Profile::Rfc5280,
                    ..Policy::at(datetime!(2020-01-01 00:00 UTC))
                },
            );
            assert!(rfc.all_trusted(), "{:#?}", rfc.verdicts);
            assert!(
                gaps(&rfc).contains(&WebpkiGap::UniqueIdentifiers),
                "{:?}",
                gaps(&rfc)
            );
        }

        /// A valid signature by a 1024-bit root: rfc5280 trusts the path (webpki's refusal
        /// is a note, the key a warning), webpki rejects the key itself; nothing says the
        /// signature does not verify.
        #[test]
        fn a_1024_bit_signer_is_judged_by_the_profile_not_reported_as_a_bad_signature() {
            let root = fixture("rsa-small/rsa1024-root.pem");
            let leaf = fixture("rsa-small/rsa1024-leaf.pem");
            let at = |profile| Policy {
                host: Some("example.com".to_string()),
                profile,
                ..Policy::at(datetime!(2027-01-01 00:00 UTC))
            };
            let rfc = inspect(
                leaf.clone(),
                Vec::new(),
                root.clone(),
                &at(Profile::Rfc5280),
            );
            assert!(rfc.all_trusted(), "{:#?}", rfc.verdicts);
            assert!(
                gaps(&rfc).contains(&WebpkiGap::SmallRsaSigner { bits: 1024 }),
                "{:?}",
                gaps(&rfc)
            );
            assert!(codes(&rfc).contains(&"weak_rsa_key"));
            let web = inspect(leaf, Vec::new(), root, &at(Profile::WebPki));
            assert!(!web.all_trusted());
            let web_codes = codes(&web);
            assert!(web_codes.contains(&"weak_rsa_key"), "{web_codes:?}");
            for code in [&rfc, &web].map(codes).concat() {
                assert_ne!(code, "bad_signature");
            }
        }
    }
}
