//! The two validation profiles, the ranked failure codes, trusted intermediates, max depth,
//! and the second opinion's classifications, on chains generated with rcgen.

use std::process::{Command, Output};

use crate::common::corpus::{at, explain};
use crate::common::generated::{ca, decode, leaf};
use chainlens::model::{
    Certificate, CheckStatus, FindingKind, Inspection, Policy, Profile, Purpose, Source, SourceKind,
};
use chainlens::report::words;
use chainlens::verify::{self, StoreKind, TrustStore};
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DnType, ExtendedKeyUsagePurpose,
    GeneralSubtree, IsCa, Issuer, KeyPair, KeyUsagePurpose, NameConstraints, date_time_ymd,
};

const MID_2024: &str = "2024-06-01T00:00:00Z";

/// A generated chain: root, intermediate and leaf, each decoded.
struct Chain {
    root: Certificate,
    inter: Certificate,
    leaf: Certificate,
}

fn build(inter: CertificateParams, inter_key: KeyPair, leaf_params: CertificateParams) -> Chain {
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca("Profile Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let root_issuer = Issuer::new(root_params, &root_key);
    let inter_cert = inter.signed_by(&inter_key, &root_issuer).unwrap();
    let inter_issuer = Issuer::new(inter, &inter_key);
    let leaf_cert = leaf_params
        .signed_by(&KeyPair::generate().unwrap(), &inter_issuer)
        .unwrap();
    Chain {
        root: decode(root.der()),
        inter: decode(inter_cert.der()),
        leaf: decode(leaf_cert.der()),
    }
}

fn chain(inter: CertificateParams, leaf_params: CertificateParams) -> Chain {
    build(inter, KeyPair::generate().unwrap(), leaf_params)
}

fn store(name: &str, certs: Vec<Certificate>) -> TrustStore {
    TrustStore::from_certificates(name.into(), StoreKind::Mozilla, certs).unwrap()
}

fn run(
    certs: Vec<Certificate>,
    stores: &[TrustStore],
    host: Option<&str>,
    profile: Profile,
    max_depth: Option<usize>,
) -> Inspection {
    verify::inspect(
        verify::Input {
            source: Source::new(SourceKind::Paste, "test"),
            certificates: certs,
            untrusted: Vec::new(),
            load_notes: Vec::new(),
        },
        stores,
        &Policy {
            host: host.map(str::to_string),
            purpose: Purpose::Server,
            profile,
            max_depth,
            ..Policy::at(at(MID_2024))
        },
    )
}

fn both(c: &Chain, host: &str) -> (Inspection, Inspection) {
    let certs = vec![c.leaf.clone(), c.inter.clone()];
    let stores = [store("roots", vec![c.root.clone()])];
    (
        run(certs.clone(), &stores, Some(host), Profile::WebPki, None),
        run(certs, &stores, Some(host), Profile::Rfc5280, None),
    )
}

fn code(insp: &Inspection) -> &'static str {
    insp.verdicts[0].failure.as_ref().map_or("ok", |f| f.code())
}

/// Every check code anywhere in the inspection, with its status.
fn codes(insp: &Inspection) -> Vec<(CheckStatus, &'static str)> {
    let link_checks = insp.links.iter().flat_map(|l| &l.checks);
    let path_checks = insp
        .verdicts
        .iter()
        .flat_map(|v| &v.paths)
        .flat_map(|p| &p.checks);
    link_checks
        .chain(path_checks)
        .filter(|c| c.failure.is_some())
        .map(|c| (c.status, c.code()))
        .collect()
}

/// The rule is a rejection under webpki and a warning naming it under rfc5280.
fn webpki_only(c: &Chain, host: &str, expected: &str) {
    let (web, rfc) = both(c, host);
    assert!(!web.all_trusted(), "{}", explain(&web));
    assert_eq!(code(&web), expected, "{}", explain(&web));
    assert!(rfc.all_trusted(), "{}", explain(&rfc));
    assert!(
        codes(&rfc).contains(&(CheckStatus::Warn, expected)),
        "{:?}",
        codes(&rfc)
    );
    assert_eq!(web.verdicts[0].profile, Profile::WebPki);
    assert_eq!(rfc.verdicts[0].profile, Profile::Rfc5280);
}

