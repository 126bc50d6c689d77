use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rustls::client::Resumption;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::ServerName;
use rustls::{AlertDescription, ClientConfig, InvalidMessage, PeerMisbehaved};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout_at};
use tokio_rustls::TlsConnector;

use crate::fetch::chain::FetchedChain;
use crate::fetch::error::{FetchError, FetchPhase};
use crate::fetch::legacy::capture_legacy;
use crate::fetch::names::{alert_name, cipher_suite_name, group_name, version_name};
use crate::fetch::options::{FetchOptions, SniMode};
use crate::fetch::recorder::{Presented, RecordingVerifier};
use crate::fetch::recording_stream::RecordingStream;
use crate::fetch::sniff::{could_be_tls, escape_prefix, looks_like};
use crate::fetch::starttls::negotiate as negotiate_starttls;
use crate::fetch::target::{Target, host_port};
use crate::model::{ConnectionInfo, LegacyHandshake, is_post_quantum_group};

/// Longest timeout honoured, so a huge `timeout_secs` cannot overflow the clock.
const MAX_TIMEOUT_SECS: u64 = 365 * 24 * 60 * 60;

/// The text rustls's deframer gives when a handshake message outgrows its 64 KiB buffer.
const RUSTLS_BUFFER_FULL: &str = "message buffer full";

/// Connects to `target`, performs a TLS handshake and returns the certificates the server
/// sent, exactly as sent, with facts about the connection.
///
/// Any chain is accepted (expired, self-signed, wrong host); the handshake signature is
/// still verified against the leaf's key. The connection is closed with close_notify right
/// after the handshake: no application data, no client certificate. One deadline of
/// `options.timeout_secs` covers resolving, connecting and the handshake, so a server that
/// never answers, or answers one byte at a time, still ends the fetch on time. Dropping the
/// future cancels the fetch and closes the socket.
///
/// Addresses a host resolves to are tried in order, each until it answers or the deadline
/// passes. With `options.starttls`, the protocol's plaintext dialogue runs first, within the
/// same deadline. When rustls and the server share no version or cipher suite and
/// `options.legacy_fallback` is on, the chain is read from a TLS 1.0–1.2 handshake on a
/// second connection instead, which is not completed (the connection facts say so).
pub async fn fetch_chain(
    target: &Target,
    options: &FetchOptions,
) -> Result<FetchedChain, FetchError> {
    let timeout_secs = options.timeout_secs;
    let deadline = Instant::now() + Duration::from_secs(timeout_secs.min(MAX_TIMEOUT_SECS));
    let addresses = resolve(target, options, deadline).await?;
    // Bad options fail before any connection is made.
    let prepared = prepare(target, options)?;
    let (tcp, address_text, started) = open(&addresses, target, options, deadline).await?;
    let capture_result = capture(
        tcp,
        prepared,
        options,
        address_text.clone(),
        deadline,
        started,
    )
    .await;
    match capture_result {
        Err(FetchError::Incompatible { detail, address }) if options.legacy_fallback => {
            legacy_fetch(target, options, deadline, detail, address).await
        }
        other => other,
    }
}

/// The addresses to connect to (the target's, or those of its `--connect-to` rule).
async fn resolve(
    target: &Target,
    options: &FetchOptions,
    deadline: Instant,
) -> Result<Vec<SocketAddr>, FetchError> {
    let (connect_host, connect_port) = options
        .connect_to
        .clone()
        .unwrap_or_else(|| (target.host.clone(), target.port));
    let addresses: Vec<SocketAddr> = timeout_at(
        deadline,
        tokio::net::lookup_host((connect_host.as_str(), connect_port)),
    )
    .await
    .map_err(|_| FetchError::Timeout {
        timeout_secs: options.timeout_secs,
        phase: FetchPhase::Resolving,
        peer: connect_host.clone(),
    })?
    .map_err(|source| FetchError::Resolve {
        host: connect_host.clone(),
        source: Some(source),
    })?
    .collect();
    if addresses.is_empty() {
        return Err(FetchError::Resolve {
            host: connect_host,
            source: None,
        });
    }
    Ok(addresses)
}

