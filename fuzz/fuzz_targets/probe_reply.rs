//! The probe's reader of a server's answer to a crafted ClientHello (records, then the
//! ServerHello or HelloRetryRequest, and up to TLS 1.2 the Certificate, CertificateStatus
//! and ServerKeyExchange), fed in chunks as a connection delivers them.
//!
//! Input: one byte giving the chunk size (1 to 256), one byte choosing how far to read (even:
//! the hello; odd: up to ServerHelloDone), then the server's bytes. Seeds: the legacy flights
//! (`fuzz/seeds/legacy_flight`), which are answers of the same shape.

#![no_main]

use chainlens::probe::reply::{ReplyReader, Stop};
use libfuzzer_sys::fuzz_target;

fn read(bytes: &[u8], stop: Stop, chunk: usize) -> Option<Result<chainlens::probe::reply::Reply, String>> {
    let mut reader = ReplyReader::new(stop);
    for piece in bytes.chunks(chunk.max(1)) {
        match reader.feed(piece) {
            Ok(Some(reply)) => return Some(Ok(reply)),
            Ok(None) => {}
            Err(error) => return Some(Err(error.to_string())),
        }
    }
    None
}

fuzz_target!(|data: &[u8]| {
    let [chunk, how, server_bytes @ ..] = data else {
        return;
    };
    let stop = if how % 2 == 0 { Stop::Hello } else { Stop::Done };
    let whole = read(server_bytes, stop, server_bytes.len());
    let chunked = read(server_bytes, stop, usize::from(*chunk));
    // Records and messages may be cut anywhere by the network: the answer is the same,
    // except that an error met in the whole may come after a reply completed in chunks.
    if let (Some(Ok(a)), Some(Ok(b))) = (&whole, &chunked) {
        assert_eq!(a, b);
    }
});
