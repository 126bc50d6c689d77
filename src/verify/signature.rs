//! Raw signature verification with aws-lc-rs, independent of any validation profile, so that
//! a SHA-1 or 1024-bit RSA signature can be reported as *valid but weak* instead of unreadable.

use aws_lc_rs::signature::{self, UnparsedPublicKey, VerificationAlgorithm};

use crate::model::oids;
use crate::model::{AlgorithmId, PublicKeyInfo, UnsupportedSignature};

/// The hash a signature algorithm uses, for policy decisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hash {
    /// MD2 / MD5: broken.
    Md5,
    /// SHA-1: deprecated, refused by the server profile.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// Not applicable (Ed25519) or not known.
    Other,
}

/// Outcome of checking a signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureOutcome {
    /// The key verifies the signature.
    Valid,
    /// The key does not verify the signature.
    Invalid,
    /// The combination of algorithm and key cannot be checked, and why.
    Unsupported(UnsupportedSignature),
}

const RSA_KEY: &str = oids::KEY_RSA;
const EC_KEY: &str = oids::KEY_EC;
const ED25519_KEY: &str = oids::KEY_ED25519;

/// The SHA-2 hashes as found inside RSASSA-PSS parameters.
const PSS_HASHES: &[(oid_registry::Oid<'static>, Hash)] = &[
    (oid_registry::OID_NIST_HASH_SHA256, Hash::Sha256),
    (oid_registry::OID_NIST_HASH_SHA384, Hash::Sha384),
    (oid_registry::OID_NIST_HASH_SHA512, Hash::Sha512),
];

/// The hash used by a signature algorithm.
pub fn hash_of(algorithm: &AlgorithmId) -> Hash {
    match algorithm.oid.as_str() {
        oids::SIG_MD2_RSA | oids::SIG_MD5_RSA => Hash::Md5,
        oids::SIG_SHA1_RSA | oids::SIG_SHA1_RSA_OIW | oids::SIG_ECDSA_SHA1 | oids::SIG_DSA_SHA1 => {
            Hash::Sha1
        }
        oids::SIG_SHA224_RSA | oids::SIG_ECDSA_SHA224 => Hash::Sha224,
        oids::SIG_SHA256_RSA | oids::SIG_ECDSA_SHA256 => Hash::Sha256,
        oids::SIG_SHA384_RSA | oids::SIG_ECDSA_SHA384 => Hash::Sha384,
        oids::SIG_SHA512_RSA | oids::SIG_ECDSA_SHA512 => Hash::Sha512,
        oids::SIG_RSA_PSS => pss_hash(algorithm).unwrap_or(Hash::Sha1),
        _ => Hash::Other,
    }
}

/// The hash named in RSASSA-PSS parameters; absent parameters mean SHA-1 (RFC 4055).
fn pss_hash(algorithm: &AlgorithmId) -> Option<Hash> {
    let params = algorithm.params_der.as_deref()?;
    PSS_HASHES
        .iter()
        .filter_map(|(oid, hash)| find(params, oid.as_bytes()).map(|at| (at, *hash)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, hash)| hash)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn pick(
    algorithm: &AlgorithmId,
    key: &PublicKeyInfo,
) -> Result<&'static dyn VerificationAlgorithm, UnsupportedSignature> {
    let hash = hash_of(algorithm);
    let key_alg = key.algorithm.oid.as_str();
    let rsa_bits = key.bits.unwrap_or(0);
    let mismatch = || UnsupportedSignature::KeyMismatch {
        algorithm: algorithm.name.clone(),
        key: key.summary(),
    };
    let alg: &'static dyn VerificationAlgorithm = match algorithm.oid.as_str() {
        // RSA PKCS#1 v1.5: the 1024-bit variants accept small keys, which policy judges separately.
        oids::SIG_SHA1_RSA
        | oids::SIG_SHA1_RSA_OIW
        | oids::SIG_SHA256_RSA
        | oids::SIG_SHA384_RSA
        | oids::SIG_SHA512_RSA => {
            if key_alg != RSA_KEY {
                return Err(mismatch());
            }
            match (hash, rsa_bits < 2048) {
                (Hash::Sha1, _) => &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
                (Hash::Sha256, _) => &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                (Hash::Sha512, _) => &signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
                (Hash::Sha384, false) => &signature::RSA_PKCS1_2048_8192_SHA384,
                (Hash::Sha384, true) => {
                    return Err(UnsupportedSignature::RsaSha384SmallKey { bits: rsa_bits });
                }
                _ => {
                    return Err(UnsupportedSignature::RsaHash {
                        algorithm: algorithm.name.clone(),
                    });
                }
            }
        }
        oids::SIG_RSA_PSS => {
            if key_alg != RSA_KEY {
                return Err(mismatch());
            }
            match pss_hash(algorithm) {
                Some(Hash::Sha256) => &signature::RSA_PSS_2048_8192_SHA256,
                Some(Hash::Sha384) => &signature::RSA_PSS_2048_8192_SHA384,
                Some(Hash::Sha512) => &signature::RSA_PSS_2048_8192_SHA512,
                _ => return Err(UnsupportedSignature::PssParameters),
            }
        }
        oids::SIG_ECDSA_SHA1
        | oids::SIG_ECDSA_SHA256
        | oids::SIG_ECDSA_SHA384
        | oids::SIG_ECDSA_SHA512 => {
            if key_alg != EC_KEY {
                return Err(mismatch());
            }
            let curve = key.curve.as_deref().unwrap_or("unknown curve");
            match (curve, hash) {
                ("P-256", Hash::Sha1) => &signature::ECDSA_P256_SHA1_ASN1,
                ("P-256", Hash::Sha256) => &signature::ECDSA_P256_SHA256_ASN1,
                ("P-256", Hash::Sha384) => &signature::ECDSA_P256_SHA384_ASN1,
                ("P-256", Hash::Sha512) => &signature::ECDSA_P256_SHA512_ASN1,
                ("P-384", Hash::Sha256) => &signature::ECDSA_P384_SHA256_ASN1,
                ("P-384", Hash::Sha384) => &signature::ECDSA_P384_SHA384_ASN1,
                ("P-384", Hash::Sha512) => &signature::ECDSA_P384_SHA512_ASN1,
                ("P-521", Hash::Sha1) => &signature::ECDSA_P521_SHA1_ASN1,
                ("P-521", Hash::Sha256) => &signature::ECDSA_P521_SHA256_ASN1,
                ("P-521", Hash::Sha384) => &signature::ECDSA_P521_SHA384_ASN1,
                ("P-521", Hash::Sha512) => &signature::ECDSA_P521_SHA512_ASN1,
                _ => {
                    return Err(UnsupportedSignature::EcdsaCurve {
                        algorithm: algorithm.name.clone(),
                        curve: curve.to_string(),
                    });
                }
            }
        }
        oids::SIG_ED25519 => {
            if key_alg != ED25519_KEY {
                return Err(mismatch());
            }
            &signature::ED25519
        }
        _ => {
            return Err(UnsupportedSignature::Algorithm {
                name: algorithm.name.clone(),
                oid: algorithm.oid.clone(),
            });
        }
    };
    Ok(alg)
}

#[cfg(test)]
thread_local! {
    /// Every (message and signature, key SPKI) this thread verified, so tests can count the
    /// verifications of an inspection, whichever code path asked for them.
    pub(super) static VERIFIED: std::cell::RefCell<Vec<(Vec<u8>, Vec<u8>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Checks `signature` over `message` by `key` with `algorithm`.
pub fn verify(
    algorithm: &AlgorithmId,
    key: &PublicKeyInfo,
    message: &[u8],
    signature: &[u8],
) -> SignatureOutcome {
    #[cfg(test)]
    VERIFIED.with(|v| {
        v.borrow_mut()
            .push(([message, signature].concat(), key.spki_der.clone()))
    });
    match pick(algorithm, key) {
        Err(why) => SignatureOutcome::Unsupported(why),
        Ok(alg) => match UnparsedPublicKey::new(alg, &key.key_bytes).verify(message, signature) {
            Ok(()) => SignatureOutcome::Valid,
            Err(_) => SignatureOutcome::Invalid,
        },
    }
}
