//! The device table against real servers: an ECDSA-only device gets the ECDSA chain of a
//! dual-certificate server and fails against a store holding only the RSA root; an mbedTLS
//! device with a 4 KiB input buffer fails on a ~10 KiB chain when the server does not
//! agree max_fragment_length.

use std::path::Path;
use std::process::Output;

use chainlens::fetch::Target;
use chainlens::handshake::simulate::{Handshake, InputExceeded, device_handshake};
use chainlens::model::Device;
use chainlens::model::handshake::TlsVersion;
use chainlens::probe::{ProbeOptions, probe};
use serde_json::Value;

use super::dual::dual_server;
use crate::common::tls_pki::long_chain;
use crate::common::tls_servers::{ServerSetup, rustls_server};

fn chainlens(args: &[&str], dir: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[tokio::test]
async fn an_ecdsa_only_device_gets_the_ecdsa_chain_and_an_rsa_root_fails_it() {
    let dir = tempfile::tempdir().unwrap();
    let server = dual_server(dir.path(), &[]).await;
    let target = format!("127.0.0.1:{}", server.port);
    let args = [
        "probe",
        &target,
        "--trust",
        "rsa/root.pem",
        "--host",
        "localhost",
        "--device",
        "mbedtls-2.28:ecc-only",
        "--device",
        "mbedtls-2.28:rsa-only",
    ];
    let out = chainlens(&args, dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = |device: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(&format!("{device} ")))
            .unwrap_or_else(|| panic!("no line for {device} in {text}"))
            .to_owned()
    };
    let ecc = line("mbedtls-2.28:ecc-only");
    assert!(ecc.contains(" NO "), "{ecc}");
    assert!(ecc.contains("TLS_ECDHE_ECDSA_WITH_"), "{ecc}");
    assert!(ecc.contains("ECDSA"), "{ecc}");
    assert!(ecc.contains("MBEDTLS_X509_BADCERT_NOT_TRUSTED"), "{ecc}");
    let rsa = line("mbedtls-2.28:rsa-only");
    assert!(rsa.contains(" yes "), "{rsa}");
    assert!(rsa.contains("TLS_ECDHE_RSA_WITH_"), "{rsa}");

    // The same in JSON: the ECDSA chain, by index, with the device's verdict on it.
    let mut json_args = args.to_vec();
    json_args.push("--json");
    let out = chainlens(&json_args, dir.path());
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["schema"], "chainlens.probe/1");
    let ecc = &value["devices"][0];
    assert_eq!(ecc["device"], "mbedtls-2.28:ecc-only");
    assert_eq!(ecc["connects"], false);
    assert_eq!(ecc["handshake"]["result"], "negotiated");
    let chain = ecc["handshake"]["chain"].as_u64().unwrap() as usize;
    assert_eq!(value["facts"]["chains"][chain]["key_type"], "ecdsa");
    assert_eq!(ecc["verdicts"][0]["code"], "unknown_issuer");
    assert_eq!(value["chains"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn an_ecdsa_only_device_finds_no_suite_at_an_rsa_only_server() {
    let dir = tempfile::tempdir().unwrap();
    let rsa = dir.path().join("rsa");
    std::fs::create_dir_all(&rsa).unwrap();
    crate::common::tls_tools::openssl_pki(&rsa, crate::common::tls_tools::KeyKind::Rsa).unwrap();
    let server = crate::common::tls_tools::s_server(&rsa, Some("int.pem"), &["-no_tls1_3"])
        .await
        .unwrap();
    let target = format!("127.0.0.1:{}", server.port);
    let out = chainlens(
        &[
            "probe",
            &target,
            "--trust",
            "root.pem",
            "--device",
            "mbedtls-2.28:ecc-only",
        ],
        &rsa,
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(
            "no shared cipher suite in TLS 1.2: the server offers only ECDHE-RSA, DHE-RSA and \
             RSA, the device only ECDHE-ECDSA"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn a_4_kib_mbedtls_buffer_fails_on_a_10_kib_chain() {
    let (chain, key) = long_chain(3, 3000).unwrap();
    let server = rustls_server(ServerSetup::new(chain, key.serialize_der()))
        .await
        .unwrap();
    let target = Target::parse(&server.address(), 0).unwrap();
    let options = ProbeOptions {
        timeout_secs: 5,
        ..ProbeOptions::default()
    };
    let facts = probe(&target, &options).await.unwrap();
    // rustls does not implement max_fragment_length.
    assert_eq!(facts.max_fragment_length, Some(false));
    let size = facts.chains[0].certificate_message_bytes;
    assert!((9_000..12_000).contains(&size), "{size}");
    let small: Device = "mbedtls-2.28:in-content-len=4096".parse().unwrap();
    let Handshake::Negotiated(n) = device_handshake(&small, &facts, &[]).handshake else {
        panic!("no handshake");
    };
    assert_eq!(n.version, TlsVersion::Tls12);
    let input = n.input.unwrap();
    assert_eq!(input.exceeded, Some(InputExceeded::Record));
    assert_eq!(input.certificate_message_bytes, size);
    // rustls packs the ServerHello, the Certificate and the rest of the flight into one
    // record: that record is what the device must take.
    let record = facts.chains[0].largest_record_bytes.unwrap();
    assert!(record > size, "{record} {size}");
    assert_eq!(input.largest_record_bytes, record);
    assert_eq!(
        chainlens::report::probe::input_problem(&input).unwrap(),
        format!(
            "the {size}-byte Certificate message arrives in records of up to {record} bytes (no \
             max_fragment_length agreed); the device's input buffer takes 4096"
        )
    );
    // Asking for 4 KiB fragments changes nothing when the server ignores the request.
    let asking: Device = "mbedtls-2.28:in-content-len=4096,mfl=4096".parse().unwrap();
    let Handshake::Negotiated(n) = device_handshake(&asking, &facts, &[]).handshake else {
        panic!("no handshake");
    };
    assert!(!n.input.unwrap().fits());
    // The default 16 KiB buffer takes it.
    let default = Device::new(chainlens::model::Stack::MbedTls);
    let Handshake::Negotiated(n) = device_handshake(&default, &facts, &[]).handshake else {
        panic!("no handshake");
    };
    assert!(n.input.unwrap().fits());
}

#[tokio::test]
async fn inspect_probe_adds_the_facts_and_the_device_table() {
    let dir = tempfile::tempdir().unwrap();
    let server = dual_server(dir.path(), &[]).await;
    let target = format!("127.0.0.1:{}", server.port);
    let base = [
        "inspect",
        &target,
        "--trust",
        "rsa/root.pem",
        "--host",
        "localhost",
    ];
    let plain = chainlens(&base, dir.path());
    let plain_text = String::from_utf8_lossy(&plain.stdout).into_owned();
    assert!(!plain_text.contains("Can the device connect?"));
    let mut args = base.to_vec();
    args.extend(["--probe", "--device", "openssl-3.0"]);
    let out = chainlens(&args, dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Chains served: 2"), "{text}");
    assert!(text.contains("Can the device connect?"), "{text}");
    // openssl-3.0 offers ecdsa_secp256r1_sha256 first in TLS 1.3: the ECDSA chain, whose
    // root is not in rsa/root.pem.
    assert_eq!(out.status.code(), Some(1), "{text}");
    args.push("--json");
    let out = chainlens(&args, dir.path());
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["probe"]["schema"], "chainlens.probe/1");
    assert_eq!(value["probe"]["devices"][0]["device"], "openssl-3.0");
    assert!(value["verdicts"].is_array());
}
