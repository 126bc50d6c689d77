//! Malformed inputs each get their own error, never a panic.

use crate::common;

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

/// DER header of an element with this tag and content length.
fn der_header(tag: u8, len: usize) -> Vec<u8> {
    let mut header = vec![tag];
    if len < 0x80 {
        header.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        header.push(0x80 | bytes.len() as u8);
        header.extend(bytes);
    }
    header
}

/// `depth` SEQUENCEs, each the only content of the one around it.
fn nested_sequences(depth: usize) -> Vec<u8> {
    let mut der = vec![0x05, 0x00];
    for _ in 0..depth {
        let mut outer = der_header(0x30, der.len());
        outer.extend_from_slice(&der);
        der = outer;
    }
    der
}

#[test]
fn fifty_thousand_deep_nested_der_is_an_error() {
    let nested = nested_sequences(50_000);
    assert!(nested.len() > 50_000 * 2);
    let e = err(&nested);
    assert!(
        matches!(
            e,
            IngestError::Decode { .. } | IngestError::MalformedDer { .. }
        ),
        "{e}"
    );
    // The same inside PEM armour.
    let pem = pem::encode(&pem::Pem::new("CERTIFICATE", nested));
    let e = err(pem.as_bytes());
    assert!(matches!(e, IngestError::Decode { .. }), "{e}");
}

#[test]
fn fifty_thousand_deep_nested_der_in_an_extension_is_shown_not_followed() {
    // Under the certificatePolicies OID, so the decoder really parses the nesting.
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["deep.test".to_owned()]).unwrap();
    params.custom_extensions = vec![rcgen::CustomExtension::from_oid_content(
        &[2, 5, 29, 32],
        nested_sequences(50_000),
    )];
    let cert = params.self_signed(&key).unwrap();

    let loaded = load_bytes(cert.der()).unwrap();

    let [certificate] = loaded.certificates.as_slice() else {
        panic!("one certificate expected");
    };
    let policies = certificate
        .extension("2.5.29.32")
        .expect("the extension is kept");
    assert!(
        matches!(
            policies.value,
            chainlens::model::ExtensionValue::Malformed { .. }
        ),
        "{:?}",
        policies.value
    );
    // Every face of it renders.
    let text = chainlens::report::certificate_text(certificate);
    assert!(
        text.contains("Certificate Policies"),
        "{}",
        text.chars().take(2000).collect::<String>()
    );
}

#[test]
fn ten_megabytes_of_200_000_empty_pem_blocks() {
    let block = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
    let text = block.repeat(200_000);
    assert!(text.len() > 10_000_000);
    let e = err(text.as_bytes());
    assert!(
        matches!(
            e,
            IngestError::EmptyBlock {
                block: 1,
                line: 1,
                ..
            }
        ),
        "{e}"
    );
    // Blocks that are skipped rather than refused: each is noted, none is a certificate.
    let other = "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n".repeat(200_000);
    let e = err(other.as_bytes());
    assert_eq!(
        e.to_string(),
        "not a certificate: this is a PEM X509 CRL block"
    );
}

#[test]
fn a_pem_whose_base64_is_1_gib_of_spaces_is_refused_at_the_size_cap() {
    use std::io::Write;
    use std::process::{Command, Stdio};

    // Streamed to standard input, never held in memory or on disk: the reader must stop at
    // the cap, so the writer sees the pipe close long before the gigabyte is out.
    const GIB: usize = 1 << 30;
    let mut child = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(["inspect", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let spaces = vec![b' '; 1 << 20];
        let mut written = 0;
        if stdin.write_all(b"-----BEGIN CERTIFICATE-----\n").is_err() {
            return written;
        }
        while written < GIB {
            match stdin.write(&spaces) {
                Ok(n) => written += n,
                Err(_) => break,
            }
        }
        let _ = stdin.write_all(b"\n-----END CERTIFICATE-----\n");
        written
    });
    let out = child.wait_with_output().unwrap();
    let written = writer.join().unwrap();

    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let limit = chainlens::ingest::MAX_INPUT_BYTES;
    assert!(stderr.contains("input too large"), "{stderr}");
    assert!(
        stderr.contains(&format!("the limit is {limit}")),
        "{stderr}"
    );
    assert!(stderr.contains("<stdin>"), "{stderr}");
    assert!(written < limit + (8 << 20), "{written} bytes were taken");
}

