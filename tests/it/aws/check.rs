//! `chainlens aws check`: discover through moto (a real AWS API emulator), then fetch from
//! a local `openssl s_server` presenting an Amazon-shaped chain of our own (reached with
//! `--connect-to`), and verify it for the discovered host name.
//!
//! Needs moto (skips loudly without it; `.ci/run` installs it) and the openssl binary.

use std::fs;
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Duration;

use crate::common::aws_home::{AwsHome, SECRET_ACCESS_KEY};
use crate::common::moto::{self, Moto};
use crate::common::tls_tools::{Spawned, amazon_shaped_server};
use tempfile::TempDir;

/// The ATS address a freshly seeded moto gives first in eu-west-1.
const SEEDED_ATS: &str = "ohbvrpoivgrv5i-ats.iot.eu-west-1.amazonaws.com";

/// A home whose default profile gets its keys from a logging credential_process and asks
/// moto, in eu-west-1.
fn home_for(moto: &Moto) -> (AwsHome, PathBuf) {
    let home = AwsHome::new();
    let (script, log) = home.credential_process();
    home.config(&format!(
        "[default]\ncredential_process = {}\nregion = eu-west-1\nendpoint_url = {}\n",
        script.display(),
        moto.url()
    ));
    (home, log)
}

/// What the `aws check` tests that reach a server start from: moto, the Amazon-shaped chain
/// served by `openssl s_server` with ALPN x-amzn-mqtt-ca, and a home asking moto. Tests bind
/// every field (`_name` where unused): moto and the server stop when theirs is dropped.
struct Served {
    moto: Moto,
    home: AwsHome,
    /// The credential_process's log: a line per credential fetch.
    log: PathBuf,
    server: Spawned,
    /// `--connect-to` sending every connection to the server.
    connect_to: String,
    /// The served chain's root, for `--trust`.
    root: String,
    _dir: TempDir,
}

/// [`Served`], or `None` (after the loud skip message) without moto.
async fn served() -> Option<Served> {
    let moto = moto::start().unwrap()?;
    let dir = tempfile::tempdir().unwrap();
    let server = amazon_shaped_server(dir.path(), "eu-west-1", &["-alpn", "x-amzn-mqtt-ca"])
        .await
        .unwrap();
    let (home, log) = home_for(&moto);
    Some(Served {
        connect_to: format!("::127.0.0.1:{}", server.port),
        root: dir.path().join("root.pem").to_str().unwrap().to_owned(),
        moto,
        home,
        log,
        server,
        _dir: dir,
    })
}

#[tokio::test]
async fn own_root_is_trusted_and_the_ats_host_named() {
    let Some(Served {
        moto: _moto,
        home,
        log,
        server: _server,
        connect_to,
        root,
        _dir,
    }) = served().await
    else {
        return;
    };
    let run = home.run(&[
        "aws",
        "check",
        "--connect-to",
        &connect_to,
        "--trust",
        &root,
    ]);
    assert_eq!(run.code(), Some(0), "{}", run.both());
    let stdout = run.stdout();
    assert!(
        stdout.contains(&format!("iot:Data-ATS endpoint in eu-west-1: {SEEDED_ATS}")),
        "{}",
        run.both()
    );
    // Connected as a device does: port 443 with ALPN x-amzn-mqtt-ca.
    assert!(
        stdout.contains(&format!("Source: {SEEDED_ATS}:443")),
        "{}",
        run.both()
    );
    assert!(stdout.contains("offered: x-amzn-mqtt-ca"), "{}", run.both());
    // The credentials were fetched once for the discovery and nothing else.
    assert_eq!(fs::read_to_string(&log).unwrap().lines().count(), 1);
    assert!(!run.both().contains(SECRET_ACCESS_KEY));
}

#[tokio::test]
async fn device_preset_rejects_a_chain_of_another_root() {
    let Some(Served {
        moto,
        home,
        log: _log,
        server,
        connect_to,
        root: _root,
        _dir,
    }) = served().await
    else {
        return;
    };
    let run = home.run(&["aws", "check", "--connect-to", &connect_to]);
    assert_eq!(run.code(), Some(1), "{}", run.both());
    assert!(
        run.stdout().contains("AWS IoT device roots"),
        "{}",
        run.both()
    );
    // The old connect-to form works too.
    let old_form = format!("{SEEDED_ATS}:443=127.0.0.1:{}", server.port);
    let moto = moto_restart(moto);
    let (home, _log) = home_for(&moto);
    let run = home.run(&["aws", "check", "--connect-to", &old_form]);
    assert_eq!(run.code(), Some(1), "{}", run.both());
}

/// A fresh moto, so the seeded addresses start over.
fn moto_restart(old: Moto) -> Moto {
    drop(old);
    moto::start().unwrap().unwrap()
}

