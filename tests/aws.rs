//! AWS IoT endpoint discovery: missing credentials and region give specific errors, and
//! DescribeEndpoint is answered by a local HTTP endpoint (nothing leaves 127.0.0.1).

// A failing test is a panic by design: tests may unwrap, expect, index and panic.
#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::unwrap_used
)]
#![cfg(feature = "aws")]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::thread;

/// Runs `chainlens discover` in an environment with no AWS configuration at all, so the
/// credential chain cannot find anything (and never asks the instance metadata service).
fn discover(args: &[&str], extra_env: &[(&str, &str)]) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chainlens"));
    cmd.arg("discover").args(args).env_clear();
    cmd.env("HOME", home.path())
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_CONFIG_FILE", home.path().join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.path().join("credentials"),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true");
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn missing_credentials_are_named() {
    let out = discover(&["--region", "us-east-1", "--timeout", "10"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no AWS credentials"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn missing_region_is_named() {
    let out = discover(&["--timeout", "10"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no AWS region"), "{}", stderr(&out));
}

/// A one-shot HTTP server on 127.0.0.1 answering with `status`, `headers` and `body`.
fn serve_once(
    status: &'static str,
    headers: &'static str,
    body: &'static str,
) -> (String, thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                break;
            }
        }
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        request_line
    });
    (url, handle)
}

const KEYS: [(&str, &str); 2] = [
    ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00"),
    (
        "AWS_SECRET_ACCESS_KEY",
        "secretsecretsecretsecretsecretsecret0000",
    ),
];

#[test]
fn describe_endpoint_returns_the_address() {
    let (url, server) = serve_once(
        "200 OK",
        "",
        r#"{"endpointAddress":"a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com"}"#,
    );
    let out = discover(&["--region", "us-east-1", "--endpoint-url", &url], &KEYS);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com"
    );
    let request = server.join().unwrap();
    assert!(
        request.starts_with("GET /endpoint?endpointType=iot%3AData-ATS"),
        "{request}"
    );
}

#[test]
fn access_denied_is_reported_as_such() {
    let (url, _server) = serve_once(
        "403 Forbidden",
        "x-amzn-errortype: UnauthorizedException\r\n",
        r#"{"message":"User is not authorized to perform: iot:DescribeEndpoint"}"#,
    );
    let out = discover(&["--region", "us-east-1", "--endpoint-url", &url], &KEYS);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("refused DescribeEndpoint"), "{err}");
    assert!(err.contains("not authorized"), "{err}");
}
