//! SCTs on the wire (RFC 6962 §3.2, §3.3) and the data a log signs for each.
//!
//! A `SignedCertificateTimestampList` is TLS-encoded: a 2-byte length, then each SCT as a
//! 2-byte length and its bytes. An SCT signs `version ‖ signature_type ‖ timestamp ‖
//! entry_type ‖ signed_entry ‖ extensions`, where the entry is the whole certificate
//! (`x509_entry`, for SCTs sent in the TLS extension or a stapled OCSP response) or, for SCTs
//! embedded in the certificate, the precertificate (`precert_entry`): the issuer's key hash
//! and the TBSCertificate without the SCT list.

use ::der::{Decode as _, Encode as _};
use sha2::{Digest as _, Sha256};
use x509_parser::prelude::{FromDer as _, X509Certificate};

/// The SCT list extension of a certificate (RFC 6962 §3.3).
pub const OID_SCT_LIST: &str = "1.3.6.1.4.1.11129.2.4.2";
/// The poison extension that makes a precertificate unusable (RFC 6962 §3.1).
pub const OID_POISON: &str = "1.3.6.1.4.1.11129.2.4.3";
/// The EKU of a Precertificate Signing Certificate (RFC 6962 §3.1).
pub const OID_PRECERT_SIGNING: &str = "1.3.6.1.4.1.11129.2.4.4";
/// The SCT list extension of an OCSP single response (RFC 6962 §3.3).
pub const OID_OCSP_SCT_LIST: &str = "1.3.6.1.4.1.11129.2.4.5";
/// The authority key identifier extension.
const OID_AKI: &str = "2.5.29.35";

/// One SCT as the log sent it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sct {
    /// `Version` (0 for v1).
    pub version: u8,
    /// The log's ID: SHA-256 of its key.
    pub log_id: [u8; 32],
    /// Milliseconds since the epoch.
    pub timestamp_ms: u64,
    /// `CtExtensions` (empty in v1 as deployed).
    pub extensions: Vec<u8>,
    /// TLS HashAlgorithm (4 = sha256).
    pub hash_algorithm: u8,
    /// TLS SignatureAlgorithm (1 = rsa, 3 = ecdsa).
    pub signature_algorithm: u8,
    /// The signature bytes.
    pub signature: Vec<u8>,
}

/// Why an SCT list (or one of its SCTs) does not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SctParseError {
    /// The list or an SCT is cut short or has bytes left over.
    #[error("malformed SCT list: {detail}")]
    Malformed {
        /// Where.
        detail: &'static str,
    },
}

/// A cursor over TLS-encoded bytes.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], SctParseError> {
        let (head, rest) = self
            .0
            .split_at_checked(n)
            .ok_or(SctParseError::Malformed { detail: what })?;
        self.0 = rest;
        Ok(head)
    }

    fn uint(&mut self, n: usize, what: &'static str) -> Result<u64, SctParseError> {
        Ok(self
            .take(n, what)?
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    fn vector(&mut self, len_bytes: usize, what: &'static str) -> Result<&'a [u8], SctParseError> {
        let len = usize::try_from(self.uint(len_bytes, what)?)
            .map_err(|_| SctParseError::Malformed { detail: what })?;
        self.take(len, what)
    }
}

/// Parses a `SignedCertificateTimestampList`. An SCT of a version other than v1 is kept with
/// its log ID and timestamp unread beyond what v1 defines, so it can be reported as such.
pub fn parse_list(bytes: &[u8]) -> Result<Vec<Sct>, SctParseError> {
    let mut outer = Reader(bytes);
    let list = outer.vector(2, "list length")?;
    if !outer.0.is_empty() {
        return Err(SctParseError::Malformed {
            detail: "bytes after the list",
        });
    }
    let mut items = Reader(list);
    let mut scts = Vec::new();
    while !items.0.is_empty() {
        let raw = items.vector(2, "SCT length")?;
        scts.push(parse_sct(raw)?);
    }
    Ok(scts)
}

/// Parses one `SerializedSCT`.
pub fn parse_sct(raw: &[u8]) -> Result<Sct, SctParseError> {
    let mut r = Reader(raw);
    let version = r.take(1, "SCT version")?.first().copied().unwrap_or(0);
    let log_id: [u8; 32] = r
        .take(32, "log ID")?
        .try_into()
        .map_err(|_| SctParseError::Malformed { detail: "log ID" })?;
    let timestamp_ms = r.uint(8, "timestamp")?;
    if version != 0 {
        // Later versions (RFC 9162's v2 is not an SCT of this form) are reported, not read.
        return Ok(Sct {
            version,
            log_id,
            timestamp_ms,
            extensions: Vec::new(),
            hash_algorithm: 0,
            signature_algorithm: 0,
            signature: Vec::new(),
        });
    }
    let extensions = r.vector(2, "extensions")?.to_vec();
    let hash_algorithm = r.uint(1, "hash algorithm")? as u8;
    let signature_algorithm = r.uint(1, "signature algorithm")? as u8;
    let signature = r.vector(2, "signature")?.to_vec();
    if !r.0.is_empty() {
        return Err(SctParseError::Malformed {
            detail: "bytes after the signature",
        });
    }
    Ok(Sct {
        version,
        log_id,
        timestamp_ms,
        extensions,
        hash_algorithm,
        signature_algorithm,
        signature,
    })
}

/// What an SCT signs besides its own fields: the log entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignedEntry {
    /// `x509_entry`: the whole certificate, DER.
    X509(Vec<u8>),
    /// `precert_entry`: the final issuer's key hash and the TBSCertificate as logged.
    Precert {
        /// SHA-256 of the final issuer's SubjectPublicKeyInfo.
        issuer_key_hash: [u8; 32],
        /// The TBSCertificate without the SCT list (and poison), DER.
        tbs: Vec<u8>,
    },
}

/// The bytes an SCT's signature covers (RFC 6962 §3.2 `digitally-signed struct`).
pub fn signed_data(sct: &Sct, entry: &SignedEntry) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.push(sct.version);
    // signature_type certificate_timestamp(0)
    out.push(0);
    out.extend_from_slice(&sct.timestamp_ms.to_be_bytes());
    match entry {
        SignedEntry::X509(der) => {
            out.extend_from_slice(&[0, 0]);
            push_u24(&mut out, der);
        }
        SignedEntry::Precert {
            issuer_key_hash,
            tbs,
        } => {
            out.extend_from_slice(&[0, 1]);
            out.extend_from_slice(issuer_key_hash);
            push_u24(&mut out, tbs);
        }
    }
    let len = u16::try_from(sct.extensions.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&sct.extensions);
    out
}