#[test]
fn a_leaf_without_eku_passes_rfc5280_and_fails_webpki() {
    let mut l = leaf(&["www.example.com"]);
    l.extended_key_usages.clear();
    webpki_only(
        &chain(ca("Inter"), l),
        "www.example.com",
        "missing_server_auth",
    );
}

#[test]
fn a_ca_certificate_as_the_leaf_passes_rfc5280_only() {
    let mut l = leaf(&["www.example.com"]);
    l.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    l.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyCertSign,
    ];
    webpki_only(&chain(ca("Inter"), l), "www.example.com", "ca_as_leaf");
}

#[test]
fn a_ca_without_key_usage_fails_webpki() {
    let mut inter = ca("No KU Inter");
    inter.key_usages.clear();
    webpki_only(
        &chain(inter, leaf(&["www.example.com"])),
        "www.example.com",
        "ca_without_key_usage",
    );
}

#[test]
fn a_ca_with_non_critical_basic_constraints_fails_webpki() {
    let mut inter = ca("Loose BC Inter");
    inter.is_ca = IsCa::NoCa;
    // basicConstraints { cA TRUE }, not critical.
    let mut bc =
        CustomExtension::from_oid_content(&[2, 5, 29, 19], vec![0x30, 0x03, 0x01, 0x01, 0xff]);
    bc.set_criticality(false);
    inter.custom_extensions.push(bc);
    webpki_only(
        &chain(inter, leaf(&["www.example.com"])),
        "www.example.com",
        "basic_constraints_not_critical",
    );
}

#[test]
fn a_critical_eku_in_a_subordinate_ca_fails_webpki() {
    let mut inter = ca("Critical EKU Inter");
    // extendedKeyUsage { serverAuth }, critical.
    let mut eku = CustomExtension::from_oid_content(
        &[2, 5, 29, 37],
        vec![
            0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01,
        ],
    );
    eku.set_criticality(true);
    inter.custom_extensions.push(eku);
    webpki_only(
        &chain(inter, leaf(&["www.example.com"])),
        "www.example.com",
        "critical_eku_in_ca",
    );
}

#[test]
fn an_ed25519_ca_fails_webpki() {
    let key = KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
    let c = build(ca("Ed25519 Inter"), key, leaf(&["www.example.com"]));
    let (web, rfc) = both(&c, "www.example.com");
    assert!(!web.all_trusted(), "{}", explain(&web));
    assert!(
        codes(&web).contains(&(CheckStatus::Fail, "ed25519_in_ca")),
        "{:?}",
        codes(&web)
    );
    assert!(
        codes(&rfc).contains(&(CheckStatus::Warn, "ed25519_in_ca")),
        "{:?}",
        codes(&rfc)
    );
}

#[test]
fn an_ed25519_leaf_fails_webpki_only() {
    // BR §6.1.5 allows RSA and ECDSA keys only; RFC 8410 makes Ed25519 an RFC 5280 key.
    let root_key = KeyPair::generate().unwrap();
    let root_params = ca("Profile Root");
    let root = root_params.self_signed(&root_key).unwrap();
    let inter_key = KeyPair::generate().unwrap();
    let inter_params = ca("Inter");
    let inter = inter_params
        .signed_by(&inter_key, &Issuer::new(root_params, &root_key))
        .unwrap();
    let leaf_key = KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
    let leaf_cert = leaf(&["www.example.com"])
        .signed_by(&leaf_key, &Issuer::new(inter_params, &inter_key))
        .unwrap();
    let c = Chain {
        root: decode(root.der()),
        inter: decode(inter.der()),
        leaf: decode(leaf_cert.der()),
    };
    webpki_only(&c, "www.example.com", "key_algorithm_outside_web_pki");
}

