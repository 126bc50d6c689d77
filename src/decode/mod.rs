//! DER → model: decodes one X.509 certificate with x509-parser into a [`Certificate`],
//! with its names, validity, key, every extension and fingerprints.

pub mod crl;
mod ct_logs;
pub(crate) mod der;
pub mod evidence;
mod extension;
mod key;
mod name;
pub mod ocsp;
pub(crate) mod oids;

use sha1::Sha1;
use sha2::{Digest, Sha256};
use x509_parser::certificate::X509Certificate;
use x509_parser::error::X509Error;
use x509_parser::extensions::NameConstraints;
use x509_parser::prelude::FromDer;
use x509_parser::x509::{SubjectPublicKeyInfo, X509Name};

use crate::model::{
    AlgorithmId, Certificate, DistinguishedName, GeneralName, PublicKeyInfo, Validity,
};

/// Errors decoding one certificate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input was empty.
    #[error("no certificate: the input is empty")]
    Empty,
    /// The bytes are not a DER X.509 certificate.
    #[error("not an X.509 certificate: {detail}")]
    NotACertificate {
        /// What the parser objected to.
        detail: String,
    },
    /// The certificate ends before its encoded length says it should.
    #[error("truncated certificate: {detail}")]
    Truncated {
        /// How much more the parser needed, as it reported it.
        detail: String,
    },
    /// A certificate was read, but more bytes follow it.
    #[error("{bytes} bytes of trailing data after the certificate")]
    TrailingData {
        /// Number of bytes after the end of the certificate.
        bytes: usize,
    },
    /// A structure other than a whole certificate (a name, a key, name constraints) is invalid.
    #[error("invalid {what}: {detail}")]
    Invalid {
        /// Which structure (`Name`, `SubjectPublicKeyInfo`, `NameConstraints`).
        what: &'static str,
        /// What the parser objected to, or the number of trailing bytes.
        detail: String,
    },
}

/// Decodes one DER certificate. Every byte must belong to it: trailing data is an error.
///
/// Extensions that fail to parse do not fail the certificate; they are reported as
/// [`ExtensionValue::Malformed`](crate::model::ExtensionValue::Malformed).
pub fn decode_certificate(der: &[u8]) -> Result<Certificate, DecodeError> {
    if der.is_empty() {
        return Err(DecodeError::Empty);
    }
    // x509-parser reports a short buffer as a bare "Eof"; say what is missing instead.
    if der.first() == Some(&0x30) {
        match der::truncation(der) {
            Some((Some(declared), present)) => {
                return Err(DecodeError::Truncated {
                    detail: format!("{declared} bytes declared, {present} present"),
                });
            }
            Some((None, present)) => {
                return Err(DecodeError::Truncated {
                    detail: format!("the header is incomplete ({present} bytes)"),
                });
            }
            None => {}
        }
    }
    let (rest, cert) = X509Certificate::from_der(der).map_err(parse_error)?;
    if !rest.is_empty() {
        return Err(DecodeError::TrailingData { bytes: rest.len() });
    }
    let tbs = &cert.tbs_certificate;
    let raw_algorithms = der::raw_signature_algorithms(cert.as_raw());
    let outer_params = raw_algorithms.and_then(|(_, outer)| der::algorithm_params(outer));
    let signature_oid = cert.signature_algorithm.algorithm.to_id_string();
    let signature = cert.signature_value.data.to_vec();

    Ok(Certificate {
        version: tbs.version.0.saturating_add(1),
        serial: hex::encode(tbs.raw_serial()),
        serial_bytes: tbs.raw_serial().to_vec(),
        signature_algorithm: AlgorithmId {
            name: oids::algorithm_name_or_oid(&signature_oid),
            oid: signature_oid,
            params_der: outer_params,
        },
        signature_algorithms_match: raw_algorithms.is_some_and(|(inner, outer)| inner == outer),
        issuer: name::decode_name(&tbs.issuer),
        subject: name::decode_name(&tbs.subject),
        validity: Validity {
            not_before: tbs.validity.not_before.to_datetime(),
            not_after: tbs.validity.not_after.to_datetime(),
        },
        public_key: key::decode_public_key(&tbs.subject_pki),
        extensions: tbs
            .extensions()
            .iter()
            .map(extension::decode_extension)
            .collect(),
        has_unique_ids: tbs.issuer_uid.is_some() || tbs.subject_uid.is_some(),
        sha1: fingerprint(&Sha1::digest(der)),
        sha256: fingerprint(&Sha256::digest(der)),
        signature_hex: hex::encode(&signature),
        der: der.to_vec(),
        tbs_der: tbs.as_ref().to_vec(),
        signature,
    })
}

