//! CRLs (RFC 5280 §5), PEM or DER, decoded with x509-parser into [`CrlInfo`].

use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{
    DistributionPointName, GeneralName as X509GeneralName, ParsedExtension, ReasonFlags,
    SubjectAlternativeName,
};
use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

use super::extension::general_names;
use super::{DecodeError, der, name, oids};
use crate::model::oids::{
    AUTHORITY_KEY_IDENTIFIER, CRL_NUMBER, INVALIDITY_DATE, ISSUING_DISTRIBUTION_POINT, REASON_CODE,
};
use crate::model::{
    AlgorithmId, CertDistributionPoint, CrlInfo, CrlScope, PointName, RevokedEntry,
};

/// deltaCRLIndicator (RFC 5280 §5.2.4).
const DELTA_CRL_INDICATOR: &str = "2.5.29.27";
/// Freshest CRL (RFC 5280 §5.2.6).
const FRESHEST_CRL: &str = "2.5.29.46";
/// certificateIssuer, a CRL entry extension (RFC 5280 §5.3.3).
const CERTIFICATE_ISSUER: &str = "2.5.29.29";
/// cRLDistributionPoints (RFC 5280 §4.2.1.13).
const CRL_DISTRIBUTION_POINTS: &str = "2.5.29.31";

/// The content octets of a DER INTEGER as hex without leading zero octets (`00` for zero):
/// CRL numbers are non-negative (RFC 5280 §5.2.3), so this compares as [`crl_number_cmp`]
/// expects. `None` when `value` is not one INTEGER.
fn integer_hex(value: &[u8]) -> Option<String> {
    let element = der::split_element(value)?;
    if element.any.tag() != x509_parser::asn1_rs::Tag::Integer || !element.rest.is_empty() {
        return None;
    }
    let digits: Vec<u8> = element
        .any
        .data
        .iter()
        .copied()
        .skip_while(|&b| b == 0)
        .collect();
    Some(if digits.is_empty() {
        "00".to_string()
    } else {
        hex::encode(digits)
    })
}

/// Orders two CRL numbers given as hex of their big-endian octets (leading zeros ignored).
pub fn crl_number_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn point_name(name: &DistributionPointName<'_>) -> PointName {
    match name {
        DistributionPointName::FullName(names) => PointName::Full(general_names(names)),
        DistributionPointName::NameRelativeToCRLIssuer(rdn) => {
            PointName::Relative(name::decode_rdn(rdn))
        }
    }
}

fn reason_bits(flags: &ReasonFlags) -> u16 {
    flags.flags
}

/// The elements of a DER content, in order (`None` when one does not decode).
fn elements(mut content: &[u8]) -> Option<Vec<der::Element<'_>>> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let element = der::split_element(content)?;
        content = element.rest;
        out.push(element);
    }
    Some(out)
}

/// The context tag number of an element, `None` for another class.
fn context_tag(element: &der::Element<'_>) -> Option<u32> {
    (element.any.class() == x509_parser::asn1_rs::Class::ContextSpecific)
        .then_some(element.any.tag().0)
}

/// GeneralName elements, one after the other (an IMPLICIT GeneralNames' content).
fn general_names_in(content: &[u8]) -> Option<Vec<crate::model::GeneralName>> {
    let mut names = Vec::new();
    for element in elements(content)? {
        let (_, name) = X509GeneralName::from_der(element.raw).ok()?;
        names.push(name);
    }
    Some(general_names(&names))
}

/// A ReasonFlags BIT STRING's content as bits (bit n is named bit n).
fn reason_bits_in(content: &[u8]) -> u16 {
    let mut flags = 0u16;
    for (byte_index, byte) in content.iter().skip(1).enumerate().take(2) {
        for bit in 0..8 {
            if byte & (0x80 >> bit) != 0 {
                flags |= 1 << (byte_index * 8 + bit);
            }
        }
    }
    flags
}

/// DistributionPointName (an EXPLICIT CHOICE inside its [0]): fullName [0] IMPLICIT
/// GeneralNames or nameRelativeToCRLIssuer [1] IMPLICIT RelativeDistinguishedName.
///
/// x509-parser 0.18 reads the relative name as if it kept its SET tag, and so fails on
/// every relative name, and drops it without an error (PKITS 4.14.4, 4.14.8): this walks
/// the DER itself.
fn point_name_in(content: &[u8]) -> Option<PointName> {
    let [choice] = elements(content)?.try_into().ok()?;
    match context_tag(&choice)? {
        0 => Some(PointName::Full(general_names_in(choice.any.data)?)),
        1 => {
            // The IMPLICIT tag replaced the SET's: put it back for the RDN decoder.
            let mut set = der::wrap_sequence(choice.any.data);
            *set.first_mut()? = 0x31;
            let (_, rdn) = x509_parser::x509::RelativeDistinguishedName::from_der(&set).ok()?;
            Some(PointName::Relative(name::decode_rdn(&rdn)))
        }
        _ => None,
    }
}