/// Connects to the first of `addresses` that accepts and runs the STARTTLS dialogue if one
/// is asked for: a connection ready for the TLS handshake, its peer's address, and when
/// connecting began.
async fn open(
    addresses: &[SocketAddr],
    target: &Target,
    options: &FetchOptions,
    deadline: Instant,
) -> Result<(TcpStream, String, Instant), FetchError> {
    let timeout_secs = options.timeout_secs;
    let (connect_host, connect_port) = options
        .connect_to
        .clone()
        .unwrap_or_else(|| (target.host.clone(), target.port));
    let Some((first_address, other_addresses)) = addresses.split_first() else {
        return Err(FetchError::Resolve {
            host: connect_host,
            source: None,
        });
    };

    let started = Instant::now();
    let connect = timeout_at(deadline, connect_any(*first_address, other_addresses));
    let (mut tcp, address) = connect.await.map_err(|_| FetchError::Timeout {
        timeout_secs,
        phase: FetchPhase::Connecting,
        peer: host_port(&connect_host, connect_port),
    })??;
    let address_text = address.to_string();
    // The handshake is a few small messages in each direction; Nagle's algorithm would
    // only add round-trip delays to them.
    if let Err(source) = tcp.set_nodelay(true) {
        return Err(FetchError::Io {
            address: address_text,
            source,
        });
    }
    if let Some(protocol) = options.starttls {
        // XMPP addresses its stream to a domain: the name the server is asked for.
        let domain = match &options.sni {
            SniMode::Custom(name) => name.as_str(),
            SniMode::Default | SniMode::Disabled => target.host.as_str(),
        };
        negotiate_starttls(
            &mut tcp,
            protocol,
            domain,
            &address_text,
            deadline,
            timeout_secs,
        )
        .await?;
    }
    Ok((tcp, address_text, started))
}

/// The legacy capture after rustls found nothing in common (`detail`) with the server at
/// `address`: a new connection (and dialogue), a TLS 1.0–1.2 ClientHello with the classic
/// suites, the chain read from the plaintext ServerHello and Certificate messages.
///
/// When the server refuses that too, the original finding is the error: it names what
/// rustls offered and the server did not take.
async fn legacy_fetch(
    target: &Target,
    options: &FetchOptions,
    deadline: Instant,
    detail: String,
    address: String,
) -> Result<FetchedChain, FetchError> {
    let attempt = async {
        let addresses = resolve(target, options, deadline).await?;
        let (tcp, address_text, started) = open(&addresses, target, options, deadline).await?;
        let (_, sni) = server_name(target, options)?;
        let flight = capture_legacy(
            tcp,
            sni.as_deref(),
            &address_text,
            deadline,
            options.timeout_secs,
        )
        .await?;
        let handshake_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        Ok::<_, FetchError>(FetchedChain {
            connection: ConnectionInfo {
                address: address_text,
                sni,
                tls_version: flight.version_name(),
                cipher_suite: flight.cipher_suite_name(),
                key_exchange_group: None,
                post_quantum: false,
                alpn_offered: Vec::new(),
                alpn: None,
                ocsp_response: None,
                ocsp_response_len: 0,
                sct_list: flight.sct_list.clone(),
                handshake_ms,
                starttls: options.starttls.map(|protocol| protocol.name().to_owned()),
                handshake_completed: false,
                legacy: Some(LegacyHandshake {
                    key_exchange: flight.key_exchange(),
                    modern_failure: format!("no TLS version or cipher suite in common ({detail})"),
                }),
            },
            certificates: flight.certificates,
        })
    };
    match attempt.await {
        Ok(fetched) => Ok(fetched),
        Err(FetchError::AlertReceived { .. }) => Err(FetchError::Incompatible { detail, address }),
        Err(other) => Err(FetchError::Incompatible {
            detail: format!("{detail}; a TLS 1.0–1.2 capture failed too: {other}"),
            address,
        }),
    }
}

/// Captures the chain over a connection that is already open, such as one a STARTTLS
/// dialogue has prepared or an in-memory peer: the TLS handshake of [`fetch_chain`],
/// with the same recording, classification of failures and close.
///
/// `address` names the peer in errors and in the connection facts. The deadline of
/// `options.timeout_secs` starts now and covers the handshake; `options.connect_to` is
/// not used, since the connection exists.
pub async fn fetch_chain_over<S>(
    stream: S,
    target: &Target,
    options: &FetchOptions,
    address: &str,
) -> Result<FetchedChain, FetchError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.timeout_secs.min(MAX_TIMEOUT_SECS));
    let prepared = prepare(target, options)?;
    capture(
        stream,
        prepared,
        options,
        address.to_owned(),
        deadline,
        started,
    )
    .await
}

/// What a handshake needs, worked out before connecting so that bad options fail first.
struct Prepared {
    /// The name handed to rustls.
    server_name: ServerName<'static>,
    /// The SNI sent, if any.
    sni: Option<String>,
    /// The client configuration, whose verifier records into `presented`.
    config: ClientConfig,
    /// Where the recording verifier puts the chain.
    presented: Arc<Mutex<Option<Presented>>>,
}

