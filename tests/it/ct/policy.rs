//! The browsers' CT policies counted on generated SCTs: lifetimes at the boundaries, operator
//! diversity, retired logs, static-ct-api logs, and where the policies do not apply.

use chainlens::ct::{CtOutcome, NotApplicable, Shortfall};
use chainlens::report::ct as words;
use rcgen::KeyPair;
use time::Duration;

use super::*;

/// A leaf of `lifetime` issued by a fresh CA with one SCT from each of `logs` (all at
/// `start()`), checked during its life.
fn verdicts(lifetime: Duration, logs: &[&TestLog]) -> chainlens::ct::CtReport {
    verdicts_at(lifetime, logs, start() + Duration::minutes(1), during())
}

fn verdicts_at(
    lifetime: Duration,
    logs: &[&TestLog],
    sct_time: OffsetDateTime,
    at: OffsetDateTime,
) -> chainlens::ct::CtReport {
    let ca = Ca::new("CT Policy CA");
    let params = leaf_params(start(), lifetime);
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let entry = precert_entry(&ca, &params, &key);
    let scts: Vec<SctBytes> = logs.iter().map(|l| l.sct(&entry, sct_time)).collect();
    let leaf = issue_with(&ca, &params, &key, &scts);
    check(&leaf, &ca, &lists(logs), at)
}

fn shortfall(outcome: &CtOutcome) -> &Shortfall {
    match outcome {
        CtOutcome::NotCompliant { shortfall } => shortfall,
        other => panic!("expected not compliant, got {other:?}"),
    }
}

#[test]
fn two_operators_suffice_for_180_days_and_three_logs_are_needed_beyond() {
    let a = TestLog::ecdsa("A1", "Alpha");
    let b = TestLog::ecdsa("B1", "Beta");
    let c = TestLog::rsa("B2", "Beta");
    // Chrome: notAfter − notBefore of exactly 180 days needs 2.
    let report = verdicts(Duration::days(180), &[&a, &b]);
    assert_eq!(
        report.chrome.outcome,
        CtOutcome::Compliant {
            scts: 2,
            operators: 2,
            embedded: true
        }
    );
    assert_eq!(
        words::verdict_line(&report.chrome),
        "Chrome CT: compliant (2 SCTs, 2 operators)"
    );
    // Apple counts notBefore through notAfter inclusive: the same certificate is 181 days.
    assert_eq!(
        shortfall(&report.apple.outcome),
        &Shortfall::TooFewScts {
            have: 2,
            need: 3,
            lifetime_days: 181,
            unlisted: 0
        }
    );
    // One second less is 180 days for Apple too.
    let report = verdicts(Duration::days(180) - Duration::SECOND, &[&a, &b]);
    assert!(matches!(report.apple.outcome, CtOutcome::Compliant { .. }));
    assert!(matches!(report.chrome.outcome, CtOutcome::Compliant { .. }));
    // A second more than 180 days: Chrome needs 3 too.
    let report = verdicts(Duration::days(180) + Duration::SECOND, &[&a, &b]);
    assert_eq!(
        shortfall(&report.chrome.outcome),
        &Shortfall::TooFewScts {
            have: 2,
            need: 3,
            lifetime_days: 180,
            unlisted: 0
        }
    );
    // 398 days with three logs of two operators: both compliant.
    let report = verdicts(Duration::days(397), &[&a, &b, &c]);
    assert!(matches!(
        report.chrome.outcome,
        CtOutcome::Compliant {
            scts: 3,
            operators: 2,
            ..
        }
    ));
    assert!(matches!(
        report.apple.outcome,
        CtOutcome::Compliant {
            scts: 3,
            operators: 2,
            ..
        }
    ));
    // 398 days with two: the sentence names what is missing.
    let report = verdicts(Duration::days(397), &[&a, &b]);
    assert_eq!(
        words::verdict_line(&report.apple),
        "Apple CT: not compliant — needs 3 SCTs from distinct logs for a 398-day certificate, \
         2 count [ct_too_few_scts]"
    );
}

#[test]
fn one_operator_is_not_enough() {
    let a1 = TestLog::ecdsa("A1", "Alpha");
    let a2 = TestLog::ecdsa("A2", "Alpha");
    let a3 = TestLog::rsa("A3", "Alpha");
    let report = verdicts(Duration::days(90), &[&a1, &a2, &a3]);
    assert_eq!(
        shortfall(&report.chrome.outcome),
        &Shortfall::TooFewOperators { have: 1 }
    );
    // Apple: one SCT per operator counts for 180 days or less.
    assert!(matches!(
        shortfall(&report.apple.outcome),
        Shortfall::TooFewScts {
            have: 1,
            need: 2,
            ..
        } | Shortfall::TooFewOperators { have: 1 }
    ));
    // Beyond 180 days, two per operator count: three logs of one operator make 2 of 3.
    let report = verdicts(Duration::days(300), &[&a1, &a2, &a3]);
    assert_eq!(
        shortfall(&report.apple.outcome),
        &Shortfall::TooFewOperators { have: 1 }
    );
    assert_eq!(
        shortfall(&report.apple.outcome).code(),
        "ct_too_few_operators"
    );
}

