//! Delta CRLs from a real `openssl ca`: a certificate's Freshest CRL extension names where
//! its issuer publishes them, `--revocation` downloads them beside the complete CRL, and a
//! revocation listed only on the delta counts.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::tls_tools::{free_port, openssl, require_tool, spawn_on};

fn ca_config(port: u16) -> String {
    format!(
        "\
[ca]
default_ca = root_ca
[root_ca]
dir = .
database = index.txt
serial = serial
crlnumber = crlnumber
new_certs_dir = issued
certificate = root.pem
private_key = root.key
default_md = sha256
default_days = 365
default_crl_days = 30
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
[req]
distinguished_name = dn
[dn]
[root_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[leaf_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:localhost
crlDistributionPoints = URI:http://127.0.0.1:{port}/base.crl
freshestCRL = URI:http://127.0.0.1:{port}/delta.crl
[base_ext]
authorityKeyIdentifier = keyid:always
[delta_ext]
authorityKeyIdentifier = keyid:always
deltaCRL = critical, DER:02:01:01
"
    )
}

/// The PKI in `dir`: a root, a leaf whose complete CRL (number 1) lists nothing and whose
/// delta CRL (number 2, based on 1) lists it as revoked.
fn build(dir: &Path, port: u16) {
    fs::write(dir.join("ca.cnf"), ca_config(port)).unwrap();
    fs::write(dir.join("index.txt"), "").unwrap();
    fs::write(dir.join("serial"), "1000\n").unwrap();
    fs::write(dir.join("crlnumber"), "01\n").unwrap();
    fs::create_dir(dir.join("issued")).unwrap();
    let run = |args: &[&str]| openssl(dir, args).unwrap();
    for key in ["root.key", "leaf.key"] {
        run(&[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            key,
        ]);
    }
    run(&[
        "req",
        "-x509",
        "-new",
        "-key",
        "root.key",
        "-subj",
        "/CN=Delta CRL Root",
        "-days",
        "3650",
        "-config",
        "ca.cnf",
        "-extensions",
        "root_ext",
        "-out",
        "root.pem",
    ]);
    run(&[
        "req",
        "-new",
        "-key",
        "leaf.key",
        "-subj",
        "/CN=localhost",
        "-config",
        "ca.cnf",
        "-out",
        "leaf.csr",
    ]);
    run(&[
        "ca",
        "-batch",
        "-config",
        "ca.cnf",
        "-extensions",
        "leaf_ext",
        "-in",
        "leaf.csr",
        "-out",
        "leaf.pem",
        "-notext",
    ]);
    run(&[
        "ca",
        "-gencrl",
        "-config",
        "ca.cnf",
        "-crlexts",
        "base_ext",
        "-out",
        "base.crl.pem",
    ]);
    run(&[
        "ca",
        "-config",
        "ca.cnf",
        "-revoke",
        "leaf.pem",
        "-crl_reason",
        "keyCompromise",
    ]);
    run(&[
        "ca",
        "-gencrl",
        "-config",
        "ca.cnf",
        "-crlexts",
        "delta_ext",
        "-out",
        "delta.crl.pem",
    ]);
    for name in ["base", "delta"] {
        run(&[
            "crl",
            "-in",
            &format!("{name}.crl.pem"),
            "-outform",
            "DER",
            "-out",
            &format!("{name}.crl"),
        ]);
    }
}

fn verify(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .current_dir(dir)
        .args(["verify", "leaf.pem", "--trust", "root.pem", "--json"])
        .args(["--host", "localhost", "--http-timeout", "3"])
        .args(extra)
        .output()
        .unwrap()
}

fn leaf_revocation(out: &Output) -> Value {
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let link = json["verdicts"][0]["paths"][0]["links"][0]
        .as_u64()
        .unwrap() as usize;
    json["links"][link]["revocation"].clone()
}

#[test]
fn a_delta_crl_from_the_freshest_crl_extension_revokes() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port().unwrap();
    build(dir.path(), port);

    // The complete CRL alone says good.
    let base = verify(dir.path(), &["--crl", "base.crl"]);
    assert_eq!(
        base.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&base.stderr)
    );
    assert_eq!(leaf_revocation(&base)["status"], "good");

    // Online: the distribution point's complete CRL and the Freshest CRL's delta.
    let python = require_tool("python3", "python3").unwrap();
    let args: Vec<String> = [
        "-m",
        "http.server",
        "--bind",
        "127.0.0.1",
        &port.to_string(),
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    let _http = spawn_on(&python, &args, port, dir.path(), "http.log", None).unwrap();
    let online = verify(dir.path(), &["--revocation"]);
    let r = leaf_revocation(&online);
    assert_eq!(online.status.code(), Some(1), "{r}");
    assert_eq!(r["status"], "revoked", "{r}");
    let log = fs::read_to_string(dir.path().join("http.log")).unwrap();
    assert!(log.contains("GET /delta.crl"), "{log}");
    assert!(log.contains("GET /base.crl"), "{log}");
}