#[test]
fn a_file_over_the_size_cap_is_refused_naming_the_cap_and_the_file() {
    // A sparse file: the size is there, the disk blocks are not.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.pem");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(1 << 30).unwrap();
    drop(file);

    let e = chainlens::ingest::load_file(&path).unwrap_err();

    let limit = chainlens::ingest::MAX_INPUT_BYTES;
    assert!(
        matches!(e.innermost(), IngestError::TooLarge { limit: l, .. } if *l == limit),
        "{e}"
    );
    assert!(e.to_string().ends_with("huge.pem"), "{e}");
}

/// A PKCS#7 SignedData whose certificates field holds `inner`, another ContentInfo.
fn pkcs7_around(inner: &[u8]) -> Vec<u8> {
    fn element(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = der_header(tag, content.len());
        out.extend_from_slice(content);
        out
    }
    const SIGNED_DATA: &[u8] = &[
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
    ];
    const DATA: &[u8] = &[
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
    ];
    let mut signed = vec![0x02, 0x01, 0x01]; // version 1
    signed.extend(element(0x31, &[])); // digestAlgorithms
    signed.extend(element(0x30, DATA)); // encapContentInfo
    signed.extend(element(0xa0, inner)); // certificates [0]
    signed.extend(element(0x31, &[])); // signerInfos
    let mut content_info = SIGNED_DATA.to_vec();
    content_info.extend(element(0xa0, &element(0x30, &signed)));
    element(0x30, &content_info)
}

#[test]
fn a_pkcs7_that_nests_itself_is_an_error() {
    let mut p7 = pkcs7_around(&[]);
    for _ in 0..10_000 {
        p7 = pkcs7_around(&p7);
    }
    let e = err(&p7);
    // The outer bundle's one "certificate" is another bundle.
    assert!(
        matches!(e, IngestError::Decode { .. } | IngestError::Pkcs7 { .. }),
        "{e}"
    );
    let pem = pem::encode(&pem::Pem::new("PKCS7", p7));
    let e = err(pem.as_bytes());
    assert!(
        matches!(e, IngestError::Decode { .. } | IngestError::Pkcs7 { .. }),
        "{e}"
    );
    // Nested around a real certificate: still only the outer level is read.
    let leaf = chainlens::ingest::ingest_bytes(leaf_pem().as_bytes())
        .unwrap()
        .certificates
        .remove(0);
    let mut p7 = pkcs7_around(&leaf);
    for _ in 0..1_000 {
        p7 = pkcs7_around(&p7);
    }
    let e = err(&p7);
    assert!(matches!(e, IngestError::Decode { .. }), "{e}");
}

#[test]
fn a_certificate_with_100_000_sans_is_read_and_verified() {
    use chainlens::model::{GeneralName, Policy, Source, SourceKind};
    use chainlens::verify::{Input, StoreKind, TrustStore, inspect};

    let names: Vec<String> = (0..100_000).map(|i| format!("h{i}.example.com")).collect();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(names)
        .unwrap()
        .self_signed(&key)
        .unwrap();

    let loaded = load_bytes(cert.der()).unwrap();

    let [certificate] = loaded.certificates.as_slice() else {
        panic!("one certificate expected");
    };
    let sans = certificate.subject_alt_names().expect("the SANs");
    assert_eq!(sans.len(), 100_000);
    assert!(matches!(sans.last(), Some(GeneralName::Dns(name)) if name == "h99999.example.com"));
    let store = TrustStore::from_certificates(
        "itself".to_owned(),
        StoreKind::File("itself.pem".into()),
        vec![certificate.clone()],
    )
    .unwrap();
    let policy = Policy {
        host: Some("h99999.example.com".to_owned()),
        ..Policy::now()
    };
    let inspection = inspect(
        Input {
            source: Source::new(SourceKind::Paste, "100,000 SANs"),
            certificates: vec![certificate.clone()],
            untrusted: Vec::new(),
            load_notes: Vec::new(),
        },
        &[store],
        &policy,
    );
    assert_eq!(inspection.verdicts.len(), 1);
    let text = chainlens::report::inspection_text(&inspection);
    assert!(text.contains("h99999.example.com"));
}
