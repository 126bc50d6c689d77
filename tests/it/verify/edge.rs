//! Generated edge cases for path building and the link and path checks.

use crate::common::corpus::{at, explain, inspect};
use crate::common::generated::{ca, decode, leaf};
use chainlens::model::{CheckName, CheckStatus, Inspection};
use chainlens::report::words;
use chainlens::verify::{StoreKind, TrustStore};
use rcgen::{
    BasicConstraints, CertificateParams, GeneralSubtree, IsCa, Issuer, KeyPair, NameConstraints,
};

fn store(certs: Vec<chainlens::model::Certificate>) -> TrustStore {
    TrustStore::from_certificates("test roots".into(), StoreKind::Mozilla, certs).unwrap()
}

const MID_2024: &str = "2024-06-01T00:00:00Z";

/// root → intermediate (with the given params) → leaf (with the given params).
fn chain(
    inter: CertificateParams,
    leaf_params: CertificateParams,
) -> (Vec<chainlens::model::Certificate>, TrustStore) {
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca("Edge Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let root_issuer = Issuer::new(root_params, &root_key);
    let inter_key = KeyPair::generate().unwrap();
    let inter_cert = inter.signed_by(&inter_key, &root_issuer).unwrap();
    let inter_issuer = Issuer::new(inter, &inter_key);
    let leaf_key = KeyPair::generate().unwrap();
    let leaf_cert = leaf_params.signed_by(&leaf_key, &inter_issuer).unwrap();
    (
        vec![decode(leaf_cert.der()), decode(inter_cert.der())],
        store(vec![decode(root.der())]),
    )
}

fn check_of(insp: &Inspection, name: CheckName) -> Vec<(CheckStatus, String)> {
    let mut out = Vec::new();
    for link in &insp.links {
        for c in &link.checks {
            if c.name == name {
                out.push((c.status, words::check(c)));
            }
        }
    }
    for v in &insp.verdicts {
        for p in &v.paths {
            for c in &p.checks {
                if c.name == name {
                    out.push((c.status, words::check(c)));
                }
            }
        }
    }
    out
}

#[test]
fn a_good_generated_chain_is_trusted() {
    let (certs, store) = chain(ca("Edge Intermediate"), leaf(&["www.example.com"]));
    let insp = inspect(
        certs,
        vec![],
        &[store],
        at(MID_2024),
        Some("www.example.com"),
    );
    assert!(insp.all_trusted(), "{}", explain(&insp));
}

#[test]
fn expiry_within_30_days_warns_but_trusts() {
    let (certs, store) = chain(ca("Edge Intermediate"), leaf(&["www.example.com"]));
    let insp = inspect(
        certs,
        vec![],
        &[store],
        at("2024-12-20T00:00:00Z"),
        Some("www.example.com"),
    );
    assert!(insp.all_trusted(), "{}", explain(&insp));
    let validity = check_of(&insp, CheckName::Validity);
    assert!(
        validity
            .iter()
            .any(|(s, r)| *s == CheckStatus::Warn && r.contains("expires 2025-01-01")),
        "{validity:?}"
    );
}

#[test]
fn name_constraints_on_the_intermediate_are_enforced() {
    let mut inter = ca("Constrained Intermediate");
    inter.name_constraints = Some(NameConstraints {
        permitted_subtrees: vec![GeneralSubtree::DnsName("example.com".into())],
        excluded_subtrees: vec![],
    });
    let (certs, store) = chain(inter.clone(), leaf(&["www.example.com"]));
    let insp = inspect(
        certs,
        vec![],
        &[store],
        at(MID_2024),
        Some("www.example.com"),
    );
    assert!(insp.all_trusted(), "{}", explain(&insp));

    let (certs, store) = chain(inter, leaf(&["www.other.org"]));
    let insp = inspect(certs, vec![], &[store], at(MID_2024), Some("www.other.org"));
    assert!(!insp.all_trusted());
    assert!(
        explain(&insp).contains("outside the permitted names"),
        "{}",
        explain(&insp)
    );
}

#[test]
fn path_length_zero_forbids_a_second_intermediate() {
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca("Edge Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let root_issuer = Issuer::new(root_params, &root_key);
    let mut a = ca("Intermediate A");
    a.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    let a_key = KeyPair::generate().unwrap();
    let a_cert = a.signed_by(&a_key, &root_issuer).unwrap();
    let a_issuer = Issuer::new(a, &a_key);
    let b = ca("Intermediate B");
    let b_key = KeyPair::generate().unwrap();
    let b_cert = b.signed_by(&b_key, &a_issuer).unwrap();
    let b_issuer = Issuer::new(b, &b_key);
    let leaf_key = KeyPair::generate().unwrap();
    let leaf_cert = leaf(&["www.example.com"])
        .signed_by(&leaf_key, &b_issuer)
        .unwrap();
    let insp = inspect(
        vec![
            decode(leaf_cert.der()),
            decode(b_cert.der()),
            decode(a_cert.der()),
        ],
        vec![],
        &[store(vec![decode(root.der())])],
        at(MID_2024),
        Some("www.example.com"),
    );
    assert!(!insp.all_trusted());
    assert!(explain(&insp).contains("pathlen:0"), "{}", explain(&insp));
}

#[test]
fn a_self_signed_leaf_is_trusted_only_when_it_is_itself_in_the_store() {
    let key = KeyPair::generate().unwrap();
    let mut params = leaf(&["device.local"]);
    params.use_authority_key_identifier_extension = false;
    let cert = decode(params.self_signed(&key).unwrap().der());
    let insp = inspect(
        vec![cert.clone()],
        vec![],
        &[TrustStore::mozilla()],
        at(MID_2024),
        Some("device.local"),
    );
    assert!(!insp.all_trusted());
    assert!(
        words::verdict(&insp, &insp.verdicts[0]).contains("self-signed"),
        "{}",
        words::verdict(&insp, &insp.verdicts[0])
    );
    let insp = inspect(
        vec![cert.clone()],
        vec![],
        &[store(vec![cert])],
        at(MID_2024),
        Some("device.local"),
    );
    assert!(insp.all_trusted(), "{}", explain(&insp));
}

#[test]
fn a_hundred_certificates_with_one_subject_end_quickly_and_untrusted() {
    // Each certificate is issued by the next under the same name but a new key: a search
    // without bounds would try every ordering.
    let mut certs = Vec::new();
    let mut params_and_keys = Vec::new();
    for _ in 0..100 {
        params_and_keys.push((ca("Same Name"), KeyPair::generate().unwrap()));
    }
    for i in 0..100 {
        let (params, key) = &params_and_keys[i];
        let (next_params, next_key) = &params_and_keys[(i + 1) % 100];
        let issuer = Issuer::new(next_params.clone(), next_key);
        certs.push(decode(params.signed_by(key, &issuer).unwrap().der()));
    }
    let mut chain = vec![decode(
        leaf(&["www.example.com"])
            .signed_by(
                &KeyPair::generate().unwrap(),
                &Issuer::new(params_and_keys[0].0.clone(), &params_and_keys[0].1),
            )
            .unwrap()
            .der(),
    )];
    chain.extend(certs);
    let insp = inspect(chain, vec![], &[TrustStore::mozilla()], at(MID_2024), None);
    assert!(!insp.all_trusted());
    // The search stopped at its budget, and says so.
    let verdict = &insp.verdicts[0];
    assert!(verdict.search_exhausted, "{}", explain(&insp));
    assert_eq!(
        verdict.failure.as_ref().map(|f| f.code()),
        Some("search_budget_exhausted"),
        "{}",
        explain(&insp)
    );
}

#[test]
fn wrong_key_signature_fails_the_link() {
    let (mut certs, store) = chain(ca("Edge Intermediate"), leaf(&["www.example.com"]));
    // Replace the intermediate by another with the same name but a different key.
    let other = ca("Edge Intermediate")
        .self_signed(&KeyPair::generate().unwrap())
        .unwrap();
    certs[1] = decode(other.der());
    let insp = inspect(
        certs,
        vec![],
        &[store],
        at(MID_2024),
        Some("www.example.com"),
    );
    assert!(!insp.all_trusted());
    let sig = check_of(&insp, CheckName::Signature);
    assert!(
        sig.iter()
            .any(|(s, r)| *s == CheckStatus::Fail && r.contains("does not verify")),
        "{sig:?}"
    );
}
