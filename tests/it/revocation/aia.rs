//! AIA completion: badssl's wildcard-incomplete-chain.pem (the leaf alone) becomes complete
//! and trusted at 2020-03-24 with `--aia`, through a local HTTP proxy (`http_proxy=…`, a
//! python3 script) that serves the DigiCert intermediate for the leaf's caIssuers URL.

use crate::common;

use std::process::{Command, Output};

use crate::common::tls_tools::spawn_on;
use crate::common::tls_tools::{free_port, require_tool};
use serde_json::Value;

const LEAF: &str = "badssl/wildcard-incomplete-chain.pem";
const ROOT: &str = "badssl/roots/DigiCert_Global_Root_CA.crt";
const CA_ISSUERS: &str = "http://cacerts.digicert.com/DigiCertSHA2SecureServerCA.crt";

fn chainlens(args: &[&str], proxy: Option<u16>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chainlens"));
    cmd.args(args)
        .current_dir(common::corpus::data(""))
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy");
    if let Some(port) = proxy {
        cmd.env("http_proxy", format!("http://127.0.0.1:{port}"));
    }
    cmd.output().unwrap()
}

/// The intermediate badssl sends with its complete chains (DigiCert SHA2 Secure Server CA).
fn digicert_intermediate() -> chainlens::model::Certificate {
    let bundle = common::corpus::data("badssl/wildcard-rsa2048.pem");
    chainlens::ingest::load_file(&bundle)
        .unwrap()
        .certificates
        .into_iter()
        .find(|c| {
            c.subject
                .one_line
                .contains("DigiCert SHA2 Secure Server CA")
        })
        .unwrap()
}

#[test]
fn aia_completes_the_incomplete_badssl_chain_through_a_proxy() {
    let dir = tempfile::tempdir().unwrap();
    // The intermediate badssl sends with its complete chains, as DigiCert serves it (DER).
    let inter = digicert_intermediate();
    std::fs::write(
        dir.path().join("DigiCertSHA2SecureServerCA.crt"),
        &inter.der,
    )
    .unwrap();
    let python = require_tool("python3", "python3").unwrap();
    let port = free_port().unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/aia_proxy.py");
    let log = dir.path().join("requests.log");
    let args: Vec<String> = vec![
        script.into(),
        port.to_string(),
        dir.path().display().to_string(),
        log.display().to_string(),
    ];
    let _proxy = spawn_on(&python, &args, port, dir.path(), "proxy.log", None).unwrap();

    let base = [
        "inspect",
        LEAF,
        "--trust",
        ROOT,
        "--at",
        "2020-03-24",
        "--host",
        "badssl.com",
    ];
    let without = chainlens(&base, Some(port));
    assert_eq!(
        without.status.code(),
        Some(1),
        "without --aia the chain is incomplete"
    );

    let mut with_aia = base.to_vec();
    with_aia.push("--aia");
    let text_out = chainlens(&with_aia, Some(port));
    let text = String::from_utf8_lossy(&text_out.stdout).into_owned();
    assert_eq!(text_out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("downloaded, not sent by the server"),
        "{text}"
    );
    assert!(text.contains("send this intermediate"), "{text}");
    assert!(std::fs::read_to_string(&log).unwrap().contains(CA_ISSUERS));

    with_aia.push("--json");
    let json_out = chainlens(&with_aia, Some(port));
    let json: Value = serde_json::from_slice(&json_out.stdout).unwrap();
    let downloaded = json["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["origin"]["kind"] == "aia")
        .expect("a certificate with origin aia");
    assert_eq!(downloaded["origin"]["url"], CA_ISSUERS);
    assert_eq!(json["verdicts"][0]["trusted"], true);
}

#[test]
fn aia_with_nothing_listening_fails_cleanly() {
    // The proxy port is closed: the download fails, the verdict stays "not trusted".
    let port = free_port().unwrap();
    let out = chainlens(
        &[
            "inspect",
            LEAF,
            "--trust",
            ROOT,
            "--at",
            "2020-03-24",
            "--aia",
            "--http-timeout",
            "2",
        ],
        Some(port),
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("AIA issuer"), "{text}");
}

#[test]
fn aia_answers_in_pem_and_pkcs7_are_read_too() {
    let dir = tempfile::tempdir().unwrap();
    let inter = digicert_intermediate();
    std::fs::write(dir.path().join("inter.pem"), inter.to_pem()).unwrap();
    let served = dir.path().join("DigiCertSHA2SecureServerCA.crt");
    let python = require_tool("python3", "python3").unwrap();
    let port = free_port().unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/aia_proxy.py");
    let args: Vec<String> = vec![
        script.into(),
        port.to_string(),
        dir.path().display().to_string(),
        dir.path().join("requests.log").display().to_string(),
    ];
    let _proxy = spawn_on(&python, &args, port, dir.path(), "proxy.log", None).unwrap();
    for form in ["pem", "pkcs7"] {
        if form == "pem" {
            std::fs::copy(dir.path().join("inter.pem"), &served).unwrap();
        } else {
            common::tls_tools::openssl(
                dir.path(),
                &[
                    "crl2pkcs7",
                    "-nocrl",
                    "-certfile",
                    "inter.pem",
                    "-outform",
                    "DER",
                    "-out",
                    "DigiCertSHA2SecureServerCA.crt",
                ],
            )
            .unwrap();
        }
        let out = chainlens(
            &[
                "verify",
                LEAF,
                "--trust",
                ROOT,
                "--at",
                "2020-03-24",
                "--aia",
            ],
            Some(port),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{form}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
