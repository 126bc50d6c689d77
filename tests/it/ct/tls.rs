//! SCTs delivered in the TLS `signed_certificate_timestamp` extension, end to end: a real
//! `openssl s_server` that speaks only TLS 1.0 (so chainlens reads it with its legacy
//! capture, whose ClientHello asks for SCTs) serves a generated log's SCTs with
//! `-serverinfo`; `chainlens inspect` verifies them over the whole certificate.

use std::process::Command;

use anyhow::Result;

use super::*;
use crate::common::tls_tools::{KeyKind, openssl_pki, pem_ders, s_server};

#[tokio::test]
async fn scts_from_a_tls_1_0_servers_extension_are_verified() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Rsa)?;
    let leaf = pem_ders(&dir.path().join("leaf.pem"))?.remove(0);
    let alpha = TestLog::ecdsa("Test 'Alpha' log", "Alpha");
    let beta = TestLog::rsa("Test 'Beta' log", "Beta");
    // openssl_pki's certificates start now; the SCTs are a minute old.
    let issued = OffsetDateTime::now_utc() - Duration::minutes(1);
    let list = sct_list(&[
        alpha.sct(&Entry::X509(leaf.clone()), issued),
        beta.sct(&Entry::X509(leaf), issued),
    ]);
    // A ServerHello extension as -serverinfo takes it: type 18, length, the SCT list.
    let mut extension = vec![0x00, 0x12];
    extension.extend_from_slice(&u16::try_from(list.len())?.to_be_bytes());
    extension.extend_from_slice(&list);
    let block = pem::Pem::new("SERVERINFO FOR CT", extension);
    std::fs::write(dir.path().join("scts.pem"), pem::encode(&block))?;
    std::fs::write(
        dir.path().join("chrome.json"),
        list_json(&[&alpha, &beta], false),
    )?;
    std::fs::write(
        dir.path().join("apple.json"),
        list_json(&[&alpha, &beta], true),
    )?;
    let server = s_server(
        dir.path(),
        Some("int.pem"),
        &[
            "-tls1",
            "-cipher",
            "DEFAULT:@SECLEVEL=0",
            "-serverinfo",
            "scts.pem",
        ],
    )
    .await?;
    let target = format!("127.0.0.1:{}", server.port);
    let out = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args([
            "inspect",
            &target,
            "--trust",
            "root.pem",
            "--host",
            "localhost",
        ])
        .args([
            "--ct-log-list",
            "chrome.json",
            "--ct-log-list",
            "apple.json",
            "--json",
        ])
        .current_dir(dir.path())
        .output()?;
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| anyhow::anyhow!("{e}: {}", String::from_utf8_lossy(&out.stderr)))?;
    assert_eq!(json["source"]["connection"]["tls_version"], "TLSv1");
    let scts = json["ct"]["scts"].as_array().expect("SCTs");
    assert_eq!(scts.len(), 2, "{}", json["ct"]);
    for (sct, log) in scts.iter().zip(["Test 'Alpha' log", "Test 'Beta' log"]) {
        assert_eq!(sct["delivery"], "tls_extension");
        assert_eq!(sct["code"], "sct_valid", "{sct}");
        assert_eq!(sct["log"], log);
    }
    // A private root: the browsers' policies do not apply.
    assert_eq!(json["ct"]["chrome"]["outcome"]["status"], "not_applicable");
    assert_eq!(
        json["ct"]["chrome"]["outcome"]["reason"],
        "not_publicly_trusted"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args([
            "inspect",
            &target,
            "--trust",
            "root.pem",
            "--host",
            "localhost",
        ])
        .args([
            "--ct-log-list",
            "chrome.json",
            "--ct-log-list",
            "apple.json",
        ])
        .current_dir(dir.path())
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("  SCT 1: TLS extension: Test 'Alpha' log (Alpha), "),
        "{text}"
    );
    assert!(text.contains(": valid [sct_valid]\n"), "{text}");
    Ok(())
}
