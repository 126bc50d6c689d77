//! One SCT at a time: valid ones from ECDSA and RSA logs, and each way an SCT can be wrong,
//! with its own code.

use chainlens::ct::{self, CheckInput, NotApplicable, SctDelivery};
use rcgen::KeyPair;
use sha2::{Digest, Sha256};
use time::Duration;

use super::*;

/// A CA, a leaf template and its key, and the leaf's precertificate entry.
struct Setup {
    ca: Ca,
    params: rcgen::CertificateParams,
    key: KeyPair,
    entry: Entry,
}

fn setup() -> Setup {
    let ca = Ca::new("CT Test CA");
    let params = leaf_params(start(), Duration::days(90));
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let entry = precert_entry(&ca, &params, &key);
    Setup {
        ca,
        params,
        key,
        entry,
    }
}

/// The code of the one SCT `sct` embedded in the setup's leaf, checked against `logs`.
fn code_of(s: &Setup, sct: SctBytes, logs: &[&TestLog]) -> &'static str {
    let leaf = issue_with(&s.ca, &s.params, &s.key, &[sct]);
    let report = check(&leaf, &s.ca, &lists(logs), during());
    assert_eq!(report.scts.len(), 1);
    report.scts[0].code.code()
}

#[test]
fn embedded_scts_from_ecdsa_and_rsa_logs_are_valid() {
    let s = setup();
    let ecdsa = TestLog::ecdsa("Test 'Ecdsa' log", "Alpha");
    let rsa = TestLog::rsa("Test 'Rsa' log", "Beta");
    let scts = [
        ecdsa.sct(&s.entry, start() + Duration::minutes(1)),
        rsa.sct(&s.entry, start() + Duration::minutes(2)),
    ];
    let leaf = issue_with(&s.ca, &s.params, &s.key, &scts);
    let report = check(&leaf, &s.ca, &lists(&[&ecdsa, &rsa]), during());
    assert_eq!(codes(&report), ["sct_valid", "sct_valid"]);
    assert_eq!(report.scts[0].log.as_deref(), Some("Test 'Ecdsa' log"));
    assert_eq!(report.scts[1].operator.as_deref(), Some("Beta"));
    assert!(
        report
            .scts
            .iter()
            .all(|s| s.delivery == SctDelivery::Embedded)
    );
    // chainlens rebuilt exactly the TBS the test signed.
    let Entry::Precert { tbs, .. } = &s.entry else {
        unreachable!()
    };
    let rebuilt = ct::sct::precert_entry(&ct::sct::PrecertInputs {
        certificate: &leaf.der,
        issuer_certificate: Some(&s.ca.der),
        issuer_spki: &s.ca.spki(),
        issuer_issuer_spki: None,
    })
    .unwrap();
    let ct::sct::SignedEntry::Precert { tbs: rebuilt, .. } = rebuilt else {
        unreachable!()
    };
    assert_eq!(&rebuilt, tbs);
}

#[test]
fn an_sct_over_another_certificate_is_a_bad_signature() {
    let s = setup();
    let log = TestLog::ecdsa("Test log", "Alpha");
    let other = leaf_params(start(), Duration::days(91));
    let other_entry = precert_entry(&s.ca, &other, &s.key);
    let sct = log.sct(&other_entry, start());
    assert_eq!(code_of(&s, sct, &[&log]), "sct_bad_signature");
}

#[test]
fn an_sct_naming_another_issuer_key_is_a_bad_signature() {
    let s = setup();
    let log = TestLog::ecdsa("Test log", "Alpha");
    let Entry::Precert { tbs, .. } = &s.entry else {
        unreachable!()
    };
    let wrong = Entry::Precert {
        issuer_key_hash: Sha256::digest(b"another CA").into(),
        tbs: tbs.clone(),
    };
    assert_eq!(
        code_of(&s, log.sct(&wrong, start()), &[&log]),
        "sct_bad_signature"
    );
}

#[test]
fn a_changed_timestamp_is_a_bad_signature() {
    let s = setup();
    let log = TestLog::ecdsa("Test log", "Alpha");
    let mut sct = log.sct(&s.entry, start());
    sct.timestamp_ms += 1;
    assert_eq!(code_of(&s, sct, &[&log]), "sct_bad_signature");
}

#[test]
fn a_tampered_signature_is_a_bad_signature() {
    for log in [
        TestLog::ecdsa("Test log", "Alpha"),
        TestLog::rsa("Test RSA log", "Alpha"),
    ] {
        let s = setup();
        let mut sct = log.sct(&s.entry, start());
        let last = sct.signature.len() - 1;
        sct.signature[last] ^= 0x01;
        assert_eq!(code_of(&s, sct, &[&log]), "sct_bad_signature");
    }
}

#[test]
fn an_sct_under_another_listed_logs_id_is_a_bad_signature() {
    let s = setup();
    let signer = TestLog::ecdsa("Signer", "Alpha");
    let named = TestLog::ecdsa("Named", "Beta");
    let mut sct = signer.sct(&s.entry, start());
    sct.log_id = named.id();
    assert_eq!(code_of(&s, sct, &[&signer, &named]), "sct_bad_signature");
}

