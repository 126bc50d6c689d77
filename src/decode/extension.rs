//! Certificate extensions: x509-parser's `X509Extension` → [`Extension`].
//!
//! Every extension becomes an [`Extension`]: a value chainlens understands is decoded, one it
//! does not is kept as hex, and one that fails to parse is reported as `Malformed` with the
//! parser's reason. Decoding an extension never fails the certificate.

use base64::Engine as _;
use time::OffsetDateTime;
use time::macros::format_description;
use x509_parser::asn1_rs::{Class, FromDer, Oid, Tag};
use x509_parser::extensions::{
    AccessDescription, CRLDistributionPoint, DistributionPointName, GeneralName as X509GeneralName,
    GeneralSubtree, NSCertType, NameConstraints, ParsedExtension, PolicyInformation, ReasonFlags,
    SignedCertificateTimestamp as X509Sct, X509Extension,
};

use super::{ct_logs, der, name, oids};
use crate::model::oids as model_oids;
use crate::model::{
    DistinguishedName, DistributionPoint, Extension, ExtensionValue, GeneralName, KeyUsageFlags,
    PolicyInfo, PolicyQualifier, SignedCertificateTimestamp, UserNotice,
};

const TLS_FEATURE: &str = model_oids::TLS_FEATURE;
const CT_POISON: &str = model_oids::CT_POISON;
const EXTENDED_KEY_USAGE: &str = model_oids::EXTENDED_KEY_USAGE;

/// Decodes one extension; never fails (see the module documentation).
pub(super) fn decode_extension(ext: &X509Extension<'_>) -> Extension {
    let oid = ext.oid.to_id_string();
    let name = oids::extension_name(&oid).map_or_else(|| oid.clone(), str::to_string);
    let value = match decode_value(&oid, ext) {
        Ok(value) => value,
        Err(error) => ExtensionValue::Malformed {
            error,
            value_hex: hex::encode(ext.value),
        },
    };
    Extension {
        oid,
        name,
        critical: ext.critical,
        value,
    }
}

