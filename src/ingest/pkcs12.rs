//! PKCS#12 / PFX files (`.p12`, `.pfx`, RFC 7292): the certificates only.
//!
//! Decryption and the MAC check are p12-keystore's (PBES2 with AES as OpenSSL 3 writes by
//! default, and the legacy RC2-40 / 3DES schemes of `openssl pkcs12 -legacy`). Private keys
//! are decrypted by that crate as it walks the bags; chainlens keeps only the fact that one
//! was there and drops the archive, key bytes included, before returning.

use p12_keystore::Pkcs12Archive;
use p12_keystore::error::Error as P12Error;
use x509_parser::asn1_rs::{FromBer, Header, Tag};

use super::tlv::read_tlv;
use super::{Format, IngestError, Ingested, Password};

/// The most key-derivation iterations one parameter may ask for. Real files use 2,048
/// (OpenSSL, macOS) to 10,000 (Java); a hostile file asking for 2³¹ would hang the reader.
pub const MAX_ITERATIONS: u64 = 1_000_000;
/// The most iterations all the parameters of one file may ask for together.
const MAX_TOTAL_ITERATIONS: u64 = 4_000_000;
/// How deep the iteration scan descends (PFX → authSafe → SafeContents → bag → parameters).
const MAX_SCAN_DEPTH: usize = 12;

/// Whether `input` starts like a PFX: `SEQUENCE { INTEGER 3, SEQUENCE (authSafe) … }`.
/// Certificates start with `SEQUENCE { SEQUENCE (tbsCertificate) … }`, so they never match.
/// The header is read by asn1-rs, as everywhere else.
pub(super) fn is_pkcs12(input: &[u8]) -> bool {
    // BER, not DER: some Java tools write the PFX with indefinite lengths.
    let Ok((body, header)) = Header::from_ber(input) else {
        return false;
    };
    header.tag() == Tag::Sequence
        && header.is_constructed()
        && body.starts_with(&[0x02, 0x01, 0x03, 0x30])
}

/// Every iteration count visible before decryption (the MAC's, each encrypted SafeContents'
/// and each shrouded key bag's), in order. In all of them an INTEGER count directly
/// follows an OCTET STRING salt inside a SEQUENCE (PBKDF2-params, PKCS#12 PBE parameters,
/// MacData), so that is what is looked for, descending into OCTET STRINGs that hold DER.
fn iteration_counts(input: &[u8], depth: usize, out: &mut Vec<u64>) {
    if depth > MAX_SCAN_DEPTH {
        return;
    }
    let mut rest = input;
    let mut after_salt = false;
    while let Ok((tlv, next)) = read_tlv(rest, 0) {
        match tlv.tag {
            0x02 if after_salt => {
                let significant = tlv.content.iter().skip_while(|&&b| b == 0).count();
                out.push(if significant > 8 {
                    u64::MAX
                } else {
                    tlv.content
                        .iter()
                        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
                });
            }
            // Constructed: SEQUENCE, SET, [0] … [3].
            0x30 | 0x31 | 0xa0..=0xa3 => iteration_counts(tlv.content, depth + 1, out),
            0x04 if tlv.content.first() == Some(&0x30) => {
                iteration_counts(tlv.content, depth + 1, out);
            }
            _ => {}
        }
        after_salt = tlv.tag == 0x04;
        rest = next;
    }
}

/// Refuses files whose key derivation would take unreasonably long.
fn check_iterations(input: &[u8]) -> Result<(), IngestError> {
    let mut counts = Vec::new();
    iteration_counts(input, 0, &mut counts);
    let total = counts.iter().fold(0u64, |acc, &c| acc.saturating_add(c));
    if let Some(&count) = counts.iter().find(|&&c| c > MAX_ITERATIONS) {
        return Err(IngestError::Pkcs12 {
            detail: format!(
                "a key derivation asks for {} iterations; chainlens runs at most {MAX_ITERATIONS}",
                if count == u64::MAX {
                    "more than 2^64".to_string()
                } else {
                    count.to_string()
                }
            ),
        });
    }
    if total > MAX_TOTAL_ITERATIONS {
        return Err(IngestError::Pkcs12 {
            detail: format!(
                "the key derivations ask for {total} iterations in all; chainlens runs at most {MAX_TOTAL_ITERATIONS}"
            ),
        });
    }
    Ok(())
}