fn push_u24(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = u32::try_from(bytes.len())
        .unwrap_or(u32::MAX)
        .min(0x00ff_ffff);
    out.extend_from_slice(&len.to_be_bytes()[1..]);
    out.extend_from_slice(bytes);
}

/// Why the logged entry of an embedded SCT cannot be rebuilt.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EntryError {
    /// The certificate does not decode as DER.
    #[error("the certificate does not decode: {detail}")]
    Certificate {
        /// The decoder's words.
        detail: String,
    },
    /// The issuer is a Precertificate Signing Certificate and its own issuer is not known.
    #[error("the issuer is a precertificate signing certificate and its issuer was not found")]
    FinalIssuerMissing,
}

/// The certificates the precertificate entry needs: the certificate, its issuer, and (when
/// that issuer is a Precertificate Signing Certificate) the issuer's issuer's key.
pub struct PrecertInputs<'a> {
    /// The certificate carrying the SCTs (or a precertificate), DER.
    pub certificate: &'a [u8],
    /// Its issuer's certificate, DER, when there is one (an anchor known only by its key has
    /// none, and cannot be a precertificate signer).
    pub issuer_certificate: Option<&'a [u8]>,
    /// Its issuer's SubjectPublicKeyInfo, DER.
    pub issuer_spki: &'a [u8],
    /// When the issuer is a Precertificate Signing Certificate: the SubjectPublicKeyInfo of
    /// the CA that signed it, the one that issues the final certificate.
    pub issuer_issuer_spki: Option<&'a [u8]>,
}

/// Whether a certificate carries the Precertificate Signing EKU (RFC 6962 §3.1).
pub fn is_precert_signer(der: &[u8]) -> bool {
    let Ok((_, cert)) = X509Certificate::from_der(der) else {
        return false;
    };
    cert.extended_key_usage().ok().flatten().is_some_and(|eku| {
        eku.value
            .other
            .iter()
            .any(|o| o.to_id_string() == OID_PRECERT_SIGNING)
    })
}

