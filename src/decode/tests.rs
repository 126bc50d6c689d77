//! Decoding real certificates: the AWS IoT chain, the Amazon and Starfield roots and the
//! badssl.com chains (fixtures in `tests/data/`, origins beside them).

use std::path::{Path, PathBuf};

use super::*;
use crate::model::{ExtensionValue, GeneralName};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn aws_iot_dir() -> PathBuf {
    manifest_dir().join("tests/data/aws-iot-us-east-1")
}

/// The test fixtures.
fn corpus_dir() -> PathBuf {
    manifest_dir().join("tests/data")
}

/// Every CERTIFICATE block of a PEM file, as DER.
fn pem_certificates(path: &Path) -> Vec<Vec<u8>> {
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("{e}: {}", path.display()));
    let blocks = pem::parse_many(&text).unwrap_or_else(|e| panic!("{e}: {}", path.display()));
    blocks
        .into_iter()
        .filter(|p| p.tag() == "CERTIFICATE")
        .map(pem::Pem::into_contents)
        .collect()
}

/// The first certificate of a PEM file, decoded.
fn decode_first(path: &Path) -> Certificate {
    let ders = pem_certificates(path);
    let Some(der) = ders.first() else {
        panic!("no certificate in {}", path.display())
    };
    decode_certificate(der).unwrap_or_else(|e| panic!("{e:#}: {}", path.display()))
}

fn leaf() -> Certificate {
    decode_first(&aws_iot_dir().join("leaf-star.iot.us-east-1.amazonaws.com.pem"))
}

fn value<'a>(cert: &'a Certificate, oid: &str) -> &'a ExtensionValue {
    match cert.extension(oid) {
        Some(ext) => &ext.value,
        None => panic!("extension {oid} missing"),
    }
}

#[test]
fn decodes_every_corpus_certificate() {
    let dirs = [
        aws_iot_dir(),
        corpus_dir().join("aws-roots"),
        corpus_dir().join("badssl"),
        corpus_dir().join("badssl/roots"),
    ];
    let mut decoded = 0;
    for dir in dirs {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}: {}", dir.display()));
        for entry in entries {
            let path = entry.map(|e| e.path()).unwrap_or_default();
            if !matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("pem" | "crt")
            ) {
                continue;
            }
            for der in pem_certificates(&path) {
                let cert = decode_certificate(&der)
                    .unwrap_or_else(|e| panic!("{e:#}: {}", path.display()));
                assert_eq!(cert.der, der);
                assert!(cert.signature_algorithms_match, "{}", path.display());
                for ext in &cert.extensions {
                    assert!(
                        !matches!(ext.value, ExtensionValue::Malformed { .. }),
                        "{} in {}: {:?}",
                        ext.name,
                        path.display(),
                        ext.value
                    );
                }
                decoded += 1;
            }
        }
    }
    // 3 AWS IoT, 7 roots, 21 badssl chain certificates, 3 badssl roots.
    assert!(decoded >= 34, "only {decoded} certificates decoded");
}

