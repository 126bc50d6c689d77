//! Servers that never answer, or close at once: the probe ends with a clear error within
//! its timeout, never a stall.

use std::time::{Duration, Instant};

use chainlens::fetch::Target;
use chainlens::probe::{ProbeError, ProbeOptions, probe};
use tokio::net::TcpStream;

use crate::common::hostile::reply_then_silence;
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

/// A server that answers every ClientHello with a ServerHello and then says nothing: the
/// questions that need more time out, and the probe stops asking after a few.
#[tokio::test]
async fn a_server_that_stalls_after_its_hello_ends_the_probe_early() {
    let mut hello = vec![3u8, 3];
    hello.extend([7u8; 32]);
    hello.extend([0, 0xc0, 0x2f, 0]);
    let mut message = vec![2u8, 0, 0, u8::try_from(hello.len()).unwrap()];
    message.extend(hello);
    let mut record = vec![22u8, 3, 3, 0, u8::try_from(message.len()).unwrap()];
    record.extend(message);
    let server = reply_then_silence(record).await.unwrap();
    let target = Target::parse(&server.address(), 0).unwrap();
    let started = Instant::now();
    let facts = probe(&target, &options()).await.unwrap();
    let elapsed = started.elapsed();
    // One round of timeouts (up to 8 connections wait at once), then no more questions:
    // far below the 60 s budget.
    assert!(elapsed < Duration::from_secs(6), "{elapsed:?}");
    assert!(facts.budget_exhausted);
    assert!(
        facts
            .errors
            .iter()
            .any(|e| e.error.starts_with("no complete answer within 2 s")),
        "{:?}",
        facts.errors
    );
    assert!(
        facts
            .errors
            .iter()
            .any(|e| e.error.starts_with("not asked: ")
                && e.error
                    .contains(" connections already timed out at 127.0.0.1:")),
        "{:?}",
        facts.errors
    );
}