/// Rebuilds the `precert_entry` an embedded SCT signed (RFC 6962 §3.2): the TBSCertificate
/// without the SCT list extension (and without the poison, for a precertificate), and the
/// key hash of the CA that issues the final certificate. When the certificate's issuer is a
/// Precertificate Signing Certificate, that CA is the signer's issuer, and the logged TBS
/// names it: its issuer field and authority key identifier are the signer's own issuer and
/// authority key identifier.
pub fn precert_entry(inputs: &PrecertInputs<'_>) -> Result<SignedEntry, EntryError> {
    let cert = x509_cert::Certificate::from_der(inputs.certificate).map_err(|e| {
        EntryError::Certificate {
            detail: e.to_string(),
        }
    })?;
    let mut tbs = cert.tbs_certificate;
    if let Some(extensions) = tbs.extensions.as_mut() {
        extensions.retain(|e| {
            let oid = e.extn_id.to_string();
            oid != OID_SCT_LIST && oid != OID_POISON
        });
    }
    let signer = inputs
        .issuer_certificate
        .filter(|der| is_precert_signer(der))
        .and_then(|der| x509_cert::Certificate::from_der(der).ok());
    let final_issuer_spki = match &signer {
        Some(signer) => {
            let signer_tbs = &signer.tbs_certificate;
            tbs.issuer = signer_tbs.issuer.clone();
            let signer_aki = signer_tbs
                .extensions
                .iter()
                .flatten()
                .find(|e| e.extn_id.to_string() == OID_AKI)
                .cloned();
            if let Some(extensions) = tbs.extensions.as_mut() {
                match (
                    extensions
                        .iter_mut()
                        .find(|e| e.extn_id.to_string() == OID_AKI),
                    signer_aki,
                ) {
                    (Some(aki), Some(signer_aki)) => *aki = signer_aki,
                    (Some(_), None) => extensions.retain(|e| e.extn_id.to_string() != OID_AKI),
                    (None, _) => {}
                }
            }
            inputs
                .issuer_issuer_spki
                .ok_or(EntryError::FinalIssuerMissing)?
        }
        None => inputs.issuer_spki,
    };
    let tbs = tbs.to_der().map_err(|e| EntryError::Certificate {
        detail: e.to_string(),
    })?;
    Ok(SignedEntry::Precert {
        issuer_key_hash: Sha256::digest(final_issuer_spki).into(),
        tbs,
    })
}

/// The SCTs embedded in a certificate (the SCT list extension), or none.
pub fn embedded(der: &[u8]) -> Result<Vec<Sct>, SctParseError> {
    let Ok((_, cert)) = X509Certificate::from_der(der) else {
        return Ok(Vec::new());
    };
    let Some(ext) = cert
        .extensions()
        .iter()
        .find(|e| e.oid.to_id_string() == OID_SCT_LIST)
    else {
        return Ok(Vec::new());
    };
    parse_list(&octet_string(ext.value)?)
}

/// The SCTs a stapled OCSP response carries for the certificate with this serial (the
/// single response's SCT list extension), or none.
pub fn from_ocsp(response: &[u8], serial: &[u8]) -> Result<Vec<Sct>, SctParseError> {
    use x509_ocsp::{BasicOcspResponse, OcspResponse};
    let Ok(response) = OcspResponse::from_der(response) else {
        return Ok(Vec::new());
    };
    let Some(bytes) = response.response_bytes else {
        return Ok(Vec::new());
    };
    let Ok(basic) = BasicOcspResponse::from_der(bytes.response.as_bytes()) else {
        return Ok(Vec::new());
    };
    let mut scts = Vec::new();
    for single in &basic.tbs_response_data.responses {
        if !crate::decode::ocsp::same_serial(single.cert_id.serial_number.as_bytes(), serial) {
            continue;
        }
        for ext in single.single_extensions.iter().flatten() {
            if ext.extn_id.to_string() == OID_OCSP_SCT_LIST {
                scts.extend(parse_list(&octet_string(ext.extn_value.as_bytes())?)?);
            }
        }
    }
    Ok(scts)
}

/// The content of a DER OCTET STRING (the SCT list is wrapped in one inside the extension).
fn octet_string(der: &[u8]) -> Result<Vec<u8>, SctParseError> {
    ::der::asn1::OctetString::from_der(der)
        .map(|o| o.as_bytes().to_vec())
        .map_err(|_| SctParseError::Malformed {
            detail: "extension value is not an OCTET STRING",
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_that_are_cut_or_padded_are_malformed() {
        assert!(parse_list(&[]).is_err());
        assert!(parse_list(&[0, 2, 0]).is_err());
        assert_eq!(parse_list(&[0, 0]).unwrap(), Vec::new());
        assert!(parse_list(&[0, 0, 1]).is_err());
        // One SCT of 41 bytes: v1 cut after the timestamp.
        let mut sct = vec![0u8; 41];
        sct[0] = 0;
        let mut list = vec![0, 43, 0, 41];
        list.extend_from_slice(&sct);
        assert!(parse_list(&list).is_err());
    }

    #[test]
    fn a_later_version_is_kept_unread() {
        let mut raw = vec![1u8];
        raw.extend_from_slice(&[7; 32]);
        raw.extend_from_slice(&5u64.to_be_bytes());
        raw.extend_from_slice(b"whatever follows");
        let sct = parse_sct(&raw).unwrap();
        assert_eq!((sct.version, sct.timestamp_ms, sct.log_id), (1, 5, [7; 32]));
    }
}
