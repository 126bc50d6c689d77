//! Readable names for the OIDs chainlens shows, spelled the way openssl prints them,
//! so that chainlens output can be compared line by line with `openssl x509 -text`.

/// openssl's short name for a signature or public-key algorithm.
pub(crate) fn algorithm_name(oid: &str) -> Option<&'static str> {
    let name = match oid {
        // RSA (PKCS #1)
        "1.2.840.113549.1.1.1" => "rsaEncryption",
        "1.2.840.113549.1.1.2" => "md2WithRSAEncryption",
        "1.2.840.113549.1.1.3" => "md4WithRSAEncryption",
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.7" => "rsaesOaep",
        "1.2.840.113549.1.1.10" => "rsassaPss",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.14" => "sha224WithRSAEncryption",
        "1.2.840.113549.1.1.15" => "sha512-224WithRSAEncryption",
        "1.2.840.113549.1.1.16" => "sha512-256WithRSAEncryption",
        "1.3.14.3.2.29" => "sha1WithRSA",
        "2.16.840.1.101.3.4.3.13" => "RSA-SHA3-224",
        "2.16.840.1.101.3.4.3.14" => "RSA-SHA3-256",
        "2.16.840.1.101.3.4.3.15" => "RSA-SHA3-384",
        "2.16.840.1.101.3.4.3.16" => "RSA-SHA3-512",
        // Elliptic curves
        "1.2.840.10045.2.1" => "id-ecPublicKey",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.1" => "ecdsa-with-SHA224",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "2.16.840.1.101.3.4.3.9" => "ecdsa_with_SHA3-224",
        "2.16.840.1.101.3.4.3.10" => "ecdsa_with_SHA3-256",
        "2.16.840.1.101.3.4.3.11" => "ecdsa_with_SHA3-384",
        "2.16.840.1.101.3.4.3.12" => "ecdsa_with_SHA3-512",
        "1.3.101.110" => "X25519",
        "1.3.101.111" => "X448",
        "1.3.101.112" => "ED25519",
        "1.3.101.113" => "ED448",
        // DSA
        "1.2.840.10040.4.1" => "dsaEncryption",
        "1.2.840.10040.4.3" => "dsaWithSHA1",
        "2.16.840.1.101.3.4.3.1" => "dsa_with_SHA224",
        "2.16.840.1.101.3.4.3.2" => "dsa_with_SHA256",
        // Chinese national algorithms
        "1.2.156.10197.1.301" => "SM2",
        "1.2.156.10197.1.501" => "SM2-with-SM3",
        // Post-quantum (FIPS 204)
        "2.16.840.1.101.3.4.3.17" => "ML-DSA-44",
        "2.16.840.1.101.3.4.3.18" => "ML-DSA-65",
        "2.16.840.1.101.3.4.3.19" => "ML-DSA-87",
        _ => return None,
    };
    Some(name)
}

/// A named elliptic curve: its name and field size in bits.
pub(crate) fn curve(oid: &str) -> Option<(&'static str, u32)> {
    let curve = match oid {
        "1.2.840.10045.3.1.1" => ("P-192", 192),
        "1.3.132.0.33" => ("P-224", 224),
        "1.2.840.10045.3.1.7" => ("P-256", 256),
        "1.3.132.0.34" => ("P-384", 384),
        "1.3.132.0.35" => ("P-521", 521),
        "1.3.132.0.10" => ("secp256k1", 256),
        "1.3.36.3.3.2.8.1.1.7" => ("brainpoolP256r1", 256),
        "1.3.36.3.3.2.8.1.1.11" => ("brainpoolP384r1", 384),
        "1.3.36.3.3.2.8.1.1.13" => ("brainpoolP512r1", 512),
        "1.2.156.10197.1.301" => ("SM2", 256),
        _ => return None,
    };
    Some(curve)
}