fn decode_value(oid: &str, ext: &X509Extension<'_>) -> Result<ExtensionValue, String> {
    let value = match ext.parsed_extension() {
        ParsedExtension::ParseError { error } => return Err(error.to_string()),
        ParsedExtension::BasicConstraints(bc) => ExtensionValue::BasicConstraints {
            ca: bc.ca,
            path_len: bc.path_len_constraint,
        },
        ParsedExtension::KeyUsage(ku) => ExtensionValue::KeyUsage(KeyUsageFlags {
            digital_signature: ku.digital_signature(),
            non_repudiation: ku.non_repudiation(),
            key_encipherment: ku.key_encipherment(),
            data_encipherment: ku.data_encipherment(),
            key_agreement: ku.key_agreement(),
            key_cert_sign: ku.key_cert_sign(),
            crl_sign: ku.crl_sign(),
            encipher_only: ku.encipher_only(),
            decipher_only: ku.decipher_only(),
        }),
        // x509-parser folds the purposes into flags; read them again to keep order and OIDs.
        ParsedExtension::ExtendedKeyUsage(_) => {
            ExtensionValue::ExtendedKeyUsage(sequence_of_oids(ext.value)?)
        }
        ParsedExtension::SubjectAlternativeName(san) => {
            ExtensionValue::SubjectAltName(general_names(&san.general_names))
        }
        ParsedExtension::IssuerAlternativeName(ian) => {
            ExtensionValue::IssuerAltName(general_names(&ian.general_names))
        }
        ParsedExtension::SubjectKeyIdentifier(id) => {
            ExtensionValue::SubjectKeyIdentifier(id.0.to_vec())
        }
        ParsedExtension::AuthorityKeyIdentifier(aki) => ExtensionValue::AuthorityKeyIdentifier {
            key_id: aki.key_identifier.as_ref().map(|id| id.0.to_vec()),
            issuer: aki
                .authority_cert_issuer
                .as_deref()
                .map(general_names)
                .unwrap_or_default(),
            serial: aki.authority_cert_serial.map(hex::encode),
        },
        ParsedExtension::CRLDistributionPoints(points) => {
            ExtensionValue::CrlDistributionPoints(points.iter().map(distribution_point).collect())
        }
        ParsedExtension::AuthorityInfoAccess(aia) => {
            ExtensionValue::AuthorityInfoAccess(access_descriptions(&aia.accessdescs))
        }
        ParsedExtension::SubjectInfoAccess(sia) => {
            ExtensionValue::SubjectInfoAccess(access_descriptions(&sia.accessdescs))
        }
        ParsedExtension::CertificatePolicies(policies) => {
            check_certificate_policies_shape(ext.value)?;
            ExtensionValue::CertificatePolicies(policies.iter().map(policy).collect())
        }
        ParsedExtension::PolicyConstraints(pc) => {
            check_policy_constraints_shape(ext.value)?;
            ExtensionValue::PolicyConstraints {
                require_explicit_policy: pc.require_explicit_policy,
                inhibit_policy_mapping: pc.inhibit_policy_mapping,
            }
        }
        ParsedExtension::PolicyMappings(pm) => {
            check_policy_mappings_shape(ext.value)?;
            ExtensionValue::PolicyMappings(
                pm.mappings
                    .iter()
                    .map(|m| {
                        (
                            m.issuer_domain_policy.to_id_string(),
                            m.subject_domain_policy.to_id_string(),
                        )
                    })
                    .collect(),
            )
        }
        ParsedExtension::InhibitAnyPolicy(iap) => ExtensionValue::InhibitAnyPolicy(iap.skip_certs),
        ParsedExtension::NameConstraints(nc) => {
            check_name_constraints_shape(ext.value)?;
            let (permitted, excluded) = name_constraints(nc);
            ExtensionValue::NameConstraints {
                permitted,
                excluded,
            }
        }
        ParsedExtension::SCT(scts) => ExtensionValue::SctList(scts.iter().map(sct).collect()),
        ParsedExtension::NSCertType(cert_type) => {
            ExtensionValue::NetscapeCertType(netscape_cert_type(cert_type))
        }
        ParsedExtension::NsCertComment(comment) => {
            ExtensionValue::NetscapeComment((*comment).to_string())
        }
        _ => match oid {
            TLS_FEATURE => ExtensionValue::TlsFeature(tls_features(ext.value)?),
            CT_POISON if ext.value == [0x05, 0x00] => ExtensionValue::CtPoison,
            CT_POISON => return Err("the CT poison must be an ASN.1 NULL".to_string()),
            // x509-parser decodes EKU itself; this arm keeps the OID list even if it did not.
            EXTENDED_KEY_USAGE => ExtensionValue::ExtendedKeyUsage(sequence_of_oids(ext.value)?),
            _ => ExtensionValue::Unknown {
                value_hex: hex::encode(ext.value),
            },
        },
    };
    Ok(value)
}

