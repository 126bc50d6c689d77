//! SubjectPublicKeyInfo → [`PublicKeyInfo`].

use base64::Engine as _;
use sha2::{Digest as _, Sha256};
use x509_parser::asn1_rs::{FromDer, Oid};
use x509_parser::public_key::PublicKey;
use x509_parser::x509::SubjectPublicKeyInfo;

use super::{der, oids};
use crate::model::{AlgorithmId, MlDsaKey, PublicKeyInfo};

const RSA: &str = crate::model::oids::KEY_RSA;
const RSA_PSS: &str = crate::model::oids::SIG_RSA_PSS;
const EC: &str = crate::model::oids::KEY_EC;
const SM2: &str = crate::model::oids::KEY_SM2;

/// Decodes the subject public key: algorithm, size, curve, exponent and the HPKP-style pin.
///
/// A key whose inner structure does not parse (an RSA key that is not a valid RSAPublicKey)
/// is still returned, with the sizes it could not read left empty.
pub(super) fn decode_public_key(spki: &SubjectPublicKeyInfo<'_>) -> PublicKeyInfo {
    let oid = spki.algorithm.algorithm.to_id_string();
    let params_der = der::raw_spki_algorithm(spki.raw).and_then(der::algorithm_params);
    let key_bytes = spki.subject_public_key.data.to_vec();

    let mut bits = None;
    let mut curve = None;
    let mut rsa_exponent = None;
    let mut rsa_modulus = None;
    match oid.as_str() {
        RSA | RSA_PSS => {
            if let Ok(PublicKey::RSA(rsa)) = spki.parsed() {
                bits = Some(unsigned_bit_len(rsa.modulus));
                rsa_exponent = rsa.try_exponent().ok();
                rsa_modulus = Some(rsa.modulus.to_vec());
            } else if let Ok((_, rsa)) = x509_parser::public_key::RSAPublicKey::from_der(&key_bytes)
            {
                // RSASSA-PSS keys carry an RSAPublicKey too; x509-parser only reads it for rsaEncryption.
                bits = Some(unsigned_bit_len(rsa.modulus));
                rsa_exponent = rsa.try_exponent().ok();
                rsa_modulus = Some(rsa.modulus.to_vec());
            }
        }
        EC | SM2 => {
            let curve_oid = params_der
                .as_deref()
                .and_then(|p| Oid::from_der(p).ok())
                .map(|(_, oid)| oid.to_id_string());
            match curve_oid.as_deref().and_then(oids::curve) {
                Some((name, size)) => {
                    curve = Some(name.to_string());
                    bits = Some(size);
                }
                None => {
                    curve = Some(curve_oid.unwrap_or_else(|| "unnamed curve".to_string()));
                    bits = ec_point_bits(&key_bytes);
                }
            }
        }
        _ => {
            if let Ok(key) = spki.parsed() {
                let size = key.key_size();
                if size > 0 {
                    bits = u32::try_from(size).ok();
                }
            }
        }
    }

    // RFC 9881 §4: the BIT STRING holds the raw FIPS 204 public key, no inner structure.
    let ml_dsa = MlDsaKey::for_oid(&oid, key_bytes.len());
    PublicKeyInfo {
        ml_dsa,
        algorithm: AlgorithmId {
            name: oids::algorithm_name_or_oid(&oid),
            oid,
            params_der,
        },
        bits,
        curve,
        rsa_exponent,
        rsa_modulus,
        spki_sha256_base64: base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(spki.raw)),
        key_bytes,
        spki_der: spki.raw.to_vec(),
    }
}

/// The bit length of a big-endian unsigned integer (leading zero octets and bits ignored).
fn unsigned_bit_len(bytes: &[u8]) -> u32 {
    let significant: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    let Some(first) = significant.first() else {
        return 0;
    };
    let len = u32::try_from(significant.len()).unwrap_or(u32::MAX / 8);
    len.saturating_mul(8).saturating_sub(first.leading_zeros())
}

/// The field size of an EC point in SEC1 form, when the curve is not one chainlens knows.
fn ec_point_bits(point: &[u8]) -> Option<u32> {
    let coordinate_len = match point {
        [4, rest @ ..] => rest.len() / 2,
        [2 | 3, rest @ ..] => rest.len(),
        _ => return None,
    };
    u32::try_from(coordinate_len.checked_mul(8)?)
        .ok()
        .filter(|b| *b > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_lengths() {
        assert_eq!(unsigned_bit_len(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(unsigned_bit_len(&[0x01, 0x00]), 9);
        assert_eq!(unsigned_bit_len(&[0x00]), 0);
        assert_eq!(unsigned_bit_len(&[]), 0);
        assert_eq!(ec_point_bits(&[4, 1, 2, 3, 4]), Some(16));
        assert_eq!(ec_point_bits(&[]), None);
    }
}
