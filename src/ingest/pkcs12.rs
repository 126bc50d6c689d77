//! PKCS#12 / PFX files (`.p12`, `.pfx`, RFC 7292): the certificates only.
//!
//! Decryption and the MAC check are p12-keystore's (PBES2 with AES as OpenSSL 3 writes by
//! default, and the legacy RC2-40 / 3DES schemes of `openssl pkcs12 -legacy`). Private keys
//! are decrypted by that crate as it walks the bags; chainlens keeps only the fact that one
//! was there and drops the archive, key bytes included, before returning.

use p12_keystore::Pkcs12Archive;
use p12_keystore::error::Error as P12Error;

use super::{Format, IngestError, Ingested, Password};

/// Whether `input` starts like a PFX: `SEQUENCE { INTEGER 3, SEQUENCE (authSafe) … }`.
/// Certificates start with `SEQUENCE { SEQUENCE (tbsCertificate) … }`, so they never match.
pub(super) fn is_pkcs12(input: &[u8]) -> bool {
    let Some((&0x30, rest)) = input.split_first() else {
        return false;
    };
    let Some((&len, rest)) = rest.split_first() else {
        return false;
    };
    // Short form, indefinite form (BER, as some Java tools write) or long form.
    let skip = if len & 0x80 == 0 || len == 0x80 {
        0
    } else {
        usize::from(len & 0x7f)
    };
    rest.get(skip..)
        .is_some_and(|body| body.starts_with(&[0x02, 0x01, 0x03, 0x30]))
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
    fn garbage_after_the_header_is_a_pkcs12_error() {
        let err = parse(&[0x30, 0x06, 0x02, 0x01, 0x03, 0x30, 0x01, 0x00], None).unwrap_err();
        assert!(matches!(err, IngestError::Pkcs12 { .. }), "{err}");
    }
}
