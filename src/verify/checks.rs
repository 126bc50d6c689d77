//! The checks of one link (child → issuer), of one certificate in its role, of the leaf and
//! of the trust anchor. Each rule is evaluated here, once, and reports a typed [`Failure`];
//! the profile only decides whether that failure rejects the path or warns.

use std::collections::HashSet;

use crate::model::oids;
use crate::model::{
    Certificate, Check, CheckName, CheckStatus, CommonNameMismatch, DistinguishedName,
    ExtensionValue, Failure, GeneralName, NotCaReason, Passed, Policy, Profile, PublicKeyInfo,
    Purpose,
};

use super::signature::{self, Hash, SignatureOutcome};
use super::signature_cache::SignatureCache;
use super::store::TrustAnchorEntry;

/// Extensions whose meaning chainlens processes, so they may be critical.
const UNDERSTOOD: &[&str] = &[
    oids::KEY_USAGE,
    oids::SUBJECT_ALT_NAME,
    oids::BASIC_CONSTRAINTS,
    oids::NAME_CONSTRAINTS,
    oids::EXTENDED_KEY_USAGE,
    // Processed per path by `verify::policy` (RFC 5280 §6.1.3(d)–(f), §6.1.4(a), (b), (i), (j)).
    oids::CERTIFICATE_POLICIES,
    oids::POLICY_MAPPINGS,
    oids::POLICY_CONSTRAINTS,
    oids::INHIBIT_ANY_POLICY,
    // Criticality of these two is a rule of its own (they must not be critical).
    oids::SUBJECT_KEY_IDENTIFIER,
    oids::AUTHORITY_KEY_IDENTIFIER,
];

/// Days a leaf may be valid, by the date it was issued (Baseline Requirements §6.3.2).
const MAX_LEAF_DAYS: &[(i64, i64)] = &[
    // Issued on or after 2020-09-01: 398 days.
    (1_598_918_400, 398),
    // Issued on or after 2018-03-01: 825 days.
    (1_519_862_400, 825),
];

/// Days before notAfter from which a valid certificate is flagged as expiring soon.
const EXPIRES_SOON_DAYS: i64 = 30;

/// The role a certificate plays on a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The end-entity certificate.
    Leaf,
    /// A CA between the leaf and the anchor.
    Intermediate,
    /// The trust anchor's own certificate.
    Anchor,
}

/// The issuer side of a link, as the checks need it.
pub struct IssuerView<'a> {
    /// The issuer's certificate, when there is one.
    pub certificate: Option<&'a Certificate>,
    /// The anchor entry, when the issuer is a trust anchor.
    pub anchor: Option<&'a TrustAnchorEntry>,
    /// The issuer's key with the DSA parameters it inherits from its own issuer (RFC 3279
    /// §2.3.2), when its certificate omits them.
    pub inherited_key: Option<PublicKeyInfo>,
}

impl IssuerView<'_> {
    pub(super) fn subject(&self) -> Option<&DistinguishedName> {
        self.certificate
            .map(|c| &c.subject)
            .or(self.anchor.map(|a| &a.subject))
    }

    pub(super) fn public_key(&self) -> Option<&PublicKeyInfo> {
        self.inherited_key.as_ref().or(self
            .certificate
            .map(|c| &c.public_key)
            .or(self.anchor.map(|a| &a.public_key)))
    }

    pub(super) fn label(&self) -> String {
        self.subject()
            .map(|s| s.display_label())
            .unwrap_or_else(|| "the issuer".into())
    }
}

/// Validity of `cert` at the policy time (inclusive at both ends, whole seconds).
pub fn validity(cert: &Certificate, policy: &Policy) -> Check {
    let t = policy.time;
    let v = cert.validity;
    let name = CheckName::Validity;
    let fail = |f| Check::failed(name, f, policy.profile);
    if v.not_before > v.not_after {
        return fail(Failure::ValidityInverted {
            not_before: v.not_before,
            not_after: v.not_after,
        });
    }
    if t > v.not_after {
        return fail(Failure::Expired {
            not_after: v.not_after,
            at: t,
        });
    }
    if t < v.not_before {
        return fail(Failure::NotYetValid {
            not_before: v.not_before,
            at: t,
        });
    }
    let days_left = (v.not_after - t).whole_days();
    if days_left < EXPIRES_SOON_DAYS {
        return fail(Failure::ExpiresSoon {
            not_after: v.not_after,
            days_left,
        });
    }
    Check::pass(
        name,
        Passed::Valid {
            not_before: v.not_before,
            not_after: v.not_after,
        },
    )
}

