//! Servers that never answer, or close at once: the probe ends with a clear error within
//! its timeout, never a stall.

use std::time::{Duration, Instant};

use chainlens::fetch::Target;
use chainlens::probe::{ProbeError, ProbeOptions, probe};
use tokio::net::TcpStream;

use crate::common::tls_servers::{drain, raw_server};

fn options() -> ProbeOptions {
    ProbeOptions {
        timeout_secs: 2,
        ..ProbeOptions::default()
    }
}

#[tokio::test]
async fn a_silent_server_is_a_timeout() {
    let server = raw_server(|mut stream: TcpStream| async move { drain(&mut stream).await })
        .await
        .unwrap();
    let target = Target::parse(&server.address(), 0).unwrap();
    let started = Instant::now();
    let error = probe(&target, &options()).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(
            error,
            ProbeError::Timeout {
                timeout_secs: 2,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("no complete answer within 2 s from 127.0.0.1:")
    );
}

#[tokio::test]
async fn a_server_closing_at_once_is_named() {
    let server = raw_server(|stream: TcpStream| async move { drop(stream) })
        .await
        .unwrap();
    let target = Target::parse(&server.address(), 0).unwrap();
    let started = Instant::now();
    let error = probe(&target, &options()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(
        matches!(error, ProbeError::Closed { .. } | ProbeError::Reset { .. }),
        "{error:?}"
    );
}
