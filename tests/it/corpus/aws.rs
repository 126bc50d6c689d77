//! The real AWS IoT Core chain and the Amazon Trust Services test hierarchy.

use crate::common;

use crate::common::corpus::{at, certs, explain, inspect, store};
use chainlens::model::CertId;
use chainlens::report::words;
use chainlens::verify::TrustStore;

const LEAF: &str = "aws-iot-us-east-1/leaf-star.iot.us-east-1.amazonaws.com.pem";
const INTER: &str = "aws-iot-us-east-1/intermediate-Amazon-Server-CA-1B.pem";
const HOST: &str = "a1pmmrdn6yc5il-ats.iot.us-east-1.amazonaws.com";

fn iot_chain() -> Vec<chainlens::model::Certificate> {
    let mut chain = certs(LEAF);
    chain.extend(certs(INTER));
    chain
}

#[test]
fn trusted_in_2023_by_every_store_that_has_amazon_root_ca_1() {
    let stores = [
        store("Amazon Root CA 1", &["aws-roots/Amazon_Root_CA_1.pem"]),
        TrustStore::aws_iot(),
        TrustStore::mozilla(),
    ];
    let insp = inspect(
        iot_chain(),
        vec![],
        &stores,
        at("2023-01-01T00:00:00Z"),
        Some(HOST),
    );
    assert!(insp.all_trusted(), "{}", explain(&insp));
    for v in &insp.verdicts {
        assert!(
            words::verdict(&insp, v).contains("Amazon Root CA 1"),
            "{}",
            words::verdict(&insp, v)
        );
    }
    // Leaf → intermediate → root: every link passes or warns, none fails.
    let path = &insp.verdicts[0].paths[0];
    assert_eq!(path.certificates.len(), 2);
    for &l in &path.links {
        assert!(insp.links[l].status <= chainlens::model::CheckStatus::Warn);
    }
}

#[test]
fn wrong_region_host_is_a_host_name_mismatch() {
    let stores = [TrustStore::aws_iot()];
    let insp = inspect(
        iot_chain(),
        vec![],
        &stores,
        at("2023-01-01T00:00:00Z"),
        Some("a1pmmrdn6yc5il-ats.iot.eu-west-1.amazonaws.com"),
    );
    assert!(!insp.all_trusted());
    let reason = &words::verdict(&insp, &insp.verdicts[0]);
    assert!(reason.contains("host name"), "{reason}");
    assert!(reason.contains("eu-west-1"), "{reason}");
}

#[test]
fn amazon_root_ca_3_alone_has_no_path() {
    let stores = [store(
        "Amazon Root CA 3",
        &["aws-roots/Amazon_Root_CA_3.pem"],
    )];
    let insp = inspect(
        iot_chain(),
        vec![],
        &stores,
        at("2023-01-01T00:00:00Z"),
        Some(HOST),
    );
    let v = &insp.verdicts[0];
    assert!(!v.trusted);
    assert!(v.paths.is_empty());
    assert!(
        words::verdict(&insp, v).contains("no path to a trusted root"),
        "{}",
        words::verdict(&insp, v)
    );
    assert!(
        words::verdict(&insp, v).contains("Amazon Root CA 1"),
        "{}",
        words::verdict(&insp, v)
    );
}

#[test]
fn now_both_leaf_and_intermediate_have_expired() {
    let stores = [TrustStore::aws_iot()];
    let insp = inspect(
        iot_chain(),
        vec![],
        &stores,
        at("2026-11-28T00:00:00Z"),
        Some(HOST),
    );
    let v = &insp.verdicts[0];
    assert!(!v.trusted);
    let problems = chainlens::report::words::path_problems(&insp, &v.paths[0]);
    let expired: Vec<_> = problems.iter().filter(|p| p.contains("expired")).collect();
    assert_eq!(expired.len(), 2, "{problems:?}");
    assert!(expired[0].contains("2023-08-14"), "{problems:?}");
    assert!(expired[1].contains("2025-10-19"), "{problems:?}");
    assert!(
        words::verdict(&insp, v).contains("expired 2023-08-14"),
        "{}",
        words::verdict(&insp, v)
    );
    assert!(
        words::verdict(&insp, v).contains("and 1 more problem"),
        "{}",
        words::verdict(&insp, v)
    );
    // Two red links.
    let red = v.paths[0]
        .links
        .iter()
        .filter(|&&l| insp.links[l].status == chainlens::model::CheckStatus::Fail)
        .count();
    assert_eq!(red, 2);
}

