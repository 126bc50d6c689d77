//! DER → model: one certificate with every extension, and the text report that prints each
//! field; the same bytes also as a bare Name, SubjectPublicKeyInfo and NameConstraints, which
//! trust stores decode on their own.

#![no_main]

use chainlens::decode::{decode_certificate, decode_name, decode_name_constraints, decode_spki};
use chainlens::report::certificate_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match decode_certificate(data) {
        Ok(certificate) => {
            // Every byte belongs to the certificate, and every face of it renders.
            assert_eq!(certificate.der, data);
            let _ = certificate_text(&certificate);
            let _ = certificate.to_pem();
            let _ = certificate.label();
            let _ = certificate.is_self_issued();
            let _ = certificate.public_key.summary();
            let _ = certificate.subject.display_label();
        }
        Err(error) => drop(error.to_string()),
    }
    if let Ok(name) = decode_name(data) {
        let _ = name.display_label();
    }
    if let Ok(key) = decode_spki(data) {
        let _ = key.summary();
    }
    let _ = decode_name_constraints(data);
});
