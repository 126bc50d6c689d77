//! Every way a fetch can fail gives its own error, promptly: servers on 127.0.0.1 that
//! refuse, stall, drip, speak another protocol, alert, reset or hang up.

use std::time::{Duration, Instant};

use crate::common::fetch_cases::{self, Case, Expected, FirstBytes, variant};
use crate::common::tls_servers::{TestServer, alert_record, drain, raw_server, read_record};
use anyhow::{Result, bail};
use chainlens::fetch::{
    FetchError, FetchOptions, FetchPhase, FetchedChain, SniMode, Target, fetch_chain,
};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpSocket, TcpStream};

/// Short, so the timeout tests stay quick; the assertions allow one extra second.
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

/// Fetches with the short timeout and checks the fetch ended within it plus a second.
async fn timed_fetch(target: &Target) -> Result<FetchedChain, FetchError> {
    timed_fetch_with(target, &options()).await
}

async fn timed_fetch_with(
    target: &Target,
    options: &FetchOptions,
) -> Result<FetchedChain, FetchError> {
    let started = Instant::now();
    let result = fetch_chain(target, options).await;
    let limit = Duration::from_secs(options.timeout_secs + 1);
    assert!(started.elapsed() < limit, "took {:?}", started.elapsed());
    result
}

/// A server that reads the ClientHello, then writes `reply` and waits for the client to go.
async fn replying_server(reply: &'static [u8]) -> Result<TestServer> {
    raw_server(move |mut stream: TcpStream| async move {
        if read_record(&mut stream).await.is_ok() {
            let _ = stream.write_all(reply).await;
            drain(&mut stream).await;
        }
    })
    .await
}

/// A server that greets first, as SSH, SMTP and FTP servers do, then waits.
async fn banner_server(banner: &'static [u8]) -> Result<TestServer> {
    raw_server(move |mut stream: TcpStream| async move {
        let _ = stream.write_all(banner).await;
        drain(&mut stream).await;
    })
    .await
}

#[tokio::test]
async fn an_unresolvable_host_says_so() -> Result<()> {
    // A 64-character label is not a valid DNS name: the resolver fails it without a query,
    // so this test needs no network.
    let host = format!("{}.invalid", "a".repeat(64));
    let target = Target::parse(&host, 443)?;

    let result = timed_fetch(&target).await;

    let Err(error @ FetchError::Resolve { .. }) = result else {
        bail!("expected Resolve, got {result:?}");
    };
    assert_eq!(error.to_string(), format!("cannot resolve host {host}"));
    Ok(())
}

