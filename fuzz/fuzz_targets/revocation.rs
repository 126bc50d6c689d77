//! Revocation evidence from strangers: the same bytes as a CRL (PEM or DER) and as an OCSP
//! response, decoded on their own, then handed as evidence (a CRL, an OCSP answer for the
//! leaf) to the revocation decisions of the embedded sample chain.

#![no_main]

use chainlens::decode::crl::decode_crl;
use chainlens::decode::ocsp::decode_ocsp_response;
use chainlens::model::{CrlEvidence, Evidence, OcspEvidence, Policy, Source, SourceKind};
use chainlens::report::words::revocation_summary;
use chainlens::verify::{Budget, Input, TrustStore, inspect_with_evidence};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match decode_crl(data, "fuzz.crl") {
        Ok(crl) => {
            let _ = crl.issuer.display_label();
            let _ = crl.revoked.len();
        }
        Err(error) => drop(error.to_string()),
    }
    match decode_ocsp_response(data) {
        Ok(response) => {
            let _ = response.responses.len();
            let _ = response.certificates.len();
        }
        Err(error) => drop(error.to_string()),
    }
    let Ok(sample) = chainlens::ingest::load_bytes(chainlens::load::SAMPLE_PEM.as_bytes()) else {
        return;
    };
    let Some(leaf) = sample.certificates.first() else {
        return;
    };
    let evidence = Evidence {
        requested: true,
        crls: vec![CrlEvidence {
            origin: "fuzz.crl".into(),
            bytes: data.to_vec(),
        }],
        ocsp: vec![OcspEvidence {
            url: "http://ocsp.fuzz/".into(),
            certificate_sha256: leaf.sha256.clone(),
            bytes: data.to_vec(),
        }],
        ..Evidence::default()
    };
    let Ok(time) = time::OffsetDateTime::from_unix_timestamp(1_672_531_200) else {
        return;
    };
    let inspection = inspect_with_evidence(
        Input {
            source: Source::new(SourceKind::Paste, "fuzz"),
            certificates: sample.certificates.clone(),
            untrusted: Vec::new(),
            load_notes: Vec::new(),
        },
        &[TrustStore::aws_iot()],
        &Policy::at(time),
        Budget::default(),
        &evidence,
    );
    for link in &inspection.links {
        if let Some(revocation) = &link.revocation {
            let _ = revocation_summary(revocation);
        }
    }
});
