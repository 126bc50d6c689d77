//! `input_limit` held to the real clients: one padded certificate served by `openssl s_server`
//! in TLS 1.2, its Certificate message just under and just over each limit the libraries have
//! (mbedTLS 2.28: one record, 16384 bytes; wolfSSL 5.5: 18466 bytes; OpenSSL 3.0: 102400
//! bytes; GnuTLS 3.7: 130179 bytes, 128 KiB less the hellos; BearSSL 0.6 streams and has none).

use std::fs;

use chainlens::handshake::client::input_limit;
use chainlens::model::device::{Device, Stack};
use rcgen::{CustomExtension, Issuer, KeyPair};

use super::capture::run_client;
use super::real_clients::s_server;
use crate::common::generated;

/// Padding bytes of the leaf, chosen to put the Certificate message on both sides of each
/// limit.
const PADDINGS: [usize; 8] = [
    15_500, 16_100, 17_600, 18_600, 101_000, 103_000, 130_000, 132_000,
];

#[test]
fn each_library_takes_the_certificate_messages_its_input_limit_says() {
    let bin = super::clients();
    let dir = tempfile::tempdir().unwrap();
    let now = time::OffsetDateTime::now_utc();
    let root_key = KeyPair::generate().unwrap();
    let mut root_params = generated::ca("input limit root");
    root_params.not_before = now - time::Duration::days(1);
    root_params.not_after = now + time::Duration::days(30);
    let root = root_params.self_signed(&root_key).unwrap();
    fs::write(dir.path().join("ca.pem"), root.pem()).unwrap();
    let issuer = Issuer::new(root_params, root_key);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for padding in PADDINGS {
        let key = KeyPair::generate().unwrap();
        let mut params = generated::leaf(&["server.test"]);
        params.not_before = now - time::Duration::days(1);
        params.not_after = now + time::Duration::days(30);
        params.custom_extensions = vec![CustomExtension::from_oid_content(
            &[1, 3, 6, 1, 4, 1, 55555, 1],
            vec![0u8; padding],
        )];
        let leaf = params.signed_by(&key, &issuer).unwrap();
        fs::write(dir.path().join("leaf.pem"), leaf.pem()).unwrap();
        fs::write(dir.path().join("leaf.key"), key.serialize_pem()).unwrap();
        // Handshake header, certificate list length, certificate length, certificate.
        let message = 4 + 3 + 3 + leaf.der().len();
        let args: Vec<String> = ["-cert", "leaf.pem", "-key", "leaf.key", "-tls1_2"]
            .map(String::from)
            .to_vec();
        let server = s_server(dir.path(), &args, &format!("pad{padding}.log"));
        for stack in Stack::ALL {
            let device = Device::new(stack);
            let limit = input_limit(&device);
            let expected = limit
                .handshake_message_bytes
                .is_none_or(|most| message <= most)
                && (limit.reassembles_handshake || message <= limit.record_bytes);
            let real = run_client(
                bin,
                &device,
                server.port,
                "server.test",
                &dir.path().join("ca.pem"),
            )
            .unwrap();
            if real.ok != expected {
                wrong.push(format!(
                    "{device}, {message}-byte message: expected {expected}, {real:?}"
                ));
            }
            checked += 1;
        }
    }
    assert_eq!(checked, PADDINGS.len() * Stack::ALL.len());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A server that ignores max_fragment_length (rustls has none) sends the Certificate message
/// in one full record. Every client takes it, BearSSL too, though its request came from an
/// input buffer of 1024 + 325 bytes: the TLS 1.2 Certificate record is plaintext and BearSSL
/// streams it.
#[test]
fn a_fragment_length_the_server_ignores_leaves_every_client_its_buffer() {
    use crate::common::tls_servers::{ServerSetup, rustls_server};
    let bin = super::clients();
    let dir = tempfile::tempdir().unwrap();
    let now = time::OffsetDateTime::now_utc();
    let root_key = KeyPair::generate().unwrap();
    let mut root_params = generated::ca("fragment root");
    root_params.not_before = now - time::Duration::days(1);
    root_params.not_after = now + time::Duration::days(30);
    let root = root_params.self_signed(&root_key).unwrap();
    fs::write(dir.path().join("ca.pem"), root.pem()).unwrap();
    let issuer = Issuer::new(root_params, root_key);
    let key = KeyPair::generate().unwrap();
    let mut params = generated::leaf(&["server.test"]);
    params.not_before = now - time::Duration::days(1);
    params.not_after = now + time::Duration::days(30);
    params.custom_extensions = vec![CustomExtension::from_oid_content(
        &[1, 3, 6, 1, 4, 1, 55555, 1],
        vec![0u8; 3000],
    )];
    let leaf = params.signed_by(&key, &issuer).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(rustls_server(ServerSetup::new(
            vec![leaf.der().to_vec()],
            key.serialize_der(),
        )))
        .unwrap();
    let ca = dir.path().join("ca.pem");
    for (name, connects) in [
        ("bearssl-0.6", true),
        ("bearssl-0.6:mfl=1024", true),
        ("mbedtls-2.28:mfl=1024", true),
        ("wolfssl-5.5:mfl=1024", true),
        ("gnutls-3.7:mfl=1024", true),
        ("openssl-3.0:mfl=1024", true),
    ] {
        let device: Device = name.parse().unwrap();
        let limit = input_limit(&device);
        // The whole Certificate message comes in one record of its own size.
        let record = 4 + 3 + 3 + leaf.der().len();
        assert_eq!(record <= limit.record_bytes, connects, "{name}: {limit:?}");
        let real = run_client(bin, &device, server.port, "server.test", &ca).unwrap();
        assert_eq!(real.ok, connects, "{name}: {real:?}");
    }
}
