//! CRL edge cases generated with rcgen (RFC 5280 §5 and §6.3): a CRL without CRLNumber, with
//! a critical CRLNumber, from an issuer without cRLSign, from an issuer without keyUsage,
//! and a serial listed on another issuer's CRL. rcgen always writes a non-critical CRLNumber,
//! so the first two are rcgen CRLs with that extension removed or marked critical, re-signed
//! with the issuer's key.

use crate::common;

use crate::common::generated::{ca, decode, leaf};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair};
use chainlens::model::{
    CertId, CrlEvidence, Evidence, Inspection, Policy, Profile, RevocationStatus, Source,
    SourceKind,
};
use chainlens::verify::{self, Budget, StoreKind, TrustStore};
use rcgen::{
    CertificateRevocationListParams, Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose,
    RevocationReason, RevokedCertParams, SerialNumber, date_time_ymd,
};

const LEAF_SERIAL: [u8; 2] = [0x10, 0x01];

struct Pki {
    ca_der: Vec<u8>,
    leaf_der: Vec<u8>,
    ca_params: rcgen::CertificateParams,
    key: KeyPair,
}

/// A CA (with `key_usages`) and a leaf with serial 0x1001.
fn pki(cn: &str, key_usages: Vec<KeyUsagePurpose>) -> Pki {
    let key = KeyPair::generate().unwrap();
    let mut ca_params = ca(cn);
    ca_params.key_usages = key_usages;
    let ca_cert = ca_params.self_signed(&key).unwrap();
    let mut leaf_params = leaf(&["device.example"]);
    leaf_params.serial_number = Some(SerialNumber::from(LEAF_SERIAL.to_vec()));
    let leaf_key = KeyPair::generate().unwrap();
    let issuer = Issuer::from_params(&ca_params, &key);
    let leaf_cert = leaf_params.signed_by(&leaf_key, &issuer).unwrap();
    Pki {
        ca_der: ca_cert.der().to_vec(),
        leaf_der: leaf_cert.der().to_vec(),
        ca_params,
        key,
    }
}

/// A CRL of `pki`'s CA listing the leaf's serial. rcgen refuses to sign for an issuer
/// without cRLSign, so it signs as the same name and key with cRLSign.
fn crl(pki: &Pki) -> Vec<u8> {
    let mut signer_params = pki.ca_params.clone();
    signer_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let issuer = Issuer::from_params(&signer_params, &pki.key);
    CertificateRevocationListParams {
        this_update: date_time_ymd(2024, 6, 1),
        next_update: date_time_ymd(2024, 7, 1),
        crl_number: SerialNumber::from(7u64),
        issuing_distribution_point: None,
        revoked_certs: vec![RevokedCertParams {
            serial_number: SerialNumber::from(LEAF_SERIAL.to_vec()),
            revocation_time: date_time_ymd(2024, 5, 1),
            reason_code: Some(RevocationReason::KeyCompromise),
            invalidity_date: None,
        }],
        key_identifier_method: KeyIdMethod::Sha256,
    }
    .signed_by(&issuer)
    .unwrap()
    .der()
    .to_vec()
}

// --- A small DER rewriter, to change one CRL extension and re-sign -------------------------

fn split(b: &[u8]) -> (u8, &[u8], &[u8]) {
    let tag = b[0];
    let (len, head) = match b[1] {
        n if n < 0x80 => (n as usize, 2),
        n => {
            let k = (n & 0x7f) as usize;
            let len = b[2..2 + k]
                .iter()
                .fold(0usize, |a, &x| (a << 8) | x as usize);
            (len, 2 + k)
        }
    };
    (tag, &b[head..head + len], &b[head + len..])
}

fn children(mut b: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while !b.is_empty() {
        let (_, content, rest) = split(b);
        let whole = b.len() - rest.len();
        out.push(b[..whole].to_vec());
        let _ = content;
        b = rest;
    }
    out
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

const CRL_NUMBER_OID: [u8; 5] = [0x06, 0x03, 0x55, 0x1d, 0x14];

/// `crl` with its CRLNumber extension passed through `edit` (None removes it), re-signed.
fn rewrite_crl_number(
    crl: &[u8],
    key: &KeyPair,
    edit: impl Fn(&[u8]) -> Option<Vec<u8>>,
) -> Vec<u8> {
    let (_, crl_content, _) = split(crl);
    let parts = children(crl_content);
    let (_, tbs_content, _) = split(&parts[0]);
    let mut tbs_children = children(tbs_content);
    let last = tbs_children.last_mut().unwrap();
    assert_eq!(last[0], 0xa0, "the CRL has extensions");
    let (_, wrapped, _) = split(last);
    let (_, exts, _) = split(wrapped);
    let mut new_exts = Vec::new();
    for ext in children(exts) {
        let (_, ext_content, _) = split(&ext);
        if ext_content.starts_with(&CRL_NUMBER_OID) {
            if let Some(replacement) = edit(ext_content) {
                new_exts.extend(tlv(0x30, &replacement));
            }
        } else {
            new_exts.extend(ext);
        }
    }
    *last = tlv(0xa0, &tlv(0x30, &new_exts));
    let tbs = tlv(0x30, &tbs_children.concat());
    let signer =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &key.serialize_der()).unwrap();
    let signature = signer.sign(&SystemRandom::new(), &tbs).unwrap();
    let mut bits = vec![0u8];
    bits.extend_from_slice(signature.as_ref());
    tlv(0x30, &[tbs, parts[1].clone(), tlv(0x03, &bits)].concat())
}

