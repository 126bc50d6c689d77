//! Fetching from `openssl s_server` (a child process on a loopback port) serving
//! openssl-made chains: the other TLS stack, and chains sent as real servers send them.
//!
//! Needs the `openssl` binary (Debian package openssl); fails, never skips, without it.

use crate::common::tls_tools::{KeyKind, Spawned, concat_pem, openssl_pki, pem_ders, s_server};
use anyhow::{Result, bail};
use chainlens::fetch::{FetchError, FetchOptions, FetchedChain, Target, fetch_chain};

/// Enough for an RSA handshake on a loaded CI machine.
const TIMEOUT_SECS: u64 = 10;

/// [`fetch`] with rustls alone, without the legacy capture, to see rustls's own finding.
async fn fetch_without_legacy(server: &Spawned) -> Result<FetchedChain, FetchError> {
    let target = Target {
        host: "127.0.0.1".to_owned(),
        port: server.port,
        scheme: None,
    };
    let options = FetchOptions {
        timeout_secs: TIMEOUT_SECS,
        legacy_fallback: false,
        ..FetchOptions::default()
    };
    fetch_chain(&target, &options).await
}

async fn fetch(server: &Spawned) -> Result<FetchedChain, FetchError> {
    let target = Target {
        host: "127.0.0.1".to_owned(),
        port: server.port,
        scheme: None,
    };
    let options = FetchOptions {
        timeout_secs: TIMEOUT_SECS,
        ..FetchOptions::default()
    };
    fetch_chain(&target, &options).await
}

#[tokio::test]
async fn tls13_rsa_chain_is_captured_as_sent() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Rsa)?;
    let server = s_server(dir.path(), Some("int.pem"), &["-tls1_3"]).await?;

    let fetched = fetch(&server).await?;

    let mut expected = pem_ders(&dir.path().join("leaf.pem"))?;
    expected.extend(pem_ders(&dir.path().join("int.pem"))?);
    assert_eq!(fetched.certificates, expected);
    assert_eq!(fetched.connection.tls_version, "TLSv1.3");
    assert!(fetched.connection.cipher_suite.starts_with("TLS_"));
    assert!(fetched.connection.key_exchange_group.is_some());
    Ok(())
}

#[tokio::test]
async fn tls12_only_server_is_captured() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Rsa)?;
    let server = s_server(dir.path(), Some("int.pem"), &["-tls1_2"]).await?;

    let fetched = fetch(&server).await?;

    assert_eq!(fetched.certificates.len(), 2);
    assert_eq!(fetched.connection.tls_version, "TLSv1.2");
    assert!(
        fetched
            .connection
            .cipher_suite
            .starts_with("TLS_ECDHE_RSA_WITH_"),
        "{}",
        fetched.connection.cipher_suite
    );
    Ok(())
}

#[tokio::test]
async fn ecdsa_chain_is_captured() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Ecdsa)?;
    let server = s_server(dir.path(), Some("int.pem"), &[]).await?;

    let fetched = fetch(&server).await?;

    let mut expected = pem_ders(&dir.path().join("leaf.pem"))?;
    expected.extend(pem_ders(&dir.path().join("int.pem"))?);
    assert_eq!(fetched.certificates, expected);
    assert_eq!(fetched.connection.tls_version, "TLSv1.3");
    Ok(())
}

#[tokio::test]
async fn a_chain_in_the_wrong_order_is_kept_in_that_order() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Rsa)?;
    concat_pem(dir.path(), "root-then-int.pem", &["root.pem", "int.pem"])?;
    let server = s_server(dir.path(), Some("root-then-int.pem"), &[]).await?;

    let fetched = fetch(&server).await?;

    let mut expected = pem_ders(&dir.path().join("leaf.pem"))?;
    expected.extend(pem_ders(&dir.path().join("root.pem"))?);
    expected.extend(pem_ders(&dir.path().join("int.pem"))?);
    assert_eq!(fetched.certificates, expected);
    Ok(())
}

#[tokio::test]
async fn a_leaf_only_server_sends_one_certificate() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Ecdsa)?;
    let server = s_server(dir.path(), None, &[]).await?;

    let fetched = fetch(&server).await?;

    assert_eq!(
        fetched.certificates,
        pem_ders(&dir.path().join("leaf.pem"))?
    );
    Ok(())
}

#[tokio::test]
async fn no_common_cipher_suite_is_reported() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Rsa)?;
    // RSA key exchange with CBC: a suite rustls does not implement.
    let server = s_server(dir.path(), None, &["-tls1_2", "-cipher", "AES128-SHA"]).await?;

    let result = fetch_without_legacy(&server).await;

    let Err(error @ FetchError::Incompatible { .. }) = result else {
        bail!("expected Incompatible, got {result:?}");
    };
    assert!(error.to_string().contains("handshake_failure"), "{error}");
    Ok(())
}

#[tokio::test]
async fn no_common_version_is_reported() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Rsa)?;
    // TLS 1.1 needs security level 0 in OpenSSL 3; rustls offers only 1.2 and 1.3.
    let server = s_server(
        dir.path(),
        None,
        &["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"],
    )
    .await?;

    let result = fetch_without_legacy(&server).await;

    let Err(error @ FetchError::Incompatible { .. }) = result else {
        bail!("expected Incompatible, got {result:?}");
    };
    assert!(error.to_string().contains("protocol_version"), "{error}");
    Ok(())
}

#[tokio::test]
async fn a_tls12_server_demanding_a_client_certificate_still_shows_its_chain() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Rsa)?;
    let server = s_server(
        dir.path(),
        Some("int.pem"),
        &["-tls1_2", "-Verify", "1", "-CAfile", "root.pem"],
    )
    .await?;

    let result = fetch(&server).await;

    let Err(FetchError::RejectedAfterCertificates {
        alert,
        certificates,
        ..
    }) = result
    else {
        bail!("expected RejectedAfterCertificates, got {result:?}");
    };
    let mut expected = pem_ders(&dir.path().join("leaf.pem"))?;
    expected.extend(pem_ders(&dir.path().join("int.pem"))?);
    assert_eq!(certificates, expected);
    assert_eq!(alert, "handshake_failure");
    Ok(())
}

#[tokio::test]
async fn a_tls13_server_demanding_a_client_certificate_is_captured() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Ecdsa)?;
    // In TLS 1.3 the client's side of the handshake ends before the server judges the
    // (empty) client certificate, so the fetch completes.
    let server = s_server(
        dir.path(),
        Some("int.pem"),
        &["-tls1_3", "-Verify", "1", "-CAfile", "root.pem"],
    )
    .await?;

    let fetched = fetch(&server).await?;

    assert_eq!(fetched.certificates.len(), 2);
    Ok(())
}
