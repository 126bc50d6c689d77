//! Any bytes → the certificates C or C++ source embeds: the sniffer, then the literal and
//! byte-array reader (comments, escapes, raw strings, #define, brace initializers), then
//! decoding of every certificate found.

#![no_main]

use chainlens::decode::decode_certificate;
use chainlens::ingest::c_source::{looks_like_c_source, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = looks_like_c_source(data);
    match parse(data) {
        Ok(symbols) => {
            assert!(!symbols.is_empty());
            for symbol in &symbols {
                assert!(!symbol.name.is_empty());
                assert!(symbol.line >= 1);
                assert!(!symbol.certificates.is_empty());
                for der in &symbol.certificates {
                    assert!(!der.is_empty());
                    if let Err(error) = decode_certificate(der) {
                        drop(format!("{error:#}"));
                    }
                }
            }
        }
        Err(error) => drop(format!("{error:#}")),
    }
});