// --- Running the check ---------------------------------------------------------------------

fn inspect(pki: &Pki, crls: Vec<Vec<u8>>) -> Inspection {
    let store = TrustStore::from_certificates(
        "test CA".into(),
        StoreKind::Mozilla,
        vec![decode(&pki.ca_der)],
    )
    .unwrap();
    let evidence = Evidence {
        requested: true,
        crls: crls
            .into_iter()
            .enumerate()
            .map(|(i, bytes)| CrlEvidence {
                origin: format!("crl-{i}.der"),
                bytes,
            })
            .collect(),
        ..Evidence::default()
    };
    verify::inspect_with_evidence(
        verify::Input {
            source: Source::new(SourceKind::Paste, "test"),
            certificates: vec![decode(&pki.leaf_der)],
            untrusted: vec![],
            load_notes: Vec::new(),
        },
        &[store],
        &Policy {
            // A CA without keyUsage is a Web PKI rule; plain RFC 5280 lets revocation decide.
            profile: Profile::Rfc5280,
            ..Policy::at(common::corpus::at("2024-06-15T00:00:00Z"))
        },
        Budget::default(),
        &evidence,
    )
}

fn leaf_revocation(insp: &Inspection) -> chainlens::model::Revocation {
    insp.links
        .iter()
        .find(|l| l.child == CertId::new(0))
        .and_then(|l| l.revocation.clone())
        .unwrap()
}

fn problems(insp: &Inspection) -> String {
    leaf_revocation(insp)
        .problems
        .iter()
        .map(chainlens::report::words::evidence_problem)
        .collect::<Vec<_>>()
        .join("; ")
}

fn ca_usages() -> Vec<KeyUsagePurpose> {
    vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign]
}

#[test]
fn a_valid_crl_revokes() {
    let pki = pki("Edge CA", ca_usages());
    let insp = inspect(&pki, vec![crl(&pki)]);
    let r = leaf_revocation(&insp);
    assert_eq!(r.status, RevocationStatus::Revoked, "{}", problems(&insp));
    assert_eq!(r.reason.as_deref(), Some("keyCompromise"));
    assert!(!insp.all_trusted());
    assert_eq!(insp.verdicts[0].failure.as_ref().unwrap().code(), "revoked");
}

#[test]
fn a_crl_without_crl_number_is_rejected() {
    let pki = pki("Edge CA", ca_usages());
    let patched = rewrite_crl_number(&crl(&pki), &pki.key, |_| None);
    let insp = inspect(&pki, vec![patched]);
    assert_eq!(leaf_revocation(&insp).status, RevocationStatus::Unknown);
    assert!(
        problems(&insp).contains("no CRLNumber"),
        "{}",
        problems(&insp)
    );
    // Soft-fail: the chain is still trusted, with the unknown shown.
    assert!(insp.all_trusted());
}

#[test]
fn a_critical_crl_number_is_rejected() {
    let pki = pki("Edge CA", ca_usages());
    let patched = rewrite_crl_number(&crl(&pki), &pki.key, |content| {
        let (_, _, rest) = split(content); // after the OID: the OCTET STRING
        Some([&CRL_NUMBER_OID[..], &[0x01, 0x01, 0xff], rest].concat())
    });
    let insp = inspect(&pki, vec![patched]);
    assert_eq!(leaf_revocation(&insp).status, RevocationStatus::Unknown);
    assert!(
        problems(&insp).contains("CRLNumber is marked critical"),
        "{}",
        problems(&insp)
    );
}

#[test]
fn an_issuer_without_crl_sign_cannot_revoke() {
    let pki = pki("Edge CA", vec![KeyUsagePurpose::KeyCertSign]);
    let insp = inspect(&pki, vec![crl(&pki)]);
    assert_eq!(leaf_revocation(&insp).status, RevocationStatus::Unknown);
    assert!(
        problems(&insp).contains("lacks CRL Sign"),
        "{}",
        problems(&insp)
    );
    assert!(insp.all_trusted());
}

#[test]
fn an_issuer_without_key_usage_may_sign_crls() {
    let pki = pki("Edge CA", vec![]);
    let insp = inspect(&pki, vec![crl(&pki)]);
    assert_eq!(
        leaf_revocation(&insp).status,
        RevocationStatus::Revoked,
        "{}",
        problems(&insp)
    );
}

#[test]
fn a_serial_on_another_issuers_crl_is_not_a_revocation() {
    let pki_a = pki("Edge CA", ca_usages());
    let pki_b = pki("Other CA", ca_usages());
    // B's CRL lists serial 0x1001 too, but it is not A's CRL.
    let insp = inspect(&pki_a, vec![crl(&pki_b)]);
    assert_eq!(leaf_revocation(&insp).status, RevocationStatus::Unknown);
    assert!(
        problems(&insp).contains("no CRL from Edge CA"),
        "{}",
        problems(&insp)
    );
    assert!(insp.all_trusted());
    // The same name with another key: rejected (its authority key id, then its signature).
    let impostor = pki("Edge CA", ca_usages());
    let insp = inspect(&pki_a, vec![crl(&impostor)]);
    assert_eq!(leaf_revocation(&insp).status, RevocationStatus::Unknown);
    assert!(
        problems(&insp).contains("authority key id"),
        "{}",
        problems(&insp)
    );
    assert!(insp.all_trusted());
}
