//! The STARTTLS dialogues' readers of a server's plaintext (lines under a byte cap, SMTP and
//! FTP numbered replies, IMAP tags, XMPP stream features, the LDAP extended response in BER,
//! PostgreSQL's one-byte answer), then, when the server agreed, the TLS capture over what
//! follows.
//!
//! Input: one byte choosing the protocol (its value modulo 7: smtp, imap, pop3, ftp, xmpp,
//! ldap, postgres), then everything the server says; the connection ends with the input.
//! Seeds are real servers' dialogues (`fuzz/make-seeds.py`).

#![no_main]

#[path = "common/scripted_peer.rs"]
mod scripted_peer;

use std::time::Duration;

use chainlens::fetch::{
    FetchError, FetchOptions, StartTls, Target, fetch_chain_over, negotiate_starttls,
};
use libfuzzer_sys::fuzz_target;
use scripted_peer::{ScriptedPeer, runtime};
use tokio::time::Instant;

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
        match negotiate_starttls(
            &mut peer,
            protocol,
            "server.test",
            "fuzz peer",
            deadline,
            10,
        )
        .await
        {
            Ok(()) => {
                let target = Target {
                    host: "server.test".to_owned(),
                    port: protocol.default_port(),
                    scheme: Some(protocol.name().to_owned()),
                };
                let _ =
                    fetch_chain_over(peer, &target, &FetchOptions::default(), "fuzz peer").await;
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