/// The signature of `child` under the issuer's key.
pub fn signature_check(
    child: &Certificate,
    issuer: &IssuerView<'_>,
    profile: Profile,
    signatures: &SignatureCache,
) -> Check {
    let name = CheckName::Signature;
    let Some(key) = issuer.public_key() else {
        return Check::unknown(name, Failure::IssuerKeyUnknown);
    };
    if !child.signature_algorithms_match {
        return Check::failed(name, Failure::SignatureAlgorithmMismatch, profile);
    }
    let alg = &child.signature_algorithm;
    match signatures.verify(child, key) {
        SignatureOutcome::Valid => Check::pass(
            name,
            Passed::SignatureVerifies {
                algorithm: alg.name.clone(),
                issuer: issuer.label(),
            },
        ),
        SignatureOutcome::Invalid => Check::failed(
            name,
            Failure::BadSignature {
                algorithm: alg.name.clone(),
                issuer: issuer.label(),
            },
            profile,
        ),
        SignatureOutcome::Unsupported(detail) => {
            Check::unknown(name, Failure::UnsupportedSignature { detail })
        }
    }
}

/// Whether a certificate's signature verifies under its own key.
pub fn is_self_signed(cert: &Certificate, signatures: &SignatureCache) -> bool {
    cert.signature_algorithms_match && signatures.signs(cert, &cert.public_key)
}

/// Issuer name of the child against the issuer's subject.
///
/// RFC 5280 §7.1 compares names after string preparation ([`DistinguishedName::matches`]);
/// browsers and rustls-webpki compare the DER byte for byte. A name equal only by §7.1 is
/// a failure of the Web PKI rule, so the webpki profile does not chain it and rfc5280 warns
/// that it would not.
pub fn name_chaining(child: &Certificate, issuer: &IssuerView<'_>, profile: Profile) -> Check {
    let name = CheckName::NameChaining;
    match issuer.subject() {
        Some(_) if child.issuer.is_empty() => {
            Check::failed(name, Failure::EmptyIssuerName, profile)
        }
        Some(subject) if child.issuer.der != subject.der && child.issuer.matches(subject) => {
            Check::failed(
                name,
                Failure::IssuerNameNotByteExact {
                    issuer_name: child.issuer.one_line.clone(),
                    subject: subject.one_line.clone(),
                },
                profile,
            )
        }
        Some(subject) if child.issuer.matches(subject) => Check::pass(
            name,
            Passed::IssuerNameMatches {
                issuer: issuer.label(),
            },
        ),
        Some(subject) => Check::failed(
            name,
            Failure::IssuerNameMismatch {
                issuer_name: child.issuer.one_line.clone(),
                subject: subject.one_line.clone(),
            },
            profile,
        ),
        None => Check::unknown(name, Failure::IssuerNameUnknown),
    }
}

/// authorityKeyIdentifier of the child against the issuer's subjectKeyIdentifier.
pub fn key_identifiers(
    child: &Certificate,
    role: Role,
    issuer: &IssuerView<'_>,
    profile: Profile,
    signatures: &SignatureCache,
) -> Check {
    let name = CheckName::KeyIdentifiers;
    let fail = |f| Check::failed(name, f, profile);
    if child
        .extension(oids::AUTHORITY_KEY_IDENTIFIER)
        .is_some_and(|e| e.critical)
    {
        return fail(Failure::AkiCritical);
    }
    let aki = child.authority_key_id();
    let ski = issuer.certificate.and_then(Certificate::subject_key_id);
    let self_signed = issuer.certificate.is_some_and(|i| i.der == child.der);
    match (aki, ski) {
        (Some(a), Some(s)) if a == s => Check::pass(
            name,
            Passed::KeyIdMatches {
                key_id: hex::encode_upper(a),
            },
        ),
        (Some(a), Some(s)) => fail(Failure::AkiMismatch {
            aki: hex::encode_upper(a),
            ski: hex::encode_upper(s),
        }),
        (None, _) if role != Role::Anchor && !self_signed && !is_self_signed(child, signatures) => {
            fail(Failure::MissingAki)
        }
        (None, _) => Check::pass(name, Passed::SelfSignedNoAki),
        (Some(_), None) if issuer.certificate.is_none() => {
            Check::pass(name, Passed::AnchorWithoutKeyId)
        }
        (Some(_), None) => fail(Failure::IssuerMissingSki),
    }
}