fn prepare(target: &Target, options: &FetchOptions) -> Result<Prepared, FetchError> {
    let (server_name, sni) = server_name(target, options)?;
    let presented = Arc::new(Mutex::new(None));
    let config = client_config(options, Arc::clone(&presented))?;
    Ok(Prepared {
        server_name,
        sni,
        config,
        presented,
    })
}

/// The handshake over `stream`, ended by `deadline`; `started` is when the connection
/// began, for the handshake time reported.
async fn capture<S>(
    stream: S,
    prepared: Prepared,
    options: &FetchOptions,
    address_text: String,
    deadline: Instant,
    started: Instant,
) -> Result<FetchedChain, FetchError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let timed_out = || FetchError::Timeout {
        timeout_secs: options.timeout_secs,
        phase: FetchPhase::Handshake,
        peer: address_text.clone(),
    };
    let Prepared {
        server_name,
        sni,
        config,
        presented,
    } = prepared;
    let handshake = TlsConnector::from(Arc::new(config))
        .connect(server_name, RecordingStream::new(stream))
        .into_fallible();
    let mut tls = match timeout_at(deadline, handshake).await {
        Err(_) => return Err(timed_out()),
        Ok(Err((error, stream))) => {
            let recorded = presented
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            return Err(classify_handshake_error(
                error,
                stream.prefix(),
                recorded,
                address_text,
            ));
        }
        Ok(Ok(tls)) => tls,
    };
    let handshake_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);

    let (_, connection) = tls.get_ref();
    let recorded = presented
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .unwrap_or_else(|| Presented {
            // The verifier runs on every full handshake and resumption is off, so this is
            // only a fallback should rustls ever skip it.
            certificates: connection
                .peer_certificates()
                .unwrap_or_default()
                .iter()
                .map(|der| der.as_ref().to_vec())
                .collect(),
            ocsp_response: Vec::new(),
        });
    if recorded.certificates.is_empty() {
        return Err(FetchError::NoCertificates {
            address: address_text,
        });
    }
    let info = ConnectionInfo {
        address: address_text,
        sni,
        tls_version: connection
            .protocol_version()
            .map(version_name)
            .unwrap_or_default(),
        cipher_suite: connection
            .negotiated_cipher_suite()
            .map(|suite| cipher_suite_name(suite.suite()))
            .unwrap_or_default(),
        key_exchange_group: connection
            .negotiated_key_exchange_group()
            .map(|group| group_name(group.name())),
        post_quantum: connection
            .negotiated_key_exchange_group()
            .is_some_and(|group| is_post_quantum_group(u16::from(group.name()))),
        alpn_offered: options.alpn.clone(),
        alpn: connection
            .alpn_protocol()
            .map(|protocol| String::from_utf8_lossy(protocol).into_owned()),
        ocsp_response_len: recorded.ocsp_response.len(),
        ocsp_response: Some(recorded.ocsp_response).filter(|ocsp| !ocsp.is_empty()),
        // rustls 0.23's client neither asks for nor exposes the server's TLS SCTs.
        sct_list: None,
        handshake_ms,
        starttls: options.starttls.map(|protocol| protocol.name().to_owned()),
        handshake_completed: true,
        legacy: None,
    };

    // The chain is already captured: a failed or slow close_notify changes nothing the
    // caller needs, so its outcome is deliberately ignored (still bounded by the deadline).
    let _ = timeout_at(deadline, tls.shutdown()).await;

    Ok(FetchedChain {
        certificates: recorded.certificates,
        connection: info,
    })
}

/// The name handed to rustls, and the SNI it will send (`None` when none is sent).
fn server_name(
    target: &Target,
    options: &FetchOptions,
) -> Result<(ServerName<'static>, Option<String>), FetchError> {
    // rustls sends no SNI for an IP-address server name; the recording verifier ignores
    // the name, so the unspecified address is a safe stand-in when SNI is off.
    let without_sni = || {
        (
            ServerName::IpAddress(IpAddr::V4(Ipv4Addr::UNSPECIFIED).into()),
            None,
        )
    };
    let name = match &options.sni {
        SniMode::Disabled => return Ok(without_sni()),
        SniMode::Default if target.is_ip_literal() => return Ok(without_sni()),
        SniMode::Default => target.host.clone(),
        SniMode::Custom(name) => name.clone(),
    };
    // An IP literal is not a DNS name, and TLS forbids it in SNI (RFC 6066 §3).
    let parsed = match name.parse::<IpAddr>() {
        Ok(_) => None,
        Err(_) => ServerName::try_from(name.clone()).ok(),
    };
    match parsed {
        Some(server_name) => Ok((server_name, Some(name))),
        None => Err(FetchError::InvalidServerName { name }),
    }
}

