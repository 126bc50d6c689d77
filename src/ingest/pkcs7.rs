//! PKCS#7 / CMS SignedData (RFC 5652) "certs-only" bundles, as in `.p7b` and `.p7c` files.
//!
//! Only the `certificates` field is needed, so the structure is walked with the small DER
//! reader instead of a full CMS library: that keeps certificates that a stricter CMS parser
//! would reject reachable, so chainlens can report on them.

use super::IngestError;
use super::tlv::read_tlv;

/// Whether `input` starts like a PKCS#7 ContentInfo of type signedData.
pub(super) fn is_pkcs7(input: &[u8]) -> bool {
    let Ok((outer, _)) = read_tlv(input, 0) else {
        return false;
    };
    let Ok((content_type, _)) = read_tlv(outer.content, outer.offset) else {
        return false;
    };
    outer.tag == 0x30
        && content_type.tag == 0x06
        && content_type.content == oid_registry::OID_PKCS7_ID_SIGNED_DATA.as_bytes()
}

fn err(detail: impl Into<String>) -> IngestError {
    IngestError::Pkcs7 {
        detail: detail.into(),
    }
}

/// The DER certificates of a PKCS#7 SignedData, in order.
pub(super) fn certificates(input: &[u8]) -> Result<Vec<Vec<u8>>, IngestError> {
    // ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT SignedData }
    let (content_info, _) = read_tlv(input, 0)?;
    let (_oid, rest) = read_tlv(content_info.content, content_info.offset + 2)?;
    let (explicit, _) = read_tlv(rest, 0)?;
    if explicit.tag != 0xa0 {
        return Err(err("ContentInfo has no [0] content"));
    }
    // SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE,
    //                           certificates [0] IMPLICIT SET OF CertificateChoices OPTIONAL, … }
    let (signed_data, _) = read_tlv(explicit.content, 0)?;
    if signed_data.tag != 0x30 {
        return Err(err("SignedData is not a SEQUENCE"));
    }
    let mut rest = signed_data.content;
    for field in ["version", "digestAlgorithms", "encapContentInfo"] {
        let (_, after) = read_tlv(rest, 0).map_err(|e| err(format!("SignedData.{field}: {e}")))?;
        rest = after;
    }
    let mut certificates = Vec::new();
    if let Ok((set, _)) = read_tlv(rest, 0) {
        if set.tag == 0xa0 {
            let mut items = set.content;
            while !items.is_empty() {
                let (item, after) = read_tlv(items, 0)?;
                // Other CertificateChoices (attribute certificates, [1] … [3]) are not X.509.
                if item.tag == 0x30 {
                    certificates.push(item.whole.to_vec());
                }
                items = after;
            }
        }
    }
    if certificates.is_empty() {
        return Err(err("the bundle holds no certificates"));
    }
    Ok(certificates)
}
