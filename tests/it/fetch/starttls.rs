//! STARTTLS end to end: the built `chainlens` against real Debian servers on loopback ports
//! (postfix, dovecot, slapd, prosody, vsftpd, PostgreSQL, see tests/it/common/mail_servers.rs),
//! and the dialogue's bounds against scripted peers (a silent server, a flood, a server that
//! does not offer STARTTLS).
//!
//! Each real-server test skips, loudly, only when its server binary is not installed.

use std::path::Path;
use std::process::Output;

use crate::common::mail_servers::{self, Daemon};
use crate::common::tls_tools::pem_ders;
use anyhow::{Result, bail};
use chainlens::fetch::{
    FetchError, FetchOptions, MAX_DIALOGUE_BYTES, StartTls, Target, fetch_chain,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn chainlens(args: &[&str], dir: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// `inspect SOURCE --trust root.pem --host localhost` (plus `extra`) is trusted, shows the
/// dialogue used and the server's own leaf.
fn assert_inspected(daemon: &Daemon, source: &str, extra: &[&str], protocol: &str) {
    let mut args = vec![
        "inspect",
        source,
        "--trust",
        "root.pem",
        "--host",
        "localhost",
    ];
    args.extend_from_slice(extra);
    let out = chainlens(&args, daemon.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}\nserver log:\n{}",
        String::from_utf8_lossy(&out.stderr),
        daemon.log()
    );
    assert!(
        stdout.contains(&format!("STARTTLS:      {protocol}")),
        "{stdout}"
    );
    assert!(stdout.contains("TRUSTED"), "{stdout}");
    assert!(stdout.contains("Subject: CN = server.test"), "{stdout}");
    assert!(stdout.contains("Handshake:     "), "{stdout}");
    assert!(!stdout.contains("not completed"), "{stdout}");
}

#[test]
fn smtp_against_postfix() {
    let Some(daemon) = mail_servers::postfix(true).unwrap() else {
        return;
    };
    let source = format!("smtp://127.0.0.1:{}", daemon.port);
    assert_inspected(&daemon, &source, &[], "smtp");
    // --starttls with host:port is the same dialogue.
    let address = format!("127.0.0.1:{}", daemon.port);
    assert_inspected(&daemon, &address, &["--starttls", "smtp"], "smtp");
}

#[test]
fn export_over_smtp_writes_the_chain_as_sent() {
    let Some(daemon) = mail_servers::postfix(true).unwrap() else {
        return;
    };
    let source = format!("smtp://127.0.0.1:{}", daemon.port);
    let out = chainlens(
        &[
            "export",
            &source,
            "--trust",
            "root.pem",
            "--host",
            "localhost",
            "--as-sent",
            "--pem",
            "sent.pem",
        ],
        daemon.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sent = pem_ders(&daemon.path().join("sent.pem")).unwrap();
    assert_eq!(sent, pem_ders(&daemon.path().join("chain.pem")).unwrap());
}

#[test]
fn smtp_without_tls_is_refused_with_postfixs_own_words() {
    let Some(daemon) = mail_servers::postfix(false).unwrap() else {
        return;
    };
    let source = format!("smtp://127.0.0.1:{}", daemon.port);
    let out = chainlens(&["inspect", &source], daemon.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the server does not offer STARTTLS: \"502 5.5.1"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("127.0.0.1:{}", daemon.port)),
        "{stderr}"
    );
}

#[test]
fn imap_and_pop3_against_dovecot() {
    let Some((daemon, pop3)) = mail_servers::dovecot().unwrap() else {
        return;
    };
    assert_inspected(
        &daemon,
        &format!("imap://127.0.0.1:{}", daemon.port),
        &[],
        "imap",
    );
    assert_inspected(&daemon, &format!("pop3://127.0.0.1:{pop3}"), &[], "pop3");
    assert_inspected(
        &daemon,
        &format!("127.0.0.1:{pop3}"),
        &["--starttls", "pop3"],
        "pop3",
    );
}

#[test]
fn ldap_against_slapd() {
    let Some(daemon) = mail_servers::slapd().unwrap() else {
        return;
    };
    assert_inspected(
        &daemon,
        &format!("ldap://127.0.0.1:{}", daemon.port),
        &[],
        "ldap",
    );
}

#[test]
fn xmpp_against_prosody() {
    let Some(daemon) = mail_servers::prosody().unwrap() else {
        return;
    };
    // The stream is addressed to the domain prosody serves, here `localhost`.
    assert_inspected(
        &daemon,
        &format!("xmpp://localhost:{}", daemon.port),
        &["--connect-to", &format!("::127.0.0.1:{}", daemon.port)],
        "xmpp",
    );
}

#[test]
fn ftp_against_vsftpd() {
    let Some(daemon) = mail_servers::vsftpd().unwrap() else {
        return;
    };
    assert_inspected(
        &daemon,
        &format!("ftp://127.0.0.1:{}", daemon.port),
        &[],
        "ftp",
    );
}

#[test]
fn postgres_against_postgresql() {
    let Some(daemon) = mail_servers::postgres().unwrap() else {
        return;
    };
    assert_inspected(
        &daemon,
        &format!("postgres://127.0.0.1:{}", daemon.port),
        &[],
        "postgres",
    );
    assert_inspected(
        &daemon,
        &format!("127.0.0.1:{}", daemon.port),
        &["--starttls", "postgres"],
        "postgres",
    );
}

/// A scripted peer on a loopback port: says `greeting`, then `then` after the client's
/// first line, then keeps the connection open without a word.
async fn scripted(
    greeting: Vec<u8>,
    then: Vec<u8>,
) -> Result<(Target, tokio::task::JoinHandle<()>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let task = tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let _ = socket.write_all(&greeting).await;
        let mut buffer = [0u8; 256];
        if !then.is_empty() && socket.read(&mut buffer).await.is_ok() {
            let _ = socket.write_all(&then).await;
        }
        // Silence until the client gives up.
        let _ = socket.read(&mut buffer).await;
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
    });
    Ok((Target::parse(&format!("127.0.0.1:{port}"), 0)?, task))
}