/// A client configuration that records the chain into `presented` and offers the ALPN list.
/// rustls's aws-lc-rs provider with the post-quantum hybrids offered: its defaults already
/// put X25519MLKEM768 first (the `prefer-post-quantum` feature, on by default in rustls
/// 0.23), and SecP256r1MLKEM768 is added last so that a server taking only the NIST-curve
/// hybrid completes the handshake too, and its group is reported.
fn default_provider() -> CryptoProvider {
    let mut provider = rustls::crypto::aws_lc_rs::default_provider();
    let hybrid = rustls::crypto::aws_lc_rs::kx_group::SECP256R1MLKEM768;
    if !provider
        .kx_groups
        .iter()
        .any(|group| group.name() == hybrid.name())
    {
        provider.kx_groups.push(hybrid);
    }
    provider
}

fn client_config(
    options: &FetchOptions,
    presented: Arc<Mutex<Option<Presented>>>,
) -> Result<ClientConfig, FetchError> {
    // Use the process's provider if the application installed one, so a FIPS or custom
    // provider applies here too; otherwise rustls's default, aws-lc-rs.
    let provider = CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(default_provider()));
    let verifier = RecordingVerifier::new(provider.signature_verification_algorithms, presented);
    let mut config = ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|source| FetchError::UnusableCryptoProvider { source })?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    for protocol in &options.alpn {
        // ALPN names are 1 to 255 bytes; anything else would make every server fail.
        if protocol.is_empty() || protocol.len() > 255 {
            return Err(FetchError::InvalidAlpn {
                protocol: protocol.clone(),
            });
        }
    }
    config.alpn_protocols = options
        .alpn
        .iter()
        .map(|protocol| protocol.as_bytes().to_vec())
        .collect();
    // A resumed handshake carries no certificates: every fetch must be a full handshake.
    config.resumption = Resumption::disabled();
    Ok(config)
}

/// Connects to the first address that accepts, trying them in order.
async fn connect_any(
    first: SocketAddr,
    rest: &[SocketAddr],
) -> Result<(TcpStream, SocketAddr), FetchError> {
    let mut failure = match TcpStream::connect(first).await {
        Ok(stream) => return Ok((stream, first)),
        Err(error) => (error, first),
    };
    for address in rest {
        match TcpStream::connect(address).await {
            Ok(stream) => return Ok((stream, *address)),
            Err(error) => failure = (error, *address),
        }
    }
    // The last failure speaks for all: usually every address fails the same way.
    let (error, address) = failure;
    Err(if error.kind() == io::ErrorKind::ConnectionRefused {
        FetchError::ConnectionRefused {
            address: address.to_string(),
        }
    } else {
        FetchError::Connect {
            address: address.to_string(),
            source: error,
        }
    })
}

/// Turns a failed handshake into the error that explains it best.
///
/// `prefix` is what the server sent first: when it cannot start a TLS record, "not TLS"
/// explains the failure better than whatever rustls made of those bytes.
/// `recorded` is the chain, when the server got as far as sending one.
fn classify_handshake_error(
    error: io::Error,
    prefix: &[u8],
    recorded: Option<Presented>,
    address: String,
) -> FetchError {
    if !could_be_tls(prefix) {
        return FetchError::NotTls {
            looks_like: looks_like(prefix).to_owned(),
            first_bytes: escape_prefix(prefix),
            address,
        };
    }
    let tls_error = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .cloned();
    // An alert after the certificates is no version or cipher mismatch: the server chose
    // both already. It is typically a server demanding a client certificate (TLS 1.2,
    // where the client only learns of the rejection inside the handshake); the chain is
    // kept so it can still be inspected.
    if let (Some(rustls::Error::AlertReceived(alert)), Some(recorded)) = (&tls_error, recorded) {
        return FetchError::RejectedAfterCertificates {
            alert: alert_name(*alert),
            certificates: recorded.certificates,
            address,
        };
    }
    if let Some(tls_error) = tls_error {
        return classify_tls_error(tls_error, error, address);
    }
    match error.kind() {
        io::ErrorKind::UnexpectedEof => FetchError::ClosedDuringHandshake { address },
        io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe => FetchError::ResetDuringHandshake { address },
        io::ErrorKind::InvalidData if error.to_string() == RUSTLS_BUFFER_FULL => {
            FetchError::ChainTooLarge {
                address,
                source: error,
            }
        }
        _ => FetchError::Io {
            address,
            source: error,
        },
    }
}

