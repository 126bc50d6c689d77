//! The legacy capture end to end: servers rustls cannot talk to (openssl s_server offering
//! only RSA key exchange, or only TLS 1.0; postfix offering only RSA key exchange after
//! STARTTLS) still yield their chains, with facts that say what was negotiated and that the
//! handshake was not completed, and a finding that modern clients cannot connect.
//!
//! Needs the `openssl` binary (fails, never skips, without it); the postfix test skips
//! loudly without postfix.

use std::path::Path;
use std::process::Output;

use crate::common::mail_servers;
use crate::common::tls_tools::{KeyKind, Spawned, openssl_pki, pem_ders, s_server};
use anyhow::{Result, bail};
use chainlens::fetch::{FetchError, FetchOptions, FetchedChain, Target, fetch_chain};

const TIMEOUT_SECS: u64 = 10;

async fn fetch(port: u16, legacy_fallback: bool) -> Result<FetchedChain, FetchError> {
    let target = Target::parse(&format!("127.0.0.1:{port}"), 0).unwrap();
    let options = FetchOptions {
        timeout_secs: TIMEOUT_SECS,
        legacy_fallback,
        ..FetchOptions::default()
    };
    fetch_chain(&target, &options).await
}

fn chainlens(args: &[&str], dir: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// The chain as sent, the facts of a legacy capture, and the CLI's verdict and warning.
async fn check_legacy(
    dir: &Path,
    server: &Spawned,
    version: &str,
    cipher: &str,
    key_exchange: &str,
) -> Result<()> {
    let fetched = fetch(server.port, true).await?;
    let sent = [
        pem_ders(&dir.join("leaf.pem"))?,
        pem_ders(&dir.join("int.pem"))?,
    ]
    .concat();
    assert_eq!(fetched.certificates, sent);
    let conn = &fetched.connection;
    assert_eq!(conn.tls_version, version);
    assert_eq!(conn.cipher_suite, cipher);
    assert!(!conn.handshake_completed);
    let Some(legacy) = &conn.legacy else {
        bail!("no legacy facts in {conn:?}");
    };
    assert_eq!(legacy.key_exchange, key_exchange);
    assert!(
        legacy
            .modern_failure
            .starts_with("no TLS version or cipher suite in common"),
        "{legacy:?}"
    );

    let target = format!("127.0.0.1:{}", server.port);
    let out = chainlens(
        &[
            "inspect",
            &target,
            "--trust",
            "root.pem",
            "--host",
            "localhost",
        ],
        dir,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("TLS version:   {version}")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("Key exchange:  {key_exchange}")),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "the handshake was not completed, so the server's possession of the \
             certificate's private key was not proven"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("clients with modern TLS stacks"),
        "{stdout}"
    );
    assert!(stdout.contains("root.pem: TRUSTED"), "{stdout}");

    let out = chainlens(
        &[
            "inspect",
            &target,
            "--trust",
            "root.pem",
            "--host",
            "localhost",
            "--json",
        ],
        dir,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let connection = &json["source"]["connection"];
    assert_eq!(connection["handshake_completed"], false, "{connection}");
    assert_eq!(
        connection["legacy"]["key_exchange"], key_exchange,
        "{connection}"
    );
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "modern_clients_cannot_connect"),
        "{json}"
    );
    Ok(())
}

#[tokio::test]
async fn a_tls12_server_with_only_rsa_key_exchange_yields_its_chain() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Rsa)?;
    let server = s_server(
        dir.path(),
        Some("int.pem"),
        &["-tls1_2", "-cipher", "AES128-SHA"],
    )
    .await?;

    // Without the fallback, rustls's finding stands.
    let result = fetch(server.port, false).await;
    let Err(error @ FetchError::Incompatible { .. }) = result else {
        bail!("expected Incompatible without the fallback, got {result:?}");
    };
    assert!(error.to_string().contains("handshake_failure"), "{error}");

    check_legacy(
        dir.path(),
        &server,
        "TLSv1.2",
        "TLS_RSA_WITH_AES_128_CBC_SHA",
        "RSA",
    )
    .await
}

#[tokio::test]
async fn a_tls10_only_server_yields_its_chain() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Rsa)?;
    let server = s_server(
        dir.path(),
        Some("int.pem"),
        &["-tls1", "-cipher", "DEFAULT:@SECLEVEL=0"],
    )
    .await?;
    // s_server follows the client's order: the first suite offered that TLS 1.0 has.
    check_legacy(
        dir.path(),
        &server,
        "TLSv1",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        "ECDHE",
    )
    .await
}

#[test]
fn a_legacy_smtp_server_is_captured_after_the_dialogue() {
    // Postfix offering TLS 1.2 with RSA key exchange only, after STARTTLS.
    let Some(daemon) = mail_servers::postfix_with(
        true,
        "smtpd_tls_protocols = TLSv1.2\n\
         smtpd_tls_ciphers = medium\n\
         tls_medium_cipherlist = AES128-SHA\n",
    )
    .unwrap() else {
        return;
    };
    let source = format!("smtp://127.0.0.1:{}", daemon.port);
    let out = chainlens(
        &[
            "inspect",
            &source,
            "--trust",
            "root.pem",
            "--host",
            "localhost",
        ],
        daemon.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        daemon.log()
    );
    assert!(stdout.contains("STARTTLS:      smtp"), "{stdout}");
    assert!(
        stdout.contains("Cipher suite:  TLS_RSA_WITH_AES_128_CBC_SHA"),
        "{stdout}"
    );
    assert!(stdout.contains("Handshake:     not completed"), "{stdout}");
    assert!(stdout.contains("root.pem: TRUSTED"), "{stdout}");
}
