//! In-process servers on 127.0.0.1 for the fetch tests: a real rustls server that records
//! the ClientHellos it sees, and scripted servers that misbehave on purpose.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::{Context, Result};
use rustls::SupportedProtocolVersion;
use rustls::crypto::aws_lc_rs;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::{ClientHello, ResolvesServerCert, ServerConfig};
use rustls::sign::{CertifiedKey, SigningKey};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

/// How long a server connection may live: far beyond any test's fetch timeout.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(30);

/// What a client asked for in its ClientHello.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hello {
    /// SNI, if sent.
    pub sni: Option<String>,
    /// ALPN protocols offered.
    pub alpn: Vec<String>,
}

/// A server running on a tokio task, stopped when dropped.
pub struct TestServer {
    /// The loopback port it listens on.
    pub port: u16,
    hellos: Arc<Mutex<Vec<Hello>>>,
    task: JoinHandle<()>,
}

impl TestServer {
    /// `127.0.0.1:port`, as fetch reports the address.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The ClientHellos seen so far (rustls servers only).
    pub fn hellos(&self) -> Vec<Hello> {
        self.hellos
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// What a rustls test server serves.
pub struct ServerSetup {
    /// DER certificates to send, in this order, exactly.
    pub chain: Vec<Vec<u8>>,
    /// PKCS#8 DER of the key that signs the handshake.
    pub key_der: Vec<u8>,
    /// Protocol versions enabled.
    pub versions: &'static [&'static SupportedProtocolVersion],
    /// ALPN protocols accepted, most preferred first.
    pub alpn: Vec<&'static str>,
    /// OCSP response to staple.
    pub ocsp: Option<Vec<u8>>,
}

impl ServerSetup {
    /// TLS 1.2 and 1.3, no ALPN, no stapling.
    pub fn new(chain: Vec<Vec<u8>>, key_der: Vec<u8>) -> Self {
        Self {
            chain,
            key_der,
            versions: rustls::ALL_VERSIONS,
            alpn: Vec::new(),
            ocsp: None,
        }
    }
}

/// Serves a fixed chain and records each ClientHello.
///
/// A resolver rather than `with_single_cert`, because rustls would refuse to serve the
/// deliberately broken chains (a key that does not match, a 1 MiB certificate).
#[derive(Debug)]
struct RecordingResolver {
    key: Arc<CertifiedKey>,
    hellos: Arc<Mutex<Vec<Hello>>>,
}

impl ResolvesServerCert for RecordingResolver {
    fn resolve(&self, client_hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let hello = Hello {
            sni: client_hello.server_name().map(str::to_owned),
            alpn: client_hello
                .alpn()
                .map(|protocols| {
                    protocols
                        .map(|p| String::from_utf8_lossy(p).into_owned())
                        .collect()
                })
                .unwrap_or_default(),
        };
        self.hellos
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(hello);
        Some(Arc::clone(&self.key))
    }
}

/// A signing key from PKCS#8 DER.
pub fn signing_key(key_der: &[u8]) -> Result<Arc<dyn SigningKey>> {
    let der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key_der.to_vec()));
    aws_lc_rs::sign::any_supported_type(&der).context("loading the server key")
}

/// Starts a tokio-rustls server on 127.0.0.1 serving `setup`.
pub async fn rustls_server(setup: ServerSetup) -> Result<TestServer> {
    let chain = setup.chain.into_iter().map(CertificateDer::from).collect();
    let mut certified = CertifiedKey::new(chain, signing_key(&setup.key_der)?);
    certified.ocsp = setup.ocsp;
    let hellos = Arc::new(Mutex::new(Vec::new()));
    let resolver = RecordingResolver {
        key: Arc::new(certified),
        hellos: Arc::clone(&hellos),
    };
    let mut config = ServerConfig::builder_with_provider(Arc::new(aws_lc_rs::default_provider()))
        .with_protocol_versions(setup.versions)?
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(resolver));
    config.alpn_protocols = setup.alpn.iter().map(|p| p.as_bytes().to_vec()).collect();
    let acceptor = TlsAcceptor::from(Arc::new(config));

    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let serve = async {
                    // Handshake failures are what several tests provoke; nothing to report.
                    if let Ok(mut tls) = acceptor.accept(stream).await {
                        // Wait for the client's close_notify, as a real server would.
                        drain(&mut tls).await;
                    }
                };
                let _ = tokio::time::timeout(CONNECTION_LIFETIME, serve).await;
            });
        }
    });
    Ok(TestServer { port, hellos, task })
}

/// Starts a server on 127.0.0.1 that hands each connection to `handler`.
pub async fn raw_server<F, Fut>(handler: F) -> Result<TestServer>
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let connection = handler(stream);
            tokio::spawn(async move {
                let _ = tokio::time::timeout(CONNECTION_LIFETIME, connection).await;
            });
        }
    });
    Ok(TestServer {
        port,
        hellos: Arc::new(Mutex::new(Vec::new())),
        task,
    })
}

/// Reads one TLS record (header and body), as a server reads the ClientHello.
pub async fn read_record(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut header = [0u8; 5];
    stream.read_exact(&mut header).await?;
    let length = usize::from(u16::from_be_bytes([header[3], header[4]]));
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await?;
    let mut record = header.to_vec();
    record.extend_from_slice(&body);
    Ok(record)
}

/// A fatal TLS alert record with the given description code.
pub fn alert_record(description: u8) -> Vec<u8> {
    vec![0x15, 0x03, 0x03, 0x00, 0x02, 0x02, description]
}

/// Reads until the peer closes or fails.
pub async fn drain<S: AsyncRead + Unpin>(stream: &mut S) {
    let mut buffer = [0u8; 4096];
    while let Ok(read) = stream.read(&mut buffer).await {
        if read == 0 {
            break;
        }
    }
}
