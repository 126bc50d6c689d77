//! Any bytes → an ESP-IDF certificate bundle (both layouts, each tried whole), then the
//! trust store of its names and keys; a bundle that reads is written back and read again.

#![no_main]

use std::path::Path;

use chainlens::ingest::esp_bundle::{parse, parse_layout, write};
use chainlens::verify::{StoreKind, TrustStore};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match parse(data) {
        Ok(bundle) => {
            assert!(!bundle.entries.is_empty());
            // What reads, writes back (sorted by name, as the device wants) and reads the same.
            let written = write(bundle.layout, &bundle.entries);
            let again = parse_layout(&written, bundle.layout).expect("a written bundle reads");
            let mut sorted = bundle.entries.clone();
            sorted.sort_by(|a, b| a.subject_der.cmp(&b.subject_der));
            assert_eq!(again.entries, sorted);
            assert_eq!(written.len(), data.len());
            let path = Path::new("x509_crt_bundle");
            match TrustStore::from_esp_bundle(
                "x509_crt_bundle".into(),
                StoreKind::File(path.to_path_buf()),
                path,
                &bundle,
            ) {
                Ok(store) => {
                    assert_eq!(store.anchors.len(), bundle.entries.len());
                    assert!(store.anchors.iter().all(|a| a.certificate.is_none()));
                }
                Err(error) => drop(format!("{error:#}")),
            }
        }
        Err(error) => drop(format!("{error:#}")),
    }
});