#[test]
fn aws_iot_leaf_fields() {
    let cert = leaf();
    assert_eq!(cert.version, 3);
    assert_eq!(cert.serial, "0222ec97dc5fdf837ec45cde9a232da5");
    assert_eq!(cert.signature_algorithm.name, "sha256WithRSAEncryption");
    assert_eq!(cert.signature_algorithm.params_der, Some(vec![0x05, 0x00]));
    assert!(cert.signature_algorithms_match);
    assert!(!cert.has_unique_ids);
    assert_eq!(cert.subject.one_line, "CN = *.iot.us-east-1.amazonaws.com");
    assert_eq!(
        cert.issuer.one_line,
        "C = US, O = Amazon, OU = Server CA 1B, CN = Amazon"
    );
    assert_eq!(
        cert.validity.not_before,
        time::macros::datetime!(2022-09-08 00:00:00 UTC)
    );
    assert_eq!(
        cert.validity.not_after,
        time::macros::datetime!(2023-08-14 23:59:59 UTC)
    );
    assert_eq!(cert.signature.len(), 256);
    assert_eq!(cert.signature_hex, hex::encode(&cert.signature));
    assert!(
        cert.der
            .windows(cert.tbs_der.len())
            .any(|w| w == cert.tbs_der)
    );

    // Key: RSA 2048, e = 65537.
    assert!(cert.public_key.is_rsa());
    assert_eq!(cert.public_key.algorithm.name, "rsaEncryption");
    assert_eq!(cert.public_key.bits, Some(2048));
    assert_eq!(cert.public_key.rsa_exponent, Some(65537));
    assert_eq!(cert.public_key.summary(), "RSA 2048 bits");

    // SAN.
    let Some(san) = cert.subject_alt_names() else {
        panic!("no SAN")
    };
    assert_eq!(
        san,
        [
            GeneralName::Dns("iot.us-east-1.amazonaws.com".to_string()),
            GeneralName::Dns("*.iot.us-east-1.amazonaws.com".to_string()),
        ]
    );

    // EKU: server then client auth.
    assert_eq!(
        cert.extended_key_usage(),
        Some(
            &[
                "1.3.6.1.5.5.7.3.1".to_string(),
                "1.3.6.1.5.5.7.3.2".to_string()
            ][..]
        )
    );

    // Key usage, critical.
    let Some(ku) = cert.key_usage() else {
        panic!("no key usage")
    };
    assert_eq!(ku.names(), ["Digital Signature", "Key Encipherment"]);
    assert!(cert.extension("2.5.29.15").is_some_and(|e| e.critical));
    assert_eq!(cert.basic_constraints(), Some((false, None)));

    // Key identifiers.
    assert_eq!(
        cert.authority_key_id().map(hex::encode),
        Some("59a4660652a07b95923ca394072796745bf93dd0".to_string())
    );
    assert_eq!(
        cert.subject_key_id().map(hex::encode),
        Some("78b35e12717f80c5e726148903affdd388ce02e5".to_string())
    );

    // AIA: OCSP and CA Issuers.
    let ExtensionValue::AuthorityInfoAccess(aia) = value(&cert, "1.3.6.1.5.5.7.1.1") else {
        panic!("AIA not decoded")
    };
    assert_eq!(
        aia,
        &[
            (
                "OCSP".to_string(),
                GeneralName::Uri("http://ocsp.sca1b.amazontrust.com".to_string())
            ),
            (
                "CA Issuers".to_string(),
                GeneralName::Uri("http://crt.sca1b.amazontrust.com/sca1b.crt".to_string())
            ),
        ]
    );

    // CRL distribution point.
    let ExtensionValue::CrlDistributionPoints(dps) = value(&cert, "2.5.29.31") else {
        panic!("CRL DP not decoded")
    };
    assert_eq!(
        dps.first().map(|dp| dp.names.clone()),
        Some(vec![GeneralName::Uri(
            "http://crl.sca1b.amazontrust.com/sca1b-1.crl".to_string()
        )])
    );

    // Certificate policy: CA/B Forum DV.
    let ExtensionValue::CertificatePolicies(policies) = value(&cert, "2.5.29.32") else {
        panic!("policies not decoded")
    };
    assert_eq!(policies.len(), 1);
    assert!(
        policies.iter().all(|p| p.oid == "2.23.140.1.2.1"
            && p.name.as_deref() == Some("CA/B Forum Domain Validated"))
    );

    // Three SCTs from well-known logs, named as the bundled lists name them: Chrome's list of
    // 2026 no longer holds these expired 2023 shards, Apple's does (with its own spelling).
    let sct_ext = cert.extension("1.3.6.1.4.1.11129.2.4.2");
    assert_eq!(
        sct_ext.map(|e| e.name.as_str()),
        Some("CT Precertificate SCTs")
    );
    let ExtensionValue::SctList(scts) = value(&cert, "1.3.6.1.4.1.11129.2.4.2") else {
        panic!("SCTs not decoded")
    };
    assert_eq!(scts.len(), 3);
    let names: Vec<_> = scts.iter().map(|s| s.log_name.as_deref()).collect();
    assert_eq!(
        names,
        [
            Some("Google 'Argon 2023' log"),
            Some("DigiCert 'Yeti 2023' log"),
            Some("Let's Encrypt 'Oak2023' log"),
        ]
    );
    let Some(first) = scts.first() else {
        panic!("no SCT")
    };
    assert_eq!(first.version, 0);
    assert_eq!(
        first.log_id_base64,
        "6D7Q2j71BjUy51covIlryQPTy9ERa+zraeF3fW0GvW4="
    );
    assert_eq!(first.timestamp, "2022-09-08T17:11:11.789Z");
    assert_eq!(first.signature_algorithm, "sha256/ecdsa");

    // Display names as openssl prints them, in encoding order.
    let ext_names: Vec<_> = cert.extensions.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        ext_names,
        [
            "X509v3 Authority Key Identifier",
            "X509v3 Subject Key Identifier",
            "X509v3 Subject Alternative Name",
            "X509v3 Key Usage",
            "X509v3 Extended Key Usage",
            "X509v3 CRL Distribution Points",
            "X509v3 Certificate Policies",
            "Authority Information Access",
            "X509v3 Basic Constraints",
            "CT Precertificate SCTs",
        ]
    );
}