/// Whether the issuer may issue certificates: CA bit, pathLenConstraint, keyCertSign.
pub fn issuer_checks(issuer: &IssuerView<'_>, cas_below: usize, profile: Profile) -> Vec<Check> {
    let Some(cert) = issuer.certificate else {
        return vec![Check::pass(CheckName::IssuerIsCa, Passed::AnchorNameAndKey)];
    };
    let label = cert.label();
    let mut out = Vec::new();
    let not_ca = |why| Failure::IssuerNotCa {
        issuer: label.clone(),
        why,
        version: cert.version,
    };
    out.push(match (cert.version, cert.basic_constraints()) {
        (v, _) if v < 3 => Check::failed(
            CheckName::IssuerIsCa,
            not_ca(NotCaReason::OldVersion),
            profile,
        ),
        (_, Some((true, _))) => Check::pass(CheckName::IssuerIsCa, Passed::IsCa),
        (_, Some((false, _))) => {
            Check::failed(CheckName::IssuerIsCa, not_ca(NotCaReason::CaFalse), profile)
        }
        (_, None) => Check::failed(
            CheckName::IssuerIsCa,
            not_ca(NotCaReason::NoBasicConstraints),
            profile,
        ),
    });
    out.push(match cert.basic_constraints() {
        Some((true, Some(max))) if cas_below > max as usize => Check::failed(
            CheckName::PathLength,
            Failure::PathLenExceeded {
                issuer: label.clone(),
                max,
                found: cas_below,
            },
            profile,
        ),
        Some((true, Some(max))) => Check::pass(
            CheckName::PathLength,
            Passed::PathLenWithin {
                max,
                below: cas_below,
            },
        ),
        _ => Check::pass(CheckName::PathLength, Passed::NoPathLenLimit),
    });
    out.push(match cert.key_usage() {
        None => Check::pass(CheckName::KeyUsage, Passed::NoKeyUsage),
        Some(ku) if ku.key_cert_sign => {
            Check::pass(CheckName::KeyUsage, Passed::KeyCertSignAllowed)
        }
        Some(ku) => missing_key_cert_sign(&label, ku, profile),
    });
    out
}

/// The failed keyUsage check of a CA (`label`) whose keyUsage lacks Certificate Sign.
fn missing_key_cert_sign(
    label: &str,
    key_usage: &crate::model::KeyUsageFlags,
    profile: Profile,
) -> Check {
    Check::failed(
        CheckName::KeyUsage,
        Failure::MissingKeyCertSign {
            issuer: label.to_string(),
            key_usage: key_usage.names().join(", "),
        },
        profile,
    )
}

