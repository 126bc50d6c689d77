//! OCSP (RFC 6960): the request chainlens sends and the responses it reads, with RustCrypto's
//! `x509-ocsp` types; nothing here is encoded by hand.

use der::asn1::{Null, OctetString};
use der::{Decode, Encode};
use sha1::{Digest, Sha1};
use spki::AlgorithmIdentifierOwned;
use time::OffsetDateTime;
use x509_cert::serial_number::SerialNumber;
use x509_ocsp::{
    BasicOcspResponse, CertId, CertStatus, OcspGeneralizedTime, OcspRequest, OcspResponse,
    OcspResponseStatus, Request, TbsRequest, Version,
};

use super::{DecodeError, decode_certificate, decode_name, der as raw, oids};
use crate::model::{AlgorithmId, Certificate, OcspCertStatus, OcspInfo, OcspSingle, ResponderId};

/// SHA-1, the CertID hash every responder understands (RFC 5019 §2.1.1).
const SHA1_OID: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap(crate::model::oids::HASH_SHA1);
/// id-pkix-ocsp-basic.
const BASIC_OID: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap(crate::model::oids::OCSP_BASIC);

fn invalid(detail: impl Into<String>) -> DecodeError {
    DecodeError::Invalid {
        what: "OCSP response",
        detail: detail.into(),
    }
}

/// The SHA-1 hashes of a CertID: over the issuer's DER name and its public key bits.
pub fn cert_id_hashes(issuer_name_der: &[u8], issuer_key_bits: &[u8]) -> (Vec<u8>, Vec<u8>) {
    (
        Sha1::digest(issuer_name_der).to_vec(),
        Sha1::digest(issuer_key_bits).to_vec(),
    )
}

/// The DER OCSP request for `child`, whose issuer has the key bits `issuer_key_bits`.
pub fn ocsp_request(child: &Certificate, issuer_key_bits: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let (name_hash, key_hash) = cert_id_hashes(&child.issuer.der, issuer_key_bits);
    let encode_error = |e: der::Error| DecodeError::Invalid {
        what: "OCSP request",
        detail: e.to_string(),
    };
    let null = der::Any::encode_from(&Null).map_err(encode_error)?;
    let cert_id = CertId {
        hash_algorithm: AlgorithmIdentifierOwned {
            oid: SHA1_OID,
            parameters: Some(null),
        },
        issuer_name_hash: OctetString::new(name_hash).map_err(encode_error)?,
        issuer_key_hash: OctetString::new(key_hash).map_err(encode_error)?,
        serial_number: SerialNumber::new(&child.serial_bytes).map_err(encode_error)?,
    };
    let request = OcspRequest {
        tbs_request: TbsRequest {
            version: Version::V1,
            requestor_name: None,
            request_list: vec![Request {
                req_cert: cert_id,
                single_request_extensions: None,
            }],
            request_extensions: None,
        },
        optional_signature: None,
    };
    request.to_der().map_err(encode_error)
}