#[tokio::test]
async fn example_invalid_does_not_resolve() -> Result<()> {
    let target = Target::parse("example.invalid", 443)?;

    let result = timed_fetch(&target).await;

    // `.invalid` never resolves (RFC 6761). Without a reachable DNS server the resolver
    // may instead stall: then the timeout must name the phase.
    match result {
        Err(error @ FetchError::Resolve { .. }) => {
            assert_eq!(error.to_string(), "cannot resolve host example.invalid");
        }
        Err(
            error @ FetchError::Timeout {
                phase: FetchPhase::Resolving,
                ..
            },
        ) => {
            assert_eq!(
                error.to_string(),
                "timed out after 2 s while resolving example.invalid"
            );
        }
        other => bail!("expected Resolve, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn a_closed_port_is_connection_refused() -> Result<()> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    drop(listener);
    let target = Target::parse(&format!("127.0.0.1:{port}"), 443)?;

    let result = timed_fetch(&target).await;

    let Err(error @ FetchError::ConnectionRefused { .. }) = result else {
        bail!("expected ConnectionRefused, got {result:?}");
    };
    assert_eq!(
        error.to_string(),
        format!("connection refused by 127.0.0.1:{port}")
    );
    Ok(())
}

#[tokio::test]
async fn a_full_accept_queue_times_out_while_connecting() -> Result<()> {
    // Linux drops SYNs to a listener whose accept queue is full, so a connect to it hangs
    // like one to a black-holed address, with no internet needed.
    let socket = TcpSocket::new_v4()?;
    socket.bind("127.0.0.1:0".parse()?)?;
    let listener = socket.listen(1)?;
    let port = listener.local_addr()?.port();
    let mut fillers = Vec::new();
    loop {
        let attempt = tokio::time::timeout(
            Duration::from_millis(300),
            TcpStream::connect(("127.0.0.1", port)),
        )
        .await;
        match attempt {
            Ok(Ok(stream)) => fillers.push(stream),
            Ok(Err(error)) => bail!("filling the accept queue: {error}"),
            Err(_) => break,
        }
        if fillers.len() > 64 {
            bail!("the accept queue never filled");
        }
    }
    let target = Target::parse(&format!("127.0.0.1:{port}"), 443)?;

    let result = timed_fetch(&target).await;

    let Err(
        error @ FetchError::Timeout {
            phase: FetchPhase::Connecting,
            ..
        },
    ) = result
    else {
        bail!("expected a timeout while connecting, got {result:?}");
    };
    assert_eq!(
        error.to_string(),
        format!("timed out after 2 s while connecting to 127.0.0.1:{port}")
    );
    drop(listener);
    Ok(())
}

/// A server that hangs up after the ClientHello, having sent `partial` of a record (if any);
/// `reset` makes it an abortive close (RST), as a crashing server does.
async fn hanging_up_server(partial: &'static [u8], reset: bool) -> Result<TestServer> {
    raw_server(move |mut stream: TcpStream| async move {
        if read_record(&mut stream).await.is_ok() {
            let _ = stream.write_all(partial).await;
            if reset {
                let _ = stream.set_zero_linger();
            }
            drop(stream);
        }
    })
    .await
}

/// A plausible ServerHello record header, then its body one byte a second: every read makes
/// progress, so only an overall deadline ends it.
async fn dripping_server() -> Result<TestServer> {
    raw_server(|mut stream: TcpStream| async move {
        if read_record(&mut stream).await.is_err() {
            return;
        }
        for byte in [0x16u8, 0x03, 0x03, 0x00, 0x40]
            .into_iter()
            .chain(std::iter::repeat(0x02))
        {
            if stream.write_all(&[byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
    .await
}

#[tokio::test]
async fn each_misbehaving_server_gets_its_own_error() -> Result<()> {
    let case = |name: &str, server, expected| Case {
        name: name.to_owned(),
        server,
        expected,
    };
    let mut cases = vec![
        case(
            "a silent server",
            raw_server(|mut stream: TcpStream| async move { drain(&mut stream).await }).await?,
            Expected::Says(
                variant!(FetchError::Timeout {
                    phase: FetchPhase::Handshake,
                    ..
                }),
                "timed out after 2 s during the TLS handshake with {address}".to_owned(),
            ),
        ),
        case(
            "a server dripping a byte a second",
            dripping_server().await?,
            Expected::Is(variant!(FetchError::Timeout {
                phase: FetchPhase::Handshake,
                ..
            })),
        ),
        case(
            "an HTTP server",
            replying_server(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            )
            .await?,
            Expected::Says(
                variant!(FetchError::NotTls { .. }),
                "not TLS: the server answered with an HTTP response \
                 (first bytes \"HTTP/1.1 400 Bad Request\\r\\nConten…\") at {address}"
                    .to_owned(),
            ),
        ),
        case(
            "an SSH server",
            banner_server(b"SSH-2.0-OpenSSH_9.6p1 Debian-4\r\n").await?,
            Expected::NotTls("an SSH banner", FirstBytes::StartWith("SSH-2.0-OpenSSH")),
        ),
        case(
            "an SMTP server",
            banner_server(b"220 mail.example.com ESMTP Postfix\r\n").await?,
            Expected::NotTls("an SMTP or FTP banner", FirstBytes::Any),
        ),
        case(
            "unknown bytes, shown escaped",
            replying_server(b"\x00\x01\x02garbage\xff").await?,
            Expected::NotTls(
                "data that is not TLS",
                FirstBytes::Are("\\x00\\x01\\x02garbage\\xff"),
            ),
        ),
        case(
            "alert unrecognized_name, named",
            replying_server(alert_record(112).leak()).await?,
            Expected::Says(
                variant!(FetchError::AlertReceived { .. }),
                "the server sent TLS alert unrecognized_name during the handshake with {address}"
                    .to_owned(),
            ),
        ),
        case(
            "a reset mid-handshake",
            hanging_up_server(&[0x16, 0x03, 0x03, 0x00, 0x40, 0x02], true).await?,
            Expected::Is(variant!(FetchError::ResetDuringHandshake { .. })),
        ),
    ];
    // handshake_failure and protocol_version mean nothing in common.
    for (code, name) in [(40u8, "handshake_failure"), (70, "protocol_version")] {
        cases.push(case(
            &format!("alert {code}"),
            replying_server(alert_record(code).leak()).await?,
            Expected::Says(
                variant!(FetchError::Incompatible { .. }),
                format!(
                    "no TLS version or cipher suite in common (the server sent alert {name}) \
                     with {{address}}"
                ),
            ),
        ));
    }
    // One server hangs up in the middle of a record, the other right after the ClientHello.
    for (name, partial) in [
        (
            "a close mid-record",
            &[0x16u8, 0x03, 0x03, 0x00, 0x40, 0x02, 0x00][..],
        ),
        ("a close after the ClientHello", &[][..]),
    ] {
        cases.push(case(
            name,
            hanging_up_server(partial, false).await?,
            Expected::Says(
                variant!(FetchError::ClosedDuringHandshake { .. }),
                "the connection closed before the TLS handshake completed with {address}"
                    .to_owned(),
            ),
        ));
    }

    fetch_cases::run(&cases, &options()).await;
    Ok(())
}

#[tokio::test]
async fn bad_options_are_rejected_before_the_handshake() -> Result<()> {
    let server =
        raw_server(|mut stream: TcpStream| async move { drain(&mut stream).await }).await?;
    let target = local(&server)?;

    let bad_sni = FetchOptions {
        sni: SniMode::Custom("not a name".to_owned()),
        ..options()
    };
    let result = timed_fetch_with(&target, &bad_sni).await;
    let Err(error @ FetchError::InvalidServerName { .. }) = result else {
        bail!("expected InvalidServerName, got {result:?}");
    };
    assert_eq!(error.to_string(), "invalid server name for SNI: not a name");

    let ip_sni = FetchOptions {
        sni: SniMode::Custom("10.0.0.1".to_owned()),
        ..options()
    };
    let result = timed_fetch_with(&target, &ip_sni).await;
    assert!(
        matches!(result, Err(FetchError::InvalidServerName { .. })),
        "{result:?}"
    );

    let empty_alpn = FetchOptions {
        alpn: vec![String::new()],
        ..options()
    };
    let result = timed_fetch_with(&target, &empty_alpn).await;
    assert!(
        matches!(result, Err(FetchError::InvalidAlpn { .. })),
        "{result:?}"
    );
    Ok(())
}