/// The child's extendedKeyUsage against the purpose, by the child's role.
pub fn extended_key_usage(
    child: &Certificate,
    role: Role,
    purpose: Purpose,
    profile: Profile,
) -> Vec<Check> {
    let name = CheckName::ExtendedKeyUsage;
    let fail = |f| Check::failed(name, f, profile);
    let ext = child.extension(oids::EXTENDED_KEY_USAGE);
    let Some(ekus) = child.extended_key_usage() else {
        return vec![match (role, purpose, ext) {
            (_, _, Some(_)) => fail(Failure::EkuMalformed),
            (Role::Leaf, Purpose::Server, None) => fail(Failure::MissingServerAuth),
            (Role::Intermediate, _, None) => fail(Failure::SubCaWithoutEku),
            _ => Check::pass(name, Passed::NoEku),
        }];
    };
    let critical = ext.is_some_and(|e| e.critical);
    let has_any = ekus.iter().any(|e| e == oids::EKU_ANY);
    let Some(wanted) = purpose.eku_oid() else {
        // A CA target has no end-entity purpose: its extendedKeyUsage limits what it issues,
        // and only the rules for CA certificates apply to it.
        let mut out = Vec::new();
        if critical && role == Role::Intermediate {
            out.push(fail(Failure::CriticalEkuInCa));
        }
        if out.is_empty() {
            out.push(Check::pass(name, Passed::NoPurposeForCa));
        }
        return out;
    };
    let has_wanted = ekus.iter().any(|e| e == wanted);
    let mut out = Vec::new();
    match role {
        Role::Leaf => {
            if critical && purpose == Purpose::Server {
                out.push(fail(Failure::EkuCriticalInLeaf));
            }
            if has_any && purpose == Purpose::Server {
                out.push(fail(Failure::AnyEkuInServerLeaf));
            }
            // anyExtendedKeyUsage allows every purpose (RFC 5280 §4.2.1.12).
            if !has_wanted && !has_any {
                out.push(fail(Failure::RequiredEkuNotFound { purpose }));
            }
        }
        Role::Intermediate | Role::Anchor => {
            if critical && role == Role::Intermediate {
                out.push(fail(Failure::CriticalEkuInCa));
            }
            if !has_wanted && !has_any {
                out.push(fail(Failure::CaEkuExcludesPurpose { purpose }));
            }
        }
    }
    if out.is_empty() {
        out.push(Check::pass(name, Passed::EkuAllows { purpose }));
    }
    out
}

/// Structural rules for one certificate in its role: version, extensions, serial, names,
/// and the CA certificate profile. Every rule broken is its own check.
pub fn structure(cert: &Certificate, role: Role, profile: Profile) -> Vec<Check> {
    let name = CheckName::Extensions;
    let mut out: Vec<Check> = Vec::new();
    let mut fail = |f| out.push(Check::failed(name, f, profile));
    // A CA's version is judged where it issues (a version 1 or 2 certificate cannot be a CA).
    if cert.version != 3 && role == Role::Leaf {
        fail(Failure::NotVersion3 {
            version: cert.version,
        });
    }
    let mut seen = HashSet::new();
    for ext in &cert.extensions {
        if !seen.insert(ext.oid.as_str()) {
            fail(Failure::DuplicateExtension {
                name: ext.name.clone(),
            });
        }
        if let ExtensionValue::Malformed { error, .. } = &ext.value {
            fail(Failure::MalformedExtension {
                name: ext.name.clone(),
                error: error.clone(),
            });
        }
        if ext.critical && !UNDERSTOOD.contains(&ext.oid.as_str()) {
            fail(Failure::UnknownCriticalExtension {
                name: ext.name.clone(),
                oid: ext.oid.clone(),
            });
        }
        let must_not_be_critical = [oids::SUBJECT_KEY_IDENTIFIER, oids::AUTHORITY_INFO_ACCESS];
        if ext.critical && must_not_be_critical.contains(&ext.oid.as_str()) {
            fail(Failure::ExtensionMustNotBeCritical {
                name: ext.name.clone(),
            });
        }
    }
    if role != Role::Anchor {
        let serial = &cert.serial_bytes;
        if serial.iter().all(|b| *b == 0) {
            fail(Failure::SerialZero);
        } else if serial.first().is_some_and(|b| b & 0x80 != 0) {
            fail(Failure::SerialNegative);
        }
        if serial.len() > 20 {
            fail(Failure::SerialTooLong {
                bytes: serial.len(),
            });
        }
    }
    match cert.extension(oids::SUBJECT_ALT_NAME) {
        Some(san) if cert.subject.is_empty() && !san.critical => {
            fail(Failure::EmptySubjectSanNotCritical)
        }
        Some(san) if !cert.subject.is_empty() && san.critical && role == Role::Leaf => {
            fail(Failure::SanCriticalWithSubject)
        }
        None if cert.subject.is_empty() => fail(Failure::EmptySubjectNoSan),
        _ => {}
    }
    for san in cert.subject_alt_names().unwrap_or_default() {
        match san {
            GeneralName::Dns(d) if !super::hostname::is_valid_dns_pattern(d) => {
                fail(Failure::InvalidSanDns { name: d.clone() });
            }
            GeneralName::Invalid { tag, .. } => fail(Failure::MalformedExtension {
                name: "X509v3 Subject Alternative Name".into(),
                error: format!("a name does not decode as its tag [{tag}] says"),
            }),
            _ => {}
        }
    }
    match role {
        Role::Leaf => {
            if cert.extension(oids::NAME_CONSTRAINTS).is_some() {
                fail(Failure::NameConstraintsInLeaf);
            }
            if let Some(f) = common_name_problem(cert) {
                fail(f);
            }
        }
        Role::Intermediate | Role::Anchor => {
            if cert.subject_key_id().is_none() {
                fail(Failure::MissingSki);
            }
            match cert.extension(oids::KEY_USAGE) {
                None => fail(Failure::CaWithoutKeyUsage),
                Some(ku) if !ku.critical => fail(Failure::KeyUsageNotCritical),
                Some(_) => {}
            }
            if cert
                .extension(oids::BASIC_CONSTRAINTS)
                .is_some_and(|bc| !bc.critical)
            {
                fail(Failure::BasicConstraintsNotCritical);
            }
        }
    }
    if out.is_empty() {
        out.push(Check::pass(name, Passed::ExtensionsWellFormed));
    }
    out
}

