//! Any bytes → a PKCS#12 file: the sniffer, the iteration bound, the MAC check and the
//! decryption (p12-keystore), with the seeds' password and with none. The first byte picks
//! the password; the rest is the file.

#![no_main]

use chainlens::ingest::{Format, IngestError, Password, ingest_bytes_with, load_bytes_with};
use libfuzzer_sys::fuzz_target;

/// The password of the seeds in seeds/pkcs12 (written by make-seeds.py).
const SEED_PASSWORD: &str = "fuzz";

fuzz_target!(|data: &[u8]| {
    let Some((&options, file)) = data.split_first() else {
        return;
    };
    let password = (options & 1 == 0).then(|| Password::new(SEED_PASSWORD));
    match ingest_bytes_with(file, password.as_ref()) {
        Ok(ingested) => {
            assert!(ingested.certificates.iter().all(|der| !der.is_empty()));
            // Only a PKCS#12 file can say it held a key; the key itself is never returned.
            assert!(!ingested.holds_private_key || ingested.format == Format::Pkcs12);
            if let Ok(loaded) = load_bytes_with(file, password.as_ref()) {
                assert_eq!(loaded.certificates.len(), ingested.certificates.len());
            }
        }
        Err(error) => {
            let shown = format!("{error:#}");
            if password.is_none() {
                assert!(!matches!(error, IngestError::WrongPassword), "{shown}");
            } else {
                assert!(!matches!(error, IngestError::PasswordRequired), "{shown}");
            }
        }
    }
});