#[test]
fn an_unlisted_log_is_unknown() {
    let s = setup();
    let listed = TestLog::ecdsa("Listed", "Alpha");
    let unlisted = TestLog::ecdsa("Unlisted", "Beta");
    let sct = unlisted.sct(&s.entry, start());
    assert_eq!(code_of(&s, sct, &[&listed]), "sct_unknown_log");
}

#[test]
fn another_algorithm_than_the_logs_is_wrong() {
    let s = setup();
    let log = TestLog::ecdsa("Test log", "Alpha");
    // An ECDSA log's SCT claiming RSA.
    let mut sct = log.sct(&s.entry, start());
    sct.signature_algorithm = 1;
    assert_eq!(code_of(&s, sct, &[&log]), "sct_wrong_algorithm");
    // SHA-384 instead of SHA-256.
    let mut sct = log.sct(&s.entry, start());
    sct.hash_algorithm = 5;
    assert_eq!(code_of(&s, sct, &[&log]), "sct_wrong_algorithm");
    // An RSA log's SCT claiming ECDSA.
    let rsa = TestLog::rsa("Test RSA log", "Alpha");
    let mut sct = rsa.sct(&s.entry, start());
    sct.signature_algorithm = 3;
    assert_eq!(code_of(&s, sct, &[&rsa]), "sct_wrong_algorithm");
}

#[test]
fn a_log_key_rfc_6962_does_not_allow_is_reported() {
    let s = setup();
    let log = TestLog::p384("P-384 log", "Alpha");
    let sct = log.sct(&s.entry, start());
    assert_eq!(code_of(&s, sct, &[&log]), "sct_unsupported_log_key");
}

#[test]
fn a_later_version_is_unsupported() {
    let s = setup();
    let log = TestLog::ecdsa("Test log", "Alpha");
    let mut sct = log.sct(&s.entry, start());
    sct.version = 1;
    assert_eq!(code_of(&s, sct, &[&log]), "sct_unsupported_version");
}

#[test]
fn a_timestamp_after_the_validation_time_is_in_the_future() {
    let s = setup();
    let log = TestLog::ecdsa("Test log", "Alpha");
    let sct = log.sct(&s.entry, during() + Duration::SECOND);
    assert_eq!(code_of(&s, sct, &[&log]), "sct_future_timestamp");
}

#[test]
fn a_certificate_outside_the_logs_interval() {
    let s = setup();
    // The leaf expires 2025-05-30; this shard takes 2026 expiries.
    let log = TestLog::ecdsa("Test 2026 log", "Alpha").interval(date(2026, 1, 1), date(2027, 1, 1));
    let sct = log.sct(&s.entry, start());
    assert_eq!(code_of(&s, sct, &[&log]), "sct_outside_log_interval");
    let log = TestLog::ecdsa("Test 2025 log", "Alpha").interval(date(2025, 1, 1), date(2026, 1, 1));
    let sct = log.sct(&s.entry, start());
    assert_eq!(code_of(&s, sct, &[&log]), "sct_valid");
}

#[test]
fn an_sct_issued_after_the_log_retired() {
    let s = setup();
    let log = TestLog::ecdsa("Retired log", "Alpha").state("retired", start());
    let sct = log.sct(&s.entry, start() + Duration::SECOND);
    assert_eq!(code_of(&s, sct, &[&log]), "sct_log_not_usable_at_timestamp");
    // Before the retirement it is valid.
    let sct = log.sct(&s.entry, start() - Duration::SECOND);
    assert_eq!(code_of(&s, sct, &[&log]), "sct_valid");
    let readonly = TestLog::ecdsa("Frozen log", "Alpha").state("readonly", start());
    let sct = readonly.sct(&s.entry, start() + Duration::SECOND);
    assert_eq!(
        code_of(&s, sct, &[&readonly]),
        "sct_log_not_usable_at_timestamp"
    );
}

#[test]
fn a_log_the_list_does_not_trust() {
    let s = setup();
    for state in ["rejected", "pending"] {
        let log = TestLog::ecdsa("Untrusted log", "Alpha").state(state, date(2024, 1, 1));
        let sct = log.sct(&s.entry, start());
        assert_eq!(code_of(&s, sct, &[&log]), "sct_log_not_trusted", "{state}");
    }
    // A state entered after the validation time was not in force then (the lists move
    // expired shards to rejected).
    let log = TestLog::ecdsa("Later rejected log", "Alpha").state("rejected", date(2026, 1, 1));
    let sct = log.sct(&s.entry, start());
    assert_eq!(code_of(&s, sct, &[&log]), "sct_valid");
}

#[test]
fn without_the_issuer_embedded_scts_are_not_checked() {
    let s = setup();
    let log = TestLog::ecdsa("Test log", "Alpha");
    let leaf = issue_with(&s.ca, &s.params, &s.key, &[log.sct(&s.entry, start())]);
    let report = check_input(&leaf, None, None, &lists(&[&log]), during(), Ok(()));
    assert_eq!(codes(&report), ["sct_issuer_unknown"]);
}

