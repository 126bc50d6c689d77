//! Generated chains for the unit tests of the path search and the signature cache.

// Tests may unwrap, expect and index: a failure is a panic by design.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::unwrap_used)]

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, date_time_ymd,
};
use time::macros::datetime;

use crate::model::{Certificate, DecodedEvidence, Inspection, Policy, Source, SourceKind};

use super::signature_cache::SignatureCache;
use super::store::{StoreKind, TrustStore};
use super::{Budget, Input};

/// A CA with its own key, able to issue.
pub struct Ca {
    /// Its template, reused for cross-signed copies (same name, same key).
    pub params: CertificateParams,
    /// Its key.
    pub key: KeyPair,
}

impl Ca {
    /// A new CA named `cn` with a fresh key.
    pub fn new(cn: &str) -> Self {
        Self {
            params: ca_params(cn),
            key: KeyPair::generate().unwrap(),
        }
    }

    /// Its self-signed certificate.
    pub fn root(&self) -> Certificate {
        decode(self.params.self_signed(&self.key).unwrap().der())
    }

    /// Its certificate issued by `issuer` (a cross-sign when it is a root elsewhere).
    pub fn signed_by(&self, issuer: &Ca) -> Certificate {
        let issuer = Issuer::new(issuer.params.clone(), &issuer.key);
        decode(self.params.signed_by(&self.key, &issuer).unwrap().der())
    }

    /// A server leaf for `host` issued by this CA.
    pub fn leaf(&self, host: &str) -> Certificate {
        let mut p = CertificateParams::new(vec![host.to_string()]).unwrap();
        p.distinguished_name.push(DnType::CommonName, host);
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        p.use_authority_key_identifier_extension = true;
        p.not_before = date_time_ymd(2024, 1, 1);
        p.not_after = date_time_ymd(2025, 1, 1);
        let issuer = Issuer::new(self.params.clone(), &self.key);
        decode(
            p.signed_by(&KeyPair::generate().unwrap(), &issuer)
                .unwrap()
                .der(),
        )
    }
}

fn ca_params(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.use_authority_key_identifier_extension = true;
    p.not_before = date_time_ymd(2020, 1, 1);
    p.not_after = date_time_ymd(2040, 1, 1);
    p
}

/// Decodes DER the test just made.
pub fn decode(der: &[u8]) -> Certificate {
    crate::decode::decode_certificate(der).unwrap()
}

/// A store of `certs` named `name`.
pub fn store(name: &str, certs: Vec<Certificate>) -> TrustStore {
    TrustStore::from_certificates(name.to_string(), StoreKind::Mozilla, certs).unwrap()
}

/// Inspects `chain` against `stores` in mid-2024, for `www.example.com`, under `budget`, with
/// the signature cache given so that the test can count what it verified.
pub fn inspect(
    chain: Vec<Certificate>,
    untrusted: Vec<Certificate>,
    stores: &[TrustStore],
    budget: Budget,
    signatures: &SignatureCache,
) -> Inspection {
    let policy = Policy {
        host: Some("www.example.com".to_string()),
        ..Policy::at(datetime!(2024-06-01 00:00 UTC))
    };
    super::inspect_with_signatures(
        Input {
            source: Source::new(SourceKind::Paste, "test"),
            certificates: chain,
            untrusted,
            load_notes: Vec::new(),
        },
        stores,
        &policy,
        budget,
        &DecodedEvidence::default(),
        signatures,
    )
}

/// Reads a fixture of `tests/data/` (PEM or DER).
pub fn fixture(path: &str) -> Certificate {
    let full = format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&full).unwrap();
    match pem::parse(&bytes) {
        Ok(p) => decode(p.contents()),
        Err(_) => decode(&bytes),
    }
}

/// Inspects `chain` (with `untrusted` intermediates) against `stores` under `policy`.
pub fn inspect_under(
    chain: Vec<Certificate>,
    untrusted: Vec<Certificate>,
    stores: &[TrustStore],
    policy: &Policy,
    signatures: &SignatureCache,
) -> Inspection {
    super::inspect_with_signatures(
        Input {
            source: Source::new(SourceKind::Paste, "test"),
            certificates: chain,
            untrusted,
            load_notes: Vec::new(),
        },
        stores,
        policy,
        Budget::default(),
        &DecodedEvidence::default(),
        signatures,
    )
}