#[test]
fn a_root_whose_aki_names_an_issuer_or_serial_fails_webpki_only() {
    // x509-limbo's webpki::aki::root-with-aki-authoritycertissuer and
    // -authoritycertserialnumber: BR §7.1.2.1.3 allows only keyIdentifier in a root's AKI.
    let cert_issuer = [
        0x30, 0x12, 0xa1, 0x10, 0xa4, 0x0e, 0x30, 0x0c, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55,
        0x04, 0x03, 0x0c, 0x01, 0x58,
    ];
    let cert_serial = [0x30, 0x03, 0x82, 0x01, 0x01];
    for aki in [&cert_issuer[..], &cert_serial[..]] {
        let root_key = KeyPair::generate().unwrap();
        let mut root_params = ca("AKI Root");
        root_params.use_authority_key_identifier_extension = false;
        root_params.custom_extensions = vec![CustomExtension::from_oid_content(
            &[2, 5, 29, 35],
            aki.to_vec(),
        )];
        let root = root_params.self_signed(&root_key).unwrap();
        let inter_key = KeyPair::generate().unwrap();
        let inter_params = ca("Inter");
        let inter = inter_params
            .signed_by(&inter_key, &Issuer::new(root_params, &root_key))
            .unwrap();
        let leaf_cert = leaf(&["www.example.com"])
            .signed_by(
                &KeyPair::generate().unwrap(),
                &Issuer::new(inter_params, &inter_key),
            )
            .unwrap();
        let c = Chain {
            root: decode(root.der()),
            inter: decode(inter.der()),
            leaf: decode(leaf_cert.der()),
        };
        let (web, rfc) = both(&c, "www.example.com");
        assert!(!web.all_trusted(), "{}", explain(&web));
        assert!(
            codes(&web).contains(&(CheckStatus::Fail, "aki_issuer_serial")),
            "{:?}",
            codes(&web)
        );
        assert!(rfc.all_trusted(), "{}", explain(&rfc));
        assert!(
            codes(&rfc).contains(&(CheckStatus::Warn, "aki_issuer_serial")),
            "{:?}",
            codes(&rfc)
        );
    }
}

#[test]
fn the_common_name_must_copy_a_san_under_webpki() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "notinsan.example.com",
            &["valid.example.com", "another.example.com"],
            "valid.example.com",
        ),
        ("Example.COM", &["example.com"], "example.com"),
        ("xn--nxasmq6b.com", &["xn--n3h.com"], "xn--n3h.com"),
    ];
    for (cn, sans, host) in cases {
        let mut l = leaf(sans);
        l.distinguished_name = rcgen::DistinguishedName::new();
        l.distinguished_name.push(DnType::CommonName, *cn);
        webpki_only(&chain(ca("Inter"), l), host, "common_name_not_in_san");
    }
    // A copy, the domain of a wildcard, and a name that is no host name all pass.
    for (cn, sans, host) in [
        (
            "www.example.com",
            vec!["www.example.com"],
            "www.example.com",
        ),
        ("example.com", vec!["*.example.com"], "a.example.com"),
        (
            "My Device",
            vec!["device.example.com"],
            "device.example.com",
        ),
    ] {
        let mut l = leaf(&sans);
        l.distinguished_name = rcgen::DistinguishedName::new();
        l.distinguished_name.push(DnType::CommonName, cn);
        let (web, _) = both(&chain(ca("Inter"), l), host);
        assert!(web.all_trusted(), "{cn}: {}", explain(&web));
    }
}

#[test]
fn issuance_lints_warn_under_both_profiles_without_failing() {
    // A subordinate CA without EKU, and a leaf valid for two years.
    let mut l = leaf(&["www.example.com"]);
    l.not_before = date_time_ymd(2023, 1, 1);
    l.not_after = date_time_ymd(2025, 1, 1);
    let c = chain(ca("Old Style Inter"), l);
    let (web, rfc) = both(&c, "www.example.com");
    for insp in [&web, &rfc] {
        assert!(insp.all_trusted(), "{}", explain(insp));
        let found = codes(insp);
        assert!(
            found.contains(&(CheckStatus::Warn, "sub_ca_without_eku")),
            "{found:?}"
        );
        assert!(
            found.contains(&(CheckStatus::Warn, "validity_too_long")),
            "{found:?}"
        );
        // Lints do not colour the links.
        assert!(insp.links.iter().all(|l| l.status == CheckStatus::Pass));
    }
}

