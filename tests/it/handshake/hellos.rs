//! The ClientHello data in `assets/devices/hello/` (what `client_hello` answers) against the
//! real libraries: each client connects to a loopback listener, which reads its hello. Random
//! fields (random, session id, key share bytes) are not part of the profile.
//!
//! Every combination of the options that change the hello is captured, and checked here.

use std::path::PathBuf;

use chainlens::handshake::client::{client_hello, hello_devices};
use chainlens::model::device::Stack;

use super::capture::{capture_hello, min_version, version_servers};

fn ca_file(dir: &std::path::Path) -> PathBuf {
    let pki = crate::common::tls_pki::pki().unwrap();
    let path = dir.join("ca.pem");
    std::fs::write(&path, &pki.root.pem).unwrap();
    path
}

#[test]
fn captured_hellos_are_what_the_libraries_send() {
    let bin = super::clients();
    let dir = tempfile::tempdir().unwrap();
    let ca = ca_file(dir.path());
    let servers = version_servers(dir.path()).unwrap();
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for stack in Stack::ALL {
        for device in hello_devices(stack) {
            let mut real = capture_hello(bin, &device, &ca).unwrap();
            real.min_version = min_version(bin, &device, &servers).unwrap();
            let ours = client_hello(&device);
            if real != ours {
                mismatches.push(format!("{device}:\n  real {real:?}\n  ours {ours:?}"));
            }
            checked += 1;
        }
    }
    assert!(checked >= 100, "only {checked} devices checked");
    assert!(
        mismatches.is_empty(),
        "{} of {checked} hellos differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn what_the_captured_hellos_say() {
    // Facts the simulation relies on, read from the captures (held to the libraries above).
    let hello = |name: &str| client_hello(&name.parse().unwrap());
    // mbedTLS 2.28 and BearSSL 0.6: TLS 1.2 at most, no supported_versions.
    for name in ["mbedtls-2.28", "bearssl-0.6"] {
        let h = hello(name);
        assert_eq!(h.legacy_version, 0x0303, "{name}");
        assert!(h.supported_versions.is_empty(), "{name}");
        assert!(h.key_share_groups.is_empty(), "{name}");
    }
    for name in ["wolfssl-5.5", "gnutls-3.7", "openssl-3.0"] {
        assert!(hello(name).supported_versions.contains(&0x0304), "{name}");
        assert!(
            !hello(&format!("{name}:no-tls13"))
                .supported_versions
                .contains(&0x0304),
            "{name}"
        );
    }
    // BearSSL asks for max_fragment_length when its input buffer is small.
    assert_eq!(hello("bearssl-0.6:mfl=1024").max_fragment_length, Some(2));
    // GnuTLS sends record_size_limit always, and status_request.
    assert!(hello("gnutls-3.7").record_size_limit.is_some());
    assert!(hello("gnutls-3.7").status_request);
    // The oldest version each completes (not on the wire; measured): OpenSSL 3.0 lists TLS 1.0
    // and 1.1 yet refuses them at security level 2; wolfSSL goes down to TLS 1.1.
    for (name, oldest) in [
        ("mbedtls-2.28", 0x0301),
        ("wolfssl-5.5", 0x0302),
        ("wolfssl-5.5:no-tls13", 0x0302),
        ("bearssl-0.6", 0x0301),
        ("gnutls-3.7", 0x0301),
        ("openssl-3.0", 0x0303),
    ] {
        assert_eq!(hello(name).min_version, Some(oldest), "{name}");
    }
    assert!(hello("openssl-3.0").supported_versions.contains(&0x0301));
    // Nobody offers ALPN by default.
    for stack in Stack::ALL {
        assert!(hello(stack.profile_name()).alpn.is_empty());
    }
}
