//! Revocation against real openssl peers on 127.0.0.1: an `openssl ca` index with a good and
//! a revoked leaf, an `openssl ocsp` responder (delegated and issuer-signed), `openssl ca
//! -gencrl` CRLs in PEM and DER, `python3 -m http.server` for the CRL distribution point, and
//! `openssl s_server -status_file` stapling a revoked response.

use std::process::{Command, Output};

use crate::common::ocsp_pki::OcspPki;
use serde_json::Value;

fn chainlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .output()
        .unwrap()
}

/// `chainlens COMMAND TARGET --trust root.pem EXTRA…` against the test PKI's root.
fn against_root(pki: &OcspPki, command: &str, target: &str, extra: &[&str]) -> Output {
    let root = pki.arg("root.pem");
    let mut args = vec![command, target, "--trust", root.as_str()];
    args.extend_from_slice(extra);
    chainlens(&args)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn leaf_revocation(json: &Value) -> Value {
    json["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["child"] == 0)
        .unwrap()["revocation"]
        .clone()
}

#[test]
fn the_ocsp_responder_decides_good_and_revoked() {
    let pki = OcspPki::build().unwrap();
    for delegated in [true, false] {
        let _responder = pki.responder(delegated).unwrap();
        let revoked = against_root(
            &pki,
            "verify",
            &pki.arg("revoked.pem"),
            &["--revocation", "--json"],
        );
        assert_eq!(revoked.status.code(), Some(1), "{}", text(&revoked));
        let json: Value = serde_json::from_slice(&revoked.stdout).unwrap();
        let r = leaf_revocation(&json);
        let log = std::fs::read_to_string(pki.path("ocsp.log")).unwrap_or_default();
        assert_eq!(r["status"], "revoked", "{r}\n{log}");
        assert_eq!(r["source"]["kind"], "ocsp", "{r}");
        assert_eq!(r["reason"], "keyCompromise", "{r}");
        assert!(r["revoked_at"].is_string(), "{r}");
        assert_eq!(json["verdicts"][0]["code"], "revoked");

        let good = against_root(
            &pki,
            "verify",
            &pki.arg("good.pem"),
            &["--revocation", "--json"],
        );
        assert_eq!(good.status.code(), Some(0), "{}", text(&good));
        let json: Value = serde_json::from_slice(&good.stdout).unwrap();
        let r = leaf_revocation(&json);
        assert_eq!(r["status"], "good", "{r}");
    }
}

#[test]
fn crl_files_in_pem_and_der_decide_without_the_network() {
    let pki = OcspPki::build().unwrap();
    for crl in ["root.crl.pem", "root.crl"] {
        let revoked = against_root(
            &pki,
            "verify",
            &pki.arg("revoked.pem"),
            &["--crl", &pki.arg(crl)],
        );
        assert_eq!(revoked.status.code(), Some(1), "{}", text(&revoked));
        let out = text(&revoked);
        assert!(
            out.contains("[revoked]") && out.contains("keyCompromise"),
            "{out}"
        );
        let good = against_root(
            &pki,
            "verify",
            &pki.arg("good.pem"),
            &["--crl", &pki.arg(crl)],
        );
        assert_eq!(good.status.code(), Some(0), "{}", text(&good));
    }
    // Inspect's text names the source and the status on the link.
    let out = against_root(
        &pki,
        "inspect",
        &pki.arg("revoked.pem"),
        &["--crl", &pki.arg("root.crl")],
    );
    let report = text(&out);
    assert!(report.contains("fail    revocation: revoked"), "{report}");
    assert!(report.contains("root.crl"), "{report}");
}

/// `openssl crl2pkcs7 -in CRL -certfile CERT`: a `.p7b` carrying the CRL beside the
/// certificate, in DER.
fn p7b_with_crl(pki: &OcspPki, cert: &str, crl: &str, out: &str) -> String {
    let status = std::process::Command::new("openssl")
        .args(["crl2pkcs7", "-outform", "DER", "-in"])
        .arg(pki.path(crl))
        .arg("-certfile")
        .arg(pki.path(cert))
        .arg("-out")
        .arg(pki.path(out))
        .status()
        .unwrap();
    assert!(status.success());
    pki.arg(out)
}

#[test]
fn crls_inside_a_pkcs7_bundle_decide_like_crl_files() {
    let pki = OcspPki::build().unwrap();
    let revoked = p7b_with_crl(&pki, "revoked.pem", "root.crl.pem", "revoked.p7b");
    let good = p7b_with_crl(&pki, "good.pem", "root.crl.pem", "good.p7b");

    let loaded = chainlens::ingest::load_file(std::path::Path::new(&revoked)).unwrap();
    assert_eq!(loaded.format, chainlens::ingest::Format::Pkcs7Der);
    assert_eq!((loaded.certificates.len(), loaded.crls.len()), (1, 1));
    assert_eq!(loaded.notes, ["the PKCS#7 bundle also carries 1 CRL"]);

    // As LEAF: no --crl, no --revocation, yet the bundle's CRL decides.
    let out = against_root(&pki, "verify", &revoked, &["--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = leaf_revocation(&json);
    assert_eq!(r["status"], "revoked", "{r}");
    assert_eq!(r["source"]["kind"], "crl", "{r}");
    assert_eq!(r["source"]["origin"], format!("{revoked} (CRL)"), "{r}");
    assert_eq!(json["verdicts"][0]["code"], "revoked");
    // The load note is a finding, so every face says where the CRL came from.
    assert!(
        out.stdout
            .windows(b"also carries 1 CRL".len())
            .any(|w| w == b"also carries 1 CRL"),
        "{}",
        text(&out)
    );

    let out = against_root(&pki, "verify", &good, &["--revocation-strict", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(leaf_revocation(&json)["status"], "good");

    // In an --untrusted bundle the CRL counts too (the bundle here is the leaf's own,
    // which only adds a duplicate certificate).
    let out = against_root(
        &pki,
        "verify",
        &pki.arg("revoked.pem"),
        &["--untrusted", &revoked],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("[revoked]"), "{}", text(&out));
}

#[test]
fn without_flags_revocation_is_not_checked() {
    let pki = OcspPki::build().unwrap();
    let out = against_root(&pki, "inspect", &pki.arg("revoked.pem"), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("revocation: not checked"),
        "{}",
        text(&out)
    );
    // A check that was not performed never reads as passed.
    assert!(
        text(&out).contains("skip    revocation: not checked")
            && !text(&out).contains("pass    revocation"),
        "{}",
        text(&out)
    );
    let out = against_root(&pki, "verify", &pki.arg("revoked.pem"), &["--json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(leaf_revocation(&json)["status"], "not_checked");
}

#[test]
fn the_crl_distribution_point_is_downloaded() {
    let pki = OcspPki::build().unwrap();
    let _http = pki.http_server().unwrap();
    // No OCSP responder: the CRL from the distribution point decides.
    let out = against_root(
        &pki,
        "verify",
        &pki.arg("revoked.pem"),
        &["--revocation", "--json", "--http-timeout", "3"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = leaf_revocation(&json);
    assert_eq!(r["status"], "revoked", "{r}");
    assert_eq!(r["source"]["kind"], "crl", "{r}");
    assert!(
        r["source"]["origin"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
}

#[test]
fn peers_down_give_unknown_soft_and_strict() {
    let pki = OcspPki::build().unwrap();
    // Nothing listens on the OCSP or the HTTP port.
    let args = [
        "verify",
        &pki.arg("revoked.pem"),
        "--trust",
        &pki.arg("root.pem"),
        "--revocation",
        "--json",
        "--http-timeout",
        "2",
    ];
    let soft = chainlens(&args);
    assert_eq!(soft.status.code(), Some(0), "{}", text(&soft));
    let json: Value = serde_json::from_slice(&soft.stdout).unwrap();
    let r = leaf_revocation(&json);
    assert_eq!(r["status"], "unknown", "{r}");
    let problems = r["problems"].to_string();
    assert!(
        problems.contains("OCSP") && problems.contains("CRL"),
        "{problems}"
    );
    let mut strict_args = args.to_vec();
    strict_args.push("--revocation-strict");
    let strict = chainlens(&strict_args);
    assert_eq!(strict.status.code(), Some(1), "{}", text(&strict));
    let json: Value = serde_json::from_slice(&strict.stdout).unwrap();
    assert_eq!(json["verdicts"][0]["code"], "revocation_unknown");
}

#[test]
fn a_stapled_revoked_response_fails_the_verdict() {
    let pki = OcspPki::build().unwrap();
    let server = pki.stapling_server("revoked", "revoked.ocsp.der").unwrap();
    let target = format!("127.0.0.1:{}", server.port);
    let out = against_root(&pki, "inspect", &target, &["--host", "localhost"]);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("OCSP stapled:") && report.contains("revoked"),
        "{report}"
    );
    assert!(report.contains("stapled OCSP"), "{report}");
}

#[test]
fn a_stapled_response_about_another_certificate_decides_nothing() {
    let pki = OcspPki::build().unwrap();
    // The revoked leaf, stapling the good leaf's "good": not a "good" for this leaf.
    let server = pki.stapling_server("revoked", "good.ocsp.der").unwrap();
    let target = format!("127.0.0.1:{}", server.port);
    let out = against_root(&pki, "inspect", &target, &["--host", "localhost", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = leaf_revocation(&json);
    assert_eq!(r["status"], "unknown", "{r}");
    assert_eq!(r["problems"][0]["source_name"], "stapled OCSP", "{r}");
    assert_eq!(r["problems"][0]["problem"], "ocsp_rejected", "{r}");
}