#[test]
fn a_store_holding_only_the_intermediate_trusts_the_chain() {
    let c = chain(ca("Trusted Inter"), leaf(&["www.example.com"]));
    let insp = run(
        vec![c.leaf.clone()],
        &[store("intermediate only", vec![c.inter.clone()])],
        Some("www.example.com"),
        Profile::WebPki,
        None,
    );
    assert!(insp.all_trusted(), "{}", explain(&insp));
    // Beside its root, both paths are found: ending at the intermediate, and on to the root.
    let insp = run(
        vec![c.leaf.clone()],
        &[store("both", vec![c.inter.clone(), c.root.clone()])],
        Some("www.example.com"),
        Profile::WebPki,
        None,
    );
    assert!(insp.all_trusted(), "{}", explain(&insp));
    let valid: Vec<usize> = insp.verdicts[0]
        .paths
        .iter()
        .filter(|p| p.valid)
        .map(|p| p.certificates.len())
        .collect();
    assert!(
        valid.contains(&1) && valid.contains(&2),
        "{valid:?}\n{}",
        explain(&insp)
    );
}

#[test]
fn max_depth_counts_intermediates_and_fails_with_its_own_code() {
    let c = chain(ca("Only Inter"), leaf(&["www.example.com"]));
    let certs = vec![c.leaf.clone(), c.inter.clone()];
    let stores = [store("roots", vec![c.root.clone()])];
    let ok = run(certs.clone(), &stores, None, Profile::WebPki, Some(1));
    assert!(ok.all_trusted(), "{}", explain(&ok));
    let deep = run(certs, &stores, None, Profile::WebPki, Some(0));
    assert!(!deep.all_trusted());
    assert_eq!(code(&deep), "max_depth_exceeded", "{}", explain(&deep));
}

#[test]
fn a_root_without_basic_constraints_is_one_problem_listed_once() {
    let root_key = KeyPair::generate().unwrap();
    let mut root_params = ca("No BC Root");
    root_params.is_ca = IsCa::NoCa;
    let root = root_params.self_signed(&root_key).unwrap();
    let issuer = Issuer::new(root_params, &root_key);
    let l = leaf(&["www.example.com"])
        .signed_by(&KeyPair::generate().unwrap(), &issuer)
        .unwrap();
    let insp = run(
        vec![decode(l.der())],
        &[store("roots", vec![decode(root.der())])],
        Some("www.example.com"),
        Profile::WebPki,
        None,
    );
    assert!(!insp.all_trusted());
    assert_eq!(code(&insp), "issuer_not_ca", "{}", explain(&insp));
    let problems = chainlens::report::words::path_problems(&insp, &insp.verdicts[0].paths[0]);
    let not_ca = problems
        .iter()
        .filter(|p| p.contains("no basicConstraints"))
        .count();
    assert_eq!(not_ca, 1, "{problems:#?}");
    let mut unique = problems.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), problems.len(), "{problems:#?}");
}

#[test]
fn a_root_with_a_bad_self_signature_is_named_so_with_or_without_aki() {
    for with_aki in [true, false] {
        let root_key = KeyPair::generate().unwrap();
        let mut root_params = ca("Broken Root");
        root_params.use_authority_key_identifier_extension = with_aki;
        let root = root_params.self_signed(&root_key).unwrap();
        let issuer = Issuer::new(root_params, &root_key);
        let l = leaf(&["www.example.com"])
            .signed_by(&KeyPair::generate().unwrap(), &issuer)
            .unwrap();
        // Flip the last byte of the root's signature.
        let mut der = root.der().to_vec();
        if let Some(last) = der.last_mut() {
            *last ^= 0x01;
        }
        let insp = run(
            vec![decode(l.der())],
            &[store("roots", vec![decode(&der)])],
            Some("www.example.com"),
            Profile::WebPki,
            None,
        );
        assert!(!insp.all_trusted(), "{}", explain(&insp));
        assert_eq!(
            code(&insp),
            "bad_self_signature",
            "aki={with_aki}: {}",
            explain(&insp)
        );
    }
}