/// Converts x509-parser general names to the model's.
pub(super) fn general_names(names: &[X509GeneralName<'_>]) -> Vec<GeneralName> {
    names.iter().map(general_name).collect()
}

fn general_name(name: &X509GeneralName<'_>) -> GeneralName {
    match name {
        X509GeneralName::DNSName(s) => GeneralName::Dns((*s).to_string()),
        X509GeneralName::RFC822Name(s) => GeneralName::Email((*s).to_string()),
        X509GeneralName::URI(s) => GeneralName::Uri((*s).to_string()),
        X509GeneralName::IPAddress(bytes) => GeneralName::Ip(bytes.to_vec()),
        X509GeneralName::DirectoryName(dn) => GeneralName::Directory(name::decode_name(dn)),
        X509GeneralName::RegisteredID(oid) => GeneralName::RegisteredId(oid.to_id_string()),
        X509GeneralName::OtherName(oid, rest) => {
            // `rest` is the `[0] EXPLICIT` wrapper; show the value inside it.
            let value = match der::split_element(rest) {
                Some(e) if e.any.class() == Class::ContextSpecific && e.any.tag().0 == 0 => {
                    e.any.data
                }
                _ => rest,
            };
            GeneralName::Other {
                oid: oid.to_id_string(),
                value_hex: hex::encode(value),
            }
        }
        X509GeneralName::X400Address(any) => {
            GeneralName::Unsupported(format!("X400Name:#{}", hex::encode(der::encode(any))))
        }
        X509GeneralName::EDIPartyName(any) => {
            GeneralName::Unsupported(format!("EdiPartyName:#{}", hex::encode(der::encode(any))))
        }
        X509GeneralName::Invalid(tag, data) => GeneralName::Invalid {
            tag: tag.0,
            value_hex: hex::encode(data),
        },
    }
}

/// Checks the outer shape of a NameConstraints SEQUENCE: at most `[0]` then `[1]`, nothing else.
///
/// x509-parser skips what it does not recognise there, which would turn a malformed
/// constraint into no constraint at all.
pub(super) fn check_name_constraints_shape(sequence_der: &[u8]) -> Result<(), String> {
    let sequence = der::split_element(sequence_der)
        .filter(|e| e.any.tag() == Tag::Sequence && e.rest.is_empty())
        .ok_or("expected one SEQUENCE")?;
    let mut rest = sequence.any.data;
    let mut previous: Option<u32> = None;
    while !rest.is_empty() {
        let element = der::split_element(rest).ok_or("truncated subtrees")?;
        let tag = element.any.tag().0;
        if element.any.class() != Class::ContextSpecific
            || tag > 1
            || previous.is_some_and(|p| p >= tag)
        {
            return Err(format!("unexpected element (tag {tag}) in NameConstraints"));
        }
        previous = Some(tag);
        rest = element.rest;
    }
    Ok(())
}

/// The elements of one DER SEQUENCE that is the whole of `value`.
fn sequence_items<'a>(value: &'a [u8], what: &str) -> Result<Vec<der::Element<'a>>, String> {
    let sequence = der::split_element(value)
        .filter(|e| e.any.tag() == Tag::Sequence && e.rest.is_empty())
        .ok_or_else(|| format!("expected one SEQUENCE ({what})"))?;
    let mut items = Vec::new();
    let mut rest = sequence.any.data;
    while !rest.is_empty() {
        let item = der::split_element(rest).ok_or_else(|| format!("truncated {what}"))?;
        rest = item.rest;
        items.push(item);
    }
    Ok(items)
}

/// A dotted OID from a DER element that must be an OBJECT IDENTIFIER.
fn oid_of(element: &der::Element<'_>) -> Result<String, String> {
    if element.any.tag() != Tag::Oid || element.any.data.is_empty() {
        return Err(format!(
            "expected an OBJECT IDENTIFIER, found tag {}",
            element.any.tag().0
        ));
    }
    Oid::from_der(element.raw)
        .map(|(_, oid)| oid.to_id_string())
        .map_err(|e| format!("invalid OBJECT IDENTIFIER: {e}"))
}

