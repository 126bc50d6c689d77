//! A server with an RSA and an ECDSA certificate (`openssl s_server -cert … -dcert …`):
//! the probe lists both chains and what selects each.

use std::fs;
use std::path::Path;

use chainlens::fetch::Target;
use chainlens::model::handshake::TlsVersion;
use chainlens::model::probe::{ChainSelector, KeyType, ServerFacts};
use chainlens::probe::hello::{Auth, suite_auth};
use chainlens::probe::{ProbeOptions, probe};

use crate::common::tls_tools::{KeyKind, Spawned, openssl_pki, pem_ders, s_server};

/// An RSA PKI in `dir/rsa`, an ECDSA one in `dir/ec`, and a server offering both.
pub async fn dual_server(dir: &Path, extra: &[&str]) -> Spawned {
    let (rsa, ec) = (dir.join("rsa"), dir.join("ec"));
    fs::create_dir_all(&rsa).unwrap();
    fs::create_dir_all(&ec).unwrap();
    openssl_pki(&rsa, KeyKind::Rsa).unwrap();
    openssl_pki(&ec, KeyKind::Ecdsa).unwrap();
    let mut args = vec![
        "-dcert",
        "../ec/leaf.pem",
        "-dkey",
        "../ec/leaf.key",
        "-dcert_chain",
        "../ec/int.pem",
    ];
    args.extend_from_slice(extra);
    s_server(&rsa, Some("int.pem"), &args).await.unwrap()
}

pub async fn probe_port(port: u16) -> ServerFacts {
    let target = Target::parse(&format!("127.0.0.1:{port}"), 0).unwrap();
    let options = ProbeOptions {
        timeout_secs: 5,
        ..ProbeOptions::default()
    };
    probe(&target, &options).await.unwrap()
}

fn chain(dir: &Path) -> Vec<Vec<u8>> {
    [
        pem_ders(&dir.join("leaf.pem")).unwrap(),
        pem_ders(&dir.join("int.pem")).unwrap(),
    ]
    .concat()
}

#[tokio::test]
async fn both_chains_are_listed_with_what_selects_them() {
    let dir = tempfile::tempdir().unwrap();
    let server = dual_server(dir.path(), &[]).await;
    let facts = probe_port(server.port).await;
    assert!(facts.errors.is_empty(), "{:?}", facts.errors);
    assert_eq!(
        facts.accepted_versions(),
        vec![TlsVersion::Tls12, TlsVersion::Tls13]
    );
    assert_eq!(facts.chains.len(), 2, "{:?}", facts.chains);
    let rsa = facts
        .chains
        .iter()
        .find(|c| c.key_type == KeyType::Rsa)
        .unwrap();
    let ec = facts
        .chains
        .iter()
        .find(|c| c.key_type == KeyType::Ecdsa)
        .unwrap();
    assert_eq!(rsa.certificates, chain(&dir.path().join("rsa")));
    assert_eq!(ec.certificates, chain(&dir.path().join("ec")));
    // ECDHE-ECDSA in TLS 1.2 and ecdsa_secp256r1_sha256 in TLS 1.3 select the ECDSA chain.
    let tls12_auth = |selected: &[ChainSelector]| {
        selected
            .iter()
            .filter(|s| s.version == TlsVersion::Tls12)
            .map(|s| suite_auth(s.cipher_suite))
            .collect::<Vec<_>>()
    };
    assert_eq!(tls12_auth(&ec.selected_by), vec![Some(Auth::Ecdsa)]);
    assert!(
        ec.selected_by
            .iter()
            .any(|s| s.signature_scheme == Some(0x0403))
    );
    assert_eq!(tls12_auth(&rsa.selected_by), vec![Some(Auth::Rsa)]);
    assert!(
        rsa.selected_by
            .iter()
            .any(|s| s.signature_scheme == Some(0x0804))
    );
    // x25519 in both versions; no ML-KEM in OpenSSL 3.0.
    assert!(facts.tls13_groups.contains(&0x001d));
    assert!(!facts.tls13_groups.contains(&0x11ec));
    assert!(facts.tls12_groups.contains(&0x0017));
    assert!(facts.tls12_signature_schemes.contains(&0x0403));
    assert!(facts.tls12_signature_schemes.contains(&0x0804));
}
