//! Malformed inputs each get their own error, never a panic.

// A failing test is a panic by design: tests may unwrap, expect, index and panic.
#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unwrap_used
)]

mod common;

use chainlens::ingest::{IngestError, load_bytes};

fn err(bytes: &[u8]) -> IngestError {
    match load_bytes(bytes) {
        Ok(loaded) => panic!(
            "expected an error, got {} certificates",
            loaded.certificates.len()
        ),
        Err(e) => e,
    }
}

fn leaf_pem() -> String {
    std::fs::read_to_string(common::corpus::data(
        "aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem",
    ))
    .unwrap()
}

#[test]
fn zero_bytes() {
    assert_eq!(err(b"").to_string(), "empty input: no bytes at all");
    assert_eq!(
        err(b" \n\t\r\n").to_string(),
        "empty input: only white space"
    );
}

#[test]
fn truncated_pem() {
    let pem = leaf_pem();
    let cut = &pem[..pem.len() / 2];
    let e = err(cut.as_bytes());
    assert!(matches!(e, IngestError::MissingEnd { block: 1, .. }), "{e}");
}

#[test]
fn bad_base64_names_the_line() {
    let pem = leaf_pem();
    let mut lines: Vec<String> = pem.lines().map(str::to_string).collect();
    lines[5] = lines[5].replace(|c: char| c.is_ascii_alphabetic(), "!");
    let text = format!("{}{}", leaf_pem(), lines.join("\n"));
    let e = err(text.as_bytes());
    let lines_in_first = pem.lines().count();
    assert_eq!(
        e.to_string(),
        format!("block 2: invalid base64 at line {}", lines_in_first + 6)
    );
}

#[test]
fn base64_that_is_not_a_certificate() {
    let e = err(b"-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n");
    assert!(matches!(e, IngestError::Decode { .. }), "{e}");
}

#[test]
fn private_key() {
    let key = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n";
    assert_eq!(
        err(key.as_bytes()).to_string(),
        "not a certificate: this is a PEM PRIVATE KEY block"
    );
}

#[test]
fn garbage_der() {
    let e = err(&[0x30, 0x82, 0x05, 0x00, 0x01, 0x02]);
    assert!(e.to_string().contains("truncated"), "{e}");
    let e = err(&[0x30, 0x03, 0x02, 0x01, 0x01]);
    assert!(matches!(e, IngestError::Decode { .. }), "{e}");
}

#[test]
fn ten_megabytes_of_random_bytes() {
    // A fixed xorshift sequence: random-looking, the same on every run.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..10 * 1024 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let e = err(&bytes);
    assert!(
        matches!(
            e,
            IngestError::UnknownFormat { .. } | IngestError::MalformedDer { .. }
        ),
        "{e}"
    );
    // Forced to look like DER: still a clean error.
    let mut der = bytes.clone();
    der[0] = 0x30;
    let _ = err(&der);
}

#[test]
fn every_prefix_of_a_real_certificate_fails_cleanly() {
    let der = chainlens::ingest::ingest_bytes(leaf_pem().as_bytes())
        .unwrap()
        .certificates
        .remove(0);
    for len in 0..der.len() {
        assert!(load_bytes(&der[..len]).is_err(), "prefix of {len} bytes");
    }
}

#[test]
fn pkcs7_bundles_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let pem = dir.path().join("chain.pem");
    std::fs::write(&pem, leaf_pem()).unwrap();
    let p7b = dir.path().join("chain.p7b");
    let status = std::process::Command::new("openssl")
        .args(["crl2pkcs7", "-nocrl", "-certfile"])
        .arg(&pem)
        .arg("-outform")
        .arg("DER")
        .arg("-out")
        .arg(&p7b)
        .status()
        .expect("openssl is needed for this test (CI installs it)");
    assert!(status.success());
    let loaded = chainlens::ingest::load_file(&p7b).unwrap();
    assert_eq!(loaded.format, chainlens::ingest::Format::Pkcs7Der);
    assert_eq!(loaded.certificates.len(), 1);
    let pem_p7 = std::process::Command::new("openssl")
        .args(["crl2pkcs7", "-nocrl", "-certfile"])
        .arg(&pem)
        .output()
        .unwrap();
    let loaded = load_bytes(&pem_p7.stdout).unwrap();
    assert_eq!(loaded.format, chainlens::ingest::Format::Pkcs7Pem);
    assert_eq!(loaded.certificates.len(), 1);
}

#[test]
fn der_certificate_and_trusted_certificate_blocks() {
    let der = chainlens::ingest::ingest_bytes(leaf_pem().as_bytes())
        .unwrap()
        .certificates
        .remove(0);
    let loaded = load_bytes(&der).unwrap();
    assert_eq!(loaded.format, chainlens::ingest::Format::Der);
    let trusted = leaf_pem()
        .replace("BEGIN CERTIFICATE", "BEGIN TRUSTED CERTIFICATE")
        .replace("END CERTIFICATE", "END TRUSTED CERTIFICATE")
        .replace('\n', "\r\n");
    let loaded = load_bytes(trusted.as_bytes()).unwrap();
    assert_eq!(loaded.certificates.len(), 1);
}