/// Checks certificatePolicies strictly (RFC 5280 §4.2.1.4): at least one PolicyInformation,
/// each an OID and optionally a SEQUENCE of qualifiers, nothing else, and no OID twice.
/// x509-parser accepts trailing elements and repeated policies, which would let a malformed
/// extension steer policy processing.
fn check_certificate_policies_shape(value: &[u8]) -> Result<(), String> {
    let infos = sequence_items(value, "certificatePolicies")?;
    if infos.is_empty() {
        return Err("certificatePolicies must hold at least one policy".into());
    }
    let mut seen: Vec<String> = Vec::new();
    for info in infos {
        if info.any.tag() != Tag::Sequence {
            return Err("a PolicyInformation is not a SEQUENCE".into());
        }
        let id = der::split_element(info.any.data).ok_or("empty PolicyInformation")?;
        let oid = oid_of(&id)?;
        if !id.rest.is_empty() {
            let qualifiers = der::split_element(id.rest)
                .filter(|q| q.any.tag() == Tag::Sequence && q.rest.is_empty())
                .ok_or("unexpected element in PolicyInformation")?;
            if qualifiers.any.data.is_empty() {
                return Err("policyQualifiers must not be empty".into());
            }
        }
        if seen.contains(&oid) {
            return Err(format!("policy {oid} appears more than once"));
        }
        seen.push(oid);
    }
    Ok(())
}

/// Checks policyMappings strictly (RFC 5280 §4.2.1.5): at least one mapping, each exactly
/// two OIDs.
fn check_policy_mappings_shape(value: &[u8]) -> Result<(), String> {
    let mappings = sequence_items(value, "policyMappings")?;
    if mappings.is_empty() {
        return Err("policyMappings must hold at least one mapping".into());
    }
    for mapping in mappings {
        let pair = (mapping.any.tag() == Tag::Sequence)
            .then(|| sequence_items(mapping.raw, "a policy mapping").ok())
            .flatten()
            .filter(|pair| pair.len() == 2)
            .ok_or("a policy mapping is not two OIDs")?;
        for oid in &pair {
            oid_of(oid)?;
        }
    }
    Ok(())
}

/// Checks policyConstraints strictly (RFC 5280 §4.2.1.11): `[0]` then `[1]`, each a
/// non-negative INTEGER, at least one present, nothing else.
fn check_policy_constraints_shape(value: &[u8]) -> Result<(), String> {
    let fields = sequence_items(value, "policyConstraints")?;
    if fields.is_empty() {
        return Err("policyConstraints must not be empty".into());
    }
    let mut previous: Option<u32> = None;
    for field in fields {
        let tag = field.any.tag().0;
        if field.any.class() != Class::ContextSpecific
            || tag > 1
            || previous.is_some_and(|p| p >= tag)
        {
            return Err(format!(
                "unexpected element (tag {tag}) in policyConstraints"
            ));
        }
        if unsigned(field.any.data).is_none() {
            return Err("SkipCerts is not a non-negative INTEGER".into());
        }
        previous = Some(tag);
    }
    Ok(())
}

/// `(permitted, excluded)` subtrees of a NameConstraints value.
pub(super) fn name_constraints(nc: &NameConstraints<'_>) -> (Vec<GeneralName>, Vec<GeneralName>) {
    (
        subtrees(nc.permitted_subtrees.as_deref()),
        subtrees(nc.excluded_subtrees.as_deref()),
    )
}