#[test]
fn amazon_root_ca_1() {
    let cert = decode_first(&corpus_dir().join("aws-roots/Amazon_Root_CA_1.pem"));
    assert_eq!(
        cert.subject.one_line,
        "C = US, O = Amazon, CN = Amazon Root CA 1"
    );
    assert!(cert.is_self_issued());
    assert!(cert.is_ca());
    // `openssl x509 -noout -fingerprint -sha256` / `-sha1`
    assert_eq!(
        cert.sha256,
        "8E:CD:E6:88:4F:3D:87:B1:12:5B:A3:1A:C3:FC:B1:3D:70:16:DE:7F:57:CC:90:4F:E1:CB:97:C6:AE:98:19:6E"
    );
    assert_eq!(
        cert.sha1,
        "8D:A7:F9:65:EC:5E:FC:37:91:0F:1C:6E:59:FD:C1:CC:6A:6E:DE:16"
    );
    // `openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`
    assert_eq!(
        cert.public_key.spki_sha256_base64,
        "++MBgDH5WGvL9Bcn5Be30cRcL0f5O+NyoXuWtQdX1aI="
    );
    assert_eq!(cert.public_key.bits, Some(2048));
}

#[test]
fn amazon_root_ca_3_is_p256() {
    let cert = decode_first(&corpus_dir().join("aws-roots/Amazon_Root_CA_3.pem"));
    assert_eq!(cert.public_key.algorithm.name, "id-ecPublicKey");
    assert_eq!(cert.public_key.curve.as_deref(), Some("P-256"));
    assert_eq!(cert.public_key.bits, Some(256));
    assert_eq!(cert.public_key.summary(), "EC P-256");
    assert_eq!(cert.signature_algorithm.name, "ecdsa-with-SHA256");
    assert_eq!(cert.signature_algorithm.params_der, None);
    // The uncompressed point: 0x04 || X || Y.
    assert_eq!(cert.public_key.key_bytes.len(), 65);
}

#[test]
fn badssl_ecc384_leaf_is_p384() {
    let cert = decode_first(&corpus_dir().join("badssl/wildcard-ecc384.pem"));
    assert_eq!(cert.public_key.curve.as_deref(), Some("P-384"));
    assert_eq!(cert.public_key.bits, Some(384));
}

#[test]
fn thousand_sans() {
    let cert = decode_first(&corpus_dir().join("badssl/subdomain-1000-sans.pem"));
    let Some(san) = cert.subject_alt_names() else {
        panic!("no SAN")
    };
    assert_eq!(san.len(), 1000);
    assert!(san.iter().all(|n| matches!(n, GeneralName::Dns(_))));
}

#[test]
fn garbage_is_an_error() {
    assert!(matches!(decode_certificate(&[]), Err(DecodeError::Empty)));
    let garbage = b"-----BEGIN CERTIFICATE-----\nnot DER\n";
    let Err(err) = decode_certificate(garbage) else {
        panic!("PEM text is not DER")
    };
    assert!(
        matches!(err, DecodeError::NotACertificate { .. }),
        "{err:?}"
    );
    assert!(decode_certificate(&[0x30, 0x03, 0x02, 0x01, 0x01]).is_err());
    assert!(decode_certificate(&[0xff; 64]).is_err());
}

#[test]
fn truncated_certificate_is_an_error() {
    let der = leaf().der;
    for len in [1, 4, 100, der.len() / 2, der.len() - 1] {
        let Some(prefix) = der.get(..len) else {
            panic!("prefix length")
        };
        let Err(err) = decode_certificate(prefix) else {
            panic!("a {len}-byte prefix decoded")
        };
        assert!(
            matches!(
                err,
                DecodeError::Truncated { .. } | DecodeError::NotACertificate { .. }
            ),
            "{err:?}"
        );
    }
    // The outer length promises more than there is.
    let Some(prefix) = der.get(..der.len() - 1) else {
        panic!("prefix length")
    };
    let result = decode_certificate(prefix);
    assert!(
        matches!(result, Err(DecodeError::Truncated { .. })),
        "{result:?}"
    );
}