/// openssl's short name for a name attribute type (`CN`, `O`, …).
pub(crate) fn attribute_short_name(oid: &str) -> Option<&'static str> {
    let name = match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "title",
        "2.5.4.13" => "description",
        "2.5.4.15" => "businessCategory",
        "2.5.4.16" => "postalAddress",
        "2.5.4.17" => "postalCode",
        "2.5.4.18" => "postOfficeBox",
        "2.5.4.41" => "name",
        "2.5.4.42" => "GN",
        "2.5.4.43" => "initials",
        "2.5.4.44" => "generationQualifier",
        "2.5.4.45" => "x500UniqueIdentifier",
        "2.5.4.46" => "dnQualifier",
        "2.5.4.65" => "pseudonym",
        "2.5.4.72" => "role",
        "2.5.4.97" => "organizationIdentifier",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "1.2.840.113549.1.9.2" => "unstructuredName",
        "0.9.2342.19200300.100.1.1" => "UID",
        "0.9.2342.19200300.100.1.25" => "DC",
        "1.3.6.1.4.1.311.60.2.1.1" => "jurisdictionL",
        "1.3.6.1.4.1.311.60.2.1.2" => "jurisdictionST",
        "1.3.6.1.4.1.311.60.2.1.3" => "jurisdictionC",
        _ => return None,
    };
    Some(name)
}

/// openssl's display name for an extension (`X509v3 Subject Alternative Name`).
pub(crate) fn extension_name(oid: &str) -> Option<&'static str> {
    let name = match oid {
        "2.5.29.9" => "X509v3 Subject Directory Attributes",
        "2.5.29.14" => "X509v3 Subject Key Identifier",
        "2.5.29.15" => "X509v3 Key Usage",
        "2.5.29.16" => "X509v3 Private Key Usage Period",
        "2.5.29.17" => "X509v3 Subject Alternative Name",
        "2.5.29.18" => "X509v3 Issuer Alternative Name",
        "2.5.29.19" => "X509v3 Basic Constraints",
        "2.5.29.30" => "X509v3 Name Constraints",
        "2.5.29.31" => "X509v3 CRL Distribution Points",
        "2.5.29.32" => "X509v3 Certificate Policies",
        "2.5.29.33" => "X509v3 Policy Mappings",
        "2.5.29.35" => "X509v3 Authority Key Identifier",
        "2.5.29.36" => "X509v3 Policy Constraints",
        "2.5.29.37" => "X509v3 Extended Key Usage",
        "2.5.29.46" => "X509v3 Freshest CRL",
        "2.5.29.54" => "X509v3 Inhibit Any Policy",
        "1.3.6.1.5.5.7.1.1" => "Authority Information Access",
        "1.3.6.1.5.5.7.1.3" => "qcStatements",
        "1.3.6.1.5.5.7.1.11" => "Subject Information Access",
        "1.3.6.1.5.5.7.1.24" => "TLS Feature",
        "1.3.6.1.5.5.7.48.1.5" => "OCSP No Check",
        "1.3.6.1.4.1.11129.2.4.2" => "CT Precertificate SCTs",
        "1.3.6.1.4.1.11129.2.4.3" => "CT Precertificate Poison",
        "1.3.6.1.4.1.11129.2.4.5" => "CT Certificate SCTs",
        "2.16.840.1.113730.1.1" => "Netscape Cert Type",
        "2.16.840.1.113730.1.13" => "Netscape Comment",
        _ => return None,
    };
    Some(name)
}

/// openssl's name for an access method of authorityInfoAccess / subjectInfoAccess.
pub(crate) fn access_method_name(oid: &str) -> Option<&'static str> {
    let name = match oid {
        "1.3.6.1.5.5.7.48.1" => "OCSP",
        "1.3.6.1.5.5.7.48.2" => "CA Issuers",
        "1.3.6.1.5.5.7.48.3" => "Time Stamping",
        "1.3.6.1.5.5.7.48.5" => "CA Repository",
        _ => return None,
    };
    Some(name)
}