/// Decodes a DER `Name` (the whole SEQUENCE), such as a trust anchor's subject.
pub fn decode_name(der: &[u8]) -> Result<DistinguishedName, DecodeError> {
    let name = parse_whole::<X509Name<'_>>(der, "Name")?;
    Ok(name::decode_name(&name))
}

/// Decodes a DER SubjectPublicKeyInfo, such as a trust anchor's key.
pub fn decode_spki(der: &[u8]) -> Result<PublicKeyInfo, DecodeError> {
    let spki = parse_whole::<SubjectPublicKeyInfo<'_>>(der, "SubjectPublicKeyInfo")?;
    Ok(key::decode_public_key(&spki))
}

/// Decodes a NameConstraints value into `(permitted, excluded)` subtrees; IP constraints are
/// address + mask bytes.
///
/// Accepts the whole SEQUENCE (an extension value) or only its contents, which is how
/// rustls-webpki and webpki-roots keep a trust anchor's constraints.
pub fn decode_name_constraints(
    der: &[u8],
) -> Result<(Vec<GeneralName>, Vec<GeneralName>), DecodeError> {
    const WHAT: &str = "NameConstraints";
    let wrapped;
    let sequence = if der.first() == Some(&0x30) {
        der
    } else {
        wrapped = der::wrap_sequence(der);
        &wrapped
    };
    extension::check_name_constraints_shape(sequence)
        .map_err(|detail| DecodeError::Invalid { what: WHAT, detail })?;
    let constraints = parse_whole::<NameConstraints<'_>>(sequence, WHAT)?;
    Ok(extension::name_constraints(&constraints))
}

/// Parses one DER structure that must fill `der` exactly.
fn parse_whole<'a, T: FromDer<'a, X509Error>>(
    der: &'a [u8],
    what: &'static str,
) -> Result<T, DecodeError> {
    let (rest, value) = T::from_der(der).map_err(|e| DecodeError::Invalid {
        what,
        detail: e.to_string(),
    })?;
    if !rest.is_empty() {
        return Err(DecodeError::Invalid {
            what,
            detail: format!("{} bytes of trailing data", rest.len()),
        });
    }
    Ok(value)
}

fn parse_error(err: x509_parser::nom::Err<X509Error>) -> DecodeError {
    match err {
        x509_parser::nom::Err::Incomplete(needed) => DecodeError::Truncated {
            detail: match needed {
                x509_parser::nom::Needed::Size(n) => format!("{n} more bytes needed"),
                x509_parser::nom::Needed::Unknown => "more bytes needed".to_string(),
            },
        },
        x509_parser::nom::Err::Error(e) | x509_parser::nom::Err::Failure(e) => {
            match e {
                // asn1-rs reports a short buffer as an error value rather than `Incomplete`.
                X509Error::Der(x509_parser::der_parser::error::BerError::Incomplete(needed)) => {
                    DecodeError::Truncated {
                        detail: format!("{needed:?}"),
                    }
                }
                other => DecodeError::NotACertificate {
                    detail: other.to_string(),
                },
            }
        }
    }
}

/// Upper-case hex with colons, as `openssl x509 -fingerprint` prints it.
fn fingerprint(digest: &[u8]) -> String {
    digest
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

#[cfg(test)]
mod tests;