/// cRLDistributionPoints from the extension's DER value.
fn distribution_points_in(value: &[u8]) -> Option<Vec<CertDistributionPoint>> {
    let [sequence] = elements(value)?.try_into().ok()?;
    let mut points = Vec::new();
    for point in elements(sequence.any.data)? {
        let mut out = CertDistributionPoint::default();
        for field in elements(point.any.data)? {
            match context_tag(&field)? {
                0 => out.point = Some(point_name_in(field.any.data)?),
                1 => out.reasons = Some(reason_bits_in(field.any.data)),
                2 => out.crl_issuer = general_names_in(field.any.data)?,
                _ => return None,
            }
        }
        points.push(out);
    }
    Some(points)
}

/// issuingDistributionPoint from the extension's DER value.
fn issuing_distribution_point_in(value: &[u8]) -> Option<CrlScope> {
    let [sequence] = elements(value)?.try_into().ok()?;
    let mut scope = CrlScope::default();
    let flag = |data: &[u8]| data.first().is_some_and(|&b| b != 0);
    for field in elements(sequence.any.data)? {
        match context_tag(&field)? {
            0 => scope.point = Some(point_name_in(field.any.data)?),
            1 => scope.only_user_certs = flag(field.any.data),
            2 => scope.only_ca_certs = flag(field.any.data),
            3 => scope.only_some_reasons = Some(reason_bits_in(field.any.data)),
            4 => scope.indirect = flag(field.any.data),
            5 => scope.only_attribute_certs = flag(field.any.data),
            _ => return None,
        }
    }
    Some(scope)
}

/// The certificate's cRLDistributionPoints as CRL scope checks need them (the names in the
/// form they were written, relative or full, and the reasons as bits). Empty when it has
/// none or they do not decode.
pub fn distribution_points(cert_der: &[u8]) -> Vec<CertDistributionPoint> {
    let Ok((_, cert)) = X509Certificate::from_der(cert_der) else {
        return Vec::new();
    };
    let Some(ext) = cert
        .extensions()
        .iter()
        .find(|e| e.oid.to_id_string() == CRL_DISTRIBUTION_POINTS)
    else {
        return Vec::new();
    };
    // Walked first: x509-parser drops a nameRelativeToCRLIssuer silently.
    if let Some(points) = distribution_points_in(ext.value) {
        return points;
    }
    let ParsedExtension::CRLDistributionPoints(points) = ext.parsed_extension() else {
        return Vec::new();
    };
    points
        .iter()
        .map(|p| CertDistributionPoint {
            point: p.distribution_point.as_ref().map(point_name),
            reasons: p.reasons.as_ref().map(reason_bits),
            crl_issuer: p
                .crl_issuer
                .as_deref()
                .map(general_names)
                .unwrap_or_default(),
        })
        .collect()
}

/// The URLs of a certificate's Freshest CRL extension (RFC 5280 §4.2.1.15): where its
/// issuer publishes delta CRLs. Empty when it has none or it does not decode.
pub fn freshest_crl_urls(cert_der: &[u8]) -> Vec<String> {
    let Ok((_, cert)) = X509Certificate::from_der(cert_der) else {
        return Vec::new();
    };
    let Some(ext) = cert
        .extensions()
        .iter()
        .find(|e| e.oid.to_id_string() == FRESHEST_CRL)
    else {
        return Vec::new();
    };
    distribution_points_in(ext.value)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|point| match point.point {
            Some(PointName::Full(names)) => Some(names),
            _ => None,
        })
        .flatten()
        .filter_map(|name| match name {
            crate::model::GeneralName::Uri(uri) => Some(uri),
            _ => None,
        })
        .collect()
}

