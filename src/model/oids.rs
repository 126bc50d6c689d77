//! Dotted OIDs that chainlens's rules refer to, named once. (The tables that turn OIDs into
//! openssl-style names for display live in `decode`.)
//!
//! The model keeps OIDs as dotted text (what JSON carries and what rules `match` on), so each
//! constant here is text; every one the `oid-registry` crate defines is tied to that
//! registry's constant by [`REGISTRY`] and a test, and the few it lacks are in one override
//! block at the end, each with the document that assigns it.

/// keyUsage.
pub const KEY_USAGE: &str = "2.5.29.15";
/// subjectAltName.
pub const SUBJECT_ALT_NAME: &str = "2.5.29.17";
/// basicConstraints.
pub const BASIC_CONSTRAINTS: &str = "2.5.29.19";
/// nameConstraints.
pub const NAME_CONSTRAINTS: &str = "2.5.29.30";
/// extendedKeyUsage.
pub const EXTENDED_KEY_USAGE: &str = "2.5.29.37";
/// subjectKeyIdentifier.
pub const SUBJECT_KEY_IDENTIFIER: &str = "2.5.29.14";
/// authorityKeyIdentifier.
pub const AUTHORITY_KEY_IDENTIFIER: &str = "2.5.29.35";
/// certificatePolicies.
pub const CERTIFICATE_POLICIES: &str = "2.5.29.32";
/// policyMappings.
pub const POLICY_MAPPINGS: &str = "2.5.29.33";
/// policyConstraints.
pub const POLICY_CONSTRAINTS: &str = "2.5.29.36";
/// inhibitAnyPolicy.
pub const INHIBIT_ANY_POLICY: &str = "2.5.29.54";
/// authorityInfoAccess.
pub const AUTHORITY_INFO_ACCESS: &str = "1.3.6.1.5.5.7.1.1";
/// SHA-1, as a hash algorithm (OCSP CertIDs).
pub const HASH_SHA1: &str = "1.3.14.3.2.26";
/// SHA-256, as a hash algorithm (OCSP CertIDs).
pub const HASH_SHA256: &str = "2.16.840.1.101.3.4.2.1";
/// cRLNumber.
pub const CRL_NUMBER: &str = "2.5.29.20";
/// issuingDistributionPoint.
pub const ISSUING_DISTRIBUTION_POINT: &str = "2.5.29.28";
/// reasonCode (a CRL entry extension).
pub const REASON_CODE: &str = "2.5.29.21";
/// invalidityDate (a CRL entry extension).
pub const INVALIDITY_DATE: &str = "2.5.29.24";

/// rsaEncryption.
pub const KEY_RSA: &str = "1.2.840.113549.1.1.1";
/// id-ecPublicKey.
pub const KEY_EC: &str = "1.2.840.10045.2.1";
/// id-Ed25519.
pub const KEY_ED25519: &str = "1.3.101.112";
/// id-Ed448.
pub const KEY_ED448: &str = "1.3.101.113";
/// id-dsa (RFC 3279 §2.3.2).
pub const KEY_DSA: &str = "1.2.840.10040.4.1";

/// md2WithRSAEncryption.
pub const SIG_MD2_RSA: &str = "1.2.840.113549.1.1.2";
/// md5WithRSAEncryption.
pub const SIG_MD5_RSA: &str = "1.2.840.113549.1.1.4";
/// sha1WithRSAEncryption.
pub const SIG_SHA1_RSA: &str = "1.2.840.113549.1.1.5";
/// sha1WithRSA (the old OIW form).
pub const SIG_SHA1_RSA_OIW: &str = "1.3.14.3.2.29";
/// RSASSA-PSS.
pub const SIG_RSA_PSS: &str = "1.2.840.113549.1.1.10";
/// sha256WithRSAEncryption.
pub const SIG_SHA256_RSA: &str = "1.2.840.113549.1.1.11";
/// sha384WithRSAEncryption.
pub const SIG_SHA384_RSA: &str = "1.2.840.113549.1.1.12";
/// sha512WithRSAEncryption.
pub const SIG_SHA512_RSA: &str = "1.2.840.113549.1.1.13";
/// sha224WithRSAEncryption.
pub const SIG_SHA224_RSA: &str = "1.2.840.113549.1.1.14";
/// ecdsa-with-SHA224.
pub const SIG_ECDSA_SHA224: &str = "1.2.840.10045.4.3.1";
/// ecdsa-with-SHA256.
pub const SIG_ECDSA_SHA256: &str = "1.2.840.10045.4.3.2";
/// ecdsa-with-SHA384.
pub const SIG_ECDSA_SHA384: &str = "1.2.840.10045.4.3.3";
/// ecdsa-with-SHA512.
pub const SIG_ECDSA_SHA512: &str = "1.2.840.10045.4.3.4";
/// dsaWithSHA1.
pub const SIG_DSA_SHA1: &str = "1.2.840.10040.4.3";
/// Ed25519 signatures use the key OID.
pub const SIG_ED25519: &str = KEY_ED25519;

