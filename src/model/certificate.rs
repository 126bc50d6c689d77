use serde::Serialize;
use time::OffsetDateTime;

use super::{DistinguishedName, Extension, ExtensionValue, GeneralName, KeyUsageFlags};

/// An algorithm identifier: its dotted OID, a readable name and its DER parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AlgorithmId {
    /// Readable name as openssl prints it (`sha256WithRSAEncryption`), or the OID.
    pub name: String,
    /// Dotted OID.
    pub oid: String,
    /// DER of the parameters, if present (RSA-PSS parameters, EC curve, NULL).
    #[serde(skip)]
    pub params_der: Option<Vec<u8>>,
}

/// The validity period of a certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Validity {
    /// First instant at which the certificate is valid.
    #[serde(with = "time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    /// Last instant at which the certificate is valid (inclusive, RFC 5280 §4.1.2.5).
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
}

/// The subject public key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublicKeyInfo {
    /// Key algorithm (`rsaEncryption`, `id-ecPublicKey`, `ED25519`, …).
    pub algorithm: AlgorithmId,
    /// Key size in bits (RSA modulus size, EC field size), when known.
    pub bits: Option<u32>,
    /// Named curve for EC keys (`P-256`, `P-384`, `P-521`, or an OID).
    pub curve: Option<String>,
    /// RSA public exponent.
    pub rsa_exponent: Option<u64>,
    /// RSA modulus, big-endian as its INTEGER's content octets (a leading zero kept).
    #[serde(skip)]
    pub rsa_modulus: Option<Vec<u8>>,
    /// SHA-256 of the DER SubjectPublicKeyInfo, base64: the HPKP-style pin.
    pub spki_sha256_base64: String,
    /// Bytes of the subjectPublicKey BIT STRING (what signature verification uses).
    #[serde(skip)]
    pub key_bytes: Vec<u8>,
    /// DER of the whole SubjectPublicKeyInfo.
    #[serde(skip)]
    pub spki_der: Vec<u8>,
    /// The parameter set and sizes of an ML-DSA key (RFC 9881); `None` for every other key,
    /// and then absent from JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ml_dsa: Option<MlDsaKey>,
}

/// An ML-DSA public key (FIPS 204, in X.509 by RFC 9881): its parameter set and sizes. The
/// parameter set is the algorithm OID itself; ML-DSA keys have no bit size as RSA and EC keys
/// do, so their size is said in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MlDsaKey {
    /// `ML-DSA-44`, `ML-DSA-65` or `ML-DSA-87`.
    pub parameter_set: &'static str,
    /// The NIST security category of the parameter set (2, 3 or 5).
    pub security_category: u8,
    /// The length of the key in the certificate, in bytes.
    pub key_bytes: usize,
    /// The length FIPS 204 gives the parameter set's public key (1312, 1952 or 2592 bytes):
    /// a key of another length does not decode.
    pub expected_key_bytes: usize,
    /// The length of the parameter set's signatures (2420, 3309 or 4627 bytes).
    pub signature_bytes: usize,
}

impl MlDsaKey {
    /// The parameter set named by a key or signature algorithm OID (they are the same OID),
    /// with `key_bytes` the length of the key found; `None` for any other algorithm.
    pub fn for_oid(oid: &str, key_bytes: usize) -> Option<Self> {
        // FIPS 204 Table 2: public key and signature sizes per parameter set.
        let (parameter_set, security_category, expected_key_bytes, signature_bytes) = match oid {
            super::oids::ML_DSA_44 => ("ML-DSA-44", 2, 1312, 2420),
            super::oids::ML_DSA_65 => ("ML-DSA-65", 3, 1952, 3309),
            super::oids::ML_DSA_87 => ("ML-DSA-87", 5, 2592, 4627),
            _ => return None,
        };
        Some(Self {
            parameter_set,
            security_category,
            key_bytes,
            expected_key_bytes,
            signature_bytes,
        })
    }

    /// Whether an algorithm OID is one of the three ML-DSA parameter sets.
    pub fn is_ml_dsa(oid: &str) -> bool {
        Self::for_oid(oid, 0).is_some()
    }
}

impl PublicKeyInfo {
    /// `RSA 2048 bits`, `EC P-256`, `Ed25519`, `ML-DSA-65 (1952 bytes)`: a short description
    /// for people.
    pub fn summary(&self) -> String {
        if let Some(ml_dsa) = &self.ml_dsa {
            return format!("{} ({} bytes)", ml_dsa.parameter_set, ml_dsa.key_bytes);
        }
        match (&self.curve, self.bits) {
            (Some(curve), _) => format!("EC {curve}"),
            (None, Some(bits)) if self.algorithm.name == "rsaEncryption" => {
                format!("RSA {bits} bits")
            }
            (None, Some(bits)) => format!("{} {bits} bits", self.algorithm.name),
            (None, None) => self.algorithm.name.clone(),
        }
    }

    /// Whether this is an RSA key.
    pub fn is_rsa(&self) -> bool {
        self.algorithm.oid == super::oids::KEY_RSA
    }
}