/// certificateIssuer's GeneralNames, `None` when they do not decode.
fn certificate_issuer(value: &[u8]) -> Option<Vec<crate::model::GeneralName>> {
    // GeneralNames has the syntax of subjectAltName's value.
    let (rest, names) = SubjectAlternativeName::from_der(value).ok()?;
    rest.is_empty()
        .then(|| general_names(&names.general_names as &[X509GeneralName<'_>]))
}

/// The CRL reason code (RFC 5280 §5.3.1) in its ASN.1 spelling, as openssl prints it.
pub fn reason_name(code: u8) -> String {
    match code {
        0 => "unspecified",
        1 => "keyCompromise",
        2 => "cACompromise",
        3 => "affiliationChanged",
        4 => "superseded",
        5 => "cessationOfOperation",
        6 => "certificateHold",
        8 => "removeFromCRL",
        9 => "privilegeWithdrawn",
        10 => "aACompromise",
        other => return format!("reason {other}"),
    }
    .to_string()
}

/// The DER of a CRL given as PEM (`X509 CRL`) or DER.
fn crl_der(bytes: &[u8]) -> Result<Vec<u8>, DecodeError> {
    if bytes.first() == Some(&0x30) {
        return Ok(bytes.to_vec());
    }
    let invalid = |detail: String| DecodeError::Invalid {
        what: "CRL",
        detail,
    };
    let blocks = pem::parse_many(bytes).map_err(|e| invalid(format!("not PEM or DER: {e}")))?;
    blocks
        .into_iter()
        .find(|b| b.tag() == "X509 CRL")
        .map(|b| b.into_contents())
        .ok_or_else(|| invalid("no \"X509 CRL\" PEM block and not DER".to_string()))
}

/// Decodes one CRL, PEM or DER. `origin` (a file or URL) names it in every later message.
pub fn decode_crl(bytes: &[u8], origin: &str) -> Result<CrlInfo, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Invalid {
            what: "CRL",
            detail: "the input is empty".to_string(),
        });
    }
    let der_bytes = crl_der(bytes)?;
    let (rest, crl) =
        CertificateRevocationList::from_der(&der_bytes).map_err(|e| DecodeError::Invalid {
            what: "CRL",
            detail: e.to_string(),
        })?;
    if !rest.is_empty() {
        return Err(DecodeError::TrailingData { bytes: rest.len() });
    }
    let tbs = &crl.tbs_cert_list;
    let oid = crl.signature_algorithm.algorithm.to_id_string();
    let mut info = CrlInfo {
        origin: origin.to_string(),
        issuer: name::decode_name(&tbs.issuer),
        signature_algorithm: AlgorithmId {
            name: oids::algorithm_name_or_oid(&oid),
            oid,
            params_der: crl.signature_algorithm.parameters.as_ref().map(der::encode),
        },
        tbs_der: tbs.as_ref().to_vec(),
        signature: crl.signature_value.data.to_vec(),
        this_update: tbs.this_update.to_datetime(),
        next_update: tbs.next_update.map(|t| t.to_datetime()),
        crl_number: None,
        crl_number_critical: false,
        authority_key_id: None,
        distribution_point: None,
        delta_base: None,
        freshest: false,
        unknown_critical: Vec::new(),
        revoked: Vec::new(),
    };
    for ext in tbs.extensions() {
        let oid = ext.oid.to_id_string();
        match (oid.as_str(), ext.parsed_extension()) {
            (CRL_NUMBER, ParsedExtension::CRLNumber(n)) => {
                info.crl_number = Some(hex::encode(n.to_bytes_be()));
                info.crl_number_critical = ext.critical;
            }
            (AUTHORITY_KEY_IDENTIFIER, ParsedExtension::AuthorityKeyIdentifier(aki)) => {
                info.authority_key_id = aki.key_identifier.as_ref().map(|k| k.0.to_vec());
            }
            (ISSUING_DISTRIBUTION_POINT, _)
                if let Some(scope) = issuing_distribution_point_in(ext.value) =>
            {
                // Walked first: x509-parser drops a nameRelativeToCRLIssuer silently.
                info.distribution_point = Some(scope);
            }
            (ISSUING_DISTRIBUTION_POINT, ParsedExtension::IssuingDistributionPoint(idp)) => {
                info.distribution_point = Some(CrlScope {
                    point: idp.distribution_point.as_ref().map(point_name),
                    only_user_certs: idp.only_contains_user_certs,
                    only_ca_certs: idp.only_contains_ca_certs,
                    only_attribute_certs: idp.only_contains_attribute_certs,
                    only_some_reasons: idp.only_some_reasons.as_ref().map(reason_bits),
                    indirect: idp.indirect_crl,
                });
            }
            (ISSUING_DISTRIBUTION_POINT, _) => match issuing_distribution_point_in(ext.value) {
                Some(scope) => info.distribution_point = Some(scope),
                None => info.unknown_critical.push(oid),
            },
            (DELTA_CRL_INDICATOR, _) => match integer_hex(ext.value) {
                Some(base) => info.delta_base = Some(base),
                // A delta whose base cannot be read cannot be used, and is no complete CRL.
                None => info.unknown_critical.push(oid),
            },
            (FRESHEST_CRL, _) => info.freshest = true,
            _ if ext.critical => info.unknown_critical.push(oid),
            _ => {}
        }
    }
    // certificateIssuer carries over to the entries after it (RFC 5280 §5.3.3).
    let mut entry_issuer: Option<Vec<crate::model::GeneralName>> = None;
    for entry in &tbs.revoked_certificates {
        for ext in entry.extensions() {
            let oid = ext.oid.to_id_string();
            if oid == CERTIFICATE_ISSUER {
                match certificate_issuer(ext.value) {
                    Some(names) => entry_issuer = Some(names),
                    None => info.unknown_critical.push(oid),
                }
            } else if ext.critical && oid != REASON_CODE && oid != INVALIDITY_DATE {
                info.unknown_critical.push(oid);
            }
        }
        let code = entry.reason_code().map(|(_, code)| code.0);
        info.revoked.push(RevokedEntry {
            serial_bytes: entry.raw_serial().to_vec(),
            revoked_at: entry.revocation_date.to_datetime(),
            reason: code.map(reason_name),
            reason_code: code,
            certificate_issuer: entry_issuer.clone(),
        });
    }
    info.unknown_critical.dedup();
    Ok(info)
}

