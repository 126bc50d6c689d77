//! The built binary: exit codes, stderr reasons and JSON.

use crate::common;

use std::process::{Command, Output};

use serde_json::Value;

const LEAF: &str = "aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem";
const INTER: &str = "aws-iot-us-east-1/intermediate-Amazon-Server-CA-1B.pem";
const HOST: &str = "a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com";

fn chainlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .current_dir(common::corpus::data(""))
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn verify_aws_iot_chain_in_2023_exits_0() {
    let out = chainlens(&[
        "verify",
        LEAF,
        "--untrusted",
        INTER,
        "--trust-store",
        "aws-iot",
        "--at",
        "2023-01-01T00:00:00Z",
        "--host",
        HOST,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("OK"), "{stdout}");
    assert!(stdout.contains("Amazon Root CA 1"), "{stdout}");
}

#[test]
fn verify_now_exits_1_naming_both_expired_certificates() {
    let out = chainlens(&[
        "verify",
        LEAF,
        "--untrusted",
        INTER,
        "--trust-store",
        "aws-iot",
        "--host",
        HOST,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("*.iot.us-east-1.amazonaws.com: expired 2023-08-14"),
        "{err}"
    );
    assert!(err.contains("Amazon: expired 2025-10-19"), "{err}");
}

#[test]
fn verify_wrong_host_exits_1_for_the_host_name() {
    let out = chainlens(&[
        "verify",
        LEAF,
        "--untrusted",
        INTER,
        "--trust-store",
        "aws-iot",
        "--at",
        "2023-01-01T00:00:00Z",
        "--host",
        "a1pmmrdn6yc5il-ats.iot.eu-west-1.amazonaws.com",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("host name"), "{err}");
    assert!(err.contains("eu-west-1"), "{err}");
}

#[test]
fn trust_file_means_only_that_file() {
    let out = chainlens(&[
        "verify",
        LEAF,
        "--untrusted",
        INTER,
        "--trust",
        "aws-roots/Amazon_Root_CA_3.pem",
        "--at",
        "2023-01-01T00:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no path to a trusted root"),
        "{}",
        stderr(&out)
    );
    let out = chainlens(&[
        "verify",
        LEAF,
        "--untrusted",
        INTER,
        "--trust",
        "aws-roots/Amazon_Root_CA_1.pem",
        "--at",
        "1672531200",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn unreadable_input_and_bad_usage_exit_2() {
    let out = chainlens(&["verify", "no-such-file.pem"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no-such-file.pem"),
        "{}",
        stderr(&out)
    );
    let out = chainlens(&["verify", LEAF, "--at", "yesterday"]);
    assert_eq!(out.status.code(), Some(2));
    let out = chainlens(&["inspect", "limbo/ORIGIN.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a certificate"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn inspect_json_has_the_documented_shape() {
    let out = chainlens(&[
        "inspect",
        LEAF,
        INTER,
        "--trust-store",
        "aws-iot",
        "--at",
        "2023-01-01T00:00:00Z",
        "--host",
        HOST,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema"], "chainlens.inspection/1");
    let certs = json["certificates"].as_array().unwrap();
    assert_eq!(
        certs.len(),
        3,
        "leaf, intermediate and the anchor's certificate"
    );
    for key in [
        "subject",
        "issuer",
        "serial",
        "not_before",
        "not_after",
        "sha256",
        "extensions",
    ] {
        assert!(!certs[0][key].is_null(), "missing {key}");
    }
    assert_eq!(certs[0]["subject"], "CN = *.iot.us-east-1.amazonaws.com");
    assert_eq!(certs[0]["not_after"], "2023-08-14T23:59:59Z");
    let links = json["links"].as_array().unwrap();
    assert!(!links.is_empty());
    for link in links {
        assert!(link["child"].is_number());
        assert!(link["status"].is_string());
        for check in link["checks"].as_array().unwrap() {
            assert!(
                check["name"].is_string()
                    && check["status"].is_string()
                    && check["reason"].is_string()
            );
        }
    }
    assert!(json["findings"].is_array());
    let verdicts = json["verdicts"].as_array().unwrap();
    assert_eq!(verdicts[0]["store"], "AWS IoT device roots");
    assert_eq!(verdicts[0]["trusted"], true);
    assert!(
        verdicts[0]["reason"]
            .as_str()
            .unwrap()
            .contains("Amazon Root CA 1")
    );
}

#[test]
fn inspect_text_reads_like_openssl() {
    let out = chainlens(&["inspect", LEAF, INTER, "--trust-store", "aws-iot"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "Serial Number:",
        "Signature Algorithm: sha256WithRSAEncryption",
        "Subject: CN = *.iot.us-east-1.amazonaws.com",
        "X509v3 Subject Alternative Name",
        "DNS:*.iot.us-east-1.amazonaws.com",
        "CT Precertificate SCTs",
        "Authority Information Access",
        "SHA256 Fingerprint=",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
}

#[test]
fn inspect_reads_stdin_and_a_ca_bundle() {
    let bundle = std::fs::read(common::corpus::data("aws-roots/Amazon_Root_CA_1.pem")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args([
            "inspect",
            "-",
            "--json",
            "--purpose",
            "server",
            "--trust-store",
            "aws-iot",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&bundle).unwrap();
    let out = child.wait_with_output().unwrap();
    // A root on its own is a CA, not an end-entity certificate: not trusted as a server.
    // (Without --purpose, standard input is read as a paste: a lone CA is checked as a CA.)
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["certificates"][0]["role"], "trust anchor");
}

/// A reader that goes away (`chainlens inspect … | head`) ends chainlens quietly with status
/// 0: no panic, no backtrace on stderr.
#[test]
fn a_closed_output_pipe_ends_quietly() {
    for args in [
        vec!["inspect", "--json"],
        vec!["inspect", "--timeline"],
        vec!["verify", "--json"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chainlens"))
            .args(&args)
            .arg(common::corpus::data("devices/leaf-ip.pem"))
            .arg("--trust")
            .arg(common::corpus::data("devices/root.pem"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end before chainlens writes anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {:?} {err}",
            out.status
        );
    }
}