/// Classifies an error rustls reported; `error` is the I/O error carrying it.
fn classify_tls_error(tls_error: rustls::Error, error: io::Error, address: String) -> FetchError {
    match tls_error {
        // What servers send when nothing in the ClientHello suits them.
        rustls::Error::AlertReceived(
            alert @ (AlertDescription::HandshakeFailure
            | AlertDescription::ProtocolVersion
            | AlertDescription::InsufficientSecurity),
        ) => FetchError::Incompatible {
            detail: format!("the server sent alert {}", alert_name(alert)),
            address,
        },
        rustls::Error::AlertReceived(alert) => FetchError::AlertReceived {
            alert: alert_name(alert),
            address,
        },
        rustls::Error::PeerIncompatible(incompatible) => FetchError::Incompatible {
            detail: format!("{incompatible:?}"),
            address,
        },
        rustls::Error::InvalidMessage(
            InvalidMessage::HandshakePayloadTooLarge | InvalidMessage::CertificatePayloadTooLarge,
        ) => FetchError::ChainTooLarge {
            address,
            source: error,
        },
        rustls::Error::NoCertificatesPresented => FetchError::NoCertificates { address },
        // The recording verifier accepts every chain, so certificate errors can only come
        // from checking the handshake signature.
        rustls::Error::InvalidCertificate(_)
        | rustls::Error::PeerMisbehaved(PeerMisbehaved::SignedHandshakeWithUnadvertisedSigScheme) => {
            FetchError::HandshakeSignature {
                address,
                source: tls_error,
            }
        }
        other => FetchError::Tls {
            address,
            source: other,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_offers_the_post_quantum_hybrids_x25519mlkem768_first() {
        let names: Vec<String> = default_provider()
            .kx_groups
            .iter()
            .map(|group| group_name(group.name()))
            .collect();
        assert_eq!(names.first().map(String::as_str), Some("X25519MLKEM768"));
        assert!(names.iter().any(|n| n == "SecP256r1MLKEM768"), "{names:?}");
        assert!(names.iter().any(|n| n == "X25519"), "{names:?}");
        // Each group once: the provider's own list already carries X25519MLKEM768.
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
    }

    #[test]
    fn the_fetch_future_can_move_between_threads() {
        // The GUI runs fetches on a multi-threaded runtime, which needs `Send` futures.
        fn assert_send<T: Send>(_: &T) {}
        let target = Target {
            host: "127.0.0.1".to_owned(),
            port: 443,
            scheme: None,
        };
        let options = FetchOptions::default();
        assert_send(&fetch_chain(&target, &options));
    }

    #[tokio::test]
    async fn captures_over_an_open_stream_and_names_its_peer() {
        use tokio::io::AsyncWriteExt;

        // The peer's fatal internal_error alert is waiting before the ClientHello is sent.
        let (client, mut server) = tokio::io::duplex(64 * 1024);
        let alert = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 80];
        server.write_all(&alert).await.unwrap();
        let target = Target {
            host: "server.test".to_owned(),
            port: 443,
            scheme: None,
        };

        let result =
            fetch_chain_over(client, &target, &FetchOptions::default(), "in-memory peer").await;

        match result {
            Err(FetchError::AlertReceived { alert, address }) => {
                assert_eq!(alert, "internal_error");
                assert_eq!(address, "in-memory peer");
            }
            other => panic!("expected AlertReceived, got {other:?}"),
        }
        drop(server);
    }

    #[test]
    fn sni_follows_the_mode() {
        let named = Target {
            host: "example.com".to_owned(),
            port: 443,
            scheme: None,
        };
        let literal = Target {
            host: "::1".to_owned(),
            ..named.clone()
        };
        let sni = |target: &Target, sni: SniMode| {
            let options = FetchOptions {
                sni,
                ..FetchOptions::default()
            };
            server_name(target, &options).map(|(_, sent)| sent)
        };
        assert_eq!(
            sni(&named, SniMode::Default).ok(),
            Some(Some("example.com".to_owned()))
        );
        assert_eq!(sni(&literal, SniMode::Default).ok(), Some(None));
        assert_eq!(sni(&named, SniMode::Disabled).ok(), Some(None));
        assert_eq!(
            sni(&literal, SniMode::Custom("other.test".to_owned())).ok(),
            Some(Some("other.test".to_owned()))
        );
        assert!(matches!(
            sni(&named, SniMode::Custom("1.2.3.4".to_owned())),
            Err(FetchError::InvalidServerName { .. })
        ));
    }
}