#[test]
fn trailing_data_is_an_error() {
    let mut der = leaf().der;
    der.extend_from_slice(&[0, 1, 2]);
    assert!(matches!(
        decode_certificate(&der),
        Err(DecodeError::TrailingData { bytes: 3 })
    ));
    // Two certificates back to back are not one certificate.
    let mut two = leaf().der;
    two.extend_from_slice(&leaf().der);
    assert!(matches!(
        decode_certificate(&two),
        Err(DecodeError::TrailingData { .. })
    ));
}

#[test]
fn fingerprint_format() {
    assert_eq!(fingerprint(&[0xab, 0x01, 0xff]), "AB:01:FF");
    assert_eq!(fingerprint(&[]), "");
}

#[test]
fn names_and_keys_alone() {
    let cert = decode_first(&corpus_dir().join("aws-roots/Amazon_Root_CA_1.pem"));
    let subject = decode_name(&cert.subject.der).unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(subject, cert.subject);
    let key = decode_spki(&cert.public_key.spki_der).unwrap_or_else(|e| panic!("{e:#}"));
    assert_eq!(key, cert.public_key);
    let mut trailing = cert.subject.der.clone();
    trailing.push(0);
    assert!(matches!(
        decode_name(&trailing),
        Err(DecodeError::Invalid { what: "Name", .. })
    ));
    assert!(decode_spki(&[0x30, 0x00]).is_err());
}

#[test]
fn name_constraints_alone() {
    // permitted: DNS example.com, IP 10.0.0.0/255.0.0.0; nothing excluded.
    let mut content = vec![0xa0, 0x1b, 0x30, 0x0d, 0x82, 0x0b];
    content.extend_from_slice(b"example.com");
    content.extend_from_slice(&[0x30, 0x0a, 0x87, 0x08, 10, 0, 0, 0, 255, 0, 0, 0]);
    let mut sequence = vec![0x30, 0x1d];
    sequence.extend_from_slice(&content);
    let expected = (
        vec![
            GeneralName::Dns("example.com".to_string()),
            GeneralName::Ip(vec![10, 0, 0, 0, 255, 0, 0, 0]),
        ],
        Vec::new(),
    );
    for der in [&content, &sequence] {
        let decoded = decode_name_constraints(der).unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(decoded, expected);
    }
    assert!(decode_name_constraints(&[0xa0, 0x05, 0x01]).is_err());
    // An unknown element must not be skipped silently.
    assert!(decode_name_constraints(&[0x30, 0x02, 0x04, 0x00]).is_err());
}

/// Every certificate of the x509-limbo subset decodes: v1 certificates, name constraints,
/// unknown critical extensions and odd keys included. None may panic; extensions the limbo
/// cases break on purpose may be `Malformed`, but the certificate itself must decode.
#[test]
fn decodes_limbo_certificates() {
    let path = corpus_dir().join("limbo/subset.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}: {}", path.display()));
    let json: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {}", path.display()));
    let cases = json
        .get("testcases")
        .and_then(serde_json::Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut decoded = 0;
    let mut versions = std::collections::BTreeSet::new();
    for case in &cases {
        let pems = ["trusted_certs", "untrusted_intermediates"]
            .iter()
            .filter_map(|k| case.get(*k).and_then(serde_json::Value::as_array))
            .flatten()
            .chain(case.get("peer_certificate"))
            .filter_map(serde_json::Value::as_str);
        for pem_text in pems {
            let Ok(block) = pem::parse(pem_text) else {
                panic!("bad PEM in {:?}", case.get("id"))
            };
            let cert = decode_certificate(block.contents())
                .unwrap_or_else(|e| panic!("{e:#} in {:?}", case.get("id")));
            versions.insert(cert.version);
            decoded += 1;
        }
    }
    assert!(decoded > 100, "only {decoded} limbo certificates");
    assert!(
        versions.contains(&1) && versions.contains(&3),
        "{versions:?}"
    );
}