fn subtrees(subtrees: Option<&[GeneralSubtree<'_>]>) -> Vec<GeneralName> {
    subtrees
        .unwrap_or_default()
        .iter()
        .map(|s| general_name(&s.base))
        .collect()
}

fn distribution_point(point: &CRLDistributionPoint<'_>) -> DistributionPoint {
    let names = match &point.distribution_point {
        Some(DistributionPointName::FullName(names)) => general_names(names),
        Some(DistributionPointName::NameRelativeToCRLIssuer(rdn)) => {
            vec![GeneralName::Directory(DistinguishedName::new(
                vec![name::decode_rdn(rdn)],
                Vec::new(),
            ))]
        }
        None => Vec::new(),
    };
    DistributionPoint {
        names,
        reasons: point.reasons.as_ref().map(reason_names),
        crl_issuer: point
            .crl_issuer
            .as_deref()
            .map(general_names)
            .unwrap_or_default(),
    }
}

fn reason_names(reasons: &ReasonFlags) -> Vec<String> {
    const NAMES: [&str; 9] = [
        "Unused",
        "Key Compromise",
        "CA Compromise",
        "Affiliation Changed",
        "Superseded",
        "Cessation Of Operation",
        "Certificate Hold",
        "Privilege Withdrawn",
        "AA Compromise",
    ];
    NAMES
        .iter()
        .enumerate()
        .filter(|(bit, _)| reasons.flags >> bit & 1 == 1)
        .map(|(_, name)| (*name).to_string())
        .collect()
}

fn access_descriptions(descriptions: &[AccessDescription<'_>]) -> Vec<(String, GeneralName)> {
    descriptions
        .iter()
        .map(|d| {
            let oid = d.access_method.to_id_string();
            let method = oids::access_method_name(&oid).map_or(oid, str::to_string);
            (method, general_name(&d.access_location))
        })
        .collect()
}

fn policy(info: &PolicyInformation<'_>) -> PolicyInfo {
    let oid = info.policy_id.to_id_string();
    PolicyInfo {
        name: oids::policy_name(&oid).map(str::to_string),
        oid,
        qualifiers: info
            .policy_qualifiers
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|q| qualifier(&q.policy_qualifier_id, q.qualifier))
            .collect(),
    }
}

/// A policy qualifier: a CPS URI, a user notice, or another one kept as hex.
fn qualifier(id: &Oid<'_>, value: &[u8]) -> PolicyQualifier {
    let oid = id.to_id_string();
    let decoded = match oid.as_str() {
        model_oids::QT_CPS => {
            der::split_element(value).map(|e| PolicyQualifier::Cps(name::value_text(&e.any)))
        }
        model_oids::QT_USER_NOTICE => user_notice(value).map(PolicyQualifier::UserNotice),
        _ => None,
    };
    decoded.unwrap_or_else(|| PolicyQualifier::Other {
        oid,
        value_hex: hex::encode(value),
    })
}

/// `UserNotice ::= SEQUENCE { noticeRef NoticeReference OPTIONAL, explicitText DisplayText OPTIONAL }`
fn user_notice(value: &[u8]) -> Option<UserNotice> {
    let notice = der::split_element(value)?;
    if notice.any.tag() != Tag::Sequence {
        return None;
    }
    let mut out = UserNotice::default();
    let mut rest = notice.any.data;
    while let Some(field) = der::split_element(rest) {
        rest = field.rest;
        if field.any.tag() == Tag::Sequence {
            // NoticeReference ::= SEQUENCE { organization DisplayText, noticeNumbers SEQUENCE OF INTEGER }
            let organization = der::split_element(field.any.data)?;
            out.organization = Some(name::value_text(&organization.any));
            let numbers = der::split_element(organization.rest)?;
            let mut list = Vec::new();
            let mut items = numbers.any.data;
            while let Some(number) = der::split_element(items) {
                items = number.rest;
                list.push(unsigned(number.any.data).map_or_else(
                    || format!("#{}", hex::encode(number.any.data)),
                    |n| n.to_string(),
                ));
            }
            out.numbers = list;
        } else {
            out.explicit_text = Some(name::value_text(&field.any));
        }
    }
    if !rest.is_empty() {
        return None;
    }
    Some(out)
}

/// A non-negative INTEGER's content octets as a number, if it fits in 64 bits.
fn unsigned(content: &[u8]) -> Option<u64> {
    if content.first().is_none_or(|b| b & 0x80 != 0) {
        return None;
    }
    let significant: Vec<u8> = content.iter().copied().skip_while(|b| *b == 0).collect();
    if significant.len() > 8 {
        return None;
    }
    Some(
        significant
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b)),
    )
}

