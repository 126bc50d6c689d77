//! Capturing chains from an in-process rustls server: the certificates exactly as served,
//! and the connection facts.

use std::time::{Duration, Instant};

use crate::common::tls_pki::{expired_self_signed, huge_leaf, long_chain, pki};
use crate::common::tls_servers::{
    Hello, ServerSetup, TestServer, drain, raw_server, rustls_server,
};
use anyhow::{Result, bail};
use chainlens::fetch::{FetchError, FetchOptions, FetchedChain, SniMode, Target, fetch_chain};
use rustls::SupportedProtocolVersion;

static TLS13_ONLY: &[&SupportedProtocolVersion] = &[&rustls::version::TLS13];
static TLS12_ONLY: &[&SupportedProtocolVersion] = &[&rustls::version::TLS12];

/// Short, so a hang fails fast; the assertions allow one extra second.
const TIMEOUT_SECS: u64 = 2;

fn options() -> FetchOptions {
    FetchOptions {
        timeout_secs: TIMEOUT_SECS,
        ..FetchOptions::default()
    }
}

fn local(server: &TestServer) -> Result<Target> {
    Ok(Target::parse(&server.address(), 443)?)
}

/// Fetches and checks the fetch ended within the timeout plus a second.
async fn timed_fetch(target: &Target, options: &FetchOptions) -> Result<FetchedChain, FetchError> {
    let started = Instant::now();
    let result = fetch_chain(target, options).await;
    let limit = Duration::from_secs(options.timeout_secs + 1);
    assert!(started.elapsed() < limit, "took {:?}", started.elapsed());
    result
}

#[tokio::test]
async fn captures_root_intermediate_leaf_in_order_over_tls13() -> Result<()> {
    let pki = pki()?;
    let served = vec![
        pki.leaf.der.clone(),
        pki.intermediate.der.clone(),
        pki.root.der.clone(),
    ];
    let server = rustls_server(ServerSetup {
        versions: TLS13_ONLY,
        ..ServerSetup::new(served.clone(), pki.leaf.key_der())
    })
    .await?;

    let fetched = timed_fetch(&local(&server)?, &options()).await?;

    assert_eq!(fetched.certificates, served);
    let info = &fetched.connection;
    assert_eq!(info.address, server.address());
    assert_eq!(info.tls_version, "TLSv1.3");
    assert!(
        info.cipher_suite.starts_with("TLS_AES_") || info.cipher_suite.starts_with("TLS_CHACHA20_"),
        "{}",
        info.cipher_suite
    );
    assert!(info.key_exchange_group.is_some());
    // An IP literal is never sent as SNI.
    assert_eq!(info.sni, None);
    assert_eq!(server.hellos(), vec![Hello::default()]);
    assert_eq!(info.alpn, None);
    assert!(info.alpn_offered.is_empty());
    assert_eq!(info.ocsp_response, None);
    assert_eq!(info.ocsp_response_len, 0);
    assert!(info.handshake_ms < 2000, "{}", info.handshake_ms);
    Ok(())
}

#[tokio::test]
async fn captures_over_tls12_with_its_cipher_suite() -> Result<()> {
    let pki = pki()?;
    let served = vec![pki.leaf.der.clone(), pki.intermediate.der.clone()];
    let server = rustls_server(ServerSetup {
        versions: TLS12_ONLY,
        ..ServerSetup::new(served.clone(), pki.leaf.key_der())
    })
    .await?;

    let fetched = timed_fetch(&local(&server)?, &options()).await?;

    assert_eq!(fetched.certificates, served);
    assert_eq!(fetched.connection.tls_version, "TLSv1.2");
    assert!(
        fetched
            .connection
            .cipher_suite
            .starts_with("TLS_ECDHE_ECDSA_WITH_"),
        "{}",
        fetched.connection.cipher_suite
    );
    assert!(fetched.connection.key_exchange_group.is_some());
    Ok(())
}