#[test]
fn scts_from_the_tls_extension_sign_the_whole_certificate() {
    let s = setup();
    let log = TestLog::ecdsa("Test log", "Alpha");
    let rsa = TestLog::rsa("Test RSA log", "Beta");
    let der = s.ca.issue(&s.params, &s.key);
    let leaf = Issued {
        cert: crate::common::generated::decode(&der),
        der: der.clone(),
    };
    let good = log.sct(&Entry::X509(der.clone()), start());
    let good_rsa = rsa.sct(&Entry::X509(der), start());
    // A precertificate SCT delivered by TLS signs the wrong entry.
    let wrong_entry = log.sct(&s.entry, start());
    let list = sct_list(&[good, good_rsa, wrong_entry]);
    let report = check_input(
        &leaf,
        Some(&s.ca),
        Some(&list),
        &lists(&[&log, &rsa]),
        during(),
        Ok(()),
    );
    assert_eq!(
        codes(&report),
        ["sct_valid", "sct_valid", "sct_bad_signature"]
    );
    assert!(
        report
            .scts
            .iter()
            .all(|s| s.delivery == SctDelivery::TlsExtension)
    );
    // Two valid TLS SCTs from two operators satisfy both policies.
    assert!(matches!(
        report.chrome.outcome,
        ct::CtOutcome::Compliant {
            embedded: false,
            ..
        }
    ));
    assert!(matches!(
        report.apple.outcome,
        ct::CtOutcome::Compliant {
            embedded: false,
            ..
        }
    ));
}

#[test]
fn a_malformed_list_is_a_note_not_a_crash() {
    let s = setup();
    let log = TestLog::ecdsa("Test log", "Alpha");
    let der = s.ca.issue(&s.params, &s.key);
    let leaf = Issued {
        cert: crate::common::generated::decode(&der),
        der,
    };
    for garbage in [
        &[][..],
        &[0, 9, 1][..],
        &[0, 3, 0, 1, 0, 7][..],
        &[0xff; 70][..],
    ] {
        let report = check_input(
            &leaf,
            Some(&s.ca),
            Some(garbage),
            &lists(&[&log]),
            during(),
            Ok(()),
        );
        assert!(report.scts.is_empty());
        assert_eq!(report.notes.len(), 1, "{garbage:?}");
    }
    // An embedded list that is not an SCT list at all.
    let mut params = s.params.clone();
    params
        .custom_extensions
        .push(rcgen::CustomExtension::from_oid_content(
            &[1, 3, 6, 1, 4, 1, 11129, 2, 4, 2],
            vec![0x04, 0x02, 0x00, 0x05],
        ));
    let der = s.ca.issue(&params, &s.key);
    let leaf = Issued {
        cert: crate::common::generated::decode(&der),
        der,
    };
    let report = check(&leaf, &s.ca, &lists(&[&log]), during());
    assert!(report.scts.is_empty());
    assert_eq!(report.notes.len(), 1);
    assert!(matches!(
        report.chrome.outcome,
        ct::CtOutcome::NotCompliant { .. }
    ));
}

#[test]
fn a_precertificate_signing_certificate_names_its_own_issuer() {
    // RFC 6962 §3.1/§3.2: a precertificate issued by a Precertificate Signing Certificate is
    // logged as the final certificate will read, issued by the CA that signed the signer:
    // issuer name and authority key identifier are the CA's, and so is the key hash.
    let ca = Ca::new("CT Test Root");
    let signer = ca.issue_ca("CT Test Precert Signer", true);
    let params = leaf_params(start(), Duration::days(90));
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    // The entry as the log sees it: the CA's name and key, which a certificate issued by the
    // CA directly has.
    let entry = precert_entry(&ca, &params, &key);
    let log = TestLog::ecdsa("Test log", "Alpha");
    let sct = log.sct(&entry, start());
    let leaf = issue_with(&signer, &params, &key, &[sct]);
    let lists = lists(&[&log]);
    let signer_spki = signer.spki();
    let input = |issuer_issuer: Option<&'static [u8]>| CheckInput {
        certificate: &leaf.cert,
        issuer_certificate: Some(&signer.der),
        issuer_spki: Some(&signer_spki),
        issuer_issuer_spki: issuer_issuer,
        ocsp_response: None,
        tls_sct_list: None,
        at: during(),
        applies: Err(NotApplicable::NotPubliclyTrusted),
    };
    let ca_spki: &'static [u8] = ca.spki().leak();
    let report = ct::check_certificate(&input(Some(ca_spki)), &lists);
    assert_eq!(codes(&report), ["sct_valid"]);
    // Without the signer's issuer, the entry cannot be rebuilt.
    let report = ct::check_certificate(&input(None), &lists);
    assert_eq!(codes(&report), ["sct_issuer_unknown"]);
    // Checked as if the signer were an ordinary CA, the signature fails.
    let plain = ca.issue_ca("CT Test Precert Signer", false);
    let report = ct::check_certificate(
        &CheckInput {
            issuer_certificate: Some(&plain.der),
            ..input(Some(ca_spki))
        },
        &lists,
    );
    assert_eq!(codes(&report), ["sct_bad_signature"]);
}