/// How one attempt to open the archive ended.
enum Attempt {
    Opened(Vec<Vec<u8>>, bool),
    /// The MAC or the decryption says the password is not this one.
    BadPassword,
    /// The structure itself is wrong or unsupported.
    Broken(String),
}

fn open(input: &[u8], password: &str) -> Attempt {
    match Pkcs12Archive::from_pkcs12(input, password) {
        Ok(archive) => {
            let holds_private_key = !archive.keys.is_empty();
            let certificates = archive
                .certs
                .iter()
                .map(|bag| bag.cert.as_der().to_vec())
                .collect();
            // The keys go with the archive, here, before anything else sees them.
            drop(archive);
            Attempt::Opened(certificates, holds_private_key)
        }
        // A failed MAC is the usual sign of a wrong password; without a MAC, a wrong
        // password shows as bad padding or garbage after decryption.
        Err(P12Error::MacError(_) | P12Error::UnpadError | P12Error::Pkcs5Error(_)) => {
            Attempt::BadPassword
        }
        Err(other) => Attempt::Broken(other.to_string()),
    }
}

/// The DER certificates of a PKCS#12 file, in bag order. Without a password, the empty one
/// is tried (`openssl pkcs12 -export -passout pass:` writes such files).
pub(super) fn parse(input: &[u8], password: Option<&Password>) -> Result<Ingested, IngestError> {
    check_iterations(input)?;
    let attempt = open(input, password.map_or("", Password::expose));
    let (certificates, holds_private_key) = match attempt {
        Attempt::Opened(certificates, key) => (certificates, key),
        Attempt::BadPassword if password.is_none() => return Err(IngestError::PasswordRequired),
        Attempt::BadPassword => return Err(IngestError::WrongPassword),
        Attempt::Broken(detail) => return Err(IngestError::Pkcs12 { detail }),
    };
    if certificates.is_empty() {
        return Err(IngestError::Pkcs12 {
            detail: if holds_private_key {
                "the file holds a private key but no certificate".to_string()
            } else {
                "the file holds no certificate".to_string()
            },
        });
    }
    Ok(Ingested {
        format: Format::Pkcs12,
        certificates,
        notes: Vec::new(),
        crls: Vec::new(),
        holds_private_key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_pfx_version_not_certificates() {
        assert!(is_pkcs12(&[0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x03, 0x30]));
        assert!(is_pkcs12(&[0x30, 0x80, 0x02, 0x01, 0x03, 0x30]));
        assert!(is_pkcs12(&[0x30, 0x10, 0x02, 0x01, 0x03, 0x30]));
        // A certificate: SEQUENCE { SEQUENCE (tbs) … }.
        assert!(!is_pkcs12(&[
            0x30, 0x82, 0x01, 0x00, 0x30, 0x82, 0x00, 0xf0
        ]));
        assert!(!is_pkcs12(&[0x30]));
        assert!(!is_pkcs12(&[]));
    }

    #[test]
    fn finds_iteration_counts_after_salts_and_refuses_huge_ones() {
        // MacData-like: SEQUENCE { SEQUENCE {}, OCTET STRING salt, INTEGER 2048 }.
        let mac = [
            0x30, 0x0b, 0x30, 0x00, 0x04, 0x03, 1, 2, 3, 0x02, 0x02, 0x08, 0x00,
        ];
        let mut counts = Vec::new();
        iteration_counts(&mac, 0, &mut counts);
        assert_eq!(counts, vec![2048]);
        assert!(check_iterations(&mac).is_ok());
        // The same inside an OCTET STRING, with 2^31 iterations.
        let huge = [
            0x04, 0x0d, 0x30, 0x0b, 0x04, 0x03, 1, 2, 3, 0x02, 0x04, 0x7f, 0xff, 0xff, 0xff,
        ];
        let err = check_iterations(&huge).unwrap_err();
        assert!(err.to_string().contains("2147483647 iterations"), "{err}");
    }

    #[test]
    fn garbage_after_the_header_is_a_pkcs12_error() {
        let err = parse(&[0x30, 0x06, 0x02, 0x01, 0x03, 0x30, 0x01, 0x00], None).unwrap_err();
        assert!(matches!(err, IngestError::Pkcs12 { .. }), "{err}");
    }
}
