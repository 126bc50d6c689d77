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

/// The load note for the CRLs a bundle carries: they can decide revocation (the command line
/// uses them as it uses `--crl` files), so the user should know they came with it.
pub(super) fn crl_notes(crls: &[Vec<u8>]) -> Vec<String> {
    match crls.len() {
        0 => Vec::new(),
        1 => vec!["the PKCS#7 bundle also carries 1 CRL".to_string()],
        n => vec![format!("the PKCS#7 bundle also carries {n} CRLs")],
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

#[cfg(test)]
mod tests {
    use super::*;

    /// One DER element (short or one-byte long form is enough here).
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        if content.len() < 0x80 {
            out.push(content.len() as u8);
        } else {
            out.extend([0x81, content.len() as u8]);
        }
        out.extend_from_slice(content);
        out
    }

    /// A SignedData ContentInfo whose optional fields are `fields`, then an empty signerInfos.
    fn signed_data(fields: &[Vec<u8>]) -> Vec<u8> {
        let signed_data_oid = oid_registry::OID_PKCS7_ID_SIGNED_DATA;
        let mut body = tlv(0x02, &[1]);
        body.extend(tlv(0x31, &[]));
        body.extend(tlv(
            0x30,
            &tlv(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 7, 1]),
        ));
        for field in fields {
            body.extend_from_slice(field);
        }
        body.extend(tlv(0x31, &[]));
        let mut info = tlv(0x06, signed_data_oid.as_bytes());
        info.extend(tlv(0xa0, &tlv(0x30, &body)));
        tlv(0x30, &info)
    }

    #[test]
    fn certificates_and_crls_are_both_kept_in_order() {
        let cert = |n: u8| tlv(0x30, &[0x02, 0x01, n]);
        let certs = [cert(1), cert(2), tlv(0xa1, &[])].concat();
        // A CRL, an `other` RevocationInfoChoice (skipped), another CRL.
        let crls = [cert(7), tlv(0xa1, &[0x06, 0x00]), cert(8)].concat();
        let input = signed_data(&[tlv(0xa0, &certs), tlv(0xa1, &crls)]);
        assert!(is_pkcs7(&input));
        let found = contents(&input).unwrap();
        assert_eq!(found.certificates, vec![cert(1), cert(2)]);
        assert_eq!(found.crls, vec![cert(7), cert(8)]);
        assert_eq!(
            crl_notes(&found.crls),
            ["the PKCS#7 bundle also carries 2 CRLs"]
        );
        assert!(crl_notes(&[]).is_empty());
    }

    #[test]
    fn a_damaged_crl_set_keeps_the_certificates() {
        let cert = tlv(0x30, &[0x02, 0x01, 1]);
        // The second CRL claims more bytes than there are.
        let crls = [tlv(0x30, &[0x05, 0x00]), vec![0x30, 0x7f, 0x00]].concat();
        let input = signed_data(&[tlv(0xa0, &cert), tlv(0xa1, &crls)]);
        let found = contents(&input).unwrap();
        assert_eq!(found.certificates, vec![cert]);
        assert_eq!(found.crls, vec![tlv(0x30, &[0x05, 0x00])]);
    }

    #[test]
    fn crls_without_certificates_are_still_an_error() {
        let input = signed_data(&[tlv(0xa1, &tlv(0x30, &[0x05, 0x00]))]);
        assert!(contents(&input).is_err());
    }
}
