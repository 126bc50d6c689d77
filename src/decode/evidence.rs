//! Revocation evidence bytes → typed evidence, once: a CRL or an OCSP response is decoded
//! when it is read or downloaded, never again per verification.

use super::crl::decode_crl;
use super::ocsp::decode_ocsp_response;
use crate::model::{DecodedEvidence, DecodedOcsp, Evidence, EvidenceProblem, Rejection};

/// Decodes a CRL (PEM or DER) into `evidence`: a CRL that does not decode is a problem of
/// every link, as it cannot say which certificate it was for.
pub fn add_crl(evidence: &mut DecodedEvidence, origin: &str, bytes: &[u8]) {
    match decode_crl(bytes, origin) {
        Ok(info) => evidence.crls.push(info),
        Err(error) => evidence.rejected.push(EvidenceProblem::CrlRejected {
            origin: origin.to_string(),
            why: Rejection::CrlUndecodable {
                error: error.to_string(),
            },
        }),
    }
}

/// Decodes an OCSP response fetched from `url` for the certificate `certificate_sha256`.
pub fn add_ocsp(evidence: &mut DecodedEvidence, url: &str, certificate_sha256: &str, bytes: &[u8]) {
    evidence.ocsp.push(DecodedOcsp {
        url: url.to_string(),
        certificate_sha256: certificate_sha256.to_string(),
        response: decode_ocsp_response(bytes).map_err(|e| e.to_string()),
    });
}

/// Decodes a stapled OCSP response (the server's, about its leaf) into `evidence`.
pub fn set_stapled(evidence: &mut DecodedEvidence, stapled: Option<&[u8]>) {
    evidence.stapled = stapled.map(|bytes| decode_ocsp_response(bytes).map_err(|e| e.to_string()));
}

/// Decodes every CRL and OCSP response of `evidence` and the stapled response, if any.
pub fn decode_evidence(evidence: &Evidence, stapled: Option<&[u8]>) -> DecodedEvidence {
    let mut decoded = DecodedEvidence {
        requested: evidence.requested,
        strict: evidence.strict,
        failures: evidence.failures.clone(),
        aia_issuers: evidence.aia_issuers.clone(),
        ..DecodedEvidence::default()
    };
    for crl in &evidence.crls {
        add_crl(&mut decoded, &crl.origin, &crl.bytes);
    }
    for answer in &evidence.ocsp {
        add_ocsp(
            &mut decoded,
            &answer.url,
            &answer.certificate_sha256,
            &answer.bytes,
        );
    }
    set_stapled(&mut decoded, stapled);
    decoded
}