#[tokio::test]
async fn type_all_shows_ats_and_legacy_side_by_side() {
    let Some(Served {
        moto: _moto,
        home,
        log,
        server: _server,
        connect_to,
        root,
        _dir,
    }) = served().await
    else {
        return;
    };
    let run = home.run(&[
        "aws",
        "check",
        "--type",
        "all",
        "--connect-to",
        &connect_to,
        "--trust",
        &root,
        "--trust-store",
        "aws-iot",
        "--trust-store",
        "aws-iot-legacy",
    ]);
    // Not every store trusts it: exit 1, as `verify` does.
    assert_eq!(run.code(), Some(1), "{}", run.both());
    let stdout = run.stdout();
    let header = stdout
        .lines()
        .find(|l| l.starts_with("trust store"))
        .unwrap_or_else(|| panic!("{}", run.both()));
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        ["trust", "store", "iot:Data-ATS", "iot:Data"]
    );
    let row = |store: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(store))
            .unwrap_or_else(|| panic!("no row for {store}: {stdout}"))
            .to_string()
    };
    assert_eq!(
        row("root.pem").split_whitespace().collect::<Vec<_>>(),
        ["root.pem", "trusted", "trusted"]
    );
    for store in ["AWS IoT device roots", "AWS IoT legacy (VeriSign G5)"] {
        let row = row(store);
        assert_eq!(
            row.trim_start_matches(store)
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["NOT", "trusted", "NOT", "trusted"],
            "{row}"
        );
    }
    assert!(run.stderr().contains("VeriSign Class 3"), "{}", run.both());
    assert_eq!(fs::read_to_string(&log).unwrap().lines().count(), 1);
}

#[tokio::test]
async fn json_carries_each_endpoint_and_its_inspection() {
    let Some(Served {
        moto: _moto,
        home,
        log: _log,
        server: _server,
        connect_to,
        root,
        _dir,
    }) = served().await
    else {
        return;
    };
    let run = home.run(&[
        "aws",
        "check",
        "--json",
        "--connect-to",
        &connect_to,
        "--trust",
        &root,
    ]);
    assert_eq!(run.code(), Some(0), "{}", run.both());
    let value: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(value["region"], "eu-west-1");
    assert_eq!(value["endpoints"][0]["type"], "iot:Data-ATS");
    assert_eq!(value["endpoints"][0]["address"], SEEDED_ATS);
    assert!(value["endpoints"][0]["inspection"].is_object());
    // The address still reaches the person, on stderr.
    assert!(run.stderr().contains(SEEDED_ATS), "{}", run.both());
}

#[tokio::test]
async fn the_address_is_printed_when_the_connection_fails() {
    let Some(moto) = moto::start().unwrap() else {
        return;
    };
    let (home, _log) = home_for(&moto);
    // A port nothing listens on.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let connect_to = format!("::127.0.0.1:{port}");
    let run = home.run(&["aws", "check", "--connect-to", &connect_to]);
    assert_eq!(run.code(), Some(2), "{}", run.both());
    assert!(run.stdout().contains(SEEDED_ATS), "{}", run.both());
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.both());
    assert!(
        run.stderr().contains(&format!(
            "cannot fetch the chain of iot:Data-ATS {SEEDED_ATS}:443"
        )),
        "{}",
        run.both()
    );
}

#[tokio::test]
async fn the_timeout_covers_the_connection() {
    let Some(moto) = moto::start().unwrap() else {
        return;
    };
    let (home, _log) = home_for(&moto);
    // Accepts (the kernel's backlog does) and never says a word of TLS.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let connect_to = format!("::127.0.0.1:{}", silent.local_addr().unwrap().port());
    let run = home.run(&[
        "aws",
        "check",
        "--timeout",
        "3",
        "--connect-to",
        &connect_to,
    ]);
    assert_eq!(run.code(), Some(2), "{}", run.both());
    assert!(run.stdout().contains(SEEDED_ATS), "{}", run.both());
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.both());
    assert!(
        run.elapsed < Duration::from_secs(3 + 5),
        "{:?}",
        run.elapsed
    );
    drop(silent);
}

#[tokio::test]
async fn port_8883_offers_no_alpn() {
    let Some(Served {
        moto: _moto,
        home,
        log: _log,
        server: _server,
        connect_to,
        root,
        _dir,
    }) = served().await
    else {
        return;
    };
    let run = home.run(&[
        "aws",
        "check",
        "--port",
        "8883",
        "--connect-to",
        &connect_to,
        "--trust",
        &root,
    ]);
    assert_eq!(run.code(), Some(0), "{}", run.both());
    let stdout = run.stdout();
    assert!(
        stdout.contains(&format!("Source: {SEEDED_ATS}:8883")),
        "{}",
        run.both()
    );
    assert!(!stdout.contains("x-amzn-mqtt-ca"), "{}", run.both());
}
