//! Scripted misbehaving TLS peers on 127.0.0.1: each reads the ClientHello, then does one
//! thing wrong on purpose.

use std::time::Duration;

use anyhow::Result;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use super::tls_servers::{TestServer, drain, raw_server, read_record};

/// A fixed xorshift sequence: random-looking bytes, the same on every run.
pub fn pseudo_random_bytes(len: usize, mut state: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// A server that answers with a plausible ServerHello record header, then its body one
/// byte every `interval`: each read makes progress, only a deadline ends it.
pub async fn drip_server(interval: Duration) -> Result<TestServer> {
    raw_server(move |mut stream: TcpStream| async move {
        if read_record(&mut stream).await.is_err() {
            return;
        }
        let header = [0x16u8, 0x03, 0x03, 0x40, 0x00];
        for byte in header.into_iter().chain(std::iter::repeat(0x02)) {
            if stream.write_all(&[byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(interval).await;
        }
    })
    .await
}

/// A server that reads the ClientHello, writes `reply`, then keeps the connection open
/// without a word until the client gives up.
pub async fn reply_then_silence(reply: Vec<u8>) -> Result<TestServer> {
    raw_server(move |mut stream: TcpStream| {
        let reply = reply.clone();
        async move {
            if read_record(&mut stream).await.is_ok() {
                let _ = stream.write_all(&reply).await;
                drain(&mut stream).await;
            }
        }
    })
    .await
}

/// A server that resets the connection (RST, not FIN) as soon as the ClientHello is in.
pub async fn reset_after_hello() -> Result<TestServer> {
    raw_server(|mut stream: TcpStream| async move {
        if read_record(&mut stream).await.is_ok() {
            // Linger 0: close() sends RST and discards anything unsent.
            let _ = stream.set_zero_linger();
            drop(stream);
        }
    })
    .await
}

/// TLS handshake records carrying `count` HelloRequest messages (type 0, empty body), one
/// message per record: the smallest handshake messages there are.
pub fn tiny_handshake_messages(count: usize) -> Vec<u8> {
    let record = [0x16u8, 0x03, 0x03, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00];
    record.repeat(count)
}

/// One handshake record whose message header (a Certificate, type 11) announces 16 MiB,
/// of which only the first bytes follow.
pub fn sixteen_mib_announcement() -> Vec<u8> {
    let mut record = vec![0x16u8, 0x03, 0x03, 0x00, 0x08];
    record.extend_from_slice(&[0x0b, 0xff, 0xff, 0xff]);
    record.extend_from_slice(&[0x00, 0x00, 0x00, 0x00]);
    record
}
