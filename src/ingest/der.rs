//! DER input → certificates: one PKCS#7 bundle, or certificates back to back.

use super::tlv::read_tlv;
use super::{Format, IngestError, Ingested, pkcs7};

/// Splits DER input into certificates: one PKCS#7 bundle, or certificates back to back.
pub(super) fn parse_der(input: &[u8]) -> Result<Ingested, IngestError> {
    if pkcs7::is_pkcs7(input) {
        let contents = pkcs7::contents(input)?;
        return Ok(Ingested {
            format: Format::Pkcs7Der,
            certificates: contents.certificates,
            notes: pkcs7::crl_notes(&contents.crls),
            crls: contents.crls,
            holds_private_key: false,
        });
    }
    let mut certificates = Vec::new();
    let mut rest = input;
    let mut offset = 0;
    while !rest.is_empty() {
        if rest.iter().all(|b| *b == 0 || b.is_ascii_whitespace()) {
            break;
        }
        let (tlv, after) = read_tlv(rest, offset)?;
        if tlv.tag != 0x30 {
            return Err(IngestError::MalformedDer {
                offset,
                detail: format!(
                    "expected a certificate (SEQUENCE), found tag 0x{:02x}",
                    tlv.tag
                ),
            });
        }
        certificates.push(tlv.whole.to_vec());
        offset += tlv.whole.len();
        rest = after;
    }
    Ok(Ingested {
        format: Format::Der,
        certificates,
        notes: Vec::new(),
        crls: Vec::new(),
        holds_private_key: false,
    })
}
