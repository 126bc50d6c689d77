//! The post-quantum key-exchange fact: in-process rustls servers on 127.0.0.1, each with its
//! own key-exchange groups (an `openssl s_server` cannot do ML-KEM on OpenSSL 3.0), and what
//! chainlens's connection facts say of the group negotiated, in the library, text and JSON.

use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use chainlens::fetch::{FetchOptions, Target, fetch_chain};
use rustls::crypto::aws_lc_rs::{self, kx_group};
use rustls::crypto::{CryptoProvider, SupportedKxGroup};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::ServerConfig;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

use crate::common::tls_pki::{TestPki, pki};
use crate::common::tls_servers::drain;

/// A rustls server offering only `groups`, stopped when dropped.
struct GroupServer {
    port: u16,
    task: JoinHandle<()>,
}

impl Drop for GroupServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(pki: &TestPki, groups: &[&'static dyn SupportedKxGroup]) -> Result<GroupServer> {
    let provider = CryptoProvider {
        kx_groups: groups.to_vec(),
        ..aws_lc_rs::default_provider()
    };
    let chain = vec![
        CertificateDer::from(pki.leaf.der.clone()),
        CertificateDer::from(pki.intermediate.der.clone()),
    ];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pki.leaf.key_der()));
    let config = ServerConfig::builder_with_provider(Arc::new(provider))
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let serve = async {
                    if let Ok(mut tls) = acceptor.accept(stream).await {
                        drain(&mut tls).await;
                    }
                };
                let _ = tokio::time::timeout(Duration::from_secs(30), serve).await;
            });
        }
    });
    Ok(GroupServer { port, task })
}

fn options() -> FetchOptions {
    FetchOptions {
        timeout_secs: 5,
        ..FetchOptions::default()
    }
}

#[tokio::test]
async fn the_negotiated_group_says_whether_the_exchange_is_post_quantum() -> Result<()> {
    let pki = pki()?;
    for (groups, expected, post_quantum) in [
        (
            vec![kx_group::X25519MLKEM768, kx_group::X25519],
            "X25519MLKEM768",
            true,
        ),
        // A server that takes only the NIST-curve hybrid: chainlens offers it too.
        (vec![kx_group::SECP256R1MLKEM768], "SecP256r1MLKEM768", true),
        (vec![kx_group::X25519], "X25519", false),
        (vec![kx_group::SECP384R1], "secp384r1", false),
    ] {
        let server = serve(&pki, &groups).await?;
        let target = Target::parse(&format!("127.0.0.1:{}", server.port), 443)?;
        let fetched = fetch_chain(&target, &options()).await?;
        let info = &fetched.connection;
        assert_eq!(info.key_exchange_group.as_deref(), Some(expected));
        assert_eq!(info.post_quantum, post_quantum, "{expected}");
        assert_eq!(
            fetched.certificates,
            vec![pki.leaf.der.clone(), pki.intermediate.der.clone()]
        );
    }
    Ok(())
}

#[tokio::test]
async fn text_and_json_say_post_quantum_or_not() -> Result<()> {
    let pki = pki()?;
    for (groups, expected_text, expected_group, post_quantum) in [
        (
            vec![kx_group::X25519MLKEM768],
            "Key exchange:  X25519MLKEM768 (post-quantum)",
            "X25519MLKEM768",
            true,
        ),
        (
            vec![kx_group::X25519],
            "Key exchange:  X25519 (not post-quantum)",
            "X25519",
            false,
        ),
    ] {
        let server = serve(&pki, &groups).await?;
        let address = format!("127.0.0.1:{}", server.port);
        let run = |json: bool| {
            let address = address.clone();
            tokio::task::spawn_blocking(move || {
                let mut command = Command::new(env!("CARGO_BIN_EXE_chainlens"));
                command.args(["inspect", &address, "--timeout", "5"]);
                if json {
                    command.arg("--json");
                }
                command.output()
            })
        };
        let text = run(false).await??;
        let shown = String::from_utf8_lossy(&text.stdout);
        assert!(
            shown.contains(expected_text),
            "{expected_text:?} in\n{shown}{}",
            String::from_utf8_lossy(&text.stderr)
        );
        let json = run(true).await??;
        let value: serde_json::Value = serde_json::from_slice(&json.stdout)?;
        let connection = &value["source"]["connection"];
        assert_eq!(
            connection["key_exchange_group"], expected_group,
            "{value:#}"
        );
        assert_eq!(connection["post_quantum"], post_quantum, "{value:#}");
    }
    Ok(())
}
