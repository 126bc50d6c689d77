//! Certificate Transparency inputs from strangers: the same bytes as the SCT list of the TLS
//! extension, as a stapled OCSP response that may carry SCTs, and as a CT log list; every SCT
//! found is checked (signature, log, time, both policies) for the embedded sample's leaf,
//! whose own embedded SCTs are checked too, against the bundled lists or the input's list.

#![no_main]

use chainlens::ct::{self, CheckInput, LogLists};
use libfuzzer_sys::fuzz_target;
use time::macros::datetime;

fuzz_target!(|data: &[u8]| {
    let _ = ct::sct::parse_list(data);
    let _ = ct::sct::from_ocsp(data, &[1]);
    let Ok(sample) = chainlens::ingest::load_bytes(chainlens::load::SAMPLE_PEM.as_bytes()) else {
        return;
    };
    let [leaf, issuer, ..] = sample.certificates.as_slice() else {
        return;
    };
    let bundled = LogLists::bundled();
    let from_input = std::str::from_utf8(data)
        .ok()
        .and_then(|text| ct::log_list::parse(text, "fuzz").ok())
        .map(|list| (*bundled).clone().with(list));
    let lists = from_input.as_ref().unwrap_or(&bundled);
    let report = ct::check_certificate(
        &CheckInput {
            certificate: leaf,
            issuer_certificate: Some(&issuer.der),
            issuer_spki: Some(&issuer.public_key.spki_der),
            issuer_issuer_spki: None,
            ocsp_response: Some(data),
            tls_sct_list: Some(data),
            at: datetime!(2023-01-01 00:00 UTC),
            applies: Ok(()),
        },
        lists,
    );
    let _ = chainlens::report::ct::verdict_line(&report.chrome);
    for sct in &report.scts {
        let _ = chainlens::report::ct::sct_line(sct);
    }
});
