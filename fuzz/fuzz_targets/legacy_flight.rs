//! The legacy capture's reader of a TLS 1.0–1.2 server's plaintext flight (records, then
//! handshake messages through rusticata's tls-parser, up to ServerHelloDone), fed in chunks
//! as a connection delivers them, then the decoding of the certificates it found.
//!
//! Input: one byte giving the chunk size (1 to 256), then the server's bytes. Seeds are
//! synthetic flights (`fuzz/make-seeds.py`): a ServerHello, a Certificate message spanning
//! several records, ServerHelloDone; an alert; garbage.

#![no_main]

use chainlens::decode::decode_certificate;
use chainlens::fetch::{FlightReader, read_server_flight};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&chunk, server_bytes)) = data.split_first() else {
        return;
    };
    let whole = read_server_flight(server_bytes);
    // The same bytes in chunks give the same flight: records and messages may be cut
    // anywhere by the network.
    let mut reader = FlightReader::new();
    let mut chunked = None;
    for piece in server_bytes.chunks(usize::from(chunk).max(1)) {
        match reader.feed(piece) {
            Ok(Some(flight)) => {
                chunked = Some(Ok(flight));
                break;
            }
            Ok(None) => {}
            Err(error) => {
                chunked = Some(Err(error));
                break;
            }
        }
    }
    if let (Ok(flight), Some(Ok(other))) = (&whole, &chunked) {
        assert_eq!(flight, other);
    }
    if let Ok(flight) = whole {
        assert!(!flight.certificates.is_empty());
        let _ = (
            flight.version_name(),
            flight.cipher_suite_name(),
            flight.key_exchange(),
        );
        for der in &flight.certificates {
            let _ = decode_certificate(der);
        }
    }
});
