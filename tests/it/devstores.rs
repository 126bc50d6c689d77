//! Device trust stores: what devices ship as anchors. ESP-IDF certificate bundles (written
//! by ESP-IDF's own `gen_crt_bundle.py`, both layouts), C headers embedding a root as a PEM
//! literal or a byte array, and the AWS IoT Device SDK's default, each verifying the real
//! AWS IoT Core chain; and the errors a broken file gets, through the CLI.

use std::process::{Command, Output};

use chainlens::ingest::esp_bundle::{self, EspBundleEntry, EspBundleLayout};
use chainlens::model::BuiltinStore;
use chainlens::verify::{StoreKind, StoreLoadNote, TrustStore};

use crate::common::corpus::{at, certs, data, explain, inspect};

const LEAF: &str = "aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem";
const INTER: &str = "aws-iot-us-east-1/intermediate-Amazon-Server-CA-1B.pem";
const HOST: &str = "a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com";

fn iot_chain() -> Vec<chainlens::model::Certificate> {
    let mut chain = certs(LEAF);
    chain.extend(certs(INTER));
    chain
}

fn load(relative: &str) -> TrustStore {
    TrustStore::from_file(&data(relative)).unwrap_or_else(|e| panic!("{relative}: {e:#}"))
}

/// Verifies the AWS IoT Core chain against `store` in 2023 and checks it ends at Amazon Root
/// CA 1.
fn assert_trusts_the_iot_chain(store: TrustStore) {
    let name = store.name.clone();
    let insp = inspect(
        iot_chain(),
        vec![],
        &[store],
        at("2023-01-01T00:00:00Z"),
        Some(HOST),
    );
    assert!(insp.all_trusted(), "{name}: {}", explain(&insp));
    let verdict = &insp.verdicts[0];
    assert!(
        chainlens::report::words::verdict(&insp, verdict).contains("Amazon Root CA 1"),
        "{name}: {}",
        explain(&insp)
    );
}

/// The names and keys of the bundled AWS IoT device roots: the input of the fixtures.
fn aws_root_entries() -> Vec<EspBundleEntry> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/trust/aws-iot-device-roots.pem");
    chainlens::ingest::load_file(&path)
        .unwrap()
        .certificates
        .iter()
        .map(|c| EspBundleEntry {
            subject_der: c.subject.der.clone(),
            spki_der: c.public_key.spki_der.clone(),
        })
        .collect()
}

#[test]
fn bundles_written_by_gen_crt_bundle_read_and_are_rewritten_byte_for_byte() {
    for (file, layout) in [
        (
            "devstores/esp-idf-5.3-aws-iot-roots.bin",
            EspBundleLayout::Counted,
        ),
        (
            "devstores/esp-idf-5.4-aws-iot-roots.bin",
            EspBundleLayout::OffsetTable,
        ),
    ] {
        let bytes = std::fs::read(data(file)).unwrap();
        let bundle = esp_bundle::parse(&bytes).unwrap();
        assert_eq!(bundle.layout, layout, "{file}");
        assert_eq!(bundle.entries.len(), 5, "{file}");
        assert_eq!(
            esp_bundle::write(layout, &aws_root_entries()),
            bytes,
            "{file}"
        );
    }
}

#[test]
fn the_default_esp_idf_bundle_trusts_the_aws_iot_chain() {
    let store = load("devstores/x509_crt_bundle");
    assert_eq!(store.name, "x509_crt_bundle");
    assert!(matches!(store.kind, StoreKind::File(_)));
    assert_eq!(store.anchors.len(), 121);
    // Names and keys only: no certificate, so no validity and no extensions.
    assert!(store.anchors.iter().all(|a| a.certificate.is_none()));
    assert_eq!(
        store.load_notes,
        [StoreLoadNote::EspBundle {
            layout: EspBundleLayout::OffsetTable,
            anchors: 121
        }]
    );
    assert_trusts_the_iot_chain(store);
}

#[test]
fn both_aws_root_bundles_trust_the_aws_iot_chain() {
    assert_trusts_the_iot_chain(load("devstores/esp-idf-5.3-aws-iot-roots.bin"));
    assert_trusts_the_iot_chain(load("devstores/esp-idf-5.4-aws-iot-roots.bin"));
}

/// `content` wrapped in a DER SEQUENCE header: webpki-roots keeps names and keys without it.
fn sequence(content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = vec![0x30];
    match len {
        0..=0x7f => out.push(len as u8),
        0x80..=0xff => out.extend([0x81, len as u8]),
        _ => out.extend([0x82, (len >> 8) as u8, len as u8]),
    }
    out.extend_from_slice(content);
    out
}

