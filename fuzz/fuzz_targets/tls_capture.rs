//! The client side of a capture, fed a server's bytes from the input: the TLS handshake as
//! rustls parses it through chainlens's recording verifier, then chainlens's classification
//! of every way it can fail, and the decoding of whatever chain was captured.
//!
//! Input: one options byte (bit 0: offer ALPN, bit 1: send no SNI), then everything the
//! server sends, in one piece; the connection ends when the input does. What the client
//! writes is discarded. Seeds are server flights recorded from real TLS 1.2 and 1.3 servers
//! (`fuzz/make-seeds.py`).

#![no_main]

#[path = "common/scripted_peer.rs"]
mod scripted_peer;

use chainlens::decode::decode_certificate;
use chainlens::fetch::{FetchError, FetchOptions, SniMode, Target, fetch_chain_over};
use libfuzzer_sys::fuzz_target;
use scripted_peer::{ScriptedPeer, runtime};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, server_bytes)) = data.split_first() else {
        return;
    };
    let target = Target {
        host: "server.test".to_owned(),
        port: 443,
        scheme: None,
    };
    let options = FetchOptions {
        sni: if flags & 0x02 != 0 {
            SniMode::Disabled
        } else {
            SniMode::Default
        },
        alpn: if flags & 0x01 != 0 {
            vec!["h2".to_owned(), "x-amzn-mqtt-ca".to_owned()]
        } else {
            Vec::new()
        },
        ..FetchOptions::default()
    };
    let peer = ScriptedPeer {
        incoming: server_bytes,
    };
    let result = runtime().block_on(fetch_chain_over(peer, &target, &options, "fuzz peer"));
    let captured = match result {
        Ok(fetched) => fetched.certificates,
        Err(FetchError::RejectedAfterCertificates { certificates, .. }) => {
            assert!(!certificates.is_empty());
            certificates
        }
        Err(FetchError::Timeout { .. }) => {
            panic!("a peer that has said everything must not time out the capture")
        }
        Err(error) => {
            // Every failure renders, and names the peer last.
            assert!(error.to_string().ends_with("fuzz peer"), "{error}");
            Vec::new()
        }
    };
    for der in &captured {
        let _ = decode_certificate(der);
    }
});