/// The strength and algorithm of a public key; `ca` for a key that signs certificates.
///
/// RSA, ECDSA on the three NIST curves, Ed25519, DSA and ML-DSA (RFC 3279, RFC 8410,
/// RFC 9881) are RFC 5280 algorithms; the Baseline Requirements (§6.1.5) allow only RSA and ECDSA, so DSA anywhere
/// and Ed25519 in a leaf are Web PKI failures (Ed25519 in a CA has its own code).
fn key_problems(key: &PublicKeyInfo, ca: bool) -> Vec<Failure> {
    let mut out = Vec::new();
    match key.algorithm.oid.as_str() {
        oids::KEY_RSA => {
            let bits = key.bits.unwrap_or(0);
            if bits < 2048 {
                out.push(Failure::WeakRsaKey { bits });
            }
            if bits % 8 != 0 {
                out.push(Failure::RsaBitsNotMultipleOf8 { bits });
            }
        }
        oids::KEY_EC => match key.curve.as_deref() {
            Some("P-256" | "P-384" | "P-521") => {}
            Some(curve) => out.push(Failure::CurveNotAllowed {
                curve: curve.to_string(),
            }),
            None => out.push(Failure::NoNamedCurve),
        },
        oids::KEY_ED25519 => out.push(if ca {
            Failure::Ed25519InCa
        } else {
            Failure::KeyAlgorithmOutsideWebPki {
                algorithm: key.algorithm.name.clone(),
            }
        }),
        oids::KEY_DSA => out.push(Failure::KeyAlgorithmOutsideWebPki {
            algorithm: key.algorithm.name.clone(),
        }),
        // As DSA and Ed25519: a standard algorithm (RFC 9881) that the Baseline Requirements
        // do not allow, so a failure of the Web PKI profile and a warning under rfc5280.
        // Flagged on the key only, as DSA is: whatever this key signs carries ML-DSA too.
        oids::ML_DSA_44 | oids::ML_DSA_65 | oids::ML_DSA_87 => {
            out.push(Failure::MlDsaOutsideWebPki {
                algorithm: key.algorithm.name.clone(),
            });
        }
        _ => out.push(Failure::KeyAlgorithmNotAllowed {
            algorithm: key.algorithm.name.clone(),
        }),
    }
    out
}