#[cfg(test)]
mod tests {
    // Tests may unwrap and index: a failure is a panic by design.
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use std::cmp::Ordering;

    use super::*;

    /// CN=CRL1 as one AttributeTypeAndValue.
    const CN_CRL1: [u8; 13] = [
        0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x04, b'C', b'R', b'L', b'1',
    ];

    /// distributionPoint [0] { nameRelativeToCRLIssuer [1] { CN=CRL1 } }.
    fn relative_point() -> Vec<u8> {
        [&[0xa0, 0x0f, 0xa1, 0x0d][..], &CN_CRL1].concat()
    }

    #[test]
    fn a_relative_idp_name_reasons_and_indirect_are_read() {
        // reasons {keyCompromise} (bit 1), indirectCRL TRUE.
        let body = [
            &relative_point()[..],
            &[0x83, 0x02, 0x06, 0x40, 0x84, 0x01, 0xff],
        ]
        .concat();
        let idp = [&[0x30, body.len() as u8][..], &body].concat();
        let scope = issuing_distribution_point_in(&idp).unwrap();
        let Some(PointName::Relative(rdn)) = &scope.point else {
            panic!("{scope:?}");
        };
        assert_eq!(rdn[0].value, "CRL1");
        assert_eq!(scope.only_some_reasons, Some(1 << 1));
        assert!(scope.indirect);
        assert!(!scope.only_user_certs && !scope.only_ca_certs && !scope.only_attribute_certs);
    }

    #[test]
    fn a_certificates_relative_distribution_point_is_read() {
        let point = [&relative_point()[..], &[0x81, 0x02, 0x01, 0x06]].concat();
        let one = [&[0x30, point.len() as u8][..], &point].concat();
        let list = [&[0x30, one.len() as u8][..], &one].concat();
        let points = distribution_points_in(&list).unwrap();
        assert_eq!(points.len(), 1);
        assert!(matches!(points[0].point, Some(PointName::Relative(_))));
        // 0x06 with one unused bit: bits 5 and 6 (cessationOfOperation, certificateHold).
        assert_eq!(points[0].reasons, Some(1 << 5 | 1 << 6));
        assert!(points[0].crl_issuer.is_empty());
        // Garbage is no distribution point, never a panic.
        assert!(distribution_points_in(&[0x30, 0x03, 0xa0, 0x01]).is_none());
    }

    #[test]
    fn crl_numbers_compare_as_integers() {
        assert_eq!(integer_hex(&[0x02, 0x01, 0x00]).as_deref(), Some("00"));
        assert_eq!(
            integer_hex(&[0x02, 0x02, 0x00, 0xff]).as_deref(),
            Some("ff")
        );
        assert_eq!(integer_hex(&[0x04, 0x01, 0x00]), None);
        assert_eq!(crl_number_cmp("ff", "0100"), Ordering::Less);
        assert_eq!(crl_number_cmp("00ff", "ff"), Ordering::Equal);
        assert_eq!(crl_number_cmp("0a", "09"), Ordering::Greater);
    }
}