fn options(protocol: StartTls) -> FetchOptions {
    FetchOptions {
        timeout_secs: 2,
        starttls: Some(protocol),
        ..FetchOptions::default()
    }
}

#[tokio::test]
async fn a_silent_server_times_out_in_the_dialogue() -> Result<()> {
    let (target, task) = scripted(Vec::new(), Vec::new()).await?;
    let result = fetch_chain(&target, &options(StartTls::Smtp)).await;
    task.abort();
    let Err(error @ FetchError::Timeout { .. }) = result else {
        bail!("expected a timeout, got {result:?}");
    };
    assert_eq!(
        error.to_string(),
        format!("timed out after 2 s during the STARTTLS dialogue with {target}")
    );
    Ok(())
}

#[tokio::test]
async fn a_flood_without_a_line_end_hits_the_byte_cap() -> Result<()> {
    let (target, task) = scripted(vec![b'2'; MAX_DIALOGUE_BYTES * 2], Vec::new()).await?;
    let result = fetch_chain(&target, &options(StartTls::Imap)).await;
    task.abort();
    let Err(error @ FetchError::StartTlsTooLong { .. }) = result else {
        bail!("expected StartTlsTooLong, got {result:?}");
    };
    assert_eq!(
        error.to_string(),
        format!(
            "the server sent more than {MAX_DIALOGUE_BYTES} bytes during the imap STARTTLS \
             dialogue without the expected reply, at {target}"
        )
    );
    Ok(())
}

#[tokio::test]
async fn another_protocol_on_the_port_is_quoted() -> Result<()> {
    let (target, task) = scripted(b"SSH-2.0-OpenSSH_9.2\r\n".to_vec(), Vec::new()).await?;
    let result = fetch_chain(&target, &options(StartTls::Pop3)).await;
    task.abort();
    let Err(error @ FetchError::StartTlsUnexpected { .. }) = result else {
        bail!("expected StartTlsUnexpected, got {result:?}");
    };
    assert_eq!(
        error.to_string(),
        format!(
            "unexpected pop3 reply (expected a \"+OK\" greeting): \"SSH-2.0-OpenSSH_9.2\" from {target}"
        )
    );
    Ok(())
}

#[tokio::test]
async fn a_refusing_ftp_server_is_quoted_and_sanitised() -> Result<()> {
    let (target, task) = scripted(
        b"220 files\r\n".to_vec(),
        b"534 no \x1b[31mTLS\x07 here\r\n".to_vec(),
    )
    .await?;
    let result = fetch_chain(&target, &options(StartTls::Ftp)).await;
    task.abort();
    let Err(error @ FetchError::StartTlsRefused { .. }) = result else {
        bail!("expected StartTlsRefused, got {result:?}");
    };
    assert_eq!(
        error.to_string(),
        format!(
            "the server does not offer STARTTLS: \"534 no \\u{{1b}}[31mTLS\\u{{7}} here\" \
             (ftp at {target})"
        )
    );
    Ok(())
}
