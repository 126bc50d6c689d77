//! The real device clients against one plain server: each completes the handshake, verifies
//! the chain and names the leaf it received; a wrong host name is each library's own error.

use std::fs;

use chainlens::model::device::Stack;
use sha2::{Digest, Sha256};

use super::capture::run_client;
use crate::common::tls_pki;
use crate::common::tls_tools::{Spawned, free_port, require_tool, spawn_on};

/// `openssl s_server` in `dir` with `args` (`-accept` added) on a free loopback port.
pub fn s_server(dir: &std::path::Path, args: &[String], log: &str) -> Spawned {
    let openssl = require_tool("openssl", "openssl").unwrap();
    let mut last = None;
    for _ in 0..3 {
        let port = free_port().unwrap();
        let mut all = vec![
            "s_server".to_string(),
            "-www".to_string(),
            "-quiet".to_string(),
            "-no-CAfile".to_string(),
            "-no-CApath".to_string(),
            "-no-CAstore".to_string(),
        ];
        all.extend(args.iter().cloned());
        all.extend(["-accept".to_string(), format!("127.0.0.1:{port}")]);
        match spawn_on(&openssl, &all, port, dir, log, None) {
            Ok(server) => return server,
            Err(e) => last = Some(e),
        }
    }
    panic!("openssl s_server did not start: {:?}", last);
}

#[test]
fn every_client_completes_a_plain_handshake_and_names_the_leaf() {
    let bin = super::clients();
    let dir = tempfile::tempdir().unwrap();
    let pki = tls_pki::pki().unwrap();
    fs::write(dir.path().join("ca.pem"), &pki.root.pem).unwrap();
    fs::write(dir.path().join("leaf.pem"), &pki.leaf.pem).unwrap();
    fs::write(dir.path().join("leaf.key"), pki.leaf.key.serialize_pem()).unwrap();
    fs::write(dir.path().join("int.pem"), &pki.intermediate.pem).unwrap();
    let args: Vec<String> = [
        "-cert",
        "leaf.pem",
        "-key",
        "leaf.key",
        "-cert_chain",
        "int.pem",
    ]
    .map(String::from)
    .to_vec();
    let server = s_server(dir.path(), &args, "plain.log");
    let leaf = hex::encode(Sha256::digest(&pki.leaf.der));
    let ca = dir.path().join("ca.pem");
    for stack in Stack::ALL {
        let device = chainlens::model::device::Device::new(stack);
        let ok = run_client(bin, &device, server.port, "server.test", &ca).unwrap();
        assert!(ok.ok, "{device}: {ok:?}");
        assert_eq!(ok.leaf_sha256.as_deref(), Some(leaf.as_str()), "{device}");
        assert!(ok.version >= 0x0303 && ok.suite != 0, "{device}: {ok:?}");
        let wrong = run_client(bin, &device, server.port, "other.test", &ca).unwrap();
        assert!(!wrong.ok, "{device}: {wrong:?}");
        assert_eq!(
            wrong.leaf_sha256.as_deref(),
            Some(leaf.as_str()),
            "{device}"
        );
        let expected = match stack {
            Stack::MbedTls => "MBEDTLS_ERR_X509_CERT_VERIFY_FAILED",
            Stack::WolfSsl => "DOMAIN_NAME_MISMATCH",
            Stack::BearSsl => "BR_ERR_X509_BAD_SERVER_NAME",
            Stack::GnuTls => "GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR",
            Stack::OpenSsl => "X509_V_ERR_HOSTNAME_MISMATCH",
        };
        assert_eq!(
            wrong.error.as_deref(),
            Some(expected),
            "{device}: {wrong:?}"
        );
    }
}
