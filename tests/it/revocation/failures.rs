//! The HTTP client against peers that misbehave: one that never answers and one that sends
//! 100 MB (in-process listeners: no real server can be told to do either), garbage served by
//! `python3 -m http.server`, and URLs that are not http.

use crate::common;

use std::process::Command;

use crate::common::ocsp_pki::OcspPki;
use chainlens::fetch::http::{HttpClient, HttpError, MAX_BODY_BYTES};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A listener that accepts, reads the request, and then holds the connection silently.
async fn never_answers() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf).await;
            held.push(stream);
        }
    });
    port
}

/// A listener that answers 200 with a 100 MB body, announced or not.
async fn hundred_megabytes(announce: bool) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf).await;
                let head = if announce {
                    "HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n"
                } else {
                    "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"
                };
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![0x30u8; 64 * 1024];
                for _ in 0..1600 {
                    if stream.write_all(&chunk).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

#[tokio::test]
async fn a_silent_server_is_a_timeout() {
    let port = never_answers().await;
    let client = HttpClient::new(1).unwrap();
    let url = format!("http://127.0.0.1:{port}/ca.crl");
    let err = client.get(&url).await.unwrap_err();
    assert!(matches!(err, HttpError::Timeout { secs: 1, .. }), "{err}");
    assert!(err.to_string().ends_with(&url), "{err}");
}

#[tokio::test]
async fn a_hundred_megabyte_answer_is_cut_at_the_cap() {
    for announce in [true, false] {
        let port = hundred_megabytes(announce).await;
        let client = HttpClient::new(10).unwrap();
        let err = client
            .get(&format!("http://127.0.0.1:{port}/big.crl"))
            .await
            .unwrap_err();
        assert!(
            matches!(err, HttpError::TooLarge { limit, .. } if limit == MAX_BODY_BYTES),
            "{err}"
        );
    }
}

#[tokio::test]
async fn refused_and_not_http_are_specific_errors() {
    let client = HttpClient::new(2).unwrap();
    let port = common::tls_tools::free_port().unwrap();
    let err = client
        .get(&format!("http://127.0.0.1:{port}/"))
        .await
        .unwrap_err();
    assert!(matches!(err, HttpError::Connect { .. }), "{err}");
    let err = client.get("ldap://127.0.0.1/cn=ca").await.unwrap_err();
    assert!(matches!(err, HttpError::UnsupportedUrl { .. }), "{err}");
}

#[test]
fn garbage_from_the_distribution_point_is_rejected_with_its_reason() {
    let pki = OcspPki::build().unwrap();
    std::fs::write(pki.path("root.crl"), b"<html>this is not a CRL</html>").unwrap();
    let _http = pki.http_server().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args([
            "verify",
            &pki.arg("revoked.pem"),
            "--trust",
            &pki.arg("root.pem"),
            "--revocation",
            "--http-timeout",
            "2",
            "--json",
        ])
        .env_remove("http_proxy")
        .output()
        .unwrap();
    // Soft-fail: unknown does not change the verdict.
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let link = json["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["child"] == 0)
        .unwrap();
    assert_eq!(link["revocation"]["status"], "unknown");
    let problems = link["revocation"]["problems"].to_string();
    assert!(problems.contains("does not decode"), "{problems}");
}