#[tokio::test]
async fn negotiates_alpn_and_reports_what_was_offered() -> Result<()> {
    let pki = pki()?;
    let server = rustls_server(ServerSetup {
        alpn: vec!["h2", "http/1.1"],
        ..ServerSetup::new(vec![pki.leaf.der.clone()], pki.leaf.key_der())
    })
    .await?;
    let offered = vec!["mqtt".to_owned(), "http/1.1".to_owned()];
    let options = FetchOptions {
        alpn: offered.clone(),
        ..options()
    };

    let fetched = timed_fetch(&local(&server)?, &options).await?;

    assert_eq!(fetched.connection.alpn.as_deref(), Some("http/1.1"));
    assert_eq!(fetched.connection.alpn_offered, offered);
    assert_eq!(
        server.hellos().first().map(|h| h.alpn.clone()),
        Some(offered)
    );
    Ok(())
}

#[tokio::test]
async fn sends_sni_by_mode_and_honours_connect_to() -> Result<()> {
    let pki = pki()?;
    let server = rustls_server(ServerSetup::new(
        vec![pki.leaf.der.clone()],
        pki.leaf.key_der(),
    ))
    .await?;
    let named = Target::parse("server.test:443", 443)?;
    let connect_to = Some(("127.0.0.1".to_owned(), server.port));

    // Default: the target's host, while connecting elsewhere.
    let fetched = timed_fetch(
        &named,
        &FetchOptions {
            connect_to: connect_to.clone(),
            ..options()
        },
    )
    .await?;
    assert_eq!(fetched.connection.sni.as_deref(), Some("server.test"));
    assert_eq!(fetched.connection.address, server.address());

    // Custom: the given name, even for an IP-literal target.
    let fetched = timed_fetch(
        &local(&server)?,
        &FetchOptions {
            sni: SniMode::Custom("other.test".to_owned()),
            ..options()
        },
    )
    .await?;
    assert_eq!(fetched.connection.sni.as_deref(), Some("other.test"));

    // Disabled: nothing, even for a named target.
    let fetched = timed_fetch(
        &named,
        &FetchOptions {
            sni: SniMode::Disabled,
            connect_to,
            ..options()
        },
    )
    .await?;
    assert_eq!(fetched.connection.sni, None);

    let seen: Vec<Option<String>> = server.hellos().into_iter().map(|h| h.sni).collect();
    assert_eq!(
        seen,
        vec![
            Some("server.test".to_owned()),
            Some("other.test".to_owned()),
            None
        ]
    );
    Ok(())
}

#[tokio::test]
async fn resolves_localhost_and_sends_it_as_sni() -> Result<()> {
    let pki = pki()?;
    let server = rustls_server(ServerSetup::new(
        vec![pki.leaf.der.clone()],
        pki.leaf.key_der(),
    ))
    .await?;
    // localhost may resolve to ::1 first, where nothing listens: the next address is tried.
    let target = Target::parse(&format!("localhost:{}", server.port), 443)?;

    let fetched = timed_fetch(&target, &options()).await?;

    assert_eq!(fetched.connection.sni.as_deref(), Some("localhost"));
    assert_eq!(fetched.connection.address, server.address());
    Ok(())
}

#[tokio::test]
async fn captures_a_stapled_ocsp_response() -> Result<()> {
    let pki = pki()?;
    // rustls staples whatever bytes it is given; chainlens decodes them later.
    let ocsp = b"\x30\x03\x0a\x01\x00".to_vec();
    for versions in [TLS13_ONLY, TLS12_ONLY] {
        let server = rustls_server(ServerSetup {
            ocsp: Some(ocsp.clone()),
            versions,
            ..ServerSetup::new(vec![pki.leaf.der.clone()], pki.leaf.key_der())
        })
        .await?;

        let fetched = timed_fetch(&local(&server)?, &options()).await?;

        assert_eq!(fetched.connection.ocsp_response.as_ref(), Some(&ocsp));
        assert_eq!(fetched.connection.ocsp_response_len, ocsp.len());
    }
    Ok(())
}

