//! Raw signature verification, independent of any validation profile, so that a SHA-1, DSA or
//! small-RSA signature can be reported as *valid but weak* instead of unreadable: aws-lc-rs for
//! what it verifies (ML-DSA included, RFC 9881), RustCrypto's `dsa` for DSA (RFC 3279), and a plain RSA PKCS#1 v1.5
//! check (RFC 8017 §8.2.2) for the key sizes aws-lc-rs refuses. The profile judges the
//! algorithm and the key size; a valid signature is never reported as not verifying.

use aws_lc_rs::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use der::Decode as _;
use dsa::BigUint;
use sha1::Sha1;
use sha2::{Digest as _, Sha224, Sha256, Sha384, Sha512};

use crate::model::oids;
use crate::model::{AlgorithmId, MlDsaKey, PublicKeyInfo, UnsupportedSignature};

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
const DSA_KEY: &str = oids::KEY_DSA;

/// The largest RSA modulus checked by the plain PKCS#1 path, so that a hostile key cannot make
/// one exponentiation take long.
const RSA_MAX_BITS: u32 = 16384;
/// The largest DSA prime (FIPS 186-4's largest size), for the same reason.
const DSA_MAX_P_BITS: usize = 3072;
/// The largest DSA subgroup order (FIPS 186-4).
const DSA_MAX_Q_BITS: usize = 256;

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
        oids::SIG_SHA224_RSA | oids::SIG_ECDSA_SHA224 | oids::SIG_DSA_SHA224 => Hash::Sha224,
        oids::SIG_SHA256_RSA | oids::SIG_ECDSA_SHA256 | oids::SIG_DSA_SHA256 => Hash::Sha256,
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

