//! Dotted OIDs that chainlens's rules refer to, named once. (The tables that turn OIDs into
//! openssl-style names for display live in `decode`.)

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
/// authorityInfoAccess.
pub const AUTHORITY_INFO_ACCESS: &str = "1.3.6.1.5.5.7.1.1";

/// anyExtendedKeyUsage.
pub const EKU_ANY: &str = "2.5.29.37.0";
/// id-kp-serverAuth.
pub const EKU_SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
/// id-kp-clientAuth.
pub const EKU_CLIENT_AUTH: &str = "1.3.6.1.5.5.7.3.2";

/// rsaEncryption.
pub const KEY_RSA: &str = "1.2.840.113549.1.1.1";
/// id-ecPublicKey.
pub const KEY_EC: &str = "1.2.840.10045.2.1";
/// id-Ed25519.
pub const KEY_ED25519: &str = "1.3.101.112";
/// id-Ed448.
pub const KEY_ED448: &str = "1.3.101.113";
/// id-X25519.
pub const KEY_X25519: &str = "1.3.101.110";
/// id-X448.
pub const KEY_X448: &str = "1.3.101.111";

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
/// ecdsa-with-SHA1.
pub const SIG_ECDSA_SHA1: &str = "1.2.840.10045.4.1";
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

/// id-qt-cps, the CPS pointer policy qualifier.
pub const QT_CPS: &str = "1.3.6.1.5.5.7.2.1";
/// id-qt-unotice, the user notice policy qualifier.
pub const QT_USER_NOTICE: &str = "1.3.6.1.5.5.7.2.2";
