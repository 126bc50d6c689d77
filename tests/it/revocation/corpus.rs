//! The Amazon Trust Services demo leaves with the CRLs of every Amazon CA
//! (tests/data/rustls-webpki-amazon, see ORIGIN.md): at 2025-02-23T10:02:16Z `revoked.*` is
//! revoked and `valid.*` trusted, and without the CRLs revocation is "not checked".

use crate::common;

use std::process::{Command, Output};

use serde_json::Value;

const AT: &str = "2025-02-23T10:02:16Z";
const DIR: &str = "rustls-webpki-amazon";

fn files(suffix: &str, filter: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(common::corpus::data(DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(suffix) && filter(n))
        .map(|n| format!("{DIR}/{n}"))
        .collect();
    out.sort();
    out
}

/// Verifies `leaf` (of root `n`) through every Amazon intermediate to Amazon Root CA `n`.
fn verify(leaf: &str, n: u32, with_crls: bool) -> Output {
    let mut args: Vec<String> = vec![
        "verify".into(),
        format!("{DIR}/{leaf}"),
        "--at".into(),
        AT.into(),
    ];
    for inter in files(".cer", |n| n.len() == "r2m01.cer".len()) {
        args.push("--untrusted".into());
        args.push(inter);
    }
    args.push("--trust".into());
    args.push(format!("{DIR}/AmazonRootCA{n}.cer"));
    if with_crls {
        for crl in files(".crl", |_| true) {
            args.push("--crl".into());
            args.push(crl);
        }
    }
    args.push("--json".into());
    Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(&args)
        .current_dir(common::corpus::data(""))
        .output()
        .unwrap()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    })
}

fn leaf_revocation(json: &Value) -> Value {
    // The leaf's link on the trusted (or best) path.
    let verdict = json["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["paths"].as_array().is_some_and(|p| !p.is_empty()))
        .unwrap();
    let link = verdict["paths"][0]["links"][0].as_u64().unwrap() as usize;
    json["links"][link]["revocation"].clone()
}

#[test]
fn revoked_demo_leaves_are_revoked_with_their_crls() {
    for n in 1..=4 {
        let out = verify(
            &format!("revoked.rootca{n}.demo.amazontrust.com.cer"),
            n,
            true,
        );
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "rootca{n}: {stderr}");
        assert!(stderr.contains("[revoked]"), "rootca{n}: {stderr}");
        let r = leaf_revocation(&json(&out));
        assert_eq!(r["status"], "revoked", "rootca{n}: {r}");
        assert_eq!(r["source"]["kind"], "crl", "rootca{n}: {r}");
    }
}

#[test]
fn valid_demo_leaves_are_good_and_trusted_with_their_crls() {
    for n in 1..=4 {
        let out = verify(
            &format!("valid.rootca{n}.demo.amazontrust.com.cer"),
            n,
            true,
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "rootca{n}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let insp = json(&out);
        assert_eq!(leaf_revocation(&insp)["status"], "good", "rootca{n}");
        // The intermediate is checked against its root's CRL too.
        let path_links = insp["verdicts"][0]["paths"][0]["links"]
            .as_array()
            .unwrap()
            .clone();
        let inter = path_links[1].as_u64().unwrap() as usize;
        assert_eq!(
            insp["links"][inter]["revocation"]["status"], "good",
            "rootca{n}"
        );
    }
}

#[test]
fn without_crls_the_revoked_leaf_is_trusted_and_not_checked() {
    let out = verify("revoked.rootca1.demo.amazontrust.com.cer", 1, false);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(leaf_revocation(&json(&out))["status"], "not_checked");
}
