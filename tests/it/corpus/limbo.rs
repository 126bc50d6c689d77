//! Every case of the x509-limbo subset in `tests/data/limbo/subset.json` must agree with its
//! `expected_result`.

use crate::common;

use chainlens::ingest;
use chainlens::model::{Certificate, Inspection, Policy, Profile, Purpose, Source, SourceKind};
use chainlens::report::words;
use chainlens::verify::{self, StoreKind, TrustStore};
use serde_json::Value;
use time::OffsetDateTime;

fn pem_certs(pems: &Value) -> Vec<Certificate> {
    pems.as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .flat_map(|pem| ingest::load_bytes(pem.as_bytes()).unwrap().certificates)
                .collect()
        })
        .unwrap_or_default()
}

/// `webpki::` cases are decided by the Web PKI profile, every other case by plain RFC 5280.
fn profile_of(id: &str) -> Profile {
    if id.starts_with("webpki::") {
        Profile::WebPki
    } else {
        Profile::Rfc5280
    }
}

fn run_case(case: &Value) -> Inspection {
    let trusted = pem_certs(&case["trusted_certs"]);
    let untrusted = pem_certs(&case["untrusted_intermediates"]);
    let peer = ingest::load_bytes(case["peer_certificate"].as_str().unwrap().as_bytes())
        .unwrap()
        .certificates;
    let time = case["validation_time"]
        .as_str()
        .map(|t| OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).unwrap())
        .unwrap_or_else(OffsetDateTime::now_utc);
    let host = case["expected_peer_name"]["value"]
        .as_str()
        .map(str::to_string);
    let purpose = match case["extended_key_usage"].as_array() {
        Some(ekus) if ekus.iter().any(|e| e == "clientAuth") => Purpose::Client,
        _ => Purpose::Server,
    };
    let store = TrustStore::from_certificates("limbo roots".into(), StoreKind::Mozilla, trusted)
        .expect("every case has trusted certificates");
    verify::inspect(
        verify::Input {
            source: Source::new(SourceKind::Paste, case["id"].as_str().unwrap_or("case")),
            certificates: peer,
            untrusted,
            load_notes: Vec::new(),
        },
        &[store],
        &Policy {
            host,
            purpose,
            // Each case under the profile its id names.
            profile: profile_of(case["id"].as_str().unwrap_or_default()),
            ..Policy::at(time)
        },
    )
}

#[test]
fn all_limbo_subset_cases_agree() {
    let text = std::fs::read_to_string(common::corpus::data("limbo/subset.json")).unwrap();
    let suite: Value = serde_json::from_str(&text).unwrap();
    let cases = suite["testcases"].as_array().unwrap();
    assert_eq!(cases.len(), 43);
    let mut disagreements = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let expected = case["expected_result"].as_str().unwrap() == "SUCCESS";
        let insp = run_case(case);
        if insp.all_trusted() != expected {
            disagreements.push(format!(
                "{id}: expected {}, got {}\n{}",
                if expected { "SUCCESS" } else { "FAILURE" },
                if expected { "FAILURE" } else { "SUCCESS" },
                common::corpus::explain(&insp)
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} cases disagree:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n")
    );
}

#[test]
fn expired_root_is_caught_although_webpki_alone_accepts_it() {
    let text = std::fs::read_to_string(common::corpus::data("limbo/subset.json")).unwrap();
    let suite: Value = serde_json::from_str(&text).unwrap();
    let case = suite["testcases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "rfc5280::validity::expired-root")
        .unwrap();
    let insp = run_case(case);
    let v = &insp.verdicts[0];
    assert!(!v.trusted);
    assert_eq!(
        v.failure.as_ref().map(|f| f.code()),
        Some("expired"),
        "{}",
        words::verdict(&insp, v)
    );
}
