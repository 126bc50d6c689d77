//! rcgen certificate templates shared by the tests that generate their own chains.

use chainlens::model::Certificate;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyUsagePurpose,
    date_time_ymd,
};

/// Decodes DER the test just made.
pub fn decode(der: &[u8]) -> Certificate {
    chainlens::decode::decode_certificate(der).unwrap()
}

/// A CA template valid 2020–2040: critical CA basicConstraints, keyCertSign + cRLSign, AKI.
pub fn ca(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.use_authority_key_identifier_extension = true;
    p.not_before = date_time_ymd(2020, 1, 1);
    p.not_after = date_time_ymd(2040, 1, 1);
    p
}

/// A server leaf template for `names` (the first is the CN), valid during 2024.
pub fn leaf(names: &[&str]) -> CertificateParams {
    let mut p =
        CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    p.distinguished_name.push(DnType::CommonName, names[0]);
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.use_authority_key_identifier_extension = true;
    p.not_before = date_time_ymd(2024, 1, 1);
    p.not_after = date_time_ymd(2025, 1, 1);
    p
}
