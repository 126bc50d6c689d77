//! Any bytes → certificates: every format sniffer (PEM, DER, PKCS#7 in DER and PEM, bare
//! base64), then decoding of whatever was found; and the host[:port] / URL / --connect-to
//! parsers, which read what people type.

#![no_main]

use chainlens::fetch::{Target, parse_connect_to};
use chainlens::ingest::{Format, ingest_bytes, load_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match ingest_bytes(data) {
        Ok(ingested) => {
            assert!(ingested.certificates.iter().all(|der| !der.is_empty()));
            // A PKCS#7 bundle's CRLs are whole elements, and only a PKCS#7 bundle has any.
            assert!(ingested.crls.iter().all(|der| der.first() == Some(&0x30)));
            assert!(
                ingested.crls.is_empty()
                    || matches!(ingested.format, Format::Pkcs7Der | Format::Pkcs7Pem)
            );
            match load_bytes(data) {
                Ok(loaded) => {
                    // Decoding keeps every certificate found, in order.
                    assert_eq!(loaded.format, ingested.format);
                    assert_eq!(loaded.certificates.len(), ingested.certificates.len());
                    assert_eq!(loaded.crls, ingested.crls);
                    for (decoded, der) in loaded.certificates.iter().zip(&ingested.certificates) {
                        assert_eq!(&decoded.der, der);
                    }
                }
                Err(error) => drop(format!("{error:#}")),
            }
        }
        Err(error) => {
            // What does not ingest cannot load either, and its message renders.
            drop(format!("{error:#}"));
            assert!(load_bytes(data).is_err());
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(target) = Target::parse(text, 443) {
            let _ = target.matches(&target.host, target.port);
        }
        let _ = parse_connect_to(text);
    }
});