/// One decoded X.509 certificate, with its DER kept alongside.
#[derive(Clone, Debug, Serialize)]
pub struct Certificate {
    /// X.509 version as shown to people: 1, 2 or 3.
    pub version: u32,
    /// Serial number as colon-less lower-case hex of its DER content octets.
    pub serial: String,
    /// The serial number's DER content octets (two's complement, big-endian).
    #[serde(skip)]
    pub serial_bytes: Vec<u8>,
    /// Signature algorithm of the outer certificate.
    pub signature_algorithm: AlgorithmId,
    /// Whether the signature algorithm inside tbsCertificate equals the outer one (RFC 5280 §4.1.1.2).
    pub signature_algorithms_match: bool,
    /// Issuer name.
    pub issuer: DistinguishedName,
    /// Subject name.
    pub subject: DistinguishedName,
    /// Validity period.
    pub validity: Validity,
    /// Subject public key.
    pub public_key: PublicKeyInfo,
    /// Every extension, in encoding order.
    pub extensions: Vec<Extension>,
    /// Whether issuerUniqueID or subjectUniqueID is present.
    pub has_unique_ids: bool,
    /// SHA-1 fingerprint of the DER, upper-case hex with colons.
    pub sha1: String,
    /// SHA-256 fingerprint of the DER, upper-case hex with colons.
    pub sha256: String,
    /// Signature value as hex.
    pub signature_hex: String,
    /// The whole certificate as DER.
    #[serde(skip)]
    pub der: Vec<u8>,
    /// The signed part (tbsCertificate) as DER.
    #[serde(skip)]
    pub tbs_der: Vec<u8>,
    /// The raw signature bytes.
    #[serde(skip)]
    pub signature: Vec<u8>,
}

impl Certificate {
    /// The first extension with this OID.
    pub fn extension(&self, oid: &str) -> Option<&Extension> {
        self.extensions.iter().find(|e| e.oid == oid)
    }

    /// basicConstraints as `(ca, path_len)`, if present.
    pub fn basic_constraints(&self) -> Option<(bool, Option<u32>)> {
        self.extensions.iter().find_map(|e| match &e.value {
            ExtensionValue::BasicConstraints { ca, path_len } => Some((*ca, *path_len)),
            _ => None,
        })
    }

    /// Whether basicConstraints says this is a CA.
    pub fn is_ca(&self) -> bool {
        matches!(self.basic_constraints(), Some((true, _)))
    }

    /// keyUsage flags, if the extension is present.
    pub fn key_usage(&self) -> Option<&KeyUsageFlags> {
        self.extensions.iter().find_map(|e| match &e.value {
            ExtensionValue::KeyUsage(flags) => Some(flags),
            _ => None,
        })
    }

    /// extendedKeyUsage purposes as dotted OIDs, if the extension is present.
    pub fn extended_key_usage(&self) -> Option<&[String]> {
        self.extensions.iter().find_map(|e| match &e.value {
            ExtensionValue::ExtendedKeyUsage(oids) => Some(oids.as_slice()),
            _ => None,
        })
    }

    /// subjectAltName entries, if the extension is present.
    pub fn subject_alt_names(&self) -> Option<&[GeneralName]> {
        self.extensions.iter().find_map(|e| match &e.value {
            ExtensionValue::SubjectAltName(names) => Some(names.as_slice()),
            _ => None,
        })
    }

    /// subjectKeyIdentifier, if present.
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.extensions.iter().find_map(|e| match &e.value {
            ExtensionValue::SubjectKeyIdentifier(id) => Some(id.as_slice()),
            _ => None,
        })
    }

    /// The keyIdentifier of authorityKeyIdentifier, if present.
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.extensions.iter().find_map(|e| match &e.value {
            ExtensionValue::AuthorityKeyIdentifier { key_id, .. } => key_id.as_deref(),
            _ => None,
        })
    }

    /// The http(s) URIs of the cRLDistributionPoints.
    pub fn crl_urls(&self) -> Vec<String> {
        self.extensions
            .iter()
            .filter_map(|e| match &e.value {
                ExtensionValue::CrlDistributionPoints(points) => Some(points),
                _ => None,
            })
            .flatten()
            .flat_map(|p| &p.names)
            .filter_map(|n| match n {
                GeneralName::Uri(uri) => Some(uri.clone()),
                _ => None,
            })
            .collect()
    }

    /// The URIs of authorityInfoAccess entries with this method (`OCSP`, `CA Issuers`).
    pub fn aia_urls(&self, method: &str) -> Vec<String> {
        self.extensions
            .iter()
            .filter_map(|e| match &e.value {
                ExtensionValue::AuthorityInfoAccess(entries) => Some(entries),
                _ => None,
            })
            .flatten()
            .filter(|(m, _)| m == method)
            .filter_map(|(_, n)| match n {
                GeneralName::Uri(uri) => Some(uri.clone()),
                _ => None,
            })
            .collect()
    }

    /// Whether the subject and issuer names are the same (RFC 5280 "self-issued").
    pub fn is_self_issued(&self) -> bool {
        self.subject.matches(&self.issuer)
    }

    /// A short label for people: the subject's common name or organisation.
    pub fn label(&self) -> String {
        self.subject.display_label()
    }

    /// The certificate as a PEM block.
    pub fn to_pem(&self) -> String {
        pem::encode_config(
            &pem::Pem::new("CERTIFICATE", self.der.clone()),
            pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
        )
    }
}