#[test]
fn reasons_are_sentences_not_debug_dumps() {
    let mut l = leaf(&["www.example.com"]);
    l.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let (web, rfc) = both(&chain(ca("Inter"), l), "www.example.com");
    for insp in [&web, &rfc] {
        assert!(!insp.all_trusted());
        assert_eq!(code(insp), "required_eku_not_found", "{}", explain(insp));
        let text = chainlens::report::text::inspection_text(insp);
        assert!(!text.contains("Context("), "{text}");
        assert!(!text.contains("{ "), "{text}");
    }
}

/// Directory-name constraints: rustls-webpki rejects them fail-closed, so a permitted name
/// is a note and chainlens decides; an excluded one is rejected by chainlens itself.
#[test]
fn directory_name_constraints_are_decided_by_chainlens_both_ways() {
    // rcgen tags directoryName subtrees implicitly; the constraint is written by hand:
    // NameConstraints { permittedSubtrees [0] { GeneralSubtree { [4] EXPLICIT Name } } }.
    let constrained = |permitted: &str| {
        let mut inter = ca("DirName Inter");
        let atv = der(
            0x30,
            &[
                der(0x06, &[vec![0x55, 0x04, 0x0a]]),
                der(0x0c, &[permitted.as_bytes().to_vec()]),
            ],
        );
        let name = der(0x30, &[der(0x31, &[atv])]);
        let subtree = der(0x30, &[der(0xa4, &[name])]);
        let value = der(0x30, &[der(0xa0, &[subtree])]);
        let mut ext = CustomExtension::from_oid_content(&[2, 5, 29, 30], value);
        ext.set_criticality(true);
        inter.custom_extensions.push(ext);
        inter
    };
    let leaf_in = |org: &str| {
        let mut l = leaf(&["www.example.com"]);
        l.distinguished_name = rcgen::DistinguishedName::new();
        l.distinguished_name.push(DnType::OrganizationName, org);
        l.distinguished_name
            .push(DnType::CommonName, "www.example.com");
        l
    };
    // A comma inside the value must not split the name.
    let c = chain(constrained("Example, Inc."), leaf_in("Example, Inc."));
    let (web, _) = both(&c, "www.example.com");
    assert!(web.all_trusted(), "{}", explain(&web));
    assert!(
        web.verdicts[0]
            .notes
            .iter()
            .any(|n| words::note(n).contains("directoryName")),
        "{:?}",
        web.verdicts[0].notes
    );
    let c = chain(constrained("Example, Inc."), leaf_in("Example"));
    let (web, rfc) = both(&c, "www.example.com");
    for insp in [&web, &rfc] {
        assert!(!insp.all_trusted(), "{}", explain(insp));
        assert_eq!(code(insp), "name_constraint_violation", "{}", explain(insp));
    }
}

#[test]
fn a_complete_chain_sent_without_its_root_has_no_warning() {
    let c = chain(ca("Inter"), leaf(&["www.example.com"]));
    let insp = run(
        vec![c.leaf.clone(), c.inter.clone()],
        &[store("roots", vec![c.root.clone()])],
        Some("www.example.com"),
        Profile::WebPki,
        None,
    );
    assert!(insp.all_trusted());
    assert!(
        insp.findings
            .iter()
            .all(|f| f.severity != CheckStatus::Warn),
        "{:?}",
        insp.findings
    );
    assert!(
        insp.findings
            .iter()
            .any(|f| f.kind == FindingKind::RootNotSent)
    );
    // A missing intermediate stays a warning.
    let insp = run(
        vec![c.leaf.clone()],
        &[store("roots", vec![c.root.clone()])],
        None,
        Profile::WebPki,
        None,
    );
    assert!(
        insp.findings
            .iter()
            .any(|f| f.kind == FindingKind::MissingIssuer && f.severity == CheckStatus::Warn),
        "{:?}",
        insp.findings
    );
}

/// A short DER element: tag, length (< 128) and the concatenated parts.
fn der(tag: u8, parts: &[Vec<u8>]) -> Vec<u8> {
    let body: Vec<u8> = parts.concat();
    let mut out = vec![tag, u8::try_from(body.len()).unwrap()];
    out.extend(body);
    out
}

