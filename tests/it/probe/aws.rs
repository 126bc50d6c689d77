//! `aws check --probe`: moto discovers the endpoint (it has no TLS endpoint of its own),
//! `--connect-to` sends the probe to a local `openssl s_server` with an Amazon-shaped chain,
//! and the device table shows who connects. Skips loudly without moto.

use crate::common::aws_home::AwsHome;
use crate::common::moto;
use crate::common::tls_tools::amazon_shaped_server;

/// The ATS address a freshly seeded moto gives first in eu-west-1.
const SEEDED_ATS: &str = "ohbvrpoivgrv5i-ats.iot.eu-west-1.amazonaws.com";

#[tokio::test]
async fn the_discovered_endpoint_is_probed_with_its_name() {
    let Some(moto) = moto::start().unwrap() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let server = amazon_shaped_server(dir.path(), "eu-west-1", &["-alpn", "x-amzn-mqtt-ca"])
        .await
        .unwrap();
    let home = AwsHome::new();
    home.config(&format!(
        "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\nregion = eu-west-1\nendpoint_url = {}\n",
        moto.url()
    ));
    let root = dir.path().join("root.pem");
    let connect_to = format!("::127.0.0.1:{}", server.port);
    let run = home.run(&[
        "aws",
        "check",
        "--connect-to",
        &connect_to,
        "--trust",
        root.to_str().unwrap(),
        "--probe",
        "--device",
        "openssl-3.0",
        "--device",
        "mbedtls-2.28:rsa-only",
    ]);
    let stdout = run.stdout();
    assert_eq!(run.code(), Some(1), "{}", run.both());
    assert!(
        stdout.contains(&format!(
            "Probe of {SEEDED_ATS}:443 (127.0.0.1:{}): ",
            server.port
        )),
        "{}",
        run.both()
    );
    // The ALPN a device on port 443 offers, chosen by the server.
    assert!(stdout.contains("ALPN: x-amzn-mqtt-ca"), "{}", run.both());
    let line = |device: &str| {
        stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{device} ")))
            .unwrap_or_else(|| panic!("no line for {device}: {}", run.both()))
            .to_owned()
    };
    assert!(line("openssl-3.0").contains(" yes "), "{}", run.both());
    // The chain is ECDSA: an RSA-only device finds no suite.
    let rsa = line("mbedtls-2.28:rsa-only");
    assert!(rsa.contains("no shared cipher suite"), "{rsa}");
}