#[test]
fn two_scts_from_one_log_count_once() {
    let a = TestLog::ecdsa("A1", "Alpha");
    let ca = Ca::new("CT Policy CA");
    let params = leaf_params(start(), Duration::days(90));
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let entry = precert_entry(&ca, &params, &key);
    let scts = [
        a.sct(&entry, start()),
        a.sct(&entry, start() + Duration::SECOND),
    ];
    let leaf = issue_with(&ca, &params, &key, &scts);
    let report = check(&leaf, &ca, &lists(&[&a]), during());
    assert_eq!(codes(&report), ["sct_valid", "sct_valid"]);
    assert!(matches!(
        shortfall(&report.chrome.outcome),
        Shortfall::TooFewScts {
            have: 1,
            need: 2,
            ..
        }
    ));
}

#[test]
fn retired_logs_count_for_what_they_issued_before_retiring() {
    // Retired after the SCTs were issued, before the check.
    let retired = TestLog::ecdsa("Old", "Alpha").state("retired", start() + Duration::days(10));
    let usable = TestLog::ecdsa("New", "Beta");
    let at = start() + Duration::days(20);
    let report = verdicts_at(Duration::days(90), &[&retired, &usable], start(), at);
    assert_eq!(codes(&report), ["sct_valid", "sct_valid"]);
    assert!(matches!(report.chrome.outcome, CtOutcome::Compliant { .. }));
    assert!(matches!(report.apple.outcome, CtOutcome::Compliant { .. }));
    // Every embedded SCT from a retired log: none from a log approved at the time of check.
    let retired2 = TestLog::ecdsa("Old 2", "Beta").state("retired", start() + Duration::days(10));
    let report = verdicts_at(Duration::days(90), &[&retired, &retired2], start(), at);
    assert_eq!(shortfall(&report.chrome.outcome), &Shortfall::NoCurrentLog);
    assert_eq!(shortfall(&report.apple.outcome), &Shortfall::NoCurrentLog);
    // Checked before the retirement, the logs were usable.
    let report = verdicts_at(
        Duration::days(90),
        &[&retired, &retired2],
        start(),
        start() + Duration::days(5),
    );
    assert!(matches!(report.chrome.outcome, CtOutcome::Compliant { .. }));
}

#[test]
fn static_ct_api_logs_need_an_rfc_6962_log_beside_them() {
    let tiled_a = TestLog::ecdsa("Tiled A", "Alpha").tiled();
    let tiled_b = TestLog::ecdsa("Tiled B", "Beta").tiled();
    let classic = TestLog::ecdsa("Classic", "Gamma");
    let report = verdicts(Duration::days(90), &[&tiled_a, &tiled_b]);
    assert_eq!(codes(&report), ["sct_valid", "sct_valid"]);
    assert_eq!(shortfall(&report.chrome.outcome), &Shortfall::NoRfc6962Log);
    assert_eq!(shortfall(&report.apple.outcome), &Shortfall::NoRfc6962Log);
    let report = verdicts(Duration::days(90), &[&tiled_a, &classic]);
    assert!(matches!(report.chrome.outcome, CtOutcome::Compliant { .. }));
    assert!(matches!(report.apple.outcome, CtOutcome::Compliant { .. }));
}

#[test]
fn invalid_scts_do_not_count() {
    let a = TestLog::ecdsa("A1", "Alpha");
    let b = TestLog::ecdsa("B1", "Beta");
    let ca = Ca::new("CT Policy CA");
    let params = leaf_params(start(), Duration::days(90));
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let entry = precert_entry(&ca, &params, &key);
    let mut bad = b.sct(&entry, start());
    bad.signature[8] ^= 0xff;
    let leaf = issue_with(&ca, &params, &key, &[a.sct(&entry, start()), bad]);
    let report = check(&leaf, &ca, &lists(&[&a, &b]), during());
    assert_eq!(codes(&report), ["sct_valid", "sct_bad_signature"]);
    assert!(matches!(
        shortfall(&report.chrome.outcome),
        Shortfall::TooFewScts { have: 1, .. }
    ));
}

#[test]
fn no_scts_and_not_applicable() {
    let a = TestLog::ecdsa("A1", "Alpha");
    let ca = Ca::new("CT Policy CA");
    let params = leaf_params(start(), Duration::days(90));
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let der = ca.issue(&params, &key);
    let leaf = Issued {
        cert: crate::common::generated::decode(&der),
        der,
    };
    let report = check(&leaf, &ca, &lists(&[&a]), during());
    assert_eq!(shortfall(&report.chrome.outcome), &Shortfall::NoScts);
    assert_eq!(
        words::verdict_line(&report.apple),
        "Apple CT: not compliant — the certificate has no SCT [ct_no_scts]"
    );
    let report = check_input(
        &leaf,
        Some(&ca),
        None,
        &lists(&[&a]),
        during(),
        Err(NotApplicable::NotPubliclyTrusted),
    );
    assert_eq!(
        words::verdict_line(&report.chrome),
        "Chrome CT: not applicable (no chosen public root store (Mozilla, system) trusts the chain)"
    );
}