#[tokio::test]
async fn keeps_wrong_order_duplicates_and_expired_certificates_as_sent() -> Result<()> {
    let pki = pki()?;
    let expired = expired_self_signed()?;
    let served = vec![
        expired.der.clone(),
        pki.root.der.clone(),
        pki.intermediate.der.clone(),
        pki.intermediate.der.clone(),
        pki.leaf.der.clone(),
    ];
    let server = rustls_server(ServerSetup::new(served.clone(), expired.key_der())).await?;

    let fetched = timed_fetch(&local(&server)?, &options()).await?;

    assert_eq!(fetched.certificates, served);
    Ok(())
}

#[tokio::test]
async fn captures_a_chain_of_100_small_certificates() -> Result<()> {
    let (chain, key) = long_chain(100, 0)?;
    let total_bytes: usize = chain.iter().map(Vec::len).sum();
    // Under rustls's 64 KiB handshake-message limit: the count alone is no problem.
    assert!(total_bytes < 60_000, "{total_bytes}");
    let server = rustls_server(ServerSetup::new(chain.clone(), key.serialize_der())).await?;

    let fetched = timed_fetch(&local(&server)?, &options()).await?;

    assert_eq!(fetched.certificates.len(), 100);
    assert_eq!(fetched.certificates, chain);
    Ok(())
}

#[tokio::test]
async fn a_chain_over_64_kib_is_a_clear_error() -> Result<()> {
    let (chain, key) = long_chain(100, 700)?;
    let total_bytes: usize = chain.iter().map(Vec::len).sum();
    assert!(total_bytes > 65_536, "{total_bytes}");
    for versions in [TLS13_ONLY, TLS12_ONLY] {
        let server = rustls_server(ServerSetup {
            versions,
            ..ServerSetup::new(chain.clone(), key.serialize_der())
        })
        .await?;

        let result = timed_fetch(&local(&server)?, &options()).await;

        let Err(error @ FetchError::ChainTooLarge { .. }) = result else {
            bail!("expected ChainTooLarge over {versions:?}, got {result:?}");
        };
        assert!(error.to_string().ends_with(&server.address()), "{error}");
    }
    Ok(())
}

#[tokio::test]
async fn a_1_mib_certificate_is_a_clear_error() -> Result<()> {
    let leaf = huge_leaf(1024 * 1024)?;
    let server = rustls_server(ServerSetup::new(vec![leaf.der.clone()], leaf.key_der())).await?;

    let result = timed_fetch(&local(&server)?, &options()).await;

    let Err(error @ FetchError::ChainTooLarge { .. }) = result else {
        bail!("expected ChainTooLarge, got {result:?}");
    };
    assert_eq!(
        error.to_string(),
        format!(
            "the server's certificate chain is too large to capture \
             (rustls accepts handshake messages up to 64 KiB) from {}",
            server.address()
        )
    );
    Ok(())
}

#[tokio::test]
async fn still_verifies_the_handshake_signature() -> Result<()> {
    let pki = pki()?;
    // The leaf certifies one key, the server signs with another.
    let server = rustls_server(ServerSetup::new(
        vec![pki.leaf.der.clone()],
        pki.intermediate.key_der(),
    ))
    .await?;

    let result = timed_fetch(&local(&server)?, &options()).await;

    assert!(
        matches!(result, Err(FetchError::HandshakeSignature { .. })),
        "{result:?}"
    );
    Ok(())
}

#[tokio::test]
async fn dropping_the_future_closes_the_connection() -> Result<()> {
    let (closed_tx, mut closed_rx) = tokio::sync::mpsc::unbounded_channel();
    // Reads the ClientHello and everything after it, never answering, then reports EOF.
    let server = raw_server(move |mut stream| {
        let closed_tx = closed_tx.clone();
        async move {
            drain(&mut stream).await;
            let _ = closed_tx.send(());
        }
    })
    .await?;
    let target = local(&server)?;
    let options = FetchOptions {
        timeout_secs: 60,
        ..FetchOptions::default()
    };

    let cancelled =
        tokio::time::timeout(Duration::from_millis(300), fetch_chain(&target, &options));
    assert!(
        cancelled.await.is_err(),
        "the fetch should still be waiting"
    );

    let closed = tokio::time::timeout(Duration::from_secs(2), closed_rx.recv()).await;
    assert_eq!(
        closed.ok().flatten(),
        Some(()),
        "server saw no close after the drop"
    );
    Ok(())
}