fn time_of(t: &OcspGeneralizedTime) -> OffsetDateTime {
    let secs = i64::try_from(t.0.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn algorithm(alg: &AlgorithmIdentifierOwned) -> AlgorithmId {
    let oid = alg.oid.to_string();
    AlgorithmId {
        name: oids::algorithm_name_or_oid(&oid),
        oid,
        params_der: alg.parameters.as_ref().and_then(|p| p.to_der().ok()),
    }
}

/// The exact bytes of the first element inside a SEQUENCE (tbsResponseData as sent), so the
/// signature is checked over what the responder signed, not a re-encoding.
fn first_inner_element(sequence: &[u8]) -> Option<Vec<u8>> {
    let outer = raw::split_element(sequence)?;
    let inner = raw::split_element(outer.any.data)?;
    Some(inner.raw.to_vec())
}

/// Serial numbers compared as the signed integers their DER INTEGER content octets encode
/// (two's complement): `00 ff` is 255 and `ff` is −1, which differ (PKITS 4.4.14). Redundant
/// leading octets (a non-minimal encoding) are ignored.
pub fn same_serial(a: &[u8], b: &[u8]) -> bool {
    minimal_integer(a) == minimal_integer(b)
}

/// The shortest two's-complement form of an INTEGER's content octets (`[0]` for empty).
fn minimal_integer(mut bytes: &[u8]) -> &[u8] {
    while let [first, tail @ ..] = bytes
        && let Some(&second) = tail.first()
        && ((*first == 0x00 && second < 0x80) || (*first == 0xff && second >= 0x80))
    {
        bytes = tail;
    }
    if bytes.is_empty() { &[0] } else { bytes }
}

/// Decodes a DER OCSP response. Only a successful basic response decodes; any other
/// responseStatus is an error that names it.
pub fn decode_ocsp_response(bytes: &[u8]) -> Result<OcspInfo, DecodeError> {
    if bytes.is_empty() {
        return Err(invalid("the response is empty"));
    }
    let response = OcspResponse::from_der(bytes).map_err(|e| invalid(e.to_string()))?;
    let status = match response.response_status {
        OcspResponseStatus::Successful => None,
        OcspResponseStatus::MalformedRequest => Some("malformedRequest"),
        OcspResponseStatus::InternalError => Some("internalError"),
        OcspResponseStatus::TryLater => Some("tryLater"),
        OcspResponseStatus::SigRequired => Some("sigRequired"),
        OcspResponseStatus::Unauthorized => Some("unauthorized"),
    };
    if let Some(status) = status {
        return Err(invalid(format!("the responder answered {status}")));
    }
    let Some(response_bytes) = response.response_bytes else {
        return Err(invalid("a successful response without responseBytes"));
    };
    if response_bytes.response_type != BASIC_OID {
        return Err(invalid(format!(
            "response type {} is not id-pkix-ocsp-basic",
            response_bytes.response_type
        )));
    }
    let basic_der = response_bytes.response.as_bytes();
    let basic = BasicOcspResponse::from_der(basic_der).map_err(|e| invalid(e.to_string()))?;
    let tbs_der = first_inner_element(basic_der)
        .ok_or_else(|| invalid("tbsResponseData cannot be delimited"))?;
    let data = &basic.tbs_response_data;
    let responder = match &data.responder_id {
        x509_ocsp::ResponderId::ByName(name) => {
            let der = name.to_der().map_err(|e| invalid(e.to_string()))?;
            ResponderId::Name(decode_name(&der)?)
        }
        x509_ocsp::ResponderId::ByKey(hash) => ResponderId::KeyHash(hash.as_bytes().to_vec()),
    };
    let mut certificates = Vec::new();
    for cert in basic.certs.iter().flatten() {
        let der = cert.to_der().map_err(|e| invalid(e.to_string()))?;
        certificates.push(decode_certificate(&der)?);
    }
    let responses = data
        .responses
        .iter()
        .map(|single| OcspSingle {
            hash_oid: single.cert_id.hash_algorithm.oid.to_string(),
            issuer_name_hash: single.cert_id.issuer_name_hash.as_bytes().to_vec(),
            issuer_key_hash: single.cert_id.issuer_key_hash.as_bytes().to_vec(),
            serial_bytes: single.cert_id.serial_number.as_bytes().to_vec(),
            status: match &single.cert_status {
                CertStatus::Good(_) => OcspCertStatus::Good,
                CertStatus::Revoked(info) => OcspCertStatus::Revoked {
                    at: time_of(&info.revocation_time),
                    reason: info
                        .revocation_reason
                        .map(|r| super::crl::reason_name(u8::try_from(r as u32).unwrap_or(255))),
                },
                CertStatus::Unknown(_) => OcspCertStatus::Unknown,
            },
            this_update: time_of(&single.this_update),
            next_update: single.next_update.as_ref().map(time_of),
        })
        .collect();
    Ok(OcspInfo {
        tbs_der,
        signature_algorithm: algorithm(&basic.signature_algorithm),
        signature: basic.signature.raw_bytes().to_vec(),
        responder,
        produced_at: time_of(&data.produced_at),
        certificates,
        responses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_empty_are_errors() {
        assert!(decode_ocsp_response(b"").is_err());
        assert!(decode_ocsp_response(b"<html>not found</html>").is_err());
        assert!(decode_ocsp_response(&[0x30, 0x03, 0x0a, 0x01, 0x06]).is_err());
    }

    #[test]
    fn serials_compare_as_signed_integers() {
        // DER INTEGERs are two's complement: 00 81 is 129 and 81 is −127 (RFC 5280 §4.1.2.2,
        // PKITS 4.4.14), so they are different serials.
        assert!(!same_serial(&[0, 0x81], &[0x81]));
        assert!(same_serial(&[0, 0x81], &[0, 0x81]));
        assert!(!same_serial(&[1, 2], &[1, 3]));
        // 255 is not −1 (PKITS 4.4.14).
        assert!(!same_serial(&[0x00, 0xff], &[0xff]));
        assert!(same_serial(&[0xff], &[0xff]));
        // Redundant leading octets do not change the value.
        assert!(same_serial(&[0x00, 0x7f], &[0x7f]));
        assert!(same_serial(&[0xff, 0x80], &[0x80]));
        assert!(same_serial(&[], &[0x00]));
        assert!(!same_serial(&[0x01, 0x00], &[0x00]));
    }
}