/// Well-known certificate policies.
pub(crate) fn policy_name(oid: &str) -> Option<&'static str> {
    let name = match oid {
        "2.5.29.32.0" => "anyPolicy",
        "2.23.140.1.1" => "CA/B Forum Extended Validation",
        "2.23.140.1.2.1" => "CA/B Forum Domain Validated",
        "2.23.140.1.2.2" => "CA/B Forum Organization Validated",
        "2.23.140.1.2.3" => "CA/B Forum Individual Validated",
        "2.23.140.1.3" => "CA/B Forum Extended Validation Code Signing",
        "2.23.140.1.4.1" => "CA/B Forum Code Signing",
        _ => return None,
    };
    Some(name)
}

/// The readable name of an algorithm OID, or the OID itself.
pub(crate) fn algorithm_name_or_oid(oid: &str) -> String {
    algorithm_name(oid).map_or_else(|| oid.to_string(), str::to_string)
}

/// openssl's names for common extended key usage purposes.
pub(crate) fn eku_name(oid: &str) -> Option<&'static str> {
    let name = match oid {
        "1.3.6.1.5.5.7.3.1" => "TLS Web Server Authentication",
        "1.3.6.1.5.5.7.3.2" => "TLS Web Client Authentication",
        "1.3.6.1.5.5.7.3.3" => "Code Signing",
        "1.3.6.1.5.5.7.3.4" => "E-mail Protection",
        "1.3.6.1.5.5.7.3.5" => "IPSec End System",
        "1.3.6.1.5.5.7.3.6" => "IPSec Tunnel",
        "1.3.6.1.5.5.7.3.7" => "IPSec User",
        "1.3.6.1.5.5.7.3.8" => "Time Stamping",
        "1.3.6.1.5.5.7.3.9" => "OCSP Signing",
        "1.3.6.1.5.5.7.3.17" => "ipsec Internet Key Exchange",
        "1.3.6.1.5.5.7.3.21" => "SSH Client",
        "1.3.6.1.5.5.7.3.22" => "SSH Server",
        "2.5.29.37.0" => "Any Extended Key Usage",
        "1.3.6.1.4.1.311.2.1.21" => "Microsoft Individual Code Signing",
        "1.3.6.1.4.1.311.2.1.22" => "Microsoft Commercial Code Signing",
        "1.3.6.1.4.1.311.10.3.1" => "Microsoft Trust List Signing",
        "1.3.6.1.4.1.311.10.3.3" => "Microsoft Server Gated Crypto",
        "1.3.6.1.4.1.311.10.3.4" => "Microsoft Encrypted File System",
        "1.3.6.1.4.1.311.20.2.2" => "Microsoft Smartcard Login",
        "2.16.840.1.113730.4.1" => "Netscape Server Gated Crypto",
        "1.3.6.1.4.1.11129.2.4.4" => "CT Precertificate Signer",
        "1.3.6.1.5.2.3.5" => "Signing KDC Response",
        _ => return None,
    };
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_openssl_spelling() {
        assert_eq!(
            algorithm_name("1.2.840.113549.1.1.11"),
            Some("sha256WithRSAEncryption")
        );
        assert_eq!(
            algorithm_name("1.2.840.10045.4.3.2"),
            Some("ecdsa-with-SHA256")
        );
        assert_eq!(algorithm_name("1.3.101.112"), Some("ED25519"));
        assert_eq!(algorithm_name_or_oid("1.2.3.4"), "1.2.3.4");
        assert_eq!(
            extension_name("2.5.29.17"),
            Some("X509v3 Subject Alternative Name")
        );
        assert_eq!(extension_name("1.3.6.1.5.5.7.1.24"), Some("TLS Feature"));
        assert_eq!(curve("1.3.132.0.35"), Some(("P-521", 521)));
        assert_eq!(
            attribute_short_name("2.5.4.97"),
            Some("organizationIdentifier")
        );
    }
}