/// `SEQUENCE OF OBJECT IDENTIFIER`, in order, as dotted OIDs.
fn sequence_of_oids(value: &[u8]) -> Result<Vec<String>, String> {
    let sequence = der::split_element(value)
        .filter(|e| e.any.tag() == Tag::Sequence && e.rest.is_empty())
        .ok_or("expected one SEQUENCE OF OBJECT IDENTIFIER")?;
    let mut oids = Vec::new();
    let mut rest = sequence.any.data;
    while !rest.is_empty() {
        let (next, oid) =
            Oid::from_der(rest).map_err(|e| format!("invalid OBJECT IDENTIFIER: {e}"))?;
        oids.push(oid.to_id_string());
        rest = next;
    }
    Ok(oids)
}

/// TLS Feature (RFC 7633): `Features ::= SEQUENCE OF INTEGER`, each a TLS extension number.
fn tls_features(value: &[u8]) -> Result<Vec<u16>, String> {
    let sequence = der::split_element(value)
        .filter(|e| e.any.tag() == Tag::Sequence && e.rest.is_empty())
        .ok_or("expected one SEQUENCE OF INTEGER")?;
    let mut features = Vec::new();
    let mut rest = sequence.any.data;
    while !rest.is_empty() {
        let item = der::split_element(rest).ok_or("truncated INTEGER")?;
        if item.any.tag() != Tag::Integer {
            return Err(format!("expected INTEGER, found tag {}", item.any.tag().0));
        }
        let feature = unsigned(item.any.data)
            .and_then(|n| u16::try_from(n).ok())
            .ok_or_else(|| format!("TLS feature out of range: {}", hex::encode(item.any.data)))?;
        features.push(feature);
        rest = item.rest;
    }
    Ok(features)
}

fn sct(sct: &X509Sct<'_>) -> SignedCertificateTimestamp {
    let log_id_base64 = base64::engine::general_purpose::STANDARD.encode(sct.id.key_id);
    SignedCertificateTimestamp {
        version: sct.version.0,
        log_name: ct_logs::log_name(&log_id_base64),
        log_id_base64,
        timestamp: sct_timestamp(sct.timestamp),
        time: OffsetDateTime::from_unix_timestamp_nanos(i128::from(sct.timestamp) * 1_000_000).ok(),
        signature_algorithm: format!(
            "{}/{}",
            sct_hash_name(sct.signature.hash_alg_id),
            sct_signature_name(sct.signature.sign_alg_id)
        ),
    }
}

/// Milliseconds since the epoch as RFC 3339 UTC with milliseconds.
fn sct_timestamp(millis: u64) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000)
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_else(|| format!("{millis} ms after 1970-01-01T00:00:00Z"))
}

/// TLS 1.2 HashAlgorithm names (RFC 5246 §7.4.1.4.1).
fn sct_hash_name(id: u8) -> String {
    match id {
        0 => "none".to_string(),
        1 => "md5".to_string(),
        2 => "sha1".to_string(),
        3 => "sha224".to_string(),
        4 => "sha256".to_string(),
        5 => "sha384".to_string(),
        6 => "sha512".to_string(),
        other => format!("hash({other})"),
    }
}

/// TLS 1.2 SignatureAlgorithm names (RFC 5246 §7.4.1.4.1).
fn sct_signature_name(id: u8) -> String {
    match id {
        0 => "anonymous".to_string(),
        1 => "rsa".to_string(),
        2 => "dsa".to_string(),
        3 => "ecdsa".to_string(),
        other => format!("signature({other})"),
    }
}