/// How one signature is checked.
enum Verifier {
    /// By aws-lc-rs.
    AwsLc(&'static dyn VerificationAlgorithm),
    /// RSA PKCS#1 v1.5 with a key size aws-lc-rs refuses.
    PlainRsa(Hash),
    /// DSA with this hash.
    Dsa(Hash),
}

fn pick(algorithm: &AlgorithmId, key: &PublicKeyInfo) -> Result<Verifier, UnsupportedSignature> {
    let hash = hash_of(algorithm);
    let key_alg = key.algorithm.oid.as_str();
    let rsa_bits = key.bits.unwrap_or(0);
    let mismatch = || UnsupportedSignature::KeyMismatch {
        algorithm: algorithm.name.clone(),
        key: key.summary(),
    };
    let alg: &'static dyn VerificationAlgorithm = match algorithm.oid.as_str() {
        // RSA PKCS#1 v1.5: the 1024-bit variants accept small keys, which policy judges
        // separately; sizes aws-lc-rs has no parameters for are checked by the plain path.
        oids::SIG_SHA1_RSA
        | oids::SIG_SHA1_RSA_OIW
        | oids::SIG_SHA256_RSA
        | oids::SIG_SHA384_RSA
        | oids::SIG_SHA512_RSA => {
            if key_alg != RSA_KEY {
                return Err(mismatch());
            }
            let aws_lc_sizes = if hash == Hash::Sha384 {
                2048..=8192
            } else {
                1024..=8192
            };
            if !aws_lc_sizes.contains(&rsa_bits) {
                return if rsa_bits <= RSA_MAX_BITS {
                    Ok(Verifier::PlainRsa(hash))
                } else {
                    Err(UnsupportedSignature::RsaKeyUnusable { bits: rsa_bits })
                };
            }
            match hash {
                Hash::Sha1 => &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
                Hash::Sha256 => &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                Hash::Sha512 => &signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
                Hash::Sha384 => &signature::RSA_PKCS1_2048_8192_SHA384,
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
            if !(2048..=8192).contains(&rsa_bits) {
                return Err(UnsupportedSignature::PssKeySize { bits: rsa_bits });
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
        oids::ML_DSA_44 | oids::ML_DSA_65 | oids::ML_DSA_87 => return ml_dsa(algorithm, key),
        oids::SIG_DSA_SHA1 | oids::SIG_DSA_SHA224 | oids::SIG_DSA_SHA256 => {
            if key_alg != DSA_KEY {
                return Err(mismatch());
            }
            return Ok(Verifier::Dsa(hash));
        }
        _ => {
            return Err(UnsupportedSignature::Algorithm {
                name: algorithm.name.clone(),
                oid: algorithm.oid.clone(),
            });
        }
    };
    Ok(Verifier::AwsLc(alg))
}

/// ML-DSA (FIPS 204) as RFC 9881 puts it in X.509: the key's algorithm is the signature's
/// own OID (one parameter set signs with its own keys only), both without parameters (§2),
/// and the key is the raw encoded public key of the parameter set's exact length (§4).
/// What breaks those rules is not checked, rather than reported as a signature that does
/// not verify: aws-lc-rs would refuse the key, not the signature.
fn ml_dsa(algorithm: &AlgorithmId, key: &PublicKeyInfo) -> Result<Verifier, UnsupportedSignature> {
    if key.algorithm.oid != algorithm.oid {
        return Err(UnsupportedSignature::KeyMismatch {
            algorithm: algorithm.name.clone(),
            key: key.summary(),
        });
    }
    if algorithm.params_der.is_some() || key.algorithm.params_der.is_some() {
        return Err(UnsupportedSignature::MlDsaParameters {
            algorithm: algorithm.name.clone(),
        });
    }
    let Some(params) = MlDsaKey::for_oid(&algorithm.oid, key.key_bytes.len()) else {
        return Err(UnsupportedSignature::Algorithm {
            name: algorithm.name.clone(),
            oid: algorithm.oid.clone(),
        });
    };
    if params.key_bytes != params.expected_key_bytes {
        return Err(UnsupportedSignature::MlDsaKeySize {
            algorithm: algorithm.name.clone(),
            bytes: params.key_bytes,
            expected: params.expected_key_bytes,
        });
    }
    // The pure ML-DSA variants with an empty context string, as RFC 9881 §3 requires.
    let alg: &'static dyn VerificationAlgorithm = match algorithm.oid.as_str() {
        oids::ML_DSA_44 => &signature::ML_DSA_44,
        oids::ML_DSA_65 => &signature::ML_DSA_65,
        _ => &signature::ML_DSA_87,
    };
    Ok(Verifier::AwsLc(alg))
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
        Ok(Verifier::AwsLc(alg)) => {
            match UnparsedPublicKey::new(alg, &key.key_bytes).verify(message, signature) {
                Ok(()) => SignatureOutcome::Valid,
                Err(_) => SignatureOutcome::Invalid,
            }
        }
        Ok(Verifier::PlainRsa(hash)) => plain_rsa(hash, key, message, signature),
        Ok(Verifier::Dsa(hash)) => dsa_verify(hash, key, message, signature),
    }
}

/// The digest of `message`, for the hashes the plain RSA and DSA paths use.
fn digest(hash: Hash, message: &[u8]) -> Option<Vec<u8>> {
    Some(match hash {
        Hash::Sha1 => Sha1::digest(message).to_vec(),
        Hash::Sha224 => Sha224::digest(message).to_vec(),
        Hash::Sha256 => Sha256::digest(message).to_vec(),
        Hash::Sha384 => Sha384::digest(message).to_vec(),
        Hash::Sha512 => Sha512::digest(message).to_vec(),
        Hash::Md5 | Hash::Other => return None,
    })
}

/// The DER DigestInfo prefix of each hash (RFC 8017 §9.2, note 1).
fn digest_info_prefix(hash: Hash) -> Option<&'static [u8]> {
    Some(match hash {
        Hash::Sha1 => &[
            0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
            0x14,
        ],
        Hash::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        Hash::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        Hash::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
        Hash::Sha224 | Hash::Md5 | Hash::Other => return None,
    })
}

/// RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) for the key sizes aws-lc-rs refuses:
/// the encoded message is rebuilt and compared whole, so nothing of the decrypted block is
/// parsed.
fn plain_rsa(hash: Hash, key: &PublicKeyInfo, message: &[u8], sig: &[u8]) -> SignatureOutcome {
    let bits = key.bits.unwrap_or(0);
    let unusable = || SignatureOutcome::Unsupported(UnsupportedSignature::RsaKeyUnusable { bits });
    let (Some(modulus), Some(exponent)) = (key.rsa_modulus.as_deref(), key.rsa_exponent) else {
        return unusable();
    };
    let (Some(prefix), Some(hashed)) = (digest_info_prefix(hash), digest(hash, message)) else {
        return unusable();
    };
    let n = BigUint::from_bytes_be(modulus);
    let k = n.bits().div_ceil(8);
    if n.bits() < 2 || exponent < 3 || sig.len() != k {
        return SignatureOutcome::Invalid;
    }
    let s = BigUint::from_bytes_be(sig);
    if s >= n {
        return SignatureOutcome::Invalid;
    }
    let m = s.modpow(&BigUint::from(exponent), &n).to_bytes_be();
    // EM = 0x00 || 0x01 || PS (0xff, at least 8) || 0x00 || DigestInfo; m lacks the leading 0x00.
    let t_len = prefix.len() + hashed.len();
    let Some(ps_len) = k.checked_sub(t_len + 3).filter(|n| *n >= 8) else {
        return SignatureOutcome::Invalid;
    };
    let mut expected = Vec::with_capacity(k);
    expected.push(0x01);
    expected.resize(1 + ps_len, 0xff);
    expected.push(0x00);
    expected.extend_from_slice(prefix);
    expected.extend_from_slice(&hashed);
    if m == expected {
        SignatureOutcome::Valid
    } else {
        SignatureOutcome::Invalid
    }
}