#[test]
fn an_inspection_carries_the_report_for_a_publicly_trusted_server_leaf() {
    // Through the verifier, as every face gets it: a store of kind Mozilla makes the chain
    // publicly trusted; the bundled lists know none of the test logs.
    let a = TestLog::ecdsa("A1", "Alpha");
    let ca = Ca::new("CT Policy CA");
    let params = leaf_params(start(), Duration::days(90));
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let entry = precert_entry(&ca, &params, &key);
    let leaf = issue_with(&ca, &params, &key, &[a.sct(&entry, start())]);
    let store = chainlens::verify::TrustStore::from_certificates(
        "Mozilla roots".to_string(),
        chainlens::verify::StoreKind::Mozilla,
        vec![crate::common::generated::decode(&ca.der)],
    )
    .unwrap();
    let insp = crate::common::corpus::inspect(
        vec![leaf.cert.clone()],
        Vec::new(),
        std::slice::from_ref(&store),
        during(),
        Some("ct.example"),
    );
    assert!(
        insp.all_trusted(),
        "{}",
        crate::common::corpus::explain(&insp)
    );
    let report = insp.ct.as_ref().expect("a CT report");
    assert_eq!(codes(report), ["sct_unknown_log"]);
    assert_eq!(shortfall(&report.chrome.outcome).code(), "ct_too_few_scts");
    let text = chainlens::report::text::inspection_text(&insp);
    assert!(
        text.contains("\nCertificate Transparency:\n  log lists: "),
        "{text}"
    );
    assert!(text.contains("[sct_unknown_log]"), "{text}");
    let json = chainlens::report::json::inspection_value(&insp);
    assert_eq!(json["ct"]["scts"][0]["code"], "sct_unknown_log");
    assert_eq!(json["ct"]["chrome"]["compliant"], false);
    assert_eq!(json["ct"]["chrome"]["code"], "ct_too_few_scts");
    // With the test log listed, the same inspection's SCT is valid.
    let report =
        chainlens::ct::check(&insp, &["Mozilla roots".to_string()], &lists(&[&a])).unwrap();
    assert_eq!(codes(&report), ["sct_valid"]);
    // A private store: not applicable, SCTs still checked.
    let report = chainlens::ct::check(&insp, &[], &lists(&[&a])).unwrap();
    assert_eq!(
        report.chrome.outcome,
        CtOutcome::NotApplicable {
            reason: NotApplicable::NotPubliclyTrusted
        }
    );
    assert_eq!(codes(&report), ["sct_valid"]);
}

#[test]
fn each_policy_reads_the_log_state_in_its_own_list() {
    // Chrome's list has rejected the logs before the check; Apple's still has them usable.
    let mut a = TestLog::ecdsa("A1", "Alpha");
    let mut b = TestLog::ecdsa("B1", "Beta");
    let ca = Ca::new("CT Policy CA");
    let params = leaf_params(start(), Duration::days(90));
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let entry = precert_entry(&ca, &params, &key);
    let leaf = issue_with(
        &ca,
        &params,
        &key,
        &[a.sct(&entry, start()), b.sct(&entry, start())],
    );
    let apple = chainlens::ct::log_list::parse(&list_json(&[&a, &b], true), "t").unwrap();
    a.state = ("rejected", start() + Duration::days(1));
    b.state = ("rejected", start() + Duration::days(1));
    let chrome = chainlens::ct::log_list::parse(&list_json(&[&a, &b], false), "t").unwrap();
    let lists = chainlens::ct::LogLists {
        chrome: Some(chrome),
        apple: Some(apple),
    };
    let report = check(&leaf, &ca, &lists, during());
    // The SCT's own code reads Chrome's list, the first that holds the log.
    assert_eq!(
        codes(&report),
        ["sct_log_not_trusted", "sct_log_not_trusted"]
    );
    assert!(matches!(
        shortfall(&report.chrome.outcome),
        Shortfall::TooFewScts { have: 0, .. }
    ));
    assert!(matches!(
        report.apple.outcome,
        CtOutcome::Compliant { scts: 2, .. }
    ));
}

#[test]
fn a_read_only_log_counts_for_what_it_issued_before_freezing() {
    let frozen = TestLog::ecdsa("Frozen", "Alpha").state("readonly", start() + Duration::days(1));
    let usable = TestLog::ecdsa("Usable", "Beta");
    let report = verdicts_at(Duration::days(90), &[&frozen, &usable], start(), during());
    assert!(matches!(
        report.chrome.outcome,
        CtOutcome::Compliant { scts: 2, .. }
    ));
    let late = verdicts_at(
        Duration::days(90),
        &[&frozen, &usable],
        start() + Duration::days(2),
        during(),
    );
    assert_eq!(
        codes(&late),
        ["sct_log_not_usable_at_timestamp", "sct_valid"]
    );
    assert!(matches!(
        shortfall(&late.chrome.outcome),
        Shortfall::TooFewScts { have: 1, .. }
    ));
}
