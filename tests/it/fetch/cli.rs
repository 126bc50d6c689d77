//! `chainlens inspect host:port` end to end: the built binary against `openssl s_server` and
//! hostile in-process servers on 127.0.0.1.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use crate::common::tls_servers::raw_server;
use crate::common::tls_tools::{KeyKind, openssl_pki, s_server};
use anyhow::Result;

async fn chainlens(args: Vec<String>, dir: &Path) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .current_dir(dir)
        .output()
        .await
        .unwrap()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn inspect_a_live_openssl_server() -> Result<()> {
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Rsa)?;
    let server = s_server(dir.path(), Some("int.pem"), &[]).await?;
    let target = format!("127.0.0.1:{}", server.port);

    let out = chainlens(
        args(&[
            "inspect",
            &target,
            "--trust",
            "root.pem",
            "--host",
            "localhost",
        ]),
        dir.path(),
    )
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("TLSv1.3"), "{stdout}");
    assert!(stdout.contains("Certificate 1 of"), "{stdout}");
    assert!(stdout.contains("TRUSTED"), "{stdout}");

    let out = chainlens(
        args(&[
            "inspect",
            &target,
            "--trust",
            "root.pem",
            "--host",
            "wrong.example",
        ]),
        dir.path(),
    )
    .await;
    assert_eq!(out.status.code(), Some(1));

    // Without --host, the host connected to is checked: 127.0.0.1 is in the leaf's SAN.
    let out = chainlens(
        args(&["inspect", &target, "--trust", "root.pem", "--json"]),
        dir.path(),
    )
    .await;
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(json["source"]["kind"], "tls");
    assert!(json["source"]["connection"]["cipher_suite"].is_string());
    assert_eq!(json["policy"]["host"], "127.0.0.1");
    Ok(())
}

#[tokio::test]
async fn a_silent_server_times_out_with_exit_2() -> Result<()> {
    let server = raw_server(|stream| async move {
        // Accept, then say nothing until the client gives up.
        let _open = stream;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await?;
    let dir = tempfile::tempdir()?;
    let started = Instant::now();
    let out = chainlens(
        args(&["inspect", &server.address(), "--timeout", "2"]),
        dir.path(),
    )
    .await;
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("timed out after 2 s"), "{stderr}");
    assert!(stderr.contains("handshake"), "{stderr}");
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
    Ok(())
}

#[tokio::test]
async fn an_http_server_is_named() -> Result<()> {
    use tokio::io::AsyncWriteExt;
    let server = raw_server(|mut stream| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            .await;
    })
    .await?;
    let dir = tempfile::tempdir()?;
    let out = chainlens(
        args(&["inspect", &server.address(), "--timeout", "5"]),
        dir.path(),
    )
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("HTTP"), "{stderr}");
    Ok(())
}