/// Key sizes and algorithms: the certificate's own key, and the hash of its signature.
pub fn algorithms(cert: &Certificate, role: Role, profile: Profile) -> Vec<Check> {
    let name = CheckName::Algorithms;
    let mut failures = key_problems(&cert.public_key, role != Role::Leaf || cert.is_ca());
    if role != Role::Anchor {
        let algorithm = cert.signature_algorithm.name.clone();
        match signature::hash_of(&cert.signature_algorithm) {
            Hash::Sha1 => failures.push(Failure::Sha1Signature { algorithm }),
            Hash::Md5 => failures.push(Failure::Md5Signature { algorithm }),
            _ => {}
        }
    }
    if failures.is_empty() {
        return vec![Check::pass(
            name,
            Passed::Algorithms {
                key: cert.public_key.summary(),
                signature: cert.signature_algorithm.name.clone(),
            },
        )];
    }
    failures
        .into_iter()
        .map(|f| Check::failed(name, f, profile))
        .collect()
}

/// The Baseline Requirements pair each ECDSA curve with its hash (§7.1.3.2.2).
pub fn ecdsa_hash_matches_curve(
    child: &Certificate,
    issuer: &IssuerView<'_>,
    profile: Profile,
) -> Option<Check> {
    let key = issuer.public_key()?;
    if key.algorithm.oid != oids::KEY_EC {
        return None;
    }
    let curve = key.curve.as_deref()?;
    let hash = signature::hash_of(&child.signature_algorithm);
    let expected = match curve {
        "P-256" => Hash::Sha256,
        "P-384" => Hash::Sha384,
        "P-521" => Hash::Sha512,
        _ => return None,
    };
    // SHA-1 and MD5 have a rule of their own.
    if hash == expected || matches!(hash, Hash::Sha1 | Hash::Md5) {
        return None;
    }
    Some(Check::failed(
        CheckName::Algorithms,
        Failure::EcdsaHashCurveMismatch {
            curve: curve.to_string(),
            algorithm: child.signature_algorithm.name.clone(),
        },
        profile,
    ))
}

/// Rules for the end-entity certificate itself.
pub fn end_entity(leaf: &Certificate, profile: Profile) -> Vec<Check> {
    let name = CheckName::EndEntity;
    let mut out = Vec::new();
    if leaf.is_ca() {
        out.push(Check::failed(name, Failure::CaAsLeaf, profile));
    }
    let ku = leaf.key_usage();
    if !leaf.is_ca() && ku.is_some_and(|ku| ku.key_cert_sign) {
        out.push(Check::failed(name, Failure::LeafKeyCertSign, profile));
    }
    if leaf.public_key.algorithm.oid == oids::KEY_EC && ku.is_some_and(|ku| !ku.digital_signature) {
        out.push(Check::failed(
            name,
            Failure::EcdsaLeafWithoutDigitalSignature,
            profile,
        ));
    }
    let issued = leaf.validity.not_before.unix_timestamp();
    let days = (leaf.validity.not_after - leaf.validity.not_before).whole_days();
    if let Some(&(_, max_days)) = MAX_LEAF_DAYS.iter().find(|(from, _)| issued >= *from) {
        // The period is inclusive at both ends: 398 days is 398 × 86400 s + 1 s at most.
        if days > max_days {
            out.push(Check::failed(
                name,
                Failure::ValidityTooLong { days, max_days },
                profile,
            ));
        }
    }
    if out.is_empty() {
        out.push(Check::pass(name, Passed::EndEntity));
    }
    out
}

/// Rules for a target checked as a CA certificate ([`Purpose::Ca`]) that are not rules of
/// every CA on a path: it must be a CA (basicConstraints cA TRUE, version 3), and a keyUsage,
/// when present, must allow keyCertSign, as for any issuer (RFC 5280 §4.2.1.3, §4.2.1.9).
pub fn ca_target(target: &Certificate, profile: Profile) -> Vec<Check> {
    let name = CheckName::CaTarget;
    let label = target.label();
    let not_ca = |why| {
        Check::failed(
            name,
            Failure::TargetNotCa {
                target: label.clone(),
                why,
            },
            profile,
        )
    };
    let mut out = vec![match (target.version, target.basic_constraints()) {
        (v, _) if v < 3 => not_ca(NotCaReason::OldVersion),
        (_, Some((true, _))) => Check::pass(name, Passed::CaTarget),
        (_, Some((false, _))) => not_ca(NotCaReason::CaFalse),
        (_, None) => not_ca(NotCaReason::NoBasicConstraints),
    }];
    if let Some(ku) = target
        .key_usage()
        .filter(|ku| target.is_ca() && !ku.key_cert_sign)
    {
        out.push(missing_key_cert_sign(&label, ku, profile));
    }
    out
}

