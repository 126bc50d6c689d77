//! Fetching from an Eclipse Mosquitto MQTT broker over TLS, as `mqtts://127.0.0.1:PORT`:
//! the IoT case chainlens exists for.
//!
//! Needs the `mosquitto` and `openssl` binaries (Debian packages of the same names); fails,
//! never skips, without them.

use std::fs;

use crate::common::tls_tools::{
    KeyKind, concat_pem, openssl_pki, pem_ders, require_tool, spawn_listening,
};
use anyhow::Result;
use chainlens::fetch::{FetchOptions, Target, fetch_chain};

#[tokio::test]
async fn mosquitto_chain_is_captured_over_mqtts() -> Result<()> {
    let mosquitto = require_tool("mosquitto", "mosquitto")?;
    let dir = tempfile::tempdir()?;
    openssl_pki(dir.path(), KeyKind::Ecdsa)?;
    // Mosquitto sends the whole certfile, leaf first, as brokers are usually configured.
    concat_pem(dir.path(), "leaf-chain.pem", &["leaf.pem", "int.pem"])?;
    let config_path = dir.path().join("mosquitto.conf");
    let config = |port: u16| {
        format!(
            "listener {port} 127.0.0.1\n\
             cafile root.pem\n\
             certfile leaf-chain.pem\n\
             keyfile leaf.key\n\
             allow_anonymous true\n\
             persistence false\n\
             log_dest stderr\n\
             # Stay the invoking user: as root it would switch to `mosquitto`, who cannot\n\
             # read the test's private temporary directory.\n\
             user {user}\n",
            user = std::env::var("USER").unwrap_or_else(|_| "root".to_owned()),
        )
    };
    let args = move |port: u16| {
        // The config names the port, so it is written per attempt.
        fs::write(&config_path, config(port))?;
        Ok(vec!["-c".to_owned(), config_path.display().to_string()])
    };
    let broker = spawn_listening(&mosquitto, args, dir.path(), "mosquitto.log").await?;
    let target = Target::parse(&format!("mqtts://127.0.0.1:{}", broker.port), 443)?;
    assert_eq!(target.scheme.as_deref(), Some("mqtts"));
    let options = FetchOptions {
        alpn: vec!["mqtt".to_owned()],
        timeout_secs: 10,
        ..FetchOptions::default()
    };

    let fetched = fetch_chain(&target, &options).await?;

    let mut expected = pem_ders(&dir.path().join("leaf.pem"))?;
    expected.extend(pem_ders(&dir.path().join("int.pem"))?);
    assert_eq!(fetched.certificates, expected);
    assert!(fetched.connection.tls_version.starts_with("TLSv1."));
    assert_eq!(
        fetched.connection.address,
        format!("127.0.0.1:{}", broker.port)
    );
    Ok(())
}