#[test]
fn the_unrelated_cross_sign_is_reported_not_used() {
    let mut chain = iot_chain();
    chain.extend(certs(
        "aws-iot-us-east-1/cross-Starfield-Services-Root-G2-by-Starfield-Class2.pem",
    ));
    let insp = inspect(
        chain,
        vec![],
        &[TrustStore::aws_iot()],
        at("2023-01-01T00:00:00Z"),
        Some(HOST),
    );
    assert!(insp.all_trusted(), "{}", explain(&insp));
    assert!(
        insp.findings
            .iter()
            .any(|f| f.kind == chainlens::model::FindingKind::Unrelated),
        "{:?}",
        insp.findings
    );
}

#[test]
fn reversed_order_is_a_finding_and_still_verifies() {
    let mut chain = certs(INTER);
    chain.extend(certs(LEAF));
    let insp = inspect(
        chain,
        vec![],
        &[TrustStore::aws_iot()],
        at("2023-01-01T00:00:00Z"),
        Some(HOST),
    );
    assert!(insp.all_trusted(), "{}", explain(&insp));
    assert_eq!(insp.role(CertId::new(1)), chainlens::model::CertRole::Leaf);
    assert!(
        insp.findings
            .iter()
            .any(|f| f.kind == chainlens::model::FindingKind::WrongOrder)
    );
}

fn amazon_all() -> (Vec<chainlens::model::Certificate>, TrustStore) {
    let dir = common::corpus::data("rustls-webpki-amazon");
    let mut inters = Vec::new();
    let mut roots = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".cer") || name.contains("demo.amazontrust.com") {
            continue;
        }
        let c = chainlens::ingest::load_file(&path).unwrap().certificates;
        if name.starts_with("AmazonRootCA") || name.starts_with("SFSRootCAG2") {
            roots.extend(c);
        } else {
            inters.extend(c);
        }
    }
    let store = TrustStore::from_certificates(
        "Amazon roots".into(),
        chainlens::verify::StoreKind::AwsIot,
        roots,
    )
    .unwrap();
    (inters, store)
}

#[test]
fn amazon_trust_services_demo_leaves() {
    let (inters, store) = amazon_all();
    let stores = [store];
    let time = at("2025-02-23T10:02:16Z");
    for n in 1..=4 {
        for (kind, expect) in [("valid", true), ("revoked", true), ("expired", false)] {
            let host = format!("{kind}.rootca{n}.demo.amazontrust.com");
            let leaf = certs(&format!("rustls-webpki-amazon/{host}.cer"));
            let insp = inspect(leaf, inters.clone(), &stores, time, Some(&host));
            assert_eq!(insp.all_trusted(), expect, "{host}\n{}", explain(&insp));
            if !expect {
                assert!(
                    words::verdict(&insp, &insp.verdicts[0]).contains("expired"),
                    "{}",
                    words::verdict(&insp, &insp.verdicts[0])
                );
            }
        }
    }
}

#[test]
fn cross_signed_amazon_roots_give_two_valid_paths() {
    let (inters, store) = amazon_all();
    let host = "valid.rootca1.demo.amazontrust.com";
    let leaf = certs(&format!("rustls-webpki-amazon/{host}.cer"));
    let insp = inspect(
        leaf,
        inters,
        &[store],
        at("2025-02-23T10:02:16Z"),
        Some(host),
    );
    let v = &insp.verdicts[0];
    assert!(v.trusted, "{}", explain(&insp));
    let anchors: std::collections::BTreeSet<String> = v
        .paths
        .iter()
        .filter(|p| p.valid)
        .map(|p| insp.anchor(p.anchor).unwrap().subject.display_label())
        .collect();
    assert_eq!(anchors.len(), 2, "{anchors:?}\n{}", explain(&insp));
}

#[test]
fn legacy_store_holds_only_the_verisign_g5_root() {
    let legacy = TrustStore::aws_iot_legacy();
    assert_eq!(legacy.name, "AWS IoT legacy (VeriSign G5)");
    assert_eq!(legacy.kind, chainlens::verify::StoreKind::AwsIotLegacy);
    assert_eq!(legacy.anchors.len(), 1);
    let anchor = &legacy.anchors[0];
    assert!(
        anchor
            .subject
            .one_line
            .contains("VeriSign Class 3 Public Primary Certification Authority - G5"),
        "{}",
        anchor.subject.one_line
    );
    // The same certificate as the corpus copy of the root.
    let corpus =
        certs("aws-roots/VeriSign_Class_3_Public_Primary_Certification_Authority_-_G5.pem");
    let bundled = anchor
        .certificate
        .as_ref()
        .expect("the bundled root certificate");
    assert_eq!(bundled.der, corpus[0].der);
    // Today's ATS chain does not chain to it: only the Amazon roots make it trusted.
    let insp = inspect(
        iot_chain(),
        vec![],
        &[legacy, TrustStore::aws_iot()],
        at("2023-01-01T00:00:00Z"),
        Some(HOST),
    );
    assert!(!insp.verdicts[0].trusted, "{}", explain(&insp));
    assert!(insp.verdicts[1].trusted, "{}", explain(&insp));
}