/// Rules for the trust anchor's own certificate (RFC 5280 §6.1.1(d): any CA certificate may
/// be an anchor). Root-only rules apply to self-issued anchors only.
pub fn anchor_checks(
    anchor: &TrustAnchorEntry,
    policy: &Policy,
    signatures: &SignatureCache,
) -> Vec<Check> {
    let name = CheckName::TrustAnchor;
    let profile = policy.profile;
    let label = anchor.label();
    let mut failures: Vec<Failure> = Vec::new();
    let mut warnings: Vec<Check> = Vec::new();
    let Some(cert) = &anchor.certificate else {
        failures.extend(key_problems(&anchor.public_key, true));
        return finish_anchor(
            name,
            &label,
            failures,
            Vec::new(),
            profile,
            Passed::AnchorKeyOnly {
                anchor: label.clone(),
            },
        );
    };
    let validity = validity(cert, policy);
    match (&validity.status, validity.failure.clone()) {
        (CheckStatus::Pass, _) | (_, None) => {}
        (_, Some(f)) => failures.push(f),
    }
    failures.extend(key_problems(&cert.public_key, true));
    for check in structure(cert, Role::Anchor, profile) {
        if let Some(f) = check.failure {
            failures.push(f);
        }
    }
    if cert.subject.is_empty() {
        failures.push(Failure::EmptySubjectNoSan);
    }
    if cert.is_self_issued() {
        if cert.extension(oids::EXTENDED_KEY_USAGE).is_some() {
            failures.push(Failure::RootHasEku);
        }
        if !is_self_signed(cert, signatures) {
            failures.push(Failure::BadSelfSignature {
                algorithm: cert.signature_algorithm.name.clone(),
            });
        }
        let aki = cert.extensions.iter().find_map(|e| match &e.value {
            ExtensionValue::AuthorityKeyIdentifier {
                key_id,
                issuer,
                serial,
            } => Some((key_id, issuer, serial)),
            _ => None,
        });
        if let Some((key_id, issuer, serial)) = aki {
            if !issuer.is_empty() || serial.is_some() {
                failures.push(Failure::AkiIssuerSerial);
            }
            match (key_id, cert.subject_key_id()) {
                (None, _) => failures.push(Failure::AkiWithoutKeyId),
                (Some(id), Some(ski)) if id.as_slice() != ski => {
                    failures.push(Failure::AkiNotOwnKey)
                }
                _ => {}
            }
        }
    } else if cert.authority_key_id().is_none() {
        failures.push(Failure::MissingAki);
    }
    if validity.status == CheckStatus::Warn {
        warnings.push(validity.clone());
    }
    finish_anchor(
        name,
        &label,
        failures,
        warnings,
        profile,
        Passed::AnchorSound {
            anchor: label.clone(),
            not_before: cert.validity.not_before,
            not_after: cert.validity.not_after,
        },
    )
}

fn finish_anchor(
    name: CheckName,
    label: &str,
    failures: Vec<Failure>,
    warnings: Vec<Check>,
    profile: Profile,
    passed: Passed,
) -> Vec<Check> {
    let mut out: Vec<Check> = failures
        .into_iter()
        .map(|f| {
            Check::failed(
                name,
                Failure::Anchor {
                    anchor: label.to_string(),
                    failure: Box::new(f),
                },
                profile,
            )
        })
        .collect();
    if out.is_empty() && warnings.is_empty() {
        out.push(Check::pass(name, passed));
    }
    out
}