/// emailAddress, the PKCS #9 attribute some subjects still carry.
pub const ATTR_EMAIL_ADDRESS: &str = "1.2.840.113549.1.9.1";

/// Every constant above with the `oid-registry` constant it must equal (checked by a test):
/// the registry is the reference, this file only spells it as text.
#[cfg(test)]
const REGISTRY: &[(&str, oid_registry::Oid<'static>)] = {
    use oid_registry::*;
    &[
        (KEY_USAGE, OID_X509_EXT_KEY_USAGE),
        (SUBJECT_ALT_NAME, OID_X509_EXT_SUBJECT_ALT_NAME),
        (BASIC_CONSTRAINTS, OID_X509_EXT_BASIC_CONSTRAINTS),
        (NAME_CONSTRAINTS, OID_X509_EXT_NAME_CONSTRAINTS),
        (EXTENDED_KEY_USAGE, OID_X509_EXT_EXTENDED_KEY_USAGE),
        (SUBJECT_KEY_IDENTIFIER, OID_X509_EXT_SUBJECT_KEY_IDENTIFIER),
        (
            AUTHORITY_KEY_IDENTIFIER,
            OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER,
        ),
        (CERTIFICATE_POLICIES, OID_X509_EXT_CERTIFICATE_POLICIES),
        (POLICY_MAPPINGS, OID_X509_EXT_POLICY_MAPPINGS),
        (POLICY_CONSTRAINTS, OID_X509_EXT_POLICY_CONSTRAINTS),
        (INHIBIT_ANY_POLICY, OID_X509_EXT_INHIBIT_ANY_POLICY),
        (AUTHORITY_INFO_ACCESS, OID_PKIX_AUTHORITY_INFO_ACCESS),
        (HASH_SHA1, OID_HASH_SHA1),
        (HASH_SHA256, OID_NIST_HASH_SHA256),
        (CRL_NUMBER, OID_X509_EXT_CRL_NUMBER),
        (
            ISSUING_DISTRIBUTION_POINT,
            OID_X509_EXT_ISSUER_DISTRIBUTION_POINT,
        ),
        (REASON_CODE, OID_X509_EXT_REASON_CODE),
        (INVALIDITY_DATE, OID_X509_EXT_INVALIDITY_DATE),
        (KEY_RSA, OID_PKCS1_RSAENCRYPTION),
        (KEY_EC, OID_KEY_TYPE_EC_PUBLIC_KEY),
        (KEY_ED25519, OID_SIG_ED25519),
        (KEY_ED448, OID_SIG_ED448),
        (KEY_DSA, OID_KEY_TYPE_DSA),
        (SIG_MD2_RSA, OID_PKCS1_MD2WITHRSAENC),
        (SIG_MD5_RSA, OID_PKCS1_MD5WITHRSAENC),
        (SIG_SHA1_RSA, OID_PKCS1_SHA1WITHRSA),
        (SIG_SHA1_RSA_OIW, OID_SHA1_WITH_RSA),
        (SIG_RSA_PSS, OID_PKCS1_RSASSAPSS),
        (SIG_SHA256_RSA, OID_PKCS1_SHA256WITHRSA),
        (SIG_SHA384_RSA, OID_PKCS1_SHA384WITHRSA),
        (SIG_SHA512_RSA, OID_PKCS1_SHA512WITHRSA),
        (SIG_SHA224_RSA, OID_PKCS1_SHA224WITHRSA),
        (SIG_ECDSA_SHA224, OID_SIG_ECDSA_WITH_SHA224),
        (SIG_ECDSA_SHA256, OID_SIG_ECDSA_WITH_SHA256),
        (SIG_ECDSA_SHA384, OID_SIG_ECDSA_WITH_SHA384),
        (SIG_ECDSA_SHA512, OID_SIG_ECDSA_WITH_SHA512),
        (SIG_DSA_SHA1, OID_SIG_DSA_WITH_SHA1),
        (ATTR_EMAIL_ADDRESS, OID_PKCS9_EMAIL_ADDRESS),
    ]
};

// Overrides: OIDs that oid-registry 0.8 does not define.

/// anyExtendedKeyUsage (RFC 5280 §4.2.1.12).
pub const EKU_ANY: &str = "2.5.29.37.0";
/// id-kp-serverAuth (RFC 5280 §4.2.1.12).
pub const EKU_SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
/// id-kp-clientAuth (RFC 5280 §4.2.1.12).
pub const EKU_CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";
/// id-kp-OCSPSigning (RFC 6960 §4.2.2.2).
pub const EKU_OCSP_SIGNING: &str = "1.3.6.1.5.5.7.3.9";
/// id-pkix-ocsp-basic, the basic OCSP response type (RFC 6960 §4.2.1).
pub const OCSP_BASIC: &str = "1.3.6.1.5.5.7.48.1.1";
/// id-pe-tlsfeature, the TLS feature ("must staple") extension (RFC 7633).
pub const TLS_FEATURE: &str = "1.3.6.1.5.5.7.1.24";
/// The precertificate poison extension (RFC 6962 §3.1).
pub const CT_POISON: &str = "1.3.6.1.4.1.11129.2.4.3";
/// id-X25519 (RFC 8410).
pub const KEY_X25519: &str = "1.3.101.110";
/// id-X448 (RFC 8410).
pub const KEY_X448: &str = "1.3.101.111";
/// SM2 public keys (GM/T 0006), read like EC keys.
pub const KEY_SM2: &str = "1.2.156.10197.1.301";
/// ecdsa-with-SHA1 (RFC 3279).
pub const SIG_ECDSA_SHA1: &str = "1.2.840.10045.4.1";
/// anyPolicy, the certificate policy that stands for every policy (RFC 5280 §4.2.1.4).
pub const ANY_POLICY: &str = "2.5.29.32.0";
/// id-dsa-with-sha224 (RFC 5758 §3.1).
pub const SIG_DSA_SHA224: &str = "2.16.840.1.101.3.4.3.1";
/// id-dsa-with-sha256 (RFC 5758 §3.1).
pub const SIG_DSA_SHA256: &str = "2.16.840.1.101.3.4.3.2";
/// id-ml-dsa-44 (FIPS 204, RFC 9881 §2): the signature and the key algorithm alike.
pub const ML_DSA_44: &str = "2.16.840.1.101.3.4.3.17";
/// id-ml-dsa-65 (FIPS 204, RFC 9881 §2).
pub const ML_DSA_65: &str = "2.16.840.1.101.3.4.3.18";
/// id-ml-dsa-87 (FIPS 204, RFC 9881 §2).
pub const ML_DSA_87: &str = "2.16.840.1.101.3.4.3.19";
/// id-qt-cps, the CPS pointer policy qualifier (RFC 5280 §4.2.1.4).
pub const QT_CPS: &str = "1.3.6.1.5.5.7.2.1";
/// id-qt-unotice, the user notice policy qualifier (RFC 5280 §4.2.1.4).
pub const QT_USER_NOTICE: &str = "1.3.6.1.5.5.7.2.2";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_constant_is_the_registry_s() {
        for (text, oid) in REGISTRY {
            assert_eq!(*text, oid.to_id_string());
        }
    }

    #[test]
    fn the_overrides_are_not_in_the_registry() {
        // An override the registry gains should move up into REGISTRY.
        let registry = oid_registry::OidRegistry::default()
            .with_crypto()
            .with_x509()
            .with_x962();
        for text in [
            EKU_ANY,
            EKU_SERVER_AUTH,
            EKU_CLIENT_AUTH,
            EKU_OCSP_SIGNING,
            OCSP_BASIC,
            TLS_FEATURE,
            CT_POISON,
            KEY_X25519,
            KEY_X448,
            KEY_SM2,
            SIG_ECDSA_SHA1,
            ANY_POLICY,
            SIG_DSA_SHA224,
            SIG_DSA_SHA256,
            ML_DSA_44,
            ML_DSA_65,
            ML_DSA_87,
            QT_CPS,
            QT_USER_NOTICE,
        ] {
            let oid: oid_registry::Oid<'static> = text.parse().unwrap();
            assert!(registry.get(&oid).is_none(), "{text} is in the registry");
        }
    }
}
