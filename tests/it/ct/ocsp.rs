//! SCTs delivered in a stapled OCSP response (the single response's extension
//! 1.3.6.1.4.1.11129.2.4.5, RFC 6962 §3.3), end to end: a real `openssl s_server` staples a
//! response the intermediate signed, carrying two generated logs' SCTs over the whole leaf;
//! chainlens captures it through rustls and verifies them.

use std::process::Command;

use anyhow::Result;
use der::asn1::{BitString, GeneralizedTime, Null, ObjectIdentifier, OctetString};
use der::{Decode as _, Encode as _};
use x509_cert::ext::Extension;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_ocsp::{
    BasicOcspResponse, CertId, CertStatus, OcspGeneralizedTime, OcspResponse, OcspResponseStatus,
    ResponderId, ResponseBytes, ResponseData, SingleResponse, Version,
};

use super::*;
use crate::common::tls_tools::{KeyKind, openssl_pki, pem_ders, s_server};

/// A good OCSP response for `leaf` by its issuer `int` (signed with `int_key`), with `scts`
/// as the single response's SCT list.
fn ocsp_response(leaf: &[u8], int: &[u8], int_key: &KeyPair, scts: &[u8]) -> Vec<u8> {
    let leaf = x509_cert::Certificate::from_der(leaf).unwrap();
    let int = x509_cert::Certificate::from_der(int).unwrap();
    let sha1 = AlgorithmIdentifierOwned {
        oid: ObjectIdentifier::new_unwrap("1.3.14.3.2.26"),
        parameters: Some(der::Any::from(Null)),
    };
    let (name_hash, key_hash) = chainlens::decode::ocsp::cert_id_hashes(
        &int.tbs_certificate.subject.to_der().unwrap(),
        int.tbs_certificate
            .subject_public_key_info
            .subject_public_key
            .raw_bytes(),
    );
    let now = OffsetDateTime::now_utc();
    let time = |t: OffsetDateTime| {
        OcspGeneralizedTime(
            GeneralizedTime::from_unix_duration(std::time::Duration::from_secs(
                u64::try_from(t.unix_timestamp()).unwrap(),
            ))
            .unwrap(),
        )
    };
    let tbs = ResponseData {
        version: Version::V1,
        responder_id: ResponderId::ByName(int.tbs_certificate.subject.clone()),
        produced_at: time(now),
        responses: vec![SingleResponse {
            cert_id: CertId {
                hash_algorithm: sha1,
                issuer_name_hash: OctetString::new(name_hash).unwrap(),
                issuer_key_hash: OctetString::new(key_hash).unwrap(),
                serial_number: leaf.tbs_certificate.serial_number.clone(),
            },
            cert_status: CertStatus::Good(Null),
            this_update: time(now - Duration::hours(1)),
            next_update: Some(time(now + Duration::days(1))),
            single_extensions: Some(vec![Extension {
                extn_id: ObjectIdentifier::new_unwrap("1.3.6.1.4.1.11129.2.4.5"),
                critical: false,
                extn_value: OctetString::new(OctetString::new(scts).unwrap().to_der().unwrap())
                    .unwrap(),
            }]),
        }],
        response_extensions: None,
    };
    let signature = int_key.sign(&tbs.to_der().unwrap()).unwrap();
    let basic = BasicOcspResponse {
        tbs_response_data: tbs,
        signature_algorithm: AlgorithmIdentifierOwned {
            oid: ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11"),
            parameters: Some(der::Any::from(Null)),
        },
        signature: BitString::from_bytes(&signature).unwrap(),
        certs: None,
    };
    OcspResponse {
        response_status: OcspResponseStatus::Successful,
        response_bytes: Some(ResponseBytes {
            response_type: ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1"),
            response: OctetString::new(basic.to_der().unwrap()).unwrap(),
        }),
    }
    .to_der()
    .unwrap()
}

#[tokio::test]
async fn scts_in_a_stapled_ocsp_response_are_verified() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Rsa)?;
    let leaf = pem_ders(&dir.path().join("leaf.pem"))?.remove(0);
    let int = pem_ders(&dir.path().join("int.pem"))?.remove(0);
    let int_key = KeyPair::from_pem(&std::fs::read_to_string(dir.path().join("int.key"))?)?;
    let alpha = TestLog::ecdsa("Test 'Alpha' log", "Alpha");
    let beta = TestLog::ecdsa("Test 'Beta' log", "Beta");
    let issued = OffsetDateTime::now_utc() - Duration::minutes(1);
    let list = sct_list(&[
        alpha.sct(&Entry::X509(leaf.clone()), issued),
        beta.sct(&Entry::X509(leaf.clone()), issued),
        // Over the intermediate instead of the leaf: not this certificate's.
        beta.sct(&Entry::X509(int.clone()), issued),
    ]);
    std::fs::write(
        dir.path().join("ocsp.der"),
        ocsp_response(&leaf, &int, &int_key, &list),
    )?;
    std::fs::write(
        dir.path().join("chrome.json"),
        list_json(&[&alpha, &beta], false),
    )?;
    std::fs::write(
        dir.path().join("apple.json"),
        list_json(&[&alpha, &beta], true),
    )?;
    let server = s_server(dir.path(), Some("int.pem"), &["-status_file", "ocsp.der"]).await?;
    let target = format!("127.0.0.1:{}", server.port);
    let out = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args([
            "inspect",
            &target,
            "--trust",
            "root.pem",
            "--host",
            "localhost",
            "--json",
        ])
        .args([
            "--ct-log-list",
            "chrome.json",
            "--ct-log-list",
            "apple.json",
        ])
        .current_dir(dir.path())
        .output()?;
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| anyhow::anyhow!("{e}: {}", String::from_utf8_lossy(&out.stderr)))?;
    assert!(
        json["source"]["connection"]["ocsp_response_len"].as_u64() > Some(0),
        "{}",
        json["source"]
    );
    let scts = json["ct"]["scts"].as_array().expect("SCTs");
    let got: Vec<(&str, &str)> = scts
        .iter()
        .map(|s| (s["delivery"].as_str().unwrap(), s["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("ocsp", "sct_valid"),
            ("ocsp", "sct_valid"),
            ("ocsp", "sct_bad_signature"),
        ]
    );
    // The staple itself is good: the revocation check agrees the response is the issuer's.
    assert_eq!(json["verdicts"][0]["trusted"], true, "{}", json["verdicts"]);
    Ok(())
}
