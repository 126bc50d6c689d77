//! The STARTTLS dialogues' readers of a server's plaintext (lines under a byte cap, SMTP and
//! FTP numbered replies, IMAP tags, XMPP stream features, the LDAP extended response in BER,
//! PostgreSQL's one-byte answer), then, when the server agreed, the TLS capture over what
//! follows.
//!
//! Input: one byte choosing the protocol (its value modulo 7: smtp, imap, pop3, ftp, xmpp,
//! ldap, postgres), then everything the server says; the connection ends with the input.
//! Seeds are real servers' dialogues (`fuzz/make-seeds.py`).

#![no_main]

use std::io;
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};
use std::time::Duration;

use chainlens::fetch::{
    FetchError, FetchOptions, StartTls, Target, fetch_chain_over, negotiate_starttls,
};
use libfuzzer_sys::fuzz_target;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::runtime::Runtime;
use tokio::time::Instant;

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
    let Some((&selector, server_bytes)) = data.split_first() else {
        return;
    };
    let protocol = StartTls::ALL[usize::from(selector) % StartTls::ALL.len()];
    let mut peer = ScriptedPeer {
        incoming: server_bytes,
    };
    runtime().block_on(async {
        let deadline = Instant::now() + Duration::from_secs(10);
        match negotiate_starttls(&mut peer, protocol, "server.test", "fuzz peer", deadline, 10)
            .await
        {
            Ok(()) => {
                let target = Target {
                    host: "server.test".to_owned(),
                    port: protocol.default_port(),
                    scheme: Some(protocol.name().to_owned()),
                };
                let _ = fetch_chain_over(peer, &target, &FetchOptions::default(), "fuzz peer")
                    .await;
            }
            Err(FetchError::Timeout { .. }) => {
                panic!("a peer that has said everything must not time out the dialogue")
            }
            Err(error) => {
                // Every failure renders, names the peer, and quotes at most a short,
                // escaped part of what the server said.
                let text = error.to_string();
                assert!(text.contains("fuzz peer"), "{text}");
                assert!(!text.contains('\n') && !text.contains('\r'), "{text}");
                assert!(text.chars().count() < 600, "{text}");
            }
        }
    });
});
