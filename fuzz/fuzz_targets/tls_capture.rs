//! The client side of a capture, fed a server's bytes from the input: the TLS handshake as
//! rustls parses it through chainlens's recording verifier, then chainlens's classification
//! of every way it can fail, and the decoding of whatever chain was captured.
//!
//! Input: one options byte (bit 0: offer ALPN, bit 1: send no SNI), then everything the
//! server sends, in one piece; the connection ends when the input does. What the client
//! writes is discarded. Seeds are server flights recorded from real TLS 1.2 and 1.3 servers
//! (`fuzz/make-seeds.py`).

#![no_main]

use std::io;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};

use chainlens::decode::decode_certificate;
use chainlens::fetch::{FetchError, FetchOptions, SniMode, Target, fetch_chain_over};
use libfuzzer_sys::fuzz_target;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::runtime::Runtime;

/// A peer that says `incoming`, then hangs up, and ignores what it is told.
struct ScriptedPeer<'a> {
    incoming: &'a [u8],
}

impl AsyncRead for ScriptedPeer<'_> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let take = buf.remaining().min(self.incoming.len());
        let (now, later) = self.incoming.split_at(take);
        buf.put_slice(now);
        self.incoming = later;
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for ScriptedPeer<'_> {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        match tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
        {
            Ok(runtime) => runtime,
            Err(error) => panic!("a tokio runtime: {error}"),
        }
    })
}

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
