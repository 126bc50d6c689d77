//! CRLs (RFC 5280 §5), PEM or DER, decoded with x509-parser into [`CrlInfo`].

use x509_parser::extensions::{DistributionPointName, GeneralName, ParsedExtension};
use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

use super::{DecodeError, der, name, oids};
use crate::model::oids::{
    AUTHORITY_KEY_IDENTIFIER, CRL_NUMBER, INVALIDITY_DATE, ISSUING_DISTRIBUTION_POINT, REASON_CODE,
};
use crate::model::{AlgorithmId, CrlInfo, CrlScope, RevokedEntry};

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
            (ISSUING_DISTRIBUTION_POINT, ParsedExtension::IssuingDistributionPoint(idp)) => {
                let full_names = match &idp.distribution_point {
                    Some(DistributionPointName::FullName(names)) => names
                        .iter()
                        .filter_map(|n| match n {
                            GeneralName::URI(uri) => Some((*uri).to_string()),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                info.distribution_point = Some(CrlScope {
                    full_names,
                    only_user_certs: idp.only_contains_user_certs,
                    only_ca_certs: idp.only_contains_ca_certs,
                    partial: idp.only_some_reasons.is_some()
                        || idp.indirect_crl
                        || idp.only_contains_attribute_certs,
                });
            }
            _ if ext.critical => info.unknown_critical.push(oid),
            _ => {}
        }
    }
    for entry in &tbs.revoked_certificates {
        for ext in entry.extensions() {
            let oid = ext.oid.to_id_string();
            if ext.critical && oid != REASON_CODE && oid != INVALIDITY_DATE {
                info.unknown_critical.push(oid);
            }
        }
        info.revoked.push(RevokedEntry {
            serial_bytes: entry.raw_serial().to_vec(),
            revoked_at: entry.revocation_date.to_datetime(),
            reason: entry.reason_code().map(|(_, code)| reason_name(code.0)),
        });
    }
    info.unknown_critical.dedup();
    Ok(info)
}