#[test]
fn a_name_constraint_that_does_not_decode_fails_closed() {
    let mut inter = ca("Bad NC Inter");
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(DnType::OrganizationName, "Example");
    // rcgen writes this directoryName subtree with an implicit tag: it does not decode.
    inter.name_constraints = Some(NameConstraints {
        permitted_subtrees: vec![GeneralSubtree::DirectoryName(dn)],
        excluded_subtrees: vec![],
    });
    let (web, rfc) = both(&chain(inter, leaf(&["www.example.com"])), "www.example.com");
    for insp in [&web, &rfc] {
        assert!(!insp.all_trusted(), "{}", explain(insp));
        assert_eq!(
            code(insp),
            "name_constraints_malformed",
            "{}",
            explain(insp)
        );
    }
}

fn chainlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainlens"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_cli_takes_profile_and_names_it_and_its_code() {
    let mut l = leaf(&["www.example.com"]);
    l.extended_key_usages.clear();
    let c = chain(ca("Inter"), l);
    let dir = tempfile::tempdir().unwrap();
    let leaf_pem = dir.path().join("leaf.pem");
    let root_pem = dir.path().join("root.pem");
    std::fs::write(
        &leaf_pem,
        format!("{}{}", c.leaf.to_pem(), c.inter.to_pem()),
    )
    .unwrap();
    std::fs::write(&root_pem, c.root.to_pem()).unwrap();
    let args = |profile: &'static str| {
        vec![
            "verify".to_string(),
            leaf_pem.display().to_string(),
            "--trust".into(),
            root_pem.display().to_string(),
            "--at".into(),
            "2024-06-01".into(),
            "--profile".into(),
            profile.into(),
        ]
    };
    let run_cli = |profile| {
        let a = args(profile);
        chainlens(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let out = run_cli("rfc5280");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("rfc5280 profile"));
    let out = run_cli("webpki");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("[missing_server_auth]"), "{err}");
    assert!(err.contains("webpki profile"), "{err}");
}

#[test]
fn the_sample_verdict_code_is_expired() {
    let out = chainlens(&["inspect", "sample", "--trust-store", "aws-iot", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let verdict = &json["verdicts"][0];
    assert_eq!(verdict["code"], "expired", "{verdict}");
    assert_eq!(verdict["profile"], "webpki");
    assert_eq!(verdict["trusted"], false);
    // Every check carries a code.
    for link in json["links"].as_array().unwrap() {
        for check in link["checks"].as_array().unwrap() {
            assert!(check["code"].is_string(), "{check}");
        }
    }
}

/// A key rollover: the new key's certificate is self-issued under the old key. A leaf under
/// the new key is trusted through it (whatever rustls-webpki makes of self-issued
/// intermediates), and a leaf signed by neither key is not.
#[test]
fn a_self_issued_rollover_intermediate_is_decided_both_ways() {
    let old_key = KeyPair::generate().unwrap();
    let old_params = ca("Rollover CA");
    let root = old_params.self_signed(&old_key).unwrap();
    let new_key = KeyPair::generate().unwrap();
    let new_params = ca("Rollover CA");
    let new_with_old = new_params
        .signed_by(&new_key, &Issuer::new(old_params, &old_key))
        .unwrap();
    let stores = [store("old root", vec![decode(root.der())])];

    let good = leaf(&["www.example.com"])
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::new(new_params.clone(), &new_key),
        )
        .unwrap();
    let insp = run(
        vec![decode(good.der()), decode(new_with_old.der())],
        &stores,
        Some("www.example.com"),
        Profile::WebPki,
        None,
    );
    assert!(insp.all_trusted(), "{}", explain(&insp));

    let stranger = KeyPair::generate().unwrap();
    let bad = leaf(&["www.example.com"])
        .signed_by(
            &KeyPair::generate().unwrap(),
            &Issuer::new(new_params, &stranger),
        )
        .unwrap();
    let insp = run(
        vec![decode(bad.der()), decode(new_with_old.der())],
        &stores,
        Some("www.example.com"),
        Profile::WebPki,
        None,
    );
    assert!(!insp.all_trusted(), "{}", explain(&insp));
    assert_eq!(code(&insp), "bad_signature", "{}", explain(&insp));
}