#[test]
fn a_bundle_built_from_the_mozilla_roots_trusts_what_mozilla_trusts() {
    let entries: Vec<EspBundleEntry> = webpki_roots::TLS_SERVER_ROOTS
        .iter()
        .map(|a| EspBundleEntry {
            subject_der: sequence(&a.subject),
            spki_der: sequence(&a.subject_public_key_info),
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    for (file, layout) in [
        ("x509_crt_bundle", EspBundleLayout::OffsetTable),
        ("mozilla-5.3.bin", EspBundleLayout::Counted),
    ] {
        let path = dir.path().join(file);
        std::fs::write(&path, esp_bundle::write(layout, &entries)).unwrap();
        let store = TrustStore::from_file(&path).unwrap();
        assert_eq!(store.anchors.len(), entries.len());
        assert_trusts_the_iot_chain(store);
    }
}

#[test]
fn c_headers_with_a_pem_literal_or_a_byte_array_trust_the_aws_iot_chain() {
    for (file, symbol) in [
        ("devstores/aws_root_ca.h", "aws_root_ca_pem"),
        ("devstores/AmazonRootCA1_der.h", "AmazonRootCA1_der"),
    ] {
        let store = load(file);
        assert_eq!(store.anchors.len(), 1, "{file}");
        let [StoreLoadNote::CSource { symbols }] = store.load_notes.as_slice() else {
            panic!("{file}: {:?}", store.load_notes);
        };
        let names: Vec<&str> = symbols.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, [symbol], "{file}");
        assert_trusts_the_iot_chain(store);
    }
}

#[test]
fn the_device_sdk_store_trusts_the_aws_iot_chain_with_amazon_root_ca_1_alone() {
    let store = TrustStore::builtin(BuiltinStore::AwsIotDeviceSdk).unwrap();
    assert_eq!(store.anchors.len(), 1);
    assert_trusts_the_iot_chain(store);
}

fn chainlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .output()
        .unwrap()
}

fn verify_with(trust: &[&str]) -> Output {
    let mut args = vec![
        "verify".to_string(),
        data(LEAF).display().to_string(),
        "--untrusted".to_string(),
        data(INTER).display().to_string(),
        "--at".to_string(),
        "2023-01-01T00:00:00Z".to_string(),
        "--host".to_string(),
        HOST.to_string(),
    ];
    args.extend(trust.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    chainlens(&args)
}

#[test]
fn the_cli_takes_device_stores_by_trust_and_trust_store() {
    let bundle = data("devstores/x509_crt_bundle").display().to_string();
    let header = data("devstores/aws_root_ca.h").display().to_string();
    for trust in [
        vec!["--trust", bundle.as_str()],
        vec!["--trust", header.as_str()],
        vec!["--trust-store", "aws-iot-device-sdk"],
    ] {
        let out = verify_with(&trust);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{trust:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_truncated_bundle_is_an_input_error_naming_the_entry_and_offset() {
    let bytes = std::fs::read(data("devstores/esp-idf-5.4-aws-iot-roots.bin")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x509_crt_bundle");
    std::fs::write(&path, &bytes[..bytes.len() - 100]).unwrap();
    let out = verify_with(&["--trust", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The fifth entry starts where the fourth offset of the table says.
    let fifth = u32::from_le_bytes(bytes[16..20].try_into().unwrap());
    assert!(
        stderr.contains(&format!(
            "cannot load ESP-IDF certificate bundle: entry 5 at byte {fifth}: key length "
        )) && stderr.contains(&format!(
            "runs past the end of the file ({} bytes) in {}",
            bytes.len() - 100,
            path.display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_broken_c_header_is_an_input_error_naming_the_line() {
    let text = std::fs::read_to_string(data("devstores/aws_root_ca.h")).unwrap();
    // Drop the closing quote of the literal's fourth line (line 14 of the file).
    let broken: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 13 {
                format!("{}\n", l.trim_end_matches('"'))
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aws_root_ca.h");
    std::fs::write(&path, broken).unwrap();
    let out = verify_with(&["--trust", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "cannot load trust anchors from C source: line 14: string literal without its closing quote in {}",
            path.display()
        )),
        "{stderr}"
    );
}

/// The `esp-idf` device trusts the bundle flashed with it: the user's own ESP-IDF bundle when
/// one is given (and only it: a PEM store beside it is not the device's), else ESP-IDF's
/// default bundle.
#[test]
fn the_esp_idf_device_trusts_the_given_bundle_else_the_default_one() {
    let own = data("devstores/esp-idf-5.3-aws-iot-roots.bin")
        .display()
        .to_string();
    let pem = data("aws-roots/Amazon_Root_CA_1.pem").display().to_string();
    let stores = |output: &Output| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        json["devices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                assert_eq!(d["trusted"], true, "{d}");
                d["store"].as_str().unwrap().to_string()
            })
            .collect()
    };
    let given = verify_with(&[
        "--trust", &own, "--trust", &pem, "--device", "esp-idf", "--json",
    ]);
    assert!(
        given.status.success(),
        "{}",
        String::from_utf8_lossy(&given.stderr)
    );
    assert_eq!(stores(&given), ["esp-idf-5.3-aws-iot-roots.bin"]);
    let default = verify_with(&["--trust", &pem, "--device", "esp-idf", "--json"]);
    assert!(
        default.status.success(),
        "{}",
        String::from_utf8_lossy(&default.stderr)
    );
    assert_eq!(stores(&default), ["ESP-IDF default certificate bundle"]);
}