/// DSA verification (RFC 3279 §2.2.2, §2.3.2) with the key's own parameters, which the
/// signature cache fills in from the issuer when the key inherits them.
fn dsa_verify(hash: Hash, key: &PublicKeyInfo, message: &[u8], sig: &[u8]) -> SignatureOutcome {
    let unusable = SignatureOutcome::Unsupported(UnsupportedSignature::DsaKeyUnusable);
    // Absent and NULL parameters both mean "inherited" (RFC 3279 §2.3.2).
    let params = match key.algorithm.params_der.as_deref() {
        None | Some([0x05, 0x00]) => {
            return SignatureOutcome::Unsupported(UnsupportedSignature::DsaParametersMissing);
        }
        Some(params) => params,
    };
    let Ok(components) = dsa::Components::from_der(params) else {
        return unusable;
    };
    let too_big = components.p().bits() > DSA_MAX_P_BITS || components.q().bits() > DSA_MAX_Q_BITS;
    if too_big {
        return unusable;
    }
    let Ok(y) = der::asn1::UintRef::from_der(&key.key_bytes) else {
        return unusable;
    };
    let Ok(verifying_key) =
        dsa::VerifyingKey::from_components(components, BigUint::from_bytes_be(y.as_bytes()))
    else {
        return unusable;
    };
    let Some(hashed) = digest(hash, message) else {
        return unusable;
    };
    let Ok(signature) = dsa::Signature::from_der(sig) else {
        return SignatureOutcome::Invalid;
    };
    use dsa::signature::hazmat::PrehashVerifier as _;
    match verifying_key.verify_prehash(&hashed, &signature) {
        Ok(()) => SignatureOutcome::Valid,
        Err(_) => SignatureOutcome::Invalid,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_chains::fixture;
    use super::*;
    use crate::model::Certificate;

    fn check(cert: &Certificate, key: &PublicKeyInfo) -> SignatureOutcome {
        verify(
            &cert.signature_algorithm,
            key,
            &cert.tbs_der,
            &cert.signature,
        )
    }

    #[test]
    fn dsa_signatures_verify_with_their_own_or_inherited_parameters() {
        let dsa_ca = fixture("pkits/DSACACert.crt");
        let inheriting_ca = fixture("pkits/DSAParametersInheritedCACert.crt");
        assert_eq!(
            check(
                &fixture("pkits/ValidDSASignaturesTest4EE.crt"),
                &dsa_ca.public_key
            ),
            SignatureOutcome::Valid
        );
        assert_eq!(
            check(
                &fixture("pkits/InvalidDSASignatureTest6EE.crt"),
                &dsa_ca.public_key
            ),
            SignatureOutcome::Invalid
        );
        assert_eq!(
            check(&inheriting_ca, &dsa_ca.public_key),
            SignatureOutcome::Valid
        );
        // Without the DSA CA's parameters the inheriting CA's key cannot verify: not checked,
        // never "does not verify".
        let leaf5 = fixture("pkits/ValidDSAParameterInheritanceTest5EE.crt");
        assert_eq!(
            check(&leaf5, &inheriting_ca.public_key),
            SignatureOutcome::Unsupported(UnsupportedSignature::DsaParametersMissing)
        );
        let mut inherited = inheriting_ca.public_key.clone();
        inherited.algorithm.params_der = dsa_ca.public_key.algorithm.params_der.clone();
        assert_eq!(check(&leaf5, &inherited), SignatureOutcome::Valid);
        // An RSA key is no DSA key.
        let anchor = fixture("pkits/TrustAnchorRootCertificate.crt");
        assert!(matches!(
            check(&leaf5, &anchor.public_key),
            SignatureOutcome::Unsupported(UnsupportedSignature::KeyMismatch { .. })
        ));
    }

    #[test]
    fn ml_dsa_verifies_as_rfc_9881_defines_it_and_nothing_else() {
        let certs: Vec<Certificate> = [44, 65, 87]
            .iter()
            .map(|n| fixture(&format!("mldsa/ml-dsa-{n}-certificate.pem")))
            .collect();
        for cert in &certs {
            assert_eq!(check(cert, &cert.public_key), SignatureOutcome::Valid);
            let mut altered = cert.clone();
            if let Some(byte) = altered.signature.get_mut(100) {
                *byte ^= 0x80;
            }
            assert_eq!(check(&altered, &cert.public_key), SignatureOutcome::Invalid);
            // A truncated signature is a signature that does not verify, not a panic.
            let mut short = cert.clone();
            short.signature.truncate(10);
            assert_eq!(check(&short, &cert.public_key), SignatureOutcome::Invalid);
        }
        let (mldsa44, mldsa65) = (&certs[0], &certs[1]);
        // One parameter set's signature under another's key.
        assert!(matches!(
            check(mldsa65, &mldsa44.public_key),
            SignatureOutcome::Unsupported(UnsupportedSignature::KeyMismatch { .. })
        ));
        // Parameters present (RFC 9881 §2: absent), in the signature or the key algorithm.
        let mut with_params = mldsa65.clone();
        with_params.signature_algorithm.params_der = Some(vec![0x05, 0x00]);
        assert!(matches!(
            check(&with_params, &mldsa65.public_key),
            SignatureOutcome::Unsupported(UnsupportedSignature::MlDsaParameters { .. })
        ));
        let mut key_with_params = mldsa65.public_key.clone();
        key_with_params.algorithm.params_der = Some(vec![0x05, 0x00]);
        assert!(matches!(
            check(mldsa65, &key_with_params),
            SignatureOutcome::Unsupported(UnsupportedSignature::MlDsaParameters { .. })
        ));
        // A key of the wrong length does not decode: said so, not "does not verify".
        let mut short_key = mldsa65.public_key.clone();
        short_key.key_bytes.pop();
        assert_eq!(
            check(mldsa65, &short_key),
            SignatureOutcome::Unsupported(UnsupportedSignature::MlDsaKeySize {
                algorithm: "ML-DSA-65".into(),
                bytes: 1951,
                expected: 1952,
            })
        );
        // An RSA key cannot have made an ML-DSA signature.
        let rsa = fixture("pkits/TrustAnchorRootCertificate.crt");
        assert!(matches!(
            check(mldsa65, &rsa.public_key),
            SignatureOutcome::Unsupported(UnsupportedSignature::KeyMismatch { .. })
        ));
    }

    #[test]
    fn rsa_keys_aws_lc_refuses_are_verified_by_the_plain_path() {
        for path in [
            "rsa-small/rsa512-sha256.pem",
            "rsa-small/rsa1024-sha384.pem",
        ] {
            let cert = fixture(path);
            assert_eq!(
                check(&cert, &cert.public_key),
                SignatureOutcome::Valid,
                "{path}"
            );
            let mut altered = cert.clone();
            if let Some(last) = altered.signature.last_mut() {
                *last ^= 1;
            }
            assert_eq!(
                check(&altered, &cert.public_key),
                SignatureOutcome::Invalid,
                "{path}"
            );
            let mut other_message = cert.clone();
            other_message.tbs_der.push(0);
            assert_eq!(
                check(&other_message, &cert.public_key),
                SignatureOutcome::Invalid,
                "{path}"
            );
        }
    }

    #[test]
    fn the_plain_path_agrees_with_aws_lc_on_a_2048_bit_key() {
        let anchor = fixture("pkits/TrustAnchorRootCertificate.crt");
        assert_eq!(anchor.public_key.bits, Some(2048));
        let hash = hash_of(&anchor.signature_algorithm);
        assert_eq!(
            plain_rsa(hash, &anchor.public_key, &anchor.tbs_der, &anchor.signature),
            SignatureOutcome::Valid
        );
        assert_eq!(check(&anchor, &anchor.public_key), SignatureOutcome::Valid);
    }
}