/// The Baseline Requirements rule (7.1.4.3) that a leaf's common name, when present, is a
/// byte-for-byte copy of one of its subjectAltName entries, IP addresses in their canonical
/// text form (RFC 3986 §3.2.2, RFC 5952 §4), domain names as their A-labels. Clients that
/// still read the common name would otherwise disagree about which name the certificate is
/// for.
///
/// The rule applies to a common name that names a host of a kind the SAN lists: an IP
/// address (in any spelling) when the SAN has IP addresses, a domain name (a dotted or
/// non-ASCII name) when it has DNS names. Such a name must be one of those entries, or the
/// domain a wildcard entry lies in (`*.example.com` holds `example.com`). A common name
/// that names no host (`My Device`) is no claim about a host name.
fn common_name_problem(cert: &Certificate) -> Option<Failure> {
    let cn = cert.subject.common_name()?;
    let sans = cert.subject_alt_names()?;
    let dns: Vec<&str> = sans
        .iter()
        .filter_map(|n| match n {
            GeneralName::Dns(d) => Some(d.as_str()),
            _ => None,
        })
        .collect();
    let ips: Vec<std::net::IpAddr> = sans
        .iter()
        .filter_map(|n| match n {
            GeneralName::Ip(bytes) => ip_from_bytes(bytes),
            _ => None,
        })
        .collect();
    let not_a_copy = |detail: CommonNameMismatch| {
        Some(Failure::CommonNameNotInSan {
            cn: cn.to_string(),
            detail,
        })
    };
    if let Some(ip) = lenient_ip(cn) {
        if ips.is_empty() {
            return None;
        }
        if ips.iter().any(|i| i.to_string() == cn) {
            return None;
        }
        return if ips.contains(&ip) {
            not_a_copy(CommonNameMismatch::NotCanonical { canonical: ip })
        } else {
            not_a_copy(CommonNameMismatch::AddressNotInSan { address: ip })
        };
    }
    let names_a_domain = cn.contains('.') || !cn.is_ascii();
    if !names_a_domain || dns.is_empty() {
        return None;
    }
    if dns.contains(&cn) || dns.iter().any(|d| d.strip_prefix("*.") == Some(cn)) {
        return None;
    }
    if dns.iter().any(|d| d.eq_ignore_ascii_case(cn)) {
        return not_a_copy(CommonNameMismatch::CaseDiffers);
    }
    if !cn.is_ascii() {
        return not_a_copy(CommonNameMismatch::Unicode);
    }
    not_a_copy(CommonNameMismatch::DomainNotInSan {
        names: dns.iter().take(3).map(|d| (*d).to_string()).collect(),
    })
}

fn ip_from_bytes(bytes: &[u8]) -> Option<std::net::IpAddr> {
    if let Ok(v4) = <[u8; 4]>::try_from(bytes) {
        Some(std::net::IpAddr::from(v4))
    } else {
        <[u8; 16]>::try_from(bytes).ok().map(std::net::IpAddr::from)
    }
}

/// Parses IP addresses the lenient ways some clients do: IPv6 in any case and compression,
/// IPv4 with leading zeros, and hexadecimal IPv4 (`0xC0A80101`).
fn lenient_ip(text: &str) -> Option<std::net::IpAddr> {
    if let Ok(ip) = text.parse::<std::net::Ipv6Addr>() {
        return Some(ip.into());
    }
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return u32::from_str_radix(hex, 16)
            .ok()
            .map(|n| std::net::Ipv4Addr::from(n).into());
    }
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut octets = [0u8; 4];
    for (slot, part) in octets.iter_mut().zip(&parts) {
        if part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    Some(std::net::Ipv4Addr::from(octets).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_ip_forms() {
        let ip = |s: &str| lenient_ip(s).map(|i| i.to_string());
        assert_eq!(ip("0xC0A80101").as_deref(), Some("192.168.1.1"));
        assert_eq!(ip("192.168.001.001").as_deref(), Some("192.168.1.1"));
        assert_eq!(ip("2001:DB8::1").as_deref(), Some("2001:db8::1"));
        assert_eq!(
            ip("2001:db8:0:0:1:0:0:1").as_deref(),
            Some("2001:db8::1:0:0:1")
        );
        assert_eq!(ip("example.com"), None);
        assert_eq!(ip("1.2.3"), None);
    }
}