fn netscape_cert_type(cert_type: &NSCertType) -> Vec<String> {
    [
        (cert_type.ssl_client(), "SSL Client"),
        (cert_type.ssl_server(), "SSL Server"),
        (cert_type.smime(), "S/MIME"),
        (cert_type.object_signing(), "Object Signing"),
        (cert_type.ssl_ca(), "SSL CA"),
        (cert_type.smime_ca(), "S/MIME CA"),
        (cert_type.object_signing_ca(), "Object Signing CA"),
    ]
    .into_iter()
    .filter(|(set, _)| *set)
    .map(|(_, name)| name.to_string())
    .collect()
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn extension(oid: &str, value: &[u8]) -> Extension {
        let Ok(oid) = Oid::from_str(oid) else {
            panic!("test OID must parse")
        };
        let ext = X509Extension::new(
            oid.clone(),
            false,
            value,
            ParsedExtension::UnsupportedExtension { oid },
        );
        decode_extension(&ext)
    }

    #[test]
    fn tls_feature_must_staple() {
        let ext = extension(TLS_FEATURE, &[0x30, 0x03, 0x02, 0x01, 0x05]);
        assert_eq!(ext.name, "TLS Feature");
        assert_eq!(ext.value, ExtensionValue::TlsFeature(vec![5]));
    }

    #[test]
    fn tls_feature_garbage_is_malformed() {
        for value in [
            &[0x30, 0x03, 0x04, 0x01, 0x05][..],
            &[0x30, 0x05, 0x02, 0x03, 0x01, 0x00, 0x00],
            &[0x30, 0x04, 0x02, 0x01],
            &[],
        ] {
            let ext = extension(TLS_FEATURE, value);
            assert!(
                matches!(ext.value, ExtensionValue::Malformed { .. }),
                "{value:02x?} gave {:?}",
                ext.value
            );
        }
    }

    #[test]
    fn ct_poison() {
        let ext = extension(CT_POISON, &[0x05, 0x00]);
        assert_eq!(ext.name, "CT Precertificate Poison");
        assert_eq!(ext.value, ExtensionValue::CtPoison);
        let ext = extension(CT_POISON, &[0x05, 0x01, 0x00]);
        assert!(matches!(ext.value, ExtensionValue::Malformed { .. }));
    }

    #[test]
    fn unknown_extension_is_hex() {
        let ext = extension("1.2.3.4", &[0x04, 0x01, 0xff]);
        assert_eq!(ext.name, "1.2.3.4");
        assert_eq!(
            ext.value,
            ExtensionValue::Unknown {
                value_hex: "0401ff".to_string()
            }
        );
    }

    #[test]
    fn malformed_known_extension_does_not_fail() {
        // A basicConstraints whose value is not a SEQUENCE, parsed by x509-parser itself.
        let der = [
            0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x13, 0x04, 0x03, 0x02, 0x01, 0x05,
        ];
        let Ok((_, ext)) = X509Extension::from_der(&der) else {
            panic!("the envelope is valid")
        };
        let decoded = decode_extension(&ext);
        assert_eq!(decoded.name, "X509v3 Basic Constraints");
        assert!(matches!(decoded.value, ExtensionValue::Malformed { .. }));
    }

    #[test]
    fn user_notice_text() {
        // SEQUENCE { SEQUENCE { UTF8String "Org", SEQUENCE { INTEGER 1, INTEGER 2 } }, UTF8String "Hi" }
        let notice = [
            0x30, 0x13, 0x30, 0x0d, 0x0c, 0x03, b'O', b'r', b'g', 0x30, 0x06, 0x02, 0x01, 0x01,
            0x02, 0x01, 0x02, 0x0c, 0x02, b'H', b'i',
        ];
        let notice = user_notice(&notice).unwrap();
        assert_eq!(notice.organization.as_deref(), Some("Org"));
        assert_eq!(notice.numbers, vec!["1", "2"]);
        assert_eq!(notice.explicit_text.as_deref(), Some("Hi"));
        assert_eq!(
            PolicyQualifier::UserNotice(notice).to_string(),
            "User Notice: Organization: Org; Numbers: 1, 2; Explicit Text: Hi"
        );
    }

    /// An extension with a two-byte-OID of 2.5.29 and `value`, decoded.
    fn policy_extension(last_arc: u8, value: &[u8]) -> Extension {
        let oid = format!("2.5.29.{last_arc}");
        let der = {
            let octets = [&[0x04, value.len() as u8][..], value].concat();
            let body = [&[0x06, 0x03, 0x55, 0x1d, last_arc][..], &octets].concat();
            [&[0x30, body.len() as u8][..], &body].concat()
        };
        let Ok((_, ext)) = X509Extension::from_der(&der) else {
            panic!("the envelope of {oid} is valid")
        };
        decode_extension(&ext)
    }

    #[test]
    fn policy_extensions_decode() {
        // certificatePolicies { 1.2 }, policyMappings { 1.2 → 1.3 }, policyConstraints
        // { require 0, inhibit 1 }, inhibitAnyPolicy 2.
        assert_eq!(
            policy_extension(32, &[0x30, 0x05, 0x30, 0x03, 0x06, 0x01, 0x2a]).value,
            ExtensionValue::CertificatePolicies(vec![PolicyInfo {
                oid: "1.2".into(),
                name: None,
                qualifiers: Vec::new(),
            }])
        );
        assert_eq!(
            policy_extension(
                33,
                &[0x30, 0x08, 0x30, 0x06, 0x06, 0x01, 0x2a, 0x06, 0x01, 0x2b]
            )
            .value,
            ExtensionValue::PolicyMappings(vec![("1.2".into(), "1.3".into())])
        );
        assert_eq!(
            policy_extension(36, &[0x30, 0x06, 0x80, 0x01, 0x00, 0x81, 0x01, 0x01]).value,
            ExtensionValue::PolicyConstraints {
                require_explicit_policy: Some(0),
                inhibit_policy_mapping: Some(1),
            }
        );
        assert_eq!(
            policy_extension(54, &[0x02, 0x01, 0x02]).value,
            ExtensionValue::InhibitAnyPolicy(2)
        );
    }

    #[test]
    fn malformed_policy_extensions_are_malformed() {
        for (name, last_arc, value) in [
            ("empty policyConstraints", 36u8, &[0x30, 0x00][..]),
            ("unknown tag", 36, &[0x30, 0x03, 0x82, 0x01, 0x00]),
            (
                "out of order",
                36,
                &[0x30, 0x06, 0x81, 0x01, 0x00, 0x80, 0x01, 0x00],
            ),
            ("trailing bytes", 36, &[0x30, 0x03, 0x80, 0x01, 0x00, 0x00]),
            ("negative SkipCerts", 36, &[0x30, 0x03, 0x80, 0x01, 0xff]),
            ("empty policyMappings", 33, &[0x30, 0x00]),
            (
                "mapping of integers",
                33,
                &[0x30, 0x06, 0x30, 0x04, 0x02, 0x00, 0x02, 0x00],
            ),
            (
                "one-sided mapping",
                33,
                &[0x30, 0x05, 0x30, 0x03, 0x06, 0x01, 0x2a],
            ),
            ("inhibitAnyPolicy not an INTEGER", 54, &[0x04, 0x01, 0x00]),
            ("negative inhibitAnyPolicy", 54, &[0x02, 0x01, 0xff]),
            ("empty certificatePolicies", 32, &[0x30, 0x00]),
            (
                "junk after the policy OID",
                32,
                &[0x30, 0x07, 0x30, 0x05, 0x06, 0x01, 0x2a, 0x02, 0x00],
            ),
            (
                "a policy twice",
                32,
                &[
                    0x30, 0x0a, 0x30, 0x03, 0x06, 0x01, 0x2a, 0x30, 0x03, 0x06, 0x01, 0x2a,
                ],
            ),
        ] {
            let ext = policy_extension(last_arc, value);
            assert!(
                matches!(ext.value, ExtensionValue::Malformed { .. }),
                "{name}: {:?}",
                ext.value
            );
        }
    }

    #[test]
    fn sct_time_has_milliseconds() {
        assert_eq!(sct_timestamp(1_662_657_071_789), "2022-09-08T17:11:11.789Z");
    }
}
