//! PKCS#7 / CMS SignedData (RFC 5652) "certs-only" bundles, as in `.p7b` and `.p7c` files.
//!
//! Only the `certificates` and `crls` fields are needed, so the structure is walked with the
//! small DER reader instead of a full CMS library: that keeps certificates that a stricter
//! CMS parser would reject reachable, so chainlens can report on them. The signature (if any)
//! is never checked: a bundle is a container, not a claim.

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

/// What a PKCS#7 SignedData carries: DER certificates and DER CRLs, each in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Contents {
    /// The X.509 certificates of `certificates [0]`.
    pub certificates: Vec<Vec<u8>>,
    /// The X.509 CRLs of `crls [1]` (`openssl crl2pkcs7` puts them there).
    pub crls: Vec<Vec<u8>>,
}

/// The load note for the CRLs a bundle carries: they are revocation evidence, as a `--crl`
/// file is, so the user should know they came with it.
pub(super) fn crl_notes(crls: &[Vec<u8>]) -> Vec<String> {
    match crls.len() {
        0 => Vec::new(),
        1 => vec!["the PKCS#7 bundle also carries 1 CRL, used as revocation evidence".to_string()],
        n => vec![format!(
            "the PKCS#7 bundle also carries {n} CRLs, used as revocation evidence"
        )],
    }
}

/// The DER certificates and CRLs of a PKCS#7 SignedData, in order.
pub(super) fn contents(input: &[u8]) -> Result<Contents, IngestError> {
    // ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT SignedData }
    let (content_info, _) = read_tlv(input, 0)?;
    let (_oid, rest) = read_tlv(content_info.content, content_info.offset + 2)?;
    let (explicit, _) = read_tlv(rest, 0)?;
    if explicit.tag != 0xa0 {
        return Err(err("ContentInfo has no [0] content"));
    }
    // SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE,
    //     certificates [0] IMPLICIT SET OF CertificateChoices OPTIONAL,
    //     crls [1] IMPLICIT SET OF RevocationInfoChoice OPTIONAL, signerInfos SET }
    let (signed_data, _) = read_tlv(explicit.content, 0)?;
    if signed_data.tag != 0x30 {
        return Err(err("SignedData is not a SEQUENCE"));
    }
    let mut rest = signed_data.content;
    for field in ["version", "digestAlgorithms", "encapContentInfo"] {
        let (_, after) = read_tlv(rest, 0).map_err(|e| err(format!("SignedData.{field}: {e}")))?;
        rest = after;
    }
    let mut found = Contents::default();
    while let Ok((set, after)) = read_tlv(rest, 0) {
        match set.tag {
            0xa0 => {
                let mut items = set.content;
                while !items.is_empty() {
                    let (item, next) = read_tlv(items, 0)?;
                    // Other CertificateChoices (attribute certificates, [1] … [3]) are not X.509.
                    if item.tag == 0x30 {
                        found.certificates.push(item.whole.to_vec());
                    }
                    items = next;
                }
            }
            0xa1 => {
                // A damaged CRL set loses only the CRLs after the damage, never the
                // certificates: they are what the bundle is read for.
                let mut items = set.content;
                while let Ok((item, next)) = read_tlv(items, 0) {
                    // `other` RevocationInfoChoices ([1]: OCSP responses …) are not CRLs.
                    if item.tag == 0x30 {
                        found.crls.push(item.whole.to_vec());
                    }
                    items = next;
                }
            }
            // signerInfos (a SET) ends the optional fields.
            _ => break,
        }
        rest = after;
    }
    if found.certificates.is_empty() {
        return Err(err("the bundle holds no certificates"));
    }
    Ok(found)
}
